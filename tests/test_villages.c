/* Tests for records/villages: names of one village typed apart are found
 * by folding and merged into the listed one (or the most used), the
 * participants' records follow with their person keys and new sync
 * versions, rename and remove say when there is nothing to change, and a
 * failed merge changes nothing. Real SQLite, no mocks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/db.h"
#include "core/util.h"
#include "helpers.h"
#include "records/attempts.h"
#include "records/people.h"
#include "records/villages.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

struct fx {
	char *dir;
	struct db *db;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	f->dir = test_tmpdir();
	char *path = xasprintf("%s/k.db", f->dir), *err = NULL;
	if (db_open(path, &f->db, &err) != 0)
		fail_msg("%s", err);
	free(path);
	const char *listed[] = {"Phình Hồ", "Thôn 1", "Bản Lả"};
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(villages_add(f->db, listed[i], NULL), NK_OK);
	assert_int_equal(
		db_exec(f->db,
			"INSERT INTO participants(uuid, kiosk_id, created_at, village, consent_lang, "
			"full_name, birth_year) VALUES "
			"('a', 'k', '2026-01-01T00:00:00Z', 'Phình  Hồ', 'vi', 'Giàng A Páo', 1990),"
			"('b', 'k', '2026-01-01T00:00:00Z', 'phình hồ', 'vi', 'Vàng Thị Mai', 1985),"
			"('c', 'k', '2026-01-01T00:00:00Z', 'Phinh Ho', 'vi', 'Lò Văn Sáng', 1970),"
			"('d', 'k', '2026-01-01T00:00:00Z', 'Phinh Ho', 'vi', 'Sùng Thị Dợ', 2001),"
			"('e', 'k', '2026-01-01T00:00:00Z', 'Ban La', 'vi', 'Hờ A Lử', 1999),"
			"('f', 'k', '2026-01-01T00:00:00Z', 'Nậm Khánh', 'vi', 'Lý Thị Hoa', 1995),"
			"('g', 'k', '2026-01-01T00:00:00Z', 'Nam  Khanh', 'vi', 'Lý Văn Tả', 1996),"
			"('h', 'k', '2026-01-01T00:00:00Z', 'Nam  Khanh', 'vi', 'Lý Thị Chư', 1997)",
			NULL),
		NK_OK);
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

/* The groups as one text: "keep (n) <- other (m), other (m)\n"... */
static char *dups_text(struct db *db)
{
	struct village_dup *d;
	size_t n;
	assert_int_equal(villages_duplicates(db, &d, &n, NULL), NK_OK);
	char *t = xstrdup("");
	for (size_t i = 0; i < n; i++) {
		char *line = xasprintf("%s%s (%zu) <-", t, d[i].keep, d[i].keep_records);
		free(t);
		t = line;
		for (size_t k = 0; k < d[i].nothers; k++) {
			line = xasprintf("%s %s (%zu)", t, d[i].others[k], d[i].other_records[k]);
			free(t);
			t = line;
		}
		line = xasprintf("%s\n", t);
		free(t);
		t = line;
	}
	villages_dups_free(&d, n);
	return t;
}

static char *column(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	char *t = xstrdup("");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		char *n = xasprintf("%s%s|", t, v ? v : "NULL");
		free(t);
		t = n;
	}
	sqlite3_finalize(st);
	return t;
}

