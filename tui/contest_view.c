/*
 * contest_view: following a contest in the database, and the audience
 * screen. Everything drawn comes from the engine's state and the banks'
 * texts; nothing here changes the contest.
 */
#include "tui/contest_view.h"

#include "core/i18n.h"
#include "core/text.h"
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

void cwatch_open(struct cwatch *w, const char *db_path)
{
	w->fd = -1;
	w->name[0] = '\0';
	if (!db_path || !*db_path || strcmp(db_path, ":memory:") == 0)
		return;
	const char *slash = strrchr(db_path, '/');
	char *dir = slash ? xstrndup(db_path, (size_t)(slash - db_path)) : xstrdup(".");
	if (!*dir) {
		free(dir);
		dir = xstrdup("/");
	}
	snprintf(w->name, sizeof w->name, "%s", slash ? slash + 1 : db_path);
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd >= 0 && inotify_add_watch(w->fd, dir, IN_MODIFY | IN_CLOSE_WRITE) < 0) {
		close(w->fd);
		w->fd = -1;
	}
	free(dir);
}

bool cwatch_drain(struct cwatch *w)
{
	if (w->fd < 0)
		return false;
	bool hit = false;
	size_t nl = strlen(w->name);
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	for (;;) {
		ssize_t n = read(w->fd, buf, sizeof buf);
		if (n <= 0)
			break;
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *e = (const struct inotify_event *)p;
			/* The store's ping after a commit, or the database itself (a write to the
			 * -wal comes before its commit is visible: not worth a look). */
			if (e->len && strncmp(e->name, w->name, nl) == 0 &&
			    (e->name[nl] == '\0' || strcmp(e->name + nl, CSTORE_PING) == 0))
				hit = true;
			p += sizeof *e + e->len;
		}
	}
	return hit;
}

void cwatch_close(struct cwatch *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
}

void cview_init(struct cview *v, const char *uuid)
{
	memset(v, 0, sizeof *v);
	v->version = -1;
	if (uuid && *uuid) {
		snprintf(v->uuid, sizeof v->uuid, "%s", uuid);
		v->have = v->fixed = true;
	}
}

static void drop_contest(struct cview *v)
{
	contest_free(&v->c);
	cstore_info_clear(&v->info);
	cstore_teams_free(&v->teams, v->nteams);
	v->nteams = 0;
	if (v->q)
		questions_free(&v->q, 1);
	v->version = -1;
}

void cview_free(struct cview *v)
{
	drop_contest(v);
	free(v->err);
	v->err = NULL;
}

static bool set_err(struct cview *v, char *err)
{
	bool changed = !v->err || !err || strcmp(v->err, err) != 0;
	free(v->err);
	v->err = err;
	return changed;
}

static bool load_question(struct ui *ui, struct cview *v)
{
	if (!v->c || contest_state(v->c) == CONTEST_SETUP)
		return false;
	size_t r, i;
	contest_position(v->c, &r, &i);
	struct contest_qinfo qi;
	if (contest_question_info(v->c, r, i, &qi) != NK_OK)
		return false;
	const char *lang = i18n_current();
	if (v->q && strcmp(v->q->id, qi.id) == 0 && strcmp(v->qlang, lang) == 0)
		return false;
	if (v->q)
		questions_free(&v->q, 1);
	char *err = NULL;
	if (questions_get(ui->db, qi.id, lang, &v->q, &err) != NK_OK) {
		set_err(v, err);
		return true;
	}
	snprintf(v->qlang, sizeof v->qlang, "%s", lang);
	return true;
}

