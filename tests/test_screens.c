/*
 * Tests for tui/ui: golden dumps of the home screens in three languages at
 * 80x24 and 40x12, and navigation driven by abstract actions (keys, clicks,
 * F2, resizes) with no terminal. Set NTMKIOSK_UPDATE_GOLDEN=1 to rewrite the
 * golden files after a deliberate change, then review the diff.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/db.h"
#define NK_TESTS_WITH_UI
#include "helpers.h"
#include "records/visits.h"
#include "tui/ui.h"

static struct action act(enum act k, int n)
{
	return (struct action){k, n, 0, 0};
}

static void check_home(const char *lang, int w, int h)
{
	struct ui_opts o = {.db = NULL, .clk = NULL, .start_lang = NULL};
	i18n_set_lang("vi", NULL);
	struct ui *ui = ui_new(&o);
	char name[64];
	/* The picker, then the language chosen by its number. */
	char *d = test_render(ui, w, h);
	snprintf(name, sizeof name, "picker-%dx%d", w, h);
	test_golden(name, d);
	free(d);
	ui_handle(ui, act(ACT_CHOICE, i18n_lang_index(lang) + 1));
	assert_string_equal(ui_screen_name(ui), "menu");
	assert_string_equal(i18n_current(), lang);
	d = test_render(ui, w, h);
	snprintf(name, sizeof name, "menu-%s-%dx%d", lang, w, h);
	test_golden(name, d);
	free(d);
	ui_free(&ui);
	i18n_set_lang("vi", NULL);
}

static void test_golden_home(void **state)
{
	(void)state;
	test_i18n_setup();
	const char *langs[] = {"vi", "hmn", "ium"};
	for (int i = 0; i < 3; i++) {
		check_home(langs[i], 80, 24);
		check_home(langs[i], 40, 12);
	}
}

/* Content the screens must show, independent of the golden files. */
static void test_menu_texts(void **state)
{
	(void)state;
	test_i18n_setup();
	struct ui_opts o = {.db = NULL, .clk = NULL, .start_lang = "vi"};
	struct ui *ui = ui_new(&o);
	assert_string_equal(ui_screen_name(ui), "menu");
	char *d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "Bài viết"));
	assert_non_null(strstr(d, "Trắc nghiệm"));
	assert_non_null(strstr(d, "Hỏi đáp"));
	assert_non_null(strstr(d, "Trợ giúp"));
	assert_non_null(strstr(d, "Tiếng Việt"));
	assert_non_null(strstr(d, "Enter Chọn"));
	assert_null(strstr(d, "bản nháp")); /* Vietnamese is reviewed */
	free(d);
	ui_free(&ui);
	o.start_lang = "hmn";
	ui = ui_new(&o);
	d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "Cov ntawv xov xwm"));
	assert_non_null(strstr(d, "Lus Hmoob (Mông)"));
	/* A draft catalog says so on the menu. */
	assert_non_null(strstr(d, "daim qauv"));
	free(d);
	ui_free(&ui);
	i18n_set_lang("vi", NULL);
}

/* Before a language is chosen every line speaks every language: the key bar
 * (one row per language) and help (each language under its name). After
 * the choice, one language again, and a draft catalog says so on every
 * screen, help included. */
