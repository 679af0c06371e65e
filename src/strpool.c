/*
 * strpool.c - interned strings: an open-addressing hash table of ids over an
 * arena of NUL-terminated texts (see strpool.h).
 *
 * Written by hand rather than with a generic map: profiles carry hundreds of
 * thousands of strings and label values, and the pool must cost one arena
 * copy and two words of index per string.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "strpool.h"
#include "xmalloc.h"

#define ARENA_BLOCK (64 * 1024)

struct strpool_entry {
	const char *text;
	size_t len;
	uint64_t hash;
};

struct strpool {
	struct strpool_entry *entries;	/* by id */
	uint32_t count, cap;

	uint32_t *slots;		/* id + 1, 0 = empty */
	size_t nslots;			/* power of two */

	char **blocks;			/* arena */
	size_t nblocks, capblocks;
	size_t block_used, block_size;
};

uint64_t
hash_bytes(const void *p, size_t len, uint64_t seed)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL ^ seed;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		uint64_t w;

		memcpy(&w, s + i, 8);
		h = hash_u64(h, w);
	}
	for (; i < len; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return hash_u64(h, len);
}

static char *
strpool_alloc(struct strpool *sp, size_t n)
{
	char *p;

	if (sp->nblocks == 0 || sp->block_used + n > sp->block_size) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;

		ARRAY_GROW(sp->blocks, sp->nblocks, sp->capblocks);
		sp->blocks[sp->nblocks++] = xmalloc(size);
		sp->block_size = size;
		sp->block_used = 0;
	}
	p = sp->blocks[sp->nblocks - 1] + sp->block_used;
	sp->block_used += n;
	return p;
}

static void
strpool_rehash(struct strpool *sp)
{
	size_t mask, i;

	free(sp->slots);
	sp->nslots = sp->nslots ? sp->nslots * 2 : 1024;
	sp->slots = xcalloc(sp->nslots, sizeof *sp->slots);
	mask = sp->nslots - 1;
	for (i = 0; i < sp->count; i++) {
		size_t j = sp->entries[i].hash & mask;

		while (sp->slots[j] != 0)
			j = (j + 1) & mask;
		sp->slots[j] = (uint32_t)i + 1;
	}
}

struct strpool *
strpool_new(void)
{
	struct strpool *sp = xcalloc(1, sizeof *sp);

	strpool_rehash(sp);
	strpool_intern(sp, "", 0);
	return sp;
}

void
strpool_free(struct strpool *sp)
{
	size_t i;

	if (sp == NULL)
		return;
	for (i = 0; i < sp->nblocks; i++)
		free(sp->blocks[i]);
	free(sp->blocks);
	free(sp->slots);
	free(sp->entries);
	free(sp);
}

int64_t
strpool_find(const struct strpool *sp, const char *s, size_t len)
{
	uint64_t h = hash_bytes(s, len, 0);
	size_t mask = sp->nslots - 1, j = h & mask;

	for (; sp->slots[j] != 0; j = (j + 1) & mask) {
		const struct strpool_entry *e = &sp->entries[sp->slots[j] - 1];

		if (e->hash == h && e->len == len && memcmp(e->text, s, len) == 0)
			return sp->slots[j] - 1;
	}
	return -1;
}

strid
strpool_intern(struct strpool *sp, const char *s, size_t len)
{
	uint64_t h = hash_bytes(s, len, 0);
	size_t mask = sp->nslots - 1, j = h & mask;
	struct strpool_entry *e;
	char *text;

	for (; sp->slots[j] != 0; j = (j + 1) & mask) {
		e = &sp->entries[sp->slots[j] - 1];
		if (e->hash == h && e->len == len && memcmp(e->text, s, len) == 0)
			return sp->slots[j] - 1;
	}
	text = strpool_alloc(sp, len + 1);
	memcpy(text, s, len);
	text[len] = '\0';
	ARRAY_GROW(sp->entries, sp->count, sp->cap);
	e = &sp->entries[sp->count];
	e->text = text;
	e->len = len;
	e->hash = h;
	sp->slots[j] = sp->count + 1;
	sp->count++;
	if ((size_t)sp->count * 2 > sp->nslots)
		strpool_rehash(sp);
	return sp->count - 1;
}

const char *
strpool_get(const struct strpool *sp, strid id)
{
	return sp->entries[id].text;
}

size_t
strpool_len(const struct strpool *sp, strid id)
{
	return sp->entries[id].len;
}

uint32_t
strpool_count(const struct strpool *sp)
{
	return sp->count;
}
