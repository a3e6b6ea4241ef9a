/*
 * contest: an event-day quiz contest between teams, as a pure state machine. The host walks
 * each question READY → SHOWING → LOCKED → REVEALED → LEADERBOARD, rounds end in ROUND_END,
 * and the last one in FINISHED; answers come in from the host, team terminals or a shared
 * keyboard, and scores follow from the answers alone (accuracy, speed or elimination rounds;
 * one answer per team or the sum of its members). Time comes only from the injected clock and
 * randomness only from the seed. The whole state saves to a line-based text and loads back, so
 * that the host console, the audience display and the team terminals can share it through the
 * database and any of them can restart where the contest was. It is not the database, the
 * screens or the question banks: the caller stores the text, draws the screens and maps
 * question ids to texts.
 *
 * Options are always named by their shown position (what a team presses or holds up); the
 * bank option behind shown position k is contest_option_at (the same unless a round
 * shuffles). Ownership: strings passed in are copied; strings and pointers returned live until
 * the next call that changes the contest, or contest_free, which frees it and NULLs the pointer.
 */
#ifndef NK_QUIZZES_CONTEST_H
#define NK_QUIZZES_CONTEST_H

#include "core/clock.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONTEST_MAX_OPTIONS    8
#define CONTEST_MAX_TEAMS      200
#define CONTEST_MAX_MEMBERS    50
#define CONTEST_DEFAULT_POINTS 10
#define CONTEST_MAX_POINTS     100000
#define CONTEST_MAX_TIME_MS    INT64_C(86400000) /* a day: longer is a typo */

enum contest_mode {
	CONTEST_ACCURACY,   /* points for each right answer */
	CONTEST_SPEED,      /* right: full points at 0 ms down to half at the limit, linearly */
	CONTEST_ELIMINATION /* right: points; wrong or none: out for the rest of the round */
};

/* Who answers: each team once (member is always 0), or each member, the team scoring the sum. */
enum contest_answering { CONTEST_TEAM_ANSWER, CONTEST_MEMBER_SUM };

enum contest_state {
	CONTEST_SETUP,       /* teams and rounds being added */
	CONTEST_READY,       /* a question chosen, not shown */
	CONTEST_SHOWING,     /* shown, countdown running (or paused), answers accepted */
	CONTEST_LOCKED,      /* no more answers */
	CONTEST_REVEALED,    /* right answer and distribution shown; the question now scores */
	CONTEST_LEADERBOARD, /* standings shown between questions */
	CONTEST_ROUND_END,   /* the last question of a round is behind */
	CONTEST_FINISHED     /* podium */
};

enum contest_source { CONTEST_SRC_HOST, CONTEST_SRC_TEAM, CONTEST_SRC_KEYBOARD };

enum contest_op {
	CONTEST_OP_TEAM, CONTEST_OP_ROUND, CONTEST_OP_START, CONTEST_OP_SHOW, CONTEST_OP_LOCK,
	CONTEST_OP_REVEAL, CONTEST_OP_LEADERBOARD, CONTEST_OP_NEXT, CONTEST_OP_PAUSE,
	CONTEST_OP_RESUME, CONTEST_OP_SKIP, CONTEST_OP_RESCUE, CONTEST_OP_TIEBREAK,
	CONTEST_OP_ANSWER, CONTEST_OP_REPLACE, CONTEST_OP_RETRACT, CONTEST_OP_CORRECT,
	CONTEST_OP_UNDO, CONTEST_OP_REDO, CONTEST_OP_END_ROUND, CONTEST_OP_INPUT, CONTEST_OP_HOST,
	CONTEST_OP_RENAME
};

/* How a team answers. ANY takes answers from everywhere; otherwise a team terminal's or the
 * shared keyboard's answer counts only for a team set to it, and BOARD (boards held up, typed
 * by the host) takes neither. The host's console may always enter an answer. */
