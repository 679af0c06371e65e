/*
 * cmd-tags.c - `heapdiff tags PROFILE...` (or -tags): label keys and
 * values with their share of the samples, as pprof's -tags.
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"
#include "graph.h"
#include "output.h"
#include "prepare.h"

static int
cmd_tags_exec(struct options *o, const char *name, char **args, size_t nargs)
{
	struct profile *p;
	struct report *r;
	int rc;

	if (nargs == 0) {
		cmd_usage(&cmd_tags_entry, stderr);
		return EXIT_USAGE;
	}
	if ((rc = prepare_profile(o, args, nargs, true, &p)) != EXIT_OK)
		return rc;
	r = report_new_header(p, &o->graph);
	if (o->json)
		out_json_tags(stdout, r);
	else
		out_tags(stdout, r);
	report_free(r);
	prepare_done(o, p);
	return EXIT_OK;
}

const struct cmd_entry cmd_tags_entry = {
	"tags",
	"[FLAGS] PROFILE...",
	"label keys and values with their share, as pprof -tags",
	"Prints pprof's -tags report: for each label key (Go heap profiles\n"
	"have the numeric key bytes, the object size) its total and each\n"
	"value's weight and share, largest first.  -tagshow/-taghide pick\n"
	"keys, -tagfocus/-tagignore samples.  -json prints the same as JSON.\n"
	"\n"
	"Example: heapdiff tags -tagfocus=64kb: heap.pb.gz",
	cmd_tags_exec,
};
