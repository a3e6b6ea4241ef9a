/* Tests for quizzes/contest: every transition of the contest state machine and every call it
 * must refuse in the wrong state, each scoring mode (accuracy, speed, elimination with rescue),
 * member sums against team answers, skip, undo and corrections, tie-breaks, the podium, the log,
 * and the saved state, reloaded before every single operation of whole contests. Time comes
 * from a manual clock. They test the machine only, not the database or the screens. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/util.h"
#include "quizzes/contest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OK(x) assert_int_equal((x), NK_OK)

enum { A = 1u, B = 2u, C = 4u, D = 8u };

/* Question i has its right option at bank position i % 4: q-a → A, q-b → B, … */
static const struct contest_question Q[] = {
	{"q-a", 4, A, false},
	{"q-b", 4, B, false},
	{"q-c", 4, C, false},
	{"q-d", 4, D, false},
};

static struct contest *make(const struct clock *clk, enum contest_answering answering,
			    int nteams, int members)
{
	struct contest *c = NULL;
	char *err = NULL;
	OK(contest_new("Hội thi nông thôn mới", answering, 7, clk, &c, &err));
	assert_null(err);
	for (int t = 1; t <= nteams; t++) {
		char name[32];
		snprintf(name, sizeof name, "Đội %d", t);
		assert_int_equal(contest_add_team(c, name, members, NULL), t);
	}
	return c;
}

static void round_of(struct contest *c, enum contest_mode mode, int points, int64_t ms,
		     size_t first, size_t n)
{
	struct contest_round_config cfg = {mode, points, ms, false, 0};
	int want = (int)contest_nrounds(c);
	assert_int_equal(contest_add_round(c, &cfg, Q + first, n, NULL), want);
}

static void answer(struct contest *c, int team, int member, unsigned mask)
{
	char *err = NULL;
	int rc = contest_answer(c, team, member, mask, CONTEST_SRC_TEAM, &err);
	if (rc != NK_OK)
		fail_msg("team %d (%d) answer %#x: %s", team, member, mask, err);
}

/* Refused, with a message, and the message freed. */
static void refused(int rc, char **err)
{
	assert_true(rc < 0);
	assert_non_null(*err);
	free(*err);
	*err = NULL;
}

static void after_lock(struct contest *c)
{
	OK(contest_reveal(c, NULL));
	OK(contest_leaderboard(c, NULL));
	OK(contest_next(c, NULL));
}

static void finish_question(struct contest *c)
{
	OK(contest_lock(c, NULL));
	after_lock(c);
}

static long long score(const struct contest *c, int team)
{
	struct contest_standing st[CONTEST_MAX_TEAMS];
	size_t n = contest_standings(c, st);
	for (size_t i = 0; i < n; i++)
		if (st[i].team == team)
			return st[i].score;
	fail_msg("no team %d in the standings", team);
	return -1;
}

static long long points(const struct contest *c, size_t r, size_t q, int team, int member)
{
	struct contest_entry e;
	OK(contest_entry_get(c, r, q, team, member, &e));
	return e.points;
}

static const struct contest_log *last_log(const struct contest *c)
{
	assert_true(contest_log_count(c) > 0);
	return contest_log_at(c, contest_log_count(c) - 1);
}

static void assert_position(const struct contest *c, enum contest_state s, size_t r, size_t q)
{
	size_t gr, gq;
	contest_position(c, &gr, &gq);
	assert_string_equal(contest_state_name(contest_state(c)), contest_state_name(s));
	assert_int_equal(gr, r);
	assert_int_equal(gq, q);
}

/* The wrong-state table: every operation, with arguments that are fine in the right state. */
static int op_start(struct contest *c, char **err)
{
	return contest_start(c, err);
}
static int op_answer(struct contest *c, char **err)
{
	return contest_answer(c, 1, 0, A, CONTEST_SRC_TEAM, err);
}
static int op_retract(struct contest *c, char **err)
{
	return contest_retract(c, 1, 0, CONTEST_SRC_HOST, err);
}
static int op_correct(struct contest *c, char **err)
{
	size_t r, q;
	contest_position(c, &r, &q);
	return contest_correct(c, (int)r, (int)q, 1, 0, A, err);
}
static int op_tiebreak(struct contest *c, char **err)
{
	return contest_add_tiebreak(c, &Q[0], err);
}
static int op_add_team(struct contest *c, char **err)
{
	int rc = contest_add_team(c, "Đội muộn", 1, err);
	return rc < 0 ? rc : NK_OK;
}
static int op_add_round(struct contest *c, char **err)
{
	struct contest_round_config cfg = {CONTEST_ACCURACY, 0, 0, false, 0};
	int rc = contest_add_round(c, &cfg, Q, 1, err);
	return rc < 0 ? rc : NK_OK;
}

enum {
	O_START, O_SHOW, O_LOCK, O_REVEAL, O_LEADER, O_NEXT, O_PAUSE, O_RESUME, O_SKIP, O_RESCUE,
	O_TIEBREAK, O_ANSWER, O_RETRACT, O_CORRECT, O_ADD_TEAM, O_ADD_ROUND
};

static const struct {
	const char *name;
	int (*fn)(struct contest *c, char **err);
} OPS[] = {
	[O_START] = {"start", op_start},
	[O_SHOW] = {"show", contest_show},
	[O_LOCK] = {"lock", contest_lock},
	[O_REVEAL] = {"reveal", contest_reveal},
	[O_LEADER] = {"leaderboard", contest_leaderboard},
	[O_NEXT] = {"next", contest_next},
	[O_PAUSE] = {"pause", contest_pause},
	[O_RESUME] = {"resume", contest_resume},
	[O_SKIP] = {"skip", contest_skip},
	[O_RESCUE] = {"rescue", contest_rescue},
	[O_TIEBREAK] = {"tiebreak", op_tiebreak},
	[O_ANSWER] = {"answer", op_answer},
	[O_RETRACT] = {"retract", op_retract},
	[O_CORRECT] = {"correct", op_correct},
	[O_ADD_TEAM] = {"add team", op_add_team},
	[O_ADD_ROUND] = {"add round", op_add_round},
};

#define OPB(o) (1u << (o))

/* Every operation outside `allowed` is refused with a message and leaves the whole saved state,
 * log included, byte for byte as it was. */
static void only(struct contest *c, unsigned allowed)
{
	char *before = NULL, *after = NULL;
	OK(contest_state_save(c, &before));
	for (size_t k = 0; k < NK_ARRAY_LEN(OPS); k++) {
		if (allowed & OPB(k))
			continue;
		char *err = NULL;
		int rc = OPS[k].fn(c, &err);
		if (rc >= 0)
			fail_msg("%s accepted in state %s", OPS[k].name,
				 contest_state_name(contest_state(c)));
		assert_non_null(err);
		free(err);
		OK(contest_state_save(c, &after));
		if (strcmp(before, after) != 0)
			fail_msg("refused %s changed the state", OPS[k].name);
		free(after);
	}
	free(before);
}

static void test_setup_refusals(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest *c = NULL;
	char *err = NULL;
	refused(contest_new(NULL, CONTEST_TEAM_ANSWER, 1, &clk, &c, &err), &err);
	refused(contest_new("x", CONTEST_TEAM_ANSWER, 1, NULL, &c, &err), &err);
	refused(contest_new("x", (enum contest_answering)9, 1, &clk, &c, &err), &err);
	assert_null(c);
	OK(contest_new("x", CONTEST_MEMBER_SUM, 1, &clk, &c, NULL));
	assert_int_equal(contest_state(c), CONTEST_SETUP);
	assert_int_equal(contest_remaining_ms(c), -1);

	refused(contest_start(c, &err), &err); /* no teams, no rounds */
	refused(contest_add_team(c, "", 2, &err), &err);
	refused(contest_add_team(c, NULL, 2, &err), &err);
	refused(contest_add_team(c, "Đội", CONTEST_MAX_MEMBERS + 1, &err), &err);
	refused(contest_add_team(c, "Đội", -1, &err), &err);
	assert_int_equal(contest_add_team(c, "Đội 1", 0, NULL), 1); /* 0 members means 1 */
	assert_int_equal(contest_team_members(c, 1), 1);
	assert_int_equal(contest_add_team(c, "Đội 2", 3, NULL), 2);
	assert_string_equal(contest_team_name(c, 2), "Đội 2");
	assert_null(contest_team_name(c, 3));
	assert_int_equal(contest_team_members(c, 0), NK_EINVAL);
	refused(contest_start(c, &err), &err); /* still no rounds */

	struct contest_round_config ok = {CONTEST_ACCURACY, 0, 0, false, 0};
	struct contest_round_config speed0 = {CONTEST_SPEED, 0, 0, false, 0};
	struct contest_round_config neg = {CONTEST_ACCURACY, 0, -5, false, 0};
	struct contest_round_config huge = {CONTEST_ACCURACY, CONTEST_MAX_POINTS + 1, 0, false, 0};
	struct contest_round_config mode = {(enum contest_mode)7, 0, 0, false, 0};
	refused(contest_add_round(c, &speed0, Q, 1, &err), &err);
	refused(contest_add_round(c, &neg, Q, 1, &err), &err);
	refused(contest_add_round(c, &huge, Q, 1, &err), &err);
	refused(contest_add_round(c, &mode, Q, 1, &err), &err);
	refused(contest_add_round(c, &ok, Q, 0, &err), &err);
	refused(contest_add_round(c, NULL, Q, 1, &err), &err);
	struct contest_question bad[] = {
		{"few", 1, A, false},  {"many", 9, A, false}, {"none", 4, 0, false},
		{"beyond", 2, C, false}, {NULL, 4, A, false}, {"", 4, A, false},
	};
	for (size_t i = 0; i < NK_ARRAY_LEN(bad); i++)
		refused(contest_add_round(c, &ok, &bad[i], 1, &err), &err);
	assert_int_equal(contest_nrounds(c), 0);
	assert_int_equal(contest_add_round(c, &ok, Q, 2, NULL), 0);
	struct contest_round_config got;
	OK(contest_round_info(c, 0, &got));
	assert_int_equal(got.points, CONTEST_DEFAULT_POINTS);
	assert_int_equal(contest_round_info(c, 1, &got), NK_EINVAL);
	assert_int_equal(contest_round_questions(c, 0), 2);
	assert_int_equal(contest_round_questions(c, 1), 0);
	OK(contest_start(c, NULL));
	assert_int_equal(contest_add_team(c, "Đội 3", 1, NULL), 3); /* late, but welcome */
	assert_int_equal(contest_nteams(c), 3);
	contest_free(&c);
	assert_null(c);
	contest_free(&c);
}

/* A two-round contest walked through every state, each time trying every operation the state
 * must refuse. */
