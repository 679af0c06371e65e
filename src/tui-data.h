/*
 * tui-data.h - what the browser's screens show, computed from a series of
 * snapshots; no curses.
 *
 * A series is the snapshots given on the command line (or stored with
 * --db), oldest first.  tui_data_compute turns it into sites (functions,
 * source lines or whole stacks) with a value in every snapshot, for one
 * sample type and granularity; the Growth screen compares any two of those
 * columns and draws a sparkline over all of them.  tui_detail_new looks at
 * one site between a base and a target snapshot: callers, callees, the call
 * tree below it, its stacks and its source lines, and for heap dumps
 * what retains its objects (roots and dominators, from an-retained.h).
 *
 * This header is the contract between the browser and its data source:
 * the per-site series here come from pprof's graph (report_new with no
 * trimming) per snapshot; a trend/leaks analysis can later fill the same
 * fields (values, rate, pattern) without the screens changing.
 *
 * Ownership: the data owns its snapshots' profiles, sites and strings;
 * a detail owns its rows.  Callbacks: a progress callback is called between
 * units of work (one snapshot at a time) and cancels the work by returning
 * non-zero.
 */
#ifndef HEAPDIFF_TUI_DATA_H
#define HEAPDIFF_TUI_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile.h"
#include "strpool.h"

struct elfsyms;
struct retained;

/* Granularity of a site. */
enum tui_gran {
	TUI_GRAN_FUNCTIONS,
	TUI_GRAN_LINES,
	TUI_GRAN_STACKS,
};
#define TUI_NGRANS 3

/* Called with work done of total and a label; non-zero cancels. */
typedef int (*tui_progress_cb)(void *arg, size_t done, size_t total,
    const char *label);

struct tui_snapshot {
	char *name;		/* file as given, or @ID */
	char *kind;		/* "heap", "goroutine", ... */
	int64_t time_nanos;	/* 0 if unknown */
	struct profile *prof;
	int64_t *stack_w;	/* per stack: summed value of the sample type */
	int64_t total;		/* pprof's total for the sample type */
	struct retained *retained;	/* a Go heap dump's retention (dominator
				   tree, retained sizes: an-retained.h), once
				   tui_data_retain computed it; else NULL */
};

struct tui_site {
	char *name;		/* as shown: function, "func file:line" or stack */
	char *func;		/* function the detail looks at (leaf of a stack) */
	int64_t line;		/* source line (lines granularity), else 0 */
	int64_t *flat;		/* nsnaps values: in the site itself */
	int64_t *cum;		/* nsnaps values: with what it calls */
	double rate;		/* least-squares slope of flat per snapshot */
	double rate_cum;	/* the same of cum */
	const char *pattern;	/* leak pattern when a suspect source names
				   one, else NULL */
	int suspect_rank;	/* 1 = the top suspect; 0 = not a suspect */
};

/* A leak suspect as a suspect source (leaks.h) names it. */
struct tui_suspect {
	char *func;		/* the function the suspect is */
	char *pattern;		/* its pattern's short name, e.g. "global-slice" */
};

struct tui_data {
	struct tui_snapshot *snaps;
	size_t nsnaps;
	char **type_names;	/* sample types of the first snapshot */
	char **type_units;
	uint32_t ntypes;
	char *source_dir;	/* directory of the first file, for sources */
	const char *source_path;	/* -source_path, -trim_path (or NULL): */
	const char *trim_path;		/* where sources are looked for first */
	struct elfsyms *syms;	/* the program's symbols (owned), naming heap
				   dumps' data and bss roots, or NULL */

	/* Stack granularity keeps at most this many stacks as sites (0:
	   TUI_MAX_STACK_SITES), the ones that change most; one more site
	   sums the others. */
	size_t max_stack_sites;

	/* What tui_data_compute last computed. */
	int sample_index;
	enum tui_gran gran;
	struct tui_site *sites;
	size_t nsites;

	/* Leak suspects, in rank order (none without a suspect source). */
	struct tui_suspect *suspects;
	size_t nsuspects;
};

/* Stack sites kept at most by default: big profiles have a million
 * stacks, which no one reads through and which would take seconds to
 * sort, filter and lay out. */
#define TUI_MAX_STACK_SITES 20000

/* An empty series; add snapshots with tui_data_add, then compute. */
struct tui_data *tui_data_new(void);
void tui_data_free(struct tui_data *);

/*
 * Add a snapshot (the data takes p).  Returns -1 with *cause when p cannot
 * be compared with the snapshots already added (other sample types).
 */
int tui_data_add(struct tui_data *, struct profile *p, const char *name,
    const char *kind, char **cause);

struct options;

/*
 * Load a series: the n arguments (files or @ID, as load.h reads them; with
 * --db, files are imported), or with none every snapshot in the --db store
 * of the newest snapshot's kind.  Loads a few at a time, calling progress
 * between.  Errors are printed (one line each); returns an exit status.
 */
