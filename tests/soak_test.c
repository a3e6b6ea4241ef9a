/*
 * soak_test: many visitors, one process, memory flat. Each session is a new
 * ui (ui_new ... ui_free) on one database with the bundled data, driven with
 * abstract actions and a manual clock, every screen rendered to a grid as
 * the terminal back-end would: pick a language, read an article (scroll,
 * flip to Vietnamese, follow a link), sometimes search, look at help or the
 * questions and answers, take a 5-question quiz (multi-answer questions
 * marked and confirmed, "read more" now and then), then sometimes save the
 * result with a Telex-typed name through the consent screen and the form,
 * sometimes decline, sometimes try again, sometimes walk away until the idle
 * timer sends the kiosk back to the language picker.
 *
 * Resident memory (VmRSS in /proc/self/status) is sampled after sessions
 * 100, 500, 1000, 1500 and 2000 (and at the warm-up point and the end of a
 * shorter run); the test fails when it grows after warm-up (the first
 * quarter of the sessions: caches, catalogs, SQLite's page cache filling)
 * by more than max(2 MB, 10%). The heap in use outside SQLite (glibc's
 * mallinfo2 minus sqlite3_memory_used) is checked too, more sharply: a leak
 * of a few hundred bytes a session shows there long before it shows in RSS.
 * Under AddressSanitizer or valgrind memory is theirs to judge (their
 * quarantine and shadow memory grow by design): the samples are printed and
 * the bounds not applied.
 *
 * Usage: soak_test [SESSIONS=300]. Needs NTMKIOSK_DATADIR and
 * NTMKIOSK_LOCALEDIR (meson test sets them). The database runs with
 * synchronous=OFF: durability is the crash test's subject, not this one's,
 * and 2,000 sessions of fsyncs would only make it slow.
 */
#include "content/articles.h"
#include "content/topics.h"
#include "core/db.h"
#define NK_TESTS_WITH_UI
#include "helpers.h"
#include "quizzes/qstore.h"
#include "records/attempts.h"

#include <glob.h>
#include <malloc.h>
#include <stdarg.h>
#include <time.h>

#if defined(__SANITIZE_ADDRESS__)
#define SOAK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SOAK_ASAN 1
#endif
#endif
#ifndef SOAK_ASAN
#define SOAK_ASAN 0
#endif

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int rnd_int(int lo, int hi) /* inclusive */
{
	return lo + (int)(rnd() % (uint64_t)(hi - lo + 1));
}

static bool chance(int percent)
{
	return rnd_int(1, 100) <= percent;
}

static int failures, passes;

static void pass(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("ok - ");
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	fflush(stdout);
	passes++;
}

static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("not ok - ");
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	fflush(stdout);
	failures++;
}

/* --- one visitor ------------------------------------------------------------ */

struct soak {
	struct db *db;
	int64_t now;
	struct clock clk;
	struct grid *g; /* the visitor's window */
	struct ui *ui;
	long actions, draws;
	/* what the sessions did, to check against the database at the end */
	int articles, quizzes, completed, saved, declined, retries, idles, searches;
};

static void draw(struct soak *s)
{
	ui_draw(s->ui, s->g);
	s->draws++;
}

/* One key: time passes (a visitor takes a second or three), the ui reacts,
 * and the screen is drawn again. */
static int act(struct soak *s, enum act k, int n)
{
	s->now += rnd_int(300, 3000);
	int r = ui_handle(s->ui, (struct action){k, n, 0, 0});
	s->actions++;
	draw(s);
	return r;
}

static void type(struct soak *s, const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		act(s, ACT_CHAR, *p);
}

static const char *screen(struct soak *s)
{
	return ui_screen_name(s->ui);
}

static bool on(struct soak *s, const char *name)
{
	return strcmp(screen(s), name) == 0;
}

/* What an 80x24 terminal would show (the visitor's own window may be
 * smaller); the caller frees. */
static char *text(struct soak *s)
{
	return test_render(s->ui, 80, 24);
}

/* Esc until the menu (or the picker, if the visit ended). */
static void back_to_menu(struct soak *s)
{
	for (int i = 0; i < 12 && !on(s, "menu") && !on(s, "picker"); i++)
		act(s, ACT_BACK, 0);
}

