/*
 * Unit tests for core/text: UTF-8 validation, NFC, width, grapheme clusters, wrapping, search
 * folding, Vietnamese collation and terminal sanitizing. They use real Vietnamese (and some
 * Hmong and Dao) text in NFC and NFD, and the escape sequences an attacker would send. They
 * do not test ncurses output or the database, which have tests of their own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <uninorm.h>
#include <unistr.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>

#include "core/text.h"
#include "core/util.h"

/* "Việt" in NFC and in NFD (e + dot below + circumflex, the canonical order). */
#define VIET_NFC "Vi\xe1\xbb\x87t"
#define VIET_NFD "Vie\xcc\xa3\xcc\x82t"
#define E_NFD "e\xcc\xa3\xcc\x82"

/* NFD of a NUL-terminated string, through libunistring rather than the code under test. */
static char *nfd(const char *s)
{
	size_t len = 0;
	uint8_t *d = u8_normalize(UNINORM_NFD, (const uint8_t *)s, strlen(s), NULL, &len);
	assert_non_null(d);
	char *r = xstrndup((const char *)d, len);
	free(d);
	return r;
}

static char *repeat(const char *unit, size_t times)
{
	size_t ul = strlen(unit);
	char *r = xmalloc(ul * times + 1);
	for (size_t i = 0; i < times; i++)
		memcpy(r + i * ul, unit, ul);
	r[ul * times] = '\0';
	return r;
}

static void assert_nfc(const char *in, const char *want)
{
	char *out = NULL, *err = NULL;
	assert_int_equal(text_nfc(in, strlen(in), &out, &err), NK_OK);
	assert_null(err);
	assert_string_equal(out, want);
	free(out);
}

static void test_valid_utf8(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t n;
		bool ok;
		size_t off;
	} cases[] = {
		{ "", 0, true, 0 },
		{ "plain ASCII", 11, true, 0 },
		{ VIET_NFC " " VIET_NFD, 15, true, 0 },
		{ "\xf0\x9f\x87\xbb\xf0\x9f\x87\xb3", 8, true, 0 },	/* flag, 4-byte */
		{ "\xf4\x8f\xbf\xbf", 4, true, 0 },			/* U+10FFFF */
		{ "abc\xff", 4, false, 3 },				/* lone 0xff */
		{ "ab\xe1\xbb", 4, false, 2 },				/* truncated ệ */
		{ "x\xe1\xbbz", 4, false, 1 },				/* cut short */
		{ "\xc0\xaf", 2, false, 0 },				/* overlong '/' */
		{ "ok\xe0\x80\xaf", 5, false, 2 },			/* overlong, 3 bytes */
		{ "Vi\xed\xa0\x80", 5, false, 2 },			/* surrogate */
		{ "\xf4\x90\x80\x80", 4, false, 0 },			/* past U+10FFFF */
		{ "a\x80", 2, false, 1 },				/* stray continuation */
	};
	for (size_t i = 0; i < NK_ARRAY_LEN(cases); i++) {
		size_t off = 12345;
		bool ok = text_valid_utf8(cases[i].s, cases[i].n, &off);
		assert_int_equal(ok, cases[i].ok);
		if (!ok)
			assert_int_equal(off, cases[i].off);
	}
	/* The length is honoured: the bad byte past n is not looked at. */
	assert_true(text_valid_utf8("abc\xff", 3, NULL));
	assert_false(text_valid_utf8("\xff", 1, NULL));
}

static void test_line_col(void **state)
{
	(void)state;
	const char *s = "ab\ncd\n\nef";
	static const struct {
		size_t off, line, col;
	} cases[] = {
		{ 0, 1, 1 }, { 1, 1, 2 }, { 2, 1, 3 }, { 3, 2, 1 }, { 5, 2, 3 },
		{ 6, 3, 1 }, { 7, 4, 1 }, { 8, 4, 2 }, { 9, 4, 3 },
	};
	for (size_t i = 0; i < NK_ARRAY_LEN(cases); i++) {
		size_t line = 0, col = 0;
		text_line_col(s, cases[i].off, &line, &col);
		assert_int_equal(line, cases[i].line);
		assert_int_equal(col, cases[i].col);
	}
	/* Columns count bytes: "Việt" is 6 bytes, so the 'x' after it is column 7. */
	const char *v = "\n" VIET_NFC "x";
	size_t line = 0, col = 0;
	text_line_col(v, 7, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 7);
}

