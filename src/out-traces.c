/*
 * out-traces.c - pprof's -traces and -tags text (report.go printTraces,
 * printTags): computed straight from the samples, after the filters.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "units.h"
#include "xmalloc.h"

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* pprof's NumLabelUnits for one key (see filter.c): the first unit given,
 * else bytes for alignment and request, else the key. */
const char *
out_num_label_unit(const struct profile *p, strid key)
{
	const char *k = profile_str(p, key);
	size_t i;

	for (i = 0; i < p->nlabels; i++)
		if (p->labels[i].key == key && p->labels[i].str == 0 &&
		    p->labels[i].num_unit != 0)
			return profile_str(p, p->labels[i].num_unit);
	if (strcmp(k, "alignment") == 0 || strcmp(k, "request") == 0)
		return "bytes";
	return k;
}

/*
 * The "%10s:  v1 v2\n" lines of one sample's string (numeric = false) or
 * numeric labels, one per key with its values in order, sorted as strings
 * (as pprof sorts them).  Caller frees each line and the array.
 */
static char **
label_lines(const struct profile *p, size_t i, bool numeric, size_t *n_out)
{
	size_t l0 = p->label_start[i], l1 = p->label_start[i + 1], j, k;
	char **lines = xcalloc(l1 - l0 + 1, sizeof *lines);
	bool *done = xcalloc(l1 - l0 + 1, sizeof *done);
	size_t n = 0;

	for (j = l0; j < l1; j++) {
		const struct prof_label *a = &p->labels[j];
		char *vals = NULL, buf[64];
		const char *unit = NULL;

		if (done[j - l0] || (a->str == 0) != numeric)
			continue;
		if (numeric)
			unit = out_num_label_unit(p, a->key);
		for (k = j; k < l1; k++) {
			const struct prof_label *b = &p->labels[k];
			const char *v;
			char *nv;

			if (b->key != a->key || (b->str == 0) != numeric)
				continue;
			done[k - l0] = true;
			v = numeric ? units_label(buf, sizeof buf, b->num, unit,
			    "auto") : profile_str(p, b->str);
			nv = vals ? xasprintf("%s %s", vals, v) : xstrdup(v);
			free(vals);
			vals = nv;
		}
		lines[n++] = xasprintf("%10s:  %s\n", profile_str(p, a->key),
		    vals);
		free(vals);
	}
	free(done);
	qsort(lines, n, sizeof *lines, str_cmp);
	*n_out = n;
	return lines;
}

void
out_traces(FILE *f, const struct report *r)
{
	static const char sep[] = "-----------+-------------------------"
	    "------------------------------";
	const struct profile *p = r->prof;
	struct loc_names *ln = graph_loc_names(p, &r->opt);
	size_t i, n, j;
	char v[64];

	out_profile_labels(f, r);
	for (i = 0; i < p->nsamples; i++) {
		uint32_t s = p->sample_stack[i], d = profile_stack_depth(p, s);
		const uint32_t *locs = profile_stack(p, s);
		bool first = true;
		uint32_t k;
		char **lines;

		for (k = 0; k < d; k++)
			if (ln->start[locs[k] + 1] > ln->start[locs[k]])
				break;
		if (k == d)
			continue;
		fprintf(f, "%s\n", sep);
		for (int numeric = 0; numeric < 2; numeric++) {
			lines = label_lines(p, i, numeric, &n);
			for (j = 0; j < n; j++) {
				fputs(lines[j], f);
				free(lines[j]);
			}
			free(lines);
		}
		{
			int64_t w = p->values[i * p->ntypes +
			    (size_t)r->opt.sample_index];
			int64_t dv = r->opt.mean ? p->values[i * p->ntypes] : 0;

			report_value(r, dv != 0 ? w / dv : w, v, sizeof v);
		}
		for (k = 0; k < d; k++) {
			uint32_t a = ln->start[locs[k]], b = ln->start[locs[k] + 1];

			for (j = a; j < b; j++) {
				fprintf(f, "%10s   %s%s\n", first ? v : "",
				    ln->names[j], j != b - 1 ? " (inline)" : "");
				first = false;
			}
		}
	}
	fprintf(f, "%s\n", sep);
	graph_loc_names_free(ln);
}

static int
tag_key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tag_key *)a)->name,
	    ((const struct tag_key *)b)->name);
}

static int64_t
abs64(int64_t v)
{
	return v < 0 ? -v : v;
}

