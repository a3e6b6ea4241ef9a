/*
 * contest_screen: the event-day screens. The host's console sets up and runs
 * a contest; the audience display and the team terminals follow it. Every
 * change goes through quizzes/contest_store (one transaction each), and
 * every screen redraws from what the database holds, so any of the
 * processes can be killed and started again and carry on where the contest
 * is.
 */
#include "tui/contest_view.h"
#include "tui/fields.h"

#include "core/i18n.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const struct screen_ops host_ops, display_ops, player_ops, keyboard_ops;
struct cscreen;
static void host_attach(struct ui *ui, struct cscreen *cs);

/* --- what the screens share --------------------------------------------- */

enum host_form { FORM_NONE, FORM_CONTEST, FORM_TEAM, FORM_ROUND, FORM_RENAME };

#define MAX_FIELDS 7

/* A second Enter this soon after a step was pressed for the state before it: ignored. */
#define STEP_GUARD_MS 300

/* Host keys that wait for y before they act. */
enum confirm { CONFIRM_NONE, CONFIRM_SKIP, CONFIRM_END_ROUND, CONFIRM_UNDO, CONFIRM_LEAVE,
	       CONFIRM_TAKE_OVER };

/* Where the contest was when a host key was pressed: the step carries it, and the store
 * refuses it when the contest has moved on. */
struct at {
	enum contest_state state;
	size_t round, q;
};

struct cscreen {
	struct cview v;
	int team, member;      /* a team terminal's team (member: MEMBER_SUM, 0-based) */
	/* The host's console. */
	enum host_form form;
	struct field f[MAX_FIELDS];
	int nf, focus;
	char entry[16];        /* a typed answer in progress: "3", "3.2" */
	int rename;            /* FORM_RENAME: the team whose name is corrected */
	char *msg;             /* what the last key did, or why it could not */
	bool msg_warn;
	uint64_t draws;        /* tie-break draws: a different question each time */
	enum confirm confirm;  /* a key waiting for y */
	struct at confirm_at;  /* where the contest was when it was pressed */
	char token[33];        /* this console's name as the host in charge */
	int lock_fd;           /* held while this console is open on the contest; -1 */
	bool readonly;         /* another console is in charge: this one watches */
	bool lock_tried;       /* when the lock was last tried (lock_try_ms) */
	int64_t lock_try_ms;
	int64_t step_ms;       /* when the last Enter stepped, for STEP_GUARD_MS */
	bool stepped;
	char *kbd_msg;         /* the shared keyboard: what the last key did */
	int cursor;            /* a team terminal: the option the arrows are on, or -1 */
	struct at cursor_at;   /* the question the cursor is on */
	bool help;             /* a team terminal: the key help line instead of the prompt */
	bool wait_msg;         /* a team terminal: msg says to wait for the reading time */
	struct cwatch watch;   /* wakes the screen when the database is written */
};

static bool cs_woken(void *ctx)
{
	return cwatch_drain(&((struct cscreen *)ctx)->watch);
}

static void set_msg(struct cscreen *cs, bool warn, char *msg)
{
	free(cs->msg);
	cs->msg = msg;
	cs->msg_warn = warn;
}

static void cs_free(struct ui *ui, struct screen *s)
{
	struct cscreen *cs = s->data;
	if (!cs)
		return;
	cview_free(&cs->v);
	fields_free(cs->f, cs->nf);
	free(cs->msg);
	free(cs->kbd_msg);
	if (cs->lock_fd >= 0)
		close(cs->lock_fd);
	ui_set_wake(ui, -1, NULL, NULL);
	cwatch_close(&cs->watch);
	free(cs);
	s->data = NULL;
}

/* The result of a change: shown on the console, and the view reloaded. */
static int done(struct ui *ui, struct cscreen *cs, int rc, char *err, char *ok_msg)
{
	if (rc != NK_OK) {
		set_msg(cs, true, xstrdup(err ? err : _("That did not work.")));
		free(ok_msg);
	} else {
		set_msg(cs, false, ok_msg);
	}
	free(err);
	cview_refresh(ui, &cs->v, true);
	return UI_REDRAW;
}

static int op(struct ui *ui, struct cscreen *cs, struct cstore_op o, char *ok_msg)
{
	char *err = NULL;
	int rc = cstore_do(ui->db, ui->clk, cs->v.uuid, &o, &err);
	return done(ui, cs, rc, err, ok_msg);
}

static struct at at_now(const struct contest *c)
{
	struct at a = {contest_state(c), 0, 0};
	contest_position(c, &a.round, &a.q);
	return a;
}

static bool at_same(struct at a, struct at b)
{
	return a.state == b.state && a.round == b.round && a.q == b.q;
}

/* Every contest screen follows the database on the tick; and when the time of a shown question
 * is up, whichever screen sees it first writes the lock, so that a display or a team terminal
 * locks it while the host's console is down. */
static int follow(struct ui *ui, struct cscreen *cs)
{
	bool changed = cview_refresh(ui, &cs->v, false);
	if (cs->v.c && contest_state(cs->v.c) == CONTEST_SHOWING &&
	    contest_remaining_ms(cs->v.c) == 0 && !contest_paused(cs->v.c)) {
		bool locked = false;
		char *err = NULL;
		if (cstore_tick(ui->db, ui->clk, cs->v.uuid, &locked, &err) != NK_OK)
			set_msg(cs, true, err);
		else if (locked && cs->v.c)
			set_msg(cs, false, xstrdup(_("Time is up: answers are locked.")));
		cview_refresh(ui, &cs->v, true);
		return UI_REDRAW;
	}
	/* A running countdown moves every second. */
	if (cs->v.c && contest_state(cs->v.c) == CONTEST_SHOWING && !contest_paused(cs->v.c))
		changed = true;
	return changed ? UI_REDRAW : UI_IGNORED;
}

static const char *state_label(enum contest_state s)
{
	switch (s) {
	case CONTEST_SETUP: return _("Setting up");
	case CONTEST_READY: return _("Ready");
	case CONTEST_SHOWING: return _("Answering");
	case CONTEST_LOCKED: return _("Locked");
	case CONTEST_REVEALED: return _("Answer shown");
	case CONTEST_LEADERBOARD: return _("Leaderboard");
	case CONTEST_ROUND_END: return _("Round over");
	default: return _("Finished");
	}
}

static void letters(unsigned mask, char out[16])
{
	int n = 0;
	for (int k = 0; k < CONTEST_MAX_OPTIONS && n < 15; k++)
		if (mask & (1u << k))
			out[n++] = (char)('A' + k);
	out[n] = '\0';
}

/* --- the host's console: forms ------------------------------------------ */

