/*
 * check_graph.c - graph.c: pprof's call graph and trimmed report on
 * hand-built profiles.  The expected values are what Go 1.19's
 * `go tool pprof -top` (and -dot for edges) prints for the same profiles
 * written as profile.proto: flat and cum (recursion counted once), edge
 * weights and inline flags, nodefraction and nodecount trimming, sort
 * orders, totals with negative values and pprof::base samples, the output
 * unit, and the -lines/-files/-noinlines granularities.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_heapdiff.h"
#include "graph.h"
#include "output.h"

#define NELEM(a) ((int)(sizeof (a) / sizeof (a)[0]))

/* ------------------------------------------------------------------ */
/* Building profiles. */

static strid
S(struct profile *p, const char *s)
{
	return profile_intern(p, s, strlen(s));
}

static struct profile *
new_profile(bool two_types)
{
	struct profile *p = profile_new();

	if (two_types)
		profile_add_sample_type(p, S(p, "objects"), S(p, "count"));
	profile_add_sample_type(p, S(p, "space"), S(p, "bytes"));
	p->period_type.type = S(p, "space");
	p->period_type.unit = S(p, "bytes");
	p->period = 1;
	{
		struct prof_mapping m;

		memset(&m, 0, sizeof m);
		m.start = 0x400000;
		m.limit = 0x500000;
		m.file = S(p, "/bin/app");
		m.has_functions = true;
		profile_add_mapping(p, &m);
	}
	return p;
}

/* The function called name (added with file and start line if new). */
static uint32_t
func(struct profile *p, const char *name, const char *file, int64_t start)
{
	struct prof_function f;
	uint32_t i;
	strid n = S(p, name);

	for (i = 0; i < p->nfunctions; i++)
		if (p->functions[i].name == n)
			return i;
	f.name = n;
	f.system_name = n;
	f.filename = S(p, file);
	f.start_line = start;
	return profile_add_function(p, &f);
}

/* A location with up to three lines, innermost first: fn/line pairs. */
static uint32_t
loc(struct profile *p, uint64_t addr, int n, const uint32_t *fns,
    const int64_t *lines)
{
	struct prof_location l;
	struct prof_line ln[3];
	int i;

	memset(&l, 0, sizeof l);
	l.mapping = 0;
	l.address = addr;
	for (i = 0; i < n; i++) {
		ln[i].function = fns[i];
		ln[i].line = lines[i];
		ln[i].column = 0;
	}
	return profile_add_location(p, &l, ln, (uint32_t)n);
}

static uint32_t
loc1(struct profile *p, uint64_t addr, uint32_t fn, int64_t line)
{
	return loc(p, addr, 1, &fn, &line);
}

/* Add a sample on locs (leaf first, n of them). */
static void
sample(struct profile *p, int64_t v, const struct prof_label *l,
    size_t nl, int n, ...)
{
	uint32_t locs[8];
	int64_t vals[2];
	va_list ap;
	int i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		locs[i] = va_arg(ap, uint32_t);
	va_end(ap);
	if (p->ntypes == 2) {
		vals[0] = v / 1000;
		vals[1] = v;
	} else
		vals[0] = v;
	profile_add_sample(p, profile_intern_stack(p, locs, (uint32_t)n), vals,
	    l, nl);
}

/*
 * The main test profile (the same as the Go program that made the
 * references wrote):
 *   L1 main main.go:10        L2 a a.go:20
 *   L3 b b.go:30 inlined into a a.go:21
 *   L4 c c.go:40              L5 a a.go:22 (a calls itself)
 *   L6 d d.go:50              L7 b b.go:35
 * samples (bytes; objects are bytes/1000):
 *   main>a>b(inline)      100000
 *   main>a>a>c             50000  (recursion)
 *   main>a                 30000
 *   main>a>b(inline)>c     20000
 *   main                    5000
 *   main>d                   500  (under nodefraction)
 *   main>b                 10000  (b also called, not inlined)
 */
