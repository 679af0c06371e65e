/*
 * out-flame.c - a flame tree as one standalone SVG file: no external
 * files, fonts or network; CSS and JavaScript are embedded.
 *
 * Frames are laid out here (root at the bottom, children left to right in
 * name order, width proportional to value), so the picture is complete
 * without scripts; the viewBox makes it scale to any window.  The script
 * adds what a browser can: click a frame to zoom into it (its ancestors
 * stay, full width), "Reset zoom", "Search" (a regular expression; matches
 * are highlighted and their share shown) and a details line on hover.
 * Each frame's <title> is its tooltip: name, value and share, and in a
 * differential graph before, after and delta.  A link can carry a search
 * and a zoom: FILE.svg#s=REGEXP&z=FRAME.
 *
 * Differential graphs: width is the new profile's value, colour the change
 * (red grew, blue shrank, grey unchanged; the more it changed relative to
 * the largest change, the more saturated).  Frames new since the base have
 * a dashed outline; frames gone since the base have no width, so they are
 * listed under the graph with their base values.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "flame.h"
#include "output.h"
#include "units.h"
#include "xmalloc.h"

#define FLAME_WIDTH 1200.0
#define FLAME_PAD 10.0
#define FRAME_H 17.0
#define FONT 12.0
#define TOP 66.0
#define MIN_WIDTH 0.1		/* frames narrower than this are left out */
#define MAX_GONE 30		/* gone frames listed */

/* Write s with XML's special characters escaped. */
static void
xml_text(FILE *out, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\n' &&
			    *s != '\t')
				fputc('?', out);
			else
				fputc(*s, out);
		}
}

/* The label that fits a frame w units wide (the script does the same). */
static void
fit_label(FILE *out, const char *name, double w)
{
	size_t chars = w > 6 ? (size_t)((w - 6) / (FONT * 0.59)) : 0;
	size_t len = strlen(name);
	char *s;

	if (chars < 3)
		return;
	if (len <= chars) {
		xml_text(out, name);
		return;
	}
	s = xstrndup(name, chars - 2);
	xml_text(out, s);
	fputs("..", out);
	free(s);
}

/* A warm colour from the name, as classic flame graphs use. */
static void
name_color(char *buf, size_t len, const char *name)
{
	uint64_t h = hash_bytes(name, strlen(name), 0);
	double v1 = (double)(h & 0xff) / 255.0;
	double v2 = (double)((h >> 8) & 0xff) / 255.0;
	double v3 = (double)((h >> 16) & 0xff) / 255.0;

	snprintf(buf, len, "rgb(%d,%d,%d)", 205 + (int)(50 * v3),
	    (int)(230 * v1), (int)(55 * v2));
}

/* Red for growth, blue for shrinkage, saturation by |delta| / max. */
static void
diff_color(char *buf, size_t len, int64_t delta, int64_t max)
{
	double s, r, g, b;

	if (delta == 0 || max == 0) {
		snprintf(buf, len, "rgb(224,224,224)");
		return;
	}
	s = sqrt(fmin(1.0, (double)llabs(delta) / (double)max));
	s = 0.15 + 0.85 * s;
	if (delta > 0) {
		r = 245 + (222 - 245) * s;
		g = 245 + (45 - 245) * s;
		b = 245 + (38 - 245) * s;
	} else {
		r = 245 + (40 - 245) * s;
		g = 245 + (98 - 245) * s;
		b = 245 + (222 - 245) * s;
	}
	snprintf(buf, len, "rgb(%d,%d,%d)", (int)r, (int)g, (int)b);
}

