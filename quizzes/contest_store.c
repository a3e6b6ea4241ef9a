/*
 * contest_store: the SQL around the contest engine. Values are bound; the
 * state text is the engine's own format and is never parsed here.
 */
#include "quizzes/contest_store.h"

#include "core/text.h"
#include "core/util.h"
#include "quizzes/qstore.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

static int sqlfail(sqlite3 *h, int s, char **err)
{
	return err_set(err, db_errcode(s), "contest: %s", sqlite3_errmsg(h));
}

bool cstore_valid_date(const char *s)
{
	int y, m, d;
	char tail;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return false;
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return y >= 2000 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= (m == 2 && !leap ? 28 : days[m - 1]);
}

int cstore_create(struct db *db, const struct clock *clk, const char *name, const char *held_on,
		  const char *place, enum contest_answering answering, char uuid_out[37],
		  char **err)
{
	if (!cstore_valid_date(held_on))
		return err_set(err, NK_EINVAL, "contest: \"%s\" is not a date YYYY-MM-DD",
			       held_on ? held_on : "");
	struct contest *c = NULL;
	int rc = contest_new(name, answering, (uint64_t)clock_now_ms(clk), clk, &c, err);
	if (rc)
		return rc;
	char *state = NULL;
	rc = contest_state_save(c, &state);
	contest_free(&c);
	if (rc)
		return err_set(err, rc, "contest: cannot save its state");
	char uuid[37], when[32];
	util_uuid(uuid);
	clock_iso8601(clock_now_ms(clk), when);
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h,
			       "INSERT INTO contests(uuid, kiosk_id, name, held_on, place, "
			       "started_at, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			       -1, &st, NULL) != SQLITE_OK) {
		free(state);
		return sqlfail(h, sqlite3_errcode(h), err);
	}
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, db_kiosk_id(db), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, held_on, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, place, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, when, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, state, -1, free);
	int s = sqlite3_step(st);
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		return sqlfail(h, s, err);
	memcpy(uuid_out, uuid, 37);
	return NK_OK;
}

int cstore_latest(struct db *db, char uuid_out[37], char **err)
{
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, "SELECT uuid FROM contests ORDER BY started_at DESC, rowid DESC "
				  "LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK)
		return sqlfail(h, sqlite3_errcode(h), err);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		snprintf(uuid_out, 37, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (s == SQLITE_DONE)
		return err_set(err, NK_ENOENT, "there is no contest yet (ntmkiosk contest new)");
	return s == SQLITE_ROW ? NK_OK : sqlfail(h, s, err);
}

int cstore_pick(struct db *db, const struct clock *clk, char uuid_out[37], bool *under_way,
		char **err)
{
	*under_way = false;
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, "SELECT uuid, state FROM contests ORDER BY started_at DESC, "
				  "rowid DESC",
			       -1, &st, NULL) != SQLITE_OK)
		return sqlfail(h, sqlite3_errcode(h), err);
	int s;
	bool any = false, found = false;
	while (!found && (s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *uuid = (const char *)sqlite3_column_text(st, 0);
		if (!any)
			snprintf(uuid_out, 37, "%s", uuid);
		any = true;
		struct contest *c = NULL;
		if (contest_state_load((const char *)sqlite3_column_text(st, 1), clk, &c, NULL) ==
			    NK_OK &&
		    contest_state(c) != CONTEST_SETUP && contest_state(c) != CONTEST_FINISHED) {
			snprintf(uuid_out, 37, "%s", uuid);
			found = *under_way = true;
		}
		contest_free(&c);
	}
	if (!found && s != SQLITE_DONE) {
		sqlite3_finalize(st);
		return sqlfail(h, s, err);
	}
	sqlite3_finalize(st);
	if (!any)
		return err_set(err, NK_ENOENT, "there is no contest yet (ntmkiosk contest new)");
	return NK_OK;
}

static int load_text(struct db *db, const char *uuid, char **text, int64_t *version, char **err)
{
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, "SELECT state, version FROM contests WHERE uuid = ?1", -1, &st,
			       NULL) != SQLITE_OK)
		return sqlfail(h, sqlite3_errcode(h), err);
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		*text = xstrdup((const char *)sqlite3_column_text(st, 0));
		if (version)
			*version = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (s == SQLITE_DONE)
		return err_set(err, NK_ENOENT, "no contest %s", uuid);
	return s == SQLITE_ROW ? NK_OK : sqlfail(h, s, err);
}

