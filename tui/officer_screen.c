/*
 * officer_screen: officer mode in the kiosk, behind F10 and the PIN. The
 * menu leads to the dashboard, the citizens' questions inbox, export and
 * backup to a folder (a USB stick), import from a folder, translation
 * status, settings, and leaving the kiosk. Each action is a library call;
 * this file only asks for what it needs and shows the result.
 */
#include "tui/fields.h"

#include "content/articles.h"
#include "core/backup.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/util.h"
#include "quizzes/qstore.h"
#include "records/cq.h"
#include "records/attempts.h"
#include "records/backup_info.h"
#include "records/export.h"
#include "records/import_folder.h"
#include "records/officer.h"
#include "records/officer_jobs.h"
#include "records/villages.h"
#include "records/report.h"
#include "records/stats.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const struct screen_ops restore_ops;
static const struct screen_ops pin_ops, nopin_ops, leave_ops, omenu_ops, dash_ops, inbox_ops,
	reply_ops, folder_ops, export_folder_ops, tstatus_ops, settings_ops, periods_ops, analysis_ops;

/* Messages for the officer, kept until the screen closes. */
struct lines {
	char **v;
	size_t n;
};

static void lines_add(struct lines *l, char *msg)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = msg;
}

static void lines_clear(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int draw_lines(struct grid *g, int y, int end, const struct lines *l, enum role r)
{
	for (size_t i = 0; i < l->n && y < end; i++)
		y += grid_wrap(g, y, 2, g->w - 4, end - y, l->v[i], r, false);
	return y;
}

static const char *officer_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Officer mode");
}

/* --- the PIN ---------------------------------------------------------------- */

struct pin_state {
	struct field f[2]; /* the PIN; again (only when setting the first one) */
	int focus;
	bool first;        /* no PIN yet: this sets it */
	char *msg;
};

static void pin_free(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct pin_state *p = s->data;
	explicit_bzero(p->f, sizeof p->f);
	free(p->msg);
	free(p);
}

void officer_open(struct ui *ui)
{
	if (!ui->db)
		return;
	bool first = !pin_is_set(ui->db);
	if (ui_top(ui)->ops == &nopin_ops)
		return;
	if (first && ui->kiosk) {
		/* Whoever stands at an unattended kiosk must not become its officer. */
		ui_push(ui, &nopin_ops, 0, 0, NULL);
		return;
	}
	struct pin_state *p = xcalloc(1, sizeof *p);
	p->first = first;
	field_init(&p->f[0], p->first ? N_("New PIN (4 to 12 digits)") : N_("PIN"),
		   FIELD_SECRET, PIN_MAX, 1);
	field_init(&p->f[1], N_("The new PIN again"), FIELD_SECRET, PIN_MAX, 1);
	ui_push(ui, &pin_ops, 0, 0, p);
}

static void pin_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct pin_state *p = s->data;
	int y = top + 1;
	if (p->first)
		y += grid_wrap(g, y, 2, g->w - 4, 3,
			       _("No officer PIN is set on this kiosk yet. Choose one now."),
			       ROLE_TEXT, true) + 1;
	y = fields_draw(ui, g, y, top + rows - y - 2, p->f, p->first ? 2 : 1, p->focus);
	if (p->msg)
		grid_wrap(g, y, 2, g->w - 4, 3, p->msg, ROLE_WARN, true);
}

static void pin_msg(struct pin_state *p, char *msg)
{
	free(p->msg);
	p->msg = msg;
}

static int pin_act(struct ui *ui, struct screen *s, struct action a)
{
	struct pin_state *p = s->data;
	int n = p->first ? 2 : 1;
	if (a.kind != ACT_SELECT)
		return fields_act(p->f, n, &p->focus, a);
	if (p->first && p->focus == 0) {
		p->focus = 1;
		return UI_REDRAW;
	}
	char *err = NULL;
	if (p->first) {
		if (strcmp(field_value(&p->f[0]), field_value(&p->f[1])) != 0) {
			pin_msg(p, xstrdup(_("The two PINs differ.")));
		} else if (pin_set(ui->db, ui->clk, field_value(&p->f[0]), &err) != NK_OK) {
			pin_msg(p, xstrdup(_("The PIN must be 4 to 12 digits.")));
			free(err);
		} else {
			ui_pop(ui);
			ui_push(ui, &omenu_ops, 0, 0, NULL);
		}
		return UI_REDRAW;
	}
	enum pin_result r;
	int64_t wait;
	if (pin_check(ui->db, ui->clk, field_value(&p->f[0]), &r, &wait, &err) != NK_OK) {
		pin_msg(p, xasprintf(_("Could not read the database: %s"), err));
		free(err);
		return UI_REDRAW;
	}
	field_set(&p->f[0], "");
	if (r == PIN_OK) {
		ui_pop(ui);
		ui_push(ui, &omenu_ops, 0, 0, NULL);
	} else if (r == PIN_WRONG) {
		pin_msg(p, xstrdup(_("Wrong PIN.")));
	} else {
		pin_msg(p, xasprintf(_("Too many wrong PINs. Try again in %lld seconds."),
				     (long long)((wait + 999) / 1000)));
	}
	return UI_REDRAW;
}

static const struct keyhint pin_hints[] = {
	{"Enter", N_("Choose"), ACT_SELECT},
	{"Esc", N_("Back"), ACT_BACK},
};

static const struct screen_ops pin_ops = {
	"pin", officer_title, pin_draw, pin_act, pin_free, pin_hints, NK_ARRAY_LEN(pin_hints), true,
};

/* An unattended kiosk with no PIN: officer mode stays closed and says how it opens. */
static void nopin_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	(void)ui;
	(void)s;
	int y = top + 1, end = top + rows;
	y += grid_wrap(g, y, 2, g->w - 4, end - y,
		       _("Officer mode is closed: no officer PIN is set on this kiosk."), ROLE_TEXT,
		       true);
	y += y < end ? 1 : 0;
	y += grid_wrap(g, y, 2, g->w - 4, end - y,
		       _("An officer sets the first PIN on the machine itself, with the command:"),
		       ROLE_TEXT, false);
	if (y < end)
		y += grid_wrap(g, y, 4, g->w - 6, end - y, "ntmkiosk pin set", ROLE_HEADING, true);
}

static int nopin_act(struct ui *ui, struct screen *s, struct action a)
{
	(void)ui;
	(void)s;
	(void)a;
	return UI_IGNORED;
}

