/*
 * db: opening, migrating, checking and backing up the kiosk's one SQLite file,
 * plus the small `meta` key/value table (kiosk id, creation time). It owns the
 * connection settings (WAL, synchronous=FULL, foreign keys, busy timeout) and
 * the schema history. It is not a data layer: it never reads or writes
 * articles, quizzes or visits itself, and it never prints.
 */
#include "core/db.h"

#include "core/fts.h"
#include "core/safefile.h"
#include "core/schema.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

struct db {
	sqlite3 *h;
	char *path;
	bool is_new;
	bool readonly; /* opened with DB_OPEN_READONLY: nothing can be written */
	bool check_pending; /* DB_OPEN_CHECK_LATER, and not yet checked */
	char kiosk_id[37];
};

/* The layers in the order their steps run within one version. */
static const struct db_layer *const layers[] = {
	&db_layer_core,
	&db_layer_content,
	&db_layer_quizzes,
	&db_layer_records,
};

static const struct db_step core_steps[] = {
	{1,
	 "CREATE TABLE meta(\n"
	 "  key TEXT PRIMARY KEY,\n"
	 "  value TEXT NOT NULL\n"
	 ");\n"},
};

const struct db_layer db_layer_core = {"core", core_steps, NK_ARRAY_LEN(core_steps)};

int db_schema_latest(void)
{
	int latest = 0;
	for (size_t i = 0; i < NK_ARRAY_LEN(layers); i++)
		for (size_t j = 0; j < layers[i]->nsteps; j++)
			if (layers[i]->steps[j].version > latest)
				latest = layers[i]->steps[j].version;
	return latest;
}

/* Every layer's steps for one version, in layer order. */
static int run_version(sqlite3 *h, int version, char **msg)
{
	*msg = NULL;
	for (size_t i = 0; i < NK_ARRAY_LEN(layers); i++)
		for (size_t j = 0; j < layers[i]->nsteps; j++) {
			if (layers[i]->steps[j].version != version)
				continue;
			int rc = sqlite3_exec(h, layers[i]->steps[j].sql, NULL, NULL, msg);
			if (rc != SQLITE_OK) {
				if (!*msg)
					*msg = sqlite3_mprintf("%s", sqlite3_errstr(rc));
				return rc;
			}
		}
	return SQLITE_OK;
}

int db_errcode(int sqlite_rc)
{
	switch (sqlite_rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return NK_OK;
	case SQLITE_FULL:
		return NK_EFULL;
	case SQLITE_READONLY:
		return NK_EREADONLY;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return NK_EBUSY;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		return NK_EIO;
	default:
		return NK_EFAIL;
	}
}

/* db_errcode for a call that failed: a failure must never come back as 0,
 * even when SQLite's answer was a success code in the wrong place (say
 * SQLITE_DONE where a row was expected). */
static int fail_code(int sqlite_rc)
{
	int code = db_errcode(sqlite_rc);
	return code ? code : NK_EFAIL;
}

/* Stores "what: <SQLite's message for h>" and returns the mapped code. The
 * message must be taken before anything else runs on h, which overwrites it. */
static int sql_err(char **err, sqlite3 *h, int rc, const char *what)
{
	const char *msg = h ? sqlite3_errmsg(h) : sqlite3_errstr(rc);
	return err_set(err, fail_code(rc), "%s: %s", what, msg);
}

/* Runs a one-row, one-integer query (a PRAGMA or a count). Returns an SQLite
 * code; the message stays on h. */
static int query_int(sqlite3 *h, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_ERROR;
	}
	sqlite3_finalize(st);
	return rc;
}

int db_schema_version(sqlite3 *h)
{
	int v = 0;
	int rc = query_int(h, "PRAGMA user_version", &v);
	return rc == SQLITE_OK ? v : fail_code(rc);
}

/* sqlite3_exec with its own message (the handle's may already be replaced by
 * the time a caller rolls back). On failure *msg is sqlite3_malloc'd. */
static int exec_msg(sqlite3 *h, const char *sql, char **msg)
{
	*msg = NULL;
	int rc = sqlite3_exec(h, sql, NULL, NULL, msg);
	if (rc != SQLITE_OK && !*msg) {
		const char *m = sqlite3_errstr(rc);
		*msg = sqlite3_mprintf("%s", m);
	}
	return rc;
}

