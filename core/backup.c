/*
 * backup: the daily copies of one database, and the atomic restore. Which
 * copy belongs to which kiosk is read from the copy itself (meta kiosk_id);
 * the name only helps an officer who looks at the folder.
 */
#include "core/backup.h"

#include "core/safefile.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The folder holding db_path ("." for a bare name). */
static char *folder_of(const char *db_path)
{
	const char *slash = strrchr(db_path, '/');
	if (!slash)
		return xstrdup(".");
	return slash == db_path ? xstrdup("/") : xstrndup(db_path, (size_t)(slash - db_path));
}

static char *backup_root(const char *db_path)
{
	char *dir = folder_of(db_path);
	char *root = xasprintf("%s/backups", dir);
	free(dir);
	return root;
}

char *backup_dir(const char *db_path)
{
	const char *slash = strrchr(db_path, '/');
	const char *base = slash ? slash + 1 : db_path;
	size_t n = strlen(base);
	if (n > 3 && strcmp(base + n - 3, ".db") == 0)
		n -= 3;
	char *root = backup_root(db_path);
	char *dir = xasprintf("%s/%.*s", root, (int)n, base);
	free(root);
	return dir;
}

static bool is_date(const char *s)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* The date of a daily copy's name: "<8 hex>-YYYY-MM-DD.db", or, from
 * before copies had folders, "kiosk-YYYY-MM-DD.db". NULL for other names. */
static const char *copy_date(const char *n, bool legacy)
{
	size_t len = strlen(n);
	if (len < 13 || strcmp(n + len - 3, ".db") != 0)
		return NULL;
	if (legacy)
		return len == 19 && strncmp(n, "kiosk-", 6) == 0 && is_date(n + 6) ? n + 6 : NULL;
	if (len != 22 || n[8] != '-' || !is_date(n + 9))
		return NULL;
	for (int i = 0; i < 8; i++)
		if (!strchr("0123456789abcdef", n[i]))
			return NULL;
	return n + 9;
}

struct copy {
	char *path;
	char date[11];
};

/* Newest first; the same date: by path, so the order is always the same. */
static int newest_first(const void *a, const void *b)
{
	const struct copy *x = a, *y = b;
	int c = strcmp(y->date, x->date);
	return c ? c : strcmp(x->path, y->path);
}

/* Adds the daily copies in dir (those whose name starts with prefix, if
 * given) to *v, which holds *n. */
static void add_copies(const char *dir, bool legacy, const char *prefix, struct copy **v,
		       size_t *n)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		const char *date = copy_date(e->d_name, legacy);
		if (!date || (prefix && strncmp(e->d_name, prefix, strlen(prefix)) != 0))
			continue;
		*v = xrealloc(*v, (*n + 1) * sizeof **v);
		(*v)[*n].path = xasprintf("%s/%s", dir, e->d_name);
		memcpy((*v)[*n].date, date, 10);
		(*v)[*n].date[10] = '\0';
		(*n)++;
	}
	closedir(d);
}

static void free_copies(struct copy *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

/* Folders of copies hold names and phones: owner only, also when an older
 * version or an officer made them with a wider mode. */
static int private_dir(const char *dir, char **err)
{
	int rc = util_mkdirs(dir, err);
	if (rc == NK_OK)
		chmod(dir, 0700);
	return rc;
}

int backup_daily(struct db *db, const struct clock *clk, int keep, bool *made, char **err)
{
	if (made)
		*made = false;
	char *root = backup_root(db_path(db));
	char *dir = backup_dir(db_path(db));
	int rc = private_dir(root, err);
	if (rc == NK_OK)
		rc = private_dir(dir, err);
	free(root);
	if (rc) {
		free(dir);
		return rc;
	}
	time_t now = (time_t)(clock_now_ms(clk) / 1000);
	struct tm lt;
	localtime_r(&now, &lt);
	char day[16];
	strftime(day, sizeof day, "%Y-%m-%d", &lt);
	char prefix[10];
	snprintf(prefix, sizeof prefix, "%.8s-", db_kiosk_id(db));
	char *today = xasprintf("%s/%s%s.db", dir, prefix, day);
	struct stat st;
	if (stat(today, &st) != 0) {
		rc = db_backup(db, today, err);
		if (rc == NK_OK && made)
			*made = true;
	}
	free(today);
	struct copy *v = NULL;
	size_t n = 0;
	add_copies(dir, false, prefix, &v, &n);
	if (n > 1)
		qsort(v, n, sizeof *v, newest_first);
	for (size_t i = keep > 0 ? (size_t)keep : n; rc == NK_OK && i < n; i++)
		unlink(v[i].path);
	free_copies(v, n);
	free(dir);
	return rc;
}

/* Opens path read-only: nothing is written into a damaged file. */
static sqlite3 *open_ro(const char *path)
{
	sqlite3 *h = NULL;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(h);
		return NULL;
	}
	return h;
}

