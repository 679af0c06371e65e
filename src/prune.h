/*
 * prune.h - pprof's RemoveUninteresting: drop the frames a profile's
 * drop_frames (but not keep_frames) regular expressions match, with
 * everything beneath them (towards the leaf), so that allocator internals
 * (malloc, operator new, tcmalloc::..., runtime.mallocgc) vanish and their
 * callers hold the memory.  Legacy parsers set pprof's tables.
 */
#ifndef HEAPDIFF_PRUNE_H
#define HEAPDIFF_PRUNE_H

#include "profile.h"

/* Apply p's drop_frames/keep_frames (nothing when drop_frames is empty).
 * Returns 0, or -1 and *cause when a pattern does not compile. */
int prune_uninteresting(struct profile *p, char **cause);

#endif
