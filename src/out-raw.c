/*
 * out-raw.c - pprof's -raw text: Profile.String() of the profile as it was
 * parsed (comments, period, samples with their location ids and labels,
 * locations with their lines, mappings).  pprof's conformance files
 * (`X.string`) are this text, so it is compared with them byte for byte.
 * Location and mapping ids are positions in the model plus one.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "output.h"
#include "xmalloc.h"

/* Go's fmtFrac: the fraction of v with prec digits, trailing zeros
 * dropped; writes backwards from buf[w], returns the new w. */
static int
fmt_frac(char *buf, int w, uint64_t *v, int prec)
{
	bool print = false;
	int i;

	for (i = 0; i < prec; i++) {
		int digit = (int)(*v % 10);

		print = print || digit != 0;
		if (print)
			buf[--w] = (char)('0' + digit);
		*v /= 10;
	}
	if (print)
		buf[--w] = '.';
	return w;
}

static int
fmt_int(char *buf, int w, uint64_t v)
{
	if (v == 0)
		buf[--w] = '0';
	while (v > 0) {
		buf[--w] = (char)('0' + v % 10);
		v /= 10;
	}
	return w;
}

/* Go's time.Duration.String(). */
static void
go_duration(char *out, size_t outlen, int64_t d)
{
	char buf[40];
	int w = sizeof buf;
	uint64_t u = (uint64_t)d;
	bool neg = d < 0;

	if (neg)
		u = -u;
	if (u < 1000000000ULL) {
		int prec;

		buf[--w] = 's';
		if (u == 0) {
			snprintf(out, outlen, "0s");
			return;
		} else if (u < 1000ULL) {
			prec = 0;
			buf[--w] = 'n';
		} else if (u < 1000000ULL) {
			prec = 3;
			buf[--w] = '\xb5';
			buf[--w] = '\xc2';
		} else {
			prec = 6;
			buf[--w] = 'm';
		}
		w = fmt_frac(buf, w, &u, prec);
		w = fmt_int(buf, w, u);
	} else {
		buf[--w] = 's';
		w = fmt_frac(buf, w, &u, 9);
		w = fmt_int(buf, w, u % 60);
		u /= 60;
		if (u > 0) {
			buf[--w] = 'm';
			w = fmt_int(buf, w, u % 60);
			u /= 60;
			if (u > 0) {
				buf[--w] = 'h';
				w = fmt_int(buf, w, u);
			}
		}
	}
	if (neg)
		buf[--w] = '-';
	snprintf(out, outlen, "%.*s", (int)sizeof buf - w, buf + w);
}

/* The first n runes of a UTF-8 string (Go's %.Nv on a string). */
static void
runes(FILE *f, const char *s, int n)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0' && n > 0) {
		const unsigned char *q = p + 1;

		while ((*q & 0xc0) == 0x80)
			q++;
		fwrite(p, 1, (size_t)(q - p), f);
		p = q;
		n--;
	}
}

/* Go's time.Time String() in local time. */
static void
go_time(FILE *f, int64_t nanos)
{
	time_t t = (time_t)(nanos / 1000000000);
	int64_t frac = nanos % 1000000000;
	struct tm tm;
	char date[64], zone[16], off[8], fr[16];
	int n;

	if (frac < 0) {
		frac += 1000000000;
		t--;
	}
	localtime_r(&t, &tm);
	strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);
	strftime(zone, sizeof zone, "%Z", &tm);
	strftime(off, sizeof off, "%z", &tm);
	fr[0] = '\0';
	if (frac != 0) {
		snprintf(fr, sizeof fr, ".%09lld", (long long)frac);
		for (n = (int)strlen(fr); fr[n - 1] == '0'; n--)
			fr[n - 1] = '\0';
	}
	fprintf(f, "Time: %s%s %s %s\n", date, fr, off, zone);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* pprof's labelsToString / numLabelsToString for one sample: keys in
 * first-seen order, values in order, then the "key:[...]" strings
 * sorted. */
