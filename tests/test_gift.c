/*
 * Unit tests for quizzes/gift: every expectation of the peer list
 * (shared/peers/moodle-gift/EXPECTATIONS.md) about the types the kiosk plays (single, multi,
 * true/false) as a test of its own; the other types parsed and reported as not playable with
 * their line; the three peer fixture files with the counts they promise; the kiosk metadata;
 * the syntax errors with file:line; and a 100,000-question file. They do not test the
 * importer or the database. The fixtures are found through NTMKIOSK_PEERS.
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
#include "quizzes/gift.h"

#define W_EPS 1e-9

static int parse(const char *src, struct bank *b, char **err)
{
	return gift_parse("t.gift", src, strlen(src), b, err);
}

/* Parses src, which must parse cleanly, into b. */
static void parse_ok(const char *src, struct bank *b)
{
	char *err = NULL;
	if (parse(src, b, &err) != NK_OK)
		fail_msg("parse failed: %s", err);
	assert_null(err);
	assert_int_equal(b->nerrors, 0);
}

/* The only question of src, which must parse cleanly. */
static struct question *one(const char *src, struct bank *b)
{
	parse_ok(src, b);
	assert_int_equal(b->n, 1);
	return &b->q[0];
}

static void assert_option(const struct q_option *o, const char *text, enum q_format fmt,
			  double weight, bool correct, const char *fb, enum q_format fbfmt)
{
	assert_string_equal(o->text, text);
	assert_int_equal(o->format, fmt);
	assert_true(o->weight > weight - W_EPS && o->weight < weight + W_EPS);
	assert_int_equal(o->correct, correct);
	assert_string_equal(o->feedback, fb);
	assert_int_equal(o->feedback_format, fbfmt);
}

/* src must fail with an error that starts "t.gift:LINE: " and contains what. */
static void assert_error(const char *src, size_t line, const char *what)
{
	struct bank b;
	char *err = NULL;
	char *prefix = xasprintf("t.gift:%zu: ", line);
	if (parse(src, &b, &err) != NK_EINVAL)
		fail_msg("parsed, but want '%s%s'", prefix, what);
	assert_non_null(err);
	if (strncmp(err, prefix, strlen(prefix)) != 0 || !strstr(err, what))
		fail_msg("want '%s...%s', got '%s'", prefix, what, err);
	assert_true(b.nerrors >= 1);
	assert_string_equal(b.errors[0], b.nerrors == 1 ? err : b.errors[0]);
	free(prefix);
	free(err);
	bank_clear(&b);
}

/* Some note of b says that the question on `line` is not playable. */
static void assert_unplayable_note(const struct bank *b, const char *path, size_t line)
{
	char *prefix = xasprintf("%s:%zu: ", path, line);
	for (size_t i = 0; i < b->nnotes; i++)
		if (strncmp(b->notes[i], prefix, strlen(prefix)) == 0 &&
		    strstr(b->notes[i], "not playable at the kiosk")) {
			free(prefix);
			return;
		}
	fail_msg("no 'not playable' note for line %zu", line);
}

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

/* --- EXPECTATIONS §2, the played types ------------------------------------------------- */

/* §2.5: single-answer MC, formats of answers and of their feedback kept apart. */
static void test_mc_single(void **state)
{
	(void)state;
	struct bank b;
	struct question *q = one("\n// multiple choice with specified feedback for right and wrong "
				 "answers\n"
				 "::Q2:: What's between orange and green in the spectrum?\n"
				 "{\n"
				 "    =yellow # right; good!\n"
				 "    ~red # [html]wrong, it's yellow\n"
				 "    ~[plain]blue # wrong, it's yellow\n"
				 "}",
				 &b);
	assert_int_equal(q->type, QTYPE_SINGLE);
	assert_true(qtype_info(q->type)->playable);
	assert_string_equal(q->id, "Q2");
	assert_string_equal(q->text, "What's between orange and green in the spectrum?");
	assert_int_equal(q->format, Q_FORMAT_MOODLE);
	assert_string_equal(q->explanation, "");
	assert_int_equal(q->explanation_format, Q_FORMAT_MOODLE);
	assert_int_equal(q->line, 3);
	assert_int_equal(q->nopts, 3);
	assert_option(&q->options[0], "yellow", Q_FORMAT_MOODLE, 100, true, "right; good!",
		      Q_FORMAT_MOODLE);
	assert_option(&q->options[1], "red", Q_FORMAT_MOODLE, 0, false, "wrong, it's yellow",
		      Q_FORMAT_HTML);
	assert_option(&q->options[2], "blue", Q_FORMAT_PLAIN, 0, false, "wrong, it's yellow",
		      Q_FORMAT_MOODLE);
	assert_int_equal(b.nnotes, 0);
	bank_clear(&b);
}

/* §2.6: no '=' makes it multiple-answer; negative weights; a prefix after '#'. */
static void test_mc_multi(void **state)
{
	(void)state;
	struct bank b;
	struct question *q = one("// multiple choice, multiple response\n"
				 "::colours:: What's between orange and green in the spectrum?\n"
				 "{\n"
				 "    ~%50%yellow # right; good!\n"
				 "    ~%-100%red # [html]wrong\n"
				 "    ~%50%off-beige # right; good!\n"
				 "    ~%-100%[plain]blue # wrong\n"
				 "}",
				 &b);
	assert_int_equal(q->type, QTYPE_MULTI);
	assert_true(qtype_info(q->type)->playable);
	assert_int_equal(q->nopts, 4);
	assert_option(&q->options[0], "yellow", Q_FORMAT_MOODLE, 50, true, "right; good!",
		      Q_FORMAT_MOODLE);
	assert_option(&q->options[1], "red", Q_FORMAT_MOODLE, -100, false, "wrong",
		      Q_FORMAT_HTML);
	assert_option(&q->options[2], "off-beige", Q_FORMAT_MOODLE, 50, true, "right; good!",
		      Q_FORMAT_MOODLE);
	assert_option(&q->options[3], "blue", Q_FORMAT_PLAIN, -100, false, "wrong",
		      Q_FORMAT_MOODLE);
	assert_int_equal(b.nnotes, 0); /* the positive weights add up to 100% */
	bank_clear(&b);
}

