/*
 * leaks.c - leak rules, pattern naming, fixes and scores (see leaks.h).
 *
 * Each snapshot is walked once, sample by sample: a heap sample's value is
 * charged to its owner (the first frame, from the leaf, in the program's
 * own code), and the frames passed on the way (hidden standard-library
 * frames such as runtime.chanrecv or time.NewTicker) are remembered as
 * flags for naming the pattern.  Goroutine samples are grouped by owner and
 * by what they are blocked on.  Rows are kept in string pools keyed by
 * owner, so a row's values across snapshots sit side by side.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "leaks.h"
#include "xmalloc.h"

static const struct leak_pattern_info patterns[LEAK_NPATTERNS] = {
	[LEAK_CHAN_SEND] = { "chan-send",
	    "goroutines blocked forever on a channel send",
	    "give every send a receiver: buffer the channel, or select on "
	    "ctx.Done() beside the send so the sender can give up" },
	[LEAK_CHAN_RECV] = { "chan-recv",
	    "goroutines blocked forever on a channel receive",
	    "close the channel (or send) when the work is done, or select on "
	    "ctx.Done() so the receiver can return" },
	[LEAK_SELECT] = { "select",
	    "goroutines blocked in a select that never fires",
	    "add a case <-ctx.Done() (or a timeout) to the select and return "
	    "from it" },
	[LEAK_NIL_CHAN] = { "nil-chan",
	    "goroutines blocked forever on a nil channel or select {}",
	    "make the channel before use (a nil channel blocks forever) and "
	    "give the goroutine a way to return" },
	[LEAK_COND] = { "cond",
	    "goroutines waiting on a sync.Cond that is never signalled",
	    "call Signal/Broadcast for every state change a waiter waits "
	    "for (and on shutdown); wait in a loop that rechecks it" },
	[LEAK_MUTEX] = { "mutex",
	    "goroutines waiting on a mutex that is never released",
	    "unlock on every path (mu.Lock(); defer mu.Unlock()) and never "
	    "block while holding the lock" },
	[LEAK_TICKER] = { "ticker",
	    "tickers or timers that are never stopped",
	    "defer t.Stop() for every time.NewTicker/NewTimer; use "
	    "time.NewTimer instead of time.After/time.Tick in loops" },
	[LEAK_HTTP] = { "http",
	    "HTTP connections or response bodies that are never closed",
	    "defer resp.Body.Close() after every request (drain it first) "
	    "and reuse one http.Client" },
	[LEAK_MAP] = { "map",
	    "a map that only grows",
	    "delete entries when they are done, or bound the map (an LRU "
	    "with a size limit, or expiry)" },
	[LEAK_SLICE] = { "slice",
	    "a slice that only grows in a long-lived goroutine",
	    "reset the slice when its items are handled (s = s[:0]) or cap "
	    "it; do not keep appending in a loop that never ends" },
	[LEAK_GLOBAL_SLICE] = { "global-slice",
	    "a package-level slice accumulating forever",
	    "bound the slice (a ring buffer or size cap) or flush it "
	    "somewhere and truncate it periodically" },
	[LEAK_SUBSLICE] = { "subslice",
	    "small sub-slices pinning large backing arrays",
	    "copy the small piece you keep (bytes.Clone or "
	    "append([]byte(nil), b[:n]...)) so the big array can be freed" },
	[LEAK_LISTENER] = { "listener",
	    "listeners or callbacks registered and never removed",
	    "return an unsubscribe function and call it when the listener's "
	    "owner goes away (or hold listeners weakly)" },
	[LEAK_GOROUTINES] = { "goroutines",
	    "goroutines that are started and never exit",
	    "give each goroutine a way to finish (ctx cancellation, a closed "
	    "channel) and wait for it" },
	[LEAK_GROWTH] = { "growth",
	    "live memory allocated here only grows",
	    "find what keeps these objects reachable (a cache without "
	    "eviction, a registry, a queue) and bound or release it" },
};

const struct leak_pattern_info *
leak_pattern_info(enum leak_pattern p)
{
	if ((unsigned)p >= LEAK_NPATTERNS)
		p = LEAK_GROWTH;
	return &patterns[p];
}

const char *
leak_verdict_text(enum leak_verdict v)
{
	switch (v) {
	case LEAK_YES: return "keeps growing";
	case LEAK_NOT_FEW: return "too few snapshots";
	case LEAK_NOT_SMALL: return "growth within jitter";
	case LEAK_NOT_ONE_STEP: return "grew in a single step";
	case LEAK_NOT_DROPS: return "drops back (sawtooth or freed)";
	case LEAK_NOT_NO_TREND: return "no upward trend";
	case LEAK_NOT_STOPPED: return "growth stopped (bounded)";
	}
	return "?";
}

enum leak_verdict
leak_judge(const int64_t *v, const double *x, size_t n, int64_t min_change,
    int64_t min_step, struct trend_stats *st)
{
	int64_t peak, late, expected, early_third, late_third;
	size_t i, mid, tail;

	trend_stats_compute(v, x, n, st);
	if (n < 3)
		return LEAK_NOT_FEW;
	if (st->change < min_change)
		return LEAK_NOT_SMALL;
	/* One rise is a one-off allocation (or one sampled object). */
	if (st->grew < 2)
		return LEAK_NOT_ONE_STEP;
	/* Falling back to half the peak means the memory is released. */
	peak = v[0];
	for (i = 1; i < n; i++) {
		if (peak >= min_change && v[i] < peak / 2)
			return LEAK_NOT_DROPS;
		if (v[i] > peak)
			peak = v[i];
	}
	if (st->mk_p > 0.05)
		return LEAK_NOT_NO_TREND;
	/* Growth that stopped: the later half grew at under 30% of the
	 * overall pace, or the last third of the steps not at all. */
	mid = (n - 1) / 2;
	late = v[n - 1] - v[mid];
	expected = st->change * (int64_t)(n - 1 - mid) / (int64_t)(n - 1);
	tail = (n - 1) / 3 > 0 ? (n - 1) / 3 : 1;
	if (late * 10 < expected * 3 || v[n - 1] <= v[n - 1 - tail])
		return LEAK_NOT_STOPPED;
	/* Slowing to a plateau: the last third of the steps grew less
	 * than a fifth of the first third, or by less than jitter. */
	early_third = v[tail] - v[0];
	late_third = v[n - 1] - v[n - 1 - tail];
	if (late_third * 5 < early_third ||
	    late_third < min_step * (int64_t)tail)
		return LEAK_NOT_STOPPED;
	return LEAK_YES;
}

