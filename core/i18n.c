/*
 * i18n: language list, gettext switching and ICU formatting. It does not
 * choose which language a visitor wants (the TUI does) and it holds no UI
 * strings of its own.
 */
#include "core/i18n.h"

#include "core/util.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/udat.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

/* glibc's catalog cache counter: bumping it makes gettext re-read LANGUAGE.
 * Documented in the GNU gettext manual ("gettext-grok"). */
extern int _nl_msg_cat_cntr;

#define FORMAT_LOCALE "vi_VN"

static struct i18n_lang *langs;
static size_t nlangs;
static char current[16] = "vi";

int i18n_init(const char *localedir, char **err)
{
	/* Under the plain C locale glibc ignores LANGUAGE; C.UTF-8 always exists.
	 * Only the two categories that matter: characters (ncurses, wide
	 * characters) and messages (gettext). The others stay "C", which is what
	 * C.UTF-8 holds for them anyway, and glibc loads each category as a file
	 * of its own when there is no locale archive. */
	if (!setlocale(LC_CTYPE, "C.UTF-8") || !setlocale(LC_MESSAGES, "C.UTF-8"))
		return err_set(err, NK_EFAIL, "the C.UTF-8 locale is not available");
	if (!bindtextdomain("ntmkiosk", localedir) || !textdomain("ntmkiosk") ||
	    !bind_textdomain_codeset("ntmkiosk", "UTF-8"))
		return err_set(err, NK_EFAIL, "cannot bind the message catalogs in %s", localedir);
	/* Our own error messages are English; the system's (strerror, which
	 * glibc translates through its "libc" domain and LANGUAGE) must be too,
	 * or one message comes out half in each language. Our folder has no
	 * libc catalog, so glibc falls back to its English text. */
	bindtextdomain("libc", localedir);
	/* Every ICU call names FORMAT_LOCALE itself, so ICU's default locale is
	 * never used and ICU is not loaded before it is needed (core/dynlib.h). */
	return i18n_set_lang(current, err) == NK_OK ? NK_OK : NK_EFAIL;
}

void i18n_free_languages(void)
{
	for (size_t i = 0; i < nlangs; i++) {
		free(langs[i].id);
		free(langs[i].tag);
		free(langs[i].native);
		free(langs[i].status);
	}
	free(langs);
	langs = NULL;
	nlangs = 0;
}

/* Splits line at tabs into at most max fields; returns how many. */
static size_t split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;
	while (n < max) {
		f[n++] = line;
		char *t = strchr(line, '\t');
		if (!t)
			break;
		*t = '\0';
		line = t + 1;
	}
	return n;
}

static bool valid_id(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 8)
		return false;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z'))
			return false;
	return true;
}

int i18n_load_languages(const char *path, char **err)
{
	char *buf;
	size_t len;
	int rc = util_read_file(path, &buf, &len, err);
	if (rc)
		return rc;
	struct i18n_lang *list = NULL;
	size_t n = 0, cap = 0, lineno = 0;
	(void)len;
	for (char *p = buf; p && *p;) {
		char *line = p;
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		p = nl ? nl + 1 : NULL;
		lineno++;
		size_t ll = strlen(line);
		if (ll && line[ll - 1] == '\r')
			line[ll - 1] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		char *f[5];
		size_t nf = split_tabs(line, f, 5);
		if (nf != 4) {
			rc = err_set(err, NK_EINVAL,
				     "%s:%zu: expected 4 tab-separated fields (id, tag, native name, "
				     "status), found %zu",
				     path, lineno, nf);
			goto fail;
		}
		if (!valid_id(f[0])) {
			rc = err_set(err, NK_EINVAL, "%s:%zu: bad language id '%s'", path, lineno,
				     f[0]);
			goto fail;
		}
		if (strcmp(f[3], "draft") != 0 && strcmp(f[3], "reviewed") != 0) {
			rc = err_set(err, NK_EINVAL,
				     "%s:%zu: status must be draft or reviewed, not '%s'", path,
				     lineno, f[3]);
			goto fail;
		}
		for (size_t i = 0; i < n; i++)
			if (strcmp(list[i].id, f[0]) == 0) {
				rc = err_set(err, NK_EINVAL, "%s:%zu: language '%s' listed twice",
					     path, lineno, f[0]);
				goto fail;
			}
		xgrow((void **)&list, &cap, n + 1, sizeof *list);
		list[n].id = xstrdup(f[0]);
		list[n].tag = xstrdup(f[1]);
		list[n].native = xstrdup(f[2]);
		list[n].status = xstrdup(f[3]);
		n++;
	}
	if (n == 0) {
		rc = err_set(err, NK_EINVAL, "%s: no languages listed", path);
		goto fail;
	}
	free(buf);
	i18n_free_languages();
	langs = list;
	nlangs = n;
	return NK_OK;
fail:
	for (size_t i = 0; i < n; i++) {
		free(list[i].id);
		free(list[i].tag);
		free(list[i].native);
		free(list[i].status);
	}
	free(list);
	free(buf);
	return rc;
}

