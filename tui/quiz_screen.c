/*
 * quiz_screen: the self-service quiz at the kiosk. A setup screen picks a
 * topic and a length; the quiz screen shows a question, then whether the
 * answer was right with the explanation and a way to read the article, and
 * at the end the score, a review, "save my result" and "try again". Saving
 * asks for consent first, then a short form typed with the input method.
 * The quiz itself is quizzes/session (a state machine); every answer is
 * written to the database the moment it is given.
 */
#include "tui/ui_impl.h"

#include "content/topics.h"
#include "core/i18n.h"
#include "core/ime.h"
#include "core/text.h"
#include "core/util.h"
#include "quizzes/qstore.h"
#include "quizzes/session.h"
#include "records/attempts.h"
#include "records/people.h"
#include "tui/fields.h"
#include "tui/textbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct quiz {
	char *topic; /* NULL: every topic */
	int count;
	char lang[16];
	struct qitem *items;
	size_t nitems;
	struct qs_question *pool;
	struct quiz_session *qs;
	char attempt[37];
	bool finished; /* the attempt is marked complete */
	bool saved, declined;
	/* What happened to the current answer's write. An officer's import can
	 * hold the database's write lock for longer than a visitor waits: the
	 * attempt's start, the answer and the attempt's end are then kept
	 * here and written on the next ticks, with a message, until they are
	 * stored; nothing is confirmed (✓/✗) before. A write that fails for
	 * another reason (a full disk) is lost, and the screen says so. */
	enum { REC_STORED, REC_WAITING, REC_LOST } rec;
	bool start_waiting, answer_waiting, finish_waiting;
	struct answer_rec answer; /* the one waiting; question_id borrowed from items */
	char seen_lang[16]; /* the UI language the quiz last followed (see follow_lang) */
	bool kept_lang;     /* F2 could not switch this quiz: it finishes in q->lang */
	struct textbox text; /* the question, the feedback or the consent text, as it scrolls */
	struct keyhint keys[4]; /* the key bar as the quiz stands (see quiz_keys) */
};

static const struct screen_ops quiz_ops, review_ops, consent_ops, form_ops, stop_ops;
struct form;
static struct form *form_new(struct ui *ui, struct quiz *q);

/* --- the quiz and its records ------------------------------------------- */

static void quiz_free(struct quiz *q)
{
	if (!q)
		return;
	qs_free(&q->qs);
	questions_free(&q->items, q->nitems);
	free(q->pool);
	free(q->topic);
	free(q);
}

static uint64_t fresh_seed(struct ui *ui)
{
	/* The clock alone: a test with a manual clock gets the same quiz every run. */
	return (uint64_t)clock_now_ms(ui->clk) * 6364136223846793005ULL + 1442695040888963407ULL;
}

/* The per-question time limit, from the kiosk's settings (off by default). */
static int64_t time_limit(struct ui *ui)
{
	char *v = NULL;
	int64_t ms = 0;
	if (db_meta_get(ui->db, "quiz_time_limit_s", &v, NULL) == NK_OK)
		ms = (int64_t)atoi(v) * 1000;
	free(v);
	return ms > 0 ? ms : 0;
}

/* How long one write waits for another process's lock before the screen
 * says it is waiting; the ticks (four a second) try again. */
#define REC_WAIT_MS 200

/* The outcome of one write of the quiz's records: NK_OK, NK_EBUSY when
 * another process holds the lock (try again later), or another failure,
 * shown on the status line. Frees *err. */
static int rec_outcome(struct ui *ui, int rc, char **err)
{
	if (rc != NK_OK && rc != NK_EBUSY) {
		db_explain(ui->db, rc, err);
		ui_set_status(ui, xasprintf(_("Could not save to the database: %s"), *err));
	}
	free(*err);
	*err = NULL;
	return rc;
}

/* Writes what is waiting, in order: the attempt, the answer, the end. With
 * wait_ms the writes wait that long for the lock (the last try, when the
 * quiz is left, waits as long as any write). Sets q->rec. */
static void rec_flush(struct ui *ui, struct quiz *q, int wait_ms)
{
	db_busy_timeout(ui->db, wait_ms);
	int rc = NK_OK;
	char *err = NULL;
	if (q->start_waiting) {
		rc = attempt_start(ui->db, ui->clk, q->lang, q->topic, (int)qs_count(q->qs),
				   q->attempt, &err);
		rc = rec_outcome(ui, rc, &err);
		if (rc == NK_OK)
			q->start_waiting = false;
		else if (rc != NK_EBUSY)
			q->start_waiting = q->answer_waiting = q->finish_waiting = false;
	}
	if (rc == NK_OK && q->answer_waiting) {
		rc = attempt_answer(ui->db, ui->clk, q->attempt, &q->answer, &err);
		rc = rec_outcome(ui, rc, &err);
		if (rc != NK_EBUSY)
			q->answer_waiting = false;
	}
	if (rc == NK_OK && q->finish_waiting) {
		rc = attempt_finish(ui->db, ui->clk, q->attempt, &err);
		rc = rec_outcome(ui, rc, &err);
		if (rc != NK_EBUSY)
			q->finish_waiting = false;
	}
	db_busy_timeout(ui->db, DB_BUSY_TIMEOUT_MS);
	q->rec = rc == NK_OK ? REC_STORED : rc == NK_EBUSY ? REC_WAITING : REC_LOST;
}

static bool rec_waiting(const struct quiz *q)
{
	return q->start_waiting || q->answer_waiting || q->finish_waiting;
}

static void begin_attempt(struct ui *ui, struct quiz *q)
{
	if (rec_waiting(q)) /* the last attempt's end first */
		rec_flush(ui, q, DB_BUSY_TIMEOUT_MS);
	q->finished = q->saved = q->declined = false;
	q->attempt[0] = '\0';
	q->start_waiting = true;
	q->answer_waiting = q->finish_waiting = false;
	rec_flush(ui, q, REC_WAIT_MS);
}

void quiz_start(struct ui *ui, const char *topic, int count)
{
	struct quiz *q = xcalloc(1, sizeof *q);
	q->topic = topic ? xstrdup(topic) : NULL;
	q->count = count;
	snprintf(q->lang, sizeof q->lang, "%s", i18n_current());
	snprintf(q->seen_lang, sizeof q->seen_lang, "%s", q->lang);
	char *err = NULL;
	if (questions_load(ui->db, topic, q->lang, &q->items, &q->nitems, &err) != NK_OK) {
		ui_set_status(ui, xasprintf(_("Could not read the database: %s"), err));
		free(err);
		quiz_free(q);
		return;
	}
	q->pool = xcalloc(q->nitems ? q->nitems : 1, sizeof *q->pool);
	for (size_t i = 0; i < q->nitems; i++)
		q->pool[i] = (struct qs_question){q->items[i].id, q->items[i].difficulty,
						  q->items[i].nopts, q->items[i].correct,
						  q->items[i].multi};
	struct qs_config cfg = {count, time_limit(ui), fresh_seed(ui)};
	if (qs_new(q->pool, q->nitems, &cfg, ui->clk, &q->qs, NULL) != NK_OK) {
		ui_set_status(ui, xstrdup(_("There are no questions yet.")));
		quiz_free(q);
		return;
	}
	begin_attempt(ui, q);
	ui_push(ui, &quiz_ops, 0, 0, q);
}

