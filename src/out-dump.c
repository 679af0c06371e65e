/*
 * out-dump.c - heap dump results as text: the dump header, the largest
 * retainers, retained size by site, paths, comparisons, goroutine groups.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "out-dump.h"
#include "units.h"
#include "xmalloc.h"

/* A byte value in the chosen unit. */
static char *
bytes(char *buf, size_t len, int64_t v, const struct dump_out_opts *o)
{
	return units_label(buf, len, v, "bytes", o->unit);
}

/* A signed byte value, with "+" for growth. */
static char *
delta_bytes(char *buf, size_t len, int64_t v, const struct dump_out_opts *o)
{
	char tmp[64];

	units_label(tmp, sizeof tmp, v, "bytes", o->unit);
	snprintf(buf, len, "%s%s", v > 0 ? "+" : "", tmp);
	return buf;
}

/* A share of a total, as pprof prints percentages. */
static char *
pct(char *buf, size_t len, uint64_t v, uint64_t total)
{
	return units_percent(buf, len, (int64_t)v, (int64_t)total);
}

/* How many rows of n to show. */
static size_t
rows(size_t n, const struct dump_out_opts *o)
{
	return o->rows > 0 && (size_t)o->rows < n ? (size_t)o->rows : n;
}

void
out_dump_header(FILE *f, const struct heapdump *d,
    const struct dump_out_opts *o)
{
	char a[64], b[64];

	fprintf(f, "Heap dump: %s %s, go1.%d heap dump format\n",
	    heapdump_str(d, d->build_version), heapdump_str(d, d->arch),
	    d->version);
	fprintf(f, "Live: %zu objects, %s", d->nobjects,
	    bytes(a, sizeof a, (int64_t)d->total_bytes, o));
	if (d->have_memstats)
		fprintf(f, " (memstats HeapObjects %" PRIu64 ", HeapAlloc "
		    "%s)", d->memstats[HD_MS_HEAP_OBJECTS],
		    bytes(b, sizeof b, (int64_t)d->memstats[HD_MS_HEAP_ALLOC],
		    o));
	fprintf(f, "\n");
}

void
out_retained(FILE *f, const struct retained *r,
    const struct dump_out_opts *o)
{
	const struct heapdump *d = r->dump;
	char a[64], b[64], p[32];
	size_t i, n;

	out_dump_header(f, d, o);
	fprintf(f, "Roots: %zu pointer words in %zu named roots; %zu "
	    "goroutines; %" PRIu64 " objects (%s) reached from no dumped "
	    "root\n", d->nroots, r->nroots, d->ngoroutines,
	    r->unreached_objects,
	    bytes(a, sizeof a, (int64_t)r->unreached_bytes, o));
	fprintf(f, "Shared: %" PRIu64 " objects (%s) are reached from "
	    "several roots, so no one root retains them\n", r->shared_objects,
	    bytes(a, sizeof a, (int64_t)r->shared_bytes, o));

	n = rows(r->nroots, o);
	fprintf(f, "\nLargest retainers (%zu of %zu roots):\n", n, r->nroots);
	fprintf(f, "%10s %9s %9s  %-17s %s\n", "retained", "retained%",
	    "objects", "kind", "root");
	for (i = 0; i < n; i++) {
		const struct retained_root *rr = &r->roots[i];

		fprintf(f, "%10s %9s %9" PRIu64 "  %-17s %s\n",
		    bytes(a, sizeof a, (int64_t)rr->retained_bytes, o),
		    pct(p, sizeof p, rr->retained_bytes, r->live_bytes),
		    rr->retained_objects, retained_kind_name(rr->kind),
		    strpool_get(r->names, rr->name));
	}

	n = rows(r->nsites, o);
	fprintf(f, "\nRetained by allocation site (%zu of %zu sites):\n", n,
	    r->nsites);
	fprintf(f, "%10s %9s %9s %10s %9s  %s\n", "retained", "retained%",
	    "objects", "live", "live obj", "site");
	for (i = 0; i < n; i++) {
		const struct retained_site *s = &r->sites[i];

		fprintf(f, "%10s %9s %9" PRIu64 " %10s %9" PRIu64 "  %s\n",
		    bytes(a, sizeof a, (int64_t)s->retained_bytes, o),
		    pct(p, sizeof p, s->retained_bytes, r->live_bytes),
		    s->retained_objects,
		    bytes(b, sizeof b, (int64_t)s->live_bytes, o),
		    s->live_objects, strpool_get(r->names, s->name));
	}
}

void
out_retained_path(FILE *f, const struct retained *r,
    const struct retained_step *steps, int nsteps, uint64_t addr,
    const struct dump_out_opts *o)
{
	const struct heapdump *d = r->dump;
	char a[64], b[64];
	int i;

	fprintf(f, "Path from a root to 0x%" PRIx64 ":\n", addr);
	for (i = 0; i < nsteps; i++) {
		const struct retained_step *s = &steps[i];

		if (s->object == HD_NONE) {
			fprintf(f, "  %s (%s)\n",
			    strpool_get(r->names, s->root_name),
			    retained_kind_name(s->root_kind));
			continue;
		}
		fprintf(f, "  -> 0x%" PRIx64 " %s %s, retains %s\n",
		    d->obj_addr[s->object],
		    bytes(a, sizeof a, (int64_t)d->obj_size[s->object], o),
		    strpool_get(r->names, r->obj_label[s->object]),
		    bytes(b, sizeof b,
		    (int64_t)r->obj_retained[s->object], o));
	}
}

