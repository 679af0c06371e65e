/*
 * tui-curses.c - the one file that talks to curses (see tui-curses.h).
 *
 * Styles become colour pairs and attributes here.  With NO_COLOR set (any
 * value, https://no-color.org) or on a terminal without colours, only
 * attributes are used: growth is bold, the title and status bars and the
 * selected row are reversed, so the screens stay readable.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "tui-curses.h"
#include "tui-model.h"

/* Last: term.h defines macros (lines, columns, ...) that other headers
 * use as names. */
#include <term.h>

static bool use_color;
static bool use_utf8;
static SCREEN *screen;

bool
tui_curses_start(bool *color)
{
	const char *nc = getenv("NO_COLOR");
	int err;

	setlocale(LC_CTYPE, "");
	use_utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	/* newterm, not initscr: initscr prints its own message and exits when
	 * TERM names no known terminal; heapdiff says what failed itself.  The
	 * terminal is looked up first, with setupterm, because a newterm that
	 * fails leaks ncurses' screen (valgrind sees it in tests/tui.sh). */
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return false;
	del_curterm(cur_term);
	if ((screen = newterm(NULL, stdout, stdin)) == NULL)
		return false;
	set_term(screen);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED |
	    BUTTON5_PRESSED, NULL);
	mouseinterval(150);
	use_color = has_colors() && (nc == NULL || *nc == '\0');
	if (use_color) {
		start_color();
		use_default_colors();
		init_pair(TS_GROW, COLOR_RED, -1);
		init_pair(TS_SHRINK, COLOR_GREEN, -1);
		init_pair(TS_TITLE, COLOR_BLACK, COLOR_CYAN);
		init_pair(TS_HEADER, COLOR_CYAN, -1);
		init_pair(TS_STATUS, COLOR_BLACK, COLOR_WHITE);
		init_pair(TS_MARK, COLOR_YELLOW, -1);
	}
	*color = use_color;
	return true;
}

void
tui_curses_stop(void)
{
	if (screen == NULL)
		return;
	if (!isendwin()) {
		mousemask(0, NULL);
		curs_set(1);
		endwin();
	}
	delscreen(screen);
	screen = NULL;
}

void
tui_curses_size(int *w, int *h)
{
	getmaxyx(stdscr, *h, *w);
}

void
tui_curses_repaint(void)
{
	clearok(curscr, TRUE);
}

/* The curses attributes and colour pair of a style. */
static attr_t
style_attr(uint8_t st, short *pair)
{
	int c = st & TS_COLOR_MASK;
	attr_t a = A_NORMAL;

	*pair = 0;
	if (use_color && c != TS_NORMAL && c != TS_DIM)
		*pair = (short)c;
	switch (c) {
	case TS_GROW:
		if (!use_color)
			a |= A_BOLD;
		break;
	case TS_TITLE:
	case TS_STATUS:
		if (!use_color)
			a |= A_REVERSE;
		break;
	case TS_HEADER:
		a |= A_BOLD;
		break;
	case TS_DIM:
		a |= A_DIM;
		break;
	case TS_MARK:
		a |= A_BOLD;
		break;
	}
	if (st & TS_BOLD)
		a |= A_BOLD;
	if (st & TS_REVERSE)
		a = (a & ~A_DIM) | A_REVERSE;
	return a;
}

/* A character the terminal can show: ASCII stand-ins without UTF-8. */
static wchar_t
shown_char(uint32_t c)
{
	static const char bars[] = "_.-=+*#@";

	if (use_utf8 || c < 0x80)
		return (wchar_t)c;
	if (c >= 0x2581 && c <= 0x2588)
		return (wchar_t)bars[c - 0x2581];
	return '?';
}

void
tui_curses_blit(const struct tui_grid *g)
{
	int y, x, h, w;

	getmaxyx(stdscr, h, w);
	for (y = 0; y < g->h && y < h; y++)
		for (x = 0; x < g->w && x < w; x++) {
			const struct tui_cell *c = &g->cells[y * g->w + x];
			wchar_t wc[2] = { shown_char(c->ch), 0 };
			cchar_t cc;
			short pair;
			attr_t a = style_attr(c->style, &pair);

			setcchar(&cc, wc, a, pair, NULL);
			mvadd_wch(y, x, &cc);
		}
	refresh();
}

/* A curses key code as one of tui-model.h's. */
static int
map_key(int code, wint_t ch)
{
	if (code == OK) {
		switch (ch) {
		case 2: return TK_CTRL_B;
		case 4: return TK_CTRL_D;
		case 6: return TK_CTRL_F;
		case 12: return TK_CTRL_L;
		case 21: return TK_CTRL_U;
		case 8:
		case 127: return TK_BACKSPACE;
		case '\r':
		case '\n': return TK_ENTER;
		}
		return (int)ch;
	}
	switch (ch) {
	case KEY_UP: return TK_UP;
	case KEY_DOWN: return TK_DOWN;
	case KEY_LEFT: return TK_LEFT;
	case KEY_RIGHT: return TK_RIGHT;
	case KEY_PPAGE: return TK_PGUP;
	case KEY_NPAGE: return TK_PGDN;
	case KEY_HOME: return TK_HOME;
	case KEY_END: return TK_END;
	case KEY_F(1): return TK_F1;
	case KEY_BACKSPACE: return TK_BACKSPACE;
	case KEY_ENTER: return TK_ENTER;
	case KEY_RESIZE: return TUI_EV_RESIZE;
	}
	return TUI_EV_NONE;
}

int
tui_curses_read(int timeout_ms, int *mouse, int *y, int *x)
{
	wint_t ch;
	int code;
	MEVENT ev;

	timeout(timeout_ms);
	code = get_wch(&ch);
	if (code == ERR)
		return TUI_EV_NONE;
	if (code == KEY_CODE_YES && ch == KEY_MOUSE) {
		if (getmouse(&ev) != OK)
			return TUI_EV_NONE;
		*y = ev.y;
		*x = ev.x;
		if (ev.bstate & BUTTON4_PRESSED)
			*mouse = TM_WHEEL_UP;
		else if (ev.bstate & BUTTON5_PRESSED)
			*mouse = TM_WHEEL_DOWN;
		else if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
			*mouse = TM_DOUBLE;
		else if (ev.bstate & BUTTON1_CLICKED)
			*mouse = TM_CLICK;
		else
			return TUI_EV_NONE;
		return TUI_EV_MOUSE;
	}
	return map_key(code, ch);
}
