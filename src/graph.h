/*
 * graph.h - pprof's call graph over a profile, and the report built on it.
 *
 * A node is a distinct "node info" at the chosen granularity (a function by
 * default; a file, a line or an address otherwise); every location maps to
 * one node per (inlined) line.  Building the graph walks each stack from
 * the root: a node's cum counts a sample once however often it recurs, its
 * flat counts samples whose leaf it is; an edge joins caller and callee and
 * is "inline" when the callee was inlined into the caller.
 *
 * report_new does what pprof's newTrimmedGraph does: build the whole graph,
 * drop nodes whose |cum| is under nodefraction of the total, sort, keep the
 * top nodecount nodes, rebuilding from the samples at each step (so flat and
 * cum stay exact), and trim edges under edgefraction.  It computes and
 * never prints: out-*.c print a report.
 */
#ifndef HEAPDIFF_GRAPH_H
#define HEAPDIFF_GRAPH_H

#include <stdbool.h>
#include <stdint.h>

#include "profile.h"

enum granularity {
	GRAN_FUNCTIONS,
	GRAN_FILEFUNCTIONS,
	GRAN_FILES,
	GRAN_LINES,
	GRAN_ADDRESSES,
};

struct graph_options {
	int sample_index;		/* into the profile's sample types */
	enum granularity granularity;
	bool noinlines;			/* attribute inlined frames to the caller */
	bool cum_sort;			/* sort by cum instead of flat */
	bool drop_negative;
	int nodecount;			/* 0 = no limit */
	double nodefraction;		/* pprof's default 0.005 */
	double edgefraction;		/* pprof's default 0.001 */
	const char *output_unit;	/* "minimum" (default), "B", "kB", ... */
	bool visual;			/* trim as pprof's -dot does: entropy
					   order, tags count against nodecount,
					   redundant residual edges removed */
	bool mean;			/* -mean: values over values[0] */
	bool objnames;			/* keep mapping file and start line in
					   every node (pprof's ObjNames, list) */
	int64_t total;			/* > 0: pprof's total, taken before
					   filtering (else computed) */
	char *const *active_filters;	/* "focus=RE"..., NULL-terminated, or
					   NULL (borrowed) */
};

/* pprof's NodeInfo: what identifies a node at a granularity. */
struct node_info {
	strid name;		/* function name, 0 if none */
	strid file;		/* 0 unless the granularity keeps files */
	int64_t lineno;		/* 0 unless lines */
	uint64_t address;	/* 0 unless addresses */
	strid objfile;		/* mapping file, only for nameless nodes */
	int64_t start_line;
};

struct graph_node {
	uint32_t info;		/* index into graph.infos */
	int64_t flat, cum;
	char *name;		/* printable name, owned by the graph */
	bool in_inline;		/* has an inline incoming edge */
	bool in_call;		/* has a non-inline incoming edge */
};

struct graph_edge {
	uint32_t src, dst;	/* indices into graph.nodes */
	int64_t weight;
	bool is_inline;		/* every contribution was inlined */
	bool residual;		/* goes over nodes that were dropped */
};

/*
 * pprof's Tag, for visual reports: a node's share of samples with one set
 * of string labels (numeric false; name is the labels "k:v" joined by a
 * literal \n) or with one "bytes" numeric label value (numeric true; labels
 * names the string labels it belongs to, 0 for none).
 */
struct graph_tag {
	bool numeric;
	strid labels;		/* in graph.tag_strings */
	strid name;		/* formatted value, in graph.tag_strings */
	strid unit;		/* in graph.tag_strings; 0 for label tags */
	int64_t value;
	int64_t flat, cum;
};

struct graph {
	const struct profile *prof;
	struct node_info *infos;	/* every node info of the profile */
	uint32_t ninfos;
	struct graph_node *nodes;	/* the nodes shown, in order */
	uint32_t nnodes;
	uint32_t nghosts;		/* nodes[nnodes .. nnodes + nghosts):
					   nodes pprof leaves out of the list
					   (no value, or negative with
					   -drop_negative) whose edges it keeps;
					   only edges refer to them */
	struct graph_edge *edges;
	uint32_t nedges;
	/* Visual reports only: node n's tags are tags[tag_start[n] ..
	 * tag_start[n + 1]); their strings live in tag_strings. */
	struct graph_tag *tags;
	uint32_t ntags;
	uint32_t *tag_start;
	struct strpool *tag_strings;
	/* Visual reports only: nodes an edge leads to that are not shown
	 * (a diff summed them to zero); edge dst nnodes + i is hidden[i]. */
	struct graph_node *hidden;
	uint32_t nhidden;
};

/* A report: the trimmed graph plus what pprof's header lines say. */
struct report {
	const struct profile *prof;
	struct graph_options opt;
	struct graph *graph;
	const char *sample_type;	/* name of the chosen sample type */
	const char *sample_unit;
	const char *output_unit;	/* unit values are printed in */
	int64_t total;			/* pprof's total: sum of |values| (or the
					   diff base's total) */
	int64_t shown_flat;		/* sum of flat over shown nodes */
	int orig_count;			/* nodes before nodecount */
	int dropped_nodes;		/* under nodefraction */
	int dropped_edges;
	char *owned_type;		/* "mean_..." with -mean, owned */
};

/* Set o to pprof's defaults. */
void graph_options_init(struct graph_options *o);

/* Build the trimmed graph and header facts of a report on p. */
struct report *report_new(const struct profile *p,
    const struct graph_options *o);
void report_free(struct report *);

/* A report with the header facts only (sample type, unit, total) and an
 * empty graph, for reports made from the samples themselves (traces,
 * tags); values print in the -unit given, as pprof's do there. */
struct report *report_new_header(const struct profile *p,
    const struct graph_options *o);

/* Format v as the report prints values (pprof's ScaledLabel in the output
 * unit). */
char *report_value(const struct report *, int64_t v, char *buf, size_t len);

/* pprof's total of a profile for a sample index (see struct report). */
int64_t report_total(const struct profile *p, int sample_index);

/* The same with o's -mean (the total over the sum of values[0]). */
int64_t report_total_opt(const struct profile *p,
    const struct graph_options *o);

/*
 * The printable names of every location's frames at o's granularity, as
 * pprof's CreateNodes gives them to traces: location l has names
 * names[start[l] .. start[l + 1]), innermost (inlined callee) first.
 */
struct loc_names {
	char **names;
	uint32_t *start;	/* nlocs + 1 entries */
	uint32_t nlocs;
};

struct loc_names *graph_loc_names(const struct profile *,
    const struct graph_options *);
void graph_loc_names_free(struct loc_names *);

#endif
