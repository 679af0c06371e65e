/*
 * heapdump.h - the model of a Go heap dump (runtime/debug.WriteHeapDump).
 *
 * A heap dump is every live object with its pointer words, the roots that
 * point into the heap (data and bss words, stack frame words, finalizers),
 * the goroutines with their frames, and the memory profiler's buckets.
 * src/parse-godump.c fills it; the dump hangs off the profile it also fills
 * (struct profile's dump field), whose samples are the allocation sites.
 *
 * Laid out for millions of objects: objects are parallel flat arrays sorted
 * by address (so an interior pointer is resolved by binary search), the
 * pointer graph is in CSR form (the edges of object i are
 * edge_dst[edge_start[i] .. edge_start[i + 1])), and every other table is a
 * plain array.  Nothing is allocated per object.
 *
 * Ownership: the heapdump owns every array and its string pool;
 * heapdump_free releases all of it.
 */
#ifndef HEAPDIFF_HEAPDUMP_H
#define HEAPDIFF_HEAPDUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strpool.h"

/* "None" for optional indices. */
#define HD_NONE UINT32_MAX

/* The number of uvarints before PauseNs in a memstats record. */
#define HD_MEMSTATS_FIELDS 24

/* Indices into heapdump.memstats (MemStats' field order). */
enum hd_memstat {
	HD_MS_ALLOC, HD_MS_TOTAL_ALLOC, HD_MS_SYS, HD_MS_LOOKUPS,
	HD_MS_MALLOCS, HD_MS_FREES, HD_MS_HEAP_ALLOC, HD_MS_HEAP_SYS,
	HD_MS_HEAP_IDLE, HD_MS_HEAP_INUSE, HD_MS_HEAP_RELEASED,
	HD_MS_HEAP_OBJECTS, HD_MS_STACK_INUSE, HD_MS_STACK_SYS,
	HD_MS_MSPAN_INUSE, HD_MS_MSPAN_SYS, HD_MS_MCACHE_INUSE,
	HD_MS_MCACHE_SYS, HD_MS_BUCKHASH_SYS, HD_MS_GC_SYS, HD_MS_OTHER_SYS,
	HD_MS_NEXT_GC, HD_MS_LAST_GC, HD_MS_PAUSE_TOTAL_NS,
};

/* Record tags of the format (runtime/heapdump.go). */
enum hd_tag {
	HD_TAG_EOF, HD_TAG_OBJECT, HD_TAG_OTHER_ROOT, HD_TAG_TYPE,
	HD_TAG_GOROUTINE, HD_TAG_STACK_FRAME, HD_TAG_PARAMS,
	HD_TAG_FINALIZER, HD_TAG_ITAB, HD_TAG_OS_THREAD, HD_TAG_MEMSTATS,
	HD_TAG_QUEUED_FINALIZER, HD_TAG_DATA, HD_TAG_BSS, HD_TAG_DEFER,
	HD_TAG_PANIC, HD_TAG_MEMPROF, HD_TAG_ALLOC_SAMPLE,
	HD_NTAGS
};

/* What a root word lives in. */
enum hd_root_kind {
	HD_ROOT_DATA,		/* a word of the data segment */
	HD_ROOT_BSS,		/* a word of the bss segment */
	HD_ROOT_FRAME,		/* a word of a goroutine's stack frame */
	HD_ROOT_FINALIZER,	/* an object with a finalizer (or its func) */
	HD_ROOT_QUEUED,		/* a queued finalizer's object or func */
	HD_ROOT_OTHER,		/* an "other root" record */
	HD_ROOT_UNREACHED,	/* pseudo root: an object no dumped root reaches */
};

/* A root: a word outside the heap that points into a heap object. */
struct hd_root {
	enum hd_root_kind kind;
	uint64_t addr;		/* address of the word (data/bss/frame) */
	uint32_t object;	/* the object it points into */
	uint32_t frame;		/* HD_ROOT_FRAME: index into frames */
	strid desc;		/* HD_ROOT_OTHER: its description */
};

/* A data or bss word pointing into data or bss: a global pointer to a
 * statically allocated variable, which has no symbol of its own. */
struct hd_static_ref {
	uint64_t from, to;
};

struct hd_goroutine {
	uint64_t addr, sp, goid, gopc, status;
	bool system, background;
	uint64_t wait_since;
	strid wait_reason;
	uint64_t ctxt, m, top_defer, top_panic;
	uint32_t first_frame, nframes;	/* into frames, top (depth 0) first */
};

