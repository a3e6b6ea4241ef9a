/*
 * Tests for the quiz screens, driven with abstract actions and a manual
 * clock: setup, questions, feedback with read-more, multi-answer, the time
 * limit, the score and review, consent (nothing pre-selected, decline stays
 * anonymous), and the form with a Telex-typed name. Golden dumps of the
 * question, feedback, score, consent and form screens. The bank is a
 * fixture (tests/data/banks); the seed comes from the manual clock, so the
 * draw is the same every run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "content/articles.h"
#include "content/topics.h"
#include "core/db.h"
#define NK_TESTS_WITH_UI
#include "helpers.h"
#include "quizzes/qstore.h"
#include "records/attempts.h"

static struct action act(enum act k, int n)
{
	return (struct action){k, n, 0, 0};
}

struct fx {
	char *dir;
	struct db *db;
	int64_t now;
	struct clock clk;
};

static int setup(void **state)
{
	test_i18n_setup();
	struct fx *f = xcalloc(1, sizeof *f);
	f->dir = test_tmpdir();
	char *path = xasprintf("%s/k.db", f->dir), *err = NULL;
	if (db_open(path, &f->db, &err) != 0)
		fail_msg("%s", err);
	free(path);
	const char *root = getenv("NTMKIOSK_DATADIR");
	char *topics = xasprintf("%s/content/topics.tsv", root);
	char *arts = xasprintf("%s/tests/data/articles", root);
	char *vi = xasprintf("%s/tests/data/banks/vi/ocop.gift", root);
	char *hmn = xasprintf("%s/tests/data/banks/hmn/ocop.gift", root);
	const char *banks[] = {vi, hmn};
	struct content_report rep = {0};
	struct qimport_report qrep = {0};
	if (topics_import(f->db, topics, &err) || content_import(f->db, arts, &rep, &err) ||
	    questions_import(f->db, banks, 2, &qrep, &err))
		fail_msg("%s", err);
	content_report_clear(&rep);
	qimport_report_clear(&qrep);
	free(topics);
	free(arts);
	free(vi);
	free(hmn);
	f->now = INT64_C(1795342500000);
	f->clk = (struct clock){clock_manual_read, &f->now};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	db_close(&f->db);
	test_rmdir(f->dir);
	free(f);
	i18n_set_lang("vi", NULL);
	return 0;
}

static int count(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL);
	sqlite3_step(st);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static char *screen(struct ui *ui)
{
	return test_render(ui, 80, 24);
}

static bool shows(struct ui *ui, const char *text)
{
	char *d = screen(ui);
	bool found = strstr(d, text) != NULL;
	free(d);
	return found;
}

/* Menu → Quiz → the OCOP topic → 5 questions (3 in the fixture). */
static struct ui *start_quiz(struct fx *f, const char *lang)
{
	struct ui_opts o = {.db = f->db, .clk = &f->clk, .start_lang = lang};
	struct ui *ui = ui_new(&o);
	free(screen(ui));
	ui_handle(ui, act(ACT_CHOICE, 2));
	assert_string_equal(ui_screen_name(ui), "quiz-setup");
	free(screen(ui));
	ui_handle(ui, act(ACT_CHOICE, 2)); /* the first topic with questions */
	free(screen(ui));
	ui_handle(ui, act(ACT_CHOICE, 1)); /* 5 questions */
	assert_string_equal(ui_screen_name(ui), "quiz");
	return ui;
}

/* Answers the question on screen with the option whose text is given. */
static void answer_with(struct ui *ui, const char *option)
{
	char *d = screen(ui);
	const char *keys = "ABCD";
	for (int k = 0; k < 4; k++) {
		char *needle = xasprintf(" %c  %s", keys[k], option);
		bool here = strstr(d, needle) != NULL;
		free(needle);
		if (here) {
			free(d);
			ui_handle(ui, act(ACT_CHOICE, k + 1));
			return;
		}
	}
	fail_msg("option '%s' not on screen:\n%s", option, d);
}

