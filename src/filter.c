/*
 * filter.c - pprof's focus, ignore, hide, show, show_from, tag filters and
 * prune_from (see filter.h), following profile/filter.go, profile/prune.go
 * and driver/driver_focus.go.
 *
 * Every regex runs once per function and once per mapping, never per
 * sample: each pass first decides what happens to every location (kept,
 * hidden, or replaced by a location with fewer frames), then rewrites each
 * distinct stack once, then keeps or drops samples by their stack.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "regex.h"
#include "units.h"
#include "xmalloc.h"

#define DROP UINT32_MAX		/* a stack or location that goes away */

bool
filter_any(const struct filter_spec *f)
{
	return f->focus || f->ignore || f->hide || f->show || f->show_from ||
	    f->prune_from || f->tagfocus || f->tagignore || f->tagshow ||
	    f->taghide;
}

char **
filter_active(const struct filter_spec *f)
{
	const char *names[] = { "focus", "ignore", "hide", "show", "show_from",
	    "tagfocus", "tagignore", "tagshow", "taghide" };
	const char *vals[] = { f->focus, f->ignore, f->hide, f->show,
	    f->show_from, f->tagfocus, f->tagignore, f->tagshow, f->taghide };
	char **out = xcalloc(10, sizeof *out);
	size_t i, n = 0;

	for (i = 0; i < 9; i++)
		if (vals[i] != NULL && *vals[i] != '\0')
			out[n++] = xasprintf("%s=%s", names[i], vals[i]);
	if (n == 0) {
		free(out);
		return NULL;
	}
	return out;
}

void
filter_active_free(char **a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; a[i] != NULL; i++)
		free(a[i]);
	free(a);
}

/* Compile an optional regex flag as pprof's compileRegexOption. */
static int
compile(const char *name, const char *value, struct regex **out,
    char **cause)
{
	char *why = NULL;

	*out = NULL;
	if (value == NULL || *value == '\0')
		return 0;
	if ((*out = regex_new(value, &why)) == NULL) {
		*cause = xasprintf("parsing %s regexp: %s", name, why);
		free(why);
		return -1;
	}
	return 0;
}

/* Per function: does its name or file match (location.matchesName's
 * per-line test)?  Per mapping: does its file match? */
struct matches {
	bool *func;
	bool *map;
};

static void
matches_init(struct matches *m, const struct profile *p, struct regex *rx)
{
	uint32_t i;

	m->func = xcalloc(p->nfunctions + 1, sizeof *m->func);
	m->map = xcalloc(p->nmappings + 1, sizeof *m->map);
	if (rx == NULL)
		return;
	for (i = 0; i < p->nfunctions; i++)
		m->func[i] = regex_match(rx, profile_str(p,
		    p->functions[i].name)) || regex_match(rx, profile_str(p,
		    p->functions[i].filename));
	for (i = 0; i < p->nmappings; i++)
		m->map[i] = regex_match(rx, profile_str(p, p->mappings[i].file));
}

static void
matches_done(struct matches *m)
{
	free(m->func);
	free(m->map);
}

static bool
map_match(const struct matches *m, const struct prof_location *l)
{
	return l->mapping != PROF_NONE && m->map[l->mapping];
}

/* pprof's Location.matchesName. */
static bool
loc_matches(const struct profile *p, const struct matches *m, uint32_t l)
{
	const struct prof_location *loc = &p->locations[l];
	uint32_t k;

	for (k = 0; k < loc->nlines; k++)
		if (m->func[p->lines[loc->first_line + k].function])
			return true;
	return map_match(m, loc);
}

/*
 * Location l with only the given frames: l itself when nothing changed,
 * else a new location (the tables may move).
 */
static uint32_t
loc_with_lines(struct profile *p, uint32_t l, const struct prof_line *lines,
    uint32_t n)
{
	struct prof_location copy = p->locations[l];

	if (n == copy.nlines)
		return l;
	return profile_add_location(p, &copy, lines, n);
}

/* Location l with only its frames [from, from + n). */
static uint32_t
loc_with_range(struct profile *p, uint32_t l, uint32_t from, uint32_t n)
{
	struct prof_line *lines;
	uint32_t r;

	if (n == p->locations[l].nlines)
		return l;
	lines = xmalloc(((size_t)n + 1) * sizeof *lines);
	memcpy(lines, p->lines + p->locations[l].first_line + from,
	    n * sizeof *lines);
	r = loc_with_lines(p, l, lines, n);
	free(lines);
	return r;
}

