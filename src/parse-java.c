/*
 * parse-java.c - Java's legacy heapz and contentionz profiles, as pprof's
 * legacy_java_profile.go reads them: a `--- heapz 1 ---` or
 * `--- contentionz 1 ---` line, `attribute = value` lines (format = java,
 * resolution, sampling period, ms since reset), `VALUE COUNT @ 0x...`
 * samples (heap values unsampled at Java's 512 KiB rate, contention ones
 * times the period), then `0xADDR function (File.java:LINE)` lines naming
 * the addresses.  Locations keep no address (pprof's Aggregate).
 * java_locations is shared with the binary CPU parser's Java variant.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "legacy.h"
#include "parse.h"
#include "xmalloc.h"

int java_locations(struct legacy *l, const char *buf, size_t len,
    size_t first_line, char **cause);

/* The next "\n"-terminated line of [*p, end) (false if there is no
 * newline left, as pprof's loops over bytes.IndexByte). */
static bool
next_nl_line(const char **p, const char *end, const char **line,
    size_t *len)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));

	if (nl == NULL)
		return false;
	*line = *p;
	*len = (size_t)(nl - *p);
	*p = nl + 1;
	legacy_trim(line, len);
	return true;
}

static int
java_probe(const unsigned char *buf, size_t len)
{
	const char *line, *p = (const char *)buf;
	const char *end = p + (len > 4096 ? 4096 : len);
	size_t llen;

	if (!next_nl_line(&p, end, &line, &llen))
		return 0;
	if (llen == 15 && memcmp(line, "--- heapz 1 ---", 15) == 0)
		return 88;
	if (!(llen == 21 && memcmp(line, "--- contentionz 1 ---", 21) == 0))
		return 0;
	/* C++ contentionz has the same first line but no "format". */
	while (next_nl_line(&p, end, &line, &llen)) {
		if (llen == 0)
			continue;
		if (memchr(line, '=', llen) == NULL)
			break;
		if (llen > 6 && memcmp(line, "format", 6) == 0)
			return 90;
	}
	return 0;
}

/* The function called name (pprof keys Java functions by name only). */
static uint32_t
java_function(struct legacy *l, const char *name, size_t nlen,
    const char *file, size_t flen)
{
	strid n = profile_intern(l->p, name, nlen);
	uint32_t i;

	for (i = 0; i < l->p->nfunctions; i++)
		if (l->p->functions[i].name == n)
			return i;
	return legacy_function(l, name, nlen, file, flen);
}

int
java_locations(struct legacy *l, const char *buf, size_t len,
    size_t first_line, char **cause)
{
	struct regex *loc_rx, *fl_rx, *path_rx;
	struct legacy_lines r;
	const char *line;
	size_t ll;
	uint32_t i;

	loc_rx = regex_new_fixed("^\\s*0x([[:xdigit:]]+)\\s+(.*)\\s*$");
	fl_rx = regex_new_fixed("^(.*)\\s+\\((.+):(-?[[:digit:]]+)\\)$");
	path_rx = regex_new_fixed("^(.*)\\s+\\((.*)\\)$");
	legacy_lines_init(&r, buf, len);
	r.lineno = first_line - 1;
	while (legacy_lines_next(&r, &line, &ll)) {
		long st[4];
		size_t ln[4];
		uint64_t addr;
		const char *rest, *fn, *file = "";
		size_t rl, fnl, filel = 0;
		int64_t lineno = 0;
		uint32_t loc;
		struct prof_line pl;

		legacy_trim(&line, &ll);
		if (ll == 0 || regex_captures(loc_rx, line, ll, st, ln, 3) == 0)
			continue;
		if (!legacy_parse_uint(line + st[1], ln[1], 16, &addr)) {
			*cause = xasprintf("Java location address out of range "
			    "(at line %zu)", r.lineno);
			regex_free(loc_rx);
			regex_free(fl_rx);
			regex_free(path_rx);
			return -1;
		}
		/* Only addresses that samples use. */
		if ((loc = legacy_find_loc(l, addr)) == PROF_NONE)
			continue;
		rest = line + st[2];
		rl = ln[2];
		fn = rest;
		fnl = rl;
		if (regex_captures(fl_rx, rest, rl, st, ln, 4) > 0) {
			int64_t n;

			fn = rest + st[1];
			fnl = ln[1];
			file = rest + st[2];
			filel = ln[2];
			if (legacy_parse_int(rest + st[3], ln[3], 10, &n) &&
			    n > 0)
				lineno = n;
		} else if (regex_captures(path_rx, rest, rl, st, ln, 3) > 0) {
			const char *slash;

			fn = rest + st[1];
			fnl = ln[1];
			file = rest + st[2];
			filel = ln[2];
			/* filepath.Base */
			while (filel > 1 && file[filel - 1] == '/')
				filel--;
			for (slash = file + filel; slash > file &&
			    slash[-1] != '/'; slash--)
				;
			filel -= (size_t)(slash - file);
			file = slash;
			if (filel == 0) {
				file = ".";
				filel = 1;
			}
		} else if (memmem(rest, rl, "generated stub/JIT", 18) != NULL) {
			fn = "STUB";
			fnl = 4;
		}
		pl.function = java_function(l, fn, fnl, file, filel);
		pl.line = lineno;
		pl.column = 0;
		l->locs[loc].nlines = 0;
		legacy_loc_set_lines(l, loc, &pl, 1);
		l->locs[loc].address = 0;
	}
	regex_free(loc_rx);
	regex_free(fl_rx);
	regex_free(path_rx);
	legacy_remap(l);
	/* pprof's Aggregate(..., address=false). */
	for (i = 0; i < l->nlocs; i++)
		l->locs[i].address = 0;
	return 0;
}

