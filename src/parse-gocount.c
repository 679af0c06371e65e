/*
 * parse-gocount.c - Go's count profiles in their debug=1 text form, as
 * pprof's parseGoCount reads them: `goroutine profile: total N`,
 * `threadcreate profile: total N` (any `NAME profile: total N`), then
 * `COUNT @ 0x... 0x...` lines.  One sample type, NAME/count, period 1;
 * addresses minus one.  The `#\t0xPC\tfunc+0xOFF\tfile:line` lines Go
 * prints under each stack name its frames (pprof skips them as comments).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "legacy.h"
#include "parse.h"
#include "xmalloc.h"

static const char count_start_rx[] = "^(\\S+) profile: total \\d+$";
static const char count_rx[] = "^(\\d+) @(( 0x[0-9a-f]+)+)$";

static int
gocount_probe(const unsigned char *buf, size_t len)
{
	struct legacy_lines r;
	struct regex *rx;
	const char *line;
	size_t llen, ln[1];
	long st[1];
	int conf = 0;

	legacy_lines_init(&r, (const char *)buf, len > 4096 ? 4096 : len);
	if (!legacy_lines_next_real(&r, &line, &llen))
		return 0;
	rx = regex_new_fixed(count_start_rx);
	if (regex_captures(rx, line, llen, st, ln, 1) > 0)
		conf = 90;
	regex_free(rx);
	return conf;
}

static struct profile *
gocount_parse(const struct input *in, char **cause)
{
	struct legacy l;
	struct legacy_lines r;
	struct regex *start = NULL, *count = NULL;
	const char *line;
	size_t len, ln[3];
	long st[3];
	char *type = NULL;
	bool mapped = false;
	struct profile *p;

	legacy_init(&l);
	legacy_lines_init(&r, (const char *)in->data, in->len);
	start = regex_new_fixed(count_start_rx);
	if (!legacy_lines_next_real(&r, &line, &len) ||
	    regex_captures(start, line, len, st, ln, 2) == 0) {
		*cause = xasprintf("not a Go count profile: no 'NAME profile: "
		    "total N' header (at line %zu)", r.lineno);
		goto fail;
	}
	type = xstrndup(line + st[1], ln[1]);
	legacy_period_type(&l, type, "count", 1);
	{
		char *t = xasprintf("%s/count", type);
		const char *types[] = { t, NULL };

		legacy_sample_types(&l, types);
		free(t);
	}
	count = regex_new_fixed(count_rx);
	while (legacy_lines_next(&r, &line, &len)) {
		int64_t n;

		if (legacy_is_space_or_comment(line, len)) {
			const char *t = line;
			size_t tl = len;

			legacy_trim(&t, &tl);
			if (tl > 0)
				legacy_symbol_line(&l, t, tl);
			continue;
		}
		if (legacy_is_memory_map_sentinel(line, len)) {
			mapped = true;
			break;
		}
		if (len >= 3 && memcmp(line, "---", 3) == 0)
			break;
		legacy_symbols_apply(&l);
		if (regex_captures(count, line, len, st, ln, 3) == 0) {
			*cause = xasprintf("bad count profile line '%.*s': want "
			    "'N @ 0x...' (at line %zu)",
			    (int)(len > 40 ? 40 : len), line, r.lineno);
			goto fail;
		}
		if (!legacy_parse_int(line + st[1], ln[1], 0, &n)) {
			*cause = xasprintf("count profile: bad count '%.*s' (at "
			    "line %zu)", (int)ln[1], line + st[1], r.lineno);
			goto fail;
		}
		legacy_sample(&l, &n);
		if (legacy_sample_addresses(&l, line + st[2], ln[2], r.lineno,
		    true, cause) != 0)
			goto fail;
	}
	legacy_symbols_apply(&l);
	legacy_additional_sections(&l, &r, mapped);
	p = legacy_finish(&l);
	legacy_frame_info(p);
	regex_free(start);
	regex_free(count);
	free(type);
	legacy_free(&l);
	return p;
fail:
	regex_free(start);
	regex_free(count);
	free(type);
	legacy_free(&l);
	return NULL;
}

const struct parser parser_gocount = {
	"gocount",
	"Go count profile text (goroutine, threadcreate debug=1), its # lines "
	"name frames",
	gocount_probe,
	gocount_parse,
};