static const struct keyhint nopin_hints[] = {
	{"Esc", N_("Back"), ACT_BACK},
};

static const struct screen_ops nopin_ops = {
	"nopin", officer_title, nopin_draw, nopin_act, NULL, nopin_hints, NK_ARRAY_LEN(nopin_hints),
	false,
};

/* --- leaving kiosk mode, after a question ---------------------------------------- */

static const char *leave_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Leave kiosk mode");
}

static void leave_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	int y = top + 1;
	y += grid_wrap(g, y, 2, g->w - 4, rows - 4,
		       _("Leave kiosk mode? The kiosk closes and visitors cannot use it until "
			 "it is started again."),
		       ROLE_TEXT, true);
	struct item it[2] = {{_("Stay in kiosk mode"), NULL, false, NULL},
			     {_("Leave kiosk mode"), NULL, false, NULL}};
	ui_draw_items(ui, s, g, y + 1, top + rows - y - 1, it, 2);
}

static int leave_act(struct ui *ui, struct screen *s, struct action a)
{
	int chosen;
	int r = ui_list_act(s, a, 2, &chosen);
	if (chosen == 0) {
		ui_pop(ui);
	} else if (chosen == 1) {
		officer_log(ui->db, ui->clk, "leave", NULL, NULL);
		return UI_QUIT;
	}
	return r;
}

static const struct keyhint leave_hints[] = {
	{"1", N_("Stay"), ACT_NONE},
	{"2", N_("Leave"), ACT_NONE},
	{"Esc", N_("Back"), ACT_BACK},
};

static const struct screen_ops leave_ops = {
	"leave", leave_title, leave_draw, leave_act, NULL, leave_hints, NK_ARRAY_LEN(leave_hints),
	false,
};

/* --- the officer menu ------------------------------------------------------- */

enum {
	OM_DASH,
	OM_INBOX,
	OM_EXPORT,
	OM_IMPORT,
	OM_STATUS,
	OM_SETTINGS,
	OM_BACKUP,
	OM_RESTORE,
	OM_LEAVE,
	/* After the others, so the numbers officers know stay as they were. */
	OM_REPORT,
	OM_ANALYSIS,
	OM_N
};

static const char *const om_labels[OM_N] = {
	[OM_DASH] = N_("Dashboard"),
	[OM_INBOX] = N_("Citizens' questions"),
	[OM_EXPORT] = N_("Export to a folder (USB stick)"),
	[OM_IMPORT] = N_("Import articles and question banks"),
	[OM_STATUS] = N_("Translation status"),
	[OM_SETTINGS] = N_("Settings"),
	[OM_BACKUP] = N_("Back up the database"),
	[OM_RESTORE] = N_("Restore the newest good daily copy"),
	[OM_REPORT] = N_("Report for a period, to a folder"),
	[OM_ANALYSIS] = N_("Question analysis"),
	[OM_LEAVE] = N_("Leave kiosk mode"),
};

enum folder_job { JOB_EXPORT, JOB_IMPORT, JOB_BACKUP, JOB_REPORT };
static void folder_open(struct ui *ui, enum folder_job job, const struct period *p);
static void settings_open(struct ui *ui);
static void restore_open(struct ui *ui);
static void tstatus_open(struct ui *ui);
static void dash_open(struct ui *ui);
static void inbox_open(struct ui *ui);

static void omenu_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct item it[OM_N];
	for (int i = 0; i < OM_N; i++)
		it[i] = (struct item){_(om_labels[i]), NULL, false, NULL};
	ui_draw_items(ui, s, g, top, rows, it, OM_N);
}

static int omenu_act(struct ui *ui, struct screen *s, struct action a)
{
	int chosen;
	int r = ui_list_act(s, a, OM_N, &chosen);
	switch (chosen) {
	case OM_DASH:
		dash_open(ui);
		break;
	case OM_INBOX:
		inbox_open(ui);
		break;
	case OM_EXPORT:
		folder_open(ui, JOB_EXPORT, NULL);
		break;
	case OM_IMPORT:
		folder_open(ui, JOB_IMPORT, NULL);
		break;
	case OM_STATUS:
		tstatus_open(ui);
		break;
	case OM_SETTINGS:
		settings_open(ui);
		break;
	case OM_BACKUP:
		folder_open(ui, JOB_BACKUP, NULL);
		break;
	case OM_REPORT:
	case OM_ANALYSIS:
		/* arg: what the chosen period is for. */
		ui_push(ui, &periods_ops, 0, chosen, NULL);
		break;
	case OM_RESTORE:
		restore_open(ui);
		break;
	case OM_LEAVE:
		ui_push(ui, &leave_ops, 0, 0, NULL);
		break;
	default:
		break;
	}
	return r;
}

static const struct keyhint om_hints[] = {
	{"↑↓", N_("Move"), ACT_NONE},
	{"Enter", N_("Choose"), ACT_SELECT},
	{"Esc", N_("Back"), ACT_BACK},
};

static const struct screen_ops omenu_ops = {
	"officer", officer_title, omenu_draw, omenu_act, NULL, om_hints, NK_ARRAY_LEN(om_hints),
	false,
};

/* --- the dashboard ------------------------------------------------------------- */

/* [from, to) in UTC for today, this month or this half-year, local time. */
static void span(int64_t now_ms, int which, char from[32], char to[32])
{
	time_t now = (time_t)(now_ms / 1000);
	struct tm lt;
	localtime_r(&now, &lt);
	struct tm a = lt, b = lt;
	a.tm_hour = a.tm_min = a.tm_sec = 0;
	b.tm_hour = b.tm_min = b.tm_sec = 0;
	if (which == 0) {
		b.tm_mday++;
	} else if (which == 1) {
		a.tm_mday = b.tm_mday = 1;
		b.tm_mon++;
	} else {
		a.tm_mday = b.tm_mday = 1;
		a.tm_mon = lt.tm_mon < 6 ? 0 : 6;
		b.tm_mon = a.tm_mon + 6;
	}
	a.tm_isdst = b.tm_isdst = -1;
	time_t ta = mktime(&a), tb = mktime(&b);
	struct tm ua, ub;
	gmtime_r(&ta, &ua);
	gmtime_r(&tb, &ub);
	strftime(from, 32, "%Y-%m-%dT%H:%M:%SZ", &ua);
	strftime(to, 32, "%Y-%m-%dT%H:%M:%SZ", &ub);
}