int cstore_load(struct db *db, const struct clock *clk, const char *uuid, struct contest **out,
		int64_t *version, char **err)
{
	char *text = NULL;
	int rc = load_text(db, uuid, &text, version, err);
	if (rc)
		return rc;
	rc = contest_state_load(text, clk, out, err);
	free(text);
	return rc;
}

int cstore_version(struct db *db, const char *uuid, int64_t *version, char **err)
{
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, "SELECT version FROM contests WHERE uuid = ?1", -1, &st, NULL) !=
	    SQLITE_OK)
		return sqlfail(h, sqlite3_errcode(h), err);
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		*version = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (s == SQLITE_DONE)
		return err_set(err, NK_ENOENT, "no contest %s", uuid);
	return s == SQLITE_ROW ? NK_OK : sqlfail(h, s, err);
}

static int save(struct db *db, const char *uuid, struct contest *c, char **err)
{
	char *state = NULL;
	int rc = contest_state_save(c, &state);
	if (rc)
		return err_set(err, rc, "contest: cannot save its state");
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h,
			       "UPDATE contests SET state = ?2, version = version + 1 WHERE "
			       "uuid = ?1",
			       -1, &st, NULL) != SQLITE_OK) {
		free(state);
		return sqlfail(h, sqlite3_errcode(h), err);
	}
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, state, -1, free);
	int s = sqlite3_step(st);
	sqlite3_finalize(st);
	return s == SQLITE_DONE ? NK_OK : sqlfail(h, s, err);
}

void cstore_ping(struct db *db)
{
	char *path = xasprintf("%s" CSTORE_PING, db_path(db));
	int f = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	free(path);
	if (f < 0)
		return; /* the screens still see the change at their next poll */
	ssize_t w = pwrite(f, "\n", 1, 0); /* a failure only leaves the screens to their poll */
	(void)w;
	close(f);
}

int cstore_apply(struct db *db, const struct clock *clk, const char *uuid,
		 int (*op)(void *ctx, struct contest *c, char **err), void *ctx, char **err)
{
	/* IMMEDIATE: the read and the write are one step for every process. */
	int rc = db_begin(db, err);
	if (rc)
		return rc;
	struct contest *c = NULL;
	rc = cstore_load(db, clk, uuid, &c, NULL, err);
	if (rc == NK_OK)
		rc = op(ctx, c, err);
	if (rc == NK_OK)
		rc = save(db, uuid, c, err);
	contest_free(&c);
	if (rc == NK_OK)
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	else
		cstore_ping(db);
	return rc;
}

struct team_op {
	const char *name;
	int members;
	int team_no;
};

static int add_team_op(void *ctx, struct contest *c, char **err)
{
	struct team_op *t = ctx;
	int rc = contest_add_team(c, t->name, t->members, err);
	if (rc < 0)
		return rc;
	t->team_no = rc;
	return NK_OK;
}

int cstore_add_team(struct db *db, const struct clock *clk, const char *uuid, const char *name,
		    const char *village, const char *members, int *team_no, char **err)
{
	/* Members' names, as typed: "Lò Văn A, Giàng Thị B". */
	char **names = NULL;
	size_t n = 0;
	if (members && *members) {
		char *copy = xstrdup(members);
		for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
			tok += strspn(tok, " ");
			size_t l = strlen(tok);
			while (l && tok[l - 1] == ' ')
				tok[--l] = '\0';
			if (!l)
				continue;
			names = xrealloc(names, (n + 1) * sizeof *names);
			names[n++] = xstrdup(tok);
		}
		free(copy);
	}
	struct team_op t = {name, n ? (int)n : 1, 0};
	int rc = db_begin(db, err);
	if (rc)
		goto out;
	struct contest *c = NULL;
	rc = cstore_load(db, clk, uuid, &c, NULL, err);
	if (rc == NK_OK)
		rc = add_team_op(&t, c, err);
	if (rc == NK_OK)
		rc = save(db, uuid, c, err);
	contest_free(&c);
	sqlite3 *h = db_sqlite(db);
	char tuuid[37];
	util_uuid(tuuid);
	if (rc == NK_OK) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(h,
				       "INSERT INTO contest_teams(uuid, contest_uuid, team_no, name, "
				       "village) VALUES (?1, ?2, ?3, ?4, ?5)",
				       -1, &st, NULL) != SQLITE_OK) {
			rc = sqlfail(h, sqlite3_errcode(h), err);
		} else {
			sqlite3_bind_text(st, 1, tuuid, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, uuid, -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 3, t.team_no);
			sqlite3_bind_text(st, 4, name, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 5, village && *village ? village : NULL, -1,
					  SQLITE_STATIC);
			int s = sqlite3_step(st);
			sqlite3_finalize(st);
			if (s != SQLITE_DONE)
				rc = sqlfail(h, s, err);
		}
	}
	for (size_t i = 0; rc == NK_OK && i < n; i++) {
		sqlite3_stmt *st;
		char muuid[37];
		util_uuid(muuid);
		if (sqlite3_prepare_v2(h,
				       "INSERT INTO contest_members(uuid, team_uuid, name) VALUES "
				       "(?1, ?2, ?3)",
				       -1, &st, NULL) != SQLITE_OK) {
			rc = sqlfail(h, sqlite3_errcode(h), err);
			break;
		}
		sqlite3_bind_text(st, 1, muuid, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, tuuid, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, names[i], -1, SQLITE_STATIC);
		int s = sqlite3_step(st);
		sqlite3_finalize(st);
		if (s != SQLITE_DONE)
			rc = sqlfail(h, s, err);
	}
	if (rc == NK_OK)
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	else if (team_no)
		*team_no = t.team_no;
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

