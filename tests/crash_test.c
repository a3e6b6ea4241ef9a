/*
 * crash_test: kill -9 at random moments while a scripted visitor uses the
 * real kiosk in a pseudo-terminal, again and again on one database (a kiosk
 * that loses power many times), and check after every kill:
 *
 *   - PRAGMA integrity_check is ok and no foreign key dangles;
 *   - every answer the screen confirmed (its "✓" or "✗" was drawn) is in the
 *     database, with the same right/wrong, and the answer rows are at least
 *     the confirmed answers of all runs so far;
 *   - every attempt cut short (by the kill, or left with Esc and "stop") has
 *     completed = 0; a result the screen showed is completed with its score;
 *     scores match the answers; nothing was written that the visitor did not
 *     give (at most the one answer whose feedback the kill beat);
 *   - the kiosk starts again cleanly (the next run must reach the menu; the
 *     last start must reach the language picker).
 *
 * Before the runs, the first start of a kiosk (a new database being filled
 * with the bundled data) is killed at moments spread over its length, each
 * on a database of its own, and must start again (20 trials, 40 with 200 or
 * more runs).
 *
 * The database is checked on a byte copy of its files (with -wal and -shm as
 * the kill left them), so the kiosk itself does the crash recovery on its
 * next start, as it would at the cultural house. The screen is a small
 * terminal model (pty_driver.h), not a search of the byte stream: ncurses
 * sends only the cells that change, so "[x]" and "Câu 2/5" rarely appear in
 * the stream whole.
 *
 * Usage: crash_test NTMKIOSK [ITERATIONS=20] [SEED]
 * NTMKIOSK_DATADIR and NTMKIOSK_LOCALEDIR pass through to the kiosk.
 * Output: one TAP-like line per run, then "N passed, N failed".
 */
#include "pty_driver.h"

#include <sqlite3.h>
#include <stdarg.h>

#define ROWS 24
#define COLS 80
#define WAIT_US 10000000 /* what a screen may take before we call it stuck */
#define MAX_ATT 64
#define MAX_Q 32

/* --- the random moments --------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* splitmix64: seeded, so a run can be repeated (timing aside). */
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

/* --- what the screen shows -------------------------------------------------- */

enum scr {
	SC_UNKNOWN,
	SC_PICKER,
	SC_MENU,
	SC_ART_TOPICS,
	SC_ART_LIST,
	SC_READER,
	SC_QTOPICS,
	SC_QLEN,
	SC_QUESTION,
	SC_FEEDBACK,
	SC_RESULT,
	SC_STOP, /* "Stop the quiz?" after Esc on a question */
};

static const char *scr_name[] = {"unknown",   "picker",   "menu",     "article topics",
				 "article list", "reader", "quiz topics", "quiz length",
				 "question",  "feedback", "result", "stop the quiz?"};

struct view {
	enum scr kind;
	int q, n;     /* question q of n (question, feedback) */
	int verdict;  /* feedback: 1 right, 0 wrong or timed out */
	bool marked;  /* question: an option shows [x] */
	int score;    /* result: right answers */
	bool db_error; /* the status line says a write failed */
};

/* The feedback line under the header: "✓ Đúng rồi!", "✗ Chưa đúng." or
 * "⏱ Hết giờ.". Returns 1, 0, or -1 when absent. */
static int feedback_verdict(const struct vt *v)
{
	for (int y = 2; y <= 5; y++) {
		if (vt_row_starts(v, y, "  ✓ "))
			return 1;
		if (vt_row_starts(v, y, "  ✗ ") || vt_row_starts(v, y, "  ⏱ "))
			return 0;
	}
	return -1;
}

