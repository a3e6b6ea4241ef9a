/*
 * Unit tests for core/db: connection settings, kiosk id, migrations from every
 * shipped schema version, refusal of files that are not ours, backup, the
 * meta table and the default path. Each test works in its own fresh folder
 * under /tmp and removes it afterwards. These tests do not cover what other
 * modules store in the database.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/db.h"
#include "core/util.h"

struct fixture {
	char dir[64];
};

static void rm_rf(const char *path)
{
	struct stat sb;
	if (lstat(path, &sb) != 0)
		return;
	if (S_ISDIR(sb.st_mode)) {
		DIR *d = opendir(path);
		if (d) {
			struct dirent *e;
			while ((e = readdir(d)) != NULL) {
				if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
					continue;
				char *child = xasprintf("%s/%s", path, e->d_name);
				rm_rf(child);
				free(child);
			}
			closedir(d);
		}
		rmdir(path);
	} else {
		unlink(path);
	}
}

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof *fx);
	snprintf(fx->dir, sizeof fx->dir, "/tmp/nk_test_db.%6s", "");
	memset(fx->dir + strlen(fx->dir) - 6, 'X', 6);
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	rm_rf(fx->dir);
	free(fx);
	return 0;
}

static char *in_dir(void **state, const char *name)
{
	struct fixture *fx = *state;
	return xasprintf("%s/%s", fx->dir, name);
}

static bool exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

/* Every entry of the fixture's folder, hidden ones too. */
static int files_in(void *state)
{
	struct fixture *fx = state;
	DIR *d = opendir(fx->dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	if (d)
		closedir(d);
	return n;
}

static bool sidecar_exists(const char *path, const char *suffix)
{
	char *p = xasprintf("%s%s", path, suffix);
	bool r = exists(p);
	free(p);
	return r;
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static int q_int(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static char *q_text(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const char *v = (const char *)sqlite3_column_text(st, 0);
	char *r = xstrdup(v ? v : "");
	sqlite3_finalize(st);
	return r;
}

static sqlite3 *raw_open(const char *path)
{
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
					 NULL),
			 SQLITE_OK);
	return h;
}

static void raw_exec(sqlite3 *h, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
	sqlite3_free(msg);
}

/* Every schema object (type, name, SQL) in one sorted string, so two
 * databases can be compared for having exactly the same schema. */
static char *schema_of(sqlite3 *h)
{
	return q_text(h, "SELECT group_concat(x, char(10)) FROM (SELECT type || ' ' || name || ' ' "
			 "|| coalesce(sql, '') AS x FROM sqlite_master ORDER BY type, name)");
}

static bool has_table(sqlite3 *h, const char *name)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(h,
					    "SELECT count(*) FROM sqlite_master "
					    "WHERE type = 'table' AND name = ?1",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n == 1;
}

static bool is_uuid_v4(const char *s)
{
	if (strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!strchr("0123456789abcdef", s[i])) {
			return false;
		}
	}
	return s[14] == '4' && strchr("89ab", s[19]) != NULL;
}

static void test_open_creates_and_configures(void **state)
{
	char *path = in_dir(state, "sub/deeper/kiosk.db");
	char *folder = in_dir(state, "sub/deeper");
	assert_false(exists(folder));

	struct db *db = NULL;
	char *err = NULL;
	assert_int_equal(db_open(path, &db, &err), NK_OK);
	assert_null(err);
	assert_non_null(db);
	assert_true(exists(path));
	assert_string_equal(db_path(db), path);
	assert_true(db_is_new(db));

	sqlite3 *h = db_sqlite(db);
	char *mode = q_text(h, "PRAGMA journal_mode");
	assert_string_equal(mode, "wal");
	free(mode);
	assert_int_equal(q_int(h, "PRAGMA foreign_keys"), 1);
	assert_int_equal(q_int(h, "PRAGMA synchronous"), 2);
	assert_int_equal(db_schema_version(h), db_schema_latest());
	assert_true(db_schema_latest() >= 2);

	const char *id = db_kiosk_id(db);
	assert_true(is_uuid_v4(id));
	char *stored = NULL;
	assert_int_equal(db_meta_get(db, "kiosk_id", &stored, NULL), NK_OK);
	assert_string_equal(stored, id);
	free(stored);

	/* created_at: "YYYY-MM-DDTHH:MM:SSZ" */
	char *created = NULL;
	assert_int_equal(db_meta_get(db, "created_at", &created, NULL), NK_OK);
	assert_int_equal(strlen(created), 20);
	assert_int_equal(created[10], 'T');
	assert_int_equal(created[19], 'Z');
	assert_true(strncmp(created, "20", 2) == 0);
	free(created);

	assert_int_equal(db_check(db, &err), NK_OK);
	assert_null(err);
	assert_int_equal(db_quick_check(db, &err), NK_OK);
	assert_null(err);

	db_close(&db);
	assert_null(db);
	db_close(&db);
	free(folder);
	free(path);
}