/* §2.7: a 100% weight written with '~' does not make a question single-answer. */
static void test_mc_tricky(void **state)
{
	(void)state;
	struct bank b;
	struct question *q = one("::tricky::Colour?{~%100%yellow ~%-50%red ~%-50%blue}", &b);
	assert_int_equal(q->type, QTYPE_MULTI);
	assert_int_equal(q->nopts, 3);
	assert_option(&q->options[0], "yellow", Q_FORMAT_MOODLE, 100, true, "", Q_FORMAT_MOODLE);
	assert_option(&q->options[1], "red", Q_FORMAT_MOODLE, -50, false, "", Q_FORMAT_MOODLE);
	assert_option(&q->options[2], "blue", Q_FORMAT_MOODLE, -50, false, "", Q_FORMAT_MOODLE);
	bank_clear(&b);
}

/* Moodle only warns when the positive weights of a multiple-answer question miss 100%: a
 * note, not an error. */
static void test_mc_weights_not_100(void **state)
{
	(void)state;
	struct bank b;
	struct question *q = one("::w::Pick two.{~%50%a ~%30%b ~c}", &b);
	assert_int_equal(q->type, QTYPE_MULTI);
	assert_int_equal(b.nnotes, 1);
	assert_non_null(strstr(b.notes[0], "t.gift:1: "));
	assert_non_null(strstr(b.notes[0], "add up to 80%"));
	bank_clear(&b);
}

/* §2.8: the exporter's single-answer form (no spaces around '#') reads back as §2.5. */
static void test_mc_single_export_form(void **state)
{
	(void)state;
	struct bank b;
	struct question *q = one("// question: 666  name: Q8\n"
				 "::Q8::What's between orange and green in the spectrum?{\n"
				 "\t=yellow#right; good!\n"
				 "\t~red#[html]wrong, it's yellow\n"
				 "\t~[plain]blue#wrong, it's yellow\n"
				 "}\n\n",
				 &b);
	assert_int_equal(q->type, QTYPE_SINGLE);
	assert_option(&q->options[0], "yellow", Q_FORMAT_MOODLE, 100, true, "right; good!",
		      Q_FORMAT_MOODLE);
	assert_option(&q->options[1], "red", Q_FORMAT_MOODLE, 0, false, "wrong, it's yellow",
		      Q_FORMAT_HTML);
	assert_option(&q->options[2], "blue", Q_FORMAT_PLAIN, 0, false, "wrong, it's yellow",
		      Q_FORMAT_MOODLE);
	bank_clear(&b);
}

/* §2.9: the exporter's multi-answer form (~%N% on every weighted line) reads back. */
static void test_mc_multi_export_form(void **state)
{
	(void)state;
	struct bank b;
	struct question *q = one("// question: 666  name: Q8\n"
				 "::Q8::What's between orange and green in the spectrum?{\n"
				 "\t~%100%yellow#right; good!\n"
				 "\t~%-50%red#wrong, it's yellow\n"
				 "\t~%-50%blue#wrong, it's yellow\n"
				 "}\n",
				 &b);
	assert_int_equal(q->type, QTYPE_MULTI);
	assert_option(&q->options[0], "yellow", Q_FORMAT_MOODLE, 100, true, "right; good!",
		      Q_FORMAT_MOODLE);
	assert_option(&q->options[1], "red", Q_FORMAT_MOODLE, -50, false, "wrong, it's yellow",
		      Q_FORMAT_MOODLE);
	assert_option(&q->options[2], "blue", Q_FORMAT_MOODLE, -50, false, "wrong, it's yellow",
		      Q_FORMAT_MOODLE);
	bank_clear(&b);
}

/* §2.16: FALSE with both feedbacks: the first '#' text goes to whoever picks the wrong
 * value (true), the second to whoever picks the right one (false). */
static void test_truefalse_false_feedback(void **state)
{
	(void)state;
	struct bank b;
	struct question *q = one("\n// true/false\n"
				 "::Q1:: 42 is the Absolute Answer to everything.{\n"
				 "FALSE#42 is the Ultimate Answer.#You gave the right answer.}",
				 &b);
	assert_int_equal(q->type, QTYPE_TRUEFALSE);
	assert_true(qtype_info(q->type)->playable);
	assert_string_equal(q->id, "Q1");
	assert_string_equal(q->text, "42 is the Absolute Answer to everything.");
	assert_int_equal(q->nopts, 2);
	assert_option(&q->options[0], "true", Q_FORMAT_MOODLE, 0, false,
		      "42 is the Ultimate Answer.", Q_FORMAT_MOODLE);
	assert_option(&q->options[1], "false", Q_FORMAT_MOODLE, 100, true,
		      "You gave the right answer.", Q_FORMAT_MOODLE);
	bank_clear(&b);
}

/* §2.17 and §2.18: {T} and {TRUE} give the same question. */
static void test_truefalse_t_and_true(void **state)
{
	(void)state;
	struct bank b1, b2;
	struct question *t = one("// name 0-11\n::2-08 TSL::TSL is blablabla.{T}", &b1);
	struct question *tr = one("// name 0-11\n::2-08 TSL::TSL is blablabla.{TRUE}", &b2);
	struct question *qs[] = {t, tr};
	for (int i = 0; i < 2; i++) {
		struct question *q = qs[i];
		assert_int_equal(q->type, QTYPE_TRUEFALSE);
		assert_string_equal(q->id, "2-08 TSL");
		assert_string_equal(q->text, "TSL is blablabla.");
		assert_int_equal(q->format, Q_FORMAT_MOODLE);
		assert_string_equal(q->explanation, "");
		assert_int_equal(q->nopts, 2);
		assert_option(&q->options[0], "true", Q_FORMAT_MOODLE, 100, true, "",
			      Q_FORMAT_MOODLE);
		assert_option(&q->options[1], "false", Q_FORMAT_MOODLE, 0, false, "",
			      Q_FORMAT_MOODLE);
	}
	bank_clear(&b1);
	bank_clear(&b2);
}

/* {F} and {FALSE} (brief): false is the right value, with no feedback. */
static void test_truefalse_f_and_false(void **state)
{
	(void)state;
	const char *srcs[] = {"Grant is buried in Grant's tomb.{F}",
			      "Grant is buried in Grant's tomb.{FALSE}"};
	for (int i = 0; i < 2; i++) {
		struct bank b;
		struct question *q = one(srcs[i], &b);
		assert_int_equal(q->type, QTYPE_TRUEFALSE);
		assert_null(q->id);
		assert_false(q->options[0].correct);
		assert_true(q->options[1].correct);
		assert_string_equal(q->options[1].feedback, "");
		bank_clear(&b);
	}
}