/* pprof's SortTags(flat): |weight| descending, then name. */
static int
tag_value_cmp(const void *a, const void *b)
{
	const struct tag_value *x = a, *y = b;

	if (x->weight != y->weight && abs64(x->weight) != abs64(y->weight))
		return abs64(x->weight) > abs64(y->weight) ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Every key with its values, sorted as pprof prints them. */
struct tag_key *
out_tag_table(const struct report *r, size_t *nkeys)
{
	const struct profile *p = r->prof;
	struct tag_key *keys = NULL;
	size_t nk = 0, i, j, k, v;
	char buf[64];

	for (i = 0; i < p->nsamples; i++) {
		int64_t w = p->values[i * p->ntypes +
		    (size_t)r->opt.sample_index];

		for (j = p->label_start[i]; j < p->label_start[i + 1]; j++) {
			const struct prof_label *l = &p->labels[j];
			const char *kn = profile_str(p, l->key), *vn;

			if (l->str != 0)
				vn = profile_str(p, l->str);
			else
				vn = units_label(buf, sizeof buf, l->num,
				    out_num_label_unit(p, l->key),
				    r->opt.output_unit);
			for (k = 0; k < nk; k++)
				if (strcmp(keys[k].name, kn) == 0)
					break;
			if (k == nk) {
				keys = xreallocarray(keys, nk + 1,
				    sizeof *keys);
				memset(&keys[nk], 0, sizeof keys[nk]);
				keys[nk++].name = xstrdup(kn);
			}
			for (v = 0; v < keys[k].nvals; v++)
				if (strcmp(keys[k].vals[v].name, vn) == 0)
					break;
			if (v == keys[k].nvals) {
				keys[k].vals = xreallocarray(keys[k].vals,
				    v + 1, sizeof *keys[k].vals);
				keys[k].vals[v].name = xstrdup(vn);
				keys[k].vals[v].weight = 0;
				keys[k].nvals++;
			}
			keys[k].vals[v].weight += w;
			keys[k].total += w;
		}
	}
	qsort(keys, nk, sizeof *keys, tag_key_cmp);
	for (k = 0; k < nk; k++)
		qsort(keys[k].vals, keys[k].nvals, sizeof *keys[k].vals,
		    tag_value_cmp);
	*nkeys = nk;
	return keys;
}

void
out_tag_table_free(struct tag_key *keys, size_t n)
{
	size_t k, v;

	for (k = 0; k < n; k++) {
		for (v = 0; v < keys[k].nvals; v++)
			free(keys[k].vals[v].name);
		free(keys[k].vals);
		free(keys[k].name);
	}
	free(keys);
}

/* pprof's "%.1f%s" of a value scaled to the output unit. */
static void
scaled1(char *buf, size_t len, const struct report *r, int64_t v)
{
	const char *u;
	double d = units_scale(v, r->sample_unit, r->opt.output_unit, &u);

	snprintf(buf, len, "%.1f%s", d, u);
}

/* Print cells right-aligned in a column of width w, as Go's tabwriter
 * with AlignRight and padding 1 does. */
static void
cell(FILE *f, const char *s, size_t w)
{
	fprintf(f, "%*s", (int)w, s);
}

void
out_tags(FILE *f, const struct report *r)
{
	size_t nk, k, v;
	struct tag_key *keys = out_tag_table(r, &nk);
	char num[64], pct[32], c[128];

	for (k = 0; k < nk; k++) {
		const struct tag_key *t = &keys[k];
		size_t w0 = strlen(t->name) + 1, w1 = 0;
		char **cells = xcalloc(t->nvals + 1, sizeof *cells);

		if (w0 < 1)
			w0 = 1;
		for (v = 0; v < t->nvals; v++) {
			scaled1(num, sizeof num, r, t->vals[v].weight);
			if (t->total > 0)
				snprintf(c, sizeof c, "%s (%s):", num,
				    units_percent(pct, sizeof pct,
				    t->vals[v].weight, t->total));
			else
				snprintf(c, sizeof c, "%s:", num);
			cells[v] = xstrdup(c);
			if (strlen(c) > w1)
				w1 = strlen(c);
		}
		scaled1(num, sizeof num, r, t->total);
		snprintf(c, sizeof c, "%s:", t->name);
		cell(f, c, w0 + 1);
		fprintf(f, " Total %s\n", num);
		for (v = 0; v < t->nvals; v++) {
			cell(f, " ", w0 + 1);
			cell(f, cells[v], w1 + 1);
			fprintf(f, " %s\n", t->vals[v].name);
			free(cells[v]);
		}
		free(cells);
		fprintf(f, "\n");
	}
	out_tag_table_free(keys, nk);
}
