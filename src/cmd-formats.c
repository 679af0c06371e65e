/*
 * cmd-formats.c - `heapdiff formats`: the input formats heapdiff reads,
 * by the names -F takes.
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"
#include "parse.h"

static int
cmd_formats_exec(struct options *o, const char *name, char **args,
    size_t nargs)
{
	size_t i;

	if (nargs > 0) {
		cmd_error("formats takes no arguments");
		return EXIT_USAGE;
	}
	for (i = 0; parsers[i] != NULL; i++)
		printf("%-12s %s\n", parsers[i]->name,
		    parsers[i]->description);
	return EXIT_OK;
}

const struct cmd_entry cmd_formats_entry = {
	"formats",
	"",
	"list the input formats (names for -F)",
	"Lists every input format heapdiff reads, one a line: the name -F\n"
	"takes and what the format is.  Without -F, heapdiff detects the\n"
	"format from the first bytes of each file (after undoing gzip, which\n"
	"works for every format).  Example:\n"
	"  heapdiff -F jemalloc top app.heap",
	cmd_formats_exec,
};
