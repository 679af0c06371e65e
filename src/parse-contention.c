/*
 * parse-contention.c - lock contention profiles, as pprof's
 * parseContention reads them: C++ `--- contentionz N ---` and Go's
 * `--- mutex:` / `--- contention:` text (/debug/pprof/mutex?debug=1,
 * block?debug=1).  Attribute lines (`cycles/second = N`, `sampling
 * period = N`, `ms since reset = N`) come first, then `CYCLES COUNT @
 * 0x...` samples.  Sample types contentions/count and delay/nanoseconds:
 * counts times the sampling period, cycles turned into nanoseconds.
 * Go's `#\t0xPC\tfunc+0xOFF\tfile:line` lines name the frames.  Java's
 * contentionz (with `format = java`) is parse-java.c's.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "legacy.h"
#include "parse.h"
#include "xmalloc.h"

static bool
has_prefix(const char *s, size_t len, const char *pre)
{
	size_t n = strlen(pre);

	return len >= n && memcmp(s, pre, n) == 0;
}

static bool
contention_header(const char *line, size_t len)
{
	return has_prefix(line, len, "--- contentionz ") ||
	    has_prefix(line, len, "--- mutex:") ||
	    has_prefix(line, len, "--- contention:");
}

/* Split "key = value" (both trimmed); false without '='. */
static bool
attribute(const char *line, size_t len, const char **k, size_t *kl,
    const char **v, size_t *vl)
{
	const char *eq = memchr(line, '=', len);

	if (eq == NULL)
		return false;
	*k = line;
	*kl = (size_t)(eq - line);
	*v = eq + 1;
	*vl = len - *kl - 1;
	legacy_trim(k, kl);
	legacy_trim(v, vl);
	return true;
}

static bool
key_is(const char *k, size_t kl, const char *name)
{
	return kl == strlen(name) && memcmp(k, name, kl) == 0;
}

static int
contention_probe(const unsigned char *buf, size_t len)
{
	struct legacy_lines r;
	const char *line, *k, *v;
	size_t llen, kl, vl;

	legacy_lines_init(&r, (const char *)buf, len > 4096 ? 4096 : len);
	if (!legacy_lines_next(&r, &line, &llen) ||
	    !contention_header(line, llen))
		return 0;
	/* Java's profiles say "format = java" (parse-java.c). */
	while (legacy_lines_next(&r, &line, &llen)) {
		legacy_trim(&line, &llen);
		if (legacy_is_space_or_comment(line, llen))
			continue;
		if (!attribute(line, llen, &k, &kl, &v, &vl))
			break;
		if (key_is(k, kl, "format") || key_is(k, kl, "resolution"))
			return 0;
	}
	return 85;
}

static struct profile *
contention_parse(const struct input *in, char **cause)
{
	static const char *const types[] = { "contentions/count",
		"delay/nanoseconds", NULL };
	struct legacy l;
	struct legacy_lines r;
	struct regex *rx = NULL;
	const char *line = "", *k, *v;
	size_t len = 0, kl, vl, ln[4];
	long st[4];
	int64_t cpuhz = 0, period = 1;
	bool more;
	struct profile *p;

	legacy_init(&l);
	legacy_lines_init(&r, (const char *)in->data, in->len);
	if (!legacy_lines_next(&r, &line, &len) ||
	    !contention_header(line, len)) {
		*cause = xstrdup("not a contention profile: no '--- "
		    "contentionz', '--- mutex:' or '--- contention:' header "
		    "(at line 1)");
		goto fail;
	}
	legacy_sample_types(&l, types);
	line = "";
	len = 0;
	while ((more = legacy_lines_next(&r, &line, &len))) {
		int64_t n;

		legacy_trim(&line, &len);
		if (legacy_is_space_or_comment(line, len))
			continue;
		if (has_prefix(line, len, "---"))
			break;
		if (!attribute(line, len, &k, &kl, &v, &vl))
			break;
		if (key_is(k, kl, "discarded samples"))
			continue;
		if (!key_is(k, kl, "cycles/second") &&
		    !key_is(k, kl, "sampling period") &&
		    !key_is(k, kl, "ms since reset")) {
			*cause = xasprintf("contention profile: unknown "
			    "attribute '%.*s' (at line %zu)", (int)kl, k,
			    r.lineno);
			goto fail;
		}
		if (!legacy_parse_int(v, vl, 0, &n)) {
			*cause = xasprintf("contention profile: %.*s is not a "
			    "number: '%.*s' (at line %zu)", (int)kl, k,
			    (int)vl, v, r.lineno);
			goto fail;
		}
		if (key_is(k, kl, "cycles/second"))
			cpuhz = n;
		else if (key_is(k, kl, "sampling period"))
			period = n;
		else
			l.p->duration_nanos = n * 1000 * 1000;
	}
	if (!more) {
		line = "";
		len = 0;
	}
	legacy_period_type(&l, "contentions", "count", period);

	rx = regex_new_fixed("(\\d+) *(\\d+) @([ x0-9a-f]*)");
	for (;;) {
		legacy_trim(&line, &len);
		if (has_prefix(line, len, "---"))
			break;
		if (len > 0 && line[0] == '#')
			legacy_symbol_line(&l, line, len);
		else if (!legacy_is_space_or_comment(line, len)) {
			int64_t v1, v2, values[2];

			legacy_symbols_apply(&l);

			if (regex_captures(rx, line, len, st, ln, 4) == 0) {
				*cause = xasprintf("bad contention sample "
				    "'%.*s': want 'N N @ 0x...' (at line %zu)",
				    (int)(len > 40 ? 40 : len), line,
				    r.lineno);
				goto fail;
			}
			if (!legacy_parse_int(line + st[1], ln[1], 10, &v1) ||
			    !legacy_parse_int(line + st[2], ln[2], 10, &v2)) {
				*cause = xasprintf("contention sample: number "
				    "out of range (at line %zu)", r.lineno);
				goto fail;
			}
			if (period > 0) {
				if (cpuhz > 0)
					v1 = (int64_t)((double)v1 *
					    (double)period / ((double)cpuhz /
					    1e9));
				v2 = v2 * period;
			}
			values[0] = v2;
			values[1] = v1;
			legacy_sample(&l, values);
			if (legacy_sample_addresses(&l, line + st[3], ln[3],
			    r.lineno, true, cause) != 0)
				goto fail;
		}
		if (!legacy_lines_next(&r, &line, &len)) {
			line = "";
			len = 0;
			break;
		}
	}
	legacy_symbols_apply(&l);
	legacy_additional_sections(&l, &r, legacy_is_memory_map_sentinel(line, len));
	p = legacy_finish(&l);
	legacy_frame_info(p);
	regex_free(rx);
	legacy_free(&l);
	return p;
fail:
	regex_free(rx);
	legacy_free(&l);
	return NULL;
}

const struct parser parser_contention = {
	"contention",
	"lock contention text: C++ contentionz, Go mutex/block debug=1",
	contention_probe,
	contention_parse,
};
