/*
 * check_flame.c - the flame tree (flame.c), folded stacks, the flame SVG
 * (out-flame.c) and the visual call graph (report_new with visual set,
 * out-dot.c) on small profiles built here, where every number is known.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "check_heapdiff.h"
#include "flame.h"
#include "graph.h"
#include "output.h"
#include "profile.h"

/* A profile with one sample type (space/bytes) and locations named by
 * their functions; a location may hold inlined frames ("inner+outer"). */
static struct profile *
mkprof(void)
{
	struct profile *p = profile_new();

	profile_add_sample_type(p, profile_intern(p, "space", 5),
	    profile_intern(p, "bytes", 5));
	return p;
}

static uint32_t
mkloc(struct profile *p, const char *spec)
{
	struct prof_line lines[8];
	struct prof_location l;
	char *s = strdup(spec), *save = NULL, *name;
	uint32_t n = 0;

	memset(&l, 0, sizeof l);
	l.mapping = PROF_NONE;
	l.address = 0x1000 + p->nlocations;
	for (name = strtok_r(s, "+", &save); name != NULL && n < 8;
	    name = strtok_r(NULL, "+", &save)) {
		struct prof_function f;

		memset(&f, 0, sizeof f);
		f.name = profile_intern(p, name, strlen(name));
		memset(&lines[n], 0, sizeof lines[n]);
		lines[n].function = profile_add_function(p, &f);
		lines[n].line = 10 + n;
		n++;
	}
	free(s);
	return profile_add_location(p, &l, lines, n);
}

/* Add a sample: path is "root;...;leaf" of location specs. */
static void
mksample(struct profile *p, const char *path, int64_t v, bool base)
{
	uint32_t locs[32], n = 0, i;
	char *s = strdup(path), *save = NULL, *spec;
	struct prof_label l;

	for (spec = strtok_r(s, ";", &save); spec != NULL && n < 32;
	    spec = strtok_r(NULL, ";", &save))
		locs[n++] = mkloc(p, spec);
	free(s);
	/* Stacks are leaf first. */
	for (i = 0; i < n / 2; i++) {
		uint32_t t = locs[i];

		locs[i] = locs[n - 1 - i];
		locs[n - 1 - i] = t;
	}
	memset(&l, 0, sizeof l);
	l.key = profile_intern(p, "pprof::base", 11);
	l.str = profile_intern(p, "true", 4);
	profile_add_sample(p, profile_intern_stack(p, locs, n), &v,
	    base ? &l : NULL, base ? 1 : 0);
}

/* The node reached from the root by names "a;b;c", or UINT32_MAX. */
static uint32_t
find(const struct flame *f, const char *path)
{
	char *s = strdup(path), *save = NULL, *name;
	uint32_t node = 0, c;

	for (name = strtok_r(s, ";", &save); name != NULL;
	    name = strtok_r(NULL, ";", &save)) {
		for (c = f->nodes[node].first_child; c != UINT32_MAX;
		    c = f->nodes[c].next_sibling)
			if (strcmp(strpool_get(f->strings, f->nodes[c].name),
			    name) == 0)
				break;
		if (c == UINT32_MAX) {
			node = UINT32_MAX;
			break;
		}
		node = c;
	}
	free(s);
	return node;
}

static char *
folded_text(const struct flame *f)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	flame_folded(m, f);
	fclose(m);
	return text;
}

START_TEST(test_tree_merges_by_name)
{
	struct profile *p = mkprof();
	struct flame *f;
	uint32_t n;

	mksample(p, "main;work;alloc", 100, false);
	mksample(p, "main;work;alloc", 20, false);	/* other locations */
	mksample(p, "main;work", 5, false);
	mksample(p, "main;idle;alloc", 7, false);
	f = flame_new(p, 0);
	ck_assert(!f->diff);
	ck_assert_int_eq(f->nodes[0].value, 132);
	n = find(f, "main");
	ck_assert_uint_ne(n, UINT32_MAX);
	ck_assert_int_eq(f->nodes[n].value, 132);
	n = find(f, "main;work");
	ck_assert_int_eq(f->nodes[n].value, 125);
	ck_assert_int_eq(f->nodes[n].self, 5);
	ck_assert_int_eq(f->nodes[find(f, "main;work;alloc")].value, 120);
	ck_assert_int_eq(f->nodes[find(f, "main;idle;alloc")].value, 7);
	ck_assert_uint_eq(f->max_depth, 3);
	/* Children in name order: idle before work. */
	ck_assert_uint_eq(f->nodes[find(f, "main")].first_child,
	    find(f, "main;idle"));
	flame_free(f);
	profile_free(p);
}
END_TEST

