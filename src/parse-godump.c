/*
 * parse-godump.c - Go heap dumps (runtime/debug.WriteHeapDump), the
 * "go1.5 heap dump", "go1.6 heap dump" and "go1.7 heap dump" formats.
 *
 * One pass over the records fills a struct heapdump (see heapdump.h):
 * objects with the raw values of their pointer words, roots from data, bss,
 * stack frames and finalizers, goroutines, frames, types, itabs, threads,
 * defers, panics, memstats, memory profiler buckets and alloc samples.
 * Then objects are sorted by address and every pointer word is resolved by
 * binary search to the object containing it (interior pointers included),
 * giving the CSR edge arrays.  Nothing is allocated per object, so memory
 * stays linear in the dump's size.
 *
 * The same dump also fills the ordinary profile model, so every profile
 * analysis (top, -base ...) works on it: sample types inuse_objects and
 * inuse_space, one sample per allocation site (a memprof bucket named by an
 * alloc sample; runtime.* leading frames hidden as runtime/pprof does) and
 * one per size class for objects without an alloc sample.  Its totals are
 * the dump's live objects and bytes, which equal memstats' HeapObjects and
 * HeapAlloc.
 *
 * Bad input (truncated records, unknown tags, lengths past the end, fields
 * outside an object, overlapping objects) is an error naming the record and
 * its byte offset; pointers that lead outside every object are not edges.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heapdump.h"
#include "parse.h"
#include "sort.h"
#include "xmalloc.h"

#define GODUMP_MAGIC_LEN 16	/* "go1.N heap dump\n" */

/* The reader: a cursor over the input and the record being read. */
struct rd {
	const unsigned char *base, *p, *end;
	size_t rec_off;		/* offset of the current record */
	unsigned rec_tag;
	char *err;
};

/* Temporary state of a parse: what must wait until objects are sorted. */
struct pending {
	/* Objects in file order: their first raw pointer in raw_ptr. */
	size_t *obj_ptr_start;
	size_t obj_cap;
	uint64_t *raw_ptr;
	size_t nraw, raw_cap;
	size_t *obj_off;	/* record offset of each object (errors) */
	size_t size_cap, addr_cap;

	/* Roots before resolution: the value of each root word. */
	uint64_t *root_val;
	size_t root_cap;

	/* Alloc samples. */
	uint64_t *sample_addr, *sample_bucket;
	size_t nsamples, sample_cap;

	size_t gor_cap, frame_cap, type_cap, itab_cap, thread_cap, fin_cap;
	size_t defer_cap, panic_cap, bucket_cap, bframe_cap;
};

/* Record an error at the current record (first one wins). */
static int
rd_fail(struct rd *r, const char *what)
{
	if (r->err == NULL)
		r->err = xasprintf("%s (%s record at byte %zu)", what,
		    heapdump_tag_name(r->rec_tag), r->rec_off);
	return -1;
}

/* A uvarint as encoding/binary writes it (at most 10 bytes). */
static int
rd_uvarint(struct rd *r, uint64_t *v)
{
	uint64_t x = 0;
	unsigned shift = 0, i;

	for (i = 0; i < 10; i++) {
		unsigned char b;

		if (r->p >= r->end)
			return rd_fail(r, "truncated record");
		b = *r->p++;
		if (i == 9 && b > 1)
			return rd_fail(r, "varint overflows 64 bits");
		x |= (uint64_t)(b & 0x7f) << shift;
		if ((b & 0x80) == 0) {
			*v = x;
			return 0;
		}
		shift += 7;
	}
	return rd_fail(r, "varint longer than 10 bytes");
}

/* A bool: a uvarint that must be 0 or 1. */
static int
rd_bool(struct rd *r, bool *b)
{
	uint64_t v;

	if (rd_uvarint(r, &v) != 0)
		return -1;
	if (v > 1)
		return rd_fail(r, "boolean is neither 0 nor 1");
	*b = v == 1;
	return 0;
}

/* A length-prefixed byte string, pointing into the input. */
static int
rd_bytes(struct rd *r, const unsigned char **s, uint64_t *len)
{
	if (rd_uvarint(r, len) != 0)
		return -1;
	if (*len > (uint64_t)(r->end - r->p))
		return rd_fail(r, "length past the end of the file");
	*s = r->p;
	r->p += *len;
	return 0;
}

/* A string, interned in the dump's pool. */
static int
rd_string(struct rd *r, struct heapdump *d, strid *id)
{
	const unsigned char *s;
	uint64_t len;

	if (rd_bytes(r, &s, &len) != 0)
		return -1;
	*id = strpool_intern(d->strings, (const char *)s, (size_t)len);
	return 0;
}

/* Several uvarints in a row. */
static int
rd_uvarints(struct rd *r, uint64_t *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rd_uvarint(r, &v[i]) != 0)
			return -1;
	return 0;
}

