/*
 * term: the ncursesw back-end. Keys map to actions through one table; a grid
 * is drawn cell by cell as wide characters (ncurses diffs against the screen
 * it already shows, so a full redraw per key costs little). Colours come
 * with a monochrome fallback: every role also has a plain attribute.
 */
#define NCURSES_WIDECHAR 1
#include "tui/term.h"

#include "core/text.h"
#include "core/util.h"
#include "tui/palette.h"

#include <curses.h>
#include <signal.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

static const struct {
	int key;
	enum act act;
	int n;
} keymap[] = {
	{KEY_UP, ACT_UP, 0},         {KEY_DOWN, ACT_DOWN, 0},    {KEY_LEFT, ACT_LEFT, 0},
	{KEY_RIGHT, ACT_RIGHT, 0},   {'\t', ACT_NEXT, 0},        {KEY_BTAB, ACT_PREV, 0},
	{KEY_PPAGE, ACT_PGUP, 0},    {KEY_NPAGE, ACT_PGDN, 0},   {KEY_HOME, ACT_HOME, 0},
	{KEY_END, ACT_END, 0},       {'\n', ACT_SELECT, 0},      {'\r', ACT_SELECT, 0},
	{KEY_ENTER, ACT_SELECT, 0},  {27, ACT_BACK, 0},          {KEY_BACKSPACE, ACT_ERASE, 0},
	{127, ACT_ERASE, 0},         {8, ACT_ERASE, 0},          {KEY_F(1), ACT_HELP, 0},
	{KEY_F(2), ACT_LANG, 0},     {KEY_F(3), ACT_FLIP, 0},    {KEY_F(10), ACT_OFFICER, 0},
	{KEY_F(4), ACT_SOURCE, 0},
};

/* The attributes of tui/palette.h's monochrome flags. */
static attr_t mono_attr(unsigned char m)
{
	return (m & PAL_REVERSE ? A_REVERSE : A_NORMAL) | (m & PAL_BOLD ? A_BOLD : A_NORMAL) |
	       (m & PAL_UNDERLINE ? A_UNDERLINE : A_NORMAL) | (m & PAL_DIM ? A_DIM : A_NORMAL) |
	       (m & PAL_ITALIC ? A_ITALIC : A_NORMAL);
}

/* With 8 colours, a bright foreground is the dark one in bold. */
static bool bold_is_bright;

static bool use_colour;

/* Set by SIGHUP and SIGTERM: the loop ends and the terminal is restored. */
static volatile sig_atomic_t stop;
/* Set while the loop waits for a key, the only place it looks at stop. */
static volatile sig_atomic_t waiting;
/* What endwin would do, made ready beforehand for a signal handler: the
 * terminal's modes as the shell had them, and the sequences that leave the
 * full screen, show the cursor and end mouse reports. */
static struct termios shell_modes;
static bool have_modes;
static char restore_seq[512];
static size_t restore_len;

static void on_stop(int sig)
{
	stop = 1;
	if (waiting)
		return;
	/* Busy with something long (a search in a huge article, an import): the
	 * loop would see stop only when it ends, and systemd would wait. Restore
	 * the terminal and die of the signal now; what was committed is kept
	 * (SQLite rolls back the rest, as after a power cut). Only
	 * async-signal-safe calls here. */
	if (restore_len)
		(void)!write(STDOUT_FILENO, restore_seq, restore_len);
	if (have_modes)
		tcsetattr(STDIN_FILENO, TCSANOW, &shell_modes);
	signal(sig, SIG_DFL);
	raise(sig); /* delivered when this handler returns */
}

static void restore_add(const char *cap)
{
	const char *s = tigetstr(cap);
	if (!s || s == (const char *)-1)
		return;
	size_t n = strlen(s);
	if (restore_len + n < sizeof restore_seq) {
		memcpy(restore_seq + restore_len, s, n);
		restore_len += n;
	}
}

static void prepare_restore(void)
{
	restore_len = 0;
	restore_add("sgr0");
	restore_add("cnorm");
	restore_add("rmkx");
	const char *km = tigetstr("kmous");
	if (km && km != (const char *)-1) {
		static const char mouse_off[] = "\033[?1006l\033[?1000l";
		if (restore_len + sizeof mouse_off - 1 < sizeof restore_seq) {
			memcpy(restore_seq + restore_len, mouse_off, sizeof mouse_off - 1);
			restore_len += sizeof mouse_off - 1;
		}
	}
	restore_add("rmcup");
}

static void setup_colours(void)
{
	use_colour = has_colors() && getenv("NO_COLOR") == NULL;
	if (!use_colour)
		return;
	start_color();
	bold_is_bright = COLORS < 16;
	for (int r = 0; r < ROLE_COUNT; r++) {
		short fg = palette[r].fg;
		if (bold_is_bright)
			fg &= 7;
		init_pair((short)(r + 1), fg, palette[r].bg);
	}
}

