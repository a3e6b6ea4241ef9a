/* Tests for quizzes/session: every transition of the quiz state machine, driven by a manual
 * clock and fixed seeds, and the draw's promises (no repeats, spread, easiest first, shuffled
 * options). They test the machine only, not banks or screens. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/util.h"
#include "quizzes/session.h"

#include <stdlib.h>
#include <string.h>

/* Pools are built with a fixed pattern so that a test can tell any question's right option
 * from its pool index alone. */
static struct qs_question pool_q(int difficulty, int nopts, unsigned correct, bool multi)
{
	return (struct qs_question){"q", difficulty, nopts, correct, multi};
}

/* n single-answer questions: 4 options, the right one i % 4, levels 1,2,3 in turn. */
static struct qs_question *make_pool(size_t n)
{
	struct qs_question *p = xcalloc(n, sizeof *p);
	for (size_t i = 0; i < n; i++)
		p[i] = pool_q((int)(i % 3) + 1, 4, 1u << (i % 4), false);
	return p;
}

static struct quiz_session *start(const struct qs_question *pool, size_t n, int count,
				  int64_t limit, uint64_t seed, const struct clock *c)
{
	struct qs_config cfg = {count, limit, seed};
	struct quiz_session *s = NULL;
	char *err = NULL;
	assert_int_equal(qs_new(pool, n, &cfg, c, &s, &err), NK_OK);
	assert_null(err);
	assert_non_null(s);
	return s;
}

/* The shown position of a bank option in question i. */
static int shown_pos(const struct quiz_session *s, size_t i, int bank)
{
	for (int k = 0; k < qs_nopts(s, i); k++)
		if (qs_option_at(s, i, k) == bank)
			return k;
	fail_msg("bank option %d is not shown", bank);
	return -1;
}

/* The shown position of a right (want) or wrong option of the current question. */
static int pick(const struct quiz_session *s, const struct qs_question *pool, bool want)
{
	size_t i = qs_current(s);
	const struct qs_question *q = &pool[qs_pool_index(s, i)];
	for (int k = 0; k < q->nopts; k++) {
		bool right = q->correct & (1u << qs_option_at(s, i, k));
		if (right == want)
			return k;
	}
	fail_msg("no %s option", want ? "right" : "wrong");
	return -1;
}

static void test_initial_state(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock c = {clock_manual_read, &now};
	struct qs_question *pool = make_pool(12);
	struct quiz_session *s = start(pool, 12, 5, 0, 7, &c);
	assert_int_equal(qs_state(s), QS_ASKING);
	assert_int_equal(qs_count(s), 5);
	assert_int_equal(qs_current(s), 0);
	assert_int_equal(qs_score(s), 0);
	assert_int_equal(qs_marked(s), 0);
	assert_int_equal(qs_remaining_ms(s), -1);
	for (size_t i = 0; i < 5; i++) {
		const struct qs_result *r = qs_result(s, i);
		assert_non_null(r);
		assert_false(r->answered);
		assert_false(r->correct);
		assert_int_equal(r->pool, qs_pool_index(s, i));
		assert_true(qs_pool_index(s, i) < 12);
		assert_int_equal(qs_nopts(s, i), 4);
	}
	/* Out of range asks get an answer that cannot be mistaken for data. */
	assert_null(qs_result(s, 5));
	assert_int_equal(qs_pool_index(s, 5), SIZE_MAX);
	assert_int_equal(qs_nopts(s, 5), NK_EINVAL);
	assert_int_equal(qs_option_at(s, 0, 4), NK_EINVAL);
	assert_int_equal(qs_option_at(s, 0, -1), NK_EINVAL);
	qs_free(&s);
	assert_null(s);
	qs_free(&s); /* a NULLed pointer may be freed again */
	free(pool);
}

static void test_answer_right(void **state)
{
	(void)state;
	int64_t now = 5000;
	struct clock c = {clock_manual_read, &now};
	struct qs_question *pool = make_pool(6);
	struct quiz_session *s = start(pool, 6, 3, 0, 11, &c);
	size_t p = qs_pool_index(s, 0);
	int k = pick(s, pool, true);
	now += 1234;
	assert_int_equal(qs_answer(s, k), NK_OK);
	assert_int_equal(qs_state(s), QS_FEEDBACK);
	const struct qs_result *r = qs_result(s, 0);
	assert_true(r->answered);
	assert_true(r->correct);
	assert_false(r->timed_out);
	assert_int_equal(r->chosen, pool[p].correct);
	assert_int_equal(r->ms, 1234);
	assert_int_equal(qs_score(s), 1);
	assert_int_equal(qs_current(s), 0); /* feedback is still about question 0 */
	qs_free(&s);
	free(pool);
}

