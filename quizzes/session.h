/*
 * session: one self-service quiz, as a pure state machine.
 *
 * A session draws questions from a pool (no repeats, spread over the
 * difficulty levels, easiest first), shuffles each question's options, and
 * walks ASKING → FEEDBACK → ASKING … → DONE as the visitor answers. Time
 * comes only from the injected clock and randomness only from the seed, so
 * every transition is reproducible in a test. It knows nothing of the
 * database, the screen or the language: the caller maps pool indices to
 * texts and records answers as they are given.
 *
 * Ownership: the pool array is copied; its strings are borrowed and must
 * outlive the session. qs_free frees the session and NULLs the pointer.
 */
#ifndef NK_QUIZZES_SESSION_H
#define NK_QUIZZES_SESSION_H

#include "core/clock.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define QS_MAX_OPTIONS 8

struct qs_question {
	const char *id;   /* borrowed */
	int difficulty;   /* 1-3 (0, or anything outside 1-3, counts as 2) */
	int nopts;        /* 2..QS_MAX_OPTIONS; a question outside that is never drawn */
	unsigned correct; /* bit i set: bank option i is right; none set: never drawn */
	bool multi;       /* several options may be chosen, then confirmed */
};

struct qs_config {
	int count;             /* questions wanted (5, 10, 20); fewer if fewer are usable */
	int64_t time_limit_ms; /* per question; 0 = no limit; negative is refused */
	uint64_t seed;         /* the draw and the shuffles */
};

enum qs_state { QS_ASKING, QS_FEEDBACK, QS_DONE };

struct qs_result {
	size_t pool;     /* which pool question */
	unsigned chosen; /* bank options chosen (bit mask) */
	bool answered;   /* false until answered or timed out */
	bool correct;
	bool timed_out;  /* then chosen is 0 and correct false */
	int64_t ms;      /* time from showing the question to the answer; the limit if timed out */
};

struct quiz_session;

/* NK_EINVAL when the pool has no usable question, count < 1 or the time limit is negative
 * (*out is then NULL). The first question is shown, and its time starts, at once. */
int qs_new(const struct qs_question *pool, size_t npool, const struct qs_config *cfg,
	   const struct clock *clk, struct quiz_session **out, char **err);
void qs_free(struct quiz_session **s);

enum qs_state qs_state(const struct quiz_session *s);
size_t qs_count(const struct quiz_session *s);   /* questions in this session */
size_t qs_current(const struct quiz_session *s); /* 0-based; qs_count when DONE */
/* The pool index of the i-th question (SIZE_MAX when i >= qs_count). */
size_t qs_pool_index(const struct quiz_session *s, size_t i);
/* Options as shown: the bank option index at shown position k of question i. Both return
 * NK_EINVAL for an i or k out of range. */
int qs_option_at(const struct quiz_session *s, size_t i, int k);
int qs_nopts(const struct quiz_session *s, size_t i);

/* Multi-answer questions: toggles shown option k; qs_marked gives the shown
 * positions toggled on (bit mask), cleared when the next question is shown.
 * Ignored (NK_EINVAL) for single ones, out of range k, or outside ASKING. */
int qs_toggle(struct quiz_session *s, int k);
unsigned qs_marked(const struct quiz_session *s);

/* Answers the current question: a single-answer question with shown option
 * k; a multi-answer one confirms what is toggled (k is ignored, and an empty
 * choice is refused). ASKING → FEEDBACK. NK_EINVAL in any other state, or for
 * a k out of range, and nothing changes. An answer given once the time limit
 * has passed counts as timed out, as if qs_tick had come first. */
int qs_answer(struct quiz_session *s, int k);
/* FEEDBACK → ASKING (next question) or DONE. */
int qs_next(struct quiz_session *s);

/* With a time limit: when it has passed while ASKING, the question counts as
 * wrong (timed out) and the session moves to FEEDBACK. Returns true when the
 * state changed. */
bool qs_tick(struct quiz_session *s);
/* Milliseconds left on the current question, never below 0 (and 0 outside
 * ASKING); -1 when there is no limit. */
int64_t qs_remaining_ms(const struct quiz_session *s);

/* NULL when i >= qs_count; the pointer lives until qs_restart or qs_free. */
const struct qs_result *qs_result(const struct quiz_session *s, size_t i);
size_t qs_score(const struct quiz_session *s); /* right answers so far */

/* Try again: a new draw with a new seed, every result cleared, back to the
 * first question (ASKING, its time starting now). Allowed in any state. */
int qs_restart(struct quiz_session *s, uint64_t seed);

#endif
