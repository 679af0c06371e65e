/*
 * tui-data.c - the browser's data: per-site series over a snapshot series
 * and the detail of one site (see tui-data.h).
 *
 * Sites at function and line granularity come from pprof's graph built on
 * each snapshot without trimming (report_new with nodefraction 0), so their
 * flat and cum are the numbers top prints; sites at stack granularity are
 * the snapshots' interned stacks, named by their frames.  Every site is
 * keyed by its name in a string pool, so one function in eight snapshots
 * is one site.  The detail walks each stack of the base and target once.
 */
#include "config.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "an-retained.h"
#include "cmd.h"
#include "elfsyms.h"
#include "graph.h"
#include "leaks.h"
#include "series.h"
#include "source.h"
#include "load.h"
#include "store.h"
#include "tui-data.h"
#include "units.h"
#include "xmalloc.h"

struct tui_data *
tui_data_new(void)
{
	struct tui_data *d = xcalloc(1, sizeof *d);

	d->sample_index = -1;
	return d;
}

/* Free an array of sites. */
static void
sites_free(struct tui_site *sites, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(sites[i].name);
		free(sites[i].func);
		free(sites[i].flat);
		free(sites[i].cum);
	}
	free(sites);
}

void
tui_data_free(struct tui_data *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nsnaps; i++) {
		free(d->snaps[i].name);
		free(d->snaps[i].kind);
		free(d->snaps[i].stack_w);
		retained_free(d->snaps[i].retained);
		profile_free(d->snaps[i].prof);
	}
	free(d->snaps);
	elfsyms_free(d->syms);
	for (i = 0; i < d->ntypes; i++) {
		free(d->type_names[i]);
		free(d->type_units[i]);
	}
	free(d->type_names);
	free(d->type_units);
	free(d->source_dir);
	sites_free(d->sites, d->nsites);
	for (i = 0; i < d->nsuspects; i++) {
		free(d->suspects[i].func);
		free(d->suspects[i].pattern);
	}
	free(d->suspects);
	free(d);
}

int
tui_data_add(struct tui_data *d, struct profile *p, const char *name,
    const char *kind, char **cause)
{
	struct tui_snapshot *s;
	uint32_t k;

	if (d->nsnaps > 0 &&
	    profile_compatible(d->snaps[0].prof, p, cause) != 0)
		return -1;
	d->snaps = xreallocarray(d->snaps, d->nsnaps + 1, sizeof *d->snaps);
	s = &d->snaps[d->nsnaps++];
	memset(s, 0, sizeof *s);
	s->name = xstrdup(name);
	s->kind = xstrdup(kind != NULL ? kind : store_kind_of(p));
	s->time_nanos = p->time_nanos;
	s->prof = p;
	if (d->nsnaps == 1) {
		char *copy = xstrdup(name);

		d->ntypes = p->ntypes;
		d->type_names = xcalloc(p->ntypes + 1, sizeof *d->type_names);
		d->type_units = xcalloc(p->ntypes + 1, sizeof *d->type_units);
		for (k = 0; k < p->ntypes; k++) {
			d->type_names[k] = xstrdup(profile_str(p,
			    p->sample_types[k].type));
			d->type_units[k] = xstrdup(profile_str(p,
			    p->sample_types[k].unit));
		}
		d->source_dir = xstrdup(name[0] == '@' ? "." : dirname(copy));
		free(copy);
	}
	return 0;
}

/* The stored snapshots of the newest one's kind, as "@ID" arguments with
 * names for them. */
static int
stored_series(const struct options *o, char ***args, char ***names,
    size_t *n)
{
	struct snapshot_info *list;
	char *cause = NULL;
	store *st;
	size_t i, count;
	int rc;

	*n = 0;
	*args = *names = NULL;
	if ((rc = load_open_store(o, &st)) != EXIT_OK)
		return rc;
	if (st == NULL) {
		cmd_error("no profile given and no --db store to browse");
		return EXIT_USAGE;
	}
	if (store_list(st, &list, &count, &cause) != 0) {
		cmd_error("%s: %s", o->db, cause);
		free(cause);
		store_close(st);
		return EXIT_STORE;
	}
	store_close(st);
	if (count == 0) {
		cmd_error("%s: no snapshots (heapdiff import --db %s FILE... "
		    "adds some)", o->db, o->db);
		store_list_free(list, count);
		return EXIT_INPUT;
	}
	*args = xcalloc(count, sizeof **args);
	*names = xcalloc(count, sizeof **names);
	for (i = 0; i < count; i++) {
		const char *slash = strrchr(list[i].path, '/');

		if (strcmp(list[i].kind, list[count - 1].kind) != 0)
			continue;
		(*args)[*n] = xasprintf("@%lld", (long long)list[i].id);
		(*names)[(*n)++] = xasprintf("@%lld %s", (long long)list[i].id,
		    slash != NULL ? slash + 1 : list[i].path);
	}
	store_list_free(list, count);
	return EXIT_OK;
}

int
tui_data_load(struct tui_data *d, const struct options *o, char **args,
    size_t n, tui_progress_cb progress, void *arg)
{
	char **stored = NULL, **names = NULL, *cause = NULL;
	struct profile **ps;
	int64_t *ids;
	store *st = NULL;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	size_t i, at, chunk;
	int rc;

	/* As many at a time as load_profiles parses in parallel, so
	 * progress moves while nothing is lost. */
	chunk = ncpu < 1 ? 1 : ncpu > LOAD_MAX_THREADS ? LOAD_MAX_THREADS :
	    (size_t)ncpu;

	if (n == 0) {
		if ((rc = stored_series(o, &stored, &names, &n)) != EXIT_OK)
			return rc;
		args = stored;
	}
	if ((rc = load_open_store(o, &st)) != EXIT_OK)
		goto out;
	ps = xcalloc(n + 1, sizeof *ps);
	ids = xcalloc(n + 1, sizeof *ids);
	for (at = 0; at < n && rc == EXIT_OK; at += chunk) {
		size_t k = n - at < chunk ? n - at : chunk;

		if (progress != NULL && progress(arg, at + k, n, args[at]) != 0) {
			rc = EXIT_USAGE;
			break;
		}
		rc = load_profiles(o, st, args + at, k, ps + at, ids + at,
		    false);
	}
	if (progress != NULL && rc == EXIT_OK)
		progress(arg, n, n, "");
	store_close(st);
	/* The program's binary names the dumps' data and bss roots. */
	for (i = 0; rc == EXIT_OK && o->binary != NULL && d->syms == NULL &&
	    i < n; i++)
		if (ps[i]->dump != NULL &&
		    (d->syms = elfsyms_open(o->binary, &cause)) == NULL) {
			cmd_error("%s: %s", o->binary, cause);
			free(cause);
			cause = NULL;
			rc = EXIT_INPUT;
		}
	for (i = 0; i < n; i++) {
		if (ps[i] == NULL)
			continue;
		if (rc == EXIT_OK && tui_data_add(d, ps[i], names != NULL ?
		    names[i] : args[i], NULL, &cause) != 0) {
			cmd_error("%s: cannot be browsed with %s: %s", args[i],
			    d->snaps[0].name, cause);
			free(cause);
			rc = EXIT_INPUT;
		} else if (rc == EXIT_OK)
			continue;
		profile_free(ps[i]);
	}
	free(ps);
	free(ids);
out:
	for (i = 0; stored != NULL && i < n; i++) {
		free(stored[i]);
		free(names[i]);
	}
	free(stored);
	free(names);
	return rc;
}

