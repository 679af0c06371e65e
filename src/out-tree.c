/*
 * out-tree.c - pprof's -tree and -peek text (report.go printTree): each
 * node with its callers above and its callees below, weighted by edge.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "regex.h"
#include "units.h"
#include "xmalloc.h"

static const struct report *edge_sort_report;	/* qsort has no context */

static int64_t
abs64(int64_t v)
{
	return v < 0 ? -v : v;
}

/* pprof's edgeList.Less. */
static int
edge_cmp(const void *a, const void *b)
{
	const struct graph *g = edge_sort_report->graph;
	const struct graph_edge *x = &g->edges[*(const uint32_t *)a];
	const struct graph_edge *y = &g->edges[*(const uint32_t *)b];
	int c;

	if (x->weight != y->weight && abs64(x->weight) != abs64(y->weight))
		return abs64(x->weight) > abs64(y->weight) ? -1 : 1;
	c = strcmp(g->nodes[x->src].name, g->nodes[y->src].name);
	if (c != 0)
		return c;
	return strcmp(g->nodes[x->dst].name, g->nodes[y->dst].name);
}

uint32_t *
out_node_edges(const struct report *r, uint32_t node, bool in,
    uint32_t *n_out)
{
	const struct graph *g = r->graph;
	uint32_t *out = xmalloc(((size_t)g->nedges + 1) * sizeof *out), e;

	*n_out = 0;
	for (e = 0; e < g->nedges; e++)
		if ((in ? g->edges[e].dst : g->edges[e].src) == node)
			out[(*n_out)++] = e;
	edge_sort_report = r;
	qsort(out, *n_out, sizeof *out, edge_cmp);
	edge_sort_report = NULL;
	return out;
}

static void
print_edges(FILE *f, const struct report *r, uint32_t node, bool in)
{
	const struct graph *g = r->graph;
	uint32_t n, i, *es = out_node_edges(r, node, in, &n);
	char v[64], pct[32];

	for (i = 0; i < n; i++) {
		const struct graph_edge *e = &g->edges[es[i]];

		fprintf(f, "%50s %s |   %s%s\n",
		    report_value(r, e->weight, v, sizeof v),
		    units_percent(pct, sizeof pct, e->weight,
		    g->nodes[node].cum),
		    g->nodes[in ? e->src : e->dst].name,
		    e->is_inline ? " (inline)" : "");
	}
	free(es);
}

int
out_tree(FILE *f, const struct report *r, struct regex *rx)
{
	static const char sep[] = "----------------------------------------"
	    "------------------+-------------";
	const struct graph *g = r->graph;
	char flat[64], cum[64], fp[32], sp[32], cp[32];
	int64_t sum = 0;
	uint32_t i;
	int matched = 0;

	out_profile_labels(f, r);
	out_report_labels(f, r);
	fprintf(f, "%s\n", sep);
	fprintf(f, "      flat  flat%%   sum%%        cum   cum%%   calls "
	    "calls%% + context \t \t \n");
	for (i = 0; i < g->nnodes; i++) {
		const struct graph_node *n = &g->nodes[i];

		if (rx != NULL && !regex_match(rx, n->name))
			continue;
		matched++;
		fprintf(f, "%s\n", sep);
		print_edges(f, r, i, true);
		sum += n->flat;
		fprintf(f, "%10s %s %s %10s %s                | %s\n",
		    report_value(r, n->flat, flat, sizeof flat),
		    units_percent(fp, sizeof fp, n->flat, r->total),
		    units_percent(sp, sizeof sp, sum, r->total),
		    report_value(r, n->cum, cum, sizeof cum),
		    units_percent(cp, sizeof cp, n->cum, r->total), n->name);
		print_edges(f, r, i, false);
	}
	if (g->nnodes > 0)
		fprintf(f, "%s\n", sep);
	return matched;
}
