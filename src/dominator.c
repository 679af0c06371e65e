/*
 * dominator.c - Lengauer-Tarjan dominators without recursion (see
 * dominator.h).
 *
 * The nodes are renumbered in depth-first preorder first, so that the
 * algorithm's arrays are indexed by preorder number and a node's number is
 * smaller than those of the nodes it dominates.  The depth-first search and
 * the path compression of EVAL use explicit stacks instead of recursion:
 * heap graphs have pointer chains (linked lists) millions of nodes long.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dominator.h"
#include "xmalloc.h"

/* Preorder numbering of the nodes reachable from entry: num (node ->
 * number), vertex (number -> node) and parent (numbers). */
static uint32_t
dfs(uint32_t n, uint32_t entry, const size_t *start, const uint32_t *dst,
    uint32_t *num, uint32_t *vertex, uint32_t *parent)
{
	uint32_t *stack = xcalloc(n ? n : 1, sizeof *stack);
	size_t *pos = xcalloc(n ? n : 1, sizeof *pos);
	uint32_t sp = 0, k = 0, i;

	for (i = 0; i < n; i++)
		num[i] = DOM_NONE;
	num[entry] = k;
	vertex[k] = entry;
	parent[k++] = DOM_NONE;
	stack[sp] = entry;
	pos[sp++] = start[entry];
	while (sp > 0) {
		uint32_t v = stack[sp - 1];

		if (pos[sp - 1] < start[v + 1]) {
			uint32_t w = dst[pos[sp - 1]++];

			if (num[w] != DOM_NONE)
				continue;
			num[w] = k;
			vertex[k] = w;
			parent[k++] = num[v];
			stack[sp] = w;
			pos[sp++] = start[w];
		} else
			sp--;
	}
	free(stack);
	free(pos);
	return k;
}

/* The state of the Lengauer-Tarjan forest, indexed by preorder number. */
struct lt {
	uint32_t *semi, *label, *ancestor, *stack;
};

/* Path compression of v's path in the forest, without recursion. */
static void
compress(struct lt *t, uint32_t v)
{
	uint32_t sp = 0, u = v;

	while (t->ancestor[t->ancestor[u]] != DOM_NONE) {
		t->stack[sp++] = u;
		u = t->ancestor[u];
	}
	while (sp > 0) {
		uint32_t x = t->stack[--sp], a = t->ancestor[x];

		if (t->semi[t->label[a]] < t->semi[t->label[x]])
			t->label[x] = t->label[a];
		t->ancestor[x] = t->ancestor[a];
	}
}

/* EVAL: the ancestor of v in the forest with the smallest semidominator. */
static uint32_t
eval(struct lt *t, uint32_t v)
{
	if (t->ancestor[v] == DOM_NONE)
		return v;
	compress(t, v);
	return t->label[v];
}

