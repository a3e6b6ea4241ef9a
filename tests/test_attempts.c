/* Tests for records/attempts: an attempt, its answers committed one by one
 * with the running score, completion, participants only with consent, and
 * villages in Vietnamese order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"
#include "records/attempts.h"

static char *one(struct db *db, const char *sql, const char *arg)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL);
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	char *out = NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

static void expect(struct db *db, const char *sql, const char *arg, const char *want)
{
	char *got = one(db, sql, arg);
	if (!want ? got != NULL : (!got || strcmp(got, want) != 0))
		fail_msg("%s: want %s, got %s", sql, want ? want : "NULL", got ? got : "NULL");
	free(got);
}

static void test_attempt_flow(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *path = xasprintf("%s/k.db", dir), *err = NULL;
	struct db *db = NULL;
	assert_int_equal(db_open(path, &db, &err), 0);
	int64_t now = INT64_C(1795342500000);
	struct clock c = {clock_manual_read, &now};
	char a[37];
	assert_int_equal(attempt_start(db, &c, "hmn", "ocop", 3, a, &err), 0);
	struct answer_rec r = {0, "ocop-001", 1, true, false, 4200};
	assert_int_equal(attempt_answer(db, &c, a, &r, &err), 0);
	expect(db, "SELECT score FROM attempts WHERE uuid = ?1", a, "1");
	r = (struct answer_rec){1, "ocop-002", 2, false, false, 3000};
	assert_int_equal(attempt_answer(db, &c, a, &r, &err), 0);
	/* The same position twice is refused, and the first answer stays. */
	assert_int_not_equal(attempt_answer(db, &c, a, &r, &err), 0);
	free(err);
	err = NULL;
	expect(db, "SELECT count(*) FROM answers WHERE attempt_uuid = ?1", a, "2");
	/* Cut short here: the attempt is incomplete, the answers are kept. */
	expect(db, "SELECT completed FROM attempts WHERE uuid = ?1", a, "0");
	expect(db, "SELECT ended_at FROM attempts WHERE uuid = ?1", a, NULL);
	now += 60000;
	r = (struct answer_rec){2, "ocop-003", 4, true, true, 30000};
	assert_int_equal(attempt_answer(db, &c, a, &r, &err), 0);
	assert_int_equal(attempt_finish(db, &c, a, &err), 0);
	expect(db, "SELECT completed || ' ' || score || '/' || total FROM attempts WHERE uuid = ?1",
	       a, "1 2/3");
	expect(db, "SELECT ended_at FROM attempts WHERE uuid = ?1", a, "2026-11-22T10:16:00Z");
	expect(db, "SELECT kiosk_id = (SELECT value FROM meta WHERE key = 'kiosk_id') FROM "
		   "attempts WHERE uuid = ?1",
	       a, "1");
	expect(db, "SELECT participant_uuid FROM attempts WHERE uuid = ?1", a, NULL);

	/* Consent: a participant, linked; NFD names stored NFC; empty = NULL. */
	struct participant p = {"Nguye\xcc\x82\xcc\x83n Va\xcc\x86n An", "Bản Tả Van", "male",
				1980, "mong", ""};
	char pu[37];
	assert_int_equal(participant_save(db, &c, &p, "hmn", a, pu, &err), 0);
	expect(db, "SELECT participant_uuid FROM attempts WHERE uuid = ?1", a, pu);
	expect(db, "SELECT full_name FROM participants WHERE uuid = ?1", pu, "Nguyễn Văn An");
	expect(db, "SELECT phone FROM participants WHERE uuid = ?1", pu, NULL);
	expect(db, "SELECT birth_year || consent_lang FROM participants WHERE uuid = ?1", pu,
	       "1980hmn");
	db_close(&db);
	free(path);
	test_rmdir(dir);
}

static void test_villages(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *path = xasprintf("%s/k.db", dir), *err = NULL;
	struct db *db = NULL;
	assert_int_equal(db_open(path, &db, &err), 0);
	const char *add[] = {"Đông Sơn", "Bản Lả", "Dền Sáng", "An Phú", "Bản Lả"};
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(villages_add(db, add[i], &err), 0);
	char **v;
	size_t n;
	assert_int_equal(villages_list(db, &v, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_string_equal(v[0], "An Phú");
	assert_string_equal(v[1], "Bản Lả");
	assert_string_equal(v[2], "Dền Sáng");
	assert_string_equal(v[3], "Đông Sơn");
	villages_free(&v, n);
	db_close(&db);
	free(path);
	test_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attempt_flow),
		cmocka_unit_test(test_villages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
