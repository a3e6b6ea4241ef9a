/*
 * grid: cells, sanitized writes, wrapping and the text dump used by golden
 * tests. It knows nothing of curses, screens or languages.
 */
#include "tui/grid.h"

#include "core/text.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

struct grid *grid_new(int w, int h)
{
	struct grid *g = xcalloc(1, sizeof *g);
	grid_resize(g, w, h);
	return g;
}

void grid_free(struct grid **g)
{
	if (!*g)
		return;
	free((*g)->cells);
	free(*g);
	*g = NULL;
}

void grid_resize(struct grid *g, int w, int h)
{
	if (w < 0)
		w = 0;
	if (h < 0)
		h = 0;
	free(g->cells);
	g->w = w;
	g->h = h;
	g->cells = xcalloc((size_t)w * (size_t)h + 1, sizeof *g->cells);
	grid_clear(g, ROLE_TEXT);
}

struct cell *grid_at(struct grid *g, int y, int x)
{
	if (y < 0 || x < 0 || y >= g->h || x >= g->w)
		return NULL;
	return &g->cells[(size_t)y * (size_t)g->w + (size_t)x];
}

static void blank(struct cell *c, enum role role)
{
	c->g[0] = '\0';
	c->width = 1;
	c->role = (unsigned char)role;
	c->bold = false;
}

void grid_fill(struct grid *g, int y, int x, int w, int h, enum role role)
{
	for (int r = y; r < y + h; r++)
		for (int col = x; col < x + w; col++) {
			struct cell *c = grid_at(g, r, col);
			if (c)
				blank(c, role);
		}
}

void grid_clear(struct grid *g, enum role role)
{
	grid_fill(g, 0, 0, g->w, g->h, role);
}

/* Overwriting half of a wide character blanks its other half, so the grid
 * never holds an orphan lead or continuation cell. */
static void unhook(struct grid *g, int y, int x)
{
	struct cell *c = grid_at(g, y, x);
	if (!c)
		return;
	if (c->width == 0) {
		struct cell *lead = grid_at(g, y, x - 1);
		if (lead)
			blank(lead, lead->role);
	} else if (c->width == 2) {
		struct cell *cont = grid_at(g, y, x + 1);
		if (cont)
			blank(cont, cont->role);
	}
}

static int put_clean(struct grid *g, int y, int x, const char *s, size_t n, int maxw,
		     enum role role, bool bold)
{
	if (y < 0 || y >= g->h || x >= g->w)
		return 0;
	int limit = g->w - x;
	if (maxw < limit)
		limit = maxw;
	int used = 0;
	size_t off = 0;
	while (off < n && used < limit) {
		size_t gl = text_grapheme_len(s + off, n - off);
		if (gl == 0)
			break;
		int w = text_width(s + off, gl);
		if (s[off] == '\n' || w <= 0 || w > 2) {
			off += gl;
			continue;
		}
		if (used + w > limit)
			break;
		int cx = x + used;
		if (cx >= 0) {
			unhook(g, y, cx);
			if (w == 2)
				unhook(g, y, cx + 1);
			struct cell *c = grid_at(g, y, cx);
			size_t keep = gl < sizeof c->g ? gl : 0;
			if (keep == 0) {
				/* A cluster too long to keep whole (a base letter under a
				 * pile of marks): keep the base and as many marks as fit. */
				keep = sizeof c->g - 1;
				while (keep > 0 && ((unsigned char)s[off + keep] & 0xc0) == 0x80)
					keep--;
			}
			memcpy(c->g, s + off, keep);
			c->g[keep] = '\0';
			c->width = (signed char)w;
			c->role = (unsigned char)role;
			c->bold = bold;
			if (w == 2) {
				struct cell *cont = grid_at(g, y, cx + 1);
				cont->g[0] = '\0';
				cont->width = 0;
				cont->role = (unsigned char)role;
				cont->bold = bold;
			}
		}
		used += w;
		off += gl;
	}
	return used;
}

int grid_put(struct grid *g, int y, int x, const char *s, int maxw, enum role role, bool bold)
{
	char *clean = text_sanitize(s, strlen(s), false, NULL);
	int used = put_clean(g, y, x, clean, strlen(clean), maxw, role, bold);
	free(clean);
	return used;
}

int grid_put_cut(struct grid *g, int y, int x, const char *s, int maxw, enum role role, bool bold)
{
	char *clean = text_sanitize(s, strlen(s), false, NULL);
	size_t n = strlen(clean);
	int used;
	if (maxw < 1 || x + 1 > g->w) {
		used = 0;
	} else if (text_width(clean, n) <= maxw && x + text_width(clean, n) <= g->w) {
		used = put_clean(g, y, x, clean, n, maxw, role, bold);
	} else {
		int room = maxw < g->w - x ? maxw : g->w - x;
		used = put_clean(g, y, x, clean, n, room - 1, role, bold);
		used += put_clean(g, y, x + used, "…", strlen("…"), 1, role, bold);
	}
	free(clean);
	return used;
}

