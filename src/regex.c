/*
 * regex.c - RE2-style regular expressions through PCRE2 (see regex.h).
 *
 * PCRE2 accepts the RE2 syntax pprof's users write; the compile options
 * make it behave as RE2 where the two differ by default (`$` only at the
 * end).  Patterns are JIT-compiled when the platform allows it, since a
 * filter runs its regex over every function of a profile.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex.h"
#include "xmalloc.h"

struct regex {
	char *pattern;
	pcre2_code *code;
	pcre2_match_data *md;
};

/* What makes PCRE2 behave as RE2 for user patterns. */
#define RE2_OPTIONS \
	(PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DOLLAR_ENDONLY)

/* Compile pattern with these PCRE2 options. */
static struct regex *
compile(const char *pattern, uint32_t options, char **cause)
{
	struct regex *r;
	int err;
	PCRE2_SIZE off;
	pcre2_code *code;

	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    options, &err, &off, NULL);
	if (code == NULL) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(err, msg, sizeof msg);
		*cause = xasprintf("%s at offset %zu", (char *)msg, (size_t)off);
		return NULL;
	}
	/*
	 * The JIT makes matching several times faster.  Its code reads the
	 * subject 16 bytes at a time, past the end within the block, which
	 * valgrind's memcheck reports; HEAPDIFF_NO_JIT=1 turns it off for
	 * memcheck runs.
	 */
	if (getenv("HEAPDIFF_NO_JIT") == NULL)
		(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	r = xcalloc(1, sizeof *r);
	r->pattern = xstrdup(pattern);
	r->code = code;
	r->md = pcre2_match_data_create_from_pattern(code, NULL);
	if (r->md == NULL)
		abort();
	return r;
}

struct regex *
regex_new(const char *pattern, char **cause)
{
	return compile(pattern, RE2_OPTIONS, cause);
}

struct regex *
regex_new_icase(const char *pattern, char **cause)
{
	return compile(pattern, RE2_OPTIONS | PCRE2_CASELESS, cause);
}

struct regex *
regex_new_fixed(const char *pattern)
{
	struct regex *r;
	char *cause = NULL;

	/* Byte-wise: a line of a legacy text may hold any bytes, and Go's
	 * regexp lets . match a byte that is not UTF-8. */
	if ((r = compile(pattern, 0, &cause)) == NULL) {
		fprintf(stderr, "heapdiff: bad built-in pattern %s: %s\n",
		    pattern, cause);
		abort();
	}
	return r;
}

void
regex_free(struct regex *r)
{
	if (r == NULL)
		return;
	pcre2_match_data_free(r->md);
	pcre2_code_free(r->code);
	free(r->pattern);
	free(r);
}

bool
regex_match(struct regex *r, const char *s)
{
	return pcre2_match(r->code, (PCRE2_SPTR)s, strlen(s), 0, 0, r->md,
	    NULL) >= 0;
}

int
regex_captures(struct regex *r, const char *s, size_t len, long *start,
    size_t *lens, int max)
{
	PCRE2_SIZE *ov;
	int i, n;

	if (pcre2_match(r->code, (PCRE2_SPTR)s, len, 0, 0, r->md, NULL) <= 0)
		return 0;
	n = (int)pcre2_get_ovector_count(r->md);
	ov = pcre2_get_ovector_pointer(r->md);
	for (i = 0; i < max; i++) {
		if (i >= n || ov[2 * i] == PCRE2_UNSET) {
			start[i] = -1;
			lens[i] = 0;
		} else {
			start[i] = (long)ov[2 * i];
			lens[i] = ov[2 * i + 1] - ov[2 * i];
		}
	}
	return n < max ? n : max;
}

const char *
regex_pattern(const struct regex *r)
{
	return r->pattern;
}
