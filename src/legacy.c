/*
 * legacy.c - the builder the legacy parsers share (see legacy.h): lines,
 * and numbers as pprof reads them, locations by
 * address, pprof's memory map parsing and its location and mapping
 * renumbering, and the hand-over into a struct profile.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "legacy.h"
#include "xmalloc.h"

void
legacy_lines_init(struct legacy_lines *r, const char *buf, size_t len)
{
	r->p = buf;
	r->end = buf + len;
	r->lineno = 0;
}

bool
legacy_lines_next(struct legacy_lines *r, const char **line, size_t *len)
{
	const char *nl;

	if (r->p >= r->end)
		return false;
	nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
	*line = r->p;
	*len = (size_t)((nl ? nl : r->end) - r->p);
	if (*len > 0 && (*line)[*len - 1] == '\r')
		(*len)--;
	r->p = nl ? nl + 1 : r->end;
	r->lineno++;
	return true;
}

bool
legacy_lines_next_real(struct legacy_lines *r, const char **line,
    size_t *len)
{
	while (legacy_lines_next(r, line, len))
		if (!legacy_is_space_or_comment(*line, *len))
			return true;
	return false;
}

void
legacy_trim(const char **s, size_t *len)
{
	while (*len > 0 && isspace((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

bool
legacy_is_space_or_comment(const char *s, size_t len)
{
	legacy_trim(&s, &len);
	return len == 0 || s[0] == '#';
}

/* memmem for a NUL-terminated needle. */
static bool
contains(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(s + i, needle, n) == 0)
			return true;
	return false;
}

bool
legacy_is_memory_map_sentinel(const char *s, size_t len)
{
	return contains(s, len, "--- Memory map: ---") ||
	    contains(s, len, "MAPPED_LIBRARIES:");
}

bool
legacy_parse_uint(const char *s, size_t len, int base, uint64_t *v)
{
	uint64_t x = 0;
	size_t i = 0;

	if (base == 0) {
		base = 10;
		if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			base = 16;
			i = 2;
		} else if (len >= 2 && s[0] == '0' && (s[1] == 'b' ||
		    s[1] == 'B')) {
			base = 2;
			i = 2;
		} else if (len >= 2 && s[0] == '0' && (s[1] == 'o' ||
		    s[1] == 'O')) {
			base = 8;
			i = 2;
		} else if (len >= 1 && s[0] == '0') {
			base = 8;
			i = 1;
			if (len == 1)
				i = 0;
		}
	}
	if (i >= len)
		return false;
	for (; i < len; i++) {
		int d;
		char c = s[i];

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		if (d >= base)
			return false;
		if (x > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return false;
		x = x * (uint64_t)base + (uint64_t)d;
	}
	*v = x;
	return true;
}

bool
legacy_parse_int(const char *s, size_t len, int base, int64_t *v)
{
	bool neg = false;
	uint64_t u;

	if (len > 0 && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		s++;
		len--;
	}
	if (!legacy_parse_uint(s, len, base, &u))
		return false;
	if (neg) {
		if (u > (uint64_t)INT64_MAX + 1)
			return false;
		*v = u == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)u;
	} else {
		if (u > (uint64_t)INT64_MAX)
			return false;
		*v = (int64_t)u;
	}
	return true;
}

void
legacy_first_line(const unsigned char *buf, size_t len, const char **line,
    size_t *llen)
{
	const char *s = (const char *)buf, *nl = memchr(s, '\n', len);

	*line = s;
	*llen = nl ? (size_t)(nl - s) : len;
	legacy_trim(line, llen);
}

void
legacy_init(struct legacy *l)
{
	memset(l, 0, sizeof *l);
	l->p = profile_new();
}

void
legacy_free(struct legacy *l)
{
	uint32_t i;

	profile_free(l->p);
	free(l->locs);
	free(l->loc_hash);
	free(l->lines);
	free(l->sample_start);
	free(l->sample_len);
	free(l->sample_locs);
	free(l->values);
	free(l->label_start);
	free(l->labels);
	for (i = 0; i < l->nmaps; i++) {
		free(l->maps[i].file);
		free(l->maps[i].build_id);
	}
	free(l->maps);
	free(l->fn_hash);
	free(l->syms);
	regex_free(l->rx_procmaps);
	regex_free(l->rx_briefmaps);
	regex_free(l->rx_loginfo);
	memset(l, 0, sizeof *l);
}

void
legacy_sample_types(struct legacy *l, const char *const *types)
{
	size_t i;

	for (i = 0; types[i] != NULL; i++) {
		const char *slash = strchr(types[i], '/');

		profile_add_sample_type(l->p,
		    profile_intern(l->p, types[i], (size_t)(slash - types[i])),
		    profile_intern(l->p, slash + 1, strlen(slash + 1)));
	}
}