size_t i18n_lang_count(void)
{
	return nlangs;
}

const struct i18n_lang *i18n_lang_at(size_t i)
{
	return i < nlangs ? &langs[i] : NULL;
}

int i18n_lang_index(const char *id)
{
	for (size_t i = 0; i < nlangs; i++)
		if (strcmp(langs[i].id, id) == 0)
			return (int)i;
	return -1;
}

const struct i18n_lang *i18n_lang_find(const char *id)
{
	int i = i18n_lang_index(id);
	return i < 0 ? NULL : &langs[i];
}

int i18n_set_lang(const char *id, char **err)
{
	if (nlangs && i18n_lang_index(id) < 0)
		return err_set(err, NK_EINVAL, "unknown language '%s'", id);
	if (strlen(id) >= sizeof current)
		return err_set(err, NK_EINVAL, "language id too long: '%s'", id);
	/* Vietnamese stands in for any string a draft catalog lacks. */
	char *value = strcmp(id, "vi") == 0 ? xstrdup("vi") : xasprintf("%s:vi", id);
	setenv("LANGUAGE", value, 1);
	free(value);
	++_nl_msg_cat_cntr;
	memmove(current, id, strlen(id) + 1); /* id may be current itself */
	return NK_OK;
}

const char *i18n_current(void)
{
	return current;
}

bool i18n_current_is_draft(void)
{
	const struct i18n_lang *l = i18n_lang_find(current);
	return l && strcmp(l->status, "draft") == 0;
}

static char *utf16_to_utf8(const UChar *u, int32_t n)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t need = 0;
	u_strToUTF8(NULL, 0, &need, u, n, &st);
	st = U_ZERO_ERROR;
	char *out = xmalloc((size_t)need + 1);
	u_strToUTF8(out, need + 1, NULL, u, n, &st);
	if (U_FAILURE(st))
		out[0] = '\0';
	return out;
}

static char *format_number(double v, int64_t iv, bool is_int, int decimals)
{
	UErrorCode st = U_ZERO_ERROR;
	UNumberFormat *nf = unum_open(UNUM_DECIMAL, NULL, 0, FORMAT_LOCALE, NULL, &st);
	if (U_FAILURE(st))
		return is_int ? xasprintf("%lld", (long long)iv) : xasprintf("%.*f", decimals, v);
	UChar buf[64];
	int32_t n;
	if (is_int) {
		n = unum_formatInt64(nf, iv, buf, 64, NULL, &st);
	} else {
		unum_setAttribute(nf, UNUM_MIN_FRACTION_DIGITS, decimals);
		unum_setAttribute(nf, UNUM_MAX_FRACTION_DIGITS, decimals);
		n = unum_formatDouble(nf, v, buf, 64, NULL, &st);
	}
	unum_close(nf);
	if (U_FAILURE(st))
		return is_int ? xasprintf("%lld", (long long)iv) : xasprintf("%.*f", decimals, v);
	return utf16_to_utf8(buf, n);
}

char *i18n_format_int(int64_t n)
{
	return format_number(0, n, true, 0);
}

char *i18n_format_decimal(double v, int decimals)
{
	return format_number(v, 0, false, decimals);
}

static char *format_date(int64_t ms, const char *pattern)
{
	UChar upat[32]; /* the patterns are short and ASCII */
	size_t i = 0;
	for (; pattern[i] && i + 1 < NK_ARRAY_LEN(upat); i++)
		upat[i] = (UChar)(unsigned char)pattern[i];
	upat[i] = 0;
	UErrorCode st = U_ZERO_ERROR;
	UDateFormat *df = udat_open(UDAT_PATTERN, UDAT_PATTERN, FORMAT_LOCALE, NULL, 0, upat, -1,
				    &st);
	if (U_FAILURE(st))
		return xstrdup("?");
	UChar buf[64];
	int32_t n = udat_format(df, (UDate)ms, buf, 64, NULL, &st);
	udat_close(df);
	if (U_FAILURE(st))
		return xstrdup("?");
	return utf16_to_utf8(buf, n);
}

char *i18n_format_date(int64_t ms)
{
	return format_date(ms, "dd/MM/yyyy");
}

char *i18n_format_datetime(int64_t ms)
{
	return format_date(ms, "HH:mm dd/MM/yyyy");
}
