/*
 * parse-goroutine.c - Go's full goroutine dumps: the text of
 * /debug/pprof/goroutine?debug=2, a panic or SIGQUIT traceback:
 *
 *   goroutine 6 [chan receive, 12 minutes]:
 *   main.pipelineStage(0x0?)
 *   	example.com/app/noise.go:175 +0x65
 *   created by main.backgroundLoad
 *   	example.com/app/noise.go:203 +0x74
 *
 * Goroutines with the same stack (the `created by` frame included, as the
 * root) and the same state and wait reason become one sample counting
 * them (goroutine/count), with string labels state (running, runnable,
 * syscall, waiting, ...) and wait_reason (chan receive, select,
 * sync.Cond.Wait, ...), and the numeric label wait_minutes, the longest
 * wait among them, when the dump gives minutes.  Frames have no
 * addresses: a location is a function and line.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "legacy.h"
#include "parse.h"
#include "xmalloc.h"

/* Whether a line is a goroutine header "goroutine N ...[...]:". */
static bool
is_header(const char *s, size_t len)
{
	size_t i = 10;

	if (len < 14 || memcmp(s, "goroutine ", 10) != 0 ||
	    !isdigit((unsigned char)s[10]))
		return false;
	while (i < len && isdigit((unsigned char)s[i]))
		i++;
	return memchr(s + i, '[', len - i) != NULL && s[len - 1] == ':' &&
	    s[len - 2] == ']';
}

static int
goroutine_probe(const unsigned char *buf, size_t len)
{
	struct legacy_lines r;
	const char *line;
	size_t llen;

	legacy_lines_init(&r, (const char *)buf, len > 4096 ? 4096 : len);
	while (legacy_lines_next(&r, &line, &llen)) {
		legacy_trim(&line, &llen);
		if (llen == 0)
			continue;
		return is_header(line, llen) ? 92 : 0;
	}
	return 0;
}

/* FNV-1a of a string, for the group table. */
static uint64_t
str_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* Raise sample s's wait_minutes label to at least m. */
static void
update_minutes(struct legacy *l, size_t s, int64_t m)
{
	size_t i;

	for (i = l->label_start[s]; i < l->label_start[s + 1]; i++)
		if (l->labels[i].str == 0 && l->labels[i].num < m)
			l->labels[i].num = m;
}

/* One goroutine group: the sample being built. */
struct group {
	char *key;		/* state, reason and location ids */
	size_t sample;		/* index in the legacy's samples */
};

static const char *const states[] = { "idle", "runnable", "running",
	"syscall", "dead", "copystack", "preempted", "waiting", NULL };

struct gr {
	uint32_t *locs;
	size_t nlocs, cap;
	char *state, *reason;
	int64_t minutes;
	size_t header_line;
};

/* Parse "[reason, N minutes, locked to thread]" into g. */
static void
parse_bracket(const char *s, size_t len, struct gr *g)
{
	const char *open = memchr(s, '[', len), *end = s + len - 2;
	const char *p, *comma;
	size_t i;

	p = open + 1;
	comma = memchr(p, ',', (size_t)(end - p));
	free(g->state);
	free(g->reason);
	g->reason = xstrndup(p, (size_t)((comma ? comma : end) - p));
	g->state = NULL;
	g->minutes = -1;
	for (i = 0; states[i] != NULL; i++)
		if (strcmp(g->reason, states[i]) == 0) {
			g->state = g->reason;
			g->reason = xstrdup("");
			break;
		}
	if (g->state == NULL)
		g->state = xstrdup("waiting");
	while (comma != NULL) {
		const char *q = comma + 1, *next;
		size_t ql;
		int64_t m;

		next = memchr(q, ',', (size_t)(end - q));
		ql = (size_t)((next ? next : end) - q);
		legacy_trim(&q, &ql);
		if (ql > 8 && memcmp(q + ql - 8, " minutes", 8) == 0 &&
		    legacy_parse_int(q, ql - 8, 10, &m))
			g->minutes = m;
		comma = next;
	}
}