/* §2.19: the exporter's form {TRUE#[html]wrong fb#right fb} reads back with the html
 * feedback on the false option. */
static void test_truefalse_export_form(void **state)
{
	(void)state;
	struct bank b;
	struct question *q = one("// question: 666  name: Q1\n"
				 "::Q1::42 is the Absolute Answer to everything.{TRUE#[html]42 is "
				 "the Ultimate Answer.#You gave the right answer.}\n\n",
				 &b);
	assert_int_equal(q->type, QTYPE_TRUEFALSE);
	assert_option(&q->options[0], "true", Q_FORMAT_MOODLE, 100, true,
		      "You gave the right answer.", Q_FORMAT_MOODLE);
	assert_option(&q->options[1], "false", Q_FORMAT_MOODLE, 0, false,
		      "42 is the Ultimate Answer.", Q_FORMAT_HTML);
	bank_clear(&b);
}

/* §2.25: the exported true/false with [id:] and [tag:] comment, [html] text and general
 * feedback all on one line. */
static void test_truefalse_tags_and_general_feedback(void **state)
{
	(void)state;
	struct bank b;
	struct question *q = one("// question: 12  name: True/false question\n"
				 "// [id:myid] [tag:tag1] [tag:tag2]\n"
				 "::True/false question::[html]The answer is true.{TRUE#This is "
				 "the wrong answer.#This is the right answer.####You should "
				 "have selected true.}\n\n",
				 &b);
	assert_int_equal(q->type, QTYPE_TRUEFALSE);
	assert_string_equal(q->id, "True/false question");
	assert_string_equal(q->idnumber, "myid");
	assert_int_equal(q->ntags, 2);
	assert_string_equal(q->tags[0], "tag1");
	assert_string_equal(q->tags[1], "tag2");
	assert_int_equal(q->format, Q_FORMAT_HTML);
	assert_string_equal(q->text, "The answer is true.");
	assert_string_equal(q->explanation, "You should have selected true.");
	assert_int_equal(q->explanation_format, Q_FORMAT_HTML);
	assert_int_equal(q->line, 3);
	assert_option(&q->options[0], "true", Q_FORMAT_HTML, 100, true,
		      "This is the right answer.", Q_FORMAT_HTML);
	assert_option(&q->options[1], "false", Q_FORMAT_HTML, 0, false,
		      "This is the wrong answer.", Q_FORMAT_HTML);
	bank_clear(&b);
}

/* §2.24: the comment metadata cases, each on a played question. */
static void test_comment_metadata_cases(void **state)
{
	(void)state;
	static const struct {
		const char *comment;
		const char *id;
		const char *tags[3];
	} cases[] = {
		{"//", NULL, {NULL}},
		{"// A basic comment.", NULL, {NULL}},
		{"// A comment with [id:frog] <-- an idnumber.", "frog", {NULL}},
		{"// Look tags: [tag:frog] [tag:toad].", NULL, {"frog", "toad", NULL}},
		{"// [tag:add] [tag:basic] [id:four]", "four", {"add", "basic", NULL}},
		{"// [tag:  basic] Here is  \n// a [id:   four   ] que[tag:add   ]stion.", "four",
		 {"basic", "add", NULL}},
		{"// Ceci n'est pas une [tag:\n// \\ frog].", NULL, {NULL}},
		{"// [id:i\\]d].", "i]d", {NULL}},
		{"// [tag:t\\]ag].", NULL, {"t]ag", NULL}},
		/* Ours: a blank value is skipped, and the next token right after it read. */
		{"// [id:  ][id:x][tag:][tag:y]", "x", {"y", NULL}},
		{"// [id:[id:[id:[id:", NULL, {NULL}},
	};
	for (size_t i = 0; i < NK_ARRAY_LEN(cases); i++) {
		char *src = xasprintf("%s\n::m::Pick one.{=a ~b}", cases[i].comment);
		struct bank b;
		struct question *q = one(src, &b);
		if (cases[i].id)
			assert_string_equal(q->idnumber, cases[i].id);
		else
			assert_null(q->idnumber);
		size_t nt = 0;
		while (cases[i].tags[nt])
			nt++;
		assert_int_equal(q->ntags, nt);
		for (size_t t = 0; t < nt; t++)
			assert_string_equal(q->tags[t], cases[i].tags[t]);
		bank_clear(&b);
		free(src);
	}
}

/* --- EXPECTATIONS §2, the other types: parsed, kept, reported with their line ----------- */

/* §2.1 and §2.23: essay, name and trimmed text; tags and id from the comments. */
static void test_essay_not_playable(void **state)
{
	(void)state;
	struct bank b;
	struct question *q = one("\n// essay\n::Q8:: How are you? {}", &b);
	assert_int_equal(q->type, QTYPE_ESSAY);
	assert_false(qtype_info(q->type)->playable);
	assert_string_equal(q->id, "Q8");
	assert_string_equal(q->text, "How are you?");
	assert_int_equal(q->format, Q_FORMAT_MOODLE);
	assert_int_equal(q->nopts, 0);
	assert_int_equal(b.nnotes, 1);
	assert_unplayable_note(&b, "t.gift", 3);
	assert_non_null(strstr(b.notes[0], "essay"));
	bank_clear(&b);

	q = one("\n// This question is to test importing tags: [tag:tag] [tag:other-tag].\n"
		"// And an idnumber: [id:myid].\n"
		"::Question name:: How are you? {}",
		&b);
	assert_int_equal(q->type, QTYPE_ESSAY);
	assert_string_equal(q->idnumber, "myid");
	assert_int_equal(q->ntags, 2);
	assert_string_equal(q->tags[0], "tag");
	assert_string_equal(q->tags[1], "other-tag");
	assert_unplayable_note(&b, "t.gift", 4);
	bank_clear(&b);
}

