/* Tests for content/search: folding (no accents, NFD), the language filter and
 * one hit per article, bm25 ranking with the title weighted, marked UTF-8
 * snippets, hostile input, the index following article_texts, and the limit.
 * Each test gets a fresh database filled with SQL, not through the importer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "content/rank.h"
#include "content/search.h"
#include "core/db.h"
#include "core/fts.h"
#include "core/text.h"
#include "helpers.h"

struct text {
	const char *slug, *lang, *title, *plain;
};

static const struct text texts[] = {
	{"dao-tao-nghe", "vi", "Đào tạo nghề cho lao động nông thôn",
	 "Chương trình hỗ trợ đào tạo nghề ngắn hạn cho người lao động ở vùng nông thôn và "
	 "miền núi. Học viên được miễn học phí, được hỗ trợ tiền ăn và tiền đi lại trong thời "
	 "gian học."},
	{"dao-tao-nghe", "hmn", "Kev cob qhia txuj ci rau cov neeg ua haujlwm nyob deb nroog",
	 "Lub xeev pab them nqi kawm rau cov neeg ua haujlwm nyob deb nroog thiab toj siab."},
	{"duong-be-tong", "vi", "Con đường bê tông về bản",
	 "Nhà nước hỗ trợ xi măng, bà con góp công làm đường bê tông về bản. Thôn đã làm nốt "
	 "đoạn đường cuối trước mùa mưa để xe máy đi lại dễ dàng quanh năm."},
	{"duong-be-tong", "hmn", "Txoj kev pob zeb mus rau hauv zos",
	 "Lub xeev pab cov xi mas, cov neeg hauv zos pab ua txoj kev mus rau hauv zos."},
	/* OCOP: the Vietnamese text has it in title and body, the Hmong one only
	 * in the body, so the Vietnamese text is this article's best. */
	{"ocop", "vi", "Sản phẩm OCOP 3 sao",
	 "Chè Shan tuyết của hợp tác xã được công nhận sản phẩm OCOP 3 sao. Chè được hái bằng "
	 "tay và sao khô theo cách truyền thống."},
	{"ocop", "hmn", "Cov khoom zoo 3 lub hnub qub",
	 "Cov tshuaj yej Shan tuyết ntawm pawg koom tes tau txais daim ntawv OCOP 3 lub hnub "
	 "qub."},
	/* "chè" is in this title once, and twice in the body of ocop/vi only. */
	{"che-co-thu", "vi", "Cây chè cổ thụ Suối Giàng",
	 "Những cây cổ thụ hàng trăm năm tuổi trên đỉnh núi được bà con chăm sóc và giữ gìn "
	 "cẩn thận cho con cháu."},
};

static const char *const slugs[] = {"dao-tao-nghe", "duong-be-tong", "ocop", "che-co-thu"};

struct fixture {
	char *dir;
	struct db *db;
};

static void exec(sqlite3 *h, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

static void add_article(sqlite3 *h, const char *slug, int ord)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(h,
					    "INSERT INTO articles(slug, topic, ord, source, period,"
					    " updated) VALUES (?1, 'kinh-te', ?2, 'Sở NN&PTNT',"
					    " '2021-2025', '2025-06-01')",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, ord);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

static void add_text(sqlite3 *h, const struct text *t)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(h,
					    "INSERT INTO article_texts(slug, lang, title, status, "
					    "body, plain) VALUES (?1, ?2, ?3, 'reviewed', ?4, ?5)",
					    -1, &st, NULL),
			 SQLITE_OK);
	char *body = xasprintf("# %s\n\n%s\n", t->title, t->plain);
	sqlite3_bind_text(st, 1, t->slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, t->lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, t->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, body, -1, free);
	sqlite3_bind_text(st, 5, t->plain, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	f->dir = test_tmpdir();
	char *path = xasprintf("%s/k.db", f->dir);
	char *err = NULL;
	if (db_open(path, &f->db, &err) != 0)
		fail_msg("db_open: %s", err);
	free(path);
	sqlite3 *h = db_sqlite(f->db);
	exec(h, "INSERT INTO topics(id, ord) VALUES ('kinh-te', 1)");
	for (size_t i = 0; i < NK_ARRAY_LEN(slugs); i++)
		add_article(h, slugs[i], (int)i + 1);
	for (size_t i = 0; i < NK_ARRAY_LEN(texts); i++)
		add_text(h, &texts[i]);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(&f->db);
	test_rmdir(f->dir);
	free(f);
	return 0;
}

