/*
 * check_dominator.c - the Lengauer-Tarjan dominator tree against known
 * trees (the example of Lengauer and Tarjan's paper), against a naive
 * dominator computation on random graphs, and on a chain of a million
 * nodes (which a recursive implementation would not survive).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "check_heapdiff.h"
#include "dominator.h"
#include "xmalloc.h"

/* A graph under construction: edges as pairs, then CSR. */
struct g {
	uint32_t n;
	uint32_t *src, *dst;
	size_t ne, cap;
	size_t *start;
	uint32_t *adj;
};

static void
g_edge(struct g *g, uint32_t a, uint32_t b)
{
	if (g->ne == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 64;
		g->src = xreallocarray(g->src, g->cap, sizeof *g->src);
		g->dst = xreallocarray(g->dst, g->cap, sizeof *g->dst);
	}
	g->src[g->ne] = a;
	g->dst[g->ne++] = b;
}

static void
g_csr(struct g *g)
{
	size_t i, *fill;

	g->start = xcalloc(g->n + 1, sizeof *g->start);
	g->adj = xcalloc(g->ne + 1, sizeof *g->adj);
	for (i = 0; i < g->ne; i++)
		g->start[g->src[i] + 1]++;
	for (i = 0; i < g->n; i++)
		g->start[i + 1] += g->start[i];
	fill = xcalloc(g->n + 1, sizeof *fill);
	memcpy(fill, g->start, g->n * sizeof *fill);
	for (i = 0; i < g->ne; i++)
		g->adj[fill[g->src[i]]++] = g->dst[i];
	free(fill);
}

static void
g_free(struct g *g)
{
	free(g->src);
	free(g->dst);
	free(g->start);
	free(g->adj);
}

/*
 * Lengauer and Tarjan's example (TOPLAS 1979, figure 1): nodes R A B C D E
 * F G H I J K L = 0..12 and their immediate dominators.
 */
START_TEST(test_paper_example)
{
	enum { R, A, B, C, D, E, F, G, H, I, J, K, L, N };
	static const uint32_t edges[][2] = {
		{ R, A }, { R, B }, { R, C }, { A, D }, { B, A }, { B, D },
		{ B, E }, { C, F }, { C, G }, { D, L }, { E, H }, { F, I },
		{ G, I }, { G, J }, { H, E }, { H, K }, { I, K }, { J, I },
		{ K, I }, { K, R }, { L, H },
	};
	static const uint32_t want[N] = {
		R, R, R, R, R, R, C, C, R, R, G, R, D,
	};
	struct g g = { .n = N };
	struct domtree *d;
	size_t i;

	for (i = 0; i < sizeof edges / sizeof edges[0]; i++)
		g_edge(&g, edges[i][0], edges[i][1]);
	g_csr(&g);
	d = dom_compute(N, R, g.start, g.adj);
	ck_assert_uint_eq(d->nreached, N);
	for (i = 0; i < N; i++)
		ck_assert_msg(d->idom[i] == want[i], "idom(%zu) = %u, want %u",
		    i, d->idom[i], want[i]);
	dom_free(d);
	g_free(&g);
}
END_TEST

/* Unreachable nodes have no dominator and retain nothing; retained sums
 * subtrees. */
START_TEST(test_retained_and_unreachable)
{
	/* 0 -> 1 -> 2, 1 -> 3, 3 -> 2; 4 -> 2 (4 unreachable). */
	struct g g = { .n = 5 };
	uint64_t w[5] = { 0, 10, 20, 30, 40 }, out[5];
	struct domtree *d;

	g_edge(&g, 0, 1);
	g_edge(&g, 1, 2);
	g_edge(&g, 1, 3);
	g_edge(&g, 3, 2);
	g_edge(&g, 4, 2);
	g_csr(&g);
	d = dom_compute(5, 0, g.start, g.adj);
	ck_assert_uint_eq(d->nreached, 4);
	ck_assert_uint_eq(d->idom[2], 1);
	ck_assert_uint_eq(d->idom[3], 1);
	ck_assert_uint_eq(d->idom[4], DOM_NONE);
	dom_retained(d, w, out);
	ck_assert_uint_eq(out[0], 60);
	ck_assert_uint_eq(out[1], 60);
	ck_assert_uint_eq(out[2], 20);
	ck_assert_uint_eq(out[4], 0);
	dom_free(d);
	g_free(&g);
}
END_TEST

/* Naive dominators: dom(v) = {v} + intersection of dom(preds), iterated
 * to a fixed point over bit sets; idom = the dominator with the largest
 * dominator set other than v. */
