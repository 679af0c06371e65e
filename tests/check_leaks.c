/*
 * check_leaks.c - the leak rules and the suspects on real series: the four
 * scenarios in testdata/ (recorded from real Go programs) and the eleven of
 * testdata/gen/ (heapdiff's own generator programs, which the rules were
 * not written against).  Each series' truth.json says which functions leak,
 * the pattern, and which noise functions must never be suspects.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_heapdiff.h"
#include "leaks.h"
#include "series.h"
#include "xmalloc.h"

static char *
read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long len;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)len + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

/* The quoted strings of the JSON array after "key": in text (the truth
 * files' simple layout), as "\n"-separated names with "\n" around. */
static char *
truth_array(const char *text, const char *key)
{
	char *pat = xasprintf("\"%s\": [", key), *out = xstrdup("\n");
	const char *p = strstr(text, pat), *end;

	free(pat);
	ck_assert_ptr_nonnull(p);
	end = strchr(p, ']');
	for (p = strchr(p, '[') + 1; p < end; p++) {
		const char *q;
		char *s;

		if (*p != '"')
			continue;
		q = strchr(p + 1, '"');
		s = xasprintf("%s%.*s\n", out, (int)(q - p - 1), p + 1);
		free(out);
		out = s;
		p = q;
	}
	return out;
}

/* Every "function" named after "not_leaks" (before "notes", if any). */
static char *
truth_not_leaks(const char *text)
{
	const char *p = strstr(text, "\"not_leaks\""), *end;
	char *out = xstrdup("\n");

	ck_assert_ptr_nonnull(p);
	end = strstr(p, "\"notes\"");
	if (end == NULL)
		end = p + strlen(p);
	while ((p = strstr(p, "\"function\": \"")) != NULL && p < end) {
		const char *q;
		char *s;

		p += 13;
		q = strchr(p, '"');
		s = xasprintf("%s%.*s\n", out, (int)(q - p), p);
		free(out);
		out = s;
		p = q;
	}
	return out;
}

static bool
in_list(const char *list, const char *name)
{
	char *key = xasprintf("\n%s\n", name);
	bool found = strstr(list, key) != NULL;

	free(key);
	return found;
}

/* Check a series against its truth.json: the first suspect is a true
 * leak with the pattern; every suspect is a leaking function; no noise
 * function is a suspect; nothing at all on a control. */
static void
check_scenario(const char *dir, const char *pattern, bool goroutines)
{
	char rel[128], *truth, *leaking, *noise;
	struct series_set *set = testdata_series(dir, true, goroutines, NULL);
	struct leaks_options lo = { NULL };
	char *cause = NULL;
	struct leaks *l = leaks_find(set, &lo, &cause);
	size_t i;

	snprintf(rel, sizeof rel, "%s/truth.json", dir);
	truth = read_text(testdata_path(rel));
	leaking = truth_array(truth, "leak_functions");
	noise = truth_not_leaks(truth);
	ck_assert_ptr_nonnull(l);
	if (pattern == NULL)
		ck_assert_msg(l->n == 0, "%s: %zu suspects, first %s", dir,
		    l->n, l->n ? l->suspects[0].function : "");
	else {
		ck_assert_msg(l->n > 0, "%s: no suspect", dir);
		ck_assert_msg(in_list(leaking, l->suspects[0].function),
		    "%s: first suspect %s is not a leak", dir,
		    l->suspects[0].function);
		ck_assert_str_eq(leak_pattern_info(l->suspects[0].pattern)->id,
		    pattern);
	}
	for (i = 0; i < l->n; i++) {
		const struct leak_suspect *s = &l->suspects[i];

		ck_assert_msg(!in_list(noise, s->function),
		    "%s: noise %s is a suspect", dir, s->function);
		ck_assert_msg(in_list(leaking, s->function),
		    "%s: suspect %s is not a leak", dir, s->function);
		ck_assert(s->score >= 0 && s->score <= 100);
		ck_assert(s->heap.present || s->goroutines.present);
		ck_assert_ptr_nonnull(s->reason);
	}
	leaks_free(l);
	series_set_free(set);
	free(truth);
	free(leaking);
	free(noise);
}

