/*
 * check_heapdump.c - the Go heap dump parser, retained sizes and goroutine
 * groups.
 *
 * Real dumps: each Go scenario's heapdump-07.bin against the figures its
 * truth.json recorded (testdata/expected/heapdump/<scenario>.txt, made by
 * extract.py from truth.json): object count and bytes, memstats, params,
 * record counts, live bytes and objects per allocation site, objects per
 * size, goroutines by wait reason and by function; the leak's root first
 * among the retainers.  Synthetic dumps written here: interior pointers,
 * pointers outside the heap, cycles, both byte orders and pointer sizes,
 * every truncation of a valid dump.
 */
#include "config.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "an-goroutines.h"
#include "an-retained.h"
#include "check_heapdiff.h"
#include "heapdump.h"
#include "input.h"
#include "parse.h"
#include "store.h"
#include "xmalloc.h"

static const char *const scenarios[] = {
	"auditlog", "baseline", "blockindex", "condwait",
};

/* Read a dump file from testdata into a profile. */
static struct profile *
read_dump(const char *rel)
{
	struct input in;
	struct profile *p;
	char *cause = NULL;

	memset(&in, 0, sizeof in);
	ck_assert_msg(input_read(&in, testdata_path(rel), 0, &cause) == 0,
	    "%s: %s", rel, cause);
	p = parse_input(&in, NULL, NULL, &cause);
	ck_assert_msg(p != NULL, "%s: %s", rel, cause);
	ck_assert_ptr_nonnull(p->dump);
	input_done(&in);
	return p;
}

/* The record tag of a truth.json record_counts name. */
static int
tag_of(const char *name)
{
	static const struct {
		const char *name;
		int tag;
	} t[] = {
		{ "eof", HD_TAG_EOF }, { "object", HD_TAG_OBJECT },
		{ "otherroot", HD_TAG_OTHER_ROOT }, { "type", HD_TAG_TYPE },
		{ "goroutine", HD_TAG_GOROUTINE },
		{ "stackframe", HD_TAG_STACK_FRAME },
		{ "params", HD_TAG_PARAMS }, { "finalizer", HD_TAG_FINALIZER },
		{ "itab", HD_TAG_ITAB }, { "osthread", HD_TAG_OS_THREAD },
		{ "memstats", HD_TAG_MEMSTATS },
		{ "queuedfinalizer", HD_TAG_QUEUED_FINALIZER },
		{ "data", HD_TAG_DATA }, { "bss", HD_TAG_BSS },
		{ "defer", HD_TAG_DEFER }, { "panic", HD_TAG_PANIC },
		{ "memprof", HD_TAG_MEMPROF },
		{ "allocsample", HD_TAG_ALLOC_SAMPLE },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(t[i].name, name) == 0)
			return t[i].tag;
	ck_abort_msg("unknown record name %s", name);
	return -1;
}

/* The site row of r named name, or NULL. */
static const struct retained_site *
find_site(const struct retained *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nsites; i++)
		if (strcmp(strpool_get(r->names, r->sites[i].name), name) == 0)
			return &r->sites[i];
	return NULL;
}

