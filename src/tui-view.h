/*
 * tui-view.h - the browser's screen as an in-memory grid of cells, and the
 * view that draws a model into it.
 *
 * The grid knows nothing of curses: a cell is a character and a style, and
 * tui-curses.c turns styles into colours and attributes (or only
 * attributes, with NO_COLOR or on a monochrome terminal).  Tests render a
 * model into a grid and compare tui_grid_dump's text with goldens.
 */
#ifndef HEAPDIFF_TUI_VIEW_H
#define HEAPDIFF_TUI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A cell's style: one colour role, plus attribute bits. */
enum tui_style {
	TS_NORMAL,
	TS_GROW,	/* growth: red */
	TS_SHRINK,	/* shrink: green */
	TS_TITLE,	/* title bar */
	TS_HEADER,	/* column headings */
	TS_STATUS,	/* bottom line */
	TS_DIM,		/* zero, unchanged, secondary text */
	TS_MARK,	/* leak suspect marks, matches */
};
#define TS_COLOR_MASK	0x0f
#define TS_REVERSE	0x10	/* the selected row */
#define TS_BOLD		0x20

struct tui_cell {
	uint32_t ch;		/* Unicode code point, ' ' when empty */
	uint8_t style;
};

struct tui_grid {
	int w, h;
	struct tui_cell *cells;	/* h rows of w cells */
};

/* Size the grid (w x h, at least 1 x 1) and clear it. */
void tui_grid_resize(struct tui_grid *, int w, int h);
void tui_grid_done(struct tui_grid *);
void tui_grid_clear(struct tui_grid *);
/* Write UTF-8 text at (y, x), at most maxw cells (clipped at the edge);
 * returns the cells written. */
int tui_grid_put(struct tui_grid *, int y, int x, int maxw, uint8_t style,
    const char *text);
/* Fill n cells of row y from x with a style (characters kept). */
void tui_grid_style(struct tui_grid *, int y, int x, int n, uint8_t style);
/*
 * The grid as text: each row without trailing blanks; with styles, each
 * row is followed by a line of style letters (. normal, r grow, g shrink,
 * T title, H header, S status, d dim, m mark; the selected row's cells
 * as # normal, R grow, G shrink, D dim, M mark) when any cell is not
 * plain.
 * Caller frees.
 */
char *tui_grid_dump(const struct tui_grid *, bool styles);

/* Write the UTF-8 bytes of code point c (1 to 4); returns how many. */
size_t tui_utf8_put(char *out, uint32_t c);

struct tui_model;

/* Draw the model's current screen into the grid (sized to the model's
 * width and height). */
void tui_view_draw(struct tui_model *, struct tui_grid *);

#endif
