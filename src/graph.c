/*
 * graph.c - pprof's call graph and trimmed report (see graph.h).
 *
 * Samples are first summed per stack (a stack's path through the graph is
 * the same for all its samples), then each stack is walked once.  Node and
 * edge state live in arrays indexed by node info; "seen in this stack" is a
 * stamp per node and per edge instead of pprof's per-sample maps.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "units.h"
#include "xmalloc.h"

static struct report *visual_report_new(const struct profile *,
    const struct graph_options *);
static void visual_graph_free(struct graph *);

void
graph_options_init(struct graph_options *o)
{
	memset(o, 0, sizeof *o);
	o->granularity = GRAN_FUNCTIONS;
	o->nodefraction = 0.005;
	o->edgefraction = 0.001;
	o->output_unit = "minimum";
}

/* Everything a build needs, shared by the rebuilds of one report. */
struct builder {
	const struct profile *p;
	const struct graph_options *o;

	struct node_info *infos;
	uint32_t ninfos, cap_infos;
	uint64_t *info_hash;
	uint32_t *info_slots;	/* info + 1 */
	size_t ninfo_slots;

	/* Location l has nodes loc_nodes[loc_start[l] .. loc_start[l + 1]),
	 * in the order of its lines (innermost first). */
	uint32_t *loc_start, *loc_nodes;

	int64_t *stack_w;	/* summed sample value per stack */
	bool *stack_nz;		/* some sample of the stack is non-zero (a
				   diff_base pair sums to 0 but still makes
				   its edges, as in pprof) */

	/* Per-build state. */
	int64_t *flat, *cum;
	int64_t *stack_d;		/* -mean: summed values[0] per stack */
	int64_t *flat_div, *cum_div;	/* -mean: pprof's FlatDiv, CumDiv */
	uint32_t *node_stamp;

	uint64_t *edge_key;	/* (src << 32) | dst, by edge */
	int64_t *edge_w;
	uint32_t *edge_stamp;
	bool *edge_inline, *edge_residual;
	uint32_t nedges, cap_edges;
	uint32_t *edge_slots;	/* edge + 1 */
	size_t nedge_slots;
};

static bool
info_eq(const struct node_info *a, const struct node_info *b)
{
	return a->name == b->name && a->file == b->file &&
	    a->lineno == b->lineno && a->address == b->address &&
	    a->objfile == b->objfile && a->start_line == b->start_line;
}

static uint64_t
info_hash(const struct node_info *i)
{
	uint64_t h = hash_u64(i->name, i->file);

	h = hash_u64(h, (uint64_t)i->lineno);
	h = hash_u64(h, i->address);
	h = hash_u64(h, i->objfile);
	return hash_u64(h, (uint64_t)i->start_line);
}

static void
info_rehash(struct builder *b)
{
	size_t mask, i;

	free(b->info_slots);
	b->ninfo_slots = b->ninfo_slots ? b->ninfo_slots * 2 : 256;
	b->info_slots = xcalloc(b->ninfo_slots, sizeof *b->info_slots);
	mask = b->ninfo_slots - 1;
	for (i = 0; i < b->ninfos; i++) {
		size_t j = b->info_hash[i] & mask;

		while (b->info_slots[j] != 0)
			j = (j + 1) & mask;
		b->info_slots[j] = (uint32_t)i + 1;
	}
}

static uint32_t
info_intern(struct builder *b, const struct node_info *ni)
{
	uint64_t h = info_hash(ni);
	size_t mask = b->ninfo_slots - 1, j;
	uint32_t cap = b->cap_infos;

	for (j = h & mask; b->info_slots[j] != 0; j = (j + 1) & mask)
		if (info_eq(&b->infos[b->info_slots[j] - 1], ni))
			return b->info_slots[j] - 1;
	ARRAY_GROW(b->infos, b->ninfos, b->cap_infos);
	if (cap != b->cap_infos)
		b->info_hash = xreallocarray(b->info_hash, b->cap_infos,
		    sizeof *b->info_hash);
	b->infos[b->ninfos] = *ni;
	b->info_hash[b->ninfos] = h;
	b->info_slots[j] = b->ninfos + 1;
	b->ninfos++;
	if ((size_t)b->ninfos * 2 > b->ninfo_slots)
		info_rehash(b);
	return b->ninfos - 1;
}

/*
 * The node info of one line of a location at the report's granularity, as
 * pprof's Aggregate followed by nodeInfo computes it.
 */
static void
line_info(const struct builder *b, const struct prof_location *l,
    const struct prof_line *ln, struct node_info *ni)
{
	const struct profile *p = b->p;
	enum granularity g = b->o->granularity;
	bool keep_func = g != GRAN_FILES;
	bool keep_file = g != GRAN_FUNCTIONS;
	bool keep_line = g == GRAN_LINES || g == GRAN_ADDRESSES;
	bool keep_addr = g == GRAN_ADDRESSES;
	strid objfile = l->mapping != PROF_NONE ?
	    p->mappings[l->mapping].file : 0;

	memset(ni, 0, sizeof *ni);
	ni->address = keep_addr ? l->address : 0;
	if (ln == NULL) {
		ni->objfile = objfile;
		return;
	}
	{
		const struct prof_function *f = &p->functions[ln->function];

		ni->lineno = keep_line ? ln->line : 0;
		/* pprof's symbolizer names a function by its system name when
		 * it has no other. */
		ni->name = keep_func ? (f->name ? f->name : f->system_name) : 0;
		ni->file = keep_file ? f->filename : 0;
		if (b->o->objnames ||
		    (ni->name == 0 && !(keep_func && f->system_name != 0))) {
			ni->objfile = objfile;
			ni->start_line = f->start_line;
		}
	}
}

static void
builder_init(struct builder *b, const struct profile *p,
    const struct graph_options *o)
{
	uint32_t l, k;
	size_t i;

	memset(b, 0, sizeof *b);
	b->p = p;
	b->o = o;
	info_rehash(b);

	b->loc_start = xmalloc(((size_t)p->nlocations + 1) *
	    sizeof *b->loc_start);
	b->loc_nodes = xmalloc(((size_t)p->nlines + p->nlocations + 1) *
	    sizeof *b->loc_nodes);
	b->loc_start[0] = 0;
	for (l = 0; l < p->nlocations; l++) {
		const struct prof_location *loc = &p->locations[l];
		uint32_t n = b->loc_start[l];
		struct node_info ni;

		if (loc->nlines == 0) {
			line_info(b, loc, NULL, &ni);
			b->loc_nodes[n++] = info_intern(b, &ni);
		} else {
			/* -noinlines keeps only the outermost line. */
			k = o->noinlines ? loc->nlines - 1 : 0;
			for (; k < loc->nlines; k++) {
				line_info(b, loc, &p->lines[loc->first_line + k],
				    &ni);
				b->loc_nodes[n++] = info_intern(b, &ni);
			}
		}
		b->loc_start[l + 1] = n;
	}

	b->stack_w = xcalloc(p->nstacks ? p->nstacks : 1, sizeof *b->stack_w);
	b->stack_nz = xcalloc(p->nstacks ? p->nstacks : 1, sizeof *b->stack_nz);
	b->stack_d = xcalloc(p->nstacks ? p->nstacks : 1, sizeof *b->stack_d);
	for (i = 0; i < p->nsamples; i++) {
		int64_t v = p->values[i * p->ntypes + (size_t)o->sample_index];
		int64_t d = o->mean ? p->values[i * p->ntypes] : 0;

		b->stack_w[p->sample_stack[i]] += v;
		b->stack_d[p->sample_stack[i]] += d;
		if (v != 0 || d != 0)
			b->stack_nz[p->sample_stack[i]] = true;
	}

	b->flat = xcalloc(b->ninfos ? b->ninfos : 1, sizeof *b->flat);
	b->cum = xcalloc(b->ninfos ? b->ninfos : 1, sizeof *b->cum);
	b->flat_div = xcalloc(b->ninfos ? b->ninfos : 1, sizeof *b->flat_div);
	b->cum_div = xcalloc(b->ninfos ? b->ninfos : 1, sizeof *b->cum_div);
	b->node_stamp = xcalloc(b->ninfos ? b->ninfos : 1,
	    sizeof *b->node_stamp);
}