static void form_open(struct cscreen *cs, enum host_form form)
{
	fields_free(cs->f, cs->nf);
	cs->nf = 0;
	cs->focus = 0;
	cs->form = form;
	if (form == FORM_CONTEST) {
		field_init(&cs->f[0], N_("Contest name"), FIELD_TEXT, 200, 1);
		field_init(&cs->f[1], N_("Date (YYYY-MM-DD)"), FIELD_TEXT, 10, 1);
		field_init(&cs->f[2], N_("Place"), FIELD_TEXT, 200, 1);
		field_init(&cs->f[3], N_("Team score: 1 one answer per team, 2 sum of its members"),
			   FIELD_DIGITS, 1, 1);
		time_t now = time(NULL);
		struct tm lt;
		localtime_r(&now, &lt);
		char day[16];
		strftime(day, sizeof day, "%Y-%m-%d", &lt);
		field_set(&cs->f[1], day);
		field_set(&cs->f[3], "1");
		cs->nf = 4;
	} else if (form == FORM_TEAM) {
		field_init(&cs->f[0], N_("Team name"), FIELD_TEXT, 120, 1);
		field_init(&cs->f[1], N_("Village"), FIELD_TEXT, 120, 1);
		field_init(&cs->f[2], N_("Members (names, separated by commas)"), FIELD_TEXT, 600,
			   2);
		cs->nf = 3;
	} else if (form == FORM_RENAME) {
		field_init(&cs->f[0], N_("Team name"), FIELD_TEXT, 120, 1);
		const char *now = cs->v.c ? contest_team_name(cs->v.c, cs->rename) : NULL;
		field_set(&cs->f[0], now ? now : "");
		cs->nf = 1;
	} else if (form == FORM_ROUND) {
		field_init(&cs->f[0], N_("Scoring: 1 accuracy, 2 speed, 3 elimination"),
			   FIELD_DIGITS, 1, 1);
		field_init(&cs->f[1], N_("Number of questions"), FIELD_DIGITS, 3, 1);
		field_init(&cs->f[2], N_("Seconds per question (0: until you lock)"), FIELD_DIGITS,
			   5, 1);
		field_init(&cs->f[3], N_("Points per right answer"), FIELD_DIGITS, 6, 1);
		field_init(&cs->f[4], N_("Topic (empty: all topics)"), FIELD_TEXT, 64, 1);
		field_init(&cs->f[5], N_("Or question ids (separated by commas)"), FIELD_TEXT, 600,
			   2);
		field_init(&cs->f[6], N_("Reading time before answers open (seconds, 0: none)"),
			   FIELD_DIGITS, 3, 1);
		field_set(&cs->f[6], "0");
		ime_set_mode(cs->f[4].ime, IME_OFF);
		cs->f[4].mode = IME_OFF;
		ime_set_mode(cs->f[5].ime, IME_OFF);
		cs->f[5].mode = IME_OFF;
		field_set(&cs->f[0], "1");
		field_set(&cs->f[1], "5");
		field_set(&cs->f[2], "30");
		field_set(&cs->f[3], "10");
		cs->nf = 7;
	}
}

static void form_close(struct cscreen *cs)
{
	fields_free(cs->f, cs->nf);
	cs->nf = 0;
	cs->form = FORM_NONE;
}

static char **split_ids(const char *s, size_t *n)
{
	char **ids = NULL;
	*n = 0;
	char *copy = xstrdup(s);
	for (char *tok = strtok(copy, ", "); tok; tok = strtok(NULL, ", ")) {
		ids = xrealloc(ids, (*n + 1) * sizeof *ids);
		ids[(*n)++] = xstrdup(tok);
	}
	free(copy);
	return ids;
}

/* A wrong field: the focus goes to it and the message says what is wrong, on the form. */
static int form_bad(struct cscreen *cs, int field, const char *why)
{
	cs->focus = field;
	set_msg(cs, true, xasprintf("%s: %s", _(cs->f[field].label), why));
	return UI_REDRAW;
}

static int form_submit(struct ui *ui, struct cscreen *cs)
{
	char *err = NULL;
	int rc;
	if (cs->form == FORM_CONTEST) {
		const char *name = field_value(&cs->f[0]);
		if (!*name)
			return form_bad(cs, 0, _("the contest needs a name."));
		if (!cstore_valid_date(field_value(&cs->f[1])))
			return form_bad(cs, 1, _("not a date: write it as YYYY-MM-DD, e.g. 2026-11-22."));
		const char *mode = field_value(&cs->f[3]);
		if (strcmp(mode, "1") != 0 && strcmp(mode, "2") != 0)
			return form_bad(cs, 3, _("type 1 or 2."));
		const char *place = field_value(&cs->f[2]);
		char uuid[37];
		rc = cstore_create(ui->db, ui->clk, name, field_value(&cs->f[1]),
				   *place ? place : NULL,
				   strcmp(field_value(&cs->f[3]), "2") == 0 ? CONTEST_MEMBER_SUM
									    : CONTEST_TEAM_ANSWER,
				   uuid, &err);
		if (rc == NK_OK) {
			/* The console follows the contest it made, and leaves the one before. */
			memcpy(cs->v.uuid, uuid, sizeof uuid);
			cs->v.have = cs->v.fixed = true;
			if (cs->lock_fd >= 0)
				close(cs->lock_fd);
			cs->lock_fd = -1;
			cs->lock_tried = false;
			cs->readonly = false;
			form_close(cs);
		}
		done(ui, cs, rc, err, xstrdup(_("Contest created: now add the teams.")));
		host_attach(ui, cs);
		return UI_REDRAW;
	}
	if (cs->form == FORM_TEAM) {
		const char *name = field_value(&cs->f[0]);
		if (!*name)
			return form_bad(cs, 0, _("the team needs a name."));
		int no = 0;
		rc = cstore_add_team(ui->db, ui->clk, cs->v.uuid, name, field_value(&cs->f[1]),
				     field_value(&cs->f[2]), &no, &err);
		char *ok = xasprintf(_("Team %d added: %s"), no, name);
		if (rc == NK_OK)
			form_close(cs);
		return done(ui, cs, rc, err, ok);
	}
	if (cs->form == FORM_RENAME) {
		const char *name = field_value(&cs->f[0]);
		if (!*name)
			return form_bad(cs, 0, _("the team needs a name."));
		rc = cstore_rename_team(ui->db, ui->clk, cs->v.uuid, cs->rename, name, &err);
		char *ok = xasprintf(_("Team %d is now: %s"), cs->rename, name);
		if (rc == NK_OK)
			form_close(cs);
		return done(ui, cs, rc, err, ok);
	}
	/* A round. */
	struct contest_round_config cfg = {0};
	int mode = atoi(field_value(&cs->f[0]));
	if (mode < 1 || mode > 3)
		return form_bad(cs, 0, _("type 1, 2 or 3."));
	if (!*field_value(&cs->f[5]) && atoi(field_value(&cs->f[1])) < 1)
		return form_bad(cs, 1, _("at least one question."));
	if (mode == 2 && atoi(field_value(&cs->f[2])) < 1)
		return form_bad(cs, 2, _("a speed round needs a time per question."));
	if (atoi(field_value(&cs->f[3])) < 1 || atoi(field_value(&cs->f[3])) > CONTEST_MAX_POINTS)
		return form_bad(cs, 3, _("from 1 to 100000."));
	cfg.mode = mode == 2 ? CONTEST_SPEED : mode == 3 ? CONTEST_ELIMINATION : CONTEST_ACCURACY;
	cfg.time_ms = (int64_t)atoi(field_value(&cs->f[2])) * 1000;
	cfg.points = atoi(field_value(&cs->f[3]));
	cfg.reading_ms = (int64_t)atoi(field_value(&cs->f[6])) * 1000;
	const char *topic = field_value(&cs->f[4]);
	const char *idtext = field_value(&cs->f[5]);
	if (*idtext) {
		size_t n;
		char **ids = split_ids(idtext, &n);
		rc = cstore_add_round_ids(ui->db, ui->clk, cs->v.uuid, &cfg,
					  (const char *const *)ids, n, false, &err);
		for (size_t i = 0; i < n; i++)
			free(ids[i]);
		free(ids);
	} else {
		size_t left = 0;
		rc = cstore_add_round(ui->db, ui->clk, cs->v.uuid, &cfg, *topic ? topic : NULL,
				      atoi(field_value(&cs->f[1])),
				      (uint64_t)clock_now_ms(ui->clk), &left, &err);
		if (rc == NK_EINVAL && left < (size_t)atoi(field_value(&cs->f[1]))) {
			free(err);
			char *why = xasprintf(_("only %zu questions are left for this round (the "
						"earlier rounds have the others)."),
					      left);
			form_bad(cs, 1, why);
			free(why);
			return UI_REDRAW;
		}
	}
	if (rc == NK_OK)
		form_close(cs);
	return done(ui, cs, rc, err, xstrdup(_("Round added.")));
}

