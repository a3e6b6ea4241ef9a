/*
 * Tests for the content screens: topics → articles → reader, links with Tab
 * and Enter and back to where the reader was, the Vietnamese flip and the
 * fallback notice, search with and without accents, and golden dumps of the
 * reader and search screens at 80x24 and 40x20. The content is a fixture
 * (tests/data/articles), so bundled content can change without touching
 * these files. NTMKIOSK_UPDATE_GOLDEN=1 rewrites the golden files.
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
#include "records/views.h"
#include "tui/ui.h"

static struct action act(enum act k, int n)
{
	return (struct action){k, n, 0, 0};
}

struct fixture {
	char *dir;
	struct db *db;
	int64_t now;
	struct clock clk;
};

static int setup(void **state)
{
	test_i18n_setup();
	struct fixture *f = xcalloc(1, sizeof *f);
	f->dir = test_tmpdir();
	char *path = xasprintf("%s/k.db", f->dir);
	char *err = NULL;
	if (db_open(path, &f->db, &err) != 0)
		fail_msg("%s", err);
	free(path);
	char *topics = xasprintf("%s/content/topics.tsv", getenv("NTMKIOSK_DATADIR"));
	char *arts = xasprintf("%s/tests/data/articles", getenv("NTMKIOSK_DATADIR"));
	struct content_report rep = {0};
	if (topics_import(f->db, topics, &err) != 0 || content_import(f->db, arts, &rep, &err))
		fail_msg("%s", err);
	content_report_clear(&rep);
	free(topics);
	free(arts);
	f->now = INT64_C(1795342500000);
	f->clk = (struct clock){clock_manual_read, &f->now};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(&f->db);
	test_rmdir(f->dir);
	free(f);
	i18n_set_lang("vi", NULL);
	return 0;
}

static struct ui *start(struct fixture *f, const char *lang)
{
	struct ui_opts o = {.db = f->db, .clk = &f->clk, .start_lang = lang};
	return ui_new(&o);
}

/* Menu → Articles → topic n → article 1. */
static void open_article(struct ui *ui, int topic)
{
	char *d = test_render(ui, 80, 24);
	free(d);
	ui_handle(ui, act(ACT_CHOICE, 1));
	assert_string_equal(ui_screen_name(ui), "topics");
	d = test_render(ui, 80, 24);
	free(d);
	ui_handle(ui, act(ACT_CHOICE, topic));
	assert_string_equal(ui_screen_name(ui), "articles");
	d = test_render(ui, 80, 24);
	free(d);
	ui_handle(ui, act(ACT_CHOICE, 1));
	assert_string_equal(ui_screen_name(ui), "reader");
}

static void test_reader(void **state)
{
	struct fixture *f = *state;
	struct ui *ui = start(f, "vi");
	open_article(ui, 4); /* campaigns */
	char *d = test_render(ui, 80, 24);
	test_golden("reader-vi-80x24", d);
	assert_non_null(strstr(d, "Gia đình 5 không 3 sạch"));
	assert_non_null(strstr(d, "2021–2025"));
	assert_non_null(strstr(d, "   • Không đói nghèo"));
	assert_non_null(strstr(d, "     – kể cả luật giao thông"));
	assert_non_null(strstr(d, "   1. Sạch nhà"));
	free(d);
	d = test_render(ui, 40, 20);
	test_golden("reader-vi-40x20", d);
	free(d);
	/* Items 9 and 10 of a list sit together, although "9." is written
	 * " 9." to line up with "10.". */
	d = test_render(ui, 80, 60);
	assert_non_null(strstr(d, "\n    9. Thu nhập\n   10. Môi trường\n"));
	free(d);
	/* Scrolling: End shows the last paragraph, Home the title again. */
	ui_handle(ui, act(ACT_END, 0));
	d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "Đoạn cuối cùng của bài."));
	free(d);
	ui_handle(ui, act(ACT_HOME, 0));
	d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "\n  Gia đình 5 không 3 sạch\n"));
	free(d);
	ui_handle(ui, act(ACT_DOWN, 0));
	d = test_render(ui, 80, 24);
	assert_null(strstr(d, "\n  Gia đình 5 không 3 sạch\n"));
	free(d);
	/* Tab reaches the link; Enter follows it; Back returns where we were. */
	assert_int_equal(ui_handle(ui, act(ACT_NEXT, 0)), UI_REDRAW);
	ui_handle(ui, act(ACT_SELECT, 0));
	assert_string_equal(ui_screen_name(ui), "reader");
	d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "Chè Shan tuyết"));
	free(d);
	ui_handle(ui, act(ACT_BACK, 0));
	d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "Gia đình 5 không 3 sạch"));
	/* Still scrolled down by one line, as we left it. */
	assert_null(strstr(d, "\n  Gia đình 5 không 3 sạch\n"));
	free(d);
	ui_free(&ui);
	/* Each article opened was recorded as a view. */
	int64_t n = 0;
	assert_int_equal(views_count(f->db, NULL, NULL, "vi", &n, NULL), 0);
	assert_int_equal(n, 2);
}

