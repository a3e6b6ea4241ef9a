/*
 * cq: SQL for citizens' questions. Values are always bound.
 */
#include "records/cq.h"

#include "core/text.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(sqlite3 *h, int s, char **err)
{
	return err_set(err, db_errcode(s), "questions: %s", sqlite3_errmsg(h));
}

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

int cq_ask(struct db *db, const struct clock *clk, const char *lang, const char *question,
	   const char *name, const char *contact, char uuid_out[37], char **err)
{
	char *q;
	int rc = text_nfc(question, strlen(question), &q, err);
	if (rc)
		return rc;
	if (q[strspn(q, " \t\n")] == '\0') {
		free(q);
		return err_set(err, NK_EINVAL, "the question is empty");
	}
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	char uuid[37], when[32];
	util_uuid(uuid);
	clock_iso8601(clock_now_ms(clk), when);
	if (sqlite3_prepare_v2(h,
			       "INSERT INTO citizen_questions(uuid, kiosk_id, asked_at, lang, "
			       "question, name, contact) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			       -1, &st, NULL) != SQLITE_OK) {
		free(q);
		return fail(h, sqlite3_errcode(h), err);
	}
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, db_kiosk_id(db), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, when, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, q, -1, free);
	bind_opt(st, 6, name);
	bind_opt(st, 7, contact);
	int s = sqlite3_step(st);
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		return fail(h, s, err);
	if (uuid_out)
		memcpy(uuid_out, uuid, 37);
	return NK_OK;
}

static char *opt(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? xstrdup((const char *)t) : NULL;
}

int cq_list(struct db *db, enum cq_filter f, struct cq **out, size_t *n, char **err)
{
	static const char *const where[] = {
		[CQ_ALL] = "1",
		[CQ_WAITING] = "answer IS NULL",
		[CQ_ANSWERED] = "answer IS NOT NULL",
		[CQ_PUBLISHED] = "answer IS NOT NULL AND published = 1",
	};
	char *sql = xasprintf("SELECT uuid, asked_at, lang, question, name, contact, answer, "
			      "answered_at, published FROM citizen_questions WHERE %s "
			      "ORDER BY asked_at DESC, uuid",
			      where[f]);
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	*out = NULL;
	*n = 0;
	int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return fail(h, rc, err);
	size_t cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		xgrow((void **)out, &cap, *n + 1, sizeof **out);
		struct cq *c = &(*out)[(*n)++];
		memset(c, 0, sizeof *c);
		snprintf(c->uuid, sizeof c->uuid, "%s", (const char *)sqlite3_column_text(st, 0));
		c->asked_at = opt(st, 1);
		c->lang = opt(st, 2);
		c->question = opt(st, 3);
		c->name = opt(st, 4);
		c->contact = opt(st, 5);
		c->answer = opt(st, 6);
		c->answered_at = opt(st, 7);
		c->published = sqlite3_column_int(st, 8) != 0;
	}
	sqlite3_finalize(st);
	return NK_OK;
}

void cq_list_free(struct cq **list, size_t n)
{
	if (!*list)
		return;
	for (size_t i = 0; i < n; i++) {
		struct cq *c = &(*list)[i];
		free(c->asked_at);
		free(c->lang);
		free(c->question);
		free(c->name);
		free(c->contact);
		free(c->answer);
		free(c->answered_at);
	}
	free(*list);
	*list = NULL;
}

/* The full uuid for what an officer typed: the whole id, or a prefix of at
 * least 8 characters that matches exactly one question. */
static int resolve(struct db *db, const char *typed, char full[37], char **err)
{
	if (strlen(typed) < 8 || strlen(typed) > 36)
		return err_set(err, NK_EINVAL, "'%s': give at least the first 8 characters of the id",
			       typed);
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h,
			       "SELECT uuid FROM citizen_questions WHERE substr(uuid, 1, "
			       "length(?1)) = ?1 LIMIT 2",
			       -1, &st, NULL) != SQLITE_OK)
		return fail(h, sqlite3_errcode(h), err);
	sqlite3_bind_text(st, 1, typed, -1, SQLITE_STATIC);
	int found = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (found++ == 0)
			snprintf(full, 37, "%s", (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	if (found == 0)
		return err_set(err, NK_ENOENT, "no question '%s'", typed);
	if (found > 1)
		return err_set(err, NK_EINVAL, "'%s' matches more than one question", typed);
	return NK_OK;
}

int cq_answer(struct db *db, const struct clock *clk, const char *uuid, const char *answer,
	      char **err)
{
	char full[37];
	int rc = resolve(db, uuid, full, err);
	if (rc)
		return rc;
	char *a;
	rc = text_nfc(answer, strlen(answer), &a, err);
	if (rc)
		return rc;
	if (a[strspn(a, " \t\n")] == '\0') {
		free(a);
		return err_set(err, NK_EINVAL, "the answer is empty");
	}
	char when[32];
	clock_iso8601(clock_now_ms(clk), when);
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h,
			       "UPDATE citizen_questions SET answer = ?2, answered_at = ?3 WHERE "
			       "uuid = ?1",
			       -1, &st, NULL) != SQLITE_OK) {
		free(a);
		return fail(h, sqlite3_errcode(h), err);
	}
	sqlite3_bind_text(st, 1, full, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, a, -1, free);
	sqlite3_bind_text(st, 3, when, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	sqlite3_finalize(st);
	return s == SQLITE_DONE ? NK_OK : fail(h, s, err);
}

int cq_publish(struct db *db, const char *uuid, bool published, char **err)
{
	char full[37];
	int rc = resolve(db, uuid, full, err);
	if (rc)
		return rc;
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h,
			       "UPDATE citizen_questions SET published = ?2 WHERE uuid = ?1 AND "
			       "answer IS NOT NULL",
			       -1, &st, NULL) != SQLITE_OK)
		return fail(h, sqlite3_errcode(h), err);
	sqlite3_bind_text(st, 1, full, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, published);
	int s = sqlite3_step(st);
	int changed = sqlite3_changes(h);
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		return fail(h, s, err);
	if (changed == 0)
		return err_set(err, NK_EINVAL, "question %.8s has no answer yet: answer it first",
			       full);
	return NK_OK;
}