/* A failed statement may already have ended the transaction (SQLite rolls
 * back by itself on some errors), so ROLLBACK only when one is open. */
static void rollback_raw(sqlite3 *h)
{
	if (!sqlite3_get_autocommit(h))
		sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
}

int db_migrate(sqlite3 *h, int target, char **err)
{
	int latest = db_schema_latest();
	if (target < 0 || target > latest)
		return err_set(err, NK_EINVAL, "migration target %d is out of range (0..%d)",
			       target, latest);
	/* Search tables use the vnfold tokenizer: every connection needs it,
	 * for migrations that create them and for writes that fill them. */
	int frc = fts_register(h, err);
	if (frc)
		return frc;

	/* A plain read first, so an up-to-date database costs no write lock. */
	int cur = db_schema_version(h);
	if (cur < 0)
		return sql_err(err, h, sqlite3_extended_errcode(h), "migration");
	if (cur > latest)
		return err_set(err, NK_EFAIL, "schema version %d is newer than this program (%d)",
			       cur, latest);
	if (cur >= target)
		return NK_OK;

	for (;;) {
		char *msg = NULL;
		int rc = exec_msg(h, "BEGIN IMMEDIATE", &msg);
		if (rc != SQLITE_OK) {
			int code = err_set(err, fail_code(rc), "migration %d: %s", cur + 1, msg);
			sqlite3_free(msg);
			return code;
		}
		/* Read the version under the write lock: another process opening the
		 * same file may have migrated it while we waited for BEGIN. */
		int was = cur;
		rc = query_int(h, "PRAGMA user_version", &cur);
		if (rc != SQLITE_OK) {
			char what[32];
			snprintf(what, sizeof what, "migration %d", was + 1);
			int code = sql_err(err, h, rc, what);
			rollback_raw(h);
			return code;
		}
		if (cur > latest) {
			rollback_raw(h);
			return err_set(err, NK_EFAIL,
				       "schema version %d is newer than this program (%d)", cur,
				       latest);
		}
		if (cur >= target) {
			rollback_raw(h);
			return NK_OK;
		}

		int next = cur + 1;
		/* PRAGMA takes no bound parameters; next is our own integer. */
		char setver[48];
		snprintf(setver, sizeof setver, "PRAGMA user_version = %d", next);
		rc = run_version(h, next, &msg);
		if (rc == SQLITE_OK)
			rc = exec_msg(h, setver, &msg);
		if (rc == SQLITE_OK)
			rc = exec_msg(h, "COMMIT", &msg);
		if (rc != SQLITE_OK) {
			int code = err_set(err, fail_code(rc), "migration %d: %s", next, msg);
			sqlite3_free(msg);
			rollback_raw(h);
			return code;
		}
	}
}

char *db_default_path(void)
{
	/* The XDG base directory spec says a relative value is invalid and must
	 * be ignored; the same goes for HOME, or the database would land in
	 * whatever folder the kiosk happened to be started from. */
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && xdg[0] == '/')
		return xasprintf("%s/ntmkiosk/kiosk.db", xdg);
	const char *home = getenv("HOME");
	if (home && home[0] == '/')
		return xasprintf("%s/.local/share/ntmkiosk/kiosk.db", home);
	return NULL;
}

/* Creates the folder that will hold path, if path names one. */
static int make_parent(const char *path, char **err)
{
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path)
		return NK_OK;
	char *dir = xstrndup(path, (size_t)(slash - path));
	int rc = util_mkdirs(dir, err);
	free(dir);
	return rc;
}

/* A missing database is made beside its path (the header written, in WAL
 * mode, mode 0600) and only then given its name, so that whatever file is
 * found at the path was a database once: the empty file that a kill at the
 * wrong moment would otherwise leave never exists. If another process made
 * the database meanwhile, that one is used. */
