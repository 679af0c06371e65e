/*
 * trend.c - per-site series over snapshots and their statistics (see
 * trend.h).
 *
 * Sites are keyed by their printable name in a string pool (a name is the
 * same string in every snapshot even where the profiles' ids differ), so a
 * site's values sit in one row of an nsites x n matrix.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trend.h"
#include "xmalloc.h"

/* Growable per-site rows while the snapshots are read. */
struct collect {
	struct strpool *names;
	size_t n;		/* snapshots */
	int64_t *flat, *cum;	/* (ids - 1) x n */
	size_t cap;		/* rows allocated */
};

/* The row of a site name, added (zeroed) if new. */
static size_t
collect_row(struct collect *c, const char *name)
{
	strid id = strpool_intern(c->names, name, strlen(name));
	size_t row = id - 1, newcap;

	if (row >= c->cap) {
		newcap = c->cap ? c->cap * 2 : 64;
		while (newcap <= row)
			newcap *= 2;
		c->flat = xreallocarray(c->flat, newcap * c->n, sizeof *c->flat);
		c->cum = xreallocarray(c->cum, newcap * c->n, sizeof *c->cum);
		memset(c->flat + c->cap * c->n, 0,
		    (newcap - c->cap) * c->n * sizeof *c->flat);
		memset(c->cum + c->cap * c->n, 0,
		    (newcap - c->cap) * c->n * sizeof *c->cum);
		c->cap = newcap;
	}
	return row;
}

/* Function or line sites of one snapshot, from pprof's untrimmed graph. */
static void
collect_graph(struct collect *c, size_t k, const struct profile *p, int idx,
    const struct trend_options *to)
{
	struct graph_options go;
	struct report *r;
	uint32_t i;

	graph_options_init(&go);
	go.sample_index = idx;
	go.granularity = to->granularity;
	go.nodefraction = 0;
	go.edgefraction = 0;
	go.nodecount = 0;
	r = report_new(p, &go);
	for (i = 0; i < r->graph->nnodes; i++) {
		const struct graph_node *nd = &r->graph->nodes[i];
		size_t row = collect_row(c, nd->name);

		c->flat[row * c->n + k] += nd->flat;
		c->cum[row * c->n + k] += nd->cum;
	}
	report_free(r);
}

/* Stack sites of one snapshot: "root;...;leaf" of function names (every
 * inlined frame), valued by the sum of the stack's samples. */
static void
collect_stacks(struct collect *c, size_t k, const struct profile *p, int idx)
{
	int64_t *w = xcalloc(p->nstacks + 1, sizeof *w);
	char *buf = NULL;
	size_t i, cap = 0;
	uint32_t s;

	for (i = 0; i < p->nsamples; i++)
		w[p->sample_stack[i]] += p->values[i * p->ntypes + (size_t)idx];
	for (s = 0; s < p->nstacks; s++) {
		const uint32_t *locs = profile_stack(p, s);
		uint32_t d = profile_stack_depth(p, s), j, l;
		size_t len = 0, row;

		if (w[s] == 0)
			continue;
		for (j = d; j-- > 0;) {
			const struct prof_location *loc = &p->locations[locs[j]];

			/* Lines are innermost first; the root side is last. */
			for (l = loc->nlines; l-- > 0;) {
				const struct prof_line *ln =
				    &p->lines[loc->first_line + l];
				const char *fn = profile_str(p,
				    p->functions[ln->function].name);
				size_t fl = strlen(fn);

				ARRAY_RESERVE(buf, len + fl + 2, cap);
				if (len > 0)
					buf[len++] = ';';
				memcpy(buf + len, fn, fl);
				len += fl;
			}
			if (loc->nlines == 0) {
				char addr[24];
				size_t al = (size_t)snprintf(addr, sizeof addr,
				    "0x%llx", (unsigned long long)loc->address);

				ARRAY_RESERVE(buf, len + al + 2, cap);
				if (len > 0)
					buf[len++] = ';';
				memcpy(buf + len, addr, al);
				len += al;
			}
		}
		ARRAY_RESERVE(buf, len + 1, cap);
		buf[len] = '\0';
		row = collect_row(c, buf);
		c->flat[row * c->n + k] += w[s];
		c->cum[row * c->n + k] += w[s];
	}
	free(buf);
	free(w);
}

void
trend_stats_compute(const int64_t *v, const double *x, size_t n,
    struct trend_stats *st)
{
	double mx = 0, my = 0, sxx = 0, sxy = 0, syy = 0, var;
	size_t i, j;
	int64_t s = 0, ties = 0;

