/*
 * Tests for the contest screens, driven with abstract actions as the back-end
 * would drive them: the host's console, the audience display, a team's
 * terminal and the shared keyboard, four ui objects on one database as the
 * four processes of an event day would be. A contest of four teams and two
 * rounds (accuracy, then speed) is set up at the console's forms and run to
 * the podium; the display is compared with golden files at 80x24 and 160x45
 * in every phase; the host's console is closed in the middle and opened again
 * and carries on. Time comes from a manual clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "content/articles.h"
#include "content/topics.h"
#include "core/db.h"
#define NK_TESTS_WITH_FIXTURE_DB
#define NK_TESTS_WITH_UI
#include "helpers.h"
#include "quizzes/contest_store.h"
#include "quizzes/qstore.h"

struct fx {
	char *dir;
	struct db *db;
	int64_t now;
	struct clock clk;
};

static int setup(void **state)
{
	test_i18n_setup();
	struct fx *f = xcalloc(1, sizeof *f);
	f->dir = test_tmpdir();
	f->db = test_fixture_db(f->dir);
	f->now = INT64_C(1795342500000);
	f->clk = (struct clock){clock_manual_read, &f->now};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	db_close(&f->db);
	test_rmdir(f->dir);
	free(f);
	i18n_set_lang("vi", NULL);
	return 0;
}

static struct action act(enum act k, int n)
{
	return (struct action){k, n, 0, 0};
}

static struct ui *open_role(struct fx *f, enum ui_contest_role role, int team)
{
	struct ui_opts o = {.db = f->db, .clk = &f->clk, .start_lang = "vi", .contest_role = role,
			    .contest_team = team};
	return ui_new(&o);
}

static void type(struct ui *ui, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		ui_handle(ui, act(ACT_CHAR, *p));
}

/* Fills the focused form field by field (plain ASCII, so no input method
 * composing), Enter after each. */
static void fill_form(struct ui *ui, const char *const *values, int n)
{
	for (int i = 0; i < n; i++) {
		if (values[i]) {
			for (int k = 0; k < 12; k++)
				ui_handle(ui, act(ACT_ERASE, 0));
			type(ui, values[i]);
		}
		ui_handle(ui, act(ACT_SELECT, 0));
	}
}

static void tick(struct ui *ui)
{
	ui_handle(ui, act(ACT_TICK, 0));
}

static bool shows(struct ui *ui, int w, int h, const char *text)
{
	char *d = test_render(ui, w, h);
	bool found = strstr(d, text) != NULL;
	if (!found)
		fprintf(stderr, "--- screen, looking for '%s'\n%s", text, d);
	free(d);
	return found;
}

static bool shows_quiet(struct ui *ui, const char *text)
{
	char *d = test_render(ui, 80, 24);
	bool found = strstr(d, text) != NULL;
	free(d);
	return found;
}

static void golden(struct ui *ui, const char *name)
{
	char *name80 = xasprintf("contest_%s_80x24", name);
	char *name160 = xasprintf("contest_%s_160x45", name);
	char *d = test_render(ui, 80, 24);
	test_golden(name80, d);
	free(d);
	d = test_render(ui, 160, 45);
	test_golden(name160, d);
	free(d);
	free(name80);
	free(name160);
}

static struct contest *load(struct fx *f)
{
	char uuid[37], *err = NULL;
	struct contest *c = NULL;
	if (cstore_latest(f->db, uuid, &err) || cstore_load(f->db, &f->clk, uuid, &c, NULL, &err))
		fail_msg("%s", err);
	return c;
}

static enum contest_state state_now(struct fx *f)
{
	struct contest *c = load(f);
	enum contest_state s = contest_state(c);
	contest_free(&c);
	return s;
}

/* One Enter at the console, a moment after the one before (a second Enter at once is taken
 * for a double press and ignored). */
static void step_at(struct fx *f, struct ui *host, struct ui *display)
{
	f->now += 400;
	ui_handle(host, act(ACT_SELECT, 0));
	tick(display);
}
#define step(host, display) step_at(f, host, display)

