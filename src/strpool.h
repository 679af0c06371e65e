/*
 * strpool.h - interned strings.
 *
 * A pool maps byte strings to dense ids (strid) and back.  Id 0 is always
 * the empty string.  Interning the same bytes twice gives the same id, so
 * strings compare by id.  The text of every id stays valid, NUL-terminated,
 * until the pool is freed (it lives in arena blocks that never move).
 */
#ifndef HEAPDIFF_STRPOOL_H
#define HEAPDIFF_STRPOOL_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t strid;

struct strpool;

struct strpool *strpool_new(void);
void strpool_free(struct strpool *);

/* The id of these len bytes, adding them if new. */
strid strpool_intern(struct strpool *, const char *s, size_t len);
/* The id of these bytes if present, else -1 (as int64_t). */
int64_t strpool_find(const struct strpool *, const char *s, size_t len);
/* The NUL-terminated text of id (which must be < strpool_count). */
const char *strpool_get(const struct strpool *, strid);
/* Its length in bytes. */
size_t strpool_len(const struct strpool *, strid);
/* How many ids there are (including 0). */
uint32_t strpool_count(const struct strpool *);

/* FNV-1a style 64-bit hash used by every hash table in heapdiff. */
uint64_t hash_bytes(const void *p, size_t len, uint64_t seed);

static inline uint64_t
hash_u64(uint64_t h, uint64_t v)
{
	/* One step of a multiply-xorshift mix (from splitmix64). */
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	return h;
}

#endif
