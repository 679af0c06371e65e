/*
 * parse.h - the parser registry.
 *
 * Each input format is one src/parse-NAME.c exporting a struct parser: a
 * name, a probe that looks at the first bytes and returns a confidence
 * (0 = not this format, 100 = certainly), and a parse function that fills a
 * new profile model.  parse_input picks the most confident parser (or the
 * one forced with -F NAME) and runs it.
 */
#ifndef HEAPDIFF_PARSE_H
#define HEAPDIFF_PARSE_H

#include <stddef.h>

#include "input.h"
#include "profile.h"

struct parser {
	const char *name;
	const char *description;
	/* Confidence 0..100 that buf (the first len bytes, decompressed) is
	 * this format. */
	int (*probe)(const unsigned char *buf, size_t len);
	/* Parse the whole input into a new profile; NULL and *cause (without
	 * the file name) on error. */
	struct profile *(*parse)(const struct input *in, char **cause);
};

/* NULL-terminated table of every parser, in the order `formats` lists them. */
extern const struct parser *const parsers[];

extern const struct parser parser_pprof;
extern const struct parser parser_heaptext;
extern const struct parser parser_jemalloc;
extern const struct parser parser_gocount;
extern const struct parser parser_thread;
extern const struct parser parser_contention;
extern const struct parser parser_java;
extern const struct parser parser_cpu;
extern const struct parser parser_goroutine;
extern const struct parser parser_godump;

/* The parser called name, or NULL. */
const struct parser *parse_find(const char *name);

/*
 * Parse in with the parser named forced (NULL = detect).  *used, if not
 * NULL, gets the parser that was used.  NULL and *cause on error.
 */
struct profile *parse_input(const struct input *in, const char *forced,
    const struct parser **used, char **cause);

#endif