/* Frames that name a pattern. */
enum {
	FR_SEND = 1 << 0,
	FR_RECV = 1 << 1,
	FR_SELECT = 1 << 2,
	FR_BLOCK = 1 << 3,
	FR_COND = 1 << 4,
	FR_MUTEX = 1 << 5,
	FR_TIMER = 1 << 6,
	FR_HTTP = 1 << 7,
	FR_MAP = 1 << 8,
	FR_SLICE = 1 << 9,
	FR_GOSTART = 1 << 10,
	FR_LISTENER = 1 << 11,	/* a registration function of the program */
	FR_USER = 1 << 12,	/* a function of the program's own code */
};

/* The flags that come from frame_table. */
#define FR_TABLE (~(unsigned)(FR_LISTENER | FR_USER))

static const struct {
	const char *prefix;
	unsigned flag;
} frame_table[] = {
	{ "runtime.chansend", FR_SEND },
	{ "runtime.chanrecv", FR_RECV },
	{ "runtime.selectgo", FR_SELECT },
	{ "runtime.block", FR_BLOCK },
	{ "sync.runtime_notifyListWait", FR_COND },
	{ "sync.(*Cond).Wait", FR_COND },
	{ "sync.runtime_SemacquireMutex", FR_MUTEX },
	{ "sync.runtime_SemacquireRWMutex", FR_MUTEX },
	{ "sync.(*Mutex).Lock", FR_MUTEX },
	{ "sync.(*RWMutex).Lock", FR_MUTEX },
	{ "sync.(*RWMutex).RLock", FR_MUTEX },
	{ "time.NewTicker", FR_TIMER },
	{ "time.NewTimer", FR_TIMER },
	{ "time.AfterFunc", FR_TIMER },
	{ "time.Tick", FR_TIMER },
	{ "time.After", FR_TIMER },
	{ "time.startTimer", FR_TIMER },
	{ "runtime.addtimer", FR_TIMER },
	{ "net/http.(*persistConn)", FR_HTTP },
	{ "net/http.(*Transport).dialConn", FR_HTTP },
	{ "net/http.(*Transport).getConn", FR_HTTP },
	{ "runtime.mapassign", FR_MAP },
	{ "runtime.makemap", FR_MAP },
	{ "runtime.hashGrow", FR_MAP },
	{ "runtime.makeBucketArray", FR_MAP },
	{ "runtime.evacuate", FR_MAP },
	{ "runtime.growslice", FR_SLICE },
	{ "runtime.malg", FR_GOSTART },
	{ "runtime.newproc", FR_GOSTART },
};

/* Words in a function name of the program's own code that say it keeps
 * callbacks (Subscribe, AddListener, RegisterHandler, OnEvent ...). */
static const char *const listener_words[] = {
	"subscribe", "listener", "addhandler", "registerhandler",
	"callback", "observer", "addhook", "onevent", "addwatch",
};

/* The frame_table flags of a function name. */
static unsigned
frame_flags(const char *name)
{
	unsigned f = 0;
	size_t i;

	for (i = 0; i < sizeof frame_table / sizeof frame_table[0]; i++)
		if (strncmp(name, frame_table[i].prefix,
		    strlen(frame_table[i].prefix)) == 0)
			f |= frame_table[i].flag;
	return f;
}

/* Whether a name says its function keeps callbacks. */
static bool
listener_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof listener_words / sizeof listener_words[0]; i++)
		if (strcasestr(name, listener_words[i]) != NULL)
			return true;
	return false;
}

/*
 * Whether a Go function belongs to the standard library: its package path
 * (up to the first dot after the last slash) does not start with a domain
 * and is not "main".  Only asked of Go profiles.
 */
static bool
is_go_std(const char *name)
{
	const char *slash = strrchr(name, '/'), *dot, *first;
	size_t plen;

	dot = strchr(slash != NULL ? slash : name, '.');
	if (dot == NULL)
		return false;
	plen = (size_t)(dot - name);
	if (plen == 4 && strncmp(name, "main", 4) == 0)
		return false;
	first = memchr(name, '/', plen);
	if (first == NULL)
		first = dot;
	return memchr(name, '.', (size_t)(first - name)) == NULL;
}

/* A Go profile has runtime frames. */
static bool
is_go_profile(const struct profile *p)
{
	uint32_t i;

	for (i = 0; i < p->nfunctions; i++)
		if (strncmp(profile_str(p, p->functions[i].name), "runtime.",
		    8) == 0)
			return true;
	return false;
}

/*
 * What each function of a profile is, worked out once per profile rather
 * than per frame: its frame_table flags, FR_USER for the program's own code
 * (every function unless the profile is Go's and it is the standard
 * library's), FR_LISTENER for own code named like a registration.
 */
static unsigned *
function_facts(const struct profile *p)
{
	unsigned *facts = xcalloc(p->nfunctions + 1, sizeof *facts);
	bool go = is_go_profile(p);
	uint32_t i;

	for (i = 0; i < p->nfunctions; i++) {
		const char *name = profile_str(p, p->functions[i].name);

		facts[i] = frame_flags(name);
		if (!go || !is_go_std(name)) {
			facts[i] |= FR_USER;
			if (listener_name(name))
				facts[i] |= FR_LISTENER;
		}
	}
	return facts;
}