static int bar_chart(struct grid *g, int y, int end, const struct stat_bar *b, size_t n)
{
	int64_t max = 1;
	int lw = 0;
	for (size_t i = 0; i < n; i++) {
		if (b[i].value > max)
			max = b[i].value;
		int w = grid_text_width(b[i].label);
		if (w > lw)
			lw = w;
	}
	if (lw > g->w / 3)
		lw = g->w / 3;
	int room = g->w - lw - 14;
	for (size_t i = 0; i < n && y < end; i++, y++) {
		grid_put(g, y, 2, b[i].label, lw, ROLE_TEXT, false);
		int len = room > 0 ? (int)(b[i].value * room / max) : 0;
		if (len == 0 && b[i].value > 0)
			len = 1;
		for (int k = 0; k < len; k++)
			grid_put(g, y, 4 + lw + k, "█", 1, ROLE_HEADING, false);
		char *v = i18n_format_int(b[i].value);
		grid_put(g, y, 5 + lw + len, v, 10, ROLE_TEXT, true);
		free(v);
	}
	return y;
}

static const char *dash_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Dashboard");
}

/* The figures of the span shown, read when the span is chosen: drawing
 * reads no database. */
struct dash {
	struct stats st;
	bool have;
	int which;
};

static void dash_load(struct ui *ui, struct dash *d, int which)
{
	if (d->have)
		stats_clear(&d->st);
	d->have = false;
	d->which = which;
	char from[32], to[32];
	span(clock_now_ms(ui->clk), which, from, to);
	char *err = NULL;
	if (stats_get(ui->db, from, to, i18n_current(), &d->st, &err) != NK_OK) {
		ui_set_status(ui, xasprintf(_("Could not read the database: %s"), err));
		free(err);
		return;
	}
	d->have = true;
}

static void dash_open(struct ui *ui)
{
	struct dash *d = xcalloc(1, sizeof *d);
	dash_load(ui, d, 0);
	ui_push(ui, &dash_ops, 0, 0, d);
}

static void dash_free(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct dash *d = s->data;
	if (d->have)
		stats_clear(&d->st);
	free(d);
}

static void dash_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	static const char *const spans[] = {N_("Today"), N_("This month"), N_("This half-year")};
	struct dash *d = s->data;
	int which = d->which;
	if (!d->have)
		return;
	const struct stats st = d->st;
	int y = top, end = top + rows;
	/* The three spans as tabs; Left/Right switches. */
	int x = 2;
	for (int i = 0; i < 3; i++) {
		char *t = xasprintf(" %s ", _(spans[i]));
		int w = grid_text_width(t);
		grid_put(g, y, x, t, w, i == which ? ROLE_SELECTED : ROLE_ITEM, i == which);
		ui_add_hit(ui, y, x, w, (struct action){ACT_CHOICE, i + 1, 0, 0});
		x += w + 1;
		free(t);
	}
	y += 2;
	char *avg = st.avg_score < 0 ? xstrdup("–") : i18n_format_decimal(st.avg_score, 1);
	struct {
		const char *label;
		char *value;
	} figs[] = {
		{N_("Visits"), i18n_format_int(st.visits)},
		{N_("Articles read"), i18n_format_int(st.views)},
		{N_("Quizzes taken"), i18n_format_int(st.quizzes)},
		{N_("Quizzes finished"), i18n_format_int(st.completed)},
		{N_("Average score (%)"), avg},
		{N_("People registered"), i18n_format_int(st.people)},
		{N_("Questions waiting for an answer"), i18n_format_int(st.waiting)},
	};
	for (size_t i = 0; i < NK_ARRAY_LEN(figs); i++) {
		if (y < end) {
			grid_put(g, y, 2, _(figs[i].label), g->w / 2, ROLE_TEXT, false);
			grid_put(g, y, g->w / 2 + 2, figs[i].value, g->w / 2 - 4, ROLE_TEXT, true);
			y++;
		}
		free(figs[i].value);
	}
	if (st.ntopics && y + 2 < end) {
		y++;
		grid_put(g, y++, 2, _("Articles read by topic"), g->w - 4, ROLE_DIM, true);
		y = bar_chart(g, y, end, st.by_topic, st.ntopics);
	}
	if (st.nlangs && y + 2 < end) {
		y++;
		grid_put(g, y++, 2, _("Articles read by language"), g->w - 4, ROLE_DIM, true);
		bar_chart(g, y, end, st.by_lang, st.nlangs);
	}
}

static int dash_act(struct ui *ui, struct screen *s, struct action a)
{
	int which = ((struct dash *)s->data)->which;
	if (a.kind == ACT_LEFT || a.kind == ACT_PREV)
		which = (which + 2) % 3;
	else if (a.kind == ACT_RIGHT || a.kind == ACT_NEXT)
		which = (which + 1) % 3;
	else if (a.kind == ACT_CHOICE && a.n >= 1 && a.n <= 3)
		which = a.n - 1;
	else
		return UI_IGNORED;
	s->sel = which;
	dash_load(ui, s->data, which);
	return UI_REDRAW;
}

static const struct keyhint dash_hints[] = {
	{"←→", N_("Period"), ACT_NONE},
	{"Esc", N_("Back"), ACT_BACK},
};

static const struct screen_ops dash_ops = {
	"dashboard", dash_title, dash_draw, dash_act, dash_free, dash_hints, NK_ARRAY_LEN(dash_hints),
	false,
};

/* --- the inbox --------------------------------------------------------------- */

static const char *inbox_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Citizens' questions");
}

/* The questions, read when the inbox opens and after each answer: drawing
 * reads no database. */
struct inbox {
	struct cq *list;
	size_t n;
};

static void inbox_load(struct ui *ui, struct inbox *in)
{
	cq_list_free(&in->list, in->n);
	in->n = 0;
	char *err = NULL;
	if (cq_list(ui->db, CQ_ALL, &in->list, &in->n, &err) != NK_OK) {
		ui_set_status(ui, xasprintf(_("Could not read the database: %s"), err));
		in->list = NULL;
		in->n = 0;
	}
	free(err);
}

static void inbox_open(struct ui *ui)
{
	struct inbox *in = xcalloc(1, sizeof *in);
	inbox_load(ui, in);
	ui_push(ui, &inbox_ops, 0, 0, in);
}

static void inbox_free(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct inbox *in = s->data;
	cq_list_free(&in->list, in->n);
	free(in);
}