/* The tooltip of frame i. */
static void
frame_title(FILE *out, const struct flame *f, uint32_t i)
{
	const struct flame_node *n = &f->nodes[i];
	char a[64], b[64], d[64], pct[32];

	xml_text(out, strpool_get(f->strings, n->name));
	if (!f->diff) {
		units_percent(pct, sizeof pct, n->value, f->nodes[0].value);
		fprintf(out, "\nvalue: %s (%s of %s)\n", flame_value(f, n->value,
		    a, sizeof a), pct + strspn(pct, " "),
		    flame_value(f, f->nodes[0].value, b, sizeof b));
		if (n->self != 0)
			fprintf(out, "self: %s\n", flame_value(f, n->self, a,
			    sizeof a));
		return;
	}
	flame_value(f, n->base, a, sizeof a);
	flame_value(f, n->value, b, sizeof b);
	flame_value(f, n->value - n->base, d, sizeof d);
	fprintf(out, "\nbefore: %s\nafter: %s", a, b);
	units_percent(pct, sizeof pct, n->value, f->nodes[0].value);
	fprintf(out, " (%s of after)", pct + strspn(pct, " "));
	fprintf(out, "\ndelta: %s%s", n->value - n->base > 0 ? "+" : "", d);
	if (n->base != 0) {
		units_percent(pct, sizeof pct, n->value - n->base, n->base);
		fprintf(out, " (%s%s)", n->value - n->base < 0 ? "-" : "+",
		    pct + strspn(pct, " "));
	}
	if (flame_is_new(f, i))
		fputs("\nnew since the base", out);
	else if (flame_is_gone(f, i))
		fputs("\ngone since the base", out);
	fputc('\n', out);
}

static const char flame_css[] =
"text { font-family: Verdana, 'DejaVu Sans', sans-serif; fill: #000; }\n"
".f text { font-size: 12px; pointer-events: none; }\n"
".f rect { stroke: #fff; stroke-width: 0.5; }\n"
".f.new rect { stroke: #000; stroke-width: 1.2; stroke-dasharray: 3 2; }\n"
".f:hover rect { stroke: #000; stroke-width: 1; }\n"
".f.hl rect { fill: #e040e0 !important; }\n"
".f { cursor: pointer; }\n"
".btn { font-size: 12px; cursor: pointer; fill: #333; }\n"
".btn:hover { text-decoration: underline; }\n"
".title { font-size: 17px; text-anchor: middle; }\n"
".sub { font-size: 12px; text-anchor: middle; fill: #555; }\n"
".details { font-size: 12px; }\n"
".gone text { font-size: 12px; fill: #2050b0; }\n";

