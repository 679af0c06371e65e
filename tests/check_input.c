/*
 * check_input.c - input.c: gunzip of data made here with zlib (members,
 * the inflate bound, truncation, corruption), reading files (missing,
 * empty, directories, plain and gzipped) and the SHA-256 of the bytes as
 * stored.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "check_heapdiff.h"
#include "input.h"

#define NELEM(a) ((int)(sizeof (a) / sizeof (a)[0]))

/* Gzip len bytes of src (one member, gzip header); caller frees. */
static unsigned char *
gz(const void *src, size_t len, size_t *outlen)
{
	z_stream zs;
	size_t cap = len + len / 100 + 64;
	unsigned char *out = malloc(cap);
	int ret;

	memset(&zs, 0, sizeof zs);
	ck_assert_int_eq(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = (unsigned char *)src;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	ret = deflate(&zs, Z_FINISH);
	ck_assert_int_eq(ret, Z_STREAM_END);
	*outlen = zs.total_out;
	deflateEnd(&zs);
	return out;
}

/* n bytes of text that compresses well. */
static unsigned char *
text_payload(size_t n)
{
	unsigned char *p = malloc(n ? n : 1);
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)"heapdiff input test\n"[i % 20];
	return p;
}

/* n bytes that do not compress (a fixed LCG). */
static unsigned char *
noise_payload(size_t n)
{
	unsigned char *p = malloc(n);
	uint32_t x = 12345;
	size_t i;

	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = (unsigned char)(x >> 16);
	}
	return p;
}