/* The pointer-sized word at off in contents, in the dump's byte order. */
static uint64_t
word_at(const struct heapdump *d, const unsigned char *c, uint64_t off)
{
	uint64_t v = 0;
	unsigned i, n = (unsigned)d->ptr_size;

	for (i = 0; i < n; i++) {
		unsigned shift = d->big_endian ? 8 * (n - 1 - i) : 8 * i;

		v |= (uint64_t)c[off + i] << shift;
	}
	return v;
}

/*
 * Read a field list over contents of len bytes, calling add(ctx, offset,
 * value) for every non-zero pointer word.  Kinds 2 and 3 (iface, eface;
 * only old runtimes wrote them) hold the data pointer in their second word.
 */
static int
rd_fields(struct rd *r, const struct heapdump *d, const unsigned char *c,
    uint64_t len, void (*add)(void *, uint64_t, uint64_t), void *ctx)
{
	for (;;) {
		uint64_t kind, off, v;

		if (rd_uvarint(r, &kind) != 0)
			return -1;
		if (kind == 0)
			return 0;
		if (kind > 3)
			return rd_fail(r, "unknown field kind");
		if (rd_uvarint(r, &off) != 0)
			return -1;
		if (kind != 1)
			off += d->ptr_size;
		if (d->ptr_size == 0)
			return rd_fail(r, "pointer field before params");
		if (off > len || len - off < d->ptr_size)
			return rd_fail(r, "pointer field past the end of its "
			    "contents");
		v = word_at(d, c, off);
		if (v != 0)
			add(ctx, off, v);
	}
}

/* Add a root; its value is resolved to an object later. */
static void
add_root(struct heapdump *d, struct pending *pd, enum hd_root_kind kind,
    uint64_t addr, uint64_t value, uint32_t frame, strid desc)
{
	struct hd_root *rt;

	if (d->nroots >= pd->root_cap) {
		pd->root_cap = pd->root_cap ? pd->root_cap * 2 : 256;
		d->roots = xreallocarray(d->roots, pd->root_cap,
		    sizeof *d->roots);
		pd->root_val = xreallocarray(pd->root_val, pd->root_cap,
		    sizeof *pd->root_val);
	}
	rt = &d->roots[d->nroots];
	memset(rt, 0, sizeof *rt);
	rt->kind = kind;
	rt->addr = addr;
	rt->object = HD_NONE;
	rt->frame = frame;
	rt->desc = desc;
	pd->root_val[d->nroots++] = value;
}

struct seg_ctx {
	struct heapdump *d;
	struct pending *pd;
	enum hd_root_kind kind;
	uint64_t start;
	uint32_t frame;
};

/* A pointer word of a segment or frame: a root to resolve later. */
static void
add_seg_word(void *arg, uint64_t off, uint64_t v)
{
	struct seg_ctx *c = arg;

	add_root(c->d, c->pd, c->kind, c->start + off, v, c->frame, 0);
}

/* A pointer word of an object: an edge to resolve later. */
static void
add_obj_word(void *arg, uint64_t off, uint64_t v)
{
	struct pending *pd = arg;

	(void)off;
	ARRAY_GROW(pd->raw_ptr, pd->nraw, pd->raw_cap);
	pd->raw_ptr[pd->nraw++] = v;
}

/* An object record: address, contents, pointer fields. */
static int
rd_object(struct rd *r, struct heapdump *d, struct pending *pd)
{
	const unsigned char *c;
	uint64_t addr, len;
	size_t i = d->nobjects;

	if (rd_uvarint(r, &addr) != 0 || rd_bytes(r, &c, &len) != 0)
		return -1;
	if (len == 0)
		return rd_fail(r, "object of size 0");
	if (addr + len < addr)
		return rd_fail(r, "object wraps around the address space");
	if (i >= pd->obj_cap) {
		pd->obj_cap = pd->obj_cap ? pd->obj_cap * 2 : 1024;
		d->obj_addr = xreallocarray(d->obj_addr, pd->obj_cap,
		    sizeof *d->obj_addr);
		d->obj_size = xreallocarray(d->obj_size, pd->obj_cap,
		    sizeof *d->obj_size);
		pd->obj_ptr_start = xreallocarray(pd->obj_ptr_start,
		    pd->obj_cap + 1, sizeof *pd->obj_ptr_start);
		pd->obj_off = xreallocarray(pd->obj_off, pd->obj_cap,
		    sizeof *pd->obj_off);
	}
	d->obj_addr[i] = addr;
	d->obj_size[i] = len;
	pd->obj_off[i] = r->rec_off;
	pd->obj_ptr_start[i] = pd->nraw;
	if (rd_fields(r, d, c, len, add_obj_word, pd) != 0)
		return -1;
	d->nobjects++;
	d->total_bytes += len;
	return 0;
}