static attr_t role_attr(const struct cell *c, short *pair)
{
	attr_t a = c->bold ? A_BOLD : A_NORMAL;
	if (use_colour) {
		const struct pal_role *p = &palette[c->role];
		*pair = (short)(c->role + 1);
		if (!p->bold)
			a = A_NORMAL;
		if (bold_is_bright && p->fg >= PAL_BRIGHT)
			a |= A_BOLD;
		/* Links stay underlined in colour too: colour alone is not enough
		 * for people who cannot tell yellow from white. */
		return a | (c->role == ROLE_LINK ? A_UNDERLINE : A_NORMAL) |
		       (c->role == ROLE_EMPH ? A_ITALIC : A_NORMAL);
	}
	*pair = 0;
	return a | mono_attr(palette[c->role].mono);
}

static void blit(const struct grid *g)
{
	for (int y = 0; y < g->h; y++) {
		for (int x = 0; x < g->w; x++) {
			const struct cell *c = &g->cells[(size_t)y * (size_t)g->w + (size_t)x];
			if (c->width == 0)
				continue;
			wchar_t wc[CCHARW_MAX + 1];
			const char *t = c->g[0] ? c->g : " ";
			mbstate_t ms;
			memset(&ms, 0, sizeof ms);
			const char *src = t;
			size_t n = mbsrtowcs(wc, &src, CCHARW_MAX, &ms);
			if (n == (size_t)-1 || n == 0) {
				wc[0] = L'?';
				n = 1;
			}
			wc[n] = L'\0';
			short pair;
			attr_t a = role_attr(c, &pair);
			cchar_t cc;
			setcchar(&cc, wc, a, pair, NULL);
			/* Writing the bottom-right cell would scroll some terminals. */
			if (y == g->h - 1 && x + c->width >= g->w)
				mvins_wch(y, x, &cc);
			else
				mvadd_wch(y, x, &cc);
		}
	}
	move(g->h - 1, 0);
	refresh();
}

/* Function keys and characters share one table; their codes do not overlap
 * (KEY_MIN is above every ASCII key we bind), but a character such as U+0102
 * has the same number as KEY_DOWN, so each is matched only in its own kind. */
static struct action key_action(int key, bool fkey)
{
	for (size_t i = 0; i < NK_ARRAY_LEN(keymap); i++)
		if (keymap[i].key == key && (keymap[i].key >= KEY_MIN) == fkey)
			return (struct action){keymap[i].act, keymap[i].n, 0, 0};
	return (struct action){ACT_NONE, 0, 0, 0};
}

/* Neither a key nor a timeout: the ui was woken (and ticked) or nothing came. */
#define KEY_NONE (-2)

/* The next key (get_wch's result), ERR when the tick time passed without one. With a wake-up
 * descriptor, keys ncurses already holds come first, then both are polled: a wake-up ticks
 * the ui at once (KEY_NONE). */
static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int next_key(struct ui *ui, wint_t *wk, bool *dirty)
{
	/* Ticks keep their pace however often the ui is woken. */
	static int64_t tick_due;
	int wfd = ui_wake_fd(ui);
	if (wfd < 0)
		return get_wch(wk);
	timeout(0);
	int kind = get_wch(wk);
	timeout(ui_tick_ms(ui));
	if (kind != ERR)
		return kind;
	int64_t now = mono_ms();
	if (tick_due == 0 || tick_due - now > ui_tick_ms(ui))
		tick_due = now + ui_tick_ms(ui);
	if (now >= tick_due) {
		tick_due = now + ui_tick_ms(ui);
		return ERR;
	}
	struct pollfd p[2] = {{STDIN_FILENO, POLLIN, 0}, {wfd, POLLIN, 0}};
	int n = poll(p, 2, (int)(tick_due - now));
	if (n == 0) {
		tick_due = mono_ms() + ui_tick_ms(ui);
		return ERR;
	}
	if (n < 0)
		return KEY_NONE;
	if ((p[1].revents & POLLIN) && ui_woken(ui) &&
	    (ui_handle(ui, (struct action){ACT_TICK, 0, 0, 0}) & UI_REDRAW))
		*dirty = true;
	if (p[0].revents & (POLLHUP | POLLERR | POLLNVAL))
		return ERR; /* the loop sees the terminal gone */
	if (!(p[0].revents & POLLIN))
		return KEY_NONE;
	timeout(0);
	kind = get_wch(wk);
	timeout(ui_tick_ms(ui));
	return kind == ERR ? KEY_NONE : kind;
}

/* ui_set_painter's painter: the screens drawn and shown now. */
static void paint_now(void *ctx, struct ui *ui)
{
	struct grid *g = ctx;
	int h, w;
	getmaxyx(stdscr, h, w);
	if (h != g->h || w != g->w)
		grid_resize(g, w, h);
	ui_draw(ui, g);
	erase();
	blit(g);
}

