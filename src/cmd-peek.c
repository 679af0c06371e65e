/*
 * cmd-peek.c - `heapdiff peek RE PROFILE...` (or -peek=RE): the callers
 * and callees of the functions matching RE, as pprof's peek.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "graph.h"
#include "output.h"
#include "prepare.h"
#include "regex.h"

/* Whether any node of the report matches rx (pprof prints nothing when
 * none does). */
static bool
any_match(const struct report *r, struct regex *rx)
{
	uint32_t i;

	for (i = 0; i < r->graph->nnodes; i++)
		if (regex_match(rx, r->graph->nodes[i].name))
			return true;
	return false;
}

static int
cmd_peek_exec(struct options *o, const char *name, char **args, size_t nargs)
{
	struct profile *p;
	struct report *r;
	struct regex *rx;
	int rc;

	if ((rc = prepare_check_format(o, &cmd_peek_entry, true,
	    false)) != EXIT_OK)
		return rc;
	if ((rx = cmd_symbol(o, &cmd_peek_entry, &args, &nargs)) == NULL)
		return EXIT_USAGE;
	prepare_no_trim(o);	/* pprof's peek does not trim */
	if ((rc = prepare_profile(o, args, nargs, false, &p)) != EXIT_OK) {
		regex_free(rx);
		return rc;
	}
	r = report_new(p, &o->graph);
	if (!any_match(r, rx)) {
		cmd_error("no matches found for regexp: %s", regex_pattern(rx));
		rc = EXIT_USAGE;
	} else if (o->json)
		out_json_peek(stdout, r, rx);
	else
		out_tree(stdout, r, rx);
	report_free(r);
	prepare_done(o, p);
	regex_free(rx);
	return rc;
}

const struct cmd_entry cmd_peek_entry = {
	"peek",
	"REGEX [FLAGS] PROFILE...",
	"callers and callees of the functions matching REGEX, as pprof peek",
	"Prints pprof's peek report: for each function whose name matches\n"
	"REGEX, its callers (above) and callees (below) with the weight of each\n"
	"call edge and its share of the function's cum, around the function's\n"
	"own flat and cum line.  Nothing is trimmed.  -peek=REGEX is the same;\n"
	"-json prints it as JSON.\n"
	"\n"
	"Example: heapdiff peek 'main\\.serveRequest$' heap.pb.gz",
	cmd_peek_exec,
};