/* A goroutine record; its frames follow it. */
static int
rd_goroutine(struct rd *r, struct heapdump *d, struct pending *pd)
{
	struct hd_goroutine g;
	uint64_t v[5], w[4];

	memset(&g, 0, sizeof g);
	if (rd_uvarints(r, v, 5) != 0 || rd_bool(r, &g.system) != 0 ||
	    rd_bool(r, &g.background) != 0 ||
	    rd_uvarint(r, &g.wait_since) != 0 ||
	    rd_string(r, d, &g.wait_reason) != 0 || rd_uvarints(r, w, 4) != 0)
		return -1;
	g.addr = v[0];
	g.sp = v[1];
	g.goid = v[2];
	g.gopc = v[3];
	g.status = v[4];
	g.ctxt = w[0];
	g.m = w[1];
	g.top_defer = w[2];
	g.top_panic = w[3];
	g.first_frame = (uint32_t)d->nframes;
	ARRAY_GROW(d->goroutines, d->ngoroutines, pd->gor_cap);
	d->goroutines[d->ngoroutines++] = g;
	return 0;
}

/* A stack frame record of the last goroutine; its pointer words are roots. */
static int
rd_frame(struct rd *r, struct heapdump *d, struct pending *pd)
{
	struct hd_frame f;
	struct seg_ctx ctx;
	const unsigned char *c;
	uint64_t v[3], w[3], len;

	memset(&f, 0, sizeof f);
	if (rd_uvarints(r, v, 3) != 0 || rd_bytes(r, &c, &len) != 0 ||
	    rd_uvarints(r, w, 3) != 0 || rd_string(r, d, &f.function) != 0)
		return -1;
	if (d->ngoroutines == 0)
		return rd_fail(r, "stack frame before any goroutine");
	f.sp = v[0];
	f.depth = v[1];
	f.child_sp = v[2];
	f.size = len;
	f.entry = w[0];
	f.pc = w[1];
	f.cont_pc = w[2];
	f.goroutine = (uint32_t)(d->ngoroutines - 1);
	ctx.d = d;
	ctx.pd = pd;
	ctx.kind = HD_ROOT_FRAME;
	ctx.start = f.sp;
	ctx.frame = (uint32_t)d->nframes;
	if (rd_fields(r, d, c, len, add_seg_word, &ctx) != 0)
		return -1;
	ARRAY_GROW(d->frames, d->nframes, pd->frame_cap);
	d->frames[d->nframes++] = f;
	d->goroutines[d->ngoroutines - 1].nframes++;
	return 0;
}

/* The params record: byte order, pointer size, heap range, arch, version. */
static int
rd_params(struct rd *r, struct heapdump *d)
{
	if (rd_bool(r, &d->big_endian) != 0 ||
	    rd_uvarint(r, &d->ptr_size) != 0 ||
	    rd_uvarint(r, &d->heap_start) != 0 ||
	    rd_uvarint(r, &d->heap_end) != 0 ||
	    rd_string(r, d, &d->arch) != 0 ||
	    rd_string(r, d, &d->build_version) != 0 ||
	    rd_uvarint(r, &d->ncpu) != 0)
		return -1;
	if (d->ptr_size != 4 && d->ptr_size != 8)
		return rd_fail(r, "pointer size is neither 4 nor 8");
	return 0;
}

/* A data or bss record; its pointer words are roots. */
static int
rd_segment(struct rd *r, struct heapdump *d, struct pending *pd, bool bss)
{
	struct seg_ctx ctx;
	const unsigned char *c;
	uint64_t start, len;

	if (rd_uvarint(r, &start) != 0 || rd_bytes(r, &c, &len) != 0)
		return -1;
	if (bss) {
		d->bss_start = start;
		d->bss_size = len;
	} else {
		d->data_start = start;
		d->data_size = len;
	}
	ctx.d = d;
	ctx.pd = pd;
	ctx.kind = bss ? HD_ROOT_BSS : HD_ROOT_DATA;
	ctx.start = start;
	ctx.frame = HD_NONE;
	return rd_fields(r, d, c, len, add_seg_word, &ctx);
}

/* A finalizer or queued finalizer record. */
static int
rd_finalizer(struct rd *r, struct heapdump *d, struct pending *pd,
    bool queued)
{
	struct hd_finalizer f;
	enum hd_root_kind k = queued ? HD_ROOT_QUEUED : HD_ROOT_FINALIZER;
	uint64_t v[5];

	memset(&f, 0, sizeof f);
	if (rd_uvarints(r, v, 5) != 0)
		return -1;
	f.object = v[0];
	f.fn = v[1];
	f.fn_pc = v[2];
	f.arg_type = v[3];
	f.obj_type = v[4];
	f.queued = queued;
	/* The GC keeps the finalizer's func (and, for a queued finalizer,
	 * its object) alive; the object itself of a pending finalizer is
	 * reachable only through the program, but until it is finalized it
	 * cannot be freed, so it is a root too. */
	add_root(d, pd, k, 0, f.object, (uint32_t)d->nfinalizers, 0);
	add_root(d, pd, k, 0, f.fn, (uint32_t)d->nfinalizers, 0);
	ARRAY_GROW(d->finalizers, d->nfinalizers, pd->fin_cap);
	d->finalizers[d->nfinalizers++] = f;
	return 0;
}