START_TEST(test_truth)
{
	const char *s = scenarios[_i];
	char rel[256], line[512];
	struct profile *p;
	const struct heapdump *d;
	struct retained *r;
	struct goroutine_groups *gs;
	int64_t *tot;
	FILE *f;
	size_t i, nsites = 0, user = 0, waits = 0, funcs = 0;
	size_t above_truth = 0, above_mine = 0;
	uint64_t min_listed = UINT64_MAX;
	uint64_t rb = 0, ro = 0;

	snprintf(rel, sizeof rel, "%s/heapdump-07.bin", s);
	p = read_dump(rel);
	d = p->dump;
	r = retained_new(d, NULL);
	gs = goroutines_group(d);
	tot = profile_totals(p);
	for (i = 0; i < d->ngoroutines; i++)
		if (!d->goroutines[i].system)
			user++;

	snprintf(rel, sizeof rel, "expected/heapdump/%s.txt", s);
	f = fopen(testdata_path(rel), "r");
	ck_assert_msg(f != NULL, "cannot read %s", rel);
	while (fgets(line, sizeof line, f) != NULL) {
		char key[64], name[256], *rest;
		unsigned long long a, b, c;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || sscanf(line, "%63s", key) != 1)
			continue;
		rest = line + strlen(key) + 1;
		if (strcmp(key, "objects") == 0) {
			a = strtoull(rest, NULL, 10);
			ck_assert_uint_eq(d->nobjects, a);
			ck_assert_int_eq(tot[0], (int64_t)a);
		} else if (strcmp(key, "bytes") == 0) {
			a = strtoull(rest, NULL, 10);
			ck_assert_uint_eq(d->total_bytes, a);
			ck_assert_int_eq(tot[1], (int64_t)a);
		} else if (strcmp(key, "memstat") == 0) {
			ck_assert(sscanf(rest, "%255s %llu", name, &a) == 2);
			if (strcmp(name, "HeapAlloc") == 0)
				ck_assert_uint_eq(d->memstats[HD_MS_HEAP_ALLOC],
				    a);
			else if (strcmp(name, "HeapObjects") == 0)
				ck_assert_uint_eq(
				    d->memstats[HD_MS_HEAP_OBJECTS], a);
			else if (strcmp(name, "NumGC") == 0)
				ck_assert_uint_eq(d->num_gc, a);
			else
				ck_abort_msg("memstat %s", name);
		} else if (strcmp(key, "alloc_samples") == 0) {
			ck_assert_uint_eq(d->nalloc_samples,
			    strtoull(rest, NULL, 10));
		} else if (strcmp(key, "buckets") == 0) {
			ck_assert_uint_eq(d->nbuckets, strtoull(rest, NULL, 10));
		} else if (strcmp(key, "param") == 0) {
			char val[256];

			ck_assert(sscanf(rest, "%255s %255s", name, val) == 2);
			if (strcmp(name, "arch") == 0)
				ck_assert_str_eq(heapdump_str(d, d->arch), val);
			else if (strcmp(name, "go_version") == 0)
				ck_assert_str_eq(heapdump_str(d,
				    d->build_version), val);
			else if (strcmp(name, "arena_start") == 0)
				ck_assert_uint_eq(d->heap_start,
				    strtoull(val, NULL, 10));
			else if (strcmp(name, "arena_end") == 0)
				ck_assert_uint_eq(d->heap_end,
				    strtoull(val, NULL, 10));
			else if (strcmp(name, "big_endian") == 0)
				ck_assert_int_eq(d->big_endian, atoi(val));
			else if (strcmp(name, "ncpu") == 0)
				ck_assert_uint_eq(d->ncpu,
				    strtoull(val, NULL, 10));
			else if (strcmp(name, "ptr_size") == 0)
				ck_assert_uint_eq(d->ptr_size,
				    strtoull(val, NULL, 10));
			else
				ck_abort_msg("param %s", name);
		} else if (strcmp(key, "records") == 0) {
			ck_assert(sscanf(rest, "%255s %llu", name, &a) == 2);
			ck_assert_msg(d->record_counts[tag_of(name)] == a,
			    "%s: %zu %s records, want %llu", s,
			    d->record_counts[tag_of(name)], name, a);
		} else if (strcmp(key, "user_goroutines") == 0) {
			ck_assert_uint_eq(user, strtoull(rest, NULL, 10));
			ck_assert_uint_eq(gs->user, user);
		} else if (strcmp(key, "wait") == 0 ||
		    strcmp(key, "func") == 0) {
			size_t n = 0;
			char *txt;

			a = strtoull(rest, &txt, 10);
			txt++;
			for (i = 0; i < gs->ngroups; i++) {
				const struct goroutine_group *g = &gs->groups[i];
				strid x = key[0] == 'w' ? g->wait_reason :
				    g->function;

				if (!g->system &&
				    strcmp(heapdump_str(d, x), txt) == 0)
					n += g->count;
			}
			ck_assert_msg(n == a, "%s: %zu goroutines with %s %s, "
			    "want %llu", s, n, key, txt, a);
			if (key[0] == 'w')
				waits += n;
			else
				funcs += n;
		} else if (strcmp(key, "site") == 0) {
			const struct retained_site *st;
			char *txt;

			a = strtoull(rest, &txt, 10);
			b = strtoull(txt, &txt, 10);
			txt++;
			st = find_site(r, txt);
			ck_assert_msg(st != NULL, "%s: no site %s", s, txt);
			ck_assert_msg(st->live_bytes == a &&
			    st->live_objects == b, "%s: site %s has %" PRIu64
			    " B in %" PRIu64 " objects, want %llu in %llu", s,
			    txt, st->live_bytes, st->live_objects, a, b);
			nsites++;
			if (a < min_listed) {
				min_listed = a;
				above_truth = nsites - 1;
			}
		} else if (strcmp(key, "size") == 0) {
			size_t n = 0;

			ck_assert(sscanf(rest, "%llu %llu %llu", &a, &b, &c) ==
			    3);
			for (i = 0; i < d->nobjects; i++)
				if (d->obj_size[i] == a)
					n++;
			ck_assert_uint_eq(n, b);
			ck_assert_uint_eq(a * n, c);
		} else
			ck_abort_msg("unknown line %s", line);
	}
	fclose(f);
	/* Nothing beyond the truth: every user goroutine is in a listed wait
	 * reason and function; truth.json lists the 40 largest sampled sites
	 * (all of them when fewer), so no other site is larger than the
	 * smallest listed one. */
	ck_assert_uint_eq(waits, user);
	ck_assert_uint_eq(funcs, user);
	for (i = 0; i < r->nsites; i++)
		if (strpool_get(r->names, r->sites[i].name)[0] != '(' &&
		    r->sites[i].live_bytes > min_listed)
			above_mine++;
	ck_assert_uint_eq(above_mine, above_truth);
	if (nsites < 40) {
		size_t sampled = 0;

		for (i = 0; i < r->nsites; i++)
			if (strpool_get(r->names, r->sites[i].name)[0] != '(')
				sampled++;
		ck_assert_uint_eq(sampled, nsites);
	}
	/* Retained sizes partition the heap: roots + shared = live. */
	for (i = 0; i < r->nroots; i++) {
		rb += r->roots[i].retained_bytes;
		ro += r->roots[i].retained_objects;
	}
	ck_assert_uint_eq(rb + r->shared_bytes, d->total_bytes);
	ck_assert_uint_eq(ro + r->shared_objects, d->nobjects);
	free(tot);
	goroutines_free(gs);
	retained_free(r);
	profile_free(p);
}
END_TEST

