/* officer_jobs: see officer_jobs.h. */
#include "records/officer_jobs.h"

#include "core/backup.h"
#include "core/i18n.h"
#include "core/util.h"
#include "records/export.h"
#include "records/import_folder.h"
#include "records/officer.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void local_day(const struct clock *clk, char day[16], struct tm *lt)
{
	time_t now = (time_t)(clock_now_ms(clk) / 1000);
	localtime_r(&now, lt);
	strftime(day, 16, "%Y-%m-%d", lt);
}

/* A file that could not be written: the message (English, with the path),
 * then once per kind of failure what it means in the officer's language. */
static void say_failure(const struct ojob_cb *cb, int rc, char *err, unsigned *told)
{
	cb->say(cb->ctx, err ? err : xstrdup("?"));
	const char *why = rc == NK_EFULL       ? N_("The USB stick or disk is full.")
			  : rc == NK_EREADONLY ? N_("The USB stick or disk is read-only (is its "
						    "lock switch on?).")
			  : rc == NK_EACCES    ? N_("No permission to write in this folder.")
			  : rc == NK_ENOENT    ? N_("The folder does not exist.")
					       : NULL;
	unsigned bit = 1u << (-rc & 15);
	if (why && !(*told & bit))
		cb->say(cb->ctx, xstrdup(_(why)));
	*told |= bit;
}

struct file_progress {
	const struct ojob_cb *cb;
	const char *file;
};

static void export_progress(void *ctx, int64_t done, int64_t total)
{
	struct file_progress *fp = ctx;
	fp->cb->progress(fp->cb->ctx, fp->file, done, total);
}

static void progress(const struct ojob_cb *cb, const char *file, int64_t done, int64_t total)
{
	if (cb->progress)
		cb->progress(cb->ctx, file, done, total);
}

int ojob_export(struct db *db, const struct clock *clk, const char *dir,
		const struct period *span, bool anon, const struct ojob_cb *cb)
{
	char *k = setting_get(db, "anonymize_k");
	int k_min = k ? atoi(k) : 0;
	free(k);
	static const char *const names[] = {"participants", "attempts", "answers", "views",
					    "questions"};
	static const struct {
		enum export_format f;
		const char *ext;
	} formats[] = {{EXPORT_XLSX, "xlsx"}, {EXPORT_CSV, "csv"}};
	char day[16];
	struct tm lt;
	local_day(clk, day, &lt);
	unsigned told = 0;
	int first = NK_OK;
	for (size_t i = 0; i < NK_ARRAY_LEN(names); i++) {
		enum export_what what;
		export_what_from_name(names[i], &what);
		for (size_t f = 0; f < NK_ARRAY_LEN(formats); f++) {
			char *path = xasprintf("%s/%s-%s%s.%s", dir, names[i],
					       span ? span->label : day, anon ? "-anon" : "",
					       formats[f].ext);
			struct file_progress fp = {cb, strrchr(path, '/') + 1};
			struct export_opts o = {.what = what, .format = formats[f].f,
						.out_path = path, .anonymize = anon, .k_min = k_min,
						.from = span ? span->from : NULL,
						.to = span ? span->to : NULL,
						.progress = cb->progress ? export_progress : NULL,
						.progress_ctx = &fp};
			int64_t rows = 0;
			char *err = NULL;
			int rc = export_run(db, &o, &rows, &err);
			if (rc == NK_OK) {
				cb->say(cb->ctx, xasprintf(_("%s: %lld rows"), path, (long long)rows));
			} else {
				say_failure(cb, rc, err, &told);
				if (!first)
					first = rc;
			}
			free(path);
		}
	}
	/* The report of the chosen period, or of the current half-year. */
	char label[16];
	snprintf(label, sizeof label, "%d-H%d", lt.tm_year + 1900, lt.tm_mon < 6 ? 1 : 2);
	struct period p;
	char *err = NULL;
	int prc = NK_OK;
	if (span)
		p = *span;
	else
		prc = period_parse(label, &p, &err);
	if (prc == NK_OK) {
		char *path = xasprintf("%s/report-%s.xlsx", dir, p.label);
		const char *file = strrchr(path, '/') + 1;
		progress(cb, file, 0, 0);
		prc = report_write(db, &p, REPORT_XLSX, path, NULL, &err);
		if (prc == NK_OK) {
			progress(cb, file, 1, 1);
			cb->say(cb->ctx, xasprintf(_("Report: %s"), path));
		} else {
			say_failure(cb, prc, err, &told);
			err = NULL;
		}
		free(path);
	}
	if (!first)
		first = prc;
	free(err);
	officer_log(db, clk, "export", dir, NULL);
	return first;
}