void
legacy_heap_types(struct legacy *l, bool has_alloc)
{
	static const char *const four[] = { "alloc_objects/count",
		"alloc_space/bytes", "inuse_objects/count", "inuse_space/bytes",
		NULL };
	static const char *const two[] = { "objects/count", "space/bytes",
		NULL };

	legacy_sample_types(l, has_alloc ? four : two);
}

void
legacy_period_type(struct legacy *l, const char *type, const char *unit,
    int64_t period)
{
	l->p->period_type.type = profile_intern(l->p, type, strlen(type));
	l->p->period_type.unit = profile_intern(l->p, unit, strlen(unit));
	l->p->period = period;
}

static uint32_t
hash64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return (uint32_t)x;
}

static void
loc_rehash(struct legacy *l)
{
	uint32_t i, size = l->loc_hash_size ? l->loc_hash_size * 2 : 1024;

	free(l->loc_hash);
	l->loc_hash = xcalloc(size, sizeof *l->loc_hash);
	l->loc_hash_size = size;
	for (i = 0; i < l->nlocs; i++) {
		uint32_t h = hash64(l->locs[i].address) & (size - 1);

		while (l->loc_hash[h] != 0)
			h = (h + 1) & (size - 1);
		l->loc_hash[h] = i + 1;
	}
}

uint32_t
legacy_loc(struct legacy *l, uint64_t address)
{
	uint32_t h, i;
	struct legacy_loc *nl;

	if ((l->nlocs + 1) * 2 > l->loc_hash_size)
		loc_rehash(l);
	h = hash64(address) & (l->loc_hash_size - 1);
	while ((i = l->loc_hash[h]) != 0) {
		if (l->locs[i - 1].address == address)
			return i - 1;
		h = (h + 1) & (l->loc_hash_size - 1);
	}
	ARRAY_GROW(l->locs, l->nlocs, l->cap_locs);
	nl = &l->locs[l->nlocs];
	memset(nl, 0, sizeof *nl);
	nl->address = address;
	nl->mapping = PROF_NONE;
	l->loc_hash[h] = l->nlocs + 1;
	return l->nlocs++;
}

int
legacy_hex_addresses(const char *s, size_t len, size_t lineno,
    uint64_t **addrs, size_t *n, size_t *cap, char **cause)
{
	size_t i = 0, j;

	while (i < len) {
		uint64_t a;

		if (!(s[i] == '0' && i + 2 < len && s[i + 1] == 'x' &&
		    isxdigit((unsigned char)s[i + 2]) &&
		    !isupper((unsigned char)s[i + 2]))) {
			i++;
			continue;
		}
		for (j = i + 2; j < len && isxdigit((unsigned char)s[j]) &&
		    !isupper((unsigned char)s[j]); j++)
			;
		if (!legacy_parse_uint(s + i + 2, j - i - 2, 16, &a)) {
			*cause = xasprintf("address %.*s does not fit in 64 "
			    "bits (at line %zu)", (int)(j - i), s + i, lineno);
			return -1;
		}
		ARRAY_GROW(*addrs, *n, *cap);
		(*addrs)[(*n)++] = a;
		i = j;
	}
	return 0;
}

int
legacy_sample_addresses(struct legacy *l, const char *s, size_t len,
    size_t lineno, bool adjust, char **cause)
{
	uint64_t *addrs = NULL;
	size_t n = 0, cap = 0, i;

	if (legacy_hex_addresses(s, len, lineno, &addrs, &n, &cap,
	    cause) != 0) {
		free(addrs);
		return -1;
	}
	for (i = 0; i < n; i++)
		legacy_sample_loc(l, legacy_loc(l, adjust ? addrs[i] - 1 :
		    addrs[i]));
	free(addrs);
	return 0;
}

void
legacy_scale_heap(int64_t *count, int64_t *size, int64_t rate)
{
	double avg, scale;

	if (*count == 0 || *size == 0) {
		*count = *size = 0;
		return;
	}
	if (rate <= 1)
		return;
	avg = (double)*size / (double)*count;
	scale = 1 / (1 - exp(-avg / (double)rate));
	*count = (int64_t)((double)*count * scale);
	*size = (int64_t)((double)*size * scale);
}

uint32_t
legacy_find_loc(struct legacy *l, uint64_t address)
{
	uint32_t h, i;

	if (l->loc_hash_size == 0)
		return PROF_NONE;
	h = hash64(address) & (l->loc_hash_size - 1);
	while ((i = l->loc_hash[h]) != 0) {
		if (l->locs[i - 1].address == address)
			return i - 1;
		h = (h + 1) & (l->loc_hash_size - 1);
	}
	return PROF_NONE;
}