/* The leak's root is the first retainer, named by its global variable. */
START_TEST(test_leak_root_first)
{
	static const struct {
		const char *scenario, *root;
		uint64_t min_bytes;	/* the leak's live bytes at least */
	} cases[] = {
		{ "auditlog", "main.auditTrail", 315136 },
		/* The index map pins 64 KiB blocks through 24-byte
		 * sub-slices: 40 blocks are live. */
		{ "blockindex", "*main.index", 40 * 65536 },
	};
	char rel[256], *cause = NULL;
	struct profile *p;
	struct elfsyms *es;
	struct retained *r;

	snprintf(rel, sizeof rel, "%s/heapdump-07.bin", cases[_i].scenario);
	p = read_dump(rel);
	snprintf(rel, sizeof rel, "%s/%s.syms", cases[_i].scenario,
	    cases[_i].scenario);
	es = elfsyms_open(testdata_path(rel), &cause);
	ck_assert_msg(es != NULL, "%s: %s", rel, cause);
	r = retained_new(p->dump, es);
	ck_assert_str_eq(strpool_get(r->names, r->roots[0].name),
	    cases[_i].root);
	ck_assert_uint_ge(r->roots[0].retained_bytes, cases[_i].min_bytes);
	ck_assert_int_eq(r->roots[0].kind, HD_ROOT_BSS);
	retained_free(r);
	elfsyms_free(es);
	profile_free(p);
}
END_TEST

/*
 * The chains that keep a site's objects alive account for all of them:
 * for every site of every scenario, their bytes sum to the site's
 * retained size and their objects to its live objects; the leaks' sites
 * are kept by the leaking variable (from each program's source).
 */