static void inbox_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct inbox *in = s->data;
	const struct cq *list = in->list;
	size_t n = in->n;
	if (n == 0) {
		grid_wrap(g, top + 2, 2, g->w - 4, 2, _("No questions yet."), ROLE_TEXT, false);
		return;
	}
	struct item *it = xcalloc(n, sizeof *it);
	char **labels = xcalloc(n, sizeof *labels);
	for (size_t i = 0; i < n; i++) {
		const char *state = !list[i].answer ? _("waiting")
				    : list[i].published ? _("published")
							: _("answered");
		char when[32];
		clock_local_text(list[i].asked_at, when);
		const struct i18n_lang *l = i18n_lang_find(list[i].lang ? list[i].lang : "");
		labels[i] = xasprintf("[%s] %s · %s · %s", state, when,
				      l ? l->native : list[i].lang ? list[i].lang : "",
				      list[i].question);
		it[i] = (struct item){labels[i], NULL, list[i].answer != NULL, ""};
	}
	ui_draw_items(ui, s, g, top, rows, it, (int)n);
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	free(it);
}

struct reply {
	char uuid[37];
	struct cq q;
	struct field f[1];
	int focus;
	char *msg;
};

static int inbox_act(struct ui *ui, struct screen *s, struct action a)
{
	struct inbox *in = s->data;
	struct cq *list = in->list;
	size_t n = in->n;
	int chosen;
	int r = ui_list_act(s, a, n ? (int)n : 1, &chosen);
	if (chosen >= 0 && (size_t)chosen < n) {
		struct reply *rp = xcalloc(1, sizeof *rp);
		memcpy(rp->uuid, list[chosen].uuid, 37);
		field_init(&rp->f[0], N_("Answer"), FIELD_TEXT, 2000, 6);
		if (list[chosen].answer)
			field_set(&rp->f[0], list[chosen].answer);
		/* Keep the question to show it; the list is freed below. */
		rp->q = list[chosen];
		memset(&list[chosen], 0, sizeof list[chosen]);
		ui_push(ui, &reply_ops, 0, 0, rp);
		/* What was lent to the reply is read again when it comes back. */
		inbox_load(ui, in);
	}
	return r;
}

static const struct keyhint inbox_hints[] = {
	{"↑↓", N_("Move"), ACT_NONE},
	{"Enter", N_("Answer"), ACT_SELECT},
	{"Esc", N_("Back"), ACT_BACK},
};

static const struct screen_ops inbox_ops = {
	"inbox",     inbox_title, inbox_draw, inbox_act, inbox_free,
	inbox_hints, NK_ARRAY_LEN(inbox_hints), false,
};

static void reply_free(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct reply *rp = s->data;
	fields_free(rp->f, 1);
	free(rp->q.asked_at);
	free(rp->q.lang);
	free(rp->q.question);
	free(rp->q.name);
	free(rp->q.contact);
	free(rp->q.answer);
	free(rp->q.answered_at);
	free(rp->msg);
	free(rp);
}

static void reply_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct reply *rp = s->data;
	int y = top, end = top + rows;
	y += grid_wrap(g, y, 2, g->w - 4, 4, rp->q.question, ROLE_TEXT, true);
	if (rp->q.name || rp->q.contact) {
		char *who = xasprintf("%s %s", rp->q.name ? rp->q.name : "",
				      rp->q.contact ? rp->q.contact : "");
		y += grid_wrap(g, y, 2, g->w - 4, 2, who, ROLE_DIM, false);
		free(who);
	}
	y++;
	y = fields_draw(ui, g, y, end - y - 3, rp->f, 1, rp->focus);
	struct item it[2] = {{_("Save the answer"), NULL, false, NULL},
			     {_("Save and publish on the kiosk"), NULL, false, NULL}};
	if (rp->msg)
		y += grid_wrap(g, y, 2, g->w - 4, 1, rp->msg, ROLE_WARN, true);
	for (int i = 0; i < 2 && y < end; i++, y++) {
		char *b = xasprintf(" %d  %s ", i + 1, it[i].label);
		int w = grid_text_width(b);
		enum role r = rp->focus == 1 + i ? ROLE_SELECTED : ROLE_ITEM;
		grid_put(g, y, 2, b, w, r, true);
		ui_add_hit(ui, y, 2, w, (struct action){ACT_CHOICE, 2 + i, 0, 0});
		free(b);
	}
}

static int reply_act(struct ui *ui, struct screen *s, struct action a)
{
	struct reply *rp = s->data;
	int press = -1;
	if (a.kind == ACT_SELECT && rp->focus >= 1)
		press = rp->focus - 1;
	else if (a.kind == ACT_CHOICE && (a.n == 2 || a.n == 3))
		press = a.n - 2;
	else if (a.kind == ACT_SELECT)
		return (rp->focus = 1), UI_REDRAW;
	if (press < 0) {
		/* Down from the answer reaches both buttons: save, and publish. */
		if (a.kind == ACT_DOWN || a.kind == ACT_NEXT) {
			rp->focus = rp->focus < 2 ? rp->focus + 1 : 2;
			return UI_REDRAW;
		}
		if (a.kind == ACT_UP || a.kind == ACT_PREV) {
			rp->focus = rp->focus > 0 ? rp->focus - 1 : 0;
			return UI_REDRAW;
		}
		return fields_act(rp->f, 1, &rp->focus, a);
	}
	char *err = NULL;
	int rc = cq_answer(ui->db, ui->clk, rp->uuid, field_value(&rp->f[0]), &err);
	if (rc == NK_OK && press == 1)
		rc = cq_publish(ui->db, rp->uuid, true, &err);
	if (rc != NK_OK) {
		free(rp->msg);
		rp->msg = err;
		return UI_REDRAW;
	}
	ui_pop(ui);
	/* The inbox below shows the answer. */
	struct screen *below = ui_top(ui);
	if (below->ops == &inbox_ops)
		inbox_load(ui, below->data);
	return UI_REDRAW;
}

static const struct keyhint reply_hints[] = {
	{"Enter", N_("Next"), ACT_SELECT},
	{"F3", N_("Typing"), ACT_FLIP},
	{"Esc", N_("Back"), ACT_BACK},
};

static const struct screen_ops reply_ops = {
	"reply",     inbox_title, reply_draw, reply_act, reply_free,
	reply_hints, NK_ARRAY_LEN(reply_hints), true,
};

/* --- folders: export, import, backup ------------------------------------------ */

