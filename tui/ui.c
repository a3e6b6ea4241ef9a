/*
 * ui: the screen stack, the shared frame (title bar, key bar, status line,
 * "please enlarge"), and the kiosk's first screens: the language picker, the
 * main menu, the language list (F2), help, and the "coming later" page for
 * parts not built yet. No curses here: screens draw into a grid.
 */
#include "tui/ui_impl.h"

#include "core/i18n.h"
#include "core/text.h"
#include "core/util.h"
#include "records/visits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STACK_MAX 16

static const struct screen_ops picker_ops, menu_ops, lang_ops, help_ops, soon_ops;

/* --- the stack ---------------------------------------------------------- */

struct screen *ui_top(struct ui *ui)
{
	return &ui->stack[ui->depth - 1];
}

struct screen *ui_push(struct ui *ui, const struct screen_ops *ops, int sel, int arg, void *data)
{
	if (ui->depth == STACK_MAX) {
		if (ops->free) {
			struct screen tmp = {ops, sel, arg, 0, data};
			ops->free(ui, &tmp);
		}
		return NULL;
	}
	ui->stack[ui->depth++] = (struct screen){ops, sel, arg, 0, data};
	return ui_top(ui);
}

static void free_screen(struct ui *ui, struct screen *s)
{
	if (s->ops->free)
		s->ops->free(ui, s);
	s->data = NULL;
}

void ui_pop(struct ui *ui)
{
	if (ui->depth <= 1)
		return;
	free_screen(ui, ui_top(ui));
	ui->depth--;
}

/* No language chosen yet: the picker, or help or the language list over it.
 * Such screens speak every language, since nobody has said which they read. */
static bool before_choice(struct ui *ui)
{
	if (ui->depth < 1 || ui->stack[0].ops != &picker_ops)
		return false;
	const struct screen_ops *top = ui_top(ui)->ops;
	return ui->depth == 1 || (ui->depth == 2 && (top == &help_ops || top == &lang_ops));
}

void ui_set_status(struct ui *ui, char *msg)
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
		ui_set_status(ui, xasprintf(_("Could not save to the database: %s"), err));
		free(err);
	}
}

static void switch_lang(size_t i)
{
	const struct i18n_lang *l = i18n_lang_at(i);
	if (l)
		i18n_set_lang(l->id, NULL);
}

static const struct screen_ops menu_ops;

/* After the language: the menu, or on a quiz-only machine the quiz. */
static void enter_home(struct ui *ui)
{
	if (!ui->quiz_only || !ui->db) {
		ui_push(ui, &menu_ops, 0, 0, NULL);
		return;
	}
	if (ui->quiz_topic || ui->quiz_count) {
		int depth = ui->depth;
		quiz_start(ui, ui->quiz_topic, ui->quiz_count ? ui->quiz_count : 10);
		if (ui->depth > depth)
			return;
	}
	quiz_open(ui);
}

/* --- drawing helpers ---------------------------------------------------- */

void ui_set_keys(struct ui *ui, const struct keyhint *keys, size_t n)
{
	ui->keys_now = keys;
	ui->nkeys_now = n;
}

void ui_add_hit(struct ui *ui, int y, int x, int w, struct action a)
{
	xgrow((void **)&ui->hits, &ui->caphits, ui->nhits + 1, sizeof *ui->hits);
	ui->hits[ui->nhits++] = (struct ui_hit){y, x, w, a};
}