static void test_event_day(void **state)
{
	struct fx *f = *state;
	/* The display before there is any contest: it waits. */
	struct ui *display = open_role(f, UI_CONTEST_DISPLAY, 0);
	assert_string_equal(ui_screen_name(display), "contest-display");
	assert_true(shows(display, 80, 24, "Đang chờ người dẫn chương trình"));
	/* The host's console starts with the form for a new contest. */
	struct ui *host = open_role(f, UI_CONTEST_HOST, 0);
	assert_string_equal(ui_screen_name(host), "contest-host");
	assert_true(shows(host, 80, 24, "Cuộc thi mới"));
	/* A date that is not one, and a team-score mode that is not 1 or 2: the form says what
	 * is wrong, in the UI language, and goes to the field. */
	fill_form(host, (const char *const[]){"Hoi thi tim hieu NTM", "2026-02-30", "Nha van hoa",
					      "7"},
		  4);
	assert_true(shows(host, 80, 24, "Ngày (NNNN-TT-NN): không phải ngày"));
	fill_form(host, (const char *const[]){"2026-11-22", NULL, NULL}, 3);
	assert_true(shows(host, 80, 24, "các thành viên: gõ 1 hoặc"));
	fill_form(host, (const char *const[]){"1"}, 1);
	assert_true(shows(host, 80, 24, "Hoi thi tim hieu NTM · 2026-11-22 · Nha van hoa"));
	/* Four teams and two rounds at the console. */
	static const char *const teams[4][3] = {
		{"Ban Na Sang", "Na Sang", "Lo Van A, Giang Thi B"},
		{"Ban Pa Khoang", "Pa Khoang", "Vang A Chu"},
		{"Thon Hong Phong", NULL, NULL},
		{"Ban Muong Phang", "Muong Phang", NULL},
	};
	for (int t = 0; t < 4; t++) {
		type(host, "n");
		assert_true(shows(host, 80, 24, "Đội mới"));
		fill_form(host, teams[t], 3);
	}
	assert_true(shows(host, 80, 24, "4. Ban Muong Phang — Muong Phang"));
	type(host, "r");
	fill_form(host, (const char *const[]){"1", NULL, "20", "10", NULL, "fx-001, fx-003", NULL},
		  7);
	type(host, "r");
	fill_form(host, (const char *const[]){"2", NULL, "15", "20", NULL, "fx-001", NULL}, 7);
	/* A bad id is refused with its name, and the form stays open. */
	type(host, "r");
	fill_form(host, (const char *const[]){"1", NULL, "20", "10", NULL, "fx-404", NULL}, 7);
	assert_true(shows(host, 80, 24, "fx-404"));
	ui_handle(host, act(ACT_BACK, 0));
	/* A drawn round asking for more questions than the earlier rounds left: said before the
	 * contest starts, at the field, and nothing is added. */
	type(host, "r");
	fill_form(host, (const char *const[]){"1", "5", "20", "10", NULL, "", NULL}, 7);
	assert_true(shows(host, 80, 24, "chỉ còn 0 câu hỏi cho vòng này"));
	ui_handle(host, act(ACT_BACK, 0));
	assert_true(shows(host, 80, 24, "2. Tốc độ, 1 câu hỏi"));
	tick(display);
	golden(display, "setup");

	/* Round 1, question 1: shown; answers from a team's terminal, the shared
	 * keyboard and the host. */
	struct ui *player = open_role(f, UI_CONTEST_PLAYER, 2);
	struct ui *keyboard = open_role(f, UI_CONTEST_KEYBOARD, 0);
	step(host, display); /* start */
	assert_int_equal(state_now(f), CONTEST_READY);
	golden(display, "ready");
	step(host, display); /* show */
	assert_int_equal(state_now(f), CONTEST_SHOWING);
	f->now += 3000;
	tick(player);
	tick(keyboard);
	ui_handle(player, act(ACT_CHOICE, 1)); /* team 2: A (right: ba sao) */
	type(keyboard, "s");                   /* team 3 (asdf): B */
	type(host, "1a");                      /* team 1: A */
	f->now += 2000;
	tick(display);
	golden(display, "showing");
	assert_true(shows(player, 80, 24, "Đội của bạn chọn: A"));
	char *d = test_render(host, 80, 24);
	test_golden("contest_host_showing_80x24", d);
	free(d);
	/* A mistaken entry for team 4, then undone. */
	type(host, "4c");
	type(host, "u");
	assert_true(shows(host, 80, 24, "Đã hoàn tác: câu 1, đội 4: C → –"));
	/* The host's console goes away in the middle and comes back. */
	ui_free(&host);
	f->now += 1000;
	host = open_role(f, UI_CONTEST_HOST, 0);
	assert_true(shows(host, 80, 24, "Vòng 1 · Câu 1/2"));
	assert_true(shows(host, 80, 24, "Ban Pa Khoang"));
	step(host, display); /* lock */
	step(host, display); /* reveal */
	golden(display, "revealed");
	tick(player);
	assert_true(shows(player, 80, 24, "Đúng! +10 điểm"));
	step(host, display); /* leaderboard */
	golden(display, "leaderboard");
	struct contest *c = load(f);
	struct contest_standing st[4];
	assert_int_equal(contest_standings(c, st), 4);
	assert_int_equal(st[0].score, 10);
	assert_int_equal(st[1].score, 10);
	assert_int_equal(st[2].score, 0);
	contest_free(&c);

	/* Question 2 (true/false): nobody answers; the time runs out at the host. */
	step(host, display); /* next */
	step(host, display); /* show */
	f->now += 20001;
	tick(host);
	assert_int_equal(state_now(f), CONTEST_LOCKED);
	tick(display);
	assert_true(shows(display, 80, 24, "Hết giờ"));
	step(host, display); /* reveal */
	step(host, display); /* leaderboard */
	step(host, display); /* next: end of round 1 */
	assert_int_equal(state_now(f), CONTEST_ROUND_END);
	golden(display, "round_end");

	/* Round 2, speed: team 2 at 3 s of 15 earns 20 − 10 × 3/15 = 18. */
	step(host, display); /* next round */
	step(host, display); /* show */
	f->now += 3000;
	tick(player);
	ui_handle(player, act(ACT_CHOICE, 1));
	f->now += 6000;
	type(host, "1a");
	step(host, display); /* lock */
	step(host, display); /* reveal */
	step(host, display); /* leaderboard */
	step(host, display); /* next: end of round 2 */
	step(host, display); /* next: finished */
	assert_int_equal(state_now(f), CONTEST_FINISHED);
	c = load(f);
	assert_int_equal(contest_standings(c, st), 4);
	assert_int_equal(st[0].team, 2);
	assert_int_equal(st[0].score, 28);
	assert_int_equal(st[1].team, 1);
	assert_int_equal(st[1].score, 24); /* 10 + 20 − 10 × 9/15 */
	contest_free(&c);
	golden(display, "podium");
	tick(player);
	assert_true(shows(player, 80, 24, "Hạng của đội: 1/4 · 28 điểm"));
	ui_free(&keyboard);
	ui_free(&player);
	ui_free(&host);
	ui_free(&display);
}