static struct profile *
main_profile(void)
{
	struct profile *p = new_profile(true);
	uint32_t fmain = func(p, "main", "main.go", 1);
	uint32_t fa = func(p, "a", "a.go", 19);
	uint32_t fb = func(p, "b", "b.go", 29);
	uint32_t fc = func(p, "c", "c.go", 39);
	uint32_t fd = func(p, "d", "d.go", 49);
	uint32_t inl_f[2] = { fb, fa };
	int64_t inl_l[2] = { 30, 21 };
	uint32_t L1, L2, L3, L4, L5, L6, L7;

	L1 = loc1(p, 0x401000, fmain, 10);
	L2 = loc1(p, 0x402000, fa, 20);
	L3 = loc(p, 0x403000, 2, inl_f, inl_l);
	L4 = loc1(p, 0x404000, fc, 40);
	L5 = loc1(p, 0x405000, fa, 22);
	L6 = loc1(p, 0x406000, fd, 50);
	L7 = loc1(p, 0x407000, fb, 35);
	sample(p, 100000, NULL, 0, 2, L3, L1);
	sample(p, 50000, NULL, 0, 4, L4, L5, L2, L1);
	sample(p, 30000, NULL, 0, 2, L2, L1);
	sample(p, 20000, NULL, 0, 3, L4, L3, L1);
	sample(p, 5000, NULL, 0, 1, L1);
	sample(p, 500, NULL, 0, 2, L6, L1);
	sample(p, 10000, NULL, 0, 2, L7, L1);
	return p;
}

/* ------------------------------------------------------------------ */
/* Looking at a report. */

static int
node_index(const struct report *r, const char *name)
{
	uint32_t i;

	for (i = 0; i < r->graph->nnodes; i++)
		if (strcmp(r->graph->nodes[i].name, name) == 0)
			return (int)i;
	return -1;
}

static const struct graph_edge *
edge(const struct report *r, const char *src, const char *dst)
{
	int s = node_index(r, src), d = node_index(r, dst);
	uint32_t e;

	for (e = 0; e < r->graph->nedges; e++)
		if ((int)r->graph->edges[e].src == s &&
		    (int)r->graph->edges[e].dst == d)
			return &r->graph->edges[e];
	return NULL;
}

/* pprof's text label for a node: "", "(inline)" or "(partial-inline)". */
static const char *
inline_label(const struct graph_node *n)
{
	if (!n->in_inline)
		return "";
	return n->in_call ? "(partial-inline)" : "(inline)";
}

struct want_node {
	const char *name;
	int64_t flat, cum;
	const char *inl;
};

/* Check the shown nodes, in order. */
static void
check_nodes(const struct report *r, const struct want_node *w, int n)
{
	int i;

	ck_assert_msg((int)r->graph->nnodes == n, "%u nodes, want %d",
	    r->graph->nnodes, n);
	for (i = 0; i < n; i++) {
		const struct graph_node *g = &r->graph->nodes[i];

		ck_assert_msg(strcmp(g->name, w[i].name) == 0,
		    "node %d is %s, want %s", i, g->name, w[i].name);
		ck_assert_msg(g->flat == w[i].flat && g->cum == w[i].cum,
		    "%s: flat %lld cum %lld, want %lld %lld", g->name,
		    (long long)g->flat, (long long)g->cum,
		    (long long)w[i].flat, (long long)w[i].cum);
		ck_assert_msg(strcmp(inline_label(g), w[i].inl) == 0,
		    "%s: inline label \"%s\", want \"%s\"", g->name,
		    inline_label(g), w[i].inl);
	}
}

static struct report *
report(const struct profile *p, int sample_index, void (*tweak)(
    struct graph_options *))
{
	struct graph_options o;

	graph_options_init(&o);
	o.sample_index = sample_index;
	if (tweak != NULL)
		tweak(&o);
	return report_new(p, &o);
}

/* ------------------------------------------------------------------ */
/* The main profile at function granularity. */

START_TEST(test_options_init)
{
	struct graph_options o;

	memset(&o, 0xff, sizeof o);
	graph_options_init(&o);
	ck_assert_int_eq(o.granularity, GRAN_FUNCTIONS);
	ck_assert(o.nodefraction == 0.005);
	ck_assert(o.edgefraction == 0.001);
	ck_assert_int_eq(o.nodecount, 0);
	ck_assert(!o.cum_sort && !o.noinlines && !o.drop_negative);
	ck_assert_str_eq(o.output_unit, "minimum");
}
END_TEST

/* go tool pprof -top -sample_index=space:
 *   107.42kB 51.04% 51.04%   126.95kB 60.32%  b (partial-inline)
 *    68.36kB 32.48% 83.53%    68.36kB 32.48%  c
 *    29.30kB 13.92% 97.45%   195.31kB 92.81%  a
 *     4.88kB  2.32% 99.77%   210.45kB   100%  main
 * with "Dropped 1 node (cum <= 1.05kB)". */