void
legacy_sample(struct legacy *l, const int64_t *values)
{
	size_t nt = l->p->ntypes;

	if (l->nsamples + 1 >= l->cap_samples) {
		l->cap_samples = l->cap_samples ? l->cap_samples * 2 : 64;
		l->sample_start = xreallocarray(l->sample_start,
		    l->cap_samples, sizeof *l->sample_start);
		l->sample_len = xreallocarray(l->sample_len, l->cap_samples,
		    sizeof *l->sample_len);
		l->label_start = xreallocarray(l->label_start,
		    l->cap_samples + 1, sizeof *l->label_start);
		l->values = xreallocarray(l->values, l->cap_samples * nt + 1,
		    sizeof *l->values);
	}
	if (l->nsamples == 0)
		l->label_start[0] = 0;
	l->sample_start[l->nsamples] = l->nsample_locs;
	l->sample_len[l->nsamples] = 0;
	if (nt > 0)
		memcpy(l->values + l->nsamples * nt, values,
		    nt * sizeof *values);
	l->nsamples++;
	l->label_start[l->nsamples] = l->nlabels;
}

void
legacy_sample_loc(struct legacy *l, uint32_t loc)
{
	ARRAY_GROW(l->sample_locs, l->nsample_locs, l->cap_sample_locs);
	l->sample_locs[l->nsample_locs++] = loc;
	l->sample_len[l->nsamples - 1]++;
}

static void
add_label(struct legacy *l, const struct prof_label *lb)
{
	ARRAY_GROW(l->labels, l->nlabels, l->cap_labels);
	l->labels[l->nlabels++] = *lb;
	l->label_start[l->nsamples] = l->nlabels;
}

void
legacy_sample_num_label(struct legacy *l, const char *key, int64_t v)
{
	struct prof_label lb = { 0, 0, v, 0 };

	lb.key = profile_intern(l->p, key, strlen(key));
	add_label(l, &lb);
}

void
legacy_sample_str_label(struct legacy *l, const char *key, const char *value)
{
	struct prof_label lb = { 0, 0, 0, 0 };

	lb.key = profile_intern(l->p, key, strlen(key));
	lb.str = profile_intern(l->p, value, strlen(value));
	add_label(l, &lb);
}

static void
fn_rehash(struct legacy *l)
{
	const struct profile *p = l->p;
	uint32_t i, size = l->fn_hash_size ? l->fn_hash_size * 2 : 256;

	free(l->fn_hash);
	l->fn_hash = xcalloc(size, sizeof *l->fn_hash);
	l->fn_hash_size = size;
	for (i = 0; i < p->nfunctions; i++) {
		uint32_t h = hash64(((uint64_t)p->functions[i].name << 32) |
		    p->functions[i].filename) & (size - 1);

		while (l->fn_hash[h] != 0)
			h = (h + 1) & (size - 1);
		l->fn_hash[h] = i + 1;
	}
}

uint32_t
legacy_function(struct legacy *l, const char *name, size_t nlen,
    const char *file, size_t flen)
{
	struct prof_function f;
	strid n = profile_intern(l->p, name, nlen);
	strid fl = profile_intern(l->p, file, flen);
	uint32_t h, i;

	if ((l->p->nfunctions + 1) * 2 > l->fn_hash_size)
		fn_rehash(l);
	h = hash64(((uint64_t)n << 32) | fl) & (l->fn_hash_size - 1);
	while ((i = l->fn_hash[h]) != 0) {
		if (l->p->functions[i - 1].name == n &&
		    l->p->functions[i - 1].filename == fl)
			return i - 1;
		h = (h + 1) & (l->fn_hash_size - 1);
	}
	memset(&f, 0, sizeof f);
	f.name = f.system_name = n;
	f.filename = fl;
	l->fn_hash[h] = l->p->nfunctions + 1;
	return profile_add_function(l->p, &f);
}

void
legacy_loc_set_lines(struct legacy *l, uint32_t loc,
    const struct prof_line *lines, uint32_t n)
{
	if (l->locs[loc].nlines > 0 || n == 0)
		return;
	ARRAY_RESERVE(l->lines, (size_t)l->nlines + n, l->cap_lines);
	memcpy(l->lines + l->nlines, lines, n * sizeof *lines);
	l->locs[loc].first_line = l->nlines;
	l->locs[loc].nlines = n;
	l->nlines += n;
}

