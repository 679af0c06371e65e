/*
 * check_legacy.c - the legacy parsers: every pprof conformance file
 * prints its `.string` exactly, detection picks the right parser, and
 * small hand-made inputs check the semantics the big files do not show
 * (jemalloc's per-thread lines, Go's symbol lines and inlined frames,
 * goroutine grouping, gzip).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_heapdiff.h"
#include "input.h"
#include "output.h"
#include "parse.h"
#include "xmalloc.h"

/* Read and parse a testdata file; the parser used goes to *used. */
static struct profile *
parse_file(const char *rel, const struct parser **used)
{
	struct input in;
	struct profile *p;
	char *cause = NULL;

	ck_assert_msg(input_read(&in, testdata_path(rel), 0, &cause) == 0,
	    "%s: %s", rel, cause);
	p = parse_input(&in, NULL, used, &cause);
	ck_assert_msg(p != NULL, "%s: %s", rel, cause);
	input_done(&in);
	return p;
}

/* Parse text given in memory. */
static struct profile *
parse_text(const char *text, const struct parser **used, char **cause)
{
	struct input in;
	struct profile *p;

	memset(&in, 0, sizeof in);
	in.data = (unsigned char *)xstrdup(text);
	in.len = strlen(text);
	p = parse_input(&in, NULL, used, cause);
	free(in.data);
	return p;
}

/* The raw text of a profile. */
static char *
raw(const struct profile *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	out_raw(f, p);
	fclose(f);
	return buf;
}

static char *
slurp(const char *rel)
{
	FILE *f = fopen(testdata_path(rel), "rb");
	char *buf;
	long n;

	ck_assert_msg(f != NULL, "cannot open %s", rel);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = xmalloc((size_t)n + 1);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static const struct {
	const char *file, *parser;
} conformance[] = {
	{ "cppbench.contention", "contention" },
	{ "cppbench.cpu", "cpu" },
	{ "cppbench.growth", "heaptext" },
	{ "cppbench.heap", "heaptext" },
	{ "cppbench.thread", "thread" },
	{ "cppbench.thread.all", "thread" },
	{ "cppbench.thread.none", "thread" },
	{ "go.crc32.cpu", "cpu" },
	{ "go.godoc.thread", "gocount" },
	{ "gobench.cpu", "cpu" },
	{ "gobench.heap", "heaptext" },
	{ "java.contention", "java" },
	{ "java.cpu", "cpu" },
	{ "java.heap", "java" },
};

START_TEST(test_conformance)
{
	char *rel = xasprintf("pprof-upstream/profile/testdata/%s",
	    conformance[_i].file), *want_rel = xasprintf("%s.string", rel);
	const struct parser *used = NULL;
	struct profile *p = parse_file(rel, &used);
	char *got = raw(p), *want = slurp(want_rel);

	ck_assert_str_eq(used->name, conformance[_i].parser);
	ck_assert_msg(strcmp(got, want) == 0, "%s: raw output differs from "
	    "%s", rel, want_rel);
	free(got);
	free(want);
	free(rel);
	free(want_rel);
	profile_free(p);
}
END_TEST

/* The fuzz seeds are the same CPU files; the empty one is refused. */
START_TEST(test_fuzz_corpus)
{
	static const char *const files[] = { "cppbench.cpu.pb",
		"go.crc32.cpu.pb", "gobench.cpu.pb", "java.cpu.pb" };
	const struct parser *used;
	size_t i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *rel = xasprintf("pprof-upstream/fuzz/corpus/%s", files[i]);
		struct profile *p = parse_file(rel, &used);

		ck_assert_str_eq(used->name, "cpu");
		ck_assert_uint_gt(p->nsamples, 0);
		profile_free(p);
		free(rel);
	}
}
END_TEST

/* jemalloc: the t* line of each stack is the sample, tN lines are not
 * added again, values are unsampled as heap_v2, addresses minus one. */
