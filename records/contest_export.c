/*
 * contest_export: the contest's tables are built in memory from the engine's
 * state and the registered teams (a contest is a few hundred answers at
 * most), then written by one writer per format. Text is cleaned with
 * text_sanitize on the way in; CSV cells a spreadsheet would take for a
 * formula get a leading apostrophe, as in records/export.c.
 */
#include "records/contest_export.h"

#include "core/i18n.h"
#include "core/text.h"
#include "core/safefile.h"
#include "core/util.h"
#include "quizzes/contest_store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "records/out.h"
#include "records/xlsx.h"

#include <xlsxwriter.h>

/* C_DATE is text YYYY-MM-DD in CSV and JSON, and a date cell in XLSX. */
enum ctype { C_TEXT, C_DATE, C_INT, C_SECONDS, C_BOOL };

struct ccol {
	const char *key;    /* JSON key */
	const char *header; /* msgid */
	enum ctype type;
	unsigned char width;
};

struct cval {
	char *text;  /* C_TEXT, C_DATE (NULL: empty) */
	long long n; /* C_INT, C_BOOL; C_SECONDS in ms */
};

struct table {
	const char *sheet; /* msgid */
	const char *json;  /* key of the array */
	const struct ccol *cols;
	size_t ncols;
	struct cval *cells; /* nrows × ncols */
	size_t nrows, cap;
};

static const struct ccol result_cols[] = {
	{"rank", N_("Rank"), C_INT, 6},
	{"prize", N_("Prize"), C_TEXT, 12},
	{"team_no", N_("Team no."), C_INT, 8},
	{"team", N_("Team"), C_TEXT, 26},
	{"village", N_("Village"), C_TEXT, 20},
	{"members", N_("Members"), C_TEXT, 40},
	{"score", N_("Score"), C_INT, 8},
	{"right_answers", N_("Right answers"), C_INT, 10},
	{"answers", N_("Answers given"), C_INT, 10},
	{"time_s", N_("Time of scoring answers (s)"), C_SECONDS, 12},
};

static const struct ccol member_cols[] = {
	{"contest", N_("Contest"), C_TEXT, 30},  {"date", N_("Date"), C_DATE, 12},
	{"place", N_("Place"), C_TEXT, 20},      {"team_no", N_("Team no."), C_INT, 8},
	{"team", N_("Team"), C_TEXT, 26},        {"village", N_("Village"), C_TEXT, 20},
	{"member", N_("Member"), C_TEXT, 26},    {"rank", N_("Rank"), C_INT, 6},
	{"prize", N_("Prize"), C_TEXT, 12},
};

static const struct ccol answer_cols[] = {
	{"round", N_("Round"), C_INT, 6},
	{"mode", N_("Scoring"), C_TEXT, 12},
	{"question_no", N_("Question"), C_INT, 8},
	{"question_id", N_("Question id"), C_TEXT, 18},
	{"kind", N_("Kind"), C_TEXT, 12},
	{"team_no", N_("Team no."), C_INT, 8},
	{"team", N_("Team"), C_TEXT, 26},
	{"member", N_("Member"), C_TEXT, 20},
	{"answer", N_("Answer"), C_TEXT, 8},
	{"right", N_("Right"), C_BOOL, 6},
	{"points", N_("Points"), C_INT, 8},
	{"time_s", N_("Time (s)"), C_SECONDS, 10},
	{"entered_by", N_("Entered by"), C_TEXT, 12},
};

static const char *const table_names[] = {"results", "members", "answers"};

int cexport_table_from_name(const char *name, enum cexport_table *out)
{
	for (size_t i = 0; name && i < NK_ARRAY_LEN(table_names); i++)
		if (strcmp(name, table_names[i]) == 0) {
			*out = (enum cexport_table)i;
			return NK_OK;
		}
	return NK_ENOENT;
}

/* ---- building the tables ---- */

static struct cval *row_add(struct table *t)
{
	xgrow((void **)&t->cells, &t->cap, (t->nrows + 1) * t->ncols, sizeof *t->cells);
	struct cval *row = &t->cells[t->nrows++ * t->ncols];
	memset(row, 0, t->ncols * sizeof *row);
	return row;
}

static char *clean(const char *s)
{
	return s ? text_sanitize(s, strlen(s), false, NULL) : NULL;
}

static void table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i].text);
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->cap = 0;
}

static const char *prize_name(int rank)
{
	static const char *const prizes[] = {N_("First prize"), N_("Second prize"),
					     N_("Third prize")};
	return rank >= 1 && rank <= 3 ? _(prizes[rank - 1]) : NULL;
}

static const struct cstore_team *team_rec(const struct cstore_team *t, size_t n, int no)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].team_no == no)
			return &t[i];
	return NULL;
}