enum contest_input {
	CONTEST_INPUT_ANY, CONTEST_INPUT_TERMINAL, CONTEST_INPUT_KEYBOARD, CONTEST_INPUT_BOARD
};

struct contest_question {
	const char *id;   /* copied */
	int nopts;        /* 2..CONTEST_MAX_OPTIONS */
	unsigned correct; /* bit i: bank option i is right; at least one, none beyond nopts */
	bool multi;       /* right only when exactly the right options are chosen */
};

struct contest_round_config {
	enum contest_mode mode;
	int points;      /* per right answer (full speed points); 0 means CONTEST_DEFAULT_POINTS */
	int64_t time_ms; /* per question; 0 = until the host locks (not allowed for SPEED) */
	bool shuffle;    /* show options in an order drawn from the contest seed */
	int64_t reading_ms; /* the question is read out first: answers open, and the countdown
			       starts, this long after it is shown (0: at once) */
};

struct contest_qinfo {
	const char *id;
	int nopts;
	unsigned correct; /* shown positions that are right */
	bool multi;
	bool rescue;   /* elimination round: only teams that are out answer; right ones come back */
	bool tiebreak; /* only the teams tied for a prize place when it was added answer */
	bool skipped;  /* counts for no one */
	bool revealed; /* scores (unless skipped) */
	int64_t locked_ms; /* countdown time used when it was locked */
};

struct contest_entry {
	unsigned mask; /* shown positions chosen */
	int64_t ms;    /* from showing to the answer, paused time left out */
	enum contest_source source;
	bool right;
	long long points; /* what it earned: 0 until revealed */
};

struct contest_stats {
	unsigned counts[CONTEST_MAX_OPTIONS]; /* answerers who chose shown option k */
	unsigned correct;                     /* shown positions that are right */
	int eligible, answered, right;        /* answerers: teams, or members in MEMBER_SUM */
};

struct contest_standing {
	int team;
	long long score;     /* tie-break questions left out */
	long long tiebreak;  /* points from tie-break questions: they order teams of one score,
				never lift a team above a higher score */
	int64_t time_ms; /* summed time of the answers that scored: the faster team sorts first */
	int rank;        /* 1 + the number of teams ahead by score or, at one score, by
			    tie-break points: teams equal in both share it */
};

struct contest_log {
	int64_t at;   /* clock ms */
	char who[16]; /* "host", "team:N", "keyboard", or "timer" for a lock at time-up */
	enum contest_op op;
	int round, question; /* -1 when the operation has none */
	int team, member;    /* team 0 when the operation has none */
	unsigned mask, prev; /* answers: shown positions chosen, and those replaced (0: none) */
	int64_t ms;          /* answers: their time; lock: the countdown time used */
};

struct contest;

/* An empty contest in SETUP. seed draws shuffled option orders. */
int contest_new(const char *name, enum contest_answering answering, uint64_t seed,
		const struct clock *clk, struct contest **out, char **err);
void contest_free(struct contest **c);

/* Any state but FINISHED: a late team may join a running contest (it has no answer to the
 * questions before; in an elimination round under way it starts out, and a rescue question
 * can bring it in). Returns the new team's id (1, 2, …) or NK_EINVAL. members is 1..
 * CONTEST_MAX_MEMBERS for MEMBER_SUM (0 becomes 1), and only informative for TEAM_ANSWER. */
int contest_add_team(struct contest *c, const char *name, int members, char **err);
/* Any state: corrects team's name. */
int contest_rename_team(struct contest *c, int team, const char *name, char **err);
/* SETUP only. Returns the new round's index (0, 1, …) or NK_EINVAL; at least one question. */
int contest_add_round(struct contest *c, const struct contest_round_config *cfg,
		      const struct contest_question *qs, size_t n, char **err);