START_TEST(test_functions)
{
	static const struct want_node want[] = {
		{ "b", 110000, 130000, "(partial-inline)" },
		{ "c", 70000, 70000, "" },
		{ "a", 30000, 200000, "" },
		{ "main", 5000, 215500, "" },
	};
	struct profile *p = main_profile();
	struct report *r = report(p, 1, NULL);
	char buf[32];

	check_nodes(r, want, NELEM(want));
	ck_assert_int_eq(r->total, 215500);
	ck_assert_int_eq(r->shown_flat, 215000);
	ck_assert_int_eq(r->dropped_nodes, 1);
	ck_assert_int_eq(r->orig_count, 4);
	ck_assert_int_eq(r->dropped_edges, 0);
	ck_assert_str_eq(r->sample_type, "space");
	ck_assert_str_eq(r->sample_unit, "bytes");
	ck_assert_str_eq(r->output_unit, "kB");
	ck_assert_str_eq(report_value(r, 110000, buf, sizeof buf), "107.42kB");
	ck_assert_str_eq(report_value(r, 215500, buf, sizeof buf), "210.45kB");
	ck_assert_str_eq(report_value(r, 0, buf, sizeof buf), "0");
	ck_assert_int_eq(report_total(p, 1), 215500);
	ck_assert_int_eq(report_total(p, 0), 215);
	report_free(r);
	profile_free(p);
}
END_TEST

/* go tool pprof -dot -nodefraction=0 -edgefraction=0 edges. */
static const struct {
	const char *src, *dst;
	int64_t weight;
	bool is_inline;
} main_edges[] = {
	{ "main", "a", 200000, false },
	{ "a", "b", 120000, true },
	{ "a", "c", 50000, false },
	{ "b", "c", 20000, false },
	{ "main", "b", 10000, false },
};

START_TEST(test_edges)
{
	struct profile *p = main_profile();
	struct report *r = report(p, 1, NULL);
	const struct graph_edge *e = edge(r, main_edges[_i].src,
	    main_edges[_i].dst);

	ck_assert_msg(e != NULL, "no edge %s -> %s", main_edges[_i].src,
	    main_edges[_i].dst);
	ck_assert_int_eq(e->weight, main_edges[_i].weight);
	ck_assert_int_eq(e->is_inline, main_edges[_i].is_inline);
	ck_assert(!e->residual);
	/* Only these five: no a -> a (recursion), none to dropped d. */
	ck_assert_uint_eq(r->graph->nedges, NELEM(main_edges));
	ck_assert_ptr_null(edge(r, "a", "a"));
	report_free(r);
	profile_free(p);
}
END_TEST

static void
opt_cum(struct graph_options *o)
{
	o->cum_sort = true;
}

START_TEST(test_cum_sort)
{
	static const struct want_node want[] = {
		{ "main", 5000, 215500, "" },
		{ "a", 30000, 200000, "" },
		{ "b", 110000, 130000, "(partial-inline)" },
		{ "c", 70000, 70000, "" },
	};
	struct profile *p = main_profile();
	struct report *r = report(p, 1, opt_cum);

	check_nodes(r, want, NELEM(want));
	report_free(r);
	profile_free(p);
}
END_TEST

static void
opt_nodefraction0(struct graph_options *o)
{
	o->nodefraction = 0;
	o->edgefraction = 0;
}

START_TEST(test_nodefraction_zero)
{
	static const struct want_node want[] = {
		{ "b", 110000, 130000, "(partial-inline)" },
		{ "c", 70000, 70000, "" },
		{ "a", 30000, 200000, "" },
		{ "main", 5000, 215500, "" },
		{ "d", 500, 500, "" },
	};
	struct profile *p = main_profile();
	struct report *r = report(p, 1, opt_nodefraction0);
	const struct graph_edge *e;
	char buf[32];

	check_nodes(r, want, NELEM(want));
	ck_assert_int_eq(r->dropped_nodes, 0);
	ck_assert_int_eq(r->orig_count, 5);
	ck_assert_int_eq(r->shown_flat, 215500);
	e = edge(r, "main", "d");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->weight, 500);
	/* d's 500 B is the smallest value; B and kB differ and
	 * 100 * 500 < 215500, so 100 * 500 B picks kB (pprof: "0.49kB"). */
	ck_assert_str_eq(r->output_unit, "kB");
	ck_assert_str_eq(report_value(r, 500, buf, sizeof buf), "0.49kB");
	report_free(r);
	profile_free(p);
}
END_TEST

/* Raising nodefraction drops more: cum 70000 of 215500 is 32.5%. */
static void
opt_nodefraction_high(struct graph_options *o)
{
	o->nodefraction = 0.4;
}

