/*
 * cmd-flame.c - `heapdiff flame PROFILE -o out.svg`: a flame graph as one
 * standalone SVG file; with -base OLD (or -diff_base OLD) a differential
 * flame graph of what changed from OLD to the profile.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "flame.h"
#include "output.h"
#include "prepare.h"

static int
cmd_flame_exec(struct options *o, const char *name, char **args,
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
		cmd_usage(&cmd_flame_entry, stderr);
		return EXIT_USAGE;
	}
	/* Keep the base's samples apart (labelled pprof::base) so that each
	 * frame gets its before and after values. */
	if (o->nbases > 0)
		o->diff_base = true;
	if ((rc = prepare_profile(o, args, nargs, false, &p)) != EXIT_OK)
		return rc;
	f = flame_new(p, o->graph.sample_index);
	if (strcmp(o->graph.output_unit, "minimum") != 0)
		f->output_unit = o->graph.output_unit;
	m = open_memstream(&text, &len);
	out_flame(m, f);
	fclose(m);
	flame_free(f);
	prepare_done(o, p);
	rc = cmd_output_text(o, text, len);
	free(text);
	return rc;
}

const struct cmd_entry cmd_flame_entry = {
	"flame",
	"[FLAGS] [-base OLD] PROFILE... [-o FILE.svg]",
	"flame graph as one standalone SVG; with -base a differential one",
	"Writes a flame graph of the profile as one SVG file that needs nothing\n"
	"else (no fonts, scripts or network): each box is a function on a call\n"
	"path, the root at the bottom, as wide as its value (-sample_index picks\n"
	"the type).  In a browser, hovering shows the name, value and share;\n"
	"clicking a box zooms into it (Reset zoom goes back); Search (or\n"
	"Ctrl-F) highlights the boxes whose names match a regular expression\n"
	"and shows their share.  It scales to any window size.\n"
	"\n"
	"With -base OLD it is a differential flame graph: widths are the new\n"
	"profile's, colours the change (red grew, blue shrank, the deeper the\n"
	"colour the bigger the change), every caller of a changed function\n"
	"carries the change, boxes new since OLD have a dashed outline, and\n"
	"sites gone since OLD are listed under the graph.  Tooltips show\n"
	"before, after and delta.  -unit=B prints exact bytes.  -o FILE (or\n"
	"-output=FILE) writes to FILE instead of standard output.  The\n"
	"filters (-focus, -hide, -tagfocus, ...) apply as for top.\n"
	"\n"
	"Example: heapdiff flame -base heap-00.pb.gz heap-07.pb.gz -o diff.svg",
	cmd_flame_exec,
};