	memset(st, 0, sizeof *st);
	st->mk_p = 1;
	if (n == 0)
		return;
	st->first = v[0];
	st->last = v[n - 1];
	st->change = v[n - 1] - v[0];
	st->min = st->max = v[0];
	for (i = 0; i < n; i++) {
		if (v[i] < st->min)
			st->min = v[i];
		if (v[i] > st->max)
			st->max = v[i];
		mx += x[i];
		my += (double)v[i];
		if (i > 0 && v[i] > v[i - 1])
			st->grew++;
	}
	st->steps = n - 1;
	st->grew_share = n > 1 ? (double)st->grew / (double)(n - 1) : 0;
	mx /= (double)n;
	my /= (double)n;
	for (i = 0; i < n; i++) {
		sxx += (x[i] - mx) * (x[i] - mx);
		sxy += (x[i] - mx) * ((double)v[i] - my);
		syy += ((double)v[i] - my) * ((double)v[i] - my);
	}
	if (sxx > 0)
		st->rate = sxy / sxx;
	if (sxx > 0 && syy > 0)
		st->r2 = sxy * sxy / (sxx * syy);

	/* Mann-Kendall: S counts rising minus falling pairs; its variance
	 * is corrected for groups of tied values. */
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			s += (v[j] > v[i]) - (v[j] < v[i]);
	var = (double)n * (double)(n - 1) * (double)(2 * n + 5);
	for (i = 0; i < n; i++) {
		int64_t t = 0;
		bool first = true;

		for (j = 0; j < n; j++)
			if (v[j] == v[i]) {
				if (j < i)
					first = false;
				t++;
			}
		if (first && t > 1) {
			ties += t;
			var -= (double)t * (double)(t - 1) * (double)(2 * t + 5);
		}
	}
	var /= 18;
	st->mk_s = s;
	if (var > 0 && s != 0)
		st->mk_z = ((double)s - (s > 0 ? 1 : -1)) / sqrt(var);
	st->mk_p = 0.5 * erfc(st->mk_z / sqrt(2.0));
}

double
trend_correlation(const int64_t *a, const int64_t *b, size_t n)
{
	double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;
	size_t i;

	if (n < 2)
		return 0;
	for (i = 0; i < n; i++) {
		ma += (double)a[i];
		mb += (double)b[i];
	}
	ma /= (double)n;
	mb /= (double)n;
	for (i = 0; i < n; i++) {
		sab += ((double)a[i] - ma) * ((double)b[i] - mb);
		saa += ((double)a[i] - ma) * ((double)a[i] - ma);
		sbb += ((double)b[i] - mb) * ((double)b[i] - mb);
	}
	if (saa <= 0 || sbb <= 0)
		return 0;
	return sab / sqrt(saa * sbb);
}

char *
trend_sparkline(const int64_t *v, size_t n, bool ascii, char *buf, size_t len)
{
	static const char *const blocks[8] = {
		"\u2581", "\u2582", "\u2583", "\u2584",
		"\u2585", "\u2586", "\u2587", "\u2588",
	};
	static const char dots[] = "_.-:=+*#";
	int64_t lo, hi;
	size_t i, at = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (n == 0)
		return buf;
	lo = hi = v[0];
	for (i = 1; i < n; i++) {
		if (v[i] < lo)
			lo = v[i];
		if (v[i] > hi)
			hi = v[i];
	}
	for (i = 0; i < n; i++) {
		int level = hi == lo ? 0 :
		    (int)(((double)v[i] - (double)lo) * 7.0 /
		    ((double)hi - (double)lo) + 0.5);
		const char *c = ascii ? NULL : blocks[level];
		size_t cl = ascii ? 1 : strlen(c);

		if (at + cl + 1 > len)
			break;
		if (ascii)
			buf[at] = dots[level];
		else
			memcpy(buf + at, c, cl);
		at += cl;
	}
	buf[at] = '\0';
	return buf;
}

