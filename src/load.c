/*
 * load.c - read, import, merge and subtract profiles for a report (see
 * load.h).
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "input.h"
#include "load.h"
#include "parse.h"
#include "prune.h"
#include "symbolize.h"
#include "xmalloc.h"

int
load_open_store(const struct options *o, store **st)
{
	char *cause = NULL;

	*st = NULL;
	if (o->db == NULL)
		return EXIT_OK;
	*st = store_open(o->db, &cause);
	if (*st == NULL) {
		/* The store's messages name the store. */
		cmd_error("%s", cause);
		free(cause);
		return EXIT_STORE;
	}
	return EXIT_OK;
}

/* "@ID" names a stored snapshot. */
static int
load_stored(store *st, const char *arg, struct profile **out, int64_t *id)
{
	char *end, *cause = NULL;
	long long v;

	if (st == NULL) {
		cmd_error("%s: a stored snapshot needs --db FILE (or "
		    "HEAPDIFF_DB)", arg);
		return EXIT_USAGE;
	}
	v = strtoll(arg + 1, &end, 10);
	if (arg[1] == '\0' || *end != '\0' || v <= 0) {
		cmd_error("%s: not a snapshot id (heapdiff snapshots lists "
		    "them)", arg);
		return EXIT_USAGE;
	}
	*out = store_load(st, v, &cause);
	if (*out == NULL) {
		cmd_error("%s: %s", arg, cause);
		free(cause);
		return EXIT_STORE;
	}
	*id = v;
	return EXIT_OK;
}

/* One argument read and parsed (by a worker thread), not yet imported. */
struct parsed {
	const char *arg;
	struct input in;
	const struct parser *used;
	struct profile *p;
	char *cause;		/* error, without the file name */
	int status;
};

static void
parse_one(const struct options *o, struct parsed *r)
{
	r->status = EXIT_OK;
	if (input_read(&r->in, r->arg, 0, &r->cause) != 0) {
		r->status = EXIT_INPUT;
		return;
	}
	r->p = parse_input(&r->in, o->format, &r->used, &r->cause);
	if (r->p == NULL)
		r->status = o->format != NULL && parse_find(o->format) == NULL ?
		    EXIT_USAGE : EXIT_INPUT;
	/* pprof symbolizes, then removes uninteresting frames. */
	if (r->p != NULL && ((!o->symbolize_none && symbolize_profile(r->p,
	    o->binary, &r->cause) != 0) || prune_uninteresting(r->p,
	    &r->cause) != 0)) {
		profile_free(r->p);
		r->p = NULL;
		r->status = EXIT_INPUT;
	}
	free(r->in.data);	/* the bytes are no longer needed */
	r->in.data = NULL;
}

struct parse_job {
	const struct options *o;
	struct parsed *rs;
	size_t n;
	size_t next;		/* guarded by lock */
	pthread_mutex_t lock;
};

static void *
parse_worker(void *arg)
{
	struct parse_job *job = arg;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&job->lock);
		i = job->next++;
		pthread_mutex_unlock(&job->lock);
		if (i >= job->n)
			return NULL;
		if (job->rs[i].arg[0] != '@')
			parse_one(job->o, &job->rs[i]);
	}
}

/*
 * Read and parse every file argument, several at a time: parsing is the
 * slow part of a diff of two big profiles, and profiles are independent
 * (each has its own string pool).  Results keep the arguments' order.
 */
static void
parse_all(const struct options *o, struct parsed *rs, size_t n)
{
	struct parse_job job = { o, rs, n, 0, PTHREAD_MUTEX_INITIALIZER };
	pthread_t threads[LOAD_MAX_THREADS];
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nthreads = ncpu > 1 ? (size_t)ncpu : 1, i, started = 0;

	if (nthreads > n)
		nthreads = n;
	if (nthreads > LOAD_MAX_THREADS)
		nthreads = LOAD_MAX_THREADS;
	for (i = 1; i < nthreads; i++)
		if (pthread_create(&threads[started], NULL, parse_worker,
		    &job) == 0)
			started++;
	parse_worker(&job);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	pthread_mutex_destroy(&job.lock);
}

/* Import a parsed file into the store (if any); an exit status. */
static int
import_parsed(const struct options *o, store *st, struct parsed *r,
    int64_t *id)
{
	struct snapshot_meta meta;
	char *cause = NULL;
	bool existed;

	*id = -1;
	if (st == NULL)
		return EXIT_OK;
	memset(&meta, 0, sizeof meta);
	meta.path = r->arg;
	memcpy(meta.sha256, r->in.sha256, sizeof meta.sha256);
	meta.format = r->used->name;
	meta.kind = store_kind_of(r->p);
	meta.file_mtime_ns = r->in.mtime_ns;
	meta.labels = (const char *const *)o->labels;
	meta.nlabels = o->nlabels;
	if (store_import(st, r->p, &meta, id, &existed, &cause) != 0) {
		cmd_error("%s: %s", r->arg, cause);
		free(cause);
		return EXIT_STORE;
	}
	return EXIT_OK;
}

int
load_profiles(const struct options *o, store *st, char **args, size_t n,
    struct profile **out, int64_t *ids, bool keep_going)
{
	struct parsed *rs = xcalloc(n ? n : 1, sizeof *rs);
	size_t i;
	int rc = EXIT_OK;