/* The memstats record: MemStats fields, PauseNs, NumGC. */
static int
rd_memstats(struct rd *r, struct heapdump *d)
{
	if (rd_uvarints(r, d->memstats, HD_MEMSTATS_FIELDS) != 0 ||
	    rd_uvarints(r, d->pause_ns, 256) != 0 ||
	    rd_uvarint(r, &d->num_gc) != 0)
		return -1;
	d->have_memstats = true;
	return 0;
}

/* A memory profiler bucket: an allocation stack with its counts. */
static int
rd_bucket(struct rd *r, struct heapdump *d, struct pending *pd)
{
	struct hd_bucket b;
	uint64_t n, i;

	memset(&b, 0, sizeof b);
	if (rd_uvarint(r, &b.id) != 0 || rd_uvarint(r, &b.size) != 0 ||
	    rd_uvarint(r, &n) != 0)
		return -1;
	/* Each frame takes at least 3 bytes: refuse absurd counts before
	 * allocating for them. */
	if (n > (uint64_t)(r->end - r->p) / 3)
		return rd_fail(r, "frame count past the end of the file");
	b.first_frame = (uint32_t)d->nbucket_frames;
	b.nframes = (uint32_t)n;
	for (i = 0; i < n; i++) {
		struct hd_bucket_frame f;

		if (rd_string(r, d, &f.function) != 0 ||
		    rd_string(r, d, &f.file) != 0 ||
		    rd_uvarint(r, &f.line) != 0)
			return -1;
		ARRAY_GROW(d->bucket_frames, d->nbucket_frames, pd->bframe_cap);
		d->bucket_frames[d->nbucket_frames++] = f;
	}
	if (rd_uvarint(r, &b.allocs) != 0 || rd_uvarint(r, &b.frees) != 0)
		return -1;
	ARRAY_GROW(d->buckets, d->nbuckets, pd->bucket_cap);
	d->buckets[d->nbuckets++] = b;
	return 0;
}

