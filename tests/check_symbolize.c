/*
 * check_symbolize.c - symbolization with elfutils and pprof's
 * RemoveUninteresting, on the real tcmalloc dumps and their binary
 * (testdata/gperftools-conntrack; its oracle/goprof_raw.txt is what go
 * tool pprof made of the same dump).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "check_heapdiff.h"
#include "input.h"
#include "parse.h"
#include "prune.h"
#include "symbolize.h"
#include "xmalloc.h"

static struct profile *
parse_file(const char *rel)
{
	struct input in;
	struct profile *p;
	char *cause = NULL;

	ck_assert_msg(input_read(&in, testdata_path(rel), 0, &cause) == 0,
	    "%s: %s", rel, cause);
	p = parse_input(&in, NULL, NULL, &cause);
	ck_assert_msg(p != NULL, "%s: %s", rel, cause);
	input_done(&in);
	return p;
}

/* The location at address, or PROF_NONE. */
static uint32_t
loc_at(const struct profile *p, uint64_t address)
{
	uint32_t i;

	for (i = 0; i < p->nlocations; i++)
		if (p->locations[i].address == address)
			return i;
	return PROF_NONE;
}

/* The name of a location's innermost function ("" if none). */
static const char *
loc_func(const struct profile *p, uint32_t i)
{
	const struct prof_location *l = &p->locations[i];

	if (l->nlines == 0)
		return "";
	return profile_str(p, p->functions[p->lines[l->first_line].function]
	    .name);
}

/* go tool pprof's answers for conntrack.0009.heap (oracle/goprof_raw.txt):
 * address, function, line; "" for the ones it leaves raw. */
static const struct {
	uint64_t address;
	const char *function;
	int64_t line;
} want[] = {
	{ 0x55555555527c, "track_connection", 67 },
	{ 0x5555555555b1, "main", 128 },
	{ 0x7ffff7a45249, "", 0 },
	{ 0x5555555550c0, "", 0 },
	{ 0x55555555521f, "nmalloc", 56 },
	{ 0x5555555553f5, "build_log_line", 97 },
	{ 0x55555555535b, "checksum_block", 84 },
	{ 0x5555555554e4, "handle_packet", 114 },
};

START_TEST(test_binary)
{
	struct profile *p = parse_file("gperftools-conntrack/conntrack.0009.heap");
	char *cause = NULL, *bin = xstrdup(testdata_path(
	    "gperftools-conntrack/conntrack"));
	size_t i;

	ck_assert(symbolize_is_elf(bin));
	ck_assert_int_eq(symbolize_profile(p, bin, &cause), 0);
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		uint32_t l = loc_at(p, want[i].address);

		ck_assert_uint_ne(l, PROF_NONE);
		ck_assert_str_eq(loc_func(p, l), want[i].function);
		if (*want[i].function != '\0') {
			const struct prof_line *ln =
			    &p->lines[p->locations[l].first_line];

			ck_assert_int_eq(ln->line, want[i].line);
			ck_assert_str_eq(profile_str(p,
			    p->functions[ln->function].filename),
			    "/opt/hdcorpus/src/conntrack.c");
		}
	}
	ck_assert_str_eq(profile_str(p, p->mappings[0].file), bin);
	ck_assert(p->mappings[0].has_functions && p->mappings[0].has_inline_frames);
	free(bin);
	profile_free(p);
}
END_TEST

/* Without a binary argument the mapping's file is found under
 * $PPROF_BINARY_PATH by its base name. */
START_TEST(test_binary_path)
{
	struct profile *p = parse_file("gperftools-conntrack/conntrack.0001.heap");
	char *cause = NULL, *old = getenv("PPROF_BINARY_PATH");

	old = old ? xstrdup(old) : NULL;
	setenv("PPROF_BINARY_PATH", testdata_path("gperftools-conntrack"), 1);
	ck_assert_int_eq(symbolize_profile(p, NULL, &cause), 0);
	ck_assert_str_eq(loc_func(p, loc_at(p, 0x55555555527c)),
	    "track_connection");
	if (old != NULL)
		setenv("PPROF_BINARY_PATH", old, 1);
	else
		unsetenv("PPROF_BINARY_PATH");
	free(old);
	profile_free(p);
}
END_TEST

/* A build id that differs: the binary argument is refused, a searched
 * file is skipped; the right build id finds the file. */
