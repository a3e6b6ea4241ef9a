/*
 * ime: Telex, VNI and CHV composition. A word is rebuilt from its raw keys
 * on every key press: each key either appends a letter or changes one
 * already there (a hat, breve, horn, the bar of đ, or the word's tone); the
 * tone's place is decided at the end from the vowels, by the modern rule. A
 * small model of the Vietnamese syllable (first consonant, vowel sequence,
 * final consonant) decides whether a key composes or is a letter.
 * This file does no terminal work; the TUI feeds it code points.
 */
#include "core/ime.h"

#include "core/text.h"
#include "core/util.h"

#include <stdbool.h>
#include <unistr.h>
#include <stdlib.h>
#include <string.h>

#define WORD_MAX 48

/* M_PAIR: the u of a "uo" given a horn by one w. Vietnamese has ươ only
 * before another letter (người, đường) and uơ at the end of a word (thuở,
 * huơ), so the u shows its horn only when something follows the ơ. */
enum mark { M_NONE, M_HAT, M_BREVE, M_HORN, M_BAR, M_PAIR };
enum tone { T_NONE, T_ACUTE, T_GRAVE, T_HOOK, T_TILDE, T_DOT };

struct letter {
	uint32_t cp; /* lower case: a-z, or any other code point kept as is */
	bool upper;
	enum mark mark;
	bool from_w; /* an ư made by a lone w: undoing it gives back the w, not "uw" */
};

/* undid: the last key repeated an earlier one and undid its effect (ass → as), so what it
 * left on screen is a plain letter; Backspace needs to know (see backspace_word). */
struct word {
	struct letter l[WORD_MAX];
	size_t n;
	enum tone tone;
	bool undid;
	bool undone; /* a key repeated at once undid itself: the typist chose these letters */
};

