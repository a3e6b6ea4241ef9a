/*
 * fields: a column of labelled input fields for the simple forms of the
 * kiosk (a question to the commune, officer settings, a folder path, the
 * PIN). Text fields go through the input method; digit fields take digits;
 * secret fields show dots. Screens own the array and draw and feed it.
 * Private to tui/.
 */
#ifndef NK_TUI_FIELDS_H
#define NK_TUI_FIELDS_H

#include "core/ime.h"
#include "tui/ui_impl.h"

enum field_kind { FIELD_TEXT, FIELD_DIGITS, FIELD_SECRET };

struct field {
	const char *label; /* msgid, translated when drawn */
	enum field_kind kind;
	int max;           /* bytes */
	struct ime *ime;   /* FIELD_TEXT */
	enum ime_mode mode;
	char buf[64];      /* FIELD_DIGITS and FIELD_SECRET */
	int lines;         /* rows the value may wrap over (1 for most) */
};

/* The input method a text field starts in for the visitor's language. */
enum ime_mode field_lang_mode(void);

/* Sets up a field (its ime for text ones, in the mode that suits the
 * visitor's language); fields_free frees what fields_init made. */
void field_init(struct field *f, const char *label, enum field_kind kind, int max, int lines);
void fields_free(struct field *f, int n);

/* The value as text (owned by the field, valid until the next change). */
const char *field_value(struct field *f);
/* Replaces the value (typed as plain letters, no composing). */
void field_set(struct field *f, const char *value);

/* The end of a value that fits in width columns, so that a field scrolls sideways to keep
 * what is being typed in view; *cut says whether the start is hidden (then show "…" or the
 * like before it, in one of the columns). */
const char *field_tail(const char *value, int width, bool *cut);

/* Draws fields from row y and returns the row after the last. */
int fields_draw(struct ui *ui, struct grid *g, int y, int rows, struct field *f, int n,
		int focus);
/* Typing, Backspace and F3 (the input method) for the focused field;
 * Up/Down/Tab move *focus (to n for "past the last"). */
int fields_act(struct field *f, int n, int *focus, struct action a);

#endif
