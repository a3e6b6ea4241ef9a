/*
 * rank: see rank.h. The scoring follows FTS5's bm25() (fts5_aux.c) step by
 * step, so that both give the same double for every text: per query, the
 * average length and each phrase's IDF; per text, each phrase's weighted
 * count of instances and the text's length in tokens (title and body).
 */
#include "content/rank.h"

#include "core/fts.h"
#include "core/util.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define K1 1.2
#define B 0.75
/* A length not in the copy: ask FTS5. */
#define NO_LEN UINT32_MAX
/* Beyond this many ids between the first and the last text, no copy is kept
 * (64 MB); every length then comes from FTS5. */
#define MAX_SPAN (16 * 1024 * 1024)

/* The texts' lengths in tokens, by id: len[id - base]. */
struct lens {
	sqlite3 *h;
	bool loaded;
	sqlite3_int64 gen; /* search_gen when loaded */
	sqlite3_int64 base;
	size_t n;
	uint32_t *len;
};

/* What one query needs from its first text to its last. */
struct query_data {
	int nphrase;
	double avgdl;
	double *idf;  /* per phrase */
	double *freq; /* per phrase, for the current text */
};

/* An SQLite varint, as FTS5 writes the sizes in its docsize table. */
static int get_varint(const unsigned char *p, int n, sqlite3_uint64 *v)
{
	sqlite3_uint64 x = 0;
	for (int i = 0; i < n && i < 9; i++) {
		if (i == 8) {
			*v = (x << 8) | p[i];
			return 9;
		}
		x = (x << 7) | (p[i] & 0x7f);
		if (!(p[i] & 0x80)) {
			*v = x;
			return i + 1;
		}
	}
	return 0;
}

