/*
 * cmd-top.c - `heapdiff top[N] PROFILE...`: the functions holding the most,
 * as pprof's -top prints them (flat, flat%, sum%, cum, cum%).  With -base or
 * -diff_base it shows what changed.  It is also what heapdiff does when no
 * command is given.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "graph.h"
#include "load.h"
#include "output.h"
#include "prepare.h"

static int
cmd_top_exec(struct options *o, const char *name, char **args, size_t nargs)
{
	struct profile *p;
	struct report *r;
	int rc;

	/* top10 is top with -nodecount=10. */
	if (name != NULL && strncmp(name, "top", 3) == 0 && name[3] != '\0')
		o->graph.nodecount = atoi(name + 3);
	if ((rc = prepare_profile(o, args, nargs, false, &p)) != EXIT_OK)
		return rc;
	r = report_new(p, &o->graph);
	if (o->json)
		out_json_top(stdout, r);
	else if (o->csv)
		out_csv_top(stdout, r);
	else
		out_top(stdout, r);
	report_free(r);
	prepare_done(o, p);
	return EXIT_OK;
}

const struct cmd_entry cmd_top_entry = {
	"top",
	"[FLAGS] PROFILE...",
	"functions by flat (or -cum) value, as pprof -top",
	"Prints pprof's -top report: for each function (or file, line,\n"
	"address with -files, -lines, -addresses) its flat value (in the\n"
	"function itself), cum value (with its callees) and their shares, sorted\n"
	"by flat (-cum: by cum).  topN, e.g. top10, shows the first N; -nodecount=N\n"
	"does the same.  Nodes whose cum is under -nodefraction of the total\n"
	"(0.005) are dropped and counted in the header.\n"
	"\n"
	"Several profiles are merged.  -base OLD subtracts OLD (values may be\n"
	"negative; percentages are of the sum of absolute values); -diff_base\n"
	"OLD compares with OLD (percentages of OLD's total).  -sample_index\n"
	"picks the sample type, -unit=B prints exact bytes.  The filters\n"
	"(-focus, -ignore, -hide, -show, -show_from, -prune_from, -tagfocus,\n"
	"-tagignore) apply first and are listed under \"Active filters:\".\n"
	"-json and -csv print the same rows as JSON or CSV.\n"
	"\n"
	"Example: heapdiff top10 -focus='main\\.serve' -unit=B heap.pb.gz",
	cmd_top_exec,
};
