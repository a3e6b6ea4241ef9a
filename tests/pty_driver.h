/*
 * pty_driver: runs a program in a pseudo-terminal (forkpty) and keeps a small
 * model of the screen it draws, for tests that drive the real binary the way
 * a visitor does.
 *
 * Why a screen model rather than searching the byte stream: ncurses sends
 * only the cells that changed since the last refresh, so marking an option
 * turns "[ ]" into "[x]" with a lone "x", and "Câu 2/5" after "Câu 1/5" is a
 * cursor move and a "2". The model (an 80x24-style grid fed by a VT100/xterm
 * subset: cursor moves, erases, insert/delete, scroll regions, REP, UTF-8
 * with combining marks and wide characters) answers "what does the screen
 * show now" after every read, and UTF-8 split across reads is kept in the
 * decoder's state.
 *
 * Header-only, like helpers.h: each test stays one file. Link with -lutil.
 */
#ifndef NK_TESTS_PTY_DRIVER_H
#define NK_TESTS_PTY_DRIVER_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* --- the screen model ------------------------------------------------------ */

#define VT_CELL_MAX 16 /* UTF-8 bytes of one cell: a base and a few combining marks */
#define VT_MAXP 16

struct vt_cell {
	char s[VT_CELL_MAX]; /* empty: a blank */
	unsigned char n;
	bool tail; /* the right half of a wide character */
};

struct vt {
	int rows, cols;
	struct vt_cell *cells;
	int y, x;
	bool wrap_next; /* the last column was written: the next character wraps */
	int saved_y, saved_x;
	int top, bot; /* the scroll region, inclusive */
	bool insert;  /* IRM */
	struct vt_cell last; /* the last graphic character, for REP */
	int last_w;
	/* parser */
	enum { VT_GROUND, VT_ESC, VT_ESC_SKIP, VT_CSI, VT_STR, VT_STR_ESC } st;
	int p[VT_MAXP];
	int np;
	bool have_digit;
	char priv, inter;
	uint32_t cp;
	int need;
	unsigned long long bytes; /* fed so far */
	unsigned long long gen;   /* bumped by every change */
};

static inline struct vt_cell *vt_at(struct vt *v, int y, int x)
{
	return &v->cells[(size_t)y * (size_t)v->cols + (size_t)x];
}

static inline void vt_clear_cells(struct vt *v, int y, int x0, int x1)
{
	for (int x = x0; x < x1; x++)
		memset(vt_at(v, y, x), 0, sizeof(struct vt_cell));
}

static inline void vt_reset(struct vt *v)
{
	memset(v->cells, 0, (size_t)v->rows * (size_t)v->cols * sizeof *v->cells);
	v->y = v->x = v->saved_y = v->saved_x = 0;
	v->wrap_next = v->insert = false;
	v->top = 0;
	v->bot = v->rows - 1;
	v->st = VT_GROUND;
	v->need = 0;
	v->last_w = 0;
}

static inline void vt_init(struct vt *v, int rows, int cols)
{
	memset(v, 0, sizeof *v);
	v->rows = rows;
	v->cols = cols;
	v->cells = calloc((size_t)rows * (size_t)cols, sizeof *v->cells);
	if (!v->cells)
		abort();
	vt_reset(v);
}

static inline void vt_free(struct vt *v)
{
	free(v->cells);
	v->cells = NULL;
}

/* Rows top..bot move up by n (scrolling forward); new rows are blank. */
static inline void vt_scroll_up(struct vt *v, int top, int bot, int n)
{
	if (n > bot - top + 1)
		n = bot - top + 1;
	size_t row = (size_t)v->cols * sizeof *v->cells;
	memmove(vt_at(v, top, 0), vt_at(v, top + n, 0), (size_t)(bot - top + 1 - n) * row);
	for (int y = bot - n + 1; y <= bot; y++)
		vt_clear_cells(v, y, 0, v->cols);
}

