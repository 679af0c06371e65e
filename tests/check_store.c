/*
 * check_store.c - the SQLite store: a profile imported and loaded back is
 * the same profile; import is idempotent and all-or-nothing; strings,
 * locations and stacks are shared between snapshots; listing; schema
 * versions; files that are not stores; reading while another connection
 * writes.  The database is inspected directly with SQLite where the API
 * does not show what is stored.
 */
#include "config.h"

#include <dirent.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check_heapdiff.h"
#include "profile.h"
#include "store.h"
#include "xmalloc.h"

#define NELEM(a) ((int)(sizeof (a) / sizeof (a)[0]))

/* ------------------------------------------------------------------ */
/* A directory per test case for the store files (removed by the parent
 * process, so also after a failing test). */

static char store_dir[PATH_MAX];

static void
dir_setup(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(store_dir, sizeof store_dir, "%s/heapdiff-store-XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(store_dir) == NULL)
		abort();
}

static void
dir_teardown(void)
{
	char path[PATH_MAX * 2];
	struct dirent *de;
	DIR *d = opendir(store_dir);

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", store_dir, de->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(store_dir);
}

/* The path of a store file named for the test (static buffer). */
static const char *
store_path(const char *name)
{
	static char path[PATH_MAX * 2];

	snprintf(path, sizeof path, "%s/%s.db", store_dir, name);
	return path;
}

static store *
open_ok(const char *path)
{
	char *cause = NULL;
	store *st = store_open(path, &cause);

	ck_assert_msg(st != NULL, "store_open: %s", cause ? cause : "?");
	return st;
}

/* The one integer a query on the database file returns. */
static int64_t
query_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t v;

	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK,
	    "%s: %s", sql, sqlite3_errmsg(db));
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* Run statements on the database file with its own connection. */
static void
exec_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	char *err = NULL;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &err) == SQLITE_OK,
	    "%s: %s", sql, err ? err : "?");
	sqlite3_close(db);
}

/* ------------------------------------------------------------------ */
/* Profiles built in code. */

static strid
S(struct profile *p, const char *s)
{
	return profile_intern(p, s, strlen(s));
}

static void
add_types(struct profile *p, const char *const *types, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		const char *slash = strchr(types[i], '/');

		profile_add_sample_type(p, profile_intern(p, types[i],
		    (size_t)(slash - types[i])), S(p, slash + 1));
	}
}

static const char *const heap_types[] = {
	"alloc_objects/count", "alloc_space/bytes",
	"inuse_objects/count", "inuse_space/bytes",
};

static uint32_t
add_func(struct profile *p, const char *name, const char *sys,
    const char *file, int64_t start)
{
	struct prof_function f = { S(p, name), S(p, sys), S(p, file), start };

	return profile_add_function(p, &f);
}

static uint32_t
add_mapping(struct profile *p, uint64_t start, uint64_t size,
    uint64_t offset, const char *file, const char *build_id, bool symbols)
{
	struct prof_mapping m;

	memset(&m, 0, sizeof m);
	m.start = start;
	m.limit = start + size;
	m.offset = offset;
	m.file = S(p, file);
	m.build_id = S(p, build_id);
	m.has_functions = m.has_filenames = m.has_line_numbers = symbols;
	m.has_inline_frames = false;
	return profile_add_mapping(p, &m);
}

static uint32_t
add_loc(struct profile *p, uint32_t mapping, uint64_t address, bool folded,
    const struct prof_line *lines, uint32_t nlines)
{
	struct prof_location l;

	memset(&l, 0, sizeof l);
	l.mapping = mapping;
	l.address = address;
	l.is_folded = folded;
	return profile_add_location(p, &l, lines, nlines);
}

static void
add_sample(struct profile *p, uint32_t stack, int64_t a, int64_t b,
    int64_t c, int64_t d, const struct prof_label *labels, size_t nlabels)
{
	int64_t v[4] = { a, b, c, d };

	profile_add_sample(p, stack, v, labels, nlabels);
}

#define MAIN_START 0x400000ULL
#define MAIN_SIZE 0x100000ULL
#define LIBC_START 0x7f0000000000ULL

/*
 * A heap profile using every field of the model: two mappings, functions
 * with and without a system name, a location with an inlined frame, one
 * without a mapping (folded, no lines), an empty stack, a stack used
 * twice, string and numeric labels, negative and extreme values.  main is
 * where the main binary is mapped (ASLR moves it between runs).
 */