static const struct qitem *item_at(const struct quiz *q, size_t i)
{
	return &q->items[qs_pool_index(q->qs, i)];
}

/*
 * F2 during a quiz: the whole quiz follows the new language (question, options, explanation
 * and the words around them), from the question on screen on, so nothing is mixed. The bank
 * in the new language is the same questions (texts fall back to Vietnamese one by one); if it
 * does not match question by question, the quiz finishes in its own language and says so.
 */
static void follow_lang(struct ui *ui, struct quiz *q)
{
	const char *now = i18n_current();
	if (strcmp(q->seen_lang, now) == 0)
		return;
	snprintf(q->seen_lang, sizeof q->seen_lang, "%s", now);
	q->kept_lang = false;
	if (strcmp(q->lang, now) == 0)
		return;
	struct qitem *items = NULL;
	size_t n = 0;
	bool same = questions_load(ui->db, q->topic, now, &items, &n, NULL) == NK_OK &&
		    n == q->nitems;
	for (size_t i = 0; same && i < n; i++)
		same = strcmp(items[i].id, q->items[i].id) == 0 &&
		       items[i].nopts == q->items[i].nopts &&
		       items[i].correct == q->items[i].correct && items[i].multi == q->items[i].multi;
	if (!same) {
		questions_free(&items, n);
		q->kept_lang = true;
		return;
	}
	questions_free(&q->items, q->nitems);
	q->items = items;
	snprintf(q->lang, sizeof q->lang, "%s", now);
}

/* The notice a quiz that kept its language shows, or NULL. */
static char *kept_lang_notice(const struct quiz *q)
{
	if (!q->kept_lang)
		return NULL;
	const struct i18n_lang *l = i18n_lang_find(q->lang);
	return xasprintf(_("This quiz finishes in %s; the next one is in your language."),
			 l ? l->native : q->lang);
}

/* An option's text as shown; true/false ones in the visitor's language. */
static const char *option_text(const struct qitem *it, int k)
{
	if (it->truefalse)
		return k == 0 ? _("True") : _("False");
	return it->opts[k];
}

/* Writes the answer just given. One the database cannot take now is kept
 * and tried again on every tick (rec_flush); one it refuses is lost, and
 * the feedback says so. */
static void record_answer(struct ui *ui, struct quiz *q)
{
	size_t i = qs_current(q->qs);
	const struct qs_result *r = qs_result(q->qs, i);
	if (!r)
		return;
	if (!q->attempt[0] && !q->start_waiting) {
		q->rec = REC_LOST; /* the attempt itself could not be stored */
		return;
	}
	q->answer = (struct answer_rec){(int)i, item_at(q, i)->id, r->chosen, r->correct,
					r->timed_out, r->ms};
	q->answer_waiting = true;
	rec_flush(ui, q, REC_WAIT_MS);
}

static void finish(struct ui *ui, struct quiz *q)
{
	if (q->finished || (!q->attempt[0] && !q->start_waiting))
		return;
	q->finish_waiting = true;
	rec_flush(ui, q, REC_WAIT_MS);
	q->finished = true;
}

/* --- the quiz screen ------------------------------------------------------ */

static const char *quiz_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct quiz *q = s->data;
	return qs_state(q->qs) == QS_DONE ? _("Result") : _("Quiz");
}

static const char *letters = "ABCDEFGH";

/* The quiz screen's keys; quiz_keys shows those that work as the quiz stands. */
enum { QH_CHOOSE, QH_SCROLL, QH_BACK, QH_LANG };
static const struct keyhint quiz_hints[] = {
	[QH_CHOOSE] = {"A–D", N_("Choose"), ACT_NONE},
	[QH_SCROLL] = {"↑↓", N_("Scroll"), ACT_NONE},
	[QH_BACK] = {"Esc", N_("Back"), ACT_BACK},
	[QH_LANG] = {"F2", N_("Language"), ACT_LANG},
};

/* The key bar names the keys that work now: A–C for three options, A–B for two; 1–3 for the
 * buttons under a result; the scroll keys only when there is something to scroll. */
static void quiz_keys(struct ui *ui, struct quiz *q, int nopts, int nbuttons)
{
	static const char *const options[] = {"A", "A–B", "A–C", "A–D", "A–E", "A–F", "A–G", "A–H"};
	static const char *const buttons[] = {"1", "1–2", "1–3"};
	size_t n = 0;
	const char *choose = nopts > 0	   ? options[nopts <= 8 ? nopts - 1 : 7]
			     : nbuttons > 0 ? buttons[nbuttons <= 3 ? nbuttons - 1 : 2]
					    : NULL;
	if (choose) {
		q->keys[n] = quiz_hints[QH_CHOOSE];
		q->keys[n++].key = choose;
	}
	if (q->text.max > 0) {
		q->keys[n] = quiz_hints[QH_SCROLL];
		q->keys[n++].key = qs_state(q->qs) == QS_ASKING ? "PgUp PgDn" : "↑↓";
	}
	q->keys[n++] = quiz_hints[QH_BACK];
	q->keys[n++] = quiz_hints[QH_LANG];
	ui_set_keys(ui, q->keys, n);
}

static int draw_header(struct grid *g, int y, struct quiz *q)
{
	char *pos = xasprintf(_("Question %zu/%zu"), qs_current(q->qs) + 1, qs_count(q->qs));
	grid_put(g, y, 2, pos, g->w - 4, ROLE_DIM, true);
	free(pos);
	int64_t left = qs_remaining_ms(q->qs);
	if (left >= 0 && qs_state(q->qs) == QS_ASKING) {
		/* A countdown bar: one block a second, up to the width. */
		char *secs = xasprintf("%lld s", (long long)((left + 999) / 1000));
		int sw = grid_text_width(secs);
		grid_put(g, y, g->w - 2 - sw, secs, sw, left < 5000 ? ROLE_WARN : ROLE_DIM, true);
		free(secs);
	}
	char *notice = kept_lang_notice(q);
	if (notice) {
		y += 1 + grid_wrap(g, y + 1, 2, g->w - 4, 2, notice, ROLE_WARN, false);
		free(notice);
		return y;
	}
	return y + 2;
}