int
tui_data_retain(struct tui_data *d, tui_progress_cb progress, void *arg)
{
	size_t i, n = 0, done = 0;

	for (i = 0; i < d->nsnaps; i++)
		if (d->snaps[i].prof->dump != NULL &&
		    d->snaps[i].retained == NULL)
			n++;
	for (i = 0; i < d->nsnaps; i++) {
		struct tui_snapshot *s = &d->snaps[i];

		if (s->prof->dump == NULL || s->retained != NULL)
			continue;
		if (progress != NULL && progress(arg, done, n, s->name) != 0)
			return -1;
		s->retained = retained_new(s->prof->dump, d->syms);
		done++;
	}
	if (progress != NULL && n > 0)
		progress(arg, n, n, "");
	return 0;
}

void
tui_data_set_suspects(struct tui_data *d, const struct tui_suspect *s,
    size_t n)
{
	size_t i;

	for (i = 0; i < d->nsuspects; i++) {
		free(d->suspects[i].func);
		free(d->suspects[i].pattern);
	}
	free(d->suspects);
	d->suspects = xcalloc(n + 1, sizeof *d->suspects);
	for (i = 0; i < n; i++) {
		d->suspects[i].func = xstrdup(s[i].func);
		d->suspects[i].pattern = xstrdup(s[i].pattern);
	}
	d->nsuspects = n;
}

int
tui_data_find_suspects(struct tui_data *d, char **cause)
{
	struct series_set *set;
	struct leaks_options lo;
	struct leaks *l;
	struct tui_suspect *sus;
	size_t i, k;

	if (d->nsnaps < 3)
		return 0;
	set = xcalloc(1, sizeof *set);
	for (i = 0; i < d->nsnaps; i++)
		series_add(set, d->snaps[i].prof, d->snaps[i].name, 0, i);
	series_order(set);
	memset(&lo, 0, sizeof lo);
	l = leaks_find(set, &lo, cause);
	/* The profiles stay the data's. */
	for (i = 0; i < set->ngroups; i++)
		for (k = 0; k < set->groups[i].n; k++)
			set->groups[i].snaps[k].prof = NULL;
	series_set_free(set);
	if (l == NULL)
		return -1;
	sus = xcalloc(l->n + 1, sizeof *sus);
	for (i = 0; i < l->n; i++) {
		sus[i].func = l->suspects[i].function;
		sus[i].pattern = (char *)leak_pattern_info(
		    l->suspects[i].pattern)->id;
	}
	tui_data_set_suspects(d, sus, l->n);
	free(sus);
	k = l->n;
	leaks_free(l);
	return (int)k;
}

/* Mark the sites of the suspects: every site of a suspect's function (the
 * function, its lines or its stacks) takes its pattern and rank. */
static void
mark_suspects(struct tui_data *d)
{
	size_t i, k;

	for (k = 0; k < d->nsuspects; k++)
		for (i = 0; i < d->nsites; i++) {
			struct tui_site *s = &d->sites[i];

			if (s->suspect_rank != 0 ||
			    strcmp(s->func, d->suspects[k].func) != 0)
				continue;
			s->pattern = d->suspects[k].pattern;
			s->suspect_rank = (int)k + 1;
		}
}

int
tui_data_sample_index(const struct tui_data *d, const char *name,
    char **cause)
{
	if (d->nsnaps == 0) {
		*cause = xstrdup("no snapshots");
		return -1;
	}
	return profile_sample_index(d->snaps[0].prof, name ? name : "", cause);
}

const char *
tui_data_unit(const struct tui_data *d)
{
	if (d->sample_index < 0 || (uint32_t)d->sample_index >= d->ntypes)
		return "";
	return d->type_units[d->sample_index];
}

char *
tui_data_value(const struct tui_data *d, int64_t v, bool sign, char *buf,
    size_t len)
{
	char tmp[64];

	units_label(tmp, sizeof tmp, v, tui_data_unit(d), "minimum");
	snprintf(buf, len, "%s%s", sign && v > 0 ? "+" : "", tmp);
	return buf;
}

/* The printable name of a function (its system name when it has no
 * other, as pprof's symbolizer does). */
static const char *
func_name(const struct profile *p, uint32_t f)
{
	const struct prof_function *fn = &p->functions[f];

	return profile_str(p, fn->name ? fn->name : fn->system_name);
}

/* A hash map from 64-bit keys to indices. */
struct idmap {
	uint64_t *keys;
	uint32_t *vals;		/* index + 1; 0 = empty slot */
	size_t nslots, n;
};