/* Answers whatever question is on screen with its first option. */
static void answer_any(struct ui *ui)
{
	if (shows(ui, "[ ]")) {
		ui_handle(ui, act(ACT_CHOICE, 1));
		ui_handle(ui, act(ACT_SELECT, 0));
	} else {
		ui_handle(ui, act(ACT_CHOICE, 1));
	}
}

/* A whole quiz answered, then Save my result → Agree: the form. */
static struct ui *open_form(struct fx *f, const char *lang)
{
	struct ui *ui = start_quiz(f, lang);
	for (int i = 0; i < 3; i++) {
		answer_any(ui);
		ui_handle(ui, act(ACT_CHOICE, 1));
	}
	ui_handle(ui, act(ACT_CHOICE, 3));
	ui_handle(ui, act(ACT_CHOICE, 1));
	assert_string_equal(ui_screen_name(ui), "form");
	return ui;
}

static void test_quiz_flow(void **state)
{
	struct fx *f = *state;
	struct ui *ui = start_quiz(f, "vi");
	char *d = screen(ui);
	test_golden("quiz-question-vi-80x24", d);
	assert_non_null(strstr(d, "Câu 1/3"));
	free(d);
	/* Whatever the draw, answer each question; get the first one wrong. */
	int wrong = 0;
	for (int i = 0; i < 3; i++) {
		f->now += 4000;
		if (shows(ui, "Chè Shan tuyết được đánh giá mấy sao?")) {
			answer_with(ui, "Một sao");
			wrong++;
			d = screen(ui);
			if (i == 0)
				test_golden("quiz-feedback-vi-80x24", d);
			assert_non_null(strstr(d, "✗ Chưa đúng."));
			assert_non_null(strstr(d, "Đáp án đúng: Ba sao"));
			assert_non_null(strstr(d, "Trong bài, chè Shan tuyết được ba sao."));
			free(d);
			/* Read more opens the article; Back returns to the feedback. */
			ui_handle(ui, act(ACT_CHOICE, 2));
			assert_string_equal(ui_screen_name(ui), "reader");
			assert_true(shows(ui, "Chè Shan tuyết được"));
			ui_handle(ui, act(ACT_BACK, 0));
			assert_true(shows(ui, "✗ Chưa đúng."));
		} else if (shows(ui, "(Chọn 2 đáp án)")) {
			answer_with(ui, "[ ] Sạch nhà");
			assert_true(shows(ui, "[x] Sạch nhà"));
			answer_with(ui, "[ ] Sạch bếp");
			ui_handle(ui, act(ACT_SELECT, 0));
			assert_true(shows(ui, "✓ Đúng rồi!"));
		} else {
			answer_with(ui, "Đúng");
			assert_true(shows(ui, "✓ Đúng rồi!"));
		}
		/* The answer is in the database before the next question. */
		assert_int_equal(count(f->db, "SELECT count(*) FROM answers"), i + 1);
		ui_handle(ui, act(ACT_CHOICE, 1));
	}
	assert_int_equal(wrong, 1);
	d = screen(ui);
	test_golden("quiz-result-vi-80x24", d);
	assert_non_null(strstr(d, "Đúng 2 trên 3 câu"));
	free(d);
	assert_int_equal(count(f->db, "SELECT score FROM attempts"), 2);
	assert_int_equal(count(f->db, "SELECT completed FROM attempts"), 1);
	/* Review lists every question with the right answer. */
	ui_handle(ui, act(ACT_CHOICE, 1));
	assert_string_equal(ui_screen_name(ui), "review");
	d = screen(ui);
	assert_non_null(strstr(d, "Đáp án đúng: Ba sao"));
	assert_non_null(strstr(d, "Bạn đã chọn: Một sao"));
	free(d);
	ui_handle(ui, act(ACT_BACK, 0));

	/* Save → consent: nothing chosen yet; Enter alone does nothing. */
	ui_handle(ui, act(ACT_CHOICE, 3));
	assert_string_equal(ui_screen_name(ui), "consent");
	assert_int_equal(ui_selected(ui), -1);
	d = screen(ui);
	test_golden("quiz-consent-vi-80x24", d);
	assert_non_null(strstr(d, " 1  Đồng ý"));
	assert_non_null(strstr(d, " 2  Không đồng ý"));
	free(d);
	assert_int_equal(ui_handle(ui, act(ACT_SELECT, 0)), UI_IGNORED);
	assert_string_equal(ui_screen_name(ui), "consent");
	/* Decline: the attempt stays, anonymous. */
	ui_handle(ui, act(ACT_CHOICE, 2));
	assert_string_equal(ui_screen_name(ui), "quiz");
	assert_true(shows(ui, "Kết quả của bạn đã được tính, không ghi tên."));
	assert_int_equal(count(f->db, "SELECT count(*) FROM participants"), 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM attempts WHERE participant_uuid IS "
				      "NULL"),
			 1);

	/* Try again: a new attempt; then save with consent and a typed name. */
	ui_handle(ui, act(ACT_CHOICE, 2));
	assert_int_equal(count(f->db, "SELECT count(*) FROM attempts"), 2);
	for (int i = 0; i < 3; i++) {
		if (shows(ui, "(Chọn 2 đáp án)")) {
			answer_with(ui, "[ ] Sạch xe");
			ui_handle(ui, act(ACT_SELECT, 0));
		} else {
			ui_handle(ui, act(ACT_CHOICE, 1));
		}
		ui_handle(ui, act(ACT_CHOICE, 1));
	}
	ui_handle(ui, act(ACT_CHOICE, 3));
	ui_handle(ui, act(ACT_CHOICE, 1));
	assert_string_equal(ui_screen_name(ui), "form");
	for (const char *p = "Nguyeenx Vawn An"; *p; p++)
		ui_handle(ui, act(ACT_CHAR, *p));
	ui_handle(ui, act(ACT_NEXT, 0));
	for (const char *p = "Tar Van"; *p; p++)
		ui_handle(ui, act(ACT_CHAR, *p));
	ui_handle(ui, act(ACT_NEXT, 0));
	ui_handle(ui, act(ACT_RIGHT, 0));
	ui_handle(ui, act(ACT_RIGHT, 0)); /* Nam */
	ui_handle(ui, act(ACT_NEXT, 0));
	for (const char *p = "1985x"; *p; p++) /* the letter is refused */
		ui_handle(ui, act(ACT_CHAR, *p));
	d = screen(ui);
	test_golden("quiz-form-vi-80x24", d);
	assert_non_null(strstr(d, "Nguyễn Văn An"));
	assert_non_null(strstr(d, "Tả Van"));
	assert_non_null(strstr(d, "Họ và tên"));
	free(d);
	free(test_render(ui, 40, 12));
	ui_handle(ui, act(ACT_CHOICE, 7)); /* a click on Save */
	assert_string_equal(ui_screen_name(ui), "quiz");
	assert_true(shows(ui, "Đã lưu kết quả của bạn. Cảm ơn bạn!"));
	assert_int_equal(count(f->db, "SELECT count(*) FROM participants WHERE full_name = "
				      "'Nguyễn Văn An' AND village = 'Tả Van' AND gender = 'male' "
				      "AND birth_year = 1985 AND consent_lang = 'vi'"),
			 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM attempts WHERE participant_uuid IS "
				      "NOT NULL"),
			 1);
	ui_free(&ui);
}