static void test_transitions(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest *c = make(&clk, CONTEST_TEAM_ANSWER, 2, 1);
	round_of(c, CONTEST_ACCURACY, 0, 30000, 0, 2);
	round_of(c, CONTEST_ACCURACY, 0, 30000, 2, 1);

	/* A late team may join in every state but the last (tested on its own below). */
	unsigned late = OPB(O_ADD_TEAM);
	unsigned ready = OPB(O_SHOW) | OPB(O_SKIP) | OPB(O_RESCUE) | late;
	unsigned showing = OPB(O_LOCK) | OPB(O_PAUSE) | OPB(O_SKIP) | OPB(O_ANSWER) |
			   OPB(O_RETRACT) | OPB(O_CORRECT) | late;
	unsigned paused = OPB(O_LOCK) | OPB(O_RESUME) | OPB(O_SKIP) | OPB(O_RETRACT) |
			  OPB(O_CORRECT) | late;
	unsigned locked = OPB(O_REVEAL) | OPB(O_SKIP) | OPB(O_RETRACT) | OPB(O_CORRECT) | late;
	unsigned revealed = OPB(O_LEADER) | OPB(O_SKIP) | OPB(O_CORRECT) | late;
	unsigned leader = OPB(O_NEXT) | OPB(O_CORRECT) | late;
	unsigned round_end = OPB(O_NEXT) | OPB(O_TIEBREAK) | OPB(O_CORRECT) | late;
	unsigned finished = OPB(O_TIEBREAK) | OPB(O_CORRECT);

	assert_position(c, CONTEST_SETUP, 0, 0);
	only(c, OPB(O_START) | OPB(O_ADD_TEAM) | OPB(O_ADD_ROUND));
	OK(contest_start(c, NULL));
	for (size_t r = 0; r < 2; r++) {
		size_t nq = r == 0 ? 2 : 1;
		for (size_t q = 0; q < nq; q++) {
			assert_position(c, CONTEST_READY, r, q);
			assert_int_equal(contest_remaining_ms(c), 30000);
			assert_int_equal(contest_elapsed_ms(c), 0);
			only(c, ready);
			OK(contest_show(c, NULL));
			assert_position(c, CONTEST_SHOWING, r, q);
			only(c, showing);
			now += 1000;
			assert_int_equal(contest_remaining_ms(c), 29000);
			OK(contest_pause(c, NULL));
			assert_true(contest_paused(c));
			assert_position(c, CONTEST_SHOWING, r, q);
			only(c, paused);
			OK(contest_resume(c, NULL));
			assert_false(contest_paused(c));
			OK(contest_lock(c, NULL));
			assert_position(c, CONTEST_LOCKED, r, q);
			assert_int_equal(contest_remaining_ms(c), 0);
			assert_int_equal(contest_elapsed_ms(c), 1000);
			only(c, locked);
			OK(contest_reveal(c, NULL));
			assert_position(c, CONTEST_REVEALED, r, q);
			only(c, revealed);
			OK(contest_leaderboard(c, NULL));
			assert_position(c, CONTEST_LEADERBOARD, r, q);
			only(c, leader);
			OK(contest_next(c, NULL));
		}
		assert_position(c, CONTEST_ROUND_END, r, nq - 1);
		only(c, round_end);
		OK(contest_next(c, NULL));
	}
	assert_position(c, CONTEST_FINISHED, 1, 0);
	only(c, finished);
	assert_string_equal(contest_state_name((enum contest_state)99), "?");
	assert_string_equal(contest_state_name(CONTEST_ROUND_END), "round-end");
	contest_free(&c);
}

static void test_accuracy_scoring(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest *c = make(&clk, CONTEST_TEAM_ANSWER, 3, 1);
	round_of(c, CONTEST_ACCURACY, 0, 0, 0, 2);
	round_of(c, CONTEST_ACCURACY, 25, 0, 2, 1);
	OK(contest_start(c, NULL));
	assert_int_equal(contest_remaining_ms(c), -1); /* no limit */

	OK(contest_show(c, NULL));
	answer(c, 1, 0, A);
	answer(c, 2, 0, B);
	now += 100000; /* no limit: nothing expires */
	assert_false(contest_tick(c));
	answer(c, 3, 0, A);
	OK(contest_lock(c, NULL));
	/* Nothing scores before the reveal, so the leaderboard cannot leak the answer. */
	assert_int_equal(score(c, 1), 0);
	assert_int_equal(points(c, 0, 0, 1, 0), 0);
	OK(contest_reveal(c, NULL));
	assert_int_equal(score(c, 1), 10);
	assert_int_equal(score(c, 2), 0);
	assert_int_equal(score(c, 3), 10);
	struct contest_entry e;
	OK(contest_entry_get(c, 0, 0, 2, 0, &e));
	assert_false(e.right);
	assert_int_equal(e.mask, B);
	assert_int_equal(e.source, CONTEST_SRC_TEAM);
	OK(contest_leaderboard(c, NULL));
	OK(contest_next(c, NULL));

	OK(contest_show(c, NULL));
	answer(c, 2, 0, B);
	finish_question(c);
	assert_int_equal(contest_entry_get(c, 0, 1, 1, 0, &e), NK_ENOENT);
	assert_int_equal(contest_entry_get(c, 0, 1, 9, 0, &e), NK_EINVAL);
	assert_int_equal(contest_entry_get(c, 0, 5, 1, 0, &e), NK_EINVAL);
	OK(contest_next(c, NULL)); /* round end → round 2, 25 points */
	OK(contest_show(c, NULL));
	answer(c, 3, 0, C);
	finish_question(c);
	assert_int_equal(score(c, 1), 10);
	assert_int_equal(score(c, 2), 10);
	assert_int_equal(score(c, 3), 35);
	contest_free(&c);
}

static void test_multi_answer(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest_question mq = {"multi", 4, A | C, true};
	struct contest_question sq = {"single", 4, A | C, false};
	struct contest *c = make(&clk, CONTEST_TEAM_ANSWER, 3, 1);
	struct contest_round_config cfg = {CONTEST_ACCURACY, 0, 0, false, 0};
	OK(contest_add_round(c, &cfg, &mq, 1, NULL));
	assert_int_equal(contest_add_round(c, &cfg, &sq, 1, NULL), 1);
	OK(contest_start(c, NULL));
	OK(contest_show(c, NULL));
	answer(c, 1, 0, A | C);
	answer(c, 2, 0, A);         /* part of it: wrong */
	answer(c, 3, 0, A | B | C); /* more than it: wrong */
	char *err = NULL;
	refused(contest_answer(c, 1, 0, 0, CONTEST_SRC_TEAM, &err), &err);
	refused(contest_answer(c, 1, 0, 16, CONTEST_SRC_TEAM, &err), &err);
	finish_question(c);
	assert_int_equal(score(c, 1), 10);
	assert_int_equal(score(c, 2), 0);
	assert_int_equal(score(c, 3), 0);
	OK(contest_next(c, NULL));
	OK(contest_show(c, NULL));
	refused(contest_answer(c, 1, 0, A | C, CONTEST_SRC_TEAM, &err), &err); /* one only */
	answer(c, 1, 0, C); /* either right option is right */
	answer(c, 2, 0, B);
	finish_question(c);
	assert_int_equal(score(c, 1), 20);
	assert_int_equal(score(c, 2), 0);
	contest_free(&c);
}

/* Speed: 1000 points, 20 s. Full at 0 ms, 750 at half time, 500 at the limit, refused after. */
static void test_speed_scoring(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest *c = make(&clk, CONTEST_TEAM_ANSWER, 4, 1);
	round_of(c, CONTEST_SPEED, 1000, 20000, 0, 3);
	round_of(c, CONTEST_SPEED, 0, 20000, 0, 1); /* default 10 points: rounding */
	OK(contest_start(c, NULL));
	OK(contest_show(c, NULL));
	answer(c, 1, 0, A);
	now += 10000;
	answer(c, 2, 0, A);
	now += 10000;
	assert_int_equal(contest_remaining_ms(c), 0);
	assert_false(contest_tick(c)); /* the limit itself is still in time */
	answer(c, 3, 0, A);
	now += 1;
	char *err = NULL;
	refused(contest_answer(c, 4, 0, A, CONTEST_SRC_TEAM, &err), &err);
	assert_int_equal(contest_state(c), CONTEST_LOCKED); /* the late key locked it */
	assert_string_equal(last_log(c)->who, "timer");
	assert_int_equal(last_log(c)->op, CONTEST_OP_LOCK);
	assert_int_equal(last_log(c)->ms, 20000);
	struct contest_qinfo qi;
	OK(contest_question_info(c, 0, 0, &qi));
	assert_int_equal(qi.locked_ms, 20000);
	OK(contest_reveal(c, NULL));
	assert_int_equal(points(c, 0, 0, 1, 0), 1000);
	assert_int_equal(points(c, 0, 0, 2, 0), 750);
	assert_int_equal(points(c, 0, 0, 3, 0), 500);
	struct contest_entry e;
	assert_int_equal(contest_entry_get(c, 0, 0, 4, 0, &e), NK_ENOENT);
	OK(contest_leaderboard(c, NULL));
	OK(contest_next(c, NULL));

	/* A pause in between: the paused minute is not counted. */
	OK(contest_show(c, NULL));
	now += 4000;
	OK(contest_pause(c, NULL));
	now += 60000;
	assert_int_equal(contest_remaining_ms(c), 16000);
	assert_int_equal(contest_elapsed_ms(c), 4000);
	assert_false(contest_tick(c)); /* paused: nothing runs out */
	refused(contest_answer(c, 1, 0, B, CONTEST_SRC_TEAM, &err), &err);
	OK(contest_resume(c, NULL));
	now += 6000;
	answer(c, 1, 0, B); /* 10 s of countdown: 750 */
	now += 10000;
	answer(c, 2, 0, B); /* exactly the limit: 500 */
	now += 1;
	assert_true(contest_tick(c));
	assert_int_equal(contest_state(c), CONTEST_LOCKED);
	OK(contest_reveal(c, NULL));
	assert_int_equal(points(c, 0, 1, 1, 0), 750);
	assert_int_equal(points(c, 0, 1, 2, 0), 500);
	OK(contest_leaderboard(c, NULL));
	OK(contest_next(c, NULL));

	/* A wrong answer earns nothing however fast it came. */
	OK(contest_show(c, NULL));
	answer(c, 1, 0, A);
	finish_question(c);
	assert_int_equal(points(c, 0, 2, 1, 0), 0);
	OK(contest_next(c, NULL));

	/* 10 points: 10 at 0 ms, 8 at half time (7.5 rounds half up), 5 at the limit. */
	OK(contest_show(c, NULL));
	answer(c, 1, 0, A);
	now += 10000;
	answer(c, 2, 0, A);
	now += 10000;
	answer(c, 3, 0, A);
	finish_question(c);
	assert_int_equal(points(c, 1, 0, 1, 0), 10);
	assert_int_equal(points(c, 1, 0, 2, 0), 8);
	assert_int_equal(points(c, 1, 0, 3, 0), 5);
	assert_int_equal(score(c, 1), 1760);
	assert_int_equal(score(c, 2), 1258);
	assert_int_equal(score(c, 3), 505);
	assert_int_equal(score(c, 4), 0);
	contest_free(&c);
}

static void test_pause_resume(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest *c = make(&clk, CONTEST_TEAM_ANSWER, 2, 1);
	round_of(c, CONTEST_ACCURACY, 0, 10000, 0, 3);
	OK(contest_start(c, NULL));
	OK(contest_show(c, NULL));
	char *err = NULL;
	refused(contest_resume(c, &err), &err); /* not paused */
	now += 2000;
	OK(contest_pause(c, NULL));
	refused(contest_pause(c, &err), &err); /* already */
	now += 5000;
	OK(contest_resume(c, NULL));
	now += 3000;
	OK(contest_pause(c, NULL));
	now += 7000;
	OK(contest_resume(c, NULL));
	assert_int_equal(contest_elapsed_ms(c), 5000); /* two pauses, both left out */
	assert_int_equal(contest_remaining_ms(c), 5000);
	now += 1000;
	answer(c, 1, 0, A);
	struct contest_entry e;
	OK(contest_entry_get(c, 0, 0, 1, 0, &e));
	assert_int_equal(e.ms, 6000);
	now += 1000;
	OK(contest_pause(c, NULL));
	now += 50000;
	OK(contest_lock(c, NULL)); /* locking while paused keeps the paused countdown */
	assert_false(contest_paused(c));
	assert_int_equal(contest_elapsed_ms(c), 7000);
	after_lock(c);

	/* A pause asked for after the limit, before the tick noticed: the question locks. */
	OK(contest_show(c, NULL));
	now += 10001;
	refused(contest_pause(c, &err), &err);
	assert_int_equal(contest_state(c), CONTEST_LOCKED);
	assert_int_equal(contest_elapsed_ms(c), 10000);
	after_lock(c);

	/* The wall clock stepped back: no negative time. */
	OK(contest_show(c, NULL));
	now -= 5000;
	assert_int_equal(contest_elapsed_ms(c), 0);
	answer(c, 2, 0, C);
	OK(contest_entry_get(c, 0, 2, 2, 0, &e));
	assert_int_equal(e.ms, 0);
	contest_free(&c);
}

