/*
 * series.c - load snapshots, group them by program and kind, and order
 * each group in time (see series.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "load.h"
#include "series.h"
#include "store.h"
#include "xmalloc.h"

const char *
series_program_of(const struct profile *p)
{
	const char *file, *base;

	if (p->nmappings == 0)
		return "";
	file = profile_str(p, p->mappings[0].file);
	if (*file != '\0') {
		base = strrchr(file, '/');
		return base != NULL ? base + 1 : file;
	}
	return profile_str(p, p->mappings[0].build_id);
}

/* The group for program and kind, added if new. */
static struct series *
group_of(struct series_set *set, const char *program, const char *kind)
{
	struct series *g;
	size_t i;

	for (i = 0; i < set->ngroups; i++) {
		g = &set->groups[i];
		if (strcmp(g->program, program) == 0 &&
		    strcmp(g->kind, kind) == 0)
			return g;
	}
	set->groups = xreallocarray(set->groups, set->ngroups + 1,
	    sizeof *set->groups);
	g = &set->groups[set->ngroups++];
	memset(g, 0, sizeof *g);
	g->program = xstrdup(program);
	g->kind = xstrdup(kind);
	return g;
}

void
series_add(struct series_set *set, struct profile *prof, const char *name,
    int64_t mtime_ns, size_t order)
{
	struct series *g = group_of(set, series_program_of(prof),
	    store_kind_of(prof));
	struct series_snap *s;

	g->snaps = xreallocarray(g->snaps, g->n + 1, sizeof *g->snaps);
	s = &g->snaps[g->n++];
	s->prof = prof;
	s->name = xstrdup(name);
	s->order = order;
	if (prof->time_nanos != 0) {
		s->time_ns = prof->time_nanos;
		s->clock = SERIES_CLOCK_PROFILE;
	} else if (mtime_ns != 0) {
		s->time_ns = mtime_ns;
		s->clock = SERIES_CLOCK_MTIME;
	} else {
		s->time_ns = 0;
		s->clock = SERIES_CLOCK_ORDER;
	}
}

static enum series_clock order_clock;	/* qsort has no context argument */

/* Earlier first by the group's clock; the input order breaks ties. */
static int
snap_cmp(const void *a, const void *b)
{
	const struct series_snap *x = a, *y = b;

	if (order_clock != SERIES_CLOCK_ORDER && x->time_ns != y->time_ns)
		return x->time_ns < y->time_ns ? -1 : 1;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return 0;
}

void
series_order(struct series_set *set)
{
	size_t i, k;

	for (i = 0; i < set->ngroups; i++) {
		struct series *g = &set->groups[i];

		/* Times from different clocks do not compare: the group
		 * falls back to the weakest clock any snapshot has. */
		g->clock = SERIES_CLOCK_PROFILE;
		for (k = 0; k < g->n; k++)
			if (g->snaps[k].clock > g->clock)
				g->clock = g->snaps[k].clock;
		if (g->clock == SERIES_CLOCK_MTIME)
			for (k = 0; k < g->n; k++)
				if (g->snaps[k].clock == SERIES_CLOCK_PROFILE)
					g->snaps[k].clock = SERIES_CLOCK_MTIME;
		order_clock = g->clock;
		qsort(g->snaps, g->n, sizeof *g->snaps, snap_cmp);
	}
}

/* Every stored snapshot, in the store's order. */
static int
load_all_stored(const struct options *o, store *st,
    series_progress_fn progress, void *arg, struct series_set *set)
{
	struct snapshot_info *list;
	char *cause = NULL;
	size_t n, i;

	if (store_list(st, &list, &n, &cause) != 0) {
		cmd_error("%s: %s", o->db, cause);
		free(cause);
		return EXIT_STORE;
	}
	for (i = 0; i < n; i++) {
		struct profile *p = store_load(st, list[i].id, &cause);
		char name[32];

		if (p == NULL) {
			cmd_error("%s: @%lld: %s", o->db,
			    (long long)list[i].id, cause);
			free(cause);
			store_list_free(list, n);
			return EXIT_STORE;
		}
		snprintf(name, sizeof name, "@%lld", (long long)list[i].id);
		/* The store's time is the profile's, else the file's. */
		series_add(set, p, name, list[i].time_nanos, i);
		if (progress != NULL)
			progress(i + 1, n, arg);
	}
	store_list_free(list, n);
	return EXIT_OK;
}

/* A file's modification time in nanoseconds, 0 if unknown. */
static int64_t
file_mtime(const char *path)
{
	struct stat sb;

	if (path[0] == '@' || strcmp(path, "-") == 0 || stat(path, &sb) != 0)
		return 0;
	return (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
}

int
series_load(const struct options *o, char **args, size_t nargs,
    series_progress_fn progress, void *arg, struct series_set **out)
{
	struct series_set *set = xcalloc(1, sizeof *set);
	struct profile **ps;
	int64_t *ids;
	store *st;
	size_t i;
	int rc;

	*out = NULL;
	if (nargs == 0 && o->db == NULL) {
		cmd_error("no profile given (name a series of snapshots, or a "
		    "store with --db)");
		free(set);
		return EXIT_USAGE;
	}
	if ((rc = load_open_store(o, &st)) != EXIT_OK) {
		free(set);
		return rc;
	}
	if (nargs == 0) {
		rc = load_all_stored(o, st, progress, arg, set);
		store_close(st);
		if (rc != EXIT_OK) {
			series_set_free(set);
			return rc;
		}
		series_order(set);
		*out = set;
		return EXIT_OK;
	}
	ps = xcalloc(nargs, sizeof *ps);
	ids = xcalloc(nargs, sizeof *ids);
	rc = load_profiles(o, st, args, nargs, ps, ids, false);
	store_close(st);
	if (rc == EXIT_OK)
		for (i = 0; i < nargs; i++) {
			series_add(set, ps[i], args[i], file_mtime(args[i]), i);
			if (progress != NULL)
				progress(i + 1, nargs, arg);
		}
	free(ps);
	free(ids);
	if (rc != EXIT_OK) {
		series_set_free(set);
		return rc;
	}
	series_order(set);
	*out = set;
	return EXIT_OK;
}

void
series_set_free(struct series_set *set)
{
	size_t i, k;

	if (set == NULL)
		return;
	for (i = 0; i < set->ngroups; i++) {
		struct series *g = &set->groups[i];

		for (k = 0; k < g->n; k++) {
			profile_free(g->snaps[k].prof);
			free(g->snaps[k].name);
		}
		free(g->snaps);
		free(g->program);
		free(g->kind);
	}
	free(set->groups);
	free(set);
}

const struct series *
series_find(const struct series_set *set, const char *kind,
    const char *program)
{
	size_t i;

	for (i = 0; i < set->ngroups; i++) {
		const struct series *g = &set->groups[i];

		if (strcmp(g->kind, kind) == 0 &&
		    (program == NULL || strcmp(g->program, program) == 0))
			return g;
	}
	return NULL;
}

bool
series_positions(const struct series *s, double *x)
{
	bool timed = s->n > 0 && s->clock != SERIES_CLOCK_ORDER &&
	    s->snaps[s->n - 1].time_ns > s->snaps[0].time_ns;
	size_t k;

	for (k = 0; k < s->n; k++)
		x[k] = timed ? (double)(s->snaps[k].time_ns -
		    s->snaps[0].time_ns) / 60e9 : (double)k;
	return timed;
}
