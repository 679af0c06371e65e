/*
 * legacy.h - what the legacy (pre-profile.proto) parsers share.
 *
 * pprof's legacy parsers (legacy_profile.go, legacy_java_profile.go) build
 * a profile in three steps, and heapdiff's follow them so that the result
 * prints exactly as pprof's `.string` conformance files:
 *
 *  1. samples are read, each a list of addresses; an address becomes one
 *     location the first time it is seen (struct legacy keeps them by
 *     address);
 *  2. the memory map section (/proc/self/maps lines after
 *     `MAPPED_LIBRARIES:` or `--- Memory map: ---`) is read; mappings are
 *     massaged (adjacent pieces joined, the main binary first), locations
 *     are renumbered in order of first use by a sample, and each is given
 *     the mapping that contains it (or a fake one);
 *  3. legacy_finish moves it all into a struct profile.
 *
 * The parsers match their lines with pprof's own regular expressions,
 * compiled by regex.c (regex_new_fixed, regex_captures).  Line numbers in errors count
 * from 1.
 *
 * Ownership: a struct legacy owns everything until legacy_finish hands the
 * profile to the caller; legacy_free releases what is left.
 */
#ifndef HEAPDIFF_LEGACY_H
#define HEAPDIFF_LEGACY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile.h"
#include "regex.h"

/* A line reader over a buffer: lines without "\n" or a trailing "\r". */
struct legacy_lines {
	const char *p, *end;
	size_t lineno;		/* of the line last returned */
};

void legacy_lines_init(struct legacy_lines *, const char *buf, size_t len);
/* The next line; false at the end. */
bool legacy_lines_next(struct legacy_lines *, const char **line,
    size_t *len);

/* The next line that is not blank or a comment; false at the end. */
bool legacy_lines_next_real(struct legacy_lines *, const char **line,
    size_t *len);

/* Whether a line is blank or a comment (first non-blank char '#'). */
bool legacy_is_space_or_comment(const char *s, size_t len);
/* Whether a line holds a memory map sentinel. */
bool legacy_is_memory_map_sentinel(const char *s, size_t len);
/* Trim leading and trailing white space in place. */
void legacy_trim(const char **s, size_t *len);
/* Parse a decimal (base 10) or, with base 0, Go's ParseInt(s, 0, 64)
 * syntax; false if s is not entirely a number in range. */
bool legacy_parse_int(const char *s, size_t len, int base, int64_t *v);
bool legacy_parse_uint(const char *s, size_t len, int base, uint64_t *v);

struct legacy_loc {
	uint64_t address;
	uint32_t mapping;	/* index into legacy.maps, or PROF_NONE */
	uint32_t first_line, nlines;	/* into legacy.lines */
	uint32_t order;		/* position after renumbering */
	bool used;
};

struct legacy_map {
	uint64_t start, limit, offset;
	char *file, *build_id;
};

struct legacy {
	struct profile *p;	/* header fields are set on it directly */

	struct legacy_loc *locs;
	uint32_t nlocs, cap_locs;
	uint32_t *loc_hash;	/* open addressing: loc index + 1, 0 = empty */
	uint32_t loc_hash_size;

	struct prof_line *lines;	/* lines of symbolized locations */
	uint32_t nlines, cap_lines;

	/* Sample i: locations sample_locs[sample_start[i] .. + sample_len[i]),
	 * values[i * ntypes ..], labels[label_start[i] .. label_start[i+1]). */
	size_t nsamples, cap_samples;
	size_t *sample_start;
	uint32_t *sample_len;
	uint32_t *sample_locs;
	size_t nsample_locs, cap_sample_locs;
	int64_t *values;
	size_t *label_start;
	struct prof_label *labels;
	size_t nlabels, cap_labels;

	struct legacy_map *maps;
	uint32_t nmaps, cap_maps;

	/* Functions interned by (name, system name, file). */
	uint32_t *fn_hash;
	uint32_t fn_hash_size;

	struct regex *rx_procmaps, *rx_briefmaps, *rx_loginfo;

	/* Go's "#\t0xPC\tfunc+0xOFF\tfile:line" lines of the last sample. */
	struct legacy_sym { uint64_t pc, entry; uint32_t function;
	    int64_t line; }
	    *syms;
	uint32_t nsyms, cap_syms;
	bool had_symbols;	/* some sample carried symbol lines */
};

