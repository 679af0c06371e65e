/*
 * cmd-tui.c - `heapdiff tui [FLAGS] [--db FILE] [PROFILE...]`: the terminal
 * browser over a series of snapshots (see tui.h).  It is also what heapdiff
 * does with profiles and no command when stdin and stdout are terminals.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "symbolize.h"
#include "tui-data.h"
#include "tui.h"
#include "xmalloc.h"

/*
 * Loading progress on stderr, when it is a terminal: a short line with the
 * cursor left at its start, so that an error message (always longer)
 * replaces it.  Ctrl-C cancels: nothing is on the screen yet to restore.
 */
static int
cmd_tui_progress(void *arg, size_t done, size_t total, const char *label)
{
	if (*label != '\0')
		fprintf(stderr, "heapdiff: loading %zu/%zu\033[K\r", done,
		    total);
	else
		fprintf(stderr, "\033[K");
	fflush(stderr);
	return 0;
}

static int
cmd_tui_exec(struct options *o, const char *name, char **args, size_t nargs)
{
	struct tui_data *d;
	struct tui_start start;
	char **all, *cause = NULL;
	size_t n = o->nbases + nargs;
	int rc;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cmd_error("tui needs a terminal on stdin and stdout (top "
		    "prints a report)");
		return EXIT_USAGE;
	}
	if (nargs == 0 && o->db == NULL) {
		cmd_usage(&cmd_tui_entry, stderr);
		return EXIT_USAGE;
	}
	/* heapdiff tui BINARY PROFILE... (or --db F BINARY): an ELF first
	 * argument is the program (it names heap dumps' global variables), as
	 * in pprof. */
	if ((nargs > 1 || (nargs == 1 && o->db != NULL)) &&
	    o->binary == NULL && symbolize_is_elf(args[0])) {
		o->binary = args[0];
		args++;
		nargs--;
		n--;
	}
	/* -base snapshots come first in the series. */
	all = xcalloc(n + 1, sizeof *all);
	if (o->nbases > 0)
		memcpy(all, o->bases, o->nbases * sizeof *all);
	if (nargs > 0)
		memcpy(all + o->nbases, args, nargs * sizeof *all);
	d = tui_data_new();
	rc = tui_data_load(d, o, all, n, isatty(STDERR_FILENO) ?
	    cmd_tui_progress : NULL, NULL);
	free(all);
	if (rc != EXIT_OK) {
		tui_data_free(d);
		return rc;
	}
	/* Leak suspects come first on Growth, marked with their pattern. */
	if (tui_data_find_suspects(d, &cause) < 0) {
		cmd_error("%s: leak suspects: %s", d->snaps[0].name, cause);
		free(cause);
		cause = NULL;
	}
	d->source_path = o->source_path;
	d->trim_path = o->trim_path;
	memset(&start, 0, sizeof start);
	start.sample_index = tui_data_sample_index(d, o->sample_index, &cause);
	if (start.sample_index < 0) {
		cmd_error("%s: %s", d->snaps[0].name, cause);
		free(cause);
		tui_data_free(d);
		return EXIT_USAGE;
	}
	start.gran = o->graph.granularity == GRAN_LINES ? TUI_GRAN_LINES :
	    TUI_GRAN_FUNCTIONS;
	start.cum = o->graph.cum_sort;
	rc = tui_run(d, &start);
	tui_data_free(d);
	return rc;
}

const struct cmd_entry cmd_tui_entry = {
	"tui",
	"[FLAGS] [--db FILE] [BINARY] [PROFILE...]",
	"browse a series of snapshots in the terminal",
	"Opens the terminal browser on the profiles given, oldest first (or\n"
	"with none, on the --db store's snapshots of the newest one's kind).\n"
	"It opens on Growth: every site with its value in the base (first)\n"
	"and target (last) snapshot, the change, the growth rate and a\n"
	"sparkline over all snapshots; leak suspects first (as leaks finds\n"
	"them, with their pattern), then the largest growth.  Enter shows a\n"
	"site's callers, callees, call tree, stacks and source (flat and cum\n"
	"per line), and on Go heap dumps its retainers (the roots and\n"
	"dominators keeping its objects alive, with the bytes they retain;\n"
	"give the program's binary first, or alone after --db, to name global\n"
	"variables); 1 shows the snapshots, where b and t pick the base and\n"
	"target; ? lists every key; q quits.  -sample_index picks the first\n"
	"sample type (i changes it), -lines starts with line granularity (f\n"
	"changes it), -cum with cum values (c changes it), -base FILE puts\n"
	"FILE first.  heapdiff PROFILE... with no command opens it when stdin\n"
	"and stdout are terminals.\n"
	"NO_COLOR turns colours off.",
	cmd_tui_exec,
};
