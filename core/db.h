/*
 * db: the one SQLite database file of a kiosk.
 *
 * Opening sets WAL, synchronous=FULL, foreign_keys=ON and a busy timeout, then
 * brings the schema up to date with migrations keyed on PRAGMA user_version
 * (each migration runs in its own transaction). A new database gets a kiosk
 * id (UUID v4) on first open, kept in the `meta` table. db knows nothing of
 * articles or quizzes: filling a new database with the bundled data is the
 * caller's job (db_is_new tells it when).
 *
 * Ownership: struct db is opaque; db_close frees it and NULLs the pointer.
 * db_sqlite returns a borrowed handle that lives as long as the struct db.
 */
#ifndef NK_CORE_DB_H
#define NK_CORE_DB_H

#include <sqlite3.h>
#include <stdbool.h>

struct db;

/* The default path: $XDG_DATA_HOME/ntmkiosk/kiosk.db, or
 * $HOME/.local/share/ntmkiosk/kiosk.db. Caller frees. */
char *db_default_path(void);

/* Opens (creating the file, mode 0600, and its folder if missing) and
 * migrates. Only a missing file is created: one that exists but is empty,
 * is not a database or is cut short fails with NK_ECORRUPT ("the database
 * is damaged"), as does a damaged one: an existing database is first
 * checked with PRAGMA quick_check, which reads every page, before anything
 * is written into it. */
int db_open(const char *path, struct db **out, char **err);

enum {
	/* Skips the quick_check of db_open, which on a large database costs
	 * more than a one-off read such as an export or a search (a damaged
	 * page those read still fails them, with SQLite's "malformed"). Never
	 * for the kiosk's start: the check must come before its first write. */
	DB_OPEN_NO_CHECK = 1 << 0,
	/* Skips the quick_check too, but the caller promises to run it (see
	 * db_check_pending) before its first write: the kiosk draws its first
	 * screen while it reads. A database that needs migrating is checked
	 * here all the same, because migrating writes. */
	DB_OPEN_CHECK_LATER = 1 << 1,
	/* For commands that only read (check, search, export, report): opens
	 * read-only and writes nothing, so they work on a write-protected stick,
	 * a read-only folder, another user's file or a full disk. Where SQLite
	 * cannot make the WAL's side files there, the file is read as it is
	 * (immutable), which is right only when no -wal holds changes: one that
	 * does gives the error instead. A database that is missing or needs a
	 * write first (a migration, its kiosk id) is opened as without the flag;
	 * db_readonly tells which happened. Still quick_checks unless
	 * DB_OPEN_NO_CHECK is given too. */
	DB_OPEN_READONLY = 1 << 2,
};

/* db_open with DB_OPEN_* flags; db_open(p, o, e) is db_open_flags(p, 0, o, e). */
int db_open_flags(const char *path, unsigned flags, struct db **out, char **err);

/* How long a write waits for another process's write lock before failing
 * with NK_EBUSY (SQLite's busy timeout), as db_open sets it. */
#define DB_BUSY_TIMEOUT_MS 5000
/* Sets that wait for db's connection (ms; DB_BUSY_TIMEOUT_MS to go back).
 * The kiosk waits briefly and retries instead, so that it can say so on the
 * screen while an officer's import holds the lock. */
void db_busy_timeout(struct db *db, int ms);

/* True when db was opened read-only (DB_OPEN_READONLY took effect): every
 * write fails. */
bool db_readonly(struct db *db);

/* For a failure (code, message in *err) of a write to db: when the cause is
 * a full disk, read-only storage or a missing permission, replaces *err with
 * "<path>: <the cause in err_write's words> (<the old message>)" and returns
 * NK_EFULL, NK_EREADONLY or NK_EACCES; otherwise returns code and leaves
 * *err alone. db_open's own messages already say it. */
int db_explain(struct db *db, int code, char **err);

/* PRAGMA quick_check(1): 0 when it says "ok", NK_ECORRUPT ("<path>: the
 * database is damaged: ...") otherwise. What db_open runs. */
int db_quick_check(struct db *db, char **err);
/* True when db was opened with DB_OPEN_CHECK_LATER and db_quick_check has
 * not yet passed. */
bool db_check_pending(struct db *db);
void db_close(struct db **db);

sqlite3 *db_sqlite(struct db *db);
const char *db_path(struct db *db);
/* True when the database has no tables yet (this open created it, or one
 * before was stopped before the first migration). */
bool db_is_new(struct db *db);
/* The kiosk's UUID (36 characters), borrowed. */
const char *db_kiosk_id(struct db *db);

/* The schema version this build migrates to. */
int db_schema_latest(void);
/* Applies migrations on a raw handle from its current user_version up to
 * target (<= db_schema_latest()). Used by db_open and by the migration tests. */
int db_migrate(sqlite3 *h, int target, char **err);
/* PRAGMA user_version of a raw handle, or a negative code. */
int db_schema_version(sqlite3 *h);

/* Runs a statement list with no results (sqlite3_exec) and turns a failure
 * into a message. */
int db_exec(struct db *db, const char *sql, char **err);
/* Transaction helpers: BEGIN IMMEDIATE / COMMIT / ROLLBACK. */
int db_begin(struct db *db, char **err);
int db_commit(struct db *db, char **err);
void db_rollback(struct db *db);

/* PRAGMA integrity_check: 0 when it says "ok", NK_EFAIL with its first
 * complaint otherwise. */
int db_check(struct db *db, char **err);

/* Copies the live database to dest with the SQLite online backup API
 * (dest is replaced; the copy is consistent even while others write). The
 * copy is mode 0600 (it holds names and phones) and written the safe way
 * (core/safefile.h): synced, renamed into place, its folder synced. */
int db_backup(struct db *db, const char *dest, char **err);

/* Copies src's main database into the existing file dest (an empty file,
 * such as a safefile's temporary one) with the online backup API, leaving
 * it in rollback-journal mode. Messages name `what`. */
int db_copy_raw(sqlite3 *src, const char *dest, const char *what, char **err);

/* Unlinks path-journal, path-wal and path-shm. */
void db_remove_sidecars(const char *path);

/* Maps an SQLite result code to an NK_E* code (disk full, read-only, I/O,
 * busy: another connection held the write lock past the busy timeout). */
int db_errcode(int sqlite_rc);

/* A key in the meta table; *out is malloc'd (NULL and NK_ENOENT if absent). */
int db_meta_get(struct db *db, const char *key, char **out, char **err);
int db_meta_set(struct db *db, const char *key, const char *value, char **err);

#endif
