/*
 * cmd-tree.c - `heapdiff tree PROFILE...` (or -tree): every node with its
 * callers and callees, as pprof's -tree.
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"
#include "graph.h"
#include "output.h"
#include "prepare.h"

static int
cmd_tree_exec(struct options *o, const char *name, char **args, size_t nargs)
{
	struct profile *p;
	struct report *r;
	int rc;

	if (nargs == 0) {
		cmd_usage(&cmd_tree_entry, stderr);
		return EXIT_USAGE;
	}
	if ((rc = prepare_check_format(o, &cmd_tree_entry, false, false)) !=
	    EXIT_OK)
		return rc;
	/* pprof shows 80 nodes in a tree unless -nodecount says otherwise. */
	if (!o->nodecount_set)
		o->graph.nodecount = 80;
	if ((rc = prepare_profile(o, args, nargs, false, &p)) != EXIT_OK)
		return rc;
	r = report_new(p, &o->graph);
	out_tree(stdout, r, NULL);
	report_free(r);
	prepare_done(o, p);
	return EXIT_OK;
}

const struct cmd_entry cmd_tree_entry = {
	"tree",
	"[FLAGS] PROFILE...",
	"each node with its callers and callees, as pprof -tree",
	"Prints pprof's -tree report: the top nodes (80 unless -nodecount)\n"
	"in flat order, each with its callers above and its callees below and\n"
	"the weight of every call edge.  Trimming (-nodefraction,\n"
	"-edgefraction) and filters apply as for top.\n"
	"\n"
	"Example: heapdiff tree -nodecount=10 heap.pb.gz",
	cmd_tree_exec,
};