static struct view classify(const struct vt *v)
{
	struct view w = {SC_UNKNOWN, 0, 0, -1, false, -1, false};
	char *d = vt_dump(v), *lines = strdup(d);
	if (!lines)
		abort();
	char *rows[ROWS] = {0};
	int nr = 0;
	for (char *p = lines; nr < ROWS && *p;) {
		rows[nr++] = p;
		char *e = strchr(p, '\n');
		if (!e)
			break;
		*e = '\0';
		p = e + 1;
	}
	const char *top = nr > 0 ? rows[0] : "";
	const char *bar = nr > 0 ? rows[nr - 1] : "";
	w.db_error = false;
	for (int i = 0; i < nr; i++)
		if (strstr(rows[i], "Không lưu được"))
			w.db_error = true;
	int q, n, s;
	if (nr > 1 && sscanf(rows[1], "  Câu %d/%d", &q, &n) == 2) {
		w.q = q;
		w.n = n;
		w.verdict = feedback_verdict(v);
		w.kind = w.verdict >= 0 ? SC_FEEDBACK : SC_QUESTION;
		for (int i = 2; i < nr; i++)
			if (strstr(rows[i], "[x]"))
				w.marked = true;
	} else if (strncmp(top, " Kết quả", strlen(" Kết quả")) == 0) {
		for (int i = 1; i < nr; i++) {
			const char *at = strstr(rows[i], "Đúng ");
			if (at && sscanf(at, "Đúng %d trên %d câu", &s, &n) == 2) {
				w.kind = SC_RESULT;
				w.score = s;
				w.n = n;
			}
		}
	} else if (strstr(d, "Dừng bài trắc nghiệm?")) {
		w.kind = SC_STOP;
	} else if (strstr(bar, "Tab Liên kết")) {
		w.kind = SC_READER;
	} else if (strstr(d, "Chọn chủ đề:")) {
		w.kind = SC_QTOPICS;
	} else if (strstr(d, "Bao nhiêu câu hỏi?")) {
		w.kind = SC_QLEN;
	} else if (strstr(d, "Chọn ngôn ngữ")) {
		w.kind = SC_PICKER;
	} else if (strstr(d, "1 ¶   Bài viết") && strstr(d, "2 ☑   Trắc nghiệm")) {
		w.kind = SC_MENU;
	} else if (strstr(bar, "Tìm kiếm")) {
		w.kind = strncmp(top, " Bài viết ", strlen(" Bài viết ")) == 0 ? SC_ART_TOPICS
									      : SC_ART_LIST;
	}
	free(lines);
	free(d);
	return w;
}

/* --- one run: what the visitor saw ------------------------------------------ */

struct seen_attempt {
	int total;
	signed char verdict[MAX_Q]; /* -1: no confirmed answer at this position */
	int confirmed;
	bool result;
	int score;
};

struct run {
	struct seen_attempt att[MAX_ATT];
	int natt;
	bool awaiting; /* an answer was given; its feedback not yet seen */
	int await_q;
	int confirmed;
	bool db_error;
	int keys, kill_after;
	int64_t sent_us; /* when the last key went */
};

/* How long the kiosk takes from an answer key to its feedback (the write and
 * the draw): short kills after an answer key aim inside that window. */
static int64_t latency_sum, latency_max, latency_n;

/* Called after every chunk of output: an answer counts as confirmed the
 * moment its feedback is on the screen, wherever the script is. */
static void observe(struct pty_proc *p, void *ctx)
{
	struct run *r = ctx;
	struct view w = classify(&p->vt);
	if (w.db_error)
		r->db_error = true;
	if (!r->awaiting || w.kind != SC_FEEDBACK || w.q != r->await_q || r->natt == 0)
		return;
	struct seen_attempt *a = &r->att[r->natt - 1];
	if (w.q >= 1 && w.q <= MAX_Q && a->verdict[w.q - 1] < 0) {
		a->verdict[w.q - 1] = (signed char)w.verdict;
		a->confirmed++;
		r->confirmed++;
		int64_t lat = pty_now_us() - r->sent_us;
		latency_sum += lat;
		latency_n++;
		if (lat > latency_max)
			latency_max = lat;
	}
	r->awaiting = false;
}

struct want {
	unsigned kinds; /* 1 << enum scr */
	int q;          /* for SC_QUESTION: this question (0: any) */
	bool marked;    /* for SC_QUESTION: only once [x] shows */
};

static bool want_met(struct pty_proc *p, void *ctx)
{
	const struct want *w = ctx;
	struct view v = classify(&p->vt);
	if (!(w->kinds & (1u << v.kind)))
		return false;
	if (v.kind == SC_QUESTION && w->q && v.q != w->q)
		return false;
	if (v.kind == SC_QUESTION && w->marked && !v.marked)
		return false;
	return true;
}

#define K(s) (1u << (s))

/* --- reporting ---------------------------------------------------------------- */

static int passed, failed;

static void report(bool ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%s %d - ", ok ? "ok" : "not ok", passed + failed + 1);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	fflush(stdout);
	if (ok)
		passed++;
	else
		failed++;
}

static void show_screen(const struct vt *v)
{
	char *d = vt_dump(v);
	printf("# --- screen ---\n");
	for (char *line = strtok(d, "\n"); line; line = strtok(NULL, "\n"))
		printf("#  %s\n", line);
	free(d);
}

/* --- the scripted visitor ------------------------------------------------------ */

struct script {
	struct pty_proc *p;
	struct run *r;
	int64_t kill_delay_us;
	int kill_class; /* 0: at start, 1: short, 2: medium, 3: long */
	double kill_frac;
	bool killed;
	const char *stuck; /* what the screen did not show */
	enum scr kill_screen;
	bool menu_reached;
};