static void
idmap_done(struct idmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

/* The slot of key: where it is or where it goes. */
static size_t
idmap_slot(const struct idmap *m, uint64_t key)
{
	size_t mask = m->nslots - 1, j;

	for (j = hash_u64(0, key) & mask; m->vals[j] != 0 &&
	    m->keys[j] != key; j = (j + 1) & mask)
		;
	return j;
}

/* The index stored for key, or -1. */
static int64_t
idmap_get(struct idmap *m, uint64_t key)
{
	size_t j;

	if (m->nslots == 0)
		return -1;
	j = idmap_slot(m, key);
	return m->vals[j] != 0 ? (int64_t)m->vals[j] - 1 : -1;
}

/* Make room for n keys without rehashing. */
static void
idmap_reserve(struct idmap *m, size_t n)
{
	size_t slots = 1024;

	if (m->n != 0)
		return;
	while (slots < 2 * n + 2)
		slots *= 2;
	if (slots <= m->nslots)
		return;
	free(m->keys);
	free(m->vals);
	m->nslots = slots;
	m->keys = xcalloc(slots, sizeof *m->keys);
	m->vals = xcalloc(slots, sizeof *m->vals);
}

static void
idmap_put(struct idmap *m, uint64_t key, uint32_t val)
{
	size_t j;

	if ((m->n + 1) * 2 > m->nslots) {
		struct idmap old = *m;
		size_t i;

		m->nslots = old.nslots ? old.nslots * 2 : 1024;
		m->keys = xcalloc(m->nslots, sizeof *m->keys);
		m->vals = xcalloc(m->nslots, sizeof *m->vals);
		m->n = 0;
		for (i = 0; i < old.nslots; i++)
			if (old.vals[i] != 0)
				idmap_put(m, old.keys[i], old.vals[i] - 1);
		idmap_done(&old);
	}
	j = idmap_slot(m, key);
	if (m->vals[j] == 0)
		m->n++;
	m->keys[j] = key;
	m->vals[j] = val + 1;
}

/* One frame of a stack: a function (PROF_NONE for an unsymbolized
 * location) and a line. */
struct frame {
	uint32_t func;
	int64_t line;
	uint64_t address;
	strid name;		/* in a namer's pool */
};

/* Function names of several profiles as ids of one pool, so frames of
 * different snapshots compare as numbers. */
struct namer {
	struct strpool *pool;
	const struct profile *p;	/* the profile fmap is for */
	strid *fmap;			/* function -> name id */
};

static void
namer_init(struct namer *nm)
{
	memset(nm, 0, sizeof nm[0]);
	nm->pool = strpool_new();
}

static void
namer_done(struct namer *nm)
{
	strpool_free(nm->pool);
	free(nm->fmap);
}

/* Map p's functions to name ids (once per profile). */
static void
namer_use(struct namer *nm, const struct profile *p)
{
	uint32_t f;

	if (nm->p == p)
		return;
	free(nm->fmap);
	nm->p = p;
	nm->fmap = xcalloc(p->nfunctions + 1, sizeof *nm->fmap);
	for (f = 0; f < p->nfunctions; f++) {
		const char *name = func_name(p, f);

		nm->fmap[f] = strpool_intern(nm->pool, name, strlen(name));
	}
}

/*
 * Expand stack s of the namer's profile into frames, leaf first, inlined
 * frames included; returns how many.  *fs grows as needed.
 */
static size_t
stack_frames(struct namer *nm, uint32_t s, struct frame **fs, size_t *cap)
{
	const struct profile *p = nm->p;
	const uint32_t *locs = profile_stack(p, s);
	uint32_t depth = profile_stack_depth(p, s), i, k;
	size_t n = 0;

	for (i = 0; i < depth; i++) {
		const struct prof_location *l = &p->locations[locs[i]];
		uint32_t nl = l->nlines ? l->nlines : 1;

		ARRAY_RESERVE(*fs, n + nl, *cap);
		if (l->nlines == 0) {
			char addr[32];

			snprintf(addr, sizeof addr, "%016llx",
			    (unsigned long long)l->address);
			(*fs)[n].func = PROF_NONE;
			(*fs)[n].line = 0;
			(*fs)[n].name = strpool_intern(nm->pool, addr,
			    strlen(addr));
			(*fs)[n++].address = l->address;
			continue;
		}
		for (k = 0; k < l->nlines; k++) {
			const struct prof_line *ln = &p->lines[l->first_line + k];

			(*fs)[n].func = ln->function;
			(*fs)[n].line = ln->line;
			(*fs)[n].name = nm->fmap[ln->function];
			(*fs)[n++].address = l->address;
		}
	}
	return n;
}

/* A 64-bit key for a stack's function sequence. */
static uint64_t
stack_key(const struct frame *fs, size_t n)
{
	uint64_t h = n;
	size_t i;

	for (i = 0; i < n; i++)
		h = hash_u64(h, fs[i].name);
	return h;
}

/* Stack names are cut here: the screen shows less. */
#define STACK_NAME_MAX 400

/* The name of a stack: its functions leaf first, joined by " < ". */
static char *
stack_name(const struct namer *nm, const struct frame *fs, size_t n)
{
	char *out = xmalloc(STACK_NAME_MAX + 4);
	size_t len = 0, i;

	for (i = 0; i < n && len + 3 < STACK_NAME_MAX; i++) {
		const char *name = strpool_get(nm->pool, fs[i].name);
		size_t l = strlen(name);

		if (i > 0) {
			memcpy(out + len, " < ", 3);
			len += 3;
		}
		if (len + l > STACK_NAME_MAX)
			l = STACK_NAME_MAX - len;
		memcpy(out + len, name, l);
		len += l;
	}
	out[len] = '\0';
	return out;
}

/* Sites under construction, keyed by a 64-bit key. */
struct site_set {
	struct idmap index;
	struct tui_site *sites;
	size_t nsites, cap;
	size_t nsnaps;
};

/* The site with key, or NULL. */
static struct tui_site *
site_find(struct site_set *ss, uint64_t key)
{
	int64_t i = idmap_get(&ss->index, key);

	return i >= 0 ? &ss->sites[i] : NULL;
}

/* Add a site with key. */
static struct tui_site *
site_new(struct site_set *ss, uint64_t key, const char *name,
    const char *func, int64_t line)
{
	struct tui_site *s;

	ARRAY_GROW(ss->sites, ss->nsites, ss->cap);
	s = &ss->sites[ss->nsites];
	memset(s, 0, sizeof *s);
	s->name = xstrdup(name);
	s->func = xstrdup(func);
	s->line = line;
	s->flat = xcalloc(ss->nsnaps, sizeof *s->flat);
	s->cum = xcalloc(ss->nsnaps, sizeof *s->cum);
	idmap_put(&ss->index, key, (uint32_t)ss->nsites++);
	return s;
}

/* Function and line sites of snapshot i, from pprof's untrimmed graph;
 * keyed by their names in the namer's pool. */
static void
graph_sites(struct site_set *ss, struct namer *nm, const struct profile *p,
    size_t i, int sample_index, enum tui_gran gran)
{
	struct graph_options o;
	struct report *r;
	uint32_t n;

	graph_options_init(&o);
	o.sample_index = sample_index;
	o.granularity = gran == TUI_GRAN_LINES ? GRAN_LINES : GRAN_FUNCTIONS;
	o.nodefraction = 0;
	o.edgefraction = 0;
	r = report_new(p, &o);
	for (n = 0; n < r->graph->nnodes; n++) {
		const struct graph_node *gn = &r->graph->nodes[n];
		const struct node_info *ni = &r->graph->infos[gn->info];
		const char *fn = ni->name ? profile_str(p, ni->name) : gn->name;
		uint64_t key = strpool_intern(nm->pool, gn->name,
		    strlen(gn->name));
		struct tui_site *s = site_find(ss, key);

		if (s == NULL)
			s = site_new(ss, key, gn->name, fn, ni->lineno);
		s->flat[i] += gn->flat;
		s->cum[i] += gn->cum;
	}
	report_free(r);
}

/*
 * Stacks of every snapshot by their function sequence, before they become
 * sites: a value per snapshot and where each was first seen (to name it),
 * without a name or an allocation per stack, as big profiles have a
 * million of them.
 */
struct stack_set {
	struct idmap index;
	int64_t *vals;		/* n rows of nsnaps values */
	uint64_t *origin;	/* snapshot << 32 | stack */
	size_t n, cap, nsnaps;
};

/* Stacks between progress calls. */
#define STACKS_PER_PROGRESS 65536

/*
 * Add the stacks of snapshot i with a value to the set, calling progress
 * (done counting from done0) every STACKS_PER_PROGRESS stacks; -1 if it
 * cancels.
 */
static int
stack_sites(struct stack_set *st, struct namer *nm, const struct profile *p,
    const int64_t *stack_w, size_t i, tui_progress_cb progress, void *arg,
    size_t done0, size_t total, const char *label)
{
	struct frame *fs = NULL;
	size_t cap = 0;
	uint32_t s;

	namer_use(nm, p);
	for (s = 0; s < p->nstacks; s++) {
		int64_t at;
		uint64_t key;
		size_t n;

		if (s % STACKS_PER_PROGRESS == 0 && s > 0 && progress != NULL &&
		    progress(arg, done0 + s, total, label) != 0) {
			free(fs);
			return -1;
		}
		if (stack_w[s] == 0)
			continue;
		n = stack_frames(nm, s, &fs, &cap);
		key = stack_key(fs, n);
		if ((at = idmap_get(&st->index, key)) < 0) {
			size_t old = st->cap;

			ARRAY_GROW(st->origin, st->n, st->cap);
			if (st->cap != old) {
				st->vals = xreallocarray(st->vals, st->cap,
				    st->nsnaps * sizeof *st->vals);
				memset(st->vals + old * st->nsnaps, 0,
				    (st->cap - old) * st->nsnaps *
				    sizeof *st->vals);
			}
			at = (int64_t)st->n;
			st->origin[st->n++] = (uint64_t)i << 32 | s;
			idmap_put(&st->index, key, (uint32_t)at);
		}
		st->vals[(size_t)at * st->nsnaps + i] += stack_w[s];
	}
	free(fs);
	return 0;
}

static void
stack_set_done(struct stack_set *st)
{
	idmap_done(&st->index);
	free(st->vals);
	free(st->origin);
}

/* How far a stack's values range over the series (qsort's context). */
static const struct stack_set *rank_set;

/* Stacks by the range of their values, then their largest, largest
 * first. */
static int
stack_rank_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b, k;
	const int64_t *vx = rank_set->vals + x * rank_set->nsnaps;
	const int64_t *vy = rank_set->vals + y * rank_set->nsnaps;
	int64_t lx = vx[0], hx = vx[0], ly = vy[0], hy = vy[0];

	for (k = 1; k < rank_set->nsnaps; k++) {
		lx = vx[k] < lx ? vx[k] : lx;
		hx = vx[k] > hx ? vx[k] : hx;
		ly = vy[k] < ly ? vy[k] : ly;
		hy = vy[k] > hy ? vy[k] : hy;
	}
	if (hx - lx != hy - ly)
		return hx - lx > hy - ly ? -1 : 1;
	if (hx != hy)
		return hx > hy ? -1 : 1;
	return (x > y) - (x < y);
}

