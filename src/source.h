/*
 * source.h - finding and reading the source files a profile names, as
 * pprof's list finds them (report/source.go).
 *
 * A file name from a profile is first trimmed (-trim_path prefixes, else a
 * guess from the search path, and always /proc/self/cwd/); an absolute
 * name must then exist as it is, and a relative one (Go binaries built
 * with -trimpath record example.com/app/main.go and runtime/proc.go) is
 * looked up under each -source_path root and under each root's parents.
 */
#ifndef HEAPDIFF_SOURCE_H
#define HEAPDIFF_SOURCE_H

#include <stddef.h>

#include "profile.h"

/* pprof's trimPath of one file name (caller frees). */
char *source_trim(const char *path, const char *trim_path,
    const char *search_path);

/* Trim every function's file name in p as pprof does before a graph. */
void source_trim_profile(struct profile *p, const char *trim_path,
    const char *search_path);

/* A source file's lines, read once and kept. */
struct source_file {
	char *name;		/* as the profile names it */
	char *path;		/* where it was found, or NULL */
	char *error;		/* why not found, or NULL */
	char **lines;		/* lines[1..nlines] (lines[0] unused) */
	size_t nlines;
};

struct source_reader;

/* A reader over a search path (NULL or "" = the current directory). */
struct source_reader *source_reader_new(const char *search_path,
    const char *trim_path);
void source_reader_free(struct source_reader *);

/* The file called name, read on first use (never NULL; check ->error). */
const struct source_file *source_get(struct source_reader *,
    const char *name);

#endif
