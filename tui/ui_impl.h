/*
 * ui_impl: what the screens of the kiosk share, private to tui/. A screen is
 * a const table of functions plus a little state; the ui keeps a stack of
 * them and draws the frame (title bar, key bar, status line) around the one
 * on top.
 */
#ifndef NK_TUI_UI_IMPL_H
#define NK_TUI_UI_IMPL_H

#include "tui/ui.h"

#include <stddef.h>

struct screen;

struct keyhint {
	const char *key;   /* language-neutral key name */
	const char *label; /* msgid, translated when drawn */
	enum act act;      /* what a click on the hint does (ACT_NONE: nothing) */
};

struct item {
	const char *label; /* already translated or native */
	const char *desc;  /* may be NULL */
	bool dim;          /* shown in the secondary colour (e.g. a draft marker) */
	const char *key;   /* shown before the label instead of its number (NULL: the number) */
};

struct screen_ops {
	const char *name;
	const char *(*title)(struct ui *ui, struct screen *s);
	void (*draw)(struct ui *ui, struct screen *s, struct grid *g, int top, int rows);
	int (*act)(struct ui *ui, struct screen *s, struct action a);
	/* Frees s->data (may be NULL when the screen has none). */
	void (*free)(struct ui *ui, struct screen *s);
	const struct keyhint *hints;
	size_t nhints;
	bool text_input; /* receives typed characters as ACT_CHAR */
};

/* The key tables that turn a typed character into an action: the kiosk's (1–9, a–d, ?, /,
 * space) and the contest host console's (its operations; a–h the options). ACT_NONE when the
 * table has no such key. A screen that takes text (text_input) maps the characters it does
 * not take as text through one of them. */
enum ui_keys { UI_KEYS_KIOSK, UI_KEYS_HOST };
struct action ui_typed(enum ui_keys keys, int ch);

struct screen {
	const struct screen_ops *ops;
	int sel;    /* selected item */
	int arg;    /* what the screen is about (the menu item for "soon") */
	int scroll; /* first item or line shown */
	void *data; /* owned by the screen, freed by ops->free */
};

struct ui_hit {
	int y, x, w;
	struct action act;
};

struct ui {
	int wake_fd;                 /* ui_wake_fd: -1, or set by a screen with ui_set_wake */
	bool (*wake)(void *ctx);     /* reads wake_fd: true when something changed */
	void *wake_ctx;
	struct db *db;
	const struct clock *clk;
	bool quiz_only;         /* an event-day machine: the quiz instead of the menu */
	bool kiosk;             /* unattended: no first PIN from the screen */
	const char *quiz_topic; /* with quiz_only: start at once with these */
	int quiz_count;
	struct screen stack[16];
	int depth;
	struct ui_hit *hits;
	size_t nhits, caphits;
	bool too_small;
	char *status;
	int64_t idle_ms, last_input_ms;
	char home_lang[16];
	void (*tick_hook)(void *ctx);
	void *tick_ctx;
	int (*start_hook)(void *ctx);
	bool restore; /* quit to restore the newest backup */
	enum ui_contest_role contest_role; /* UI_CONTEST_NONE: the kiosk */
	/* Set by a screen's draw when its keys change with its state: the key bar
	 * shows these instead of ops->hints (reset before every draw). */
	const struct keyhint *keys_now;
	size_t nkeys_now;
	void (*paint)(void *ctx, struct ui *ui); /* ui_set_painter */
	bool fault; /* ui_fault: one message, any key ends the ui */
	void *paint_ctx;
};

/* The stack. push returns the new screen (NULL when the stack is full). */
struct screen *ui_push(struct ui *ui, const struct screen_ops *ops, int sel, int arg, void *data);
void ui_pop(struct ui *ui);
struct screen *ui_top(struct ui *ui);

/* A screen's wake-up descriptor (ui_wake_fd) and how to read it; fd -1 to stop. */
void ui_set_wake(struct ui *ui, int fd, bool (*wake)(void *ctx), void *ctx);

/* Draws the screens on the terminal now: for a long job's progress, from
 * inside an action (the back-end's painter; nothing without one). */
void ui_paint(struct ui *ui);

/* Shows a message on the status line (takes ownership of msg). */
void ui_set_status(struct ui *ui, char *msg);

/* For a screen's draw: the key bar shows these n hints this time (the array
 * must outlive the draw; a static table). */
void ui_set_keys(struct ui *ui, const struct keyhint *keys, size_t n);

/* Registers a click target for the current draw. */
void ui_add_hit(struct ui *ui, int y, int x, int w, struct action a);

/* Draws items as large buttons centred in the body (label and description,
 * or label only when there is no room), scrolled to keep sel visible, and
 * registers each as a click target. s->scroll is updated. */
void ui_draw_items(struct ui *ui, struct screen *s, struct grid *g, int top, int rows,
		   const struct item *it, int n);

/* The usual list keys: moves s->sel; sets *chosen to the chosen index or -1. */
int ui_list_act(struct screen *s, struct action a, int n, int *chosen);

/* Screens defined outside ui.c. */
extern const struct screen_ops topics_ops, articles_ops, reader_ops, search_ops;

/* Opens an article in the reader (pushes a reader screen). */
void reader_open(struct ui *ui, const char *slug);
/* Article blocks the reader has laid out since the process started: a test
 * checks that opening a long article lays out only its first screen. */
extern unsigned long long reader_blocks_laid;
/* Opens the search screen. */
void search_open(struct ui *ui);
/* Opens the quiz: choose a topic and a length, then play. */
void quiz_open(struct ui *ui);
/* Opens "Questions and answers". */
void qa_open(struct ui *ui);
/* Opens officer mode (the PIN first). */
void officer_open(struct ui *ui);
/* Opens the contest screen for opts->contest_role as the only screen. */
void contest_open(struct ui *ui, const struct ui_opts *opts);
/* Starts a quiz straight away (topic NULL: all topics). */
void quiz_start(struct ui *ui, const char *topic, int count);

#endif