/* Read one record; 1 at EOF, 0 otherwise, -1 on error. */
static int
rd_record(struct rd *r, struct heapdump *d, struct pending *pd)
{
	uint64_t tag, v[7];
	strid s;

	r->rec_off = (size_t)(r->p - r->base);
	r->rec_tag = HD_NTAGS;
	if (r->p >= r->end) {
		r->err = xasprintf("truncated dump: no EOF record (at byte "
		    "%zu)", r->rec_off);
		return -1;
	}
	if (rd_uvarint(r, &tag) != 0)
		return -1;
	if (tag >= HD_NTAGS) {
		free(r->err);
		r->err = xasprintf("unknown record tag %llu (at byte %zu)",
		    (unsigned long long)tag, r->rec_off);
		return -1;
	}
	r->rec_tag = (unsigned)tag;
	d->record_counts[tag]++;
	if (tag != HD_TAG_PARAMS && tag != HD_TAG_EOF && d->ptr_size == 0 &&
	    (tag == HD_TAG_OBJECT || tag == HD_TAG_STACK_FRAME ||
	    tag == HD_TAG_DATA || tag == HD_TAG_BSS))
		return rd_fail(r, "record before the params record");
	switch (tag) {
	case HD_TAG_EOF:
		return 1;
	case HD_TAG_OBJECT:
		return rd_object(r, d, pd);
	case HD_TAG_OTHER_ROOT:
		if (rd_string(r, d, &s) != 0 || rd_uvarint(r, &v[0]) != 0)
			return -1;
		add_root(d, pd, HD_ROOT_OTHER, 0, v[0], HD_NONE, s);
		return 0;
	case HD_TAG_TYPE: {
		struct hd_type t;

		memset(&t, 0, sizeof t);
		if (rd_uvarint(r, &t.addr) != 0 ||
		    rd_uvarint(r, &t.size) != 0 ||
		    rd_string(r, d, &t.name) != 0 ||
		    rd_bool(r, &t.indirect) != 0)
			return -1;
		ARRAY_GROW(d->types, d->ntypes, pd->type_cap);
		d->types[d->ntypes++] = t;
		return 0;
	}
	case HD_TAG_GOROUTINE:
		return rd_goroutine(r, d, pd);
	case HD_TAG_STACK_FRAME:
		return rd_frame(r, d, pd);
	case HD_TAG_PARAMS:
		return rd_params(r, d);
	case HD_TAG_FINALIZER:
	case HD_TAG_QUEUED_FINALIZER:
		return rd_finalizer(r, d, pd, tag == HD_TAG_QUEUED_FINALIZER);
	case HD_TAG_ITAB:
		if (rd_uvarints(r, v, 2) != 0)
			return -1;
		ARRAY_GROW(d->itabs, d->nitabs, pd->itab_cap);
		d->itabs[d->nitabs].addr = v[0];
		d->itabs[d->nitabs++].type = v[1];
		return 0;
	case HD_TAG_OS_THREAD:
		if (rd_uvarints(r, v, 3) != 0)
			return -1;
		ARRAY_GROW(d->threads, d->nthreads, pd->thread_cap);
		d->threads[d->nthreads].addr = v[0];
		d->threads[d->nthreads].id = v[1];
		d->threads[d->nthreads++].os_id = v[2];
		return 0;
	case HD_TAG_MEMSTATS:
		return rd_memstats(r, d);
	case HD_TAG_DATA:
	case HD_TAG_BSS:
		return rd_segment(r, d, pd, tag == HD_TAG_BSS);
	case HD_TAG_DEFER: {
		struct hd_defer *df;

		if (rd_uvarints(r, v, 7) != 0)
			return -1;
		ARRAY_GROW(d->defers, d->ndefers, pd->defer_cap);
		df = &d->defers[d->ndefers++];
		df->addr = v[0];
		df->g = v[1];
		df->argp = v[2];
		df->pc = v[3];
		df->fn = v[4];
		df->fn_pc = v[5];
		df->next = v[6];
		return 0;
	}
	case HD_TAG_PANIC: {
		struct hd_panic *pn;

		if (rd_uvarints(r, v, 6) != 0)
			return -1;
		ARRAY_GROW(d->panics, d->npanics, pd->panic_cap);
		pn = &d->panics[d->npanics++];
		pn->addr = v[0];
		pn->g = v[1];
		pn->type = v[2];
		pn->data = v[3];
		pn->unused = v[4];
		pn->next = v[5];
		return 0;
	}
	case HD_TAG_MEMPROF:
		return rd_bucket(r, d, pd);
	case HD_TAG_ALLOC_SAMPLE:
		if (rd_uvarints(r, v, 2) != 0)
			return -1;
		if (pd->nsamples >= pd->sample_cap) {
			pd->sample_cap = pd->sample_cap ? pd->sample_cap * 2 :
			    256;
			pd->sample_addr = xreallocarray(pd->sample_addr,
			    pd->sample_cap, sizeof *pd->sample_addr);
			pd->sample_bucket = xreallocarray(pd->sample_bucket,
			    pd->sample_cap, sizeof *pd->sample_bucket);
		}
		pd->sample_addr[pd->nsamples] = v[0];
		pd->sample_bucket[pd->nsamples++] = v[1];
		return 0;
	}
	return 0;
}

