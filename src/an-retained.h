/*
 * an-retained.h - what keeps a Go heap dump's memory alive.
 *
 * retained_new builds the dump's retention graph: a virtual entry node,
 * one node per named root (a global variable, a goroutine's frame, a
 * finalizer, ...: all root words with the same name are one node), and the
 * objects with their pointer edges.  Objects that no dumped root reaches
 * (held by runtime structures the dump does not describe) hang off one
 * pseudo root.  Its dominator tree gives every object's retained size (the
 * bytes that would be freed with it), every root's retained size, and the
 * retained size of every allocation site (objects labelled by their alloc
 * sample's site, else by size class; nested objects of one site counted
 * once).  It computes and never prints: out-dump.c and out-dump-json.c do.
 *
 * retained_compare joins two results by root name and by site, since
 * objects move between dumps and only aggregates can be compared; stack
 * roots are joined by function (goroutine ids change), finalizers all
 * together.
 */
#ifndef HEAPDIFF_AN_RETAINED_H
#define HEAPDIFF_AN_RETAINED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elfsyms.h"
#include "heapdump.h"

/* A named root: every root word with this name. */
struct retained_root {
	strid name;			/* in retained.names */
	enum hd_root_kind kind;
	uint64_t retained_bytes, retained_objects;
	uint64_t words;			/* root words pointing into the heap */
};

/* An allocation site (or size class). */
struct retained_site {
	strid name;			/* in retained.names */
	uint64_t live_bytes, live_objects;
	uint64_t retained_bytes, retained_objects;
};

struct retained {
	const struct heapdump *dump;
	struct strpool *names;		/* root and site names */
	uint64_t live_objects, live_bytes;
	uint64_t unreached_objects, unreached_bytes;
	/* Objects that several roots reach, so that no single root
	 * dominates them (the entry node retains them directly). */
	uint64_t shared_objects, shared_bytes;

	struct retained_root *roots;	/* by retained bytes, largest first */
	size_t nroots;
	struct retained_site *sites;	/* by retained bytes, largest first */
	size_t nsites;

	/* Per object (address order): its retained size and label. */
	uint64_t *obj_retained;
	uint32_t *obj_idom;		/* dominating object, or HD_NONE when a
					   root dominates it */
	strid *obj_label;		/* in names */
	uint32_t *obj_root;		/* when a root dominates the object
					   (obj_idom HD_NONE): its root node
					   (0 .. nroots - 1, as node_root_*),
					   or HD_NONE when several roots
					   reach it and none alone does */

	/* The retention graph (nodes: 0 entry, 1..nroots roots in
	 * first-seen order, then objects), kept for paths. */
	uint32_t nnodes, root_base, obj_base;
	size_t *start;
	uint32_t *dst;
	strid *node_root_name;		/* per root node */
	enum hd_root_kind *node_root_kind;
};

/* Build the retention result of d; syms (may be NULL) names data and bss
 * words by their global variable. */
struct retained *retained_new(const struct heapdump *d,
    const struct elfsyms *syms);
void retained_free(struct retained *);

/* The name of a root kind: "data", "bss", "stack", "finalizer", ... */
const char *retained_kind_name(enum hd_root_kind);

/* One step of a path from a root to an object. */
struct retained_step {
	uint32_t object;		/* HD_NONE for the root step */
	strid root_name;		/* the root step's name */
	enum hd_root_kind root_kind;
};

/*
 * A shortest path from a root to the object containing addr (a
 * breadth-first search over the retention graph).  Returns the number of
 * steps (root first) in *steps (caller frees), 0 if no object contains
 * addr, or -1 if no root reaches it.
 */
int retained_path(const struct retained *, uint64_t addr,
    struct retained_step **steps);

/* Dominator labels a chain keeps at most (the nearest to the site). */
#define RETAINED_CHAIN_MAX 8

/*
 * What keeps some of a site's objects alive: a root and the dominators
 * below it (objects, by their label) down to the site's outermost
 * objects, which retain bytes (as the site's retained size counts them:
 * objects of the site under another of its objects are in that one's) and
 * hold objects of the site.
 */
struct retained_chain {
	strid root;			/* the root's name, in names */
	enum hd_root_kind kind;
	bool shared;			/* several roots reach these objects
					   and none alone keeps them: root is
					   the one a shortest path starts from,
					   as retained_path finds it */
	bool cut;			/* dominators above labels[0] left out */
	uint32_t nlabels;
	strid labels[RETAINED_CHAIN_MAX];	/* outermost first; a run of
					   one label (a list) is one */
	uint64_t bytes;			/* retained by the site's objects */
	uint64_t objects;		/* the site's objects it holds */
};

/*
 * The chains that keep the objects labelled site (a function, or a size
 * class label) alive, one per distinct root and dominator labels, largest
 * bytes first; NULL with *n 0 when no object has that label.  Their bytes
 * sum to the site's retained_bytes and their objects to its live_objects.
 * Caller frees the array.
 */
struct retained_chain *retained_site_chains(const struct retained *,
    const char *site, size_t *n);

/* The name a root is compared by across dumps (see retained_compare):
 * stack roots by function, finalizers all together. */
const char *retained_compare_name(enum hd_root_kind, const char *name);

/* One row of a comparison of two dumps. */
struct retained_delta {
	const char *name;		/* owned by one of the results */
	const char *kind;		/* root kind, or NULL for sites */
	int64_t old_bytes, new_bytes, old_objects, new_objects;
};

/*
 * Compare roots (which = 0) or sites (which = 1) of old and new: one row
 * per name in either, sorted by |new - old| bytes, largest first.  Rows
 * point into the results, which must outlive them.
 */
struct retained_delta *retained_compare(const struct retained *old,
    const struct retained *new, int which, size_t *n);

#endif
