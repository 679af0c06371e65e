/*
 * symbolize.h - raw addresses to functions, files, lines and inlined
 * frames, from ELF binaries, with elfutils (libdwfl/libdw).
 *
 * Like pprof's local symbolization: each mapping's file is looked for
 * under $PPROF_BINARY_PATH (default $HOME/pprof/binaries; by build id, by
 * base name, by full path and the usual .debug places) and then at its own
 * path; a file whose build id differs from the mapping's is not used.  A
 * BINARY named on the command line replaces the main (first) mapping's
 * file.  Addresses are turned into ELF addresses with the mapping's start
 * and file offset and the ELF load segments (pprof's GetBase), and looked
 * up in the DWARF: a location gets one line per inlined frame, innermost
 * first, and its mapping is marked as having functions, files, lines and
 * inline frames.  Only DWARF is used, as go tool pprof's addr2line does,
 * so code without debug info (a stripped libc, crt's _start) stays an
 * address and prints as [libc.so.6], as pprof prints it.
 *
 * Locations that already have lines are left alone.
 */
#ifndef HEAPDIFF_SYMBOLIZE_H
#define HEAPDIFF_SYMBOLIZE_H

#include <stdbool.h>

#include "profile.h"

/* Whether path is an ELF file (it starts with the ELF magic). */
bool symbolize_is_elf(const char *path);

/*
 * Symbolize p's raw addresses.  binary, if not NULL, is the main
 * program.  Returns 0; -1 and *cause (naming the binary) when the binary
 * cannot be used for this profile: not a readable ELF file, or a build id
 * that differs from the main mapping's.  Files found by search that do
 * not fit are skipped, not errors.
 */
int symbolize_profile(struct profile *p, const char *binary, char **cause);

#endif
