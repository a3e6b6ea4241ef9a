/*
 * i18n: UI languages, gettext catalogs and ICU formatting.
 *
 * The language list is data (locales/languages.tsv: id, BCP 47 tag, native
 * name, status), so adding a language means adding a row, a catalog and
 * content, not code. UI strings go through gettext: the process runs under
 * C.UTF-8 and i18n_set_lang switches the catalog per visitor with LANGUAGE
 * (the chosen language, then Vietnamese as the fallback) and
 * ++_nl_msg_cat_cntr. Numbers and dates are formatted by ICU with the vi_VN
 * format locale for every language, because ICU has no data for hmn or ium
 * and would otherwise fall back to whatever LANG the machine has.
 *
 * The current language is process-wide state, as gettext's is. Strings
 * returned by _() are owned by gettext and valid until the next switch.
 */
#ifndef NK_CORE_I18N_H
#define NK_CORE_I18N_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define _(s) gettext(s)
#define N_(s) (s)

struct i18n_lang {
	char *id;     /* internal id: vi, hmn, ium */
	char *tag;    /* BCP 47: vi-VN, hmn-Latn-VN, ium-Latn-VN */
	char *native; /* the language's name in itself */
	char *status; /* "reviewed" or "draft" (written by us, no native review yet) */
};

/* Sets the C.UTF-8 locale, binds the "ntmkiosk" text domain to localedir
 * and sets ICU's default locale to vi_VN. */
int i18n_init(const char *localedir, char **err);

/* Loads the language list from a TSV file (comment lines start with '#').
 * Errors are "file:line: what is wrong". Replaces any list loaded before. */
int i18n_load_languages(const char *path, char **err);
void i18n_free_languages(void);

size_t i18n_lang_count(void);
const struct i18n_lang *i18n_lang_at(size_t i);
const struct i18n_lang *i18n_lang_find(const char *id);
/* Index of id in the list, or -1. */
int i18n_lang_index(const char *id);

/* Switches gettext to language id (which must be in the list). */
int i18n_set_lang(const char *id, char **err);
/* The current language id ("vi" before any switch). */
const char *i18n_current(void);
/* True when the current language is a draft translation. */
bool i18n_current_is_draft(void);

/* ICU formatting with the vi_VN conventions; results are malloc'd. */
char *i18n_format_int(int64_t n);                 /* 1.234.567 */
char *i18n_format_decimal(double v, int decimals); /* 12,5 */
char *i18n_format_date(int64_t ms);               /* 22/11/2026 (local time) */
char *i18n_format_datetime(int64_t ms);           /* 10:15 22/11/2026 */

#endif
