/*
 * search: asks FTS5 for the best texts by rank, looks each up in
 * article_texts, and keeps one per article. What the visitor typed only ever
 * reaches SQLite as a bound MATCH expression built by fts_query, in which
 * every word is quoted. This file ranks with bm25 (content/rank.c computes
 * FTS5's bm25() with the texts' lengths kept in memory) and cuts snippets
 * from the match positions in the index; it holds no index of its own and
 * never writes.
 */
#include "content/search.h"

#include "content/rank.h"

#include "core/fts.h"
#include "core/text.h"
#include "core/util.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_LIMIT 20
/* The first round asks FTS5 for this many texts per hit wanted, each later
 * round for WIDEN times more. An article has one text per language, so with
 * the three languages a first round nearly always holds enough articles. */
#define FIRST_ROUND 4
#define WIDEN 8

/*
 * The best k texts: SQLite keeps the k best as it goes (ORDER BY ... LIMIT),
 * and nk_rank is bm25 with the title weighted 10x, because a word in the
 * headline says more about an article than the same word in its body. Every
 * matching text is ranked, so the cost is per matching text: nk_rank keeps it
 * to counting the query's words in it. FTS5's own ORDER BY rank sorts every
 * match and reads each text's length from disk, three to six times slower
 * for a common word.
 *
 * Snippets are cut afterwards for the hits shown only, one statement each;
 * with the prefix indexes (schema 7) such a statement costs little.
 */
#define RANK_SQL                                                                             \
	"SELECT rowid, " RANK_FN "(article_fts, 10.0, 1.0) AS r FROM article_fts"              \
	" WHERE article_fts MATCH ?1 ORDER BY r LIMIT ?2"
#define SNIPPET_FN "nk_search_snippet"
#define SNIPPET_ARGS "(article_fts, 1, ?3, ?4, '…', 12)"
static const char rank_sql[] = RANK_SQL;

static const char text_sql[] = "SELECT slug, lang, title FROM article_texts WHERE id = ?1";

/* Both cut at token boundaries, so an extract never splits UTF-8. */
static const char snippet_sql[] = "SELECT " SNIPPET_FN SNIPPET_ARGS " FROM article_fts"
				  " WHERE article_fts MATCH ?1 AND rowid = ?2";
static const char fts5_snippet_sql[] = "SELECT snippet" SNIPPET_ARGS " FROM article_fts"
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

/* ---- snippets ---- */

/*
 * FTS5's snippet() finds its words with the table's tokenizer, and vnfold
 * folds every word it passes on (NFD, case, marks, NFC): for a page of
 * Vietnamese, twice per snippet, that was half the time of a search. The
 * word positions of the matches are in the index already, so only the
 * words' places in the text are needed, and unicode61 with vnfold's own
 * settings (core/fts.c) gives them without folding. vnfold drops a word that
 * folds to nothing (a lone apostrophe); one with an ASCII letter or digit
 * never does, so only the others are folded to tell. The number of words
 * found is checked against the index's count for the text: on any
 * difference the function gives NULL and the caller uses snippet().
 */
struct snip_aux {
	fts5_tokenizer tok; /* unicode61's methods */
	Fts5Tokenizer *inner;
};

struct snip_word {
	int start, end; /* bytes of the word in the text */
	int sentence;   /* the position of the word that starts its sentence */
};

struct snip_scan {
	const char *doc;
	struct snip_word *w;
	size_t n, cap;
};

/* A full stop or a colon, then white space (a line break too), ends a
 * sentence: the rule of FTS5's snippet(), so the extracts read the same. */
static bool sentence_break(const char *gap, int n)
{
	int i = n;
	while (i > 0 && strchr(" \t\r\n", gap[i - 1]))
		i--;
	return i < n && i > 0 && (gap[i - 1] == '.' || gap[i - 1] == ':');
}

static int scan_word(void *ctx, int tflags, const char *tok, int ntok, int start, int end)
{
	(void)tflags;
	struct snip_scan *sc = ctx;
	bool keep = false;
	for (int i = 0; i < ntok && !keep; i++) {
		unsigned char b = (unsigned char)tok[i];
		keep = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
	}
	if (!keep) {
		char *f = text_fold(tok, (size_t)ntok);
		keep = f[0] != '\0';
		free(f);
	}
	if (!keep)
		return SQLITE_OK;
	int sentence = 0;
	if (sc->n) {
		const struct snip_word *prev = &sc->w[sc->n - 1];
		sentence = sentence_break(sc->doc + prev->end, start - prev->end) ? (int)sc->n
										  : prev->sentence;
	}
	xgrow((void **)&sc->w, &sc->cap, sc->n + 1, sizeof *sc->w);
	sc->w[sc->n++] = (struct snip_word){start, end, sentence};
	return SQLITE_OK;
}

