/*
 * check_pprof.c - the profile.proto decoder (parse-pprof.c, reached through
 * parse_input): real Go heap and goroutine profiles from testdata/ checked
 * against testdata/auditlog/truth.json and `go tool pprof -raw`, and small
 * protobufs encoded here for the wire-format cases (packed and unpacked
 * repeated fields, unknown fields, errors with their exact text).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_heapdiff.h"
#include "parse.h"

#define NELEM(a) ((int)(sizeof (a) / sizeof (a)[0]))

/* ------------------------------------------------------------------ */
/* A tiny protobuf encoder. */

enum { VARINT = 0, I64 = 1, LEN = 2, I32 = 5 };

struct pb {
	unsigned char *b;
	size_t len, cap;
};

static void
pb_raw(struct pb *w, const void *p, size_t n)
{
	if (w->len + n + 1 > w->cap) {
		w->cap = (w->len + n + 1) * 2;
		w->b = realloc(w->b, w->cap);
	}
	if (n > 0)
		memcpy(w->b + w->len, p, n);
	w->len += n;
}

static void
pb_varint(struct pb *w, uint64_t v)
{
	unsigned char c;

	do {
		c = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v != 0)
			c |= 0x80;
		pb_raw(w, &c, 1);
	} while (v != 0);
}

static void
pb_tag(struct pb *w, unsigned field, unsigned wt)
{
	pb_varint(w, (uint64_t)field << 3 | wt);
}

/* A varint field (int64 values are their two's complement). */
static void
pb_int(struct pb *w, unsigned field, int64_t v)
{
	pb_tag(w, field, VARINT);
	pb_varint(w, (uint64_t)v);
}

static void
pb_bytes(struct pb *w, unsigned field, const void *p, size_t n)
{
	pb_tag(w, field, LEN);
	pb_varint(w, n);
	pb_raw(w, p, n);
}

static void
pb_str(struct pb *w, unsigned field, const char *s)
{
	pb_bytes(w, field, s, strlen(s));
}

/* Embed sub as field, then reset sub. */
static void
pb_msg(struct pb *w, unsigned field, struct pb *sub)
{
	pb_bytes(w, field, sub->b, sub->len);
	free(sub->b);
	memset(sub, 0, sizeof *sub);
}

static void
pb_packed(struct pb *w, unsigned field, const int64_t *v, size_t n)
{
	struct pb tmp = { NULL, 0, 0 };
	size_t i;

	for (i = 0; i < n; i++)
		pb_varint(&tmp, (uint64_t)v[i]);
	pb_bytes(w, field, tmp.b, tmp.len);
	free(tmp.b);
}

static void
pb_unpacked(struct pb *w, unsigned field, const int64_t *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		pb_int(w, field, v[i]);
}

/* ------------------------------------------------------------------ */
/* Parsing helpers. */

/* Parse len bytes (copied, NUL-terminated as input.c leaves them). */
static struct profile *
parse_forced(const void *data, size_t len, const char *forced, char **cause)
{
	struct input in;
	const struct parser *used = NULL;
	struct profile *p;

	memset(&in, 0, sizeof in);
	in.name = "test";
	in.data = malloc(len + 1);
	memcpy(in.data, data, len);
	in.data[len] = '\0';
	in.len = len;
	p = parse_input(&in, forced, &used, cause);
	if (p != NULL)
		ck_assert_ptr_eq(used, &parser_pprof);
	free(in.data);
	return p;
}

/* Parse len bytes, detecting the format. */
static struct profile *
parse_bytes(const void *data, size_t len, char **cause)
{
	return parse_forced(data, len, NULL, cause);
}

static struct profile *
parse_file(const char *rel)
{
	struct input in;
	char *cause = NULL;
	struct profile *p;

	ck_assert_msg(input_read(&in, testdata_path(rel), 0, &cause) == 0,
	    "%s: %s", rel, cause ? cause : "?");
	p = parse_input(&in, NULL, NULL, &cause);
	ck_assert_msg(p != NULL, "%s: %s", rel, cause ? cause : "?");
	input_done(&in);
	return p;
}

