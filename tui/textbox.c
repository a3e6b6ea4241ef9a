/*
 * textbox: text that scrolls in its box with ▲ ▼ (see textbox.h).
 */
#include "tui/textbox.h"

#include "core/text.h"

#include <stdlib.h>
#include <string.h>

int textbox_rows(const char *s, int w)
{
	if (w < 1 || !s)
		return 0;
	struct text_line *lines;
	size_t n = text_wrap(s, strlen(s), w, &lines);
	free(lines);
	return (int)n;
}

void textbox_show(struct grid *g, int top, int rows, struct grid *all, int used,
		  struct textbox *tb)
{
	tb->max = used - rows > 0 ? used - rows : 0;
	if (tb->scroll > tb->max)
		tb->scroll = tb->max;
	if (tb->scroll < 0)
		tb->scroll = 0;
	for (int r = 0; r < rows && tb->scroll + r < used; r++)
		for (int x = 0; x < g->w && x < all->w; x++)
			*grid_at(g, top + r, x) = *grid_at(all, tb->scroll + r, x);
	if (tb->scroll > 0)
		grid_put(g, top, g->w - 2, "▲", 1, ROLE_DIM, true);
	if (tb->scroll < tb->max)
		grid_put(g, top + rows - 1, g->w - 2, "▼", 1, ROLE_DIM, true);
}

int textbox_draw(struct grid *g, int top, int rows, const struct textbox_piece *p, int n,
		 struct textbox *tb)
{
	int w = g->w - 4, need = 0;
	for (int i = 0; i < n; i++)
		if (p[i].text && p[i].text[0])
			need += textbox_rows(p[i].text, w) + (i + 1 < n ? p[i].gap : 0);
	struct grid *all = grid_new(g->w, need + 1);
	int y = 0;
	for (int i = 0; i < n; i++)
		if (p[i].text && p[i].text[0])
			y += grid_wrap(all, y, 2, w, need - y + 1, p[i].text, p[i].role, p[i].bold) +
			     (i + 1 < n ? p[i].gap : 0);
	if (rows < 1)
		rows = 1;
	int shown = y < rows ? y : rows;
	textbox_show(g, top, shown, all, y, tb);
	grid_free(&all);
	return shown;
}

int textbox_act(struct textbox *tb, struct action a, bool arrows)
{
	const int page = 5;
	switch (a.kind) {
	case ACT_UP:
		if (!arrows)
			return UI_IGNORED;
		tb->scroll = tb->scroll > 0 ? tb->scroll - 1 : 0;
		return UI_REDRAW;
	case ACT_DOWN:
		if (!arrows)
			return UI_IGNORED;
		tb->scroll = tb->scroll < tb->max ? tb->scroll + 1 : tb->max;
		return UI_REDRAW;
	case ACT_PGUP:
		tb->scroll = tb->scroll > page ? tb->scroll - page : 0;
		return UI_REDRAW;
	case ACT_PGDN:
		tb->scroll = tb->scroll + page < tb->max ? tb->scroll + page : tb->max;
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}