struct folder {
	enum folder_job job;
	struct period period; /* JOB_REPORT */
	int span;             /* JOB_EXPORT: 0 every record, else preset span - 1 */
	bool anon;            /* JOB_EXPORT: anonymized */
	struct field f[1];
	int focus;
	struct lines out;
	bool done;
	bool busy;            /* a job is running (drawn through ui_paint) */
	char *pfile;          /* the file being written, its rows done and total */
	int64_t pdone, ptotal;
};

static void folder_free(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct folder *fo = s->data;
	fields_free(fo->f, 1);
	lines_clear(&fo->out);
	free(fo->pfile);
	free(fo);
}

static void folder_open(struct ui *ui, enum folder_job job, const struct period *p)
{
	(void)ui;
	struct folder *fo = xcalloc(1, sizeof *fo);
	fo->job = job;
	if (p)
		fo->period = *p;
	field_init(&fo->f[0], N_("Folder"), FIELD_TEXT, 400, 2);
	fo->f[0].mode = IME_OFF;
	ime_set_mode(fo->f[0].ime, IME_OFF);
	field_set(&fo->f[0], "/media/usb");
	ui_push(ui, job == JOB_EXPORT ? &export_folder_ops : &folder_ops, 0, 0, fo);
}

static const char *folder_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct folder *fo = s->data;
	return _(om_labels[fo->job == JOB_EXPORT   ? OM_EXPORT
			   : fo->job == JOB_IMPORT ? OM_IMPORT
			   : fo->job == JOB_REPORT ? OM_REPORT
						   : OM_BACKUP]);
}

/* The export's period: every record, or one of the presets as of now. */
static bool export_span(struct ui *ui, int span, struct period *p, const char **name)
{
	if (span == 0)
		return false;
	time_t now = (time_t)(clock_now_ms(ui->clk) / 1000);
	return period_preset((enum period_preset)(span - 1), now, p, name, NULL) == NK_OK;
}

static void folder_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct folder *fo = s->data;
	int y = fields_draw(ui, g, top, 4, fo->f, 1, fo->focus);
	if (fo->job == JOB_EXPORT) {
		struct period p;
		const char *name;
		char *span = export_span(ui, fo->span, &p, &name)
				     ? xasprintf(_("Records of: %s (%s)"), _(name), p.label)
				     : xstrdup(_("Records of: all time"));
		y += grid_wrap(g, y, 2, g->w - 4, 2, span, ROLE_TEXT, false);
		free(span);
		y += grid_wrap(g, y, 2, g->w - 4, 2,
			       fo->anon ? _("Anonymized: yes (no names; numbers instead of ids; "
					    "small groups left blank)")
					: _("Anonymized: no"),
			       ROLE_TEXT, false) + 1;
	}
	if (fo->busy && fo->pfile) {
		char *line = fo->ptotal > 0
				     ? xasprintf(_("Writing %s: %lld of %lld rows"), fo->pfile,
						 (long long)fo->pdone, (long long)fo->ptotal)
				     : xasprintf(_("Writing %s…"), fo->pfile);
		y += grid_wrap(g, y, 2, g->w - 4, 2, line, ROLE_EMPH, false);
		free(line);
		if (fo->ptotal > 0 && g->w > 8) {
			int bw = g->w - 6, fill = (int)(fo->pdone * bw / fo->ptotal);
			for (int x = 0; x < bw; x++)
				grid_put(g, y, 3 + x, x < fill ? "█" : "░", 1, ROLE_DIM, false);
			y++;
		}
	} else if (!fo->done && !fo->busy) {
		y += grid_wrap(g, y, 2, g->w - 4, 2, _("Press Enter to start."), ROLE_DIM, false);
	}
	draw_lines(g, y + 1, top + rows, &fo->out, ROLE_TEXT);
}

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A job's lines and progress, drawn at once (records/officer_jobs.h). */
struct job_view {
	struct ui *ui;
	struct folder *fo;
};

static void job_say(void *ctx, char *msg)
{
	struct job_view *v = ctx;
	lines_add(&v->fo->out, msg);
	ui_paint(v->ui);
}

static void job_progress(void *ctx, const char *file, int64_t done, int64_t total)
{
	struct job_view *v = ctx;
	struct folder *fo = v->fo;
	if (!fo->pfile || strcmp(fo->pfile, file) != 0) {
		free(fo->pfile);
		fo->pfile = xstrdup(file);
	}
	fo->pdone = done;
	fo->ptotal = total;
	ui_paint(v->ui);
}

/* The report of the chosen period, with the question analysis, as XLSX. */
static void run_report(struct ui *ui, struct folder *fo, const char *dir)
{
	char *path = xasprintf("%s/report-%s.xlsx", dir, fo->period.label);
	struct report_opts opts = {.questions = true};
	char *err = NULL;
	if (report_write_opts(ui->db, &fo->period, &opts, REPORT_XLSX, path, NULL, &err) == NK_OK) {
		lines_add(&fo->out, xasprintf(_("Report: %s"), path));
		officer_log(ui->db, ui->clk, "report", path, NULL);
	} else {
		lines_add(&fo->out, err);
	}
	free(path);
}

static int folder_act(struct ui *ui, struct screen *s, struct action a)
{
	struct folder *fo = s->data;
	if (fo->job == JOB_EXPORT && (a.kind == ACT_PGUP || a.kind == ACT_PGDN)) {
		int n = PERIOD_PRESETS + 1;
		fo->span = (fo->span + (a.kind == ACT_PGDN ? 1 : n - 1)) % n;
		return UI_REDRAW;
	}
	if (fo->job == JOB_EXPORT && a.kind == ACT_SOURCE) {
		fo->anon = !fo->anon;
		return UI_REDRAW;
	}
	if (a.kind != ACT_SELECT)
		return fields_act(fo->f, 1, &fo->focus, a);
	lines_clear(&fo->out);
	char *dir = xstrdup(field_value(&fo->f[0]));
	struct job_view v = {ui, fo};
	struct ojob_cb cb = {job_say, job_progress, &v};
	fo->busy = true;
	if (!is_dir(dir)) {
		lines_add(&fo->out, xasprintf(_("No such folder: %s"), dir));
	} else if (fo->job == JOB_IMPORT) {
		ojob_import(ui->db, ui->clk, dir, &cb);
	} else if (fo->job == JOB_BACKUP) {
		ojob_backup(ui->db, ui->clk, dir, &cb);
	} else if (fo->job == JOB_REPORT) {
		run_report(ui, fo, dir);
	} else {
		struct period p;
		bool has = export_span(ui, fo->span, &p, NULL);
		ojob_export(ui->db, ui->clk, dir, has ? &p : NULL, fo->anon, &cb);
	}
	fo->busy = false;
	fo->done = true;
	free(dir);
	return UI_REDRAW;
}