/*
 * Make sites of the stacks: all of them, or when there are more than max,
 * the max that change most over the series (then the largest) and one
 * site summing the others, so that sites still sum to the totals.
 */
static void
stack_set_sites(struct stack_set *st, struct site_set *ss,
    const struct tui_data *d, struct namer *nm, size_t max)
{
	size_t *order = xcalloc(st->n + 1, sizeof *order), keep, i, k;
	struct frame *fs = NULL;
	size_t cap = 0;

	for (i = 0; i < st->n; i++)
		order[i] = i;
	keep = st->n;
	if (st->n > max) {
		rank_set = st;
		qsort(order, st->n, sizeof *order, stack_rank_cmp);
		keep = max;
	}
	for (i = 0; i < keep; i++) {
		size_t at = order[i], n;
		uint64_t o = st->origin[at];
		struct tui_site *site;
		char *name;

		namer_use(nm, d->snaps[o >> 32].prof);
		n = stack_frames(nm, (uint32_t)o, &fs, &cap);
		name = stack_name(nm, fs, n);
		site = site_new(ss, (uint64_t)at, name, n > 0 ?
		    strpool_get(nm->pool, fs[0].name) : "", 0);
		free(name);
		memcpy(site->flat, st->vals + at * st->nsnaps, st->nsnaps *
		    sizeof *site->flat);
		memcpy(site->cum, site->flat, st->nsnaps * sizeof *site->cum);
	}
	if (keep < st->n) {
		char *name = xasprintf("(%zu other stacks)", st->n - keep);
		struct tui_site *site = site_new(ss, UINT64_MAX, name, name, 0);

		free(name);
		for (i = keep; i < st->n; i++)
			for (k = 0; k < st->nsnaps; k++)
				site->flat[k] += st->vals[order[i] *
				    st->nsnaps + k];
		memcpy(site->cum, site->flat, st->nsnaps * sizeof *site->cum);
	}
	free(fs);
	free(order);
}

/* Least-squares slope of vs over their indices. */
static double
slope(const int64_t *vs, size_t n)
{
	double mx = (double)(n - 1) / 2, my = 0, sxy = 0, sxx = 0;
	size_t i;

	if (n < 2)
		return 0;
	for (i = 0; i < n; i++)
		my += (double)vs[i];
	my /= (double)n;
	for (i = 0; i < n; i++) {
		sxy += ((double)i - mx) * ((double)vs[i] - my);
		sxx += ((double)i - mx) * ((double)i - mx);
	}
	return sxy / sxx;
}