/* A stack's frames, leaf first (inlined first): names and facts. */
struct frames {
	const char **names;
	unsigned *facts;
	size_t n, cap;
};

/* Fill fr with stack s's frames and their facts. */
static void
stack_frames(const struct profile *p, const unsigned *facts, uint32_t s,
    struct frames *fr)
{
	const uint32_t *locs = profile_stack(p, s);
	uint32_t d = profile_stack_depth(p, s), j, l;

	fr->n = 0;
	for (j = 0; j < d; j++) {
		const struct prof_location *loc = &p->locations[locs[j]];

		for (l = 0; l < loc->nlines; l++) {
			uint32_t fn = p->lines[loc->first_line + l].function;

			if (fr->n >= fr->cap) {
				fr->cap = fr->cap ? fr->cap * 2 : 64;
				fr->names = xreallocarray(fr->names, fr->cap,
				    sizeof *fr->names);
				fr->facts = xreallocarray(fr->facts, fr->cap,
				    sizeof *fr->facts);
			}
			fr->names[fr->n] = profile_str(p,
			    p->functions[fn].name);
			fr->facts[fr->n++] = facts[fn];
		}
	}
}

/* Free a frames buffer. */
static void
frames_done(struct frames *fr)
{
	free(fr->names);
	free(fr->facts);
}

/* Rows of per-owner values over n snapshots. */
struct rows {
	struct strpool *keys;
	size_t n, cap;		/* snapshots; rows allocated */
	int64_t *a, *b;		/* (rows x n): space/objects, or counts */
	int64_t *maxsize;	/* (rows x n): largest object size */
	int64_t *maxcount;	/* (rows x n): objects of that size */
	unsigned *flags;	/* per row */
	bool *runtime_only;	/* per row: no frame of the program's own */
	char **where;		/* per row: goroutines' stack text */
	char **funcs;		/* per row: "\n"-joined functions seen */
	char **pframes;		/* per row: "\n"-joined pattern frames */
};

/* Start empty rows over n snapshots. */
static void
rows_init(struct rows *r, size_t n)
{
	memset(r, 0, sizeof *r);
	r->keys = strpool_new();
	r->n = n;
}

/* Free the rows and everything they hold. */
static void
rows_done(struct rows *r)
{
	size_t i, nr = strpool_count(r->keys) - 1;

	for (i = 0; i < nr; i++) {
		free(r->where[i]);
		free(r->funcs[i]);
		free(r->pframes[i]);
	}
	free(r->pframes);
	free(r->a);
	free(r->b);
	free(r->maxsize);
	free(r->maxcount);
	free(r->flags);
	free(r->runtime_only);
	free(r->where);
	free(r->funcs);
	strpool_free(r->keys);
}

#define ROWS_GROW(p, cap, newcap, per)					\
	do {								\
		(p) = xreallocarray((p), (newcap) * (per), sizeof *(p));	\
		memset((p) + (cap) * (per), 0,				\
		    ((newcap) - (cap)) * (per) * sizeof *(p));		\
	} while (0)

/* The row of key, added (zeroed) if new. */
static size_t
rows_get(struct rows *r, const char *key)
{
	size_t row = strpool_intern(r->keys, key, strlen(key)) - 1, nc;

	if (row >= r->cap) {
		nc = r->cap ? r->cap * 2 : 64;
		while (nc <= row)
			nc *= 2;
		ROWS_GROW(r->a, r->cap, nc, r->n);
		ROWS_GROW(r->b, r->cap, nc, r->n);
		ROWS_GROW(r->maxsize, r->cap, nc, r->n);
		ROWS_GROW(r->maxcount, r->cap, nc, r->n);
		ROWS_GROW(r->flags, r->cap, nc, 1);
		ROWS_GROW(r->runtime_only, r->cap, nc, 1);
		ROWS_GROW(r->where, r->cap, nc, 1);
		ROWS_GROW(r->funcs, r->cap, nc, 1);
		ROWS_GROW(r->pframes, r->cap, nc, 1);
		r->cap = nc;
	}
	return row;
}

/* Add fn to a "\n"-joined list of names (once). */
static void
names_add(char **list, const char *fn)
{
	char *key = xasprintf("\n%s\n", fn), *s;

	if (*list == NULL)
		*list = key;
	else {
		if (strstr(*list, key) == NULL) {
			s = xasprintf("%s%s", *list, key + 1);
			free(*list);
			*list = s;
		}
		free(key);
	}
}

/* The owner of a stack: the first frame of the program's own code from
 * the leaf; *hidden gets how many frames come before it.  NULL if none. */
static const char *
stack_owner(const struct frames *fr, size_t *hidden)
{
	size_t i;

	for (i = 0; i < fr->n; i++)
		if (fr->facts[i] & FR_USER) {
			*hidden = i;
			return fr->names[i];
		}
	*hidden = fr->n;
	return NULL;
}

