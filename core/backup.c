/*
 * backup: rotation and restore. Names sort by date, so the newest is the
 * last in alphabetical order.
 */
#include "core/backup.h"

#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

char *backup_dir(const char *db_path)
{
	const char *slash = strrchr(db_path, '/');
	if (!slash)
		return xstrdup("backups");
	return xasprintf("%.*s/backups", (int)(slash - db_path), db_path);
}

static bool is_copy_name(const char *n)
{
	/* kiosk-YYYY-MM-DD.db */
	if (strlen(n) != 19 || strncmp(n, "kiosk-", 6) != 0 || strcmp(n + 16, ".db") != 0)
		return false;
	for (int i = 6; i < 16; i++)
		if (i != 10 && i != 13 && (n[i] < '0' || n[i] > '9'))
			return false;
	return true;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The copies in dir, oldest first (names only). */
static char **list_copies(const char *dir, size_t *n)
{
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	char **v = NULL;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (is_copy_name(e->d_name)) {
			v = xrealloc(v, (*n + 1) * sizeof *v);
			v[(*n)++] = xstrdup(e->d_name);
		}
	closedir(d);
	if (*n > 1)
		qsort(v, *n, sizeof *v, cmp);
	return v;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int backup_daily(struct db *db, const struct clock *clk, int keep, bool *made, char **err)
{
	if (made)
		*made = false;
	char *dir = backup_dir(db_path(db));
	int rc = util_mkdirs(dir, err);
	if (rc) {
		free(dir);
		return rc;
	}
	time_t now = (time_t)(clock_now_ms(clk) / 1000);
	struct tm lt;
	localtime_r(&now, &lt);
	char name[32];
	strftime(name, sizeof name, "kiosk-%Y-%m-%d.db", &lt);
	char *today = xasprintf("%s/%s", dir, name);
	struct stat st;
	if (stat(today, &st) != 0) {
		rc = db_backup(db, today, err);
		if (rc == NK_OK && made)
			*made = true;
	}
	free(today);
	size_t n;
	char **v = list_copies(dir, &n);
	for (size_t i = 0; rc == NK_OK && keep > 0 && i + (size_t)keep < n; i++) {
		char *old = xasprintf("%s/%s", dir, v[i]);
		unlink(old);
		free(old);
	}
	free_list(v, n);
	free(dir);
	return rc;
}

static bool good(const char *path)
{
	sqlite3 *h;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(h);
		return false;
	}
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

char *backup_newest_good(const char *dir)
{
	size_t n;
	char **v = list_copies(dir, &n);
	char *found = NULL;
	for (size_t i = n; i-- > 0 && !found;) {
		char *p = xasprintf("%s/%s", dir, v[i]);
		if (good(p))
			found = p;
		else
			free(p);
	}
	free_list(v, n);
	return found;
}

static int copy_file(const char *from, const char *to, char **err)
{
	FILE *in = fopen(from, "rb");
	if (!in)
		return err_set(err, NK_EIO, "%s: %s", from, strerror(errno));
	char *tmp = xasprintf("%s.restoring", to);
	FILE *out = fopen(tmp, "wb");
	if (!out) {
		int e = errno;
		fclose(in);
		free(tmp);
		return err_set(err, NK_EIO, "%s: %s", to, strerror(e));
	}
	char buf[65536];
	size_t got;
	int rc = NK_OK;
	while ((got = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, got, out) != got) {
			rc = err_set(err, errno == ENOSPC ? NK_EFULL : NK_EIO, "%s: %s", to,
				     strerror(errno));
			break;
		}
	if (ferror(in))
		rc = err_set(err, NK_EIO, "%s: read error", from);
	fclose(in);
	if (fflush(out) != 0 || fsync(fileno(out)) != 0)
		rc = rc ? rc : err_set(err, NK_EIO, "%s: %s", to, strerror(errno));
	fclose(out);
	if (rc == NK_OK && rename(tmp, to) != 0)
		rc = err_set(err, NK_EIO, "%s: %s", to, strerror(errno));
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}

int backup_restore(const char *db_path, const char *from, const struct clock *clk, char **aside,
		   char **err)
{
	if (!good(from))
		return err_set(err, NK_ECORRUPT, "%s: this copy is damaged too", from);
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
	if (had && rename(db_path, moved) != 0) {
		int e = errno;
		free(moved);
		return err_set(err, NK_EIO, "%s: %s", db_path, strerror(e));
	}
	/* The journal files belong to the damaged file: move them with it, or
	 * SQLite would replay them into the restored copy. */
	static const char *const sfx[] = {"-wal", "-shm"};
	for (size_t i = 0; i < NK_ARRAY_LEN(sfx); i++) {
		char *a = xasprintf("%s%s", db_path, sfx[i]);
		char *b = xasprintf("%s%s", moved, sfx[i]);
		if (stat(a, &st) == 0)
			rename(a, b);
		free(a);
		free(b);
	}
	int rc = copy_file(from, db_path, err);
	if (rc == NK_OK && aside && had)
		*aside = moved;
	else
		free(moved);
	return rc;
}