static int create_new(const char *path, char **err)
{
	struct safefile *sf = NULL;
	int rc = safefile_open(path, SAFEFILE_PRIVATE, &sf, err);
	if (rc)
		return rc;
	char *tmp = xstrdup(safefile_tmp(sf));
	sqlite3 *h = NULL;
	char *msg = NULL;
	int s = sqlite3_open_v2(tmp, &h, SQLITE_OPEN_READWRITE, NULL);
	if (s == SQLITE_OK)
		s = exec_msg(h, "PRAGMA journal_mode = WAL", &msg);
	if (s != SQLITE_OK)
		rc = err_set(err, fail_code(s), "%s: %s", path,
			     msg ? msg : h ? sqlite3_errmsg(h) : sqlite3_errstr(s));
	sqlite3_free(msg);
	s = sqlite3_close(h);
	if (!rc && s != SQLITE_OK)
		rc = err_set(err, fail_code(s), "%s: %s", path, sqlite3_errstr(s));
	db_remove_sidecars(tmp);
	free(tmp);
	if (rc) {
		safefile_abort(&sf);
		return rc;
	}
	rc = safefile_commit_new(&sf, err);
	if (rc == NK_EEXIST) {
		free(err ? *err : NULL);
		if (err)
			*err = NULL;
		rc = NK_OK;
	}
	return rc;
}

/* Gives the struct its kiosk id, creating one on first open. */
static int load_kiosk_id(struct db *db, char **err)
{
	char *id = NULL;
	char *e = NULL;
	int rc = db_meta_get(db, "kiosk_id", &id, &e);
	if (rc && rc != NK_ENOENT)
		err_set(err, rc, "%s", e);
	free(e);
	if (rc == NK_ENOENT) {
		/* INSERT OR IGNORE inside BEGIN IMMEDIATE: if another process
		 * created the id first, its id wins and we read that one back. */
		char uuid[37];
		util_uuid(uuid);
		sqlite3_stmt *st = NULL;
		rc = db_begin(db, err);
		if (rc)
			return rc;
		int src = sqlite3_prepare_v2(
			db->h, "INSERT OR IGNORE INTO meta(key, value) VALUES('kiosk_id', ?1)", -1,
			&st, NULL);
		if (src == SQLITE_OK)
			src = sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
		if (src == SQLITE_OK)
			src = sqlite3_step(st);
		if (src != SQLITE_DONE) {
			rc = sql_err(err, db->h, src, db->path);
			sqlite3_finalize(st);
			db_rollback(db);
			return rc;
		}
		sqlite3_finalize(st);
		/* SQLite's own clock gives the same UTC ISO 8601 form as
		 * clock_iso8601, without tying db to the clock module. */
		rc = db_exec(db,
			     "INSERT OR IGNORE INTO meta(key, value) "
			     "VALUES('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
			     err);
		if (rc) {
			db_rollback(db);
			return rc;
		}
		rc = db_commit(db, err);
		if (rc)
			return rc;
		rc = db_meta_get(db, "kiosk_id", &id, err);
	}
	if (rc)
		return rc;
	if (strlen(id) != 36) {
		free(id);
		return err_set(err, NK_EFAIL, "%s: meta kiosk_id is not a UUID", db->path);
	}
	memcpy(db->kiosk_id, id, 37);
	free(id);
	/* The kiosk lists itself among the kiosks its records come from, so
	 * that a district database merged from many can name each one. */
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO kiosks(kiosk_id) SELECT ?1 WHERE NOT EXISTS "
			       "(SELECT 1 FROM kiosks WHERE kiosk_id = ?1)",
			       -1, &st, NULL) != SQLITE_OK)
		return sql_err(err, db->h, sqlite3_extended_errcode(db->h), db->path);
	sqlite3_bind_text(st, 1, db->kiosk_id, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		return sql_err(err, db->h, s, db->path);
	return NK_OK;
}

/* journal_mode answers with the mode it ended up in rather than failing
 * (e.g. "delete" on a file system without shared memory), so check it. */