static const char *
fname(const struct profile *p, uint32_t loc, uint32_t k)
{
	const struct prof_location *l = &p->locations[loc];

	return profile_str(p,
	    p->functions[p->lines[l->first_line + k].function].name);
}

/* ------------------------------------------------------------------ */
/* Real profiles. */

START_TEST(test_heap_profile)
{
	static const char *const names[] = {
		"alloc_objects", "alloc_space", "inuse_objects", "inuse_space",
	};
	static const char *const units[] = { "count", "bytes", "count", "bytes" };
	/* truth.json, "profiles" entry of heap-07.pb.gz. */
	static const int64_t totals[] = { 383054, 96566728, 1724, 460712 };
	struct profile *p = parse_file("auditlog/heap-07.pb.gz");
	int64_t *t;
	strid bytes;
	size_t i, j;
	uint32_t k;

	ck_assert_uint_eq(p->ntypes, 4);
	for (k = 0; k < 4; k++) {
		ck_assert_str_eq(profile_str(p, p->sample_types[k].type),
		    names[k]);
		ck_assert_str_eq(profile_str(p, p->sample_types[k].unit),
		    units[k]);
	}
	ck_assert_uint_eq(p->nsamples, 825);
	t = profile_totals(p);
	for (k = 0; k < 4; k++)
		ck_assert_int_eq(t[k], totals[k]);
	free(t);
	ck_assert_uint_eq(p->nlocations, 574);
	ck_assert_uint_eq(p->nfunctions, 270);
	ck_assert_uint_eq(p->nmappings, 3);
	ck_assert_uint_eq(p->nlines, 718);
	ck_assert_uint_eq(p->nstacks, 599);
	ck_assert_str_eq(profile_str(p, p->period_type.type), "space");
	ck_assert_str_eq(profile_str(p, p->period_type.unit), "bytes");
	ck_assert_int_eq(p->period, 1);
	ck_assert_int_eq(p->time_nanos, 1795641292244919644LL);
	ck_assert_int_eq(p->duration_nanos, 0);
	ck_assert_uint_eq(p->default_sample_type, 0);
	ck_assert_uint_eq(p->ncomments, 0);
	ck_assert_uint_eq(p->mappings[0].start, 0x400000);
	ck_assert_uint_eq(p->mappings[0].limit, 0x4ed000);
	ck_assert_str_eq(profile_str(p, p->mappings[0].file),
	    "/opt/hdcorpus/bin/auditlog");

	/* Every sample has one numeric "bytes" label. */
	bytes = (strid)strpool_find(p->strings, "bytes", 5);
	for (i = 0; i < p->nsamples; i++) {
		size_t n = 0;

		for (j = p->label_start[i]; j < p->label_start[i + 1]; j++)
			if (p->labels[j].key == bytes && p->labels[j].str == 0)
				n++;
		ck_assert_msg(n == 1, "sample %zu has %zu bytes labels", i, n);
	}

	/* The first sample, as `go tool pprof -raw` shows it. */
	ck_assert_uint_eq(profile_stack_depth(p, p->sample_stack[0]), 4);
	k = profile_stack(p, p->sample_stack[0])[0];
	ck_assert_uint_eq(p->locations[k].address, 0x4ea044);
	ck_assert_uint_eq(p->locations[k].mapping, 0);
	ck_assert_str_eq(fname(p, k, 0), "strings.(*Builder).WriteByte");
	ck_assert_int_eq(p->lines[p->locations[k].first_line].line, 98);
	ck_assert_int_eq(p->values[0], 1);
	ck_assert_int_eq(p->values[1], 3072);
	ck_assert_int_eq(p->values[2], 0);
	ck_assert_int_eq(p->values[3], 0);
	ck_assert_int_eq(p->labels[p->label_start[0]].num, 3072);
	profile_free(p);
}
END_TEST

