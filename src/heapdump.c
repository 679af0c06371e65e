/*
 * heapdump.c - the heap dump model's small helpers: allocation, lookup of
 * the object containing an address, names of tags, statuses and sites.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heapdump.h"
#include "xmalloc.h"

struct heapdump *
heapdump_new(void)
{
	struct heapdump *d = xcalloc(1, sizeof *d);

	d->strings = strpool_new();
	return d;
}

void
heapdump_free(struct heapdump *d)
{
	if (d == NULL)
		return;
	strpool_free(d->strings);
	free(d->obj_addr);
	free(d->obj_size);
	free(d->obj_site);
	free(d->edge_start);
	free(d->edge_dst);
	free(d->roots);
	free(d->static_refs);
	free(d->goroutines);
	free(d->frames);
	free(d->types);
	free(d->itabs);
	free(d->threads);
	free(d->finalizers);
	free(d->defers);
	free(d->panics);
	free(d->buckets);
	free(d->bucket_frames);
	free(d);
}

const char *
heapdump_str(const struct heapdump *d, strid s)
{
	return strpool_get(d->strings, s);
}

uint32_t
heapdump_find(const struct heapdump *d, uint64_t a)
{
	size_t lo = 0, hi = d->nobjects;

	/* The last object starting at or below a. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->obj_addr[mid] <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return HD_NONE;
	lo--;
	if (a - d->obj_addr[lo] < d->obj_size[lo])
		return (uint32_t)lo;
	return HD_NONE;
}

const char *
heapdump_tag_name(unsigned tag)
{
	static const char *const names[HD_NTAGS] = {
		"eof", "object", "other root", "type", "goroutine",
		"stack frame", "params", "finalizer", "itab", "os thread",
		"memstats", "queued finalizer", "data", "bss", "defer",
		"panic", "memprof bucket", "alloc sample",
	};

	return tag < HD_NTAGS ? names[tag] : "unknown";
}

const char *
heapdump_status_name(uint64_t status)
{
	/* runtime/runtime2.go's _G* constants. */
	static const char *const names[] = {
		"idle", "runnable", "running", "syscall", "waiting",
		"moribund", "dead", "enqueue", "copystack", "preempted",
	};

	return status < sizeof names / sizeof names[0] ? names[status] :
	    "unknown";
}

strid
heapdump_bucket_site(const struct heapdump *d, uint32_t bucket)
{
	const struct hd_bucket *b = &d->buckets[bucket];
	uint32_t i;

	if (b->nframes == 0)
		return 0;
	for (i = 0; i < b->nframes; i++) {
		strid f = d->bucket_frames[b->first_frame + i].function;

		if (strncmp(heapdump_str(d, f), "runtime.", 8) != 0)
			return f;
	}
	return d->bucket_frames[b->first_frame].function;
}

char *
heapdump_size_label(char *buf, size_t len, uint64_t size)
{
	/* Go's largest size class is 32 KiB; bigger objects get whole pages. */
	if (size <= 32768)
		snprintf(buf, len, "(size class %llu B)",
		    (unsigned long long)size);
	else
		snprintf(buf, len, "(large object %llu B)",
		    (unsigned long long)size);
	return buf;
}
