/*
 * attempts: quiz attempts, their answers, and the people who chose to leave
 * their name. Every answer is its own committed row, written the moment it
 * is given, so a power cut loses nothing the screen has confirmed; an
 * attempt with no end time is one that was cut short. A participant row
 * exists only with consent; declining leaves the attempt anonymous.
 */
#ifndef NK_RECORDS_ATTEMPTS_H
#define NK_RECORDS_ATTEMPTS_H

#include "core/clock.h"
#include "core/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Starts an attempt of total questions on topic (NULL: all topics). */
int attempt_start(struct db *db, const struct clock *clk, const char *lang, const char *topic,
		  int total, char uuid_out[37], char **err);

struct answer_rec {
	int position;          /* 0-based place in the attempt */
	const char *question_id;
	unsigned chosen;       /* bank options chosen */
	bool correct, timed_out;
	int64_t ms;
};
/* Records one answer (and the running score) in one transaction. */
int attempt_answer(struct db *db, const struct clock *clk, const char *attempt,
		   const struct answer_rec *a, char **err);
/* Marks the attempt completed with its end time. */
int attempt_finish(struct db *db, const struct clock *clk, const char *attempt, char **err);

struct participant {
	const char *full_name;
	const char *village;
	const char *gender;    /* "female", "male", "other" or NULL */
	int birth_year;        /* 0 when not given */
	const char *ethnicity; /* "kinh", "mong", "dao", "tay", "nung", "thai", "other" or NULL */
	const char *phone;     /* may be NULL */
};
/* The oldest year of birth the form takes. */
#define PARTICIPANT_YEAR_MIN 1900

/* Stores a participant who consented (in consent_lang) and links the attempt
 * to them, in one transaction. */
int participant_save(struct db *db, const struct clock *clk, const struct participant *p,
		     const char *consent_lang, const char *attempt, char uuid_out[37], char **err);

/* The villages officers list, in their order. */
int villages_list(struct db *db, char ***names, size_t *n, char **err);
void villages_free(char ***names, size_t n);
int villages_add(struct db *db, const char *name, char **err);
/* Adds the villages listed in a CSV file (first column; a header row is
 * skipped), all or nothing; *added gets how many names were read. The file
 * must be a plain file of at most VILLAGES_CSV_MAX_MB (util_read_regular). */
#define VILLAGES_CSV_MAX_MB 8
int villages_import_csv(struct db *db, const char *path, size_t *added, char **err);

#endif