/* Charge heap snapshot k's samples to their owners. */
static void
heap_collect(struct rows *r, size_t k, const struct profile *p, int si,
    int oi)
{
	struct frames fr = { NULL, NULL, 0, 0 };
	unsigned *facts = function_facts(p);
	size_t i, j, hidden;

	for (i = 0; i < p->nsamples; i++) {
		int64_t space = p->values[i * p->ntypes + (size_t)si];
		int64_t objs = oi >= 0 ?
		    p->values[i * p->ntypes + (size_t)oi] : 0;
		const char *owner;
		size_t row, at;

		if (space == 0 && objs == 0)
			continue;
		stack_frames(p, facts, p->sample_stack[i], &fr);
		if (fr.n == 0)
			continue;
		owner = stack_owner(&fr, &hidden);
		row = rows_get(r, owner != NULL ? owner : fr.names[0]);
		if (owner == NULL)
			r->runtime_only[row] = true;
		at = row * r->n + k;
		r->a[at] += space;
		r->b[at] += objs;
		if (objs > 0 && space / objs >= r->maxsize[at]) {
			if (space / objs > r->maxsize[at])
				r->maxcount[at] = 0;
			r->maxsize[at] = space / objs;
			r->maxcount[at] += objs;
		}
		for (j = 0; j < fr.n && j <= hidden; j++) {
			unsigned ff = fr.facts[j] & FR_TABLE;

			r->flags[row] |= ff;
			if (ff != 0)
				names_add(&r->pframes[row], fr.names[j]);
		}
		/* The owner and a few callers may say it is a registry. */
		for (j = hidden; j < fr.n && j < hidden + 4; j++)
			if (fr.facts[j] & FR_LISTENER) {
				r->flags[row] |= FR_LISTENER;
				names_add(&r->pframes[row], fr.names[j]);
			}
	}
	frames_done(&fr);
	free(facts);
}

/* What a goroutine stack is blocked on, from its leaf frames. */
static enum leak_pattern
blocked_on(unsigned f)
{
	if (f & FR_HTTP)
		return LEAK_HTTP;
	if (f & FR_COND)
		return LEAK_COND;
	if (f & FR_MUTEX)
		return LEAK_MUTEX;
	if (f & FR_SEND)
		return LEAK_CHAN_SEND;
	if (f & FR_SELECT)
		return LEAK_SELECT;
	if (f & FR_RECV)
		return LEAK_CHAN_RECV;
	if (f & FR_BLOCK)
		return LEAK_NIL_CHAN;
	return LEAK_GOROUTINES;
}

/* Group goroutine snapshot k by owner and what it waits on. */
static void
goroutine_collect(struct rows *r, size_t k, const struct profile *p,
    bool last)
{
	struct frames fr = { NULL, NULL, 0, 0 };
	unsigned *facts = function_facts(p);
	size_t i, j, hidden;

	for (i = 0; i < p->nsamples; i++) {
		int64_t count = p->values[i * p->ntypes];
		const char *owner;
		unsigned f = 0, all = 0;
		char *key;
		size_t row;

		if (count == 0)
			continue;
		stack_frames(p, facts, p->sample_stack[i], &fr);
		if (fr.n == 0)
			continue;
		owner = stack_owner(&fr, &hidden);
		if (owner == NULL) {
			/* Only library frames: the outermost real one. */
			for (hidden = fr.n; hidden-- > 1;)
				if (strcmp(fr.names[hidden], "runtime.goexit")
				    != 0)
					break;
			owner = fr.names[hidden];
		}
		for (j = 0; j < fr.n; j++) {
			unsigned ff = fr.facts[j] & FR_TABLE;

			all |= ff;
			if (j <= hidden)
				f |= ff;
		}
		f |= all & FR_HTTP;
		key = xasprintf("%s\t%d", owner, (int)blocked_on(f));
		row = rows_get(r, key);
		free(key);
		r->a[row * r->n + k] += count;
		r->flags[row] |= f;
		for (j = 0; j < fr.n; j++) {
			unsigned ff = fr.facts[j] & FR_TABLE;

			names_add(&r->funcs[row], fr.names[j]);
			if (ff != 0 && (j <= hidden || (ff & FR_HTTP)))
				names_add(&r->pframes[row], fr.names[j]);
		}
		if (last || r->where[row] == NULL) {
			char *w = xstrdup("");

			for (j = 0; j <= hidden && j < fr.n; j++) {
				char *s = xasprintf("%s%s%s", w, j ? " <- " :
				    "", fr.names[j]);

				free(w);
				w = s;
			}
			free(r->where[row]);
			r->where[row] = w;
		}
	}
	frames_done(&fr);
	free(facts);
}

/* Fill a piece of evidence with a copy of the values v[0..n). */
static void
evidence_set(struct leak_evidence *e, const char *what, const char *unit,
    const int64_t *v, size_t n, bool timed, const struct trend_stats *st)
{
	e->present = true;
	e->what = xstrdup(what);
	e->unit = xstrdup(unit);
	e->n = n;
	e->values = xcalloc(n ? n : 1, sizeof *e->values);
	memcpy(e->values, v, n * sizeof *v);
	e->timed = timed;
	e->stats = *st;
}

/* Free what a piece of evidence holds. */
static void
evidence_done(struct leak_evidence *e)
{
	free(e->what);
	free(e->unit);
	free(e->values);
	free(e->where);
}

/* Free what a suspect points to. */
static void
suspect_done(struct leak_suspect *s)
{
	size_t i;

	free(s->program);
	free(s->function);
	free(s->reason);
	evidence_done(&s->heap);
	evidence_done(&s->objects);
	evidence_done(&s->goroutines);
	for (i = 0; i < s->nframes; i++)
		free(s->frames[i]);
	free(s->frames);
}

/* 0..100 from how sure the trend is, how straight and how steady. */
static int
score_of(const struct trend_stats *st)
{
	double conf = 1 - st->mk_p / 0.05;

	if (conf < 0)
		conf = 0;
	return (int)lround(100 * (0.4 * conf + 0.3 * st->r2 +
	    0.3 * st->grew_share));
}

/* Add a frame name to a suspect's frames, once. */
static void
suspect_add_frame(struct leak_suspect *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nframes; i++)
		if (strcmp(s->frames[i], name) == 0)
			return;
	s->frames = xreallocarray(s->frames, s->nframes + 1,
	    sizeof *s->frames);
	s->frames[s->nframes++] = xstrdup(name);
}

