/* Tests for records/officer (the PIN: yescrypt hash, lockout after five
 * wrong tries with a growing delay, the log) and records/cq (citizens'
 * questions: ask, answer by id prefix, publish). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"
#include "records/cq.h"
#include "records/officer.h"
#include "records/purge.h"

#include <time.h>

struct fx {
	char *dir;
	struct db *db;
	int64_t now;
	struct clock clk;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	f->dir = test_tmpdir();
	char *path = xasprintf("%s/k.db", f->dir), *err = NULL;
	if (db_open(path, &f->db, &err) != 0)
		fail_msg("%s", err);
	free(path);
	f->now = INT64_C(1795342500000);
	f->clk = (struct clock){clock_manual_read, &f->now};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	db_close(&f->db);
	test_rmdir(f->dir);
	free(f);
	return 0;
}

static int count(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL);
	sqlite3_step(st);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static enum pin_result check(struct fx *f, const char *pin, int64_t *wait)
{
	enum pin_result r;
	char *err = NULL;
	if (pin_check(f->db, &f->clk, pin, &r, wait, &err) != NK_OK)
		fail_msg("%s", err);
	return r;
}

static void test_pin(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	int64_t wait;
	assert_false(pin_is_set(f->db));
	assert_int_equal(pin_set(f->db, &f->clk, "12a4", &err), NK_EINVAL);
	free(err);
	err = NULL;
	assert_int_equal(pin_set(f->db, &f->clk, "123", &err), NK_EINVAL);
	free(err);
	err = NULL;
	assert_int_equal(pin_set(f->db, &f->clk, "2468", &err), 0);
	assert_true(pin_is_set(f->db));
	/* Stored as a yescrypt hash, never as the digits. */
	assert_int_equal(count(f->db, "SELECT value LIKE '$y$%' FROM meta WHERE key = 'pin_hash'"), 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM meta WHERE value LIKE '%2468%'"), 0);
	assert_int_equal(check(f, "2468", &wait), PIN_OK);
	/* Four wrong tries are only wrong; the fifth locks for 30 s. */
	for (int i = 0; i < 4; i++)
		assert_int_equal(check(f, "0000", &wait), PIN_WRONG);
	assert_int_equal(check(f, "0000", &wait), PIN_LOCKED);
	assert_int_equal(wait, 30000);
	/* While locked even the right PIN is refused. */
	f->now += 10000;
	assert_int_equal(check(f, "2468", &wait), PIN_LOCKED);
	assert_int_equal(wait, 20000);
	/* After the lock, one more wrong try locks twice as long. */
	f->now += 20000;
	assert_int_equal(check(f, "1111", &wait), PIN_LOCKED);
	assert_int_equal(wait, 60000);
	f->now += 60000;
	assert_int_equal(check(f, "2468", &wait), PIN_OK);
	/* A success resets the count. */
	assert_int_equal(check(f, "0000", &wait), PIN_WRONG);
	assert_int_equal(count(f->db, "SELECT count(*) FROM officer_log WHERE event = 'pin-locked'"),
			 2);
	assert_int_equal(count(f->db, "SELECT count(*) FROM officer_log WHERE event = 'pin-wrong'"),
			 5);
	/* The one try made during a lock is written down, with the time
	 * left and never what was typed. */
	assert_int_equal(count(f->db, "SELECT count(*) FROM officer_log WHERE event = "
				      "'pin-locked-try' AND detail = 'locked 20 s more'"),
			 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM officer_log WHERE detail LIKE "
				      "'%2468%'"),
			 0);
	/* The lock survives a restart: it lives in the database. */
	for (int i = 0; i < 4; i++)
		check(f, "0000", &wait);
	char *path = xstrdup(db_path(f->db));
	db_close(&f->db);
	assert_int_equal(db_open(path, &f->db, &err), 0);
	free(path);
	assert_int_equal(check(f, "2468", &wait), PIN_LOCKED);
}

