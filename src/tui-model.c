/*
 * tui-model.c - the browser's state and keys (see tui-model.h).
 *
 * Each screen is one tui_widget; the model fills it from the data when
 * what it shows changes (base, target, sample type, granularity, flat or
 * cum), and keys either move inside the widget or change the state.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "trend.h"
#include "tui-model.h"
#include "tui-view.h"
#include "xmalloc.h"

const char *
tui_gran_name(enum tui_gran g)
{
	switch (g) {
	case TUI_GRAN_FUNCTIONS: return "functions";
	case TUI_GRAN_LINES: return "lines";
	case TUI_GRAN_STACKS: return "stacks";
	}
	return "?";
}

int
tui_script_keys(const char *s, int *keys, int max)
{
	static const struct { const char *name; int key; } names[] = {
		{ "<Enter>", TK_ENTER }, { "<Esc>", TK_ESC },
		{ "<BS>", TK_BACKSPACE }, { "<Up>", TK_UP },
		{ "<Down>", TK_DOWN }, { "<Left>", TK_LEFT },
		{ "<Right>", TK_RIGHT }, { "<PgUp>", TK_PGUP },
		{ "<PgDn>", TK_PGDN }, { "<Home>", TK_HOME },
		{ "<End>", TK_END }, { "<F1>", TK_F1 },
	};
	int n = 0;
	size_t k;

	while (*s != '\0' && n < max) {
		bool named = false;

		for (k = 0; k < sizeof names / sizeof names[0]; k++)
			if (strncmp(s, names[k].name, strlen(names[k].name))
			    == 0) {
				keys[n++] = names[k].key;
				s += strlen(names[k].name);
				named = true;
				break;
			}
		if (!named)
			keys[n++] = (unsigned char)*s++;
	}
	return n;
}

int
tui_model_list_top(const struct tui_model *m)
{
	return 2;
}

int
tui_model_list_height(const struct tui_model *m)
{
	int h = m->height - 3;

	return h > 2 ? h : 2;
}

static void
set_message(struct tui_model *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
set_message(struct tui_model *m, const char *fmt, ...)
{
	va_list ap;

	free(m->message);
	m->message = NULL;
	if (fmt == NULL)
		return;
	va_start(ap, fmt);
	m->message = xvasprintf(fmt, ap);
	va_end(ap);
}

/* The value of a site in snapshot i, flat or cum as shown. */
static int64_t
site_value(const struct tui_model *m, const struct tui_site *s, size_t i)
{
	return m->show_cum ? s->cum[i] : s->flat[i];
}

/* The style of a change: growth red, shrink green, none dim. */
static uint8_t
change_style(int64_t d)
{
	return d > 0 ? TS_GROW : d < 0 ? TS_SHRINK : TS_DIM;
}

/* "+67%", "-100%", "new" or "" for a change from base to target. */
static char *
percent(int64_t base, int64_t target, char *buf, size_t len, int64_t *key)
{
	double pc;

	*key = 0;
	if (base == 0) {
		if (target == 0) {
			snprintf(buf, len, "%s", "");
			return buf;
		}
		*key = target > 0 ? INT64_MAX / 2 : INT64_MIN / 2;
		snprintf(buf, len, "%s", "new");
		return buf;
	}
	pc = 100.0 * (double)(target - base) / (double)(base < 0 ? -base :
	    base);
	*key = (int64_t)(pc * 100);
	if (pc == 0)
		snprintf(buf, len, "0%%");
	else if (pc > -10 && pc < 10 && pc != 0)
		snprintf(buf, len, "%+.1f%%", pc);
	else
		snprintf(buf, len, "%+.0f%%", pc);
	return buf;
}

