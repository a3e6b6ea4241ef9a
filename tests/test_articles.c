/* Tests for content/articles: front matter, the folder checker's errors with
 * file:line, the all-or-nothing import, listing order and the Vietnamese
 * fallback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "content/articles.h"
#include "content/topics.h"
#include "helpers.h"

#include <sys/stat.h>

static char *front(const char *slug, const char *topic, const char *title, int order,
		   const char *status, const char *body)
{
	return xasprintf("---\nslug: %s\ntopic: %s\ntitle: %s\norder: %d\nstatus: %s\n"
			 "source: QĐ 263/QĐ-TTg\nperiod: 2021–2025\nupdated: 2026-11-22\n---\n\n%s",
			 slug, topic, title, order, status, body);
}

static void put(const char *root, const char *slug, const char *lang, const char *text)
{
	char *dir = xasprintf("%s/%s", root, slug);
	mkdir(dir, 0700);
	char *name = xasprintf("%s.md", lang);
	free(test_write(dir, name, text));
	free(name);
	free(dir);
}

static void put_article(const char *root, const char *slug, const char *lang, const char *title,
			int order, const char *body)
{
	char *t = front(slug, "ntm", title, order, strcmp(lang, "vi") ? "draft" : "reviewed",
			body);
	put(root, slug, lang, t);
	free(t);
}

static struct db *open_db(const char *dir)
{
	char *path = xasprintf("%s/k.db", dir);
	struct db *db = NULL;
	char *err = NULL;
	if (db_open(path, &db, &err) != 0)
		fail_msg("%s", err);
	free(path);
	char *topics = xasprintf("%s/content/topics.tsv", getenv("NTMKIOSK_DATADIR"));
	if (topics_import(db, topics, &err) != 0)
		fail_msg("%s", err);
	free(topics);
	return db;
}

static const char *const topic_ids[] = {"ntm", "ocop"};

static void test_parse_front_matter(void **state)
{
	(void)state;
	test_i18n_setup();
	char *t = front("a-b", "ntm", "Nông thôn mới", 3, "draft", "Body\n");
	struct article_src a;
	char *err = NULL;
	assert_int_equal(article_src_parse("x/vi.md", t, strlen(t), "vi", &a, &err), 0);
	assert_string_equal(a.slug, "a-b");
	assert_string_equal(a.title, "Nông thôn mới");
	assert_int_equal(a.order, 3);
	assert_string_equal(a.period, "2021–2025");
	assert_int_equal(a.body_line, 11);
	assert_string_equal(a.body, "\nBody\n");
	article_src_clear(&a);
	free(t);
	/* NFD in, NFC stored. */
	t = front("a", "ntm", "Vie\xcc\xa3\xcc\x82t", 1, "draft", "x");
	assert_int_equal(article_src_parse("x/vi.md", t, strlen(t), "vi", &a, &err), 0);
	assert_string_equal(a.title, "Việt");
	article_src_clear(&a);
	free(t);
}

static void expect_parse_error(const char *text, const char *msg)
{
	struct article_src a;
	char *err = NULL;
	if (article_src_parse("d/s/vi.md", text, strlen(text), "vi", &a, &err) == 0)
		fail_msg("parsed, but want '%s'", msg);
	if (!strstr(err, msg))
		fail_msg("want '%s' in '%s'", msg, err);
	free(err);
}