/* §2.3: matching with per-pair prefixes and a distractor "= -> Chat". */
static void test_matching_not_playable(void **state)
{
	(void)state;
	struct bank b;
	struct question *q =
		one("\n// question: 2  name: Moodle activities\n"
		    "::Moodle activities::[html]Match the <b>activity</b> to the description.{\n"
		    "    =[html]An activity supporting asynchronous discussions. -> Forum\n"
		    "    =[moodle]A teacher asks a question and specifies a choice of multiple "
		    "responses. -> Choice\n"
		    "    =[plain]A bank of record entries which participants can add to. -> "
		    "Database\n"
		    "    =[markdown]A collection of web pages that anyone can add to or edit. -> "
		    "Wiki\n"
		    "    = -> Chat\n"
		    "}",
		    &b);
	assert_int_equal(q->type, QTYPE_MATCHING);
	assert_int_equal(q->format, Q_FORMAT_HTML);
	assert_int_equal(q->explanation_format, Q_FORMAT_HTML);
	assert_string_equal(q->text, "Match the <b>activity</b> to the description.");
	assert_int_equal(q->nopts, 5);
	static const char *const right[] = {"Forum", "Choice", "Database", "Wiki", "Chat"};
	static const enum q_format fmts[] = {Q_FORMAT_HTML, Q_FORMAT_MOODLE, Q_FORMAT_PLAIN,
					     Q_FORMAT_MARKDOWN, Q_FORMAT_HTML};
	for (int i = 0; i < 5; i++) {
		assert_string_equal(q->options[i].match, right[i]);
		assert_int_equal(q->options[i].format, fmts[i]);
	}
	assert_string_equal(q->options[0].text,
			    "An activity supporting asynchronous discussions.");
	assert_string_equal(q->options[4].text, "");
	assert_unplayable_note(&b, "t.gift", 3);
	bank_clear(&b);
}

/* §2.10: numerical "{#3:2~#Completely wrong}" gives "3" ±2 and the catch-all "*". */
static void test_numerical_not_playable(void **state)
{
	(void)state;
	struct bank b;
	struct question *q = one("\n// math range question\n"
				 "::Q5:: What is a number from 1 to 5? {#3:2~#Completely wrong}",
				 &b);
	assert_int_equal(q->type, QTYPE_NUMERICAL);
	assert_string_equal(q->text, "What is a number from 1 to 5?");
	assert_int_equal(q->nopts, 2);
	assert_string_equal(q->options[0].text, "3");
	assert_true(q->options[0].value == 3 && q->options[0].tolerance == 2);
	assert_true(q->options[0].weight == 100);
	assert_string_equal(q->options[0].feedback, "");
	assert_string_equal(q->options[1].text, "*");
	assert_true(q->options[1].weight == 0);
	assert_string_equal(q->options[1].feedback, "Completely wrong");
	assert_unplayable_note(&b, "t.gift", 3);
	bank_clear(&b);

	/* Ranges, several '=' answers with weights (brief and examples.txt). */
	q = one("Range?{#1..5}", &b);
	assert_string_equal(q->options[0].text, "1..5");
	assert_true(q->options[0].value == 3 && q->options[0].tolerance == 2);
	bank_clear(&b);
	q = one("When was Ulysses S. Grant born? {#\n=1822:0\n=%50%1822:2}", &b);
	assert_int_equal(q->nopts, 2);
	assert_true(q->options[1].weight == 50 && q->options[1].tolerance == 2);
	bank_clear(&b);
}

/* §2.12 and §2.13: short answer with weights, the '*' wildcard and general feedback. */
static void test_short_not_playable(void **state)
{
	(void)state;
	struct bank b;
	struct question *q = one("\n// question: 666  name: Shortanswer\n"
				 "::Shortanswer::Which is the best animal?{\n"
				 "    =Frog#Good!\n"
				 "    =%50%Cat#What is it with Moodlers and cats?\n"
				 "    =%0%*#Completely wrong\n"
				 "    ####[html]Here is some general feedback!\n"
				 "}",
				 &b);
	assert_int_equal(q->type, QTYPE_SHORT);
	assert_int_equal(q->nopts, 3);
	assert_option(&q->options[0], "Frog", Q_FORMAT_MOODLE, 100, true, "Good!",
		      Q_FORMAT_MOODLE);
	assert_option(&q->options[1], "Cat", Q_FORMAT_MOODLE, 50, false,
		      "What is it with Moodlers and cats?", Q_FORMAT_MOODLE);
	assert_option(&q->options[2], "*", Q_FORMAT_MOODLE, 0, false, "Completely wrong",
		      Q_FORMAT_MOODLE);
	assert_string_equal(q->explanation, "Here is some general feedback!");
	assert_int_equal(q->explanation_format, Q_FORMAT_HTML);
	assert_unplayable_note(&b, "t.gift", 3);
	bank_clear(&b);
}

/* §2.21: "A \\ B \\\\ C" reads as "A \ B \\ C". */
static void test_backslash(void **state)
{
	(void)state;
	struct bank b;
	struct question *q = one("\n// essay\n::double backslash:: A \\\\ B \\\\\\\\ C{}", &b);
	assert_string_equal(q->text, "A \\ B \\\\ C");
	assert_unplayable_note(&b, "t.gift", 3);
	bank_clear(&b);
}

/* §2.22: [html] text over several lines with \{ \}: braces come back, line breaks stay.
 * Indentation goes, because Moodle's file import trims every line. */
static void test_multiline_html_escaped_braces(void **state)
{
	(void)state;
	struct bank b;
	struct question *q = one("\n::Q001::[html]<p>What would running the test method "
				 "print?</p>\n"
				 "<pre>\n"
				 "    public void test() \\{\n"
				 "        method1();\n"
				 "    \\}\n"
				 "</pre>\n"
				 "{}",
				 &b);
	assert_int_equal(q->type, QTYPE_ESSAY);
	assert_int_equal(q->format, Q_FORMAT_HTML);
	assert_int_equal(q->explanation_format, Q_FORMAT_HTML);
	assert_string_equal(q->text, "<p>What would running the test method print?</p>\n<pre>\n"
				     "public void test() {\nmethod1();\n}\n</pre>");
	assert_unplayable_note(&b, "t.gift", 2);
	bank_clear(&b);
}

/* The description type (no answer block) and a mixed file: every unplayable question gets
 * its note at its own line, the played ones none, and the file does not fail. */
