/*
 * flame.c - build the flame tree of a profile (see flame.h).
 *
 * Sample values are summed per stack (and per side: new or base) first;
 * each stack is then walked once from the root, finding or adding a child
 * by name in a hash table keyed by (parent, name).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "flame.h"
#include "units.h"
#include "xmalloc.h"

struct flame_build {
	struct flame *f;
	uint32_t cap;
	uint32_t *slots;	/* node + 1, keyed by (parent, name) */
	size_t nslots;
};

static void
flame_rehash(struct flame_build *b)
{
	size_t mask, i;

	free(b->slots);
	b->nslots = b->nslots ? b->nslots * 2 : 1024;
	b->slots = xcalloc(b->nslots, sizeof *b->slots);
	mask = b->nslots - 1;
	for (i = 1; i < b->f->nnodes; i++) {
		const struct flame_node *n = &b->f->nodes[i];
		size_t j = hash_u64(n->parent, n->name) & mask;

		while (b->slots[j] != 0)
			j = (j + 1) & mask;
		b->slots[j] = (uint32_t)i + 1;
	}
}

/* The child of parent called name, added if new. */
static uint32_t
flame_child(struct flame_build *b, uint32_t parent, strid name)
{
	struct flame *f = b->f;
	size_t mask = b->nslots - 1, j;
	struct flame_node *n;

	for (j = hash_u64(parent, name) & mask; b->slots[j] != 0;
	    j = (j + 1) & mask) {
		n = &f->nodes[b->slots[j] - 1];
		if (n->parent == parent && n->name == name)
			return b->slots[j] - 1;
	}
	ARRAY_GROW(f->nodes, f->nnodes, b->cap);
	n = &f->nodes[f->nnodes];
	memset(n, 0, sizeof *n);
	n->name = name;
	n->parent = parent;
	n->depth = f->nodes[parent].depth + 1;
	n->first_child = n->next_sibling = UINT32_MAX;
	if (n->depth > f->max_depth)
		f->max_depth = n->depth;
	b->slots[j] = f->nnodes + 1;
	f->nnodes++;
	if ((size_t)f->nnodes * 2 > b->nslots)
		flame_rehash(b);
	return f->nnodes - 1;
}

/* The frame name of line k of location l: its function, else the binary,
 * else the address. */
static strid
flame_frame_name(struct flame *f, const struct profile *p,
    const struct prof_location *l, uint32_t k)
{
	char buf[64];
	const char *s = NULL;

	if (l->nlines > 0) {
		const struct prof_function *fn =
		    &p->functions[p->lines[l->first_line + k].function];

		s = profile_str(p, fn->name);
		if (*s == '\0')
			s = profile_str(p, fn->system_name);
	}
	if ((s == NULL || *s == '\0') && l->mapping != PROF_NONE &&
	    p->mappings[l->mapping].file != 0) {
		const char *file = profile_str(p, p->mappings[l->mapping].file);
		const char *base = strrchr(file, '/');

		snprintf(buf, sizeof buf, "[%s]", base ? base + 1 : file);
		s = buf;
	} else if (s == NULL || *s == '\0') {
		snprintf(buf, sizeof buf, "0x%llx",
		    (unsigned long long)l->address);
		s = buf;
	}
	return strpool_intern(f->strings, s, strlen(s));
}

/* Whether sample i is a -diff_base base sample. */
static bool
flame_sample_is_base(const struct profile *p, int64_t base_key, size_t i)
{
	size_t j;

	if (base_key < 0)
		return false;
	for (j = p->label_start[i]; j < p->label_start[i + 1]; j++)
		if (p->labels[j].key == (strid)base_key &&
		    strcmp(profile_str(p, p->labels[j].str), "true") == 0)
			return true;
	return false;
}

static struct flame *flame_sort_ctx;	/* qsort has no context argument */

static int
flame_child_cmp(const void *a, const void *b)
{
	const struct flame *f = flame_sort_ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return strcmp(strpool_get(f->strings, f->nodes[x].name),
	    strpool_get(f->strings, f->nodes[y].name));
}

/* Link every node's children in name order. */
static void
flame_link_children(struct flame *f)
{
	uint32_t *order = xmalloc((f->nnodes + 1) * sizeof *order), i;

	for (i = 0; i + 1 < f->nnodes; i++)
		order[i] = i + 1;
	flame_sort_ctx = f;
	qsort(order, f->nnodes - 1, sizeof *order, flame_child_cmp);
	flame_sort_ctx = NULL;
	/* Insert in reverse so each list ends up in name order. */
	for (i = f->nnodes - 1; i-- > 0;) {
		struct flame_node *n = &f->nodes[order[i]];

		n->next_sibling = f->nodes[n->parent].first_child;
		f->nodes[n->parent].first_child = order[i];
	}
	free(order);
}

