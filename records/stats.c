/*
 * stats: dashboard queries. Each is one bound SELECT over the records.
 */
#include "records/stats.h"

#include "core/i18n.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

static int one(sqlite3 *h, const char *sql, const char *from, const char *to, int64_t *out,
	       double *dout, char **err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return err_set(err, db_errcode(sqlite3_errcode(h)), "stats: %s", sqlite3_errmsg(h));
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		if (out)
			*out = sqlite3_column_int64(st, 0);
		if (dout)
			*dout = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1
									  : sqlite3_column_double(st, 0);
	}
	sqlite3_finalize(st);
	if (s != SQLITE_ROW)
		return err_set(err, db_errcode(s), "stats: %s", sqlite3_errmsg(h));
	return NK_OK;
}

static int bars(sqlite3 *h, const char *sql, const char *from, const char *to, const char *lang,
		struct stat_bar **out, size_t *n, char **err)
{
	sqlite3_stmt *st;
	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return err_set(err, db_errcode(sqlite3_errcode(h)), "stats: %s", sqlite3_errmsg(h));
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, lang, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		const unsigned char *l = sqlite3_column_text(st, 0);
		(*out)[*n].label = xstrdup(l ? (const char *)l : "?");
		(*out)[*n].value = sqlite3_column_int64(st, 1);
		(*n)++;
	}
	sqlite3_finalize(st);
	return NK_OK;
}

#define SPAN(col) "(" col " >= ?1 AND " col " < ?2)"

int stats_get(struct db *db, const char *from, const char *to, const char *lang,
	      struct stats *out, char **err)
{
	memset(out, 0, sizeof *out);
	sqlite3 *h = db_sqlite(db);
	int rc = one(h, "SELECT count(*) FROM visits WHERE " SPAN("started_at"), from, to,
		     &out->visits, NULL, err);
	if (!rc)
		rc = one(h, "SELECT count(*) FROM views WHERE " SPAN("started_at"), from, to,
			 &out->views, NULL, err);
	if (!rc)
		rc = one(h, "SELECT count(*) FROM attempts WHERE " SPAN("started_at"), from, to,
			 &out->quizzes, NULL, err);
	if (!rc)
		rc = one(h, "SELECT count(*) FROM attempts WHERE completed = 1 AND " SPAN("started_at"),
			 from, to, &out->completed, NULL, err);
	if (!rc)
		rc = one(h,
			 "SELECT 100.0 * sum(score) / sum(total) FROM attempts WHERE completed = 1 "
			 "AND total > 0 AND " SPAN("started_at"),
			 from, to, NULL, &out->avg_score, err);
	if (!rc)
		rc = one(h, "SELECT count(*) FROM participants WHERE " SPAN("created_at"), from, to,
			 &out->people, NULL, err);
	/* Waiting questions are counted whenever they were asked: they are work. */
	if (!rc)
		rc = one(h, "SELECT count(*) FROM citizen_questions WHERE answer IS NULL AND ?1 = ?1 "
			    "AND ?2 = ?2",
			 from, to, &out->waiting, NULL, err);
	if (!rc)
		rc = bars(h,
			  "SELECT COALESCE(l.title, v.title, a.topic), count(*) FROM views w "
			  "JOIN articles a ON a.slug = w.slug "
			  "LEFT JOIN topic_titles l ON l.topic_id = a.topic AND l.lang = ?3 "
			  "LEFT JOIN topic_titles v ON v.topic_id = a.topic AND v.lang = 'vi' "
			  "LEFT JOIN topics t ON t.id = a.topic "
			  "WHERE " SPAN("w.started_at") " GROUP BY a.topic ORDER BY min(t.ord)",
			  from, to, lang, &out->by_topic, &out->ntopics, err);
	if (!rc)
		rc = bars(h,
			  "SELECT lang, count(*) FROM views WHERE " SPAN("started_at") " AND ?3 = ?3 "
			  "GROUP BY lang ORDER BY count(*) DESC",
			  from, to, lang, &out->by_lang, &out->nlangs, err);
	/* Languages by their own names, as the picker shows them. */
	for (size_t i = 0; !rc && i < out->nlangs; i++) {
		const struct i18n_lang *l = i18n_lang_find(out->by_lang[i].label);
		if (l) {
			free(out->by_lang[i].label);
			out->by_lang[i].label = xstrdup(l->native);
		}
	}
	if (rc)
		stats_clear(out);
	return rc;
}

void stats_clear(struct stats *s)
{
	for (size_t i = 0; i < s->ntopics; i++)
		free(s->by_topic[i].label);
	for (size_t i = 0; i < s->nlangs; i++)
		free(s->by_lang[i].label);
	free(s->by_topic);
	free(s->by_lang);
	memset(s, 0, sizeof *s);
}