int
tui_data_compute(struct tui_data *d, int sample_index, enum tui_gran gran,
    tui_progress_cb progress, void *arg)
{
	struct site_set ss;
	struct stack_set st;
	struct namer nm;
	int64_t **stack_w = xcalloc(d->nsnaps + 1, sizeof *stack_w);
	int64_t *totals = xcalloc(d->nsnaps + 1, sizeof *totals);
	size_t i, j, done = 0, total = 0;

	memset(&ss, 0, sizeof ss);
	memset(&st, 0, sizeof st);
	ss.nsnaps = st.nsnaps = d->nsnaps;
	namer_init(&nm);
	/* Progress counts stacks, so big snapshots report inside. */
	for (i = 0; i < d->nsnaps; i++)
		total += d->snaps[i].prof->nstacks;
	for (i = 0; i < d->nsnaps; i++) {
		struct tui_snapshot *snap = &d->snaps[i];
		const struct profile *p = snap->prof;
		size_t k;

		if (progress != NULL && progress(arg, done, total,
		    snap->name) != 0)
			goto cancelled;
		stack_w[i] = xcalloc(p->nstacks + 1, sizeof *stack_w[i]);
		for (k = 0; k < p->nsamples; k++)
			stack_w[i][p->sample_stack[k]] +=
			    p->values[k * p->ntypes + (size_t)sample_index];
		totals[i] = report_total(p, sample_index);
		if (gran == TUI_GRAN_STACKS) {
			if (stack_sites(&st, &nm, p, stack_w[i], i, progress,
			    arg, done, total, snap->name) != 0)
				goto cancelled;
		} else
			graph_sites(&ss, &nm, p, i, sample_index, gran);
		done += p->nstacks;
	}
	if (gran == TUI_GRAN_STACKS)
		stack_set_sites(&st, &ss, d, &nm, d->max_stack_sites ?
		    d->max_stack_sites : TUI_MAX_STACK_SITES);
	if (progress != NULL)
		progress(arg, total, total, "");

	for (i = 0; i < d->nsnaps; i++) {
		free(d->snaps[i].stack_w);
		d->snaps[i].stack_w = stack_w[i];
		d->snaps[i].total = totals[i];
	}
	for (j = 0; j < ss.nsites; j++)
	{
		ss.sites[j].rate = slope(ss.sites[j].flat, d->nsnaps);
		ss.sites[j].rate_cum = slope(ss.sites[j].cum, d->nsnaps);
	}
	sites_free(d->sites, d->nsites);
	d->sites = ss.sites;
	d->nsites = ss.nsites;
	d->sample_index = sample_index;
	d->gran = gran;
	mark_suspects(d);
	idmap_done(&ss.index);
	stack_set_done(&st);
	namer_done(&nm);
	free(stack_w);
	free(totals);
	return 0;

cancelled:
	for (i = 0; i < d->nsnaps; i++)
		free(stack_w[i]);
	free(stack_w);
	free(totals);
	sites_free(ss.sites, ss.nsites);
	idmap_done(&ss.index);
	stack_set_done(&st);
	namer_done(&nm);
	return -1;
}

/* Rows of one detail section under construction, keyed by 64 bits. */
struct rowset {
	struct idmap index;
	struct tui_detail_row *rows;
	uint32_t *stamp;	/* last stack that added to the row */
	uint64_t *origin;	/* traces: (side << 32 | stack) first seen */
	size_t nrows, cap;
	bool nameless;		/* rows are never named (traces, lines) */
};

/* Make room for n rows (and their keys) at once: growing arrays of
 * millions of rows would copy them in one slice of work. */
static void
rowset_reserve(struct rowset *rs, size_t n)
{
	idmap_reserve(&rs->index, n);
	if (n <= rs->cap)
		return;
	rs->cap = n;
	rs->rows = xreallocarray(rs->rows, n, sizeof *rs->rows);
	rs->stamp = xreallocarray(rs->stamp, n, sizeof *rs->stamp);
	rs->origin = xreallocarray(rs->origin, n, sizeof *rs->origin);
}

/* The row with key (named name, under parent), created if new. */
static size_t
row_get(struct rowset *rs, uint64_t key, const char *name, int parent)
{
	int64_t i = idmap_get(&rs->index, key);
	struct tui_detail_row *r;
	size_t cap = rs->cap;

	if (i >= 0)
		return (size_t)i;
	ARRAY_GROW(rs->rows, rs->nrows, rs->cap);
	if (cap != rs->cap) {
		rs->stamp = xreallocarray(rs->stamp, rs->cap,
		    sizeof *rs->stamp);
		rs->origin = xreallocarray(rs->origin, rs->cap,
		    sizeof *rs->origin);
	}
	r = &rs->rows[rs->nrows];
	memset(r, 0, sizeof *r);
	r->name = name != NULL ? xstrdup(name) : NULL;
	r->parent = parent;
	rs->stamp[rs->nrows] = 0;
	rs->origin[rs->nrows] = UINT64_MAX;
	idmap_put(&rs->index, key, (uint32_t)rs->nrows);
	return rs->nrows++;
}

/* Add w to the base (side 0) or target (side 1) flat value of a row. */
static void
row_add_flat(struct rowset *rs, size_t row, int side, int64_t w)
{
	rs->rows[row].has_flat = true;
	if (side == 0)
		rs->rows[row].flat_base += w;
	else
		rs->rows[row].flat_target += w;
}

/* Add w to the base (side 0) or target (side 1) value of a row, once per
 * stack (stamp; 0 = always). */
static void
row_add(struct rowset *rs, size_t row, int side, int64_t w, uint32_t stamp)
{
	if (stamp != 0 && rs->stamp[row] == stamp)
		return;
	rs->stamp[row] = stamp;
	if (side == 0)
		rs->rows[row].base += w;
	else
		rs->rows[row].target += w;
}

static void
rowset_done(struct rowset *rs, bool keep_rows)
{
	size_t i;

	if (!keep_rows) {
		for (i = 0; i < rs->nrows && !rs->nameless; i++)
			free(rs->rows[i].name);
		free(rs->rows);
	}
	idmap_done(&rs->index);
	free(rs->stamp);
	free(rs->origin);
}

static int64_t
abs64(int64_t v)
{
	return v < 0 ? -v : v;
}

/* Rows by largest change first, then largest target. */
static int
change_cmp(const struct tui_detail_row *x, const struct tui_detail_row *y)
{
	int64_t dx = abs64(x->target - x->base), dy = abs64(y->target - y->base);

	if (dx != dy)
		return dx > dy ? -1 : 1;
	if (x->target != y->target)
		return x->target > y->target ? -1 : 1;
	return 0;
}

/* Trace row indices by change (qsort's context is the rows). */
static const struct tui_detail_row *trace_rows;

static int
trace_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = change_cmp(&trace_rows[x], &trace_rows[y]);

	return c != 0 ? c : (x > y) - (x < y);
}

/* Where the source of file is: under -source_path as list finds it, else
 * as named, beside the profiles (also under their src/), or in the Go
 * tree.  NULL if nowhere. */
