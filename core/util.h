/*
 * util: memory and error helpers shared by every layer.
 *
 * One idiom everywhere (docs/styleguide.md): a function that can fail returns 0
 * on success or a negative NK_E* code, and takes an optional `char **err`. When
 * err is not NULL, a failing function stores a malloc'd message there that the
 * caller owns and frees. Allocation never fails from the caller's point of view:
 * the x* allocators abort on out-of-memory. Nothing here prints, except the
 * abort message on out-of-memory.
 */
#ifndef NK_CORE_UTIL_H
#define NK_CORE_UTIL_H

#include <stdarg.h>
#include <stddef.h>

enum {
	NK_OK = 0,
	NK_EFAIL = -1,    /* generic failure; the message says what */
	NK_EINVAL = -2,   /* bad input (file:line in the message where it has one) */
	NK_EIO = -3,      /* file or database I/O */
	NK_ENOENT = -4,   /* a thing asked for does not exist */
	NK_EFULL = -5,    /* disk full */
	NK_EREADONLY = -6, /* read-only storage */
	NK_ECORRUPT = -7,  /* a damaged database */
	NK_EACCES = -8,    /* no permission */
	NK_EEXIST = -9,    /* it exists already */
	NK_EBUSY = -10     /* another process held the database's write lock too long */
};

#define NK_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
/* A macro's value as a string literal. */
#define NK_STR_(x) #x
#define NK_STR(x) NK_STR_(x)

#if defined(__GNUC__)
#define NK_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define NK_PRINTF(f, a)
#endif

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows *p (holding *cap elements of size) to at least need elements. */
void xgrow(void **p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) NK_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap) NK_PRINTF(1, 0);

/* Stores a formatted message in *err (if err is not NULL, freeing what was
 * there) and returns code, so that `return err_set(err, NK_EIO, "...")` works. */
int err_set(char **err, int code, const char *fmt, ...) NK_PRINTF(3, 4);

/* Prefixes the message in *err with "prefix: " (nothing happens if err or *err
 * is NULL). Returns code. */
int err_prefix(char **err, int code, const char *fmt, ...) NK_PRINTF(3, 4);

/* For a file being written at path that the system refused with errno e:
 * stores "path: <the cause in an officer's words>" (the disk is full, the
 * disk is read-only, no permission to write in this folder, the folder does
 * not exist; else the system's text) and returns the matching NK_E* code. */
int err_write(char **err, int e, const char *path);

/* Reads a whole file into a NUL-terminated malloc'd buffer; *len gets its size
 * (which may be less than strlen if the file holds NUL bytes). */
int util_read_file(const char *path, char **out, size_t *len, char **err);

/* Reads a file that came from outside (a USB stick, a folder an officer
 * named) the way util_read_file does, but only a regular file: a symbolic
 * link at the last component, a FIFO, a device or a folder is refused without
 * being read (and without blocking), and so is a file of more than max bytes:
 * "path: too large (N MB, the limit is M MB)". A folder walk that refuses
 * symbolic links to folders, and calls this for each file, reads nothing from
 * outside the folder. */
int util_read_regular(const char *path, size_t max, char **out, size_t *len, char **err);

/* Megabytes as they appear in messages and settings. */
#define NK_MB ((size_t)1024 * 1024)

/* Creates dir and its parents (mode 0700 for new ones). */
int util_mkdirs(const char *dir, char **err);

/* A random version-4 UUID as 36 lowercase characters plus NUL. */
void util_uuid(char out[37]);

#endif
