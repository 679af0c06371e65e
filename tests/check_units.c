/*
 * check_units.c - units.c against pprof's measurement package (Go 1.19's
 * vendored pprof): Scale, ScaledLabel, Percentage, compatible units and the
 * report's "minimum" output unit.  Every expected value below was printed
 * by that Go code.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check_heapdiff.h"
#include "units.h"

#define NELEM(a) ((int)(sizeof (a) / sizeof (a)[0]))

/* units_label (pprof's ScaledLabel). */
static const struct {
	int64_t value;
	const char *from, *to, *want;
} label_cases[] = {
	{ 0, "bytes", "auto", "0" },
	{ 1023, "bytes", "auto", "1023B" },
	{ 1024, "bytes", "auto", "1kB" },
	{ 1536, "bytes", "auto", "1.50kB" },
	{ -1536, "bytes", "auto", "-1.50kB" },
	{ 1572864, "bytes", "minimum", "1.50MB" },
	{ 5368709120LL, "bytes", "auto", "5GB" },
	{ 123456789, "bytes", "kB", "120563.27kB" },
	/* -unit=B keeps bytes however large. */
	{ 1024, "bytes", "B", "1024B" },
	{ 1048576, "bytes", "b", "1048576B" },
	/* "-0.00" and "0.00" both print as "0". */
	{ -1, "bytes", "kB", "0" },
	{ -4, "bytes", "kB", "0" },
	{ 4, "bytes", "kB", "0" },
	{ 1, "bytes", "MB", "0" },
	{ 1, "ms", "s", "0" },
	/* Time: plural long names, auto scaling up to hours. */
	{ 1500000, "nanoseconds", "ms", "1.50ms" },
	{ 1500000, "ns", "auto", "1.50ms" },
	{ 999, "nanoseconds", "auto", "999ns" },
	{ 7200000000000LL, "ns", "auto", "2hrs" },
	{ 90000000000LL, "ns", "minimum", "90s" },
	{ 1500, "us", "ms", "1.50ms" },
	{ 3, "hours", "auto", "3hrs" },
	/* Counts have no unit suffix. */
	{ 42, "count", "auto", "42" },
	{ 42, "count", "minimum", "42" },
	{ 42, "objects", "auto", "42" },
	{ 42, "objects", "count", "42" },
	/* Unknown units: an unknown target is printed as given; a known kind
	 * with an unknown target falls back to the kind's default unit. */
	{ 42, "widgets", "furlongs", "42furlongs" },
	{ 1024, "bytes", "furlongs", "1024B" },
	{ 2048, "kilobytes", "MB", "2MB" },
	{ 1234, "milligcu", "auto", "1.23GCU" },
	/* -value overflows: pprof does not recurse and prints the bytes. */
	{ INT64_MIN, "bytes", "auto", "-9223372036854775808B" },
};

START_TEST(test_label)
{
	char buf[64];

	memset(buf, 'x', sizeof buf);
	units_label(buf, sizeof buf, label_cases[_i].value,
	    label_cases[_i].from, label_cases[_i].to);
	ck_assert_msg(strcmp(buf, label_cases[_i].want) == 0,
	    "units_label(%lld, %s, %s) = \"%s\", want \"%s\"",
	    (long long)label_cases[_i].value, label_cases[_i].from,
	    label_cases[_i].to, buf, label_cases[_i].want);
}
END_TEST

/* A short buffer is truncated, never overrun. */
START_TEST(test_label_short_buffer)
{
	char buf[8];

	memset(buf, '#', sizeof buf);
	units_label(buf, 5, 1572864, "bytes", "auto");
	ck_assert_str_eq(buf, "1.50");
	ck_assert_int_eq(buf[5], '#');
}
END_TEST

/* units_scale (pprof's Scale): value and unit name. */
static const struct {
	int64_t value;
	const char *from, *to;
	double want;
	const char *unit;
} scale_cases[] = {
	{ 1024, "bytes", "auto", 1, "kB" },
	{ 2048, "BYTES", "auto", 2, "kB" },
	{ 5, "b", "auto", 5, "B" },
	{ 0, "bytes", "auto", 0, "B" },
	{ 100, "MB", "GB", 0.09765625, "GB" },
	{ 1, "PB", "auto", 1, "PB" },
	{ 3, "sec", "ms", 3000, "ms" },
	{ 1, "hr", "s", 3600, "s" },
	{ 1, "hrs", "s", 3600, "s" },
	{ 7, "ms", "auto", 7, "ms" },
	{ 1500, "us", "ms", 1.5, "ms" },
	/* "μs" loses its "s" to the plural rule and is not recognised. */
	{ 1500, "\xce\xbcs", "ms", 1500, "ms" },
	{ 2000, "nanogcu", "auto", 2, "u*GCU" },
	{ 42, "count", "auto", 42, "" },
	{ 42, "count", "sample", 42, "" },
	{ 42, "count", "unit", 42, "" },
	{ 42, "widgets", "furlongs", 42, "furlongs" },
	{ -1536, "bytes", "auto", -1.5, "kB" },
};

START_TEST(test_scale)
{
	const char *u = "unset";
	double v = units_scale(scale_cases[_i].value, scale_cases[_i].from,
	    scale_cases[_i].to, &u);

	ck_assert_msg(fabs(v - scale_cases[_i].want) < 1e-9,
	    "units_scale(%lld, %s, %s) = %.17g, want %.17g",
	    (long long)scale_cases[_i].value, scale_cases[_i].from,
	    scale_cases[_i].to, v, scale_cases[_i].want);
	ck_assert_str_eq(u, scale_cases[_i].unit);
}
END_TEST

