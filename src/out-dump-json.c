/*
 * out-dump-json.c - heap dump results as JSON (-json): one object per
 * report, values in exact bytes and counts, names as JSON strings.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "out-dump.h"
#include "output.h"

/* "dump": the dump's header facts. */
static void
json_dump(FILE *f, const struct heapdump *d)
{
	fprintf(f, "\"dump\":{\"format\":\"go1.%d heap dump\",\"go_version\":",
	    d->version);
	out_json_str(f, heapdump_str(d, d->build_version));
	fprintf(f, ",\"arch\":");
	out_json_str(f, heapdump_str(d, d->arch));
	fprintf(f, ",\"ptr_size\":%" PRIu64 ",\"objects\":%zu,\"bytes\":%"
	    PRIu64 ",\"edges\":%zu,\"root_words\":%zu,\"goroutines\":%zu",
	    d->ptr_size, d->nobjects, d->total_bytes, d->nedges, d->nroots,
	    d->ngoroutines);
	fprintf(f, ",\"data\":{\"start\":\"0x%" PRIx64 "\",\"size\":%" PRIu64
	    "},\"bss\":{\"start\":\"0x%" PRIx64 "\",\"size\":%" PRIu64 "}",
	    d->data_start, d->data_size, d->bss_start, d->bss_size);
	if (d->have_memstats)
		fprintf(f, ",\"memstats\":{\"HeapAlloc\":%" PRIu64
		    ",\"HeapObjects\":%" PRIu64 ",\"NumGC\":%" PRIu64 "}",
		    d->memstats[HD_MS_HEAP_ALLOC],
		    d->memstats[HD_MS_HEAP_OBJECTS], d->num_gc);
	fputc('}', f);
}

/* How many of n rows to print. */
static size_t
limit(size_t n, const struct dump_out_opts *o)
{
	return o->rows > 0 && (size_t)o->rows < n ? (size_t)o->rows : n;
}

void
out_retained_json(FILE *f, const struct retained *r,
    const struct retained_step *steps, int nsteps, uint64_t addr,
    const struct dump_out_opts *o)
{
	const struct heapdump *d = r->dump;
	size_t i;
	int k;

	fputc('{', f);
	json_dump(f, d);
	fprintf(f, ",\"unreached_objects\":%" PRIu64 ",\"unreached_bytes\":%"
	    PRIu64 ",\"shared_objects\":%" PRIu64 ",\"shared_bytes\":%" PRIu64
	    ",\"roots\":[", r->unreached_objects, r->unreached_bytes,
	    r->shared_objects, r->shared_bytes);
	for (i = 0; i < limit(r->nroots, o); i++) {
		const struct retained_root *rr = &r->roots[i];

		fprintf(f, "%s{\"name\":", i ? "," : "");
		out_json_str(f, strpool_get(r->names, rr->name));
		fprintf(f, ",\"kind\":\"%s\",\"retained_bytes\":%" PRIu64
		    ",\"retained_objects\":%" PRIu64 ",\"words\":%" PRIu64 "}",
		    retained_kind_name(rr->kind), rr->retained_bytes,
		    rr->retained_objects, rr->words);
	}
	fprintf(f, "],\"sites\":[");
	for (i = 0; i < limit(r->nsites, o); i++) {
		const struct retained_site *s = &r->sites[i];

		fprintf(f, "%s{\"site\":", i ? "," : "");
		out_json_str(f, strpool_get(r->names, s->name));
		fprintf(f, ",\"retained_bytes\":%" PRIu64 ",\"retained_objects\":%"
		    PRIu64 ",\"live_bytes\":%" PRIu64 ",\"live_objects\":%"
		    PRIu64 "}", s->retained_bytes, s->retained_objects,
		    s->live_bytes, s->live_objects);
	}
	fputc(']', f);
	if (steps != NULL) {
		fprintf(f, ",\"path\":{\"address\":\"0x%" PRIx64 "\",\"steps\":[",
		    addr);
		for (k = 0; k < nsteps; k++) {
			const struct retained_step *s = &steps[k];

			if (k > 0)
				fputc(',', f);
			if (s->object == HD_NONE) {
				fprintf(f, "{\"root\":");
				out_json_str(f, strpool_get(r->names, s->root_name));
				fprintf(f, ",\"kind\":\"%s\"}",
				    retained_kind_name(s->root_kind));
				continue;
			}
			fprintf(f, "{\"address\":\"0x%" PRIx64 "\",\"size\":%"
			    PRIu64 ",\"site\":", d->obj_addr[s->object],
			    d->obj_size[s->object]);
			out_json_str(f, strpool_get(r->names, r->obj_label[s->object]));
			fprintf(f, ",\"retained_bytes\":%" PRIu64 "}",
			    r->obj_retained[s->object]);
		}
		fprintf(f, "]}");
	}
	fprintf(f, "}\n");
}