static void draw_asking(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct quiz *q = s->data;
	size_t i = qs_current(q->qs);
	const struct qitem *it = item_at(q, i);
	int y = draw_header(g, top, q);
	int w = g->w - 4;
	if (it->fallback)
		y += grid_wrap(g, y, 2, w, 1, _("Not yet translated: here it is in Vietnamese."),
			       ROLE_WARN, false);
	else if (strcmp(it->status, "draft") == 0)
		y += grid_wrap(g, y, 2, w, 1, _("Draft translation"), ROLE_DIM, false);
	/* The question gets a third of the screen (at least two rows) and scrolls in it. */
	int box = rows / 3 > 2 ? rows / 3 : 2;
	struct textbox_piece text = {it->text, ROLE_TEXT, true, 0};
	y += textbox_draw(g, y, box, &text, 1, &q->text);
	y++;
	int n = qs_nopts(q->qs, i);
	struct item opts[QS_MAX_OPTIONS];
	char *labels[QS_MAX_OPTIONS];
	unsigned marked = it->multi ? qs_marked(q->qs) : 0;
	char keys[QS_MAX_OPTIONS][2];
	for (int k = 0; k < n; k++) {
		const char *t = option_text(it, qs_option_at(q->qs, i, k));
		if (it->multi)
			labels[k] = xasprintf("%s %s", marked & (1u << k) ? "[x]" : "[ ]", t);
		else
			labels[k] = xstrdup(t);
		keys[k][0] = letters[k];
		keys[k][1] = '\0';
		opts[k] = (struct item){labels[k], NULL, false, keys[k]};
	}
	/* The multi-answer hint is shown whole, on two rows if it needs them. */
	const char *multi_hint = _("Choose every right answer, then press Enter.");
	int hint_rows = 0;
	if (it->multi)
		hint_rows = textbox_rows(multi_hint, w) > 1 ? 2 : 1;
	ui_draw_items(ui, s, g, y, top + rows - y - hint_rows, opts, n);
	if (it->multi)
		grid_wrap(g, top + rows - hint_rows, 2, w, hint_rows, multi_hint, ROLE_DIM, false);
	for (int k = 0; k < n; k++)
		free(labels[k]);
	quiz_keys(ui, q, n, 0);
}

static char *right_answers(const struct quiz *q, size_t i)
{
	const struct qitem *it = item_at(q, i);
	char *out = xstrdup("");
	for (int k = 0; k < it->nopts; k++)
		if (it->correct & (1u << k)) {
			char *n = xasprintf("%s%s%s", out, out[0] ? "; " : "", option_text(it, k));
			free(out);
			out = n;
		}
	return out;
}

/* The verdict, the right answer, feedback for what was chosen and the explanation scroll
 * together above the buttons, so a small window cuts none of them. */
static void draw_feedback(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct quiz *q = s->data;
	size_t i = qs_current(q->qs);
	const struct qitem *it = item_at(q, i);
	const struct qs_result *r = qs_result(q->qs, i);
	int y = draw_header(g, top, q);
	if (q->rec == REC_WAITING) {
		/* Nothing is confirmed before the answer is stored. */
		grid_wrap(g, y, 2, g->w - 4, 2, _("Saving your answer, please wait…"), ROLE_WARN,
			  true);
		return;
	}
	struct textbox_piece p[5 + QS_MAX_OPTIONS];
	int np = 0;
	if (q->rec == REC_LOST)
		p[np++] = (struct textbox_piece){_("This answer was not saved."), ROLE_WARN, true, 0};
	if (r->correct)
		p[np++] = (struct textbox_piece){_("✓ Right!"), ROLE_HEADING, true, 0};
	else if (r->timed_out)
		p[np++] = (struct textbox_piece){_("⏱ Time is up."), ROLE_WARN, true, 0};
	else
		p[np++] = (struct textbox_piece){_("✗ Not right."), ROLE_WARN, true, 0};
	char *ans = right_answers(q, i);
	char *line = xasprintf(_("The right answer: %s"), ans);
	p[np++] = (struct textbox_piece){line, ROLE_TEXT, true, 0};
	/* Feedback written for the option chosen, when the bank has some. */
	for (int k = 0; k < it->nopts && k < QS_MAX_OPTIONS; k++)
		if ((r->chosen & (1u << k)) && it->feedback[k][0])
			p[np++] = (struct textbox_piece){it->feedback[k], ROLE_DIM, false, 0};
	if (np > 0)
		p[np - 1].gap = 1;
	p[np++] = (struct textbox_piece){it->explanation, ROLE_TEXT, false, 0};
	struct item acts[2];
	int n = 0;
	bool last = i + 1 >= qs_count(q->qs);
	acts[n++] = (struct item){last ? _("See the result") : _("Next question"), NULL, false, NULL};
	if (it->article)
		acts[n++] = (struct item){_("Read more"), NULL, false, NULL};
	/* The buttons keep their rows (two each with room, else one); the text takes the rest. */
	int left = top + rows - y;
	int brows = left >= n * 2 + 4 ? n * 2 : n;
	int used = textbox_draw(g, y, left - brows - 1, p, np, &q->text);
	free(line);
	free(ans);
	y += used + 1;
	if (y < top + rows)
		ui_draw_items(ui, s, g, y, top + rows - y, acts, n);
	quiz_keys(ui, q, 0, n);
}

static void draw_done(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct quiz *q = s->data;
	int y = top + (rows > 14 ? 1 : 0);
	char *score = xasprintf(_("%zu of %zu answers right"), qs_score(q->qs), qs_count(q->qs));
	grid_center(g, y, score, ROLE_HEADING, true);
	free(score);
	y += 2;
	if (rec_waiting(q))
		y += grid_wrap(g, y, 2, g->w - 4, 2, _("Saving your answer, please wait…"),
			       ROLE_WARN, true);
	if (q->saved)
		y += grid_wrap(g, y, 2, g->w - 4, 2, _("Your result is saved. Thank you!"),
			       ROLE_TEXT, false);
	else if (q->declined)
		y += grid_wrap(g, y, 2, g->w - 4, 2,
			       _("Your result was counted without your name."), ROLE_TEXT, false);
	struct item acts[3];
	int n = 0;
	acts[n++] = (struct item){_("Review the questions"), NULL, false, NULL};
	acts[n++] = (struct item){_("Try again"), NULL, false, NULL};
	if (!q->saved && !q->declined)
		acts[n++] = (struct item){_("Save my result"), NULL, false, NULL};
	ui_draw_items(ui, s, g, y, top + rows - y, acts, n);
	q->text.max = 0;
	quiz_keys(ui, q, 0, n);
}

