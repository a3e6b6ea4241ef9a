/*
 * merge: one set-based pass per table over a read-only attached source,
 * on a connection of its own. Column lists and foreign keys are read from
 * the schema at run time, so a column added by a later migration is merged
 * without touching this file; the SQL text holds only identifiers from the
 * schema (quoted), and every value stays inside SQLite. It never prints and
 * never writes to the source.
 */
#include "records/merge.h"

#include "core/util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct table_def {
	const char *name, *key;
};

/* Parents before children, so every foreign key finds its row. */
static const struct table_def tables[MERGE_NTABLES] = {
	[MERGE_KIOSKS] = {"kiosks", "kiosk_id"},
	[MERGE_PARTICIPANTS] = {"participants", "uuid"},
	[MERGE_ATTEMPTS] = {"attempts", "uuid"},
	[MERGE_ANSWERS] = {"answers", "uuid"},
	[MERGE_VISITS] = {"visits", "uuid"},
	[MERGE_VIEWS] = {"views", "uuid"},
	[MERGE_CITIZEN_QUESTIONS] = {"citizen_questions", "uuid"},
	[MERGE_CONTESTS] = {"contests", "uuid"},
	[MERGE_CONTEST_TEAMS] = {"contest_teams", "uuid"},
	[MERGE_CONTEST_MEMBERS] = {"contest_members", "uuid"},
};

const char *merge_table_name(enum merge_table t)
{
	return (unsigned)t < MERGE_NTABLES ? tables[t].name : NULL;
}

/* ---- building SQL text from schema identifiers ---- */

struct sb {
	char *s;
	size_t len, cap;
};

