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
	const char *l = i18n_current();
	if (strcmp(l, "hmn") == 0)
		return IME_CHV;
	if (strcmp(l, "ium") == 0)
		return IME_OFF;
	return IME_TELEX;
}

void field_init(struct field *f, const char *label, enum field_kind kind, int max, int lines)
{
	memset(f, 0, sizeof *f);
	f->label = label;
	f->kind = kind;
	f->max = max;
	f->lines = lines > 0 ? lines : 1;
	if (kind == FIELD_TEXT) {
		f->mode = field_lang_mode();
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
	ime_clear(f->ime);
	ime_set_mode(f->ime, IME_OFF);
	const unsigned char *p = (const unsigned char *)value;
	while (*p) {
		int l = *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
		uint32_t cp = l == 1 ? *p : (uint32_t)(*p & (0x3f >> (l - 1)));
		int k = 1;
		for (; k < l && p[k]; k++)
			cp = (cp << 6) | (p[k] & 0x3f);
		ime_key(f->ime, cp);
		p += k;
	}
	ime_set_mode(f->ime, f->mode);
}

static const char *mode_label(enum ime_mode m)
{
	static const char *const names[] = {
		[IME_OFF] = "abc", [IME_TELEX] = "Telex", [IME_VNI] = "VNI", [IME_CHV] = "Hmông"};
	return names[m];
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
			snprintf(tail, sizeof tail, "F3: %s", mode_label(f[i].mode));
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
		char *text = xasprintf("%s%s", v, on ? "▏" : "");
		grid_wrap(g, y, 3, w - 2, f[i].lines, text, r, false);
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
		{
			static const enum ime_mode cycle[] = {IME_TELEX, IME_VNI, IME_CHV, IME_OFF};
			int k = 0;
			while (k < 4 && cycle[k] != cur->mode)
				k++;
			cur->mode = cycle[(k + 1) % 4];
			ime_set_mode(cur->ime, cur->mode);
		}
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}