static int form_act(struct ui *ui, struct cscreen *cs, struct action a)
{
	switch (a.kind) {
	case ACT_BACK:
		if (cs->form == FORM_CONTEST && !cs->v.c)
			return UI_QUIT; /* nothing to go back to */
		form_close(cs);
		return UI_REDRAW;
	case ACT_SELECT:
		if (cs->focus < cs->nf - 1) {
			cs->focus++;
			return UI_REDRAW;
		}
		return form_submit(ui, cs);
	case ACT_TICK:
		return UI_IGNORED;
	default:
		return fields_act(cs->f, cs->nf, &cs->focus, a);
	}
}

static void form_draw(struct ui *ui, struct cscreen *cs, struct grid *g, int top, int rows)
{
	static const char *const titles[] = {
		[FORM_CONTEST] = N_("A new contest"),
		[FORM_TEAM] = N_("A new team"),
		[FORM_ROUND] = N_("A new round"),
		[FORM_RENAME] = N_("Correct a team's name"),
	};
	grid_put(g, top, 2, _(titles[cs->form]), g->w - 4, ROLE_HEADING, true);
	bool warn = cs->msg && cs->msg_warn;
	fields_draw(ui, g, top + 2, rows - 4 - (warn ? 2 : 0), cs->f, cs->nf, cs->focus);
	if (warn)
		grid_wrap(g, top + rows - 3, 2, g->w - 4, 2, cs->msg, ROLE_WARN, true);
	grid_put(g, top + rows - 1, 2, _("Enter: next field, and on the last one save · Esc: cancel"),
		 g->w - 4, ROLE_DIM, false);
}

/* --- the host's console: running ---------------------------------------- */

/* What an engine refusal means, in the UI language where the console can tell; the engine's
 * own words (English, for logs) otherwise. */
static char *refusal(struct cscreen *cs, struct at was, const char *err)
{
	if (cs->v.c && contest_host(cs->v.c)[0] && strcmp(contest_host(cs->v.c), cs->token) != 0)
		return xstrdup(_("Not done: another host console has taken over."));
	if (cs->v.c && !at_same(at_now(cs->v.c), was))
		return xasprintf(_("Not done: the contest had already moved on (%s)."),
				 state_label(contest_state(cs->v.c)));
	return xasprintf(_("Not done: %s"), err ? err : "?");
}

/* A host operation, carrying the state the console showed when the key was pressed and this
 * console's token. */
static int host_op(struct ui *ui, struct cscreen *cs, struct cstore_op o, struct at was,
		   char *ok_msg)
{
	o.expect = true;
	o.want_state = was.state;
	o.want_round = (int)was.round;
	o.want_question = (int)was.q;
	o.host = cs->token;
	char *err = NULL;
	int rc = cstore_do(ui->db, ui->clk, cs->v.uuid, &o, &err);
	cview_refresh(ui, &cs->v, true);
	if (rc != NK_OK) {
		set_msg(cs, true, refusal(cs, was, err));
		free(ok_msg);
	} else {
		set_msg(cs, false, ok_msg);
	}
	free(err);
	return UI_REDRAW;
}

/* This console claims the contest: at the start when no other console is open, and on
 * purpose (T, then y) when one is. */
static void host_claim(struct ui *ui, struct cscreen *cs)
{
	char *err = NULL;
	struct cstore_op o = {.op = CONTEST_OP_HOST, .host = cs->token};
	if (cstore_do(ui->db, ui->clk, cs->v.uuid, &o, &err) == NK_OK) {
		cs->readonly = false;
	} else {
		set_msg(cs, true, xasprintf(_("Not done: %s"), err ? err : "?"));
		cs->readonly = true;
	}
	free(err);
	cview_refresh(ui, &cs->v, true);
}

/* The console's lock on its contest: when another console holds it, this one only watches. */
static void host_attach(struct ui *ui, struct cscreen *cs)
{
	if (!cs->v.c || cs->lock_fd >= 0 || !ui->db)
		return;
	/* While another console holds the lock, look again once a second, not on every tick. */
	int64_t now = clock_now_ms(ui->clk);
	if (cs->lock_tried && now - cs->lock_try_ms >= 0 && now - cs->lock_try_ms < 1000)
		return;
	cs->lock_tried = true;
	cs->lock_try_ms = now;
	bool busy = false;
	char *err = NULL;
	if (cstore_host_lock(ui->db, cs->v.uuid, &cs->lock_fd, &busy, &err) != NK_OK) {
		set_msg(cs, true, err);
		return;
	}
	if (busy) {
		/* Told once; a console that has taken over stays in charge. */
		if (!cs->readonly && strcmp(contest_host(cs->v.c), cs->token) != 0) {
			cs->readonly = true;
			set_msg(cs, true, xstrdup(_("Another host console is open on this contest. "
						    "This one only watches; press T to take over "
						    "here.")));
		}
		return;
	}
	/* The lock is this console's: it claims the contest unless another console has taken
	 * over from it (then it keeps watching until it takes over back). */
	if (!cs->readonly || !contest_host(cs->v.c)[0] ||
	    strcmp(contest_host(cs->v.c), cs->token) == 0)
		host_claim(ui, cs);
}

static int next_step(struct ui *ui, struct cscreen *cs)
{
	static const struct {
		enum contest_state from;
		enum contest_op op;
	} steps[] = {
		{CONTEST_SETUP, CONTEST_OP_START},        {CONTEST_READY, CONTEST_OP_SHOW},
		{CONTEST_SHOWING, CONTEST_OP_LOCK},       {CONTEST_LOCKED, CONTEST_OP_REVEAL},
		{CONTEST_REVEALED, CONTEST_OP_LEADERBOARD}, {CONTEST_LEADERBOARD, CONTEST_OP_NEXT},
		{CONTEST_ROUND_END, CONTEST_OP_NEXT},
	};
	struct at was = at_now(cs->v.c);
	int64_t now = clock_now_ms(ui->clk);
	if (cs->stepped && now - cs->step_ms >= 0 && now - cs->step_ms < STEP_GUARD_MS) {
		set_msg(cs, true, xstrdup(_("Enter was pressed twice: the second one is ignored.")));
		return UI_REDRAW;
	}
	for (size_t i = 0; i < NK_ARRAY_LEN(steps); i++)
		if (steps[i].from == was.state) {
			int r = host_op(ui, cs, (struct cstore_op){.op = steps[i].op}, was, NULL);
			cs->stepped = true;
			cs->step_ms = clock_now_ms(ui->clk);
			return r;
		}
	set_msg(cs, false, xstrdup(_("The contest is over. Export the results with: ntmkiosk "
				     "export contest")));
	return UI_REDRAW;
}

static const char *step_label(enum contest_state s)
{
	switch (s) {
	case CONTEST_SETUP: return _("start the contest");
	case CONTEST_READY: return _("show the question");
	case CONTEST_SHOWING: return _("lock the answers");
	case CONTEST_LOCKED: return _("show the right answer");
	case CONTEST_REVEALED: return _("show the leaderboard");
	case CONTEST_LEADERBOARD: return _("next question");
	case CONTEST_ROUND_END: return _("next round");
	default: return _("nothing: the contest is over");
	}
}

static const char *input_label(enum contest_input in)
{
	switch (in) {
	case CONTEST_INPUT_TERMINAL: return _("its own terminal");
	case CONTEST_INPUT_KEYBOARD: return _("the shared keyboard");
	case CONTEST_INPUT_BOARD: return _("boards, typed by the host");
	default: return _("any input");
	}
}

