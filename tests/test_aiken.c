/*
 * Unit tests for quizzes/aiken: the two peer fixtures with the results Moodle's own test
 * expects (shared/peers/moodle-gift/EXPECTATIONS.md §3), line numbers that count every
 * physical line, the errors with file:line, the stricter checks of our own, and a
 * 100,000-question file. They do not test the importer or the database. The fixtures are
 * found through NTMKIOSK_PEERS.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <unicode/uclean.h>
#include <unicode/uclean.h>

#include "core/text.h"
#include "core/util.h"
#include "quizzes/aiken.h"

static char *peer(const char *name, size_t *len)
{
	const char *dir = getenv("NTMKIOSK_PEERS");
	if (!dir)
		fail_msg("NTMKIOSK_PEERS must name the shared peers folder (shared/peers), which "
			 "holds moodle-gift/");
	char *path = xasprintf("%s/moodle-gift/%s", dir, name), *text = NULL, *err = NULL;
	if (util_read_file(path, &text, len, &err) != 0)
		fail_msg("%s", err);
	free(path);
	return text;
}

static int parse(const char *src, struct bank *b, char **err)
{
	return aiken_parse("t.txt", src, strlen(src), b, err);
}

/* The index of the one right option of q, checking that there is exactly one. */
static size_t right_option(const struct question *q)
{
	size_t right = q->nopts, count = 0;
	for (size_t i = 0; i < q->nopts; i++)
		if (q->options[i].correct) {
			assert_true(q->options[i].weight == 100);
			right = i;
			count++;
		} else {
			assert_true(q->options[i].weight == 0);
		}
	assert_int_equal(count, 1);
	return right;
}

/* src must fail with an error "t.txt:LINE: ...what..." among b's errors. */
static void assert_error(const char *src, size_t line, const char *what)
{
	struct bank b;
	char *err = NULL;
	if (parse(src, &b, &err) != NK_EINVAL)
		fail_msg("parsed, but want line %zu: %s", line, what);
	char *prefix = xasprintf("t.txt:%zu: ", line);
	bool found = false;
	for (size_t i = 0; i < b.nerrors; i++)
		if (strncmp(b.errors[i], prefix, strlen(prefix)) == 0 && strstr(b.errors[i], what))
			found = true;
	if (!found)
		fail_msg("want '%s...%s', first error: '%s'", prefix, what, err);
	free(prefix);
	free(err);
	bank_clear(&b);
}

/* questions.aiken.txt: two questions, answers B and A; the text with <html ...> & kept. */
static void test_fixture_questions(void **state)
{
	(void)state;
	size_t len;
	char *text = peer("questions.aiken.txt", &len), *err = NULL;
	struct bank b;
	assert_int_equal(aiken_parse("questions.aiken.txt", text, len, &b, &err), NK_OK);
	assert_null(err);
	assert_int_equal(b.n, 2);
	assert_int_equal(b.nnotes, 0);

	struct question *q = &b.q[0];
	assert_int_equal(q->type, QTYPE_SINGLE);
	assert_true(qtype_info(q->type)->playable);
	assert_string_equal(q->text, "The Moodle project was started by:");
	assert_int_equal(q->line, 1);
	assert_int_equal(q->nopts, 4);
	static const char *const names[] = {"Petr Skoda", "Martin Dougiamas", "Eloy Lafuente",
					    "Tim Hunt"};
	for (int i = 0; i < 4; i++)
		assert_string_equal(q->options[i].text, names[i]);
	assert_int_equal(right_option(q), 1);
	assert_null(q->id);
	assert_null(q->category);
	assert_string_equal(q->explanation, "");

	q = &b.q[1];
	/* Moodle stores "&lt;html class="cool"&gt; &amp;" in HTML format; we keep the same
	 * text unescaped in plain format. */
	assert_string_equal(q->text, "Moodle's abilities include handling user input that "
				     "includes <html class=\"cool\"> & images:");
	assert_int_equal(q->format, Q_FORMAT_PLAIN);
	assert_int_equal(q->line, 8);
	assert_int_equal(q->nopts, 2);
	assert_string_equal(q->options[0].text, "True");
	assert_int_equal(q->options[0].format, Q_FORMAT_PLAIN);
	assert_int_equal(right_option(q), 0);
	bank_clear(&b);
	free(text);
}

