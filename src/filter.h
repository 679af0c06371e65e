/*
 * filter.h - pprof's sample filters, applied to a profile before its graph
 * is built, in pprof's order (driver_focus.go applyFocus):
 *
 *   focus / ignore   keep samples with a frame matching focus and none
 *                    matching ignore (function name, file or mapping file);
 *   hide / show      drop / keep single frames;
 *   show_from        drop frames above (rootward of) the highest match;
 *   tagfocus /       keep / drop samples by label: a regex (matched against
 *   tagignore        "key:value", several separated by commas must all
 *                    match), key=regex, or a numeric range such as 64kb,
 *                    64kb:, :1mb, 1kb:10kb, optionally key=range;
 *   tagshow/taghide  keep / drop label keys;
 *   prune_from       drop the frames beneath (leafward of) the lowest match.
 *
 * filter_apply changes the profile in place: locations whose frames change
 * are added anew, samples get new stacks, and dropped samples are removed;
 * old locations and stacks stay in the tables, unreferenced.
 */
#ifndef HEAPDIFF_FILTER_H
#define HEAPDIFF_FILTER_H

#include <stdbool.h>
#include <stdio.h>

#include "profile.h"

/* The filter flags as given (NULL = not given). */
struct filter_spec {
	const char *focus, *ignore, *hide, *show, *show_from, *prune_from;
	const char *tagfocus, *tagignore, *tagshow, *taghide;
};

/* Whether any filter is given. */
bool filter_any(const struct filter_spec *);

/*
 * pprof's "Active filters:" lines ("focus=RE", ...) in pprof's order, as a
 * NULL-terminated array of strings (caller frees each and the array);
 * NULL when no filter is given.
 */
char **filter_active(const struct filter_spec *);
void filter_active_free(char **);

/*
 * Apply the filters to p.  Warnings pprof prints ("Focus expression
 * matched no samples", "tagfocus:Interpreted '64kb:' as range, not
 * regexp") go to warn when it is not NULL.  Returns 0, or -1 with *cause
 * ("parsing focus regexp: ...") when a regex does not compile.
 */
int filter_apply(struct profile *p, const struct filter_spec *f, FILE *warn,
    char **cause);

/*
 * pprof's NumLabelUnits: for every numeric label key (by strid) its unit,
 * the first one given, else "bytes" for alignment and request, else the
 * key itself; NULL for other strings.  Caller frees the array.
 */
const char **filter_num_label_units(const struct profile *p);

#endif
