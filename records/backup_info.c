/*
 * backup_info: a few read-only queries on a copy. A copy too old or too
 * damaged to count says -1 rather than failing: the offer still names the
 * kiosk and the date.
 */
#include "records/backup_info.h"

#include "core/util.h"

#include <stdlib.h>
#include <string.h>

static int64_t count(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n = -1;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

int backup_info_read(const char *path, struct backup_info *bi, char **err)
{
	memset(bi, 0, sizeof *bi);
	bi->visits = bi->attempts = bi->participants = -1;
	int rc = backup_copy_read(path, &bi->copy, err);
	if (rc)
		return rc;
	sqlite3 *h = NULL;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		rc = err_set(err, NK_EIO, "%s: %s", path, h ? sqlite3_errmsg(h) : "cannot open");
		sqlite3_close(h);
		return rc;
	}
	sqlite3_stmt *st;
	if (bi->copy.kiosk_id[0] &&
	    sqlite3_prepare_v2(h, "SELECT nullif(trim(name), '') FROM kiosks WHERE kiosk_id = ?1",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, bi->copy.kiosk_id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			bi->kiosk_name = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	bi->visits = count(h, "SELECT count(*) FROM visits");
	bi->attempts = count(h, "SELECT count(*) FROM attempts");
	bi->participants = count(h, "SELECT count(*) FROM participants");
	sqlite3_close(h);
	return NK_OK;
}

void backup_info_clear(struct backup_info *bi)
{
	free(bi->kiosk_name);
	bi->kiosk_name = NULL;
}