/* Fill the base, target, change and % cells of a row. */
static void
fill_change(struct tui_model *m, struct tui_widget *w, int item, int col,
    int64_t base, int64_t target)
{
	char buf[64];
	int64_t key;

	tw_cell(w, item, col, base ? TS_NORMAL : TS_DIM, base,
	    tui_data_value(m->data, base, false, buf, sizeof buf));
	tw_cell(w, item, col + 1, target ? TS_NORMAL : TS_DIM, target,
	    tui_data_value(m->data, target, false, buf, sizeof buf));
	tw_cell(w, item, col + 2, change_style(target - base), target - base,
	    tui_data_value(m->data, target - base, true, buf, sizeof buf));
	if (col + 3 < w->ncols) {
		percent(base, target, buf, sizeof buf, &key);
		tw_cell(w, item, col + 3, change_style(target - base), key, buf);
	}
}

/* Fill the flat base, target and change cells of a Detail row. */
static void
fill_flat(struct tui_model *m, struct tui_widget *w, int item, int64_t base,
    int64_t target)
{
	char buf[64];

	tw_cell(w, item, DC_FLAT_BASE, base ? TS_NORMAL : TS_DIM, base,
	    tui_data_value(m->data, base, false, buf, sizeof buf));
	tw_cell(w, item, DC_FLAT_TARGET, target ? TS_NORMAL : TS_DIM, target,
	    tui_data_value(m->data, target, false, buf, sizeof buf));
	tw_cell(w, item, DC_FLAT_CHANGE, change_style(target - base),
	    target - base, tui_data_value(m->data, target - base, true, buf,
	    sizeof buf));
}

/* qsort's context for growth_cmp. */
static const struct tui_model *growth_model;

/* Growth's own order: leak suspects by rank, then the largest change. */
static int
growth_cmp(const void *a, const void *b)
{
	const struct tui_model *m = growth_model;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const struct tui_site *sx = &m->data->sites[x], *sy = &m->data->sites[y];
	int rx = sx->suspect_rank ? sx->suspect_rank : INT32_MAX;
	int ry = sy->suspect_rank ? sy->suspect_rank : INT32_MAX;
	int64_t dx = site_value(m, sx, m->target) - site_value(m, sx, m->base);
	int64_t dy = site_value(m, sy, m->target) - site_value(m, sy, m->base);

	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (dx != dy)
		return dx > dy ? -1 : 1;
	return (x > y) - (x < y);
}

/* Fill the Growth screen: every site with a value in some snapshot, in
 * growth_cmp's order (which the screen keeps until s picks a column). */
static void
fill_growth(struct tui_model *m)
{
	struct tui_widget *w = &m->w[TUI_GROWTH];
	const struct tui_data *d = m->data;
	int64_t *vs = xcalloc(d->nsnaps + 1, sizeof *vs);
	size_t *order = xcalloc(d->nsites + 1, sizeof *order), n, i, k;

	for (n = 0; n < d->nsites; n++)
		order[n] = n;
	growth_model = m;
	qsort(order, d->nsites, sizeof *order, growth_cmp);
	tw_clear(w);
	for (n = 0; n < d->nsites; n++) {
		const struct tui_site *s = &d->sites[order[n]];
		int64_t base = site_value(m, s, m->base);
		int64_t target = site_value(m, s, m->target);
		double rate = m->show_cum ? s->rate_cum : s->rate;
		char buf[64], line[64];
		bool any = false;
		int it;

		for (k = 0; k < d->nsnaps; k++) {
			vs[k] = site_value(m, s, k);
			any = any || vs[k] != 0;
		}
		if (!any)
			continue;
		i = order[n];
		it = tw_add(w, -1, (long)i, false);
		if (s->pattern != NULL) {
			char *name = xasprintf("%s [%s]", s->name, s->pattern);

			tw_cell(w, it, GC_SITE, TS_MARK, 0, name);
			free(name);
		} else
			tw_cell(w, it, GC_SITE, TS_NORMAL, 0, s->name);
		fill_change(m, w, it, GC_BASE, base, target);
		tw_cell(w, it, GC_RATE, change_style((int64_t)rate),
		    (int64_t)rate, tui_data_value(d, (int64_t)(rate +
		    (rate < 0 ? -0.5 : 0.5)), true, buf, sizeof buf));
		tw_cell(w, it, GC_TREND, change_style(target - base),
		    target - base, trend_sparkline(vs, d->nsnaps, false, line,
		    sizeof line));
	}
	free(vs);
	free(order);
	tw_build(w, -1);
}