static void test_answer_wrong(void **state)
{
	(void)state;
	int64_t now = 5000;
	struct clock c = {clock_manual_read, &now};
	struct qs_question *pool = make_pool(6);
	struct quiz_session *s = start(pool, 6, 3, 0, 11, &c);
	int k = pick(s, pool, false);
	now += 20;
	assert_int_equal(qs_answer(s, k), NK_OK);
	assert_int_equal(qs_state(s), QS_FEEDBACK);
	const struct qs_result *r = qs_result(s, 0);
	assert_true(r->answered);
	assert_false(r->correct);
	assert_false(r->timed_out);
	assert_int_equal(r->chosen, 1u << qs_option_at(s, 0, k));
	assert_int_equal(r->ms, 20);
	assert_int_equal(qs_score(s), 0);
	qs_free(&s);
	free(pool);
}

static void test_score(void **state)
{
	(void)state;
	int64_t now = 0;
	struct clock c = {clock_manual_read, &now};
	struct qs_question *pool = make_pool(15);
	struct quiz_session *s = start(pool, 15, 5, 0, 3, &c);
	static const bool plan[] = {true, false, true, true, false};
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(qs_answer(s, pick(s, pool, plan[i])), NK_OK);
		assert_int_equal(qs_result(s, i)->correct, plan[i]);
		assert_int_equal(qs_next(s), NK_OK);
	}
	assert_int_equal(qs_score(s), 3);
	qs_free(&s);
	free(pool);
}

static void test_feedback_next_done(void **state)
{
	(void)state;
	int64_t now = 100;
	struct clock c = {clock_manual_read, &now};
	struct qs_question *pool = make_pool(9);
	struct quiz_session *s = start(pool, 9, 3, 0, 5, &c);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(qs_state(s), QS_ASKING);
		assert_int_equal(qs_current(s), i);
		now += 10;
		assert_int_equal(qs_answer(s, 0), NK_OK);
		assert_int_equal(qs_state(s), QS_FEEDBACK);
		/* Time spent reading the feedback is not the next question's time. */
		now += 500;
		assert_int_equal(qs_next(s), NK_OK);
		assert_int_equal(qs_result(s, i)->ms, 10);
	}
	assert_int_equal(qs_state(s), QS_DONE);
	assert_int_equal(qs_current(s), 3);
	qs_free(&s);
	free(pool);
}

static void test_wrong_state_refused(void **state)
{
	(void)state;
	int64_t now = 0;
	struct clock c = {clock_manual_read, &now};
	struct qs_question *pool = make_pool(3);
	struct quiz_session *s = start(pool, 3, 1, 0, 9, &c);

	/* ASKING: no next, no toggling a single-answer question, no option out of range. */
	assert_int_equal(qs_next(s), NK_EINVAL);
	assert_int_equal(qs_toggle(s, 0), NK_EINVAL);
	assert_int_equal(qs_answer(s, 4), NK_EINVAL);
	assert_int_equal(qs_answer(s, -1), NK_EINVAL);
	assert_int_equal(qs_state(s), QS_ASKING);
	assert_false(qs_result(s, 0)->answered);
	assert_int_equal(qs_marked(s), 0);

	/* FEEDBACK: a second answer must not overwrite the first. */
	int wrong = pick(s, pool, false), right = pick(s, pool, true);
	now += 7;
	assert_int_equal(qs_answer(s, wrong), NK_OK);
	now += 7;
	assert_int_equal(qs_answer(s, right), NK_EINVAL);
	assert_int_equal(qs_toggle(s, 0), NK_EINVAL);
	assert_int_equal(qs_state(s), QS_FEEDBACK);
	assert_false(qs_result(s, 0)->correct);
	assert_int_equal(qs_result(s, 0)->ms, 7);

	/* DONE: everything but reading is refused. */
	assert_int_equal(qs_next(s), NK_OK);
	assert_int_equal(qs_state(s), QS_DONE);
	assert_int_equal(qs_answer(s, 0), NK_EINVAL);
	assert_int_equal(qs_next(s), NK_EINVAL);
	assert_int_equal(qs_toggle(s, 0), NK_EINVAL);
	assert_int_equal(qs_state(s), QS_DONE);
	assert_int_equal(qs_current(s), 1);
	assert_int_equal(qs_score(s), 0);
	qs_free(&s);
	free(pool);
}

