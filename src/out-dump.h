/*
 * out-dump.h - printing heap dump results: the retained report, a path to
 * a root, comparisons of two dumps and the goroutine groups, as text
 * (out-dump.c) and as JSON (out-dump-json.c).  Printers only print.
 */
#ifndef HEAPDIFF_OUT_DUMP_H
#define HEAPDIFF_OUT_DUMP_H

#include <stdio.h>

#include "an-goroutines.h"
#include "an-retained.h"

/* How values are printed: the -unit flag ("minimum" picks per value) and
 * how many rows each table shows (0 = all). */
struct dump_out_opts {
	const char *unit;
	int rows;
	const char *dump_name;	/* the file, for headers */
};

void out_dump_header(FILE *, const struct heapdump *,
    const struct dump_out_opts *);
void out_retained(FILE *, const struct retained *,
    const struct dump_out_opts *);
void out_retained_path(FILE *, const struct retained *,
    const struct retained_step *, int nsteps, uint64_t addr,
    const struct dump_out_opts *);
void out_retained_compare(FILE *, const struct retained *old,
    const struct retained *new, const struct dump_out_opts *);
void out_goroutines(FILE *, const struct goroutine_groups *,
    const struct dump_out_opts *);
void out_goroutines_compare(FILE *, const struct goroutine_groups *old,
    const struct goroutine_groups *new, const struct dump_out_opts *);

/* The same as JSON documents (one object each). */
void out_retained_json(FILE *, const struct retained *,
    const struct retained_step *, int nsteps, uint64_t addr,
    const struct dump_out_opts *);
void out_retained_compare_json(FILE *, const struct retained *old,
    const struct retained *new, const struct dump_out_opts *);
void out_goroutines_json(FILE *, const struct goroutine_groups *,
    const struct goroutine_groups *old, const struct dump_out_opts *);

#endif