static void test_reopen_keeps_kiosk_id(void **state)
{
	char *path = in_dir(state, "kiosk.db");
	struct db *db = NULL;
	assert_int_equal(db_open(path, &db, NULL), NK_OK);
	assert_true(db_is_new(db));
	char *id = xstrdup(db_kiosk_id(db));
	char *created = NULL;
	assert_int_equal(db_meta_get(db, "created_at", &created, NULL), NK_OK);
	db_close(&db);

	assert_int_equal(db_open(path, &db, NULL), NK_OK);
	assert_false(db_is_new(db));
	assert_string_equal(db_kiosk_id(db), id);
	char *created2 = NULL;
	assert_int_equal(db_meta_get(db, "created_at", &created2, NULL), NK_OK);
	assert_string_equal(created2, created);
	db_close(&db);

	/* A second database gets an id of its own. */
	char *other = in_dir(state, "other.db");
	assert_int_equal(db_open(other, &db, NULL), NK_OK);
	assert_string_not_equal(db_kiosk_id(db), id);
	db_close(&db);

	free(created2);
	free(created);
	free(id);
	free(other);
	free(path);
}

static void test_migrate_from_every_version(void **state)
{
	int latest = db_schema_latest();

	/* The reference: a database migrated straight to the latest version. */
	sqlite3 *ref = raw_open(":memory:");
	assert_int_equal(db_migrate(ref, latest, NULL), NK_OK);
	char *want = schema_of(ref);
	sqlite3_close(ref);
	static const char *const tables[] = {"meta", "topics", "topic_titles", "visits"};

	for (int k = 0; k < latest; k++) {
		char name[32];
		snprintf(name, sizeof name, "v%d.db", k);
		char *path = in_dir(state, name);
		char *err = NULL;

		sqlite3 *h = raw_open(path);
		assert_int_equal(db_migrate(h, k, &err), NK_OK);
		assert_null(err);
		assert_int_equal(db_schema_version(h), k);
		/* meta exists from version 1 on; version 0 has no tables, only
		 * the header the program writes first (an empty file is damaged). */
		if (k == 0)
			raw_exec(h, "PRAGMA journal_mode = WAL");
		if (k >= 1)
			raw_exec(h, "INSERT INTO meta(key, value) VALUES('probe', 'kept')");
		assert_int_equal(sqlite3_close(h), SQLITE_OK);

		struct db *db = NULL;
		assert_int_equal(db_open(path, &db, &err), NK_OK);
		assert_null(err);
		sqlite3 *d = db_sqlite(db);
		assert_int_equal(db_schema_version(d), latest);
		assert_int_equal(db_is_new(db), k == 0);
		assert_true(is_uuid_v4(db_kiosk_id(db)));
		if (k >= 1) {
			char *v = NULL;
			assert_int_equal(db_meta_get(db, "probe", &v, NULL), NK_OK);
			assert_string_equal(v, "kept");
			free(v);
		}
		for (size_t i = 0; i < NK_ARRAY_LEN(tables); i++)
			assert_true(has_table(d, tables[i]));
		char *got = schema_of(d);
		assert_string_equal(got, want);
		free(got);
		db_close(&db);
		free(path);
	}
	free(want);
}