static const char flame_js[] =
"(function () {\n"
"  'use strict';\n"
"  var svg = document.documentElement;\n"
"  var W = +svg.getAttribute('data-width'), PAD = +svg.getAttribute('data-pad');\n"
"  var frames = Array.prototype.slice.call(document.querySelectorAll('g.f'));\n"
"  var details = document.getElementById('details');\n"
"  var matched = document.getElementById('matched');\n"
"  var unzoom = document.getElementById('unzoom');\n"
"  var zoomed = null;\n"
"  function fit(g, w) {\n"
"    var t = g.querySelector('text'), name = g.getAttribute('data-n');\n"
"    var chars = w > 6 ? Math.floor((w - 6) / (12 * 0.59)) : 0;\n"
"    if (chars < 3) { t.textContent = ''; return; }\n"
"    t.textContent = name.length <= chars ? name : name.substring(0, chars - 2) + '..';\n"
"  }\n"
"  function place(g, x, w) {\n"
"    var r = g.querySelector('rect'), t = g.querySelector('text');\n"
"    r.setAttribute('x', x.toFixed(2)); r.setAttribute('width', Math.max(w, 0).toFixed(2));\n"
"    t.setAttribute('x', (x + 3).toFixed(2));\n"
"    g.style.display = ''; fit(g, w);\n"
"  }\n"
"  function zoom(g) {\n"
"    var zx = +g.getAttribute('data-x'), zw = +g.getAttribute('data-w'), zd = +g.getAttribute('data-d');\n"
"    var eps = 1e-12, span = W - 2 * PAD;\n"
"    zoomed = g;\n"
"    frames.forEach(function (f) {\n"
"      var x = +f.getAttribute('data-x'), w = +f.getAttribute('data-w'), d = +f.getAttribute('data-d');\n"
"      if (d < zd && x <= zx + eps && x + w >= zx + zw - eps) place(f, PAD, span);\n"
"      else if (d >= zd && x >= zx - eps && x + w <= zx + zw + eps)\n"
"        place(f, PAD + (x - zx) / zw * span, w / zw * span);\n"
"      else f.style.display = 'none';\n"
"    });\n"
"    unzoom.style.opacity = '1';\n"
"  }\n"
"  function reset() {\n"
"    var span = W - 2 * PAD;\n"
"    zoomed = null;\n"
"    frames.forEach(function (f) {\n"
"      place(f, PAD + +f.getAttribute('data-x') * span, +f.getAttribute('data-w') * span);\n"
"    });\n"
"    unzoom.style.opacity = '0.4';\n"
"  }\n"
"  function search(term) {\n"
"    var re, hits = [], total = 0, end = -1;\n"
"    frames.forEach(function (f) { f.classList.remove('hl'); });\n"
"    matched.textContent = '';\n"
"    if (!term) return;\n"
"    try { re = new RegExp(term); } catch (e) { matched.textContent = 'bad regexp: ' + e.message; return; }\n"
"    frames.forEach(function (f) {\n"
"      if (re.test(f.getAttribute('data-n'))) {\n"
"        f.classList.add('hl');\n"
"        hits.push([+f.getAttribute('data-x'), +f.getAttribute('data-w')]);\n"
"      }\n"
"    });\n"
"    hits.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });\n"
"    hits.forEach(function (h) {\n"
"      if (h[0] >= end) { total += h[1]; end = h[0] + h[1]; }\n"
"      else if (h[0] + h[1] > end) { total += h[0] + h[1] - end; end = h[0] + h[1]; }\n"
"    });\n"
"    matched.textContent = 'Matched: ' + (100 * total).toFixed(2) + '% of the width (' + hits.length + ' frames)';\n"
"  }\n"
"  frames.forEach(function (f) {\n"
"    f.addEventListener('click', function () { zoom(f); });\n"
"    f.addEventListener('mouseover', function () {\n"
"      details.textContent = f.querySelector('title').textContent.replace(/\\n+$/, '').replace(/\\n/g, ' | ');\n"
"    });\n"
"    f.addEventListener('mouseout', function () { details.textContent = ' '; });\n"
"  });\n"
"  unzoom.addEventListener('click', reset);\n"
"  document.getElementById('search').addEventListener('click', function () {\n"
"    search(window.prompt('Search frames (regular expression):', ''));\n"
"  });\n"
"  document.getElementById('clear').addEventListener('click', function () { search(''); });\n"
"  window.addEventListener('keydown', function (e) {\n"
"    if ((e.ctrlKey || e.metaKey) && e.key === 'f') {\n"
"      e.preventDefault();\n"
"      search(window.prompt('Search frames (regular expression):', ''));\n"
"    } else if (e.key === 'Escape') { search(''); reset(); }\n"
"  });\n"
"  reset();\n"
"  // A link may name a search (#s=REGEXP) and a frame to zoom to (#z=NAME,\n"
"  // the widest frame of that name), e.g. flame.svg#z=main.main&s=alloc.\n"
"  (location.hash || '').replace(/^#/, '').split('&').forEach(function (kv) {\n"
"    var k = kv.split('=')[0], v = decodeURIComponent(kv.substring(k.length + 1));\n"
"    if (k === 'z') {\n"
"      var best = null;\n"
"      frames.forEach(function (f) {\n"
"        if (f.getAttribute('data-n') === v && (!best || +f.getAttribute('data-w') > +best.getAttribute('data-w'))) best = f;\n"
"      });\n"
"      if (best) zoom(best);\n"
"    } else if (k === 's') search(v);\n"
"  });\n"
"  svg.setAttribute('data-ready', '1');\n"
"})();\n";

