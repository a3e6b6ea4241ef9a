/* Tests for core/ime: Telex, VNI and CHV composition, tone placement (old
 * style), undo by repeating a key, and the field with Backspace, with a table
 * of what a Vietnamese typist types and expects to see. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/ime.h"
#include "core/text.h"
#include "core/util.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistr.h>
#include <uninorm.h>

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

/*
 * What a typist types and expects, the way Unikey taught the country to type. "\b" is
 * Backspace. Expectations are NFC, as the field's text is; the test checks that too, so that
 * a decomposed literal pasted into this table cannot make a case pass or fail by accident.
 */
struct ime_case {
	enum ime_mode mode;
	const char *keys;
	const char *want;
};

static const struct ime_case cases[] = {
	/* Names, as a villager would give them at the kiosk. */
	{IME_TELEX, "Nguyeenx Vawn An", "Nguyễn Văn An"},
	{IME_TELEX, "Traanf Thij Thuyr", "Trần Thị Thuỷ"},
	{IME_TELEX, "Phamj Minh Tuaans", "Phạm Minh Tuấn"},
	{IME_TELEX, "Lee Thanh Huwowng", "Lê Thanh Hương"},
	{IME_TELEX, "Ddoox Quang Huy", "Đỗ Quang Huy"},
	{IME_TELEX, "Vux Ngocj Anh", "Vũ Ngọc Anh"},
	{IME_TELEX, "Buif Xuaan Phais", "Bùi Xuân Phái"},
	{IME_TELEX, "Hoof Chis Minh", "Hồ Chí Minh"},
	{IME_TELEX, "Ddawngj Thuyf Traam", "Đặng Thuỳ Trâm"},
	{IME_TELEX, "Ddaf Nawngx", "Đà Nẵng"},
	{IME_TELEX, "Laof Cai", "Lào Cai"},
	{IME_TELEX, "Ddieenj Bieen", "Điện Biên"},
	{IME_TELEX, "Quarng Nam", "Quảng Nam"},
	{IME_TELEX, "Thuwaf Thieen Huees", "Thừa Thiên Huế"},
	/* Common words; stacked marks (a hat or horn and a tone on one letter). */
	{IME_TELEX, "beenhj vieenj", "bệnh viện"},
	{IME_TELEX, "owr", "ở"},
	{IME_TELEX, "thuowr", "thuở"},
	{IME_TELEX, "huow", "huơ"},
	{IME_TELEX, "dduwowngf", "đường"},
	{IME_TELEX, "dduowngf", "đường"},
	{IME_TELEX, "dduwowcj", "được"},
	{IME_TELEX, "nguowif", "người"},
	{IME_TELEX, "ruwowuj", "rượu"},
	{IME_TELEX, "nuwowcs", "nước"},
	{IME_TELEX, "nhuwngx", "những"},
	{IME_TELEX, "giuwax", "giữa"},
	{IME_TELEX, "giuwowngf", "giường"},
	{IME_TELEX, "gieengs", "giếng"},
	{IME_TELEX, "ginf", "gìn"},
	{IME_TELEX, "cuar", "của"},
	{IME_TELEX, "muaf", "mùa"},
	{IME_TELEX, "mowis", "mới"},
	{IME_TELEX, "tooi", "tôi"},
	{IME_TELEX, "khoong", "không"},
	{IME_TELEX, "uoongs", "uống"},
	{IME_TELEX, "tuoori", "tuổi"},
	{IME_TELEX, "chuyeenj", "chuyện"},
	{IME_TELEX, "quyeets", "quyết"},
	{IME_TELEX, "quys", "quý"},
	{IME_TELEX, "quoocs", "quốc"},
	{IME_TELEX, "yeeu", "yêu"},
	{IME_TELEX, "hieeur", "hiểu"},
	{IME_TELEX, "khuaays", "khuấy"},
	{IME_TELEX, "khuyur", "khuỷu"},
	{IME_TELEX, "cuwus", "cứu"},
	{IME_TELEX, "guwir", "gửi"},
	{IME_TELEX, "hoaij", "hoại"},
	{IME_TELEX, "ngoaif", "ngoài"},
	{IME_TELEX, "thoats", "thoát"},
	{IME_TELEX, "mias", "mía"},
	{IME_TELEX, "cams own", "cám ơn"},
	{IME_TELEX, "xin chaof", "xin chào"},
	{IME_TELEX, "truwowngf hocj", "trường học"},
	{IME_TELEX, "xooong", "xoong"},
	/* Marks and tones typed late, and a tone changed. */
	{IME_TELEX, "duongfdw", "đường"},
	{IME_TELEX, "thuongw", "thương"},
	{IME_TELEX, "tieengsf", "tiềng"},
	/* Capitals. */
	{IME_TELEX, "VIEETJ NAM", "VIỆT NAM"},
	{IME_TELEX, "DDUWOWNGF", "ĐƯỜNG"},
	{IME_TELEX, "HOAF", "HOÀ"},
	{IME_TELEX, "Dduwowngf", "Đường"},
	{IME_TELEX, "Aa", "Â"},
	{IME_TELEX, "Ow", "Ơ"},
	{IME_TELEX, "W", "Ư"},
	/* Undo by repeating the key. */
	{IME_TELEX, "ooo", "oo"},
	{IME_TELEX, "eee", "ee"},
	{IME_TELEX, "aww", "aw"},
	{IME_TELEX, "tieengss", "tiêngs"},
	{IME_TELEX, "ww", "w"},
	{IME_TELEX, "WW", "W"},
	{IME_TELEX, "tww", "tw"},
	/* Backspace: a tone or mark typed last is what goes... */
	{IME_TELEX, "tieeng\b\b", "tiê"},
	{IME_TELEX, "tieengs\b", "tiêng"},
	{IME_TELEX, "hoanf\b", "hoan"},
	{IME_TELEX, "tiee\b", "tie"},
	{IME_TELEX, "tosz\b", "tó"},
	/* ...but after an undo, the letter on screen goes, not the undo. */
	{IME_TELEX, "ass\b", "a"},
	{IME_TELEX, "aaa\b", "a"},
	{IME_TELEX, "ddd\b", "d"},
	{IME_TELEX, "tuww\b", "tu"},
	{IME_TELEX, "tasns", "tasns"}, /* a tone key met again later is a letter, not an undo */
	{IME_TELEX, "tasns\b", "tán"},  /* Backspace gives back what was there before */
	{IME_TELEX, "order", "order"},
	{IME_TELEX, "ocop\b", "ôc"},
	{IME_TELEX, "tieengss\b", "tiêng"},
	{IME_TELEX, "ww\b", ""},
	{IME_TELEX, "ass\b\b", ""},
	{IME_TELEX, "tuww\bw", "tư"},
	/* w after u and o in any order, and after the final consonants. */
	{IME_TELEX, "Mucws", "Mức"},
	{IME_TELEX, "mucsw", "mức"},
	{IME_TELEX, "truongwf", "trường"},
	{IME_TELEX, "truongfw", "trường"},
	{IME_TELEX, "truowngf", "trường"},
	{IME_TELEX, "nguoiwf", "người"},
	{IME_TELEX, "muaw", "mưa"},
	{IME_TELEX, "muwa", "mưa"},
	{IME_TELEX, "hoawcj", "hoặc"},
	{IME_TELEX, "hoacwj", "hoặc"},
	{IME_TELEX, "thuaanf", "thuần"},
	{IME_TELEX, "quawngs", "quắng"},
	{IME_TELEX, "huwu", "hưu"},
	/* The tone before the hat, breve or horn, and a tone moved as letters come. */
	{IME_TELEX, "Tiesng", "Tiéng"},
	{IME_TELEX, "Tiesnge", "Tiếng"},
	{IME_TELEX, "dduowfng", "đường"},
	{IME_TELEX, "chuyeenr", "chuyển"},
	{IME_TELEX, "chuyenre", "chuyển"},
	{IME_TELEX, "hoanf", "hoàn"},
	{IME_TELEX, "hoaf", "hoà"},
	{IME_TELEX, "hoafn", "hoàn"},
	{IME_TELEX, "khoer", "khoẻ"},
	{IME_TELEX, "thuyr", "thuỷ"},
	{IME_TELEX, "muaf", "mùa"},
	{IME_TELEX, "quaf", "quà"},
	{IME_TELEX, "ngoaif", "ngoài"},
	/* dd, before or after the vowel. */
	{IME_TELEX, "dd", "đ"},
	{IME_TELEX, "ddi", "đi"},
	{IME_TELEX, "did", "đi"},
	{IME_TELEX, "Ddaof taoj", "Đào tạo"},
	{IME_TELEX, "HDND", "HDND"},
	/* Undo by doubling the key. */
	{IME_TELEX, "ddd", "dd"},
	{IME_TELEX, "oww", "ow"},
	{IME_TELEX, "tieengff", "tiêngf"},
	{IME_TELEX, "caaps", "cấp"},
	/* All-caps words are composed only when they make a whole syllable. */
	{IME_TELEX, "OCOP", "OCOP"},
	{IME_TELEX, "UBND", "UBND"},
	{IME_TELEX, "ASEAN", "ASEAN"},
	{IME_TELEX, "WTO", "WTO"},
	{IME_TELEX, "COVID", "COVID"},
	{IME_TELEX, "SX", "SX"},
	{IME_TELEX, "VIEETJ", "VIỆT"},
	{IME_TELEX, "NOONG THOON MOWIS", "NÔNG THÔN MỚI"},
	{IME_TELEX, "sanr phaamr OCOP", "sản phẩm OCOP"},
	/* Words with no Vietnamese reading are left as typed. */
	{IME_TELEX, "ocop", "ocop"},
	{IME_TELEX, "Facebook", "Facebook"},
	{IME_TELEX, "thanks", "thanks"},
	{IME_TELEX, "email", "email"},
	{IME_TELEX, "Kuv yog neeg Hmoob", "Kuv yog neeg Hmoob"},
	{IME_TELEX, "ghaf", "ghaf"},
	{IME_TELEX, "ngif", "ngif"},
	{IME_TELEX, "tocf", "tocf"},
	/* ...but Vietnamese words that look foreign are still composed. */
	{IME_TELEX, "kes", "ké"},
	{IME_TELEX, "Bawcs Kanj", "Bắc Kạn"},
	{IME_TELEX, "Kon Tum", "Kon Tum"},
	{IME_TELEX, "Ddawks Lawks", "Đắk Lắk"},
	{IME_TELEX, "Ddawks Noong", "Đắk Nông"},
	{IME_TELEX, "ghees", "ghế"},
	{IME_TELEX, "nghix", "nghĩ"},
	{IME_TELEX, "gif", "gì"},
	{IME_TELEX, "xooong", "xoong"},
	{IME_TELEX, "khuyur", "khuỷu"},
	/* VNI: the same words with digits. */
	{IME_VNI, "Nguye64n Va8n An", "Nguyễn Văn An"},
	{IME_VNI, "Vie65t Nam", "Việt Nam"},
	{IME_VNI, "Tie61ng Vie65t", "Tiếng Việt"},
	{IME_VNI, "d9uo7ng2", "đường"},
	{IME_VNI, "ngu7o7i2", "người"},
	{IME_VNI, "d9u7o7c5", "được"},
	{IME_VNI, "nu7o7c1", "nước"},
	{IME_VNI, "thuo73", "thuở"},
	{IME_VNI, "o73", "ở"},
	{IME_VNI, "D9a2 Na8ng4", "Đà Nẵng"},
	{IME_VNI, "Thu7a2 Thie6n Hue61", "Thừa Thiên Huế"},
	{IME_VNI, "Qua3ng Nam", "Quảng Nam"},
	{IME_VNI, "ho2a", "hoà"},
	{IME_VNI, "hoa2", "hoà"},
	{IME_VNI, "khuye6n1", "khuyến"},
	{IME_VNI, "gio61ng", "giống"},
	{IME_VNI, "VIE65T", "VIỆT"},
	{IME_VNI, "D9U7O7NG2", "ĐƯỜNG"},
	{IME_VNI, "a66", "a6"},
	{IME_VNI, "d99", "d9"},
	{IME_VNI, "tu77", "tu7"},
	{IME_VNI, "tie6ng1\b", "tiêng"},
	{IME_VNI, "a11\b", "a"},
	{IME_VNI, "a66\b", "a"},
	{IME_VNI, "d99\b", "d"},
	{IME_VNI, "tu77\b", "tu"},
	{IME_VNI, "a88\b", "a"},
	{IME_VNI, "Muc71", "Mức"},
	{IME_VNI, "mu1c7", "mức"},
	{IME_VNI, "OCOP", "OCOP"},
	{IME_VNI, "ho2a", "hoà"},
	/* Hmong and Dao: RPA and the Unified Script are plain letters. */
	{IME_OFF, "Kuv yog neeg Hmoob", "Kuv yog neeg Hmoob"},
	{IME_OFF, "kawm ntawv", "kawm ntawv"},
	{IME_OFF, "Mienh nyei waac", "Mienh nyei waac"},
};

