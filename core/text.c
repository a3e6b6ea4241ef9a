/*
 * text: the kiosk's Unicode text layer. It validates UTF-8, normalizes to NFC (ICU), measures
 * terminal width and grapheme clusters and wraps lines (libunistring), folds text into search
 * keys, sorts names in Vietnamese order (ICU "vi" collator) and strips everything a terminal
 * would interpret out of untrusted text. It does not draw anything, does not know about ncurses,
 * the database or locales other than the collation one, and it does not transcode legacy 8-bit
 * encodings (TCVN3, VNI): its input is UTF-8, checked or repaired here.
 */
#include "core/text.h"
#include "core/util.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <unigbrk.h>
#include <unilbrk.h>
#include <uninorm.h>
#include <unistr.h>
#include <uniwidth.h>

#include <unicode/ucol.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

/* Normalization works on pieces of about this many bytes so that a 10 MB line never needs a
 * 20 MB UTF-16 copy at once and ICU's int32_t lengths are never approached. */
#define NFC_CHUNK 65536

/* A run with no normalization boundary longer than this (only possible with hostile input:
 * one base character followed by millions of combining marks) is refused, which keeps every
 * int32_t size computed below (at most 9 times the run) in range. */
#define NFC_MAX_RUN (INT32_MAX / 16)

/* Width is always asked for as if the terminal were UTF-8: East Asian "ambiguous" characters
 * (curly quotes and the ellipsis among them) then count as 1, as xterm and VTE show them. */
#define WIDTH_ENC "UTF-8"

struct sbuf {
	char *p;
	size_t len;
	size_t cap;
};

/* Makes room for extra more bytes and a NUL, and keeps the buffer a valid string. */
static void sb_reserve(struct sbuf *b, size_t extra)
{
	xgrow((void **)&b->p, &b->cap, b->len + extra + 1, 1);
	b->p[b->len] = '\0';
}

static void sb_put(struct sbuf *b, const void *src, size_t n)
{
	sb_reserve(b, n);
	memcpy(b->p + b->len, src, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sb_putc(struct sbuf *b, char c)
{
	sb_put(b, &c, 1);
}

/* Hands the buffer over; an untouched buffer still yields "" so callers never see NULL. */
static char *sb_take(struct sbuf *b)
{
	if (!b->p)
		return xstrdup("");
	return b->p;
}

/* libunistring allocates with plain malloc; this mirrors util's policy for the x* allocators. */
static void lib_oom(void)
{
	fputs("ntmkiosk: out of memory\n", stderr);
	abort();
}

static bool is_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

/*
 * Length of the ill-formed sequence at s that one U+FFFD stands for: the "maximal subpart" of
 * Unicode 3.9 (Table 3-7), which is what WHATWG, Python and terminal emulators use. Only
 * called where u8_mbtoucr has already refused s. libunistring's own u8_mbtouc swallows a
 * whole surrogate (ED A0 80) or an out-of-range F4 90 80 80 as one unit, which would show
 * fewer replacement characters than any other program shows for the same bytes.
 */
static size_t bad_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t need;

	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		return 1;
	}
	if (n < 2 || s[1] < lo || s[1] > hi)
		return 1;
	size_t i = 2;
	while (i < need && i < n && (s[i] & 0xc0) == 0x80)
		i++;
	return i;
}

bool text_valid_utf8(const char *s, size_t n, size_t *bad_off)
{
	const uint8_t *bad = u8_check((const uint8_t *)s, n);
	if (!bad)
		return true;
	if (bad_off)
		*bad_off = (size_t)(bad - (const uint8_t *)s);
	return false;
}

void text_line_col(const char *s, size_t off, size_t *line, size_t *col)
{
	size_t ln = 1, start = 0;
	const char *p = s, *end = s + off;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		ln++;
		start = (size_t)(nl - s) + 1;
		p = nl + 1;
	}
	if (line)
		*line = ln;
	if (col)
		*col = off - start + 1;
}

/*
 * Code points that are NFC on their own (NFC_Quick_Check=Yes) and start a
 * character (combining class 0): a text made only of these is already NFC,
 * with nothing to compose or reorder. Most of what the kiosk shows is: ASCII
 * and Latin-1, Vietnamese's precomposed letters, punctuation, arrows and box
 * drawing. So drawing a screen needs no ICU (loaded on first use,
 * core/dynlib.h). test_text checks every one of them against ICU.
 */