/* One comparison table. */
static void
compare_table(FILE *f, const char *title, const struct retained_delta *rs,
    size_t n, const struct dump_out_opts *o)
{
	char a[64], b[64], c[64];
	size_t i, shown = rows(n, o);

	fprintf(f, "\n%s (%zu of %zu):\n", title, shown, n);
	fprintf(f, "%11s %10s %10s %9s  %s\n", "delta", "old", "new",
	    "objects", "name");
	for (i = 0; i < shown; i++) {
		const struct retained_delta *d = &rs[i];

		fprintf(f, "%11s %10s %10s %+9" PRId64 "  %s%s%s%s\n",
		    delta_bytes(a, sizeof a, d->new_bytes - d->old_bytes, o),
		    bytes(b, sizeof b, d->old_bytes, o),
		    bytes(c, sizeof c, d->new_bytes, o),
		    d->new_objects - d->old_objects, d->name,
		    d->kind ? " (" : "", d->kind ? d->kind : "",
		    d->kind ? ")" : "");
	}
}

void
out_retained_compare(FILE *f, const struct retained *old,
    const struct retained *new, const struct dump_out_opts *o)
{
	struct retained_delta *rs;
	char a[64], b[64], c[64];
	size_t n;

	fprintf(f, "Live: %zu -> %zu objects (%+" PRId64 "), %s -> %s (%s)\n",
	    old->dump->nobjects, new->dump->nobjects,
	    (int64_t)new->dump->nobjects - (int64_t)old->dump->nobjects,
	    bytes(a, sizeof a, (int64_t)old->live_bytes, o),
	    bytes(b, sizeof b, (int64_t)new->live_bytes, o),
	    delta_bytes(c, sizeof c, (int64_t)new->live_bytes -
	    (int64_t)old->live_bytes, o));
	rs = retained_compare(old, new, 0, &n);
	compare_table(f, "Retained by root", rs, n, o);
	free(rs);
	rs = retained_compare(old, new, 1, &n);
	compare_table(f, "Retained by allocation site", rs, n, o);
	free(rs);
}

void
out_goroutines(FILE *f, const struct goroutine_groups *gs,
    const struct dump_out_opts *o)
{
	const struct heapdump *d = gs->dump;
	size_t i, n = rows(gs->ngroups, o);

	fprintf(f, "Goroutines: %zu (%zu user, %zu system) in %zu groups\n",
	    gs->total, gs->user, gs->system, gs->ngroups);
	fprintf(f, "%7s  %-10s %-22s %s\n", "count", "state", "wait reason",
	    "function");
	for (i = 0; i < n; i++) {
		const struct goroutine_group *g = &gs->groups[i];
		const char *wr = heapdump_str(d, g->wait_reason);

		fprintf(f, "%7" PRIu64 "  %-10s %-22s %s%s\n", g->count,
		    g->state, *wr ? wr : "-", heapdump_str(d, g->function),
		    g->system ? " [system]" : "");
	}
}

void
out_goroutines_compare(FILE *f, const struct goroutine_groups *old,
    const struct goroutine_groups *new, const struct dump_out_opts *o)
{
	const struct goroutine_groups *gs[2] = { old, new };
	struct row {
		char *key;
		int64_t n[2];
	} *rs = NULL;
	size_t nr = 0, cap = 0, i, k;
	int side;

	for (side = 0; side < 2; side++)
		for (i = 0; i < gs[side]->ngroups; i++) {
			char *key = goroutine_group_key(gs[side],
			    &gs[side]->groups[i]);

			for (k = 0; k < nr; k++)
				if (strcmp(rs[k].key, key) == 0)
					break;
			if (k == nr) {
				ARRAY_GROW(rs, nr, cap);
				rs[nr].key = key;
				rs[nr].n[0] = rs[nr].n[1] = 0;
				nr++;
			} else
				free(key);
			rs[k].n[side] += (int64_t)gs[side]->groups[i].count;
		}
	/* Largest change first (a stable insertion sort: few groups). */
	for (i = 1; i < nr; i++) {
		struct row t = rs[i];
		int64_t dt = llabs(t.n[1] - t.n[0]);

		for (k = i; k > 0 && llabs(rs[k - 1].n[1] - rs[k - 1].n[0]) <
		    dt; k--)
			rs[k] = rs[k - 1];
		rs[k] = t;
	}
	fprintf(f, "Goroutines: %zu -> %zu (%+" PRId64 ")\n", old->total,
	    new->total, (int64_t)new->total - (int64_t)old->total);
	fprintf(f, "%7s %7s %7s  %-10s %-22s %s\n", "delta", "old", "new",
	    "state", "wait reason", "function");
	for (i = 0; i < nr; i++) {
		char *state = rs[i].key, *reason, *fn, *sys;

		reason = strchr(state, '\t');
		*reason++ = '\0';
		fn = strchr(reason, '\t');
		*fn++ = '\0';
		sys = strchr(fn, '\t');
		*sys++ = '\0';
		if (i < rows(nr, o))
			fprintf(f, "%+7" PRId64 " %7" PRId64 " %7" PRId64
			    "  %-10s %-22s %s%s\n", rs[i].n[1] - rs[i].n[0],
			    rs[i].n[0], rs[i].n[1], state,
			    *reason ? reason : "-", fn,
			    *sys == '1' ? " [system]" : "");
		free(rs[i].key);
	}
	free(rs);
}