static char *join_members(const struct cstore_team *t)
{
	size_t len = 1;
	for (size_t i = 0; t && i < t->nmembers; i++)
		len += strlen(t->members[i]) + 2;
	char *s = xcalloc(len, 1);
	for (size_t i = 0; t && i < t->nmembers; i++) {
		if (i)
			strcat(s, ", ");
		strcat(s, t->members[i]);
	}
	return s;
}

static const char *mode_name(enum contest_mode m)
{
	return m == CONTEST_SPEED ? _("Speed") : m == CONTEST_ELIMINATION ? _("Elimination")
									   : _("Accuracy");
}

struct built {
	struct table t[3];
};

static void build(const struct contest *c, const struct cstore_info *info,
		  const struct cstore_team *teams, size_t nteams, struct built *b)
{
	b->t[CEXPORT_RESULTS] = (struct table){N_("Prize list"), "results", result_cols,
					       NK_ARRAY_LEN(result_cols), NULL, 0, 0};
	b->t[CEXPORT_MEMBERS] = (struct table){N_("Participants"), "members", member_cols,
					       NK_ARRAY_LEN(member_cols), NULL, 0, 0};
	b->t[CEXPORT_ANSWERS] = (struct table){N_("Answers"), "answers", answer_cols,
					       NK_ARRAY_LEN(answer_cols), NULL, 0, 0};
	int n = contest_nteams(c);
	struct contest_standing *st = xcalloc((size_t)n + 1, sizeof *st);
	size_t k = contest_standings(c, st);
	bool finished = contest_state(c) == CONTEST_FINISHED;
	bool members_answer = contest_answering(c) == CONTEST_MEMBER_SUM;
	/* Per team: right answers and answers given, over the revealed questions. */
	long long *right = xcalloc((size_t)n + 1, sizeof *right);
	long long *given = xcalloc((size_t)n + 1, sizeof *given);
	for (size_t r = 0; r < contest_nrounds(c); r++) {
		struct contest_round_config cfg;
		contest_round_info(c, r, &cfg);
		for (size_t q = 0; q < contest_round_questions(c, r); q++) {
			struct contest_qinfo qi;
			contest_question_info(c, r, q, &qi);
			for (int t = 1; t <= n; t++) {
				int nm = members_answer ? contest_team_members(c, t) : 1;
				const struct cstore_team *tr = team_rec(teams, nteams, t);
				for (int m = 0; m < nm; m++) {
					struct contest_entry e;
					if (contest_entry_get(c, r, q, t, m, &e) != NK_OK)
						continue;
					given[t]++;
					right[t] += qi.revealed && !qi.skipped && e.right;
					struct cval *row = row_add(&b->t[CEXPORT_ANSWERS]);
					row[0].n = (long long)r + 1;
					row[1].text = xstrdup(mode_name(cfg.mode));
					row[2].n = (long long)q + 1;
					row[3].text = clean(qi.id);
					row[4].text = xstrdup(qi.tiebreak  ? _("Tie-break")
							      : qi.rescue  ? _("Rescue question")
							      : qi.skipped ? _("Skipped")
									   : "");
					row[5].n = t;
					row[6].text = clean(contest_team_name(c, t));
					if (members_answer)
						row[7].text = tr && (size_t)m < tr->nmembers
								      ? clean(tr->members[m])
								      : xasprintf("%d", m + 1);
					char l[CONTEST_MAX_OPTIONS + 1];
					int nl = 0;
					for (int o = 0; o < CONTEST_MAX_OPTIONS; o++)
						if (e.mask & (1u << o))
							l[nl++] = (char)('A' + o);
					l[nl] = '\0';
					row[8].text = xstrdup(l);
					row[9].n = e.right;
					row[10].n = e.points;
					row[11].n = e.ms;
					static const char *const src[] = {"host", "team", "keyboard"};
					row[12].text = xstrdup(src[e.source]);
				}
			}
		}
	}
	for (size_t j = 0; j < k; j++) {
		const struct cstore_team *tr = team_rec(teams, nteams, st[j].team);
		const char *prize = finished ? prize_name(st[j].rank) : NULL;
		struct cval *row = row_add(&b->t[CEXPORT_RESULTS]);
		row[0].n = st[j].rank;
		row[1].text = prize ? xstrdup(prize) : NULL;
		row[2].n = st[j].team;
		row[3].text = clean(contest_team_name(c, st[j].team));
		row[4].text = clean(tr ? tr->village : NULL);
		char *m = join_members(tr);
		row[5].text = clean(m);
		free(m);
		row[6].n = st[j].score;
		row[7].n = right[st[j].team];
		row[8].n = given[st[j].team];
		row[9].n = st[j].time_ms;
	}
	/* The participation record: every member (a team registered without
	 * names is one row with the member left empty), in team order. */
	for (int t = 1; t <= n; t++) {
		const struct cstore_team *tr = team_rec(teams, nteams, t);
		int rank = 0;
		for (size_t j = 0; j < k; j++)
			if (st[j].team == t)
				rank = st[j].rank;
		size_t rows = tr && tr->nmembers ? tr->nmembers : 1;
		for (size_t m = 0; m < rows; m++) {
			struct cval *row = row_add(&b->t[CEXPORT_MEMBERS]);
			row[0].text = clean(info->name);
			row[1].text = clean(info->held_on);
			row[2].text = clean(info->place);
			row[3].n = t;
			row[4].text = clean(contest_team_name(c, t));
			row[5].text = clean(tr ? tr->village : NULL);
			row[6].text = tr && tr->nmembers ? clean(tr->members[m]) : NULL;
			row[7].n = rank;
			const char *prize = finished ? prize_name(rank) : NULL;
			row[8].text = prize ? xstrdup(prize) : NULL;
		}
	}
	free(right);
	free(given);
	free(st);
}

