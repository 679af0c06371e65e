/*
 * cmd.c - the command table, lookup by prefix, errors and help text.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "load.h"
#include "xmalloc.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_top_entry,
	&cmd_import_entry,
	&cmd_snapshots_entry,
	&cmd_dot_entry,
	&cmd_svg_entry,
	&cmd_flame_entry,
	&cmd_folded_entry,
	&cmd_trend_entry,
	&cmd_leaks_entry,
	&cmd_list_entry,
	&cmd_peek_entry,
	&cmd_tree_entry,
	&cmd_traces_entry,
	&cmd_tags_entry,
	&cmd_raw_entry,
	&cmd_formats_entry,
	&cmd_retained_entry,
	&cmd_goroutines_entry,
	&cmd_tui_entry,
	NULL,
};

/* "top" followed only by digits is top with a node count. */
static bool
is_topn(const char *name)
{
	const char *p;

	if (strncmp(name, "top", 3) != 0 || name[3] == '\0')
		return false;
	for (p = name + 3; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	return true;
}

const struct cmd_entry *
cmd_find(const char *name, char **ambiguous)
{
	const struct cmd_entry *found = NULL;
	size_t i, len = strlen(name), n = 0;
	char *list = NULL;

	*ambiguous = NULL;
	if (is_topn(name))
		return &cmd_top_entry;
	for (i = 0; cmd_table[i] != NULL; i++)
		if (strcmp(cmd_table[i]->name, name) == 0)
			return cmd_table[i];
	if (len == 0)
		return NULL;
	for (i = 0; cmd_table[i] != NULL; i++) {
		if (strncmp(cmd_table[i]->name, name, len) != 0)
			continue;
		found = cmd_table[i];
		if (n++ == 0)
			list = xstrdup(found->name);
		else {
			char *l = xasprintf("%s, %s", list, found->name);

			free(list);
			list = l;
		}
	}
	if (n > 1) {
		*ambiguous = list;
		return NULL;
	}
	free(list);
	return found;
}

void
cmd_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("heapdiff: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cmd_usage(const struct cmd_entry *c, void *f)
{
	fprintf(f, "usage: heapdiff %s %s\n", c->name, c->usage);
}

void
cmd_help_all(void *f)
{
	size_t i;

	fprintf(f, "usage: heapdiff [FLAGS] [COMMAND [ARGS]] [BINARY] "
	    "PROFILE...\n\n"
	    "heapdiff reads heap profiles (pprof profile.proto, gzipped or "
	    "not) and\nreports what holds memory and what grew, with go tool "
	    "pprof's flags and\nnumbers.  With no command it prints top, or "
	    "on a terminal opens the\nbrowser (tui).  "
	    "It also reads legacy profiles and Go heap dumps\n(heapdiff formats "
	    "lists them); an ELF BINARY before the profiles names the\n"
	    "program whose raw addresses to symbolize.\n\nCommands:\n");
	for (i = 0; cmd_table[i] != NULL; i++)
		fprintf(f, "  %-10s %s\n", cmd_table[i]->name,
		    cmd_table[i]->summary);
	fprintf(f, "\n%s\nExit status: 0 ok, 1 usage error, 2 unreadable or "
	    "invalid input, 3 store error,\n4 leaks --fail-on found a leak.\nheapdiff help COMMAND describes a "
	    "command; man heapdiff has the rest.\n", options_help);
}

void
cmd_help(const struct cmd_entry *c, void *f)
{
	cmd_usage(c, f);
	fprintf(f, "\n%s\n", c->help);
}

int
cmd_output_open(const struct options *o, FILE **f)
{
	if (o->output == NULL || strcmp(o->output, "-") == 0) {
		*f = stdout;
		return EXIT_OK;
	}
	if ((*f = fopen(o->output, "w")) == NULL) {
		cmd_error("%s: cannot write: %s", o->output, strerror(errno));
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int
cmd_output_close(const struct options *o, FILE *f)
{
	int bad = ferror(f) != 0;

	if (f == stdout)
		bad |= fflush(f) != 0;
	else
		bad |= fclose(f) != 0;
	if (bad) {
		cmd_error("%s: write error", o->output != NULL ? o->output :
		    "stdout");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int
cmd_output_text(const struct options *o, const char *text, size_t len)
{
	FILE *f;
	int rc;

	if ((rc = cmd_output_open(o, &f)) != EXIT_OK)
		return rc;
	fwrite(text, 1, len, f);
	return cmd_output_close(o, f);
}
