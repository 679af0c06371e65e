/*
 * out-list.c - pprof's -list text (report/source.go printSource): for each
 * function matching the regex and each of its source files, the lines
 * around those with samples, each with its flat and cum value.
 *
 * A file that cannot be found gets pprof's " Error: could not find file"
 * line and then the lines that have samples, with their numbers, so the
 * numbers are never lost to a missing source tree.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "regex.h"
#include "source.h"
#include "units.h"
#include "xmalloc.h"

/* A node of the report with what list sorts and groups it by. */
struct list_node {
	const char *name, *file;
	int64_t lineno, start_line;
	int64_t flat, cum;
};

static int
list_node_cmp(const void *a, const void *b)
{
	const struct list_node *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	if ((c = strcmp(x->file, y->file)) != 0)
		return c;
	if (x->lineno != y->lineno)
		return x->lineno < y->lineno ? -1 : 1;
	return 0;
}

/* pprof's valueOrDot. */
static const char *
value_or_dot(const struct report *r, int64_t v, char *buf, size_t len)
{
	if (v == 0)
		return ".";
	return report_value(r, v, buf, len);
}

/* One ROUTINE block: nodes [0, n) share a function name and a file. */
static void
list_routine(FILE *f, const struct report *r, const struct list_node *ns,
    size_t n, struct source_reader *reader)
{
	const struct source_file *sf = source_get(reader, ns[0].file);
	int64_t flat = 0, cum = 0, start, end, l;
	char a[64], b[64], pct[32];
	size_t i, j;

	for (i = 0; i < n; i++) {
		flat += ns[i].flat;
		cum += ns[i].cum;
	}
	fprintf(f, "ROUTINE ======================== %s in %s\n", ns[0].name,
	    ns[0].file);
	fprintf(f, "%10s %10s (flat, cum) %s of Total\n",
	    report_value(r, flat, a, sizeof a),
	    report_value(r, cum, b, sizeof b),
	    units_percent(pct, sizeof pct, cum, r->total));

	/* The range: from the function's start line (else 5 lines before
	 * the first sample) to 5 lines after the last sample. */
	start = ns[0].start_line != 0 ? ns[0].start_line : ns[0].lineno - 5;
	end = ns[0].lineno + 5;
	for (i = 0; i < n; i++) {
		int64_t s = ns[i].start_line != 0 ? ns[i].start_line :
		    ns[i].lineno - 5;

		if (s < start)
			start = s;
		if (ns[i].lineno + 5 > end)
			end = ns[i].lineno + 5;
	}
	if (start < 1)
		start = 1;

	if (sf->error != NULL) {
		fprintf(f, " Error: %s\n", sf->error);
		for (i = 0; i < n; i = j) {
			int64_t lf = 0, lc = 0;

			for (j = i; j < n && ns[j].lineno == ns[i].lineno; j++) {
				lf += ns[j].flat;
				lc += ns[j].cum;
			}
			fprintf(f, "%10s %10s %6lld: (source not found)\n",
			    value_or_dot(r, lf, a, sizeof a),
			    value_or_dot(r, lc, b, sizeof b),
			    (long long)ns[i].lineno);
		}
		return;
	}
	for (l = start, i = 0; l <= end && (size_t)l <= sf->nlines; l++) {
		int64_t lf = 0, lc = 0;

		while (i < n && ns[i].lineno < l)
			i++;
		for (j = i; j < n && ns[j].lineno == l; j++) {
			lf += ns[j].flat;
			lc += ns[j].cum;
		}
		fprintf(f, "%10s %10s %6lld:%s\n",
		    value_or_dot(r, lf, a, sizeof a),
		    value_or_dot(r, lc, b, sizeof b), (long long)l,
		    sf->lines[l]);
	}
}

int
out_list(FILE *f, const struct report *r, struct regex *rx,
    struct source_reader *reader)
{
	const struct graph *g = r->graph;
	const struct profile *p = r->prof;
	struct list_node *ns = xcalloc(g->nnodes + 1, sizeof *ns);
	size_t n = 0, i, j, k;
	char tot[64];
	int nfuncs = 0;

	for (i = 0; i < g->nnodes; i++) {
		const struct node_info *ni = &g->infos[g->nodes[i].info];
		const char *name = profile_str(p, ni->name);

		if (!regex_match(rx, name))
			continue;
		ns[n].name = name;
		ns[n].file = profile_str(p, ni->file);
		ns[n].lineno = ni->lineno;
		ns[n].start_line = ni->start_line;
		ns[n].flat = g->nodes[i].flat;
		ns[n].cum = g->nodes[i].cum;
		n++;
	}
	if (n == 0) {
		free(ns);
		return 0;
	}
	qsort(ns, n, sizeof *ns, list_node_cmp);
	fprintf(f, "Total: %s\n", report_value(r, r->total, tot, sizeof tot));
	for (i = 0; i < n; i = j) {
		bool any_file = false;

		for (j = i; j < n && strcmp(ns[j].name, ns[i].name) == 0; j++)
			;
		nfuncs++;
		for (k = i; k < j;) {
			size_t e;

			for (e = k; e < j && strcmp(ns[e].file, ns[k].file) == 0;
			    e++)
				;
			if (*ns[k].file != '\0') {
				any_file = true;
				list_routine(f, r, ns + k, e - k, reader);
			}
			k = e;
		}
		if (!any_file)
			fprintf(f, "No source information for %s\n", ns[i].name);
	}
	free(ns);
	return nfuncs;
}
