/*
 * profile.h - the in-memory profile model.
 *
 * Every parser fills a struct profile, the store saves one and loads one
 * back, and every analysis reads one.  The model follows profile.proto but is
 * laid out for speed over millions of samples:
 *
 *  - tables are dense arrays indexed from 0, and references between them are
 *    indices (not the proto's ids), so an analysis can keep per-location or
 *    per-function state in a plain array;
 *  - strings are interned in the profile's pool: a string is a strid, and
 *    strid 0 is always "" (as string_table[0] in profile.proto);
 *  - stacks are interned: samples with the same location list share one stack
 *    index, so per-stack work is done once and the store can deduplicate
 *    stacks across snapshots;
 *  - sample values live in one array, ntypes values per sample.
 *
 * Ownership: the profile owns every array and string it points to;
 * profile_free releases all of it.  Pointers into the tables are invalidated
 * by the next profile_add_* call on the same table (arrays grow).
 *
 * Go heap dumps (objects, pointer edges, roots, goroutines) are a different
 * kind of snapshot; they hang off the profile in their own structure when
 * that parser exists, and this model stays the common part: allocation sites
 * as samples.
 */
#ifndef HEAPDIFF_PROFILE_H
#define HEAPDIFF_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strpool.h"

/* "No such entry" for optional index references (a location's mapping). */
#define PROF_NONE UINT32_MAX

struct prof_value_type {
	strid type;		/* e.g. "inuse_space" */
	strid unit;		/* e.g. "bytes" */
};

struct prof_mapping {
	uint64_t start, limit, offset;
	strid file, build_id;
	bool has_functions, has_filenames, has_line_numbers, has_inline_frames;
};

struct prof_function {
	strid name, system_name, filename;
	int64_t start_line;
};

/* One (possibly inlined) frame of a location. */
struct prof_line {
	uint32_t function;	/* index into functions */
	int64_t line;
	int64_t column;
};

struct prof_location {
	uint32_t mapping;	/* index into mappings, or PROF_NONE */
	uint64_t address;
	uint32_t first_line;	/* index into lines */
	uint32_t nlines;	/* innermost (inlined callee) first */
	bool is_folded;
};

/* A label: string when str != 0, numeric otherwise. */
struct prof_label {
	strid key;
	strid str;
	int64_t num;
	strid num_unit;
};

struct profile {
	struct strpool *strings;

	struct prof_value_type *sample_types;
	uint32_t ntypes;
	struct prof_value_type period_type;
	int64_t period;
	int64_t time_nanos, duration_nanos;
	strid default_sample_type;
	strid drop_frames, keep_frames, doc_url;
	strid *comments;
	uint32_t ncomments;

	struct prof_mapping *mappings;
	uint32_t nmappings;
	struct prof_function *functions;
	uint32_t nfunctions;
	struct prof_location *locations;
	uint32_t nlocations;
	struct prof_line *lines;
	uint32_t nlines;

	/* Stack s is stack_locs[stack_start[s] .. stack_start[s + 1]), leaf first. */
	uint32_t *stack_start;	/* nstacks + 1 entries */
	uint32_t *stack_locs;
	uint32_t nstacks;

	/* Sample i: stack sample_stack[i], values[i * ntypes .. +ntypes),
	 * labels[label_start[i] .. label_start[i + 1]). */
	size_t nsamples;
	uint32_t *sample_stack;
	int64_t *values;
	size_t *label_start;	/* nsamples + 1 entries */
	struct prof_label *labels;
	size_t nlabels;

	/* Private growth state (capacities, hash tables); see profile.c. */
	struct profile_private *priv;
};

struct profile *profile_new(void);
void profile_free(struct profile *);

/* Intern a string (need not be NUL-terminated). */
strid profile_intern(struct profile *, const char *s, size_t len);
/* The NUL-terminated text of a string id. */
const char *profile_str(const struct profile *, strid);

uint32_t profile_add_sample_type(struct profile *, strid type, strid unit);
void profile_add_comment(struct profile *, strid);
uint32_t profile_add_mapping(struct profile *, const struct prof_mapping *);
uint32_t profile_add_function(struct profile *, const struct prof_function *);
/* Add a location with nlines lines copied from lines[]. */
uint32_t profile_add_location(struct profile *, const struct prof_location *,
    const struct prof_line *lines, uint32_t nlines);

/* Find or add the stack with these location indices (leaf first). */
uint32_t profile_intern_stack(struct profile *, const uint32_t *locs,
    uint32_t n);
/* Add a stack known to differ from every stack already added (a store
 * loading its deduplicated stacks); cheaper than interning.  Returns its
 * index. */
uint32_t profile_add_stack(struct profile *, const uint32_t *locs,
    uint32_t n);

/*
 * Append a sample: values has ntypes entries, labels nlabels entries (may be
 * NULL when nlabels is 0).  Returns its index.
 */
size_t profile_add_sample(struct profile *, uint32_t stack,
    const int64_t *values, const struct prof_label *labels, size_t nlabels);

/* Make room for at least this many samples, stack entries and labels (a
 * parser that knows its sizes avoids regrowing large arrays). */
void profile_reserve(struct profile *, size_t nsamples, size_t nstacks,
    size_t nstack_locs, size_t nlabels);

/* Stack accessors. */
static inline uint32_t
profile_stack_depth(const struct profile *p, uint32_t s)
{
	return p->stack_start[s + 1] - p->stack_start[s];
}

static inline const uint32_t *
profile_stack(const struct profile *p, uint32_t s)
{
	return p->stack_locs + p->stack_start[s];
}

/*
 * The index of a sample type by pprof's rules: "" picks the default sample
 * type, else the last; a number is an index; a name matches a type, also
 * with an "inuse_" prefix removed.  Returns -1 and fills *cause if none.
 */
int profile_sample_index(const struct profile *, const char *name,
    char **cause);

/* Sum of each sample type over all samples (ntypes entries, caller frees). */
int64_t *profile_totals(const struct profile *);

/* Multiply every value by ratios[type] (rounded as pprof does); drop samples
 * that become all zero.  A ratio of 1 leaves that type untouched. */
void profile_scale(struct profile *, const double *ratios);

/* Set a string label key=value on every sample (pprof's SetLabel). */
void profile_set_label(struct profile *, const char *key, const char *value);

/*
 * Merge profiles as pprof's profile.Merge does: headers combined (period =
 * max, time = earliest, durations summed, comments deduplicated), mappings,
 * functions, locations and stacks deduplicated by content, and samples with
 * the same stack and labels summed; all-zero samples dropped.  Profiles must
 * be compatible (same period type and sample types); otherwise returns NULL
 * and fills *cause.  The inputs are not changed.
 */
struct profile *profile_merge(struct profile *const *srcs, size_t n,
    char **cause);

/* pprof's compatibility check for merging; 0 if compatible. */
int profile_compatible(const struct profile *, const struct profile *,
    char **cause);

#endif