/* Call fn(arg, name) for each name of a "\n"-joined list (may be NULL). */
static void
names_each(const char *list, void (*fn)(void *, const char *), void *arg)
{
	const char *p, *e;

	for (p = list; p != NULL && *p != '\0'; p = e) {
		char *name;

		p += strspn(p, "\n");
		e = p + strcspn(p, "\n");
		if (e == p)
			break;
		name = xstrndup(p, (size_t)(e - p));
		fn(arg, name);
		free(name);
	}
}

/* names_add as a names_each callback. */
static void
names_add_cb(void *to, const char *name)
{
	names_add(to, name);
}

/* suspect_add_frame as a names_each callback. */
static void
suspect_add_frame_cb(void *s, const char *name)
{
	suspect_add_frame(s, name);
}

/*
 * The shape of a growing container from its largest object per snapshot:
 * one (or two) objects that are replaced by bigger ones.  Returns
 * LEAK_MAP when every step up is a power of two (map buckets double),
 * LEAK_SLICE otherwise, LEAK_GROWTH if there is no such object.
 */
static enum leak_pattern
container_shape(const int64_t *maxsize, const int64_t *maxcount, size_t n)
{
	int64_t prev = 0;
	size_t k, ups = 0;
	bool doubling = true;

	for (k = 0; k < n; k++) {
		if (maxsize[k] == 0)
			continue;
		if (maxcount[k] > 2 || maxsize[k] < prev)
			return LEAK_GROWTH;
		if (prev > 0 && maxsize[k] > prev) {
			double l = log2((double)maxsize[k] / (double)prev);

			ups++;
			if (fabs(l - round(l)) > 0.08)
				doubling = false;
		}
		prev = maxsize[k];
	}
	if (ups < 2)
		return LEAK_GROWTH;
	return doubling ? LEAK_MAP : LEAK_SLICE;
}

/* Large objects kept whole: 16 KiB or more per object of the growth. */
#define LEAK_LARGE_OBJECT 16384

/* Whether a pattern is goroutines that park and never leave. */
static bool
parks_goroutines(enum leak_pattern p)
{
	return p <= LEAK_MUTEX || p == LEAK_GOROUTINES;
}

/* A suspect under construction, with what its rows said. */
struct cand {
	struct leak_suspect s;
	unsigned flags;
	bool runtime_only;
	const char *funcs;	/* goroutine row's functions, or NULL */
	char *pframes;		/* pattern frames seen (owned) */
	enum leak_pattern blocked;
	bool sampled;
	const int64_t *maxsize, *maxcount;
	size_t nheap;
};

/* Rank order: named patterns, then score, heap growth, goroutines. */
static int
cand_cmp(const void *a, const void *b)
{
	const struct leak_suspect *x = &((const struct cand *)a)->s;
	const struct leak_suspect *y = &((const struct cand *)b)->s;
	int64_t hx = x->heap.present ? x->heap.stats.change : 0;
	int64_t hy = y->heap.present ? y->heap.stats.change : 0;
	int64_t gx = x->goroutines.present ? x->goroutines.stats.change : 0;
	int64_t gy = y->goroutines.present ? y->goroutines.stats.change : 0;

	/* A recognised pattern is evidence too: named suspects first. */
	if ((x->pattern == LEAK_GROWTH) != (y->pattern == LEAK_GROWTH))
		return x->pattern == LEAK_GROWTH ? 1 : -1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (hx != hy)
		return hx > hy ? -1 : 1;
	if (gx != gy)
		return gx > gy ? -1 : 1;
	return strcmp(x->function, y->function);
}

/* Name the pattern of a suspect from its frames and shape. */
static void
name_pattern(struct cand *c, bool have_goroutines, const char *on_stacks)
{
	struct leak_suspect *s = &c->s;
	unsigned f = c->flags;
	enum leak_pattern shape = LEAK_GROWTH;
	char *key;

	if (s->goroutines.present) {
		s->pattern = c->blocked;
		if ((c->blocked == LEAK_CHAN_RECV ||
		    c->blocked == LEAK_SELECT) && (f & FR_TIMER))
			s->pattern = LEAK_TICKER;
		s->reason = xasprintf("goroutines parked in %s",
		    s->goroutines.where);
		return;
	}
	if (f & FR_TIMER) {
		s->pattern = LEAK_TICKER;
		s->reason = xstrdup("allocated under time.NewTicker/NewTimer/"
		    "AfterFunc");
	} else if (f & FR_HTTP) {
		s->pattern = LEAK_HTTP;
		s->reason = xstrdup("allocated under net/http's connection "
		    "code");
	} else if (f & (FR_COND | FR_MUTEX | FR_SEND | FR_RECV | FR_SELECT)) {
		/* The runtime allocates a sudog for a goroutine that parks
		 * on a channel, a Cond or a mutex. */
		s->pattern = blocked_on(f);
		s->reason = xstrdup("allocated where goroutines park (sudogs "
		    "of blocked goroutines)");
	} else if (f & FR_LISTENER) {
		s->pattern = LEAK_LISTENER;
		s->reason = xasprintf("grows in a registration function "
		    "(%s)", s->function);
	} else if (f & FR_MAP) {
		s->pattern = LEAK_MAP;
		s->reason = xstrdup("allocated by map assignment");
	} else if ((f & FR_SLICE) || (!c->sampled && (shape =
	    container_shape(c->maxsize, c->maxcount, c->nheap)) ==
	    LEAK_SLICE)) {
		key = xasprintf("\n%s\n", s->function);
		s->pattern = have_goroutines && (on_stacks == NULL ||
		    strstr(on_stacks, key) == NULL) ? LEAK_GLOBAL_SLICE :
		    LEAK_SLICE;
		free(key);
		s->reason = xasprintf("one backing array replaced by bigger "
		    "ones as it is appended to%s",
		    s->pattern == LEAK_GLOBAL_SLICE ? ", by a function no "
		    "goroutine stays in" : ", by a goroutine that stays");
	} else if (!c->sampled && shape == LEAK_MAP) {
		s->pattern = LEAK_MAP;
		s->reason = xstrdup("one bucket array replaced by ones twice "
		    "as big (map growth)");
	} else if (s->object_size >= LEAK_LARGE_OBJECT) {
		s->pattern = LEAK_SUBSLICE;
		s->reason = xasprintf("large objects (%lld B each) stay live",
		    (long long)s->object_size);
	} else if (f & FR_GOSTART) {
		s->pattern = LEAK_GOROUTINES;
		s->reason = xstrdup("goroutine stacks (runtime.malg) grow");
	} else {
		s->pattern = LEAK_GROWTH;
		s->reason = xstrdup("live objects from here only grow");
	}
}

