/*
 * contest: the contest state machine behind quizzes/contest.h. It keeps the teams, the rounds
 * and their questions, one answer slot per answerer and question, and the operation log, and
 * derives everything else (points, who is out of an elimination round, standings) from them
 * whenever it is asked, so that a correction after a reveal re-scores by itself and a loaded
 * state needs nothing but what was saved. It reads no bank, touches no database, draws
 * nothing and prints nothing; randomness is a splitmix64 stream seeded from the contest, as in
 * quizzes/session.c, never rand().
 */
#include "quizzes/contest.h"

#include "core/util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Far beyond any clock reading, and far enough from INT64_MAX that sums of them cannot
 * overflow: what a loaded state may hold. */
#define MAX_TIME (INT64_MAX / 4)

#define BIT(s) (1u << (s))

struct cteam {
	char *name;
	int members;
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
};

static const char *const state_names[] = {"setup",    "ready",       "showing",   "locked",
					  "revealed", "leaderboard", "round-end", "finished"};
/* Indexed by enum contest_op; the saved log names operations by these words. */
static const char *const op_names[] = {
	"team",   "round",  "start",    "show",   "lock",    "reveal",  "leaderboard", "next",
	"pause",  "resume", "skip",     "rescue", "tiebreak", "answer", "replace",     "retract",
	"correct"};
static const char *const mode_names[] = {"accuracy", "speed", "elimination"};
static const char *const source_names[] = {"host", "team", "keyboard"};
static const char *const answering_names[] = {"team", "member"};

static int lookup(const char *const *names, size_t n, const char *word)
{
	for (size_t i = 0; word && i < n; i++)
		if (strcmp(names[i], word) == 0)
			return (int)i;
	return -1;
}

/* splitmix64, as in quizzes/session.c: every seed gives a full-period stream, and a seed
 * written into the saved state names the option orders exactly. */