/* ---- writers ---- */

static char *header(const struct ccol *c)
{
	return clean(_(c->header));
}

static void write_csv(struct out *o, const struct table *t)
{
	out_csv_bom(o);
	for (size_t i = 0; i < t->ncols; i++) {
		char *h = header(&t->cols[i]);
		if (i)
			out_csv_sep(o);
		out_csv_field(o, h);
		free(h);
	}
	out_csv_eol(o);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t i = 0; i < t->ncols; i++) {
			const struct cval *v = &t->cells[r * t->ncols + i];
			if (i)
				out_csv_sep(o);
			if (t->cols[i].type == C_TEXT || t->cols[i].type == C_DATE)
				out_csv_field(o, v->text);
			else if (t->cols[i].type == C_SECONDS)
				out_printf(o, "%lld.%03lld", v->n / 1000, v->n % 1000);
			else
				out_printf(o, "%lld", v->n);
		}
		out_csv_eol(o);
	}
}

static void write_json(struct out *o, const struct cstore_info *info, const struct built *b)
{
	out_puts(o, "{\"contest\":{\"id\":");
	out_json_string(o, info->uuid);
	out_puts(o, ",\"name\":");
	out_json_string(o, info->name ? info->name : "");
	out_puts(o, ",\"date\":");
	out_json_string(o, info->held_on ? info->held_on : "");
	out_puts(o, ",\"place\":");
	out_json_string(o, info->place);
	out_puts(o, ",\"kiosk\":");
	out_json_string(o, info->kiosk_id ? info->kiosk_id : "");
	out_puts(o, "}");
	for (int k = 0; k < 3; k++) {
		const struct table *t = &b->t[k];
		out_printf(o, ",\n\"%s\":[", t->json);
		for (size_t r = 0; r < t->nrows; r++) {
			out_puts(o, r ? ",\n{" : "\n{");
			for (size_t i = 0; i < t->ncols; i++) {
				const struct cval *v = &t->cells[r * t->ncols + i];
				out_printf(o, "%s\"%s\":", i ? "," : "", t->cols[i].key);
				switch (t->cols[i].type) {
				case C_TEXT:
				case C_DATE: out_json_string(o, v->text); break;
				case C_BOOL: out_puts(o, v->n ? "true" : "false"); break;
				case C_SECONDS:
					out_printf(o, "%lld.%03lld", v->n / 1000, v->n % 1000);
					break;
				default: out_printf(o, "%lld", v->n);
				}
			}
			out_puts(o, "}");
		}
		out_puts(o, "]");
	}
	out_puts(o, "}\n");
}

/* Writes the workbook to file; messages name path (the file's real name:
 * file is the temporary one beside it). */