/* Fill the Snapshots screen. */
static void
fill_snapshots(struct tui_model *m)
{
	struct tui_widget *w = &m->w[TUI_SNAPSHOTS];
	const struct tui_data *d = m->data;
	int64_t hi = 1;
	size_t i;

	for (i = 0; i < d->nsnaps; i++)
		if (d->snaps[i].total > hi)
			hi = d->snaps[i].total;
	tw_clear(w);
	for (i = 0; i < d->nsnaps; i++) {
		const struct tui_snapshot *s = &d->snaps[i];
		char buf[64], bar[64] = "";
		const char *mark = i == m->base && i == m->target ? "BT" :
		    i == m->base ? "B" : i == m->target ? "T" : "";
		int it = tw_add(w, -1, (long)i, false), n, k;

		snprintf(buf, sizeof buf, "%zu", i + 1);
		tw_cell(w, it, 0, TS_NORMAL, (int64_t)i, buf);
		tw_cell(w, it, 1, TS_MARK, 0, mark);
		tw_cell(w, it, 2, TS_NORMAL, 0, s->name);
		if (s->time_nanos != 0) {
			time_t t = (time_t)(s->time_nanos / 1000000000);
			struct tm tm;

			gmtime_r(&t, &tm);
			strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
		} else
			snprintf(buf, sizeof buf, "-");
		tw_cell(w, it, 3, TS_NORMAL, s->time_nanos, buf);
		tw_cell(w, it, 4, TS_NORMAL, 0, s->kind);
		tw_cell(w, it, 5, TS_NORMAL, s->total, tui_data_value(d,
		    s->total, false, buf, sizeof buf));
		/* A bar of the total against the largest. */
		n = s->total > 0 ? (int)((s->total * 10 + hi / 2) / hi) : 0;
		for (k = 0; k < n; k++)
			strcat(bar, "\u2588");
		tw_cell(w, it, 6, i > 0 && s->total > d->snaps[i - 1].total ?
		    TS_GROW : TS_SHRINK, s->total, bar);
	}
	tw_build(w, -1);
}

/* Section titles of the Detail screen. */
static const char *const section_titles[TUI_DETAIL_NSECTIONS] = {
	"Callers", "Callees", "Call tree", "Stack traces", "Source",
	"Retainers",
};

/* The order the Detail screen shows its sections in: what keeps a heap
 * dump's objects alive right after who calls and is called. */
static const enum tui_detail_section section_order[TUI_DETAIL_NSECTIONS] = {
	TUI_DETAIL_CALLERS, TUI_DETAIL_CALLEES, TUI_DETAIL_RETAINERS,
	TUI_DETAIL_TREE, TUI_DETAIL_TRACES, TUI_DETAIL_SOURCE,
};

/* The tag bit of a source line's row of values (under its code). */
#define TUI_TAG_VALUES (1L << 40)

/* The rows of a tree section at its top level. */
static size_t
count_roots(const struct tui_detail_row *rows, size_t n)
{
	size_t i, roots = 0;

	for (i = 0; i < n; i++)
		roots += rows[i].parent < 0;
	return roots;
}

