/*
 * parse-jemalloc.c - jemalloc's `prof` heap dumps (`heap_v2/R`), which go
 * tool pprof rejects and jeprof reads:
 *
 *   heap_v2/524288
 *     t*: 28106: 56637512 [0: 0]        totals, then one line per thread
 *     t3: 352: 16777344 [0: 0]
 *   @ 0x7f... 0x55...                   a stack ...
 *     t*: 13: 6688 [0: 0]               ... its totals: in-use count: bytes
 *     t3: 12: 6496 [0: 0]                   [allocated count: bytes]
 *   MAPPED_LIBRARIES:
 *
 * Each stack becomes one sample from its `t*:` line (the per-thread `tN:`
 * lines add up to it and are checked but not kept), with pprof's heap
 * semantics: four sample types when the totals' allocation values differ
 * from the in-use ones (else objects, space), Poisson unsampling at rate R
 * as for heap_v2, the bytes label, addresses minus one, the allocator
 * drop_frames.  jemalloc records its own frames (prof_backtrace, the
 * malloc path) at the top of every stack; jeprof removes them by name,
 * which needs jemalloc's symbols.  Here the leading frames that lie in a
 * mapping of libjemalloc are dropped, so the allocating function holds the
 * memory even when libjemalloc is stripped or absent.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "legacy.h"
#include "parse.h"
#include "xmalloc.h"

static int
jemalloc_probe(const unsigned char *buf, size_t len)
{
	const char *line;
	size_t llen;

	legacy_first_line(buf, len, &line, &llen);
	return llen > 8 && memcmp(line, "heap_v2/", 8) == 0 ? 95 : 0;
}

/* A "tN: a: b [c: d]" line: 1 if it is t*, 0 for a thread, -1 if bad. */
static int
thread_line(struct regex *rx, const char *s, size_t len, int64_t v[4])
{
	long st[6];
	size_t ln[6];
	int i;

	if (regex_captures(rx, s, len, st, ln, 6) == 0)
		return -1;
	for (i = 0; i < 4; i++)
		if (!legacy_parse_int(s + st[i + 2], ln[i + 2], 10, &v[i]))
			return -1;
	return s[st[1]] == '*' ? 1 : 0;
}

/* Whether a mapping is libjemalloc's. */
static bool
is_jemalloc(const struct legacy *l, uint32_t m)
{
	const char *f, *base;

	if (m == PROF_NONE || m >= l->nmaps)
		return false;
	f = l->maps[m].file;
	base = strrchr(f, '/') ? strrchr(f, '/') + 1 : f;
	return strncmp(base, "libjemalloc", 11) == 0;
}

/* Drop each stack's leading frames in libjemalloc (its profiler's own). */
static void
drop_jemalloc_frames(struct legacy *l)
{
	size_t s;

	for (s = 0; s < l->nsamples; s++) {
		uint32_t *sl = l->sample_locs + l->sample_start[s];
		uint32_t n = l->sample_len[s], k = 0;

		while (k < n && is_jemalloc(l, l->locs[sl[k]].mapping))
			k++;
		if (k == n || k == 0)
			continue;
		memmove(sl, sl + k, (n - k) * sizeof *sl);
		l->sample_len[s] = n - k;
	}
}

