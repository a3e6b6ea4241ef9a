/*
 * util: the x* allocators, the error idiom, and small file helpers. Not a
 * grab bag: anything with a domain of its own gets its own module.
 */
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

static void oom(void)
{
	fputs("ntmkiosk: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

void xgrow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return;
	size_t ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > ((size_t)-1) / 2 / size)
			oom();
		ncap *= 2;
	}
	*p = xrealloc(*p, ncap * size);
	*cap = ncap;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		oom();
	char *p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

int err_set(char **err, int code, const char *fmt, ...)
{
	if (!err)
		return code;
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	free(*err);
	*err = msg;
	return code;
}

int err_prefix(char **err, int code, const char *fmt, ...)
{
	if (!err || !*err)
		return code;
	va_list ap;
	va_start(ap, fmt);
	char *pre = xvasprintf(fmt, ap);
	va_end(ap);
	char *msg = xasprintf("%s: %s", pre, *err);
	free(pre);
	free(*err);
	*err = msg;
	return code;
}

int err_write(char **err, int e, const char *path)
{
	switch (e) {
	case ENOSPC:
	case EDQUOT:
	case EFBIG:
		return err_set(err, NK_EFULL, "%s: the disk is full", path);
	case EROFS:
		return err_set(err, NK_EREADONLY, "%s: the disk is read-only", path);
	case EACCES:
	case EPERM:
		return err_set(err, NK_EACCES, "%s: no permission to write in this folder", path);
	case ENOENT:
	case ENOTDIR:
		return err_set(err, NK_ENOENT, "%s: the folder does not exist", path);
	default:
		return err_set(err, NK_EIO, "%s: %s", path, strerror(e ? e : EIO));
	}
}

int util_read_file(const char *path, char **out, size_t *len, char **err)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(err, errno == ENOENT ? NK_ENOENT : NK_EIO, "%s: %s", path,
			       strerror(errno));
	size_t cap = 0, n = 0;
	char *buf = NULL;
	for (;;) {
		xgrow((void **)&buf, &cap, n + 65536 + 1, 1);
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		free(buf);
		return err_set(err, NK_EIO, "%s: read error", path);
	}
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return NK_OK;
}

/* "12 MB" or "2.5 MB" (a whole number when it is one); "300 KB" or
 * "10 bytes" below a megabyte. */
static char *mb(unsigned long long bytes)
{
	if (bytes % NK_MB == 0 && bytes)
		return xasprintf("%llu MB", bytes / NK_MB);
	if (bytes >= NK_MB)
		return xasprintf("%.1f MB", (double)bytes / (double)NK_MB);
	if (bytes >= 10240)
		return xasprintf("%llu KB", (bytes + 512) / 1024);
	return xasprintf("%llu bytes", bytes);
}

static int too_large(const char *path, unsigned long long size, size_t max, char **err)
{
	char *have = mb(size), *limit = mb(max);
	int rc = err_set(err, NK_EINVAL, "%s: too large (%s, the limit is %s)", path, have,
			 limit);
	free(have);
	free(limit);
	return rc;
}

static int not_regular(const char *path, mode_t mode, char **err)
{
	const char *what = S_ISLNK(mode)  ? "a symbolic link"
			   : S_ISDIR(mode) ? "a folder"
			   : S_ISFIFO(mode) ? "a named pipe"
			   : S_ISCHR(mode) || S_ISBLK(mode) ? "a device"
							    : "not a plain file";
	return err_set(err, NK_EINVAL, "%s: %s; only plain files are read", path, what);
}

int util_read_regular(const char *path, size_t max, char **out, size_t *len, char **err)
{
	*out = NULL;
	struct stat st;
	/* lstat first, so that opening has no effect on a device or pipe. */
	if (lstat(path, &st) != 0)
		return err_set(err, errno == ENOENT ? NK_ENOENT : NK_EIO, "%s: %s", path,
			       strerror(errno));
	if (!S_ISREG(st.st_mode))
		return not_regular(path, st.st_mode, err);
	if ((unsigned long long)st.st_size > max)
		return too_large(path, (unsigned long long)st.st_size, max, err);
	/* The file may have been swapped since: refuse a link, never block. */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		int e = errno;
		if (e == ELOOP)
			return not_regular(path, S_IFLNK, err);
		return err_set(err, e == ENOENT ? NK_ENOENT : NK_EIO, "%s: %s", path,
			       strerror(e));
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return not_regular(path, st.st_mode, err);
	}
	/* Room for one byte past the limit: a file that grew is caught too. */
	size_t cap = ((size_t)st.st_size < max ? (size_t)st.st_size : max) + 1;
	char *buf = xmalloc(cap + 1);
	size_t n = 0;
	for (;;) {
		if (n == cap) {
			if (n > max)
				break;
			size_t ncap = cap > max / 2 ? max + 1 : cap * 2;
			buf = xrealloc(buf, ncap + 1);
			cap = ncap;
		}
		ssize_t got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;
			close(fd);
			free(buf);
			return err_set(err, NK_EIO, "%s: %s", path, strerror(e));
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	if (n > max) {
		free(buf);
		return too_large(path, n, max, err);
	}
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return NK_OK;
}

int util_mkdirs(const char *dir, char **err)
{
	char *p = xstrdup(dir);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			int e = errno;
			free(p);
			return err_set(err, NK_EIO, "%s: %s", dir, strerror(e));
		}
		*s = '/';
	}
	if (mkdir(p, 0700) != 0 && errno != EEXIST) {
		int e = errno;
		free(p);
		return err_set(err, NK_EIO, "%s: %s", dir, strerror(e));
	}
	free(p);
	return NK_OK;
}

void util_uuid(char out[37])
{
	unsigned char b[16];
	size_t got = 0;
	while (got < sizeof b) {
		ssize_t r = getrandom(b + got, sizeof b - got, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			fputs("ntmkiosk: no randomness for a UUID\n", stderr);
			abort();
		}
		got += (size_t)r;
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	for (size_t i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 15];
	}
	out[o] = '\0';
}