static void test_unplayable_notes_mixed(void **state)
{
	(void)state;
	const char *src = "Just some words to read.\n"		  /* 1 description */
			  "\n"
			  "::s::Pick.{=a ~b}\n"			  /* 3 single */
			  "\n"
			  "::e::Write about it.{}\n"		  /* 5 essay */
			  "\n"
			  "// [topic:ntm]\n"
			  "::m::Match.{=a -> 1 =b -> 2}\n"	  /* 8 matching */
			  "\n"
			  "::n::Number?{#4}\n"			  /* 10 numerical */
			  "\n"
			  "::sa::Word?{=yes}\n"			  /* 12 short */
			  "\n"
			  "::tf::True?{T}\n"			  /* 14 truefalse */
			  "\n"
			  "::mu::Several.{~%50%a ~%50%b ~c}\n"; /* 16 multi */
	struct bank b;
	char *err = NULL;
	assert_int_equal(parse(src, &b, &err), NK_OK);
	assert_null(err);
	assert_int_equal(b.n, 8);
	static const enum qtype types[] = {QTYPE_DESCRIPTION, QTYPE_SINGLE,   QTYPE_ESSAY,
					   QTYPE_MATCHING,    QTYPE_NUMERICAL, QTYPE_SHORT,
					   QTYPE_TRUEFALSE,   QTYPE_MULTI};
	static const size_t lines[] = {1, 3, 5, 8, 10, 12, 14, 16};
	for (size_t i = 0; i < 8; i++) {
		assert_int_equal(b.q[i].type, types[i]);
		assert_int_equal(b.q[i].line, lines[i]);
	}
	assert_int_equal(b.nnotes, 5);
	assert_unplayable_note(&b, "t.gift", 1);
	assert_unplayable_note(&b, "t.gift", 5);
	assert_unplayable_note(&b, "t.gift", 8);
	assert_unplayable_note(&b, "t.gift", 10);
	assert_unplayable_note(&b, "t.gift", 12);
	assert_non_null(strstr(b.notes[0], "description"));
	assert_string_equal(b.q[0].text, "Just some words to read.");
	assert_string_equal(b.q[3].topic, "ntm");
	bank_clear(&b);
}

/* --- the whole peer fixtures ---------------------------------------------------------------- */

/* questions.gift.txt: Moodle's behat test imports 9 questions; Q5 and Q1 have the stray
 * '";' after '}' and so become missing-word texts; Q1's #### is its general feedback. */
static void test_fixture_questions(void **state)
{
	(void)state;
	size_t len;
	char *text = peer("questions.gift.txt", &len), *err = NULL;
	struct bank b;
	assert_int_equal(gift_parse("questions.gift.txt", text, len, &b, &err), NK_OK);
	assert_null(err);
	assert_int_equal(b.n, 9);
	static const struct {
		const char *id;
		enum qtype type;
		size_t line;
	} want[] = {
		{"Q8", QTYPE_ESSAY, 2},
		{"Moodle activities", QTYPE_MATCHING, 5},
		{"Q2", QTYPE_SINGLE, 14},
		{"colours", QTYPE_MULTI, 22},
		{"Q5", QTYPE_NUMERICAL, 31},
		{"Shortanswer", QTYPE_SHORT, 34},
		{"Q1", QTYPE_TRUEFALSE, 41},
		{"2-08 TSL", QTYPE_TRUEFALSE, 46},
		{"2-08 TSL", QTYPE_TRUEFALSE, 49},
	};
	for (size_t i = 0; i < NK_ARRAY_LEN(want); i++) {
		assert_string_equal(b.q[i].id, want[i].id);
		assert_int_equal(b.q[i].type, want[i].type);
		assert_int_equal(b.q[i].line, want[i].line);
		assert_null(b.q[i].category);
	}
	assert_string_equal(b.q[4].text, "What is a number from 1 to 5? _____\";");
	assert_string_equal(b.q[6].text, "42 is the Absolute Answer to everything._____\";");
	assert_string_equal(b.q[6].explanation,
			    "This is, of course, a Hitchiker's Guide to the Galaxy reference.");
	assert_true(b.q[6].options[1].correct);
	assert_int_equal(b.nnotes, 4);
	assert_unplayable_note(&b, "questions.gift.txt", 2);
	assert_unplayable_note(&b, "questions.gift.txt", 5);
	assert_unplayable_note(&b, "questions.gift.txt", 31);
	assert_unplayable_note(&b, "questions.gift.txt", 34);
	bank_clear(&b);
	free(text);
}

/* questions_in_category.gift.txt: a category switch, then 4 questions in it. */
static void test_fixture_category(void **state)
{
	(void)state;
	size_t len;
	char *text = peer("questions_in_category.gift.txt", &len), *err = NULL;
	struct bank b;
	assert_int_equal(gift_parse("cat.gift", text, len, &b, &err), NK_OK);
	assert_int_equal(b.n, 4);
	for (size_t i = 0; i < b.n; i++)
		assert_string_equal(b.q[i].category, "$course$/Default for New Features");
	assert_int_equal(b.q[0].type, QTYPE_MATCHING);
	assert_int_equal(b.q[0].nopts, 5);
	assert_string_equal(b.q[0].options[4].match, "Chat");

	struct question *g = &b.q[1];
	assert_string_equal(g->id, "Greeting");
	assert_int_equal(g->type, QTYPE_SINGLE);
	assert_int_equal(g->format, Q_FORMAT_HTML);
	assert_string_equal(g->text,
			    "<a href=\"http://demo.moodle.net/file.php/5/media/bonjour.mp3\">"
			    "Listen to this greeting:</a><br /><br />What language is being "
			    "spoken?");
	assert_int_equal(g->nopts, 4);
	size_t right = 0;
	for (size_t i = 0; i < 4; i++) {
		right += g->options[i].correct;
		assert_true(g->options[i].feedback[0] != '\0');
	}
	assert_int_equal(right, 1);
	assert_option(&g->options[1], "French", Q_FORMAT_HTML, 100, true, "Yes, well done!",
		      Q_FORMAT_HTML);

	assert_string_equal(b.q[2].id, "Moodle user");
	assert_int_equal(b.q[2].type, QTYPE_SHORT);
	assert_option(&b.q[2].options[0], "Moodler", Q_FORMAT_HTML, 100, true, "",
		      Q_FORMAT_HTML);

	struct question *t = &b.q[3];
	assert_string_equal(t->id, "Moodle acronym");
	assert_int_equal(t->type, QTYPE_TRUEFALSE);
	assert_true(t->options[0].correct);
	assert_non_null(strstr(t->text, "<span style=\"font-style: italic;\">"));
	assert_int_equal(b.nnotes, 2);
	assert_unplayable_note(&b, "cat.gift", 5);
	assert_unplayable_note(&b, "cat.gift", 22);
	bank_clear(&b);
	free(text);
}

/* examples.txt, Moodle's sample file: not counted by any Moodle test, so these counts are
 * ours, read off the file block by block: 43 questions, none of them an error. */
