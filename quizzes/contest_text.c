/*
 * contest_text: the contest's saved state as text, behind contest_state_save and
 * contest_state_load of quizzes/contest.h. Every process of an event (the host's console,
 * the audience display, team terminals) reads it from the database on every change, so the
 * loader trusts nothing: each line is checked on its own and the whole for consistency
 * before the machine may use it (tests/fuzz/fuzz_contest_text.c fuzzes it).
 */
#include "quizzes/contest_impl.h"

#include "core/util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
 *   host <token>                                        optional: the console in charge
 *   team <id> <members> <name>                          ids 1, 2, … in order
 *   input <team> any|terminal|keyboard|board            optional, after its team
 *   round <mode> <points> <time_ms> <shuffle 0|1> [<reading_ms>]   then its q lines
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
	sb_add(&b, "answering %s\n", ci_answering_names[c->answering]);
	sb_add(&b, "seed %" PRIu64 "\n", c->seed);
	sb_add(&b, "state %s %zu %zu\n", ci_state_names[c->state], c->round, c->q);
	sb_add(&b, "clock %" PRId64 " %d %" PRId64 " %" PRId64 "\n", c->show_at, c->paused,
	       c->pause_at, c->paused_ms);
	if (c->host[0])
		sb_add(&b, "host %s\n", c->host);
	for (size_t t = 0; t < c->nteams; t++) {
		sb_add(&b, "team %zu %d ", t + 1, c->teams[t].members);
		sb_text(&b, c->teams[t].name);
		if (c->teams[t].input != CONTEST_INPUT_ANY)
			sb_add(&b, "input %zu %s\n", t + 1, ci_input_names[c->teams[t].input]);
	}
	for (size_t r = 0; r < c->nrounds; r++) {
		const struct contest_round_config *k = &c->rounds[r].cfg;
		sb_add(&b, "round %s %d %" PRId64 " %d", ci_mode_names[k->mode], k->points,
		       k->time_ms, k->shuffle);
		if (k->reading_ms)
			sb_add(&b, " %" PRId64, k->reading_ms);
		sb_add(&b, "\n");
		for (size_t i = 0; i < c->rounds[r].n; i++)
			save_q(&b, c, ci_qat(c, r, i));
	}
	for (size_t r = 0; c->state != CONTEST_SETUP && r < c->nrounds; r++) {
		for (size_t i = 0; i < c->rounds[r].n; i++) {
			for (size_t s = 0; s < c->nslots; s++) {
				const struct cslot *sl = &ci_qat(c, r, i)->slots[s];
				if (!sl->given)
					continue;
				int t = c->slot_team[s];
				sb_add(&b, "a %zu %zu %d %zu %u %" PRId64 " %s\n", r, i, t + 1,
				       s - c->teams[t].base, sl->mask, sl->ms,
				       ci_source_names[sl->source]);
			}
		}
	}
	for (size_t i = 0; i < c->nlog; i++) {
		const struct contest_log *e = &c->log[i];
		sb_add(&b, "log %" PRId64 " %s %s %d %d %d %d %u %u %" PRId64 "\n", e->at, e->who,
		       ci_op_names[e->op], e->round, e->question, e->team, e->member, e->mask,
		       e->prev, e->ms);
	}
	sb_add(&b, "end\n");
	*out = b.p;
	return NK_OK;
}

/* Loading: a table of line kinds, each in its section; sections only move forward. */
enum { SEC_HEAD = 1, SEC_TEAM, SEC_ROUND, SEC_ANSWER, SEC_LOG, SEC_END };
/* Header lines up to H_REQUIRED must all be there; the others may be. */
enum { H_NAME, H_ANSWERING, H_SEED, H_STATE, H_CLOCK, H_REQUIRED, H_HOST = H_REQUIRED, H_COUNT };

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
	int k = ci_lookup(ci_answering_names, ci_nanswering_names, word(&p));
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
	int k = ci_lookup(ci_state_names, ci_nstate_names, word(&p));
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
	int rc = ci_team_push(L->c, name, (int)members, NULL);
	free(name);
	return rc < 0 ? bad(L, "bad team") : NK_OK;
}

