/*
 * store.h - the SQLite snapshot store.
 *
 * A store is one SQLite database (WAL mode) holding snapshots and the
 * strings, mappings, functions, locations and stacks they use, deduplicated
 * across snapshots: the same stack in two snapshots of one program has one
 * id, so a diff is a join.  The schema and its version (PRAGMA user_version)
 * are documented in store.c.
 *
 * Import is one transaction: an interrupted or failed import leaves nothing
 * behind.  Importing a file whose SHA-256 is already stored adds nothing and
 * reports the existing snapshot.
 *
 * Errors: functions returning int give 0 on success and -1 on failure,
 * filling *cause (caller frees) with a message without the "heapdiff: "
 * prefix.
 */
#ifndef HEAPDIFF_STORE_H
#define HEAPDIFF_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile.h"

typedef struct store store;

/* What is known of a snapshot besides its profile. */
struct snapshot_meta {
	const char *path;	/* file as given on the command line */
	unsigned char sha256[32];
	const char *format;	/* parser name, e.g. "pprof" */
	const char *kind;	/* "heap", "goroutine", ...; see store_kind_of */
	int64_t file_mtime_ns;	/* 0 if unknown */
	const char *const *labels;	/* "k=v" strings from --label (the value
					   may contain '='; store_import
					   refuses one without '=') */
	size_t nlabels;
};

/* One row of store_list: a snapshot and its totals. */
struct snapshot_info {
	int64_t id;
	char *path;
	char *sha256_hex;
	char *format;
	char *kind;
	char *program;		/* main mapping's file base name, or "" */
	int64_t time_nanos;	/* profile time, else file mtime, else 0 */
	int64_t duration_nanos;
	int64_t import_time;	/* seconds since the epoch */
	uint32_t ntypes;
	char **type_names;	/* ntypes "type/unit" strings */
	int64_t *totals;	/* ntypes sums */
	size_t nsamples;
	char *labels;		/* "k=v,k=v" or "" */
};

/* Open (creating or migrating) the store at path.  NULL and *cause on error,
 * including a store written by a newer heapdiff (refused, never misread). */
store *store_open(const char *path, char **cause);
void store_close(store *);

/*
 * Import a parsed profile as a new snapshot, in one transaction.  *id gets
 * the snapshot id; *existed is set when a snapshot with the same SHA-256 was
 * already stored (then nothing is written and *id is that snapshot).  A
 * heap dump's object graph (p->dump) is written in the same transaction.
 */
int store_import(store *, const struct profile *, const struct snapshot_meta *,
    int64_t *id, bool *existed, char **cause);

/* Load snapshot id into a new profile (as the parser made it, up to
 * deduplication).  NULL and *cause if there is no such snapshot. */
struct profile *store_load(store *, int64_t id, char **cause);

/* Every snapshot, ordered by time then id.  Free with store_list_free. */
int store_list(store *, struct snapshot_info **out, size_t *n, char **cause);
void store_list_free(struct snapshot_info *, size_t n);

/* The kind of a profile from its sample types: "heap" (alloc_/inuse_ space
 * or objects, or space/objects), "goroutine", "cpu", "contention",
 * "threadcreate", else the first sample type's name; "" when there are no
 * sample types. */
const char *store_kind_of(const struct profile *);

/*
 * Heap dumps (store-dump.c): the object graph of a snapshot read from a Go
 * heap dump is kept beside the snapshot, in tables of its own.  store_import
 * writes it (p->dump) in the snapshot's transaction with store_dump_put.
 * store_dump_save stores d for snapshot id through a connection of its own
 * (nothing if already stored); store_dump_load returns the graph of
 * snapshot id, or NULL: with *cause set on error, with *cause NULL when the
 * snapshot has no graph (not a heap dump).
 */
struct heapdump;
struct sqlite3;
int store_dump_put(struct sqlite3 *db, int64_t id, const struct heapdump *d,
    char **cause);
int store_dump_save(const char *path, int64_t id, const struct heapdump *d,
    char **cause);
struct heapdump *store_dump_load(const char *path, int64_t id, char **cause);

#endif
