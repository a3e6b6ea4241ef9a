/*
 * pg: push to and read from the national PostgreSQL server (pg.h).
 *
 * Identifiers in the SQL text come from our own schema (pragma_table_info)
 * and are quoted; every value travels through COPY's text format or as a
 * bound parameter, never spliced into SQL.
 */
#include "records/pg.h"

#include "core/util.h"
#include "records/people.h"
#include "records/pg_lazy.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct col {
	char *name;
	bool integer; /* declared INTEGER in SQLite: BIGINT on the server */
};

struct cols {
	struct col *v;
	size_t n, cap;
};

static void cols_free(struct cols *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].name);
	free(c->v);
	memset(c, 0, sizeof *c);
}

static int read_cols(sqlite3 *h, const char *table, struct cols *out, char **err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, "SELECT name, upper(type) FROM pragma_table_info(?1) ORDER BY cid",
			       -1, &st, NULL) != SQLITE_OK)
		return err_set(err, NK_EFAIL, "push: %s", sqlite3_errmsg(h));
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		const char *type = (const char *)sqlite3_column_text(st, 1);
		out->v[out->n].name = xstrdup((const char *)sqlite3_column_text(st, 0));
		out->v[out->n].integer = type && strstr(type, "INT");
		out->n++;
	}
	sqlite3_finalize(st);
	if (s != SQLITE_DONE || out->n == 0)
		return err_set(err, NK_EFAIL, "push: cannot read the columns of %s", table);
	return NK_OK;
}

/* ---- growing strings ---- */

