/*
 * ui: the kiosk's screens, terminal-free.
 *
 * The UI is a stack of screens. Each screen draws itself into a grid and
 * receives abstract actions (never raw keys); a handler returns reaction flags
 * and the loop decides what to do. The back-end (tui/term.c) turns keys and
 * clicks into actions and grids into terminal output; tests drive the same
 * calls and compare grid dumps with golden files.
 *
 * Ownership: ui_new borrows the db and clock (they must outlive the ui);
 * ui_free frees the ui and NULLs the pointer.
 */
#ifndef NK_TUI_UI_H
#define NK_TUI_UI_H

#include "core/clock.h"
#include "core/db.h"
#include "tui/grid.h"

#include <stdbool.h>
#include <stdint.h>

enum act {
	ACT_NONE,
	ACT_UP,
	ACT_DOWN,
	ACT_LEFT,
	ACT_RIGHT,
	ACT_NEXT,    /* Tab */
	ACT_PREV,    /* Shift-Tab */
	ACT_PGUP,
	ACT_PGDN,
	ACT_HOME,
	ACT_END,
	ACT_SELECT,  /* Enter */
	ACT_BACK,    /* Esc */
	ACT_ERASE,   /* Backspace: deletes in a text field, else goes back */
	ACT_HELP,    /* F1 (and '?' outside text fields) */
	ACT_LANG,    /* F2 */
	ACT_FLIP,    /* F3: the article in Vietnamese / in the visitor's language */
	ACT_CHOICE,  /* 1-9 or A-D: n is the 1-based choice */
	ACT_CHAR,    /* a typed character: n is its code point */
	ACT_CLICK,   /* a mouse click or touch at (y, x) */
	ACT_LINK,    /* a click on link n (1-based) of the screen */
	ACT_SEARCH,  /* '/' outside text fields */
	ACT_OFFICER, /* F10 */
	ACT_SOURCE,  /* F4: the article's full source, shown or hidden */
	ACT_HOST,    /* a key of the contest host's console: n is an enum host_key */
	ACT_TICK     /* time passed (about four times a second) */
};

/* The contest host's keys (ACT_HOST), from the host's table in ui.c; the option letters come
 * as ACT_CHOICE 1–8 (a–h). */
enum host_key {
	HK_DIGIT,              /* HK_DIGIT + 0 … HK_DIGIT + 9: a team number being typed */
	HK_DOT = HK_DIGIT + 10, /* "3.2": member 2 of team 3 */
	HK_PAUSE, HK_SKIP, HK_END_ROUND, HK_UNDO, HK_REDO, HK_TIEBREAK,
	HK_ROUND,              /* r: a round while setting up, a rescue question running */
	HK_TEAM,               /* n: a team while setting up, a new contest at the end */
	HK_INPUT, HK_TAKE_OVER, HK_LEAVE, HK_YES
};

struct action {
	enum act kind;
	int n;
	int y, x;
};

/* Reaction flags returned by ui_handle. */
enum { UI_IGNORED = 0, UI_REDRAW = 1, UI_QUIT = 2 };

enum ui_contest_role {
	UI_CONTEST_NONE,
	UI_CONTEST_HOST,     /* the host's console: set up and run the contest */
	UI_CONTEST_DISPLAY,  /* the audience screen: read-only */
	UI_CONTEST_PLAYER,   /* one team's terminal */
	UI_CONTEST_KEYBOARD  /* one shared keyboard, a block of keys per team */
};

