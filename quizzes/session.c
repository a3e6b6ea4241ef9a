/*
 * session: the quiz state machine behind quizzes/session.h. It owns the draw (which pool
 * questions, in which order, with which option order) and the answers given so far, and
 * nothing else: it reads no bank, stores no record and draws no screen. Randomness is a
 * splitmix64 generator seeded from the configuration, never rand(), so a seed names one
 * session exactly and the same seed replays it in a test or a bug report.
 */
#include "quizzes/session.h"

#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define NLEVELS 3

struct qs_item {
	int order[QS_MAX_OPTIONS]; /* shown position -> bank option */
};

struct quiz_session {
	struct qs_question *pool; /* copied; its strings are borrowed */
	size_t npool;
	struct qs_config cfg;
	const struct clock *clk;
	size_t n; /* questions drawn: the wanted count clamped to the usable pool */
	struct qs_item *items;
	struct qs_result *results;
	size_t cur;
	enum qs_state state;
	unsigned marked; /* shown positions toggled on the current multi-answer question */
	int64_t start;   /* when the current question was shown */
};

/* splitmix64: tiny, fast, and every seed (0 included) gives a full-period stream, which a
 * seed typed into a test or a log must. */
static uint64_t rng_next(uint64_t *st)
{
	uint64_t z = (*st += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform in [0, n): plain modulo would favour the low values, which over many sessions
 * would favour the same questions. */
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

static void shuffle_sizes(uint64_t *st, size_t *v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = rng_below(st, i);
		size_t t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
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

/* A question the kiosk can ask: enough options to choose from, no more than the keys can
 * name, and at least one right one (else no answer could ever score). */
static bool usable(const struct qs_question *q)
{
	return q->nopts >= 2 && q->nopts <= QS_MAX_OPTIONS && (q->correct & opts_mask(q->nopts));
}

/* 0-based level; unknown difficulties sit in the middle rather than at either end. */
static int level_of(const struct qs_question *q)
{
	return q->difficulty >= 1 && q->difficulty <= NLEVELS ? q->difficulty - 1 : 1;
}

static size_t count_usable(const struct qs_question *pool, size_t npool)
{
	size_t k = 0;
	for (size_t i = 0; i < npool; i++)
		k += usable(&pool[i]);
	return k;
}

static int64_t now(const struct quiz_session *s)
{
	return clock_now_ms(s->clk);
}

/* Time on the current question; a wall clock stepped back must not give negative times. */
static int64_t elapsed(const struct quiz_session *s)
{
	int64_t d = now(s) - s->start;
	return d > 0 ? d : 0;
}

static void show(struct quiz_session *s)
{
	s->state = QS_ASKING;
	s->marked = 0;
	s->start = now(s);
}

/*
 * The draw. Each level's questions are shuffled, then taken round-robin from the levels
 * present so that a short quiz still meets every level; the round starts at a random level so
 * that the odd question left over is not always an easy one. The picks are then laid out by
 * level, easiest first, each level in the order it was drawn. Options are shuffled last, one
 * question after another, so the whole session follows from the seed alone.
 */
static void draw(struct quiz_session *s)
{
	uint64_t st = s->cfg.seed;
	size_t *buf = xcalloc(s->npool, sizeof *buf);
	size_t *lv[NLEVELS];
	size_t nlv[NLEVELS] = {0}, take[NLEVELS] = {0};
	size_t off = 0;
	for (int l = 0; l < NLEVELS; l++) {
		lv[l] = buf + off;
		for (size_t i = 0; i < s->npool; i++)
			if (usable(&s->pool[i]) && level_of(&s->pool[i]) == l)
				lv[l][nlv[l]++] = i;
		off += nlv[l];
		shuffle_sizes(&st, lv[l], nlv[l]);
	}

	int present[NLEVELS], npresent = 0;
	for (int l = 0; l < NLEVELS; l++)
		if (nlv[l] > 0)
			present[npresent++] = l;
	int l = present[rng_below(&st, (size_t)npresent)];
	for (size_t got = 0; got < s->n; l = (l + 1) % NLEVELS) {
		if (take[l] < nlv[l]) {
			take[l]++;
			got++;
		}
	}

	size_t k = 0;
	for (int v = 0; v < NLEVELS; v++)
		for (size_t j = 0; j < take[v]; j++)
			s->results[k++] = (struct qs_result){.pool = lv[v][j]};
	free(buf);

	for (size_t i = 0; i < s->n; i++) {
		int nopts = s->pool[s->results[i].pool].nopts;
		for (int j = 0; j < nopts; j++)
			s->items[i].order[j] = j;
		shuffle_ints(&st, s->items[i].order, nopts);
	}
}

int qs_new(const struct qs_question *pool, size_t npool, const struct qs_config *cfg,
	   const struct clock *clk, struct quiz_session **out, char **err)
{
	if (!out)
		return err_set(err, NK_EINVAL, "quiz session: nowhere to put it");
	*out = NULL;
	if (!cfg || !clk || (!pool && npool > 0))
		return err_set(err, NK_EINVAL, "quiz session: missing configuration or clock");
	if (cfg->count < 1)
		return err_set(err, NK_EINVAL, "quiz session: %d questions asked for", cfg->count);
	if (cfg->time_limit_ms < 0)
		return err_set(err, NK_EINVAL, "quiz session: negative time limit");
	size_t nusable = count_usable(pool, npool);
	if (nusable == 0)
		return err_set(err, NK_EINVAL, "quiz session: no playable question among %zu",
			       npool);

	struct quiz_session *s = xcalloc(1, sizeof *s);
	s->pool = xcalloc(npool, sizeof *s->pool);
	memcpy(s->pool, pool, npool * sizeof *pool);
	for (size_t i = 0; i < npool; i++)
		if (usable(&s->pool[i]))
			s->pool[i].correct &= opts_mask(s->pool[i].nopts);
	s->npool = npool;
	s->cfg = *cfg;
	s->clk = clk;
	s->n = (size_t)cfg->count < nusable ? (size_t)cfg->count : nusable;
	s->items = xcalloc(s->n, sizeof *s->items);
	s->results = xcalloc(s->n, sizeof *s->results);
	draw(s);
	show(s);
	*out = s;
	return NK_OK;
}

void qs_free(struct quiz_session **s)
{
	if (!s || !*s)
		return;
	free((*s)->pool);
	free((*s)->items);
	free((*s)->results);
	free(*s);
	*s = NULL;
}

enum qs_state qs_state(const struct quiz_session *s)
{
	return s->state;
}

size_t qs_count(const struct quiz_session *s)
{
	return s->n;
}

size_t qs_current(const struct quiz_session *s)
{
	return s->cur;
}

size_t qs_pool_index(const struct quiz_session *s, size_t i)
{
	return i < s->n ? s->results[i].pool : SIZE_MAX;
}

int qs_option_at(const struct quiz_session *s, size_t i, int k)
{
	if (i >= s->n || k < 0 || k >= s->pool[s->results[i].pool].nopts)
		return NK_EINVAL;
	return s->items[i].order[k];
}

int qs_nopts(const struct quiz_session *s, size_t i)
{
	return i < s->n ? s->pool[s->results[i].pool].nopts : NK_EINVAL;
}

static const struct qs_question *current_q(const struct quiz_session *s)
{
	return &s->pool[s->results[s->cur].pool];
}

int qs_toggle(struct quiz_session *s, int k)
{
	if (s->state != QS_ASKING)
		return NK_EINVAL;
	const struct qs_question *q = current_q(s);
	if (!q->multi || k < 0 || k >= q->nopts)
		return NK_EINVAL;
	s->marked ^= 1u << k;
	return NK_OK;
}

unsigned qs_marked(const struct quiz_session *s)
{
	return s->marked;
}

/* The question ends unanswered at its limit, and counts the full limit as its time, whenever
 * the tick or a late key happened to notice it. */
static void time_out(struct quiz_session *s)
{
	struct qs_result *r = &s->results[s->cur];
	r->chosen = 0;
	r->answered = true;
	r->correct = false;
	r->timed_out = true;
	r->ms = s->cfg.time_limit_ms;
	s->state = QS_FEEDBACK;
}

static bool expired(const struct quiz_session *s)
{
	return s->state == QS_ASKING && s->cfg.time_limit_ms > 0 &&
	       elapsed(s) >= s->cfg.time_limit_ms;
}

int qs_answer(struct quiz_session *s, int k)
{
	if (s->state != QS_ASKING)
		return NK_EINVAL;
	const struct qs_question *q = current_q(s);
	const int *order = s->items[s->cur].order;
	unsigned chosen = 0;
	if (q->multi) {
		if (s->marked == 0)
			return NK_EINVAL;
		for (int j = 0; j < q->nopts; j++)
			if (s->marked & (1u << j))
				chosen |= 1u << order[j];
	} else {
		if (k < 0 || k >= q->nopts)
			return NK_EINVAL;
		chosen = 1u << order[k];
	}
	/* A key that arrives after the limit, before the tick saw it, is still too late. */
	if (expired(s)) {
		time_out(s);
		return NK_OK;
	}
	struct qs_result *r = &s->results[s->cur];
	r->chosen = chosen;
	r->answered = true;
	r->timed_out = false;
	r->correct = q->multi ? chosen == q->correct : (chosen & q->correct) != 0;
	r->ms = elapsed(s);
	s->state = QS_FEEDBACK;
	return NK_OK;
}

int qs_next(struct quiz_session *s)
{
	if (s->state != QS_FEEDBACK)
		return NK_EINVAL;
	s->cur++;
	if (s->cur >= s->n) {
		s->state = QS_DONE;
		s->marked = 0;
		return NK_OK;
	}
	show(s);
	return NK_OK;
}

bool qs_tick(struct quiz_session *s)
{
	if (!expired(s))
		return false;
	time_out(s);
	return true;
}

int64_t qs_remaining_ms(const struct quiz_session *s)
{
	if (s->cfg.time_limit_ms <= 0)
		return -1;
	if (s->state != QS_ASKING)
		return 0;
	int64_t left = s->cfg.time_limit_ms - elapsed(s);
	return left > 0 ? left : 0;
}

const struct qs_result *qs_result(const struct quiz_session *s, size_t i)
{
	return i < s->n ? &s->results[i] : NULL;
}

size_t qs_score(const struct quiz_session *s)
{
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++)
		k += s->results[i].correct;
	return k;
}

int qs_restart(struct quiz_session *s, uint64_t seed)
{
	s->cfg.seed = seed;
	draw(s); /* rewrites every result, which clears the answers */
	s->cur = 0;
	show(s);
	return NK_OK;
}
