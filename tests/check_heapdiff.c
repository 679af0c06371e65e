/*
 * check_heapdiff.c - runs every Check suite and prints the counts.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "check_heapdiff.h"
#include "options.h"
#include "series.h"
#include "xmalloc.h"

const char *
testdata_path(const char *rel)
{
	static char buf[4096];
	const char *dir = getenv("TESTDATA");

	snprintf(buf, sizeof buf, "%s/%s", dir ? dir : "../testdata", rel);
	return buf;
}

struct series_set *
testdata_series(const char *dir, bool heap, bool goroutine, const int *order)
{
	struct options o;
	struct series_set *set = NULL;
	char *args[16];
	size_t n = 0, i;
	int k;

	options_init(&o);
	o.db = NULL;
	for (k = 0; k < 8; k++) {
		int idx = order != NULL ? order[k] : k;
		char rel[128];

		if (heap) {
			snprintf(rel, sizeof rel, "%s/heap-%02d.pb.gz", dir, idx);
			args[n++] = xstrdup(testdata_path(rel));
		}
		if (goroutine) {
			snprintf(rel, sizeof rel, "%s/goroutine-%02d.pb.gz", dir,
			    idx);
			args[n++] = xstrdup(testdata_path(rel));
		}
	}
	ck_assert_int_eq(series_load(&o, args, n, NULL, NULL, &set), 0);
	for (i = 0; i < n; i++)
		free(args[i]);
	options_done(&o);
	return set;
}

int
main(void)
{
	Suite *(*const suites[])(void) = {
		profile_suite, pprof_suite, input_suite, units_suite,
		graph_suite, store_suite,
		flame_suite,
		trend_suite, leaks_suite,
		filter_suite,
		legacy_suite, symbolize_suite,
		heapdump_suite, dominator_suite,
		tui_suite,
		sort_suite,
	};
	SRunner *sr = srunner_create(NULL);
	size_t i;
	int failed, run;

	for (i = 0; i < sizeof suites / sizeof suites[0]; i++)
		srunner_add_suite(sr, suites[i]());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	run = srunner_ntests_run(sr);
	printf("%d passed, %d failed\n", run - failed, failed);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
