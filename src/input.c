/*
 * input.c - read a file or stdin into memory, gunzip it within a bound, and
 * hash it (see input.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha2.h>
#include <zlib.h>

#include "input.h"
#include "xmalloc.h"

static size_t
input_limit(size_t limit)
{
	const char *env;

	if (limit != 0)
		return limit;
	env = getenv("HEAPDIFF_MAX_INFLATE");
	if (env != NULL && *env != '\0') {
		char *end;
		unsigned long long v = strtoull(env, &end, 10);

		if (*end == '\0' && v > 0)
			return (size_t)v;
	}
	return INPUT_DEFAULT_LIMIT;
}

static int
read_all(int fd, unsigned char **out, size_t *outlen, char **cause)
{
	size_t cap = 1 << 16, len = 0;
	unsigned char *buf = xmalloc(cap + 1);
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		cap = (size_t)st.st_size + 1;
		buf = xreallocarray(buf, cap + 1, 1);
	}
	for (;;) {
		ssize_t n;

		if (len == cap) {
			cap *= 2;
			buf = xreallocarray(buf, cap + 1, 1);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			*cause = xasprintf("read error: %s", strerror(errno));
			free(buf);
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return 0;
}

int
input_gunzip(const unsigned char *src, size_t srclen, size_t limit,
    unsigned char **out, size_t *outlen, char **cause)
{
	z_stream zs;
	size_t cap, len = 0;
	unsigned char *buf;
	int ret;

	limit = input_limit(limit);
	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
		*cause = xstrdup("cannot initialise zlib");
		return -1;
	}
	/* Guess 10x; grow by doubling up to the limit. */
	cap = srclen < limit / 10 ? srclen * 10 + 4096 : limit;
	if (cap > limit)
		cap = limit;
	buf = xmalloc(cap + 1);
	zs.next_in = (unsigned char *)src;
	zs.avail_in = srclen > UINT32_MAX ? UINT32_MAX : (uInt)srclen;
	for (;;) {
		if (len == cap) {
			if (cap >= limit) {
				*cause = xasprintf("gzip data inflates to more "
				    "than %zu bytes (the limit; set "
				    "HEAPDIFF_MAX_INFLATE to raise it)", limit);
				goto fail;
			}
			cap = cap * 2 > limit ? limit : cap * 2;
			buf = xreallocarray(buf, cap + 1, 1);
		}
		zs.next_out = buf + len;
		zs.avail_out = (cap - len) > UINT32_MAX ? UINT32_MAX :
		    (uInt)(cap - len);
		ret = inflate(&zs, Z_NO_FLUSH);
		len = (size_t)(zs.next_out - buf);
		if (ret == Z_STREAM_END) {
			size_t used = (size_t)(zs.next_in - src);

			/* Another gzip member follows: keep going. */
			if (used + 2 <= srclen && src[used] == 0x1f &&
			    src[used + 1] == 0x8b) {
				inflateReset(&zs);
				zs.avail_in = (srclen - used) > UINT32_MAX ?
				    UINT32_MAX : (uInt)(srclen - used);
				continue;
			}
			break;
		}
		if (ret == Z_BUF_ERROR && zs.avail_in == 0) {
			*cause = xasprintf("truncated gzip data (at byte %zu)",
			    (size_t)(zs.next_in - src));
			goto fail;
		}
		if (ret != Z_OK && ret != Z_BUF_ERROR) {
			*cause = xasprintf("corrupt gzip data: %s (at byte %zu)",
			    zs.msg ? zs.msg : "inflate failed",
			    (size_t)(zs.next_in - src));
			goto fail;
		}
		if (zs.avail_in == 0 && (size_t)(zs.next_in - src) < srclen)
			zs.avail_in = (srclen - (size_t)(zs.next_in - src)) >
			    UINT32_MAX ? UINT32_MAX :
			    (uInt)(srclen - (size_t)(zs.next_in - src));
	}
	inflateEnd(&zs);
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return 0;
fail:
	inflateEnd(&zs);
	free(buf);
	return -1;
}

int
input_read(struct input *in, const char *name, size_t limit, char **cause)
{
	struct sha256_ctx sha;
	unsigned char *raw;
	size_t rawlen;
	int fd;

	memset(in, 0, sizeof *in);
	if (strcmp(name, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(name, O_RDONLY)) < 0) {
		*cause = xstrdup(strerror(errno));
		return -1;
	} else {
		struct stat st;

		if (fstat(fd, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				*cause = xstrdup("is a directory");
				close(fd);
				return -1;
			}
			in->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 +
			    st.st_mtim.tv_nsec;
		}
	}
	if (read_all(fd, &raw, &rawlen, cause) != 0) {
		if (fd != STDIN_FILENO)
			close(fd);
		return -1;
	}
	if (fd != STDIN_FILENO)
		close(fd);

	sha256_init(&sha);
	sha256_update(&sha, rawlen, raw);
	sha256_digest(&sha, sizeof in->sha256, in->sha256);

	if (rawlen == 0) {
		free(raw);
		*cause = xstrdup("empty file");
		return -1;
	}
	if (rawlen >= 2 && raw[0] == 0x1f && raw[1] == 0x8b) {
		int r = input_gunzip(raw, rawlen, limit, &in->data, &in->len,
		    cause);

		free(raw);
		if (r != 0)
			return -1;
		in->gzipped = true;
		if (in->len == 0) {
			input_done(in);
			*cause = xstrdup("empty file (after gunzip)");
			return -1;
		}
	} else {
		in->data = raw;
		in->len = rawlen;
	}
	in->name = xstrdup(name);
	return 0;
}

void
input_done(struct input *in)
{
	free(in->data);
	free(in->name);
	memset(in, 0, sizeof *in);
}