static void test_form_checks(void **state)
{
	struct fx *f = *state;
	struct ui *ui = open_form(f, "vi");
	/* No name: refused with a message, nothing saved. */
	ui_handle(ui, act(ACT_CHOICE, 7));
	assert_string_equal(ui_screen_name(ui), "form");
	assert_true(shows(ui, "Xin hãy ghi họ và tên."));
	for (const char *p = "An"; *p; p++)
		ui_handle(ui, act(ACT_CHAR, *p));
	ui_handle(ui, act(ACT_CHOICE, 4)); /* year of birth */
	for (const char *p = "2999"; *p; p++)
		ui_handle(ui, act(ACT_CHAR, *p));
	ui_handle(ui, act(ACT_CHOICE, 7));
	/* The message gives the range. */
	assert_true(shows(ui, "Năm sinh phải từ 1900 đến 2026."));
	assert_int_equal(count(f->db, "SELECT count(*) FROM participants"), 0);
	ui_handle(ui, act(ACT_CHOICE, 4));
	for (int i = 0; i < 4; i++)
		ui_handle(ui, act(ACT_ERASE, 0));
	/* A phone "12" is refused; a real number is kept as its digits. */
	ui_handle(ui, act(ACT_CHOICE, 6));
	for (const char *p = "12"; *p; p++)
		ui_handle(ui, act(ACT_CHAR, *p));
	ui_handle(ui, act(ACT_CHOICE, 7));
	assert_string_equal(ui_screen_name(ui), "form");
	assert_true(shows(ui, "Số điện thoại chưa đúng"));
	assert_int_equal(count(f->db, "SELECT count(*) FROM participants"), 0);
	ui_handle(ui, act(ACT_CHOICE, 6));
	ui_handle(ui, act(ACT_ERASE, 0));
	ui_handle(ui, act(ACT_ERASE, 0));
	for (const char *p = "0912 345 678"; *p; p++)
		ui_handle(ui, act(ACT_CHAR, *p));
	/* A gender once chosen can be taken back: Backspace, or round to "not given". */
	ui_handle(ui, act(ACT_CHOICE, 3));
	ui_handle(ui, act(ACT_RIGHT, 0));
	assert_true(shows(ui, "Nữ"));
	ui_handle(ui, act(ACT_ERASE, 0));
	assert_false(shows(ui, "Nữ"));
	ui_handle(ui, act(ACT_LEFT, 0));
	assert_true(shows(ui, "Khác"));
	ui_handle(ui, act(ACT_RIGHT, 0));
	assert_false(shows(ui, "Khác"));
	assert_false(shows(ui, "Nữ"));
	ui_handle(ui, act(ACT_CHOICE, 7));
	assert_string_equal(ui_screen_name(ui), "quiz");
	assert_int_equal(count(f->db, "SELECT count(*) FROM participants WHERE phone = "
				      "'0912345678' AND gender IS NULL AND birth_year IS NULL"),
			 1);
	ui_free(&ui);

	/* Again, for the village list: Up and Down leave the field, Left and Right pick. */
	assert_int_equal(villages_add(f->db, "Tả Van", NULL), 0);
	assert_int_equal(villages_add(f->db, "Lao Chải", NULL), 0);
	ui = open_form(f, "vi");
	ui_handle(ui, act(ACT_DOWN, 0));
	assert_int_equal(ui_selected(ui), 1);
	char *d = screen(ui);
	assert_non_null(strstr(d, "◀▶ Chọn"));
	free(d);
	ui_handle(ui, act(ACT_DOWN, 0));
	assert_int_equal(ui_selected(ui), 2); /* on to the gender, not round the villages */
	ui_handle(ui, act(ACT_UP, 0));
	ui_handle(ui, act(ACT_UP, 0));
	assert_int_equal(ui_selected(ui), 0);
	ui_handle(ui, act(ACT_DOWN, 0));
	ui_handle(ui, act(ACT_RIGHT, 0)); /* the list is in Vietnamese order */
	assert_true(shows(ui, "Lao Chải"));
	ui_handle(ui, act(ACT_RIGHT, 0));
	assert_true(shows(ui, "Tả Van"));
	d = screen(ui);
	assert_null(strstr(d, "Lao Chải"));
	free(d);
	ui_handle(ui, act(ACT_RIGHT, 0)); /* round to none */
	d = screen(ui);
	assert_null(strstr(d, "Tả Van"));
	free(d);
	/* Esc leaves the form without saving. */
	ui_handle(ui, act(ACT_BACK, 0));
	assert_string_equal(ui_screen_name(ui), "quiz");
	assert_int_equal(count(f->db, "SELECT count(*) FROM participants"), 1);
	ui_free(&ui);
}