static void quiz_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct quiz *q = s->data;
	follow_lang(ui, q);
	switch (qs_state(q->qs)) {
	case QS_ASKING:
		draw_asking(ui, s, g, top, rows);
		break;
	case QS_FEEDBACK:
		draw_feedback(ui, s, g, top, rows);
		break;
	case QS_DONE:
		draw_done(ui, s, g, top, rows);
		break;
	}
}

static int act_asking(struct ui *ui, struct screen *s, struct quiz *q, struct action a)
{
	size_t i = qs_current(q->qs);
	const struct qitem *it = item_at(q, i);
	int n = qs_nopts(q->qs, i);
	switch (a.kind) {
	case ACT_UP:
	case ACT_PREV:
		s->sel = s->sel <= 0 ? n - 1 : s->sel - 1;
		return UI_REDRAW;
	case ACT_DOWN:
	case ACT_NEXT:
		s->sel = s->sel + 1 >= n ? 0 : s->sel + 1;
		return UI_REDRAW;
	case ACT_PGUP:
	case ACT_PGDN:
		return textbox_act(&q->text, a, false);
	case ACT_CHOICE:
		if (a.n < 1 || a.n > n)
			return UI_IGNORED;
		s->sel = a.n - 1;
		if (it->multi) {
			qs_toggle(q->qs, a.n - 1);
			return UI_REDRAW;
		}
		break;
	case ACT_SELECT:
		if (it->multi) {
			if (qs_marked(q->qs) == 0)
				qs_toggle(q->qs, s->sel);
			else
				break;
			return UI_REDRAW;
		}
		break;
	case ACT_TICK:
		if (qs_tick(q->qs)) {
			record_answer(ui, q);
			s->sel = 0;
			q->text.scroll = 0;
			return UI_REDRAW;
		}
		return qs_remaining_ms(q->qs) >= 0 ? UI_REDRAW : UI_IGNORED;
	default:
		return UI_IGNORED;
	}
	if (qs_answer(q->qs, s->sel) != NK_OK)
		return UI_IGNORED;
	record_answer(ui, q);
	s->sel = 0;
	q->text.scroll = 0;
	return UI_REDRAW;
}

static int quiz_act(struct ui *ui, struct screen *s, struct action a)
{
	struct quiz *q = s->data;
	follow_lang(ui, q);
	int chosen = -1;
	if (a.kind == ACT_BACK && qs_state(q->qs) != QS_DONE) {
		/* One Esc or Backspace must not throw a quiz away: ask first. */
		ui_push(ui, &stop_ops, 0, 0, q);
		return UI_REDRAW;
	}
	switch (qs_state(q->qs)) {
	case QS_ASKING:
		return act_asking(ui, s, q, a);
	case QS_FEEDBACK: {
		const struct qitem *it = item_at(q, qs_current(q->qs));
		if (q->rec == REC_WAITING) {
			/* Only ticks and keys try again; nothing moves on. */
			if (a.kind == ACT_BACK || a.kind == ACT_ERASE)
				break;
			rec_flush(ui, q, REC_WAIT_MS);
			return UI_REDRAW;
		}
		/* While the text is longer than its box, Up and Down scroll it. */
		int r = textbox_act(&q->text, a, q->text.max > 0);
		if (r != UI_IGNORED)
			return r;
		r = ui_list_act(s, a, it->article ? 2 : 1, &chosen);
		if (chosen == 0) {
			qs_next(q->qs);
			s->sel = 0;
			q->text.scroll = 0;
			if (qs_state(q->qs) == QS_DONE)
				finish(ui, q);
		} else if (chosen == 1) {
			reader_open(ui, it->article);
		}
		return r;
	}
	case QS_DONE: {
		if (a.kind == ACT_TICK && rec_waiting(q)) {
			rec_flush(ui, q, REC_WAIT_MS);
			return UI_REDRAW;
		}
		int n = q->saved || q->declined ? 2 : 3;
		int r = ui_list_act(s, a, n, &chosen);
		if (chosen == 0) {
			ui_push(ui, &review_ops, 0, 0, q);
		} else if (chosen == 1) {
			qs_restart(q->qs, fresh_seed(ui));
			begin_attempt(ui, q);
			s->sel = 0;
			q->text.scroll = 0;
		} else if (chosen == 2) {
			q->text.scroll = 0;
			ui_push(ui, &consent_ops, -1, 0, q);
		}
		return r;
	}
	}
	return UI_IGNORED;
}

static void quiz_screen_free(struct ui *ui, struct screen *s)
{
	struct quiz *q = s->data;
	/* Leaving with a write still waiting: one last try, as long as any
	 * write waits. */
	if (q && rec_waiting(q))
		rec_flush(ui, q, DB_BUSY_TIMEOUT_MS);
	quiz_free(q);
}

static const struct screen_ops quiz_ops = {
	"quiz",     quiz_title, quiz_draw, quiz_act, quiz_screen_free,
	quiz_hints, NK_ARRAY_LEN(quiz_hints), false,
};

/* --- stop the quiz? ---------------------------------------------------------- */

static const char *stop_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Quiz");
}

static void stop_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct quiz *q = s->data;
	int y = top + (rows > 12 ? 2 : 1);
	y += grid_wrap(g, y, 2, g->w - 4, 2, _("Stop the quiz?"), ROLE_HEADING, true);
	char *left = xasprintf(_("You have answered %zu of %zu questions. Your answers are kept."),
			       qs_current(q->qs) + (qs_state(q->qs) == QS_FEEDBACK ? 1 : 0),
			       qs_count(q->qs));
	y += grid_wrap(g, y, 2, g->w - 4, 3, left, ROLE_TEXT, false) + 1;
	free(left);
	struct item it[2] = {{_("Go on with the quiz"), NULL, false, NULL},
			     {_("Stop the quiz"), NULL, false, NULL}};
	ui_draw_items(ui, s, g, y, top + rows - y, it, 2);
}

static int stop_act(struct ui *ui, struct screen *s, struct action a)
{
	int chosen;
	int r = ui_list_act(s, a, 2, &chosen);
	if (chosen == 0) {
		ui_pop(ui);
	} else if (chosen == 1) {
		ui_pop(ui); /* this question */
		ui_pop(ui); /* the quiz; its answers are in the database already */
	}
	return r;
}

static const struct keyhint stop_hints[] = {
	{"1", N_("Go on"), ACT_NONE},
	{"2", N_("Stop"), ACT_NONE},
	{"Esc", N_("Back"), ACT_BACK},
};

