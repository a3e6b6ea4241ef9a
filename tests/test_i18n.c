/* Tests for core/i18n: the language list as data, switching catalogs at run
 * time, and ICU formatting with the vi_VN conventions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"

static void test_language_list(void **state)
{
	(void)state;
	test_i18n_setup();
	assert_int_equal(i18n_lang_count(), 3);
	assert_string_equal(i18n_lang_at(0)->id, "vi");
	assert_string_equal(i18n_lang_at(1)->id, "hmn");
	assert_string_equal(i18n_lang_at(2)->id, "ium");
	assert_string_equal(i18n_lang_find("vi")->native, "Tiếng Việt");
	assert_string_equal(i18n_lang_find("hmn")->native, "Lus Hmoob (Mông)");
	assert_string_equal(i18n_lang_find("ium")->native, "Iu Mienh (Dao)");
	assert_string_equal(i18n_lang_find("hmn")->tag, "hmn-Latn-VN");
	assert_string_equal(i18n_lang_find("vi")->status, "reviewed");
	assert_string_equal(i18n_lang_find("ium")->status, "draft");
	assert_null(i18n_lang_find("en"));
	assert_int_equal(i18n_lang_index("ium"), 2);
}

static void test_language_file_errors(void **state)
{
	(void)state;
	test_i18n_setup();
	char *dir = test_tmpdir();
	char *err = NULL;
	char *p = test_write(dir, "bad.tsv", "# comment\nvi\tvi-VN\tTiếng Việt\treviewed\nxx\tx\n");
	assert_int_equal(i18n_load_languages(p, &err), NK_EINVAL);
	assert_non_null(strstr(err, "bad.tsv:3:"));
	free(err);
	err = NULL;
	free(p);
	p = test_write(dir, "dup.tsv", "vi\tvi-VN\tA\treviewed\nvi\tvi-VN\tB\tdraft\n");
	assert_int_equal(i18n_load_languages(p, &err), NK_EINVAL);
	assert_non_null(strstr(err, "dup.tsv:2: language 'vi' listed twice"));
	free(err);
	err = NULL;
	free(p);
	p = test_write(dir, "status.tsv", "vi\tvi-VN\tA\tfinished\n");
	assert_int_equal(i18n_load_languages(p, &err), NK_EINVAL);
	assert_non_null(strstr(err, "status.tsv:1: status must be draft or reviewed"));
	free(err);
	free(p);
	/* A failed load keeps the list that was there. */
	assert_int_equal(i18n_lang_count(), 3);
	test_rmdir(dir);
}

/* The catalog must follow the visitor, not the process start: switch three
 * times in one process and check each string really changes. */
static void test_switch_three_times(void **state)
{
	(void)state;
	test_i18n_setup();
	assert_int_equal(i18n_set_lang("vi", NULL), 0);
	assert_string_equal(_("Choose your language"), "Chọn ngôn ngữ");
	assert_false(i18n_current_is_draft());
	assert_int_equal(i18n_set_lang("hmn", NULL), 0);
	assert_string_equal(_("Choose your language"), "Xaiv koj hom lus");
	assert_true(i18n_current_is_draft());
	assert_int_equal(i18n_set_lang("ium", NULL), 0);
	assert_string_equal(_("Choose your language"), "Ginv meih nyei waac");
	assert_int_equal(i18n_set_lang("vi", NULL), 0);
	assert_string_equal(_("Choose your language"), "Chọn ngôn ngữ");
	assert_string_equal(i18n_current(), "vi");
	char *err = NULL;
	assert_int_equal(i18n_set_lang("en", &err), NK_EINVAL);
	assert_string_equal(err, "unknown language 'en'");
	free(err);
	assert_string_equal(i18n_current(), "vi");
}

/* A string missing from a draft catalog falls back to Vietnamese, never to
 * the English msgid. */
static void test_fallback_to_vietnamese(void **state)
{
	(void)state;
	test_i18n_setup();
	assert_int_equal(i18n_set_lang("hmn", NULL), 0);
	const char *lang = getenv("LANGUAGE");
	assert_non_null(lang);
	assert_string_equal(lang, "hmn:vi");
	i18n_set_lang("vi", NULL);
}

static void test_formatting(void **state)
{
	(void)state;
	test_i18n_setup();
	char *s = i18n_format_int(1234567);
	assert_string_equal(s, "1.234.567");
	free(s);
	s = i18n_format_decimal(12.5, 1);
	assert_string_equal(s, "12,5");
	free(s);
	/* The same conventions whatever the UI language. */
	i18n_set_lang("hmn", NULL);
	s = i18n_format_int(50000);
	assert_string_equal(s, "50.000");
	free(s);
	setenv("TZ", "UTC", 1);
	/* 2026-11-22 10:15:00 UTC */
	s = i18n_format_date(INT64_C(1795342500000));
	assert_string_equal(s, "22/11/2026");
	free(s);
	s = i18n_format_datetime(INT64_C(1795342500000));
	assert_string_equal(s, "10:15 22/11/2026");
	free(s);
	i18n_set_lang("vi", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_language_list),
		cmocka_unit_test(test_language_file_errors),
		cmocka_unit_test(test_switch_three_times),
		cmocka_unit_test(test_fallback_to_vietnamese),
		cmocka_unit_test(test_formatting),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free_languages();
	return r;
}
