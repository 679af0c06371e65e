/*
 * bench/tui-bench.c - how long the browser takes per keystroke on big
 * profiles, without a terminal: loads a pair (or series) of snapshots as
 * `heapdiff tui` does, computes Growth, then drives the model with a key
 * script and draws the view into a cell grid after every key, as the
 * event loop (src/tui.c) does between reading keys.  Prints each key's
 * wall time, the slowest and the median, the background slices (a
 * site's detail, computed a slice at a time while no key waits), the
 * progress gaps of keys that compute again (i, f: how long Esc may wait to
 * cancel), and the peak RSS.
 *
 * usage: tui-bench [-w W] [-h H] [-k SCRIPT] PROFILE...
 *   SCRIPT is a key script as tui_script_keys reads it (tui-model.h):
 *   characters are keys, <Enter> <Esc> <BS> <Up> ... name the others.
 *   bench/tui runs it on testdata/large.
 *
 * A benchmark, not a test: nothing here fails on a slow machine.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "load.h"
#include "options.h"
#include "tui-data.h"
#include "tui-model.h"
#include "tui-view.h"
#include "xmalloc.h"

/* A realistic session: move, page, jump, sort, change sample type and
 * granularity (sorting, filtering and opening a detail at stack
 * granularity too), pick another target and back, filter, open a detail
 * and scroll through its sections, fold, go back. */
static const char default_script[] =
    "jjjjkk<PgDn><PgDn><PgUp><End><Home>jjj"
    "sssS"
    "i" "i"
    "f" "f"
    "jj<PgDn><End><Home>ssS/runtime<Enter>nN/<Enter>"
    "<Home><Enter>jj<PgDn><End><BS>"
    "f"
    "tk<Enter>jj" "tj<Enter>"
    "/alloc<Enter>nnN/<Enter>"
    "<Home><Enter>"
    "jjjjjj<PgDn><PgDn><PgDn><PgUp><End><Home>"
    "jj<Left><Right><Left>kk<End><PgUp><PgUp><Home>"
    "<BS>jj<Enter><PgDn><BS>"
    "1jk2c c?<Esc>q";

/* Wall-clock milliseconds. */
static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* This process's CPU milliseconds: beside the wall time, it tells a slow
 * key from one the machine's load delayed. */
static double
cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* A key's printable name. */
static const char *
key_name(int key, char *buf, size_t len)
{
	static const struct { int key; const char *name; } names[] = {
		{ TK_ENTER, "Enter" }, { TK_ESC, "Esc" },
		{ TK_BACKSPACE, "BS" }, { TK_UP, "Up" }, { TK_DOWN, "Down" },
		{ TK_LEFT, "Left" }, { TK_RIGHT, "Right" },
		{ TK_PGUP, "PgUp" }, { TK_PGDN, "PgDn" },
		{ TK_HOME, "Home" }, { TK_END, "End" }, { ' ', "Space" },
	};
	size_t k;

	for (k = 0; k < sizeof names / sizeof names[0]; k++)
		if (names[k].key == key)
			return names[k].name;
	snprintf(buf, len, "%c", key);
	return buf;
}

/* The gaps between progress calls of one computation. */
struct gaps {
	double last, worst, first;
	int calls;
};

