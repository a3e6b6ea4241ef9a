/*
 * attempts: SQL for attempts, answers, participants and villages. Values are
 * always bound; nothing here formats a report.
 */
#include "records/attempts.h"
#include "records/people.h"

#include "core/text.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

static int fail(sqlite3 *h, int s, const char *what, char **err)
{
	return err_set(err, db_errcode(s), "%s: %s", what, sqlite3_errmsg(h));
}

int attempt_start(struct db *db, const struct clock *clk, const char *lang, const char *topic,
		  int total, char uuid_out[37], char **err)
{
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	char uuid[37], when[32];
	util_uuid(uuid);
	clock_iso8601(clock_now_ms(clk), when);
	if (sqlite3_prepare_v2(h,
			       "INSERT INTO attempts(uuid, kiosk_id, lang, topic, started_at, total) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			       -1, &st, NULL) != SQLITE_OK)
		return fail(h, sqlite3_errcode(h), "attempt", err);
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, db_kiosk_id(db), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, topic, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, when, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, total);
	int s = sqlite3_step(st);
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		return fail(h, s, "attempt", err);
	memcpy(uuid_out, uuid, 37);
	return NK_OK;
}

int attempt_answer(struct db *db, const struct clock *clk, const char *attempt,
		   const struct answer_rec *a, char **err)
{
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *ins = NULL, *upd = NULL;
	char uuid[37], when[32];
	util_uuid(uuid);
	clock_iso8601(clock_now_ms(clk), when);
	int rc = db_begin(db, err);
	if (rc)
		return rc;
	int s = sqlite3_prepare_v2(h,
				   "INSERT INTO answers(uuid, attempt_uuid, kiosk_id, position, "
				   "question_id, chosen, correct, timed_out, ms, answered_at) "
				   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
				   -1, &ins, NULL);
	if (s == SQLITE_OK) {
		sqlite3_bind_text(ins, 1, uuid, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, attempt, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, db_kiosk_id(db), -1, SQLITE_STATIC);
		sqlite3_bind_int(ins, 4, a->position);
		sqlite3_bind_text(ins, 5, a->question_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 6, a->chosen);
		sqlite3_bind_int(ins, 7, a->correct);
		sqlite3_bind_int(ins, 8, a->timed_out);
		sqlite3_bind_int64(ins, 9, a->ms);
		sqlite3_bind_text(ins, 10, when, -1, SQLITE_STATIC);
		s = sqlite3_step(ins);
		if (s == SQLITE_DONE)
			s = SQLITE_OK;
	}
	if (s == SQLITE_OK)
		s = sqlite3_prepare_v2(h,
				       "UPDATE attempts SET score = (SELECT count(*) FROM answers "
				       "WHERE attempt_uuid = ?1 AND correct = 1) WHERE uuid = ?1",
				       -1, &upd, NULL);
	if (s == SQLITE_OK) {
		sqlite3_bind_text(upd, 1, attempt, -1, SQLITE_STATIC);
		s = sqlite3_step(upd);
		if (s == SQLITE_DONE)
			s = SQLITE_OK;
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	if (s != SQLITE_OK) {
		rc = fail(h, s, "answer", err);
		db_rollback(db);
		return rc;
	}
	rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	return rc;
}

int attempt_finish(struct db *db, const struct clock *clk, const char *attempt, char **err)
{
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	char when[32];
	clock_iso8601(clock_now_ms(clk), when);
	if (sqlite3_prepare_v2(h,
			       "UPDATE attempts SET ended_at = ?2, completed = 1 WHERE uuid = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return fail(h, sqlite3_errcode(h), "attempt", err);
	sqlite3_bind_text(st, 1, attempt, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, when, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	sqlite3_finalize(st);
	return s == SQLITE_DONE ? NK_OK : fail(h, s, "attempt", err);
}

/* Empty strings are stored as NULL: "not given" has one spelling. */
static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

int participant_save(struct db *db, const struct clock *clk, const struct participant *p,
		     const char *consent_lang, const char *attempt, char uuid_out[37], char **err)
{
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *ins = NULL, *link = NULL;
	char uuid[37], when[32];
	util_uuid(uuid);
	clock_iso8601(clock_now_ms(clk), when);
	int rc = db_begin(db, err);
	if (rc)
		return rc;
	int s = sqlite3_prepare_v2(h,
				   "INSERT INTO participants(uuid, kiosk_id, created_at, full_name, "
				   "village, gender, birth_year, ethnicity, phone, consent_lang, "
				   "person_key) "
				   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
				   -1, &ins, NULL);
	if (s == SQLITE_OK) {
		/* Names typed at the kiosk are stored NFC like everything else. */
		char *name = NULL;
		if (p->full_name && text_nfc(p->full_name, strlen(p->full_name), &name, NULL))
			name = NULL;
		sqlite3_bind_text(ins, 1, uuid, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, db_kiosk_id(db), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, when, -1, SQLITE_STATIC);
		bind_opt(ins, 4, name);
		bind_opt(ins, 5, p->village);
		bind_opt(ins, 6, p->gender);
		if (p->birth_year > 0)
			sqlite3_bind_int(ins, 7, p->birth_year);
		bind_opt(ins, 8, p->ethnicity);
		bind_opt(ins, 9, p->phone);
		sqlite3_bind_text(ins, 10, consent_lang, -1, SQLITE_STATIC);
		char key[PERSON_KEY_SIZE];
		if (person_key(name, p->birth_year, p->village, p->phone, key))
			sqlite3_bind_text(ins, 11, key, -1, SQLITE_TRANSIENT);
		s = sqlite3_step(ins);
		free(name);
		if (s == SQLITE_DONE)
			s = SQLITE_OK;
	}
	if (s == SQLITE_OK && attempt) {
		s = sqlite3_prepare_v2(h, "UPDATE attempts SET participant_uuid = ?1 WHERE uuid = ?2",
				       -1, &link, NULL);
		if (s == SQLITE_OK) {
			sqlite3_bind_text(link, 1, uuid, -1, SQLITE_STATIC);
			sqlite3_bind_text(link, 2, attempt, -1, SQLITE_STATIC);
			s = sqlite3_step(link);
			if (s == SQLITE_DONE)
				s = SQLITE_OK;
		}
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(link);
	if (s != SQLITE_OK) {
		rc = fail(h, s, "participant", err);
		db_rollback(db);
		return rc;
	}
	rc = db_commit(db, err);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	if (uuid_out)
		memcpy(uuid_out, uuid, 37);
	return NK_OK;
}

int villages_list(struct db *db, char ***names, size_t *n, char **err)
{
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	*names = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(h, "SELECT name FROM villages", -1, &st,
			       NULL) != SQLITE_OK)
		return fail(h, sqlite3_errcode(h), "villages", err);
	while (sqlite3_step(st) == SQLITE_ROW) {
		*names = xrealloc(*names, (*n + 1) * sizeof **names);
		(*names)[(*n)++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	/* Officers expect their list in Vietnamese alphabetical order. */
	if (*n > 1)
		text_sort((const char **)*names, *n);
	return NK_OK;
}

void villages_free(char ***names, size_t n)
{
	if (!*names)
		return;
	for (size_t i = 0; i < n; i++)
		free((*names)[i]);
	free(*names);
	*names = NULL;
}

int villages_add(struct db *db, const char *name, char **err)
{
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	char *nfc;
	int rc = text_nfc(name, strlen(name), &nfc, err);
	if (rc)
		return rc;
	if (sqlite3_prepare_v2(h, "INSERT OR IGNORE INTO villages(name) VALUES (?1)", -1, &st,
			       NULL) != SQLITE_OK) {
		free(nfc);
		return fail(h, sqlite3_errcode(h), "villages", err);
	}
	sqlite3_bind_text(st, 1, nfc, -1, free);
	int s = sqlite3_step(st);
	sqlite3_finalize(st);
	return s == SQLITE_DONE ? NK_OK : fail(h, s, "villages", err);
}