static void test_before_choice(void **state)
{
	(void)state;
	test_i18n_setup();
	i18n_set_lang("vi", NULL);
	struct ui_opts o = {.db = NULL, .clk = NULL, .start_lang = NULL};
	struct ui *ui = ui_new(&o);
	char *d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "Enter Chọn"));
	assert_non_null(strstr(d, "Enter Xaiv"));
	assert_non_null(strstr(d, "Enter Ginv"));
	free(d);
	/* Too small for three key rows: the one in the kiosk's language. */
	d = test_render(ui, 40, 11 + 1);
	assert_non_null(strstr(d, "Enter Chọn"));
	free(d);
	ui_handle(ui, act(ACT_HELP, 0));
	assert_string_equal(ui_screen_name(ui), "help");
	d = test_render(ui, 80, 60);
	const char *vi = strstr(d, "Enter: chọn");
	const char *hmn = strstr(d, "\n      Lus Hmoob (Mông) · Daim qauv txhais\n");
	const char *ium = strstr(d, "\n      Iu Mienh (Dao) · Ceng faan nyei sou\n");
	assert_true(vi && hmn && ium && vi < hmn && hmn < ium);
	assert_non_null(strstr(d, "Esc Rov qab"));
	assert_null(strstr(d, "/ Tìm")); /* nothing to search before a language */
	test_golden("help-picker-80x60", d);
	free(d);
	/* At 80x24 it does not fit: it scrolls, and says so. */
	d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "▼"));
	assert_null(strstr(d, "▲"));
	assert_null(strstr(d, "\n      Iu Mienh (Dao)"));
	free(d);
	for (int i = 0; i < 40; i++)
		ui_handle(ui, act(ACT_DOWN, 0));
	d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "▲"));
	assert_null(strstr(d, "▼"));
	assert_non_null(strstr(d, "\n      Iu Mienh (Dao)"));
	free(d);
	ui_handle(ui, act(ACT_BACK, 0));
	ui_handle(ui, act(ACT_CHOICE, 2));
	assert_string_equal(ui_screen_name(ui), "menu");
	d = test_render(ui, 80, 24);
	assert_null(strstr(d, "Enter Chọn"));
	assert_null(strstr(d, "Enter Ginv"));
	/* The quiz and "questions and answers" have names and symbols apart. */
	assert_non_null(strstr(d, "2 ☑   Kev xeem"));
	assert_non_null(strstr(d, "3 «»  Nug thiab teb"));
	free(d);
	ui_handle(ui, act(ACT_HELP, 0));
	d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "Lus Hmoob (Mông) · Daim qauv txhais\n"));
	assert_null(strstr(d, "Iu Mienh"));
	assert_non_null(strstr(d, "/ Nrhiav"));
	free(d);
	/* Narrow: the draft notice rather than the language's name. */
	d = test_render(ui, 40, 12);
	assert_non_null(strstr(d, "Daim qauv txhais\n"));
	free(d);
	ui_free(&ui);
	i18n_set_lang("vi", NULL);
}

static void test_navigation(void **state)
{
	(void)state;
	test_i18n_setup();
	struct ui_opts o = {.db = NULL, .clk = NULL, .start_lang = NULL};
	struct ui *ui = ui_new(&o);
	char *d = test_render(ui, 80, 24);
	free(d);
	assert_string_equal(ui_screen_name(ui), "picker");
	/* Arrows wrap around; Enter chooses. */
	assert_int_equal(ui_handle(ui, act(ACT_UP, 0)), UI_REDRAW);
	assert_int_equal(ui_selected(ui), 2);
	ui_handle(ui, act(ACT_DOWN, 0));
	ui_handle(ui, act(ACT_DOWN, 0));
	assert_int_equal(ui_selected(ui), 1);
	/* Esc on the picker goes nowhere. */
	assert_int_equal(ui_handle(ui, act(ACT_BACK, 0)), UI_IGNORED);
	assert_int_equal(ui_handle(ui, act(ACT_CHOICE, 7)), UI_IGNORED);
	ui_handle(ui, act(ACT_SELECT, 0));
	assert_string_equal(ui_screen_name(ui), "menu");
	assert_string_equal(i18n_current(), "hmn");
	/* F2 opens the list with the current language selected. */
	ui_handle(ui, act(ACT_LANG, 0));
	assert_string_equal(ui_screen_name(ui), "lang");
	assert_int_equal(ui_selected(ui), 1);
	d = test_render(ui, 80, 24);
	/* The title bar names the current language; the list starts below it. */
	char *body = strchr(d, '\n');
	char *p1 = strstr(body, "Tiếng Việt"), *p2 = strstr(body, "Lus Hmoob"),
	     *p3 = strstr(body, "Iu Mienh");
	assert_true(p1 && p2 && p3 && p1 < p2 && p2 < p3);
	free(d);
	ui_handle(ui, act(ACT_CHOICE, 3));
	assert_string_equal(ui_screen_name(ui), "menu");
	assert_string_equal(i18n_current(), "ium");
	/* A part not built yet says so plainly, in the visitor's language. */
	i18n_set_lang("vi", NULL);
	ui_handle(ui, act(ACT_CHOICE, 2));
	assert_string_equal(ui_screen_name(ui), "soon");
	d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "Phần này chưa sẵn sàng."));
	assert_non_null(strstr(d, "Trắc nghiệm"));
	free(d);
	ui_handle(ui, act(ACT_BACK, 0));
	assert_string_equal(ui_screen_name(ui), "menu");
	/* Help from anywhere; F1 twice does not stack two help screens. */
	ui_handle(ui, act(ACT_HELP, 0));
	ui_handle(ui, act(ACT_HELP, 0));
	assert_string_equal(ui_screen_name(ui), "help");
	ui_handle(ui, act(ACT_BACK, 0));
	assert_string_equal(ui_screen_name(ui), "menu");
	ui_handle(ui, act(ACT_BACK, 0));
	assert_string_equal(ui_screen_name(ui), "picker");
	ui_free(&ui);
	i18n_set_lang("vi", NULL);
}