static void test_front_matter_errors(void **state)
{
	(void)state;
	test_i18n_setup();
	expect_parse_error("slug: a\n", "d/s/vi.md:1: the file must start with a front matter");
	expect_parse_error("---\nslug: a\n", "d/s/vi.md:3: the front matter block is not closed");
	expect_parse_error("---\nslug: a\ncolour: red\n---\nx", "d/s/vi.md:3: unknown front matter "
							    "key 'colour'");
	expect_parse_error("---\nslug: a\n---\nx", "d/s/vi.md:1: the front matter lacks 'topic'");
	expect_parse_error("---\nslug: a\nslug: b\n---\n", "d/s/vi.md:3: 'slug' given twice");
	char *t = front("Bad Slug", "ntm", "T", 1, "draft", "x");
	expect_parse_error(t, "d/s/vi.md:2: slug 'Bad Slug' may hold only");
	free(t);
	t = front("a", "ntm", "T", 1, "final", "x");
	expect_parse_error(t, "d/s/vi.md:6: status must be draft or reviewed");
	free(t);
	t = front("a", "ntm", "T", 1, "draft", "   \n");
	expect_parse_error(t, "d/s/vi.md:11: the article has no text");
	free(t);
	expect_parse_error("---\nslug: a\ntitle: b\xff\n---\n", "d/s/vi.md:3: invalid UTF-8");
	char nul[] = "---\nslug: a\n\0---\n";
	struct article_src a;
	char *err = NULL;
	assert_int_not_equal(article_src_parse("n.md", nul, sizeof nul - 1, "vi", &a, &err), 0);
	assert_non_null(strstr(err, "n.md:3: NUL byte"));
	free(err);
}

/* A front matter with a chosen source and public source (NULL: none). */
static char *front_src(const char *source, const char *public_source)
{
	char *ps = public_source ? xasprintf("public_source: %s\n", public_source) : xstrdup("");
	char *t = xasprintf("---\nslug: a\ntopic: ntm\ntitle: T\norder: 1\nstatus: draft\n"
			    "source: %s\nperiod: 2021–2025\nupdated: 2026-11-22\n%s---\n\nx\n",
			    source, ps);
	free(ps);
	return t;
}

static void test_public_source(void **state)
{
	(void)state;
	test_i18n_setup();
	struct article_src a;
	char *err = NULL;
	char *t = front_src("Quyết định 263/QĐ-TTg ngày 22/02/2022; KH 01/KH-UBND", "QĐ 263/QĐ-TTg, "
			    "22/02/2022");
	assert_int_equal(article_src_parse("x/vi.md", t, strlen(t), "vi", &a, &err), 0);
	assert_string_equal(a.public_source, "QĐ 263/QĐ-TTg, 22/02/2022");
	article_src_clear(&a);
	free(t);
	/* It may be left out; a comment line can keep the working notes. */
	t = front_src("QĐ 263/QĐ-TTg\n# checked: content-brief §2.2, D4", NULL);
	assert_int_equal(article_src_parse("x/vi.md", t, strlen(t), "vi", &a, &err), 0);
	assert_null(a.public_source);
	article_src_clear(&a);
	free(t);
	/* Working references are refused where a visitor can read them. */
	static const struct {
		const char *source, *pub, *msg;
	} bad[] = {
		{"QĐ 263", "content-brief §2.2", "d/s/vi.md:10: public_source holds an internal "
						 "working reference ('content-brief')"},
		{"QĐ 263", "QĐ 318/QĐ-TTg (D2)", "d/s/vi.md:10: public_source holds an internal "
						  "working reference ('D<number>')"},
		{"QĐ 263", "Seed 002", "d/s/vi.md:10: public_source holds an internal working "
				      "reference ('seed')"},
		{"Content-Brief §2.5, §0.2 (D8, D11)", "QĐ 263/QĐ-TTg",
		 "d/s/vi.md:7: source holds an internal working reference ('content-brief')"},
		{"KH 01 (S002)", "QĐ 263/QĐ-TTg", "d/s/vi.md:7: source holds an internal working "
						 "reference ('S<number>')"},
		{"QĐ 263", "QĐ 263/QĐ-TTg ngày 22/02/2022 của Thủ tướng Chính phủ về Chương trình "
			   "mục tiêu quốc gia",
		 "d/s/vi.md:10: public_source is longer than 80 columns"},
	};
	t = xasprintf("---\nslug: a\ntopic: ntm\ntitle: T\norder: 1\nstatus: draft\nsource: QĐ 263\n"
		      "period: 2021–2025; từ 2026\nupdated: 2026-11-22\n---\n\nx\n");
	expect_parse_error(t, "d/s/vi.md:8: period '2021–2025; từ 2026' is shown in every language");
	free(t);
	for (size_t i = 0; i < NK_ARRAY_LEN(bad); i++) {
		t = front_src(bad[i].source, bad[i].pub);
		expect_parse_error(t, bad[i].msg);
		free(t);
	}
	/* What is not a working reference: decision codes with letters and
	 * numbers, a "D" inside a word. */
	assert_null(article_internal_ref("QĐ 263/QĐ-TTg; NQ 257/2025/QH15; OCOP; DTTS 2021"));
	assert_null(article_internal_ref("ND3x, D-3, 5D"));
	assert_string_equal(article_internal_ref("theo D11."), "D<number>");
}