static void
builder_done(struct builder *b)
{
	free(b->infos);
	free(b->info_hash);
	free(b->info_slots);
	free(b->loc_start);
	free(b->loc_nodes);
	free(b->stack_w);
	free(b->stack_nz);
	free(b->flat);
	free(b->cum);
	free(b->flat_div);
	free(b->cum_div);
	free(b->stack_d);
	free(b->node_stamp);
	free(b->edge_key);
	free(b->edge_w);
	free(b->edge_stamp);
	free(b->edge_inline);
	free(b->edge_residual);
	free(b->edge_slots);
}

static void
edge_rehash(struct builder *b)
{
	size_t mask, i;

	free(b->edge_slots);
	b->nedge_slots = b->nedge_slots ? b->nedge_slots * 2 : 1024;
	b->edge_slots = xcalloc(b->nedge_slots, sizeof *b->edge_slots);
	mask = b->nedge_slots - 1;
	for (i = 0; i < b->nedges; i++) {
		size_t j = hash_u64(0, b->edge_key[i]) & mask;

		while (b->edge_slots[j] != 0)
			j = (j + 1) & mask;
		b->edge_slots[j] = (uint32_t)i + 1;
	}
}

/* The edge src -> dst, created (with the given inline flag) if new. */
static uint32_t
edge_get(struct builder *b, uint32_t src, uint32_t dst, bool is_inline,
    bool *created)
{
	uint64_t key = ((uint64_t)src << 32) | dst;
	size_t mask = b->nedge_slots - 1, j;
	uint32_t e, cap = b->cap_edges;

	for (j = hash_u64(0, key) & mask; b->edge_slots[j] != 0;
	    j = (j + 1) & mask)
		if (b->edge_key[b->edge_slots[j] - 1] == key) {
			*created = false;
			return b->edge_slots[j] - 1;
		}
	ARRAY_GROW(b->edge_key, b->nedges, b->cap_edges);
	if (cap != b->cap_edges) {
		b->edge_w = xreallocarray(b->edge_w, b->cap_edges,
		    sizeof *b->edge_w);
		b->edge_stamp = xreallocarray(b->edge_stamp, b->cap_edges,
		    sizeof *b->edge_stamp);
		b->edge_inline = xreallocarray(b->edge_inline, b->cap_edges,
		    sizeof *b->edge_inline);
		b->edge_residual = xreallocarray(b->edge_residual,
		    b->cap_edges, sizeof *b->edge_residual);
	}
	e = b->nedges++;
	b->edge_key[e] = key;
	b->edge_w[e] = 0;
	b->edge_stamp[e] = 0;
	b->edge_inline[e] = is_inline;
	b->edge_residual[e] = false;
	b->edge_slots[j] = e + 1;
	if ((size_t)b->nedges * 2 > b->nedge_slots)
		edge_rehash(b);
	*created = true;
	return e;
}

/* Zero the values and edges of the last build. */
static void
builder_reset(struct builder *b)
{
	memset(b->flat, 0, b->ninfos * sizeof *b->flat);
	memset(b->cum, 0, b->ninfos * sizeof *b->cum);
	memset(b->flat_div, 0, b->ninfos * sizeof *b->flat_div);
	memset(b->cum_div, 0, b->ninfos * sizeof *b->cum_div);
	memset(b->node_stamp, 0, b->ninfos * sizeof *b->node_stamp);
	b->nedges = 0;
	if (b->edge_slots != NULL)
		memset(b->edge_slots, 0, b->nedge_slots * sizeof *b->edge_slots);
	else
		edge_rehash(b);
}

/* Called for a node a stack adds w to: its cum (once per stack), or its
 * flat (the stack's leaf). */
typedef void (*builder_hook)(void *arg, uint32_t node, int64_t w, bool flat);

/*
 * Add stack s with weight w (and divisor d, for -mean) to the build:
 * cum of every kept node on it once (stamp tells this stack from the
 * last), the edges between them, flat of its kept leaf.  Nodes that are
 * not kept are skipped and make the next edge residual, as in pprof.
 */
static void
builder_add_stack(struct builder *b, const bool *kept, uint32_t s,
    int64_t w, int64_t d, uint32_t stamp, builder_hook hook, void *arg)
{
	const uint32_t *locs = profile_stack(b->p, s);
	uint32_t depth = profile_stack_depth(b->p, s), i;
	uint32_t parent = UINT32_MAX;
	bool residual = false;

	for (i = depth; i-- > 0;) {
		uint32_t l = locs[i];
		uint32_t n0 = b->loc_start[l], n1 = b->loc_start[l + 1];
		uint32_t k;

		for (k = n1; k-- > n0;) {
			uint32_t n = b->loc_nodes[k];

			if (kept != NULL && !kept[n]) {
				residual = true;
				continue;
			}
			if (b->node_stamp[n] != stamp) {
				b->node_stamp[n] = stamp;
				b->cum[n] += w;
				b->cum_div[n] += d;
				if (hook != NULL)
					hook(arg, n, w, false);
			}
			if (parent != UINT32_MAX && n != parent) {
				bool inl = k != n1 - 1, created;
				uint32_t e = edge_get(b, parent, n, inl,
				    &created);

				if (b->edge_stamp[e] != stamp) {
					b->edge_stamp[e] = stamp;
					b->edge_w[e] += w;
					if (residual)
						b->edge_residual[e] = true;
					if (!inl)
						b->edge_inline[e] = false;
				}
			}
			parent = n;
			residual = false;
		}
	}
	if (parent != UINT32_MAX && !residual) {
		b->flat[parent] += w;
		b->flat_div[parent] += d;
		if (hook != NULL)
			hook(arg, parent, w, true);
	}
}

/*
 * One build of the graph: flat, cum and edges of every node info, counting
 * only the kept ones (kept NULL = all).
 */
static void
builder_run(struct builder *b, const bool *kept)
{
	uint32_t s, stamp = 0;

	builder_reset(b);
	for (s = 0; s < b->p->nstacks; s++)
		if (b->stack_nz[s])
			builder_add_stack(b, kept, s, b->stack_w[s],
			    b->stack_d[s], ++stamp, NULL, NULL);
}

/* The node infos with a value, as pprof's selectNodesForGraph keeps. */
static uint32_t *
builder_nodes(const struct builder *b, const bool *kept, uint32_t *n)
{
	uint32_t *out = xmalloc((b->ninfos + 1) * sizeof *out), i;

	*n = 0;
	for (i = 0; i < b->ninfos; i++) {
		if (kept != NULL && !kept[i])
			continue;
		if (b->cum[i] == 0 && b->flat[i] == 0)
			continue;
		if (b->o->drop_negative && (b->flat[i] < 0 ||
		    (b->flat[i] == 0 && b->cum[i] < 0)))
			continue;
		out[(*n)++] = i;
	}
	return out;
}