static struct profile *
java_parse(const struct input *in, char **cause)
{
	struct legacy l;
	struct regex *attr = NULL, *sample = NULL;
	const char *p = (const char *)in->data, *end = p + in->len, *line;
	const char *mark;
	size_t len, lineno = 1, loc_line = 0;
	bool heap;
	struct profile *prof;

	legacy_init(&l);
	if (!next_nl_line(&p, end, &line, &len) || !((heap = len == 15 &&
	    memcmp(line, "--- heapz 1 ---", 15) == 0) || (len == 21 &&
	    memcmp(line, "--- contentionz 1 ---", 21) == 0))) {
		*cause = xstrdup("not a Java profile: no '--- heapz 1 ---' or "
		    "'--- contentionz 1 ---' line (at line 1)");
		goto fail;
	}
	/* pprof leaves the period type empty unless told. */
	l.p->period_type.type = l.p->period_type.unit = 0;
	attr = regex_new_fixed("([\\w ]+)=([\\w ]+)");
	for (mark = p; next_nl_line(&p, end, &line, &len); mark = p) {
		long st[3];
		size_t ln[3];
		const char *k, *v;
		size_t kl, vl;
		int64_t n;

		lineno++;
		if (len == 0)
			continue;
		if (regex_captures(attr, line, len, st, ln, 3) == 0)
			break;
		k = line + st[1];
		kl = ln[1];
		v = line + st[2];
		vl = ln[2];
		legacy_trim(&k, &kl);
		legacy_trim(&v, &vl);
#define IS(s) (kl == strlen(s) && memcmp(k, s, kl) == 0)
		if (IS("format")) {
			if (!(vl == 4 && memcmp(v, "java", 4) == 0)) {
				*cause = xasprintf("Java profile: format is "
				    "'%.*s', not java (at line %zu)", (int)vl,
				    v, lineno);
				goto fail;
			}
		} else if (IS("resolution")) {
			char *t0 = xstrdup(heap ? "inuse_objects/count" :
			    "contentions/count");
			char *t1 = xasprintf("%s/%.*s", heap ? "inuse_space" :
			    "delay", (int)vl, v);
			const char *types[] = { t0, t1, NULL };

			if (l.p->ntypes == 0)
				legacy_sample_types(&l, types);
			free(t0);
			free(t1);
		} else if (!heap && IS("sampling period")) {
			if (!legacy_parse_int(v, vl, 0, &n)) {
				*cause = xasprintf("Java profile: sampling "
				    "period '%.*s' is not a number (at line "
				    "%zu)", (int)vl, v, lineno);
				goto fail;
			}
			legacy_period_type(&l, "contentions", "count", n);
		} else if (!heap && IS("ms since reset")) {
			if (!legacy_parse_int(v, vl, 0, &n)) {
				*cause = xasprintf("Java profile: ms since "
				    "reset '%.*s' is not a number (at line "
				    "%zu)", (int)vl, v, lineno);
				goto fail;
			}
			l.p->duration_nanos = n * 1000 * 1000;
		} else {
			*cause = xasprintf("Java profile: unknown attribute "
			    "'%.*s' (at line %zu)", (int)kl, k, lineno);
			goto fail;
		}
#undef IS
	}
	if (l.p->ntypes == 0) {
		*cause = xasprintf("Java profile: no 'resolution' attribute, so "
		    "no sample types (at line %zu)", lineno);
		goto fail;
	}
	lineno--;
	p = mark;
	sample = regex_new_fixed(" *(\\d+) +(\\d+) +@ +([ x0-9a-f]*)");
	for (mark = p; next_nl_line(&p, end, &line, &len); mark = p) {
		long st[4];
		size_t ln[4];
		int64_t values[2];

		lineno++;
		if (len == 0)
			continue;
		if (regex_captures(sample, line, len, st, ln, 4) == 0) {
			loc_line = lineno;	/* mark is this line */
			break;
		}
		if (!legacy_parse_int(line + st[2], ln[2], 0, &values[0]) ||
		    !legacy_parse_int(line + st[1], ln[1], 0, &values[1])) {
			*cause = xasprintf("Java sample: number out of range "
			    "(at line %zu)", lineno);
			goto fail;
		}
		if (heap && values[0] == 0) {
			*cause = xasprintf("Java heap sample with a count of 0 "
			    "(at line %zu)", lineno);
			goto fail;
		}
		if (!heap && l.p->period != 0) {
			values[0] *= l.p->period;
			values[1] *= l.p->period;
		}
		if (heap) {
			int64_t bytes = values[1] / values[0];

			legacy_scale_heap(&values[0], &values[1], 524288);
			legacy_sample(&l, values);
			legacy_sample_num_label(&l, "bytes", bytes);
		} else
			legacy_sample(&l, values);
		/* Addresses are not adjusted in Java profiles. */
		if (legacy_sample_addresses(&l, line + st[3], ln[3], lineno,
		    false, cause) != 0)
			goto fail;
	}
	if (loc_line == 0)
		loc_line = lineno + 1;	/* mark is after the last line */
	if (java_locations(&l, mark, (size_t)(end - mark), loc_line,
	    cause) != 0)
		goto fail;
	prof = legacy_finish(&l);
	legacy_frame_info(prof);
	regex_free(attr);
	regex_free(sample);
	legacy_free(&l);
	return prof;
fail:
	regex_free(attr);
	regex_free(sample);
	legacy_free(&l);
	return NULL;
}

const struct parser parser_java = {
	"java",
	"Java heapz / contentionz text profile (format = java)",
	java_probe,
	java_parse,
};