START_TEST(test_site_chains)
{
	static const struct {
		const char *scenario, *site, *root;
	} leaks[] = {
		{ "auditlog", "main.recordAudit", "main.auditTrail" },
		{ "baseline", NULL, NULL },
		{ "blockindex", NULL, NULL },
		{ "condwait", NULL, NULL },
	};
	char rel[256], *cause = NULL;
	struct profile *p;
	struct elfsyms *es;
	struct retained *r;
	size_t i, k, n, checked = 0;

	snprintf(rel, sizeof rel, "%s/heapdump-07.bin", leaks[_i].scenario);
	p = read_dump(rel);
	snprintf(rel, sizeof rel, "%s/%s.syms", leaks[_i].scenario,
	    leaks[_i].scenario);
	es = elfsyms_open(testdata_path(rel), &cause);
	ck_assert_msg(es != NULL, "%s: %s", rel, cause);
	r = retained_new(p->dump, es);
	for (i = 0; i < r->nsites; i++) {
		const char *site = strpool_get(r->names, r->sites[i].name);
		struct retained_chain *c = retained_site_chains(r, site, &n);
		uint64_t bytes = 0, objects = 0;

		ck_assert_uint_gt(n, 0);
		for (k = 0; k < n; k++) {
			bytes += c[k].bytes;
			objects += c[k].objects;
			ck_assert(k == 0 || c[k].bytes <= c[k - 1].bytes);
			ck_assert_uint_le(c[k].nlabels, RETAINED_CHAIN_MAX);
		}
		ck_assert_msg(bytes == r->sites[i].retained_bytes, "%s: "
		    "chains %llu B, retained %llu B", site,
		    (unsigned long long)bytes,
		    (unsigned long long)r->sites[i].retained_bytes);
		ck_assert_uint_eq(objects, r->sites[i].live_objects);
		if (leaks[_i].site != NULL && strcmp(site, leaks[_i].site) ==
		    0) {
			ck_assert_str_eq(strpool_get(r->names, c[0].root),
			    leaks[_i].root);
			ck_assert_int_eq(c[0].kind, HD_ROOT_BSS);
			ck_assert_uint_eq(c[0].objects,
			    r->sites[i].live_objects);
		}
		free(c);
		checked++;
	}
	ck_assert_uint_gt(checked, 10);
	ck_assert_ptr_null(retained_site_chains(r, "no.such.site", &n));
	ck_assert_uint_eq(n, 0);
	retained_free(r);
	elfsyms_free(es);
	profile_free(p);
}
END_TEST

/* A path leads from a root over real pointer edges to the object. */
START_TEST(test_path_real)
{
	struct profile *p = read_dump("auditlog/heapdump-07.bin");
	struct retained *r = retained_new(p->dump, NULL);
	const struct heapdump *d = p->dump;
	struct retained_step *steps;
	uint32_t target = HD_NONE;
	size_t i, k;
	int n;

	for (i = 0; i < d->nobjects && target == HD_NONE; i++)
		if (strcmp(strpool_get(r->names, r->obj_label[i]),
		    "main.recordAudit") == 0)
			target = (uint32_t)i;
	ck_assert_uint_ne(target, HD_NONE);
	/* An interior address of the object finds it too. */
	n = retained_path(r, d->obj_addr[target] + d->obj_size[target] - 1,
	    &steps);
	ck_assert_int_ge(n, 2);
	ck_assert_uint_eq(steps[0].object, HD_NONE);
	ck_assert_uint_eq(steps[n - 1].object, target);
	for (k = 1; k + 1 < (size_t)n; k++) {
		uint32_t a = steps[k].object, b = steps[k + 1].object;
		size_t e;
		int found = 0;

		for (e = d->edge_start[a]; e < d->edge_start[a + 1]; e++)
			found |= d->edge_dst[e] == b;
		ck_assert_msg(found, "no edge from step %zu to %zu", k, k + 1);
	}
	free(steps);
	ck_assert_int_eq(retained_path(r, 8, &steps), 0);
	retained_free(r);
	profile_free(p);
}
END_TEST

/* A synthetic dump written here. */
struct wbuf {
	unsigned char *p;
	size_t n, cap;
	int big, psize;
};

static void
w_bytes(struct wbuf *w, const void *s, size_t len)
{
	while (w->n + len > w->cap) {
		w->cap = w->cap ? 2 * w->cap : 256;
		w->p = xreallocarray(w->p, w->cap, 1);
	}
	memcpy(w->p + w->n, s, len);
	w->n += len;
}

static void
w_uv(struct wbuf *w, uint64_t v)
{
	unsigned char b;

	while (v >= 0x80) {
		b = (unsigned char)(v | 0x80);
		w_bytes(w, &b, 1);
		v >>= 7;
	}
	b = (unsigned char)v;
	w_bytes(w, &b, 1);
}

static void
w_str(struct wbuf *w, const char *s)
{
	w_uv(w, strlen(s));
	w_bytes(w, s, strlen(s));
}

/* Contents of nwords words, in the dump's byte order and word size. */
static void
w_contents(struct wbuf *w, const uint64_t *words, size_t nwords)
{
	unsigned char c[8 * 16];
	size_t i, k;

	for (i = 0; i < nwords; i++)
		for (k = 0; k < (size_t)w->psize; k++) {
			unsigned shift = w->big ? 8 * (w->psize - 1 - k) :
			    8 * k;

			c[i * w->psize + k] = (unsigned char)(words[i] >> shift);
		}
	w_uv(w, nwords * w->psize);
	w_bytes(w, c, nwords * w->psize);
}