/* The given series: truth.json's pattern letters b (sync.Cond), d
 * (sub-slices) and f (global slice). */
START_TEST(test_condwait) { check_scenario("condwait", "cond", true); }
END_TEST
START_TEST(test_blockindex) { check_scenario("blockindex", "subslice", true); }
END_TEST
START_TEST(test_auditlog) { check_scenario("auditlog", "global-slice", true); }
END_TEST
START_TEST(test_baseline) { check_scenario("baseline", NULL, true); }
END_TEST
/* Heap snapshots alone still find the leak (by the heap frames). */
START_TEST(test_condwait_heap_only)
{
	check_scenario("condwait", "cond", false);
}
END_TEST
START_TEST(test_baseline_heap_only) { check_scenario("baseline", NULL, false); }
END_TEST

/* Series from testdata/gen/generate.sh. */
START_TEST(test_gen_tickers) { check_scenario("gen/tickers", "ticker", true); }
END_TEST
START_TEST(test_gen_chansend)
{
	check_scenario("gen/chansend", "chan-send", true);
}
END_TEST
START_TEST(test_gen_mapgrow) { check_scenario("gen/mapgrow", "map", true); }
END_TEST
START_TEST(test_gen_listeners)
{
	check_scenario("gen/listeners", "listener", true);
}
END_TEST
START_TEST(test_gen_steady) { check_scenario("gen/steady", NULL, true); }
END_TEST
START_TEST(test_gen_httpbody) { check_scenario("gen/httpbody", "http", true); }
END_TEST
START_TEST(test_gen_mutexwait)
{
	check_scenario("gen/mutexwait", "mutex", true);
}
END_TEST
START_TEST(test_gen_chanrecv)
{
	check_scenario("gen/chanrecv", "chan-recv", true);
}
END_TEST
START_TEST(test_gen_parked) { check_scenario("gen/parked", "nil-chan", true); }
END_TEST
START_TEST(test_gen_slicegrow)
{
	check_scenario("gen/slicegrow", "slice", true);
}
END_TEST
START_TEST(test_gen_selectwait)
{
	check_scenario("gen/selectwait", "select", true);
}
END_TEST

/* A goroutine leak found with its goroutines as evidence, and heap
 * growth of the same function folded into the same suspect. */
START_TEST(test_one_suspect_both_evidence)
{
	struct series_set *set = testdata_series("condwait", true, true, NULL);
	struct leaks_options lo = { NULL };
	char *cause = NULL;
	struct leaks *l = leaks_find(set, &lo, &cause);
	const struct leak_suspect *await = NULL;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->suspects[i].function, "main.awaitCompletion") == 0)
			await = &l->suspects[i];
	ck_assert_ptr_nonnull(await);
	ck_assert(await->heap.present);
	ck_assert(await->goroutines.present);
	ck_assert_int_eq(await->goroutines.stats.change, 140);
	ck_assert_ptr_nonnull(strstr(await->goroutines.where,
	    "sync.(*Cond).Wait"));
	ck_assert_uint_eq(l->heap_snapshots, 8);
	ck_assert_uint_eq(l->goroutine_snapshots, 8);
	leaks_free(l);
	series_set_free(set);
}
END_TEST

/* A C program's heap profile of one sample type ("space", no objects,
 * no runtime frames): growth is found and charged to the leaf; the
 * frames of a C program are all its own. */
