/*
 * cmd-leaks.c - `heapdiff leaks [--db F] [PROFILES...]`: leak suspects
 * from a series of heap and goroutine snapshots, ranked, each with its
 * pattern, a one-line fix and the evidence.  --fail-on=SIZE|RATE makes it
 * a CI gate: exit 4 when a suspect grows past the limit.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "leaks.h"
#include "out-trend.h"
#include "progress.h"
#include "series.h"

/* Load the series, find the suspects, print them, apply --fail-on. */
static int
cmd_leaks_exec(struct options *o, const char *name, char **args,
    size_t nargs)
{
	struct series_set *set;
	struct leaks_options lo;
	struct leaks *l;
	struct progress pg;
	int64_t limit_bytes = 0;
	double limit_rate = 0;
	char *cause = NULL;
	size_t i;
	int rc;

	if (o->nbases > 0) {
		cmd_error("%s compares a whole series; -base and -diff_base "
		    "do not apply", cmd_leaks_entry.name);
		return EXIT_USAGE;
	}
	if (o->csv) {
		cmd_error("leaks prints text or -json, not -csv (trend "
		    "-csv gives the series)");
		return EXIT_USAGE;
	}
	if (o->fail_on != NULL && leaks_parse_limit(o->fail_on, &limit_bytes,
	    &limit_rate, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		return EXIT_USAGE;
	}
	progress_init(&pg, stderr, "reading");
	rc = series_load(o, args, nargs, progress_callback, &pg, &set);
	progress_done(&pg);
	if (rc != EXIT_OK)
		return rc;
	lo.sample_index = o->sample_index;
	l = leaks_find(set, &lo, &cause);
	series_set_free(set);
	if (l == NULL) {
		cmd_error("%s", cause);
		free(cause);
		return EXIT_USAGE;
	}
	if (o->json)
		out_leaks_json(stdout, l);
	else
		out_leaks_text(stdout, l, o->ascii || !out_utf8_locale());
	rc = EXIT_OK;
	if (o->fail_on != NULL)
		for (i = 0; i < l->n; i++)
			if (leaks_over_limit(&l->suspects[i], limit_bytes,
			    limit_rate)) {
				fflush(stdout);
				cmd_error("leak suspect %s grows past "
				    "--fail-on=%s", l->suspects[i].function,
				    o->fail_on);
				rc = EXIT_LEAK;
				break;
			}
	leaks_free(l);
	return rc;
}

const struct cmd_entry cmd_leaks_entry = {
	"leaks",
	"[--db FILE] [--fail-on=SIZE|RATE] [-json] [PROFILE...]",
	"leak suspects across snapshots, with the pattern and the fix",
	"Looks at a series of heap snapshots (live memory: inuse_space) and\n"
	"goroutine snapshots of each program and ranks what keeps growing:\n"
	"each suspect with a score (0-100: how steady and sure the growth\n"
	"is), the leak pattern named from its frames (goroutines blocked on a\n"
	"channel send or receive, a select or nil channel, a sync.Cond or\n"
	"mutex; tickers never stopped; http bodies never closed; a map or\n"
	"slice that only grows; sub-slices pinning big arrays; listeners never\n"
	"removed), a one-line fix, and the evidence (the series, rate, share\n"
	"of rising steps, Mann-Kendall p, R2).  Standard-library frames are\n"
	"charged to the first caller in the program's own code.\n"
	"\n"
	"Not leaks: alloc_* growth (it only counts allocations), growth that\n"
	"stops (a cache reaching its size), a sawtooth that drops back, churn,\n"
	"jitter (under 4 KiB, 1 KiB a step, or 3 goroutines), a single step\n"
	"up (sampled profiles are judged by the trend).  -json prints\n"
	"{\"suspects\": [...]}.\n"
	"--fail-on=SIZE (1MB) or RATE (100kB/min) exits 4 when a suspect's\n"
	"heap growth passes it.\n"
	"\n"
	"  heapdiff leaks heap-*.pb.gz goroutine-*.pb.gz",
	cmd_leaks_exec,
};
