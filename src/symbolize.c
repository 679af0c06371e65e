/*
 * symbolize.c - raw addresses to functions and lines with libdwfl (see
 * symbolize.h): find each mapping's file, open it once, translate
 * addresses as pprof's GetBase does, and read DWARF scopes for inlined
 * frames.
 */
#include "config.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "symbolize.h"
#include "xmalloc.h"

bool
symbolize_is_elf(const char *path)
{
	unsigned char magic[4];
	struct stat st;
	int fd;
	bool ok;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	if ((fd = open(path, O_RDONLY)) < 0)
		return false;
	ok = read(fd, magic, 4) == 4 && memcmp(magic, "\177ELF", 4) == 0;
	close(fd);
	return ok;
}

/* An opened ELF file. */
struct symfile {
	Dwfl *dwfl;
	Dwfl_Module *mod;
	Elf *elf;
	GElf_Addr bias;		/* dwfl address - ELF address */
	bool has_dwarf;
	char build_id[128];	/* hex, "" if none */
};

/* No separate debug files beyond what the search found (and never a
 * network lookup): libdwfl then reads the file's own DWARF. */
static int
no_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
    Dwarf_Addr base, const char *file_name, const char *debuglink_file,
    GElf_Word debuglink_crc, char **debuginfo_file_name)
{
	return -1;
}

static const Dwfl_Callbacks callbacks = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = no_debuginfo,
	.section_address = dwfl_offline_section_address,
};

static int
symfile_open(const char *path, struct symfile *sf)
{
	const unsigned char *bits;
	GElf_Addr vaddr;
	Dwarf_Addr b;
	int n, i;

	memset(sf, 0, sizeof *sf);
	if (!symbolize_is_elf(path))
		return -1;
	sf->dwfl = dwfl_begin(&callbacks);
	if (sf->dwfl == NULL)
		return -1;
	dwfl_report_begin(sf->dwfl);
	sf->mod = dwfl_report_offline(sf->dwfl, "", path, -1);
	dwfl_report_end(sf->dwfl, NULL, NULL);
	if (sf->mod == NULL ||
	    (sf->elf = dwfl_module_getelf(sf->mod, &sf->bias)) == NULL) {
		dwfl_end(sf->dwfl);
		sf->dwfl = NULL;
		return -1;
	}
	n = dwfl_module_build_id(sf->mod, &bits, &vaddr);
	for (i = 0; i < n && i < 63; i++)
		snprintf(sf->build_id + 2 * i, 3, "%02x", bits[i]);
	sf->has_dwarf = dwfl_module_getdwarf(sf->mod, &b) != NULL;
	return 0;
}

static void
symfile_close(struct symfile *sf)
{
	if (sf->dwfl != NULL)
		dwfl_end(sf->dwfl);
	sf->dwfl = NULL;
}

/* pprof's GetBase: the ELF address of runtime address x in mapping m. */
static uint64_t
elf_address(const struct symfile *sf, const struct prof_mapping *m,
    uint64_t x)
{
	GElf_Ehdr eh;
	size_t nph, i;
	GElf_Phdr ph, best;
	bool found = false;

	if (gelf_getehdr(sf->elf, &eh) == NULL || eh.e_type != ET_DYN)
		return x;
	if (elf_getphdrnum(sf->elf, &nph) != 0)
		return x;
	/* The load segment the mapping's file offset falls in; an
	 * executable one first. */
	for (i = 0; i < nph; i++) {
		uint64_t lo;

		if (gelf_getphdr(sf->elf, (int)i, &ph) == NULL ||
		    ph.p_type != PT_LOAD)
			continue;
		lo = ph.p_offset & ~(uint64_t)0xfff;
		if (m->offset >= lo && m->offset < ph.p_offset + ph.p_filesz &&
		    (!found || (ph.p_flags & PF_X))) {
			best = ph;
			found = true;
		}
	}
	if (!found)
		return x - m->start + m->offset;
	return x - m->start + m->offset - best.p_offset + best.p_vaddr;
}

/* A DIE attribute's string, following abstract origins. */
static const char *
die_string(Dwarf_Die *die, int at)
{
	Dwarf_Attribute a;

	if (dwarf_attr_integrate(die, at, &a) == NULL)
		return NULL;
	return dwarf_formstring(&a);
}

/* Functions added to the profile, by (name, file). */
struct fntab {
	uint64_t *keys;		/* name << 32 | file; 0 = empty */
	uint32_t *idx;
	size_t size, n;
};

