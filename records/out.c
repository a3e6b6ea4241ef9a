/* out: see out.h. */
#include "records/out.h"

#include "core/text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define OUT_BUF 65536

void out_open(struct out *o, FILE *f)
{
	*o = (struct out){.f = f, .buf = xmalloc(OUT_BUF)};
}

static void raw_write(struct out *o, const char *s, size_t n)
{
	errno = 0;
	if (fwrite(s, 1, n, o->f) != n)
		o->werr = errno ? errno : EIO;
}

static void flush_buf(struct out *o)
{
	if (o->len && !o->werr)
		raw_write(o, o->buf, o->len);
	o->len = 0;
}

void out_put(struct out *o, const char *s, size_t n)
{
	if (o->werr || n == 0)
		return;
	if (o->len + n > OUT_BUF)
		flush_buf(o);
	if (n >= OUT_BUF) {
		if (!o->werr)
			raw_write(o, s, n);
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

void out_puts(struct out *o, const char *s)
{
	out_put(o, s, strlen(s));
}

void out_printf(struct out *o, const char *fmt, ...)
{
	char small[128];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		out_put(o, small, (size_t)n);
		return;
	}
	char *big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	out_put(o, big, (size_t)n);
	free(big);
}

int out_close(struct out *o, const char *what, char **err)
{
	if (o->f) {
		flush_buf(o);
		errno = 0;
		if (!o->werr && (fflush(o->f) != 0 || ferror(o->f)))
			o->werr = errno ? errno : EIO;
		o->f = NULL;
	}
	free(o->buf);
	o->buf = NULL;
	o->len = 0;
	return o->werr ? err_write(err, o->werr, what) : NK_OK;
}

void out_drop(struct out *o)
{
	free(o->buf);
	*o = (struct out){0};
}

void out_csv_bom(struct out *o)
{
	out_put(o, "\xef\xbb\xbf", 3);
}

void out_csv_field(struct out *o, const char *s)
{
	if (!s || !s[0])
		return;
	bool inject = strchr("=+-@\t\r", s[0]) != NULL;
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		out_put(o, "\"", 1);
	if (inject)
		out_put(o, "'", 1);
	if (quote)
		for (const char *q; (q = strchr(s, '"')); s = q + 1) {
			out_put(o, s, (size_t)(q - s + 1));
			out_put(o, "\"", 1);
		}
	out_puts(o, s);
	if (quote)
		out_put(o, "\"", 1);
}

void out_csv_sep(struct out *o)
{
	out_put(o, ",", 1);
}

void out_csv_eol(struct out *o)
{
	out_put(o, "\r\n", 2);
}

void out_json_string(struct out *o, const char *s)
{
	if (!s) {
		out_put(o, "null", 4);
		return;
	}
	out_put(o, "\"", 1);
	const char *run = s;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char esc[8];
		const char *e = NULL;
		switch (*p) {
		case '"': e = "\\\""; break;
		case '\\': e = "\\\\"; break;
		case '\b': e = "\\b"; break;
		case '\f': e = "\\f"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		case '\t': e = "\\t"; break;
		default:
			if (*p < 0x20) {
				snprintf(esc, sizeof esc, "\\u%04x", *p);
				e = esc;
			}
		}
		if (!e)
			continue;
		out_put(o, run, (size_t)((const char *)p - run));
		out_puts(o, e);
		run = (const char *)p + 1;
	}
	out_puts(o, run);
	out_put(o, "\"", 1);
}

char *out_sheet_name(const char *want, const char *fallback, char *const *taken, size_t ntaken)
{
	char *s = xstrdup(want);
	for (char *p = s; *p; p++)
		if (strchr("[]:*?/\\", *p))
			*p = ' ';
	char *start = s;
	while (*start == '\'' || *start == ' ')
		start++;
	size_t len = strlen(start);
	while (len && (start[len - 1] == '\'' || start[len - 1] == ' '))
		len--;
	char *name = xstrndup(start, len);
	free(s);
	if (!name[0]) {
		free(name);
		name = xstrdup(fallback);
	}
	for (int n = 1;; n++) {
		char suffix[16] = "";
		if (n > 1)
			snprintf(suffix, sizeof suffix, " (%d)", n);
		/* Cut at a character boundary so the suffix fits in 31. */
		size_t room = 31 - strlen(suffix), chars = 0, cut = 0;
		for (const char *p = name; *p; p++)
			if (((unsigned char)*p & 0xC0) != 0x80) {
				if (chars == room)
					break;
				chars++;
				cut = (size_t)(p - name) + 1;
			} else {
				cut = (size_t)(p - name) + 1;
			}
		char *base = xstrndup(name, cut);
		size_t bl = strlen(base);
		while (bl && (base[bl - 1] == ' ' || base[bl - 1] == '\''))
			base[--bl] = '\0';
		char *cand = xasprintf("%s%s", base, suffix);
		free(base);
		char *fold = text_fold(cand, strlen(cand));
		bool clash = strcmp(fold, "history") == 0;
		for (size_t i = 0; !clash && i < ntaken; i++) {
			char *other = text_fold(taken[i], strlen(taken[i]));
			clash = strcmp(fold, other) == 0;
			free(other);
		}
		free(fold);
		if (!clash) {
			free(name);
			return cand;
		}
		free(cand);
	}
}
