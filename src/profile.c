/*
 * profile.c - the in-memory profile model: building it, interning stacks,
 * and pprof's whole-profile operations (sample index, scaling, labels,
 * merging).  See profile.h for the layout.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "xmalloc.h"

/* Capacities and the stack hash table, hidden from users of the model. */
struct profile_private {
	size_t cap_types, cap_comments, cap_mappings, cap_functions;
	size_t cap_locations, cap_lines;
	size_t cap_stack_start, cap_stack_locs;
	size_t cap_samples, cap_labels;

	/*
	 * Stack hash table: each slot holds the stack's 32-bit hash in its
	 * high half and the stack index + 1 in its low half (0 = empty), so
	 * a probe touches only the slot until the hashes agree.
	 */
	uint64_t *stack_slots;
	size_t nstack_slots;	/* power of two */
	uint32_t nstacks_indexed;	/* stacks [0, this) are in the table */
};

struct profile *
profile_new(void)
{
	struct profile *p = xcalloc(1, sizeof *p);

	p->priv = xcalloc(1, sizeof *p->priv);
	p->strings = strpool_new();
	p->stack_start = xmalloc(sizeof *p->stack_start);
	p->stack_start[0] = 0;
	p->priv->cap_stack_start = 1;
	p->label_start = xmalloc(sizeof *p->label_start);
	p->label_start[0] = 0;
	return p;
}

void
profile_free(struct profile *p)
{
	if (p == NULL)
		return;
	strpool_free(p->strings);
	free(p->sample_types);
	free(p->comments);
	free(p->mappings);
	free(p->functions);
	free(p->locations);
	free(p->lines);
	free(p->stack_start);
	free(p->stack_locs);
	free(p->sample_stack);
	free(p->values);
	free(p->label_start);
	free(p->labels);
	free(p->priv->stack_slots);
	free(p->priv);
	free(p);
}

strid
profile_intern(struct profile *p, const char *s, size_t len)
{
	return strpool_intern(p->strings, s, len);
}

const char *
profile_str(const struct profile *p, strid id)
{
	return strpool_get(p->strings, id);
}

uint32_t
profile_add_sample_type(struct profile *p, strid type, strid unit)
{
	ARRAY_GROW(p->sample_types, p->ntypes, p->priv->cap_types);
	p->sample_types[p->ntypes].type = type;
	p->sample_types[p->ntypes].unit = unit;
	return p->ntypes++;
}

void
profile_add_comment(struct profile *p, strid s)
{
	ARRAY_GROW(p->comments, p->ncomments, p->priv->cap_comments);
	p->comments[p->ncomments++] = s;
}

uint32_t
profile_add_mapping(struct profile *p, const struct prof_mapping *m)
{
	ARRAY_GROW(p->mappings, p->nmappings, p->priv->cap_mappings);
	p->mappings[p->nmappings] = *m;
	return p->nmappings++;
}

uint32_t
profile_add_function(struct profile *p, const struct prof_function *f)
{
	ARRAY_GROW(p->functions, p->nfunctions, p->priv->cap_functions);
	p->functions[p->nfunctions] = *f;
	return p->nfunctions++;
}

uint32_t
profile_add_location(struct profile *p, const struct prof_location *l,
    const struct prof_line *lines, uint32_t nlines)
{
	struct prof_location *nl;

	ARRAY_RESERVE(p->lines, (size_t)p->nlines + nlines, p->priv->cap_lines);
	if (nlines > 0)
		memcpy(p->lines + p->nlines, lines, nlines * sizeof *lines);
	ARRAY_GROW(p->locations, p->nlocations, p->priv->cap_locations);
	nl = &p->locations[p->nlocations];
	*nl = *l;
	nl->first_line = p->nlines;
	nl->nlines = nlines;
	p->nlines += nlines;
	return p->nlocations++;
}

static uint32_t
stack_hash(const uint32_t *locs, uint32_t n)
{
	return (uint32_t)(hash_bytes(locs, n * sizeof *locs, 0x5eed) >> 32);
}

