/*
 * textbox: a block of text that is shown whole or scrolls in its box, never
 * cut silently. The pieces are laid out one under the other in a scratch grid
 * and the rows that fit are shown, with ▲ in the top right corner when more
 * is above and ▼ in the bottom right when more is below. Screens keep the
 * scroll position and how far it goes, and feed the scroll keys to
 * textbox_act. Private to tui/.
 */
#ifndef NK_TUI_TEXTBOX_H
#define NK_TUI_TEXTBOX_H

#include "tui/ui_impl.h"

struct textbox_piece {
	const char *text; /* NULL or "": left out */
	enum role role;
	bool bold;
	int gap; /* blank rows after it, before the next piece */
};

struct textbox {
	int scroll; /* the first row shown */
	int max;    /* how far it scrolls (0: it fits) */
};

/* Rows a text takes wrapped to w columns. */
int textbox_rows(const char *s, int w);

/* Shows rows [tb->scroll, tb->scroll + rows) of all (used rows laid out) at row top of g,
 * with ▲ ▼ where there is more; clamps tb->scroll and sets tb->max. */
void textbox_show(struct grid *g, int top, int rows, struct grid *all, int used,
		  struct textbox *tb);

/* Lays the pieces out at width g->w - 4 from column 2 and shows at most rows of them from
 * row top (scrolling when they are longer); returns the rows used. */
int textbox_draw(struct grid *g, int top, int rows, const struct textbox_piece *p, int n,
		 struct textbox *tb);

/* PgUp and PgDn scroll the box, and Up and Down too when arrows is set; UI_IGNORED for any
 * other action. */
int textbox_act(struct textbox *tb, struct action a, bool arrows);

#endif
