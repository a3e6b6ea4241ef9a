/*
 * search: one FTS5 query over article_fts joined back to article_texts. What
 * the visitor typed only ever reaches SQLite as a bound MATCH expression built
 * by fts_query, in which every word is quoted. This file ranks and cuts
 * snippets with FTS5's own bm25() and snippet(); it holds no index of its own
 * and never writes.
 */
#include "content/search.h"

#include "core/fts.h"
#include "core/util.h"

#include <stdlib.h>

#define DEFAULT_LIMIT 20

/*
 * bm25() only works in the query that scans article_fts, so the CTE ranks
 * every matching text; the window then keeps the best text of each article
 * when no language is asked for (with one, each article has a single text
 * there anyway, by UNIQUE(slug, lang)). The title is weighted 10x because a
 * word in the headline says more about an article than the same word in its
 * body. Snippets are cut afterwards for the hits shown only (snippet_sql):
 * snippet() re-tokenizes a whole text, and a common word matches thousands.
 */
static const char search_sql[] =
	"WITH m AS ("
	" SELECT t.id AS id, t.slug AS slug, t.lang AS lang, t.title AS title,"
	"  bm25(article_fts, 10.0, 1.0) AS rank"
	" FROM article_fts JOIN article_texts t ON t.id = article_fts.rowid"
	" WHERE article_fts MATCH ?1 AND (?2 IS NULL OR t.lang = ?2)"
	"), best AS ("
	" SELECT *, row_number() OVER (PARTITION BY slug ORDER BY rank, lang) AS nth FROM m"
	")"
	" SELECT slug, lang, title, id, rank FROM best WHERE nth = 1"
	" ORDER BY rank, slug, lang LIMIT ?5";

/* snippet() cuts at token boundaries, so an extract never splits UTF-8. */
static const char snippet_sql[] =
	"SELECT snippet(article_fts, 1, ?3, ?4, '…', 12) FROM article_fts"
	" WHERE article_fts MATCH ?1 AND rowid = ?2";

/* A failed call must never come back as 0, even if SQLite's code maps to it. */
static int sql_fail(char **err, sqlite3 *h, int rc)
{
	int code = db_errcode(rc);
	return err_set(err, code ? code : NK_EFAIL, "search: %s", sqlite3_errmsg(h));
}

static char *column_dup(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	return xstrdup(s ? s : "");
}

int content_search(struct db *db, const char *query, const char *lang, int limit,
		   struct search_hit **out, size_t *n, char **err)
{
	*out = NULL;
	*n = 0;
	if (!query)
		return err_set(err, NK_EINVAL, "search: no query");
	char *match = fts_query(query);
	if (!match)
		return NK_OK;
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st = NULL, *snip = NULL;
	int rc = NK_OK;
	if (sqlite3_prepare_v2(h, search_sql, -1, &st, NULL) != SQLITE_OK) {
		rc = sql_fail(err, h, sqlite3_errcode(h));
		goto out;
	}
	if (sqlite3_prepare_v2(h, snippet_sql, -1, &snip, NULL) != SQLITE_OK) {
		rc = sql_fail(err, h, sqlite3_errcode(h));
		goto out;
	}
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, limit > 0 ? limit : DEFAULT_LIMIT);
	sqlite3_bind_text(snip, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_text(snip, 3, SEARCH_MARK_ON, -1, SQLITE_STATIC);
	sqlite3_bind_text(snip, 4, SEARCH_MARK_OFF, -1, SQLITE_STATIC);
	size_t cap = 0;
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)out, &cap, *n + 1, sizeof **out);
		struct search_hit *hit = &(*out)[(*n)++];
		hit->slug = column_dup(st, 0);
		hit->lang = column_dup(st, 1);
		hit->title = column_dup(st, 2);
		hit->rank = sqlite3_column_double(st, 4);
		sqlite3_bind_int64(snip, 2, sqlite3_column_int64(st, 3));
		int ss = sqlite3_step(snip);
		hit->snippet = ss == SQLITE_ROW ? column_dup(snip, 0) : xstrdup("");
		sqlite3_reset(snip);
		if (ss != SQLITE_ROW && ss != SQLITE_DONE) {
			s = ss;
			break;
		}
	}
	if (s != SQLITE_DONE) {
		rc = sql_fail(err, h, s);
		search_free(out, *n);
		*n = 0;
	}
out:
	sqlite3_finalize(st);
	sqlite3_finalize(snip);
	free(match);
	return rc;
}

void search_free(struct search_hit **hits, size_t n)
{
	if (!hits || !*hits)
		return;
	for (size_t i = 0; i < n; i++) {
		free((*hits)[i].slug);
		free((*hits)[i].lang);
		free((*hits)[i].title);
		free((*hits)[i].snippet);
	}
	free(*hits);
	*hits = NULL;
}