static void
stack_rehash(struct profile *p)
{
	struct profile_private *pv = p->priv;
	uint64_t *old = pv->stack_slots;
	size_t oldn = pv->nstack_slots, mask, i;

	pv->nstack_slots = pv->nstack_slots ? pv->nstack_slots * 2 : 1024;
	pv->stack_slots = xcalloc(pv->nstack_slots, sizeof *pv->stack_slots);
	mask = pv->nstack_slots - 1;
	for (i = 0; i < oldn; i++) {
		size_t j;

		if (old[i] == 0)
			continue;
		for (j = (old[i] >> 32) & mask; pv->stack_slots[j] != 0;
		    j = (j + 1) & mask)
			;
		pv->stack_slots[j] = old[i];
	}
	free(old);
}

/* Put stack s (already stored) into the hash table. */
static void
stack_index(struct profile *p, uint32_t s)
{
	struct profile_private *pv = p->priv;
	uint32_t h = stack_hash(profile_stack(p, s), profile_stack_depth(p, s));
	size_t mask, j;

	if ((size_t)(s + 1) * 2 > pv->nstack_slots)
		stack_rehash(p);
	mask = pv->nstack_slots - 1;
	for (j = h & mask; pv->stack_slots[j] != 0; j = (j + 1) & mask)
		;
	pv->stack_slots[j] = ((uint64_t)h << 32) | (s + 1);
}

/* Append a stack without looking for an equal one. */
static uint32_t
stack_append(struct profile *p, const uint32_t *locs, uint32_t n)
{
	struct profile_private *pv = p->priv;
	uint32_t s = p->nstacks;

	ARRAY_RESERVE(p->stack_locs, (size_t)p->stack_start[s] + n,
	    pv->cap_stack_locs);
	if (n > 0)
		memcpy(p->stack_locs + p->stack_start[s], locs, n * sizeof *locs);
	ARRAY_RESERVE(p->stack_start, (size_t)s + 2, pv->cap_stack_start);
	p->stack_start[s + 1] = p->stack_start[s] + n;
	p->nstacks++;
	return s;
}

uint32_t
profile_add_stack(struct profile *p, const uint32_t *locs, uint32_t n)
{
	return stack_append(p, locs, n);
}

uint32_t
profile_intern_stack(struct profile *p, const uint32_t *locs, uint32_t n)
{
	struct profile_private *pv = p->priv;
	uint32_t h = stack_hash(locs, n);
	size_t mask, j;
	uint32_t s;

	if (pv->nstack_slots == 0)
		stack_rehash(p);
	/* Index stacks added with profile_add_stack since the last lookup. */
	while (pv->nstacks_indexed < p->nstacks)
		stack_index(p, pv->nstacks_indexed++);
	mask = pv->nstack_slots - 1;
	for (j = h & mask; pv->stack_slots[j] != 0; j = (j + 1) & mask) {
		if ((uint32_t)(pv->stack_slots[j] >> 32) != h)
			continue;
		s = (uint32_t)pv->stack_slots[j] - 1;
		if (profile_stack_depth(p, s) == n && (n == 0 ||
		    memcmp(profile_stack(p, s), locs, n * sizeof *locs) == 0))
			return s;
	}

	s = stack_append(p, locs, n);
	pv->stack_slots[j] = ((uint64_t)h << 32) | (s + 1);
	pv->nstacks_indexed = p->nstacks;
	if ((size_t)p->nstacks * 2 > pv->nstack_slots)
		stack_rehash(p);
	return s;
}

size_t
profile_add_sample(struct profile *p, uint32_t stack, const int64_t *values,
    const struct prof_label *labels, size_t nlabels)
{
	struct profile_private *pv = p->priv;
	size_t i = p->nsamples;

	if (i >= pv->cap_samples) {
		pv->cap_samples = pv->cap_samples ? pv->cap_samples * 2 : 256;
		p->sample_stack = xreallocarray(p->sample_stack,
		    pv->cap_samples, sizeof *p->sample_stack);
		p->values = xreallocarray(p->values,
		    pv->cap_samples * (p->ntypes ? p->ntypes : 1),
		    sizeof *p->values);
		p->label_start = xreallocarray(p->label_start,
		    pv->cap_samples + 1, sizeof *p->label_start);
	}
	p->sample_stack[i] = stack;
	if (p->ntypes > 0)
		memcpy(p->values + i * p->ntypes, values,
		    p->ntypes * sizeof *values);
	ARRAY_RESERVE(p->labels, p->nlabels + nlabels, pv->cap_labels);
	if (nlabels > 0)
		memcpy(p->labels + p->nlabels, labels, nlabels * sizeof *labels);
	p->nlabels += nlabels;
	p->label_start[i + 1] = p->nlabels;
	p->nsamples++;
	return i;
}