static void sb_cat(struct sb *b, const char *s)
{
	size_t n = strlen(s);
	xgrow((void **)&b->s, &b->cap, b->len + n + 1, 1);
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

/* An identifier in double quotes, inner quotes doubled, optionally after a
 * table alias ("s."). */
static void sb_ident(struct sb *b, const char *alias, const char *name)
{
	if (alias) {
		sb_cat(b, alias);
		sb_cat(b, ".");
	}
	sb_cat(b, "\"");
	for (const char *p = name; *p; p++) {
		char c[3] = {*p, *p == '"' ? '"' : '\0', '\0'};
		sb_cat(b, c);
	}
	sb_cat(b, "\"");
}

/* ---- schema ---- */

struct strv {
	char **v;
	size_t n, cap;
};

static void strv_add(struct strv *a, const char *s)
{
	xgrow((void **)&a->v, &a->cap, a->n + 1, sizeof *a->v);
	a->v[a->n++] = xstrdup(s ? s : "");
}

static void strv_free(struct strv *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	memset(a, 0, sizeof *a);
}

static int sql_fail(sqlite3 *h, int s, const char *what, char **err)
{
	int code = db_errcode(s);
	return err_set(err, code ? code : NK_EFAIL, "merge: %s: %s", what, sqlite3_errmsg(h));
}

/* Text columns of a query with up to two bound text arguments, appended
 * to out[0..ncols) row by row. */
static int query_strings(sqlite3 *h, const char *sql, const char *a1, const char *a2,
			 struct strv *out, int ncols, char **err)
{
	sqlite3_stmt *st;
	int s = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (s != SQLITE_OK)
		return sql_fail(h, s, "schema", err);
	sqlite3_bind_text(st, 1, a1, -1, SQLITE_STATIC);
	if (a2)
		sqlite3_bind_text(st, 2, a2, -1, SQLITE_STATIC);
	while ((s = sqlite3_step(st)) == SQLITE_ROW)
		for (int i = 0; i < ncols; i++) {
			const char *v = (const char *)sqlite3_column_text(st, i);
			/* NULL is kept as "" so the columns stay aligned. */
			strv_add(&out[i], v);
		}
	int rc = s == SQLITE_DONE ? NK_OK : sql_fail(h, s, "schema", err);
	sqlite3_finalize(st);
	return rc;
}

static int table_columns(sqlite3 *h, const char *schema, const char *table, struct strv *cols,
			 char **err)
{
	return query_strings(h, "SELECT name FROM pragma_table_info(?1, ?2) ORDER BY cid", table,
			     schema, cols, 1, err);
}

/* The source must hold the same tables with the same columns: the same
 * user_version should mean that, but a hand-edited or half-migrated file
 * would otherwise fail halfway or copy into the wrong columns. */
static int check_columns(sqlite3 *h, const char *src_path, char **err)
{
	int rc = NK_OK;
	for (size_t t = 0; !rc && t < MERGE_NTABLES; t++) {
		struct strv a = {0}, b = {0};
		rc = table_columns(h, "main", tables[t].name, &a, err);
		if (!rc)
			rc = table_columns(h, "src", tables[t].name, &b, err);
		bool same = !rc && a.n == b.n && a.n > 0;
		for (size_t i = 0; same && i < a.n; i++)
			same = strcmp(a.v[i], b.v[i]) == 0;
		if (!rc && !same)
			rc = err_set(err, NK_EINVAL,
				     "%s: table %s does not have the columns this database has",
				     src_path, tables[t].name);
		strv_free(&a);
		strv_free(&b);
	}
	return rc;
}

static int pragma_int(sqlite3 *h, const char *sql, int *out, char **err)
{
	sqlite3_stmt *st;
	int s = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (s == SQLITE_OK) {
		s = sqlite3_step(st);
		if (s == SQLITE_ROW)
			*out = sqlite3_column_int(st, 0);
	}
	int rc = s == SQLITE_ROW ? NK_OK : sql_fail(h, s, "schema", err);
	sqlite3_finalize(st);
	return rc;
}

static int check_version(sqlite3 *h, const char *src_path, char **err)
{
	int mine = 0, theirs = 0, ntables = 0;
	/* The first read of the source is where SQLite finds out whether it is
	 * a database at all. */
	if (pragma_int(h, "SELECT count(*) FROM src.sqlite_master", &ntables, err) ||
	    pragma_int(h, "PRAGMA src.user_version", &theirs, err) ||
	    pragma_int(h, "PRAGMA main.user_version", &mine, err))
		return err_prefix(err, NK_EINVAL, "%s", src_path);
	if (theirs == 0)
		return err_set(err, NK_EINVAL, "%s: not an ntmkiosk database", src_path);
	if (theirs < mine)
		return err_set(err, NK_EINVAL,
			       "%s: schema version %d; open it once with this version of "
			       "ntmkiosk first",
			       src_path, theirs);
	if (theirs > mine)
		return err_set(err, NK_EINVAL,
			       "%s: schema version %d is newer than this database's (%d); merge "
			       "it with a newer ntmkiosk",
			       src_path, theirs, mine);
	return NK_OK;
}

/* ---- the report ---- */

static void conflict(struct merge_report *rep, const char *fmt, ...) NK_PRINTF(2, 3);

static void conflict(struct merge_report *rep, const char *fmt, ...)
{
	rep->conflicts++;
	if (rep->nconflicts >= MERGE_MAX_LINES)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *line = xvasprintf(fmt, ap);
	va_end(ap);
	rep->conflict_lines = xrealloc(rep->conflict_lines,
				       (rep->nconflicts + 1) * sizeof *rep->conflict_lines);
	rep->conflict_lines[rep->nconflicts++] = line;
}

void merge_report_free(struct merge_report *rep)
{
	if (!rep)
		return;
	for (size_t i = 0; i < rep->nconflicts; i++)
		free(rep->conflict_lines[i]);
	free(rep->conflict_lines);
	memset(rep, 0, sizeof *rep);
}

/* ---- one table ---- */

struct fkey {
	struct strv parent, from, to;
};

static int foreign_keys(sqlite3 *h, const char *table, struct fkey *fk, char **err)
{
	struct strv cols[3] = {{0}};
	int rc = query_strings(h,
			       "SELECT \"table\", \"from\", \"to\" FROM "
			       "pragma_foreign_key_list(?1, 'main') ORDER BY id, seq",
			       table, NULL, cols, 3, err);
	fk->parent = cols[0];
	fk->from = cols[1];
	fk->to = cols[2];
	/* A key declared without a column refers to the parent's primary key. */
	for (size_t i = 0; !rc && i < fk->to.n; i++) {
		if (fk->to.v[i][0])
			continue;
		struct strv pk = {0};
		rc = query_strings(h, "SELECT name FROM pragma_table_info(?1, 'main') WHERE pk = 1",
				   fk->parent.v[i], NULL, &pk, 1, err);
		if (!rc && pk.n != 1)
			rc = err_set(err, NK_EFAIL, "merge: %s: cannot tell the key of %s", table,
				     fk->parent.v[i]);
		if (!rc) {
			free(fk->to.v[i]);
			fk->to.v[i] = xstrdup(pk.v[0]);
		}
		strv_free(&pk);
	}
	return rc;
}

static void fkey_free(struct fkey *fk)
{
	strv_free(&fk->parent);
	strv_free(&fk->from);
	strv_free(&fk->to);
}

/* "s.<from> IS NULL OR EXISTS (SELECT 1 FROM main.<parent> AS p WHERE
 * p.<to> = s.<from>)": the parent of foreign key i is here (or none is
 * needed). */
static void sb_parent_ok(struct sb *b, const struct fkey *fk, size_t i)
{
	sb_cat(b, "(");
	sb_ident(b, "s", fk->from.v[i]);
	sb_cat(b, " IS NULL OR EXISTS (SELECT 1 FROM main.");
	sb_ident(b, NULL, fk->parent.v[i]);
	sb_cat(b, " AS p WHERE ");
	sb_ident(b, "p", fk->to.v[i]);
	sb_cat(b, " = ");
	sb_ident(b, "s", fk->from.v[i]);
	sb_cat(b, "))");
}

/* " FROM src.<t> AS s WHERE NOT EXISTS (the same key in main)" */
static void sb_missing(struct sb *b, const struct table_def *t)
{
	sb_cat(b, " FROM src.");
	sb_ident(b, NULL, t->name);
	sb_cat(b, " AS s WHERE NOT EXISTS (SELECT 1 FROM main.");
	sb_ident(b, NULL, t->name);
	sb_cat(b, " AS m WHERE ");
	sb_ident(b, "m", t->key);
	sb_cat(b, " = ");
	sb_ident(b, "s", t->key);
	sb_cat(b, ")");
}

static bool is_sync_column(const char *c)
{
	return strncmp(c, "sync_", 5) == 0;
}

/* "(s.sync_version, s.sync_by) > (m.sync_version, m.sync_by)": the source's
 * version of the row is the newer one (the rule, records/sync.h). */
#define SRC_NEWER "(s.sync_version, s.sync_by) > (m.sync_version, m.sync_by)"

/* " FROM src.<t> AS s CROSS JOIN main.<t> AS m ON m.<key> = s.<key>":
 * CROSS JOIN keeps the source as the outer loop, so the cost follows the
 * file being merged, not the district's table, which grows with every
 * file (SQLite has no statistics to tell which is smaller). */
static void sb_join(struct sb *b, const struct table_def *t)
{
	sb_cat(b, " FROM src.");
	sb_ident(b, NULL, t->name);
	sb_cat(b, " AS s CROSS JOIN main.");
	sb_ident(b, NULL, t->name);
	sb_cat(b, " AS m ON ");
	sb_ident(b, "m", t->key);
	sb_cat(b, " = ");
	sb_ident(b, "s", t->key);
}

/* json_object('col', <alias>.col, ...) over every column. */
static void sb_json_row(struct sb *b, const char *alias, const struct strv *cols)
{
	sb_cat(b, "json_object(");
	for (size_t i = 0; i < cols->n; i++) {
		sb_cat(b, i ? ", '" : "'");
		sb_cat(b, cols->v[i]); /* schema names: letters, digits and _ */
		sb_cat(b, "', ");
		sb_ident(b, alias, cols->v[i]);
	}
	sb_cat(b, ")");
}

/*
 * Rows under keys already here, counted as the same version, or as an
 * older one (ours is kept) or a newer one (replaced below). Where the two
 * versions were made each on its own (neither was made on top of the
 * other) and say different things, the loser is set aside in
 * sync_conflicts with the columns that differ, and reported.
 */
static int compare_rows(sqlite3 *h, const struct table_def *t, const struct strv *cols,
			const char *src_path, enum merge_table which, struct merge_report *rep,
			char **err)
{
	struct sb b = {0};
	sb_cat(&b, "SELECT ");
	sb_ident(&b, "s", t->key);
	sb_cat(&b, ", s.sync_version = m.sync_version AND s.sync_by = m.sync_by, " SRC_NEWER
		   ", CASE WHEN " SRC_NEWER " THEN s.sync_by <> m.sync_by AND s.sync_base < "
		   "m.sync_version ELSE s.sync_by <> m.sync_by AND m.sync_base < s.sync_version "
		   "END, rtrim(''");
	for (size_t i = 0; i < cols->n; i++) {
		if (is_sync_column(cols->v[i]))
			continue;
		sb_cat(&b, " || CASE WHEN ");
		sb_ident(&b, "s", cols->v[i]);
		sb_cat(&b, " IS NOT ");
		sb_ident(&b, "m", cols->v[i]);
		sb_cat(&b, " THEN '");
		sb_cat(&b, cols->v[i]);
		sb_cat(&b, ", ' ELSE '' END");
	}
	/* kept version and by, lost version and by, the lost row */
	sb_cat(&b, ", ', '), CASE WHEN " SRC_NEWER " THEN s.sync_version ELSE m.sync_version END,"
		   " CASE WHEN " SRC_NEWER " THEN s.sync_by ELSE m.sync_by END,"
		   " CASE WHEN " SRC_NEWER " THEN m.sync_version ELSE s.sync_version END,"
		   " CASE WHEN " SRC_NEWER " THEN m.sync_by ELSE s.sync_by END,"
		   " CASE WHEN " SRC_NEWER " THEN ");
	sb_json_row(&b, "m", cols);
	sb_cat(&b, " ELSE ");
	sb_json_row(&b, "s", cols);
	sb_cat(&b, " END");
	sb_join(&b, t);

	sqlite3_stmt *st, *ins = NULL;
	int s = sqlite3_prepare_v2(h, b.s, -1, &st, NULL);
	free(b.s);
	if (s != SQLITE_OK)
		return sql_fail(h, s, t->name, err);
	s = sqlite3_prepare_v2(h,
			       "INSERT OR IGNORE INTO main.sync_conflicts(tbl, key, kept_version, "
			       "kept_by, lost_version, lost_by, columns, lost_row, noted_at, source) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
			       "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?9)",
			       -1, &ins, NULL);
	if (s != SQLITE_OK) {
		sqlite3_finalize(st);
		return sql_fail(h, s, "sync_conflicts", err);
	}
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_int(st, 1)) {
			rep->same[which]++;
			continue;
		}
		if (!sqlite3_column_int(st, 2))
			rep->kept[which]++;
		const char *key = (const char *)sqlite3_column_text(st, 0);
		const char *diff = (const char *)sqlite3_column_text(st, 4);
		if (!sqlite3_column_int(st, 3) || !diff || !diff[0])
			continue;
		/* Made each on its own and different: one is set aside. */
		sqlite3_reset(ins);
		sqlite3_bind_text(ins, 1, t->name, -1, SQLITE_STATIC);
		sqlite3_bind_value(ins, 2, sqlite3_column_value(st, 0));
		for (int i = 0; i < 4; i++)
			sqlite3_bind_value(ins, 3 + i, sqlite3_column_value(st, 5 + i));
		sqlite3_bind_text(ins, 7, diff, -1, SQLITE_TRANSIENT);
		sqlite3_bind_value(ins, 8, sqlite3_column_value(st, 9));
		sqlite3_bind_text(ins, 9, src_path, -1, SQLITE_STATIC);
		int is = sqlite3_step(ins);
		if (is != SQLITE_DONE) {
			s = is;
			break;
		}
		if (sqlite3_changes(h) > 0) {
			const char *kept_by = (const char *)sqlite3_column_text(st, 6);
			conflict(rep, "%s %s: changed in two places (%s); kept the change of %s",
				 t->name, key ? key : "", diff, kept_by ? kept_by : "");
		}
	}
	int rc = s == SQLITE_DONE ? NK_OK : sql_fail(h, s, t->name, err);
	sqlite3_finalize(st);
	sqlite3_finalize(ins);
	return rc;
}