/* Finds the row and column of text in a dump, for clicking on it. */
static int find_cell(const char *dump, const char *text, int *y, int *x)
{
	const char *p = strstr(dump, text);
	if (!p)
		return -1;
	*y = 0;
	const char *line = dump;
	for (const char *q = dump; q < p; q++)
		if (*q == '\n') {
			(*y)++;
			line = q + 1;
		}
	*x = 0;
	for (const char *q = line; q < p; q++)
		if (((unsigned char)*q & 0xc0) != 0x80)
			(*x)++;
	return 0;
}

static void test_clicks(void **state)
{
	(void)state;
	test_i18n_setup();
	struct ui_opts o = {.db = NULL, .clk = NULL, .start_lang = NULL};
	struct ui *ui = ui_new(&o);
	char *d = test_render(ui, 80, 24);
	int y, x;
	assert_int_equal(find_cell(d, "Iu Mienh (Dao)", &y, &x), 0);
	free(d);
	assert_int_equal(ui_handle(ui, (struct action){ACT_CLICK, 0, y, x + 2}), UI_REDRAW);
	assert_string_equal(ui_screen_name(ui), "menu");
	assert_string_equal(i18n_current(), "ium");
	d = test_render(ui, 80, 24);
	/* Clicking a key in the bottom bar does what the key does. */
	assert_int_equal(find_cell(d, "F2 ", &y, &x), 0);
	free(d);
	ui_handle(ui, (struct action){ACT_CLICK, 0, y, x});
	assert_string_equal(ui_screen_name(ui), "lang");
	d = test_render(ui, 80, 24);
	/* A click on nothing is ignored. */
	assert_int_equal(ui_handle(ui, (struct action){ACT_CLICK, 0, 5, 0}), UI_IGNORED);
	free(d);
	ui_free(&ui);
	i18n_set_lang("vi", NULL);
}

static void test_small_and_resize(void **state)
{
	(void)state;
	test_i18n_setup();
	struct ui_opts o = {.db = NULL, .clk = NULL, .start_lang = "vi"};
	struct ui *ui = ui_new(&o);
	char *d = test_render(ui, 30, 10);
	assert_string_equal(ui_screen_name(ui), "enlarge");
	assert_non_null(strstr(d, "Vui lòng mở rộng cửa sổ."));
	assert_non_null(strstr(d, "30×10 → 40×12"));
	free(d);
	/* Keys do nothing while the window is too small... */
	assert_int_equal(ui_handle(ui, act(ACT_BACK, 0)), UI_IGNORED);
	/* ...and every size down to nothing draws without crashing. */
	for (int w = 0; w <= 45; w++)
		for (int h = 0; h <= 14; h++) {
			d = test_render(ui, w, h);
			free(d);
		}
	d = test_render(ui, 80, 24);
	assert_string_equal(ui_screen_name(ui), "menu");
	free(d);
	d = test_render(ui, 300, 100);
	free(d);
	ui_free(&ui);
}

static void test_visit_recorded(void **state)
{
	(void)state;
	test_i18n_setup();
	char *dir = test_tmpdir();
	char *path = xasprintf("%s/k.db", dir);
	struct db *db = NULL;
	char *err = NULL;
	assert_int_equal(db_open(path, &db, &err), 0);
	int64_t now = INT64_C(1795342500000);
	struct clock c = {clock_manual_read, &now};
	struct ui_opts o = {.db = db, .clk = &c, .start_lang = NULL};
	struct ui *ui = ui_new(&o);
	ui_handle(ui, act(ACT_CHOICE, 2));
	int64_t n = 0;
	assert_int_equal(visits_count(db, NULL, NULL, "hmn", &n, &err), 0);
	assert_int_equal(n, 1);
	assert_null(ui_status(ui));
	ui_free(&ui);
	db_close(&db);
	free(path);
	test_rmdir(dir);
	i18n_set_lang("vi", NULL);
}