static void test_flip_and_fallback(void **state)
{
	struct fixture *f = *state;
	struct ui *ui = start(f, "hmn");
	open_article(ui, 4);
	char *d = test_render(ui, 80, 24);
	test_golden("reader-hmn-80x24", d);
	assert_non_null(strstr(d, "Tsev neeg 5 tsis muaj 3 huv"));
	assert_non_null(strstr(d, "Daim qauv txhais")); /* draft marker */
	free(d);
	/* F3: the same article in Vietnamese, and back. */
	ui_handle(ui, act(ACT_FLIP, 0));
	d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "Gia đình 5 không 3 sạch"));
	free(d);
	ui_handle(ui, act(ACT_FLIP, 0));
	d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "Tsev neeg"));
	free(d);
	/* An article with no Hmong text: Vietnamese, with a notice in Hmong. */
	ui_handle(ui, act(ACT_LINK, 1));
	d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "Sản phẩm OCOP ba sao"));
	assert_non_null(strstr(d, "Tseem tsis tau txhais"));
	free(d);
	ui_free(&ui);
}

/* The first row of a dump (the title bar). */
static char *title_row(const char *d)
{
	return xstrndup(d, strcspn(d, "\n"));
}

/* The row before the role layer's separator (the key bar). */
static char *key_row(const char *d)
{
	const char *end = strstr(d, "\n--- roles\n");
	if (!end)
		end = d + strlen(d) - 1;
	const char *start = end;
	while (start > d && start[-1] != '\n')
		start--;
	return xstrndup(start, (size_t)(end - start));
}

/* F3 and F2 change the text; the title says so at once, F3 keeps the place,
 * the flipped text says it is Vietnamese and the key bar offers the way back;
 * a Vietnamese visitor is not offered F3 at all. */
static void test_flip_title_and_keys(void **state)
{
	struct fixture *f = *state;
	struct ui *ui = start(f, "hmn");
	open_article(ui, 4);
	char *d = test_render(ui, 80, 24);
	char *row = title_row(d);
	assert_non_null(strstr(row, "Tsev neeg 5 tsis muaj 3 huv"));
	free(row);
	row = key_row(d);
	assert_non_null(strstr(row, "F3 Lus Nyab Laj"));
	free(row);
	assert_null(strstr(d, "F3:"));
	free(d);
	/* Down a few lines, then F3: the Vietnamese text, not from the top. */
	for (int i = 0; i < 8; i++)
		ui_handle(ui, act(ACT_DOWN, 0));
	ui_handle(ui, act(ACT_FLIP, 0));
	d = test_render(ui, 80, 24);
	row = title_row(d);
	assert_non_null(strstr(row, "Gia đình 5 không 3 sạch"));
	free(row);
	assert_null(strstr(d, "\n  Gia đình 5 không 3 sạch\n"));
	assert_non_null(strstr(d, "▲"));
	row = key_row(d);
	assert_non_null(strstr(row, "F3"));
	assert_null(strstr(row, "Lus Nyab Laj"));
	free(row);
	free(d);
	/* At the top, the notice: this is the Vietnamese text, F3 goes back. */
	ui_handle(ui, act(ACT_HOME, 0));
	d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "Lus Hmoob"));
	test_golden("reader-hmn-flipped-80x24", d);
	free(d);
	ui_handle(ui, act(ACT_FLIP, 0));
	d = test_render(ui, 80, 24);
	row = title_row(d);
	assert_non_null(strstr(row, "Tsev neeg 5 tsis muaj 3 huv"));
	free(row);
	free(d);
	/* F2 to Vietnamese: the title follows on the first draw, and F3 is
	 * neither offered nor does anything. */
	ui_handle(ui, act(ACT_LANG, 0));
	ui_handle(ui, act(ACT_CHOICE, 1));
	assert_string_equal(ui_screen_name(ui), "reader");
	d = test_render(ui, 80, 24);
	row = title_row(d);
	assert_non_null(strstr(row, "Gia đình 5 không 3 sạch"));
	free(row);
	row = key_row(d);
	assert_null(strstr(row, "F3"));
	free(row);
	free(d);
	assert_int_equal(ui_handle(ui, act(ACT_FLIP, 0)), UI_IGNORED);
	/* F2 back to Hmong: the Hmong title at once. */
	ui_handle(ui, act(ACT_LANG, 0));
	ui_handle(ui, act(ACT_CHOICE, 2));
	d = test_render(ui, 80, 24);
	row = title_row(d);
	assert_non_null(strstr(row, "Tsev neeg 5 tsis muaj 3 huv"));
	free(row);
	free(d);
	/* An article with no Hmong text: nothing to flip to, no F3. */
	ui_handle(ui, act(ACT_HOME, 0));
	ui_handle(ui, act(ACT_LINK, 1));
	d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "Tseem tsis tau txhais"));
	row = key_row(d);
	assert_null(strstr(row, "F3"));
	free(row);
	free(d);
	ui_free(&ui);
}

