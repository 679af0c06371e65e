/*
 * flame.h - the flame graph of a profile: its stacks merged into one tree
 * by function name along each root-to-leaf path (inlined calls expanded,
 * recursion kept as separate frames), with a value per frame, and for a
 * differential flame graph the base profile's value beside it.
 *
 * flame_new reads a report profile as load_report_profile makes it with
 * -diff_base: samples labelled pprof::base=true are the base's, negated;
 * every other sample is the new profile's.  So each frame gets value (the
 * new profile's cum) and base (the base's cum), and every ancestor of a
 * changed frame carries the change too.  It computes and never prints;
 * out-flame.c draws a flame and cmd-folded.c prints folded stacks.
 */
#ifndef HEAPDIFF_FLAME_H
#define HEAPDIFF_FLAME_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "profile.h"

/* A frame: node 0 is the root, "all" (every stack); children are in name
 * order. */
struct flame_node {
	strid name;		/* in flame.strings */
	uint32_t parent;	/* UINT32_MAX for the root */
	uint32_t depth;		/* root 0 */
	uint32_t first_child, next_sibling;	/* UINT32_MAX = none */
	int64_t value, base;	/* cum in the new profile and in the base */
	int64_t self, base_self;	/* as leaf */
};

struct flame {
	struct strpool *strings;
	struct flame_node *nodes;
	uint32_t nnodes;
	uint32_t max_depth;
	bool diff;		/* there was a base */
	const char *sample_type, *sample_unit;	/* in strings */
	char *title;		/* the program, as pprof's graph title */
	const char *output_unit;	/* values printed in (-unit); NULL =
					   the best unit for each value */
};

/* The flame tree of p's values of sample type sample_index. */
struct flame *flame_new(const struct profile *p, int sample_index);
void flame_free(struct flame *);

/* Whether a frame is new (no base value) or gone (no new value) in a
 * differential flame graph. */
bool flame_is_new(const struct flame *, uint32_t node);
bool flame_is_gone(const struct flame *, uint32_t node);

/* Print folded stacks ("root;...;leaf value", one line per frame with a
 * self value, sorted by path; the value is new minus base). */
void flame_folded(FILE *, const struct flame *);

/* Format v as pprof formats values: in output_unit, or scaled to the
 * best unit. */
char *flame_value(const struct flame *, int64_t v, char *buf, size_t len);

#endif