static void test_idle(void **state)
{
	(void)state;
	test_i18n_setup();
	int64_t now = INT64_C(1795342500000);
	struct clock c = {clock_manual_read, &now};
	struct ui_opts o = {.clk = &c, .idle_ms = 120000, .home_lang = "vi"};
	struct ui *ui = ui_new(&o);
	free(test_render(ui, 80, 24));
	/* At the picker nothing times out. */
	now += 600000;
	assert_int_equal(ui_handle(ui, act(ACT_TICK, 0)), UI_IGNORED);
	ui_handle(ui, act(ACT_CHOICE, 3)); /* Dao */
	ui_handle(ui, act(ACT_HELP, 0));
	now += 119000;
	ui_handle(ui, act(ACT_TICK, 0));
	assert_string_equal(ui_screen_name(ui), "help");
	now += 1000;
	assert_int_equal(ui_handle(ui, act(ACT_TICK, 0)), UI_REDRAW);
	assert_string_equal(ui_screen_name(ui), "idle");
	/* A key answers the question and does nothing else. */
	assert_int_equal(ui_handle(ui, act(ACT_BACK, 0)), UI_REDRAW);
	assert_string_equal(ui_screen_name(ui), "help");
	/* Quiet again: the question, then after the grace time the picker, in
	 * the kiosk's own language. */
	now += 120000;
	ui_handle(ui, act(ACT_TICK, 0));
	assert_string_equal(ui_screen_name(ui), "idle");
	i18n_set_lang("vi", NULL);
	char *d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "20"));
	free(d);
	i18n_set_lang("ium", NULL);
	now += UI_IDLE_GRACE_MS;
	ui_handle(ui, act(ACT_TICK, 0));
	assert_string_equal(ui_screen_name(ui), "picker");
	assert_string_equal(i18n_current(), "vi");
	ui_free(&ui);
}

/* A start that failed: the start hook puts its message in place of the
 * screens (ui_fault), in the UI language; nothing runs any more (no tick
 * work) and any key ends the ui. */
struct fault_ctx {
	struct ui *ui;
	int ticks;
};

static void fault_tick(void *ctx)
{
	((struct fault_ctx *)ctx)->ticks++;
}

static int fault_start(void *ctx)
{
	struct fault_ctx *f = ctx;
	ui_fault(f->ui, xstrdup("Cơ sở dữ liệu bị hỏng.\nk.db: the database is damaged\n"
				"ntmkiosk restore --db k.db"));
	return 0;
}

static void test_start_fault(void **state)
{
	(void)state;
	test_i18n_setup();
	i18n_set_lang("vi", NULL);
	struct fault_ctx f = {0};
	struct ui_opts o = {.start_lang = "vi", .tick_hook = fault_tick, .tick_ctx = &f,
			    .start_hook = fault_start};
	f.ui = ui_new(&o);
	free(test_render(f.ui, 80, 24));
	assert_int_equal(ui_handle(f.ui, act(ACT_TICK, 0)), UI_IGNORED);
	assert_int_equal(f.ticks, 1);
	assert_int_equal(ui_started(f.ui), UI_REDRAW);
	assert_string_equal(ui_screen_name(f.ui), "fault");
	char *d = test_render(f.ui, 80, 24);
	assert_non_null(strstr(d, "Ki-ốt không khởi động được"));
	assert_non_null(strstr(d, "Cơ sở dữ liệu bị hỏng."));
	assert_non_null(strstr(d, "ntmkiosk restore --db k.db"));
	assert_non_null(strstr(d, "Enter Đóng"));
	free(d);
	/* 40x12: every line, without the gaps. */
	d = test_render(f.ui, 40, 12);
	assert_non_null(strstr(d, "ntmkiosk restore --db k.db"));
	free(d);
	assert_int_equal(ui_handle(f.ui, act(ACT_TICK, 0)), UI_IGNORED);
	assert_int_equal(f.ticks, 1);
	assert_int_equal(ui_handle(f.ui, act(ACT_OFFICER, 0)), UI_QUIT);
	assert_int_equal(ui_handle(f.ui, act(ACT_CHAR, 'x')), UI_QUIT);
	ui_free(&f.ui);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_home),  cmocka_unit_test(test_menu_texts),
		cmocka_unit_test(test_before_choice),
		cmocka_unit_test(test_navigation),   cmocka_unit_test(test_clicks),
		cmocka_unit_test(test_small_and_resize), cmocka_unit_test(test_visit_recorded),
		cmocka_unit_test(test_idle),         cmocka_unit_test(test_start_fault),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free_languages();
	return r;
}
