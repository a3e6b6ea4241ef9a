/* Tests for core/fts: the vnfold tokenizer in a real FTS5 table (NFC and NFD
 * text, đ, apostrophes, case) and the query builder against FTS5 syntax. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/db.h"
#include "core/fts.h"
#include "helpers.h"

static const char *const rows[] = {
	"Con đường bê tông về bản",                 /* 1 */
	"Nghị định về đào tạo cán bộ",              /* 2 */
	"Người H'Mông ở Sa Pa",                     /* 3 */
	"Vie\xcc\xa3\xcc\x82t Nam (NFD)",           /* 4: Việt written in NFD */
	"Sản phẩm OCOP 3 sao: chè Shan tuyết",      /* 5 */
	"Người Hmông và người Dao: da'nyeic",       /* 6 */
};

static sqlite3 *setup(char **dir, struct db **db)
{
	*dir = test_tmpdir();
	char *path = xasprintf("%s/f.db", *dir);
	char *err = NULL;
	if (db_open(path, db, &err) != 0)
		fail_msg("%s", err);
	free(path);
	sqlite3 *h = db_sqlite(*db);
	assert_int_equal(sqlite3_exec(h, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='vnfold')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	for (size_t i = 0; i < NK_ARRAY_LEN(rows); i++) {
		sqlite3_stmt *st;
		sqlite3_prepare_v2(h, "INSERT INTO t(rowid, x) VALUES (?1, ?2)", -1, &st, NULL);
		sqlite3_bind_int(st, 1, (int)i + 1);
		sqlite3_bind_text(st, 2, rows[i], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
	}
	return h;
}

/* The rowids matching what a visitor typed, as "1,3" ("" for none). */
static char *hits(sqlite3 *h, const char *typed)
{
	char *q = fts_query(typed);
	char *out = xstrdup("");
	if (!q)
		return out;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rowid", -1, &st,
			       NULL) != SQLITE_OK)
		fail_msg("prepare: %s", sqlite3_errmsg(h));
	sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		char *n = xasprintf("%s%s%d", out, out[0] ? "," : "", sqlite3_column_int(st, 0));
		free(out);
		out = n;
	}
	if (s != SQLITE_DONE)
		fail_msg("query '%s' (%s) failed: %s", typed, q, sqlite3_errmsg(h));
	sqlite3_finalize(st);
	free(q);
	return out;
}

static void expect(sqlite3 *h, const char *typed, const char *want)
{
	char *got = hits(h, typed);
	if (strcmp(got, want) != 0)
		fail_msg("'%s': want rows [%s], got [%s]", typed, want, got);
	free(got);
}

static void test_folding_search(void **state)
{
	(void)state;
	char *dir;
	struct db *db;
	sqlite3 *h = setup(&dir, &db);
	expect(h, "duong", "1");
	expect(h, "ĐƯỜNG", "1");
	expect(h, "dao tao", "2");
	expect(h, "đào tạo", "2");
	expect(h, "nghi dinh", "2");
	expect(h, "hmong", "3,6");
	expect(h, "H'Mông", "3,6");
	expect(h, "H’Mông", "3,6");
	expect(h, "viet", "4");
	expect(h, "Vie\xcc\xa3\xcc\x82t", "4"); /* an NFD query */
	expect(h, "danyeic", "6");
	expect(h, "ocop sao", "5");
	expect(h, "che", "5");        /* prefix: chè */
	expect(h, "ban", "1");        /* bản, and not cán bộ */
	expect(h, "xyz", "");
	db_close(&db);
	test_rmdir(dir);
}

/* FTS5 syntax typed by a visitor must neither fail nor act as syntax. */
static void test_syntax_is_inert(void **state)
{
	(void)state;
	char *dir;
	struct db *db;
	sqlite3 *h = setup(&dir, &db);
	expect(h, "\"duong", "1");
	expect(h, "duong\"", "1");
	expect(h, "-duong", "1");
	expect(h, "duong OR ocop", "");   /* OR is a word here, not an operator */
	expect(h, "NOT ocop", "");
	expect(h, "x:ocop", "");
	expect(h, "ocop*", "5");
	expect(h, "(ocop)", "5");
	expect(h, "^ocop", "5");
	expect(h, "oc\"op", "");
	expect(h, "NEAR(ocop sao)", "");
	expect(h, "\" OR \"", "");
	db_close(&db);
	test_rmdir(dir);
}

static void test_query_text(void **state)
{
	(void)state;
	char *q = fts_query("  Đào  tạo\" ");
	assert_string_equal(q, "\"dao\"* \"tao\"*");
	free(q);
	q = fts_query("H'Mông-Dao");
	assert_string_equal(q, "\"hmong\"* \"dao\"*");
	free(q);
	assert_null(fts_query(""));
	assert_null(fts_query("  \" - * : "));
	q = fts_query("a\x1b[2Jb");
	assert_non_null(q);
	assert_null(strchr(q, 0x1b));
	free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_folding_search),
		cmocka_unit_test(test_syntax_is_inert),
		cmocka_unit_test(test_query_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
