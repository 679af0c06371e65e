/*
 * check_profile.c - the string pool and the profile model: interning,
 * sample layout, and pprof's whole-profile operations (SampleIndexByName,
 * ScaleN, SetLabel, Merge) with expected values taken from Go 1.19's
 * vendored pprof (profile/index.go, profile.go, merge.go).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_heapdiff.h"
#include "profile.h"
#include "strpool.h"

#define NELEM(a) ((int)(sizeof (a) / sizeof (a)[0]))

/* ------------------------------------------------------------------ */
/* Helpers that build small profiles. */

static strid
S(struct profile *p, const char *s)
{
	return profile_intern(p, s, strlen(s));
}

/* A profile with the given "type/unit" sample types and a period type. */
static struct profile *
new_profile(const char *const *types, int ntypes, const char *ptype,
    const char *punit)
{
	struct profile *p = profile_new();
	int i;

	for (i = 0; i < ntypes; i++) {
		const char *slash = strchr(types[i], '/');

		profile_add_sample_type(p,
		    profile_intern(p, types[i], (size_t)(slash - types[i])),
		    S(p, slash + 1));
	}
	p->period_type.type = S(p, ptype);
	p->period_type.unit = S(p, punit);
	p->period = 1;
	return p;
}

static const char *const heap_types[] = {
	"alloc_objects/count", "alloc_space/bytes",
	"inuse_objects/count", "inuse_space/bytes",
};
static const char *const two_types[] = { "objects/count", "space/bytes" };

static uint32_t
add_func(struct profile *p, const char *name, const char *file)
{
	struct prof_function f = { S(p, name), S(p, name), S(p, file), 1 };

	return profile_add_function(p, &f);
}

/* A one-line location of function fn at address addr in mapping m. */
static uint32_t
add_loc(struct profile *p, uint32_t m, uint64_t addr, uint32_t fn,
    int64_t line)
{
	struct prof_location l;
	struct prof_line ln = { fn, line, 0 };

	memset(&l, 0, sizeof l);
	l.mapping = m;
	l.address = addr;
	return profile_add_location(p, &l, &ln, 1);
}

static struct prof_label
str_label(struct profile *p, const char *k, const char *v)
{
	struct prof_label l = { S(p, k), S(p, v), 0, 0 };

	return l;
}

static struct prof_label
num_label(struct profile *p, const char *k, int64_t v, const char *unit)
{
	struct prof_label l = { S(p, k), 0, v, S(p, unit) };

	return l;
}

/*
 * A sample's identity as text: its stack as function names from the root
 * ("main;f"), then its labels sorted ("|k=v|n=#12").
 */
static char *
sample_sig(const struct profile *p, size_t i, char *buf, size_t len)
{
	uint32_t s = p->sample_stack[i], d = profile_stack_depth(p, s), k;
	const uint32_t *locs = profile_stack(p, s);
	char *lab[16];
	size_t nl = 0, j, n = 0;

	buf[0] = '\0';
	for (k = d; k-- > 0;) {
		const struct prof_location *l = &p->locations[locs[k]];
		const struct prof_line *ln = &p->lines[l->first_line];

		n += (size_t)snprintf(buf + n, len - n, "%s%s",
		    k + 1 == d ? "" : ";",
		    profile_str(p, p->functions[ln->function].name));
	}
	for (j = p->label_start[i]; j < p->label_start[i + 1] && nl < 16; j++) {
		const struct prof_label *l = &p->labels[j];
		char tmp[128];

		if (l->str != 0)
			snprintf(tmp, sizeof tmp, "|%s=%s", profile_str(p, l->key),
			    profile_str(p, l->str));
		else
			snprintf(tmp, sizeof tmp, "|%s=#%lld%s",
			    profile_str(p, l->key), (long long)l->num,
			    profile_str(p, l->num_unit));
		lab[nl++] = strdup(tmp);
	}
	for (j = 1; j < nl; j++) {	/* insertion sort, few labels */
		char *t = lab[j];
		size_t m = j;

		for (; m > 0 && strcmp(lab[m - 1], t) > 0; m--)
			lab[m] = lab[m - 1];
		lab[m] = t;
	}
	for (j = 0; j < nl; j++) {
		n += (size_t)snprintf(buf + n, len - n, "%s", lab[j]);
		free(lab[j]);
	}
	return buf;
}

/* The index of the sample whose sig is sig, or -1 (and fail if two). */
static long
find_sample(const struct profile *p, const char *sig)
{
	char buf[512];
	long found = -1;
	size_t i;

	for (i = 0; i < p->nsamples; i++)
		if (strcmp(sample_sig(p, i, buf, sizeof buf), sig) == 0) {
			ck_assert_msg(found == -1, "two samples with sig %s", sig);
			found = (long)i;
		}
	return found;
}

/* Check that label_start is monotone and ends at nlabels. */
static void
check_label_layout(const struct profile *p)
{
	size_t i;

	ck_assert_uint_eq(p->label_start[0], 0);
	for (i = 0; i < p->nsamples; i++)
		ck_assert_uint_le(p->label_start[i], p->label_start[i + 1]);
	ck_assert_uint_eq(p->label_start[p->nsamples], p->nlabels);
}

/* ------------------------------------------------------------------ */
/* strpool */