bool
legacy_symbol_line(struct legacy *l, const char *s, size_t len)
{
	const char *f[3], *e = s + len, *plus, *colon;
	size_t fl[3], n = 0;
	uint64_t pc, entry;
	int64_t line;
	struct legacy_sym *sym;

	if (len < 2 || s[0] != '#')
		return false;
	s++;
	/* Three fields separated by tabs (names and files have no tabs). */
	while (s < e && n < 3) {
		while (s < e && (*s == '\t' || *s == ' '))
			s++;
		if (s == e)
			break;
		f[n] = s;
		while (s < e && *s != '\t')
			s++;
		fl[n] = (size_t)(s - f[n]);
		while (fl[n] > 0 && f[n][fl[n] - 1] == ' ')
			fl[n]--;
		n++;
	}
	if (n < 3 || fl[0] < 3 || f[0][0] != '0' || f[0][1] != 'x' ||
	    !legacy_parse_uint(f[0] + 2, fl[0] - 2, 16, &pc))
		return false;
	colon = NULL;
	for (plus = f[2] + fl[2]; plus > f[2]; plus--)
		if (plus[-1] == ':') {
			colon = plus - 1;
			break;
		}
	if (colon == NULL || !legacy_parse_int(colon + 1,
	    (size_t)(f[2] + fl[2] - colon - 1), 10, &line))
		return false;
	/* "name+0xOFF": drop the offset, keep the entry PC - OFF. */
	entry = pc;
	for (plus = f[1] + fl[1]; plus > f[1]; plus--)
		if (plus[-1] == '+')
			break;
	if (plus > f[1] && plus + 1 < f[1] + fl[1] && plus[0] == '0' &&
	    plus[1] == 'x') {
		uint64_t off;

		if (legacy_parse_uint(plus + 2, (size_t)(f[1] + fl[1] - plus -
		    2), 16, &off))
			entry = pc - off;
		fl[1] = (size_t)(plus - 1 - f[1]);
	}
	ARRAY_GROW(l->syms, l->nsyms, l->cap_syms);
	sym = &l->syms[l->nsyms++];
	sym->pc = pc;
	sym->entry = entry;
	sym->function = legacy_function(l, f[1], fl[1], f[2],
	    (size_t)(colon - f[2]));
	sym->line = line;
	l->had_symbols = true;
	return true;
}

void
legacy_symbols_apply(struct legacy *l)
{
	struct prof_line lines[64];
	uint32_t r = 0, *sl, n, i, out;
	bool *drop;

	if (l->nsyms == 0 || l->nsamples == 0) {
		l->nsyms = 0;
		return;
	}
	sl = l->sample_locs + l->sample_start[l->nsamples - 1];
	n = l->sample_len[l->nsamples - 1];
	drop = xcalloc(n ? n : 1, sizeof *drop);
	for (i = 0; i < n && r < l->nsyms; i++) {
		uint32_t g = 1, j;

		if (l->locs[sl[i]].address != l->syms[r].pc)
			continue;	/* a frame the text does not show */
		/* The run of inlined frames: same entry, another function,
		 * at the next stack positions. */
		while (r + g < l->nsyms && i + g < n && g < 64 &&
		    l->syms[r + g].entry == l->syms[r].entry &&
		    l->syms[r + g].function != l->syms[r + g - 1].function &&
		    l->locs[sl[i + g]].address == l->syms[r + g].pc)
			g++;
		for (j = 0; j < g; j++) {
			lines[j].function = l->syms[r + j].function;
			lines[j].line = l->syms[r + j].line;
			lines[j].column = 0;
			if (j > 0)
				drop[i + j] = true;
		}
		legacy_loc_set_lines(l, sl[i], lines, g);
		r += g;
		i += g - 1;
	}
	/* Frames the text did not name are the ones Go hides from its
	 * profiles (leading runtime frames, runtime.goexit): drop them, as
	 * the profile.proto form of the same profile has them not; and the
	 * inlined callers' own PCs, now lines of the callee's location. */
	for (i = 0, out = 0; i < n; i++)
		if (!drop[i] && l->locs[sl[i]].nlines > 0)
			sl[out++] = sl[i];
	if (out > 0) {
		l->nsample_locs -= n - out;
		l->sample_len[l->nsamples - 1] = out;
	}
	free(drop);
	l->nsyms = 0;
}

/* One capture as a string (empty when the group did not take part). */
static char *
capture(const char *s, const long *st, const size_t *ln, int i)
{
	return st[i] < 0 ? xstrdup("") : xstrndup(s + st[i], ln[i]);
}

/* pprof's parseMappingEntry: 1 and *m filled, 0 for a skipped
 * (non-executable) entry, -1 for an unrecognised line. */
static int
parse_mapping_entry(struct legacy *l, const char *s, size_t len,
    struct legacy_map *m)
{
	long st[8];
	size_t ln[8];
	const char *start, *end, *perm, *off;
	size_t startl, endl, perml, offl;
	char *file = NULL, *build_id = NULL;