/* The unit-aware jitter bound of a sample type's unit. */
static int64_t
min_change_of(const char *unit)
{
	return strcmp(unit, "bytes") == 0 ? LEAK_MIN_BYTES : LEAK_MIN_COUNT;
}

/* The growth per step that is more than jitter. */
static int64_t
min_step_of(const char *unit)
{
	return strcmp(unit, "bytes") == 0 ? LEAK_MIN_STEP_BYTES : 0;
}

/* The index of a sample type, or -1 if the profile has none such. */
static int
type_index(const struct profile *p, const char *name)
{
	char *cause = NULL;
	int i = profile_sample_index(p, name, &cause);

	free(cause);
	return i;
}

/* Whether a sample type only ever grows (alloc_*). */
static bool
is_cumulative(const char *type)
{
	return strncmp(type, "alloc_", 6) == 0;
}

/* Suspects of one program into *cs. */
static int
find_program(const struct series *heap, const struct series *gor,
    const struct leaks_options *o, struct cand **cs, size_t *ncs,
    char **cause)
{
	struct rows hr, gr;
	double *hx = NULL, *gx = NULL;
	bool htimed = false, gtimed = false;
	int *si = NULL, *oi = NULL;
	const char *unit = "bytes", *stype = "inuse_space";
	size_t k, i, j, nh = heap ? heap->n : 0, ng = gor ? gor->n : 0;
	size_t first = *ncs, nhr = 0, ngr = 0;
	char *on_stacks = NULL, *c2 = NULL;
	int rc = 0;

	rows_init(&hr, nh);
	rows_init(&gr, ng);
	if (heap != NULL) {
		const struct profile *p0 = heap->snaps[0].prof;
		const char *want = o->sample_index;
		int i0;

		if (want == NULL)
			want = type_index(p0, "inuse_space") >= 0 ?
			    "inuse_space" : NULL;
		si = xcalloc(nh, sizeof *si);
		oi = xcalloc(nh, sizeof *oi);
		if ((i0 = profile_sample_index(p0, want, &c2)) < 0) {
			*cause = xasprintf("%s: %s", heap->snaps[0].name, c2);
			free(c2);
			rc = -1;
			goto out;
		}
		stype = profile_str(p0, p0->sample_types[i0].type);
		unit = profile_str(p0, p0->sample_types[i0].unit);
		if (is_cumulative(stype)) {
			*cause = xasprintf("%s only ever grows (it counts "
			    "every allocation, freed or not); leaks judges "
			    "live memory (inuse_space)", stype);
			rc = -1;
			goto out;
		}
		hx = xcalloc(nh, sizeof *hx);
		htimed = series_positions(heap, hx);
		for (k = 0; k < nh; k++) {
			const struct profile *p = heap->snaps[k].prof;

			si[k] = profile_sample_index(p, stype, &c2);
			if (si[k] < 0) {
				*cause = xasprintf("%s: %s", heap->snaps[k].name,
				    c2);
				free(c2);
				rc = -1;
				goto out;
			}
			oi[k] = -1;
			if (strcmp(stype, "inuse_space") == 0)
				oi[k] = type_index(p, "inuse_objects");
			else if (strcmp(stype, "space") == 0)
				oi[k] = type_index(p, "objects");
			heap_collect(&hr, k, p, si[k], oi[k]);
		}
		nhr = strpool_count(hr.keys) - 1;
	}
	if (gor != NULL) {
		gx = xcalloc(ng, sizeof *gx);
		gtimed = series_positions(gor, gx);
		for (k = 0; k < ng; k++)
			goroutine_collect(&gr, k, gor->snaps[k].prof,
			    k == ng - 1);
		ngr = strpool_count(gr.keys) - 1;
		/* Functions some goroutine stays in, at the end. */
		{
			const struct profile *p = gor->snaps[ng - 1].prof;
			uint32_t f;

			on_stacks = xstrdup("\n");
			for (f = 0; f < p->nfunctions; f++)
				names_add(&on_stacks, profile_str(p,
				    p->functions[f].name));
		}
	}

	/* Goroutine groups that keep growing. */
	for (i = 0; i < ngr; i++) {
		struct trend_stats st;
		const char *key = strpool_get(gr.keys, (strid)(i + 1));
		struct cand *c;

		if (leak_judge(gr.a + i * ng, gx, ng, LEAK_MIN_COUNT, 0, &st)
		    != LEAK_YES)
			continue;
		*cs = xreallocarray(*cs, *ncs + 1, sizeof **cs);
		c = &(*cs)[(*ncs)++];
		memset(c, 0, sizeof *c);
		c->s.program = xstrdup(gor->program);
		c->s.function = xstrndup(key, strcspn(key, "\t"));
		c->blocked = (enum leak_pattern)atoi(strchr(key, '\t') + 1);
		c->flags = gr.flags[i];
		c->funcs = gr.funcs[i];
		names_each(gr.pframes[i], names_add_cb, &c->pframes);
		evidence_set(&c->s.goroutines, "goroutines", "count",
		    gr.a + i * ng, ng, gtimed, &st);
		c->s.goroutines.where = xstrdup(gr.where[i] ? gr.where[i] :
		    c->s.function);
		c->s.score = score_of(&st);
	}

	/* Heap owners that keep growing: joined to the goroutine group of
	 * the same function, else new suspects. */
	for (i = 0; i < nhr; i++) {
		struct trend_stats st, ost;
		const char *fn = strpool_get(hr.keys, (strid)(i + 1));
		const int64_t *v = hr.a + i * nh, *ov = hr.b + i * nh;
		struct cand *c = NULL;
		char *key;

		if (leak_judge(v, hx, nh, min_change_of(unit),
		    min_step_of(unit), &st) != LEAK_YES)
			continue;
		key = xasprintf("\n%s\n", fn);
		for (j = first; j < *ncs; j++)
			if (!(*cs)[j].s.heap.present && (*cs)[j].funcs != NULL
			    && (strcmp((*cs)[j].s.function, fn) == 0 ||
			    strstr((*cs)[j].funcs, key) != NULL)) {
				c = &(*cs)[j];
				break;
			}
		free(key);
		if (c == NULL) {
			*cs = xreallocarray(*cs, *ncs + 1, sizeof **cs);
			c = &(*cs)[(*ncs)++];
			memset(c, 0, sizeof *c);
			c->s.program = xstrdup(heap->program);
			c->s.function = xstrdup(fn);
			c->runtime_only = hr.runtime_only[i];
		}
		c->flags |= hr.flags[i];
		names_each(hr.pframes[i], names_add_cb, &c->pframes);
		c->sampled = heap->snaps[nh - 1].prof->period > 1;
		c->maxsize = hr.maxsize + i * nh;
		c->maxcount = hr.maxcount + i * nh;
		c->nheap = nh;
		evidence_set(&c->s.heap, stype, unit, v, nh, htimed, &st);
		if (oi[nh - 1] >= 0) {
			trend_stats_compute(ov, hx, nh, &ost);
			evidence_set(&c->s.objects, strcmp(stype, "space") == 0 ?
			    "objects" : "inuse_objects", "count", ov, nh,
			    htimed, &ost);
			if (ost.change > 0 && st.change > 0)
				c->s.object_size = st.change / ost.change;
		}
		if (score_of(&st) > c->s.score)
			c->s.score = score_of(&st);
	}

	/* Name the patterns: goroutine groups first, so that heap growth
	 * in step with a group can take its pattern. */
	for (j = first; j < *ncs; j++)
		if ((*cs)[j].s.goroutines.present)
			name_pattern(&(*cs)[j], gor != NULL, on_stacks);
	for (j = first; j < *ncs; j++) {
		struct cand *c = &(*cs)[j];
		size_t g, best = SIZE_MAX;
		double bestr = 0.98;

		if (c->s.goroutines.present)
			continue;
		name_pattern(c, gor != NULL, on_stacks);
		if (c->s.pattern != LEAK_GROWTH &&
		    c->s.pattern != LEAK_GOROUTINES)
			continue;
		/* Unexplained heap growth in lockstep with a goroutine
		 * group is most likely what those goroutines hold. */
		for (g = first; g < *ncs; g++) {
			const struct leak_suspect *gs = &(*cs)[g].s;
			double r;

			if (!gs->goroutines.present || gs->goroutines.n !=
			    c->s.heap.n)
				continue;
			r = trend_correlation(c->s.heap.values,
			    gs->goroutines.values, c->s.heap.n);
			if (r >= bestr) {
				bestr = r;
				best = g;
			}
		}
		if (best != SIZE_MAX) {
			const struct leak_suspect *gs = &(*cs)[best].s;

			c->s.pattern = gs->pattern;
			free(c->s.reason);
			c->s.reason = xasprintf("grows in step (r=%.2f) with "
			    "goroutines parked in %s", bestr,
			    gs->goroutines.where);
			for (g = 0; g < gs->nframes; g++)
				suspect_add_frame(&c->s, gs->frames[g]);
		}
	}
	/* Goroutines waiting on a channel in step with tickers that are
	 * never stopped are waiting on those tickers. */
	for (j = first; j < *ncs; j++) {
		struct cand *c = &(*cs)[j];
		size_t h;

		if (!c->s.goroutines.present || (c->s.pattern != LEAK_CHAN_RECV &&
		    c->s.pattern != LEAK_SELECT))
			continue;
		for (h = first; h < *ncs; h++) {
			const struct leak_suspect *hs = &(*cs)[h].s;
			double r;

			if (hs->pattern != LEAK_TICKER || !hs->heap.present ||
			    hs->heap.n != c->s.goroutines.n)
				continue;
			r = trend_correlation(hs->heap.values,
			    c->s.goroutines.values, hs->heap.n);
			if (r < 0.98)
				continue;
			c->s.pattern = LEAK_TICKER;
			free(c->s.reason);
			c->s.reason = xasprintf("goroutines parked in %s, in "
			    "step (r=%.2f) with tickers never stopped in %s",
			    c->s.goroutines.where, r, hs->function);
			break;
		}
	}
	for (j = first; j < *ncs; j++)
		names_each((*cs)[j].pframes, suspect_add_frame_cb,
		    &(*cs)[j].s);
	/* Library-only growth (goroutine stacks, sudogs) is a symptom of
	 * goroutines that the goroutine profiles measure directly: evidence
	 * of a goroutine suspect, not a suspect of its own. */
	for (j = first; j < *ncs;) {
		struct cand *c = &(*cs)[j];
		size_t g, best;
		double bestr;

		if (!c->runtime_only) {
			j++;
			continue;
		}
		/* Attach it to the parked group it grows most in step with. */
		best = *ncs;
		bestr = -2;
		for (g = first; g < *ncs; g++) {
			const struct leak_suspect *gs = &(*cs)[g].s;
			double r;

			if (g == j || (*cs)[g].runtime_only ||
			    (!gs->goroutines.present &&
			    !parks_goroutines(gs->pattern)))
				continue;
			r = gs->goroutines.present && gs->goroutines.n ==
			    c->s.heap.n ? trend_correlation(c->s.heap.values,
			    gs->goroutines.values, c->s.heap.n) :
			    gs->heap.present && gs->heap.n == c->s.heap.n ?
			    trend_correlation(c->s.heap.values,
			    gs->heap.values, c->s.heap.n) : -1;
			if (r > bestr) {
				bestr = r;
				best = g;
			}
		}
		if (best == *ncs && gor == NULL) {
			j++;
			continue;
		}
		if (best < *ncs)
			suspect_add_frame(&(*cs)[best].s, c->s.function);
		suspect_done(&c->s);
		free(c->pframes);
		memmove(c, c + 1, (*ncs - j - 1) * sizeof *c);
		(*ncs)--;
	}
out:
	/* The candidates' pointers into the rows die here. */
	for (j = first; j < *ncs; j++) {
		(*cs)[j].funcs = NULL;
		(*cs)[j].maxsize = (*cs)[j].maxcount = NULL;
		free((*cs)[j].pframes);
		(*cs)[j].pframes = NULL;
	}
	free(on_stacks);
	free(si);
	free(oi);
	free(hx);
	free(gx);
	rows_done(&hr);
	rows_done(&gr);
	return rc;
}

