/* Tests for core/ime: Telex, VNI and CHV composition, tone placement (old
 * style), undo by repeating a key, and the field with Backspace. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/ime.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

/* Types keys (ASCII) into a fresh field and returns its text. */
static char *typed(enum ime_mode mode, const char *keys)
{
	struct ime *ime = ime_new(mode, 200);
	for (const char *p = keys; *p; p++) {
		if (*p == '\b')
			ime_backspace(ime);
		else
			ime_key(ime, (uint32_t)(unsigned char)*p);
	}
	char *out = xstrdup(ime_text(ime));
	ime_free(&ime);
	return out;
}

static void expect(enum ime_mode mode, const char *keys, const char *want)
{
	char *got = typed(mode, keys);
	if (strcmp(got, want) != 0)
		fail_msg("'%s': want '%s', got '%s'", keys, want, got);
	free(got);
}

static void test_telex(void **state)
{
	(void)state;
	expect(IME_TELEX, "tieengs", "tiếng");
	expect(IME_TELEX, "Vieetj", "Việt");
	expect(IME_TELEX, "nguwowif", "người");
	expect(IME_TELEX, "dduwowngf", "đường");
	expect(IME_TELEX, "DDuwowngf", "Đường");
	expect(IME_TELEX, "Nguyeenx Thij Hoa", "Nguyễn Thị Hoa");
	expect(IME_TELEX, "Hoangf Vawn Thuj", "Hoàng Văn Thụ");
	/* Marks and tones may come after the whole word. */
	expect(IME_TELEX, "tiengse", "tiếng");
	expect(IME_TELEX, "vietje", "việt");
	/* Tone placement, old style. */
	expect(IME_TELEX, "hoaf", "hòa");
	expect(IME_TELEX, "thuyr", "thủy");
	expect(IME_TELEX, "khoer", "khỏe");
	expect(IME_TELEX, "toans", "toán");
	expect(IME_TELEX, "quaf", "quà");
	expect(IME_TELEX, "gias", "giá");
	expect(IME_TELEX, "gif", "gì");
	expect(IME_TELEX, "thuowr", "thuở");
	expect(IME_TELEX, "khuyeenr", "khuyển");
	expect(IME_TELEX, "ddoongf bawngf", "đồng bằng");
	/* Repeating a key undoes it. */
	expect(IME_TELEX, "ass", "as");
	expect(IME_TELEX, "aaa", "aa");
	expect(IME_TELEX, "ddd", "dd");
	expect(IME_TELEX, "tuww", "tuw");
	/* z removes the tone; a tone key with no vowel is a letter. */
	expect(IME_TELEX, "tosz", "to");
	expect(IME_TELEX, "s", "s");
	expect(IME_TELEX, "w", "ư");
	/* Changing the tone. */
	expect(IME_TELEX, "asf", "à");
}

static void test_vni(void **state)
{
	(void)state;
	expect(IME_VNI, "Vie65t", "Việt");
	expect(IME_VNI, "d9u7o7ng2", "đường");
	expect(IME_VNI, "tie6ng1", "tiếng");
	expect(IME_VNI, "ha8n2", "hằn");
	expect(IME_VNI, "a11", "a1");
	expect(IME_VNI, "to10", "to");
	expect(IME_VNI, "2026", "2026");
}

static void test_chv(void **state)
{
	(void)state;
	/* The name of the script itself: Ntơưr Hmôngz Viêx Nangz. */
	expect(IME_CHV, "Ntowuwr Hmoongz Vieex Nangz", "Ntơưr Hmôngz Viêx Nangz");
	/* Tone letters stay letters. */
	expect(IME_CHV, "pos pox poz", "pos pox poz");
	expect(IME_CHV, "ddangz", "đangz");
	/* Only the letter just typed is changed. */
	expect(IME_CHV, "aba", "aba");
	expect(IME_CHV, "w", "w");
}

static void test_off_and_field(void **state)
{
	(void)state;
	expect(IME_OFF, "Hmoob tieengs", "Hmoob tieengs");
	/* Backspace removes the last key of the word being typed. */
	expect(IME_TELEX, "tieengs\b", "tiêng");
	expect(IME_TELEX, "tieengs\b\b\b\b\b", "ti");
	/* ...and whole characters of finished words. */
	expect(IME_TELEX, "Vieetj \b\b", "Việ");
	expect(IME_TELEX, "\b\ba", "a");
	/* The field refuses what would not fit. */
	struct ime *ime = ime_new(IME_TELEX, 4);
	for (const char *p = "aaaaaa"; *p; p++)
		ime_key(ime, (uint32_t)*p);
	assert_true(strlen(ime_text(ime)) <= 4);
	assert_int_equal(ime_key(ime, 0x1b), -1); /* controls never enter */
	ime_clear(ime);
	assert_string_equal(ime_text(ime), "");
	ime_free(&ime);
	assert_null(ime);
	/* Non-Latin letters pass through. */
	ime = ime_new(IME_TELEX, 100);
	ime_key(ime, 0x1ec7); /* ệ typed by another means */
	ime_key(ime, ' ');
	ime_key(ime, 'a');
	ime_key(ime, 'a');
	assert_string_equal(ime_text(ime), "ệ â");
	ime_free(&ime);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_telex),
		cmocka_unit_test(test_vni),
		cmocka_unit_test(test_chv),
		cmocka_unit_test(test_off_and_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