static const struct keyhint folder_hints[] = {
	{"Enter", N_("Start"), ACT_SELECT},
	{"Esc", N_("Back"), ACT_BACK},
};

static const struct screen_ops folder_ops = {
	"folder",     folder_title, folder_draw, folder_act, folder_free,
	folder_hints, NK_ARRAY_LEN(folder_hints), true,
};

static const struct keyhint export_hints[] = {
	{"Enter", N_("Start"), ACT_SELECT},
	{"PgUp PgDn", N_("Period"), ACT_NONE},
	{"F4", N_("Anonymized"), ACT_SOURCE},
	{"Esc", N_("Back"), ACT_BACK},
};

static const struct screen_ops export_folder_ops = {
	"folder",     folder_title, folder_draw, folder_act, folder_free,
	export_hints, NK_ARRAY_LEN(export_hints), true,
};

/* --- a period for the report or the question analysis ------------------------- */

static const char *periods_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	return _(om_labels[s->arg]);
}

/* The presets as of now; false if the clock gives no date. */
static bool preset_at(struct ui *ui, int i, struct period *p, const char **name)
{
	time_t now = (time_t)(clock_now_ms(ui->clk) / 1000);
	return period_preset((enum period_preset)i, now, p, name, NULL) == NK_OK;
}

static void periods_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct item it[PERIOD_PRESETS];
	char *text[PERIOD_PRESETS] = {0};
	int n = 0;
	for (int i = 0; i < PERIOD_PRESETS; i++) {
		struct period p;
		const char *name;
		if (!preset_at(ui, i, &p, &name))
			break;
		text[n] = xasprintf("%s (%s)", _(name), p.label);
		it[n] = (struct item){text[n], NULL, false, NULL};
		n++;
	}
	ui_draw_items(ui, s, g, top, rows, it, n);
	for (int i = 0; i < n; i++)
		free(text[i]);
}

struct analysis {
	struct period period;
	struct report *r; /* built once, when the screen opens */
	char *err;
};

static int periods_act(struct ui *ui, struct screen *s, struct action a)
{
	int chosen;
	int r = ui_list_act(s, a, PERIOD_PRESETS, &chosen);
	struct period p;
	if (chosen < 0 || !preset_at(ui, chosen, &p, NULL))
		return r;
	if (s->arg == OM_REPORT) {
		folder_open(ui, JOB_REPORT, &p);
		return UI_REDRAW;
	}
	/* The figures are read here, once, not while the screen draws. */
	struct analysis *an = xcalloc(1, sizeof *an);
	an->period = p;
	struct report_opts opts = {.questions = true};
	report_build_opts(ui->db, &p, &opts, &an->r, &an->err);
	ui_push(ui, &analysis_ops, 0, 0, an);
	return UI_REDRAW;
}

static const struct screen_ops periods_ops = {
	"periods", periods_title, periods_draw, periods_act, NULL, om_hints, NK_ARRAY_LEN(om_hints),
	false,
};

/* --- question analysis ------------------------------------------------------------ */

static const char *analysis_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct analysis *an = s->data;
	static char title[96];
	snprintf(title, sizeof title, "%s %s", _("Question analysis"), an->period.label);
	return title;
}

static void analysis_free(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct analysis *an = s->data;
	report_free(&an->r);
	free(an->err);
	free(an);
}

/* One line under each question: language, how many answered, the share
 * right and the wrong option chosen most. */
static char *analysis_desc(const struct report_cell *row)
{
	char *answered = i18n_format_int((int64_t)row[3].num);
	char *right = row[5].kind == REPORT_PERCENT ? i18n_format_decimal(row[5].num, 1)
						     : xstrdup("–");
	char *d = xasprintf(_("%s · %s answered · %s%% right"), row[2].text ? row[2].text : "",
			    answered, right);
	if (row[6].kind == REPORT_TEXT) {
		char *more = xasprintf(_("%s · wrong answer chosen most: %s (%lld)"), d, row[6].text,
				       (long long)row[7].num);
		free(d);
		d = more;
	}
	free(answered);
	free(right);
	return d;
}

static void analysis_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct analysis *an = s->data;
	const struct report_table *t = an->r ? report_table(an->r, "question_analysis") : NULL;
	if (!t) {
		grid_wrap(g, top + 1, 2, g->w - 4, rows - 1,
			  an->err ? an->err : _("Could not read the database."), ROLE_WARN, false);
		return;
	}
	if (t->nrows == 0) {
		grid_wrap(g, top + 1, 2, g->w - 4, rows - 1,
			  _("No quiz answers in this period."), ROLE_DIM, false);
		return;
	}
	/* Each question: its text, and under it the figures; the list scrolls
	 * so that the selected one is on screen. */
	int per = 4, first = s->sel - (rows - 1) / per + 1;
	if (first < 0)
		first = 0;
	int y = top + 1, end = top + rows;
	for (size_t i = (size_t)first; i < t->nrows && y + 1 < end; i++) {
		const struct report_cell *row = t->rows[i];
		bool sel = (int)i == s->sel;
		char *head = xasprintf("%zu. %s", i + 1,
				       row[1].kind == REPORT_TEXT ? row[1].text : row[0].text);
		ui_add_hit(ui, y, 2, g->w - 4, (struct action){ACT_CHOICE, (int)i + 1, 0, 0});
		y += grid_wrap(g, y, 2, g->w - 4, end - y < 2 ? end - y : 2, head,
			       sel ? ROLE_SELECTED : ROLE_ITEM, sel);
		free(head);
		char *desc = analysis_desc(row);
		y += grid_wrap(g, y, 5, g->w - 7, end - y, desc, ROLE_DIM, false) + 1;
		free(desc);
	}
}

static int analysis_act(struct ui *ui, struct screen *s, struct action a)
{
	(void)ui;
	struct analysis *an = s->data;
	const struct report_table *t = an->r ? report_table(an->r, "question_analysis") : NULL;
	int chosen;
	return ui_list_act(s, a, t ? (int)t->nrows : 0, &chosen);
}

static const struct keyhint analysis_hints[] = {
	{"↑↓", N_("Move"), ACT_NONE},
	{"Esc", N_("Back"), ACT_BACK},
};