static void test_draw_no_repeats(void **state)
{
	(void)state;
	int64_t now = 0;
	struct clock c = {clock_manual_read, &now};
	struct qs_question *pool = make_pool(20);
	for (uint64_t seed = 0; seed < 50; seed++) {
		for (int count = 1; count <= 20; count += 19) {
			struct quiz_session *s = start(pool, 20, count, 0, seed, &c);
			bool seen[20] = {false};
			for (size_t i = 0; i < qs_count(s); i++) {
				size_t p = qs_pool_index(s, i);
				assert_true(p < 20);
				assert_false(seen[p]);
				seen[p] = true;
			}
			qs_free(&s);
		}
	}
	free(pool);
}

/* The whole draw, as a comparable list: pool indices, then each option order. */
static void snapshot(const struct quiz_session *s, int *out, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < qs_count(s); i++) {
		assert_true(k < cap);
		out[k++] = (int)qs_pool_index(s, i);
		for (int j = 0; j < qs_nopts(s, i); j++) {
			assert_true(k < cap);
			out[k++] = qs_option_at(s, i, j);
		}
	}
}

static void test_draw_deterministic(void **state)
{
	(void)state;
	int64_t now = 0;
	struct clock c = {clock_manual_read, &now};
	struct qs_question *pool = make_pool(30);
	int a[100] = {0}, b[100] = {0}, d[100] = {0};
	struct quiz_session *s = start(pool, 30, 10, 0, 42, &c);
	snapshot(s, a, NK_ARRAY_LEN(a));
	qs_free(&s);
	s = start(pool, 30, 10, 0, 42, &c);
	snapshot(s, b, NK_ARRAY_LEN(b));
	qs_free(&s);
	s = start(pool, 30, 10, 0, 43, &c);
	snapshot(s, d, NK_ARRAY_LEN(d));
	qs_free(&s);
	assert_memory_equal(a, b, sizeof a);
	assert_memory_not_equal(a, d, sizeof a);
	free(pool);
}

/* Counts per level (index difficulty 1..3) of a session's questions. */
static void level_counts(const struct quiz_session *s, const struct qs_question *pool,
			 size_t out[4])
{
	memset(out, 0, 4 * sizeof *out);
	for (size_t i = 0; i < qs_count(s); i++) {
		int d = pool[qs_pool_index(s, i)].difficulty;
		out[d >= 1 && d <= 3 ? d : 2]++;
	}
}

static void test_spread_over_levels(void **state)
{
	(void)state;
	int64_t now = 0;
	struct clock c = {clock_manual_read, &now};
	struct qs_question *pool = make_pool(30); /* 10 per level */
	size_t n[4];
	for (uint64_t seed = 0; seed < 40; seed++) {
		struct quiz_session *s = start(pool, 30, 5, 0, seed, &c);
		level_counts(s, pool, n);
		for (int l = 1; l <= 3; l++)
			assert_in_range(n[l], 1, 2);
		qs_free(&s);
		s = start(pool, 30, 3, 0, seed, &c);
		level_counts(s, pool, n);
		for (int l = 1; l <= 3; l++)
			assert_int_equal(n[l], 1);
		qs_free(&s);
	}
	/* A small level is used up, and the rest comes from the others. */
	struct qs_question lop[8];
	lop[0] = pool_q(3, 2, 1, false);
	for (int i = 1; i < 8; i++)
		lop[i] = pool_q(1, 2, 1, false);
	for (uint64_t seed = 0; seed < 20; seed++) {
		struct quiz_session *s = start(lop, 8, 4, 0, seed, &c);
		level_counts(s, lop, n);
		assert_int_equal(n[3], 1);
		assert_int_equal(n[1], 3);
		qs_free(&s);
	}
	free(pool);
}