static int write_xlsx(const char *file, const char *path, const struct built *b, char **err)
{
	if (xlsx_load(err) != NK_OK)
		return NK_EFAIL;
	lxw_workbook_options wo = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
	lxw_workbook *wb = workbook_new_opt(file, &wo);
	if (!wb)
		return err_set(err, NK_EIO, "%s: cannot create the workbook", path);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *secs = workbook_add_format(wb);
	format_set_num_format(secs, "0.0");
	lxw_format *day = workbook_add_format(wb);
	format_set_num_format(day, "yyyy-mm-dd");
	char *names[3] = {NULL, NULL, NULL};
	for (int k = 0; k < 3; k++) {
		const struct table *t = &b->t[k];
		char *want = clean(_(t->sheet));
		names[k] = out_sheet_name(want, t->json, names, (size_t)k);
		free(want);
		lxw_worksheet *ws = workbook_add_worksheet(wb, names[k]);
		if (!ws) {
			workbook_close(wb);
			for (int i = 0; i <= k; i++)
				free(names[i]);
			return err_set(err, NK_EIO, "%s: cannot add a sheet", path);
		}
		for (size_t i = 0; i < t->ncols; i++) {
			char *h = header(&t->cols[i]);
			worksheet_write_string(ws, 0, (lxw_col_t)i, h, bold);
			free(h);
			worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, t->cols[i].width, NULL);
		}
		for (size_t r = 0; r < t->nrows; r++) {
			lxw_row_t row = (lxw_row_t)(r + 1);
			for (size_t i = 0; i < t->ncols; i++) {
				const struct cval *v = &t->cells[r * t->ncols + i];
				lxw_col_t col = (lxw_col_t)i;
				switch (t->cols[i].type) {
				case C_TEXT:
					/* write_string: text is never taken for a formula. */
					if (v->text && *v->text)
						worksheet_write_string(ws, row, col, v->text, NULL);
					break;
				case C_DATE: {
					/* A date cell, so that a sheet sorts and filters by it. */
					int y, m, d;
					char tail;
					if (v->text && sscanf(v->text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3) {
						lxw_datetime dt = {.year = y, .month = m, .day = d};
						worksheet_write_datetime(ws, row, col, &dt, day);
					} else if (v->text && *v->text) {
						worksheet_write_string(ws, row, col, v->text, NULL);
					}
					break;
				}
				case C_BOOL: worksheet_write_boolean(ws, row, col, (int)v->n, NULL); break;
				case C_SECONDS:
					worksheet_write_number(ws, row, col, (double)v->n / 1000.0, secs);
					break;
				default: worksheet_write_number(ws, row, col, (double)v->n, NULL);
				}
			}
		}
		worksheet_freeze_panes(ws, 1, 0);
		worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->nrows, (lxw_col_t)(t->ncols - 1));
	}
	errno = 0;
	lxw_error e = workbook_close(wb);
	int sys = errno;
	for (int k = 0; k < 3; k++)
		free(names[k]);
	return e == LXW_NO_ERROR ? NK_OK : xlsx_fail(err, path, (int)e, sys);
}

/* ---- the run ---- */

int contest_export(struct db *db, const struct cexport_opts *o, int64_t *rows, char **err)
{
	if (o->format == EXPORT_XLSX && !o->out_path)
		return err_set(err, NK_EINVAL, "an XLSX export needs a file (--out)");
	struct contest *c = NULL;
	struct cstore_info info = {0};
	struct cstore_team *teams = NULL;
	size_t nteams = 0;
	/* One snapshot for the state and the teams. */
	sqlite3 *h = db_sqlite(db);
	if (sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return err_set(err, db_errcode(sqlite3_errcode(h)), "contest: %s", sqlite3_errmsg(h));
	int rc = cstore_load(db, clock_system(), o->uuid, &c, NULL, err);
	if (rc == NK_OK)
		rc = cstore_info(db, o->uuid, &info, err);
	if (rc == NK_OK)
		rc = cstore_teams(db, o->uuid, &teams, &nteams, err);
	sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
	struct built b;
	memset(&b, 0, sizeof b);
	struct safefile *sf = NULL;
	if (rc)
		goto out;
	build(c, &info, teams, nteams, &b);
	if (rows)
		*rows = o->format == EXPORT_CSV
				? (int64_t)b.t[o->table].nrows
				: (int64_t)(b.t[0].nrows + b.t[1].nrows + b.t[2].nrows);
	/* A file is written beside its name and renamed when whole and
	 * synced (core/safefile.h), mode 0600: it holds names. */
	if (o->out_path)
		rc = safefile_open(o->out_path, SAFEFILE_PRIVATE, &sf, err);
	if (rc)
		goto out;
	if (o->format == EXPORT_XLSX) {
		rc = write_xlsx(safefile_tmp(sf), o->out_path, &b, err);
	} else {
		FILE *f = sf ? safefile_stream(sf, err) : o->out;
		if (!f) {
			rc = NK_EIO;
			goto out;
		}
		struct out out;
		out_open(&out, f);
		if (o->format == EXPORT_CSV)
			write_csv(&out, &b.t[o->table]);
		else
			write_json(&out, &info, &b);
		rc = out_close(&out, o->out_path ? o->out_path : "export", err);
	}
	if (rc == NK_OK && sf)
		rc = safefile_commit(&sf, err);
out:
	safefile_abort(&sf);
	for (int k = 0; k < 3; k++)
		table_free(&b.t[k]);
	contest_free(&c);
	cstore_info_clear(&info);
	cstore_teams_free(&teams, nteams);
	return rc;
}