static void read_article(struct soak *s)
{
	act(s, ACT_CHOICE, 1); /* Articles */
	if (!on(s, "topics"))
		return;
	act(s, ACT_CHOICE, rnd_int(1, 8));
	if (!on(s, "articles"))
		return;
	act(s, ACT_CHOICE, rnd_int(1, 2));
	if (!on(s, "reader"))
		return;
	s->articles++;
	for (int i = rnd_int(0, 4); i > 0; i--)
		act(s, ACT_PGDN, 0);
	if (chance(30)) {
		act(s, ACT_FLIP, 0); /* in Vietnamese, and back */
		act(s, ACT_FLIP, 0);
	}
	if (chance(30)) {
		act(s, ACT_NEXT, 0); /* the first link, followed */
		act(s, ACT_SELECT, 0);
	}
	if (chance(20))
		act(s, ACT_END, 0);
	back_to_menu(s);
}

static void search(struct soak *s)
{
	static const char *const queries[] = {"dao tao", "ocop", "nong thon moi", "xx", "sao"};
	act(s, ACT_SEARCH, 0);
	if (!on(s, "search"))
		return;
	s->searches++;
	type(s, queries[rnd_int(0, 4)]);
	if (chance(30))
		act(s, ACT_ERASE, 0);
	act(s, ACT_DOWN, 0);
	act(s, ACT_SELECT, 0);
	back_to_menu(s);
}

static void help_and_questions(struct soak *s)
{
	if (chance(50)) {
		act(s, ACT_HELP, 0);
		act(s, ACT_PGDN, 0);
		back_to_menu(s);
	}
	if (chance(50)) {
		/* Questions and answers: start a question, think better of it. */
		act(s, ACT_CHOICE, 3);
		act(s, ACT_CHOICE, rnd_int(1, 2));
		type(s, "Xin hoir");
		back_to_menu(s);
	}
}

static const char *const names[] = {"Nguyeenx Vawn An", "Giafng Thij Mao", "Ly Seo Chinhs",
				     "Trieeuj Tar May", "Hoaafng Vawn Thaof"};

static void save_result(struct soak *s)
{
	act(s, ACT_CHOICE, 3); /* Save my result */
	if (!on(s, "consent"))
		return;
	if (chance(25)) {
		act(s, ACT_CHOICE, 2); /* No: counted without a name */
		if (on(s, "quiz"))
			s->declined++;
		return;
	}
	act(s, ACT_CHOICE, 1);
	if (!on(s, "form"))
		return;
	type(s, names[rnd_int(0, 4)]);
	act(s, ACT_NEXT, 0);
	if (chance(50))
		act(s, ACT_DOWN, 0); /* a village from the list */
	else
		type(s, "Tar Van");
	act(s, ACT_NEXT, 0);
	act(s, ACT_RIGHT, 0); /* gender */
	act(s, ACT_NEXT, 0);
	type(s, chance(50) ? "1985" : "2003");
	if (chance(20)) {
		act(s, ACT_BACK, 0); /* changed their mind: nothing stored */
		return;
	}
	act(s, ACT_CHOICE, 7); /* Save */
	if (on(s, "quiz"))
		s->saved++;
	else
		back_to_menu(s);
}

/* One quiz: a topic, 5 questions, answers (right or wrong), the result. */
static void take_quiz(struct soak *s)
{
	act(s, ACT_CHOICE, 2); /* Quiz */
	if (!on(s, "quiz-setup"))
		return;
	act(s, ACT_CHOICE, rnd_int(1, 4));
	act(s, ACT_CHOICE, 1); /* 5 questions */
	if (!on(s, "quiz"))
		return;
	s->quizzes++;
	for (int round = 0; round < 3; round++) {
		bool done = false;
		for (int q = 0; q < 25 && on(s, "quiz"); q++) {
			char *d = text(s);
			done = strstr(d, _("Review the questions")) != NULL;
			bool multi = strstr(d, "[ ]") != NULL || strstr(d, "[x]") != NULL;
			free(d);
			if (done)
				break;
			if (q > 0 && chance(1))
				return; /* walked away mid-quiz */
			if (multi) {
				act(s, ACT_CHOICE, rnd_int(1, 2));
				act(s, ACT_CHOICE, rnd_int(3, 4));
				act(s, ACT_SELECT, 0);
			} else {
				act(s, ACT_CHOICE, rnd_int(1, 2));
			}
			if (chance(10)) {
				act(s, ACT_CHOICE, 2); /* read more, when there is an article */
				if (on(s, "reader"))
					act(s, ACT_BACK, 0);
			}
			act(s, ACT_CHOICE, 1); /* next */
		}
		if (!done)
			return;
		s->completed++;
		if (chance(20)) {
			act(s, ACT_CHOICE, 1); /* review */
			act(s, ACT_PGDN, 0);
			act(s, ACT_BACK, 0);
		}
		if (round < 2 && chance(10)) {
			act(s, ACT_CHOICE, 2); /* try again: a new attempt */
			s->retries++;
			continue;
		}
		if (chance(50))
			save_result(s);
		return;
	}
}

