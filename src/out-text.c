/*
 * out-text.c - pprof's text reports: the header lines and the top table.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "output.h"
#include "units.h"

/* Go's time layout "Jan 2, 2006 at 3:04pm (MST)" in local time. */
static void
format_time(char *buf, size_t len, int64_t nanos)
{
	time_t t = (time_t)(nanos / 1000000000);
	struct tm tm;
	char mon[16], zone[16];
	int hour;

	if (nanos < 0 && nanos % 1000000000 != 0)
		t--;
	localtime_r(&t, &tm);
	strftime(mon, sizeof mon, "%b", &tm);
	strftime(zone, sizeof zone, "%Z", &tm);
	hour = tm.tm_hour % 12;
	if (hour == 0)
		hour = 12;
	snprintf(buf, len, "%s %d, %d at %d:%02d%s (%s)", mon, tm.tm_mday,
	    tm.tm_year + 1900, hour, tm.tm_min, tm.tm_hour < 12 ? "am" : "pm",
	    zone);
}

void
out_profile_labels(FILE *f, const struct report *r)
{
	const struct profile *p = r->prof;
	char buf[128], vbuf[64];
	uint32_t i;

	if (p->nmappings > 0) {
		const char *file = profile_str(p, p->mappings[0].file);
		const char *base = strrchr(file, '/');

		if (*file != '\0')
			fprintf(f, "File: %s\n", base ? base + 1 : file);
		if (p->mappings[0].build_id != 0)
			fprintf(f, "Build ID: %s\n",
			    profile_str(p, p->mappings[0].build_id));
	}
	for (i = 0; i < p->ncomments; i++) {
		const char *c = profile_str(p, p->comments[i]);

		if (c[0] != '#')
			fprintf(f, "%s\n", c);
	}
	fprintf(f, "Type: %s\n", r->sample_type);
	if (p->time_nanos != 0) {
		format_time(buf, sizeof buf, p->time_nanos);
		fprintf(f, "Time: %s\n", buf);
	}
	if (p->duration_nanos != 0) {
		const char *u;
		double tn = units_scale(r->total, r->sample_unit, "nanoseconds",
		    &u);
		char ratio[32] = "";

		if (strcmp(u, "ns") == 0 && (int64_t)tn != 0) {
			char pct[16];

			units_percent(pct, sizeof pct, (int64_t)tn,
			    p->duration_nanos);
			snprintf(ratio, sizeof ratio, "(%s)", pct);
		}
		units_label(buf, sizeof buf, p->duration_nanos, "nanoseconds",
		    "auto");
		fprintf(f, "Duration: %s, Total samples = %s %s\n", buf,
		    report_value(r, r->total, vbuf, sizeof vbuf), ratio);
	}
}

void
out_active_filters(FILE *f, const struct report *r)
{
	char *const *a = r->opt.active_filters;

	if (a == NULL || a[0] == NULL)
		return;
	fprintf(f, "Active filters:\n");
	for (; *a != NULL; a++) {
		if (strlen(*a) > 80)
			fprintf(f, "   %.80s\xe2\x80\xa6\n", *a);
		else
			fprintf(f, "   %s\n", *a);
	}
}

/* pprof's reportLabels after the profile labels. */
void
out_report_labels(FILE *f, const struct report *r)
{
	char a[64], b[64], pct[32], *s;

	report_value(r, r->shown_flat, a, sizeof a);
	report_value(r, r->total, b, sizeof b);
	units_percent(pct, sizeof pct, r->shown_flat, r->total);
	for (s = pct; *s == ' '; s++)
		;
	out_active_filters(f, r);
	fprintf(f, "Showing nodes accounting for %s, %s of %s total\n", a, s,
	    b);
	if (r->total == 0)
		return;
	if (r->dropped_nodes > 0) {
		int64_t cut = (int64_t)((double)r->total *
		    r->opt.nodefraction);

		fprintf(f, "Dropped %d node%s (cum <= %s)\n", r->dropped_nodes,
		    r->dropped_nodes > 1 ? "s" : "",
		    report_value(r, cut < 0 ? -cut : cut, a, sizeof a));
	}
	if (r->graph->nnodes > 0 && (int)r->graph->nnodes < r->orig_count)
		fprintf(f, "Showing top %u nodes out of %d\n", r->graph->nnodes,
		    r->orig_count);
}

void
out_top(FILE *f, const struct report *r)
{
	const struct graph *g = r->graph;
	char flat[64], cum[64], fp[32], sp[32], cp[32];
	int64_t sum = 0;
	uint32_t i;

	out_profile_labels(f, r);
	out_report_labels(f, r);
	fprintf(f, "%10s %5s%% %5s%% %10s %5s%%\n", "flat", "flat", "sum",
	    "cum", "cum");
	for (i = 0; i < g->nnodes; i++) {
		const struct graph_node *n = &g->nodes[i];
		const char *inl = "";

		if (n->in_inline)
			inl = n->in_call ? " (partial-inline)" : " (inline)";
		sum += n->flat;
		fprintf(f, "%10s %s %s %10s %s  %s%s\n",
		    report_value(r, n->flat, flat, sizeof flat),
		    units_percent(fp, sizeof fp, n->flat, r->total),
		    units_percent(sp, sizeof sp, sum, r->total),
		    report_value(r, n->cum, cum, sizeof cum),
		    units_percent(cp, sizeof cp, n->cum, r->total),
		    n->name, inl);
	}
}
