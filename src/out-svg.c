/*
 * out-svg.c - pan and zoom for the call graph Graphviz draws as SVG.
 *
 * dot -Tsvg draws a picture of fixed size, and the graph of a big profile
 * is far larger than a window.  As go tool pprof -svg does, the drawing is
 * made to fill the window and wrapped in a group that a small script moves
 * and scales: the mouse wheel zooms about the pointer, dragging pans, a
 * double click shows the whole graph again.  The script is heapdiff's own
 * and needs nothing from outside the file.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "xmalloc.h"

/* Runs as the SVG loads, after "viewport", the group around dot's graph. */
static const char pan_zoom_script[] =
	"<script type=\"text/ecmascript\"><![CDATA[\n"
	"// heapdiff: the wheel zooms about the pointer, dragging pans, a\n"
	"// double click shows the whole graph again.\n"
	"(function () {\n"
	"  var svg = document.documentElement;\n"
	"  var vp = document.getElementById(\"viewport\");\n"
	"  var s = 1, x = 0, y = 0, drag = null;\n"
	"  function apply() {\n"
	"    vp.setAttribute(\"transform\", \"translate(\" + x + \",\" + y +\n"
	"        \") scale(\" + s + \")\");\n"
	"  }\n"
	"  function at(e) {\n"
	"    var p = svg.createSVGPoint();\n"
	"    p.x = e.clientX;\n"
	"    p.y = e.clientY;\n"
	"    return p.matrixTransform(svg.getScreenCTM().inverse());\n"
	"  }\n"
	"  svg.addEventListener(\"wheel\", function (e) {\n"
	"    var p = at(e), f = e.deltaY < 0 ? 1.25 : 0.8;\n"
	"    e.preventDefault();\n"
	"    if (s * f < 0.05 || s * f > 100) return;\n"
	"    x = p.x - (p.x - x) * f;\n"
	"    y = p.y - (p.y - y) * f;\n"
	"    s *= f;\n"
	"    apply();\n"
	"  }, { passive: false });\n"
	"  svg.addEventListener(\"mousedown\", function (e) {\n"
	"    if (e.button === 0) drag = at(e);\n"
	"  });\n"
	"  svg.addEventListener(\"mousemove\", function (e) {\n"
	"    var p;\n"
	"    if (drag === null) return;\n"
	"    p = at(e);\n"
	"    x += p.x - drag.x;\n"
	"    y += p.y - drag.y;\n"
	"    drag = p;\n"
	"    apply();\n"
	"  });\n"
	"  svg.addEventListener(\"mouseup\", function () { drag = null; });\n"
	"  svg.addEventListener(\"mouseleave\", function () { drag = null; });\n"
	"  svg.addEventListener(\"dblclick\", function () {\n"
	"    s = 1; x = 0; y = 0;\n"
	"    apply();\n"
	"  });\n"
	"  apply();\n"
	"})();\n"
	"]]></script>\n";

/* Append len bytes of s to the stream. */
static void
put(FILE *f, const char *s, size_t len)
{
	fwrite(s, 1, len, f);
}

/*
 * Copy the <svg ...> start tag [s, e) with its width and height set to
 * 100%, so that the drawing fills the window (its viewBox keeps the
 * proportions).
 */
static void
put_svg_tag(FILE *f, const char *s, const char *e)
{
	static const char *const attrs[] = { " width=\"", " height=\"" };
	const char *p = s;

	while (p < e) {
		const char *best = NULL, *q;
		size_t i, alen = 0;

		for (i = 0; i < 2; i++) {
			q = strstr(p, attrs[i]);
			if (q != NULL && q < e && (best == NULL || q < best)) {
				best = q;
				alen = strlen(attrs[i]);
			}
		}
		if (best == NULL || (q = memchr(best + alen, '"',
		    (size_t)(e - best - alen))) == NULL) {
			put(f, p, (size_t)(e - p));
			return;
		}
		put(f, p, (size_t)(best + alen - p));
		fputs("100%", f);
		p = q;
	}
}

char *
out_svg_pan_zoom(const char *svg, size_t len, size_t *outlen)
{
	const char *s, *e, *g, *z = NULL, *p, *end = svg + len;
	char *out = NULL;
	FILE *f;

	if ((s = strstr(svg, "<svg")) == NULL ||
	    (e = strchr(s, '>')) == NULL ||
	    (g = strstr(e, "<g id=\"graph0\"")) == NULL)
		return NULL;
	e++;
	/* The last </svg>: the end of the root element. */
	for (p = g; (p = strstr(p, "</svg>")) != NULL; p++)
		z = p;
	if (z == NULL)
		return NULL;

	f = open_memstream(&out, outlen);
	put(f, svg, (size_t)(s - svg));
	put_svg_tag(f, s, e);
	put(f, e, (size_t)(g - e));
	fputs("<g id=\"viewport\">\n", f);
	put(f, g, (size_t)(z - g));
	fputs("</g>\n", f);
	/* After the group, which must exist when the script runs. */
	fputs(pan_zoom_script, f);
	put(f, z, (size_t)(end - z));
	fclose(f);
	return out;
}