static int
starts_with(const char *s, const char *prefix)
{
	return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

static void
hex(const unsigned char *d, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

/* Write len bytes to a new temporary file; returns its path (static). */
static const char *
temp_file(const void *data, size_t len)
{
	static char path[256];
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(path, sizeof path, "%s/check_input.XXXXXX",
	    dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	if (len > 0)
		ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

/* "abc" gzipped by Python's gzip.compress(b"abc", mtime=0). */
static const unsigned char abc_gz[] = {
	0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x4b, 0x4c,
	0x4a, 0x06, 0x00, 0xc2, 0x41, 0x24, 0x35, 0x03, 0x00, 0x00, 0x00,
};
/* "" gzipped the same way. */
static const unsigned char empty_gz[] = {
	0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x03, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* ------------------------------------------------------------------ */
/* input_gunzip */

START_TEST(test_gunzip_roundtrip)
{
	static const size_t sizes[] = { 1, 20, 4096, 100000, 1 << 20 };
	int k;

	for (k = 0; k < NELEM(sizes); k++) {
		unsigned char *src = k % 2 ? noise_payload(sizes[k]) :
		    text_payload(sizes[k]);
		unsigned char *z, *out = NULL;
		size_t zlen, outlen = 0;
		char *cause = NULL;

		z = gz(src, sizes[k], &zlen);
		ck_assert_int_eq(input_gunzip(z, zlen, 0, &out, &outlen,
		    &cause), 0);
		ck_assert_ptr_null(cause);
		ck_assert_uint_eq(outlen, sizes[k]);
		ck_assert_mem_eq(out, src, sizes[k]);
		ck_assert_int_eq(out[outlen], '\0');
		free(out);
		free(z);
		free(src);
	}
}
END_TEST

START_TEST(test_gunzip_known_bytes)
{
	unsigned char *out = NULL;
	size_t outlen = 0;
	char *cause = NULL;

	ck_assert_int_eq(input_gunzip(abc_gz, sizeof abc_gz, 0, &out, &outlen,
	    &cause), 0);
	ck_assert_uint_eq(outlen, 3);
	ck_assert_str_eq((char *)out, "abc");
	free(out);
	ck_assert_int_eq(input_gunzip(empty_gz, sizeof empty_gz, 0, &out,
	    &outlen, &cause), 0);
	ck_assert_uint_eq(outlen, 0);
	ck_assert_int_eq(out[0], '\0');
	free(out);
}
END_TEST

/* Concatenated members read as one stream, as gzip(1) does. */
START_TEST(test_gunzip_members)
{
	unsigned char *a, *b, *c, *big, *cat, *out = NULL;
	size_t alen, blen, clen, n, outlen = 0;
	unsigned char *bigsrc = noise_payload(70000);
	char *cause = NULL;

	a = gz("abc", 3, &alen);
	b = gz("defg", 4, &blen);
	big = gz(bigsrc, 70000, &n);
	c = gz("", 0, &clen);
	cat = malloc(alen + blen + n + clen);
	memcpy(cat, a, alen);
	memcpy(cat + alen, b, blen);
	memcpy(cat + alen + blen, c, clen);
	ck_assert_int_eq(input_gunzip(cat, alen + blen + clen, 0, &out,
	    &outlen, &cause), 0);
	ck_assert_uint_eq(outlen, 7);
	ck_assert_str_eq((char *)out, "abcdefg");
	free(out);

	/* A large member after a small one. */
	memcpy(cat + alen, big, n);
	ck_assert_int_eq(input_gunzip(cat, alen + n, 0, &out, &outlen, &cause),
	    0);
	ck_assert_uint_eq(outlen, 70003);
	ck_assert_mem_eq(out, "abc", 3);
	ck_assert_mem_eq(out + 3, bigsrc, 70000);
	free(out);
	free(a);
	free(b);
	free(c);
	free(big);
	free(cat);
	free(bigsrc);
}
END_TEST

START_TEST(test_gunzip_limit)
{
	unsigned char *src = text_payload(100 * 1024), *z, *out = NULL;
	size_t zlen, outlen = 0;
	char *cause = NULL;

	z = gz(src, 100 * 1024, &zlen);
	ck_assert_int_eq(input_gunzip(z, zlen, 1000, &out, &outlen, &cause),
	    -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, "gzip data inflates to more than 1000 bytes "
	    "(the limit; set HEAPDIFF_MAX_INFLATE to raise it)");
	free(cause);
	free(z);
	free(src);
}
END_TEST

/* The bound is inclusive: exactly limit bytes inflate, one more does not. */
START_TEST(test_gunzip_limit_boundary)
{
	static const struct {
		size_t len, limit;
		int ok;
	} c[] = {
		{ 1000, 1000, 1 }, { 1001, 1000, 0 }, { 999, 1000, 1 },
		{ 65536, 65536, 1 }, { 65537, 65536, 0 }, { 1, 1, 1 },
	};
	int k;

	for (k = 0; k < NELEM(c); k++) {
		unsigned char *src = noise_payload(c[k].len), *z, *out = NULL;
		size_t zlen, outlen = 0;
		char *cause = NULL;
		int r;

		z = gz(src, c[k].len, &zlen);
		r = input_gunzip(z, zlen, c[k].limit, &out, &outlen, &cause);
		ck_assert_msg(r == (c[k].ok ? 0 : -1),
		    "%zu bytes, limit %zu: returned %d (%s)", c[k].len,
		    c[k].limit, r, cause ? cause : "no cause");
		if (c[k].ok) {
			ck_assert_uint_eq(outlen, c[k].len);
			ck_assert_mem_eq(out, src, c[k].len);
			free(out);
		} else {
			ck_assert_ptr_nonnull(strstr(cause, "more than"));
			free(cause);
		}
		free(z);
		free(src);
	}
}
END_TEST

/* limit 0 takes $HEAPDIFF_MAX_INFLATE (each test runs in its own
 * process, so the variable does not leak). */
START_TEST(test_gunzip_limit_env)
{
	unsigned char *src = text_payload(4000), *z, *out = NULL;
	size_t zlen, outlen = 0;
	char *cause = NULL;

	z = gz(src, 4000, &zlen);
	setenv("HEAPDIFF_MAX_INFLATE", "500", 1);
	ck_assert_int_eq(input_gunzip(z, zlen, 0, &out, &outlen, &cause), -1);
	ck_assert_str_eq(cause, "gzip data inflates to more than 500 bytes "
	    "(the limit; set HEAPDIFF_MAX_INFLATE to raise it)");
	free(cause);
	cause = NULL;
	/* An explicit limit wins over the variable. */
	ck_assert_int_eq(input_gunzip(z, zlen, 4000, &out, &outlen, &cause), 0);
	ck_assert_uint_eq(outlen, 4000);
	free(out);
	/* A malformed value is ignored (the 4 GiB default applies). */
	setenv("HEAPDIFF_MAX_INFLATE", "12x", 1);
	ck_assert_int_eq(input_gunzip(z, zlen, 0, &out, &outlen, &cause), 0);
	free(out);
	unsetenv("HEAPDIFF_MAX_INFLATE");
	free(z);
	free(src);
}
END_TEST

START_TEST(test_gunzip_truncated)
{
	unsigned char *src = noise_payload(100000), *z, *out = NULL;
	size_t zlen, outlen = 0, cuts[4], k;
	char *cause = NULL;

	z = gz(src, 100000, &zlen);
	cuts[0] = zlen / 2;	/* mid-data */
	cuts[1] = zlen - 4;	/* the size trailer missing */
	cuts[2] = zlen - 1;
	cuts[3] = 5;		/* inside the header */
	for (k = 0; k < 4; k++) {
		ck_assert_int_eq(input_gunzip(z, cuts[k], 0, &out, &outlen,
		    &cause), -1);
		ck_assert_ptr_nonnull(cause);
		ck_assert_msg(starts_with(cause, "truncated gzip data (at byte "),
		    "cut at %zu: %s", cuts[k], cause);
		free(cause);
		cause = NULL;
	}
	/* Truncation in a second member is caught too. */
	{
		unsigned char *a, *cat;
		size_t alen;

		a = gz("abc", 3, &alen);
		cat = malloc(alen + zlen);
		memcpy(cat, a, alen);
		memcpy(cat + alen, z, zlen);
		ck_assert_int_eq(input_gunzip(cat, alen + zlen / 2, 0, &out,
		    &outlen, &cause), -1);
		ck_assert_ptr_nonnull(strstr(cause, "truncated gzip data"));
		free(cause);
		free(cat);
		free(a);
	}
	free(z);
	free(src);
}
END_TEST

START_TEST(test_gunzip_corrupt)
{
	unsigned char bad[sizeof abc_gz], *out = NULL;
	size_t outlen = 0;
	char *cause = NULL;

	/* Compression method 7 instead of 8 (deflate). */
	memcpy(bad, abc_gz, sizeof bad);
	bad[2] = 7;
	ck_assert_int_eq(input_gunzip(bad, sizeof bad, 0, &out, &outlen,
	    &cause), -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(starts_with(cause, "corrupt gzip data: unknown compression "
	    "method (at byte "), "%s", cause);
	free(cause);
	cause = NULL;

	/* A wrong CRC. */
	memcpy(bad, abc_gz, sizeof bad);
	bad[sizeof bad - 8] ^= 0xff;
	ck_assert_int_eq(input_gunzip(bad, sizeof bad, 0, &out, &outlen,
	    &cause), -1);
	ck_assert_msg(starts_with(cause, "corrupt gzip data: incorrect data "
	    "check (at byte "), "%s", cause);
	free(cause);
}
END_TEST

/* ------------------------------------------------------------------ */
/* input_read */

START_TEST(test_read_missing)
{
	struct input in;
	char *cause = NULL;

	ck_assert_int_eq(input_read(&in, "/nonexistent/heapdiff/no-such.pb.gz",
	    0, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, "No such file or directory");
	free(cause);
}
END_TEST

START_TEST(test_read_empty)
{
	const char *path = temp_file("", 0);
	struct input in;
	char *cause = NULL;

	ck_assert_int_eq(input_read(&in, path, 0, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, "empty file");
	free(cause);
	cause = NULL;
	unlink(path);

	/* A gzip of nothing is empty too. */
	path = temp_file(empty_gz, sizeof empty_gz);
	ck_assert_int_eq(input_read(&in, path, 0, &cause), -1);
	ck_assert_str_eq(cause, "empty file (after gunzip)");
	free(cause);
	unlink(path);
}
END_TEST

START_TEST(test_read_directory)
{
	struct input in;
	char *cause = NULL;

	ck_assert_int_eq(input_read(&in, testdata_path("auditlog"), 0, &cause),
	    -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, "is a directory");
	free(cause);
}
END_TEST

/* Known SHA-256 digests (FIPS 180-2 examples) of plain files. */
static const struct {
	const char *content, *sha256;
} sha_cases[] = {
	{ "abc",
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "a",
	  "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb" },
};

START_TEST(test_read_plain_sha256)
{
	size_t len = strlen(sha_cases[_i].content);
	const char *path = temp_file(sha_cases[_i].content, len);
	char *keep = strdup(path), hexd[65], *cause = NULL;
	struct input in;

	ck_assert_int_eq(input_read(&in, keep, 0, &cause), 0);
	ck_assert_ptr_null(cause);
	ck_assert_uint_eq(in.len, len);
	ck_assert_mem_eq(in.data, sha_cases[_i].content, len);
	ck_assert_int_eq(in.data[in.len], '\0');
	ck_assert(!in.gzipped);
	ck_assert_str_eq(in.name, keep);
	ck_assert_int_gt(in.mtime_ns, 1000000000LL * 1000000000LL);
	hex(in.sha256, 32, hexd);
	ck_assert_str_eq(hexd, sha_cases[_i].sha256);
	input_done(&in);
	ck_assert_ptr_null(in.data);
	unlink(keep);
	free(keep);
}
END_TEST

/* A gzipped file: data is inflated, the digest is of the stored bytes. */
START_TEST(test_read_gzipped)
{
	const char *path = temp_file(abc_gz, sizeof abc_gz);
	char *keep = strdup(path), hexd[65], *cause = NULL;
	struct input in;

	ck_assert_int_eq(input_read(&in, keep, 0, &cause), 0);
	ck_assert(in.gzipped);
	ck_assert_uint_eq(in.len, 3);
	ck_assert_str_eq((char *)in.data, "abc");
	hex(in.sha256, 32, hexd);
	ck_assert_str_eq(hexd,
	    "0e595b139299cc148895fcdf42cb286dbc9230bd303f416289e2e98bf4a5bb46");
	input_done(&in);
	unlink(keep);
	free(keep);
}
END_TEST

/* The inflate bound applies to files; the cause has no file name. */
START_TEST(test_read_limit)
{
	unsigned char *src = text_payload(100 * 1024), *z;
	size_t zlen;
	const char *path;
	char *keep, *cause = NULL;
	struct input in;

	z = gz(src, 100 * 1024, &zlen);
	path = temp_file(z, zlen);
	keep = strdup(path);
	ck_assert_int_eq(input_read(&in, keep, 1000, &cause), -1);
	ck_assert_str_eq(cause, "gzip data inflates to more than 1000 bytes "
	    "(the limit; set HEAPDIFF_MAX_INFLATE to raise it)");
	free(cause);
	cause = NULL;
	ck_assert_int_eq(input_read(&in, keep, 0, &cause), 0);
	ck_assert_uint_eq(in.len, 100 * 1024);
	ck_assert_mem_eq(in.data, src, 100 * 1024);
	input_done(&in);
	unlink(keep);
	free(keep);
	free(z);
	free(src);
}
END_TEST

/* A real profile from testdata: digest as sha256sum(1) prints it. */
START_TEST(test_read_testdata)
{
	struct input in;
	char hexd[65], *cause = NULL;

	ck_assert_int_eq(input_read(&in,
	    testdata_path("auditlog/heap-07.pb.gz"), 0, &cause), 0);
	ck_assert(in.gzipped);
	ck_assert_uint_eq(in.len, 48980);
	ck_assert_int_eq(in.data[0], 0x5a);	/* field 11, length-delimited */
	hex(in.sha256, 32, hexd);
	ck_assert_str_eq(hexd,
	    "15fd7ee47856d7ad4278e153c3bc171370a5db3fdb5baa88b7d4f21a1de7ac26");
	input_done(&in);
}
END_TEST

Suite *
input_suite(void)
{
	Suite *s = suite_create("input");
	TCase *tc;

	tc = tcase_create("gunzip");
	tcase_add_test(tc, test_gunzip_roundtrip);
	tcase_add_test(tc, test_gunzip_known_bytes);
	tcase_add_test(tc, test_gunzip_members);
	tcase_add_test(tc, test_gunzip_limit);
	tcase_add_test(tc, test_gunzip_limit_boundary);
	tcase_add_test(tc, test_gunzip_limit_env);
	tcase_add_test(tc, test_gunzip_truncated);
	tcase_add_test(tc, test_gunzip_corrupt);
	suite_add_tcase(s, tc);

	tc = tcase_create("read");
	tcase_add_test(tc, test_read_missing);
	tcase_add_test(tc, test_read_empty);
	tcase_add_test(tc, test_read_directory);
	tcase_add_loop_test(tc, test_read_plain_sha256, 0, NELEM(sha_cases));
	tcase_add_test(tc, test_read_gzipped);
	tcase_add_test(tc, test_read_limit);
	tcase_add_test(tc, test_read_testdata);
	suite_add_tcase(s, tc);
	return s;
}