static void test_easiest_first(void **state)
{
	(void)state;
	int64_t now = 0;
	struct clock c = {clock_manual_read, &now};
	/* Levels 3, 0 (counted as 2), 1 in turn, so the pool order is not the answer. */
	struct qs_question pool[12];
	static const int lv[] = {3, 0, 1};
	for (int i = 0; i < 12; i++)
		pool[i] = pool_q(lv[i % 3], 3, 2, false);
	for (uint64_t seed = 0; seed < 30; seed++) {
		struct quiz_session *s = start(pool, 12, 6, 0, seed, &c);
		int prev = 0;
		for (size_t i = 0; i < qs_count(s); i++) {
			int d = pool[qs_pool_index(s, i)].difficulty;
			d = d == 0 ? 2 : d;
			assert_true(d >= prev);
			prev = d;
		}
		assert_int_equal(pool[qs_pool_index(s, 0)].difficulty, 1);
		assert_int_equal(pool[qs_pool_index(s, 5)].difficulty, 3);
		qs_free(&s);
	}
}

static void test_option_shuffle(void **state)
{
	(void)state;
	int64_t now = 0;
	struct clock c = {clock_manual_read, &now};
	struct qs_question pool[10];
	for (int i = 0; i < 10; i++)
		pool[i] = pool_q(1, i % 2 ? QS_MAX_OPTIONS : 5, 1u << (i % 5), false);
	bool moved = false;
	for (uint64_t seed = 0; seed < 10; seed++) {
		struct quiz_session *s = start(pool, 10, 10, 0, seed, &c);
		for (size_t i = 0; i < qs_count(s); i++) {
			int n = qs_nopts(s, i);
			unsigned seen = 0;
			for (int k = 0; k < n; k++) {
				int b = qs_option_at(s, i, k);
				assert_in_range(b, 0, n - 1);
				assert_false(seen & (1u << b));
				seen |= 1u << b;
				moved |= b != k;
			}
			assert_int_equal(seen, (1u << n) - 1);
		}
		/* Every answer goes through the shown order, right or wrong. */
		for (size_t i = 0; i < qs_count(s); i++) {
			int k = (int)((seed + i) % (uint64_t)qs_nopts(s, i));
			int b = qs_option_at(s, i, k);
			const struct qs_question *q = &pool[qs_pool_index(s, i)];
			assert_int_equal(qs_answer(s, k), NK_OK);
			assert_int_equal(qs_result(s, i)->chosen, 1u << b);
			assert_int_equal(qs_result(s, i)->correct, (q->correct >> b) & 1u);
			assert_int_equal(qs_next(s), NK_OK);
		}
		qs_free(&s);
	}
	assert_true(moved);
}

static void test_multi_answer(void **state)
{
	(void)state;
	int64_t now = 0;
	struct clock c = {clock_manual_read, &now};
	/* Right: bank options 0 and 2 of 4. */
	struct qs_question pool[1] = {pool_q(2, 4, 0x5, true)};
	struct quiz_session *s = start(pool, 1, 1, 0, 77, &c);
	int r0 = shown_pos(s, 0, 0), r2 = shown_pos(s, 0, 2), w1 = shown_pos(s, 0, 1);

	assert_int_equal(qs_answer(s, 0), NK_EINVAL); /* nothing ticked yet */
	assert_int_equal(qs_state(s), QS_ASKING);
	assert_int_equal(qs_toggle(s, 4), NK_EINVAL);
	assert_int_equal(qs_toggle(s, -1), NK_EINVAL);
	assert_int_equal(qs_toggle(s, w1), NK_OK);
	assert_int_equal(qs_marked(s), 1u << w1);
	assert_int_equal(qs_toggle(s, w1), NK_OK); /* off again */
	assert_int_equal(qs_marked(s), 0);
	assert_int_equal(qs_answer(s, 0), NK_EINVAL);
	assert_int_equal(qs_toggle(s, r0), NK_OK);
	assert_int_equal(qs_toggle(s, r2), NK_OK);
	assert_int_equal(qs_marked(s), (1u << r0) | (1u << r2));
	assert_int_equal(qs_answer(s, 3), NK_OK); /* k is ignored */
	assert_true(qs_result(s, 0)->correct);
	assert_int_equal(qs_result(s, 0)->chosen, 0x5);
	assert_int_equal(qs_toggle(s, r0), NK_EINVAL); /* FEEDBACK: too late */
	assert_int_equal(qs_score(s), 1);

	/* A subset or a superset of the right set is wrong. */
	assert_int_equal(qs_restart(s, 78), NK_OK);
	assert_int_equal(qs_marked(s), 0);
	assert_int_equal(qs_toggle(s, shown_pos(s, 0, 0)), NK_OK);
	assert_int_equal(qs_answer(s, 0), NK_OK);
	assert_false(qs_result(s, 0)->correct);
	assert_int_equal(qs_result(s, 0)->chosen, 0x1);

	assert_int_equal(qs_restart(s, 79), NK_OK);
	for (int b = 0; b < 3; b++)
		assert_int_equal(qs_toggle(s, shown_pos(s, 0, b)), NK_OK);
	assert_int_equal(qs_answer(s, 0), NK_OK);
	assert_false(qs_result(s, 0)->correct);
	assert_int_equal(qs_result(s, 0)->chosen, 0x7);
	assert_int_equal(qs_score(s), 0);
	qs_free(&s);
}

