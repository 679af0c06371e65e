/*
 * cmd-list.c - `heapdiff list RE PROFILE...` (or -list=RE): the source of
 * the functions matching RE, each line with its flat and cum value, as
 * pprof's list.  Sources are found under -source_path (colon-separated
 * roots, default the current directory) after -trim_path.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "graph.h"
#include "output.h"
#include "prepare.h"
#include "regex.h"
#include "source.h"

/* The RE of a command that takes one (-list=RE, or the first argument);
 * shared with peek.  Returns NULL after printing the error. */
struct regex *
cmd_symbol(struct options *o, const struct cmd_entry *c, char ***args,
    size_t *nargs)
{
	struct regex *rx;
	char *cause = NULL;
	const char *re = o->symbol;

	if (re == NULL) {
		if (*nargs < 2) {
			cmd_usage(c, stderr);
			return NULL;
		}
		re = (*args)[0];
		(*args)++;
		(*nargs)--;
	} else if (*nargs < 1) {
		cmd_usage(c, stderr);
		return NULL;
	}
	if ((rx = regex_new(re, &cause)) == NULL) {
		cmd_error("parsing argument regexp %s: %s", re, cause);
		free(cause);
	}
	return rx;
}

static int
cmd_list_exec(struct options *o, const char *name, char **args, size_t nargs)
{
	struct profile *p;
	struct report *r;
	struct regex *rx;
	struct source_reader *reader;
	int rc, n;

	if ((rc = prepare_check_format(o, &cmd_list_entry, false,
	    false)) != EXIT_OK)
		return rc;
	if ((rx = cmd_symbol(o, &cmd_list_entry, &args, &nargs)) == NULL)
		return EXIT_USAGE;
	/* pprof's list: -lines granularity, no trimming, object names. */
	o->graph.granularity = GRAN_LINES;
	o->graph.objnames = true;
	prepare_no_trim(o);
	if ((rc = prepare_profile(o, args, nargs, false, &p)) != EXIT_OK) {
		regex_free(rx);
		return rc;
	}
	/* pprof's list sums the nodes' raw values even with -mean; only
	 * the total is a mean. */
	if (o->graph.mean) {
		if (o->graph.total == 0)
			o->graph.total = report_total_opt(p, &o->graph);
		o->graph.mean = false;
	}
	r = report_new(p, &o->graph);
	r->output_unit = o->graph.output_unit;	/* list keeps -unit as is */
	reader = source_reader_new(o->source_path, o->trim_path);
	n = out_list(stdout, r, rx, reader);
	if (n == 0) {
		cmd_error("no matches found for regexp: %s", regex_pattern(rx));
		rc = EXIT_USAGE;
	}
	source_reader_free(reader);
	report_free(r);
	prepare_done(o, p);
	regex_free(rx);
	return rc;
}

const struct cmd_entry cmd_list_entry = {
	"list",
	"REGEX [FLAGS] PROFILE...",
	"annotated source of the functions matching REGEX, as pprof list",
	"Prints pprof's list report: for each function whose name matches\n"
	"REGEX, each of its source files from the function's first line to\n"
	"five lines after the last line with samples, every line with its flat\n"
	"and cum value (\".\" for none).  The granularity is -lines and nothing\n"
	"is trimmed.  -list=REGEX is the same.\n"
	"\n"
	"Sources are looked up as pprof does: the file name is trimmed\n"
	"(-trim_path prefixes), an absolute name must exist, a relative one is\n"
	"searched under each -source_path root (colon-separated; default the\n"
	"current directory) and its parents.  Go binaries built with -trimpath\n"
	"record example.com/app/main.go and runtime/proc.go, so\n"
	"-source_path=DIR:/usr/lib/go/src finds both.  A file that cannot be\n"
	"found gets a one-line error and its lines with samples, numbers only.\n"
	"\n"
	"Example: heapdiff list 'main\\.recordAudit' "
	"-source_path=src:/usr/lib/go/src heap.pb.gz",
	cmd_list_exec,
};