static void test_version_zero_with_tables_is_not_new(void **state)
{
	/* user_version 0 alone does not make a database new: a file that
	 * already holds data must not be treated as empty and refilled. */
	char *path = in_dir(state, "old.db");
	sqlite3 *h = raw_open(path);
	raw_exec(h, "CREATE TABLE notes(x); INSERT INTO notes VALUES('keep me')");
	assert_int_equal(sqlite3_close(h), SQLITE_OK);

	struct db *db = NULL;
	assert_int_equal(db_open(path, &db, NULL), NK_OK);
	assert_false(db_is_new(db));
	assert_int_equal(db_schema_version(db_sqlite(db)), db_schema_latest());
	assert_int_equal(q_int(db_sqlite(db), "SELECT count(*) FROM notes WHERE x = 'keep me'"), 1);
	db_close(&db);
	free(path);
}

static void test_migrate_target_out_of_range(void **state)
{
	(void)state;
	sqlite3 *h = raw_open(":memory:");
	char *err = NULL;
	assert_int_equal(db_migrate(h, db_schema_latest() + 1, &err), NK_EINVAL);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(db_migrate(h, -1, &err), NK_EINVAL);
	assert_non_null(err);
	free(err);
	assert_int_equal(db_schema_version(h), 0);
	sqlite3_close(h);
}

static void test_failed_migration_rolls_back(void **state)
{
	char *path = in_dir(state, "conflict.db");
	sqlite3 *h = raw_open(path);
	assert_int_equal(db_migrate(h, 1, NULL), NK_OK);
	/* Migration 2 creates `topics`; a table already there makes it fail
	 * after it may have created others. */
	raw_exec(h, "CREATE TABLE topics(x)");

	char *err = NULL;
	int rc = db_migrate(h, db_schema_latest(), &err);
	assert_true(rc < 0);
	assert_non_null(err);
	assert_non_null(strstr(err, "migration 2: "));
	assert_non_null(strstr(err, "topics"));
	free(err);

	assert_int_equal(db_schema_version(h), 1);
	assert_int_equal(sqlite3_get_autocommit(h), 1);
	assert_false(has_table(h, "topic_titles"));
	assert_false(has_table(h, "visits"));
	/* The conflicting table is still the one we made. */
	assert_int_equal(q_int(h, "SELECT count(*) FROM pragma_table_info('topics') "
				  "WHERE name = 'x'"),
			 1);
	assert_int_equal(sqlite3_close(h), SQLITE_OK);

	/* db_open reports the same failure, naming the file. */
	struct db *db = NULL;
	err = NULL;
	assert_true(db_open(path, &db, &err) < 0);
	assert_null(db);
	assert_non_null(err);
	assert_true(strncmp(err, path, strlen(path)) == 0);
	assert_non_null(strstr(err, "migration 2: "));
	free(err);
	h = raw_open(path);
	assert_int_equal(db_schema_version(h), 1);
	sqlite3_close(h);
	free(path);

	/* `visits` comes after `topics` and `topic_titles` in migration 2, so
	 * this failure only leaves no trace if the whole migration rolls back. */
	path = in_dir(state, "conflict-late.db");
	h = raw_open(path);
	assert_int_equal(db_migrate(h, 1, NULL), NK_OK);
	raw_exec(h, "CREATE TABLE visits(y)");
	err = NULL;
	assert_true(db_migrate(h, db_schema_latest(), &err) < 0);
	assert_non_null(strstr(err, "migration 2: "));
	free(err);
	assert_int_equal(db_schema_version(h), 1);
	assert_int_equal(sqlite3_get_autocommit(h), 1);
	assert_false(has_table(h, "topics"));
	assert_false(has_table(h, "topic_titles"));
	assert_int_equal(sqlite3_close(h), SQLITE_OK);
	free(path);
}

