/*
 * main: the command line. It parses options, finds the bundled data and the
 * catalogs, opens the database, and dispatches through the command table;
 * the kiosk is the default command. Everything a command does is a library
 * call; main only turns results into exit codes and messages.
 */
#include "config.h"

#include "content/articles.h"
#include "content/search.h"
#include "content/topics.h"
#include "quizzes/qstore.h"
#include "records/attempts.h"
#include "records/cq.h"
#include "records/backup_info.h"
#include "records/export.h"
#include "records/merge.h"
#include "records/report.h"
#include "records/officer.h"
#include "records/purge.h"
#include "records/villages.h"
#include "core/backup.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/util.h"
#include "tui/term.h"
#include "tui/ui.h"
#include "app/app.h"
#include "records/pg.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* One command. Like tmux's cmd_entry, it declares the options it takes:
 * opts names them (long names, space-separated, e.g. "db limit");
 * any other option given with the command is refused with a usage error.
 * --help, --version and --lang go with any command. */
struct command {
	const char *name;
	const char *usage;
	const char *summary;
	int (*run)(struct app *app, int argc, char **argv);
	const char *opts;
};

static int cmd_kiosk(struct app *app, int argc, char **argv);
static int cmd_check(struct app *app, int argc, char **argv);
static int cmd_backup(struct app *app, int argc, char **argv);
static int cmd_check_content(struct app *app, int argc, char **argv);
static int cmd_import(struct app *app, int argc, char **argv);
static int cmd_search(struct app *app, int argc, char **argv);
static int cmd_quiz(struct app *app, int argc, char **argv);
static int cmd_villages(struct app *app, int argc, char **argv);
static int cmd_pin(struct app *app, int argc, char **argv);
static int cmd_questions(struct app *app, int argc, char **argv);
static int cmd_purge(struct app *app, int argc, char **argv);
static int cmd_export(struct app *app, int argc, char **argv);
static int cmd_report(struct app *app, int argc, char **argv);
static int cmd_merge(struct app *app, int argc, char **argv);
static int cmd_restore(struct app *app, int argc, char **argv);

static const struct command commands[] = {
	{"kiosk", "[--db PATH] [--lang L] [--kiosk]",
	 "run the kiosk on this terminal (the default command)", cmd_kiosk,
	 "db kiosk"},
	{"quiz", "[--topic T] [--count N] [--lang L] [--db PATH] [--kiosk]",
	 "the kiosk, straight into a quiz (for machines that only run quizzes)", cmd_quiz,
	 "db kiosk topic count"},
	{"search", "[--db PATH] [--lang L] [--limit N] QUERY",
	 "search the articles; one hit per line: slug<TAB>title", cmd_search,
	 "db limit"},
	{"import", "content DIR | questions FILE... [--topic T [--create-topics]] [--db PATH]",
	 "import articles (DIR/<slug>/<lang>.md) or question banks (.gift, .aiken, Moodle's "
	 ".txt), all or nothing",
	 cmd_import,
	 "db topic create-topics"},
	{"villages",
	 "list | add NAME... | import FILE.csv | rename OLD NEW | remove NAME | duplicates | "
	 "merge [--db PATH]",
	 "the villages (thôn/bản) offered on the registration form", cmd_villages,
	 "db"},
	{"export",
	 "participants|attempts|answers|views|questions --format csv|xlsx|json|gift|aiken "
	 "[--from D] [--to D] [--lang L] [--topic T] [--anonymize] [--out FILE] | contest "
	 "[--contest UUID] --format F [--table results|members|answers] [--out FILE]",
	 "records for Excel (CSV to stdout without --out); questions as gift or aiken: the "
	 "question bank, for Moodle",
	 cmd_export,
	 "db format from to anonymize out topic contest table"},
	{"report",
	 "--period P | --from YYYY-MM-DD --to YYYY-MM-DD [--by commune|kiosk] [--analysis] "
	 "[--format xlsx|csv|json] [--out FILE] [--from postgresql://HOST/DB [--province P]]",
	 "the figures for a month, quarter, half-year, year or any days", cmd_report,
	 "db format from to period by analysis out province"},
	{"merge", "--into DB SRC.db...",
	 "copy the records of kiosk databases into one (safe to repeat)", cmd_merge,
	 "into"},
	{"conflicts", "[--format json] [--db PATH]",
	 "records that merges found changed in two places: what was kept, what was set aside",
	 cmd_conflicts,
	 "db format"},
	{"push", "--to postgresql://HOST/DB [--db PATH]",
	 "send the records to the national PostgreSQL server (safe to repeat)", cmd_push,
	 "db to"},
	{"questions",
	 "list [waiting|answered|published] | answer ID TEXT | publish ID [--db PATH]",
	 "citizens' questions: read, answer, publish on the kiosk", cmd_questions,
	 "db"},
	{"pin", "set [--db PATH]", "set the officer PIN (read from the terminal or stdin)",
	 cmd_pin,
	 "db"},
	{"purge", "--before DATE [--force] [--db PATH]",
	 "delete names, phones and contacts of records older than DATE", cmd_purge,
	 "db before force"},
	{"check", "[--db PATH]", "check the database's integrity and show its kiosk id", cmd_check,
	 "db"},
	{"check-content", "DIR", "validate articles without touching any database",
	 cmd_check_content,
	 ""},
	{"backup", "--out FILE [--db PATH]", "copy the database safely while it is in use",
	 cmd_backup,
	 "db out"},
	{"contest",
	 "new|team|round|host|display|player|list|status|log [--contest UUID] [options below]",
	 "event-day quiz contests: the host's console, the audience display, team terminals",
	 cmd_contest,
	 "db topic contest name date place village members mode ids time points "
	 "team member questions reading shuffle member-sum keyboard new"},
	{"restore", "[--from FILE] [--force] [--db PATH]",
	 "put back the newest good daily copy of this kiosk (or FILE); the old file is set aside",
	 cmd_restore,
	 "db from force"},
};

void eprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	char *safe = text_sanitize(msg, strlen(msg), true, NULL);
	fputs(safe, stderr);
	free(safe);
	free(msg);
}

int fail(const char *what, const char *why)
{
	/* The libraries name their part too ("export: ..."): said once. */
	size_t n = strlen(what);
	if (strncmp(why, what, n) == 0 && strncmp(why + n, ": ", 2) == 0)
		why += n + 2;
	eprintf("ntmkiosk: %s: %s\n", what, why);
	return EXIT_FAIL;
}

/* Whether cmd declares the long option name. --help, --version and
 * --lang (the language of what any command writes) go with every one. */
static bool command_takes(const struct command *cmd, const char *name)
{
	if (strcmp(name, "help") == 0 || strcmp(name, "version") == 0 ||
	    strcmp(name, "lang") == 0)
		return true;
	size_t n = strlen(name);
	for (const char *p = cmd->opts; p && *p;) {
		size_t len = strcspn(p, " ");
		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p += len;
		p += strspn(p, " ");
	}
	return false;
}

#ifndef NDEBUG
/* Every option of the getopt table is declared by some command: one added
 * to the table alone would be refused everywhere. Checked in every build
 * with assertions, so the tests catch it. */
static void spec_check(const struct option *opts)
{
	for (const struct option *o = opts; o->name; o++) {
		bool found = false;
		for (size_t i = 0; !found && i < NK_ARRAY_LEN(commands); i++)
			found = command_takes(&commands[i], o->name);
		if (!found) {
			eprintf("ntmkiosk: internal error: no command declares --%s\n", o->name);
			abort();
		}
	}
}
#endif

