/*
 * out-dot.c - a visual report as Graphviz DOT text, laid out as pprof's
 * -dot prints it (internal/graph/dotgraph.go): a legend box with the
 * report's labels, one box per node with its flat and cum values (font size
 * by flat, colour by cum: red grows, green shrinks in a diff), up to four
 * tag "nodelets" per node, and edges weighted, coloured and dotted as pprof
 * draws them.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "units.h"
#include "xmalloc.h"

#define MAX_NODELETS 4

/* A growable string. */
struct sbuf {
	char *s;
	size_t len, cap;
};

static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	ARRAY_RESERVE(b->s, b->len + n + 1, b->cap);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

/* pprof's escapeForDot: backslashes and quotes escaped, newlines made
 * left-justified line breaks. */
static char *
dot_escape(const char *s)
{
	struct sbuf b = { NULL, 0, 0 };

	sb_add(&b, "", 0);
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			sb_str(&b, "\\\\");
		else if (*s == '"')
			sb_str(&b, "\\\"");
		else if (*s == '\n')
			sb_str(&b, "\\l");
		else
			sb_add(&b, s, 1);
	}
	return b.s;
}

static bool
is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/* Length of a `[a-z]\w*\.`-style segment at s: first must satisfy first,
 * the rest are word characters; 0 if none. */
static size_t
ident_len(const char *s, bool (*first)(char), bool dollar)
{
	size_t n = 0;

	if (!first(s[0]))
		return 0;
	for (n = 1; is_word(s[n]) || (dollar && s[n] == '$'); n++)
		;
	return n;
}

static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool
is_ident_start(char c)
{
	return is_lower(c) || is_upper(c) || c == '_';
}

/* pprof's goRegExp `^(?:[\w\-\.]+\/)+(.+)`: the part after the last
 * package path element, or NULL. */
static const char *
short_go(const char *f)
{
	const char *p = f, *last = NULL;

	for (;;) {
		const char *q = p;

		while (is_word(*q) || *q == '-' || *q == '.')
			q++;
		if (q == p || *q != '/')
			break;
		p = q + 1;
		if (*p != '\0')
			last = p;
	}
	return last;
}

/* pprof's javaRegExp: "Class.method" of a Java name, or 0. */
static size_t
short_java(const char *f, const char **start)
{
	size_t seg[256], nseg = 0, off = 0, n;
	int k;

	for (;;) {
		n = ident_len(f + off, is_lower, false);
		if (n == 0 || f[off + n] != '.' || nseg == 256)
			break;
		seg[nseg++] = off;
		off += n + 1;
	}
	seg[nseg] = off;
	for (k = (int)nseg; k >= 0; k--) {
		const char *c = f + seg[k];
		size_t cl = ident_len(c, is_upper, true), ml;

		if (cl == 0 || c[cl] != '.')
			continue;
		if (strncmp(c + cl + 1, "<init>", 6) == 0)
			ml = 6;
		else if ((ml = ident_len(c + cl + 1, is_lower, true)) == 0)
			continue;
		if (c[cl + 1 + ml] != '\0' && c[cl + 1 + ml] != '(')
			continue;
		*start = c;
		return cl + 1 + ml;
	}
	return 0;
}

/* pprof's cppRegExp: "Class::method<...>" of a C++ name, or 0. */
static size_t
short_cpp(const char *f, const char **start)
{
	size_t seg[256], nseg = 0, off = 0, n;
	int k;

	for (;;) {
		n = ident_len(f + off, is_ident_start, false);
		if (n == 0 || strncmp(f + off + n, "::", 2) != 0 || nseg == 256)
			break;
		seg[nseg++] = off;
		off += n + 2;
	}
	seg[nseg] = off;
	for (k = (int)nseg; k >= 1; k--) {
		const char *c = f + seg[k], *q = c, *gt;
		size_t ml;

		while (*q == '_')
			q++;
		if (!is_upper(*q))
			continue;
		while (is_word(*q))
			q++;
		if (strncmp(q, "::", 2) != 0)
			continue;
		q += 2;
		if (*q == '~')
			q++;
		if ((ml = ident_len(q, is_ident_start, false)) == 0)
			continue;
		q += ml;
		if (*q == '<' && (gt = strrchr(q, '>')) != NULL)
			q = gt + 1;
		*start = c;
		return (size_t)(q - c);
	}
	return 0;
}