static char *
source_find(const struct tui_data *d, const char *file)
{
	const char *goroot = getenv("GOROOT");
	char *cands[5];
	size_t i, n = 0;
	char *found = NULL;

	if (*file == '\0')
		return NULL;
	if (d->source_path != NULL || d->trim_path != NULL) {
		struct source_reader *sr = source_reader_new(d->source_path,
		    d->trim_path);
		const struct source_file *sf = source_get(sr, file);

		if (sf != NULL && sf->path != NULL)
			found = xstrdup(sf->path);
		source_reader_free(sr);
		if (found != NULL)
			return found;
	}
	cands[n++] = xstrdup(file);
	if (file[0] != '/') {
		cands[n++] = xasprintf("%s/%s", d->source_dir, file);
		cands[n++] = xasprintf("%s/src/%s", d->source_dir, file);
		if (goroot != NULL)
			cands[n++] = xasprintf("%s/src/%s", goroot, file);
		cands[n++] = xasprintf("/usr/lib/go/src/%s", file);
	}
	for (i = 0; i < n; i++) {
		FILE *f = found == NULL ? fopen(cands[i], "r") : NULL;

		if (f != NULL) {
			fclose(f);
			found = cands[i];
		} else
			free(cands[i]);
	}
	return found;
}

/* Source lines shown at most. */
#define SOURCE_MAX_LINES 400

/* Fill the source section: the function's lines from the file (if found)
 * from its first line to the last with a value, with per-line values from
 * lines (rows keyed by line number). */
static void
source_rows(struct tui_detail *dt, struct rowset *lines, int64_t start_line)
{
	struct rowset out;
	int64_t lo = INT64_MAX, hi = 0, n = 0;
	char *text = NULL;
	size_t cap = 0, i;
	FILE *f = NULL;

	memset(&out, 0, sizeof out);
	for (i = 0; i < lines->nrows; i++) {
		if (lines->rows[i].line < lo)
			lo = lines->rows[i].line;
		if (lines->rows[i].line > hi)
			hi = lines->rows[i].line;
	}
	if (start_line > 0 && start_line < lo && lo - start_line < 200)
		lo = start_line;
	else if (lo > 1 && lo != INT64_MAX)
		lo--;
	if (hi - lo > SOURCE_MAX_LINES)
		lo = hi - SOURCE_MAX_LINES;
	if (dt->source_file != NULL)
		f = fopen(dt->source_file, "r");
	while (f != NULL && getline(&text, &cap, f) != -1) {
		size_t r, k;
		char *shown;

		if (++n < lo)
			continue;
		if (n > hi + 1)
			break;
		text[strcspn(text, "\n")] = '\0';
		/* Tabs become four spaces: cells are one column each. */
		shown = xcalloc(strlen(text) * 4 + 1, 1);
		for (k = 0, r = 0; text[k] != '\0'; k++) {
			if (text[k] == '\t') {
				memcpy(shown + r, "    ", 4);
				r += 4;
			} else
				shown[r++] = text[k];
		}
		r = row_get(&out, (uint64_t)n, shown, -1);
		out.rows[r].line = n;
		free(shown);
	}
	if (f != NULL)
		fclose(f);
	free(text);
	for (i = 0; i < lines->nrows; i++) {
		const struct tui_detail_row *l = &lines->rows[i];
		size_t r;

		if (l->line < lo)
			continue;
		r = row_get(&out, (uint64_t)l->line, "", -1);
		out.rows[r].line = l->line;
		out.rows[r].base = l->base;
		out.rows[r].target = l->target;
		out.rows[r].flat_base = l->flat_base;
		out.rows[r].flat_target = l->flat_target;
	}
	for (i = 0; i < out.nrows; i++)
		out.rows[i].has_flat = true;
	dt->rows[TUI_DETAIL_SOURCE] = out.rows;
	dt->nrows[TUI_DETAIL_SOURCE] = out.nrows;
	rowset_done(&out, true);
}

/* Source lines by number. */
static int
line_cmp(const void *a, const void *b)
{
	const struct tui_detail_row *x = a, *y = b;

	return (x->line > y->line) - (x->line < y->line);
}

/* Milliseconds on a monotonic clock. */
static double
clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The TUI_DETAIL_MAX_TRACES largest changes among the traces so far,
 * largest first, kept while looking at the rows one at a time. */
struct top_traces {
	size_t top[TUI_DETAIL_MAX_TRACES];
	size_t n;
	size_t next;		/* next row to look at */
};

/* Look at trace rows until the clock passes until (checked now and
 * then); true when all are looked at. */
static bool
top_traces_step(struct top_traces *tt, const struct rowset *rs,
    double until)
{
	size_t k;

	trace_rows = rs->rows;
	for (; tt->next < rs->nrows; tt->next++) {
		size_t i = tt->next;

		if ((i & 4095) == 0 && clock_ms() > until)
			return false;
		if (tt->n == TUI_DETAIL_MAX_TRACES &&
		    trace_cmp(&i, &tt->top[tt->n - 1]) >= 0)
			continue;
		if (tt->n < TUI_DETAIL_MAX_TRACES)
			tt->n++;
		for (k = tt->n - 1; k > 0 && trace_cmp(&i, &tt->top[k - 1]) < 0;
		    k--)
			tt->top[k] = tt->top[k - 1];
		tt->top[k] = i;
	}
	return true;
}

/* Make the kept traces the detail's, named from the stacks they came
 * from. */
static void
keep_traces(struct tui_detail *dt, const struct top_traces *tt,
    const struct rowset *rs, const struct tui_data *d, struct namer *nm)
{
	struct tui_detail_row *rows = xcalloc(tt->n + 1, sizeof *rows);
	struct frame *fs = NULL;
	size_t cap = 0, i;

	for (i = 0; i < tt->n; i++) {
		uint64_t o = rs->origin[tt->top[i]];
		size_t side = (size_t)(o >> 32), nf;

		rows[i] = rs->rows[tt->top[i]];
		rows[i].parent = -1;
		namer_use(nm, d->snaps[side == 0 ? dt->base : dt->target].prof);
		nf = stack_frames(nm, (uint32_t)o, &fs, &cap);
		rows[i].name = stack_name(nm, fs, nf);
	}
	free(fs);
	dt->ntraces_all = rs->nrows;
	dt->rows[TUI_DETAIL_TRACES] = rows;
	dt->nrows[TUI_DETAIL_TRACES] = tt->n;
}

/* The state of the detail's walk over the base and target stacks. */
struct walk {
	const struct tui_site *site;
	struct namer *nm;
	struct rowset sets[TUI_DETAIL_NSECTIONS];
	struct rowset lines;
	uint32_t stamp;
	char *file;
	int64_t start_line;
	bool tree_full;
};

