/*
 * an-retained.c - retention graph, dominator tree and retained sizes of a
 * Go heap dump (see an-retained.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "an-retained.h"
#include "dominator.h"
#include "xmalloc.h"

const char *
retained_kind_name(enum hd_root_kind k)
{
	switch (k) {
	case HD_ROOT_DATA: return "data";
	case HD_ROOT_BSS: return "bss";
	case HD_ROOT_FRAME: return "stack";
	case HD_ROOT_FINALIZER: return "finalizer";
	case HD_ROOT_QUEUED: return "queued finalizer";
	case HD_ROOT_OTHER: return "other";
	case HD_ROOT_UNREACHED: return "unreached";
	}
	return "?";
}

/* Intern s in the result's name pool. */
static strid
intern(struct retained *r, const char *s)
{
	return strpool_intern(r->names, s, strlen(s));
}

/*
 * The global variable that points at the statically allocated variable
 * holding addr (which has no symbol): the named static reference with the
 * greatest target at or below addr, at most 4 KiB below.  *off gets addr's
 * offset from that target.
 */
static const char *
static_owner(const struct heapdump *d, const struct elfsyms *syms,
    uint64_t addr, uint64_t *off)
{
	size_t lo = 0, hi = d->nstatic_refs;
	uint64_t symoff;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->static_refs[mid].to <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo > 0) {
		const struct hd_static_ref *s = &d->static_refs[--lo];
		const char *name;

		if (addr - s->to > 4096)
			break;
		if ((name = elfsyms_lookup(syms, s->from, &symoff)) != NULL) {
			*off = addr - s->to;
			return name;
		}
	}
	return NULL;
}

/* The name of a root word: its global variable, goroutine and function,
 * or finalizer. */
static strid
root_name(struct retained *r, const struct hd_root *rt,
    const struct elfsyms *syms)
{
	const struct heapdump *d = r->dump;
	char buf[512];
	const char *sym;
	uint64_t off;

	switch (rt->kind) {
	case HD_ROOT_DATA:
	case HD_ROOT_BSS:
		if (syms != NULL &&
		    (sym = elfsyms_lookup(syms, rt->addr, &off)) != NULL)
			return intern(r, sym);
		if (syms != NULL && (sym = static_owner(d, syms, rt->addr,
		    &off)) != NULL) {
			if (off == 0)
				snprintf(buf, sizeof buf, "*%s", sym);
			else
				snprintf(buf, sizeof buf, "(*%s)+0x%llx", sym,
				    (unsigned long long)off);
			return intern(r, buf);
		}
		snprintf(buf, sizeof buf, "%s+0x%llx", rt->kind ==
		    HD_ROOT_DATA ? "data" : "bss", (unsigned long long)
		    (rt->addr - (rt->kind == HD_ROOT_DATA ? d->data_start :
		    d->bss_start)));
		return intern(r, buf);
	case HD_ROOT_FRAME: {
		const struct hd_frame *f = &d->frames[rt->frame];

		snprintf(buf, sizeof buf, "goroutine %llu %s",
		    (unsigned long long)d->goroutines[f->goroutine].goid,
		    heapdump_str(d, f->function));
		return intern(r, buf);
	}
	case HD_ROOT_FINALIZER:
	case HD_ROOT_QUEUED:
		snprintf(buf, sizeof buf, "%s for 0x%llx", rt->kind ==
		    HD_ROOT_QUEUED ? "queued finalizer" : "finalizer",
		    (unsigned long long)d->finalizers[rt->frame].object);
		return intern(r, buf);
	case HD_ROOT_OTHER:
		return intern(r, heapdump_str(d, rt->desc));
	case HD_ROOT_UNREACHED:
		break;
	}
	return intern(r, "(no dumped root)");
}