static inline void vt_scroll_down(struct vt *v, int top, int bot, int n)
{
	if (n > bot - top + 1)
		n = bot - top + 1;
	size_t row = (size_t)v->cols * sizeof *v->cells;
	memmove(vt_at(v, top + n, 0), vt_at(v, top, 0), (size_t)(bot - top + 1 - n) * row);
	for (int y = top; y < top + n; y++)
		vt_clear_cells(v, y, 0, v->cols);
}

static inline void vt_linefeed(struct vt *v)
{
	if (v->y == v->bot)
		vt_scroll_up(v, v->top, v->bot, 1);
	else if (v->y < v->rows - 1)
		v->y++;
}

static inline void vt_goto(struct vt *v, int y, int x)
{
	v->y = y < 0 ? 0 : y >= v->rows ? v->rows - 1 : y;
	v->x = x < 0 ? 0 : x >= v->cols ? v->cols - 1 : x;
	v->wrap_next = false;
}

/* Columns a code point takes. Enough for what the kiosk draws: combining
 * marks take none, East Asian wide and emoji blocks two, the rest one. */
static inline int vt_width(uint32_t c)
{
	if ((c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) ||
	    (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff) ||
	    (c >= 0xfe20 && c <= 0xfe2f) || (c >= 0x200b && c <= 0x200f) ||
	    (c >= 0x2060 && c <= 0x2064) || c == 0xfeff || (c >= 0xfe00 && c <= 0xfe0f))
		return 0;
	if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf && c != 0x303f) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
	    (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd))
		return 2;
	return 1;
}

static inline int vt_utf8(uint32_t c, char out[4])
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

static inline void vt_put_cell(struct vt *v, const struct vt_cell *c, int w)
{
	if (v->wrap_next) {
		v->x = 0;
		v->wrap_next = false;
		vt_linefeed(v);
	}
	if (w == 2 && v->x == v->cols - 1) {
		vt_clear_cells(v, v->y, v->x, v->cols);
		v->x = 0;
		vt_linefeed(v);
	}
	if (v->insert) {
		int n = v->cols - v->x - w;
		if (n > 0)
			memmove(vt_at(v, v->y, v->x + w), vt_at(v, v->y, v->x),
				(size_t)n * sizeof *v->cells);
	}
	/* Overwriting half of a wide character blanks its other half. */
	if (vt_at(v, v->y, v->x)->tail && v->x > 0)
		vt_clear_cells(v, v->y, v->x - 1, v->x);
	*vt_at(v, v->y, v->x) = *c;
	if (w == 2) {
		memset(vt_at(v, v->y, v->x + 1), 0, sizeof(struct vt_cell));
		vt_at(v, v->y, v->x + 1)->tail = true;
	} else if (v->x + 1 < v->cols && vt_at(v, v->y, v->x + 1)->tail) {
		vt_clear_cells(v, v->y, v->x + 1, v->x + 2);
	}
	v->x += w;
	if (v->x >= v->cols) {
		v->x = v->cols - 1;
		v->wrap_next = true;
	}
}

static inline void vt_print(struct vt *v, uint32_t c)
{
	int w = vt_width(c);
	char u[4];
	int n = vt_utf8(c, u);
	if (w == 0) {
		/* A combining mark joins the character before the cursor. */
		int x = v->wrap_next ? v->x : v->x - 1;
		if (x < 0)
			return;
		struct vt_cell *cell = vt_at(v, v->y, x);
		if (cell->tail && x > 0)
			cell = vt_at(v, v->y, x - 1);
		if (cell->n + n < VT_CELL_MAX) {
			memcpy(cell->s + cell->n, u, (size_t)n);
			cell->n = (unsigned char)(cell->n + n);
		}
		return;
	}
	struct vt_cell cell = {{0}, (unsigned char)n, false};
	memcpy(cell.s, u, (size_t)n);
	vt_put_cell(v, &cell, w);
	v->last = cell;
	v->last_w = w;
}

static inline int vt_param(const struct vt *v, int i, int dflt)
{
	return i < v->np && v->p[i] > 0 ? v->p[i] : dflt;
}