/* A field list: the word indices that are pointers (ended by -1). */
static void
w_fields(struct wbuf *w, const int *fields)
{
	size_t i;

	for (i = 0; fields[i] >= 0; i++) {
		w_uv(w, 1);
		w_uv(w, (uint64_t)fields[i] * w->psize);
	}
	w_uv(w, 0);
}

static void
w_words(struct wbuf *w, const uint64_t *words, size_t nwords,
    const int *fields)
{
	w_contents(w, words, nwords);
	w_fields(w, fields);
}

/*
 * The synthetic heap (addresses scaled by the pointer size):
 *   A 4 words: -> interior of C, -> B        (data root -> A)
 *   B 2 words: -> A (a cycle), -> outside the heap
 *   C 8 words: nothing
 *   D 2 words: -> C                          (frame root -> D)
 *   E 6 words: nothing, no root              (unreached)
 * Alloc sample: A from bucket 7 (main.alloc <- runtime.newobject).
 */
static void
write_dump(struct wbuf *w, int big, int psize)
{
	uint64_t P = (uint64_t)psize, base = 0x10000;
	uint64_t A = base, B = base + 4 * P, C = base + 8 * P;
	uint64_t D = base + 16 * P, E = base + 32 * P;
	uint64_t words[8];
	static const int none[] = { -1 }, f01[] = { 0, 1, -1 },
	    f0[] = { 0, -1 }, f1[] = { 1, -1 };
	size_t k;

	memset(w, 0, sizeof *w);
	w->big = big;
	w->psize = psize;
	w_bytes(w, "go1.7 heap dump\n", 16);
	w_uv(w, HD_TAG_PARAMS);
	w_uv(w, (uint64_t)big);
	w_uv(w, P);
	w_uv(w, base);
	w_uv(w, base + 0x10000);
	w_str(w, "testarch");
	w_str(w, "go1.test");
	w_uv(w, 4);
	/* Objects in an order other than by address. */
	w_uv(w, HD_TAG_OBJECT);
	w_uv(w, D);
	words[0] = C;
	words[1] = 0;
	w_words(w, words, 2, f0);
	w_uv(w, HD_TAG_OBJECT);
	w_uv(w, A);
	words[0] = C + 3 * P;	/* interior */
	words[1] = B;
	words[2] = words[3] = 0;
	w_words(w, words, 4, f01);
	w_uv(w, HD_TAG_OBJECT);
	w_uv(w, B);
	words[0] = A;
	words[1] = 0x1234;	/* outside the heap */
	w_words(w, words, 2, f01);
	w_uv(w, HD_TAG_OBJECT);
	w_uv(w, C);
	memset(words, 0, sizeof words);
	w_words(w, words, 8, none);
	w_uv(w, HD_TAG_OBJECT);
	w_uv(w, E);
	w_words(w, words, 6, none);
	/* A goroutine with one frame pointing at D. */
	w_uv(w, HD_TAG_GOROUTINE);
	for (k = 0; k < 5; k++)
		w_uv(w, k == 2 ? 42 : k == 4 ? 4 : 0x100 + k);
	w_uv(w, 0);
	w_uv(w, 0);
	w_uv(w, 0);
	w_str(w, "chan receive");
	for (k = 0; k < 4; k++)
		w_uv(w, 0);
	w_uv(w, HD_TAG_STACK_FRAME);
	w_uv(w, 0x7000);
	w_uv(w, 0);
	w_uv(w, 0);
	words[0] = 0;
	words[1] = D;
	w_contents(w, words, 2);
	w_uv(w, 0x400000);
	w_uv(w, 0x400010);
	w_uv(w, 0x400010);
	w_str(w, "main.worker");
	w_fields(w, f1);
	/* The data segment: word 1 points at A. */
	w_uv(w, HD_TAG_DATA);
	w_uv(w, 0x5000);
	words[0] = 0;
	words[1] = A;
	w_words(w, words, 2, f1);
	w_uv(w, HD_TAG_BSS);
	w_uv(w, 0x6000);
	w_words(w, words, 0, none);
	w_uv(w, HD_TAG_MEMSTATS);
	for (k = 0; k < HD_MEMSTATS_FIELDS + 256 + 1; k++)
		w_uv(w, k == HD_MS_HEAP_ALLOC ? 22 * P : k ==
		    HD_MS_HEAP_OBJECTS ? 5 : 0);
	w_uv(w, HD_TAG_MEMPROF);
	w_uv(w, 7);
	w_uv(w, 4 * P);
	w_uv(w, 2);
	w_str(w, "runtime.newobject");
	w_str(w, "malloc.go");
	w_uv(w, 1);
	w_str(w, "main.alloc");
	w_str(w, "main.go");
	w_uv(w, 10);
	w_uv(w, 3);
	w_uv(w, 2);
	w_uv(w, HD_TAG_ALLOC_SAMPLE);
	w_uv(w, A);
	w_uv(w, 7);
	w_uv(w, HD_TAG_EOF);
}