/* Label every object by its allocation site, else its size class. */
static void
label_objects(struct retained *r)
{
	const struct heapdump *d = r->dump;
	strid *bucket_label = xcalloc(d->nbuckets + 1, sizeof *bucket_label);
	strid small[4097];
	size_t i;
	char buf[64];

	memset(small, 0, sizeof small);
	for (i = 0; i < d->nbuckets; i++)
		bucket_label[i] = intern(r, heapdump_str(d,
		    heapdump_bucket_site(d, (uint32_t)i)));
	r->obj_label = xcalloc(d->nobjects + 1, sizeof *r->obj_label);
	for (i = 0; i < d->nobjects; i++) {
		uint64_t sz = d->obj_size[i];

		if (d->obj_site[i] != HD_NONE) {
			r->obj_label[i] = bucket_label[d->obj_site[i]];
			continue;
		}
		/* Size classes are multiples of 8 up to 32 KiB: cache them. */
		if (sz % 8 == 0 && sz / 8 <= 4096 && small[sz / 8] != 0) {
			r->obj_label[i] = small[sz / 8];
			continue;
		}
		heapdump_size_label(buf, sizeof buf, sz);
		r->obj_label[i] = intern(r, buf);
		if (sz % 8 == 0 && sz / 8 <= 4096)
			small[sz / 8] = r->obj_label[i];
	}
	free(bucket_label);
}

/* Roots by retained bytes, largest first. */
static int
cmp_root(const void *a, const void *b)
{
	const struct retained_root *x = a, *y = b;

	if (x->retained_bytes != y->retained_bytes)
		return x->retained_bytes > y->retained_bytes ? -1 : 1;
	return x->name < y->name ? -1 : x->name > y->name;
}

/* Sites by retained, then live bytes, largest first. */
static int
cmp_site(const void *a, const void *b)
{
	const struct retained_site *x = a, *y = b;

	if (x->retained_bytes != y->retained_bytes)
		return x->retained_bytes > y->retained_bytes ? -1 : 1;
	if (x->live_bytes != y->live_bytes)
		return x->live_bytes > y->live_bytes ? -1 : 1;
	return x->name < y->name ? -1 : x->name > y->name;
}

/*
 * Retained size per site: walk the dominator tree depth first, adding an
 * object's retained size to its site unless an object of the same site
 * dominates it (then it is already counted).
 */
static void
site_retained(struct retained *r, const struct domtree *dt,
    const uint64_t *rb, const uint64_t *ro, uint64_t *site_b,
    uint64_t *site_o)
{
	uint32_t n = r->nnodes, v, *child, *active, *stack;
	size_t *cstart, *pos;
	size_t sp = 0;

	cstart = xcalloc((size_t)n + 1, sizeof *cstart);
	for (v = 1; v < n; v++)
		if (dt->idom[v] != DOM_NONE)
			cstart[dt->idom[v] + 1]++;
	for (v = 0; v < n; v++)
		cstart[v + 1] += cstart[v];
	child = xcalloc(cstart[n] + 1, sizeof *child);
	pos = xcalloc((size_t)n + 1, sizeof *pos);
	memcpy(pos, cstart, (size_t)n * sizeof *pos);
	for (v = 1; v < n; v++)
		if (dt->idom[v] != DOM_NONE)
			child[pos[dt->idom[v]]++] = v;
	memcpy(pos, cstart, (size_t)n * sizeof *pos);

	active = xcalloc(strpool_count(r->names) + 1, sizeof *active);
	stack = xcalloc((size_t)n + 1, sizeof *stack);
	stack[sp++] = 0;
	while (sp > 0) {
		uint32_t u = stack[sp - 1];

		if (pos[u] < cstart[u + 1]) {
			uint32_t w = child[pos[u]++];

			if (w >= r->obj_base) {
				strid s = r->obj_label[w - r->obj_base];

				if (active[s]++ == 0) {
					site_b[s] += rb[w];
					site_o[s] += ro[w];
				}
			}
			stack[sp++] = w;
		} else {
			if (u >= r->obj_base)
				active[r->obj_label[u - r->obj_base]]--;
			sp--;
		}
	}
	free(active);
	free(stack);
	free(pos);
	free(child);
	free(cstart);
}

