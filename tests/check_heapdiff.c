/*
 * check_heapdiff.c - runs every Check suite and prints the counts.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "check_heapdiff.h"

const char *
testdata_path(const char *rel)
{
	static char buf[4096];
	const char *dir = getenv("TESTDATA");

	snprintf(buf, sizeof buf, "%s/%s", dir ? dir : "../testdata", rel);
	return buf;
}

int
main(void)
{
	Suite *(*const suites[])(void) = {
		profile_suite, pprof_suite, input_suite, units_suite,
		graph_suite, store_suite,
		tui_suite,
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