	for (i = 0; i < n; i++) {
		rs[i].arg = args[i];
		out[i] = NULL;
		ids[i] = -1;
	}
	parse_all(o, rs, n);
	for (i = 0; i < n; i++) {
		struct parsed *r = &rs[i];
		int st_rc;

		if (rc != EXIT_OK && !keep_going)
			break;
		if (r->arg[0] == '@') {
			st_rc = load_stored(st, r->arg, &out[i], &ids[i]);
			/* A stored heap dump gets its object graph back. */
			if (st_rc == EXIT_OK) {
				char *cause = NULL;

				out[i]->dump = store_dump_load(o->db, ids[i],
				    &cause);
				if (cause != NULL) {
					cmd_error("%s: %s: %s", o->db, r->arg,
					    cause);
					free(cause);
					st_rc = EXIT_STORE;
				}
			}
		}
		else if (r->status != EXIT_OK) {
			cmd_error("%s: %s", r->arg, r->cause);
			st_rc = r->status;
		} else if ((st_rc = import_parsed(o, st, r, &ids[i])) ==
		    EXIT_OK) {
			out[i] = r->p;
			r->p = NULL;
		}
		if (st_rc != EXIT_OK && (rc == EXIT_OK || st_rc > rc))
			rc = st_rc;
	}
	for (i = 0; i < n; i++) {
		free(rs[i].cause);
		profile_free(rs[i].p);
		input_done(&rs[i].in);
		if (rc != EXIT_OK && !keep_going) {
			profile_free(out[i]);
			out[i] = NULL;
		}
	}
	free(rs);
	return rc;
}

/* Merge ps[0..n) into one profile (a single one is used as it is); the
 * inputs are consumed. */
static int
merge_owned(struct profile **ps, size_t n, char *const *args,
    struct profile **out)
{
	char *cause = NULL;
	size_t i;
	int rc = EXIT_OK;

	if (n == 1) {
		*out = ps[0];
		return EXIT_OK;
	}
	if ((*out = profile_merge(ps, n, &cause)) == NULL) {
		cmd_error("cannot merge %s and the other profiles: %s", args[0],
		    cause);
		free(cause);
		rc = EXIT_INPUT;
	}
	for (i = 0; i < n; i++)
		profile_free(ps[i]);
	return rc;
}

/* pprof's Normalize: scale p by base total / p total, per sample type. */
static void
normalize(struct profile *p, const struct profile *base)
{
	int64_t *pt = profile_totals(p), *bt = profile_totals(base);
	double *ratios = xcalloc(p->ntypes ? p->ntypes : 1, sizeof *ratios);
	uint32_t k;

	for (k = 0; k < p->ntypes; k++)
		ratios[k] = pt[k] == 0 ? 0.0 : (double)bt[k] / (double)pt[k];
	profile_scale(p, ratios);
	free(ratios);
	free(pt);
	free(bt);
}

int
load_report_profile(const struct options *o, char **sources, size_t nsources,
    struct profile **out)
{
	struct profile *p = NULL, *base = NULL, *pair[2], **ps;
	struct options lo;
	char **all, *cause = NULL;
	int64_t *ids;
	store *st = NULL;
	size_t n = nsources + o->nbases;
	int rc;

	*out = NULL;
	/* heapdiff BINARY PROFILE...: an ELF first argument is the program,
	 * as in pprof. */
	if (nsources > 1 && o->binary == NULL &&
	    symbolize_is_elf(sources[0])) {
		lo = *o;
		lo.binary = sources[0];
		o = &lo;
		sources++;
		nsources--;
	}
	if (nsources == 0) {
		cmd_error("no profile given (heapdiff --help)");
		return EXIT_USAGE;
	}
	n = nsources + o->nbases;
	if ((rc = load_open_store(o, &st)) != EXIT_OK)
		return rc;
	/* Sources and bases are read together, in parallel. */
	all = xcalloc(n, sizeof *all);
	memcpy(all, sources, nsources * sizeof *all);
	if (o->nbases > 0)
		memcpy(all + nsources, o->bases, o->nbases * sizeof *all);
	ps = xcalloc(n, sizeof *ps);
	ids = xcalloc(n, sizeof *ids);
	rc = load_profiles(o, st, all, n, ps, ids, false);
	store_close(st);
	free(ids);
	free(all);
	if (rc == EXIT_OK)
		rc = merge_owned(ps, nsources, sources, &p);
	if (rc == EXIT_OK && o->nbases > 0)
		rc = merge_owned(ps + nsources, o->nbases, o->bases, &base);
	free(ps);
	if (rc != EXIT_OK) {
		profile_free(p);
		return rc;
	}
	if (base == NULL) {
		*out = p;
		return EXIT_OK;
	}

	if (profile_compatible(p, base, &cause) != 0) {
		cmd_error("%s and base %s cannot be compared: %s", sources[0],
		    o->bases[0], cause);
		free(cause);
		profile_free(p);
		profile_free(base);
		return EXIT_INPUT;
	}
	if (o->diff_base)
		profile_set_label(base, "pprof::base", "true");
	if (o->normalize)
		normalize(p, base);
	{
		double *minus = xcalloc(base->ntypes ? base->ntypes : 1,
		    sizeof *minus);
		uint32_t k;

		for (k = 0; k < base->ntypes; k++)
			minus[k] = -1;
		profile_scale(base, minus);
		free(minus);
	}
	pair[0] = p;
	pair[1] = base;
	*out = profile_merge(pair, 2, &cause);
	profile_free(p);
	profile_free(base);
	if (*out == NULL) {
		cmd_error("%s: %s", sources[0], cause);
		free(cause);
		return EXIT_INPUT;
	}
	return EXIT_OK;
}