bool cview_refresh(struct ui *ui, struct cview *v, bool force)
{
	if (!ui->db)
		return false;
	char *err = NULL;
	/* A screen started without a contest follows the one under way (else the newest), and
	 * stays on it: a contest made in the same database meanwhile takes it over only once
	 * its own has finished and the new one has started (the podium stays until then). */
	if (!v->fixed && !(v->have && v->c && contest_state(v->c) != CONTEST_FINISHED)) {
		bool finished = v->have && v->c;
		int64_t now = clock_now_ms(ui->clk);
		char pick[37];
		bool under_way = false;
		if (!finished) {
			char latest[37];
			if (cstore_latest(ui->db, latest, &err) != NK_OK) {
				free(err);
				return set_err(v, xstrdup(_("Waiting for the host to create the "
							    "contest…")));
			}
		}
		if (!finished || now - v->pick_ms >= 2000 || now < v->pick_ms) {
			v->pick_ms = now;
			if (cstore_pick(ui->db, ui->clk, pick, &under_way, &err) != NK_OK)
				return set_err(v, err);
			if ((!finished || under_way) && (!v->have || strcmp(pick, v->uuid) != 0)) {
				drop_contest(v);
				memcpy(v->uuid, pick, sizeof v->uuid);
				v->have = true;
				force = true;
			}
		}
	}
	int64_t ver;
	if (cstore_version(ui->db, v->uuid, &ver, &err) != NK_OK)
		return set_err(v, err);
	bool changed = false;
	if (force || ver != v->version || !v->c) {
		struct contest *c = NULL;
		int64_t loaded;
		if (cstore_load(ui->db, ui->clk, v->uuid, &c, &loaded, &err) != NK_OK)
			return set_err(v, err);
		contest_free(&v->c);
		v->c = c;
		v->version = loaded;
		cstore_info_clear(&v->info);
		cstore_teams_free(&v->teams, v->nteams);
		v->nteams = 0;
		if (cstore_info(ui->db, v->uuid, &v->info, &err) != NK_OK ||
		    cstore_teams(ui->db, v->uuid, &v->teams, &v->nteams, &err) != NK_OK)
			return set_err(v, err);
		changed = true;
	}
	if (v->err) {
		set_err(v, NULL);
		changed = true;
	}
	return load_question(ui, v) || changed;
}

const struct cstore_team *cview_team(const struct cview *v, int no)
{
	for (size_t i = 0; i < v->nteams; i++)
		if (v->teams[i].team_no == no)
			return &v->teams[i];
	return NULL;
}

const char *cview_option(const struct cview *v, int k)
{
	if (!v->q || !v->c)
		return "";
	size_t r, i;
	contest_position(v->c, &r, &i);
	int b = contest_option_at(v->c, r, i, k);
	if (b < 0 || b >= v->q->nopts)
		return "";
	if (v->q->truefalse)
		return b == 0 ? _("True") : _("False");
	return v->q->opts[b];
}

const char *cview_mode_name(enum contest_mode m)
{
	switch (m) {
	case CONTEST_SPEED: return _("Speed");
	case CONTEST_ELIMINATION: return _("Elimination");
	default: return _("Accuracy");
	}
}

void cview_seconds(int64_t ms, char out[24])
{
	if (ms < 0)
		ms = 0;
	snprintf(out, 24, "%lld.%lld s", (long long)(ms / 1000), (long long)(ms % 1000 / 100));
}

char *cview_position_text(const struct cview *v)
{
	size_t r, i;
	contest_position(v->c, &r, &i);
	struct contest_round_config cfg;
	struct contest_qinfo qi;
	if (contest_round_info(v->c, r, &cfg) != NK_OK ||
	    contest_question_info(v->c, r, i, &qi) != NK_OK)
		return xstrdup("");
	const char *kind = qi.tiebreak ? _("Tie-break")
			   : qi.rescue ? _("Rescue question")
				       : cview_mode_name(cfg.mode);
	return xasprintf(_("Round %zu · Question %zu of %zu · %s"), r + 1, i + 1,
			 contest_round_questions(v->c, r), kind);
}

/* --- drawing ------------------------------------------------------------ */

