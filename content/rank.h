/*
 * rank: nk_rank(article_fts, title_weight, body_weight), the ranking of the
 * search. It computes FTS5's own bm25() (the same formula, the same numbers)
 * but takes each text's length from a copy in memory instead of reading
 * FTS5's docsize table once per matching text: for a common word that read
 * was two thirds of the time of a search.
 *
 * The copy belongs to the connection (it is the function's user data, freed
 * with the connection). It is loaded on the first ranking and again whenever
 * search_gen, which the article_texts triggers count up, has moved: after an
 * import here or in another process. A text it does not hold is measured by
 * FTS5 as bm25() would, so a stale copy can never give a wrong length.
 */
#ifndef NK_CONTENT_RANK_H
#define NK_CONTENT_RANK_H

#include <sqlite3.h>

#define RANK_FN "nk_rank"

/* Adds nk_rank to the connection; an SQLite code. Call once per connection
 * (the search registers it when a statement naming it fails to prepare). */
int rank_register(sqlite3 *h);

#endif
