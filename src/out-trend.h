/*
 * out-trend.h - printing trend and leaks results: text tables with
 * sparklines, JSON, and CSV.  Printers only print what trend.c and leaks.c
 * computed.
 */
#ifndef HEAPDIFF_OUT_TREND_H
#define HEAPDIFF_OUT_TREND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "leaks.h"
#include "trend.h"

/* Text: a header naming the series, then one row per site (at most limit
 * rows; 0 = all), fastest growth first. */
void out_trend_text(FILE *, const struct trend *, const char *program,
    const char *kind, size_t limit, bool ascii);
/* JSON: one object (schema in man/heapdiff.1). */
void out_trend_json(FILE *, const struct trend *, const char *program,
    const char *kind, size_t limit);
/* CSV: a header row, then one row per site and snapshot. */
void out_trend_csv(FILE *, const struct trend *, const char *program,
    const char *kind, bool header, size_t limit);

/* Text: ranked suspects with pattern, fix and evidence, or a line saying
 * there are none. */
void out_leaks_text(FILE *, const struct leaks *, bool ascii);
/* JSON: {"suspects": [...]} (schema in man/heapdiff.1). */
void out_leaks_json(FILE *, const struct leaks *);

/* Whether the locale's character set is UTF-8 (else sparklines are
 * ASCII). */
bool out_utf8_locale(void);

#endif
