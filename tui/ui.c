/*
 * ui: the screen stack, the shared frame (title bar, key bar, status line,
 * "please enlarge"), and the kiosk's first screens: the language picker, the
 * main menu, the language list (F2), help, and the "coming later" page for
 * parts not built yet. No curses here: screens draw into a grid.
 */
#include "tui/ui.h"

#include "core/i18n.h"
#include "core/util.h"
#include "records/visits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STACK_MAX 16

struct ui;
struct screen;

struct keyhint {
	const char *key;   /* language-neutral key name */
	const char *label; /* msgid, translated when drawn */
	enum act act;      /* what a click on the hint does */
};

struct item {
	const char *label; /* already translated or native */
	const char *desc;  /* may be NULL */
};

struct screen_ops {
	const char *name;
	const char *(*title)(struct ui *ui, struct screen *s);
	void (*draw)(struct ui *ui, struct screen *s, struct grid *g, int top, int rows);
	int (*act)(struct ui *ui, struct screen *s, struct action a);
	const struct keyhint *hints;
	size_t nhints;
};

struct screen {
	const struct screen_ops *ops;
	int sel; /* selected item */
	int arg; /* what the screen is about (the menu item for "soon") */
};

struct hit {
	int y, x, w;
	struct action act;
};

struct ui {
	struct db *db;
	const struct clock *clk;
	struct screen stack[STACK_MAX];
	int depth;
	struct hit *hits;
	size_t nhits, caphits;
	bool too_small;
	char *status;
};

static const struct screen_ops picker_ops, menu_ops, lang_ops, help_ops, soon_ops;

/* --- the stack ---------------------------------------------------------- */

static struct screen *top(struct ui *ui)
{
	return &ui->stack[ui->depth - 1];
}

static void push(struct ui *ui, const struct screen_ops *ops, int sel, int arg)
{
	if (ui->depth == STACK_MAX)
		return;
	ui->stack[ui->depth++] = (struct screen){ops, sel, arg};
}

static void pop(struct ui *ui)
{
	if (ui->depth > 1)
		ui->depth--;
}

static void set_status(struct ui *ui, char *msg)
{
	free(ui->status);
	ui->status = msg;
}

/* A visitor who picks a language starts a visit; the count goes into the
 * period report. Failing to record it must not stop the visitor. */
static void start_visit(struct ui *ui)
{
	if (!ui->db)
		return;
	char *err = NULL;
	if (visits_start(ui->db, ui->clk, i18n_current(), NULL, &err) != NK_OK) {
		set_status(ui, xasprintf(_("Could not save to the database: %s"), err));
		free(err);
	}
}

static void switch_lang(size_t i)
{
	const struct i18n_lang *l = i18n_lang_at(i);
	if (l)
		i18n_set_lang(l->id, NULL);
}

/* --- drawing helpers ---------------------------------------------------- */

static void add_hit(struct ui *ui, int y, int x, int w, struct action a)
{
	xgrow((void **)&ui->hits, &ui->caphits, ui->nhits + 1, sizeof *ui->hits);
	ui->hits[ui->nhits++] = (struct hit){y, x, w, a};
}

/* Draws a list of items as large buttons centred in the body, and registers
 * each as a click target. Uses three rows an item (label, description,
 * space) when there is room, otherwise one. */
static void draw_items(struct ui *ui, struct grid *g, int top_row, int rows, const struct item *it,
		       int n, int sel)
{
	int maxw = 0;
	for (int i = 0; i < n; i++) {
		int w = grid_text_width(it[i].label);
		if (it[i].desc && grid_text_width(it[i].desc) > w)
			w = grid_text_width(it[i].desc);
		if (w > maxw)
			maxw = w;
	}
	int boxw = maxw + 8;
	if (boxw > g->w - 4)
		boxw = g->w - 4;
	if (boxw < 1)
		boxw = 1;
	int x = (g->w - boxw) / 2;
	/* Descriptions are shown whole or not at all: a cut sentence reads worse
	 * than none to someone who reads slowly. */
	bool descs = rows >= n * 3;
	for (int i = 0; i < n && descs; i++)
		if (it[i].desc && grid_text_width(it[i].desc) > boxw - 6)
			descs = false;
	int per = descs ? 3 : rows >= n * 2 ? 2 : 1;
	int y = top_row + (rows - n * per) / 2;
	if (y < top_row)
		y = top_row;
	for (int i = 0; i < n && y < top_row + rows; i++) {
		enum role r = i == sel ? ROLE_SELECTED : ROLE_ITEM;
		grid_fill(g, y, x, boxw, descs ? 2 : 1, r);
		char num[16];
		snprintf(num, sizeof num, " %d ", i + 1);
		int used = grid_put(g, y, x + 1, num, boxw - 1, r, true);
		grid_put(g, y, x + 1 + used + 1, it[i].label, boxw - used - 3, r, true);
		if (descs && it[i].desc)
			grid_put(g, y + 1, x + 1 + used + 1, it[i].desc, boxw - used - 3, r, false);
		add_hit(ui, y, x, boxw, (struct action){ACT_CHOICE, i + 1, 0, 0});
		if (descs)
			add_hit(ui, y + 1, x, boxw, (struct action){ACT_CHOICE, i + 1, 0, 0});
		y += per;
	}
}