/* Wrapped text, each line centred in [x, x+w); returns the lines used. */
static int center_wrap(struct grid *g, int y, int x, int w, int maxlines, const char *s,
		       enum role role, bool bold)
{
	if (w < 1 || maxlines < 1)
		return 0;
	struct text_line *lines = NULL;
	size_t n = text_wrap(s, strlen(s), w, &lines);
	int used = 0;
	for (size_t i = 0; i < n && used < maxlines; i++, used++) {
		char *part = xstrndup(s + lines[i].off, lines[i].len);
		int lw = lines[i].width < w ? lines[i].width : w;
		grid_put(g, y + used, x + (w - lw) / 2, part, w, role, bold);
		free(part);
	}
	free(lines);
	return used;
}

/* Digits three cells wide and five high, for the countdown on a large screen. */
static const char *const big_digits[10][5] = {
	{"███", "█ █", "█ █", "█ █", "███"}, {" █ ", "██ ", " █ ", " █ ", "███"},
	{"███", "  █", "███", "█  ", "███"}, {"███", "  █", "███", "  █", "███"},
	{"█ █", "█ █", "███", "  █", "  █"}, {"███", "█  ", "███", "  █", "███"},
	{"███", "█  ", "███", "█ █", "███"}, {"███", "  █", "  █", "  █", "  █"},
	{"███", "█ █", "███", "█ █", "███"}, {"███", "█ █", "███", "  █", "███"},
};

static void draw_big_number(struct grid *g, int y, long long n)
{
	char digits[24];
	int len = snprintf(digits, sizeof digits, "%lld", n < 0 ? 0 : n);
	int w = len * 4 - 1;
	int x = (g->w - w) / 2;
	for (int row = 0; row < 5; row++)
		for (int k = 0; k < len; k++)
			grid_put(g, y + row, x + k * 4, big_digits[digits[k] - '0'][row], 3,
				 ROLE_HEADING, true);
}

void cview_draw_countdown(struct cview *v, struct grid *g, int y, int x, int w)
{
	int64_t reading = contest_reading_ms(v->c);
	if (reading > 0) {
		char *label = xasprintf(_("Read the question: answers open in %lld s"),
					(long long)((reading + 999) / 1000));
		grid_center(g, y, label, ROLE_HEADING, true);
		free(label);
		return;
	}
	int64_t left = contest_remaining_ms(v->c);
	size_t r, i;
	contest_position(v->c, &r, &i);
	struct contest_round_config cfg;
	char label[48];
	if (left < 0 || contest_round_info(v->c, r, &cfg) != NK_OK || cfg.time_ms <= 0) {
		snprintf(label, sizeof label, "%s", contest_paused(v->c) ? _("Paused") : "");
		grid_center(g, y, label, ROLE_WARN, true);
		return;
	}
	long long secs = (long long)((left + 999) / 1000);
	if (contest_paused(v->c))
		snprintf(label, sizeof label, "%s %lld s", _("Paused"), secs);
	else
		snprintf(label, sizeof label, "%lld s", secs);
	int lw = grid_text_width(label) + 1;
	int bw = w - lw;
	if (bw < 4) {
		grid_put(g, y, x, label, w, ROLE_TEXT, true);
		return;
	}
	int full = (int)((left * bw + cfg.time_ms - 1) / cfg.time_ms);
	for (int k = 0; k < bw; k++)
		grid_put(g, y, x + k, k < full ? "█" : "░", 1,
			 left * 5 <= cfg.time_ms ? ROLE_WARN : ROLE_HEADING, false);
	grid_put(g, y, x + bw + 1, label, lw, contest_paused(v->c) ? ROLE_WARN : ROLE_TEXT, true);
}