START_TEST(test_goroutine_profile)
{
	struct profile *p = parse_file("auditlog/goroutine-07.pb.gz");
	int64_t *t = profile_totals(p);
	uint32_t k;

	ck_assert_uint_eq(p->ntypes, 1);
	ck_assert_str_eq(profile_str(p, p->sample_types[0].type), "goroutine");
	ck_assert_str_eq(profile_str(p, p->sample_types[0].unit), "count");
	ck_assert_int_eq(t[0], 4);
	ck_assert_uint_eq(p->nsamples, 3);
	ck_assert_uint_eq(p->nlocations, 15);
	ck_assert_uint_eq(p->nfunctions, 15);
	ck_assert_uint_eq(p->nstacks, 3);
	ck_assert_uint_eq(p->nlabels, 0);
	ck_assert_int_eq(p->values[0], 2);
	ck_assert_uint_eq(profile_stack_depth(p, p->sample_stack[0]), 4);
	k = profile_stack(p, p->sample_stack[0])[0];
	ck_assert_str_eq(fname(p, k, 0), "runtime.gopark");
	k = profile_stack(p, p->sample_stack[0])[3];
	ck_assert_str_eq(fname(p, k, 0), "main.pipelineStage");
	ck_assert_str_eq(profile_str(p, p->period_type.type), "goroutine");
	free(t);
	profile_free(p);
}
END_TEST

/* Every heap snapshot of auditlog matches truth.json. */
static const struct {
	const char *file;
	size_t samples;
	uint32_t locations, functions;
	int64_t totals[4];
} truth[] = {
	{ "auditlog/heap-00.pb.gz", 291, 345, 198,
	  { 40703, 9033104, 509, 130896 } },
	{ "auditlog/heap-01.pb.gz", 665, 543, 259,
	  { 105507, 21681272, 899, 254584 } },
	{ "auditlog/heap-07.pb.gz", 825, 574, 270,
	  { 383054, 96566728, 1724, 460712 } },
};