static void test_fixture_examples(void **state)
{
	(void)state;
	size_t len;
	char *text = peer("examples.txt", &len), *err = NULL;
	struct bank b;
	assert_int_equal(gift_parse("examples.txt", text, len, &b, &err), NK_OK);
	assert_int_equal(b.n, 43);
	size_t count[QTYPE_DESCRIPTION + 1] = {0}, unplayable = 0;
	for (size_t i = 0; i < b.n; i++) {
		count[b.q[i].type]++;
		if (!qtype_info(b.q[i].type)->playable) {
			unplayable++;
			assert_unplayable_note(&b, "examples.txt", b.q[i].line);
		}
	}
	assert_int_equal(count[QTYPE_SINGLE], 16);
	assert_int_equal(count[QTYPE_MULTI], 2);
	assert_int_equal(count[QTYPE_TRUEFALSE], 5);
	assert_int_equal(count[QTYPE_SHORT], 9);
	assert_int_equal(count[QTYPE_MATCHING], 3);
	assert_int_equal(count[QTYPE_NUMERICAL], 8);
	assert_int_equal(b.nnotes, unplayable);

	/* "GIFT Control Characters": every escaped control character as an answer. */
	struct question *c = NULL;
	for (size_t i = 0; i < b.n; i++)
		if (b.q[i].id && strcmp(b.q[i].id, "GIFT Control Characters") == 0)
			c = &b.q[i];
	assert_non_null(c);
	assert_int_equal(c->nopts, 6);
	static const char *const ctl[] = {"~", "=", "#", "{", "}", "\\"};
	for (int i = 0; i < 6; i++)
		assert_string_equal(c->options[i].text, ctl[i]);
	assert_true(c->options[5].correct);
	assert_string_equal(c->options[2].feedback, "# is a control character.");
	bank_clear(&b);
	free(text);
}

/* --- escapes, missing words, explanation, text rules ------------------------------------ */

static void test_escapes(void **state)
{
	(void)state;
	struct bank b;
	struct question *q = one("::e\\:1::Is 2\\=2 \\{really\\} \\~ \\# a \\\\ b\\nnext?{\n"
				 "=yes\\# \\= \\~ ok#fb \\: \\{x\\}\n"
				 "~no}",
				 &b);
	assert_string_equal(q->id, "e:1");
	assert_string_equal(q->text, "Is 2=2 {really} ~ # a \\ b\nnext?");
	assert_int_equal(q->type, QTYPE_SINGLE);
	assert_int_equal(q->nopts, 2);
	assert_string_equal(q->options[0].text, "yes# = ~ ok");
	assert_string_equal(q->options[0].feedback, "fb : {x}");
	/* A backslash before anything else stays. */
	bank_clear(&b);
	q = one("Path C:\\temp\\x?{=a ~b}", &b);
	assert_string_equal(q->text, "Path C:\\temp\\x?");
	bank_clear(&b);
}

/* The answer block in the middle: text before and after kept around "_____". */
static void test_missing_word(void **state)
{
	(void)state;
	struct bank b;
	struct question *q = one("Grant is {~buried =entombed ~living} in Grant's tomb.", &b);
	assert_int_equal(q->type, QTYPE_SINGLE);
	assert_string_equal(q->text, "Grant is _____ in Grant's tomb.");
	assert_true(q->options[1].correct);
	bank_clear(&b);
	q = one("::Grant's Tomb::Grant is {\n~buried#No one is buried there.\n=entombed#Right "
		"answer!\n~living#We hope not!\n} in Grant's tomb.",
		&b);
	assert_string_equal(q->text, "Grant is _____ in Grant's tomb.");
	assert_string_equal(q->options[1].feedback, "Right answer!");
	bank_clear(&b);
	q = one("{T} is the answer to this.", &b);
	assert_int_equal(q->type, QTYPE_TRUEFALSE);
	assert_string_equal(q->text, "_____ is the answer to this.");
	bank_clear(&b);
}

/* The explanation shown after an answer is the general feedback (the last ####). */
static void test_explanation(void **state)
{
	(void)state;
	struct bank b;
	struct question *q = one("::x::Which?{\n=a#good\n~b\n####[markdown]Because **a**.\n}", &b);
	assert_string_equal(q->explanation, "Because **a**.");
	assert_int_equal(q->explanation_format, Q_FORMAT_MARKDOWN);
	assert_string_equal(q->options[0].feedback, "good");
	bank_clear(&b);
	/* The last #### starts it (Moodle's strrpos); an earlier one is answer feedback. */
	q = one("Which?{=a#good ####not this ~b ####Because.}", &b);
	assert_string_equal(q->explanation, "Because.");
	assert_int_equal(q->nopts, 2);
	assert_string_equal(q->options[0].feedback, "good ####not this");
	bank_clear(&b);
	/* Moodle looks for the prefix right after ####, before trimming. */
	q = one("Which?{=a ~b #### [html]text}", &b);
	assert_string_equal(q->explanation, "[html]text");
	assert_int_equal(q->explanation_format, Q_FORMAT_MOODLE);
	bank_clear(&b);
	/* Unknown bracket words are text. */
	q = one("[latex]Which?{=a ~b}", &b);
	assert_string_equal(q->text, "[latex]Which?");
	assert_int_equal(q->format, Q_FORMAT_MOODLE);
	bank_clear(&b);
}

/* Kiosk metadata in the comment lines just before the question; the title is its id. */
static void test_kiosk_metadata(void **state)
{
	(void)state;
	struct bank b;
	struct question *q = one("// [article:ntm-la-gi] [topic:ntm]\n"
				 "// [difficulty:2]\n"
				 "::ntm-001::Nông thôn mới là gì?{\n"
				 "=Một chương trình\n"
				 "~Một con sông\n"
				 "####Xem bài \"Nông thôn mới là gì\".\n"
				 "}\n",
				 &b);
	assert_string_equal(q->id, "ntm-001");
	assert_null(q->idnumber);
	assert_string_equal(q->article, "ntm-la-gi");
	assert_string_equal(q->topic, "ntm");
	assert_int_equal(q->difficulty, 2);
	assert_int_equal(q->line, 3);
	assert_string_equal(q->explanation, "Xem bài \"Nông thôn mới là gì\".");
	bank_clear(&b);

	q = one("::plain::No metadata?{=a ~b}", &b);
	assert_null(q->article);
	assert_null(q->topic);
	assert_int_equal(q->difficulty, 0);
	assert_int_equal(q->ntags, 0);
	bank_clear(&b);

	/* Metadata cut off from its question by a blank line is reported, not applied. */
	char *err = NULL;
	assert_int_equal(parse("// [article:ntm-la-gi]\n\n::q::Text?{=a ~b}", &b, &err), NK_OK);
	assert_int_equal(b.n, 1);
	assert_null(b.q[0].article);
	assert_int_equal(b.nnotes, 1);
	assert_non_null(strstr(b.notes[0], "t.gift:1: "));
	assert_non_null(strstr(b.notes[0], "belongs to no question"));
	bank_clear(&b);
}

