/*
 * cq: citizens' questions to the commune. A visitor asks at the kiosk (a
 * name and contact only with consent); officers answer and publish; the
 * kiosk shows the published answers. Counting them for the report is the
 * report's job, not this module's.
 *
 * Ownership: lists are malloc'd arrays freed with cq_list_free.
 */
#ifndef NK_RECORDS_CQ_H
#define NK_RECORDS_CQ_H

#include "core/clock.h"
#include "core/db.h"

#include <stdbool.h>
#include <stddef.h>

/* Records a question (text stored NFC); name and contact may be NULL (no
 * consent, or not given). */
int cq_ask(struct db *db, const struct clock *clk, const char *lang, const char *question,
	   const char *name, const char *contact, char uuid_out[37], char **err);

struct cq {
	char uuid[37];
	char *asked_at, *lang, *question;
	char *name, *contact;     /* NULL when not given */
	char *answer, *answered_at; /* NULL until answered */
	bool published;
};

enum cq_filter { CQ_ALL, CQ_WAITING, CQ_ANSWERED, CQ_PUBLISHED };

/* Newest first. */
int cq_list(struct db *db, enum cq_filter f, struct cq **out, size_t *n, char **err);
void cq_list_free(struct cq **list, size_t n);

/* Answers (or re-answers) a question; uuid may be a unique prefix (at least
 * 8 characters) as officers type it from `questions list`. */
int cq_answer(struct db *db, const struct clock *clk, const char *uuid, const char *answer,
	      char **err);
/* Publishes an answered question (NK_EINVAL if it has no answer yet). */
int cq_publish(struct db *db, const char *uuid, bool published, char **err);

#endif