static bool is_vowel(uint32_t c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static uint32_t lower(uint32_t c, bool *upper)
{
	*upper = c >= 'A' && c <= 'Z';
	return *upper ? c + 32 : c;
}

static void append(struct word *w, uint32_t cp, bool upper)
{
	if (cp >= 'A' && cp <= 'Z') {
		cp += 32;
		upper = true;
	}
	if (w->n < WORD_MAX)
		w->l[w->n++] = (struct letter){cp, upper, M_NONE, false};
}

/* The last letter with base c and no mark; -1 if none. */
static int last_plain(const struct word *w, uint32_t c)
{
	for (size_t i = w->n; i-- > 0;)
		if (w->l[i].cp == c && w->l[i].mark == M_NONE)
			return (int)i;
	return -1;
}

static int last_marked(const struct word *w, uint32_t c, enum mark m)
{
	for (size_t i = w->n; i-- > 0;)
		if (w->l[i].cp == c && w->l[i].mark == m)
			return (int)i;
	return -1;
}

static bool has_vowel(const struct word *w)
{
	for (size_t i = 0; i < w->n; i++)
		if (is_vowel(w->l[i].cp))
			return true;
	return false;
}

/* A mark key: applies the mark to the target, or undoes it when the target
 * already carries it (aaa → aa), appending the key as a letter. */
static void mark_key(struct word *w, uint32_t base, enum mark m, uint32_t key, bool upper,
		     bool only_previous)
{
	int i = last_plain(w, base);
	int done = last_marked(w, base, m);
	if (only_previous) {
		int prev = (int)w->n - 1;
		i = prev >= 0 && w->l[prev].cp == base && w->l[prev].mark == M_NONE ? prev : -1;
		done = prev >= 0 && w->l[prev].cp == base && w->l[prev].mark == m ? prev : -1;
	}
	if (i >= 0 && (done < 0 || i > done)) {
		w->l[i].mark = m;
	} else if (done >= 0) {
		w->l[done].mark = M_NONE;
		append(w, key, upper);
		w->undid = true;
	} else {
		append(w, key, upper);
	}
}

static bool syllable_ok(const struct word *w, bool complete);

/* The letters a horn or breve may go on: in CHV only the letter just typed; otherwise the
 * word's last group of vowels, even with final consonants after it (mucw → mưc). */
static void horn_span(const struct word *w, bool only_previous, int *lo, int *hi)
{
	*lo = 0;
	*hi = (int)w->n - 1;
	if (only_previous) {
		*lo = *hi;
		return;
	}
	while (*hi >= 0 && !is_vowel(w->l[*hi].cp))
		(*hi)--;
	*lo = *hi;
	while (*lo > 0 && is_vowel(w->l[*lo - 1].cp))
		(*lo)--;
}

/* w in Telex (and 7 in VNI): the horn or breve. "uo" takes a horn on both. Of the u, o and a
 * in the syllable, the last one that still makes Vietnamese takes it (muaw → mưa). */
static void horn_key(struct word *w, uint32_t key, bool upper, bool only_previous)
{
	if (!only_previous) {
		for (size_t i = w->n; i-- > 1;) {
			if (w->l[i - 1].cp == 'u' && w->l[i].cp == 'o') {
				struct letter *u = &w->l[i - 1], *o = &w->l[i];
				if (o->mark == M_HORN && u->mark != M_NONE) {
					u->mark = o->mark = M_NONE;
					if (u->from_w)
						*u = (struct letter){'w', u->upper, M_NONE, false};
					append(w, key, upper);
					w->undid = true;
				} else {
					if (u->mark == M_NONE)
						u->mark = M_PAIR;
					o->mark = M_HORN;
				}
				return;
			}
		}
	}
	int lo, hi, target = -1;
	horn_span(w, only_previous, &lo, &hi);
	for (int i = hi; i >= lo && i >= 0; i--) {
		uint32_t c = w->l[i].cp;
		if (c != 'u' && c != 'o' && c != 'a')
			continue;
		enum mark m = c == 'a' ? M_BREVE : M_HORN;
		if (w->l[i].mark == m && w->l[i].from_w) {
			/* ww: the typist wants the w itself, as in Unikey */
			w->l[i] = (struct letter){'w', w->l[i].upper, M_NONE, false};
			w->undid = true;
			return;
		}
		if (w->l[i].mark == m) {
			w->l[i].mark = M_NONE;
			append(w, key, upper);
			w->undid = true;
			return;
		}
		if (w->l[i].mark != M_NONE)
			continue;
		if (target < 0)
			target = i;
		if (only_previous)
			break;
		struct word tried = *w;
		tried.l[i].mark = m;
		if (syllable_ok(&tried, false)) {
			target = i;
			break;
		}
	}
	if (target >= 0) {
		w->l[target].mark = w->l[target].cp == 'a' ? M_BREVE : M_HORN;
		return;
	}
	/* A lone w in Telex is ư, as in Unikey. */
	if (!only_previous && key != '7' && hi < 0) {
		/* Only when it fits: a full word must not give its last letter a horn. */
		if (w->n < WORD_MAX)
			w->l[w->n++] = (struct letter){'u', upper, M_HORN, true};
	} else {
		append(w, key, upper);
	}
}

static void tone_key(struct word *w, enum tone t, uint32_t key, bool upper)
{
	if (!has_vowel(w)) {
		append(w, key, upper);
	} else if (w->tone == t) {
		w->tone = T_NONE; /* ss: undo, and the key is a letter */
		append(w, key, upper);
		w->undid = true;
	} else {
		w->tone = t;
	}
}

static void telex(struct word *w, uint32_t key)
{
	bool up;
	uint32_t c = lower(key, &up);
	switch (c) {
	case 'a':
	case 'e':
	case 'o':
		if (last_plain(w, c) >= 0 || last_marked(w, c, M_HAT) >= 0)
			mark_key(w, c, M_HAT, key, up, false);
		else
			append(w, c, up);
		return;
	case 'w':
		horn_key(w, key, up, false);
		return;
	case 'd':
		/* đ begins a Vietnamese word: dd and did make it, HDND stays. */
		if (w->n > 0 && w->l[0].cp == 'd')
			mark_key(w, 'd', M_BAR, key, up, false);
		else
			append(w, c, up);
		return;
	case 's':
		tone_key(w, T_ACUTE, key, up);
		return;
	case 'f':
		tone_key(w, T_GRAVE, key, up);
		return;
	case 'r':
		tone_key(w, T_HOOK, key, up);
		return;
	case 'x':
		tone_key(w, T_TILDE, key, up);
		return;
	case 'j':
		tone_key(w, T_DOT, key, up);
		return;
	case 'z':
		if (w->tone != T_NONE)
			w->tone = T_NONE;
		else
			append(w, c, up);
		return;
	default:
		append(w, c, up);
	}
}

static void vni(struct word *w, uint32_t key)
{
	bool up;
	uint32_t c = lower(key, &up);
	static const enum tone tones[] = {T_NONE, T_ACUTE, T_GRAVE, T_HOOK, T_TILDE, T_DOT};
	if (c >= '1' && c <= '5') {
		tone_key(w, tones[c - '0'], key, false);
	} else if (c == '0') {
		if (w->tone != T_NONE)
			w->tone = T_NONE;
		else
			append(w, c, false);
	} else if (c == '6') {
		/* The hat goes on the last a, e or o. */
		for (size_t i = w->n; i-- > 0;) {
			uint32_t b = w->l[i].cp;
			if (b == 'a' || b == 'e' || b == 'o') {
				mark_key(w, b, M_HAT, key, false, false);
				return;
			}
		}
		append(w, c, false);
	} else if (c == '8') {
		if (last_plain(w, 'a') >= 0 || last_marked(w, 'a', M_BREVE) >= 0)
			mark_key(w, 'a', M_BREVE, key, false, false);
		else
			append(w, c, false);
	} else if (c == '7') {
		horn_key(w, key, false, false);
	} else if (c == '9') {
		if (w->n > 0 && w->l[0].cp == 'd')
			mark_key(w, 'd', M_BAR, key, false, false);
		else
			append(w, c, false);
	} else {
		append(w, c, up);
	}
}

/* CHV Hmong: a doubled vowel or dd changes the letter just typed; w after a,
 * o, u gives ă, ơ, ư. Nothing else is special. */
static void chv(struct word *w, uint32_t key)
{
	bool up;
	uint32_t c = lower(key, &up);
	size_t n = w->n;
	const struct letter *prev = n ? &w->l[n - 1] : NULL;
	if ((c == 'a' || c == 'e' || c == 'o' || c == 'd') && prev && prev->cp == c &&
	    (prev->mark == M_NONE || prev->mark == (c == 'd' ? M_BAR : M_HAT)))
		mark_key(w, c, c == 'd' ? M_BAR : M_HAT, key, up, true);
	else if (c == 'w' && prev && (prev->cp == 'a' || prev->cp == 'o' || prev->cp == 'u'))
		horn_key(w, key, up, true);
	else
		append(w, c, up);
}

/* What a letter shows: its mark, with the u of a "uo" pair horned only when something
 * follows the ơ. */
static enum mark shown_mark(const struct word *w, size_t i)
{
	enum mark m = w->l[i].mark;
	if (m == M_PAIR)
		m = i + 2 < w->n ? M_HORN : M_NONE;
	return m;
}

/* The u of qu, and the i of gi before another vowel, belong to the first consonant. */
static bool in_onset(const struct word *w, size_t i)
{
	if (i == 0)
		return false;
	uint32_t c = w->l[i].cp, before = w->l[i - 1].cp;
	if (c == 'u' && before == 'q' && shown_mark(w, i) == M_NONE)
		return true;
	return c == 'i' && before == 'g' && i == 1 && i + 1 < w->n && is_vowel(w->l[i + 1].cp);
}

/* Where the tone goes, by the modern rule (hoà, khoẻ, thuỷ): the one vowel; else the vowel
 * with a hat, breve or horn (in ươ, the ơ); else the middle of three; else the second of oa,
 * oe, uy, or of two before a final consonant; else the first. */
static int tone_place(const struct word *w)
{
	int start = -1, end = -1;
	for (size_t i = 0; i < w->n; i++) {
		if (!is_vowel(w->l[i].cp) || in_onset(w, i))
			continue;
		if (start < 0 || (end >= 0 && (size_t)end + 1 != i)) {
			if (start >= 0 && end >= 0 && (size_t)end + 1 != i)
				break; /* a second vowel group: keep the first */
			start = (int)i;
		}
		end = (int)i;
	}
	if (start < 0)
		return -1;
	int nv = end - start + 1;
	if (nv == 1)
		return start;
	for (int i = end; i >= start; i--)
		if (shown_mark(w, (size_t)i) != M_NONE)
			return i;
	if (nv >= 3)
		return start + 1;
	uint32_t v1 = w->l[start].cp, v2 = w->l[end].cp;
	bool modern = (v1 == 'o' && (v2 == 'a' || v2 == 'e')) || (v1 == 'u' && v2 == 'y');
	bool closed = (size_t)end + 1 < w->n;
	return closed || modern ? end : start;
}

/* --- is it Vietnamese? ------------------------------------------------------------------ */

/* Vowel sequences of Vietnamese (as in the Unikey table), and whether each may end a
 * syllable and whether a final consonant may follow it. */
static const struct {
	const char *v;
	bool open, closed;
} nuclei[] = {
	{"a", 1, 1},   {"ă", 0, 1},   {"â", 0, 1},   {"e", 1, 1},   {"ê", 1, 1},   {"i", 1, 1},
	{"o", 1, 1},   {"ô", 1, 1},   {"ơ", 1, 1},   {"u", 1, 1},   {"ư", 1, 1},   {"y", 1, 1},
	{"ai", 1, 0},  {"ao", 1, 0},  {"au", 1, 0},  {"ay", 1, 0},  {"âu", 1, 0},  {"ây", 1, 0},
	{"eo", 1, 0},  {"êu", 1, 0},  {"ia", 1, 0},  {"iê", 0, 1},  {"iu", 1, 0},  {"oa", 1, 1},
	{"oă", 0, 1},  {"oe", 1, 1},  {"oi", 1, 0},  {"ôi", 1, 0},  {"ơi", 1, 0},  {"oo", 0, 1},
	{"ua", 1, 0},  {"uâ", 0, 1},  {"uê", 1, 1},  {"ui", 1, 0},  {"uô", 0, 1},  {"uơ", 1, 0},
	{"uy", 1, 1},  {"ưa", 1, 0},  {"ưi", 1, 0},  {"ưu", 1, 0},  {"ươ", 0, 1},  {"yê", 0, 1},
	{"iêu", 1, 0}, {"oai", 1, 0}, {"oay", 1, 0}, {"oeo", 1, 0}, {"uây", 1, 0}, {"uôi", 1, 0},
	{"ươi", 1, 0}, {"ươu", 1, 0}, {"uya", 1, 0}, {"uyê", 0, 1}, {"uyu", 1, 0}, {"yêu", 1, 0},
};

static const char *const onsets[] = {"b",  "c",  "ch", "d", "đ",  "g",   "gh", "gi",
				     "h",  "k",  "kh", "l", "m",  "n",   "ng", "ngh",
				     "nh", "p",  "ph", "qu", "r",   "s",  "t",
				     "th", "tr", "v",  "x"};
/* k ends a few place names of the Central Highlands (Đắk Lắk), like c. */
static const char *const codas[] = {"c", "ch", "k", "m", "n", "ng", "nh", "p", "t"};

static const struct {
	uint32_t base;
	enum mark m;
	uint32_t lo, hi;
} mark_table[] = {
	{'a', M_HAT, 0xe2, 0xc2},   {'a', M_BREVE, 0x103, 0x102}, {'e', M_HAT, 0xea, 0xca},
	{'o', M_HAT, 0xf4, 0xd4},   {'o', M_HORN, 0x1a1, 0x1a0},  {'u', M_HORN, 0x1b0, 0x1af},
	{'d', M_BAR, 0x111, 0x110},
};

static uint32_t marked(uint32_t c, enum mark m, bool up)
{
	for (size_t i = 0; i < NK_ARRAY_LEN(mark_table); i++)
		if (mark_table[i].base == c && mark_table[i].m == m)
			return up ? mark_table[i].hi : mark_table[i].lo;
	return up && c >= 'a' && c <= 'z' ? c - 32 : c;
}

/* Letters [from, to) of the word as lower-case UTF-8 without the tone, into buf. */
static const char *spell(const struct word *w, size_t from, size_t to, char *buf, size_t cap)
{
	size_t k = 0;
	for (size_t i = from; i < to && k + 5 < cap; i++) {
		uint32_t cp = marked(w->l[i].cp, shown_mark(w, i), false);
		if (cp >= 0x80 && cp < 0x800) {
			buf[k++] = (char)(0xc0 | (cp >> 6));
			buf[k++] = (char)(0x80 | (cp & 0x3f));
		} else if (cp < 0x80) {
			buf[k++] = (char)cp;
		} else {
			buf[k++] = '?'; /* no Vietnamese letter */
		}
	}
	buf[k] = '\0';
	return buf;
}

static bool listed(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* Whether the vowels [from, to) fit a vowel sequence of the table: exactly (complete), or,
 * while the word is being typed, with marks and letters still to come. */
static bool nucleus_ok(const struct word *w, size_t from, size_t to, bool coda, bool complete)
{
	for (size_t k = 0; k < NK_ARRAY_LEN(nuclei); k++) {
		const char *v = nuclei[k].v;
		size_t i = from;
		bool fits = true;
		while (*v && i < to && fits) {
			/* one letter of the table entry: an ASCII vowel or a two-byte marked one */
			uint32_t cp = (unsigned char)v[0];
			if (cp < 0x80) {
				v++;
			} else {
				cp = (uint32_t)(((v[0] & 0x1f) << 6) | (v[1] & 0x3f));
				v += 2;
			}
			uint32_t base = cp;
			enum mark m = M_NONE;
			for (size_t t = 0; t < NK_ARRAY_LEN(mark_table); t++)
				if (mark_table[t].lo == cp) {
					base = mark_table[t].base;
					m = mark_table[t].m;
				}
			enum mark have = shown_mark(w, i);
			fits = w->l[i].cp == base && (have == m || (!complete && have == M_NONE));
			i++;
		}
		if (!fits || i < to)
			continue;
		bool whole = *v == '\0';
		if (complete && (!whole || (coda ? !nuclei[k].closed : !nuclei[k].open)))
			continue;
		if (coda && (!whole || !nuclei[k].closed))
			continue;
		return true;
	}
	return false;
}

/*
 * Whether the word can be Vietnamese: a first consonant, a vowel sequence, a final consonant,
 * and a tone a final c, ch, p or t allows. complete: it is a whole syllable (what an all-caps
 * word must be to be composed); otherwise it may still become one as more keys come. A word
 * with no vowel is left as it composes (HTX, ngh, đ).
 */
static bool syllable_ok(const struct word *w, bool complete)
{
	size_t i = 0;
	while (i < w->n && (!is_vowel(w->l[i].cp) || in_onset(w, i)))
		i++;
	if (i == w->n)
		return true;
	char buf[WORD_MAX * 2 + 8];
	if (i > 0 && !listed(spell(w, 0, i, buf, sizeof buf), onsets, NK_ARRAY_LEN(onsets)))
		return false;
	/* gh and ngh come before i, e, ê and y; c and ng never do, g only before i (gì). k is
	 * left free: place names write it before other vowels too (Bắc Kạn, Kon Tum). */
	uint32_t next = w->l[i].cp;
	bool front = next == 'i' || next == 'e' || next == 'y';
	if (i > 0 && !in_onset(w, i - 1)) {
		if ((!strcmp(buf, "gh") || !strcmp(buf, "ngh")) && !front)
			return false;
		if ((!strcmp(buf, "c") || !strcmp(buf, "ng")) && front)
			return false;
		if (!strcmp(buf, "g") && (next == 'e' || next == 'y'))
			return false;
	}
	size_t v = i;
	while (i < w->n && is_vowel(w->l[i].cp))
		i++;
	bool has_coda = i < w->n;
	if (i - v > 3 || !nucleus_ok(w, v, i, has_coda, complete))
		return false;
	if (!has_coda)
		return true;
	spell(w, i, w->n, buf, sizeof buf);
	if (!listed(buf, codas, NK_ARRAY_LEN(codas)))
		return false;
	bool stop = strcmp(buf, "c") == 0 || strcmp(buf, "ch") == 0 || strcmp(buf, "k") == 0 ||
		    strcmp(buf, "p") == 0 || strcmp(buf, "t") == 0;
	if (stop && (w->tone == T_GRAVE || w->tone == T_HOOK || w->tone == T_TILDE))
		return false;
	return !(complete && stop && w->tone == T_NONE);
}

static void put_cp(char **out, size_t *len, size_t *cap, uint32_t cp)
{
	xgrow((void **)out, cap, *len + 5, 1);
	char *p = *out + *len;
	if (cp < 0x80) {
		p[0] = (char)cp;
		*len += 1;
	} else if (cp < 0x800) {
		p[0] = (char)(0xc0 | (cp >> 6));
		p[1] = (char)(0x80 | (cp & 0x3f));
		*len += 2;
	} else if (cp < 0x10000) {
		p[0] = (char)(0xe0 | (cp >> 12));
		p[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		p[2] = (char)(0x80 | (cp & 0x3f));
		*len += 3;
	} else {
		p[0] = (char)(0xf0 | (cp >> 18));
		p[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		p[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		p[3] = (char)(0x80 | (cp & 0x3f));
		*len += 4;
	}
}

static char *render(const struct word *w)
{
	static const uint32_t tone_mark[] = {0, 0x301, 0x300, 0x309, 0x303, 0x323};
	int at = w->tone != T_NONE ? tone_place(w) : -1;
	char *out = NULL;
	size_t len = 0, cap = 0;
	for (size_t i = 0; i < w->n; i++) {
		put_cp(&out, &len, &cap, marked(w->l[i].cp, shown_mark(w, i), w->l[i].upper));
		if ((int)i == at)
			put_cp(&out, &len, &cap, tone_mark[w->tone]);
	}
	xgrow((void **)&out, &cap, len + 1, 1);
	out[len] = '\0';
	char *nfc = NULL;
	if (text_nfc(out, len, &nfc, NULL) != NK_OK)
		return out;
	free(out);
	return nfc;
}

/* In Telex and VNI a key whose effect would leave no Vietnamese syllable is typed as the
 * letter it is (a key that can't make a valid syllable is a letter, as in Unikey). */
static void build(enum ime_mode mode, const uint32_t *keys, size_t n, struct word *out)
{
	struct word w = {0};
	bool composing = mode == IME_TELEX || mode == IME_VNI;
	for (size_t i = 0; i < n; i++) {
		struct word before = w;
		w.undid = false;
		switch (mode) {
		case IME_TELEX:
			telex(&w, keys[i]);
			break;
		case IME_VNI:
			vni(&w, keys[i]);
			break;
		case IME_CHV:
			chv(&w, keys[i]);
			break;
		default:
			append(&w, keys[i], false);
		}
		if (composing && !w.undid && !syllable_ok(&w, false) && syllable_ok(&before, false)) {
			bool up;
			uint32_t c = lower(keys[i], &up);
			w = before;
			w.undid = false;
			append(&w, c, up);
		}
		/* An undo by the key just repeated (ass, aww) is the typist's choice; a tone key
		 * met again later in the word (order) is not. */
		bool up0, up1;
		w.undone |= w.undid && i > 0 && lower(keys[i], &up0) == lower(keys[i - 1], &up1);
	}
	*out = w;
}

/* Every letter typed in capitals (OCOP, UBND, VIEETJ). */
static bool all_caps(const uint32_t *keys, size_t n)
{
	size_t letters = 0;
	for (size_t i = 0; i < n; i++) {
		if (keys[i] >= 'a' && keys[i] <= 'z')
			return false;
		letters += keys[i] >= 'A' && keys[i] <= 'Z';
	}
	return letters >= 2;
}

/*
 * A word with no Vietnamese reading is shown as typed (ocop, Facebook, thanks), unless the
 * typist undid a key in it and so chose the letters. A word typed all in capitals is composed
 * only when it makes a whole syllable (VIEETJ → VIỆT), so acronyms stay as they are (OCOP).
 */
char *ime_compose(enum ime_mode mode, const uint32_t *keys, size_t n)
{
	struct word w;
	build(mode, keys, n, &w);
	/* Vietnamese has no "ưo": a horn typed on the u alone (nguwoif) belongs
	 * on both, as typists expect (người). */
	for (size_t i = 0; i + 1 < w.n; i++)
		if (w.l[i].cp == 'u' && w.l[i].mark == M_HORN && w.l[i + 1].cp == 'o' &&
		    w.l[i + 1].mark == M_NONE)
			w.l[i + 1].mark = M_HORN;
	if ((mode == IME_TELEX || mode == IME_VNI) && !w.undone &&
	    !syllable_ok(&w, all_caps(keys, n))) {
		char *out = NULL;
		size_t len = 0, cap = 0;
		for (size_t i = 0; i < n; i++)
			put_cp(&out, &len, &cap, keys[i]);
		xgrow((void **)&out, &cap, len + 1, 1);
		out[len] = '\0';
		return out;
	}
	return render(&w);
}

struct ime {
	enum ime_mode mode;
	size_t max;
	char *done;   /* text before the word being typed */
	uint32_t raw[WORD_MAX];
	size_t nraw;
	char *shown;  /* done + the composed word */
};

enum ime_mode ime_mode_for_lang(const char *lang)
{
	if (lang && (strcmp(lang, "hmn") == 0 || strcmp(lang, "ium") == 0))
		return IME_OFF;
	return IME_TELEX;
}

const char *ime_mode_name(enum ime_mode mode)
{
	static const char *const names[] = {
		[IME_OFF] = "abc", [IME_TELEX] = "Telex", [IME_VNI] = "VNI", [IME_CHV] = "Hmông"};
	return mode <= IME_CHV ? names[mode] : "abc";
}

enum ime_mode ime_mode_next(enum ime_mode mode)
{
	static const enum ime_mode cycle[] = {IME_TELEX, IME_VNI, IME_CHV, IME_OFF};
	size_t k = 0;
	while (k < NK_ARRAY_LEN(cycle) && cycle[k] != mode)
		k++;
	return cycle[(k + 1) % NK_ARRAY_LEN(cycle)];
}

struct ime *ime_new(enum ime_mode mode, size_t max_bytes)
{
	struct ime *ime = xcalloc(1, sizeof *ime);
	ime->mode = mode;
	ime->max = max_bytes;
	ime->done = xstrdup("");
	return ime;
}

void ime_free(struct ime **ime)
{
	if (!*ime)
		return;
	free((*ime)->done);
	free((*ime)->shown);
	free(*ime);
	*ime = NULL;
}

/* Letters and the digits VNI uses belong to a word; anything else ends it. */
static bool word_key(const struct ime *ime, uint32_t cp)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
		return true;
	return ime->mode == IME_VNI && cp >= '0' && cp <= '9';
}

static void commit(struct ime *ime)
{
	if (ime->nraw == 0)
		return;
	char *w = ime_compose(ime->mode, ime->raw, ime->nraw);
	char *joined = xasprintf("%s%s", ime->done, w);
	free(w);
	free(ime->done);
	ime->done = joined;
	ime->nraw = 0;
}

void ime_set_mode(struct ime *ime, enum ime_mode mode)
{
	commit(ime);
	ime->mode = mode;
}

int ime_key(struct ime *ime, uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	if (ime->mode != IME_OFF && word_key(ime, cp)) {
		if (ime->nraw == WORD_MAX)
			return -1;
		ime->raw[ime->nraw++] = cp;
		if (strlen(ime_text(ime)) > ime->max) {
			ime->nraw--;
			return -1;
		}
		return 0;
	}
	commit(ime);
	char *one = NULL;
	size_t len = 0, cap = 0, have = strlen(ime->done);
	put_cp(&one, &len, &cap, cp);
	if (have + len > ime->max) {
		free(one);
		return -1;
	}
	ime->done = xrealloc(ime->done, have + len + 1);
	memcpy(ime->done + have, one, len);
	ime->done[have + len] = '\0';
	free(one);
	return 0;
}

/*
 * Backspace on the word being typed removes its last key, which undoes a tone or mark typed
 * last (tiếng → tiêng) as the header promises. The exception is a key that undid an earlier
 * one (ass shows "as"): removing it alone would bring back the tone the typist had cancelled
 * ("á" where "as" was). Then the key it undid goes too, which removes just the letter on
 * screen ("as" → "a"); the pair is found by trying, since each candidate is a short recompose.
 * (A tone key met again later in a word is no undo: that word shows as typed, and Backspace
 * gives back what the word was before the key.)
 */
static void backspace_word(struct ime *ime)
{
	size_t n = ime->nraw;
	struct word w;
	build(ime->mode, ime->raw, n, &w);
	bool up0, up1;
	if (w.undid && w.n > 0 && n >= 2 &&
	    lower(ime->raw[n - 1], &up0) == lower(ime->raw[n - 2], &up1)) {
		w.n--;
		w.undid = false;
		char *want = render(&w);
		uint32_t keys[WORD_MAX];
		for (size_t j = n - 1; j-- > 0;) {
			memcpy(keys, ime->raw, j * sizeof *keys);
			memcpy(keys + j, ime->raw + j + 1, (n - 2 - j) * sizeof *keys);
			char *got = ime_compose(ime->mode, keys, n - 2);
			bool same = strcmp(got, want) == 0;
			free(got);
			if (same) {
				memcpy(ime->raw, keys, (n - 2) * sizeof *keys);
				ime->nraw = n - 2;
				free(want);
				return;
			}
		}
		free(want);
	}
	ime->nraw = n - 1;
}

void ime_backspace(struct ime *ime)
{
	if (ime->nraw > 0) {
		backspace_word(ime);
		return;
	}
	size_t len = strlen(ime->done), off = 0, last = 0;
	while (off < len) {
		last = off;
		off += text_grapheme_len(ime->done + off, len - off);
	}
	ime->done[last] = '\0';
}

void ime_clear(struct ime *ime)
{
	ime->nraw = 0;
	ime->done[0] = '\0';
}

void ime_set_text(struct ime *ime, const char *text)
{
	enum ime_mode mode = ime->mode;
	ime_clear(ime);
	ime->mode = IME_OFF;
	const uint8_t *p = (const uint8_t *)text;
	ucs4_t cp;
	while ((p = u8_next(&cp, p)) != NULL)
		ime_key(ime, cp);
	ime->mode = mode;
}

const char *ime_text(struct ime *ime)
{
	free(ime->shown);
	char *w = ime_compose(ime->mode, ime->raw, ime->nraw);
	ime->shown = xasprintf("%s%s", ime->done, w);
	free(w);
	return ime->shown;
}