/* pprof's goVerRegExp: drop a "/vN" major version from a package path. */
static void
drop_go_version(char *f)
{
	char *p;

	for (p = f; (p = strstr(p, "/v")) != NULL; p++) {
		char *d = p + 2, *e = d;

		if (*d >= '2' && *d <= '9' && (d[1] == '.' || d[1] == '/'))
			e = d + 1;
		else if (*d >= '1' && *d <= '9') {
			for (e = d + 1; *e >= '0' && *e <= '9'; e++)
				;
			if (e - d < 2 || (*e != '.' && *e != '/'))
				e = d;
		}
		if (e != d) {
			memmove(p, e, strlen(e) + 1);
			return;
		}
	}
}

/* pprof's ShortenFunctionName. */
static char *
shorten_name(const char *name)
{
	char *f, *out;
	const char *start;
	size_t n;

	if (strncmp(name, "(anonymous namespace)::", 23) == 0)
		name += 23;
	f = xstrdup(name);
	drop_go_version(f);
	if ((start = short_go(f)) != NULL)
		out = xstrdup(start);
	else if ((n = short_java(f, &start)) != 0)
		out = xstrndup(start, n);
	else if ((n = short_cpp(f, &start)) != 0)
		out = xstrndup(start, n);
	else
		out = xstrdup(f);
	free(f);
	return out;
}

/* Replace every from in s with to (s is freed). */
static char *
replace_all(char *s, const char *from, const char *to)
{
	struct sbuf b = { NULL, 0, 0 };
	size_t fl = strlen(from);
	const char *p = s, *q;

	sb_add(&b, "", 0);
	while ((q = strstr(p, from)) != NULL) {
		sb_add(&b, p, (size_t)(q - p));
		sb_str(&b, to);
		p = q + fl;
	}
	sb_str(&b, p);
	free(s);
	return b.s;
}

/* pprof's multilinePrintableName: the name's parts on separate lines. */
static char *
multiline_name(const struct report *r, const struct graph_node *n)
{
	const struct profile *p = r->prof;
	const struct node_info *ni = &r->graph->infos[n->info];
	const char *name = profile_str(p, ni->name);
	const char *file = profile_str(p, ni->file), *base;
	struct sbuf b = { NULL, 0, 0 };
	char *s, buf[64];

	s = shorten_name(name);
	{
		char *e = dot_escape(s);

		free(s);
		s = e;
	}
	s = replace_all(s, "::", "\\n");
	s = replace_all(s, "[...]", "[\xe2\x80\xa6]");
	s = replace_all(s, ".", "\\n");
	base = strrchr(file, '/');
	if (base != NULL && base[1] != '\0')
		file = base + 1;

	sb_add(&b, "", 0);
	if (ni->address != 0) {
		snprintf(buf, sizeof buf, "%016llx\\n",
		    (unsigned long long)ni->address);
		sb_str(&b, buf);
	}
	if (*name != '\0') {
		sb_str(&b, s);
		sb_str(&b, "\\n");
	}
	if (ni->lineno != 0) {
		snprintf(buf, sizeof buf, ":%lld\\n", (long long)ni->lineno);
		sb_str(&b, file);
		sb_str(&b, buf);
	} else if (*file != '\0') {
		sb_str(&b, file);
		sb_str(&b, "\\n");
	} else if (*name != '\0')
		;
	else if (ni->objfile != 0) {
		const char *obj = profile_str(p, ni->objfile);
		const char *ob = strrchr(obj, '/');

		sb_str(&b, "[");
		sb_str(&b, ob ? ob + 1 : obj);
		sb_str(&b, "]\\n");
	} else
		sb_str(&b, "<unknown>\\n");
	free(s);
	return b.s;
}

