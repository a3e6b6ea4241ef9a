/*
 * villages: the officer's care of the village list (thôn/bản) the
 * registration form offers: rename one, remove one, and find and merge the
 * names that are one village typed apart ("Phình  Hồ", "phình hồ" and
 * "Phinh Ho" fold alike: fold_words). Renaming and merging change the
 * participants' records that name the village too (their sync version
 * moves, so a merge elsewhere takes the new name), each in one transaction.
 * The list itself is villages_list / villages_add (records/attempts.h).
 */
#ifndef NK_RECORDS_VILLAGES_H
#define NK_RECORDS_VILLAGES_H

#include "core/db.h"

#include <stddef.h>

/* old becomes new_name, in the list and in every participant record that
 * says old; *records (may be NULL) gets how many records changed.
 * NK_ENOENT when neither the list nor a record has old; NK_EINVAL for an
 * empty new name. new_name is stored as NFC. */
int villages_rename(struct db *db, const char *old, const char *new_name, size_t *records,
		    char **err);

/* Takes name off the list; records that say it keep it. NK_ENOENT when
 * the list has no such name. */
int villages_remove(struct db *db, const char *name, char **err);

/* The listed name that is the same village as name (folds alike), or
 * NULL in *listed; the caller frees it. */
int villages_same(struct db *db, const char *name, char **listed, char **err);

/* Names of one village typed apart: the name kept (in the list, else the
 * one most records use; on a tie, the first in Vietnamese order) and the
 * others, each with its records. */
struct village_dup {
	char *keep;
	size_t keep_records;
	char **others;
	size_t *other_records;
	size_t nothers;
};

/* Every group of two or more names, from the list and from the records,
 * in Vietnamese order of the kept name. */
int villages_duplicates(struct db *db, struct village_dup **dups, size_t *n, char **err);
void villages_dups_free(struct village_dup **dups, size_t n);

/* Merges every group villages_duplicates finds into its kept name, in one
 * transaction; *names and *records (may be NULL) get how many names went
 * and how many records changed. */
int villages_merge(struct db *db, size_t *names, size_t *records, char **err);

#endif