/* Elimination: 3 teams, 4 questions, then an accuracy round where everyone is back. */
static void test_elimination_rescue(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest *c = make(&clk, CONTEST_TEAM_ANSWER, 3, 1);
	round_of(c, CONTEST_ELIMINATION, 0, 0, 0, 4);
	round_of(c, CONTEST_ACCURACY, 0, 0, 0, 1);
	round_of(c, CONTEST_ELIMINATION, 0, 0, 1, 1);
	OK(contest_start(c, NULL));
	char *err = NULL;
	refused(contest_rescue(c, &err), &err); /* no one is out yet */

	OK(contest_show(c, NULL)); /* q-a */
	answer(c, 1, 0, A);
	answer(c, 2, 0, B); /* wrong: out */
	answer(c, 3, 0, A);
	assert_false(contest_eliminated(c, 2, 0)); /* not before the reveal */
	finish_question(c);
	assert_true(contest_eliminated(c, 2, 0));
	assert_false(contest_eliminated(c, 1, 0));
	assert_false(contest_eligible(c, 2, 0));
	assert_true(contest_eligible(c, 3, 0));

	OK(contest_show(c, NULL)); /* q-b */
	refused(contest_answer(c, 2, 0, B, CONTEST_SRC_HOST, &err), &err);
	answer(c, 1, 0, B);
	/* team 3 gives no answer: out as well */
	OK(contest_lock(c, NULL));
	OK(contest_reveal(c, NULL));
	struct contest_stats st;
	OK(contest_question_stats(c, 0, 1, &st));
	assert_int_equal(st.eligible, 2);
	assert_int_equal(st.answered, 1);
	assert_int_equal(st.right, 1);
	OK(contest_leaderboard(c, NULL));
	OK(contest_next(c, NULL));
	assert_true(contest_eliminated(c, 3, 0));

	OK(contest_rescue(c, NULL)); /* q-c is a rescue: only teams 2 and 3 answer */
	refused(contest_rescue(c, &err), &err);
	struct contest_qinfo qi;
	OK(contest_question_info(c, 0, 2, &qi));
	assert_true(qi.rescue);
	assert_false(contest_eligible(c, 1, 0));
	assert_true(contest_eligible(c, 2, 0));
	OK(contest_show(c, NULL));
	refused(contest_answer(c, 1, 0, C, CONTEST_SRC_TEAM, &err), &err);
	answer(c, 2, 0, C);
	answer(c, 3, 0, A);
	finish_question(c);
	assert_false(contest_eliminated(c, 2, 0)); /* back in */
	assert_true(contest_eliminated(c, 3, 0));  /* wrong again: still out */
	assert_int_equal(points(c, 0, 2, 2, 0), 0); /* a rescue buys the way back only */

	OK(contest_show(c, NULL)); /* q-d */
	answer(c, 2, 0, D);
	refused(contest_answer(c, 3, 0, D, CONTEST_SRC_TEAM, &err), &err);
	finish_question(c);
	assert_true(contest_eliminated(c, 1, 0)); /* no answer to q-d */
	assert_int_equal(score(c, 1), 20);
	assert_int_equal(score(c, 2), 10);
	assert_int_equal(score(c, 3), 10);

	OK(contest_next(c, NULL)); /* a new round: everyone is back */
	assert_false(contest_eliminated(c, 3, 0));
	refused(contest_rescue(c, &err), &err); /* not an elimination round */
	OK(contest_show(c, NULL));
	answer(c, 3, 0, A);
	finish_question(c);
	assert_int_equal(score(c, 3), 20);

	/* Another elimination round: teams out of the first one play and score again. */
	OK(contest_next(c, NULL));
	OK(contest_show(c, NULL));
	answer(c, 1, 0, B);
	answer(c, 3, 0, B);
	finish_question(c);
	assert_int_equal(score(c, 1), 30);
	assert_int_equal(score(c, 3), 30);
	assert_true(contest_eliminated(c, 2, 0));
	contest_free(&c);
}

static void test_member_sum_vs_team_answer(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	char *err = NULL;

	struct contest *m = make(&clk, CONTEST_MEMBER_SUM, 2, 3);
	round_of(m, CONTEST_ACCURACY, 0, 0, 0, 1);
	OK(contest_start(m, NULL));
	OK(contest_show(m, NULL));
	answer(m, 1, 0, A);
	answer(m, 1, 1, A);
	answer(m, 1, 2, B);
	answer(m, 2, 2, A);
	refused(contest_answer(m, 1, 3, A, CONTEST_SRC_TEAM, &err), &err); /* 3 members: 0-2 */
	refused(contest_answer(m, 1, -1, A, CONTEST_SRC_TEAM, &err), &err);
	OK(contest_lock(m, NULL));
	OK(contest_reveal(m, NULL));
	assert_int_equal(score(m, 1), 20);
	assert_int_equal(score(m, 2), 10);
	struct contest_stats st;
	OK(contest_question_stats(m, 0, 0, &st));
	assert_int_equal(st.eligible, 6); /* members, not teams */
	assert_int_equal(st.answered, 4);
	assert_int_equal(st.right, 3);
	assert_int_equal(st.counts[0], 3);
	assert_int_equal(st.counts[1], 1);
	assert_int_equal(st.counts[2], 0);
	assert_int_equal(st.correct, A);
	contest_free(&m);

	struct contest *t = make(&clk, CONTEST_TEAM_ANSWER, 2, 3);
	round_of(t, CONTEST_ACCURACY, 0, 0, 0, 1);
	OK(contest_start(t, NULL));
	OK(contest_show(t, NULL));
	refused(contest_answer(t, 1, 1, A, CONTEST_SRC_TEAM, &err), &err); /* one per team */
	answer(t, 1, 0, A);
	OK(contest_lock(t, NULL));
	assert_int_equal(contest_question_stats(t, 0, 0, &st), NK_EINVAL); /* not revealed */
	OK(contest_reveal(t, NULL));
	assert_int_equal(score(t, 1), 10); /* members do not multiply it */
	OK(contest_question_stats(t, 0, 0, &st));
	assert_int_equal(st.eligible, 2);
	contest_free(&t);
}

static void test_skip(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest *c = make(&clk, CONTEST_TEAM_ANSWER, 2, 1);
	round_of(c, CONTEST_ELIMINATION, 0, 0, 0, 4);
	OK(contest_start(c, NULL));

	OK(contest_show(c, NULL));
	answer(c, 1, 0, A);
	answer(c, 2, 0, B); /* wrong, but the question will count for no one */
	OK(contest_skip(c, NULL));
	assert_position(c, CONTEST_READY, 0, 1);
	struct contest_qinfo qi;
	OK(contest_question_info(c, 0, 0, &qi));
	assert_true(qi.skipped);
	assert_int_equal(score(c, 1), 0);
	assert_false(contest_eliminated(c, 2, 0));
	assert_int_equal(points(c, 0, 0, 1, 0), 0);
	char *err = NULL;
	refused(contest_correct(c, 0, 0, 2, 0, A, &err), &err); /* a skipped one stays so */

	OK(contest_skip(c, NULL)); /* skipped unseen */
	assert_position(c, CONTEST_READY, 0, 2);

	OK(contest_show(c, NULL));
	answer(c, 1, 0, C);
	OK(contest_lock(c, NULL));
	OK(contest_reveal(c, NULL));
	assert_int_equal(score(c, 1), 10);
	assert_true(contest_eliminated(c, 2, 0));
	OK(contest_skip(c, NULL)); /* after the reveal: the points go again */
	assert_int_equal(score(c, 1), 0);
	assert_false(contest_eliminated(c, 2, 0));
	refused(contest_correct(c, 0, 2, 2, 0, C, &err), &err);
	assert_position(c, CONTEST_READY, 0, 3);
	OK(contest_show(c, NULL));
	OK(contest_lock(c, NULL));
	OK(contest_skip(c, NULL)); /* the last one: the round ends */
	assert_position(c, CONTEST_ROUND_END, 0, 3);
	assert_int_equal(last_log(c)->op, CONTEST_OP_SKIP);
	contest_free(&c);
}

static void test_undo_before_reveal(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest *c = make(&clk, CONTEST_TEAM_ANSWER, 3, 1);
	round_of(c, CONTEST_ACCURACY, 0, 30000, 0, 1);
	OK(contest_start(c, NULL));
	OK(contest_show(c, NULL));
	char *err = NULL;
	now += 1000;
	OK(contest_answer(c, 1, 0, B, CONTEST_SRC_KEYBOARD, NULL));
	now += 1000;
	OK(contest_answer(c, 1, 0, A, CONTEST_SRC_HOST, NULL)); /* replaces */
	const struct contest_log *l = last_log(c);
	assert_int_equal(l->op, CONTEST_OP_REPLACE);
	assert_int_equal(l->prev, B);
	assert_int_equal(l->mask, A);
	assert_string_equal(l->who, "host");
	struct contest_entry e;
	OK(contest_entry_get(c, 0, 0, 1, 0, &e));
	assert_int_equal(e.mask, A);
	assert_int_equal(e.ms, 2000); /* the replacing answer's time */
	assert_int_equal(e.source, CONTEST_SRC_HOST);

	answer(c, 2, 0, A);
	OK(contest_retract(c, 2, 0, CONTEST_SRC_TEAM, NULL)); /* while showing, anyone */
	assert_int_equal(contest_entry_get(c, 0, 0, 2, 0, &e), NK_ENOENT);
	assert_int_equal(contest_retract(c, 2, 0, CONTEST_SRC_TEAM, &err), NK_ENOENT);
	free(err);
	err = NULL;
	answer(c, 3, 0, A);
	now += 3000;
	OK(contest_lock(c, NULL));
	refused(contest_retract(c, 3, 0, CONTEST_SRC_TEAM, &err), &err); /* locked: host only */
	refused(contest_retract(c, 3, 0, CONTEST_SRC_KEYBOARD, &err), &err);
	OK(contest_retract(c, 3, 0, CONTEST_SRC_HOST, NULL));
	assert_int_equal(last_log(c)->op, CONTEST_OP_RETRACT);
	assert_int_equal(last_log(c)->prev, A);

	/* A board held up at the lock, typed in by the host: the lock's time. */
	OK(contest_correct(c, 0, 0, 2, 0, A, NULL));
	OK(contest_entry_get(c, 0, 0, 2, 0, &e));
	assert_int_equal(e.ms, 5000);
	assert_int_equal(e.source, CONTEST_SRC_HOST);
	/* Corrected from right to wrong, keeping its time. */
	OK(contest_correct(c, 0, 0, 1, 0, C, NULL));
	OK(contest_entry_get(c, 0, 0, 1, 0, &e));
	assert_int_equal(e.ms, 2000);
	assert_int_equal(e.mask, C);
	refused(contest_correct(c, 0, 0, 1, 0, A | C, &err), &err); /* single answer */
	assert_int_equal(contest_correct(c, 0, 0, 3, 0, 0, &err), NK_ENOENT);
	free(err);
	err = NULL;
	OK(contest_reveal(c, NULL));
	assert_int_equal(score(c, 1), 0);
	assert_int_equal(score(c, 2), 10);
	assert_int_equal(score(c, 3), 0);
	refused(contest_retract(c, 2, 0, CONTEST_SRC_HOST, &err), &err); /* revealed */
	contest_free(&c);
}

/* Saves and loads c in place: every rule below holds across a reload too. */
static void reload(struct contest **c, const struct clock *clk)
{
	char *text = NULL, *err = NULL;
	OK(contest_state_save(*c, &text));
	contest_free(c);
	if (contest_state_load(text, clk, c, &err) != NK_OK)
		fail_msg("%s", err);
	free(text);
}

/* The host's undo: only the host's own entries (answers typed at the console, corrections) of
 * the current question, newest first, each named by question and team; a team's or the shared
 * keyboard's answer is not the host's to undo; redo puts back what undo took, until a new
 * entry; an entry the team has changed since is refused; after the next question nothing of
 * the one before can be undone; after the reveal the scores follow. */
