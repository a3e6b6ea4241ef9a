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

#include <sys/stat.h>
#include <unistd.h>

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

/* A full disk and a read-only database: a clear error, nothing half
 * written, and work goes on once there is room again. SQLite's
 * max_page_count makes the file "full" without needing a tiny filesystem. */
static void test_disk_full_and_read_only(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *path = xasprintf("%s/k.db", dir), *err = NULL;
	struct db *db = NULL;
	assert_int_equal(db_open(path, &db, &err), 0);
	int64_t now = INT64_C(1795342500000);
	struct clock c = {clock_manual_read, &now};
	char a[37];
	assert_int_equal(attempt_start(db, &c, "vi", NULL, 5, a, &err), 0);
	sqlite3_exec(db_sqlite(db), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_sqlite(db), "PRAGMA page_count", -1, &st, NULL);
	sqlite3_step(st);
	int pages = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	char *cap = xasprintf("PRAGMA max_page_count = %d", pages);
	assert_int_equal(sqlite3_exec(db_sqlite(db), cap, NULL, NULL, NULL), SQLITE_OK);
	free(cap);
	/* Fill the last pages: some answer fails with "full". */
	int rc = NK_OK, i;
	char *big = xmalloc(3001);
	memset(big, 'x', 3000);
	big[3000] = '\0';
	for (i = 0; i < 200 && rc == NK_OK; i++) {
		struct answer_rec r = {i, big, 1, true, false, 1000};
		rc = attempt_answer(db, &c, a, &r, &err);
	}
	assert_int_equal(rc, NK_EFULL);
	assert_non_null(strstr(err, "full"));
	free(err);
	err = NULL;
	int kept = i - 1;
	/* Nothing half written: the score matches the answers stored. */
	sqlite3_prepare_v2(db_sqlite(db),
			   "SELECT (SELECT count(*) FROM answers), (SELECT score FROM attempts)", -1,
			   &st, NULL);
	sqlite3_step(st);
	assert_int_equal(sqlite3_column_int(st, 0), kept);
	assert_int_equal(sqlite3_column_int(st, 1), kept);
	sqlite3_finalize(st);
	/* Room again: the same answer goes in. */
	sqlite3_exec(db_sqlite(db), "PRAGMA max_page_count = 1073741823", NULL, NULL, NULL);
	struct answer_rec r = {kept, big, 1, true, false, 1000};
	assert_int_equal(attempt_answer(db, &c, a, &r, &err), 0);
	free(big);
	assert_int_equal(db_check(db, &err), 0);
	db_close(&db);
	/* A read-only file: opening says so plainly; nothing is changed. */
	if (getuid() != 0) {
		chmod(path, 0444);
		assert_int_not_equal(db_open(path, &db, &err), 0);
		assert_non_null(err);
		free(err);
		chmod(path, 0644);
	}
	sqlite3 *ro;
	char *uri = xasprintf("file:%s?mode=ro", path);
	assert_int_equal(sqlite3_open_v2(uri, &ro, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL),
			 SQLITE_OK);
	free(uri);
	int s = sqlite3_exec(ro, "INSERT INTO villages(name) VALUES ('x')", NULL, NULL, NULL);
	assert_int_equal(db_errcode(s), NK_EREADONLY);
	sqlite3_close(ro);
	free(path);
	test_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attempt_flow),
		cmocka_unit_test(test_villages),
		cmocka_unit_test(test_disk_full_and_read_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