static void test_nfc_stacked_marks(void **state)
{
	(void)state;
	assert_nfc(VIET_NFD, VIET_NFC);
	/* The marks of ệ typed in the other order are reordered canonically first. */
	assert_nfc("Vie\xcc\x82\xcc\xa3t", VIET_NFC);
	/* ê + combining dot below, as Windows-1258 writes it. */
	assert_nfc("Vi\xc3\xaa\xcc\xa3t", VIET_NFC);
	/* ở = o + horn + hook above; ườ = u + horn, o + horn + grave. */
	assert_nfc("o\xcc\x9b\xcc\x89", "\xe1\xbb\x9f");
	assert_nfc("u\xcc\x9bo\xcc\x9b\xcc\x80", "\xc6\xb0\xe1\xbb\x9d");
	assert_nfc("\xc4\x90u\xcc\x9bo\xcc\x9b\xcc\x80ng", "Đường");
	/* The tone on the u instead is another word to NFC: no recomposition moves it. */
	assert_nfc("\xc4\x90u\xcc\x9b\xcc\x80o\xcc\x9bng", "Đừơng");
	/* Already NFC and ASCII come back unchanged. */
	assert_nfc("Đường Hồ Chí Minh", "Đường Hồ Chí Minh");
	assert_nfc("", "");
	/* NFC can be longer than its input: U+0958 is a composition exclusion. Many of them
	 * need more than the first guess at the output size. */
	char *qa = repeat("\xe0\xa5\x98", 1000), *want = repeat("\xe0\xa4\x95\xe0\xa4\xbc", 1000);
	assert_nfc(qa, want);
	free(qa);
	free(want);
}

/* NFC works on pieces of the input; an NFD letter straddling any piece boundary must still
 * compose, and nothing may be lost or doubled. */
static void test_nfc_across_chunks(void **state)
{
	(void)state;
	for (size_t lead = 65520; lead <= 65540; lead++) {
		char *s = xmalloc(lead + 32);
		memset(s, 'a', lead);
		strcpy(s + lead, VIET_NFD " " E_NFD);
		char *out = NULL;
		assert_int_equal(text_nfc(s, strlen(s), &out, NULL), NK_OK);
		assert_int_equal(strlen(out), lead + strlen(VIET_NFC " \xe1\xbb\x87"));
		assert_memory_equal(out + lead, VIET_NFC " \xe1\xbb\x87", 10);
		for (size_t i = 0; i < lead; i++)
			if (out[i] != 'a')
				fail_msg("byte %zu changed with lead %zu", i, lead);
		free(out);
		free(s);
	}
}

static void test_nfc_invalid(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t n;
		const char *msg;
	} cases[] = {
		{ "abc\xff", 4, "invalid UTF-8 at byte 3 (0xff)" },
		{ "ab\xe1\xbb", 4, "invalid UTF-8 at byte 2 (0xe1)" },
		{ "\xc0\xaf", 2, "invalid UTF-8 at byte 0 (0xc0)" },
		{ "Vi\xed\xa0\x80", 5, "invalid UTF-8 at byte 2 (0xed)" },
	};
	for (size_t i = 0; i < NK_ARRAY_LEN(cases); i++) {
		char *out = (char *)"untouched", *err = NULL;
		assert_int_equal(text_nfc(cases[i].s, cases[i].n, &out, &err), NK_EINVAL);
		assert_null(out);
		assert_non_null(err);
		assert_string_equal(err, cases[i].msg);
		free(err);
	}
	char *out = NULL;
	assert_int_equal(text_nfc("\xff", 1, &out, NULL), NK_EINVAL);
	assert_null(out);
}

/*
 * text_nfc_stable lets text_nfc skip ICU: every code point it accepts must
 * be NFC on its own (quick check YES) and combine with nothing (class 0), by
 * ICU's own data; what it refuses still goes through ICU.
 */