/* Comparison rows as a JSON array. */
static void
json_deltas(FILE *f, const struct retained_delta *rs, size_t n,
    const struct dump_out_opts *o)
{
	size_t i;

	fputc('[', f);
	for (i = 0; i < limit(n, o); i++) {
		fprintf(f, "%s{\"name\":", i ? "," : "");
		out_json_str(f, rs[i].name);
		if (rs[i].kind != NULL)
			fprintf(f, ",\"kind\":\"%s\"", rs[i].kind);
		fprintf(f, ",\"old_bytes\":%" PRId64 ",\"new_bytes\":%" PRId64
		    ",\"delta_bytes\":%" PRId64 ",\"old_objects\":%" PRId64
		    ",\"new_objects\":%" PRId64 "}", rs[i].old_bytes,
		    rs[i].new_bytes, rs[i].new_bytes - rs[i].old_bytes,
		    rs[i].old_objects, rs[i].new_objects);
	}
	fputc(']', f);
}

void
out_retained_compare_json(FILE *f, const struct retained *old,
    const struct retained *new, const struct dump_out_opts *o)
{
	struct retained_delta *rs;
	size_t n;

	fprintf(f, "{\"old\":{");
	json_dump(f, old->dump);
	fprintf(f, "},\"new\":{");
	json_dump(f, new->dump);
	fprintf(f, "},\"roots\":");
	rs = retained_compare(old, new, 0, &n);
	json_deltas(f, rs, n, o);
	free(rs);
	fprintf(f, ",\"sites\":");
	rs = retained_compare(old, new, 1, &n);
	json_deltas(f, rs, n, o);
	free(rs);
	fprintf(f, "}\n");
}

/* The groups of gs as a JSON array. */
static void
json_groups(FILE *f, const struct goroutine_groups *gs,
    const struct dump_out_opts *o)
{
	size_t i;

	fputc('[', f);
	for (i = 0; i < limit(gs->ngroups, o); i++) {
		const struct goroutine_group *g = &gs->groups[i];

		fprintf(f, "%s{\"count\":%" PRIu64 ",\"state\":\"%s\","
		    "\"wait_reason\":", i ? "," : "", g->count, g->state);
		out_json_str(f, heapdump_str(gs->dump, g->wait_reason));
		fprintf(f, ",\"function\":");
		out_json_str(f, heapdump_str(gs->dump, g->function));
		fprintf(f, ",\"system\":%s}", g->system ? "true" : "false");
	}
	fputc(']', f);
}

void
out_goroutines_json(FILE *f, const struct goroutine_groups *gs,
    const struct goroutine_groups *old, const struct dump_out_opts *o)
{
	fprintf(f, "{\"total\":%zu,\"user\":%zu,\"system\":%zu,\"groups\":",
	    gs->total, gs->user, gs->system);
	json_groups(f, gs, o);
	if (old != NULL) {
		fprintf(f, ",\"base\":{\"total\":%zu,\"user\":%zu,\"system\":%zu,"
		    "\"groups\":", old->total, old->user, old->system);
		json_groups(f, old, o);
		fputc('}', f);
	}
	fprintf(f, "}\n");
}
