/*
 * parse-cpu.c - legacy binary CPU profiles (gperftools' profiler, old Go
 * runtimes, Java agents), as pprof's parseCPU reads them.  The file is a
 * sequence of words, 32 or 64 bits, either byte order (detected from the
 * header 0, 3, 0|1, period in microseconds, 0):
 *
 *   count, depth, pc...      one record per stack
 *   0, 1, 0                  end of data
 *
 * followed by /proc/self/maps text (C++) or Java's location lines.  Sample
 * types samples/count and cpu/nanoseconds; addresses but the leaf minus
 * one; a frame under the leaf that nearly every sample shares (the signal
 * handler's) is removed, up to twice; a duplicated leaf is removed.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "legacy.h"
#include "parse.h"
#include "xmalloc.h"

int java_locations(struct legacy *l, const char *buf, size_t len,
    size_t first_line, char **cause);

/* One word reader: width 4 or 8, little or big endian. */
struct word_fmt {
	int width;
	bool big;
};

static const struct word_fmt formats[] = {
	{ 4, false }, { 4, true }, { 8, false }, { 8, true },
};

static uint64_t
word(const unsigned char *b, const struct word_fmt *f)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < f->width; i++)
		v |= (uint64_t)b[f->big ? f->width - 1 - i : i] << (8 * i);
	return v;
}

/* The word format whose header fits, and whether it is Java's; -1. */
static int
header(const unsigned char *b, size_t len, bool *java, uint64_t *period)
{
	size_t k;

	for (k = 0; k < sizeof formats / sizeof formats[0]; k++) {
		const struct word_fmt *f = &formats[k];
		uint64_t n[5];
		int i;

		if (len < (size_t)f->width * 5)
			continue;
		for (i = 0; i < 5; i++)
			n[i] = word(b + i * f->width, f);
		if (n[0] == 0 && n[1] == 3 && (n[2] == 0 || n[2] == 1) &&
		    n[3] > 0 && n[4] == 0) {
			*java = n[2] == 1;
			*period = n[3];
			return (int)k;
		}
	}
	return -1;
}

static int
cpu_probe(const unsigned char *buf, size_t len)
{
	bool java;
	uint64_t period;

	return header(buf, len, &java, &period) >= 0 ? 95 : 0;
}

/* pprof's removal of a second frame nearly all samples share. */
static void
strip_signal_frames(struct legacy *l)
{
	size_t margin = l->nsamples / 32, s;
	int iter;

	for (iter = 0; iter < 2; iter++) {
		size_t *count = xcalloc(l->nlocs ? l->nlocs : 1,
		    sizeof *count);
		uint32_t found = PROF_NONE, k;

		for (s = 0; s < l->nsamples; s++)
			if (l->sample_len[s] > 1)
				count[l->sample_locs[l->sample_start[s] + 1]]++;
		for (k = 0; k < l->nlocs; k++)
			if (count[k] > 0 && count[k] + margin >= l->nsamples) {
				found = k;
				break;
			}
		free(count);
		if (found == PROF_NONE)
			continue;
		for (s = 0; s < l->nsamples; s++) {
			uint32_t *sl = l->sample_locs + l->sample_start[s];

			if (l->sample_len[s] > 1 && sl[1] == found) {
				memmove(sl + 1, sl + 2,
				    (l->sample_len[s] - 2) * sizeof *sl);
				l->sample_len[s]--;
			}
		}
	}
}

static struct profile *
cpu_parse(const struct input *in, char **cause)
{
	static const char *const types[] = { "samples/count",
		"cpu/nanoseconds", NULL };
	const unsigned char *b = in->data, *end = in->data + in->len;
	const struct word_fmt *f;
	struct legacy l;
	struct legacy_lines r;
	uint64_t period;
	bool java;
	int k;
	struct profile *p;

	legacy_init(&l);
	if ((k = header(b, in->len, &java, &period)) < 0) {
		*cause = xstrdup("not a legacy CPU profile: no header words "
		    "0, 3, 0|1, period, 0 (at byte 0)");
		goto fail;
	}
	f = &formats[k];
	if (period > (uint64_t)INT64_MAX / 1000) {
		*cause = xasprintf("legacy CPU profile: absurd period %llu "
		    "(at byte %d)", (unsigned long long)period, 3 * f->width);
		goto fail;
	}
	legacy_period_type(&l, "cpu", "nanoseconds", (int64_t)period * 1000);
	legacy_sample_types(&l, types);
	b += 5 * f->width;
	while (b < end) {
		size_t off = (size_t)(b - in->data), avail;
		uint64_t count, nstk, i;
		int64_t values[2];

		if ((size_t)(end - b) < 2 * (size_t)f->width) {
			*cause = xasprintf("legacy CPU profile: truncated "
			    "record (at byte %zu)", off);
			goto fail;
		}
		count = word(b, f);
		nstk = word(b + f->width, f);
		b += 2 * f->width;
		avail = (size_t)(end - b) / (size_t)f->width;
		if (nstk > avail) {
			*cause = xasprintf("legacy CPU profile: stack of %llu "
			    "frames but only %zu words left (at byte %zu)",
			    (unsigned long long)nstk, avail, off);
			goto fail;
		}
		if (count == 0 && nstk == 1 && word(b, f) == 0) {
			b += f->width;
			break;		/* end of data */
		}
		if (count > (uint64_t)INT64_MAX / (uint64_t)l.p->period) {
			*cause = xasprintf("legacy CPU profile: absurd count "
			    "%llu (at byte %zu)", (unsigned long long)count,
			    off);
			goto fail;
		}
		values[0] = (int64_t)count;
		values[1] = (int64_t)count * l.p->period;
		legacy_sample(&l, values);
		for (i = 0; i < nstk; i++) {
			uint64_t a = word(b, f);

			b += f->width;
			if (!java && i > 0)
				a--;
			legacy_sample_loc(&l, legacy_loc(&l, a));
		}
	}
	if (java) {
		if (java_locations(&l, (const char *)b, (size_t)(end - b), 1,
		    cause) != 0)
			goto fail;
	} else {
		strip_signal_frames(&l);
		legacy_lines_init(&r, (const char *)b, (size_t)(end - b));
		legacy_memory_map(&l, &r);
		legacy_cleanup_duplicates(&l);
	}
	p = legacy_finish(&l);
	legacy_frame_info(p);
	legacy_free(&l);
	return p;
fail:
	legacy_free(&l);
	return NULL;
}

const struct parser parser_cpu = {
	"cpu",
	"legacy binary CPU profile (gperftools profiler, old Go, Java)",
	cpu_probe,
	cpu_parse,
};