/* pprof's dotColor: score from -1 (green) through 0 (grey) to 1 (red). */
static void
dot_color(char *buf, size_t len, double score, bool background)
{
	const double shift = 0.7;
	double sat = background ? 0.1 : 1.0, val = background ? 0.93 : 0.7;
	double r, g, b;

	score = fmax(-1.0, fmin(1.0, score));
	if (fabs(score) < 0.2)
		sat *= fabs(score) / 0.2;
	if (score > 0.0)
		score = pow(score, 1.0 - shift);
	if (score < 0.0)
		score = -pow(-score, 1.0 - shift);
	if (score < 0.0) {
		g = val;
		r = val * (1 + sat * score);
	} else {
		r = val;
		g = val * (1 - sat * score);
	}
	b = val * (1 - sat);
	snprintf(buf, len, "#%02x%02x%02x", (unsigned)(uint8_t)(r * 255.0),
	    (unsigned)(uint8_t)(g * 255.0), (unsigned)(uint8_t)(b * 255.0));
}

static int64_t
abs64(int64_t v)
{
	return v < 0 ? -v : v;
}

static char *
pct(char *buf, size_t len, int64_t v, int64_t total)
{
	char *s;

	units_percent(buf, len, v, total);
	for (s = buf; *s == ' '; s++)
		;
	return s;
}

/* The legend's lines: pprof's reportLabels with full headers. */
static char **
legend_lines(const struct report *r, size_t *nlines)
{
	char *text = NULL, *line, *save = NULL, a[64], b[64], buf[32];
	size_t len = 0, n = 0;
	char **lines = NULL;
	FILE *m = open_memstream(&text, &len);
	const char *c;

	out_profile_labels(m, r);
	out_active_filters(m, r);
	fprintf(m, "Showing nodes accounting for %s, %s of %s total\n",
	    report_value(r, r->shown_flat, a, sizeof a),
	    pct(buf, sizeof buf, r->shown_flat, r->total),
	    report_value(r, r->total, b, sizeof b));
	if (r->total != 0) {
		if (r->dropped_nodes > 0)
			fprintf(m, "Dropped %d node%s (cum <= %s)\n",
			    r->dropped_nodes, r->dropped_nodes > 1 ? "s" : "",
			    report_value(r, abs64((int64_t)((double)r->total *
			    r->opt.nodefraction)), a, sizeof a));
		if (r->dropped_edges > 0)
			fprintf(m, "Dropped %d edge%s (freq <= %s)\n",
			    r->dropped_edges, r->dropped_edges > 1 ? "s" : "",
			    report_value(r, abs64((int64_t)((double)r->total *
			    r->opt.edgefraction)), a, sizeof a));
		if (r->graph->nnodes > 0 &&
		    (int)r->graph->nnodes < r->orig_count)
			fprintf(m, "Showing top %u nodes out of %d\n",
			    r->graph->nnodes, r->orig_count);
	}
	fclose(m);
	for (c = text; *c != '\0'; c++)
		if (*c == '\n')
			n++;
	lines = xcalloc(n + 2, sizeof *lines);
	n = 0;
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		lines[n++] = dot_escape(line);
	lines[n++] = xstrdup("\\lSee https://git.io/JfYMW for how to read "
	    "the graph");
	free(text);
	*nlines = n;
	return lines;
}

/* pprof's tags sort: by |cum| (unless flat), then |flat|, then name. */
struct tag_ref {
	const char *name;
	int64_t flat, cum;
	int64_t value;
	const char *unit;
};

static bool tag_sort_flat;

