/*
 * contest_impl: the contest's insides, private to quizzes/contest.c (the state machine) and
 * quizzes/contest_text.c (the saved text). Nothing else includes it: callers go through
 * quizzes/contest.h.
 */
#ifndef NK_QUIZZES_CONTEST_IMPL_H
#define NK_QUIZZES_CONTEST_IMPL_H

#include "quizzes/contest.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Far beyond any clock reading, and far enough from INT64_MAX that sums of them cannot
 * overflow: what a loaded state may hold. */
#define MAX_TIME (INT64_MAX / 4)

#define BIT(s) (1u << (s))

struct cteam {
	char *name;
	int members;
	enum contest_input input;
	size_t base; /* its first answer slot */
};

struct cslot {
	bool given;
	unsigned mask; /* shown positions */
	int64_t ms;
	enum contest_source source;
};

struct cq {
	char *id;
	int nopts;
	unsigned correct;               /* bank options */
	unsigned shown_correct;         /* the same by shown position, which answers use */
	int order[CONTEST_MAX_OPTIONS]; /* shown position -> bank option */
	bool multi, revealed, skipped, rescue, tiebreak;
	bool *eligible; /* tie-break: by team index */
	int64_t locked_ms;
	struct cslot *slots; /* nslots of them once the contest has started */
};

struct cround {
	struct contest_round_config cfg; /* points already defaulted */
	struct cq *qs;
	size_t n, cap;
};

struct contest {
	char *name;
	enum contest_answering answering;
	uint64_t seed;
	const struct clock *clk;
	enum contest_state state;
	size_t round, q; /* the current question */
	/* The current question's countdown: shown at show_at, paused_ms spent in earlier pauses,
	 * and, while paused, paused since pause_at. */
	int64_t show_at, pause_at, paused_ms;
	bool paused;
	struct cteam *teams;
	size_t nteams, capteams;
	size_t nslots;  /* answerers: one per team, or one per member in MEMBER_SUM */
	int *slot_team; /* slot -> team index */
	struct cround *rounds;
	size_t nrounds, caprounds;
	struct contest_log *log;
	size_t nlog, caplog;
	char host[33]; /* the host console in charge: "" for none yet */
};

/* Indexed by the enums of contest.h; the saved text names values by these words. */
extern const char *const ci_state_names[];
extern const char *const ci_op_names[];
extern const char *const ci_mode_names[];
extern const char *const ci_source_names[];
extern const char *const ci_answering_names[];
extern const char *const ci_input_names[];
extern const size_t ci_nstate_names, ci_nop_names, ci_nmode_names, ci_nsource_names,
	ci_nanswering_names, ci_ninput_names;
/* A host token as contest_claim_host takes it. */
bool ci_token_ok(const char *token);

/* The index of word in names, or -1. */
int ci_lookup(const char *const *names, size_t n, const char *word);
unsigned ci_opts_mask(int nopts);
struct cq *ci_qat(const struct contest *c, size_t r, size_t i);
bool ci_valid_q(const struct contest *c, size_t r, size_t i);
int ci_check_mask(const struct cq *q, unsigned mask, char **err);
int ci_check_round(const struct contest_round_config *cfg, char **err);
/* Bank options to shown positions through order. */
unsigned ci_to_shown(const int *order, int nopts, unsigned bank);
struct cround *ci_round_append(struct contest *c, const struct contest_round_config *cfg);
struct cq *ci_round_push(struct cround *rd);
/* Returns the new team's id or NK_EINVAL. */
int ci_team_push(struct contest *c, const char *name, int members, char **err);
/* The answer slots, once the teams are final (at start, or loading a started contest). */
void ci_layout_slots(struct contest *c);
int ci_slot_of(const struct contest *c, int team, int member, size_t *slot, char **err);

#endif