static int64_t
abs64(int64_t v)
{
	/* Wrapping as Go's does for the most negative value. */
	return v < 0 ? (int64_t)(0 - (uint64_t)v) : v;
}

/* Build each node's printable name as pprof's NameComponents joins it. */
static char *
info_name(const struct profile *p, const struct node_info *ni)
{
	char addr[32] = "", *s;
	const char *name = profile_str(p, ni->name);
	const char *file = profile_str(p, ni->file);
	const char *sep = "";

	if (ni->address != 0)
		snprintf(addr, sizeof addr, "%016llx",
		    (unsigned long long)ni->address);
	if (*addr != '\0' && *name != '\0')
		sep = " ";
	if (ni->lineno != 0)
		s = xasprintf("%s%s%s%s%s:%lld", addr, sep, name,
		    (*addr || *name) ? " " : "", file, (long long)ni->lineno);
	else if (*file != '\0')
		s = xasprintf("%s%s%s%s%s", addr, sep, name,
		    (*addr || *name) ? " " : "", file);
	else if (*name != '\0')
		s = xasprintf("%s%s%s", addr, sep, name);
	else if (ni->objfile != 0) {
		const char *obj = profile_str(p, ni->objfile);
		const char *base = strrchr(obj, '/');

		s = xasprintf("%s%s[%s]", addr, *addr ? " " : "",
		    base ? base + 1 : obj);
	} else
		s = xasprintf("%s%s<unknown>", addr, *addr ? " " : "");
	return s;
}

struct sort_ctx {
	const struct builder *b;
	char **names;		/* by info */
	bool cum;
};

static struct sort_ctx *sort_ctx;	/* qsort has no context argument */

static int
info_cmp_fields(const struct node_info *x, const struct node_info *y)
{
	if (x->address != y->address)
		return x->address < y->address ? -1 : 1;
	if (x->lineno != y->lineno)
		return x->lineno < y->lineno ? -1 : 1;
	if (x->objfile != y->objfile)
		return x->objfile < y->objfile ? -1 : 1;
	if (x->start_line != y->start_line)
		return x->start_line < y->start_line ? -1 : 1;
	return 0;
}

/* pprof's FlatNameOrder and CumNameOrder. */
static int
node_cmp(const void *a, const void *b)
{
	const struct sort_ctx *c = sort_ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int64_t fx = abs64(c->b->flat[x]), fy = abs64(c->b->flat[y]);
	int64_t cx = abs64(c->b->cum[x]), cy = abs64(c->b->cum[y]);
	int r;

	if (c->cum) {
		if (cx != cy)
			return cx > cy ? -1 : 1;
	} else if (fx != fy)
		return fx > fy ? -1 : 1;
	r = strcmp(c->names[x], c->names[y]);
	if (r != 0)
		return r;
	if (c->cum) {
		if (fx != fy)
			return fx > fy ? -1 : 1;
	} else if (cx != cy)
		return cx > cy ? -1 : 1;
	return info_cmp_fields(&c->b->infos[x], &c->b->infos[y]);
}

static void
sort_nodes(struct builder *b, char **names, bool cum, uint32_t *nodes,
    uint32_t n)
{
	struct sort_ctx c = { b, names, cum };

	sort_ctx = &c;
	qsort(nodes, n, sizeof *nodes, node_cmp);
	sort_ctx = NULL;
}

/*
 * pprof's computeTotal: the sum of |values| (only the diff base's when
 * samples carry pprof::base), over the sum of values[0] with -mean.
 */
static int64_t
compute_total(const struct profile *p, int sample_index, bool mean)
{
	int64_t total = 0, div = 0, diff_total = 0, diff_div = 0;
	int64_t base_key = strpool_find(p->strings, "pprof::base", 11);
	size_t i, j;

	for (i = 0; i < p->nsamples; i++) {
		int64_t v = p->values[i * p->ntypes + (size_t)sample_index];
		int64_t d = mean ? p->values[i * p->ntypes] : 0;

		if (v < 0)
			v = -v;
		total += v;
		div += d;
		if (base_key < 0)
			continue;
		for (j = p->label_start[i]; j < p->label_start[i + 1]; j++)
			if (p->labels[j].key == (strid)base_key &&
			    strcmp(profile_str(p, p->labels[j].str), "true") == 0) {
				diff_total += v;
				diff_div += d;
				break;
			}
	}
	if (diff_total > 0) {
		total = diff_total;
		div = diff_div;
	}
	return div != 0 ? total / div : total;
}

int64_t
report_total(const struct profile *p, int sample_index)
{
	return compute_total(p, sample_index, false);
}

int64_t
report_total_opt(const struct profile *p, const struct graph_options *o)
{
	return compute_total(p, o->sample_index, o->mean);
}

char *
report_value(const struct report *r, int64_t v, char *buf, size_t len)
{
	return units_label(buf, len, v, r->sample_unit, r->output_unit);
}

/* pprof's FlatValue/CumValue: the value over its divisor (-mean). */
static int64_t
div_value(int64_t v, int64_t d)
{
	return d == 0 ? v : v / d;
}

/* Append the node info as a ghost node (after the listed ones); returns
 * its index in g->nodes. */
static uint32_t
graph_add_ghost(struct graph *g, const struct builder *b, char **names,
    uint32_t info)
{
	uint32_t i = g->nnodes + g->nghosts++;
	struct graph_node *gn;

	g->nodes = xreallocarray(g->nodes, (size_t)i + 1, sizeof *g->nodes);
	gn = &g->nodes[i];
	memset(gn, 0, sizeof *gn);
	gn->info = info;
	gn->flat = div_value(b->flat[info], b->flat_div[info]);
	gn->cum = div_value(b->cum[info], b->cum_div[info]);
	gn->name = names[info];
	names[info] = NULL;
	return i;
}

/* pprof's selectOutputUnit: for "minimum", the unit of the smallest
 * non-zero flat (else cum) of the graph's nodes; else unit itself. */
static const char *
output_unit(const struct report *r, const char *unit)
{
	const struct graph *g = r->graph;
	int64_t minv = 0;
	uint32_t i;

	if (strcmp(unit, "minimum") != 0 || g->nnodes == 0)
		return unit;
	for (i = 0; i < g->nnodes; i++) {
		int64_t m = abs64(g->nodes[i].flat);

		if (m == 0)
			m = abs64(g->nodes[i].cum);
		if (m > 0 && (minv == 0 || m < minv))
			minv = m;
	}
	return units_select(minv, r->total, r->sample_unit);
}

