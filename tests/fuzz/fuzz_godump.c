/*
 * fuzz_godump.c - libFuzzer harness for Go heap dumps: the parser and
 * every analysis that walks the object graph (retained sizes, the path
 * search, goroutine groups), since a dump that parses must never make an
 * analysis read out of bounds.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "an-goroutines.h"
#include "an-retained.h"
#include "heapdump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct heapdump *d;
	struct retained *r;
	struct goroutine_groups *gs;
	struct retained_step *steps = NULL;
	char *cause = NULL;

	if ((d = godump_read(data, size, &cause)) == NULL) {
		free(cause);
		return 0;
	}
	r = retained_new(d, NULL);
	if (d->nobjects > 0)
		retained_path(r, d->obj_addr[d->nobjects - 1], &steps);
	free(steps);
	gs = goroutines_group(d);
	goroutines_free(gs);
	retained_free(r);
	heapdump_free(d);
	return 0;
}