static int ld_host(struct loader *L, char *p)
{
	char *w = word(&p);
	if (!w || *p || !ci_token_ok(w))
		return bad(L, "bad host line");
	snprintf(L->c->host, sizeof L->c->host, "%s", w);
	return NK_OK;
}

/* A team's input, right after that team's line, once. */
static int ld_input(struct loader *L, char *p)
{
	int64_t team;
	if (!getnum(&p, 1, CONTEST_MAX_TEAMS, &team) || (size_t)team != L->c->nteams)
		return bad(L, "an input line not after its team");
	int in = ci_lookup(ci_input_names, ci_ninput_names, word(&p));
	if (in <= CONTEST_INPUT_ANY || *p || L->c->teams[team - 1].input != CONTEST_INPUT_ANY)
		return bad(L, "bad input line");
	L->c->teams[team - 1].input = (enum contest_input)in;
	return NK_OK;
}

static int ld_round(struct loader *L, char *p)
{
	struct contest_round_config k = {0};
	int mode = ci_lookup(ci_mode_names, ci_nmode_names, word(&p));
	int64_t points, ms, shuffle, reading = 0;
	if (mode < 0 || !getnum(&p, 1, CONTEST_MAX_POINTS, &points) ||
	    !getnum(&p, 0, CONTEST_MAX_TIME_MS, &ms) || !getnum(&p, 0, 1, &shuffle) ||
	    (*p && (!getnum(&p, 1, CONTEST_MAX_TIME_MS, &reading) || *p)))
		return bad(L, "bad round line");
	k.mode = (enum contest_mode)mode;
	k.points = (int)points;
	k.time_ms = ms;
	k.shuffle = shuffle;
	k.reading_ms = reading;
	if (ci_check_round(&k, NULL) != 0)
		return bad(L, "bad round");
	ci_round_append(L->c, &k);
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
	struct cq *q = ci_round_push(rd);
	memset(q, 0, sizeof *q);
	int64_t nopts, correct, multi, locked;
	if (!getnum(&p, 2, CONTEST_MAX_OPTIONS, &nopts) || !getnum(&p, 1, 255, &correct) ||
	    !getnum(&p, 0, 1, &multi))
		return bad(L, "bad question line");
	q->nopts = (int)nopts;
	q->correct = (unsigned)correct;
	q->multi = multi;
	if (q->correct & ~ci_opts_mask(q->nopts))
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
	q->shown_correct = ci_to_shown(q->order, q->nopts, q->correct);
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
	for (size_t h = 0; h < H_REQUIRED; h++)
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
	if (!ci_valid_q(c, c->round, c->q))
		return bad(L, "no such current question");
	for (size_t r = 0; r < c->nrounds; r++) {
		for (size_t i = 0; i < c->rounds[r].n; i++) {
			const struct cq *q = ci_qat(c, r, i);
			bool reached = before_or_at(r, i, c->round, c->q);
			bool past = reached && !(r == c->round && i == c->q);
			bool shown_cur = r == c->round && i == c->q && c->state >= CONTEST_REVEALED;
			if ((q->skipped && !reached) || (q->revealed && !past && !shown_cur))
				return bad(L, "a question marked ahead of the contest");
		}
	}
	ci_layout_slots(c);
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
	int src = ci_lookup(ci_source_names, ci_nsource_names, word(&p));
	size_t s;
	if (src < 0 || *p || !ci_valid_q(c, (size_t)r, (size_t)i) ||
	    ci_slot_of(c, (int)team, (int)member, &s, NULL) != 0)
		return bad(L, "bad answer line");
	struct cq *q = ci_qat(c, (size_t)r, (size_t)i);
	if (ci_check_mask(q, (unsigned)mask, NULL) != 0 || q->slots[s].given)
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
	int op = ci_lookup(ci_op_names, ci_nop_names, word(&p));
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
	{"host", SEC_HEAD, H_HOST, ld_host},
	{"team", SEC_TEAM, -1, ld_team},
	{"input", SEC_TEAM, -1, ld_input},
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