/* Add stack s (frames fs[0..n), weight w) of side (0 base, 1 target) to
 * the detail of the function named want. */
static void
walk_stack(struct walk *wk, int side, uint32_t s, const struct frame *fs,
    size_t n, int64_t w, strid want)
{
	const struct profile *p = wk->nm->p;
	struct rowset *sets = wk->sets;
	size_t j, outer = SIZE_MAX, node;
	bool any = false;

	wk->stamp++;
	for (j = 0; j < n; j++) {
		if (fs[j].name != want || fs[j].func == PROF_NONE)
			continue;
		if (wk->file == NULL) {
			const struct prof_function *fn =
			    &p->functions[fs[j].func];

			wk->file = xstrdup(profile_str(p, fn->filename));
			wk->start_line = fn->start_line;
		}
		node = row_get(&wk->lines, (uint64_t)fs[j].line, NULL, -1);
		wk->lines.rows[node].line = fs[j].line;
		row_add(&wk->lines, node, side, w, wk->stamp);
		/* Flat: the line is the stack's leaf frame. */
		if (j == 0)
			row_add_flat(&wk->lines, node, side, w);
		if (wk->site->line != 0 && fs[j].line != wk->site->line)
			continue;
		any = true;
		outer = j;
		if (j + 1 < n) {
			node = row_get(&sets[TUI_DETAIL_CALLERS],
			    fs[j + 1].name, strpool_get(wk->nm->pool,
			    fs[j + 1].name), -1);
			row_add(&sets[TUI_DETAIL_CALLERS], node, side, w,
			    wk->stamp);
		}
		if (j > 0) {
			node = row_get(&sets[TUI_DETAIL_CALLEES],
			    fs[j - 1].name, strpool_get(wk->nm->pool,
			    fs[j - 1].name), -1);
			row_add(&sets[TUI_DETAIL_CALLEES], node, side, w,
			    wk->stamp);
		}
	}
	if (!any)
		return;
	/* The call tree: from the outermost call of the site down to the
	 * leaf; row 0 is the site.  Past TUI_DETAIL_MAX_TREE rows a path
	 * stops at the deepest row it has. */
	node = 0;
	row_add(&sets[TUI_DETAIL_TREE], 0, side, w, 0);
	sets[TUI_DETAIL_TREE].rows[0].has_flat = true;
	for (j = outer; j-- > 0;) {
		uint64_t key = (uint64_t)node << 32 | fs[j].name;
		int64_t next = idmap_get(&sets[TUI_DETAIL_TREE].index, key);

		if (next < 0) {
			if (sets[TUI_DETAIL_TREE].nrows >= TUI_DETAIL_MAX_TREE) {
				wk->tree_full = true;
				break;
			}
			next = (int64_t)row_get(&sets[TUI_DETAIL_TREE], key,
			    strpool_get(wk->nm->pool, fs[j].name), (int)node);
		}
		node = (size_t)next;
		row_add(&sets[TUI_DETAIL_TREE], node, side, w, 0);
		sets[TUI_DETAIL_TREE].rows[node].has_flat = true;
	}
	/* The path's last row is the leaf: flat there (unless the tree
	 * was full and the path stopped short). */
	if (j == SIZE_MAX)
		row_add_flat(&sets[TUI_DETAIL_TREE], node, side, w);
	node = row_get(&sets[TUI_DETAIL_TRACES], stack_key(fs, n), NULL, -1);
	if (sets[TUI_DETAIL_TRACES].origin[node] == UINT64_MAX)
		sets[TUI_DETAIL_TRACES].origin[node] = (uint64_t)side << 32 | s;
	row_add(&sets[TUI_DETAIL_TRACES], node, side, w, 0);
}

/* Whether stack s of the namer's profile has a frame named want (looked
 * at before expanding: most stacks do not). */
static bool
stack_has(const struct namer *nm, uint32_t s, strid want)
{
	const struct profile *p = nm->p;
	const uint32_t *locs = profile_stack(p, s);
	uint32_t depth = profile_stack_depth(p, s), k, i;

	for (k = 0; k < depth; k++) {
		const struct prof_location *l = &p->locations[locs[k]];

		for (i = 0; i < l->nlines; i++)
			if (nm->fmap[p->lines[l->first_line + i].function] ==
			    want)
				return true;
	}
	return false;
}

/* A detail being computed, a slice of stacks at a time. */
struct tui_detail_job {
	const struct tui_data *d;
	struct tui_detail *dt;
	struct namer nm;
	struct walk wk;
	struct frame *fs;
	size_t cap;
	int side;		/* 0 base, 1 target, 2 picking traces, 3 and
				   4 retainers of target and base, 5 done */
	struct retained *own[2];	/* retention computed for the job (the
				   data had none), target and base */
	uint32_t next;		/* next stack of the side */
	struct top_traces traces;
	strid want;
	size_t done, total;	/* stacks */
};

/* Start walking side's snapshot (or finish when past the target). */
static void
job_side(struct tui_detail_job *job, int side)
{
	const struct tui_snapshot *snap;

	job->side = side;
	job->next = 0;
	if (side >= 2)
		return;
	snap = &job->d->snaps[side == 0 ? job->dt->base : job->dt->target];
	namer_use(&job->nm, snap->prof);
	job->want = strpool_intern(job->nm.pool, job->wk.site->func,
	    strlen(job->wk.site->func));
}

struct tui_detail_job *
tui_detail_start(const struct tui_data *d, const struct tui_site *site,
    size_t base, size_t target)
{
	struct tui_detail_job *job = xcalloc(1, sizeof *job);
	struct tui_detail *dt = xcalloc(1, sizeof *dt);

	dt->site = site;
	dt->base = base;
	dt->target = target;
	job->d = d;
	job->dt = dt;
	namer_init(&job->nm);
	job->wk.site = site;
	job->wk.nm = &job->nm;
	/* The tree's root is the site itself. */
	row_get(&job->wk.sets[TUI_DETAIL_TREE], UINT64_MAX, site->func, -1);
	job->total = d->snaps[base].prof->nstacks +
	    d->snaps[target].prof->nstacks;
	/* Traces may be every stack: size them once rather than rehash
	 * and copy millions of rows in one slice. */
	rowset_reserve(&job->wk.sets[TUI_DETAIL_TRACES], job->total);
	job->wk.sets[TUI_DETAIL_TRACES].nameless = true;
	job->wk.lines.nameless = true;
	job_side(job, 0);
	return job;
}

/* A row of the retainers' tree under parent (-1: a root) named name;
 * returns its index.  Rows are keyed by their path of names. */
