/*
 * cmd-dot.c - `heapdiff dot PROFILE...`: the call graph as Graphviz DOT
 * text, as `go tool pprof -dot` prints it: pprof's visual trimming (entropy
 * order, at most 80 nodes by default, tags counted as nodes, redundant
 * residual edges removed), node boxes sized by flat and coloured by cum,
 * and with -base red for growth and green for shrinkage.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "graph.h"
#include "output.h"
#include "prepare.h"

int
cmd_dot_write(struct options *o, char **args, size_t nargs, FILE *f)
{
	struct profile *p;
	struct report *r;
	int rc;

	if ((rc = prepare_profile(o, args, nargs, false, &p)) != EXIT_OK)
		return rc;
	/* pprof's default node count for graphs. */
	if (!o->nodecount_set)
		o->graph.nodecount = 80;
	o->graph.visual = true;
	r = report_new(p, &o->graph);
	out_dot(f, r);
	report_free(r);
	prepare_done(o, p);
	return EXIT_OK;
}

static int
cmd_dot_exec(struct options *o, const char *name, char **args, size_t nargs)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m;
	int rc;

	(void)name;
	if (nargs == 0) {
		cmd_usage(&cmd_dot_entry, stderr);
		return EXIT_USAGE;
	}
	/* Compute first, so that bad input leaves no output file. */
	m = open_memstream(&text, &len);
	rc = cmd_dot_write(o, args, nargs, m);
	fclose(m);
	if (rc == EXIT_OK)
		rc = cmd_output_text(o, text, len);
	free(text);
	return rc;
}

const struct cmd_entry cmd_dot_entry = {
	"dot",
	"[FLAGS] PROFILE...",
	"call graph as Graphviz DOT text, as pprof -dot",
	"Prints the call graph in Graphviz's DOT language, as go tool pprof\n"
	"-dot does, byte for byte: a legend with the report's header lines,\n"
	"one box per function (flat and cum values with their shares; the\n"
	"bigger the flat value, the bigger the font; the colour follows cum),\n"
	"the sizes of the allocations (the \"bytes\" tag) under each box, and\n"
	"the calls as edges, thicker for heavier, dotted where nodes were\n"
	"left out between them.  At most 80 nodes are shown unless -nodecount\n"
	"says otherwise; -nodefraction and -edgefraction trim as in pprof.\n"
	"\n"
	"With -base OLD the values are the change: growth is red, shrinkage\n"
	"green.  The filters (-focus, -ignore, -hide, -show, -tagfocus, ...)\n"
	"apply as in pprof and are listed in the legend.  -output=FILE writes\n"
	"to FILE; `heapdiff svg` draws the graph.\n"
	"\n"
	"Example: heapdiff dot -sample_index=inuse_space heap.pb.gz | dot -Tpng",
	cmd_dot_exec,
};