static struct profile *
build_heap(uint64_t main)
{
	struct profile *p = profile_new();
	struct prof_line ln[2];
	struct prof_label lb[2];
	uint32_t m0, m1, fmain, fleak, fmalloc, fhelper;
	uint32_t l0, l1, l2, l3, s0, s1, s2, s3, stk[3];

	add_types(p, heap_types, NELEM(heap_types));
	p->period_type.type = S(p, "space");
	p->period_type.unit = S(p, "bytes");
	p->period = 524288;
	p->time_nanos = 1700000000123456789LL;
	p->duration_nanos = 5000000000LL;
	p->default_sample_type = S(p, "inuse_space");
	p->drop_frames = S(p, "runtime\\..*");
	p->keep_frames = S(p, "main\\..*");
	p->doc_url = S(p, "https://example.com/doc");
	profile_add_comment(p, S(p, "first comment"));
	profile_add_comment(p, S(p, "second, with \xc3\xbcnicode"));

	m0 = add_mapping(p, main, MAIN_SIZE, 0, "/usr/bin/prog", "abc123",
	    true);
	m1 = add_mapping(p, LIBC_START, 0x200000, 0x1000, "/lib/libc.so.6",
	    "", false);

	fmain = add_func(p, "main.main", "main.main", "/src/main.go", 10);
	fleak = add_func(p, "main.leak", "", "/src/leak.go", 20);
	fmalloc = add_func(p, "runtime.mallocgc", "runtime.mallocgc",
	    "/go/src/runtime/malloc.go", 900);
	fhelper = add_func(p, "main.helper", "main.helper", "/src/leak.go", 40);

	ln[0] = (struct prof_line){ fmain, 12, 3 };
	l0 = add_loc(p, m0, main + 0x1000, false, ln, 1);
	ln[0] = (struct prof_line){ fhelper, 41, 0 };	/* inlined callee */
	ln[1] = (struct prof_line){ fleak, 25, 7 };
	l1 = add_loc(p, m0, main + 0x2000, false, ln, 2);
	ln[0] = (struct prof_line){ fmalloc, 901, -1 };
	l2 = add_loc(p, m1, LIBC_START + 0x1234, false, ln, 1);
	l3 = add_loc(p, PROF_NONE, 0xdeadbeef, true, NULL, 0);

	stk[0] = l2, stk[1] = l1, stk[2] = l0;
	s0 = profile_intern_stack(p, stk, 3);
	s1 = profile_intern_stack(p, stk + 1, 2);
	stk[0] = l3;
	s2 = profile_intern_stack(p, stk, 1);
	s3 = profile_intern_stack(p, NULL, 0);

	lb[0] = (struct prof_label){ S(p, "bytes"), 0, 4096, S(p, "bytes") };
	add_sample(p, s0, 1, 4096, 1, 4096, lb, 1);
	lb[0] = (struct prof_label){ S(p, "bytes"), 0, 32, S(p, "bytes") };
	lb[1] = (struct prof_label){ S(p, "pool"), S(p, "x"), 0, 0 };
	add_sample(p, s1, 2, 64, 0, 0, lb, 2);
	add_sample(p, s2, -3, -300, 3, 300, NULL, 0);
	lb[0] = (struct prof_label){ S(p, "k"), S(p, "v"), 0, 0 };
	add_sample(p, s0, INT64_MAX, INT64_MIN, 0, 7, lb, 1);
	add_sample(p, s3, 0, 0, 0, 0, NULL, 0);
	return p;
}

/*
 * A profile with many stacks (more than the store's batch of 64): stack k
 * is the locations of k's base-8 digits, leaf first, above a common root.
 * Stacks first..first+n are used, one sample each, value k.
 */
static struct profile *
build_many(int first, int n, int64_t time_nanos)
{
	struct profile *p = profile_new();
	struct prof_line ln;
	uint32_t m, f, loc[9], stk[8];
	int k, i;

	add_types(p, heap_types, NELEM(heap_types));
	p->period_type.type = S(p, "space");
	p->period_type.unit = S(p, "bytes");
	p->time_nanos = time_nanos;
	m = add_mapping(p, MAIN_START, MAIN_SIZE, 0, "/usr/bin/many", "", true);
	for (i = 0; i < 9; i++) {
		char name[32];

		snprintf(name, sizeof name, "main.f%d", i);
		f = add_func(p, name, name, "/src/many.go", i);
		ln = (struct prof_line){ f, 100 + i, 0 };
		loc[i] = add_loc(p, m, MAIN_START + 0x100 * (uint64_t)(i + 1),
		    false, &ln, 1);
	}
	for (k = first; k < first + n; k++) {
		uint32_t d = 0;
		int v = k;

		do {
			stk[d++] = loc[v % 8];
			v /= 8;
		} while (v > 0 && d < 7);
		stk[d++] = loc[8];
		add_sample(p, profile_intern_stack(p, stk, d), k, k * 16, 0, 0,
		    NULL, 0);
	}
	return p;
}

static struct snapshot_meta
meta_for(const char *path, int seed)
{
	struct snapshot_meta m;
	int i;

	memset(&m, 0, sizeof m);
	m.path = path;
	for (i = 0; i < 32; i++)
		m.sha256[i] = (unsigned char)(seed * 31 + i);
	m.format = "pprof";
	m.kind = NULL;
	return m;
}

static int64_t
import_ok(store *st, const struct profile *p, const struct snapshot_meta *m,
    bool want_existed)
{
	char *cause = NULL;
	int64_t id = -1;
	bool existed = !want_existed;

	ck_assert_msg(store_import(st, p, m, &id, &existed, &cause) == 0,
	    "store_import: %s", cause ? cause : "?");
	ck_assert(existed == want_existed);
	ck_assert_int_gt(id, 0);
	return id;
}

static struct profile *
load_ok(store *st, int64_t id)
{
	char *cause = NULL;
	struct profile *p = store_load(st, id, &cause);

	ck_assert_msg(p != NULL, "store_load: %s", cause ? cause : "?");
	return p;
}

/* ------------------------------------------------------------------ */
/* Comparing profiles field by field (strings by text). */

#define STR_EQ(a, x, b, y) \
	ck_assert_str_eq(profile_str((a), (x)), profile_str((b), (y)))

static void
assert_location_eq(const struct profile *a, uint32_t i,
    const struct profile *b, uint32_t j)
{
	const struct prof_location *x = &a->locations[i];
	const struct prof_location *y = &b->locations[j];
	uint32_t k;

	ck_assert_uint_eq(x->address, y->address);
	ck_assert_int_eq(x->is_folded, y->is_folded);
	ck_assert_uint_eq(x->mapping == PROF_NONE, y->mapping == PROF_NONE);
	if (x->mapping != PROF_NONE) {
		ck_assert_uint_eq(a->mappings[x->mapping].start,
		    b->mappings[y->mapping].start);
		STR_EQ(a, a->mappings[x->mapping].file, b,
		    b->mappings[y->mapping].file);
	}
	ck_assert_uint_eq(x->nlines, y->nlines);
	for (k = 0; k < x->nlines; k++) {
		const struct prof_line *p = &a->lines[x->first_line + k];
		const struct prof_line *q = &b->lines[y->first_line + k];

		STR_EQ(a, a->functions[p->function].name, b,
		    b->functions[q->function].name);
		ck_assert_int_eq(p->line, q->line);
		ck_assert_int_eq(p->column, q->column);
	}
}