/* Sends keys; when this is the planned key, waits the planned delay (still
 * reading, so confirmations keep counting) and kills. */
static bool press(struct script *s, const char *keys)
{
	s->r->sent_us = pty_now_us();
	if (!pty_send(s->p, keys))
		return false;
	if (++s->r->keys == s->r->kill_after) {
		/* Right after an answer key, a short kill lands between the key
		 * and its feedback: inside the write, or between it and the draw. */
		if (s->kill_class == 1 && s->r->awaiting)
			s->kill_delay_us = (int64_t)(s->kill_frac * 1.5 *
						     (double)(latency_n ? latency_sum / latency_n
									: 2000));
		pty_idle(s->p, s->kill_delay_us);
		s->kill_screen = classify(&s->p->vt).kind;
		s->killed = true;
		return false;
	}
	return true;
}

static bool expect(struct script *s, unsigned kinds, int q, bool marked, const char *what)
{
	struct want w = {kinds, q, marked};
	if (pty_wait(s->p, want_met, &w, WAIT_US))
		return true;
	s->stuck = what;
	return false;
}

/* Menu → articles → a topic → its first article → scroll → back to the menu. */
static bool read_article(struct script *s)
{
	char key[2] = {(char)('0' + rnd_int(1, 8)), 0};
	if (!press(s, "1") || !expect(s, K(SC_ART_TOPICS), 0, false, "the article topics"))
		return false;
	if (!press(s, key) || !expect(s, K(SC_ART_LIST), 0, false, "a topic's articles"))
		return false;
	if (!press(s, "1") || !expect(s, K(SC_READER), 0, false, "the reader"))
		return false;
	for (int i = rnd_int(0, 3); i > 0; i--) {
		unsigned long long gen = s->p->vt.gen;
		if (!press(s, "\033[6~"))
			return false;
		/* The page turns, or (at the end) nothing changes. */
		for (int64_t end = pty_now_us() + 100000; s->p->vt.gen == gen && pty_now_us() < end;)
			pty_pump(s->p, 5000);
	}
	if (!press(s, "\033") || !expect(s, K(SC_ART_LIST), 0, false, "back to the articles"))
		return false;
	if (!press(s, "\033") || !expect(s, K(SC_ART_TOPICS), 0, false, "back to the topics"))
		return false;
	return press(s, "\033") && expect(s, K(SC_MENU), 0, false, "back to the menu");
}

static bool read_more(struct script *s);

/* Answers question q (of the attempt on screen) with A, confirming with
 * Enter when it takes several answers; then maybe reads more; then next. */
static bool play_question(struct script *s, int q, int n)
{
	struct run *r = s->r;
	r->awaiting = true;
	r->await_q = q;
	if (!press(s, "a"))
		return false;
	/* Either the feedback or, for a multi-answer question, the mark: then
	 * Enter gives the answer. */
	if (!expect(s, K(SC_FEEDBACK) | K(SC_QUESTION), q, true, "the feedback or [x]"))
		return false;
	if (classify(&s->p->vt).kind == SC_QUESTION && !press(s, "\r"))
		return false;
	if (!expect(s, K(SC_FEEDBACK), 0, false, "the feedback"))
		return false;
	if (r->awaiting) {
		s->stuck = "the feedback for the question answered";
		return false;
	}
	if (chance(12) && !read_more(s))
		return false;
	if (!press(s, "1"))
		return false;
	if (q < n)
		return expect(s, K(SC_QUESTION), q + 1, false, "the next question");
	return expect(s, K(SC_RESULT), 0, false, "the result");
}

static bool read_more(struct script *s)
{
	/* "Read more" is item 2 when the question names an article. */
	if (!vt_has(&s->p->vt, "2  Đọc thêm"))
		return true;
	if (!press(s, "2") || !expect(s, K(SC_READER), 0, false, "read more"))
		return false;
	return press(s, "\033") && expect(s, K(SC_FEEDBACK), 0, false, "back to the feedback");
}

static void new_attempt(struct run *r, int total)
{
	if (r->natt == MAX_ATT)
		return;
	struct seen_attempt *a = &r->att[r->natt++];
	memset(a, 0, sizeof *a);
	a->total = total;
	a->score = -1;
	memset(a->verdict, -1, sizeof a->verdict);
}

/* One quiz from the topic list: a topic, 5 questions, the result, and then
 * maybe "try again". Sometimes the visitor walks away mid-quiz (Esc). */