void
profile_reserve(struct profile *p, size_t nsamples, size_t nstacks,
    size_t nstack_locs, size_t nlabels)
{
	struct profile_private *pv = p->priv;

	if (nsamples > pv->cap_samples) {
		pv->cap_samples = nsamples;
		p->sample_stack = xreallocarray(p->sample_stack,
		    pv->cap_samples, sizeof *p->sample_stack);
		p->values = xreallocarray(p->values,
		    pv->cap_samples * (p->ntypes ? p->ntypes : 1),
		    sizeof *p->values);
		p->label_start = xreallocarray(p->label_start,
		    pv->cap_samples + 1, sizeof *p->label_start);
	}
	ARRAY_RESERVE(p->labels, nlabels, pv->cap_labels);
	ARRAY_RESERVE(p->stack_locs, nstack_locs, pv->cap_stack_locs);
	ARRAY_RESERVE(p->stack_start, nstacks + 1, pv->cap_stack_start);
	while (pv->nstack_slots < nstacks * 2)
		stack_rehash(p);
}

int
profile_sample_index(const struct profile *p, const char *name, char **cause)
{
	const char *noinuse;
	char *end;
	long v;
	uint32_t i;

	if (p->ntypes == 0) {
		*cause = xstrdup("profile has no samples");
		return -1;
	}
	if (name == NULL || *name == '\0') {
		if (p->default_sample_type != 0) {
			for (i = 0; i < p->ntypes; i++)
				if (p->sample_types[i].type == p->default_sample_type)
					return (int)i;
		}
		return (int)p->ntypes - 1;
	}
	v = strtol(name, &end, 10);
	/* A number as Go's strconv.Atoi reads one: optional sign, digits. */
	if (*end == '\0' && (isdigit((unsigned char)name[0]) ||
	    ((name[0] == '-' || name[0] == '+') &&
	    isdigit((unsigned char)name[1])))) {
		if (v < 0 || v >= (long)p->ntypes) {
			*cause = xasprintf("sample_index %s is outside the range "
			    "[0..%u]", name, p->ntypes - 1);
			return -1;
		}
		return (int)v;
	}
	noinuse = strncmp(name, "inuse_", 6) == 0 ? name + 6 : name;
	for (i = 0; i < p->ntypes; i++) {
		const char *t = profile_str(p, p->sample_types[i].type);

		if (strcmp(t, name) == 0 || strcmp(t, noinuse) == 0)
			return (int)i;
	}
	{
		size_t len = 0;
		char *list, *q;

		for (i = 0; i < p->ntypes; i++)
			len += strlen(profile_str(p, p->sample_types[i].type)) + 1;
		list = q = xmalloc(len + 1);
		for (i = 0; i < p->ntypes; i++)
			q += sprintf(q, "%s%s", i ? " " : "",
			    profile_str(p, p->sample_types[i].type));
		*q = '\0';
		*cause = xasprintf("sample_index \"%s\" must be one of: [%s]",
		    name, list);
		free(list);
	}
	return -1;
}

int64_t *
profile_totals(const struct profile *p)
{
	int64_t *t = xcalloc(p->ntypes ? p->ntypes : 1, sizeof *t);
	size_t i;
	uint32_t k;

	for (i = 0; i < p->nsamples; i++)
		for (k = 0; k < p->ntypes; k++)
			t[k] += p->values[i * p->ntypes + k];
	return t;
}