/* Fill the Detail screen from m->detail. */
static void
fill_detail(struct tui_model *m)
{
	struct tui_widget *w = &m->w[TUI_DETAIL];
	const struct tui_detail *dt = m->detail;
	size_t sec, i, k;

	tw_clear(w);
	if (dt == NULL) {
		tw_build(w, -1);
		return;
	}
	for (k = 0; k < TUI_DETAIL_NSECTIONS; k++) {
		const struct tui_detail_row *rows;
		int64_t base = 0, target = 0;
		int head, *items;
		bool tree;
		char *title;

		sec = section_order[k];
		rows = dt->rows[sec];
		tree = sec == TUI_DETAIL_TREE || sec == TUI_DETAIL_RETAINERS;
		if (sec == TUI_DETAIL_RETAINERS && !dt->has_retainers)
			continue;
		if (sec == TUI_DETAIL_TREE && dt->nrows[sec] > 0) {
			base = rows[0].base;
			target = rows[0].target;
		}
		for (i = 0; sec != TUI_DETAIL_TREE && i < dt->nrows[sec]; i++) {
			if (rows[i].parent >= 0 && tree)
				continue;
			base += rows[i].base;
			target += rows[i].target;
		}
		if (sec == TUI_DETAIL_RETAINERS)
			title = xasprintf("%s (%zu, %s)",
			    section_titles[sec], count_roots(rows,
			    dt->nrows[sec]), dt->retained_bytes ?
			    "retained" : "objects held");
		else if (sec == TUI_DETAIL_TRACES && dt->ntraces_all >
		    dt->nrows[sec])
			title = xasprintf("%s (%zu, the %zu largest changes "
			    "shown)", section_titles[sec], dt->ntraces_all,
			    dt->nrows[sec]);
		else if (sec == TUI_DETAIL_TREE && dt->tree_truncated)
			title = xasprintf("%s (%zu rows; deeper paths end at "
			    "the last row shown)", section_titles[sec],
			    dt->nrows[sec]);
		else if (sec == TUI_DETAIL_SOURCE)
			title = xasprintf("%s %s%s", section_titles[sec],
			    dt->source_name, dt->source_file == NULL ?
			    " (not found)" : "");
		else
			title = xasprintf("%s (%zu)", section_titles[sec],
			    dt->nrows[sec]);
		head = tw_add(w, -1, -1 - (long)sec, sec != TUI_DETAIL_TRACES);
		tw_cell(w, head, 0, TS_BOLD, 0, title);
		free(title);
		if ((sec == TUI_DETAIL_CALLERS || sec == TUI_DETAIL_CALLEES ||
		    sec == TUI_DETAIL_RETAINERS) && dt->nrows[sec] > 0)
			fill_change(m, w, head, DC_BASE, base, target);
		items = xcalloc(dt->nrows[sec] + 1, sizeof *items);
		for (i = 0; i < dt->nrows[sec]; i++) {
			const struct tui_detail_row *r = &rows[i];
			int parent = tree && r->parent >= 0 ?
			    items[r->parent] : head;
			long tag = (long)(sec << 24 | i);
			int it = tw_add(w, parent, tag, sec ==
			    TUI_DETAIL_RETAINERS || sec == TUI_DETAIL_SOURCE ||
			    (sec == TUI_DETAIL_TREE && r->parent < 0));

			items[i] = it;
			if (sec == TUI_DETAIL_SOURCE) {
				char *text = xasprintf("%5lld  %s",
				    (long long)r->line, r->name);

				tw_cell(w, it, 0, r->base || r->target ?
				    TS_NORMAL : TS_DIM, -r->line, text);
				free(text);
				if (!r->base && !r->target)
					continue;
				/* A line with values: its code has the whole
				 * row (as the code alone it spans it), its
				 * flat and cum the row under it. */
				it = tw_add(w, it, tag | TUI_TAG_VALUES, false);
				tw_cell(w, it, 0, TS_DIM, -r->line, "");
			} else
				tw_cell(w, it, 0, TS_NORMAL, 0, r->name);
			fill_change(m, w, it, DC_BASE, r->base, r->target);
			if (r->has_flat && (r->base || r->target))
				fill_flat(m, w, it, r->flat_base,
				    r->flat_target);
		}
		free(items);
	}
	tw_build(w, -1);
}

