/*
 * units.h - pprof's unit handling: scaling a value between units of one
 * kind (bytes, time, GCU), picking the best unit, and formatting values and
 * percentages exactly as pprof prints them.
 */
#ifndef HEAPDIFF_UNITS_H
#define HEAPDIFF_UNITS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Scale value from unit from to unit to ("auto" or "minimum" pick the
 * largest unit that keeps the value >= 1).  Writes the resulting unit's
 * name to unit_out (a static string; "" for plain counts).
 */
double units_scale(int64_t value, const char *from, const char *to,
    const char **unit_out);

/* pprof's ScaledLabel: "%.2f" without a trailing ".00", plus the unit;
 * "0" for zero.  Writes into buf (size len). */
char *units_label(char *buf, size_t len, int64_t value, const char *from,
    const char *to);

/* pprof's Percentage: "  100%", "%5.2f%%" or "%5.2g%%" of |value/total|. */
char *units_percent(char *buf, size_t len, int64_t value, int64_t total);

/* Whether two units are of the same kind (both sizes, both times...). */
int units_compatible(const char *a, const char *b);

/*
 * The output unit pprof's "minimum" setting picks for a report whose
 * smallest non-zero node value is minv and total is maxv.
 */
const char *units_select(int64_t minv, int64_t maxv, const char *sample_unit);

#endif