/* A match in the text: words first..last (a phrase may be several). */
struct snip_span {
	int first, last, phrase;
};

static int span_cmp(const void *pa, const void *pb)
{
	const struct snip_span *a = pa, *b = pb;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return (a->last > b->last) - (a->last < b->last);
}

/*
 * How good the window of want words from start is: 1000 for each phrase of
 * the query in it and 1 for each repeat, so a window with more of the
 * visitor's words wins over one with the same word many times. *mid gets the
 * start that puts the matches in the middle of the window.
 */
unsigned long long search_snippet_steps;

static int window_score(const struct snip_span *sp, size_t nsp, size_t from, int start,
			int want, int nwords, unsigned char *seen, int nphrase, int *mid)
{
	memset(seen, 0, (size_t)nphrase);
	int score = 0, first = -1, last = -1;
	for (size_t i = from; i < nsp && sp[i].first < start + want; i++) {
		search_snippet_steps++;
		if (sp[i].first < start)
			continue;
		score += seen[sp[i].phrase] ? 1 : 1000;
		seen[sp[i].phrase] = 1;
		if (first < 0)
			first = sp[i].first;
		if (sp[i].last > last)
			last = sp[i].last < start + want ? sp[i].last : start + want - 1;
	}
	if (mid) {
		int m = first < 0 ? start : first - (want - (last - first + 1)) / 2;
		if (m > nwords - want)
			m = nwords - want;
		*mid = m < 0 ? 0 : m;
	}
	return score;
}

/* The window is chosen among the first this many matches: a text with more
 * (a 50 MB article of one word) gets a snippet as soon as one with fewer. */
#define SNIP_MAX_SPANS 4096

/*
 * The start of the best window of want words (nwords > want). Linear in the
 * matches: window_score looks only at the matches inside one window, and
 * the first match at or after the sentence start moves only forward, as the
 * sentence starts do. (Walking back from each match to its sentence start
 * was quadratic in the matches of one long sentence.)
 */
static int best_window(const struct snip_span *sp, size_t nsp, const struct snip_word *w,
		       int nwords, int want, unsigned char *seen, int nphrase)
{
	int best = 0, best_score = 0;
	if (nsp > SNIP_MAX_SPANS)
		nsp = SNIP_MAX_SPANS;
	size_t j = 0; /* the first span at or after the sentence start s */
	/* Spans are sorted, so the window from a span starts at that span. */
	for (size_t i = 0; i < nsp; i++) {
		int mid = 0;
		int score = window_score(sp, nsp, i, sp[i].first, want, nwords, seen, nphrase,
					 &mid);
		if (score > best_score) {
			best_score = score;
			best = mid;
		}
		/* Starting at the beginning of the sentence reads better, when the
		 * sentence start is close enough to keep the match in view. */
		int s = w[sp[i].first].sentence;
		if (s < sp[i].first) {
			while (j < i && sp[j].first < s) {
				search_snippet_steps++;
				j++;
			}
			score = window_score(sp, nsp, j, s, want, nwords, seen, nphrase, NULL) +
				(s == 0 ? 120 : 100);
			if (score > best_score) {
				best_score = score;
				best = s;
			}
		}
	}
	return best;
}

/* nk_search_snippet(article_fts, column, open, close, ellipsis, words): as
 * snippet(), or NULL when the words found do not agree with the index. */