static const struct screen_ops stop_ops = {
	"quiz-stop", stop_title, stop_draw, stop_act, NULL, stop_hints, NK_ARRAY_LEN(stop_hints),
	false,
};

/* --- review --------------------------------------------------------------- */

static const char *review_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Review the questions");
}

static const struct keyhint review_fit_hints[] = {
	{"Esc", N_("Back"), ACT_BACK},
};

/* Writes a text into the review's scratch grid, whole; with no grid, counts its rows. */
static int review_text(struct grid *all, int y, int x, int w, const char *text, enum role r,
		       bool bold)
{
	return all ? grid_wrap(all, y, x, w, all->h - y, text, r, bold) : textbox_rows(text, w);
}

/* Every question with its right answer and, when it was missed, the visitor's; returns the
 * rows used (all NULL: only counts them). */
static int review_layout(const struct quiz *q, struct grid *all, int w)
{
	int y = 0;
	for (size_t i = 0; i < qs_count(q->qs); i++) {
		const struct qitem *it = item_at(q, i);
		const struct qs_result *r = qs_result(q->qs, i);
		char *head = xasprintf("%zu. %s %s", i + 1, r->correct ? "✓" : "✗", it->text);
		y += review_text(all, y, 2, w, head, r->correct ? ROLE_TEXT : ROLE_WARN, true);
		free(head);
		char *ans = right_answers(q, i);
		char *line = xasprintf(_("The right answer: %s"), ans);
		y += review_text(all, y, 4, w - 2, line, ROLE_TEXT, false);
		free(line);
		free(ans);
		if (!r->correct) {
			char *mine = xstrdup("");
			for (int k = 0; k < it->nopts; k++)
				if (r->chosen & (1u << k)) {
					char *m = xasprintf("%s%s%s", mine, mine[0] ? "; " : "",
							    option_text(it, k));
					free(mine);
					mine = m;
				}
			char *yours = xasprintf(_("Your answer: %s"),
						mine[0] ? mine : _("(no answer)"));
			y += review_text(all, y, 4, w - 2, yours, ROLE_DIM, false);
			free(yours);
			free(mine);
		}
		y++;
	}
	return y;
}

static void review_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct quiz *q = s->data;
	follow_lang(ui, q);
	/* Lay every question out in a scratch grid tall enough, then show the
	 * part that fits: the review scrolls like an article. */
	int w = g->w - 4;
	struct grid *all = grid_new(g->w, review_layout(q, NULL, w) + 1);
	int y = review_layout(q, all, w);
	struct textbox tb = {s->scroll, 0};
	textbox_show(g, top, rows, all, y, &tb);
	s->scroll = tb.scroll;
	s->arg = tb.max;
	grid_free(&all);
	if (tb.max == 0) /* it all fits: nothing to scroll */
		ui_set_keys(ui, review_fit_hints, NK_ARRAY_LEN(review_fit_hints));
}

static int review_act(struct ui *ui, struct screen *s, struct action a)
{
	(void)ui;
	switch (a.kind) {
	case ACT_UP:
		s->scroll = s->scroll > 0 ? s->scroll - 1 : 0;
		return UI_REDRAW;
	case ACT_DOWN:
		s->scroll = s->scroll < s->arg ? s->scroll + 1 : s->arg;
		return UI_REDRAW;
	case ACT_PGUP:
		s->scroll = s->scroll > 10 ? s->scroll - 10 : 0;
		return UI_REDRAW;
	case ACT_PGDN:
		s->scroll = s->scroll + 10 < s->arg ? s->scroll + 10 : s->arg;
		return UI_REDRAW;
	case ACT_HOME:
		s->scroll = 0;
		return UI_REDRAW;
	case ACT_END:
		s->scroll = s->arg;
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

static const struct keyhint review_hints[] = {
	{"↑↓", N_("Scroll"), ACT_NONE},
	{"Esc", N_("Back"), ACT_BACK},
};

static const struct screen_ops review_ops = {
	"review",     review_title, review_draw, review_act, NULL,
	review_hints, NK_ARRAY_LEN(review_hints), false,
};

/* --- consent --------------------------------------------------------------- */

static int retention_months(struct ui *ui)
{
	char *v = NULL;
	int m = 24;
	if (db_meta_get(ui->db, "retention_months", &v, NULL) == NK_OK && atoi(v) > 0)
		m = atoi(v);
	free(v);
	return m;
}

static const char *consent_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Save my result");
}

static const struct keyhint consent_fit_hints[] = {
	{"1", N_("Agree"), ACT_NONE},
	{"2", N_("Do not agree"), ACT_NONE},
	{"Esc", N_("Back"), ACT_BACK},
};

/* What is kept, who sees it and for how long: it scrolls (▲ ▼, Up and Down) in a small
 * window rather than being cut, and the two answers stay below it. */
static void consent_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct quiz *q = s->data;
	follow_lang(ui, q);
	char *months = xasprintf(_("How long: %d months, then it is deleted."),
				 retention_months(ui));
	struct textbox_piece p[] = {
		{_("Do you want to save your result with your name?"), ROLE_TEXT, true, 1},
		{_("What is kept: your name, village, gender, year of birth and ethnic "
		   "group, your phone number if you give it, and your result."),
		 ROLE_TEXT, false, 0},
		{_("Who sees it: only the commune officers, to count who took part and to "
		   "give prizes."),
		 ROLE_TEXT, false, 0},
		{months, ROLE_TEXT, false, 0},
	};
	int brows = rows >= 12 ? 4 : 2;
	int used = textbox_draw(g, top, rows - brows - 1, p, (int)NK_ARRAY_LEN(p), &q->text);
	free(months);
	int y = top + used + 1;
	struct item it[2] = {{_("Agree"), NULL, false, NULL}, {_("Do not agree"), NULL, false, NULL}};
	ui_draw_items(ui, s, g, y, top + rows - y, it, 2);
	if (q->text.max == 0) /* it all fits: nothing to scroll */
		ui_set_keys(ui, consent_fit_hints, NK_ARRAY_LEN(consent_fit_hints));
}

static int consent_act(struct ui *ui, struct screen *s, struct action a)
{
	struct quiz *q = s->data;
	int r = textbox_act(&q->text, a, q->text.max > 0);
	if (r != UI_IGNORED)
		return r;
	int chosen;
	r = ui_list_act(s, a, 2, &chosen);
	if (chosen == 0) {
		ui_pop(ui);
		ui_push(ui, &form_ops, 0, 0, form_new(ui, q));
	} else if (chosen == 1) {
		/* The attempt is already recorded, without a name. */
		q->declined = true;
		ui_pop(ui);
	}
	return r;
}