static void test_host_undo(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest *c = make(&clk, CONTEST_TEAM_ANSWER, 3, 1);
	round_of(c, CONTEST_ACCURACY, 10, 0, 0, 2);
	OK(contest_start(c, NULL));
	char *err = NULL;
	refused(contest_undo(c, NULL, &err), &err); /* READY: nothing is open */
	OK(contest_show(c, NULL));
	refused(contest_undo(c, NULL, &err), &err); /* nothing typed yet */
	refused(contest_redo(c, NULL, &err), &err);
	answer(c, 3, 0, A); /* from team 3's own terminal */
	now += 1000;
	OK(contest_answer(c, 2, 0, B, CONTEST_SRC_KEYBOARD, NULL)); /* team 2 at 1 s */
	now += 1000;
	OK(contest_answer(c, 2, 0, C, CONTEST_SRC_HOST, NULL)); /* the host types over it */
	now += 1000;
	OK(contest_answer(c, 1, 0, D, CONTEST_SRC_HOST, NULL));
	reload(&c, &clk);
	struct contest_log e;
	struct contest_entry en;
	assert_true(contest_can_undo(c, &e));
	assert_int_equal(e.team, 1);
	OK(contest_undo(c, &e, NULL)); /* team 1's D: removed */
	assert_int_equal(e.team, 1);
	assert_int_equal(e.question, 0);
	assert_int_equal(e.mask, D);
	assert_int_equal(contest_entry_get(c, 0, 0, 1, 0, &en), NK_ENOENT);
	assert_int_equal(last_log(c)->op, CONTEST_OP_UNDO);
	OK(contest_undo(c, &e, NULL)); /* team 2: C back to the keyboard's B, with its time */
	assert_int_equal(e.team, 2);
	OK(contest_entry_get(c, 0, 0, 2, 0, &en));
	assert_int_equal(en.mask, B);
	assert_int_equal(en.ms, 1000);
	assert_int_equal(en.source, CONTEST_SRC_KEYBOARD);
	refused(contest_undo(c, NULL, &err), &err); /* the keyboard's and team 3's stay */
	OK(contest_entry_get(c, 0, 0, 3, 0, &en));
	assert_int_equal(en.mask, A);
	/* Redo, newest undone first: team 2's C, then team 1's D. */
	reload(&c, &clk);
	OK(contest_redo(c, &e, NULL));
	assert_int_equal(e.team, 2);
	OK(contest_entry_get(c, 0, 0, 2, 0, &en));
	assert_int_equal(en.mask, C);
	assert_int_equal(en.ms, 2000);
	assert_int_equal(last_log(c)->op, CONTEST_OP_REDO);
	/* A new entry ends what could be redone. */
	OK(contest_answer(c, 3, 0, B, CONTEST_SRC_HOST, NULL));
	refused(contest_redo(c, NULL, &err), &err);
	/* Team 3 changes its answer on its terminal after the host's entry: undo refuses it. */
	answer(c, 3, 0, C);
	refused(contest_undo(c, NULL, &err), &err);
	OK(contest_correct(c, 0, 0, 3, 0, A, NULL)); /* the host's correction is its own entry */
	OK(contest_undo(c, &e, NULL));
	OK(contest_entry_get(c, 0, 0, 3, 0, &en));
	assert_int_equal(en.mask, C);
	/* After the lock and the reveal, the scores follow an undo. Team 2: C (wrong). */
	OK(contest_lock(c, NULL));
	OK(contest_correct(c, 0, 0, 1, 0, A, NULL));
	OK(contest_reveal(c, NULL));
	assert_int_equal(score(c, 1), 10);
	OK(contest_undo(c, &e, NULL));
	assert_int_equal(score(c, 1), 0);
	OK(contest_redo(c, &e, NULL));
	assert_int_equal(score(c, 1), 10);
	OK(contest_leaderboard(c, NULL));
	OK(contest_undo(c, &e, NULL)); /* the leaderboard of the same question: still open */
	OK(contest_redo(c, &e, NULL));
	OK(contest_next(c, NULL));
	/* The next question: nothing of the one before. */
	refused(contest_undo(c, NULL, &err), &err);
	OK(contest_show(c, NULL));
	refused(contest_undo(c, NULL, &err), &err);
	assert_int_equal(score(c, 1), 10);
	OK(contest_lock(c, NULL));
	after_lock(c);
	assert_position(c, CONTEST_ROUND_END, 0, 1);
	refused(contest_undo(c, NULL, &err), &err); /* not after the round, nor the podium */
	OK(contest_next(c, NULL));
	refused(contest_undo(c, NULL, &err), &err);
	assert_int_equal(score(c, 1), 10);
	contest_free(&c);
}

/* The same answer again (a key pressed twice, Enter on the chosen option) changes nothing: its
 * time stays that of the first press, and nothing is logged. */
static void test_same_answer_keeps_time(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest *c = make(&clk, CONTEST_TEAM_ANSWER, 1, 1);
	round_of(c, CONTEST_SPEED, 10, 10000, 0, 1);
	OK(contest_start(c, NULL));
	OK(contest_show(c, NULL));
	now += 2000;
	answer(c, 1, 0, A);
	size_t logged = contest_log_count(c);
	now += 6000;
	answer(c, 1, 0, A);
	assert_int_equal(contest_log_count(c), logged);
	struct contest_entry e;
	OK(contest_entry_get(c, 0, 0, 1, 0, &e));
	assert_int_equal(e.ms, 2000);
	OK(contest_lock(c, NULL));
	OK(contest_reveal(c, NULL));
	assert_int_equal(score(c, 1), 9); /* 10 at 2 s of 10: 10 × (20 − 2) / 20 */
	contest_free(&c);
}

/* Which input each team answers by: a terminal's answer counts only for a team set to its
 * terminal (or to any), the shared keyboard's only for one set to the keyboard, boards take
 * neither; the host's console always may. Saved and loaded. */
static void test_inputs(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest *c = make(&clk, CONTEST_TEAM_ANSWER, 4, 1);
	round_of(c, CONTEST_ACCURACY, 10, 0, 0, 1);
	char *err = NULL;
	OK(contest_set_input(c, 1, CONTEST_INPUT_TERMINAL, NULL)); /* in SETUP too */
	OK(contest_start(c, NULL));
	OK(contest_set_input(c, 2, CONTEST_INPUT_KEYBOARD, NULL));
	OK(contest_set_input(c, 3, CONTEST_INPUT_BOARD, NULL));
	refused(contest_set_input(c, 5, CONTEST_INPUT_BOARD, &err), &err);
	refused(contest_set_input(c, 1, (enum contest_input)9, &err), &err);
	reload(&c, &clk);
	assert_int_equal(contest_team_input(c, 1), CONTEST_INPUT_TERMINAL);
	assert_int_equal(contest_team_input(c, 2), CONTEST_INPUT_KEYBOARD);
	assert_int_equal(contest_team_input(c, 3), CONTEST_INPUT_BOARD);
	assert_int_equal(contest_team_input(c, 4), CONTEST_INPUT_ANY);
	OK(contest_show(c, NULL));
	refused(contest_answer(c, 1, 0, A, CONTEST_SRC_KEYBOARD, &err), &err);
	OK(contest_answer(c, 1, 0, A, CONTEST_SRC_TEAM, NULL));
	refused(contest_answer(c, 2, 0, A, CONTEST_SRC_TEAM, &err), &err);
	OK(contest_answer(c, 2, 0, A, CONTEST_SRC_KEYBOARD, NULL));
	refused(contest_answer(c, 3, 0, A, CONTEST_SRC_TEAM, &err), &err);
	refused(contest_answer(c, 3, 0, A, CONTEST_SRC_KEYBOARD, &err), &err);
	OK(contest_answer(c, 3, 0, A, CONTEST_SRC_HOST, NULL));
	OK(contest_answer(c, 4, 0, A, CONTEST_SRC_KEYBOARD, NULL));
	OK(contest_answer(c, 4, 0, B, CONTEST_SRC_TEAM, NULL));
	assert_int_equal(last_log(c)->op, CONTEST_OP_REPLACE);
	contest_free(&c);
}

/* Ending a round early: from READY (the current question on) or the LEADERBOARD (the ones
 * after it), the questions not shown are skipped and count for no one; not while a question
 * is open; not when no question is left. */
static void test_end_round(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest *c = make(&clk, CONTEST_TEAM_ANSWER, 2, 1);
	round_of(c, CONTEST_ACCURACY, 10, 0, 0, 4);
	round_of(c, CONTEST_ACCURACY, 10, 0, 0, 2);
	char *err = NULL;
	refused(contest_end_round(c, &err), &err); /* SETUP */
	OK(contest_start(c, NULL));
	OK(contest_show(c, NULL));
	refused(contest_end_round(c, &err), &err); /* a question is open */
	answer(c, 1, 0, A);
	OK(contest_lock(c, NULL));
	refused(contest_end_round(c, &err), &err);
	OK(contest_reveal(c, NULL));
	OK(contest_leaderboard(c, NULL));
	OK(contest_end_round(c, NULL));
	reload(&c, &clk);
	assert_position(c, CONTEST_ROUND_END, 0, 3);
	assert_int_equal(last_log(c)->op, CONTEST_OP_END_ROUND);
	for (size_t i = 1; i < 4; i++) {
		struct contest_qinfo qi;
		OK(contest_question_info(c, 0, i, &qi));
		assert_true(qi.skipped);
	}
	assert_int_equal(score(c, 1), 10);
	OK(contest_next(c, NULL));
	OK(contest_end_round(c, NULL)); /* READY on its first question: all of round 2 */
	assert_position(c, CONTEST_ROUND_END, 1, 1);
	OK(contest_next(c, NULL));
	assert_position(c, CONTEST_FINISHED, 1, 1);
	refused(contest_end_round(c, &err), &err);
	/* The last question's leaderboard: nothing left to end. */
	struct contest *d = make(&clk, CONTEST_TEAM_ANSWER, 1, 1);
	round_of(d, CONTEST_ACCURACY, 10, 0, 0, 1);
	OK(contest_start(d, NULL));
	OK(contest_show(d, NULL));
	OK(contest_lock(d, NULL));
	OK(contest_reveal(d, NULL));
	OK(contest_leaderboard(d, NULL));
	refused(contest_end_round(d, &err), &err);
	contest_free(&d);
	contest_free(&c);
}

/* A host step names the state it was meant for: a repeated or stale one is refused; the host
 * console in charge is saved, and a take-over replaces it. */
static void test_expect_and_host(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest *c = make(&clk, CONTEST_TEAM_ANSWER, 1, 1);
	round_of(c, CONTEST_ACCURACY, 10, 0, 0, 2);
	char *err = NULL;
	OK(contest_expect(c, CONTEST_SETUP, 5, 5, NULL)); /* no position before the start */
	OK(contest_start(c, NULL));
	OK(contest_expect(c, CONTEST_READY, 0, 0, NULL));
	OK(contest_show(c, NULL));
	/* The same Enter twice: both meant for READY; the second is refused. */
	refused(contest_expect(c, CONTEST_READY, 0, 0, &err), &err);
	refused(contest_expect(c, CONTEST_SHOWING, 0, 1, &err), &err); /* another question */
	OK(contest_expect(c, CONTEST_SHOWING, 0, 0, NULL));
	assert_string_equal(contest_host(c), "");
	OK(contest_claim_host(c, "abc123", NULL));
	refused(contest_claim_host(c, "ABC", &err), &err);
	refused(contest_claim_host(c, "", &err), &err);
	refused(contest_claim_host(c, "a b", &err), &err);
	refused(contest_claim_host(c, "0123456789abcdef0123456789abcdef0", &err), &err);
	size_t logged = contest_log_count(c);
	OK(contest_claim_host(c, "abc123", NULL)); /* the same console again: nothing logged */
	assert_int_equal(contest_log_count(c), logged);
	reload(&c, &clk);
	assert_string_equal(contest_host(c), "abc123");
	OK(contest_claim_host(c, "def456", NULL));
	assert_int_equal(last_log(c)->op, CONTEST_OP_HOST);
	reload(&c, &clk);
	assert_string_equal(contest_host(c), "def456");
	contest_free(&c);
}

