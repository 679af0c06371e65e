/*
 * cmd-raw.c - `heapdiff raw PROFILE...`: the parsed profile in pprof's
 * -raw layout (Profile.String()): samples with location ids and labels,
 * locations with their functions and lines, mappings.  It shows exactly
 * what a parser read, and reproduces pprof's `.string` conformance files.
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"
#include "load.h"
#include "output.h"

static int
cmd_raw_exec(struct options *o, const char *name, char **args, size_t nargs)
{
	struct profile *p;
	int rc;

	if ((rc = load_report_profile(o, args, nargs, &p)) != EXIT_OK)
		return rc;
	out_raw(stdout, p);
	profile_free(p);
	return EXIT_OK;
}

const struct cmd_entry cmd_raw_entry = {
	"raw",
	"[FLAGS] [BINARY] PROFILE...",
	"the parsed profile in pprof's -raw layout",
	"Prints the profile as pprof's -raw does (its Profile.String()):\n"
	"the period, one line per sample with its values and location ids\n"
	"(leaf first) and its labels, then every location with its address,\n"
	"mapping and (inlined) functions and lines, then every mapping.  It\n"
	"shows what heapdiff read from a file of any format; for pprof's legacy\n"
	"test files it prints exactly their .string text.  -base and several\n"
	"profiles work as for top.  Example:\n"
	"  heapdiff raw conntrack.0009.heap",
	cmd_raw_exec,
};
