/*
 * store.c - the SQLite snapshot store (see store.h).
 *
 * One SQLite database in WAL mode (readers never wait for an import),
 * marked with PRAGMA application_id 0x48504446 ("HPDF") and versioned with
 * PRAGMA user_version.  Every statement binds its values; the only SQL
 * text made at run time repeats "(?, ?, ?)" for multi-row statements.
 *
 * Schema, version 1.  Two kinds of table: content tables, shared by every
 * snapshot and deduplicated on their content, and snapshot tables, keyed
 * by (snapshot, idx) and holding what one snapshot says in the order its
 * profile said it.
 *
 *   string(id, text UNIQUE)
 *	Interned texts of names, files, build ids and label keys/values.  Row
 *	0 is "" (as string_table[0] in profile.proto).  Other tables refer to
 *	strings by id.
 *   mapping(id, size, file_offset, file, build_id, flags, ordinal)
 *	A binary as mapped, without its start address (which ASLR changes from
 *	run to run; it lives in snapshot_mapping), so that two runs of one
 *	program share mappings, locations and stacks.  size = limit - start;
 *	flags: 1 has_functions, 2 has_filenames, 4 has_line_numbers,
 *	8 has_inline_frames; ordinal tells apart mappings of one profile that
 *	are otherwise equal (0 for the first, 1 for the next ...).
 *	UNIQUE (file, build_id, file_offset, size, flags, ordinal).
 *   function(id, name, system_name, filename, start_line)
 *	UNIQUE on all four.
 *   location(id, mapping, address, folded, lines)
 *	mapping is a mapping id or 0 for none; address is relative to the
 *	mapping's start (absolute without a mapping); lines is a blob of
 *	varints, (function id, line, column) per line, innermost first, with
 *	line and column zigzag-encoded.  UNIQUE on all four.
 *   stack(id, hash, locs), index stack_by_hash(hash)
 *	locs: varint location ids, leaf first; hash: 64-bit FNV-1a of locs
 *	(see stack_hash).  (hash, locs) is unique by construction: import
 *	looks a stack up by hash and compares locs before adding it (a UNIQUE
 *	index on the blobs would double the table's size and cost).  The same
 *	call stack has one id in every snapshot, so comparing snapshots is a
 *	join on sample.stack.
 *
 *   snapshot(id AUTOINCREMENT, sha256 UNIQUE, path, format, kind, program,
 *	time_nanos, duration_nanos, period, period_type, period_unit,
 *	default_sample_type, drop_frames, keep_frames, doc_url,
 *	file_mtime_ns, import_time, nsamples, nlabels)
 *	One imported file; sha256 (hex of the bytes as stored) makes import
 *	idempotent.  kind ("heap", "cpu", ..., later "heapdump") says which
 *	snapshot tables describe it; tables for heap dumps (objects, edges,
 *	roots) will be snapshot tables like those below.  nlabels (the
 *	number of sample labels) lets a load size its arrays.
 *   snapshot_type(snapshot, idx, type, unit, total)
 *	The sample types and the sum of each, so listing needs no samples.
 *   snapshot_comment(snapshot, idx, text)
 *   snapshot_label(snapshot, idx, key, value)	--label k=v at import
 *   snapshot_mapping(snapshot, idx, mapping, start)
 *   snapshot_function(snapshot, idx, function)
 *   snapshot_location(snapshot, idx, location)
 *	The profile's tables in order (idx = index in the model), pointing at
 *	the shared rows, so a load rebuilds the same indices.
 *   sample(snapshot, idx, stack, vals, labels)
 *	vals: ntypes zigzag varints.  labels: NULL, or per label the varints
 *	key string id, str string id, zigzag num, num_unit string id.
 *
 * Snapshot tables are WITHOUT ROWID with PRIMARY KEY (snapshot, idx): a
 * snapshot's rows are contiguous, so loading one is a range scan in order.
 * Foreign keys are declared for the reader and not enforced.
 *
 * user_version history:
 *   0  empty database: the version 1 schema is created.
 *   1  the schema above.
 * A store with a higher version was written by a newer heapdiff and is
 * refused rather than misread.
 *
 * Speed (a 1.2M-sample profile with 1.2M distinct stacks imports in about
 * 2.5 s and loads in about 1.3 s): everything is one transaction with
 * statements prepared once per store.  The few strings, mappings,
 * functions and locations are written row by row (INSERT OR IGNORE, then
 * SELECT only if the row was there).  Stacks are packed and hashed in
 * memory, sorted by hash (radix), looked up BATCH hashes per SELECT (not at
 * all in an empty store) and the new ones appended BATCH rows per INSERT
 * in hash order, so the table and its index both grow at the end.  Samples
 * are appended BATCH rows per INSERT.  Loading reads the samples in one
 * range scan, then the stacks they use sorted by id in forward range scans,
 * and interns them in order of first use.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sort.h"
#include "store.h"
#include "xmalloc.h"

#define STORE_APPLICATION_ID 0x48504446	/* "HPDF" */
#define STORE_SCHEMA_VERSION 1
#define STORE_BUSY_TIMEOUT_MS 30000

/*
 * migrations[v] takes a store from user_version v to v + 1 and ends by
 * setting the new user_version.  Append; never edit a released entry.
 */
static const char *const migrations[] = {
	/* 0 -> 1: the first schema. */
	"CREATE TABLE string ("
	"  id INTEGER PRIMARY KEY,"
	"  text TEXT NOT NULL UNIQUE);"
	"INSERT INTO string (id, text) VALUES (0, '');"
	"CREATE TABLE mapping ("
	"  id INTEGER PRIMARY KEY,"
	"  size INTEGER NOT NULL,"
	"  file_offset INTEGER NOT NULL,"
	"  file INTEGER NOT NULL REFERENCES string,"
	"  build_id INTEGER NOT NULL REFERENCES string,"
	"  flags INTEGER NOT NULL,"
	"  ordinal INTEGER NOT NULL,"
	"  UNIQUE (file, build_id, file_offset, size, flags, ordinal));"
	"CREATE TABLE function ("
	"  id INTEGER PRIMARY KEY,"
	"  name INTEGER NOT NULL REFERENCES string,"
	"  system_name INTEGER NOT NULL REFERENCES string,"
	"  filename INTEGER NOT NULL REFERENCES string,"
	"  start_line INTEGER NOT NULL,"
	"  UNIQUE (name, system_name, filename, start_line));"
	"CREATE TABLE location ("
	"  id INTEGER PRIMARY KEY,"
	"  mapping INTEGER NOT NULL,"
	"  address INTEGER NOT NULL,"
	"  folded INTEGER NOT NULL,"
	"  lines BLOB NOT NULL,"
	"  UNIQUE (mapping, address, folded, lines));"
	"CREATE TABLE stack ("
	"  id INTEGER PRIMARY KEY,"
	"  hash INTEGER NOT NULL,"
	"  locs BLOB NOT NULL);"
	"CREATE INDEX stack_by_hash ON stack (hash);"
	"CREATE TABLE snapshot ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  sha256 TEXT NOT NULL UNIQUE,"
	"  path TEXT NOT NULL,"
	"  format TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  program TEXT NOT NULL,"
	"  time_nanos INTEGER NOT NULL,"
	"  duration_nanos INTEGER NOT NULL,"
	"  period INTEGER NOT NULL,"
	"  period_type TEXT NOT NULL,"
	"  period_unit TEXT NOT NULL,"
	"  default_sample_type TEXT NOT NULL,"
	"  drop_frames TEXT NOT NULL,"
	"  keep_frames TEXT NOT NULL,"
	"  doc_url TEXT NOT NULL,"
	"  file_mtime_ns INTEGER NOT NULL,"
	"  import_time INTEGER NOT NULL,"
	"  nsamples INTEGER NOT NULL,"
	"  nlabels INTEGER NOT NULL);"
	"CREATE TABLE snapshot_type ("
	"  snapshot INTEGER NOT NULL REFERENCES snapshot,"
	"  idx INTEGER NOT NULL,"
	"  type TEXT NOT NULL,"
	"  unit TEXT NOT NULL,"
	"  total INTEGER NOT NULL,"
	"  PRIMARY KEY (snapshot, idx)) WITHOUT ROWID;"
	"CREATE TABLE snapshot_comment ("
	"  snapshot INTEGER NOT NULL REFERENCES snapshot,"
	"  idx INTEGER NOT NULL,"
	"  text TEXT NOT NULL,"
	"  PRIMARY KEY (snapshot, idx)) WITHOUT ROWID;"
	"CREATE TABLE snapshot_label ("
	"  snapshot INTEGER NOT NULL REFERENCES snapshot,"
	"  idx INTEGER NOT NULL,"
	"  key TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  PRIMARY KEY (snapshot, idx)) WITHOUT ROWID;"
	"CREATE TABLE snapshot_mapping ("
	"  snapshot INTEGER NOT NULL REFERENCES snapshot,"
	"  idx INTEGER NOT NULL,"
	"  mapping INTEGER NOT NULL REFERENCES mapping,"
	"  start INTEGER NOT NULL,"
	"  PRIMARY KEY (snapshot, idx)) WITHOUT ROWID;"
	"CREATE TABLE snapshot_function ("
	"  snapshot INTEGER NOT NULL REFERENCES snapshot,"
	"  idx INTEGER NOT NULL,"
	"  function INTEGER NOT NULL REFERENCES function,"
	"  PRIMARY KEY (snapshot, idx)) WITHOUT ROWID;"
	"CREATE TABLE snapshot_location ("
	"  snapshot INTEGER NOT NULL REFERENCES snapshot,"
	"  idx INTEGER NOT NULL,"
	"  location INTEGER NOT NULL REFERENCES location,"
	"  PRIMARY KEY (snapshot, idx)) WITHOUT ROWID;"
	"CREATE TABLE sample ("
	"  snapshot INTEGER NOT NULL REFERENCES snapshot,"
	"  idx INTEGER NOT NULL,"
	"  stack INTEGER NOT NULL REFERENCES stack,"
	"  vals BLOB NOT NULL,"
	"  labels BLOB,"
	"  PRIMARY KEY (snapshot, idx)) WITHOUT ROWID;"
	"PRAGMA application_id = 1213219910;"	/* STORE_APPLICATION_ID */
	"PRAGMA user_version = 1;",
};