struct leaks *
leaks_find(const struct series_set *set, const struct leaks_options *o,
    char **cause)
{
	struct leaks *l = xcalloc(1, sizeof *l);
	struct cand *cs = NULL;
	size_t ncs = 0, i, j;

	for (i = 0; i < set->ngroups; i++) {
		const struct series *g = &set->groups[i];
		const struct series *heap = NULL, *gor = NULL;

		/* Each program once: at its first heap or goroutine group. */
		if (strcmp(g->kind, "heap") != 0 &&
		    strcmp(g->kind, "goroutine") != 0)
			continue;
		for (j = 0; j < i; j++)
			if (strcmp(set->groups[j].program, g->program) == 0 &&
			    (strcmp(set->groups[j].kind, "heap") == 0 ||
			    strcmp(set->groups[j].kind, "goroutine") == 0))
				break;
		if (j < i)
			continue;
		heap = series_find(set, "heap", g->program);
		gor = series_find(set, "goroutine", g->program);
		if (heap != NULL)
			l->heap_snapshots += heap->n;
		if (gor != NULL)
			l->goroutine_snapshots += gor->n;
		if (find_program(heap, gor, o, &cs, &ncs, cause) != 0) {
			for (j = 0; j < ncs; j++)
				suspect_done(&cs[j].s);
			free(cs);
			free(l);
			return NULL;
		}
	}
	if (ncs > 1)
		qsort(cs, ncs, sizeof *cs, cand_cmp);
	l->suspects = xcalloc(ncs + 1, sizeof *l->suspects);
	for (j = 0; j < ncs; j++)
		l->suspects[j] = cs[j].s;
	l->n = ncs;
	free(cs);
	return l;
}

