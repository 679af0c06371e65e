/*
 * progress.h - a progress bar on a terminal ("importing [#####.....] 5/10").
 *
 * It draws only when its stream is a terminal (so redirected output and
 * tests see nothing), redraws in place with a carriage return, and clears
 * its line when done.  The struct is embedded by the caller; it owns
 * nothing.
 */
#ifndef HEAPDIFF_PROGRESS_H
#define HEAPDIFF_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct progress {
	FILE *f;
	const char *what;	/* e.g. "importing" */
	bool on;		/* f is a terminal */
	bool drawn;
};

/* Set up a bar for f (drawn only if f is a terminal). */
void progress_init(struct progress *, FILE *f, const char *what);
/* Draw done of total. */
void progress_update(struct progress *, size_t done, size_t total);
/* Clear the bar's line. */
void progress_done(struct progress *);
/* progress_update as a series_progress_fn (arg is the struct progress). */
void progress_callback(size_t done, size_t total, void *arg);

/* Draw the bar text for done of total into buf (size len). */
char *progress_format(char *buf, size_t len, const char *what, size_t done,
    size_t total);

#endif