static bool take_quiz(struct script *s)
{
	struct run *r = s->r;
	char key[2] = {(char)('0' + rnd_int(1, 9)), 0};
	if (!press(s, key) || !expect(s, K(SC_QLEN), 0, false, "how many questions"))
		return false;
	if (!press(s, "1") || !expect(s, K(SC_QUESTION), 1, false, "question 1"))
		return false;
	for (;;) {
		struct view v = classify(&s->p->vt);
		new_attempt(r, v.n);
		bool left = false;
		for (int q = 1; q <= v.n; q++) {
			if (q > 1 && chance(3)) {
				/* Walks away (Esc, then "stop" when asked): the attempt stays
				 * incomplete. */
				if (!press(s, "\033") ||
				    !expect(s, K(SC_STOP), 0, false, "stop the quiz?") ||
				    !press(s, "2") ||
				    !expect(s, K(SC_QTOPICS) | K(SC_QLEN), 0, false, "leaving a quiz"))
					return false;
				left = true;
				break;
			}
			if (!play_question(s, q, v.n))
				return false;
		}
		if (left)
			break;
		struct view res = classify(&s->p->vt);
		r->att[r->natt - 1].result = true;
		r->att[r->natt - 1].score = res.score;
		if (chance(35)) {
			if (!press(s, "2") || !expect(s, K(SC_QUESTION), 1, false, "try again"))
				return false;
			continue;
		}
		if (!press(s, "\033") ||
		    !expect(s, K(SC_QTOPICS) | K(SC_QLEN), 0, false, "back from the result"))
			return false;
		break;
	}
	/* Back at the setup: to the topics when it asks for the length. */
	if (classify(&s->p->vt).kind == SC_QLEN)
		return press(s, "\033") && expect(s, K(SC_QTOPICS), 0, false, "the quiz topics");
	return true;
}

/* The visitor's day: from the menu, articles now and then, mostly quizzes,
 * until the planned kill. */
static void visit(struct script *s)
{
	struct run *r = s->r;
	if (r->kill_after == 0) {
		/* Killed while starting (opening, recovering, filling). */
		pty_idle(s->p, s->kill_delay_us);
		s->kill_screen = classify(&s->p->vt).kind;
		s->killed = true;
		return;
	}
	if (!expect(s, K(SC_MENU), 0, false, "the menu at start"))
		return;
	s->menu_reached = true;
	for (;;) {
		if (chance(20)) {
			if (!read_article(s))
				return;
			continue;
		}
		if (!press(s, "2") || !expect(s, K(SC_QTOPICS), 0, false, "the quiz topics"))
			return;
		for (;;) {
			if (!take_quiz(s))
				return;
			if (chance(40))
				break;
		}
		if (!press(s, "\033") || !expect(s, K(SC_MENU), 0, false, "back to the menu"))
			return;
	}
}

/* --- the database, checked directly --------------------------------------------- */

static bool copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb");
	if (!in)
		return errno == ENOENT;
	FILE *out = fopen(to, "wb");
	if (!out) {
		fclose(in);
		return false;
	}
	char buf[65536];
	size_t n;
	bool ok = true;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			ok = false;
	fclose(in);
	return fclose(out) == 0 && ok;
}

static void copy_db(const char *db, const char *copy)
{
	static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
	char from[4096], to[4096];
	for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++) {
		snprintf(from, sizeof from, "%s%s", db, sfx[i]);
		snprintf(to, sizeof to, "%s%s", copy, sfx[i]);
		unlink(to);
		if (!copy_file(from, to)) {
			perror(to);
			abort();
		}
	}
}

static void remove_db(const char *copy)
{
	static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
	char path[4096];
	for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++) {
		snprintf(path, sizeof path, "%s%s", copy, sfx[i]);
		unlink(path);
	}
}

/* A one-integer query; -1 when it fails (a table not there yet counts 0). */
static long long q_int(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return strstr(sqlite3_errmsg(h), "no such table") ? 0 : -1;
	long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

struct totals {
	long long confirmed;     /* answers the screen confirmed, all runs */
	long long last_rowid;    /* the newest attempt before this run */
	long long answers;       /* answer rows after the last run */
	long long beaten;        /* runs where the kill beat a stored answer's feedback */
};

/* Appends a problem to msg. */
static void problem(char *msg, size_t len, const char *fmt, ...)
{
	size_t used = strlen(msg);
	if (used + 3 >= len)
		return;
	if (used)
		strcat(msg, "; ");
	used = strlen(msg);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg + used, len - used, fmt, ap);
	va_end(ap);
}

