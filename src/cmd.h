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
#include <stdio.h>

#include "options.h"
#include "profile.h"

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
extern const struct cmd_entry cmd_dot_entry;
extern const struct cmd_entry cmd_svg_entry;
extern const struct cmd_entry cmd_flame_entry;
extern const struct cmd_entry cmd_folded_entry;
extern const struct cmd_entry cmd_trend_entry;
extern const struct cmd_entry cmd_leaks_entry;
extern const struct cmd_entry cmd_list_entry;
extern const struct cmd_entry cmd_peek_entry;
extern const struct cmd_entry cmd_tree_entry;
extern const struct cmd_entry cmd_traces_entry;
extern const struct cmd_entry cmd_tags_entry;
extern const struct cmd_entry cmd_raw_entry;
extern const struct cmd_entry cmd_formats_entry;
extern const struct cmd_entry cmd_retained_entry;
extern const struct cmd_entry cmd_goroutines_entry;
extern const struct cmd_entry cmd_tui_entry;

/* NULL-terminated table, in the order help lists them. */
extern const struct cmd_entry *const cmd_table[];

/*
 * The command called name: an exact name, "topN", or a unique prefix.
 * NULL if none; *ambiguous is set (caller frees) to the candidates when a
 * prefix matches several.
 */
const struct cmd_entry *cmd_find(const char *name, char **ambiguous);

/*
 * The REGEX of list and peek: -list=RE / -peek=RE, else the first argument
 * (then *args and *nargs move past it).  NULL after printing the usage or
 * the regex error.  In cmd-list.c.
 */
struct regex;
struct regex *cmd_symbol(struct options *o, const struct cmd_entry *c,
    char ***args, size_t *nargs);

/* Print "heapdiff: " and the message to stderr. */
void cmd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print a command's usage line to f. */
void cmd_usage(const struct cmd_entry *, void *f);

/* The main help (--help) and a command's help (help CMD). */
void cmd_help_all(void *f);
void cmd_help(const struct cmd_entry *, void *f);

/* Open -output (o->output) for writing, or stdout when it is unset. */
int cmd_output_open(const struct options *o, FILE **f);
/* Close what cmd_output_open opened; EXIT_OK unless writing failed. */
int cmd_output_close(const struct options *o, FILE *f);

/* Write text (len bytes, computed before anything is opened, so that bad
 * input leaves no output file) to -output or stdout. */
int cmd_output_text(const struct options *o, const char *text, size_t len);

/* Write pprof's -dot call graph of args to f (cmd-dot.c; svg uses it). */
int cmd_dot_write(struct options *o, char **args, size_t nargs, FILE *f);

#endif
