/*
 * cmd-snapshots.c - `heapdiff snapshots --db FILE`: list a store's
 * snapshots with their time, kind, totals per sample type and file.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cmd.h"
#include "load.h"

static int
cmd_snapshots_exec(struct options *o, const char *name, char **args,
    size_t nargs)
{
	struct snapshot_info *list;
	char *cause = NULL;
	store *st;
	size_t n, i;
	uint32_t k;
	int rc;

	if (o->db == NULL) {
		cmd_error("snapshots needs --db FILE (or HEAPDIFF_DB)");
		return EXIT_USAGE;
	}
	if (nargs != 0) {
		cmd_usage(&cmd_snapshots_entry, stderr);
		return EXIT_USAGE;
	}
	if ((rc = load_open_store(o, &st)) != EXIT_OK)
		return rc;
	if (store_list(st, &list, &n, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		store_close(st);
		return EXIT_STORE;
	}
	printf("%-5s %-20s %-10s %-12s %s\n", "ID", "TIME (UTC)", "KIND",
	    "PROGRAM", "TOTALS / FILE");
	for (i = 0; i < n; i++) {
		const struct snapshot_info *s = &list[i];
		char when[32] = "-";

		if (s->time_nanos != 0) {
			time_t t = (time_t)(s->time_nanos / 1000000000);
			struct tm tm;

			gmtime_r(&t, &tm);
			strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
		}
		printf("@%-4lld %-20s %-10s %-12s", (long long)s->id, when,
		    s->kind, *s->program ? s->program : "-");
		for (k = 0; k < s->ntypes; k++)
			printf("%s%s=%lld", k ? " " : " ", s->type_names[k],
			    (long long)s->totals[k]);
		printf("\n%-5s %s%s%s\n", "", s->path, *s->labels ? "  " : "",
		    s->labels);
	}
	store_list_free(list, n);
	store_close(st);
	return EXIT_OK;
}

const struct cmd_entry cmd_snapshots_entry = {
	"snapshots",
	"--db FILE",
	"list the snapshots in a store",
	"Lists every snapshot in the store FILE, oldest first: its @ID, the\n"
	"profile's time (UTC), kind (heap, goroutine, ...), program, the total\n"
	"of each sample type, and on a second line the file it came from and\n"
	"its labels.",
	cmd_snapshots_exec,
};