static void snippet_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *cx,
		       int nval, sqlite3_value **val)
{
	if (nval != 5) {
		sqlite3_result_error(cx, SNIPPET_FN ": wrong number of arguments", -1);
		return;
	}
	struct snip_aux *a = api->xUserData(fts);
	int col = sqlite3_value_int(val[0]);
	const char *on = (const char *)sqlite3_value_text(val[1]);
	const char *off = (const char *)sqlite3_value_text(val[2]);
	const char *ellipsis = (const char *)sqlite3_value_text(val[3]);
	int want = sqlite3_value_int(val[4]);
	if (want < 1)
		want = 1;
	const char *doc = NULL;
	int ndoc = 0, nsize = 0, ninst = 0;
	int rc = api->xColumnText(fts, col, &doc, &ndoc);
	if (rc == SQLITE_OK)
		rc = api->xColumnSize(fts, col, &nsize);
	if (rc == SQLITE_OK)
		rc = api->xInstCount(fts, &ninst);
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(cx, rc);
		return;
	}
	if (!doc)
		doc = "";
	struct snip_scan sc = {.doc = doc};
	rc = a->tok.xTokenize(a->inner, &sc, FTS5_TOKENIZE_AUX, doc, ndoc, scan_word);
	if (rc != SQLITE_OK || sc.n != (size_t)nsize) {
		free(sc.w);
		if (rc != SQLITE_OK)
			sqlite3_result_error_code(cx, rc);
		else
			sqlite3_result_null(cx);
		return;
	}
	int nwords = (int)sc.n;

	struct snip_span *sp = xcalloc((size_t)ninst + 1, sizeof *sp);
	size_t nsp = 0;
	for (int i = 0; i < ninst && rc == SQLITE_OK; i++) {
		int ip = 0, ic = 0, io = 0;
		rc = api->xInst(fts, i, &ip, &ic, &io);
		if (rc != SQLITE_OK || ic != col || io < 0 || io >= nwords)
			continue;
		int last = io + api->xPhraseSize(fts, ip) - 1;
		sp[nsp++] = (struct snip_span){io, last < nwords ? last : nwords - 1, ip};
	}
	if (rc != SQLITE_OK) {
		free(sp);
		free(sc.w);
		sqlite3_result_error_code(cx, rc);
		return;
	}
	qsort(sp, nsp, sizeof *sp, span_cmp);
	int lo = 0, hi = nwords - 1;
	if (nwords > want) {
		int nphrase = api->xPhraseCount(fts);
		unsigned char *seen = xcalloc((size_t)nphrase + 1, 1);
		lo = best_window(sp, nsp, sc.w, nwords, want, seen, nphrase);
		hi = lo + want - 1;
		free(seen);
	}

	/* Matches that overlap are marked as one; a mark cut by the window
	 * opens at its first word or closes at its last. */
	unsigned char *mark = xcalloc((size_t)(hi - lo + 2), 1);
	enum { OPEN = 1, CLOSE = 2 };
	for (size_t i = 0; i < nsp;) {
		int first = sp[i].first, last = sp[i].last;
		for (i++; i < nsp && sp[i].first <= last; i++) {
			if (sp[i].last > last)
				last = sp[i].last;
		}
		if (last < lo || first > hi)
			continue;
		mark[(first > lo ? first : lo) - lo] |= OPEN;
		mark[(last < hi ? last : hi) - lo] |= CLOSE;
	}
	sqlite3_str *out = sqlite3_str_new(NULL);
	int pos = 0;
	if (lo > 0) {
		sqlite3_str_appendall(out, ellipsis);
		pos = sc.w[lo].start;
	}
	for (int k = lo; k <= hi && k < nwords; k++) {
		sqlite3_str_append(out, doc + pos, sc.w[k].start - pos);
		if (mark[k - lo] & OPEN)
			sqlite3_str_appendall(out, on);
		sqlite3_str_append(out, doc + sc.w[k].start, sc.w[k].end - sc.w[k].start);
		if (mark[k - lo] & CLOSE)
			sqlite3_str_appendall(out, off);
		pos = sc.w[k].end;
	}
	if (hi >= nwords - 1)
		sqlite3_str_append(out, doc + pos, ndoc - pos);
	else
		sqlite3_str_appendall(out, ellipsis);
	free(mark);
	free(sp);
	free(sc.w);
	rc = sqlite3_str_errcode(out);
	int len = sqlite3_str_length(out);
	char *text = sqlite3_str_finish(out);
	if (rc != SQLITE_OK) {
		sqlite3_free(text);
		sqlite3_result_error_code(cx, rc);
		return;
	}
	sqlite3_result_text(cx, text ? text : "", len, text ? sqlite3_free : SQLITE_STATIC);
}

static void snip_aux_free(void *p)
{
	struct snip_aux *a = p;
	a->tok.xDelete(a->inner);
	free(a);
}

/* Adds nk_search_snippet to the connection (once: the caller registers only
 * when a statement naming it fails to prepare). */
static int snippet_register(sqlite3 *h)
{
	fts5_api *api = fts_api(h);
	if (!api)
		return SQLITE_ERROR;
	int rc;
	struct snip_aux *a = xcalloc(1, sizeof *a);
	void *uctx = NULL;
	/* vnfold's settings for unicode61, in core/fts.c. */
	static const char *args[] = {"remove_diacritics", "0", "categories", "L* N* Co M*",
				     "tokenchars", "'\xe2\x80\x99"};
	rc = api->xFindTokenizer(api, "unicode61", &uctx, &a->tok);
	if (rc == SQLITE_OK)
		rc = a->tok.xCreate(uctx, args, (int)NK_ARRAY_LEN(args), &a->inner);
	if (rc != SQLITE_OK) {
		free(a);
		return rc;
	}
	rc = api->xCreateFunction(api, SNIPPET_FN, a, snippet_fn, snip_aux_free);
	if (rc != SQLITE_OK)
		snip_aux_free(a);
	return rc;
}