struct report *
report_new(const struct profile *p, const struct graph_options *o)
{
	struct report *r = xcalloc(1, sizeof *r);
	struct graph *g = xcalloc(1, sizeof *g);
	struct builder b;
	uint32_t *nodes, nn, i, e;
	bool *kept;
	char **names;
	int64_t total_flat = 0, node_cutoff, edge_cutoff;

	if (o->visual) {
		free(g);
		free(r);
		return visual_report_new(p, o);
	}
	r->prof = p;
	r->opt = *o;
	r->graph = g;
	r->sample_type = profile_str(p, p->sample_types[o->sample_index].type);
	r->sample_unit = profile_str(p, p->sample_types[o->sample_index].unit);
	r->total = o->total > 0 ? o->total : report_total_opt(p, o);
	if (o->mean) {
		r->owned_type = xasprintf("mean_%s", r->sample_type);
		r->sample_type = r->owned_type;
	}

	builder_init(&b, p, &r->opt);
	names = xcalloc(b.ninfos + 1, sizeof *names);
	for (i = 0; i < b.ninfos; i++)
		names[i] = info_name(p, &b.infos[i]);
	kept = xcalloc(b.ninfos + 1, sizeof *kept);

	/* First: the whole graph, to find low-frequency nodes. */
	builder_run(&b, NULL);
	nodes = builder_nodes(&b, NULL, &nn);
	for (i = 0; i < nn; i++)
		total_flat += b.flat[nodes[i]];
	node_cutoff = abs64((int64_t)((double)total_flat * o->nodefraction));
	edge_cutoff = abs64((int64_t)((double)total_flat * o->edgefraction));

	if (node_cutoff > 0) {
		uint32_t nk = 0;

		for (i = 0; i < nn; i++)
			if (abs64(b.cum[nodes[i]]) >= node_cutoff) {
				kept[nodes[i]] = true;
				nk++;
			}
		if (nk != nn) {
			r->dropped_nodes = (int)(nn - nk);
			builder_run(&b, kept);
			free(nodes);
			nodes = builder_nodes(&b, kept, &nn);
		}
	}
	r->orig_count = (int)nn;

	/* Second: sort, keep the top nodecount. */
	sort_nodes(&b, names, o->cum_sort, nodes, nn);
	if (o->nodecount > 0 && (uint32_t)o->nodecount < nn) {
		memset(kept, 0, b.ninfos * sizeof *kept);
		for (i = 0; i < (uint32_t)o->nodecount; i++)
			kept[nodes[i]] = true;
		builder_run(&b, kept);
		free(nodes);
		nodes = builder_nodes(&b, kept, &nn);
		sort_nodes(&b, names, o->cum_sort, nodes, nn);
	}

	/* The graph shown: nodes in order, edges over the cutoff. */
	g->prof = p;
	g->nnodes = nn;
	g->nodes = xcalloc(nn + 1, sizeof *g->nodes);
	{
		uint32_t *pos = xmalloc((b.ninfos + 1) * sizeof *pos);

		memset(pos, 0xff, (b.ninfos + 1) * sizeof *pos);
		for (i = 0; i < nn; i++) {
			struct graph_node *gn = &g->nodes[i];

			gn->info = nodes[i];
			gn->flat = div_value(b.flat[nodes[i]],
			    b.flat_div[nodes[i]]);
			gn->cum = div_value(b.cum[nodes[i]], b.cum_div[nodes[i]]);
			gn->name = names[nodes[i]];
			names[nodes[i]] = NULL;
			pos[nodes[i]] = i;
			r->shown_flat += gn->flat;
		}
		g->edges = xcalloc(b.nedges + 1, sizeof *g->edges);
		for (e = 0; e < b.nedges; e++) {
			uint32_t src = pos[b.edge_key[e] >> 32];
			uint32_t dst = pos[b.edge_key[e] & 0xffffffffu];
			struct graph_edge *ge;

			bool ghost_dst = dst == UINT32_MAX;

			/* pprof leaves nodes without value (or, with
			 * -drop_negative, negative ones) out of the node list
			 * but keeps their edges: they become ghost nodes. */
			if (src == UINT32_MAX)
				src = pos[b.edge_key[e] >> 32] =
				    graph_add_ghost(g, &b, names,
				    (uint32_t)(b.edge_key[e] >> 32));
			if (dst == UINT32_MAX)
				dst = pos[b.edge_key[e] & 0xffffffffu] =
				    graph_add_ghost(g, &b, names,
				    (uint32_t)(b.edge_key[e] & 0xffffffffu));
			/* pprof trims only the edges into listed nodes. */
			if (!ghost_dst && abs64(b.edge_w[e]) < edge_cutoff) {
				r->dropped_edges++;
				continue;
			}
			ge = &g->edges[g->nedges++];
			ge->src = src;
			ge->dst = dst;
			ge->weight = b.edge_w[e];
			ge->is_inline = b.edge_inline[e];
			ge->residual = b.edge_residual[e];
			if (ge->is_inline)
				g->nodes[dst].in_inline = true;
			else
				g->nodes[dst].in_call = true;
		}
		free(pos);
	}
	g->infos = b.infos;
	g->ninfos = b.ninfos;
	b.infos = NULL;

	r->output_unit = output_unit(r, o->output_unit);

	for (i = 0; i < b.ninfos; i++)
		free(names[i]);
	free(names);
	free(kept);
	free(nodes);
	builder_done(&b);
	return r;
}

void
report_free(struct report *r)
{
	uint32_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->graph->nnodes + r->graph->nghosts; i++)
		free(r->graph->nodes[i].name);
	free(r->graph->nodes);
	free(r->graph->edges);
	free(r->graph->infos);
	visual_graph_free(r->graph);
	free(r->graph);
	free(r->owned_type);
	free(r);
}

struct loc_names *
graph_loc_names(const struct profile *p, const struct graph_options *o)
{
	struct loc_names *ln = xcalloc(1, sizeof *ln);
	struct builder b;
	uint32_t l, n;

	builder_init(&b, p, o);
	ln->nlocs = p->nlocations;
	ln->start = xmalloc(((size_t)p->nlocations + 1) * sizeof *ln->start);
	n = b.loc_start[p->nlocations];
	ln->names = xcalloc((size_t)n + 1, sizeof *ln->names);
	for (l = 0; l <= p->nlocations; l++)
		ln->start[l] = b.loc_start[l];
	for (l = 0; l < n; l++)
		ln->names[l] = info_name(p, &b.infos[b.loc_nodes[l]]);
	builder_done(&b);
	return ln;
}

void
graph_loc_names_free(struct loc_names *ln)
{
	uint32_t i;

	if (ln == NULL)
		return;
	for (i = 0; i < ln->start[ln->nlocs]; i++)
		free(ln->names[i]);
	free(ln->names);
	free(ln->start);
	free(ln);
}

struct report *
report_new_header(const struct profile *p, const struct graph_options *o)
{
	struct report *r = xcalloc(1, sizeof *r);

	r->prof = p;
	r->opt = *o;
	r->graph = xcalloc(1, sizeof *r->graph);
	r->graph->prof = p;
	r->sample_type = profile_str(p, p->sample_types[o->sample_index].type);
	r->sample_unit = profile_str(p, p->sample_types[o->sample_index].unit);
	r->total = o->total > 0 ? o->total : report_total_opt(p, o);
	r->output_unit = o->output_unit;
	if (o->mean) {
		r->owned_type = xasprintf("mean_%s", r->sample_type);
		r->sample_type = r->owned_type;
	}
	return r;
}

/*
 * Visual reports (pprof's -dot): the graph is built from sample groups
 * (stack, string labels, "bytes" values) so that every node also gets
 * pprof's tags; nodes are sorted by pprof's entropy score; tags count
 * against -nodecount; residual edges that another path already explains
 * are removed.  The steps follow pprof's newTrimmedGraph in visual mode.
 */

/* Samples summed per (stack, tag set); a tag set is the sample's joined
 * string labels and its "bytes" values. */
struct vis_groups {
	uint32_t *stack, *tagset;
	int64_t *w;
	uint32_t n, cap;
	uint32_t *slots;	/* group + 1 */
	size_t nslots;

	/* Tag set t: joined labels ts_labels[t] (in the tag pool), numeric
	 * values ts_vals[ts_start[t] .. ts_start[t + 1]). */
	strid *ts_labels;
	uint32_t *ts_start;
	int64_t *ts_vals;
	uint32_t nts;
	strid num_unit;		/* unit of the "bytes" label */
};

/* Tags of one build, by (node info, kind, labels, name). */
struct vis_tags {
	uint32_t *info;
	struct graph_tag *t;
	bool *dropped;
	uint32_t n, cap;
	uint32_t *slots;
	size_t nslots;
};

