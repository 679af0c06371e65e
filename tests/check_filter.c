/*
 * check_filter.c - the RE2-style regex wrapper, pprof's sample filters on
 * small hand-built profiles, and source path trimming.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "check_heapdiff.h"
#include "filter.h"
#include "profile.h"
#include "regex.h"
#include "source.h"
#include "xmalloc.h"

/* Regexes as pprof's users write them, with what they must match. */
static const struct {
	const char *re, *subject;
	bool match;
} re_cases[] = {
	{ "main\\.", "main.recordAudit", true },
	{ "main\\.", "mainXrecordAudit", false },
	{ "foo|bar", "xbarx", true },
	{ "(?i)MAIN", "main.f", true },
	{ "\\d+", "func12", true },
	{ "\\d", "func", false },
	{ "^runtime\\.", "runtime.mallocgc", true },
	{ "^runtime\\.", "x.runtime.f", false },
	{ "f$", "main.f", true },
	{ "f$", "main.f\n", false },	/* RE2: $ only at the very end */
	{ "\\(\\*lruTable\\)\\.put", "main.(*lruTable).put", true },
	{ "(?P<pkg>main)\\.", "main.x", true },
	{ "[[:alpha:]]+", "abc", true },
	{ "\\pL", "\xc3\xa9", true },
};

START_TEST(test_regex_re2)
{
	char *cause = NULL;
	struct regex *rx = regex_new(re_cases[_i].re, &cause);

	ck_assert_msg(rx != NULL, "%s: %s", re_cases[_i].re, cause);
	ck_assert_msg(regex_match(rx, re_cases[_i].subject) ==
	    re_cases[_i].match, "%s on '%s'", re_cases[_i].re,
	    re_cases[_i].subject);
	ck_assert_str_eq(regex_pattern(rx), re_cases[_i].re);
	regex_free(rx);
}
END_TEST

START_TEST(test_regex_error)
{
	char *cause = NULL;

	ck_assert_ptr_null(regex_new("main(", &cause));
	ck_assert_ptr_nonnull(strstr(cause, "at offset 5"));
	free(cause);
}
END_TEST

START_TEST(test_regex_invalid_utf8)
{
	char *cause = NULL;
	struct regex *rx = regex_new("b", &cause);

	ck_assert(regex_match(rx, "a\xff" "b"));
	regex_free(rx);
}
END_TEST

/*
 * A profile with functions main.main, main.serve, main.alloc,
 * runtime.mallocgc (file runtime/malloc.go) and samples (leaf first):
 *   0: alloc < serve < main        value 100, bytes=64
 *   1: mallocgc < serve < main     value 20,  bytes=4096
 *   2: serve < main                value 3,   bytes=128 and tag=x
 * Location 4 holds serve with alloc inlined into it.
 */
static struct profile *
tiny(void)
{
	struct profile *p = profile_new();
	const char *names[] = { "main.main", "main.serve", "main.alloc",
	    "runtime.mallocgc" };
	const char *files[] = { "example.com/app/main.go",
	    "example.com/app/main.go", "example.com/app/alloc.go",
	    "runtime/malloc.go" };
	uint32_t i, stack;
	struct prof_location loc = { PROF_NONE, 0, 0, 0, false };
	struct prof_line ln = { 0, 0, 0 };
	struct prof_label lb[2];
	int64_t v;

	profile_add_sample_type(p, profile_intern(p, "inuse_space", 11),
	    profile_intern(p, "bytes", 5));
	for (i = 0; i < 4; i++) {
		struct prof_function f = { profile_intern(p, names[i],
		    strlen(names[i])), 0, profile_intern(p, files[i],
		    strlen(files[i])), 1 };

		profile_add_function(p, &f);
		ln.function = i;
		ln.line = 10 + i;
		loc.address = 0x1000 + i;
		profile_add_location(p, &loc, &ln, 1);
	}
	{
		struct prof_line two[2] = { { 2, 30, 0 }, { 1, 11, 0 } };

		loc.address = 0x2000;
		profile_add_location(p, &loc, two, 2);	/* location 4 */
	}
	memset(lb, 0, sizeof lb);
	lb[0].key = profile_intern(p, "bytes", 5);
	{
		uint32_t s0[] = { 2, 1, 0 }, s1[] = { 3, 1, 0 }, s2[] = { 1, 0 };

		stack = profile_intern_stack(p, s0, 3);
		v = 100;
		lb[0].num = 64;
		profile_add_sample(p, stack, &v, lb, 1);
		stack = profile_intern_stack(p, s1, 3);
		v = 20;
		lb[0].num = 4096;
		profile_add_sample(p, stack, &v, lb, 1);
		stack = profile_intern_stack(p, s2, 2);
		v = 3;
		lb[0].num = 128;
		lb[1].key = profile_intern(p, "tag", 3);
		lb[1].str = profile_intern(p, "x", 1);
		profile_add_sample(p, stack, &v, lb, 2);
	}
	return p;
}

