/*
 * qstore: question banks in the database. Importing reads GIFT (.gift) and
 * Aiken (.aiken, .txt) files, joins them by question id across languages
 * (the Vietnamese text carries the answer key; every other language must
 * match its shape), and writes all of it in one transaction, or nothing.
 * Loading gives a quiz the playable questions of a topic with their texts in
 * the visitor's language, Vietnamese standing in where one is missing.
 *
 * A file's language is the name of its folder when that is a language id
 * (quizzes/banks/hmn/ocop.gift); a folder named like a language the kiosk
 * does not have (hmong/, en/, tiengviet/) is an error; any other folder
 * means Vietnamese. Its topic, when a question has no [topic:] line, is the
 * file's name when that is a topic id (see qimport_opts for Moodle's
 * $CATEGORY). A .txt is GIFT or Aiken as its text says (Moodle names both
 * .txt). Two questions of one name in a file are named apart ("Q1-2"), and
 * an [article:] the kiosk lacks is dropped, each with a note. A line "// [status:draft]" marks a
 * file's texts as drafts; texts in a language other than Vietnamese are
 * drafts unless marked "// [status:reviewed]". A status line that cannot be
 * read, or two that disagree, make the file a draft (with a note).
 *
 * Ownership: reports and loaded arrays are malloc'd; free them with the
 * matching *_clear / *_free function.
 */
#ifndef NK_QUIZZES_QSTORE_H
#define NK_QUIZZES_QSTORE_H

#include "core/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct qimport_report {
	char **errors;
	size_t nerrors;
	char **notes;  /* e.g. "file:line: ... not playable at the kiosk" */
	size_t nnotes;
	size_t files, questions, texts; /* read; texts = questions × languages */
	size_t topics;                  /* topics made (qimport_opts.create_topics) */
};
void qimport_report_clear(struct qimport_report *r);

/* The largest question file read (a bank of 100,000 questions is about
 * 10 MB); a larger one is an error "file: too large (N MB, the limit is M MB)".
 * A question file must be a plain file: a symbolic link at its name, a pipe
 * or a device is an error, not read. */
#define QSTORE_MAX_MB 32

/* Checks every file, then imports all of them in one transaction. 0, or
 * NK_EINVAL with every problem in rep (and the first in *err). */
int questions_import(struct db *db, const char *const *paths, size_t n,
		     struct qimport_report *rep, char **err);
/* For banks from Moodle: the topic of questions with no [topic:] line is
 * topic when given, else the one their $CATEGORY names (its last part, as
 * a topic's id or title, capitals and marks aside), else the file's name;
 * with create_topics, a topic or category that names none here becomes a new
 * topic (its id the name folded, "nong-thon-moi"; its title the name). */
struct qimport_opts {
	const char *topic;
	bool create_topics;
};
int questions_import_opts(struct db *db, const char *const *paths, size_t n,
			  const struct qimport_opts *o, struct qimport_report *rep, char **err);
/* The same inside the caller's transaction (which commits or rolls back). */
int questions_import_in(struct db *db, const char *const *paths, size_t n,
			struct qimport_report *rep, char **err);

struct qitem {
	char *id, *topic, *article; /* article may be NULL */
	int difficulty;
	bool multi;
	bool truefalse;     /* options are "true" and "false": the screen words them */
	int nopts;
	unsigned correct;   /* bit mask over options */
	char *lang;         /* the language of the texts below */
	bool fallback;      /* the visitor's language had none: this is Vietnamese */
	char *status;       /* draft | reviewed */
	char *text, *explanation;
	char **opts;        /* nopts option texts */
	char **feedback;    /* nopts per-option feedback ("" when none) */
};

/* The playable questions of a topic (NULL: every topic), texts in lang. */
int questions_load(struct db *db, const char *topic, const char *lang, struct qitem **out,
		   size_t *n, char **err);
/* One playable question by id, texts in lang (Vietnamese where lang has
 * none); free with questions_free(out, 1). NK_ENOENT when there is none. */
int questions_get(struct db *db, const char *id, const char *lang, struct qitem **out,
		  char **err);
void questions_free(struct qitem **items, size_t n);
/* Frees what one item holds (not the item itself) and zeroes it. */
void questions_free_one(struct qitem *q);

/* Writing a bank back out, so a commune's questions go to Moodle: GIFT
 * (single, multiple and true/false questions, with the kiosk's [topic:],
 * [difficulty:] and [article:] in comment lines and a [status:] line, so
 * the file imports here again as it was) or Aiken (single-choice questions
 * only, at most 26 options: the others are counted in *left_out). Texts in
 * lang (NULL: Vietnamese); topic NULL for every topic. */
enum qexport_format { QEXPORT_GIFT, QEXPORT_AIKEN };
struct qexport_opts {
	enum qexport_format format;
	const char *lang, *topic;
};
int questions_export(struct db *db, const struct qexport_opts *o, FILE *out, size_t *written,
		     size_t *left_out, char **err);

/* Topics that have questions, with how many. */
int questions_topic_counts(struct db *db, char ***topics, size_t **counts, size_t *n,
			   char **err);

#endif
