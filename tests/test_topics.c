/* Tests for content/topics: the all-or-nothing import and the per-language
 * list with its Vietnamese fallback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "content/topics.h"
#include "core/db.h"
#include "helpers.h"

static struct db *open_tmp(char **dir)
{
	*dir = test_tmpdir();
	char *path = xasprintf("%s/k.db", *dir);
	struct db *db = NULL;
	char *err = NULL;
	if (db_open(path, &db, &err) != 0)
		fail_msg("db_open: %s", err);
	free(path);
	return db;
}

static void test_bundled_topics(void **state)
{
	(void)state;
	test_i18n_setup();
	char *dir;
	struct db *db = open_tmp(&dir);
	char *path = xasprintf("%s/content/topics.tsv", getenv("NTMKIOSK_DATADIR"));
	char *err = NULL;
	assert_int_equal(topics_import(db, path, &err), 0);
	struct topic *t;
	size_t n;
	assert_int_equal(topics_list(db, "vi", &t, &n, &err), 0);
	assert_true(n >= 9);
	assert_string_equal(t[0].id, "ntm");
	assert_string_equal(t[0].title, "Nông thôn mới là gì");
	for (size_t i = 1; i < n; i++)
		assert_true(t[i - 1].order <= t[i].order);
	topics_free(&t, n);
	assert_null(t);
	assert_int_equal(topics_list(db, "hmn", &t, &n, &err), 0);
	assert_string_equal(t[0].title_lang, "hmn");
	topics_free(&t, n);
	free(path);
	db_close(&db);
	test_rmdir(dir);
}

static void test_fallback_and_nfc(void **state)
{
	(void)state;
	test_i18n_setup();
	char *dir;
	struct db *db = open_tmp(&dir);
	/* "Việt" written in NFD must be stored NFC; ium has no title here. */
	char *p = test_write(dir, "t.tsv",
			     "id\torder\tvi\tium\nb\t2\tVie\xcc\xa3\xcc\x82t\t\na\t1\tAn\tAan\n");
	char *err = NULL;
	assert_int_equal(topics_import(db, p, &err), 0);
	struct topic *t;
	size_t n;
	assert_int_equal(topics_list(db, "ium", &t, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(t[0].id, "a");
	assert_string_equal(t[0].title, "Aan");
	assert_string_equal(t[0].title_lang, "ium");
	assert_string_equal(t[1].title, "Việt");
	assert_string_equal(t[1].title_lang, "vi");
	topics_free(&t, n);
	free(p);
	db_close(&db);
	test_rmdir(dir);
}

static void expect_error(const char *text, const char *msg)
{
	char *dir;
	struct db *db = open_tmp(&dir);
	char *err = NULL;
	char *good = test_write(dir, "good.tsv", "id\torder\tvi\nold\t1\tCũ\n");
	assert_int_equal(topics_import(db, good, &err), 0);
	char *p = test_write(dir, "bad.tsv", text);
	assert_int_not_equal(topics_import(db, p, &err), 0);
	if (!strstr(err, msg))
		fail_msg("expected '%s' in '%s'", msg, err);
	free(err);
	/* Nothing of the bad file landed and the old topics are still there. */
	struct topic *t;
	size_t n;
	assert_int_equal(topics_list(db, "vi", &t, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(t[0].id, "old");
	topics_free(&t, n);
	free(p);
	free(good);
	db_close(&db);
	test_rmdir(dir);
}

static void test_import_errors(void **state)
{
	(void)state;
	test_i18n_setup();
	expect_error("id\torder\tvi\tfr\n", "bad.tsv:1: unknown language 'fr'");
	expect_error("order\tid\tvi\n", "bad.tsv:1: the header must be");
	expect_error("id\torder\tvi\na\t1\tA\nb\tx\tB\n", "bad.tsv:3: order 'x' is not a number");
	expect_error("id\torder\tvi\na\t1\tA\na\t2\tB\n", "bad.tsv:3: topic 'a' listed twice");
	expect_error("# c\nid\torder\tvi\na\t1\n", "bad.tsv:3: expected 3 fields, found 2");
	expect_error("id\torder\tvi\na\t1\tA\xff\n", "bad.tsv:2: invalid UTF-8");
	expect_error("id\torder\tvi\tium\na\t1\t\tX\n", "bad.tsv:2: topic 'a' has no Vietnamese");
	expect_error("# only a comment\n", "bad.tsv: no topics");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bundled_topics),
		cmocka_unit_test(test_fallback_and_nfc),
		cmocka_unit_test(test_import_errors),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free_languages();
	return r;
}
