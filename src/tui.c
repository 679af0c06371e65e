/*
 * tui.c - the browser's event loop (see tui.h): read an event from curses,
 * hand it to the model, and when the model says so compute again (with a
 * progress line that Esc, q or Ctrl-C cancels), draw the view into the
 * grid and copy the grid to the terminal.
 *
 * SIGINT and SIGTERM end the browser cleanly (the terminal is restored);
 * reads time out so the flag they set is seen.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "tui-curses.h"
#include "tui-model.h"
#include "tui-view.h"
#include "tui.h"
#include "xmalloc.h"

static volatile sig_atomic_t tui_signalled;

static void
tui_on_signal(int sig)
{
	tui_signalled = sig;
}

struct progress {
	struct tui_model *m;
	struct tui_grid *g;
	const char *what;
};

/* Show how far a computation is and see whether the user cancels it. */
static int
tui_progress(void *arg, size_t done, size_t total, const char *label)
{
	struct progress *pr = arg;
	struct tui_grid *g = pr->g;
	int mouse, y, x, key;
	char *line;
	size_t i, bar = 20;

	if (tui_signalled)
		return 1;
	while ((key = tui_curses_read(0, &mouse, &y, &x)) != TUI_EV_NONE)
		if (key == TK_ESC || key == 'q' || key == 3)
			return 1;
	line = xasprintf("%s %zu/%zu %s [", pr->what, done, total, label);
	for (i = 0; i < (size_t)g->w; i++)
		g->cells[(size_t)(g->h - 1) * (size_t)g->w + i].ch = ' ';
	tui_grid_style(g, g->h - 1, 0, g->w, TS_STATUS);
	x = tui_grid_put(g, g->h - 1, 0, g->w, TS_STATUS, line);
	for (i = 0; i < bar; i++)
		x += tui_grid_put(g, g->h - 1, x, g->w - x, TS_STATUS,
		    total > 0 && i < bar * done / total ? "#" : ".");
	tui_grid_put(g, g->h - 1, x, g->w - x, TS_STATUS,
	    "]  Esc cancels");
	free(line);
	tui_curses_blit(g);
	return 0;
}

int
tui_run(struct tui_data *d, const struct tui_start *start)
{
	struct tui_model m;
	struct tui_grid g;
	struct progress pr;
	struct sigaction sa, old_int, old_term;
	bool color;
	int w, h, flags = TUI_REDRAW, rc = EXIT_OK;

	if (!tui_curses_start(&color)) {
		cmd_error("cannot start the terminal browser (TERM=%s)",
		    getenv("TERM") ? getenv("TERM") : "");
		return EXIT_USAGE;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = tui_on_signal;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	memset(&g, 0, sizeof g);
	tui_curses_size(&w, &h);
	tui_grid_resize(&g, w, h);
	memset(&m, 0, sizeof m);
	pr.m = &m;
	pr.g = &g;
	/* Heap dumps' dominator trees, for the Detail's retainers. */
	pr.what = "retainers";
	if (tui_data_retain(d, tui_progress, &pr) != 0) {
		rc = tui_signalled ? 130 : EXIT_OK;
		goto out;
	}
	pr.what = "computing";
	if (tui_data_compute(d, start->sample_index, start->gran,
	    tui_progress, &pr) != 0) {
		rc = tui_signalled ? 130 : EXIT_OK;
		goto out;
	}
	tui_model_init(&m, d, w, h);
	m.color = color;
	if (start->cum)
		tui_key(&m, 'c');

	while (!(flags & TUI_QUIT) && !tui_signalled) {
		int ev, mouse = 0, y = 0, x = 0;

		if (flags & TUI_RELOAD) {
			pr.what = "computing";
			tui_model_reload(&m, tui_progress, &pr);
			if (tui_signalled)
				break;
		}
		if (flags & (TUI_REDRAW | TUI_RELOAD)) {
			tui_view_draw(&m, &g);
			tui_curses_blit(&g);
		}
		flags = 0;
		/* With background work, only peek at the keyboard and work
		 * in slices short enough for keys to stay fast. */
		ev = tui_curses_read(tui_model_busy(&m) ? 0 : 250, &mouse, &y,
		    &x);
		if (ev == TUI_EV_NONE) {
			flags = tui_model_work(&m, 10);
			continue;
		}
		if (ev == TUI_EV_RESIZE) {
			tui_curses_size(&w, &h);
			flags = tui_resize(&m, w, h);
		} else if (ev == TUI_EV_MOUSE)
			flags = tui_mouse(&m, (enum tui_mouse)mouse, y, x);
		else {
			if (ev == TK_CTRL_L)
				tui_curses_repaint();
			flags = tui_key(&m, ev);
		}
	}
	tui_model_done(&m);
	if (tui_signalled)
		rc = 130;
out:
	tui_grid_done(&g);
	tui_curses_stop();
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return rc;
}