START_TEST(test_inline_and_recursion)
{
	struct profile *p = mkprof();
	struct flame *f;
	char *text;

	/* One location holding inlined "leaf" in "outer": outer calls leaf. */
	mksample(p, "main;leaf+outer", 8, false);
	mksample(p, "main;rec;rec;rec", 3, false);
	f = flame_new(p, 0);
	ck_assert_int_eq(f->nodes[find(f, "main;outer;leaf")].value, 8);
	ck_assert_uint_eq(find(f, "main;leaf"), UINT32_MAX);
	ck_assert_int_eq(f->nodes[find(f, "main;rec;rec;rec")].self, 3);
	text = folded_text(f);
	ck_assert_str_eq(text, "main;outer;leaf 8\nmain;rec;rec;rec 3\n");
	free(text);
	flame_free(f);
	profile_free(p);
}
END_TEST

START_TEST(test_diff_propagates)
{
	struct profile *p = mkprof();
	struct flame *f;
	uint32_t grow, gone, fresh, main_;
	char *text;

	/* Base samples are negated, as load makes them for -diff_base. */
	mksample(p, "main;grow", 300, false);
	mksample(p, "main;grow", -100, true);
	mksample(p, "main;old", -50, true);
	mksample(p, "main;fresh;deep", 40, false);
	mksample(p, "main;same", 10, false);
	mksample(p, "main;same", -10, true);
	f = flame_new(p, 0);
	ck_assert(f->diff);
	main_ = find(f, "main");
	grow = find(f, "main;grow");
	gone = find(f, "main;old");
	fresh = find(f, "main;fresh");
	ck_assert_int_eq(f->nodes[0].value, 350);
	ck_assert_int_eq(f->nodes[0].base, 160);
	/* Every ancestor carries the change. */
	ck_assert_int_eq(f->nodes[main_].value, 350);
	ck_assert_int_eq(f->nodes[main_].base, 160);
	ck_assert_int_eq(f->nodes[grow].value, 300);
	ck_assert_int_eq(f->nodes[grow].base, 100);
	ck_assert(flame_is_gone(f, gone));
	ck_assert(!flame_is_new(f, gone));
	ck_assert(flame_is_new(f, fresh));
	ck_assert(flame_is_new(f, find(f, "main;fresh;deep")));
	ck_assert(!flame_is_new(f, grow) && !flame_is_gone(f, grow));
	ck_assert(!flame_is_new(f, find(f, "main;same")));
	text = folded_text(f);
	ck_assert_str_eq(text, "main;fresh;deep 40\nmain;grow 200\n"
	    "main;old -50\n");
	free(text);
	flame_free(f);
	profile_free(p);
}
END_TEST

static char *
svg_text(const struct flame *f)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	out_flame(m, f);
	fclose(m);
	return text;
}

START_TEST(test_svg_tooltips)
{
	struct profile *p = mkprof();
	struct flame *f;
	char *svg;

	mksample(p, "main;a<b>&c", 1536, false);
	mksample(p, "main;grow", 2048, false);
	mksample(p, "main;grow", -1024, true);
	mksample(p, "main;gone", -512, true);
	f = flame_new(p, 0);
	svg = svg_text(f);
	ck_assert_ptr_nonnull(strstr(svg, "<svg "));
	ck_assert_ptr_nonnull(strstr(svg, "</svg>\n"));
	/* Names are escaped, tooltips have before, after and delta. */
	ck_assert_ptr_nonnull(strstr(svg, "a&lt;b&gt;&amp;c"));
	ck_assert_ptr_null(strstr(svg, "a<b>"));
	ck_assert_ptr_nonnull(strstr(svg, "grow\nbefore: 1kB\nafter: 2kB"
	    " (57.14% of after)\ndelta: +1kB (+100%)\n"));
	ck_assert_ptr_nonnull(strstr(svg, "new since the base"));
	ck_assert_ptr_nonnull(strstr(svg, "Gone since the base (1 site"));
	ck_assert_ptr_nonnull(strstr(svg, "gone since the base"));
	/* Growth is red, the new frame dashed. */
	ck_assert_ptr_nonnull(strstr(svg, "class=\"f new\""));
	ck_assert_ptr_nonnull(strstr(svg, "<script"));
	free(svg);
	flame_free(f);
	profile_free(p);
}
END_TEST