/* A late team joins a running contest: it answers from the question it joins on, scores like
 * the others, survives a save and load, takes part in a tie-break only when tied; in an
 * elimination round under way it starts out. Names can be corrected in any state. */
static void test_late_team_and_rename(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest *c = make(&clk, CONTEST_MEMBER_SUM, 2, 2);
	round_of(c, CONTEST_ACCURACY, 10, 0, 0, 2);
	round_of(c, CONTEST_ELIMINATION, 10, 0, 0, 2);
	OK(contest_start(c, NULL));
	OK(contest_show(c, NULL));
	answer(c, 1, 0, A);
	answer(c, 1, 1, A);
	assert_int_equal(contest_add_team(c, "Đội muộn", 2, NULL), 3);
	reload(&c, &clk);
	answer(c, 3, 1, A); /* its second member, on the question it joined on */
	char *err = NULL;
	refused(contest_answer(c, 4, 0, A, CONTEST_SRC_TEAM, &err), &err);
	finish_question(c);
	assert_int_equal(score(c, 1), 20);
	assert_int_equal(score(c, 3), 10);
	OK(contest_rename_team(c, 3, "Bản Lả", NULL));
	assert_int_equal(last_log(c)->op, CONTEST_OP_RENAME);
	refused(contest_rename_team(c, 3, "", &err), &err);
	refused(contest_rename_team(c, 9, "X", &err), &err);
	reload(&c, &clk);
	assert_string_equal(contest_team_name(c, 3), "Bản Lả");
	OK(contest_show(c, NULL));
	OK(contest_lock(c, NULL));
	after_lock(c); /* question 2: no one right */
	/* Round 2, elimination: after its first question a fourth team comes, and is out. */
	OK(contest_next(c, NULL));
	OK(contest_show(c, NULL));
	answer(c, 1, 0, A);
	answer(c, 1, 1, A);
	answer(c, 2, 0, A);
	answer(c, 2, 1, A);
	answer(c, 3, 0, A);
	answer(c, 3, 1, A);
	finish_question(c);
	assert_int_equal(contest_add_team(c, "Đội muộn nữa", 1, NULL), 4);
	reload(&c, &clk);
	assert_true(contest_eliminated(c, 4, 0));
	assert_false(contest_eligible(c, 4, 0));
	assert_true(contest_eligible(c, 1, 0));
	contest_free(&c);
	/* A tie-break: a team added after it was drawn is not one of its teams. */
	c = make(&clk, CONTEST_TEAM_ANSWER, 2, 1);
	round_of(c, CONTEST_ACCURACY, 10, 0, 0, 1);
	OK(contest_start(c, NULL));
	OK(contest_show(c, NULL));
	answer(c, 1, 0, A);
	answer(c, 2, 0, A);
	finish_question(c);
	OK(contest_next(c, NULL));
	assert_position(c, CONTEST_FINISHED, 0, 0);
	refused(contest_add_team(c, "Quá muộn", 1, &err), &err); /* not after the podium */
	OK(contest_add_tiebreak(c, &Q[1], NULL));
	assert_int_equal(contest_add_team(c, "Đội 3", 1, NULL), 3);
	reload(&c, &clk);
	assert_true(contest_eligible(c, 1, 0));
	assert_false(contest_eligible(c, 3, 0));
	contest_free(&c);
}

/* A reading time: the question is shown and read out, answers open only after it, and the
 * countdown (and the speed points) start then; a lock during it is the host's to make; the
 * reading time survives a save and load. */
static void test_reading_time(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest *c = make(&clk, CONTEST_TEAM_ANSWER, 2, 1);
	struct contest_round_config cfg = {CONTEST_SPEED, 10, 10000, false, 5000};
	assert_int_equal(contest_add_round(c, &cfg, Q, 2, NULL), 0);
	struct contest_round_config bad = {CONTEST_ACCURACY, 10, 0, false, -1};
	char *err = NULL;
	refused(contest_add_round(c, &bad, Q, 1, &err), &err);
	OK(contest_start(c, NULL));
	assert_int_equal(contest_reading_ms(c), 0); /* READY */
	OK(contest_show(c, NULL));
	reload(&c, &clk);
	struct contest_round_config got;
	OK(contest_round_info(c, 0, &got));
	assert_int_equal(got.reading_ms, 5000);
	now += 2000;
	assert_int_equal(contest_reading_ms(c), 3000);
	assert_int_equal(contest_remaining_ms(c), 10000);
	refused(contest_answer(c, 1, 0, A, CONTEST_SRC_TEAM, &err), &err);
	assert_false(contest_tick(c));
	now += 3000; /* answers open: the countdown starts */
	assert_int_equal(contest_reading_ms(c), 0);
	answer(c, 1, 0, A);
	now += 4000;
	answer(c, 2, 0, A);
	struct contest_entry e;
	OK(contest_entry_get(c, 0, 0, 2, 0, &e));
	assert_int_equal(e.ms, 4000);
	assert_int_equal(contest_remaining_ms(c), 6000);
	now += 6001;
	assert_true(contest_tick(c));
	OK(contest_reveal(c, NULL));
	assert_int_equal(score(c, 1), 10);
	assert_int_equal(score(c, 2), 8); /* 10 at 4 s of 10: (200 − 40 + 10) / 20 */
	OK(contest_leaderboard(c, NULL));
	OK(contest_next(c, NULL));
	OK(contest_show(c, NULL));
	now += 1000;
	OK(contest_lock(c, NULL)); /* during the reading: nothing counted */
	assert_int_equal(contest_question_info(c, 0, 1, &(struct contest_qinfo){0}), NK_OK);
	contest_free(&c);
}

static void test_correction_after_reveal(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest *c = make(&clk, CONTEST_TEAM_ANSWER, 2, 1);
	round_of(c, CONTEST_ELIMINATION, 0, 0, 0, 3);
	OK(contest_start(c, NULL));
	OK(contest_show(c, NULL));
	answer(c, 1, 0, A);
	now += 500;
	answer(c, 2, 0, B); /* typed wrong by mistake: the board said A */
	finish_question(c);
	assert_true(contest_eliminated(c, 2, 0));
	OK(contest_show(c, NULL));
	char *err = NULL;
	refused(contest_answer(c, 2, 0, B, CONTEST_SRC_TEAM, &err), &err);
	size_t before = contest_log_count(c);
	OK(contest_correct(c, 0, 0, 2, 0, A, NULL));
	const struct contest_log *l = contest_log_at(c, before);
	assert_int_equal(l->op, CONTEST_OP_CORRECT);
	assert_int_equal(l->round, 0);
	assert_int_equal(l->question, 0);
	assert_int_equal(l->team, 2);
	assert_int_equal(l->prev, B);
	assert_int_equal(l->mask, A);
	assert_int_equal(l->ms, 500);
	assert_string_equal(l->who, "host");
	/* Re-scored at once, and back in the round: may answer the current question. */
	assert_int_equal(score(c, 2), 10);
	assert_false(contest_eliminated(c, 2, 0));
	answer(c, 2, 0, B);
	answer(c, 1, 0, A);
	finish_question(c);
	assert_int_equal(score(c, 2), 20);
	assert_true(contest_eliminated(c, 1, 0));
	/* Team 1's q-b answer corrected to right: 20 and back in. Then its q-a answer removed:
	 * out after q-a, so its q-b answer no longer counts either. */
	OK(contest_correct(c, 0, 1, 1, 0, B, NULL));
	assert_int_equal(score(c, 1), 20);
	assert_false(contest_eliminated(c, 1, 0));
	OK(contest_correct(c, 0, 0, 1, 0, 0, NULL));
	assert_int_equal(score(c, 1), 0);
	assert_true(contest_eliminated(c, 1, 0));
	/* Not yet shown: nothing to correct; bad addresses. */
	refused(contest_correct(c, 0, 2, 2, 0, C, &err), &err);
	refused(contest_correct(c, 0, 3, 2, 0, C, &err), &err);
	refused(contest_correct(c, 1, 0, 2, 0, C, &err), &err);
	refused(contest_correct(c, -1, 0, 2, 0, C, &err), &err);
	refused(contest_correct(c, 0, 0, 3, 0, C, &err), &err);
	/* Team 1 is out of q-b now: a correction for it there is refused. */
	refused(contest_correct(c, 0, 1, 1, 0, A, &err), &err);
	contest_free(&c);
}

/* Plays one accuracy question where each listed team answers right, delay ms apart. */
static void play_right(struct contest *c, int64_t *now, const int *teams, size_t n, int64_t delay)
{
	size_t r, q;
	contest_position(c, &r, &q);
	struct contest_qinfo qi;
	OK(contest_question_info(c, r, q, &qi));
	OK(contest_show(c, NULL));
	for (size_t i = 0; i < n; i++) {
		*now += delay;
		answer(c, teams[i], 0, qi.correct & -qi.correct);
	}
	finish_question(c);
}

/* The standings of c, best first, as "team:rank" ("2:1 3:2 4:3 1:4"). */
static void order_is(const struct contest *c, const char *want)
{
	struct contest_standing st[CONTEST_MAX_TEAMS];
	size_t n = contest_standings(c, st);
	char got[256] = "";
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(got + len, sizeof got - len, "%s%d:%d", i ? " " : "",
					st[i].team, st[i].rank);
	assert_string_equal(got, want);
}

/* Tie-breaks for every prize place, the best tied place first; a tie-break's points order the
 * teams it was for and never lift one above a higher score; a later tie-break orders only the
 * teams still tied after the earlier ones. */
