/*
 * cmd-traces.c - `heapdiff traces PROFILE...` (or -traces): every
 * sample's stack with its value and labels, as pprof's -traces.
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"
#include "graph.h"
#include "output.h"
#include "prepare.h"

static int
cmd_traces_exec(struct options *o, const char *name, char **args,
    size_t nargs)
{
	struct profile *p;
	struct report *r;
	int rc;

	if (nargs == 0) {
		cmd_usage(&cmd_traces_entry, stderr);
		return EXIT_USAGE;
	}
	if ((rc = prepare_profile(o, args, nargs, true, &p)) != EXIT_OK)
		return rc;
	r = report_new_header(p, &o->graph);
	if (o->json)
		out_json_traces(stdout, r);
	else
		out_traces(stdout, r);
	report_free(r);
	prepare_done(o, p);
	return EXIT_OK;
}

const struct cmd_entry cmd_traces_entry = {
	"traces",
	"[FLAGS] PROFILE...",
	"every sample's stack with its value and labels, as pprof -traces",
	"Prints pprof's -traces report: for each sample (after the filters),\n"
	"its labels, then its stack from the leaf up with the sample's value\n"
	"on the first line.  With -base the base's samples appear negated;\n"
	"with -diff_base they carry the label pprof::base.  -json prints the\n"
	"same as JSON.\n"
	"\n"
	"Example: heapdiff traces -focus=recordAudit heap.pb.gz",
	cmd_traces_exec,
};