/* One Esc or Backspace does not throw a quiz away: it asks, and staying is the first choice. */
static void test_stop_asks(void **state)
{
	struct fx *f = *state;
	struct ui *ui = start_quiz(f, "vi");
	char *before = screen(ui);
	ui_handle(ui, act(ACT_BACK, 0));
	assert_string_equal(ui_screen_name(ui), "quiz-stop");
	assert_true(shows(ui, "Dừng bài trắc nghiệm?"));
	char *g = screen(ui);
	test_golden("quiz-stop-vi-80x24", g);
	free(g);
	free(test_render(ui, 40, 12));
	ui_handle(ui, act(ACT_SELECT, 0));
	assert_string_equal(ui_screen_name(ui), "quiz");
	char *after = screen(ui);
	assert_string_equal(before, after); /* the same question, as it was */
	free(before);
	free(after);
	/* Backspace (ACT_ERASE outside a text field) asks the same; so does Esc on a result. */
	ui_handle(ui, act(ACT_ERASE, 0));
	assert_string_equal(ui_screen_name(ui), "quiz-stop");
	ui_handle(ui, act(ACT_BACK, 0));
	assert_string_equal(ui_screen_name(ui), "quiz");
	answer_any(ui);
	ui_handle(ui, act(ACT_BACK, 0));
	assert_string_equal(ui_screen_name(ui), "quiz-stop");
	assert_true(shows(ui, "Bạn đã trả lời 1 trên 3 câu."));
	ui_handle(ui, act(ACT_CHOICE, 2));
	assert_string_equal(ui_screen_name(ui), "quiz-setup");
	/* The answer given is kept; the attempt is not marked complete. */
	assert_int_equal(count(f->db, "SELECT count(*) FROM answers"), 1);
	assert_int_equal(count(f->db, "SELECT completed FROM attempts"), 0);
	ui_free(&ui);
}

