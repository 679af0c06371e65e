/*
 * parse-thread.c - threadz profiles (`--- threadz N ---` then
 * `--- Thread ID (name: NAME/N) stack: ---` blocks of addresses), as
 * pprof's parseThread reads them: one sample per thread with value 1,
 * "same as previous thread" bumps the previous one; addresses but the
 * leaf minus one; a duplicated leaf removed.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "legacy.h"
#include "parse.h"
#include "xmalloc.h"

static const char threadz_start_rx[] = "--- threadz \\d+ ---";
static const char thread_start_rx[] =
    "--- Thread ([[:xdigit:]]+) \\(name: (.*)/(\\d+)\\) stack: ---";

static int
thread_probe(const unsigned char *buf, size_t len)
{
	struct legacy_lines r;
	struct regex *a, *b;
	const char *line;
	size_t llen, ln[1];
	long st[1];
	int conf = 0;

	legacy_lines_init(&r, (const char *)buf, len > 4096 ? 4096 : len);
	if (!legacy_lines_next_real(&r, &line, &llen))
		return 0;
	a = regex_new_fixed(threadz_start_rx);
	b = regex_new_fixed(thread_start_rx);
	if (regex_captures(a, line, llen, st, ln, 1) > 0 ||
	    regex_captures(b, line, llen, st, ln, 1) > 0)
		conf = 90;
	regex_free(a);
	regex_free(b);
	return conf;
}

static struct profile *
thread_parse(const struct input *in, char **cause)
{
	static const char *const types[] = { "thread/count", NULL };
	struct legacy l;
	struct legacy_lines r;
	struct regex *tz, *ts;
	const char *line = "";
	size_t len = 0, st_ln[4];
	long st[4];
	uint64_t *addrs = NULL;
	size_t naddrs = 0, cap = 0;
	struct profile *p;
	bool have = false;

	legacy_init(&l);
	legacy_lines_init(&r, (const char *)in->data, in->len);
	tz = regex_new_fixed(threadz_start_rx);
	ts = regex_new_fixed(thread_start_rx);
	if (legacy_lines_next_real(&r, &line, &len))
		have = true;
	if (have && regex_captures(tz, line, len, st, st_ln, 1) > 0) {
		/* Skip to the first stack trace. */
		have = false;
		while (legacy_lines_next(&r, &line, &len))
			if (legacy_is_memory_map_sentinel(line, len) ||
			    (len > 0 && line[0] == '-')) {
				have = true;
				break;
			}
		if (!have) {
			line = "";
			len = 0;
		}
	} else if (!have || regex_captures(ts, line, len, st, st_ln,
	    4) == 0) {
		*cause = xasprintf("not a thread profile: no '--- threadz N "
		    "---' or '--- Thread' header (at line %zu)", r.lineno);
		goto fail;
	}
	legacy_period_type(&l, "thread", "count", 1);
	legacy_sample_types(&l, types);

	while (!legacy_is_memory_map_sentinel(line, len)) {
		bool same = false;
		size_t start_line = r.lineno, k;

		if (len >= 23 && memcmp(line, "---- no stack trace for", 23) ==
		    0) {
			line = "";
			len = 0;
			break;
		}
		if (regex_captures(ts, line, len, st, st_ln, 4) == 0) {
			*cause = xasprintf("thread profile: want '--- Thread ID "
			    "(name: NAME/N) stack: ---', not '%.*s' (at line "
			    "%zu)", (int)(len > 40 ? 40 : len), line,
			    start_line);
			goto fail;
		}
		/* pprof's parseThreadSample. */
		naddrs = 0;
		line = "";
		len = 0;
		while (legacy_lines_next(&r, &line, &len)) {
			legacy_trim(&line, &len);
			if (len == 0)
				continue;
			if (len >= 3 && memcmp(line, "---", 3) == 0)
				break;
			if (len >= 24 && memmem(line, len,
			    "same as previous thread", 23) != NULL) {
				same = true;
				continue;
			}
			if (legacy_hex_addresses(line, len, r.lineno, &addrs,
			    &naddrs, &cap, cause) != 0)
				goto fail;
		}
		if (same || naddrs == 0) {
			if (l.nsamples > 0)
				l.values[(l.nsamples - 1) * l.p->ntypes]++;
		} else {
			int64_t one = 1;

			legacy_sample(&l, &one);
			for (k = 0; k < naddrs; k++)
				legacy_sample_loc(&l, legacy_loc(&l,
				    k > 0 ? addrs[k] - 1 : addrs[k]));
		}
	}
	legacy_additional_sections(&l, &r, legacy_is_memory_map_sentinel(line, len));
	legacy_cleanup_duplicates(&l);
	p = legacy_finish(&l);
	legacy_frame_info(p);
	free(addrs);
	regex_free(tz);
	regex_free(ts);
	legacy_free(&l);
	return p;
fail:
	free(addrs);
	regex_free(tz);
	regex_free(ts);
	legacy_free(&l);
	return NULL;
}

const struct parser parser_thread = {
	"thread",
	"threadz profile (--- threadz N --- / --- Thread ... stack: ---)",
	thread_probe,
	thread_parse,
};