/* The team number typed so far ("3", "3.2"): NK_OK with team and member, or a message. */
static int entry_team(struct cscreen *cs, int *team, int *member)
{
	*team = atoi(cs->entry);
	*member = 0;
	const char *dot = strchr(cs->entry, '.');
	if (dot)
		*member = atoi(dot + 1) - 1;
	cs->entry[0] = '\0';
	if (*team < 1 || *team > contest_nteams(cs->v.c)) {
		set_msg(cs, true, xasprintf(_("There is no team %d."), *team));
		return NK_EINVAL;
	}
	if (*member < 0) {
		set_msg(cs, true, xstrdup(_("Members are numbered from 1.")));
		return NK_EINVAL;
	}
	return NK_OK;
}

/* "3B" answers (or corrects) for team 3; "3.2B" for its second member. */
static int entry_answer(struct ui *ui, struct cscreen *cs, int option)
{
	int team, member;
	if (entry_team(cs, &team, &member) != NK_OK)
		return UI_REDRAW;
	struct at was = at_now(cs->v.c);
	char *ok = xasprintf(_("Team %d: %c"), team, 'A' + option);
	struct cstore_op o = {.team = team, .member = member, .mask = 1u << option,
			      .source = CONTEST_SRC_HOST, .round = (int)was.round,
			      .question = (int)was.q};
	o.op = was.state == CONTEST_SHOWING ? CONTEST_OP_ANSWER : CONTEST_OP_CORRECT;
	if (!contest_eligible(cs->v.c, team, member)) {
		free(ok);
		set_msg(cs, true, xasprintf(_("Team %d does not answer this question."), team));
		return UI_REDRAW;
	}
	if (was.state != CONTEST_SHOWING && was.state != CONTEST_LOCKED &&
	    was.state != CONTEST_REVEALED && was.state != CONTEST_LEADERBOARD) {
		free(ok);
		set_msg(cs, true, xstrdup(_("No question is open for answers now.")));
		return UI_REDRAW;
	}
	struct contest_qinfo qi;
	if (contest_question_info(cs->v.c, was.round, was.q, &qi) == NK_OK && option >= qi.nopts) {
		free(ok);
		set_msg(cs, true, xasprintf(_("This question has only %d options (A–%c)."), qi.nopts,
					    'A' + qi.nopts - 1));
		return UI_REDRAW;
	}
	if (was.state == CONTEST_SHOWING && contest_paused(cs->v.c)) {
		free(ok);
		set_msg(cs, true, xstrdup(_("Paused: resume (p) before entering answers.")));
		return UI_REDRAW;
	}
	return host_op(ui, cs, o, was, ok);
}

/* "3i": team 3's input, one step along: any, its own terminal, the shared keyboard, boards. */
static int entry_input(struct ui *ui, struct cscreen *cs)
{
	int team, member;
	if (entry_team(cs, &team, &member) != NK_OK)
		return UI_REDRAW;
	enum contest_input in = (enum contest_input)((contest_team_input(cs->v.c, team) + 1) % 4);
	struct cstore_op o = {.op = CONTEST_OP_INPUT, .team = team, .input = in};
	return host_op(ui, cs, o, at_now(cs->v.c),
		       xasprintf(_("Team %d answers by: %s"), team, input_label(in)));
}

static void undo_text(const struct contest_log *e, char *out, size_t n)
{
	char was[16], back[16];
	letters(e->mask, was);
	letters(e->prev, back);
	snprintf(out, n, "%s → %s", *was ? was : "–", *back ? back : "–");
}

static int host_undo(struct ui *ui, struct cscreen *cs, bool redo, struct at was)
{
	struct contest_log e;
	struct cstore_op o = {.op = redo ? CONTEST_OP_REDO : CONTEST_OP_UNDO, .entry = &e};
	host_op(ui, cs, o, was, NULL);
	if (!cs->msg_warn) {
		char what[48];
		if (redo) {
			char now[16], before[16];
			letters(e.mask, now);
			letters(e.prev, before);
			snprintf(what, sizeof what, "%s → %s", *before ? before : "–", now);
		} else {
			undo_text(&e, what, sizeof what);
		}
		set_msg(cs, false,
			xasprintf(redo ? _("Redone: question %d, team %d: %s")
				       : _("Undone: question %d, team %d: %s (U: redo)"),
				  e.question + 1, e.team, what));
	}
	return UI_REDRAW;
}

/* Asks before a key that changes what the audience has seen. */
static int ask(struct cscreen *cs, enum confirm what, char *question)
{
	cs->confirm = what;
	cs->confirm_at = at_now(cs->v.c);
	char *line = xasprintf(_("%s y: yes · any other key: no"), question);
	free(question);
	set_msg(cs, true, line);
	return UI_REDRAW;
}

static int confirmed(struct ui *ui, struct cscreen *cs)
{
	enum confirm what = cs->confirm;
	struct at was = cs->confirm_at;
	cs->confirm = CONFIRM_NONE;
	switch (what) {
	case CONFIRM_SKIP:
		return host_op(ui, cs, (struct cstore_op){.op = CONTEST_OP_SKIP}, was,
			       xstrdup(_("Question skipped: it counts for no one.")));
	case CONFIRM_END_ROUND:
		return host_op(ui, cs, (struct cstore_op){.op = CONTEST_OP_END_ROUND}, was,
			       xstrdup(_("The round is over: its other questions count for no one.")));
	case CONFIRM_UNDO: return host_undo(ui, cs, false, was);
	case CONFIRM_LEAVE: return UI_QUIT;
	case CONFIRM_TAKE_OVER:
		host_claim(ui, cs);
		if (!cs->readonly)
			set_msg(cs, false, xstrdup(_("This console is now the host's.")));
		return UI_REDRAW;
	default: return UI_REDRAW;
	}
}

/* Why the host key k cannot act in the contest's present state, in the UI language, or NULL
 * when it can: the console says so rather than pass the engine's words on. */
static const char *not_now(const struct contest *c, int k)
{
	enum contest_state s = contest_state(c);
	size_t r, i;
	contest_position(c, &r, &i);
	struct contest_round_config cfg = {0};
	contest_round_info(c, r, &cfg);
	switch (k) {
	case HK_PAUSE:
		return s == CONTEST_SHOWING ? NULL : _("Pause works while a question is shown.");
	case HK_SKIP:
		return s >= CONTEST_READY && s <= CONTEST_REVEALED
			       ? NULL
			       : _("There is no question to skip now.");
	case HK_END_ROUND:
		if (s != CONTEST_READY && s != CONTEST_LEADERBOARD)
			return _("A round can be ended between questions: before one is shown, or "
				 "on the leaderboard.");
		return s == CONTEST_LEADERBOARD && i + 1 >= contest_round_questions(c, r)
			       ? _("This was the round's last question.")
			       : NULL;
	case HK_ROUND: {
		if (s != CONTEST_READY)
			return _("A rescue question is chosen before the question is shown.");
		if (cfg.mode != CONTEST_ELIMINATION)
			return _("Rescue questions are for elimination rounds.");
		for (int t = 1; t <= contest_nteams(c); t++)
			for (int m = 0; m < (contest_answering(c) == CONTEST_MEMBER_SUM
						     ? contest_team_members(c, t)
						     : 1);
			     m++)
				if (contest_eliminated(c, t, m))
					return NULL;
		return _("No team is out: there is no one to rescue.");
	}
	case HK_TIEBREAK: {
		if (s != CONTEST_ROUND_END && s != CONTEST_FINISHED)
			return _("A tie-break question is added at the end of a round.");
		struct contest_standing *st = xcalloc((size_t)contest_nteams(c) + 1, sizeof *st);
		size_t n = contest_standings(c, st);
		bool tie = false;
		for (size_t j = 1; j < n && st[j].rank <= 3; j++)
			tie = tie || st[j].rank == st[j - 1].rank;
		free(st);
		return tie ? NULL : _("No tie for a prize place: no tie-break is needed.");
	}
	default: return NULL;
	}
}