/*
 * Keep the samples whose stack maps to a stack other than DROP (newstack
 * indexed by old stack; NULL = unchanged) and whose keep[] is true (NULL =
 * all), moving them down so the arrays stay dense.
 */
static void
compact_samples(struct profile *p, const uint32_t *newstack, const bool *keep)
{
	size_t i, n = 0, nl = 0, j, t = p->ntypes;

	for (i = 0; i < p->nsamples; i++) {
		uint32_t s = p->sample_stack[i];
		size_t l0 = p->label_start[i], l1 = p->label_start[i + 1];

		if (newstack != NULL)
			s = newstack[s];
		if (s == DROP || (keep != NULL && !keep[i]))
			continue;
		p->sample_stack[n] = s;
		if (n != i)
			memmove(p->values + n * t, p->values + i * t,
			    t * sizeof *p->values);
		p->label_start[n] = nl;
		for (j = l0; j < l1; j++)
			p->labels[nl++] = p->labels[j];
		n++;
	}
	p->nsamples = n;
	p->label_start[n] = nl;
	p->nlabels = nl;
}

/* Rewrite every stack through fn; returns the old-to-new stack map. */
typedef uint32_t (*stack_fn)(struct profile *, uint32_t *locs, uint32_t n,
    void *arg);

static uint32_t *
map_stacks(struct profile *p, stack_fn fn, void *arg)
{
	uint32_t ns = p->nstacks, s, cap = 64;
	uint32_t *out = xmalloc(((size_t)ns + 1) * sizeof *out);
	uint32_t *buf = xmalloc(cap * sizeof *buf);

	for (s = 0; s < ns; s++) {
		uint32_t n = profile_stack_depth(p, s);

		if (n > cap) {
			cap = n;
			buf = xreallocarray(buf, cap, sizeof *buf);
		}
		memcpy(buf, profile_stack(p, s), n * sizeof *buf);
		out[s] = fn(p, buf, n, arg);
	}
	free(buf);
	return out;
}

/* Per-location decisions of FilterSamplesByName. */
struct names_pass {
	int8_t *focus;		/* 1 focused, 0 ignored, -1 neither */
	uint32_t *remap;	/* new location, or DROP when hidden */
	bool any_hidden;
};

static uint32_t
names_stack(struct profile *p, uint32_t *locs, uint32_t n, void *arg)
{
	struct names_pass *np = arg;
	bool focused = false;
	uint32_t i, k = 0;

	for (i = 0; i < n; i++) {
		int8_t f = np->focus[locs[i]];

		if (f == 0)
			return DROP;
		if (f == 1)
			focused = true;
	}
	if (!focused)
		return DROP;
	for (i = 0; i < n; i++)
		if (np->remap[locs[i]] != DROP)
			locs[k++] = np->remap[locs[i]];
	if (k == 0 && np->any_hidden)
		return DROP;
	return profile_intern_stack(p, locs, k);
}

/* pprof's FilterSamplesByName. */
static void
filter_names(struct profile *p, struct regex *focus, struct regex *ignore,
    struct regex *hide, struct regex *show, bool matched[4])
{
	struct matches mf, mi, mh, ms;
	struct names_pass np;
	uint32_t nloc = p->nlocations, l, *newstack;
	struct prof_line *buf = NULL;
	uint32_t cap = 0;

