/*
 * parse-heaptext.c - legacy text heap profiles, as pprof's parseHeap reads
 * them: gperftools' `heap profile: N: N [N: N] @ heapprofile` dumps and
 * `heapz_v2/R`, `heap_v2/R`, Go's `/debug/pprof/heap?debug=1` text
 * (`@ heap/2R`), `growthz` and `fragmentationz` profiles.
 *
 * Sample types are alloc_objects, alloc_space, inuse_objects, inuse_space
 * when the header's bracketed (allocation) values differ from the in-use
 * ones, else objects and space.  Sampled profiles (v2, and Go's with rate
 * R/2) are unsampled by 1 / (1 - exp(-avg/R)); each sample gets the
 * numeric label bytes = size per object; addresses are decremented by one
 * (they are return addresses).  Go's `#\t0xPC\tfunc+0xOFF\tfile:line` lines
 * name the frames, so a Go text needs no binary; since the Go runtime has
 * already hidden its own allocator frames, such a profile gets no
 * drop_frames (pruning `runtime\..*` in a partly named stack would cut at
 * runtime.main).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "legacy.h"
#include "parse.h"
#include "xmalloc.h"

static const char heap_header_rx[] =
    "heap profile: *(\\d+): *(\\d+) *\\[ *(\\d+): *(\\d+) *\\] *@ *"
    "(heap[_a-z0-9]*)/?(\\d*)";
static const char growth_header_rx[] =
    "heap profile: *(\\d+): *(\\d+) *\\[ *(\\d+): *(\\d+) *\\] @ growthz?";
static const char frag_header_rx[] =
    "heap profile: *(\\d+): *(\\d+) *\\[ *(\\d+): *(\\d+) *\\] @ "
    "fragmentationz?";
static const char heap_sample_rx[] =
    "(-?\\d+): *(-?\\d+) *\\[ *(\\d+): *(\\d+) *] @([ x0-9a-f]*)";

static int
heaptext_probe(const unsigned char *buf, size_t len)
{
	const char *line;
	size_t llen;
	struct regex *rx;
	long st[1];
	size_t ln[1];
	int conf = 0;

	legacy_first_line(buf, len, &line, &llen);
	rx = regex_new_fixed("heap profile: *\\d+: *\\d+ *\\[ *\\d+: *\\d+ *\\] *@"
	    " *(heap|growthz|fragmentationz)");
	if (regex_captures(rx, line, llen, st, ln, 1) > 0)
		conf = 90;
	regex_free(rx);
	return conf;
}

/* The i-th capture as a number (the regex guarantees digits). */
static bool
cap_int(const char *s, const long *st, const size_t *ln, int i, int64_t *v)
{
	return st[i] >= 0 && legacy_parse_int(s + st[i], ln[i], 10, v);
}

/* Whether captures i and j are the same text. */
static bool
cap_eq(const char *s, const long *st, const size_t *ln, int i, int j)
{
	return ln[i] == ln[j] && memcmp(s + st[i], s + st[j], ln[i]) == 0;
}

/* Whether capture i is "0". */
static bool
cap_is0(const char *s, const long *st, const size_t *ln, int i)
{
	return ln[i] == 1 && s[st[i]] == '0';
}

/* Append count and size (scaled if sampled) to values; *cause on error. */
static int
add_values(int64_t count, int64_t size, const char *what, bool v2,
    int64_t rate, int64_t *values, int *nv, int64_t *blocksize,
    size_t lineno, char **cause)
{
	if (count == 0 && size != 0) {
		*cause = xasprintf("%s count was 0 but %s bytes was %lld "
		    "(at line %zu)", what, what, (long long)size, lineno);
		return -1;
	}
	if (count != 0) {
		*blocksize = size / count;
		if (v2)
			legacy_scale_heap(&count, &size, rate);
	}
	values[(*nv)++] = count;
	values[(*nv)++] = size;
	return 0;
}

