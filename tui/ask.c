/*
 * ask: "Questions and answers" at the kiosk. A visitor writes a question to
 * the commune (with the input method), chooses whether to leave a name and a
 * phone number so an officer can reply (nothing is kept without that
 * consent), and can read the questions officers have answered and
 * published.
 */
#include "tui/fields.h"
#include "tui/textbox.h"

#include "core/i18n.h"
#include "core/util.h"
#include "records/cq.h"
#include "records/people.h"

#include <stdlib.h>
#include <string.h>

static const struct screen_ops qa_ops, ask_ops, ask_consent_ops, ask_contact_ops, answers_ops;

/* What a visitor is asking, across the ask, consent and contact screens. */
struct asking {
	struct field f[3]; /* question; name; phone */
	int focus;
	bool sent;
	bool bad_phone; /* the phone given is not a Vietnamese number: said, nothing sent */
	struct textbox text; /* the consent text, as it scrolls on a small window */
};

static void asking_free(struct asking *a)
{
	fields_free(a->f, 3);
	free(a);
}

/* Sends the question; false (nothing sent) when the phone given is not a phone number. */
static bool send(struct ui *ui, struct asking *a, bool with_contact)
{
	const char *name = with_contact ? field_value(&a->f[1]) : NULL;
	char phone[16] = "";
	const char *typed = with_contact ? field_value(&a->f[2]) : "";
	a->bad_phone = typed[0] && !phone_vn_ok(typed, phone);
	if (a->bad_phone)
		return false;
	char *err = NULL;
	if (cq_ask(ui->db, ui->clk, i18n_current(), field_value(&a->f[0]), name,
		   phone[0] ? phone : NULL, NULL, &err) != NK_OK) {
		ui_set_status(ui, xasprintf(_("Could not save to the database: %s"), err));
		free(err);
		return true;
	}
	a->sent = true;
	return true;
}

/* --- the Q&A menu ----------------------------------------------------------- */

static const char *qa_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Questions and answers");
}

static void qa_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct item it[2] = {
		{_("Ask the commune a question"), _("An officer will answer"), false, NULL},
		{_("Read the answers"), _("Questions the commune has answered"), false, NULL},
	};
	ui_draw_items(ui, s, g, top, rows, it, 2);
}

static int qa_act(struct ui *ui, struct screen *s, struct action a)
{
	int chosen;
	int r = ui_list_act(s, a, 2, &chosen);
	if (chosen == 0) {
		struct asking *q = xcalloc(1, sizeof *q);
		field_init(&q->f[0], N_("Your question"), FIELD_TEXT, 600, 4);
		field_init(&q->f[1], N_("Full name"), FIELD_TEXT, 120, 1);
		field_init(&q->f[2], N_("Phone"), FIELD_DIGITS, 15, 1);
		ui_push(ui, &ask_ops, 0, 0, q);
	} else if (chosen == 1) {
		ui_push(ui, &answers_ops, 0, 0, NULL);
	}
	return r;
}

static const struct keyhint qa_hints[] = {
	{"↑↓", N_("Move"), ACT_NONE},
	{"Enter", N_("Choose"), ACT_SELECT},
	{"Esc", N_("Back"), ACT_BACK},
	{"F2", N_("Language"), ACT_LANG},
};

static const struct screen_ops qa_ops = {
	"qa", qa_title, qa_draw, qa_act, NULL, qa_hints, NK_ARRAY_LEN(qa_hints), false,
};

void qa_open(struct ui *ui)
{
	ui_push(ui, &qa_ops, 0, 0, NULL);
}

/* --- writing the question --------------------------------------------------- */

static const char *ask_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Ask the commune a question");
}

static void ask_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct asking *a = s->data;
	if (a->sent) {
		grid_wrap(g, top + rows / 3, 2, g->w - 4, 3,
			  _("Thank you. Your question has been sent to the commune."), ROLE_TEXT,
			  true);
		return;
	}
	int y = fields_draw(ui, g, top, rows - 2, a->f, 1, a->focus);
	char *b = xasprintf(" %s ", _("Send"));
	int w = grid_text_width(b);
	enum role r = a->focus == 1 ? ROLE_SELECTED : ROLE_ITEM;
	grid_fill(g, y, 2, w, 1, r);
	grid_put(g, y, 2, b, w, r, true);
	ui_add_hit(ui, y, 2, w, (struct action){ACT_CHOICE, 2, 0, 0});
	free(b);
}

