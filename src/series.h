/*
 * series.h - a series of snapshots of one program and one kind, in time
 * order: what trend and leaks analyse.
 *
 * Snapshots come from files on the command line (parsed, and imported
 * first when there is a store) or from a store (every stored snapshot when
 * no file is named).  They are grouped by program (the main mapping's file
 * base name, else its build id) and kind (heap, goroutine, ... as
 * store_kind_of says), and each group is ordered by the profile's time, else
 * the file's modification time, else the order given.
 *
 * Ownership: a series_set owns its groups, each group owns its snapshots,
 * and each snapshot owns its profile and strings; series_set_free frees all
 * of it.  Pointers stay valid until then.
 */
#ifndef HEAPDIFF_SERIES_H
#define HEAPDIFF_SERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "options.h"
#include "profile.h"

/* Where a snapshot's place in time came from. */
enum series_clock {
	SERIES_CLOCK_PROFILE,	/* the profile's time_nanos */
	SERIES_CLOCK_MTIME,	/* the file's modification time */
	SERIES_CLOCK_ORDER,	/* only the order it was given in */
};

struct series_snap {
	struct profile *prof;	/* owned */
	char *name;		/* the file as given, or "@ID" */
	int64_t time_ns;	/* per clock; 0 with SERIES_CLOCK_ORDER */
	enum series_clock clock;
	size_t order;		/* position among the inputs */
};

struct series {
	char *program;		/* "" if unknown */
	char *kind;		/* "heap", "goroutine", ... */
	struct series_snap *snaps;	/* in time order */
	size_t n;
	/* The clock the order rests on: the weakest of the snapshots'. */
	enum series_clock clock;
};

struct series_set {
	struct series *groups;	/* in order of first appearance */
	size_t ngroups;
};

/* Called after each snapshot is loaded (done of total), e.g. to draw a
 * progress bar; may be NULL. */
typedef void (*series_progress_fn)(size_t done, size_t total, void *arg);

/*
 * Load args (files or @ID) -- or, with a store and no args, every stored
 * snapshot -- into a new set of ordered groups.  Errors are printed as one
 * line each; returns an exit status (EXIT_OK when *out is set).
 */
int series_load(const struct options *o, char **args, size_t nargs,
    series_progress_fn progress, void *arg, struct series_set **out);

void series_set_free(struct series_set *);

/*
 * Add a snapshot (taking ownership of prof and copying name) to the group
 * of its program and kind.  series_order must be called after the last
 * one.  Used by series_load and by tests that build series by hand.
 */
void series_add(struct series_set *, struct profile *prof, const char *name,
    int64_t mtime_ns, size_t order);

/* Order every group in time (see the top of this file). */
void series_order(struct series_set *);

/* The first group of this kind (and program, unless NULL), or NULL. */
const struct series *series_find(const struct series_set *, const char *kind,
    const char *program);

/*
 * Fill x[0..s->n) with each snapshot's position: minutes since the first
 * when the group's clock says when they were taken and time moves (returns
 * true), else the step number 0, 1, 2... (returns false).
 */
bool series_positions(const struct series *s, double *x);

/* The program a profile belongs to: its main mapping's file base name,
 * else its build id, else "" (a pointer into the profile's strings). */
const char *series_program_of(const struct profile *);

#endif