static int run(sqlite3 *h, const char *sql, const char *what, char **err)
{
	sqlite3_stmt *st;
	int s = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (s == SQLITE_OK)
		s = sqlite3_step(st);
	int rc = s == SQLITE_DONE ? NK_OK : sql_fail(h, s, what, err);
	sqlite3_finalize(st);
	return rc;
}

/* Rows whose source version is newer take every column from the source,
 * version columns included (so the triggers leave them alone). OR IGNORE
 * skips a row that would clash on another unique column; the parents of
 * the new values must be here. */
static int replace_newer(sqlite3 *h, const struct table_def *t, const struct strv *cols,
			 const struct fkey *fk, int64_t *updated, char **err);

/* Copies the rows whose key is missing here and whose parents are here.
 * OR IGNORE leaves out a row that clashes on another unique column; such
 * rows, like those without a parent, are still missing afterwards and are
 * reported by left_out. */
static int copy_missing(sqlite3 *h, const struct table_def *t, const struct strv *cols,
			const struct fkey *fk, int64_t *added, char **err)
{
	struct sb b = {0};
	sb_cat(&b, "INSERT OR IGNORE INTO main.");
	sb_ident(&b, NULL, t->name);
	sb_cat(&b, " (");
	for (size_t i = 0; i < cols->n; i++) {
		sb_cat(&b, i ? ", " : "");
		sb_ident(&b, NULL, cols->v[i]);
	}
	sb_cat(&b, ") SELECT ");
	for (size_t i = 0; i < cols->n; i++) {
		sb_cat(&b, i ? ", " : "");
		sb_ident(&b, "s", cols->v[i]);
	}
	sb_missing(&b, t);
	for (size_t i = 0; i < fk->from.n; i++) {
		sb_cat(&b, " AND ");
		sb_parent_ok(&b, fk, i);
	}
	int rc = run(h, b.s, t->name, err);
	free(b.s);
	if (!rc)
		*added = sqlite3_changes(h);
	return rc;
}