static const struct screen_ops analysis_ops = {
	"analysis",     analysis_title, analysis_draw, analysis_act, analysis_free,
	analysis_hints, NK_ARRAY_LEN(analysis_hints), false,
};

/* --- translation status ---------------------------------------------------------- */

static const char *tstatus_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Translation status");
}

/* The counts, read once as the screen opens: drawing reads no database. */
struct tstatus {
	struct ojob_tcount *c; /* one per language, in i18n_lang_at order */
	char *err;
};

static void tstatus_open(struct ui *ui)
{
	struct tstatus *ts = xcalloc(1, sizeof *ts);
	ts->c = xcalloc(i18n_lang_count() + 1, sizeof *ts->c);
	for (size_t i = 0; i < i18n_lang_count() && !ts->err; i++)
		ojob_translation_counts(ui->db, i18n_lang_at(i)->id, &ts->c[i], &ts->err);
	ui_push(ui, &tstatus_ops, 0, 0, ts);
}

static void tstatus_free(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct tstatus *ts = s->data;
	free(ts->c);
	free(ts->err);
	free(ts);
}

static void tstatus_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	(void)ui;
	const struct tstatus *ts = s->data;
	int y = top + 1, end = top + rows;
	if (ts->err) {
		grid_wrap(g, y, 2, g->w - 4, 2, ts->err, ROLE_WARN, false);
		return;
	}
	for (size_t i = 0; i < i18n_lang_count() && y + 4 <= end; i++) {
		const struct i18n_lang *l = i18n_lang_at(i);
		const struct ojob_tcount *c = &ts->c[i];
		grid_put(g, y++, 2, l->native, g->w - 4, ROLE_TEXT, true);
		char *line = xasprintf(_("Articles: %lld of %lld translated, %lld reviewed"),
				       (long long)c->art_texts, (long long)c->articles,
				       (long long)c->art_reviewed);
		grid_put(g, y++, 4, line, g->w - 6, ROLE_TEXT, false);
		free(line);
		line = xasprintf(_("Questions: %lld of %lld translated, %lld reviewed"),
				 (long long)c->q_texts, (long long)c->questions,
				 (long long)c->q_reviewed);
		grid_put(g, y++, 4, line, g->w - 6, ROLE_TEXT, false);
		free(line);
		grid_put(g, y++, 4,
			 strcmp(l->status, "draft") == 0 ? _("Screens: draft, not yet reviewed")
							 : _("Screens: reviewed"),
			 g->w - 6, strcmp(l->status, "draft") == 0 ? ROLE_WARN : ROLE_TEXT, false);
		y++;
	}
}

static int tstatus_act(struct ui *ui, struct screen *s, struct action a)
{
	(void)ui;
	(void)s;
	(void)a;
	return UI_IGNORED;
}

static const struct keyhint back_hints[] = {
	{"Esc", N_("Back"), ACT_BACK},
};

static const struct screen_ops tstatus_ops = {
	"translation", tstatus_title, tstatus_draw, tstatus_act, tstatus_free,
	back_hints,    NK_ARRAY_LEN(back_hints), false,
};

/* --- settings ------------------------------------------------------------------- */

struct settings_state {
	struct field *f; /* one per setting, then "add a village" */
	int n;
	int focus;
	char *msg;
	size_t dups; /* groups of village names typed apart (records/villages.h) */
};

/* How many groups of names are one village typed apart; read when the
 * screen opens and after a merge or an added village. */
static void settings_count_dups(struct ui *ui, struct settings_state *st)
{
	struct village_dup *d = NULL;
	size_t n = 0;
	st->dups = villages_duplicates(ui->db, &d, &n, NULL) == NK_OK ? n : 0;
	villages_dups_free(&d, n);
}

static void settings_open(struct ui *ui)
{
	struct settings_state *st = xcalloc(1, sizeof *st);
	st->n = (int)kiosk_nsettings + 1;
	st->f = xcalloc((size_t)st->n, sizeof *st->f);
	for (size_t i = 0; i < kiosk_nsettings; i++) {
		field_init(&st->f[i], kiosk_settings[i].label,
			   kiosk_settings[i].number ? FIELD_DIGITS : FIELD_TEXT, 120, 1);
		char *v = setting_get(ui->db, kiosk_settings[i].key);
		field_set(&st->f[i], v);
		free(v);
	}
	field_init(&st->f[kiosk_nsettings], N_("Add a village (thôn/bản)"), FIELD_TEXT, 80, 1);
	settings_count_dups(ui, st);
	ui_push(ui, &settings_ops, 0, 0, st);
}

static void settings_free(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct settings_state *st = s->data;
	fields_free(st->f, st->n);
	free(st->f);
	free(st->msg);
	free(st);
}

static const char *settings_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Settings");
}

static const struct keyhint settings_hints[] = {
	{"↑↓", N_("Move"), ACT_NONE},
	{"Enter", N_("Next"), ACT_SELECT},
	{"Esc", N_("Back"), ACT_BACK},
};

static const struct keyhint settings_dup_hints[] = {
	{"↑↓", N_("Move"), ACT_NONE},
	{"Enter", N_("Next"), ACT_SELECT},
	{"F4", N_("Merge villages"), ACT_SOURCE},
	{"Esc", N_("Back"), ACT_BACK},
};

static void settings_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct settings_state *st = s->data;
	/* Show the fields from the focused one's page: two rows each. */
	int per_page = (rows - 3) / 3;
	if (per_page < 1)
		per_page = 1;
	int first = st->focus < st->n ? st->focus / per_page * per_page : 0;
	int y = fields_draw(ui, g, top, rows - 3, st->f + first, st->n - first, st->focus - first);
	/* Two lines each where the screen has them (40 columns wrap). */
	int room = top + rows - 1 - y;
	if (st->msg && room > 0)
		y += grid_wrap(g, y, 2, g->w - 4, room < 2 ? room : 2, st->msg, ROLE_WARN, true);
	room = top + rows - 1 - y;
	if (st->dups) {
		char *t = xasprintf(_("Villages typed in more than one way: %zu (F4 merges them)."),
				    st->dups);
		if (room > 0)
			grid_wrap(g, y, 2, g->w - 4, room < 2 ? room : 2, t, ROLE_WARN, false);
		free(t);
		ui_set_keys(ui, settings_dup_hints, NK_ARRAY_LEN(settings_dup_hints));
	}
	char *b = xasprintf(" %s ", _("Save"));
	int w = grid_text_width(b);
	enum role r = st->focus == st->n ? ROLE_SELECTED : ROLE_ITEM;
	grid_put(g, top + rows - 1, 2, b, w, r, true);
	ui_add_hit(ui, top + rows - 1, 2, w, (struct action){ACT_CHOICE, st->n + 1, 0, 0});
	free(b);
}