static void test_nfc_stable(void **state)
{
	(void)state;
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
	assert_true(U_SUCCESS(st));
	int accepted = 0;
	for (UChar32 c = 1; c <= 0x2ffff; c++) {
		if (c >= 0xd800 && c <= 0xdfff)
			continue;
		uint8_t u8[4];
		int n = u8_uctomb(u8, (ucs4_t)c, 4);
		assert_true(n > 0);
		if (!text_nfc_stable((const char *)u8, (size_t)n))
			continue;
		accepted++;
		UChar u16[2];
		int32_t n16 = 0;
		U16_APPEND_UNSAFE(u16, n16, c);
		st = U_ZERO_ERROR;
		if (unorm2_quickCheck(nfc, u16, n16, &st) != UNORM_YES ||
		    unorm2_getCombiningClass(nfc, c) != 0)
			fail_msg("U+%04X is taken as NFC on its own, and ICU disagrees", (unsigned)c);
	}
	assert_true(accepted > 1000);
	const char *picker = "Ti\xe1\xba\xbfng Vi\xe1\xbb\x87t \xe2\x86\x91\xe2\x86\x93";
	assert_true(text_nfc_stable(picker, strlen(picker)));
	assert_false(text_nfc_stable("Vie\xcc\x82\xcc\xa3t", 9)); /* marks to compose */
	assert_false(text_nfc_stable("\xe2\x86\x9a", 3));         /* U+219A decomposes */
	assert_false(text_nfc_stable("\xc3", 1));                 /* cut short */
	assert_false(text_nfc_stable("\xed\xa0\x80", 3));         /* a surrogate */
	/* Either way text_nfc gives NFC. */
	char *out = NULL;
	assert_int_equal(text_nfc("Vie\xcc\x82\xcc\xa3t", 9, &out, NULL), NK_OK);
	assert_string_equal(out, "Vi\xe1\xbb\x87t");
	free(out);
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(text_width(VIET_NFC, strlen(VIET_NFC)), 4);
	assert_int_equal(text_width(VIET_NFD, strlen(VIET_NFD)), 4);
	char *d = nfd("Việt đường");
	assert_int_equal(strlen(d), 21);	/* really decomposed: 8 more bytes */
	assert_int_equal(text_width(d, strlen(d)), 10);
	free(d);
	assert_int_equal(text_width("Việt đường", strlen("Việt đường")), 10);
	assert_int_equal(text_width("\xe4\xb8\xad\xe6\x96\x87", 6), 4);	/* CJK, wide */
	assert_int_equal(text_width("a\x01\x1b" "b\x7f", 5), 2);	/* controls count 0 */
	assert_int_equal(text_width("a\0b", 3), 2);			/* NUL does not end it */
	assert_int_equal(text_width("", 0), 0);
	assert_int_equal(text_width("abc", 2), 2);			/* n is honoured */
}

static void test_grapheme_len(void **state)
{
	(void)state;
	assert_int_equal(text_grapheme_len(E_NFD "t", 6), 5);
	assert_int_equal(text_grapheme_len("ab", 2), 1);
	assert_int_equal(text_grapheme_len("\r\nx", 3), 2);
	assert_int_equal(text_grapheme_len("\xe1\xbb\x87t", 4), 3);
	assert_int_equal(text_grapheme_len("", 0), 0);
	assert_int_equal(text_grapheme_len(E_NFD, 3), 3);		/* n is honoured */
	/* Two flags (regional indicator pairs) and a ZWJ family: whole clusters, which
	 * libunistring's pairwise u8_grapheme_next gets wrong. */
	const char *flags = "\xf0\x9f\x87\xbb\xf0\x9f\x87\xb3\xf0\x9f\x87\xbb\xf0\x9f\x87\xb3";
	assert_int_equal(text_grapheme_len(flags, 16), 8);
	const char *family = "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
			     "\xf0\x9f\x91\xa7!";
	assert_int_equal(text_grapheme_len(family, strlen(family)), 18);
	/* A base letter with 300 marks is one cluster however long it is. */
	char *marks = repeat("\xcc\xa3", 300);
	char *s = xmalloc(2 + 600 + 2);
	s[0] = 'e';
	memcpy(s + 1, marks, 600);
	memcpy(s + 601, "x", 2);
	assert_int_equal(text_grapheme_len(s, 602), 601);
	free(s);
	free(marks);
}

/* Checks what every wrapping must satisfy and returns the lines joined by single spaces. */
static char *check_lines(const char *s, const struct text_line *v, size_t nv, int width)
{
	struct {
		char *p;
		size_t len;
	} j = { xmalloc(strlen(s) + nv + 1), 0 };
	for (size_t i = 0; i < nv; i++) {
		const char *l = s + v[i].off;
		assert_true(v[i].off + v[i].len <= strlen(s));
		assert_true(v[i].width <= width);
		assert_int_equal(v[i].width, text_width(l, v[i].len));
		if (v[i].len) {
			assert_true(l[0] != ' ');
			assert_true(l[v[i].len - 1] != ' ');
			/* Starts on a cluster boundary: not inside a character, and not on
			 * a combining mark (U+0300-U+036F are CC 80 to CD AF). */
			unsigned char c = (unsigned char)l[0];
			assert_true((c & 0xc0) != 0x80 && c != 0xcc && c != 0xcd);
		}
		if (i)
			j.p[j.len++] = ' ';
		memcpy(j.p + j.len, l, v[i].len);
		j.len += v[i].len;
	}
	j.p[j.len] = '\0';
	return j.p;
}