/* b (loaded) equals a (imported), up to deduplication of tables. */
static void
assert_profile_eq(const struct profile *a, const struct profile *b)
{
	uint32_t i, k;
	size_t s;

	ck_assert_uint_eq(a->ntypes, b->ntypes);
	for (i = 0; i < a->ntypes; i++) {
		STR_EQ(a, a->sample_types[i].type, b, b->sample_types[i].type);
		STR_EQ(a, a->sample_types[i].unit, b, b->sample_types[i].unit);
	}
	STR_EQ(a, a->period_type.type, b, b->period_type.type);
	STR_EQ(a, a->period_type.unit, b, b->period_type.unit);
	ck_assert_int_eq(a->period, b->period);
	ck_assert_int_eq(a->time_nanos, b->time_nanos);
	ck_assert_int_eq(a->duration_nanos, b->duration_nanos);
	STR_EQ(a, a->default_sample_type, b, b->default_sample_type);
	STR_EQ(a, a->drop_frames, b, b->drop_frames);
	STR_EQ(a, a->keep_frames, b, b->keep_frames);
	STR_EQ(a, a->doc_url, b, b->doc_url);
	ck_assert_uint_eq(a->ncomments, b->ncomments);
	for (i = 0; i < a->ncomments; i++)
		STR_EQ(a, a->comments[i], b, b->comments[i]);

	ck_assert_uint_eq(a->nmappings, b->nmappings);
	for (i = 0; i < a->nmappings; i++) {
		const struct prof_mapping *x = &a->mappings[i];
		const struct prof_mapping *y = &b->mappings[i];

		ck_assert_uint_eq(x->start, y->start);
		ck_assert_uint_eq(x->limit, y->limit);
		ck_assert_uint_eq(x->offset, y->offset);
		STR_EQ(a, x->file, b, y->file);
		STR_EQ(a, x->build_id, b, y->build_id);
		ck_assert_int_eq(x->has_functions, y->has_functions);
		ck_assert_int_eq(x->has_filenames, y->has_filenames);
		ck_assert_int_eq(x->has_line_numbers, y->has_line_numbers);
		ck_assert_int_eq(x->has_inline_frames, y->has_inline_frames);
	}
	ck_assert_uint_eq(a->nfunctions, b->nfunctions);
	for (i = 0; i < a->nfunctions; i++) {
		const struct prof_function *x = &a->functions[i];
		const struct prof_function *y = &b->functions[i];

		STR_EQ(a, x->name, b, y->name);
		STR_EQ(a, x->system_name, b, y->system_name);
		STR_EQ(a, x->filename, b, y->filename);
		ck_assert_int_eq(x->start_line, y->start_line);
	}
	ck_assert_uint_eq(a->nlocations, b->nlocations);
	for (i = 0; i < a->nlocations; i++)
		assert_location_eq(a, i, b, i);

	ck_assert_uint_eq(a->nsamples, b->nsamples);
	for (s = 0; s < a->nsamples; s++) {
		uint32_t sa = a->sample_stack[s], sb = b->sample_stack[s];
		size_t la = a->label_start[s], lb = b->label_start[s];

		ck_assert_uint_eq(profile_stack_depth(a, sa),
		    profile_stack_depth(b, sb));
		for (k = 0; k < profile_stack_depth(a, sa); k++)
			assert_location_eq(a, profile_stack(a, sa)[k], b,
			    profile_stack(b, sb)[k]);
		for (k = 0; k < a->ntypes; k++)
			ck_assert_int_eq(a->values[s * a->ntypes + k],
			    b->values[s * b->ntypes + k]);
		ck_assert_uint_eq(a->label_start[s + 1] - la,
		    b->label_start[s + 1] - lb);
		for (; la < a->label_start[s + 1]; la++, lb++) {
			const struct prof_label *x = &a->labels[la];
			const struct prof_label *y = &b->labels[lb];

			STR_EQ(a, x->key, b, y->key);
			STR_EQ(a, x->str, b, y->str);
			ck_assert_int_eq(x->num, y->num);
			STR_EQ(a, x->num_unit, b, y->num_unit);
		}
	}
}

/* ------------------------------------------------------------------ */
/* Round trips. */

START_TEST(test_roundtrip)
{
	const char *path = store_path("roundtrip");
	struct profile *p = build_heap(MAIN_START), *q;
	struct snapshot_meta m = meta_for("heap.pb.gz", 1);
	store *st = open_ok(path);
	int64_t id;

	id = import_ok(st, p, &m, false);
	ck_assert_int_eq(id, 1);
	ck_assert_int_eq(query_int(path,
	    "SELECT nsamples * 100 + nlabels FROM snapshot"), 504);
	q = load_ok(st, id);
	assert_profile_eq(p, q);
	/* The same stack of samples 0 and 3 is one stack when loaded. */
	ck_assert_uint_eq(q->sample_stack[0], q->sample_stack[3]);
	ck_assert_uint_eq(q->nstacks, 4);
	profile_free(q);
	store_close(st);

	/* And after reopening, from the file. */
	st = open_ok(path);
	q = load_ok(st, id);
	assert_profile_eq(p, q);
	profile_free(q);
	store_close(st);
	profile_free(p);
}
END_TEST