static inline void vt_csi(struct vt *v, char f)
{
	int n = vt_param(v, 0, 1);
	if (v->priv == '?' || v->priv == '>' || v->priv == '=') {
		/* Private modes: the alternate screen starts clean; the rest
		 * (cursor keys, mouse reports, cursor visibility) change nothing
		 * that is shown. */
		if ((f == 'h' || f == 'l') && v->np > 0 && (v->p[0] == 1049 || v->p[0] == 47 ||
							       v->p[0] == 1047)) {
			memset(v->cells, 0, (size_t)v->rows * (size_t)v->cols * sizeof *v->cells);
			v->wrap_next = false;
		}
		return;
	}
	if (v->inter)
		return;
	switch (f) {
	case 'A':
		vt_goto(v, v->y - n, v->x);
		break;
	case 'B':
	case 'e':
		vt_goto(v, v->y + n, v->x);
		break;
	case 'C':
	case 'a':
		vt_goto(v, v->y, v->x + n);
		break;
	case 'D':
		vt_goto(v, v->y, v->x - n);
		break;
	case 'E':
		vt_goto(v, v->y + n, 0);
		break;
	case 'F':
		vt_goto(v, v->y - n, 0);
		break;
	case 'G':
	case '`':
		vt_goto(v, v->y, n - 1);
		break;
	case 'd':
		vt_goto(v, n - 1, v->x);
		break;
	case 'H':
	case 'f':
		vt_goto(v, vt_param(v, 0, 1) - 1, vt_param(v, 1, 1) - 1);
		break;
	case 'J': {
		int m = v->np ? v->p[0] : 0;
		if (m == 0) {
			vt_clear_cells(v, v->y, v->x, v->cols);
			for (int y = v->y + 1; y < v->rows; y++)
				vt_clear_cells(v, y, 0, v->cols);
		} else if (m == 1) {
			for (int y = 0; y < v->y; y++)
				vt_clear_cells(v, y, 0, v->cols);
			vt_clear_cells(v, v->y, 0, v->x + 1);
		} else {
			for (int y = 0; y < v->rows; y++)
				vt_clear_cells(v, y, 0, v->cols);
		}
		break;
	}
	case 'K': {
		int m = v->np ? v->p[0] : 0;
		if (m == 0)
			vt_clear_cells(v, v->y, v->x, v->cols);
		else if (m == 1)
			vt_clear_cells(v, v->y, 0, v->x + 1);
		else
			vt_clear_cells(v, v->y, 0, v->cols);
		break;
	}
	case 'X':
		vt_clear_cells(v, v->y, v->x, v->x + n > v->cols ? v->cols : v->x + n);
		break;
	case '@': {
		if (n > v->cols - v->x)
			n = v->cols - v->x;
		memmove(vt_at(v, v->y, v->x + n), vt_at(v, v->y, v->x),
			(size_t)(v->cols - v->x - n) * sizeof *v->cells);
		vt_clear_cells(v, v->y, v->x, v->x + n);
		break;
	}
	case 'P': {
		if (n > v->cols - v->x)
			n = v->cols - v->x;
		memmove(vt_at(v, v->y, v->x), vt_at(v, v->y, v->x + n),
			(size_t)(v->cols - v->x - n) * sizeof *v->cells);
		vt_clear_cells(v, v->y, v->cols - n, v->cols);
		break;
	}
	case 'L':
		if (v->y >= v->top && v->y <= v->bot)
			vt_scroll_down(v, v->y, v->bot, n);
		break;
	case 'M':
		if (v->y >= v->top && v->y <= v->bot)
			vt_scroll_up(v, v->y, v->bot, n);
		break;
	case 'S':
		vt_scroll_up(v, v->top, v->bot, n);
		break;
	case 'T':
		vt_scroll_down(v, v->top, v->bot, n);
		break;
	case 'b':
		for (int i = 0; i < n && v->last_w > 0 && i < v->rows * v->cols; i++)
			vt_put_cell(v, &v->last, v->last_w);
		break;
	case 'r': {
		int t = vt_param(v, 0, 1) - 1, b = vt_param(v, 1, v->rows) - 1;
		if (t < b && b < v->rows) {
			v->top = t;
			v->bot = b;
		}
		vt_goto(v, 0, 0);
		break;
	}
	case 'h':
	case 'l':
		for (int i = 0; i < v->np; i++)
			if (v->p[i] == 4)
				v->insert = f == 'h';
		break;
	case 's':
		v->saved_y = v->y;
		v->saved_x = v->x;
		break;
	case 'u':
		vt_goto(v, v->saved_y, v->saved_x);
		break;
	default: /* SGR (m), reports, window operations: nothing on the grid */
		break;
	}
}