/* The key bar names the option keys there are: A–C for three, A–B for true/false. */
static void test_option_keys(void **state)
{
	struct fx *f = *state;
	struct ui *ui = start_quiz(f, "vi");
	bool saw3 = false, saw2 = false;
	for (int i = 0; i < 3; i++) {
		char *d = screen(ui);
		assert_null(strstr(d, "1-4"));
		if (strstr(d, "OCOP.") && strstr(d, " B  Sai")) {
			assert_non_null(strstr(d, "A–B Chọn"));
			saw2 = true;
		} else {
			assert_non_null(strstr(d, "A–C Chọn"));
			saw3 = true;
		}
		free(d);
		answer_any(ui);
		ui_handle(ui, act(ACT_CHOICE, 1));
	}
	assert_true(saw3 && saw2);
	ui_free(&ui);
}

/* Text longer than its box scrolls and says so: the feedback and the consent at 40x12. */
static void test_scrolling_texts(void **state)
{
	struct fx *f = *state;
	struct ui *ui = start_quiz(f, "vi");
	while (!shows(ui, "Chè Shan tuyết được đánh giá mấy sao?")) {
		answer_any(ui);
		ui_handle(ui, act(ACT_CHOICE, 1));
	}
	answer_with(ui, "Một sao");
	char *d = test_render(ui, 40, 12);
	test_golden("quiz-feedback-vi-40x12", d);
	assert_non_null(strstr(d, "▼"));
	assert_null(strstr(d, "Trong bài, chè Shan"));
	assert_non_null(strstr(d, "↑↓ Cuộn"));
	free(d);
	for (int i = 0; i < 10; i++)
		ui_handle(ui, act(ACT_DOWN, 0));
	d = test_render(ui, 40, 12);
	assert_non_null(strstr(d, "Trong bài, chè Shan"));
	assert_non_null(strstr(d, "▲"));
	assert_null(strstr(d, "▼"));
	free(d);
	/* At 80x24 it all fits: no marks, no scroll key. */
	d = screen(ui);
	assert_null(strstr(d, "▼"));
	assert_null(strstr(d, "Cuộn"));
	free(d);
	while (strcmp(ui_screen_name(ui), "quiz") == 0 && !shows(ui, "Lưu kết quả")) {
		ui_handle(ui, act(ACT_CHOICE, 1));
		if (!shows(ui, "Lưu kết quả"))
			answer_any(ui);
	}
	ui_handle(ui, act(ACT_CHOICE, 3));
	assert_string_equal(ui_screen_name(ui), "consent");
	d = test_render(ui, 40, 12);
	test_golden("quiz-consent-vi-40x12", d);
	assert_non_null(strstr(d, "▼"));
	assert_null(strstr(d, "Lưu bao lâu: 24 tháng"));
	free(d);
	for (int i = 0; i < 20; i++)
		ui_handle(ui, act(ACT_DOWN, 0));
	d = test_render(ui, 40, 12);
	assert_non_null(strstr(d, "Lưu bao lâu: 24 tháng"));
	assert_non_null(strstr(d, "1  Đồng ý"));
	free(d);
	assert_int_equal(ui_selected(ui), -1); /* scrolling chose nothing */
	ui_free(&ui);
}

