/*
 * articles: article sources on disk and articles in the database.
 *
 * A source folder holds one folder per article and one Markdown file per
 * language: DIR/<slug>/<lang>.md, each opening with a front matter block
 * (slug, topic, title, order, status, source, period, updated, and the
 * optional public_source). 'source' is the full source, for officers;
 * 'public_source' is what a visitor reads in one line under the title: the
 * public document's number and date. Neither may hold the project's own
 * working references (article_internal_ref); the period, shown with every
 * language, holds only figures. Checking
 * reads a folder and reports every problem as "file:line: what is wrong"
 * without touching a database; importing checks first and then writes all
 * of it in one transaction, or nothing. Listing and reading serve the
 * reader, with Vietnamese standing in where a language has no text.
 *
 * Ownership: returned structs and arrays are malloc'd; free them with the
 * matching *_free function (which NULLs the caller's pointer).
 */
#ifndef NK_CONTENT_ARTICLES_H
#define NK_CONTENT_ARTICLES_H

#include "core/db.h"

#include <stdbool.h>
#include <stddef.h>

/* One language file of an article, as read from disk (text in NFC). */
struct article_src {
	char *path;
	char *lang;
	char *slug, *topic, *title, *status, *source, *period, *updated;
	char *public_source; /* NULL when the file has none */
	int order;
	char *body;      /* the Markdown after the front matter */
	size_t body_line; /* line number of the body's first line in the file */
};

/* Parses one file's text (front matter and body). lang comes from the file
 * name. Errors: "path:line: what is wrong". */
int article_src_parse(const char *path, const char *text, size_t n, const char *lang,
		      struct article_src *out, char **err);
void article_src_clear(struct article_src *a);

/* The internal working reference s contains ("content-brief", "§", a seed or
 * difference code such as "D3" or "S002"), or NULL when it has none. */
const char *article_internal_ref(const char *s);

/* What a check found: errors make it fail; warnings do not. */
struct content_report {
	char **errors;
	size_t nerrors;
	char **warnings;
	size_t nwarnings;
	size_t articles; /* slugs found */
	size_t texts;    /* language files found */
};
void content_report_clear(struct content_report *r);

/* The largest article file an import reads: the setting CONTENT_MAX_KEY in
 * meta, in MB (CONTENT_MAX_MB when unset or db is NULL, at most 1024). A
 * larger file is an error "file: too large (N MB, the limit is M MB)". */
#define CONTENT_MAX_KEY "article_max_mb"
#define CONTENT_MAX_MB 2
size_t content_max_bytes(struct db *db);

/* Checks a source folder. Only plain files and folders are read: a symbolic
 * link, a pipe or a device inside it is an error, never followed or opened. Topics must be among topic_ids; links must name a
 * slug in the folder or, when db is not NULL, one already in the database.
 * Returns 0 when there are no errors, NK_EINVAL otherwise (details in rep;
 * *err gets the first error). */
int content_check(const char *dir, const char *const *topic_ids, size_t ntopics, struct db *db,
		  struct content_report *rep, char **err);

/* Checks and then imports in one transaction: an article in the folder
 * replaces the article with the same slug (all its languages). Topics are
 * those in the database. */
int content_import(struct db *db, const char *dir, struct content_report *rep, char **err);
/* The same inside the caller's transaction (which commits or rolls back),
 * for an import that writes more than articles all or nothing. */
int content_import_in(struct db *db, const char *dir, struct content_report *rep, char **err);

struct article_info {
	char *slug;
	char *title;      /* in the language asked for, or Vietnamese */
	char *title_lang;
	char *status;     /* of that text */
	int order;
};

/* The articles of a topic: by order, then by title in Vietnamese
 * alphabetical order. */
int articles_list(struct db *db, const char *topic, const char *lang, struct article_info **out,
		  size_t *n, char **err);
void articles_list_free(struct article_info **list, size_t n);

struct article {
	char *slug, *topic, *source, *period, *updated;
	char *public_source; /* "" when the article has none */
	char *lang;   /* the language of title and body */
	char *title, *status, *body;
	bool fallback; /* the language asked for has no text: this is Vietnamese */
};

/* Reads an article in lang (Vietnamese when lang has none). NK_ENOENT when
 * the slug does not exist. */
int article_get(struct db *db, const char *slug, const char *lang, struct article *out,
		char **err);
void article_clear(struct article *a);

/* Whether the article has a text in lang. */
bool article_has_lang(struct db *db, const char *slug, const char *lang);

#endif