void ui_draw_items(struct ui *ui, struct screen *s, struct grid *g, int top_row, int rows,
		   const struct item *it, int n)
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
	int lw = boxw - 6; /* room for a label after its number */
	if (lw < 1)
		lw = 1;
	/* A long label (an article title in a narrow window) gets two lines
	 * rather than being cut: the visitor must be able to read what they
	 * choose. */
	int ll = 1;
	for (int i = 0; i < n; i++)
		if (grid_text_width(it[i].label) > lw)
			ll = 2;
	/* Descriptions are shown whole or not at all: a cut sentence reads worse
	 * than none to someone who reads slowly. */
	bool descs = rows >= n * (ll + 2);
	for (int i = 0; i < n && descs; i++)
		if (it[i].desc && grid_text_width(it[i].desc) > lw)
			descs = false;
	int body = ll + (descs ? 1 : 0);
	int per = rows >= n * (body + 1) ? body + 1 : body;
	/* More items than rows: scroll so that the selected one is visible. */
	int fit = rows / per;
	if (fit < 1)
		fit = 1;
	/* sel < 0: nothing chosen yet (a consent question must not lean). */
	if (s->sel >= 0 && s->sel < s->scroll)
		s->scroll = s->sel;
	if (s->sel >= s->scroll + fit)
		s->scroll = s->sel - fit + 1;
	if (s->scroll > n - fit)
		s->scroll = n - fit > 0 ? n - fit : 0;
	int shown = n - s->scroll < fit ? n - s->scroll : fit;
	int y = top_row + (rows - shown * per) / 2;
	if (y < top_row)
		y = top_row;
	for (int i = s->scroll; i < n && y + body <= top_row + rows; i++) {
		enum role r = i == s->sel ? ROLE_SELECTED : ROLE_ITEM;
		grid_fill(g, y, x, boxw, body, r);
		char num[16];
		if (it[i].key)
			snprintf(num, sizeof num, " %s ", it[i].key);
		else if (i < 10)
			snprintf(num, sizeof num, " %d ", (i + 1) % 10); /* the tenth is 0 */
		else
			snprintf(num, sizeof num, "   ");
		int used = grid_put(g, y, x + 1, num, boxw - 1, r, true);
		grid_wrap_cut(g, y, x + 1 + used + 1, lw, ll, it[i].label, r, !it[i].dim);
		if (descs && it[i].desc)
			grid_put(g, y + ll, x + 1 + used + 1, it[i].desc, lw, r, false);
		struct action pick = {ACT_CHOICE, i + 1, 0, 0};
		for (int k = 0; k < body; k++)
			ui_add_hit(ui, y + k, x, boxw, pick);
		y += per;
	}
	if (s->scroll > 0)
		grid_put(g, top_row, x + boxw - 1, "▲", 1, ROLE_DIM, false);
	if (s->scroll + shown < n)
		grid_put(g, top_row + rows - 1, x + boxw - 1, "▼", 1, ROLE_DIM, false);
}

