/*
 * cmd-tags.c - `heapdiff tags PROFILE...` (or -tags): label keys and
 * values with their share of the samples, as pprof's -tags.
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"
#include "output.h"
#include "prepare.h"

static int
cmd_tags_exec(struct options *o, const char *name, char **args,
    size_t nargs)
{
	return prepare_sample_report(o, &cmd_tags_entry, args, nargs,
	    out_tags, out_json_tags);
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
