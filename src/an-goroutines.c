/*
 * an-goroutines.c - group a heap dump's goroutines (see an-goroutines.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "an-goroutines.h"
#include "xmalloc.h"

/* Whether a function belongs to the program rather than Go's standard
 * library: package main, or an import path whose first element has a dot
 * ("example.com/x.F", "github.com/a/b.(*T).M"). */
static bool
is_program_function(const char *fn)
{
	const char *slash = strchr(fn, '/'), *dot = strchr(fn, '.');

	if (strncmp(fn, "main.", 5) == 0)
		return true;
	if (slash == NULL)
		return false;
	return dot != NULL && dot < slash;
}

strid
goroutine_function(const struct heapdump *d, const struct hd_goroutine *g)
{
	uint32_t i;

	if (g->nframes == 0)
		return 0;
	for (i = 0; i < g->nframes; i++) {
		strid f = d->frames[g->first_frame + i].function;

		if (is_program_function(heapdump_str(d, f)))
			return f;
	}
	for (i = 0; i < g->nframes; i++) {
		strid f = d->frames[g->first_frame + i].function;

		if (strncmp(heapdump_str(d, f), "runtime.", 8) != 0)
			return f;
	}
	return d->frames[g->first_frame].function;
}

/* The groups' order: largest count first, then by state, reason,
 * function. */
static const struct heapdump *sort_dump;

static int
cmp_group(const void *a, const void *b)
{
	const struct goroutine_group *x = a, *y = b;
	int c;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if (x->system != y->system)
		return x->system ? 1 : -1;
	if ((c = strcmp(x->state, y->state)) != 0)
		return c;
	if ((c = strcmp(heapdump_str(sort_dump, x->wait_reason),
	    heapdump_str(sort_dump, y->wait_reason))) != 0)
		return c;
	return strcmp(heapdump_str(sort_dump, x->function),
	    heapdump_str(sort_dump, y->function));
}

struct goroutine_groups *
goroutines_group(const struct heapdump *d)
{
	struct goroutine_groups *gs = xcalloc(1, sizeof *gs);
	size_t i, k, cap = 0;

	gs->dump = d;
	for (i = 0; i < d->ngoroutines; i++) {
		const struct hd_goroutine *g = &d->goroutines[i];
		const char *state = heapdump_status_name(g->status);
		strid fn = goroutine_function(d, g);

		gs->total++;
		if (g->system)
			gs->system++;
		else
			gs->user++;
		/* Few groups: a linear search is enough. */
		for (k = 0; k < gs->ngroups; k++) {
			struct goroutine_group *gr = &gs->groups[k];

			if (gr->function == fn &&
			    gr->wait_reason == g->wait_reason &&
			    gr->system == g->system &&
			    strcmp(gr->state, state) == 0)
				break;
		}
		if (k == gs->ngroups) {
			ARRAY_GROW(gs->groups, gs->ngroups, cap);
			gs->groups[k].state = state;
			gs->groups[k].wait_reason = g->wait_reason;
			gs->groups[k].function = fn;
			gs->groups[k].system = g->system;
			gs->groups[k].count = 0;
			gs->ngroups++;
		}
		gs->groups[k].count++;
	}
	sort_dump = d;
	if (gs->ngroups > 0)
		qsort(gs->groups, gs->ngroups, sizeof *gs->groups, cmp_group);
	return gs;
}

void
goroutines_free(struct goroutine_groups *gs)
{
	if (gs == NULL)
		return;
	free(gs->groups);
	free(gs);
}

char *
goroutine_group_key(const struct goroutine_groups *gs,
    const struct goroutine_group *g)
{
	return xasprintf("%s\t%s\t%s\t%d", g->state,
	    heapdump_str(gs->dump, g->wait_reason),
	    heapdump_str(gs->dump, g->function), g->system ? 1 : 0);
}