/* A key of the host's table (ACT_HOST), or an option letter (ACT_CHOICE). */
static int host_key(struct ui *ui, struct cscreen *cs, struct action a)
{
	int k = a.kind == ACT_HOST ? a.n : -1;
	if (cs->confirm != CONFIRM_NONE) {
		if (k == HK_YES)
			return confirmed(ui, cs);
		cs->confirm = CONFIRM_NONE;
		set_msg(cs, false, xstrdup(_("Not done.")));
		return UI_REDRAW;
	}
	enum contest_state s = contest_state(cs->v.c);
	if (k == HK_LEAVE)
		return ask(cs, CONFIRM_LEAVE,
			   xstrdup(_("Leave the host's console? The contest is saved; start the "
				     "console again to carry on.")));
	if (k == HK_TAKE_OVER)
		return ask(cs, CONFIRM_TAKE_OVER,
			   xstrdup(_("Take over as the host here? The other console will only "
				     "watch.")));
	if (cs->readonly) {
		set_msg(cs, true, xstrdup(_("Another host console is in charge. This one only "
					    "watches; press T to take over here.")));
		return UI_REDRAW;
	}
	size_t len = strlen(cs->entry);
	if (k >= HK_DIGIT && k <= HK_DIGIT + 9) {
		if (len + 1 < sizeof cs->entry)
			cs->entry[len] = (char)('0' + k - HK_DIGIT), cs->entry[len + 1] = '\0';
		return UI_REDRAW;
	}
	if (k == HK_DOT && len && !strchr(cs->entry, '.')) {
		cs->entry[len] = '.', cs->entry[len + 1] = '\0';
		return UI_REDRAW;
	}
	if (len && a.kind == ACT_CHOICE && a.n >= 1 && a.n <= CONTEST_MAX_OPTIONS)
		return entry_answer(ui, cs, a.n - 1);
	if (len && k == HK_INPUT)
		return entry_input(ui, cs);
	if (len && k == HK_TEAM) {
		int team, member;
		if (entry_team(cs, &team, &member) != NK_OK)
			return UI_REDRAW;
		cs->rename = team;
		form_open(cs, FORM_RENAME);
		return UI_REDRAW;
	}
	/* A team number being typed, or an option letter without one: nothing else acts. */
	if (len || a.kind == ACT_CHOICE) {
		set_msg(cs, true, xstrdup(len ? _("Finish the answer with a letter, or Esc.")
					      : _("Type the team number first, then the letter.")));
		return UI_REDRAW;
	}
	if (s == CONTEST_SETUP) {
		if (k == HK_TEAM) {
			form_open(cs, FORM_TEAM);
			return UI_REDRAW;
		}
		if (k == HK_ROUND) {
			form_open(cs, FORM_ROUND);
			return UI_REDRAW;
		}
	}
	struct at was = at_now(cs->v.c);
	const char *why = not_now(cs->v.c, k);
	if (why) {
		set_msg(cs, true, xstrdup(why));
		return UI_REDRAW;
	}
	switch (k) {
	case HK_REDO: return host_undo(ui, cs, true, was);
	case HK_PAUSE:
		return host_op(ui, cs,
			       (struct cstore_op){.op = contest_paused(cs->v.c) ? CONTEST_OP_RESUME
										: CONTEST_OP_PAUSE},
			       was,
			       xstrdup(contest_paused(cs->v.c) ? _("Resumed.") : _("Paused.")));
	case HK_SKIP:
		if (s == CONTEST_REVEALED)
			return ask(cs, CONFIRM_SKIP,
				   xstrdup(_("Skip this question after its answer was shown? The "
					     "points it gave are taken away.")));
		return host_op(ui, cs, (struct cstore_op){.op = CONTEST_OP_SKIP}, was,
			       xstrdup(_("Question skipped: it counts for no one.")));
	case HK_END_ROUND:
		return ask(cs, CONFIRM_END_ROUND,
			   xstrdup(_("End this round now? Its questions not yet shown count for no "
				     "one.")));
	case HK_ROUND:
		return host_op(ui, cs, (struct cstore_op){.op = CONTEST_OP_RESCUE}, was,
			       xstrdup(_("This is now a rescue question.")));
	case HK_TIEBREAK: {
		char *err = NULL;
		int rc = cstore_add_tiebreak(ui->db, ui->clk, cs->v.uuid,
					     (uint64_t)clock_now_ms(ui->clk) + cs->draws++, &err);
		return done(ui, cs, rc, err, xstrdup(_("Tie-break question added.")));
	}
	case HK_UNDO: {
		struct contest_log e;
		if (!contest_can_undo(cs->v.c, &e)) {
			set_msg(cs, true, xstrdup(_("Nothing to undo: only your own entries of the "
						    "current question can be undone.")));
			return UI_REDRAW;
		}
		if (s == CONTEST_SHOWING)
			return host_undo(ui, cs, false, was);
		char what[48];
		undo_text(&e, what, sizeof what);
		return ask(cs, CONFIRM_UNDO,
			   xasprintf(_("The answers are locked. Undo question %d, team %d: %s?"),
				     e.question + 1, e.team, what));
	}
	case HK_TEAM:
		/* After the podium, a new contest; before it, a team (a late one once started). */
		form_open(cs, s == CONTEST_FINISHED ? FORM_CONTEST : FORM_TEAM);
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

static int host_act(struct ui *ui, struct screen *s, struct action a)
{
	struct cscreen *cs = s->data;
	if (cs->form != FORM_NONE)
		return form_act(ui, cs, a);
	if (a.kind == ACT_TICK) {
		int r = follow(ui, cs);
		host_attach(ui, cs);
		/* Another console has taken over: this one only watches from now on. */
		if (cs->v.c && !cs->readonly && contest_host(cs->v.c)[0] &&
		    strcmp(contest_host(cs->v.c), cs->token) != 0) {
			cs->readonly = true;
			set_msg(cs, true, xstrdup(_("Another host console has taken over. This one "
						    "only watches; press T to take it back.")));
			return UI_REDRAW;
		}
		return r;
	}
	if (!cs->v.c)
		return UI_IGNORED;
	if (a.kind == ACT_CHAR)
		a = ui_typed(UI_KEYS_HOST, a.n);
	switch (a.kind) {
	case ACT_HOST:
	case ACT_CHOICE:
		return host_key(ui, cs, a);
	case ACT_SELECT:
		if (cs->confirm != CONFIRM_NONE || cs->readonly)
			return host_key(ui, cs, a);
		if (cs->entry[0]) {
			set_msg(cs, true, xstrdup(_("Finish the answer with a letter, or Esc.")));
			return UI_REDRAW;
		}
		return next_step(ui, cs);
	case ACT_ERASE:
		if (cs->entry[0])
			cs->entry[strlen(cs->entry) - 1] = '\0';
		return UI_REDRAW;
	case ACT_BACK:
		cs->entry[0] = '\0';
		if (cs->confirm != CONFIRM_NONE) {
			cs->confirm = CONFIRM_NONE;
			set_msg(cs, false, xstrdup(_("Not done.")));
		}
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

static void host_setup_draw(struct cscreen *cs, struct grid *g, int y, int end)
{
	char *head = xasprintf("%s · %s%s%s", cs->v.info.name ? cs->v.info.name : "",
			       cs->v.info.held_on ? cs->v.info.held_on : "",
			       cs->v.info.place ? " · " : "", cs->v.info.place ? cs->v.info.place : "");
	grid_put(g, y++, 2, head, g->w - 4, ROLE_HEADING, true);
	free(head);
	y++;
	grid_put(g, y++, 2, _("Teams"), g->w - 4, ROLE_TEXT, true);
	if (!cs->v.nteams && y < end)
		grid_put(g, y++, 4, _("none yet: press n"), g->w - 6, ROLE_DIM, false);
	for (size_t t = 0; t < cs->v.nteams && y < end - 4; t++) {
		const struct cstore_team *tm = &cs->v.teams[t];
		char *line = xasprintf("%d. %s%s%s (%zu)", tm->team_no, tm->name,
				       tm->village ? " — " : "", tm->village ? tm->village : "",
				       tm->nmembers);
		grid_put(g, y++, 4, line, g->w - 6, ROLE_TEXT, false);
		free(line);
	}
	y++;
	if (y < end)
		grid_put(g, y++, 2, _("Rounds"), g->w - 4, ROLE_TEXT, true);
	size_t nr = contest_nrounds(cs->v.c);
	if (!nr && y < end)
		grid_put(g, y++, 4, _("none yet: press r"), g->w - 6, ROLE_DIM, false);
	for (size_t r = 0; r < nr && y < end; r++) {
		struct contest_round_config cfg;
		contest_round_info(cs->v.c, r, &cfg);
		char secs[24];
		cview_seconds(cfg.time_ms, secs);
		char *line = xasprintf(_("%zu. %s, %zu questions, %s each, %d points"), r + 1,
				       cview_mode_name(cfg.mode), contest_round_questions(cs->v.c, r),
				       cfg.time_ms ? secs : _("no time limit"), cfg.points);
		grid_put(g, y++, 4, line, g->w - 6, ROLE_TEXT, false);
		free(line);
	}
}

/* One line per team: its answer to the current question, the time, the score. */
static void host_teams_draw(struct cscreen *cs, struct grid *g, int y, int end)
{
	struct contest *c = cs->v.c;
	size_t r, i;
	contest_position(c, &r, &i);
	int n = contest_nteams(c);
	struct contest_standing *st = xcalloc((size_t)n + 1, sizeof *st);
	size_t k = contest_standings(c, st);
	/* Two columns when the teams do not fit one under another (12 teams at 80x24). */
	int cols = n > end - y && g->w >= 60 ? 2 : 1;
	int cw = (g->w - 4) / cols;
	int per_col = end - y;
	bool members = contest_answering(c) == CONTEST_MEMBER_SUM;
	for (int t = 1; t <= n; t++) {
		int row = (t - 1) % (per_col > 0 ? per_col : 1), col = (t - 1) / (per_col > 0 ? per_col : 1);
		if (col >= cols)
			break;
		int x = 2 + col * cw;
		long long score = 0;
		for (size_t j = 0; j < k; j++)
			if (st[j].team == t)
				score = st[j].score;
		char answer[64] = "";
		int nm = members ? contest_team_members(c, t) : 1;
		int given = 0;
		for (int m = 0; m < nm; m++) {
			struct contest_entry e;
			if (contest_entry_get(c, r, i, t, m, &e) != NK_OK)
				continue;
			given++;
			char l[16], secs[24];
			letters(e.mask, l);
			cview_seconds(e.ms, secs);
			if (!members)
				snprintf(answer, sizeof answer, "%s  %s %s", l, secs,
					 e.source == CONTEST_SRC_TEAM       ? _("(team terminal)")
					 : e.source == CONTEST_SRC_KEYBOARD ? _("(keyboard)")
									    : "");
		}
		if (members)
			snprintf(answer, sizeof answer, "%d/%d", given, nm);
		const char *mark = members || contest_eligible(c, t, 0) ? answer
				   : contest_eliminated(c, t, 0)        ? _("out")
									: "–";
		char num[16], sc[24];
		snprintf(num, sizeof num, "%2d", t);
		snprintf(sc, sizeof sc, "%lld", score);
		grid_put(g, y + row, x, num, 3, ROLE_TEXT, true);
		int namew = cw / 2 - 4;
		grid_put(g, y + row, x + 3, contest_team_name(c, t), namew, ROLE_TEXT, false);
		grid_put(g, y + row, x + 4 + namew, mark, cw - namew - 14, given ? ROLE_HEADING : ROLE_DIM,
			 given > 0);
		grid_put(g, y + row, x + cw - 2 - grid_text_width(sc), sc, 8, ROLE_TEXT, true);
	}
	free(st);
}

static void host_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct cscreen *cs = s->data;
	if (cs->form != FORM_NONE) {
		form_draw(ui, cs, g, top, rows);
		return;
	}
	int end = top + rows;
	if (!cs->v.c) {
		grid_center(g, top + rows / 2, cs->v.err ? cs->v.err : "", ROLE_DIM, false);
		return;
	}
	enum contest_state st = contest_state(cs->v.c);
	/* The bottom: what Enter does, the answer being typed, the last message. */
	char *step = xasprintf(_("Enter: %s"), step_label(st));
	grid_put(g, end - 3, 2, step, g->w - 4, ROLE_HEADING, true);
	free(step);
	char *entry = xasprintf(_("Answer: %s▏ (team number, then A–D; i: its input; n: its name)"),
				cs->entry);
	if (st != CONTEST_SETUP || cs->entry[0])
		grid_put(g, end - 2, 2, entry, g->w - 4, cs->entry[0] ? ROLE_FOCUS : ROLE_DIM,
			 false);
	free(entry);
	if (cs->msg)
		grid_put(g, end - 1, 2, cs->msg, g->w - 4, cs->msg_warn ? ROLE_WARN : ROLE_TEXT,
			 false);
	end -= 4;
	if (st == CONTEST_SETUP) {
		host_setup_draw(cs, g, top, end);
		return;
	}
	/* The top: where the contest is, and the question with its right answer marked. */
	char *pos = cview_position_text(&cs->v);
	char *head = xasprintf("%s — %s", pos, state_label(st));
	grid_put(g, top, 2, head, g->w - 4, ROLE_DIM, true);
	free(head);
	free(pos);
	int y = top + 1;
	if (st == CONTEST_SHOWING)
		cview_draw_countdown(&cs->v, g, y++, 2, g->w - 4);
	if (st != CONTEST_LEADERBOARD && st != CONTEST_ROUND_END && st != CONTEST_FINISHED &&
	    cs->v.q) {
		y += grid_wrap(g, y, 2, g->w - 4, 3, cs->v.q->text, ROLE_TEXT, true);
		size_t r, i;
		contest_position(cs->v.c, &r, &i);
		struct contest_qinfo qi;
		contest_question_info(cs->v.c, r, i, &qi);
		for (int k = 0; k < qi.nopts && y < end - 2; k++) {
			bool right = (qi.correct >> k) & 1u;
			char *line = xasprintf("%c %s %s", 'A' + k, right ? "✓" : " ",
					       cview_option(&cs->v, k));
			grid_put(g, y++, 4, line, g->w - 6, right ? ROLE_HEADING : ROLE_TEXT, right);
			free(line);
		}
	} else if (st == CONTEST_FINISHED) {
		grid_put(g, y++, 2, _("Final standings (n: a new contest)"), g->w - 4, ROLE_HEADING,
			 true);
	}
	y++;
	host_teams_draw(cs, g, y, end);
}

static const char *host_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct cscreen *cs = s->data;
	static char buf[256];
	snprintf(buf, sizeof buf, "%s%s%s", _("Contest host"), cs->v.info.name ? " — " : "",
		 cs->v.info.name ? cs->v.info.name : "");
	return buf;
}

static const struct keyhint host_hints[] = {
	{"Enter", N_("Next step"), ACT_SELECT}, {"p", N_("Pause"), ACT_NONE},
	{"s", N_("Skip"), ACT_NONE},           {"k", N_("End round"), ACT_NONE},
	{"u/U", N_("Undo/redo"), ACT_NONE},    {"t", N_("Tie-break"), ACT_NONE},
	{"r", N_("Rescue"), ACT_NONE},         {"n", N_("Team"), ACT_NONE},
	{"T", N_("Take over"), ACT_NONE},      {"q", N_("Leave"), ACT_NONE},
};

/* Text input for the console's forms; outside them, keys go through the host's key table. */
static const struct screen_ops host_ops = {
	"contest-host", host_title, host_draw, host_act, cs_free, host_hints,
	NK_ARRAY_LEN(host_hints), true,
};

/* --- the audience display ----------------------------------------------- */

static const char *display_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct cscreen *cs = s->data;
	return cs->v.info.name ? cs->v.info.name : _("Contest");
}

static void display_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct cscreen *cs = s->data;
	cview_draw_audience(ui, &cs->v, g, top, rows, false);
}

