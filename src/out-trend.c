/*
 * out-trend.c - print trend and leaks results (see out-trend.h).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "out-trend.h"
#include "output.h"
#include "units.h"

bool
out_utf8_locale(void)
{
	const char *vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	size_t i;

	/* The first of these that is set decides, as setlocale would. */
	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v != NULL && *v != '\0')
			return strcasestr(v, "utf-8") != NULL ||
			    strcasestr(v, "utf8") != NULL;
	}
	return false;
}

/* A value in the best unit ("12.5kB"), signed when plus is set. */
static char *
fmt_value(char *buf, size_t len, int64_t v, const char *unit, bool plus)
{
	char tmp[48];

	units_label(tmp, sizeof tmp, v < 0 ? -v : v, unit, "auto");
	snprintf(buf, len, "%s%s", v < 0 ? "-" : plus && v > 0 ? "+" : "",
	    tmp);
	return buf;
}

/* A rate per minute (or per step) in the best unit. */
static char *
fmt_rate(char *buf, size_t len, double rate, const char *unit, bool timed)
{
	char v[56];

	fmt_value(v, sizeof v, (int64_t)llround(rate), unit, true);
	snprintf(buf, len, "%s/%s", v, timed ? "min" : "step");
	return buf;
}

/* A double as JSON (no NaN or infinities there). */
static void
json_num(FILE *f, double d)
{
	if (!isfinite(d))
		d = 0;
	fprintf(f, "%.6g", d);
}

/* The statistics of a series as JSON members. */
static void
json_stats(FILE *f, const struct trend_stats *st, bool timed)
{
	fprintf(f, "\"first\": %lld, \"last\": %lld, \"change\": %lld, "
	    "\"min\": %lld, \"max\": %lld, ", (long long)st->first,
	    (long long)st->last, (long long)st->change, (long long)st->min,
	    (long long)st->max);
	fprintf(f, "\"%s\": ", timed ? "rate_per_minute" : "rate_per_step");
	json_num(f, st->rate);
	fprintf(f, ", \"grew_steps\": %zu, \"steps\": %zu, \"grew_share\": ",
	    st->grew, st->steps);
	json_num(f, st->grew_share);
	fprintf(f, ", \"mann_kendall\": {\"s\": %lld, \"z\": ",
	    (long long)st->mk_s);
	json_num(f, st->mk_z);
	fputs(", \"p\": ", f);
	json_num(f, st->mk_p);
	fputs("}, \"r2\": ", f);
	json_num(f, st->r2);
}

/* An array of integers as JSON. */
static void
json_values(FILE *f, const int64_t *v, size_t n)
{
	size_t k;

	fputc('[', f);
	for (k = 0; k < n; k++)
		fprintf(f, "%s%lld", k ? ", " : "", (long long)v[k]);
	fputc(']', f);
}

/* "8 snapshots over 0.62 min (profile times)" */
static void
span_text(char *buf, size_t len, const struct trend *t)
{
	if (t->timed)
		snprintf(buf, len, "%zu snapshots over %.2f min", t->n,
		    t->x[t->n - 1]);
	else if (t->n == 1)
		snprintf(buf, len, "1 snapshot");
	else
		snprintf(buf, len, "%zu snapshots, in the order given (no "
		    "times)", t->n);
}

/* The next site to show from *i on (all-zero sites are left out, and
 * all after limit shown, 0 = no limit), or NULL. */
static const struct trend_site *
next_site(const struct trend *t, size_t *i, size_t *shown, size_t limit)
{
	while (*i < t->nsites && (limit == 0 || *shown < limit)) {
		const struct trend_site *s = &t->sites[(*i)++];

		if (s->stats.min != 0 || s->stats.max != 0) {
			(*shown)++;
			return s;
		}
	}
	return NULL;
}