START_TEST(test_roundtrip_empty)
{
	struct profile *p = profile_new(), *q;
	struct snapshot_meta m = meta_for("empty", 2);
	store *st = open_ok(store_path("empty"));

	q = load_ok(st, import_ok(st, p, &m, false));
	assert_profile_eq(p, q);
	ck_assert_uint_eq(q->nsamples, 0);
	ck_assert_uint_eq(q->ntypes, 0);
	profile_free(q);
	store_close(st);
	profile_free(p);
}
END_TEST

/* Two equal mappings at different addresses stay two mappings, and each
 * location keeps its own. */
START_TEST(test_roundtrip_equal_mappings)
{
	struct profile *p = profile_new(), *q;
	struct snapshot_meta m = meta_for("twice", 3);
	store *st = open_ok(store_path("twice"));
	const char *const types[] = { "samples/count" };
	uint32_t m0, m1, l0, l1, stk[2];

	add_types(p, types, 1);
	m0 = add_mapping(p, 0x10000, 0x1000, 0, "/lib/plugin.so", "", false);
	m1 = add_mapping(p, 0x90000, 0x1000, 0, "/lib/plugin.so", "", false);
	l0 = add_loc(p, m0, 0x10010, false, NULL, 0);
	l1 = add_loc(p, m1, 0x90010, false, NULL, 0);
	stk[0] = l1, stk[1] = l0;
	add_sample(p, profile_intern_stack(p, stk, 2), 1, 0, 0, 0, NULL, 0);

	q = load_ok(st, import_ok(st, p, &m, false));
	assert_profile_eq(p, q);
	ck_assert_uint_eq(q->locations[0].mapping, 0);
	ck_assert_uint_eq(q->locations[1].mapping, 1);
	ck_assert_int_eq(query_int(store_path("twice"),
	    "SELECT count(*) FROM mapping"), 2);
	profile_free(q);
	store_close(st);
	profile_free(p);
}
END_TEST

/* Two locations of one profile with the same content are one stored
 * location; the loaded stacks still say the same thing. */
START_TEST(test_roundtrip_duplicate_locations)
{
	const char *path = store_path("duploc");
	struct profile *p = profile_new(), *q;
	struct snapshot_meta m = meta_for("duploc", 4);
	store *st = open_ok(path);
	const char *const types[] = { "samples/count" };
	struct prof_line ln;
	uint32_t mp, f, l0, l1, stk[1];

	add_types(p, types, 1);
	mp = add_mapping(p, 0x1000, 0x1000, 0, "/bin/x", "", true);
	f = add_func(p, "f", "f", "x.c", 1);
	ln = (struct prof_line){ f, 2, 0 };
	l0 = add_loc(p, mp, 0x1100, false, &ln, 1);
	l1 = add_loc(p, mp, 0x1100, false, &ln, 1);
	stk[0] = l0;
	add_sample(p, profile_intern_stack(p, stk, 1), 5, 0, 0, 0, NULL, 0);
	stk[0] = l1;
	add_sample(p, profile_intern_stack(p, stk, 1), 7, 0, 0, 0, NULL, 0);
	ck_assert_uint_eq(p->nstacks, 2);

	q = load_ok(st, import_ok(st, p, &m, false));
	assert_profile_eq(p, q);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM location"), 1);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM stack"), 1);
	ck_assert_int_eq(query_int(path,
	    "SELECT count(DISTINCT stack) FROM sample"), 1);
	ck_assert_uint_eq(q->nstacks, 1);
	profile_free(q);
	store_close(st);
	profile_free(p);
}
END_TEST

START_TEST(test_roundtrip_many)
{
	struct profile *p = build_many(0, 1000, 0), *q;
	struct snapshot_meta m = meta_for("many", 5);
	store *st = open_ok(store_path("many"));

	q = load_ok(st, import_ok(st, p, &m, false));
	assert_profile_eq(p, q);
	ck_assert_uint_eq(q->nstacks, 1000);
	profile_free(q);
	store_close(st);
	profile_free(p);
}
END_TEST

/* A snapshot whose locations have ids far apart (shared with an old
 * snapshot, and new ones after many others) loads the same. */
START_TEST(test_roundtrip_sparse_location_ids)
{
	const char *path = store_path("sparse");
	struct profile *a = build_many(0, 10, 0), *b = build_many(0, 10, 0), *q;
	struct snapshot_meta ma = meta_for("a", 20), mb = meta_for("b", 21);
	store *st = open_ok(path);
	struct prof_line ln;
	uint32_t f, l, stk[2];

	import_ok(st, a, &ma, false);
	exec_sql(path, "INSERT INTO location (id, mapping, address, folded, "
	    "lines) VALUES (10000000, 0, 1, 0, x'')");
	f = add_func(b, "main.late", "main.late", "/src/late.go", 1);
	ln = (struct prof_line){ f, 2, 0 };
	l = add_loc(b, 0, MAIN_START + 0x5000, false, &ln, 1);
	stk[0] = l, stk[1] = 0;
	add_sample(b, profile_intern_stack(b, stk, 2), 1, 2, 3, 4, NULL, 0);
	q = load_ok(st, import_ok(st, b, &mb, false));
	assert_profile_eq(b, q);
	ck_assert_int_eq(query_int(path, "SELECT max(location) FROM "
	    "snapshot_location WHERE snapshot = 2"), 10000001);
	profile_free(q);
	store_close(st);
	profile_free(a);
	profile_free(b);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Idempotence and sharing between snapshots. */

START_TEST(test_import_same_sha_twice)
{
	const char *path = store_path("twice_sha");
	struct profile *p = build_heap(MAIN_START);
	struct snapshot_meta m = meta_for("a.pb.gz", 6);
	store *st = open_ok(path);
	int64_t id1, id2;

	id1 = import_ok(st, p, &m, false);
	m.path = "renamed-copy.pb.gz";
	id2 = import_ok(st, p, &m, true);
	ck_assert_int_eq(id1, id2);
	store_close(st);

	/* Also from another connection. */
	st = open_ok(path);
	ck_assert_int_eq(import_ok(st, p, &m, true), id1);
	store_close(st);

	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM snapshot"), 1);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM sample"), 5);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM stack"), 4);
	profile_free(p);
}
END_TEST

