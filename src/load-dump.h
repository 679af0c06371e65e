/*
 * load-dump.h - the arguments of the heap dump commands (retained,
 * goroutines): [BINARY] DUMP, with -base OLD.  The binary, an ELF file,
 * names data and bss roots by their global variables.  Dumps are read
 * like every profile (load_profiles), so --db imports them into the store.
 */
#ifndef HEAPDIFF_LOAD_DUMP_H
#define HEAPDIFF_LOAD_DUMP_H

#include <stddef.h>

#include "elfsyms.h"
#include "options.h"
#include "profile.h"

struct dump_args {
	struct profile *dump;		/* DUMP; ->dump is set */
	struct profile *base;		/* -base OLD, or NULL */
	struct elfsyms *syms;		/* BINARY's symbols, or NULL */
	const char *dump_name, *base_name;
};

/* Read the arguments of cmd; errors are printed; returns an exit status. */
int load_dumps(const struct options *o, const char *cmd, char **args,
    size_t nargs, struct dump_args *out);
void load_dumps_done(struct dump_args *);

#endif