static const char sentence[] =
	"Ủy ban nhân dân xã thông báo lịch tiêm chủng mở rộng cho trẻ em dưới năm tuổi "
	"vào sáng thứ Hai tại trạm y tế xã.";

static void test_wrap_sentence(void **state)
{
	(void)state;
	static const int widths[] = { 20, 40, 80 };
	char *d = nfd(sentence);
	for (size_t w = 0; w < NK_ARRAY_LEN(widths); w++) {
		struct text_line *v = NULL, *vd = NULL;
		size_t nv = text_wrap(sentence, strlen(sentence), widths[w], &v);
		char *joined = check_lines(sentence, v, nv, widths[w]);
		assert_string_equal(joined, sentence);
		free(joined);
		/* NFD text must break at the same words with the same widths. */
		size_t nd = text_wrap(d, strlen(d), widths[w], &vd);
		joined = check_lines(d, vd, nd, widths[w]);
		assert_string_equal(joined, d);
		free(joined);
		assert_int_equal(nd, nv);
		for (size_t i = 0; i < nv; i++)
			assert_int_equal(vd[i].width, v[i].width);
		/* Greedy: the first word of each next line would not have fitted. */
		for (size_t i = 0; i + 1 < nv; i++) {
			const char *next = sentence + v[i + 1].off;
			size_t wl = strcspn(next, " ");
			assert_true(v[i].width + 1 + text_width(next, wl) > widths[w]);
		}
		free(v);
		free(vd);
	}
	free(d);

	/* Exact breaks at 20; two lines fill all 20 columns, so an off-by-one shows. */
	static const char *const want[] = {
		"Ủy ban nhân dân xã", "thông báo lịch tiêm", "chủng mở rộng cho",
		"trẻ em dưới năm tuổi", "vào sáng thứ Hai tại", "trạm y tế xã.",
	};
	static const int want_w[] = { 18, 19, 17, 20, 20, 13 };
	struct text_line *v = NULL;
	size_t nv = text_wrap(sentence, strlen(sentence), 20, &v);
	assert_int_equal(nv, NK_ARRAY_LEN(want));
	for (size_t i = 0; i < nv; i++) {
		assert_int_equal(v[i].len, strlen(want[i]));
		assert_memory_equal(sentence + v[i].off, want[i], v[i].len);
		assert_int_equal(v[i].width, want_w[i]);
	}
	free(v);

	/* At 80 the whole sentence (112 columns) takes two lines; "vào" would make 81. */
	assert_int_equal(text_width(sentence, strlen(sentence)), 112);
	nv = text_wrap(sentence, strlen(sentence), 80, &v);
	assert_int_equal(nv, 2);
	assert_int_equal(v[0].width, 77);
	assert_int_equal(v[1].off, strlen(sentence) - strlen("vào sáng thứ Hai tại trạm y tế xã."));
	assert_int_equal(v[1].width, 34);
	free(v);
}

static void test_wrap_long_word(void **state)
{
	(void)state;
	/* 30 × ệ in NFD (5 bytes each) at width 7: 7, 7, 7, 7 and 2 clusters, each line
	 * starting on an 'e', never between the e and its marks or between the two marks. */
	char *s = repeat(E_NFD, 30);
	struct text_line *v = NULL;
	size_t nv = text_wrap(s, strlen(s), 7, &v);
	assert_int_equal(nv, 5);
	for (size_t i = 0; i < nv; i++) {
		assert_int_equal(v[i].off, i * 35);
		assert_int_equal(v[i].len, i < 4 ? 35 : 10);
		assert_int_equal(v[i].width, i < 4 ? 7 : 2);
		assert_int_equal(s[v[i].off], 'e');
	}
	free(v);
	free(s);

	/* A long word after a short one: the short one keeps its own line. */
	const char *t = "ab cdefghij";
	nv = text_wrap(t, strlen(t), 4, &v);
	assert_int_equal(nv, 3);
	assert_int_equal(v[0].off, 0);
	assert_int_equal(v[0].len, 2);
	assert_int_equal(v[1].off, 3);
	assert_int_equal(v[1].len, 4);
	assert_int_equal(v[2].off, 7);
	assert_int_equal(v[2].len, 4);
	free(v);

	/* Wide characters at width 3: two columns each, never three on a line. */
	const char *cjk = "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad";
	nv = text_wrap(cjk, strlen(cjk), 3, &v);
	assert_int_equal(nv, 3);
	for (size_t i = 0; i < nv; i++)
		assert_int_equal(v[i].width, 2);
	free(v);
}