/* The help text: key, what it does, grouped by screen. */
static const char *const help_keys[][2] = {
	{ "All screens", NULL },
	{ "Up Down j k", "move" },
	{ "PgUp PgDn ^B ^F", "page up, page down (Space too)" },
	{ "^U ^D", "half a page up, down" },
	{ "Home End g G", "first, last row" },
	{ "Right l +", "unfold a row (or move down)" },
	{ "Left -", "fold a row, or go to its parent" },
	{ "Enter", "drill in: a site's detail, a snapshot, a fold" },
	{ "Esc Backspace h", "go back" },
	{ "/", "filter rows by regular expression (empty: none)" },
	{ "n N", "next, previous match" },
	{ "s S", "sort by the next column, reverse the sort" },
	{ "i", "next sample type (inuse_space, alloc_space, ...)" },
	{ "f", "granularity: functions, lines, stacks" },
	{ "c", "values: flat (in the site) or cum (with callees)" },
	{ "b t", "pick the base, the target snapshot" },
	{ "1 2 3", "Snapshots, Growth, Detail screen" },
	{ "? F1", "this help" },
	{ "^L", "redraw" },
	{ "q", "quit" },
	{ "Mouse", "click selects, double click drills in, wheel scrolls" },
	{ "Snapshots", NULL },
	{ "b t", "make the selected snapshot the base, the target" },
	{ "Enter", "pick it (after b or t elsewhere), else Growth" },
	{ "Growth", NULL },
	{ "Enter", "detail of the selected site" },
	{ "Detail", NULL },
	{ "Enter", "detail of the selected caller or callee" },
};

static void
fill_help(struct tui_model *m)
{
	struct tui_widget *w = &m->w[TUI_HELP];
	size_t i;
	int group = -1, it;

	tw_clear(w);
	for (i = 0; i < sizeof help_keys / sizeof help_keys[0]; i++) {
		if (help_keys[i][1] == NULL) {
			group = tw_add(w, -1, (long)i, true);
			tw_cell(w, group, 0, TS_BOLD, 0, help_keys[i][0]);
			continue;
		}
		it = tw_add(w, group, (long)i, false);
		tw_cell(w, it, 0, TS_MARK, 0, help_keys[i][0]);
		tw_cell(w, it, 1, TS_NORMAL, 0, help_keys[i][1]);
	}
	tw_build(w, -1);
}

/* Stop the detail job; its memory (hundreds of MB on big profiles) is
 * given back by the next slice of background work, not by this key. */
static void
drop_job(struct tui_model *m)
{
	if (m->job == NULL)
		return;
	tui_detail_cancel(m->dropped);
	m->dropped = m->job;
	m->job = NULL;
	m->job_walked = false;
}

/* Start computing the detail of site (tui_model_work finishes it). */
static void
open_detail(struct tui_model *m, const struct tui_site *site)
{
	drop_job(m);
	tui_detail_free(m->detail);
	m->detail = NULL;
	m->detail_site = site;
	if (site != NULL)
		m->job = tui_detail_start(m->data, site, m->base, m->target);
	m->w[TUI_DETAIL].top = 0;
	m->w[TUI_DETAIL].cursor = 0;
	fill_detail(m);
}

bool
tui_model_busy(const struct tui_model *m)
{
	return m->job != NULL || m->dropped != NULL;
}

int
tui_model_work(struct tui_model *m, double budget_ms)
{
	if (m->dropped != NULL) {
		tui_detail_cancel(m->dropped);
		m->dropped = NULL;
		return 0;
	}
	if (m->job == NULL)
		return 0;
	/* The last step and the finish get a slice each. */
	if (!m->job_walked) {
		m->job_walked = tui_detail_step(m->job, budget_ms);
		return TUI_REDRAW;
	}
	m->job_walked = false;
	m->detail = tui_detail_finish(m->job);
	m->job = NULL;
	fill_detail(m);
	return TUI_REDRAW;
}

/* Refill what depends on base and target. */
static void
refill(struct tui_model *m)
{
	fill_snapshots(m);
	fill_growth(m);
	if (m->detail_site != NULL)
		open_detail(m, m->detail_site);
}

