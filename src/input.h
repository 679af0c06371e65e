/*
 * input.h - reading a snapshot file into memory.
 *
 * input_read reads a file (or standard input for "-"), undoes gzip when the
 * data starts with the gzip magic (several concatenated gzip members are
 * read as one stream, as gzip(1) does), and bounds the inflated size so that
 * a gzip bomb is refused instead of exhausting memory.  It also computes the
 * SHA-256 of the bytes as stored (the store's identity of a file).
 */
#ifndef HEAPDIFF_INPUT_H
#define HEAPDIFF_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Default bound on the inflated size: 4 GiB (HEAPDIFF_MAX_INFLATE overrides). */
#define INPUT_DEFAULT_LIMIT ((size_t)4 << 30)

struct input {
	char *name;		/* as given; "-" for stdin */
	unsigned char *data;	/* decompressed contents (NUL after the end) */
	size_t len;
	bool gzipped;
	unsigned char sha256[32];	/* of the bytes as read */
	int64_t mtime_ns;	/* 0 for stdin */
};

/*
 * Read name into in.  limit bounds the decompressed size (0 = the default,
 * or $HEAPDIFF_MAX_INFLATE).  Returns 0, or -1 with *cause set to a message
 * naming what is wrong (without the file name, which the caller prefixes).
 */
int input_read(struct input *in, const char *name, size_t limit, char **cause);
/* Decompress gzip data already in memory (used by input_read and tests). */
int input_gunzip(const unsigned char *src, size_t srclen, size_t limit,
    unsigned char **out, size_t *outlen, char **cause);
void input_done(struct input *in);

#endif