static struct profile *
goroutine_parse(const struct input *in, char **cause)
{
	static const char *const types[] = { "goroutine/count", NULL };
	struct legacy l;
	struct legacy_lines r;
	const char *line;
	size_t len, ngroups = 0, cap_groups = 0, i, hsize = 0;
	struct group *groups = NULL;
	size_t *hash = NULL;
	struct gr g;
	bool in_goroutine = false;
	struct profile *p;
	uint32_t k;

	memset(&g, 0, sizeof g);
	legacy_init(&l);
	legacy_period_type(&l, "goroutine", "count", 1);
	legacy_sample_types(&l, types);
	legacy_lines_init(&r, (const char *)in->data, in->len);
	for (;;) {
		bool more = legacy_lines_next(&r, &line, &len);

		if (more) {
			size_t tl = len;
			const char *t = line;

			legacy_trim(&t, &tl);
			if (tl > 0 && !is_header(t, tl)) {
				const char *fn = t, *paren, *file, *colon;
				const char *e;
				size_t fnl = tl, fl;
				int64_t ln;
				struct prof_line pl;
				uint64_t key;

				if (!in_goroutine) {
					*cause = xasprintf("goroutine dump: "
					    "'%.*s' outside a goroutine (at line "
					    "%zu)", (int)(tl > 40 ? 40 : tl), t,
					    r.lineno);
					goto fail;
				}
				if (tl >= 3 && memcmp(t, "...", 3) == 0)
					continue;	/* frames elided */
				if (tl > 11 && memcmp(t, "created by ", 11) ==
				    0) {
					const char *in_g;

					fn = t + 11;
					fnl = tl - 11;
					in_g = memmem(fn, fnl, " in goroutine ",
					    14);
					if (in_g != NULL)
						fnl = (size_t)(in_g - fn);
				} else if (t[tl - 1] == ')') {
					for (paren = t + tl - 1; paren > t &&
					    *paren != '('; paren--)
						;
					if (paren > t)
						fnl = (size_t)(paren - t);
				}
				if (!legacy_lines_next(&r, &line, &len)) {
					*cause = xasprintf("goroutine dump: "
					    "frame '%.*s' without its file:line "
					    "(at line %zu)", (int)(fnl > 40 ? 40 :
					    fnl), fn, r.lineno);
					goto fail;
				}
				file = line;
				fl = len;
				legacy_trim(&file, &fl);
				e = file + fl;
				for (colon = e; colon > file && colon[-1] !=
				    ' '; colon--)
					;
				if (colon > file && colon + 2 < e &&
				    colon[0] == '+' && colon[1] == '0')
					e = colon - 1;
				for (colon = e; colon > file && colon[-1] !=
				    ':'; colon--)
					;
				if (colon <= file + 1 || !legacy_parse_int(colon,
				    (size_t)(e - colon), 10, &ln)) {
					*cause = xasprintf("goroutine dump: want "
					    "'FILE:LINE +0xOFF' after frame "
					    "'%.*s' (at line %zu)", (int)(fnl >
					    40 ? 40 : fnl), fn, r.lineno);
					goto fail;
				}
				pl.function = legacy_function(&l, fn, fnl, file,
				    (size_t)(colon - 1 - file));
				pl.line = ln;
				pl.column = 0;
				/* A location per function and line. */
				key = ((uint64_t)pl.function << 32) |
				    (uint32_t)ln;
				k = legacy_loc(&l, key + 1);
				legacy_loc_set_lines(&l, k, &pl, 1);
				ARRAY_GROW(g.locs, g.nlocs, g.cap);
				g.locs[g.nlocs++] = k;
				continue;
			}
			if (tl == 0 && !in_goroutine)
				continue;
		}
		/* A header or the end: finish the goroutine before. */
		if (in_goroutine) {
			char *key = xasprintf("%s\n%s\n%s\n", g.state,
			    g.reason, g.minutes >= 0 ? "m" : "");
			size_t h;

			for (i = 0; i < g.nlocs; i++) {
				char *k2 = xasprintf("%s%u,", key, g.locs[i]);

				free(key);
				key = k2;
			}
			if ((ngroups + 1) * 2 > hsize) {
				size_t j;

				hsize = hsize ? hsize * 2 : 256;
				free(hash);
				hash = xcalloc(hsize, sizeof *hash);
				for (j = 0; j < ngroups; j++) {
					h = (size_t)str_hash(groups[j].key) &
					    (hsize - 1);
					while (hash[h] != 0)
						h = (h + 1) & (hsize - 1);
					hash[h] = j + 1;
				}
			}
			h = (size_t)str_hash(key) & (hsize - 1);
			while (hash[h] != 0 && strcmp(groups[hash[h] - 1].key,
			    key) != 0)
				h = (h + 1) & (hsize - 1);
			if (hash[h] != 0) {
				struct group *gp = &groups[hash[h] - 1];

				l.values[gp->sample]++;
				free(key);
				if (g.minutes >= 0)
					update_minutes(&l, gp->sample,
					    g.minutes);
			} else {
				int64_t one = 1;

				ARRAY_GROW(groups, ngroups, cap_groups);
				groups[ngroups].key = key;
				groups[ngroups].sample = l.nsamples;
				hash[h] = ++ngroups;
				legacy_sample(&l, &one);
				for (i = 0; i < g.nlocs; i++)
					legacy_sample_loc(&l, g.locs[i]);
				legacy_sample_str_label(&l, "state", g.state);
				if (*g.reason != '\0')
					legacy_sample_str_label(&l,
					    "wait_reason", g.reason);
				if (g.minutes >= 0)
					legacy_sample_num_label(&l,
					    "wait_minutes", g.minutes);
			}
		}
		if (!more)
			break;
		legacy_trim(&line, &len);
		if (len == 0) {
			in_goroutine = false;	/* a blank line ends it */
			continue;
		}
		parse_bracket(line, len, &g);
		g.nlocs = 0;
		g.header_line = r.lineno;
		in_goroutine = true;
	}
	if (ngroups == 0) {
		*cause = xstrdup("goroutine dump: no 'goroutine N [state]:' "
		    "header (at line 1)");
		goto fail;
	}
	for (k = 0; k < l.nlocs; k++)
		l.locs[k].address = 0;
	legacy_remap(&l);
	p = legacy_finish(&l);
	goto out;
fail:
	p = NULL;
out:
	for (i = 0; i < ngroups; i++)
		free(groups[i].key);
	free(groups);
	free(hash);
	free(g.locs);
	free(g.state);
	free(g.reason);
	legacy_free(&l);
	return p;
}

const struct parser parser_goroutine = {
	"goroutine",
	"Go goroutine dump (debug=2, tracebacks): grouped by stack, labels "
	"state and wait_reason",
	goroutine_probe,
	goroutine_parse,
};