	if (regex_captures(l->rx_procmaps, s, len, st, ln, 6) > 0) {
		file = capture(s, st, ln, 5);
		build_id = xstrdup("");
	} else if (regex_captures(l->rx_briefmaps, s, len, st, ln, 7) > 0) {
		file = capture(s, st, ln, 4);
		build_id = capture(s, st, ln, 6);
		/* Put the offset capture where procmaps has it. */
		st[4] = st[5];
		ln[4] = ln[5];
	} else
		return -1;
	start = s + st[1];
	startl = ln[1];
	end = s + st[2];
	endl = ln[2];
	perm = st[3] < 0 ? "" : s + st[3];
	perml = st[3] < 0 ? 0 : ln[3];
	off = st[4] < 0 ? "" : s + st[4];
	offl = st[4] < 0 ? 0 : ln[4];
	memset(m, 0, sizeof *m);
	if (perml > 0 && memchr(perm, 'x', perml) == NULL) {
		free(file);
		free(build_id);
		return 0;
	}
	if (!legacy_parse_uint(start, startl, 16, &m->start) ||
	    !legacy_parse_uint(end, endl, 16, &m->limit) ||
	    (offl > 0 && !legacy_parse_uint(off, offl, 16, &m->offset))) {
		free(file);
		free(build_id);
		return -1;
	}
	m->file = file;
	m->build_id = build_id;
	return 1;
}

/* strings.Replacer over "$attr" -> value pairs, in argument order. */
static char *
replace_attrs(const char *s, size_t len, char **attrs, size_t nattrs)
{
	size_t cap = len + 1, n = 0, i = 0, k;
	char *out = xmalloc(cap);

	while (i < len) {
		for (k = 0; k < nattrs; k += 2) {
			size_t al = strlen(attrs[k]);

			if (al > 0 && i + al <= len &&
			    memcmp(s + i, attrs[k], al) == 0)
				break;
		}
		if (k < nattrs) {
			size_t vl = strlen(attrs[k + 1]);

			ARRAY_RESERVE(out, n + vl + 1, cap);
			memcpy(out + n, attrs[k + 1], vl);
			n += vl;
			i += strlen(attrs[k]);
		} else {
			ARRAY_RESERVE(out, n + 2, cap);
			out[n++] = s[i++];
		}
	}
	out[n] = '\0';
	return out;
}

static bool
lib_like(const char *f)
{
	/* libRx: ([.]so$|[.]so[._][0-9]+) */
	const char *p = f;

	while ((p = strstr(p, ".so")) != NULL) {
		if (p[3] == '\0')
			return true;
		if ((p[3] == '.' || p[3] == '_') && isdigit((unsigned char)p[4]))
			return true;
		p++;
	}
	return false;
}

/* pprof's adjacent(). */
static bool
adjacent(const struct legacy_map *a, const struct legacy_map *b)
{
	if (*a->file && *b->file && strcmp(a->file, b->file) != 0)
		return false;
	if (*a->build_id && *b->build_id && strcmp(a->build_id,
	    b->build_id) != 0)
		return false;
	if (a->limit != b->start)
		return false;
	if (a->offset != 0 && b->offset != 0 &&
	    a->offset + (a->limit - a->start) != b->offset)
		return false;
	return true;
}

/* pprof's massageMappings. */
static void
massage_mappings(struct legacy *l)
{
	uint32_t i, n;

	if (l->nmaps > 1) {
		n = 1;
		for (i = 1; i < l->nmaps; i++) {
			struct legacy_map *lm = &l->maps[n - 1], *m = &l->maps[i];

			if (adjacent(lm, m)) {
				lm->limit = m->limit;
				if (*m->file) {
					free(lm->file);
					lm->file = m->file;
					m->file = NULL;
				}
				if (*m->build_id) {
					free(lm->build_id);
					lm->build_id = m->build_id;
					m->build_id = NULL;
				}
				free(m->file);
				free(m->build_id);
				continue;
			}
			l->maps[n++] = *m;
		}
		l->nmaps = n;
	}
	for (i = 0; i < l->nmaps; i++) {
		char *file = xstrdup(l->maps[i].file), *d, *s, *e;
		struct legacy_map tmp;

		/* strings.Replace(file, "(deleted)", "", -1), TrimSpace */
		while ((d = strstr(file, "(deleted)")) != NULL)
			memmove(d, d + 9, strlen(d + 9) + 1);
		for (s = file; isspace((unsigned char)*s); s++)
			;
		for (e = s + strlen(s); e > s && isspace((unsigned char)e[-1]);)
			*--e = '\0';
		if (*s == '\0' || lib_like(s) || *s == '[') {
			free(file);
			continue;
		}
		free(file);
		tmp = l->maps[0];
		l->maps[0] = l->maps[i];
		l->maps[i] = tmp;
		break;
	}
}

