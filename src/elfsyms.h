/*
 * elfsyms.h - the data symbols of an ELF binary, through libelf.
 *
 * Used to name heap dump roots: a word of the data or bss segment is
 * named by the global variable whose symbol covers its address.
 */
#ifndef HEAPDIFF_ELFSYMS_H
#define HEAPDIFF_ELFSYMS_H

#include <stdbool.h>
#include <stdint.h>

struct elfsyms;

/* Whether the file at path starts with the ELF magic. */
bool elfsyms_is_elf(const char *path);

/* Read the object (variable) symbols of the ELF file at path.  NULL and
 * *cause (without the file name) if it cannot be read or has no symbol
 * table. */
struct elfsyms *elfsyms_open(const char *path, char **cause);
void elfsyms_free(struct elfsyms *);

/* The name of the symbol covering addr, or NULL; *offset gets addr's
 * offset in it. */
const char *elfsyms_lookup(const struct elfsyms *, uint64_t addr,
    uint64_t *offset);

/* How many symbols were read. */
size_t elfsyms_count(const struct elfsyms *);

#endif
