/*
 * prepare.h - the steps pprof takes between reading the profiles and
 * building a report (driver.go generateRawReport): pick the sample type,
 * take the total before filtering (unless -relative_percentages), apply
 * the filters, trim file names, and set up the "Active filters:" lines.
 *
 * Commands that report on a profile call prepare_profile, build their
 * result, print it, and call prepare_done.
 */
#ifndef HEAPDIFF_PREPARE_H
#define HEAPDIFF_PREPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "options.h"
#include "profile.h"

/*
 * Load the report profile of args (with o->bases) and prepare it: sets
 * o->graph.sample_index, .total and .active_filters.  samples: the report
 * shows single samples (traces, tags), so merge them as pprof's reader
 * does first.  Errors are printed; returns an exit status, EXIT_OK when
 * *out is set.
 */
int prepare_profile(struct options *o, char **args, size_t nargs,
    bool samples, struct profile **out);

/* Free what prepare_profile made (the profile and the filter lines). */
void prepare_done(struct options *o, struct profile *p);

/* pprof's overrides for list and peek (driver.go applyCommandOverrides):
 * no trimming; list also forces -lines. */
void prepare_no_trim(struct options *o);

struct cmd_entry;
/* A usage error (printed) when -json or -csv is given to a command that
 * has no such form; else EXIT_OK. */
int prepare_check_format(const struct options *o, const struct cmd_entry *c,
    bool json_ok, bool csv_ok);

/*
 * Run a report made from the samples themselves (traces, tags): prepare
 * the profile of args, print it with text (json with -json).  Returns an
 * exit status; prints c's usage when no profile is given.
 */
struct report;
int prepare_sample_report(struct options *o, const struct cmd_entry *c,
    char **args, size_t nargs, void (*text)(FILE *, const struct report *),
    void (*json)(FILE *, const struct report *));

#endif
