/*
 * tui-widget.c - the generic list/tree widget (see tui-widget.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex.h"
#include "tui-model.h"
#include "tui-widget.h"
#include "xmalloc.h"

void
tw_init(struct tui_widget *w)
{
	memset(w, 0, sizeof *w);
	w->sort_col = -1;
	w->height = 1;
}

void
tw_clear(struct tui_widget *w)
{
	int i, c;

	for (i = 0; i < w->nitems; i++)
		for (c = 0; c < TW_MAXCOLS; c++)
			free(w->items[i].cells[c]);
	w->nitems = 0;
	w->nvisible = 0;
}

void
tw_done(struct tui_widget *w)
{
	tw_clear(w);
	free(w->items);
	free(w->visible);
	free(w->filter);
	regex_free(w->re);
}

void
tw_columns(struct tui_widget *w, const struct tw_column *cols, int n,
    int tree_col)
{
	memcpy(w->cols, cols, (size_t)n * sizeof *cols);
	w->ncols = n;
	w->tree_col = tree_col;
}

int
tw_add(struct tui_widget *w, int parent, long tag, bool expanded)
{
	struct tw_item *it;

	ARRAY_GROW(w->items, w->nitems, w->cap);
	it = &w->items[w->nitems];
	memset(it, 0, sizeof *it);
	it->parent = parent;
	it->depth = parent >= 0 ? w->items[parent].depth + 1 : 0;
	it->expanded = expanded;
	it->tag = tag;
	if (parent >= 0)
		w->items[parent].nchildren++;
	return w->nitems++;
}

void
tw_cell(struct tui_widget *w, int item, int col, uint8_t style, int64_t key,
    const char *text)
{
	struct tw_item *it = &w->items[item];

	free(it->cells[col]);
	it->cells[col] = xstrdup(text);
	it->styles[col] = style;
	it->keys[col] = key;
}

/* qsort's context, as qsort has none. */
static const struct tui_widget *sort_widget;

/* Siblings in the sort column's order (numeric: largest first). */
static int
item_cmp(const void *a, const void *b)
{
	const struct tui_widget *w = sort_widget;
	int x = *(const int *)a, y = *(const int *)b, c = w->sort_col, r;
	const struct tw_item *ix = &w->items[x], *iy = &w->items[y];

	if (c < 0)
		r = 0;
	else if (w->cols[c].numeric)
		r = ix->keys[c] > iy->keys[c] ? -1 : ix->keys[c] < iy->keys[c];
	else
		r = strcmp(ix->cells[c] ? ix->cells[c] : "",
		    iy->cells[c] ? iy->cells[c] : "");
	if (w->sort_reverse)
		r = -r;
	return r != 0 ? r : (x > y) - (x < y);
}

/* Append item i's shown children (sorted) after it, depth first. */
static void
lay_out(struct tui_widget *w, int **kids, const int *nkids, int i)
{
	int k;

	if (i >= 0) {
		if (!w->items[i].shown)
			return;
		w->visible[w->nvisible++] = i;
		if (!w->items[i].expanded && w->filter == NULL)
			return;
	}
	for (k = 0; k < nkids[i + 1]; k++)
		lay_out(w, kids, nkids, kids[i + 1][k]);
}

void
tw_build(struct tui_widget *w, long keep_tag)
{
	int old = tw_selected(w), i, **kids, *nkids;
	long tag = keep_tag >= 0 ? keep_tag : old >= 0 && old < w->nitems ?
	    w->items[old].tag : -1;

	/* Filter: an item is shown when it, an ancestor or a descendant
	 * matches.  Parents come before their children in items[]. */
	for (i = 0; i < w->nitems; i++) {
		struct tw_item *it = &w->items[i];
		const char *text = it->cells[w->tree_col];

		it->matches = w->filter != NULL && text != NULL &&
		    regex_match(w->re, text);
		it->shown = w->filter == NULL || it->matches;
	}
	if (w->filter != NULL) {
		bool *under = xcalloc((size_t)w->nitems + 1, sizeof *under);

		for (i = 0; i < w->nitems; i++) {
			int p = w->items[i].parent;

			under[i] = p >= 0 && (under[p] || w->items[p].matches);
			if (under[i])
				w->items[i].shown = true;
		}
		for (i = w->nitems; i-- > 0;)
			if (w->items[i].matches && w->items[i].parent >= 0) {
				int p;

				for (p = w->items[i].parent; p >= 0;
				    p = w->items[p].parent)
					w->items[p].shown = true;
			}
		free(under);
	}

	/* Children lists (index 0 is the top level), sorted. */
	kids = xcalloc((size_t)w->nitems + 1, sizeof *kids);
	nkids = xcalloc((size_t)w->nitems + 1, sizeof *nkids);
	for (i = 0; i < w->nitems; i++)
		nkids[w->items[i].parent + 1]++;
	for (i = 0; i <= w->nitems; i++) {
		kids[i] = xcalloc((size_t)nkids[i] + 1, sizeof **kids);
		nkids[i] = 0;
	}
	for (i = 0; i < w->nitems; i++) {
		int p = w->items[i].parent + 1;

		kids[p][nkids[p]++] = i;
	}
	sort_widget = w;
	for (i = 0; i <= w->nitems; i++)
		qsort(kids[i], (size_t)nkids[i], sizeof **kids, item_cmp);

	free(w->visible);
	w->visible = xcalloc((size_t)w->nitems + 1, sizeof *w->visible);
	w->nvisible = 0;
	lay_out(w, kids, nkids, -1);
	for (i = 0; i <= w->nitems; i++)
		free(kids[i]);
	free(kids);
	free(nkids);

	w->cursor = 0;
	for (i = 0; tag >= 0 && i < w->nvisible; i++)
		if (w->items[w->visible[i]].tag == tag) {
			w->cursor = i;
			break;
		}
	tw_select_row(w, w->cursor);
}