void
out_trend_text(FILE *f, const struct trend *t, const char *program,
    const char *kind, size_t limit, bool ascii)
{
	char span[96], a[64], b[64], c[64], r[64], spark[256], grew[32];
	const struct trend_site *s;
	size_t i = 0, shown = 0;

	span_text(span, sizeof span, t);
	fprintf(f, "Series: %s %s, %s\n", *program ? program : "-", kind,
	    span);
	fprintf(f, "Type: %s (%s)\n", t->sample_type, t->opt.cum ? "cum" :
	    "flat");
	fprintf(f, "%10s %10s %11s %14s %6s %8s %5s  %-*s %s\n", "first",
	    "last", "change", t->timed ? "rate/min" : "rate/step", "grew",
	    "MK p", "R2", (int)t->n, "trend", "site");
	while ((s = next_site(t, &i, &shown, limit)) != NULL) {
		const struct trend_stats *st = &s->stats;

		snprintf(grew, sizeof grew, "%zu/%zu", st->grew, st->steps);
		trend_sparkline(t->opt.cum ? s->cum : s->flat, t->n, ascii,
		    spark, sizeof spark);
		fprintf(f, "%10s %10s %11s %14s %6s %8.2g %5.2f  %s%*s %s\n",
		    fmt_value(a, sizeof a, st->first, t->unit, false),
		    fmt_value(b, sizeof b, st->last, t->unit, false),
		    fmt_value(c, sizeof c, st->change, t->unit, true),
		    fmt_rate(r, sizeof r, st->rate, t->unit, t->timed), grew,
		    st->mk_p, st->r2, spark,
		    (int)(t->n < 5 ? 5 - t->n : 0), "", s->name);
	}
}

void
out_trend_json(FILE *f, const struct trend *t, const char *program,
    const char *kind, size_t limit)
{
	const struct trend_site *s;
	size_t i = 0, k, shown = 0;

	fputs("{\"program\": ", f);
	out_json_str(f, program);
	fputs(", \"kind\": ", f);
	out_json_str(f, kind);
	fputs(", \"sample_type\": ", f);
	out_json_str(f, t->sample_type);
	fputs(", \"unit\": ", f);
	out_json_str(f, t->unit);
	fprintf(f, ", \"measure\": \"%s\", \"timed\": %s,\n \"snapshots\": [",
	    t->opt.cum ? "cum" : "flat", t->timed ? "true" : "false");
	for (k = 0; k < t->n; k++) {
		fprintf(f, "%s{\"name\": ", k ? ", " : "");
		out_json_str(f, t->snap_names[k]);
		fprintf(f, ", \"time_ns\": %lld, \"minutes\": ",
		    (long long)t->times_ns[k]);
		json_num(f, t->timed ? t->x[k] : 0);
		fputc('}', f);
	}
	fputs("],\n \"sites\": [", f);
	while ((s = next_site(t, &i, &shown, limit)) != NULL) {
		fprintf(f, "%s\n  {\"site\": ", shown > 1 ? "," : "");
		out_json_str(f, s->name);
		fputs(", \"flat\": ", f);
		json_values(f, s->flat, t->n);
		fputs(", \"cum\": ", f);
		json_values(f, s->cum, t->n);
		fputs(", ", f);
		json_stats(f, &s->stats, t->timed);
		fputc('}', f);
	}
	fputs("\n ]}\n", f);
}

void
out_trend_csv(FILE *f, const struct trend *t, const char *program,
    const char *kind, bool header, size_t limit)
{
	const struct trend_site *s;
	size_t i = 0, k, shown = 0;

	if (header)
		fprintf(f, "program,kind,sample_type,site,snapshot,time_ns,"
		    "minutes,flat,cum,first,last,change,rate_per_%s,"
		    "grew_share,mk_p,r2\n", t->timed ? "minute" : "step");
	while ((s = next_site(t, &i, &shown, limit)) != NULL) {
		const struct trend_stats *st = &s->stats;

		for (k = 0; k < t->n; k++) {
			out_csv_field(f, program);
			fputc(',', f);
			out_csv_field(f, kind);
			fputc(',', f);
			out_csv_field(f, t->sample_type);
			fputc(',', f);
			out_csv_field(f, s->name);
			fputc(',', f);
			out_csv_field(f, t->snap_names[k]);
			fprintf(f, ",%lld,%.6g,%lld,%lld,%lld,%lld,%lld,%.6g,"
			    "%.4g,%.4g,%.4g\n", (long long)t->times_ns[k],
			    t->timed ? t->x[k] : 0.0, (long long)s->flat[k],
			    (long long)s->cum[k], (long long)st->first,
			    (long long)st->last, (long long)st->change,
			    st->rate, st->grew_share, st->mk_p, st->r2);
		}
	}
}

/* One line of evidence: "inuse_space 31.25kB -> 250kB (+218.75kB,
 * +351kB/min) ▁▂▃▄▅▆▇█ grew 7/7, MK p=0.0002, R2=1.00". */