/* Map a name to its root node, adding one on first sight. */
static uint32_t
root_node(struct retained *r, strid name, enum hd_root_kind kind,
    uint32_t **node_of, size_t *cap)
{
	if (name >= *cap) {
		size_t old = *cap, k;

		*cap = (name + 1) * 2;
		*node_of = xreallocarray(*node_of, *cap, sizeof **node_of);
		for (k = old; k < *cap; k++)
			(*node_of)[k] = HD_NONE;
	}
	if ((*node_of)[name] == HD_NONE) {
		r->node_root_name = xreallocarray(r->node_root_name,
		    r->nroots + 1, sizeof *r->node_root_name);
		r->node_root_kind = xreallocarray(r->node_root_kind,
		    r->nroots + 1, sizeof *r->node_root_kind);
		r->node_root_name[r->nroots] = name;
		r->node_root_kind[r->nroots] = kind;
		(*node_of)[name] = (uint32_t)r->nroots++;
	}
	return (*node_of)[name];
}

struct retained *
retained_new(const struct heapdump *d, const struct elfsyms *syms)
{
	struct retained *r = xcalloc(1, sizeof *r);
	size_t n = d->nobjects, i, e, nre = 0, cap = 0, *fill;
	uint32_t *re_root = NULL, *re_obj = NULL, *node_of = NULL, *stack;
	uint32_t v, R;
	uint8_t *mark;
	uint64_t *w, *rb, *ro, *site_b, *site_o;
	struct domtree *dt;

	r->dump = d;
	r->names = strpool_new();
	r->live_objects = n;
	r->live_bytes = d->total_bytes;
	label_objects(r);

	/* Root words grouped by name. */
	re_root = xcalloc(d->nroots + n + 1, sizeof *re_root);
	re_obj = xcalloc(d->nroots + n + 1, sizeof *re_obj);
	for (i = 0; i < d->nroots; i++) {
		const struct hd_root *rt = &d->roots[i];

		re_root[nre] = root_node(r, root_name(r, rt, syms), rt->kind,
		    &node_of, &cap);
		re_obj[nre++] = rt->object;
	}

	/* Objects no root reaches: each one not reached by an earlier one
	 * becomes an edge of the "(no dumped root)" pseudo root. */
	mark = xcalloc(n + 1, 1);
	stack = xcalloc(n + 1, sizeof *stack);
	for (i = 0; i < nre; i++)
		dom_mark(d->edge_start, d->edge_dst, re_obj[i], mark, stack);
	for (i = 0; i < n; i++) {
		if (mark[i])
			continue;
		r->unreached_objects += dom_mark(d->edge_start, d->edge_dst,
		    (uint32_t)i, mark, stack);
		re_root[nre] = root_node(r, intern(r, "(no dumped root)"),
		    HD_ROOT_UNREACHED, &node_of, &cap);
		re_obj[nre++] = (uint32_t)i;
	}
	free(mark);
	free(stack);
	free(node_of);

	/* The retention graph in CSR form. */
	R = (uint32_t)r->nroots;
	r->root_base = 1;
	r->obj_base = 1 + R;
	r->nnodes = (uint32_t)(1 + R + n);
	r->start = xcalloc((size_t)r->nnodes + 1, sizeof *r->start);
	r->dst = xcalloc(R + nre + d->nedges + 1, sizeof *r->dst);
	r->start[1] = R;
	for (i = 0; i < nre; i++)
		r->start[1 + re_root[i] + 1]++;
	for (v = 1; v <= R; v++)
		r->start[v + 1] += r->start[v];
	for (v = 0; v < R; v++)
		r->dst[v] = 1 + v;
	fill = xcalloc((size_t)R + 1, sizeof *fill);
	for (v = 0; v < R; v++)
		fill[v] = r->start[1 + v];
	for (i = 0; i < nre; i++)
		r->dst[fill[re_root[i]]++] = r->obj_base + re_obj[i];
	free(fill);
	e = r->start[1 + R];
	for (i = 0; i < n; i++) {
		size_t k;

		r->start[r->obj_base + i] = e;
		for (k = d->edge_start[i]; k < d->edge_start[i + 1]; k++)
			r->dst[e++] = r->obj_base + d->edge_dst[k];
	}
	r->start[r->nnodes] = e;
	free(re_root);
	free(re_obj);

	/* Dominators and retained sizes. */
	dt = dom_compute(r->nnodes, 0, r->start, r->dst);
	w = xcalloc(r->nnodes, sizeof *w);
	rb = xcalloc(r->nnodes, sizeof *rb);
	ro = xcalloc(r->nnodes, sizeof *ro);
	for (i = 0; i < n; i++)
		w[r->obj_base + i] = d->obj_size[i];
	dom_retained(dt, w, rb);
	for (i = 0; i < n; i++)
		w[r->obj_base + i] = 1;
	dom_retained(dt, w, ro);
	free(w);

	r->obj_retained = xcalloc(n + 1, sizeof *r->obj_retained);
	r->obj_idom = xcalloc(n + 1, sizeof *r->obj_idom);
	r->obj_root = xcalloc(n + 1, sizeof *r->obj_root);
	for (i = 0; i < n; i++) {
		uint32_t id = dt->idom[r->obj_base + i];

		r->obj_retained[i] = rb[r->obj_base + i];
		r->obj_idom[i] = id != DOM_NONE && id >= r->obj_base ?
		    id - r->obj_base : HD_NONE;
		r->obj_root[i] = id != DOM_NONE && id >= r->root_base &&
		    id < r->obj_base ? id - r->root_base : HD_NONE;
	}
	r->roots = xcalloc(R + 1, sizeof *r->roots);
	for (v = 0; v < R; v++) {
		struct retained_root *rr = &r->roots[v];

		rr->name = r->node_root_name[v];
		rr->kind = r->node_root_kind[v];
		rr->retained_bytes = rb[1 + v];
		rr->retained_objects = ro[1 + v];
		rr->words = r->start[2 + v] - r->start[1 + v];
		if (rr->kind == HD_ROOT_UNREACHED)
			r->unreached_bytes = rr->retained_bytes;
	}
	r->shared_bytes = rb[0];
	r->shared_objects = ro[0];
	for (v = 0; v < R; v++) {
		r->shared_bytes -= rb[1 + v];
		r->shared_objects -= ro[1 + v];
	}
	qsort(r->roots, R, sizeof *r->roots, cmp_root);

	/* Sites. */
	site_b = xcalloc(strpool_count(r->names) + 1, sizeof *site_b);
	site_o = xcalloc(strpool_count(r->names) + 1, sizeof *site_o);
	site_retained(r, dt, rb, ro, site_b, site_o);
	{
		uint64_t *lb = xcalloc(strpool_count(r->names) + 1,
		    sizeof *lb);
		uint64_t *lo = xcalloc(strpool_count(r->names) + 1,
		    sizeof *lo);
		strid s;

		for (i = 0; i < n; i++) {
			lb[r->obj_label[i]] += d->obj_size[i];
			lo[r->obj_label[i]]++;
		}
		r->sites = xcalloc(strpool_count(r->names) + 1,
		    sizeof *r->sites);
		for (s = 0; s < strpool_count(r->names); s++) {
			struct retained_site *st;

			if (lo[s] == 0)
				continue;
			st = &r->sites[r->nsites++];
			st->name = s;
			st->live_bytes = lb[s];
			st->live_objects = lo[s];
			st->retained_bytes = site_b[s];
			st->retained_objects = site_o[s];
		}
		free(lb);
		free(lo);
	}
	qsort(r->sites, r->nsites, sizeof *r->sites, cmp_site);
	free(site_b);
	free(site_o);
	free(rb);
	free(ro);
	dom_free(dt);
	return r;
}