struct rename_op {
	int team;
	const char *name;
};

static int rename_op(void *ctx, struct contest *c, char **err)
{
	struct rename_op *r = ctx;
	return contest_rename_team(c, r->team, r->name, err);
}

int cstore_rename_team(struct db *db, const struct clock *clk, const char *uuid, int team_no,
		       const char *name, char **err)
{
	struct rename_op r = {team_no, name};
	int rc = db_begin(db, err);
	if (rc)
		return rc;
	struct contest *c = NULL;
	rc = cstore_load(db, clk, uuid, &c, NULL, err);
	if (rc == NK_OK)
		rc = rename_op(&r, c, err);
	if (rc == NK_OK)
		rc = save(db, uuid, c, err);
	contest_free(&c);
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	if (rc == NK_OK) {
		if (sqlite3_prepare_v2(h,
				       "UPDATE contest_teams SET name = ?3 WHERE contest_uuid = ?1 "
				       "AND team_no = ?2",
				       -1, &st, NULL) != SQLITE_OK) {
			rc = sqlfail(h, sqlite3_errcode(h), err);
		} else {
			sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 2, team_no);
			sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
			int s2 = sqlite3_step(st);
			sqlite3_finalize(st);
			if (s2 != SQLITE_DONE)
				rc = sqlfail(h, s2, err);
		}
	}
	if (rc == NK_OK)
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	else
		cstore_ping(db);
	return rc;
}

struct round_op {
	const struct contest_round_config *cfg;
	struct contest_question *qs;
	size_t n;
};

static int add_round_op(void *ctx, struct contest *c, char **err)
{
	struct round_op *r = ctx;
	int rc = contest_add_round(c, r->cfg, r->qs, r->n, err);
	return rc < 0 ? rc : NK_OK;
}

/* A contest takes one letter per team (a board held up, a key, a button):
 * questions with several right answers stay for the kiosk's quizzes. */
static void drop_multi(struct qitem *items, size_t *n)
{
	size_t k = 0;
	for (size_t i = 0; i < *n; i++) {
		if (items[i].multi) {
			questions_free_one(&items[i]);
			continue;
		}
		items[k++] = items[i];
	}
	*n = k;
}

static bool used_in(const struct contest *c, const char *id);

struct draw_op {
	const struct contest_round_config *cfg;
	const struct qitem *items;
	size_t n;
	int count;
	uint64_t seed;
	size_t *left;
};

/* The draw happens on the contest as it is in the transaction, so that a round never repeats
 * a question of the rounds before it, and asking for more than are left is refused. */
