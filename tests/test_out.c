/* Tests for records/out: the exact bytes of the one output layer that the
 * export, the report and the contest export write through (the BOM, CSV
 * fields guarded and quoted, JSON strings escaped), sheet names mended to
 * Excel's rules, large writes, and a full disk reported by name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/util.h"
#include "records/out.h"

#include <stdlib.h>
#include <string.h>

/* Runs fn on an out over a memory stream; returns the bytes (caller frees). */
static char *written(void (*fn)(struct out *o, const char *arg), const char *arg, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	assert_non_null(f);
	struct out o;
	out_open(&o, f);
	fn(&o, arg);
	char *err = NULL;
	assert_int_equal(out_close(&o, "mem", &err), NK_OK);
	assert_null(err);
	fclose(f);
	if (len)
		*len = n;
	return buf;
}

static void csv_row(struct out *o, const char *arg)
{
	out_csv_bom(o);
	out_csv_field(o, arg);
	out_csv_sep(o);
	out_csv_field(o, NULL);
	out_csv_sep(o);
	out_csv_field(o, "");
	out_csv_sep(o);
	out_csv_field(o, "Thôn 1");
	out_csv_eol(o);
}

static void expect_csv(const char *field, const char *want)
{
	char *got = written(csv_row, field, NULL);
	char *full = xasprintf("\xef\xbb\xbf%s,,,Thôn 1\r\n", want);
	assert_string_equal(got, full);
	free(full);
	free(got);
}

static void test_csv_fields(void **state)
{
	(void)state;
	expect_csv("Hoa", "Hoa");
	expect_csv("a,b", "\"a,b\"");
	expect_csv("say \"hi\"", "\"say \"\"hi\"\"\"");
	expect_csv("two\nlines", "\"two\nlines\"");
	/* Formula injection: an apostrophe first, inside the quotes if any. */
	expect_csv("=1+1", "'=1+1");
	expect_csv("+84 912", "'+84 912");
	expect_csv("-5", "'-5");
	expect_csv("@SUM(A1)", "'@SUM(A1)");
	expect_csv("=HYPERLINK(\"x\",1)", "\"'=HYPERLINK(\"\"x\"\",1)\"");
}

static void json_one(struct out *o, const char *arg)
{
	out_json_string(o, arg);
}

static void test_json_strings(void **state)
{
	(void)state;
	char *got = written(json_one, NULL, NULL);
	assert_string_equal(got, "null");
	free(got);
	got = written(json_one, "a\"b\\c\nd\re\tf\bg\fh\x01i\x1fj Phình Hồ", NULL);
	assert_string_equal(got, "\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0001i\\u001fj Phình Hồ\"");
	free(got);
	got = written(json_one, "", NULL);
	assert_string_equal(got, "\"\"");
	free(got);
}

static void printf_big(struct out *o, const char *arg)
{
	out_printf(o, "%lld.%03lld|", 12LL, 5LL);
	/* More than the buffer holds, in one piece and in many. */
	char *big = xmalloc(200001);
	memset(big, 'x', 200000);
	big[200000] = '\0';
	out_printf(o, "%s", big);
	for (int i = 0; i < 70000; i++)
		out_put(o, "y", 1);
	out_puts(o, arg);
	free(big);
}

static void test_large_and_printf(void **state)
{
	(void)state;
	size_t n;
	char *got = written(printf_big, "|end", &n);
	assert_int_equal(n, 7 + 200000 + 70000 + 4);
	assert_memory_equal(got, "12.005|x", 8);
	assert_int_equal(got[7 + 199999], 'x');
	assert_int_equal(got[7 + 200000], 'y');
	assert_string_equal(got + n - 5, "y|end");
	free(got);
}

static void test_full_disk(void **state)
{
	(void)state;
	FILE *f = fopen("/dev/full", "w");
	if (!f)
		skip();
	struct out o;
	out_open(&o, f);
	for (int i = 0; i < 100000; i++)
		out_puts(&o, "Phình Hồ,");
	char *err = NULL;
	assert_int_equal(out_close(&o, "báo cáo.csv", &err), NK_EFULL);
	assert_string_equal(err, "báo cáo.csv: the disk is full");
	free(err);
	/* Closing twice is harmless and says the same. */
	err = NULL;
	assert_int_equal(out_close(&o, "báo cáo.csv", &err), NK_EFULL);
	free(err);
	fclose(f);
}

static void expect_sheet(const char *want, char *const *taken, size_t n, const char *name)
{
	char *got = out_sheet_name(want, "fallback", taken, n);
	assert_string_equal(got, name);
	free(got);
}

static void test_sheet_names(void **state)
{
	(void)state;
	expect_sheet("Người tham gia", NULL, 0, "Người tham gia");
	expect_sheet("a/b:c[d]*?\\e", NULL, 0, "a b c d    e");
	expect_sheet("'Ghi chú' ", NULL, 0, "Ghi chú");
	expect_sheet("''", NULL, 0, "fallback");
	expect_sheet("History", NULL, 0, "History (2)");
	/* 31 characters, not bytes: a Vietnamese name is cut between letters. */
	expect_sheet("Câu hỏi của người dân gửi xã Phình Hồ", NULL, 0,
		     "Câu hỏi của người dân gửi xã Ph");
	char *taken[] = {"Thôn bản", "Thon ban (2)"};
	expect_sheet("THÔN BẢN", taken, 1, "THÔN BẢN (2)");
	expect_sheet("Thôn bản", taken, 2, "Thôn bản (3)");
	/* The suffix fits in 31 by cutting the name. */
	char *long_taken[] = {"Câu hỏi của người dân gửi xã Ph"};
	expect_sheet("Câu hỏi của người dân gửi xã Phình Hồ", long_taken, 1,
		     "Câu hỏi của người dân gửi x (2)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_fields),
		cmocka_unit_test(test_json_strings),
		cmocka_unit_test(test_large_and_printf),
		cmocka_unit_test(test_full_disk),
		cmocka_unit_test(test_sheet_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