void
retained_free(struct retained *r)
{
	if (r == NULL)
		return;
	strpool_free(r->names);
	free(r->roots);
	free(r->sites);
	free(r->obj_retained);
	free(r->obj_idom);
	free(r->obj_root);
	free(r->obj_label);
	free(r->start);
	free(r->dst);
	free(r->node_root_name);
	free(r->node_root_kind);
	free(r);
}

/* Breadth-first parents over the retention graph from the entry node
 * (DOM_NONE where unreached), until target (or every node, for
 * DOM_NONE) has one: the shortest paths from the roots.  Caller frees. */
static uint32_t *
bfs_parents(const struct retained *r, uint32_t target)
{
	uint32_t *parent, *queue, v;
	size_t head = 0, tail = 0, k;

	parent = xcalloc(r->nnodes, sizeof *parent);
	queue = xcalloc(r->nnodes, sizeof *queue);
	for (v = 0; v < r->nnodes; v++)
		parent[v] = DOM_NONE;
	parent[0] = 0;
	queue[tail++] = 0;
	while (head < tail && (target == DOM_NONE ||
	    parent[target] == DOM_NONE)) {
		uint32_t u = queue[head++];

		for (k = r->start[u]; k < r->start[u + 1]; k++) {
			uint32_t x = r->dst[k];

			if (parent[x] == DOM_NONE) {
				parent[x] = u;
				queue[tail++] = x;
			}
		}
	}
	free(queue);
	return parent;
}