int grid_text_width(const char *s)
{
	char *clean = text_sanitize(s, strlen(s), false, NULL);
	int w = text_width(clean, strlen(clean));
	free(clean);
	return w;
}

int grid_center(struct grid *g, int y, const char *s, enum role role, bool bold)
{
	int w = grid_text_width(s);
	int x = w >= g->w ? 0 : (g->w - w) / 2;
	return grid_put(g, y, x, s, g->w, role, bold);
}

static int wrap(struct grid *g, int y, int x, int w, int maxlines, const char *s, enum role role,
		bool bold, bool cut)
{
	if (w < 1 || maxlines < 1)
		return 0;
	char *clean = text_sanitize(s, strlen(s), true, NULL);
	struct text_line *lines;
	size_t n = text_wrap(clean, strlen(clean), w, &lines);
	int used = 0;
	for (size_t i = 0; i < n && used < maxlines; i++, used++) {
		const char *line = clean + lines[i].off;
		if (cut && used == maxlines - 1 && i + 1 < n) {
			int lw = put_clean(g, y + used, x, line, lines[i].len, w - 1, role, bold);
			put_clean(g, y + used, x + lw, "…", strlen("…"), 1, role, bold);
		} else {
			put_clean(g, y + used, x, line, lines[i].len, w, role, bold);
		}
	}
	free(lines);
	free(clean);
	return used;
}

int grid_wrap(struct grid *g, int y, int x, int w, int maxlines, const char *s, enum role role,
	      bool bold)
{
	return wrap(g, y, x, w, maxlines, s, role, bold, false);
}

int grid_wrap_cut(struct grid *g, int y, int x, int w, int maxlines, const char *s, enum role role,
		  bool bold)
{
	return wrap(g, y, x, w, maxlines, s, role, bold, true);
}

/* One letter per role: capitals for the frame and for what stands out
 * (title, key, selection, focus, warning, mark, heading, link), small ones
 * for the rest. */
static const char role_letters[ROLE_COUNT] = {
	[ROLE_TEXT] = ' ',     [ROLE_TITLE] = 'T', [ROLE_BAR] = 'b',     [ROLE_KEY] = 'K',
	[ROLE_ITEM] = 'i',     [ROLE_SELECTED] = 'S', [ROLE_DIM] = 'd',  [ROLE_WARN] = 'W',
	[ROLE_HEADING] = 'H',  [ROLE_LINK] = 'L',  [ROLE_FOCUS] = 'F',   [ROLE_MARK] = 'M',
	[ROLE_EMPH] = 'e',
};

char grid_role_letter(enum role role)
{
	return (unsigned)role < ROLE_COUNT ? role_letters[role] : '?';
}

static void put_bytes(char **out, size_t *cap, size_t *len, const char *s, size_t n)
{
	xgrow((void **)out, cap, *len + n + 2, 1);
	memcpy(*out + *len, s, n);
	*len += n;
}

char *grid_dump(const struct grid *g)
{
	size_t cap = 0, len = 0;
	char *out = NULL;
	bool roles = false;
	for (int y = 0; y < g->h; y++) {
		size_t last_ink = len;
		for (int x = 0; x < g->w; x++) {
			const struct cell *c = &g->cells[(size_t)y * (size_t)g->w + (size_t)x];
			if (c->role != ROLE_TEXT)
				roles = true;
			if (c->width == 0)
				continue;
			const char *t = c->g[0] ? c->g : " ";
			put_bytes(&out, &cap, &len, t, strlen(t));
			if (c->g[0] && strcmp(c->g, " ") != 0)
				last_ink = len;
		}
		len = last_ink;
		put_bytes(&out, &cap, &len, "\n", 1);
	}
	if (roles) {
		put_bytes(&out, &cap, &len, "--- roles\n", 10);
		for (int y = 0; y < g->h; y++) {
			size_t start = len, last = len;
			for (int x = 0; x < g->w; x++) {
				const struct cell *c = &g->cells[(size_t)y * (size_t)g->w + (size_t)x];
				char l = grid_role_letter((enum role)c->role);
				put_bytes(&out, &cap, &len, &l, 1);
				if (l != ' ')
					last = len;
			}
			len = last > start ? last : start;
			put_bytes(&out, &cap, &len, "\n", 1);
		}
	}
	xgrow((void **)&out, &cap, len + 1, 1);
	out[len] = '\0';
	return out;
}