START_TEST(test_strpool_empty_is_zero)
{
	struct strpool *sp = strpool_new();

	ck_assert_uint_eq(strpool_count(sp), 1);
	ck_assert_str_eq(strpool_get(sp, 0), "");
	ck_assert_uint_eq(strpool_len(sp, 0), 0);
	ck_assert_int_eq(strpool_find(sp, "", 0), 0);
	ck_assert_uint_eq(strpool_intern(sp, "", 0), 0);
	/* Only the length counts: a non-NULL pointer with length 0 is "". */
	ck_assert_uint_eq(strpool_intern(sp, "xyz", 0), 0);
	ck_assert_uint_eq(strpool_count(sp), 1);
	strpool_free(sp);
}
END_TEST

START_TEST(test_strpool_intern_twice)
{
	struct strpool *sp = strpool_new();
	char copy[8];
	strid a, b, a2;

	a = strpool_intern(sp, "alloc_space", 11);
	b = strpool_intern(sp, "alloc_spac", 10);	/* a prefix */
	strcpy(copy, "alloc_");
	/* Same bytes from a different buffer. */
	a2 = strpool_intern(sp, "alloc_space_extra", 11);
	ck_assert_uint_eq(a, 1);
	ck_assert_uint_eq(b, 2);
	ck_assert_uint_eq(a2, a);
	ck_assert_uint_eq(strpool_count(sp), 3);
	ck_assert_str_eq(strpool_get(sp, a), "alloc_space");
	ck_assert_str_eq(strpool_get(sp, b), "alloc_spac");
	ck_assert_uint_eq(strpool_len(sp, b), 10);
	ck_assert_uint_eq(strpool_intern(sp, copy, 6), 3);
	ck_assert_uint_eq(strpool_intern(sp, "alloc_", 6), 3);
	strpool_free(sp);
}
END_TEST

START_TEST(test_strpool_embedded_nul)
{
	struct strpool *sp = strpool_new();
	strid ab = strpool_intern(sp, "a\0b", 3);
	strid ac = strpool_intern(sp, "a\0c", 3);
	strid a = strpool_intern(sp, "a", 1);
	strid a0 = strpool_intern(sp, "a\0", 2);

	ck_assert_uint_ne(ab, ac);
	ck_assert_uint_ne(ab, a);
	ck_assert_uint_ne(a0, a);
	ck_assert_uint_ne(a0, ab);
	ck_assert_uint_eq(strpool_len(sp, ab), 3);
	ck_assert_uint_eq(strpool_len(sp, a0), 2);
	ck_assert_uint_eq(strpool_len(sp, a), 1);
	ck_assert_mem_eq(strpool_get(sp, ab), "a\0b", 4);	/* NUL after */
	ck_assert_mem_eq(strpool_get(sp, ac), "a\0c", 4);
	ck_assert_int_eq(strpool_find(sp, "a\0b", 3), (int64_t)ab);
	ck_assert_int_eq(strpool_find(sp, "a\0d", 3), -1);
	ck_assert_uint_eq(strpool_intern(sp, "a\0c", 3), ac);
	strpool_free(sp);
}
END_TEST

START_TEST(test_strpool_growth)
{
	enum { N = 100000 };
	struct strpool *sp = strpool_new();
	const char *first;
	char buf[32];
	uint32_t i;

	for (i = 1; i <= N; i++) {
		int n = snprintf(buf, sizeof buf, "s%u", i);

		ck_assert_uint_eq(strpool_intern(sp, buf, (size_t)n), i);
	}
	first = strpool_get(sp, 1);
	ck_assert_uint_eq(strpool_count(sp), N + 1);
	/* Every string found again, with the same id and text. */
	for (i = 1; i <= N; i++) {
		int n = snprintf(buf, sizeof buf, "s%u", i);

		ck_assert_int_eq(strpool_find(sp, buf, (size_t)n), i);
		ck_assert_str_eq(strpool_get(sp, i), buf);
		ck_assert_uint_eq(strpool_len(sp, i), (size_t)n);
	}
	/* Re-interning adds nothing; old texts did not move. */
	for (i = 1; i <= N; i += 997) {
		int n = snprintf(buf, sizeof buf, "s%u", i);

		ck_assert_uint_eq(strpool_intern(sp, buf, (size_t)n), i);
	}
	ck_assert_uint_eq(strpool_count(sp), N + 1);
	ck_assert_ptr_eq(strpool_get(sp, 1), first);
	ck_assert_str_eq(first, "s1");
	strpool_free(sp);
}
END_TEST

START_TEST(test_strpool_find_does_not_add)
{
	struct strpool *sp = strpool_new();

	ck_assert_int_eq(strpool_find(sp, "missing", 7), -1);
	ck_assert_uint_eq(strpool_count(sp), 1);
	ck_assert_uint_eq(strpool_intern(sp, "missing", 7), 1);
	ck_assert_int_eq(strpool_find(sp, "missing", 7), 1);
	ck_assert_int_eq(strpool_find(sp, "missin", 6), -1);
	ck_assert_int_eq(strpool_find(sp, "missingx", 8), -1);
	strpool_free(sp);
}
END_TEST

