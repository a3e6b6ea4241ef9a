/*
 * question: the question model the bank parsers fill (quizzes/gift, quizzes/aiken) and the
 * quiz engine will read: a question with its options, its kiosk metadata and the line it came
 * from, and a bank holding the questions of one file together with that file's notes and
 * errors. It is not a parser and not storage: it reads no file and touches no database, and
 * it decides nothing about playability (quizzes/qtype's table does).
 *
 * Ownership: every pointer in these structs is malloc'd and owned by the struct that holds
 * it; question_clear and bank_clear free them. Text fields are never NULL (an absent text is
 * ""); optional metadata fields are NULL when absent. All stored text is valid UTF-8 in NFC.
 */
#ifndef NK_QUIZZES_QUESTION_H
#define NK_QUIZZES_QUESTION_H

#include "core/util.h"
#include "quizzes/qtype.h"

#include <stdbool.h>
#include <stddef.h>

/* The markup a text is written in, from GIFT's [moodle] [html] [plain] [markdown] prefixes.
 * The parsers keep it; rendering is the screens' business. */
enum q_format { Q_FORMAT_MOODLE, Q_FORMAT_HTML, Q_FORMAT_PLAIN, Q_FORMAT_MARKDOWN };

/* "moodle", "html", "plain" or "markdown" (a static string). */
const char *q_format_name(enum q_format f);

/*
 * One answer option. What the fields mean depends on the question type:
 * - single / multi: text is the option; weight its credit in percent (-100..100); correct is
 *   weight == 100 for single, weight > 0 for multi (the options a player should tick).
 * - truefalse: exactly two options, text "true" then "false" (keys: the screens show their
 *   own translated words); the right one has weight 100 and correct set; feedback is what a
 *   player who picks this option is told.
 * - short: an accepted answer ("*" is Moodle's wildcard); correct is weight == 100.
 * - numerical: text is the value as written ("3", "1..5", "*" for the catch-all), value and
 *   tolerance the number and its margin (a range min..max gives its midpoint and half-width).
 * - matching: text is the left side ("" for a distractor), match the right side.
 */
struct q_option {
	char *text;
	enum q_format format;
	double weight;
	bool correct;
	char *feedback; /* "" when none */
	enum q_format feedback_format;
	char *match;      /* matching only; NULL otherwise */
	double value;     /* numerical only */
	double tolerance; /* numerical only */
};

struct question {
	char *id;       /* GIFT ::title::, the question's id at the kiosk; NULL when untitled */
	char *idnumber; /* Moodle's [id:...] from the comment lines; NULL when absent */
	char **tags;    /* Moodle's [tag:...], in order of appearance */
	size_t ntags;
	char *category; /* the GIFT $CATEGORY: in force; NULL when none */
	enum qtype type;
	enum q_format format; /* of text; options and feedback default to it */
	char *text;           /* a missing-word question holds "_____" where its blank is */
	struct q_option *options;
	size_t nopts;
	char *explanation; /* GIFT general feedback (####), shown after an answer; "" if none */
	enum q_format explanation_format;
	char *article;  /* [article:slug]: the article that teaches it; NULL when absent */
	char *topic;    /* [topic:id]; NULL when absent */
	int difficulty; /* [difficulty:N], 1-3; 0 when not given */
	size_t line;    /* 1-based line where the question starts (after its comment lines) */
};

/*
 * The questions of one file. notes are non-fatal remarks ("file:line: ... is not playable at
 * the kiosk"); errors are what makes a parse fail. Both are malloc'd "file:line: message"
 * strings. After a failed parse q still holds the questions that parsed cleanly, so that a
 * checker can report on the whole file; an importer must store none of them.
 */
struct bank {
	struct question *q;
	size_t n;
	char **notes;
	size_t nnotes;
	char **errors;
	size_t nerrors;
};

/* Frees everything a question holds and zeroes it. */
void question_clear(struct question *q);

/* Frees everything a bank holds and zeroes it; a zeroed bank may be cleared again. */
void bank_clear(struct bank *b);

/*
 * For the parsers.
 */

/* Normalizes every string of *q to NFC and moves it to the end of b (*q is zeroed). Fails
 * (freeing *q) only if the normalizer does; the strings must be valid UTF-8. */
int bank_add(struct bank *b, struct question *q, char **err);

/* Appends a formatted note or error. */
void bank_note(struct bank *b, const char *fmt, ...) NK_PRINTF(2, 3);
void bank_error(struct bank *b, const char *fmt, ...) NK_PRINTF(2, 3);

/* Rejects text that cannot be read as a bank at all, recording the error in b: invalid UTF-8
 * or a NUL byte. On success *start gets the offset of the first byte after a UTF-8 BOM (0
 * when there is none). */
bool bank_check_input(struct bank *b, const char *path, const char *text, size_t len,
		      size_t *start);

/* The parse result: NK_OK when b has no errors, else NK_EINVAL with *err (if err is not
 * NULL) set to the first error and the count of the others. */
int bank_result(const struct bank *b, char **err);

#endif