/* Markers come in ON/OFF pairs around non-empty text, and the whole snippet
 * is valid UTF-8 (FTS5 cuts at token boundaries). */
static void check_snippet(const char *s)
{
	size_t bad = 0;
	if (!text_valid_utf8(s, strlen(s), &bad))
		fail_msg("snippet '%s' is invalid UTF-8 at byte %zu", s, bad);
	bool open = false;
	for (const char *p = s; *p; p++) {
		if (*p == SEARCH_MARK_ON[0]) {
			assert_false(open);
			assert_true(p[1] != SEARCH_MARK_OFF[0]);
			open = true;
		} else if (*p == SEARCH_MARK_OFF[0]) {
			assert_true(open);
			open = false;
		}
	}
	assert_false(open);
}

/* The slugs of the hits, comma-separated ("" for none); fails the test if the
 * search itself fails. */
static char *found(struct db *db, const char *query, const char *lang, int limit)
{
	struct search_hit *hits = NULL;
	size_t n = 99;
	char *err = NULL;
	if (content_search(db, query, lang, limit, &hits, &n, &err) != 0)
		fail_msg("search '%s' failed: %s", query, err);
	char *out = xstrdup("");
	for (size_t i = 0; i < n; i++) {
		check_snippet(hits[i].snippet);
		char *next = xasprintf("%s%s%s", out, i ? "," : "", hits[i].slug);
		free(out);
		out = next;
	}
	search_free(&hits, n);
	assert_null(hits);
	return out;
}

static void expect(struct db *db, const char *query, const char *lang, int limit,
		   const char *want)
{
	char *got = found(db, query, lang, limit);
	if (strcmp(got, want) != 0)
		fail_msg("'%s' (lang %s, limit %d): want [%s], got [%s]", query,
			 lang ? lang : "any", limit, want, got);
	free(got);
}

static void test_folding(void **state)
{
	struct fixture *f = *state;
	expect(f->db, "dao tao", NULL, 0, "dao-tao-nghe");
	expect(f->db, "ĐÀO TẠO", NULL, 0, "dao-tao-nghe");
	expect(f->db, "Đào tạo", "vi", 0, "dao-tao-nghe");
	/* Prefixes: a visitor is still typing. */
	expect(f->db, "dao ta", NULL, 0, "dao-tao-nghe");
	/* NFD: a decomposed à (a + U+0300) and ạ (a + U+0323). */
	expect(f->db, "\xc4\x90" "a\xcc\x80o ta\xcc\xa3o", NULL, 0, "dao-tao-nghe");
	/* Hat, horn and breve go too: "duong" finds "đường", "be tong" "bê tông". */
	expect(f->db, "duong be tong", "vi", 0, "duong-be-tong");
	/* All words must match: nothing has both. */
	expect(f->db, "dao tao be tong", NULL, 0, "");
}

static void test_lang_filter(void **state)
{
	struct fixture *f = *state;
	struct search_hit *hits;
	size_t n;
	char *err = NULL;
	assert_int_equal(content_search(f->db, "OCOP", "hmn", 0, &hits, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].slug, "ocop");
	assert_string_equal(hits[0].lang, "hmn");
	assert_string_equal(hits[0].title, "Cov khoom zoo 3 lub hnub qub");
	search_free(&hits, n);
	assert_int_equal(content_search(f->db, "OCOP", "vi", 0, &hits, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].lang, "vi");
	assert_string_equal(hits[0].title, "Sản phẩm OCOP 3 sao");
	search_free(&hits, n);
	/* Hmong words are not in the Vietnamese texts, and no text is in Dao. */
	expect(f->db, "haujlwm", "hmn", 0, "dao-tao-nghe");
	expect(f->db, "haujlwm", "vi", 0, "");
	expect(f->db, "OCOP", "ium", 0, "");
}