/* aiken_errors.txt: exactly 3 questions survive, and the 4 errors of Moodle's test, at
 * lines 3, 5, 7 and 18. */
static void test_fixture_errors(void **state)
{
	(void)state;
	size_t len;
	char *text = peer("aiken_errors.txt", &len), *err = NULL;
	struct bank b;
	assert_int_equal(aiken_parse("aiken_errors.txt", text, len, &b, &err), NK_EINVAL);

	assert_int_equal(b.n, 3);
	assert_string_equal(b.q[0].text, "A good question");
	assert_int_equal(b.q[0].nopts, 2);
	assert_string_equal(b.q[0].options[0].text, "Correct");
	assert_string_equal(b.q[0].options[1].text, "Incorrect");
	assert_int_equal(right_option(&b.q[0]), 0);

	assert_string_equal(b.q[1].text, "A second good question");
	assert_string_equal(b.q[1].options[0].text, "Incorrect (No space)");
	assert_string_equal(b.q[1].options[1].text, "Correct (No space)");
	assert_int_equal(right_option(&b.q[1]), 1);

	assert_string_equal(b.q[2].text, "A third good question with HTML chars such as > < &");
	assert_string_equal(b.q[2].options[0].text, "Correct (< > &)");
	assert_string_equal(b.q[2].options[1].text, "Incorrect (< > &)");
	assert_int_equal(right_option(&b.q[2]), 0);

	assert_int_equal(b.nerrors, 4);
	static const struct {
		const char *prefix, *what;
	} want[] = {
		{"aiken_errors.txt:3: ", "must have at least 2 answers"},
		{"aiken_errors.txt:5: ", "question not started"},
		{"aiken_errors.txt:7: ", "question not started"},
		{"aiken_errors.txt:18: ", "question not completed before next question start"},
	};
	for (size_t i = 0; i < 4; i++) {
		if (strncmp(b.errors[i], want[i].prefix, strlen(want[i].prefix)) != 0 ||
		    !strstr(b.errors[i], want[i].what))
			fail_msg("error %zu: want '%s...%s', got '%s'", i, want[i].prefix,
				 want[i].what, b.errors[i]);
	}
	/* The question at line 1 is named in the message about line 3, the one at 14 in 18. */
	assert_non_null(strstr(b.errors[0], "line 1 "));
	assert_non_null(strstr(b.errors[3], "line 14 "));
	assert_non_null(strstr(err, "aiken_errors.txt:3: "));
	assert_non_null(strstr(err, "(and 3 more errors)"));
	free(err);
	bank_clear(&b);
	free(text);
}

/* "A." and "A)" labels, with a space, a tab or nothing after them; lines of fewer than two
 * bytes are skipped but counted. */
static void test_option_forms(void **state)
{
	(void)state;
	struct bank b;
	const char *src = "Pick one\n"
			  "A. first\n"
			  "B)\tsecond\n"
			  "C)third\n"
			  "x\n"
			  "D.    fourth   \n"
			  "ANSWER: C\n"
			  "\n"
			  "Next?\n"
			  "A) yes\n"
			  "B) no\n"
			  "ANSWER:B\n";
	assert_int_equal(parse(src, &b, NULL), NK_OK);
	assert_int_equal(b.n, 2);
	static const char *const opts[] = {"first", "second", "third", "fourth"};
	assert_int_equal(b.q[0].nopts, 4);
	for (int i = 0; i < 4; i++)
		assert_string_equal(b.q[0].options[i].text, opts[i]);
	assert_int_equal(right_option(&b.q[0]), 2);
	assert_int_equal(b.q[1].line, 9);
	assert_int_equal(right_option(&b.q[1]), 1);
	bank_clear(&b);
}

