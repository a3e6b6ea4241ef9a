/*
 * Tests for records/people and the report's people count: one person saving
 * twice (same name, birth year and village, however typed; or the same
 * phone) is one participant; different people stay apart; a purge that
 * removes names keeps the count; saves made before keys were stored
 * (person_key NULL) are counted the same way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/text.h"
#include "helpers.h"
#include "records/attempts.h"
#include "records/people.h"
#include "records/purge.h"
#include "records/report.h"

static void test_keys(void **state)
{
	(void)state;
	char a[PERSON_KEY_SIZE], b[PERSON_KEY_SIZE];
	assert_true(person_key("Giàng Thị Mỷ", 1990, "Nà Hẩu", NULL, a));
	assert_true(person_key("  giang  thi my ", 1990, "NA HAU", "", b));
	assert_string_equal(a, b);
	assert_int_equal(a[0], 'n');
	assert_true(person_key("Giàng Thị Mỷ", 1991, "Nà Hẩu", NULL, b));
	assert_string_not_equal(a, b);
	assert_true(person_key("Giàng Thị Mỷ", 1990, "Khe Tiên", NULL, b));
	assert_string_not_equal(a, b);
	/* A phone decides, however written. */
	assert_true(person_key("A", 1990, "X", "0912 345 678", a));
	assert_true(person_key("B", 1970, "Y", "+84 912.345.678", b));
	assert_string_equal(a, b);
	assert_int_equal(a[0], 'p');
	/* Too short to be a phone: the name decides. */
	assert_true(person_key("A", 1990, "X", "12", a));
	assert_int_equal(a[0], 'n');
	assert_false(person_key(NULL, 1990, "X", NULL, a));
	assert_false(person_key("   ", 0, NULL, "123", a));
}

static void save(struct db *db, const struct clock *clk, const char *name, int year,
		 const char *village, const char *phone)
{
	char attempt[37], uuid[37];
	char *err = NULL;
	if (attempt_start(db, clk, "vi", NULL, 5, attempt, &err) != 0)
		fail_msg("%s", err);
	struct participant p = {.full_name = name, .village = village, .gender = "female",
				.birth_year = year, .ethnicity = "mong", .phone = phone};
	if (participant_save(db, clk, &p, "vi", attempt, uuid, &err) != 0)
		fail_msg("%s", err);
}

static double figure(struct db *db, const char *table, int row, int col)
{
	struct period p;
	struct report *r = NULL;
	char *err = NULL;
	assert_int_equal(period_parse("2026-H1", &p, NULL), 0);
	if (report_build(db, &p, &r, &err) != 0)
		fail_msg("%s", err);
	const struct report_table *t = report_table(r, table);
	assert_non_null(t);
	assert_true((size_t)row < t->nrows);
	double v = t->rows[row][col].num;
	report_free(&r);
	return v;
}

static void test_report_counts_people(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *path = xasprintf("%s/k.db", dir);
	struct db *db = NULL;
	char *err = NULL;
	if (db_open(path, &db, &err) != 0)
		fail_msg("%s", err);
	int64_t now = 1775000000000LL; /* 2026-03-31 */
	struct clock clk = {clock_manual_read, &now};
	save(db, &clk, "Giàng Thị Mỷ", 1990, "Nà Hẩu", NULL);
	save(db, &clk, "giang thi my", 1990, "Nà Hẩu", NULL); /* again, typed plainly */
	save(db, &clk, "Lò Văn A", 1980, "Nà Hẩu", "0912345678");
	save(db, &clk, "Lo Van Anh", 1981, "Bản Mù", "+84 912 345 678"); /* same phone */
	save(db, &clk, "Giàng Thị Mỷ", 2001, "Nà Hẩu", NULL); /* another person */
	/* The people-by-kiosk table: this kiosk, then the total. */
	assert_int_equal((int)figure(db, "participants_by_kiosk", 0, 2), 3);
	assert_int_equal((int)figure(db, "participants_by_kiosk", 0, 3), 5);
	assert_int_equal((int)figure(db, "participants_by_kiosk", 1, 2), 3);

	/* Saves from before keys were stored count the same. */
	if (db_exec(db, "UPDATE participants SET person_key = NULL", &err) != 0)
		fail_msg("%s", err);
	assert_int_equal((int)figure(db, "participants_by_kiosk", 0, 2), 3);
	/* After a purge there are no names, and still three people. */
	int64_t people = 0, questions = 0;
	if (records_purge(db, &clk, "2030-01-01", &people, &questions, &err) != 0)
		fail_msg("%s", err);
	assert_int_equal(people, 5);
	assert_int_equal((int)figure(db, "participants_by_kiosk", 0, 2), 3);
	db_close(&db);
	free(path);
	test_rmdir(dir);
}

static int group_setup(void **state)
{
	(void)state;
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	text_cleanup();
	return 0;
}

static void test_phone(void **state)
{
	(void)state;
	char out[16];
	static const struct {
		const char *typed, *want; /* want NULL: refused */
	} cases[] = {
		{"0912345678", "0912345678"},   {"0912 345 678", "0912345678"},
		{"+84 912 345 678", "0912345678"}, {"+84912345678", "0912345678"},
		{"0388.123.456", "0388123456"}, {"0203 3812 345", "02033812345"},
		{"024 3825 3536", "02438253536"}, {"12", NULL},
		{"", NULL},                     {"091234567", NULL},
		{"09123456789", NULL},          {"0112345678", NULL},
		{"+1 912 345 678", NULL},       {"0912a45678", NULL},
		{"+", NULL},                    {"0912345678901234567", NULL},
	};
	for (size_t i = 0; i < NK_ARRAY_LEN(cases); i++) {
		bool ok = phone_vn_ok(cases[i].typed, out);
		if (ok != (cases[i].want != NULL) || (ok && strcmp(out, cases[i].want) != 0))
			fail_msg("'%s': want %s, got %s", cases[i].typed,
				 cases[i].want ? cases[i].want : "refused", ok ? out : "refused");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_report_counts_people),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