/*
 * Two runs of one program (the binary mapped elsewhere in the second)
 * share mappings, functions, locations and stacks:
 * the same stack has one id, and a diff is a join on it.
 */
START_TEST(test_dedup_across_snapshots)
{
	const char *path = store_path("dedup");
	struct profile *a = build_heap(MAIN_START);
	struct profile *b = build_heap(0x555500000000ULL), *q;
	struct snapshot_meta ma = meta_for("a", 7), mb = meta_for("b", 8);
	store *st = open_ok(path);
	int64_t ia, ib;

	ia = import_ok(st, a, &ma, false);
	ib = import_ok(st, b, &mb, false);
	ck_assert_int_ne(ia, ib);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM snapshot"), 2);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM mapping"), 2);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM function"), 4);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM location"), 4);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM stack"), 4);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM sample"), 10);
	/* Every sample of a pairs with the sample of b at the same index. */
	ck_assert_int_eq(query_int(path,
	    "SELECT count(*) FROM sample AS x JOIN sample AS y "
	    "ON x.idx = y.idx AND x.stack = y.stack "
	    "WHERE x.snapshot = 1 AND y.snapshot = 2"), 5);

	/* b loads back with its own addresses. */
	q = load_ok(st, ib);
	assert_profile_eq(b, q);
	ck_assert_uint_eq(q->mappings[0].start, 0x555500000000ULL);
	profile_free(q);
	q = load_ok(st, ia);
	assert_profile_eq(a, q);
	profile_free(q);
	store_close(st);
	profile_free(a);
	profile_free(b);
}
END_TEST

/* Overlapping sets of many stacks: the stack table holds the union, and
 * the shared ones keep their first ids (the lookup path of import). */