/* The keys as they would be written in this file, so a failure shows "\b" and not a
 * Backspace that the terminal then acts on. */
static char *shown_keys(const char *keys)
{
	char *out = xmalloc(2 * strlen(keys) + 1), *o = out;
	for (const char *p = keys; *p; p++) {
		if (*p == '\b') {
			*o++ = '\\';
			*o++ = 'b';
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

static void test_table(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < NK_ARRAY_LEN(cases); i++) {
		const struct ime_case *c = &cases[i];
		char *nfc = NULL;
		assert_int_equal(text_nfc(c->want, strlen(c->want), &nfc, NULL), NK_OK);
		if (strcmp(nfc, c->want) != 0) {
			print_error("case %zu: the expectation '%s' is not NFC\n", i, c->want);
			bad++;
		}
		free(nfc);
		char *got = typed(c->mode, c->keys);
		if (strcmp(got, c->want) != 0) {
			char *k = shown_keys(c->keys);
			print_error("%s '%s': want '%s', got '%s'\n",
				    ime_mode_name(c->mode), k, c->want, got);
			free(k);
			bad++;
		}
		free(got);
	}
	assert_true(NK_ARRAY_LEN(cases) >= 150);
	assert_int_equal(bad, 0);
}

/* ime_compose is the same machine without a field: one word, no Backspace. */
static void test_compose_matches_field(void **state)
{
	(void)state;
	for (size_t i = 0; i < NK_ARRAY_LEN(cases); i++) {
		const struct ime_case *c = &cases[i];
		if (strchr(c->keys, ' ') || strchr(c->keys, '\b'))
			continue;
		uint32_t keys[64];
		size_t n = strlen(c->keys);
		assert_true(n <= NK_ARRAY_LEN(keys));
		for (size_t k = 0; k < n; k++)
			keys[k] = (uint32_t)(unsigned char)c->keys[k];
		char *got = ime_compose(c->mode, keys, n);
		assert_string_equal(got, c->want);
		free(got);
	}
}

static void test_telex(void **state)
{
	(void)state;
	expect(IME_TELEX, "tieengs", "tiếng");
	expect(IME_TELEX, "Vieetj", "Việt");
	expect(IME_TELEX, "nguwowif", "người");
	expect(IME_TELEX, "nguwoif", "người");
	expect(IME_TELEX, "Truwongf", "Trường");
	expect(IME_TELEX, "dduwowngf", "đường");
	expect(IME_TELEX, "DDuwowngf", "Đường");
	expect(IME_TELEX, "Nguyeenx Thij Hoa", "Nguyễn Thị Hoa");
	expect(IME_TELEX, "Hoangf Vawn Thuj", "Hoàng Văn Thụ");
	/* Marks and tones may come after the whole word. */
	expect(IME_TELEX, "tiengse", "tiếng");
	expect(IME_TELEX, "vietje", "việt");
	/* Tone placement, modern style. */
	expect(IME_TELEX, "hoaf", "hoà");
	expect(IME_TELEX, "thuyr", "thuỷ");
	expect(IME_TELEX, "khoer", "khoẻ");
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

/* Hmong and Dao fields start with plain letters, so RPA and the Unified Script come out as
 * typed; the CHV mode is the next F3 press after VNI, not the start. */
static void test_mode_for_lang(void **state)
{
	(void)state;
	assert_int_equal(ime_mode_for_lang("vi"), IME_TELEX);
	assert_int_equal(ime_mode_for_lang("hmn"), IME_OFF);
	assert_int_equal(ime_mode_for_lang("ium"), IME_OFF);
	expect(ime_mode_for_lang("hmn"), "Kuv yog neeg Hmoob, kawm ntawv", "Kuv yog neeg Hmoob, kawm ntawv");
	expect(ime_mode_for_lang("ium"), "Mienh nyei waac", "Mienh nyei waac");
	enum ime_mode m = IME_TELEX;
	const char *seen[4];
	for (int i = 0; i < 4; i++) {
		seen[i] = ime_mode_name(m);
		m = ime_mode_next(m);
	}
	assert_int_equal(m, IME_TELEX);
	assert_string_equal(seen[0], "Telex");
	assert_string_equal(seen[1], "VNI");
	assert_string_equal(seen[2], "Hmông");
	assert_string_equal(seen[3], "abc");
}

/* --- every Vietnamese word of the bundled articles, typed in Telex ------------------ */

/* A word split into its letters without the tone (NFC) and its tone mark (0 for none). */
static void untone(const char *word, char *base, size_t cap, uint32_t *tone)
{
	size_t n = 0;
	uint8_t *d = u8_normalize(UNINORM_NFD, (const uint8_t *)word, strlen(word), NULL, &n);
	assert_non_null(d);
	char *kept = xmalloc(n + 1);
	size_t k = 0;
	*tone = 0;
	for (size_t i = 0; i < n;) {
		ucs4_t c;
		int l = u8_mbtouc(&c, d + i, n - i);
		if (c == 0x301 || c == 0x300 || c == 0x309 || c == 0x303 || c == 0x323)
			*tone = c;
		else
			memcpy(kept + k, d + i, (size_t)l), k += (size_t)l;
		i += (size_t)l;
	}
	char *nfc = NULL;
	assert_int_equal(text_nfc(kept, k, &nfc, NULL), NK_OK);
	snprintf(base, cap, "%s", nfc);
	free(nfc);
	free(kept);
	free(d);
}

/* The Telex keys a typist would press for a word: each letter, its hat as the vowel again,
 * its horn or breve as w, đ as dd, and the tone key last. 0 when the word has something
 * Telex does not type that way (digits, a w, f, j or z written as a letter, đ inside). */
static size_t telex_keys(const char *word, uint32_t *keys, size_t cap)
{
	size_t n = 0, k = 0;
	uint8_t *d = u8_normalize(UNINORM_NFD, (const uint8_t *)word, strlen(word), NULL, &n);
	char tone = 0;
	for (size_t i = 0; i < n && k + 2 < cap;) {
		ucs4_t c;
		i += (size_t)u8_mbtouc(&c, d + i, n - i);
		char t = c == 0x301 ? 's' : c == 0x300 ? 'f' : c == 0x309 ? 'r' : c == 0x303 ? 'x'
			: c == 0x323 ? 'j' : 0;
		if (t) {
			tone = t;
		} else if (c == 0x302 && k > 0) {
			keys[k] = keys[k - 1];
			k++;
		} else if ((c == 0x306 || c == 0x31b) && k > 0) {
			keys[k++] = 'w';
		} else if ((c == 0x111 || c == 0x110) && k == 0) {
			keys[k++] = c == 0x111 ? 'd' : 'D';
			keys[k++] = c == 0x111 ? 'd' : 'D';
		} else if (c < 0x80 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) &&
			   !strchr("fjwzFJWZ", (int)c)) {
			keys[k++] = c;
		} else {
			k = 0;
			break;
		}
	}
	free(d);
	if (k && tone)
		keys[k++] = (uint32_t)tone;
	return k;
}

/* Each word of every Vietnamese article, typed the Telex way, comes back with the same
 * letters and tone (the tone's place may differ: the articles keep the old style). */
static void test_article_words(void **state)
{
	(void)state;
	char *dir = xasprintf("%s/content/articles", getenv("NTMKIOSK_DATADIR"));
	DIR *dp = opendir(dir);
	assert_non_null(dp);
	size_t words = 0, bad = 0;
	struct dirent *e;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *path = xasprintf("%s/%s/vi.md", dir, e->d_name), *text = NULL;
		size_t len;
		if (util_read_file(path, &text, &len, NULL) != 0) {
			free(path);
			continue;
		}
		for (char *p = text; *p;) {
			/* a word: a run of letters (ASCII letters or any non-ASCII character) */
			char *q = p;
			while (*q && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
				      (unsigned char)*q >= 0x80))
				q++;
			if (q == p) {
				p++;
				continue;
			}
			char *word = xstrndup(p, (size_t)(q - p));
			p = q;
			/* Only words with a Vietnamese letter: the articles quote English too
			 * (sources, names), and "is" typed in Telex is "í", as in every engine. */
			bool vietnamese = false;
			for (const char *c = word; *c; c++)
				vietnamese |= (unsigned char)*c >= 0x80;
			if (!vietnamese) {
				free(word);
				continue;
			}
			uint32_t keys[64];
			size_t nk = telex_keys(word, keys, NK_ARRAY_LEN(keys));
			if (nk) {
				char *got = ime_compose(IME_TELEX, keys, nk);
				char wb[128], gb[128];
				uint32_t wt, gt;
				untone(word, wb, sizeof wb, &wt);
				untone(got, gb, sizeof gb, &gt);
				words++;
				if (strcmp(wb, gb) != 0 || wt != gt) {
					print_error("%s: '%s' typed gives '%s'\n", e->d_name, word, got);
					bad++;
				}
				free(got);
			}
			free(word);
		}
		free(text);
		free(path);
	}
	closedir(dp);
	free(dir);
	assert_true(words > 500);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_telex),
		cmocka_unit_test(test_vni),
		cmocka_unit_test(test_chv),
		cmocka_unit_test(test_off_and_field),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_compose_matches_field),
		cmocka_unit_test(test_mode_for_lang),
		cmocka_unit_test(test_article_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