START_TEST(test_jemalloc_threads)
{
	const char *text =
	    "heap_v2/524288\n"
	    "  t*: 3: 3072 [5: 5120]\n"
	    "  t0: 2: 2048 [3: 3072]\n"
	    "  t1: 1: 1024 [2: 2048]\n"
	    "@ 0x1001 0x2001\n"
	    "  t*: 3: 3072 [5: 5120]\n"
	    "  t0: 2: 2048 [3: 3072]\n"
	    "  t1: 1: 1024 [2: 2048]\n"
	    "\n"
	    "MAPPED_LIBRARIES:\n"
	    "00001000-00003000 r-xp 00000000 00:00 1 /bin/app\n";
	const struct parser *used;
	char *cause = NULL;
	struct profile *p = parse_text(text, &used, &cause);
	double scale = 1 / (1 - exp(-1024.0 / 524288));

	ck_assert_msg(p != NULL, "%s", cause);
	ck_assert_str_eq(used->name, "jemalloc");
	ck_assert_uint_eq(p->ntypes, 4);
	ck_assert_str_eq(profile_str(p, p->sample_types[3].type),
	    "inuse_space");
	ck_assert_uint_eq(p->nsamples, 1);
	ck_assert_int_eq(p->values[0], (int64_t)(5 * scale));
	ck_assert_int_eq(p->values[1], (int64_t)(5120 * scale));
	ck_assert_int_eq(p->values[2], (int64_t)(3 * scale));
	ck_assert_int_eq(p->values[3], (int64_t)(3072 * scale));
	ck_assert_int_eq(p->period, 524288);
	ck_assert_uint_eq(p->nlocations, 2);
	ck_assert_uint_eq(p->locations[0].address, 0x1000);
	ck_assert_uint_eq(p->locations[0].mapping, 0);
	ck_assert_str_eq(profile_str(p, p->labels[0].key), "bytes");
	ck_assert_int_eq(p->labels[0].num, 1024);
	profile_free(p);
}
END_TEST

/* Go's "#" lines name frames; frames sharing an entry (PC - offset) are
 * one location with inlined lines; unnamed frames are dropped. */
START_TEST(test_go_symbol_lines)
{
	const char *text =
	    "heap profile: 1: 64 [1: 64] @ heap/2\n"
	    "1: 64 [1: 64] @ 0x1011 0x1021 0x2031 0x3001\n"
	    "#\t0x1010\tbytes.Repeat+0x10\tbytes/bytes.go:610\n"
	    "#\t0x1020\tmain.pack+0x20\tmain.go:15\n"
	    "#\t0x2030\tmain.main+0x30\tmain.go:9\n"
	    "\n";
	const struct parser *used;
	char *cause = NULL;
	struct profile *p = parse_text(text, &used, &cause);
	const struct prof_location *l;
	const uint32_t *stack;

	ck_assert_msg(p != NULL, "%s", cause);
	ck_assert_str_eq(used->name, "heaptext");
	ck_assert_uint_eq(p->nsamples, 1);
	ck_assert_uint_eq(profile_stack_depth(p, p->sample_stack[0]), 2);
	stack = profile_stack(p, p->sample_stack[0]);
	l = &p->locations[stack[0]];
	ck_assert_uint_eq(l->address, 0x1010);
	ck_assert_uint_eq(l->nlines, 2);
	ck_assert_str_eq(profile_str(p, p->functions[p->lines[l->first_line]
	    .function].name), "bytes.Repeat");
	ck_assert_str_eq(profile_str(p, p->functions[p->lines[l->first_line +
	    1].function].name), "main.pack");
	ck_assert_int_eq(p->lines[l->first_line + 1].line, 15);
	l = &p->locations[stack[1]];
	ck_assert_str_eq(profile_str(p, p->functions[p->lines[l->first_line]
	    .function].filename), "main.go");
	/* No drop_frames: Go already hid its allocator's frames. */
	ck_assert_uint_eq(p->drop_frames, 0);
	profile_free(p);
}
END_TEST

/* Recursion at one call site is two frames, not an inlined pair. */
START_TEST(test_go_recursion)
{
	const char *text =
	    "goroutine profile: total 1\n"
	    "1 @ 0x1011 0x1011 0x2001\n"
	    "#\t0x1010\tmain.walk+0x10\tmain.go:5\n"
	    "#\t0x1010\tmain.walk+0x10\tmain.go:5\n"
	    "#\t0x2000\tmain.main+0x20\tmain.go:9\n";
	const struct parser *used;
	char *cause = NULL;
	struct profile *p = parse_text(text, &used, &cause);

	ck_assert_msg(p != NULL, "%s", cause);
	ck_assert_str_eq(used->name, "gocount");
	ck_assert_uint_eq(profile_stack_depth(p, p->sample_stack[0]), 3);
	ck_assert_uint_eq(p->locations[0].nlines, 1);
	profile_free(p);
}
END_TEST