static void test_questions(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	char a[37], b[37];
	assert_int_equal(cq_ask(f->db, &f->clk, "hmn", "Thaum twg muaj kev kawm?", NULL, NULL, a,
				&err),
			 0);
	f->now += 1000;
	assert_int_equal(cq_ask(f->db, &f->clk, "vi", "Khi na\xcc\x80o co\xcc\x81 lớp tập huấn?",
				"Lò Văn Tú", "0912 345 678", b, &err),
			 0);
	assert_int_equal(cq_ask(f->db, &f->clk, "vi", "   ", NULL, NULL, NULL, &err), NK_EINVAL);
	free(err);
	err = NULL;
	struct cq *list;
	size_t n;
	assert_int_equal(cq_list(f->db, CQ_WAITING, &list, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].uuid, b); /* newest first */
	assert_string_equal(list[0].question, "Khi nào có lớp tập huấn?");
	assert_null(list[1].name);
	cq_list_free(&list, n);
	/* Publishing an unanswered question is refused. */
	char prefix[9];
	memcpy(prefix, b, 8);
	prefix[8] = '\0';
	assert_int_equal(cq_publish(f->db, prefix, true, &err), NK_EINVAL);
	free(err);
	err = NULL;
	assert_int_equal(cq_answer(f->db, &f->clk, prefix, "Tháng 12 tại nhà văn hóa.", &err), 0);
	assert_int_equal(cq_publish(f->db, prefix, true, &err), 0);
	assert_int_equal(cq_answer(f->db, &f->clk, "abc", "x", &err), NK_EINVAL);
	free(err);
	err = NULL;
	assert_int_equal(cq_answer(f->db, &f->clk, "00000000", "x", &err), NK_ENOENT);
	free(err);
	err = NULL;
	assert_int_equal(cq_list(f->db, CQ_PUBLISHED, &list, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].answer, "Tháng 12 tại nhà văn hóa.");
	assert_true(list[0].published);
	cq_list_free(&list, n);
	assert_int_equal(cq_list(f->db, CQ_WAITING, &list, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].uuid, a);
	cq_list_free(&list, n);
}

static void test_purge(void **state)
{
	struct fx *f = *state;
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	sqlite3 *h = db_sqlite(f->db);
	/* 2025-12-31T17:30Z is 2026-01-01 00:30 in Vietnam: not before 2026-01-01. */
	assert_int_equal(sqlite3_exec(h,
				      "INSERT INTO participants(uuid, kiosk_id, created_at, full_name, "
				      "village, gender, birth_year, phone, consent_lang) VALUES "
				      "('p1', 'k', '2025-06-01T03:00:00Z', 'Lò Văn A', 'Bản Lả', 'male', "
				      "1980, '0912', 'vi'),"
				      "('p2', 'k', '2025-12-31T16:30:00Z', 'Giàng Thị B', 'Tả Van', "
				      "'female', 1990, NULL, 'hmn'),"
				      "('p3', 'k', '2025-12-31T17:30:00Z', 'Triệu C', 'Tả Van', 'male', "
				      "2000, '0987', 'ium');"
				      "INSERT INTO citizen_questions(uuid, kiosk_id, asked_at, lang, "
				      "question, name, contact) VALUES ('q1', 'k', "
				      "'2025-03-01T00:00:00Z', 'vi', 'Hỏi?', 'Lò Văn A', '0912');",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	int64_t people = -1, questions = -1;
	char *err = NULL;
	assert_int_equal(records_purge(f->db, &f->clk, "2026-1-1", &people, &questions, &err),
			 NK_EINVAL);
	free(err);
	err = NULL;
	assert_int_equal(records_purge(f->db, &f->clk, "2026-01-01", &people, &questions, &err), 0);
	assert_int_equal(people, 2);
	assert_int_equal(questions, 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM participants WHERE full_name IS NULL "
				      "AND phone IS NULL"),
			 2);
	assert_int_equal(count(f->db, "SELECT count(*) FROM participants WHERE uuid = 'p3' AND "
				      "full_name = 'Triệu C' AND phone = '0987'"),
			 1);
	/* The anonymous counts are unchanged. */
	assert_int_equal(count(f->db, "SELECT count(*) FROM participants WHERE village = 'Tả Van'"),
			 2);
	assert_int_equal(count(f->db, "SELECT count(*) FROM citizen_questions WHERE name IS NULL "
				      "AND contact IS NULL AND question = 'Hỏi?'"),
			 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM officer_log WHERE event = 'purge'"), 1);
	/* Again: nothing left to change. */
	assert_int_equal(records_purge(f->db, &f->clk, "2026-01-01", &people, &questions, &err), 0);
	assert_int_equal(people, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_questions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_purge, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