START_TEST(test_dedup_many_stacks)
{
	const char *path = store_path("dedup_many");
	struct profile *a = build_many(0, 700, 0);
	struct profile *b = build_many(300, 700, 0), *q;
	struct snapshot_meta ma = meta_for("a", 9), mb = meta_for("b", 10);
	store *st = open_ok(path);

	import_ok(st, a, &ma, false);
	import_ok(st, b, &mb, false);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM stack"), 1000);
	ck_assert_int_eq(query_int(path,
	    "SELECT count(DISTINCT stack) FROM sample"), 1000);
	ck_assert_int_eq(query_int(path,
	    "SELECT count(*) FROM sample AS x JOIN sample AS y "
	    "ON x.stack = y.stack WHERE x.snapshot = 1 AND y.snapshot = 2"),
	    400);
	/* Stack k of b is sample k - 300 of b and sample k of a. */
	ck_assert_int_eq(query_int(path,
	    "SELECT count(*) FROM sample AS x JOIN sample AS y "
	    "ON x.stack = y.stack WHERE x.snapshot = 1 AND y.snapshot = 2 "
	    "AND x.idx = y.idx + 300"), 400);
	ck_assert_int_eq(query_int(path,
	    "SELECT count(*) FROM (SELECT hash, locs FROM stack "
	    "GROUP BY hash, locs)"), 1000);
	q = load_ok(st, 2);
	assert_profile_eq(b, q);
	profile_free(q);
	store_close(st);
	profile_free(a);
	profile_free(b);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Listing. */

START_TEST(test_list)
{
	const char *path = store_path("list");
	struct profile *late = build_heap(MAIN_START);
	struct profile *early = build_many(0, 10, 1000);
	struct profile *undated = build_many(0, 3, 0);
	struct snapshot_meta m;
	const char *labels[] = { "env=prod", "run=a=b" };
	struct snapshot_info *l;
	store *st = open_ok(path);
	char *cause = NULL;
	size_t n;
	time_t now = time(NULL);

	m = meta_for("/data/late.pb.gz", 11);
	m.labels = labels;
	m.nlabels = 2;
	import_ok(st, late, &m, false);
	m = meta_for("early.pb", 12);
	m.kind = "custom";
	m.file_mtime_ns = 5000;
	import_ok(st, early, &m, false);
	m = meta_for("undated.pb", 13);
	m.format = "legacy";
	m.file_mtime_ns = 2000;
	import_ok(st, undated, &m, false);

	ck_assert_int_eq(store_list(st, &l, &n, &cause), 0);
	ck_assert_uint_eq(n, 3);
	/* By time: early's profile time, undated's mtime, late's time. */
	ck_assert_int_eq(l[0].id, 2);
	ck_assert_int_eq(l[0].time_nanos, 1000);
	ck_assert_str_eq(l[0].kind, "custom");
	ck_assert_int_eq(l[1].id, 3);
	ck_assert_int_eq(l[1].time_nanos, 2000);
	ck_assert_str_eq(l[1].format, "legacy");
	ck_assert_str_eq(l[1].program, "many");
	ck_assert_int_eq(l[2].id, 1);

	ck_assert_str_eq(l[2].path, "/data/late.pb.gz");
	ck_assert_str_eq(l[2].sha256_hex,
	    "55565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f7071727374");
	ck_assert_str_eq(l[2].format, "pprof");
	ck_assert_str_eq(l[2].kind, "heap");
	ck_assert_str_eq(l[2].program, "prog");
	ck_assert_int_eq(l[2].time_nanos, 1700000000123456789LL);
	ck_assert_int_eq(l[2].duration_nanos, 5000000000LL);
	ck_assert_int_ge(l[2].import_time, now - 60);
	ck_assert_int_le(l[2].import_time, now + 60);
	ck_assert_uint_eq(l[2].nsamples, 5);
	ck_assert_str_eq(l[2].labels, "env=prod,run=a=b");
	ck_assert_uint_eq(l[2].ntypes, 4);
	ck_assert_str_eq(l[2].type_names[0], "alloc_objects/count");
	ck_assert_str_eq(l[2].type_names[3], "inuse_space/bytes");
	ck_assert_int_eq(l[2].totals[0], INT64_MAX);	/* 1 + 2 - 3 + max */
	ck_assert_int_eq(l[2].totals[1], INT64_MIN + 4096 + 64 - 300);
	ck_assert_int_eq(l[2].totals[2], 4);
	ck_assert_int_eq(l[2].totals[3], 4096 + 300 + 7);
	ck_assert_str_eq(l[0].labels, "");
	ck_assert_int_eq(l[0].totals[0], 45);	/* 0 + 1 + ... + 9 */
	ck_assert_int_eq(l[0].totals[1], 45 * 16);
	store_list_free(l, n);

	store_close(st);
	profile_free(late);
	profile_free(early);
	profile_free(undated);
}
END_TEST

START_TEST(test_list_empty)
{
	store *st = open_ok(store_path("list_empty"));
	struct snapshot_info *l = NULL;
	char *cause = NULL;
	size_t n = 99;

	ck_assert_int_eq(store_list(st, &l, &n, &cause), 0);
	ck_assert_uint_eq(n, 0);
	store_list_free(l, n);
	store_close(st);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Schema versions and files that are not stores. */

START_TEST(test_schema_created)
{
	const char *path = store_path("schema");

	store_close(open_ok(path));
	ck_assert_int_eq(query_int(path, "PRAGMA user_version"), 1);
	ck_assert_int_eq(query_int(path, "PRAGMA application_id"),
	    0x48504446);
	ck_assert_int_eq(query_int(path,
	    "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = "
	    "'wal'"), 1);
	ck_assert_int_eq(query_int(path,
	    "SELECT count(*) FROM string WHERE id = 0 AND text = ''"), 1);
	/* Opening again is fine and changes nothing. */
	store_close(open_ok(path));
	ck_assert_int_eq(query_int(path, "PRAGMA user_version"), 1);
}
END_TEST

START_TEST(test_newer_schema_refused)
{
	const char *path = store_path("newer");
	char *cause = NULL, *want;

	store_close(open_ok(path));
	exec_sql(path, "PRAGMA user_version = 99");
	ck_assert_ptr_null(store_open(path, &cause));
	want = xasprintf("store %s was written by a newer heapdiff (schema 99, "
	    "this one knows 1)", path);
	ck_assert_str_eq(cause, want);
	free(want);
	free(cause);
	/* Refused, not changed. */
	ck_assert_int_eq(query_int(path, "PRAGMA user_version"), 99);
}
END_TEST

/* Files that SQLite cannot read, or databases of another program. */
static const struct {
	const char *name;
	const char *content;	/* NULL: a database made with sql */
	const char *sql;
	const char *message;	/* after "store PATH " */
} not_stores[] = {
	{ "text", "this is not a database, it is a text file that is long "
	    "enough to have a header\n", NULL,
	    "is not a heapdiff store (not an SQLite database)" },
	{ "other_db", NULL, "CREATE TABLE t (x)",
	    "is an SQLite database but not a heapdiff store" },
	{ "other_app", NULL, "PRAGMA application_id = 1234",
	    "is not a heapdiff store (application_id 1234)" },
};

START_TEST(test_not_a_store)
{
	const char *path = store_path(not_stores[_i].name);
	char *cause = NULL, *want = NULL;
	FILE *f;

	if (not_stores[_i].content != NULL) {
		f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fputs(not_stores[_i].content, f);
		fclose(f);
	} else
		exec_sql(path, not_stores[_i].sql);
	ck_assert_ptr_null(store_open(path, &cause));
	want = xasprintf("store %s %s", path, not_stores[_i].message);
	ck_assert_str_eq(cause, want);
	free(want);
	free(cause);
}
END_TEST

START_TEST(test_open_unopenable)
{
	char *cause = NULL;

	/* A directory cannot be a database. */
	ck_assert_ptr_null(store_open(store_dir, &cause));
	ck_assert_ptr_nonnull(strstr(cause, store_dir));
	free(cause);
}
END_TEST

START_TEST(test_load_missing)
{
	const char *path = store_path("missing");
	store *st = open_ok(path);
	char *cause = NULL, *want = NULL;

	ck_assert_ptr_null(store_load(st, 42, &cause));
	want = xasprintf("store %s has no snapshot 42", path);
	ck_assert_str_eq(cause, want);
	free(want);
	free(cause);
	store_close(st);
}
END_TEST

/* ------------------------------------------------------------------ */
/* A damaged store is reported, not misread. */

static const struct {
	const char *sql;
	const char *what;
} corruptions[] = {
	{ "UPDATE sample SET vals = vals || x'00' WHERE idx = 0", "sample" },
	{ "UPDATE sample SET vals = x'0280' WHERE idx = 2", "sample" },
	{ "UPDATE sample SET labels = x'7f000000' WHERE idx = 0",
	    "label string" },
	{ "DELETE FROM stack WHERE id = (SELECT stack FROM sample "
	    "WHERE idx = 1)", "sample stack" },
	{ "UPDATE stack SET locs = x'7f'", "stack" },
	{ "UPDATE stack SET locs = x'ff'", "stack" },
	{ "UPDATE location SET lines = x'7f0000' WHERE folded = 0",
	    "location lines" },
	{ "UPDATE location SET mapping = 99 WHERE mapping != 0",
	    "location mapping" },
};

START_TEST(test_load_corrupt)
{
	char name[32];
	const char *path;
	struct profile *p = build_heap(MAIN_START);
	struct snapshot_meta m = meta_for("a", 19);
	store *st;
	char *cause = NULL, *want;

	snprintf(name, sizeof name, "corrupt%d", _i);
	path = store_path(name);
	st = open_ok(path);
	import_ok(st, p, &m, false);
	exec_sql(path, corruptions[_i].sql);
	ck_assert_ptr_null(store_load(st, 1, &cause));
	want = xasprintf("store %s: snapshot 1: bad %s", path,
	    corruptions[_i].what);
	ck_assert_str_eq(cause, want);
	free(want);
	free(cause);
	store_close(st);
	profile_free(p);
}
END_TEST

/* ------------------------------------------------------------------ */
/* A failed import leaves nothing behind. */

static void
assert_store_empty(const char *path)
{
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM snapshot"), 0);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM sample"), 0);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM stack"), 0);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM location"), 0);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM function"), 0);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM mapping"), 0);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM string"), 1);
	ck_assert_int_eq(query_int(path,
	    "SELECT count(*) FROM snapshot_label"), 0);
}