static int list_act(struct screen *s, struct action a, int n, int *chosen)
{
	*chosen = -1;
	switch (a.kind) {
	case ACT_UP:
	case ACT_LEFT:
		s->sel = (s->sel + n - 1) % n;
		return UI_REDRAW;
	case ACT_DOWN:
	case ACT_RIGHT:
	case ACT_NEXT:
		s->sel = (s->sel + 1) % n;
		return UI_REDRAW;
	case ACT_SELECT:
		*chosen = s->sel;
		return UI_REDRAW;
	case ACT_CHOICE:
		if (a.n < 1 || a.n > n)
			return UI_IGNORED;
		s->sel = a.n - 1;
		*chosen = s->sel;
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

/* --- the language picker ------------------------------------------------ */

static const char *picker_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("New Rural Development · OCOP");
}

static void lang_items(struct item *it, int n)
{
	for (int i = 0; i < n; i++) {
		it[i].label = i18n_lang_at((size_t)i)->native;
		it[i].desc = NULL;
	}
}

static void picker_draw(struct ui *ui, struct screen *s, struct grid *g, int top_row, int rows)
{
	int n = (int)i18n_lang_count();
	/* "Choose your language" in every language, so each visitor finds a line
	 * they can read before they have chosen anything. */
	char cur[16];
	snprintf(cur, sizeof cur, "%s", i18n_current());
	int heads = rows >= n * 2 + n + 2 ? n : 1;
	for (int i = 0; i < heads; i++) {
		switch_lang((size_t)i);
		grid_center(g, top_row + 1 + i, _("Choose your language"), ROLE_TEXT, i == 0);
	}
	i18n_set_lang(cur, NULL);
	struct item it[16];
	if (n > 16)
		n = 16;
	lang_items(it, n);
	int used = heads + 2;
	draw_items(ui, g, top_row + used, rows - used, it, n, s->sel);
}

static int picker_act(struct ui *ui, struct screen *s, struct action a)
{
	int chosen;
	int r = list_act(s, a, (int)i18n_lang_count(), &chosen);
	if (chosen >= 0) {
		switch_lang((size_t)chosen);
		start_visit(ui);
		push(ui, &menu_ops, 0, 0);
	}
	return r;
}

static const struct keyhint picker_hints[] = {
	{"↑↓", N_("Move"), ACT_NONE},
	{"Enter", N_("Choose"), ACT_SELECT},
	{"F1", N_("Help"), ACT_HELP},
};

static const struct screen_ops picker_ops = {
	"picker", picker_title, picker_draw, picker_act, picker_hints, NK_ARRAY_LEN(picker_hints),
};

/* --- the main menu ------------------------------------------------------ */

enum { MENU_ARTICLES, MENU_QUIZ, MENU_QA, MENU_HELP, MENU_N };

static const struct {
	const char *label, *desc;
} menu_entries[MENU_N] = {
	[MENU_ARTICLES] = {N_("Articles"), N_("Read about New Rural Development and OCOP")},
	[MENU_QUIZ] = {N_("Quiz"), N_("Answer questions and learn")},
	[MENU_QA] = {N_("Questions and answers"), N_("Ask the commune, read the answers")},
	[MENU_HELP] = {N_("Help"), N_("How to use this kiosk")},
};

static const char *menu_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("New Rural Development · OCOP");
}

static void menu_draw(struct ui *ui, struct screen *s, struct grid *g, int top_row, int rows)
{
	struct item it[MENU_N];
	for (int i = 0; i < MENU_N; i++) {
		it[i].label = _(menu_entries[i].label);
		it[i].desc = _(menu_entries[i].desc);
	}
	int body = rows;
	if (i18n_current_is_draft() && rows >= MENU_N + 3) {
		body -= 2;
		grid_wrap(g, top_row + body, 2, g->w - 4, 2,
			  _("This translation is a draft: a native speaker has not checked it "
			    "yet."),
			  ROLE_DIM, false);
	}
	draw_items(ui, g, top_row, body, it, MENU_N, s->sel);
}

static int menu_act(struct ui *ui, struct screen *s, struct action a)
{
	int chosen;
	int r = list_act(s, a, MENU_N, &chosen);
	if (chosen == MENU_HELP)
		push(ui, &help_ops, 0, 0);
	else if (chosen >= 0)
		push(ui, &soon_ops, 0, chosen);
	return r;
}