START_TEST(test_build_id)
{
	struct profile *p = parse_file("gperftools-conntrack/conntrack.0009.heap");
	char *cause = NULL, *bin = xstrdup(testdata_path(
	    "gperftools-conntrack/conntrack"));
	const char *wrong = "0123456789abcdef0123456789abcdef01234567";
	const char *right = "df42825a53514babff17ce4ad29895752b5bba48";

	p->mappings[0].build_id = profile_intern(p, wrong, strlen(wrong));
	ck_assert_int_eq(symbolize_profile(p, bin, &cause), -1);
	ck_assert_msg(strstr(cause, "does not match the profile's main "
	    "mapping") != NULL, "%s", cause);
	free(cause);
	cause = NULL;

	setenv("PPROF_BINARY_PATH", testdata_path("gperftools-conntrack"), 1);
	ck_assert_int_eq(symbolize_profile(p, NULL, &cause), 0);
	ck_assert_str_eq(loc_func(p, loc_at(p, 0x55555555527c)), "");
	p->mappings[0].build_id = profile_intern(p, right, strlen(right));
	ck_assert_int_eq(symbolize_profile(p, NULL, &cause), 0);
	ck_assert_str_eq(loc_func(p, loc_at(p, 0x55555555527c)),
	    "track_connection");
	unsetenv("PPROF_BINARY_PATH");
	free(bin);
	profile_free(p);
}
END_TEST

/* Not an ELF file that elfutils reads. */
START_TEST(test_not_elf)
{
	struct profile *p = parse_file("gperftools-conntrack/conntrack.0009.heap");
	char *cause = NULL;

	ck_assert(!symbolize_is_elf(testdata_path(
	    "gperftools-conntrack/conntrack.c")));
	ck_assert_int_eq(symbolize_profile(p, testdata_path(
	    "gperftools-conntrack/conntrack.c"), &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "not an ELF file"));
	free(cause);
	profile_free(p);
}
END_TEST

/* pprof's Prune: the allocator frame and everything under it go, its
 * caller becomes the leaf; a stack that is all allocator stays. */
START_TEST(test_prune)
{
	struct profile *p = profile_new();
	struct prof_function f;
	struct prof_location l;
	struct prof_line ln;
	const char *names[] = { "tcmalloc::Alloc", "operator new[](unsigned long)",
		"make_table", "main" };
	uint32_t locs[4], i, s;
	int64_t v = 1;
	char *cause = NULL;

	profile_add_sample_type(p, profile_intern(p, "objects", 7),
	    profile_intern(p, "count", 5));
	memset(&l, 0, sizeof l);
	l.mapping = PROF_NONE;
	for (i = 0; i < 4; i++) {
		memset(&f, 0, sizeof f);
		f.name = f.system_name = profile_intern(p, names[i],
		    strlen(names[i]));
		ln.function = profile_add_function(p, &f);
		ln.line = 1;
		ln.column = 0;
		l.address = 0x1000 + i;
		locs[i] = profile_add_location(p, &l, &ln, 1);
	}
	profile_add_sample(p, profile_intern_stack(p, locs, 4), &v, NULL, 0);
	profile_add_sample(p, profile_intern_stack(p, locs, 2), &v, NULL, 0);
	p->drop_frames = profile_intern(p, "tcmalloc::.*|operator new(\\[\\])?",
	    strlen("tcmalloc::.*|operator new(\\[\\])?"));
	ck_assert_int_eq(prune_uninteresting(p, &cause), 0);
	s = p->sample_stack[0];
	ck_assert_uint_eq(profile_stack_depth(p, s), 2);
	ck_assert_uint_eq(profile_stack(p, s)[0], locs[2]);
	ck_assert_uint_eq(profile_stack_depth(p, p->sample_stack[1]), 2);
	profile_free(p);
}
END_TEST

Suite *
symbolize_suite(void)
{
	Suite *s = suite_create("symbolize");
	TCase *tc = tcase_create("elfutils");

	tcase_add_test(tc, test_binary);
	tcase_add_test(tc, test_binary_path);
	tcase_add_test(tc, test_build_id);
	tcase_add_test(tc, test_not_elf);
	tcase_add_test(tc, test_prune);
	suite_add_tcase(s, tc);
	return s;
}
