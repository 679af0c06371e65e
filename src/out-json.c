/*
 * out-json.c - heapdiff's JSON output (-json) for top, peek, traces and
 * tags.  The schema is documented in man heapdiff (JSON OUTPUT) and is
 * stable: fields are only ever added.  Every value is an exact integer in
 * the sample type's unit ("unit"), never a scaled or rounded label.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "output.h"
#include "regex.h"
#include "xmalloc.h"

#define JSON_SCHEMA_VERSION 1

void
out_json_str(FILE *f, const char *s)
{
	const unsigned char *p;

	fputc('"', f);
	for (p = (const unsigned char *)(s != NULL ? s : ""); *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/* The fields every document starts with. */
static void
json_header(FILE *f, const struct report *r, const char *report)
{
	char *const *a = r->opt.active_filters;
	const struct profile *p = r->prof;

	fprintf(f, "{\"schema\":\"heapdiff/%s\",\"version\":%d,", report,
	    JSON_SCHEMA_VERSION);
	fputs("\"sample_type\":", f);
	out_json_str(f, r->sample_type);
	fputs(",\"unit\":", f);
	out_json_str(f, r->sample_unit);
	fprintf(f, ",\"total\":%" PRId64 ",\"time_nanos\":%" PRId64
	    ",\"duration_nanos\":%" PRId64, r->total, p->time_nanos,
	    p->duration_nanos);
	fputs(",\"active_filters\":[", f);
	for (; a != NULL && *a != NULL; a++) {
		out_json_str(f, *a);
		if (a[1] != NULL)
			fputc(',', f);
	}
	fputc(']', f);
}

static const char *
inline_label(const struct graph_node *n)
{
	if (!n->in_inline)
		return "";
	return n->in_call ? "partial-inline" : "inline";
}

void
out_json_top(FILE *f, const struct report *r)
{
	const struct graph *g = r->graph;
	uint32_t i;

	json_header(f, r, "top");
	fprintf(f, ",\"shown_flat\":%" PRId64 ",\"dropped_nodes\":%d,"
	    "\"nodes_before_nodecount\":%d,\"nodes\":[", r->shown_flat,
	    r->dropped_nodes, r->orig_count);
	for (i = 0; i < g->nnodes; i++) {
		const struct graph_node *n = &g->nodes[i];

		fputs(i ? ",\n{\"name\":" : "\n{\"name\":", f);
		out_json_str(f, n->name);
		fprintf(f, ",\"flat\":%" PRId64 ",\"cum\":%" PRId64
		    ",\"inline\":\"%s\"}", n->flat, n->cum, inline_label(n));
	}
	fputs("]}\n", f);
}

static void
json_edges(FILE *f, const struct report *r, uint32_t node, bool in)
{
	const struct graph *g = r->graph;
	uint32_t n, i, *es = out_node_edges(r, node, in, &n);

	fputc('[', f);
	for (i = 0; i < n; i++) {
		const struct graph_edge *e = &g->edges[es[i]];

		fputs(i ? ",{\"name\":" : "{\"name\":", f);
		out_json_str(f, g->nodes[in ? e->src : e->dst].name);
		fprintf(f, ",\"weight\":%" PRId64 ",\"inline\":%s}", e->weight,
		    e->is_inline ? "true" : "false");
	}
	fputc(']', f);
	free(es);
}

void
out_json_peek(FILE *f, const struct report *r, struct regex *rx)
{
	const struct graph *g = r->graph;
	uint32_t i;
	bool first = true;

	json_header(f, r, "peek");
	fputs(",\"regex\":", f);
	out_json_str(f, regex_pattern(rx));
	fputs(",\"nodes\":[", f);
	for (i = 0; i < g->nnodes; i++) {
		const struct graph_node *n = &g->nodes[i];

		if (!regex_match(rx, n->name))
			continue;
		fputs(first ? "\n{\"name\":" : ",\n{\"name\":", f);
		first = false;
		out_json_str(f, n->name);
		fprintf(f, ",\"flat\":%" PRId64 ",\"cum\":%" PRId64
		    ",\"callers\":", n->flat, n->cum);
		json_edges(f, r, i, true);
		fputs(",\"callees\":", f);
		json_edges(f, r, i, false);
		fputc('}', f);
	}
	fputs("]}\n", f);
}

