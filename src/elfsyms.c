/*
 * elfsyms.c - read an ELF binary's object symbols with libelf (elfutils)
 * into one array sorted by address, for binary-search lookups.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elfsyms.h"
#include "xmalloc.h"

struct elfsym {
	uint64_t addr, size;
	char *name;
};

struct elfsyms {
	struct elfsym *syms;
	size_t n;
};

bool
elfsyms_is_elf(const char *path)
{
	unsigned char magic[4];
	FILE *f = fopen(path, "rb");
	bool elf;

	if (f == NULL)
		return false;
	elf = fread(magic, 1, 4, f) == 4 && memcmp(magic, ELFMAG, SELFMAG) == 0;
	fclose(f);
	return elf;
}

/* Symbols by address, the larger first at one address. */
static int
cmp_sym(const void *a, const void *b)
{
	const struct elfsym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->size > y->size ? -1 : x->size < y->size;
}

struct elfsyms *
elfsyms_open(const char *path, char **cause)
{
	struct elfsyms *es;
	Elf_Scn *scn = NULL;
	Elf *e;
	size_t cap = 0;
	int fd;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		*cause = xasprintf("libelf: %s", elf_errmsg(-1));
		return NULL;
	}
	if ((fd = open(path, O_RDONLY)) < 0) {
		*cause = xasprintf("cannot open: %s", strerror(errno));
		return NULL;
	}
	if ((e = elf_begin(fd, ELF_C_READ, NULL)) == NULL ||
	    elf_kind(e) != ELF_K_ELF) {
		*cause = xstrdup("not an ELF file");
		if (e != NULL)
			elf_end(e);
		close(fd);
		return NULL;
	}
	es = xcalloc(1, sizeof *es);
	while ((scn = elf_nextscn(e, scn)) != NULL) {
		GElf_Shdr sh;
		Elf_Data *data;
		size_t i, count;

		if (gelf_getshdr(scn, &sh) == NULL || sh.sh_type != SHT_SYMTAB ||
		    sh.sh_entsize == 0)
			continue;
		if ((data = elf_getdata(scn, NULL)) == NULL)
			continue;
		count = sh.sh_size / sh.sh_entsize;
		for (i = 0; i < count; i++) {
			GElf_Sym sym;
			const char *name;

			if (gelf_getsym(data, (int)i, &sym) == NULL ||
			    GELF_ST_TYPE(sym.st_info) != STT_OBJECT ||
			    sym.st_value == 0)
				continue;
			name = elf_strptr(e, sh.sh_link, sym.st_name);
			if (name == NULL || *name == '\0')
				continue;
			ARRAY_GROW(es->syms, es->n, cap);
			es->syms[es->n].addr = sym.st_value;
			es->syms[es->n].size = sym.st_size;
			es->syms[es->n++].name = xstrdup(name);
		}
	}
	elf_end(e);
	close(fd);
	if (es->n == 0) {
		*cause = xstrdup("no symbol table (stripped binary?)");
		elfsyms_free(es);
		return NULL;
	}
	qsort(es->syms, es->n, sizeof *es->syms, cmp_sym);
	return es;
}

void
elfsyms_free(struct elfsyms *es)
{
	size_t i;

	if (es == NULL)
		return;
	for (i = 0; i < es->n; i++)
		free(es->syms[i].name);
	free(es->syms);
	free(es);
}

const char *
elfsyms_lookup(const struct elfsyms *es, uint64_t addr, uint64_t *offset)
{
	size_t lo = 0, hi = es->n;
	int tries;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (es->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Symbols may nest or have size 0: look back at a few for one that
	 * covers addr. */
	for (tries = 0; lo > 0 && tries < 16; tries++) {
		const struct elfsym *s = &es->syms[--lo];

		if (addr - s->addr < s->size) {
			*offset = addr - s->addr;
			return s->name;
		}
	}
	return NULL;
}

size_t
elfsyms_count(const struct elfsyms *es)
{
	return es->n;
}