/* ---- ranking ---- */

/* One matching text of the wanted language, from one round. */
struct cand {
	sqlite3_int64 id;
	double rank;
	char *slug, *lang, *title;
	char *snippet; /* NULL until cut */
};

static int rank_cmp(double a, double b)
{
	return (a > b) - (a < b);
}

/* An article's texts together, its best (lowest rank, then language) first. */
static int by_article(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	int c = strcmp(a->slug, b->slug);
	if (!c)
		c = rank_cmp(a->rank, b->rank);
	return c ? c : strcmp(a->lang, b->lang);
}

/* The order of the hits: best first, ties by slug (then language). */
static int by_rank(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	int c = rank_cmp(a->rank, b->rank);
	if (!c)
		c = strcmp(a->slug, b->slug);
	return c ? c : strcmp(a->lang, b->lang);
}

static void cand_clear(struct cand *c)
{
	free(c->slug);
	free(c->lang);
	free(c->title);
	free(c->snippet);
}

static void cands_free(struct cand *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cand_clear(&c[i]);
	free(c);
}

/* The statements of one search, prepared when first needed. */
struct query {
	sqlite3 *h;
	const char *match;
	sqlite3_stmt *rank, *text, *snippet, *fts5_snippet;
};

static int prepare(struct query *q, sqlite3_stmt **st, const char *sql, char **err)
{
	if (*st)
		return NK_OK;
	int s = sqlite3_prepare_v2(q->h, sql, -1, st, NULL);
	/* A connection that has not searched yet lacks our functions. */
	if (s != SQLITE_OK && strstr(sqlite3_errmsg(q->h), "no such function")) {
		int r = strstr(sql, SNIPPET_FN) ? snippet_register(q->h)
			: strstr(sql, RANK_FN)  ? rank_register(q->h)
						: SQLITE_ERROR;
		if (r == SQLITE_OK)
			s = sqlite3_prepare_v2(q->h, sql, -1, st, NULL);
	}
	if (s != SQLITE_OK)
		return sql_fail(err, q->h, sqlite3_errcode(q->h));
	sqlite3_bind_text(*st, 1, q->match, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(*st) >= 4) {
		sqlite3_bind_text(*st, 3, SEARCH_MARK_ON, -1, SQLITE_STATIC);
		sqlite3_bind_text(*st, 4, SEARCH_MARK_OFF, -1, SQLITE_STATIC);
	}
	return NK_OK;
}

/*
 * One round: the k best texts by rank, those of lang (any if NULL), then
 * one per article (its best), sorted as the hits are. *fetched is how many
 * texts FTS5 gave (k or fewer) and *last the rank of the last of them. On
 * success *out holds *n articles.
 */
static int round_k(struct query *q, sqlite3_int64 k, const char *lang,
		   struct cand **out, size_t *n, sqlite3_int64 *fetched, double *last, char **err)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(q, &q->rank, rank_sql, err);
	if (!rc)
		rc = prepare(q, &q->text, text_sql, err);
	if (rc)
		return rc;
	st = q->rank;
	struct cand *c = NULL;
	size_t nc = 0, cap = 0;
	*fetched = 0;
	sqlite3_bind_int64(st, 2, k);
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		(*fetched)++;
		*last = sqlite3_column_double(st, 1);
		sqlite3_bind_int64(q->text, 1, sqlite3_column_int64(st, 0));
		int ts = sqlite3_step(q->text);
		if (ts == SQLITE_ROW &&
		    (!lang || strcmp((const char *)sqlite3_column_text(q->text, 1), lang) == 0)) {
			xgrow((void **)&c, &cap, nc + 1, sizeof *c);
			c[nc++] = (struct cand){
				.id = sqlite3_column_int64(st, 0),
				.rank = *last,
				.slug = column_dup(q->text, 0),
				.lang = column_dup(q->text, 1),
				.title = column_dup(q->text, 2),
			};
		}
		sqlite3_reset(q->text);
		if (ts != SQLITE_ROW && ts != SQLITE_DONE) {
			s = ts;
			break;
		}
	}
	if (s != SQLITE_DONE)
		rc = sql_fail(err, q->h, s);
	sqlite3_reset(st);
	if (rc) {
		cands_free(c, nc);
		return rc;
	}
	/* Keep each article's best text only. */
	if (nc)
		qsort(c, nc, sizeof *c, by_article);
	size_t kept = 0;
	for (size_t i = 0; i < nc; i++) {
		if (kept && strcmp(c[kept - 1].slug, c[i].slug) == 0)
			cand_clear(&c[i]);
		else
			c[kept++] = c[i];
	}
	if (kept)
		qsort(c, kept, sizeof *c, by_rank);
	*out = c;
	*n = kept;
	return NK_OK;
}