static int replace_newer(sqlite3 *h, const struct table_def *t, const struct strv *cols,
			 const struct fkey *fk, int64_t *updated, char **err)
{
	/* UPDATE main.t SET (cols) = (SELECT s.cols FROM src.t AS s WHERE
	 * s.key = main.t.key) WHERE key IN (the keys whose source row is newer
	 * and has its parents here): the keys are found from the source side
	 * once, then each row is reached by its key. */
	struct sb b = {0};
	sb_cat(&b, "UPDATE OR IGNORE main.");
	sb_ident(&b, NULL, t->name);
	sb_cat(&b, " SET (");
	for (size_t i = 0; i < cols->n; i++) {
		sb_cat(&b, i ? ", " : "");
		sb_ident(&b, NULL, cols->v[i]);
	}
	sb_cat(&b, ") = (SELECT ");
	for (size_t i = 0; i < cols->n; i++) {
		sb_cat(&b, i ? ", " : "");
		sb_ident(&b, "s", cols->v[i]);
	}
	sb_cat(&b, " FROM src.");
	sb_ident(&b, NULL, t->name);
	sb_cat(&b, " AS s WHERE ");
	sb_ident(&b, "s", t->key);
	sb_cat(&b, " = main.");
	sb_ident(&b, NULL, t->name);
	sb_cat(&b, ".");
	sb_ident(&b, NULL, t->key);
	sb_cat(&b, ") WHERE ");
	sb_ident(&b, NULL, t->key);
	sb_cat(&b, " IN (SELECT ");
	sb_ident(&b, "s", t->key);
	sb_join(&b, t);
	sb_cat(&b, " WHERE " SRC_NEWER);
	for (size_t i = 0; i < fk->from.n; i++) {
		sb_cat(&b, " AND ");
		sb_parent_ok(&b, fk, i);
	}
	sb_cat(&b, ")");
	int rc = run(h, b.s, t->name, err);
	free(b.s);
	if (!rc)
		*updated = sqlite3_changes(h);
	return rc;
}

