/*
 * check_trend.c - series loading and ordering, per-site trends and their
 * statistics, and sparklines, on the real series in testdata/ (values
 * checked against each scenario's truth.json "observed" arrays).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_heapdiff.h"
#include "series.h"
#include "trend.h"
#include "xmalloc.h"

/* Load dir's heap (and goroutine) snapshots 00..07 as files, in the
 * order given by order[] (NULL: 00..07). */
static void
assert_values(const int64_t *got, const int64_t *want, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		ck_assert_msg(got[k] == want[k], "value %zu: got %lld, want %lld",
		    k, (long long)got[k], (long long)want[k]);
}

START_TEST(test_stats_linear)
{
	int64_t v[8] = { 0, 10, 20, 30, 40, 50, 60, 70 };
	double x[8] = { 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5 };
	struct trend_stats st;

	trend_stats_compute(v, x, 8, &st);
	ck_assert_int_eq(st.first, 0);
	ck_assert_int_eq(st.last, 70);
	ck_assert_int_eq(st.change, 70);
	ck_assert_double_eq_tol(st.rate, 20.0, 1e-9);	/* 10 per half minute */
	ck_assert_double_eq_tol(st.r2, 1.0, 1e-9);
	ck_assert_uint_eq(st.grew, 7);
	ck_assert_double_eq_tol(st.grew_share, 1.0, 1e-9);
	/* Mann-Kendall for 8 rising values: S = 28, var = 8*7*21/18,
	 * z = 27 / sqrt(65.333) = 3.3404, one-sided p = 0.000418. */
	ck_assert_int_eq(st.mk_s, 28);
	ck_assert_double_eq_tol(st.mk_z, 3.3404, 1e-4);
	ck_assert_double_eq_tol(st.mk_p, 0.000418, 1e-6);
}
END_TEST

START_TEST(test_stats_flat_and_ties)
{
	int64_t flat[5] = { 7, 7, 7, 7, 7 };
	int64_t tied[6] = { 1, 1, 2, 2, 3, 3 };
	double x[6] = { 0, 1, 2, 3, 4, 5 };
	struct trend_stats st;

	trend_stats_compute(flat, x, 5, &st);
	ck_assert_double_eq_tol(st.rate, 0, 1e-12);
	ck_assert_double_eq_tol(st.r2, 0, 1e-12);
	ck_assert_int_eq(st.mk_s, 0);
	ck_assert_double_eq_tol(st.mk_p, 0.5, 1e-12);
	ck_assert_uint_eq(st.grew, 0);

	/* Ties: S = 12; var = (6*5*17 - 3 * 2*1*9) / 18 = 25.333;
	 * z = 11 / 5.0332 = 2.1855. */
	trend_stats_compute(tied, x, 6, &st);
	ck_assert_int_eq(st.mk_s, 12);
	ck_assert_double_eq_tol(st.mk_z, 2.1855, 1e-4);
	ck_assert_uint_eq(st.grew, 2);
}
END_TEST

START_TEST(test_sparkline)
{
	int64_t v[8] = { 0, 1, 2, 3, 4, 5, 6, 7 }, same[3] = { 5, 5, 5 };
	char buf[64];

	ck_assert_str_eq(trend_sparkline(v, 8, false, buf, sizeof buf),
	    "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588");
	ck_assert_str_eq(trend_sparkline(v, 8, true, buf, sizeof buf),
	    "_.-:=+*#");
	ck_assert_str_eq(trend_sparkline(same, 3, true, buf, sizeof buf),
	    "___");
	/* Never past the buffer. */
	ck_assert_str_eq(trend_sparkline(v, 8, false, buf, 7), "\u2581\u2582");
}
END_TEST

START_TEST(test_correlation)
{
	int64_t a[4] = { 1, 2, 3, 4 }, b[4] = { 10, 20, 30, 40 };
	int64_t c[4] = { 4, 3, 2, 1 }, d[4] = { 5, 5, 5, 5 };

	ck_assert_double_eq_tol(trend_correlation(a, b, 4), 1, 1e-12);
	ck_assert_double_eq_tol(trend_correlation(a, c, 4), -1, 1e-12);
	ck_assert_double_eq_tol(trend_correlation(a, d, 4), 0, 1e-12);
}
END_TEST

