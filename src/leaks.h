/*
 * leaks.h - leak suspects from series of heap and goroutine snapshots:
 * which sites keep growing, which classic leak pattern each is, and the fix.
 *
 * For each program in a series_set, leaks_find looks at two measures:
 *
 *  - heap: live memory (inuse_space, never alloc_*: those only ever grow)
 *    per allocating function, where the Go standard library's frames
 *    (runtime, sync, time, net/http ...) are hidden and their allocations
 *    charged to the first caller in the program's own code, as pprof's
 *    -hide would (so a map's buckets, an append's new array or a
 *    time.NewTicker count against the function that asked for them);
 *  - goroutines: goroutine counts per (function parked in, what it is
 *    blocked on), from goroutine profiles.
 *
 * A measure is a leak when leak_judge says so (the rules are there: enough
 * growth to be more than jitter, an upward Mann-Kendall trend, no drop back
 * to half, growth that has not stopped, more than one rising step).  The
 * heap growth and the goroutine group of one function are one suspect.
 * The pattern is named from the frames (chansend, selectgo, Cond.Wait,
 * time.NewTicker, persistConn, mapassign, growslice ...) and, where Go's
 * runtime hides them, from the shape of the growth (one backing array that
 * is replaced by bigger ones; large objects kept whole).  It computes and
 * never prints (out-trend.c prints).
 *
 * Ownership: struct leaks owns every suspect and every string and array a
 * suspect points to; leaks_free releases it.  Nothing points into the
 * series_set, which may be freed first.
 */
#ifndef HEAPDIFF_LEAKS_H
#define HEAPDIFF_LEAKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "series.h"
#include "trend.h"

enum leak_pattern {
	LEAK_CHAN_SEND,		/* goroutines blocked on a channel send */
	LEAK_CHAN_RECV,		/* ... on a channel receive */
	LEAK_SELECT,		/* ... in a select no case of which fires */
	LEAK_NIL_CHAN,		/* ... on a nil channel or select {} */
	LEAK_COND,		/* ... in sync.Cond.Wait, never signalled */
	LEAK_MUTEX,		/* ... on a mutex never unlocked */
	LEAK_TICKER,		/* tickers/timers never stopped */
	LEAK_HTTP,		/* http connections or bodies never closed */
	LEAK_MAP,		/* a map that only grows */
	LEAK_SLICE,		/* a slice that only grows (long-lived goroutine) */
	LEAK_GLOBAL_SLICE,	/* a package-level slice accumulating */
	LEAK_SUBSLICE,		/* small sub-slices pinning large arrays */
	LEAK_LISTENER,		/* listeners/callbacks never removed */
	LEAK_GOROUTINES,	/* goroutines that never exit, other waits */
	LEAK_GROWTH,		/* live memory that only grows, shape unknown */
	LEAK_NPATTERNS
};

struct leak_pattern_info {
	const char *id;		/* stable short name, e.g. "chan-send" */
	const char *name;	/* what it is, one line */
	const char *fix;	/* what to change, one line */
};

/* The description of a pattern (never NULL). */
const struct leak_pattern_info *leak_pattern_info(enum leak_pattern);

/* Why a measure is or is not a leak. */
enum leak_verdict {
	LEAK_YES,
	LEAK_NOT_FEW,		/* fewer than 3 snapshots */
	LEAK_NOT_SMALL,		/* growth within jitter */
	LEAK_NOT_ONE_STEP,	/* grew in a single step only */
	LEAK_NOT_DROPS,		/* falls back to half its peak (sawtooth) */
	LEAK_NOT_NO_TREND,	/* no upward Mann-Kendall trend */
	LEAK_NOT_STOPPED,	/* growth stopped (bounded) */
};

/* A phrase for a verdict, e.g. "growth stopped". */
const char *leak_verdict_text(enum leak_verdict);

/*
 * Judge one measure v[0..n) at positions x (see trend_stats_compute):
 * min_change is the smallest growth, last minus first, and min_step the
 * smallest growth per step over the last third of the steps, that are more
 * than jitter.  Fills *st.
 */
enum leak_verdict leak_judge(const int64_t *v, const double *x, size_t n,
    int64_t min_change, int64_t min_step, struct trend_stats *st);

/* The smallest growth judged a leak: bytes over the series and per step,
 * and goroutines (or objects) over the series. */
#define LEAK_MIN_BYTES 4096
#define LEAK_MIN_STEP_BYTES 1024
#define LEAK_MIN_COUNT 3

/* One measure of a suspect. */
struct leak_evidence {
	bool present;
	char *what;		/* "inuse_space", "goroutines" */
	char *unit;		/* "bytes", "count" */
	size_t n;
	int64_t *values;	/* n values */
	bool timed;		/* rate is per minute (else per step) */
	struct trend_stats stats;
	char *where;		/* goroutines: the stack they wait in, leaf
				   first, " <- " between frames; else NULL */
};

struct leak_suspect {
	char *program;
	char *function;		/* in the program's own code where it can */
	enum leak_pattern pattern;
	int score;		/* 0..100: how steady and sure the growth is */
	char *reason;		/* what named the pattern */
	struct leak_evidence heap;	/* inuse_space */
	struct leak_evidence objects;	/* inuse_objects */
	struct leak_evidence goroutines;
	int64_t object_size;	/* bytes per object of the growth, 0 unknown */
	char **frames;		/* frames the pattern was named from */
	size_t nframes;
};

struct leaks {
	struct leak_suspect *suspects;	/* in rank order */
	size_t n;
	size_t heap_snapshots, goroutine_snapshots;
};

struct leaks_options {
	const char *sample_index;	/* NULL: inuse_space */
};

/*
 * Leak suspects of every program in set.  NULL and *cause when the sample
 * type does not exist or is cumulative (alloc_*).  A set without heap or
 * goroutine series gives no suspects.
 */
struct leaks *leaks_find(const struct series_set *set,
    const struct leaks_options *, char **cause);
void leaks_free(struct leaks *);

/*
 * Parse a --fail-on limit: a size ("1MB", "500kB", "4096") or a rate
 * ("100kB/min", "1MB/h", "2kB/s").  Returns 0, or -1 with *cause.
 */
int leaks_parse_limit(const char *s, int64_t *bytes, double *per_minute,
    char **cause);

/* Whether a suspect passes a limit (bytes > 0: its growth, last minus
 * first; per_minute > 0: its rate). */
bool leaks_over_limit(const struct leak_suspect *, int64_t bytes,
    double per_minute);

#endif