static void test_newer_schema_refused(void **state)
{
	char *path = in_dir(state, "future.db");
	int future = db_schema_latest() + 7;
	sqlite3 *h = raw_open(path);
	char sql[96];
	snprintf(sql, sizeof sql, "CREATE TABLE future(x); PRAGMA user_version = %d", future);
	raw_exec(h, sql);
	assert_int_equal(sqlite3_close(h), SQLITE_OK);

	char *before = NULL, *after = NULL;
	size_t nbefore = 0, nafter = 0;
	assert_int_equal(util_read_file(path, &before, &nbefore, NULL), NK_OK);

	struct db *db = NULL;
	char *err = NULL;
	assert_int_equal(db_open(path, &db, &err), NK_EFAIL);
	assert_null(db);
	char *want = xasprintf("%s: schema version %d is newer than this program (%d)", path,
			       future, db_schema_latest());
	assert_string_equal(err, want);
	free(want);
	free(err);

	assert_int_equal(util_read_file(path, &after, &nafter, NULL), NK_OK);
	assert_int_equal(nafter, nbefore);
	assert_memory_equal(after, before, nbefore);
	h = raw_open(path);
	assert_int_equal(db_schema_version(h), future);
	char *mode = q_text(h, "PRAGMA journal_mode");
	assert_string_equal(mode, "delete");
	free(mode);
	sqlite3_close(h);

	/* db_migrate on a raw handle refuses too. */
	h = raw_open(path);
	err = NULL;
	assert_int_equal(db_migrate(h, db_schema_latest(), &err), NK_EFAIL);
	assert_non_null(strstr(err, "newer than this program"));
	free(err);
	assert_int_equal(db_schema_version(h), future);
	sqlite3_close(h);

	free(after);
	free(before);
	free(path);
}

static void test_not_a_database_refused(void **state)
{
	char *path = in_dir(state, "notes.txt");
	write_file(path, "hello", 5);

	struct db *db = NULL;
	char *err = NULL;
	int rc = db_open(path, &db, &err);
	assert_true(rc < 0);
	assert_null(db);
	/* Damaged, with the way out (restore), never made into a new kiosk. */
	assert_int_equal(rc, NK_ECORRUPT);
	char *want = xasprintf("%s: the database is damaged: file is not a database", path);
	assert_string_equal(err, want);
	free(want);
	free(err);

	char *data = NULL;
	size_t n = 0;
	assert_int_equal(util_read_file(path, &data, &n, NULL), NK_OK);
	assert_int_equal(n, 5);
	assert_memory_equal(data, "hello", 5);
	free(data);
	assert_false(sidecar_exists(path, "-wal"));
	assert_false(sidecar_exists(path, "-shm"));
	assert_false(sidecar_exists(path, "-journal"));
	free(path);
}

static void test_backup_round_trip(void **state)
{
	char *path = in_dir(state, "kiosk.db");
	char *dest = in_dir(state, "backup.db");
	char *tmp = in_dir(state, "backup.db.tmp");
	/* An old file at dest is replaced. */
	write_file(dest, "old backup", 10);

	struct db *db = NULL;
	assert_int_equal(db_open(path, &db, NULL), NK_OK);
	/* Written after open, so still only in the WAL: the copy must have it. */
	assert_int_equal(db_meta_set(db, "note", "in the wal", NULL), NK_OK);
	char *err = NULL;
	assert_int_equal(db_backup(db, dest, &err), NK_OK);
	assert_null(err);
	assert_false(exists(tmp));
	char *id = xstrdup(db_kiosk_id(db));
	db_close(&db);

	assert_int_equal(db_open(dest, &db, &err), NK_OK);
	assert_null(err);
	assert_false(db_is_new(db));
	assert_int_equal(db_check(db, &err), NK_OK);
	assert_null(err);
	assert_string_equal(db_kiosk_id(db), id);
	char *note = NULL;
	assert_int_equal(db_meta_get(db, "note", &note, NULL), NK_OK);
	assert_string_equal(note, "in the wal");
	free(note);
	db_close(&db);

	free(id);
	free(tmp);
	free(dest);
	free(path);
}

static void test_backup_missing_folder(void **state)
{
	char *path = in_dir(state, "kiosk.db");
	char *missing = in_dir(state, "missing");
	char *dest = in_dir(state, "missing/backup.db");

	struct db *db = NULL;
	assert_int_equal(db_open(path, &db, NULL), NK_OK);
	char *err = NULL;
	int rc = db_backup(db, dest, &err);
	assert_true(rc < 0);
	assert_non_null(err);
	assert_true(strncmp(err, dest, strlen(dest)) == 0);
	assert_true(strlen(err) > strlen(dest) + 2);
	free(err);
	assert_false(exists(missing));
	assert_false(exists(dest));
	db_close(&db);

	free(dest);
	free(missing);
	free(path);
}

