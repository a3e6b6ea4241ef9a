/*
 * db: opening, migrating, checking and backing up the kiosk's one SQLite file,
 * plus the small `meta` key/value table (kiosk id, creation time). It owns the
 * connection settings (WAL, synchronous=FULL, foreign keys, busy timeout) and
 * the schema history. It is not a data layer: it never reads or writes
 * articles, quizzes or visits itself, and it never prints.
 */
#include "core/db.h"

#include "core/fts.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct db {
	sqlite3 *h;
	char *path;
	bool is_new;
	bool check_pending; /* DB_OPEN_CHECK_LATER, and not yet checked */
	char kiosk_id[37];
};

/*
 * The schema history. Migration i (1-based) takes user_version from i-1 to i.
 * Kiosks in the field hold databases at every version ever shipped, so this
 * table is append-only: a shipped entry is never edited, reordered or removed;
 * a schema change is always a new entry at the end.
 */
static const char *const migrations[] = {
	/* 1 */
	"CREATE TABLE meta(\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value TEXT NOT NULL\n"
	");\n",
	/* 2 */
	"CREATE TABLE topics(\n"
	"  id TEXT PRIMARY KEY,\n"
	"  ord INTEGER NOT NULL\n"
	");\n"
	"CREATE TABLE topic_titles(\n"
	"  topic_id TEXT NOT NULL REFERENCES topics(id) ON DELETE CASCADE,\n"
	"  lang TEXT NOT NULL,\n"
	"  title TEXT NOT NULL,\n"
	"  PRIMARY KEY(topic_id, lang)\n"
	");\n"
	"CREATE TABLE visits(\n"
	"  uuid TEXT PRIMARY KEY,\n"
	"  kiosk_id TEXT NOT NULL,\n"
	"  started_at TEXT NOT NULL,\n"
	"  lang TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX visits_started_at ON visits(started_at);\n",
	/* 3: articles, their texts per language, search, and anonymous views */
	"CREATE TABLE articles(\n"
	"  slug TEXT PRIMARY KEY,\n"
	"  topic TEXT NOT NULL REFERENCES topics(id),\n"
	"  ord INTEGER NOT NULL,\n"
	"  source TEXT NOT NULL,\n"
	"  period TEXT NOT NULL,\n"
	"  updated TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE article_texts(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  slug TEXT NOT NULL REFERENCES articles(slug) ON DELETE CASCADE,\n"
	"  lang TEXT NOT NULL,\n"
	"  title TEXT NOT NULL,\n"
	"  status TEXT NOT NULL CHECK (status IN ('draft', 'reviewed')),\n"
	"  body TEXT NOT NULL,\n"
	"  plain TEXT NOT NULL,\n"
	"  UNIQUE(slug, lang)\n"
	");\n"
	"CREATE VIRTUAL TABLE article_fts USING fts5(title, plain,\n"
	"  content = 'article_texts', content_rowid = 'id',\n"
	"  tokenize = 'vnfold', prefix = '2 3');\n"
	"CREATE TRIGGER article_texts_ai AFTER INSERT ON article_texts BEGIN\n"
	"  INSERT INTO article_fts(rowid, title, plain) VALUES (new.id, new.title, new.plain);\n"
	"END;\n"
	"CREATE TRIGGER article_texts_ad AFTER DELETE ON article_texts BEGIN\n"
	"  INSERT INTO article_fts(article_fts, rowid, title, plain)\n"
	"    VALUES ('delete', old.id, old.title, old.plain);\n"
	"END;\n"
	"CREATE TRIGGER article_texts_au AFTER UPDATE ON article_texts BEGIN\n"
	"  INSERT INTO article_fts(article_fts, rowid, title, plain)\n"
	"    VALUES ('delete', old.id, old.title, old.plain);\n"
	"  INSERT INTO article_fts(rowid, title, plain) VALUES (new.id, new.title, new.plain);\n"
	"END;\n"
	"CREATE TABLE views(\n"
	"  uuid TEXT PRIMARY KEY,\n"
	"  kiosk_id TEXT NOT NULL,\n"
	"  slug TEXT NOT NULL,\n"
	"  lang TEXT NOT NULL,\n"
	"  started_at TEXT NOT NULL,\n"
	"  seconds INTEGER NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE INDEX views_started_at ON views(started_at);\n",
	/* 4: question banks joined by id across languages; quiz attempts, their
	 * answers (one row per answer, committed when given), participants who
	 * consented, and the villages officers list */
	"CREATE TABLE questions(\n"
	"  id TEXT PRIMARY KEY,\n"
	"  topic TEXT NOT NULL,\n"
	"  difficulty INTEGER NOT NULL CHECK (difficulty BETWEEN 1 AND 3),\n"
	"  article TEXT,\n"
	"  qtype TEXT NOT NULL,\n"
	"  nopts INTEGER NOT NULL,\n"
	"  correct INTEGER NOT NULL,\n"
	"  source TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX questions_topic ON questions(topic);\n"
	"CREATE TABLE question_texts(\n"
	"  id TEXT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,\n"
	"  lang TEXT NOT NULL,\n"
	"  status TEXT NOT NULL CHECK (status IN ('draft', 'reviewed')),\n"
	"  text TEXT NOT NULL,\n"
	"  explanation TEXT NOT NULL,\n"
	"  PRIMARY KEY(id, lang)\n"
	");\n"
	"CREATE TABLE question_options(\n"
	"  id TEXT NOT NULL,\n"
	"  lang TEXT NOT NULL,\n"
	"  idx INTEGER NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  feedback TEXT NOT NULL,\n"
	"  PRIMARY KEY(id, lang, idx),\n"
	"  FOREIGN KEY(id, lang) REFERENCES question_texts(id, lang) ON DELETE CASCADE\n"
	");\n"
	"CREATE TABLE participants(\n"
	"  uuid TEXT PRIMARY KEY,\n"
	"  kiosk_id TEXT NOT NULL,\n"
	"  created_at TEXT NOT NULL,\n"
	"  full_name TEXT,\n"
	"  village TEXT,\n"
	"  gender TEXT,\n"
	"  birth_year INTEGER,\n"
	"  ethnicity TEXT,\n"
	"  phone TEXT,\n"
	"  consent_lang TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE attempts(\n"
	"  uuid TEXT PRIMARY KEY,\n"
	"  kiosk_id TEXT NOT NULL,\n"
	"  lang TEXT NOT NULL,\n"
	"  topic TEXT,\n"
	"  started_at TEXT NOT NULL,\n"
	"  ended_at TEXT,\n"
	"  total INTEGER NOT NULL,\n"
	"  score INTEGER NOT NULL DEFAULT 0,\n"
	"  completed INTEGER NOT NULL DEFAULT 0,\n"
	"  participant_uuid TEXT REFERENCES participants(uuid)\n"
	");\n"
	"CREATE INDEX attempts_started_at ON attempts(started_at);\n"
	"CREATE TABLE answers(\n"
	"  uuid TEXT PRIMARY KEY,\n"
	"  attempt_uuid TEXT NOT NULL REFERENCES attempts(uuid),\n"
	"  kiosk_id TEXT NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  question_id TEXT NOT NULL,\n"
	"  chosen INTEGER NOT NULL,\n"
	"  correct INTEGER NOT NULL,\n"
	"  timed_out INTEGER NOT NULL DEFAULT 0,\n"
	"  ms INTEGER NOT NULL,\n"
	"  answered_at TEXT NOT NULL,\n"
	"  UNIQUE(attempt_uuid, position)\n"
	");\n"
	"CREATE TABLE villages(\n"
	"  name TEXT PRIMARY KEY,\n"
	"  ord INTEGER NOT NULL DEFAULT 0\n"
	");\n",
	/* 5: citizens' questions to the commune; the kiosks a database holds
	 * records from (its own, and others merged into it); the officer log */
	"CREATE TABLE citizen_questions(\n"
	"  uuid TEXT PRIMARY KEY,\n"
	"  kiosk_id TEXT NOT NULL,\n"
	"  asked_at TEXT NOT NULL,\n"
	"  lang TEXT NOT NULL,\n"
	"  question TEXT NOT NULL,\n"
	"  name TEXT,\n"
	"  contact TEXT,\n"
	"  answer TEXT,\n"
	"  answered_at TEXT,\n"
	"  published INTEGER NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE INDEX citizen_questions_asked_at ON citizen_questions(asked_at);\n"
	"CREATE TABLE kiosks(\n"
	"  kiosk_id TEXT PRIMARY KEY,\n"
	"  name TEXT,\n"
	"  commune TEXT,\n"
	"  district TEXT,\n"
	"  province TEXT\n"
	");\n"
	"CREATE TABLE officer_log(\n"
	"  uuid TEXT PRIMARY KEY,\n"
	"  kiosk_id TEXT NOT NULL,\n"
	"  at TEXT NOT NULL,\n"
	"  event TEXT NOT NULL,\n"
	"  detail TEXT\n"
	");\n",
	/* 6: contests. The running contest's whole state is one text (the
	 * engine's save format) that every process (host, display, team
	 * terminals) reads and writes in a transaction; version says when it
	 * changed. Teams and members are rows too, for reports and merging. */
	"CREATE TABLE contests(\n"
	"  uuid TEXT PRIMARY KEY,\n"
	"  kiosk_id TEXT NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  held_on TEXT NOT NULL,\n"
	"  place TEXT,\n"
	"  started_at TEXT NOT NULL,\n"
	"  state TEXT NOT NULL,\n"
	"  version INTEGER NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE TABLE contest_teams(\n"
	"  uuid TEXT PRIMARY KEY,\n"
	"  contest_uuid TEXT NOT NULL REFERENCES contests(uuid),\n"
	"  team_no INTEGER NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  village TEXT,\n"
	"  UNIQUE(contest_uuid, team_no)\n"
	");\n"
	"CREATE TABLE contest_members(\n"
	"  uuid TEXT PRIMARY KEY,\n"
	"  team_uuid TEXT NOT NULL REFERENCES contest_teams(uuid),\n"
	"  name TEXT NOT NULL\n"
	");\n",
	/* 7: search. Prefix indexes for 1 to 6 letters: what a visitor types is
	 * matched as a prefix (core/fts.c), and without its own index a prefix
	 * query gathers every word that starts with it, on every statement.
	 * search_gen counts the changes to the texts, so that content/rank.c
	 * knows when its copy of the texts' lengths is out of date. */
	"DROP TABLE article_fts;\n"
	"CREATE VIRTUAL TABLE article_fts USING fts5(title, plain,\n"
	"  content = 'article_texts', content_rowid = 'id',\n"
	"  tokenize = 'vnfold', prefix = '1 2 3 4 5 6');\n"
	"INSERT INTO article_fts(article_fts) VALUES ('rebuild');\n"
	"CREATE TABLE search_gen(n INTEGER NOT NULL);\n"
	"INSERT INTO search_gen(n) VALUES (0);\n"
	"DROP TRIGGER article_texts_ai;\n"
	"DROP TRIGGER article_texts_ad;\n"
	"DROP TRIGGER article_texts_au;\n"
	"CREATE TRIGGER article_texts_ai AFTER INSERT ON article_texts BEGIN\n"
	"  INSERT INTO article_fts(rowid, title, plain) VALUES (new.id, new.title, new.plain);\n"
	"  UPDATE search_gen SET n = n + 1;\n"
	"END;\n"
	"CREATE TRIGGER article_texts_ad AFTER DELETE ON article_texts BEGIN\n"
	"  INSERT INTO article_fts(article_fts, rowid, title, plain)\n"
	"    VALUES ('delete', old.id, old.title, old.plain);\n"
	"  UPDATE search_gen SET n = n + 1;\n"
	"END;\n"
	"CREATE TRIGGER article_texts_au AFTER UPDATE ON article_texts BEGIN\n"
	"  INSERT INTO article_fts(article_fts, rowid, title, plain)\n"
	"    VALUES ('delete', old.id, old.title, old.plain);\n"
	"  INSERT INTO article_fts(rowid, title, plain) VALUES (new.id, new.title, new.plain);\n"
	"  UPDATE search_gen SET n = n + 1;\n"
	"END;\n",
};