int
retained_path(const struct retained *r, uint64_t addr,
    struct retained_step **steps)
{
	uint32_t target = heapdump_find(r->dump, addr), *parent;
	uint32_t v, len = 0;
	size_t k;

	*steps = NULL;
	if (target == HD_NONE)
		return 0;
	target += r->obj_base;
	parent = bfs_parents(r, target);
	if (parent[target] == DOM_NONE) {
		free(parent);
		return -1;
	}
	for (v = target; v != 0; v = parent[v])
		len++;
	*steps = xcalloc(len, sizeof **steps);
	k = len;
	for (v = target; v != 0; v = parent[v]) {
		struct retained_step *s = &(*steps)[--k];

		if (v >= r->obj_base) {
			s->object = v - r->obj_base;
		} else {
			s->object = HD_NONE;
			s->root_name = r->node_root_name[v - r->root_base];
			s->root_kind = r->node_root_kind[v - r->root_base];
		}
	}
	free(parent);
	return (int)len;
}

/* Chains by root, sharing and labels (so equal ones are adjacent). */
static int
cmp_chain_key(const void *a, const void *b)
{
	const struct retained_chain *x = a, *y = b;
	uint32_t i;

	if (x->root != y->root)
		return x->root < y->root ? -1 : 1;
	if (x->shared != y->shared)
		return x->shared ? 1 : -1;
	if (x->cut != y->cut)
		return x->cut ? 1 : -1;
	if (x->nlabels != y->nlabels)
		return x->nlabels < y->nlabels ? -1 : 1;
	for (i = 0; i < x->nlabels; i++)
		if (x->labels[i] != y->labels[i])
			return x->labels[i] < y->labels[i] ? -1 : 1;
	return 0;
}

/* Chains by bytes, largest first. */
static int
cmp_chain_bytes(const void *a, const void *b)
{
	const struct retained_chain *x = a, *y = b;

	if (x->bytes != y->bytes)
		return x->bytes > y->bytes ? -1 : 1;
	return cmp_chain_key(a, b);
}

/*
 * Walk the dominator tree depth first from each root (and from the entry,
 * for objects no single root keeps), with the labels of the dominators
 * above (runs of one label as one); every object of the site with no
 * object of the site above it starts a chain, and every object of the
 * site under it counts in that chain.
 */
