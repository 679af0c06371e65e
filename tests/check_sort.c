/*
 * check_sort.c - keyed_sort against a stable reference (insertion order
 * kept among equal keys), on keys that differ in every digit, keys that
 * share their high bits as heap addresses do, and many equal keys.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "check_heapdiff.h"
#include "sort.h"

/* Reference order: by key, then by val (val is the input position). */
static int
cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->val < y->val ? -1 : x->val > y->val;
}

/* A reproducible 64-bit generator (xorshift64*). */
static uint64_t
next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* Sort n keys made by mask/base and compare with qsort's order. */
static void
check_sorted(size_t n, uint64_t mask, uint64_t base)
{
	struct keyed *a = calloc(n + 1, sizeof *a), *want = calloc(n + 1,
	    sizeof *want);
	uint64_t s = 88172645463325252ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		a[i].key = base | (next(&s) & mask);
		a[i].val = i;
	}
	for (i = 0; i < n; i++)
		want[i] = a[i];
	qsort(want, n, sizeof *want, cmp_keyed);
	keyed_sort(a, n);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(a[i].key, want[i].key);
		ck_assert_uint_eq(a[i].val, want[i].val);
	}
	free(a);
	free(want);
}

START_TEST(test_random_keys)
{
	check_sorted(100000, UINT64_MAX, 0);
}
END_TEST

START_TEST(test_shared_high_bits)
{
	/* Heap addresses: 0xc000000000 plus 24 varying bits. */
	check_sorted(50000, 0xffffff0, 0xc000000000ULL);
}
END_TEST

START_TEST(test_equal_keys_stable)
{
	/* Eight distinct keys among 20000: order among equals must hold. */
	check_sorted(20000, 0x7000000000000000ULL, 0);
	check_sorted(1000, 0, 42);	/* all equal: no pass moves anything */
}
END_TEST

START_TEST(test_tiny)
{
	struct keyed one = { 7, 1 };

	keyed_sort(NULL, 0);
	keyed_sort(&one, 1);
	ck_assert_uint_eq(one.key, 7);
	check_sorted(2, UINT64_MAX, 0);
	check_sorted(3, 0xff, 0);
}
END_TEST

Suite *
sort_suite(void)
{
	Suite *s = suite_create("sort");
	TCase *tc = tcase_create("keyed_sort");

	tcase_add_test(tc, test_random_keys);
	tcase_add_test(tc, test_shared_high_bits);
	tcase_add_test(tc, test_equal_keys_stable);
	tcase_add_test(tc, test_tiny);
	suite_add_tcase(s, tc);
	return s;
}