	matches_init(&mf, p, focus);
	matches_init(&mi, p, ignore);
	matches_init(&mh, p, hide);
	matches_init(&ms, p, show);
	np.focus = xmalloc(((size_t)nloc + 1) * sizeof *np.focus);
	np.remap = xmalloc(((size_t)nloc + 1) * sizeof *np.remap);
	np.any_hidden = false;
	for (l = 0; l < nloc; l++) {
		uint32_t nl = p->locations[l].nlines, k, n;
		const struct prof_line *lines;

		np.focus[l] = -1;
		if (ignore != NULL && loc_matches(p, &mi, l)) {
			matched[1] = true;
			np.focus[l] = 0;
		} else if (focus == NULL || loc_matches(p, &mf, l)) {
			matched[0] = true;
			np.focus[l] = 1;
		}
		np.remap[l] = l;
		if (hide == NULL && show == NULL)
			continue;
		if (nl > cap) {
			cap = nl;
			buf = xreallocarray(buf, cap, sizeof *buf);
		}
		lines = p->lines + p->locations[l].first_line;
		memcpy(buf, lines, nl * sizeof *buf);
		n = nl;
		if (hide != NULL && loc_matches(p, &mh, l)) {
			matched[2] = true;
			if (map_match(&mh, &p->locations[l]))
				n = 0;
			else {
				for (k = n = 0; k < nl; k++)
					if (!mh.func[buf[k].function])
						buf[n++] = buf[k];
			}
		}
		if (show != NULL && !map_match(&ms, &p->locations[l])) {
			uint32_t m = 0;

			for (k = 0; k < n; k++)
				if (ms.func[buf[k].function])
					buf[m++] = buf[k];
			n = m;
		}
		if (show != NULL && n > 0)
			matched[3] = true;
		if (n == 0) {
			np.remap[l] = DROP;
			np.any_hidden = true;
		} else
			np.remap[l] = loc_with_lines(p, l, buf, n);
	}
	newstack = map_stacks(p, names_stack, &np);
	compact_samples(p, newstack, NULL);
	free(newstack);
	free(buf);
	free(np.focus);
	free(np.remap);
	matches_done(&mf);
	matches_done(&mi);
	matches_done(&mh);
	matches_done(&ms);
}

/* Per-location decisions of ShowFrom and PruneFrom. */
struct cut_pass {
	bool *hit;		/* by new location index */
	uint32_t *remap;
	uint32_t nhit;
};

static uint32_t
show_from_stack(struct profile *p, uint32_t *locs, uint32_t n, void *arg)
{
	struct cut_pass *cp = arg;
	uint32_t i;

	for (i = n; i-- > 0;)
		if (cp->hit[locs[i]]) {
			uint32_t k;

			for (k = 0; k <= i; k++)
				locs[k] = cp->remap[locs[k]];
			return profile_intern_stack(p, locs, i + 1);
		}
	return DROP;
}

static uint32_t
prune_from_stack(struct profile *p, uint32_t *locs, uint32_t n, void *arg)
{
	struct cut_pass *cp = arg;
	uint32_t i, k;

	for (i = 0; i < n; i++)
		if (cp->hit[locs[i]])
			break;
	if (i == n)
		i = 0;
	for (k = i; k < n; k++)
		locs[k - i] = cp->remap[locs[k]];
	return profile_intern_stack(p, locs, n - i);
}

/* pprof's ShowFrom; returns whether anything matched. */
static bool
filter_show_from(struct profile *p, struct regex *rx)
{
	struct matches m;
	struct cut_pass cp;
	uint32_t nloc = p->nlocations, l, *newstack;
	bool any = false;

	matches_init(&m, p, rx);
	cp.hit = xcalloc((size_t)nloc + 1, sizeof *cp.hit);
	cp.remap = xmalloc(((size_t)nloc + 1) * sizeof *cp.remap);
	for (l = 0; l < nloc; l++) {
		const struct prof_location *loc = &p->locations[l];
		uint32_t k;

		cp.remap[l] = l;
		if (map_match(&m, loc)) {
			cp.hit[l] = any = true;
			continue;
		}
		for (k = loc->nlines; k-- > 0;)
			if (m.func[p->lines[loc->first_line + k].function])
				break;
		if (k != UINT32_MAX) {
			cp.hit[l] = any = true;
			cp.remap[l] = loc_with_range(p, l, 0, k + 1);
		}
	}
	newstack = map_stacks(p, show_from_stack, &cp);
	compact_samples(p, newstack, NULL);
	free(newstack);
	free(cp.hit);
	free(cp.remap);
	matches_done(&m);
	return any;
}

/* pprof's simplifyFunc: the name up to its first '(' that is not part of
 * "(anonymous namespace)" or "operator()"; a leading '.' dropped. */
static char *
simplify_func(const char *name)
{
	const char *s = name, *q;

	if (*s == '.')
		s++;
	for (q = s; (q = strchr(q, '(')) != NULL; q++) {
		if (strncmp(q, "(anonymous namespace)", 21) == 0) {
			q += 20;
			continue;
		}
		if (q >= s + 8 && strncmp(q - 8, "operator()", 10) == 0) {
			q += 1;
			continue;
		}
		return xstrndup(s, (size_t)(q - s));
	}
	return xstrdup(s);
}