/* A long name scrolls sideways in its field and leaves the input-mode label alone. */
static void test_long_name(void **state)
{
	struct fx *f = *state;
	struct ui *ui = open_form(f, "vi");
	const char *typed = "Nguyeenx Thij Minh Khai Hoangf Vawn Thuj Traanf Hungw Ddaoj Duy Tuwf";
	for (const char *p = typed; *p; p++)
		ui_handle(ui, act(ACT_CHAR, *p));
	int sizes[][2] = {{80, 24}, {40, 12}, {200, 60}};
	for (size_t k = 0; k < 3; k++) {
		char *d = test_render(ui, sizes[k][0], sizes[k][1]);
		assert_non_null(strstr(d, "F3: Telex"));
		assert_non_null(strstr(d, "Từ▏")); /* the end, where the typing is */
		if (sizes[k][0] < 200)
			assert_non_null(strstr(d, "…"));
		free(d);
	}
	ui_handle(ui, act(ACT_CHOICE, 7));
	assert_int_equal(count(f->db, "SELECT count(*) FROM participants WHERE full_name = "
				      "'Nguyễn Thị Minh Khai Hoàng Văn Thụ Trần Hưng Đạo Duy Từ'"),
			 1);
	ui_free(&ui);
}

/* F2 in the middle of a quiz switches all of it: the verdict, explanation and next question
 * come in the new language, none of the old one is left. */
static void test_language_switch(void **state)
{
	struct fx *f = *state;
	struct ui *ui = start_quiz(f, "hmn");
	answer_any(ui);
	ui_handle(ui, act(ACT_LANG, 0));
	assert_string_equal(ui_screen_name(ui), "lang");
	ui_handle(ui, act(ACT_CHOICE, i18n_lang_index("vi") + 1));
	assert_string_equal(ui_screen_name(ui), "quiz");
	char *d = screen(ui);
	assert_non_null(strstr(d, "Câu 1/3"));
	assert_true(strstr(d, "✓ Đúng rồi!") || strstr(d, "✗ Chưa đúng."));
	assert_null(strstr(d, "Tshuaj yej"));
	assert_null(strstr(d, "Lus nug"));
	free(d);
	ui_handle(ui, act(ACT_CHOICE, 1));
	d = screen(ui);
	assert_non_null(strstr(d, "Câu 2/3"));
	assert_null(strstr(d, "Tshuaj yej"));
	assert_null(strstr(d, "Tseem tsis tau txhais"));
	free(d);
	/* And back: the Hmong text where the bank has it. */
	ui_handle(ui, act(ACT_LANG, 0));
	ui_handle(ui, act(ACT_CHOICE, i18n_lang_index("hmn") + 1));
	assert_true(shows(ui, "Lus nug 2/3"));
	ui_free(&ui);
}

/* When the bank changed under a running quiz (an officer imported a new one), F2 cannot
 * switch it question by question: the quiz finishes in its own language and says so. */
