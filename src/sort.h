/*
 * sort.h - sorting millions of 64-bit keys, for the hot paths that would
 * spend most of their time in qsort: the store's stack deduplication and
 * load, and the heap dump parser's objects by address.
 */
#ifndef HEAPDIFF_SORT_H
#define HEAPDIFF_SORT_H

#include <stddef.h>
#include <stdint.h>

/* A key and what it stands for (an index, a stack id, ...). */
struct keyed {
	uint64_t key;
	uint64_t val;
};

/* Sort a by key, unsigned, stably: equal keys keep their order. */
void keyed_sort(struct keyed *a, size_t n);

#endif