static const struct {
	ucs4_t lo, hi;
} nfc_stable_ranges[] = {
	{0x0000, 0x02ff}, /* up to the combining diacritical marks */
	{0x1ea0, 0x1ef9}, /* Vietnamese: Ạ … ỹ */
	{0x2010, 0x2027}, /* dashes, quotes, bullet, ellipsis */
	{0x2030, 0x205e},
	{0x2190, 0x2199}, /* arrows (U+219A has a decomposition) */
	{0x2500, 0x25ff}, /* box drawing, blocks, shapes */
};

bool text_nfc_stable(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s;
	for (size_t i = 0; i < n;) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		ucs4_t uc;
		/* Invalid UTF-8 gives U+FFFD, which is in no range. */
		int l = u8_mbtouc(&uc, p + i, n - i);
		bool in = false;
		for (size_t r = 0; r < NK_ARRAY_LEN(nfc_stable_ranges) && !in; r++)
			in = uc >= nfc_stable_ranges[r].lo && uc <= nfc_stable_ranges[r].hi;
		if (!in)
			return false;
		i += (size_t)l;
	}
	return true;
}

/*
 * Appends NFC(s[0..n)) to out; s must be valid UTF-8. The text is cut only where ICU says a
 * normalization boundary lies (unorm2_hasBoundaryBefore), so normalizing the pieces one by one
 * gives exactly NFC of the whole. Pieces that are ASCII or already NFC are copied as they are.
 */
static int nfc_append(struct sbuf *out, const char *s, size_t n, char **err)
{
	if (text_nfc_stable(s, n)) {
		sb_put(out, s, n);
		return NK_OK;
	}
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
	if (U_FAILURE(st))
		return err_set(err, NK_EFAIL, "ICU NFC normalizer: %s", u_errorName(st));

	UChar *u16 = NULL, *norm = NULL;
	size_t u16cap = 0, normcap = 0;
	int rc = NK_OK;
	size_t i = 0;

	while (i < n) {
		size_t end = n - i > NFC_CHUNK ? i + NFC_CHUNK : n;
		while (end < n && ((unsigned char)s[end] & 0xc0) == 0x80)
			end--;
		while (end < n) {
			ucs4_t uc;
			int l = u8_mbtouc_unsafe(&uc, (const uint8_t *)s + end, n - end);
			if (unorm2_hasBoundaryBefore(nfc, (UChar32)uc))
				break;
			end += (size_t)l;
		}
		const char *chunk = s + i;
		size_t clen = end - i;
		i = end;

		if (is_ascii(chunk, clen)) {
			sb_put(out, chunk, clen);
			continue;
		}
		if (clen > NFC_MAX_RUN) {
			rc = err_set(err, NK_EINVAL,
				     "%zu bytes without a normalization boundary: too long for NFC",
				     clen);
			break;
		}

		/* UTF-16 never needs more units than UTF-8 has bytes. */
		xgrow((void **)&u16, &u16cap, clen, sizeof(UChar));
		int32_t n16 = 0;
		u_strFromUTF8(u16, (int32_t)clen, &n16, chunk, (int32_t)clen, &st);
		if (U_FAILURE(st)) {
			rc = err_set(err, NK_EFAIL, "ICU UTF-8 to UTF-16: %s", u_errorName(st));
			break;
		}
		if (unorm2_spanQuickCheckYes(nfc, u16, n16, &st) == n16 && U_SUCCESS(st)) {
			sb_put(out, chunk, clen);
			continue;
		}
		st = U_ZERO_ERROR;

		/* NFC can grow a string (composition exclusions decompose and stay decomposed);
		 * start with room for half as much again and retry with ICU's exact figure. */
		xgrow((void **)&norm, &normcap, (size_t)n16 + (size_t)n16 / 2 + 16, sizeof(UChar));
		int32_t nn = unorm2_normalize(nfc, u16, n16, norm, (int32_t)normcap, &st);
		if (st == U_BUFFER_OVERFLOW_ERROR) {
			st = U_ZERO_ERROR;
			xgrow((void **)&norm, &normcap, (size_t)nn, sizeof(UChar));
			nn = unorm2_normalize(nfc, u16, n16, norm, (int32_t)normcap, &st);
		}
		if (U_FAILURE(st)) {
			rc = err_set(err, NK_EFAIL, "ICU NFC: %s", u_errorName(st));
			break;
		}

		/* One UTF-16 unit is at most 3 UTF-8 bytes. */
		size_t room = (size_t)nn * 3;
		sb_reserve(out, room);
		int32_t n8 = 0;
		u_strToUTF8(out->p + out->len, (int32_t)room, &n8, norm, nn, &st);
		if (U_FAILURE(st)) {
			rc = err_set(err, NK_EFAIL, "ICU UTF-16 to UTF-8: %s", u_errorName(st));
			break;
		}
		out->len += (size_t)n8;
		out->p[out->len] = '\0';
	}
	free(u16);
	free(norm);
	return rc;
}

