/*
 * heapdiff.c - main: parse the command line, find the command, run it, and
 * map its status to heapdiff's exit codes (see cmd.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "options.h"
#include "xmalloc.h"

/* `heapdiff help [CMD]`. */
static int
help(char **args, size_t nargs)
{
	const struct cmd_entry *c;
	char *ambiguous;

	if (nargs == 0) {
		cmd_help_all(stdout);
		return EXIT_OK;
	}
	c = cmd_find(args[0], &ambiguous);
	if (c == NULL) {
		if (ambiguous != NULL)
			cmd_error("ambiguous command %s: %s", args[0], ambiguous);
		else
			cmd_error("unknown command %s (heapdiff --help lists "
			    "them)", args[0]);
		free(ambiguous);
		return EXIT_USAGE;
	}
	cmd_help(c, stdout);
	return EXIT_OK;
}

/* Whether arg is the command's own name (or topN), not just a prefix. */
static int
is_exact_command(const struct cmd_entry *c, const char *arg)
{
	return strncmp(arg, c->name, strlen(c->name)) == 0;
}

/* Whether arg names an existing file (then it is a profile, not a command
 * prefix). */
static int
is_file(const char *arg)
{
	struct stat st;

	return stat(arg, &st) == 0;
}

/* Whether the file name ends in suffix. */
static int
output_is(const char *file, const char *suffix)
{
	size_t n = strlen(file), m = strlen(suffix);

	return n > m && strcmp(file + n - m, suffix) == 0;
}

int
main(int argc, char **argv)
{
	struct options o;
	const struct cmd_entry *c = NULL;
	const char *name = NULL;
	char **args, *cause = NULL, *ambiguous = NULL;
	size_t nargs;
	int rc;

	options_init(&o);
	if (options_parse(&o, argc, argv, &args, &nargs, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		free(args);
		options_done(&o);
		return EXIT_USAGE;
	}
	if (o.version) {
		printf("heapdiff %s\n", HEAPDIFF_VERSION);
		rc = EXIT_OK;
		goto out;
	}
	if (nargs > 0 && strcmp(args[0], "help") == 0) {
		rc = help(args + 1, nargs - 1);
		goto out;
	}
	if (o.command != NULL)
		c = cmd_find(o.command, &ambiguous);
	else if (nargs > 0 && (c = cmd_find(args[0], &ambiguous)) != NULL &&
	    !is_exact_command(c, args[0]) && is_file(args[0]))
		c = NULL;	/* a file that happens to be a command prefix */
	else if (c != NULL) {
		name = args[0];
		args++;
		nargs--;
	} else if (ambiguous != NULL && !is_file(args[0])) {
		cmd_error("ambiguous command %s: %s", args[0], ambiguous);
		free(ambiguous);
		rc = EXIT_USAGE;
		goto out;
	}
	free(ambiguous);
	if (o.help) {
		if (c != NULL)
			cmd_help(c, stdout);
		else
			cmd_help_all(stdout);
		rc = EXIT_OK;
		goto out_shifted;
	}
	if (c == NULL) {
		if (nargs == 0) {
			cmd_help_all(stderr);
			rc = EXIT_USAGE;
			goto out_shifted;
		}
		/* No command: top, as pprof -top ... */
		c = &cmd_top_entry;
		/* ... unless -output names a picture: FILE.svg, FILE.dot. */
		if (o.output != NULL && output_is(o.output, ".svg"))
			c = &cmd_svg_entry;
		else if (o.output != NULL && output_is(o.output, ".dot"))
			c = &cmd_dot_entry;
		/* ... and on a terminal, with no report flag or output format,
		 * the browser. */
		else if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) &&
		    o.output == NULL && !o.json && !o.csv)
			c = &cmd_tui_entry;
	}
	rc = c->exec(&o, name, args, nargs);
out_shifted:
	if (name != NULL)
		args--;
out:
	free(args);
	options_done(&o);
	return rc;
}