static void test_kiosk_metadata_errors(void **state)
{
	(void)state;
	assert_error("// [difficulty:4]\n::q::Text?{=a ~b}", 1, "difficulty must be 1, 2 or 3");
	assert_error("// ok\n// [difficulty:easy]\n::q::Text?{=a ~b}", 2,
		     "difficulty must be 1, 2 or 3");
	assert_error("// [article:Bad Slug]\n::q::Text?{=a ~b}", 1, "article slug 'Bad Slug'");
}

/* Stored text is NFC even when the file is NFD; the line survives CRLF and a BOM. */
static void test_nfc_crlf_bom(void **state)
{
	(void)state;
	struct bank b;
	/* "Việt" with e + dot below + circumflex, and "đúng" with u + acute. */
	struct question *q = one("\xef\xbb\xbf// c\r\n::v::Vie\xcc\xa3\xcc\x82t?{\r\n"
				 "=\xc4\x91u\xcc\x81ng\r\n~sai\r\n}\r\n",
				 &b);
	assert_string_equal(q->text, "Vi\xe1\xbb\x87t?");
	assert_string_equal(q->options[0].text, "\xc4\x91\xc3\xbang");
	assert_int_equal(q->line, 2);
	bank_clear(&b);
	/* A lone CR (old Mac files) ends lines too. */
	q = one("// c\r\r::m::Mac?{=a ~b}", &b);
	assert_int_equal(q->line, 3);
	bank_clear(&b);
}

/* --- syntax errors: file:line, and the file fails ------------------------------------------ */

static void test_syntax_errors(void **state)
{
	(void)state;
	assert_error("::q::Text?\n{\n=a\n~b\n", 2, "'{' is not closed by '}'");
	assert_error("::q::Text? {=a ~b\n\n~c}", 1, "'{' is not closed");
	assert_error("Text? =a ~b}", 1, "'}' with no '{'");
	assert_error("::q::Text?\n{~}", 2, "at least 2 answers");
	assert_error("::q::Text?{=only}\n\n::r::Other?{~one}", 3, "at least 2 answers");
	assert_error("::q::Text?{#}", 1, "numerical answer block with no answers");
	assert_error("::q::Text?{=}", 1, "an answer with no text");
	assert_error("::q::Text?{=a ~}", 1, "an answer with no text");
	assert_error("::q::Text?{=a ~%50%}", 1, "an answer with no text");
	assert_error("::q::Text?{=a -> b}", 1, "at least 2 pairs");
	assert_error("::q::Text?{=a -> b =c}", 1, "'=left -> right'");
	assert_error("\n\n::q Text?{=a ~b}", 3, "title opened by '::' is not closed");
	assert_error("::::Text?{=a ~b}", 1, "title between '::' and '::' is empty");
	assert_error("Text {=a\n~b { ~c}", 2, "'{' inside the answer block opened on line 1");
	assert_error("Text {=a ~b}\nmore {=c ~d}", 2, "a second answer block");
	assert_error("Text {=a ~b} and }", 1, "a second answer block");
	assert_error("::q::{=a ~b}", 1, "the question has no text");
	assert_error("Text?{\n=a\n~%150%b}", 3, "weight 150% is outside");
	assert_error("Text?{~%-101%a ~%50%b}", 1, "weight -101% is outside");
	assert_error("Text?{~a ~b ~%-50%c}", 1, "no answer of this multiple-answer question");
	assert_error("Text?{#3:x}", 1, "tolerance in '3:x' is not a number");
	assert_error("Text?{#abc}", 1, "'abc' is not a number"); /* Moodle stores '*' */
	assert_error("Text?{#1..z}", 1, "not a range of numbers");
	assert_error("$CATEGORY:   \n", 1, "names no category");
}

/* One bad question fails the file, but every error is listed and the good ones are still
 * in the bank for a report. */
static void test_errors_fail_the_file(void **state)
{
	(void)state;
	struct bank b;
	char *err = NULL;
	const char *src = "::a::One?{=x ~y}\n\n::b::Two?{=x ~y\n\n::c::Three?{=x ~y}\n\n"
			  "::d::Four?{~}\n";
	assert_int_equal(parse(src, &b, &err), NK_EINVAL);
	assert_int_equal(b.nerrors, 2);
	assert_int_equal(b.n, 2);
	assert_string_equal(b.q[0].id, "a");
	assert_string_equal(b.q[1].id, "c");
	assert_non_null(strstr(b.errors[0], "t.gift:3: "));
	assert_non_null(strstr(b.errors[1], "t.gift:7: "));
	assert_non_null(strstr(err, "t.gift:3: "));
	assert_non_null(strstr(err, "(and 1 more error)"));
	free(err);
	bank_clear(&b);
	bank_clear(&b); /* a cleared bank may be cleared again */
	assert_null(b.q);
}

static void test_invalid_utf8_and_nul(void **state)
{
	(void)state;
	struct bank b;
	char *err = NULL;
	const char bad[] = "::a::One?{=x ~y}\n\n::b::T\xc3w\xff?{=x ~y}\n";
	assert_int_equal(gift_parse("t.gift", bad, sizeof bad - 1, &b, &err), NK_EINVAL);
	assert_string_equal(err, "t.gift:3: invalid UTF-8 at column 7");
	assert_int_equal(b.n, 0); /* nothing is parsed from such a file */
	free(err);
	err = NULL;
	bank_clear(&b);

	const char nul[] = "// c\n::a::One\0?{=x ~y}\n";
	assert_int_equal(gift_parse("t.gift", nul, sizeof nul - 1, &b, &err), NK_EINVAL);
	assert_string_equal(err, "t.gift:2: NUL byte at column 9");
	assert_int_equal(b.n, 0);
	free(err);
	bank_clear(&b);

	/* An overlong encoding and a surrogate are invalid too. */
	const char *more[] = {"Q?{=\xc0\xaf ~b}", "Q?{=\xed\xa0\x80 ~b}"};
	for (int i = 0; i < 2; i++) {
		assert_int_equal(gift_parse("t.gift", more[i], strlen(more[i]), &b, NULL),
				 NK_EINVAL);
		assert_int_equal(b.nerrors, 1);
		bank_clear(&b);
	}
}