static const struct keyhint menu_hints[] = {
	{"↑↓", N_("Move"), ACT_NONE},   {"Enter", N_("Choose"), ACT_SELECT},
	{"Esc", N_("Back"), ACT_BACK},  {"F1", N_("Help"), ACT_HELP},
	{"F2", N_("Language"), ACT_LANG},
};

static const struct screen_ops menu_ops = {
	"menu", menu_title, menu_draw, menu_act, menu_hints, NK_ARRAY_LEN(menu_hints),
};

/* --- the language list (F2) --------------------------------------------- */

static const char *lang_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Language");
}

static void lang_draw(struct ui *ui, struct screen *s, struct grid *g, int top_row, int rows)
{
	int n = (int)i18n_lang_count();
	struct item it[16];
	if (n > 16)
		n = 16;
	lang_items(it, n);
	draw_items(ui, g, top_row, rows, it, n, s->sel);
}

static int lang_act(struct ui *ui, struct screen *s, struct action a)
{
	int chosen;
	int r = list_act(s, a, (int)i18n_lang_count(), &chosen);
	if (chosen >= 0) {
		switch_lang((size_t)chosen);
		pop(ui);
		/* Choosing from F2 on the picker is the same as choosing there. */
		if (top(ui)->ops == &picker_ops) {
			top(ui)->sel = chosen;
			start_visit(ui);
			push(ui, &menu_ops, 0, 0);
		}
	}
	return r;
}

static const struct keyhint lang_hints[] = {
	{"↑↓", N_("Move"), ACT_NONE},
	{"Enter", N_("Choose"), ACT_SELECT},
	{"Esc", N_("Back"), ACT_BACK},
};

static const struct screen_ops lang_ops = {
	"lang", lang_title, lang_draw, lang_act, lang_hints, NK_ARRAY_LEN(lang_hints),
};

/* --- help --------------------------------------------------------------- */

static const char *help_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Help");
}

static const char *const help_lines[] = {
	N_("Arrow keys or Tab: move between buttons"),
	N_("Enter: choose"),
	N_("Esc or Backspace: go back"),
	N_("1-4 or A-D: choose an answer"),
	N_("F1 or ?: this help"),
	N_("F2: change the language"),
	N_("You can also touch or click the buttons on the screen."),
};

static void help_draw(struct ui *ui, struct screen *s, struct grid *g, int top_row, int rows)
{
	(void)ui;
	(void)s;
	int y = top_row + (rows > 12 ? 1 : 0);
	int x = g->w >= 60 ? 6 : 2;
	for (size_t i = 0; i < NK_ARRAY_LEN(help_lines) && y < top_row + rows; i++)
		y += grid_wrap(g, y, x, g->w - 2 * x, top_row + rows - y, _(help_lines[i]),
			       ROLE_TEXT, false);
}

static int back_only_act(struct ui *ui, struct screen *s, struct action a)
{
	(void)ui;
	(void)s;
	(void)a;
	return UI_IGNORED;
}

static const struct keyhint back_hints[] = {
	{"Esc", N_("Back"), ACT_BACK},
	{"F2", N_("Language"), ACT_LANG},
};

static const struct screen_ops help_ops = {
	"help", help_title, help_draw, back_only_act, back_hints, NK_ARRAY_LEN(back_hints),
};

/* --- parts that come in later versions ---------------------------------- */

static const char *soon_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	return _(menu_entries[s->arg].label);
}

static void soon_draw(struct ui *ui, struct screen *s, struct grid *g, int top_row, int rows)
{
	(void)ui;
	(void)s;
	int y = top_row + rows / 3;
	y += grid_wrap(g, y, 4, g->w - 8, 3, _("This part is not ready yet."), ROLE_TEXT, true);
	y++;
	grid_wrap(g, y, 4, g->w - 8, 3, _("It will come in a later version of the kiosk."),
		  ROLE_TEXT, false);
}

static const struct screen_ops soon_ops = {
	"soon", soon_title, soon_draw, back_only_act, back_hints, NK_ARRAY_LEN(back_hints),
};

/* --- the frame ---------------------------------------------------------- */

struct ui *ui_new(const struct ui_opts *opts)
{
	struct ui *ui = xcalloc(1, sizeof *ui);
	ui->db = opts->db;
	ui->clk = opts->clk ? opts->clk : clock_system();
	push(ui, &picker_ops, 0, 0);
	if (opts->start_lang && i18n_lang_index(opts->start_lang) >= 0) {
		top(ui)->sel = i18n_lang_index(opts->start_lang);
		i18n_set_lang(opts->start_lang, NULL);
		start_visit(ui);
		push(ui, &menu_ops, 0, 0);
	}
	return ui;
}

