/*
 * cmd-traces.c - `heapdiff traces PROFILE...` (or -traces): every
 * sample's stack with its value and labels, as pprof's -traces.
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"
#include "output.h"
#include "prepare.h"

static int
cmd_traces_exec(struct options *o, const char *name, char **args,
    size_t nargs)
{
	return prepare_sample_report(o, &cmd_traces_entry, args, nargs,
	    out_traces, out_json_traces);
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