/* Statements prepared once per store, on first use. */
enum stmt_id {
	ST_SNAPSHOT_BY_SHA,
	ST_STRING_INS,
	ST_STRING_SEL,
	ST_STRING_TEXT,
	ST_MAPPING_INS,
	ST_MAPPING_SEL,
	ST_FUNCTION_INS,
	ST_FUNCTION_SEL,
	ST_LOCATION_INS,
	ST_LOCATION_SEL,
	ST_STACK_MAX,
	ST_STACK_PROBE,
	ST_STACK_INS,
	ST_STACK_INS_BATCH,
	ST_SNAPSHOT_INS,
	ST_TYPE_INS,
	ST_COMMENT_INS,
	ST_LABEL_INS,
	ST_SMAPPING_INS,
	ST_SFUNCTION_INS,
	ST_SLOCATION_INS,
	ST_SAMPLE_INS,
	ST_SAMPLE_INS_BATCH,
	ST_SNAPSHOT_GET,
	ST_TYPES_GET,
	ST_COMMENTS_GET,
	ST_LABELS_GET,
	ST_MAPPINGS_GET,
	ST_FUNCTIONS_GET,
	ST_LOCATIONS_GET,
	ST_SAMPLES_GET,
	ST_STACK_RANGE,
	ST_LIST,
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_COUNT
};

/*
 * The big inserts say OR ROLLBACK: any failure rolls the import back anyway,
 * and a statement that cannot fail half-way needs no statement journal
 * (with one, every multi-row INSERT copied the pages it touched).
 */
static const char *const stmt_sql[ST_COUNT] = {
	[ST_SNAPSHOT_BY_SHA] = "SELECT id FROM snapshot WHERE sha256 = ?1",
	[ST_STRING_INS] = "INSERT OR IGNORE INTO string (text) VALUES (?1)",
	[ST_STRING_SEL] = "SELECT id FROM string WHERE text = ?1",
	[ST_STRING_TEXT] = "SELECT text FROM string WHERE id = ?1",
	[ST_MAPPING_INS] = "INSERT OR IGNORE INTO mapping (size, file_offset, "
	    "file, build_id, flags, ordinal) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_MAPPING_SEL] = "SELECT id FROM mapping WHERE size = ?1 AND "
	    "file_offset = ?2 AND file = ?3 AND build_id = ?4 AND flags = ?5 "
	    "AND ordinal = ?6",
	[ST_FUNCTION_INS] = "INSERT OR IGNORE INTO function (name, "
	    "system_name, filename, start_line) VALUES (?1, ?2, ?3, ?4)",
	[ST_FUNCTION_SEL] = "SELECT id FROM function WHERE name = ?1 AND "
	    "system_name = ?2 AND filename = ?3 AND start_line = ?4",
	[ST_LOCATION_INS] = "INSERT OR IGNORE INTO location (mapping, "
	    "address, folded, lines) VALUES (?1, ?2, ?3, ?4)",
	[ST_LOCATION_SEL] = "SELECT id FROM location WHERE mapping = ?1 AND "
	    "address = ?2 AND folded = ?3 AND lines = ?4",
	[ST_STACK_MAX] = "SELECT max(id) FROM stack",
	[ST_STACK_PROBE] = "SELECT hash, id, locs FROM stack WHERE hash IN (",
	[ST_STACK_INS] = "INSERT OR ROLLBACK INTO stack (id, hash, locs) "
	    "VALUES (?1, ?2, ?3)",
	[ST_STACK_INS_BATCH] = "INSERT OR ROLLBACK INTO stack (id, hash, locs) "
	    "VALUES ",
	[ST_SNAPSHOT_INS] = "INSERT INTO snapshot (sha256, path, format, kind, "
	    "program, time_nanos, duration_nanos, period, period_type, "
	    "period_unit, default_sample_type, drop_frames, keep_frames, "
	    "doc_url, file_mtime_ns, import_time, nsamples, nlabels) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
	    "?16, ?17, ?18)",
	[ST_TYPE_INS] = "INSERT INTO snapshot_type (snapshot, idx, type, unit, "
	    "total) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_COMMENT_INS] = "INSERT INTO snapshot_comment (snapshot, idx, text) "
	    "VALUES (?1, ?2, ?3)",
	[ST_LABEL_INS] = "INSERT INTO snapshot_label (snapshot, idx, key, "
	    "value) VALUES (?1, ?2, ?3, ?4)",
	[ST_SMAPPING_INS] = "INSERT INTO snapshot_mapping (snapshot, idx, "
	    "mapping, start) VALUES (?1, ?2, ?3, ?4)",
	[ST_SFUNCTION_INS] = "INSERT INTO snapshot_function (snapshot, idx, "
	    "function) VALUES (?1, ?2, ?3)",
	[ST_SLOCATION_INS] = "INSERT INTO snapshot_location (snapshot, idx, "
	    "location) VALUES (?1, ?2, ?3)",
	[ST_SAMPLE_INS] = "INSERT OR ROLLBACK INTO sample (snapshot, idx, "
	    "stack, vals, labels) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_SAMPLE_INS_BATCH] = "INSERT OR ROLLBACK INTO sample (snapshot, idx, "
	    "stack, vals, labels) VALUES ",
	[ST_SNAPSHOT_GET] = "SELECT time_nanos, duration_nanos, period, "
	    "period_type, period_unit, default_sample_type, drop_frames, "
	    "keep_frames, doc_url, nsamples, nlabels FROM snapshot "
	    "WHERE id = ?1",
	[ST_TYPES_GET] = "SELECT type, unit, total FROM snapshot_type "
	    "WHERE snapshot = ?1 ORDER BY idx",
	[ST_COMMENTS_GET] = "SELECT text FROM snapshot_comment "
	    "WHERE snapshot = ?1 ORDER BY idx",
	[ST_LABELS_GET] = "SELECT key, value FROM snapshot_label "
	    "WHERE snapshot = ?1 ORDER BY idx",
	[ST_MAPPINGS_GET] = "SELECT sm.mapping, sm.start, m.size, "
	    "m.file_offset, f.text, b.text, m.flags FROM snapshot_mapping AS sm "
	    "CROSS JOIN mapping AS m ON m.id = sm.mapping "
	    "CROSS JOIN string AS f ON f.id = m.file "
	    "CROSS JOIN string AS b ON b.id = m.build_id "
	    "WHERE sm.snapshot = ?1 ORDER BY sm.idx",
	[ST_FUNCTIONS_GET] = "SELECT sf.function, n.text, y.text, f.text, "
	    "fn.start_line FROM snapshot_function AS sf "
	    "CROSS JOIN function AS fn ON fn.id = sf.function "
	    "CROSS JOIN string AS n ON n.id = fn.name "
	    "CROSS JOIN string AS y ON y.id = fn.system_name "
	    "CROSS JOIN string AS f ON f.id = fn.filename "
	    "WHERE sf.snapshot = ?1 ORDER BY sf.idx",
	[ST_LOCATIONS_GET] = "SELECT sl.location, l.mapping, l.address, "
	    "l.folded, l.lines FROM snapshot_location AS sl "
	    "CROSS JOIN location AS l ON l.id = sl.location "
	    "WHERE sl.snapshot = ?1 ORDER BY sl.idx",
	[ST_SAMPLES_GET] = "SELECT stack, vals, labels FROM sample "
	    "WHERE snapshot = ?1 ORDER BY idx",
	[ST_STACK_RANGE] = "SELECT id, locs FROM stack WHERE id BETWEEN ?1 "
	    "AND ?2",
	[ST_LIST] = "SELECT id, path, sha256, format, kind, program, "
	    "time_nanos, file_mtime_ns, duration_nanos, import_time, nsamples "
	    "FROM snapshot ORDER BY CASE WHEN time_nanos != 0 THEN time_nanos "
	    "ELSE file_mtime_ns END, id",
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
};

/*
 * Statements over BATCH rows at once: stmt_sql is followed by BATCH copies
 * of the row text, comma-separated, then the tail.  Only "?" placeholders
 * are repeated; values are always bound.  Batching saves SQLite's
 * per-statement cost on the million-row tables.
 */
#define BATCH 64
static const struct {
	const char *row, *tail;
} stmt_batch[ST_COUNT] = {
	[ST_STACK_PROBE] = { "?", ")" },
	[ST_STACK_INS_BATCH] = { "(?, ?, ?)", "" },
	[ST_SAMPLE_INS_BATCH] = { "(?, ?, ?, ?, ?)", "" },
};

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmts[ST_COUNT];
};

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* A growable byte buffer. */
struct buf {
	unsigned char *p;
	size_t len, cap;
};

/* A read cursor over a blob; bad is set on truncated or overlong data. */
struct cursor {
	const unsigned char *p, *end;
	bool bad;
};

/* A map from store ids to model indices (open addressing). */
struct idmap {
	int64_t *keys;
	uint32_t *vals;		/* value + 1, 0 = empty */
	size_t nslots, count;
};