void ui_free(struct ui **ui)
{
	if (!*ui)
		return;
	free((*ui)->hits);
	free((*ui)->status);
	free(*ui);
	*ui = NULL;
}

static void draw_title(struct ui *ui, struct grid *g)
{
	struct screen *s = top(ui);
	grid_fill(g, 0, 0, g->w, 1, ROLE_TITLE);
	const struct i18n_lang *l = i18n_lang_find(i18n_current());
	int lw = l ? grid_text_width(l->native) : 0;
	int room = g->w - 2;
	if (l && g->w >= lw + 24) {
		grid_put(g, 0, g->w - lw - 1, l->native, lw, ROLE_TITLE, false);
		add_hit(ui, 0, g->w - lw - 1, lw, (struct action){ACT_LANG, 0, 0, 0});
		room = g->w - lw - 4;
	}
	grid_put(g, 0, 1, s->ops->title(ui, s), room, ROLE_TITLE, true);
}

static void draw_keybar(struct ui *ui, struct grid *g)
{
	struct screen *s = top(ui);
	int y = g->h - 1;
	grid_fill(g, y, 0, g->w, 1, ROLE_BAR);
	int x = 1;
	for (size_t i = 0; i < s->ops->nhints; i++) {
		const struct keyhint *k = &s->ops->hints[i];
		const char *label = _(k->label);
		int need = grid_text_width(k->key) + 1 + grid_text_width(label);
		if (x + need > g->w - 1)
			break;
		int x0 = x;
		x += grid_put(g, y, x, k->key, need, ROLE_KEY, true);
		x += 1;
		x += grid_put(g, y, x, label, need, ROLE_BAR, false);
		if (k->act != ACT_NONE)
			add_hit(ui, y, x0, x - x0, (struct action){k->act, 0, 0, 0});
		x += 2;
	}
}

static void draw_enlarge(struct grid *g)
{
	grid_clear(g, ROLE_TEXT);
	int y = g->h > 4 ? g->h / 2 - 2 : 0;
	int w = g->w > 2 ? g->w - 2 : g->w;
	int x = g->w > 2 ? 1 : 0;
	y += grid_wrap(g, y, x, w, g->h - y, _("Please make the window larger."), ROLE_WARN,
		       true);
	char need[32];
	snprintf(need, sizeof need, "%d×%d → %d×%d", g->w, g->h, UI_MIN_W, UI_MIN_H);
	if (y < g->h)
		grid_center(g, y, need, ROLE_TEXT, false);
}

void ui_draw(struct ui *ui, struct grid *g)
{
	ui->nhits = 0;
	ui->too_small = g->w < UI_MIN_W || g->h < UI_MIN_H;
	if (ui->too_small) {
		draw_enlarge(g);
		return;
	}
	grid_clear(g, ROLE_TEXT);
	draw_title(ui, g);
	int rows = g->h - 2;
	if (ui->status) {
		rows--;
		grid_fill(g, g->h - 2, 0, g->w, 1, ROLE_WARN);
		grid_put(g, g->h - 2, 1, ui->status, g->w - 2, ROLE_WARN, true);
	}
	struct screen *s = top(ui);
	s->ops->draw(ui, s, g, 1, rows);
	draw_keybar(ui, g);
}

static int handle_click(struct ui *ui, struct action a)
{
	for (size_t i = 0; i < ui->nhits; i++) {
		const struct hit *h = &ui->hits[i];
		if (a.y == h->y && a.x >= h->x && a.x < h->x + h->w)
			return ui_handle(ui, h->act);
	}
	return UI_IGNORED;
}

int ui_handle(struct ui *ui, struct action a)
{
	if (ui->too_small)
		return UI_IGNORED;
	struct screen *s = top(ui);
	switch (a.kind) {
	case ACT_CLICK:
		return handle_click(ui, a);
	case ACT_HELP:
		if (s->ops != &help_ops)
			push(ui, &help_ops, 0, 0);
		return UI_REDRAW;
	case ACT_LANG:
		if (s->ops != &lang_ops)
			push(ui, &lang_ops, i18n_lang_index(i18n_current()), 0);
		return UI_REDRAW;
	case ACT_BACK:
		if (ui->depth == 1)
			return UI_IGNORED;
		pop(ui);
		return UI_REDRAW;
	default:
		return s->ops->act(ui, s, a);
	}
}

const char *ui_screen_name(const struct ui *ui)
{
	if (ui->too_small)
		return "enlarge";
	return ui->stack[ui->depth - 1].ops->name;
}

int ui_selected(const struct ui *ui)
{
	return ui->stack[ui->depth - 1].sel;
}

const char *ui_status(const struct ui *ui)
{
	return ui->status;
}
