/*
 * tui-model.h - the browser's state and what each key does to it; no
 * curses and no drawing.
 *
 * A key (or mouse event, or resize) goes through tui_key, which changes the
 * state and returns reaction flags: TUI_REDRAW (draw again), TUI_RELOAD
 * (the data must be computed again for the wanted sample type or
 * granularity: call tui_model_reload, which may take long and can be
 * cancelled), TUI_QUIT.  The view (tui-view.h) draws the state; the loop
 * (tui.c) feeds keys from curses; tests feed key scripts.
 *
 * Ownership: the model borrows its data (tui-data.h) and owns its widgets
 * and the detail it shows.
 */
#ifndef HEAPDIFF_TUI_MODEL_H
#define HEAPDIFF_TUI_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "tui-data.h"
#include "tui-widget.h"

/* Reaction flags. */
#define TUI_REDRAW	0x1
#define TUI_RELOAD	0x2
#define TUI_QUIT	0x4

/* Keys: characters are themselves; special keys are above Unicode. */
enum {
	TK_ESC = 27,
	TK_ENTER = '\n',
	TK_BACKSPACE = 127,
	TK_UP = 0x110000,
	TK_DOWN,
	TK_LEFT,
	TK_RIGHT,
	TK_PGUP,
	TK_PGDN,
	TK_HOME,
	TK_END,
	TK_F1,
	TK_CTRL_B,	/* less/vi page keys */
	TK_CTRL_F,
	TK_CTRL_D,
	TK_CTRL_U,
	TK_CTRL_L,
};

/* Mouse events. */
enum tui_mouse {
	TM_CLICK,
	TM_DOUBLE,
	TM_WHEEL_UP,
	TM_WHEEL_DOWN,
};

enum tui_screen {
	TUI_SNAPSHOTS,
	TUI_GROWTH,
	TUI_DETAIL,
	TUI_HELP,
};
#define TUI_NSCREENS 4

/* Growth screen columns. */
enum {
	GC_SITE, GC_BASE, GC_TARGET, GC_CHANGE, GC_PERCENT, GC_RATE, GC_TREND,
	GC_NCOLS,
};

/* Detail screen columns: flat (tree and source rows), then the row's
 * value (cum, weight through a caller, retained bytes). */
enum {
	DC_NAME, DC_FLAT_BASE, DC_FLAT_TARGET, DC_FLAT_CHANGE, DC_BASE,
	DC_TARGET, DC_CHANGE, DC_PERCENT,
	DC_NCOLS,
};

struct tui_model {
	struct tui_data *data;
	int width, height;
	bool color;		/* the terminal shows colours */

	enum tui_screen screen;
	enum tui_screen back[8];	/* screens to go back to */
	int nback;
	struct tui_widget w[TUI_NSCREENS];

	size_t base, target;	/* snapshot indices */
	int pick;		/* 'b' or 't' when Snapshots picks one, else 0 */
	int want_sample;	/* sample type and granularity to compute */
	enum tui_gran want_gran;
	bool show_cum;		/* values are cum, not flat */

	struct tui_detail *detail;	/* NULL while the job computes it */
	struct tui_detail_job *job;
	bool job_walked;	/* the job's stacks are walked: finish next */
	struct tui_detail_job *dropped;	/* cancelled, to free in a slice */
	const struct tui_site *detail_site;

	bool prompting;		/* reading a / filter */
	char prompt[256];
	size_t prompt_len;
	char *message;		/* one line for the status bar, or NULL */
};

/*
 * Start a model on data already computed (tui_data_compute), on the
 * Growth screen with base the first and target the last snapshot.
 */
void tui_model_init(struct tui_model *, struct tui_data *, int width,
    int height);
void tui_model_done(struct tui_model *);

/* Handle one key; returns reaction flags. */
int tui_key(struct tui_model *, int key);
/* Handle a mouse event at cell (y, x); returns reaction flags. */
int tui_mouse(struct tui_model *, enum tui_mouse, int y, int x);
/* The terminal is now width x height. */
int tui_resize(struct tui_model *, int width, int height);

/*
 * Compute the data again for want_sample and want_gran (after
 * TUI_RELOAD) and rebuild the screens.  Returns 0, or -1 if progress
 * cancelled (the wanted settings fall back to the current ones).
 */
int tui_model_reload(struct tui_model *, tui_progress_cb, void *arg);

/*
 * Background work (the detail of a site on big profiles): whether there
 * is some, and do it for about budget_ms; returns reaction flags.  The
 * loop calls this while no key is waiting, so keys stay fast.
 */
bool tui_model_busy(const struct tui_model *);
int tui_model_work(struct tui_model *, double budget_ms);

/*
 * Turn a key script into key codes, as tests and benchmarks drive the
 * model: characters stand for themselves; <Enter> <Esc> <BS> <Up> <Down>
 * <Left> <Right> <PgUp> <PgDn> <Home> <End> <F1> name special keys.
 * Returns how many keys (at most max).
 */
int tui_script_keys(const char *script, int *keys, int max);

/* The name of a granularity ("functions", "lines", "stacks"). */
const char *tui_gran_name(enum tui_gran);

/* The rows the widget of a screen starts at (under the title and summary
 * lines) and how many it gets. */
int tui_model_list_top(const struct tui_model *);
int tui_model_list_height(const struct tui_model *);

#endif
