/*
 * topics: the subjects articles are filed under, as data. A topic has an id,
 * an order and a title per language; the bundled list is content/topics.tsv.
 * This module loads and lists topics; articles themselves are not its job.
 */
#ifndef NK_CONTENT_TOPICS_H
#define NK_CONTENT_TOPICS_H

#include "core/db.h"

#include <stddef.h>

/* Adds or updates the topics of a TSV file, in one transaction: on any
 * error ("file:line: what is wrong") nothing changes. Topics are never
 * deleted (articles refer to them), so the import can run again at will.
 * Titles are validated as UTF-8 and stored in NFC. Language columns must be
 * ids from the language list (i18n). */
int topics_import(struct db *db, const char *path, char **err);

/* Reads only the topic ids of a topics file (for checking content without a
 * database). *ids is a malloc'd array of malloc'd strings; free with
 * topics_free_ids. */
int topics_read_ids(const char *path, char ***ids, size_t *n, char **err);
void topics_free_ids(char ***ids, size_t n);

struct topic {
	char *id;
	int order;
	char *title;     /* in the language asked for, or Vietnamese if it lacks one */
	char *title_lang; /* the language title is really in */
};

/* Lists topics in order; titles in lang (falling back to vi). *out is a
 * malloc'd array the caller frees with topics_free. */
int topics_list(struct db *db, const char *lang, struct topic **out, size_t *n, char **err);
void topics_free(struct topic **list, size_t n);

#endif