bool backup_kiosk_of(const char *path, char out[37])
{
	out[0] = '\0';
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0)
		return false;
	sqlite3 *h = open_ro(path);
	if (!h)
		return false;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(h, "SELECT value FROM meta WHERE key = 'kiosk_id'", -1, &s, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 36)
			memcpy(out, sqlite3_column_text(s, 0), 37);
		sqlite3_finalize(s);
	}
	sqlite3_close(h);
	return out[0] != '\0';
}

static bool good(const char *path)
{
	sqlite3 *h = open_ro(path);
	if (!h)
		return false;
	sqlite3_stmt *st;
	bool ok = false;
	if (sqlite3_prepare_v2(h, "PRAGMA integrity_check(1)", -1, &st, NULL) == SQLITE_OK) {
		ok = sqlite3_step(st) == SQLITE_ROW &&
		     strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return ok;
}

/* The newest good copy of db_path whose kiosk is `kiosk` ("" for any copy
 * in the database's own folder; the old shared folder only with a kiosk). */
static char *newest_good_of(const char *db_path, const char *kiosk)
{
	struct copy *v = NULL;
	size_t n = 0;
	char *dir = backup_dir(db_path);
	add_copies(dir, false, NULL, &v, &n);
	free(dir);
	if (kiosk[0]) {
		char *root = backup_root(db_path);
		add_copies(root, true, NULL, &v, &n);
		free(root);
	}
	if (n > 1)
		qsort(v, n, sizeof *v, newest_first);
	char *found = NULL;
	for (size_t i = 0; i < n && !found; i++) {
		char id[37];
		if (kiosk[0] && (!backup_kiosk_of(v[i].path, id) || strcmp(id, kiosk) != 0))
			continue;
		if (good(v[i].path))
			found = xstrdup(v[i].path);
	}
	free_copies(v, n);
	return found;
}

char *backup_newest_good(const char *db_path)
{
	char id[37];
	backup_kiosk_of(db_path, id);
	return newest_good_of(db_path, id);
}

int backup_copy_read(const char *path, struct backup_copy *c, char **err)
{
	memset(c, 0, sizeof *c);
	struct stat st;
	if (stat(path, &st) != 0)
		return err_set(err, errno == ENOENT ? NK_ENOENT : NK_EIO, "%s: %s", path,
			       strerror(errno));
	backup_kiosk_of(path, c->kiosk_id);
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *date = copy_date(base, false);
	if (!date)
		date = copy_date(base, true);
	if (date) {
		memcpy(c->date, date, 10);
	} else {
		struct tm lt;
		localtime_r(&st.st_mtime, &lt);
		strftime(c->date, sizeof c->date, "%Y-%m-%d", &lt);
	}
	return NK_OK;
}

/* "abcd1234" of a kiosk id, or "unknown". */
static const char *short_id(const char *id, char buf[9])
{
	if (!id[0])
		return "unknown";
	snprintf(buf, 9, "%.8s", id);
	return buf;
}

int backup_check_kiosk(const char *db_path, const char *from, char **err)
{
	char copy_id[37], db_id[37], a[9], b[9];
	backup_kiosk_of(from, copy_id);
	if (!backup_kiosk_of(db_path, db_id)) {
		/* Too damaged to say (or missing): its own newest good copy
		 * says which kiosk it was. */
		char *own = newest_good_of(db_path, "");
		if (own)
			backup_kiosk_of(own, db_id);
		free(own);
	}
	if (!db_id[0]) {
		char *dir = backup_dir(db_path);
		size_t dl = strlen(dir);
		bool own = strncmp(from, dir, dl) == 0 && from[dl] == '/' && !strchr(from + dl + 1, '/');
		free(dir);
		if (own)
			return NK_OK;
		return err_set(err, NK_EINVAL,
			       "%s: cannot tell which kiosk this database was, so cannot tell "
			       "whether %s (kiosk %s) is its copy",
			       db_path, from, short_id(copy_id, a));
	}
	if (strcmp(copy_id, db_id) != 0)
		return err_set(err, NK_EINVAL, "%s is a copy of another kiosk (%s), not of %s (%s)",
			       from, short_id(copy_id, a), db_path, short_id(db_id, b));
	return NK_OK;
}

/* Gives the current database (and its journal files) a second name, aside,
 * and makes that name durable, leaving the database where it is: a hard
 * link, or a copy where the file system has none (vfat). Then removes the
 * journal files from the database's name, or SQLite would replay them into
 * the restored copy. */
static int set_aside(const char *db_path, const char *aside, char **err)
{
	static const char *const sfx[] = {"", "-wal", "-journal"};
	int rc = NK_OK;
	for (size_t i = 0; rc == NK_OK && i < NK_ARRAY_LEN(sfx); i++) {
		char *a = xasprintf("%s%s", db_path, sfx[i]);
		char *b = xasprintf("%s%s", aside, sfx[i]);
		struct stat st;
		if (stat(a, &st) == 0 && link(a, b) != 0)
			rc = errno == EPERM || errno == EXDEV || errno == ENOTSUP || errno == EMLINK
				     ? safefile_copy(a, b, SAFEFILE_PRIVATE, err)
				     : err_write(err, errno, b);
		free(a);
		free(b);
	}
	if (rc == NK_OK)
		rc = safefile_sync_dir(db_path, err);
	if (rc == NK_OK)
		db_remove_sidecars(db_path);
	return rc;
}

int backup_restore(const char *db_path, const char *from, const struct clock *clk, char **aside,
		   char **err)
{
	if (!good(from))
		return err_set(err, NK_ECORRUPT, "%s: this copy is damaged too", from);
	/* What a restore killed before left beside the database: no one else
	 * writes there while it is closed. */
	safefile_clean(db_path);
	/* 1. The good copy, whole and on the disk, beside the database. */
	struct safefile *sf = NULL;
	int rc = safefile_open(db_path, SAFEFILE_PRIVATE, &sf, err);
	if (rc)
		return rc;
	sqlite3 *src = open_ro(from);
	if (!src)
		rc = err_set(err, NK_EIO, "%s: cannot open the copy", from);
	else
		rc = db_copy_raw(src, safefile_tmp(sf), db_path, err);
	sqlite3_close(src);
	db_remove_sidecars(safefile_tmp(sf));
	if (rc) {
		safefile_abort(&sf);
		return rc;
	}
	rc = safefile_sync(&sf, err);
	if (rc)
		return rc;

	/* 2. The current file keeps a second name (never deleted). */
	time_t now = (time_t)(clock_now_ms(clk) / 1000);
	struct tm lt;
	localtime_r(&now, &lt);
	char stamp[32];
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &lt);
	char *moved = xasprintf("%s.damaged-%s", db_path, stamp);
	struct stat st;
	/* Two restores in one second must not overwrite the first file set aside. */
	for (int k = 2; stat(moved, &st) == 0 && k < 1000; k++) {
		free(moved);
		moved = xasprintf("%s.damaged-%s-%d", db_path, stamp, k);
	}
	bool had = stat(db_path, &st) == 0;
	if (had)
		rc = set_aside(db_path, moved, err);

	/* 3. The copy takes the database's name in one step. */
	if (rc == NK_OK)
		rc = safefile_commit(&sf, err);
	safefile_abort(&sf);
	if (rc == NK_OK && aside && had)
		*aside = moved;
	else
		free(moved);
	return rc;
}