struct retained_chain *
retained_site_chains(const struct retained *r, const char *site,
    size_t *n)
{
	size_t nobj = r->dump->nobjects, i, nchains = 0, cap = 0, sp = 0;
	size_t *cstart, *pos, groups = r->nroots + 1, g;
	uint32_t *child, *stack, *lab, *parent = NULL, nlab = 0, v;
	bool *pushed;
	struct retained_chain *chains = NULL, *cur = NULL, *out;
	int64_t want = strpool_find(r->names, site, strlen(site));
	uint32_t inside = 0;

	*n = 0;
	if (want < 0)
		return NULL;
	/* Children: nodes 0 .. nobj - 1 are objects, nobj + k root group
	 * k (nroots: no single root). */
	cstart = xcalloc(nobj + groups + 1, sizeof *cstart);
	for (i = 0; i < nobj; i++) {
		uint32_t p = r->obj_idom[i] != HD_NONE ? r->obj_idom[i] :
		    (uint32_t)nobj + (r->obj_root[i] != HD_NONE ?
		    r->obj_root[i] : (uint32_t)r->nroots);

		cstart[p + 1]++;
	}
	for (i = 0; i < nobj + groups; i++)
		cstart[i + 1] += cstart[i];
	child = xcalloc(nobj + 1, sizeof *child);
	pos = xcalloc(nobj + groups + 1, sizeof *pos);
	memcpy(pos, cstart, (nobj + groups) * sizeof *pos);
	for (i = 0; i < nobj; i++) {
		uint32_t p = r->obj_idom[i] != HD_NONE ? r->obj_idom[i] :
		    (uint32_t)nobj + (r->obj_root[i] != HD_NONE ?
		    r->obj_root[i] : (uint32_t)r->nroots);

		child[pos[p]++] = (uint32_t)i;
	}
	memcpy(pos, cstart, (nobj + groups) * sizeof *pos);

	stack = xcalloc(nobj + 2, sizeof *stack);
	lab = xcalloc(nobj + 2, sizeof *lab);
	pushed = xcalloc(nobj + 2, sizeof *pushed);
	for (g = 0; g < groups; g++) {
		sp = 0;
		nlab = 0;
		stack[sp++] = (uint32_t)(nobj + g);
		while (sp > 0) {
			uint32_t u = stack[sp - 1];
			strid l;

			if (pos[u] == cstart[u + 1]) {
				/* Leave u. */
				if (u < nobj) {
					if (r->obj_label[u] == (strid)want &&
					    --inside == 0)
						cur = NULL;
					if (pushed[sp - 1])
						nlab--;
				}
				sp--;
				continue;
			}
			v = child[pos[u]++];
			l = r->obj_label[v];
			if (l == (strid)want) {
				if (inside++ == 0) {
					struct retained_chain *c;
					uint32_t k, from;

					ARRAY_GROW(chains, nchains, cap);
					c = &chains[nchains++];
					memset(c, 0, sizeof *c);
					c->bytes = r->obj_retained[v];
					from = nlab > RETAINED_CHAIN_MAX ?
					    nlab - RETAINED_CHAIN_MAX : 0;
					c->cut = from > 0;
					for (k = from; k < nlab; k++)
						c->labels[c->nlabels++] = lab[k];
					if (g < r->nroots) {
						c->root = r->node_root_name[g];
						c->kind = r->node_root_kind[g];
					} else {
						c->shared = true;
						c->root = (strid)v;	/* for now */
					}
					cur = c;
				}
				cur->objects++;
			}
			pushed[sp] = nlab == 0 || lab[nlab - 1] != l;
			if (pushed[sp])
				lab[nlab++] = l;
			stack[sp++] = v;
		}
	}
	free(pushed);
	free(lab);
	free(stack);
	free(pos);
	free(child);
	free(cstart);

	/* Shared chains start at the root a shortest path starts from. */
	for (i = 0; i < nchains; i++) {
		uint32_t u;

		if (!chains[i].shared)
			continue;
		if (parent == NULL)
			parent = bfs_parents(r, DOM_NONE);
		for (u = r->obj_base + (uint32_t)chains[i].root;
		    u >= r->obj_base && parent[u] != DOM_NONE; u = parent[u])
			;
		if (u >= r->root_base && u < r->obj_base) {
			chains[i].root = r->node_root_name[u - r->root_base];
			chains[i].kind = r->node_root_kind[u - r->root_base];
		} else {
			int64_t none = strpool_find(r->names,
			    "(no dumped root)", 16);

			chains[i].root = none >= 0 ? (strid)none : 0;
			chains[i].kind = HD_ROOT_UNREACHED;
		}
	}
	free(parent);

	/* One chain per key. */
	if (nchains > 0)
		qsort(chains, nchains, sizeof *chains, cmp_chain_key);
	out = xcalloc(nchains + 1, sizeof *out);
	for (i = 0; i < nchains; i++) {
		if (*n > 0 && cmp_chain_key(&out[*n - 1], &chains[i]) == 0) {
			out[*n - 1].bytes += chains[i].bytes;
			out[*n - 1].objects += chains[i].objects;
			continue;
		}
		out[(*n)++] = chains[i];
	}
	free(chains);
	if (*n > 0)
		qsort(out, *n, sizeof *out, cmp_chain_bytes);
	return out;
}

