/*
 * trend.h - every site's value across a series of snapshots, and how it
 * grows.
 *
 * A site is a function (pprof's -functions node), a source line (-lines)
 * or a whole stack (-stacks).  Per snapshot, function and line values are
 * pprof's flat and cum, taken from graph.c's report built with no node or
 * edge trimming; a stack's value is the sum of its samples.  For each site
 * trend_new computes first, last, change, a growth rate by least squares
 * over time, the share of steps that grew, the Mann-Kendall trend test and
 * R^2 of the linear fit.  It computes and never prints (out-trend.c does).
 *
 * Ownership: a struct trend owns everything it points to, including the
 * site names and value arrays; trend_free releases it.  It does not keep a
 * pointer to the series it was made from.
 */
#ifndef HEAPDIFF_TREND_H
#define HEAPDIFF_TREND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "graph.h"
#include "series.h"

struct trend_options {
	const char *sample_index;	/* NULL: the first snapshot's default */
	enum granularity granularity;	/* GRAN_FUNCTIONS or GRAN_LINES ... */
	bool stacks;			/* sites are whole stacks */
	bool cum;			/* judge cum instead of flat */
};

/* How a series of n values grows; x is time in minutes (or steps). */
struct trend_stats {
	int64_t first, last, change, min, max;
	double rate;		/* least-squares slope, value per x unit */
	double r2;		/* of the linear fit; 0 for a constant series */
	double grew_share;	/* steps with v[i] > v[i-1], of n - 1 */
	size_t grew, steps;
	int64_t mk_s;		/* Mann-Kendall S */
	double mk_z;		/* its normal score (tie-corrected) */
	double mk_p;		/* one-sided p-value for an upward trend */
};

struct trend_site {
	const char *name;	/* function, "function file:line", or stack
				   "root;...;leaf" */
	const int64_t *flat;	/* n values (for stacks flat == cum) */
	const int64_t *cum;
	struct trend_stats stats;	/* of flat, or of cum with opt.cum */
};

struct trend {
	struct trend_options opt;
	char *sample_type, *unit;	/* of the chosen sample type */
	size_t n;			/* snapshots */
	double *x;			/* n positions: minutes since the first */
	bool timed;			/* false: x counts steps (no clock) */
	int64_t *times_ns;		/* n, 0 when unknown */
	char **snap_names;		/* n, the snapshots' names */
	struct trend_site *sites;	/* sorted by growth, fastest first */
	size_t nsites;

	/* Private storage behind the pointers above. */
	struct strpool *names;
	int64_t *values;
};

/*
 * The trend of every site of series s (at least one snapshot).  NULL and
 * *cause if a snapshot lacks the sample type.
 */
struct trend *trend_new(const struct series *s, const struct trend_options *,
    char **cause);
void trend_free(struct trend *);

/* The site named name, or NULL. */
const struct trend_site *trend_find(const struct trend *, const char *name);

/* Statistics of v[0..n) at positions x[0..n) (increasing). */
void trend_stats_compute(const int64_t *v, const double *x, size_t n,
    struct trend_stats *st);

/* Pearson correlation of two series (0 when either is constant). */
double trend_correlation(const int64_t *a, const int64_t *b, size_t n);

/*
 * Draw v[0..n) as a sparkline into buf (size len): one of the eight block
 * characters per value (UTF-8), or one of "_.-:=+*#" with ascii.  Scaled
 * from the series' minimum to its maximum.  Returns buf.
 */
char *trend_sparkline(const int64_t *v, size_t n, bool ascii, char *buf,
    size_t len);

#endif