static void test_tiebreak(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest *c = make(&clk, CONTEST_TEAM_ANSWER, 4, 1);
	round_of(c, CONTEST_ACCURACY, 0, 0, 0, 2);
	round_of(c, CONTEST_SPEED, 0, 10000, 0, 1);
	OK(contest_start(c, NULL));
	play_right(c, &now, (const int[]){1, 2, 3}, 3, 100);
	play_right(c, &now, (const int[]){2, 4}, 2, 100);
	assert_position(c, CONTEST_ROUND_END, 0, 1);
	/* 10, 20, 10, 10: teams 1, 3 and 4 share second place. */
	order_is(c, "2:1 1:2 4:2 3:2"); /* by time within the place they share */
	OK(contest_add_tiebreak(c, &Q[2], NULL));
	assert_false(contest_eligible(c, 2, 0));
	assert_true(contest_eligible(c, 1, 0));
	assert_true(contest_eligible(c, 4, 0));
	play_right(c, &now, (const int[]){3}, 1, 100);
	assert_int_equal(score(c, 3), 10); /* the tie-break adds to no score */
	order_is(c, "2:1 3:2 1:3 4:3");
	/* Teams 1 and 4 still share third place: a second tie-break, for them only. */
	assert_position(c, CONTEST_ROUND_END, 0, 2);
	char *err = NULL;
	OK(contest_add_tiebreak(c, &Q[3], NULL));
	assert_false(contest_eligible(c, 3, 0));
	assert_true(contest_eligible(c, 1, 0));
	play_right(c, &now, (const int[]){4}, 1, 100);
	/* Team 4 won a tie-break as team 3 did, but a later one: it stays behind team 3. */
	order_is(c, "2:1 3:2 4:3 1:4");
	refused(contest_add_tiebreak(c, &Q[0], &err), &err); /* places 1–3 are all single */
	OK(contest_next(c, NULL));
	play_right(c, &now, (const int[]){1}, 1, 10000); /* speed, at the limit: 5 */
	assert_position(c, CONTEST_ROUND_END, 1, 0);
	assert_int_equal(score(c, 1), 15);
	OK(contest_next(c, NULL));
	assert_position(c, CONTEST_FINISHED, 1, 0);
	order_is(c, "2:1 1:2 3:3 4:4"); /* a higher score beats any tie-break */
	refused(contest_add_tiebreak(c, &Q[2], &err), &err);
	contest_free(&c);

	/* 20, 20, 20, 10: the three leaders, and only they, answer the tie-break. */
	c = make(&clk, CONTEST_TEAM_ANSWER, 4, 1);
	round_of(c, CONTEST_ELIMINATION, 0, 0, 0, 2);
	OK(contest_start(c, NULL));
	play_right(c, &now, (const int[]){1, 2, 3, 4}, 4, 100);
	play_right(c, &now, (const int[]){1, 2, 3}, 3, 100);
	assert_true(contest_eliminated(c, 4, 0));
	refused(contest_add_tiebreak(c, &(struct contest_question){"bad", 1, A, false}, &err),
		&err);
	refused(contest_add_tiebreak(c, NULL, &err), &err);
	OK(contest_add_tiebreak(c, &Q[3], NULL));
	assert_position(c, CONTEST_READY, 0, 2);
	assert_int_equal(contest_round_questions(c, 0), 3);
	assert_int_equal(last_log(c)->op, CONTEST_OP_TIEBREAK);
	struct contest_qinfo qi;
	OK(contest_question_info(c, 0, 2, &qi));
	assert_true(qi.tiebreak);
	assert_string_equal(qi.id, "q-d");
	assert_true(contest_eligible(c, 1, 0));
	assert_true(contest_eligible(c, 3, 0));
	assert_false(contest_eligible(c, 4, 0));
	refused(contest_rescue(c, &err), &err); /* a tie-break is no rescue */
	OK(contest_show(c, NULL));
	refused(contest_answer(c, 4, 0, D, CONTEST_SRC_TEAM, &err), &err);
	answer(c, 1, 0, A); /* wrong, but a tie-break eliminates no one */
	answer(c, 2, 0, D);
	finish_question(c);
	assert_int_equal(score(c, 2), 20);
	assert_int_equal(score(c, 1), 20);
	assert_false(contest_eliminated(c, 1, 0));
	order_is(c, "2:1 1:2 3:2 4:4");
	OK(contest_next(c, NULL));
	assert_position(c, CONTEST_FINISHED, 0, 2);
	OK(contest_add_tiebreak(c, &Q[0], NULL)); /* the top is alone; second place is not */
	assert_false(contest_eligible(c, 2, 0));
	assert_true(contest_eligible(c, 3, 0));
	contest_free(&c);

	/* A tie at the top after the podium reopens the contest on the tie-break. */
	c = make(&clk, CONTEST_TEAM_ANSWER, 3, 1);
	round_of(c, CONTEST_ACCURACY, 0, 0, 0, 1);
	OK(contest_start(c, NULL));
	play_right(c, &now, (const int[]){2, 3}, 2, 100);
	OK(contest_next(c, NULL));
	assert_int_equal(contest_state(c), CONTEST_FINISHED);
	OK(contest_add_tiebreak(c, &Q[1], NULL));
	assert_position(c, CONTEST_READY, 0, 1);
	assert_false(contest_eligible(c, 1, 0));
	play_right(c, &now, (const int[]){3}, 1, 100);
	OK(contest_next(c, NULL));
	assert_int_equal(contest_state(c), CONTEST_FINISHED);
	struct contest_standing st[3];
	assert_int_equal(contest_podium(c, st), 3);
	assert_int_equal(st[0].team, 3);
	assert_int_equal(st[0].rank, 1);
	assert_int_equal(st[1].team, 2);
	assert_int_equal(st[1].rank, 2);
	contest_free(&c);
}

static void test_podium_ties(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	/* Scores 30, 30, 20, 10, 10 → places 1, 1, 3, 4, 4: a shared first, no second. */
	struct contest *c = make(&clk, CONTEST_TEAM_ANSWER, 5, 1);
	round_of(c, CONTEST_ACCURACY, 0, 0, 0, 3);
	OK(contest_start(c, NULL));
	play_right(c, &now, (const int[]){5, 2, 3, 4, 1}, 5, 100);
	play_right(c, &now, (const int[]){5, 2, 3}, 3, 100);
	play_right(c, &now, (const int[]){2, 5}, 2, 100);
	struct contest_standing st[5];
	assert_int_equal(contest_standings(c, st), 5);
	/* 5 and 2 tie on 30, 5 faster overall; 4 and 1 tie on 10, 4 faster (400 ms, 500 ms). */
	int want_team[] = {5, 2, 3, 4, 1};
	int want_rank[] = {1, 1, 3, 4, 4};
	long long want_score[] = {30, 30, 20, 10, 10};
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(st[i].team, want_team[i]);
		assert_int_equal(st[i].rank, want_rank[i]);
		assert_int_equal(st[i].score, want_score[i]);
	}
	assert_true(st[0].time_ms < st[1].time_ms);
	assert_int_equal(st[0].time_ms, 100 + 100 + 200);
	assert_int_equal(st[1].time_ms, 200 + 200 + 100);
	assert_int_equal(contest_podium(c, st), 3);
	contest_free(&c);

	/* 30, 20, 10, 10, 0 → 1, 2, 3, 3, 5: a shared third makes a podium of four. */
	c = make(&clk, CONTEST_TEAM_ANSWER, 5, 1);
	round_of(c, CONTEST_ACCURACY, 0, 0, 0, 3);
	OK(contest_start(c, NULL));
	play_right(c, &now, (const int[]){1, 2, 3, 4}, 4, 100);
	play_right(c, &now, (const int[]){1, 2}, 2, 100);
	play_right(c, &now, (const int[]){1}, 1, 100);
	assert_int_equal(contest_podium(c, st), 4);
	assert_int_equal(st[2].rank, 3);
	assert_int_equal(st[3].rank, 3);
	assert_int_equal(st[2].team, 3); /* 3 answered faster than 4 */
	assert_int_equal(st[3].team, 4);
	contest_free(&c);

	/* All equal, all in the same time: by team id, all first. */
	c = make(&clk, CONTEST_TEAM_ANSWER, 3, 1);
	round_of(c, CONTEST_ACCURACY, 0, 0, 0, 1);
	OK(contest_start(c, NULL));
	assert_int_equal(contest_podium(c, st), 3);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(st[i].team, i + 1);
		assert_int_equal(st[i].rank, 1);
	}
	contest_free(&c);
}

static void test_log(void **state)
{
	(void)state;
	int64_t now = 5000;
	struct clock clk = {clock_manual_read, &now};
	struct contest *c = make(&clk, CONTEST_TEAM_ANSWER, 3, 1);
	round_of(c, CONTEST_ACCURACY, 0, 8000, 0, 1);
	size_t n0 = contest_log_count(c);
	assert_int_equal(n0, 4); /* three teams, one round */
	assert_int_equal(contest_log_at(c, 0)->op, CONTEST_OP_TEAM);
	assert_int_equal(contest_log_at(c, 2)->team, 3);
	assert_int_equal(contest_log_at(c, 3)->op, CONTEST_OP_ROUND);
	assert_int_equal(contest_log_at(c, 3)->question, -1);
	OK(contest_start(c, NULL));
	now += 10;
	OK(contest_show(c, NULL));
	now += 1000;
	OK(contest_answer(c, 2, 0, B, CONTEST_SRC_TEAM, NULL));
	now += 1000;
	OK(contest_answer(c, 3, 0, A, CONTEST_SRC_KEYBOARD, NULL));
	OK(contest_answer(c, 1, 0, A, CONTEST_SRC_HOST, NULL));
	char *err = NULL;
	refused(contest_answer(c, 1, 0, A, (enum contest_source)5, &err), &err);
	now += 7000;
	assert_true(contest_tick(c));
	OK(contest_reveal(c, NULL));

	struct {
		enum contest_op op;
		const char *who;
		int64_t at;
		int team;
		unsigned mask;
		int64_t ms;
	} want[] = {
		{CONTEST_OP_START, "host", 5000, 0, 0, 0},
		{CONTEST_OP_SHOW, "host", 5010, 0, 0, 0},
		{CONTEST_OP_ANSWER, "team:2", 6010, 2, B, 1000},
		{CONTEST_OP_ANSWER, "keyboard", 7010, 3, A, 2000},
		{CONTEST_OP_ANSWER, "host", 7010, 1, A, 2000},
		{CONTEST_OP_LOCK, "timer", 14010, 0, 0, 8000},
		{CONTEST_OP_REVEAL, "host", 14010, 0, 0, 0},
	};
	assert_int_equal(contest_log_count(c), n0 + NK_ARRAY_LEN(want));
	for (size_t i = 0; i < NK_ARRAY_LEN(want); i++) {
		const struct contest_log *l = contest_log_at(c, n0 + i);
		assert_int_equal(l->op, want[i].op);
		assert_string_equal(l->who, want[i].who);
		assert_int_equal(l->at, want[i].at);
		assert_int_equal(l->team, want[i].team);
		assert_int_equal(l->mask, want[i].mask);
		assert_int_equal(l->ms, want[i].ms);
		assert_int_equal(l->round, 0);
		assert_int_equal(l->question, 0);
	}
	assert_null(contest_log_at(c, contest_log_count(c)));
	assert_string_equal(contest_op_name(CONTEST_OP_REPLACE), "replace");
	assert_string_equal(contest_op_name((enum contest_op)99), "?");
	contest_free(&c);
}

static void test_shuffle(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest_question qs[6];
	for (int i = 0; i < 6; i++)
		qs[i] = (struct contest_question){"q8", 8, 1u << i, false};
	struct contest_round_config plain = {CONTEST_ACCURACY, 0, 0, false, 0};
	struct contest_round_config mixed = {CONTEST_ACCURACY, 0, 0, true, 0};

	struct contest *c[3];
	uint64_t seeds[3] = {11, 11, 12};
	for (int k = 0; k < 3; k++) {
		OK(contest_new("s", CONTEST_TEAM_ANSWER, seeds[k], &clk, &c[k], NULL));
		assert_int_equal(contest_add_team(c[k], "Đội", 1, NULL), 1);
		OK(contest_add_round(c[k], &plain, qs, 6, NULL));
		assert_int_equal(contest_add_round(c[k], &mixed, qs, 6, NULL), 1);
	}
	bool moved = false, differs = false;
	for (size_t i = 0; i < 6; i++) {
		unsigned seen = 0;
		for (int k = 0; k < 8; k++) {
			assert_int_equal(contest_option_at(c[0], 0, i, k), k); /* not shuffled */
			int b = contest_option_at(c[0], 1, i, k);
			assert_true(b >= 0 && b < 8);
			seen |= 1u << b;
			moved = moved || b != k;
			assert_int_equal(contest_option_at(c[1], 1, i, k), b); /* same seed */
			differs = differs || contest_option_at(c[2], 1, i, k) != b;
		}
		assert_int_equal(seen, 0xffu); /* a permutation */
		struct contest_qinfo qi;
		OK(contest_question_info(c[0], 1, i, &qi));
		int k = 0;
		while (!(qi.correct & (1u << k)))
			k++;
		assert_int_equal(qi.correct, 1u << k); /* still one right option */
		assert_int_equal(contest_option_at(c[0], 1, i, k), (int)i);
	}
	assert_true(moved);
	assert_true(differs);
	assert_int_equal(contest_option_at(c[0], 1, 0, 8), NK_EINVAL);
	assert_int_equal(contest_option_at(c[0], 1, 0, -1), NK_EINVAL);
	assert_int_equal(contest_option_at(c[0], 2, 0, 0), NK_EINVAL);

	/* Answers name shown positions: the shown place of the right bank option scores. */
	OK(contest_start(c[0], NULL));
	assert_int_equal(contest_next(c[0], NULL), NK_EINVAL); /* READY refuses next */
	for (size_t i = 0; i < 6; i++)
		OK(contest_skip(c[0], NULL));
	OK(contest_next(c[0], NULL));
	assert_position(c[0], CONTEST_READY, 1, 0);
	int shown = -1;
	for (int k = 0; k < 8; k++)
		if (contest_option_at(c[0], 1, 0, k) == 0)
			shown = k;
	OK(contest_show(c[0], NULL));
	answer(c[0], 1, 0, 1u << shown);
	finish_question(c[0]);
	assert_int_equal(score(c[0], 1), 10);
	OK(contest_show(c[0], NULL));
	/* Shown position 0 of q-1 is right only if bank option 1 sits there. */
	answer(c[0], 1, 0, 1u);
	finish_question(c[0]);
	assert_int_equal(score(c[0], 1), contest_option_at(c[0], 1, 1, 0) == 1 ? 20 : 10);
	for (int k = 0; k < 3; k++)
		contest_free(&c[k]);
}