START_TEST(test_nodefraction_high)
{
	static const struct want_node want[] = {
		{ "b", 110000, 130000, "(partial-inline)" },
		{ "a", 30000, 200000, "" },
		{ "main", 5000, 215500, "" },
	};
	struct profile *p = main_profile();
	struct report *r = report(p, 1, opt_nodefraction_high);
	const struct graph_edge *e;

	check_nodes(r, want, NELEM(want));
	ck_assert_int_eq(r->dropped_nodes, 2);
	ck_assert_int_eq(r->orig_count, 3);
	/* Samples ending in c (dropped) give no flat to b or a. */
	ck_assert_int_eq(r->shown_flat, 145000);
	e = edge(r, "a", "b");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->weight, 120000);
	report_free(r);
	profile_free(p);
}
END_TEST

static void
opt_nodecount2(struct graph_options *o)
{
	o->nodecount = 2;
}

/* go tool pprof -top -nodecount=2: "Showing top 2 nodes out of 4",
 * b (no inline label: a and main are gone) and c. */
START_TEST(test_nodecount)
{
	static const struct want_node want[] = {
		{ "b", 110000, 130000, "" },
		{ "c", 70000, 70000, "" },
	};
	struct profile *p = main_profile();
	struct report *r = report(p, 1, opt_nodecount2);
	const struct graph_edge *e;

	check_nodes(r, want, NELEM(want));
	ck_assert_int_eq(r->orig_count, 4);
	ck_assert_int_eq(r->dropped_nodes, 1);
	ck_assert_int_eq(r->shown_flat, 180000);
	ck_assert_int_eq(r->total, 215500);
	ck_assert_uint_eq(r->graph->nedges, 1);
	e = edge(r, "b", "c");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->weight, 20000);
	report_free(r);
	profile_free(p);
}
END_TEST

/* With -cum, nodecount keeps the top by cum. */
static void
opt_nodecount2_cum(struct graph_options *o)
{
	o->nodecount = 2;
	o->cum_sort = true;
}

START_TEST(test_nodecount_cum)
{
	static const struct want_node want[] = {
		{ "main", 5000, 215500, "" },
		{ "a", 30000, 200000, "" },
	};
	struct profile *p = main_profile();
	struct report *r = report(p, 1, opt_nodecount2_cum);
	const struct graph_edge *e;

	check_nodes(r, want, NELEM(want));
	ck_assert_int_eq(r->orig_count, 4);
	e = edge(r, "main", "a");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->weight, 200000);
	report_free(r);
	profile_free(p);
}
END_TEST

/* Sample index 0 (objects, a count): go tool pprof -top
 * -sample_index=objects shows 110 / 70 / 30 / 5 of 215, nothing dropped
 * (d's objects are 0), values without a unit. */
START_TEST(test_count_index)
{
	static const struct want_node want[] = {
		{ "b", 110, 130, "(partial-inline)" },
		{ "c", 70, 70, "" },
		{ "a", 30, 200, "" },
		{ "main", 5, 215, "" },
	};
	struct profile *p = main_profile();
	struct report *r = report(p, 0, NULL);
	char buf[32];

	check_nodes(r, want, NELEM(want));
	ck_assert_int_eq(r->dropped_nodes, 0);
	ck_assert_int_eq(r->total, 215);
	ck_assert_str_eq(r->sample_type, "objects");
	ck_assert_str_eq(r->output_unit, "count");
	ck_assert_str_eq(report_value(r, 110, buf, sizeof buf), "110");
	report_free(r);
	profile_free(p);
}
END_TEST

/* An explicit output unit is used as given. */
static void
opt_unit_mb(struct graph_options *o)
{
	o->output_unit = "MB";
}

static void
opt_unit_b(struct graph_options *o)
{
	o->output_unit = "B";
}

START_TEST(test_output_unit)
{
	struct profile *p = main_profile();
	struct report *r = report(p, 1, opt_unit_mb);
	char buf[32];

	ck_assert_str_eq(r->output_unit, "MB");
	ck_assert_str_eq(report_value(r, 215500, buf, sizeof buf), "0.21MB");
	ck_assert_str_eq(report_value(r, 1048576, buf, sizeof buf), "1MB");
	report_free(r);
	r = report(p, 1, opt_unit_b);
	ck_assert_str_eq(r->output_unit, "B");
	ck_assert_str_eq(report_value(r, 215500, buf, sizeof buf), "215500B");
	report_free(r);
	profile_free(p);
}
END_TEST

/* go tool pprof -top -edgefraction=0.1: edges under 21550 go (b -> c and
 * main -> b), so b is only reached inline: "b (inline)". */