struct vis {
	struct builder *b;
	struct strpool *pool;	/* tag strings; handed to the graph */
	struct vis_groups g;
	struct vis_tags tg;
	bool *edge_dropped;	/* per builder edge */
};

static int
vis_label_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* pprof's joinLabels without pprof::base, interned in the tag pool. */
static strid
vis_join_labels(struct vis *v, const struct profile *p, size_t i)
{
	size_t j, n = 0, len = 0;
	char **parts, *s, *q;
	strid id;

	for (j = p->label_start[i]; j < p->label_start[i + 1]; j++)
		if (p->labels[j].str != 0 && strcmp(profile_str(p,
		    p->labels[j].key), "pprof::base") != 0)
			n++;
	if (n == 0)
		return 0;
	parts = xcalloc(n, sizeof *parts);
	n = 0;
	for (j = p->label_start[i]; j < p->label_start[i + 1]; j++) {
		const struct prof_label *l = &p->labels[j];

		if (l->str == 0 || strcmp(profile_str(p, l->key),
		    "pprof::base") == 0)
			continue;
		parts[n] = xasprintf("%s:%s", profile_str(p, l->key),
		    profile_str(p, l->str));
		len += strlen(parts[n]) + 2;
		n++;
	}
	qsort(parts, n, sizeof *parts, vis_label_cmp);
	s = q = xmalloc(len + 1);
	for (j = 0; j < n; j++) {
		if (j > 0) {
			*q++ = '\\';
			*q++ = 'n';
		}
		q = stpcpy(q, parts[j]);
		free(parts[j]);
	}
	free(parts);
	id = strpool_intern(v->pool, s, (size_t)(q - s));
	free(s);
	return id;
}

/* Whether sample i carries pprof::base=true (from -diff_base). */
static char
vis_is_base(const struct profile *p, size_t i)
{
	size_t j;

	for (j = p->label_start[i]; j < p->label_start[i + 1]; j++)
		if (p->labels[j].str != 0 && strcmp(profile_str(p,
		    p->labels[j].key), "pprof::base") == 0)
			return 1;
	return 0;
}

static void
vis_groups_rehash(struct vis_groups *g)
{
	size_t mask, i;

	free(g->slots);
	g->nslots = g->nslots ? g->nslots * 2 : 1024;
	g->slots = xcalloc(g->nslots, sizeof *g->slots);
	mask = g->nslots - 1;
	for (i = 0; i < g->n; i++) {
		size_t j = hash_u64(g->stack[i], g->tagset[i]) & mask;

		while (g->slots[j] != 0)
			j = (j + 1) & mask;
		g->slots[j] = (uint32_t)i + 1;
	}
}

/* Sum the report's sample values into groups (first appearance order). */
static void
vis_groups_build(struct vis *v, const struct profile *p, int sample_index)
{
	struct vis_groups *g = &v->g;
	struct strpool *sets = strpool_new();
	int64_t bytes_key = strpool_find(p->strings, "bytes", 5);
	uint32_t cap_ts = 0, nvals = 0, cap_vals = 0;
	size_t i, j;
	char *key = NULL;
	size_t cap_key = 0;

	memset(g, 0, sizeof *g);
	vis_groups_rehash(g);
	/* Tag set 0 is the pool's empty string, never a key. */
	ARRAY_GROW(g->ts_labels, g->nts, cap_ts);
	g->ts_start = xreallocarray(g->ts_start, cap_ts + 1,
	    sizeof *g->ts_start);
	g->ts_labels[0] = 0;
	g->ts_start[0] = g->ts_start[1] = 0;
	g->nts = 1;
	g->num_unit = strpool_intern(v->pool, "bytes", 5);
	if (bytes_key >= 0)
		for (j = 0; j < p->nlabels; j++)
			if (p->labels[j].key == (strid)bytes_key &&
			    p->labels[j].str == 0 && p->labels[j].num_unit != 0) {
				const char *u = profile_str(p,
				    p->labels[j].num_unit);

				g->num_unit = strpool_intern(v->pool, u,
				    strlen(u));
				break;
			}
	for (i = 0; i < p->nsamples; i++) {
		int64_t w = p->values[i * p->ntypes + (size_t)sample_index];
		strid labels;
		size_t klen, mask;
		uint32_t ts, k, gi;

		if (w == 0)
			continue;
		labels = vis_join_labels(v, p, i);
		/* The tag set's key: labels id, whether the sample is from a
		 * -diff_base base (pprof keeps those apart), then each bytes
		 * value. */
		klen = sizeof labels + 1;
		ARRAY_RESERVE(key, klen, cap_key);
		memcpy(key, &labels, sizeof labels);
		key[sizeof labels] = vis_is_base(p, i);
		for (j = p->label_start[i]; j < p->label_start[i + 1]; j++)
			if (bytes_key >= 0 && p->labels[j].key ==
			    (strid)bytes_key && p->labels[j].str == 0) {
				ARRAY_RESERVE(key, klen + 8, cap_key);
				memcpy(key + klen, &p->labels[j].num, 8);
				klen += 8;
			}
		ts = strpool_intern(sets, key, klen);
		if (ts == g->nts) {
			/* A new tag set (the pool's ids are dense). */
			ARRAY_GROW(g->ts_labels, g->nts, cap_ts);
			g->ts_start = xreallocarray(g->ts_start, cap_ts + 1,
			    sizeof *g->ts_start);
			g->ts_labels[g->nts] = labels;
			for (k = sizeof labels + 1; k < klen; k += 8) {
				ARRAY_GROW(g->ts_vals, nvals, cap_vals);
				memcpy(&g->ts_vals[nvals++], key + k, 8);
			}
			g->nts++;
			g->ts_start[g->nts] = nvals;
		}
		mask = g->nslots - 1;
		for (j = hash_u64(p->sample_stack[i], ts) & mask;
		    g->slots[j] != 0; j = (j + 1) & mask) {
			gi = g->slots[j] - 1;
			if (g->stack[gi] == p->sample_stack[i] &&
			    g->tagset[gi] == ts)
				break;
		}
		if (g->slots[j] != 0) {
			g->w[g->slots[j] - 1] += w;
			continue;
		}
		{
			uint32_t cap = g->cap;

			ARRAY_GROW(g->stack, g->n, g->cap);
			if (cap != g->cap) {
				g->tagset = xreallocarray(g->tagset, g->cap,
				    sizeof *g->tagset);
				g->w = xreallocarray(g->w, g->cap,
				    sizeof *g->w);
			}
		}
		gi = g->n++;
		g->stack[gi] = p->sample_stack[i];
		g->tagset[gi] = ts;
		g->w[gi] = w;
		g->slots[j] = gi + 1;
		if ((size_t)g->n * 2 > g->nslots)
			vis_groups_rehash(g);
	}
	free(key);
	strpool_free(sets);
}

static uint64_t
vis_tag_hash(uint32_t info, bool numeric, strid labels, strid name)
{
	return hash_u64(hash_u64(info, numeric), ((uint64_t)labels << 32) |
	    name);
}

static void
vis_tags_rehash(struct vis_tags *t)
{
	size_t mask, i;

	free(t->slots);
	t->nslots = t->nslots ? t->nslots * 2 : 1024;
	t->slots = xcalloc(t->nslots, sizeof *t->slots);
	mask = t->nslots - 1;
	for (i = 0; i < t->n; i++) {
		size_t j = vis_tag_hash(t->info[i], t->t[i].numeric,
		    t->t[i].labels, t->t[i].name) & mask;

		while (t->slots[j] != 0)
			j = (j + 1) & mask;
		t->slots[j] = (uint32_t)i + 1;
	}
}