START_TEST(test_synthetic_graph)
{
	int big = _i & 1, psize = _i & 2 ? 4 : 8;
	uint64_t P = (uint64_t)psize;
	struct wbuf w;
	struct heapdump *d;
	struct retained *r;
	char *cause = NULL;
	uint32_t a, b, c, dd, e;
	size_t i;

	write_dump(&w, big, psize);
	d = godump_read(w.p, w.n, &cause);
	ck_assert_msg(d != NULL, "%s", cause ? cause : "");
	ck_assert_uint_eq(d->nobjects, 5);
	ck_assert_uint_eq(d->total_bytes, 22 * P);
	a = heapdump_find(d, 0x10000);
	b = heapdump_find(d, 0x10000 + 4 * P + 1);
	c = heapdump_find(d, 0x10000 + 15 * P);
	dd = heapdump_find(d, 0x10000 + 16 * P);
	e = heapdump_find(d, 0x10000 + 32 * P);
	ck_assert_uint_eq(a, 0);
	ck_assert_uint_eq(b, 1);
	ck_assert_uint_eq(c, 2);
	ck_assert_uint_eq(dd, 3);
	ck_assert_uint_eq(e, 4);
	ck_assert_uint_eq(heapdump_find(d, 0x10000 + 38 * P), HD_NONE);
	/* A -> C (interior), A -> B, B -> A, D -> C; B's outside pointer
	 * is counted, not an edge. */
	ck_assert_uint_eq(d->nedges, 4);
	ck_assert_uint_eq(d->outside_pointers, 1);
	ck_assert_uint_eq(d->edge_dst[d->edge_start[a]], c);
	ck_assert_uint_eq(d->nroots, 2);
	ck_assert_uint_eq(d->obj_site[a], 0);
	ck_assert_uint_eq(d->obj_site[b], HD_NONE);
	ck_assert_uint_eq(d->ngoroutines, 1);
	ck_assert_uint_eq(d->goroutines[0].goid, 42);
	ck_assert_uint_eq(d->goroutines[0].nframes, 1);

	r = retained_new(d, NULL);
	/* data+0x8 retains A and B (C is shared with D's root); the frame
	 * retains D; E hangs off the pseudo root. */
	for (i = 0; i < r->nroots; i++) {
		const char *nm = strpool_get(r->names, r->roots[i].name);

		if (strcmp(nm, "data+0x8") == 0 || strcmp(nm, "data+0x4") == 0)
			ck_assert_uint_eq(r->roots[i].retained_bytes, 6 * P);
		else if (strcmp(nm, "goroutine 42 main.worker") == 0)
			ck_assert_uint_eq(r->roots[i].retained_bytes, 2 * P);
		else if (strcmp(nm, "(no dumped root)") == 0)
			ck_assert_uint_eq(r->roots[i].retained_bytes, 6 * P);
		else
			ck_abort_msg("unexpected root %s", nm);
	}
	ck_assert_uint_eq(r->nroots, 3);
	ck_assert_uint_eq(r->shared_bytes, 8 * P);
	ck_assert_uint_eq(r->unreached_objects, 1);
	ck_assert_uint_eq(r->obj_retained[a], 6 * P);
	ck_assert_uint_eq(r->obj_idom[b], a);
	ck_assert_str_eq(strpool_get(r->names, r->obj_label[a]), "main.alloc");
	retained_free(r);
	heapdump_free(d);
	free(w.p);
}
END_TEST

/* The go1.5 and go1.6 formats have the same record layouts as go1.7 (the
 * wiki's heapdump15-through-heapdump17; 1.7 only changed the meaning of a
 * type record's last bool); go1.4 and go1.8 headers are not heap dumps
 * heapdiff knows. */