static void test_backup_failure_keeps_old_dest(void **state)
{
	char *path = in_dir(state, "kiosk.db");
	char *dest = in_dir(state, "backup.db");
	write_file(dest, "old backup", 10);
	int before = files_in(*state);

	struct db *db = NULL;
	assert_int_equal(db_open(path, &db, NULL), NK_OK);
	/* A file size limit (what a full disk does to the copy, halfway):
	 * the writes past 8 KiB fail with EFBIG. */
	struct rlimit old, lim;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 8192;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	char *err = NULL;
	int rc = db_backup(db, dest, &err);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	assert_true(rc < 0);
	assert_non_null(err);
	assert_true(strncmp(err, dest, strlen(dest)) == 0);
	free(err);
	db_close(&db);

	char *data = NULL;
	size_t n = 0;
	assert_int_equal(util_read_file(dest, &data, &n, NULL), NK_OK);
	assert_int_equal(n, 10);
	assert_memory_equal(data, "old backup", 10);
	free(data);
	/* Nothing left behind: the folder holds what it held, plus the
	 * database and its journal files. */
	char *wal = in_dir(state, "kiosk.db-wal"), *shm = in_dir(state, "kiosk.db-shm");
	assert_int_equal(files_in(*state), before + 1 + exists(wal) + exists(shm));
	free(wal);
	free(shm);

	free(dest);
	free(path);
}

static void test_meta_round_trip(void **state)
{
	char *path = in_dir(state, "kiosk.db");
	static const char tricky[] = "Xã Tả Van's 'kiosk'";
	struct db *db = NULL;
	assert_int_equal(db_open(path, &db, NULL), NK_OK);

	char *v = NULL;
	char *err = NULL;
	assert_int_equal(db_meta_set(db, "commune", tricky, &err), NK_OK);
	assert_null(err);
	assert_int_equal(db_meta_get(db, "commune", &v, &err), NK_OK);
	assert_string_equal(v, tricky);
	free(v);
	/* A quoted key, and a value with SQL in it, are data too. */
	assert_int_equal(db_meta_set(db, "it's", "'); DROP TABLE meta; --", NULL), NK_OK);
	assert_int_equal(db_meta_get(db, "it's", &v, NULL), NK_OK);
	assert_string_equal(v, "'); DROP TABLE meta; --");
	free(v);
	/* Setting again replaces. */
	assert_int_equal(db_meta_set(db, "commune", "Bản Hồ", NULL), NK_OK);
	assert_int_equal(db_meta_get(db, "commune", &v, NULL), NK_OK);
	assert_string_equal(v, "Bản Hồ");
	free(v);

	static char sentinel[] = "untouched";
	v = sentinel;
	assert_int_equal(db_meta_get(db, "absent", &v, &err), NK_ENOENT);
	assert_null(v);
	assert_non_null(err);
	assert_non_null(strstr(err, "absent"));
	free(err);
	db_close(&db);

	assert_int_equal(db_open(path, &db, NULL), NK_OK);
	assert_int_equal(db_meta_get(db, "commune", &v, NULL), NK_OK);
	assert_string_equal(v, "Bản Hồ");
	free(v);
	db_close(&db);
	free(path);
}

