/*
 * cmd-import.c - `heapdiff import --db FILE PROFILE...`: add snapshots to a
 * store, one transaction each.  A file already stored is not stored again;
 * its existing snapshot is named.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "load.h"
#include "progress.h"

/* Profiles parsed at once. */
#define IMPORT_BATCH 4

static int
cmd_import_exec(struct options *o, const char *name, char **args,
    size_t nargs)
{
	store *st;
	struct progress pg;
	size_t i;
	int rc, worst = EXIT_OK;

	if (o->db == NULL) {
		cmd_error("import needs --db FILE (or HEAPDIFF_DB)");
		return EXIT_USAGE;
	}
	if (nargs == 0) {
		cmd_error("import needs at least one profile");
		cmd_usage(&cmd_import_entry, stderr);
		return EXIT_USAGE;
	}
	if ((rc = load_open_store(o, &st)) != EXIT_OK)
		return rc;
	/* A whole series at once: a progress bar on stderr if a terminal. */
	progress_init(&pg, stderr, "importing");
	progress_update(&pg, 0, nargs);
	/* In batches, so a long series is parsed in parallel without holding
	 * every profile in memory at once. */
	for (i = 0; i < nargs; i += IMPORT_BATCH) {
		struct profile *ps[IMPORT_BATCH];
		int64_t ids[IMPORT_BATCH];
		size_t n = nargs - i < IMPORT_BATCH ? nargs - i : IMPORT_BATCH, k;

		for (k = 0; k < n; k++)
			if (args[i + k][0] == '@') {
				progress_done(&pg);
				cmd_error("%s: already a stored snapshot",
				    args[i + k]);
				store_close(st);
				return EXIT_USAGE;
			}
		rc = load_profiles(o, st, args + i, n, ps, ids, true);
		if (rc != EXIT_OK && (worst == EXIT_OK || rc > worst))
			worst = rc;
		progress_done(&pg);
		for (k = 0; k < n; k++) {
			if (ps[k] != NULL)
				printf("@%lld\t%s\n", (long long)ids[k],
				    args[i + k]);
			profile_free(ps[k]);
		}
		fflush(stdout);
		progress_update(&pg, i + n, nargs);
	}
	progress_done(&pg);
	store_close(st);
	return worst;
}

const struct cmd_entry cmd_import_entry = {
	"import",
	"--db FILE [--label K=V]... PROFILE...",
	"add snapshots to a store",
	"Parses each profile and stores it in the SQLite store FILE as a\n"
	"snapshot, in one transaction (an interrupted import leaves nothing).\n"
	"Strings, functions, locations and stacks are shared between the\n"
	"snapshots of a store.  A file stored before (same SHA-256) is not\n"
	"stored again.  Prints @ID and the file for each snapshot; @ID names\n"
	"the snapshot in later commands with --db.  --label K=V attaches\n"
	"labels.  A profile that cannot be read is reported and skipped; the\n"
	"exit status is then 2.",
	cmd_import_exec,
};
