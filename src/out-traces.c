/*
 * out-traces.c - pprof's -traces and -tags text (report.go printTraces,
 * printTags): computed straight from the samples, after the filters.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "output.h"
#include "units.h"
#include "xmalloc.h"

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The "%10s:  v1 v2\n" lines of one sample's string (numeric = false) or
 * numeric labels, one per key with its values in order, sorted as strings
 * (as pprof sorts them).  Caller frees each line and the array.
 */
static char **
label_lines(const struct profile *p, size_t i, bool numeric,
    const char **units, size_t *n_out)
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
			unit = units[a->key];
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
	const char **units = filter_num_label_units(p);
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
			lines = label_lines(p, i, numeric, units, &n);
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
	free(units);
}

/* One distinct label (key and string or number) and its weight. */
struct tag_entry {
	strid key, str;
	int64_t num;
	int64_t weight;
	const char *key_name;
	char *name;		/* as printed */
};

static int
tag_entry_cmp(const void *a, const void *b)
{
	const struct tag_entry *x = a, *y = b;
	int c = strcmp(x->key_name, y->key_name);

	return c != 0 ? c : strcmp(x->name, y->name);
}

static int64_t
abs64(int64_t v)
{
	return v < 0 ? -v : v;
}

static uint64_t
tag_hash(const struct tag_entry *e)
{
	return hash_u64(hash_u64(e->key, e->str), (uint64_t)e->num);
}

/* Double the slot table of the tag entries. */
static uint32_t *
tag_rehash(const struct tag_entry *es, size_t ne, uint32_t *slots,
    size_t *nslots)
{
	size_t k, m;

	free(slots);
	*nslots *= 2;
	slots = xcalloc(*nslots, sizeof *slots);
	for (k = 0; k < ne; k++) {
		for (m = tag_hash(&es[k]) & (*nslots - 1); slots[m] != 0;
		    m = (m + 1) & (*nslots - 1))
			;
		slots[m] = (uint32_t)k + 1;
	}
	return slots;
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

/*
 * Every key with its values, sorted as pprof prints them.  Labels are
 * summed per distinct (key, value) in a hash table, then numeric values
 * that print alike (pprof keys them by their printed form) are merged.
 */
struct tag_key *
out_tag_table(const struct report *r, size_t *nkeys)
{
	const struct profile *p = r->prof;
	const char **units = filter_num_label_units(p);
	struct tag_entry *es = NULL;
	size_t ne = 0, cap = 0, nslots = 1024, i, j, k, nk = 0;
	uint32_t *slots = xcalloc(nslots, sizeof *slots);
	struct tag_key *keys = NULL;
	char buf[64];

	for (i = 0; i < p->nsamples; i++) {
		int64_t w = p->values[i * p->ntypes +
		    (size_t)r->opt.sample_index];

		for (j = p->label_start[i]; j < p->label_start[i + 1]; j++) {
			const struct prof_label *l = &p->labels[j];
			int64_t num = l->str != 0 ? 0 : l->num;
			struct tag_entry probe = { l->key, l->str, num, 0,
			    NULL, NULL };
			uint64_t h = tag_hash(&probe);
			size_t m, idx = SIZE_MAX;

			for (m = h & (nslots - 1); slots[m] != 0;
			    m = (m + 1) & (nslots - 1)) {
				struct tag_entry *e = &es[slots[m] - 1];

				if (e->key == l->key && e->str == l->str &&
				    e->num == num) {
					idx = slots[m] - 1;
					break;
				}
			}
			if (idx == SIZE_MAX) {
				if (ne == cap) {
					cap = cap ? cap * 2 : 256;
					es = xreallocarray(es, cap, sizeof *es);
				}
				idx = ne++;
				memset(&es[idx], 0, sizeof es[idx]);
				es[idx].key = l->key;
				es[idx].str = l->str;
				es[idx].num = num;
				slots[m] = (uint32_t)ne;
				if (ne * 2 > nslots)
					slots = tag_rehash(es, ne, slots,
					    &nslots);
			}
			es[idx].weight += w;
		}
	}
	free(slots);
	for (k = 0; k < ne; k++) {
		es[k].key_name = profile_str(p, es[k].key);
		es[k].name = es[k].str != 0 ? xstrdup(profile_str(p,
		    es[k].str)) : xstrdup(units_label(buf, sizeof buf,
		    es[k].num, units[es[k].key], r->opt.output_unit));
	}
	qsort(es, ne, sizeof *es, tag_entry_cmp);
	for (k = 0; k < ne; k = j) {
		struct tag_key *t;

		keys = xreallocarray(keys, nk + 1, sizeof *keys);
		t = &keys[nk++];
		memset(t, 0, sizeof *t);
		t->name = xstrdup(es[k].key_name);
		for (j = k; j < ne && strcmp(es[j].key_name, es[k].key_name) ==
		    0; j++) {
			t->total += es[j].weight;
			if (t->nvals > 0 && strcmp(t->vals[t->nvals - 1].name,
			    es[j].name) == 0) {
				t->vals[t->nvals - 1].weight += es[j].weight;
				free(es[j].name);
				continue;
			}
			t->vals = xreallocarray(t->vals, t->nvals + 1,
			    sizeof *t->vals);
			t->vals[t->nvals].name = es[j].name;
			t->vals[t->nvals++].weight = es[j].weight;
		}
		qsort(t->vals, t->nvals, sizeof *t->vals, tag_value_cmp);
	}
	free(es);
	free(units);
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
