/*
 * progress.c - a progress bar on stderr when it is a terminal (see
 * progress.h).
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "progress.h"

#define PROGRESS_WIDTH 30

void
progress_init(struct progress *p, FILE *f, const char *what)
{
	p->f = f;
	p->what = what;
	p->on = isatty(fileno(f));
	p->drawn = false;
}

char *
progress_format(char *buf, size_t len, const char *what, size_t done,
    size_t total)
{
	char bar[PROGRESS_WIDTH + 1];
	size_t fill = total > 0 ? done * PROGRESS_WIDTH / total : 0, i;

	if (fill > PROGRESS_WIDTH)
		fill = PROGRESS_WIDTH;
	for (i = 0; i < PROGRESS_WIDTH; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[PROGRESS_WIDTH] = '\0';
	snprintf(buf, len, "%s [%s] %zu/%zu", what, bar, done, total);
	return buf;
}

void
progress_update(struct progress *p, size_t done, size_t total)
{
	char buf[128];

	if (!p->on)
		return;
	fprintf(p->f, "\r%s", progress_format(buf, sizeof buf, p->what, done,
	    total));
	fflush(p->f);
	p->drawn = true;
}

void
progress_done(struct progress *p)
{
	if (!p->on || !p->drawn)
		return;
	/* Blank the line and return to its start. */
	fprintf(p->f, "\r%*s\r", PROGRESS_WIDTH + 40, "");
	fflush(p->f);
	p->drawn = false;
}

void
progress_callback(size_t done, size_t total, void *arg)
{
	progress_update(arg, done, total);
}