/* Remove samples whose values are all zero, keeping the order of the rest. */
static void
profile_drop_zero_samples(struct profile *p)
{
	size_t i, out = 0, lout = 0;
	uint32_t k, nt = p->ntypes;

	for (i = 0; i < p->nsamples; i++) {
		const int64_t *v = p->values + i * nt;
		size_t l0 = p->label_start[i], l1 = p->label_start[i + 1];
		bool keep = false;

		for (k = 0; k < nt && !keep; k++)
			keep = v[k] != 0;
		if (!keep)
			continue;
		p->sample_stack[out] = p->sample_stack[i];
		memmove(p->values + out * nt, v, nt * sizeof *v);
		if (l1 > l0)
			memmove(p->labels + lout, p->labels + l0,
			    (l1 - l0) * sizeof *p->labels);
		p->label_start[out] = lout;
		lout += l1 - l0;
		out++;
	}
	p->label_start[out] = lout;
	p->nsamples = out;
	p->nlabels = lout;
}

void
profile_scale(struct profile *p, const double *ratios)
{
	size_t i;
	uint32_t k, nt = p->ntypes;
	bool ones = true;

	for (k = 0; k < nt; k++)
		if (ratios[k] != 1)
			ones = false;
	if (ones)
		return;
	/* A sample is dropped when every scaled value is zero, as in pprof's
	 * ScaleN (values of types with ratio 1 do not keep it). */
	for (i = 0; i < p->nsamples; i++) {
		int64_t *v = p->values + i * nt;
		bool keep = false;

		for (k = 0; k < nt; k++) {
			if (ratios[k] != 1) {
				v[k] = (int64_t)llround((double)v[k] * ratios[k]);
				keep = keep || v[k] != 0;
			}
		}
		if (!keep)
			for (k = 0; k < nt; k++)
				v[k] = 0;
	}
	profile_drop_zero_samples(p);
}

void
profile_set_label(struct profile *p, const char *key, const char *value)
{
	strid k = profile_intern(p, key, strlen(key));
	strid v = profile_intern(p, value, strlen(value));
	struct prof_label *nl;
	size_t i, j, n = 0, total;

	/* Replace any existing values of key; rebuild the label array. */
	total = p->nlabels + p->nsamples;
	nl = xreallocarray(NULL, total ? total : 1, sizeof *nl);
	for (i = 0; i < p->nsamples; i++) {
		size_t l0 = p->label_start[i], l1 = p->label_start[i + 1];

		p->label_start[i] = n;
		/* Only string values of key are replaced; numeric labels
		 * with the same key stay, as in pprof's SetLabel. */
		for (j = l0; j < l1; j++)
			if (p->labels[j].key != k || p->labels[j].str == 0)
				nl[n++] = p->labels[j];
		nl[n].key = k;
		nl[n].str = v;
		nl[n].num = 0;
		nl[n].num_unit = 0;
		n++;
	}
	p->label_start[p->nsamples] = n;
	free(p->labels);
	p->labels = nl;
	p->nlabels = n;
	p->priv->cap_labels = total ? total : 1;
}

int
profile_compatible(const struct profile *a, const struct profile *b,
    char **cause)
{
	uint32_t i;

#define VT_EQ(x, y) (strcmp(profile_str(a, (x).type), profile_str(b, (y).type)) == 0 && \
	strcmp(profile_str(a, (x).unit), profile_str(b, (y).unit)) == 0)
	if (!VT_EQ(a->period_type, b->period_type)) {
		*cause = xasprintf("incompatible period types %s/%s and %s/%s",
		    profile_str(a, a->period_type.type),
		    profile_str(a, a->period_type.unit),
		    profile_str(b, b->period_type.type),
		    profile_str(b, b->period_type.unit));
		return -1;
	}
	for (i = 0; i < a->ntypes && a->ntypes == b->ntypes; i++)
		if (!VT_EQ(a->sample_types[i], b->sample_types[i]))
			break;