int text_nfc(const char *s, size_t n, char **out, char **err)
{
	*out = NULL;
	size_t bad;
	if (!text_valid_utf8(s, n, &bad))
		return err_set(err, NK_EINVAL, "invalid UTF-8 at byte %zu (0x%02x)", bad,
			       (unsigned)(unsigned char)s[bad]);

	struct sbuf b = { 0 };
	int rc = nfc_append(&b, s, n, err);
	if (rc < 0) {
		free(b.p);
		return rc;
	}
	*out = sb_take(&b);
	return NK_OK;
}

/* Sum of uc_width over the code points, controls counting 0. Unlike u8_width this does not
 * stop at an embedded NUL, and it saturates rather than overflowing int. */
static size_t span_width(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	size_t w = 0;

	while (p < end) {
		if (*p < 0x80) {
			w += *p >= 0x20 && *p < 0x7f;
			p++;
			continue;
		}
		ucs4_t uc;
		p += u8_mbtouc(&uc, p, (size_t)(end - p));
		int cw = uc_width(uc, WIDTH_ENC);
		if (cw > 0)
			w += (size_t)cw;
	}
	return w;
}

static int clamp_int(size_t v)
{
	return v > INT_MAX ? INT_MAX : (int)v;
}

int text_width(const char *s, size_t n)
{
	return clamp_int(span_width(s, n));
}

/*
 * u8_grapheme_next looks at pairs of code points only, so in libunistring 1.0 it splits a flag
 * (two regional indicators) and an emoji ZWJ sequence; u8_grapheme_breaks applies the full
 * UAX #29 rules. It wants the whole string, which would make a scan of a long text quadratic,
 * so it runs on a window that doubles until a break shows up inside it. The rules look only
 * backwards from a boundary, so a break found before the window's end is final.
 */
size_t text_grapheme_len(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	/* Two ASCII characters are always separate clusters, except CR LF. */
	unsigned char c0 = (unsigned char)s[0];
	if (c0 < 0x80 && (n == 1 || ((unsigned char)s[1] < 0x80 && !(c0 == '\r' && s[1] == '\n'))))
		return 1;

	char small[64];
	char *p = small;
	size_t win = sizeof small, cap = sizeof small, len = 0;
	for (;;) {
		size_t w = win < n ? win : n;
		/* End the window on a character boundary; give up after 3 bytes because invalid
		 * input may have any number of stray continuation bytes. */
		for (int k = 0; k < 3 && w < n && ((unsigned char)s[w] & 0xc0) == 0x80; k++)
			w--;
		if (w > cap) {
			if (p != small)
				free(p);
			p = xmalloc(w);
			cap = w;
		}
		u8_grapheme_breaks((const uint8_t *)s, w, p);
		for (size_t k = 1; k < w; k++) {
			if (p[k]) {
				len = k;
				break;
			}
		}
		if (len || w == n) {
			if (!len)
				len = n;
			break;
		}
		win *= 2;
	}
	if (p != small)
		free(p);
	return len;
}

struct wrap {
	struct text_line *v;
	size_t n;
	size_t cap;
};

static void wrap_emit(struct wrap *w, size_t off, size_t end, size_t cols)
{
	xgrow((void **)&w->v, &w->cap, w->n + 1, sizeof *w->v);
	w->v[w->n].off = off;
	w->v[w->n].len = end - off;
	w->v[w->n].width = clamp_int(cols);
	w->n++;
}

