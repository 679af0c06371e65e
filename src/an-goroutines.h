/*
 * an-goroutines.h - a heap dump's goroutines grouped by state, wait reason
 * and function, as a leak hunter counts them (160 goroutines waiting in
 * sync.Cond.Wait in main.awaitCompletion is a leak).
 *
 * A goroutine's function is the top-most frame of the program's own code
 * (package main, or a package whose import path has a dot in its first
 * element, i.e. not the standard library); else the top-most frame outside
 * package runtime; else its top frame.
 */
#ifndef HEAPDIFF_AN_GOROUTINES_H
#define HEAPDIFF_AN_GOROUTINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "heapdump.h"

struct goroutine_group {
	const char *state;	/* heapdump_status_name */
	strid wait_reason;	/* in the dump's pool; 0 if none */
	strid function;		/* in the dump's pool */
	bool system;		/* runtime-internal goroutines */
	uint64_t count;
};

struct goroutine_groups {
	const struct heapdump *dump;
	struct goroutine_group *groups;	/* by count, largest first */
	size_t ngroups;
	size_t total, user, system;
};

struct goroutine_groups *goroutines_group(const struct heapdump *);
void goroutines_free(struct goroutine_groups *);

/* The function a goroutine is grouped by (see above); 0 without frames. */
strid goroutine_function(const struct heapdump *, const struct hd_goroutine *);

/* A group's text key "state\twait reason\tfunction\tsystem", for joining
 * the groups of two dumps (caller frees). */
char *goroutine_group_key(const struct goroutine_groups *,
    const struct goroutine_group *);

#endif