#undef VT_EQ
	if (a->ntypes != b->ntypes || i < a->ntypes) {
		*cause = xasprintf("incompatible sample types: %s has %u "
		    "(first %s), %s has %u (first %s)", "one profile",
		    a->ntypes, a->ntypes ? profile_str(a,
		    a->sample_types[0].type) : "none", "the other", b->ntypes,
		    b->ntypes ? profile_str(b, b->sample_types[0].type) : "none");
		return -1;
	}
	return 0;
}

/*
 * Merging.  Tables of the result are keyed by content, as pprof's
 * profileMerger keys them: mappings by (rounded size, offset, build id or
 * file), functions by (name, system name, file, start line), locations by
 * (mapping, address relative to the mapping, lines, folded), samples by
 * (stack, labels).  One open-addressing table of (hash, index) serves all
 * of them; the equality test is per kind.
 */

struct ktable {
	uint64_t *hash;
	uint32_t *idx;		/* index + 1, 0 = empty */
	size_t nslots, count;
};

static void
ktable_init(struct ktable *t, size_t expect)
{
	t->nslots = 64;
	while (t->nslots < expect * 2)
		t->nslots *= 2;
	t->hash = xcalloc(t->nslots, sizeof *t->hash);
	t->idx = xcalloc(t->nslots, sizeof *t->idx);
	t->count = 0;
}

static void
ktable_done(struct ktable *t)
{
	free(t->hash);
	free(t->idx);
}

static void
ktable_grow(struct ktable *t)
{
	uint64_t *oh = t->hash;
	uint32_t *oi = t->idx;
	size_t on = t->nslots, i;

	t->nslots *= 2;
	t->hash = xcalloc(t->nslots, sizeof *t->hash);
	t->idx = xcalloc(t->nslots, sizeof *t->idx);
	for (i = 0; i < on; i++) {
		size_t j;

		if (oi[i] == 0)
			continue;
		for (j = oh[i] & (t->nslots - 1); t->idx[j] != 0;
		    j = (j + 1) & (t->nslots - 1))
			;
		t->hash[j] = oh[i];
		t->idx[j] = oi[i];
	}
	free(oh);
	free(oi);
}

/*
 * Look up hash h; eq(ctx, index) says whether an entry matches.  Returns the
 * index found, or inserts make(ctx) and returns that.
 */
static uint32_t
ktable_find_or_add(struct ktable *t, uint64_t h,
    bool (*eq)(void *, uint32_t), uint32_t (*make)(void *), void *ctx)
{
	size_t mask = t->nslots - 1, j;
	uint32_t v;

	for (j = h & mask; t->idx[j] != 0; j = (j + 1) & mask)
		if (t->hash[j] == h && eq(ctx, t->idx[j] - 1))
			return t->idx[j] - 1;
	v = make(ctx);
	t->hash[j] = h;
	t->idx[j] = v + 1;
	if (++t->count * 2 > t->nslots)
		ktable_grow(t);
	return v;
}

struct merger {
	struct profile *dst;
	const struct profile *src;
	strid *strmap;		/* src strid -> dst strid, UINT32_MAX unset */
	uint32_t *mapmap, *funcmap, *locmap;
	struct ktable mappings, functions, locations, samples;

	/* The candidate being looked up. */
	const void *cand;
	uint32_t *cand_locs;
	uint32_t cand_n;
	struct prof_label *cand_labels;
	size_t cand_nlabels;
	uint32_t cand_stack;
	const int64_t *cand_values;
	int64_t *zero;		/* ntypes zero values for new samples */
};

static strid
merge_str(struct merger *m, strid s)
{
	if (m->strmap[s] == UINT32_MAX)
		m->strmap[s] = profile_intern(m->dst, profile_str(m->src, s),
		    strpool_len(m->src->strings, s));
	return m->strmap[s];
}

static uint64_t
mapping_key_size(const struct prof_mapping *mp)
{
	uint64_t size = mp->limit - mp->start;

	size = size + 0x1000 - 1;
	return size - size % 0x1000;
}

static bool
mapping_eq(void *ctx, uint32_t i)
{
	struct merger *m = ctx;
	const struct prof_mapping *a = m->cand, *b = &m->dst->mappings[i];
	strid ka = a->build_id ? a->build_id : a->file;
	strid kb = b->build_id ? b->build_id : b->file;

	return mapping_key_size(a) == mapping_key_size(b) &&
	    a->offset == b->offset && ka == kb;
}