/*
 * Greedy wrapping: clusters are added to the line while they fit; the first one that does not
 * fit sends the line back to its last UAX #14 opportunity, or, when the line has none (one
 * long word), is itself moved to the next line, which breaks the word between two clusters.
 * All positions are remembered rather than re-measured, so the cost is linear. A single
 * cluster wider than the whole line (a CJK character at width 1) gets a line to itself.
 */
size_t text_wrap(const char *s, size_t n, int width, struct text_line **lines)
{
	struct wrap out = { 0 };
	size_t lim = width < 1 ? 1 : (size_t)width;
	char *lb = xmalloc(n), *gb = xmalloc(n);

	if (n) {
		u8_possible_linebreaks((const uint8_t *)s, n, "UTF-8", lb);
		u8_grapheme_breaks((const uint8_t *)s, n, gb);
	}

	size_t start = 0;	/* first byte of the current line */
	size_t col = 0;		/* columns from start to pos, trailing spaces included */
	size_t cend = 0;	/* end of the last cluster that is not a space */
	size_t ccol = 0;	/* columns from start to cend */
	bool have_brk = false;	/* a break opportunity after start was seen */
	size_t brk = 0, brk_col = 0, brk_cend = 0, brk_ccol = 0;
	size_t pos = 0;

	while (pos < n) {
		size_t next = pos + 1;
		while (next < n && !gb[next])
			next++;

		if (lb[pos] == UC_BREAK_MANDATORY || lb[pos] == UC_BREAK_CR_BEFORE_LF) {
			wrap_emit(&out, start, cend, ccol);
			start = cend = pos = next;
			col = ccol = 0;
			have_brk = false;
			continue;
		}
		/* A hyphenation point counts as a plain opportunity: a line is a span of the
		 * input, so it has no way to add the hyphen. */
		bool may = lb[pos] == UC_BREAK_POSSIBLE || lb[pos] == UC_BREAK_HYPHENATION;
		if (may && pos > start) {
			have_brk = true;
			brk = pos;
			brk_col = col;
			brk_cend = cend;
			brk_ccol = ccol;
		}

		size_t w = span_width(s + pos, next - pos);
		if (next == pos + 1 && s[pos] == ' ') {
			/* Trailing spaces may run past the edge: they are cut off the line. */
			col += w;
			pos = next;
			continue;
		}
		if (col + w > lim && pos > start) {
			if (have_brk) {
				if (brk_cend > start)
					wrap_emit(&out, start, brk_cend, brk_ccol);
				start = brk;
				col -= brk_col;
				if (cend > brk) {
					ccol -= brk_col;
				} else {
					cend = brk;
					ccol = 0;
				}
				have_brk = false;
			} else {
				if (cend > start)
					wrap_emit(&out, start, cend, ccol);
				start = cend = pos;
				col = ccol = 0;
			}
			continue;	/* place the same cluster again on the new line */
		}
		col += w;
		cend = next;
		ccol = col;
		pos = next;
	}
	wrap_emit(&out, start, cend, ccol);

	free(lb);
	free(gb);
	*lines = out.v;
	return out.n;
}

/* What search folding removes from case-folded NFD text: every combining mark (tones, hat,
 * breve and horn alike), both apostrophes (H'Mông is also written H’Mông and Hmông), and NUL,
 * which would cut the key short. */
static bool fold_drop(ucs4_t uc)
{
	return uc == 0 || uc == '\'' || uc == 0x2019 ||
	       uc_is_general_category(uc, UC_NON_SPACING_MARK);
}

/* đ has no decomposition, so its stroke survives NFD and is removed by hand. ð (U+00F0, the
 * fold of Icelandic Ð U+00D0) goes the same way because Ð is drawn exactly like Vietnamese Đ
 * and gets typed for it. */
static bool fold_is_d(ucs4_t uc)
{
	return uc == 0x0111 || uc == 0x00f0;
}

