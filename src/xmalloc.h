/*
 * xmalloc.h - allocation that never returns NULL.
 *
 * heapdiff's one allocation convention: xmalloc, xcalloc, xreallocarray,
 * xstrdup, xstrndup and xasprintf either succeed or print one line and exit
 * with status 3 (an allocation failure is not the input's fault).  Heap
 * objects use X_new/X_free, embedded ones X_init/X_done.
 */
#ifndef HEAPDIFF_XMALLOC_H
#define HEAPDIFF_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/*
 * Make room for one more element in a growable array: ARRAY_GROW(p, n, cap)
 * doubles cap (from 16) when n == cap.  p is reassigned.
 */
#define ARRAY_GROW(p, n, cap)                                               \
	do {                                                                \
		if ((n) >= (cap)) {                                         \
			(cap) = (cap) ? (cap) * 2 : 16;                     \
			(p) = xreallocarray((p), (cap), sizeof *(p));       \
		}                                                           \
	} while (0)

/* Make room for at least need elements. */
#define ARRAY_RESERVE(p, need, cap)                                         \
	do {                                                                \
		if ((need) > (cap)) {                                       \
			size_t array_reserve_c_ = (cap) ? (cap) : 16;       \
			while (array_reserve_c_ < (need))                   \
				array_reserve_c_ *= 2;                      \
			(cap) = array_reserve_c_;                           \
			(p) = xreallocarray((p), (cap), sizeof *(p));       \
		}                                                           \
	} while (0)

#endif
