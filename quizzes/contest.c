/*
 * contest: the contest state machine behind quizzes/contest.h. It keeps the teams, the rounds
 * and their questions, one answer slot per answerer and question, and the operation log, and
 * derives everything else (points, who is out of an elimination round, standings) from them
 * whenever it is asked, so that a correction after a reveal re-scores by itself and a loaded
 * state needs nothing but what was saved. It reads no bank, touches no database, draws
 * nothing and prints nothing; randomness is a splitmix64 stream seeded from the contest, as in
 * quizzes/session.c, never rand().
 */
#include "quizzes/contest_impl.h"

#include "core/util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const ci_state_names[] = {"setup",    "ready",       "showing",   "locked",
					  "revealed", "leaderboard", "round-end", "finished"};
/* Indexed by enum contest_op; the saved log names operations by these words. */
const char *const ci_op_names[] = {
	"team",   "round",  "start",    "show",   "lock",    "reveal",  "leaderboard", "next",
	"pause",  "resume", "skip",     "rescue", "tiebreak", "answer", "replace",     "retract",
	"correct", "undo",   "redo",     "endround", "input", "host",    "rename"};
const char *const ci_mode_names[] = {"accuracy", "speed", "elimination"};
const char *const ci_source_names[] = {"host", "team", "keyboard"};
const char *const ci_answering_names[] = {"team", "member"};
const char *const ci_input_names[] = {"any", "terminal", "keyboard", "board"};

int ci_lookup(const char *const *names, size_t n, const char *word)
{
	for (size_t i = 0; word && i < n; i++)
		if (strcmp(names[i], word) == 0)
			return (int)i;
	return -1;
}
const size_t ci_nstate_names = NK_ARRAY_LEN(ci_state_names);
const size_t ci_nop_names = NK_ARRAY_LEN(ci_op_names);
const size_t ci_nmode_names = NK_ARRAY_LEN(ci_mode_names);
const size_t ci_nsource_names = NK_ARRAY_LEN(ci_source_names);
const size_t ci_nanswering_names = NK_ARRAY_LEN(ci_answering_names);
const size_t ci_ninput_names = NK_ARRAY_LEN(ci_input_names);

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

unsigned ci_opts_mask(int nopts)
{
	return (1u << nopts) - 1u;
}

static int64_t now(const struct contest *c)
{
	return clock_now_ms(c->clk);
}

struct cq *ci_qat(const struct contest *c, size_t r, size_t i)
{
	return &c->rounds[r].qs[i];
}

static struct cq *cur(const struct contest *c)
{
	return ci_qat(c, c->round, c->q);
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
		       ci_state_names[c->state]);
}

static void who_of(enum contest_source src, int team, char out[16])
{
	if (src == CONTEST_SRC_TEAM)
		snprintf(out, 16, "team:%d", team);
	else
		snprintf(out, 16, "%s", ci_source_names[src]);
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
	if (!q->correct || (q->correct & ~ci_opts_mask(q->nopts)))
		return err_set(err, NK_EINVAL, "contest: question %s: right options %#x among %d",
			       q->id, q->correct, q->nopts);
	return NK_OK;
}

int ci_check_mask(const struct cq *q, unsigned mask, char **err)
{
	if (!mask || (mask & ~ci_opts_mask(q->nopts)))
		return err_set(err, NK_EINVAL, "contest: options %#x on a question of %d", mask,
			       q->nopts);
	if (!q->multi && (mask & (mask - 1)))
		return err_set(err, NK_EINVAL, "contest: one option only on question %s", q->id);
	return NK_OK;
}

unsigned ci_to_shown(const int *order, int nopts, unsigned bank)
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
	q->shown_correct = ci_to_shown(q->order, q->nopts, q->correct);
}

struct cq *ci_round_push(struct cround *rd)
{
	xgrow((void **)&rd->qs, &rd->cap, rd->n + 1, sizeof *rd->qs);
	return &rd->qs[rd->n++];
}

/* Slots are laid out when the teams can no longer change: at start, or when loading a
 * started contest. */
void ci_layout_slots(struct contest *c)
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

int ci_slot_of(const struct contest *c, int team, int member, size_t *slot, char **err)
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
			step_out(c, ci_qat(c, r, i), out);
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