/* pprof's PruneFrom. */
static void
filter_prune_from(struct profile *p, struct regex *rx)
{
	struct cut_pass cp;
	uint32_t nloc = p->nlocations, l, *newstack, i;
	bool *fm = xcalloc(p->nfunctions + 1, sizeof *fm);

	for (i = 0; i < p->nfunctions; i++) {
		const char *name = profile_str(p, p->functions[i].name);
		char *simple;

		if (*name == '\0')
			continue;
		simple = simplify_func(name);
		fm[i] = regex_match(rx, simple);
		free(simple);
	}
	cp.hit = xcalloc((size_t)nloc + 1, sizeof *cp.hit);
	cp.remap = xmalloc(((size_t)nloc + 1) * sizeof *cp.remap);
	for (l = 0; l < nloc; l++) {
		const struct prof_location *loc = &p->locations[l];
		uint32_t k, n = loc->nlines;

		cp.remap[l] = l;
		for (k = 0; k < n; k++)
			if (fm[p->lines[loc->first_line + k].function])
				break;
		if (k < n) {
			cp.hit[l] = true;
			cp.remap[l] = loc_with_range(p, l, k, n - k);
		}
	}
	newstack = map_stacks(p, prune_from_stack, &cp);
	compact_samples(p, newstack, NULL);
	free(newstack);
	free(cp.hit);
	free(cp.remap);
	free(fm);
}

/* A compiled -tagfocus or -tagignore. */
struct tag_filter {
	strid key;		/* 0 = any key (when key_name is NULL) */
	char *key_name;		/* key=..., or NULL */
	bool range;
	double lo, hi;		/* in unit */
	bool has_lo, has_hi;
	char unit[64];		/* the range's unit ("kB"), "" for counts */
	struct regex **rx;
	size_t nrx;
};

/* One number with an optional unit at *s ("64kb", "-3"); advances *s. */
static bool
parse_num_unit(const char **s, long long *v, char *unit, size_t len)
{
	const char *p = *s;
	char *end;
	size_t n = 0;

	if (!(isdigit((unsigned char)*p) || ((*p == '+' || *p == '-') &&
	    isdigit((unsigned char)p[1]))))
		return false;
	*v = strtoll(p, &end, 10);
	p = end;
	while (isalpha((unsigned char)*p) && n + 1 < len)
		unit[n++] = *p++;
	unit[n] = '\0';
	*s = p;
	return true;
}

/*
 * pprof's parseTagFilterRange: "32kb", ":64kb", "4mb:", "12kb:64mb".
 * Returns false when value is not such a range (then it is a regex).
 */
static bool
parse_range(const char *value, struct tag_filter *tf)
{
	const char *s = value, *u;
	long long a, b;
	char ua[64], ub[64];
	double v;

	if (*s == ':') {
		s++;
		if (!parse_num_unit(&s, &b, ub, sizeof ub) || *s != '\0')
			return false;
		tf->hi = units_scale(b, ub, ub, &u);
		tf->has_hi = true;
		snprintf(tf->unit, sizeof tf->unit, "%s", u);
		return true;
	}
	if (!parse_num_unit(&s, &a, ua, sizeof ua))
		return false;
	v = units_scale(a, ua, ua, &u);
	snprintf(tf->unit, sizeof tf->unit, "%s", u);
	if (*s == '\0') {
		tf->lo = tf->hi = v;
		tf->has_lo = tf->has_hi = true;
		return true;
	}
	if (*s != ':')
		return false;
	s++;
	tf->lo = v;
	tf->has_lo = true;
	if (*s == '\0')
		return true;
	if (!parse_num_unit(&s, &b, ub, sizeof ub) || *s != '\0')
		return false;
	tf->hi = units_scale(b, ub, tf->unit, &u);
	if (strcmp(u, tf->unit) != 0)
		return false;
	tf->has_hi = true;
	return true;
}

static void
tag_filter_free(struct tag_filter *tf)
{
	size_t i;

	if (tf == NULL)
		return;
	for (i = 0; i < tf->nrx; i++)
		regex_free(tf->rx[i]);
	free(tf->rx);
	free(tf->key_name);
	free(tf);
}

/* pprof's compileTagFilter. */
static int
compile_tag_filter(const char *name, const char *value, FILE *warn,
    struct tag_filter **out, char **cause)
{
	struct tag_filter *tf;
	const char *eq;
	char *list, *tok, *save = NULL;