static int ask_act(struct ui *ui, struct screen *s, struct action a)
{
	struct asking *q = s->data;
	if (q->sent)
		return a.kind == ACT_SELECT ? (ui_pop(ui), UI_REDRAW) : UI_IGNORED;
	bool press = (a.kind == ACT_SELECT && q->focus == 1) ||
		     (a.kind == ACT_CHOICE && a.n == 2);
	if (a.kind == ACT_SELECT && q->focus == 0) {
		q->focus = 1;
		return UI_REDRAW;
	}
	if (!press)
		return fields_act(q->f, 1, &q->focus, a);
	const char *text = field_value(&q->f[0]);
	if (text[strspn(text, " ")] == '\0') {
		ui_set_status(ui, xstrdup(_("Please write your question first.")));
		q->focus = 0;
		return UI_REDRAW;
	}
	ui_set_status(ui, NULL);
	q->text = (struct textbox){0, 0};
	ui_push(ui, &ask_consent_ops, -1, 0, q);
	return UI_REDRAW;
}

static void ask_free(struct ui *ui, struct screen *s)
{
	(void)ui;
	asking_free(s->data);
}

static const struct keyhint ask_hints[] = {
	{"Enter", N_("Next"), ACT_SELECT},
	{"F3", N_("Typing"), ACT_FLIP},
	{"Esc", N_("Back"), ACT_BACK},
};

static const struct screen_ops ask_ops = {
	"ask", ask_title, ask_draw, ask_act, ask_free, ask_hints, NK_ARRAY_LEN(ask_hints), true,
};

/* --- may the commune contact you? ------------------------------------------- */

static const struct keyhint consent_fit_hints[] = {
	{"1", N_("Agree"), ACT_NONE},
	{"2", N_("Do not agree"), ACT_NONE},
	{"Esc", N_("Back"), ACT_BACK},
};

/* The consent text scrolls (▲ ▼, Up and Down) on a small window rather than being cut; the
 * two answers stay below it. */
static void ask_consent_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct asking *q = s->data;
	struct textbox_piece p[] = {
		{_("Do you want to leave your name and phone number so the commune can "
		   "answer you?"),
		 ROLE_TEXT, true, 1},
		{_("Only the commune officers see them, to answer you. Without them, the "
		   "question is kept without a name and the answer is shown here."),
		 ROLE_TEXT, false, 0},
	};
	int brows = rows >= 12 ? 4 : 2;
	int y = top + textbox_draw(g, top, rows - brows - 1, p, (int)NK_ARRAY_LEN(p), &q->text);
	struct item it[2] = {{_("Agree"), NULL, false, NULL},
			     {_("Do not agree"), NULL, false, NULL}};
	ui_draw_items(ui, s, g, y + 1, top + rows - y - 1, it, 2);
	if (q->text.max == 0) /* it all fits: nothing to scroll */
		ui_set_keys(ui, consent_fit_hints, NK_ARRAY_LEN(consent_fit_hints));
}

static int ask_consent_act(struct ui *ui, struct screen *s, struct action a)
{
	struct asking *q = s->data;
	int r = textbox_act(&q->text, a, q->text.max > 0);
	if (r != UI_IGNORED)
		return r;
	int chosen;
	r = ui_list_act(s, a, 2, &chosen);
	if (chosen == 0) {
		ui_pop(ui);
		q->focus = 1;
		ui_push(ui, &ask_contact_ops, 0, 0, q);
	} else if (chosen == 1) {
		send(ui, q, false);
		ui_pop(ui);
	}
	return r;
}

static const struct keyhint consent_hints[] = {
	{"1", N_("Agree"), ACT_NONE},
	{"2", N_("Do not agree"), ACT_NONE},
	{"↑↓", N_("Scroll"), ACT_NONE},
	{"Esc", N_("Back"), ACT_BACK},
};

static const struct screen_ops ask_consent_ops = {
	"ask-consent",     ask_title, ask_consent_draw, ask_consent_act, NULL,
	consent_hints,     NK_ARRAY_LEN(consent_hints), false,
};

/* --- name and phone ------------------------------------------------------- */

