/* Tests for records/views: rows carry the kiosk id, the article, the language
 * and the injected time; finishing computes seconds from that time (capped at
 * an hour, never negative); counting honours the period and language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/db.h"
#include "helpers.h"
#include "records/views.h"

#define JAN_1_2026 INT64_C(1767225600000) /* 2026-01-01T00:00:00Z */
#define DAY_MS INT64_C(86400000)

struct fixture {
	char *dir;
	struct db *db;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	f->dir = test_tmpdir();
	char *path = xasprintf("%s/k.db", f->dir);
	char *err = NULL;
	if (db_open(path, &f->db, &err) != 0)
		fail_msg("db_open: %s", err);
	free(path);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(&f->db);
	test_rmdir(f->dir);
	free(f);
	return 0;
}

/* The stored seconds of one view, read without going through the module. */
static int64_t seconds_of(struct db *db, const char *uuid)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db),
					    "SELECT seconds FROM views WHERE uuid = ?1", -1, &st,
					    NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t s = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return s;
}

static void test_start_row(void **state)
{
	struct fixture *f = *state;
	int64_t now = JAN_1_2026 + 3723000; /* 01:02:03 */
	struct clock c = {clock_manual_read, &now};
	char uuid[37], other[37];
	char *err = NULL;
	assert_int_equal(views_start(f->db, &c, "dao-tao-nghe", "hmn", uuid, &err), 0);
	assert_int_equal(strlen(uuid), 36);
	assert_int_equal(views_start(f->db, &c, "dao-tao-nghe", "hmn", other, &err), 0);
	assert_string_not_equal(uuid, other);
	assert_int_equal(views_start(f->db, &c, "ocop", "vi", NULL, &err), 0);
	assert_null(err);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(f->db),
					    "SELECT kiosk_id, slug, lang, started_at, seconds "
					    "FROM views WHERE uuid = ?1",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	/* The row says which kiosk made it, for merging. */
	assert_string_equal((const char *)sqlite3_column_text(st, 0), db_kiosk_id(f->db));
	assert_int_equal(strlen(db_kiosk_id(f->db)), 36);
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "dao-tao-nghe");
	assert_string_equal((const char *)sqlite3_column_text(st, 2), "hmn");
	assert_string_equal((const char *)sqlite3_column_text(st, 3), "2026-01-01T01:02:03Z");
	assert_int_equal(sqlite3_column_int64(st, 4), 0);
	sqlite3_finalize(st);
	/* A view without an article or a language is refused, and not stored. */
	assert_int_equal(views_start(f->db, &c, "", "vi", NULL, &err), NK_EINVAL);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(views_start(f->db, &c, "ocop", NULL, NULL, NULL), NK_EINVAL);
	int64_t n = -1;
	assert_int_equal(views_count(f->db, NULL, NULL, NULL, &n, &err), 0);
	assert_int_equal(n, 3);
}

static void test_finish_seconds(void **state)
{
	struct fixture *f = *state;
	int64_t now = JAN_1_2026;
	struct clock c = {clock_manual_read, &now};
	char uuid[37];
	char *err = NULL;
	assert_int_equal(views_start(f->db, &c, "ocop", "vi", uuid, &err), 0);
	now += 95 * 1000 + 400;
	assert_int_equal(views_finish(f->db, &c, uuid, &err), 0);
	assert_int_equal(seconds_of(f->db, uuid), 95);
	/* Finishing again recomputes from the start, it does not add. */
	now += 5 * 1000;
	assert_int_equal(views_finish(f->db, &c, uuid, &err), 0);
	assert_int_equal(seconds_of(f->db, uuid), 100);

	/* Only the view named is touched. */
	char other[37];
	assert_int_equal(views_start(f->db, &c, "ocop", "hmn", other, &err), 0);
	now += 7 * 1000;
	assert_int_equal(views_finish(f->db, &c, other, &err), 0);
	assert_int_equal(seconds_of(f->db, other), 7);
	assert_int_equal(seconds_of(f->db, uuid), 100);

	/* Whole seconds: started at .900 (stored as :00), finished at 1.100. */
	now = JAN_1_2026 + DAY_MS + 900;
	assert_int_equal(views_start(f->db, &c, "ocop", "vi", uuid, &err), 0);
	now += 200;
	assert_int_equal(views_finish(f->db, &c, uuid, &err), 0);
	assert_int_equal(seconds_of(f->db, uuid), 1);
	assert_null(err);
}