/* The console's own refusals: an answer for a team that does not exist, an
 * answer while no question is open, and leaving only on a second q. */
static void test_host_refusals(void **state)
{
	struct fx *f = *state;
	char uuid[37], *err = NULL;
	assert_int_equal(cstore_create(f->db, &f->clk, "Hội thi", "2026-11-22", NULL,
				       CONTEST_TEAM_ANSWER, uuid, &err),
			 0);
	int no;
	assert_int_equal(cstore_add_team(f->db, &f->clk, uuid, "Đội 1", NULL, NULL, &no, &err), 0);
	struct contest_round_config cfg = {CONTEST_ACCURACY, 10, 0, false, 0};
	assert_int_equal(cstore_add_round(f->db, &f->clk, uuid, &cfg, NULL, 2, 1, NULL, &err), 0);
	struct ui *host = open_role(f, UI_CONTEST_HOST, 0);
	ui_handle(host, act(ACT_SELECT, 0)); /* start */
	type(host, "1a");
	assert_true(shows(host, 80, 24, "Chưa có câu hỏi nào đang mở"));
	f->now += 400;
	ui_handle(host, act(ACT_SELECT, 0)); /* show */
	type(host, "7a");
	assert_true(shows(host, 80, 24, "Không có đội 7"));
	type(host, "1");
	ui_handle(host, act(ACT_SELECT, 0)); /* Enter with an unfinished entry */
	assert_int_equal(state_now(f), CONTEST_SHOWING);
	ui_handle(host, act(ACT_BACK, 0));
	assert_int_equal(ui_handle(host, act(ACT_CHAR, 'q')) & UI_QUIT, 0);
	assert_int_equal(ui_handle(host, act(ACT_CHAR, 'n')) & UI_QUIT, 0); /* not confirmed */
	assert_int_equal(ui_handle(host, act(ACT_CHAR, 'q')) & UI_QUIT, 0);
	assert_int_not_equal(ui_handle(host, act(ACT_CHAR, 'y')) & UI_QUIT, 0);
	ui_free(&host);
}

