/*
 * output.h - printing reports.  Each printer takes a computed report and a
 * sink (any FILE *, including open_memstream for tests) and only prints.
 */
#ifndef HEAPDIFF_OUTPUT_H
#define HEAPDIFF_OUTPUT_H

#include <stdio.h>

#include "graph.h"

/* pprof's header lines (File:, Build ID:, comments, Type:, Time:,
 * Duration:) for a report. */
void out_profile_labels(FILE *, const struct report *);

/* pprof's -top text: header, "Showing nodes ..." lines, the table. */
void out_top(FILE *, const struct report *);

/* pprof's -raw text (Profile.String()) of a profile. */
void out_raw(FILE *, const struct profile *);

#endif