/* pprof's remapLocationIDs: number locations in order of first use. */
static void
remap_locations(struct legacy *l)
{
	uint32_t order = 0, i;
	size_t s, k;

	for (i = 0; i < l->nlocs; i++)
		l->locs[i].used = false;
	for (s = 0; s < l->nsamples; s++)
		for (k = 0; k < l->sample_len[s]; k++) {
			struct legacy_loc *lc =
			    &l->locs[l->sample_locs[l->sample_start[s] + k]];

			if (!lc->used) {
				lc->used = true;
				lc->order = order++;
			}
		}
}

/* pprof's remapMappingIDs. */
static void
remap_mappings(struct legacy *l)
{
	uint32_t i, k, fake = PROF_NONE;

	if (l->nmaps > 1 && strncmp(l->maps[0].file, "/anon_hugepage",
	    14) == 0 && l->maps[0].limit == l->maps[1].start) {
		free(l->maps[0].file);
		free(l->maps[0].build_id);
		memmove(l->maps, l->maps + 1, (l->nmaps - 1) * sizeof *l->maps);
		l->nmaps--;
	}
	if (l->nmaps > 0 && l->maps[0].start - l->maps[0].offset == 0x400000) {
		l->maps[0].start = 0x400000;
		l->maps[0].offset = 0;
	}
	for (i = 0; i < l->nlocs; i++) {
		struct legacy_loc *lc = &l->locs[i];
		uint64_t a = lc->address;

		if (!lc->used || lc->mapping != PROF_NONE || a == 0)
			continue;
		for (k = 0; k < l->nmaps; k++)
			if (l->maps[k].start <= a && a < l->maps[k].limit)
				break;
		if (k == l->nmaps)
			for (k = 0; k < l->nmaps; k++) {
				struct legacy_map *m = &l->maps[k];

				if (m->offset != 0 && m->start - m->offset <= a &&
				    a < m->start) {
					m->start -= m->offset;
					m->offset = 0;
					break;
				}
			}
		if (k == l->nmaps) {
			if (fake == PROF_NONE) {
				ARRAY_GROW(l->maps, l->nmaps, l->cap_maps);
				memset(&l->maps[l->nmaps], 0, sizeof *l->maps);
				l->maps[l->nmaps].limit = UINT64_MAX;
				l->maps[l->nmaps].file = xstrdup("");
				l->maps[l->nmaps].build_id = xstrdup("");
				fake = l->nmaps++;
			}
			k = fake;
		}
		lc->mapping = k;
	}
}

/* Locations are visited in their renumbered order (pprof iterates
 * p.Location), which matters for the adjacent-range fix-up above. */
static void
sort_locations_for_remap(struct legacy *l, uint32_t **perm)
{
	uint32_t i;

	*perm = xcalloc(l->nlocs ? l->nlocs : 1, sizeof **perm);
	for (i = 0; i < l->nlocs; i++)
		if (l->locs[i].used)
			(*perm)[l->locs[i].order] = i;
}

void
legacy_remap(struct legacy *l)
{
	uint32_t *perm, nused = 0, i;
	struct legacy_loc *copy;

	massage_mappings(l);
	remap_locations(l);
	/* Reorder locs so that iteration follows pprof's order; unused
	 * locations go last. */
	sort_locations_for_remap(l, &perm);
	for (i = 0; i < l->nlocs; i++)
		if (l->locs[i].used)
			nused++;
	copy = xcalloc(l->nlocs ? l->nlocs : 1, sizeof *copy);
	{
		uint32_t *newidx = xcalloc(l->nlocs ? l->nlocs : 1,
		    sizeof *newidx), next = nused;
		size_t k;

		for (i = 0; i < nused; i++) {
			copy[i] = l->locs[perm[i]];
			newidx[perm[i]] = i;
		}
		for (i = 0; i < l->nlocs; i++)
			if (!l->locs[i].used) {
				copy[next] = l->locs[i];
				newidx[i] = next++;
			}
		for (k = 0; k < l->nsample_locs; k++)
			l->sample_locs[k] = newidx[l->sample_locs[k]];
		free(newidx);
	}
	free(l->locs);
	l->locs = copy;
	l->cap_locs = l->nlocs;
	free(perm);
	/* Indices changed: rebuild the address index at its size. */
	l->loc_hash_size /= 2;
	loc_rehash(l);
	remap_mappings(l);
}

