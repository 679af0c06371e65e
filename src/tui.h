/*
 * tui.h - the browser's event loop: curses in, model, view, curses out.
 */
#ifndef HEAPDIFF_TUI_H
#define HEAPDIFF_TUI_H

#include <stdbool.h>

#include "tui-data.h"

/* How the browser starts. */
struct tui_start {
	int sample_index;
	enum tui_gran gran;
	bool cum;
};

/*
 * Run the browser on the series d until the user quits: computes the data
 * (with progress, cancellable), then reads keys.  Returns an exit status
 * (cmd.h), or 130 when SIGINT or SIGTERM ended it; the terminal is
 * restored in every case.
 */
int tui_run(struct tui_data *d, const struct tui_start *);

#endif