static void test_marks_cleared_between_questions(void **state)
{
	(void)state;
	int64_t now = 0;
	struct clock c = {clock_manual_read, &now};
	struct qs_question pool[2] = {pool_q(1, 3, 0x3, true), pool_q(2, 3, 0x1, true)};
	struct quiz_session *s = start(pool, 2, 2, 0, 1, &c);
	assert_int_equal(qs_toggle(s, 0), NK_OK);
	assert_int_equal(qs_answer(s, 0), NK_OK);
	assert_int_equal(qs_next(s), NK_OK);
	assert_int_equal(qs_marked(s), 0);
	assert_int_equal(qs_answer(s, 0), NK_EINVAL);
	qs_free(&s);
}

static void test_single_with_several_right(void **state)
{
	(void)state;
	int64_t now = 0;
	struct clock c = {clock_manual_read, &now};
	/* A single-answer question may accept more than one option: either one scores. */
	struct qs_question pool[1] = {pool_q(1, 3, 0x6, false)};
	for (int b = 0; b < 3; b++) {
		struct quiz_session *s = start(pool, 1, 1, 0, 5, &c);
		assert_int_equal(qs_answer(s, shown_pos(s, 0, b)), NK_OK);
		assert_int_equal(qs_result(s, 0)->correct, b != 0);
		qs_free(&s);
	}
}

static void test_time_limit(void **state)
{
	(void)state;
	int64_t now = 10000;
	struct clock c = {clock_manual_read, &now};
	struct qs_question *pool = make_pool(6);
	struct quiz_session *s = start(pool, 6, 2, 30000, 4, &c);
	assert_int_equal(qs_remaining_ms(s), 30000);
	now += 12000;
	assert_false(qs_tick(s));
	assert_int_equal(qs_state(s), QS_ASKING);
	assert_int_equal(qs_remaining_ms(s), 18000);
	now += 17999;
	assert_false(qs_tick(s));
	assert_int_equal(qs_remaining_ms(s), 1);
	now += 1;
	assert_int_equal(qs_remaining_ms(s), 0);
	assert_true(qs_tick(s));
	assert_int_equal(qs_state(s), QS_FEEDBACK);
	const struct qs_result *r = qs_result(s, 0);
	assert_true(r->answered);
	assert_true(r->timed_out);
	assert_false(r->correct);
	assert_int_equal(r->chosen, 0);
	assert_int_equal(r->ms, 30000);
	assert_false(qs_tick(s)); /* nothing more to time out */
	assert_int_equal(qs_answer(s, pick(s, pool, true)), NK_EINVAL);
	now += 99999;
	assert_int_equal(qs_remaining_ms(s), 0);

	/* The next question gets its own full time, from when it is shown. */
	assert_int_equal(qs_next(s), NK_OK);
	assert_int_equal(qs_remaining_ms(s), 30000);
	now += 29999;
	assert_false(qs_tick(s));
	assert_int_equal(qs_answer(s, pick(s, pool, true)), NK_OK);
	assert_true(qs_result(s, 1)->correct);
	assert_false(qs_result(s, 1)->timed_out);
	assert_int_equal(qs_result(s, 1)->ms, 29999);
	assert_int_equal(qs_score(s), 1);
	qs_free(&s);
	free(pool);
}