static uint64_t rng_next(uint64_t *st)
{
	uint64_t z = (*st += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform in [0, n): plain modulo would favour the low values. */
static size_t rng_below(uint64_t *st, size_t n)
{
	uint64_t bound = (uint64_t)n;
	uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
	uint64_t x;
	do
		x = rng_next(st);
	while (x >= limit);
	return (size_t)(x % bound);
}

static void shuffle_ints(uint64_t *st, int *v, int n)
{
	for (int i = n; i > 1; i--) {
		int j = (int)rng_below(st, (size_t)i);
		int t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

static unsigned opts_mask(int nopts)
{
	return (1u << nopts) - 1u;
}

static int64_t now(const struct contest *c)
{
	return clock_now_ms(c->clk);
}

static struct cq *qat(const struct contest *c, size_t r, size_t i)
{
	return &c->rounds[r].qs[i];
}

static struct cq *cur(const struct contest *c)
{
	return qat(c, c->round, c->q);
}

static const struct contest_round_config *cur_cfg(const struct contest *c)
{
	return &c->rounds[c->round].cfg;
}

/* Countdown time used: a pause stops it, and a wall clock stepped back must not make it
 * negative. It stops at a day, the longest limit, so that answer times stay in the range a
 * saved state allows and sums of them cannot overflow. */
static int64_t elapsed(const struct contest *c)
{
	if (c->state == CONTEST_SETUP || c->state == CONTEST_READY)
		return 0;
	if (c->state != CONTEST_SHOWING)
		return cur(c)->locked_ms;
	int64_t end = c->paused ? c->pause_at : now(c);
	int64_t d = end - c->show_at - c->paused_ms;
	return d < 0 ? 0 : d > CONTEST_MAX_TIME_MS ? CONTEST_MAX_TIME_MS : d;
}

/* The limit itself is still in time, so that an answer at exactly the limit earns the half
 * points the speed rule promises. */
static bool expired(const struct contest *c)
{
	return c->state == CONTEST_SHOWING && !c->paused && cur_cfg(c)->time_ms > 0 &&
	       elapsed(c) > cur_cfg(c)->time_ms;
}

static int require(const struct contest *c, unsigned states, const char *what, char **err)
{
	if (states & BIT(c->state))
		return NK_OK;
	return err_set(err, NK_EINVAL, "contest: cannot %s in state %s", what,
		       state_names[c->state]);
}

static void who_of(enum contest_source src, int team, char out[16])
{
	if (src == CONTEST_SRC_TEAM)
		snprintf(out, 16, "team:%d", team);
	else
		snprintf(out, 16, "%s", source_names[src]);
}

static bool source_ok(enum contest_source src)
{
	return src == CONTEST_SRC_HOST || src == CONTEST_SRC_TEAM || src == CONTEST_SRC_KEYBOARD;
}

/* A log entry about the current question. */
static struct contest_log here(const struct contest *c, enum contest_op op)
{
	return (struct contest_log){.op = op, .round = (int)c->round, .question = (int)c->q};
}

static void log_push(struct contest *c, const char *who, struct contest_log e)
{
	e.at = now(c);
	snprintf(e.who, sizeof e.who, "%s", who);
	xgrow((void **)&c->log, &c->caplog, c->nlog + 1, sizeof *c->log);
	c->log[c->nlog++] = e;
}

static int check_question(const struct contest_question *q, char **err)
{
	if (!q->id || !*q->id)
		return err_set(err, NK_EINVAL, "contest: a question without an id");
	if (q->nopts < 2 || q->nopts > CONTEST_MAX_OPTIONS)
		return err_set(err, NK_EINVAL, "contest: question %s has %d options", q->id,
			       q->nopts);
	if (!q->correct || (q->correct & ~opts_mask(q->nopts)))
		return err_set(err, NK_EINVAL, "contest: question %s: right options %#x among %d",
			       q->id, q->correct, q->nopts);
	return NK_OK;
}

static int check_mask(const struct cq *q, unsigned mask, char **err)
{
	if (!mask || (mask & ~opts_mask(q->nopts)))
		return err_set(err, NK_EINVAL, "contest: options %#x on a question of %d", mask,
			       q->nopts);
	if (!q->multi && (mask & (mask - 1)))
		return err_set(err, NK_EINVAL, "contest: one option only on question %s", q->id);
	return NK_OK;
}

static unsigned to_shown(const int *order, int nopts, unsigned bank)
{
	unsigned m = 0;
	for (int k = 0; k < nopts; k++)
		if (bank & (1u << order[k]))
			m |= 1u << k;
	return m;
}

/* The order is drawn from the seed and the question's place alone, so it does not depend on
 * when the question was added (a tie-break) or on anything else drawn before it. */
static void q_init(const struct contest *c, struct cq *q, const struct contest_question *src,
		   size_t r, size_t i, bool shuffle)
{
	memset(q, 0, sizeof *q);
	q->id = xstrdup(src->id);
	q->nopts = src->nopts;
	q->correct = src->correct;
	q->multi = src->multi;
	for (int k = 0; k < q->nopts; k++)
		q->order[k] = k;
	if (shuffle) {
		uint64_t st = c->seed ^ (((uint64_t)r << 32) | (uint64_t)i);
		shuffle_ints(&st, q->order, q->nopts);
	}
	q->shown_correct = to_shown(q->order, q->nopts, q->correct);
}

static struct cq *round_push(struct cround *rd)
{
	xgrow((void **)&rd->qs, &rd->cap, rd->n + 1, sizeof *rd->qs);
	return &rd->qs[rd->n++];
}

/* Slots are laid out when the teams can no longer change: at start, or when loading a
 * started contest. */
static void layout_slots(struct contest *c)
{
	size_t n = 0;
	for (size_t t = 0; t < c->nteams; t++)
		n += c->answering == CONTEST_MEMBER_SUM ? (size_t)c->teams[t].members : 1;
	c->nslots = n;
	c->slot_team = xcalloc(n, sizeof *c->slot_team);
	n = 0;
	for (size_t t = 0; t < c->nteams; t++) {
		size_t k = c->answering == CONTEST_MEMBER_SUM ? (size_t)c->teams[t].members : 1;
		c->teams[t].base = n;
		for (size_t j = 0; j < k; j++)
			c->slot_team[n++] = (int)t;
	}
	for (size_t r = 0; r < c->nrounds; r++)
		for (size_t i = 0; i < c->rounds[r].n; i++)
			c->rounds[r].qs[i].slots = xcalloc(n, sizeof(struct cslot));
}

static int slot_of(const struct contest *c, int team, int member, size_t *slot, char **err)
{
	if (team < 1 || (size_t)team > c->nteams)
		return err_set(err, NK_EINVAL, "contest: no team %d", team);
	const struct cteam *t = &c->teams[team - 1];
	int nm = c->answering == CONTEST_MEMBER_SUM ? t->members : 1;
	if (member < 0 || member >= nm)
		return err_set(err, NK_EINVAL, "contest: team %d has no answerer %d", team, member);
	*slot = t->base + (size_t)member;
	return NK_OK;
}

static bool right_mask(const struct cq *q, unsigned m)
{
	if (!m)
		return false;
	return q->multi ? m == q->shown_correct : (m & q->shown_correct) != 0;
}

static bool slot_right(const struct cq *q, const struct cslot *s)
{
	return s->given && right_mask(q, s->mask);
}

/* How one question of an elimination round moves answerers out and back in. Unrevealed,
 * skipped and tie-break questions move no one: only what the audience saw revealed counts. */
static void step_out(const struct contest *c, const struct cq *q, bool *out)
{
	if (!q->revealed || q->skipped || q->tiebreak)
		return;
	for (size_t s = 0; s < c->nslots; s++) {
		bool right = slot_right(q, &q->slots[s]);
		if (q->rescue) {
			if (out[s] && right)
				out[s] = false;
		} else if (!out[s] && !right) {
			out[s] = true;
		}
	}
}

/* Who is out of round r before its question upto (malloc'd, nslots long). Derived afresh each
 * time so that a correction to an earlier question carries through. */
static bool *round_out(const struct contest *c, size_t r, size_t upto)
{
	bool *out = xcalloc(c->nslots, sizeof *out);
	if (c->rounds[r].cfg.mode == CONTEST_ELIMINATION)
		for (size_t i = 0; i < upto && i < c->rounds[r].n; i++)
			step_out(c, qat(c, r, i), out);
	return out;
}

static bool may_answer(const struct contest *c, size_t r, const struct cq *q, size_t s,
		       const bool *out)
{
	if (q->tiebreak)
		return q->eligible[c->slot_team[s]];
	if (c->rounds[r].cfg.mode == CONTEST_ELIMINATION)
		return q->rescue ? out[s] : !out[s];
	return true;
}

/* A rescue answer only buys the way back in; speed points are rounded half up so that 10
 * points at half the limit give 8 rather than 7. */
static long long slot_points(const struct contest *c, size_t r, const struct cq *q, size_t s,
			     const bool *out)
{
	const struct contest_round_config *cfg = &c->rounds[r].cfg;
	if (!q->revealed || q->skipped || q->rescue || !may_answer(c, r, q, s, out) ||
	    !slot_right(q, &q->slots[s]))
		return 0;
	if (cfg->mode != CONTEST_SPEED)
		return cfg->points;
	int64_t lim = cfg->time_ms;
	int64_t ms = q->slots[s].ms < 0 ? 0 : q->slots[s].ms > lim ? lim : q->slots[s].ms;
	return (long long)((cfg->points * (2 * lim - ms) + lim) / (2 * lim));
}

static void tally(const struct contest *c, long long *score, int64_t *ms)
{
	memset(score, 0, c->nteams * sizeof *score);
	memset(ms, 0, c->nteams * sizeof *ms);
	if (c->state == CONTEST_SETUP)
		return;
	bool *out = xcalloc(c->nslots, sizeof *out);
	for (size_t r = 0; r < c->nrounds; r++) {
		memset(out, 0, c->nslots * sizeof *out);
		for (size_t i = 0; i < c->rounds[r].n; i++) {
			const struct cq *q = qat(c, r, i);
			for (size_t s = 0; s < c->nslots; s++) {
				long long p = slot_points(c, r, q, s, out);
				if (p > 0) {
					score[c->slot_team[s]] += p;
					ms[c->slot_team[s]] += q->slots[s].ms;
				}
			}
			if (c->rounds[r].cfg.mode == CONTEST_ELIMINATION)
				step_out(c, q, out);
		}
	}
	free(out);
}

static int cmp_standing(const void *a, const void *b)
{
	const struct contest_standing *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->time_ms != y->time_ms)
		return x->time_ms < y->time_ms ? -1 : 1;
	return (x->team > y->team) - (x->team < y->team);
}

int contest_new(const char *name, enum contest_answering answering, uint64_t seed,
		const struct clock *clk, struct contest **out, char **err)
{
	if (!out)
		return err_set(err, NK_EINVAL, "contest: nowhere to put it");
	*out = NULL;
	if (!name || !clk)
		return err_set(err, NK_EINVAL, "contest: missing name or clock");
	if (answering != CONTEST_TEAM_ANSWER && answering != CONTEST_MEMBER_SUM)
		return err_set(err, NK_EINVAL, "contest: unknown answering setting %d",
			       (int)answering);
	struct contest *c = xcalloc(1, sizeof *c);
	c->name = xstrdup(name);
	c->answering = answering;
	c->seed = seed;
	c->clk = clk;
	c->state = CONTEST_SETUP;
	*out = c;
	return NK_OK;
}

void contest_free(struct contest **c)
{
	if (!c || !*c)
		return;
	struct contest *k = *c;
	for (size_t t = 0; t < k->nteams; t++)
		free(k->teams[t].name);
	free(k->teams);
	for (size_t r = 0; r < k->nrounds; r++) {
		for (size_t i = 0; i < k->rounds[r].n; i++) {
			free(k->rounds[r].qs[i].id);
			free(k->rounds[r].qs[i].eligible);
			free(k->rounds[r].qs[i].slots);
		}
		free(k->rounds[r].qs);
	}
	free(k->rounds);
	free(k->slot_team);
	free(k->log);
	free(k->name);
	free(k);
	*c = NULL;
}

static int team_push(struct contest *c, const char *name, int members, char **err)
{
	if (!name || !*name)
		return err_set(err, NK_EINVAL, "contest: a team needs a name");
	if (c->nteams >= CONTEST_MAX_TEAMS)
		return err_set(err, NK_EINVAL, "contest: more than %d teams", CONTEST_MAX_TEAMS);
	if (members < 1 || members > CONTEST_MAX_MEMBERS)
		return err_set(err, NK_EINVAL, "contest: team %s with %d members", name, members);
	xgrow((void **)&c->teams, &c->capteams, c->nteams + 1, sizeof *c->teams);
	c->teams[c->nteams++] = (struct cteam){.name = xstrdup(name), .members = members};
	return (int)c->nteams;
}

int contest_add_team(struct contest *c, const char *name, int members, char **err)
{
	int rc = require(c, BIT(CONTEST_SETUP), "add a team", err);
	if (rc)
		return rc;
	int id = team_push(c, name, members == 0 ? 1 : members, err);
	if (id < 0)
		return id;
	struct contest_log e = {.op = CONTEST_OP_TEAM, .round = -1, .question = -1, .team = id};
	log_push(c, "host", e);
	return id;
}

static int check_round(const struct contest_round_config *cfg, char **err)
{
	if (cfg->mode != CONTEST_ACCURACY && cfg->mode != CONTEST_SPEED &&
	    cfg->mode != CONTEST_ELIMINATION)
		return err_set(err, NK_EINVAL, "contest: unknown scoring mode %d", (int)cfg->mode);
	if (cfg->points < 1 || cfg->points > CONTEST_MAX_POINTS)
		return err_set(err, NK_EINVAL, "contest: %d points per answer", cfg->points);
	if (cfg->time_ms < 0 || cfg->time_ms > CONTEST_MAX_TIME_MS)
		return err_set(err, NK_EINVAL, "contest: %" PRId64 " ms per question",
			       cfg->time_ms);
	if (cfg->mode == CONTEST_SPEED && cfg->time_ms == 0)
		return err_set(err, NK_EINVAL, "contest: a speed round needs a time per question");
	return NK_OK;
}

static struct cround *round_append(struct contest *c, const struct contest_round_config *cfg)
{
	xgrow((void **)&c->rounds, &c->caprounds, c->nrounds + 1, sizeof *c->rounds);
	struct cround *rd = &c->rounds[c->nrounds++];
	*rd = (struct cround){.cfg = *cfg};
	return rd;
}

int contest_add_round(struct contest *c, const struct contest_round_config *cfg,
		      const struct contest_question *qs, size_t n, char **err)
{
	int rc = require(c, BIT(CONTEST_SETUP), "add a round", err);
	if (rc)
		return rc;
	if (!cfg || !qs || n == 0)
		return err_set(err, NK_EINVAL, "contest: a round needs questions");
	struct contest_round_config k = *cfg;
	if (k.points == 0)
		k.points = CONTEST_DEFAULT_POINTS;
	if ((rc = check_round(&k, err)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if ((rc = check_question(&qs[i], err)) != 0)
			return rc;
	struct cround *rd = round_append(c, &k);
	size_t r = c->nrounds - 1;
	for (size_t i = 0; i < n; i++)
		q_init(c, round_push(rd), &qs[i], r, i, k.shuffle);
	struct contest_log e = {.op = CONTEST_OP_ROUND, .round = (int)r, .question = -1};
	log_push(c, "host", e);
	return (int)r;
}

int contest_start(struct contest *c, char **err)
{
	int rc = require(c, BIT(CONTEST_SETUP), "start", err);
	if (rc)
		return rc;
	if (c->nteams == 0 || c->nrounds == 0)
		return err_set(err, NK_EINVAL, "contest: a contest needs teams and rounds");
	layout_slots(c);
	c->state = CONTEST_READY;
	c->round = 0;
	c->q = 0;
	log_push(c, "host", here(c, CONTEST_OP_START));
	return NK_OK;
}

int contest_show(struct contest *c, char **err)
{
	int rc = require(c, BIT(CONTEST_READY), "show a question", err);
	if (rc)
		return rc;
	c->show_at = now(c);
	c->pause_at = 0;
	c->paused_ms = 0;
	c->paused = false;
	cur(c)->locked_ms = 0;
	c->state = CONTEST_SHOWING;
	log_push(c, "host", here(c, CONTEST_OP_SHOW));
	return NK_OK;
}

static void do_lock(struct contest *c, const char *who)
{
	int64_t used = elapsed(c), lim = cur_cfg(c)->time_ms;
	cur(c)->locked_ms = lim > 0 && used > lim ? lim : used;
	c->paused = false;
	c->state = CONTEST_LOCKED;
	struct contest_log e = here(c, CONTEST_OP_LOCK);
	e.ms = cur(c)->locked_ms;
	log_push(c, who, e);
}

int contest_lock(struct contest *c, char **err)
{
	int rc = require(c, BIT(CONTEST_SHOWING), "lock", err);
	if (rc)
		return rc;
	do_lock(c, "host");
	return NK_OK;
}

int contest_reveal(struct contest *c, char **err)
{
	int rc = require(c, BIT(CONTEST_LOCKED), "reveal", err);
	if (rc)
		return rc;
	cur(c)->revealed = true;
	c->state = CONTEST_REVEALED;
	log_push(c, "host", here(c, CONTEST_OP_REVEAL));
	return NK_OK;
}

int contest_leaderboard(struct contest *c, char **err)
{
	int rc = require(c, BIT(CONTEST_REVEALED), "show the leaderboard", err);
	if (rc)
		return rc;
	c->state = CONTEST_LEADERBOARD;
	log_push(c, "host", here(c, CONTEST_OP_LEADERBOARD));
	return NK_OK;
}

static void advance(struct contest *c)
{
	if (c->q + 1 < c->rounds[c->round].n) {
		c->q++;
		c->state = CONTEST_READY;
	} else {
		c->state = CONTEST_ROUND_END;
	}
}

int contest_next(struct contest *c, char **err)
{
	int rc = require(c, BIT(CONTEST_LEADERBOARD) | BIT(CONTEST_ROUND_END), "go on", err);
	if (rc)
		return rc;
	if (c->state == CONTEST_LEADERBOARD) {
		advance(c);
	} else if (c->round + 1 < c->nrounds) {
		c->round++;
		c->q = 0;
		c->state = CONTEST_READY;
	} else {
		c->state = CONTEST_FINISHED;
	}
	log_push(c, "host", here(c, CONTEST_OP_NEXT));
	return NK_OK;
}

int contest_pause(struct contest *c, char **err)
{
	int rc = require(c, BIT(CONTEST_SHOWING), "pause", err);
	if (rc)
		return rc;
	if (c->paused)
		return err_set(err, NK_EINVAL, "contest: already paused");
	if (expired(c)) {
		do_lock(c, "timer");
		return err_set(err, NK_EINVAL, "contest: time is up");
	}
	c->pause_at = now(c);
	c->paused = true;
	struct contest_log e = here(c, CONTEST_OP_PAUSE);
	e.ms = elapsed(c);
	log_push(c, "host", e);
	return NK_OK;
}

int contest_resume(struct contest *c, char **err)
{
	int rc = require(c, BIT(CONTEST_SHOWING), "resume", err);
	if (rc)
		return rc;
	if (!c->paused)
		return err_set(err, NK_EINVAL, "contest: not paused");
	int64_t d = now(c) - c->pause_at;
	if (d > 0)
		c->paused_ms = c->paused_ms + d > MAX_TIME ? MAX_TIME : c->paused_ms + d;
	c->paused = false;
	struct contest_log e = here(c, CONTEST_OP_RESUME);
	e.ms = elapsed(c);
	log_push(c, "host", e);
	return NK_OK;
}

int contest_skip(struct contest *c, char **err)
{
	unsigned ok = BIT(CONTEST_READY) | BIT(CONTEST_SHOWING) | BIT(CONTEST_LOCKED) |
		      BIT(CONTEST_REVEALED);
	int rc = require(c, ok, "skip", err);
	if (rc)
		return rc;
	if (c->state == CONTEST_SHOWING) {
		int64_t used = elapsed(c), lim = cur_cfg(c)->time_ms;
		cur(c)->locked_ms = lim > 0 && used > lim ? lim : used;
	}
	cur(c)->skipped = true;
	c->paused = false;
	log_push(c, "host", here(c, CONTEST_OP_SKIP));
	advance(c);
	return NK_OK;
}

int contest_rescue(struct contest *c, char **err)
{
	int rc = require(c, BIT(CONTEST_READY), "call a rescue", err);
	if (rc)
		return rc;
	if (cur_cfg(c)->mode != CONTEST_ELIMINATION)
		return err_set(err, NK_EINVAL, "contest: rescue questions are for elimination");
	if (cur(c)->tiebreak || cur(c)->rescue)
		return err_set(err, NK_EINVAL, "contest: question %s cannot become a rescue",
			       cur(c)->id);
	bool *out = round_out(c, c->round, c->q);
	bool any = false;
	for (size_t s = 0; s < c->nslots; s++)
		any = any || out[s];
	free(out);
	if (!any)
		return err_set(err, NK_EINVAL, "contest: no one is out to rescue");
	cur(c)->rescue = true;
	log_push(c, "host", here(c, CONTEST_OP_RESCUE));
	return NK_OK;
}

int contest_add_tiebreak(struct contest *c, const struct contest_question *q, char **err)
{
	int rc = require(c, BIT(CONTEST_ROUND_END) | BIT(CONTEST_FINISHED), "add a tie-break",
			 err);
	if (rc)
		return rc;
	if (!q)
		return err_set(err, NK_EINVAL, "contest: a tie-break needs a question");
	if ((rc = check_question(q, err)) != 0)
		return rc;
	struct contest_standing *st = xcalloc(c->nteams, sizeof *st);
	size_t n = contest_standings(c, st);
	size_t tied = 1;
	while (tied < n && st[tied].score == st[0].score)
		tied++;
	if (tied < 2) {
		free(st);
		return err_set(err, NK_EINVAL, "contest: no tie at the top");
	}
	struct cround *rd = &c->rounds[c->round];
	struct cq *t = round_push(rd);
	q_init(c, t, q, c->round, rd->n - 1, rd->cfg.shuffle);
	t->tiebreak = true;
	t->eligible = xcalloc(c->nteams, sizeof *t->eligible);
	for (size_t i = 0; i < tied; i++)
		t->eligible[st[i].team - 1] = true;
	t->slots = xcalloc(c->nslots, sizeof *t->slots);
	free(st);
	c->q = rd->n - 1;
	c->state = CONTEST_READY;
	log_push(c, "host", here(c, CONTEST_OP_TIEBREAK));
	return NK_OK;
}

bool contest_tick(struct contest *c)
{
	if (!expired(c))
		return false;
	do_lock(c, "timer");
	return true;
}

static int check_may(const struct contest *c, size_t r, size_t i, size_t s, int team,
		     int member, char **err)
{
	bool *out = round_out(c, r, i);
	bool ok = may_answer(c, r, qat(c, r, i), s, out);
	free(out);
	if (!ok)
		return err_set(err, NK_EINVAL, "contest: team %d (%d) may not answer question %s",
			       team, member, qat(c, r, i)->id);
	return NK_OK;
}

int contest_answer(struct contest *c, int team, int member, unsigned mask,
		   enum contest_source source, char **err)
{
	int rc = require(c, BIT(CONTEST_SHOWING), "answer", err);
	if (rc)
		return rc;
	if (!source_ok(source))
		return err_set(err, NK_EINVAL, "contest: unknown answer source %d", (int)source);
	size_t s;
	if ((rc = slot_of(c, team, member, &s, err)) != 0)
		return rc;
	if (c->paused)
		return err_set(err, NK_EINVAL, "contest: paused");
	/* A key that arrives after the limit, before the tick saw it, is still too late. */
	if (expired(c)) {
		do_lock(c, "timer");
		return err_set(err, NK_EINVAL, "contest: time is up");
	}
	struct cq *q = cur(c);
	if ((rc = check_mask(q, mask, err)) != 0)
		return rc;
	if ((rc = check_may(c, c->round, c->q, s, team, member, err)) != 0)
		return rc;
	struct cslot *sl = &q->slots[s];
	struct contest_log e = here(c, sl->given ? CONTEST_OP_REPLACE : CONTEST_OP_ANSWER);
	e.team = team;
	e.member = member;
	e.mask = mask;
	e.prev = sl->given ? sl->mask : 0;
	e.ms = elapsed(c);
	*sl = (struct cslot){.given = true, .mask = mask, .ms = e.ms, .source = source};
	char who[16];
	who_of(source, team, who);
	log_push(c, who, e);
	return NK_OK;
}

int contest_retract(struct contest *c, int team, int member, enum contest_source source,
		    char **err)
{
	int rc = require(c, BIT(CONTEST_SHOWING) | BIT(CONTEST_LOCKED), "take back an answer",
			 err);
	if (rc)
		return rc;
	if (!source_ok(source))
		return err_set(err, NK_EINVAL, "contest: unknown answer source %d", (int)source);
	size_t s;
	if ((rc = slot_of(c, team, member, &s, err)) != 0)
		return rc;
	if (expired(c))
		do_lock(c, "timer");
	/* Once locked, only the host undoes a mistaken entry: a team must not change its answer
	 * after the time is up. */
	if (c->state == CONTEST_LOCKED && source != CONTEST_SRC_HOST)
		return err_set(err, NK_EINVAL, "contest: locked; only the host can take it back");
	struct cslot *sl = &cur(c)->slots[s];
	if (!sl->given)
		return err_set(err, NK_ENOENT, "contest: team %d (%d) has no answer", team, member);
	struct contest_log e = here(c, CONTEST_OP_RETRACT);
	e.team = team;
	e.member = member;
	e.prev = sl->mask;
	e.ms = sl->ms;
	*sl = (struct cslot){0};
	char who[16];
	who_of(source, team, who);
	log_push(c, who, e);
	return NK_OK;
}

int contest_correct(struct contest *c, int round, int question, int team, int member,
		    unsigned mask, char **err)
{
	if (c->state == CONTEST_SETUP)
		return err_set(err, NK_EINVAL, "contest: cannot correct in state setup");
	if (round < 0 || (size_t)round >= c->nrounds || question < 0 ||
	    (size_t)question >= c->rounds[round].n)
		return err_set(err, NK_EINVAL, "contest: no question %d in round %d", question,
			       round);
	size_t r = (size_t)round, i = (size_t)question, s;
	int rc = slot_of(c, team, member, &s, err);
	if (rc)
		return rc;
	struct cq *q = qat(c, r, i);
	bool open = r == c->round && i == c->q &&
		    (c->state == CONTEST_SHOWING || c->state == CONTEST_LOCKED);
	if (!open && !(q->revealed && !q->skipped))
		return err_set(err, NK_EINVAL, "contest: question %s is not open to correction",
			       q->id);
	if (mask && (rc = check_mask(q, mask, err)) != 0)
		return rc;
	if ((rc = check_may(c, r, i, s, team, member, err)) != 0)
		return rc;
	struct cslot *sl = &q->slots[s];
	if (!mask && !sl->given)
		return err_set(err, NK_ENOENT, "contest: team %d (%d) has no answer", team, member);
	struct contest_log e = {.op = CONTEST_OP_CORRECT, .round = round, .question = question};
	e.team = team;
	e.member = member;
	e.mask = mask;
	e.prev = sl->given ? sl->mask : 0;
	if (sl->given)
		e.ms = sl->ms;
	else if (open && c->state == CONTEST_SHOWING)
		e.ms = elapsed(c);
	else
		e.ms = q->locked_ms;
	if (mask)
		*sl = (struct cslot){.given = true, .mask = mask, .ms = e.ms,
				     .source = CONTEST_SRC_HOST};
	else
		*sl = (struct cslot){0};
	log_push(c, "host", e);
	return NK_OK;
}

int contest_undo(struct contest *c, struct contest_log *undone, char **err)
{
	for (size_t i = c->nlog; i-- > 0;) {
		const struct contest_log *e = &c->log[i];
		if ((e->op != CONTEST_OP_ANSWER && e->op != CONTEST_OP_REPLACE) ||
		    (strcmp(e->who, "host") != 0 && strcmp(e->who, "keyboard") != 0))
			continue;
		struct cq *q = qat(c, (size_t)e->round, (size_t)e->question);
		size_t s;
		if (slot_of(c, e->team, e->member, &s, NULL) != NK_OK || !q->slots[s].given ||
		    q->slots[s].mask != e->mask)
			continue; /* changed since, or undone already */
		struct contest_log copy = *e;
		int rc = contest_correct(c, e->round, e->question, e->team, e->member, e->prev, err);
		if (rc == NK_OK && undone)
			*undone = copy;
		return rc;
	}
	return err_set(err, NK_ENOENT, "contest: no entry to undo");
}

enum contest_state contest_state(const struct contest *c)
{
	return c->state;
}

const char *contest_state_name(enum contest_state s)
{
	return (unsigned)s < NK_ARRAY_LEN(state_names) ? state_names[s] : "?";
}

const char *contest_op_name(enum contest_op op)
{
	return (unsigned)op < NK_ARRAY_LEN(op_names) ? op_names[op] : "?";
}

const char *contest_name(const struct contest *c)
{
	return c->name;
}

enum contest_answering contest_answering(const struct contest *c)
{
	return c->answering;
}

int contest_nteams(const struct contest *c)
{
	return (int)c->nteams;
}

const char *contest_team_name(const struct contest *c, int team)
{
	return team >= 1 && (size_t)team <= c->nteams ? c->teams[team - 1].name : NULL;
}

int contest_team_members(const struct contest *c, int team)
{
	return team >= 1 && (size_t)team <= c->nteams ? c->teams[team - 1].members : NK_EINVAL;
}

size_t contest_nrounds(const struct contest *c)
{
	return c->nrounds;
}

int contest_round_info(const struct contest *c, size_t round, struct contest_round_config *out)
{
	if (round >= c->nrounds || !out)
		return NK_EINVAL;
	*out = c->rounds[round].cfg;
	return NK_OK;
}

size_t contest_round_questions(const struct contest *c, size_t round)
{
	return round < c->nrounds ? c->rounds[round].n : 0;
}

void contest_position(const struct contest *c, size_t *round, size_t *question)
{
	if (round)
		*round = c->round;
	if (question)
		*question = c->q;
}

static bool valid_q(const struct contest *c, size_t r, size_t i)
{
	return r < c->nrounds && i < c->rounds[r].n;
}

int contest_question_info(const struct contest *c, size_t round, size_t question,
			  struct contest_qinfo *out)
{
	if (!valid_q(c, round, question) || !out)
		return NK_EINVAL;
	const struct cq *q = qat(c, round, question);
	*out = (struct contest_qinfo){
		.id = q->id,
		.nopts = q->nopts,
		.correct = q->shown_correct,
		.multi = q->multi,
		.rescue = q->rescue,
		.tiebreak = q->tiebreak,
		.skipped = q->skipped,
		.revealed = q->revealed,
		.locked_ms = q->locked_ms,
	};
	return NK_OK;
}

int contest_option_at(const struct contest *c, size_t round, size_t question, int k)
{
	if (!valid_q(c, round, question) || k < 0 || k >= qat(c, round, question)->nopts)
		return NK_EINVAL;
	return qat(c, round, question)->order[k];
}

int64_t contest_elapsed_ms(const struct contest *c)
{
	return elapsed(c);
}

int64_t contest_remaining_ms(const struct contest *c)
{
	if (c->state == CONTEST_SETUP || cur_cfg(c)->time_ms == 0)
		return -1;
	int64_t left = cur_cfg(c)->time_ms;
	if (c->state == CONTEST_SHOWING)
		left -= elapsed(c);
	else if (c->state != CONTEST_READY)
		left = 0;
	return left > 0 ? left : 0;
}

bool contest_paused(const struct contest *c)
{
	return c->paused;
}

bool contest_eligible(const struct contest *c, int team, int member)
{
	size_t s;
	if (c->state == CONTEST_SETUP || slot_of(c, team, member, &s, NULL) != 0)
		return false;
	bool *out = round_out(c, c->round, c->q);
	bool ok = may_answer(c, c->round, cur(c), s, out);
	free(out);
	return ok;
}

bool contest_eliminated(const struct contest *c, int team, int member)
{
	size_t s;
	if (c->state == CONTEST_SETUP || slot_of(c, team, member, &s, NULL) != 0)
		return false;
	bool *out = round_out(c, c->round, c->rounds[c->round].n);
	bool gone = out[s];
	free(out);
	return gone;
}

int contest_entry_get(const struct contest *c, size_t round, size_t question, int team,
		      int member, struct contest_entry *out)
{
	size_t s;
	if (!valid_q(c, round, question) || !out || slot_of(c, team, member, &s, NULL) != 0)
		return NK_EINVAL;
	if (c->state == CONTEST_SETUP)
		return NK_ENOENT;
	const struct cq *q = qat(c, round, question);
	const struct cslot *sl = &q->slots[s];
	if (!sl->given)
		return NK_ENOENT;
	bool *gone = round_out(c, round, question);
	*out = (struct contest_entry){
		.mask = sl->mask,
		.ms = sl->ms,
		.source = sl->source,
		.right = right_mask(q, sl->mask),
		.points = slot_points(c, round, q, s, gone),
	};
	free(gone);
	return NK_OK;
}

int contest_question_stats(const struct contest *c, size_t round, size_t question,
			   struct contest_stats *out)
{
	if (!valid_q(c, round, question) || !out || !qat(c, round, question)->revealed)
		return NK_EINVAL;
	const struct cq *q = qat(c, round, question);
	*out = (struct contest_stats){.correct = q->shown_correct};
	bool *gone = round_out(c, round, question);
	for (size_t s = 0; s < c->nslots; s++) {
		if (!may_answer(c, round, q, s, gone))
			continue;
		out->eligible++;
		if (!q->slots[s].given)
			continue;
		out->answered++;
		out->right += right_mask(q, q->slots[s].mask);
		for (int k = 0; k < q->nopts; k++)
			out->counts[k] += (q->slots[s].mask >> k) & 1u;
	}
	free(gone);
	return NK_OK;
}

size_t contest_standings(const struct contest *c, struct contest_standing *out)
{
	size_t n = c->nteams;
	long long *score = xcalloc(n, sizeof *score);
	int64_t *ms = xcalloc(n, sizeof *ms);
	tally(c, score, ms);
	for (size_t t = 0; t < n; t++)
		out[t] = (struct contest_standing){(int)t + 1, score[t], ms[t], 0};
	free(score);
	free(ms);
	qsort(out, n, sizeof *out, cmp_standing);
	for (size_t i = 0; i < n; i++)
		out[i].rank = i > 0 && out[i].score == out[i - 1].score ? out[i - 1].rank
									: (int)i + 1;
	return n;
}

size_t contest_podium(const struct contest *c, struct contest_standing *out)
{
	size_t n = contest_standings(c, out), k = 0;
	while (k < n && out[k].rank <= 3)
		k++;
	return k;
}

size_t contest_log_count(const struct contest *c)
{
	return c->nlog;
}

const struct contest_log *contest_log_at(const struct contest *c, size_t i)
{
	return i < c->nlog ? &c->log[i] : NULL;
}

/*
 * The saved state: UTF-8 text, one record a line, fields split by one space. The last field
 * of name, team and q lines runs to the end of the line, with '%' and control characters
 * written as %XX. In this order:
 *
 *   ntmkiosk-contest 1
 *   name <contest name>
 *   answering team|member
 *   seed <u64>
 *   state <state name> <round> <question>
 *   clock <show_at> <paused 0|1> <pause_at> <paused_ms>
 *   team <id> <members> <name>                          ids 1, 2, … in order
 *   round <mode> <points> <time_ms> <shuffle 0|1>       then its q lines
 *   q <nopts> <correct> <multi 0|1> <order> <flags> <locked_ms> <eligible> <id>
 *   a <round> <question> <team> <member> <mask> <ms> <source>     one per answer given
 *   log <at> <who> <op> <round> <question> <team> <member> <mask> <prev> <ms>
 *   end
 *
 * correct is the bank mask; order gives the bank option at each shown position as digits
 * ("2013"); flags are letters among v (revealed), s (skipped), r (rescue), t (tie-break), or
 * "-"; eligible lists a tie-break's team ids ("1,3") or is "-". Masks in a and log lines are
 * shown positions; numbers are decimal. The final "end" tells a whole text from a cut one.
 * Nothing is derived on load but the option masks by shown position and the answer slots.
 */
struct sbuf {
	char *p;
	size_t len, cap;
};

static NK_PRINTF(2, 3) void sb_add(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	size_t n = strlen(s);
	xgrow((void **)&b->p, &b->cap, b->len + n + 1, 1);
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
	free(s);
}

static void sb_putc(struct sbuf *b, char ch)
{
	xgrow((void **)&b->p, &b->cap, b->len + 2, 1);
	b->p[b->len++] = ch;
	b->p[b->len] = '\0';
}

/* A text field and the end of its line. */
static void sb_text(struct sbuf *b, const char *s)
{
	for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
		if (*u == '%' || *u < 0x20 || *u == 0x7f)
			sb_add(b, "%%%02X", *u);
		else
			sb_putc(b, (char)*u);
	}
	sb_putc(b, '\n');
}

static void save_q(struct sbuf *b, const struct contest *c, const struct cq *q)
{
	char order[CONTEST_MAX_OPTIONS + 1], flags[5];
	for (int k = 0; k < q->nopts; k++)
		order[k] = (char)('0' + q->order[k]);
	order[q->nopts] = '\0';
	size_t nf = 0;
	if (q->revealed)
		flags[nf++] = 'v';
	if (q->skipped)
		flags[nf++] = 's';
	if (q->rescue)
		flags[nf++] = 'r';
	if (q->tiebreak)
		flags[nf++] = 't';
	if (nf == 0)
		flags[nf++] = '-';
	flags[nf] = '\0';
	sb_add(b, "q %d %u %d %s %s %" PRId64 " ", q->nopts, q->correct, q->multi, order, flags,
	       q->locked_ms);
	if (!q->tiebreak) {
		sb_add(b, "-");
	} else {
		const char *sep = "";
		for (size_t t = 0; t < c->nteams; t++) {
			if (q->eligible[t]) {
				sb_add(b, "%s%zu", sep, t + 1);
				sep = ",";
			}
		}
	}
	sb_add(b, " ");
	sb_text(b, q->id);
}

int contest_state_save(const struct contest *c, char **out)
{
	if (!c || !out)
		return NK_EINVAL;
	struct sbuf b = {0};
	sb_add(&b, "ntmkiosk-contest 1\nname ");
	sb_text(&b, c->name);
	sb_add(&b, "answering %s\n", answering_names[c->answering]);
	sb_add(&b, "seed %" PRIu64 "\n", c->seed);
	sb_add(&b, "state %s %zu %zu\n", state_names[c->state], c->round, c->q);
	sb_add(&b, "clock %" PRId64 " %d %" PRId64 " %" PRId64 "\n", c->show_at, c->paused,
	       c->pause_at, c->paused_ms);
	for (size_t t = 0; t < c->nteams; t++) {
		sb_add(&b, "team %zu %d ", t + 1, c->teams[t].members);
		sb_text(&b, c->teams[t].name);
	}
	for (size_t r = 0; r < c->nrounds; r++) {
		const struct contest_round_config *k = &c->rounds[r].cfg;
		sb_add(&b, "round %s %d %" PRId64 " %d\n", mode_names[k->mode], k->points,
		       k->time_ms, k->shuffle);
		for (size_t i = 0; i < c->rounds[r].n; i++)
			save_q(&b, c, qat(c, r, i));
	}
	for (size_t r = 0; c->state != CONTEST_SETUP && r < c->nrounds; r++) {
		for (size_t i = 0; i < c->rounds[r].n; i++) {
			for (size_t s = 0; s < c->nslots; s++) {
				const struct cslot *sl = &qat(c, r, i)->slots[s];
				if (!sl->given)
					continue;
				int t = c->slot_team[s];
				sb_add(&b, "a %zu %zu %d %zu %u %" PRId64 " %s\n", r, i, t + 1,
				       s - c->teams[t].base, sl->mask, sl->ms,
				       source_names[sl->source]);
			}
		}
	}
	for (size_t i = 0; i < c->nlog; i++) {
		const struct contest_log *e = &c->log[i];
		sb_add(&b, "log %" PRId64 " %s %s %d %d %d %d %u %u %" PRId64 "\n", e->at, e->who,
		       op_names[e->op], e->round, e->question, e->team, e->member, e->mask,
		       e->prev, e->ms);
	}
	sb_add(&b, "end\n");
	*out = b.p;
	return NK_OK;
}

/* Loading: a table of line kinds, each in its section; sections only move forward. */
enum { SEC_HEAD = 1, SEC_TEAM, SEC_ROUND, SEC_ANSWER, SEC_LOG, SEC_END };
enum { H_NAME, H_ANSWERING, H_SEED, H_STATE, H_CLOCK, H_COUNT };

struct loader {
	struct contest *c;
	size_t line;
	int section;
	bool seen[H_COUNT];
	bool checked; /* the structure checks run once the questions are all in */
	char **err;
};

static int bad(struct loader *L, const char *what)
{
	return err_set(L->err, NK_EINVAL, "contest state:%zu: %s", L->line, what);
}

/* The next space-separated field, or NULL at the end of the line. */
static char *word(char **p)
{
	if (!**p)
		return NULL;
	char *s = *p, *sp = strchr(s, ' ');
	if (sp) {
		*sp = '\0';
		*p = sp + 1;
	} else {
		*p = s + strlen(s);
	}
	return s;
}

static bool num(const char *w, int64_t lo, int64_t hi, int64_t *v)
{
	if (!w || !*w || !(*w == '-' || (*w >= '0' && *w <= '9')))
		return false;
	errno = 0;
	char *end;
	long long x = strtoll(w, &end, 10);
	if (errno || *end || x < lo || x > hi)
		return false;
	*v = x;
	return true;
}

static bool getnum(char **p, int64_t lo, int64_t hi, int64_t *v)
{
	return num(word(p), lo, hi, v);
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* NULL for a bad escape, a NUL byte, or a raw control character (the saver escapes them). */
static char *unescape(const char *s)
{
	size_t n = strlen(s), k = 0;
	char *o = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '%') {
			/* s[i + 2] is read only after s[i + 1] was a digit: never past the NUL. */
			int hi = hexval(s[i + 1]);
			int lo = hi >= 0 ? hexval(s[i + 2]) : -1;
			if (lo < 0 || (hi == 0 && lo == 0))
				goto fail;
			o[k++] = (char)(hi * 16 + lo);
			i += 2;
		} else if (ch < 0x20 || ch == 0x7f) {
			goto fail;
		} else {
			o[k++] = (char)ch;
		}
	}
	o[k] = '\0';
	return o;
fail:
	free(o);
	return NULL;
}

static int ld_name(struct loader *L, char *p)
{
	char *s = unescape(p);
	if (!s)
		return bad(L, "bad contest name");
	free(L->c->name);
	L->c->name = s;
	return NK_OK;
}

static int ld_answering(struct loader *L, char *p)
{
	int k = lookup(answering_names, NK_ARRAY_LEN(answering_names), word(&p));
	if (k < 0 || *p)
		return bad(L, "bad answering line");
	L->c->answering = (enum contest_answering)k;
	return NK_OK;
}

static int ld_seed(struct loader *L, char *p)
{
	char *w = word(&p), *end;
	if (!w || *w < '0' || *w > '9' || *p)
		return bad(L, "bad seed");
	errno = 0;
	unsigned long long v = strtoull(w, &end, 10);
	if (errno || *end)
		return bad(L, "bad seed");
	L->c->seed = (uint64_t)v;
	return NK_OK;
}

static int ld_state(struct loader *L, char *p)
{
	int k = lookup(state_names, NK_ARRAY_LEN(state_names), word(&p));
	int64_t r, i;
	if (k < 0 || !getnum(&p, 0, INT32_MAX, &r) || !getnum(&p, 0, INT32_MAX, &i) || *p)
		return bad(L, "bad state line");
	L->c->state = (enum contest_state)k;
	L->c->round = (size_t)r;
	L->c->q = (size_t)i;
	return NK_OK;
}

static int ld_clock(struct loader *L, char *p)
{
	int64_t show, paused, pause_at, paused_ms;
	if (!getnum(&p, -MAX_TIME, MAX_TIME, &show) || !getnum(&p, 0, 1, &paused) ||
	    !getnum(&p, -MAX_TIME, MAX_TIME, &pause_at) || !getnum(&p, 0, MAX_TIME, &paused_ms) ||
	    *p)
		return bad(L, "bad clock line");
	L->c->show_at = show;
	L->c->paused = paused;
	L->c->pause_at = pause_at;
	L->c->paused_ms = paused_ms;
	return NK_OK;
}

static int ld_team(struct loader *L, char *p)
{
	int64_t id, members;
	if (!getnum(&p, 1, CONTEST_MAX_TEAMS, &id) ||
	    !getnum(&p, 1, CONTEST_MAX_MEMBERS, &members))
		return bad(L, "bad team line");
	if ((size_t)id != L->c->nteams + 1)
		return bad(L, "team out of order");
	char *name = unescape(p);
	if (!name)
		return bad(L, "bad team name");
	int rc = team_push(L->c, name, (int)members, NULL);
	free(name);
	return rc < 0 ? bad(L, "bad team") : NK_OK;
}

static int ld_round(struct loader *L, char *p)
{
	struct contest_round_config k = {0};
	int mode = lookup(mode_names, NK_ARRAY_LEN(mode_names), word(&p));
	int64_t points, ms, shuffle;
	if (mode < 0 || !getnum(&p, 1, CONTEST_MAX_POINTS, &points) ||
	    !getnum(&p, 0, CONTEST_MAX_TIME_MS, &ms) || !getnum(&p, 0, 1, &shuffle) || *p)
		return bad(L, "bad round line");
	k.mode = (enum contest_mode)mode;
	k.points = (int)points;
	k.time_ms = ms;
	k.shuffle = shuffle;
	if (check_round(&k, NULL) != 0)
		return bad(L, "bad round");
	round_append(L->c, &k);
	return NK_OK;
}

static bool parse_order(const char *w, struct cq *q)
{
	unsigned seen = 0;
	if (!w || strlen(w) != (size_t)q->nopts)
		return false;
	for (int k = 0; k < q->nopts; k++) {
		int v = w[k] - '0';
		if (v < 0 || v >= q->nopts || (seen & (1u << v)))
			return false;
		seen |= 1u << v;
		q->order[k] = v;
	}
	return true;
}

static bool parse_flags(const char *w, struct cq *q)
{
	if (!w)
		return false;
	if (strcmp(w, "-") == 0)
		return true;
	for (const char *f = w; *f; f++) {
		bool *b = *f == 'v'   ? &q->revealed
			  : *f == 's' ? &q->skipped
			  : *f == 'r' ? &q->rescue
			  : *f == 't' ? &q->tiebreak
				      : NULL;
		if (!b || *b)
			return false;
		*b = true;
	}
	return true;
}

static bool parse_eligible(const struct contest *c, char *w, struct cq *q)
{
	if (!w)
		return false;
	if (strcmp(w, "-") == 0)
		return !q->tiebreak;
	if (!q->tiebreak)
		return false;
	q->eligible = xcalloc(c->nteams, sizeof *q->eligible);
	for (char *tok = w, *comma; tok; tok = comma) {
		comma = strchr(tok, ',');
		if (comma)
			*comma++ = '\0';
		int64_t t;
		if (!num(tok, 1, (int64_t)c->nteams, &t) || q->eligible[t - 1])
			return false;
		q->eligible[t - 1] = true;
	}
	return true;
}

static int ld_q(struct loader *L, char *p)
{
	struct contest *c = L->c;
	if (c->nrounds == 0)
		return bad(L, "question outside a round");
	struct cround *rd = &c->rounds[c->nrounds - 1];
	struct cq *q = round_push(rd);
	memset(q, 0, sizeof *q);
	int64_t nopts, correct, multi, locked;
	if (!getnum(&p, 2, CONTEST_MAX_OPTIONS, &nopts) || !getnum(&p, 1, 255, &correct) ||
	    !getnum(&p, 0, 1, &multi))
		return bad(L, "bad question line");
	q->nopts = (int)nopts;
	q->correct = (unsigned)correct;
	q->multi = multi;
	if (q->correct & ~opts_mask(q->nopts))
		return bad(L, "right options beyond the question's");
	if (!parse_order(word(&p), q))
		return bad(L, "bad option order");
	if (!parse_flags(word(&p), q) || (q->rescue && q->tiebreak) ||
	    (q->rescue && rd->cfg.mode != CONTEST_ELIMINATION))
		return bad(L, "bad question flags");
	if (!getnum(&p, 0, CONTEST_MAX_TIME_MS, &locked))
		return bad(L, "bad lock time");
	q->locked_ms = locked;
	if (!parse_eligible(c, word(&p), q))
		return bad(L, "bad tie-break teams");
	if (!(q->id = unescape(p)) || !*q->id)
		return bad(L, "bad question id");
	q->shown_correct = to_shown(q->order, q->nopts, q->correct);
	return NK_OK;
}

static bool before_or_at(size_t r, size_t i, size_t cr, size_t ci)
{
	return r < cr || (r == cr && i <= ci);
}

/* What the machine relies on: a valid current question in a started contest, flags only on
 * questions already reached, and a pause only while showing. */
static int check_structure(struct loader *L)
{
	struct contest *c = L->c;
	for (size_t h = 0; h < H_COUNT; h++)
		if (!L->seen[h])
			return bad(L, "header incomplete");
	if (c->paused && c->state != CONTEST_SHOWING)
		return bad(L, "paused outside a shown question");
	if (c->state == CONTEST_SETUP) {
		if (c->round || c->q)
			return bad(L, "a position before the start");
		for (size_t r = 0; r < c->nrounds; r++)
			for (size_t i = 0; i < c->rounds[r].n; i++)
				if (c->rounds[r].qs[i].revealed || c->rounds[r].qs[i].skipped ||
				    c->rounds[r].qs[i].rescue || c->rounds[r].qs[i].tiebreak)
					return bad(L, "question flags before the start");
		return NK_OK;
	}
	if (c->nteams == 0 || c->nrounds == 0)
		return bad(L, "a started contest without teams or rounds");
	for (size_t r = 0; r < c->nrounds; r++)
		if (c->rounds[r].n == 0)
			return bad(L, "a round without questions");
	if (!valid_q(c, c->round, c->q))
		return bad(L, "no such current question");
	for (size_t r = 0; r < c->nrounds; r++) {
		for (size_t i = 0; i < c->rounds[r].n; i++) {
			const struct cq *q = qat(c, r, i);
			bool reached = before_or_at(r, i, c->round, c->q);
			bool past = reached && !(r == c->round && i == c->q);
			bool shown_cur = r == c->round && i == c->q && c->state >= CONTEST_REVEALED;
			if ((q->skipped && !reached) || (q->revealed && !past && !shown_cur))
				return bad(L, "a question marked ahead of the contest");
		}
	}
	layout_slots(c);
	return NK_OK;
}

static int ld_answer(struct loader *L, char *p)
{
	struct contest *c = L->c;
	int64_t r, i, team, member, mask, ms;
	if (c->state == CONTEST_SETUP)
		return bad(L, "an answer before the start");
	if (!getnum(&p, 0, INT32_MAX, &r) || !getnum(&p, 0, INT32_MAX, &i) ||
	    !getnum(&p, 1, CONTEST_MAX_TEAMS, &team) ||
	    !getnum(&p, 0, CONTEST_MAX_MEMBERS, &member) || !getnum(&p, 1, 255, &mask) ||
	    !getnum(&p, 0, CONTEST_MAX_TIME_MS, &ms))
		return bad(L, "bad answer line");
	int src = lookup(source_names, NK_ARRAY_LEN(source_names), word(&p));
	size_t s;
	if (src < 0 || *p || !valid_q(c, (size_t)r, (size_t)i) ||
	    slot_of(c, (int)team, (int)member, &s, NULL) != 0)
		return bad(L, "bad answer line");
	struct cq *q = qat(c, (size_t)r, (size_t)i);
	if (check_mask(q, (unsigned)mask, NULL) != 0 || q->slots[s].given)
		return bad(L, "bad or repeated answer");
	q->slots[s] = (struct cslot){.given = true, .mask = (unsigned)mask, .ms = ms,
				     .source = (enum contest_source)src};
	return NK_OK;
}

static int ld_log(struct loader *L, char *p)
{
	struct contest_log e = {0};
	int64_t v[8];
	if (!getnum(&p, INT64_MIN, INT64_MAX, &v[0]))
		return bad(L, "bad log line");
	char *who = word(&p);
	int op = lookup(op_names, NK_ARRAY_LEN(op_names), word(&p));
	if (!who || !*who || strlen(who) >= sizeof e.who || op < 0 ||
	    !getnum(&p, -1, INT32_MAX, &v[1]) || !getnum(&p, -1, INT32_MAX, &v[2]) ||
	    !getnum(&p, 0, CONTEST_MAX_TEAMS, &v[3]) ||
	    !getnum(&p, 0, CONTEST_MAX_MEMBERS, &v[4]) || !getnum(&p, 0, 255, &v[5]) ||
	    !getnum(&p, 0, 255, &v[6]) || !getnum(&p, 0, CONTEST_MAX_TIME_MS, &v[7]) ||
	    *p)
		return bad(L, "bad log line");
	e.at = v[0];
	snprintf(e.who, sizeof e.who, "%s", who);
	e.op = (enum contest_op)op;
	e.round = (int)v[1];
	e.question = (int)v[2];
	e.team = (int)v[3];
	e.member = (int)v[4];
	e.mask = (unsigned)v[5];
	e.prev = (unsigned)v[6];
	e.ms = v[7];
	xgrow((void **)&L->c->log, &L->c->caplog, L->c->nlog + 1, sizeof *L->c->log);
	L->c->log[L->c->nlog++] = e;
	return NK_OK;
}

static int ld_end(struct loader *L, char *p)
{
	return *p ? bad(L, "bad end line") : NK_OK;
}

static const struct {
	const char *key;
	int section;
	int head; /* H_* for header lines, which come once each; -1 otherwise */
	int (*load)(struct loader *L, char *rest);
} line_kinds[] = {
	{"name", SEC_HEAD, H_NAME, ld_name},
	{"answering", SEC_HEAD, H_ANSWERING, ld_answering},
	{"seed", SEC_HEAD, H_SEED, ld_seed},
	{"state", SEC_HEAD, H_STATE, ld_state},
	{"clock", SEC_HEAD, H_CLOCK, ld_clock},
	{"team", SEC_TEAM, -1, ld_team},
	{"round", SEC_ROUND, -1, ld_round},
	{"q", SEC_ROUND, -1, ld_q},
	{"a", SEC_ANSWER, -1, ld_answer},
	{"log", SEC_LOG, -1, ld_log},
	{"end", SEC_END, -1, ld_end},
};

static int load_line(struct loader *L, char *line)
{
	char *p = line, *key = word(&p);
	size_t k = 0;
	while (key && k < NK_ARRAY_LEN(line_kinds) && strcmp(line_kinds[k].key, key) != 0)
		k++;
	if (!key || k == NK_ARRAY_LEN(line_kinds))
		return bad(L, "unknown line");
	if (line_kinds[k].section < L->section)
		return bad(L, "line out of order");
	L->section = line_kinds[k].section;
	if (L->section >= SEC_ANSWER && !L->checked) {
		int rc = check_structure(L);
		if (rc)
			return rc;
		L->checked = true;
	}
	int h = line_kinds[k].head;
	if (h >= 0) {
		if (L->seen[h])
			return bad(L, "header line repeated");
		L->seen[h] = true;
	}
	return line_kinds[k].load(L, p);
}

int contest_state_load(const char *text, const struct clock *clk, struct contest **out,
		       char **err)
{
	if (!out)
		return err_set(err, NK_EINVAL, "contest state: nowhere to put it");
	*out = NULL;
	if (!text || !clk)
		return err_set(err, NK_EINVAL, "contest state: missing text or clock");
	struct contest *c = NULL;
	int rc = contest_new("", CONTEST_TEAM_ANSWER, 0, clk, &c, err);
	if (rc)
		return rc;
	struct loader L = {.c = c, .section = SEC_HEAD, .err = err};
	char *buf = xstrdup(text), *p = buf;
	bool first = true;
	while (*p) {
		char *nl = strchr(p, '\n');
		if (!nl) {
			rc = err_set(err, NK_EINVAL, "contest state:%zu: cut short", L.line + 1);
			goto fail;
		}
		*nl = '\0';
		L.line++;
		if (L.section == SEC_END) {
			rc = bad(&L, "text after the end");
			goto fail;
		}
		if (first) {
			if (strcmp(p, "ntmkiosk-contest 1") != 0) {
				rc = bad(&L, "not a contest state of version 1");
				goto fail;
			}
			first = false;
		} else if ((rc = load_line(&L, p)) != 0) {
			goto fail;
		}
		p = nl + 1;
	}
	if (L.section != SEC_END) {
		rc = err_set(err, NK_EINVAL, "contest state:%zu: cut short", L.line);
		goto fail;
	}
	free(buf);
	*out = c;
	return NK_OK;
fail:
	free(buf);
	contest_free(&c);
	return rc;
}