/* debug=2 dumps: grouped by stack, state and wait reason. */
START_TEST(test_goroutine_dump)
{
	const char *text =
	    "goroutine 1 [running]:\n"
	    "main.main()\n"
	    "\t/src/main.go:10 +0x1d\n"
	    "\n"
	    "goroutine 7 [chan receive, 12 minutes]:\n"
	    "main.worker(0xc000010000)\n"
	    "\t/src/main.go:20 +0x25\n"
	    "created by main.main in goroutine 1\n"
	    "\t/src/main.go:11 +0x30\n"
	    "\n"
	    "goroutine 8 [chan receive, 3 minutes]:\n"
	    "main.worker(0xc000010008)\n"
	    "\t/src/main.go:20 +0x25\n"
	    "created by main.main in goroutine 1\n"
	    "\t/src/main.go:11 +0x30\n"
	    "\n"
	    "goroutine 9 [select]:\n"
	    "main.worker(0xc000010010)\n"
	    "\t/src/main.go:20 +0x25\n"
	    "created by main.main in goroutine 1\n"
	    "\t/src/main.go:11 +0x30\n";
	const struct parser *used;
	char *cause = NULL, *got;
	struct profile *p = parse_text(text, &used, &cause);

	ck_assert_msg(p != NULL, "%s", cause);
	ck_assert_str_eq(used->name, "goroutine");
	got = raw(p);
	ck_assert_str_eq(got,
	    "PeriodType: goroutine count\n"
	    "Period: 1\n"
	    "Samples:\n"
	    "goroutine/count\n"
	    "          1: 1 \n"
	    "                state:[running]\n"
	    "          2: 2 3 \n"
	    "                state:[waiting] wait_reason:[chan receive]\n"
	    "                wait_minutes:[12]\n"
	    "          1: 2 3 \n"
	    "                state:[waiting] wait_reason:[select]\n"
	    "Locations\n"
	    "     1: 0x0 main.main /src/main.go:10:0 s=0\n"
	    "     2: 0x0 main.worker /src/main.go:20:0 s=0\n"
	    "     3: 0x0 main.main /src/main.go:11:0 s=0\n"
	    "Mappings\n");
	free(got);
	profile_free(p);
}
END_TEST

/* The real debug=2 dump agrees with the runtime's own goroutine count
 * (goroutine-07.pb.gz) and with truth.json's +20 blocked goroutines per
 * step (8 steps). */
START_TEST(test_goroutine_dump_condwait)
{
	const struct parser *used;
	struct profile *d = parse_file("condwait/goroutine-07.debug2.txt",
	    &used);
	struct profile *pb = parse_file("condwait/goroutine-07.pb.gz", &used);
	int64_t *td = profile_totals(d), *tp = profile_totals(pb), waiting = 0;
	size_t s;

	ck_assert_int_eq(td[0], tp[0]);
	for (s = 0; s < d->nsamples; s++) {
		size_t k;

		for (k = d->label_start[s]; k < d->label_start[s + 1]; k++)
			if (strcmp(profile_str(d, d->labels[k].key),
			    "wait_reason") == 0 && strcmp(profile_str(d,
			    d->labels[k].str), "sync.Cond.Wait") == 0)
				waiting += d->values[s];
	}
	ck_assert_int_eq(waiting, 8 * 20);
	free(td);
	free(tp);
	profile_free(d);
	profile_free(pb);
}
END_TEST

/* -F forces a parser; a forced wrong one fails with its own message. */
START_TEST(test_forced_format)
{
	struct input in;
	const struct parser *used = NULL;
	char *cause = NULL;
	struct profile *p;

	ck_assert_int_eq(input_read(&in, testdata_path(
	    "jemalloc-labelstore/labelstore.i00.heap"), 0, &cause), 0);
	p = parse_input(&in, "heaptext", &used, &cause);
	ck_assert_ptr_null(p);
	ck_assert_str_eq(cause, "not a heap profile: the first line is no "
	    "'heap profile: ...' header (at line 1)");
	free(cause);
	cause = NULL;
	p = parse_input(&in, "jemalloc", &used, &cause);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(used->name, "jemalloc");
	profile_free(p);
	input_done(&in);
}
END_TEST

Suite *
legacy_suite(void)
{
	Suite *s = suite_create("legacy");
	TCase *tc = tcase_create("parsers");

	tcase_add_loop_test(tc, test_conformance, 0,
	    sizeof conformance / sizeof conformance[0]);
	tcase_add_test(tc, test_fuzz_corpus);
	tcase_add_test(tc, test_jemalloc_threads);
	tcase_add_test(tc, test_go_symbol_lines);
	tcase_add_test(tc, test_go_recursion);
	tcase_add_test(tc, test_goroutine_dump);
	tcase_add_test(tc, test_goroutine_dump_condwait);
	tcase_add_test(tc, test_forced_format);
	suite_add_tcase(s, tc);
	return s;
}
