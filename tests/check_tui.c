/*
 * check_tui.c - the browser without a terminal: its data against pprof's
 * numbers, and its model driven by key scripts with the rendered grid
 * compared to goldens in testdata/expected/tui/ (GENERATE=1 rewrites them;
 * review the diff like code).  Also the key scripts on the large profiles,
 * printing (not asserting) how long keystrokes and background slices took.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "an-retained.h"
#include "check_heapdiff.h"
#include "elfsyms.h"
#include "load.h"
#include "options.h"
#include "tui-data.h"
#include "tui-model.h"
#include "tui-view.h"
#include "xmalloc.h"

/* Load testdata/ files (relative names; testdata/ becomes the working
 * directory so names and goldens do not depend on it) into a series; with
 * syms (a relative name, or NULL), the program's symbols for heap dumps. */
static struct tui_data *
load_files(const char *const *names, int n, const char *syms)
{
	struct options o;
	struct tui_data *d = tui_data_new();
	char *args[16], *cause = NULL;
	struct profile *ps[16];
	int64_t ids[16];
	int i;

	ck_assert_int_eq(chdir(testdata_path("")), 0);
	options_init(&o);
	o.db = NULL;
	for (i = 0; i < n; i++)
		args[i] = xstrdup(names[i]);
	ck_assert_int_eq(load_profiles(&o, NULL, args, (size_t)n, ps, ids,
	    false), 0);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(tui_data_add(d, ps[i], args[i], NULL, &cause),
		    0);
		free(args[i]);
	}
	options_done(&o);
	if (syms != NULL) {
		d->syms = elfsyms_open(syms, &cause);
		ck_assert_msg(d->syms != NULL, "%s: %s", syms, cause);
	}
	return d;
}

/* Load dir/heap-00..07.pb.gz (relative to testdata/, which becomes the
 * working directory so names and goldens do not depend on it). */
static struct tui_data *
load_series(const char *dir, int first, int last)
{
	char *names[16];
	struct tui_data *d;
	int i, n = last - first + 1;

	for (i = 0; i < n; i++)
		names[i] = xasprintf("%s/heap-%02d.pb.gz", dir, first + i);
	d = load_files((const char *const *)names, n, NULL);
	for (i = 0; i < n; i++)
		free(names[i]);
	return d;
}

/* Compute d for a sample type by name and a granularity. */
static void
compute(struct tui_data *d, const char *type, enum tui_gran gran)
{
	char *cause = NULL;
	int idx = tui_data_sample_index(d, type, &cause);

	ck_assert_msg(idx >= 0, "%s", cause ? cause : "");
	ck_assert_int_eq(tui_data_compute(d, idx, gran, NULL, NULL), 0);
}

static const struct tui_site *
site_named(const struct tui_data *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nsites; i++)
		if (strcmp(d->sites[i].name, name) == 0)
			return &d->sites[i];
	return NULL;
}

/*
 * Every row of a pprof -top golden (testdata/expected/REL) must be a site
 * whose value (flat and cum) equals pprof's: in snapshot snap, or with
 * base >= 0, the change from base to snap.  Values must be plain integers
 * (counts, or -unit=B bytes).  Returns the rows checked.
 */
static int
check_against_pprof(const struct tui_data *d, const char *rel, int base,
    int snap)
{
	char path[256], line[1024];
	FILE *f;
	int rows = 0;
	bool table = false;

	snprintf(path, sizeof path, "expected/%s", rel);
	f = fopen(testdata_path(path), "r");
	ck_assert_msg(f != NULL, "%s", path);
	while (fgets(line, sizeof line, f) != NULL) {
		long long flat, cum;
		char name[512], *inl;
		const struct tui_site *s;
		int64_t got_flat, got_cum;

		line[strcspn(line, "\n")] = '\0';
		if (strstr(line, "flat%") != NULL) {
			table = true;
			continue;
		}
		if (!table)
			continue;
		ck_assert_int_eq(sscanf(line, " %lld %*s %*s %lld %*s %511[^\n]",
		    &flat, &cum, name), 3);
		if ((inl = strstr(name, " (inline)")) != NULL)
			*inl = '\0';
		s = site_named(d, name);
		ck_assert_msg(s != NULL, "%s: no site %s", rel, name);
		got_flat = s->flat[snap] - (base >= 0 ? s->flat[base] : 0);
		got_cum = s->cum[snap] - (base >= 0 ? s->cum[base] : 0);
		ck_assert_msg(got_flat == flat && got_cum == cum,
		    "%s: %s flat %lld cum %lld, pprof %lld %lld", rel, name,
		    (long long)got_flat, (long long)got_cum, flat, cum);
		rows++;
	}
	fclose(f);
	return rows;
}