static int
progress(void *arg, size_t done, size_t total, const char *label)
{
	struct gaps *g = arg;
	double t = now_ms();

	(void)done;
	(void)total;
	(void)label;
	if (g->calls++ == 0)
		g->first = t - g->last;
	else if (t - g->last > g->worst)
		g->worst = t - g->last;
	g->last = t;
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Peak resident set size in MB. */
static long
peak_rss_mb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

int
main(int argc, char **argv)
{
	const char *script = default_script;
	struct options o;
	struct tui_data *d = tui_data_new();
	struct tui_model m;
	struct tui_grid g = { 0, 0, NULL };
	struct gaps gp;
	double t0, t, c0, *times, *cpus, worst_slice = 0, worst_slice_cpu = 0;
	double compute_worst_gap = 0;
	int keys[1024], nkeys, i, c, w = 120, h = 40, slices = 0;
	int sample;
	char *cause = NULL, kb[8];

	while ((c = getopt(argc, argv, "w:h:k:")) != -1)
		switch (c) {
		case 'w': w = atoi(optarg); break;
		case 'h': h = atoi(optarg); break;
		case 'k': script = optarg; break;
		default:
			fprintf(stderr, "usage: tui-bench [-w W] [-h H] "
			    "[-k SCRIPT] PROFILE...\n");
			return 1;
		}
	if (optind >= argc) {
		fprintf(stderr, "tui-bench: no profiles\n");
		return 1;
	}
	options_init(&o);
	o.db = NULL;

	t0 = now_ms();
	memset(&gp, 0, sizeof gp);
	gp.last = t0;
	if (tui_data_load(d, &o, argv + optind, (size_t)(argc - optind),
	    progress, &gp) != 0)
		return 2;
	printf("load %d profiles        %8.0f ms (progress every %.0f ms at "
	    "most)\n", argc - optind, now_ms() - t0, gp.worst);
	t0 = now_ms();
	memset(&gp, 0, sizeof gp);
	gp.last = t0;
	tui_data_retain(d, progress, &gp);
	if (gp.calls > 0)
		printf("heap dumps' retention    %8.0f ms (progress every %.0f "
		    "ms at most)\n", now_ms() - t0, gp.worst);
	sample = tui_data_sample_index(d, "", &cause);
	if (sample < 0) {
		fprintf(stderr, "tui-bench: %s\n", cause);
		return 2;
	}
	memset(&gp, 0, sizeof gp);
	gp.last = t0 = now_ms();
	tui_data_compute(d, sample, TUI_GRAN_FUNCTIONS, progress, &gp);
	printf("compute Growth          %8.0f ms (progress every %.0f ms at "
	    "most), %zu sites\n", now_ms() - t0, gp.worst, d->nsites);
	t0 = now_ms();
	tui_model_init(&m, d, w, h);
	tui_view_draw(&m, &g);
	printf("first screen            %8.1f ms\n", now_ms() - t0);

	nkeys = tui_script_keys(script, keys, 1024);
	times = xcalloc((size_t)nkeys + 1, sizeof *times);
	cpus = xcalloc((size_t)nkeys + 1, sizeof *cpus);
	printf("\n%-6s %-9s %9s %9s  %s\n", "key", "screen", "wall ms",
	    "cpu ms", "notes");
	for (i = 0; i < nkeys; i++) {
		int flags;
		char note[160] = "";

		t0 = now_ms();
		c0 = cpu_ms();
		flags = tui_key(&m, keys[i]);
		if (flags & TUI_RELOAD) {
			/* The loop computes with a progress line: the
			 * keystroke's redraw is the first progress line,
			 * Esc is seen at the next ones. */
			double r0 = now_ms();

			memset(&gp, 0, sizeof gp);
			gp.last = r0;
			tui_model_reload(&m, progress, &gp);
			t = now_ms();
			snprintf(note, sizeof note, "recomputed in %.0f ms: "
			    "first progress after %.1f ms, then every %.0f "
			    "ms at most", t - r0, gp.first, gp.worst);
			if (gp.worst > compute_worst_gap)
				compute_worst_gap = gp.worst;
			times[i] = (r0 - t0) + gp.first;
			cpus[i] = times[i];
			tui_view_draw(&m, &g);
		} else {
			tui_view_draw(&m, &g);
			times[i] = now_ms() - t0;
			cpus[i] = cpu_ms() - c0;
		}
		/* Background work, a slice at a time, each with its redraw:
		 * a key arriving meanwhile waits for at most one. */
		if (tui_model_busy(&m)) {
			double b0 = now_ms(), worst = 0, worst_cpu = 0;
			int n = 0;

			while (tui_model_busy(&m)) {
				double s0 = now_ms(), sc0 = cpu_ms();

				tui_model_work(&m, 10);
				tui_view_draw(&m, &g);
				if (now_ms() - s0 > worst)
					worst = now_ms() - s0;
				if (cpu_ms() - sc0 > worst_cpu)
					worst_cpu = cpu_ms() - sc0;
				n++;
			}
			snprintf(note + strlen(note), sizeof note -
			    strlen(note), "%sbackground: %d slices in %.0f ms, "
			    "slowest %.1f ms (cpu %.1f)", *note ? "; " : "",
			    n, now_ms() - b0,
			    worst, worst_cpu);
			slices += n;
			if (worst > worst_slice)
				worst_slice = worst;
			if (worst_cpu > worst_slice_cpu)
				worst_slice_cpu = worst_cpu;
		}
		printf("%-6s %-9s %9.2f %9.2f  %s\n", key_name(keys[i], kb,
		    sizeof kb), m.screen == TUI_GROWTH ? "Growth" :
		    m.screen == TUI_DETAIL ? "Detail" : m.screen ==
		    TUI_SNAPSHOTS ? "Snapshots" : "Help", times[i], cpus[i],
		    note);
		if (flags & TUI_QUIT)
			break;
	}
	if (i == nkeys)
		i--;
	nkeys = i + 1;
	{
		double *sorted = xcalloc((size_t)nkeys + 1, sizeof *sorted);
		double med, max;

		memcpy(sorted, times, (size_t)nkeys * sizeof *sorted);
		qsort(sorted, (size_t)nkeys, sizeof *sorted, cmp_double);
		med = sorted[nkeys / 2];
		max = sorted[nkeys - 1];
		memcpy(sorted, cpus, (size_t)nkeys * sizeof *sorted);
		qsort(sorted, (size_t)nkeys, sizeof *sorted, cmp_double);
		printf("\n%d keys: wall median %.2f ms, max %.2f ms (cpu "
		    "median %.2f, max %.2f)\n", nkeys, med, max,
		    sorted[nkeys / 2], sorted[nkeys - 1]);
		printf("%d background slices: slowest %.1f ms with its redraw "
		    "(cpu %.1f)\n", slices, worst_slice, worst_slice_cpu);
		printf("keys that compute again: progress every %.0f ms at "
		    "most\npeak RSS %ld MB\n", compute_worst_gap,
		    peak_rss_mb());
		free(sorted);
	}
	free(times);
	free(cpus);
	tui_grid_done(&g);
	tui_model_done(&m);
	tui_data_free(d);
	options_done(&o);
	return 0;
}