int db_schema_latest(void)
{
	return (int)NK_ARRAY_LEN(migrations);
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
		rc = exec_msg(h, migrations[next - 1], &msg);
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

int db_open_flags(const char *path, unsigned flags, struct db **out, char **err)
{
	*out = NULL;
	if (!path || !path[0])
		return err_set(err, NK_EINVAL, "empty database path");
	int rc = make_parent(path, err);
	if (rc)
		return rc;

	struct db *db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	int src = sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (src != SQLITE_OK) {
		rc = sql_err(err, db->h, src, path);
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 5000);

	/* Everything up to the version check only reads, so a file that is not
	 * ours (not a database, or from a newer program) is left as it was. The
	 * first read is also where SQLite finds out that a file is not a
	 * database at all. */
	int ver = 0, tables = 0;
	src = query_int(db->h, "PRAGMA user_version", &ver);
	if (src == SQLITE_OK)
		src = query_int(db->h, "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
				&tables);
	if (src != SQLITE_OK) {
		rc = sql_err(err, db->h, src, path);
		goto fail;
	}
	if (ver > db_schema_latest()) {
		rc = err_set(err, NK_EFAIL, "%s: schema version %d is newer than this program (%d)",
			     path, ver, db_schema_latest());
		goto fail;
	}
	db->is_new = ver == 0 && tables == 0;
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
	if (rc)
		goto fail;
	rc = db_exec(db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", err);
	if (rc)
		goto fail;
	rc = db_migrate(db->h, db_schema_latest(), err);
	if (rc) {
		err_prefix(err, rc, "%s", path);
		goto fail;
	}
	rc = load_kiosk_id(db, err);
	if (rc)
		goto fail;

	*out = db;
	return NK_OK;

fail:
	db_close(&db);
	return rc;
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
static void remove_sidecars(const char *path)
{
	static const char *const sfx[] = {"-journal", "-wal", "-shm"};
	for (size_t i = 0; i < NK_ARRAY_LEN(sfx); i++) {
		char *p = xasprintf("%s%s", path, sfx[i]);
		unlink(p);
		free(p);
	}
}

/* Makes a rename durable: without syncing the folder, a power cut (common
 * on kiosks) can bring back the old name after the rename reported success. */
static void sync_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path))
			  : xstrdup(".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int db_backup(struct db *db, const char *dest, char **err)
{
	/* Writing beside dest and renaming means dest is always either the old
	 * file or a whole new copy, never half a backup. */
	if (!dest || !dest[0])
		return err_set(err, NK_EINVAL, "empty backup path");
	char *tmp = xasprintf("%s.tmp", dest);
	unlink(tmp);
	remove_sidecars(tmp);

	sqlite3 *dst = NULL;
	int rc = NK_OK;
	int src = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (src != SQLITE_OK) {
		rc = sql_err(err, dst, src, dest);
		sqlite3_close(dst);
		goto fail;
	}
	sqlite3_extended_result_codes(dst, 1);

	sqlite3_backup *b = sqlite3_backup_init(dst, "main", db->h, "main");
	if (!b) {
		rc = sql_err(err, dst, sqlite3_errcode(dst), dest);
		sqlite3_close(dst);
		goto fail;
	}
	src = sqlite3_backup_step(b, -1);
	int fin = sqlite3_backup_finish(b);
	if (src != SQLITE_DONE || fin != SQLITE_OK) {
		int code = src != SQLITE_DONE ? src : fin;
		rc = err_set(err, fail_code(code), "%s: %s", dest, sqlite3_errstr(code));
		sqlite3_close(dst);
		goto fail;
	}
	src = sqlite3_close(dst);
	if (src != SQLITE_OK) {
		rc = err_set(err, fail_code(src), "%s: %s", dest, sqlite3_errstr(src));
		goto fail;
	}

	remove_sidecars(dest);
	if (rename(tmp, dest) != 0) {
		rc = err_set(err, NK_EIO, "%s: %s", dest, strerror(errno));
		goto fail;
	}
	sync_parent(dest);
	free(tmp);
	return NK_OK;

fail:
	unlink(tmp);
	remove_sidecars(tmp);
	free(tmp);
	return rc;
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