static void type(struct ui *ui, const char *s)
{
	for (const char *p = s; *p; p++)
		ui_handle(ui, act(ACT_CHAR, (unsigned char)*p));
}

/* Search from the menu and from help; Telex in the box; the visitor's own
 * language first, others marked with their name. */
static void test_search_reach_and_order(void **state)
{
	struct fixture *f = *state;
	struct ui *ui = start(f, "vi");
	free(test_render(ui, 80, 24));
	ui_handle(ui, act(ACT_CHOICE, 4));
	assert_string_equal(ui_screen_name(ui), "search");
	type(ui, "ddaof taoj");
	char *d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "đào tạo▏"));
	assert_non_null(strstr(d, "Gia đình 5 không 3 sạch"));
	free(d);
	ui_handle(ui, act(ACT_BACK, 0));
	assert_string_equal(ui_screen_name(ui), "menu");
	/* Help says how, and its key bar opens the search. */
	ui_handle(ui, act(ACT_HELP, 0));
	d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "/ Tìm"));
	free(d);
	ui_handle(ui, act(ACT_CHAR, '/'));
	assert_string_equal(ui_screen_name(ui), "search");
	ui_free(&ui);

	/* Hmong: the Hmong text first; the article only in Vietnamese after it,
	 * marked. */
	ui = start(f, "hmn");
	free(test_render(ui, 80, 24));
	ui_handle(ui, act(ACT_SEARCH, 0));
	type(ui, "ocop");
	d = test_render(ui, 80, 24);
	const char *own = strstr(d, "Tsev neeg 5 tsis muaj 3 huv");
	const char *other = strstr(d, "Sản phẩm OCOP ba sao");
	assert_non_null(own);
	assert_non_null(other);
	assert_true(own < other);
	assert_non_null(strstr(d, "(Tiếng Việt)"));
	test_golden("search-hmn-80x24", d);
	/* Clicks: on the box nothing opens; on a hit, that hit. */
	int box = 2, row = 0;
	for (const char *p = d; p < other; p++)
		row += *p == '\n';
	free(d);
	ui_handle(ui, (struct action){ACT_CLICK, 0, box, 10});
	assert_string_equal(ui_screen_name(ui), "search");
	ui_handle(ui, (struct action){ACT_CLICK, 0, row, 10});
	assert_string_equal(ui_screen_name(ui), "reader");
	d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "Chè Shan tuyết"));
	free(d);
	ui_free(&ui);
}

