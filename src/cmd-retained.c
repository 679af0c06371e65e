/*
 * cmd-retained.c - `heapdiff retained [BINARY] DUMP`: what keeps a Go heap
 * dump's memory alive.  Prints the dump's live objects and bytes, the
 * largest retainers (roots by the bytes they alone keep alive, from the
 * dominator tree), retained size by allocation site, and with --path ADDR
 * a path from a root to an object.  -base OLD compares two dumps by root
 * and by site.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "an-retained.h"
#include "cmd.h"
#include "load-dump.h"
#include "out-dump.h"

/* The report options of the dump commands: -unit and -nodecount (20 rows
 * unless given). */
static void
dump_opts(const struct options *o, const char *name,
    struct dump_out_opts *out)
{
	out->unit = o->graph.output_unit;
	out->rows = o->nodecount_set ? o->graph.nodecount : 20;
	out->dump_name = name;
}

/* The --path report: a path from a root to the object at o->path. */
static int
path_report(const struct options *o, const struct retained *r,
    const struct dump_out_opts *dopt, const char *file)
{
	struct retained_step *steps = NULL;
	char *end;
	uint64_t addr;
	int n;

	errno = 0;
	addr = strtoull(o->path, &end, 0);
	if (*o->path == '\0' || *end != '\0' || errno != 0) {
		cmd_error("--path wants an address such as 0xc000123450, not "
		    "'%s'", o->path);
		return EXIT_USAGE;
	}
	n = retained_path(r, addr, &steps);
	if (n == 0) {
		cmd_error("%s: no object contains address 0x%" PRIx64, file,
		    addr);
		return EXIT_USAGE;
	}
	if (o->json)
		out_retained_json(stdout, r, n > 0 ? steps : NULL,
		    n > 0 ? n : 0, addr, dopt);
	else {
		out_dump_header(stdout, r->dump, dopt);
		if (n < 0)
			printf("No root reaches 0x%" PRIx64 ".\n", addr);
		else
			out_retained_path(stdout, r, steps, n, addr, dopt);
	}
	free(steps);
	return EXIT_OK;
}

static int
cmd_retained_exec(struct options *o, const char *name, char **args,
    size_t nargs)
{
	struct dump_args da;
	struct dump_out_opts dopt;
	struct retained *r, *old = NULL;
	int rc;

	if ((rc = load_dumps(o, "retained", args, nargs, &da)) != EXIT_OK)
		return rc;
	dump_opts(o, da.dump_name, &dopt);
	r = retained_new(da.dump->dump, da.syms);
	if (da.base != NULL) {
		old = retained_new(da.base->dump, da.syms);
		if (o->json)
			out_retained_compare_json(stdout, old, r, &dopt);
		else
			out_retained_compare(stdout, old, r, &dopt);
	} else if (o->path != NULL)
		rc = path_report(o, r, &dopt, da.dump_name);
	else if (o->json)
		out_retained_json(stdout, r, NULL, 0, 0, &dopt);
	else
		out_retained(stdout, r, &dopt);
	retained_free(old);
	retained_free(r);
	load_dumps_done(&da);
	return rc;
}

const struct cmd_entry cmd_retained_entry = {
	"retained",
	"[FLAGS] [BINARY] DUMP",
	"heap dumps: what keeps memory alive (dominators, retained size)",
	"Reads a Go heap dump (runtime/debug.WriteHeapDump) and prints its live\n"
	"objects and bytes, the largest retainers - roots (global variables,\n"
	"goroutine stack frames, finalizers) by the bytes only they keep alive,\n"
	"from the dominator tree of the pointer graph - and the retained size of\n"
	"each allocation site (objects without an alloc sample are labelled by\n"
	"size class).  Given the program's ELF binary first, data and bss roots\n"
	"are named by their global variable (e.g. main.auditTrail).\n"
	"\n"
	"--path ADDR prints a shortest path from a root to the object containing\n"
	"ADDR.  -base OLD compares OLD with DUMP by root and by site (objects\n"
	"move between dumps, so aggregates are compared).  -unit=B prints exact\n"
	"bytes, -nodecount=N shows N rows per table (default 20), -json prints\n"
	"JSON.  Example: heapdiff retained -unit=B ./auditlog heapdump-07.bin",
	cmd_retained_exec,
};