static void test_language_kept(void **state)
{
	struct fx *f = *state;
	struct ui *ui = start_quiz(f, "vi");
	char *d = screen(ui);
	char first[200] = "";
	const char *q = strstr(d, "\n\n  ");
	assert_non_null(q);
	snprintf(first, sizeof first, "%.*s", (int)strcspn(q + 4, "\n"), q + 4);
	free(d);
	assert_int_equal(sqlite3_exec(db_sqlite(f->db),
				      "UPDATE questions SET correct = (correct | 7) - (correct & 7) WHERE id = 'fx-001'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	ui_handle(ui, act(ACT_LANG, 0));
	ui_handle(ui, act(ACT_CHOICE, i18n_lang_index("hmn") + 1));
	d = screen(ui);
	assert_non_null(strstr(d, first)); /* the question as it was, in Vietnamese */
	assert_non_null(strstr(d, "Tiếng Việt;")); /* the notice names the quiz's language */
	free(d);
	ui_free(&ui);
}

/* Hmong fields start with plain letters: RPA comes out as typed. */
static void test_hmong_typing(void **state)
{
	struct fx *f = *state;
	struct ui *ui = open_form(f, "hmn");
	assert_string_equal(ui_screen_name(ui), "form");
	for (const char *p = "Kuv yog neeg Hmoob kawm"; *p; p++)
		ui_handle(ui, act(ACT_CHAR, *p));
	char *d = screen(ui);
	assert_non_null(strstr(d, "Kuv yog neeg Hmoob kawm"));
	assert_non_null(strstr(d, "F3: abc"));
	free(d);
	ui_free(&ui);
	/* Dao labels are long: beside the fields when they fit, above them when not, never cut. */
	ui = open_form(f, "ium");
	int sizes[][2] = {{40, 12}, {80, 24}, {200, 60}};
	for (size_t k = 0; k < 3; k++) {
		d = test_render(ui, sizes[k][0], sizes[k][1]);
		assert_non_null(strstr(d, _("Full name")));
		if (sizes[k][1] > 12) {
			assert_non_null(strstr(d, _("Year of birth")));
			assert_non_null(strstr(d, _("Phone (optional)")));
		}
		free(d);
	}
	ui_free(&ui);
}

static void test_time_limit(void **state)
{
	struct fx *f = *state;
	assert_int_equal(db_meta_set(f->db, "quiz_time_limit_s", "10", NULL), 0);
	struct ui *ui = start_quiz(f, "vi");
	assert_true(shows(ui, "10 s"));
	f->now += 4000;
	ui_handle(ui, act(ACT_TICK, 0));
	assert_true(shows(ui, "6 s"));
	f->now += 6000;
	ui_handle(ui, act(ACT_TICK, 0));
	assert_true(shows(ui, "⏱ Hết giờ."));
	assert_int_equal(count(f->db, "SELECT timed_out FROM answers"), 1);
	ui_free(&ui);
}

static void test_hmong_fallback(void **state)
{
	struct fx *f = *state;
	struct ui *ui = start_quiz(f, "hmn");
	bool saw_hmong = false, saw_fallback = false;
	for (int i = 0; i < 3; i++) {
		char *d = screen(ui);
		assert_non_null(strstr(d, "Lus nug "));
		if (strstr(d, "Tshuaj yej Shan tuyết"))
			saw_hmong = strstr(d, "Daim qauv txhais") != NULL;
		if (strstr(d, "Tseem tsis tau txhais"))
			saw_fallback = true;
		free(d);
		if (shows(ui, "[ ]")) {
			ui_handle(ui, act(ACT_CHOICE, 1));
			ui_handle(ui, act(ACT_SELECT, 0));
		} else {
			ui_handle(ui, act(ACT_CHOICE, 1));
		}
		ui_handle(ui, act(ACT_CHOICE, 1));
	}
	assert_true(saw_hmong);
	assert_true(saw_fallback);
	assert_true(shows(ui, "Qhov tshwm sim"));
	ui_free(&ui);
}

/* True when one line of the 40x12 screen holds text whole. */
static bool shows_on_one_line_at_40(struct ui *ui, const char *text)
{
	char *d = test_render(ui, 40, 12);
	bool found = false;
	for (char *line = strtok(d, "\n"); line && !found; line = strtok(NULL, "\n"))
		found = strstr(line, text) != NULL;
	free(d);
	return found;
}

/* An officer's import holds the write lock (here: another connection in a
 * write transaction) for longer than SQLite's busy timeout: the answer is
 * not confirmed, the screen says it is being saved, the quiz does not move
 * on, and every tick tries again until it is stored, then shows ✓/✗. The
 * same when the lock is held from the quiz's start (the attempt waits too). */
static void test_answer_waits_for_lock(void **state)
{
	struct fx *f = *state;
	char *path = xasprintf("%s/k.db", f->dir);
	sqlite3 *other = NULL;
	assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
	free(path);

	for (int round = 0; round < 2; round++) {
		struct ui *ui = NULL;
		int before = count(f->db, "SELECT count(*) FROM answers");
		if (round == 0) {
			ui = start_quiz(f, "vi");
			assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL),
					 SQLITE_OK);
		} else {
			assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL),
					 SQLITE_OK);
			ui = start_quiz(f, "vi");
		}
		if (shows(ui, "[ ]")) {
			ui_handle(ui, act(ACT_CHOICE, 1));
			ui_handle(ui, act(ACT_SELECT, 0));
		} else {
			ui_handle(ui, act(ACT_CHOICE, 1));
		}
		assert_true(shows(ui, "Đang lưu câu trả lời, xin chờ…"));
		assert_true(shows_on_one_line_at_40(ui, "Đang lưu câu trả lời, xin chờ…"));
		assert_false(shows(ui, "✓"));
		assert_false(shows(ui, "✗"));
		/* "Next" does not leave an answer behind. */
		ui_handle(ui, act(ACT_CHOICE, 1));
		ui_handle(ui, act(ACT_TICK, 0));
		assert_true(shows(ui, "Câu 1/"));
		assert_true(shows(ui, "Đang lưu câu trả lời"));
		assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
		ui_handle(ui, act(ACT_TICK, 0));
		assert_false(shows(ui, "Đang lưu câu trả lời"));
		assert_true(shows(ui, "✓") || shows(ui, "✗"));
		assert_int_equal(count(f->db, "SELECT count(*) FROM answers"), before + 1);
		assert_int_equal(count(f->db, "SELECT count(*) FROM attempts"), round + 1);
		ui_free(&ui);
	}
	sqlite3_close(other);
}