static int draw_round_op(void *ctx, struct contest *c, char **err)
{
	struct draw_op *d = ctx;
	size_t *idx = xcalloc(d->n + 1, sizeof *idx), m = 0;
	for (size_t i = 0; i < d->n; i++)
		if (!used_in(c, d->items[i].id))
			idx[m++] = i;
	*d->left = m;
	if (d->count < 1 || (size_t)d->count > m) {
		free(idx);
		return err_set(err, NK_EINVAL,
			       "contest: %zu questions are left for this round (%d asked for)", m,
			       d->count);
	}
	/* A seeded draw without repeats (Fisher-Yates over the indices). */
	uint64_t x = d->seed ? d->seed : 0x9e3779b97f4a7c15ULL;
	for (size_t i = m; i > 1; i--) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		size_t j = (size_t)(x % i);
		size_t t = idx[i - 1];
		idx[i - 1] = idx[j];
		idx[j] = t;
	}
	size_t take = (size_t)d->count;
	struct contest_question *qs = xcalloc(take, sizeof *qs);
	for (size_t i = 0; i < take; i++) {
		const struct qitem *q = &d->items[idx[i]];
		qs[i] = (struct contest_question){q->id, q->nopts, q->correct, q->multi};
	}
	struct round_op r = {d->cfg, qs, take};
	int rc = add_round_op(&r, c, err);
	free(qs);
	free(idx);
	return rc;
}

int cstore_add_round(struct db *db, const struct clock *clk, const char *uuid,
		     const struct contest_round_config *cfg, const char *topic, int count,
		     uint64_t seed, size_t *left, char **err)
{
	size_t spare;
	if (!left)
		left = &spare;
	*left = 0;
	struct qitem *items = NULL;
	size_t n = 0;
	int rc = questions_load(db, topic, "vi", &items, &n, err);
	if (rc)
		return rc;
	drop_multi(items, &n);
	struct draw_op d = {cfg, items, n, count, seed, left};
	rc = cstore_apply(db, clk, uuid, draw_round_op, &d, err);
	questions_free(&items, n);
	return rc;
}

int cstore_add_round_ids(struct db *db, const struct clock *clk, const char *uuid,
			 const struct contest_round_config *cfg, const char *const *ids, size_t n,
			 bool twice, char **err)
{
	if (n == 0)
		return err_set(err, NK_EINVAL, "no questions for this round");
	for (size_t i = 0; !twice && i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(ids[i], ids[j]) == 0)
				return err_set(err, NK_EINVAL, "question %s is twice in this round",
					       ids[i]);
	struct qitem **items = xcalloc(n, sizeof *items);
	struct contest_question *qs = xcalloc(n, sizeof *qs);
	int rc = NK_OK;
	for (size_t i = 0; i < n && rc == NK_OK; i++) {
		rc = questions_get(db, ids[i], "vi", &items[i], err);
		if (rc == NK_OK && items[i]->multi)
			rc = err_set(err, NK_EINVAL,
				     "question %s has several right answers: a contest takes one "
				     "letter per team",
				     ids[i]);
		if (rc == NK_OK)
			qs[i] = (struct contest_question){items[i]->id, items[i]->nopts,
							  items[i]->correct, items[i]->multi};
	}
	struct round_op r = {cfg, qs, n};
	if (rc == NK_OK)
		rc = cstore_apply(db, clk, uuid, add_round_op, &r, err);
	for (size_t i = 0; i < n; i++)
		questions_free(&items[i], 1);
	free(items);
	free(qs);
	return rc;
}

struct tiebreak_op {
	struct qitem *items;
	size_t n;
	uint64_t seed;
};

static bool used_in(const struct contest *c, const char *id)
{
	for (size_t r = 0; r < contest_nrounds(c); r++)
		for (size_t i = 0; i < contest_round_questions(c, r); i++) {
			struct contest_qinfo qi;
			if (contest_question_info(c, r, i, &qi) == NK_OK && strcmp(qi.id, id) == 0)
				return true;
		}
	return false;
}

static int tiebreak_op(void *ctx, struct contest *c, char **err)
{
	struct tiebreak_op *t = ctx;
	size_t left = 0;
	for (size_t i = 0; i < t->n; i++)
		if (!used_in(c, t->items[i].id))
			left++;
	if (left == 0)
		return err_set(err, NK_ENOENT, "contest: every question in the banks has been used");
	size_t pick = (size_t)(t->seed % left);
	for (size_t i = 0; i < t->n; i++) {
		if (used_in(c, t->items[i].id))
			continue;
		if (pick-- == 0) {
			const struct qitem *q = &t->items[i];
			struct contest_question cq = {q->id, q->nopts, q->correct, q->multi};
			return contest_add_tiebreak(c, &cq, err);
		}
	}
	return NK_EFAIL; /* not reached: left counted one */
}

