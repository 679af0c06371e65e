/*
 * fuzz_parse.c - libFuzzer harness for heapdiff's input layer and parsers.
 *
 * Built once per target with FUZZ_PARSER set to a parser name (that parser
 * is forced, as with -F), to "" (detection picks among every registered
 * parser, as heapdiff does), or with FUZZ_GUNZIP (the bounded gunzip).
 * Any crash, hang, leak or sanitizer report is a finding: bad input must
 * only ever produce an error.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "parse.h"
#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in;
	char *cause = NULL;

	memset(&in, 0, sizeof in);
#ifdef FUZZ_GUNZIP
	if (input_gunzip(data, size, 1 << 24, &in.data, &in.len, &cause) == 0)
		free(in.data);
	free(cause);
#else
	{
		struct profile *p;
		const char *forced = FUZZ_PARSER;

		/* The parsers expect a NUL after the data, as input_read
		 * leaves one. */
		in.data = malloc(size + 1);
		if (in.data == NULL)
			return 0;
		memcpy(in.data, data, size);
		in.data[size] = '\0';
		in.len = size;
		in.name = (char *)"fuzz";
		p = parse_input(&in, *forced ? forced : NULL, NULL, &cause);
		profile_free(p);
		free(cause);
		free(in.data);
	}
#endif
	return 0;
}