static int set_wal(struct db *db, char **err)
{
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(db->h, "PRAGMA journal_mode = WAL", -1, &st, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_step(st);
	if (src != SQLITE_ROW) {
		int rc = sql_err(err, db->h, src, db->path);
		sqlite3_finalize(st);
		return rc;
	}
	const char *mode = (const char *)sqlite3_column_text(st, 0);
	int rc = NK_OK;
	if (!mode || strcmp(mode, "wal") != 0)
		rc = err_set(err, NK_EIO, "%s: cannot use WAL journal mode (got '%s')", db->path,
			     mode ? mode : "");
	sqlite3_finalize(st);
	return rc;
}

int db_quick_check(struct db *db, char **err)
{
	const char *path = db->path;
	sqlite3_stmt *st;
	int s = sqlite3_prepare_v2(db->h, "PRAGMA quick_check(1)", -1, &st, NULL);
	if (s != SQLITE_OK)
		return err_set(err, (s & 0xff) == SQLITE_CORRUPT || (s & 0xff) == SQLITE_NOTADB
					    ? NK_ECORRUPT
					    : db_errcode(s),
			       "%s: the database is damaged: %s", path, sqlite3_errmsg(db->h));
	s = sqlite3_step(st);
	int rc = NK_OK;
	if (s == SQLITE_ROW) {
		const char *res = (const char *)sqlite3_column_text(st, 0);
		if (!res || strcmp(res, "ok") != 0)
			rc = err_set(err, NK_ECORRUPT, "%s: the database is damaged: %s", path,
				     res ? res : "?");
	} else {
		rc = err_set(err, (s & 0xff) == SQLITE_CORRUPT ? NK_ECORRUPT : db_errcode(s),
			     "%s: the database is damaged: %s", path, sqlite3_errmsg(db->h));
	}
	sqlite3_finalize(st);
	if (rc == NK_OK)
		db->check_pending = false;
	return rc;
}

bool db_check_pending(struct db *db)
{
	return db->check_pending;
}

int db_open(const char *path, struct db **out, char **err)
{
	return db_open_flags(path, 0, out, err);
}

/* The folder that holds path ("." for a bare name). Caller frees. */
static char *parent_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
}

/* Why a database could not be opened or written, when the cause is one of
 * the three the field brings: a full disk, read-only storage (a
 * write-protected stick, a read-only mount), or files and folders that
 * belong to another user. SQLite's own words ("disk I/O error", "attempt to
 * write a readonly database", "unable to open database file") name none of
 * them. The errno of SQLite's last system call says which one when it has
 * one; otherwise the file system is asked. Returns that errno (ENOSPC,
 * EROFS or EACCES), for err_write's words, or 0 when it is something else. */
static int db_cause(sqlite3 *h, int rc, const char *path)
{
	int e = h ? sqlite3_system_errno(h) : 0;
	if ((rc & 0xff) == SQLITE_FULL || e == ENOSPC || e == EDQUOT)
		return ENOSPC;
	if (e == EROFS || e == EACCES || e == EPERM)
		return e;
	char *dir = parent_dir(path);
	struct statvfs vfs;
	bool have_vfs = statvfs(dir, &vfs) == 0;
	bool dir_writable = access(dir, W_OK) == 0;
	free(dir);
	bool file_writable = access(path, W_OK) == 0 || errno == ENOENT;
	if (have_vfs && (vfs.f_flag & ST_RDONLY))
		return EROFS;
	if (have_vfs && vfs.f_bavail == 0)
		return ENOSPC;
	if (!dir_writable || !file_writable)
		return EACCES;
	return 0;
}

/* err_write's words for cause e, then SQLite's (what) for whoever digs
 * deeper: "<path>: the disk is full (disk I/O error)". */
static int cause_err(char **err, int e, const char *path, const char *what)
{
	char *plain = NULL;
	int code = err_write(&plain, e, path);
	err_set(err, code, "%s (%s)", plain, what);
	free(plain);
	return code;
}

/* sql_err for a failure to open or write the database: the plain cause
 * first, when there is one. */
static int open_err(char **err, sqlite3 *h, int rc, const char *path)
{
	int e = (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB
			? 0
			: db_cause(h, rc, path);
	if (!e)
		return sql_err(err, h, rc, path);
	return cause_err(err, e, path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
}

int db_explain(struct db *db, int code, char **err)
{
	if (!err || !*err || code == NK_OK || code == NK_ECORRUPT || code == NK_EINVAL)
		return code;
	int e = db_cause(db->h, sqlite3_extended_errcode(db->h), db->path);
	if (!e)
		return code;
	/* The message usually names the file already: say it once. */
	size_t n = strlen(db->path);
	const char *was = *err;
	if (strncmp(was, db->path, n) == 0 && was[n] == ':' && was[n + 1] == ' ')
		was += n + 2;
	char *old = *err;
	*err = NULL;
	code = cause_err(err, e, db->path, was);
	free(old);
	return code;
}

/* "file:" URI for path, with the characters URIs give meaning to escaped,
 * so that any file name opens as itself. */
static char *file_uri(const char *path, const char *query)
{
	size_t n = strlen(path);
	char *out = xmalloc(5 + 3 * n + strlen(query) + 2);
	char *o = out;
	memcpy(o, "file:", 5);
	o += 5;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p >= 0x7f) {
			o += sprintf(o, "%%%02X", *p);
		} else {
			*o++ = (char)*p;
		}
	}
	*o++ = '?';
	strcpy(o, query);
	return out;
}