/* pprof's findOrAddTag on node info's tag map. */
static uint32_t
vis_tag_get(struct vis_tags *t, uint32_t info, bool numeric, strid labels,
    strid name, strid unit, int64_t value)
{
	size_t mask = t->nslots - 1, j;
	uint32_t cap = t->cap, k;

	for (j = vis_tag_hash(info, numeric, labels, name) & mask;
	    t->slots[j] != 0; j = (j + 1) & mask) {
		k = t->slots[j] - 1;
		if (t->info[k] == info && t->t[k].numeric == numeric &&
		    t->t[k].labels == labels && t->t[k].name == name)
			return k;
	}
	ARRAY_GROW(t->t, t->n, t->cap);
	if (cap != t->cap) {
		t->info = xreallocarray(t->info, t->cap, sizeof *t->info);
		t->dropped = xreallocarray(t->dropped, t->cap,
		    sizeof *t->dropped);
	}
	k = t->n++;
	t->info[k] = info;
	t->dropped[k] = false;
	memset(&t->t[k], 0, sizeof t->t[k]);
	t->t[k].numeric = numeric;
	t->t[k].labels = labels;
	t->t[k].name = name;
	t->t[k].unit = unit;
	t->t[k].value = value;
	t->slots[j] = k + 1;
	if ((size_t)t->n * 2 > t->nslots)
		vis_tags_rehash(t);
	return k;
}

/* pprof's addSample for the tags of one group at node info n. */
static void
vis_add_tags(struct vis *v, uint32_t n, uint32_t ts, int64_t w, bool flat,
    strid *names)
{
	const struct vis_groups *g = &v->g;
	strid labels = g->ts_labels[ts];
	uint32_t k, t;

	if (labels != 0) {
		t = vis_tag_get(&v->tg, n, false, 0, labels, 0, 0);
		if (flat)
			v->tg.t[t].flat += w;
		else
			v->tg.t[t].cum += w;
	}
	for (k = g->ts_start[ts]; k < g->ts_start[ts + 1]; k++) {
		t = vis_tag_get(&v->tg, n, true, labels, names[k], g->num_unit,
		    g->ts_vals[k]);
		if (flat)
			v->tg.t[t].flat += w;
		else
			v->tg.t[t].cum += w;
	}
}

/* What vis_run's hook needs: the tags of the group being added. */
struct vis_walk {
	struct vis *v;
	uint32_t tagset;
	strid *names;
};

/* builder_hook: add the group's tags to a node's. */
static void
vis_walk_tags(void *arg, uint32_t node, int64_t w, bool flat)
{
	struct vis_walk *vw = arg;

	vis_add_tags(vw->v, node, vw->tagset, w, flat, vw->names);
}

/* One build from the groups, as builder_run does from stacks, with tags. */
static void
vis_run(struct vis *v, const bool *kept, strid *names)
{
	struct builder *b = v->b;
	struct vis_walk vw = { v, 0, names };
	uint32_t gi, stamp = 0;

	builder_reset(b);
	v->tg.n = 0;
	if (v->tg.slots != NULL)
		memset(v->tg.slots, 0, v->tg.nslots * sizeof *v->tg.slots);
	else
		vis_tags_rehash(&v->tg);

	for (gi = 0; gi < v->g.n; gi++) {
		if (v->g.w[gi] == 0)
			continue;
		vw.tagset = v->g.tagset[gi];
		builder_add_stack(b, kept, v->g.stack[gi], v->g.w[gi], 0,
		    ++stamp, vis_walk_tags, &vw);
	}
	v->edge_dropped = xreallocarray(v->edge_dropped, b->nedges + 1,
	    sizeof *v->edge_dropped);
	memset(v->edge_dropped, 0, (b->nedges + 1) * sizeof *v->edge_dropped);
}

/* pprof's edgeEntropyScore over node n's incoming or outgoing edges. */
static double
vis_edge_entropy(const struct vis *v, uint32_t n, bool out, int64_t self)
{
	const struct builder *b = v->b;
	double score = 0, frac;
	int64_t total = self;
	uint32_t e;

	for (e = 0; e < b->nedges; e++) {
		uint32_t end = out ? (uint32_t)(b->edge_key[e] >> 32) :
		    (uint32_t)(b->edge_key[e] & 0xffffffffu);

		if (end == n && b->edge_w[e] > 0)
			total += abs64(b->edge_w[e]);
	}
	if (total == 0)
		return 0;
	for (e = 0; e < b->nedges; e++) {
		uint32_t end = out ? (uint32_t)(b->edge_key[e] >> 32) :
		    (uint32_t)(b->edge_key[e] & 0xffffffffu);

		if (end != n)
			continue;
		frac = (double)abs64(b->edge_w[e]) / (double)total;
		score += -frac * log2(frac);
	}
	if (self > 0) {
		frac = (double)abs64(self) / (double)total;
		score += -frac * log2(frac);
	}
	return score;
}

struct vis_sort {
	int64_t *score;		/* by info */
	char **names;
	const struct builder *b;
};

static struct vis_sort *vis_sort_ctx;	/* qsort has no context argument */

/* pprof's EntropyOrder. */
static int
vis_node_cmp(const void *a, const void *b)
{
	const struct vis_sort *c = vis_sort_ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int64_t sx = abs64(c->score[x]), sy = abs64(c->score[y]);
	int64_t fx = abs64(c->b->flat[x]), fy = abs64(c->b->flat[y]);
	int r;

	if (sx != sy)
		return sx > sy ? -1 : 1;
	r = strcmp(c->names[x], c->names[y]);
	if (r != 0)
		return r;
	if (fx != fy)
		return fx > fy ? -1 : 1;
	return info_cmp_fields(&c->b->infos[x], &c->b->infos[y]);
}

/* Sort nodes by pprof's entropyScore (edges as built, none trimmed). */
static void
vis_sort_nodes(struct vis *v, char **names, uint32_t *nodes, uint32_t nn)
{
	const struct builder *b = v->b;
	struct vis_sort c;
	uint32_t i, e;
	bool *has_in = xcalloc(b->ninfos + 1, sizeof *has_in);
	bool *has_out = xcalloc(b->ninfos + 1, sizeof *has_out);

	c.score = xcalloc(b->ninfos + 1, sizeof *c.score);
	c.names = names;
	c.b = b;
	for (e = 0; e < b->nedges; e++) {
		has_out[b->edge_key[e] >> 32] = true;
		has_in[b->edge_key[e] & 0xffffffffu] = true;
	}
	for (i = 0; i < nn; i++) {
		uint32_t n = nodes[i];
		double score = 0, s;

		score += has_in[n] ? vis_edge_entropy(v, n, false, 0) : 1;
		score += has_out[n] ? vis_edge_entropy(v, n, true,
		    b->flat[n]) : 1;
		s = score * (double)b->cum[n];
		/* Go converts NaN and overflows to the most negative value
		 * on amd64. */
		if (isnan(s) || s >= 9.2233720368547758e18 ||
		    s < -9.2233720368547758e18)
			c.score[n] = INT64_MIN;
		else
			c.score[n] = (int64_t)s;
		c.score[n] = (int64_t)((uint64_t)c.score[n] +
		    (uint64_t)b->flat[n]);
	}
	vis_sort_ctx = &c;
	qsort(nodes, nn, sizeof *nodes, vis_node_cmp);
	vis_sort_ctx = NULL;
	free(c.score);
	free(has_in);
	free(has_out);
}