/* Emit frame i and its descendants; x is its left edge as a fraction. */
static void
emit_frames(FILE *out, const struct flame *f, uint32_t i, double x,
    int64_t max_delta)
{
	const struct flame_node *n = &f->nodes[i];
	double total = (double)f->nodes[0].value;
	double w = total > 0 ? (double)n->value / total : 0;
	double span = FLAME_WIDTH - 2 * FLAME_PAD;
	double px = FLAME_PAD + x * span, pw = w * span;
	double y = TOP + (double)(f->max_depth - n->depth) * FRAME_H;
	const char *name = strpool_get(f->strings, n->name);
	char color[32];
	uint32_t c;

	if (n->value <= 0 || pw < MIN_WIDTH)
		return;
	if (f->diff)
		diff_color(color, sizeof color, n->value - n->base, max_delta);
	else
		name_color(color, sizeof color, name);
	fprintf(out, "<g class=\"f%s\" data-x=\"%.9f\" data-w=\"%.9f\" "
	    "data-d=\"%u\" data-n=\"", flame_is_new(f, i) ? " new" : "", x, w,
	    n->depth);
	xml_text(out, name);
	fputs("\"><title>", out);
	frame_title(out, f, i);
	fprintf(out, "</title><rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" "
	    "height=\"%.1f\" rx=\"2\" fill=\"%s\"/><text x=\"%.2f\" "
	    "y=\"%.1f\">", px, y, pw, FRAME_H - 1, color, px + 3,
	    y + FRAME_H - 5);
	fit_label(out, name, pw);
	fputs("</text></g>\n", out);
	for (c = n->first_child; c != UINT32_MAX;
	    c = f->nodes[c].next_sibling) {
		if (f->nodes[c].value > 0) {
			emit_frames(out, f, c, x, max_delta);
			x += (double)f->nodes[c].value / total;
		}
	}
}

struct gone_ref {
	uint32_t node;
	int64_t base;
};

static int
gone_cmp(const void *a, const void *b)
{
	const struct gone_ref *x = a, *y = b;

	if (x->base != y->base)
		return llabs(x->base) > llabs(y->base) ? -1 : 1;
	return x->node < y->node ? -1 : x->node > y->node;
}

/* The path of frame i from the root ("a > b > c"). */
static void
frame_path(FILE *out, const struct flame *f, uint32_t i)
{
	if (f->nodes[i].parent != 0 && f->nodes[i].parent != UINT32_MAX) {
		frame_path(out, f, f->nodes[i].parent);
		fputs(" \xe2\x86\x92 ", out);
	}
	xml_text(out, strpool_get(f->strings, f->nodes[i].name));
}