static void test_check_and_import(void **state)
{
	(void)state;
	test_i18n_setup();
	char *dir = test_tmpdir();
	char *src = xasprintf("%s/src", dir);
	mkdir(src, 0700);
	put_article(src, "ntm-la-gi", "vi", "Nông thôn mới là gì?", 1,
		    "Xem [OCOP](article:ocop).\n");
	put_article(src, "ntm-la-gi", "hmn", "Lub zos tshiab", 1, "Saib [OCOP](article:ocop).\n");
	put_article(src, "ocop", "vi", "Đặc sản OCOP", 2, "Sản phẩm **OCOP**.\n");
	put_article(src, "bat-dau", "vi", "Bắt đầu", 2, "Bắt đầu.\n");
	struct content_report rep = {0};
	char *err = NULL;
	assert_int_equal(content_check(src, topic_ids, 2, NULL, &rep, &err), 0);
	assert_int_equal(rep.nerrors, 0);
	assert_int_equal(rep.articles, 3);
	assert_int_equal(rep.texts, 4);
	/* Missing languages are warnings, not errors. */
	assert_true(rep.nwarnings >= 4);
	content_report_clear(&rep);

	struct db *db = open_db(dir);
	assert_int_equal(content_import(db, src, &rep, &err), 0);
	content_report_clear(&rep);
	struct article_info *list;
	size_t n;
	assert_int_equal(articles_list(db, "ntm", "vi", &list, &n, &err), 0);
	assert_int_equal(n, 3);
	/* By order, then Vietnamese alphabetical: "Bắt đầu" before "Đặc sản". */
	assert_string_equal(list[0].slug, "ntm-la-gi");
	assert_string_equal(list[1].slug, "bat-dau");
	assert_string_equal(list[2].slug, "ocop");
	articles_list_free(&list, n);
	assert_int_equal(articles_list(db, "ntm", "hmn", &list, &n, &err), 0);
	assert_string_equal(list[0].title, "Lub zos tshiab");
	assert_string_equal(list[0].title_lang, "hmn");
	assert_string_equal(list[0].status, "draft");
	assert_string_equal(list[2].title_lang, "vi");
	articles_list_free(&list, n);

	struct article a;
	assert_int_equal(article_get(db, "ocop", "hmn", &a, &err), 0);
	assert_true(a.fallback);
	assert_string_equal(a.lang, "vi");
	assert_string_equal(a.period, "2021–2025");
	article_clear(&a);
	assert_int_equal(article_get(db, "ntm-la-gi", "hmn", &a, &err), 0);
	assert_false(a.fallback);
	assert_string_equal(a.title, "Lub zos tshiab");
	article_clear(&a);
	assert_int_equal(article_get(db, "nope", "vi", &a, &err), NK_ENOENT);
	free(err);
	err = NULL;
	assert_true(article_has_lang(db, "ntm-la-gi", "hmn"));
	assert_false(article_has_lang(db, "ocop", "hmn"));

	/* Re-importing replaces an article's texts and keeps the index in step. */
	put_article(src, "ocop", "vi", "OCOP mới", 2, "Văn bản mới.\n");
	assert_int_equal(content_import(db, src, &rep, &err), 0);
	content_report_clear(&rep);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_sqlite(db),
			   "SELECT count(*) FROM article_fts WHERE article_fts MATCH '\"dac\"'", -1,
			   &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	assert_int_equal(article_get(db, "ocop", "vi", &a, &err), 0);
	assert_string_equal(a.title, "OCOP mới");
	article_clear(&a);

	db_close(&db);
	free(src);
	test_rmdir(dir);
}

