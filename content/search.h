/*
 * search: full-text search over the articles' titles and bodies, in one
 * language or in all of them, for the kiosk's search screen. It reads the
 * article_fts index that the schema keeps in step with article_texts; it does
 * not build or repair that index, load articles, or draw anything, and the
 * snippets it returns are raw stored text, not yet fit for a terminal.
 */
#ifndef NK_CONTENT_SEARCH_H
#define NK_CONTENT_SEARCH_H

#include "core/db.h"

#include <stddef.h>

/* Control characters, which article text has no use for, so a screen can find
 * the matched words in a snippet without a second search. text_sanitize drops
 * C0 controls: split a snippet at the marks first, then sanitize each piece. */
#define SEARCH_MARK_ON "\x02"
#define SEARCH_MARK_OFF "\x03"

struct search_hit {
	char *slug;
	char *lang;    /* the language of the text that matched */
	char *title;
	char *snippet; /* a short extract of the body (plain); each match is wrapped in
			* SEARCH_MARK_ON / SEARCH_MARK_OFF (none when only the title
			* matched), and a cut extract starts or ends with "…" */
	double rank;   /* bm25, lower is better */
};

/* Searches titles and bodies for what a visitor typed (folded as core/fts
 * does: no accents, any case, NFC or NFD; every word must match, as a
 * prefix). lang NULL: all languages, one hit per article (its best text);
 * lang set: only texts in that language. Best first (bm25 with the title
 * weighted 10x the body, ties by slug; an article's best text is the one with
 * the lowest rank, ties by language id). limit <= 0 means 20.
 * A query with no words gives 0 hits, not an error. Draft texts are found like
 * reviewed ones. On success *out is a malloc'd array of *n hits (NULL when
 * there are none) that the caller frees with search_free; on failure *out is
 * NULL and *n is 0. */
int content_search(struct db *db, const char *query, const char *lang, int limit,
		   struct search_hit **out, size_t *n, char **err);

/* Matches looked at while cutting snippets, since the process started: a
 * test checks that the work stays linear in the matches of a text. */
extern unsigned long long search_snippet_steps;

/* As content_search, the hits in the language first first (best first), then,
 * while there is room for them, the articles found only in other languages,
 * each with its best text (search_hit.lang says which): a visitor sees their
 * own language before any other. limit <= 0 means 20. */
int content_search_first(struct db *db, const char *query, const char *first, int limit,
			 struct search_hit **out, size_t *n, char **err);

/* Frees the hits and their strings, and sets *hits to NULL. */
void search_free(struct search_hit **hits, size_t n);

#endif