/*
 * Save and load. A script of operations runs twice: once straight through, once with the
 * contest saved, freed and loaded again before every operation. Both must return the same for
 * every operation and save the same text after it, so a restart in any state carries on
 * exactly.
 */
enum {
	S_TEAM, S_ROUND, S_START, S_SHOW, S_LOCK, S_REVEAL, S_LEADER, S_NEXT, S_PAUSE, S_RESUME,
	S_SKIP, S_RESCUE, S_TIEBREAK, S_ANSWER, S_RETRACT, S_CORRECT, S_TICK
};

#define RIGHT 0x100u /* in a script: the current question's first right shown option */
#define WRONG 0x200u /* … its first wrong one */

struct step {
	int op;
	int64_t dt; /* advance the clock first */
	int team, member;
	unsigned mask; /* or RIGHT or WRONG */
	int arg;       /* S_TEAM: members; S_ROUND: which ROUNDS; S_CORRECT: round*100+question */
	int rc;        /* expected */
};

static const struct {
	struct contest_round_config cfg;
	size_t first, n;
} ROUNDS[] = {
	{{CONTEST_ACCURACY, 0, 30000, false, 0}, 0, 2},
	{{CONTEST_SPEED, 1000, 20000, false, 0}, 2, 2},
	{{CONTEST_ELIMINATION, 0, 0, false, 0}, 0, 4},
	{{CONTEST_ACCURACY, 0, 10000, true, 0}, 0, 2},
};

static unsigned pick_mask(const struct contest *c, size_t r, size_t q, unsigned mask)
{
	if (!(mask & (RIGHT | WRONG)))
		return mask;
	struct contest_qinfo qi;
	OK(contest_question_info(c, r, q, &qi));
	unsigned m = mask & RIGHT ? qi.correct : ~qi.correct & ((1u << qi.nopts) - 1u);
	return m & -m;
}

static int run_step(struct contest *c, const struct step *s)
{
	size_t r, q;
	contest_position(c, &r, &q);
	switch (s->op) {
	case S_TEAM:
		return contest_add_team(c, "Đội % thử\ttab", s->arg, NULL) > 0 ? NK_OK : NK_EFAIL;
	case S_ROUND:
		return contest_add_round(c, &ROUNDS[s->arg].cfg, Q + ROUNDS[s->arg].first,
					 ROUNDS[s->arg].n, NULL) >= 0
			       ? NK_OK
			       : NK_EFAIL;
	case S_START:
		return contest_start(c, NULL);
	case S_SHOW:
		return contest_show(c, NULL);
	case S_LOCK:
		return contest_lock(c, NULL);
	case S_REVEAL:
		return contest_reveal(c, NULL);
	case S_LEADER:
		return contest_leaderboard(c, NULL);
	case S_NEXT:
		return contest_next(c, NULL);
	case S_PAUSE:
		return contest_pause(c, NULL);
	case S_RESUME:
		return contest_resume(c, NULL);
	case S_SKIP:
		return contest_skip(c, NULL);
	case S_RESCUE:
		return contest_rescue(c, NULL);
	case S_TIEBREAK:
		return contest_add_tiebreak(c, &Q[3], NULL);
	case S_ANSWER:
		return contest_answer(c, s->team, s->member, pick_mask(c, r, q, s->mask),
				      CONTEST_SRC_TEAM, NULL);
	case S_RETRACT:
		return contest_retract(c, s->team, s->member, CONTEST_SRC_HOST, NULL);
	case S_CORRECT:
		return contest_correct(c, s->arg / 100, s->arg % 100, s->team, s->member,
				       pick_mask(c, (size_t)(s->arg / 100), (size_t)(s->arg % 100),
						 s->mask),
				       NULL);
	case S_TICK:
		return contest_tick(c) ? 1 : 0;
	}
	fail_msg("unknown step %d", s->op);
	return NK_EFAIL;
}

static void replay(enum contest_answering answering, const struct step *steps, size_t n,
		   long long *final_scores, int nteams)
{
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	char **texts = xcalloc(n, sizeof *texts);
	struct contest *c = NULL;
	OK(contest_new("Hội thi\n100% \"nông thôn mới\"", answering, 99, &clk, &c, NULL));
	for (size_t i = 0; i < n; i++) {
		now += steps[i].dt;
		int rc = run_step(c, &steps[i]);
		if (rc != steps[i].rc)
			fail_msg("step %zu (op %d): %d, not %d", i, steps[i].op, rc, steps[i].rc);
		OK(contest_state_save(c, &texts[i]));
	}
	for (int t = 1; t <= nteams; t++)
		assert_int_equal(score(c, t), final_scores[t - 1]);
	contest_free(&c);

	now = 1000;
	unsigned states = 0;
	bool paused = false;
	OK(contest_new("Hội thi\n100% \"nông thôn mới\"", answering, 99, &clk, &c, NULL));
	for (size_t i = 0; i < n; i++) {
		char *text = NULL, *again = NULL, *err = NULL;
		states |= 1u << contest_state(c);
		paused = paused || contest_paused(c);
		OK(contest_state_save(c, &text));
		contest_free(&c);
		int rc = contest_state_load(text, &clk, &c, &err);
		if (rc != NK_OK)
			fail_msg("step %zu: %s\n%s", i, err, text);
		OK(contest_state_save(c, &again));
		assert_string_equal(text, again);
		free(text);
		free(again);
		now += steps[i].dt;
		assert_int_equal(run_step(c, &steps[i]), steps[i].rc);
		OK(contest_state_save(c, &text));
		if (strcmp(text, texts[i]) != 0)
			fail_msg("step %zu differs after a reload:\n%s\nagainst\n%s", i, text,
				 texts[i]);
		free(text);
	}
	states |= 1u << contest_state(c);
	/* The script went through every state, paused included. */
	assert_int_equal(states, (1u << (CONTEST_FINISHED + 1)) - 1u);
	assert_true(paused);
	assert_string_equal(contest_name(c), "Hội thi\n100% \"nông thôn mới\"");
	assert_string_equal(contest_team_name(c, 1), "Đội % thử\ttab");
	assert_int_equal(contest_answering(c), answering);
	for (int t = 1; t <= nteams; t++)
		assert_int_equal(score(c, t), final_scores[t - 1]);
	contest_free(&c);
	for (size_t i = 0; i < n; i++)
		free(texts[i]);
	free(texts);
}

static void test_save_load_team_answer(void **state)
{
	(void)state;
	const int E = NK_EINVAL;
	const struct step steps[] = {
		{S_TEAM, 0, 0, 0, 0, 1, 0},
		{S_TEAM, 0, 0, 0, 0, 1, 0},
		{S_TEAM, 0, 0, 0, 0, 1, 0},
		{S_ROUND, 0, 0, 0, 0, 0, 0},
		{S_ROUND, 0, 0, 0, 0, 1, 0},
		{S_ROUND, 0, 0, 0, 0, 2, 0},
		{S_START, 5, 0, 0, 0, 0, 0},
		/* round 0, accuracy: replace, retract, host entry, undo */
		{S_SHOW, 0, 0, 0, 0, 0, 0},
		{S_ANSWER, 1000, 1, 0, A, 0, 0},
		{S_ANSWER, 500, 2, 0, B, 0, 0},
		{S_ANSWER, 200, 2, 0, A, 0, 0},
		{S_ANSWER, 100, 3, 0, C, 0, 0},
		{S_RETRACT, 0, 3, 0, 0, 0, 0},
		{S_LOCK, 5000, 0, 0, 0, 0, 0},
		{S_CORRECT, 0, 3, 0, A, 0, 0},
		{S_RETRACT, 0, 3, 0, 0, 0, 0},
		{S_REVEAL, 0, 0, 0, 0, 0, 0},
		{S_LEADER, 0, 0, 0, 0, 0, 0},
		{S_NEXT, 0, 0, 0, 0, 0, 0},
		{S_SHOW, 0, 0, 0, 0, 0, 0},
		{S_ANSWER, 0, 1, 0, B, 0, 0},
		{S_ANSWER, 1000, 3, 0, B, 0, 0},
		{S_LOCK, 0, 0, 0, 0, 0, 0},
		{S_REVEAL, 0, 0, 0, 0, 0, 0},
		{S_CORRECT, 0, 1, 0, C, 1, 0},
		{S_LEADER, 0, 0, 0, 0, 0, 0},
		{S_NEXT, 0, 0, 0, 0, 0, 0},
		{S_NEXT, 0, 0, 0, 0, 0, 0},
		/* round 1, speed: a pause, a refused answer, the timer's lock */
		{S_SHOW, 0, 0, 0, 0, 0, 0},
		{S_ANSWER, 2000, 1, 0, C, 0, 0},
		{S_PAUSE, 1000, 0, 0, 0, 0, 0},
		{S_ANSWER, 30000, 2, 0, C, 0, E},
		{S_RESUME, 0, 0, 0, 0, 0, 0},
		{S_ANSWER, 5000, 2, 0, C, 0, 0},
		{S_TICK, 12000, 0, 0, 0, 0, 0},
		{S_TICK, 1, 0, 0, 0, 0, 1},
		{S_REVEAL, 0, 0, 0, 0, 0, 0},
		{S_LEADER, 0, 0, 0, 0, 0, 0},
		{S_NEXT, 0, 0, 0, 0, 0, 0},
		{S_SKIP, 0, 0, 0, 0, 0, 0},
		{S_NEXT, 0, 0, 0, 0, 0, 0},
		/* round 2, elimination with a rescue */
		{S_RESCUE, 0, 0, 0, 0, 0, E},
		{S_SHOW, 0, 0, 0, 0, 0, 0},
		{S_ANSWER, 0, 1, 0, A, 0, 0},
		{S_ANSWER, 0, 2, 0, B, 0, 0},
		{S_ANSWER, 0, 3, 0, A, 0, 0},
		{S_LOCK, 0, 0, 0, 0, 0, 0},
		{S_REVEAL, 0, 0, 0, 0, 0, 0},
		{S_LEADER, 0, 0, 0, 0, 0, 0},
		{S_NEXT, 0, 0, 0, 0, 0, 0},
		{S_RESCUE, 0, 0, 0, 0, 0, 0},
		{S_SHOW, 0, 0, 0, 0, 0, 0},
		{S_ANSWER, 0, 1, 0, B, 0, E},
		{S_ANSWER, 0, 2, 0, B, 0, 0},
		{S_LOCK, 0, 0, 0, 0, 0, 0},
		{S_REVEAL, 0, 0, 0, 0, 0, 0},
		{S_LEADER, 0, 0, 0, 0, 0, 0},
		{S_NEXT, 0, 0, 0, 0, 0, 0},
		{S_SHOW, 0, 0, 0, 0, 0, 0},
		{S_ANSWER, 0, 1, 0, C, 0, 0},
		{S_ANSWER, 0, 2, 0, C, 0, 0},
		{S_ANSWER, 0, 3, 0, C, 0, 0},
		{S_LOCK, 0, 0, 0, 0, 0, 0},
		{S_REVEAL, 0, 0, 0, 0, 0, 0},
		{S_LEADER, 0, 0, 0, 0, 0, 0},
		{S_NEXT, 0, 0, 0, 0, 0, 0},
		{S_SHOW, 0, 0, 0, 0, 0, 0},
		{S_SKIP, 0, 0, 0, 0, 0, 0},
		{S_NEXT, 0, 0, 0, 0, 0, 0},
		{S_TIEBREAK, 0, 0, 0, 0, 0, E},
	};
	/* Team 1: 10 (q-a) + 950 (2 s) + 10 + 10; team 2: 10 (its replacing A) + 800 (8 s of
	 * countdown, the pause left out) + 0 (out, rescued: no points) + 10; team 3: 10 (q-b)
	 * + 10 + 10. Team 1's q-b was corrected to wrong after the reveal. */
	long long want[] = {980, 820, 30};
	replay(CONTEST_TEAM_ANSWER, steps, NK_ARRAY_LEN(steps), want, 3);
}