void
legacy_memory_map(struct legacy *l, struct legacy_lines *r)
{
	const char *line;
	size_t len;
	char **attrs = NULL;
	size_t nattrs = 0, k;

	if (l->rx_procmaps == NULL) {
		l->rx_procmaps = regex_new_fixed("^\\s*(?:0x)?([[:xdigit:]]+)"
		    "[\\s-]?\\s*(?:0x)?([[:xdigit:]]+):?(?:\\s+([-rwxp]+))?"
		    "(?:\\s+([[:xdigit:]]+))?\\s+[[:xdigit:]]+:[[:xdigit:]]+"
		    "\\s+[[:digit:]]+(?:\\s+(\\S+))?");
		l->rx_briefmaps = regex_new_fixed("^\\s*(?:0x)?([[:xdigit:]]+)"
		    "[\\s-]?\\s*(?:0x)?([[:xdigit:]]+):?(?:\\s+([-rwxp]+))?"
		    "(?:\\s+(\\S+))?(?:\\s+\\(@([[:xdigit:]]+)\\))?"
		    "(?:\\s+([[:xdigit:]]+))?");
		l->rx_loginfo = regex_new_fixed("^[^\\[\\]]+:[0-9]+]\\s");
	}
	while (r != NULL && legacy_lines_next(r, &line, &len)) {
		long st[2];
		size_t ln[2];
		char *s;
		struct legacy_map m;
		int rc;

		if (regex_captures(l->rx_loginfo, line, len, st, ln, 1) > 0) {
			line += ln[0];
			len -= ln[0];
		}
		s = replace_attrs(line, len, attrs, nattrs);
		rc = parse_mapping_entry(l, s, strlen(s), &m);
		if (rc == 1) {
			ARRAY_GROW(l->maps, l->nmaps, l->cap_maps);
			l->maps[l->nmaps++] = m;
		} else if (rc < 0) {
			char *eq = strchr(s, '=');

			if (eq != NULL) {
				const char *a = s, *v = eq + 1;
				size_t al = (size_t)(eq - s), vl = strlen(v);

				legacy_trim(&a, &al);
				legacy_trim(&v, &vl);
				attrs = xreallocarray(attrs, nattrs + 2,
				    sizeof *attrs);
				attrs[nattrs] = xasprintf("$%.*s", (int)al, a);
				attrs[nattrs + 1] = xstrndup(v, vl);
				nattrs += 2;
			}
		}
		free(s);
	}
	for (k = 0; k < nattrs; k++)
		free(attrs[k]);
	free(attrs);
	legacy_remap(l);
}

void
legacy_additional_sections(struct legacy *l, struct legacy_lines *r,
    bool at_map)
{
	const char *line;
	size_t len;

	if (!at_map)
		while (legacy_lines_next(r, &line, &len))
			if (legacy_is_memory_map_sentinel(line, len))
				break;
	legacy_memory_map(l, r);
}

void
legacy_cleanup_duplicates(struct legacy *l)
{
	size_t s;

	for (s = 0; s < l->nsamples; s++) {
		uint32_t *sl = l->sample_locs + l->sample_start[s];

		if (l->sample_len[s] > 1 &&
		    l->locs[sl[0]].address == l->locs[sl[1]].address + 1) {
			memmove(sl + 1, sl + 2,
			    (l->sample_len[s] - 2) * sizeof *sl);
			l->sample_len[s]--;
		}
	}
}

struct profile *
legacy_finish(struct legacy *l)
{
	struct profile *p = l->p;
	uint32_t *locidx = xcalloc(l->nlocs ? l->nlocs : 1, sizeof *locidx);
	uint32_t *stack = NULL, i;
	size_t s, cap = 0;

	for (i = 0; i < l->nmaps; i++) {
		struct prof_mapping m;

		memset(&m, 0, sizeof m);
		m.start = l->maps[i].start;
		m.limit = l->maps[i].limit;
		m.offset = l->maps[i].offset;
		m.file = profile_intern(p, l->maps[i].file,
		    strlen(l->maps[i].file));
		m.build_id = profile_intern(p, l->maps[i].build_id,
		    strlen(l->maps[i].build_id));
		profile_add_mapping(p, &m);
	}
	/* legacy_remap put the used locations first, in order. */
	for (i = 0; i < l->nlocs; i++) {
		struct prof_location pl;

		if (!l->locs[i].used)
			break;
		memset(&pl, 0, sizeof pl);
		pl.mapping = l->locs[i].mapping;
		pl.address = l->locs[i].address;
		locidx[i] = profile_add_location(p, &pl,
		    l->lines + l->locs[i].first_line, l->locs[i].nlines);
	}
	for (s = 0; s < l->nsamples; s++) {
		uint32_t n = l->sample_len[s], k;

		ARRAY_RESERVE(stack, (size_t)n + 1, cap);
		for (k = 0; k < n; k++)
			stack[k] = locidx[l->sample_locs[l->sample_start[s] +
			    k]];
		profile_add_sample(p, profile_intern_stack(p, stack, n),
		    l->values + s * p->ntypes, l->labels + l->label_start[s],
		    l->label_start[s + 1] - l->label_start[s]);
	}
	free(stack);
	free(locidx);
	l->p = NULL;
	return p;
}