/* The clock moves past every version brought in, so a change made here
 * after the merge is newer than all of them, whatever the wall clock says.
 * The source's own clock is past every version it holds. */
static int advance_clock(sqlite3 *h, char **err)
{
	return run(h,
		   "UPDATE main.sync_clock SET last = max(last, (SELECT coalesce(max(last), 0) "
		   "FROM src.sync_clock))",
		   "sync_clock", err);
}

/* Whether INSERT OR IGNORE can leave a row of t out other than for its
 * key: a foreign key, or another unique index. Without either, every
 * missing row is copied and there is nothing to look for afterwards. */
static int can_leave_out(sqlite3 *h, const struct table_def *t, const struct fkey *fk,
			 bool *yes, char **err)
{
	*yes = fk->from.n > 0;
	if (*yes)
		return NK_OK;
	struct strv idx = {0};
	int rc = query_strings(h,
			       "SELECT name FROM pragma_index_list(?1, 'main') WHERE \"unique\" "
			       "AND origin <> 'pk'",
			       t->name, NULL, &idx, 1, err);
	*yes = idx.n > 0;
	strv_free(&idx);
	return rc;
}

static int left_out(sqlite3 *h, const struct table_def *t, const struct fkey *fk,
		    struct merge_report *rep, char **err)
{
	struct sb b = {0};
	sb_cat(&b, "SELECT ");
	sb_ident(&b, "s", t->key);
	for (size_t i = 0; i < fk->from.n; i++) {
		sb_cat(&b, ", NOT ");
		sb_parent_ok(&b, fk, i);
	}
	sb_missing(&b, t);
	sqlite3_stmt *st;
	int s = sqlite3_prepare_v2(h, b.s, -1, &st, NULL);
	free(b.s);
	if (s != SQLITE_OK)
		return sql_fail(h, s, t->name, err);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 0);
		size_t i;
		for (i = 0; i < fk->from.n; i++)
			if (sqlite3_column_int(st, 1 + (int)i))
				break;
		rep->left_out++;
		if (i < fk->from.n)
			conflict(rep, "%s %s: left out, its %s has no row in %s", t->name,
				 key ? key : "", fk->from.v[i], fk->parent.v[i]);
		else
			conflict(rep, "%s %s: left out, another row here has the same values in "
				      "a column that must be unique",
				 t->name, key ? key : "");
	}
	int rc = s == SQLITE_DONE ? NK_OK : sql_fail(h, s, t->name, err);
	sqlite3_finalize(st);
	return rc;
}