void legacy_init(struct legacy *);
void legacy_free(struct legacy *);

/* Set the sample types from "type/unit" pairs (NULL-terminated). */
void legacy_sample_types(struct legacy *, const char *const *types);
/* pprof's heap sample types: alloc_objects, alloc_space, inuse_objects,
 * inuse_space with allocation values, else objects, space. */
void legacy_heap_types(struct legacy *, bool has_alloc);
void legacy_period_type(struct legacy *, const char *type, const char *unit,
    int64_t period);

/* The location of an address (created on first use). */
uint32_t legacy_loc(struct legacy *, uint64_t address);

/* pprof's parseHexAddresses: append every 0x... number of s to *addrs;
 * -1 and *cause (naming the line) for one that does not fit 64 bits. */
int legacy_hex_addresses(const char *s, size_t len, size_t lineno,
    uint64_t **addrs, size_t *n, size_t *cap, char **cause);
/* The addresses of s as the last sample's locations, each minus one when
 * adjust (return addresses); -1 and *cause as legacy_hex_addresses. */
int legacy_sample_addresses(struct legacy *, const char *s, size_t len,
    size_t lineno, bool adjust, char **cause);
/* pprof's scaleHeapSample: undo Poisson sampling at rate. */
void legacy_scale_heap(int64_t *count, int64_t *size, int64_t rate);

/* The location of an address, or PROF_NONE if there is none. */
uint32_t legacy_find_loc(struct legacy *, uint64_t address);

/* Start a sample: its values (ntypes of them) are copied; locations and
 * labels are appended to the last sample started. */
void legacy_sample(struct legacy *, const int64_t *values);
void legacy_sample_loc(struct legacy *, uint32_t loc);
void legacy_sample_num_label(struct legacy *, const char *key, int64_t v);
void legacy_sample_str_label(struct legacy *, const char *key,
    const char *value);

/* The function (name, file), interned; system name = name. */
uint32_t legacy_function(struct legacy *, const char *name, size_t nlen,
    const char *file, size_t flen);
/* Give a location its lines (only if it has none yet); lines are
 * innermost first. */
void legacy_loc_set_lines(struct legacy *, uint32_t loc,
    const struct prof_line *lines, uint32_t n);

/*
 * Go's debug=1 texts follow each sample with one "#\t0xPC\tname+0xOFF\t
 * file:line" line per frame, innermost first.  An inlined call has a
 * frame (and a PC) of its own whose function starts where its caller's
 * does (PC - OFF is the same): such runs become one location with inline
 * lines, as in the profile.proto form of the same profile.
 * legacy_symbol_line takes such a line (false if it is not one); the
 * lines are given to the last sample's locations by legacy_symbols_apply
 * (called before the next sample starts and at the end), which also
 * drops the frames the text leaves unnamed: Go hides them (leading
 * runtime frames, runtime.goexit) from the profile.proto form too.
 */
bool legacy_symbol_line(struct legacy *, const char *s, size_t len);
void legacy_symbols_apply(struct legacy *);

/*
 * Parse memory map lines (pprof's ParseMemoryMapFromScanner) from the
 * reader's next line on, then massage mappings, renumber locations and
 * assign mappings.  Never fails: unrecognised lines are skipped, as pprof
 * does.
 */
void legacy_memory_map(struct legacy *, struct legacy_lines *);
/* pprof's parseAdditionalSections: unless at_map (the last line read was
 * a memory map sentinel), skip to the sentinel; then legacy_memory_map. */
void legacy_additional_sections(struct legacy *, struct legacy_lines *,
    bool at_map);
/* The same steps without a memory map (pprof's Java parsers). */
void legacy_remap(struct legacy *);

/* pprof's cleanupDuplicateLocations (after legacy_remap). */
void legacy_cleanup_duplicates(struct legacy *);

/* Move everything into the profile and return it (the legacy is then
 * empty; legacy_free is still to be called). */
struct profile *legacy_finish(struct legacy *);

/* Set pprof's drop_frames/keep_frames for the profile's sample types
 * (addLegacyFrameInfo). */
void legacy_frame_info(struct profile *);

/* Probes' helper: the first line of buf, trimmed of white space. */
void legacy_first_line(const unsigned char *buf, size_t len,
    const char **line, size_t *llen);

#endif