/* Whether the profile's sample types are exactly these (NULL-ended). */
static bool
types_are(const struct profile *p, const char *const *t)
{
	uint32_t i;

	for (i = 0; i < p->ntypes && t[i] != NULL; i++)
		if (strcmp(profile_str(p, p->sample_types[i].type), t[i]) != 0)
			return false;
	return i == p->ntypes && t[i] == NULL;
}

void
legacy_frame_info(struct profile *p)
{
	static const char *const heapz[][5] = {
		{ "allocations", "size", NULL },
		{ "objects", "space", NULL },
		{ "inuse_objects", "inuse_space", NULL },
		{ "alloc_objects", "alloc_space", NULL },
		{ "alloc_objects", "alloc_space", "inuse_objects",
		    "inuse_space", NULL },
	};
	static const char *const contentionz[] = { "contentions", "delay",
		NULL };
	static const char alloc_rx[] =
	    "calloc|cfree|malloc|free|memalign|do_memalign|"
	    "(__)?posix_memalign|pvalloc|valloc|realloc|"
	    "tcmalloc::.*|tc_calloc|tc_cfree|tc_malloc|tc_free|tc_memalign|"
	    "tc_posix_memalign|tc_pvalloc|tc_valloc|tc_realloc|tc_new|"
	    "tc_delete|tc_newarray|tc_deletearray|tc_new_nothrow|"
	    "tc_newarray_nothrow|"
	    "malloc_zone_malloc|malloc_zone_calloc|malloc_zone_valloc|"
	    "malloc_zone_realloc|malloc_zone_memalign|malloc_zone_free|"
	    "runtime\\..*|"
	    "BaseArena::.*|(::)?do_malloc_no_errno|(::)?do_malloc_pages|"
	    "(::)?do_malloc|DoSampledAllocation|"
	    "MallocedMemBlock::MallocedMemBlock|_M_allocate|"
	    "__builtin_(vec_)?delete|__builtin_(vec_)?new|"
	    "__gnu_cxx::new_allocator::allocate|__libc_malloc|"
	    "__malloc_alloc_template::allocate|allocate|cpp_alloc|"
	    "operator new(\\[\\])?|simple_alloc::allocate";
	static const char alloc_skip_rx[] =
	    "runtime\\.panic|runtime\\.reflectcall|runtime\\.call[0-9]*";
	static const char cpu_rx[] =
	    "ProfileData::Add|ProfileData::prof_handler|"
	    "CpuProfiler::prof_handler|__pthread_sighandler|__restore";
	static const char lock_rx[] =
	    "RecordLockProfileData|(base::)?RecordLockProfileData.*|"
	    "(base::)?SubmitMutexProfileData.*|"
	    "(base::)?SubmitSpinLockProfileData.*|"
	    "(base::Mutex::)?AwaitCommon.*|(base::Mutex::)?Unlock.*|"
	    "(base::Mutex::)?UnlockSlow.*|(base::Mutex::)?ReaderUnlock.*|"
	    "(base::MutexLock::)?~MutexLock.*|(Mutex::)?AwaitCommon.*|"
	    "(Mutex::)?Unlock.*|(Mutex::)?UnlockSlow.*|"
	    "(Mutex::)?ReaderUnlock.*|(MutexLock::)?~MutexLock.*|"
	    "(SpinLock::)?Unlock.*|(SpinLock::)?SlowUnlock.*|"
	    "(SpinLockHolder::)?~SpinLockHolder.*";
	size_t i;

	for (i = 0; i < sizeof heapz / sizeof heapz[0]; i++)
		if (types_are(p, heapz[i])) {
			p->drop_frames = profile_intern(p, alloc_rx,
			    strlen(alloc_rx));
			p->keep_frames = profile_intern(p, alloc_skip_rx,
			    strlen(alloc_skip_rx));
			return;
		}
	if (types_are(p, contentionz)) {
		p->drop_frames = profile_intern(p, lock_rx, strlen(lock_rx));
		p->keep_frames = 0;
		return;
	}
	p->drop_frames = profile_intern(p, cpu_rx, strlen(cpu_rx));
	p->keep_frames = 0;
}