START_TEST(test_data_matches_pprof)
{
	struct tui_data *d = load_series("auditlog", 0, 7);
	char rel[128];
	int snap, rows = 0;

	compute(d, "inuse_objects", TUI_GRAN_FUNCTIONS);
	for (snap = 0; snap < 8; snap++) {
		snprintf(rel, sizeof rel, "auditlog/top-inuse_objects-%02d.txt",
		    snap);
		rows += check_against_pprof(d, rel, -1, snap);
	}
	rows += check_against_pprof(d, "auditlog/base-inuse_objects-00-07.txt",
	    0, 7);
	ck_assert_int_gt(rows, 50);
	compute(d, "alloc_objects", TUI_GRAN_FUNCTIONS);
	ck_assert_int_gt(check_against_pprof(d,
	    "auditlog/base-alloc_objects-00-07.txt", 0, 7), 5);
	tui_data_free(d);
}
END_TEST

START_TEST(test_stack_sites_sum_to_total)
{
	struct tui_data *d = load_series("condwait", 0, 7);
	size_t i, k;

	compute(d, "inuse_space", TUI_GRAN_STACKS);
	for (k = 0; k < d->nsnaps; k++) {
		int64_t sum = 0;

		for (i = 0; i < d->nsites; i++)
			sum += d->sites[i].flat[k];
		ck_assert_int_eq(sum, d->snaps[k].total);
	}
	tui_data_free(d);
}
END_TEST

/* Range of a site's flat values over the series. */
static int64_t
site_range(const struct tui_site *s, size_t n)
{
	int64_t lo = s->flat[0], hi = s->flat[0];
	size_t k;

	for (k = 1; k < n; k++) {
		lo = s->flat[k] < lo ? s->flat[k] : lo;
		hi = s->flat[k] > hi ? s->flat[k] : hi;
	}
	return hi - lo;
}

static int
cmp_int64_desc(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x < y) - (x > y);
}

/* With more stacks than max_stack_sites, the ones changing most are kept
 * and one site sums the others: sites still sum to every total. */
START_TEST(test_stack_sites_capped)
{
	struct tui_data *d = load_series("condwait", 0, 7);
	int64_t *ranges;
	size_t i, k, all;

	compute(d, "inuse_space", TUI_GRAN_STACKS);
	all = d->nsites;
	ck_assert_uint_gt(all, 6);
	ranges = xcalloc(all, sizeof *ranges);
	for (i = 0; i < all; i++)
		ranges[i] = site_range(&d->sites[i], d->nsnaps);
	qsort(ranges, all, sizeof *ranges, cmp_int64_desc);
	d->max_stack_sites = 5;
	compute(d, "inuse_space", TUI_GRAN_STACKS);
	ck_assert_uint_eq(d->nsites, 6);
	for (i = 0; i < 5; i++)
		ck_assert_int_ge(site_range(&d->sites[i], d->nsnaps),
		    ranges[4]);
	{
		char want[64];

		snprintf(want, sizeof want, "(%zu other stacks)", all - 5);
		ck_assert_str_eq(d->sites[5].name, want);
	}
	for (k = 0; k < d->nsnaps; k++) {
		int64_t sum = 0;

		for (i = 0; i < d->nsites; i++)
			sum += d->sites[i].flat[k];
		ck_assert_int_eq(sum, d->snaps[k].total);
	}
	free(ranges);
	tui_data_free(d);
}
END_TEST

/* Feed a key script to the model, computing again when it asks; returns
 * the last reaction flags. */