/* The name a root is compared by across dumps: goroutine ids and
 * finalized objects' addresses change from one dump to the next, so stack
 * roots compare by function and finalizers all together. */
const char *
retained_compare_name(enum hd_root_kind kind, const char *name)
{
	const char *sp;

	switch (kind) {
	case HD_ROOT_FRAME:
		if ((sp = strchr(name, ' ')) != NULL &&
		    (sp = strchr(sp + 1, ' ')) != NULL)
			return sp + 1;
		return name;
	case HD_ROOT_FINALIZER:
		return "finalizers";
	case HD_ROOT_QUEUED:
		return "queued finalizers";
	default:
		return name;
	}
}

/* Comparison rows by the size of the change, largest first. */
static int
cmp_delta(const void *a, const void *b)
{
	const struct retained_delta *x = a, *y = b;
	int64_t dx = x->new_bytes - x->old_bytes;
	int64_t dy = y->new_bytes - y->old_bytes;

	if (dx < 0)
		dx = -dx;
	if (dy < 0)
		dy = -dy;
	if (dx != dy)
		return dx > dy ? -1 : 1;
	return strcmp(x->name, y->name);
}

struct retained_delta *
retained_compare(const struct retained *old, const struct retained *new,
    int which, size_t *n)
{
	const struct retained *rs[2] = { old, new };
	size_t cap = 0, k, nrow = 0;
	struct retained_delta *rows = NULL;
	struct strpool *seen = strpool_new();
	uint32_t *row_of = NULL;
	int side;

	/* Rows by name, in a pool of names seen so far. */
	for (side = 0; side < 2; side++) {
		const struct retained *r = rs[side];
		size_t cnt = which == 0 ? r->nroots : r->nsites;

		for (k = 0; k < cnt; k++) {
			strid nm = which == 0 ? r->roots[k].name :
			    r->sites[k].name;
			const char *name = strpool_get(r->names, nm);

			if (which == 0)
				name = retained_compare_name(
				    r->roots[k].kind, name);
			size_t before = strpool_count(seen);
			strid id = strpool_intern(seen, name, strlen(name));
			struct retained_delta *row;
			int64_t b, o;

			if (strpool_count(seen) != before) {
				row_of = xreallocarray(row_of,
				    strpool_count(seen), sizeof *row_of);
				ARRAY_GROW(rows, nrow, cap);
				memset(&rows[nrow], 0, sizeof rows[nrow]);
				rows[nrow].name = name;
				rows[nrow].kind = which == 0 ?
				    retained_kind_name(r->roots[k].kind) : NULL;
				row_of[id] = (uint32_t)nrow++;
			}
			row = &rows[row_of[id]];
			b = (int64_t)(which == 0 ? r->roots[k].retained_bytes :
			    r->sites[k].retained_bytes);
			o = (int64_t)(which == 0 ?
			    r->roots[k].retained_objects :
			    r->sites[k].retained_objects);
			if (side == 0) {
				row->old_bytes += b;
				row->old_objects += o;
			} else {
				row->new_bytes += b;
				row->new_objects += o;
			}
		}
	}
	free(row_of);
	strpool_free(seen);
	if (nrow > 0)
		qsort(rows, nrow, sizeof *rows, cmp_delta);
	*n = nrow;
	return rows;
}