void
out_flame(FILE *out, const struct flame *f)
{
	struct gone_ref *gone = NULL;
	uint32_t i, ngone = 0, shown;
	int64_t max_delta = 0;
	double frames_h = (double)(f->max_depth + 1) * FRAME_H, h, y;
	char a[64], b[64], d[64];

	for (i = 1; i < f->nnodes; i++) {
		int64_t delta = llabs(f->nodes[i].value - f->nodes[i].base);

		if (delta > max_delta)
			max_delta = delta;
		if (flame_is_gone(f, i) && (f->nodes[i].parent == 0 ||
		    !flame_is_gone(f, f->nodes[i].parent))) {
			gone = xreallocarray(gone, ngone + 1, sizeof *gone);
			gone[ngone].node = i;
			gone[ngone++].base = f->nodes[i].base;
		}
	}
	if (gone != NULL)
		qsort(gone, ngone, sizeof *gone, gone_cmp);
	shown = ngone > MAX_GONE ? MAX_GONE : ngone;
	h = TOP + frames_h + 40 + (ngone > 0 ? 22 + 16.0 * (shown +
	    (ngone > shown)) : 0);

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n",
	    out);
	fprintf(out, "<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"100%%\" viewBox=\"0 0 %.0f %.0f\" data-width=\"%.0f\" "
	    "data-pad=\"%.0f\">\n", FLAME_WIDTH, h, FLAME_WIDTH, FLAME_PAD);
	fprintf(out, "<style type=\"text/css\"><![CDATA[\n%s]]></style>\n",
	    flame_css);
	fprintf(out, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" "
	    "fill=\"#f8f8f4\"/>\n", FLAME_WIDTH, h);
	fputs("<text class=\"title\" x=\"600\" y=\"22\">", out);
	fputs(f->diff ? "Differential flame graph: " : "Flame graph: ", out);
	xml_text(out, f->title);
	fputs(" (", out);
	xml_text(out, f->sample_type);
	fputs(")</text>\n<text class=\"sub\" x=\"600\" y=\"40\">", out);
	if (f->diff)
		fprintf(out, "width: after; red grew, blue shrank (deeper = "
		    "more); dashed: new since the base. Total %s \xe2\x86\x92 %s "
		    "(%s%s)", flame_value(f, f->nodes[0].base, a, sizeof a),
		    flame_value(f, f->nodes[0].value, b, sizeof b),
		    f->nodes[0].value - f->nodes[0].base > 0 ? "+" : "",
		    flame_value(f, f->nodes[0].value - f->nodes[0].base, d,
		    sizeof d));
	else
		fprintf(out, "width: %s, total %s. Click a frame to zoom, "
		    "Ctrl-F to search.", f->sample_type,
		    flame_value(f, f->nodes[0].value, a, sizeof a));
	fputs("</text>\n", out);
	fprintf(out, "<text class=\"btn\" id=\"unzoom\" x=\"%.0f\" y=\"22\" "
	    "style=\"opacity:0.4\">Reset zoom</text>\n", FLAME_PAD);
	fprintf(out, "<text class=\"btn\" id=\"search\" x=\"%.0f\" y=\"22\" "
	    "text-anchor=\"end\">Search</text>\n", FLAME_WIDTH - FLAME_PAD);
	fprintf(out, "<text class=\"btn\" id=\"clear\" x=\"%.0f\" y=\"40\" "
	    "text-anchor=\"end\">Clear search</text>\n",
	    FLAME_WIDTH - FLAME_PAD);

	fputs("<g id=\"frames\">\n", out);
	if (f->nodes[0].value > 0)
		emit_frames(out, f, 0, 0.0, max_delta);
	fputs("</g>\n", out);
	y = TOP + frames_h + 18;
	fprintf(out, "<text class=\"details\" id=\"details\" x=\"%.0f\" "
	    "y=\"%.0f\"> </text>\n", FLAME_PAD, y);
	fprintf(out, "<text class=\"details\" id=\"matched\" x=\"%.0f\" "
	    "y=\"%.0f\" text-anchor=\"end\"></text>\n", FLAME_WIDTH - FLAME_PAD,
	    y);
	if (ngone > 0) {
		y += 24;
		fprintf(out, "<g class=\"gone\"><text x=\"%.0f\" y=\"%.0f\" "
		    "style=\"font-weight:bold\">Gone since the base (%u "
		    "site%s, no width in the new profile):</text>\n",
		    FLAME_PAD, y, ngone, ngone == 1 ? "" : "s");
		for (i = 0; i < shown; i++) {
			y += 16;
			fprintf(out, "<text x=\"%.0f\" y=\"%.0f\"><title>",
			    FLAME_PAD + 10, y);
			frame_title(out, f, gone[i].node);
			fprintf(out, "</title>-%s  ", flame_value(f,
			    gone[i].base, a, sizeof a));
			frame_path(out, f, gone[i].node);
			fputs("</text>\n", out);
		}
		if (ngone > shown) {
			y += 16;
			fprintf(out, "<text x=\"%.0f\" y=\"%.0f\">... and %u "
			    "more</text>\n", FLAME_PAD + 10, y, ngone - shown);
		}
		fputs("</g>\n", out);
	}
	fprintf(out, "<script type=\"text/javascript\"><![CDATA[\n%s]]>"
	    "</script>\n</svg>\n", flame_js);
	free(gone);
}