int ui_list_act(struct screen *s, struct action a, int n, int *chosen)
{
	*chosen = -1;
	switch (a.kind) {
	case ACT_UP:
	case ACT_LEFT:
	case ACT_PREV:
		s->sel = s->sel <= 0 ? n - 1 : s->sel - 1;
		return UI_REDRAW;
	case ACT_DOWN:
	case ACT_RIGHT:
	case ACT_NEXT:
		s->sel = (s->sel + 1) % n;
		return UI_REDRAW;
	case ACT_SELECT:
		if (s->sel < 0)
			return UI_IGNORED;
		*chosen = s->sel;
		return UI_REDRAW;
	case ACT_HOME:
		s->sel = 0;
		return UI_REDRAW;
	case ACT_END:
		s->sel = n - 1;
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
		it[i].dim = false;
		it[i].key = NULL;
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
	ui_draw_items(ui, s, g, top_row + used, rows - used, it, n);
}

static int picker_act(struct ui *ui, struct screen *s, struct action a)
{
	int chosen;
	int r = ui_list_act(s, a, (int)i18n_lang_count(), &chosen);
	if (chosen >= 0) {
		switch_lang((size_t)chosen);
		start_visit(ui);
		enter_home(ui);
	}
	return r;
}

static const struct keyhint picker_hints[] = {
	{"↑↓", N_("Move"), ACT_NONE},
	{"Enter", N_("Choose"), ACT_SELECT},
	{"F1", N_("Help"), ACT_HELP},
};

static const struct screen_ops picker_ops = {
	"picker", picker_title, picker_draw, picker_act, NULL, picker_hints, NK_ARRAY_LEN(picker_hints), false,
};

/* --- the main menu ------------------------------------------------------ */

enum { MENU_ARTICLES, MENU_QUIZ, MENU_QA, MENU_SEARCH, MENU_HELP, MENU_N };

/* Each entry has a symbol before its name, so entries are told apart by
 * more than words (the quiz and "questions and answers" sound alike in some
 * languages); the symbols are in the kiosk's console font (deploy/). */
static const struct {
	const char *symbol; /* two columns */
	const char *label, *desc;
} menu_entries[MENU_N] = {
	[MENU_ARTICLES] = {"¶ ", N_("Articles"), N_("Read about New Rural Development and OCOP")},
	[MENU_QUIZ] = {"☑ ", N_("Quiz"), N_("Answer questions and learn")},
	[MENU_QA] = {"«»", N_("Questions and answers"), N_("Ask the commune, read the answers")},
	[MENU_SEARCH] = {"/ ", N_("Search"), N_("Find articles by a word")},
	[MENU_HELP] = {"? ", N_("Help"), N_("How to use this kiosk")},
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
	char *labels[MENU_N];
	for (int i = 0; i < MENU_N; i++) {
		labels[i] = xasprintf("%d %s", i + 1, menu_entries[i].symbol);
		it[i].label = _(menu_entries[i].label);
		it[i].desc = _(menu_entries[i].desc);
		it[i].dim = false;
		it[i].key = labels[i];
	}
	int body = rows;
	if (i18n_current_is_draft() && rows >= MENU_N + 3) {
		/* The whole sentence when there is room for it, else as much as fits,
		 * ending in "…". */
		const char *note = _("This translation is a draft: a native speaker has not "
				     "checked it yet.");
		struct text_line *tl;
		int need = (int)text_wrap(note, strlen(note), g->w - 4, &tl);
		free(tl);
		int room = rows - MENU_N - 1;
		if (need > room)
			need = room;
		body -= need;
		grid_wrap_cut(g, top_row + body, 2, g->w - 4, need, note, ROLE_DIM, false);
	}
	ui_draw_items(ui, s, g, top_row, body, it, MENU_N);
	for (int i = 0; i < MENU_N; i++)
		free(labels[i]);
}

static int menu_act(struct ui *ui, struct screen *s, struct action a)
{
	int chosen;
	int r = ui_list_act(s, a, MENU_N, &chosen);
	if (chosen == MENU_HELP)
		ui_push(ui, &help_ops, 0, 0, NULL);
	else if (chosen == MENU_ARTICLES && ui->db)
		ui_push(ui, &topics_ops, 0, 0, NULL);
	else if (chosen == MENU_QUIZ && ui->db)
		quiz_open(ui);
	else if (chosen == MENU_QA && ui->db)
		qa_open(ui);
	else if (chosen == MENU_SEARCH && ui->db)
		search_open(ui);
	else if (chosen >= 0)
		ui_push(ui, &soon_ops, 0, chosen, NULL);
	return r;
}

static const struct keyhint menu_hints[] = {
	{"↑↓", N_("Move"), ACT_NONE},   {"Enter", N_("Choose"), ACT_SELECT},
	{"Esc", N_("Back"), ACT_BACK},  {"F1", N_("Help"), ACT_HELP},
	{"F2", N_("Language"), ACT_LANG},
};

static const struct screen_ops menu_ops = {
	"menu", menu_title, menu_draw, menu_act, NULL, menu_hints, NK_ARRAY_LEN(menu_hints), false,
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
	ui_draw_items(ui, s, g, top_row, rows, it, n);
}

static int lang_act(struct ui *ui, struct screen *s, struct action a)
{
	int chosen;
	int r = ui_list_act(s, a, (int)i18n_lang_count(), &chosen);
	if (chosen >= 0) {
		switch_lang((size_t)chosen);
		ui_pop(ui);
		/* Choosing from F2 on the picker is the same as choosing there. */
		if (ui_top(ui)->ops == &picker_ops) {
			ui_top(ui)->sel = chosen;
			start_visit(ui);
			enter_home(ui);
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
	"lang", lang_title, lang_draw, lang_act, NULL, lang_hints, NK_ARRAY_LEN(lang_hints), false,
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
	N_("/: search the articles for a word (also in the main menu)"),
	N_("You can also touch or click the buttons on the screen."),
};

/* Help's text as lines for the width: the lines in the visitor's language,
 * or before a language is chosen each language's under its name. Calls
 * out(ctx, text, len, role) per line; returns the lines. */
static int help_lines_for(struct ui *ui, int width,
			  void (*out)(void *ctx, const char *t, size_t len, enum role role),
			  void *ctx)
{
	char cur[16];
	snprintf(cur, sizeof cur, "%s", i18n_current());
	bool all = before_choice(ui);
	size_t nl = all ? i18n_lang_count() : 1;
	int count = 0;
	for (size_t l = 0; l < nl; l++) {
		if (all) {
			switch_lang(l);
			if (l > 0) {
				out(ctx, "", 0, ROLE_TEXT);
				count++;
			}
			/* A draft catalog's help says so beside its name. */
			char *name = i18n_current_is_draft()
					     ? xasprintf("%s · %s", i18n_lang_at(l)->native,
							 _("Draft translation"))
					     : xstrdup(i18n_lang_at(l)->native);
			out(ctx, name, strlen(name), ROLE_HEADING);
			free(name);
			count++;
		}
		for (size_t i = 0; i < NK_ARRAY_LEN(help_lines); i++) {
			const char *t = _(help_lines[i]);
			struct text_line *tl;
			size_t n = text_wrap(t, strlen(t), width, &tl);
			for (size_t k = 0; k < n; k++)
				out(ctx, t + tl[k].off, tl[k].len, ROLE_TEXT);
			count += (int)n;
			free(tl);
		}
	}
	if (all)
		i18n_set_lang(cur, NULL);
	return count;
}

/* Over the picker there is nothing to search yet. */
static const struct keyhint picker_help_hints[] = {
	{"Esc", N_("Back"), ACT_BACK},
	{"↑↓", N_("Scroll"), ACT_NONE},
};

struct help_out {
	struct grid *g;
	int x, y, w, top, end, skip;
};

static void help_put(void *ctx, const char *t, size_t len, enum role role)
{
	struct help_out *o = ctx;
	if (o->skip > 0) {
		o->skip--;
		return;
	}
	if (o->y < o->end) {
		char *line = xstrndup(t, len);
		grid_put(o->g, o->y, o->x, line, o->w, role, role == ROLE_HEADING);
		free(line);
	}
	o->y++;
}

static void help_count(void *ctx, const char *t, size_t len, enum role role)
{
	(void)ctx;
	(void)t;
	(void)len;
	(void)role;
}

static void help_draw(struct ui *ui, struct screen *s, struct grid *g, int top_row, int rows)
{
	int pad = rows > 12 ? 1 : 0;
	int x = g->w >= 60 ? 6 : 2;
	int w = g->w - 2 * x;
	int body = rows - pad;
	if (before_choice(ui))
		ui_set_keys(ui, picker_help_hints, NK_ARRAY_LEN(picker_help_hints));
	int total = help_lines_for(ui, w, help_count, NULL);
	int max = total > body ? total - body : 0;
	if (s->scroll > max)
		s->scroll = max;
	struct help_out o = {g, x, top_row + pad, w, top_row + pad, top_row + rows, s->scroll};
	help_lines_for(ui, w, help_put, &o);
	if (s->scroll > 0)
		grid_put(g, top_row + pad, g->w - 1, "▲", 1, ROLE_DIM, false);
	if (s->scroll < max)
		grid_put(g, top_row + rows - 1, g->w - 1, "▼", 1, ROLE_DIM, false);
}

static int help_act(struct ui *ui, struct screen *s, struct action a)
{
	(void)ui;
	switch (a.kind) {
	case ACT_UP:
		if (s->scroll > 0)
			s->scroll--;
		return UI_REDRAW;
	case ACT_DOWN:
		s->scroll++;
		return UI_REDRAW;
	case ACT_PGUP:
		s->scroll = s->scroll > 5 ? s->scroll - 5 : 0;
		return UI_REDRAW;
	case ACT_PGDN:
		s->scroll += 5;
		return UI_REDRAW;
	case ACT_HOME:
		s->scroll = 0;
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
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

static const struct keyhint help_hints[] = {
	{"Esc", N_("Back"), ACT_BACK},
	{"/", N_("Search"), ACT_SEARCH},
	{"↑↓", N_("Scroll"), ACT_NONE},
	{"F2", N_("Language"), ACT_LANG},
};

static const struct screen_ops help_ops = {
	"help", help_title, help_draw, help_act, NULL, help_hints, NK_ARRAY_LEN(help_hints), false,
};

/* --- a start that failed ------------------------------------------------ */

static const char *fault_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("The kiosk cannot start");
}

/* The message, paragraph by paragraph ('\n' between them). */
static void fault_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	(void)ui;
	int y = top + 1, end = top + rows;
	int gap = rows >= 16; /* a small screen keeps every line, not the gaps */
	for (const char *p = s->data; *p && y < end;) {
		size_t n = strcspn(p, "\n");
		char *para = xstrndup(p, n);
		y += grid_wrap(g, y, 2, g->w - 4, end - y, para, y == top + 1 ? ROLE_WARN : ROLE_TEXT,
			       false) + gap;
		free(para);
		p += n + (p[n] == '\n');
	}
}

static int fault_act(struct ui *ui, struct screen *s, struct action a)
{
	(void)ui;
	(void)s;
	(void)a;
	return UI_QUIT;
}

static void fault_free(struct ui *ui, struct screen *s)
{
	(void)ui;
	free(s->data);
}

static const struct keyhint fault_hints[] = {
	{"Enter", N_("Close"), ACT_SELECT},
};

static const struct screen_ops fault_ops = {
	"fault",     fault_title, fault_draw, fault_act, fault_free,
	fault_hints, NK_ARRAY_LEN(fault_hints), false,
};

void ui_fault(struct ui *ui, char *msg)
{
	while (ui->depth > 1)
		ui_pop(ui);
	ui->fault = true;
	ui_push(ui, &fault_ops, 0, 0, msg);
}

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
	"soon", soon_title, soon_draw, back_only_act, NULL, back_hints, NK_ARRAY_LEN(back_hints), false,
};

/* --- are you still there? ------------------------------------------------ */

static const char *idle_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("New Rural Development · OCOP");
}

static void idle_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	(void)s;
	int64_t left = ui->last_input_ms + ui->idle_ms + UI_IDLE_GRACE_MS - clock_now_ms(ui->clk);
	if (left < 0)
		left = 0;
	int y = top + rows / 3;
	y += grid_wrap(g, y, 2, g->w - 4, 2, _("Are you still there?"), ROLE_HEADING, true) + 1;
	y += grid_wrap(g, y, 2, g->w - 4, 2, _("Press any key to continue."), ROLE_TEXT, false);
	char secs[32];
	snprintf(secs, sizeof secs, "%lld", (long long)((left + 999) / 1000));
	if (y + 1 < top + rows)
		grid_center(g, y + 1, secs, ROLE_WARN, true);
}