START_TEST(test_versions)
{
	static const struct {
		char digit;
		int version;	/* 0: refused */
	} cases[] = { { '5', 5 }, { '6', 6 }, { '7', 7 }, { '4', 0 },
	    { '8', 0 } };
	struct wbuf w;
	struct heapdump *d;
	char *cause = NULL;

	write_dump(&w, 0, 8);
	w.p[4] = (unsigned char)cases[_i].digit;
	d = godump_read(w.p, w.n, &cause);
	if (cases[_i].version == 0) {
		ck_assert_ptr_null(d);
		ck_assert_str_eq(cause, "not a Go heap dump: no \"go1.5/1.6/1.7 "
		    "heap dump\" header");
		free(cause);
	} else {
		ck_assert_msg(d != NULL, "%s", cause ? cause : "");
		ck_assert_int_eq(d->version, cases[_i].version);
		ck_assert_uint_eq(d->nobjects, 5);
		heapdump_free(d);
	}
	free(w.p);
}
END_TEST

/* A dump without objects (found by fuzzing: it crashed the resolver) reads
 * as an empty heap, and every analysis copes. */
START_TEST(test_no_objects)
{
	/* params (heap at 0xc000000000), a data segment of one zero
	 * pointer word, EOF. */
	static const unsigned char dump[] = "go1.7 heap dump\n"
	    "\x06" "\x00" "\x08" "\x80\x80\x80\x80\x80\x18" "\x80\xff\x02"
	    "\x05" "amd64" "\x02" "go" "\x02"
	    "\x0c" "\x00" "\x08" "\x00\x00\x00\x00\x00\x00\x00\x00"
	    "\x01" "\x00" "\x00"
	    "\x00";
	struct retained_step *steps;
	struct goroutine_groups *gs;
	struct retained *r;
	struct heapdump *d;
	char *cause = NULL;

	d = godump_read(dump, sizeof dump - 1, &cause);
	ck_assert_msg(d != NULL, "%s", cause ? cause : "");
	ck_assert_uint_eq(d->nobjects, 0);
	ck_assert_uint_eq(d->nroots, 0);
	r = retained_new(d, NULL);
	ck_assert_uint_eq(r->nroots, 0);
	ck_assert_uint_eq(r->nsites, 0);
	ck_assert_int_eq(retained_path(r, 0x1000, &steps), 0);
	gs = goroutines_group(d);
	ck_assert_uint_eq(gs->ngroups, 0);
	goroutines_free(gs);
	retained_free(r);
	heapdump_free(d);
}
END_TEST

/* Every proper prefix of a valid dump is refused with a message, never a
 * crash; so is every single-byte corruption that breaks it. */
START_TEST(test_every_truncation)
{
	struct wbuf w;
	size_t len;

	write_dump(&w, 0, 8);
	for (len = 0; len < w.n; len++) {
		char *cause = NULL;
		struct heapdump *d = godump_read(w.p, len, &cause);

		ck_assert_msg(d == NULL, "prefix of %zu bytes accepted", len);
		ck_assert_ptr_nonnull(cause);
		free(cause);
	}
	for (len = 16; len < w.n; len++) {
		unsigned char save = w.p[len];
		char *cause = NULL;
		struct heapdump *d;

		w.p[len] = 0xff;
		d = godump_read(w.p, w.n, &cause);
		heapdump_free(d);
		free(cause);
		w.p[len] = save;
	}
	free(w.p);
}
END_TEST

/* The object graph survives the store byte for byte; a damaged one is
 * refused; a snapshot without one has none. */