static void count_answers(const struct cview *v, int *answered, int *eligible)
{
	*answered = *eligible = 0;
	size_t r, i;
	contest_position(v->c, &r, &i);
	int members_each = contest_answering(v->c) == CONTEST_MEMBER_SUM;
	for (int t = 1; t <= contest_nteams(v->c); t++) {
		int nm = members_each ? contest_team_members(v->c, t) : 1;
		for (int m = 0; m < nm; m++) {
			if (!contest_eligible(v->c, t, m))
				continue;
			(*eligible)++;
			struct contest_entry e;
			if (contest_entry_get(v->c, r, i, t, m, &e) == NK_OK)
				(*answered)++;
		}
	}
}

/* The question and its options; after the reveal (or for the host) the right ones are
 * marked, and after the reveal each option shows how many chose it. Returns the row after. */
static int draw_question(struct ui *ui, struct cview *v, struct grid *g, int y, int end,
			 bool mark)
{
	(void)ui;
	size_t r, i;
	contest_position(v->c, &r, &i);
	struct contest_qinfo qi;
	contest_question_info(v->c, r, i, &qi);
	bool revealed = qi.revealed;
	struct contest_stats st = {0};
	if (revealed)
		contest_question_stats(v->c, r, i, &st);
	int tw = g->w - 8 > 100 ? 100 : g->w - 8;
	int qlines = end - y - qi.nopts - 2;
	if (qlines > 5)
		qlines = 5;
	y += center_wrap(g, y, (g->w - tw) / 2, tw, qlines, v->q ? v->q->text : qi.id,
			 ROLE_HEADING, true);
	y++;
	/* Boxes three rows high when there is room, one otherwise. */
	int bh = end - y >= qi.nopts * 4 ? 3 : 1;
	int gap = end - y >= qi.nopts * (bh + 1) ? 1 : 0;
	int bw = g->w - 8 > 110 ? 110 : g->w - 8;
	int bx = (g->w - bw) / 2;
	int dist = revealed ? 14 : 0; /* room for the distribution */
	unsigned most = 1;
	for (int k = 0; k < qi.nopts; k++)
		if (st.counts[k] > most)
			most = st.counts[k];
	for (int k = 0; k < qi.nopts && y + bh <= end; k++) {
		bool right = (qi.correct >> k) & 1u;
		enum role role = (mark || revealed) && right ? ROLE_SELECTED : ROLE_ITEM;
		if (revealed && !right)
			role = ROLE_DIM;
		grid_fill(g, y, bx, bw, bh, role == ROLE_DIM ? ROLE_TEXT : role);
		int ty = y + bh / 2;
		char key[8];
		snprintf(key, sizeof key, " %c ", 'A' + k);
		int x = bx + 1;
		x += grid_put(g, ty, x, key, 3, role, true) + 1;
		int room = bw - (x - bx) - dist - 3;
		x += grid_put(g, ty, x, cview_option(v, k), room, role, true);
		if ((mark || revealed) && right)
			grid_put(g, ty, bx + bw - dist - 2, "✓", 1, role, true);
		if (revealed) {
			int bar = (int)(st.counts[k] * 8 / most);
			int dx = bx + bw - dist;
			for (int b = 0; b < bar; b++)
				grid_put(g, ty, dx + b, "■", 1, role, false);
			char num[16];
			snprintf(num, sizeof num, "%u", st.counts[k]);
			grid_put(g, ty, dx + 9, num, 4, role, true);
		}
		y += bh + gap;
	}
	return y;
}

/* The newest step of the contest in the log (answers and settings left out). */
static const struct contest_log *last_step(const struct contest *c)
{
	for (size_t i = contest_log_count(c); i-- > 0;) {
		const struct contest_log *l = contest_log_at(c, i);
		switch (l->op) {
		case CONTEST_OP_ANSWER: case CONTEST_OP_REPLACE: case CONTEST_OP_RETRACT:
		case CONTEST_OP_CORRECT: case CONTEST_OP_UNDO: case CONTEST_OP_REDO:
		case CONTEST_OP_INPUT: case CONTEST_OP_HOST: case CONTEST_OP_PAUSE:
		case CONTEST_OP_RESUME:
			continue;
		default: return l;
		}
	}
	return NULL;
}

