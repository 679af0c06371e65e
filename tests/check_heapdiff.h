/*
 * check_heapdiff.h - the Check suites, one per module (tests/check_X.c
 * exports Suite *X_suite(void)), and helpers they share.
 */
#ifndef HEAPDIFF_CHECK_H
#define HEAPDIFF_CHECK_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>

Suite *profile_suite(void);
Suite *pprof_suite(void);
Suite *input_suite(void);
Suite *units_suite(void);
Suite *sort_suite(void);
Suite *graph_suite(void);
Suite *store_suite(void);
Suite *flame_suite(void);
Suite *trend_suite(void);
Suite *leaks_suite(void);
Suite *filter_suite(void);
Suite *legacy_suite(void);
Suite *symbolize_suite(void);
Suite *heapdump_suite(void);
Suite *dominator_suite(void);
Suite *tui_suite(void);

/* Path of a file under testdata/ (from $TESTDATA, else ../testdata);
 * returns a static buffer. */
const char *testdata_path(const char *rel);

/* The heap (and goroutine) snapshots 00..07 of a testdata/ scenario
 * directory loaded as a series set (order[]: the order to name them in,
 * NULL for 00..07).  Fails the test if they do not load. */
struct series_set;
struct series_set *testdata_series(const char *dir, bool heap,
    bool goroutine, const int *order);

#endif