static int idle_act(struct ui *ui, struct screen *s, struct action a)
{
	(void)ui;
	(void)s;
	(void)a;
	return UI_IGNORED;
}

static const struct screen_ops idle_ops = {
	"idle", idle_title, idle_draw, idle_act, NULL, NULL, 0, false,
};

/* The visit is over: every screen closes (a half-typed name with them) and
 * the picker waits for the next visitor in the kiosk's own language. */
static void end_visit(struct ui *ui)
{
	while (ui->depth > 1)
		ui_pop(ui);
	ui_top(ui)->sel = 0;
	ui_set_status(ui, NULL);
	i18n_set_lang(ui->home_lang, NULL);
}

static int idle_tick(struct ui *ui)
{
	if (ui->idle_ms <= 0)
		return UI_IGNORED;
	int64_t quiet = clock_now_ms(ui->clk) - ui->last_input_ms;
	struct screen *s = ui_top(ui);
	if (s->ops == &idle_ops) {
		if (quiet >= ui->idle_ms + UI_IDLE_GRACE_MS)
			end_visit(ui);
		return UI_REDRAW;
	}
	if (ui->depth > 1 && quiet >= ui->idle_ms) {
		ui_push(ui, &idle_ops, 0, 0, NULL);
		return UI_REDRAW;
	}
	return UI_IGNORED;
}

