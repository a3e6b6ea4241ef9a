/*
 * villages_csv: the commune's list of villages from a CSV file an officer
 * made in Excel or LibreOffice. RFC 4180 (quoted fields, doubled quotes,
 * CRLF or LF), UTF-8 with or without a byte order mark; the first column
 * is the name, an optional header row "name"/"tên"/"thôn" is skipped.
 * All or nothing, with file:line errors.
 */
#include "records/attempts.h"

#include "core/text.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

/* Reads one record; returns the first field (malloc'd) or NULL at the end.
 * *line advances over the lines the record spans. */
static int next_record(const char *s, size_t n, size_t *pos, size_t *line, char **first,
		       const char *path, char **err)
{
	*first = NULL;
	if (*pos >= n)
		return NK_OK;
	size_t start_line = *line;
	char *buf = xmalloc(n - *pos + 1);
	size_t len = 0;
	int field = 0;
	bool quoted = false, was_quoted = false;
	while (*pos < n) {
		char c = s[(*pos)++];
		if (quoted) {
			if (c == '"') {
				if (*pos < n && s[*pos] == '"') {
					(*pos)++;
					if (field == 0)
						buf[len++] = '"';
				} else {
					quoted = false;
				}
			} else {
				if (c == '\n')
					(*line)++;
				if (field == 0)
					buf[len++] = c;
			}
			continue;
		}
		if (c == '"') {
			if (was_quoted || (field == 0 && len > 0)) {
				free(buf);
				return err_set(err, NK_EINVAL, "%s:%zu: a quote inside an unquoted field",
					       path, *line);
			}
			quoted = was_quoted = true;
		} else if (c == ',' || c == ';') {
			field++;
			was_quoted = false;
		} else if (c == '\n') {
			(*line)++;
			break;
		} else if (c != '\r' && field == 0) {
			buf[len++] = c;
		}
	}
	if (quoted) {
		free(buf);
		return err_set(err, NK_EINVAL, "%s:%zu: a quoted field is not closed", path,
			       start_line);
	}
	buf[len] = '\0';
	*first = buf;
	return NK_OK;
}

int villages_import_csv(struct db *db, const char *path, size_t *added, char **err)
{
	char *text;
	size_t n;
	*added = 0;
	int rc = util_read_regular(path, VILLAGES_CSV_MAX_MB * NK_MB, &text, &n, err);
	if (rc)
		return rc;
	size_t bad = 0;
	bool utf8 = text_valid_utf8(text, n, &bad);
	const char *nul = memchr(text, '\0', n);
	if (!utf8 || nul) {
		size_t line, col;
		text_line_col(text, !utf8 ? bad : (size_t)(nul - text), &line, &col);
		free(text);
		return err_set(err, NK_EINVAL, "%s:%zu: not UTF-8 text (save the sheet as CSV UTF-8)",
			       path, line);
	}
	size_t pos = strncmp(text, "\xef\xbb\xbf", 3) == 0 && n >= 3 ? 3 : 0, line = 1;
	char **names = NULL;
	size_t count = 0;
	for (;;) {
		char *first;
		size_t at = line;
		rc = next_record(text, n, &pos, &line, &first, path, err);
		if (rc || !first)
			break;
		char *clean = text_sanitize(first, strlen(first), false, NULL);
		free(first);
		/* Trim, and skip blank lines and a header row. */
		char *t = clean + strspn(clean, " ");
		size_t tl = strlen(t);
		while (tl && t[tl - 1] == ' ')
			t[--tl] = '\0';
		char *folded = text_fold(t, tl);
		static const char *const headers[] = {"name", "village", "ten", "thon", "thon/ban",
						      "ten thon", "ten thon/ban", "ban"};
		bool header = false;
		for (size_t k = 0; at == 1 && k < NK_ARRAY_LEN(headers); k++)
			header = header || strcmp(folded, headers[k]) == 0;
		free(folded);
		if (tl == 0 || header) {
			free(clean);
			continue;
		}
		if (tl > 80) {
			free(clean);
			rc = err_set(err, NK_EINVAL, "%s:%zu: a village name of %zu bytes is too long",
				     path, at, tl);
			break;
		}
		names = xrealloc(names, (count + 1) * sizeof *names);
		names[count++] = xstrdup(t);
		free(clean);
	}
	free(text);
	if (rc == NK_OK && count == 0)
		rc = err_set(err, NK_EINVAL, "%s: no village names", path);
	if (rc == NK_OK)
		rc = db_begin(db, err);
	for (size_t i = 0; rc == NK_OK && i < count; i++)
		rc = villages_add(db, names[i], err);
	if (rc == NK_OK) {
		rc = db_commit(db, err);
		if (rc == NK_OK)
			*added = count;
	}
	if (rc && !sqlite3_get_autocommit(db_sqlite(db)))
		db_rollback(db);
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
	return rc;
}