static void
opt_edgefraction(struct graph_options *o)
{
	o->edgefraction = 0.1;
}

START_TEST(test_edgefraction)
{
	static const struct want_node want[] = {
		{ "b", 110000, 130000, "(inline)" },
		{ "c", 70000, 70000, "" },
		{ "a", 30000, 200000, "" },
		{ "main", 5000, 215500, "" },
	};
	struct profile *p = main_profile();
	struct report *r = report(p, 1, opt_edgefraction);

	check_nodes(r, want, NELEM(want));
	ck_assert_int_eq(r->dropped_edges, 2);
	ck_assert_uint_eq(r->graph->nedges, 3);
	ck_assert_ptr_null(edge(r, "b", "c"));
	ck_assert_ptr_null(edge(r, "main", "b"));
	ck_assert_ptr_nonnull(edge(r, "a", "c"));
	report_free(r);
	profile_free(p);
}
END_TEST

/* An edge over a dropped node is residual: main > x > z with x under
 * nodefraction joins main -> z (also a direct call). */
START_TEST(test_residual_edge)
{
	static const struct want_node want[] = {
		{ "z", 10000, 10000, "" }, { "main", 0, 10000, "" },
	};
	struct profile *p = new_profile(false);
	uint32_t lmain = loc1(p, 0x401000, func(p, "main", "main.go", 1), 1);
	uint32_t lx = loc1(p, 0x402000, func(p, "x", "x.go", 1), 1);
	uint32_t lz = loc1(p, 0x403000, func(p, "z", "z.go", 1), 1);
	struct report *r;
	const struct graph_edge *e;

	sample(p, 30, NULL, 0, 3, lz, lx, lmain);
	sample(p, 9970, NULL, 0, 2, lz, lmain);
	r = report(p, 0, NULL);
	check_nodes(r, want, NELEM(want));
	ck_assert_int_eq(r->dropped_nodes, 1);
	e = edge(r, "main", "z");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->weight, 10000);
	ck_assert(e->residual);
	ck_assert(!e->is_inline);
	report_free(r);
	profile_free(p);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Granularities. */

static void
opt_lines(struct graph_options *o)
{
	o->granularity = GRAN_LINES;
}

/* go tool pprof -top -lines. */
START_TEST(test_lines)
{
	static const struct want_node want[] = {
		{ "b b.go:30", 100000, 120000, "(inline)" },
		{ "c c.go:40", 70000, 70000, "" },
		{ "a a.go:20", 30000, 80000, "" },
		{ "b b.go:35", 10000, 10000, "" },
		{ "main main.go:10", 5000, 215500, "" },
		{ "a a.go:21", 0, 120000, "" },
		{ "a a.go:22", 0, 50000, "" },
	};
	struct profile *p = main_profile();
	struct report *r = report(p, 1, opt_lines);
	const struct graph_edge *e;

	check_nodes(r, want, NELEM(want));
	ck_assert_int_eq(r->dropped_nodes, 1);
	/* The recursion is an edge between two lines of a. */
	e = edge(r, "a a.go:20", "a a.go:22");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->weight, 50000);
	e = edge(r, "a a.go:21", "b b.go:30");
	ck_assert_ptr_nonnull(e);
	ck_assert(e->is_inline);
	ck_assert_int_eq(e->weight, 120000);
	report_free(r);
	profile_free(p);
}
END_TEST

static void
opt_files(struct graph_options *o)
{
	o->granularity = GRAN_FILES;
}

/* go tool pprof -top -files. */
START_TEST(test_files)
{
	static const struct want_node want[] = {
		{ "b.go", 110000, 130000, "(partial-inline)" },
		{ "c.go", 70000, 70000, "" },
		{ "a.go", 30000, 200000, "" },
		{ "main.go", 5000, 215500, "" },
	};
	struct profile *p = main_profile();
	struct report *r = report(p, 1, opt_files);

	check_nodes(r, want, NELEM(want));
	report_free(r);
	profile_free(p);
}
END_TEST

static void
opt_addresses(struct graph_options *o)
{
	o->granularity = GRAN_ADDRESSES;
}

/* go tool pprof -top -addresses. */
START_TEST(test_addresses)
{
	static const struct want_node want[] = {
		{ "0000000000403000 b b.go:30", 100000, 120000, "(inline)" },
		{ "0000000000404000 c c.go:40", 70000, 70000, "" },
		{ "0000000000402000 a a.go:20", 30000, 80000, "" },
		{ "0000000000407000 b b.go:35", 10000, 10000, "" },
		{ "0000000000401000 main main.go:10", 5000, 215500, "" },
		{ "0000000000403000 a a.go:21", 0, 120000, "" },
		{ "0000000000405000 a a.go:22", 0, 50000, "" },
	};
	struct profile *p = main_profile();
	struct report *r = report(p, 1, opt_addresses);

	check_nodes(r, want, NELEM(want));
	report_free(r);
	profile_free(p);
}
END_TEST

