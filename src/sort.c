/*
 * sort.c - a least-significant-digit radix sort of (key, value) pairs.
 *
 * Written here rather than using qsort: four passes of 16 bits over the
 * keys, each one counting and then scattering, sort a million pairs in a
 * few milliseconds, several times faster than qsort's comparisons through a
 * function pointer; and the passes where every key has the same digit are
 * skipped (hashes differ everywhere, but heap addresses and stack ids share
 * their high bits), which often halves the work.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sort.h"
#include "xmalloc.h"

#define DIGIT_BITS 16
#define DIGITS (1u << DIGIT_BITS)

void
keyed_sort(struct keyed *a, size_t n)
{
	struct keyed *tmp, *src = a, *dst, *t;
	size_t *count, i, sum;
	unsigned shift;

	if (n < 2)
		return;
	tmp = xreallocarray(NULL, n, sizeof *tmp);
	count = xreallocarray(NULL, DIGITS, sizeof *count);
	dst = tmp;
	for (shift = 0; shift < 64; shift += DIGIT_BITS) {
		memset(count, 0, DIGITS * sizeof *count);
		for (i = 0; i < n; i++)
			count[(src[i].key >> shift) & (DIGITS - 1)]++;
		/* Every key has this digit: the pass would not move any. */
		if (count[(src[0].key >> shift) & (DIGITS - 1)] == n)
			continue;
		for (i = 0, sum = 0; i < DIGITS; i++) {
			size_t c = count[i];

			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[(src[i].key >> shift) & (DIGITS - 1)]++] =
			    src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
	free(tmp);
	free(count);
}