static int display_act(struct ui *ui, struct screen *s, struct action a)
{
	struct cscreen *cs = s->data;
	if (a.kind == ACT_TICK)
		return follow(ui, cs);
	return UI_IGNORED;
}

static const struct keyhint display_hints[] = {
	{"F2", N_("Language"), ACT_LANG},
};

static const struct screen_ops display_ops = {
	"contest-display", display_title, display_draw, display_act, cs_free, display_hints,
	NK_ARRAY_LEN(display_hints), false,
};

/* --- a team's terminal -------------------------------------------------- */

static const char *player_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct cscreen *cs = s->data;
	static char buf[256];
	const char *name = cs->v.c ? contest_team_name(cs->v.c, cs->team) : NULL;
	snprintf(buf, sizeof buf, _("Team %d%s%s"), cs->team, name ? ": " : "", name ? name : "");
	return buf;
}

/* The option marked on a team terminal: where the arrows left it on this question, else the
 * team's answer, else none (-1). */
static int player_mark(const struct cscreen *cs)
{
	const struct contest *c = cs->v.c;
	if (cs->cursor >= 0 && at_same(cs->cursor_at, at_now(c)))
		return cs->cursor;
	size_t r, i;
	contest_position(c, &r, &i);
	struct contest_entry e;
	if (contest_entry_get(c, r, i, cs->team, cs->member, &e) != NK_OK)
		return -1;
	for (int k = 0; k < CONTEST_MAX_OPTIONS; k++)
		if (e.mask & (1u << k))
			return k;
	return -1;
}