static uint32_t
mapping_make(void *ctx)
{
	struct merger *m = ctx;

	return profile_add_mapping(m->dst, m->cand);
}

static bool
function_eq(void *ctx, uint32_t i)
{
	struct merger *m = ctx;
	const struct prof_function *a = m->cand, *b = &m->dst->functions[i];

	return a->name == b->name && a->system_name == b->system_name &&
	    a->filename == b->filename && a->start_line == b->start_line;
}

static uint32_t
function_make(void *ctx)
{
	struct merger *m = ctx;

	return profile_add_function(m->dst, m->cand);
}

/* The location candidate: the location plus its already-mapped lines. */
struct loc_cand {
	struct prof_location loc;
	const struct prof_line *lines;
};

static uint64_t
location_rel_addr(const struct profile *p, const struct prof_location *l)
{
	if (l->mapping == PROF_NONE)
		return l->address;
	return l->address - p->mappings[l->mapping].start;
}

static bool
location_eq(void *ctx, uint32_t i)
{
	struct merger *m = ctx;
	const struct loc_cand *c = m->cand;
	const struct prof_location *b = &m->dst->locations[i];
	uint32_t k;

	if (c->loc.mapping != b->mapping || c->loc.is_folded != b->is_folded ||
	    c->loc.nlines != b->nlines ||
	    location_rel_addr(m->dst, &c->loc) != location_rel_addr(m->dst, b))
		return false;
	for (k = 0; k < b->nlines; k++) {
		const struct prof_line *x = &c->lines[k];
		const struct prof_line *y = &m->dst->lines[b->first_line + k];

		if (x->function != y->function || x->line != y->line)
			return false;
	}
	return true;
}

static uint32_t
location_make(void *ctx)
{
	struct merger *m = ctx;
	const struct loc_cand *c = m->cand;

	return profile_add_location(m->dst, &c->loc, c->lines, c->loc.nlines);
}

static bool
sample_eq(void *ctx, uint32_t i)
{
	struct merger *m = ctx;
	const struct profile *d = m->dst;
	size_t l0 = d->label_start[i], l1 = d->label_start[i + 1];

	size_t k;

	if (d->sample_stack[i] != m->cand_stack || l1 - l0 != m->cand_nlabels)
		return false;
	for (k = 0; k < m->cand_nlabels; k++) {
		const struct prof_label *x = &d->labels[l0 + k];
		const struct prof_label *y = &m->cand_labels[k];

		if (x->key != y->key || x->str != y->str || x->num != y->num ||
		    x->num_unit != y->num_unit)
			return false;
	}
	return true;
}

static uint32_t
sample_make(void *ctx)
{
	struct merger *m = ctx;

	return (uint32_t)profile_add_sample(m->dst, m->cand_stack, m->zero,
	    m->cand_labels, m->cand_nlabels);
}

static int
label_cmp(const void *a, const void *b, void *ctx)
{
	const struct profile *p = ctx;
	const struct prof_label *x = a, *y = b;

	return strcmp(profile_str(p, x->key), profile_str(p, y->key));
}

/* Stable insertion sort of a sample's labels by key text (few labels). */
static void
labels_sort(struct prof_label *l, size_t n, const struct profile *p)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		struct prof_label t = l[i];

		for (j = i; j > 0 && label_cmp(&l[j - 1], &t, (void *)p) > 0; j--)
			l[j] = l[j - 1];
		l[j] = t;
	}
}

