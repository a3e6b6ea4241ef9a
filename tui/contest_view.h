/*
 * contest_view: what every contest screen shows of a contest, private to
 * tui/. A view follows one contest in the database: it polls the version
 * (cheap) and reloads the state, the registered teams and the current
 * question's texts only when something changed. The audience drawing lives
 * here too, so that the display and the host's preview are the same code.
 *
 * Ownership: a view owns everything it loaded; cview_free frees it all.
 * Pointers into the view are valid until the next cview_refresh.
 */
#ifndef NK_TUI_CONTEST_VIEW_H
#define NK_TUI_CONTEST_VIEW_H

#include "quizzes/contest.h"
#include "quizzes/contest_store.h"
#include "quizzes/qstore.h"
#include "tui/ui_impl.h"

struct cview {
	bool have;       /* a contest is chosen */
	bool fixed;      /* the uuid came from the caller: never switch to a newer one */
	char uuid[37];
	struct contest *c;
	int64_t version; /* of c; -1 before the first load */
	struct cstore_info info;
	struct cstore_team *teams;
	size_t nteams;
	struct qitem *q; /* the current question's texts (NULL before the first) */
	char qlang[16];
	char *err;       /* the last error reading the database, or NULL */
	int64_t pick_ms; /* when a view on a finished contest last looked for one under way */
};

/* A watch on the folder of the database, so that a screen learns at once that the database
 * (or its write-ahead log) was written, rather than at its next poll (inotify). fd is -1 when
 * there is none (then the screen polls only). */
struct cwatch {
	int fd;
	char name[256]; /* the database file's name in its folder */
};
void cwatch_open(struct cwatch *w, const char *db_path);
/* Reads what the watch has; true when the database was written. */
bool cwatch_drain(struct cwatch *w);
void cwatch_close(struct cwatch *w);

void cview_init(struct cview *v, const char *uuid);
void cview_free(struct cview *v);

/* Polls the database; reloads when the contest changed (always when force).
 * Returns true when something new was loaded. */
bool cview_refresh(struct ui *ui, struct cview *v, bool force);

/* The registered team record for team number no, or NULL. */
const struct cstore_team *cview_team(const struct cview *v, int no);

/* The text of shown option k of the current question ("" before any). */
const char *cview_option(const struct cview *v, int k);

/* "Round 1 · Question 3 of 10 · Speed" for the current question. */
char *cview_position_text(const struct cview *v);
/* The scoring mode's name (translated). */
const char *cview_mode_name(enum contest_mode m);
/* "12.3 s" */
void cview_seconds(int64_t ms, char out[24]);

/* The audience screen for the contest's state, in rows top..top+rows-1.
 * host_view marks the right answer before the reveal too (the host's
 * preview); the audience never sees it early. */
void cview_draw_audience(struct ui *ui, struct cview *v, struct grid *g, int top, int rows,
			 bool host_view);

/* A countdown bar across width w at (y, x): full at the start, empty at the end. */
void cview_draw_countdown(struct cview *v, struct grid *g, int y, int x, int w);

#endif