static void
opt_noinlines(struct graph_options *o)
{
	o->noinlines = true;
}

/* go tool pprof -top -noinlines: b's inlined samples belong to a. */
START_TEST(test_noinlines)
{
	static const struct want_node want[] = {
		{ "a", 130000, 200000, "" },
		{ "c", 70000, 70000, "" },
		{ "b", 10000, 10000, "" },
		{ "main", 5000, 215500, "" },
	};
	struct profile *p = main_profile();
	struct report *r = report(p, 1, opt_noinlines);
	const struct graph_edge *e;

	check_nodes(r, want, NELEM(want));
	e = edge(r, "a", "c");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->weight, 70000);
	ck_assert(!e->is_inline);
	report_free(r);
	profile_free(p);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Inline flags when an edge is both inlined and called. */

START_TEST(test_edge_mixed_inline)
{
	struct profile *p = new_profile(false);
	uint32_t fmain = func(p, "main", "main.go", 1);
	uint32_t fa = func(p, "a", "a.go", 1), fb = func(p, "b", "b.go", 1);
	uint32_t inl_f[2] = { fb, fa };
	int64_t inl_l[2] = { 3, 4 };
	uint32_t L1 = loc1(p, 0x401000, fmain, 1);
	uint32_t L2 = loc1(p, 0x402000, fa, 2);
	uint32_t L3 = loc(p, 0x403000, 2, inl_f, inl_l);
	uint32_t L4 = loc1(p, 0x404000, fb, 5);
	struct report *r;
	const struct graph_edge *e;

	sample(p, 100, NULL, 0, 2, L3, L1);	/* main > a > b inlined */
	sample(p, 50, NULL, 0, 3, L4, L2, L1);	/* main > a > b called */
	r = report(p, 0, NULL);
	e = edge(r, "a", "b");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->weight, 150);
	ck_assert(!e->is_inline);
	ck_assert_str_eq(inline_label(&r->graph->nodes[node_index(r, "b")]),
	    "");
	report_free(r);
	profile_free(p);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Ties, negative values, pprof::base. */

/* main > y 100, main > x 100, main > w 50; x and y in the same file. */
static struct profile *
tie_profile(void)
{
	struct profile *p = new_profile(false);
	uint32_t lmain = loc1(p, 0x401000, func(p, "main", "main.go", 1), 10);
	uint32_t ly = loc1(p, 0x402000, func(p, "y", "same.go", 2), 20);
	uint32_t lx = loc1(p, 0x403000, func(p, "x", "same.go", 1), 30);
	uint32_t lw = loc1(p, 0x404000, func(p, "w", "w.go", 1), 40);

	sample(p, 100, NULL, 0, 2, ly, lmain);
	sample(p, 100, NULL, 0, 2, lx, lmain);
	sample(p, 50, NULL, 0, 2, lw, lmain);
	return p;
}

START_TEST(test_tie_by_name)
{
	static const struct want_node flat[] = {
		{ "x", 100, 100, "" }, { "y", 100, 100, "" },
		{ "w", 50, 50, "" }, { "main", 0, 250, "" },
	};
	static const struct want_node cum[] = {
		{ "main", 0, 250, "" }, { "x", 100, 100, "" },
		{ "y", 100, 100, "" }, { "w", 50, 50, "" },
	};
	struct profile *p = tie_profile();
	struct report *r = report(p, 0, NULL);

	check_nodes(r, flat, NELEM(flat));
	ck_assert_str_eq(r->output_unit, "B");
	report_free(r);
	r = report(p, 0, opt_cum);
	check_nodes(r, cum, NELEM(cum));
	report_free(r);
	profile_free(p);
}
END_TEST

/* -files: pprof keeps functions of one file apart when they start on
 * different lines (the node info keeps the start line), so same.go shows
 * twice. */
START_TEST(test_files_same_file)
{
	static const struct want_node want[] = {
		{ "same.go", 100, 100, "" }, { "same.go", 100, 100, "" },
		{ "w.go", 50, 50, "" }, { "main.go", 0, 250, "" },
	};
	struct profile *p = tie_profile();
	struct report *r = report(p, 0, opt_files);

	check_nodes(r, want, NELEM(want));
	report_free(r);
	profile_free(p);
}
END_TEST