/*
 * Host operations. Each returns NK_EINVAL, changing nothing, outside the states it names.
 *   start       SETUP → READY (first question); needs a team and a round
 *   show        READY → SHOWING; the countdown starts now, or after the reading time
 *   lock        SHOWING → LOCKED
 *   reveal      LOCKED → REVEALED
 *   leaderboard REVEALED → LEADERBOARD
 *   next        LEADERBOARD → READY (next question) or ROUND_END;
 *               ROUND_END → READY (next round) or FINISHED
 *   pause       SHOWING (running) → SHOWING (paused): the countdown and answers stop
 *   resume      SHOWING (paused) → SHOWING (running); the paused time is not counted
 *   skip        READY, SHOWING, LOCKED or REVEALED: the question counts for no one; then as next
 *   rescue      READY in an elimination round with a team out: makes it a rescue question
 *   tiebreak    ROUND_END or FINISHED with two or more teams sharing a prize place (a rank of
 *               3 or better; the best such place first): appends q
 *               to the current (the last) round, only those teams may answer it, → READY on it
 * Pause refuses once the time is up, and locks the question as contest_tick would.
 */
int contest_start(struct contest *c, char **err);
int contest_show(struct contest *c, char **err);
int contest_lock(struct contest *c, char **err);
int contest_reveal(struct contest *c, char **err);
int contest_leaderboard(struct contest *c, char **err);
int contest_next(struct contest *c, char **err);
int contest_pause(struct contest *c, char **err);
int contest_resume(struct contest *c, char **err);
int contest_skip(struct contest *c, char **err);
int contest_rescue(struct contest *c, char **err);
int contest_add_tiebreak(struct contest *c, const struct contest_question *q, char **err);

/* SHOWING, running, with a time limit: past the limit (the limit itself still counts as in
 * time) the question locks. Returns true when it did. */
bool contest_tick(struct contest *c);

/*
 * An answer to the current question: shown positions, exactly one for a single-answer
 * question. Accepted only while SHOWING and running, in time, from a team (member) allowed to
 * answer this question; a later answer from the same one replaces it. An answer that arrives
 * past the limit is refused and locks the question.
 */
int contest_answer(struct contest *c, int team, int member, unsigned mask,
		   enum contest_source source, char **err);
/* Takes back the current question's answer: while SHOWING from any source, while LOCKED from
 * the host only. NK_ENOENT when there is none. */
int contest_retract(struct contest *c, int team, int member, enum contest_source source,
		    char **err);
/* The host's correction of question `question` of round `round`: the current one while
 * SHOWING or LOCKED, or any revealed one (then the scores follow at once). mask 0 removes the
 * answer (NK_ENOENT when there is none). An answer keeps its time; a new one gets the time the
 * countdown had when it was locked (or has now, while SHOWING). */
int contest_correct(struct contest *c, int round, int question, int team, int member,
		    unsigned mask, char **err);

/*
 * The host's undo and redo, for the host's own entries (answers typed at the console, and its
 * corrections) of the current question only, while SHOWING, LOCKED, REVEALED or LEADERBOARD.
 * Undo puts the newest such entry still in force back to what it replaced (or removes it),
 * with the time and source that had; redo puts the newest undone entry back, until a new
 * entry is typed. Both are logged (UNDO, REDO: mask what the slot holds now, prev what it
 * held). *e (may be NULL) gets the entry undone or redone, as it was logged. NK_ENOENT when
 * there is none; NK_EINVAL when the team has answered again since (type a correction).
 */
int contest_undo(struct contest *c, struct contest_log *e, char **err);
int contest_redo(struct contest *c, struct contest_log *e, char **err);
/* Whether undo (redo) would find an entry now; when it would, *e (may be NULL) gets it. */
bool contest_can_undo(const struct contest *c, struct contest_log *e);
bool contest_can_redo(const struct contest *c, struct contest_log *e);

/* READY or LEADERBOARD: the round ends now; the questions not yet shown count for no one
 * (they are marked skipped) and the contest goes to ROUND_END. */
int contest_end_round(struct contest *c, char **err);