static void test_wrap_breaks_and_spaces(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int width;
		size_t n;
		const char *lines[4];
	} cases[] = {
		{ "", 10, 1, { "" } },
		{ "a\nb", 10, 2, { "a", "b" } },
		{ "a\n\nb", 10, 3, { "a", "", "b" } },
		{ "a\r\nb", 10, 2, { "a", "b" } },
		{ "word\n", 10, 2, { "word", "" } },
		{ "abc   \ndef", 10, 2, { "abc", "def" } },
		{ "abc     def", 3, 2, { "abc", "def" } },
		{ "abc     ", 5, 1, { "abc" } },
		{ "  indented", 20, 1, { "  indented" } },
		{ "Hà-Nội", 4, 2, { "Hà-", "Nội" } },
		{ "Ủy ban nhân dân", 100, 1, { "Ủy ban nhân dân" } },
		{ "ab cd", 5, 1, { "ab cd" } },
		{ "ab cd", 4, 2, { "ab", "cd" } },
	};
	for (size_t c = 0; c < NK_ARRAY_LEN(cases); c++) {
		struct text_line *v = NULL;
		const char *s = cases[c].s;
		size_t nv = text_wrap(s, strlen(s), cases[c].width, &v);
		if (nv != cases[c].n)
			fail_msg("case %zu (\"%s\"): %zu lines, want %zu", c, s, nv, cases[c].n);
		for (size_t i = 0; i < nv; i++) {
			assert_int_equal(v[i].len, strlen(cases[c].lines[i]));
			assert_memory_equal(s + v[i].off, cases[c].lines[i], v[i].len);
			assert_int_equal(v[i].width, text_width(s + v[i].off, v[i].len));
			assert_true(v[i].width <= cases[c].width);
		}
		free(v);
	}
}

static void expect_fold(const char *in, const char *want)
{
	char *f = text_fold(in, strlen(in));
	assert_string_equal(f, want);
	free(f);
	/* NFD input folds the same. */
	char *d = nfd(in);
	f = text_fold(d, strlen(d));
	assert_string_equal(f, want);
	free(f);
	free(d);
}

static void test_fold(void **state)
{
	(void)state;
	expect_fold("Nghị định", "nghi dinh");
	expect_fold(VIET_NFC, "viet");
	char *f = text_fold(VIET_NFD, strlen(VIET_NFD));
	assert_string_equal(f, "viet");
	free(f);
	expect_fold("H'Mông", "hmong");
	expect_fold("H\xe2\x80\x99Mông", "hmong");
	expect_fold("Hmông", "hmong");
	expect_fold("HMONG", "hmong");
	expect_fold("ĐƯỜNG", "duong");
	expect_fold("đường", "duong");
	expect_fold("Thuở NGƯỜI Ủy", "thuo nguoi uy");
	expect_fold("da'nyeic", "danyeic");	/* Dao, IMUS */
	expect_fold("\xc3\x90\xc3\xb0", "dd");	/* Ð ð, look-alikes of Đ đ */
	expect_fold("", "");
	/* Every one of the 134 Vietnamese letters, lower and upper case. */
	static const struct {
		const char *letters;
		char base;
	} groups[] = {
		{ "aàảãáạăằẳẵắặâầẩẫấậAÀẢÃÁẠĂẰẲẴẮẶÂẦẨẪẤẬ", 'a' },
		{ "eèẻẽéẹêềểễếệEÈẺẼÉẸÊỀỂỄẾỆ", 'e' },
		{ "iìỉĩíịIÌỈĨÍỊ", 'i' },
		{ "oòỏõóọôồổỗốộơờởỡớợOÒỎÕÓỌÔỒỔỖỐỘƠỜỞỠỚỢ", 'o' },
		{ "uùủũúụưừửữứựUÙỦŨÚỤƯỪỬỮỨỰ", 'u' },
		{ "yỳỷỹýỵYỲỶỸÝỴ", 'y' },
		{ "dđDĐ", 'd' },
	};
	size_t total = 0;
	for (size_t g = 0; g < NK_ARRAY_LEN(groups); g++) {
		char one[2] = { groups[g].base, '\0' };
		size_t count = 0;
		for (const char *p = groups[g].letters; *p; p++)
			count += ((unsigned char)*p & 0xc0) != 0x80;
		total += count;
		char *want = repeat(one, count);
		expect_fold(groups[g].letters, want);
		free(want);
	}
	assert_int_equal(total, 2 * (67 + 7));	/* 67 marked letters + a e i o u y d */
	/* Invalid bytes are dropped, the rest folds. */
	f = text_fold("a\xff" "B\xe1\xbb" "\xc4\x90", 7);
	assert_string_equal(f, "abd");
	free(f);
	f = text_fold("x\0y", 3);
	assert_string_equal(f, "xy");
	free(f);
}

