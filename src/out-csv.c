/*
 * out-csv.c - the top table as CSV (-csv): one header line, then one row
 * per node with exact integer values in the sample type's unit.  Fields
 * are quoted (RFC 4180) when they hold a comma, quote or newline.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "output.h"

void
out_csv_field(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\n\r") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void
out_csv_top(FILE *f, const struct report *r)
{
	const struct graph *g = r->graph;
	int64_t sum = 0;
	uint32_t i;

	fprintf(f, "name,flat,flat_pct,sum_pct,cum,cum_pct,unit,inline\n");
	for (i = 0; i < g->nnodes; i++) {
		const struct graph_node *n = &g->nodes[i];
		double t = r->total != 0 ? (double)r->total : 1;
		const char *inl = "";

		if (n->in_inline)
			inl = n->in_call ? "partial-inline" : "inline";
		sum += n->flat;
		out_csv_field(f, n->name);
		fprintf(f, ",%" PRId64 ",%.4f,%.4f,%" PRId64 ",%.4f,",
		    n->flat, 100.0 * (double)n->flat / t,
		    100.0 * (double)sum / t, n->cum,
		    100.0 * (double)n->cum / t);
		out_csv_field(f, r->sample_unit);
		fprintf(f, ",%s\n", inl);
	}
}
