/*
 * fts: the vnfold tokenizer and the query builder. The tokenizer does no
 * word splitting of its own: unicode61 finds the words and reports their
 * offsets in the original text (so highlight() and snippet() show the text as
 * stored), and each token is folded before FTS5 sees it.
 */
#include "core/fts.h"

#include "core/text.h"
#include "core/util.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct vnfold {
	fts5_tokenizer base; /* unicode61's methods */
	Fts5Tokenizer *inner;
};

struct fold_ctx {
	void *ctx;
	int (*x_token)(void *, int, const char *, int, int, int);
};

fts5_api *fts_api(sqlite3 *h)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

static int vn_create(void *pctx, const char **azArg, int nArg, Fts5Tokenizer **out)
{
	(void)azArg;
	(void)nArg;
	fts5_api *api = pctx;
	struct vnfold *t = xcalloc(1, sizeof *t);
	void *uctx = NULL;
	int rc = api->xFindTokenizer(api, "unicode61", &uctx, &t->base);
	if (rc != SQLITE_OK) {
		free(t);
		return rc;
	}
	/* Combining marks belong to their letter (NFD text), and apostrophes stay
	 * inside a word so that folding can drop them: H'Mông is one word. */
	static const char *args[] = {"remove_diacritics", "0", "categories", "L* N* Co M*",
				     "tokenchars", "'\xe2\x80\x99"};
	rc = t->base.xCreate(uctx, args, (int)NK_ARRAY_LEN(args), &t->inner);
	if (rc != SQLITE_OK) {
		free(t);
		return rc;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void vn_delete(Fts5Tokenizer *p)
{
	struct vnfold *t = (struct vnfold *)p;
	t->base.xDelete(t->inner);
	free(t);
}

static int fold_token(void *pctx, int tflags, const char *tok, int ntok, int start, int end)
{
	struct fold_ctx *c = pctx;
	char *f = text_fold(tok, (size_t)ntok);
	int rc = SQLITE_OK;
	if (f[0])
		rc = c->x_token(c->ctx, tflags, f, (int)strlen(f), start, end);
	free(f);
	return rc;
}

static int vn_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int ntext,
		       int (*x_token)(void *, int, const char *, int, int, int))
{
	struct vnfold *t = (struct vnfold *)p;
	struct fold_ctx c = {ctx, x_token};
	return t->base.xTokenize(t->inner, &c, flags, text, ntext, fold_token);
}

int fts_register(sqlite3 *h, char **err)
{
	fts5_api *api = fts_api(h);
	if (!api)
		return err_set(err, NK_EFAIL, "this SQLite has no FTS5");
	static fts5_tokenizer vn = {vn_create, vn_delete, vn_tokenize};
	if (api->xCreateTokenizer(api, "vnfold", api, &vn, NULL) != SQLITE_OK)
		return err_set(err, NK_EFAIL, "cannot register the vnfold tokenizer");
	return NK_OK;
}

static bool word_byte(char c)
{
	unsigned char u = (unsigned char)c;
	return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
}

char *fts_query(const char *input)
{
	char *folded = text_fold(input, strlen(input));
	size_t cap = 0, len = 0;
	char *q = NULL;
	const char *p = folded;
	while (*p) {
		/* Anything but letters and digits separates words, so FTS5 syntax
		 * characters (- : * ( ) ^ + ") never start a term of their own. */
		while (*p && !word_byte(*p))
			p++;
		if (!*p)
			break;
		const char *w = p;
		while (*p && word_byte(*p))
			p++;
		/* Quote the word; a '"' inside is doubled, so nothing the visitor
		 * types can close the string or become an operator. */
		xgrow((void **)&q, &cap, len + 2 * (size_t)(p - w) + 5, 1);
		if (len)
			q[len++] = ' ';
		q[len++] = '"';
		for (const char *c = w; c < p; c++) {
			if (*c == '"')
				q[len++] = '"';
			q[len++] = *c;
		}
		q[len++] = '"';
		q[len++] = '*';
	}
	free(folded);
	if (!q)
		return NULL;
	q[len] = '\0';
	return q;
}