static struct profile *
c_profile(int step)
{
	struct profile *p = profile_new();
	struct prof_mapping m;
	struct prof_function fn;
	struct prof_line ln;
	struct prof_location loc;
	const char *names[3] = { "track_connection", "parse_request", "main" };
	uint32_t locs[3], stack;
	int64_t v;
	int i;

	profile_add_sample_type(p, profile_intern(p, "space", 5),
	    profile_intern(p, "bytes", 5));
	p->period = 1;
	memset(&m, 0, sizeof m);
	m.file = profile_intern(p, "/opt/bin/conntrack", 18);
	profile_add_mapping(p, &m);
	for (i = 0; i < 3; i++) {
		memset(&fn, 0, sizeof fn);
		fn.name = profile_intern(p, names[i], strlen(names[i]));
		memset(&ln, 0, sizeof ln);
		ln.function = profile_add_function(p, &fn);
		ln.line = 10 + i;
		memset(&loc, 0, sizeof loc);
		loc.mapping = 0;
		loc.address = 0x1000 + (uint64_t)i * 16;
		locs[i] = profile_add_location(p, &loc, &ln, 1);
	}
	/* track_connection <- main keeps 8 KiB a step. */
	stack = profile_intern_stack(p, (uint32_t[]){ locs[0], locs[2] }, 2);
	v = 8192 * (step + 1);
	profile_add_sample(p, stack, &v, NULL, 0);
	/* parse_request <- main: churn, the same every time. */
	stack = profile_intern_stack(p, (uint32_t[]){ locs[1], locs[2] }, 2);
	v = 3000 + (step % 2) * 200;
	profile_add_sample(p, stack, &v, NULL, 0);
	return p;
}

START_TEST(test_c_program)
{
	struct series_set *set = xcalloc(1, sizeof *set);
	struct leaks_options lo = { NULL };
	char *cause = NULL;
	struct leaks *l;
	int k;

	for (k = 0; k < 8; k++) {
		char name[16];

		snprintf(name, sizeof name, "c%d.heap", k);
		series_add(set, c_profile(k), name, 0, (size_t)k);
	}
	series_order(set);
	ck_assert_str_eq(set->groups[0].program, "conntrack");
	l = leaks_find(set, &lo, &cause);
	ck_assert_ptr_nonnull(l);
	ck_assert_uint_eq(l->n, 1);
	ck_assert_str_eq(l->suspects[0].function, "track_connection");
	ck_assert(!l->suspects[0].heap.timed);
	ck_assert_int_eq(l->suspects[0].heap.stats.change, 7 * 8192);
	ck_assert(!l->suspects[0].objects.present);
	leaks_free(l);
	series_set_free(set);
}
END_TEST

/* alloc_* only ever grows: never judged. */
START_TEST(test_alloc_refused)
{
	struct series_set *set = testdata_series("auditlog", true, false, NULL);
	struct leaks_options lo = { "alloc_space" };
	char *cause = NULL;

	ck_assert_ptr_null(leaks_find(set, &lo, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "alloc_space only ever grows"));
	free(cause);
	series_set_free(set);
}
END_TEST

/* The rules, on series observed in the real programs (truth.json). */
struct rule_case {
	const char *what;
	int64_t v[8];
	int64_t min_change, min_step;
	enum leak_verdict want;
	size_t n;		/* 0: all 8 */
	bool any_not;		/* any verdict but LEAK_YES will do */
};