static void
merge_one(struct merger *m)
{
	const struct profile *s = m->src;
	struct profile *d = m->dst;
	struct prof_line *lines = NULL;
	size_t cap_lines = 0, cap_labels = 0, i;
	uint32_t cap_locs = 0, k;
	uint32_t *stackmap;

	m->strmap = xmalloc(strpool_count(s->strings) * sizeof *m->strmap);
	memset(m->strmap, 0xff, strpool_count(s->strings) * sizeof *m->strmap);
	m->strmap[0] = 0;

	m->mapmap = xmalloc((s->nmappings + 1) * sizeof *m->mapmap);
	for (k = 0; k < s->nmappings; k++) {
		struct prof_mapping mp = s->mappings[k];

		mp.file = merge_str(m, mp.file);
		mp.build_id = merge_str(m, mp.build_id);
		m->cand = &mp;
		m->mapmap[k] = ktable_find_or_add(&m->mappings,
		    hash_u64(hash_u64(mapping_key_size(&mp), mp.offset),
		    mp.build_id ? mp.build_id : mp.file),
		    mapping_eq, mapping_make, m);
	}
	m->funcmap = xmalloc((s->nfunctions + 1) * sizeof *m->funcmap);
	for (k = 0; k < s->nfunctions; k++) {
		struct prof_function f = s->functions[k];

		f.name = merge_str(m, f.name);
		f.system_name = merge_str(m, f.system_name);
		f.filename = merge_str(m, f.filename);
		m->cand = &f;
		m->funcmap[k] = ktable_find_or_add(&m->functions,
		    hash_u64(hash_u64(hash_u64(f.name, f.system_name),
		    f.filename), (uint64_t)f.start_line),
		    function_eq, function_make, m);
	}
	m->locmap = xmalloc((s->nlocations + 1) * sizeof *m->locmap);
	for (k = 0; k < s->nlocations; k++) {
		const struct prof_location *sl = &s->locations[k];
		struct loc_cand c;
		uint64_t h;
		uint32_t j;

		ARRAY_RESERVE(lines, sl->nlines, cap_lines);
		c.loc = *sl;
		c.loc.mapping = sl->mapping == PROF_NONE ? PROF_NONE :
		    m->mapmap[sl->mapping];
		/* Keep the address relative to the same offset in dst. */
		if (sl->mapping != PROF_NONE)
			c.loc.address = sl->address -
			    s->mappings[sl->mapping].start +
			    d->mappings[c.loc.mapping].start;
		h = hash_u64(hash_u64(c.loc.mapping, location_rel_addr(d,
		    &c.loc)), c.loc.is_folded);
		for (j = 0; j < sl->nlines; j++) {
			lines[j] = s->lines[sl->first_line + j];
			lines[j].function = m->funcmap[lines[j].function];
			h = hash_u64(hash_u64(h, lines[j].function),
			    (uint64_t)lines[j].line);
		}
		c.lines = lines;
		m->cand = &c;
		m->locmap[k] = ktable_find_or_add(&m->locations, h,
		    location_eq, location_make, m);
	}

	stackmap = xmalloc((s->nstacks + 1) * sizeof *stackmap);
	for (k = 0; k < s->nstacks; k++) {
		uint32_t n = profile_stack_depth(s, k), j;
		const uint32_t *sl = profile_stack(s, k);

		ARRAY_RESERVE(m->cand_locs, n, cap_locs);
		for (j = 0; j < n; j++)
			m->cand_locs[j] = m->locmap[sl[j]];
		stackmap[k] = profile_intern_stack(d, m->cand_locs, n);
	}

	for (i = 0; i < s->nsamples; i++) {
		const int64_t *v = s->values + i * s->ntypes;
		size_t l0 = s->label_start[i], l1 = s->label_start[i + 1], j;
		uint32_t t, di;
		uint64_t h;
		bool zero = true;

		for (t = 0; t < s->ntypes; t++)
			if (v[t] != 0)
				zero = false;
		if (zero)
			continue;
		ARRAY_RESERVE(m->cand_labels, l1 - l0, cap_labels);
		for (j = l0; j < l1; j++) {
			struct prof_label lb = s->labels[j];

			lb.key = merge_str(m, lb.key);
			lb.str = merge_str(m, lb.str);
			lb.num_unit = merge_str(m, lb.num_unit);
			m->cand_labels[j - l0] = lb;
		}
		m->cand_nlabels = l1 - l0;
		labels_sort(m->cand_labels, m->cand_nlabels, d);
		m->cand_stack = stackmap[s->sample_stack[i]];
		h = hash_u64(m->cand_stack, m->cand_nlabels);
		for (j = 0; j < m->cand_nlabels; j++) {
			const struct prof_label *lb = &m->cand_labels[j];

			h = hash_u64(h, ((uint64_t)lb->key << 32) | lb->str);
			h = hash_u64(h, (uint64_t)lb->num ^
			    ((uint64_t)lb->num_unit << 48));
		}
		di = ktable_find_or_add(&m->samples, h, sample_eq, sample_make,
		    m);
		for (t = 0; t < d->ntypes; t++)
			d->values[(size_t)di * d->ntypes + t] += v[t];
	}

	free(stackmap);
	free(lines);
	free(m->strmap);
	free(m->mapmap);
	free(m->funcmap);
	free(m->locmap);
}

