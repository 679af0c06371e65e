/*
 * store-dump.c - the object graph of heap dump snapshots in the store.
 *
 * A heap dump imported into the store is a snapshot like any other: its
 * allocation sites are the snapshot's samples (store.c).  Its object graph
 * (objects, edges, roots, goroutines, frames, buckets, ...) is kept beside
 * it in a table of its own, one row per array of the model:
 *
 *   heapdump_part(snapshot_id, name, elem_size, count, data BLOB,
 *                 PRIMARY KEY (snapshot_id, name))
 *
 * created by dump_schema below (CREATE TABLE IF NOT EXISTS), with the
 * layout version in the "version" part; a store written by a heapdiff with
 * another layout is refused for dumps, never misread.  Arrays are stored as
 * they are in memory (one BLOB each, written and read in one statement, no
 * SQL per object), strings as the pool's strings in id order.
 *
 * store_import writes the graph with store_dump_put in the snapshot's own
 * transaction, so a snapshot is never seen without its graph (an import
 * killed half-way leaves neither).  Reading, and store_dump_save (a graph
 * for a snapshot already stored), use a connection of their own.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "heapdump.h"
#include "store.h"
#include "xmalloc.h"

/* Bump when a stored array's layout changes. */
#define DUMP_LAYOUT_VERSION 1

static const char dump_schema[] =
	"CREATE TABLE IF NOT EXISTS heapdump_part ("
	" snapshot_id INTEGER NOT NULL,"
	" name TEXT NOT NULL,"
	" elem_size INTEGER NOT NULL,"
	" count INTEGER NOT NULL,"
	" data BLOB,"
	" PRIMARY KEY (snapshot_id, name));";

/* The scalar facts of a dump, stored as one part. */
struct dump_header {
	int64_t layout, version, big_endian;
	uint64_t ptr_size, heap_start, heap_end, ncpu;
	uint64_t arch, build_version;
	uint64_t total_bytes, nedges, outside_pointers, nalloc_samples;
	uint64_t data_start, data_size, bss_start, bss_size;
	int64_t have_memstats;
	uint64_t memstats[HD_MEMSTATS_FIELDS], pause_ns[256], num_gc;
	uint64_t record_counts[HD_NTAGS];
};

/* One array of the model: where it lives and how big its elements are. */
struct part {
	const char *name;
	void **ptr;
	size_t *count;
	size_t elem;
};

/* The model's arrays (edge_start has nobjects + 1 entries: handled
 * apart). */
static size_t
dump_parts(struct heapdump *d, struct part *p)
{
	size_t n = 0;

#define PART(nm, arr, cnt) do {						\
		p[n].name = nm;						\
		p[n].ptr = (void **)&d->arr;				\
		p[n].count = &d->cnt;					\
		p[n++].elem = sizeof *d->arr;				\
	} while (0)
	PART("obj_addr", obj_addr, nobjects);
	PART("obj_size", obj_size, nobjects);
	PART("obj_site", obj_site, nobjects);
	PART("edge_dst", edge_dst, nedges);
	PART("roots", roots, nroots);
	PART("static_refs", static_refs, nstatic_refs);
	PART("goroutines", goroutines, ngoroutines);
	PART("frames", frames, nframes);
	PART("types", types, ntypes);
	PART("itabs", itabs, nitabs);
	PART("threads", threads, nthreads);
	PART("finalizers", finalizers, nfinalizers);
	PART("defers", defers, ndefers);
	PART("panics", panics, npanics);
	PART("buckets", buckets, nbuckets);
	PART("bucket_frames", bucket_frames, nbucket_frames);
#undef PART
	return n;
}

/* A connection to the store at path, with the dump table created. */
static sqlite3 *
dump_open(const char *path, char **cause)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		*cause = xasprintf("cannot open the store: %s",
		    db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 10000);
	if (sqlite3_exec(db, dump_schema, NULL, NULL, NULL) != SQLITE_OK) {
		*cause = xasprintf("cannot create the heap dump table: %s",
		    sqlite3_errmsg(db));
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* Insert one array of snapshot id as a BLOB. */
static int
put_part(sqlite3 *db, sqlite3_stmt *st, int64_t id, const char *name,
    size_t elem, size_t count, const void *data)
{
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (int64_t)elem);
	sqlite3_bind_int64(st, 4, (int64_t)count);
	if (count == 0)
		sqlite3_bind_zeroblob(st, 5, 0);
	else
		sqlite3_bind_blob64(st, 5, data, (sqlite3_uint64)(elem * count),
		    SQLITE_STATIC);
	return sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	(void)db;
}

