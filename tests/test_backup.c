/* Tests for core/backup: one copy a day in the database's own folder, the
 * newest seven kept, the newest good copy found past a damaged one, restore
 * setting the damaged file aside, two kiosks in one folder keeping and
 * restoring their own copies, a copy of another kiosk refused, the modes of
 * copies and their folders, and empty or damaged files refused at open. */
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
#include <unistd.h>

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

/* Every entry, hidden ones too (a temporary file left behind shows). */
static int all_in(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	if (d)
		closedir(d);
	return n;
}

static unsigned mode_of(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static char *meta(struct db *db, const char *key)
{
	char *v = NULL;
	assert_int_equal(db_meta_get(db, key, &v, NULL), 0);
	return v;
}

static void setup_tz(void)
{
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
}

static void test_daily_and_restore(void **state)
{
	(void)state;
	setup_tz();
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
	char *want_dir = xasprintf("%s/backups/kiosk", dir);
	assert_string_equal(bdir, want_dir);
	free(want_dir);
	assert_int_equal(files_in(bdir), 1);
	/* Ten days: the newest seven stay. */
	for (int day = 1; day <= 10; day++) {
		now += INT64_C(86400000);
		db_meta_set(db, "day", day == 10 ? "ten" : "other", NULL);
		assert_int_equal(backup_daily(db, &c, BACKUP_KEEP, &made, &err), 0);
		assert_true(made);
	}
	assert_int_equal(files_in(bdir), 7);
	assert_int_equal(all_in(bdir), 7); /* no temporary file left */
	char *newest = backup_newest_good(path);
	assert_non_null(newest);
	char *name = xasprintf("%s/%.8s-2026-12-02.db", bdir, db_kiosk_id(db));
	assert_string_equal(newest, name);
	free(name);
	/* A damaged newest copy is passed over. */
	FILE *f = fopen(newest, "r+b");
	assert_non_null(f);
	fseek(f, 0, SEEK_SET);
	fputs("this is not a database any more", f);
	fclose(f);
	char *good = backup_newest_good(path);
	assert_non_null(good);
	assert_non_null(strstr(good, "-2026-12-01.db"));
	assert_int_equal(backup_restore(path, newest, &c, NULL, &err), NK_ECORRUPT);
	free(err);
	err = NULL;
	/* The offer: the kiosk and the date of the copy. */
	struct backup_copy bc;
	assert_int_equal(backup_copy_read(good, &bc, &err), 0);
	assert_string_equal(bc.kiosk_id, db_kiosk_id(db));
	assert_string_equal(bc.date, "2026-12-01");
	/* Restore: the current file is set aside, the copy takes its place. */
	db_meta_set(db, "day", "after", NULL);
	char id[37];
	memcpy(id, db_kiosk_id(db), 37);
	db_close(&db);
	/* What a killed restore left (a temporary copy, its journal) goes. */
	char *stale = xasprintf("%s/.kiosk.db.Ab12Cd", dir);
	char *stale_wal = xasprintf("%s-wal", stale);
	free(test_write(dir, ".kiosk.db.Ab12Cd", "half a copy"));
	free(test_write(dir, ".kiosk.db.Ab12Cd-wal", "its journal"));
	char *aside = NULL;
	assert_int_equal(backup_restore(path, good, &c, &aside, &err), 0);
	struct stat sst;
	assert_int_not_equal(stat(stale, &sst), 0);
	assert_int_not_equal(stat(stale_wal, &sst), 0);
	free(stale);
	free(stale_wal);
	assert_int_equal(mode_of(path), 0600);
	assert_int_equal(db_open(aside, &db, &err), 0);
	char *v = meta(db, "day");
	assert_string_equal(v, "after"); /* the file set aside is the one we had */
	free(v);
	db_close(&db);
	assert_int_equal(db_open(path, &db, &err), 0);
	v = meta(db, "day");
	assert_string_equal(v, "other"); /* the copy of 2026-12-01 */
	free(v);
	assert_string_equal(db_kiosk_id(db), id);
	db_close(&db);
	/* Nothing hidden left beside the database. */
	DIR *d = opendir(dir);
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		assert_false(e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 &&
			     strcmp(e->d_name, "..") != 0);
	closedir(d);
	free(aside);
	free(good);
	free(newest);
	free(bdir);
	free(path);
	test_rmdir(dir);
}

/* Issue: two databases in one folder shared one backups/ folder named by
 * date only; the second made no copy and restore put back the other's. */
static void test_two_kiosks_one_folder(void **state)
{
	(void)state;
	setup_tz();
	char *dir = test_tmpdir();
	char *pa = xasprintf("%s/a.db", dir), *pb = xasprintf("%s/b.db", dir), *err = NULL;
	struct db *a = NULL, *b = NULL;
	assert_int_equal(db_open(pa, &a, &err), 0);
	assert_int_equal(db_open(pb, &b, &err), 0);
	assert_string_not_equal(db_kiosk_id(a), db_kiosk_id(b));
	db_meta_set(a, "who", "A", NULL);
	db_meta_set(b, "who", "B", NULL);
	int64_t now = INT64_C(1795342500000);
	struct clock c = {clock_manual_read, &now};
	bool made;
	assert_int_equal(backup_daily(a, &c, BACKUP_KEEP, &made, &err), 0);
	assert_true(made);
	assert_int_equal(backup_daily(b, &c, BACKUP_KEEP, &made, &err), 0);
	assert_true(made); /* its own copy, the same day */
	char *da = backup_dir(pa), *db_ = backup_dir(pb);
	assert_string_not_equal(da, db_);
	assert_int_equal(files_in(da), 1);
	assert_int_equal(files_in(db_), 1);
	/* Personal data: the folders 0700, the copies 0600, also when the
	 * shared folder was made wider before. */
	char *root = xasprintf("%s/backups", dir);
	assert_int_equal(mode_of(root), 0700);
	assert_int_equal(chmod(root, 0755), 0);
	now += INT64_C(86400000);
	assert_int_equal(backup_daily(a, &c, BACKUP_KEEP, &made, &err), 0);
	assert_int_equal(mode_of(root), 0700);
	assert_int_equal(mode_of(da), 0700);
	char *ca = backup_newest_good(pa), *cb = backup_newest_good(pb);
	assert_non_null(ca);
	assert_non_null(cb);
	assert_int_equal(mode_of(ca), 0600);
	assert_int_equal(mode_of(cb), 0600);
	assert_ptr_equal(strstr(ca, da), ca);
	assert_ptr_equal(strstr(cb, db_), cb);

	/* A's copy is refused for B, and B's for A; each its own is fine. */
	assert_int_equal(backup_check_kiosk(pa, ca, &err), 0);
	assert_int_equal(backup_check_kiosk(pb, cb, &err), 0);
	assert_int_equal(backup_check_kiosk(pb, ca, &err), NK_EINVAL);
	assert_non_null(strstr(err, "another kiosk"));
	free(err);
	err = NULL;
	assert_int_equal(backup_check_kiosk(pa, cb, &err), NK_EINVAL);
	free(err);
	err = NULL;

	/* Both restore their own. */
	db_meta_set(a, "who", "A later", NULL);
	db_meta_set(b, "who", "B later", NULL);
	db_close(&a);
	db_close(&b);
	assert_int_equal(backup_restore(pa, ca, &c, NULL, &err), 0);
	assert_int_equal(backup_restore(pb, cb, &c, NULL, &err), 0);
	assert_int_equal(db_open(pa, &a, &err), 0);
	assert_int_equal(db_open(pb, &b, &err), 0);
	char *v = meta(a, "who");
	assert_string_equal(v, "A");
	free(v);
	v = meta(b, "who");
	assert_string_equal(v, "B");
	free(v);

	/* A database too damaged to say its kiosk (an empty file, as a power
	 * cut leaves) still gets its own copy, and another's is refused. */
	char ida[37];
	memcpy(ida, db_kiosk_id(a), 37);
	db_close(&a);
	db_close(&b);
	assert_int_equal(truncate(pa, 0), 0);
	char *own = backup_newest_good(pa);
	assert_string_equal(own, ca);
	assert_int_equal(backup_check_kiosk(pa, ca, &err), 0);
	assert_int_equal(backup_check_kiosk(pa, cb, &err), NK_EINVAL);
	free(err);
	err = NULL;
	assert_int_equal(backup_restore(pa, own, &c, NULL, &err), 0);
	assert_int_equal(db_open(pa, &a, &err), 0);
	assert_string_equal(db_kiosk_id(a), ida);
	db_close(&a);

	free(own);
	free(ca);
	free(cb);
	free(root);
	free(da);
	free(db_);
	free(pa);
	free(pb);
	test_rmdir(dir);
}

/* Copies made before each database had a folder are still offered, to
 * their own kiosk only. */
static void test_old_shared_copies(void **state)
{
	(void)state;
	setup_tz();
	char *dir = test_tmpdir();
	char *pa = xasprintf("%s/kiosk.db", dir), *pb = xasprintf("%s/other.db", dir), *err = NULL;
	struct db *a = NULL, *b = NULL;
	assert_int_equal(db_open(pa, &a, &err), 0);
	assert_int_equal(db_open(pb, &b, &err), 0);
	char *root = xasprintf("%s/backups", dir);
	assert_int_equal(mkdir(root, 0700), 0);
	char *old = xasprintf("%s/kiosk-2026-11-20.db", root);
	assert_int_equal(db_backup(a, old, &err), 0);
	char *got = backup_newest_good(pa);
	assert_non_null(got);
	assert_string_equal(got, old);
	free(got);
	assert_null(backup_newest_good(pb));
	struct backup_copy bc;
	assert_int_equal(backup_copy_read(old, &bc, &err), 0);
	assert_string_equal(bc.date, "2026-11-20");
	db_close(&a);
	db_close(&b);
	free(old);
	free(root);
	free(pa);
	free(pb);
	test_rmdir(dir);
}

/* A missing file is a new kiosk; one that exists but is empty, has a
 * damaged header or is cut short is damaged: NK_ECORRUPT (the front ends
 * then say how to restore), and it is left as it was. */
static void test_empty_and_damaged_files(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *path = xasprintf("%s/kiosk.db", dir), *err = NULL;
	struct db *db = NULL;
	assert_int_equal(db_open(path, &db, &err), 0);
	assert_true(db_is_new(db));
	assert_int_equal(mode_of(path), 0600); /* names and phones */
	assert_int_equal(db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", &err), 0);
	db_close(&db);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	char *whole = NULL;
	size_t len = 0;
	assert_int_equal(util_read_file(path, &whole, &len, &err), 0);

	/* Empty. */
	assert_int_equal(truncate(path, 0), 0);
	assert_int_equal(db_open(path, &db, &err), NK_ECORRUPT);
	assert_null(db);
	assert_non_null(strstr(err, "damaged"));
	free(err);
	err = NULL;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);

	/* The header damaged. */
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(whole, 1, len, f), len);
	fclose(f);
	f = fopen(path, "r+b");
	fputs("not SQLite any more", f);
	fclose(f);
	assert_int_equal(db_open_flags(path, DB_OPEN_CHECK_LATER, &db, &err), NK_ECORRUPT);
	assert_non_null(strstr(err, "the database is damaged: file is not a database"));
	free(err);
	err = NULL;

	/* Cut short. */
	f = fopen(path, "wb");
	assert_int_equal(fwrite(whole, 1, len / 2, f), len / 2);
	fclose(f);
	assert_int_equal(db_open(path, &db, &err), NK_ECORRUPT);
	assert_non_null(strstr(err, "damaged"));
	free(err);
	err = NULL;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((size_t)st.st_size, len / 2);

	free(whole);
	free(path);
	test_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_daily_and_restore),
		cmocka_unit_test(test_two_kiosks_one_folder),
		cmocka_unit_test(test_old_shared_copies),
		cmocka_unit_test(test_empty_and_damaged_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