/*
 * main > p 300; main > q -100 (base); main > r 50 (base); main > q -300;
 * main > r 0 (base); main > r 150 (pprof::base=false).
 */
static struct profile *
neg_profile(bool with_base)
{
	struct profile *p = new_profile(false);
	uint32_t lmain = loc1(p, 0x401000, func(p, "main", "main.go", 1), 10);
	uint32_t lp = loc1(p, 0x402000, func(p, "p", "p.go", 1), 1);
	uint32_t lq = loc1(p, 0x403000, func(p, "q", "q.go", 1), 1);
	uint32_t lr = loc1(p, 0x404000, func(p, "r", "r.go", 1), 1);
	struct prof_label base = { S(p, "pprof::base"), S(p, "true"), 0, 0 };
	struct prof_label nobase = { S(p, "pprof::base"), S(p, "false"), 0, 0 };
	size_t nb = with_base ? 1 : 0;

	sample(p, 300, NULL, 0, 2, lp, lmain);
	sample(p, -100, &base, nb, 2, lq, lmain);
	sample(p, 50, &base, nb, 2, lr, lmain);
	sample(p, -300, NULL, 0, 2, lq, lmain);
	sample(p, 0, &base, nb, 2, lr, lmain);
	sample(p, 150, &nobase, 1, 2, lr, lmain);
	return p;
}

/* go tool pprof -top: "Showing nodes accounting for 100B, 66.67% of 150B
 * total": q -400, p 300, r 200, main 0/100, sorted by |flat|. */
START_TEST(test_negative_and_base)
{
	static const struct want_node want[] = {
		{ "q", -400, -400, "" }, { "p", 300, 300, "" },
		{ "r", 200, 200, "" }, { "main", 0, 100, "" },
	};
	struct profile *p = neg_profile(true);
	struct report *r = report(p, 0, NULL);
	char buf[32];

	ck_assert_int_eq(report_total(p, 0), 150);
	check_nodes(r, want, NELEM(want));
	ck_assert_int_eq(r->total, 150);
	ck_assert_int_eq(r->shown_flat, 100);
	ck_assert_int_eq(r->dropped_nodes, 0);
	ck_assert_str_eq(r->output_unit, "B");
	ck_assert_str_eq(report_value(r, -400, buf, sizeof buf), "-400B");
	report_free(r);
	profile_free(p);

	/* Without base samples the total is the sum of |values|. */
	p = neg_profile(false);
	ck_assert_int_eq(report_total(p, 0), 300 + 100 + 50 + 300 + 0 + 150);
	profile_free(p);
}
END_TEST

/* Base samples that sum to zero do not count: the plain total is used. */
START_TEST(test_base_zero)
{
	struct profile *p = new_profile(false);
	uint32_t lmain = loc1(p, 0x401000, func(p, "main", "main.go", 1), 10);
	struct prof_label base = { S(p, "pprof::base"), S(p, "true"), 0, 0 };

	sample(p, 40, NULL, 0, 1, lmain);
	sample(p, -2, NULL, 0, 1, lmain);
	sample(p, 0, &base, 1, 1, lmain);
	ck_assert_int_eq(report_total(p, 0), 42);
	profile_free(p);
}
END_TEST

static void
opt_drop_negative(struct graph_options *o)
{
	o->drop_negative = true;
}

/* go tool pprof -top -drop_negative: q is gone, totals unchanged. */
START_TEST(test_drop_negative)
{
	static const struct want_node want[] = {
		{ "p", 300, 300, "" }, { "r", 200, 200, "" },
		{ "main", 0, 100, "" },
	};
	struct profile *p = neg_profile(true);
	struct report *r = report(p, 0, opt_drop_negative);

	check_nodes(r, want, NELEM(want));
	ck_assert_int_eq(r->total, 150);
	ck_assert_int_eq(r->shown_flat, 500);
	report_free(r);
	profile_free(p);
}
END_TEST

/*
 * A function with a system name but no name is shown by its system name
 * (pprof's symbolizer sets Name = SystemName before the graph is built);
 * a location without lines is its mapping's base name.  go tool pprof -top:
 *   100B sys_only / 60B [app] / 0 160B main
 */