/* A long string (bigger than an arena block) is stored whole. */
START_TEST(test_strpool_long_string)
{
	struct strpool *sp = strpool_new();
	size_t n = 200000;
	char *big = malloc(n);
	strid id;

	memset(big, 'q', n);
	id = strpool_intern(sp, big, n);
	ck_assert_uint_eq(strpool_len(sp, id), n);
	ck_assert_mem_eq(strpool_get(sp, id), big, n);
	ck_assert_int_eq(strpool_get(sp, id)[n], '\0');
	ck_assert_uint_eq(strpool_intern(sp, "after", 5), id + 1);
	ck_assert_str_eq(strpool_get(sp, id + 1), "after");
	free(big);
	strpool_free(sp);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Building a profile. */

START_TEST(test_profile_strings)
{
	struct profile *p = profile_new();

	ck_assert_str_eq(profile_str(p, 0), "");
	ck_assert_uint_eq(S(p, "main"), S(p, "main"));
	ck_assert_str_eq(profile_str(p, S(p, "main")), "main");
	profile_free(p);
}
END_TEST

START_TEST(test_intern_stack)
{
	struct profile *p = profile_new();
	const uint32_t a[] = { 3, 2, 1 }, b[] = { 3, 2, 1 }, c[] = { 1, 2, 3 };
	const uint32_t d[] = { 3, 2 };
	uint32_t sa, sb, sc, sd, se, se2, i;

	sa = profile_intern_stack(p, a, 3);
	sb = profile_intern_stack(p, b, 3);
	sc = profile_intern_stack(p, c, 3);
	sd = profile_intern_stack(p, d, 2);
	se = profile_intern_stack(p, NULL, 0);
	se2 = profile_intern_stack(p, NULL, 0);
	ck_assert_uint_eq(sa, 0);
	ck_assert_uint_eq(sb, sa);
	ck_assert_uint_eq(sc, 1);
	ck_assert_uint_eq(sd, 2);
	ck_assert_uint_eq(se, 3);
	ck_assert_uint_eq(se2, se);
	ck_assert_uint_eq(p->nstacks, 4);
	ck_assert_uint_eq(profile_stack_depth(p, sa), 3);
	ck_assert_uint_eq(profile_stack_depth(p, sd), 2);
	ck_assert_uint_eq(profile_stack_depth(p, se), 0);
	ck_assert_mem_eq(profile_stack(p, sc), c, sizeof c);
	ck_assert_mem_eq(profile_stack(p, sd), d, sizeof d);
	ck_assert_uint_eq(p->stack_start[4], 8);

	/* Many stacks: the table rehashes and still finds all of them. */
	for (i = 0; i < 5000; i++) {
		uint32_t s[2] = { i, i * 7 + 1 };

		ck_assert_uint_eq(profile_intern_stack(p, s, 2), 4 + i);
	}
	for (i = 0; i < 5000; i++) {
		uint32_t s[2] = { i, i * 7 + 1 };

		ck_assert_uint_eq(profile_intern_stack(p, s, 2), 4 + i);
	}
	ck_assert_uint_eq(p->nstacks, 5004);
	ck_assert_uint_eq(profile_intern_stack(p, a, 3), sa);
	profile_free(p);
}
END_TEST

START_TEST(test_add_sample_layout)
{
	struct profile *p = new_profile(two_types, 2, "space", "bytes");
	const uint32_t st[] = { 0 };
	struct prof_label l2[2], l1[1];
	int64_t v0[2] = { 1, 10 }, v1[2] = { 2, 20 }, v2[2] = { -3, -30 };
	uint32_t s;
	size_t i;

	s = profile_intern_stack(p, st, 1);
	l2[0] = str_label(p, "k", "v");
	l2[1] = num_label(p, "bytes", 64, "bytes");
	l1[0] = str_label(p, "k", "w");
	ck_assert_uint_eq(profile_add_sample(p, s, v0, l2, 2), 0);
	ck_assert_uint_eq(profile_add_sample(p, s, v1, NULL, 0), 1);
	ck_assert_uint_eq(profile_add_sample(p, s, v2, l1, 1), 2);
	ck_assert_uint_eq(p->nsamples, 3);
	ck_assert_uint_eq(p->nlabels, 3);
	ck_assert_uint_eq(p->label_start[0], 0);
	ck_assert_uint_eq(p->label_start[1], 2);
	ck_assert_uint_eq(p->label_start[2], 2);
	ck_assert_uint_eq(p->label_start[3], 3);
	ck_assert_int_eq(p->values[0], 1);
	ck_assert_int_eq(p->values[1], 10);
	ck_assert_int_eq(p->values[2], 2);
	ck_assert_int_eq(p->values[5], -30);
	ck_assert_str_eq(profile_str(p, p->labels[0].str), "v");
	ck_assert_int_eq(p->labels[1].num, 64);
	ck_assert_str_eq(profile_str(p, p->labels[1].num_unit), "bytes");
	ck_assert_str_eq(profile_str(p, p->labels[2].str), "w");

	/* Growth past the first capacity keeps everything in place. */
	for (i = 3; i < 1000; i++) {
		int64_t v[2] = { (int64_t)i, (int64_t)i * 10 };

		ck_assert_uint_eq(profile_add_sample(p, s, v, l1, i % 3 == 0),
		    i);
	}
	ck_assert_int_eq(p->values[999 * 2 + 1], 9990);
	ck_assert_int_eq(p->values[3], 20);
	ck_assert_uint_eq(p->nlabels, 3 + 333);
	for (i = 0; i < p->nsamples; i++)
		ck_assert_uint_eq(p->sample_stack[i], s);
	check_label_layout(p);
	profile_free(p);
}
END_TEST

START_TEST(test_add_location_lines)
{
	struct profile *p = profile_new();
	uint32_t fa = add_func(p, "a", "a.go"), fb = add_func(p, "b", "b.go");
	struct prof_line lines[2] = { { fb, 30, 0 }, { fa, 21, 0 } };
	struct prof_location l;
	uint32_t l0, l1;

	memset(&l, 0, sizeof l);
	l.mapping = PROF_NONE;
	l.address = 0x1234;
	l0 = add_loc(p, PROF_NONE, 0x1000, fa, 20);
	l1 = profile_add_location(p, &l, lines, 2);
	ck_assert_uint_eq(l0, 0);
	ck_assert_uint_eq(l1, 1);
	ck_assert_uint_eq(p->nlines, 3);
	ck_assert_uint_eq(p->locations[1].first_line, 1);
	ck_assert_uint_eq(p->locations[1].nlines, 2);
	ck_assert_uint_eq(p->locations[1].address, 0x1234);
	ck_assert_uint_eq(p->lines[1].function, fb);
	ck_assert_int_eq(p->lines[2].line, 21);
	profile_free(p);
}
END_TEST

/* ------------------------------------------------------------------ */
/* profile_sample_index (pprof's SampleIndexByName). */

static const struct {
	int which;		/* 0: heap_types; 1: two_types; 2: heap + default */
	const char *name;
	int want;
	const char *cause;
} sample_index_cases[] = {
	{ 0, "", 3, NULL },
	{ 0, NULL, 3, NULL },
	{ 2, "", 1, NULL },
	{ 0, "0", 0, NULL },
	{ 0, "3", 3, NULL },
	{ 0, "+2", 2, NULL },
	{ 0, "4", -1, "sample_index 4 is outside the range [0..3]" },
	{ 0, "-1", -1, "sample_index -1 is outside the range [0..3]" },
	{ 0, "alloc_objects", 0, NULL },
	{ 0, "inuse_space", 3, NULL },
	{ 0, "inuse_objects", 2, NULL },
	{ 1, "inuse_space", 1, NULL },
	{ 1, "inuse_objects", 0, NULL },
	{ 1, "space", 1, NULL },
	{ 1, "", 1, NULL },
	{ 0, "bogus", -1, "sample_index \"bogus\" must be one of: "
	    "[alloc_objects alloc_space inuse_objects inuse_space]" },
	{ 1, "alloc_space", -1,
	    "sample_index \"alloc_space\" must be one of: [objects space]" },
	/* strconv.Atoi rejects a leading space, so this is a name. */
	{ 0, " 1", -1, "sample_index \" 1\" must be one of: "
	    "[alloc_objects alloc_space inuse_objects inuse_space]" },
};

START_TEST(test_sample_index)
{
	struct profile *p;
	char *cause = NULL;
	int got;

	if (sample_index_cases[_i].which == 1)
		p = new_profile(two_types, 2, "space", "bytes");
	else
		p = new_profile(heap_types, 4, "space", "bytes");
	if (sample_index_cases[_i].which == 2)
		p->default_sample_type = S(p, "alloc_space");
	got = profile_sample_index(p, sample_index_cases[_i].name, &cause);
	ck_assert_msg(got == sample_index_cases[_i].want,
	    "sample index of \"%s\" = %d, want %d (%s)",
	    sample_index_cases[_i].name ? sample_index_cases[_i].name : "(null)",
	    got, sample_index_cases[_i].want, cause ? cause : "no cause");
	if (sample_index_cases[_i].cause != NULL) {
		ck_assert_ptr_nonnull(cause);
		ck_assert_str_eq(cause, sample_index_cases[_i].cause);
	} else
		ck_assert_ptr_null(cause);
	free(cause);
	profile_free(p);
}
END_TEST

/* A default sample type that is not a type: the last one, as pprof. */
START_TEST(test_sample_index_bad_default)
{
	struct profile *p = new_profile(heap_types, 4, "space", "bytes");
	char *cause = NULL;

	p->default_sample_type = S(p, "cpu");
	ck_assert_int_eq(profile_sample_index(p, "", &cause), 3);
	ck_assert_ptr_null(cause);
	profile_free(p);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Totals, scaling, labels. */

/* Samples on stacks main;f and main, with labels. */
static struct profile *
labelled_profile(void)
{
	struct profile *p = new_profile(two_types, 2, "space", "bytes");
	uint32_t fm = add_func(p, "main", "main.go");
	uint32_t ff = add_func(p, "f", "f.go");
	uint32_t lm = add_loc(p, PROF_NONE, 0x10, fm, 1);
	uint32_t lf = add_loc(p, PROF_NONE, 0x20, ff, 2);
	uint32_t s1[] = { lf, lm }, s2[] = { lm };
	uint32_t st1 = profile_intern_stack(p, s1, 2);
	uint32_t st2 = profile_intern_stack(p, s2, 1);
	struct prof_label la[2], lb[1], lc[1];
	int64_t v[5][2] = { { 3, 300 }, { 1, 7 }, { -3, 5 }, { 0, 0 },
	    { 2, -1 } };

	la[0] = str_label(p, "tag", "a");
	la[1] = num_label(p, "bytes", 100, "bytes");
	lb[0] = str_label(p, "tag", "b");
	lc[0] = num_label(p, "bytes", 7, "bytes");
	profile_add_sample(p, st1, v[0], la, 2);	/* main;f|bytes|tag=a */
	profile_add_sample(p, st2, v[1], lb, 1);	/* main|tag=b */
	profile_add_sample(p, st1, v[2], NULL, 0);	/* main;f */
	profile_add_sample(p, st2, v[3], lc, 1);	/* main|bytes=7, zero */
	profile_add_sample(p, st1, v[4], lb, 1);	/* main;f|tag=b */
	return p;
}

START_TEST(test_totals)
{
	struct profile *p = labelled_profile();
	int64_t *t = profile_totals(p);

	ck_assert_int_eq(t[0], 3 + 1 - 3 + 0 + 2);
	ck_assert_int_eq(t[1], 300 + 7 + 5 + 0 - 1);
	free(t);
	profile_free(p);
}
END_TEST

/* ScaleN: math.Round (half away from zero) of each scaled type; a sample
 * is kept only when one of the scaled (ratio != 1) values is non-zero. */
START_TEST(test_scale)
{
	struct profile *p = labelled_profile();
	const double ratios[2] = { 0.5, 1 };
	char buf[256];
	long i;

	profile_scale(p, ratios);
	/* {3,300}->{2,300}; {1,7}->{1,7} (0.5 rounds to 1); {-3,5}->{-2,5};
	 * {0,0} dropped; {2,-1}->{1,-1}. */
	ck_assert_uint_eq(p->nsamples, 4);
	check_label_layout(p);
	ck_assert_uint_eq(p->nlabels, 4);
	i = find_sample(p, "main;f|bytes=#100bytes|tag=a");
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(p->values[i * 2], 2);
	ck_assert_int_eq(p->values[i * 2 + 1], 300);
	i = find_sample(p, "main|tag=b");
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(p->values[i * 2], 1);
	i = find_sample(p, "main;f");
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(p->values[i * 2], -2);
	ck_assert_int_eq(p->values[i * 2 + 1], 5);
	i = find_sample(p, "main;f|tag=b");
	ck_assert_int_eq(i, 3);	/* order kept */
	ck_assert_int_eq(p->values[i * 2], 1);
	ck_assert_int_eq(p->values[i * 2 + 1], -1);
	ck_assert_str_eq(sample_sig(p, 0, buf, sizeof buf),
	    "main;f|bytes=#100bytes|tag=a");
	profile_free(p);
}
END_TEST

/* A sample whose scaled values all round to zero is dropped even when an
 * unscaled (ratio 1) value is not zero, as pprof's ScaleN does. */
START_TEST(test_scale_drops_by_scaled_types)
{
	struct profile *p = labelled_profile();
	const double ratios[2] = { 0.1, 1 };

	profile_scale(p, ratios);
	/* 3*0.1 = 0.3 -> 0; 1*0.1 -> 0; -3*0.1 -> 0; 0; 2*0.1 -> 0. */
	ck_assert_uint_eq(p->nsamples, 0);
	ck_assert_uint_eq(p->nlabels, 0);
	ck_assert_uint_eq(p->label_start[0], 0);
	profile_free(p);
}
END_TEST

START_TEST(test_scale_rounding)
{
	static const struct {
		int64_t v;
		double r;
		int64_t want;
	} c[] = {
		{ 3, 0.5, 2 }, { -3, 0.5, -2 }, { 1, 0.5, 1 }, { -1, 0.5, -1 },
		{ 5, 2.5, 13 }, { 3, 2.5, 8 }, { 7, 1.0 / 3, 2 },
		{ 1000000007, 0.25, 250000002 }, { 10, 0, 0 }, { 4, -1.5, -6 },
	};
	int k;

	for (k = 0; k < NELEM(c); k++) {
		struct profile *p = new_profile(two_types, 2, "space", "bytes");
		uint32_t st = profile_intern_stack(p, NULL, 0);
		int64_t v[2] = { c[k].v, 1 };
		double ratios[2] = { c[k].r, 2 };

		profile_add_sample(p, st, v, NULL, 0);
		profile_scale(p, ratios);
		ck_assert_uint_eq(p->nsamples, 1);
		ck_assert_msg(p->values[0] == c[k].want,
		    "%lld * %g = %lld, want %lld", (long long)c[k].v, c[k].r,
		    (long long)p->values[0], (long long)c[k].want);
		ck_assert_int_eq(p->values[1], 2);
		profile_free(p);
	}
}
END_TEST

/* All ratios 1: nothing changes, not even all-zero samples are dropped. */
START_TEST(test_scale_ones)
{
	struct profile *p = labelled_profile();
	const double ratios[2] = { 1, 1 };

	profile_scale(p, ratios);
	ck_assert_uint_eq(p->nsamples, 5);
	ck_assert_uint_eq(p->nlabels, 5);
	ck_assert_int_eq(p->values[0], 3);
	ck_assert_int_eq(p->values[7], 0);
	profile_free(p);
}
END_TEST

START_TEST(test_set_label)
{
	struct profile *p = labelled_profile();
	char buf[256];

	profile_set_label(p, "tag", "new");
	check_label_layout(p);
	ck_assert_uint_eq(p->nsamples, 5);
	ck_assert_uint_eq(p->nlabels, 7);
	ck_assert_str_eq(sample_sig(p, 0, buf, sizeof buf),
	    "main;f|bytes=#100bytes|tag=new");
	ck_assert_str_eq(sample_sig(p, 1, buf, sizeof buf), "main|tag=new");
	ck_assert_str_eq(sample_sig(p, 2, buf, sizeof buf), "main;f|tag=new");
	ck_assert_str_eq(sample_sig(p, 3, buf, sizeof buf),
	    "main|bytes=#7bytes|tag=new");
	ck_assert_str_eq(sample_sig(p, 4, buf, sizeof buf), "main;f|tag=new");
	/* Values untouched. */
	ck_assert_int_eq(p->values[0], 3);
	ck_assert_int_eq(p->values[9], -1);

	/* A second key adds one more label per sample. */
	profile_set_label(p, "pprof::base", "true");
	check_label_layout(p);
	ck_assert_uint_eq(p->nlabels, 12);
	ck_assert_str_eq(sample_sig(p, 1, buf, sizeof buf),
	    "main|pprof::base=true|tag=new");
	profile_free(p);
}
END_TEST

/* SetLabel replaces string labels only: pprof keeps sample.NumLabel[key]. */
START_TEST(test_set_label_keeps_numeric)
{
	struct profile *p = labelled_profile();
	char buf[256];

	profile_set_label(p, "bytes", "x");
	check_label_layout(p);
	ck_assert_str_eq(sample_sig(p, 0, buf, sizeof buf),
	    "main;f|bytes=#100bytes|bytes=x|tag=a");
	ck_assert_str_eq(sample_sig(p, 2, buf, sizeof buf), "main;f|bytes=x");
	profile_free(p);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Merging. */

/*
 * One profile of the merge test: a mapping of /bin/app at start, functions
 * main and f (in the order given), locations main+0x1000 and f+0x2000.
 */
static struct profile *
merge_src(uint64_t start, bool funcs_reversed, int64_t period,
    int64_t time, int64_t duration, const char *c1, const char *c2)
{
	struct profile *p = new_profile(two_types, 2, "space", "bytes");
	struct prof_mapping m;
	uint32_t fm, ff;

	memset(&m, 0, sizeof m);
	m.start = start;
	m.limit = start + 0x100000;
	m.file = S(p, "/bin/app");
	m.has_functions = true;
	profile_add_mapping(p, &m);
	if (funcs_reversed) {
		ff = add_func(p, "f", "f.go");
		fm = add_func(p, "main", "main.go");
		add_loc(p, 0, start + 0x2000, ff, 2);
		add_loc(p, 0, start + 0x1000, fm, 1);
	} else {
		fm = add_func(p, "main", "main.go");
		ff = add_func(p, "f", "f.go");
		add_loc(p, 0, start + 0x1000, fm, 1);
		add_loc(p, 0, start + 0x2000, ff, 2);
	}
	p->period = period;
	p->time_nanos = time;
	p->duration_nanos = duration;
	if (c1)
		profile_add_comment(p, S(p, c1));
	if (c2)
		profile_add_comment(p, S(p, c2));
	return p;
}

/* Add a sample on "main" or "main;f" (by function name lookup). */
static void
merge_sample(struct profile *p, bool with_f, int64_t v0, int64_t v1,
    const struct prof_label *l, size_t nl)
{
	uint32_t locs[2], n = 0, i, lm = 0, lf = 0;
	int64_t v[2] = { v0, v1 };

	for (i = 0; i < p->nlocations; i++) {
		const char *fn = profile_str(p,
		    p->functions[p->lines[p->locations[i].first_line].function].name);

		if (strcmp(fn, "main") == 0)
			lm = i;
		else
			lf = i;
	}
	if (with_f)
		locs[n++] = lf;
	locs[n++] = lm;
	profile_add_sample(p, profile_intern_stack(p, locs, n), v, l, nl);
}

START_TEST(test_merge)
{
	struct profile *p1 = merge_src(0x400000, false, 3, 2000, 10, "c1", "c2");
	struct profile *p2 = merge_src(0x7f0000, true, 5, 1000, 20, "c2", "c3");
	struct profile *srcs[2] = { p1, p2 };
	struct profile *m;
	struct prof_label l[2];
	char *cause = NULL;
	long i;

	merge_sample(p1, true, 1, 100, NULL, 0);
	l[0] = str_label(p1, "tag", "x");
	merge_sample(p1, true, 2, 200, l, 1);
	merge_sample(p1, false, 1, 10, NULL, 0);
	l[0] = str_label(p1, "a", "1");
	l[1] = str_label(p1, "b", "2");
	merge_sample(p1, false, 4, 40, l, 2);
	l[0] = num_label(p1, "bytes", 8, "bytes");
	merge_sample(p1, false, 1, 8, l, 1);

	merge_sample(p2, true, 3, 300, NULL, 0);	/* sums */
	l[0] = str_label(p2, "tag", "y");
	merge_sample(p2, true, 1, 1, l, 1);		/* kept apart */
	merge_sample(p2, false, -1, -10, NULL, 0);	/* cancels */
	l[0] = str_label(p2, "b", "2");
	l[1] = str_label(p2, "a", "1");
	merge_sample(p2, false, 1, 2, l, 2);		/* same labels */
	l[0] = num_label(p2, "bytes", 16, "bytes");
	merge_sample(p2, false, 1, 16, l, 1);		/* other number */

	m = profile_merge(srcs, 2, &cause);
	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_null(cause);

	/* Tables deduplicated by content. */
	ck_assert_uint_eq(m->nmappings, 1);
	ck_assert_uint_eq(m->nfunctions, 2);
	ck_assert_uint_eq(m->nlocations, 2);
	ck_assert_uint_eq(m->mappings[0].start, 0x400000);
	for (i = 0; i < (long)m->nlocations; i++) {
		const struct prof_location *loc = &m->locations[i];
		const char *fn = profile_str(m,
		    m->functions[m->lines[loc->first_line].function].name);

		ck_assert_uint_eq(loc->mapping, 0);
		ck_assert_uint_eq(loc->address, strcmp(fn, "main") == 0 ?
		    0x401000 : 0x402000);
	}

	/* Samples: summed, kept apart, cancelled. */
	ck_assert_uint_eq(m->nsamples, 6);
	check_label_layout(m);
	i = find_sample(m, "main;f");
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(m->values[i * 2], 4);
	ck_assert_int_eq(m->values[i * 2 + 1], 400);
	i = find_sample(m, "main;f|tag=x");
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(m->values[i * 2 + 1], 200);
	i = find_sample(m, "main;f|tag=y");
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(m->values[i * 2 + 1], 1);
	ck_assert_int_eq(find_sample(m, "main"), -1);
	i = find_sample(m, "main|a=1|b=2");
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(m->values[i * 2], 5);
	ck_assert_int_eq(m->values[i * 2 + 1], 42);
	i = find_sample(m, "main|bytes=#8bytes");
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(m->values[i * 2 + 1], 8);
	i = find_sample(m, "main|bytes=#16bytes");
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(m->values[i * 2 + 1], 16);

	/* Headers: period max, earliest time, durations summed, comments
	 * deduplicated in order, types and period type copied. */
	ck_assert_int_eq(m->period, 5);
	ck_assert_int_eq(m->time_nanos, 1000);
	ck_assert_int_eq(m->duration_nanos, 30);
	ck_assert_uint_eq(m->ncomments, 3);
	ck_assert_str_eq(profile_str(m, m->comments[0]), "c1");
	ck_assert_str_eq(profile_str(m, m->comments[1]), "c2");
	ck_assert_str_eq(profile_str(m, m->comments[2]), "c3");
	ck_assert_uint_eq(m->ntypes, 2);
	ck_assert_str_eq(profile_str(m, m->sample_types[1].type), "space");
	ck_assert_str_eq(profile_str(m, m->sample_types[1].unit), "bytes");
	ck_assert_str_eq(profile_str(m, m->period_type.type), "space");

	/* The inputs are unchanged. */
	ck_assert_uint_eq(p1->nsamples, 5);
	ck_assert_uint_eq(p2->nsamples, 5);
	ck_assert_int_eq(p1->values[1], 100);
	ck_assert_uint_eq(p2->mappings[0].start, 0x7f0000);
	ck_assert_uint_eq(p2->locations[0].address, 0x7f2000);

	profile_free(m);
	profile_free(p1);
	profile_free(p2);
}
END_TEST

/* combineHeaders' time rule: the first non-zero time, then any smaller. */
START_TEST(test_merge_time)
{
	static const struct {
		int64_t t1, t2, want;
	} c[] = {
		{ 0, 1000, 1000 }, { 2000, 1000, 1000 }, { 1000, 2000, 1000 },
		{ 0, 0, 0 },
	};
	int k;

	for (k = 0; k < NELEM(c); k++) {
		struct profile *p1 = merge_src(0x1000, false, 0, c[k].t1, 0,
		    NULL, NULL);
		struct profile *p2 = merge_src(0x1000, false, 7, c[k].t2, 0,
		    NULL, NULL);
		struct profile *srcs[2] = { p1, p2 };
		struct profile *m;
		char *cause = NULL;

		m = profile_merge(srcs, 2, &cause);
		ck_assert_ptr_nonnull(m);
		ck_assert_int_eq(m->time_nanos, c[k].want);
		ck_assert_int_eq(m->period, 7);
		ck_assert_uint_eq(m->nsamples, 0);
		profile_free(m);
		profile_free(p1);
		profile_free(p2);
	}
}
END_TEST

/* Merging one profile compacts it: zero samples dropped, equal ones
 * summed, default sample type kept. */
START_TEST(test_merge_one)
{
	struct profile *p = merge_src(0x1000, false, 1, 5, 6, NULL, NULL);
	struct profile *m;
	char *cause = NULL;
	long i;

	p->default_sample_type = S(p, "space");
	merge_sample(p, true, 0, 0, NULL, 0);
	merge_sample(p, false, 1, 2, NULL, 0);
	merge_sample(p, false, 3, 4, NULL, 0);
	m = profile_merge(&p, 1, &cause);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->nsamples, 1);
	i = find_sample(m, "main");
	ck_assert_int_eq(i, 0);
	ck_assert_int_eq(m->values[0], 4);
	ck_assert_int_eq(m->values[1], 6);
	ck_assert_str_eq(profile_str(m, m->default_sample_type), "space");
	ck_assert_int_eq(m->time_nanos, 5);
	ck_assert_int_eq(m->duration_nanos, 6);
	profile_free(m);
	profile_free(p);
}
END_TEST

START_TEST(test_merge_incompatible_types)
{
	const char *const one[] = { "objects/count" };
	struct profile *p1 = new_profile(two_types, 2, "space", "bytes");
	struct profile *p2 = new_profile(one, 1, "space", "bytes");
	struct profile *srcs[2] = { p1, p2 };
	char *cause = NULL;

	ck_assert_ptr_null(profile_merge(srcs, 2, &cause));
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, "incompatible sample types: one profile has 2 "
	    "(first objects), the other has 1 (first objects)");
	free(cause);
	cause = NULL;
	ck_assert_int_eq(profile_compatible(p1, p2, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	profile_free(p1);
	profile_free(p2);
}
END_TEST

START_TEST(test_merge_incompatible_units)
{
	const char *const other[] = { "objects/count", "space/kilobytes" };
	struct profile *p1 = new_profile(two_types, 2, "space", "bytes");
	struct profile *p2 = new_profile(other, 2, "space", "bytes");
	struct profile *p3 = new_profile(two_types, 2, "cpu", "nanoseconds");
	struct profile *srcs[2] = { p1, p2 };
	char *cause = NULL;

	/* pprof's equalValueType compares units exactly. */
	ck_assert_ptr_null(profile_merge(srcs, 2, &cause));
	ck_assert_ptr_nonnull(cause);
	ck_assert_ptr_nonnull(strstr(cause, "incompatible sample types"));
	free(cause);
	cause = NULL;
	srcs[1] = p3;
	ck_assert_ptr_null(profile_merge(srcs, 2, &cause));
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause,
	    "incompatible period types space/bytes and cpu/nanoseconds");
	free(cause);
	cause = NULL;
	/* Compatible with itself and with an equal profile. */
	ck_assert_int_eq(profile_compatible(p1, p1, &cause), 0);
	srcs[1] = p1;
	ck_assert_int_eq(profile_compatible(srcs[0], srcs[1], &cause), 0);
	ck_assert_ptr_null(cause);
	profile_free(p1);
	profile_free(p2);
	profile_free(p3);
}
END_TEST

/* Mappings differ in size (after 4K rounding) or file: kept apart, and so
 * are their locations. */
START_TEST(test_merge_distinct_mappings)
{
	struct profile *p1 = merge_src(0x400000, false, 1, 0, 0, NULL, NULL);
	struct profile *p2 = merge_src(0x400000, false, 1, 0, 0, NULL, NULL);
	struct profile *srcs[2] = { p1, p2 };
	struct profile *m;
	char *cause = NULL;

	p2->mappings[0].file = S(p2, "/bin/other");
	merge_sample(p1, true, 1, 1, NULL, 0);
	merge_sample(p2, true, 1, 1, NULL, 0);
	m = profile_merge(srcs, 2, &cause);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->nmappings, 2);
	ck_assert_uint_eq(m->nlocations, 4);
	ck_assert_uint_eq(m->nfunctions, 2);
	ck_assert_uint_eq(m->nsamples, 2);
	ck_assert_uint_eq(m->nstacks, 2);
	profile_free(m);

	/* Same file, size within the same 4K round-up: one mapping. */
	p2->mappings[0].file = S(p2, "/bin/app");
	p2->mappings[0].limit -= 0x10;
	m = profile_merge(srcs, 2, &cause);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->nmappings, 1);
	ck_assert_uint_eq(m->nlocations, 2);
	ck_assert_uint_eq(m->nsamples, 1);
	ck_assert_int_eq(m->values[1], 2);
	profile_free(m);
	profile_free(p1);
	profile_free(p2);
}
END_TEST