static void usage(FILE *f)
{
	fputs("usage: ntmkiosk [COMMAND] [OPTIONS]\n\ncommands:\n", f);
	for (size_t i = 0; i < NK_ARRAY_LEN(commands); i++)
		fprintf(f, "  %-8s %s\n           %s\n", commands[i].name, commands[i].usage,
			commands[i].summary);
	fputs("\noptions:\n"
	      "  --db PATH    the database (default $XDG_DATA_HOME/ntmkiosk/kiosk.db)\n"
	      "  --lang L     start in language L (vi, hmn, ium), skipping the picker\n"
	      "  --kiosk      kiosk mode for an unattended machine\n"
	      "  --out FILE   where a command writes its output\n"
	      "  --limit N    at most N search hits (default 20)\n"
	      "  --topic T    the quiz topic (a topic id; default: choose on screen);\n"
	      "               import questions: the topic of questions without [topic:]\n"
	      "               (before Moodle's $CATEGORY); --create-topics makes a topic that\n"
	      "               --topic or a $CATEGORY names and the kiosk lacks\n"
	      "  --count N    questions in the quiz: 5, 10 or 20\n"
	      "  --before D   purge: records made before the date D (YYYY-MM-DD)\n"
	      "  --format F   export/report: csv, xlsx or json\n"
	      "  --from D --to D  export: only records of these local dates (inclusive);\n"
	      "               restore --from FILE: this copy instead of the newest daily one\n"
	      "  --force      restore: a copy of another kiosk all the same\n"
	      "  --anonymize  export: leave out names, phones and contacts\n"
	      "  --period P   report: 2026 (year), 2026-H1 or -H2 (half), 2026-Q1 to -Q4\n"
	      "               (quarter), 2026-05 (month) or 2026-01-05..2026-02-10 (days)\n"
	      "  report --from D --to D: the days D to D (YYYY-MM-DD); --from postgresql://...\n"
	      "               reads the national server instead (then the days go in --period)\n"
	      "  --by B       report: a column per commune (default) or per kiosk\n"
	      "  --analysis   report: add the question analysis (right, wrong option chosen)\n"
	      "  --into DB    merge: the database that receives the records\n"
	      "  contest: --name N --date D --place P --member-sum (new); --name N --village V\n"
	      "               --members \"A, B\" (team); --mode M --questions N --topic T --ids\n"
	      "               ID,ID --time S --reading S --points P --shuffle (round); --new\n"
	      "               (host); --team N --member M | --keyboard (player); --contest\n"
	      "               UUID (any)\n"
	      "  --table T    export contest as CSV: results (the prize list), members or\n"
	      "               answers\n"
	      "  --help       show this help\n"
	      "  --version    show the version\n"
	      "\nexit status: 0 success, 1 failure, 2 usage error\n",
	      f);
}

/* Run from the build tree, the program uses the source tree's data and the
 * build tree's catalogs; installed, it uses the installed ones. The
 * environment can point elsewhere (tests, a USB stick). */
static void find_dirs(struct app *app)
{
	const char *d = getenv("NTMKIOSK_DATADIR");
	const char *l = getenv("NTMKIOSK_LOCALEDIR");
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	bool in_build = false;
	if (n > 0) {
		exe[n] = '\0';
		size_t bl = strlen(NK_BUILD_ROOT);
		in_build = strncmp(exe, NK_BUILD_ROOT, bl) == 0 && exe[bl] == '/';
	}
	app->datadir = xstrdup(d ? d : in_build ? NK_SOURCE_DATADIR : NK_DATADIR);
	app->localedir = xstrdup(l ? l : in_build ? NK_BUILD_LOCALEDIR : NK_LOCALEDIR);
}

/* A database gets the bundled data once; the mark in meta makes a crash
 * during the first fill harmless (the next start fills it again). */
static bool bundled_loaded(struct app *app)
{
	char *mark = NULL;
	int rc = db_meta_get(app->db, "bundled_loaded", &mark, NULL);
	free(mark);
	return rc == NK_OK;
}

static int fill_bundled(struct app *app, char **err)
{
	if (bundled_loaded(app))
		return NK_OK;
	int rc;
	if (db_check_pending(app->db)) {
		rc = db_quick_check(app->db, err); /* before the first write */
		if (rc)
			return rc;
	}
	char *topics = xasprintf("%s/content/topics.tsv", app->datadir);
	rc = topics_import(app->db, topics, err);
	free(topics);
	if (rc)
		return rc;
	char *articles = xasprintf("%s/content/articles", app->datadir);
	struct content_report rep = {0};
	rc = content_import(app->db, articles, &rep, err);
	content_report_clear(&rep);
	free(articles);
	if (rc)
		return rc;
	char *pattern = xasprintf("%s/quizzes/banks/*/*.gift", app->datadir);
	glob_t g;
	if (glob(pattern, 0, NULL, &g) == 0) {
		struct qimport_report qrep = {0};
		rc = questions_import(app->db, (const char *const *)g.gl_pathv, g.gl_pathc, &qrep,
				      err);
		qimport_report_clear(&qrep);
		globfree(&g);
	}
	free(pattern);
	if (rc)
		return rc;
	return db_meta_set(app->db, "bundled_loaded", NK_VERSION, err);
}

/* Says why the database at path cannot be used (a damaged one: how to get
 * the last good copy back) and closes it. */
static void open_failed(struct app *app, const char *path, int rc, const char *err)
{
	if (rc == NK_ECORRUPT)
		eprintf("ntmkiosk: %s\nntmkiosk: restore the newest good daily copy with: "
				"ntmkiosk restore --db %s\n",
			err, path);
	else if (err && strncmp(err, path, strlen(path)) == 0 && err[strlen(path)] == ':')
		eprintf("ntmkiosk: %s\n", err); /* it names the file already */
	else
		fail(path, err ? err : "cannot open");
	db_close(&app->db);
}

/* Opens app's database (--db, or the default path) and fills in the bundled
 * data once. NK_OK, or an NK_* code with *err; *pathp is the path tried (NULL
 * when there is none), for the message. Says nothing itself. */
static int open_db_quiet(struct app *app, char **pathp, char **err)
{
	char *path = app->db_path ? xstrdup(app->db_path) : db_default_path();
	*pathp = path;
	if (!path)
		return err_set(err, NK_EINVAL, "no --db given and no home folder to keep it in");
	int rc = db_open_flags(path, app->db_flags, &app->db, err);
	if (rc == NK_OK && db_readonly(app->db) && !bundled_loaded(app)) {
		/* A command that only reads still fills a database that never got
		 * the bundled data: that needs a write. */
		db_close(&app->db);
		rc = db_open_flags(path, app->db_flags & ~(unsigned)DB_OPEN_READONLY, &app->db, err);
	}
	if (rc == NK_OK) {
		rc = fill_bundled(app, err);
		if (rc)
			rc = db_explain(app->db, rc, err);
	}
	if (rc != NK_OK)
		db_close(&app->db);
	return rc;
}

int open_db(struct app *app)
{
	char *path = NULL, *err = NULL;
	int rc = open_db_quiet(app, &path, &err);
	if (rc != NK_OK && !path)
		fail("database", err);
	else if (rc != NK_OK)
		open_failed(app, path, rc, err);
	free(err);
	free(path);
	return rc == NK_OK ? EXIT_OK : EXIT_FAIL;
}

/* The officers' settings that shape a session: the idle time and the
 * language the kiosk returns to. */
static char home_lang[16];