/* Ways to break a good profile, and what import says. */
static void
break_mapping(struct profile *p)
{
	p->locations[1].mapping = 7;
}

static void
break_function(struct profile *p)
{
	p->lines[0].function = 99;
}

static void
break_lines(struct profile *p)
{
	p->locations[1].nlines = p->nlines + 1;
}

static void
break_stack(struct profile *p)
{
	p->stack_locs[0] = 1000;
}

static void
break_sample(struct profile *p)
{
	p->sample_stack[2] = 50;
}

static void
break_label(struct profile *p)
{
	p->labels[0].key = 100000;
}

static const struct {
	void (*breaks)(struct profile *);
	const char *message;
} bad_profiles[] = {
	{ break_mapping, "location 1 refers to mapping 7 of 2" },
	{ break_function, "location 0 refers to function 99 of 4" },
	{ break_lines, "location 1 has lines out of range" },
	{ break_stack, "stack 0 refers to location 1000 of 4" },
	{ break_sample, "sample 2 refers to stack 50 of 4" },
	{ break_label, "profile refers to a string id out of range" },
};

START_TEST(test_import_bad_profile)
{
	char name[32];
	const char *path;
	struct profile *p = build_heap(MAIN_START);
	struct snapshot_meta m = meta_for("bad", 14);
	store *st;
	char *cause = NULL;
	int64_t id = -1;
	bool existed = true;

	snprintf(name, sizeof name, "bad_profile%d", _i);
	path = store_path(name);
	st = open_ok(path);
	bad_profiles[_i].breaks(p);
	ck_assert_int_eq(store_import(st, p, &m, &id, &existed, &cause), -1);
	ck_assert_str_eq(cause, bad_profiles[_i].message);
	ck_assert(!existed);
	free(cause);
	store_close(st);
	assert_store_empty(path);
	profile_free(p);
}
END_TEST

/* A bad --label is found after the snapshot row is written. */
START_TEST(test_import_bad_label_rolls_back)
{
	const char *path = store_path("bad_label");
	struct profile *p = build_heap(MAIN_START);
	struct snapshot_meta m = meta_for("bad", 15);
	const char *labels[] = { "ok=1", "novalue" };
	store *st = open_ok(path);
	char *cause = NULL;
	int64_t id;
	bool existed;

	m.labels = labels;
	m.nlabels = 2;
	ck_assert_int_eq(store_import(st, p, &m, &id, &existed, &cause), -1);
	ck_assert_str_eq(cause, "label \"novalue\" is not KEY=VALUE");
	free(cause);
	assert_store_empty(path);

	/* The store is usable afterwards. */
	m.nlabels = 1;
	ck_assert_int_eq(import_ok(st, p, &m, false), 1);
	store_close(st);
	profile_free(p);
}
END_TEST

/* SQLite refuses the 150th sample (a trigger stands in for a full disk):
 * strings, stacks and the snapshot written before are rolled back. */