/* What the audience should be told about a question that was not played to the end. */
static void draw_notice(struct cview *v, struct grid *g, int y)
{
	const struct contest_log *l = last_step(v->c);
	if (!l || (l->op != CONTEST_OP_SKIP && l->op != CONTEST_OP_END_ROUND))
		return;
	char *line = l->op == CONTEST_OP_SKIP
			     ? xasprintf(_("Question %d was skipped: it counts for no one."),
					 l->question + 1)
			     : xasprintf(_("Round %d was ended early: its other questions count for "
					   "no one."),
					 l->round + 1);
	grid_center(g, y, line, ROLE_WARN, true);
	free(line);
}

/* "Still in: 1, 3, 4" during an elimination round; NULL otherwise. */
static char *still_in(const struct cview *v)
{
	size_t r, i;
	contest_position(v->c, &r, &i);
	struct contest_round_config cfg;
	if (contest_round_info(v->c, r, &cfg) != NK_OK || cfg.mode != CONTEST_ELIMINATION ||
	    contest_answering(v->c) != CONTEST_TEAM_ANSWER)
		return NULL;
	char list[CONTEST_MAX_TEAMS * 5] = "";
	size_t len = 0;
	for (int t = 1; t <= contest_nteams(v->c); t++)
		if (!contest_eliminated(v->c, t, 0))
			len += (size_t)snprintf(list + len, sizeof list - len, "%s%d", len ? ", " : "",
						t);
	return xasprintf(_("Still in: %s"), len ? list : "–");
}

static void draw_still_in(struct cview *v, struct grid *g, int y)
{
	char *s = still_in(v);
	if (s)
		grid_center(g, y, s, ROLE_TEXT, true);
	free(s);
}

/* Points team gained on the current question. */
static long long gained(const struct contest *c, int team)
{
	size_t r, i;
	contest_position(c, &r, &i);
	int nm = contest_answering(c) == CONTEST_MEMBER_SUM ? contest_team_members(c, team) : 1;
	long long sum = 0;
	for (int m = 0; m < nm; m++) {
		struct contest_entry e;
		if (contest_entry_get(c, r, i, team, m, &e) == NK_OK)
			sum += e.points;
	}
	return sum;
}

static void draw_standings(struct cview *v, struct grid *g, int y, int end, const char *title)
{
	grid_center(g, y, title, ROLE_HEADING, true);
	y += 2;
	int n = contest_nteams(v->c);
	struct contest_standing *st = xcalloc((size_t)n + 1, sizeof *st);
	size_t k = contest_standings(v->c, st);
	long long top = k && st[0].score > 0 ? st[0].score : 1;
	int w = g->w - 8 > 100 ? 100 : g->w - 8;
	int x = (g->w - w) / 2;
	int namew = w / 2 - 6;
	int gap = end - y >= (int)k * 2 ? 1 : 0;
	bool elim = false;
	size_t r, i;
	contest_position(v->c, &r, &i);
	struct contest_round_config cfg;
	if (contest_round_info(v->c, r, &cfg) == NK_OK)
		elim = cfg.mode == CONTEST_ELIMINATION && contest_state(v->c) != CONTEST_FINISHED;
	for (size_t j = 0; j < k && y < end; j++) {
		const struct cstore_team *t = cview_team(v, st[j].team);
		char rank[16], score[32];
		snprintf(rank, sizeof rank, "%d.", st[j].rank);
		snprintf(score, sizeof score, "%lld", st[j].score);
		enum role role = st[j].rank == 1 ? ROLE_SELECTED : ROLE_ITEM;
		grid_fill(g, y, x, w, 1, role);
		grid_put(g, y, x + 1, rank, 4, role, true);
		int nx = x + 6;
		nx += grid_put(g, y, nx, contest_team_name(v->c, st[j].team), namew, role, true);
		if (t && t->village && nx + 3 < x + namew + 6)
			grid_put(g, y, nx + 2, t->village, x + namew + 6 - nx - 2, role, false);
		if (elim && contest_eliminated(v->c, st[j].team, 0))
			grid_put(g, y, x + namew + 7, _("out"), 8, role, false);
		/* On the leaderboard, the points of this question stand before the score. */
		int barx = x + namew + 16,
		    barw = w - namew - 16 - (contest_state(v->c) == CONTEST_LEADERBOARD ? 16 : 8);
		int bar = barw > 0 ? (int)(st[j].score * barw / top) : 0;
		for (int b = 0; b < bar; b++)
			grid_put(g, y, barx + b, "█", 1, role, false);
		grid_put(g, y, x + w - 1 - grid_text_width(score), score, 8, role, true);
		if (contest_state(v->c) == CONTEST_LEADERBOARD) {
			char gain[32];
			snprintf(gain, sizeof gain, "+%lld", gained(v->c, st[j].team));
			grid_put(g, y, x + w - 9 - grid_text_width(gain), gain, 8, role, false);
		}
		y += 1 + gap;
	}
	free(st);
}