	*out = NULL;
	if (value == NULL || *value == '\0')
		return 0;
	tf = xcalloc(1, sizeof *tf);
	if ((eq = strchr(value, '=')) != NULL) {
		tf->key_name = xstrndup(value, (size_t)(eq - value));
		value = eq + 1;
	}
	if (parse_range(value, tf)) {
		tf->range = true;
		if (warn != NULL)
			fprintf(warn, "%s:Interpreted '%s' as range, not "
			    "regexp\n", name, value);
		*out = tf;
		return 0;
	}
	list = xstrdup(value);
	for (tok = strtok_r(list, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		struct regex *rx;

		if (compile(name, tok, &rx, cause) != 0) {
			free(list);
			tag_filter_free(tf);
			return -1;
		}
		tf->rx = xreallocarray(tf->rx, tf->nrx + 1, sizeof *tf->rx);
		tf->rx[tf->nrx++] = rx;
	}
	free(list);
	*out = tf;
	return 0;
}

const char **
filter_num_label_units(const struct profile *p)
{
	size_t nstr = strpool_count(p->strings), i;
	const char **units = xcalloc(nstr + 1, sizeof *units);
	bool *seen = xcalloc(nstr + 1, sizeof *seen);

	for (i = 0; i < p->nlabels; i++) {
		const struct prof_label *l = &p->labels[i];

		if (l->str != 0)
			continue;
		seen[l->key] = true;
		if (units[l->key] == NULL && l->num_unit != 0)
			units[l->key] = profile_str(p, l->num_unit);
	}
	for (i = 0; i < nstr; i++) {
		const char *k = profile_str(p, (strid)i);

		if (!seen[i] || units[i] != NULL)
			continue;
		if (strcmp(k, "alignment") == 0 || strcmp(k, "request") == 0)
			units[i] = "bytes";
		else
			units[i] = k;
	}
	free(seen);
	return units;
}

static bool
range_match(const struct tag_filter *tf, int64_t v, const char *unit)
{
	const char *u;
	double sv = units_scale(v, unit, tf->unit, &u);

	if (strcmp(u, tf->unit) != 0)
		return false;
	if (tf->has_lo && sv < tf->lo)
		return false;
	if (tf->has_hi && sv > tf->hi)
		return false;
	return true;
}

/* Whether sample i passes a tag filter. */
static bool
tag_match(const struct profile *p, const struct tag_filter *tf,
    const char **units, size_t i)
{
	size_t l0 = p->label_start[i], l1 = p->label_start[i + 1], j, r;

	if (tf->range) {
		for (j = l0; j < l1; j++) {
			const struct prof_label *lb = &p->labels[j];

			if (lb->str != 0)
				continue;
			if (tf->key_name != NULL &&
			    strcmp(profile_str(p, lb->key), tf->key_name) != 0)
				continue;
			if (range_match(tf, lb->num, units[lb->key]))
				return true;
		}
		return false;
	}
	if (tf->key_name != NULL) {
		for (j = l0; j < l1; j++) {
			const struct prof_label *lb = &p->labels[j];

			if (lb->str == 0 ||
			    strcmp(profile_str(p, lb->key), tf->key_name) != 0)
				continue;
			for (r = 0; r < tf->nrx; r++)
				if (regex_match(tf->rx[r], profile_str(p,
				    lb->str)))
					return true;
		}
		return false;
	}
	for (r = 0; r < tf->nrx; r++) {
		bool hit = false;

		for (j = l0; j < l1 && !hit; j++) {
			const struct prof_label *lb = &p->labels[j];
			char *kv;

			if (lb->str == 0)
				continue;
			kv = xasprintf("%s:%s", profile_str(p, lb->key),
			    profile_str(p, lb->str));
			hit = regex_match(tf->rx[r], kv);
			free(kv);
		}
		if (!hit)
			return false;
	}
	return true;
}

/* pprof's FilterSamplesByTag. */
static void
filter_tags(struct profile *p, const struct tag_filter *focus,
    const struct tag_filter *ignore, bool matched[2])
{
	const char **units = filter_num_label_units(p);
	bool *keep = xmalloc((p->nsamples + 1) * sizeof *keep);
	size_t i;
	for (i = 0; i < p->nsamples; i++) {
		bool f = focus == NULL || tag_match(p, focus, units, i);
		bool g = ignore != NULL && tag_match(p, ignore, units, i);

		matched[0] |= f;
		matched[1] |= g;
		keep[i] = f && !g;
	}
	compact_samples(p, NULL, keep);
	free(keep);
	free(units);
}

/* pprof's FilterTagsByName: drop label keys not matching show or matching
 * hide. */
static void
filter_tag_names(struct profile *p, struct regex *show, struct regex *hide,
    bool matched[2])
{
	size_t nstr = strpool_count(p->strings), i, n = 0;
	int8_t *drop = xmalloc(nstr + 1);

	memset(drop, -1, nstr + 1);
	for (i = 0; i < p->nlabels; i++) {
		strid k = p->labels[i].key;

		if (drop[k] < 0) {
			const char *name = profile_str(p, k);
			bool s = show == NULL || regex_match(show, name);
			bool h = hide != NULL && regex_match(hide, name);

			matched[0] |= s;
			matched[1] |= h;
			drop[k] = !s || h;
		}
	}
	for (i = 0; i < p->nsamples; i++) {
		size_t l0 = p->label_start[i], l1 = p->label_start[i + 1], j;

		p->label_start[i] = n;
		for (j = l0; j < l1; j++)
			if (!drop[p->labels[j].key])
				p->labels[n++] = p->labels[j];
	}
	p->label_start[p->nsamples] = n;
	p->nlabels = n;
	free(drop);
}

static void
warn_no_match(FILE *warn, bool given, bool matched, const char *what)
{
	if (warn != NULL && given && !matched)
		fprintf(warn, "%s expression matched no samples\n", what);
}

int
filter_apply(struct profile *p, const struct filter_spec *f, FILE *warn,
    char **cause)
{
	struct regex *focus, *ignore, *hide, *show, *show_from, *prune_from;
	struct regex *tagshow = NULL, *taghide = NULL;
	struct tag_filter *tagfocus = NULL, *tagignore = NULL;
	bool m[4] = { false, false, false, false };
	int rc = -1;

	focus = ignore = hide = show = show_from = prune_from = NULL;
	if (compile("focus", f->focus, &focus, cause) != 0 ||
	    compile("ignore", f->ignore, &ignore, cause) != 0 ||
	    compile("hide", f->hide, &hide, cause) != 0 ||
	    compile("show", f->show, &show, cause) != 0 ||
	    compile("show_from", f->show_from, &show_from, cause) != 0 ||
	    compile_tag_filter("tagfocus", f->tagfocus, warn, &tagfocus,
	    cause) != 0 ||
	    compile_tag_filter("tagignore", f->tagignore, warn, &tagignore,
	    cause) != 0 ||
	    compile("prune_from", f->prune_from, &prune_from, cause) != 0 ||
	    compile("tagshow", f->tagshow, &tagshow, cause) != 0 ||
	    compile("taghide", f->taghide, &taghide, cause) != 0)
		goto out;

	if (focus || ignore || hide || show) {
		filter_names(p, focus, ignore, hide, show, m);
		warn_no_match(warn, focus != NULL, m[0], "Focus");
		warn_no_match(warn, ignore != NULL, m[1], "Ignore");
		warn_no_match(warn, hide != NULL, m[2], "Hide");
		warn_no_match(warn, show != NULL, m[3], "Show");
	}
	if (show_from != NULL)
		warn_no_match(warn, true, filter_show_from(p, show_from),
		    "ShowFrom");
	if (tagfocus || tagignore) {
		m[0] = m[1] = false;
		filter_tags(p, tagfocus, tagignore, m);
		warn_no_match(warn, tagfocus != NULL, m[0], "TagFocus");
		warn_no_match(warn, tagignore != NULL, m[1], "TagIgnore");
	}
	if (tagshow || taghide) {
		m[0] = m[1] = false;
		filter_tag_names(p, tagshow, taghide, m);
		warn_no_match(warn, tagshow != NULL, m[0], "TagShow");
		warn_no_match(warn, taghide != NULL, m[1], "TagHide");
	}
	if (prune_from != NULL)
		filter_prune_from(p, prune_from);
	rc = 0;
out:
	regex_free(focus);
	regex_free(ignore);
	regex_free(hide);
	regex_free(show);
	regex_free(show_from);
	regex_free(prune_from);
	regex_free(tagshow);
	regex_free(taghide);
	tag_filter_free(tagfocus);
	tag_filter_free(tagignore);
	return rc;
}