static void session(struct soak *s, int n)
{
	rng_state = (uint64_t)n * 7919u + 1;
	static const int sizes[][2] = {{80, 24}, {80, 24}, {80, 24}, {40, 12}, {132, 43}};
	int which = rnd_int(0, 4);
	s->g = grid_new(sizes[which][0], sizes[which][1]);
	struct ui_opts o = {.db = s->db, .clk = &s->clk, .idle_ms = 120000, .home_lang = "vi"};
	s->ui = ui_new(&o);
	draw(s);
	int r = rnd_int(1, 10);
	act(s, ACT_CHOICE, r <= 6 ? 1 : r <= 8 ? 2 : 3); /* vi, hmn, ium */
	if (!on(s, "menu"))
		fail("session %d: the picker did not lead to the menu (%s)", n, screen(s));
	if (chance(70))
		read_article(s);
	if (chance(15))
		search(s);
	if (chance(10))
		help_and_questions(s);
	if (chance(5)) {
		act(s, ACT_LANG, 0); /* F2: another language, then on */
		act(s, ACT_CHOICE, rnd_int(1, 3));
		back_to_menu(s);
	}
	if (on(s, "menu"))
		take_quiz(s);
	if (chance(10)) {
		/* Walks away: "are you still there?", then back to the picker. */
		for (int i = 0; i < 8 && !on(s, "picker"); i++) {
			s->now += 61000;
			ui_handle(s->ui, (struct action){ACT_TICK, 0, 0, 0});
			draw(s);
		}
		if (on(s, "picker"))
			s->idles++;
		else
			fail("session %d: idle did not end the visit (%s)", n, screen(s));
	}
	ui_free(&s->ui);
	grid_free(&s->g);
}

/* --- memory --------------------------------------------------------------------- */

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return -1;
	char line[256];
	long kb = -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* Bytes in use on the heap outside SQLite (SQLite's page cache grows with
 * the database up to its cache_size, and that is not a leak). */
static long long heap_outside_sqlite(void)
{
	struct mallinfo2 mi = mallinfo2();
	return (long long)mi.uordblks + (long long)mi.hblkhd - (long long)sqlite3_memory_used();
}

static bool under_valgrind(void)
{
	const char *p = getenv("LD_PRELOAD");
	return p && (strstr(p, "vgpreload") || strstr(p, "valgrind"));
}

/* --- set-up ------------------------------------------------------------------------ */

static void fill(struct db *db)
{
	const char *root = getenv("NTMKIOSK_DATADIR");
	char *err = NULL;
	char *topics = xasprintf("%s/content/topics.tsv", root);
	char *arts = xasprintf("%s/content/articles", root);
	char *pattern = xasprintf("%s/quizzes/banks/*/*.gift", root);
	struct content_report rep = {0};
	struct qimport_report qrep = {0};
	glob_t g;
	if (glob(pattern, 0, NULL, &g) != 0) {
		fprintf(stderr, "no question banks in %s\n", pattern);
		abort();
	}
	if (topics_import(db, topics, &err) || content_import(db, arts, &rep, &err) ||
	    questions_import(db, (const char *const *)g.gl_pathv, g.gl_pathc, &qrep, &err)) {
		fprintf(stderr, "bundled data: %s\n", err);
		abort();
	}
	static const char *const villages[] = {"Tả Van", "Lao Chải", "Sa Pả", "Hầu Thào"};
	for (size_t i = 0; i < 4; i++)
		if (villages_add(db, villages[i], &err) != NK_OK) {
			fprintf(stderr, "villages: %s\n", err);
			abort();
		}
	globfree(&g);
	content_report_clear(&rep);
	qimport_report_clear(&qrep);
	free(topics);
	free(arts);
	free(pattern);
}

static long long count(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return n;
}

static bool sample_point(int done, int total, int warm)
{
	return done == 100 || done == 500 || done == 1000 || done == 1500 || done == 2000 ||
	       done == warm || done == total;
}