int term_run(struct ui *ui, bool kiosk, char **err)
{
	have_modes = tcgetattr(STDIN_FILENO, &shell_modes) == 0;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (kiosk) {
		/* Raw mode makes Ctrl-C, Ctrl-Z and Ctrl-\ plain keys, which the
		 * key table ignores; the signals are ignored too, in case they come
		 * from elsewhere on the terminal. */
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		signal(SIGTSTP, SIG_IGN);
	}
	/* While the screen is drawn, nothing else may write to the terminal: a
	 * library's own message on stderr (libxlsxwriter reports a full stick
	 * with "[ERROR] ..." and the path) would land raw on the kiosk's
	 * screen. Our code says everything on screen; stderr that goes to the
	 * terminal is set aside until the screen ends (a redirected stderr, a
	 * log, is kept). */
	int saved_err = -1;
	if (isatty(STDERR_FILENO) && isatty(STDOUT_FILENO)) {
		int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
		saved_err = null >= 0 ? fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3) : -1;
		if (saved_err >= 0) {
			fflush(stderr);
			dup2(null, STDERR_FILENO);
		}
		if (null >= 0)
			close(null);
	}
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		if (saved_err >= 0) {
			dup2(saved_err, STDERR_FILENO);
			close(saved_err);
		}
		return err_set(err, NK_EFAIL, "cannot use this terminal (TERM=%s)",
			       getenv("TERM") ? getenv("TERM") : "");
	}
	set_term(scr);
	prepare_restore();
	set_escdelay(25);
	if (kiosk)
		raw();
	else
		cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED, NULL);
	mouseinterval(0);
	setup_colours();
	timeout(ui_tick_ms(ui));

	int h, w;
	getmaxyx(stdscr, h, w);
	struct grid *g = grid_new(w, h);
	ui_set_painter(ui, paint_now, g);
	bool dirty = true, started = false;
	char *last_status = NULL;
	while (!stop) {
		if (dirty) {
			paint_now(g, ui);
			dirty = false;
			/* Errors (a full disk, a read-only database) also go to stderr when
			 * that is not this screen: a service's log keeps them. */
			const char *status = ui_status(ui);
			if (status && !isatty(STDERR_FILENO) &&
			    (!last_status || strcmp(status, last_status) != 0)) {
				char *safe = text_sanitize(status, strlen(status), false, NULL);
				fprintf(stderr, "ntmkiosk: %s\n", safe);
				free(safe);
				free(last_status);
				last_status = xstrdup(status);
			}
			if (!started) {
				started = true;
				int r = ui_started(ui);
				if (r & UI_QUIT)
					break;
				if (r & UI_REDRAW) /* ui_fault */
					paint_now(g, ui);
			}
		}
		wint_t wk;
		waiting = 1;
		if (stop) /* came while busy, between two looks */
			break;
		int kind = next_key(ui, &wk, &dirty);
		waiting = 0;
		if (kind == KEY_NONE)
			continue;
		if (kind == ERR) {
			/* A quarter second without a key: let timed screens move on,
			 * unless input is gone (the terminal closed). */
			struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
			if (poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)))
				break;
			if (ui_handle(ui, (struct action){ACT_TICK, 0, 0, 0}) & UI_REDRAW)
				dirty = true;
			continue;
		}
		struct action a = {ACT_NONE, 0, 0, 0};
		if (kind == KEY_CODE_YES && wk == KEY_RESIZE) {
			dirty = true;
			continue;
		} else if (kind == KEY_CODE_YES && wk == KEY_MOUSE) {
			MEVENT me;
			if (getmouse(&me) == OK &&
			    (me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
				a = (struct action){ACT_CLICK, 0, me.y, me.x};
		} else {
			a = key_action((int)wk, kind == KEY_CODE_YES);
			/* Any other printable character goes to the ui, which decides
			 * whether it is text or a shortcut. */
			if (a.kind == ACT_NONE && kind == OK && wk >= 0x20 && wk != 0x7f &&
			    !(wk >= 0x80 && wk < 0xa0))
				a = (struct action){ACT_CHAR, (int)wk, 0, 0};
		}
		if (a.kind == ACT_NONE)
			continue;
		int r = ui_handle(ui, a);
		if (r & UI_QUIT)
			break;
		if (r & UI_REDRAW)
			dirty = true;
	}
	waiting = 1; /* the loop is over: a signal now only sets stop */
	ui_set_painter(ui, NULL, NULL);
	grid_free(&g);
	free(last_status);
	endwin();
	delscreen(scr);
	if (saved_err >= 0) {
		fflush(stderr);
		dup2(saved_err, STDERR_FILENO);
		close(saved_err);
	}
	return NK_OK;
}