/* The host's other keys, as the display shows them: pause and resume (the
 * countdown stands still while paused), skip, an elimination round with a
 * team out and a rescue question, and a tie-break at the end; and the
 * display drawn at the smallest size. */
static void test_host_keys(void **state)
{
	struct fx *f = *state;
	char uuid[37], *err = NULL;
	assert_int_equal(cstore_create(f->db, &f->clk, "Hội thi", "2026-11-22", NULL,
				       CONTEST_TEAM_ANSWER, uuid, &err),
			 0);
	int no;
	assert_int_equal(cstore_add_team(f->db, &f->clk, uuid, "Đội 1", NULL, NULL, &no, &err), 0);
	assert_int_equal(cstore_add_team(f->db, &f->clk, uuid, "Đội 2", NULL, NULL, &no, &err), 0);
	struct contest_round_config cfg = {CONTEST_ELIMINATION, 10, 30000, false, 0};
	const char *ids[] = {"fx-001", "fx-001", "fx-003"};
	assert_int_equal(cstore_add_round_ids(f->db, &f->clk, uuid, &cfg, ids, 3, true, &err), 0);
	struct ui *host = open_role(f, UI_CONTEST_HOST, 0);
	struct ui *display = open_role(f, UI_CONTEST_DISPLAY, 0);
	step(host, display); /* start */
	step(host, display); /* show */
	f->now += 5000;
	type(host, "p");
	tick(display);
	assert_true(shows(display, 80, 24, "Tạm dừng 25 s"));
	f->now += 60000; /* paused: the time does not run out */
	tick(host);
	assert_int_equal(state_now(f), CONTEST_SHOWING);
	type(host, "p");
	tick(display);
	assert_true(shows(display, 80, 24, "25 s"));
	char *small = test_render(display, UI_MIN_W, UI_MIN_H);
	assert_non_null(strstr(small, "Vòng 1"));
	free(small);
	/* Team 1 right, team 2 wrong: team 2 is out of the elimination round. */
	type(host, "1a2b");
	step(host, display); /* lock */
	step(host, display); /* reveal */
	step(host, display); /* leaderboard */
	assert_true(shows(display, 80, 24, "bị loại"));
	step(host, display); /* next */
	/* A rescue question: only team 2 answers, right, and is back. */
	type(host, "r");
	assert_true(shows(host, 80, 24, "Câu này là câu hỏi cứu trợ."));
	tick(display);
	assert_true(shows(display, 80, 24, "Câu hỏi cứu trợ"));
	step(host, display); /* show */
	type(host, "1a");
	assert_true(shows(host, 80, 24, "Đội 1 không trả lời câu này.")); /* team 1 is not out */
	type(host, "2a");
	step(host, display); /* lock */
	step(host, display); /* reveal */
	step(host, display); /* leaderboard */
	char *board = test_render(display, 80, 24);
	assert_null(strstr(board, "bị loại")); /* team 2 is back */
	free(board);
	step(host, display); /* next: the last question */
	type(host, "s");
	assert_true(shows(host, 80, 24, "Đã bỏ qua câu hỏi"));
	assert_int_equal(state_now(f), CONTEST_ROUND_END);
	step(host, display); /* finished: screens opened from now on follow a newer contest */
	ui_free(&host);
	ui_free(&display);
	/* Another contest, tied at 10 after its only question: a tie-break
	 * question for both, drawn from those this contest has not used. */
	f->now += 1000;
	assert_int_equal(cstore_create(f->db, &f->clk, "Hội thi 2", "2026-11-22", NULL,
				       CONTEST_TEAM_ANSWER, uuid, &err),
			 0);
	assert_int_equal(cstore_add_team(f->db, &f->clk, uuid, "Đội A", NULL, NULL, &no, &err), 0);
	assert_int_equal(cstore_add_team(f->db, &f->clk, uuid, "Đội B", NULL, NULL, &no, &err), 0);
	cfg.mode = CONTEST_ACCURACY;
	assert_int_equal(cstore_add_round_ids(f->db, &f->clk, uuid, &cfg, ids + 2, 1, false, &err),
			 0);
	host = open_role(f, UI_CONTEST_HOST, 0);
	display = open_role(f, UI_CONTEST_DISPLAY, 0);
	step(host, display); /* start */
	step(host, display); /* show */
	type(host, "1a2a"); /* fx-003 is true/false: A (true) is right */
	for (int i = 0; i < 5; i++)
		step(host, display); /* lock, reveal, leaderboard, next, next */
	assert_int_equal(state_now(f), CONTEST_FINISHED);
	type(host, "t");
	assert_true(shows(host, 80, 24, "Đã thêm câu hỏi phụ."));
	tick(display);
	assert_true(shows(display, 80, 24, "Câu hỏi phụ"));
	step(host, display); /* show */
	type(host, "2a");
	for (int i = 0; i < 4; i++)
		step(host, display); /* lock, reveal, leaderboard, next */
	struct contest *c = load(f);
	struct contest_standing st[2];
	contest_standings(c, st);
	assert_int_equal(st[0].team, 2);
	assert_int_equal(st[0].rank, 1);
	assert_int_equal(st[1].rank, 2);
	contest_free(&c);
	ui_free(&host);
	ui_free(&display);
}