int
tw_selected(const struct tui_widget *w)
{
	if (w->nvisible == 0 || w->cursor < 0 || w->cursor >= w->nvisible)
		return -1;
	return w->visible[w->cursor];
}

void
tw_select_row(struct tui_widget *w, int r)
{
	int h = w->height > 0 ? w->height : 1;

	if (r >= w->nvisible)
		r = w->nvisible - 1;
	if (r < 0)
		r = 0;
	w->cursor = r;
	if (w->cursor < w->top)
		w->top = w->cursor;
	if (w->cursor >= w->top + h)
		w->top = w->cursor - h + 1;
	if (w->top > w->nvisible - h)
		w->top = w->nvisible - h;
	if (w->top < 0)
		w->top = 0;
}

void
tw_scroll(struct tui_widget *w, int n)
{
	int h = w->height > 0 ? w->height : 1, max = w->nvisible - h;

	w->top += n;
	if (w->top > max)
		w->top = max;
	if (w->top < 0)
		w->top = 0;
	if (w->cursor < w->top)
		w->cursor = w->top;
	if (w->cursor >= w->top + h)
		w->cursor = w->top + h - 1;
}

void
tw_toggle(struct tui_widget *w)
{
	int i = tw_selected(w);

	if (i < 0 || w->items[i].nchildren == 0)
		return;
	w->items[i].expanded = !w->items[i].expanded;
	tw_build(w, w->items[i].tag);
}

bool
tw_key(struct tui_widget *w, int key)
{
	int h = w->height > 0 ? w->height : 1, i = tw_selected(w);

	switch (key) {
	case TK_UP:
	case 'k':
		tw_select_row(w, w->cursor - 1);
		return true;
	case TK_DOWN:
	case 'j':
		tw_select_row(w, w->cursor + 1);
		return true;
	case TK_PGUP:
	case TK_CTRL_B:
		tw_scroll(w, -h);
		tw_select_row(w, w->cursor - (w->cursor == w->top ? h : 0));
		return true;
	case TK_PGDN:
	case TK_CTRL_F:
	case ' ':
		tw_scroll(w, h);
		tw_select_row(w, w->cursor + (w->cursor == w->top + h - 1 ?
		    h : 0));
		return true;
	case TK_CTRL_D:
		tw_select_row(w, w->cursor + h / 2);
		return true;
	case TK_CTRL_U:
		tw_select_row(w, w->cursor - h / 2);
		return true;
	case TK_HOME:
	case 'g':
		tw_select_row(w, 0);
		return true;
	case TK_END:
	case 'G':
		tw_select_row(w, w->nvisible - 1);
		return true;
	case TK_RIGHT:
	case 'l':
	case '+':
		if (i >= 0 && w->items[i].nchildren > 0 &&
		    !w->items[i].expanded)
			tw_toggle(w);
		else
			tw_select_row(w, w->cursor + 1);
		return true;
	case TK_LEFT:
	case '-':
		if (i >= 0 && w->items[i].expanded &&
		    w->items[i].nchildren > 0)
			tw_toggle(w);
		else if (i >= 0 && w->items[i].parent >= 0) {
			int r;

			for (r = w->cursor; r-- > 0;)
				if (w->visible[r] == w->items[i].parent)
					break;
			tw_select_row(w, r);
		}
		return true;
	}
	return false;
}

void
tw_next_sort(struct tui_widget *w)
{
	int c = w->sort_col, k;

	for (k = 0; k < w->ncols; k++) {
		c = (c + 1) % w->ncols;
		if (w->cols[c].numeric || c == w->tree_col)
			break;
	}
	w->sort_col = c;
	tw_build(w, -1);
}