static void test_save_load_member_sum(void **state)
{
	(void)state;
	const int E = NK_EINVAL;
	const struct step steps[] = {
		{S_TEAM, 0, 0, 0, 0, 2, 0},
		{S_TEAM, 0, 0, 0, 0, 2, 0},
		{S_ROUND, 0, 0, 0, 0, 3, 0},
		{S_START, 0, 0, 0, 0, 0, 0},
		{S_SHOW, 0, 0, 0, 0, 0, 0},
		{S_ANSWER, 2000, 1, 0, RIGHT, 0, 0},
		{S_ANSWER, 0, 1, 1, WRONG, 0, 0},
		{S_ANSWER, 1000, 2, 0, RIGHT, 0, 0},
		{S_ANSWER, 0, 2, 1, RIGHT, 0, 0},
		{S_ANSWER, 0, 2, 2, RIGHT, 0, E},
		{S_TICK, 7001, 0, 0, 0, 0, 1},
		{S_REVEAL, 0, 0, 0, 0, 0, 0},
		{S_LEADER, 0, 0, 0, 0, 0, 0},
		{S_NEXT, 0, 0, 0, 0, 0, 0},
		{S_SHOW, 0, 0, 0, 0, 0, 0},
		{S_ANSWER, 100, 1, 0, RIGHT, 0, 0},
		{S_ANSWER, 100, 1, 1, RIGHT, 0, 0},
		{S_ANSWER, 100, 2, 0, WRONG, 0, 0},
		{S_ANSWER, 100, 2, 1, RIGHT, 0, 0},
		{S_LOCK, 0, 0, 0, 0, 0, 0},
		{S_REVEAL, 0, 0, 0, 0, 0, 0},
		{S_LEADER, 0, 0, 0, 0, 0, 0},
		{S_NEXT, 0, 0, 0, 0, 0, 0},
		/* 30 all: a tie-break for both teams' members */
		{S_TIEBREAK, 0, 0, 0, 0, 0, 0},
		{S_SHOW, 0, 0, 0, 0, 0, 0},
		{S_ANSWER, 500, 1, 0, RIGHT, 0, 0},
		{S_PAUSE, 500, 0, 0, 0, 0, 0},
		{S_RESUME, 9000, 0, 0, 0, 0, 0},
		{S_ANSWER, 500, 2, 0, WRONG, 0, 0},
		{S_LOCK, 0, 0, 0, 0, 0, 0},
		{S_REVEAL, 0, 0, 0, 0, 0, 0},
		{S_CORRECT, 0, 2, 0, RIGHT, 2, 0},
		{S_LEADER, 0, 0, 0, 0, 0, 0},
		{S_NEXT, 0, 0, 0, 0, 0, 0},
		{S_NEXT, 0, 0, 0, 0, 0, 0},
		/* Tied again (10 tie-break points each): another tie-break, from the podium, skipped */
		{S_TIEBREAK, 0, 0, 0, 0, 0, 0},
		{S_SKIP, 0, 0, 0, 0, 0, 0},
		{S_NEXT, 0, 0, 0, 0, 0, 0},
	};
	long long want[] = {30, 30}; /* and 10 tie-break points each: still tied */
	replay(CONTEST_MEMBER_SUM, steps, NK_ARRAY_LEN(steps), want, 2);
}

/* One saved text, damaged in each way a crash or a stray edit could, must be refused whole. */
static void test_load_refuses_damage(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest *c = make(&clk, CONTEST_TEAM_ANSWER, 2, 1);
	round_of(c, CONTEST_ELIMINATION, 0, 0, 0, 2);
	OK(contest_start(c, NULL));
	OK(contest_show(c, NULL));
	answer(c, 1, 0, A);
	char *good = NULL;
	OK(contest_state_save(c, &good));
	contest_free(&c);
	/* The text is what the header comment in contest.c describes. */
	assert_non_null(strstr(good, "ntmkiosk-contest 1\nname Hội thi nông thôn mới\n"));
	assert_non_null(strstr(good, "\nstate showing 0 0\n"));
	assert_non_null(strstr(good, "\nteam 2 1 Đội 2\n"));
	assert_non_null(strstr(good, "\nround elimination 10 0 0\nq 4 1 0 0123 - 0 - q-a\n"));
	assert_non_null(strstr(good, "\na 0 0 1 0 1 0 team\n"));
	assert_non_null(strstr(good, "\nlog 1000 team:1 answer 0 0 1 0 1 0 0\nend\n"));

	struct {
		const char *from, *to;
	} edits[] = {
		{"\nend\n", "\n"},                          /* cut before the end */
		{"\nend\n", "\nend"},                       /* cut in the last line */
		{"\nend\n", "\nend\nteam 3 1 x\n"},         /* text after the end */
		{"ntmkiosk-contest 1", "ntmkiosk-contest 2"},
		{"\nseed 7\n", "\nseed 7\nseed 8\n"},       /* a header twice */
		{"\nseed 7\n", "\n"},                       /* a header missing */
		{"\nseed 7\n", "\nseed -7\n"},
		{"\nstate showing 0 0\n", "\nstate showing 0 2\n"},
		{"\nstate showing 0 0\n", "\nstate dancing 0 0\n"},
		/* paused outside SHOWING */
		{"\nstate showing 0 0\nclock 1000 0", "\nstate ready 0 0\nclock 1000 1"},
		{"\nteam 2 1", "\nteam 3 1"},
		{"\nteam 2 1 Đội 2\n", "\nteam 2 1 Đội%G1\n"},
		{"\nteam 2 1 Đội 2\n", "\nteam 2 1 Đội%00\n"},
		{"\nteam 2 1 Đội 2\n", "\nteam 2 1 Đội 2\r\n"},
		{"\nteam 2 1 Đội 2\n", "\nteam 2 1 \n"},
		{"\nround elimination", "\nround knockout"},
		{"\nround elimination 10", "\nround elimination 0"},
		{"0123 - 0", "0012 - 0"},
		{"0123 - 0", "012 - 0"},
		{"0123 - 0", "0123 v 0"},  /* revealed ahead of the contest */
		{"0123 - 0", "0123 vv 0"},
		{"0123 - 0 -", "0123 t 0 -"}, /* a tie-break without teams */
		{"0123 - 0 -", "0123 - 0 1"},
		{"q 4 1 0", "q 4 16 0"},
		{"q 4 1 0", "q 9 1 0"},
		{"\na 0 0 1 0 1 0 team\n", "\na 0 0 1 0 1 0 team\na 0 0 1 0 2 0 team\n"},
		{"\na 0 0 1 0 1 0 team\n", "\na 0 0 3 0 1 0 team\n"},
		{"\na 0 0 1 0 1 0 team\n", "\na 0 0 1 1 1 0 team\n"},
		{"\na 0 0 1 0 1 0 team\n", "\na 0 0 1 0 3 0 team\n"}, /* two on a single */
		{"\na 0 0 1 0 1 0 team\n", "\na 0 0 1 0 1 0 telepathy\n"},
		{"\na 0 0 1 0 1 0 team\n", "\na 0 7 1 0 1 0 team\n"},
		{"\na 0 0 1 0 1 0 team\n", "\na 0 0 1 0 1 0 team extra\n"},
		{"\nlog 1000 team:1 answer", "\nlog 1000 team:1 dance"},
		{"\nlog 1000 team:1 answer 0 0 1 0 1 0 0", "\nlog 1000 team:1 answer 0 0 1 0 1 0"},
		{"\nround elimination 10 0 0\n", "\nround elimination 10 0 0\n\n"}, /* blank line */
		{"\nclock ", "\nclock x"},
		{"\nround elimination 10 0 0\n", "\nround elimination 10 0 0\nteam 3 1 x\n"},
		{"\nseed 7\n", "\nseed 7\nteam 1 1 x\nclock 0 0 0 0\n"}, /* order */
	};
	for (size_t i = 0; i < NK_ARRAY_LEN(edits); i++) {
		const char *at = strstr(good, edits[i].from);
		if (!at)
			fail_msg("edit %zu: no %s", i, edits[i].from);
		char *bad = xasprintf("%.*s%s%s", (int)(at - good), good, edits[i].to,
				      at + strlen(edits[i].from));
		struct contest *k = (struct contest *)1;
		char *err = NULL;
		if (contest_state_load(bad, &clk, &k, &err) != NK_EINVAL)
			fail_msg("edit %zu loaded:\n%s", i, bad);
		assert_null(k);
		assert_non_null(err);
		assert_non_null(strstr(err, "contest state:"));
		free(err);
		free(bad);
	}
	/* The message names the line. */
	char *bad = xasprintf("ntmkiosk-contest 1\nname x\nanswering crowd\n");
	char *err = NULL;
	struct contest *k = NULL;
	assert_int_equal(contest_state_load(bad, &clk, &k, &err), NK_EINVAL);
	assert_string_equal(err, "contest state:3: bad answering line");
	free(err);
	free(bad);
	err = NULL;
	refused(contest_state_load("", &clk, &k, &err), &err);
	refused(contest_state_load(NULL, &clk, &k, &err), &err);
	refused(contest_state_load(good, NULL, &k, &err), &err);
	assert_int_equal(contest_state_save(NULL, &bad), NK_EINVAL);

	/* A state saved in SETUP loads and carries on with the setup. */
	c = make(&clk, CONTEST_MEMBER_SUM, 1, 4);
	char *text = NULL;
	OK(contest_state_save(c, &text));
	contest_free(&c);
	OK(contest_state_load(text, &clk, &c, NULL));
	assert_int_equal(contest_state(c), CONTEST_SETUP);
	assert_int_equal(contest_team_members(c, 1), 4);
	assert_int_equal(contest_add_team(c, "Đội 2", 2, NULL), 2);
	round_of(c, CONTEST_ACCURACY, 0, 0, 0, 1);
	OK(contest_start(c, NULL));
	OK(contest_show(c, NULL));
	answer(c, 1, 3, A);
	contest_free(&c);
	free(text);
	free(good);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_setup_refusals),
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_accuracy_scoring),
		cmocka_unit_test(test_multi_answer),
		cmocka_unit_test(test_speed_scoring),
		cmocka_unit_test(test_pause_resume),
		cmocka_unit_test(test_elimination_rescue),
		cmocka_unit_test(test_member_sum_vs_team_answer),
		cmocka_unit_test(test_skip),
		cmocka_unit_test(test_undo_before_reveal),
		cmocka_unit_test(test_correction_after_reveal),
		cmocka_unit_test(test_host_undo),
		cmocka_unit_test(test_same_answer_keeps_time),
		cmocka_unit_test(test_inputs),
		cmocka_unit_test(test_end_round),
		cmocka_unit_test(test_expect_and_host),
		cmocka_unit_test(test_late_team_and_rename),
		cmocka_unit_test(test_reading_time),
		cmocka_unit_test(test_tiebreak),
		cmocka_unit_test(test_podium_ties),
		cmocka_unit_test(test_log),
		cmocka_unit_test(test_shuffle),
		cmocka_unit_test(test_save_load_team_answer),
		cmocka_unit_test(test_save_load_member_sum),
		cmocka_unit_test(test_load_refuses_damage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