struct domtree *
dom_compute(uint32_t n, uint32_t entry, const size_t *start,
    const uint32_t *dst)
{
	struct domtree *d = xcalloc(1, sizeof *d);
	uint32_t *num = xcalloc(n ? n : 1, sizeof *num);
	uint32_t *parent = xcalloc(n ? n : 1, sizeof *parent);
	uint32_t *idom = xcalloc(n ? n : 1, sizeof *idom);
	uint32_t *bhead, *bnext, *pred, N, v, w, i;
	size_t *pstart, e;
	struct lt t;

	d->n = n;
	d->preorder = xcalloc(n ? n : 1, sizeof *d->preorder);
	d->idom = xcalloc(n ? n : 1, sizeof *d->idom);
	N = d->nreached = dfs(n, entry, start, dst, num, d->preorder, parent);

	/* Predecessors, in preorder numbers. */
	pstart = xcalloc((size_t)N + 1, sizeof *pstart);
	for (v = 0; v < n; v++) {
		if (num[v] == DOM_NONE)
			continue;
		for (e = start[v]; e < start[v + 1]; e++)
			if (num[dst[e]] != DOM_NONE)
				pstart[num[dst[e]] + 1]++;
	}
	for (i = 0; i < N; i++)
		pstart[i + 1] += pstart[i];
	pred = xcalloc(pstart[N] ? pstart[N] : 1, sizeof *pred);
	{
		size_t *fill = xcalloc((size_t)N + 1, sizeof *fill);

		memcpy(fill, pstart, ((size_t)N + 1) * sizeof *fill);
		for (v = 0; v < n; v++) {
			if (num[v] == DOM_NONE)
				continue;
			for (e = start[v]; e < start[v + 1]; e++)
				if (num[dst[e]] != DOM_NONE)
					pred[fill[num[dst[e]]]++] = num[v];
		}
		free(fill);
	}

	t.semi = xcalloc(N ? N : 1, sizeof *t.semi);
	t.label = xcalloc(N ? N : 1, sizeof *t.label);
	t.ancestor = xcalloc(N ? N : 1, sizeof *t.ancestor);
	t.stack = xcalloc(N ? N : 1, sizeof *t.stack);
	bhead = xcalloc(N ? N : 1, sizeof *bhead);
	bnext = xcalloc(N ? N : 1, sizeof *bnext);
	for (i = 0; i < N; i++) {
		t.semi[i] = t.label[i] = i;
		t.ancestor[i] = bhead[i] = DOM_NONE;
	}
	for (w = N - 1; w >= 1 && w < N; w--) {
		uint32_t p = parent[w];

		for (e = pstart[w]; e < pstart[w + 1]; e++) {
			uint32_t u = eval(&t, pred[e]);

			if (t.semi[u] < t.semi[w])
				t.semi[w] = t.semi[u];
		}
		bnext[w] = bhead[t.semi[w]];
		bhead[t.semi[w]] = w;
		t.ancestor[w] = p;
		for (v = bhead[p]; v != DOM_NONE; v = bnext[v]) {
			uint32_t u = eval(&t, v);

			idom[v] = t.semi[u] < t.semi[v] ? u : p;
		}
		bhead[p] = DOM_NONE;
	}
	for (w = 1; w < N; w++)
		if (idom[w] != t.semi[w])
			idom[w] = idom[idom[w]];
	idom[0] = 0;

	for (v = 0; v < n; v++)
		d->idom[v] = DOM_NONE;
	for (w = 0; w < N; w++)
		d->idom[d->preorder[w]] = d->preorder[idom[w]];

	free(t.semi);
	free(t.label);
	free(t.ancestor);
	free(t.stack);
	free(bhead);
	free(bnext);
	free(pred);
	free(pstart);
	free(num);
	free(parent);
	free(idom);
	return d;
}

void
dom_free(struct domtree *d)
{
	if (d == NULL)
		return;
	free(d->idom);
	free(d->preorder);
	free(d);
}

void
dom_retained(const struct domtree *d, const uint64_t *weight, uint64_t *out)
{
	uint32_t i;

	for (i = 0; i < d->n; i++)
		out[i] = d->idom[i] == DOM_NONE ? 0 : weight[i];
	for (i = d->nreached; i-- > 1;) {
		uint32_t v = d->preorder[i];

		out[d->idom[v]] += out[v];
	}
}

size_t
dom_mark(const size_t *start, const uint32_t *dst, uint32_t v,
    uint8_t *mark, uint32_t *stack)
{
	size_t sp = 0, marked = 0, e;

	if (mark[v])
		return 0;
	mark[v] = 1;
	stack[sp++] = v;
	marked++;
	while (sp > 0) {
		uint32_t u = stack[--sp];

		for (e = start[u]; e < start[u + 1]; e++) {
			uint32_t w = dst[e];

			if (!mark[w]) {
				mark[w] = 1;
				stack[sp++] = w;
				marked++;
			}
		}
	}
	return marked;
}