/* --- the frame ---------------------------------------------------------- */

struct ui *ui_new(const struct ui_opts *opts)
{
	struct ui *ui = xcalloc(1, sizeof *ui);
	ui->wake_fd = -1;
	ui->db = opts->db;
	ui->clk = opts->clk ? opts->clk : clock_system();
	ui->quiz_only = opts->quiz_only;
	ui->kiosk = opts->kiosk;
	ui->quiz_topic = opts->quiz_topic;
	ui->quiz_count = opts->quiz_count;
	ui->idle_ms = opts->idle_ms;
	ui->tick_hook = opts->tick_hook;
	ui->tick_ctx = opts->tick_ctx;
	ui->start_hook = opts->start_hook;
	ui->last_input_ms = clock_now_ms(ui->clk);
	snprintf(ui->home_lang, sizeof ui->home_lang, "%s",
		 opts->home_lang && i18n_lang_find(opts->home_lang) ? opts->home_lang : "vi");
	if (opts->contest_role != UI_CONTEST_NONE) {
		ui->contest_role = opts->contest_role;
		ui->idle_ms = 0;
		i18n_set_lang(opts->start_lang && i18n_lang_find(opts->start_lang)
				      ? opts->start_lang
				      : "vi",
			      NULL);
		contest_open(ui, opts);
		return ui;
	}
	ui_push(ui, &picker_ops, 0, 0, NULL);
	if (opts->start_lang && i18n_lang_index(opts->start_lang) >= 0) {
		ui_top(ui)->sel = i18n_lang_index(opts->start_lang);
		i18n_set_lang(opts->start_lang, NULL);
		start_visit(ui);
		enter_home(ui);
	}
	return ui;
}

void ui_free(struct ui **ui)
{
	if (!*ui)
		return;
	while ((*ui)->depth > 0) {
		free_screen(*ui, ui_top(*ui));
		(*ui)->depth--;
	}
	free((*ui)->hits);
	free((*ui)->status);
	free(*ui);
	*ui = NULL;
}

/* The title bar: the screen's title, and at the right the language (a click
 * opens the list). While the language's catalog is a draft every screen says
 * so there, beside the language or instead of it when the window is narrow. */