/* Each bad tree must fail with its file:line and import nothing. */
static void expect_tree_error(void (*make)(const char *root), const char *msg)
{
	char *dir = test_tmpdir();
	char *src = xasprintf("%s/src", dir);
	mkdir(src, 0700);
	put_article(src, "good", "vi", "Tốt", 1, "Một bài tốt.\n");
	make(src);
	struct db *db = open_db(dir);
	struct content_report rep = {0};
	char *err = NULL;
	assert_int_equal(content_import(db, src, &rep, &err), NK_EINVAL);
	bool found = false;
	for (size_t i = 0; i < rep.nerrors; i++)
		if (strstr(rep.errors[i], msg))
			found = true;
	if (!found)
		fail_msg("want '%s'; first error: %s", msg, rep.nerrors ? rep.errors[0] : "(none)");
	content_report_clear(&rep);
	free(err);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_sqlite(db), "SELECT count(*) FROM articles", -1, &st, NULL);
	sqlite3_step(st);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	db_close(&db);
	free(src);
	test_rmdir(dir);
}

static void bad_link(const char *r)
{
	put_article(r, "a", "vi", "A", 1, "Dòng một.\n\nXem [X](article:khong-co).\n");
}
static void outside_link(const char *r)
{
	put_article(r, "a", "vi", "A", 1, "Xem [web](https://example.org).\n");
}
static void unknown_lang(const char *r)
{
	put_article(r, "a", "vi", "A", 1, "x\n");
	put_article(r, "a", "fr", "A", 1, "x\n");
}
static void slug_mismatch(const char *r)
{
	char *t = front("b", "ntm", "B", 1, "reviewed", "x\n");
	put(r, "a", "vi", t);
	free(t);
}
static void duplicate_slug(const char *r)
{
	char *t = front("good", "ntm", "B", 1, "reviewed", "x\n");
	put(r, "other", "vi", t);
	free(t);
}
static void no_vi(const char *r)
{
	put_article(r, "a", "hmn", "A", 1, "x\n");
}
static void bad_topic(const char *r)
{
	char *t = front("a", "weather", "A", 1, "reviewed", "x\n");
	put(r, "a", "vi", t);
	free(t);
}
static void bad_utf8(const char *r)
{
	put(r, "a", "vi", "---\nslug: a\ntopic: ntm\ntitle: \xc3\x28\n");
}
static void order_differs(const char *r)
{
	put_article(r, "a", "vi", "A", 1, "x\n");
	put_article(r, "a", "ium", "A", 2, "x\n");
}

static void put_src(const char *r, const char *lang, const char *public_source)
{
	char *t = front_src("QĐ 263/QĐ-TTg ngày 22/02/2022", public_source);
	put(r, "a", lang, t);
	free(t);
}

static void public_source_differs(const char *r)
{
	put_src(r, "vi", "QĐ 1");
	put_src(r, "hmn", "QĐ 2");
}