/* Heap and goroutine snapshots of one program: two groups, in time. */
START_TEST(test_series_groups)
{
	struct series_set *set = testdata_series("condwait", true, true, NULL);
	const struct series *h = series_find(set, "heap", NULL);
	const struct series *g = series_find(set, "goroutine", "condwait");
	size_t k;

	ck_assert_uint_eq(set->ngroups, 2);
	ck_assert_ptr_nonnull(h);
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(h->program, "condwait");
	ck_assert_uint_eq(h->n, 8);
	ck_assert_uint_eq(g->n, 8);
	ck_assert_int_eq(h->clock, SERIES_CLOCK_PROFILE);
	for (k = 1; k < 8; k++)
		ck_assert(h->snaps[k].time_ns > h->snaps[k - 1].time_ns);
	ck_assert_ptr_null(series_find(set, "cpu", NULL));
	series_set_free(set);
}
END_TEST

/* Given out of order, snapshots are put in the profiles' time order. */
START_TEST(test_series_order_by_time)
{
	static const int order[8] = { 5, 2, 7, 0, 1, 6, 3, 4 };
	struct series_set *set = testdata_series("auditlog", true, false, order);
	const struct series *h = series_find(set, "heap", NULL);
	size_t k;

	ck_assert_uint_eq(h->n, 8);
	for (k = 0; k < 8; k++) {
		char want[32];

		snprintf(want, sizeof want, "heap-%02zu.pb.gz", k);
		ck_assert_msg(strstr(h->snaps[k].name, want) != NULL,
		    "snapshot %zu is %s", k, h->snaps[k].name);
	}
	series_set_free(set);
}
END_TEST

/* Without profile times: the file time, else the order given. */
START_TEST(test_series_order_fallbacks)
{
	struct series_set *src = testdata_series("baseline", true, false, NULL);
	struct series_set *set = xcalloc(1, sizeof *set);
	const struct series *h = series_find(src, "heap", NULL);
	struct series *mut = (struct series *)h;
	size_t k;

	/* Steal the profiles, drop their times, add them in reverse with
	 * file times that say 00 came first. */
	for (k = 0; k < 8; k++) {
		struct profile *p = mut->snaps[7 - k].prof;
		char name[8];

		mut->snaps[7 - k].prof = profile_new();
		p->time_nanos = 0;
		snprintf(name, sizeof name, "m%zu", 7 - k);
		series_add(set, p, name, (int64_t)(7 - k + 1) * 1000000000, k);
	}
	series_order(set);
	h = series_find(set, "heap", NULL);
	ck_assert_int_eq(h->clock, SERIES_CLOCK_MTIME);
	for (k = 0; k < 8; k++) {
		char want[8];

		snprintf(want, sizeof want, "m%zu", k);
		ck_assert_str_eq(h->snaps[k].name, want);
	}
	/* One snapshot without any time: the whole group falls back to
	 * the order given. */
	((struct series *)h)->snaps[3].clock = SERIES_CLOCK_ORDER;
	for (k = 0; k < 8; k++)
		((struct series *)h)->snaps[k].order = 7 - k;
	series_order(set);
	ck_assert_int_eq(h->clock, SERIES_CLOCK_ORDER);
	ck_assert_str_eq(h->snaps[0].name, "m7");
	ck_assert_str_eq(h->snaps[7].name, "m0");
	{
		double x[8];

		ck_assert(!series_positions(h, x));
		ck_assert_double_eq(x[3], 3);
	}
	series_set_free(set);
	series_set_free(src);
}
END_TEST

/* Function flat values are truth.json's observed ones. */
START_TEST(test_trend_condwait_functions)
{
	static const int64_t submit[8] = { 32000, 64000, 96000, 128000,
	    160000, 192000, 224000, 256000 };
	static const int64_t await[8] = { 14080, 28160, 42240, 56320, 70400,
	    84480, 98560, 112640 };
	static const int64_t lru[8] = { 42240, 83512, 117400, 117400, 117400,
	    117400, 117400, 117544 };
	static const int64_t pending[8] = { 39424, 78848, 119296, 0, 39424,
	    78848, 119296, 0 };
	struct series_set *set = testdata_series("condwait", true, false, NULL);
	struct trend_options to = { "inuse_space", GRAN_FUNCTIONS, false,
	    false };
	char *cause = NULL;
	struct trend *t = trend_new(series_find(set, "heap", NULL), &to,
	    &cause);
	const struct trend_site *s;

	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->sample_type, "inuse_space");
	ck_assert_str_eq(t->unit, "bytes");
	ck_assert(t->timed);
	ck_assert_uint_eq(t->n, 8);
	/* Sorted by growth: the biggest leak first. */
	ck_assert_str_eq(t->sites[0].name, "main.submitJob");
	s = trend_find(t, "main.submitJob");
	assert_values(s->flat, submit, 8);
	ck_assert_int_eq(s->stats.change, 224000);
	/* Snapshots are not exactly evenly spaced in time. */
	ck_assert_double_eq_tol(s->stats.r2, 1, 1e-3);
	assert_values(trend_find(t, "main.awaitCompletion")->flat, await, 8);
	assert_values(trend_find(t, "main.(*lruTable).put")->flat, lru, 8);
	assert_values(trend_find(t, "main.appendPending")->flat, pending, 8);
	for (size_t i = 1; i < t->nsites; i++)
		ck_assert(t->sites[i - 1].stats.rate >= t->sites[i].stats.rate);
	trend_free(t);
	series_set_free(set);
}
END_TEST