static void player_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct cscreen *cs = s->data;
	struct contest *c = cs->v.c;
	int end = top + rows;
	if (!c || !contest_team_name(c, cs->team)) {
		grid_center(g, top + rows / 2,
			    cs->v.err ? cs->v.err : _("Waiting for the host to register this team…"),
			    ROLE_DIM, false);
		return;
	}
	enum contest_state st = contest_state(c);
	size_t r, i;
	contest_position(c, &r, &i);
	struct contest_entry e;
	bool have = st != CONTEST_SETUP &&
		    contest_entry_get(c, r, i, cs->team, cs->member, &e) == NK_OK;
	char mine[16] = "";
	if (have)
		letters(e.mask, mine);
	if (st == CONTEST_SETUP || st == CONTEST_READY) {
		grid_center(g, top + rows / 2, st == CONTEST_SETUP ? _("The contest will begin soon.")
								 : _("Get ready…"),
			    ROLE_HEADING, true);
		return;
	}
	if (st == CONTEST_SHOWING) {
		if (!contest_eligible(c, cs->team, cs->member)) {
			grid_center(g, top + rows / 2, _("This question is not for your team."),
				    ROLE_DIM, false);
			return;
		}
		char *pos = cview_position_text(&cs->v);
		grid_center(g, top, pos, ROLE_DIM, true);
		free(pos);
		int tw = g->w - 4;
		int used = grid_wrap(g, top + 1, 2, tw, 3, cs->v.q ? cs->v.q->text : "", ROLE_HEADING,
				     true);
		struct contest_qinfo qi;
		contest_question_info(c, r, i, &qi);
		struct item it[CONTEST_MAX_OPTIONS];
		static const char *const keys[] = {"A", "B", "C", "D", "E", "F", "G", "H"};
		for (int k = 0; k < qi.nopts; k++)
			it[k] = (struct item){cview_option(&cs->v, k), NULL, false, keys[k]};
		s->sel = player_mark(cs);
		int oy = top + 2 + used;
		ui_draw_items(ui, s, g, oy, end - 3 - oy, it, qi.nopts);
		char *line = cs->help ? xstrdup(_("A–D or 1–4: answer · arrows: move · Enter: answer "
						  "the marked one · ?: close this help"))
			     : cs->msg ? xstrdup(cs->msg)
			     : have    ? xasprintf(_("Your answer: %s. You can change it until time "
						     "is up."),
						   mine)
				       : xstrdup(_("Press A, B, C or D."));
		grid_center(g, end - 2, line, cs->msg && !cs->help ? ROLE_WARN
					     : have		? ROLE_TEXT
								: ROLE_DIM,
			    have);
		free(line);
		cview_draw_countdown(&cs->v, g, end - 1, 2, g->w - 4);
		return;
	}
	char *line = NULL;
	if (st == CONTEST_LOCKED) {
		line = have ? xasprintf(_("Answers are locked. Your answer: %s."), mine)
			    : xstrdup(_("Answers are locked. Your team did not answer."));
	} else if (st == CONTEST_REVEALED) {
		if (have && e.right)
			line = xasprintf(_("Right! +%lld points"), e.points);
		else
			line = xstrdup(have ? _("Not right this time.") : _("No answer."));
	} else {
		int n = contest_nteams(c);
		struct contest_standing *sd = xcalloc((size_t)n + 1, sizeof *sd);
		size_t k = contest_standings(c, sd);
		for (size_t j = 0; j < k; j++)
			if (sd[j].team == cs->team)
				line = xasprintf(_("Your place: %d of %d · %lld points"), sd[j].rank, n,
						 sd[j].score);
		free(sd);
	}
	grid_center(g, top + rows / 2, line ? line : "", ROLE_HEADING, true);
	free(line);
}

/* A team terminal answers for its team unless the host has set the team to another input. */
static int player_answer(struct ui *ui, struct cscreen *cs, int k)
{
	if (contest_reading_ms(cs->v.c) > 0) {
		set_msg(cs, true, xstrdup(_("Wait: the answers open after the reading time.")));
		cs->wait_msg = true;
		return UI_REDRAW;
	}
	enum contest_input in = contest_team_input(cs->v.c, cs->team);
	if (in != CONTEST_INPUT_ANY && in != CONTEST_INPUT_TERMINAL) {
		set_msg(cs, true, xasprintf(_("Your team answers by %s, not on this terminal."),
					    input_label(in)));
		return UI_REDRAW;
	}
	cs->cursor = -1;
	char *err = NULL;
	struct cstore_op o = {.op = CONTEST_OP_ANSWER, .team = cs->team, .member = cs->member,
			      .mask = 1u << k, .source = CONTEST_SRC_TEAM};
	int rc = cstore_do(ui->db, ui->clk, cs->v.uuid, &o, &err);
	free(err);
	set_msg(cs, true, rc == NK_OK ? NULL : xstrdup(_("Not taken: the answers are closed.")));
	cview_refresh(ui, &cs->v, true);
	return UI_REDRAW;
}