static void contact_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct asking *q = s->data;
	int y = fields_draw(ui, g, top, rows - 2, q->f + 1, 2, q->focus - 1);
	char *b = xasprintf(" %s ", _("Send"));
	int w = grid_text_width(b);
	enum role r = q->focus == 3 ? ROLE_SELECTED : ROLE_ITEM;
	grid_fill(g, y, 2, w, 1, r);
	grid_put(g, y, 2, b, w, r, true);
	ui_add_hit(ui, y, 2, w, (struct action){ACT_CHOICE, 3, 0, 0});
	free(b);
	if (q->bad_phone && y + 1 < top + rows)
		grid_wrap(g, y + 1, 2, g->w - 4, top + rows - y - 1,
			  _("The phone number is not right: write its 10 digits, such as 0912 345 "
			    "678, or leave it empty."),
			  ROLE_WARN, true);
}

static int contact_act(struct ui *ui, struct screen *s, struct action a)
{
	struct asking *q = s->data;
	bool press = (a.kind == ACT_SELECT && q->focus == 3) ||
		     (a.kind == ACT_CHOICE && a.n == 3);
	if (press) {
		if (send(ui, q, true))
			ui_pop(ui);
		else
			q->focus = 2; /* back to the phone */
		return UI_REDRAW;
	}
	if (a.kind == ACT_SELECT) {
		q->focus++;
		return UI_REDRAW;
	}
	int focus = q->focus - 1;
	int r = fields_act(q->f + 1, 2, &focus, a);
	q->focus = focus + 1;
	return r;
}

static const struct keyhint contact_hints[] = {
	{"Enter", N_("Next"), ACT_SELECT},
	{"F3", N_("Typing"), ACT_FLIP},
	{"Esc", N_("Back"), ACT_BACK},
};

static const struct screen_ops ask_contact_ops = {
	"ask-contact", ask_title, contact_draw, contact_act, NULL,
	contact_hints, NK_ARRAY_LEN(contact_hints), true,
};

/* --- the published answers ------------------------------------------------- */

static const char *answers_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Read the answers");
}

static const struct keyhint answers_fit_hints[] = {
	{"Esc", N_("Back"), ACT_BACK},
	{"F2", N_("Language"), ACT_LANG},
};

static void answers_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct cq *list = NULL;
	size_t n = 0;
	char *err = NULL;
	if (cq_list(ui->db, CQ_PUBLISHED, &list, &n, &err) != NK_OK) {
		ui_set_status(ui, xasprintf(_("Could not read the database: %s"), err));
		free(err);
		return;
	}
	if (n == 0) {
		grid_wrap(g, top + 2, 2, g->w - 4, 3, _("No answers yet."), ROLE_TEXT, false);
		return;
	}
	/* Lay everything out whole in a scratch grid, then show the part in view, with ▲ ▼
	 * where there is more. */
	int w = g->w - 4, height = 1;
	for (size_t i = 0; i < n; i++)
		height += textbox_rows(list[i].question, w) + textbox_rows(list[i].answer, w - 2) + 1;
	struct grid *all = grid_new(g->w, height);
	int y = 0;
	for (size_t i = 0; i < n; i++) {
		y += grid_wrap(all, y, 2, w, height - y, list[i].question, ROLE_TEXT, true);
		y += grid_wrap(all, y, 4, w - 2, height - y, list[i].answer, ROLE_TEXT, false);
		y++;
	}
	struct textbox tb = {s->scroll, 0};
	textbox_show(g, top, rows, all, y, &tb);
	s->scroll = tb.scroll;
	s->arg = tb.max;
	if (tb.max == 0) /* it all fits: nothing to scroll */
		ui_set_keys(ui, answers_fit_hints, NK_ARRAY_LEN(answers_fit_hints));
	grid_free(&all);
	cq_list_free(&list, n);
}

static int answers_act(struct ui *ui, struct screen *s, struct action a)
{
	(void)ui;
	switch (a.kind) {
	case ACT_UP:
		s->scroll = s->scroll > 0 ? s->scroll - 1 : 0;
		return UI_REDRAW;
	case ACT_DOWN:
		s->scroll = s->scroll < s->arg ? s->scroll + 1 : s->arg;
		return UI_REDRAW;
	case ACT_PGUP:
		s->scroll = s->scroll > 10 ? s->scroll - 10 : 0;
		return UI_REDRAW;
	case ACT_PGDN:
		s->scroll = s->scroll + 10 < s->arg ? s->scroll + 10 : s->arg;
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

static const struct keyhint answers_hints[] = {
	{"↑↓", N_("Scroll"), ACT_NONE},
	{"Esc", N_("Back"), ACT_BACK},
	{"F2", N_("Language"), ACT_LANG},
};

static const struct screen_ops answers_ops = {
	"answers",     answers_title, answers_draw, answers_act, NULL,
	answers_hints, NK_ARRAY_LEN(answers_hints), false,
};