/* Points by team: tie-break questions' in tb, the others' in score (and their time in ms). */
static void tally(const struct contest *c, long long *score, long long *tb, int64_t *ms)
{
	memset(score, 0, c->nteams * sizeof *score);
	memset(tb, 0, c->nteams * sizeof *tb);
	memset(ms, 0, c->nteams * sizeof *ms);
	if (c->state == CONTEST_SETUP)
		return;
	bool *out = xcalloc(c->nslots, sizeof *out);
	for (size_t r = 0; r < c->nrounds; r++) {
		memset(out, 0, c->nslots * sizeof *out);
		for (size_t i = 0; i < c->rounds[r].n; i++) {
			const struct cq *q = ci_qat(c, r, i);
			for (size_t s = 0; s < c->nslots; s++) {
				long long p = slot_points(c, r, q, s, out);
				if (p > 0 && q->tiebreak) {
					tb[c->slot_team[s]] += p;
				} else if (p > 0) {
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

int ci_team_push(struct contest *c, const char *name, int members, char **err)
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

/* A team added after the start: its answer slots go after all the others, in every question
 * (tie-break questions learn it is not one of theirs). */
static void add_slots(struct contest *c)
{
	struct cteam *t = &c->teams[c->nteams - 1];
	size_t k = c->answering == CONTEST_MEMBER_SUM ? (size_t)t->members : 1;
	size_t old = c->nslots, n = old + k;
	t->base = old;
	c->slot_team = xrealloc(c->slot_team, n * sizeof *c->slot_team);
	for (size_t j = old; j < n; j++)
		c->slot_team[j] = (int)c->nteams - 1;
	for (size_t r = 0; r < c->nrounds; r++)
		for (size_t i = 0; i < c->rounds[r].n; i++) {
			struct cq *q = ci_qat(c, r, i);
			q->slots = xrealloc(q->slots, n * sizeof *q->slots);
			memset(q->slots + old, 0, k * sizeof *q->slots);
			if (q->eligible) {
				q->eligible = xrealloc(q->eligible, c->nteams * sizeof *q->eligible);
				q->eligible[c->nteams - 1] = false;
			}
		}
	c->nslots = n;
}

int contest_add_team(struct contest *c, const char *name, int members, char **err)
{
	int rc = require(c, ~BIT(CONTEST_FINISHED), "add a team", err);
	if (rc)
		return rc;
	int id = ci_team_push(c, name, members == 0 ? 1 : members, err);
	if (id < 0)
		return id;
	if (c->state != CONTEST_SETUP)
		add_slots(c);
	struct contest_log e = {.op = CONTEST_OP_TEAM, .round = -1, .question = -1, .team = id};
	log_push(c, "host", e);
	return id;
}

int contest_rename_team(struct contest *c, int team, const char *name, char **err)
{
	if (team < 1 || (size_t)team > c->nteams)
		return err_set(err, NK_EINVAL, "contest: no team %d", team);
	if (!name || !*name)
		return err_set(err, NK_EINVAL, "contest: a team needs a name");
	free(c->teams[team - 1].name);
	c->teams[team - 1].name = xstrdup(name);
	struct contest_log e = {.op = CONTEST_OP_RENAME, .round = -1, .question = -1,
				.team = team};
	log_push(c, "host", e);
	return NK_OK;
}

int ci_check_round(const struct contest_round_config *cfg, char **err)
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
	if (cfg->reading_ms < 0 || cfg->reading_ms > CONTEST_MAX_TIME_MS)
		return err_set(err, NK_EINVAL, "contest: %" PRId64 " ms of reading time",
			       cfg->reading_ms);
	return NK_OK;
}

struct cround *ci_round_append(struct contest *c, const struct contest_round_config *cfg)
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
	if ((rc = ci_check_round(&k, err)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if ((rc = check_question(&qs[i], err)) != 0)
			return rc;
	struct cround *rd = ci_round_append(c, &k);
	size_t r = c->nrounds - 1;
	for (size_t i = 0; i < n; i++)
		q_init(c, ci_round_push(rd), &qs[i], r, i, k.shuffle);
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
	ci_layout_slots(c);
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
	/* The countdown starts once the question has been read out. */
	c->show_at = now(c) + cur_cfg(c)->reading_ms;
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
	/* The best prize place two or more teams share: [from, from + tied). */
	size_t from = 0, tied = 1;
	while (from < n && st[from].rank <= 3) {
		tied = 1;
		while (from + tied < n && st[from + tied].rank == st[from].rank)
			tied++;
		if (tied >= 2)
			break;
		from += tied;
	}
	if (from >= n || st[from].rank > 3 || tied < 2) {
		free(st);
		return err_set(err, NK_EINVAL, "contest: no tie for a prize place");
	}
	struct cround *rd = &c->rounds[c->round];
	struct cq *t = ci_round_push(rd);
	q_init(c, t, q, c->round, rd->n - 1, rd->cfg.shuffle);
	t->tiebreak = true;
	t->eligible = xcalloc(c->nteams, sizeof *t->eligible);
	for (size_t i = from; i < from + tied; i++)
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
	bool ok = may_answer(c, r, ci_qat(c, r, i), s, out);
	free(out);
	if (!ok)
		return err_set(err, NK_EINVAL, "contest: team %d (%d) may not answer question %s",
			       team, member, ci_qat(c, r, i)->id);
	return NK_OK;
}

static int check_input(const struct contest *c, int team, enum contest_source source,
		       char **err)
{
	enum contest_input in = c->teams[team - 1].input;
	if (source == CONTEST_SRC_HOST || in == CONTEST_INPUT_ANY ||
	    (source == CONTEST_SRC_TEAM && in == CONTEST_INPUT_TERMINAL) ||
	    (source == CONTEST_SRC_KEYBOARD && in == CONTEST_INPUT_KEYBOARD))
		return NK_OK;
	return err_set(err, NK_EINVAL, "contest: team %d answers by %s, not by %s", team,
		       ci_input_names[in], ci_source_names[source]);
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
	if ((rc = ci_slot_of(c, team, member, &s, err)) != 0)
		return rc;
	if (c->paused)
		return err_set(err, NK_EINVAL, "contest: paused");
	if (contest_reading_ms(c) > 0)
		return err_set(err, NK_EINVAL, "contest: the answers open after the reading time");
	/* A key that arrives after the limit, before the tick saw it, is still too late. */
	if (expired(c)) {
		do_lock(c, "timer");
		return err_set(err, NK_EINVAL, "contest: time is up");
	}
	struct cq *q = cur(c);
	if ((rc = ci_check_mask(q, mask, err)) != 0)
		return rc;
	if ((rc = check_may(c, c->round, c->q, s, team, member, err)) != 0)
		return rc;
	if ((rc = check_input(c, team, source, err)) != 0)
		return rc;
	struct cslot *sl = &q->slots[s];
	/* The same answer again: its time stays that of the first press. */
	if (sl->given && sl->mask == mask)
		return NK_OK;
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
	if ((rc = ci_slot_of(c, team, member, &s, err)) != 0)
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
	int rc = ci_slot_of(c, team, member, &s, err);
	if (rc)
		return rc;
	struct cq *q = ci_qat(c, r, i);
	bool open = r == c->round && i == c->q &&
		    (c->state == CONTEST_SHOWING || c->state == CONTEST_LOCKED);
	if (!open && !(q->revealed && !q->skipped))
		return err_set(err, NK_EINVAL, "contest: question %s is not open to correction",
			       q->id);
	if (mask && (rc = ci_check_mask(q, mask, err)) != 0)
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

/* An entry the host typed: an answer at the console, or a correction. */
static bool host_entry(const struct contest_log *e)
{
	return strcmp(e->who, "host") == 0 &&
	       (e->op == CONTEST_OP_ANSWER || e->op == CONTEST_OP_REPLACE ||
		e->op == CONTEST_OP_CORRECT);
}

/* The host's entries of the current question, replayed with the undos and redos in the log:
 * done lists the entries in force (newest last), undone those taken back that a redo may put
 * back (newest last). Both have room for the whole log. */
struct stacks {
	size_t *done, *undone;
	size_t nd, nu;
};

static void host_stacks(const struct contest *c, struct stacks *st)
{
	st->done = xcalloc(c->nlog + 1, sizeof *st->done);
	st->undone = xcalloc(c->nlog + 1, sizeof *st->undone);
	st->nd = st->nu = 0;
	for (size_t i = 0; i < c->nlog; i++) {
		const struct contest_log *e = &c->log[i];
		if (e->round != (int)c->round || e->question != (int)c->q)
			continue;
		if (host_entry(e)) {
			st->done[st->nd++] = i;
			st->nu = 0; /* a new entry ends what could be redone */
		} else if (e->op == CONTEST_OP_UNDO && st->nd) {
			st->undone[st->nu++] = st->done[--st->nd];
		} else if (e->op == CONTEST_OP_REDO && st->nu) {
			st->done[st->nd++] = st->undone[--st->nu];
		}
	}
}

static void stacks_free(struct stacks *st)
{
	free(st->done);
	free(st->undone);
}

static bool undo_open(const struct contest *c)
{
	return c->state == CONTEST_SHOWING || c->state == CONTEST_LOCKED ||
	       c->state == CONTEST_REVEALED || c->state == CONTEST_LEADERBOARD;
}

static enum contest_source source_of_who(const char *who)
{
	if (strncmp(who, "team:", 5) == 0)
		return CONTEST_SRC_TEAM;
	return strcmp(who, "keyboard") == 0 ? CONTEST_SRC_KEYBOARD : CONTEST_SRC_HOST;
}

/* What slot (team, member) of the current question held before log entry `before`: the
 * newest earlier entry that set it to `mask` gives its time and source. */
static struct cslot slot_before(const struct contest *c, size_t before, int team, int member,
				unsigned mask)
{
	if (!mask)
		return (struct cslot){0};
	for (size_t i = before; i-- > 0;) {
		const struct contest_log *e = &c->log[i];
		if (e->round != (int)c->round || e->question != (int)c->q || e->team != team ||
		    e->member != member || e->mask != mask)
			continue;
		if (e->op == CONTEST_OP_ANSWER || e->op == CONTEST_OP_REPLACE ||
		    e->op == CONTEST_OP_CORRECT || e->op == CONTEST_OP_UNDO ||
		    e->op == CONTEST_OP_REDO)
			return (struct cslot){.given = true, .mask = mask, .ms = e->ms,
					      .source = e->op == CONTEST_OP_UNDO ||
								e->op == CONTEST_OP_REDO
							? CONTEST_SRC_HOST
							: source_of_who(e->who)};
	}
	return (struct cslot){.given = true, .mask = mask, .ms = cur(c)->locked_ms,
			      .source = CONTEST_SRC_HOST};
}

bool contest_can_undo(const struct contest *c, struct contest_log *e)
{
	if (!undo_open(c))
		return false;
	struct stacks st;
	host_stacks(c, &st);
	bool ok = st.nd > 0;
	if (ok && e)
		*e = c->log[st.done[st.nd - 1]];
	stacks_free(&st);
	return ok;
}

bool contest_can_redo(const struct contest *c, struct contest_log *e)
{
	if (!undo_open(c))
		return false;
	struct stacks st;
	host_stacks(c, &st);
	bool ok = st.nu > 0;
	if (ok && e)
		*e = c->log[st.undone[st.nu - 1]];
	stacks_free(&st);
	return ok;
}

/* Undo (redo = false) or redo the top entry of its stack. */
static int undo_redo(struct contest *c, bool redo, struct contest_log *out, char **err)
{
	if (!undo_open(c))
		return err_set(err, NK_EINVAL,
			       "contest: undo and redo are for the current question only");
	struct stacks st;
	host_stacks(c, &st);
	size_t n = redo ? st.nu : st.nd;
	size_t at = n ? (redo ? st.undone : st.done)[n - 1] : 0;
	stacks_free(&st);
	if (!n)
		return err_set(err, NK_ENOENT, redo ? "contest: nothing to redo"
						    : "contest: no entry of yours to undo");
	const struct contest_log e = c->log[at];
	size_t s;
	if (ci_slot_of(c, e.team, e.member, &s, err) != NK_OK)
		return NK_EINVAL;
	struct cslot *sl = &cur(c)->slots[s];
	unsigned now_mask = sl->given ? sl->mask : 0;
	/* What the entry left (undo) or found (redo) must still be there. */
	if (now_mask != (redo ? e.prev : e.mask))
		return err_set(err, NK_EINVAL, "contest: team %d has answered again since", e.team);
	struct contest_log l = here(c, redo ? CONTEST_OP_REDO : CONTEST_OP_UNDO);
	l.team = e.team;
	l.member = e.member;
	if (redo) {
		*sl = (struct cslot){.given = true, .mask = e.mask, .ms = e.ms,
				     .source = CONTEST_SRC_HOST};
		l.mask = e.mask;
		l.prev = e.prev;
		l.ms = e.ms;
	} else {
		*sl = slot_before(c, at, e.team, e.member, e.prev);
		l.mask = e.prev;
		l.prev = e.mask;
		l.ms = sl->given ? sl->ms : 0;
	}
	log_push(c, "host", l);
	if (out)
		*out = e;
	return NK_OK;
}

int contest_undo(struct contest *c, struct contest_log *e, char **err)
{
	return undo_redo(c, false, e, err);
}

int contest_redo(struct contest *c, struct contest_log *e, char **err)
{
	return undo_redo(c, true, e, err);
}

int contest_end_round(struct contest *c, char **err)
{
	int rc = require(c, BIT(CONTEST_READY) | BIT(CONTEST_LEADERBOARD), "end the round", err);
	if (rc)
		return rc;
	struct cround *rd = &c->rounds[c->round];
	size_t from = c->state == CONTEST_READY ? c->q : c->q + 1;
	if (from >= rd->n)
		return err_set(err, NK_EINVAL, "contest: no question left in this round");
	for (size_t i = from; i < rd->n; i++)
		rd->qs[i].skipped = true;
	log_push(c, "host", here(c, CONTEST_OP_END_ROUND));
	c->q = rd->n - 1;
	c->state = CONTEST_ROUND_END;
	return NK_OK;
}

int contest_set_input(struct contest *c, int team, enum contest_input input, char **err)
{
	if (team < 1 || (size_t)team > c->nteams)
		return err_set(err, NK_EINVAL, "contest: no team %d", team);
	if ((unsigned)input >= ci_ninput_names)
		return err_set(err, NK_EINVAL, "contest: unknown input %d", (int)input);
	c->teams[team - 1].input = input;
	struct contest_log e = {.op = CONTEST_OP_INPUT, .round = -1, .question = -1,
				.team = team, .mask = (unsigned)input};
	log_push(c, "host", e);
	return NK_OK;
}

enum contest_input contest_team_input(const struct contest *c, int team)
{
	return team >= 1 && (size_t)team <= c->nteams ? c->teams[team - 1].input
						      : CONTEST_INPUT_ANY;
}

const char *contest_input_name(enum contest_input in)
{
	return (unsigned)in < ci_ninput_names ? ci_input_names[in] : "?";
}

bool ci_token_ok(const char *token)
{
	size_t n = token ? strlen(token) : 0;
	if (n < 1 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((token[i] >= '0' && token[i] <= '9') || (token[i] >= 'a' && token[i] <= 'z')))
			return false;
	return true;
}

int contest_claim_host(struct contest *c, const char *token, char **err)
{
	if (!ci_token_ok(token))
		return err_set(err, NK_EINVAL, "contest: a host token of 1 to 32 letters or digits");
	if (strcmp(c->host, token) == 0)
		return NK_OK;
	snprintf(c->host, sizeof c->host, "%s", token);
	struct contest_log e = {.op = CONTEST_OP_HOST, .round = -1, .question = -1};
	log_push(c, "host", e);
	return NK_OK;
}

const char *contest_host(const struct contest *c)
{
	return c->host;
}

int contest_expect(const struct contest *c, enum contest_state s, size_t round,
		   size_t question, char **err)
{
	if (c->state == s && (s == CONTEST_SETUP || (c->round == round && c->q == question)))
		return NK_OK;
	return err_set(err, NK_EINVAL,
		       "contest: that step was meant for %s at round %zu question %zu; the "
		       "contest is at %s, round %zu question %zu",
		       ci_state_names[s], round + 1, question + 1, ci_state_names[c->state],
		       c->round + 1, c->q + 1);
}

enum contest_state contest_state(const struct contest *c)
{
	return c->state;
}

const char *contest_state_name(enum contest_state s)
{
	return (unsigned)s < NK_ARRAY_LEN(ci_state_names) ? ci_state_names[s] : "?";
}

const char *contest_op_name(enum contest_op op)
{
	return (unsigned)op < NK_ARRAY_LEN(ci_op_names) ? ci_op_names[op] : "?";
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

bool ci_valid_q(const struct contest *c, size_t r, size_t i)
{
	return r < c->nrounds && i < c->rounds[r].n;
}

int contest_question_info(const struct contest *c, size_t round, size_t question,
			  struct contest_qinfo *out)
{
	if (!ci_valid_q(c, round, question) || !out)
		return NK_EINVAL;
	const struct cq *q = ci_qat(c, round, question);
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
	if (!ci_valid_q(c, round, question) || k < 0 || k >= ci_qat(c, round, question)->nopts)
		return NK_EINVAL;
	return ci_qat(c, round, question)->order[k];
}

int64_t contest_reading_ms(const struct contest *c)
{
	if (c->state != CONTEST_SHOWING)
		return 0;
	int64_t end = c->paused ? c->pause_at : now(c);
	int64_t left = c->show_at + c->paused_ms - end, most = cur_cfg(c)->reading_ms;
	/* Never more than the round's reading time: a wall clock stepped back is not reading. */
	return left <= 0 ? 0 : left > most ? most : left;
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
	if (c->state == CONTEST_SETUP || ci_slot_of(c, team, member, &s, NULL) != 0)
		return false;
	bool *out = round_out(c, c->round, c->q);
	bool ok = may_answer(c, c->round, cur(c), s, out);
	free(out);
	return ok;
}

bool contest_eliminated(const struct contest *c, int team, int member)
{
	size_t s;
	if (c->state == CONTEST_SETUP || ci_slot_of(c, team, member, &s, NULL) != 0)
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
	if (!ci_valid_q(c, round, question) || !out || ci_slot_of(c, team, member, &s, NULL) != 0)
		return NK_EINVAL;
	if (c->state == CONTEST_SETUP)
		return NK_ENOENT;
	const struct cq *q = ci_qat(c, round, question);
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
	if (!ci_valid_q(c, round, question) || !out || !ci_qat(c, round, question)->revealed)
		return NK_EINVAL;
	const struct cq *q = ci_qat(c, round, question);
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

/* Tie-break questions break ties in the order they were asked: the first one orders the teams
 * it was for, a later one only the teams still tied after it. pts[k * nteams + t] is what team
 * t earned on the k-th tie-break question. */
struct tbs {
	size_t k, nteams;
	long long *pts;
};

static void tb_points(const struct contest *c, struct tbs *tb)
{
	tb->nteams = c->nteams;
	tb->k = 0;
	tb->pts = NULL;
	if (c->state == CONTEST_SETUP)
		return;
	size_t cap = 0;
	bool *out = xcalloc(c->nslots + 1, sizeof *out);
	for (size_t r = 0; r < c->nrounds; r++)
		for (size_t i = 0; i < c->rounds[r].n; i++) {
			const struct cq *q = ci_qat(c, r, i);
			if (!q->tiebreak)
				continue;
			xgrow((void **)&tb->pts, &cap, (tb->k + 1) * c->nteams + 1, sizeof *tb->pts);
			long long *row = tb->pts + tb->k * c->nteams;
			memset(row, 0, c->nteams * sizeof *row);
			for (size_t s = 0; s < c->nslots; s++)
				row[c->slot_team[s]] += slot_points(c, r, q, s, out);
			tb->k++;
		}
	free(out);
}

/* < 0 when a goes before b; 0 when they share a place (score and every tie-break alike). */
static int cmp_place(const struct tbs *tb, const struct contest_standing *a,
		     const struct contest_standing *b)
{
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	for (size_t k = 0; k < tb->k; k++) {
		long long x = tb->pts[k * tb->nteams + (size_t)a->team - 1];
		long long y = tb->pts[k * tb->nteams + (size_t)b->team - 1];
		if (x != y)
			return x > y ? -1 : 1;
	}
	return 0;
}

size_t contest_standings(const struct contest *c, struct contest_standing *out)
{
	size_t n = c->nteams;
	long long *score = xcalloc(n + 1, sizeof *score), *tbsum = xcalloc(n + 1, sizeof *tbsum);
	int64_t *ms = xcalloc(n + 1, sizeof *ms);
	tally(c, score, tbsum, ms);
	for (size_t t = 0; t < n; t++)
		out[t] = (struct contest_standing){(int)t + 1, score[t], tbsum[t], ms[t], 0};
	free(score);
	free(tbsum);
	free(ms);
	struct tbs tb;
	tb_points(c, &tb);
	/* Insertion sort: the order needs the tie-break table, and teams are few. */
	for (size_t i = 1; i < n; i++) {
		struct contest_standing x = out[i];
		size_t j = i;
		while (j > 0) {
			int d = cmp_place(&tb, &x, &out[j - 1]);
			if (d == 0)
				d = x.time_ms != out[j - 1].time_ms
					    ? (x.time_ms < out[j - 1].time_ms ? -1 : 1)
					    : (x.team < out[j - 1].team ? -1 : 1);
			if (d > 0)
				break;
			out[j] = out[j - 1];
			j--;
		}
		out[j] = x;
	}
	for (size_t i = 0; i < n; i++)
		out[i].rank = i > 0 && cmp_place(&tb, &out[i], &out[i - 1]) == 0 ? out[i - 1].rank
										 : (int)i + 1;
	free(tb.pts);
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
