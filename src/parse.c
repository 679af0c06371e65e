/*
 * parse.c - the parser registry: detection by probe, or -F NAME.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "xmalloc.h"

const struct parser *const parsers[] = {
	&parser_pprof,
	&parser_heaptext,
	&parser_jemalloc,
	&parser_gocount,
	&parser_thread,
	&parser_contention,
	&parser_java,
	&parser_cpu,
	&parser_goroutine,
	&parser_godump,
	NULL,
};

const struct parser *
parse_find(const char *name)
{
	size_t i;

	for (i = 0; parsers[i] != NULL; i++)
		if (strcmp(parsers[i]->name, name) == 0)
			return parsers[i];
	return NULL;
}

struct profile *
parse_input(const struct input *in, const char *forced,
    const struct parser **used, char **cause)
{
	const struct parser *best = NULL;
	int best_conf = 0;
	size_t i;

	if (forced != NULL) {
		best = parse_find(forced);
		if (best == NULL) {
			size_t k, len = 0;
			char *known;

			for (k = 0; parsers[k] != NULL; k++)
				len += strlen(parsers[k]->name) + 2;
			known = xcalloc(len + 1, 1);
			for (k = 0; parsers[k] != NULL; k++) {
				if (k > 0)
					strcat(known, ", ");
				strcat(known, parsers[k]->name);
			}
			*cause = xasprintf("unknown format '%s' (known: %s)",
			    forced, known);
			free(known);
			return NULL;
		}
	} else {
		for (i = 0; parsers[i] != NULL; i++) {
			int c = parsers[i]->probe(in->data, in->len);

			if (c > best_conf) {
				best_conf = c;
				best = parsers[i];
			}
		}
		if (best == NULL) {
			*cause = xstrdup("not a profile: no format recognises "
			    "its first bytes");
			return NULL;
		}
	}
	if (used != NULL)
		*used = best;
	return best->parse(in, cause);
}
