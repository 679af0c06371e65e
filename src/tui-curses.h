/*
 * tui-curses.h - the only part of heapdiff that talks to curses: start and
 * stop the terminal, copy a cell grid to it, and read keys, mouse events
 * and resizes as tui-model.h's codes.
 */
#ifndef HEAPDIFF_TUI_CURSES_H
#define HEAPDIFF_TUI_CURSES_H

#include <stdbool.h>

#include "tui-view.h"

/* What tui_curses_read returns besides keys. */
#define TUI_EV_NONE	(-1)	/* timeout or signal */
#define TUI_EV_RESIZE	(-2)
#define TUI_EV_MOUSE	(-3)	/* *mouse, *y, *x are set */

/* Take over the terminal; false if it cannot.  *color is set when colours
 * are shown (a colour terminal and no NO_COLOR). */
bool tui_curses_start(bool *color);
/* Give the terminal back as it was. */
void tui_curses_stop(void);
/* The terminal's size now. */
void tui_curses_size(int *w, int *h);
/* Repaint the whole screen at the next blit (^L). */
void tui_curses_repaint(void);
/* Show the grid. */
void tui_curses_blit(const struct tui_grid *);
/*
 * Wait up to timeout_ms (-1: forever) for input: a key (tui-model.h's
 * codes) or a TUI_EV_* event.  For TUI_EV_MOUSE, *mouse is an enum
 * tui_mouse and (*y, *x) the cell.
 */
int tui_curses_read(int timeout_ms, int *mouse, int *y, int *x);

#endif
