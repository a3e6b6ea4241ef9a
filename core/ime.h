/*
 * ime: the kiosk's own input method, because a kiosk has no system one.
 *
 * Telex and VNI compose Vietnamese as you type (tieengs → tiếng, Vie65t →
 * Việt), with marks and tones typed anywhere in the word and a repeated key
 * undoing its effect (ass → as). The CHV mode serves the Vietnamese Hmong
 * script: only aa ee oo aw ow uw dd, applied to the letter just typed, and no
 * tone keys, because s x r z j v are ordinary tone letters there. The off
 * mode (RPA Hmong, Dao) passes keys through. Tones go by the modern rule
 * (hoà, thuỷ); the output is NFC. As in Unikey, a key whose effect would leave
 * no Vietnamese syllable is typed as a letter, and a word with no Vietnamese
 * reading is shown as typed (OCOP, Facebook); a word in capitals is composed
 * only when it makes a whole syllable (VIEETJ → VIỆT).
 *
 * An ime is one text field. It holds the text before the word being typed
 * and the raw keys of that word, and recomposes the word on every key, so
 * Backspace removes the last key, not the last letter (except after a key
 * that undid an earlier one: then the letter it left goes). Ownership: ime_new
 * returns a field freed with ime_free (which NULLs the pointer); ime_text
 * returns a string owned by the field, valid until the next call.
 */
#ifndef NK_CORE_IME_H
#define NK_CORE_IME_H

#include <stddef.h>
#include <stdint.h>

enum ime_mode { IME_OFF, IME_TELEX, IME_VNI, IME_CHV };

struct ime;

/* The mode a text field starts in for a UI language: Telex for Vietnamese; plain letters
 * for Hmong and Dao, whose RPA and Unified Script are written in plain letters (the CHV mode
 * stays one F3 away). */
enum ime_mode ime_mode_for_lang(const char *lang);
/* The short name the field shows ("Telex", "VNI", "Hmông", "abc"); the next mode for F3. */
const char *ime_mode_name(enum ime_mode mode);
enum ime_mode ime_mode_next(enum ime_mode mode);

struct ime *ime_new(enum ime_mode mode, size_t max_bytes);
void ime_free(struct ime **ime);
void ime_set_mode(struct ime *ime, enum ime_mode mode);

/* Feeds one typed character (a Unicode code point >= 0x20). Characters that
 * would make the text longer than max_bytes are refused (returns -1). */
int ime_key(struct ime *ime, uint32_t cp);
/* Removes the last key of the word being typed, or else the last character. */
void ime_backspace(struct ime *ime);
void ime_clear(struct ime *ime);
/* Replaces the text with UTF-8 text taken as it is (no composing), e.g. a name picked from
 * a list; the mode stays. */
void ime_set_text(struct ime *ime, const char *text);

/* The whole field as NFC UTF-8. */
const char *ime_text(struct ime *ime);

/* Composes one word from raw keys (for tests and for other front ends). The
 * result is malloc'd NFC UTF-8. */
char *ime_compose(enum ime_mode mode, const uint32_t *keys, size_t n);

#endif