struct hd_frame {
	uint64_t sp, depth, child_sp, entry, pc, cont_pc;
	uint64_t size;		/* bytes of frame contents */
	strid function;
	uint32_t goroutine;	/* index into goroutines */
};

struct hd_type {
	uint64_t addr, size;
	strid name;
	bool indirect;		/* interface data holds a *T */
};

struct hd_itab {
	uint64_t addr, type;
};

struct hd_thread {
	uint64_t addr, id, os_id;
};

struct hd_finalizer {
	uint64_t object, fn, fn_pc, arg_type, obj_type;
	bool queued;
};

struct hd_defer {
	uint64_t addr, g, argp, pc, fn, fn_pc, next;
};

struct hd_panic {
	uint64_t addr, g, type, data, unused, next;
};

/* A memory profiler bucket: an allocation stack. */
struct hd_bucket {
	uint64_t id, size, allocs, frees;
	uint32_t first_frame, nframes;	/* into bucket_frames, leaf first */
};

struct hd_bucket_frame {
	strid function, file;
	uint64_t line;
};

struct heapdump {
	struct strpool *strings;
	int version;		/* 5, 6 or 7: "go1.N heap dump" */

	/* Params. */
	bool big_endian;
	uint64_t ptr_size, heap_start, heap_end, ncpu;
	strid arch, build_version;

	/* Objects, sorted by address.  obj_site is a bucket index, or
	 * HD_NONE when no alloc sample names the object. */
	size_t nobjects;
	uint64_t *obj_addr;
	uint64_t *obj_size;
	uint32_t *obj_site;
	uint64_t total_bytes;

	/* Pointer edges between objects, CSR (nobjects + 1 starts).  A word
	 * pointing inside an object (an interior pointer) is an edge to it;
	 * words pointing outside every object are not edges. */
	size_t *edge_start;
	uint32_t *edge_dst;
	size_t nedges;
	size_t outside_pointers;	/* pointer words into no object */

	struct hd_root *roots;
	size_t nroots;

	struct hd_goroutine *goroutines;
	size_t ngoroutines;
	struct hd_frame *frames;
	size_t nframes;
	struct hd_type *types;
	size_t ntypes;
	struct hd_itab *itabs;
	size_t nitabs;
	struct hd_thread *threads;
	size_t nthreads;
	struct hd_finalizer *finalizers;
	size_t nfinalizers;
	struct hd_defer *defers;
	size_t ndefers;
	struct hd_panic *panics;
	size_t npanics;
	struct hd_bucket *buckets;
	size_t nbuckets;
	struct hd_bucket_frame *bucket_frames;
	size_t nbucket_frames;
	size_t nalloc_samples;

	/* Static references, sorted by target (to). */
	struct hd_static_ref *static_refs;
	size_t nstatic_refs;

	/* Segments (address ranges only; their words became roots). */
	uint64_t data_start, data_size, bss_start, bss_size;

	bool have_memstats;
	uint64_t memstats[HD_MEMSTATS_FIELDS];
	uint64_t pause_ns[256];
	uint64_t num_gc;

	/* Records seen, per tag. */
	size_t record_counts[HD_NTAGS];
};

/* Read a whole heap dump (parse-godump.c); NULL and *cause (without the
 * file name) on bad input. */
struct heapdump *godump_read(const unsigned char *buf, size_t len,
    char **cause);

struct heapdump *heapdump_new(void);
void heapdump_free(struct heapdump *);

/* The text of a string id of the dump. */
const char *heapdump_str(const struct heapdump *, strid);

/* The object containing address a (interior pointers included), or
 * HD_NONE: a binary search over the sorted objects. */
uint32_t heapdump_find(const struct heapdump *, uint64_t a);

/* The name of a record tag ("object", "stack frame", ...). */
const char *heapdump_tag_name(unsigned tag);

/* The name of a goroutine status (Go's _Grunnable ... names: "runnable",
 * "syscall", "waiting", ...). */
const char *heapdump_status_name(uint64_t status);

/* The allocation site of a bucket: the first frame that is not in package
 * runtime (runtime/pprof hides those), else the leaf.  A strid of the
 * dump's pool, 0 for a bucket without frames. */
strid heapdump_bucket_site(const struct heapdump *, uint32_t bucket);

/* The size-class label of an object without an allocation site, e.g.
 * "(size class 208 B)", into buf. */
char *heapdump_size_label(char *buf, size_t len, uint64_t size);

#endif