void
tui_model_init(struct tui_model *m, struct tui_data *d, int width,
    int height)
{
	static const struct tw_column growth[GC_NCOLS] = {
		{ "SITE", 0, false, false },
		{ "BASE", 9, true, true },
		{ "TARGET", 9, true, true },
		{ "CHANGE", 10, true, true },
		{ "CHG%", 6, true, true },
		{ "RATE/SNAP", 9, true, true },
		{ "TREND", 8, false, true },
	};
	static const struct tw_column snaps[] = {
		{ "#", 3, true, true },
		{ "", 2, false, false },
		{ "SNAPSHOT", 0, false, false },
		{ "TIME (UTC)", 19, false, true },
		{ "KIND", 9, false, false },
		{ "TOTAL", 9, true, true },
		{ "", 10, false, true },
	};
	/* Flat first, as pprof's list; CHG% goes first on narrow
	 * screens. */
	static const struct tw_column detail[DC_NCOLS] = {
		{ "NAME", 0, false, false },
		{ "FLAT BASE", 9, true, true },
		{ "FLAT TGT", 9, true, true },
		{ "FLAT CHG", 10, true, true },
		{ "BASE", 9, true, true },
		{ "TARGET", 9, true, true },
		{ "CHANGE", 10, true, true },
		{ "CHG%", 6, true, true },
	};
	static const struct tw_column help[] = {
		{ "KEY", 22, false, false },
		{ "WHAT IT DOES", 0, false, false },
	};
	int i;

	memset(m, 0, sizeof *m);
	m->data = d;
	m->width = width;
	m->height = height;
	for (i = 0; i < TUI_NSCREENS; i++)
		tw_init(&m->w[i]);
	tw_columns(&m->w[TUI_GROWTH], growth, GC_NCOLS, GC_SITE);
	tw_columns(&m->w[TUI_SNAPSHOTS], snaps, 7, 2);
	tw_columns(&m->w[TUI_DETAIL], detail, DC_NCOLS, DC_NAME);
	tw_columns(&m->w[TUI_HELP], help, 2, 0);
	/* Suspects first when there are some, else by change. */
	m->w[TUI_GROWTH].sort_col = d->nsuspects > 0 ? -1 : GC_CHANGE;
	m->base = 0;
	m->target = d->nsnaps > 0 ? d->nsnaps - 1 : 0;
	m->want_sample = d->sample_index;
	m->want_gran = d->gran;
	m->screen = TUI_GROWTH;
	fill_snapshots(m);
	fill_growth(m);
	fill_help(m);
	fill_detail(m);
}

void
tui_model_done(struct tui_model *m)
{
	int i;

	for (i = 0; i < TUI_NSCREENS; i++)
		tw_done(&m->w[i]);
	tui_detail_cancel(m->job);
	tui_detail_cancel(m->dropped);
	tui_detail_free(m->detail);
	free(m->message);
}

/* Show screen s, remembering the current one to go back to. */
static void
go(struct tui_model *m, enum tui_screen s)
{
	if (s == m->screen)
		return;
	if (m->nback == (int)(sizeof m->back / sizeof m->back[0])) {
		memmove(m->back, m->back + 1, sizeof m->back -
		    sizeof m->back[0]);
		m->nback--;
	}
	m->back[m->nback++] = m->screen;
	m->screen = s;
}

/* Go back a screen; false if there is none. */
static bool
go_back(struct tui_model *m)
{
	if (m->nback == 0) {
		if (m->screen == TUI_GROWTH)
			return false;
		m->screen = TUI_GROWTH;
		return true;
	}
	m->screen = m->back[--m->nback];
	m->pick = 0;
	return true;
}

/* The site called name, or NULL. */
static const struct tui_site *
find_site(const struct tui_data *d, const char *name, bool by_func)
{
	size_t i;

	for (i = 0; i < d->nsites; i++)
		if (strcmp(by_func ? d->sites[i].func : d->sites[i].name,
		    name) == 0)
			return &d->sites[i];
	return NULL;
}

/* Set the base or the target (which: 'b' or 't') to snapshot i. */
static void
pick_snapshot(struct tui_model *m, int which, size_t i)
{
	if (which == 'b')
		m->base = i;
	else
		m->target = i;
	set_message(m, "%s is now %s", which == 'b' ? "base" : "target",
	    m->data->snaps[i].name);
	refill(m);
}