void
leaks_free(struct leaks *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		suspect_done(&l->suspects[i]);
	free(l->suspects);
	free(l);
}

int
leaks_parse_limit(const char *s, int64_t *bytes, double *per_minute,
    char **cause)
{
	static const struct { const char *name; double mult; } units[] = {
		{ "", 1 }, { "b", 1 }, { "kb", 1e3 }, { "mb", 1e6 },
		{ "gb", 1e9 }, { "kib", 1024.0 }, { "mib", 1048576.0 },
		{ "gib", 1073741824.0 }, { "k", 1e3 }, { "m", 1e6 },
		{ "g", 1e9 },
	};
	char *end, unit[8];
	const char *slash;
	double v, mult = -1, per = 0;
	size_t i, ul;

	*bytes = 0;
	*per_minute = 0;
	v = strtod(s, &end);
	slash = strchr(end, '/');
	ul = slash != NULL ? (size_t)(slash - end) : strlen(end);
	if (end == s || v <= 0 || ul >= sizeof unit)
		goto bad;
	for (i = 0; i < ul; i++)
		unit[i] = (char)(end[i] >= 'A' && end[i] <= 'Z' ?
		    end[i] - 'A' + 'a' : end[i]);
	unit[ul] = '\0';
	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(unit, units[i].name) == 0)
			mult = units[i].mult;
	if (mult < 0)
		goto bad;
	if (slash == NULL) {
		*bytes = (int64_t)(v * mult + 0.5);
		return 0;
	}
	if (strcmp(slash, "/s") == 0 || strcmp(slash, "/sec") == 0)
		per = 60;
	else if (strcmp(slash, "/min") == 0 || strcmp(slash, "/m") == 0)
		per = 1;
	else if (strcmp(slash, "/h") == 0 || strcmp(slash, "/hour") == 0)
		per = 1.0 / 60;
	else
		goto bad;
	*per_minute = v * mult * per;
	return 0;
bad:
	*cause = xasprintf("--fail-on wants a size (1MB) or a rate "
	    "(100kB/min), not '%s'", s);
	return -1;
}

bool
leaks_over_limit(const struct leak_suspect *s, int64_t bytes,
    double per_minute)
{
	if (!s->heap.present)
		return false;
	if (bytes > 0 && s->heap.stats.change >= bytes)
		return true;
	if (per_minute > 0 && s->heap.timed && s->heap.stats.rate >= per_minute)
		return true;
	return false;
}
