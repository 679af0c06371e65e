/*
 * load.h - from command-line profile arguments to the one profile a report
 * is made of.
 *
 * An argument is a file (or "-" for stdin), or @ID for a snapshot in the
 * store given with --db.  With a store, files are imported first (one
 * transaction each; a file already stored is not stored again).  Several
 * profiles are merged as pprof merges them; with -base or -diff_base the
 * bases are merged, optionally normalized, scaled by -1 and merged in, as
 * pprof does.
 *
 * Errors are printed here, as one line naming the file; the return value is
 * an exit status (EXIT_OK when *out is set).
 */
#ifndef HEAPDIFF_LOAD_H
#define HEAPDIFF_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "options.h"
#include "profile.h"
#include "store.h"

/* Open the store named by o->db (if any) once for the command; *st is NULL
 * without --db.  Returns an exit status. */
int load_open_store(const struct options *o, store **st);

/* At most this many profiles are parsed at once. */
#define LOAD_MAX_THREADS 8

/*
 * Read n arguments into out[] (in order), parsing files in parallel; with a
 * store, import the files into it, one transaction each, and set ids[i] to
 * the snapshot id (-1 without a store).  Errors are printed as they are met
 * in argument order; without keep_going the first one stops the load and
 * nothing is returned, with it every readable argument is loaded.  Returns
 * the worst exit status.
 */
int load_profiles(const struct options *o, store *st, char **args, size_t n,
    struct profile **out, int64_t *ids, bool keep_going);

/* The report profile of sources and o->bases.  Returns an exit status. */
int load_report_profile(const struct options *o, char **sources,
    size_t nsources, struct profile **out);

#endif
