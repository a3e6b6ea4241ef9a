/*
 * text: Unicode text handling for the kiosk, with no terminal and no database.
 *
 * All strings are UTF-8. NFC normalization and Vietnamese collation come from
 * ICU; display width, grapheme clusters and UAX #14 line breaking come from
 * libunistring; search folding is ours (case, every Vietnamese mark, đ→d,
 * apostrophes dropped), built on libunistring's case folding and NFD.
 *
 * Ownership: every `char *` returned is malloc'd and owned by the caller.
 * Input pointers are borrowed for the duration of the call only.
 */
#ifndef NK_CORE_TEXT_H
#define NK_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Returns true if s[0..n) is valid UTF-8 (no overlongs, surrogates or code
 * points past U+10FFFF). On false, *bad_off (if not NULL) gets the byte offset
 * of the first invalid sequence. */
bool text_valid_utf8(const char *s, size_t n, size_t *bad_off);

/* Line (1-based) and column (1-based, in bytes) of byte offset off in s. */
void text_line_col(const char *s, size_t off, size_t *line, size_t *col);

/* Normalizes s[0..n) to NFC into a new NUL-terminated string (*out).
 * Fails with NK_EINVAL on invalid UTF-8 ("invalid UTF-8 at byte N"). */
int text_nfc(const char *s, size_t n, char **out, char **err);
/* True when s[0..n) is valid UTF-8 made only of code points that are NFC on
 * their own and combine with nothing (ASCII, Latin-1, Vietnamese's
 * precomposed letters, common punctuation, arrows, box drawing): such a text
 * is already NFC, and text_nfc copies it without calling ICU. False says only
 * "not known", not "not NFC". */
bool text_nfc_stable(const char *s, size_t n);

/* Display width in terminal columns of s[0..n) (combining marks are 0, CJK
 * wide characters 2, controls 0). */
int text_width(const char *s, size_t n);

/* Byte length of the grapheme cluster that starts at s (s[0..n)); 0 when n==0. */
size_t text_grapheme_len(const char *s, size_t n);

/* One wrapped line: the bytes s[off..off+len) (trailing spaces excluded) and
 * its width in columns. */
struct text_line {
	size_t off;
	size_t len;
	int width;
};

/* Wraps s[0..n) to lines of at most `width` columns (width >= 1) using UAX #14
 * break opportunities; a word wider than the line is broken at grapheme
 * cluster boundaries. Mandatory breaks ("\n") start a new line. Returns the
 * number of lines and stores a malloc'd array in *lines (caller frees).
 * s must be valid UTF-8. An empty string gives one empty line. */
/* Clarification: text ending in "\n" ends with an empty line ("a\n" gives "a" and ""),
 * as splitting at each "\n" would. A single cluster wider than `width` (a CJK character at
 * width 1) cannot be split and gets a line of its own that is wider than `width`. */
size_t text_wrap(const char *s, size_t n, int width, struct text_line **lines);

/* Search folding, for both index and query: lower case, all marks removed
 * (tones and the hat/horn/breve too), đ/Đ → d, apostrophes (' and ’) inside a
 * word removed. "H'Mông" → "hmong", "ĐƯỜNG" → "duong". NFD input folds the
 * same as NFC. Invalid UTF-8 bytes are dropped. */
/* Clarification: ' and ’ are dropped wherever they are, at word edges too, so that a quoted
 * word folds like the bare word. Ð/ð (U+00D0/U+00F0), drawn like Đ/đ, also become d. */
char *text_fold(const char *s, size_t n);

/* Compares two NFC strings in Vietnamese alphabetical order (ICU "vi"
 * collator: a ă â b c d đ e ê …). Returns <0, 0, >0. */
int text_collate(const char *a, const char *b);

/* Sorts an array of strings in place with text_collate. */
void text_sort(const char **v, size_t n);

/* Makes text safe to show on a terminal: drops C0 controls (TAB becomes a
 * space, "\n" is kept only if keep_newlines), DEL, C1 controls, whole escape
 * sequences (CSI, OSC, DCS, SOS, PM, APC and two-byte ESC sequences, also in
 * their 8-bit C1 forms), and bidi controls (U+061C, U+200E, U+200F,
 * U+202A–U+202E, U+2066–U+2069); replaces each invalid UTF-8 sequence with
 * U+FFFD; and normalizes to NFC. *had_invalid (if not NULL) is set to true
 * when invalid UTF-8 was found, so the caller can report it. */
/* Clarification: without keep_newlines a "\n" becomes a space, like TAB, so that words on
 * two lines do not run together. One U+FFFD stands for each maximal ill-formed subpart
 * (Unicode 3.9, as browsers and terminals count them): "\xed\xa0\x80" gives three. The
 * invisible U+200B, U+2060 and U+FEFF are dropped as well. */
char *text_sanitize(const char *s, size_t n, bool keep_newlines, bool *had_invalid);

/* Frees the cached ICU collator (for leak checkers at exit). */
void text_cleanup(void);

#endif