static const char *global_checks[][2] = {
	{"an attempt cut short is marked completed",
	 "SELECT count(*) FROM attempts a WHERE completed != 0 AND "
	 "(SELECT count(*) FROM answers WHERE attempt_uuid = a.uuid) < a.total"},
	{"completed and ended_at disagree",
	 "SELECT count(*) FROM attempts WHERE (completed = 1) != (ended_at IS NOT NULL)"},
	{"a score differs from the right answers stored",
	 "SELECT count(*) FROM attempts a WHERE score != "
	 "(SELECT count(*) FROM answers WHERE attempt_uuid = a.uuid AND correct = 1)"},
	{"an attempt's answers have a gap or an out-of-range position",
	 "SELECT count(*) FROM attempts a WHERE "
	 "(SELECT count(*) FROM answers WHERE attempt_uuid = a.uuid) != "
	 "(SELECT coalesce(max(position) + 1, 0) FROM answers WHERE attempt_uuid = a.uuid) OR "
	 "(SELECT coalesce(max(position), 0) FROM answers WHERE attempt_uuid = a.uuid) >= a.total"},
	{"an answer without its attempt",
	 "SELECT count(*) FROM answers WHERE attempt_uuid NOT IN (SELECT uuid FROM attempts)"},
};

/* Checks the copy; returns false with the problems in msg. */
static bool check_db(const char *copy, const struct run *r, struct totals *t, bool in_progress,
		     char *msg, size_t len)
{
	msg[0] = '\0';
	sqlite3 *h = NULL;
	if (access(copy, F_OK) != 0 && t->confirmed == 0 && r->natt == 0)
		return true; /* killed before the database was made */
	if (sqlite3_open_v2(copy, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		problem(msg, len, "cannot open the database: %s", h ? sqlite3_errmsg(h) : "?");
		sqlite3_close(h);
		return false;
	}
	sqlite3_busy_timeout(h, 5000);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
		problem(msg, len, "integrity_check: %s", sqlite3_errmsg(h));
	} else {
		int rows = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *v = (const char *)sqlite3_column_text(st, 0);
			if (rows++ == 0 && (!v || strcmp(v, "ok") != 0))
				problem(msg, len, "integrity_check: %s", v ? v : "(null)");
		}
		if (rows == 0)
			problem(msg, len, "integrity_check returned nothing");
		sqlite3_finalize(st);
	}
	if (sqlite3_prepare_v2(h, "PRAGMA foreign_key_check", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			problem(msg, len, "foreign_key_check: a row in %s points nowhere",
				(const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	long long answers = q_int(h, "SELECT count(*) FROM answers");
	if (answers < t->confirmed)
		problem(msg, len, "%lld answer rows but the screen confirmed %lld", answers,
			t->confirmed);
	for (size_t i = 0; i < sizeof global_checks / sizeof *global_checks; i++) {
		long long n = q_int(h, global_checks[i][1]);
		if (n != 0)
			problem(msg, len, "%s (%lld)", global_checks[i][0], n);
	}

	/* This run's attempts, in the order they were started. */
	if (sqlite3_prepare_v2(h,
			       "SELECT rowid, uuid, total, completed, score, "
			       "(SELECT count(*) FROM answers WHERE attempt_uuid = a.uuid) "
			       "FROM attempts a WHERE rowid > ?1 ORDER BY rowid",
			       -1, &st, NULL) != SQLITE_OK) {
		if (r->natt > 0 || !strstr(sqlite3_errmsg(h), "no such table"))
			problem(msg, len, "attempts: %s", sqlite3_errmsg(h));
		st = NULL;
	}
	int i = 0;
	long long newest = t->last_rowid;
	sqlite3_bind_int64(st, 1, t->last_rowid);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		newest = sqlite3_column_int64(st, 0);
		const char *uuid = (const char *)sqlite3_column_text(st, 1);
		int total = sqlite3_column_int(st, 2), completed = sqlite3_column_int(st, 3);
		int score = sqlite3_column_int(st, 4), nans = sqlite3_column_int(st, 5);
		if (i >= r->natt) {
			/* Started, killed before the first question was drawn. */
			if (i > r->natt || nans != 0 || completed != 0)
				problem(msg, len, "attempt %d: not shown, yet has %d answers, completed %d",
					i + 1, nans, completed);
			i++;
			continue;
		}
		const struct seen_attempt *a = &r->att[i];
		bool last = i == r->natt - 1 && in_progress;
		if (total != a->total)
			problem(msg, len, "attempt %d: total %d, the screen said %d", i + 1, total,
				a->total);
		for (int q = 0; q < a->total && q < MAX_Q; q++) {
			if (a->verdict[q] < 0)
				continue;
			sqlite3_stmt *an;
			sqlite3_prepare_v2(h,
					   "SELECT correct FROM answers WHERE attempt_uuid = ?1 "
					   "AND position = ?2",
					   -1, &an, NULL);
			sqlite3_bind_text(an, 1, uuid, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(an, 2, q);
			if (sqlite3_step(an) != SQLITE_ROW)
				problem(msg, len,
					"attempt %d: the answer to question %d was confirmed on "
					"screen (%s) but is not in the database",
					i + 1, q + 1, a->verdict[q] ? "✓" : "✗");
			else if (sqlite3_column_int(an, 0) != a->verdict[q])
				problem(msg, len,
					"attempt %d, question %d: the screen said %s, the database "
					"correct=%d",
					i + 1, q + 1, a->verdict[q] ? "✓" : "✗",
					sqlite3_column_int(an, 0));
			sqlite3_finalize(an);
		}
		/* Nothing the visitor did not give: at most the one answer whose
		 * feedback the kill beat, in the attempt under way. */
		if (last && nans == a->confirmed + 1)
			t->beaten++;
		if (nans > a->confirmed + (last ? 1 : 0))
			problem(msg, len, "attempt %d: %d answers stored, %d confirmed", i + 1, nans,
				a->confirmed);
		if (a->result && (completed != 1 || score != a->score))
			problem(msg, len,
				"attempt %d: the screen showed the result %d/%d, the database has "
				"completed=%d score=%d",
				i + 1, a->score, a->total, completed, score);
		if (!a->result && nans < total && completed != 0)
			problem(msg, len, "attempt %d: cut short at %d/%d but completed=%d", i + 1,
				nans, total, completed);
		i++;
	}
	if (st)
		sqlite3_finalize(st);
	if (i < r->natt)
		problem(msg, len, "the screen showed %d attempts, the database has %d", r->natt, i);
	t->last_rowid = newest;
	t->answers = answers;
	sqlite3_close(h);
	return msg[0] == '\0';
}

/* --- main -------------------------------------------------------------------------- */

static char *bin;

static void spawn(struct pty_proc *p, const char *db, bool with_lang, struct run *r)
{
	char *argv[] = {bin, "--db", (char *)db, "--lang", "vi", NULL};
	if (!with_lang)
		argv[3] = NULL;
	if (pty_spawn(p, argv, ROWS, COLS) != 0) {
		perror("forkpty");
		exit(2);
	}
	p->on_output = observe;
	p->ctx = r;
}

/* The planned moment: after which key, and how long after it. Short delays
 * land inside the key's own work (an answer's commit, a view's insert), long
 * ones anywhere on the way to the next key. */
static int64_t first_start_us; /* a fresh database: start, fill, menu */

static void plan_kill(struct run *r, struct script *s)
{
	int kind = rnd_int(1, 100);
	r->kill_after = kind <= 8 ? 0 : rnd_int(1, 45);
	s->kill_frac = (double)rnd_int(0, 1000) / 1000.0;
	if (r->kill_after == 0) {
		s->kill_class = 0;
		s->kill_delay_us = rnd_int(0, 60000);
	} else if (kind <= 55) {
		s->kill_class = 1;
		s->kill_delay_us = rnd_int(0, 3000);
	} else if (kind <= 85) {
		s->kill_class = 2;
		s->kill_delay_us = rnd_int(0, 30000);
	} else {
		s->kill_class = 3;
		s->kill_delay_us = rnd_int(0, 150000);
	}
}

/* How long a first start takes, on a database of its own (the fastest of
 * three: the first pays for cold caches). */
static void calibrate(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/calibrate.db", dir);
	first_start_us = INT64_MAX;
	for (int i = 0; i < 3; i++) {
		struct run *r = calloc(1, sizeof *r);
		struct pty_proc p;
		int64_t t = pty_now_us();
		spawn(&p, path, true, r);
		struct want menu = {K(SC_MENU), 0, false};
		bool up = pty_wait(&p, want_met, &menu, WAIT_US);
		if (pty_now_us() - t < first_start_us)
			first_start_us = pty_now_us() - t;
		pty_finish(&p, SIGKILL);
		if (!up) {
			printf("# the kiosk does not start on a new database:\n");
			show_screen(&p.vt);
			printf("Bail out! the kiosk does not start\n0 passed, 1 failed\n");
			exit(1);
		}
		pty_free(&p);
		free(r);
		remove_db(path);
	}
}

/* The first start of a kiosk fills its new database with the bundled data.
 * A power cut then must not spoil the kiosk for good: kill it at moments
 * spread over that first start, each on a new database, and start it again. */
static void first_starts(const char *dir, int n)
{
	for (int i = 0; i < n; i++) {
		char path[4096], copy[4096];
		snprintf(path, sizeof path, "%s/first-%d.db", dir, i);
		snprintf(copy, sizeof copy, "%s/first-check.db", dir);
		int64_t delay = first_start_us / 20 + first_start_us * 6 * i / (5 * (n - 1));
		struct run *r = calloc(1, sizeof *r);
		struct pty_proc p;
		spawn(&p, path, true, r);
		pty_idle(&p, delay);
		const char *at = scr_name[classify(&p.vt).kind];
		pty_finish(&p, SIGKILL);
		pty_free(&p);
		char msg[4096] = "";
		copy_db(path, copy);
		struct totals none = {0, 0, 0, 0};
		bool db_ok = check_db(copy, r, &none, false, msg, sizeof msg);
		remove_db(copy);
		spawn(&p, path, true, r);
		struct want menu = {K(SC_MENU), 0, false};
		bool up = pty_wait(&p, want_met, &menu, WAIT_US);
		pty_finish(&p, SIGKILL);
		report(up && db_ok,
		       "first start killed %.1f ms in (of %.1f; screen: %s): %s%s%s", (double)delay / 1000,
		       (double)first_start_us / 1000, at,
		       up ? "the kiosk starts again" : "THE KIOSK NO LONGER STARTS",
		       db_ok ? "" : "; ", msg);
		if (!up)
			show_screen(&p.vt);
		pty_free(&p);
		free(r);
		remove_db(path);
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s NTMKIOSK [ITERATIONS] [SEED]\n", argv[0]);
		return 2;
	}
	bin = argv[1];
	int iterations = argc > 2 ? atoi(argv[2]) : 20;
	uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 0) : 20261122;
	rng_state = seed;
	signal(SIGPIPE, SIG_IGN);
	if (access(bin, X_OK) != 0) {
		fprintf(stderr, "%s: not executable\n", bin);
		return 2;
	}
	/* mkdtemp's template: six X's after the prefix. */
	char dir[32];
	snprintf(dir, sizeof dir, "/tmp/ntmkiosk-crash-%6s", "");
	memset(dir + strlen(dir) - 6, 'X', 6);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	char db[4096], copy[4096];
	snprintf(db, sizeof db, "%s/k.db", dir);
	snprintf(copy, sizeof copy, "%s/check.db", dir);
	printf("# crash test: %d kill -9 runs on %s, seed %llu\n", iterations, db,
	       (unsigned long long)seed);

	calibrate(dir);
	printf("# a first start (new database, bundled data, menu) takes %.1f ms\n",
	       (double)first_start_us / 1000);
	first_starts(dir, iterations >= 200 ? 40 : 20);
	/* The runs below share one database, made by a start left to finish (the
	 * first start's own risks are the trials' above), so one fault there
	 * does not hide everything else. */
	{
		struct run *r0 = calloc(1, sizeof *r0);
		struct pty_proc p0;
		spawn(&p0, db, true, r0);
		struct want menu = {K(SC_MENU), 0, false};
		bool up = pty_wait(&p0, want_met, &menu, WAIT_US);
		pty_finish(&p0, SIGKILL);
		if (!up) {
			show_screen(&p0.vt);
			printf("Bail out! the kiosk does not start on a new database\n");
			printf("%d passed, %d failed\n", passed, failed + 1);
			return 1;
		}
		pty_free(&p0);
		free(r0);
	}
	struct totals t = {0, 0, 0, 0};
	int no_start = 0;
	char last_kill[200] = "none";
	int kills_at[SC_RESULT + 1] = {0};
	int killed_awaiting = 0, killed_before_menu = 0;
	bool need_start_check = false;
	int starts_checked = 0;
	int64_t t0 = pty_now_us(), slowest = 0;
	for (int it = 1; it <= iterations; it++) {
		int64_t start = pty_now_us();
		struct run *r = calloc(1, sizeof *r);
		struct pty_proc p;
		struct script s = {.p = &p, .r = r, .kill_screen = SC_UNKNOWN};
		plan_kill(r, &s);
		spawn(&p, db, true, r);
		visit(&s);
		struct view last_seen = classify(&p.vt);
		/* Alive until our kill? (WNOWAIT: pty_finish reaps it.) */
		siginfo_t si;
		memset(&si, 0, sizeof si);
		bool alive = waitid(P_PID, (id_t)p.pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
			     si.si_pid == 0;
		/* The kill (also when the script is stuck); whatever the screen got
		 * before the end still counts as shown. */
		int status = pty_finish(&p, SIGKILL);
		bool died = !alive || status == -1 || !WIFSIGNALED(status) ||
			    WTERMSIG(status) != SIGKILL;
		if (s.menu_reached && need_start_check) {
			starts_checked++;
			need_start_check = false;
		}
		if (!s.menu_reached)
			killed_before_menu++;
		if (s.killed)
			kills_at[s.kill_screen]++;
		if (r->awaiting)
			killed_awaiting++;

		copy_db(db, copy);
		char msg[4096];
		long long answers_before = t.answers;
		t.confirmed += r->confirmed;
		bool in_progress = r->natt > 0 && !r->att[r->natt - 1].result;
		bool db_ok = check_db(copy, r, &t, in_progress, msg, sizeof msg);
		remove_db(copy);
		if (r->db_error)
			problem(msg, sizeof msg, "the screen said a write failed");
		bool ok = db_ok && !r->db_error && !died && !s.stuck;
		int64_t took = pty_now_us() - start;
		if (took > slowest)
			slowest = took;
		char how[160];
		if (r->kill_after == 0)
			snprintf(how, sizeof how, "killed %.1f ms after start (%s)",
				 (double)s.kill_delay_us / 1000, scr_name[s.kill_screen]);
		else
			snprintf(how, sizeof how, "killed %.1f ms after key %d (%s)",
				 (double)s.kill_delay_us / 1000, r->kill_after,
				 scr_name[s.kill_screen]);
		report(ok, "run %d: %s; %d confirmed (%lld in all), answers %lld -> %lld, %.2f s; %s",
		       it, how, r->confirmed, t.confirmed, answers_before, t.answers,
		       (double)took / 1e6, ok ? "database ok" : "PROBLEM");
		if (died) {
			if (status == -1)
				printf("# the kiosk would not end after SIGKILL\n");
			else if (WIFEXITED(status))
				printf("# the kiosk ended by itself before the kill: exit status %d\n",
				       WEXITSTATUS(status));
			else
				printf("# the kiosk ended by itself before the kill: signal %d\n",
				       WTERMSIG(status));
		}
		if (s.stuck)
			printf("# stuck waiting for %s (the screen: %s)\n", s.stuck,
			       scr_name[last_seen.kind]);
		if (!db_ok || r->db_error)
			printf("# %s\n", msg);
		if (!ok)
			show_screen(&p.vt);
		if (s.killed)
			need_start_check = true;
		pty_free(&p);
		free(r);
		/* A kiosk that no longer starts fails every run after; say so once. */
		if (died && !s.menu_reached) {
			if (no_start++ == 0)
				printf("# run %d: the kiosk ended by itself before its menu; the kill "
				       "before it was: %s\n",
				       it, last_kill);
		} else {
			no_start = 0;
		}
		snprintf(last_kill, sizeof last_kill, "run %d, %s", it, how);
		if (no_start == 3) {
			printf("# the kiosk no longer starts on this database; stopping after run "
			       "%d of %d\n",
			       it, iterations);
			iterations = it;
			break;
		}
	}

	/* After the last kill the kiosk starts cleanly, at the language picker. */
	struct run *r = calloc(1, sizeof *r);
	struct pty_proc p;
	spawn(&p, db, false, r);
	struct want picker = {K(SC_PICKER), 0, false};
	bool up = pty_wait(&p, want_met, &picker, WAIT_US);
	int status = pty_finish(&p, SIGKILL);
	bool clean = up && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
	report(clean, "after %d kills the kiosk starts at the language picker",
	       iterations);
	if (!clean)
		show_screen(&p.vt);
	if (clean && need_start_check)
		starts_checked++;
	pty_free(&p);
	free(r);
	copy_db(db, copy);
	char msg[4096];
	struct run none = {0};
	bool fin = check_db(copy, &none, &t, false, msg, sizeof msg);
	remove_db(copy);
	report(fin, "the database at the end: %lld answers, %lld confirmed; %s",
	       t.answers, t.confirmed, fin ? "integrity ok" : msg);

	int64_t all = pty_now_us() - t0;
	printf("# kill points:");
	for (int k = 0; k <= SC_RESULT; k++)
		if (kills_at[k])
			printf(" %s %d,", scr_name[k], kills_at[k]);
	printf(" (before the menu %d; between an answer key and its feedback %d)\n",
	       killed_before_menu, killed_awaiting);
	printf("# kills that beat the feedback of an answer already stored: %lld\n", t.beaten);
	printf("# restarts after a kill that reached the menu: %d\n", starts_checked);
	if (latency_n)
		printf("# from an answer key to its feedback: %.2f ms on average, %.2f ms at most\n",
		       (double)latency_sum / (double)latency_n / 1000, (double)latency_max / 1000);
	printf("# %.2f s in all, %.3f s a run on average, slowest %.3f s\n", (double)all / 1e6,
	       (double)all / 1e6 / (iterations + 1), (double)slowest / 1e6);
	if (failed == 0) {
		char *cmd = malloc(strlen(dir) + 16);
		sprintf(cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
		free(cmd);
	} else {
		printf("# the database is kept in %s\n", dir);
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
