/*
 * cmd-folded.c - `heapdiff folded PROFILE...`: the profile's stacks as
 * folded lines ("root;caller;leaf value"), the input of flamegraph.pl,
 * speedscope, inferno and other flame-graph tools.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "flame.h"
#include "prepare.h"

static int
cmd_folded_exec(struct options *o, const char *name, char **args,
    size_t nargs)
{
	struct profile *p;
	struct flame *f;
	char *text = NULL;
	size_t len = 0;
	FILE *m;
	int rc;

	(void)name;
	if (nargs == 0) {
		cmd_usage(&cmd_folded_entry, stderr);
		return EXIT_USAGE;
	}
	if ((rc = prepare_profile(o, args, nargs, false, &p)) != EXIT_OK)
		return rc;
	f = flame_new(p, o->graph.sample_index);
	m = open_memstream(&text, &len);
	flame_folded(m, f);
	fclose(m);
	flame_free(f);
	prepare_done(o, p);
	rc = cmd_output_text(o, text, len);
	free(text);
	return rc;
}

const struct cmd_entry cmd_folded_entry = {
	"folded",
	"[FLAGS] PROFILE...",
	"folded stacks (a;b;c value) for other flame-graph tools",
	"Prints one line per call path that has a value of its own: the\n"
	"functions from the root to the leaf joined by ';' (inlined calls\n"
	"included), a space and the value of the chosen sample type\n"
	"(-sample_index), sorted by path.  flamegraph.pl, inferno and\n"
	"speedscope read it.  With -base OLD the values are the change (they\n"
	"may be negative).  The filters apply as for top (-hide takes frames\n"
	"out of the paths).  -o FILE writes to FILE.\n"
	"\n"
	"Example: heapdiff folded -sample_index=alloc_space heap.pb.gz |\n"
	"         flamegraph.pl > alloc.svg",
	cmd_folded_exec,
};