/* The snippet of one hit shown: ours from the match positions, else FTS5's. */
static int snippet_one(struct query *q, struct cand *c, char **err)
{
	const char *const sqls[] = {snippet_sql, fts5_snippet_sql};
	sqlite3_stmt **sts[] = {&q->snippet, &q->fts5_snippet};
	for (size_t i = 0; i < NK_ARRAY_LEN(sqls) && !c->snippet; i++) {
		int rc = prepare(q, sts[i], sqls[i], err);
		if (rc)
			return rc;
		sqlite3_stmt *st = *sts[i];
		sqlite3_bind_int64(st, 2, c->id);
		int s = sqlite3_step(st);
		if (s == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
			c->snippet = column_dup(st, 0);
		sqlite3_reset(st);
		if (s != SQLITE_ROW && s != SQLITE_DONE)
			return sql_fail(err, q->h, s);
	}
	if (!c->snippet)
		c->snippet = xstrdup("");
	return NK_OK;
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
	if (limit <= 0)
		limit = DEFAULT_LIMIT;
	struct query q = {.h = db_sqlite(db), .match = match};
	struct cand *c = NULL;
	size_t nc = 0;
	int rc = NK_OK;

	/*
	 * The hits are exactly those of ranking every matching text: a round
	 * that FTS5 did not cut short saw them all; one that it did saw every
	 * text ranked better than its last, so when the last hit wanted ranks
	 * strictly better than that, no text left out could come before it or
	 * be a better text of an article shown. Otherwise (too few articles, or
	 * a tie running past the cut) the next round asks for more.
	 */
	for (sqlite3_int64 k = (sqlite3_int64)limit * FIRST_ROUND;; k *= WIDEN) {
		sqlite3_int64 fetched = 0;
		double last = 0;
		cands_free(c, nc);
		c = NULL;
		nc = 0;
		rc = round_k(&q, k, lang, &c, &nc, &fetched, &last, err);
		if (rc)
			goto out;
		if (fetched < k || (nc >= (size_t)limit && c[limit - 1].rank < last))
			break;
	}

	size_t shown = nc < (size_t)limit ? nc : (size_t)limit;
	for (size_t i = 0; i < shown && !rc; i++)
		rc = snippet_one(&q, &c[i], err);
	if (rc || !shown)
		goto out;
	*out = xcalloc(shown, sizeof **out);
	for (size_t i = 0; i < shown; i++) {
		(*out)[i] = (struct search_hit){
			.slug = c[i].slug,
			.lang = c[i].lang,
			.title = c[i].title,
			.snippet = c[i].snippet,
			.rank = c[i].rank,
		};
		c[i] = (struct cand){0};
	}
	*n = shown;
out:
	cands_free(c, nc);
	sqlite3_finalize(q.rank);
	sqlite3_finalize(q.text);
	sqlite3_finalize(q.snippet);
	sqlite3_finalize(q.fts5_snippet);
	free(match);
	return rc;
}

int content_search_first(struct db *db, const char *query, const char *first, int limit,
			 struct search_hit **out, size_t *n, char **err)
{
	if (limit <= 0)
		limit = DEFAULT_LIMIT;
	struct search_hit *own = NULL, *all = NULL;
	size_t nown = 0, nall = 0;
	int rc = content_search(db, query, first, limit, &own, &nown, err);
	if (rc == NK_OK && nown < (size_t)limit)
		rc = content_search(db, query, NULL, limit, &all, &nall, err);
	if (rc) {
		search_free(&own, nown);
		search_free(&all, nall);
		*out = NULL;
		*n = 0;
		return rc;
	}
	/* An article found in the first language is already listed; the limit
	 * is small, so looking through the list for each is cheap. */
	for (size_t i = 0; i < nall && nown < (size_t)limit; i++) {
		bool listed = false;
		for (size_t j = 0; j < nown && !listed; j++)
			listed = strcmp(own[j].slug, all[i].slug) == 0;
		if (listed)
			continue;
		own = xrealloc(own, (nown + 1) * sizeof *own);
		own[nown++] = all[i];
		all[i] = (struct search_hit){0};
	}
	search_free(&all, nall);
	*out = own;
	*n = nown;
	return NK_OK;
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
