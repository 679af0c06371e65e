/*
 * tui-view.c - the cell grid and the view: a model drawn into a grid (see
 * tui-view.h).
 *
 * Every screen has the same frame: a title bar (screen, sample type,
 * granularity, base and target), a summary line, the screen's widget, and
 * a status line (key hints, a message, or the / prompt).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trend.h"
#include "tui-model.h"
#include "tui-view.h"
#include "xmalloc.h"

void
tui_grid_resize(struct tui_grid *g, int w, int h)
{
	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	if (g->w != w || g->h != h || g->cells == NULL) {
		free(g->cells);
		g->w = w;
		g->h = h;
		g->cells = xcalloc((size_t)w * (size_t)h, sizeof *g->cells);
	}
	tui_grid_clear(g);
}

void
tui_grid_done(struct tui_grid *g)
{
	free(g->cells);
	g->cells = NULL;
	g->w = g->h = 0;
}

void
tui_grid_clear(struct tui_grid *g)
{
	int i;

	for (i = 0; i < g->w * g->h; i++) {
		g->cells[i].ch = ' ';
		g->cells[i].style = TS_NORMAL;
	}
}

/* Decode one UTF-8 character at *p (advancing it); invalid bytes are
 * U+FFFD. */
static uint32_t
utf8_next(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	uint32_t c;
	int n, i;

	if (s[0] < 0x80) {
		(*p)++;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0) {
		c = s[0] & 0x1f;
		n = 1;
	} else if ((s[0] & 0xf0) == 0xe0) {
		c = s[0] & 0x0f;
		n = 2;
	} else if ((s[0] & 0xf8) == 0xf0) {
		c = s[0] & 0x07;
		n = 3;
	} else {
		(*p)++;
		return 0xfffd;
	}
	for (i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*p += i;
			return 0xfffd;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*p += n + 1;
	return c;
}

int
tui_grid_put(struct tui_grid *g, int y, int x, int maxw, uint8_t style,
    const char *text)
{
	int n = 0;

	if (y < 0 || y >= g->h)
		return 0;
	while (*text != '\0' && n < maxw && x + n < g->w) {
		uint32_t c = utf8_next(&text);

		if (x + n >= 0) {
			struct tui_cell *cell = &g->cells[y * g->w + x + n];

			cell->ch = c < ' ' ? '?' : c;
			cell->style = style;
		}
		n++;
	}
	return n;
}

void
tui_grid_style(struct tui_grid *g, int y, int x, int n, uint8_t style)
{
	int i;

	if (y < 0 || y >= g->h)
		return;
	for (i = x; i < x + n && i < g->w; i++)
		if (i >= 0)
			g->cells[y * g->w + i].style = style;
}

/* A style's letter in a dump. */
static char
style_letter(uint8_t st)
{
	static const char plain[] = ".rgTHSdm", rev[] = "#RGTHSDM";
	int c = st & TS_COLOR_MASK;

	if (c >= (int)sizeof plain - 1)
		return '?';
	return (st & TS_REVERSE) ? rev[c] : plain[c];
}

size_t
tui_utf8_put(char *out, uint32_t c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

char *
tui_grid_dump(const struct tui_grid *g, bool styles)
{
	size_t cap = (size_t)(g->w * 4 + 1) * (size_t)g->h * 2 + 1, len = 0;
	char *out = xmalloc(cap);
	int y, x;

	for (y = 0; y < g->h; y++) {
		const struct tui_cell *row = &g->cells[y * g->w];
		size_t start = len, end;
		bool plain = true;

		for (x = 0; x < g->w; x++) {
			len += tui_utf8_put(out + len, row[x].ch);
			if (row[x].style != TS_NORMAL)
				plain = false;
		}
		for (end = len; end > start && out[end - 1] == ' '; end--)
			;
		len = end;
		out[len++] = '\n';
		if (!styles || plain)
			continue;
		for (x = g->w; x > 0 && row[x - 1].style == TS_NORMAL; x--)
			;
		out[len++] = '|';
		for (int k = 0; k < x; k++)
			out[len++] = style_letter(row[k].style);
		out[len++] = '\n';
	}
	out[len] = '\0';
	return out;
}

/* A file's last path component. */
static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

/* Growth red, shrink green, no change dim. */
static uint8_t
change_style_of(int64_t d)
{
	return d > 0 ? TS_GROW : d < 0 ? TS_SHRINK : TS_DIM;
}

static const char *const screen_names[TUI_NSCREENS] = {
	"Snapshots", "Growth", "Detail", "Help",
};

/* The title bar. */
static void
draw_title(const struct tui_model *m, struct tui_grid *g)
{
	const struct tui_data *d = m->data;
	char *t;

	if (d->nsnaps == 0)
		return;
	t = xasprintf(" heapdiff %s | %s | %s | %s | %s -> %s",
	    screen_names[m->screen], d->type_names[d->sample_index],
	    tui_gran_name(d->gran), m->show_cum ? "cum" : "flat",
	    base_name(d->snaps[m->base].name),
	    base_name(d->snaps[m->target].name));
	tui_grid_style(g, 0, 0, g->w, TS_TITLE);
	tui_grid_put(g, 0, 0, g->w, TS_TITLE, t);
	free(t);
}

/* The summary line under the title. */
static void
draw_summary(const struct tui_model *m, struct tui_grid *g)
{
	const struct tui_data *d = m->data;
	char b[64], t[64], c[64], spark[128], *line = NULL;
	int64_t *totals;
	size_t i;
	int x;

	if (d->nsnaps == 0)
		return;
	switch (m->screen) {
	case TUI_SNAPSHOTS:
	case TUI_GROWTH:
		totals = xcalloc(d->nsnaps, sizeof *totals);
		for (i = 0; i < d->nsnaps; i++)
			totals[i] = d->snaps[i].total;
		trend_sparkline(totals, d->nsnaps, false, spark, sizeof spark);
		free(totals);
		line = xasprintf("Total %s -> %s (%s) over %zu snapshots ",
		    tui_data_value(d, d->snaps[m->base].total, false, b,
		    sizeof b), tui_data_value(d, d->snaps[m->target].total,
		    false, t, sizeof t), tui_data_value(d,
		    d->snaps[m->target].total - d->snaps[m->base].total, true,
		    c, sizeof c), d->nsnaps);
		x = tui_grid_put(g, 1, 0, g->w, TS_NORMAL, line);
		tui_grid_put(g, 1, x, g->w - x, change_style_of(
		    d->snaps[m->target].total - d->snaps[m->base].total),
		    spark);
		break;
	case TUI_DETAIL:
		if (m->detail_site == NULL)
			break;
		if (m->job != NULL) {
			size_t done, total;

			tui_detail_progress(m->job, &done, &total);
			line = xasprintf("%s: walking stacks %zu%% (Esc goes "
			    "back)", m->detail_site->name, total ? 100 * done /
			    total : 100);
			tui_grid_put(g, 1, 0, g->w, TS_BOLD, line);
			break;
		}
		{
			const struct tui_site *s = m->detail_site;
			int64_t *vs = xcalloc(d->nsnaps, sizeof *vs);
			int64_t db = m->show_cum ? s->cum[m->base] :
			    s->flat[m->base];
			int64_t dtg = m->show_cum ? s->cum[m->target] :
			    s->flat[m->target];

			for (i = 0; i < d->nsnaps; i++)
				vs[i] = m->show_cum ? s->cum[i] : s->flat[i];
			trend_sparkline(vs, d->nsnaps, false, spark, sizeof spark);
			free(vs);
			line = xasprintf("%s %s %s -> %s (%s) ", s->name,
			    m->show_cum ? "cum" : "flat", tui_data_value(d, db,
			    false, b, sizeof b), tui_data_value(d, dtg, false,
			    t, sizeof t), tui_data_value(d, dtg - db, true, c,
			    sizeof c));
			x = tui_grid_put(g, 1, 0, g->w - (int)d->nsnaps - 1,
			    TS_BOLD, line);
			tui_grid_put(g, 1, x, g->w - x,
			    change_style_of(dtg - db), spark);
		}
		break;
	case TUI_HELP:
		tui_grid_put(g, 1, 0, g->w, TS_BOLD, "Keys (Esc goes back, q "
		    "quits)");
		break;
	}
	free(line);
}

/* The status line: the prompt, a message, or key hints. */
static void
draw_status(const struct tui_model *m, struct tui_grid *g)
{
	static const char *const hints[TUI_NSCREENS] = {
		"Enter:pick/Growth b:base t:target ?:help q:quit",
		"Enter:detail s:sort i:type f:gran c:cum b/t:base/target "
		"/:filter ?:help q:quit",
		"Enter:drill in/fold Left/Right:fold Esc:back /:filter "
		"?:help q:quit",
		"Esc back  q quit",
	};
	int y = g->h - 1;
	char *line;

	tui_grid_style(g, y, 0, g->w, TS_STATUS);
	if (m->prompting) {
		line = xasprintf("/%s", m->prompt);
		tui_grid_put(g, y, 0, g->w, TS_STATUS, line);
		free(line);
		return;
	}
	tui_grid_put(g, y, 0, g->w, TS_STATUS, m->message != NULL ?
	    m->message : hints[m->screen]);
}

void
tui_view_draw(struct tui_model *m, struct tui_grid *g)
{
	int top = tui_model_list_top(m);

	tui_grid_resize(g, m->width, m->height);
	draw_title(m, g);
	if (m->height >= 4)
		draw_summary(m, g);
	tw_draw(&m->w[m->screen], g, top, tui_model_list_height(m));
	draw_status(m, g);
}