static const struct keyhint consent_hints[] = {
	{"1", N_("Agree"), ACT_NONE},
	{"2", N_("Do not agree"), ACT_NONE},
	{"↑↓", N_("Scroll"), ACT_NONE},
	{"Esc", N_("Back"), ACT_BACK},
};

static const struct screen_ops consent_ops = {
	"consent",     consent_title, consent_draw, consent_act, NULL,
	consent_hints, NK_ARRAY_LEN(consent_hints), false,
};

/* --- the form --------------------------------------------------------------- */

enum form_field { F_NAME, F_VILLAGE, F_GENDER, F_YEAR, F_ETHNIC, F_PHONE, F_SAVE, F_CANCEL, F_N };

static const char *const gender_ids[] = {"female", "male", "other"};
static const char *const gender_labels[] = {N_("Female"), N_("Male"), N_("Other")};
static const char *const ethnic_ids[] = {"kinh", "mong", "dao", "tay", "nung", "thai", "other"};
/* Ethnic group names as people write them in Vietnamese. */
static const char *const ethnic_labels[] = {"Kinh", "Mông", "Dao", "Tày", "Nùng", "Thái",
					    N_("Other")};

struct form {
	struct quiz *q;
	struct ime *name, *village;
	char year[5], phone[16];
	int gender, ethnic; /* -1: not chosen */
	char **villages;
	size_t nvillages;
	int village_pick; /* index into villages while cycling, -1 otherwise */
	enum ime_mode mode[2]; /* of the name and village fields */
	char *error;      /* what is wrong, in the visitor's language */
	struct keyhint keys[4]; /* the key bar: ◀▶ only where Left and Right choose */
};

static struct form *form_new(struct ui *ui, struct quiz *q)
{
	struct form *f = xcalloc(1, sizeof *f);
	f->q = q;
	f->mode[0] = f->mode[1] = ime_mode_for_lang(i18n_current());
	f->name = ime_new(f->mode[0], 120);
	f->village = ime_new(f->mode[1], 80);
	f->gender = f->ethnic = f->village_pick = -1;
	villages_list(ui->db, &f->villages, &f->nvillages, NULL);
	return f;
}

static void form_free(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct form *f = s->data;
	ime_free(&f->name);
	ime_free(&f->village);
	villages_free(&f->villages, f->nvillages);
	free(f->error);
	free(f);
}

static const char *form_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Save my result");
}

/* One field on one row: the value scrolls sideways (… before it when its start is hidden)
 * and never runs into the hint at the right end of the row. */
static void field_row(struct grid *g, int y, int lw, const char *label, const char *value,
		      bool focus, const char *tail)
{
	int x = 2;
	if (lw) {
		grid_put(g, y, x, label, lw - 2, ROLE_TEXT, focus);
		x += lw;
	}
	int w = g->w - x - 2;
	enum role r = focus ? ROLE_SELECTED : ROLE_ITEM;
	grid_fill(g, y, x, w, 1, r);
	int tw = tail && tail[0] ? grid_text_width(tail) : 0;
	if (tw && tw + 8 > w)
		tw = 0; /* too narrow for the hint: the value comes first */
	int room = w - 2 - (tw ? tw + 1 : 0) - 1; /* the last column for the cursor */
	bool cut = false;
	const char *shown = field_tail(value, room > 1 ? room : 1, &cut);
	int used = 0;
	if (cut)
		used += grid_put(g, y, x + 1, "…", 1, r, false);
	used += grid_put(g, y, x + 1 + used, shown, room - used, r, false);
	if (focus)
		grid_put(g, y, x + 1 + used, "▏", 1, r, false);
	if (tw)
		grid_put(g, y, x + w - tw - 1, tail, tw, r, false);
}

/* The form's keys (form_draw leaves ◀▶ out where Left and Right do nothing). */
enum { FH_MOVE, FH_PICK, FH_NEXT, FH_CANCEL };
static const struct keyhint form_hints[] = {
	[FH_MOVE] = {"↑↓", N_("Move"), ACT_NONE},
	[FH_PICK] = {"◀▶", N_("Choose"), ACT_NONE},
	[FH_NEXT] = {"Enter", N_("Next"), ACT_SELECT},
	[FH_CANCEL] = {"Esc", N_("Cancel"), ACT_BACK},
};

static void form_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct form *f = s->data;
	const char *labels[F_N] = {_("Full name"),     _("Village"),       _("Gender"),
				   _("Year of birth"), _("Ethnic group"), _("Phone (optional)"),
				   _("Save"),          _("Cancel")};
	/* Labels beside the fields when the widest fits in a third of the window, else above
	 * them: a label is never cut. */
	int lw = 0;
	for (int i = 0; i <= F_PHONE; i++)
		if (grid_text_width(labels[i]) + 2 > lw)
			lw = grid_text_width(labels[i]) + 2;
	bool wide = g->w >= 60 && lw <= g->w / 3;
	if (!wide)
		lw = 0;
	int per = wide ? 1 : 2; /* narrow: the label above its field */
	const char *values[F_PHONE + 1];
	values[F_NAME] = ime_text(f->name);
	values[F_VILLAGE] = ime_text(f->village);
	values[F_GENDER] = f->gender < 0 ? "" : _(gender_labels[f->gender]);
	values[F_YEAR] = f->year;
	values[F_ETHNIC] = f->ethnic < 0 ? "" : f->ethnic == 6 ? _(ethnic_labels[6])
								: ethnic_labels[f->ethnic];
	values[F_PHONE] = f->phone;
	char tail_name[32], tail_village[48];
	snprintf(tail_name, sizeof tail_name, "F3: %s", ime_mode_name(f->mode[0]));
	snprintf(tail_village, sizeof tail_village, "%sF3: %s", f->nvillages ? "◀ ▶ · " : "",
		 ime_mode_name(f->mode[1]));
	/* Keep the focused field in view on a small screen; ▲ ▼ say that more are there. */
	int need = F_PHONE + 1;
	int fit = (rows - 3) / (per + (wide ? 1 : 0));
	if (fit < 1)
		fit = 1;
	int first = s->sel < F_SAVE ? s->sel - fit + 1 : need - fit;
	if (first < 0)
		first = 0;
	int y = top, last = first - 1;
	for (int i = first; i <= F_PHONE && y + per <= top + rows - 3; i++) {
		const char *tail = i == F_NAME ? tail_name : i == F_VILLAGE ? tail_village
					 : (i == F_GENDER || i == F_ETHNIC) ? "◀ ▶"
									    : "";
		if (!wide) {
			grid_put(g, y, 2, labels[i], g->w - 6, ROLE_TEXT, s->sel == i);
			y++;
		}
		field_row(g, y, lw, labels[i], values[i], s->sel == i, tail);
		ui_add_hit(ui, y, 0, g->w, (struct action){ACT_CHOICE, i + 1, 0, 0});
		y += wide ? 2 : 1;
		last = i;
	}
	if (first > 0)
		grid_put(g, top, g->w - 2, "▲", 1, ROLE_DIM, true);
	if (last < F_PHONE)
		grid_put(g, top + rows - 4, g->w - 2, "▼", 1, ROLE_DIM, true);
	if (f->error)
		grid_wrap(g, top + rows - 3, 2, g->w - 4, 2, f->error, ROLE_WARN, true);
	int by = top + rows - 1;
	int x = 2;
	for (int b = F_SAVE; b <= F_CANCEL; b++) {
		char *label = xasprintf(" %s ", labels[b]);
		int w = grid_text_width(label);
		grid_fill(g, by, x, w, 1, s->sel == b ? ROLE_SELECTED : ROLE_ITEM);
		grid_put(g, by, x, label, w, s->sel == b ? ROLE_SELECTED : ROLE_ITEM, true);
		ui_add_hit(ui, by, x, w, (struct action){ACT_CHOICE, b + 1, 0, 0});
		x += w + 2;
		free(label);
	}
	bool pick = s->sel == F_GENDER || s->sel == F_ETHNIC ||
		    (s->sel == F_VILLAGE && f->nvillages);
	size_t nk = 0;
	for (size_t k = FH_MOVE; k <= FH_CANCEL; k++)
		if (k != FH_PICK || pick)
			f->keys[nk++] = form_hints[k];
	ui_set_keys(ui, f->keys, nk);
}