static void kiosk_settings_apply(struct app *app, struct ui_opts *o)
{
	char *idle = setting_get(app->db, "idle_timeout_s");
	char *lang = setting_get(app->db, "default_lang");
	o->idle_ms = (int64_t)atoi(idle) * 1000;
	snprintf(home_lang, sizeof home_lang, "%s", i18n_lang_find(lang) ? lang : "vi");
	o->home_lang = home_lang;
	free(idle);
	free(lang);
}

/* The daily copy: once at start and then whenever the local date has
 * changed, checked at most once a minute from the ui's tick. */
struct backup_state {
	struct app *app;
	struct ui *ui;
	int64_t next_check_ms;
	char purged_on[16]; /* the local day of the last automatic purge */
	int start_rc; /* the start's open or quick_check failed: NK_* and why */
	char *start_err;
	char *start_path; /* the database's path, when the open failed */
};

/* The consent screen promises deletion after the kept months: names,
 * phones and contacts older than that are removed, once a day (the first
 * check of each local day). */
static void auto_purge(struct app *app, char purged_on[16])
{
	time_t now = (time_t)(clock_now_ms(clock_system()) / 1000);
	struct tm lt;
	localtime_r(&now, &lt);
	char today[16];
	strftime(today, sizeof today, "%Y-%m-%d", &lt);
	if (strcmp(today, purged_on) == 0)
		return;
	memcpy(purged_on, today, sizeof today);
	char *v = setting_get(app->db, "retention_months");
	int months = atoi(v);
	free(v);
	if (months <= 0)
		return;
	lt.tm_mon -= months;
	lt.tm_isdst = -1;
	mktime(&lt);
	char before[16];
	strftime(before, sizeof before, "%Y-%m-%d", &lt);
	int64_t people = 0, questions = 0;
	char *err = NULL;
	if (records_purge(app->db, clock_system(), before, &people, &questions, &err) != NK_OK)
		free(err);
}

static void daily_backup(void *ctx)
{
	struct backup_state *b = ctx;
	if (b->start_rc)
		return; /* no database to copy */
	int64_t now = clock_now_ms(clock_system());
	if (now < b->next_check_ms)
		return;
	b->next_check_ms = now + 60000;
	auto_purge(b->app, b->purged_on);
	char *err = NULL;
	if (backup_daily(b->app->db, clock_system(), BACKUP_KEEP, NULL, &err) != NK_OK) {
		/* Not fatal for visitors; officers see it in the log and on stderr
		 * when that is not the kiosk's own screen. */
		officer_log(b->app->db, clock_system(), "backup-failed", err, NULL);
		if (!isatty(STDERR_FILENO))
			eprintf("ntmkiosk: daily backup: %s\n", err);
		free(err);
	}
}

/*
 * Once the first screen is up and before the first key is read: the kiosk's
 * database is opened now if it was not (the language picker needs nothing
 * from it), then checked if the open left that for now (DB_OPEN_CHECK_LATER),
 * which must pass before anything is written; then the daily copy and purge.
 * A database that cannot be opened or is damaged ends the ui.
 */
static int start_fault(struct backup_state *b)
{
	/* On the screen, in the kiosk's language, until a key is pressed;
	 * then on stderr in English as for every command (run_ui). */
	const char *path = b->start_path ? b->start_path
			   : b->app->db ? db_path(b->app->db)
					: "kiosk.db";
	char *why = text_sanitize(b->start_err ? b->start_err : "?",
				  strlen(b->start_err ? b->start_err : "?"), false, NULL);
	char *msg = b->start_rc == NK_ECORRUPT
			    ? xasprintf(_("The kiosk's database is damaged.\n%s\nAn officer can "
					  "put back the newest good daily copy with:\nntmkiosk "
					  "restore --db %s"),
					why, path)
			    : xasprintf(_("The kiosk's database cannot be opened.\n%s"), why);
	free(why);
	ui_fault(b->ui, msg);
	return 0;
}

static int ui_start(void *ctx)
{
	struct backup_state *b = ctx;
	if (!b->app->db) {
		b->start_rc = open_db_quiet(b->app, &b->start_path, &b->start_err);
		if (b->start_rc)
			return start_fault(b);
		struct ui_opts o = {0};
		kiosk_settings_apply(b->app, &o);
		ui_attach_db(b->ui, b->app->db, o.idle_ms, o.home_lang);
	}
	if (db_check_pending(b->app->db)) {
		b->start_rc = db_quick_check(b->app->db, &b->start_err);
		if (b->start_rc)
			return start_fault(b);
	}
	daily_backup(b);
	return 0;
}

/* "-1" (could not be counted) as "?". */
static const char *count_str(int64_t n, char buf[24])
{
	if (n < 0)
		return "?";
	snprintf(buf, 24, "%lld", (long long)n);
	return buf;
}

/* Says which copy a restore puts back: the kiosk's name and id, the
 * copy's date and what it holds, so that an officer sees what they get. */
static void describe_copy(const char *copy)
{
	struct backup_info bi;
	char *err = NULL;
	if (backup_info_read(copy, &bi, &err) != NK_OK) {
		fail("restore", err);
		free(err);
		backup_info_clear(&bi);
		return;
	}
	const char *raw = bi.kiosk_name ? bi.kiosk_name : "(no name)";
	char *name = text_sanitize(raw, strlen(raw), false, NULL);
	char *where = text_sanitize(copy, strlen(copy), false, NULL);
	char v[24], a[24], p[24];
	fprintf(stderr,
		"ntmkiosk: restore: %s: kiosk \"%s\" (%.8s), copy of %s: %s visits, %s quiz "
		"attempts, %s participants\n",
		where, name, bi.copy.kiosk_id[0] ? bi.copy.kiosk_id : "unknown", bi.copy.date,
		count_str(bi.visits, v), count_str(bi.attempts, a),
		count_str(bi.participants, p));
	free(where);
	free(name);
	backup_info_clear(&bi);
}

/* Restores the newest good daily copy of this kiosk (or from) over the
 * (closed) database; a copy of another kiosk only when forced. */
static int restore_newest(const char *path, const char *from, bool force)
{
	char *best = from ? xstrdup(from) : backup_newest_good(path);
	if (!best)
		return fail("restore", "there is no good daily copy of this database");
	describe_copy(best);
	char *aside = NULL, *err = NULL;
	int rc = force ? NK_OK : backup_check_kiosk(path, best, &err);
	if (rc) {
		fail("restore", err);
		fputs("ntmkiosk: restore: nothing was changed; to put this copy in its place all "
		      "the same, add --force\n",
		      stderr);
	} else {
		rc = backup_restore(path, best, clock_system(), &aside, &err);
		if (rc)
			fail("restore", err);
	}
	if (rc) {
		free(err);
		free(best);
		return EXIT_FAIL;
	}
	if (aside)
		eprintf("ntmkiosk: restored %s from %s; the old file is now %s\n", path,
			best, aside);
	else
		eprintf("ntmkiosk: restored %s from %s\n", path, best);
	free(aside);
	free(best);
	return EXIT_OK;
}