static uint32_t
fn_get(struct profile *p, struct fntab *t, const char *name,
    const char *sysname, const char *file)
{
	strid n = profile_intern(p, name, strlen(name));
	strid f = profile_intern(p, file, strlen(file));
	uint64_t key = ((uint64_t)n << 32) | f;
	size_t h;
	struct prof_function fn;

	if ((t->n + 1) * 2 > t->size) {
		size_t i, size = t->size ? t->size * 2 : 256;
		uint64_t *keys = xcalloc(size, sizeof *keys);
		uint32_t *idx = xcalloc(size, sizeof *idx);

		for (i = 0; i < t->size; i++)
			if (t->keys[i] != 0) {
				h = (size_t)(t->keys[i] * 0x9e3779b97f4a7c15ULL >>
				    20) & (size - 1);
				while (keys[h] != 0)
					h = (h + 1) & (size - 1);
				keys[h] = t->keys[i];
				idx[h] = t->idx[i];
			}
		free(t->keys);
		free(t->idx);
		t->keys = keys;
		t->idx = idx;
		t->size = size;
	}
	h = (size_t)(key * 0x9e3779b97f4a7c15ULL >> 20) & (t->size - 1);
	while (t->keys[h] != 0) {
		if (t->keys[h] == key)
			return t->idx[h];
		h = (h + 1) & (t->size - 1);
	}
	memset(&fn, 0, sizeof fn);
	fn.name = n;
	fn.system_name = profile_intern(p, sysname, strlen(sysname));
	fn.filename = f;
	t->keys[h] = key;
	t->idx[h] = profile_add_function(p, &fn);
	t->n++;
	return t->idx[h];
}

/* One frame: the function of a subprogram or inlined subroutine DIE at
 * file:line. */
static void
emit_frame(struct profile *p, struct fntab *ft, Dwarf_Die *die,
    const char *file, int lineno, struct prof_line *out)
{
	const char *name, *sys;

	name = die_string(die, DW_AT_name);
	sys = die_string(die, DW_AT_linkage_name);
	if (sys == NULL)
		sys = die_string(die, DW_AT_MIPS_linkage_name);
	if (name == NULL)
		name = sys != NULL ? sys : "";
	if (sys == NULL)
		sys = name;
	out->function = fn_get(p, ft, name, sys, file ? file : "");
	out->line = lineno;
	out->column = 0;
}

/* The frames of one address (innermost first) into lines[]; how many. */
static uint32_t
lookup(struct profile *p, struct fntab *ft, const struct symfile *sf,
    uint64_t addr, struct prof_line *lines, uint32_t max)
{
	Dwarf_Addr cubias, a = addr + sf->bias;
	Dwarf_Die *cudie, *scopes = NULL;
	Dwfl_Line *dl;
	Dwarf_Files *files = NULL;
	size_t nfiles = 0;
	const char *file = NULL;
	int lineno = 0, n, i;
	uint32_t out = 0;

	cudie = dwfl_module_addrdie(sf->mod, a, &cubias);
	if (cudie == NULL)
		return 0;
	if ((dl = dwfl_module_getsrc(sf->mod, a)) != NULL)
		file = dwfl_lineinfo(dl, NULL, &lineno, NULL, NULL, NULL);
	dwarf_getsrcfiles(cudie, &files, &nfiles);
	n = dwarf_getscopes(cudie, a - cubias, &scopes);
	for (i = 0; i < n; i++) {
		int tag = dwarf_tag(&scopes[i]);

		if (tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine)
			break;
	}
	if (i < n) {
		/* dwarf_getscopes follows an inlined instance into its
		 * abstract origin; the callers are the concrete DIE's
		 * parents, which dwarf_getscopes_die gives. */
		Dwarf_Die cur = scopes[i];

		while (out < max) {
			Dwarf_Die *chain = NULL;
			Dwarf_Attribute at;
			Dwarf_Word w;
			int tag = dwarf_tag(&cur), m, j;

			emit_frame(p, ft, &cur, file, lineno, &lines[out++]);
			if (tag != DW_TAG_inlined_subroutine)
				break;
			/* The caller's position is where this was inlined. */
			file = NULL;
			lineno = 0;
			if (dwarf_attr(&cur, DW_AT_call_file, &at) != NULL &&
			    dwarf_formudata(&at, &w) == 0 && files != NULL &&
			    w < nfiles)
				file = dwarf_filesrc(files, w, NULL, NULL);
			if (dwarf_attr(&cur, DW_AT_call_line, &at) != NULL &&
			    dwarf_formudata(&at, &w) == 0)
				lineno = (int)w;
			m = dwarf_getscopes_die(&cur, &chain);
			for (j = 1; j < m; j++) {
				tag = dwarf_tag(&chain[j]);
				if (tag == DW_TAG_subprogram ||
				    tag == DW_TAG_inlined_subroutine)
					break;
			}
			if (j >= m) {
				free(chain);
				break;
			}
			cur = chain[j];
			free(chain);
		}
	}
	free(scopes);
	return out;
}

/* Whether a mapping's file cannot be symbolized (pprof's
 * Unsymbolizable). */
static bool
unsymbolizable(const char *file)
{
	return *file == '\0' || *file == '[' ||
	    strncmp(file, "linux-vdso", 10) == 0 ||
	    strncmp(file, "/dev/dri/", 9) == 0 ||
	    strcmp(file, "//anon") == 0;
}

/* Try to open path for mapping m: 0 if it fits (matching build id). */
static int
try_open(const char *path, const char *build_id, struct symfile *sf)
{
	if (symfile_open(path, sf) != 0)
		return -1;
	if (*build_id != '\0' && *sf->build_id != '\0' &&
	    strcmp(build_id, sf->build_id) != 0) {
		symfile_close(sf);
		return -1;
	}
	return 0;
}