static int
run_script(struct tui_model *m, const char *script)
{
	int keys[256], n = tui_script_keys(script, keys, 256), i, flags = 0;

	for (i = 0; i < n; i++) {
		flags = tui_key(m, keys[i]);
		if (flags & TUI_RELOAD)
			ck_assert_int_eq(tui_model_reload(m, NULL, NULL), 0);
		while (tui_model_busy(m))
			tui_model_work(m, 1000);
	}
	return flags;
}

/* Compare the model's screen with testdata/expected/tui/name.txt (or
 * write it with GENERATE=1). */
static void
check_golden(struct tui_model *m, const char *name)
{
	struct tui_grid g = { 0, 0, NULL };
	char path[256], *text, *want;
	FILE *f;
	long len;

	tui_view_draw(m, &g);
	text = tui_grid_dump(&g, true);
	tui_grid_done(&g);
	snprintf(path, sizeof path, "expected/tui/%s.txt", name);
	if (getenv("GENERATE") != NULL) {
		f = fopen(testdata_path(path), "w");
		ck_assert_msg(f != NULL, "%s", path);
		fputs(text, f);
		fclose(f);
		free(text);
		return;
	}
	f = fopen(testdata_path(path), "r");
	ck_assert_msg(f != NULL, "%s missing (GENERATE=1 writes it)", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	want = xcalloc((size_t)len + 1, 1);
	ck_assert_int_eq(fread(want, 1, (size_t)len, f), len);
	fclose(f);
	ck_assert_msg(strcmp(text, want) == 0, "%s differs; got:\n%s", path,
	    text);
	free(want);
	free(text);
}

/* A key-script case: a series, a script, a golden, and what must hold. */
struct script_case {
	const char *golden;
	const char *dir;
	int width, height;
	const char *script;
	const char *first_row;	/* the selected row's first cell, or NULL */
	int flags;		/* the last key's reaction flags */
};

static const struct script_case script_cases[] = {
	/* Opens on Growth, the leak first. */
	{ "growth-auditlog", "auditlog", 100, 30, "", "main.recordAudit",
	    0 },
	{ "growth-auditlog-80x24", "auditlog", 80, 24, "", "main.recordAudit",
	    0 },
	{ "growth-blockindex", "blockindex", 100, 30, "", "main.readBlock",
	    0 },
	{ "growth-condwait-cum", "condwait", 100, 30, "c", NULL,
	    TUI_REDRAW },
	/* Enter: callers, callees, tree, traces, source. */
	{ "detail-auditlog", "auditlog", 100, 30, "<Enter>",
	    "Callers (1)", TUI_REDRAW },
	{ "detail-condwait-tree", "condwait", 100, 40,
	    "c/awaitCompletion<Enter><Enter>", NULL, TUI_REDRAW },
	{ "help", "auditlog", 80, 24, "?", NULL, TUI_REDRAW },
	{ "help-back", "auditlog", 80, 24, "?<Esc>", "main.recordAudit",
	    TUI_REDRAW },
	{ "snapshots", "auditlog", 100, 30, "1", NULL, TUI_REDRAW },
	/* Pick base 3 and target 5 on Snapshots, back to Growth. */
	{ "growth-auditlog-03-05", "auditlog", 100, 30, "1jjjbjjt2",
	    "main.appendPending", TUI_REDRAW },
	/* b from Growth picks through Snapshots. */
	{ "growth-auditlog-pick-base", "auditlog", 100, 30, "bjj<Enter>",
	    "main.recordAudit", TUI_REDRAW },
	{ "filter-lru", "auditlog", 100, 30, "/lru|pending<Enter>",
	    "main.(*lruTable).put", TUI_REDRAW },
	{ "sort-by-name", "auditlog", 100, 30, "ssss", NULL, TUI_REDRAW },
	{ "sample-alloc-objects", "auditlog", 100, 30, "ii", NULL,
	    TUI_RELOAD | TUI_REDRAW },
	{ "gran-lines", "auditlog", 100, 30, "f", NULL,
	    TUI_RELOAD | TUI_REDRAW },
	{ "gran-stacks", "auditlog", 120, 30, "ff", NULL,
	    TUI_RELOAD | TUI_REDRAW },
	{ "end-pgup", "auditlog", 80, 24, "<End><PgUp>k", NULL, TUI_REDRAW },
	{ "quit", "auditlog", 80, 24, "jjq", NULL, TUI_QUIT },
	{ "tiny-40x6", "auditlog", 40, 6, "j", NULL, TUI_REDRAW },
};

START_TEST(test_script)
{
	const struct script_case *c = &script_cases[_i];
	struct tui_data *d = load_series(c->dir, 0, 7);
	struct tui_model m;
	int flags, it;

	compute(d, "", TUI_GRAN_FUNCTIONS);
	tui_model_init(&m, d, c->width, c->height);
	flags = run_script(&m, c->script);
	ck_assert_int_eq(flags, c->flags);
	if (c->first_row != NULL) {
		it = tw_selected(&m.w[m.screen]);
		ck_assert_int_ge(it, 0);
		ck_assert_str_eq(m.w[m.screen].items[it].cells[0],
		    c->first_row);
	}
	check_golden(&m, c->golden);
	tui_model_done(&m);
	tui_data_free(d);
}
END_TEST

/* The Detail screen's rows for a section: whether name is among them. */
static bool
detail_has(const struct tui_model *m, enum tui_detail_section sec,
    const char *name)
{
	size_t i;

	for (i = 0; m->detail != NULL && i < m->detail->nrows[sec]; i++)
		if (strcmp(m->detail->rows[sec][i].name, name) == 0)
			return true;
	return false;
}

START_TEST(test_detail_callers_and_drill)
{
	struct tui_data *d = load_series("auditlog", 0, 7);
	struct tui_model m;

	compute(d, "", TUI_GRAN_FUNCTIONS);
	tui_model_init(&m, d, 100, 30);
	run_script(&m, "<Enter>");
	ck_assert_int_eq(m.screen, TUI_DETAIL);
	ck_assert(detail_has(&m, TUI_DETAIL_CALLERS, "main.serveRequest"));
	ck_assert_ptr_nonnull(m.detail->source_file);
	/* Enter on the caller shows its detail; Esc goes back to Growth. */
	run_script(&m, "j<Enter>");
	ck_assert_str_eq(m.detail_site->name, "main.serveRequest");
	ck_assert(detail_has(&m, TUI_DETAIL_CALLEES, "main.recordAudit"));
	run_script(&m, "<Esc>");
	ck_assert_int_eq(m.screen, TUI_GROWTH);
	tui_model_done(&m);
	tui_data_free(d);
}
END_TEST

/*
 * The Detail's source lines against go tool pprof's list (the golden
 * expected/REL): every line pprof lists with a value has that flat and
 * cum in the target snapshot, and no other line has one.  Returns the
 * lines compared.
 */
static int
check_source_against_list(const struct tui_detail *dt, const char *rel,
    const char *func)
{
	char path[256], line[2048], head[512];
	FILE *f;
	bool in = false;
	int lines = 0;
	size_t i;

	snprintf(path, sizeof path, "expected/%s", rel);
	snprintf(head, sizeof head, "ROUTINE ======================== %s in ",
	    func);
	f = fopen(testdata_path(path), "r");
	ck_assert_msg(f != NULL, "%s", path);
	while (fgets(line, sizeof line, f) != NULL) {
		char fs[64], cs[64];
		long long no, flat, cum;
		const struct tui_detail_row *r = NULL;

		if (strncmp(line, "ROUTINE", 7) == 0) {
			in = strncmp(line, head, strlen(head)) == 0;
			continue;
		}
		if (!in || sscanf(line, " %63s %63s %lld:", fs, cs, &no) != 3)
			continue;
		flat = strcmp(fs, ".") == 0 ? 0 : atoll(fs);
		cum = strcmp(cs, ".") == 0 ? 0 : atoll(cs);
		for (i = 0; i < dt->nrows[TUI_DETAIL_SOURCE]; i++)
			if (dt->rows[TUI_DETAIL_SOURCE][i].line == no)
				r = &dt->rows[TUI_DETAIL_SOURCE][i];
		if (r == NULL) {
			ck_assert_msg(flat == 0 && cum == 0, "%s line %lld: "
			    "not in the detail", func, no);
			continue;
		}
		ck_assert_msg(r->flat_target == flat && r->target == cum,
		    "%s line %lld: flat %lld cum %lld, pprof %lld %lld", func,
		    no, (long long)r->flat_target, (long long)r->target, flat,
		    cum);
		if (flat != 0 || cum != 0)
			lines++;
	}
	fclose(f);
	ck_assert_int_gt(lines, 0);
	return lines;
}

/* Per-line flat and cum of the Detail's source, as pprof's list. */
START_TEST(test_detail_source_flat_cum)
{
	static const char *const funcs[] = {
		"main.backgroundLoad", "main.(*lruTable).put",
		"main.recordAudit",
	};
	struct tui_data *d = load_series("auditlog", 0, 7);
	struct tui_detail *dt;
	size_t k;
	int lines = 0;

	d->source_path = "auditlog/src:/usr/lib/go/src";
	compute(d, "inuse_objects", TUI_GRAN_FUNCTIONS);
	for (k = 0; k < sizeof funcs / sizeof funcs[0]; k++) {
		const struct tui_site *s = site_named(d, funcs[k]);

		ck_assert_ptr_nonnull(s);
		dt = tui_detail_new(d, s, 0, 7);
		ck_assert_ptr_nonnull(dt->source_file);
		lines += check_source_against_list(dt,
		    "auditlog/a3-list-inuse_objects-07.txt", funcs[k]);
		tui_detail_free(dt);
	}
	/* backgroundLoad has lines with cum and no flat: flat is not cum. */
	ck_assert_int_gt(lines, 8);
	tui_data_free(d);
}
END_TEST

/* The site's retained size in snapshot i's retention (an-retained.h's
 * own sum over the dominator tree), bytes or live objects. */
static int64_t
site_retained(const struct tui_data *d, size_t i, const char *site,
    bool bytes)
{
	const struct retained *r = d->snaps[i].retained;
	size_t k;

	ck_assert_ptr_nonnull(r);
	for (k = 0; k < r->nsites; k++)
		if (strcmp(strpool_get(r->names, r->sites[k].name), site) == 0)
			return (int64_t)(bytes ? r->sites[k].retained_bytes :
			    r->sites[k].live_objects);
	return 0;
}

/* The sum of the top-level retainer rows of a detail, base and target. */
static void
retainers_sum(const struct tui_detail *dt, int64_t *base, int64_t *target)
{
	size_t i;

	*base = *target = 0;
	for (i = 0; i < dt->nrows[TUI_DETAIL_RETAINERS]; i++)
		if (dt->rows[TUI_DETAIL_RETAINERS][i].parent < 0) {
			*base += dt->rows[TUI_DETAIL_RETAINERS][i].base;
			*target += dt->rows[TUI_DETAIL_RETAINERS][i].target;
		}
}

/*
 * A series of Go heap dumps (testdata/dumpseries: a global slice that
 * only grows): Growth has the leaking site first, its Detail has
 * Retainers naming the slice's variable, whose values are the site's
 * retained bytes (or, for inuse_objects, its live objects, which are
 * Growth's own value for the site) in base and target.
 */
START_TEST(test_dump_series)
{
	static const char *const files[] = {
		"dumpseries/heapdump-00.bin.gz", "dumpseries/heapdump-01.bin.gz",
		"dumpseries/heapdump-02.bin.gz", "dumpseries/heapdump-03.bin.gz",
	};
	struct tui_data *d = load_files(files, 4, "dumpseries/dumpseries.syms");
	struct tui_model m;
	const struct tui_detail_row *row;
	int64_t b, t;

	ck_assert_int_eq(tui_data_retain(d, NULL, NULL), 0);
	compute(d, "", TUI_GRAN_FUNCTIONS);
	tui_model_init(&m, d, 100, 30);
	run_script(&m, "<Enter>");
	ck_assert_int_eq(m.screen, TUI_DETAIL);
	ck_assert_str_eq(m.detail_site->name, "main.openSession");
	ck_assert(m.detail->has_retainers);
	ck_assert(m.detail->retained_bytes);
	row = &m.detail->rows[TUI_DETAIL_RETAINERS][0];
	ck_assert_str_eq(row->name, "main.sessions (bss)");
	ck_assert_int_gt(row->target, row->base);
	retainers_sum(m.detail, &b, &t);
	ck_assert_int_eq(b, site_retained(d, 0, "main.openSession", true));
	ck_assert_int_eq(t, site_retained(d, 3, "main.openSession", true));
	check_golden(&m, "detail-dumpseries");
	/* i: inuse_objects; the retainers hold the site's live objects. */
	run_script(&m, "i");
	ck_assert_str_eq(d->type_names[d->sample_index], "inuse_objects");
	ck_assert(!m.detail->retained_bytes);
	retainers_sum(m.detail, &b, &t);
	ck_assert_int_eq(b, m.detail_site->flat[0]);
	ck_assert_int_eq(t, m.detail_site->flat[3]);
	ck_assert_int_eq(t, site_retained(d, 3, "main.openSession", false));
	check_golden(&m, "detail-dumpseries-objects");
	/* The bounded cache: its map's buckets under main.cache. */
	run_script(&m, "i<Esc>/cachePut<Enter><Enter>");
	ck_assert_str_eq(m.detail_site->name, "main.cachePut");
	row = &m.detail->rows[TUI_DETAIL_RETAINERS][0];
	ck_assert_str_eq(row->name, "main.cache (bss)");
	check_golden(&m, "detail-dumpseries-cache");
	/* On 80x24 names run on over the empty flat cells. */
	tui_resize(&m, 80, 24);
	check_golden(&m, "detail-dumpseries-cache-80x24");
	tui_model_done(&m);
	tui_data_free(d);
}
END_TEST

/* Growth on heap dumps has top's per-site values: the figures of
 * tests/dump.sh, from the scenarios' truth.json. */
START_TEST(test_dump_growth_is_top)
{
	static const char *const files[] = {
		"condwait/heapdump-07.bin", "auditlog/heapdump-07.bin",
	};
	struct tui_data *d = load_files(files, 2, NULL);
	const struct tui_site *s;

	compute(d, "inuse_space", TUI_GRAN_FUNCTIONS);
	ck_assert_ptr_nonnull(s = site_named(d, "main.recordAudit"));
	ck_assert_int_eq(s->flat[1], 315136);
	ck_assert_int_eq(s->flat[0], 0);
	ck_assert_ptr_nonnull(s = site_named(d, "main.submitJob"));
	ck_assert_int_eq(s->flat[1] - s->flat[0], -256000);
	ck_assert_int_eq(d->snaps[1].total, 522352);
	compute(d, "inuse_objects", TUI_GRAN_FUNCTIONS);
	ck_assert_ptr_nonnull(s = site_named(d, "main.submitJob"));
	ck_assert_int_eq(s->flat[0], 320);
	tui_data_free(d);
}
END_TEST

START_TEST(test_mouse_and_resize)
{
	struct tui_data *d = load_series("auditlog", 0, 7);
	struct tui_model m;
	struct tui_grid g = { 0, 0, NULL };
	int top;

	compute(d, "", TUI_GRAN_FUNCTIONS);
	tui_model_init(&m, d, 100, 30);
	top = tui_model_list_top(&m);
	tui_view_draw(&m, &g);
	/* A click on the third row selects it; a double click drills in. */
	ck_assert_int_eq(tui_mouse(&m, TM_CLICK, top + 3, 5), TUI_REDRAW);
	ck_assert_int_eq(m.w[TUI_GROWTH].cursor, 2);
	ck_assert_int_eq(tui_mouse(&m, TM_CLICK, 0, 5), 0);
	tui_mouse(&m, TM_WHEEL_DOWN, 10, 5);
	ck_assert_int_eq(m.w[TUI_GROWTH].top, 3);
	tui_mouse(&m, TM_WHEEL_UP, 10, 5);
	ck_assert_int_eq(m.w[TUI_GROWTH].top, 0);
	tui_mouse(&m, TM_DOUBLE, top + 1, 5);
	ck_assert_int_eq(m.screen, TUI_DETAIL);
	ck_assert_str_eq(m.detail_site->name, "main.recordAudit");
	/* Resizing redraws at the new size. */
	ck_assert_int_eq(tui_resize(&m, 80, 24), TUI_REDRAW);
	tui_view_draw(&m, &g);
	ck_assert_int_eq(g.w, 80);
	ck_assert_int_eq(g.h, 24);
	tui_grid_done(&g);
	tui_model_done(&m);
	tui_data_free(d);
}
END_TEST

/* Suspects from a suspect source come first, marked with their pattern,
 * in every granularity; the rest follow by change. */
START_TEST(test_suspects_first)
{
	static const struct tui_suspect sus[] = {
		{ (char *)"main.(*lruTable).put", (char *)"map" },
		{ (char *)"main.appendPending", (char *)"slice" },
	};
	struct tui_data *d = load_series("auditlog", 0, 7);
	struct tui_model m;
	struct tui_widget *w;

	tui_data_set_suspects(d, sus, 2);
	compute(d, "", TUI_GRAN_FUNCTIONS);
	tui_model_init(&m, d, 100, 30);
	w = &m.w[TUI_GROWTH];
	ck_assert_str_eq(w->items[w->visible[0]].cells[GC_SITE],
	    "main.(*lruTable).put [map]");
	ck_assert_str_eq(w->items[w->visible[1]].cells[GC_SITE],
	    "main.appendPending [slice]");
	ck_assert_str_eq(w->items[w->visible[2]].cells[GC_SITE],
	    "main.recordAudit");
	check_golden(&m, "growth-suspects");
	run_script(&m, "ff");
	ck_assert_int_eq(d->gran, TUI_GRAN_STACKS);
	ck_assert_int_eq(d->sites[w->items[w->visible[0]].tag].suspect_rank, 1);
	tui_model_done(&m);
	tui_data_free(d);
}
END_TEST

/* The suspects leaks.h finds mark the leak of each real series first;
 * the control series has none. */
START_TEST(test_found_suspects)
{
	static const struct {
		const char *dir, *first;
	} cases[] = {
		{ "auditlog", "main.recordAudit" },
		{ "blockindex", "main.readBlock" },
		{ "baseline", NULL },
	};
	size_t k;

	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		struct tui_data *d = load_series(cases[k].dir, 0, 7);
		struct tui_model m;
		struct tui_widget *w;
		char *cause = NULL;
		int n = tui_data_find_suspects(d, &cause);

		ck_assert_msg(n >= 0, "%s", cause ? cause : "");
		compute(d, "", TUI_GRAN_FUNCTIONS);
		tui_model_init(&m, d, 100, 30);
		w = &m.w[TUI_GROWTH];
		if (cases[k].first == NULL)
			ck_assert_int_eq(n, 0);
		else {
			const struct tui_site *s =
			    &d->sites[w->items[w->visible[0]].tag];

			ck_assert_int_gt(n, 0);
			ck_assert_str_eq(s->name, cases[k].first);
			ck_assert_int_eq(s->suspect_rank, 1);
			ck_assert_ptr_nonnull(s->pattern);
		}
		tui_model_done(&m);
		tui_data_free(d);
	}
}
END_TEST