/* The hits as slug/lang, comma-separated, from content_search_first. */
static char *found_first(struct db *db, const char *query, const char *first, int limit)
{
	struct search_hit *hits = NULL;
	size_t n = 99;
	char *err = NULL;
	if (content_search_first(db, query, first, limit, &hits, &n, &err) != 0)
		fail_msg("search '%s' failed: %s", query, err);
	char *out = xstrdup("");
	for (size_t i = 0; i < n; i++) {
		check_snippet(hits[i].snippet);
		char *next = xasprintf("%s%s%s/%s", out, i ? "," : "", hits[i].slug, hits[i].lang);
		free(out);
		out = next;
	}
	search_free(&hits, n);
	return out;
}

/* The visitor's language first, then articles found only in the others. */
static void test_own_language_first(void **state)
{
	struct fixture *f = *state;
	sqlite3 *h = db_sqlite(f->db);
	add_article(h, "ocop-moi", 9);
	const struct text t = {"ocop-moi", "vi", "Sản phẩm OCOP mới của xã OCOP",
			       "Xã có thêm hai sản phẩm OCOP OCOP OCOP."};
	add_text(h, &t);
	char *got = found_first(f->db, "ocop", "hmn", 0);
	assert_string_equal(got, "ocop/hmn,ocop-moi/vi");
	free(got);
	/* Searching all languages at once finds ocop's Vietnamese text, the
	 * better one, which is why the language goes first. */
	expect(f->db, "ocop", NULL, 0, "ocop-moi,ocop");
	got = found_first(f->db, "ocop", "vi", 0);
	assert_string_equal(got, "ocop-moi/vi,ocop/vi");
	free(got);
	/* Nothing in Dao: the others, as they rank. */
	got = found_first(f->db, "ocop", "ium", 0);
	assert_string_equal(got, "ocop-moi/vi,ocop/vi");
	free(got);
	/* The limit counts both parts. */
	got = found_first(f->db, "ocop", "hmn", 1);
	assert_string_equal(got, "ocop/hmn");
	free(got);
	got = found_first(f->db, "zzzz", "hmn", 0);
	assert_string_equal(got, "");
	free(got);
}

static void test_one_hit_per_article(void **state)
{
	struct fixture *f = *state;
	struct search_hit *hits;
	size_t n;
	char *err = NULL;
	/* Both texts of ocop match; the Vietnamese one (title and body) is the
	 * better, although "hmn" sorts before "vi". */
	assert_int_equal(content_search(f->db, "ocop", NULL, 0, &hits, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].slug, "ocop");
	assert_string_equal(hits[0].lang, "vi");
	assert_string_equal(hits[0].title, "Sản phẩm OCOP 3 sao");
	search_free(&hits, n);
	/* "Shan tuyết" is in the bodies of both ocop texts and nowhere else. */
	expect(f->db, "shan tuyet", NULL, 0, "ocop");
	/* "3" is in both ocop texts; once more, one hit. */
	expect(f->db, "3", NULL, 0, "ocop");
}

/* Where the fixture is such that bm25 without weights would rank the body hit
 * first, so that the test below shows the weighting and not the data. */
static void assert_unweighted_prefers_body(sqlite3 *h)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(h,
					    "SELECT t.slug FROM article_fts JOIN article_texts t "
					    "ON t.id = article_fts.rowid WHERE article_fts MATCH "
					    "'\"che\"*' ORDER BY bm25(article_fts, 1.0, 1.0)",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ocop");
	sqlite3_finalize(st);
}

