/*
 * source.c - pprof's trimPath and openSourceFile, and a cache of the
 * source files read (see source.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "source.h"
#include "xmalloc.h"

/* Split a colon-separated list; empty elements are kept as Go's
 * filepath.SplitList keeps them ("" gives no elements).  Caller frees the
 * array and its strings. */
static char **
split_list(const char *s, size_t *n)
{
	char **out = NULL;
	const char *p = s, *c;

	*n = 0;
	if (s == NULL || *s == '\0')
		return NULL;
	for (;;) {
		c = strchr(p, ':');
		out = xreallocarray(out, *n + 1, sizeof *out);
		out[(*n)++] = c ? xstrndup(p, (size_t)(c - p)) : xstrdup(p);
		if (c == NULL)
			break;
		p = c + 1;
	}
	return out;
}

static void
free_list(char **l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

/* Go's filepath.Base. */
static char *
path_base(const char *p)
{
	size_t n = strlen(p);
	const char *b;

	while (n > 1 && p[n - 1] == '/')
		n--;
	if (n == 0)
		return xstrdup(".");
	for (b = p + n; b > p && b[-1] != '/'; b--)
		;
	if (b == p + n)
		return xstrdup("/");
	return xstrndup(b, (size_t)(p + n - b));
}

char *
source_trim(const char *path, const char *trim_path, const char *search_path)
{
	char **dirs, **trims;
	size_t nd, nt, i;
	char *out = NULL;

	if (trim_path == NULL || *trim_path == '\0') {
		dirs = split_list(search_path, &nd);
		for (i = 0; i < nd && out == NULL; i++) {
			char *base = path_base(dirs[i]);
			char *want = xasprintf("/%s/", base);
			const char *hit = strstr(path, want);

			if (hit != NULL)
				out = xstrdup(hit + strlen(want));
			free(want);
			free(base);
		}
		free_list(dirs, nd);
		if (out != NULL)
			return out;
	}
	trims = split_list(trim_path, &nt);
	trims = xreallocarray(trims, nt + 2, sizeof *trims);
	trims[nt++] = xstrdup("/proc/self/cwd/./");
	trims[nt++] = xstrdup("/proc/self/cwd/");
	for (i = 0; i < nt && out == NULL; i++) {
		size_t n = strlen(trims[i]);
		char *t = n > 0 && trims[i][n - 1] == '/' ? xstrdup(trims[i]) :
		    xasprintf("%s/", trims[i]);

		if (strncmp(path, t, strlen(t)) == 0)
			out = xstrdup(path + strlen(t));
		free(t);
	}
	free_list(trims, nt);
	return out != NULL ? out : xstrdup(path);
}

void
source_trim_profile(struct profile *p, const char *trim_path,
    const char *search_path)
{
	uint32_t i;

	for (i = 0; i < p->nfunctions; i++) {
		const char *f = profile_str(p, p->functions[i].filename);
		char *t;

		if (*f == '\0')
			continue;
		t = source_trim(f, trim_path, search_path);
		if (strcmp(t, f) != 0)
			p->functions[i].filename = profile_intern(p, t,
			    strlen(t));
		free(t);
	}
}

struct source_reader {
	char *search_path, *trim_path;
	struct source_file **files;
	size_t nfiles;
};

struct source_reader *
source_reader_new(const char *search_path, const char *trim_path)
{
	struct source_reader *r = xcalloc(1, sizeof *r);
	char cwd[4096];

	if (search_path == NULL || *search_path == '\0')
		search_path = getcwd(cwd, sizeof cwd) ? cwd : ".";
	r->search_path = xstrdup(search_path);
	r->trim_path = xstrdup(trim_path ? trim_path : "");
	return r;
}

void
source_reader_free(struct source_reader *r)
{
	size_t i, j;

	if (r == NULL)
		return;
	for (i = 0; i < r->nfiles; i++) {
		struct source_file *f = r->files[i];

		for (j = 1; j <= f->nlines; j++)
			free(f->lines[j]);
		free(f->lines);
		free(f->name);
		free(f->path);
		free(f->error);
		free(f);
	}
	free(r->files);
	free(r->search_path);
	free(r->trim_path);
	free(r);
}

/* Go's filepath.Dir of a directory (no trailing slash handling needed
 * beyond what Join does). */
static char *
path_dir(const char *p)
{
	const char *s = strrchr(p, '/');

	if (s == NULL)
		return xstrdup(".");
	if (s == p)
		return xstrdup("/");
	return xstrndup(p, (size_t)(s - p));
}

/* pprof's openSourceFile. */
static FILE *
open_source(struct source_reader *r, const char *name, char **found,
    char **error)
{
	char *path = source_trim(name, r->trim_path, r->search_path);
	char **dirs;
	size_t nd, i;
	FILE *f;

	if (path[0] == '/') {
		if ((f = fopen(path, "r")) != NULL)
			*found = path;
		else {
			*error = xasprintf("open %s: no such file or directory",
			    path);
			free(path);
		}
		return f;
	}
	dirs = split_list(r->search_path, &nd);
	for (i = 0; i < nd; i++) {
		char *dir = xstrdup(*dirs[i] ? dirs[i] : ".");

		for (;;) {
			char *fn = xasprintf("%s/%s", dir, path), *parent;

			if ((f = fopen(fn, "r")) != NULL) {
				*found = fn;
				free(dir);
				free_list(dirs, nd);
				free(path);
				return f;
			}
			free(fn);
			parent = path_dir(dir);
			if (strcmp(parent, dir) == 0) {
				free(parent);
				break;
			}
			free(dir);
			dir = parent;
		}
		free(dir);
	}
	free_list(dirs, nd);
	*error = xasprintf("could not find file %s on path %s", path,
	    r->search_path);
	free(path);
	return NULL;
}

const struct source_file *
source_get(struct source_reader *r, const char *name)
{
	struct source_file *sf;
	FILE *f;
	size_t i, cap = 0;
	char *line = NULL;
	size_t lcap = 0;
	ssize_t n;

	for (i = 0; i < r->nfiles; i++)
		if (strcmp(r->files[i]->name, name) == 0)
			return r->files[i];
	sf = xcalloc(1, sizeof *sf);
	sf->name = xstrdup(name);
	f = open_source(r, name, &sf->path, &sf->error);
	if (f != NULL) {
		while ((n = getline(&line, &lcap, f)) >= 0) {
			if (n > 0 && line[n - 1] == '\n')
				line[--n] = '\0';
			if (sf->nlines + 2 > cap) {
				cap = cap ? cap * 2 : 256;
				sf->lines = xreallocarray(sf->lines, cap,
				    sizeof *sf->lines);
			}
			sf->lines[++sf->nlines] = xstrndup(line, (size_t)n);
		}
		free(line);
		fclose(f);
	}
	r->files = xreallocarray(r->files, r->nfiles + 1, sizeof *r->files);
	r->files[r->nfiles++] = sf;
	return sf;
}