int run_ui(struct app *app, struct ui_opts *base)
{
	for (;;) {
		struct ui_opts opts = *base;
		opts.db = app->db;
		opts.clk = clock_system();
		opts.kiosk = app->kiosk;
		if (app->db) /* else the start hook opens it and applies them */
			kiosk_settings_apply(app, &opts);
		struct backup_state bs = {.app = app};
		opts.tick_hook = daily_backup;
		opts.tick_ctx = &bs;
		opts.start_hook = ui_start;
		struct ui *ui = ui_new(&opts);
		bs.ui = ui;
		char *err = NULL;
		int rc = term_run(ui, app->kiosk, &err);
		bool restore = ui_wants_restore(ui);
		ui_free(&ui);
		if (bs.start_rc) {
			char *path = bs.start_path ? bs.start_path
				     : xstrdup(app->db ? db_path(app->db) : "database");
			open_failed(app, path, bs.start_rc, bs.start_err);
			free(path);
			free(bs.start_err);
			free(err);
			return EXIT_FAIL;
		}
		free(bs.start_path);
		if (rc) {
			fail("terminal", err);
			free(err);
			return EXIT_FAIL;
		}
		if (!restore)
			return EXIT_OK;
		char *path = xstrdup(db_path(app->db));
		db_close(&app->db);
		rc = restore_newest(path, NULL, false);
		free(path);
		if (rc)
			return rc;
		rc = open_db(app);
		if (rc)
			return rc;
	}
}

static int cmd_kiosk(struct app *app, int argc, char **argv)
{
	(void)argv;
	if (argc > 0) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return fail("kiosk", "needs a terminal");
	/* The language picker needs nothing from the database, so it is drawn
	 * first and the database opened and checked right after (run_ui's start
	 * hook). With --lang a visit starts at once: the database comes first;
	 * one that cannot be opened is tried again by the start hook, which
	 * says why on the screen in that language. */
	app->db_flags = DB_OPEN_CHECK_LATER;
	if (app->lang) {
		char *path = NULL, *err = NULL;
		open_db_quiet(app, &path, &err);
		free(path);
		free(err);
	}
	struct ui_opts opts = {.start_lang = app->lang};
	return run_ui(app, &opts);
}

static int cmd_quiz(struct app *app, int argc, char **argv)
{
	(void)argv;
	if (argc > 0) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return fail("quiz", "needs a terminal");
	int rc = open_db(app);
	if (rc)
		return rc;
	if (app->topic) {
		sqlite3_stmt *st;
		sqlite3_prepare_v2(db_sqlite(app->db), "SELECT 1 FROM topics WHERE id = ?1", -1,
				   &st, NULL);
		sqlite3_bind_text(st, 1, app->topic, -1, SQLITE_STATIC);
		bool known = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
		if (!known) {
			eprintf("ntmkiosk: quiz: unknown topic '%s'\n", app->topic);
			return EXIT_USAGE;
		}
	}
	struct ui_opts opts = {.start_lang = app->lang, .quiz_only = true,
			       .quiz_topic = app->topic, .quiz_count = app->count};
	return run_ui(app, &opts);
}

static int cmd_restore(struct app *app, int argc, char **argv)
{
	(void)argv;
	if (argc != 0) {
		fputs("ntmkiosk: restore: usage: ntmkiosk restore [--from FILE] [--force] [--db "
		      "PATH]\n",
		      stderr);
		return EXIT_USAGE;
	}
	char *path = app->db_path ? xstrdup(app->db_path) : db_default_path();
	if (!path)
		return fail("restore", "no --db given and no home folder");
	int rc = restore_newest(path, app->from, app->force);
	free(path);
	return rc;
}

/* A village name on stdout, safe for a terminal. */
static void print_village(const char *name, size_t records, const char *end)
{
	char *clean = text_sanitize(name, strlen(name), false, NULL);
	printf("%s (%zu)%s", clean, records, end);
	free(clean);
}

