/*
 * tui-widget.h - the one list/tree widget every screen of the browser is
 * made of (after tmux's mode-tree): rows with columns, children that fold
 * and unfold, a cursor, scrolling, sorting by any column, and a regular
 * expression filter with next/previous match.
 *
 * A screen fills a widget with tw_add and tw_cell, then calls tw_build;
 * tw_key handles the movement keys and says whether it used the key;
 * tw_draw draws the visible rows into a grid.  Items are kept in the order
 * added; sorting orders siblings, so a tree keeps its shape.
 *
 * Ownership: the widget copies every string it is given.
 */
#ifndef HEAPDIFF_TUI_WIDGET_H
#define HEAPDIFF_TUI_WIDGET_H

#include <stdbool.h>
#include <stdint.h>

#include "tui-view.h"

#define TW_MAXCOLS 8

struct tw_column {
	const char *title;
	int width;		/* cells; 0 = what is left (one such column) */
	bool right;		/* right-aligned */
	bool numeric;		/* sorts by key, largest first */
};

struct tw_item {
	int parent;		/* item index, or -1 */
	int depth;
	int nchildren;
	bool expanded;
	bool matches;		/* filter matches it */
	bool shown;		/* passes the filter */
	long tag;		/* the screen's own index */
	char *cells[TW_MAXCOLS];
	uint8_t styles[TW_MAXCOLS];
	int64_t keys[TW_MAXCOLS];
};

struct tui_widget {
	struct tw_column cols[TW_MAXCOLS];
	int ncols;
	int tree_col;		/* column indented by depth, filtered on */
	struct tw_item *items;
	int nitems, cap;
	int *visible;		/* items in display order */
	int nvisible;
	int cursor;		/* index into visible */
	int top;		/* first visible row drawn */
	int height;		/* rows of the last draw (for paging) */
	int sort_col;		/* -1 = order added */
	bool sort_reverse;
	char *filter;		/* NULL = none */
	struct regex *re;
};

void tw_init(struct tui_widget *);
void tw_done(struct tui_widget *);
/* Set the columns (n <= TW_MAXCOLS); tree_col is the indented one. */
void tw_columns(struct tui_widget *, const struct tw_column *cols, int n,
    int tree_col);
/* Remove every item (columns, sort and filter stay). */
void tw_clear(struct tui_widget *);
/* Add an item under parent (-1 for the top level); returns its index. */
int tw_add(struct tui_widget *, int parent, long tag, bool expanded);
/* Set a cell's text, style and sort key. */
void tw_cell(struct tui_widget *, int item, int col, uint8_t style,
    int64_t key, const char *text);
/* Sort, filter and lay out the items; keeps the cursor on the item with
 * the same tag (or on tag keep_tag when >= 0). */
void tw_build(struct tui_widget *, long keep_tag);

/* Handle a movement or folding key (tui-model.h's key codes); true if
 * used. */
bool tw_key(struct tui_widget *, int key);
/* Move the cursor to visible row r (clamped), scroll by n rows. */
void tw_select_row(struct tui_widget *, int r);
void tw_scroll(struct tui_widget *, int n);
/* The item under the cursor, or -1 when empty. */
int tw_selected(const struct tui_widget *);
/* Unfold or fold the item under the cursor. */
void tw_toggle(struct tui_widget *);

/* Cycle the sort column (numeric columns and the tree column). */
void tw_next_sort(struct tui_widget *);
/* Filter rows by a regular expression (RE2 syntax, as pprof's -focus; case
 * does not matter) on the tree column; "" clears it.  -1 with *cause if it does not
 * compile. */
int tw_set_filter(struct tui_widget *, const char *re, char **cause);
/* Move to the next (dir 1) or previous (dir -1) matching row; false if
 * none. */
bool tw_next_match(struct tui_widget *, int dir);

/* Draw into rows y .. y + h - 1 of the grid, header first. */
void tw_draw(struct tui_widget *, struct tui_grid *, int y, int h);

#endif