int
store_dump_put(sqlite3 *db, int64_t id, const struct heapdump *cd,
    char **cause)
{
	struct heapdump *d = (struct heapdump *)cd;	/* only read */
	struct part parts[32];
	struct dump_header h;
	sqlite3_stmt *st = NULL;
	size_t np, i, slen = 0;
	char *strs, *s;
	uint32_t k;
	int rc = -1;

	*cause = NULL;
	if (sqlite3_exec(db, dump_schema, NULL, NULL, NULL) != SQLITE_OK)
		goto out;
	/* Already stored (the same file imported again): nothing to do. */
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM heapdump_part WHERE "
	    "snapshot_id = ? LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		sqlite3_finalize(st);
		st = NULL;
		rc = 0;
		goto out;
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, "INSERT INTO heapdump_part (snapshot_id, "
	    "name, elem_size, count, data) VALUES (?, ?, ?, ?, ?)", -1, &st,
	    NULL) != SQLITE_OK)
		goto out;

	memset(&h, 0, sizeof h);
	h.layout = DUMP_LAYOUT_VERSION;
	h.version = d->version;
	h.big_endian = d->big_endian;
	h.ptr_size = d->ptr_size;
	h.heap_start = d->heap_start;
	h.heap_end = d->heap_end;
	h.ncpu = d->ncpu;
	h.arch = d->arch;
	h.build_version = d->build_version;
	h.total_bytes = d->total_bytes;
	h.nedges = d->nedges;
	h.outside_pointers = d->outside_pointers;
	h.nalloc_samples = d->nalloc_samples;
	h.data_start = d->data_start;
	h.data_size = d->data_size;
	h.bss_start = d->bss_start;
	h.bss_size = d->bss_size;
	h.have_memstats = d->have_memstats;
	memcpy(h.memstats, d->memstats, sizeof h.memstats);
	memcpy(h.pause_ns, d->pause_ns, sizeof h.pause_ns);
	h.num_gc = d->num_gc;
	for (i = 0; i < HD_NTAGS; i++)
		h.record_counts[i] = d->record_counts[i];
	if (put_part(db, st, id, "header", sizeof h, 1, &h) != 0 ||
	    put_part(db, st, id, "edge_start", sizeof *d->edge_start,
	    d->nobjects + 1, d->edge_start) != 0)
		goto out;

	/* Strings 1.. in id order, each NUL-terminated. */
	for (k = 1; k < strpool_count(d->strings); k++)
		slen += strpool_len(d->strings, k) + 1;
	s = strs = xmalloc(slen + 1);
	for (k = 1; k < strpool_count(d->strings); k++) {
		size_t l = strpool_len(d->strings, k);

		memcpy(s, strpool_get(d->strings, k), l + 1);
		s += l + 1;
	}
	i = put_part(db, st, id, "strings", 1, slen, strs);
	free(strs);
	if (i != 0)
		goto out;

	np = dump_parts(d, parts);
	for (i = 0; i < np; i++)
		if (put_part(db, st, id, parts[i].name, parts[i].elem,
		    *parts[i].count, *parts[i].ptr) != 0)
			goto out;
	rc = 0;
out:
	if (rc != 0 && *cause == NULL)
		*cause = xasprintf("cannot store the heap dump graph: %s",
		    sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc;
}