static void test_tree_errors(void **state)
{
	(void)state;
	test_i18n_setup();
	expect_tree_error(bad_link, "/a/vi.md:14: link to an article that does not exist: "
				    "'khong-co'");
	expect_tree_error(outside_link, "/a/vi.md:12: link 'https://example.org' leads outside");
	expect_tree_error(unknown_lang, "/a/fr.md:1: unknown language 'fr'");
	expect_tree_error(slug_mismatch, "/a/vi.md:2: slug 'b' differs from its folder 'a'");
	expect_tree_error(duplicate_slug, "/other/vi.md:2: duplicate slug 'good'");
	expect_tree_error(no_vi, "/src/a: no vi.md");
	expect_tree_error(bad_topic, "/a/vi.md:3: unknown topic 'weather'");
	expect_tree_error(bad_utf8, "/a/vi.md:4: invalid UTF-8");
	expect_tree_error(order_differs, "/a/ium.md:5: order 2 differs from vi.md (1)");
	expect_tree_error(public_source_differs,
			  "/a/hmn.md:10: public_source 'QĐ 2' differs from vi.md ('QĐ 1')");
}

/* The public source is stored with the article and read back in every
 * language; an article without one is imported with a warning. */
static void test_public_source_import(void **state)
{
	(void)state;
	test_i18n_setup();
	char *dir = test_tmpdir();
	char *src = xasprintf("%s/src", dir);
	mkdir(src, 0700);
	put_src(src, "vi", "QĐ 263/QĐ-TTg, 22/02/2022");
	put_src(src, "hmn", NULL);
	put_article(src, "b", "vi", "B", 2, "y\n");
	struct db *db = open_db(dir);
	struct content_report rep = {0};
	char *err = NULL;
	assert_int_equal(content_import(db, src, &rep, &err), 0);
	bool warned = false;
	for (size_t i = 0; i < rep.nwarnings; i++)
		if (strstr(rep.warnings[i], "/b/vi.md:1: no public_source"))
			warned = true;
	assert_true(warned);
	content_report_clear(&rep);
	struct article art;
	assert_int_equal(article_get(db, "a", "hmn", &art, &err), 0);
	assert_string_equal(art.lang, "hmn");
	assert_string_equal(art.public_source, "QĐ 263/QĐ-TTg, 22/02/2022");
	assert_string_equal(art.source, "QĐ 263/QĐ-TTg ngày 22/02/2022");
	article_clear(&art);
	assert_int_equal(article_get(db, "b", "vi", &art, &err), 0);
	assert_string_equal(art.public_source, "");
	article_clear(&art);
	db_close(&db);
	free(src);
	test_rmdir(dir);
}

/* The bundled articles are data and are tested like code. */
static void test_bundled_articles(void **state)
{
	(void)state;
	test_i18n_setup();
	char *dir = test_tmpdir();
	struct db *db = open_db(dir);
	char *src = xasprintf("%s/content/articles", getenv("NTMKIOSK_DATADIR"));
	struct content_report rep = {0};
	char *err = NULL;
	int rc = content_import(db, src, &rep, &err);
	for (size_t i = 0; i < rep.nerrors; i++)
		fprintf(stderr, "%s\n", rep.errors[i]);
	assert_int_equal(rc, 0);
	assert_true(rep.articles >= 15);
	/* Every article in every language, and ours are drafts in hmn and ium. */
	assert_int_equal(rep.nwarnings, 0);
	assert_int_equal(rep.texts, rep.articles * 3);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_sqlite(db),
			   "SELECT count(*) FROM article_texts WHERE lang IN ('hmn', 'ium') AND "
			   "status <> 'draft'",
			   -1, &st, NULL);
	sqlite3_step(st);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	content_report_clear(&rep);
	free(src);
	db_close(&db);
	test_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_front_matter),
		cmocka_unit_test(test_front_matter_errors),
		cmocka_unit_test(test_public_source),
		cmocka_unit_test(test_check_and_import),
		cmocka_unit_test(test_tree_errors),
		cmocka_unit_test(test_public_source_import),
		cmocka_unit_test(test_bundled_articles),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free_languages();
	return r;
}