char *text_fold(const char *s, size_t n)
{
	/* Invalid bytes are removed first: u8_casefold would turn them into U+FFFD. */
	char *clean = NULL;
	if (!text_valid_utf8(s, n, NULL)) {
		struct sbuf c = { 0 };
		size_t i = 0;
		while (i < n) {
			ucs4_t uc;
			int r = u8_mbtoucr(&uc, (const uint8_t *)s + i, n - i);
			if (r < 0) {
				i += bad_len((const unsigned char *)s + i, n - i);
				continue;
			}
			sb_put(&c, s + i, (size_t)r);
			i += (size_t)r;
		}
		clean = sb_take(&c);
		s = clean;
		n = c.len;
	}
	if (n == 0) {
		free(clean);
		return xstrdup("");
	}

	size_t flen = 0;
	uint8_t *f = u8_casefold((const uint8_t *)s, n, "vi", UNINORM_NFD, NULL, &flen);
	free(clean);
	if (!f)
		lib_oom();

	struct sbuf b = { 0 };
	sb_reserve(&b, flen);
	size_t i = 0;
	while (i < flen) {
		ucs4_t uc;
		int l = u8_mbtouc_unsafe(&uc, f + i, flen - i);
		if (fold_is_d(uc))
			sb_putc(&b, 'd');
		else if (!fold_drop(uc))
			sb_put(&b, f + i, (size_t)l);
		i += (size_t)l;
	}
	free(f);

	/* Letters outside Latin (Hangul jamo, for one) stay decomposed after the marks go;
	 * recomposing keeps the key readable and identical for NFC and NFD input. */
	if (!is_ascii(b.p, b.len)) {
		struct sbuf c = { 0 };
		if (nfc_append(&c, b.p, b.len, NULL) == NK_OK) {
			free(b.p);
			return sb_take(&c);
		}
		free(c.p);
	}
	return sb_take(&b);
}

/*
 * One collator for the process: opening "vi" loads and builds tailoring data, far too slow
 * to do per comparison. It is opened lazily without a lock, so the first call must not race
 * with another thread; comparing with it afterwards is thread-safe in ICU. If ICU cannot open
 * it, byte order is used instead, so lists still come out sorted and the failure is not
 * retried on every call.
 */
static UCollator *vi_coll;
static bool vi_coll_failed;

static UCollator *collator(void)
{
	if (!vi_coll && !vi_coll_failed) {
		UErrorCode st = U_ZERO_ERROR;
		vi_coll = ucol_open("vi", &st);
		if (U_FAILURE(st)) {
			if (vi_coll)
				ucol_close(vi_coll);
			vi_coll = NULL;
			vi_coll_failed = true;
		}
	}
	return vi_coll;
}

int text_collate(const char *a, const char *b)
{
	UCollator *c = collator();
	if (c) {
		UErrorCode st = U_ZERO_ERROR;
		UCollationResult r = ucol_strcollUTF8(c, a, -1, b, -1, &st);
		if (U_SUCCESS(st))
			return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
	}
	int r = strcmp(a, b);
	return r < 0 ? -1 : r > 0;
}

/* Strings the collator calls equal (NFC and NFD of one name) are ordered by bytes so the
 * result does not depend on the qsort implementation. */
static int sort_cmp(const void *pa, const void *pb)
{
	const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
	int r = text_collate(a, b);
	return r ? r : strcmp(a, b);
}

void text_sort(const char **v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, sort_cmp);
}

static bool is_bidi_control(ucs4_t c)
{
	return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069);
}

/* Invisible characters that only hide differences between strings that look the same
 * (U+FEFF is also the byte order mark Windows editors put at the start of files). ZWJ and
 * ZWNJ stay: emoji sequences and some scripts need them. */
static bool is_invisible(ucs4_t c)
{
	return c == 0x200b || c == 0x2060 || c == 0xfeff;
}

enum san_state {
	SAN_TEXT,
	SAN_ESC,	/* after ESC */
	SAN_ESC_INTER,	/* after ESC and intermediate bytes 0x20-0x2F */
	SAN_CSI,	/* inside a control sequence, until a final byte 0x40-0x7E */
	SAN_STR		/* inside OSC/DCS/SOS/PM/APC, until ST (ESC \ or 0x9C), or BEL for OSC */
};

/* Appends a code point met outside any escape sequence (its bytes are s[0..len)). */
static void san_text(struct sbuf *b, ucs4_t c, const char *s, size_t len, bool keep_newlines)
{
	if (c == '\t')
		sb_putc(b, ' ');
	else if (c == '\n')
		sb_putc(b, keep_newlines ? '\n' : ' ');
	else if (c < 0x20 || c == 0x7f || is_bidi_control(c) || is_invisible(c))
		return;
	else
		sb_put(b, s, len);
}