static inline void vt_control(struct vt *v, unsigned char c)
{
	switch (c) {
	case '\r':
		v->x = 0;
		v->wrap_next = false;
		break;
	case '\n':
	case '\v':
	case '\f':
		v->wrap_next = false;
		vt_linefeed(v);
		break;
	case '\b':
		if (v->x > 0)
			v->x--;
		v->wrap_next = false;
		break;
	case '\t':
		vt_goto(v, v->y, (v->x / 8 + 1) * 8);
		break;
	default: /* BEL, SO/SI and the rest change nothing shown */
		break;
	}
}

static inline void vt_esc(struct vt *v, unsigned char c)
{
	v->st = VT_GROUND;
	switch (c) {
	case '[':
		v->st = VT_CSI;
		v->np = 0;
		v->have_digit = false;
		v->priv = v->inter = 0;
		memset(v->p, 0, sizeof v->p);
		break;
	case ']':
	case 'P':
	case 'X':
	case '^':
	case '_':
		v->st = VT_STR;
		break;
	case '(':
	case ')':
	case '*':
	case '+':
	case '#':
	case '%':
		v->st = VT_ESC_SKIP; /* one more byte: the charset or the test */
		break;
	case '7':
		v->saved_y = v->y;
		v->saved_x = v->x;
		break;
	case '8':
		vt_goto(v, v->saved_y, v->saved_x);
		break;
	case 'D':
		vt_linefeed(v);
		break;
	case 'E':
		v->x = 0;
		vt_linefeed(v);
		break;
	case 'M':
		if (v->y == v->top)
			vt_scroll_down(v, v->top, v->bot, 1);
		else if (v->y > 0)
			v->y--;
		break;
	case 'c':
		vt_reset(v);
		break;
	default: /* keypad modes and the like */
		break;
	}
}

static inline void vt_byte(struct vt *v, unsigned char c)
{
	switch (v->st) {
	case VT_ESC:
		vt_esc(v, c);
		return;
	case VT_ESC_SKIP:
		v->st = VT_GROUND;
		return;
	case VT_STR:
		/* OSC, DCS and friends end with BEL or ST (ESC \). */
		if (c == 0x07)
			v->st = VT_GROUND;
		else if (c == 0x1b)
			v->st = VT_STR_ESC;
		return;
	case VT_STR_ESC:
		v->st = c == '\\' ? VT_GROUND : VT_STR;
		return;
	case VT_CSI:
		if (c >= '0' && c <= '9') {
			if (v->np == 0)
				v->np = 1;
			if (v->p[v->np - 1] < 100000)
				v->p[v->np - 1] = v->p[v->np - 1] * 10 + (c - '0');
		} else if (c == ';' || c == ':') {
			if (v->np == 0)
				v->np = 1;
			if (v->np < VT_MAXP)
				v->np++;
		} else if (c >= 0x3c && c <= 0x3f) {
			v->priv = (char)c;
		} else if (c >= 0x20 && c <= 0x2f) {
			v->inter = (char)c;
		} else if (c >= 0x40 && c <= 0x7e) {
			v->st = VT_GROUND;
			vt_csi(v, (char)c);
		} else if (c == 0x1b) {
			v->st = VT_ESC;
		} else if (c < 0x20) {
			vt_control(v, c); /* controls inside a CSI still act */
		} else {
			v->st = VT_GROUND;
		}
		return;
	case VT_GROUND:
		break;
	}
	/* UTF-8, kept across calls: a character split over two reads is whole. */
	if (v->need > 0) {
		if ((c & 0xc0) == 0x80) {
			v->cp = (v->cp << 6) | (c & 0x3f);
			if (--v->need == 0)
				vt_print(v, v->cp);
			return;
		}
		v->need = 0;
		vt_print(v, 0xfffd);
	}
	if (c == 0x1b) {
		v->st = VT_ESC;
	} else if (c < 0x20 || c == 0x7f) {
		vt_control(v, c);
	} else if (c < 0x80) {
		vt_print(v, c);
	} else if ((c & 0xe0) == 0xc0) {
		v->cp = c & 0x1f;
		v->need = 1;
	} else if ((c & 0xf0) == 0xe0) {
		v->cp = c & 0x0f;
		v->need = 2;
	} else if ((c & 0xf8) == 0xf0) {
		v->cp = c & 0x07;
		v->need = 3;
	} else {
		vt_print(v, 0xfffd);
	}
}