static enum contest_state state_of(struct fx *f, const char *uuid)
{
	struct contest *c = NULL;
	char *err = NULL;
	if (cstore_load(f->db, &f->clk, uuid, &c, NULL, &err))
		fail_msg("%s", err);
	enum contest_state st = contest_state(c);
	contest_free(&c);
	return st;
}

static void cli_op(struct fx *f, const char *uuid, enum contest_op o)
{
	char *err = NULL;
	if (cstore_do(f->db, &f->clk, uuid, &(struct cstore_op){.op = o}, &err) != NK_OK)
		fail_msg("%s", err);
}

static struct contest_entry entry_of(struct fx *f, int team, int *rc)
{
	struct contest *c = load(f);
	size_t r, i;
	contest_position(c, &r, &i);
	struct contest_entry e = {0};
	*rc = contest_entry_get(c, r, i, team, 0, &e);
	contest_free(&c);
	return e;
}

/* On stage, what a host must not be able to break by accident: a second console starts
 * read-only and takes over only on purpose; a double Enter steps once, and a step meant for a
 * state that has passed is refused; `s` in the middle of a team number does nothing; undo
 * takes back only the host's own entries and can be redone; what changes shown results asks
 * first; a team terminal's arrows only move, Enter on the same answer keeps its time, and `?`
 * leaves the countdown in view; the shared keyboard ignores teams that answer another way;
 * the display tells a manual lock from time-up, writes time-up itself while the host is away,
 * and stays on its contest when a new one is made. */
