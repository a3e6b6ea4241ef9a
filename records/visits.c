/*
 * visits: writing and counting kiosk visits. Reports and exports build on
 * these rows; this module does no formatting.
 */
#include "records/visits.h"

#include "core/util.h"

int visits_start(struct db *db, const struct clock *clk, const char *lang, char uuid_out[37],
		 char **err)
{
	char uuid[37], when[32];
	util_uuid(uuid);
	clock_iso8601(clock_now_ms(clk), when);
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h,
			       "INSERT INTO visits(uuid, kiosk_id, started_at, lang) "
			       "VALUES (?1, ?2, ?3, ?4)",
			       -1, &st, NULL) != SQLITE_OK)
		return err_set(err, db_errcode(sqlite3_errcode(h)), "visits: %s",
			       sqlite3_errmsg(h));
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, db_kiosk_id(db), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, when, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, lang, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		return err_set(err, db_errcode(s), "visits: %s", sqlite3_errmsg(h));
	if (uuid_out)
		for (int i = 0; i < 37; i++)
			uuid_out[i] = uuid[i];
	return NK_OK;
}

int visits_count(struct db *db, const char *from, const char *to, const char *lang,
		 int64_t *count, char **err)
{
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h,
			       "SELECT count(*) FROM visits WHERE (?1 IS NULL OR started_at >= ?1) "
			       "AND (?2 IS NULL OR started_at < ?2) AND (?3 IS NULL OR lang = ?3)",
			       -1, &st, NULL) != SQLITE_OK)
		return err_set(err, db_errcode(sqlite3_errcode(h)), "visits: %s",
			       sqlite3_errmsg(h));
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, lang, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (s != SQLITE_ROW)
		return err_set(err, db_errcode(s), "visits: %s", sqlite3_errmsg(h));
	return NK_OK;
}