static void
evidence_text(FILE *f, const struct leak_evidence *e, bool ascii)
{
	const struct trend_stats *st = &e->stats;
	char a[64], b[64], c[64], r[64], spark[256];

	trend_sparkline(e->values, e->n, ascii, spark, sizeof spark);
	fprintf(f, "   %-13s %s -> %s (%s, %s)  %s  grew %zu/%zu, MK "
	    "p=%.2g, R2=%.2f\n", e->what,
	    fmt_value(a, sizeof a, st->first, e->unit, false),
	    fmt_value(b, sizeof b, st->last, e->unit, false),
	    fmt_value(c, sizeof c, st->change, e->unit, true),
	    fmt_rate(r, sizeof r, st->rate, e->unit, e->timed), spark,
	    st->grew, st->steps, st->mk_p, st->r2);
}

void
out_leaks_text(FILE *f, const struct leaks *l, bool ascii)
{
	size_t i, k;

	if (l->n == 0) {
		fprintf(f, "No leak suspects (%zu heap, %zu goroutine "
		    "snapshots).\n", l->heap_snapshots,
		    l->goroutine_snapshots);
		return;
	}
	fprintf(f, "%zu leak suspect%s (%zu heap, %zu goroutine snapshots), "
	    "most certain first:\n", l->n, l->n == 1 ? "" : "s",
	    l->heap_snapshots, l->goroutine_snapshots);
	for (i = 0; i < l->n; i++) {
		const struct leak_suspect *s = &l->suspects[i];
		const struct leak_pattern_info *pi =
		    leak_pattern_info(s->pattern);

		fprintf(f, "\n%zu. %s  score %d  [%s]\n", i + 1, s->function,
		    s->score, *s->program ? s->program : "-");
		fprintf(f, "   pattern: %s (%s)\n", pi->name, s->reason);
		fprintf(f, "   fix:     %s\n", pi->fix);
		if (s->heap.present)
			evidence_text(f, &s->heap, ascii);
		if (s->objects.present)
			evidence_text(f, &s->objects, ascii);
		if (s->goroutines.present) {
			evidence_text(f, &s->goroutines, ascii);
			fprintf(f, "   %-13s %s\n", "parked in",
			    s->goroutines.where);
		}
		if (s->nframes > 0) {
			fprintf(f, "   %-13s", "frames");
			for (k = 0; k < s->nframes; k++)
				fprintf(f, "%s%s", k ? ", " : " ",
				    s->frames[k]);
			fputc('\n', f);
		}
	}
}

/* One piece of a suspect's evidence as a JSON member. */
static void
json_evidence(FILE *f, const char *key, const struct leak_evidence *e)
{
	fprintf(f, ", \"%s\": {\"sample_type\": ", key);
	out_json_str(f, e->what);
	fputs(", \"unit\": ", f);
	out_json_str(f, e->unit);
	fputs(", \"values\": ", f);
	json_values(f, e->values, e->n);
	fputs(", ", f);
	json_stats(f, &e->stats, e->timed);
	if (e->where != NULL) {
		fputs(", \"stack\": ", f);
		out_json_str(f, e->where);
	}
	fputc('}', f);
}

void
out_leaks_json(FILE *f, const struct leaks *l)
{
	size_t i, k;

	fprintf(f, "{\"heap_snapshots\": %zu, \"goroutine_snapshots\": %zu, "
	    "\"suspects\": [", l->heap_snapshots, l->goroutine_snapshots);
	for (i = 0; i < l->n; i++) {
		const struct leak_suspect *s = &l->suspects[i];
		const struct leak_pattern_info *pi =
		    leak_pattern_info(s->pattern);

		fprintf(f, "%s\n  {\"rank\": %zu, \"function\": ", i ? "," : "",
		    i + 1);
		out_json_str(f, s->function);
		fputs(", \"program\": ", f);
		out_json_str(f, s->program);
		fputs(", \"pattern\": ", f);
		out_json_str(f, pi->id);
		fputs(", \"pattern_name\": ", f);
		out_json_str(f, pi->name);
		fputs(", \"fix\": ", f);
		out_json_str(f, pi->fix);
		fprintf(f, ", \"score\": %d,\n   \"evidence\": {\"reason\": ",
		    s->score);
		out_json_str(f, s->reason);
		fprintf(f, ", \"object_size\": %lld, \"frames\": [",
		    (long long)s->object_size);
		for (k = 0; k < s->nframes; k++) {
			if (k)
				fputs(", ", f);
			out_json_str(f, s->frames[k]);
		}
		fputc(']', f);
		if (s->heap.present)
			json_evidence(f, "heap", &s->heap);
		if (s->objects.present)
			json_evidence(f, "objects", &s->objects);
		if (s->goroutines.present)
			json_evidence(f, "goroutines", &s->goroutines);
		fputs("}}", f);
	}
	fputs(l->n ? "\n]}\n" : "]}\n", f);
}
