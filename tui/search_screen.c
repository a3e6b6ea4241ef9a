/*
 * search_screen: type a few words, see the articles that hold them. The
 * query runs again after every key (FTS5 answers in well under a
 * millisecond on the bundled content); accents are optional because the
 * index and the query are folded alike. The box is a text field like the
 * others, with the same input method (Telex for Vietnamese: ddaof taoj is
 * "đào tạo"). Hits in the visitor's language come first, then those found
 * only in another language, marked with its name. Results open in the reader.
 */
#include "tui/fields.h"
#include "tui/ui_impl.h"

#include "content/search.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define QUERY_MAX 120 /* bytes: a kiosk query is a few words */

struct search_state {
	struct field box;
	struct search_hit *hits;
	size_t n;
};

static void run(struct ui *ui, struct search_state *st)
{
	search_free(&st->hits, st->n);
	st->n = 0;
	char *err = NULL;
	if (content_search_first(ui->db, field_value(&st->box), i18n_current(), 20, &st->hits,
				 &st->n, &err) != NK_OK) {
		ui_set_status(ui, xasprintf(_("Could not read the database: %s"), err));
		free(err);
	}
}

void search_open(struct ui *ui)
{
	struct search_state *st = xcalloc(1, sizeof *st);
	field_init(&st->box, N_("Search:"), FIELD_TEXT, QUERY_MAX, 1);
	ui_push(ui, &search_ops, 0, 0, st);
}

static void search_free_state(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct search_state *st = s->data;
	if (!st)
		return;
	search_free(&st->hits, st->n);
	fields_free(&st->box, 1);
	free(st);
}

static const char *search_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Search");
}

/* A snippet with its marks: matched words in ROLE_MARK. One too long for
 * its row ends in "…" (the snippet's own "…" says where the text goes on). */
static void put_snippet(struct grid *g, int y, int x, int w, const char *snip, enum role base)
{
	char *plain = xstrdup(snip);
	size_t k = 0;
	for (const char *p = snip; *p; p++)
		if (*p != SEARCH_MARK_ON[0] && *p != SEARCH_MARK_OFF[0])
			plain[k++] = *p;
	plain[k] = '\0';
	bool cut = grid_text_width(plain) > w;
	free(plain);
	if (cut)
		w--;
	enum role role = base;
	const char *p = snip;
	while (*p && w > 0) {
		size_t n = strcspn(p, SEARCH_MARK_ON SEARCH_MARK_OFF);
		char *piece = xstrndup(p, n);
		int used = grid_put(g, y, x, piece, w, role, false);
		free(piece);
		x += used;
		w -= used;
		p += n;
		if (*p == SEARCH_MARK_ON[0])
			role = ROLE_MARK;
		else if (*p == SEARCH_MARK_OFF[0])
			role = base;
		if (*p)
			p++;
	}
	if (cut)
		grid_put(g, y, x, "…", 1, base, false);
}

static void search_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct search_state *st = s->data;
	int x = 2, w = g->w - 4;
	int y = fields_draw(ui, g, top, 2, &st->box, 1, 0);
	rows -= y - top;
	top = y;
	y = top + 1;
	if (field_value(&st->box)[0] == '\0') {
		grid_wrap(g, y, x, w, rows - 1, _("Type a word, with or without accents."),
			  ROLE_DIM, false);
		return;
	}
	if (st->n == 0) {
		grid_wrap(g, y, x, w, rows - 1, _("Nothing found. Try another word."), ROLE_DIM,
			  false);
		return;
	}
	int per = rows - 1 >= 3 * 2 ? 3 : 1;
	int fit = (rows - 1) / per;
	if (fit < 1)
		fit = 1;
	if (s->sel < s->scroll)
		s->scroll = s->sel;
	if (s->sel >= s->scroll + fit)
		s->scroll = s->sel - fit + 1;
	for (size_t i = (size_t)s->scroll; i < st->n && y + per - 1 <= top + rows - 1; i++) {
		bool sel = (int)i == s->sel;
		enum role r = sel ? ROLE_SELECTED : ROLE_TEXT;
		grid_fill(g, y, x, w, per >= 2 ? 2 : 1, r);
		/* A text in another language says which, at the end of its row. */
		int tw = w - 2;
		if (strcmp(st->hits[i].lang, i18n_current()) != 0) {
			const struct i18n_lang *l = i18n_lang_find(st->hits[i].lang);
			char *tag = xasprintf("(%s)", l ? l->native : st->hits[i].lang);
			int gw = grid_text_width(tag);
			if (gw + 8 < tw) {
				grid_put(g, y, x + w - 1 - gw, tag, gw, sel ? r : ROLE_DIM, false);
				tw -= gw + 1;
			}
			free(tag);
		}
		grid_put_cut(g, y, x + 1, st->hits[i].title, tw, r, true);
		ui_add_hit(ui, y, x, w, (struct action){ACT_LINK, (int)i + 1, 0, 0});
		if (per >= 2) {
			put_snippet(g, y + 1, x + 3, w - 4, st->hits[i].snippet, r);
			ui_add_hit(ui, y + 1, x, w, (struct action){ACT_LINK, (int)i + 1, 0, 0});
		}
		y += per;
	}
}

static int search_act(struct ui *ui, struct screen *s, struct action a)
{
	struct search_state *st = s->data;
	switch (a.kind) {
	case ACT_CHAR:
	case ACT_ERASE: {
		if (a.kind == ACT_CHAR && a.n < 0x20)
			return UI_IGNORED;
		if (a.kind == ACT_ERASE && field_value(&st->box)[0] == '\0')
			return UI_IGNORED;
		int focus = 0;
		int r = fields_act(&st->box, 1, &focus, a);
		s->sel = s->scroll = 0;
		run(ui, st);
		return r;
	}
	case ACT_FLIP: {
		int focus = 0;
		return fields_act(&st->box, 1, &focus, a);
	}
	case ACT_UP:
	case ACT_PREV:
		if (s->sel > 0)
			s->sel--;
		return UI_REDRAW;
	case ACT_DOWN:
	case ACT_NEXT:
		if (s->sel + 1 < (int)st->n)
			s->sel++;
		return UI_REDRAW;
	case ACT_SELECT:
		if (st->n == 0)
			return UI_IGNORED;
		reader_open(ui, st->hits[s->sel].slug);
		return UI_REDRAW;
	case ACT_CHOICE:
		/* A click on the box (fields_draw's target): it has the focus already. */
		return UI_IGNORED;
	case ACT_LINK:
		/* A click on a hit. */
		if (a.n < 1 || a.n > (int)st->n)
			return UI_IGNORED;
		s->sel = a.n - 1;
		reader_open(ui, st->hits[s->sel].slug);
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

static const struct keyhint search_hints[] = {
	{"↑↓", N_("Move"), ACT_NONE},
	{"Enter", N_("Open"), ACT_SELECT},
	{"Esc", N_("Back"), ACT_BACK},
	{"F3", N_("Typing"), ACT_FLIP},
};

const struct screen_ops search_ops = {
	"search",     search_title, search_draw, search_act, search_free_state,
	search_hints, NK_ARRAY_LEN(search_hints), true,
};