START_TEST(test_bad_filter)
{
	struct tui_data *d = load_series("auditlog", 0, 1);
	struct tui_model m;

	compute(d, "", TUI_GRAN_FUNCTIONS);
	tui_model_init(&m, d, 80, 24);
	run_script(&m, "/main.(<Enter>");
	ck_assert_ptr_nonnull(m.message);
	ck_assert_msg(strstr(m.message, "bad regular expression") != NULL,
	    "%s", m.message);
	ck_assert_ptr_null(m.w[TUI_GROWTH].filter);
	/* n without a filter says so. */
	run_script(&m, "n");
	ck_assert_str_eq(m.message, "no filter: / sets one");
	tui_model_done(&m);
	tui_data_free(d);
}
END_TEST

/* CPU time of this thread: what a keystroke costs, whatever else the
 * machine runs (make check shares it with other builds). */
static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Every keystroke (key + view into the grid) on the large pair, except
 * the computations that show progress (i, f), within 30 ms of CPU; and
 * every slice of background work (a detail) with its redraw too. */
START_TEST(test_latency_large)
{
	static const char script[] = "jjjkk<PgDn><PgUp><End><Home>ss"
	    "S/main<Enter>nN/<Enter>1jk2<Enter>jjj<Right><Left><Esc>c"
	    "?<Esc>tk<Enter><Enter><Esc>";
	struct options o;
	struct tui_data *d = tui_data_new();
	char *args[2], *cause = NULL;
	struct profile *ps[2];
	int64_t ids[2];
	struct tui_model m;
	struct tui_grid g = { 0, 0, NULL };
	int keys[256], n, i;
	double worst = 0, worst_work = 0;
	int worst_key = 0, slices = 0;

	options_init(&o);
	o.db = NULL;
	args[0] = xstrdup(testdata_path("large/large-00.pb.gz"));
	args[1] = xstrdup(testdata_path("large/large-01.pb.gz"));
	ck_assert_int_eq(load_profiles(&o, NULL, args, 2, ps, ids, false), 0);
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(tui_data_add(d, ps[i], args[i], NULL, &cause),
		    0);
		free(args[i]);
	}
	options_done(&o);
	compute(d, "", TUI_GRAN_FUNCTIONS);
	tui_model_init(&m, d, 120, 40);
	tui_view_draw(&m, &g);
	n = tui_script_keys(script, keys, 256);
	for (i = 0; i < n; i++) {
		double t0 = now_ms(), dt;
		int flags = tui_key(&m, keys[i]);

		ck_assert(!(flags & TUI_RELOAD));
		tui_view_draw(&m, &g);
		dt = now_ms() - t0;
		if (dt > worst) {
			worst = dt;
			worst_key = keys[i];
		}
		/* Background work runs in slices as the loop runs it; each
		 * slice with its redraw is held to the same bound. */
		while (tui_model_busy(&m)) {
			t0 = now_ms();
			tui_model_work(&m, 10);
			tui_view_draw(&m, &g);
			dt = now_ms() - t0;
			if (dt > worst_work)
				worst_work = dt;
			slices++;
		}
	}
	/*
	 * The times are printed, not asserted: speed is measured by
	 * benchmarks, never by timed unit tests (a loaded machine or a
	 * sanitizer build would fail them).  What is asserted is that the
	 * background work ran in slices and finished.
	 */
	printf("tui: %d background slices, slowest %.1f ms\n", slices,
	    worst_work);
	printf("tui: slowest keystroke on large/ %.1f ms (key %d)\n", worst,
	    worst_key);
	ck_assert(!tui_model_busy(&m));
	tui_grid_done(&g);
	tui_model_done(&m);
	tui_data_free(d);
}
END_TEST

Suite *
tui_suite(void)
{
	Suite *s = suite_create("tui");
	TCase *tc = tcase_create("data");
	TCase *keys = tcase_create("keys");
	TCase *slow = tcase_create("latency");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_data_matches_pprof);
	tcase_add_test(tc, test_stack_sites_sum_to_total);
	tcase_add_test(tc, test_stack_sites_capped);
	suite_add_tcase(s, tc);
	tcase_set_timeout(keys, 60);
	tcase_add_loop_test(keys, test_script, 0,
	    (int)(sizeof script_cases / sizeof script_cases[0]));
	tcase_add_test(keys, test_detail_callers_and_drill);
	tcase_add_test(keys, test_detail_source_flat_cum);
	tcase_add_test(keys, test_dump_series);
	tcase_add_test(keys, test_dump_growth_is_top);
	tcase_add_test(keys, test_mouse_and_resize);
	tcase_add_test(keys, test_bad_filter);
	tcase_add_test(keys, test_suspects_first);
	tcase_add_test(keys, test_found_suspects);
	suite_add_tcase(s, keys);
	tcase_set_timeout(slow, 300);
	tcase_add_test(slow, test_latency_large);
	suite_add_tcase(s, slow);
	return s;
}