int cstore_add_tiebreak(struct db *db, const struct clock *clk, const char *uuid, uint64_t seed,
			char **err)
{
	struct tiebreak_op t = {NULL, 0, seed};
	int rc = questions_load(db, NULL, "vi", &t.items, &t.n, err);
	if (rc == NK_OK) {
		drop_multi(t.items, &t.n);
		rc = cstore_apply(db, clk, uuid, tiebreak_op, &t, err);
	}
	questions_free(&t.items, t.n);
	return rc;
}

static int do_op(void *ctx, struct contest *c, char **err)
{
	const struct cstore_op *o = ctx;
	int rc;
	if (o->host && o->op != CONTEST_OP_HOST && contest_host(c)[0] &&
	    strcmp(contest_host(c), o->host) != 0)
		return err_set(err, NK_EINVAL, "contest: another host console has taken over");
	if (o->expect && (rc = contest_expect(c, o->want_state, (size_t)o->want_round,
					      (size_t)o->want_question, err)) != NK_OK)
		return rc;
	switch (o->op) {
	case CONTEST_OP_START: return contest_start(c, err);
	case CONTEST_OP_SHOW: return contest_show(c, err);
	case CONTEST_OP_LOCK: return contest_lock(c, err);
	case CONTEST_OP_REVEAL: return contest_reveal(c, err);
	case CONTEST_OP_LEADERBOARD: return contest_leaderboard(c, err);
	case CONTEST_OP_NEXT: return contest_next(c, err);
	case CONTEST_OP_PAUSE: return contest_pause(c, err);
	case CONTEST_OP_RESUME: return contest_resume(c, err);
	case CONTEST_OP_SKIP: return contest_skip(c, err);
	case CONTEST_OP_RESCUE: return contest_rescue(c, err);
	case CONTEST_OP_END_ROUND: return contest_end_round(c, err);
	case CONTEST_OP_UNDO: return contest_undo(c, o->entry, err);
	case CONTEST_OP_REDO: return contest_redo(c, o->entry, err);
	case CONTEST_OP_INPUT: return contest_set_input(c, o->team, o->input, err);
	case CONTEST_OP_HOST: return contest_claim_host(c, o->host, err);
	case CONTEST_OP_ANSWER:
	case CONTEST_OP_REPLACE:
		return contest_answer(c, o->team, o->member, o->mask, o->source, err);
	case CONTEST_OP_RETRACT: return contest_retract(c, o->team, o->member, o->source, err);
	case CONTEST_OP_CORRECT:
		return contest_correct(c, o->round, o->question, o->team, o->member, o->mask, err);
	default:
		return err_set(err, NK_EINVAL, "contest: %s is not an operation here",
			       contest_op_name(o->op));
	}
}

int cstore_do(struct db *db, const struct clock *clk, const char *uuid,
	      const struct cstore_op *op, char **err)
{
	return cstore_apply(db, clk, uuid, do_op, (void *)op, err);
}

static int tick_op(void *ctx, struct contest *c, char **err)
{
	(void)err;
	*(bool *)ctx = contest_tick(c);
	/* Nothing changed: refuse, so that nothing is written. */
	return *(bool *)ctx ? NK_OK : NK_ENOENT;
}

int cstore_tick(struct db *db, const struct clock *clk, const char *uuid, bool *locked,
		char **err)
{
	*locked = false;
	int rc = cstore_apply(db, clk, uuid, tick_op, locked, err);
	return rc == NK_ENOENT && !*locked ? NK_OK : rc;
}

int cstore_host_lock(struct db *db, const char *uuid, int *fd, bool *busy, char **err)
{
	*fd = -1;
	*busy = false;
	char *path = xasprintf("%s-host-%s.lock", db_path(db), uuid);
	int f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (f < 0) {
		int rc = err_set(err, NK_EIO, "%s: %s", path, strerror(errno));
		free(path);
		return rc;
	}
	free(path);
	if (flock(f, LOCK_EX | LOCK_NB) != 0) {
		close(f);
		*busy = true;
		return NK_OK;
	}
	*fd = f;
	return NK_OK;
}

static char *col_or_null(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
		       ? NULL
		       : xstrdup((const char *)sqlite3_column_text(st, i));
}