static int query_gen(sqlite3 *h, sqlite3_int64 *gen)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(h, "SELECT n FROM search_gen", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*gen = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	} else {
		rc = SQLITE_ERROR;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Reloads the copy when search_gen has moved; on any failure leaves no copy
 * (every length then comes from FTS5). Runs inside the ranking statement, so
 * it reads the same snapshot of the database as the ranking. */
static void lens_refresh(struct lens *l)
{
	sqlite3_int64 gen = 0;
	if (query_gen(l->h, &gen) != SQLITE_OK) {
		l->loaded = false;
		return;
	}
	if (l->loaded && gen == l->gen)
		return;
	l->loaded = false;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(l->h,
			       "SELECT (SELECT min(id) FROM article_fts_docsize),"
			       " (SELECT max(id) FROM article_fts_docsize)",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_int64 lo = 0, hi = -1;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		lo = sqlite3_column_int64(st, 0);
		hi = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (hi - lo + 1 > MAX_SPAN)
		return;
	size_t n = hi >= lo ? (size_t)(hi - lo + 1) : 0;
	uint32_t *len = n > l->n ? realloc(l->len, n * sizeof *len) : l->len;
	if (n && !len)
		return;
	l->len = len;
	l->n = n;
	l->base = lo;
	for (size_t i = 0; i < n; i++)
		len[i] = NO_LEN;
	if (sqlite3_prepare_v2(l->h, "SELECT id, sz FROM article_fts_docsize", -1, &st, NULL) !=
	    SQLITE_OK)
		return;
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		const unsigned char *p = sqlite3_column_blob(st, 1);
		int nb = sqlite3_column_bytes(st, 1);
		sqlite3_uint64 total = 0, v;
		int used;
		for (int off = 0; off < nb; off += used) {
			used = get_varint(p + off, nb - off, &v);
			if (!used)
				break;
			total += v;
		}
		if (id >= lo && id <= hi && total < NO_LEN)
			len[id - lo] = (uint32_t)total;
	}
	sqlite3_finalize(st);
	if (s == SQLITE_DONE) {
		l->gen = gen;
		l->loaded = true;
	}
}

static int count_cb(const Fts5ExtensionApi *api, Fts5Context *fts, void *ctx)
{
	(void)api;
	(void)fts;
	(*(sqlite3_int64 *)ctx)++;
	return SQLITE_OK;
}

static void query_data_free(void *p)
{
	struct query_data *q = p;
	free(q->idf);
	free(q->freq);
	free(q);
}

/* The query's part of bm25, made on its first text (as fts5Bm25GetData). */
static int query_data_get(const Fts5ExtensionApi *api, Fts5Context *fts, struct lens *l,
			  struct query_data **out)
{
	struct query_data *q = api->xGetAuxdata(fts, 0);
	if (q) {
		*out = q;
		return SQLITE_OK;
	}
	q = xcalloc(1, sizeof *q);
	q->nphrase = api->xPhraseCount(fts);
	q->idf = xcalloc((size_t)q->nphrase + 1, sizeof *q->idf);
	q->freq = xcalloc((size_t)q->nphrase + 1, sizeof *q->freq);
	sqlite3_int64 nrow = 0, ntoken = 0;
	int rc = api->xRowCount(fts, &nrow);
	if (rc == SQLITE_OK)
		rc = api->xColumnTotalSize(fts, -1, &ntoken);
	if (rc == SQLITE_OK)
		q->avgdl = (double)ntoken / (double)nrow;
	for (int i = 0; rc == SQLITE_OK && i < q->nphrase; i++) {
		sqlite3_int64 nhit = 0;
		rc = api->xQueryPhrase(fts, i, &nhit, count_cb);
		if (rc == SQLITE_OK) {
			double idf = log((nrow - nhit + 0.5) / (nhit + 0.5));
			q->idf[i] = idf <= 0.0 ? 1e-6 : idf;
		}
	}
	if (rc == SQLITE_OK)
		rc = api->xSetAuxdata(fts, q, query_data_free);
	else
		query_data_free(q);
	if (rc == SQLITE_OK) {
		lens_refresh(l);
		*out = q;
	}
	return rc;
}

static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *cx,
		    int nval, sqlite3_value **val)
{
	struct lens *l = api->xUserData(fts);
	struct query_data *q = NULL;
	int rc = query_data_get(api, fts, l, &q);
	int ninst = 0;
	if (rc == SQLITE_OK) {
		memset(q->freq, 0, (size_t)q->nphrase * sizeof *q->freq);
		rc = api->xInstCount(fts, &ninst);
	}
	for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
		int ip, ic, io;
		rc = api->xInst(fts, i, &ip, &ic, &io);
		if (rc == SQLITE_OK)
			q->freq[ip] += nval > ic ? sqlite3_value_double(val[ic]) : 1.0;
	}
	double d = 0;
	if (rc == SQLITE_OK) {
		sqlite3_int64 id = api->xRowid(fts);
		uint32_t len = NO_LEN;
		if (l->loaded && id >= l->base && (sqlite3_uint64)(id - l->base) < l->n)
			len = l->len[id - l->base];
		if (len == NO_LEN) {
			int ntok = 0;
			rc = api->xColumnSize(fts, -1, &ntok);
			d = (double)ntok;
		} else {
			d = (double)len;
		}
	}
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(cx, rc);
		return;
	}
	double score = 0.0;
	for (int i = 0; i < q->nphrase; i++)
		score += q->idf[i] * ((q->freq[i] * (K1 + 1.0)) /
				      (q->freq[i] + K1 * (1 - B + B * d / q->avgdl)));
	sqlite3_result_double(cx, -1.0 * score);
}

static void lens_free(void *p)
{
	struct lens *l = p;
	free(l->len);
	free(l);
}

int rank_register(sqlite3 *h)
{
	fts5_api *api = fts_api(h);
	if (!api)
		return SQLITE_ERROR;
	struct lens *l = xcalloc(1, sizeof *l);
	l->h = h;
	int rc = api->xCreateFunction(api, RANK_FN, l, rank_fn, lens_free);
	if (rc != SQLITE_OK)
		lens_free(l);
	return rc;
}