static size_t
retainer_row(struct rowset *rs, int parent, uint64_t parent_key,
    const char *name, uint64_t *key)
{
	size_t row;

	*key = hash_bytes(name, strlen(name), parent_key + 1);
	row = row_get(rs, *key, name, parent);
	return row;
}

/*
 * Add the chains keeping the site's objects alive in snapshot which
 * (0 target, 1 base) to the retainers' tree: a row per root (stack roots
 * by function, as retained -base compares them), under it a row per
 * dominator label; each row's value is the bytes the site's objects
 * retain through it (or the site's objects it holds, for an objects
 * sample type).
 */
static void
job_retainers(struct tui_detail_job *job, int which)
{
	const struct tui_data *d = job->d;
	struct tui_detail *dt = job->dt;
	size_t snap = which == 0 ? dt->target : dt->base, n, i;
	int side = which == 0 ? 1 : 0;
	const struct heapdump *hd = d->snaps[snap].prof->dump;
	const struct retained *r = d->snaps[snap].retained;
	struct rowset *rs = &job->wk.sets[TUI_DETAIL_RETAINERS];
	struct retained_chain *c;

	if (hd == NULL)
		return;
	dt->has_retainers = true;
	dt->retained_bytes = strcmp(tui_data_unit(d), "bytes") == 0;
	if (r == NULL)
		r = job->own[which] = retained_new(hd, d->syms);
	c = retained_site_chains(r, job->wk.site->func, &n);
	for (i = 0; i < n; i++) {
		const char *root = retained_compare_name(c[i].kind,
		    strpool_get(r->names, c[i].root));
		int64_t v = dt->retained_bytes ? (int64_t)c[i].bytes :
		    (int64_t)c[i].objects;
		char *name = xasprintf("%s (%s)%s", root,
		    retained_kind_name(c[i].kind), c[i].shared ?
		    " and other roots" : "");
		uint64_t key;
		size_t row = retainer_row(rs, -1, 0, name, &key);
		uint32_t k;

		free(name);
		row_add(rs, row, side, v, 0);
		for (k = 0; k < c[i].nlabels; k++) {
			const char *label = strpool_get(r->names,
			    c[i].labels[k]);

			name = k == 0 && c[i].cut ? xasprintf("\u2026 %s",
			    label) : xstrdup(label);
			row = retainer_row(rs, (int)row, key, name, &key);
			free(name);
			row_add(rs, row, side, v, 0);
		}
	}
	free(c);
}

bool
tui_detail_step(struct tui_detail_job *job, double budget_ms)
{
	double until = clock_ms() + budget_ms;
	unsigned n = 0;

	while (job->side < 2) {
		const struct tui_snapshot *snap = &job->d->snaps[job->side == 0 ?
		    job->dt->base : job->dt->target];
		uint32_t s = job->next;
		size_t nf;

		if (s >= snap->prof->nstacks) {
			job_side(job, job->side + 1);
			continue;
		}
		if ((++n & 31) == 0 && clock_ms() > until)
			return false;
		job->next++;
		job->done++;
		if (snap->stack_w == NULL || snap->stack_w[s] == 0 ||
		    !stack_has(&job->nm, s, job->want))
			continue;
		nf = stack_frames(&job->nm, s, &job->fs, &job->cap);
		walk_stack(&job->wk, job->side, s, job->fs, nf,
		    snap->stack_w[s], job->want);
	}
	if (job->side == 2) {
		if (!top_traces_step(&job->traces,
		    &job->wk.sets[TUI_DETAIL_TRACES], until))
			return false;
		job->side = 3;
	}
	/* Retainers: a slice for each dump (not cut finer: one walk of
	 * its dominator tree). */
	while (job->side < 5) {
		if (clock_ms() > until)
			return false;
		job_retainers(job, job->side - 3);
		job->side++;
	}
	return true;
}

void
tui_detail_progress(const struct tui_detail_job *job, size_t *done,
    size_t *total)
{
	*done = job->done;
	*total = job->total;
}

/* Free a job's walk state (not its detail). */
static void
job_free(struct tui_detail_job *job)
{
	size_t sec;

	for (sec = 0; sec < TUI_DETAIL_NSECTIONS; sec++)
		rowset_done(&job->wk.sets[sec], false);
	rowset_done(&job->wk.lines, false);
	free(job->wk.file);
	free(job->fs);
	namer_done(&job->nm);
	retained_free(job->own[0]);
	retained_free(job->own[1]);
	free(job);
}

void
tui_detail_cancel(struct tui_detail_job *job)
{
	if (job == NULL)
		return;
	tui_detail_free(job->dt);
	job_free(job);
}

struct tui_detail *
tui_detail_finish(struct tui_detail_job *job)
{
	struct tui_detail *dt = job->dt;
	struct walk *wk = &job->wk;
	size_t sec;

	tui_detail_step(job, 1e12);
	for (sec = 0; sec < TUI_DETAIL_NSECTIONS; sec++) {
		if (sec == TUI_DETAIL_SOURCE || sec == TUI_DETAIL_TRACES)
			continue;
		dt->rows[sec] = wk->sets[sec].rows;
		dt->nrows[sec] = wk->sets[sec].nrows;
		wk->sets[sec].rows = NULL;
		wk->sets[sec].nrows = 0;
	}
	dt->tree_truncated = wk->tree_full;
	keep_traces(dt, &job->traces, &wk->sets[TUI_DETAIL_TRACES], job->d,
	    &job->nm);
	dt->source_name = wk->file != NULL ? wk->file : xstrdup("");
	wk->file = NULL;
	dt->source_file = source_find(job->d, dt->source_name);
	source_rows(dt, &wk->lines, wk->start_line);
	qsort(dt->rows[TUI_DETAIL_SOURCE], dt->nrows[TUI_DETAIL_SOURCE],
	    sizeof *dt->rows[TUI_DETAIL_SOURCE], line_cmp);
	job_free(job);
	return dt;
}

struct tui_detail *
tui_detail_new(const struct tui_data *d, const struct tui_site *site,
    size_t base, size_t target)
{
	return tui_detail_finish(tui_detail_start(d, site, base, target));
}

void
tui_detail_free(struct tui_detail *dt)
{
	size_t sec, i;

	if (dt == NULL)
		return;
	for (sec = 0; sec < TUI_DETAIL_NSECTIONS; sec++) {
		for (i = 0; i < dt->nrows[sec]; i++)
			free(dt->rows[sec][i].name);
		free(dt->rows[sec]);
	}
	free(dt->source_file);
	free(dt->source_name);
	free(dt);
}
