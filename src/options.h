/*
 * options.h - heapdiff's command line.
 *
 * heapdiff takes pprof's flags as pprof spells them (-base, -sample_index=
 * alloc_space, -nodecount 20, -top) and the same with two dashes (--base,
 * --db).  Flags may come before or after the command and the profiles;
 * "--" ends them.  A flag that names a report (-top) selects the command,
 * as in pprof.
 */
#ifndef HEAPDIFF_OPTIONS_H
#define HEAPDIFF_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "filter.h"
#include "graph.h"

struct options {
	/* Profiles and stores. */
	char **bases;			/* -base (repeatable) */
	size_t nbases;
	bool diff_base;			/* the bases came from -diff_base */
	bool normalize;
	const char *db;			/* --db, else $HEAPDIFF_DB */
	char **labels;			/* --label k=v (repeatable) */
	size_t nlabels;
	const char *format;		/* -F NAME */

	/* Reports. */
	const char *sample_index;	/* NULL = profile default */
	struct graph_options graph;
	bool nodecount_set;

	/* Filters, source lookup and output forms. */
	struct filter_spec filter;	/* -focus, -ignore, ... -taghide */
	bool relative_percentages;
	const char *source_path;	/* -source_path (colon-separated) */
	const char *trim_path;		/* -trim_path (colon-separated) */
	const char *symbol;		/* RE of -list=RE, -peek=RE */
	bool json, csv;			/* -json, -csv */

	/* What to do. */
	const char *command;		/* from a flag such as -top, or NULL */
	bool help, version;

	/* Pictures. */
	const char *output;		/* -output / -o FILE, NULL = stdout */

	/* Series (trend, leaks; they also take -json and -csv). */
	bool stacks;			/* -stacks: sites are whole stacks */
	bool ascii;			/* --ascii sparklines */
	const char *fail_on;		/* leaks --fail-on=RATE|SIZE */
};

/* Set defaults (pprof's). */
void options_init(struct options *);
void options_done(struct options *);

/*
 * Parse argv[1..argc): flags go into o, every other argument is appended to
 * *args (caller frees the array, not the strings).  Returns 0, or -1 with
 * *cause for a usage error.
 */
int options_parse(struct options *o, int argc, char **argv, char ***args,
    size_t *nargs, char **cause);

/* The flags' help text, for --help and the man page's OPTIONS. */
extern const char options_help[];

#endif
