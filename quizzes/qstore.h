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
 * file's name when that is a topic id. A line "// [status:draft]" marks a
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

struct qimport_report {
	char **errors;
	size_t nerrors;
	char **notes;  /* e.g. "file:line: ... not playable at the kiosk" */
	size_t nnotes;
	size_t files, questions, texts; /* read; texts = questions × languages */
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

/* Topics that have questions, with how many. */
int questions_topic_counts(struct db *db, char ***topics, size_t **counts, size_t *n,
			   char **err);

#endif