static void test_find_and_merge(void **state)
{
	struct fx *f = *state;
	char *t = dups_text(f->db);
	/* Listed names are kept; else the most used ("Nam  Khanh", 2 records). */
	assert_string_equal(t, "Bản Lả (0) <- Ban La (1)\n"
			       "Nam  Khanh (2) <- Nậm Khánh (1)\n"
			       "Phình Hồ (0) <- Phình  Hồ (1) Phinh Ho (2) phình hồ (1)\n");
	free(t);
	char *before = column(f->db, "SELECT sync_version FROM participants WHERE uuid = 'c'");
	size_t names = 0, records = 0;
	assert_int_equal(villages_merge(f->db, &names, &records, NULL), NK_OK);
	assert_int_equal(names, 5);
	assert_int_equal(records, 6);
	t = dups_text(f->db);
	assert_string_equal(t, "");
	free(t);
	t = column(f->db, "SELECT village FROM participants ORDER BY uuid");
	assert_string_equal(t, "Phình Hồ|Phình Hồ|Phình Hồ|Phình Hồ|Bản Lả|Nam  Khanh|Nam  Khanh|"
			       "Nam  Khanh|");
	free(t);
	/* The list did not gain the names merged away. */
	char **v;
	size_t n;
	assert_int_equal(villages_list(f->db, &v, &n, NULL), NK_OK);
	assert_int_equal(n, 3);
	villages_free(&v, n);
	/* A changed record travels: its sync version moved. */
	char *after = column(f->db, "SELECT sync_version FROM participants WHERE uuid = 'c'");
	assert_string_not_equal(before, after);
	free(before);
	free(after);
	/* Merging again finds nothing. */
	assert_int_equal(villages_merge(f->db, &names, &records, NULL), NK_OK);
	assert_int_equal(names, 0);
	assert_int_equal(records, 0);
}

static void test_rename_and_remove(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	size_t records = 9;
	/* A rename to another village gives the records their new person key. */
	assert_int_equal(villages_rename(f->db, "Ban La", "Bản Lả Mới", &records, NULL), NK_OK);
	assert_int_equal(records, 1);
	char key[PERSON_KEY_SIZE];
	assert_true(person_key("Hờ A Lử", 1999, "Bản Lả Mới", NULL, key));
	char *want = xasprintf("%s|", key);
	char *t = column(f->db, "SELECT person_key FROM participants WHERE uuid = 'e'");
	assert_string_equal(t, want);
	free(t);
	free(want);
	/* A listed name with no records: the list changes, in place. */
	assert_int_equal(villages_rename(f->db, "Thôn 1", "Thôn Một", &records, NULL), NK_OK);
	assert_int_equal(records, 0);
	t = column(f->db, "SELECT name FROM villages ORDER BY name");
	assert_string_equal(t, "Bản Lả|Phình Hồ|Thôn Một|");
	free(t);
	assert_int_equal(villages_rename(f->db, "Không có", "X", &records, &err), NK_ENOENT);
	assert_string_equal(err, "villages: no village 'Không có'");
	free(err);
	err = NULL;
	assert_int_equal(villages_rename(f->db, "Phình Hồ", " \t ", &records, &err), NK_EINVAL);
	free(err);
	err = NULL;
	/* Remove: off the list, the records keep the name. */
	assert_int_equal(villages_remove(f->db, "Phình Hồ", NULL), NK_OK);
	assert_int_equal(villages_remove(f->db, "Phình Hồ", &err), NK_ENOENT);
	free(err);
	t = column(f->db, "SELECT count(*) FROM participants WHERE village = 'Phình  Hồ'");
	assert_string_equal(t, "1|");
	free(t);
}

/* The listed name a new spelling is the same village as. */
static void test_same(void **state)
{
	struct fx *f = *state;
	char *listed = NULL;
	assert_int_equal(villages_same(f->db, "  PHINH   ho ", &listed, NULL), NK_OK);
	assert_string_equal(listed, "Phình Hồ");
	free(listed);
	assert_int_equal(villages_same(f->db, "Phình Hồ Mới", &listed, NULL), NK_OK);
	assert_null(listed);
	assert_int_equal(villages_same(f->db, "", &listed, NULL), NK_OK);
	assert_null(listed);
}

/* A merge that fails half way changes nothing. */
static void test_merge_all_or_nothing(void **state)
{
	struct fx *f = *state;
	assert_int_equal(db_exec(f->db,
				 "CREATE TRIGGER no_ban AFTER UPDATE OF village ON participants "
				 "WHEN new.uuid = 'e' BEGIN SELECT raise(ABORT, 'refused'); END",
				 NULL),
			 NK_OK);
	char *err = NULL;
	assert_int_not_equal(villages_merge(f->db, NULL, NULL, &err), NK_OK);
	free(err);
	char *t = column(f->db, "SELECT village FROM participants ORDER BY uuid");
	assert_string_equal(t, "Phình  Hồ|phình hồ|Phinh Ho|Phinh Ho|Ban La|Nậm Khánh|Nam  Khanh|"
			       "Nam  Khanh|");
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_find_and_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename_and_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