static void test_title_weighting(void **state)
{
	struct fixture *f = *state;
	assert_unweighted_prefers_body(db_sqlite(f->db));
	struct search_hit *hits;
	size_t n;
	char *err = NULL;
	assert_int_equal(content_search(f->db, "chè", NULL, 0, &hits, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(hits[0].slug, "che-co-thu");
	assert_string_equal(hits[1].slug, "ocop");
	assert_true(hits[0].rank < hits[1].rank);
	search_free(&hits, n);
}

static void test_snippet(void **state)
{
	struct fixture *f = *state;
	struct search_hit *hits;
	size_t n;
	char *err = NULL;
	assert_int_equal(content_search(f->db, "be tong", "vi", 0, &hits, &n, &err), 0);
	assert_int_equal(n, 1);
	const char *s = hits[0].snippet;
	check_snippet(s);
	/* The stored spelling, not the folded one, between the markers. */
	assert_non_null(strstr(s, SEARCH_MARK_ON "bê" SEARCH_MARK_OFF " " SEARCH_MARK_ON
					 "tông" SEARCH_MARK_OFF));
	/* The match is in the middle of a long body: the extract is cut at both
	 * ends, and shorter than the body. */
	assert_true(strncmp(s, "…", strlen("…")) == 0);
	assert_true(strcmp(s + strlen(s) - strlen("…"), "…") == 0);
	assert_true(strlen(s) < strlen(texts[2].plain));
	search_free(&hits, n);

	/* The snippet is the body's, even when only the title matched. */
	assert_int_equal(content_search(f->db, "Suối Giàng", NULL, 0, &hits, &n, &err), 0);
	assert_int_equal(n, 1);
	check_snippet(hits[0].snippet);
	assert_null(strchr(hits[0].snippet, SEARCH_MARK_ON[0]));
	assert_non_null(strstr(hits[0].snippet, "cổ thụ"));
	search_free(&hits, n);

	/* Many multibyte letters around the cut points. */
	const char *const queries[] = {"học phí", "mưa", "nông thôn", "tiền", "cẩn thận"};
	for (size_t i = 0; i < NK_ARRAY_LEN(queries); i++) {
		assert_int_equal(content_search(f->db, queries[i], NULL, 0, &hits, &n, &err), 0);
		assert_true(n >= 1);
		for (size_t j = 0; j < n; j++)
			check_snippet(hits[j].snippet);
		search_free(&hits, n);
	}
}

static void test_hostile_queries(void **state)
{
	struct fixture *f = *state;
	/* Nothing but syntax: no words, no hits, no error. */
	const char *const empty[] = {"\"", "-", "*", ":", "(", ")", "^", "+", "\"\"", "'", "\x1b",
				     "\x1b[", ":*-(\""};
	for (size_t i = 0; i < NK_ARRAY_LEN(empty); i++)
		expect(f->db, empty[i], NULL, 0, "");
	/* As FTS5 syntax these would be a column filter, OR, NEAR, or a syntax
	 * error; quoted they are plain words that no text has. */
	expect(f->db, "title:bản", NULL, 0, "");
	expect(f->db, "plain : bản", NULL, 0, "");
	expect(f->db, "đào OR xyz", NULL, 0, "");
	expect(f->db, "NEAR(đào tạo)", NULL, 0, "");
	expect(f->db, "\x1b[2J\x1b]0;x\x07", NULL, 0, "");
	/* NOT is the word "not", which folds from "nốt" in the road article: as
	 * an operator, the second query would exclude that article instead. */
	expect(f->db, "NOT", NULL, 0, "duong-be-tong");
	expect(f->db, "bê NOT tông", NULL, 0, "duong-be-tong");
	/* Syntax around real words is ignored, the words still count. */
	expect(f->db, "\"đào tạo", NULL, 0, "dao-tao-nghe");
	expect(f->db, "đào* -tạo", NULL, 0, "dao-tao-nghe");
	expect(f->db, "(đào) ^tạo:", NULL, 0, "dao-tao-nghe");
	expect(f->db, "đào\x1b tạo", NULL, 0, "dao-tao-nghe");
	expect(f->db, "'; DROP TABLE article_texts; --", NULL, 0, "");
	expect(f->db, "bê tông", NULL, 0, "duong-be-tong");
}

static void test_empty_query(void **state)
{
	struct fixture *f = *state;
	struct search_hit *hits = (struct search_hit *)&hits;
	size_t n = 7;
	char *err = NULL;
	assert_int_equal(content_search(f->db, "", NULL, 0, &hits, &n, &err), 0);
	assert_null(hits);
	assert_int_equal(n, 0);
	assert_int_equal(content_search(f->db, "   \t\n", "vi", 5, &hits, &n, &err), 0);
	assert_int_equal(n, 0);
	/* search_free takes what an empty search gave. */
	search_free(&hits, n);
	assert_null(err);
}

static void test_index_sync(void **state)
{
	struct fixture *f = *state;
	sqlite3 *h = db_sqlite(f->db);
	expect(f->db, "xi mang", "vi", 0, "duong-be-tong");
	expect(f->db, "giao thông", NULL, 0, "");
	exec(h, "UPDATE article_texts SET title = 'Giao thông nông thôn mới', "
		"plain = 'Bà con góp ngày công làm đường liên thôn.' "
		"WHERE slug = 'duong-be-tong' AND lang = 'vi'");
	expect(f->db, "xi mang", "vi", 0, "");
	expect(f->db, "giao thông", NULL, 0, "duong-be-tong");
	expect(f->db, "liên thôn", "vi", 0, "duong-be-tong");
	/* The old title's words are gone from the Vietnamese text. */
	expect(f->db, "bê tông", "vi", 0, "");

	exec(h, "DELETE FROM article_texts WHERE slug = 'ocop' AND lang = 'hmn'");
	expect(f->db, "ocop", "hmn", 0, "");
	expect(f->db, "ocop", "vi", 0, "ocop");
	/* Deleting an article cascades to its texts, and the trigger still runs. */
	exec(h, "DELETE FROM articles WHERE slug = 'che-co-thu'");
	expect(f->db, "cổ thụ", NULL, 0, "");
	expect(f->db, "chè", NULL, 0, "ocop");
	/* FTS5's own check that the index matches article_texts (rank 1 asks it
	 * to compare with the external content too). */
	exec(h, "INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)");
}

/* nk_rank gives bm25()'s number for every text the query matches; returns
 * how many texts it compared. */
static int rank_equals_bm25(sqlite3 *h, const char *query)
{
	char *match = fts_query(query);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(h,
					    "SELECT rowid, " RANK_FN "(article_fts, 10.0, 1.0),"
					    " bm25(article_fts, 10.0, 1.0) FROM article_fts"
					    " WHERE article_fts MATCH ?1",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, match, -1, free);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_double(st, 1) != sqlite3_column_double(st, 2))
			fail_msg("%s: text %lld: nk_rank %.17g, bm25 %.17g", query,
				 sqlite3_column_int64(st, 0), sqlite3_column_double(st, 1),
				 sqlite3_column_double(st, 2));
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

/*
 * The ranking keeps the texts' lengths in memory; it must give FTS5's bm25()
 * exactly, before and after texts change here, and after another connection
 * (another process: an import) changes them.
 */
static void test_rank_is_bm25(void **state)
{
	struct fixture *f = *state;
	sqlite3 *h = db_sqlite(f->db);
	assert_int_equal(rank_register(h), SQLITE_OK);
	static const char *const queries[] = {"chè", "thôn", "ocop", "b", "nông thôn mới", "x"};
	int seen = 0;
	for (size_t i = 0; i < NK_ARRAY_LEN(queries); i++)
		seen += rank_equals_bm25(h, queries[i]);
	assert_true(seen > 5);

	/* Here: a longer text, a new one, and one gone. */
	exec(h, "UPDATE article_texts SET plain = plain || ' Chè ngon, chè xanh, thôn bản vui.'"
		" WHERE slug = 'che-co-thu' AND lang = 'vi'");
	struct text t = {"ocop", "ium", "Chè OCOP thôn", "Chè của thôn được OCOP ba sao."};
	add_text(h, &t);
	exec(h, "DELETE FROM article_texts WHERE slug = 'dao-tao-nghe' AND lang = 'hmn'");
	for (size_t i = 0; i < NK_ARRAY_LEN(queries); i++)
		rank_equals_bm25(h, queries[i]);

	/* Another connection: every text's body made much longer. */
	sqlite3 *other;
	assert_int_equal(sqlite3_open(db_path(f->db), &other), SQLITE_OK);
	char *msg = NULL;
	assert_int_equal(fts_register(other, &msg), 0);
	exec(other, "UPDATE article_texts SET plain = plain || ' ' || plain || ' ' || plain");
	sqlite3_close(other);
	for (size_t i = 0; i < NK_ARRAY_LEN(queries); i++)
		rank_equals_bm25(h, queries[i]);
	expect(f->db, "chè", "vi", 0, "che-co-thu,ocop");
}

static void test_limit_and_ties(void **state)
{
	struct fixture *f = *state;
	sqlite3 *h = db_sqlite(f->db);
	/* 25 identical texts, inserted in reverse slug order so that rowid order
	 * is not slug order: equal ranks must come back by slug. */
	for (int i = 25; i >= 1; i--) {
		char slug[16];
		snprintf(slug, sizeof slug, "tin-%02d", i);
		add_article(h, slug, 100 + i);
		struct text t = {slug, "vi", "Bản tin thời sự", "Tin tức trong tuần ở xã."};
		add_text(h, &t);
	}
	struct search_hit *hits;
	size_t n;
	char *err = NULL;
	assert_int_equal(content_search(f->db, "bản tin thời sự", NULL, 0, &hits, &n, &err), 0);
	assert_int_equal(n, 20);
	for (size_t i = 0; i < n; i++) {
		char want[32];
		snprintf(want, sizeof want, "tin-%02zu", i + 1);
		assert_string_equal(hits[i].slug, want);
		assert_true(hits[i].rank == hits[0].rank);
	}
	search_free(&hits, n);
	assert_int_equal(content_search(f->db, "bản tin thời sự", "vi", -3, &hits, &n, &err), 0);
	assert_int_equal(n, 20);
	search_free(&hits, n);
	expect(f->db, "bản tin thời sự", NULL, 3, "tin-01,tin-02,tin-03");
	assert_int_equal(content_search(f->db, "bản tin thời sự", NULL, 100, &hits, &n, &err), 0);
	assert_int_equal(n, 25);
	assert_string_equal(hits[24].slug, "tin-25");
	search_free(&hits, n);
	expect(f->db, "chè", NULL, 1, "che-co-thu");
}

/*
 * Search asks FTS5 for a few texts per hit wanted and keeps one per article,
 * asking again for more when that leaves too few. Here one article has far
 * more matching texts (languages) than that first ask, every one ranked above
 * all other articles, so without one hit per article the results would be it
 * over and over, and without asking again they would be it alone.
 */
static void test_many_texts_of_one_article(void **state)
{
	struct fixture *f = *state;
	sqlite3 *h = db_sqlite(f->db);
	add_article(h, "noi-bat", 50);
	for (int i = 0; i < 150; i++) {
		char lang[16];
		snprintf(lang, sizeof lang, "x%03d", i);
		struct text t = {"noi-bat", lang, "Ruộng bậc thang ruộng bậc thang",
				 "Ruộng bậc thang."};
		add_text(h, &t);
	}
	/* 30 articles that match once, in the body of a longer text. */
	for (int i = 1; i <= 30; i++) {
		char slug[16];
		snprintf(slug, sizeof slug, "ban-%02d", i);
		add_article(h, slug, 200 + i);
		struct text t = {slug, "vi", "Tin bản",
				 "Bà con trong bản làm ruộng lúa nước và trồng ngô trên nương."};
		add_text(h, &t);
	}
	struct search_hit *hits;
	size_t n;
	char *err = NULL;
	assert_int_equal(content_search(f->db, "ruộng", NULL, 0, &hits, &n, &err), 0);
	assert_int_equal(n, 20);
	assert_string_equal(hits[0].slug, "noi-bat");
	/* Its best text: all rank the same, so the first language. */
	assert_string_equal(hits[0].lang, "x000");
	for (size_t i = 1; i < n; i++) {
		char want[32];
		snprintf(want, sizeof want, "ban-%02zu", i);
		assert_string_equal(hits[i].slug, want);
		assert_true(hits[i].rank >= hits[i - 1].rank);
	}
	search_free(&hits, n);
	expect(f->db, "ruong", NULL, 3, "noi-bat,ban-01,ban-02");
	/* All of them when asked for more than there are. */
	assert_int_equal(content_search(f->db, "ruộng", NULL, 100, &hits, &n, &err), 0);
	assert_int_equal(n, 31);
	search_free(&hits, n);
	/* In one language, the 150 better texts in others are passed over. */
	assert_int_equal(content_search(f->db, "ruộng", "vi", 5, &hits, &n, &err), 0);
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(hits[i].lang, "vi");
	assert_string_equal(hits[0].slug, "ban-01");
	search_free(&hits, n);
	expect(f->db, "ruộng", "x149", 0, "noi-bat");
}

/* The snippets are those FTS5's own snippet() cuts from the same text. */
static void test_snippet_like_fts5(void **state)
{
	struct fixture *f = *state;
	sqlite3 *h = db_sqlite(f->db);
	add_article(h, "dai", 60);
	struct text t = {"dai", "vi", "Một bài dài",
			 "Mở đầu: con đường về bản. Mùa mưa năm nay đến sớm.\n\nBà con góp "
			 "công làm đường, làm cầu, làm nhà văn hóa. Đường bê tông dài hai cây "
			 "số: xe máy đi lại dễ dàng.\nTrẻ em đến trường không còn lội bùn, "
			 "người già đi chợ phiên vui hơn. Năm sau thôn sẽ làm tiếp đoạn "
			 "đường lên nương, để đưa ngô và chè về bán."};
	add_text(h, &t);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(h,
					    "SELECT snippet(article_fts, 1, char(2), char(3), '…',"
					    " 12) FROM article_fts JOIN article_texts t"
					    " ON t.id = article_fts.rowid WHERE article_fts MATCH ?1"
					    " AND t.slug = ?2 AND t.lang = ?3",
					    -1, &st, NULL),
			 SQLITE_OK);
	const char *const queries[] = {"đường",     "lam duong", "mua",      "bản",
				       "năm",       "ngô chè",   "cây số",   "học phí",
				       "nông thôn", "Suối Giàng", "3",       "tiền ăn"};
	for (size_t i = 0; i < NK_ARRAY_LEN(queries); i++) {
		struct search_hit *hits;
		size_t n;
		char *err = NULL;
		assert_int_equal(content_search(f->db, queries[i], NULL, 0, &hits, &n, &err), 0);
		assert_true(n >= 1);
		char *match = fts_query(queries[i]);
		for (size_t j = 0; j < n; j++) {
			sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, hits[j].slug, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, hits[j].lang, -1, SQLITE_STATIC);
			assert_int_equal(sqlite3_step(st), SQLITE_ROW);
			const char *want = (const char *)sqlite3_column_text(st, 0);
			if (strcmp(hits[j].snippet, want) != 0)
				fail_msg("'%s' in %s/%s: want [%s], got [%s]", queries[i],
					 hits[j].slug, hits[j].lang, want, hits[j].snippet);
			sqlite3_reset(st);
		}
		free(match);
		search_free(&hits, n);
	}
	sqlite3_finalize(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_folding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lang_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_language_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_hit_per_article, setup, teardown),
		cmocka_unit_test_setup_teardown(test_title_weighting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snippet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_queries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_query, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_sync, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_and_ties, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rank_is_bm25, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_texts_of_one_article, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snippet_like_fts5, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	text_cleanup();
	return rc;
}