static void set_error(struct form *f, const char *msg)
{
	free(f->error);
	f->error = msg ? xstrdup(msg) : NULL;
}

static void save(struct ui *ui, struct screen *s, struct form *f)
{
	const char *name = ime_text(f->name);
	char *trimmed = xstrdup(name);
	size_t len = strlen(trimmed);
	while (len && trimmed[len - 1] == ' ')
		trimmed[--len] = '\0';
	if (trimmed[strspn(trimmed, " ")] == '\0') {
		set_error(f, _("Please write your full name."));
		s->sel = F_NAME;
		free(trimmed);
		return;
	}
	int year = f->year[0] ? atoi(f->year) : 0;
	time_t now = (time_t)(clock_now_ms(ui->clk) / 1000);
	struct tm tm;
	gmtime_r(&now, &tm);
	if (f->year[0] && (year < PARTICIPANT_YEAR_MIN || year > tm.tm_year + 1900)) {
		char *m = xasprintf(_("The year of birth must be between %d and %d."),
				    PARTICIPANT_YEAR_MIN, tm.tm_year + 1900);
		set_error(f, m);
		free(m);
		s->sel = F_YEAR;
		free(trimmed);
		return;
	}
	char phone[16] = "";
	if (f->phone[strspn(f->phone, " ")] && !phone_vn_ok(f->phone, phone)) {
		set_error(f, _("The phone number is not right: write its 10 digits, such as 0912 345 "
			       "678, or leave it empty."));
		s->sel = F_PHONE;
		free(trimmed);
		return;
	}
	char *village = xstrdup(ime_text(f->village));
	struct participant p = {trimmed + strspn(trimmed, " "), village,
				f->gender < 0 ? NULL : gender_ids[f->gender], year,
				f->ethnic < 0 ? NULL : ethnic_ids[f->ethnic], phone};
	char *err = NULL;
	struct quiz *q = f->q;
	if (participant_save(ui->db, ui->clk, &p, i18n_current(),
			     q->attempt[0] ? q->attempt : NULL, NULL, &err) != NK_OK) {
		char *m = xasprintf(_("Could not save to the database: %s"), err);
		set_error(f, m);
		free(m);
		free(err);
	} else {
		q->saved = true;
		ui_pop(ui);
	}
	free(trimmed);
	free(village);
}

static void append_digit(char *buf, size_t cap, int ch)
{
	size_t n = strlen(buf);
	if (n + 1 < cap) {
		buf[n] = (char)ch;
		buf[n + 1] = '\0';
	}
}

/* Steps a choice that may be left unset (-1) through "not given" and its n values. */
static int step_choice(int v, int n, int d)
{
	return (v + 1 + d + n + 1) % (n + 1) - 1;
}