/* Copy the header fields of srcs into dst as pprof's combineHeaders does. */
static void
merge_headers(struct profile *d, struct profile *const *srcs, size_t n)
{
	const struct profile *s0 = srcs[0];
	size_t i;
	uint32_t k, j;

#define STR(p, id) profile_intern(d, profile_str(p, id), strpool_len((p)->strings, id))
	for (k = 0; k < s0->ntypes; k++)
		profile_add_sample_type(d, STR(s0, s0->sample_types[k].type),
		    STR(s0, s0->sample_types[k].unit));
	d->period_type.type = STR(s0, s0->period_type.type);
	d->period_type.unit = STR(s0, s0->period_type.unit);
	d->drop_frames = STR(s0, s0->drop_frames);
	d->keep_frames = STR(s0, s0->keep_frames);
	d->doc_url = STR(s0, s0->doc_url);
	for (i = 0; i < n; i++) {
		const struct profile *s = srcs[i];

		if (d->time_nanos == 0 || s->time_nanos < d->time_nanos)
			d->time_nanos = s->time_nanos;
		d->duration_nanos += s->duration_nanos;
		if (d->period == 0 || d->period < s->period)
			d->period = s->period;
		for (k = 0; k < s->ncomments; k++) {
			strid c = STR(s, s->comments[k]);

			for (j = 0; j < d->ncomments; j++)
				if (d->comments[j] == c)
					break;
			if (j == d->ncomments)
				profile_add_comment(d, c);
		}
		if (d->default_sample_type == 0)
			d->default_sample_type = STR(s, s->default_sample_type);
	}
#undef STR
}

struct profile *
profile_merge(struct profile *const *srcs, size_t n, char **cause)
{
	struct merger m;
	struct profile *d;
	size_t i, expect = 0;

	for (i = 1; i < n; i++)
		if (profile_compatible(srcs[0], srcs[i], cause) != 0)
			return NULL;
	memset(&m, 0, sizeof m);
	d = m.dst = profile_new();
	merge_headers(d, srcs, n);
	{
		size_t nstacks = 0, nlocs = 0, nlabels = 0;

		for (i = 0; i < n; i++) {
			expect += srcs[i]->nsamples;
			nstacks += srcs[i]->nstacks;
			nlocs += srcs[i]->stack_start[srcs[i]->nstacks];
			nlabels += srcs[i]->nlabels;
		}
		profile_reserve(d, expect, nstacks, nlocs, nlabels);
	}
	m.zero = xcalloc(d->ntypes ? d->ntypes : 1, sizeof *m.zero);
	ktable_init(&m.mappings, 16);
	ktable_init(&m.functions, 1024);
	ktable_init(&m.locations, 1024);
	ktable_init(&m.samples, expect);
	for (i = 0; i < n; i++) {
		/* pprof takes the first mapping of each source first, so the
		 * main binary stays mapping 0. */
		m.src = srcs[i];
		merge_one(&m);
	}
	ktable_done(&m.mappings);
	ktable_done(&m.functions);
	ktable_done(&m.locations);
	ktable_done(&m.samples);
	free(m.cand_locs);
	free(m.cand_labels);
	free(m.zero);

	/*
	 * Samples that cancelled out are dropped (pprof merges the result
	 * again for that; compacting in place gives the same samples).
	 */
	profile_drop_zero_samples(d);
	return d;
}
