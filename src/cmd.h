/*
 * cmd.h - heapdiff's commands.
 *
 * Each command is one src/cmd-NAME.c exporting a struct cmd_entry; cmd.c
 * holds the table, finds a command by name or unique prefix (naming the
 * candidates when a prefix is ambiguous), and prints usage and help from
 * the entries, so `heapdiff help CMD`, usage errors and the man page say
 * the same thing.
 */
#ifndef HEAPDIFF_CMD_H
#define HEAPDIFF_CMD_H

#include <stddef.h>

#include "options.h"

/* Exit statuses (the man page's EXIT STATUS). */
enum {
	EXIT_OK = 0,
	EXIT_USAGE = 1,		/* bad command line */
	EXIT_INPUT = 2,		/* unreadable or invalid input */
	EXIT_STORE = 3,		/* store error */
	EXIT_LEAK = 4,		/* leaks --fail-on found a leak */
};

struct cmd_entry {
	const char *name;
	const char *usage;	/* arguments after the name */
	const char *summary;	/* one line */
	const char *help;	/* a paragraph or more, for help CMD */
	/* Run with the parsed options and the arguments after the command
	 * name; returns an exit status. */
	int (*exec)(struct options *o, const char *name, char **args,
	    size_t nargs);
};

extern const struct cmd_entry cmd_top_entry;
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_snapshots_entry;
extern const struct cmd_entry cmd_tui_entry;

/* NULL-terminated table, in the order help lists them. */
extern const struct cmd_entry *const cmd_table[];

/*
 * The command called name: an exact name, "topN", or a unique prefix.
 * NULL if none; *ambiguous is set (caller frees) to the candidates when a
 * prefix matches several.
 */
const struct cmd_entry *cmd_find(const char *name, char **ambiguous);

/* Print "heapdiff: " and the message to stderr. */
void cmd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print a command's usage line to f. */
void cmd_usage(const struct cmd_entry *, void *f);

/* The main help (--help) and a command's help (help CMD). */
void cmd_help_all(void *f);
void cmd_help(const struct cmd_entry *, void *f);

#endif
