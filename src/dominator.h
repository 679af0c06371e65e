/*
 * dominator.h - dominator trees of large graphs.
 *
 * A graph is n nodes with edges in CSR form: the successors of node v are
 * dst[start[v] .. start[v + 1]).  dom_compute finds the immediate dominator
 * of every node reachable from an entry node with the Lengauer-Tarjan
 * algorithm (the "simple" version with path compression, O(m log n)),
 * written without recursion so that graphs of millions of nodes and chains
 * millions deep need no stack.  Memory is a few arrays of n and m entries.
 */
#ifndef HEAPDIFF_DOMINATOR_H
#define HEAPDIFF_DOMINATOR_H

#include <stddef.h>
#include <stdint.h>

#define DOM_NONE UINT32_MAX

/* The result: idom[v] is v's immediate dominator (idom[entry] == entry),
 * DOM_NONE when v is not reachable from the entry; preorder lists the
 * reachable nodes in depth-first preorder (entry first), so every node
 * comes after its dominator. */
struct domtree {
	uint32_t n;
	uint32_t *idom;
	uint32_t *preorder;
	uint32_t nreached;
};

/* Compute the dominator tree of the graph from entry.  Caller frees with
 * dom_free. */
struct domtree *dom_compute(uint32_t n, uint32_t entry, const size_t *start,
    const uint32_t *dst);
void dom_free(struct domtree *);

/*
 * Retained weight: out[v] = the sum of weight[u] over every u that v
 * dominates (v included); 0 for unreachable nodes.
 */
void dom_retained(const struct domtree *, const uint64_t *weight,
    uint64_t *out);

/*
 * Mark v and every node reachable from it that is not marked yet
 * (mark[u] != 0) with 1.  Iterative: stack has room for n entries.
 * Returns how many nodes were newly marked.
 */
size_t dom_mark(const size_t *start, const uint32_t *dst, uint32_t v,
    uint8_t *mark, uint32_t *stack);

#endif