static void test_collate(void **state)
{
	(void)state;
	const char *names[] = {
		"Đặng", "Dương", "An", "Ánh", "Ân", "Ăn", "Bình", "Ơn", "Ông", "Ôn", "Út", "Ưng",
		"Ung", "Anh", "Dung", "Đào", "Oanh", "O", "Ẩn", "Ắc",
	};
	/* What ICU 72's "vi" gives: letters a < ă < â, d < đ, o < ô < ơ, u < ư; the tone is
	 * only a secondary difference, so Anh < Ánh < Ắc (c before n) < Ăn. */
	static const char *const want[] = {
		"An", "Anh", "Ánh", "Ắc", "Ăn", "Ân", "Ẩn", "Bình", "Dung", "Dương", "Đào",
		"Đặng", "O", "Oanh", "Ôn", "Ông", "Ơn", "Ung", "Út", "Ưng",
	};
	_Static_assert(NK_ARRAY_LEN(names) == NK_ARRAY_LEN(want), "same list");
	text_sort(names, NK_ARRAY_LEN(names));
	for (size_t i = 0; i < NK_ARRAY_LEN(want); i++)
		assert_string_equal(names[i], want[i]);

	static const char *const order[] = { "a", "ă", "â", "b", "d", "đ", "e", "ê", "o", "ô",
					     "ơ", "p", "u", "ư", "v" };
	for (size_t i = 0; i + 1 < NK_ARRAY_LEN(order); i++) {
		assert_true(text_collate(order[i], order[i + 1]) < 0);
		assert_true(text_collate(order[i + 1], order[i]) > 0);
	}
	/* đ is a letter after every d word, not a d with a mark. */
	assert_true(text_collate("Dz", "Đa") < 0);
	/* Tones in dictionary order: none, huyền, hỏi, ngã, sắc, nặng. */
	static const char *const tones[] = { "ba", "bà", "bả", "bã", "bá", "bạ" };
	for (size_t i = 0; i + 1 < NK_ARRAY_LEN(tones); i++)
		assert_true(text_collate(tones[i], tones[i + 1]) < 0);
	/* NFD and NFC of one name are the same name. */
	assert_int_equal(text_collate(VIET_NFD, VIET_NFC), 0);
	assert_int_equal(text_collate("Lan", "Lan"), 0);

	/* Equal names still sort deterministically (byte order breaks the tie). */
	const char *dup[] = { VIET_NFC, "An", VIET_NFD, VIET_NFC };
	text_sort(dup, 4);
	assert_string_equal(dup[0], "An");
	assert_string_equal(dup[1], VIET_NFD);	/* 'e' < 0xe1 */
	assert_string_equal(dup[2], VIET_NFC);
	assert_string_equal(dup[3], VIET_NFC);

	/* After cleanup the collator comes back on demand. */
	text_cleanup();
	assert_true(text_collate("ă", "â") < 0);
	text_sort(NULL, 0);
}

/* Nothing a terminal would act on: no C0 but "\n" (when allowed), no DEL, no C1 (as UTF-8),
 * no bidi control, and valid UTF-8. */