int ojob_backup(struct db *db, const struct clock *clk, const char *dir,
		const struct ojob_cb *cb)
{
	char day[16];
	struct tm lt;
	local_day(clk, day, &lt);
	char *dest = xasprintf("%s/ntmkiosk-%.8s-%s.db", dir, db_kiosk_id(db), day);
	char *err = NULL;
	unsigned told = 0;
	progress(cb, strrchr(dest, '/') + 1, 0, 0);
	int rc = db_backup(db, dest, &err);
	if (rc == NK_OK) {
		progress(cb, strrchr(dest, '/') + 1, 1, 1);
		cb->say(cb->ctx, xasprintf(_("Saved: %s"), dest));
		officer_log(db, clk, "backup", dest, NULL);
	} else {
		say_failure(cb, rc, err, &told);
	}
	free(dest);
	return rc;
}

int ojob_import(struct db *db, const struct clock *clk, const char *dir,
		const struct ojob_cb *cb)
{
	struct import_folder_report rep = {0};
	char *err = NULL;
	/* Articles and banks together, all or nothing, as on the command line. */
	int rc = import_folder_run(db, dir, &rep, &err);
	if (rc == NK_OK && rep.has_articles)
		cb->say(cb->ctx, xasprintf(_("Articles imported: %zu (%zu texts)."),
					   rep.articles.articles, rep.articles.texts));
	if (rc == NK_OK && rep.banks.files)
		cb->say(cb->ctx, xasprintf(_("Questions imported: %zu."), rep.banks.questions));
	if (rc != NK_OK)
		cb->say(cb->ctx, xstrdup(_("Nothing was imported:")));
	for (size_t i = 0; i < rep.nerrors; i++)
		cb->say(cb->ctx, xstrdup(rep.errors[i]));
	for (size_t i = 0; i < rep.articles.nerrors; i++)
		cb->say(cb->ctx, xstrdup(rep.articles.errors[i]));
	for (size_t i = 0; i < rep.banks.nerrors; i++)
		cb->say(cb->ctx, xstrdup(rep.banks.errors[i]));
	if (rc != NK_OK && !rep.nerrors && !rep.articles.nerrors && !rep.banks.nerrors)
		cb->say(cb->ctx, xstrdup(err ? err : "?"));
	if (rc == NK_OK && !rep.has_articles && !rep.banks.files)
		cb->say(cb->ctx, xstrdup(_("Nothing to import: the folder has no articles/ or "
					   "banks/ folder.")));
	import_folder_clear(&rep);
	free(err);
	officer_log(db, clk, "import", dir, NULL);
	return rc;
}

static int count(sqlite3 *h, const char *sql, const char *lang, int64_t *n, char **err)
{
	sqlite3_stmt *st;
	int s = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (s == SQLITE_OK) {
		sqlite3_bind_text(st, 1, lang, -1, SQLITE_TRANSIENT);
		s = sqlite3_step(st);
		if (s == SQLITE_ROW)
			*n = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (s != SQLITE_ROW)
		return err_set(err, db_errcode(s), "translation counts: %s", sqlite3_errmsg(h));
	return NK_OK;
}

int ojob_translation_counts(struct db *db, const char *lang, struct ojob_tcount *out,
			    char **err)
{
	static const char *const sql[] = {
		"SELECT count(*) FROM articles WHERE ?1 = ?1",
		"SELECT count(*) FROM questions WHERE ?1 = ?1",
		"SELECT count(*) FROM article_texts WHERE lang = ?1",
		"SELECT count(*) FROM article_texts WHERE lang = ?1 AND status = 'reviewed'",
		"SELECT count(*) FROM question_texts WHERE lang = ?1",
		"SELECT count(*) FROM question_texts WHERE lang = ?1 AND status = 'reviewed'",
	};
	int64_t *dst[] = {&out->articles,  &out->questions, &out->art_texts,
			  &out->art_reviewed, &out->q_texts,   &out->q_reviewed};
	*out = (struct ojob_tcount){0};
	sqlite3 *h = db_sqlite(db);
	/* One snapshot for the six counts. */
	sqlite3_exec(h, "SAVEPOINT nk_tcount", NULL, NULL, NULL);
	int rc = NK_OK;
	for (size_t i = 0; !rc && i < NK_ARRAY_LEN(sql); i++)
		rc = count(h, sql[i], lang, dst[i], err);
	sqlite3_exec(h, "RELEASE nk_tcount", NULL, NULL, NULL);
	return rc;
}