/* CRLF, a lone CR and a BOM do not shift line numbers; NFD text is stored as NFC. */
static void test_line_endings_bom_nfc(void **state)
{
	(void)state;
	struct bank b;
	const char *src = "\xef\xbb\xbf"
			  "Vie\xcc\xa3\xcc\x82t Nam?\r\n"
			  "A) \xc4\x91u\xcc\x81ng\r\n"
			  "B) sai\r\n"
			  "ANSWER: A\r\n"
			  "\r\n"
			  "Old Mac?\rA) a\rB) b\rANSWER: B\r"
			  "\r"
			  "Broken\nANSWER: Z\n";
	assert_int_equal(parse(src, &b, NULL), NK_EINVAL);
	assert_int_equal(b.n, 2);
	assert_string_equal(b.q[0].text, "Vi\xe1\xbb\x87t Nam?");
	assert_string_equal(b.q[0].options[0].text, "\xc4\x91\xc3\xbang");
	assert_int_equal(b.q[1].line, 6);
	assert_int_equal(b.nerrors, 1);
	assert_non_null(strstr(b.errors[0], "t.txt:12: "));
	bank_clear(&b);
}

/* Our stricter checks, each with its line. */
static void test_strict_errors(void **state)
{
	(void)state;
	assert_error("Q?\nA) a\nC) c\nANSWER: A\n", 3, "option C where B was expected");
	assert_error("Q?\nA) a\nB) b\nANSWER: C\n", 4, "ANSWER must be one of the letters A to B");
	assert_error("Q?\nA) a\nB) b\nANSWER: b\n", 4, "ANSWER must be one of the letters");
	assert_error("Q?\nA) a\nB) b\nANSWER: AB\n", 4, "not 'AB'");
	assert_error("Q?\nA) a\nB) b\nANSWER:\n", 4, "ANSWER must be one of the letters");
	assert_error("Q?\nA) a\nB.\nANSWER: A\n", 3, "option B has no text");
	assert_error("Q?\nA) a\nB) b\n", 1, "no ANSWER line before the end of the file");
	assert_error("Q?\nA) a\nANSWER: A\n", 3, "at least 2 answers; it has 1");
	assert_error("Q?\nANSWER: A\n", 2, "at least 2 answers; it has 0");
	/* A question text over two lines is two questions for Aiken. */
	assert_error("First half\nsecond half?\nA) a\nB) b\nANSWER: A\n", 2,
		     "question not completed");
}

/* After a broken question, its remaining lines are skipped quietly (one error, not a
 * cascade), and the next question is read normally. */
static void test_recovery(void **state)
{
	(void)state;
	struct bank b;
	const char *src = "Q1?\nA) a\nC) c\nD) d\nANSWER: D\n\nQ2?\nA) x\nB) y\nANSWER: B\n";
	assert_int_equal(parse(src, &b, NULL), NK_EINVAL);
	assert_int_equal(b.nerrors, 1);
	assert_int_equal(b.n, 1);
	assert_string_equal(b.q[0].text, "Q2?");
	bank_clear(&b);
}

static void test_invalid_utf8_and_nul(void **state)
{
	(void)state;
	struct bank b;
	char *err = NULL;
	const char bad[] = "Q?\nA) \xe0\x80\x80\nB) b\nANSWER: A\n";
	assert_int_equal(aiken_parse("t.txt", bad, sizeof bad - 1, &b, &err), NK_EINVAL);
	assert_string_equal(err, "t.txt:2: invalid UTF-8 at column 4");
	assert_int_equal(b.n, 0);
	free(err);
	err = NULL;
	bank_clear(&b);
	const char nul[] = "Q?\nA) a\nB) b\0\nANSWER: A\n";
	assert_int_equal(aiken_parse("t.txt", nul, sizeof nul - 1, &b, &err), NK_EINVAL);
	assert_string_equal(err, "t.txt:3: NUL byte at column 5");
	assert_int_equal(b.n, 0);
	free(err);
	bank_clear(&b);
}