/* cum of a goroutine series (truth: awaitCompletion cum 20, 40 ... 160);
 * and alloc_space by -sample_index. */
START_TEST(test_trend_cum_and_sample_index)
{
	static const int64_t waiting[8] = { 20, 40, 60, 80, 100, 120, 140,
	    160 };
	static const int64_t saver[8] = { 80, 3623416, 7016904, 10445160,
	    13914680, 17410232, 20923088, 24454928 };
	struct series_set *set = testdata_series("condwait", true, true, NULL);
	struct trend_options to = { NULL, GRAN_FUNCTIONS, false, true };
	char *cause = NULL;
	struct trend *t = trend_new(series_find(set, "goroutine", NULL), &to,
	    &cause);

	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->sample_type, "goroutine");
	assert_values(trend_find(t, "main.awaitCompletion")->cum, waiting, 8);
	trend_free(t);

	to.sample_index = "alloc_space";
	t = trend_new(series_find(set, "heap", NULL), &to, &cause);
	ck_assert_ptr_nonnull(t);
	assert_values(trend_find(t, "main.saveSnapshot")->cum, saver, 8);
	trend_free(t);

	to.sample_index = "no_such_type";
	ck_assert_ptr_null(trend_new(series_find(set, "heap", NULL), &to,
	    &cause));
	ck_assert_ptr_nonnull(cause);
	free(cause);
	series_set_free(set);
}
END_TEST

/* Stacks and lines are sites too; a leaf's stacks add up to its flat. */
START_TEST(test_trend_stacks_and_lines)
{
	struct series_set *set = testdata_series("auditlog", true, false, NULL);
	const struct series *h = series_find(set, "heap", NULL);
	struct trend_options to = { NULL, GRAN_FUNCTIONS, false, false };
	char *cause = NULL;
	struct trend *fn = trend_new(h, &to, &cause), *st, *ln;
	const struct trend_site *rec = trend_find(fn, "main.recordAudit");
	int64_t sum[8] = { 0 }, lsum[8] = { 0 };
	size_t i, k;

	to.stacks = true;
	st = trend_new(h, &to, &cause);
	to.stacks = false;
	to.granularity = GRAN_LINES;
	ln = trend_new(h, &to, &cause);
	ck_assert_ptr_nonnull(st);
	ck_assert_ptr_nonnull(ln);
	for (i = 0; i < st->nsites; i++) {
		const char *name = st->sites[i].name;
		size_t len = strlen(name);

		ck_assert_msg(strncmp(name, "runtime.", 8) == 0 ||
		    strchr(name, ';') != NULL || strncmp(name, "main.", 5)
		    == 0, "stack %s", name);
		if (len > 17 && strcmp(name + len - 17, ";main.recordAudit")
		    == 0)
			for (k = 0; k < 8; k++)
				sum[k] += st->sites[i].flat[k];
	}
	for (i = 0; i < ln->nsites; i++)
		if (strncmp(ln->sites[i].name, "main.recordAudit ", 17) == 0) {
			ck_assert_ptr_nonnull(strstr(ln->sites[i].name,
			    "main.go:"));
			for (k = 0; k < 8; k++)
				lsum[k] += ln->sites[i].flat[k];
		}
	assert_values(sum, rec->flat, 8);
	assert_values(lsum, rec->flat, 8);
	trend_free(fn);
	trend_free(st);
	trend_free(ln);
	series_set_free(set);
}
END_TEST

Suite *
trend_suite(void)
{
	Suite *s = suite_create("trend");
	TCase *tc = tcase_create("trend");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_stats_linear);
	tcase_add_test(tc, test_stats_flat_and_ties);
	tcase_add_test(tc, test_sparkline);
	tcase_add_test(tc, test_correlation);
	tcase_add_test(tc, test_series_groups);
	tcase_add_test(tc, test_series_order_by_time);
	tcase_add_test(tc, test_series_order_fallbacks);
	tcase_add_test(tc, test_trend_condwait_functions);
	tcase_add_test(tc, test_trend_cum_and_sample_index);
	tcase_add_test(tc, test_trend_stacks_and_lines);
	suite_add_tcase(s, tc);
	return s;
}