static void test_finish_limits(void **state)
{
	struct fixture *f = *state;
	int64_t now = JAN_1_2026;
	struct clock c = {clock_manual_read, &now};
	char uuid[37];
	char *err = NULL;
	/* An abandoned kiosk: a day on screen counts as an hour. */
	assert_int_equal(views_start(f->db, &c, "ocop", "vi", uuid, &err), 0);
	now += DAY_MS;
	assert_int_equal(views_finish(f->db, &c, uuid, &err), 0);
	assert_int_equal(seconds_of(f->db, uuid), 3600);
	/* Around the cap: 3599 and 3600 are kept, 3601 is capped. */
	const int64_t around[][2] = {{3599, 3599}, {3600, 3600}, {3601, 3600}};
	for (size_t i = 0; i < NK_ARRAY_LEN(around); i++) {
		assert_int_equal(views_start(f->db, &c, "ocop", "vi", uuid, &err), 0);
		now += around[i][0] * 1000;
		assert_int_equal(views_finish(f->db, &c, uuid, &err), 0);
		assert_int_equal(seconds_of(f->db, uuid), around[i][1]);
	}
	/* The clock stepped back (NTP after a power cut): 0, not negative. */
	assert_int_equal(views_start(f->db, &c, "ocop", "vi", uuid, &err), 0);
	now -= 120 * 1000;
	assert_int_equal(views_finish(f->db, &c, uuid, &err), 0);
	assert_int_equal(seconds_of(f->db, uuid), 0);
	/* Finishing at once gives 0 too. */
	assert_int_equal(views_start(f->db, &c, "ocop", "vi", uuid, &err), 0);
	assert_int_equal(views_finish(f->db, &c, uuid, &err), 0);
	assert_int_equal(seconds_of(f->db, uuid), 0);
	assert_null(err);
	/* A view that does not exist. */
	assert_int_equal(views_finish(f->db, &c, "00000000-0000-4000-8000-000000000000", &err),
			 NK_ENOENT);
	assert_non_null(err);
	free(err);
}

static void test_count(void **state)
{
	struct fixture *f = *state;
	int64_t now = JAN_1_2026;
	struct clock c = {clock_manual_read, &now};
	char *err = NULL;
	assert_int_equal(views_start(f->db, &c, "ocop", "vi", NULL, &err), 0);
	now += DAY_MS * 200; /* in July */
	assert_int_equal(views_start(f->db, &c, "ocop", "hmn", NULL, &err), 0);
	assert_int_equal(views_start(f->db, &c, "dao-tao-nghe", "hmn", NULL, &err), 0);
	now = JAN_1_2026 + DAY_MS * 365; /* 2027-01-01T00:00:00Z: the end bound is open */
	assert_int_equal(views_start(f->db, &c, "ocop", "vi", NULL, &err), 0);
	int64_t n = -1;
	assert_int_equal(views_count(f->db, NULL, NULL, NULL, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_int_equal(views_count(f->db, "2026-01-01", "2026-07-01", NULL, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(views_count(f->db, "2026-07-01", "2027-01-01", "hmn", &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(views_count(f->db, "2026-01-01", "2027-01-01", "vi", &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(views_count(f->db, "2027-01-01T00:00:00Z", NULL, NULL, &n, &err), 0);
	assert_int_equal(n, 1);
	/* [from, to): a view at exactly `to` belongs to the next period. */
	assert_int_equal(views_count(f->db, NULL, "2027-01-01T00:00:00Z", NULL, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(views_count(f->db, NULL, "2026-01-01T00:00:01Z", NULL, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(views_count(f->db, NULL, NULL, "ium", &n, &err), 0);
	assert_int_equal(n, 0);
	assert_null(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_start_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finish_seconds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finish_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_count, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