static void assert_terminal_safe(const char *out, bool newlines_ok)
{
	size_t n = strlen(out);
	assert_true(text_valid_utf8(out, n, NULL));
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)out[i];
		if (c < 0x20 && !(c == '\n' && newlines_ok))
			fail_msg("control 0x%02x at %zu in \"%s\"", c, i, out);
		assert_int_not_equal(c, 0x7f);
		if (c == 0xc2 && i + 1 < n)
			assert_false((unsigned char)out[i + 1] >= 0x80 &&
				     (unsigned char)out[i + 1] <= 0x9f);
	}
	static const char *const bidi[] = {
		"\xd8\x9c", "\xe2\x80\x8e", "\xe2\x80\x8f", "\xe2\x80\xaa", "\xe2\x80\xab",
		"\xe2\x80\xac", "\xe2\x80\xad", "\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x81\xa7",
		"\xe2\x81\xa8", "\xe2\x81\xa9",
	};
	for (size_t i = 0; i < NK_ARRAY_LEN(bidi); i++)
		assert_null(strstr(out, bidi[i]));
}

static void expect_sanitize(const char *in, size_t n, bool nl, const char *want)
{
	bool bad = true;
	char *out = text_sanitize(in, n, nl, &bad);
	assert_string_equal(out, want);
	assert_false(bad);
	assert_terminal_safe(out, nl);
	free(out);
}

#define SAN(in, want) expect_sanitize(in, sizeof(in) - 1, false, want)

static void test_sanitize_escapes(void **state)
{
	(void)state;
	/* OSC: window title, clipboard write (OSC 52), hyperlink ended by ST. */
	SAN("Tiêu đề\x1b]0;evil title\x07 tiếp", "Tiêu đề tiếp");
	SAN("a\x1b]52;c;ZXZpbA==\x07" "b", "ab");
	SAN("a\x1b]8;;http://x.example/\x1b\\link\x1b]8;;\x1b\\" "b", "alinkb");
	/* CSI: clear screen, cursor home, colours, private modes. */
	SAN("\x1b[2J\x1b[HXin chào", "Xin chào");
	SAN("\x1b[38;5;196mđỏ\x1b[0m", "đỏ");
	SAN("\x1b[?1049h\x1b[?25lx", "x");
	/* DCS (sixel), SOS, PM, APC, all ended by ST. */
	SAN("a\x1bPq#0;2;0;0;0#0~~\x1b\\" "b", "ab");
	SAN("a\x1bXsos\x1b\\" "b\x1b^pm\x1b\\" "c\x1b_apc\x1b\\" "d", "abcd");
	/* BEL ends only OSC: inside DCS it is part of the string, which goes on to ST. */
	SAN("a\x1bPq\x07still dcs\x1b\\" "b", "ab");
	SAN("a\xc2\x98sos\x07more\xc2\x9c" "b", "ab");
	/* 8-bit forms as UTF-8 C1 code points: CSI, OSC, DCS, ST, NEL. */
	SAN("\xc2\x9b" "31mđỏ", "đỏ");
	SAN("\xc2\x9d" "0;title\x07" "x", "x");
	SAN("a\xc2\x90junk\xc2\x9c" "b", "ab");
	SAN("a\xc2\x9d" "0;t\xc2\x9c" "b\xc2\x85" "c", "abc");
	/* Two-character escapes and ones with intermediates (charset designation). */
	SAN("\x1b" "cReset", "Reset");
	SAN("\x1b(0lqk\x1b(B", "lqk");
	SAN("\x1b" "7a\x1b" "8", "a");
	/* Unterminated sequences take the rest of the input with them. */
	SAN("ok\x1b]0;never ends", "ok");
	SAN("ok\x1b[12;", "ok");
	SAN("ok\x1bP never", "ok");
	SAN("ok\x1b", "ok");
	/* CAN aborts a sequence; ESC inside one starts a new one. */
	SAN("\x1b[31\x18x", "x");
	SAN("\x1b[\x1b]0;t\x07ok", "ok");
	/* Bidi controls (Trojan Source), invisible characters. */
	SAN("abc\xe2\x80\xae" "def", "abcdef");
	SAN("\xd8\x9c" "a\xe2\x80\x8e\xe2\x80\x8f\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad"
	    "b\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9" "c", "abc");
	SAN("\xef\xbb\xbfH\xe2\x80\x8bm\xe2\x81\xa0ông", "Hmông");
	/* C0, DEL; TAB is a space; without keep_newlines "\n" is a space too. */
	SAN("a\tb", "a b");
	SAN("a\rb\x07\x08" "c\x7f", "abc");
	SAN("a\0b", "ab");
	SAN("a\nb", "a b");
	expect_sanitize("a\r\nb\n", 5, true, "a\nb\n");
	/* ESC before an ordinary control or letter outside the sequence range. */
	expect_sanitize("x\x1b\ny", 4, true, "x\ny");
	/* The output is NFC, and ordinary text is left alone. */
	SAN(VIET_NFD " Nam", VIET_NFC " Nam");
	SAN("Ủy ban nhân dân xã", "Ủy ban nhân dân xã");
	/* A literal U+FFFD in valid input is not "invalid". */
	SAN("\xef\xbf\xbd", "\xef\xbf\xbd");
	expect_sanitize("", 0, false, "");

	/* had_invalid may be NULL. */
	char *out = text_sanitize("\x1b[2Jok", 6, false, NULL);
	assert_string_equal(out, "ok");
	free(out);
}

