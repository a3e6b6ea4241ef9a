/*
 * search_screen: type a few words, see the articles that hold them. The
 * query runs again after every key (FTS5 answers in well under a
 * millisecond on the bundled content); accents are optional because the
 * index and the query are folded alike. Results open in the reader.
 */
#include "tui/ui_impl.h"

#include "content/search.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define QUERY_MAX 120 /* bytes: a kiosk query is a few words */

struct search_state {
	char query[QUERY_MAX + 1];
	struct search_hit *hits;
	size_t n;
};

static void run(struct ui *ui, struct search_state *st)
{
	search_free(&st->hits, st->n);
	st->n = 0;
	char *err = NULL;
	if (content_search(ui->db, st->query, NULL, 20, &st->hits, &st->n, &err) != NK_OK) {
		ui_set_status(ui, xasprintf(_("Could not read the database: %s"), err));
		free(err);
	}
}

void search_open(struct ui *ui)
{
	struct search_state *st = xcalloc(1, sizeof *st);
	ui_push(ui, &search_ops, 0, 0, st);
}

static void search_free_state(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct search_state *st = s->data;
	if (!st)
		return;
	search_free(&st->hits, st->n);
	free(st);
}

static const char *search_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Search");
}

/* A snippet with its marks: matched words in ROLE_MARK. */
static void put_snippet(struct grid *g, int y, int x, int w, const char *snip, enum role base)
{
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
}

static void search_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct search_state *st = s->data;
	int x = 2, w = g->w - 4;
	const char *label = _("Search:");
	grid_fill(g, top + 1, x, w, 1, ROLE_ITEM);
	int used = grid_put(g, top + 1, x + 1, label, w - 2, ROLE_ITEM, true);
	/* Show the end of a query too long for the box. */
	const char *q = st->query;
	int room = w - used - 4;
	while (room > 0 && grid_text_width(q) > room)
		q += text_grapheme_len(q, strlen(q));
	int qw = grid_put(g, top + 1, x + used + 2, q, room, ROLE_ITEM, false);
	grid_put(g, top + 1, x + used + 2 + qw, "▏", 1, ROLE_ITEM, false);
	int y = top + 3;
	if (st->query[0] == '\0') {
		grid_wrap(g, y, x, w, rows - 3, _("Type a word, with or without accents."),
			  ROLE_DIM, false);
		return;
	}
	if (st->n == 0) {
		grid_wrap(g, y, x, w, rows - 3, _("Nothing found. Try another word."), ROLE_DIM,
			  false);
		return;
	}
	int per = rows - 3 >= 3 * 2 ? 3 : 1;
	int fit = (rows - 3) / per;
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
		grid_put(g, y, x + 1, st->hits[i].title, w - 2, r, true);
		ui_add_hit(ui, y, x, w, (struct action){ACT_CHOICE, (int)i + 1, 0, 0});
		if (per >= 2) {
			put_snippet(g, y + 1, x + 3, w - 4, st->hits[i].snippet, r);
			ui_add_hit(ui, y + 1, x, w, (struct action){ACT_CHOICE, (int)i + 1, 0, 0});
		}
		y += per;
	}
}

static void append_cp(struct search_state *st, int cp)
{
	char buf[5];
	size_t n;
	if (cp < 0x80) {
		buf[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		buf[0] = (char)(0xc0 | (cp >> 6));
		buf[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			return;
		buf[0] = (char)(0xe0 | (cp >> 12));
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		buf[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else if (cp <= 0x10ffff) {
		buf[0] = (char)(0xf0 | (cp >> 18));
		buf[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		buf[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		buf[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	} else {
		return;
	}
	size_t len = strlen(st->query);
	if (len + n > QUERY_MAX)
		return;
	memcpy(st->query + len, buf, n);
	st->query[len + n] = '\0';
}

/* Backspace removes the last grapheme cluster, not the last byte. */
static void erase_last(struct search_state *st)
{
	size_t len = strlen(st->query), off = 0, last = 0;
	while (off < len) {
		last = off;
		off += text_grapheme_len(st->query + off, len - off);
	}
	st->query[last] = '\0';
}

static int search_act(struct ui *ui, struct screen *s, struct action a)
{
	struct search_state *st = s->data;
	switch (a.kind) {
	case ACT_CHAR:
		if (a.n < 0x20)
			return UI_IGNORED;
		append_cp(st, a.n);
		s->sel = s->scroll = 0;
		run(ui, st);
		return UI_REDRAW;
	case ACT_ERASE:
		if (st->query[0] == '\0')
			return UI_IGNORED;
		erase_last(st);
		s->sel = s->scroll = 0;
		run(ui, st);
		return UI_REDRAW;
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
};

const struct screen_ops search_ops = {
	"search",     search_title, search_draw, search_act, search_free_state,
	search_hints, NK_ARRAY_LEN(search_hints), true,
};