static inline void vt_feed(struct vt *v, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vt_byte(v, (unsigned char)buf[i]);
	v->bytes += n;
	if (n)
		v->gen++;
}

/* One row as UTF-8, trailing blanks dropped. out must hold cols*VT_CELL_MAX+1. */
static inline void vt_row(const struct vt *v, int y, char *out)
{
	size_t o = 0, keep = 0;
	for (int x = 0; x < v->cols; x++) {
		const struct vt_cell *c = &v->cells[(size_t)y * (size_t)v->cols + (size_t)x];
		if (c->tail)
			continue;
		if (c->n == 0) {
			out[o++] = ' ';
		} else {
			memcpy(out + o, c->s, c->n);
			o += c->n;
			keep = o;
		}
	}
	out[keep] = '\0';
}

/* The whole screen, rows joined with '\n'. Caller frees. */
static inline char *vt_dump(const struct vt *v)
{
	size_t rowmax = (size_t)v->cols * VT_CELL_MAX + 1;
	char *out = malloc((size_t)v->rows * rowmax + 1), *row = malloc(rowmax);
	if (!out || !row)
		abort();
	size_t o = 0;
	for (int y = 0; y < v->rows; y++) {
		vt_row(v, y, row);
		size_t n = strlen(row);
		memcpy(out + o, row, n);
		o += n;
		out[o++] = '\n';
	}
	out[o] = '\0';
	free(row);
	return out;
}

static inline bool vt_has(const struct vt *v, const char *needle)
{
	char *d = vt_dump(v);
	bool found = strstr(d, needle) != NULL;
	free(d);
	return found;
}

/* True when row y starts with prefix. */
static inline bool vt_row_starts(const struct vt *v, int y, const char *prefix)
{
	if (y < 0 || y >= v->rows)
		return false;
	char *row = malloc((size_t)v->cols * VT_CELL_MAX + 1);
	if (!row)
		abort();
	vt_row(v, y, row);
	bool yes = strncmp(row, prefix, strlen(prefix)) == 0;
	free(row);
	return yes;
}

/* --- the program in the pseudo-terminal ----------------------------------- */

struct pty_proc {
	pid_t pid;
	int fd; /* the master side */
	bool eof;
	struct vt vt;
	/* Called after every chunk of output reaches the model. */
	void (*on_output)(struct pty_proc *p, void *ctx);
	void *ctx;
	FILE *log; /* the raw output, when NTMKIOSK_PTY_LOG names a file */
};