static void
print_labels(FILE *f, const struct profile *p, const struct prof_label *lb,
    size_t n, bool numeric)
{
	char **items = xcalloc(n ? n : 1, sizeof *items);
	size_t nitems = 0, i, k;
	bool *done = xcalloc(n ? n : 1, sizeof *done);

	for (i = 0; i < n; i++) {
		char *s, *t;
		bool units = false;

		if (done[i] || (lb[i].str != 0) == numeric)
			continue;
		for (k = i; k < n; k++)
			if (lb[k].key == lb[i].key && (lb[k].str != 0) !=
			    numeric && lb[k].num_unit != 0)
				units = true;
		s = xasprintf("%s:[", profile_str(p, lb[i].key));
		for (k = i; k < n; k++) {
			if (lb[k].key != lb[i].key || (lb[k].str != 0) ==
			    numeric)
				continue;
			done[k] = true;
			if (!numeric)
				t = xasprintf("%s%s%s", s, k == i ? "" : " ",
				    profile_str(p, lb[k].str));
			else if (units)
				t = xasprintf("%s%s%lld %s", s, k == i ? "" :
				    " ", (long long)lb[k].num,
				    profile_str(p, lb[k].num_unit));
			else
				t = xasprintf("%s%s%lld", s, k == i ? "" : " ",
				    (long long)lb[k].num);
			free(s);
			s = t;
		}
		t = xasprintf("%s]", s);
		free(s);
		items[nitems++] = t;
	}
	if (nitems > 0) {
		qsort(items, nitems, sizeof *items, cmp_str);
		fputs("                ", f);
		for (i = 0; i < nitems; i++)
			fprintf(f, "%s%s", i ? " " : "", items[i]);
		fputc('\n', f);
	}
	for (i = 0; i < nitems; i++)
		free(items[i]);
	free(items);
	free(done);
}

void
out_raw(FILE *f, const struct profile *p)
{
	uint32_t i, k;
	size_t s;

	for (i = 0; i < p->ncomments; i++)
		fprintf(f, "Comment: %s\n", profile_str(p, p->comments[i]));
	fprintf(f, "PeriodType: %s %s\n", profile_str(p, p->period_type.type),
	    profile_str(p, p->period_type.unit));
	fprintf(f, "Period: %lld\n", (long long)p->period);
	if (p->time_nanos != 0)
		go_time(f, p->time_nanos);
	if (p->duration_nanos != 0) {
		char d[64];

		go_duration(d, sizeof d, p->duration_nanos);
		fputs("Duration: ", f);
		runes(f, d, 4);
		fputc('\n', f);
	}
	fputs("Samples:\n", f);
	for (i = 0; i < p->ntypes; i++) {
		const char *t = profile_str(p, p->sample_types[i].type);

		fprintf(f, "%s%s/%s%s", i ? " " : "", t,
		    profile_str(p, p->sample_types[i].unit),
		    p->default_sample_type != 0 && strcmp(t,
		    profile_str(p, p->default_sample_type)) == 0 ? "[dflt]" :
		    "");
	}
	fputc('\n', f);
	for (s = 0; s < p->nsamples; s++) {
		uint32_t st = p->sample_stack[s];
		const uint32_t *locs = profile_stack(p, st);
		const struct prof_label *lb = p->labels + p->label_start[s];
		size_t nl = p->label_start[s + 1] - p->label_start[s];

		for (i = 0; i < p->ntypes; i++)
			fprintf(f, " %10lld",
			    (long long)p->values[s * p->ntypes + i]);
		fputs(": ", f);
		for (i = 0; i < profile_stack_depth(p, st); i++)
			fprintf(f, "%u ", locs[i] + 1);
		fputc('\n', f);
		print_labels(f, p, lb, nl, false);
		print_labels(f, p, lb, nl, true);
	}
	fputs("Locations\n", f);
	for (i = 0; i < p->nlocations; i++) {
		const struct prof_location *l = &p->locations[i];
		char head[96];
		int hl;

		hl = snprintf(head, sizeof head, "%6u: 0x%llx ", i + 1,
		    (unsigned long long)l->address);
		if (l->mapping != PROF_NONE)
			hl += snprintf(head + hl, sizeof head - (size_t)hl,
			    "M=%u ", l->mapping + 1);
		if (l->is_folded)
			snprintf(head + hl, sizeof head - (size_t)hl, "[F] ");
		if (l->nlines == 0)
			fprintf(f, "%s\n", head);
		for (k = 0; k < l->nlines; k++) {
			const struct prof_line *ln = &p->lines[l->first_line + k];
			const struct prof_function *fn =
			    &p->functions[ln->function];

			fprintf(f, "%s%s %s:%lld:%lld s=%lld", k == 0 ? head :
			    "             ", profile_str(p, fn->name),
			    profile_str(p, fn->filename), (long long)ln->line,
			    (long long)ln->column, (long long)fn->start_line);
			if (fn->name != fn->system_name)
				fprintf(f, "(%s)", profile_str(p,
				    fn->system_name));
			fputc('\n', f);
		}
	}
	fputs("Mappings\n", f);
	for (i = 0; i < p->nmappings; i++) {
		const struct prof_mapping *m = &p->mappings[i];

		fprintf(f, "%u: 0x%llx/0x%llx/0x%llx %s %s %s%s%s%s\n", i + 1,
		    (unsigned long long)m->start, (unsigned long long)m->limit,
		    (unsigned long long)m->offset, profile_str(p, m->file),
		    profile_str(p, m->build_id),
		    m->has_functions ? "[FN]" : "",
		    m->has_filenames ? "[FL]" : "",
		    m->has_line_numbers ? "[LN]" : "",
		    m->has_inline_frames ? "[IN]" : "");
	}
}
