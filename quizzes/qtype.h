/*
 * qtype: the question types the banks may hold (GIFT's full set), and which
 * of them a villager can play at the kiosk. Parsers and the quiz engine look
 * types up here instead of carrying their own switch ladders.
 */
#ifndef NK_QUIZZES_QTYPE_H
#define NK_QUIZZES_QTYPE_H

#include <stdbool.h>

enum qtype {
	QTYPE_SINGLE,     /* multiple choice, one right answer */
	QTYPE_MULTI,      /* multiple choice, several right answers (weights %N%) */
	QTYPE_TRUEFALSE,  /* {T} / {F} */
	QTYPE_SHORT,      /* short answer {=a =b} */
	QTYPE_MATCHING,   /* {=a -> b} */
	QTYPE_NUMERICAL,  /* {#3.14:0.01} */
	QTYPE_ESSAY,      /* {} */
	QTYPE_DESCRIPTION /* text with no answer block */
};

struct qtype_info {
	enum qtype type;
	const char *id;   /* stored in the database */
	bool playable;    /* can be answered with 1-4 / A-D at the kiosk */
};

/* The info for a type, and the type for a stored id (NULL when unknown). */
const struct qtype_info *qtype_info(enum qtype t);
const struct qtype_info *qtype_by_id(const char *id);

#endif
