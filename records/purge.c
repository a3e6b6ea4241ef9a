/*
 * purge: the privacy clean-up. Dates compare in local time, as officers
 * think of them; the stored timestamps are UTC.
 */
#include "records/purge.h"

#include "core/util.h"
#include "records/officer.h"
#include "records/people.h"

#include <stdbool.h>

#include <stdio.h>
#include <string.h>

static bool valid_date(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static int run(sqlite3 *h, const char *sql, const char *before, int64_t *changed, char **err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return err_set(err, db_errcode(sqlite3_errcode(h)), "purge: %s", sqlite3_errmsg(h));
	sqlite3_bind_text(st, 1, before, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	*changed = sqlite3_changes(h);
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		return err_set(err, db_errcode(s), "purge: %s", sqlite3_errmsg(h));
	return NK_OK;
}

int records_purge(struct db *db, const struct clock *clk, const char *before, int64_t *people,
		  int64_t *questions, char **err)
{
	if (!valid_date(before))
		return err_set(err, NK_EINVAL, "'%s' is not a date (YYYY-MM-DD)", before);
	sqlite3 *h = db_sqlite(db);
	int rc = db_begin(db, err);
	if (rc)
		return rc;
	/* The person's key is kept (computed now for a save made before keys
	 * were stored), so the report still counts people after the purge. */
	if (person_key_register(h) != SQLITE_OK)
		rc = err_set(err, NK_EFAIL, "purge: %s", sqlite3_errmsg(h));
	if (rc == NK_OK)
		rc = run(h,
		 "UPDATE participants SET person_key = coalesce(person_key, nk_person_key(full_name, "
		 "birth_year, village, phone)), full_name = NULL, phone = NULL WHERE "
		 "date(created_at, 'localtime') < ?1 AND (full_name IS NOT NULL OR phone IS NOT "
		 "NULL)",
		 before, people, err);
	if (rc == NK_OK)
		rc = run(h,
			 "UPDATE citizen_questions SET name = NULL, contact = NULL WHERE "
			 "date(asked_at, 'localtime') < ?1 AND (name IS NOT NULL OR contact IS NOT "
			 "NULL)",
			 before, questions, err);
	/* A purge that found nothing is not logged: the kiosk tries daily. */
	if (rc == NK_OK && *people + *questions > 0) {
		char detail[96];
		snprintf(detail, sizeof detail, "before %s: %lld people, %lld questions", before,
			 (long long)*people, (long long)*questions);
		rc = officer_log(db, clk, "purge", detail, err);
	}
	if (rc == NK_OK)
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	return rc;
}
