/*
 * xmalloc.c - allocation wrappers that exit on failure (see xmalloc.h).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "xmalloc.h"

/*
 * Ask for transparent huge pages on large blocks: profiles with millions of
 * samples live in a few arrays of tens of megabytes, and faulting them in 4
 * KiB at a time costs a fifth of the run time on a virtual machine.
 */
static void *
xmalloc_hint(void *p, size_t size)
{
#ifdef MADV_HUGEPAGE
	if (p != NULL && size >= ((size_t)4 << 20)) {
		uintptr_t start = ((uintptr_t)p + 0x1fffff) & ~(uintptr_t)0x1fffff;
		uintptr_t end = ((uintptr_t)p + size) & ~(uintptr_t)0x1fffff;

		if (end > start)
			madvise((void *)start, end - start, MADV_HUGEPAGE);
	}
#endif
	return p;
}

static void
xmalloc_fail(size_t size)
{
	fprintf(stderr, "heapdiff: out of memory allocating %zu bytes\n", size);
	exit(3);
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		xmalloc_fail(size);
	return xmalloc_hint(p, size);
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	p = calloc(nmemb, size);
	if (p == NULL)
		xmalloc_fail(nmemb * size);
	return p;
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void *p;

	if (size != 0 && nmemb > SIZE_MAX / size)
		xmalloc_fail(SIZE_MAX);
	p = realloc(ptr, nmemb != 0 && size != 0 ? nmemb * size : 1);
	if (p == NULL)
		xmalloc_fail(nmemb * size);
	return xmalloc_hint(p, nmemb * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list aq;
	int n;
	char *p;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		xmalloc_fail(0);
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}
