/*
 * views: writing, finishing and counting article views. The start time is
 * kept as the same ISO 8601 text as every other record, and SQLite turns it
 * back into seconds when the view ends, so no second time column is needed.
 * This module does no formatting and knows nothing of articles beyond a slug.
 */
#include "records/views.h"

#include "core/util.h"

#include <string.h>

/* An article left open longer than this is an abandoned screen, not reading. */
#define MAX_SECONDS 3600

/* A failed call must never come back as 0, even if SQLite's code maps to it;
 * the message is taken before anything else runs on h. */
static int sql_fail(char **err, sqlite3 *h, int rc)
{
	int code = db_errcode(rc);
	return err_set(err, code ? code : NK_EFAIL, "views: %s", sqlite3_errmsg(h));
}

int views_start(struct db *db, const struct clock *clk, const char *slug, const char *lang,
		char uuid_out[37], char **err)
{
	if (!slug || !slug[0] || !lang || !lang[0])
		return err_set(err, NK_EINVAL, "views: a view needs an article and a language");
	char uuid[37], when[32];
	util_uuid(uuid);
	clock_iso8601(clock_now_ms(clk), when);
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h,
			       "INSERT INTO views(uuid, kiosk_id, slug, lang, started_at, seconds) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, 0)",
			       -1, &st, NULL) != SQLITE_OK)
		return sql_fail(err, h, sqlite3_errcode(h));
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, db_kiosk_id(db), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, when, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	int rc = s == SQLITE_DONE ? NK_OK : sql_fail(err, h, s);
	sqlite3_finalize(st);
	if (rc == NK_OK && uuid_out)
		memcpy(uuid_out, uuid, sizeof uuid);
	return rc;
}

int views_finish(struct db *db, const struct clock *clk, const char *uuid, char **err)
{
	if (!uuid)
		return err_set(err, NK_EINVAL, "views: no view to finish");
	/* Whole seconds on both sides, as started_at holds; the division
	 * truncates, which is the same as flooring for any time after 1970. */
	int64_t now = clock_now_ms(clk) / 1000;
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h,
			       "UPDATE views SET seconds = min(?3, max(0, ?1 - "
			       "CAST(strftime('%s', started_at) AS INTEGER))) WHERE uuid = ?2",
			       -1, &st, NULL) != SQLITE_OK)
		return sql_fail(err, h, sqlite3_errcode(h));
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, MAX_SECONDS);
	int s = sqlite3_step(st);
	int rc = NK_OK;
	if (s != SQLITE_DONE)
		rc = sql_fail(err, h, s);
	else if (sqlite3_changes(h) == 0)
		rc = err_set(err, NK_ENOENT, "views: no view %s", uuid);
	sqlite3_finalize(st);
	return rc;
}

int views_count(struct db *db, const char *from, const char *to, const char *lang,
		int64_t *count, char **err)
{
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h,
			       "SELECT count(*) FROM views WHERE (?1 IS NULL OR started_at >= ?1) "
			       "AND (?2 IS NULL OR started_at < ?2) AND (?3 IS NULL OR lang = ?3)",
			       -1, &st, NULL) != SQLITE_OK)
		return sql_fail(err, h, sqlite3_errcode(h));
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, lang, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	int rc = NK_OK;
	if (s == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	else
		rc = sql_fail(err, h, s);
	sqlite3_finalize(st);
	return rc;
}
