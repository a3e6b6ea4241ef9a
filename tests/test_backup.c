/* Tests for core/backup: one copy a day, the newest seven kept, the newest
 * good copy found past a damaged one, and restore setting the damaged file
 * aside. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/backup.h"
#include "helpers.h"

#include <dirent.h>
#include <sys/stat.h>
#include <time.h>

static int files_in(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

static void test_daily_and_restore(void **state)
{
	(void)state;
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	char *dir = test_tmpdir();
	char *path = xasprintf("%s/kiosk.db", dir), *err = NULL;
	struct db *db = NULL;
	assert_int_equal(db_open(path, &db, &err), 0);
	int64_t now = INT64_C(1795342500000); /* 2026-11-22 17:15 local */
	struct clock c = {clock_manual_read, &now};
	bool made;
	assert_int_equal(backup_daily(db, &c, BACKUP_KEEP, &made, &err), 0);
	assert_true(made);
	now += 3600000;
	assert_int_equal(backup_daily(db, &c, BACKUP_KEEP, &made, &err), 0);
	assert_false(made); /* one a day */
	char *bdir = backup_dir(path);
	assert_int_equal(files_in(bdir), 1);
	/* Ten days: the newest seven stay. */
	for (int day = 1; day <= 10; day++) {
		now += INT64_C(86400000);
		db_meta_set(db, "day", day == 10 ? "ten" : "other", NULL);
		assert_int_equal(backup_daily(db, &c, BACKUP_KEEP, &made, &err), 0);
		assert_true(made);
	}
	assert_int_equal(files_in(bdir), 7);
	char *newest = backup_newest_good(bdir);
	assert_non_null(newest);
	assert_non_null(strstr(newest, "kiosk-2026-12-02.db"));
	/* A damaged newest copy is passed over. */
	FILE *f = fopen(newest, "r+b");
	assert_non_null(f);
	fseek(f, 0, SEEK_SET);
	fputs("this is not a database any more", f);
	fclose(f);
	char *good = backup_newest_good(bdir);
	assert_non_null(good);
	assert_non_null(strstr(good, "kiosk-2026-12-01.db"));
	assert_int_equal(backup_restore(path, newest, &c, NULL, &err), NK_ECORRUPT);
	free(err);
	err = NULL;
	/* Restore: the current file is set aside, the copy takes its place. */
	db_meta_set(db, "day", "after", NULL);
	db_close(&db);
	char *aside = NULL;
	assert_int_equal(backup_restore(path, good, &c, &aside, &err), 0);
	struct stat st;
	assert_int_equal(stat(aside, &st), 0);
	assert_int_equal(db_open(path, &db, &err), 0);
	char *v = NULL;
	assert_int_equal(db_meta_get(db, "day", &v, NULL), 0);
	assert_string_equal(v, "other"); /* the copy of 2026-12-01 */
	free(v);
	db_close(&db);
	free(aside);
	free(good);
	free(newest);
	free(bdir);
	free(path);
	test_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_daily_and_restore)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
