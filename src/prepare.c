/*
 * prepare.c - from command-line profiles to the filtered profile a report
 * is built on (see prepare.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "filter.h"
#include "graph.h"
#include "load.h"
#include "prepare.h"
#include "source.h"

int
prepare_profile(struct options *o, char **args, size_t nargs, bool samples,
    struct profile **out)
{
	struct profile *p;
	char *cause = NULL;
	int idx, rc;

	*out = NULL;
	if ((rc = load_report_profile(o, args, nargs, &p)) != EXIT_OK)
		return rc;
	idx = profile_sample_index(p, o->sample_index, &cause);
	if (idx < 0) {
		cmd_error("%s: %s", args[0], cause);
		free(cause);
		profile_free(p);
		return EXIT_USAGE;
	}
	o->graph.sample_index = idx;
	if (samples) {
		/* pprof reads every profile through its Merge, which sums
		 * samples with the same stack and labels and drops all-zero
		 * ones; only reports of single samples can tell. */
		struct profile *m = profile_merge(&p, 1, &cause);

		if (m == NULL) {
			cmd_error("%s: %s", args[0], cause);
			free(cause);
			profile_free(p);
			return EXIT_INPUT;
		}
		profile_free(p);
		p = m;
	}
	/* pprof takes the total before focusing, so that percentages are
	 * of the whole profile unless -relative_percentages. */
	o->graph.total = 0;
	if (!o->relative_percentages)
		o->graph.total = report_total_opt(p, &o->graph);
	if (filter_apply(p, &o->filter, stderr, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		profile_free(p);
		return EXIT_USAGE;
	}
	source_trim_profile(p, o->trim_path, o->source_path);
	o->graph.active_filters = filter_active(&o->filter);
	*out = p;
	return EXIT_OK;
}

void
prepare_done(struct options *o, struct profile *p)
{
	filter_active_free((char **)o->graph.active_filters);
	o->graph.active_filters = NULL;
	profile_free(p);
}

void
prepare_no_trim(struct options *o)
{
	o->graph.nodecount = 0;
	o->graph.nodefraction = 0;
	o->graph.edgefraction = 0;
}

int
prepare_sample_report(struct options *o, const struct cmd_entry *c,
    char **args, size_t nargs, void (*text)(FILE *, const struct report *),
    void (*json)(FILE *, const struct report *))
{
	struct profile *p;
	struct report *r;
	int rc;

	if (nargs == 0) {
		cmd_usage(c, stderr);
		return EXIT_USAGE;
	}
	if ((rc = prepare_check_format(o, c, true, false)) != EXIT_OK)
		return rc;
	if ((rc = prepare_profile(o, args, nargs, true, &p)) != EXIT_OK)
		return rc;
	r = report_new_header(p, &o->graph);
	(o->json ? json : text)(stdout, r);
	report_free(r);
	prepare_done(o, p);
	return EXIT_OK;
}

int
prepare_check_format(const struct options *o, const struct cmd_entry *c,
    bool json_ok, bool csv_ok)
{
	if ((o->json && !json_ok) || (o->csv && !csv_ok)) {
		cmd_error("-%s is not available for %s (-json: top, peek, "
		    "traces, tags; -csv: top)", o->json && !json_ok ? "json" :
		    "csv", c->name);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}
