/*
 * check_heapdiff.h - the Check suites, one per module (tests/check_X.c
 * exports Suite *X_suite(void)), and helpers they share.
 */
#ifndef HEAPDIFF_CHECK_H
#define HEAPDIFF_CHECK_H

#include <check.h>
#include <stddef.h>

Suite *profile_suite(void);
Suite *pprof_suite(void);
Suite *input_suite(void);
Suite *units_suite(void);
Suite *graph_suite(void);
Suite *store_suite(void);
Suite *tui_suite(void);

/* Path of a file under testdata/ (from $TESTDATA, else ../testdata);
 * returns a static buffer. */
const char *testdata_path(const char *rel);

#endif