static void draw_podium(struct cview *v, struct grid *g, int y, int end)
{
	grid_center(g, y, _("Winners"), ROLE_HEADING, true);
	y += 2;
	int n = contest_nteams(v->c);
	struct contest_standing *st = xcalloc((size_t)n + 1, sizeof *st);
	size_t k = contest_podium(v->c, st);
	/* Columns (second, first, third) when there is room; a list otherwise. */
	if (g->w >= 60 && end - y >= 12 && k == 3 && st[2].rank == 3 && st[1].rank == 2) {
		static const int order[3] = {1, 0, 2};
		int cw = (g->w - 8) / 3 > 40 ? 40 : (g->w - 8) / 3;
		int x0 = (g->w - cw * 3 - 4) / 2;
		int floor_y = end - 1;
		for (int c = 0; c < 3; c++) {
			const struct contest_standing *s = &st[order[c]];
			int hgt = (end - y - 4) * (3 - order[c]) / 3;
			int x = x0 + c * (cw + 2);
			grid_fill(g, floor_y - hgt + 1, x, cw, hgt, order[c] == 0 ? ROLE_SELECTED : ROLE_ITEM);
			char place[16], score[32];
			snprintf(place, sizeof place, "%d", s->rank);
			snprintf(score, sizeof score, "%lld", s->score);
			enum role pr = order[c] == 0 ? ROLE_SELECTED : ROLE_ITEM;
			int ty = floor_y - hgt - 2;
			const char *name = contest_team_name(v->c, s->team);
			int nw = grid_text_width(name) < cw ? grid_text_width(name) : cw;
			grid_put(g, ty, x + (cw - nw) / 2, name, cw, ROLE_HEADING, true);
			grid_put(g, ty + 1, x + (cw - grid_text_width(score)) / 2, score, cw, ROLE_TEXT,
				 true);
			grid_put(g, floor_y - hgt + 1, x + cw / 2, place, 3, pr, true);
		}
	} else {
		for (size_t j = 0; j < k && y < end; j++) {
			char *line = xasprintf("%d. %s — %lld", st[j].rank,
					       contest_team_name(v->c, st[j].team), st[j].score);
			grid_center(g, y, line, j == 0 ? ROLE_SELECTED : ROLE_TEXT, true);
			free(line);
			y += end - y > (int)(k - j) * 2 ? 2 : 1;
		}
	}
	free(st);
}