/* pprof's locateBinaries for one mapping, then the mapping's own path:
 * the file to use, or NULL. */
static char *
find_file(const char *file, const char *build_id, struct symfile *sf)
{
	const char *env = getenv("PPROF_BINARY_PATH"), *home = getenv("HOME");
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	char *search, *dir, *save = NULL, *dirname;

	if (env != NULL && *env != '\0')
		search = xstrdup(env);
	else
		search = xasprintf("%s/pprof/binaries", home ? home : "");
	dirname = xstrdup(file);
	if (strrchr(dirname, '/') != NULL)
		*strrchr(dirname, '/') = '\0';
	else
		strcpy(dirname, ".");
	for (dir = strtok_r(search, ":", &save); dir != NULL;
	    dir = strtok_r(NULL, ":", &save)) {
		char *cand[8];
		size_t nc = 0, i;

		if (*build_id != '\0') {
			cand[nc++] = xasprintf("%s/%s/%s", dir, build_id, base);
			cand[nc++] = xasprintf("%s/%s/%s", dir, file, build_id);
			if (strlen(build_id) > 2)
				cand[nc++] = xasprintf("%s/.build-id/%.2s/%s.debug",
				    dir, build_id, build_id + 2);
		}
		if (*file != '\0') {
			cand[nc++] = xasprintf("%s/%s", dir, base);
			cand[nc++] = xasprintf("%s/%s", dir, file);
			cand[nc++] = xasprintf("%s/%s.debug", dir, file);
			cand[nc++] = xasprintf("%s/%s/.debug/%s.debug", dir,
			    dirname, base);
			cand[nc++] = xasprintf("%s/usr/lib/debug/%s/%s.debug",
			    dir, dirname, base);
		}
		for (i = 0; i < nc; i++)
			if (try_open(cand[i], build_id, sf) == 0) {
				char *found = cand[i];
				size_t k;

				for (k = 0; k < nc; k++)
					if (k != i)
						free(cand[k]);
				free(search);
				free(dirname);
				return found;
			}
		for (i = 0; i < nc; i++)
			free(cand[i]);
	}
	free(search);
	free(dirname);
	if (try_open(file, build_id, sf) == 0)
		return xstrdup(file);
	return NULL;
}

int
symbolize_profile(struct profile *p, const char *binary, char **cause)
{
	struct fntab ft = { NULL, NULL, 0, 0 };
	bool *needs = xcalloc(p->nmappings ? p->nmappings : 1, sizeof *needs);
	uint32_t i, k;
	int rc = 0;

	for (i = 0; i < p->nlocations; i++) {
		const struct prof_location *l = &p->locations[i];

		if (l->nlines == 0 && l->mapping != PROF_NONE)
			needs[l->mapping] = true;
	}
	if (binary != NULL && p->nmappings == 0) {
		/* pprof gives such a profile a mapping for the binary. */
		struct prof_mapping m;

		memset(&m, 0, sizeof m);
		profile_add_mapping(p, &m);
		needs = xreallocarray(needs, 1, sizeof *needs);
		needs[0] = true;
		for (i = 0; i < p->nlocations; i++)
			p->locations[i].mapping = 0;
	}
	for (k = 0; k < p->nmappings; k++) {
		struct prof_mapping *m = &p->mappings[k];
		const char *build_id = profile_str(p, m->build_id);
		struct symfile sf;
		char *path = NULL;
		struct prof_line lines[64];

		if (k == 0 && binary != NULL) {
			if (symfile_open(binary, &sf) != 0) {
				*cause = xasprintf("%s: not an ELF file that "
				    "elfutils can read", binary);
				rc = -1;
				break;
			}
			if (*build_id != '\0' && *sf.build_id != '\0' &&
			    strcmp(build_id, sf.build_id) != 0) {
				*cause = xasprintf("%s: build id %s does not "
				    "match the profile's main mapping (%s)",
				    binary, sf.build_id, build_id);
				symfile_close(&sf);
				rc = -1;
				break;
			}
			m->file = profile_intern(p, binary, strlen(binary));
			path = xstrdup(binary);
		}
		if (!needs[k]) {
			if (path != NULL)
				symfile_close(&sf);
			free(path);
			continue;
		}
		if (path == NULL) {
			const char *file = profile_str(p, m->file);

			if (unsymbolizable(file))
				continue;
			if ((path = find_file(file, build_id, &sf)) == NULL)
				continue;
		}
		for (i = 0; i < p->nlocations; i++) {
			struct prof_location *l = &p->locations[i];
			uint32_t n;

			if (l->mapping != k || l->nlines != 0)
				continue;
			n = lookup(p, &ft, &sf, elf_address(&sf, m, l->address),
			    lines, sizeof lines / sizeof lines[0]);
			if (n > 0)
				profile_set_location_lines(p, i, lines, n);
		}
		m = &p->mappings[k];
		if (sf.has_dwarf)
			m->has_functions = m->has_filenames =
			    m->has_line_numbers = m->has_inline_frames = true;
		symfile_close(&sf);
		free(path);
	}
	free(ft.keys);
	free(ft.idx);
	free(needs);
	return rc;
}
