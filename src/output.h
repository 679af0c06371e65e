/*
 * output.h - printing reports.  Each printer takes a computed report and a
 * sink (any FILE *, including open_memstream for tests) and only prints.
 */
#ifndef HEAPDIFF_OUTPUT_H
#define HEAPDIFF_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "graph.h"

/* pprof's header lines (File:, Build ID:, comments, Type:, Time:,
 * Duration:) for a report. */
void out_profile_labels(FILE *, const struct report *);

/* pprof's "Active filters:" block (nothing without filters). */
void out_active_filters(FILE *, const struct report *);

/* pprof's reportLabels after the profile labels: active filters,
 * "Showing nodes ...", "Dropped ...", "Showing top ...". */
void out_report_labels(FILE *, const struct report *);

/* pprof's -tree text, and -peek's (only the nodes whose name matches rx,
 * when rx is not NULL).  Returns the number of nodes printed. */
struct regex;
int out_tree(FILE *, const struct report *, struct regex *rx);

/* The edges into (callers) or out of (callees) node n, in pprof's order
 * (|weight| descending, then caller name, then callee name).  Caller
 * frees; *n_out is the count. */
uint32_t *out_node_edges(const struct report *, uint32_t node, bool in,
    uint32_t *n_out);

/* pprof's -traces text: the profile labels, then every sample's stack with
 * its value and labels (names at the report's granularity). */
void out_traces(FILE *, const struct report *);

/* pprof's -tags text: every label key with its values' share. */
void out_tags(FILE *, const struct report *);

/* pprof's -list text for the functions matching rx, reading sources
 * through reader.  Returns the number of functions listed (0: nothing
 * printed). */
struct source_reader;
int out_list(FILE *, const struct report *, struct regex *rx,
    struct source_reader *reader);

/* The tags table: keys by name, each with its values by |weight|. */
struct tag_value {
	char *name;
	int64_t weight;
};
struct tag_key {
	char *name;
	struct tag_value *vals;
	size_t nvals;
	int64_t total;
};
struct tag_key *out_tag_table(const struct report *, size_t *nkeys);
void out_tag_table_free(struct tag_key *, size_t nkeys);

/* JSON (schema in man heapdiff, JSON OUTPUT) and CSV forms. */
void out_json_top(FILE *, const struct report *);
void out_json_peek(FILE *, const struct report *, struct regex *rx);
void out_json_traces(FILE *, const struct report *);
void out_json_tags(FILE *, const struct report *);
void out_csv_top(FILE *, const struct report *);

/* pprof's -top text: header, "Showing nodes ..." lines, the table. */
void out_top(FILE *, const struct report *);

/* pprof's -dot: the report (built with opt.visual) as Graphviz DOT. */
void out_dot(FILE *, const struct report *);

/* s as a JSON string literal, quotes included (UTF-8 passed through,
 * control characters escaped; NULL as ""), for every -json printer. */
void out_json_str(FILE *, const char *s);
/* s as a CSV field, quoted (quotes doubled) when it holds a comma, quote
 * or line break, for every -csv printer. */
void out_csv_field(FILE *, const char *s);

/* Graphviz's SVG of a call graph (NUL-terminated, len bytes) made to fill
 * the window, with pan and zoom (out-svg.c): a new string (its length in
 * *outlen), or NULL when svg is not dot's drawing of a graph. */
char *out_svg_pan_zoom(const char *svg, size_t len, size_t *outlen);

/* A flame tree (flame.h) as one standalone SVG with embedded CSS and
 * script: hover details, click-to-zoom, search; red/blue for a diff. */
struct flame;
void out_flame(FILE *, const struct flame *);
/* pprof's -raw text (Profile.String()) of a profile. */
void out_raw(FILE *, const struct profile *);

#endif