static void test_late_answer_times_out(void **state)
{
	(void)state;
	int64_t now = 0;
	struct clock c = {clock_manual_read, &now};
	struct qs_question *pool = make_pool(3);
	struct quiz_session *s = start(pool, 3, 1, 5000, 8, &c);
	now += 5001; /* the key came after the limit, before any tick */
	assert_int_equal(qs_remaining_ms(s), 0);
	assert_int_equal(qs_answer(s, pick(s, pool, true)), NK_OK);
	assert_int_equal(qs_state(s), QS_FEEDBACK);
	assert_true(qs_result(s, 0)->timed_out);
	assert_false(qs_result(s, 0)->correct);
	assert_int_equal(qs_result(s, 0)->chosen, 0);
	assert_int_equal(qs_result(s, 0)->ms, 5000);
	assert_int_equal(qs_score(s), 0);
	qs_free(&s);

	/* A tick that comes late records the limit too, not when the timer woke. */
	s = start(pool, 3, 1, 5000, 8, &c);
	now += 7500;
	assert_true(qs_tick(s));
	assert_true(qs_result(s, 0)->timed_out);
	assert_int_equal(qs_result(s, 0)->ms, 5000);
	qs_free(&s);
	free(pool);
}

static void test_no_limit(void **state)
{
	(void)state;
	int64_t now = 0;
	struct clock c = {clock_manual_read, &now};
	struct qs_question *pool = make_pool(3);
	struct quiz_session *s = start(pool, 3, 2, 0, 8, &c);
	for (int i = 0; i < 5; i++) {
		now += INT64_C(86400000);
		assert_false(qs_tick(s));
		assert_int_equal(qs_remaining_ms(s), -1);
		assert_int_equal(qs_state(s), QS_ASKING);
	}
	assert_int_equal(qs_answer(s, pick(s, pool, true)), NK_OK);
	assert_true(qs_result(s, 0)->correct);
	assert_int_equal(qs_result(s, 0)->ms, 5 * INT64_C(86400000));
	qs_free(&s);
	free(pool);
}

static void test_count_clamped(void **state)
{
	(void)state;
	int64_t now = 0;
	struct clock c = {clock_manual_read, &now};
	struct qs_question *pool = make_pool(3);
	struct quiz_session *s = start(pool, 3, 20, 0, 1, &c);
	assert_int_equal(qs_count(s), 3);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(qs_answer(s, 0), NK_OK);
		assert_int_equal(qs_next(s), NK_OK);
	}
	assert_int_equal(qs_state(s), QS_DONE);
	qs_free(&s);
	free(pool);
}

static void test_unusable_skipped(void **state)
{
	(void)state;
	int64_t now = 0;
	struct clock c = {clock_manual_read, &now};
	struct qs_question pool[] = {
		pool_q(1, 1, 0x1, false),                  /* one option */
		pool_q(1, QS_MAX_OPTIONS + 1, 0x1, false), /* more than the keys */
		pool_q(1, 4, 0x0, false),                  /* no right option */
		pool_q(1, 2, 0x4, true),                   /* right one beyond the options */
		pool_q(2, 3, 0x2, false),                  /* the only usable ones */
		pool_q(3, QS_MAX_OPTIONS, 0x80, true),
	};
	for (uint64_t seed = 0; seed < 20; seed++) {
		struct quiz_session *s = start(pool, NK_ARRAY_LEN(pool), 10, 0, seed, &c);
		assert_int_equal(qs_count(s), 2);
		assert_int_equal(qs_pool_index(s, 0), 4);
		assert_int_equal(qs_pool_index(s, 1), 5);
		qs_free(&s);
	}

	/* Nothing usable, or nothing asked for: no session at all. */
	struct qs_config cfg = {5, 0, 1};
	struct quiz_session *s = (struct quiz_session *)&cfg; /* must be reset to NULL */
	char *err = NULL;
	assert_int_equal(qs_new(pool, 4, &cfg, &c, &s, &err), NK_EINVAL);
	assert_null(s);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(qs_new(NULL, 0, &cfg, &c, &s, NULL), NK_EINVAL);
	cfg.count = 0;
	assert_int_equal(qs_new(pool, NK_ARRAY_LEN(pool), &cfg, &c, &s, &err), NK_EINVAL);
	assert_null(s);
	assert_non_null(err);
	free(err);
	cfg = (struct qs_config){5, -1, 1};
	assert_int_equal(qs_new(pool, NK_ARRAY_LEN(pool), &cfg, &c, &s, NULL), NK_EINVAL);
	assert_null(s);
}

