/*
 * regex.h - regular expressions as pprof's users write them (Go's RE2
 * syntax: `main\.`, `foo|bar`, `(?i)`, `\d`), matched with PCRE2.
 *
 * A match is a search anywhere in the subject, as Go's MatchString.  `$`
 * matches only at the very end (RE2's default), and subjects that are not
 * valid UTF-8 still match byte-wise instead of failing.
 */
#ifndef HEAPDIFF_REGEX_H
#define HEAPDIFF_REGEX_H

#include <stdbool.h>
#include <stddef.h>

struct regex;

/* Compile pattern; NULL with *cause ("missing closing ) at offset 4") on a
 * syntax error.  The caller frees with regex_free. */
struct regex *regex_new(const char *pattern, char **cause);
/* The same, ignoring case (as (?i) would, with offsets in causes that are
 * offsets in pattern). */
struct regex *regex_new_icase(const char *pattern, char **cause);
/* A pattern that is part of heapdiff (the legacy formats' line grammars,
 * pprof's own), matched byte-wise; a syntax error is a bug: it aborts. */
struct regex *regex_new_fixed(const char *pattern);
void regex_free(struct regex *);

/* Whether the regex matches anywhere in s (NUL-terminated). */
bool regex_match(struct regex *, const char *s);

/* Match s[0, len); 0 if no match, else the number of capture pairs, with
 * capture i (0 = whole match) at s + start[i], length lens[i] (start -1
 * for a group that did not take part), at most max of them. */
int regex_captures(struct regex *, const char *s, size_t len, long *start,
    size_t *lens, int max);

/* The pattern the regex was compiled from. */
const char *regex_pattern(const struct regex *);

#endif