START_TEST(test_system_name_only)
{
	static const struct want_node want[] = {
		{ "sys_only", 100, 100, "" }, { "[app]", 60, 60, "" },
		{ "main", 0, 160, "" },
	};
	struct profile *p = new_profile(false);
	uint32_t lmain = loc1(p, 0x401000, func(p, "main", "main.go", 0), 1);
	struct prof_function f = { 0, S(p, "sys_only"), 0, 0 };
	struct prof_location bare;
	uint32_t lsys, lbare;
	struct report *r;

	lsys = loc1(p, 0x402000, profile_add_function(p, &f), 2);
	memset(&bare, 0, sizeof bare);
	bare.mapping = 0;
	bare.address = 0x403000;
	lbare = profile_add_location(p, &bare, NULL, 0);
	sample(p, 100, NULL, 0, 2, lsys, lmain);
	sample(p, 60, NULL, 0, 2, lbare, lmain);
	r = report(p, 0, NULL);
	check_nodes(r, want, NELEM(want));
	report_free(r);
	profile_free(p);
}
END_TEST

/* An empty profile gives an empty report. */
START_TEST(test_empty)
{
	struct profile *p = new_profile(false);
	struct report *r = report(p, 0, NULL);

	ck_assert_uint_eq(r->graph->nnodes, 0);
	ck_assert_uint_eq(r->graph->nedges, 0);
	ck_assert_int_eq(r->total, 0);
	ck_assert_int_eq(r->orig_count, 0);
	ck_assert_str_eq(r->output_unit, "minimum");
	report_free(r);
	profile_free(p);
}
END_TEST

/* out_svg_pan_zoom: dot's SVG fills the window, its graph inside the
 * viewport group, the script after it; anything else is left alone. */
START_TEST(test_svg_pan_zoom)
{
	static const char in[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<svg width=\"942pt\" height=\"1978pt\"\n"
	    " viewBox=\"0.00 0.00 942.00 1978.00\" "
	    "xmlns=\"http://www.w3.org/2000/svg\">\n"
	    "<g id=\"graph0\" class=\"graph\"><title>x</title></g>\n"
	    "</svg>\n";
	char *out, *vp, *g, *end, *script;
	size_t len;

	out = out_svg_pan_zoom(in, strlen(in), &len);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(len, strlen(out));
	ck_assert_ptr_nonnull(strstr(out, "<svg width=\"100%\" height=\"100%\"\n"
	    " viewBox=\"0.00 0.00 942.00 1978.00\""));
	vp = strstr(out, "<g id=\"viewport\">\n<g id=\"graph0\"");
	g = strstr(out, "<title>x</title></g>\n</g>\n");
	script = strstr(out, "<script");
	end = strstr(out, "</svg>\n");
	ck_assert_ptr_nonnull(vp);
	ck_assert_ptr_nonnull(g);
	ck_assert_ptr_nonnull(script);
	ck_assert_ptr_nonnull(end);
	ck_assert(vp < g && g < script && script < end);
	ck_assert_ptr_null(strstr(end + 1, "</svg>"));
	free(out);

	ck_assert_ptr_null(out_svg_pan_zoom("<svg></svg>", 11, &len));
	ck_assert_ptr_null(out_svg_pan_zoom("not svg", 7, &len));
}
END_TEST

Suite *
graph_suite(void)
{
	Suite *s = suite_create("graph");
	TCase *tc;

	tc = tcase_create("functions");
	tcase_add_test(tc, test_options_init);
	tcase_add_test(tc, test_functions);
	tcase_add_loop_test(tc, test_edges, 0, NELEM(main_edges));
	tcase_add_test(tc, test_cum_sort);
	tcase_add_test(tc, test_count_index);
	tcase_add_test(tc, test_output_unit);
	tcase_add_test(tc, test_edge_mixed_inline);
	suite_add_tcase(s, tc);

	tc = tcase_create("trim");
	tcase_add_test(tc, test_nodefraction_zero);
	tcase_add_test(tc, test_nodefraction_high);
	tcase_add_test(tc, test_nodecount);
	tcase_add_test(tc, test_nodecount_cum);
	tcase_add_test(tc, test_edgefraction);
	tcase_add_test(tc, test_residual_edge);
	suite_add_tcase(s, tc);

	tc = tcase_create("granularity");
	tcase_add_test(tc, test_lines);
	tcase_add_test(tc, test_files);
	tcase_add_test(tc, test_addresses);
	tcase_add_test(tc, test_noinlines);
	tcase_add_test(tc, test_files_same_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("values");
	tcase_add_test(tc, test_tie_by_name);
	tcase_add_test(tc, test_negative_and_base);
	tcase_add_test(tc, test_base_zero);
	tcase_add_test(tc, test_drop_negative);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_system_name_only);
	tcase_add_test(tc, test_svg_pan_zoom);
	suite_add_tcase(s, tc);
	return s;
}