/* pprof's TrimLowFrequencyTags. */
static void
vis_trim_tags(struct vis *v, int64_t cutoff)
{
	uint32_t k;

	for (k = 0; k < v->tg.n; k++)
		if (abs64(v->tg.t[k].flat) < cutoff &&
		    abs64(v->tg.t[k].cum) < cutoff)
			v->tg.dropped[k] = true;
}

/* pprof's TrimLowFrequencyEdges over edges between shown nodes; returns
 * how many it dropped. */
static int
vis_trim_edges(struct vis *v, const uint32_t *pos, int64_t cutoff)
{
	const struct builder *b = v->b;
	uint32_t e;
	int n = 0;

	for (e = 0; e < b->nedges; e++) {
		if (v->edge_dropped[e] ||
		    pos[b->edge_key[e] & 0xffffffffu] == UINT32_MAX)
			continue;
		if (abs64(b->edge_w[e]) < cutoff) {
			v->edge_dropped[e] = true;
			n++;
		}
	}
	return n;
}

/* pprof's selectTopNodes in visual mode: each node also costs its tags
 * with a flat value (at most 4). */
static uint32_t
vis_select_top(const struct vis *v, const uint32_t *nodes, uint32_t nn,
    int max)
{
	uint32_t *ntags = xcalloc(v->b->ninfos + 1, sizeof *ntags), i, k;
	int count = 0;

	for (k = 0; k < v->tg.n; k++)
		if (!v->tg.dropped[k] && v->tg.t[k].flat != 0)
			ntags[v->tg.info[k]]++;
	for (i = 0; i < nn; i++) {
		int t = ntags[nodes[i]] > 4 ? 4 : (int)ntags[nodes[i]];

		if ((count += t + 1) >= max) {
			max = (int)i + 1;
			break;
		}
	}
	free(ntags);
	return (uint32_t)max > nn ? nn : (uint32_t)max;
}

struct vis_edge_sort {
	const struct builder *b;
	char **names;
};

static struct vis_edge_sort *vis_edge_ctx;

/* pprof's edgeList order: heavier first, then by source and destination
 * name. */
static int
vis_edge_cmp(const void *a, const void *b)
{
	const struct vis_edge_sort *c = vis_edge_ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int64_t wx = c->b->edge_w[x], wy = c->b->edge_w[y];
	int r;

	if (wx != wy && abs64(wx) != abs64(wy))
		return abs64(wx) > abs64(wy) ? -1 : 1;
	r = strcmp(c->names[c->b->edge_key[x] >> 32],
	    c->names[c->b->edge_key[y] >> 32]);
	if (r != 0)
		return r;
	return strcmp(c->names[c->b->edge_key[x] & 0xffffffffu],
	    c->names[c->b->edge_key[y] & 0xffffffffu]);
}

static void
vis_sort_edges(const struct builder *b, char **names, uint32_t *edges,
    uint32_t n)
{
	struct vis_edge_sort c = { b, names };

	vis_edge_ctx = &c;
	qsort(edges, n, sizeof *edges, vis_edge_cmp);
	vis_edge_ctx = NULL;
}

/* Whether dst of edge e can be reached from its src by another path
 * (pprof's isRedundantEdge: a walk up the incoming edges). */
static bool
vis_redundant(const struct vis *v, const uint32_t *in_start,
    const uint32_t *in_edges, uint32_t e, uint32_t *queue, uint32_t *seen,
    uint32_t stamp)
{
	const struct builder *b = v->b;
	uint32_t src = (uint32_t)(b->edge_key[e] >> 32);
	uint32_t head = 0, tail = 0, k;

	queue[tail++] = (uint32_t)(b->edge_key[e] & 0xffffffffu);
	seen[queue[0]] = stamp;
	while (head < tail) {
		uint32_t n = queue[head++];

		for (k = in_start[n]; k < in_start[n + 1]; k++) {
			uint32_t ie = in_edges[k];
			uint32_t s = (uint32_t)(b->edge_key[ie] >> 32);

			if (ie == e || v->edge_dropped[ie] || seen[s] == stamp)
				continue;
			if (s == src)
				return true;
			seen[s] = stamp;
			queue[tail++] = s;
		}
	}
	return false;
}

/* pprof's RemoveRedundantEdges over the shown nodes, last first. */
static void
vis_remove_redundant(struct vis *v, char **names, const uint32_t *nodes,
    uint32_t nn, const uint32_t *pos)
{
	const struct builder *b = v->b;
	uint32_t *in_start = xcalloc(b->ninfos + 2, sizeof *in_start);
	uint32_t *in_edges = xmalloc((b->nedges + 1) * sizeof *in_edges);
	uint32_t *fill = xcalloc(b->ninfos + 1, sizeof *fill);
	uint32_t *queue = xmalloc((b->ninfos + 1) * sizeof *queue);
	uint32_t *seen = xcalloc(b->ninfos + 1, sizeof *seen);
	uint32_t e, i, stamp = 0;

	/* Every incoming edge counts, also from nodes that have no value
	 * left (pprof keeps those in its edge maps). */
	for (e = 0; e < b->nedges; e++)
		if (!v->edge_dropped[e])
			in_start[(b->edge_key[e] & 0xffffffffu) + 1]++;
	for (i = 0; i < b->ninfos; i++)
		in_start[i + 1] += in_start[i];
	for (e = 0; e < b->nedges; e++)
		if (!v->edge_dropped[e]) {
			uint32_t d = (uint32_t)(b->edge_key[e] & 0xffffffffu);

			in_edges[in_start[d] + fill[d]++] = e;
		}
	for (i = 0; i < b->ninfos; i++)
		vis_sort_edges(b, names, in_edges + in_start[i],
		    in_start[i + 1] - in_start[i]);
	for (i = nn; i-- > 0;) {
		uint32_t n = nodes[i], j;

		for (j = in_start[n + 1]; j-- > in_start[n];) {
			e = in_edges[j];
			if (v->edge_dropped[e])
				continue;
			if (!b->edge_residual[e])
				break;
			if (vis_redundant(v, in_start, in_edges, e, queue, seen,
			    ++stamp))
				v->edge_dropped[e] = true;
		}
	}
	free(in_start);
	free(in_edges);
	free(fill);
	free(queue);
	free(seen);
}

/* Tag names: each numeric value formatted as pprof's formatTag does (in
 * the -unit given, not the one chosen for the report). */
static strid *
vis_tag_names(struct vis *v, const char *output_unit)
{
	uint32_t n = v->g.ts_start[v->g.nts], k;
	strid *names = xcalloc(n + 1, sizeof *names);
	const char *unit = strpool_get(v->pool, v->g.num_unit);
	char buf[64];

	for (k = 0; k < n; k++) {
		units_label(buf, sizeof buf, v->g.ts_vals[k], unit,
		    output_unit);
		names[k] = strpool_intern(v->pool, buf, strlen(buf));
	}
	return names;
}