/* The samples as "leaf;...;root=value" joined by spaces. */
static char *
sig(const struct profile *p)
{
	char *out = xstrdup("");
	size_t i;

	for (i = 0; i < p->nsamples; i++) {
		uint32_t s = p->sample_stack[i], k, j;
		const uint32_t *locs = profile_stack(p, s);
		char *t = xasprintf("%s%s", out, i ? " " : "");

		free(out);
		out = t;
		for (k = 0; k < profile_stack_depth(p, s); k++) {
			const struct prof_location *l = &p->locations[locs[k]];

			for (j = 0; j < l->nlines; j++) {
				const char *n = profile_str(p, p->functions[
				    p->lines[l->first_line + j].function].name);

				t = xasprintf("%s%s%s", out, k || j ? ";" : "",
				    n + (strncmp(n, "main.", 5) ? 0 : 5));
				free(out);
				out = t;
			}
		}
		t = xasprintf("%s=%lld", out, (long long)p->values[i]);
		free(out);
		out = t;
	}
	return out;
}

static const struct {
	struct filter_spec f;
	const char *want;
} filter_cases[] = {
	{ { .focus = "main\\.alloc" }, "alloc;serve;main=100" },
	{ { .focus = "malloc\\.go" }, "runtime.mallocgc;serve;main=20" },
	{ { .ignore = "^runtime\\." },
	  "alloc;serve;main=100 serve;main=3" },
	{ { .focus = "serve", .ignore = "main\\.alloc" },
	  "runtime.mallocgc;serve;main=20 serve;main=3" },
	{ { .hide = "main\\.main" },
	  "alloc;serve=100 runtime.mallocgc;serve=20 serve=3" },
	{ { .show = "(?i)SERVE|main\\.alloc" },
	  "alloc;serve=100 serve=20 serve=3" },
	{ { .show_from = "serve" },
	  "alloc;serve=100 runtime.mallocgc;serve=20 serve=3" },
	{ { .show_from = "main\\.alloc" }, "alloc=100" },
	{ { .show_from = "alloc" }, "alloc=100 runtime.mallocgc=20" },
	{ { .prune_from = "serve" }, "serve;main=100 serve;main=20 "
	  "serve;main=3" },
	{ { .prune_from = "nomatch" }, "alloc;serve;main=100 "
	  "runtime.mallocgc;serve;main=20 serve;main=3" },
	{ { .tagfocus = "1kb:" }, "runtime.mallocgc;serve;main=20" },
	{ { .tagfocus = ":128b" }, "alloc;serve;main=100 serve;main=3" },
	{ { .tagfocus = ":128" }, "" },	/* no unit: not bytes, as pprof */
	{ { .tagfocus = "64b:128b" }, "alloc;serve;main=100 serve;main=3" },
	{ { .tagfocus = "4kb" }, "runtime.mallocgc;serve;main=20" },
	{ { .tagfocus = "bytes=4kb" }, "runtime.mallocgc;serve;main=20" },
	{ { .tagfocus = "nokey=4kb" }, "" },
	{ { .tagignore = "1kb:" }, "alloc;serve;main=100 serve;main=3" },
	{ { .tagfocus = "tag:x" }, "serve;main=3" },
	{ { .tagfocus = "tag=^x$" }, "serve;main=3" },
	{ { .tagfocus = "tag=y" }, "" },
};

START_TEST(test_filter_cases)
{
	struct profile *p = tiny();
	char *cause = NULL, *got;

	ck_assert_int_eq(filter_apply(p, &filter_cases[_i].f, NULL, &cause),
	    0);
	got = sig(p);
	ck_assert_str_eq(got, filter_cases[_i].want);
	free(got);
	profile_free(p);
}
END_TEST

/* Hiding one line of an inlined location keeps the others. */
START_TEST(test_filter_hide_inlined)
{
	struct profile *p = tiny();
	struct filter_spec f = { .hide = "main\\.alloc" };
	uint32_t s4[] = { 4, 0 }, st;
	int64_t v = 7;
	char *cause = NULL, *got;

	st = profile_intern_stack(p, s4, 2);
	profile_add_sample(p, st, &v, NULL, 0);
	ck_assert_int_eq(filter_apply(p, &f, NULL, &cause), 0);
	got = sig(p);
	ck_assert_str_eq(got, "serve;main=100 runtime.mallocgc;serve;main=20 "
	    "serve;main=3 serve;main=7");
	free(got);
	profile_free(p);
}
END_TEST