static void test_sanitize_invalid(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t n;
		const char *want;
	} cases[] = {
		{ "a\xff" "b", 3, "a\xef\xbf\xbd" "b" },
		{ "a\xe1\xbb", 3, "a\xef\xbf\xbd" },
		{ "a\xe1\xbb" "b", 4, "a\xef\xbf\xbd" "b" },
		{ "\xc0\xaf", 2, "\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xed\xa0\x80", 3, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xf4\x90\x80\x80", 4,
		  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "Vi\xe1\xbb\x87t\x80", 7, VIET_NFC "\xef\xbf\xbd" },
		/* Inside a sequence the bad bytes go with it; the flag is still raised. */
		{ "\x1b]0;\xff\x07ok", 8, "ok" },
		/* After a lone ESC they are text. */
		{ "\x1b\xff", 2, "\xef\xbf\xbd" },
	};
	for (size_t i = 0; i < NK_ARRAY_LEN(cases); i++) {
		bool bad = false;
		char *out = text_sanitize(cases[i].s, cases[i].n, false, &bad);
		assert_string_equal(out, cases[i].want);
		assert_true(bad);
		assert_terminal_safe(out, false);
		free(out);
	}
}

/* 10 MB lines: no fixed buffers, nothing quadratic (this would take minutes otherwise). */
static void test_big_input(void **state)
{
	(void)state;
	const char *unit = "Vi\xe1\xbb\x87t Nam \xc4\x91\xc6\xb0\xe1\xbb\x9dng " VIET_NFD " ";
	size_t ul = strlen(unit), times = 10 * 1024 * 1024 / ul;
	char *s = repeat(unit, times);
	size_t n = ul * times;

	assert_true(text_valid_utf8(s, n, NULL));
	assert_int_equal(text_width(s, n), (int)(times * 20));

	char *out = NULL;
	assert_int_equal(text_nfc(s, n, &out, NULL), NK_OK);
	assert_int_equal(strlen(out), n - times * 2);	/* NFD ệ: 5 bytes → 3 */
	char *san = text_sanitize(s, n, false, NULL);
	assert_string_equal(san, out);
	free(san);
	free(out);

	char *f = text_fold(s, n);
	assert_int_equal(strlen(f), times * strlen("Viet Nam duong Viet "));
	assert_memory_equal(f, "viet nam duong viet viet", 24);
	free(f);

	struct text_line *v = NULL;
	size_t nv = text_wrap(s, n, 80, &v);
	assert_true(nv >= times * 20 / 80);
	/* Words are at most 5 columns, so every line but the last is at least 75 wide. */
	for (size_t i = 0; i < nv; i++)
		assert_true(v[i].width <= 80 && (v[i].width >= 75 || i == nv - 1));
	free(v);

	/* One 10 MB word of NFD letters: broken only between clusters. */
	char *w = repeat(E_NFD, 2 * 1024 * 1024);
	nv = text_wrap(w, strlen(w), 80, &v);
	assert_int_equal(nv, (2 * 1024 * 1024 + 79) / 80);
	for (size_t i = 0; i < nv; i++)
		assert_int_equal(v[i].off % 5, 0);
	free(v);
	assert_int_equal(text_grapheme_len(w, strlen(w)), 5);
	free(w);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_utf8),
		cmocka_unit_test(test_line_col),
		cmocka_unit_test(test_nfc_stacked_marks),
		cmocka_unit_test(test_nfc_across_chunks),
		cmocka_unit_test(test_nfc_invalid),
		cmocka_unit_test(test_nfc_stable),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_grapheme_len),
		cmocka_unit_test(test_wrap_sentence),
		cmocka_unit_test(test_wrap_long_word),
		cmocka_unit_test(test_wrap_breaks_and_spaces),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_collate),
		cmocka_unit_test(test_sanitize_escapes),
		cmocka_unit_test(test_sanitize_invalid),
		cmocka_unit_test(test_big_input),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	text_cleanup();
	return rc;
}