static const struct rule_case rule_cases[] = {
	{ "condwait main.submitJob (leak)", { 32000, 64000, 96000, 128000,
	    160000, 192000, 224000, 256000 }, 4096, 1024, LEAK_YES, 0, false },
	{ "blockindex main.readBlock (sampled leak)", { 0, 557738, 1115476,
	    2230953, 2230953, 2788692, 3346430, 3346430 }, 4096, 1024,
	    LEAK_YES, 0, false },
	{ "auditlog main.recordAudit (leak, jumps)", { 42080, 84160, 115360,
	    165760, 196960, 228160, 283936, 315136 }, 4096, 1024, LEAK_YES, 0, false },
	{ "condwait goroutines (leak)", { 20, 40, 60, 80, 100, 120, 140, 160 },
	    3, 0, LEAK_YES, 0, false },
	{ "condwait lruTable.put (bounded)", { 42240, 83512, 117400, 117400,
	    117400, 117400, 117400, 117544 }, 4096, 1024, LEAK_NOT_STOPPED, 0, false },
	{ "auditlog lruTable.put (bounded)", { 38096, 75656, 101400, 101400,
	    101400, 101400, 101400, 101400 }, 4096, 1024, LEAK_NOT_STOPPED, 0, false },
	{ "gen/steady ttlCache (slowing to a plateau)", { 4096, 8192, 9824,
	    11232, 12288, 13696, 14048, 14048 }, 4096, 1024,
	    LEAK_NOT_STOPPED, 0, false },
	{ "condwait appendPending (sawtooth)", { 39424, 78848, 119296, 0,
	    39424, 78848, 119296, 0 }, 4096, 1024, LEAK_NOT_SMALL, 0, false },
	{ "condwait appendPending 00-06 (sawtooth ending higher)", { 39424,
	    78848, 119296, 0, 39424, 78848, 119296 }, 4096, 1024,
	    LEAK_NOT_DROPS, 7, false },
	{ "blockindex appendPending (sampled, ends lower)", { 524448, 524448,
	    524448, 0, 0, 0, 0, 0 }, 4096, 1024, LEAK_NOT_SMALL, 0, false },
	{ "baseline lruTable.put (sampled sawtooth, ends at 0)", { 524672, 524672, 0, 0,
	    524672, 524672, 0, 0 }, 4096, 1024, LEAK_NOT_SMALL, 0, false },
	{ "condwait packSegment (churn)", { 0, 0, 0, 0, 0, 0, 16, 0 }, 4096,
	    1024, LEAK_NOT_SMALL, 0, false },
	{ "gen/steady registry.login (jitter)", { 34264, 34840, 35704, 36856,
	    37720, 38440, 38728, 39016 }, 4096, 1024, LEAK_NOT_STOPPED, 0, false },
	{ "gen/steady registry.login, another run (648 B a step)", { 34264,
	    35272, 36280, 37288, 38008, 38440, 39448, 39736 }, 4096, 1024,
	    LEAK_NOT_STOPPED, 0, false },
	{ "a few hundred bytes", { 100, 200, 300, 400, 500, 600, 700, 800 },
	    4096, 1024, LEAK_NOT_SMALL, 0, false },
	{ "one sampled object appears", { 0, 0, 0, 0, 0, 524288, 524288,
	    524288 }, 4096, 1024, LEAK_NOT_ONE_STEP, 0, false },
	{ "sampled up and down", { 0, 524288, 524288, 1048576, 524288,
	    1048576, 524288, 1048576 }, 4096, 1024, LEAK_NOT_STOPPED, 0,
	    true },
	{ "no trend", { 20000, 30000, 25000, 30000, 20000, 30000, 25000,
	    30000 }, 4096, 1024, LEAK_NOT_NO_TREND, 0, false },
	{ "fixed pool of goroutines", { 4, 4, 4, 4, 4, 4, 4, 4 }, 3, 0,
	    LEAK_NOT_SMALL, 0, false },
};