static void draw_title(struct ui *ui, struct grid *g)
{
	struct screen *s = ui_top(ui);
	grid_fill(g, 0, 0, g->w, 1, ROLE_TITLE);
	const struct i18n_lang *l = i18n_lang_find(i18n_current());
	char *right = NULL;
	int need = 24; /* columns left for the title */
	if (l && i18n_current_is_draft()) {
		right = xasprintf("%s · %s", l->native, _("Draft translation"));
		if (g->w < grid_text_width(right) + 30) {
			free(right);
			right = xstrdup(_("Draft translation"));
			need = 14;
		}
	} else if (l) {
		right = xstrdup(l->native);
	}
	int lw = right ? grid_text_width(right) : 0;
	int room = g->w - 2;
	if (right && g->w >= lw + need) {
		grid_put(g, 0, g->w - lw - 1, right, lw, ROLE_TITLE, false);
		ui_add_hit(ui, 0, g->w - lw - 1, lw, (struct action){ACT_LANG, 0, 0, 0});
		room = g->w - lw - 4;
	}
	free(right);
	grid_put_cut(g, 0, 1, s->ops->title(ui, s), room, ROLE_TITLE, true);
}

/* One row of key hints, labels in the current language; hints that do not
 * fit are left out. Clicks on them work when hits is set. */
static void draw_keys(struct ui *ui, struct grid *g, int y, bool hits)
{
	struct screen *s = ui_top(ui);
	grid_fill(g, y, 0, g->w, 1, ROLE_BAR);
	int x = 1;
	size_t nhints = ui->keys_now ? ui->nkeys_now : s->ops->nhints;
	const struct keyhint *hint = ui->keys_now ? ui->keys_now : s->ops->hints;
	for (size_t i = 0; i < nhints; i++) {
		const struct keyhint *k = &hint[i];
		const char *label = _(k->label);
		int need = grid_text_width(k->key) + 1 + grid_text_width(label);
		if (x + need > g->w - 1)
			break;
		int x0 = x;
		x += grid_put(g, y, x, k->key, need, ROLE_KEY, true);
		x += 1;
		x += grid_put(g, y, x, label, need, ROLE_BAR, false);
		if (hits && k->act != ACT_NONE)
			ui_add_hit(ui, y, x0, x - x0, (struct action){k->act, 0, 0, 0});
		x += 2;
	}
}

/* The key bar; before a language is chosen, the same keys in every other
 * language on the rows above it (extra rows). */
static void draw_keybar(struct ui *ui, struct grid *g, int extra)
{
	draw_keys(ui, g, g->h - 1, true);
	if (extra <= 0)
		return;
	char cur[16];
	snprintf(cur, sizeof cur, "%s", i18n_current());
	int y = g->h - 1 - extra;
	for (size_t l = 0; l < i18n_lang_count() && y < g->h - 1; l++) {
		if (strcmp(i18n_lang_at(l)->id, cur) == 0)
			continue;
		switch_lang(l);
		draw_keys(ui, g, y++, true);
	}
	i18n_set_lang(cur, NULL);
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
	ui_set_keys(ui, NULL, 0);
	ui->too_small = g->w < UI_MIN_W || g->h < UI_MIN_H;
	if (ui->too_small) {
		draw_enlarge(g);
		return;
	}
	grid_clear(g, ROLE_TEXT);
	int rows = g->h - 2;
	/* Before a language is chosen, the keys are told in every language. */
	int extra = before_choice(ui) ? (int)i18n_lang_count() - 1 : 0;
	if (rows - extra < 8)
		extra = 0;
	rows -= extra;
	if (ui->status) {
		rows--;
		grid_fill(g, g->h - 2 - extra, 0, g->w, 1, ROLE_WARN);
		grid_put_cut(g, g->h - 2 - extra, 1, ui->status, g->w - 2, ROLE_WARN, true);
	}
	/* The body first: drawing is when a screen catches up with a change (the
	 * reader loads the other language after F2 or F3), and the title and the
	 * keys must say what the body shows now, not what it showed before. */
	struct screen *s = ui_top(ui);
	s->ops->draw(ui, s, g, 1, rows);
	draw_title(ui, g);
	draw_keybar(ui, g, extra);
}

static int handle_click(struct ui *ui, struct action a)
{
	for (size_t i = 0; i < ui->nhits; i++) {
		const struct ui_hit *h = &ui->hits[i];
		if (a.y == h->y && a.x >= h->x && a.x < h->x + h->w)
			return ui_handle(ui, h->act);
	}
	return UI_IGNORED;
}

