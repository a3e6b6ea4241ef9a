/* Tests for records/visits: rows carry the kiosk id and the injected time,
 * and counting honours the period and language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/db.h"
#include "helpers.h"
#include "records/visits.h"

static void test_visits(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *path = xasprintf("%s/k.db", dir);
	struct db *db = NULL;
	char *err = NULL;
	assert_int_equal(db_open(path, &db, &err), 0);
	int64_t now = INT64_C(1767225600000); /* 2026-01-01T00:00:00Z */
	struct clock c = {clock_manual_read, &now};
	char uuid[37];
	assert_int_equal(visits_start(db, &c, "vi", uuid, &err), 0);
	assert_int_equal(strlen(uuid), 36);
	now += INT64_C(86400000) * 200; /* in July */
	assert_int_equal(visits_start(db, &c, "hmn", NULL, &err), 0);
	assert_int_equal(visits_start(db, &c, "hmn", NULL, &err), 0);
	int64_t n = -1;
	assert_int_equal(visits_count(db, NULL, NULL, NULL, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(visits_count(db, "2026-01-01", "2026-07-01", NULL, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(visits_count(db, "2026-07-01", "2027-01-01", "hmn", &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(visits_count(db, NULL, NULL, "ium", &n, &err), 0);
	assert_int_equal(n, 0);
	/* The row says which kiosk made it, for merging. */
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db),
					    "SELECT kiosk_id, started_at FROM visits WHERE uuid = ?1",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), db_kiosk_id(db));
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "2026-01-01T00:00:00Z");
	sqlite3_finalize(st);
	db_close(&db);
	free(path);
	test_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_visits)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