int main(int argc, char **argv)
{
	int total = argc > 1 ? atoi(argv[1]) : 300;
	if (total < 20) {
		fprintf(stderr, "usage: %s [SESSIONS>=20]\n", argv[0]);
		return 2;
	}
	int warm = total >= 2000 ? 500 : total / 4;
	test_i18n_setup();
	char *dir = test_tmpdir();
	char *path = xasprintf("%s/k.db", dir), *err = NULL;
	struct soak s = {0};
	if (db_open(path, &s.db, &err) != NK_OK) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	free(path);
	db_exec(s.db, "PRAGMA synchronous = OFF", NULL);
	fill(s.db);
	s.now = INT64_C(1795342500000); /* 2026-11-22, like the other UI tests */
	s.clk = (struct clock){clock_manual_read, &s.now};

	bool judge = !SOAK_ASAN && !under_valgrind();
	printf("# soak: %d visitor sessions, warm-up %d%s\n", total, warm,
	       judge ? "" : " (sanitizer or valgrind: bounds not applied)");
	printf("# %8s %10s %14s %14s\n", "session", "VmRSS kB", "heap kB", "SQLite kB");
	long rss_warm = -1, rss_end = -1;
	long long heap_warm = 0, heap_end = 0;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int n = 1; n <= total; n++) {
		session(&s, n);
		if (!sample_point(n, total, warm))
			continue;
		long rss = rss_kb();
		long long heap = heap_outside_sqlite();
		if (judge)
			printf("# %8d %10ld %14.1f %14.1f\n", n, rss, (double)heap / 1024,
			       (double)sqlite3_memory_used() / 1024);
		else
			printf("# %8d %10ld %14s %14.1f\n", n, rss, "-",
			       (double)sqlite3_memory_used() / 1024);
		fflush(stdout);
		if (n == warm) {
			rss_warm = rss;
			heap_warm = heap;
		}
		if (n == total) {
			rss_end = rss;
			heap_end = heap;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("# %.2f s: %.2f ms a session, %ld actions, %ld screens drawn\n", secs,
	       secs * 1000 / total, s.actions, s.draws);
	printf("# %d articles read, %d searches, %d quizzes started (%d attempts finished, %d tried "
	       "again), %d saved with a name, %d declined, %d timed out idle\n",
	       s.articles, s.searches, s.quizzes, s.completed, s.retries, s.saved, s.declined,
	       s.idles);

	/* The sessions did what they meant to, as the database tells it. */
	long long db_done = count(s.db, "SELECT count(*) FROM attempts WHERE completed = 1");
	long long db_people = count(s.db, "SELECT count(*) FROM participants");
	long long db_visits = count(s.db, "SELECT count(*) FROM visits");
	if (db_done != s.completed)
		fail("%lld attempts completed in the database, the sessions finished %d", db_done,
		     s.completed);
	else
		pass("%lld completed attempts recorded, as finished on screen", db_done);
	if (db_people != s.saved)
		fail("%lld participants in the database, the sessions saved %d", db_people, s.saved);
	else
		pass("%lld participants recorded, as saved on screen", db_people);
	if (db_visits < total)
		fail("%lld visits recorded for %d sessions", db_visits, total);
	else
		pass("%lld visits recorded", db_visits);
	if (s.completed < total / 2 || s.saved == 0 || s.articles < total / 4)
		fail("the sessions did too little to mean anything (finished %d, saved %d, read %d)",
		     s.completed, s.saved, s.articles);
	else
		pass("the sessions went where visitors go (articles, quizzes, the form)");

	long growth = rss_end - rss_warm;
	long bound = rss_warm / 10 > 2048 ? rss_warm / 10 : 2048;
	long long heap_growth = heap_end - heap_warm;
	long long heap_bound = 256 * 1024;
	if (!judge)
		pass("# SKIP memory bounds under a sanitizer or valgrind (RSS %ld → %ld kB); "
		     "their own leak report is the judge",
		     rss_warm, rss_end);
	else if (rss_warm <= 0 || rss_end <= 0)
		fail("cannot read VmRSS from /proc/self/status");
	else if (growth > bound)
		fail("resident memory grew %ld kB from session %d to %d (bound %ld kB): %ld → %ld kB",
		     growth, warm, total, bound, rss_warm, rss_end);
	else
		pass("resident memory flat: %+ld kB from session %d to %d (bound %ld kB)", growth,
		     warm, total, bound);
	if (judge && heap_growth > heap_bound)
		fail("the heap outside SQLite grew %lld bytes from session %d to %d (%.0f bytes a "
		     "session): a leak",
		     heap_growth, warm, total, (double)heap_growth / (total - warm));
	else if (judge)
		pass("heap outside SQLite: %+lld bytes from session %d to %d", heap_growth, warm,
		     total);

	db_close(&s.db);
	test_rmdir(dir);
	i18n_free_languages();
	printf("%d passed, %d failed\n", passes, failures);
	return failures ? 1 : 0;
}