START_TEST(test_store_round_trip)
{
	char path[] = "/tmp/heapdiff-check-dump.XXXXXX";
	struct profile *p = read_dump("condwait/heapdump-07.bin");
	const struct heapdump *d = p->dump;
	struct heapdump *e;
	char *cause = NULL;
	sqlite3 *db;
	store *st;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	unlink(path);
	st = store_open(path, &cause);
	ck_assert_msg(st != NULL, "%s", cause ? cause : "");
	store_close(st);
	ck_assert_int_eq(store_dump_save(path, 5, d, &cause), 0);
	/* Saving again is a no-op. */
	ck_assert_int_eq(store_dump_save(path, 5, d, &cause), 0);
	e = store_dump_load(path, 5, &cause);
	ck_assert_msg(e != NULL, "%s", cause ? cause : "");
	ck_assert_uint_eq(e->nobjects, d->nobjects);
	ck_assert_uint_eq(e->nedges, d->nedges);
	ck_assert_uint_eq(e->nroots, d->nroots);
	ck_assert_uint_eq(e->ngoroutines, d->ngoroutines);
	ck_assert_int_eq(memcmp(e->obj_addr, d->obj_addr,
	    d->nobjects * sizeof *d->obj_addr), 0);
	ck_assert_int_eq(memcmp(e->edge_dst, d->edge_dst,
	    d->nedges * sizeof *d->edge_dst), 0);
	ck_assert_int_eq(memcmp(e->edge_start, d->edge_start,
	    (d->nobjects + 1) * sizeof *d->edge_start), 0);
	ck_assert_str_eq(heapdump_str(e, e->build_version), "go1.19.8");
	ck_assert_str_eq(heapdump_str(e, e->goroutines[10].wait_reason),
	    heapdump_str(d, d->goroutines[10].wait_reason));
	ck_assert_uint_eq(e->memstats[HD_MS_HEAP_ALLOC],
	    d->memstats[HD_MS_HEAP_ALLOC]);
	heapdump_free(e);

	ck_assert_ptr_null(store_dump_load(path, 6, &cause));
	ck_assert_ptr_null(cause);

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "UPDATE heapdump_part SET data = "
	    "zeroblob(length(data)) WHERE name = 'edge_dst'", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
	/* All edges now point at object 0: still valid indices. */
	e = store_dump_load(path, 5, &cause);
	ck_assert_ptr_nonnull(e);
	heapdump_free(e);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "UPDATE heapdump_part SET data = "
	    "randomblob(length(data)) WHERE name = 'roots'", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_ptr_null(store_dump_load(path, 5, &cause));
	ck_assert_str_eq(cause, "the heap dump graph is damaged");
	free(cause);
	unlink(path);
	profile_free(p);
}
END_TEST

/* store_import writes a dump's graph in the snapshot's transaction: when
 * writing the graph fails, the snapshot is not stored either. */
START_TEST(test_store_import_atomic)
{
	char path[] = "/tmp/heapdiff-check-dump.XXXXXX";
	struct profile *p = read_dump("condwait/heapdump-07.bin");
	struct snapshot_meta meta;
	struct snapshot_info *list;
	struct heapdump *e;
	char *cause = NULL;
	size_t n;
	int64_t id;
	bool existed;
	sqlite3 *db;
	store *st;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	unlink(path);
	memset(&meta, 0, sizeof meta);
	meta.path = "heapdump-07.bin";
	meta.format = "godump";
	meta.kind = store_kind_of(p);
	meta.sha256[0] = 7;

	/* A store whose graph table refuses every row. */
	st = store_open(path, &cause);
	ck_assert_msg(st != NULL, "%s", cause ? cause : "");
	store_close(st);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "CREATE TABLE heapdump_part ("
	    "snapshot_id INTEGER NOT NULL, name TEXT NOT NULL, elem_size "
	    "INTEGER NOT NULL, count INTEGER NOT NULL, data BLOB, PRIMARY KEY "
	    "(snapshot_id, name)); CREATE TRIGGER refuse BEFORE INSERT ON "
	    "heapdump_part BEGIN SELECT RAISE(ABORT, 'refused'); END;", NULL,
	    NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	st = store_open(path, &cause);
	ck_assert_msg(st != NULL, "%s", cause ? cause : "");
	ck_assert_int_eq(store_import(st, p, &meta, &id, &existed, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(store_list(st, &list, &n, &cause), 0);
	ck_assert_uint_eq(n, 0);
	store_list_free(list, n);

	/* Without the trigger the same import stores both. */
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "DROP TRIGGER refuse", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(store_import(st, p, &meta, &id, &existed, &cause), 0);
	ck_assert(!existed);
	store_close(st);
	e = store_dump_load(path, id, &cause);
	ck_assert_msg(e != NULL, "%s", cause ? cause : "");
	ck_assert_uint_eq(e->nobjects, p->dump->nobjects);
	heapdump_free(e);
	unlink(path);
	profile_free(p);
}
END_TEST

Suite *
heapdump_suite(void)
{
	Suite *s = suite_create("heapdump");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_truth, 0,
	    (int)(sizeof scenarios / sizeof scenarios[0]));
	tcase_add_loop_test(tc, test_leak_root_first, 0, 2);
	tcase_add_test(tc, test_path_real);
	tcase_add_loop_test(tc, test_site_chains, 0, 4);
	tcase_add_loop_test(tc, test_synthetic_graph, 0, 4);
	tcase_add_test(tc, test_every_truncation);
	tcase_add_test(tc, test_no_objects);
	tcase_add_loop_test(tc, test_versions, 0, 5);
	tcase_add_test(tc, test_store_round_trip);
	tcase_add_test(tc, test_store_import_atomic);
	suite_add_tcase(s, tc);
	return s;
}