struct buf {
	char *s;
	size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
	xgrow((void **)&b->s, &b->cap, b->len + n + 1, 1);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* A double-quoted identifier (ours: letters, digits and _). */
static void ident(struct buf *b, const char *alias, const char *name)
{
	if (alias) {
		puts_(b, alias);
		puts_(b, ".");
	}
	puts_(b, "\"");
	for (const char *p = name; *p; p++) {
		put(b, p, 1);
		if (*p == '"')
			put(b, p, 1);
	}
	puts_(b, "\"");
}

/* ---- the tables ---- */

/* The key of each travelling table, and where a row's province comes from
 * (the kiosk that made it; teams and members through their contest). */
static const struct {
	const char *key, *province;
} spec[MERGE_NTABLES] = {
	[MERGE_KIOSKS] = {"kiosk_id", "coalesce(t.province, '')"},
	[MERGE_PARTICIPANTS] = {"uuid", NULL},
	[MERGE_ATTEMPTS] = {"uuid", NULL},
	[MERGE_ANSWERS] = {"uuid", NULL},
	[MERGE_VISITS] = {"uuid", NULL},
	[MERGE_VIEWS] = {"uuid", NULL},
	[MERGE_CITIZEN_QUESTIONS] = {"uuid", NULL},
	[MERGE_CONTESTS] = {"uuid", NULL},
	[MERGE_CONTEST_TEAMS] = {"uuid", "coalesce((SELECT k.province FROM contests c JOIN kiosks k "
					 "ON k.kiosk_id = c.kiosk_id WHERE c.uuid = t.contest_uuid), '')"},
	[MERGE_CONTEST_MEMBERS] = {"uuid", "coalesce((SELECT k.province FROM contest_teams ct JOIN "
					   "contests c ON c.uuid = ct.contest_uuid JOIN kiosks k ON "
					   "k.kiosk_id = c.kiosk_id WHERE ct.uuid = t.team_uuid), '')"},
};

#define KIOSK_PROVINCE                                                                     \
	"coalesce((SELECT k.province FROM kiosks k WHERE k.kiosk_id = t.kiosk_id), '')"

bool pg_is_uri(const char *s)
{
	return s && (strncmp(s, "postgresql://", 13) == 0 || strncmp(s, "postgres://", 11) == 0);
}

static int pg_fail(PGconn *c, const char *what, char **err)
{
	const char *m = c ? PQerrorMessage(c) : "no connection";
	size_t n = strlen(m);
	while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
		n--;
	return err_set(err, NK_EFAIL, "%s: %.*s", what, (int)n, m);
}

/* Runs a statement with no rows wanted. */
static int pg_run(PGconn *c, const char *sql, int nparams, const char *const *params,
		  const char *what, char **err)
{
	PGresult *r = PQexecParams(c, sql, nparams, NULL, params, NULL, NULL, 0);
	ExecStatusType s = PQresultStatus(r);
	int rc = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? NK_OK : pg_fail(c, what, err);
	PQclear(r);
	return rc;
}

static int pg_connect(const char *conninfo, PGconn **out, char **err)
{
	*out = NULL;
	int rc = pg_lazy_load(err);
	if (rc)
		return rc;
	*out = PQconnectdb(conninfo);
	if (PQstatus(*out) != CONNECTION_OK) {
		int rc = pg_fail(*out, "postgresql", err);
		PQfinish(*out);
		*out = NULL;
		return rc;
	}
	/* Quiet the server's notices ("relation already exists, skipping"). */
	return pg_run(*out, "SET client_min_messages = warning", 0, NULL, "postgresql", err);
}

/* The national table: the same columns, text compared byte by byte as
 * SQLite does (so the version rule orders kiosk ids alike), partitioned by
 * province. Columns a newer kiosk brings are added. */
static int ensure_table(PGconn *c, const char *t, const struct cols *cols, const char *key,
			char **err)
{
	struct buf b = {0};
	puts_(&b, "CREATE TABLE IF NOT EXISTS ");
	ident(&b, NULL, t);
	puts_(&b, " (province_part TEXT COLLATE \"C\" NOT NULL");
	for (size_t i = 0; i < cols->n; i++) {
		puts_(&b, ", ");
		ident(&b, NULL, cols->v[i].name);
		puts_(&b, cols->v[i].integer ? " BIGINT" : " TEXT COLLATE \"C\"");
	}
	puts_(&b, ", PRIMARY KEY (province_part, ");
	ident(&b, NULL, key);
	puts_(&b, ")) PARTITION BY LIST (province_part)");
	int rc = pg_run(c, b.s, 0, NULL, t, err);
	for (size_t i = 0; !rc && i < cols->n; i++) {
		b.len = 0;
		puts_(&b, "ALTER TABLE ");
		ident(&b, NULL, t);
		puts_(&b, " ADD COLUMN IF NOT EXISTS ");
		ident(&b, NULL, cols->v[i].name);
		puts_(&b, cols->v[i].integer ? " BIGINT" : " TEXT COLLATE \"C\"");
		rc = pg_run(c, b.s, 0, NULL, t, err);
	}
	/* A record whose kiosk moved to another province is found by key. */
	if (!rc) {
		b.len = 0;
		puts_(&b, "CREATE INDEX IF NOT EXISTS ");
		char name[96];
		snprintf(name, sizeof name, "%s_%s_key", t, key);
		ident(&b, NULL, name);
		puts_(&b, " ON ");
		ident(&b, NULL, t);
		puts_(&b, " (");
		ident(&b, NULL, key);
		puts_(&b, ")");
		rc = pg_run(c, b.s, 0, NULL, t, err);
	}
	free(b.s);
	return rc;
}

/* One partition per province the staged rows name. */
static int ensure_partitions(PGconn *c, const char *t, char **err)
{
	const char *params[] = {t};
	PGresult *r = PQexecParams(
		c,
		"SELECT format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES IN (%L)', "
		"$1 || '_' || substr(md5(p.province_part), 1, 12), $1, p.province_part) "
		"FROM (SELECT DISTINCT province_part FROM pg_temp.stage) p",
		1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		PQclear(r);
		return pg_fail(c, t, err);
	}
	int rc = NK_OK;
	for (int i = 0; !rc && i < PQntuples(r); i++)
		rc = pg_run(c, PQgetvalue(r, i, 0), 0, NULL, t, err);
	PQclear(r);
	return rc;
}

/* COPY's text format: backslash, tab, newline and carriage return escaped. */
static void copy_field(struct buf *b, const char *s)
{
	for (const char *p = s; *p; p++) {
		switch (*p) {
		case '\\': puts_(b, "\\\\"); break;
		case '\t': puts_(b, "\\t"); break;
		case '\n': puts_(b, "\\n"); break;
		case '\r': puts_(b, "\\r"); break;
		default: put(b, p, 1);
		}
	}
}

static int stage_rows(PGconn *c, sqlite3 *h, enum merge_table which, const struct cols *cols,
		      int64_t *sent, char **err)
{
	const char *t = merge_table_name(which);
	struct buf q = {0};
	puts_(&q, "SELECT ");
	puts_(&q, spec[which].province ? spec[which].province : KIOSK_PROVINCE);
	for (size_t i = 0; i < cols->n; i++) {
		puts_(&q, ", ");
		if (which == MERGE_PARTICIPANTS && strcmp(cols->v[i].name, "person_key") == 0)
			puts_(&q, "coalesce(t.person_key, nk_person_key(t.full_name, t.birth_year, "
				  "t.village, t.phone))");
		else
			ident(&q, "t", cols->v[i].name);
	}
	puts_(&q, " FROM ");
	ident(&q, NULL, t);
	puts_(&q, " AS t");
	sqlite3_stmt *st;
	int s = sqlite3_prepare_v2(h, q.s, -1, &st, NULL);
	free(q.s);
	if (s != SQLITE_OK)
		return err_set(err, NK_EFAIL, "push: %s: %s", t, sqlite3_errmsg(h));

	struct buf b = {0};
	puts_(&b, "COPY pg_temp.stage (province_part");
	for (size_t i = 0; i < cols->n; i++) {
		puts_(&b, ", ");
		ident(&b, NULL, cols->v[i].name);
	}
	puts_(&b, ") FROM STDIN");
	PGresult *r = PQexec(c, b.s);
	int rc = PQresultStatus(r) == PGRES_COPY_IN ? NK_OK : pg_fail(c, t, err);
	PQclear(r);
	b.len = 0;
	while (!rc && (s = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i <= (int)cols->n; i++) {
			if (i)
				puts_(&b, "\t");
			if (sqlite3_column_type(st, i) == SQLITE_NULL)
				puts_(&b, "\\N");
			else
				copy_field(&b, (const char *)sqlite3_column_text(st, i));
		}
		puts_(&b, "\n");
		(*sent)++;
		if (b.len >= 1 << 16) {
			if (PQputCopyData(c, b.s, (int)b.len) != 1)
				rc = pg_fail(c, t, err);
			b.len = 0;
		}
	}
	if (!rc && s != SQLITE_DONE)
		rc = err_set(err, NK_EFAIL, "push: %s: %s", t, sqlite3_errmsg(h));
	sqlite3_finalize(st);
	if (b.len && PQputCopyData(c, b.s, (int)b.len) != 1 && !rc)
		rc = pg_fail(c, t, err);
	free(b.s);
	if (PQputCopyEnd(c, rc ? "stopped" : NULL) != 1 && !rc)
		rc = pg_fail(c, t, err);
	while ((r = PQgetResult(c)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && !rc)
			rc = pg_fail(c, t, err);
		PQclear(r);
	}
	return rc;
}

/* The rule of merge, on the server: a row moved to another province is
 * taken out of its old one when the new version is newer; then each staged
 * row is inserted, or replaces the row under its key when newer. */
static int apply_stage(PGconn *c, const char *t, const struct cols *cols, const char *key,
		       int64_t *written, char **err)
{
	struct buf b = {0};
	puts_(&b, "DELETE FROM ");
	ident(&b, NULL, t);
	puts_(&b, " AS o USING pg_temp.stage AS s WHERE ");
	ident(&b, "o", key);
	puts_(&b, " = ");
	ident(&b, "s", key);
	puts_(&b, " AND o.province_part <> s.province_part AND (s.sync_version, s.sync_by) > "
		  "(o.sync_version, o.sync_by)");
	int rc = pg_run(c, b.s, 0, NULL, t, err);

	b.len = 0;
	puts_(&b, "INSERT INTO ");
	ident(&b, NULL, t);
	puts_(&b, " AS o (province_part");
	for (size_t i = 0; i < cols->n; i++) {
		puts_(&b, ", ");
		ident(&b, NULL, cols->v[i].name);
	}
	puts_(&b, ") SELECT s.province_part");
	for (size_t i = 0; i < cols->n; i++) {
		puts_(&b, ", ");
		ident(&b, "s", cols->v[i].name);
	}
	puts_(&b, " FROM pg_temp.stage AS s WHERE NOT EXISTS (SELECT 1 FROM ");
	ident(&b, NULL, t);
	puts_(&b, " AS x WHERE ");
	ident(&b, "x", key);
	puts_(&b, " = ");
	ident(&b, "s", key);
	puts_(&b, " AND x.province_part <> s.province_part) ON CONFLICT (province_part, ");
	ident(&b, NULL, key);
	puts_(&b, ") DO UPDATE SET ");
	bool first = true;
	for (size_t i = 0; i < cols->n; i++) {
		if (strcmp(cols->v[i].name, key) == 0)
			continue;
		puts_(&b, first ? "" : ", ");
		first = false;
		ident(&b, NULL, cols->v[i].name);
		puts_(&b, " = ");
		ident(&b, "EXCLUDED", cols->v[i].name);
	}
	puts_(&b, " WHERE (EXCLUDED.sync_version, EXCLUDED.sync_by) > (o.sync_version, o.sync_by)");
	if (!rc) {
		PGresult *r = PQexec(c, b.s);
		if (PQresultStatus(r) == PGRES_COMMAND_OK)
			*written = strtoll(PQcmdTuples(r), NULL, 10);
		else
			rc = pg_fail(c, t, err);
		PQclear(r);
	}
	free(b.s);
	return rc;
}

static int push_table(PGconn *c, sqlite3 *h, enum merge_table which,
		      struct pg_push_report *rep, char **err)
{
	const char *t = merge_table_name(which);
	struct cols cols = {0};
	int rc = read_cols(h, t, &cols, err);
	if (!rc)
		rc = ensure_table(c, t, &cols, spec[which].key, err);
	if (!rc) {
		struct buf b = {0};
		puts_(&b, "CREATE TEMP TABLE stage (LIKE ");
		ident(&b, NULL, t);
		puts_(&b, ") ON COMMIT DROP");
		rc = pg_run(c, b.s, 0, NULL, t, err);
		free(b.s);
	}
	if (!rc)
		rc = stage_rows(c, h, which, &cols, &rep->sent[which], err);
	if (!rc)
		rc = ensure_partitions(c, t, err);
	if (!rc)
		rc = apply_stage(c, t, &cols, spec[which].key, &rep->written[which], err);
	if (!rc)
		rc = pg_run(c, "DROP TABLE pg_temp.stage", 0, NULL, t, err);
	cols_free(&cols);
	return rc;
}

int pg_push(struct db *db, const char *conninfo, struct pg_push_report *rep, char **err)
{
	memset(rep, 0, sizeof *rep);
	sqlite3 *h = db_sqlite(db);
	if (person_key_register(h) != SQLITE_OK)
		return err_set(err, NK_EFAIL, "push: %s", sqlite3_errmsg(h));
	PGconn *c = NULL;
	int rc = pg_connect(conninfo, &c, err);
	if (rc)
		return rc;
	/* One transaction on each side: the server sees all of the file or
	 * none of it, and the file does not change while it is read. Pushes
	 * are serialised, so two never create the same partition at once. */
	rc = pg_run(c, "BEGIN", 0, NULL, "postgresql", err);
	if (!rc)
		rc = pg_run(c, "SELECT pg_advisory_xact_lock(7162020)", 0, NULL, "postgresql", err);
	if (!rc && sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		rc = err_set(err, NK_EFAIL, "push: %s", sqlite3_errmsg(h));
	for (int t = 0; !rc && t < MERGE_NTABLES; t++)
		rc = push_table(c, h, (enum merge_table)t, rep, err);
	if (!sqlite3_get_autocommit(h))
		sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
	if (!rc)
		rc = pg_run(c, "COMMIT", 0, NULL, "postgresql", err);
	else
		PQclear(PQexec(c, "ROLLBACK"));
	PQfinish(c);
	return rc;
}

/* ---- reading a period back ---- */

/* What the report reads, table by table, parents first; $1 and $2 bound
 * the period, $3 the province ('' for all). Names and phones stay on the
 * server (the report counts people by their key). */
static const struct {
	enum merge_table table;
	const char *where;
} wanted[] = {
	{MERGE_KIOSKS, "($3 = '' OR province_part = $3)"},
	{MERGE_PARTICIPANTS,
	 "($3 = '' OR province_part = $3) AND uuid IN (SELECT participant_uuid FROM attempts a "
	 "WHERE a.started_at >= $1 AND a.started_at < $2 AND ($3 = '' OR a.province_part = $3))"},
	{MERGE_ATTEMPTS, "($3 = '' OR province_part = $3) AND started_at >= $1 AND started_at < $2"},
	{MERGE_VISITS, "($3 = '' OR province_part = $3) AND started_at >= $1 AND started_at < $2"},
	{MERGE_VIEWS, "($3 = '' OR province_part = $3) AND started_at >= $1 AND started_at < $2"},
	{MERGE_CITIZEN_QUESTIONS, "($3 = '' OR province_part = $3) AND asked_at >= $1 AND asked_at < $2"},
	/* Contests are few, and the report decides by the day each was held
	 * (a local date) and whether it ran: all of the province's come. */
	{MERGE_CONTESTS, "($3 = '' OR province_part = $3)"},
	{MERGE_CONTEST_TEAMS, "($3 = '' OR province_part = $3)"},
	{MERGE_CONTEST_MEMBERS, "($3 = '' OR province_part = $3)"},
};

static int fetch_table(PGconn *c, sqlite3 *h, enum merge_table which, const char *where,
		       const char *const params[3], char **err)
{
	const char *t = merge_table_name(which);
	struct cols cols = {0};
	int rc = read_cols(h, t, &cols, err);
	struct buf q = {0}, ins = {0};
	puts_(&q, "SELECT ");
	puts_(&ins, "INSERT OR REPLACE INTO main.");
	ident(&ins, NULL, t);
	puts_(&ins, " (");
	for (size_t i = 0; !rc && i < cols.n; i++) {
		const char *n = cols.v[i].name;
		puts_(&q, i ? ", " : "");
		puts_(&ins, i ? ", " : "");
		if (which == MERGE_PARTICIPANTS &&
		    (strcmp(n, "full_name") == 0 || strcmp(n, "phone") == 0))
			puts_(&q, "NULL");
		else
			ident(&q, NULL, n);
		ident(&ins, NULL, n);
	}
	puts_(&q, " FROM ");
	ident(&q, NULL, t);
	puts_(&q, " WHERE ");
	puts_(&q, where);
	puts_(&ins, ") VALUES (");
	for (size_t i = 0; i < cols.n; i++)
		puts_(&ins, i ? ", ?" : "?");
	puts_(&ins, ")");

	sqlite3_stmt *st = NULL;
	if (!rc && sqlite3_prepare_v2(h, ins.s, -1, &st, NULL) != SQLITE_OK)
		rc = err_set(err, NK_EFAIL, "report: %s: %s", t, sqlite3_errmsg(h));
	/* Row by row, so a large period never sits in memory whole. */
	static const Oid text_types[3] = {25, 25, 25}; /* text: some queries leave one out */
	if (!rc && (!PQsendQueryParams(c, q.s, 3, text_types, params, NULL, NULL, 0) ||
		    !PQsetSingleRowMode(c)))
		rc = pg_fail(c, t, err);
	PGresult *r;
	bool done = rc != NK_OK;
	while ((r = PQgetResult(c)) != NULL) {
		ExecStatusType s = PQresultStatus(r);
		if (!done && s == PGRES_SINGLE_TUPLE) {
			sqlite3_reset(st);
			for (int i = 0; i < (int)cols.n; i++) {
				if (PQgetisnull(r, 0, i))
					sqlite3_bind_null(st, i + 1);
				else if (cols.v[i].integer)
					sqlite3_bind_int64(st, i + 1, strtoll(PQgetvalue(r, 0, i), NULL, 10));
				else
					sqlite3_bind_text(st, i + 1, PQgetvalue(r, 0, i), -1,
							  SQLITE_TRANSIENT);
			}
			if (sqlite3_step(st) != SQLITE_DONE) {
				rc = err_set(err, NK_EFAIL, "report: %s: %s", t, sqlite3_errmsg(h));
				done = true;
			}
		} else if (!done && s != PGRES_TUPLES_OK) {
			rc = pg_fail(c, t, err);
			done = true;
		}
		PQclear(r);
	}
	sqlite3_finalize(st);
	free(q.s);
	free(ins.s);
	cols_free(&cols);
	return rc;
}

int pg_fetch_period(const char *conninfo, const char *from_utc, const char *to_utc,
		    const char *province, struct db *into, char **err)
{
	PGconn *c = NULL;
	int rc = pg_connect(conninfo, &c, err);
	if (rc)
		return rc;
	sqlite3 *h = db_sqlite(into);
	const char *params[3] = {from_utc, to_utc, province ? province : ""};
	/* One snapshot of the server for every table. */
	rc = pg_run(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, "postgresql",
		    err);
	if (!rc && sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		rc = err_set(err, NK_EFAIL, "report: %s", sqlite3_errmsg(h));
	for (size_t i = 0; !rc && i < NK_ARRAY_LEN(wanted); i++)
		rc = fetch_table(c, h, wanted[i].table, wanted[i].where, params, err);
	if (!sqlite3_get_autocommit(h))
		sqlite3_exec(h, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
	PQclear(PQexec(c, rc ? "ROLLBACK" : "COMMIT"));
	PQfinish(c);
	return rc;
}