static void test_stage_safety(void **state)
{
	struct fx *f = *state;
	char uuid[37], *err = NULL;
	assert_int_equal(cstore_create(f->db, &f->clk, "Hội thi", "2026-11-22", NULL,
				       CONTEST_TEAM_ANSWER, uuid, &err),
			 0);
	int no;
	for (int t = 1; t <= 4; t++) {
		char name[16];
		snprintf(name, sizeof name, "Đội %d", t);
		assert_int_equal(cstore_add_team(f->db, &f->clk, uuid, name, NULL, NULL, &no, &err),
				 0);
	}
	struct contest_round_config cfg = {CONTEST_ACCURACY, 10, 120000, false, 0};
	const char *ids[] = {"fx-001", "fx-003", "fx-001"};
	assert_int_equal(cstore_add_round_ids(f->db, &f->clk, uuid, &cfg, ids, 3, true, &err), 0);
	cfg.time_ms = 10000;
	assert_int_equal(cstore_add_round_ids(f->db, &f->clk, uuid, &cfg, ids, 1, true, &err), 0);

	/* Two consoles: the second only watches until it takes over, and then the first does. */
	struct ui *first = open_role(f, UI_CONTEST_HOST, 0);
	struct ui *host = open_role(f, UI_CONTEST_HOST, 0);
	struct ui *display = open_role(f, UI_CONTEST_DISPLAY, 0);
	assert_true(shows(host, 80, 24, "Một bàn điều khiển khác đang mở cuộc thi này"));
	step(host, display);
	assert_int_equal(state_now(f), CONTEST_SETUP);
	type(host, "T");
	assert_true(shows(host, 80, 24, "y: đồng ý"));
	type(host, "y");
	assert_true(shows(host, 80, 24, "Máy này giờ là bàn điều khiển"));
	tick(first);
	assert_true(shows(first, 80, 24, "Một bàn điều khiển khác đã nhận quyền"));
	step(first, display);
	assert_int_equal(state_now(f), CONTEST_SETUP);
	f->now += 1000;
	tick(host); /* the first still holds its lock: the second stays in charge */
	assert_false(shows_quiet(host, "đang mở cuộc thi này"));
	ui_free(&first);
	f->now += 1000;
	tick(host);

	/* A double Enter steps once. */
	step(host, display); /* start */
	ui_handle(host, act(ACT_SELECT, 0));
	assert_int_equal(state_now(f), CONTEST_READY);
	assert_true(shows(host, 80, 24, "Enter bị bấm hai lần"));
	/* Keys that cannot act now say why, in the UI language. */
	type(host, "p");
	assert_true(shows(host, 80, 24, "Chỉ tạm dừng được khi câu hỏi đang hiện."));
	type(host, "r");
	assert_true(shows(host, 80, 24, "Câu hỏi cứu trợ chỉ dùng cho vòng loại trực tiếp."));
	type(host, "t");
	assert_true(shows(host, 80, 24, "Câu hỏi phụ được thêm khi kết thúc một vòng."));
	step(host, display); /* show */
	assert_int_equal(state_now(f), CONTEST_SHOWING);

	/* `s` while a team number is typed: nothing. */
	type(host, "2s");
	assert_int_equal(state_now(f), CONTEST_SHOWING);
	assert_true(shows(host, 80, 24, "Nhập tiếp chữ cái của đáp án"));
	ui_handle(host, act(ACT_BACK, 0));

	/* Team 2 on its terminal: the arrows only move, Enter answers, Enter again keeps the
	 * time; `?` shows the keys and the countdown stays. */
	struct ui *player = open_role(f, UI_CONTEST_PLAYER, 2);
	tick(player);
	f->now += 1000;
	ui_handle(player, act(ACT_DOWN, 0));
	ui_handle(player, act(ACT_DOWN, 0));
	int rc;
	entry_of(f, 2, &rc);
	assert_int_equal(rc, NK_ENOENT);
	ui_handle(player, act(ACT_SELECT, 0)); /* the second option: B */
	struct contest_entry e = entry_of(f, 2, &rc);
	assert_int_equal(rc, NK_OK);
	assert_int_equal(e.mask, 2u);
	assert_int_equal(e.ms, 1000);
	f->now += 2000;
	ui_handle(player, act(ACT_SELECT, 0));
	ui_handle(player, act(ACT_CHOICE, 2));
	e = entry_of(f, 2, &rc);
	assert_int_equal(e.ms, 1000);
	ui_handle(player, act(ACT_CHAR, '?'));
	assert_string_equal(ui_screen_name(player), "contest-player");
	assert_true(shows(player, 80, 24, "mũi tên: di chuyển"));
	assert_true(shows(player, 80, 24, "117 s"));

	type(host, "1d");
	assert_true(shows(host, 80, 24, "Câu này chỉ có 3 phương án (A–C)."));
	/* Undo: the host's own entries only, newest first, named; and redo. */
	type(host, "1a3b");
	type(host, "u");
	assert_true(shows(host, 80, 24, "Đã hoàn tác: câu 1, đội 3: B → –"));
	type(host, "u");
	assert_true(shows(host, 80, 24, "Đã hoàn tác: câu 1, đội 1: A → –"));
	type(host, "u");
	assert_true(shows(host, 80, 24, "Không có gì để hoàn tác"));
	e = entry_of(f, 2, &rc);
	assert_int_equal(rc, NK_OK); /* team 2's own answer stays */
	type(host, "U");
	assert_true(shows(host, 80, 24, "Đã làm lại: câu 1, đội 1: – → A"));
	entry_of(f, 1, &rc);
	assert_int_equal(rc, NK_OK);

	/* Team 4 answers by its terminal: the shared keyboard's keys for it are ignored, and
	 * shown as such. */
	struct ui *keyboard = open_role(f, UI_CONTEST_KEYBOARD, 0);
	type(host, "4i");
	assert_true(shows(host, 80, 24, "Đội 4 trả lời bằng: máy riêng của đội"));
	tick(keyboard);
	type(keyboard, "z");
	assert_true(shows(keyboard, 80, 24, "Bỏ qua phím: đội 4 trả lời bằng máy riêng của đội."));
	entry_of(f, 4, &rc);
	assert_int_equal(rc, NK_ENOENT);
	type(keyboard, "a"); /* team 3 (asdf): A */
	entry_of(f, 3, &rc);
	assert_int_equal(rc, NK_OK);

	/* A late team joins while the question runs, and a name is corrected. */
	type(host, "n");
	assert_true(shows(host, 80, 24, "Đội mới"));
	fill_form(host, (const char *const[]){"Doi muon", NULL, NULL}, 3);
	assert_true(shows(host, 80, 24, "Đã thêm đội 5: Doi muon"));
	type(host, "5n");
	fill_form(host, (const char *const[]){"Doi nam"}, 1);
	struct contest *named = load(f);
	assert_string_equal(contest_team_name(named, 5), "Doi nam");
	contest_free(&named);
	type(host, "5a");
	entry_of(f, 5, &rc);
	assert_int_equal(rc, NK_OK);
	type(host, "u");
	entry_of(f, 5, &rc);
	assert_int_equal(rc, NK_ENOENT);
	/* A step meant for a state that has passed: another process locked meanwhile. */
	cli_op(f, uuid, CONTEST_OP_LOCK);
	f->now += 400;
	ui_handle(host, act(ACT_SELECT, 0)); /* meant for "lock", the console not yet updated */
	assert_int_equal(state_now(f), CONTEST_LOCKED);
	assert_true(shows(host, 80, 24, "Chưa làm: cuộc thi đã sang bước khác"));
	tick(display);
	assert_true(shows(display, 80, 24, "Người dẫn chương trình đã khóa câu trả lời."));

	/* Undo after the lock asks first; no leaves it, y does it. */
	type(host, "u");
	assert_true(shows(host, 80, 24, "Câu trả lời đã bị khóa. Hoàn tác câu 1, đội 1: A → –?"));
	type(host, "n");
	assert_true(shows(host, 80, 24, "Chưa làm."));
	entry_of(f, 1, &rc);
	assert_int_equal(rc, NK_OK);
	type(host, "u");
	type(host, "y");
	entry_of(f, 1, &rc);
	assert_int_equal(rc, NK_ENOENT);

	/* Skip after the reveal asks first. */
	step(host, display); /* reveal */
	type(host, "s");
	assert_true(shows(host, 80, 24, "Bỏ qua câu này sau khi đã công bố đáp án?"));
	ui_handle(host, act(ACT_BACK, 0));
	assert_int_equal(state_now(f), CONTEST_REVEALED);
	step(host, display); /* leaderboard */
	/* Ending the round early asks first, and the display says so. */
	type(host, "k");
	assert_int_equal(state_now(f), CONTEST_LEADERBOARD);
	type(host, "y");
	assert_int_equal(state_now(f), CONTEST_ROUND_END);
	tick(display);
	assert_true(shows(display, 80, 24, "Vòng 1 đã kết thúc sớm"));

	/* A new contest in the same database does not take the display over. */
	char other[37];
	f->now += 1000;
	assert_int_equal(cstore_create(f->db, &f->clk, "Cuộc thi khác", "2026-11-23", NULL,
				       CONTEST_TEAM_ANSWER, other, &err),
			 0);
	tick(display);
	assert_false(shows_quiet(display, "Cuộc thi khác"));
	/* A display started now (after a crash) follows the contest under way too. */
	struct ui *late = open_role(f, UI_CONTEST_DISPLAY, 0);
	assert_true(shows(late, 80, 24, "Kết thúc vòng 1"));
	ui_free(&late);

	/* Round 2: the host's console goes away; the display writes time-up. */
	step(host, display); /* next round */
	step(host, display); /* show */
	ui_free(&host);
	f->now += 10001;
	tick(display);
	assert_int_equal(state_of(f, uuid), CONTEST_LOCKED);
	tick(display);
	assert_true(shows(display, 80, 24, "Hết giờ"));
	tick(player); /* nothing more to write: the player finds it locked */
	assert_int_equal(state_of(f, uuid), CONTEST_LOCKED);
	ui_free(&keyboard);
	ui_free(&player);
	ui_free(&display);
}