static void info_row(sqlite3_stmt *st, struct cstore_info *i)
{
	snprintf(i->uuid, sizeof i->uuid, "%s", (const char *)sqlite3_column_text(st, 0));
	i->name = col_or_null(st, 1);
	i->held_on = col_or_null(st, 2);
	i->place = col_or_null(st, 3);
	i->kiosk_id = col_or_null(st, 4);
	i->started_at = col_or_null(st, 5);
	i->version = sqlite3_column_int64(st, 6);
}

#define INFO_COLS "uuid, name, held_on, place, kiosk_id, started_at, version FROM contests"

int cstore_info(struct db *db, const char *uuid, struct cstore_info *out, char **err)
{
	memset(out, 0, sizeof *out);
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, "SELECT " INFO_COLS " WHERE uuid = ?1", -1, &st, NULL) !=
	    SQLITE_OK)
		return sqlfail(h, sqlite3_errcode(h), err);
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		info_row(st, out);
	sqlite3_finalize(st);
	if (s == SQLITE_DONE)
		return err_set(err, NK_ENOENT, "no contest %s", uuid);
	return s == SQLITE_ROW ? NK_OK : sqlfail(h, s, err);
}

void cstore_info_clear(struct cstore_info *i)
{
	free(i->name);
	free(i->held_on);
	free(i->place);
	free(i->kiosk_id);
	free(i->started_at);
	memset(i, 0, sizeof *i);
}

int cstore_list(struct db *db, struct cstore_info **out, size_t *n, char **err)
{
	*out = NULL;
	*n = 0;
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, "SELECT " INFO_COLS " ORDER BY started_at DESC, rowid DESC", -1,
			       &st, NULL) != SQLITE_OK)
		return sqlfail(h, sqlite3_errcode(h), err);
	size_t cap = 0;
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)out, &cap, *n + 1, sizeof **out);
		memset(&(*out)[*n], 0, sizeof **out);
		info_row(st, &(*out)[(*n)++]);
	}
	sqlite3_finalize(st);
	if (s != SQLITE_DONE) {
		cstore_list_free(out, *n);
		*n = 0;
		return sqlfail(h, s, err);
	}
	return NK_OK;
}

void cstore_list_free(struct cstore_info **list, size_t n)
{
	for (size_t i = 0; *list && i < n; i++)
		cstore_info_clear(&(*list)[i]);
	free(*list);
	*list = NULL;
}

int cstore_teams(struct db *db, const char *uuid, struct cstore_team **out, size_t *n,
		 char **err)
{
	*out = NULL;
	*n = 0;
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st, *mst;
	if (sqlite3_prepare_v2(h,
			       "SELECT team_no, name, village, uuid FROM contest_teams WHERE "
			       "contest_uuid = ?1 ORDER BY team_no",
			       -1, &st, NULL) != SQLITE_OK)
		return sqlfail(h, sqlite3_errcode(h), err);
	if (sqlite3_prepare_v2(h,
			       "SELECT name FROM contest_members WHERE team_uuid = ?1 ORDER BY "
			       "rowid",
			       -1, &mst, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return sqlfail(h, sqlite3_errcode(h), err);
	}
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	size_t cap = 0;
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)out, &cap, *n + 1, sizeof **out);
		struct cstore_team *t = &(*out)[(*n)++];
		memset(t, 0, sizeof *t);
		t->team_no = sqlite3_column_int(st, 0);
		t->name = col_or_null(st, 1);
		t->village = col_or_null(st, 2);
		sqlite3_bind_text(mst, 1, (const char *)sqlite3_column_text(st, 3), -1,
				  SQLITE_TRANSIENT);
		size_t mcap = 0;
		while (sqlite3_step(mst) == SQLITE_ROW) {
			xgrow((void **)&t->members, &mcap, t->nmembers + 1, sizeof *t->members);
			t->members[t->nmembers++] = col_or_null(mst, 0);
		}
		sqlite3_reset(mst);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(mst);
	if (s != SQLITE_DONE) {
		cstore_teams_free(out, *n);
		*n = 0;
		return sqlfail(h, s, err);
	}
	return NK_OK;
}

void cstore_teams_free(struct cstore_team **teams, size_t n)
{
	for (size_t i = 0; *teams && i < n; i++) {
		struct cstore_team *t = &(*teams)[i];
		free(t->name);
		free(t->village);
		for (size_t k = 0; k < t->nmembers; k++)
			free(t->members[k]);
		free(t->members);
	}
	free(*teams);
	*teams = NULL;
}