struct flame *
flame_new(const struct profile *p, int sample_index)
{
	struct flame *f = xcalloc(1, sizeof *f);
	struct flame_build b;
	int64_t *w, *bw;
	int64_t base_key = strpool_find(p->strings, "pprof::base", 11);
	uint32_t s, *path = NULL, npath, cap_path = 0;
	strid *names;
	size_t i;
	const char *st;

	memset(&b, 0, sizeof b);
	b.f = f;
	f->strings = strpool_new();
	st = profile_str(p, p->sample_types[sample_index].type);
	f->sample_type = strpool_get(f->strings,
	    strpool_intern(f->strings, st, strlen(st)));
	st = profile_str(p, p->sample_types[sample_index].unit);
	f->sample_unit = strpool_get(f->strings,
	    strpool_intern(f->strings, st, strlen(st)));
	if (p->nmappings > 0 && p->mappings[0].file != 0) {
		const char *file = profile_str(p, p->mappings[0].file);
		const char *base = strrchr(file, '/');

		f->title = xstrdup(base ? base + 1 : file);
	} else
		f->title = xstrdup("heapdiff");

	ARRAY_GROW(f->nodes, f->nnodes, b.cap);
	memset(&f->nodes[0], 0, sizeof f->nodes[0]);
	f->nodes[0].name = strpool_intern(f->strings, "all", 3);
	f->nodes[0].parent = UINT32_MAX;
	f->nodes[0].first_child = f->nodes[0].next_sibling = UINT32_MAX;
	f->nnodes = 1;
	flame_rehash(&b);

	/* Frame names are interned once per line (or per location without
	 * lines), not once per stack. */
	names = xcalloc((size_t)p->nlines + p->nlocations + 1, sizeof *names);
	w = xcalloc(p->nstacks + 1, sizeof *w);
	bw = xcalloc(p->nstacks + 1, sizeof *bw);
	for (i = 0; i < p->nsamples; i++) {
		int64_t v = p->values[i * p->ntypes + (size_t)sample_index];

		if (flame_sample_is_base(p, base_key, i)) {
			bw[p->sample_stack[i]] -= v;
			f->diff = true;
		} else
			w[p->sample_stack[i]] += v;
	}

	for (s = 0; s < p->nstacks; s++) {
		const uint32_t *locs = profile_stack(p, s);
		uint32_t depth = profile_stack_depth(p, s), d, node = 0;

		if (w[s] == 0 && bw[s] == 0)
			continue;
		/* Frame names root first; a location's lines are innermost
		 * first, so outermost (the caller) comes first here. */
		npath = 0;
		for (d = depth; d-- > 0;) {
			const struct prof_location *l = &p->locations[locs[d]];
			uint32_t k = l->nlines > 0 ? l->nlines : 1;

			while (k-- > 0) {
				size_t slot = l->nlines > 0 ?
				    (size_t)l->first_line + k :
				    (size_t)p->nlines + locs[d];

				if (names[slot] == 0)
					names[slot] = flame_frame_name(f, p, l,
					    k);
				ARRAY_GROW(path, npath, cap_path);
				path[npath++] = names[slot];
			}
		}
		f->nodes[0].value += w[s];
		f->nodes[0].base += bw[s];
		for (d = 0; d < npath; d++) {
			node = flame_child(&b, node, path[d]);
			f->nodes[node].value += w[s];
			f->nodes[node].base += bw[s];
		}
		f->nodes[node].self += w[s];
		f->nodes[node].base_self += bw[s];
	}
	flame_link_children(f);
	free(names);
	free(path);
	free(w);
	free(bw);
	free(b.slots);
	return f;
}

void
flame_free(struct flame *f)
{
	if (f == NULL)
		return;
	strpool_free(f->strings);
	free(f->nodes);
	free(f->title);
	free(f);
}

bool
flame_is_new(const struct flame *f, uint32_t node)
{
	return f->diff && f->nodes[node].base == 0 && f->nodes[node].value != 0;
}

bool
flame_is_gone(const struct flame *f, uint32_t node)
{
	return f->diff && f->nodes[node].value == 0 && f->nodes[node].base != 0;
}

char *
flame_value(const struct flame *f, int64_t v, char *buf, size_t len)
{
	return units_label(buf, len, v, f->sample_unit,
	    f->output_unit != NULL ? f->output_unit : "auto");
}

struct folded_line {
	char *path;
	int64_t value;
};

static int
folded_cmp(const void *a, const void *b)
{
	return strcmp(((const struct folded_line *)a)->path,
	    ((const struct folded_line *)b)->path);
}

void
flame_folded(FILE *out, const struct flame *f)
{
	struct folded_line *lines = xcalloc(f->nnodes + 1, sizeof *lines);
	uint32_t i, n = 0, *chain = xmalloc((f->max_depth + 2) *
	    sizeof *chain);

	for (i = 1; i < f->nnodes; i++) {
		const struct flame_node *fn = &f->nodes[i];
		int64_t v = fn->self - fn->base_self;
		size_t len = 0, k, depth = 0;
		uint32_t x;
		char *q;

		if (v == 0)
			continue;
		for (x = i; x != 0; x = f->nodes[x].parent) {
			chain[depth++] = x;
			len += strpool_len(f->strings, f->nodes[x].name) + 1;
		}
		lines[n].path = q = xmalloc(len + 1);
		for (k = depth; k-- > 0;) {
			const char *name = strpool_get(f->strings,
			    f->nodes[chain[k]].name);

			q = stpcpy(q, name);
			if (k > 0)
				*q++ = ';';
		}
		*q = '\0';
		lines[n].value = v;
		n++;
	}
	qsort(lines, n, sizeof *lines, folded_cmp);
	for (i = 0; i < n; i++) {
		fprintf(out, "%s %lld\n", lines[i].path,
		    (long long)lines[i].value);
		free(lines[i].path);
	}
	free(lines);
	free(chain);
}
