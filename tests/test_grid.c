/* Tests for tui/grid: widths, clipping, wide characters, and that nothing
 * hostile survives into a cell. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/util.h"
#include "tui/grid.h"

#include <stdlib.h>
#include <string.h>

static void test_put_and_dump(void **state)
{
	(void)state;
	struct grid *g = grid_new(12, 3);
	assert_int_equal(grid_put(g, 0, 1, "Việt Nam", 20, ROLE_TEXT, false), 8);
	/* NFD input takes the same cells as NFC. */
	assert_int_equal(grid_put(g, 1, 0, "Vie\xcc\xa3\xcc\x82t", 20, ROLE_TEXT, false), 4);
	char *d = grid_dump(g);
	assert_string_equal(d, " Việt Nam\nViệt\n\n");
	free(d);
	/* Clipping at the right edge and at maxw. */
	assert_int_equal(grid_put(g, 2, 8, "đường dài", 20, ROLE_TEXT, false), 4);
	assert_int_equal(grid_put(g, 2, 0, "abcdef", 3, ROLE_TEXT, false), 3);
	d = grid_dump(g);
	assert_string_equal(d, " Việt Nam\nViệt\nabc     đườn\n");
	free(d);
	/* Outside the grid: nothing, no crash. */
	assert_int_equal(grid_put(g, 3, 0, "x", 5, ROLE_TEXT, false), 0);
	assert_int_equal(grid_put(g, -1, 0, "x", 5, ROLE_TEXT, false), 0);
	assert_int_equal(grid_put(g, 0, 12, "x", 5, ROLE_TEXT, false), 0);
	grid_free(&g);
	assert_null(g);
}

static void test_wide(void **state)
{
	(void)state;
	struct grid *g = grid_new(5, 1);
	/* Two wide characters fill four cells; the third does not fit. */
	assert_int_equal(grid_put(g, 0, 0, "農村新", 5, ROLE_TEXT, false), 4);
	assert_int_equal(grid_at(g, 0, 0)->width, 2);
	assert_int_equal(grid_at(g, 0, 1)->width, 0);
	/* Overwriting half a wide character blanks the other half. */
	grid_put(g, 0, 1, "x", 1, ROLE_TEXT, false);
	assert_int_equal(grid_at(g, 0, 0)->width, 1);
	assert_string_equal(grid_at(g, 0, 0)->g, "");
	char *d = grid_dump(g);
	assert_string_equal(d, " x村\n");
	free(d);
	grid_free(&g);
}

static void test_hostile_text(void **state)
{
	(void)state;
	struct grid *g = grid_new(40, 1);
	grid_put(g, 0, 0,
		 "A\x1b]0;owned\x07" "B\x1b[2J\x1b[HC\xe2\x80\xae" "D\x1b]52;c;ZXZpbA==\x07"
		 "E\xc2\x9b" "31mF\x07\tG\xff",
		 40, ROLE_TEXT, false);
	char *d = grid_dump(g);
	for (const char *p = d; *p; p++) {
		assert_int_not_equal((unsigned char)*p, 0x1b);
		assert_int_not_equal((unsigned char)*p, 0x07);
	}
	assert_null(strstr(d, "\xe2\x80\xae"));
	assert_null(strstr(d, "\xc2\x9b"));
	assert_null(strstr(d, "owned"));
	assert_non_null(strstr(d, "ABCDE"));
	assert_non_null(strstr(d, "F G"));
	free(d);
	grid_free(&g);
}

static void test_wrap_and_center(void **state)
{
	(void)state;
	struct grid *g = grid_new(10, 4);
	int n = grid_wrap(g, 0, 0, 10, 4, "Dân biết, dân bàn, dân làm", ROLE_TEXT, false);
	assert_int_equal(n, 3);
	char *d = grid_dump(g);
	assert_string_equal(d, "Dân biết,\ndân bàn,\ndân làm\n\n");
	free(d);
	grid_clear(g, ROLE_TEXT);
	grid_center(g, 0, "OCOP", ROLE_TEXT, true);
	assert_string_equal(grid_at(g, 0, 3)->g, "O");
	assert_true(grid_at(g, 0, 3)->bold);
	/* A tiny grid is legal. */
	grid_resize(g, 1, 1);
	assert_int_equal(grid_wrap(g, 0, 0, 1, 1, "ệệệ", ROLE_TEXT, false), 1);
	grid_resize(g, 0, 0);
	d = grid_dump(g);
	assert_string_equal(d, "");
	free(d);
	grid_free(&g);
}

/* A text cut short ends in an ellipsis; one that fits is left alone. */
static void test_cut(void **state)
{
	(void)state;
	struct grid *g = grid_new(10, 3);
	assert_int_equal(grid_put_cut(g, 0, 0, "Đào tạo nghề", 8, ROLE_TEXT, false), 8);
	assert_int_equal(grid_put_cut(g, 1, 2, "Đào tạo", 20, ROLE_TEXT, false), 7);
	/* The right edge cuts as maxw does. */
	assert_int_equal(grid_put_cut(g, 2, 6, "nghề", 20, ROLE_TEXT, false), 4);
	char *d = grid_dump(g);
	assert_string_equal(d, "Đào tạo…\n  Đào tạo\n      nghề\n");
	free(d);
	grid_clear(g, ROLE_TEXT);
	assert_int_equal(grid_put_cut(g, 2, 6, "nghề nông", 20, ROLE_TEXT, false), 4);
	assert_int_equal(grid_wrap_cut(g, 0, 0, 10, 2, "Dân biết, dân bàn, dân làm", ROLE_TEXT,
				       false), 2);
	d = grid_dump(g);
	assert_string_equal(d, "Dân biết,\ndân bàn,…\n      ngh…\n");
	free(d);
	grid_free(&g);
}

/* Roles show in the dump's second layer, one letter per column, so a golden
 * file sees which item is selected and where a warning is. */
static void test_dump_roles(void **state)
{
	(void)state;
	struct grid *g = grid_new(8, 3);
	grid_put(g, 0, 0, "Đi", 8, ROLE_ITEM, false);
	grid_put(g, 1, 1, "Về", 8, ROLE_SELECTED, true);
	grid_put(g, 2, 0, "村x", 8, ROLE_WARN, false);
	grid_at(g, 2, 2)->role = ROLE_MARK;
	char *d = grid_dump(g);
	assert_string_equal(d, "Đi\n Về\n村x\n--- roles\nii\n SS\nWWM\n");
	free(d);
	/* A blank cell with a role is ink in the role layer only. */
	grid_clear(g, ROLE_TEXT);
	grid_fill(g, 1, 6, 2, 1, ROLE_BAR);
	d = grid_dump(g);
	assert_string_equal(d, "\n\n\n--- roles\n\n      bb\n\n");
	free(d);
	assert_int_equal(grid_role_letter(ROLE_TITLE), 'T');
	assert_int_equal(grid_role_letter(ROLE_TEXT), ' ');
	grid_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_and_dump),
		cmocka_unit_test(test_wide),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_wrap_and_center),
		cmocka_unit_test(test_dump_roles),
		cmocka_unit_test(test_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