/* units_percent (pprof's Percentage). */
static const struct {
	int64_t value, total;
	const char *want;
} percent_cases[] = {
	{ 100, 100, "  100%" },
	{ 1000, 1000, "  100%" },
	{ 9996, 10000, "  100%" },
	{ 10005, 10000, "  100%" },
	{ 10006, 10000, "100.06%" },
	{ -5, 5, "  100%" },
	{ 1, 2, "50.00%" },
	{ -50, 100, "50.00%" },
	{ 1, 3, "33.33%" },
	{ 2, 3, "66.67%" },
	{ 999, 1000, "99.90%" },
	{ 15, 1000, " 1.50%" },
	{ 1, 1000, "  0.1%" },
	{ 21, 100000, "0.021%" },
	{ 69, 1000000, "0.0069%" },
	{ 84, 1000000, "0.0084%" },
	{ 84, 100000000, "8.4e-05%" },
	{ -84, 100000000, "8.4e-05%" },
	{ 0, 10, "    0%" },
	{ 5, 0, "    0%" },
	{ 0, 0, "    0%" },
};

START_TEST(test_percent)
{
	char buf[32];

	units_percent(buf, sizeof buf, percent_cases[_i].value,
	    percent_cases[_i].total);
	ck_assert_msg(strcmp(buf, percent_cases[_i].want) == 0,
	    "units_percent(%lld, %lld) = \"%s\", want \"%s\"",
	    (long long)percent_cases[_i].value,
	    (long long)percent_cases[_i].total, buf, percent_cases[_i].want);
}
END_TEST

/* units_select (report.go's selectOutputUnit for "minimum"). */
static const struct {
	int64_t minv, maxv;
	const char *unit, *want;
} select_cases[] = {
	/* Large heap profile: B and MB differ, 100*96 B is 9.38kB. */
	{ 96, 74075950, "bytes", "kB" },
	{ 5000, 215500, "bytes", "kB" },
	{ 2048, 1048575, "bytes", "kB" },
	/* 100*min >= max: keep the minimum's unit. */
	{ 500, 40000, "bytes", "B" },
	{ 500, 50000, "bytes", "B" },
	{ 500, 50001, "bytes", "kB" },
	{ 100, 1048576, "bytes", "kB" },
	{ 100, 1048576 * 100LL, "bytes", "kB" },
	{ 20000, 1073741824LL * 3, "bytes", "MB" },
	/* No non-zero node: the total decides. */
	{ 0, 74075950, "bytes", "MB" },
	{ 1000, 5000000000LL, "nanoseconds", "us" },
	{ 2000000, 3000000, "nanoseconds", "ms" },
	/* Counts have no unit: the sample unit is kept. */
	{ 5, 215, "count", "count" },
	{ 1, 1000000, "objects", "objects" },
};

START_TEST(test_select)
{
	const char *u = units_select(select_cases[_i].minv,
	    select_cases[_i].maxv, select_cases[_i].unit);

	ck_assert_msg(strcmp(u, select_cases[_i].want) == 0,
	    "units_select(%lld, %lld, %s) = %s, want %s",
	    (long long)select_cases[_i].minv, (long long)select_cases[_i].maxv,
	    select_cases[_i].unit, u, select_cases[_i].want);
}
END_TEST

/* units_compatible (measurement.go's compatibleValueTypes unit test). */
static const struct {
	const char *a, *b;
	int want;
} compatible_cases[] = {
	{ "bytes", "bytes", 1 },
	{ "bytes", "kilobytes", 1 },
	{ "B", "MB", 1 },
	{ "ms", "seconds", 1 },
	{ "nanoseconds", "hours", 1 },
	{ "count", "count", 1 },
	{ "gcu", "megagcu", 1 },
	{ "bytes", "nanoseconds", 0 },
	{ "count", "objects", 0 },
	{ "count", "bytes", 0 },
	{ "ms", "gcu", 0 },
	{ "", "bytes", 0 },
};

START_TEST(test_compatible)
{
	ck_assert_msg(units_compatible(compatible_cases[_i].a,
	    compatible_cases[_i].b) == compatible_cases[_i].want,
	    "units_compatible(%s, %s) != %d", compatible_cases[_i].a,
	    compatible_cases[_i].b, compatible_cases[_i].want);
	/* The relation is symmetric. */
	ck_assert_int_eq(units_compatible(compatible_cases[_i].b,
	    compatible_cases[_i].a), compatible_cases[_i].want);
}
END_TEST

Suite *
units_suite(void)
{
	Suite *s = suite_create("units");
	TCase *tc;

	tc = tcase_create("label");
	tcase_add_loop_test(tc, test_label, 0, NELEM(label_cases));
	tcase_add_test(tc, test_label_short_buffer);
	suite_add_tcase(s, tc);

	tc = tcase_create("scale");
	tcase_add_loop_test(tc, test_scale, 0, NELEM(scale_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("percent");
	tcase_add_loop_test(tc, test_percent, 0, NELEM(percent_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("select");
	tcase_add_loop_test(tc, test_select, 0, NELEM(select_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("compatible");
	tcase_add_loop_test(tc, test_compatible, 0, NELEM(compatible_cases));
	suite_add_tcase(s, tc);
	return s;
}