static int merge_table(sqlite3 *h, enum merge_table which, const char *src_path,
		       struct merge_report *rep, char **err)
{
	const struct table_def *t = &tables[which];
	struct strv cols = {0};
	struct fkey fk = {0};
	int rc = table_columns(h, "main", t->name, &cols, err);
	if (!rc)
		rc = foreign_keys(h, t->name, &fk, err);
	if (!rc)
		rc = compare_rows(h, t, &cols, src_path, which, rep, err);
	if (!rc)
		rc = replace_newer(h, t, &cols, &fk, &rep->updated[which], err);
	if (!rc)
		rc = copy_missing(h, t, &cols, &fk, &rep->added[which], err);
	bool check = false;
	if (!rc)
		rc = can_leave_out(h, t, &fk, &check, err);
	if (!rc && check)
		rc = left_out(h, t, &fk, rep, err);
	strv_free(&cols);
	fkey_free(&fk);
	return rc;
}

/* ---- opening ---- */

/* A file: URI for path, every byte outside the unreserved set and '/'
 * percent-encoded, so '?', '#' or '%' in a folder name stay part of it. */
static char *file_uri(const char *path, const char *query)
{
	static const char hex[] = "0123456789ABCDEF";
	struct sb b = {0};
	sb_cat(&b, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		char c[4] = {(char)*p, '\0', '\0', '\0'};
		bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			     (*p >= '0' && *p <= '9') || strchr("/-._~", *p);
		if (!plain) {
			c[0] = '%';
			c[1] = hex[*p >> 4];
			c[2] = hex[*p & 15];
		}
		sb_cat(&b, c);
	}
	sb_cat(&b, query);
	return b.s;
}