int
store_dump_save(const char *path, int64_t id, const struct heapdump *d,
    char **cause)
{
	sqlite3 *db;
	int rc = -1;

	*cause = NULL;
	if ((db = dump_open(path, cause)) == NULL)
		return -1;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		*cause = xasprintf("cannot store the heap dump graph: %s",
		    sqlite3_errmsg(db));
	else
		rc = store_dump_put(db, id, d, cause);
	sqlite3_exec(db, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

/* Read part name of snapshot id into a new array; -1 when missing or of
 * the wrong element size. */
static int
get_part(sqlite3_stmt *st, int64_t id, const char *name, size_t elem,
    void **data, size_t *count)
{
	const void *b;
	int64_t e, c;
	size_t len;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW)
		return -1;
	e = sqlite3_column_int64(st, 0);
	c = sqlite3_column_int64(st, 1);
	b = sqlite3_column_blob(st, 2);
	len = (size_t)sqlite3_column_bytes(st, 2);
	if (e != (int64_t)elem || c < 0 || len != (size_t)c * elem)
		return -1;
	*data = xmalloc(len ? len : 1);
	if (len > 0)
		memcpy(*data, b, len);
	*count = (size_t)c;
	return 0;
}

/* Whether every index and string id of a loaded dump is in range, so that
 * a damaged store cannot make an analysis read out of bounds. */
static bool
dump_valid(const struct heapdump *d)
{
	uint32_t ns = strpool_count(d->strings);
	size_t i;

	for (i = 0; i < d->nobjects; i++)
		if (d->edge_start[i] > d->edge_start[i + 1] ||
		    (d->obj_site[i] != HD_NONE && d->obj_site[i] >= d->nbuckets) ||
		    (i > 0 && d->obj_addr[i] < d->obj_addr[i - 1] +
		    d->obj_size[i - 1]) || d->obj_size[i] == 0)
			return false;
	for (i = 0; i < d->nedges; i++)
		if (d->edge_dst[i] >= d->nobjects)
			return false;
	for (i = 0; i < d->nroots; i++) {
		const struct hd_root *r = &d->roots[i];

		if (r->object >= d->nobjects || r->desc >= ns ||
		    (r->kind == HD_ROOT_FRAME && r->frame >= d->nframes) ||
		    ((r->kind == HD_ROOT_FINALIZER ||
		    r->kind == HD_ROOT_QUEUED) && r->frame >= d->nfinalizers) ||
		    r->kind > HD_ROOT_UNREACHED)
			return false;
	}
	for (i = 0; i < d->ngoroutines; i++)
		if (d->goroutines[i].wait_reason >= ns ||
		    d->goroutines[i].first_frame > d->nframes ||
		    d->nframes - d->goroutines[i].first_frame <
		    d->goroutines[i].nframes)
			return false;
	for (i = 0; i < d->nframes; i++)
		if (d->frames[i].function >= ns ||
		    d->frames[i].goroutine >= d->ngoroutines)
			return false;
	for (i = 0; i < d->ntypes; i++)
		if (d->types[i].name >= ns)
			return false;
	for (i = 0; i < d->nbuckets; i++)
		if (d->buckets[i].first_frame > d->nbucket_frames ||
		    d->nbucket_frames - d->buckets[i].first_frame <
		    d->buckets[i].nframes)
			return false;
	for (i = 0; i < d->nbucket_frames; i++)
		if (d->bucket_frames[i].function >= ns ||
		    d->bucket_frames[i].file >= ns)
			return false;
	return d->arch < ns && d->build_version < ns &&
	    d->edge_start[d->nobjects] == d->nedges;
}

struct heapdump *
store_dump_load(const char *path, int64_t id, char **cause)
{
	struct heapdump *d = NULL;
	struct dump_header *h = NULL;
	struct part parts[32];
	sqlite3_stmt *st = NULL;
	sqlite3 *db;
	size_t np, i, n, ne;
	char *strs = NULL, *s;
	void *es = NULL;

	*cause = NULL;
	if ((db = dump_open(path, cause)) == NULL)
		return NULL;
	if (sqlite3_prepare_v2(db, "SELECT elem_size, count, data FROM "
	    "heapdump_part WHERE snapshot_id = ? AND name = ?", -1, &st,
	    NULL) != SQLITE_OK) {
		*cause = xasprintf("cannot read the heap dump graph: %s",
		    sqlite3_errmsg(db));
		goto out;
	}
	if (get_part(st, id, "header", sizeof *h, (void **)&h, &n) != 0)
		goto out;	/* not a heap dump snapshot: no error */
	if (h->layout != DUMP_LAYOUT_VERSION) {
		*cause = xasprintf("the heap dump graph was stored by another "
		    "heapdiff (layout %lld, this one reads %d)",
		    (long long)h->layout, DUMP_LAYOUT_VERSION);
		goto out;
	}
	d = heapdump_new();
	if (get_part(st, id, "strings", 1, (void **)&strs, &n) != 0)
		goto bad;
	for (s = strs; s < strs + n; s += strlen(s) + 1)
		strpool_intern(d->strings, s, strlen(s));
	np = dump_parts(d, parts);
	for (i = 0; i < np; i++)
		if (get_part(st, id, parts[i].name, parts[i].elem,
		    parts[i].ptr, parts[i].count) != 0)
			goto bad;
	if (get_part(st, id, "edge_start", sizeof *d->edge_start, &es,
	    &ne) != 0 || ne != d->nobjects + 1)
		goto bad;
	d->edge_start = es;
	es = NULL;
	d->version = (int)h->version;
	d->big_endian = h->big_endian != 0;
	d->ptr_size = h->ptr_size;
	d->heap_start = h->heap_start;
	d->heap_end = h->heap_end;
	d->ncpu = h->ncpu;
	d->arch = (strid)h->arch;
	d->build_version = (strid)h->build_version;
	d->total_bytes = h->total_bytes;
	d->outside_pointers = h->outside_pointers;
	d->nalloc_samples = h->nalloc_samples;
	d->data_start = h->data_start;
	d->data_size = h->data_size;
	d->bss_start = h->bss_start;
	d->bss_size = h->bss_size;
	d->have_memstats = h->have_memstats != 0;
	memcpy(d->memstats, h->memstats, sizeof h->memstats);
	memcpy(d->pause_ns, h->pause_ns, sizeof h->pause_ns);
	d->num_gc = h->num_gc;
	for (i = 0; i < HD_NTAGS; i++)
		d->record_counts[i] = (size_t)h->record_counts[i];
	if (!dump_valid(d))
		goto bad;
	goto out;
bad:
	*cause = xstrdup("the heap dump graph is damaged");
	heapdump_free(d);
	d = NULL;
out:
	free(es);
	free(h);
	free(strs);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return d;
}