/* Enter: drill into the selected row. */
static int
enter(struct tui_model *m)
{
	struct tui_widget *w = &m->w[m->screen];
	int it = tw_selected(w);

	if (it < 0)
		return 0;
	switch (m->screen) {
	case TUI_SNAPSHOTS:
		if (m->pick != 0) {
			int which = m->pick;

			m->pick = 0;
			pick_snapshot(m, which, (size_t)w->items[it].tag);
			go_back(m);
		} else
			go(m, TUI_GROWTH);
		return TUI_REDRAW;
	case TUI_GROWTH:
		open_detail(m, &m->data->sites[w->items[it].tag]);
		go(m, TUI_DETAIL);
		return TUI_REDRAW;
	case TUI_DETAIL: {
		long tag = w->items[it].tag;
		long sec = tag >= 0 ? tag >> 24 : -1;
		const struct tui_site *s = NULL;

		if (sec == TUI_DETAIL_CALLERS || sec == TUI_DETAIL_CALLEES ||
		    sec == TUI_DETAIL_TREE)
			s = find_site(m->data, w->items[it].cells[0],
			    m->data->gran != TUI_GRAN_FUNCTIONS);
		if (s != NULL && s != m->detail_site) {
			open_detail(m, s);
			set_message(m, "detail of %s", s->name);
		} else
			tw_toggle(w);
		return TUI_REDRAW;
	}
	case TUI_HELP:
		tw_toggle(w);
		return TUI_REDRAW;
	}
	return 0;
}

/* A key while typing a / filter. */
static int
prompt_key(struct tui_model *m, int key)
{
	struct tui_widget *w = &m->w[m->screen];
	char *cause = NULL;

	switch (key) {
	case TK_ESC:
		m->prompting = false;
		break;
	case TK_BACKSPACE:
	case '\b':
		if (m->prompt_len > 0) {
			/* Remove a whole UTF-8 character. */
			do
				m->prompt_len--;
			while (m->prompt_len > 0 &&
			    ((unsigned char)m->prompt[m->prompt_len] & 0xc0) ==
			    0x80);
		}
		m->prompt[m->prompt_len] = '\0';
		break;
	case TK_ENTER:
	case '\r':
		m->prompting = false;
		if (tw_set_filter(w, m->prompt, &cause) != 0) {
			set_message(m, "%s", cause);
			free(cause);
		} else if (*m->prompt == '\0')
			set_message(m, "filter cleared");
		else
			set_message(m, "%d rows match /%s/", w->nvisible,
			    m->prompt);
		break;
	default:
		if (key >= ' ' && key < TK_UP && key != 127 &&
		    m->prompt_len + 5 < sizeof m->prompt) {
			m->prompt_len += tui_utf8_put(m->prompt +
			    m->prompt_len, (uint32_t)key);
			m->prompt[m->prompt_len] = '\0';
		}
		break;
	}
	return TUI_REDRAW;
}