struct ui_opts {
	struct db *db;          /* may be NULL (golden tests): nothing is recorded */
	const struct clock *clk;
	const char *start_lang; /* NULL: start at the language picker */
	bool quiz_only;         /* quizzes only (ntmkiosk quiz): no menu */
	const char *quiz_topic; /* with quiz_only: this topic (NULL: choose) */
	int quiz_count;         /* with quiz_only and a topic: this many (0: choose) */
	int64_t idle_ms;        /* no key for this long: "are you still there?" (0: never) */
	const char *home_lang;  /* the language the kiosk returns to after a visitor */
	/* An unattended kiosk (--kiosk): officer mode opens only with a PIN set on the
	 * machine (ntmkiosk pin set); F10 never lets a visitor choose the first one. */
	bool kiosk;
	/* Called on every tick (about four a second), for the program's own
	 * periodic work such as the daily backup; may be NULL. */
	void (*tick_hook)(void *ctx);
	void *tick_ctx;
	/* Called once (with tick_ctx), when the first screen is on the terminal
	 * and before the first key is read: for start-up work that need not
	 * delay the first screen but must come before anything a visitor does,
	 * such as checking the database. Nonzero ends the ui at once. May be NULL. */
	int (*start_hook)(void *ctx);
	/* Event days (ntmkiosk contest ...): instead of the kiosk's screens, one
	 * contest screen follows the contest in the database (contest_uuid; NULL
	 * for the newest, or for a new one at the host console). */
	enum ui_contest_role contest_role;
	const char *contest_uuid;
	int contest_team;   /* UI_CONTEST_PLAYER: the team this terminal answers for */
	int contest_member; /* ... and its member (1, 2, …) when members answer each */
	bool contest_new;   /* UI_CONTEST_HOST: start with the form for a new contest */
};

/* After the idle question, this long without a key ends the visit. */
#define UI_IDLE_GRACE_MS 20000

struct ui;

struct ui *ui_new(const struct ui_opts *opts);
void ui_free(struct ui **ui);

/* Renders the current screen into g (at g's size). */
void ui_draw(struct ui *ui, struct grid *g);
/* Feeds one action; returns UI_* flags. Clicks refer to the last draw. */
int ui_handle(struct ui *ui, struct action a);

/* Gives a ui made without a database (the kiosk draws its language picker
 * before it opens one) its database and the officers' settings, as ui_opts
 * would have: the idle time and the language the kiosk returns to. */
void ui_attach_db(struct ui *ui, struct db *db, int64_t idle_ms, const char *home_lang);

/* For the terminal layer, once the first screen is drawn: runs the start
 * hook; UI_QUIT when it asks to end the ui, UI_REDRAW when it put a
 * message in place of the screens (ui_fault), else 0. */
int ui_started(struct ui *ui);
/* Puts one message in place of every screen (the ui takes msg, written in
 * the UI language; '\n' between paragraphs): the kiosk cannot go on, say
 * its database is damaged. From then on nothing runs and any key ends the
 * ui. For a start hook that failed: it calls this and returns 0. */
void ui_fault(struct ui *ui, char *msg);

/* The current screen's name ("picker", "menu", "topics", "articles",
 * "reader", "search", "soon", "help", "lang", "enlarge") and selected item,
 * for tests. */
const char *ui_screen_name(const struct ui *ui);
int ui_selected(const struct ui *ui);
/* The last error the ui met (e.g. the database refused a write), or NULL. */
const char *ui_status(const struct ui *ui);

/* True when the ui quit because an officer asked to restore the newest
 * backup: the caller closes the database, restores, and starts again. */
bool ui_wants_restore(const struct ui *ui);

/* How often the back-end should send ACT_TICK when no key comes (ms): a
 * contest screen follows the others within 200 ms (at once when woken). */
int ui_tick_ms(const struct ui *ui);

/* A descriptor that becomes readable when what the screens follow may have changed (a
 * contest screen watches its database being written), or -1. The back-end polls it beside
 * the keyboard; when it is readable, ui_woken reads it and tells whether to send ACT_TICK at
 * once, so that a display follows the host's key without waiting for the next tick. */
int ui_wake_fd(const struct ui *ui);
/* How the back-end draws the ui at once, while an action is still running
 * (a long job's progress); paint draws the ui's screens and shows them. */
void ui_set_painter(struct ui *ui, void (*paint)(void *ctx, struct ui *ui), void *ctx);
bool ui_woken(struct ui *ui);

/* The smallest size at which screens are drawn; below it the ui asks for a
 * larger window. */
#define UI_MIN_W 40
#define UI_MIN_H 12

#endif