/* Empty input, only comments, only blank lines: no questions, no failure. */
static void test_empty_inputs(void **state)
{
	(void)state;
	const char *srcs[] = {"", "\n\n\n", "// just a comment\n// and another\n", "   \t\n"};
	for (size_t i = 0; i < NK_ARRAY_LEN(srcs); i++) {
		struct bank b;
		assert_int_equal(parse(srcs[i], &b, NULL), NK_OK);
		assert_int_equal(b.n, 0);
		assert_int_equal(b.nnotes, 0);
		bank_clear(&b);
	}
	struct bank b;
	assert_int_equal(gift_parse("t.gift", NULL, 0, &b, NULL), NK_OK);
	bank_clear(&b);
}

/* --- robustness -------------------------------------------------------------------------- */

static bool utf8_ok(const char *s)
{
	return s && text_valid_utf8(s, strlen(s), NULL);
}

/*
 * Random inputs made of GIFT's syntax characters, some UTF-8 and line breaks: never a crash
 * (ASan and UBSan watch), and the result is always consistent: it fails exactly when there is
 * an error, every text is present and valid UTF-8, and every unplayable question has its
 * note. The generator is a fixed LCG so that a failure can be replayed.
 */
static void test_random_inputs(void **state)
{
	(void)state;
	static const char *const atoms[] = {
		"{", "}", "~", "=", "#", "####", ":", "::", "\\", "%", "%50%", "%-100%", "->",
		"..", "a", "TRUE", "T", " ", "\n", "\n\n", "//", "[html]", "[", "]", "1", "ệ",
		"\r\n", "\\n", "$CATEGORY:", "[id:x]", "[difficulty:2]", "*",
	};
	uint32_t seed = 12345;
	char buf[512];
	for (int round = 0; round < 20000; round++) {
		size_t n = 0;
		seed = seed * 1103515245u + 12345u;
		int atoms_n = (int)(seed >> 16) % 40;
		for (int i = 0; i < atoms_n; i++) {
			seed = seed * 1103515245u + 12345u;
			const char *a = atoms[(seed >> 16) % NK_ARRAY_LEN(atoms)];
			size_t al = strlen(a);
			if (n + al >= sizeof buf)
				break;
			memcpy(buf + n, a, al);
			n += al;
		}
		buf[n] = '\0';
		struct bank b;
		char *err = NULL;
		int rc = gift_parse("r.gift", buf, n, &b, &err);
		if ((rc == NK_OK) != (b.nerrors == 0) || (rc != NK_OK) != (err != NULL))
			fail_msg("inconsistent result for '%s'", buf);
		for (size_t i = 0; i < b.n; i++) {
			struct question *q = &b.q[i];
			assert_true(utf8_ok(q->text) && utf8_ok(q->explanation));
			assert_true(q->line >= 1);
			for (size_t k = 0; k < q->nopts; k++)
				assert_true(utf8_ok(q->options[k].text) &&
					    utf8_ok(q->options[k].feedback));
			if (!qtype_info(q->type)->playable)
				assert_unplayable_note(&b, "r.gift", q->line);
		}
		free(err);
		bank_clear(&b);
	}
}

/* 100,000 questions in one file: all read, the last one at its right line. A parser that
 * went back over the text per question would not finish within the test timeout. */
static void test_hundred_thousand(void **state)
{
	(void)state;
	const size_t count = 100000;
	size_t cap = count * 120, n = 0;
	char *src = xmalloc(cap);
	for (size_t i = 0; i < count; i++) {
		int w = snprintf(src + n, cap - n,
				 "// [topic:ocop] [difficulty:%zu]\n"
				 "::q-%zu::Câu hỏi số %zu?{\n"
				 "=Đúng\n~Sai\n~Không biết\n####Vì thế.\n}\n\n",
				 i % 3 + 1, i, i);
		assert_true(w > 0 && (size_t)w < cap - n);
		n += (size_t)w;
	}
	struct bank b;
	char *err = NULL;
	int rc = gift_parse("big.gift", src, n, &b, &err);
	if (rc)
		fail_msg("%s", err);
	assert_int_equal(b.n, count);
	assert_int_equal(b.nnotes, 0);
	struct question *last = &b.q[count - 1];
	assert_string_equal(last->id, "q-99999");
	assert_int_equal(last->line, (count - 1) * 8 + 2);
	assert_int_equal(last->difficulty, 99999 % 3 + 1);
	assert_string_equal(last->options[0].text, "Đúng");
	bank_clear(&b);
	free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mc_single),
		cmocka_unit_test(test_mc_multi),
		cmocka_unit_test(test_mc_tricky),
		cmocka_unit_test(test_mc_weights_not_100),
		cmocka_unit_test(test_mc_single_export_form),
		cmocka_unit_test(test_mc_multi_export_form),
		cmocka_unit_test(test_truefalse_false_feedback),
		cmocka_unit_test(test_truefalse_t_and_true),
		cmocka_unit_test(test_truefalse_f_and_false),
		cmocka_unit_test(test_truefalse_export_form),
		cmocka_unit_test(test_truefalse_tags_and_general_feedback),
		cmocka_unit_test(test_comment_metadata_cases),
		cmocka_unit_test(test_essay_not_playable),
		cmocka_unit_test(test_matching_not_playable),
		cmocka_unit_test(test_numerical_not_playable),
		cmocka_unit_test(test_short_not_playable),
		cmocka_unit_test(test_backslash),
		cmocka_unit_test(test_multiline_html_escaped_braces),
		cmocka_unit_test(test_unplayable_notes_mixed),
		cmocka_unit_test(test_fixture_questions),
		cmocka_unit_test(test_fixture_category),
		cmocka_unit_test(test_fixture_examples),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_missing_word),
		cmocka_unit_test(test_explanation),
		cmocka_unit_test(test_kiosk_metadata),
		cmocka_unit_test(test_kiosk_metadata_errors),
		cmocka_unit_test(test_nfc_crlf_bom),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_errors_fail_the_file),
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