static void test_check_detects_corruption(void **state)
{
	char *path = in_dir(state, "kiosk.db");
	struct db *db = NULL;
	assert_int_equal(db_open(path, &db, NULL), NK_OK);
	assert_int_equal(db_exec(db,
				 "CREATE TABLE filler(x TEXT); CREATE INDEX filler_x ON filler(x);"
				 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
				 "FROM n WHERE i < 400) "
				 "INSERT INTO filler SELECT hex(randomblob(100)) FROM n",
				 NULL),
			 NK_OK);
	int pages = q_int(db_sqlite(db), "PRAGMA page_count");
	int psize = q_int(db_sqlite(db), "PRAGMA page_size");
	db_close(&db);
	assert_true(pages > 8);

	/* Scribble over the middle of the last page (a filler page: the
	 * tables db reads on open were created first). */
	FILE *f = fopen(path, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, (long)(pages - 1) * psize + 8, SEEK_SET), 0);
	for (int i = 0; i < psize / 2; i++)
		fputc(0xa5, f);
	assert_int_equal(fclose(f), 0);

	/* Opening finds the damage before anything is written into the file. */
	char *err = NULL;
	assert_int_equal(db_open(path, &db, &err), NK_ECORRUPT);
	assert_null(db);
	assert_non_null(err);
	assert_true(strncmp(err, path, strlen(path)) == 0);
	assert_non_null(strstr(err, "damaged"));
	free(err);
	err = NULL;
	assert_int_equal(db_open_flags(path, 0, &db, NULL), NK_ECORRUPT);
	assert_null(db);
	/* A one-off reader may skip the check; the check itself still finds it. */
	assert_int_equal(db_open_flags(path, DB_OPEN_NO_CHECK, &db, NULL), NK_OK);
	assert_int_equal(db_quick_check(db, &err), NK_ECORRUPT);
	assert_non_null(err);
	assert_non_null(strstr(err, "damaged"));
	free(err);
	db_close(&db);
	/* The kiosk's open leaves the check for after its first screen, and
	 * says so; the check then finds the damage. */
	err = NULL;
	assert_int_equal(db_open_flags(path, DB_OPEN_CHECK_LATER, &db, &err), NK_OK);
	assert_true(db_check_pending(db));
	assert_int_equal(db_quick_check(db, &err), NK_ECORRUPT);
	assert_true(db_check_pending(db));
	free(err);
	db_close(&db);
	/* db_check says the same on a raw handle opened past that check. */
	sqlite3 *h;
	assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_not_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	sqlite3_close(h);
	free(path);
}

/* DB_OPEN_CHECK_LATER skips the check only when nothing is written at open:
 * a database that must be migrated is checked first; a new one has nothing
 * to check; a passed check is no longer pending. */
static void test_check_later(void **state)
{
	char *path = in_dir(state, "kiosk.db");
	struct db *db = NULL;
	assert_int_equal(db_open_flags(path, DB_OPEN_CHECK_LATER, &db, NULL), NK_OK);
	assert_true(db_is_new(db));
	assert_false(db_check_pending(db));
	db_close(&db);

	assert_int_equal(db_open_flags(path, DB_OPEN_CHECK_LATER, &db, NULL), NK_OK);
	assert_true(db_check_pending(db));
	assert_int_equal(db_quick_check(db, NULL), NK_OK);
	assert_false(db_check_pending(db));
	db_close(&db);

	/* Without the flag the check is made at open: nothing pending. */
	assert_int_equal(db_open_flags(path, 0, &db, NULL), NK_OK);
	assert_false(db_check_pending(db));
	db_close(&db);
	assert_int_equal(db_open_flags(path, DB_OPEN_NO_CHECK, &db, NULL), NK_OK);
	assert_false(db_check_pending(db));
	db_close(&db);

	/* An older schema: opening migrates (writes), so it checks first. */
	char *old = in_dir(state, "old.db");
	sqlite3 *h = raw_open(old);
	assert_int_equal(db_migrate(h, db_schema_latest() - 1, NULL), NK_OK);
	assert_int_equal(sqlite3_close(h), SQLITE_OK);
	assert_int_equal(db_open_flags(old, DB_OPEN_CHECK_LATER, &db, NULL), NK_OK);
	assert_int_equal(db_schema_version(db_sqlite(db)), db_schema_latest());
	assert_false(db_check_pending(db));
	db_close(&db);
	free(old);
	free(path);
}

/* DB_OPEN_READONLY writes nothing to an up-to-date database, and falls back
 * to a normal open where a write is needed first. (A read-only mount, a full
 * disk and another user's file are tests/readonly_db.sh.) */