/* Outside text fields, typed characters are shortcuts. */
static const struct {
	int ch;
	enum act act;
	int n;
} char_keys[] = {
	{'1', ACT_CHOICE, 1}, {'2', ACT_CHOICE, 2}, {'3', ACT_CHOICE, 3}, {'4', ACT_CHOICE, 4},
	{'5', ACT_CHOICE, 5}, {'6', ACT_CHOICE, 6}, {'7', ACT_CHOICE, 7}, {'8', ACT_CHOICE, 8},
	{'9', ACT_CHOICE, 9}, {'0', ACT_CHOICE, 10}, /* the tenth item, as ui_draw_items shows */
	{'a', ACT_CHOICE, 1}, {'b', ACT_CHOICE, 2}, {'c', ACT_CHOICE, 3}, {'d', ACT_CHOICE, 4},
	{'A', ACT_CHOICE, 1}, {'B', ACT_CHOICE, 2}, {'C', ACT_CHOICE, 3}, {'D', ACT_CHOICE, 4},
	{'?', ACT_HELP, 0},    {'/', ACT_SEARCH, 0}, {' ', ACT_SELECT, 0},
};

/* The contest host's console, outside its forms: its operations have their own keys (a–h are
 * still the options, after a team number). */
static const struct {
	int ch;
	enum act act;
	int n;
} host_keys[] = {
	{'0', ACT_HOST, HK_DIGIT + 0},   {'1', ACT_HOST, HK_DIGIT + 1},
	{'2', ACT_HOST, HK_DIGIT + 2},   {'3', ACT_HOST, HK_DIGIT + 3},
	{'4', ACT_HOST, HK_DIGIT + 4},   {'5', ACT_HOST, HK_DIGIT + 5},
	{'6', ACT_HOST, HK_DIGIT + 6},   {'7', ACT_HOST, HK_DIGIT + 7},
	{'8', ACT_HOST, HK_DIGIT + 8},   {'9', ACT_HOST, HK_DIGIT + 9},
	{'.', ACT_HOST, HK_DOT},         {'a', ACT_CHOICE, 1},
	{'b', ACT_CHOICE, 2},            {'c', ACT_CHOICE, 3},
	{'d', ACT_CHOICE, 4},            {'e', ACT_CHOICE, 5},
	{'f', ACT_CHOICE, 6},            {'g', ACT_CHOICE, 7},
	{'h', ACT_CHOICE, 8},            {'A', ACT_CHOICE, 1},
	{'B', ACT_CHOICE, 2},            {'C', ACT_CHOICE, 3},
	{'D', ACT_CHOICE, 4},            {'E', ACT_CHOICE, 5},
	{'F', ACT_CHOICE, 6},            {'G', ACT_CHOICE, 7},
	{'H', ACT_CHOICE, 8},            {'p', ACT_HOST, HK_PAUSE},
	{'P', ACT_HOST, HK_PAUSE},       {'s', ACT_HOST, HK_SKIP},
	{'S', ACT_HOST, HK_SKIP},        {'k', ACT_HOST, HK_END_ROUND},
	{'K', ACT_HOST, HK_END_ROUND},   {'u', ACT_HOST, HK_UNDO},
	{'U', ACT_HOST, HK_REDO},        {'t', ACT_HOST, HK_TIEBREAK},
	{'T', ACT_HOST, HK_TAKE_OVER},   {'r', ACT_HOST, HK_ROUND},
	{'R', ACT_HOST, HK_ROUND},       {'n', ACT_HOST, HK_TEAM},
	{'N', ACT_HOST, HK_TEAM},        {'i', ACT_HOST, HK_INPUT},
	{'I', ACT_HOST, HK_INPUT},       {'q', ACT_HOST, HK_LEAVE},
	{'Q', ACT_HOST, HK_LEAVE},       {'y', ACT_HOST, HK_YES},
	{'Y', ACT_HOST, HK_YES},
};

struct action ui_typed(enum ui_keys keys, int ch)
{
	bool host = keys == UI_KEYS_HOST;
	size_t n = host ? NK_ARRAY_LEN(host_keys) : NK_ARRAY_LEN(char_keys);
	for (size_t i = 0; i < n; i++) {
		int k = host ? host_keys[i].ch : char_keys[i].ch;
		if (k == ch)
			return host ? (struct action){host_keys[i].act, host_keys[i].n, 0, 0}
				    : (struct action){char_keys[i].act, char_keys[i].n, 0, 0};
	}
	return (struct action){ACT_NONE, 0, 0, 0};
}

