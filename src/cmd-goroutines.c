/*
 * cmd-goroutines.c - `heapdiff goroutines [BINARY] DUMP`: a Go heap dump's
 * goroutines grouped by state, wait reason and function, largest group
 * first; with -base OLD, how the groups changed.
 */
#include "config.h"

#include <stdio.h>

#include "an-goroutines.h"
#include "cmd.h"
#include "load-dump.h"
#include "out-dump.h"

static int
cmd_goroutines_exec(struct options *o, const char *name, char **args,
    size_t nargs)
{
	struct dump_args da;
	struct dump_out_opts dopt;
	struct goroutine_groups *gs, *old = NULL;
	int rc;

	if ((rc = load_dumps(o, "goroutines", args, nargs, &da)) != EXIT_OK)
		return rc;
	dopt.unit = o->graph.output_unit;
	dopt.rows = o->nodecount_set ? o->graph.nodecount : 0;
	dopt.dump_name = da.dump_name;
	gs = goroutines_group(da.dump->dump);
	if (da.base != NULL)
		old = goroutines_group(da.base->dump);
	if (o->json)
		out_goroutines_json(stdout, gs, old, &dopt);
	else if (old != NULL)
		out_goroutines_compare(stdout, old, gs, &dopt);
	else
		out_goroutines(stdout, gs, &dopt);
	goroutines_free(old);
	goroutines_free(gs);
	load_dumps_done(&da);
	return EXIT_OK;
}

const struct cmd_entry cmd_goroutines_entry = {
	"goroutines",
	"[FLAGS] [BINARY] DUMP",
	"heap dumps: goroutines grouped by state, wait reason and function",
	"Reads a Go heap dump and groups its goroutines by state (runnable,\n"
	"waiting, syscall), wait reason (chan receive, sync.Cond.Wait, sleep...)\n"
	"and function: the top-most frame of the program's own code (package\n"
	"main or a non-standard-library package), else the top-most frame\n"
	"outside package runtime.  Runtime-internal goroutines are marked\n"
	"[system].  -base OLD shows how each group's count changed (a growing\n"
	"group of blocked goroutines is a goroutine leak).  -nodecount=N shows N\n"
	"groups, -json prints JSON.\n"
	"Example: heapdiff goroutines condwait/heapdump-07.bin",
	cmd_goroutines_exec,
};