START_TEST(test_truth)
{
	struct profile *p = parse_file(truth[_i].file);
	int64_t *t = profile_totals(p);
	int k;

	ck_assert_uint_eq(p->nsamples, truth[_i].samples);
	ck_assert_uint_eq(p->nlocations, truth[_i].locations);
	ck_assert_uint_eq(p->nfunctions, truth[_i].functions);
	for (k = 0; k < 4; k++)
		ck_assert_int_eq(t[k], truth[_i].totals[k]);
	free(t);
	profile_free(p);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Hand-encoded profiles. */

/* String table indices of the hand-made profiles. */
enum {
	STR_EMPTY, STR_OBJECTS, STR_COUNT, STR_SPACE, STR_BYTES, STR_MAIN,
	STR_MAIN_GO, STR_F, STR_F_GO, STR_TAG, STR_X, STR_APP, STR_COMMENT,
	NSTRINGS
};
static const char *const strings[NSTRINGS] = {
	"", "objects", "count", "space", "bytes", "main", "main.go", "f",
	"f.go", "tag", "x", "/bin/app", "a comment",
};

/* The header of a two-type profile: types, strings, a mapping, functions
 * main (id 1) and f (id 2), locations 10 (main) and 20 (f). */
static void
encode_header(struct pb *w)
{
	struct pb m = { NULL, 0, 0 }, ln = { NULL, 0, 0 };
	int i;

	pb_int(&m, 1, STR_OBJECTS);
	pb_int(&m, 2, STR_COUNT);
	pb_msg(w, 1, &m);
	pb_int(&m, 1, STR_SPACE);
	pb_int(&m, 2, STR_BYTES);
	pb_msg(w, 1, &m);

	pb_int(&m, 1, 1);		/* mapping id */
	pb_int(&m, 2, 0x1000);
	pb_int(&m, 3, 0x9000);
	pb_int(&m, 4, 0x10);
	pb_int(&m, 5, STR_APP);
	pb_int(&m, 7, 1);
	pb_msg(w, 3, &m);

	pb_int(&m, 1, 1);		/* function main */
	pb_int(&m, 2, STR_MAIN);
	pb_int(&m, 3, STR_MAIN);
	pb_int(&m, 4, STR_MAIN_GO);
	pb_int(&m, 5, 7);
	pb_msg(w, 5, &m);
	pb_int(&m, 1, 2);		/* function f */
	pb_int(&m, 2, STR_F);
	pb_int(&m, 4, STR_F_GO);
	pb_msg(w, 5, &m);

	pb_int(&m, 1, 10);		/* location main */
	pb_int(&m, 2, 1);
	pb_int(&m, 3, 0x1100);
	pb_int(&ln, 1, 1);
	pb_int(&ln, 2, 12);
	pb_msg(&m, 4, &ln);
	pb_msg(w, 4, &m);
	pb_int(&m, 1, 20);		/* location f, two lines (inlined) */
	pb_int(&m, 3, 0x1200);
	pb_int(&ln, 1, 2);
	pb_int(&ln, 2, 3);
	pb_int(&ln, 3, 5);
	pb_msg(&m, 4, &ln);
	pb_int(&ln, 1, 1);
	pb_int(&ln, 2, 13);
	pb_msg(&m, 4, &ln);
	pb_msg(w, 4, &m);

	for (i = 0; i < NSTRINGS; i++)
		pb_str(w, 6, strings[i]);

	pb_int(&m, 1, STR_SPACE);	/* period type */
	pb_int(&m, 2, STR_BYTES);
	pb_msg(w, 11, &m);
	pb_int(w, 12, 524288);
	pb_int(w, 9, 1700000000000000000LL);
	pb_int(w, 10, 15000000000LL);
	pb_int(w, 13, STR_COMMENT);
	pb_int(w, 14, STR_SPACE);
}

/* Packed, unpacked and mixed repeated fields all decode the same. */
START_TEST(test_packed_unpacked)
{
	static const int64_t locs[] = { 20, 10 };
	struct pb w = { NULL, 0, 0 }, s = { NULL, 0, 0 }, l = { NULL, 0, 0 };
	struct profile *p;
	char *cause = NULL;
	int64_t v[2];
	size_t i;

	encode_header(&w);
	/* 0: both packed, with a string label. */
	v[0] = 1; v[1] = 100;
	pb_packed(&s, 1, locs, 2);
	pb_packed(&s, 2, v, 2);
	pb_int(&l, 1, STR_TAG);
	pb_int(&l, 2, STR_X);
	pb_msg(&s, 3, &l);
	pb_msg(&w, 2, &s);
	/* 1: both unpacked, with a numeric label. */
	v[0] = 2; v[1] = 200;
	pb_unpacked(&s, 1, locs, 2);
	pb_unpacked(&s, 2, v, 2);
	pb_int(&l, 1, STR_BYTES);
	pb_int(&l, 3, 64);
	pb_int(&l, 4, STR_BYTES);
	pb_msg(&s, 3, &l);
	pb_msg(&w, 2, &s);
	/* 2: values first, one location packed then one unpacked, negative
	 * value (a 10-byte varint). */
	v[0] = -3; v[1] = 300;
	pb_packed(&s, 2, v, 2);
	pb_packed(&s, 1, locs, 1);
	pb_int(&s, 1, 10);
	pb_msg(&w, 2, &s);

	p = parse_bytes(w.b, w.len, &cause);
	ck_assert_msg(p != NULL, "%s", cause ? cause : "?");
	ck_assert_uint_eq(p->ntypes, 2);
	ck_assert_str_eq(profile_str(p, p->sample_types[0].type), "objects");
	ck_assert_str_eq(profile_str(p, p->sample_types[1].unit), "bytes");
	ck_assert_uint_eq(p->nsamples, 3);
	ck_assert_uint_eq(p->nstacks, 1);
	for (i = 0; i < 3; i++) {
		ck_assert_uint_eq(p->sample_stack[i], 0);
		ck_assert_int_eq(p->values[i * 2 + 1], (int64_t)(i + 1) * 100);
	}
	ck_assert_int_eq(p->values[4], -3);
	ck_assert_uint_eq(profile_stack_depth(p, 0), 2);
	ck_assert_str_eq(fname(p, profile_stack(p, 0)[0], 0), "f");
	ck_assert_str_eq(fname(p, profile_stack(p, 0)[1], 0), "main");

	/* Labels. */
	ck_assert_uint_eq(p->nlabels, 2);
	ck_assert_uint_eq(p->label_start[1], 1);
	ck_assert_uint_eq(p->label_start[3], 2);
	ck_assert_str_eq(profile_str(p, p->labels[0].key), "tag");
	ck_assert_str_eq(profile_str(p, p->labels[0].str), "x");
	ck_assert_str_eq(profile_str(p, p->labels[1].key), "bytes");
	ck_assert_uint_eq(p->labels[1].str, 0);
	ck_assert_int_eq(p->labels[1].num, 64);
	ck_assert_str_eq(profile_str(p, p->labels[1].num_unit), "bytes");

	/* Tables and header. */
	ck_assert_uint_eq(p->nmappings, 1);
	ck_assert_uint_eq(p->mappings[0].start, 0x1000);
	ck_assert_uint_eq(p->mappings[0].limit, 0x9000);
	ck_assert_uint_eq(p->mappings[0].offset, 0x10);
	ck_assert_str_eq(profile_str(p, p->mappings[0].file), "/bin/app");
	ck_assert(p->mappings[0].has_functions);
	ck_assert(!p->mappings[0].has_filenames);
	ck_assert_uint_eq(p->nfunctions, 2);
	ck_assert_str_eq(profile_str(p, p->functions[0].filename), "main.go");
	ck_assert_int_eq(p->functions[0].start_line, 7);
	ck_assert_uint_eq(p->functions[1].system_name, 0);
	ck_assert_uint_eq(p->nlocations, 2);
	ck_assert_uint_eq(p->locations[0].mapping, 0);
	ck_assert_uint_eq(p->locations[0].address, 0x1100);
	ck_assert_uint_eq(p->locations[1].mapping, PROF_NONE);
	ck_assert_uint_eq(p->locations[1].nlines, 2);
	ck_assert_str_eq(fname(p, 1, 0), "f");
	ck_assert_str_eq(fname(p, 1, 1), "main");
	ck_assert_int_eq(p->lines[p->locations[1].first_line].line, 3);
	ck_assert_int_eq(p->lines[p->locations[1].first_line].column, 5);
	ck_assert_int_eq(p->lines[p->locations[1].first_line + 1].line, 13);
	ck_assert_str_eq(profile_str(p, p->period_type.type), "space");
	ck_assert_int_eq(p->period, 524288);
	ck_assert_int_eq(p->time_nanos, 1700000000000000000LL);
	ck_assert_int_eq(p->duration_nanos, 15000000000LL);
	ck_assert_uint_eq(p->ncomments, 1);
	ck_assert_str_eq(profile_str(p, p->comments[0]), "a comment");
	ck_assert_str_eq(profile_str(p, p->default_sample_type), "space");
	profile_free(p);
	free(w.b);
}
END_TEST

/* Unknown fields of every wire type are skipped: at the top level, in a
 * sample, in a label and in a location. */
START_TEST(test_unknown_fields)
{
	static const int64_t locs[] = { 20, 10 }, v[] = { 1, 100 };
	struct pb w = { NULL, 0, 0 }, s = { NULL, 0, 0 }, l = { NULL, 0, 0 };
	struct pb lead = { NULL, 0, 0 };
	struct profile *p;
	char *cause = NULL;
	unsigned char fixed[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	int pass;

	encode_header(&w);
	pb_int(&w, 100, 42);
	pb_str(&w, 101, "ignored");
	pb_tag(&w, 102, I32);
	pb_raw(&w, fixed, 4);
	pb_tag(&w, 103, I64);
	pb_raw(&w, fixed, 8);
	pb_int(&s, 9, 5);
	pb_packed(&s, 1, locs, 2);
	pb_str(&s, 10, "skip me");
	pb_packed(&s, 2, v, 2);
	pb_tag(&s, 11, I64);
	pb_raw(&s, fixed, 8);
	pb_int(&l, 1, STR_TAG);
	pb_str(&l, 7, "unknown in label");
	pb_int(&l, 2, STR_X);
	pb_int(&l, 8, 99);
	pb_msg(&s, 3, &l);
	pb_msg(&w, 2, &s);
	pb_int(&w, 200, 1);
	/* A location with fields the schema does not have. */
	pb_int(&l, 1, 30);
	pb_int(&l, 15, 7);
	pb_str(&l, 16, "zz");
	pb_int(&l, 3, 0x1300);
	pb_msg(&w, 4, &l);

	/* Pass 1 as is; pass 2 with an unknown field first, which only
	 * -F pprof reads (the probe looks at the first tag). */
	pb_str(&lead, 99, "first");
	pb_raw(&lead, w.b, w.len);
	for (pass = 0; pass < 2; pass++) {
		if (pass == 0)
			p = parse_bytes(w.b, w.len, &cause);
		else
			p = parse_forced(lead.b, lead.len, "pprof", &cause);
		ck_assert_msg(p != NULL, "pass %d: %s", pass,
		    cause ? cause : "?");
		ck_assert_uint_eq(p->nsamples, 1);
		ck_assert_int_eq(p->values[0], 1);
		ck_assert_int_eq(p->values[1], 100);
		ck_assert_uint_eq(profile_stack_depth(p, 0), 2);
		ck_assert_uint_eq(p->nlabels, 1);
		ck_assert_str_eq(profile_str(p, p->labels[0].key), "tag");
		ck_assert_str_eq(profile_str(p, p->labels[0].str), "x");
		ck_assert_uint_eq(p->nlocations, 3);
		ck_assert_uint_eq(p->locations[2].address, 0x1300);
		ck_assert_int_eq(p->period, 524288);
		profile_free(p);
	}
	free(lead.b);
	free(w.b);
}
END_TEST

/* A zero-length packed field is valid protobuf (no elements): a sample
 * with no locations, as pprof's decoder accepts it. */
START_TEST(test_empty_packed)
{
	static const int64_t v[] = { 1, 2 };
	struct pb w = { NULL, 0, 0 }, s = { NULL, 0, 0 };
	struct profile *p;
	char *cause = NULL;

	encode_header(&w);
	pb_packed(&s, 1, NULL, 0);
	pb_packed(&s, 2, v, 2);
	pb_msg(&w, 2, &s);
	p = parse_bytes(w.b, w.len, &cause);
	ck_assert_msg(p != NULL, "%s", cause ? cause : "?");
	ck_assert_uint_eq(p->nsamples, 1);
	ck_assert_uint_eq(profile_stack_depth(p, p->sample_stack[0]), 0);
	ck_assert_int_eq(p->values[1], 2);
	profile_free(p);
	free(w.b);
}
END_TEST

/* A profile with no samples and no types is valid. */
START_TEST(test_minimal)
{
	struct pb w = { NULL, 0, 0 };
	struct profile *p;
	char *cause = NULL;

	pb_str(&w, 6, "");
	pb_int(&w, 9, 5);
	p = parse_bytes(w.b, w.len, &cause);
	ck_assert_msg(p != NULL, "%s", cause ? cause : "?");
	ck_assert_uint_eq(p->ntypes, 0);
	ck_assert_uint_eq(p->nsamples, 0);
	ck_assert_int_eq(p->time_nanos, 5);
	profile_free(p);
	free(w.b);
}
END_TEST

/* Errors: exact messages, with the byte offsets of this encoding. */
START_TEST(test_error_unknown_location)
{
	static const int64_t locs[] = { 20, 99 }, v[] = { 1, 100 };
	struct pb w = { NULL, 0, 0 }, s = { NULL, 0, 0 };
	char *cause = NULL, want[128];
	size_t at;

	encode_header(&w);
	pb_packed(&s, 1, locs, 2);
	pb_packed(&s, 2, v, 2);
	at = w.len;
	pb_msg(&w, 2, &s);
	/* tag, sample length, field-1 tag, packed length, id 20, then 99. */
	snprintf(want, sizeof want,
	    "sample references unknown location id 99 (at byte %zu)", at + 5);
	ck_assert_ptr_null(parse_bytes(w.b, w.len, &cause));
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, want);
	free(cause);
	free(w.b);
}
END_TEST

START_TEST(test_error_value_count)
{
	static const int64_t locs[] = { 10 }, v[] = { 1 };
	struct pb w = { NULL, 0, 0 }, s = { NULL, 0, 0 };
	char *cause = NULL, want[128];
	size_t at;

	encode_header(&w);
	pb_packed(&s, 1, locs, 1);
	pb_packed(&s, 2, v, 1);
	at = w.len;
	pb_msg(&w, 2, &s);
	snprintf(want, sizeof want, "sample has 1 value, the profile has 2 "
	    "sample types (at byte %zu)", at + 2);
	ck_assert_ptr_null(parse_bytes(w.b, w.len, &cause));
	ck_assert_str_eq(cause, want);
	free(cause);
	free(w.b);
}
END_TEST

START_TEST(test_error_string_index)
{
	struct pb w = { NULL, 0, 0 }, m = { NULL, 0, 0 };
	char *cause = NULL;

	pb_int(&m, 1, 50);
	pb_int(&m, 2, 0);
	pb_msg(&w, 1, &m);		/* content at byte 2 */
	pb_str(&w, 6, "");
	pb_str(&w, 6, "x");
	ck_assert_ptr_null(parse_bytes(w.b, w.len, &cause));
	ck_assert_str_eq(cause, "sample_type: string index 50 out of range "
	    "(the string table has 2 entries) (at byte 2)");
	free(cause);
	free(w.b);
}
END_TEST

START_TEST(test_error_string_zero)
{
	struct pb w = { NULL, 0, 0 };
	char *cause = NULL;

	pb_str(&w, 6, "nonempty");
	ck_assert_ptr_null(parse_bytes(w.b, w.len, &cause));
	ck_assert_str_eq(cause, "malformed profile: string_table[0] must be "
	    "empty (at byte 2)");
	free(cause);
	cause = NULL;
	free(w.b);
	memset(&w, 0, sizeof w);
	pb_int(&w, 9, 1);
	ck_assert_ptr_null(parse_bytes(w.b, w.len, &cause));
	ck_assert_str_eq(cause, "malformed profile: the string table is empty "
	    "(string 0 must be \"\")");
	free(cause);
	free(w.b);
}
END_TEST

START_TEST(test_error_truncated)
{
	struct pb w = { NULL, 0, 0 };
	char *cause = NULL, want[160];
	size_t at;

	encode_header(&w);
	at = w.len;
	pb_str(&w, 6, "a string that will be cut");
	/* Cut the last 5 bytes: the length says 25, 20 remain. */
	snprintf(want, sizeof want, "truncated protobuf: length 25 of field 6 "
	    "(string_table) runs past the end of the data (at byte %zu)", at);
	ck_assert_ptr_null(parse_bytes(w.b, w.len - 5, &cause));
	ck_assert_str_eq(cause, want);
	free(cause);
	free(w.b);
}
END_TEST

START_TEST(test_error_wire_type)
{
	struct pb w = { NULL, 0, 0 };
	char *cause = NULL;

	pb_str(&w, 6, "");
	pb_int(&w, 1, 3);		/* sample_type as a varint, at byte 2 */
	ck_assert_ptr_null(parse_bytes(w.b, w.len, &cause));
	ck_assert_str_eq(cause, "malformed protobuf: field 1 (sample_type) has "
	    "wire type 0, expected 2 (at byte 2)");
	free(cause);
	cause = NULL;
	free(w.b);
	memset(&w, 0, sizeof w);
	pb_str(&w, 6, "");
	pb_str(&w, 9, "later");		/* time_nanos as bytes */
	ck_assert_ptr_null(parse_bytes(w.b, w.len, &cause));
	ck_assert_str_eq(cause, "malformed protobuf: field 9 (time_nanos) has "
	    "wire type 2, expected 0 (at byte 2)");
	free(cause);
	free(w.b);
}
END_TEST

START_TEST(test_error_duplicate_location)
{
	struct pb w = { NULL, 0, 0 }, m = { NULL, 0, 0 };
	char *cause = NULL, want[128];
	size_t at;

	encode_header(&w);
	pb_int(&m, 1, 10);
	pb_int(&m, 3, 0x5555);
	at = w.len;
	pb_msg(&w, 4, &m);
	snprintf(want, sizeof want, "malformed profile: two locations with id "
	    "10 (at byte %zu)", at + 2);
	ck_assert_ptr_null(parse_bytes(w.b, w.len, &cause));
	ck_assert_str_eq(cause, want);
	free(cause);
	free(w.b);
}
END_TEST

/* The registry: -F, detection, unknown names. */
START_TEST(test_registry)
{
	struct input in;
	char *cause = NULL;
	const struct parser *used = NULL;
	unsigned char junk[] = { 0xff, 0xfe, 0x00 };

	ck_assert_ptr_eq(parse_find("pprof"), &parser_pprof);
	ck_assert_ptr_null(parse_find("nope"));
	ck_assert_ptr_eq(parsers[0], &parser_pprof);

	memset(&in, 0, sizeof in);
	in.data = junk;
	in.len = 2;
	ck_assert_ptr_null(parse_input(&in, "nope", &used, &cause));
	ck_assert_str_eq(cause, "unknown format 'nope' (known: pprof, "
	    "heaptext, jemalloc, gocount, thread, contention, java, cpu, "
	    "goroutine, godump)");
	free(cause);
	cause = NULL;
	ck_assert_ptr_null(parse_input(&in, NULL, &used, &cause));
	ck_assert_str_eq(cause, "not a profile: no format recognises its first "
	    "bytes");
	free(cause);
	cause = NULL;

	/* Probes: a length-delimited field 1..6 or 11 first is likely. */
	ck_assert_int_gt(parser_pprof.probe((const unsigned char *)"\x0a\x04",
	    2), 0);
	ck_assert_int_eq(parser_pprof.probe(junk, 2), 0);
	ck_assert_int_eq(parser_pprof.probe((const unsigned char *)"\x08", 1),
	    0);	/* field 1 as a varint */
	ck_assert_int_eq(parser_pprof.probe(junk, 0), 0);
	/* Text whose first letter looks like a tag ('h' is field 13). */
	ck_assert_int_eq(parser_pprof.probe((const unsigned char *)
	    "heap profile: 1: 2 [3: 4] @ heap/1048576\n", 40), 0);
}
END_TEST

Suite *
pprof_suite(void)
{
	Suite *s = suite_create("pprof");
	TCase *tc;

	tc = tcase_create("testdata");
	tcase_add_test(tc, test_heap_profile);
	tcase_add_test(tc, test_goroutine_profile);
	tcase_add_loop_test(tc, test_truth, 0, NELEM(truth));
	suite_add_tcase(s, tc);

	tc = tcase_create("wire");
	tcase_add_test(tc, test_packed_unpacked);
	tcase_add_test(tc, test_unknown_fields);
	tcase_add_test(tc, test_empty_packed);
	tcase_add_test(tc, test_minimal);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_error_unknown_location);
	tcase_add_test(tc, test_error_value_count);
	tcase_add_test(tc, test_error_string_index);
	tcase_add_test(tc, test_error_string_zero);
	tcase_add_test(tc, test_error_truncated);
	tcase_add_test(tc, test_error_wire_type);
	tcase_add_test(tc, test_error_duplicate_location);
	tcase_add_test(tc, test_registry);
	suite_add_tcase(s, tc);
	return s;
}