static int
cmp_u64_pair(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* Static references by target, then by source. */
static int
cmp_static_ref(const void *a, const void *b)
{
	const struct hd_static_ref *x = a, *y = b;

	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return x->from < y->from ? -1 : x->from > y->from;
}

/*
 * Sort the objects by address (refusing overlaps), resolve every pointer
 * word to the object containing it (CSR edges), the roots, and the alloc
 * samples to bucket indices.
 */
static int
resolve(struct heapdump *d, struct pending *pd, char **cause)
{
	size_t n = d->nobjects, i, j, e = 0;
	struct keyed *order = xcalloc(n ? n : 1, sizeof *order);
	uint64_t *addr = xcalloc(n ? n : 1, sizeof *addr);
	uint64_t *size = xcalloc(n ? n : 1, sizeof *size);
	uint64_t *ids;
	struct hd_root *out;

	if (n > UINT32_MAX - 1) {
		*cause = xstrdup("too many objects");
		goto fail;
	}
	for (i = 0; i < n; i++) {
		order[i].key = d->obj_addr[i];
		order[i].val = i;
	}
	/* Stable: equal addresses keep file order. */
	keyed_sort(order, n);
	for (i = 0; i < n; i++) {
		addr[i] = order[i].key;
		size[i] = d->obj_size[order[i].val];
		if (i > 0 && addr[i - 1] + size[i - 1] > addr[i]) {
			size_t later = pd->obj_off[order[i].val];

			if (pd->obj_off[order[i - 1].val] > later)
				later = pd->obj_off[order[i - 1].val];
			*cause = xasprintf("object at 0x%llx overlaps the "
			    "object at 0x%llx (object record at byte %zu)",
			    (unsigned long long)addr[i],
			    (unsigned long long)addr[i - 1], later);
			goto fail;
		}
	}
	free(d->obj_addr);
	free(d->obj_size);
	d->obj_addr = addr;
	d->obj_size = size;
	addr = size = NULL;

	/* Edges, in sorted order (a dump may have no object at all). */
	if (pd->obj_ptr_start == NULL)
		pd->obj_ptr_start = xcalloc(1, sizeof *pd->obj_ptr_start);
	pd->obj_ptr_start[n] = pd->nraw;
	d->edge_start = xcalloc(n + 1, sizeof *d->edge_start);
	d->edge_dst = xcalloc(pd->nraw ? pd->nraw : 1, sizeof *d->edge_dst);
	for (i = 0; i < n; i++) {
		uint32_t src = (uint32_t)order[i].val;

		d->edge_start[i] = e;
		for (j = pd->obj_ptr_start[src]; j < pd->obj_ptr_start[src + 1];
		    j++) {
			uint32_t t = heapdump_find(d, pd->raw_ptr[j]);

			if (t == HD_NONE)
				d->outside_pointers++;
			else if (t != i)
				d->edge_dst[e++] = t;
		}
	}
	d->edge_start[n] = e;
	d->nedges = e;

	/* Roots that point into an object; segment words pointing into a
	 * segment are kept as static references. */
	out = d->roots;
	for (i = 0; i < d->nroots; i++) {
		uint32_t t = heapdump_find(d, pd->root_val[i]);
		uint64_t v = pd->root_val[i];

		if (t == HD_NONE) {
			if ((d->roots[i].kind == HD_ROOT_DATA ||
			    d->roots[i].kind == HD_ROOT_BSS) &&
			    ((v >= d->data_start && v - d->data_start <
			    d->data_size) || (v >= d->bss_start &&
			    v - d->bss_start < d->bss_size))) {
				d->static_refs = xreallocarray(d->static_refs,
				    d->nstatic_refs + 1,
				    sizeof *d->static_refs);
				d->static_refs[d->nstatic_refs].from =
				    d->roots[i].addr;
				d->static_refs[d->nstatic_refs++].to = v;
			}
			continue;
		}
		*out = d->roots[i];
		out->object = t;
		out++;
	}
	d->nroots = (size_t)(out - d->roots);
	if (d->nstatic_refs > 0)
		qsort(d->static_refs, d->nstatic_refs,
		    sizeof *d->static_refs, cmp_static_ref);

	/* Alloc samples: bucket id -> bucket index by binary search. */
	d->obj_site = xcalloc(n ? n : 1, sizeof *d->obj_site);
	for (i = 0; i < n; i++)
		d->obj_site[i] = HD_NONE;
	ids = xcalloc(d->nbuckets ? 2 * d->nbuckets : 1, sizeof *ids);
	for (i = 0; i < d->nbuckets; i++) {
		ids[2 * i] = d->buckets[i].id;
		ids[2 * i + 1] = i;
	}
	qsort(ids, d->nbuckets, 2 * sizeof *ids, cmp_u64_pair);
	for (i = 0; i < pd->nsamples; i++) {
		size_t lo = 0, hi = d->nbuckets;
		uint32_t o = heapdump_find(d, pd->sample_addr[i]);

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (ids[2 * mid] < pd->sample_bucket[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		/* A sample for a freed object or an unknown bucket names
		 * nothing. */
		if (o == HD_NONE || lo == d->nbuckets ||
		    ids[2 * lo] != pd->sample_bucket[i])
			continue;
		d->obj_site[o] = (uint32_t)ids[2 * lo + 1];
	}
	d->nalloc_samples = pd->nsamples;
	free(ids);
	free(order);
	return 0;
fail:
	free(order);
	free(addr);
	free(size);
	return -1;
}

/* Free the parse's temporary arrays. */
static void
pending_done(struct pending *pd)
{
	free(pd->obj_ptr_start);
	free(pd->raw_ptr);
	free(pd->obj_off);
	free(pd->root_val);
	free(pd->sample_addr);
	free(pd->sample_bucket);
}

struct heapdump *
godump_read(const unsigned char *buf, size_t len, char **cause)
{
	struct heapdump *d = heapdump_new();
	struct pending pd;
	struct rd r;
	int rc;

	memset(&pd, 0, sizeof pd);
	memset(&r, 0, sizeof r);
	if (len < GODUMP_MAGIC_LEN || memcmp(buf, "go1.", 4) != 0 ||
	    memcmp(buf + 5, " heap dump\n", 11) != 0 || buf[4] < '5' ||
	    buf[4] > '7') {
		*cause = xstrdup("not a Go heap dump: no \"go1.5/1.6/1.7 heap "
		    "dump\" header");
		heapdump_free(d);
		return NULL;
	}
	d->version = buf[4] - '0';
	r.base = buf;
	r.p = buf + GODUMP_MAGIC_LEN;
	r.end = buf + len;
	while ((rc = rd_record(&r, d, &pd)) == 0)
		;
	if (rc < 0) {
		*cause = r.err;
		goto fail;
	}
	if (r.p != r.end) {
		*cause = xasprintf("%zu bytes after the EOF record (at byte "
		    "%zu)", (size_t)(r.end - r.p), (size_t)(r.p - r.base));
		goto fail;
	}
	if (d->record_counts[HD_TAG_PARAMS] == 0) {
		*cause = xstrdup("no params record");
		goto fail;
	}
	if (resolve(d, &pd, cause) != 0)
		goto fail;
	pending_done(&pd);
	return d;
fail:
	pending_done(&pd);
	heapdump_free(d);
	return NULL;
}

/* Location index of (function, file, line) in p, adding it if new. */
struct loc_key {
	strid fn, file;
	int64_t line;
	uint32_t loc;
};

struct loc_table {
	struct loc_key *slots;
	size_t cap, n;
	uint32_t *fn_of_name;	/* profile function per dump strid */
};

static uint32_t
loc_intern(struct profile *p, const struct heapdump *d, struct loc_table *t,
    const struct hd_bucket_frame *f)
{
	uint64_t h;
	size_t i;

	if (2 * (t->n + 1) > t->cap) {
		struct loc_key *old = t->slots;
		size_t oldcap = t->cap, k;

		t->cap = t->cap ? t->cap * 2 : 256;
		t->slots = xcalloc(t->cap, sizeof *t->slots);
		for (k = 0; k < oldcap; k++) {
			if (old[k].loc == 0)
				continue;
			h = hash_u64(hash_u64(old[k].fn, old[k].file),
			    (uint64_t)old[k].line);
			for (i = h & (t->cap - 1); t->slots[i].loc != 0;
			    i = (i + 1) & (t->cap - 1))
				;
			t->slots[i] = old[k];
		}
		free(old);
	}
	h = hash_u64(hash_u64(f->function, f->file), f->line);
	for (i = h & (t->cap - 1); t->slots[i].loc != 0;
	    i = (i + 1) & (t->cap - 1)) {
		struct loc_key *k = &t->slots[i];

		if (k->fn == f->function && k->file == f->file &&
		    k->line == (int64_t)f->line)
			return k->loc - 1;
	}
	{
		struct prof_function pf;
		struct prof_location pl;
		struct prof_line ln;
		uint32_t loc;

		if (t->fn_of_name[f->function] == HD_NONE) {
			const char *name = heapdump_str(d, f->function);
			const char *file = heapdump_str(d, f->file);

			memset(&pf, 0, sizeof pf);
			pf.name = profile_intern(p, name, strlen(name));
			pf.system_name = pf.name;
			pf.filename = profile_intern(p, file, strlen(file));
			t->fn_of_name[f->function] = profile_add_function(p,
			    &pf);
		}
		memset(&pl, 0, sizeof pl);
		pl.mapping = PROF_NONE;
		ln.function = t->fn_of_name[f->function];
		ln.line = (int64_t)f->line;
		ln.column = 0;
		loc = profile_add_location(p, &pl, &ln, 1);
		t->slots[i].fn = f->function;
		t->slots[i].file = f->file;
		t->slots[i].line = (int64_t)f->line;
		t->slots[i].loc = loc + 1;
		t->n++;
		return loc;
	}
}

/* The stack of bucket b with runtime/pprof's hiding of leading runtime.*
 * frames (all kept when every frame is a runtime frame). */
static uint32_t
bucket_stack(struct profile *p, const struct heapdump *d,
    struct loc_table *t, uint32_t b, uint32_t *locs)
{
	const struct hd_bucket *bk = &d->buckets[b];
	uint32_t i, first = 0, n = 0;

	for (i = 0; i < bk->nframes; i++)
		if (strncmp(heapdump_str(d,
		    d->bucket_frames[bk->first_frame + i].function),
		    "runtime.", 8) != 0)
			break;
	if (i < bk->nframes)
		first = i;
	for (i = first; i < bk->nframes; i++)
		locs[n++] = loc_intern(p, d, t,
		    &d->bucket_frames[bk->first_frame + i]);
	return profile_intern_stack(p, locs, n);
}

static int
cmp_u64(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/* A group of unsampled objects of one size. */
struct size_group {
	uint64_t size, count;
	strid label;
};

/*
 * Group the objects without an alloc sample by size: size classes (multiples
 * of 8 up to 32 KiB) by a counting array, other sizes by sorting them.
 * Returns the groups in ascending size order, labels interned.
 */
static struct size_group *
group_sizes(const struct heapdump *d, size_t *ngroups)
{
	uint64_t *small = xcalloc(4097, sizeof *small), *big = NULL;
	size_t nbig = 0, bigcap = 0, k, n = 0;
	struct size_group *g = NULL;
	char buf[64];

	for (k = 0; k < d->nobjects; k++) {
		uint64_t sz = d->obj_size[k];

		if (d->obj_site[k] != HD_NONE)
			continue;
		if (sz % 8 == 0 && sz / 8 <= 4096)
			small[sz / 8]++;
		else {
			ARRAY_GROW(big, nbig, bigcap);
			big[nbig++] = sz;
		}
	}
	if (nbig > 0)
		qsort(big, nbig, sizeof *big, cmp_u64);
	g = xcalloc(4097 + nbig, sizeof *g);
	for (k = 0; k <= 4096; k++)
		if (small[k] != 0) {
			g[n].size = 8 * k;
			g[n++].count = small[k];
		}
	for (k = 0; k < nbig; k++) {
		if (n > 0 && g[n - 1].size == big[k]) {
			g[n - 1].count++;
			continue;
		}
		g[n].size = big[k];
		g[n++].count = 1;
	}
	for (k = 0; k < n; k++) {
		heapdump_size_label(buf, sizeof buf, g[k].size);
		g[k].label = strpool_intern(d->strings, buf, strlen(buf));
	}
	free(small);
	free(big);
	*ngroups = n;
	return g;
}

/*
 * Fill p's samples from the dump: one per allocation site with live
 * objects, one per size of objects without an alloc sample.
 */
static void
fill_profile(struct profile *p, const struct heapdump *d)
{
	uint64_t *site_n = xcalloc(d->nbuckets + 1, sizeof *site_n);
	uint64_t *site_b = xcalloc(d->nbuckets + 1, sizeof *site_b);
	uint32_t *locs = NULL, maxf = 1, i;
	struct loc_table t;
	struct size_group *sizes;
	size_t k, nsizes;
	int64_t v[2];

	profile_add_sample_type(p, profile_intern(p, "inuse_objects", 13),
	    profile_intern(p, "count", 5));
	profile_add_sample_type(p, profile_intern(p, "inuse_space", 11),
	    profile_intern(p, "bytes", 5));
	p->default_sample_type = profile_intern(p, "inuse_space", 11);
	p->period_type.type = profile_intern(p, "space", 5);
	p->period_type.unit = profile_intern(p, "bytes", 5);
	p->period = 1;

	for (k = 0; k < d->nobjects; k++) {
		uint32_t s = d->obj_site[k];

		if (s != HD_NONE) {
			site_n[s]++;
			site_b[s] += d->obj_size[k];
		}
	}
	/* Size labels are interned before the function map is sized. */
	sizes = group_sizes(d, &nsizes);
	memset(&t, 0, sizeof t);
	t.fn_of_name = xcalloc(strpool_count(d->strings),
	    sizeof *t.fn_of_name);
	for (k = 0; k < strpool_count(d->strings); k++)
		t.fn_of_name[k] = HD_NONE;

	for (i = 0; i < d->nbuckets; i++)
		if (d->buckets[i].nframes > maxf)
			maxf = d->buckets[i].nframes;
	locs = xcalloc(maxf, sizeof *locs);
	for (i = 0; i < d->nbuckets; i++) {
		if (site_n[i] == 0)
			continue;
		v[0] = (int64_t)site_n[i];
		v[1] = (int64_t)site_b[i];
		profile_add_sample(p, bucket_stack(p, d, &t, i, locs), v, NULL,
		    0);
	}
	for (k = 0; k < nsizes; k++) {
		struct hd_bucket_frame f;

		f.function = sizes[k].label;
		f.file = 0;
		f.line = 0;
		locs[0] = loc_intern(p, d, &t, &f);
		v[0] = (int64_t)sizes[k].count;
		v[1] = (int64_t)(sizes[k].size * sizes[k].count);
		profile_add_sample(p, profile_intern_stack(p, locs, 1), v,
		    NULL, 0);
	}
	free(locs);
	free(t.slots);
	free(t.fn_of_name);
	free(sizes);
	free(site_n);
	free(site_b);
}

/* A Go heap dump starts with "go1.N heap dump\n", N from 5 to 7. */
static int
godump_probe(const unsigned char *buf, size_t len)
{
	if (len >= GODUMP_MAGIC_LEN && memcmp(buf, "go1.", 4) == 0 &&
	    buf[4] >= '5' && buf[4] <= '7' &&
	    memcmp(buf + 5, " heap dump\n", 11) == 0)
		return 100;
	return 0;
}

/* The parser entry: the dump, and the profile of its allocation sites. */
static struct profile *
godump_parse(const struct input *in, char **cause)
{
	struct heapdump *d;
	struct profile *p;

	if ((d = godump_read(in->data, in->len, cause)) == NULL)
		return NULL;
	p = profile_new();
	fill_profile(p, d);
	p->dump = d;
	return p;
}

const struct parser parser_godump = {
	"godump",
	"Go heap dump (runtime/debug.WriteHeapDump, go1.5-1.7 formats)",
	godump_probe,
	godump_parse,
};