/* A sample's labels as {"key":["v",...]} and {"key":{"unit":u,
 * "values":[n,...]}}. */
static void
json_labels(FILE *f, const struct profile *p, size_t i, bool numeric,
    const char **units)
{
	size_t l0 = p->label_start[i], l1 = p->label_start[i + 1], j, k;
	bool first = true;

	fputc('{', f);
	for (j = l0; j < l1; j++) {
		const struct prof_label *a = &p->labels[j];
		bool seen = false, fv = true;

		if ((a->str == 0) != numeric)
			continue;
		for (k = l0; k < j && !seen; k++)
			seen = p->labels[k].key == a->key &&
			    (p->labels[k].str == 0) == numeric;
		if (seen)
			continue;
		if (!first)
			fputc(',', f);
		first = false;
		out_json_str(f, profile_str(p, a->key));
		if (numeric) {
			fputs(":{\"unit\":", f);
			out_json_str(f, units[a->key]);
			fputs(",\"values\":[", f);
		} else
			fputs(":[", f);
		for (k = j; k < l1; k++) {
			const struct prof_label *b = &p->labels[k];

			if (b->key != a->key || (b->str == 0) != numeric)
				continue;
			if (!fv)
				fputc(',', f);
			fv = false;
			if (numeric)
				fprintf(f, "%" PRId64, b->num);
			else
				out_json_str(f, profile_str(p, b->str));
		}
		fputs(numeric ? "]}" : "]", f);
	}
	fputc('}', f);
}

void
out_json_traces(FILE *f, const struct report *r)
{
	const struct profile *p = r->prof;
	struct loc_names *ln = graph_loc_names(p, &r->opt);
	const char **units = filter_num_label_units(p);
	size_t i;
	bool first = true;

	json_header(f, r, "traces");
	fputs(",\"traces\":[", f);
	for (i = 0; i < p->nsamples; i++) {
		uint32_t s = p->sample_stack[i], d = profile_stack_depth(p, s);
		const uint32_t *locs = profile_stack(p, s);
		uint32_t k, j;
		bool ff = true;

		fputs(first ? "\n{\"value\":" : ",\n{\"value\":", f);
		first = false;
		fprintf(f, "%" PRId64, p->values[i * p->ntypes +
		    (size_t)r->opt.sample_index]);
		fputs(",\"labels\":", f);
		json_labels(f, p, i, false, units);
		fputs(",\"num_labels\":", f);
		json_labels(f, p, i, true, units);
		fputs(",\"frames\":[", f);
		for (k = 0; k < d; k++) {
			uint32_t a = ln->start[locs[k]];
			uint32_t b = ln->start[locs[k] + 1];

			for (j = a; j < b; j++) {
				fputs(ff ? "{\"name\":" : ",{\"name\":", f);
				ff = false;
				out_json_str(f, ln->names[j]);
				fprintf(f, ",\"inline\":%s}", j != b - 1 ?
				    "true" : "false");
			}
		}
		fputs("]}", f);
	}
	fputs("]}\n", f);
	graph_loc_names_free(ln);
	free(units);
}

void
out_json_tags(FILE *f, const struct report *r)
{
	size_t nk, k, v;
	struct tag_key *keys = out_tag_table(r, &nk);

	json_header(f, r, "tags");
	fputs(",\"tags\":[", f);
	for (k = 0; k < nk; k++) {
		fputs(k ? ",\n{\"key\":" : "\n{\"key\":", f);
		out_json_str(f, keys[k].name);
		fprintf(f, ",\"total\":%" PRId64 ",\"values\":[",
		    keys[k].total);
		for (v = 0; v < keys[k].nvals; v++) {
			fputs(v ? ",{\"value\":" : "{\"value\":", f);
			out_json_str(f, keys[k].vals[v].name);
			fprintf(f, ",\"weight\":%" PRId64 "}",
			    keys[k].vals[v].weight);
		}
		fputs("]}", f);
	}
	fputs("]}\n", f);
	out_tag_table_free(keys, nk);
}