int ui_handle(struct ui *ui, struct action a)
{
	/* After ui_fault nothing runs: no tick work, any key ends the ui. */
	if (ui->fault)
		return a.kind == ACT_TICK || a.kind == ACT_NONE ? UI_IGNORED : UI_QUIT;
	if (a.kind == ACT_TICK) {
		if (ui->tick_hook)
			ui->tick_hook(ui->tick_ctx);
		int r = idle_tick(ui);
		if (r != UI_IGNORED || ui->too_small)
			return r;
	} else if (a.kind != ACT_NONE) {
		ui->last_input_ms = clock_now_ms(ui->clk);
		/* Any key answers "are you still there?" and does nothing else. */
		if (ui_top(ui)->ops == &idle_ops) {
			ui_pop(ui);
			return UI_REDRAW;
		}
	}
	if (ui->too_small)
		return UI_IGNORED;
	struct screen *s = ui_top(ui);
	if (a.kind == ACT_CHAR && !s->ops->text_input) {
		struct action t = ui_typed(UI_KEYS_KIOSK, a.n);
		if (t.kind == ACT_NONE)
			return UI_IGNORED;
		a = t;
	}
	if (a.kind == ACT_ERASE && !s->ops->text_input)
		a.kind = ACT_BACK;
	switch (a.kind) {
	case ACT_CLICK:
		return handle_click(ui, a);
	case ACT_HELP:
		/* A contest screen may show its help in place: a team terminal must not cover
		 * the countdown. */
		if (ui->contest_role != UI_CONTEST_NONE && s->ops->act(ui, s, a) != UI_IGNORED)
			return UI_REDRAW;
		if (s->ops != &help_ops)
			ui_push(ui, &help_ops, 0, 0, NULL);
		return UI_REDRAW;
	case ACT_LANG:
		if (s->ops != &lang_ops)
			ui_push(ui, &lang_ops, i18n_lang_index(i18n_current()), 0, NULL);
		return UI_REDRAW;
	case ACT_OFFICER:
		if (ui->contest_role != UI_CONTEST_NONE)
			return s->ops->act(ui, s, a);
		if (!ui->db || strcmp(s->ops->name, "pin") == 0)
			return UI_IGNORED;
		officer_open(ui);
		return UI_REDRAW;
	case ACT_SEARCH:
		/* Search needs a chosen language and the content database. */
		if (s->ops == &picker_ops || !ui->db || s->ops == &search_ops ||
		    ui->contest_role != UI_CONTEST_NONE)
			return s->ops->act(ui, s, a);
		search_open(ui);
		return UI_REDRAW;
	case ACT_BACK: {
		int r = s->ops->act(ui, s, a);
		if (r != UI_IGNORED)
			return r;
		if (ui->depth == 1)
			return UI_IGNORED;
		ui_pop(ui);
		return UI_REDRAW;
	}
	default:
		return s->ops->act(ui, s, a);
	}
}

void ui_set_wake(struct ui *ui, int fd, bool (*wake)(void *ctx), void *ctx)
{
	ui->wake_fd = fd;
	ui->wake = wake;
	ui->wake_ctx = ctx;
}

void ui_set_painter(struct ui *ui, void (*paint)(void *ctx, struct ui *ui), void *ctx)
{
	ui->paint = paint;
	ui->paint_ctx = ctx;
}

void ui_paint(struct ui *ui)
{
	if (ui->paint)
		ui->paint(ui->paint_ctx, ui);
}

int ui_wake_fd(const struct ui *ui)
{
	return ui->wake_fd;
}

bool ui_woken(struct ui *ui)
{
	return ui->wake_fd >= 0 && ui->wake && ui->wake(ui->wake_ctx);
}

int ui_tick_ms(const struct ui *ui)
{
	/* A contest screen woken by every change (ui_wake_fd) polls only as a fallback. */
	if (ui->contest_role != UI_CONTEST_NONE)
		return ui->wake_fd >= 0 ? 200 : 100;
	return 250;
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

void ui_attach_db(struct ui *ui, struct db *db, int64_t idle_ms, const char *home_lang)
{
	ui->db = db;
	if (ui->contest_role == UI_CONTEST_NONE)
		ui->idle_ms = idle_ms;
	snprintf(ui->home_lang, sizeof ui->home_lang, "%s",
		 home_lang && i18n_lang_find(home_lang) ? home_lang : "vi");
}

int ui_started(struct ui *ui)
{
	if (ui->start_hook && ui->start_hook(ui->tick_ctx))
		return UI_QUIT;
	return ui->fault ? UI_REDRAW : 0;
}

bool ui_wants_restore(const struct ui *ui)
{
	return ui->restore;
}

const char *ui_status(const struct ui *ui)
{
	return ui->status;
}