START_TEST(test_rules)
{
	const struct rule_case *c = &rule_cases[_i];
	double x[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	struct trend_stats st;
	enum leak_verdict v = leak_judge(c->v, x, c->n ? c->n : 8,
	    c->min_change, c->min_step, &st);

	if (c->any_not)
		ck_assert_msg(v != LEAK_YES, "%s: judged a leak", c->what);
	else
		ck_assert_msg(v == c->want, "%s: %s, want %s", c->what,
		    leak_verdict_text(v), leak_verdict_text(c->want));
}
END_TEST

START_TEST(test_too_few)
{
	int64_t v[2] = { 0, 1000000 };
	double x[2] = { 0, 1 };
	struct trend_stats st;

	ck_assert_int_eq(leak_judge(v, x, 2, 4096, 1024, &st), LEAK_NOT_FEW);
}
END_TEST

START_TEST(test_limits)
{
	int64_t b;
	double r;
	char *cause = NULL;
	struct leak_suspect s;

	ck_assert_int_eq(leaks_parse_limit("1MB", &b, &r, &cause), 0);
	ck_assert_int_eq(b, 1000000);
	ck_assert_double_eq(r, 0);
	ck_assert_int_eq(leaks_parse_limit("4096", &b, &r, &cause), 0);
	ck_assert_int_eq(b, 4096);
	ck_assert_int_eq(leaks_parse_limit("2MiB", &b, &r, &cause), 0);
	ck_assert_int_eq(b, 2097152);
	ck_assert_int_eq(leaks_parse_limit("100kB/min", &b, &r, &cause), 0);
	ck_assert_int_eq(b, 0);
	ck_assert_double_eq_tol(r, 100000, 1e-6);
	ck_assert_int_eq(leaks_parse_limit("1kB/s", &b, &r, &cause), 0);
	ck_assert_double_eq_tol(r, 60000, 1e-6);
	ck_assert_int_eq(leaks_parse_limit("60MB/h", &b, &r, &cause), 0);
	ck_assert_double_eq_tol(r, 1000000, 1e-6);
	ck_assert_int_eq(leaks_parse_limit("lots", &b, &r, &cause), -1);
	ck_assert_str_eq(cause, "--fail-on wants a size (1MB) or a rate "
	    "(100kB/min), not 'lots'");
	free(cause);
	cause = NULL;
	ck_assert_int_eq(leaks_parse_limit("5MB/day", &b, &r, &cause), -1);
	free(cause);

	memset(&s, 0, sizeof s);
	s.heap.present = true;
	s.heap.timed = true;
	s.heap.stats.change = 2000000;
	s.heap.stats.rate = 50000;
	ck_assert(leaks_over_limit(&s, 1000000, 0));
	ck_assert(!leaks_over_limit(&s, 3000000, 0));
	ck_assert(leaks_over_limit(&s, 0, 40000));
	ck_assert(!leaks_over_limit(&s, 0, 60000));
}
END_TEST

START_TEST(test_pattern_table)
{
	int p;

	for (p = 0; p < LEAK_NPATTERNS; p++) {
		const struct leak_pattern_info *pi = leak_pattern_info(p);

		ck_assert_ptr_nonnull(pi->id);
		ck_assert(strlen(pi->name) > 10);
		ck_assert(strlen(pi->fix) > 20);
	}
}
END_TEST

Suite *
leaks_suite(void)
{
	Suite *s = suite_create("leaks");
	TCase *tc = tcase_create("series");
	TCase *rules = tcase_create("rules");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_condwait);
	tcase_add_test(tc, test_blockindex);
	tcase_add_test(tc, test_auditlog);
	tcase_add_test(tc, test_baseline);
	tcase_add_test(tc, test_condwait_heap_only);
	tcase_add_test(tc, test_baseline_heap_only);
	tcase_add_test(tc, test_gen_tickers);
	tcase_add_test(tc, test_gen_chansend);
	tcase_add_test(tc, test_gen_mapgrow);
	tcase_add_test(tc, test_gen_listeners);
	tcase_add_test(tc, test_gen_steady);
	tcase_add_test(tc, test_gen_httpbody);
	tcase_add_test(tc, test_gen_mutexwait);
	tcase_add_test(tc, test_gen_selectwait);
	tcase_add_test(tc, test_gen_chanrecv);
	tcase_add_test(tc, test_gen_parked);
	tcase_add_test(tc, test_gen_slicegrow);
	tcase_add_test(tc, test_one_suspect_both_evidence);
	tcase_add_test(tc, test_alloc_refused);
	tcase_add_test(tc, test_c_program);
	suite_add_tcase(s, tc);
	tcase_add_loop_test(rules, test_rules, 0,
	    (int)(sizeof rule_cases / sizeof rule_cases[0]));
	tcase_add_test(rules, test_too_few);
	tcase_add_test(rules, test_limits);
	tcase_add_test(rules, test_pattern_table);
	suite_add_tcase(s, rules);
	return s;
}
