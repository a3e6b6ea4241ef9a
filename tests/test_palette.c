/*
 * Tests for tui/palette: every role's text against its background meets WCAG
 * 2's 4.5:1 contrast on the palettes of the terminals a kiosk meets: the Linux
 * console (the VGA colours), xterm, VTE's built-in colours and the Tango
 * palette of GNOME Terminal. Where a role may be bold and its foreground is a
 * dark colour, the bright form (what bold shows on the console and in xterm)
 * must meet it too. Without colours, the roles that must be told apart have
 * different attributes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/util.h"
#include "tui/palette.h"

#include <math.h>
#include <stdio.h>

static const struct {
	const char *name;
	uint32_t rgb[16];
} terminals[] = {
	{"Linux console (VGA)",
	 {0x000000, 0xaa0000, 0x00aa00, 0xaa5500, 0x0000aa, 0xaa00aa, 0x00aaaa, 0xaaaaaa,
	  0x555555, 0xff5555, 0x55ff55, 0xffff55, 0x5555ff, 0xff55ff, 0x55ffff, 0xffffff}},
	{"xterm",
	 {0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
	  0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff}},
	{"VTE",
	 {0x000000, 0xc00000, 0x00c000, 0xc0c000, 0x0000c0, 0xc000c0, 0x00c0c0, 0xc0c0c0,
	  0x3f3f3f, 0xff3f3f, 0x3fff3f, 0xffff3f, 0x3f3fff, 0xff3fff, 0x3fffff, 0xffffff}},
	{"Tango (GNOME Terminal)",
	 {0x2e3436, 0xcc0000, 0x4e9a06, 0xc4a000, 0x3465a4, 0x75507b, 0x06989a, 0xd3d7cf,
	  0x555753, 0xef2929, 0x8ae234, 0xfce94f, 0x729fcf, 0xad7fa8, 0x34e2e2, 0xeeeeec}},
};

/* WCAG 2 relative luminance of an sRGB colour. */
static double luminance(uint32_t rgb)
{
	double c[3];
	for (int i = 0; i < 3; i++) {
		double v = (double)((rgb >> (16 - 8 * i)) & 0xff) / 255.0;
		c[i] = v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

static double contrast(uint32_t a, uint32_t b)
{
	double la = luminance(a), lb = luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

static void test_formula(void **state)
{
	(void)state;
	/* Black on white is 21:1, a colour on itself 1:1, and the grey on light
	 * grey the kiosk once had about 3:1 (xterm's bright black on grey). */
	assert_true(fabs(contrast(0x000000, 0xffffff) - 21.0) < 1e-9);
	assert_true(fabs(contrast(0x336699, 0x336699) - 1.0) < 1e-9);
	assert_true(contrast(0x7f7f7f, 0xe5e5e5) < 3.5);
}

static void test_every_role(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t t = 0; t < NK_ARRAY_LEN(terminals); t++) {
		const uint32_t *rgb = terminals[t].rgb;
		for (int r = 0; r < ROLE_COUNT; r++) {
			const struct pal_role *p = &palette[r];
			assert_true(p->fg < 16);
			assert_true(p->bg < PAL_BRIGHT); /* the console has 8 backgrounds */
			double c = contrast(rgb[p->fg], rgb[p->bg]);
			if (c < 4.5) {
				fprintf(stderr, "%s: role '%c' %u on %u is %.2f:1\n", terminals[t].name,
					grid_role_letter((enum role)r), p->fg, p->bg, c);
				bad++;
			}
			if (p->bold && p->fg < PAL_BRIGHT) {
				c = contrast(rgb[p->fg + PAL_BRIGHT], rgb[p->bg]);
				if (c < 4.5) {
					fprintf(stderr, "%s: role '%c' bold (%u) on %u is %.2f:1\n",
						terminals[t].name, grid_role_letter((enum role)r),
						p->fg + PAL_BRIGHT, p->bg, c);
					bad++;
				}
			}
		}
	}
	assert_int_equal(bad, 0);
}

/* The selection must be told from the other buttons by more than a shade:
 * its background differs from the items', and so does the focused link's
 * from a plain link's. */
static void test_selection_stands_out(void **state)
{
	(void)state;
	assert_int_not_equal(palette[ROLE_SELECTED].bg, palette[ROLE_ITEM].bg);
	assert_int_not_equal(palette[ROLE_FOCUS].bg, palette[ROLE_LINK].bg);
	assert_int_not_equal(palette[ROLE_MARK].bg, palette[ROLE_TEXT].bg);
}

/* Without colours, what must be told apart still is: by attributes. */
static void test_monochrome(void **state)
{
	(void)state;
	static const enum role apart[][2] = {
		{ROLE_ITEM, ROLE_SELECTED}, {ROLE_LINK, ROLE_FOCUS}, {ROLE_TEXT, ROLE_MARK},
		{ROLE_SELECTED, ROLE_MARK}, {ROLE_TEXT, ROLE_WARN},  {ROLE_TEXT, ROLE_LINK},
		{ROLE_TEXT, ROLE_HEADING},  {ROLE_TEXT, ROLE_TITLE}, {ROLE_TEXT, ROLE_BAR},
		{ROLE_BAR, ROLE_KEY},       {ROLE_TEXT, ROLE_DIM},   {ROLE_TEXT, ROLE_EMPH},
	};
	for (size_t i = 0; i < NK_ARRAY_LEN(apart); i++)
		if (palette[apart[i][0]].mono == palette[apart[i][1]].mono)
			fail_msg("roles '%c' and '%c' look alike without colours",
				 grid_role_letter(apart[i][0]), grid_role_letter(apart[i][1]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formula),
		cmocka_unit_test(test_every_role),
		cmocka_unit_test(test_selection_stands_out),
		cmocka_unit_test(test_monochrome),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