/* Any state: which input team answers by (contest_answer refuses the others). */
int contest_set_input(struct contest *c, int team, enum contest_input input, char **err);
enum contest_input contest_team_input(const struct contest *c, int team); /* ANY for none */
const char *contest_input_name(enum contest_input in);

/* The host console in charge: a token of 1..32 characters [0-9a-z]. Claiming replaces the
 * one before (a take-over); contest_host gives "" when none has claimed. */
int contest_claim_host(struct contest *c, const char *token, char **err);
const char *contest_host(const struct contest *c);

/* NK_OK when the contest is in state s at question (round, question); otherwise NK_EINVAL
 * naming both, so that a host step meant for a state that has passed is refused. */
int contest_expect(const struct contest *c, enum contest_state s, size_t round,
		   size_t question, char **err);

enum contest_state contest_state(const struct contest *c);
const char *contest_state_name(enum contest_state s);
const char *contest_op_name(enum contest_op op);
const char *contest_name(const struct contest *c);
enum contest_answering contest_answering(const struct contest *c);

int contest_nteams(const struct contest *c);
const char *contest_team_name(const struct contest *c, int team); /* NULL when no such team */
int contest_team_members(const struct contest *c, int team);      /* NK_EINVAL when none */

size_t contest_nrounds(const struct contest *c);
int contest_round_info(const struct contest *c, size_t round, struct contest_round_config *out);
size_t contest_round_questions(const struct contest *c, size_t round); /* 0 when no round */
/* The current round and question (0, 0 in SETUP; the last ones when FINISHED). */
void contest_position(const struct contest *c, size_t *round, size_t *question);
int contest_question_info(const struct contest *c, size_t round, size_t question,
			  struct contest_qinfo *out);
/* The bank option shown at position k, or NK_EINVAL. */
int contest_option_at(const struct contest *c, size_t round, size_t question, int k);

/* SHOWING: how much of the round's reading time is left before answers open (0 once they
 * are, and in every other state). */
int64_t contest_reading_ms(const struct contest *c);
/* Countdown time used on the current question (the lock time once locked; 0 in READY). */
int64_t contest_elapsed_ms(const struct contest *c);
/* -1 in SETUP or without a limit; the whole limit in READY; 0 once locked. */
int64_t contest_remaining_ms(const struct contest *c);
bool contest_paused(const struct contest *c);
/* Whether team (member) may answer the current question, whatever the state: false when out
 * of an elimination round, in on a rescue question, or not in a tie-break. */
bool contest_eligible(const struct contest *c, int team, int member);
/* Out of the current elimination round, after the questions revealed so far. */
bool contest_eliminated(const struct contest *c, int team, int member);

/* NK_ENOENT when that team (member) has no answer there, NK_EINVAL for a bad address. */
int contest_entry_get(const struct contest *c, size_t round, size_t question, int team,
		      int member, struct contest_entry *out);
/* Distribution of a revealed question (NK_EINVAL before its reveal). */
int contest_question_stats(const struct contest *c, size_t round, size_t question,
			   struct contest_stats *out);
/* Every team, best first: score desc, then time asc, then id; out has room for contest_nteams.
 * Returns how many were written. Only revealed questions count. */
size_t contest_standings(const struct contest *c, struct contest_standing *out);
/* The standings with rank ≤ 3 (more than three when places are shared); out as above. */
size_t contest_podium(const struct contest *c, struct contest_standing *out);

size_t contest_log_count(const struct contest *c);
const struct contest_log *contest_log_at(const struct contest *c, size_t i); /* NULL past end */

/* The whole state as text (format in contest_text.c), malloc'd into *out for the caller to free. */
int contest_state_save(const struct contest *c, char **out);
/* A contest from saved text, using clk from now on. NK_EINVAL ("contest state:LINE: why") for
 * text that is not a whole, consistent saved state; *out is then NULL. */
int contest_state_load(const char *text, const struct clock *clk, struct contest **out,
		       char **err);

#endif