int
tw_set_filter(struct tui_widget *w, const char *re, char **cause)
{
	struct regex *r = NULL;
	char *why = NULL;

	if (*re != '\0') {
		r = regex_new_icase(re, &why);
		if (r == NULL) {
			*cause = xasprintf("bad regular expression %s: %s", re,
			    why);
			free(why);
			return -1;
		}
	}
	free(w->filter);
	regex_free(w->re);
	w->filter = NULL;
	w->re = r;
	if (r != NULL)
		w->filter = xstrdup(re);
	tw_build(w, -1);
	if (w->filter != NULL) {
		int i = tw_selected(w);

		if (i < 0 || !w->items[i].matches)
			tw_next_match(w, 1);
	}
	return 0;
}

bool
tw_next_match(struct tui_widget *w, int dir)
{
	int r, n;

	if (w->filter == NULL)
		return false;
	for (n = 1; n <= w->nvisible; n++) {
		r = ((w->cursor + dir * n) % w->nvisible + w->nvisible) %
		    w->nvisible;
		if (w->items[w->visible[r]].matches) {
			tw_select_row(w, r);
			return true;
		}
	}
	return false;
}

/* Column widths for a grid width: fixed columns as asked, the flexible
 * one takes the rest, and a cell between columns.  On a narrow screen
 * the rightmost columns go (width -1) until the flexible one has 12. */
static void
widths(const struct tui_widget *w, int gw, int *out)
{
	int c, used = 0, flex = -1, last = w->ncols - 1;

	for (c = 0; c < w->ncols; c++) {
		out[c] = w->cols[c].width;
		if (out[c] == 0)
			flex = c;
		used += out[c] + (c > 0);
	}
	while (flex >= 0 && gw - used < 12 && last > flex) {
		used -= out[last] + 1;
		out[last--] = -1;
	}
	if (flex >= 0)
		out[flex] = gw - used > 8 ? gw - used : 8;
}

/* Draw one cell's text aligned in width cells at x. */
static void
draw_cell(struct tui_grid *g, int y, int x, int width, bool right,
    uint8_t style, const char *text, int indent)
{
	int len = 0;
	const char *p;

	for (p = text; *p != '\0'; p++)
		if (((unsigned char)*p & 0xc0) != 0x80)
			len++;
	if (right && len < width)
		x += width - len;
	/* Text cut short ends in an ellipsis. */
	if (len > width - indent && width - indent > 1) {
		tui_grid_put(g, y, x + indent, width - indent - 1, style, text);
		tui_grid_put(g, y, x + width - 1, 1, style, "\u2026");
	} else
		tui_grid_put(g, y, x + indent, width - indent, style, text);
}

void
tw_draw(struct tui_widget *w, struct tui_grid *g, int y, int h)
{
	int ws[TW_MAXCOLS], c, r, x;

	widths(w, g->w, ws);
	w->height = h - 1 > 0 ? h - 1 : 1;
	tw_select_row(w, w->cursor);
	for (x = 0, c = 0; c < w->ncols && ws[c] >= 0; c++) {
		char title[64];

		snprintf(title, sizeof title, "%s%s", w->cols[c].title,
		    c == w->sort_col ? (w->sort_reverse ? "^" : "v") : "");
		draw_cell(g, y, x, ws[c], w->cols[c].right, TS_HEADER, title, 0);
		x += ws[c] + 1;
	}
	tui_grid_style(g, y, 0, g->w, TS_HEADER);
	for (r = 0; r < w->height && w->top + r < w->nvisible; r++) {
		int i = w->visible[w->top + r], row = y + 1 + r, k;
		const struct tw_item *it = &w->items[i];

		for (x = 0, c = 0; c < w->ncols && ws[c] >= 0; c++) {
			int indent = 0, cw = ws[c];

			/* The tree column's text runs on over the empty
			 * cells after it (to the row's end when all are:
			 * a section's title). */
			if (c == w->tree_col) {
				for (k = c + 1; k < w->ncols && ws[k] >= 0 &&
				    it->cells[k] == NULL; k++)
					cw += ws[k] + 1;
				if (k == w->ncols || ws[k] < 0)
					cw = g->w - x;
			}

			if (c == w->tree_col && (it->depth > 0 ||
			    it->nchildren > 0)) {
				indent = 2 * it->depth;
				tui_grid_put(g, row, x + indent, 2, TS_DIM,
				    it->nchildren == 0 ? "  " :
				    it->expanded ? "- " : "+ ");
				indent += 2;
				if (indent > ws[c] - 4)
					indent = ws[c] - 4 > 0 ? ws[c] - 4 : 0;
			}
			if (it->cells[c] != NULL)
				draw_cell(g, row, x, cw, w->cols[c].right,
				    it->matches && c == w->tree_col ? TS_MARK :
				    it->styles[c], it->cells[c], indent);
			x += ws[c] + 1;
		}
		if (w->top + r == w->cursor)
			for (x = 0; x < g->w; x++)
				g->cells[row * g->w + x].style |= TS_REVERSE;
	}
}