static int
tag_cmp(const void *a, const void *b)
{
	const struct tag_ref *x = a, *y = b;

	if (!tag_sort_flat && x->cum != y->cum)
		return abs64(x->cum) > abs64(y->cum) ? -1 : 1;
	if (x->flat != y->flat)
		return abs64(x->flat) > abs64(y->flat) ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void
sort_tags(struct tag_ref *t, size_t n, bool flat)
{
	tag_sort_flat = flat;
	qsort(t, n, sizeof *t, tag_cmp);
}

/* pprof's tagDistance. */
static double
tag_distance(const struct tag_ref *t, const struct tag_ref *u)
{
	const char *unit;
	double v = units_scale(u->value, u->unit, t->unit, &unit);

	return v < (double)t->value ? (double)t->value - v :
	    v - (double)t->value;
}

/* pprof's collapsedTags: at most count tags, the rest grouped into
 * "min..max" ranges around the heaviest; labels point into names. */
static size_t
collapse_tags(struct tag_ref *ts, size_t n, size_t count, bool flat,
    char (*names)[160])
{
	size_t *group, i, k;

	sort_tags(ts, n, flat);
	if (n <= count)
		return n;
	group = xcalloc(n, sizeof *group);
	for (i = 0; i < count; i++)
		group[i] = i;
	for (i = count; i < n; i++) {
		double d = tag_distance(&ts[i], &ts[0]), nd;

		group[i] = 0;
		for (k = 1; k < count; k++)
			if ((nd = tag_distance(&ts[i], &ts[k])) < d) {
				group[i] = k;
				d = nd;
			}
	}
	for (k = 0; k < count; k++) {
		const struct tag_ref *mn = &ts[k], *mx = &ts[k];
		int64_t f = ts[k].flat, c = ts[k].cum;
		bool many = false;
		char a[64], b[64];
		const char *u;

		for (i = count; i < n; i++) {
			if (group[i] != k)
				continue;
			many = true;
			if ((int64_t)units_scale(ts[i].value, ts[i].unit,
			    mn->unit, &u) < mn->value)
				mn = &ts[i];
			if ((int64_t)units_scale(ts[i].value, ts[i].unit,
			    mx->unit, &u) > mx->value)
				mx = &ts[i];
			f += ts[i].flat;
			c += ts[i].cum;
		}
		units_label(a, sizeof a, mn->value, mn->unit, "auto");
		if (many) {
			units_label(b, sizeof b, mx->value, mx->unit, "auto");
			snprintf(names[k], sizeof names[k], "%s..%s", a, b);
		} else
			snprintf(names[k], sizeof names[k], "%s", a);
		ts[k].flat = f;
		ts[k].cum = c;
	}
	for (k = 0; k < count; k++)
		ts[k].name = names[k];
	free(group);
	sort_tags(ts, count, flat);
	return count;
}

/* pprof's numericNodelets for one node and label set. */
static void
numeric_nodelets(FILE *f, const struct report *r, struct tag_ref *nts,
    size_t n, bool flat_tags, const char *source)
{
	char names[MAX_NODELETS][160], w[64];
	size_t j;

	n = collapse_tags(nts, n, MAX_NODELETS, flat_tags, names);
	for (j = 0; j < n; j++) {
		int64_t v = nts[j].cum;
		const char *attr = " style=\"dotted\"";

		if (flat_tags || nts[j].flat == nts[j].cum) {
			v = nts[j].flat;
			attr = "";
		}
		if (v == 0)
			continue;
		report_value(r, v, w, sizeof w);
		fprintf(f, "N%s_%zu [label = \"%s\" id=\"N%s_%zu\" fontsize=8 "
		    "shape=box3d tooltip=\"%s\"]\n", source, j, nts[j].name,
		    source, j, w);
		fprintf(f, "%s -> N%s_%zu [label=\" %s\" weight=100 "
		    "tooltip=\"%s\" labeltooltip=\"%s\"%s]\n", source, source,
		    j, w, w, w, attr);
	}
}

/* The numeric tags of node n that belong to label set labels. */
static size_t
numeric_tags_of(const struct graph *g, uint32_t n, strid labels,
    struct tag_ref *out)
{
	size_t k, m = 0;

	for (k = g->tag_start[n]; k < g->tag_start[n + 1]; k++) {
		const struct graph_tag *t = &g->tags[k];

		if (!t->numeric || t->labels != labels)
			continue;
		out[m].name = strpool_get(g->tag_strings, t->name);
		out[m].flat = t->flat;
		out[m].cum = t->cum;
		out[m].value = t->value;
		out[m].unit = strpool_get(g->tag_strings, t->unit);
		m++;
	}
	return m;
}

/* pprof's addNodelets; returns whether the node got any. */
static bool
node_nodelets(FILE *f, const struct report *r, uint32_t n, bool flat_tags)
{
	const struct graph *g = r->graph;
	size_t cnt = g->tag_start[n + 1] - g->tag_start[n], nl = 0, k, i, m;
	struct tag_ref *ts = xcalloc(cnt + 1, sizeof *ts);
	struct tag_ref *nts = xcalloc(cnt + 1, sizeof *nts);
	strid *lid = xcalloc(cnt + 1, sizeof *lid);
	char *text = NULL, w[64], src[32];
	size_t len = 0;
	FILE *m_f = open_memstream(&text, &len);
	bool any;

	for (k = g->tag_start[n]; k < g->tag_start[n + 1]; k++) {
		const struct graph_tag *t = &g->tags[k];

		if (t->numeric)
			continue;
		ts[nl].name = strpool_get(g->tag_strings, t->name);
		ts[nl].flat = t->flat;
		ts[nl].cum = t->cum;
		lid[nl] = t->name;
		nl++;
	}
	/* Keep lid in step with ts through the sort. */
	for (i = 0; i < nl; i++)
		ts[i].value = (int64_t)lid[i];
	sort_tags(ts, nl, flat_tags);
	if (nl > MAX_NODELETS)
		nl = MAX_NODELETS;
	for (i = 0; i < nl; i++) {
		int64_t v = flat_tags ? ts[i].flat : ts[i].cum;

		if (v == 0)
			continue;
		report_value(r, v, w, sizeof w);
		fprintf(m_f, "N%u_%zu [label = \"%s\" id=\"N%u_%zu\" fontsize=8 "
		    "shape=box3d tooltip=\"%s\"]\n", n + 1, i, ts[i].name,
		    n + 1, i, w);
		fprintf(m_f, "N%u -> N%u_%zu [label=\" %s\" weight=100 "
		    "tooltip=\"%s\" labeltooltip=\"%s\"]\n", n + 1, n + 1, i, w,
		    w, w);
		m = numeric_tags_of(g, n, (strid)ts[i].value, nts);
		if (m > 0) {
			snprintf(src, sizeof src, "N%u_%zu", n + 1, i);
			numeric_nodelets(m_f, r, nts, m, flat_tags, src);
		}
	}
	m = numeric_tags_of(g, n, 0, nts);
	if (m > 0) {
		snprintf(src, sizeof src, "N%u", n + 1);
		numeric_nodelets(m_f, r, nts, m, flat_tags, src);
	}
	fclose(m_f);
	fputs(text, f);
	any = len > 0;
	free(text);
	free(ts);
	free(nts);
	free(lid);
	return any;
}

void
out_dot(FILE *f, const struct report *r)
{
	const struct graph *g = r->graph;
	const struct profile *p = r->prof;
	const char *title = "";
	char **labels, *t, color[16], fill[16], fv[64], cv[64], pbuf[32];
	size_t nlabels, i;
	bool *has_out, *has_nodelets;
	double max_flat = 0;
	uint32_t n, e;

	if (p->nmappings > 0) {
		const char *file = profile_str(p, p->mappings[0].file);
		const char *base = strrchr(file, '/');

		title = base != NULL ? base + 1 : file;
	}
	fprintf(f, "digraph \"%s\" {\n", *title ? title : "unnamed");
	fprintf(f, "node [style=filled fillcolor=\"#f8f8f8\"]\n");
	labels = legend_lines(r, &nlabels);
	fprintf(f, "subgraph cluster_L { \"%s\" [shape=box fontsize=16",
	    labels[0]);
	fprintf(f, " label=\"");
	for (i = 0; i < nlabels; i++)
		fprintf(f, "%s%s", i > 0 ? "\\l" : "", labels[i]);
	fprintf(f, "\\l\"");
	if (*title != '\0')
		fprintf(f, " tooltip=\"%s\"", title);
	fprintf(f, "] }\n");
	for (i = 0; i < nlabels; i++)
		free(labels[i]);
	free(labels);
	if (g->nnodes == 0) {
		fprintf(f, "}\n");
		return;
	}

	has_out = xcalloc(g->nnodes, sizeof *has_out);
	has_nodelets = xcalloc(g->nnodes, sizeof *has_nodelets);
	for (e = 0; e < g->nedges; e++)
		has_out[g->edges[e].src] = true;
	for (n = 0; n < g->nnodes; n++)
		if ((double)abs64(g->nodes[n].flat) > max_flat)
			max_flat = (double)abs64(g->nodes[n].flat);

	for (n = 0; n < g->nnodes; n++) {
		const struct graph_node *gn = &g->nodes[n];
		char *label = multiline_name(r, gn), *tip;
		int font = 8;
		double score = (double)gn->cum / (double)abs64(r->total);

		report_value(r, gn->flat, fv, sizeof fv);
		fprintf(f, "N%u [label=\"%s", n + 1, label);
		if (gn->flat != 0)
			fprintf(f, "%s (%s)", fv, pct(pbuf, sizeof pbuf,
			    gn->flat, r->total));
		else
			fprintf(f, "0");
		snprintf(cv, sizeof cv, "%s", fv);
		if (gn->cum != gn->flat) {
			fprintf(f, "%s", gn->flat != 0 ? "\\n" : " ");
			report_value(r, gn->cum, cv, sizeof cv);
			fprintf(f, "of %s (%s)", cv, pct(pbuf, sizeof pbuf,
			    gn->cum, r->total));
		}
		if (max_flat != 0 && gn->flat != 0 &&
		    (double)abs64(gn->flat) <= max_flat)
			font += (int)ceil(16.0 * sqrt((double)abs64(gn->flat) /
			    max_flat));
		dot_color(color, sizeof color, score, false);
		dot_color(fill, sizeof fill, score, true);
		tip = dot_escape(gn->name);
		fprintf(f, "\" id=\"node%u\" fontsize=%d shape=box tooltip=\"%s "
		    "(%s)\" color=\"%s\" fillcolor=\"%s\"]\n", n + 1, font, tip,
		    cv, color, fill);
		free(tip);
		free(label);
		has_nodelets[n] = node_nodelets(f, r, n, has_out[n]);
	}

	for (e = 0; e < g->nedges; e++) {
		const struct graph_edge *ge = &g->edges[e];
		bool hidden = ge->dst >= g->nnodes;
		char *src = dot_escape(g->nodes[ge->src].name);
		char *dst = dot_escape(hidden ?
		    g->hidden[ge->dst - g->nnodes].name : g->nodes[ge->dst].name);

		/* pprof numbers a node that is not shown 0. */
		report_value(r, ge->weight, fv, sizeof fv);
		fprintf(f, "N%u -> N%u [label=\" %s%s\"", ge->src + 1,
		    hidden ? 0 : ge->dst + 1, fv,
		    ge->is_inline ? "\\n (inline)" : "");
		if (r->total != 0) {
			int64_t wt = abs64(ge->weight * 100 / r->total);
			int64_t wd = abs64(ge->weight * 5 / r->total);

			if (1 + (wt < 100 ? wt : 100) > 1)
				fprintf(f, " weight=%lld",
				    (long long)(1 + (wt < 100 ? wt : 100)));
			if (1 + (wd < 5 ? wd : 5) > 1)
				fprintf(f, " penwidth=%lld",
				    (long long)(1 + (wd < 5 ? wd : 5)));
			dot_color(color, sizeof color, (double)ge->weight /
			    (double)abs64(r->total), false);
			fprintf(f, " color=\"%s\"", color);
		}
		t = xasprintf("\"%s %s %s (%s)\"", src,
		    ge->residual ? "..." : "->", dst, fv);
		fprintf(f, " tooltip=%s labeltooltip=%s", t, t);
		if (ge->residual)
			fprintf(f, " style=\"dotted\"");
		if (has_nodelets[ge->src])
			fprintf(f, " minlen=2");
		fprintf(f, "]\n");
		free(t);
		free(src);
		free(dst);
	}
	fprintf(f, "}\n");
	free(has_out);
	free(has_nodelets);
}
