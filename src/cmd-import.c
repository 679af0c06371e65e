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

static int
cmd_import_exec(struct options *o, const char *name, char **args,
    size_t nargs)
{
	store *st;
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
	for (i = 0; i < nargs; i++) {
		struct profile *p;
		int64_t id;

		if (args[i][0] == '@') {
			cmd_error("%s: already a stored snapshot", args[i]);
			worst = EXIT_USAGE;
			continue;
		}
		rc = load_one(o, st, args[i], &p, &id);
		if (rc != EXIT_OK) {
			if (worst == EXIT_OK || rc > worst)
				worst = rc;
			continue;
		}
		printf("@%lld\t%s\n", (long long)id, args[i]);
		profile_free(p);
	}
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