static void
buf_varint(struct buf *b, uint64_t v)
{
	ARRAY_RESERVE(b->p, b->len + 10, b->cap);
	while (v >= 0x80) {
		b->p[b->len++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	b->p[b->len++] = (unsigned char)v;
}

static void
buf_svarint(struct buf *b, int64_t v)
{
	buf_varint(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static void
cursor_init(struct cursor *c, const void *p, int len)
{
	static const unsigned char empty[1];

	/* SQLite gives NULL for an empty blob. */
	c->p = p != NULL ? p : empty;
	c->end = c->p + (p != NULL && len > 0 ? len : 0);
	c->bad = false;
}

static uint64_t
cursor_varint(struct cursor *c)
{
	uint64_t v = 0;
	unsigned shift;

	for (shift = 0; shift < 64; shift += 7) {
		if (c->p == c->end) {
			c->bad = true;
			return 0;
		}
		v |= (uint64_t)(*c->p & 0x7f) << shift;
		if ((*c->p++ & 0x80) == 0)
			return v;
	}
	c->bad = true;
	return 0;
}

static int64_t
cursor_svarint(struct cursor *c)
{
	uint64_t u = cursor_varint(c);

	return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

static void
idmap_init(struct idmap *m, size_t expect)
{
	m->nslots = 64;
	while (m->nslots < expect * 2)
		m->nslots *= 2;
	m->keys = xmalloc(m->nslots * sizeof *m->keys);
	m->vals = xcalloc(m->nslots, sizeof *m->vals);
	m->count = 0;
}

static void
idmap_done(struct idmap *m)
{
	free(m->keys);
	free(m->vals);
}

static size_t
idmap_slot(const struct idmap *m, int64_t key)
{
	size_t mask = m->nslots - 1, j = hash_u64(0, (uint64_t)key) & mask;

	while (m->vals[j] != 0 && m->keys[j] != key)
		j = (j + 1) & mask;
	return j;
}

static bool
idmap_get(const struct idmap *m, int64_t key, uint32_t *val)
{
	size_t j = idmap_slot(m, key);

	if (m->vals[j] == 0)
		return false;
	*val = m->vals[j] - 1;
	return true;
}

/* Add key -> val unless key is present. */
static void
idmap_put(struct idmap *m, int64_t key, uint32_t val)
{
	size_t j = idmap_slot(m, key), i;

	if (m->vals[j] != 0)
		return;
	m->keys[j] = key;
	m->vals[j] = val + 1;
	if (++m->count * 2 <= m->nslots)
		return;

	{
		int64_t *ok = m->keys;
		uint32_t *ov = m->vals;
		size_t on = m->nslots;

		m->nslots *= 2;
		m->keys = xmalloc(m->nslots * sizeof *m->keys);
		m->vals = xcalloc(m->nslots, sizeof *m->vals);
		for (i = 0; i < on; i++) {
			if (ov[i] == 0)
				continue;
			j = idmap_slot(m, ok[i]);
			m->keys[j] = ok[i];
			m->vals[j] = ov[i];
		}
		free(ok);
		free(ov);
	}
}

/* Fill *cause with the store's name, what failed and SQLite's message. */
static int
store_fail(store *s, const char *what, char **cause)
{
	*cause = xasprintf("store %s: %s: %s", s->path, what,
	    sqlite3_errmsg(s->db));
	return -1;
}

/* The statement id, prepared on first use, reset with no bindings. */
static sqlite3_stmt *
stmt_get(store *s, enum stmt_id id, char **cause)
{
	sqlite3_stmt *st = s->stmts[id];

	if (st == NULL) {
		const char *sql = stmt_sql[id];
		char *batch = NULL;
		int rc;

		if (stmt_batch[id].row != NULL) {
			size_t head = strlen(sql), row = strlen(stmt_batch[id].row);
			size_t len = head, i;

			batch = xmalloc(head + BATCH * (row + 1) +
			    strlen(stmt_batch[id].tail) + 1);
			memcpy(batch, sql, head);
			for (i = 0; i < BATCH; i++) {
				if (i > 0)
					batch[len++] = ',';
				memcpy(batch + len, stmt_batch[id].row, row);
				len += row;
			}
			strcpy(batch + len, stmt_batch[id].tail);
			sql = batch;
		}
		rc = sqlite3_prepare_v3(s->db, sql, -1,
		    SQLITE_PREPARE_PERSISTENT, &st, NULL);
		free(batch);
		if (rc != SQLITE_OK) {
			store_fail(s, "preparing a statement", cause);
			return NULL;
		}
		s->stmts[id] = st;
		return st;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

/* Run a statement that returns no rows; then reset it. */
static int
stmt_run(store *s, sqlite3_stmt *st, const char *what, char **cause)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(s, what, cause);
	return 0;
}

/* Run a statement by id with no parameters. */
static int
stmt_exec(store *s, enum stmt_id id, const char *what, char **cause)
{
	sqlite3_stmt *st = stmt_get(s, id, cause);

	if (st == NULL)
		return -1;
	return stmt_run(s, st, what, cause);
}

static void
bind_str(sqlite3_stmt *st, int i, const char *text)
{
	sqlite3_bind_text(st, i, text != NULL ? text : "", -1, SQLITE_STATIC);
}

/* Bind bytes as a blob (a zero-length blob, never NULL, when len is 0). */
static void
bind_bytes(sqlite3_stmt *st, int i, const void *p, size_t len)
{
	sqlite3_bind_blob(st, i, len > 0 ? p : "", (int)len, SQLITE_STATIC);
}

static const char *
column_str(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t != NULL ? (const char *)t : "";
}

/*
 * With ins (INSERT OR IGNORE) and sel (SELECT id) bound to the same key, get
 * the id of the row with that key, adding it if there is none.
 */
static int
row_id(store *s, sqlite3_stmt *ins, sqlite3_stmt *sel, int64_t *id,
    const char *what, char **cause)
{
	int rc;

	if (stmt_run(s, ins, what, cause) != 0)
		return -1;
	if (sqlite3_changes(s->db) > 0) {
		*id = sqlite3_last_insert_rowid(s->db);
		return 0;
	}
	rc = sqlite3_step(sel);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			*cause = xasprintf("store %s: %s: row vanished",
			    s->path, what);
		else
			store_fail(s, what, cause);
		sqlite3_reset(sel);
		return -1;
	}
	*id = sqlite3_column_int64(sel, 0);
	sqlite3_reset(sel);
	return 0;
}

/* Read an integer PRAGMA (pragma names are constants, never values). */
static int
store_pragma_int(store *s, const char *sql, int64_t *v)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	return 0;
}

/* The message for a file SQLite cannot use as a store. */
static void
store_open_error(store *s, char **cause)
{
	int code = sqlite3_errcode(s->db);

	if (code == SQLITE_NOTADB)
		*cause = xasprintf("store %s is not a heapdiff store (not an "
		    "SQLite database)", s->path);
	else
		store_fail(s, "cannot open", cause);
}

/*
 * Bring the store to STORE_SCHEMA_VERSION: refuse a newer one or a
 * database that is not a store, and apply migrations in one transaction.
 */
static int
store_migrate(store *s, char **cause)
{
	int64_t version, appid, ntables;
	char *err = NULL;

	if (store_pragma_int(s, "PRAGMA user_version", &version) != 0 ||
	    store_pragma_int(s, "PRAGMA application_id", &appid) != 0) {
		store_open_error(s, cause);
		return -1;
	}
	if (appid != 0 && appid != STORE_APPLICATION_ID) {
		*cause = xasprintf("store %s is not a heapdiff store "
		    "(application_id %lld)", s->path, (long long)appid);
		return -1;
	}
	if (version > STORE_SCHEMA_VERSION) {
		*cause = xasprintf("store %s was written by a newer heapdiff "
		    "(schema %lld, this one knows %d)", s->path,
		    (long long)version, STORE_SCHEMA_VERSION);
		return -1;
	}
	if (version == STORE_SCHEMA_VERSION)
		return 0;

	if (stmt_exec(s, ST_BEGIN, "starting the schema upgrade", cause) != 0)
		return -1;
	/* Another process may have upgraded it while we waited. */
	if (store_pragma_int(s, "PRAGMA user_version", &version) != 0 ||
	    store_pragma_int(s, "SELECT count(*) FROM sqlite_master",
	    &ntables) != 0) {
		store_fail(s, "reading the schema", cause);
		goto fail;
	}
	if (version == 0 && ntables != 0) {
		*cause = xasprintf("store %s is an SQLite database but not a "
		    "heapdiff store", s->path);
		goto fail;
	}
	for (; version < STORE_SCHEMA_VERSION; version++) {
		if (sqlite3_exec(s->db, migrations[version], NULL, NULL,
		    &err) != SQLITE_OK) {
			*cause = xasprintf("store %s: upgrading schema %lld: %s",
			    s->path, (long long)version, err ? err : "?");
			sqlite3_free(err);
			goto fail;
		}
	}
	if (stmt_exec(s, ST_COMMIT, "committing the schema upgrade",
	    cause) != 0)
		goto fail;
	return 0;

fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

store *
store_open(const char *path, char **cause)
{
	store *s = xcalloc(1, sizeof *s);
	sqlite3_stmt *st;
	bool wal;

	s->path = xstrdup(path);
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		if (s->db == NULL)
			*cause = xasprintf("store %s: out of memory", path);
		else
			store_fail(s, "cannot open", cause);
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 0);
	sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);

	/* WAL lets readers run while an import writes; switching needs no
	 * transaction, so do it only when the store is not in WAL yet. */
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode", -1, &st,
	    NULL) != SQLITE_OK) {
		store_open_error(s, cause);
		goto fail;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		store_open_error(s, cause);
		goto fail;
	}
	wal = strcmp(column_str(st, 0), "wal") == 0;
	sqlite3_finalize(st);
	if (store_migrate(s, cause) != 0)
		goto fail;
	if (!wal && sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL,
	    NULL, NULL) != SQLITE_OK) {
		store_fail(s, "switching to WAL", cause);
		goto fail;
	}
	/* Durable at checkpoints, atomic always; a page cache that holds the
	 * stack index of a large import; a WAL cut back to 64 MiB after a
	 * large import; reads from a memory map (SQLite caps it at its
	 * compiled maximum). */
	if (sqlite3_exec(s->db, "PRAGMA synchronous = NORMAL;"
	    "PRAGMA cache_size = -131072;"
	    "PRAGMA journal_size_limit = 67108864;"
	    "PRAGMA mmap_size = 2147418112", NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(s, "setting pragmas", cause);
		goto fail;
	}
	return s;

fail:
	store_close(s);
	return NULL;
}

void
store_close(store *s)
{
	int i;

	if (s == NULL)
		return;
	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->stmts[i]);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

const char *
store_kind_of(const struct profile *p)
{
	static const struct {
		const char *type, *kind;
	} kinds[] = {
		{ "alloc_space", "heap" }, { "alloc_objects", "heap" },
		{ "inuse_space", "heap" }, { "inuse_objects", "heap" },
		{ "space", "heap" }, { "objects", "heap" },
		{ "goroutine", "goroutine" },
		{ "cpu", "cpu" },
		{ "contentions", "contention" }, { "delay", "contention" },
		{ "threadcreate", "threadcreate" },
	};
	uint32_t i;
	size_t k;

	for (i = 0; i < p->ntypes; i++) {
		const char *t = profile_str(p, p->sample_types[i].type);

		for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
			if (strcmp(t, kinds[k].type) == 0)
				return kinds[k].kind;
	}
	return p->ntypes > 0 ? profile_str(p, p->sample_types[0].type) : "";
}

/* Check every index and string id of p, so a bad profile writes nothing. */
static int
profile_check(const struct profile *p, char **cause)
{
	uint32_t nstr = strpool_count(p->strings), i, j;
	size_t k;

#define BADSTR(x) ((x) >= nstr)
	for (i = 0; i < p->nmappings; i++)
		if (BADSTR(p->mappings[i].file) || BADSTR(p->mappings[i].build_id))
			goto badstr;
	for (i = 0; i < p->nfunctions; i++) {
		const struct prof_function *f = &p->functions[i];

		if (BADSTR(f->name) || BADSTR(f->system_name) ||
		    BADSTR(f->filename))
			goto badstr;
	}
	for (i = 0; i < p->nlocations; i++) {
		const struct prof_location *l = &p->locations[i];

		if (l->mapping != PROF_NONE && l->mapping >= p->nmappings) {
			*cause = xasprintf("location %u refers to mapping %u "
			    "of %u", i, l->mapping, p->nmappings);
			return -1;
		}
		if (l->first_line > p->nlines ||
		    l->nlines > p->nlines - l->first_line) {
			*cause = xasprintf("location %u has lines out of "
			    "range", i);
			return -1;
		}
		for (j = 0; j < l->nlines; j++) {
			uint32_t f = p->lines[l->first_line + j].function;

			if (f >= p->nfunctions) {
				*cause = xasprintf("location %u refers to "
				    "function %u of %u", i, f, p->nfunctions);
				return -1;
			}
		}
	}
	for (i = 0; i < p->nstacks; i++) {
		const uint32_t *locs = profile_stack(p, i);

		for (j = 0; j < profile_stack_depth(p, i); j++) {
			if (locs[j] >= p->nlocations) {
				*cause = xasprintf("stack %u refers to "
				    "location %u of %u", i, locs[j],
				    p->nlocations);
				return -1;
			}
		}
	}
	for (k = 0; k < p->nsamples; k++) {
		if (p->sample_stack[k] >= p->nstacks) {
			*cause = xasprintf("sample %zu refers to stack %u "
			    "of %u", k, p->sample_stack[k], p->nstacks);
			return -1;
		}
	}
	for (k = 0; k < p->nlabels; k++) {
		const struct prof_label *l = &p->labels[k];

		if (BADSTR(l->key) || BADSTR(l->str) || BADSTR(l->num_unit))
			goto badstr;
	}
	for (i = 0; i < p->ntypes; i++)
		if (BADSTR(p->sample_types[i].type) ||
		    BADSTR(p->sample_types[i].unit))
			goto badstr;
	for (i = 0; i < p->ncomments; i++)
		if (BADSTR(p->comments[i]))
			goto badstr;
	if (BADSTR(p->period_type.type) || BADSTR(p->period_type.unit) ||
	    BADSTR(p->default_sample_type) || BADSTR(p->drop_frames) ||
	    BADSTR(p->keep_frames) || BADSTR(p->doc_url))
		goto badstr;
#undef BADSTR
	return 0;

badstr:
	*cause = xasprintf("profile refers to a string id out of range");
	return -1;
}

/* What one import carries from step to step. */
struct import {
	store *s;
	const struct profile *p;
	int64_t snap;
	int64_t *strmap;	/* profile strid -> string id, -1 unused */
	int64_t *mapmap;	/* profile mapping -> mapping id */
	int64_t *funcmap;	/* profile function -> function id */
	int64_t *locmap;	/* profile location -> location id */
	int64_t *stackmap;	/* profile stack -> stack id */
	struct buf buf;
};

/* A string to store, and which profile strid it is. */
struct strref {
	const char *p;
	size_t len;
	strid idx;
};

/* Order as SQLite's BINARY collation does: bytes, then length. */
static int
strref_cmp(const void *a, const void *b)
{
	const struct strref *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = n > 0 ? memcmp(x->p, y->p, n) : 0;

	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

/*
 * Store every string the profile's tables and labels use (strings such as
 * sample type names, kept in snapshot tables as text, are not needed here),
 * in sorted order so that the UNIQUE index is walked once.
 */
static int
import_strings(struct import *im, char **cause)
{
	const struct profile *p = im->p;
	uint32_t nstr = strpool_count(p->strings), i;
	struct strref *refs;
	sqlite3_stmt *ins, *sel;
	size_t n = 0, k;
	int rc = -1;

	im->strmap = xmalloc(nstr * sizeof *im->strmap);
	for (i = 0; i < nstr; i++)
		im->strmap[i] = -1;
#define USE(x) (im->strmap[(x)] = 0)
	for (i = 0; i < p->nmappings; i++) {
		USE(p->mappings[i].file);
		USE(p->mappings[i].build_id);
	}
	for (i = 0; i < p->nfunctions; i++) {
		USE(p->functions[i].name);
		USE(p->functions[i].system_name);
		USE(p->functions[i].filename);
	}
	for (k = 0; k < p->nlabels; k++) {
		USE(p->labels[k].key);
		USE(p->labels[k].str);
		USE(p->labels[k].num_unit);
	}
#undef USE
	im->strmap[0] = 0;

	if ((ins = stmt_get(im->s, ST_STRING_INS, cause)) == NULL ||
	    (sel = stmt_get(im->s, ST_STRING_SEL, cause)) == NULL)
		return -1;
	refs = xmalloc((nstr ? nstr : 1) * sizeof *refs);
	for (i = 1; i < nstr; i++) {
		if (im->strmap[i] == -1)
			continue;
		refs[n].p = profile_str(p, i);
		refs[n].len = strpool_len(p->strings, i);
		refs[n].idx = i;
		n++;
	}
	qsort(refs, n, sizeof *refs, strref_cmp);
	for (k = 0; k < n; k++) {
		sqlite3_bind_text(ins, 1, refs[k].p, (int)refs[k].len,
		    SQLITE_STATIC);
		sqlite3_bind_text(sel, 1, refs[k].p, (int)refs[k].len,
		    SQLITE_STATIC);
		if (row_id(im->s, ins, sel, &im->strmap[refs[k].idx],
		    "adding strings", cause) != 0)
			goto out;
	}
	rc = 0;
out:
	sqlite3_clear_bindings(ins);
	sqlite3_clear_bindings(sel);
	free(refs);
	return rc;
}

/* A mapping's identity in the store, in string ids. */
struct mapping_key {
	int64_t size, offset, file, build_id, flags;
	uint32_t idx;
};

static int
mapping_key_cmp(const void *a, const void *b)
{
	const struct mapping_key *x = a, *y = b;

#define CMP(f) if (x->f != y->f) return x->f < y->f ? -1 : 1
	CMP(file);
	CMP(build_id);
	CMP(offset);
	CMP(size);
	CMP(flags);
	CMP(idx);
#undef CMP
	return 0;
}

static int
import_mappings(struct import *im, char **cause)
{
	const struct profile *p = im->p;
	store *s = im->s;
	struct mapping_key *keys;
	sqlite3_stmt *ins, *sel, *sm;
	int64_t ordinal = 0;
	uint32_t i;
	int k, rc = -1;

	im->mapmap = xcalloc(p->nmappings + 1, sizeof *im->mapmap);
	if ((ins = stmt_get(s, ST_MAPPING_INS, cause)) == NULL ||
	    (sel = stmt_get(s, ST_MAPPING_SEL, cause)) == NULL ||
	    (sm = stmt_get(s, ST_SMAPPING_INS, cause)) == NULL)
		return -1;
	keys = xcalloc(p->nmappings + 1, sizeof *keys);
	for (i = 0; i < p->nmappings; i++) {
		const struct prof_mapping *m = &p->mappings[i];

		keys[i].size = (int64_t)(m->limit - m->start);
		keys[i].offset = (int64_t)m->offset;
		keys[i].file = im->strmap[m->file];
		keys[i].build_id = im->strmap[m->build_id];
		keys[i].flags = (m->has_functions ? 1 : 0) |
		    (m->has_filenames ? 2 : 0) |
		    (m->has_line_numbers ? 4 : 0) |
		    (m->has_inline_frames ? 8 : 0);
		keys[i].idx = i;
	}
	/* Equal mappings of one profile get ordinals 0, 1, ... in order. */
	qsort(keys, p->nmappings, sizeof *keys, mapping_key_cmp);
	for (i = 0; i < p->nmappings; i++) {
		const struct mapping_key *mk = &keys[i];
		int64_t v[6];

		if (i > 0 && mk->file == keys[i - 1].file &&
		    mk->build_id == keys[i - 1].build_id &&
		    mk->offset == keys[i - 1].offset &&
		    mk->size == keys[i - 1].size &&
		    mk->flags == keys[i - 1].flags)
			ordinal++;
		else
			ordinal = 0;
		v[0] = mk->size;
		v[1] = mk->offset;
		v[2] = mk->file;
		v[3] = mk->build_id;
		v[4] = mk->flags;
		v[5] = ordinal;
		for (k = 0; k < 6; k++) {
			sqlite3_bind_int64(ins, k + 1, v[k]);
			sqlite3_bind_int64(sel, k + 1, v[k]);
		}
		if (row_id(s, ins, sel, &im->mapmap[mk->idx], "adding mappings",
		    cause) != 0)
			goto out;
	}
	sqlite3_bind_int64(sm, 1, im->snap);
	for (i = 0; i < p->nmappings; i++) {
		sqlite3_bind_int64(sm, 2, i);
		sqlite3_bind_int64(sm, 3, im->mapmap[i]);
		sqlite3_bind_int64(sm, 4, (int64_t)p->mappings[i].start);
		if (stmt_run(s, sm, "adding mappings", cause) != 0)
			goto out;
	}
	rc = 0;
out:
	free(keys);
	return rc;
}

static int
import_functions(struct import *im, char **cause)
{
	const struct profile *p = im->p;
	store *s = im->s;
	sqlite3_stmt *ins, *sel, *sf;
	uint32_t i;
	int k;

	im->funcmap = xcalloc(p->nfunctions + 1, sizeof *im->funcmap);
	if ((ins = stmt_get(s, ST_FUNCTION_INS, cause)) == NULL ||
	    (sel = stmt_get(s, ST_FUNCTION_SEL, cause)) == NULL ||
	    (sf = stmt_get(s, ST_SFUNCTION_INS, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(sf, 1, im->snap);
	for (i = 0; i < p->nfunctions; i++) {
		const struct prof_function *f = &p->functions[i];
		int64_t v[4];

		v[0] = im->strmap[f->name];
		v[1] = im->strmap[f->system_name];
		v[2] = im->strmap[f->filename];
		v[3] = f->start_line;
		for (k = 0; k < 4; k++) {
			sqlite3_bind_int64(ins, k + 1, v[k]);
			sqlite3_bind_int64(sel, k + 1, v[k]);
		}
		if (row_id(s, ins, sel, &im->funcmap[i], "adding functions",
		    cause) != 0)
			return -1;
		sqlite3_bind_int64(sf, 2, i);
		sqlite3_bind_int64(sf, 3, im->funcmap[i]);
		if (stmt_run(s, sf, "adding functions", cause) != 0)
			return -1;
	}
	return 0;
}

static int
import_locations(struct import *im, char **cause)
{
	const struct profile *p = im->p;
	store *s = im->s;
	sqlite3_stmt *ins, *sel, *sl;
	uint32_t i, j;
	int k;

	im->locmap = xcalloc(p->nlocations + 1, sizeof *im->locmap);
	if ((ins = stmt_get(s, ST_LOCATION_INS, cause)) == NULL ||
	    (sel = stmt_get(s, ST_LOCATION_SEL, cause)) == NULL ||
	    (sl = stmt_get(s, ST_SLOCATION_INS, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(sl, 1, im->snap);
	for (i = 0; i < p->nlocations; i++) {
		const struct prof_location *l = &p->locations[i];
		int64_t v[3];

		im->buf.len = 0;
		for (j = 0; j < l->nlines; j++) {
			const struct prof_line *ln = &p->lines[l->first_line + j];

			buf_varint(&im->buf, (uint64_t)im->funcmap[ln->function]);
			buf_svarint(&im->buf, ln->line);
			buf_svarint(&im->buf, ln->column);
		}
		if (l->mapping == PROF_NONE) {
			v[0] = 0;
			v[1] = (int64_t)l->address;
		} else {
			v[0] = im->mapmap[l->mapping];
			v[1] = (int64_t)(l->address -
			    p->mappings[l->mapping].start);
		}
		v[2] = l->is_folded;
		for (k = 0; k < 3; k++) {
			sqlite3_bind_int64(ins, k + 1, v[k]);
			sqlite3_bind_int64(sel, k + 1, v[k]);
		}
		bind_bytes(ins, 4, im->buf.p, im->buf.len);
		bind_bytes(sel, 4, im->buf.p, im->buf.len);
		if (row_id(s, ins, sel, &im->locmap[i], "adding locations",
		    cause) != 0)
			return -1;
		sqlite3_bind_int64(sl, 2, i);
		sqlite3_bind_int64(sl, 3, im->locmap[i]);
		if (stmt_run(s, sl, "adding locations", cause) != 0)
			return -1;
	}
	sqlite3_clear_bindings(ins);
	sqlite3_clear_bindings(sel);
	return 0;
}

/*
 * The hash that finds a stack: 64-bit FNV-1a over the locs blob, stored as
 * a signed integer.  Part of the schema: changing it breaks deduplication
 * of stacks already stored.
 */
static int64_t
stack_hash(const unsigned char *p, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return (int64_t)h;
}

/* An index sorted by a 64-bit key. */
/* What import_stacks works on: packed stacks sorted by hash. */
struct stackset {
	struct keyed *refs;	/* key: hash ^ sign bit (sorts as the
				   signed hash), val: profile stack */
	unsigned char *blobs;	/* in the order of refs */
	size_t *off;		/* by position in refs; n + 1 entries */
	int64_t *ids;		/* by position in refs; 0 = not yet known */
	size_t n;
};

static bool
stackset_same(const struct stackset *ss, size_t a, size_t b)
{
	size_t len = ss->off[a + 1] - ss->off[a];

	return ss->refs[a].key == ss->refs[b].key &&
	    len == ss->off[b + 1] - ss->off[b] &&
	    memcmp(ss->blobs + ss->off[a], ss->blobs + ss->off[b], len) == 0;
}

/*
 * Find the stored ids of stacks in refs[from, to) (BATCH distinct hashes at
 * most) with one SELECT ... WHERE hash IN (...).
 */
static int
stacks_probe(store *s, sqlite3_stmt *st, struct stackset *ss, size_t from,
    size_t to, char **cause)
{
	size_t i, lo, hi, mid;
	int k = 0, rc;

	for (i = from; i < to; i++)
		if (i == from || ss->refs[i].key != ss->refs[i - 1].key)
			sqlite3_bind_int64(st, ++k,
			    (int64_t)(ss->refs[i].key ^ (1ULL << 63)));
	for (; k < BATCH; k++)	/* pad with a repeat of the last hash */
		sqlite3_bind_int64(st, k + 1,
		    (int64_t)(ss->refs[to - 1].key ^ (1ULL << 63)));

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		uint64_t key = (uint64_t)sqlite3_column_int64(st, 0) ^
		    (1ULL << 63);
		const void *blob = sqlite3_column_blob(st, 2);
		size_t len = (size_t)sqlite3_column_bytes(st, 2);

		lo = from;
		hi = to;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (ss->refs[mid].key < key)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (i = lo; i < to && ss->refs[i].key == key; i++)
			if (ss->off[i + 1] - ss->off[i] == len && (len == 0 ||
			    memcmp(ss->blobs + ss->off[i], blob, len) == 0))
				ss->ids[i] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "looking up stacks", cause);
	return 0;
}

/* Add stacks refs[pos[0..n)] with ids ss->ids[pos[i]]: n is 1 or BATCH. */
static int
stacks_insert(store *s, sqlite3_stmt *st, const struct stackset *ss,
    const size_t *pos, size_t n, char **cause)
{
	size_t i;

	for (i = 0; i < n; i++) {
		size_t x = pos[i];

		sqlite3_bind_int64(st, (int)(3 * i + 1), ss->ids[x]);
		sqlite3_bind_int64(st, (int)(3 * i + 2),
		    (int64_t)(ss->refs[x].key ^ (1ULL << 63)));
		bind_bytes(st, (int)(3 * i + 3), ss->blobs + ss->off[x],
		    ss->off[x + 1] - ss->off[x]);
	}
	return stmt_run(s, st, "adding stacks", cause);
}

/*
 * Give every profile stack its stored id.  Stacks are packed in stored
 * location ids and sorted by hash in memory; the hashes already stored are
 * looked up BATCH at a time (not at all in an empty store), and the new
 * stacks are appended with ids we choose (we hold the write lock), BATCH
 * rows per INSERT.  So (hash, locs) is unique by construction, without a
 * UNIQUE index on the blobs.
 */
static int
import_stacks(struct import *im, char **cause)
{
	const struct profile *p = im->p;
	store *s = im->s;
	struct stackset ss;
	sqlite3_stmt *st, *one = NULL, *many = NULL;
	size_t *off, *queue, nqueue = 0, i, j, ndistinct;
	int64_t maxid;
	uint32_t k;
	int rc = -1;

	/* Pack every stack in stored location ids. */
	off = xmalloc(((size_t)p->nstacks + 1) * sizeof *off);
	im->buf.len = 0;
	for (k = 0; k < p->nstacks; k++) {
		const uint32_t *locs = profile_stack(p, k);
		uint32_t d;

		off[k] = im->buf.len;
		for (d = 0; d < profile_stack_depth(p, k); d++)
			buf_varint(&im->buf, (uint64_t)im->locmap[locs[d]]);
	}
	off[p->nstacks] = im->buf.len;

	memset(&ss, 0, sizeof ss);
	ss.n = p->nstacks;
	ss.refs = xmalloc((ss.n + 1) * sizeof *ss.refs);
	ss.ids = xcalloc(ss.n + 1, sizeof *ss.ids);
	queue = xmalloc(BATCH * sizeof *queue);
	for (k = 0; k < p->nstacks; k++) {
		ss.refs[k].key = (uint64_t)stack_hash(im->buf.p + off[k],
		    off[k + 1] - off[k]) ^ (1ULL << 63);
		ss.refs[k].val = k;
	}
	keyed_sort(ss.refs, ss.n);

	/* Lay the blobs out in hash order, so that SQLite reads them in
	 * order below: one gathering pass (prefetched) instead of a cache
	 * miss in every INSERT. */
	ss.blobs = xmalloc(im->buf.len + 1);
	ss.off = xmalloc((ss.n + 1) * sizeof *ss.off);
	for (i = 0, j = 0; i < ss.n; i++) {
		uint64_t x = ss.refs[i].val;

		if (i + 16 < ss.n)
			PREFETCH(&off[ss.refs[i + 16].val]);
		if (i + 8 < ss.n)
			PREFETCH(im->buf.p + off[ss.refs[i + 8].val]);
		ss.off[i] = j;
		memcpy(ss.blobs + j, im->buf.p + off[x], off[x + 1] - off[x]);
		j += off[x + 1] - off[x];
	}
	ss.off[ss.n] = j;
	free(off);
	off = NULL;

	if ((st = stmt_get(s, ST_STACK_MAX, cause)) == NULL)
		goto out;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		store_fail(s, "looking up stacks", cause);
		goto out;
	}
	maxid = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);

	if (maxid > 0) {
		if ((st = stmt_get(s, ST_STACK_PROBE, cause)) == NULL)
			goto out;
		for (i = 0; i < ss.n; i = j) {
			ndistinct = 0;
			for (j = i; j < ss.n; j++) {
				if (j == i || ss.refs[j].key != ss.refs[j - 1].key)
					ndistinct++;
				if (ndistinct > BATCH)
					break;
			}
			if (stacks_probe(s, st, &ss, i, j, cause) != 0)
				goto out;
		}
		sqlite3_clear_bindings(st);
	}

	/* New ids in hash order: the table and its index are both appended
	 * to.  A new stack equal to an earlier one of this profile (two
	 * profile locations stored as one) is in the same run of equal hashes
	 * and shares its id. */
	if ((one = stmt_get(s, ST_STACK_INS, cause)) == NULL ||
	    (many = stmt_get(s, ST_STACK_INS_BATCH, cause)) == NULL)
		goto out;
	for (i = 0; i < ss.n; i++) {
		if (ss.ids[i] != 0)
			continue;
		for (j = i; j > 0 && ss.refs[j - 1].key == ss.refs[i].key; j--)
			if (stackset_same(&ss, j - 1, i))
				break;
		if (j > 0 && ss.refs[j - 1].key == ss.refs[i].key) {
			ss.ids[i] = ss.ids[j - 1];
			continue;
		}
		ss.ids[i] = ++maxid;
		queue[nqueue++] = i;
		if (nqueue == BATCH) {
			if (stacks_insert(s, many, &ss, queue, BATCH, cause) != 0)
				goto out;
			nqueue = 0;
		}
	}
	for (i = 0; i < nqueue; i++)
		if (stacks_insert(s, one, &ss, &queue[i], 1, cause) != 0)
			goto out;

	im->stackmap = xcalloc(ss.n + 1, sizeof *im->stackmap);
	for (i = 0; i < ss.n; i++)
		im->stackmap[ss.refs[i].val] = ss.ids[i];
	rc = 0;
out:
	if (many != NULL)
		sqlite3_clear_bindings(many);
	if (one != NULL)
		sqlite3_clear_bindings(one);
	free(queue);
	free(ss.blobs);
	free(ss.off);
	free(ss.refs);
	free(ss.ids);
	free(off);
	return rc;
}

/* Encode sample i's values and labels at the end of b; *vlen, *llen get
 * their lengths. */
static void
sample_encode(const struct import *im, size_t i, struct buf *b,
    size_t *vlen, size_t *llen)
{
	const struct profile *p = im->p;
	const int64_t *v = p->values + i * p->ntypes;
	size_t start = b->len, k;
	uint32_t t;

	for (t = 0; t < p->ntypes; t++)
		buf_svarint(b, v[t]);
	*vlen = b->len - start;
	start = b->len;
	for (k = p->label_start[i]; k < p->label_start[i + 1]; k++) {
		const struct prof_label *l = &p->labels[k];

		buf_varint(b, (uint64_t)im->strmap[l->key]);
		buf_varint(b, (uint64_t)im->strmap[l->str]);
		buf_svarint(b, l->num);
		buf_varint(b, (uint64_t)im->strmap[l->num_unit]);
	}
	*llen = b->len - start;
}

/* Bind samples [first, first + n) to st (n rows of 5 parameters). */
static void
samples_bind(const struct import *im, sqlite3_stmt *st, size_t first,
    size_t n, struct buf *b)
{
	size_t vlen[BATCH], llen[BATCH], i, at;

	b->len = 0;
	for (i = 0; i < n; i++)
		sample_encode(im, first + i, b, &vlen[i], &llen[i]);
	/* Bind only now: encoding may have moved the buffer. */
	for (i = 0, at = 0; i < n; i++) {
		int c = (int)(5 * i);

		sqlite3_bind_int64(st, c + 1, im->snap);
		sqlite3_bind_int64(st, c + 2, (int64_t)(first + i));
		sqlite3_bind_int64(st, c + 3,
		    im->stackmap[im->p->sample_stack[first + i]]);
		bind_bytes(st, c + 4, b->p + at, vlen[i]);
		at += vlen[i];
		if (llen[i] == 0)
			sqlite3_bind_null(st, c + 5);
		else
			bind_bytes(st, c + 5, b->p + at, llen[i]);
		at += llen[i];
	}
}

static int
import_samples(struct import *im, char **cause)
{
	const struct profile *p = im->p;
	store *s = im->s;
	sqlite3_stmt *one, *many;
	size_t i;
	int rc = -1;

	if ((one = stmt_get(s, ST_SAMPLE_INS, cause)) == NULL ||
	    (many = stmt_get(s, ST_SAMPLE_INS_BATCH, cause)) == NULL)
		return -1;
	for (i = 0; i + BATCH <= p->nsamples; i += BATCH) {
		samples_bind(im, many, i, BATCH, &im->buf);
		if (stmt_run(s, many, "adding samples", cause) != 0)
			goto out;
	}
	for (; i < p->nsamples; i++) {
		samples_bind(im, one, i, 1, &im->buf);
		if (stmt_run(s, one, "adding samples", cause) != 0)
			goto out;
	}
	rc = 0;
out:
	sqlite3_clear_bindings(one);
	sqlite3_clear_bindings(many);
	return rc;
}

static void
sha256_hex(const unsigned char *sha, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[sha[i] >> 4];
		hex[2 * i + 1] = digits[sha[i] & 15];
	}
	hex[64] = '\0';
}

/* The base name of the main (first) mapping's file, or "". */
static const char *
profile_program(const struct profile *p)
{
	const char *file, *slash;

	if (p->nmappings == 0)
		return "";
	file = profile_str(p, p->mappings[0].file);
	slash = strrchr(file, '/');
	return slash != NULL ? slash + 1 : file;
}

/* The snapshot row and its small tables: types, comments, user labels. */
static int
import_snapshot(struct import *im, const struct snapshot_meta *meta,
    const char *hex, char **cause)
{
	const struct profile *p = im->p;
	store *s = im->s;
	sqlite3_stmt *st;
	int64_t *totals;
	uint32_t i;
	size_t k;
	int rc = -1;

	if ((st = stmt_get(s, ST_SNAPSHOT_INS, cause)) == NULL)
		return -1;
	bind_str(st, 1, hex);
	bind_str(st, 2, meta->path);
	bind_str(st, 3, meta->format);
	bind_str(st, 4, meta->kind != NULL ? meta->kind : store_kind_of(p));
	bind_str(st, 5, profile_program(p));
	sqlite3_bind_int64(st, 6, p->time_nanos);
	sqlite3_bind_int64(st, 7, p->duration_nanos);
	sqlite3_bind_int64(st, 8, p->period);
	bind_str(st, 9, profile_str(p, p->period_type.type));
	bind_str(st, 10, profile_str(p, p->period_type.unit));
	bind_str(st, 11, profile_str(p, p->default_sample_type));
	bind_str(st, 12, profile_str(p, p->drop_frames));
	bind_str(st, 13, profile_str(p, p->keep_frames));
	bind_str(st, 14, profile_str(p, p->doc_url));
	sqlite3_bind_int64(st, 15, meta->file_mtime_ns);
	sqlite3_bind_int64(st, 16, (int64_t)time(NULL));
	sqlite3_bind_int64(st, 17, (int64_t)p->nsamples);
	sqlite3_bind_int64(st, 18, (int64_t)p->nlabels);
	if (stmt_run(s, st, "adding the snapshot", cause) != 0)
		return -1;
	im->snap = sqlite3_last_insert_rowid(s->db);

	if ((st = stmt_get(s, ST_TYPE_INS, cause)) == NULL)
		return -1;
	totals = profile_totals(p);
	sqlite3_bind_int64(st, 1, im->snap);
	for (i = 0; i < p->ntypes; i++) {
		sqlite3_bind_int64(st, 2, i);
		bind_str(st, 3, profile_str(p, p->sample_types[i].type));
		bind_str(st, 4, profile_str(p, p->sample_types[i].unit));
		sqlite3_bind_int64(st, 5, totals[i]);
		if (stmt_run(s, st, "adding sample types", cause) != 0)
			goto out;
	}

	if ((st = stmt_get(s, ST_COMMENT_INS, cause)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, im->snap);
	for (i = 0; i < p->ncomments; i++) {
		sqlite3_bind_int64(st, 2, i);
		bind_str(st, 3, profile_str(p, p->comments[i]));
		if (stmt_run(s, st, "adding comments", cause) != 0)
			goto out;
	}

	if ((st = stmt_get(s, ST_LABEL_INS, cause)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, im->snap);
	for (k = 0; k < meta->nlabels; k++) {
		const char *kv = meta->labels[k], *eq = strchr(kv, '=');

		if (eq == NULL || eq == kv) {
			*cause = xasprintf("label \"%s\" is not KEY=VALUE", kv);
			goto out;
		}
		sqlite3_bind_int64(st, 2, (int64_t)k);
		sqlite3_bind_text(st, 3, kv, (int)(eq - kv), SQLITE_STATIC);
		bind_str(st, 4, eq + 1);
		if (stmt_run(s, st, "adding labels", cause) != 0)
			goto out;
	}
	rc = 0;
out:
	free(totals);
	return rc;
}

int
store_import(store *s, const struct profile *p,
    const struct snapshot_meta *meta, int64_t *id, bool *existed,
    char **cause)
{
	struct import im;
	sqlite3_stmt *st;
	char hex[65];
	int rc;

	*existed = false;
	if (profile_check(p, cause) != 0)
		return -1;
	sha256_hex(meta->sha256, hex);

	memset(&im, 0, sizeof im);
	im.s = s;
	im.p = p;
	if (stmt_exec(s, ST_BEGIN, "starting the import", cause) != 0)
		return -1;

	/* Under the write lock, so two imports of one file make one row. */
	if ((st = stmt_get(s, ST_SNAPSHOT_BY_SHA, cause)) == NULL)
		goto fail;
	bind_str(st, 1, hex);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*existed = true;
		sqlite3_reset(st);
		/* A heap dump stored before its graph was: add the graph. */
		if (p->dump != NULL) {
			if (store_dump_put(s->db, *id, p->dump, cause) != 0)
				goto fail;
			return stmt_exec(s, ST_COMMIT, "committing the import",
			    cause) == 0 ? 0 : -1;
		}
		stmt_exec(s, ST_ROLLBACK, "ending the import", cause);
		return 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_fail(s, "looking up the snapshot", cause);
		goto fail;
	}

	if (import_snapshot(&im, meta, hex, cause) != 0 ||
	    import_strings(&im, cause) != 0 ||
	    import_mappings(&im, cause) != 0 ||
	    import_functions(&im, cause) != 0 ||
	    import_locations(&im, cause) != 0 ||
	    import_stacks(&im, cause) != 0 ||
	    import_samples(&im, cause) != 0)
		goto fail;
	/* A heap dump's object graph, in the same transaction. */
	if (p->dump != NULL && store_dump_put(s->db, im.snap, p->dump,
	    cause) != 0)
		goto fail;
	if (stmt_exec(s, ST_COMMIT, "committing the import", cause) != 0)
		goto fail;
	*id = im.snap;
	rc = 0;
	goto out;

fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	rc = -1;
out:
	free(im.strmap);
	free(im.mapmap);
	free(im.funcmap);
	free(im.locmap);
	free(im.stackmap);
	free(im.buf.p);
	return rc;
}

/* What one load carries from step to step. */
struct load {
	store *s;
	struct profile *p;
	int64_t snap;
	struct idmap strings;	/* string id -> strid, for labels */
	struct idmap mappings;	/* mapping id -> first model index */
	struct idmap functions;	/* function id -> first model index */
	/* Location id -> first model index: an array over [loc_base,
	 * loc_base + nloc_direct) when the snapshot's ids are that close
	 * together (of model index + 1), else the map. */
	struct idmap locations;
	uint32_t *loc_direct;
	int64_t loc_base, nloc_direct;
	struct keyed *uses;	/* by stack id: (stack id, sample) */
	size_t nsamples, nlabels;	/* as the snapshot row says */
	uint32_t *locs;
	size_t cap_locs;
	struct prof_line *lines;
	size_t cap_lines;
};

static strid
load_intern(struct load *ld, sqlite3_stmt *st, int col)
{
	const char *t = column_str(st, col);

	return profile_intern(ld->p, t, (size_t)sqlite3_column_bytes(st, col));
}

static int
load_corrupt(struct load *ld, const char *what, char **cause)
{
	*cause = xasprintf("store %s: snapshot %lld: bad %s", ld->s->path,
	    (long long)ld->snap, what);
	return -1;
}

/* Finish a SELECT loop: SQLITE_DONE is success, anything else an error. */
static int
load_done(struct load *ld, sqlite3_stmt *st, int rc, const char *what,
    char **cause)
{
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(ld->s, what, cause);
	return 0;
}

static int
load_header(struct load *ld, char **cause)
{
	struct profile *p = ld->p;
	sqlite3_stmt *st;
	int rc;

	if ((st = stmt_get(ld->s, ST_SNAPSHOT_GET, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, ld->snap);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_fail(ld->s, "reading the snapshot", cause);
		*cause = xasprintf("store %s has no snapshot %lld",
		    ld->s->path, (long long)ld->snap);
		return -1;
	}
	p->time_nanos = sqlite3_column_int64(st, 0);
	p->duration_nanos = sqlite3_column_int64(st, 1);
	p->period = sqlite3_column_int64(st, 2);
	p->period_type.type = load_intern(ld, st, 3);
	p->period_type.unit = load_intern(ld, st, 4);
	p->default_sample_type = load_intern(ld, st, 5);
	p->drop_frames = load_intern(ld, st, 6);
	p->keep_frames = load_intern(ld, st, 7);
	p->doc_url = load_intern(ld, st, 8);
	ld->nsamples = (size_t)sqlite3_column_int64(st, 9);
	ld->nlabels = (size_t)sqlite3_column_int64(st, 10);
	sqlite3_reset(st);

	if ((st = stmt_get(ld->s, ST_TYPES_GET, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, ld->snap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		profile_add_sample_type(p, load_intern(ld, st, 0),
		    load_intern(ld, st, 1));
	if (load_done(ld, st, rc, "reading sample types", cause) != 0)
		return -1;

	if ((st = stmt_get(ld->s, ST_COMMENTS_GET, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, ld->snap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		profile_add_comment(p, load_intern(ld, st, 0));
	return load_done(ld, st, rc, "reading comments", cause);
}

static int
load_mappings(struct load *ld, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = stmt_get(ld->s, ST_MAPPINGS_GET, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, ld->snap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct prof_mapping m;
		int64_t flags = sqlite3_column_int64(st, 6);

		m.start = (uint64_t)sqlite3_column_int64(st, 1);
		m.limit = m.start + (uint64_t)sqlite3_column_int64(st, 2);
		m.offset = (uint64_t)sqlite3_column_int64(st, 3);
		m.file = load_intern(ld, st, 4);
		m.build_id = load_intern(ld, st, 5);
		m.has_functions = (flags & 1) != 0;
		m.has_filenames = (flags & 2) != 0;
		m.has_line_numbers = (flags & 4) != 0;
		m.has_inline_frames = (flags & 8) != 0;
		idmap_put(&ld->mappings, sqlite3_column_int64(st, 0),
		    profile_add_mapping(ld->p, &m));
	}
	return load_done(ld, st, rc, "reading mappings", cause);
}

static int
load_functions(struct load *ld, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = stmt_get(ld->s, ST_FUNCTIONS_GET, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, ld->snap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct prof_function f;

		f.name = load_intern(ld, st, 1);
		f.system_name = load_intern(ld, st, 2);
		f.filename = load_intern(ld, st, 3);
		f.start_line = sqlite3_column_int64(st, 4);
		idmap_put(&ld->functions, sqlite3_column_int64(st, 0),
		    profile_add_function(ld->p, &f));
	}
	return load_done(ld, st, rc, "reading functions", cause);
}

static int
load_locations(struct load *ld, char **cause)
{
	sqlite3_stmt *st;
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	int rc;

	if ((st = stmt_get(ld->s, ST_LOCATIONS_GET, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, ld->snap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct prof_location l;
		struct cursor c;
		int64_t mapping = sqlite3_column_int64(st, 1), lid;
		uint32_t n = 0, mi;

		memset(&l, 0, sizeof l);
		l.address = (uint64_t)sqlite3_column_int64(st, 2);
		l.mapping = PROF_NONE;
		if (mapping != 0) {
			if (!idmap_get(&ld->mappings, mapping, &mi)) {
				sqlite3_reset(st);
				return load_corrupt(ld, "location mapping",
				    cause);
			}
			l.mapping = mi;
			l.address += ld->p->mappings[mi].start;
		}
		l.is_folded = sqlite3_column_int64(st, 3) != 0;
		cursor_init(&c, sqlite3_column_blob(st, 4),
		    sqlite3_column_bytes(st, 4));
		while (c.p < c.end && !c.bad) {
			struct prof_line ln;
			int64_t fid = (int64_t)cursor_varint(&c);

			ln.line = cursor_svarint(&c);
			ln.column = cursor_svarint(&c);
			if (c.bad || !idmap_get(&ld->functions, fid,
			    &ln.function)) {
				c.bad = true;
				break;
			}
			ARRAY_GROW(ld->lines, n, ld->cap_lines);
			ld->lines[n++] = ln;
		}
		if (c.bad) {
			sqlite3_reset(st);
			return load_corrupt(ld, "location lines", cause);
		}
		lid = sqlite3_column_int64(st, 0);
		idmap_put(&ld->locations, lid,
		    profile_add_location(ld->p, &l, ld->lines, n));
		lo = lid < lo ? lid : lo;
		hi = lid > hi ? lid : hi;
	}
	if (load_done(ld, st, rc, "reading locations", cause) != 0)
		return -1;

	/* Stacks look up every frame: an array is much faster, and usually
	 * small (a snapshot's locations were mostly stored together). */
	if (ld->p->nlocations > 0 && (uint64_t)hi - (uint64_t)lo <
	    4 * (uint64_t)ld->p->nlocations + 65536) {
		size_t i;

		ld->loc_base = lo;
		ld->nloc_direct = (int64_t)((uint64_t)hi - (uint64_t)lo + 1);
		ld->loc_direct = xcalloc((size_t)ld->nloc_direct,
		    sizeof *ld->loc_direct);
		for (i = 0; i < ld->locations.nslots; i++)
			if (ld->locations.vals[i] != 0)
				ld->loc_direct[(uint64_t)ld->locations.keys[i] -
				    (uint64_t)lo] = ld->locations.vals[i];
	}
	return 0;
}

/* The model index of a stored location id, if the snapshot has it. */
static inline bool
load_location(const struct load *ld, int64_t lid, uint32_t *idx)
{
	uint64_t i = (uint64_t)lid - (uint64_t)ld->loc_base;

	if (ld->loc_direct == NULL)
		return idmap_get(&ld->locations, lid, idx);
	if (i >= (uint64_t)ld->nloc_direct || ld->loc_direct[i] == 0)
		return false;
	*idx = ld->loc_direct[i] - 1;
	return true;
}

/* The model strid of a stored string id (labels name strings by id). */
static int
load_string(struct load *ld, int64_t sid, strid *out, char **cause)
{
	sqlite3_stmt *st;
	uint32_t v;
	int rc;

	if (sid == 0) {
		*out = 0;
		return 0;
	}
	if (idmap_get(&ld->strings, sid, &v)) {
		*out = v;
		return 0;
	}
	if ((st = stmt_get(ld->s, ST_STRING_TEXT, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, sid);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_fail(ld->s, "reading strings", cause);
		return load_corrupt(ld, "label string", cause);
	}
	*out = load_intern(ld, st, 0);
	sqlite3_reset(st);
	idmap_put(&ld->strings, sid, *out);
	return 0;
}

/* Rows of the stack table further apart than this are read with a new
 * range scan rather than by scanning past the rows between them. */
#define STACK_GAP 32

/*
 * Give every sample its model stack.  ld->uses holds (stack id, sample)
 * for every sample.  Sorted by stack id, the distinct stacks are read with
 * forward range scans of the stack table (one pass, whatever the order of
 * the ids), then interned in order of first use, as the parser made them.
 */
static int
load_stacks(struct load *ld, char **cause)
{
	struct profile *p = ld->p;
	struct keyed *uses = ld->uses;
	size_t n = p->nsamples, m = 0, a, b, k, i;
	int64_t *ids;
	size_t *start;
	uint32_t *first, *model = NULL;
	struct buf blobs = { NULL, 0, 0 };
	sqlite3_stmt *st;
	int rc = -1;

	keyed_sort(uses, n);
	/* The distinct stack ids, and which stack each sample first uses. */
	ids = xmalloc((n + 1) * sizeof *ids);
	first = xcalloc(n + 1, sizeof *first);
	for (i = 0; i < n; i++) {
		if (i == 0 || uses[i].key != uses[i - 1].key) {
			ids[m] = (int64_t)uses[i].key;
			first[uses[i].val] = (uint32_t)m + 1;
			m++;
		}
	}
	start = xmalloc((m + 1) * sizeof *start);

	if ((st = stmt_get(ld->s, ST_STACK_RANGE, cause)) == NULL)
		goto out;
	for (a = 0; a < m; a = b) {
		for (b = a + 1; b < m && ids[b] - ids[b - 1] <= STACK_GAP; b++)
			;
		sqlite3_bind_int64(st, 1, ids[a]);
		sqlite3_bind_int64(st, 2, ids[b - 1]);
		k = a;
		while (k < b && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(st, 0);
			const void *blob;
			size_t len;

			if (id < ids[k])
				continue;
			if (id > ids[k])
				break;
			blob = sqlite3_column_blob(st, 1);
			len = (size_t)sqlite3_column_bytes(st, 1);
			start[k++] = blobs.len;
			ARRAY_RESERVE(blobs.p, blobs.len + len, blobs.cap);
			if (len > 0)
				memcpy(blobs.p + blobs.len, blob, len);
			blobs.len += len;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			store_fail(ld->s, "reading stacks", cause);
			goto out;
		}
		if (k < b) {
			rc = -1;
			load_corrupt(ld, "sample stack", cause);
			goto out;
		}
	}
	start[m] = blobs.len;

	/* Intern in order of first use; a varint ends in each byte < 0x80. */
	for (i = 0, k = 0; i < blobs.len; i++)
		k += blobs.p[i] < 0x80;
	profile_reserve(p, 0, m, k, 0);
	model = xmalloc((m + 1) * sizeof *model);
	for (i = 0, k = 0; i < n; i++)	/* first becomes the order of use */
		if (first[i] != 0)
			first[k++] = first[i] - 1;
	for (i = 0; i < m; i++) {
		struct cursor c;
		uint32_t depth = 0;

		/* The blobs are in id order: fetch ahead of the random walk. */
		if (i + 8 < m)
			PREFETCH(blobs.p + start[first[i + 8]]);
		k = first[i];
		cursor_init(&c, blobs.p + start[k], (int)(start[k + 1] -
		    start[k]));
		while (c.p < c.end) {
			int64_t lid = (int64_t)cursor_varint(&c);

			ARRAY_GROW(ld->locs, depth, ld->cap_locs);
			if (c.bad || !load_location(ld, lid,
			    &ld->locs[depth])) {
				rc = -1;
				load_corrupt(ld, "stack", cause);
				goto out;
			}
			depth++;
		}
		/* Stored stacks are distinct by content: no need to intern. */
		model[k] = profile_add_stack(p, ld->locs, depth);
	}
	for (i = 0, k = 0; i < n; i++) {
		if (i > 0 && uses[i].key != uses[i - 1].key)
			k++;
		p->sample_stack[uses[i].val] = model[k];
	}
	rc = 0;
out:
	free(ids);
	free(first);
	free(start);
	free(model);
	free(blobs.p);
	return rc;
}

/* Read the samples in order; their stacks are set by load_stacks. */
static int
load_samples(struct load *ld, char **cause)
{
	struct profile *p = ld->p;
	sqlite3_stmt *st;
	int64_t *vals;
	struct prof_label *labels = NULL;
	size_t nlabels, cap_labels = 0, cap_uses = 0;
	uint32_t t;
	int rc;

	if ((st = stmt_get(ld->s, ST_SAMPLES_GET, cause)) == NULL)
		return -1;
	vals = xcalloc(p->ntypes + 1, sizeof *vals);
	ARRAY_RESERVE(ld->uses, ld->nsamples, cap_uses);
	profile_reserve(p, ld->nsamples, 0, 0, ld->nlabels);
	sqlite3_bind_int64(st, 1, ld->snap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cursor c;
		size_t i;

		cursor_init(&c, sqlite3_column_blob(st, 1),
		    sqlite3_column_bytes(st, 1));
		for (t = 0; t < p->ntypes; t++)
			vals[t] = cursor_svarint(&c);
		if (c.bad || c.p != c.end)
			goto corrupt;

		nlabels = 0;
		cursor_init(&c, sqlite3_column_blob(st, 2),
		    sqlite3_column_bytes(st, 2));
		while (c.p < c.end) {
			struct prof_label *l;
			int64_t key, str, unit;

			ARRAY_GROW(labels, nlabels, cap_labels);
			l = &labels[nlabels++];
			key = (int64_t)cursor_varint(&c);
			str = (int64_t)cursor_varint(&c);
			l->num = cursor_svarint(&c);
			unit = (int64_t)cursor_varint(&c);
			if (c.bad)
				goto corrupt;
			if (load_string(ld, key, &l->key, cause) != 0 ||
			    load_string(ld, str, &l->str, cause) != 0 ||
			    load_string(ld, unit, &l->num_unit, cause) != 0)
				goto fail;
		}
		/* Stack 0 stands in until load_stacks. */
		i = profile_add_sample(p, 0, vals, labels, nlabels);
		ARRAY_GROW(ld->uses, i, cap_uses);
		ld->uses[i].key = (uint64_t)sqlite3_column_int64(st, 0);
		ld->uses[i].val = i;
	}
	free(vals);
	free(labels);
	if (load_done(ld, st, rc, "reading samples", cause) != 0)
		return -1;
	return load_stacks(ld, cause);

corrupt:
	load_corrupt(ld, "sample", cause);
fail:
	sqlite3_reset(st);
	free(vals);
	free(labels);
	return -1;
}

struct profile *
store_load(store *s, int64_t id, char **cause)
{
	struct load ld;
	int rc = -1;

	memset(&ld, 0, sizeof ld);
	ld.s = s;
	ld.snap = id;
	ld.p = profile_new();
	idmap_init(&ld.strings, 64);
	idmap_init(&ld.mappings, 16);
	idmap_init(&ld.functions, 1024);
	idmap_init(&ld.locations, 1024);

	/* One read transaction, so the snapshot is seen whole. */
	if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(s, "starting to read", cause);
		goto out;
	}
	if (load_header(&ld, cause) == 0 &&
	    load_mappings(&ld, cause) == 0 &&
	    load_functions(&ld, cause) == 0 &&
	    load_locations(&ld, cause) == 0 &&
	    load_samples(&ld, cause) == 0)
		rc = 0;
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);

out:
	idmap_done(&ld.strings);
	idmap_done(&ld.mappings);
	idmap_done(&ld.functions);
	idmap_done(&ld.locations);
	free(ld.loc_direct);
	free(ld.uses);
	free(ld.locs);
	free(ld.lines);
	if (rc != 0) {
		profile_free(ld.p);
		return NULL;
	}
	return ld.p;
}

/* Fill one row of store_list with its types, totals and labels. */
static int
list_details(store *s, struct snapshot_info *si, char **cause)
{
	sqlite3_stmt *st;
	size_t cap = 0, len = 0, n;
	int rc;

	if ((st = stmt_get(s, ST_TYPES_GET, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, si->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ARRAY_GROW(si->type_names, si->ntypes, cap);
		si->totals = xreallocarray(si->totals, cap, sizeof *si->totals);
		si->type_names[si->ntypes] = xasprintf("%s/%s",
		    column_str(st, 0), column_str(st, 1));
		si->totals[si->ntypes++] = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "listing sample types", cause);

	if ((st = stmt_get(s, ST_LABELS_GET, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, si->id);
	si->labels = xstrdup("");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *kv = xasprintf("%s%s=%s", len ? "," : "",
		    column_str(st, 0), column_str(st, 1));

		n = strlen(kv);
		si->labels = xreallocarray(si->labels, len + n + 1, 1);
		memcpy(si->labels + len, kv, n + 1);
		len += n;
		free(kv);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "listing labels", cause);
	return 0;
}

int
store_list(store *s, struct snapshot_info **out, size_t *n, char **cause)
{
	struct snapshot_info *list = NULL;
	size_t cap = 0, count = 0, i;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, "starting to read", cause);
	if ((st = stmt_get(s, ST_LIST, cause)) == NULL)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct snapshot_info *si;
		int64_t t, mtime;

		ARRAY_GROW(list, count, cap);
		si = &list[count++];
		memset(si, 0, sizeof *si);
		si->id = sqlite3_column_int64(st, 0);
		si->path = xstrdup(column_str(st, 1));
		si->sha256_hex = xstrdup(column_str(st, 2));
		si->format = xstrdup(column_str(st, 3));
		si->kind = xstrdup(column_str(st, 4));
		si->program = xstrdup(column_str(st, 5));
		t = sqlite3_column_int64(st, 6);
		mtime = sqlite3_column_int64(st, 7);
		si->time_nanos = t != 0 ? t : mtime;
		si->duration_nanos = sqlite3_column_int64(st, 8);
		si->import_time = sqlite3_column_int64(st, 9);
		si->nsamples = (size_t)sqlite3_column_int64(st, 10);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_fail(s, "listing snapshots", cause);
		goto fail;
	}
	for (i = 0; i < count; i++)
		if (list_details(s, &list[i], cause) != 0)
			goto fail;
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	*out = list;
	*n = count;
	return 0;

fail:
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	store_list_free(list, count);
	return -1;
}

void
store_list_free(struct snapshot_info *list, size_t n)
{
	size_t i;
	uint32_t k;

	for (i = 0; i < n; i++) {
		struct snapshot_info *si = &list[i];

		free(si->path);
		free(si->sha256_hex);
		free(si->format);
		free(si->kind);
		free(si->program);
		for (k = 0; k < si->ntypes; k++)
			free(si->type_names[k]);
		free(si->type_names);
		free(si->totals);
		free(si->labels);
	}
	free(list);
}