int tui_data_load(struct tui_data *, const struct options *, char **args,
    size_t n, tui_progress_cb progress, void *arg);

/*
 * Compute the retention (an-retained.h) of every heap dump in the series
 * that has none yet, one dump at a time, calling progress between;
 * returns 0, or -1 when progress cancelled (those done are kept).  A
 * detail computes what it needs itself when this was not called.
 */
int tui_data_retain(struct tui_data *, tui_progress_cb progress, void *arg);

/* Mark the sites of these suspects (copied; rank order) from the next
 * tui_data_compute on: a site whose function is a suspect's gets its
 * pattern and rank. */
void tui_data_set_suspects(struct tui_data *, const struct tui_suspect *,
    size_t n);

/*
 * Ask leaks.h for the series' leak suspects (heap and goroutine series of
 * at least three snapshots; fewer cannot show a trend) and mark them with
 * tui_data_set_suspects.  Returns the number found, or -1 with *cause.
 */
int tui_data_find_suspects(struct tui_data *, char **cause);

/* The sample index for a name ("" or NULL: the first snapshot's default,
 * as pprof picks it); -1 with *cause if there is none. */
int tui_data_sample_index(const struct tui_data *, const char *name,
    char **cause);

/*
 * Compute every site's series for sample type index and granularity, one
 * snapshot at a time; progress counts stacks (done of every snapshot's),
 * called at least every 65536 stacks at stack granularity.  Returns 0, or
 * -1 when progress cancelled (the previous sites are then kept).
 */
int tui_data_compute(struct tui_data *, int sample_index, enum tui_gran,
    tui_progress_cb progress, void *arg);

/* The unit of the computed sample type. */
const char *tui_data_unit(const struct tui_data *);

/* Format v in the sample unit, pprof style ("266.66kB"); with sign, a "+"
 * before positive values. */
char *tui_data_value(const struct tui_data *, int64_t v, bool sign,
    char *buf, size_t len);

/* One row of a detail section. */
struct tui_detail_row {
	char *name;
	int64_t base, target;	/* values in the base and target snapshot:
				   cum for the tree and source lines, the
				   stacks' weight through a caller or callee
				   or of a trace, retained bytes of a
				   retainer */
	int64_t flat_base, flat_target;	/* tree and source: flat (in the
				   row itself, as the leaf), as pprof's
				   list shows it */
	bool has_flat;		/* flat_* mean something for this row */
	int parent;		/* tree: index of the parent row, or -1 */
	int64_t line;		/* source: line number */
};

enum tui_detail_section {
	TUI_DETAIL_CALLERS,
	TUI_DETAIL_CALLEES,
	TUI_DETAIL_TREE,
	TUI_DETAIL_TRACES,
	TUI_DETAIL_SOURCE,
	TUI_DETAIL_RETAINERS,	/* heap dumps: roots and dominators keeping
				   the site's objects alive (a tree) */
};
#define TUI_DETAIL_NSECTIONS 6

struct tui_detail {
	const struct tui_site *site;
	size_t base, target;	/* snapshot indices */
	struct tui_detail_row *rows[TUI_DETAIL_NSECTIONS];
	size_t nrows[TUI_DETAIL_NSECTIONS];
	size_t ntraces_all;	/* traces before keeping the largest */
	bool tree_truncated;	/* the call tree hit TUI_DETAIL_MAX_TREE */
	char *source_file;	/* found source file, or NULL */
	char *source_name;	/* the file as the profile names it */
	bool has_retainers;	/* base or target is a heap dump */
	bool retained_bytes;	/* retainers' values are retained bytes (else
				   the site's objects they hold) */
};

/* At most this many stack traces are kept in a detail (largest change
 * first). */
#define TUI_DETAIL_MAX_TRACES 200
/* At most this many call tree rows are made; deeper paths stop at the
 * deepest row they have (and tree_truncated is set). */
#define TUI_DETAIL_MAX_TREE 5000

/*
 * Look at site between snapshots base and target.  On big profiles this
 * walks millions of stacks, so it is a job done in slices: start it, step
 * it with a time budget until it says it is done, then finish it (or
 * cancel it).  The job borrows the data and the site: cancel it before
 * computing the data again.  tui_detail_new does all of it at once.
 */
struct tui_detail_job;
struct tui_detail_job *tui_detail_start(const struct tui_data *,
    const struct tui_site *site, size_t base, size_t target);
/* Walk stacks for about budget_ms; true when every stack is walked. */
bool tui_detail_step(struct tui_detail_job *, double budget_ms);
/* Stacks walked and to walk. */
void tui_detail_progress(const struct tui_detail_job *, size_t *done,
    size_t *total);
/* The detail (the job is freed); steps to the end first if needed. */
struct tui_detail *tui_detail_finish(struct tui_detail_job *);
void tui_detail_cancel(struct tui_detail_job *);
struct tui_detail *tui_detail_new(const struct tui_data *,
    const struct tui_site *site, size_t base, size_t target);
void tui_detail_free(struct tui_detail *);

#endif