/* villages rename / remove / duplicates / merge (records/villages.h). */
static int villages_care(struct app *app, char **argv, bool ren, bool rm, bool merge)
{
	char *err = NULL;
	size_t names = 0, records = 0;
	int rc;
	if (ren) {
		size_t bad;
		if (!text_valid_utf8(argv[2], strlen(argv[2]), &bad)) {
			eprintf("ntmkiosk: villages: '%s' is not a name\n", argv[2]);
			return EXIT_FAIL;
		}
		rc = villages_rename(app->db, argv[1], argv[2], &records, &err);
		if (!rc)
			printf("renamed; %zu records changed\n", records);
	} else if (rm) {
		rc = villages_remove(app->db, argv[1], &err);
		if (!rc)
			puts("removed from the list; records keep the name");
	} else if (merge) {
		rc = villages_merge(app->db, &names, &records, &err);
		if (!rc)
			printf("merged %zu names; %zu records changed\n", names, records);
	} else {
		struct village_dup *d;
		size_t n;
		rc = villages_duplicates(app->db, &d, &n, &err);
		for (size_t i = 0; !rc && i < n; i++) {
			print_village(d[i].keep, d[i].keep_records, " <- ");
			for (size_t k = 0; k < d[i].nothers; k++)
				print_village(d[i].others[k], d[i].other_records[k],
					      k + 1 < d[i].nothers ? ", " : "\n");
		}
		if (!rc)
			villages_dups_free(&d, n);
	}
	if (rc) {
		fail("villages", err);
		free(err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int cmd_villages(struct app *app, int argc, char **argv)
{
	bool list = argc == 1 && strcmp(argv[0], "list") == 0;
	bool add = argc >= 2 && strcmp(argv[0], "add") == 0;
	bool import = argc == 2 && strcmp(argv[0], "import") == 0;
	bool ren = argc == 3 && strcmp(argv[0], "rename") == 0;
	bool rm = argc == 2 && strcmp(argv[0], "remove") == 0;
	bool dups = argc == 1 && strcmp(argv[0], "duplicates") == 0;
	bool merge = argc == 1 && strcmp(argv[0], "merge") == 0;
	if (!list && !add && !import && !ren && !rm && !dups && !merge) {
		fputs("ntmkiosk: villages: usage: ntmkiosk villages list | add NAME... | import "
		      "FILE.csv | rename OLD NEW | remove NAME | duplicates | merge\n",
		      stderr);
		return EXIT_USAGE;
	}
	int rc = open_db(app);
	if (rc)
		return rc;
	char *err = NULL;
	if (ren || rm || dups || merge)
		return villages_care(app, argv, ren, rm, merge);
	if (import) {
		size_t added;
		if (villages_import_csv(app->db, argv[1], &added, &err) != NK_OK) {
			eprintf("%s\nntmkiosk: villages: nothing was imported\n", err);
			free(err);
			return EXIT_FAIL;
		}
		printf("%zu villages\n", added);
		return EXIT_OK;
	}
	for (int i = 1; add && i < argc; i++) {
		size_t bad;
		if (!text_valid_utf8(argv[i], strlen(argv[i]), &bad) || argv[i][0] == '\0') {
			eprintf("ntmkiosk: villages: '%s' is not a name\n", argv[i]);
			return EXIT_FAIL;
		}
		if (villages_add(app->db, argv[i], &err) != NK_OK) {
			fail("villages", err);
			free(err);
			return EXIT_FAIL;
		}
	}
	char **names;
	size_t n;
	if (villages_list(app->db, &names, &n, &err) != NK_OK) {
		fail("villages", err);
		free(err);
		return EXIT_FAIL;
	}
	for (size_t i = 0; list && i < n; i++) {
		char *clean = text_sanitize(names[i], strlen(names[i]), false, NULL);
		printf("%s\n", clean);
		free(clean);
	}
	villages_free(&names, n);
	return EXIT_OK;
}

/* Reads one line; on a terminal without echo (a PIN is not for the room). */
static char *read_secret(const char *prompt)
{
	bool tty = isatty(STDIN_FILENO);
	struct termios old, quiet;
	if (tty) {
		fputs(prompt, stderr);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	char buf[64];
	char *got = fgets(buf, sizeof buf, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!got)
		return NULL;
	buf[strcspn(buf, "\r\n")] = '\0';
	return xstrdup(buf);
}

static int cmd_pin(struct app *app, int argc, char **argv)
{
	if (argc != 1 || strcmp(argv[0], "set") != 0) {
		fputs("ntmkiosk: pin: usage: ntmkiosk pin set\n", stderr);
		return EXIT_USAGE;
	}
	int rc = open_db(app);
	if (rc)
		return rc;
	char *pin = read_secret("New officer PIN (4-12 digits): ");
	char *again = pin && isatty(STDIN_FILENO) ? read_secret("Again: ") : NULL;
	if (!pin || (isatty(STDIN_FILENO) && (!again || strcmp(pin, again) != 0))) {
		free(pin);
		free(again);
		return fail("pin", "the two PINs differ");
	}
	char *err = NULL;
	rc = pin_set(app->db, clock_system(), pin, &err);
	explicit_bzero(pin, strlen(pin));
	free(pin);
	free(again);
	if (rc) {
		fail("pin", err);
		free(err);
		return EXIT_FAIL;
	}
	puts("PIN set");
	return EXIT_OK;
}

static void print_clean(const char *label, const char *s)
{
	if (!s)
		return;
	char *c = text_sanitize(s, strlen(s), false, NULL);
	printf("  %s%s\n", label, c);
	free(c);
}

static int cmd_questions(struct app *app, int argc, char **argv)
{
	static const struct {
		const char *name;
		enum cq_filter f;
	} filters[] = {{"all", CQ_ALL},
		       {"waiting", CQ_WAITING},
		       {"answered", CQ_ANSWERED},
		       {"published", CQ_PUBLISHED}};
	bool list = argc >= 1 && argc <= 2 && strcmp(argv[0], "list") == 0;
	bool answer = argc == 3 && strcmp(argv[0], "answer") == 0;
	bool publish = argc == 2 && strcmp(argv[0], "publish") == 0;
	enum cq_filter f = CQ_ALL;
	if (list && argc == 2) {
		list = false;
		for (size_t i = 0; i < NK_ARRAY_LEN(filters); i++)
			if (strcmp(argv[1], filters[i].name) == 0) {
				f = filters[i].f;
				list = true;
			}
	}
	if (!list && !answer && !publish) {
		fputs("ntmkiosk: questions: usage: ntmkiosk questions list [all|waiting|answered|"
		      "published] | answer ID TEXT | publish ID\n",
		      stderr);
		return EXIT_USAGE;
	}
	int rc = open_db(app);
	if (rc)
		return rc;
	char *err = NULL;
	if (answer)
		rc = cq_answer(app->db, clock_system(), argv[1], argv[2], &err);
	else if (publish)
		rc = cq_publish(app->db, argv[1], true, &err);
	if (rc) {
		fail("questions", err);
		free(err);
		return EXIT_FAIL;
	}
	if (!list) {
		puts(answer ? "answered" : "published");
		return EXIT_OK;
	}
	struct cq *qs;
	size_t n;
	if (cq_list(app->db, f, &qs, &n, &err) != NK_OK) {
		fail("questions", err);
		free(err);
		return EXIT_FAIL;
	}
	for (size_t i = 0; i < n; i++) {
		const struct cq *q = &qs[i];
		/* Stored in UTC; shown in local time, as everywhere else. */
		char when[32];
		clock_local_text(q->asked_at, when);
		printf("%.8s  %s  %s  %s\n", q->uuid, when, q->lang,
		       !q->answer ? "waiting" : q->published ? "published" : "answered");
		print_clean("", q->question);
		print_clean("from: ", q->name);
		print_clean("contact: ", q->contact);
		print_clean("answer: ", q->answer);
	}
	cq_list_free(&qs, n);
	return EXIT_OK;
}

static int cmd_purge(struct app *app, int argc, char **argv)
{
	(void)argv;
	if (argc != 0 || !app->before) {
		fputs("ntmkiosk: purge: usage: ntmkiosk purge --before YYYY-MM-DD\n", stderr);
		return EXIT_USAGE;
	}
	/* A date after today clears today's records too: asked first. */
	time_t now = time(NULL);
	struct tm lt;
	localtime_r(&now, &lt);
	char today[16];
	strftime(today, sizeof today, "%Y-%m-%d", &lt);
	if (strcmp(app->before, today) > 0 && !app->force) {
		eprintf("ntmkiosk: purge: %s is after today (%s): this deletes the names and phones "
			"of everyone who saved a result, up to now.\n",
			app->before, today);
		if (!isatty(STDIN_FILENO)) {
			eprintf("ntmkiosk: purge: nothing done; add --force to do it anyway\n");
			return EXIT_USAGE;
		}
		eprintf("Type yes to go on: ");
		char line[16] = "";
		if (!fgets(line, sizeof line, stdin) || strcmp(line, "yes\n") != 0) {
			eprintf("ntmkiosk: purge: nothing done\n");
			return EXIT_FAIL;
		}
	}
	int rc = open_db(app);
	if (rc)
		return rc;
	int64_t people, questions;
	char *err = NULL;
	if (records_purge(app->db, clock_system(), app->before, &people, &questions, &err)) {
		fail("purge", err);
		free(err);
		return EXIT_FAIL;
	}
	printf("removed personal data from %lld people and %lld questions\n", (long long)people,
	       (long long)questions);
	return EXIT_OK;
}

/* Progress for long exports, only when a person watches stderr. */
static void progress(void *ctx, int64_t done, int64_t total)
{
	(void)ctx;
	if (total > 0)
		fprintf(stderr, "\r%lld / %lld", (long long)done, (long long)total);
	if (done == total)
		fputc('\n', stderr);
}

/* export questions --format gift|aiken: the question bank, for Moodle. */
static int export_bank(struct app *app, enum qexport_format format)
{
	if (app->lang && i18n_lang_index(app->lang) < 0) {
		eprintf("ntmkiosk: export: unknown language '%s'\n", app->lang);
		return EXIT_USAGE;
	}
	app->db_flags = DB_OPEN_NO_CHECK;
	int rc = open_db(app);
	if (rc)
		return rc;
	FILE *f = stdout;
	char *tmp = NULL;
	if (app->out) {
		tmp = xasprintf("%s.tmp", app->out);
		f = fopen(tmp, "w");
		if (!f) {
			eprintf("ntmkiosk: export: %s: %s\n", tmp, strerror(errno));
			free(tmp);
			return EXIT_FAIL;
		}
	}
	struct qexport_opts o = {.format = format, .lang = app->lang, .topic = app->topic};
	size_t written = 0, left = 0;
	char *err = NULL;
	rc = questions_export(app->db, &o, f, &written, &left, &err);
	if (app->out) {
		if (fclose(f) != 0 && rc == NK_OK)
			rc = err_set(&err, NK_EIO, "%s: %s", tmp, strerror(errno));
		if (rc == NK_OK && rename(tmp, app->out) != 0)
			rc = err_set(&err, NK_EIO, "%s: %s", app->out, strerror(errno));
		if (rc != NK_OK)
			unlink(tmp);
	}
	free(tmp);
	if (rc != NK_OK) {
		fail("export", err);
		free(err);
		return EXIT_FAIL;
	}
	if (left)
		eprintf("note: %zu questions are not single-choice and are left out of Aiken\n",
			left);
	eprintf("%zu questions\n", written);
	return EXIT_OK;
}

static int cmd_export(struct app *app, int argc, char **argv)
{
	struct export_opts o = {0};
	if (argc == 1 && strcmp(argv[0], "contest") == 0)
		return cmd_export_contest(app);
	if (argc == 1 && strcmp(argv[0], "questions") == 0 && app->format &&
	    (strcmp(app->format, "gift") == 0 || strcmp(app->format, "aiken") == 0))
		return export_bank(app, strcmp(app->format, "gift") == 0 ? QEXPORT_GIFT
									 : QEXPORT_AIKEN);
	if (argc != 1 || export_what_from_name(argv[0], &o.what) != NK_OK || !app->format ||
	    export_format_from_name(app->format, &o.format) != NK_OK) {
		fputs("ntmkiosk: export: usage: ntmkiosk export participants|attempts|answers|"
		      "views|questions --format csv|xlsx|json [--from D] [--to D] [--lang L] "
		      "[--anonymize] [--out FILE] | questions --format gift|aiken [--lang L] "
		      "[--topic T] [--out FILE]\n",
		      stderr);
		return EXIT_USAGE;
	}
	if (o.format == EXPORT_XLSX && !app->out) {
		fputs("ntmkiosk: export: XLSX needs --out FILE\n", stderr);
		return EXIT_USAGE;
	}
	/* Reads once: no need to read every page first; writes nothing. */
	app->db_flags = DB_OPEN_NO_CHECK | DB_OPEN_READONLY;
	int rc = open_db(app);
	if (rc)
		return rc;
	/* Column headers in Vietnamese unless --lang says otherwise. */
	i18n_set_lang(app->lang ? app->lang : "vi", NULL);
	o.from = app->from;
	o.to = app->to;
	o.anonymize = app->anonymize;
	char *k = setting_get(app->db, "anonymize_k");
	o.k_min = atoi(k);
	free(k);
	o.out_path = app->out;
	o.out = stdout;
	if (isatty(STDERR_FILENO))
		o.progress = progress;
	int64_t rows = 0;
	char *err = NULL;
	if (export_run(app->db, &o, &rows, &err) != NK_OK) {
		fail("export", err);
		free(err);
		return EXIT_FAIL;
	}
	if (app->out)
		eprintf("%s: %lld rows\n", app->out, (long long)rows);
	return EXIT_OK;
}

static int cmd_report(struct app *app, int argc, char **argv)
{
	(void)argv;
	static const struct {
		const char *name;
		enum report_format f;
	} formats[] = {{"xlsx", REPORT_XLSX}, {"csv", REPORT_CSV}, {"json", REPORT_JSON}};
	enum report_format f = REPORT_XLSX;
	bool known = !app->format;
	for (size_t i = 0; app->format && i < NK_ARRAY_LEN(formats); i++)
		if (strcmp(app->format, formats[i].name) == 0) {
			f = formats[i].f;
			known = true;
		}
	/* --from is a day, or the national server when it is a postgresql://
	 * URI; the days are then given by --period. */
	bool server = pg_is_uri(app->from);
	bool days = app->from && !server;
	bool by_ok = !app->by || strcmp(app->by, "commune") == 0 || strcmp(app->by, "kiosk") == 0;
	if (argc != 0 || !known || !by_ok ||
	    (days ? app->period || !app->to : !app->period || app->to)) {
		fputs("ntmkiosk: report: usage: ntmkiosk report --period P | --from YYYY-MM-DD "
		      "--to YYYY-MM-DD [--by commune|kiosk] [--analysis] [--format xlsx|csv|json] "
		      "[--out FILE] [--from postgresql://HOST/DB [--province P]]\n"
		      "  P: 2026, 2026-H1, 2026-Q3, 2026-05 or 2026-01-05..2026-02-10\n",
		      stderr);
		return EXIT_USAGE;
	}
	struct period p;
	char *err = NULL;
	int prc = days ? period_range(app->from, app->to, &p, &err)
		       : period_parse(app->period, &p, &err);
	if (prc != NK_OK) {
		eprintf("ntmkiosk: report: %s\n", err);
		free(err);
		return EXIT_USAGE;
	}
	if (f == REPORT_XLSX && !app->out && isatty(STDOUT_FILENO)) {
		fputs("ntmkiosk: report: XLSX needs --out FILE (or a pipe)\n", stderr);
		return EXIT_USAGE;
	}
	struct report_opts opts = {.by_kiosk = app->by && strcmp(app->by, "kiosk") == 0,
				   .questions = app->analysis};
	/* Reads once: no need to read every page first; writes nothing. */
	app->db_flags = DB_OPEN_NO_CHECK | DB_OPEN_READONLY;
	if (server && opts.questions) {
		eprintf("ntmkiosk: report: --analysis reads the answers, which the national server "
			"does not send back; run it on a district's merged file\n");
		return EXIT_USAGE;
	}
	if (server) {
		i18n_set_lang(app->lang ? app->lang : "vi", NULL);
		return report_from_server(app, &p, &opts, f);
	}
	int rc = open_db(app);
	if (rc)
		return rc;
	i18n_set_lang(app->lang ? app->lang : "vi", NULL);
	if (report_write_opts(app->db, &p, &opts, f, app->out, app->out ? NULL : stdout, &err) !=
	    NK_OK) {
		fail("report", err);
		free(err);
		return EXIT_FAIL;
	}
	if (app->out)
		eprintf("%s\n", app->out);
	return EXIT_OK;
}

static int cmd_merge(struct app *app, int argc, char **argv)
{
	if (argc < 1 || !app->into) {
		fputs("ntmkiosk: merge: usage: ntmkiosk merge --into DB SRC.db...\n", stderr);
		return EXIT_USAGE;
	}
	app->db_path = app->into;
	int rc = open_db(app);
	if (rc)
		return rc;
	int status = EXIT_OK;
	for (int i = 0; i < argc; i++) {
		struct merge_report rep = {0};
		char *err = NULL;
		int mrc = merge_into(app->db, argv[i], &rep, &err);
		if (mrc != NK_OK) {
			db_explain(app->db, mrc, &err);
			fail(argv[i], err);
			free(err);
			status = EXIT_FAIL;
			continue;
		}
		int64_t added = 0, updated = 0, same = 0;
		for (int t = 0; t < MERGE_NTABLES; t++) {
			added += rep.added[t];
			updated += rep.updated[t];
			same += rep.same[t] + rep.kept[t];
		}
		printf("%s: %lld added, %lld updated, %lld already here, %lld changed in two "
		       "places, %lld left out\n",
		       argv[i], (long long)added, (long long)updated, (long long)same,
		       (long long)(rep.conflicts - rep.left_out), (long long)rep.left_out);
		for (size_t k = 0; k < rep.nconflicts; k++)
			eprintf("%s: %s\n", argv[i], rep.conflict_lines[k]);
		/* A record changed in two places is resolved (and kept in the
		 * conflict log); a row left out is not merged at all. */
		if (rep.left_out)
			status = EXIT_FAIL;
		merge_report_free(&rep);
	}
	return status;
}

static int cmd_check(struct app *app, int argc, char **argv)
{
	(void)argv;
	if (argc > 0) {
		usage(stderr);
		return EXIT_USAGE;
	}
	app->db_flags = DB_OPEN_READONLY; /* checking writes nothing */
	int rc = open_db(app);
	if (rc)
		return rc;
	char *err = NULL;
	if (db_check(app->db, &err) != NK_OK) {
		fail(db_path(app->db), err);
		free(err);
		return EXIT_FAIL;
	}
	printf("database: %s\nschema: %d\nkiosk: %s\nintegrity: ok\n", db_path(app->db),
	       db_schema_version(db_sqlite(app->db)), db_kiosk_id(app->db));
	return EXIT_OK;
}

static int cmd_backup(struct app *app, int argc, char **argv)
{
	(void)argv;
	if (argc > 0 || !app->out) {
		fputs("ntmkiosk: backup: --out FILE is required\n", stderr);
		return EXIT_USAGE;
	}
	int rc = open_db(app);
	if (rc)
		return rc;
	char *err = NULL;
	if (db_backup(app->db, app->out, &err) != NK_OK) {
		fail("backup", err);
		free(err);
		return EXIT_FAIL;
	}
	printf("%s\n", app->out);
	return EXIT_OK;
}

static void print_report(const struct content_report *rep)
{
	for (size_t i = 0; i < rep->nerrors; i++)
		eprintf("%s\n", rep->errors[i]);
	for (size_t i = 0; i < rep->nwarnings; i++)
		eprintf("warning: %s\n", rep->warnings[i]);
}

static int cmd_check_content(struct app *app, int argc, char **argv)
{
	if (argc != 1) {
		fputs("ntmkiosk: check-content: give one folder\n", stderr);
		return EXIT_USAGE;
	}
	char *path = xasprintf("%s/content/topics.tsv", app->datadir);
	char **ids = NULL, *err = NULL;
	size_t n = 0;
	int rc = topics_read_ids(path, &ids, &n, &err);
	free(path);
	if (rc) {
		fail("topics", err);
		free(err);
		return EXIT_FAIL;
	}
	struct content_report rep = {0};
	rc = content_check(argv[0], (const char *const *)ids, n, NULL, &rep, &err);
	print_report(&rep);
	if (rc == NK_OK)
		printf("%zu articles, %zu texts: ok\n", rep.articles, rep.texts);
	else if (rep.nerrors == 0)
		fail("check-content", err);
	else
		eprintf("ntmkiosk: check-content: %zu errors\n", rep.nerrors);
	content_report_clear(&rep);
	topics_free_ids(&ids, n);
	free(err);
	return rc == NK_OK ? EXIT_OK : EXIT_FAIL;
}

static int import_questions(struct app *app, int argc, char **argv)
{
	struct qimport_report rep = {0};
	char *err = NULL;
	struct qimport_opts o = {.topic = app->topic, .create_topics = app->create_topics};
	int rc = questions_import_opts(app->db, (const char *const *)argv, (size_t)argc, &o, &rep,
				       &err);
	for (size_t i = 0; i < rep.nerrors; i++)
		eprintf("%s\n", rep.errors[i]);
	for (size_t i = 0; i < rep.nnotes; i++)
		eprintf("note: %s\n", rep.notes[i]);
	if (rc == NK_OK && rep.topics)
		printf("imported %zu questions, %zu texts from %zu files; %zu new topics\n",
		       rep.questions, rep.texts, rep.files, rep.topics);
	else if (rc == NK_OK)
		printf("imported %zu questions, %zu texts from %zu files\n", rep.questions,
		       rep.texts, rep.files);
	else if (rep.nerrors == 0 && db_explain(app->db, rc, &err) != NK_OK)
		fail("import", err); /* (db_explain gives the failure's code back) */
	else
		eprintf("ntmkiosk: import: %zu errors; nothing was imported\n",
			rep.nerrors);
	qimport_report_clear(&rep);
	free(err);
	return rc == NK_OK ? EXIT_OK : EXIT_FAIL;
}

static int cmd_import(struct app *app, int argc, char **argv)
{
	bool content = argc == 2 && strcmp(argv[0], "content") == 0;
	bool questions = argc >= 2 && strcmp(argv[0], "questions") == 0;
	if (!content && !questions) {
		fputs("ntmkiosk: import: usage: ntmkiosk import content DIR | import questions "
		      "FILE...\n",
		      stderr);
		return EXIT_USAGE;
	}
	int rc = open_db(app);
	if (rc)
		return rc;
	if (questions)
		return import_questions(app, argc - 1, argv + 1);
	struct content_report rep = {0};
	char *err = NULL;
	rc = content_import(app->db, argv[1], &rep, &err);
	print_report(&rep);
	if (rc == NK_OK)
		printf("imported %zu articles, %zu texts\n", rep.articles, rep.texts);
	else if (rep.nerrors == 0 && db_explain(app->db, rc, &err) != NK_OK)
		fail("import", err); /* (db_explain gives the failure's code back) */
	else
		eprintf("ntmkiosk: import: %zu errors; nothing was imported\n",
			rep.nerrors);
	content_report_clear(&rep);
	free(err);
	return rc == NK_OK ? EXIT_OK : EXIT_FAIL;
}

static int cmd_search(struct app *app, int argc, char **argv)
{
	if (argc < 1) {
		fputs("ntmkiosk: search: give what to search for\n", stderr);
		return EXIT_USAGE;
	}
	/* Reads once: no need to read every page first; writes nothing. */
	app->db_flags = DB_OPEN_NO_CHECK | DB_OPEN_READONLY;
	int rc = open_db(app);
	if (rc)
		return rc;
	/* Several words on the command line are one query. */
	size_t len = 1;
	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	char *query = xmalloc(len);
	query[0] = '\0';
	for (int i = 0; i < argc; i++) {
		if (i)
			strcat(query, " ");
		strcat(query, argv[i]);
	}
	struct search_hit *hits = NULL;
	size_t n = 0;
	char *err = NULL;
	rc = content_search(app->db, query, app->lang, app->limit, &hits, &n, &err);
	free(query);
	if (rc) {
		fail("search", err);
		free(err);
		return EXIT_FAIL;
	}
	for (size_t i = 0; i < n; i++) {
		/* Titles are ours, but a tab or newline would break the format. */
		char *title = text_sanitize(hits[i].title, strlen(hits[i].title), false, NULL);
		printf("%s\t%s\n", hits[i].slug, title);
		free(title);
	}
	search_free(&hits, n);
	return EXIT_OK;
}

/* Long options without a short letter. */
enum {
	OPT_NAME = 256, OPT_DATE, OPT_PLACE, OPT_VILLAGE, OPT_MEMBERS, OPT_MODE, OPT_IDS,
	OPT_CONTEST, OPT_TIME, OPT_POINTS, OPT_TEAM, OPT_MEMBER, OPT_QUESTIONS, OPT_SHUFFLE,
	OPT_READING,
	OPT_MEMBER_SUM, OPT_KEYBOARD, OPT_NEW, OPT_TABLE, OPT_PROVINCE, OPT_FORCE, OPT_BY, OPT_ANALYSIS,
	OPT_CREATE_TOPICS
};

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},   {"lang", required_argument, NULL, 'l'},
		{"out", required_argument, NULL, 'o'},  {"kiosk", no_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},       {"version", no_argument, NULL, 'V'},
		{"limit", required_argument, NULL, 'n'},
		{"topic", required_argument, NULL, 't'},
		{"before", required_argument, NULL, 'b'},
		{"format", required_argument, NULL, 'f'},
		{"from", required_argument, NULL, 'F'},
		{"to", required_argument, NULL, 'T'},
		{"period", required_argument, NULL, 'p'},
		{"into", required_argument, NULL, 'i'},
		{"anonymize", no_argument, NULL, 'a'},
		{"count", required_argument, NULL, 'c'},
		{"name", required_argument, NULL, OPT_NAME},
		{"date", required_argument, NULL, OPT_DATE},
		{"place", required_argument, NULL, OPT_PLACE},
		{"village", required_argument, NULL, OPT_VILLAGE},
		{"members", required_argument, NULL, OPT_MEMBERS},
		{"mode", required_argument, NULL, OPT_MODE},
		{"ids", required_argument, NULL, OPT_IDS},
		{"contest", required_argument, NULL, OPT_CONTEST},
		{"time", required_argument, NULL, OPT_TIME},
		{"reading", required_argument, NULL, OPT_READING},
		{"points", required_argument, NULL, OPT_POINTS},
		{"team", required_argument, NULL, OPT_TEAM},
		{"member", required_argument, NULL, OPT_MEMBER},
		{"questions", required_argument, NULL, OPT_QUESTIONS},
		{"shuffle", no_argument, NULL, OPT_SHUFFLE},
		{"member-sum", no_argument, NULL, OPT_MEMBER_SUM},
		{"keyboard", no_argument, NULL, OPT_KEYBOARD},
		{"new", no_argument, NULL, OPT_NEW},
		{"table", required_argument, NULL, OPT_TABLE},
		{"province", required_argument, NULL, OPT_PROVINCE},
		{"force", no_argument, NULL, OPT_FORCE},
		{"by", required_argument, NULL, OPT_BY},
		{"analysis", no_argument, NULL, OPT_ANALYSIS},
		{"create-topics", no_argument, NULL, OPT_CREATE_TOPICS},
		{NULL, 0, NULL, 0},
	};
#ifndef NDEBUG
	spec_check(opts);
#endif
	struct app app = {0};
	int c, idx, rc = EXIT_OK;
	/* The long options given, in order, for the command's spec. */
	const char **given = xcalloc((size_t)argc + 1, sizeof *given);
	size_t ngiven = 0;
	opterr = 0;
	while ((idx = -1, c = getopt_long(argc, argv, "h", opts, &idx)) != -1) {
		if (idx >= 0)
			given[ngiven++] = opts[idx].name;
		switch (c) {
		case 'd':
			app.db_path = optarg;
			break;
		case 'l':
			app.lang = optarg;
			break;
		case 'o':
			app.out = optarg;
			break;
		case 'k':
			app.kiosk = true;
			break;
		case 't':
			app.topic = optarg;
			break;
		case 'b':
			app.before = optarg;
			break;
		case 'f':
			app.format = optarg;
			break;
		case 'F':
			app.from = optarg;
			break;
		case OPT_PROVINCE:
			app.province = optarg;
			break;
		case OPT_BY:
			app.by = optarg;
			break;
		case OPT_ANALYSIS:
			app.analysis = true;
			break;
		case OPT_CREATE_TOPICS:
			app.create_topics = true;
			break;
		case 'T':
			app.to = optarg;
			break;
		case 'p':
			app.period = optarg;
			break;
		case 'i':
			app.into = optarg;
			break;
		case 'a':
			app.anonymize = true;
			break;
		case 'c':
			if (strcmp(optarg, "5") && strcmp(optarg, "10") && strcmp(optarg, "20")) {
				eprintf("ntmkiosk: --count: 5, 10 or 20, not '%s'\n", optarg);
				rc = EXIT_USAGE;
				goto early;
			}
			app.count = atoi(optarg);
			break;
		case 'n': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 1 || v > 10000) {
				eprintf("ntmkiosk: --limit: '%s' is not a number from 1 to "
						"10000\n",
					optarg);
				rc = EXIT_USAGE;
				goto early;
			}
			app.limit = (int)v;
			break;
		}
		case OPT_FORCE:
			app.force = true;
			break;
		case OPT_NAME:
			app.name = optarg;
			break;
		case OPT_DATE:
			app.date = optarg;
			break;
		case OPT_PLACE:
			app.place = optarg;
			break;
		case OPT_VILLAGE:
			app.village = optarg;
			break;
		case OPT_MEMBERS:
			app.members = optarg;
			break;
		case OPT_MODE:
			app.mode = optarg;
			break;
		case OPT_IDS:
			app.ids = optarg;
			break;
		case OPT_CONTEST:
			app.contest = optarg;
			break;
		case OPT_SHUFFLE:
			app.shuffle = true;
			break;
		case OPT_MEMBER_SUM:
			app.member_sum = true;
			break;
		case OPT_KEYBOARD:
			app.keyboard = true;
			break;
		case OPT_NEW:
			app.new_contest = true;
			break;
		case OPT_TABLE:
			app.table = optarg;
			break;
		case OPT_TIME:
		case OPT_POINTS:
		case OPT_TEAM:
		case OPT_MEMBER:
		case OPT_READING:
		case OPT_QUESTIONS: {
			static const struct {
				int opt;
				const char *name;
				long min, max;
			} nums[] = {{OPT_TIME, "--time", 0, 86400},
				    {OPT_POINTS, "--points", 1, 100000},
				    {OPT_TEAM, "--team", 1, 200},
				    {OPT_MEMBER, "--member", 1, 50},
				    {OPT_QUESTIONS, "--questions", 1, 500},
				    {OPT_READING, "--reading", 0, 600}};
			size_t k = 0;
			while (nums[k].opt != c)
				k++;
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || !*optarg || v < nums[k].min || v > nums[k].max) {
				eprintf("ntmkiosk: %s: '%s' is not a number from %ld to %ld\n",
					nums[k].name, optarg, nums[k].min, nums[k].max);
				rc = EXIT_USAGE;
				goto early;
			}
			int iv = (int)v;
			if (c == OPT_TIME)
				app.seconds = iv;
			else if (c == OPT_POINTS)
				app.points = iv;
			else if (c == OPT_TEAM)
				app.team = iv;
			else if (c == OPT_MEMBER)
				app.member = iv;
			else if (c == OPT_READING)
				app.reading = iv;
			else
				app.qcount = iv;
			break;
		}
		case 'h':
			usage(stdout);
			rc = EXIT_OK;
			goto early;
		case 'V':
			printf("ntmkiosk %s\n", NK_VERSION);
			rc = EXIT_OK;
			goto early;
		default:
			eprintf("ntmkiosk: unknown or incomplete option '%s'\n",
				argv[optind - 1]);
			usage(stderr);
			rc = EXIT_USAGE;
				goto early;
		}
	}
	const struct command *cmd = &commands[0];
	if (optind < argc) {
		cmd = NULL;
		for (size_t i = 0; i < NK_ARRAY_LEN(commands); i++)
			if (strcmp(argv[optind], commands[i].name) == 0)
				cmd = &commands[i];
		if (!cmd) {
			eprintf("ntmkiosk: unknown command '%s'\n", argv[optind]);
			usage(stderr);
			rc = EXIT_USAGE;
			goto early;
		}
		optind++;
	}
	for (size_t i = 0; i < ngiven; i++) {
		if (!command_takes(cmd, given[i])) {
			eprintf("ntmkiosk: %s: --%s is not an option of this command\n"
				"usage: ntmkiosk %s %s\n",
				cmd->name, given[i], cmd->name, cmd->usage);
			rc = EXIT_USAGE;
			goto early;
		}
	}
	free(given);
	given = NULL;

	find_dirs(&app);
	char *err = NULL;
	char *langs = xasprintf("%s/locales/languages.tsv", app.datadir);
	if (i18n_init(app.localedir, &err) != NK_OK || i18n_load_languages(langs, &err) != NK_OK) {
		rc = fail("languages", err);
		goto out;
	}
	if (app.lang && !i18n_lang_find(app.lang)) {
		eprintf("ntmkiosk: --lang: unknown language '%s' (", app.lang);
		for (size_t i = 0; i < i18n_lang_count(); i++)
			eprintf("%s%s", i ? ", " : "", i18n_lang_at(i)->id);
		fputs(")\n", stderr);
		rc = EXIT_USAGE;
		goto out;
	}
	rc = cmd->run(&app, argc - optind, argv + optind);
out:
	free(err);
	free(langs);
	db_close(&app.db);
	i18n_free_languages();
	text_cleanup();
	free(app.datadir);
	free(app.localedir);
	return rc;
early:
	free(given);
	return rc;
}