static void test_search(void **state)
{
	struct fixture *f = *state;
	struct ui *ui = start(f, "vi");
	char *d = test_render(ui, 80, 24);
	free(d);
	ui_handle(ui, act(ACT_CHAR, '/'));
	assert_string_equal(ui_screen_name(ui), "search");
	/* Letters typed here are text, not answer keys. */
	const char *typed = "che shan";
	for (const char *p = typed; *p; p++)
		ui_handle(ui, act(ACT_CHAR, *p));
	d = test_render(ui, 80, 24);
	test_golden("search-vi-80x24", d);
	assert_non_null(strstr(d, "che shan"));
	assert_non_null(strstr(d, "Sản phẩm OCOP ba sao"));
	free(d);
	d = test_render(ui, 40, 20);
	test_golden("search-vi-40x20", d);
	free(d);
	/* Backspace deletes, down to nothing; then Esc leaves. */
	for (int i = 0; i < 8; i++)
		ui_handle(ui, act(ACT_ERASE, 0));
	assert_string_equal(ui_screen_name(ui), "search");
	d = test_render(ui, 80, 24);
	assert_null(strstr(d, "Sản phẩm OCOP"));
	free(d);
	/* "dao tao" finds "đào tạo" (no accents typed). */
	for (const char *p = "dao tao"; *p; p++)
		ui_handle(ui, act(ACT_CHAR, *p));
	d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "Gia đình 5 không 3 sạch"));
	free(d);
	ui_handle(ui, act(ACT_SELECT, 0));
	assert_string_equal(ui_screen_name(ui), "reader");
	ui_handle(ui, act(ACT_BACK, 0));
	ui_handle(ui, act(ACT_BACK, 0));
	assert_string_equal(ui_screen_name(ui), "menu");
	ui_free(&ui);
}

/* Under the title one line: the period and the public source, cut with "…"
 * when the window is narrow; the full source only after F4. At 40x12 the
 * first screen shows the article's text. */
static void test_reader_source(void **state)
{
	struct fixture *f = *state;
	const char *const langs[] = {"vi", "hmn"};
	for (size_t i = 0; i < 2; i++) {
		struct ui *ui = start(f, langs[i]);
		open_article(ui, 4);
		char *d = test_render(ui, 80, 24);
		assert_non_null(strstr(d, "\n  2021–2025 · QĐ 263/QĐ-TTg, 22/02/2022\n"));
		assert_null(strstr(d, "tests/data"));
		assert_null(strstr(d, "Lào Cai"));
		free(d);
		d = test_render(ui, 40, 12);
		char *name = xasprintf("reader-%s-40x12", langs[i]);
		test_golden(name, d);
		free(name);
		assert_non_null(strstr(d, "  2021–2025 · QĐ 263/QĐ-TTg,…\n"));
		assert_non_null(strstr(d, i == 0 ? "Năm không" : "Tsev neeg nyob zoo dua"));
		/* F4 is in the key bar; at 40 columns only where F3 (the flip to
		 * Vietnamese, which comes first) leaves room for it. */
		assert_true(strstr(d, "F4") || (i == 1 && strstr(d, "F3")));
		free(d);
		d = test_render(ui, 80, 24);
		assert_non_null(strstr(d, "F4"));
		free(d);
		/* F4: the full source, wrapped, under the line; F4 again hides it. */
		assert_int_equal(ui_handle(ui, act(ACT_SOURCE, 0)), UI_REDRAW);
		d = test_render(ui, 80, 24);
		if (i == 0)
			test_golden("reader-vi-source-80x24", d);
		assert_non_null(strstr(d, "tests/data (a fixture"));
		assert_non_null(strstr(d, "Lào Cai"));
		free(d);
		ui_handle(ui, act(ACT_SOURCE, 0));
		d = test_render(ui, 80, 24);
		assert_null(strstr(d, "Lào Cai"));
		free(d);
		ui_free(&ui);
	}
	/* An article with no public source shows the period alone. */
	struct ui *ui = start(f, "vi");
	open_article(ui, 3); /* ocop */
	char *d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "\n  2021–2025\n"));
	assert_null(strstr(d, "tests/data"));
	free(d);
	ui_free(&ui);
}

static void test_small_sizes(void **state)
{
	struct fixture *f = *state;
	struct ui *ui = start(f, "vi");
	open_article(ui, 4);
	for (int w = 0; w <= 50; w += 1)
		for (int h = 0; h <= 26; h += 5) {
			char *d = test_check_frame(ui, w, h);
			/* The article is longer than any of these windows: it says
			 * where the reader is, and it is still the reader. */
			if (w >= UI_MIN_W && h >= UI_MIN_H) {
				assert_string_equal(ui_screen_name(ui), "reader");
				assert_true(strstr(d, "▲") || strstr(d, "▼"));
			}
			free(d);
			ui_handle(ui, act(ACT_PGDN, 0));
		}
	/* Back at a usable size, the reader as it was. */
	char *d = test_check_frame(ui, 80, 24);
	assert_non_null(strstr(d, "Gia đình 5 không 3 sạch"));
	free(d);
	ui_free(&ui);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reader, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flip_and_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_source, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flip_title_and_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_reach_and_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_small_sizes, setup, teardown),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free_languages();
	return r;
}
