/*
 * The national level from the command line: push a database's records to
 * PostgreSQL, the report from the server, and the conflict log of merges.
 */
#include "app/app.h"

#include "core/text.h"
#include "core/util.h"
#include "records/merge.h"
#include "records/pg.h"
#include "records/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int cmd_push(struct app *app, int argc, char **argv)
{
	(void)argv;
	if (argc != 0 || !pg_is_uri(app->to)) {
		fputs("ntmkiosk: push: usage: ntmkiosk push --to postgresql://[USER@]HOST[:PORT]/DB "
		      "[--db PATH]\n",
		      stderr);
		return EXIT_USAGE;
	}
	app->db_flags = DB_OPEN_NO_CHECK;
	int rc = open_db(app);
	if (rc)
		return rc;
	struct pg_push_report rep;
	char *err = NULL;
	if (pg_push(app->db, app->to, &rep, &err) != NK_OK) {
		fail("push", err);
		free(err);
		return EXIT_FAIL;
	}
	int64_t sent = 0, written = 0;
	for (int t = 0; t < MERGE_NTABLES; t++) {
		sent += rep.sent[t];
		written += rep.written[t];
	}
	printf("%s: %lld records sent, %lld new or newer on the server\n", db_path(app->db),
	       (long long)sent, (long long)written);
	return EXIT_OK;
}

/* The report from the server: the period's rows (of one province, with
 * --province) are copied into a scratch database in a private folder,
 * which the report reads like any other; the folder is removed after. The
 * local database lends its topics and articles, for views by topic. */
int report_from_server(struct app *app, const struct period *p,
		       const struct report_opts *opts, enum report_format f)
{
	char from[32], to[32];
	char *err = NULL;
	if (period_bounds(p, from, to, &err) != NK_OK) {
		fail("report", err);
		free(err);
		return EXIT_FAIL;
	}
	int rc = open_db(app);
	if (rc)
		return rc;
	const char *tmpdir = getenv("TMPDIR");
	char *tmpl = xasprintf("%s/ntmkiosk-report-XXXXXX", tmpdir && tmpdir[0] ? tmpdir : "/tmp");
	if (!mkdtemp(tmpl)) {
		free(tmpl);
		return fail("report", "cannot make a scratch folder for the server's rows");
	}
	char *path = xasprintf("%s/national.db", tmpl);
	struct db *scratch = NULL;
	rc = db_open_flags(path, DB_OPEN_NO_CHECK, &scratch, &err);
	if (rc == NK_OK) {
		sqlite3 *h = db_sqlite(scratch);
		sqlite3_stmt *st;
		/* The local file's content tables: what a view's slug means. */
		rc = sqlite3_prepare_v2(h, "ATTACH DATABASE ?1 AS loc", -1, &st, NULL) == SQLITE_OK
			     ? NK_OK
			     : NK_EFAIL;
		if (rc == NK_OK) {
			sqlite3_bind_text(st, 1, db_path(app->db), -1, SQLITE_STATIC);
			rc = sqlite3_step(st) == SQLITE_DONE ? NK_OK : NK_EFAIL;
		}
		sqlite3_finalize(st);
		if (rc == NK_OK &&
		    sqlite3_exec(h,
				 "INSERT OR IGNORE INTO main.topics SELECT * FROM loc.topics;"
				 "INSERT OR IGNORE INTO main.topic_titles SELECT * FROM loc.topic_titles;"
				 "INSERT OR IGNORE INTO main.articles SELECT * FROM loc.articles;"
				 "DETACH DATABASE loc",
				 NULL, NULL, NULL) != SQLITE_OK)
			rc = NK_EFAIL;
		if (rc)
			err = xasprintf("%s", sqlite3_errmsg(h));
	}
	if (rc == NK_OK)
		rc = pg_fetch_period(app->from, from, to, app->province, scratch, &err);
	if (rc == NK_OK)
		rc = report_write_opts(scratch, p, opts, f, app->out, app->out ? NULL : stdout,
				       &err);
	if (rc != NK_OK)
		fail("report", err ? err : "failed");
	free(err);
	db_close(&scratch);
	static const char *const side[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < NK_ARRAY_LEN(side); i++) {
		char *f2 = xasprintf("%s%s", path, side[i]);
		unlink(f2);
		free(f2);
	}
	rmdir(tmpl);
	free(tmpl);
	free(path);
	if (rc == NK_OK && app->out)
		eprintf("%s\n", app->out);
	return rc == NK_OK ? EXIT_OK : EXIT_FAIL;
}

/* The version's wall-clock part as local time, "2026-05-01 09:00". */
static void version_time(int64_t v, char out[32])
{
	time_t s = (time_t)((v >> 16) / 1000);
	struct tm tm;
	if (!localtime_r(&s, &tm) || !strftime(out, 32, "%Y-%m-%d %H:%M", &tm))
		snprintf(out, 32, "?");
}

/* conflicts: the records two places changed each on its own, as merges
 * found them: which version was kept and which was set aside (the whole
 * row is in the log; --format json prints it). */
int cmd_conflicts(struct app *app, int argc, char **argv)
{
	(void)argv;
	bool json = app->format && strcmp(app->format, "json") == 0;
	if (argc != 0 || (app->format && !json)) {
		fputs("ntmkiosk: conflicts: usage: ntmkiosk conflicts [--format json] [--db PATH]\n",
		      stderr);
		return EXIT_USAGE;
	}
	app->db_flags = DB_OPEN_NO_CHECK;
	int rc = open_db(app);
	if (rc)
		return rc;
	sqlite3 *h = db_sqlite(app->db);
	sqlite3_stmt *st;
	const char *sql =
		"SELECT c.noted_at, c.tbl, c.key, c.columns, c.kept_version, "
		"coalesce(nullif(k1.name, ''), c.kept_by), c.lost_version, "
		"coalesce(nullif(k2.name, ''), c.lost_by), c.lost_row, c.source "
		"FROM sync_conflicts c LEFT JOIN kiosks k1 ON k1.kiosk_id = c.kept_by "
		"LEFT JOIN kiosks k2 ON k2.kiosk_id = c.lost_by ORDER BY c.noted_at, c.tbl, c.key";
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return fail("conflicts", sqlite3_errmsg(h));
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		char kept[32], lost[32];
		version_time(sqlite3_column_int64(st, 4), kept);
		version_time(sqlite3_column_int64(st, 6), lost);
		const char *col[10];
		char *clean[10];
		for (int i = 0; i < 10; i++) {
			const char *v = (const char *)sqlite3_column_text(st, i);
			/* What merges brought in is content: shown sanitized. */
			clean[i] = v ? text_sanitize(v, strlen(v), false, NULL) : xstrdup("");
			col[i] = clean[i];
		}
		if (json)
			printf("%s\n", col[8]);
		else
			printf("%s  %s %s: %s\n  kept: the change made %s by %s\n  set aside: the "
			       "change made %s by %s\n",
			       col[0], col[1], col[2], col[3], kept, col[5], lost, col[7]);
		for (int i = 0; i < 10; i++)
			free(clean[i]);
		n++;
	}
	sqlite3_finalize(st);
	if (!json)
		fprintf(stderr, "%d records changed in two places\n", n);
	return EXIT_OK;
}