/* A write the database refuses (here a connection that may only read; a
 * full disk in the field) loses the answer: the feedback says so, on a
 * line that fits 40 columns, in the visitor's language. */
static void test_answer_not_saved(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char *lang, *says;
	} langs[] = {{"vi", "Không lưu được câu trả lời này."},
		     {"hmn", "Lo lus teb no khaws tsis tau."},
		     {"ium", "Naaiv dau siou maiv duqv."}};
	for (size_t l = 0; l < NK_ARRAY_LEN(langs); l++) {
		struct ui *ui = start_quiz(f, langs[l].lang);
		assert_int_equal(db_exec(f->db, "PRAGMA query_only = 1", NULL), NK_OK);
		if (shows(ui, "[ ]")) {
			ui_handle(ui, act(ACT_CHOICE, 1));
			ui_handle(ui, act(ACT_SELECT, 0));
		} else {
			ui_handle(ui, act(ACT_CHOICE, 1));
		}
		assert_true(shows(ui, langs[l].says));
		assert_true(shows_on_one_line_at_40(ui, langs[l].says));
		assert_int_equal(db_exec(f->db, "PRAGMA query_only = 0", NULL), NK_OK);
		assert_int_equal(count(f->db, "SELECT count(*) FROM answers"), 0);
		/* The next answer, stored, says nothing of the kind. */
		ui_handle(ui, act(ACT_CHOICE, 1));
		if (shows(ui, "[ ]")) {
			ui_handle(ui, act(ACT_CHOICE, 1));
			ui_handle(ui, act(ACT_SELECT, 0));
		} else {
			ui_handle(ui, act(ACT_CHOICE, 1));
		}
		assert_false(shows(ui, langs[l].says));
		assert_int_equal(count(f->db, "SELECT count(*) FROM answers"), 1);
		assert_int_equal(db_exec(f->db, "DELETE FROM answers", NULL), NK_OK);
		ui_free(&ui);
	}
}

static void test_small_sizes(void **state)
{
	struct fx *f = *state;
	struct ui *ui = start_quiz(f, "vi");
	for (int w = 0; w <= 50; w += 3)
		for (int h = 0; h <= 26; h += 4)
			free(test_check_frame(ui, w, h));
	ui_free(&ui);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_quiz_flow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_asks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_option_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scrolling_texts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_language_switch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_language_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hmong_typing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_time_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hmong_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_answer_waits_for_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_answer_not_saved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_small_sizes, setup, teardown),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free_languages();
	return r;
}
