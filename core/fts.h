/*
 * fts: Vietnamese-aware full-text search pieces for SQLite FTS5.
 *
 * The "vnfold" tokenizer wraps FTS5's unicode61 (marks kept, combining marks
 * counted as letters, apostrophes inside words) and folds every token with
 * text_fold, so "Đường", "duong" and NFD "Đường" index and match alike, and
 * H'Mông = H’Mông = Hmông = hmong. The same tokenizer runs at index and
 * query time. fts_query turns what a visitor typed into a MATCH expression
 * in which every term is quoted: user input never reaches FTS5 syntax.
 */
#ifndef NK_CORE_FTS_H
#define NK_CORE_FTS_H

#include <sqlite3.h>

/* The connection's FTS5 API (for registering tokenizers and auxiliary
 * functions), or NULL when this SQLite has no FTS5. */
fts5_api *fts_api(sqlite3 *h);

/* Registers "vnfold" on a connection (safe to call more than once). */
int fts_register(sqlite3 *h, char **err);

/* Builds a MATCH expression from free text: the text is folded, split into
 * words at anything that is not a letter or digit, and each word quoted and
 * prefix-matched, joined by spaces (all must match):
 * `Đào  tạo"` → `"dao"* "tao"*`, `H'Mông` → `"hmong"*`. Returns NULL when
 * the text has no word. Caller frees. */
char *fts_query(const char *input);

#endif