static void test_pool_copied(void **state)
{
	(void)state;
	int64_t now = 0;
	struct clock c = {clock_manual_read, &now};
	struct qs_question *pool = make_pool(3);
	struct quiz_session *s = start(pool, 3, 3, 0, 2, &c);
	size_t p = qs_pool_index(s, 0);
	int right = shown_pos(s, 0, (int)(p % 4));
	/* The caller's array may change or go; the session kept its own. */
	memset(pool, 0, 3 * sizeof *pool);
	free(pool);
	assert_int_equal(qs_nopts(s, 0), 4);
	assert_int_equal(qs_answer(s, right), NK_OK);
	assert_true(qs_result(s, 0)->correct);
	qs_free(&s);
}

static void test_restart(void **state)
{
	(void)state;
	int64_t now = 1000;
	struct clock c = {clock_manual_read, &now};
	struct qs_question *pool = make_pool(30);
	int first[100] = {0}, again[100] = {0}, other[100] = {0};
	struct quiz_session *s = start(pool, 30, 5, 60000, 100, &c);
	snapshot(s, first, NK_ARRAY_LEN(first));
	for (int i = 0; i < 5; i++) {
		now += 100;
		assert_int_equal(qs_answer(s, pick(s, pool, true)), NK_OK);
		assert_int_equal(qs_next(s), NK_OK);
	}
	assert_int_equal(qs_state(s), QS_DONE);
	assert_int_equal(qs_score(s), 5);

	now += 5000;
	assert_int_equal(qs_restart(s, 101), NK_OK);
	assert_int_equal(qs_state(s), QS_ASKING);
	assert_int_equal(qs_current(s), 0);
	assert_int_equal(qs_count(s), 5);
	assert_int_equal(qs_score(s), 0);
	assert_int_equal(qs_remaining_ms(s), 60000);
	for (size_t i = 0; i < 5; i++) {
		assert_false(qs_result(s, i)->answered);
		assert_int_equal(qs_result(s, i)->chosen, 0);
		assert_int_equal(qs_result(s, i)->ms, 0);
	}
	snapshot(s, other, NK_ARRAY_LEN(other));
	assert_memory_not_equal(first, other, sizeof first);

	/* Mid-question, and back to the first seed: the very same draw. */
	now += 700;
	assert_int_equal(qs_answer(s, 0), NK_OK);
	assert_int_equal(qs_restart(s, 100), NK_OK);
	assert_int_equal(qs_state(s), QS_ASKING);
	assert_false(qs_result(s, 0)->answered);
	snapshot(s, again, NK_ARRAY_LEN(again));
	assert_memory_equal(first, again, sizeof first);
	now += 42;
	assert_int_equal(qs_answer(s, pick(s, pool, true)), NK_OK);
	assert_int_equal(qs_result(s, 0)->ms, 42);
	qs_free(&s);
	free(pool);
}

static void test_clock_stepped_back(void **state)
{
	(void)state;
	int64_t now = 50000;
	struct clock c = {clock_manual_read, &now};
	struct qs_question *pool = make_pool(3);
	struct quiz_session *s = start(pool, 3, 1, 10000, 8, &c);
	now -= 3000; /* the wall clock was corrected while the question was up */
	assert_false(qs_tick(s));
	assert_int_equal(qs_remaining_ms(s), 10000);
	assert_int_equal(qs_answer(s, 0), NK_OK);
	assert_int_equal(qs_result(s, 0)->ms, 0);
	qs_free(&s);
	free(pool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_initial_state),
		cmocka_unit_test(test_answer_right),
		cmocka_unit_test(test_answer_wrong),
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_feedback_next_done),
		cmocka_unit_test(test_wrong_state_refused),
		cmocka_unit_test(test_draw_no_repeats),
		cmocka_unit_test(test_draw_deterministic),
		cmocka_unit_test(test_spread_over_levels),
		cmocka_unit_test(test_easiest_first),
		cmocka_unit_test(test_option_shuffle),
		cmocka_unit_test(test_multi_answer),
		cmocka_unit_test(test_marks_cleared_between_questions),
		cmocka_unit_test(test_single_with_several_right),
		cmocka_unit_test(test_time_limit),
		cmocka_unit_test(test_late_answer_times_out),
		cmocka_unit_test(test_no_limit),
		cmocka_unit_test(test_count_clamped),
		cmocka_unit_test(test_unusable_skipped),
		cmocka_unit_test(test_pool_copied),
		cmocka_unit_test(test_restart),
		cmocka_unit_test(test_clock_stepped_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