static int player_act(struct ui *ui, struct screen *s, struct action a)
{
	struct cscreen *cs = s->data;
	if (a.kind == ACT_TICK) {
		if (cs->msg && (!cs->v.c || contest_state(cs->v.c) != CONTEST_SHOWING ||
				(cs->wait_msg && contest_reading_ms(cs->v.c) == 0))) {
			set_msg(cs, false, NULL);
			cs->wait_msg = false;
		}
		return follow(ui, cs);
	}
	if (a.kind == ACT_HELP) {
		cs->help = !cs->help;
		return UI_REDRAW;
	}
	if (!cs->v.c || contest_state(cs->v.c) != CONTEST_SHOWING)
		return UI_IGNORED;
	size_t r, i;
	contest_position(cs->v.c, &r, &i);
	struct contest_qinfo qi;
	contest_question_info(cs->v.c, r, i, &qi);
	if (a.kind == ACT_CHOICE && a.n >= 1 && a.n <= qi.nopts)
		return player_answer(ui, cs, a.n - 1);
	/* Arrows only move the mark; Enter answers the marked option (the same answer again
	 * changes nothing, its time stays that of the first press). */
	if (a.kind == ACT_UP || a.kind == ACT_DOWN) {
		int n = qi.nopts, at = player_mark(cs);
		cs->cursor = at < 0 ? 0 : (at + (a.kind == ACT_UP ? n - 1 : 1)) % n;
		cs->cursor_at = at_now(cs->v.c);
		return UI_REDRAW;
	}
	if (a.kind == ACT_SELECT && player_mark(cs) >= 0)
		return player_answer(ui, cs, player_mark(cs));
	return UI_IGNORED;
}

static const struct keyhint player_hints[] = {
	{"A-D", N_("Answer"), ACT_NONE},
	{"?", N_("Help"), ACT_HELP},
	{"F2", N_("Language"), ACT_LANG},
};

static const struct screen_ops player_ops = {
	"contest-player", player_title, player_draw, player_act, cs_free, player_hints,
	NK_ARRAY_LEN(player_hints), false,
};

/* --- one shared keyboard ------------------------------------------------ */

/* Team t's keys for A, B, C, D: rows of a QWERTY keyboard, far enough apart
 * for eight people around one table. */
static const char *const key_blocks[] = {
	"1234", "qwer", "asdf", "zxcv", "7890", "uiop", "jkl;", "m,./",
};

static const char *keyboard_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Shared keyboard");
}

static void keyboard_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	(void)ui;
	struct cscreen *cs = s->data;
	struct contest *c = cs->v.c;
	int end = top + rows;
	if (!c) {
		grid_center(g, top + rows / 2, cs->v.err ? cs->v.err : "", ROLE_DIM, false);
		return;
	}
	enum contest_state st = contest_state(c);
	size_t r, i;
	contest_position(c, &r, &i);
	int y = top;
	if (st != CONTEST_SETUP) {
		char *pos = cview_position_text(&cs->v);
		grid_center(g, y, pos, ROLE_DIM, true);
		free(pos);
	}
	y += 2;
	grid_center(g, y, st == CONTEST_SHOWING ? _("Answer now with your team's keys.")
						: state_label(st),
		    ROLE_HEADING, true);
	y += 2;
	int n = contest_nteams(c);
	for (int t = 1; t <= n && t <= (int)NK_ARRAY_LEN(key_blocks) && y < end - 1; t++) {
		const char *k = key_blocks[t - 1];
		struct contest_entry e;
		bool have = st != CONTEST_SETUP && contest_entry_get(c, r, i, t, 0, &e) == NK_OK;
		enum role role = have ? ROLE_HEADING : ROLE_TEXT;
		char num[16], keys[32];
		snprintf(num, sizeof num, "%d", t);
		snprintf(keys, sizeof keys, "A=%c B=%c C=%c D=%c", k[0], k[1], k[2], k[3]);
		enum contest_input in = contest_team_input(c, t);
		bool here = in == CONTEST_INPUT_ANY || in == CONTEST_INPUT_KEYBOARD;
		int namew = g->w - 4 - 4 - 20 - 12;
		grid_put(g, y, 2, num, 3, role, true);
		grid_put(g, y, 6, contest_team_name(c, t), namew, role, true);
		grid_put(g, y, 6 + namew + 1, here ? keys : input_label(in), 20,
			 here ? role : ROLE_DIM, false);
		if (have)
			grid_put(g, y, 6 + namew + 22, _("answered"), 12, role, true);
		y++;
	}
	if (n > (int)NK_ARRAY_LEN(key_blocks) && y < end - 1)
		grid_put(g, y++, 2, _("Teams past 8 answer at the host's console."), g->w - 4,
			 ROLE_DIM, false);
	if (cs->kbd_msg && y < end - 1)
		grid_center(g, end - 2, cs->kbd_msg, ROLE_WARN, true);
	if (st == CONTEST_SHOWING)
		cview_draw_countdown(&cs->v, g, end - 1, 2, g->w - 4);
}

static int keyboard_act(struct ui *ui, struct screen *s, struct action a)
{
	struct cscreen *cs = s->data;
	if (a.kind == ACT_TICK)
		return follow(ui, cs);
	if (a.kind != ACT_CHAR || !cs->v.c || contest_state(cs->v.c) != CONTEST_SHOWING)
		return UI_IGNORED;
	int ch = a.n >= 'A' && a.n <= 'Z' ? a.n - 'A' + 'a' : a.n;
	for (size_t t = 0; t < NK_ARRAY_LEN(key_blocks); t++) {
		const char *p = ch > 0 && ch < 128 ? strchr(key_blocks[t], ch) : NULL;
		if (!p || (int)t + 1 > contest_nteams(cs->v.c))
			continue;
		int k = (int)(p - key_blocks[t]);
		enum contest_input in = contest_team_input(cs->v.c, (int)t + 1);
		free(cs->kbd_msg);
		cs->kbd_msg = NULL;
		if (in != CONTEST_INPUT_ANY && in != CONTEST_INPUT_KEYBOARD) {
			cs->kbd_msg = xasprintf(_("Key ignored: team %d answers by %s."), (int)t + 1,
						input_label(in));
			return UI_REDRAW;
		}
		return op(ui, cs,
			  (struct cstore_op){.op = CONTEST_OP_ANSWER, .team = (int)t + 1,
					     .mask = 1u << k, .source = CONTEST_SRC_KEYBOARD},
			  NULL);
	}
	return UI_IGNORED;
}

static const struct keyhint keyboard_hints[] = {
	{"1234 qwer asdf zxcv", N_("Teams 1-4"), ACT_NONE},
	{"7890 uiop jkl; m,./", N_("Teams 5-8"), ACT_NONE},
};

static const struct screen_ops keyboard_ops = {
	"contest-keyboard", keyboard_title, keyboard_draw, keyboard_act, cs_free, keyboard_hints,
	NK_ARRAY_LEN(keyboard_hints), true,
};

/* --- opening ------------------------------------------------------------ */

void contest_open(struct ui *ui, const struct ui_opts *opts)
{
	struct cscreen *cs = xcalloc(1, sizeof *cs);
	cview_init(&cs->v, opts->contest_uuid);
	cs->team = opts->contest_team;
	cs->member = opts->contest_member > 0 ? opts->contest_member - 1 : 0;
	cs->cursor = -1;
	const struct screen_ops *ops = &display_ops;
	switch (opts->contest_role) {
	case UI_CONTEST_HOST: ops = &host_ops; break;
	case UI_CONTEST_PLAYER: ops = &player_ops; break;
	case UI_CONTEST_KEYBOARD: ops = &keyboard_ops; break;
	default: break;
	}
	cs->lock_fd = -1;
	cwatch_open(&cs->watch, ui->db ? db_path(ui->db) : NULL);
	if (cs->watch.fd >= 0)
		ui_set_wake(ui, cs->watch.fd, cs_woken, cs);
	char uuid[37];
	util_uuid(uuid);
	for (size_t i = 0, k = 0; uuid[i] && k + 1 < sizeof cs->token; i++)
		if (uuid[i] != '-')
			cs->token[k++] = uuid[i];
	cview_refresh(ui, &cs->v, true);
	if (ops == &host_ops && (!cs->v.c || opts->contest_new))
		form_open(cs, FORM_CONTEST);
	else if (ops == &host_ops)
		host_attach(ui, cs);
	ui_push(ui, ops, ops == &player_ops ? -1 : 0, 0, cs);
}