static struct report *
visual_report_new(const struct profile *p, const struct graph_options *o)
{
	struct report *r = xcalloc(1, sizeof *r);
	struct graph *g = xcalloc(1, sizeof *g);
	struct builder b;
	struct vis v;
	uint32_t *nodes, nn, i, e, *pos, *order, ne;
	strid *tag_names;
	bool *kept;
	char **names;
	int64_t total_flat = 0, node_cutoff, edge_cutoff;

	r->prof = p;
	r->opt = *o;
	r->graph = g;
	r->sample_type = profile_str(p, p->sample_types[o->sample_index].type);
	r->sample_unit = profile_str(p, p->sample_types[o->sample_index].unit);
	r->total = o->total > 0 ? o->total : report_total_opt(p, o);

	builder_init(&b, p, &r->opt);
	memset(&v, 0, sizeof v);
	v.b = &b;
	v.pool = strpool_new();
	vis_groups_build(&v, p, o->sample_index);
	tag_names = vis_tag_names(&v, o->output_unit);
	names = xcalloc(b.ninfos + 1, sizeof *names);
	for (i = 0; i < b.ninfos; i++)
		names[i] = info_name(p, &b.infos[i]);
	kept = xcalloc(b.ninfos + 1, sizeof *kept);
	pos = xmalloc((b.ninfos + 1) * sizeof *pos);

	/* First: the whole graph, to find low-frequency nodes. */
	vis_run(&v, NULL, tag_names);
	nodes = builder_nodes(&b, NULL, &nn);
	for (i = 0; i < nn; i++)
		total_flat += b.flat[nodes[i]];
	node_cutoff = abs64((int64_t)((double)total_flat * o->nodefraction));
	edge_cutoff = abs64((int64_t)((double)total_flat * o->edgefraction));
	if (node_cutoff > 0) {
		uint32_t nk = 0;

		for (i = 0; i < nn; i++)
			if (abs64(b.cum[nodes[i]]) >= node_cutoff) {
				kept[nodes[i]] = true;
				nk++;
			}
		if (nk != nn) {
			r->dropped_nodes = (int)(nn - nk);
			vis_run(&v, kept, tag_names);
			free(nodes);
			nodes = builder_nodes(&b, kept, &nn);
		}
	}
	r->orig_count = (int)nn;

	/* Second: entropy order, keep the top nodecount (tags count). */
	vis_sort_nodes(&v, names, nodes, nn);
	memset(pos, 0xff, (b.ninfos + 1) * sizeof *pos);
	for (i = 0; i < nn; i++)
		pos[nodes[i]] = i;
	if (o->nodecount > 0) {
		uint32_t top;

		vis_trim_tags(&v, node_cutoff);
		vis_trim_edges(&v, pos, edge_cutoff);
		top = vis_select_top(&v, nodes, nn, o->nodecount);
		if (top != nn) {
			memset(kept, 0, b.ninfos * sizeof *kept);
			for (i = 0; i < top; i++)
				kept[nodes[i]] = true;
			vis_run(&v, kept, tag_names);
			free(nodes);
			nodes = builder_nodes(&b, kept, &nn);
			vis_sort_nodes(&v, names, nodes, nn);
			memset(pos, 0xff, (b.ninfos + 1) * sizeof *pos);
			for (i = 0; i < nn; i++)
				pos[nodes[i]] = i;
		}
	}

	/* Last: trim tags and edges, drop redundant residual edges. */
	vis_trim_tags(&v, node_cutoff);
	r->dropped_edges = vis_trim_edges(&v, pos, edge_cutoff);
	vis_remove_redundant(&v, names, nodes, nn, pos);

	/* The graph shown. */
	g->prof = p;
	g->nnodes = nn;
	g->nodes = xcalloc(nn + 1, sizeof *g->nodes);
	order = xmalloc((b.nedges + 1) * sizeof *order);
	/* pprof prints every edge out of a shown node, also to a node left
	 * without value (a diff can sum a node to zero); those go to
	 * g->hidden. */
	for (ne = 0, e = 0; e < b.nedges; e++)
		if (!v.edge_dropped[e] && pos[b.edge_key[e] >> 32] != UINT32_MAX)
			order[ne++] = e;
	vis_sort_edges(&b, names, order, ne);
	g->edges = xcalloc(ne + 1, sizeof *g->edges);
	for (i = 0; i < ne; i++) {
		struct graph_edge *ge = &g->edges[g->nedges++];

		e = order[i];
		ge->src = pos[b.edge_key[e] >> 32];
		ge->dst = pos[b.edge_key[e] & 0xffffffffu];
		if (ge->dst == UINT32_MAX) {
			uint32_t d = (uint32_t)(b.edge_key[e] & 0xffffffffu);
			struct graph_node *h;

			g->hidden = xreallocarray(g->hidden, g->nhidden + 1,
			    sizeof *g->hidden);
			h = &g->hidden[g->nhidden];
			memset(h, 0, sizeof *h);
			h->info = d;
			h->name = xstrdup(names[d]);
			ge->dst = nn + g->nhidden++;
		}
		ge->weight = b.edge_w[e];
		ge->is_inline = b.edge_inline[e];
		ge->residual = b.edge_residual[e];
	}
	free(order);
	for (i = 0; i < nn; i++) {
		struct graph_node *gn = &g->nodes[i];

		gn->info = nodes[i];
		gn->flat = b.flat[nodes[i]];
		gn->cum = b.cum[nodes[i]];
		gn->name = names[nodes[i]];
		names[nodes[i]] = NULL;
		r->shown_flat += gn->flat;
	}
	/* Inline flags come from every edge into a node, as in pprof's
	 * text reports. */
	for (e = 0; e < b.nedges; e++) {
		uint32_t d = pos[b.edge_key[e] & 0xffffffffu];

		if (d == UINT32_MAX || pos[b.edge_key[e] >> 32] == UINT32_MAX ||
		    v.edge_dropped[e])
			continue;
		if (b.edge_inline[e])
			g->nodes[d].in_inline = true;
		else
			g->nodes[d].in_call = true;
	}
	g->tag_start = xcalloc(nn + 2, sizeof *g->tag_start);
	for (i = 0; i < v.tg.n; i++)
		if (!v.tg.dropped[i] && pos[v.tg.info[i]] != UINT32_MAX)
			g->tag_start[pos[v.tg.info[i]] + 1]++;
	for (i = 0; i < nn; i++)
		g->tag_start[i + 1] += g->tag_start[i];
	g->ntags = g->tag_start[nn];
	g->tags = xcalloc(g->ntags + 1, sizeof *g->tags);
	{
		uint32_t *fill = xcalloc(nn + 1, sizeof *fill);

		for (i = 0; i < v.tg.n; i++) {
			uint32_t n;

			if (v.tg.dropped[i] || pos[v.tg.info[i]] == UINT32_MAX)
				continue;
			n = pos[v.tg.info[i]];
			g->tags[g->tag_start[n] + fill[n]++] = v.tg.t[i];
		}
		free(fill);
	}
	g->tag_strings = v.pool;
	g->infos = b.infos;
	g->ninfos = b.ninfos;
	b.infos = NULL;

	r->output_unit = output_unit(r, o->output_unit);

	for (i = 0; i < b.ninfos; i++)
		free(names[i]);
	free(names);
	free(kept);
	free(nodes);
	free(pos);
	free(tag_names);
	free(v.g.stack);
	free(v.g.tagset);
	free(v.g.w);
	free(v.g.slots);
	free(v.g.ts_labels);
	free(v.g.ts_start);
	free(v.g.ts_vals);
	free(v.tg.info);
	free(v.tg.t);
	free(v.tg.dropped);
	free(v.tg.slots);
	free(v.edge_dropped);
	builder_done(&b);
	return r;
}

/* Free what only visual reports have. */
static void
visual_graph_free(struct graph *g)
{
	uint32_t i;

	for (i = 0; i < g->nhidden; i++)
		free(g->hidden[i].name);
	free(g->hidden);
	free(g->tags);
	free(g->tag_start);
	if (g->tag_strings != NULL)
		strpool_free(g->tag_strings);
}