/*
 * A connection of the merge's own, opened with SQLITE_OPEN_URI: db_open
 * does not ask for URIs, and without them SQLite would take
 * "file:...?mode=ro" for a file name and create it. The target is found
 * through its file name, as a file: URI too so no character in it is read
 * as URI syntax.
 */
static int open_target(struct db *into, sqlite3 **out, char **err)
{
	char *uri = file_uri(db_path(into), "");
	int s = sqlite3_open_v2(uri, out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, NULL);
	free(uri);
	if (s != SQLITE_OK)
		return sql_fail(*out, s, db_path(into), err);
	sqlite3_extended_result_codes(*out, 1);
	sqlite3_busy_timeout(*out, 5000);
	return run(*out, "PRAGMA foreign_keys = ON", db_path(into), err);
}

int merge_into(struct db *into, const char *src_path, struct merge_report *rep, char **err)
{
	memset(rep, 0, sizeof *rep);
	if (!src_path || !src_path[0])
		return err_set(err, NK_EINVAL, "merge: no database to merge given");
	struct stat a, b;
	if (stat(src_path, &a) != 0)
		return err_set(err, errno == ENOENT ? NK_ENOENT : NK_EIO, "%s: %s", src_path,
			       strerror(errno));
	if (!S_ISREG(a.st_mode))
		return err_set(err, NK_EINVAL, "%s: not a database file", src_path);
	/* The same file under any name (a symlink, "./", a hard link). */
	if (stat(db_path(into), &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return err_set(err, NK_EINVAL,
			       "%s: this is the database being merged into; a database cannot be "
			       "merged into itself",
			       src_path);

	/*
	 * A read-only WAL database still gets a -shm and a -wal beside it,
	 * which stay behind on an officer's USB stick and cannot be made at all
	 * on read-only media. With no -wal there, no one has the file open and
	 * everything is in the file itself, so it is opened immutable, which
	 * needs neither; a -wal there may hold records, so then it is read
	 * the ordinary read-only way, WAL and all.
	 */
	char *wal = xasprintf("%s-wal", src_path);
	struct stat ws;
	bool has_wal = stat(wal, &ws) == 0;
	free(wal);
	sqlite3 *h = NULL;
	int rc = open_target(into, &h, err);
	char *uri = file_uri(src_path, has_wal ? "?mode=ro" : "?mode=ro&immutable=1");
	if (!rc) {
		sqlite3_stmt *st;
		int s = sqlite3_prepare_v2(h, "ATTACH DATABASE ?1 AS src", -1, &st, NULL);
		if (s == SQLITE_OK) {
			sqlite3_bind_text(st, 1, uri, -1, SQLITE_STATIC);
			s = sqlite3_step(st);
		}
		if (s != SQLITE_DONE)
			rc = err_set(err, db_errcode(s) ? db_errcode(s) : NK_EFAIL, "%s: %s",
				     src_path, sqlite3_errmsg(h));
		sqlite3_finalize(st);
	}
	free(uri);
	if (!rc)
		rc = check_version(h, src_path, err);
	if (!rc && sqlite3_db_readonly(h, "src") != 1)
		rc = err_set(err, NK_EFAIL, "%s: could not be opened read-only", src_path);
	if (!rc)
		rc = check_columns(h, src_path, err);
	/* IMMEDIATE: a kiosk writing to the target shows up here, as busy,
	 * and not halfway through the copy. */
	if (!rc)
		rc = run(h, "BEGIN IMMEDIATE", db_path(into), err);
	for (int t = 0; !rc && t < MERGE_NTABLES; t++)
		rc = merge_table(h, (enum merge_table)t, src_path, rep, err);
	if (!rc)
		rc = advance_clock(h, err);
	if (!rc)
		rc = run(h, "COMMIT", db_path(into), err);
	if (rc) {
		if (h && !sqlite3_get_autocommit(h))
			sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
		merge_report_free(rep);
	}
	/* Closing detaches the source too. */
	sqlite3_close_v2(h);
	return rc;
}