static char *
dot_text(const struct profile *p, int nodecount)
{
	struct graph_options o;
	struct report *r;
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	graph_options_init(&o);
	o.visual = true;
	o.nodecount = nodecount;
	r = report_new(p, &o);
	out_dot(m, r);
	fclose(m);
	report_free(r);
	return text;
}

START_TEST(test_dot_labels)
{
	struct profile *p = mkprof();
	char *dot;

	mksample(p, "main.main;example.com/app/store.(*DB).Put", 300, false);
	mksample(p, "main.main;main.idle", 100, false);
	dot = dot_text(p, 80);
	ck_assert_ptr_nonnull(strstr(dot, "digraph \"unnamed\" {\n"));
	/* The package path is dropped, dots become line breaks. */
	ck_assert_ptr_nonnull(strstr(dot, "[label=\"store\\n(*DB)\\nPut\\n"
	    "300B (75.00%)\" id=\"node2\" fontsize=24 shape=box "
	    "tooltip=\"example.com/app/store.(*DB).Put (300B)\""));
	ck_assert_ptr_nonnull(strstr(dot, "[label=\"main\\nmain\\n0 of "
	    "400B (100%)\""));
	ck_assert_ptr_nonnull(strstr(dot, "Showing nodes accounting for "
	    "400B, 100% of 400B total\\l"));
	ck_assert_ptr_nonnull(strstr(dot, "tooltip=\"main.main -> "
	    "example.com/app/store.(*DB).Put (300B)\""));
	free(dot);
	profile_free(p);
}
END_TEST

START_TEST(test_dot_diff_colours)
{
	struct profile *p = mkprof();
	char *dot;

	/* A -base diff: one function grew, one shrank. */
	mksample(p, "main;grew", 900, false);
	mksample(p, "main;shrank", -300, false);
	dot = dot_text(p, 80);
	/* pprof's dotColor: red for growth, green for shrinkage. */
	ck_assert_ptr_nonnull(strstr(dot, "tooltip=\"grew (900B)\" "
	    "color=\"#b20e00\""));
	ck_assert_ptr_nonnull(strstr(dot, "tooltip=\"shrank (-300B)\" "
	    "color=\"#3cb200\""));
	free(dot);
	profile_free(p);
}
END_TEST

START_TEST(test_dot_nodecount_counts_tags)
{
	struct profile *p = mkprof();
	struct graph_options o;
	struct report *r;
	struct prof_label l;
	int64_t v = 10;
	uint32_t locs[2], i;
	char name[16];

	/* Ten leaves under main, each with two sizes (two "bytes" tags). */
	memset(&l, 0, sizeof l);
	l.key = profile_intern(p, "bytes", 5);
	for (i = 0; i < 10; i++) {
		snprintf(name, sizeof name, "f%u", i);
		locs[0] = mkloc(p, name);
		locs[1] = mkloc(p, "main");
		v = 100 - (int64_t)i;
		l.num = 16;
		profile_add_sample(p, profile_intern_stack(p, locs, 2), &v,
		    &l, 1);
		l.num = 32;
		profile_add_sample(p, profile_intern_stack(p, locs, 2), &v,
		    &l, 1);
	}
	graph_options_init(&o);
	o.nodecount = 6;
	r = report_new(p, &o);
	ck_assert_uint_eq(r->graph->nnodes, 6);	/* text: nodes only */
	report_free(r);
	o.visual = true;
	r = report_new(p, &o);
	/* Visual: every leaf costs itself and its two tags. */
	ck_assert_uint_lt(r->graph->nnodes, 6);
	ck_assert_int_eq(r->orig_count, 11);
	ck_assert_uint_gt(r->graph->ntags, 0);
	report_free(r);
	profile_free(p);
}
END_TEST

Suite *
flame_suite(void)
{
	Suite *s = suite_create("flame");
	TCase *tc = tcase_create("flame");

	tcase_add_test(tc, test_tree_merges_by_name);
	tcase_add_test(tc, test_inline_and_recursion);
	tcase_add_test(tc, test_diff_propagates);
	tcase_add_test(tc, test_svg_tooltips);
	tcase_add_test(tc, test_dot_labels);
	tcase_add_test(tc, test_dot_diff_colours);
	tcase_add_test(tc, test_dot_nodecount_counts_tags);
	suite_add_tcase(s, tc);
	return s;
}