static inline int64_t pty_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static inline void pty_sleep_us(int64_t us)
{
	if (us <= 0)
		return;
	struct timespec ts = {(time_t)(us / 1000000), (long)(us % 1000000) * 1000};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Starts argv[0] (a path) in a new pseudo-terminal of rows x cols with
 * TERM=xterm-256color; the rest of the environment is inherited (so
 * NTMKIOSK_DATADIR and NTMKIOSK_LOCALEDIR pass through). */
static inline int pty_spawn(struct pty_proc *p, char *const argv[], int rows, int cols)
{
	memset(p, 0, sizeof *p);
	struct winsize ws = {(unsigned short)rows, (unsigned short)cols, 0, 0};
	int fd;
	pid_t pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		/* The size again, as TIOCSWINSZ on our own terminal: forkpty set it
		 * already; this keeps the intent explicit. */
		ioctl(STDIN_FILENO, TIOCSWINSZ, &ws);
		execv(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	p->pid = pid;
	p->fd = fd;
	vt_init(&p->vt, rows, cols);
	const char *log = getenv("NTMKIOSK_PTY_LOG");
	if (log && *log)
		p->log = fopen(log, "ab");
	return 0;
}

/* Reads what the program wrote within timeout_us (0: only what is there).
 * Returns the bytes read, 0 on a timeout, -1 once the terminal is closed. */
static inline int pty_pump(struct pty_proc *p, int64_t timeout_us)
{
	if (p->eof)
		return -1;
	struct pollfd pfd = {p->fd, POLLIN, 0};
	int to = (int)((timeout_us + 999) / 1000);
	int r = poll(&pfd, 1, to);
	if (r < 0)
		return errno == EINTR ? 0 : -1;
	if (r == 0)
		return 0;
	char buf[65536];
	int total = 0;
	for (;;) {
		ssize_t n = read(p->fd, buf, sizeof buf);
		if (n > 0) {
			if (p->log)
				fwrite(buf, 1, (size_t)n, p->log);
			vt_feed(&p->vt, buf, (size_t)n);
			total += (int)n;
			if (p->on_output)
				p->on_output(p, p->ctx);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return total;
		/* EIO (or 0): every slave descriptor is closed. */
		p->eof = true;
		return total > 0 ? total : -1;
	}
}

/* Pumps until pred is true; false after timeout_us or when the terminal
 * closes first. */
static inline bool pty_wait(struct pty_proc *p, bool (*pred)(struct pty_proc *, void *),
			    void *ctx, int64_t timeout_us)
{
	int64_t end = pty_now_us() + timeout_us;
	for (;;) {
		if (pred(p, ctx))
			return true;
		int64_t left = end - pty_now_us();
		if (left <= 0 || p->eof)
			return pred(p, ctx);
		if (pty_pump(p, left < 20000 ? left : 20000) < 0 && p->eof)
			return pred(p, ctx);
	}
}

/* Keeps reading (so the program never blocks on a full terminal) for us. */
static inline void pty_idle(struct pty_proc *p, int64_t us)
{
	int64_t end = pty_now_us() + us;
	for (int64_t left = us; left > 0 && !p->eof; left = end - pty_now_us())
		pty_pump(p, left);
}

static inline bool pty_send(struct pty_proc *p, const char *keys)
{
	size_t n = strlen(keys), off = 0;
	while (off < n) {
		ssize_t w = write(p->fd, keys + off, n - off);
		if (w > 0) {
			off += (size_t)w;
		} else if (w < 0 && (errno == EINTR || errno == EAGAIN)) {
			pty_pump(p, 1000);
		} else {
			return false;
		}
	}
	return true;
}

/* Sends sig (none when 0), then reads everything the program wrote before it
 * ended (the model sees it, as a screen would), reaps it and closes the
 * terminal. Returns the wait status, or -1 when the program would not end
 * within 5 s (it is then killed). */
static inline int pty_finish(struct pty_proc *p, int sig)
{
	if (sig)
		kill(p->pid, sig);
	int status = -1;
	int64_t end = pty_now_us() + 5000000;
	bool reaped = false, gone = false;
	while (!reaped && !gone && pty_now_us() < end) {
		pty_pump(p, p->eof ? 0 : 10000);
		pid_t r = waitpid(p->pid, &status, WNOHANG);
		if (r == p->pid)
			reaped = true;
		else if (r < 0 && errno != EINTR)
			gone = true; /* not ours to wait for any more */
		else if (p->eof)
			pty_sleep_us(1000);
	}
	if (!reaped) {
		if (!gone) {
			kill(p->pid, SIGKILL);
			waitpid(p->pid, NULL, 0);
		}
		status = -1;
	}
	/* What was written before the end is still in the terminal's buffer. */
	while (!p->eof && pty_pump(p, 0) > 0)
		;
	close(p->fd);
	p->fd = -1;
	return status;
}

static inline void pty_free(struct pty_proc *p)
{
	if (p->log)
		fclose(p->log);
	p->log = NULL;
	vt_free(&p->vt);
}

#endif