/* Twelve teams at 80x24: the console shows every team (in two columns) and the question on
 * up to three lines. */
static void test_twelve_teams(void **state)
{
	struct fx *f = *state;
	char uuid[37], *err = NULL;
	assert_int_equal(cstore_create(f->db, &f->clk, "Hội thi", "2026-11-22", NULL,
				       CONTEST_TEAM_ANSWER, uuid, &err),
			 0);
	int no;
	for (int t = 1; t <= 12; t++) {
		char name[32];
		snprintf(name, sizeof name, "Bản số %d", t);
		assert_int_equal(cstore_add_team(f->db, &f->clk, uuid, name, NULL, NULL, &no, &err),
				 0);
	}
	struct contest_round_config cfg = {CONTEST_ACCURACY, 10, 30000, false, 0};
	const char *ids[] = {"fx-001"};
	assert_int_equal(cstore_add_round_ids(f->db, &f->clk, uuid, &cfg, ids, 1, true, &err), 0);
	struct ui *host = open_role(f, UI_CONTEST_HOST, 0);
	struct ui *display = open_role(f, UI_CONTEST_DISPLAY, 0);
	step(host, display);
	step(host, display);
	for (int t = 1; t <= 12; t++) {
		char name[32];
		snprintf(name, sizeof name, "Bản số %d", t);
		assert_true(shows(host, 80, 24, name));
	}
	assert_true(shows(host, 80, 24, "C   Năm sao"));
	ui_free(&host);
	ui_free(&display);
}
/* A round with a reading time: the screens say the question is being read and when answers
 * open; a team terminal's key waits; then the countdown runs and answers are taken. */
