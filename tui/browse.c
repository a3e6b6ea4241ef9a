/*
 * browse: the topics screen and the article list of a topic. Both are lists
 * drawn with ui_draw_items; they hold the rows they show and reload them when
 * the language changes under them (F2).
 */
#include "tui/ui_impl.h"

#include "content/articles.h"
#include "content/topics.h"
#include "core/i18n.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- topics --------------------------------------------------------------- */

struct articles_data {
	char *topic; /* the topic id */
	char lang[16];
	char *title;
	struct article_info *list;
	size_t n;
};

struct topics_data {
	char lang[16];
	struct topic *list;
	size_t n;
};

static struct topics_data *topics_data(struct ui *ui, struct screen *s)
{
	struct topics_data *d = s->data;
	if (!d) {
		d = xcalloc(1, sizeof *d);
		s->data = d;
	}
	if (strcmp(d->lang, i18n_current()) != 0) {
		topics_free(&d->list, d->n);
		d->n = 0;
		char *err = NULL;
		if (topics_list(ui->db, i18n_current(), &d->list, &d->n, &err) != NK_OK) {
			ui_set_status(ui, xasprintf(_("Could not read the database: %s"), err));
			free(err);
		}
		snprintf(d->lang, sizeof d->lang, "%s", i18n_current());
	}
	return d;
}

static void topics_data_free(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct topics_data *d = s->data;
	if (!d)
		return;
	topics_free(&d->list, d->n);
	free(d);
}

static const char *topics_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Articles");
}

static void topics_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct topics_data *d = topics_data(ui, s);
	if (d->n == 0) {
		grid_wrap(g, top + 2, 2, g->w - 4, rows - 2, _("There are no articles yet."),
			  ROLE_TEXT, false);
		return;
	}
	struct item *it = xcalloc(d->n, sizeof *it);
	for (size_t i = 0; i < d->n; i++)
		it[i].label = d->list[i].title;
	ui_draw_items(ui, s, g, top, rows, it, (int)d->n);
	free(it);
}

static int topics_act(struct ui *ui, struct screen *s, struct action a)
{
	struct topics_data *d = topics_data(ui, s);
	int chosen;
	int r = ui_list_act(s, a, d->n ? (int)d->n : 1, &chosen);
	if (chosen >= 0 && (size_t)chosen < d->n) {
		struct articles_data *ad = xcalloc(1, sizeof *ad);
		ad->topic = xstrdup(d->list[chosen].id);
		ui_push(ui, &articles_ops, 0, 0, ad);
	}
	return r;
}

static const struct keyhint list_hints[] = {
	{"↑↓", N_("Move"), ACT_NONE},     {"Enter", N_("Choose"), ACT_SELECT},
	{"Esc", N_("Back"), ACT_BACK},    {"/", N_("Search"), ACT_SEARCH},
	{"F2", N_("Language"), ACT_LANG},
};

const struct screen_ops topics_ops = {
	"topics",   topics_title, topics_draw, topics_act, topics_data_free,
	list_hints, NK_ARRAY_LEN(list_hints), false,
};

/* --- the articles of one topic ------------------------------------------- */

static struct articles_data *articles_data(struct ui *ui, struct screen *s)
{
	struct articles_data *d = s->data;
	if (strcmp(d->lang, i18n_current()) != 0) {
		articles_list_free(&d->list, d->n);
		d->n = 0;
		free(d->title);
		d->title = NULL;
		char *err = NULL;
		if (articles_list(ui->db, d->topic, i18n_current(), &d->list, &d->n, &err) !=
		    NK_OK) {
			ui_set_status(ui, xasprintf(_("Could not read the database: %s"), err));
			free(err);
		}
		struct topic *t;
		size_t nt;
		if (topics_list(ui->db, i18n_current(), &t, &nt, NULL) == NK_OK) {
			for (size_t i = 0; i < nt; i++)
				if (strcmp(t[i].id, d->topic) == 0)
					d->title = xstrdup(t[i].title);
			topics_free(&t, nt);
		}
		snprintf(d->lang, sizeof d->lang, "%s", i18n_current());
	}
	return d;
}

static void articles_data_free(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct articles_data *d = s->data;
	if (!d)
		return;
	articles_list_free(&d->list, d->n);
	free(d->title);
	free(d->topic);
	free(d);
}

static const char *articles_title(struct ui *ui, struct screen *s)
{
	struct articles_data *d = articles_data(ui, s);
	return d->title ? d->title : _("Articles");
}

static void articles_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct articles_data *d = articles_data(ui, s);
	if (d->n == 0) {
		grid_wrap(g, top + 2, 2, g->w - 4, rows - 2, _("There are no articles yet."),
			  ROLE_TEXT, false);
		return;
	}
	struct item *it = xcalloc(d->n, sizeof *it);
	for (size_t i = 0; i < d->n; i++) {
		it[i].label = d->list[i].title;
		/* Say plainly when the title is a draft or stands in Vietnamese. */
		if (strcmp(d->list[i].title_lang, i18n_current()) != 0)
			it[i].desc = _("In Vietnamese: not yet translated");
		else if (strcmp(d->list[i].status, "draft") == 0)
			it[i].desc = _("Draft translation");
	}
	ui_draw_items(ui, s, g, top, rows, it, (int)d->n);
	free(it);
}

static int articles_act(struct ui *ui, struct screen *s, struct action a)
{
	struct articles_data *d = articles_data(ui, s);
	int chosen;
	int r = ui_list_act(s, a, d->n ? (int)d->n : 1, &chosen);
	if (chosen >= 0 && (size_t)chosen < d->n)
		reader_open(ui, d->list[chosen].slug);
	return r;
}

const struct screen_ops articles_ops = {
	"articles", articles_title, articles_draw, articles_act, articles_data_free,
	list_hints, NK_ARRAY_LEN(list_hints), false,
};