/* A WAL database that nobody can write to: on read-only storage, in a folder
 * we may not write to, or on a full disk after a clean close. Reading it the
 * usual way needs its -shm and -wal files, which cannot be made there; SQLite
 * reads it as "immutable" instead, which is only right when no -wal holds
 * changes it would not see. */
static bool can_read_immutable(const char *path)
{
	char *wal = xasprintf("%s-wal", path);
	struct stat st;
	bool empty = stat(wal, &st) != 0 || st.st_size == 0;
	free(wal);
	return empty;
}

static int open_readonly(struct db *db, char **err)
{
	int src = sqlite3_open_v2(db->path, &db->h, SQLITE_OPEN_READONLY, NULL);
	if (src == SQLITE_OK) {
		/* The open is lazy: the first read is where WAL files are needed.
		 * A file that is no database fails there too: the caller's own
		 * first read says so, as for any open. */
		int ver;
		src = query_int(db->h, "PRAGMA user_version", &ver);
		if (src == SQLITE_OK || (src & 0xff) == SQLITE_NOTADB ||
		    (src & 0xff) == SQLITE_CORRUPT)
			return NK_OK;
	}
	if (!db_cause(db->h, src, db->path) || !can_read_immutable(db->path))
		return open_err(err, db->h, src, db->path);
	sqlite3_close_v2(db->h);
	db->h = NULL;
	char *uri = file_uri(db->path, "mode=ro&immutable=1");
	src = sqlite3_open_v2(uri, &db->h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	free(uri);
	return src == SQLITE_OK ? NK_OK : open_err(err, db->h, src, db->path);
}

/* With DB_OPEN_READONLY: the kiosk id when the database is up to date and
 * has one; NK_ENOENT when it needs a write first. */
static int readonly_ready(struct db *db, int ver, char **err)
{
	if (ver != db_schema_latest())
		return NK_ENOENT;
	char *id = NULL;
	int rc = db_meta_get(db, "kiosk_id", &id, err);
	if (rc)
		return rc;
	if (strlen(id) != 36) {
		free(id);
		return err_set(err, NK_EFAIL, "%s: meta kiosk_id is not a UUID", db->path);
	}
	memcpy(db->kiosk_id, id, 37);
	free(id);
	return fts_register(db->h, err);
}

int db_open_flags(const char *path, unsigned flags, struct db **out, char **err)
{
	*out = NULL;
	if (!path || !path[0])
		return err_set(err, NK_EINVAL, "empty database path");
	/* Only an existing file can be read without writing: a missing one is
	 * created as without the flag. */
	bool ro = (flags & DB_OPEN_READONLY) && access(path, F_OK) == 0;
	int rc = ro ? NK_OK : make_parent(path, err);
	if (rc)
		return rc;
	/* Only a missing file is a new kiosk. An empty one is what a power
	 * cut leaves on ext4: damaged, to be restored, never silently made
	 * into a new kiosk with a new id and no PIN. */
	struct stat fst;
	if (stat(path, &fst) != 0) {
		if (errno != ENOENT)
			return err_set(err, NK_EIO, "%s: %s", path, strerror(errno));
		rc = create_new(path, err);
		if (rc)
			return rc;
	} else if (S_ISREG(fst.st_mode) && fst.st_size == 0) {
		return err_set(err, NK_ECORRUPT, "%s: the database is damaged: the file is empty",
			       path);
	}

	struct db *db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	db->readonly = ro;
	int src = SQLITE_OK;
	if (ro) {
		rc = open_readonly(db, err);
		if (rc)
			goto fail;
	} else {
		src = sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
		if (src != SQLITE_OK) {
			rc = open_err(err, db->h, src, path);
			goto fail;
		}
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, DB_BUSY_TIMEOUT_MS);

	/* Everything up to the version check only reads, so a file that is not
	 * ours (not a database, or from a newer program) is left as it was. The
	 * first read is also where SQLite finds out that a file is not a
	 * database at all. */
	int ver = 0, tables = 0;
	src = query_int(db->h, "PRAGMA user_version", &ver);
	if (src == SQLITE_OK)
		src = query_int(db->h, "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
				&tables);
	if ((src & 0xff) == SQLITE_NOTADB || (src & 0xff) == SQLITE_CORRUPT) {
		rc = err_set(err, NK_ECORRUPT, "%s: the database is damaged: %s", path,
			     sqlite3_errmsg(db->h));
		goto fail;
	}
	if (src != SQLITE_OK) {
		rc = open_err(err, db->h, src, path);
		goto fail;
	}
	if (ver > db_schema_latest()) {
		rc = err_set(err, NK_EFAIL, "%s: schema version %d is newer than this program (%d)",
			     path, ver, db_schema_latest());
		goto fail;
	}
	db->is_new = ver == 0 && tables == 0;
	if (ro) {
		rc = readonly_ready(db, ver, err);
		if (rc == NK_ENOENT) {
			/* Not up to date: open it for writing, as without the flag. */
			db_close(&db);
			return db_open_flags(path, flags & ~(unsigned)DB_OPEN_READONLY, out, err);
		}
		if (rc == NK_OK && !(flags & DB_OPEN_NO_CHECK))
			rc = db_quick_check(db, err);
		if (rc)
			goto fail;
		*out = db;
		return NK_OK;
	}
	/* A power cut can damage a file on cheap storage; find out now, before
	 * the kiosk writes into it. quick_check reads every page but skips the
	 * index cross-checks of integrity_check, which would cost seconds. */
	bool later = (flags & DB_OPEN_CHECK_LATER) && ver == db_schema_latest();
	if (!db->is_new && !(flags & DB_OPEN_NO_CHECK) && !later) {
		rc = db_quick_check(db, err);
		if (rc)
			goto fail;
	}
	db->check_pending = !db->is_new && later;

	rc = set_wal(db, err);
	if (rc == NK_OK)
		rc = db_exec(db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", err);
	if (rc == NK_OK) {
		rc = db_migrate(db->h, db_schema_latest(), err);
		if (rc)
			err_prefix(err, rc, "%s", path);
	}
	if (rc == NK_OK)
		rc = load_kiosk_id(db, err);
	if (rc) {
		rc = db_explain(db, rc, err);
		goto fail;
	}

	*out = db;
	return NK_OK;

fail:
	db_close(&db);
	return rc;
}

void db_busy_timeout(struct db *db, int ms)
{
	sqlite3_busy_timeout(db->h, ms);
}

bool db_readonly(struct db *db)
{
	return db->readonly;
}

void db_close(struct db **db)
{
	if (!db || !*db)
		return;
	/* _v2 so a statement someone forgot to finalize delays the close
	 * instead of leaking the connection. */
	sqlite3_close_v2((*db)->h);
	free((*db)->path);
	free(*db);
	*db = NULL;
}

sqlite3 *db_sqlite(struct db *db)
{
	return db->h;
}

const char *db_path(struct db *db)
{
	return db->path;
}

bool db_is_new(struct db *db)
{
	return db->is_new;
}

const char *db_kiosk_id(struct db *db)
{
	return db->kiosk_id;
}

int db_exec(struct db *db, const char *sql, char **err)
{
	char *msg = NULL;
	int rc = exec_msg(db->h, sql, &msg);
	if (rc == SQLITE_OK)
		return NK_OK;
	int code = err_set(err, fail_code(rc), "%s: %s", db->path, msg);
	sqlite3_free(msg);
	return code;
}

int db_begin(struct db *db, char **err)
{
	/* IMMEDIATE takes the write lock up front, so a busy database shows up
	 * here (after the busy timeout) and not halfway through the writes. */
	return db_exec(db, "BEGIN IMMEDIATE", err);
}

int db_commit(struct db *db, char **err)
{
	return db_exec(db, "COMMIT", err);
}

void db_rollback(struct db *db)
{
	rollback_raw(db->h);
}

int db_check(struct db *db, char **err)
{
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(db->h, "PRAGMA integrity_check", -1, &st, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_step(st);
	if (src != SQLITE_ROW) {
		int rc = sql_err(err, db->h, src, db->path);
		sqlite3_finalize(st);
		return rc;
	}
	const char *res = (const char *)sqlite3_column_text(st, 0);
	int rc = NK_OK;
	if (!res || strcmp(res, "ok") != 0)
		rc = err_set(err, NK_EFAIL, "%s: integrity check: %s", db->path, res ? res : "");
	sqlite3_finalize(st);
	return rc;
}

/* Unlinks the files SQLite keeps beside a database. A stale -wal or -journal
 * next to a file we are about to replace would be replayed into it on the
 * next open, corrupting the new copy. */
void db_remove_sidecars(const char *path)
{
	static const char *const sfx[] = {"-journal", "-wal", "-shm"};
	for (size_t i = 0; i < NK_ARRAY_LEN(sfx); i++) {
		char *p = xasprintf("%s%s", path, sfx[i]);
		unlink(p);
		free(p);
	}
}

int db_copy_raw(sqlite3 *src, const char *dest, const char *what, char **err)
{
	sqlite3 *dst = NULL;
	int s = sqlite3_open_v2(dest, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (s != SQLITE_OK) {
		int rc = sql_err(err, dst, s, what);
		sqlite3_close(dst);
		return rc;
	}
	sqlite3_extended_result_codes(dst, 1);
	int rc = NK_OK;
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		rc = sql_err(err, dst, sqlite3_errcode(dst), what);
	} else {
		s = sqlite3_backup_step(b, -1);
		int fin = sqlite3_backup_finish(b);
		if (s != SQLITE_DONE || fin != SQLITE_OK) {
			int code = s != SQLITE_DONE ? s : fin;
			rc = err_set(err, fail_code(code), "%s: %s", what, sqlite3_errstr(code));
		}
	}
	/* The copy has the source's WAL mark; as a rollback-journal file it
	 * opens read-only (say, on a write-protected stick) with no -shm
	 * beside it. The kiosk turns WAL on again when it opens it. */
	char *msg = NULL;
	if (!rc && exec_msg(dst, "PRAGMA journal_mode = DELETE", &msg) != SQLITE_OK)
		rc = err_set(err, NK_EIO, "%s: %s", what, msg);
	sqlite3_free(msg);
	s = sqlite3_close(dst);
	if (!rc && s != SQLITE_OK)
		rc = err_set(err, fail_code(s), "%s: %s", what, sqlite3_errstr(s));
	return rc;
}

int db_backup(struct db *db, const char *dest, char **err)
{
	/* Written beside dest and renamed (core/safefile.h): dest is always
	 * either the old file or a whole new copy, never half a backup. */
	if (!dest || !dest[0])
		return err_set(err, NK_EINVAL, "empty backup path");
	struct safefile *sf = NULL;
	int rc = safefile_open(dest, SAFEFILE_PRIVATE, &sf, err);
	if (rc)
		return rc;
	char *tmp = xstrdup(safefile_tmp(sf));
	rc = db_copy_raw(db->h, tmp, dest, err);
	db_remove_sidecars(tmp);
	free(tmp);
	if (rc) {
		safefile_abort(&sf);
		return rc;
	}
	db_remove_sidecars(dest);
	return safefile_commit(&sf, err);
}

int db_meta_get(struct db *db, const char *key, char **out, char **err)
{
	*out = NULL;
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(db->h, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (src == SQLITE_OK)
		src = sqlite3_step(st);
	int rc = NK_OK;
	if (src == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		*out = xstrdup(v ? v : "");
	} else if (src == SQLITE_DONE) {
		rc = err_set(err, NK_ENOENT, "%s: no meta key '%s'", db->path, key);
	} else {
		rc = sql_err(err, db->h, src, db->path);
	}
	sqlite3_finalize(st);
	return rc;
}

int db_meta_set(struct db *db, const char *key, const char *value, char **err)
{
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(db->h,
				     "INSERT INTO meta(key, value) VALUES(?1, ?2) "
				     "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
				     -1, &st, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (src == SQLITE_OK)
		src = sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	if (src == SQLITE_OK)
		src = sqlite3_step(st);
	int rc = NK_OK;
	if (src != SQLITE_DONE)
		rc = sql_err(err, db->h, src, db->path);
	sqlite3_finalize(st);
	return rc;
}