static void test_empty_inputs(void **state)
{
	(void)state;
	const char *srcs[] = {"", "\n\n", " \t \n", "x\ny\n"};
	for (size_t i = 0; i < NK_ARRAY_LEN(srcs); i++) {
		struct bank b;
		assert_int_equal(parse(srcs[i], &b, NULL), NK_OK);
		assert_int_equal(b.n, 0);
		bank_clear(&b);
	}
}

/* Random lines from Aiken's vocabulary: no crash, and a consistent result. */
static void test_random_inputs(void **state)
{
	(void)state;
	static const char *const atoms[] = {"Q?", "A) a", "B) b", "C.c", "ANSWER: A",
					    "ANSWER: B", "ANSWER:", "x", "", "Z)", "ệ ệ",
					    "ANSWER: Z", "A)", "\r"};
	uint32_t seed = 4242;
	char buf[512];
	for (int round = 0; round < 20000; round++) {
		size_t n = 0;
		seed = seed * 1103515245u + 12345u;
		int lines = (int)(seed >> 16) % 20;
		for (int i = 0; i < lines; i++) {
			seed = seed * 1103515245u + 12345u;
			const char *a = atoms[(seed >> 16) % NK_ARRAY_LEN(atoms)];
			size_t al = strlen(a);
			if (n + al + 1 >= sizeof buf)
				break;
			memcpy(buf + n, a, al);
			n += al;
			buf[n++] = '\n';
		}
		struct bank b;
		char *err = NULL;
		int rc = aiken_parse("r.txt", buf, n, &b, &err);
		if ((rc == NK_OK) != (b.nerrors == 0) || (rc != NK_OK) != (err != NULL))
			fail_msg("inconsistent result");
		for (size_t i = 0; i < b.n; i++) {
			assert_true(b.q[i].nopts >= 2);
			right_option(&b.q[i]);
			assert_true(text_valid_utf8(b.q[i].text, strlen(b.q[i].text), NULL));
		}
		free(err);
		bank_clear(&b);
	}
}

static void test_hundred_thousand(void **state)
{
	(void)state;
	const size_t count = 100000;
	size_t cap = count * 80, n = 0;
	char *src = xmalloc(cap);
	for (size_t i = 0; i < count; i++) {
		int w = snprintf(src + n, cap - n,
				 "Câu hỏi số %zu?\nA) Đúng\nB) Sai\nC) Không biết\n"
				 "ANSWER: %c\n\n",
				 i, (int)('A' + i % 3));
		assert_true(w > 0 && (size_t)w < cap - n);
		n += (size_t)w;
	}
	struct bank b;
	char *err = NULL;
	if (aiken_parse("big.txt", src, n, &b, &err) != NK_OK)
		fail_msg("%s", err);
	assert_int_equal(b.n, count);
	assert_int_equal(b.q[count - 1].line, (count - 1) * 6 + 1);
	assert_int_equal(right_option(&b.q[count - 1]), (count - 1) % 3);
	bank_clear(&b);
	free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_questions),
		cmocka_unit_test(test_fixture_errors),
		cmocka_unit_test(test_option_forms),
		cmocka_unit_test(test_line_endings_bom_nfc),
		cmocka_unit_test(test_strict_errors),
		cmocka_unit_test(test_recovery),
		cmocka_unit_test(test_invalid_utf8_and_nul),
		cmocka_unit_test(test_empty_inputs),
		cmocka_unit_test(test_random_inputs),
		cmocka_unit_test(test_hundred_thousand),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	text_cleanup();
	u_cleanup(); /* ICU's cached normalizer, so that leak checkers see nothing */
	return rc;
}