static void test_reading_screens(void **state)
{
	struct fx *f = *state;
	char uuid[37], *err = NULL;
	assert_int_equal(cstore_create(f->db, &f->clk, "Hội thi", "2026-11-22", NULL,
				       CONTEST_TEAM_ANSWER, uuid, &err),
			 0);
	int no;
	assert_int_equal(cstore_add_team(f->db, &f->clk, uuid, "Đội 1", NULL, NULL, &no, &err), 0);
	struct contest_round_config cfg = {CONTEST_ACCURACY, 10, 20000, false, 8000};
	const char *ids[] = {"fx-001"};
	assert_int_equal(cstore_add_round_ids(f->db, &f->clk, uuid, &cfg, ids, 1, false, &err), 0);
	struct ui *host = open_role(f, UI_CONTEST_HOST, 0);
	struct ui *display = open_role(f, UI_CONTEST_DISPLAY, 0);
	struct ui *player = open_role(f, UI_CONTEST_PLAYER, 1);
	step(host, display); /* start */
	step(host, display); /* show */
	f->now += 3000;
	tick(display);
	tick(player);
	assert_true(shows(display, 160, 45, "Đọc câu hỏi: còn 5 s nữa mở trả lời"));
	assert_true(shows(player, 80, 24, "Đọc câu hỏi: còn 5 s nữa mở trả lời"));
	ui_handle(player, act(ACT_CHOICE, 1));
	assert_true(shows(player, 80, 24, "Chờ đã: hết thời gian đọc mới trả lời được."));
	f->now += 5000;
	tick(player);
	tick(display);
	assert_true(shows(display, 80, 24, "20 s"));
	ui_handle(player, act(ACT_CHOICE, 1));
	assert_true(shows(player, 80, 24, "Đội của bạn chọn: A"));
	ui_free(&player);
	ui_free(&host);
	ui_free(&display);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_event_day, setup, teardown),
		cmocka_unit_test_setup_teardown(test_host_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_host_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stage_safety, setup, teardown),
		cmocka_unit_test_setup_teardown(test_twelve_teams, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reading_screens, setup, teardown),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free_languages();
	return r;
}