/*
 * A terminal's parser (the DEC VT500 state machine, as in xterm) in miniature: ESC, CAN and
 * SUB and the C1 controls act in every state, and whatever a sequence contains is dropped
 * with it, so no byte that could start, continue or end a sequence reaches the output, and
 * the visible text is what a terminal would have shown.
 */
char *text_sanitize(const char *s, size_t n, bool keep_newlines, bool *had_invalid)
{
	static const char fffd[] = "\xef\xbf\xbd";
	struct sbuf b = { 0 };
	enum san_state st = SAN_TEXT;
	bool osc = false, bad = false;
	size_t i = 0;

	sb_reserve(&b, n);
	while (i < n) {
		const unsigned char *p = (const unsigned char *)s + i;
		if (st == SAN_TEXT && *p >= 0x20 && *p < 0x7f) {
			/* Copy a run of printable ASCII at once: most text is mostly that. */
			size_t j = i + 1;
			while (j < n && (unsigned char)s[j] >= 0x20 && (unsigned char)s[j] < 0x7f)
				j++;
			sb_put(&b, s + i, j - i);
			i = j;
			continue;
		}

		ucs4_t c;
		size_t len;
		if (*p < 0x80) {
			c = *p;
			len = 1;
		} else {
			int r = u8_mbtoucr(&c, p, n - i);
			if (r < 0) {
				bad = true;
				i += bad_len(p, n - i);
				/* Inside a sequence the garbage goes with it; else it is text. */
				if (st == SAN_TEXT || st == SAN_ESC || st == SAN_ESC_INTER) {
					st = SAN_TEXT;
					sb_put(&b, fffd, 3);
				}
				continue;
			}
			len = (size_t)r;
		}
		const char *cs = s + i;
		i += len;

		if (c == 0x1b) {
			st = SAN_ESC;
			continue;
		}
		if (c == 0x18 || c == 0x1a) {
			st = SAN_TEXT;
			continue;
		}
		if (c >= 0x80 && c <= 0x9f) {
			if (c == 0x9b) {
				st = SAN_CSI;
			} else if (c == 0x9d) {
				st = SAN_STR;
				osc = true;
			} else if (c == 0x90 || c == 0x98 || c == 0x9e || c == 0x9f) {
				st = SAN_STR;
				osc = false;
			} else {
				st = SAN_TEXT;
			}
			continue;
		}

		switch (st) {
		case SAN_TEXT:
			san_text(&b, c, cs, len, keep_newlines);
			break;
		case SAN_ESC:
			if (c == '[') {
				st = SAN_CSI;
			} else if (c == ']') {
				st = SAN_STR;
				osc = true;
			} else if (c == 'P' || c == 'X' || c == '^' || c == '_') {
				st = SAN_STR;
				osc = false;
			} else if (c >= 0x20 && c <= 0x2f) {
				st = SAN_ESC_INTER;
			} else if (c >= 0x30 && c <= 0x7e) {
				st = SAN_TEXT;	/* two-character sequence, ESC \ (ST) too */
			} else if (c != 0x7f) {
				/* Not an escape sequence after all: the ESC goes, the character is
				 * text. DEL is ignored here, as terminals ignore it. */
				st = SAN_TEXT;
				san_text(&b, c, cs, len, keep_newlines);
			}
			break;
		case SAN_ESC_INTER:
			if (c >= 0x30 && c <= 0x7e) {
				st = SAN_TEXT;
			} else if (c < 0x20 || c > 0x2f) {
				st = SAN_TEXT;
				san_text(&b, c, cs, len, keep_newlines);
			}
			break;
		case SAN_CSI:
			if (c >= 0x40 && c <= 0x7e)
				st = SAN_TEXT;
			break;
		case SAN_STR:
			if (c == 0x07 && osc)
				st = SAN_TEXT;
			break;
		}
	}
	if (had_invalid)
		*had_invalid = bad;

	/* Dropping controls can only have left valid UTF-8, so NFC can fail only on the
	 * hostile run nfc_append refuses; the text is then still safe, just not composed. */
	struct sbuf out = { 0 };
	if (nfc_append(&out, b.p, b.len, NULL) == NK_OK) {
		free(b.p);
		return sb_take(&out);
	}
	free(out.p);
	return sb_take(&b);
}

void text_cleanup(void)
{
	if (vi_coll)
		ucol_close(vi_coll);
	vi_coll = NULL;
	vi_coll_failed = false;
}