static struct profile *
jemalloc_parse(const struct input *in, char **cause)
{
	struct legacy l;
	struct legacy_lines r;
	struct regex *rx;
	const char *line, *stack = NULL;
	size_t len, stack_len = 0, stack_line = 0;
	int64_t rate, tot[4];
	bool has_alloc, have_totals = false, want_totals = false;
	struct profile *p;

	legacy_init(&l);
	legacy_lines_init(&r, (const char *)in->data, in->len);
	rx = regex_new_fixed("^t(\\*|\\d+): *(-?\\d+): *(-?\\d+) *\\[ *(-?\\d+): "
	    "*(-?\\d+) *\\]$");
	if (!legacy_lines_next(&r, &line, &len) || len <= 8 ||
	    memcmp(line, "heap_v2/", 8) != 0 ||
	    !legacy_parse_int(line + 8, len - 8, 10, &rate) || rate <= 0) {
		*cause = xstrdup("jemalloc heap profile: the first line is "
		    "not 'heap_v2/RATE' with a positive rate (at line 1)");
		goto fail;
	}
	/* The totals come first and decide the sample types. */
	while (legacy_lines_next(&r, &line, &len)) {
		legacy_trim(&line, &len);
		if (len == 0)
			continue;
		if (thread_line(rx, line, len, tot) == 1) {
			have_totals = true;
			break;
		}
		break;
	}
	if (!have_totals) {
		*cause = xasprintf("jemalloc heap profile: no 't*:' totals "
		    "line after the header (at line %zu)", r.lineno);
		goto fail;
	}
	has_alloc = (tot[2] != tot[0] && tot[2] != 0) ||
	    (tot[3] != tot[1] && tot[3] != 0);
	legacy_period_type(&l, "space", "bytes", rate);
	legacy_heap_types(&l, has_alloc);

	while (legacy_lines_next(&r, &line, &len)) {
		int64_t v[4], values[4], blocksize = 0;
		int kind, nv = 0, k;

		legacy_trim(&line, &len);
		if (len == 0)
			continue;
		if (legacy_is_memory_map_sentinel(line, len))
			break;
		if (line[0] == '@') {
			if (want_totals)
				break;
			stack = line + 1;
			stack_len = len - 1;
			stack_line = r.lineno;
			want_totals = true;
			continue;
		}
		kind = thread_line(rx, line, len, v);
		if (kind < 0) {
			*cause = xasprintf("jemalloc heap profile: bad line "
			    "'%.*s': want '@ 0x...' or 'tN: N: N [N: N]' "
			    "(at line %zu)", (int)(len > 40 ? 40 : len), line,
			    r.lineno);
			goto fail;
		}
		if (kind == 0)
			continue;	/* a thread's share of the last t* */
		if (!want_totals) {
			*cause = xasprintf("jemalloc heap profile: 't*:' line "
			    "without a stack before it (at line %zu)",
			    r.lineno);
			goto fail;
		}
		want_totals = false;
		for (k = has_alloc ? 2 : 0; k >= 0; k -= 2) {
			int64_t c = v[k], s = v[k + 1];

			if (c < 0 || s < 0 || (c == 0 && s != 0)) {
				*cause = xasprintf("jemalloc heap profile: "
				    "impossible count %lld for %lld bytes (at "
				    "line %zu)", (long long)c, (long long)s,
				    r.lineno);
				goto fail;
			}
			if (c != 0) {
				blocksize = s / c;
				legacy_scale_heap(&c, &s, rate);
			}
			values[nv++] = c;
			values[nv++] = s;
		}
		legacy_sample(&l, values);
		if (legacy_sample_addresses(&l, stack, stack_len, stack_line,
		    true, cause) != 0)
			goto fail;
		legacy_sample_num_label(&l, "bytes", blocksize);
	}
	if (want_totals) {
		*cause = xasprintf("jemalloc heap profile: stack without a "
		    "'t*:' line after it (at line %zu)", stack_line);
		goto fail;
	}
	regex_free(rx);
	rx = NULL;
	legacy_additional_sections(&l, &r, legacy_is_memory_map_sentinel(line, len));
	drop_jemalloc_frames(&l);
	p = legacy_finish(&l);
	legacy_frame_info(p);
	legacy_free(&l);
	return p;
fail:
	regex_free(rx);
	legacy_free(&l);
	return NULL;
}

const struct parser parser_jemalloc = {
	"jemalloc",
	"jemalloc prof heap dump (heap_v2/R), per-thread t*: lines included",
	jemalloc_probe,
	jemalloc_parse,
};