Suite *
profile_suite(void)
{
	Suite *s = suite_create("profile");
	TCase *tc;

	tc = tcase_create("strpool");
	tcase_add_test(tc, test_strpool_empty_is_zero);
	tcase_add_test(tc, test_strpool_intern_twice);
	tcase_add_test(tc, test_strpool_embedded_nul);
	tcase_add_test(tc, test_strpool_growth);
	tcase_add_test(tc, test_strpool_find_does_not_add);
	tcase_add_test(tc, test_strpool_long_string);
	suite_add_tcase(s, tc);

	tc = tcase_create("build");
	tcase_add_test(tc, test_profile_strings);
	tcase_add_test(tc, test_intern_stack);
	tcase_add_test(tc, test_add_sample_layout);
	tcase_add_test(tc, test_add_location_lines);
	suite_add_tcase(s, tc);

	tc = tcase_create("sample_index");
	tcase_add_loop_test(tc, test_sample_index, 0,
	    NELEM(sample_index_cases));
	tcase_add_test(tc, test_sample_index_bad_default);
	suite_add_tcase(s, tc);

	tc = tcase_create("ops");
	tcase_add_test(tc, test_totals);
	tcase_add_test(tc, test_scale);
	tcase_add_test(tc, test_scale_drops_by_scaled_types);
	tcase_add_test(tc, test_scale_rounding);
	tcase_add_test(tc, test_scale_ones);
	tcase_add_test(tc, test_set_label);
	tcase_add_test(tc, test_set_label_keeps_numeric);
	suite_add_tcase(s, tc);

	tc = tcase_create("merge");
	tcase_add_test(tc, test_merge);
	tcase_add_test(tc, test_merge_time);
	tcase_add_test(tc, test_merge_one);
	tcase_add_test(tc, test_merge_incompatible_types);
	tcase_add_test(tc, test_merge_incompatible_units);
	tcase_add_test(tc, test_merge_distinct_mappings);
	suite_add_tcase(s, tc);
	return s;
}