static int form_act(struct ui *ui, struct screen *s, struct action a)
{
	struct form *f = s->data;
	struct ime *ime = s->sel == F_NAME ? f->name : s->sel == F_VILLAGE ? f->village : NULL;
	switch (a.kind) {
	case ACT_UP:
	case ACT_PREV:
		/* Up and Down always move between fields, as the key bar says. */
		s->sel = s->sel > 0 ? s->sel - 1 : F_N - 1;
		return UI_REDRAW;
	case ACT_DOWN:
	case ACT_NEXT:
		s->sel = (s->sel + 1) % F_N;
		return UI_REDRAW;
	case ACT_LEFT:
	case ACT_RIGHT: {
		int d = a.kind == ACT_RIGHT ? 1 : -1;
		if (s->sel == F_GENDER) {
			f->gender = step_choice(f->gender, 3, d);
		} else if (s->sel == F_ETHNIC) {
			f->ethnic = step_choice(f->ethnic, 7, d);
		} else if (s->sel == F_VILLAGE && f->nvillages) {
			/* Left and Right on the village run through the officers' list. */
			int n = (int)f->nvillages;
			f->village_pick = step_choice(f->village_pick, n, d);
			if (f->village_pick < 0)
				ime_clear(f->village);
			else
				ime_set_text(f->village, f->villages[f->village_pick]);
		} else if (s->sel == F_SAVE || s->sel == F_CANCEL) {
			s->sel = s->sel == F_SAVE ? F_CANCEL : F_SAVE;
		} else {
			return UI_IGNORED;
		}
		return UI_REDRAW;
	}
	case ACT_FLIP:
		if (!ime)
			return UI_IGNORED;
		{
			int which = s->sel == F_NAME ? 0 : 1;
			f->mode[which] = ime_mode_next(f->mode[which]);
			ime_set_mode(ime, f->mode[which]);
		}
		return UI_REDRAW;
	case ACT_CHAR:
		set_error(f, NULL);
		if (ime) {
			ime_key(ime, (uint32_t)a.n);
			f->village_pick = -1;
		} else if (s->sel == F_YEAR && a.n >= '0' && a.n <= '9') {
			append_digit(f->year, sizeof f->year, a.n);
		} else if (s->sel == F_PHONE &&
			   ((a.n >= '0' && a.n <= '9') || (a.n == '+' && !f->phone[0]) ||
			    a.n == ' ')) {
			append_digit(f->phone, sizeof f->phone, a.n);
		} else if ((s->sel == F_GENDER || s->sel == F_ETHNIC) && a.n == ' ') {
			return form_act(ui, s, (struct action){ACT_RIGHT, 0, 0, 0});
		} else {
			return UI_IGNORED;
		}
		return UI_REDRAW;
	case ACT_ERASE:
		if (ime)
			ime_backspace(ime);
		else if (s->sel == F_YEAR && f->year[0])
			f->year[strlen(f->year) - 1] = '\0';
		else if (s->sel == F_PHONE && f->phone[0])
			f->phone[strlen(f->phone) - 1] = '\0';
		else if (s->sel == F_GENDER && f->gender >= 0)
			f->gender = -1; /* a choice can be taken back */
		else if (s->sel == F_ETHNIC && f->ethnic >= 0)
			f->ethnic = -1;
		else
			return UI_IGNORED;
		return UI_REDRAW;
	case ACT_CHOICE:
		if (a.n < 1 || a.n > F_N)
			return UI_IGNORED;
		s->sel = a.n - 1;
		if (s->sel < F_SAVE)
			return UI_REDRAW;
		/* a click on a button presses it */
		/* fall through */
	case ACT_SELECT:
		if (s->sel == F_SAVE)
			save(ui, s, f);
		else if (s->sel == F_CANCEL)
			ui_pop(ui);
		else
			s->sel++;
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

static const struct screen_ops form_ops = {
	"form",     form_title, form_draw, form_act, form_free,
	form_hints, NK_ARRAY_LEN(form_hints), true,
};

/* --- setup: topic, then length ------------------------------------------ */

struct setup {
	char **topics; /* topic ids with questions; [0] is NULL for "all" */
	char **titles;
	size_t *counts;
	size_t n;
	char lang[16];
	int topic; /* chosen index, -1 while choosing */
};

static const int lengths[] = {5, 10, 20};

static void setup_clear(struct setup *st)
{
	for (size_t i = 0; i < st->n; i++) {
		free(st->topics[i]);
		free(st->titles[i]);
	}
	free(st->topics);
	free(st->titles);
	free(st->counts);
	st->topics = st->titles = NULL;
	st->counts = NULL;
	st->n = 0;
}

/* The topics that have questions, titled in the visitor's language. */
static void setup_load(struct ui *ui, struct setup *st)
{
	if (st->n && strcmp(st->lang, i18n_current()) == 0)
		return;
	setup_clear(st);
	char **ids;
	size_t *counts, n;
	if (questions_topic_counts(ui->db, &ids, &counts, &n, NULL) != NK_OK)
		return;
	struct topic *t = NULL;
	size_t nt = 0;
	topics_list(ui->db, i18n_current(), &t, &nt, NULL);
	st->topics = xcalloc(n + 1, sizeof *st->topics);
	st->titles = xcalloc(n + 1, sizeof *st->titles);
	st->counts = xcalloc(n + 1, sizeof *st->counts);
	st->titles[0] = xstrdup(_("All topics"));
	for (size_t i = 0; i < n; i++) {
		st->topics[i + 1] = ids[i];
		st->counts[i + 1] = counts[i];
		st->counts[0] += counts[i];
		st->titles[i + 1] = xstrdup(ids[i]);
		for (size_t k = 0; k < nt; k++)
			if (strcmp(t[k].id, ids[i]) == 0) {
				free(st->titles[i + 1]);
				st->titles[i + 1] = xstrdup(t[k].title);
			}
	}
	st->n = n + 1;
	free(ids);
	free(counts);
	topics_free(&t, nt);
	snprintf(st->lang, sizeof st->lang, "%s", i18n_current());
}

static const char *setup_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Quiz");
}

static void setup_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct setup *st = s->data;
	setup_load(ui, st);
	if (st->n <= 1) {
		grid_wrap(g, top + 2, 2, g->w - 4, rows - 2, _("There are no questions yet."),
			  ROLE_TEXT, false);
		return;
	}
	const char *ask = st->topic < 0 ? _("Choose a topic:") : _("How many questions?");
	int y = top + grid_wrap(g, top, 2, g->w - 4, 2, ask, ROLE_TEXT, true) + 1;
	if (st->topic < 0) {
		struct item *it = xcalloc(st->n, sizeof *it);
		for (size_t i = 0; i < st->n; i++)
			it[i].label = st->titles[i];
		ui_draw_items(ui, s, g, y, top + rows - y, it, (int)st->n);
		free(it);
		return;
	}
	struct item it[3];
	char *labels[3];
	for (int i = 0; i < 3; i++) {
		labels[i] = xasprintf(_("%d questions"), lengths[i]);
		it[i] = (struct item){labels[i], NULL, false, NULL};
	}
	ui_draw_items(ui, s, g, y, top + rows - y, it, 3);
	for (int i = 0; i < 3; i++)
		free(labels[i]);
}

static int setup_act(struct ui *ui, struct screen *s, struct action a)
{
	struct setup *st = s->data;
	setup_load(ui, st);
	int chosen;
	if (st->topic < 0) {
		int r = ui_list_act(s, a, st->n > 1 ? (int)st->n : 1, &chosen);
		if (chosen >= 0 && st->n > 1) {
			st->topic = chosen;
			s->sel = 0;
		}
		return r;
	}
	if (a.kind == ACT_BACK) {
		/* Back from the length goes back to the topics, not out. */
		st->topic = -1;
		s->sel = 0;
		return UI_REDRAW;
	}
	int r = ui_list_act(s, a, 3, &chosen);
	if (chosen >= 0) {
		char *topic = st->topics[st->topic] ? xstrdup(st->topics[st->topic]) : NULL;
		st->topic = -1;
		s->sel = 0;
		quiz_start(ui, topic, lengths[chosen]);
		free(topic);
	}
	return r;
}

static void setup_free(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct setup *st = s->data;
	setup_clear(st);
	free(st);
}

static const struct keyhint setup_hints[] = {
	{"↑↓", N_("Move"), ACT_NONE},
	{"Enter", N_("Choose"), ACT_SELECT},
	{"Esc", N_("Back"), ACT_BACK},
	{"F2", N_("Language"), ACT_LANG},
};

static const struct screen_ops setup_ops = {
	"quiz-setup", setup_title, setup_draw, setup_act, setup_free,
	setup_hints,  NK_ARRAY_LEN(setup_hints), false,
};

void quiz_open(struct ui *ui)
{
	struct setup *st = xcalloc(1, sizeof *st);
	st->topic = -1;
	ui_push(ui, &setup_ops, 0, 0, st);
}