static void test_open_readonly(void **state)
{
	char *path = in_dir(state, "kiosk.db");
	struct db *db = NULL;
	char *err = NULL;
	/* Missing: created as without the flag. */
	assert_int_equal(db_open_flags(path, DB_OPEN_READONLY, &db, &err), NK_OK);
	assert_true(db_is_new(db));
	assert_false(db_readonly(db));
	char id[37];
	memcpy(id, db_kiosk_id(db), 37);
	db_close(&db);

	assert_int_equal(db_open_flags(path, DB_OPEN_READONLY, &db, &err), NK_OK);
	assert_true(db_readonly(db));
	assert_false(db_is_new(db));
	assert_string_equal(db_kiosk_id(db), id);
	assert_int_equal(db_check(db, &err), NK_OK);
	assert_int_equal(db_exec(db, "INSERT INTO meta(key, value) VALUES ('x', 'y')", &err),
			 NK_EREADONLY);
	assert_non_null(err);
	free(err);
	err = NULL;
	db_close(&db);

	/* An older schema needs migrating: opened for writing, and migrated. */
	char *old = in_dir(state, "old.db");
	sqlite3 *h = raw_open(old);
	assert_int_equal(db_migrate(h, db_schema_latest() - 1, NULL), NK_OK);
	assert_int_equal(sqlite3_close(h), SQLITE_OK);
	assert_int_equal(db_open_flags(old, DB_OPEN_READONLY, &db, &err), NK_OK);
	assert_false(db_readonly(db));
	assert_int_equal(db_schema_version(db_sqlite(db)), db_schema_latest());
	db_close(&db);
	free(old);
	free(path);
}

static void test_errcode(void **state)
{
	(void)state;
	assert_int_equal(db_errcode(SQLITE_OK), NK_OK);
	assert_int_equal(db_errcode(SQLITE_FULL), NK_EFULL);
	assert_int_equal(db_errcode(SQLITE_READONLY), NK_EREADONLY);
	assert_int_equal(db_errcode(SQLITE_READONLY_DBMOVED), NK_EREADONLY);
	assert_int_equal(db_errcode(SQLITE_IOERR), NK_EIO);
	assert_int_equal(db_errcode(SQLITE_IOERR_FSYNC), NK_EIO);
	assert_int_equal(db_errcode(SQLITE_CANTOPEN), NK_EIO);
	assert_int_equal(db_errcode(SQLITE_BUSY), NK_EBUSY);
	assert_int_equal(db_errcode(SQLITE_BUSY_SNAPSHOT), NK_EBUSY);
	assert_int_equal(db_errcode(SQLITE_CORRUPT), NK_EFAIL);
	assert_int_equal(db_errcode(SQLITE_CONSTRAINT_PRIMARYKEY), NK_EFAIL);
}

/* Sets or unsets an environment variable (value NULL unsets). */
static void set_env(const char *name, const char *value)
{
	if (value)
		assert_int_equal(setenv(name, value, 1), 0);
	else
		assert_int_equal(unsetenv(name), 0);
}

static void test_default_path(void **state)
{
	(void)state;
	char *old_xdg = getenv("XDG_DATA_HOME") ? xstrdup(getenv("XDG_DATA_HOME")) : NULL;
	char *old_home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;

	set_env("HOME", "/home/kiosk");
	set_env("XDG_DATA_HOME", "/srv/nk data");
	char *p = db_default_path();
	assert_string_equal(p, "/srv/nk data/ntmkiosk/kiosk.db");
	free(p);

	set_env("XDG_DATA_HOME", "relative/data");
	p = db_default_path();
	assert_string_equal(p, "/home/kiosk/.local/share/ntmkiosk/kiosk.db");
	free(p);

	set_env("XDG_DATA_HOME", "");
	p = db_default_path();
	assert_string_equal(p, "/home/kiosk/.local/share/ntmkiosk/kiosk.db");
	free(p);

	set_env("XDG_DATA_HOME", NULL);
	p = db_default_path();
	assert_string_equal(p, "/home/kiosk/.local/share/ntmkiosk/kiosk.db");
	free(p);

	set_env("XDG_DATA_HOME", old_xdg);
	set_env("HOME", old_home);
	free(old_home);
	free(old_xdg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_creates_and_configures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopen_keeps_kiosk_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_from_every_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version_zero_with_tables_is_not_new, setup,
						teardown),
		cmocka_unit_test(test_migrate_target_out_of_range),
		cmocka_unit_test_setup_teardown(test_failed_migration_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_database_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup_missing_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup_failure_keeps_old_dest, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_meta_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_detects_corruption, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_later, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_readonly, setup, teardown),
		cmocka_unit_test(test_errcode),
		cmocka_unit_test(test_default_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
