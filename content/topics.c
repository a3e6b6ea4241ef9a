/*
 * topics: import of content/topics.tsv and the per-language topic list.
 * The import is all-or-nothing so that a bad file from a USB stick never
 * leaves half a topic list behind.
 */
#include "content/topics.h"

#include "core/i18n.h"
#include "core/text.h"
#include "core/util.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLS 32

static size_t split(char *line, char **f, size_t max)
{
	size_t n = 0;
	for (;;) {
		if (n == max)
			return max + 1;
		f[n++] = line;
		char *t = strchr(line, '\t');
		if (!t)
			return n;
		*t = '\0';
		line = t + 1;
	}
}

static int parse_order(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 0 || v > 1000000)
		return -1;
	*out = (int)v;
	return 0;
}

int topics_import(struct db *db, const char *path, char **err)
{
	char *buf;
	size_t len;
	int rc = util_read_file(path, &buf, &len, err);
	if (rc)
		return rc;
	size_t bad;
	if (!text_valid_utf8(buf, len, &bad)) {
		size_t line, col;
		text_line_col(buf, bad, &line, &col);
		free(buf);
		return err_set(err, NK_EINVAL, "%s:%zu: invalid UTF-8 at column %zu", path, line,
			       col);
	}
	if (strlen(buf) != len) {
		size_t line, col;
		text_line_col(buf, strlen(buf), &line, &col);
		free(buf);
		return err_set(err, NK_EINVAL, "%s:%zu: NUL byte in text", path, line);
	}
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *ins_topic = NULL, *ins_title = NULL;
	char *cols[MAX_COLS];
	size_t ncols = 0, lineno = 0, ntopics = 0;
	char *header = NULL;
	const char **seen = NULL; /* ids so far, pointing into buf */
	size_t nseen = 0;
	rc = db_begin(db, err);
	if (rc)
		goto out;
	/* Topics are updated in place, never deleted: articles refer to them,
	 * and a first start cut short by a power cut must be able to run the
	 * import again over what it had already written. */
	if (sqlite3_prepare_v2(h,
			       "INSERT INTO topics(id, ord) VALUES (?1, ?2) ON CONFLICT(id) DO "
			       "UPDATE SET ord = excluded.ord",
			       -1, &ins_topic, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h,
			       "INSERT INTO topic_titles(topic_id, lang, title) VALUES (?1, ?2, ?3) "
			       "ON CONFLICT(topic_id, lang) DO UPDATE SET title = excluded.title",
			       -1, &ins_title, NULL) != SQLITE_OK) {
		rc = err_set(err, db_errcode(sqlite3_errcode(h)), "%s: %s", path,
			     sqlite3_errmsg(h));
		goto fail;
	}
	for (char *p = buf; p && *p;) {
		char *line = p;
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		p = nl ? nl + 1 : NULL;
		lineno++;
		size_t ll = strlen(line);
		if (ll && line[ll - 1] == '\r')
			line[--ll] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (!header) {
			header = line;
			ncols = split(line, cols, MAX_COLS);
			if (ncols > MAX_COLS || ncols < 3 || strcmp(cols[0], "id") != 0 ||
			    strcmp(cols[1], "order") != 0) {
				rc = err_set(err, NK_EINVAL,
					     "%s:%zu: the header must be: id, order, then language "
					     "ids",
					     path, lineno);
				goto fail;
			}
			for (size_t i = 2; i < ncols; i++)
				if (!i18n_lang_find(cols[i])) {
					rc = err_set(err, NK_EINVAL, "%s:%zu: unknown language '%s'",
						     path, lineno, cols[i]);
					goto fail;
				}
			continue;
		}
		char *f[MAX_COLS];
		size_t nf = split(line, f, MAX_COLS);
		if (nf != ncols) {
			rc = err_set(err, NK_EINVAL, "%s:%zu: expected %zu fields, found %zu", path,
				     lineno, ncols, nf > MAX_COLS ? (size_t)MAX_COLS : nf);
			goto fail;
		}
		int order;
		if (f[0][0] == '\0') {
			rc = err_set(err, NK_EINVAL, "%s:%zu: empty topic id", path, lineno);
			goto fail;
		}
		if (parse_order(f[1], &order)) {
			rc = err_set(err, NK_EINVAL, "%s:%zu: order '%s' is not a number", path,
				     lineno, f[1]);
			goto fail;
		}
		for (size_t k = 0; k < nseen; k++)
			if (strcmp(seen[k], f[0]) == 0) {
				rc = err_set(err, NK_EINVAL, "%s:%zu: topic '%s' listed twice", path,
					     lineno, f[0]);
				goto fail;
			}
		seen = xrealloc(seen, (nseen + 1) * sizeof *seen);
		seen[nseen++] = f[0];
		sqlite3_reset(ins_topic);
		sqlite3_bind_text(ins_topic, 1, f[0], -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(ins_topic, 2, order);
		int s = sqlite3_step(ins_topic);
		if (s != SQLITE_DONE) {
			rc = err_set(err, db_errcode(s), "%s:%zu: %s", path, lineno,
				     sqlite3_errmsg(h));
			goto fail;
		}
		for (size_t i = 2; i < ncols; i++) {
			if (f[i][0] == '\0') {
				if (strcmp(cols[i], "vi") == 0) {
					rc = err_set(err, NK_EINVAL,
						     "%s:%zu: topic '%s' has no Vietnamese title",
						     path, lineno, f[0]);
					goto fail;
				}
				continue;
			}
			char *title;
			rc = text_nfc(f[i], strlen(f[i]), &title, err);
			if (rc) {
				err_prefix(err, rc, "%s:%zu", path, lineno);
				goto fail;
			}
			sqlite3_reset(ins_title);
			sqlite3_bind_text(ins_title, 1, f[0], -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins_title, 2, cols[i], -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins_title, 3, title, -1, free);
			s = sqlite3_step(ins_title);
			if (s != SQLITE_DONE) {
				rc = err_set(err, db_errcode(s), "%s:%zu: %s", path, lineno,
					     sqlite3_errmsg(h));
				goto fail;
			}
		}
		ntopics++;
	}
	if (!header || ntopics == 0) {
		rc = err_set(err, NK_EINVAL, "%s: no topics", path);
		goto fail;
	}
	sqlite3_finalize(ins_topic);
	sqlite3_finalize(ins_title);
	ins_topic = ins_title = NULL;
	rc = db_commit(db, err);
	if (rc)
		goto fail;
	goto out;
fail:
	sqlite3_finalize(ins_topic);
	sqlite3_finalize(ins_title);
	db_rollback(db);
out:
	free(seen);
	free(buf);
	return rc;
}

int topics_list(struct db *db, const char *lang, struct topic **out, size_t *n, char **err)
{
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	*out = NULL;
	*n = 0;
	const char *sql =
		"SELECT t.id, t.ord, COALESCE(l.title, v.title, t.id), "
		"CASE WHEN l.title IS NOT NULL THEN ?1 ELSE 'vi' END "
		"FROM topics t "
		"LEFT JOIN topic_titles l ON l.topic_id = t.id AND l.lang = ?1 "
		"LEFT JOIN topic_titles v ON v.topic_id = t.id AND v.lang = 'vi' "
		"ORDER BY t.ord, t.id";
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return err_set(err, db_errcode(sqlite3_errcode(h)), "topics: %s",
			       sqlite3_errmsg(h));
	sqlite3_bind_text(st, 1, lang, -1, SQLITE_TRANSIENT);
	size_t cap = 0;
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)out, &cap, *n + 1, sizeof **out);
		struct topic *t = &(*out)[(*n)++];
		t->id = xstrdup((const char *)sqlite3_column_text(st, 0));
		t->order = sqlite3_column_int(st, 1);
		t->title = xstrdup((const char *)sqlite3_column_text(st, 2));
		t->title_lang = xstrdup((const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_finalize(st);
	if (s != SQLITE_DONE) {
		topics_free(out, *n);
		*n = 0;
		return err_set(err, db_errcode(s), "topics: %s", sqlite3_errmsg(h));
	}
	return NK_OK;
}

void topics_free(struct topic **list, size_t n)
{
	if (!*list)
		return;
	for (size_t i = 0; i < n; i++) {
		free((*list)[i].id);
		free((*list)[i].title);
		free((*list)[i].title_lang);
	}
	free(*list);
	*list = NULL;
}

int topics_read_ids(const char *path, char ***ids, size_t *n, char **err)
{
	char *buf;
	size_t len;
	*ids = NULL;
	*n = 0;
	int rc = util_read_file(path, &buf, &len, err);
	if (rc)
		return rc;
	bool header = false;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#' || line[0] == '\r')
			continue;
		if (!header) {
			header = true;
			continue;
		}
		size_t idl = strcspn(line, "\t\r");
		*ids = xrealloc(*ids, (*n + 1) * sizeof **ids);
		(*ids)[(*n)++] = xstrndup(line, idl);
	}
	free(buf);
	return NK_OK;
}

void topics_free_ids(char ***ids, size_t n)
{
	if (!*ids)
		return;
	for (size_t i = 0; i < n; i++)
		free((*ids)[i]);
	free(*ids);
	*ids = NULL;
}