static struct profile *
heaptext_parse(const struct input *in, char **cause)
{
	struct legacy l;
	struct legacy_lines r;
	struct regex *hdr, *sample = NULL;
	const char *line;
	size_t len;
	long st[7];
	size_t ln[7];
	int64_t period = 0, rate = 0;
	bool v2 = false, has_alloc = false, go = false, mapped = false;
	struct profile *p;

	legacy_init(&l);
	legacy_lines_init(&r, (const char *)in->data, in->len);
	if (!legacy_lines_next(&r, &line, &len)) {
		*cause = xstrdup("empty heap profile");
		goto fail;
	}
	hdr = regex_new_fixed(heap_header_rx);
	if (regex_captures(hdr, line, len, st, ln, 7) > 0) {
		const char *tag = line + st[5];
		size_t tl = ln[5];

		if (ln[6] > 0 && !cap_int(line, st, ln, 6, &period)) {
			regex_free(hdr);
			*cause = xstrdup("heap profile header: sampling rate "
			    "out of range (at line 1)");
			goto fail;
		}
		has_alloc = (!cap_eq(line, st, ln, 3, 1) &&
		    !cap_is0(line, st, ln, 3)) || (!cap_eq(line, st, ln, 4, 2) &&
		    !cap_is0(line, st, ln, 4));
		if ((tl == 8 && memcmp(tag, "heapz_v2", 8) == 0) ||
		    (tl == 7 && memcmp(tag, "heap_v2", 7) == 0)) {
			v2 = true;
			rate = period;
		} else if (tl == 11 && memcmp(tag, "heapprofile", 11) == 0)
			period = 1;
		else if (tl == 4 && memcmp(tag, "heap", 4) == 0) {
			v2 = true;
			period /= 2;
			rate = period;
			go = true;
		} else {
			regex_free(hdr);
			*cause = xasprintf("heap profile header: unknown "
			    "profile kind '%.*s' (at line 1)", (int)tl, tag);
			goto fail;
		}
	} else {
		struct regex *g = regex_new_fixed(growth_header_rx);
		struct regex *f = regex_new_fixed(frag_header_rx);
		bool ok = regex_captures(g, line, len, st, ln, 1) > 0 ||
		    regex_captures(f, line, len, st, ln, 1) > 0;

		regex_free(g);
		regex_free(f);
		if (!ok) {
			regex_free(hdr);
			*cause = xstrdup("not a heap profile: the first line "
			    "is no 'heap profile: ...' header (at line 1)");
			goto fail;
		}
		period = 1;
	}
	regex_free(hdr);
	legacy_period_type(&l, "space", "bytes", period);
	legacy_heap_types(&l, has_alloc);

	sample = regex_new_fixed(heap_sample_rx);
	while (legacy_lines_next(&r, &line, &len)) {
		int64_t values[4], c, s, blocksize = 0;
		int nv = 0;

		legacy_trim(&line, &len);
		if (len > 0 && line[0] == '#') {
			legacy_symbol_line(&l, line, len);
			continue;
		}
		if (len == 0)
			continue;
		if (legacy_is_memory_map_sentinel(line, len)) {
			mapped = true;
			break;
		}
		legacy_symbols_apply(&l);
		if (regex_captures(sample, line, len, st, ln, 6) == 0) {
			*cause = xasprintf("bad heap sample '%.*s': want "
			    "'N: N [N: N] @ 0x...' (at line %zu)",
			    (int)(len > 40 ? 40 : len), line, r.lineno);
			goto fail;
		}
		if (has_alloc) {
			if (!cap_int(line, st, ln, 3, &c) ||
			    !cap_int(line, st, ln, 4, &s)) {
				*cause = xasprintf("heap sample: number out of "
				    "range (at line %zu)", r.lineno);
				goto fail;
			}
			if (add_values(c, s, "allocation", v2, rate, values,
			    &nv, &blocksize, r.lineno, cause) != 0)
				goto fail;
		}
		if (!cap_int(line, st, ln, 1, &c) ||
		    !cap_int(line, st, ln, 2, &s)) {
			*cause = xasprintf("heap sample: number out of range "
			    "(at line %zu)", r.lineno);
			goto fail;
		}
		if (add_values(c, s, "inuse", v2, rate, values, &nv,
		    &blocksize, r.lineno, cause) != 0)
			goto fail;
		legacy_sample(&l, values);
		if (legacy_sample_addresses(&l, line + st[5], ln[5], r.lineno,
		    true, cause) != 0)
			goto fail;
		legacy_sample_num_label(&l, "bytes", blocksize);
	}
	legacy_symbols_apply(&l);
	regex_free(sample);
	sample = NULL;
	legacy_additional_sections(&l, &r, mapped);
	p = legacy_finish(&l);
	if (!(go && l.had_symbols))
		legacy_frame_info(p);
	legacy_free(&l);
	return p;
fail:
	regex_free(sample);
	legacy_free(&l);
	return NULL;
}

const struct parser parser_heaptext = {
	"heaptext",
	"legacy text heap profile: gperftools heapprofile/heapz_v2, Go "
	"debug=1 heap (its # lines name frames), growthz, fragmentationz",
	heaptext_probe,
	heaptext_parse,
};
