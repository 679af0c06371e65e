/*
 * prune.c - pprof's Prune / RemoveUninteresting (see prune.h), with PCRE2
 * for the RE2 patterns; per location once, per stack once.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "prune.h"
#include "xmalloc.h"

/* Compile "^(" + re + ")$"; NULL and *cause on error. */
static pcre2_code *
compile(const char *re, char **cause)
{
	char *full = xasprintf("^(%s)$", re);
	int err;
	PCRE2_SIZE off;
	pcre2_code *c;

	c = pcre2_compile((PCRE2_SPTR)full, PCRE2_ZERO_TERMINATED, 0, &err,
	    &off, NULL);
	if (c == NULL) {
		PCRE2_UCHAR msg[128];

		pcre2_get_error_message(err, msg, sizeof msg);
		*cause = xasprintf("bad drop_frames/keep_frames pattern %s: %s",
		    re, (char *)msg);
	}
	free(full);
	return c;
}

static bool
matches(pcre2_code *c, pcre2_match_data *md, const char *s, size_t len)
{
	return pcre2_match(c, (PCRE2_SPTR)s, len, 0, 0, md, NULL) >= 0;
}

/* pprof's simplifyFunc: the name without a leading '.' and without its
 * argument list (the first '(' that does not start "(anonymous
 * namespace)" or "operator()"); the length kept. */
static size_t
simplify(const char **name)
{
	const char *s = *name, *p;
	size_t len;

	if (*s == '.')
		s++;
	*name = s;
	len = strlen(s);
	for (p = s; (p = strpbrk(p, "(o")) != NULL; p++) {
		if (strncmp(p, "(anonymous namespace)", 21) == 0) {
			p += 20;
			continue;
		}
		if (strncmp(p, "operator()", 10) == 0) {
			p += 9;
			continue;
		}
		if (*p == '(')
			return (size_t)(p - s);
	}
	return len;
}

int
prune_uninteresting(struct profile *p, char **cause)
{
	pcre2_code *drop, *keep = NULL;
	pcre2_match_data *md;
	unsigned char *flag;	/* 1 prune, 2 prune beneath */
	uint32_t *newstack, *buf = NULL, i, s, nstacks;
	size_t cap = 0, k;

	if (p->drop_frames == 0 || *profile_str(p, p->drop_frames) == '\0')
		return 0;
	if ((drop = compile(profile_str(p, p->drop_frames), cause)) == NULL)
		return -1;
	if (p->keep_frames != 0 && *profile_str(p, p->keep_frames) != '\0' &&
	    (keep = compile(profile_str(p, p->keep_frames), cause)) == NULL) {
		pcre2_code_free(drop);
		return -1;
	}
	md = pcre2_match_data_create(4, NULL);
	flag = xcalloc(p->nlocations ? p->nlocations : 1, 1);
	for (i = 0; i < p->nlocations; i++) {
		struct prof_location *l = &p->locations[i];
		int j;

		for (j = (int)l->nlines - 1; j >= 0; j--) {
			const struct prof_line *ln = &p->lines[l->first_line +
			    (uint32_t)j];
			const char *name = profile_str(p,
			    p->functions[ln->function].name);
			size_t len;

			if (*name == '\0')
				continue;
			len = simplify(&name);
			if (matches(drop, md, name, len) && (keep == NULL ||
			    !matches(keep, md, name, len)))
				break;
		}
		if (j < 0)
			continue;
		flag[i] = 2;
		if (j == (int)l->nlines - 1)
			flag[i] = 1;
		else {
			l->first_line += (uint32_t)j + 1;
			l->nlines -= (uint32_t)j + 1;
		}
	}
	/* Each stack is cut once; samples take the cut stack. */
	nstacks = p->nstacks;	/* interning below adds stacks */
	newstack = xcalloc(nstacks ? nstacks : 1, sizeof *newstack);
	for (s = 0; s < nstacks; s++) {
		const uint32_t *locs = profile_stack(p, s);
		uint32_t n = profile_stack_depth(p, s), from = 0;
		bool user = false;
		int j;

		for (j = (int)n - 1; j >= 0; j--) {
			unsigned char f = flag[locs[j]];

			if (f == 0) {
				user = true;
				continue;
			}
			if (!user)
				continue;
			from = f == 1 ? (uint32_t)j + 1 : (uint32_t)j;
			break;
		}
		if (from == 0) {
			newstack[s] = s;
			continue;
		}
		ARRAY_RESERVE(buf, (size_t)(n - from) + 1, cap);
		memcpy(buf, locs + from, (n - from) * sizeof *buf);
		newstack[s] = profile_intern_stack(p, buf, n - from);
	}
	for (k = 0; k < p->nsamples; k++)
		p->sample_stack[k] = newstack[p->sample_stack[k]];
	free(newstack);
	free(buf);
	free(flag);
	pcre2_match_data_free(md);
	pcre2_code_free(drop);
	pcre2_code_free(keep);
	return 0;
}