START_TEST(test_import_sql_error_rolls_back)
{
	const char *path = store_path("sql_error");
	struct profile *p = build_many(0, 300, 0);
	struct snapshot_meta m = meta_for("many", 16);
	store *st;
	char *cause = NULL;
	int64_t id;
	bool existed;

	store_close(open_ok(path));
	exec_sql(path, "CREATE TRIGGER no_room BEFORE INSERT ON sample "
	    "WHEN new.idx = 150 BEGIN SELECT RAISE(ABORT, 'disk full'); END");
	st = open_ok(path);
	ck_assert_int_eq(store_import(st, p, &m, &id, &existed, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "adding samples: disk full"));
	ck_assert_ptr_nonnull(strstr(cause, path));
	free(cause);
	store_close(st);
	assert_store_empty(path);
	profile_free(p);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Another connection writing does not stop reading (WAL). */

START_TEST(test_read_while_writing)
{
	const char *path = store_path("wal");
	struct profile *p = build_heap(MAIN_START), *q;
	struct snapshot_meta m = meta_for("a", 17);
	struct snapshot_info *l;
	sqlite3 *writer;
	store *st;
	char *cause = NULL;
	size_t n;

	st = open_ok(path);
	import_ok(st, p, &m, false);
	store_close(st);

	/* A writer holds the write lock with changes not yet committed. */
	ck_assert_int_eq(sqlite3_open(path, &writer), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(writer, "BEGIN IMMEDIATE; "
	    "INSERT INTO string (text) VALUES ('uncommitted')", NULL, NULL,
	    NULL), SQLITE_OK);

	st = open_ok(path);
	ck_assert_int_eq(store_list(st, &l, &n, &cause), 0);
	ck_assert_uint_eq(n, 1);
	store_list_free(l, n);
	q = load_ok(st, 1);
	assert_profile_eq(p, q);
	profile_free(q);
	store_close(st);

	ck_assert_int_eq(sqlite3_exec(writer, "ROLLBACK", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(writer);
	profile_free(p);
}
END_TEST

/* An import does not wait for a reader, which goes on seeing the store as
 * it was when its transaction began. */
START_TEST(test_write_while_reading)
{
	const char *path = store_path("wal_reader");
	struct profile *p = build_heap(MAIN_START);
	struct snapshot_meta m = meta_for("a", 22);
	sqlite3 *reader;
	sqlite3_stmt *count;
	store *st;

	st = open_ok(path);
	import_ok(st, p, &m, false);

	ck_assert_int_eq(sqlite3_open(path, &reader), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(reader, "BEGIN", NULL, NULL, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(reader,
	    "SELECT count(*) FROM snapshot", -1, &count, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(count), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int64(count, 0), 1);
	sqlite3_reset(count);

	m = meta_for("b", 23);
	ck_assert_int_eq(import_ok(st, p, &m, false), 2);

	ck_assert_int_eq(sqlite3_step(count), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int64(count, 0), 1);
	sqlite3_finalize(count);
	sqlite3_exec(reader, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(reader);
	store_close(st);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM snapshot"), 2);
	profile_free(p);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The kind of a profile. */

static const struct {
	const char *types[4];
	const char *kind;
} kinds[] = {
	{ { "alloc_objects/count", "alloc_space/bytes",
	    "inuse_objects/count", "inuse_space/bytes" }, "heap" },
	{ { "objects/count", "space/bytes" }, "heap" },
	{ { "inuse_space/bytes" }, "heap" },
	{ { "samples/count", "cpu/nanoseconds" }, "cpu" },
	{ { "contentions/count", "delay/nanoseconds" }, "contention" },
	{ { "goroutine/count" }, "goroutine" },
	{ { "threadcreate/count" }, "threadcreate" },
	{ { "wall/nanoseconds", "samples/count" }, "wall" },
	{ { NULL }, "" },
};

START_TEST(test_kind_of)
{
	struct profile *p = profile_new();
	int n = 0;

	while (n < 4 && kinds[_i].types[n] != NULL)
		n++;
	add_types(p, kinds[_i].types, n);
	ck_assert_str_eq(store_kind_of(p), kinds[_i].kind);
	profile_free(p);
}
END_TEST

/* The kind is stored when the caller leaves it to the store. */
START_TEST(test_kind_stored)
{
	const char *path = store_path("kind");
	struct profile *p = build_heap(MAIN_START);
	struct snapshot_meta m = meta_for("a", 18);
	store *st = open_ok(path);

	import_ok(st, p, &m, false);
	store_close(st);
	ck_assert_int_eq(query_int(path,
	    "SELECT count(*) FROM snapshot WHERE kind = 'heap'"), 1);
	profile_free(p);
}
END_TEST

Suite *
store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc;

	tc = tcase_create("roundtrip");
	tcase_add_unchecked_fixture(tc, dir_setup, dir_teardown);
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_roundtrip_empty);
	tcase_add_test(tc, test_roundtrip_equal_mappings);
	tcase_add_test(tc, test_roundtrip_duplicate_locations);
	tcase_add_test(tc, test_roundtrip_many);
	tcase_add_test(tc, test_roundtrip_sparse_location_ids);
	suite_add_tcase(s, tc);

	tc = tcase_create("dedup");
	tcase_add_unchecked_fixture(tc, dir_setup, dir_teardown);
	tcase_add_test(tc, test_import_same_sha_twice);
	tcase_add_test(tc, test_dedup_across_snapshots);
	tcase_add_test(tc, test_dedup_many_stacks);
	suite_add_tcase(s, tc);

	tc = tcase_create("list");
	tcase_add_unchecked_fixture(tc, dir_setup, dir_teardown);
	tcase_add_test(tc, test_list);
	tcase_add_test(tc, test_list_empty);
	tcase_add_test(tc, test_kind_stored);
	tcase_add_loop_test(tc, test_kind_of, 0, NELEM(kinds));
	suite_add_tcase(s, tc);

	tc = tcase_create("open");
	tcase_add_unchecked_fixture(tc, dir_setup, dir_teardown);
	tcase_add_test(tc, test_schema_created);
	tcase_add_test(tc, test_newer_schema_refused);
	tcase_add_loop_test(tc, test_not_a_store, 0, NELEM(not_stores));
	tcase_add_test(tc, test_open_unopenable);
	tcase_add_test(tc, test_load_missing);
	tcase_add_loop_test(tc, test_load_corrupt, 0, NELEM(corruptions));
	tcase_add_test(tc, test_read_while_writing);
	tcase_add_test(tc, test_write_while_reading);
	suite_add_tcase(s, tc);

	tc = tcase_create("failure");
	tcase_add_unchecked_fixture(tc, dir_setup, dir_teardown);
	tcase_add_loop_test(tc, test_import_bad_profile, 0,
	    NELEM(bad_profiles));
	tcase_add_test(tc, test_import_bad_label_rolls_back);
	tcase_add_test(tc, test_import_sql_error_rolls_back);
	suite_add_tcase(s, tc);
	return s;
}
