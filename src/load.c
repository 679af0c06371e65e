/*
 * load.c - read, import, merge and subtract profiles for a report (see
 * load.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "input.h"
#include "load.h"
#include "parse.h"
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
		cmd_error("%s: %s", o->db, cause);
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

int
load_one(const struct options *o, store *st, const char *arg,
    struct profile **out, int64_t *id)
{
	const struct parser *used = NULL;
	struct snapshot_meta meta;
	struct input in;
	char *cause = NULL;
	bool existed;

	*out = NULL;
	*id = -1;
	if (arg[0] == '@')
		return load_stored(st, arg, out, id);
	if (input_read(&in, arg, 0, &cause) != 0) {
		cmd_error("%s: %s", arg, cause);
		free(cause);
		return EXIT_INPUT;
	}
	*out = parse_input(&in, o->format, &used, &cause);
	if (*out == NULL) {
		cmd_error("%s: %s", arg, cause);
		free(cause);
		input_done(&in);
		return o->format != NULL && parse_find(o->format) == NULL ?
		    EXIT_USAGE : EXIT_INPUT;
	}
	if (st != NULL) {
		memset(&meta, 0, sizeof meta);
		meta.path = arg;
		memcpy(meta.sha256, in.sha256, sizeof meta.sha256);
		meta.format = used->name;
		meta.kind = store_kind_of(*out);
		meta.file_mtime_ns = in.mtime_ns;
		meta.labels = (const char *const *)o->labels;
		meta.nlabels = o->nlabels;
		if (store_import(st, *out, &meta, id, &existed, &cause) != 0) {
			cmd_error("%s: %s: %s", o->db, arg, cause);
			free(cause);
			input_done(&in);
			profile_free(*out);
			*out = NULL;
			return EXIT_STORE;
		}
	}
	input_done(&in);
	return EXIT_OK;
}

/* Load and merge a list of arguments; a single one is used as it is. */
static int
load_merged(const struct options *o, store *st, char **args, size_t n,
    struct profile **out)
{
	struct profile **ps = xcalloc(n, sizeof *ps);
	char *cause = NULL;
	size_t i;
	int64_t id;
	int rc = EXIT_OK;

	for (i = 0; i < n && rc == EXIT_OK; i++)
		rc = load_one(o, st, args[i], &ps[i], &id);
	if (rc == EXIT_OK) {
		if (n == 1) {
			*out = ps[0];
			ps[0] = NULL;
		} else if ((*out = profile_merge(ps, n, &cause)) == NULL) {
			cmd_error("cannot merge %s and the other profiles: %s",
			    args[0], cause);
			free(cause);
			rc = EXIT_INPUT;
		}
	}
	for (i = 0; i < n; i++)
		profile_free(ps[i]);
	free(ps);
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
	struct profile *p = NULL, *base = NULL, *pair[2];
	store *st = NULL;
	char *cause = NULL;
	int rc;

	*out = NULL;
	if (nsources == 0) {
		cmd_error("no profile given (heapdiff --help)");
		return EXIT_USAGE;
	}
	if ((rc = load_open_store(o, &st)) != EXIT_OK)
		return rc;
	rc = load_merged(o, st, sources, nsources, &p);
	if (rc == EXIT_OK && o->nbases > 0)
		rc = load_merged(o, st, o->bases, o->nbases, &base);
	store_close(st);
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
