/*
 * fields: drawing and editing small forms. Layout is one label row and one
 * or more value rows per field, so it fits a narrow window too.
 */
#include "tui/fields.h"

#include "core/i18n.h"
#include "core/text.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ime_mode field_lang_mode(void)
{
	return ime_mode_for_lang(i18n_current());
}

void field_init(struct field *f, const char *label, enum field_kind kind, int max, int lines)
{
	memset(f, 0, sizeof *f);
	f->label = label;
	f->kind = kind;
	f->max = max;
	f->lines = lines > 0 ? lines : 1;
	if (kind == FIELD_TEXT) {
		f->mode = ime_mode_for_lang(i18n_current());
		f->ime = ime_new(f->mode, (size_t)max);
	}
}

void fields_free(struct field *f, int n)
{
	for (int i = 0; i < n; i++)
		ime_free(&f[i].ime);
}

const char *field_value(struct field *f)
{
	return f->kind == FIELD_TEXT ? ime_text(f->ime) : f->buf;
}

void field_set(struct field *f, const char *value)
{
	if (f->kind != FIELD_TEXT) {
		snprintf(f->buf, sizeof f->buf, "%s", value);
		return;
	}
	ime_set_text(f->ime, value);
}

const char *field_tail(const char *value, int width, bool *cut)
{
	size_t len = strlen(value);
	int have = text_width(value, len);
	*cut = have > width;
	if (!*cut)
		return value;
	const char *p = value;
	width--; /* the column that shows the cut */
	while (*p && have > width) {
		size_t g = text_grapheme_len(p, len - (size_t)(p - value));
		have -= text_width(p, g);
		p += g;
	}
	return p;
}

int fields_draw(struct ui *ui, struct grid *g, int y, int rows, struct field *f, int n,
		int focus)
{
	int end = y + rows;
	int w = g->w - 4;
	for (int i = 0; i < n && y + 1 + f[i].lines <= end; i++) {
		bool on = i == focus;
		grid_put(g, y, 2, _(f[i].label), w, ROLE_TEXT, on);
		if (f[i].kind == FIELD_TEXT) {
			char tail[24];
			snprintf(tail, sizeof tail, "F3: %s", ime_mode_name(f[i].mode));
			int tw = grid_text_width(tail);
			if (tw + 12 < w)
				grid_put(g, y, 2 + w - tw, tail, tw, ROLE_DIM, false);
		}
		y++;
		enum role r = on ? ROLE_SELECTED : ROLE_ITEM;
		grid_fill(g, y, 2, w, f[i].lines, r);
		char shown[256];
		const char *v = field_value(&f[i]);
		if (f[i].kind == FIELD_SECRET) {
			size_t k = 0, len = strlen(v);
			for (size_t j = 0; j < len && k + 3 < sizeof shown; j++) {
				memcpy(shown + k, "•", 3);
				k += 3;
			}
			shown[k] = '\0';
			v = shown;
		}
		bool cut = false;
		if (f[i].lines == 1) /* one row: it scrolls sideways to keep the end in view */
			v = field_tail(v, w - 4, &cut);
		char *text = xasprintf("%s%s%s", cut ? "…" : "", v, on ? "▏" : "");
		/* Several rows: a longer text scrolls up to keep its end in view, with ▲. */
		struct text_line *tl;
		size_t nl = text_wrap(text, strlen(text), w - 3, &tl);
		size_t from = nl > (size_t)f[i].lines ? tl[nl - (size_t)f[i].lines].off : 0;
		free(tl);
		grid_wrap(g, y, 3, w - 3, f[i].lines, text + from, r, false);
		if (from > 0)
			grid_put(g, y, 2 + w - 1, "▲", 1, r, false);
		free(text);
		for (int k = 0; k < f[i].lines; k++)
			ui_add_hit(ui, y + k, 2, w, (struct action){ACT_CHOICE, i + 1, 0, 0});
		y += f[i].lines + 1;
	}
	return y;
}

int fields_act(struct field *f, int n, int *focus, struct action a)
{
	struct field *cur = *focus >= 0 && *focus < n ? &f[*focus] : NULL;
	switch (a.kind) {
	case ACT_UP:
	case ACT_PREV:
		*focus = *focus > 0 ? *focus - 1 : 0;
		return UI_REDRAW;
	case ACT_DOWN:
	case ACT_NEXT:
		*focus = *focus < n ? *focus + 1 : n;
		return UI_REDRAW;
	case ACT_CHOICE:
		if (a.n < 1 || a.n > n)
			return UI_IGNORED;
		*focus = a.n - 1;
		return UI_REDRAW;
	case ACT_CHAR:
		if (!cur)
			return UI_IGNORED;
		if (cur->kind == FIELD_TEXT) {
			ime_key(cur->ime, (uint32_t)a.n);
		} else if (a.n >= '0' && a.n <= '9') {
			size_t len = strlen(cur->buf);
			if ((int)len < cur->max && len + 1 < sizeof cur->buf) {
				cur->buf[len] = (char)a.n;
				cur->buf[len + 1] = '\0';
			}
		} else {
			return UI_IGNORED;
		}
		return UI_REDRAW;
	case ACT_ERASE:
		if (!cur)
			return UI_IGNORED;
		if (cur->kind == FIELD_TEXT)
			ime_backspace(cur->ime);
		else if (cur->buf[0])
			cur->buf[strlen(cur->buf) - 1] = '\0';
		return UI_REDRAW;
	case ACT_FLIP:
		if (!cur || cur->kind != FIELD_TEXT)
			return UI_IGNORED;
		cur->mode = ime_mode_next(cur->mode);
		ime_set_mode(cur->ime, cur->mode);
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}