static int settings_act(struct ui *ui, struct screen *s, struct action a)
{
	struct settings_state *st = s->data;
	if (a.kind == ACT_SOURCE && st->dups) {
		/* F4: each name typed apart becomes the listed (or most used) one,
		 * in the list and the participants' records. */
		size_t names = 0, records = 0;
		char *err = NULL;
		int rc = villages_merge(ui->db, &names, &records, &err);
		free(st->msg);
		st->msg = rc == NK_OK ? xasprintf(_("Villages merged: %zu names, %zu records changed."),
						  names, records)
				      : err;
		if (rc == NK_OK)
			officer_log(ui->db, ui->clk, "villages-merge", NULL, NULL);
		settings_count_dups(ui, st);
		return UI_REDRAW;
	}
	bool press = (a.kind == ACT_SELECT && st->focus == st->n) ||
		     (a.kind == ACT_CHOICE && a.n == st->n + 1);
	if (!press) {
		if (a.kind == ACT_SELECT) {
			st->focus++;
			return UI_REDRAW;
		}
		return fields_act(st->f, st->n, &st->focus, a);
	}
	const char **values = xcalloc(kiosk_nsettings, sizeof *values);
	for (size_t i = 0; i < kiosk_nsettings; i++)
		values[i] = field_value(&st->f[i]);
	char *err = NULL;
	int rc = settings_save(ui->db, ui->clk, values, &err);
	free(values);
	const char *village = field_value(&st->f[kiosk_nsettings]);
	char *listed = NULL;
	/* "phình hồ" when "Phình Hồ" is listed is the same village: the list
	 * gets no second spelling (records/villages.h). */
	if (rc == NK_OK && village[0])
		rc = villages_same(ui->db, village, &listed, &err);
	if (rc == NK_OK && village[0] && !listed) {
		rc = villages_add(ui->db, village, &err);
		if (rc == NK_OK)
			field_set(&st->f[kiosk_nsettings], "");
	}
	free(st->msg);
	st->msg = rc != NK_OK ? err
		  : listed    ? xasprintf(_("Saved. The village “%s” is already on the list "
					    "as “%s”."),
				      village, listed)
			      : xstrdup(_("Saved."));
	free(listed);
	settings_count_dups(ui, st);
	return UI_REDRAW;
}



static const struct screen_ops settings_ops = {
	"settings",     settings_title, settings_draw, settings_act, settings_free,
	settings_hints, NK_ARRAY_LEN(settings_hints), true,
};

/* --- restore ---------------------------------------------------------------- */

/* The copy offered, found and counted once when the screen opens (checking
 * a copy reads all of it). */
struct restore_offer {
	char *best; /* NULL: no good copy of this kiosk */
	struct backup_info bi;
};

static void restore_open(struct ui *ui)
{
	struct restore_offer *ro = xcalloc(1, sizeof *ro);
	ro->best = backup_newest_good(db_path(ui->db));
	if (ro->best && backup_info_read(ro->best, &ro->bi, NULL) != NK_OK) {
		free(ro->best);
		ro->best = NULL;
	}
	ui_push(ui, &restore_ops, -1, 0, ro);
}

static void restore_free(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct restore_offer *ro = s->data;
	backup_info_clear(&ro->bi);
	free(ro->best);
	free(ro);
}

static char *count_text(int64_t n)
{
	return n < 0 ? xstrdup("?") : xasprintf("%lld", (long long)n);
}

static void restore_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct restore_offer *ro = s->data;
	int y = top + 1;
	if (!ro->best) {
		grid_wrap(g, y, 2, g->w - 4, 3, _("There is no good daily copy of this kiosk to restore."),
			  ROLE_WARN, true);
		return;
	}
	const struct backup_info *bi = &ro->bi;
	const char *raw = bi->kiosk_name ? bi->kiosk_name : _("(no name)");
	char *name = text_sanitize(raw, strlen(raw), false, NULL);
	char *v = count_text(bi->visits), *a = count_text(bi->attempts),
	     *p = count_text(bi->participants);
	/* What the copy is, the question, and the two choices come first; the
	 * file's name only where there is room (it may be long). */
	char *lines[5] = {
		xasprintf(_("Kiosk: %s (%.8s)"), name, bi->copy.kiosk_id),
		xasprintf(_("Copy of: %s"), bi->copy.date),
		xasprintf(_("In it: %s visits, %s quiz attempts, %s participants"), v, a, p),
		xstrdup(_("Replace the database with this copy? Everything recorded since it was "
			  "made is set aside with the current file, not deleted.")),
		xstrdup(ro->best),
	};
	int end = top + rows - 2; /* two rows for the choices */
	for (size_t i = 0; i < NK_ARRAY_LEN(lines); i++) {
		if (i >= 3 && y < end)
			y++; /* a blank row before the question and the file */
		int room = end - y;
		int most = i == 3 ? 6 : 3;
		if (room > 0 && (i < 4 || room >= 4))
			y += grid_wrap(g, y, 2, g->w - 4, most < room ? most : room, lines[i],
				       i == 4 ? ROLE_DIM : ROLE_TEXT, i < 4);
		free(lines[i]);
	}
	free(name);
	free(v);
	free(a);
	free(p);
	struct item it[2] = {{_("Restore"), NULL, false, NULL}, {_("Cancel"), NULL, false, NULL}};
	if (y + 1 <= end)
		y++; /* a blank row before the choices, when there is room */
	ui_draw_items(ui, s, g, y, top + rows - y, it, 2);
}

static int restore_act(struct ui *ui, struct screen *s, struct action a)
{
	struct restore_offer *ro = s->data;
	if (!ro->best)
		return UI_IGNORED; /* nothing to choose; Esc goes back */
	int chosen;
	int r = ui_list_act(s, a, 2, &chosen);
	if (chosen == 0) {
		officer_log(ui->db, ui->clk, "restore", ro->best, NULL);
		ui->restore = true;
		return UI_QUIT;
	}
	if (chosen == 1)
		ui_pop(ui);
	return r;
}

static const struct screen_ops restore_ops = {
	"restore", officer_title, restore_draw, restore_act, restore_free,
	back_hints, NK_ARRAY_LEN(back_hints), false,
};
