/*
 * cmd-trend.c - `heapdiff trend [--db F] [PROFILES...]`: how every site
 * changes across a series of snapshots -- first, last, change, growth rate
 * per minute (least squares), how steadily it grew (share of rising steps,
 * Mann-Kendall, R^2) and a sparkline -- fastest growth first.  Each
 * program and kind of snapshot (heap, goroutine ...) is its own series.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "out-trend.h"
#include "progress.h"
#include "series.h"
#include "trend.h"

/* Load the series, trend each group and print it. */
static int
cmd_trend_exec(struct options *o, const char *name, char **args,
    size_t nargs)
{
	struct series_set *set;
	struct trend_options to;
	struct progress pg;
	size_t i, shown = 0;
	size_t limit = o->nodecount_set ? (size_t)o->graph.nodecount : 0;
	bool ascii = o->ascii || !out_utf8_locale();
	char *cause = NULL, *first_cause = NULL;
	int rc;

	if (o->nbases > 0) {
		cmd_error("%s compares a whole series; -base and -diff_base "
		    "do not apply", cmd_trend_entry.name);
		return EXIT_USAGE;
	}
	if (o->json && o->csv) {
		cmd_error("-json and -csv cannot both be given");
		return EXIT_USAGE;
	}
	progress_init(&pg, stderr, "reading");
	rc = series_load(o, args, nargs, progress_callback, &pg, &set);
	progress_done(&pg);
	if (rc != EXIT_OK)
		return rc;
	to.sample_index = o->sample_index;
	to.granularity = o->graph.granularity;
	to.stacks = o->stacks;
	to.cum = o->graph.cum_sort;
	if (o->json)
		fputs("{\"series\": [\n", stdout);
	for (i = 0; i < set->ngroups; i++) {
		const struct series *g = &set->groups[i];
		struct trend *t = trend_new(g, &to, &cause);

		if (t == NULL) {
			/* A -sample_index some kinds lack skips them. */
			if (first_cause == NULL)
				first_cause = cause;
			else
				free(cause);
			cause = NULL;
			continue;
		}
		if (o->json) {
			if (shown > 0)
				fputs(",\n", stdout);
			out_trend_json(stdout, t, g->program, g->kind, limit);
		} else if (o->csv)
			out_trend_csv(stdout, t, g->program, g->kind,
			    shown == 0, limit);
		else {
			if (shown > 0)
				putchar('\n');
			out_trend_text(stdout, t, g->program, g->kind, limit,
			    ascii);
		}
		shown++;
		trend_free(t);
	}
	if (o->json)
		fputs("]}\n", stdout);
	series_set_free(set);
	if (shown == 0) {
		/* Only an empty store gives no group at all. */
		if (first_cause != NULL || o->db == NULL)
			cmd_error("%s", first_cause != NULL ? first_cause :
			    "no snapshots");
		else
			cmd_error("%s: no snapshots (heapdiff import --db %s "
			    "FILE... adds some)", o->db, o->db);
		free(first_cause);
		return EXIT_USAGE;
	}
	free(first_cause);
	return EXIT_OK;
}

const struct cmd_entry cmd_trend_entry = {
	"trend",
	"[--db FILE] [FLAGS] [PROFILE...]",
	"growth of every site across a series of snapshots",
	"For a series of snapshots (the profiles named, or every snapshot in\n"
	"the store with --db), grouped by program and kind (heap, goroutine)\n"
	"and ordered by the profiles' times (else the files' modification\n"
	"times, else as given), prints for every site its first and last\n"
	"value, the change, the growth rate per minute (least squares over\n"
	"time; per step without times), the share of steps that grew, the\n"
	"Mann-Kendall trend test's p-value (small: a steady rise), R2 of the\n"
	"linear fit and a sparkline, fastest growth first.\n"
	"\n"
	"Sites are functions (pprof's flat; -cum: cum), -lines for source\n"
	"lines, -stacks for whole stacks.  -sample_index picks the value\n"
	"(default inuse_space for heaps).  -nodecount=N shows the first N.\n"
	"-json and -csv print machine-readable output; --ascii draws the\n"
	"sparkline in ASCII (also when the locale is not UTF-8).\n"
	"\n"
	"  heapdiff trend heap-*.pb.gz",
	cmd_trend_exec,
};