static void
naive_idom(const struct g *g, uint32_t entry, uint32_t *idom)
{
	uint32_t n = g->n, v, u;
	size_t words = (n + 63) / 64, e;
	uint64_t *dom = xcalloc((size_t)n * words, sizeof *dom);
	uint8_t *reach = xcalloc(n, 1);
	uint32_t *stack = xcalloc(n, sizeof *stack);
	int changed = 1;

	dom_mark(g->start, g->adj, entry, reach, stack);
	for (v = 0; v < n; v++)
		memset(dom + (size_t)v * words, v == entry ? 0 : 0xff,
		    words * sizeof *dom);
	dom[(size_t)entry * words + entry / 64] |= 1ULL << (entry % 64);
	while (changed) {
		changed = 0;
		for (v = 0; v < n; v++) {
			uint64_t *nd = xcalloc(words, sizeof *nd);
			size_t k;

			if (!reach[v] || v == entry) {
				free(nd);
				continue;
			}
			memset(nd, 0xff, words * sizeof *nd);
			for (u = 0; u < n; u++) {
				if (!reach[u])
					continue;
				for (e = g->start[u]; e < g->start[u + 1]; e++)
					if (g->adj[e] == v)
						for (k = 0; k < words; k++)
							nd[k] &= dom[(size_t)u *
							    words + k];
			}
			nd[v / 64] |= 1ULL << (v % 64);
			if (memcmp(nd, dom + (size_t)v * words,
			    words * sizeof *nd) != 0) {
				memcpy(dom + (size_t)v * words, nd,
				    words * sizeof *nd);
				changed = 1;
			}
			free(nd);
		}
	}
	for (v = 0; v < n; v++) {
		uint32_t best = DOM_NONE, bestc = 0;

		if (!reach[v]) {
			idom[v] = DOM_NONE;
			continue;
		}
		if (v == entry) {
			idom[v] = entry;
			continue;
		}
		for (u = 0; u < n; u++) {
			uint32_t c = 0;
			size_t k;

			if (u == v || !(dom[(size_t)v * words + u / 64] &
			    (1ULL << (u % 64))))
				continue;
			for (k = 0; k < words; k++)
				c += (uint32_t)__builtin_popcountll(
				    dom[(size_t)u * words + k]);
			if (best == DOM_NONE || c > bestc) {
				best = u;
				bestc = c;
			}
		}
		idom[v] = best;
	}
	free(dom);
	free(reach);
	free(stack);
}

START_TEST(test_random_graphs_match_naive)
{
	unsigned seed = 12345u + (unsigned)_i;
	struct g g = { .n = 20 + (uint32_t)(_i % 40) };
	uint32_t *want = xcalloc(g.n, sizeof *want), v;
	size_t ne = g.n * (1 + (size_t)_i % 3), i;
	struct domtree *d;

	for (i = 0; i < ne; i++) {
		seed = seed * 1103515245u + 12345u;
		uint32_t a = (seed >> 8) % g.n;

		seed = seed * 1103515245u + 12345u;
		g_edge(&g, a, (seed >> 8) % g.n);
	}
	g_csr(&g);
	d = dom_compute(g.n, 0, g.start, g.adj);
	naive_idom(&g, 0, want);
	for (v = 0; v < g.n; v++)
		ck_assert_msg(d->idom[v] == want[v],
		    "graph %d: idom(%u) = %u, naive %u", _i, v, d->idom[v],
		    want[v]);
	dom_free(d);
	free(want);
	g_free(&g);
}
END_TEST

/* A chain of a million nodes, plus a back edge: no recursion depth. */
START_TEST(test_long_chain)
{
	uint32_t n = 1000000, v;
	struct g g = { .n = n };
	uint64_t *w = xcalloc(n, sizeof *w), *out = xcalloc(n, sizeof *out);
	struct domtree *d;

	for (v = 0; v + 1 < n; v++)
		g_edge(&g, v, v + 1);
	g_edge(&g, n - 1, 1);
	g_csr(&g);
	d = dom_compute(n, 0, g.start, g.adj);
	for (v = 1; v < n; v++)
		ck_assert_uint_eq(d->idom[v], v - 1);
	for (v = 0; v < n; v++)
		w[v] = 1;
	dom_retained(d, w, out);
	ck_assert_uint_eq(out[0], n);
	ck_assert_uint_eq(out[n / 2], n - n / 2);
	dom_free(d);
	free(w);
	free(out);
	g_free(&g);
}
END_TEST

Suite *
dominator_suite(void)
{
	Suite *s = suite_create("dominator");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_paper_example);
	tcase_add_test(tc, test_retained_and_unreachable);
	tcase_add_loop_test(tc, test_random_graphs_match_naive, 0, 60);
	tcase_add_test(tc, test_long_chain);
	suite_add_tcase(s, tc);
	return s;
}