static void draw_setup(struct cview *v, struct grid *g, int y, int end)
{
	y += center_wrap(g, y, 2, g->w - 4, 2, v->info.name ? v->info.name : "", ROLE_HEADING,
			 true);
	char *where = xasprintf("%s%s%s", v->info.held_on ? v->info.held_on : "",
				v->info.place ? " · " : "", v->info.place ? v->info.place : "");
	grid_center(g, y++, where, ROLE_DIM, false);
	free(where);
	y++;
	if (v->nteams)
		grid_center(g, y++, _("Teams"), ROLE_TEXT, true);
	for (size_t t = 0; t < v->nteams && y < end - 1; t++) {
		char *line = xasprintf("%d. %s%s%s", v->teams[t].team_no, v->teams[t].name,
				       v->teams[t].village ? " — " : "",
				       v->teams[t].village ? v->teams[t].village : "");
		grid_center(g, y++, line, ROLE_TEXT, false);
		free(line);
	}
	if (y < end)
		grid_center(g, end - 1, _("The contest will begin soon."), ROLE_DIM, false);
}

void cview_draw_audience(struct ui *ui, struct cview *v, struct grid *g, int top, int rows,
			 bool host_view)
{
	int end = top + rows;
	if (!v->c) {
		grid_center(g, top + rows / 2, v->err ? v->err : "", ROLE_DIM, false);
		return;
	}
	enum contest_state s = contest_state(v->c);
	if (s == CONTEST_SETUP) {
		draw_setup(v, g, top + 1, end);
		return;
	}
	if (s == CONTEST_FINISHED) {
		draw_podium(v, g, top + 1, end);
		return;
	}
	if (s == CONTEST_LEADERBOARD || s == CONTEST_ROUND_END) {
		size_t r, i;
		contest_position(v->c, &r, &i);
		char *title = s == CONTEST_ROUND_END ? xasprintf(_("End of round %zu"), r + 1)
						      : xstrdup(_("Leaderboard"));
		draw_standings(v, g, top + 1, end - (s == CONTEST_ROUND_END), title);
		free(title);
		if (s == CONTEST_ROUND_END)
			draw_notice(v, g, end - 1);
		return;
	}
	char *pos = cview_position_text(v);
	grid_center(g, top, pos, ROLE_DIM, true);
	free(pos);
	if (s == CONTEST_READY) {
		grid_center(g, top + rows / 2 - 1, _("Get ready…"), ROLE_HEADING, true);
		draw_notice(v, g, top + rows / 2 + 1);
		draw_still_in(v, g, top + rows / 2 + 2);
		return;
	}
	bool big = rows >= 30;
	int foot = big ? 8 : 2; /* countdown (big digits), answered count */
	draw_question(ui, v, g, top + 2, end - foot, host_view);
	int answered, eligible;
	count_answers(v, &answered, &eligible);
	char *count = xasprintf(_("Answered: %d of %d"), answered, eligible);
	int w = g->w - 8 > 110 ? 110 : g->w - 8;
	if (s == CONTEST_SHOWING) {
		if (big && contest_remaining_ms(v->c) >= 0)
			draw_big_number(g, end - 8,
					((contest_reading_ms(v->c) > 0 ? contest_reading_ms(v->c)
									: contest_remaining_ms(v->c)) +
					 999) / 1000);
		cview_draw_countdown(v, g, end - 2, (g->w - w) / 2, w);
	} else if (s == CONTEST_LOCKED) {
		const struct contest_log *l = last_step(v->c);
		grid_center(g, end - 2,
			    l && strcmp(l->who, "timer") == 0 ? _("Time is up: answers are locked.")
							       : _("The host has locked the answers."),
			    ROLE_WARN, true);
	} else if (s == CONTEST_REVEALED) {
		struct contest_stats st;
		size_t r, i;
		contest_position(v->c, &r, &i);
		if (contest_question_stats(v->c, r, i, &st) == NK_OK) {
			free(count);
			count = xasprintf(_("Right: %d of %d"), st.right, st.eligible);
		}
	}
	char *still = still_in(v);
	if (still) {
		char *both = xasprintf("%s · %s", count, still);
		free(count);
		free(still);
		count = both;
	}
	grid_center(g, end - 1, count, ROLE_TEXT, false);
	free(count);
}