START_TEST(test_filter_tag_names)
{
	struct profile *p = tiny();
	struct filter_spec f = { .taghide = "bytes" };
	char *cause = NULL;

	ck_assert_int_eq(filter_apply(p, &f, NULL, &cause), 0);
	ck_assert_uint_eq(p->nsamples, 3);
	ck_assert_uint_eq(p->nlabels, 1);
	ck_assert_str_eq(profile_str(p, p->labels[0].key), "tag");
	ck_assert_uint_eq(p->label_start[2], 0);
	profile_free(p);
}
END_TEST

START_TEST(test_filter_bad_regex)
{
	struct profile *p = tiny();
	struct filter_spec f = { .ignore = "a(" };
	char *cause = NULL;

	ck_assert_int_eq(filter_apply(p, &f, NULL, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "parsing ignore regexp: "));
	free(cause);
	ck_assert_uint_eq(p->nsamples, 3);
	profile_free(p);
}
END_TEST

START_TEST(test_filter_active)
{
	struct filter_spec f = { .focus = "a", .tagfocus = "1kb:",
	    .show_from = "b", .prune_from = "c" };
	char **a = filter_active(&f);

	ck_assert_str_eq(a[0], "focus=a");
	ck_assert_str_eq(a[1], "show_from=b");
	ck_assert_str_eq(a[2], "tagfocus=1kb:");
	ck_assert_ptr_null(a[3]);	/* pprof does not list prune_from */
	filter_active_free(a);
	memset(&f, 0, sizeof f);
	ck_assert_ptr_null(filter_active(&f));
	ck_assert(!filter_any(&f));
}
END_TEST

static const struct {
	const char *path, *trim, *search, *want;
} trim_cases[] = {
	{ "example.com/app/main.go", "", "src:/usr/lib/go/src",
	  "example.com/app/main.go" },
	{ "/build/src/example.com/app/main.go", "", "/home/me/src",
	  "example.com/app/main.go" },
	{ "/build/app/main.go", "/build", "", "app/main.go" },
	{ "/build/app/main.go", "/build/:/other", "", "app/main.go" },
	{ "/proc/self/cwd/./x.c", "", "", "x.c" },
	{ "/proc/self/cwd/x.c", "", "", "x.c" },
	{ "/abs/x.c", "/nomatch", "", "/abs/x.c" },
};

START_TEST(test_source_trim)
{
	char *got = source_trim(trim_cases[_i].path, trim_cases[_i].trim,
	    trim_cases[_i].search);

	ck_assert_str_eq(got, trim_cases[_i].want);
	free(got);
}
END_TEST

/* Go -trimpath names resolve under -source_path roots. */
START_TEST(test_source_find)
{
	char *sp = xasprintf("%s:/nonexistent", testdata_path("auditlog/src"));
	struct source_reader *r = source_reader_new(sp, NULL);
	const struct source_file *f;

	f = source_get(r, "example.com/auditlog/main.go");
	ck_assert_ptr_null(f->error);
	ck_assert_uint_gt(f->nlines, 10);
	ck_assert_str_eq(f->lines[1], "// Scenario \"auditlog\" (SHARED, "
	    "pattern f): a global slice that only grows.");
	ck_assert_ptr_eq(source_get(r, "example.com/auditlog/main.go"), f);
	f = source_get(r, "example.com/auditlog/nothere.go");
	ck_assert_ptr_nonnull(f->error);
	ck_assert_ptr_nonnull(strstr(f->error, "could not find file "
	    "example.com/auditlog/nothere.go on path "));
	source_reader_free(r);
	free(sp);
}
END_TEST

Suite *
filter_suite(void)
{
	Suite *s = suite_create("filter");
	TCase *tc = tcase_create("regex");

	tcase_add_loop_test(tc, test_regex_re2, 0,
	    sizeof re_cases / sizeof re_cases[0]);
	tcase_add_test(tc, test_regex_error);
	tcase_add_test(tc, test_regex_invalid_utf8);
	suite_add_tcase(s, tc);
	tc = tcase_create("filters");
	tcase_add_loop_test(tc, test_filter_cases, 0,
	    sizeof filter_cases / sizeof filter_cases[0]);
	tcase_add_test(tc, test_filter_hide_inlined);
	tcase_add_test(tc, test_filter_tag_names);
	tcase_add_test(tc, test_filter_bad_regex);
	tcase_add_test(tc, test_filter_active);
	suite_add_tcase(s, tc);
	tc = tcase_create("source");
	tcase_add_loop_test(tc, test_source_trim, 0,
	    sizeof trim_cases / sizeof trim_cases[0]);
	tcase_add_test(tc, test_source_find);
	suite_add_tcase(s, tc);
	return s;
}