int
tui_key(struct tui_model *m, int key)
{
	struct tui_widget *w = &m->w[m->screen];

	if (m->prompting)
		return prompt_key(m, key);
	set_message(m, NULL);
	switch (key) {
	case 'q':
		return TUI_QUIT;
	case '?':
	case TK_F1:
		go(m, TUI_HELP);
		return TUI_REDRAW;
	case TK_ESC:
	case TK_BACKSPACE:
	case '\b':
	case 'h':
		go_back(m);
		return TUI_REDRAW;
	case TK_ENTER:
	case '\r':
		return enter(m) | TUI_REDRAW;
	case '1':
		go(m, TUI_SNAPSHOTS);
		return TUI_REDRAW;
	case '2':
		go(m, TUI_GROWTH);
		return TUI_REDRAW;
	case '3':
		if (m->detail_site != NULL)
			go(m, TUI_DETAIL);
		else
			set_message(m, "no detail yet: Enter on a site in "
			    "Growth");
		return TUI_REDRAW;
	case '/':
		m->prompting = true;
		m->prompt_len = 0;
		m->prompt[0] = '\0';
		return TUI_REDRAW;
	case 'n':
	case 'N':
		if (!tw_next_match(w, key == 'n' ? 1 : -1))
			set_message(m, "%s", w->filter == NULL ?
			    "no filter: / sets one" : "no match");
		return TUI_REDRAW;
	case 's':
		tw_next_sort(w);
		return TUI_REDRAW;
	case 'S':
		w->sort_reverse = !w->sort_reverse;
		tw_build(w, -1);
		return TUI_REDRAW;
	case 'i':
		if (m->data->ntypes == 0)
			return 0;
		m->want_sample = (m->data->sample_index + 1) %
		    (int)m->data->ntypes;
		return TUI_RELOAD | TUI_REDRAW;
	case 'f':
		m->want_gran = (enum tui_gran)((m->data->gran + 1) %
		    TUI_NGRANS);
		return TUI_RELOAD | TUI_REDRAW;
	case 'c':
		m->show_cum = !m->show_cum;
		set_message(m, "values are %s", m->show_cum ?
		    "cum (with callees)" : "flat (in the site)");
		refill(m);
		return TUI_REDRAW;
	case 'b':
	case 't':
		if (m->screen == TUI_SNAPSHOTS && tw_selected(w) >= 0) {
			pick_snapshot(m, key,
			    (size_t)w->items[tw_selected(w)].tag);
			m->pick = 0;
			return TUI_REDRAW;
		}
		m->pick = key;
		go(m, TUI_SNAPSHOTS);
		tw_build(&m->w[TUI_SNAPSHOTS], (long)(key == 'b' ? m->base :
		    m->target));
		set_message(m, "pick the %s: Enter", key == 'b' ? "base" :
		    "target");
		return TUI_REDRAW;
	case TK_CTRL_L:
		return TUI_REDRAW;
	}
	return tw_key(w, key) ? TUI_REDRAW : 0;
}

int
tui_mouse(struct tui_model *m, enum tui_mouse ev, int y, int x)
{
	struct tui_widget *w = &m->w[m->screen];
	int row = y - tui_model_list_top(m) - 1;

	switch (ev) {
	case TM_WHEEL_UP:
		tw_scroll(w, -3);
		return TUI_REDRAW;
	case TM_WHEEL_DOWN:
		tw_scroll(w, 3);
		return TUI_REDRAW;
	case TM_CLICK:
	case TM_DOUBLE:
		if (row < 0 || w->top + row >= w->nvisible)
			return 0;
		tw_select_row(w, w->top + row);
		if (ev == TM_DOUBLE)
			return enter(m) | TUI_REDRAW;
		return TUI_REDRAW;
	}
	return 0;
}

int
tui_resize(struct tui_model *m, int width, int height)
{
	m->width = width;
	m->height = height;
	return TUI_REDRAW;
}

int
tui_model_reload(struct tui_model *m, tui_progress_cb progress, void *arg)
{
	struct tui_data *d = m->data;
	char *site_name = NULL, *site_func = NULL;
	const struct tui_site *s = NULL;

	if (m->detail_site != NULL) {
		site_name = xstrdup(m->detail_site->name);
		site_func = xstrdup(m->detail_site->func);
	}
	/* A detail job reads the sites about to be replaced. */
	drop_job(m);
	if (tui_data_compute(d, m->want_sample, m->want_gran, progress,
	    arg) != 0) {
		m->want_sample = d->sample_index;
		m->want_gran = d->gran;
		set_message(m, "cancelled");
		free(site_name);
		free(site_func);
		return -1;
	}
	set_message(m, "%s, %s", d->type_names[d->sample_index],
	    tui_gran_name(d->gran));
	/* The detail's site pointer died with the old sites. */
	if (site_name != NULL && (s = find_site(d, site_name, false)) == NULL)
		s = find_site(d, site_func, true);
	m->detail_site = NULL;
	tui_detail_free(m->detail);
	m->detail = NULL;
	fill_detail(m);
	if (s != NULL)
		open_detail(m, s);
	else if (m->screen == TUI_DETAIL) {
		m->screen = TUI_GROWTH;
		m->nback = 0;
	}
	free(site_name);
	free(site_func);
	fill_snapshots(m);
	fill_growth(m);
	return 0;
}
