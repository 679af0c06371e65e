/*
 * load-dump.c - read [BINARY] DUMP and -base OLD for the heap dump
 * commands (see load-dump.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "heapdump.h"
#include "load-dump.h"
#include "load.h"
#include "xmalloc.h"

int
load_dumps(const struct options *o, const char *cmd, char **args,
    size_t nargs, struct dump_args *out)
{
	struct profile *ps[2] = { NULL, NULL };
	char *files[2], *cause = NULL;
	int64_t ids[2];
	store *st = NULL;
	size_t n = 1, i;
	int rc;

	memset(out, 0, sizeof *out);
	if (nargs == 2 && elfsyms_is_elf(args[0])) {
		out->syms = elfsyms_open(args[0], &cause);
		if (out->syms == NULL) {
			cmd_error("%s: %s", args[0], cause);
			free(cause);
			return EXIT_INPUT;
		}
		args++;
		nargs--;
	}
	if (nargs != 1) {
		cmd_error("%s wants one heap dump, optionally after the "
		    "program's binary (heapdiff help %s)", cmd, cmd);
		load_dumps_done(out);
		return EXIT_USAGE;
	}
	if (o->nbases > 1) {
		cmd_error("%s compares with one -base dump", cmd);
		load_dumps_done(out);
		return EXIT_USAGE;
	}
	files[0] = args[0];
	if (o->nbases == 1)
		files[n++] = o->bases[0];
	if ((rc = load_open_store(o, &st)) != EXIT_OK) {
		load_dumps_done(out);
		return rc;
	}
	rc = load_profiles(o, st, files, n, ps, ids, false);
	store_close(st);
	for (i = 0; rc == EXIT_OK && i < n; i++)
		if (ps[i]->dump == NULL) {
			cmd_error("%s: not a Go heap dump (%s needs the object "
			    "graph of runtime/debug.WriteHeapDump)", files[i],
			    cmd);
			rc = EXIT_INPUT;
		}
	if (rc != EXIT_OK) {
		profile_free(ps[0]);
		profile_free(ps[1]);
		load_dumps_done(out);
		return rc;
	}
	out->dump = ps[0];
	out->base = ps[1];
	out->dump_name = files[0];
	out->base_name = n > 1 ? files[1] : NULL;
	return EXIT_OK;
}

void
load_dumps_done(struct dump_args *a)
{
	profile_free(a->dump);
	profile_free(a->base);
	elfsyms_free(a->syms);
	memset(a, 0, sizeof *a);
}
