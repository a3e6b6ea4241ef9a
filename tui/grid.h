/*
 * grid: the terminal-free cell grid every screen renders into.
 *
 * A cell holds one grapheme cluster (NFC UTF-8) and a role; a wide character
 * takes a lead cell of width 2 and a continuation cell of width 0. Text put
 * into the grid goes through text_sanitize first, so no control, escape
 * sequence or bidi control can ever reach a terminal from here. The back-end
 * (tui/term.c) draws a grid; tests dump it as text.
 *
 * Ownership: grid_new returns a grid the caller frees with grid_free (which
 * NULLs the pointer). grid_dump returns a malloc'd string.
 */
#ifndef NK_TUI_GRID_H
#define NK_TUI_GRID_H

#include <stdbool.h>

enum role {
	ROLE_TEXT,     /* body text */
	ROLE_TITLE,    /* the title bar */
	ROLE_BAR,      /* the key bar at the bottom */
	ROLE_KEY,      /* a key name in the key bar */
	ROLE_ITEM,     /* a menu item */
	ROLE_SELECTED, /* the selected menu item */
	ROLE_DIM,      /* secondary text */
	ROLE_WARN,     /* warnings and errors */
	ROLE_HEADING,  /* headings in an article */
	ROLE_LINK,     /* a link to another article */
	ROLE_FOCUS,    /* the link Tab has reached */
	ROLE_MARK,     /* a search match */
	ROLE_EMPH,     /* emphasis (italic) in an article */
	ROLE_COUNT
};

struct cell {
	char g[24];          /* the grapheme cluster, NUL-terminated ("" = blank) */
	signed char width;   /* 1 or 2 for a lead cell, 0 for a continuation */
	unsigned char role;  /* enum role */
	bool bold;
};

struct grid {
	int w, h;
	struct cell *cells; /* h rows of w cells */
};

struct grid *grid_new(int w, int h);
void grid_free(struct grid **g);
/* Resizes (contents are cleared). */
void grid_resize(struct grid *g, int w, int h);
/* Blanks every cell with the given role. */
void grid_clear(struct grid *g, enum role role);
/* Blanks a rectangle with the given role (clipped to the grid). */
void grid_fill(struct grid *g, int y, int x, int w, int h, enum role role);
struct cell *grid_at(struct grid *g, int y, int x);

/* Writes text at (y, x), at most maxw columns and never past the right edge;
 * returns the columns written. A wide character that does not fit is left
 * out. */
int grid_put(struct grid *g, int y, int x, const char *s, int maxw, enum role role, bool bold);
/* As grid_put and grid_wrap, but text that does not fit ends in "…" so the
 * reader knows there is more. */
int grid_put_cut(struct grid *g, int y, int x, const char *s, int maxw, enum role role, bool bold);
int grid_wrap_cut(struct grid *g, int y, int x, int w, int maxlines, const char *s, enum role role,
		  bool bold);
/* Writes text centred in the row (truncated if it is wider than the grid). */
int grid_center(struct grid *g, int y, const char *s, enum role role, bool bold);
/* Wraps text to width w and writes up to maxlines lines from row y; returns
 * the lines used. */
int grid_wrap(struct grid *g, int y, int x, int w, int maxlines, const char *s, enum role role,
	      bool bold);
/* Width of text as the grid would show it. */
int grid_text_width(const char *s);

/* The grid as text: one line per row, trailing blanks removed. When any cell
 * has another role than ROLE_TEXT, a second layer follows, so a golden file
 * sees selection, warnings and marks as well as letters: a line "--- roles",
 * then one line per row with one letter per column (grid_role_letter; a
 * wide character's two columns both), trailing ROLE_TEXT blanks removed. */
char *grid_dump(const struct grid *g);
/* The letter of a role in the dump's second layer (' ' for ROLE_TEXT). */
char grid_role_letter(enum role role);

#endif