/* Fastest growth first, then the larger change, then by name. */
static int
site_cmp(const void *a, const void *b)
{
	const struct trend_site *x = a, *y = b;

	if (x->stats.rate != y->stats.rate)
		return x->stats.rate > y->stats.rate ? -1 : 1;
	if (x->stats.change != y->stats.change)
		return x->stats.change > y->stats.change ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The sample type index of every snapshot, by the first one's name. */
static int
resolve_index(const struct series *s, const char *want, int *idx,
    char **cause)
{
	const struct profile *p0 = s->snaps[0].prof;
	const char *name;
	char *c0 = NULL;
	size_t k;
	int i0;

	if ((i0 = profile_sample_index(p0, want, &c0)) < 0) {
		*cause = xasprintf("%s: %s", s->snaps[0].name, c0);
		free(c0);
		return -1;
	}
	name = profile_str(p0, p0->sample_types[i0].type);
	for (k = 0; k < s->n; k++) {
		char *c2 = NULL;

		idx[k] = profile_sample_index(s->snaps[k].prof, name, &c2);
		if (idx[k] < 0) {
			*cause = xasprintf("%s: %s", s->snaps[k].name, c2);
			free(c2);
			return -1;
		}
	}
	return i0;
}

struct trend *
trend_new(const struct series *s, const struct trend_options *to,
    char **cause)
{
	struct trend *t;
	struct collect c;
	const struct profile *p0;
	int *idx, i0;
	size_t k, i, rows;

	if (s->n == 0) {
		*cause = xstrdup("no snapshots");
		return NULL;
	}
	idx = xcalloc(s->n, sizeof *idx);
	if ((i0 = resolve_index(s, to->sample_index, idx, cause)) < 0) {
		free(idx);
		return NULL;
	}
	p0 = s->snaps[0].prof;
	t = xcalloc(1, sizeof *t);
	t->opt = *to;
	t->sample_type = xstrdup(profile_str(p0, p0->sample_types[i0].type));
	t->unit = xstrdup(profile_str(p0, p0->sample_types[i0].unit));
	t->n = s->n;
	t->x = xcalloc(s->n, sizeof *t->x);
	t->times_ns = xcalloc(s->n, sizeof *t->times_ns);
	t->snap_names = xcalloc(s->n, sizeof *t->snap_names);

	t->timed = series_positions(s, t->x);
	for (k = 0; k < s->n; k++) {
		t->times_ns[k] = s->clock == SERIES_CLOCK_ORDER ? 0 :
		    s->snaps[k].time_ns;
		t->snap_names[k] = xstrdup(s->snaps[k].name);
	}

	memset(&c, 0, sizeof c);
	c.names = strpool_new();
	c.n = s->n;
	for (k = 0; k < s->n; k++) {
		if (to->stacks)
			collect_stacks(&c, k, s->snaps[k].prof, idx[k]);
		else
			collect_graph(&c, k, s->snaps[k].prof, idx[k], to);
	}
	free(idx);

	/* Keep every site that is ever non-zero; flat and cum side by side
	 * in one array. */
	rows = strpool_count(c.names) - 1;
	t->names = c.names;
	t->values = xcalloc(rows * s->n * 2 + 1, sizeof *t->values);
	t->sites = xcalloc(rows + 1, sizeof *t->sites);
	for (i = 0; i < rows; i++) {
		const int64_t *f = c.flat + i * s->n, *cu = c.cum + i * s->n;
		struct trend_site *site;
		int64_t *dst;
		bool any = false;

		for (k = 0; k < s->n; k++)
			if (f[k] != 0 || cu[k] != 0)
				any = true;
		if (!any)
			continue;
		dst = t->values + t->nsites * s->n * 2;
		memcpy(dst, f, s->n * sizeof *dst);
		memcpy(dst + s->n, cu, s->n * sizeof *dst);
		site = &t->sites[t->nsites++];
		site->name = strpool_get(c.names, (strid)(i + 1));
		site->flat = dst;
		site->cum = dst + s->n;
		trend_stats_compute(to->cum ? site->cum : site->flat, t->x,
		    s->n, &site->stats);
	}
	free(c.flat);
	free(c.cum);
	qsort(t->sites, t->nsites, sizeof *t->sites, site_cmp);
	return t;
}

void
trend_free(struct trend *t)
{
	size_t k;

	if (t == NULL)
		return;
	for (k = 0; k < t->n; k++)
		free(t->snap_names[k]);
	free(t->snap_names);
	free(t->times_ns);
	free(t->x);
	free(t->sample_type);
	free(t->unit);
	free(t->sites);
	free(t->values);
	strpool_free(t->names);
	free(t);
}

const struct trend_site *
trend_find(const struct trend *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->nsites; i++)
		if (strcmp(t->sites[i].name, name) == 0)
			return &t->sites[i];
	return NULL;
}
