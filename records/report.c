/*
 * report: the period report's queries and its three file formats. The
 * figures come from a handful of grouped SQL queries read in one snapshot and
 * are gathered per kiosk in C, so the per-kiosk rows, the per-commune rows
 * and the summary are sums of the same numbers and always agree. This file
 * never writes to the database and never prints. libxlsxwriter would print
 * on stderr about a file it cannot create, a sheet name it refuses or a
 * chart setting that does not fit the chart, so paths are checked, sheet
 * names made valid and chart axes chosen per chart type before it sees them.
 */
#include "records/report.h"
#include "records/people.h"
#include "records/out.h"

#include "core/ethnic.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/safefile.h"
#include "core/util.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "records/xlsx.h"

#include <xlsxwriter.h>

/* ---- periods ---- */

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int month_days(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return days[m - 1] + (m == 2 && leap);
}

/* "YYYY-MM-DD", a day that exists. */
static bool parse_date(const char *s, int *y, int *m, int *d)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) ||
	    !all_digits(s + 5, 2) || !all_digits(s + 8, 2))
		return false;
	*y = atoi(s);
	*m = atoi(s + 5);
	*d = atoi(s + 8);
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= month_days(*y, *m);
}

int period_parse(const char *s, struct period *out, char **err)
{
	memset(out, 0, sizeof *out);
	if (!s)
		s = "";
	const char *dots = strstr(s, "..");
	if (dots && dots - s == 10 && strlen(dots + 2) == 10) {
		char from[11];
		memcpy(from, s, 10);
		from[10] = '\0';
		return period_range(from, dots + 2, out, err);
	}
	size_t n = strlen(s);
	bool half = n == 7 && s[4] == '-' && (s[5] == 'H' || s[5] == 'h') &&
		    (s[6] == '1' || s[6] == '2');
	bool quarter = n == 7 && s[4] == '-' && (s[5] == 'Q' || s[5] == 'q') && s[6] >= '1' &&
		       s[6] <= '4';
	bool month = n == 7 && s[4] == '-' && all_digits(s + 5, 2) &&
		     atoi(s + 5) >= 1 && atoi(s + 5) <= 12;
	if ((n != 4 && !half && !quarter && !month) || !all_digits(s, 4) ||
	    strncmp(s, "1970", 4) < 0)
		return err_set(err, NK_EINVAL,
			       "period '%s': expected YYYY, YYYY-H1, YYYY-H2, YYYY-Q1 to YYYY-Q4, "
			       "YYYY-MM or YYYY-MM-DD..YYYY-MM-DD with a year from 1970 to 9999 "
			       "(for example 2026-H1)",
			       s);
	int first = 1, last = 12; /* months */
	if (half)
		first = s[6] == '1' ? 1 : 7, last = first + 5;
	else if (quarter)
		first = 3 * (s[6] - '1') + 1, last = first + 2;
	else if (month)
		first = last = atoi(s + 5);
	int y = atoi(s);
	snprintf(out->from, sizeof out->from, "%04d-%02d-01", y, first);
	snprintf(out->to, sizeof out->to, "%04d-%02d-%02d", y, last, month_days(y, last));
	memcpy(out->label, s, 4);
	if (half || quarter) {
		out->label[4] = '-';
		out->label[5] = half ? 'H' : 'Q';
		out->label[6] = s[6];
	} else if (month) {
		memcpy(out->label + 4, s + 4, 3);
	}
	return NK_OK;
}

int period_range(const char *from, const char *to, struct period *out, char **err)
{
	memset(out, 0, sizeof *out);
	int y1, m1, d1, y2, m2, d2;
	if (!from || !to || !parse_date(from, &y1, &m1, &d1) || !parse_date(to, &y2, &m2, &d2) ||
	    y1 < 1970 || y2 < 1970)
		return err_set(err, NK_EINVAL,
			       "period '%s' to '%s': expected two dates YYYY-MM-DD from 1970 on "
			       "(for example 2026-01-01 and 2026-03-31)",
			       from ? from : "", to ? to : "");
	if (strcmp(from, to) > 0)
		return err_set(err, NK_EINVAL, "period: the first day %s is after the last %s",
			       from, to);
	memcpy(out->from, from, 10);
	memcpy(out->to, to, 10);
	snprintf(out->label, sizeof out->label, "%s..%s", from, to);
	return NK_OK;
}

int period_preset(enum period_preset which, time_t now, struct period *out,
		  const char **name, char **err)
{
	static const char *const names[PERIOD_PRESETS] = {
		N_("This month"),    N_("Last month"), N_("This quarter"), N_("Last quarter"),
		N_("This half-year"), N_("Last half-year"), N_("This year"),   N_("Last year"),
	};
	if ((unsigned)which >= PERIOD_PRESETS)
		return err_set(err, NK_EINVAL, "period: no preset %d", (int)which);
	struct tm lt;
	localtime_r(&now, &lt);
	int y = lt.tm_year + 1900, m = lt.tm_mon; /* m from 0 */
	bool last = which % 2 == 1;
	char s[16];
	switch (which / 2) {
	case 0: /* month */
		if (last && --m < 0)
			m = 11, y--;
		snprintf(s, sizeof s, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 12u + 1);
		break;
	case 1: { /* quarter */
		int q = m / 3 - last;
		if (q < 0)
			q = 3, y--;
		snprintf(s, sizeof s, "%04u-Q%u", (unsigned)y % 10000u, (unsigned)q % 4u + 1);
		break;
	}
	case 2: { /* half-year */
		int h = m / 6 - last;
		if (h < 0)
			h = 1, y--;
		snprintf(s, sizeof s, "%04u-H%u", (unsigned)y % 10000u, (unsigned)h % 2u + 1);
		break;
	}
	default:
		snprintf(s, sizeof s, "%04u", (unsigned)(y - last) % 10000u);
		break;
	}
	if (name)
		*name = names[which];
	return period_parse(s, out, err);
}

/* Local midnight starting the day y-m-d (d may run past the month's end;
 * mktime carries it over) as UTC ISO 8601. */
static int local_midnight(int y, int m, int d, char out[32])
{
	struct tm t = {0};
	t.tm_year = y - 1900;
	t.tm_mon = m - 1;
	t.tm_mday = d;
	t.tm_isdst = -1;
	time_t when = mktime(&t);
	struct tm u;
	if (when == (time_t)-1 || !gmtime_r(&when, &u))
		return NK_EINVAL;
	if (strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &u) == 0)
		return NK_EINVAL;
	return NK_OK;
}

int period_bounds(const struct period *p, char from_utc[32], char to_utc[32], char **err)
{
	int y1, m1, d1, y2, m2, d2;
	if (!parse_date(p->from, &y1, &m1, &d1) || !parse_date(p->to, &y2, &m2, &d2) ||
	    strcmp(p->from, p->to) > 0)
		return err_set(err, NK_EINVAL, "period '%s': bad dates '%s' to '%s'", p->label,
			       p->from, p->to);
	/* The end is exclusive: midnight after the last day, so a visit at
	 * 23:59:59 local on the last day is in and one at 00:00 the next is not. */
	if (local_midnight(y1, m1, d1, from_utc) || local_midnight(y2, m2, d2 + 1, to_utc))
		return err_set(err, NK_EINVAL, "period '%s': dates out of range", p->label);
	return NK_OK;
}

/* ---- tables ---- */

struct table_def {
	const char *id, *title, *sheet;
};

enum {
	T_SUMMARY,
	T_VISITS,
	T_VIEWS_TOPIC,
	T_VIEWS_LANG,
	T_VIEWS_KIOSK,
	T_QUIZZES,
	T_P_VILLAGE,
	T_P_GENDER,
	T_P_ETHNICITY,
	T_P_AGE,
	T_P_KIOSK,
	T_CONTESTS,
	T_QUESTIONS,
	T_COMMUNES,
	T_BY_MONTH,
	T_QANALYSIS, /* only when asked for */
	T_COUNT
};

/* Ids are part of the JSON format: never renamed once shipped. Sheet names
 * are separate msgids so translators can keep them within Excel's 31
 * characters while titles stay whole sentences. */
static const struct table_def defs[T_COUNT] = {
	{"summary", N_("Summary"), N_("Summary")},
	{"visits", N_("Kiosk visits"), N_("Visits")},
	{"views_by_topic", N_("Article views by topic"), N_("Views by topic")},
	{"views_by_language", N_("Article views by language"), N_("Views by language")},
	{"views_by_kiosk", N_("Article views by kiosk"), N_("Views by kiosk")},
	{"quizzes", N_("Quizzes by kiosk"), N_("Quizzes")},
	{"participants_by_village", N_("Participants by village"), N_("By village")},
	{"participants_by_gender", N_("Participants by gender"), N_("By gender")},
	{"participants_by_ethnicity", N_("Participants by ethnicity"), N_("By ethnicity")},
	{"participants_by_age", N_("Participants by age band"), N_("By age")},
	{"participants_by_kiosk", N_("Participants by kiosk"), N_("Participants by kiosk")},
	{"contests", N_("Contests by kiosk"), N_("Contests")},
	{"questions", N_("Citizens' questions by kiosk"), N_("Citizens' questions")},
	{"communes", N_("Figures by commune"), N_("Communes")},
	{"by_month", N_("Month by month"), N_("By month")},
	{"question_analysis", N_("Question analysis"), N_("Question analysis")},
};

/* A table whose columns are headers (msgids) and then the names of units
 * (communes or kiosks, data: not translated). */
static struct report_table *table_init_units(struct report *r, int which, size_t ncols,
					     const char *const *headers, char *const *units,
					     size_t nunits)
{
	struct report_table *t = &r->tables[which];
	t->id = defs[which].id;
	t->title = xstrdup(_(defs[which].title));
	t->sheet = xstrdup(_(defs[which].sheet));
	t->ncols = ncols + nunits;
	t->headers = xcalloc(t->ncols, sizeof *t->headers);
	for (size_t i = 0; i < ncols; i++)
		t->headers[i] = xstrdup(_(headers[i]));
	for (size_t i = 0; i < nunits; i++)
		t->headers[ncols + i] = xstrdup(units[i]);
	return t;
}

static struct report_table *table_init(struct report *r, int which, size_t ncols,
				       const char *const *headers)
{
	return table_init_units(r, which, ncols, headers, NULL, 0);
}

static struct report_cell *row_add(struct report_table *t)
{
	t->rows = xrealloc(t->rows, (t->nrows + 1) * sizeof *t->rows);
	/* xcalloc leaves every cell REPORT_EMPTY until it is set. */
	return t->rows[t->nrows++] = xcalloc(t->ncols, sizeof **t->rows);
}

static void cell_text(struct report_cell *c, const char *s)
{
	if (!s)
		return;
	c->kind = REPORT_TEXT;
	c->text = xstrdup(s);
}

static void cell_count(struct report_cell *c, int64_t n)
{
	c->kind = REPORT_COUNT;
	c->num = (double)n;
}

/* A share of nothing is left empty rather than shown as 0%. */
static void cell_pct(struct report_cell *c, int64_t part, int64_t whole)
{
	if (whole <= 0)
		return;
	c->kind = REPORT_PERCENT;
	c->num = 100.0 * (double)part / (double)whole;
}

/* ---- gathering ---- */

/* Per-kiosk sums. S_RIGHT and S_ASKED are the right answers and questions of
 * completed attempts, kept apart so every average is taken over sums and a
 * total row is not an average of averages. */
enum {
	S_VISITS,
	S_VIEWS,
	S_TAKEN,
	S_DONE,
	S_RIGHT,
	S_ASKED,
	S_RECEIVED,
	S_ANSWERED,
	S_CONTESTS,
	S_TEAMS,
	S_CONTESTANTS,
	S_PEOPLE, /* people, each counted at the kiosk of their newest save */
	S_SAVES,  /* results saved with a name: one person may save several */
	S_N
};

/* The breakdowns every commune (or kiosk) gets a column of. */
enum { D_GENDER, D_ETHNICITY, D_AGE, D_TOPIC, D_LANG, D_N };

struct kiosk {
	char *id, *name, *commune;
	int64_t n[S_N];
	int64_t *d[D_N]; /* counts by the index of each breakdown's label */
	size_t nd[D_N];
};

struct bucket {
	char *commune, *name; /* NULL: not set, not given */
	int64_t n;
};

/* A breakdown's labels (owned), in the order of its rows. */
struct labels {
	char **v;
	size_t n, cap;
};

enum { GENDERS = 4, ETHNICITIES = 8, AGE_BANDS = 6 };

struct month {
	char ym[8]; /* "2026-01" */
	int64_t n[S_N];
};

struct ctx {
	sqlite3 *h;
	char from[32], to[32];
	const struct period *p;
	int end_year;
	bool by_kiosk;
	struct kiosk *k;
	size_t nk, capk;
	struct bucket *villages;
	size_t nvillages, capvillages;
	struct labels dim[D_N];
	char **topic_ids; /* D_TOPIC's ids; the label after them is "no longer listed" */
	size_t ntopic_ids, captopic_ids;
	struct month *months;
	size_t nmonths;
	/* The columns of the breakdown tables: communes, or kiosks on request. */
	char **units;
	size_t nunits;
	size_t *unit_of; /* per kiosk, after sorting */
	/* What the row callbacks of the query being run fill in. */
	const struct metric *metric;
	struct report_table *table;
	char *last_person; /* the person key of the previous participant row */
};

/* Stored values and their labels; the last entry (NULL) collects missing
 * and unexpected values. */
struct category {
	const char *value, *label;
};

static const struct category genders[GENDERS] = {
	{"female", N_("Female")},
	{"male", N_("Male")},
	{"other", N_("Other")},
	{NULL, N_("Not given")},
};

static const struct category ethnicities[ETHNICITIES] = {
	{"kinh", N_("Kinh")}, {"mong", N_("Hmong")}, {"dao", N_("Dao")},
	{"tay", N_("Tay")},   {"nung", N_("Nung")},  {"thai", N_("Thai")},
	{"other", N_("Other")}, {NULL, N_("Not given")},
};

/* Upper age of each band; the last band is for unknown ages. */
static const struct {
	int max;
	const char *label;
} age_bands[AGE_BANDS] = {
	{15, N_("Under 16")}, {30, N_("16 to 30")},  {45, N_("31 to 45")},
	{60, N_("46 to 60")}, {120, N_("Over 60")}, {-1, N_("Unknown")},
};

const char *report_value_label(const char *what, const char *value)
{
	const struct category *cats = NULL;
	size_t n = 0;
	if (strcmp(what, "gender") == 0)
		cats = genders, n = GENDERS - 1;
	else if (strcmp(what, "ethnicity") == 0)
		cats = ethnicities, n = ETHNICITIES - 1;
	for (size_t i = 0; value && i < n; i++)
		if (strcmp(cats[i].value, value) == 0)
			return _(cats[i].label);
	const struct ethnic *e = cats == ethnicities ? ethnic_find(value) : NULL;
	return e ? _(e->label) : NULL;
}

static void labels_add(struct labels *l, char *owned)
{
	xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = owned;
}

static void labels_clear(struct labels *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static void bump(struct kiosk *k, int dim, size_t idx, int64_t n)
{
	if (idx >= k->nd[dim]) {
		k->d[dim] = xrealloc(k->d[dim], (idx + 1) * sizeof *k->d[dim]);
		memset(k->d[dim] + k->nd[dim], 0, (idx + 1 - k->nd[dim]) * sizeof *k->d[dim]);
		k->nd[dim] = idx + 1;
	}
	k->d[dim][idx] += n;
}

static int64_t count_of(const struct kiosk *k, int dim, size_t idx)
{
	return idx < k->nd[dim] ? k->d[dim][idx] : 0;
}

static int sql_fail(sqlite3 *h, int s, const char *what, char **err)
{
	int code = db_errcode(s);
	return err_set(err, code ? code : NK_EFAIL, "report: %s: %s", what, sqlite3_errmsg(h));
}

typedef int (*row_fn)(struct ctx *c, sqlite3_stmt *st, char **err);

/* Runs sql with ?1 and ?2 bound to the period's UTC bounds and ?3 and ?4 to
 * its first and last local day (as far as it has them) and calls fn on each
 * row. */
static int each_row(struct ctx *c, const char *sql, const char *what, row_fn fn, char **err)
{
	sqlite3_stmt *st;
	int s = sqlite3_prepare_v2(c->h, sql, -1, &st, NULL);
	if (s != SQLITE_OK)
		return sql_fail(c->h, s, what, err);
	const char *bind[4] = {c->from, c->to, c->p->from, c->p->to};
	int np = sqlite3_bind_parameter_count(st);
	for (int i = 0; i < np && i < 4; i++)
		sqlite3_bind_text(st, i + 1, bind[i], -1, SQLITE_STATIC);
	int rc = NK_OK;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		rc = fn(c, st, err);
		if (rc)
			break;
	}
	if (!rc && s != SQLITE_DONE)
		rc = sql_fail(c->h, s, what, err);
	sqlite3_finalize(st);
	return rc;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s && *s ? xstrdup(s) : NULL;
}

static struct kiosk *kiosk_add(struct ctx *c, const char *id)
{
	xgrow((void **)&c->k, &c->capk, c->nk + 1, sizeof *c->k);
	struct kiosk *k = &c->k[c->nk++];
	memset(k, 0, sizeof *k);
	k->id = xstrdup(id);
	return k;
}

/* The kiosk row for id, added (with its name from kiosks, if any) the first
 * time a record of an unlisted kiosk turns up. */
static int kiosk_get(struct ctx *c, const char *id, struct kiosk **out, char **err)
{
	if (!id)
		id = "";
	for (size_t i = 0; i < c->nk; i++)
		if (strcmp(c->k[i].id, id) == 0) {
			*out = &c->k[i];
			return NK_OK;
		}
	struct kiosk *k = kiosk_add(c, id);
	sqlite3_stmt *st;
	int s = sqlite3_prepare_v2(c->h,
				   "SELECT nullif(trim(name), ''), nullif(trim(commune), '') "
				   "FROM kiosks WHERE kiosk_id = ?1",
				   -1, &st, NULL);
	if (s != SQLITE_OK)
		return sql_fail(c->h, s, "kiosks", err);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		k->name = col_dup(st, 0);
		k->commune = col_dup(st, 1);
	}
	int rc = s == SQLITE_ROW || s == SQLITE_DONE ? NK_OK : sql_fail(c->h, s, "kiosks", err);
	sqlite3_finalize(st);
	*out = k;
	return rc;
}

static int on_listed_kiosk(struct ctx *c, sqlite3_stmt *st, char **err)
{
	(void)err;
	struct kiosk *k = kiosk_add(c, (const char *)sqlite3_column_text(st, 0));
	k->name = col_dup(st, 1);
	k->commune = col_dup(st, 2);
	return NK_OK;
}

/* A grouped query: kiosk_id, then count columns for consecutive stats. */
struct metric {
	const char *needs[3]; /* tables that must exist, for those not in every schema */
	const char *sql;
	int first, count;
};

/* A contest counts on the day it was held (held_on, a local date), and only
 * once it has been run: the state the contest engine saves
 * (quizzes/contest.c, contest_state_save) names its phase on a line
 * "state PHASE ...", and a contest still in "setup" never started. */
#define CONTEST_HELD "held_on >= ?3 AND held_on <= ?4 AND instr(state, char(10) || 'state setup ') = 0"

static const struct metric metrics[] = {
	{{NULL},
	 "SELECT kiosk_id, count(*) FROM visits WHERE started_at >= ?1 AND started_at < ?2 "
	 "GROUP BY kiosk_id",
	 S_VISITS, 1},
	{{NULL},
	 "SELECT kiosk_id, count(*) FROM views WHERE started_at >= ?1 AND started_at < ?2 "
	 "GROUP BY kiosk_id",
	 S_VIEWS, 1},
	{{NULL},
	 "SELECT kiosk_id, count(*), sum(completed <> 0), "
	 "sum(CASE WHEN completed <> 0 THEN score ELSE 0 END), "
	 "sum(CASE WHEN completed <> 0 THEN total ELSE 0 END) "
	 "FROM attempts WHERE started_at >= ?1 AND started_at < ?2 GROUP BY kiosk_id",
	 S_TAKEN, 4},
	/* An answer given after the period ended does not count, so the
	 * figures do not change when the report is run again later. */
	{{NULL},
	 "SELECT kiosk_id, count(*), sum(answer IS NOT NULL AND trim(answer) <> '' "
	 "AND answered_at IS NOT NULL AND answered_at < ?2) "
	 "FROM citizen_questions WHERE asked_at >= ?1 AND asked_at < ?2 GROUP BY kiosk_id",
	 S_RECEIVED, 2},
	{{"contests"},
	 "SELECT kiosk_id, count(*) FROM contests WHERE " CONTEST_HELD " GROUP BY kiosk_id",
	 S_CONTESTS, 1},
	{{"contests", "contest_teams"},
	 "SELECT c.kiosk_id, count(*) FROM contest_teams t JOIN (SELECT uuid, kiosk_id FROM "
	 "contests WHERE " CONTEST_HELD ") c ON c.uuid = t.contest_uuid GROUP BY c.kiosk_id",
	 S_TEAMS, 1},
	{{"contests", "contest_teams", "contest_members"},
	 "SELECT c.kiosk_id, count(*) FROM contest_members m "
	 "JOIN contest_teams t ON t.uuid = m.team_uuid JOIN (SELECT uuid, kiosk_id FROM "
	 "contests WHERE " CONTEST_HELD ") c ON c.uuid = t.contest_uuid GROUP BY c.kiosk_id",
	 S_CONTESTANTS, 1},
};

/* The same figures month by month (the local month of each record). */
static const struct metric month_metrics[] = {
	{{NULL},
	 "SELECT strftime('%Y-%m', started_at, 'localtime'), count(*) FROM visits "
	 "WHERE started_at >= ?1 AND started_at < ?2 GROUP BY 1",
	 S_VISITS, 1},
	{{NULL},
	 "SELECT strftime('%Y-%m', started_at, 'localtime'), count(*) FROM views "
	 "WHERE started_at >= ?1 AND started_at < ?2 GROUP BY 1",
	 S_VIEWS, 1},
	{{NULL},
	 "SELECT strftime('%Y-%m', started_at, 'localtime'), count(*), sum(completed <> 0) "
	 "FROM attempts WHERE started_at >= ?1 AND started_at < ?2 GROUP BY 1",
	 S_TAKEN, 2},
	{{NULL},
	 "SELECT strftime('%Y-%m', asked_at, 'localtime'), count(*), sum(answer IS NOT NULL "
	 "AND trim(answer) <> '' AND answered_at IS NOT NULL AND answered_at < ?2) "
	 "FROM citizen_questions WHERE asked_at >= ?1 AND asked_at < ?2 GROUP BY 1",
	 S_RECEIVED, 2},
	{{"contests"},
	 "SELECT substr(held_on, 1, 7), count(*) FROM contests WHERE " CONTEST_HELD
	 " GROUP BY 1",
	 S_CONTESTS, 1},
};

static int on_metric(struct ctx *c, sqlite3_stmt *st, char **err)
{
	struct kiosk *k;
	int rc = kiosk_get(c, (const char *)sqlite3_column_text(st, 0), &k, err);
	if (rc)
		return rc;
	for (int i = 0; i < c->metric->count; i++)
		k->n[c->metric->first + i] += sqlite3_column_int64(st, i + 1);
	return NK_OK;
}

static int on_month(struct ctx *c, sqlite3_stmt *st, char **err)
{
	(void)err;
	const char *ym = (const char *)sqlite3_column_text(st, 0);
	for (size_t i = 0; ym && i < c->nmonths; i++)
		if (strcmp(c->months[i].ym, ym) == 0)
			for (int j = 0; j < c->metric->count; j++)
				c->months[i].n[c->metric->first + j] +=
					sqlite3_column_int64(st, j + 1);
	return NK_OK;
}

static int table_exists(struct ctx *c, const char *name, bool *yes, char **err)
{
	sqlite3_stmt *st;
	int s = sqlite3_prepare_v2(c->h,
				   "SELECT 1 FROM main.sqlite_master "
				   "WHERE type = 'table' AND name = ?1",
				   -1, &st, NULL);
	if (s != SQLITE_OK)
		return sql_fail(c->h, s, "sqlite_master", err);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	s = sqlite3_step(st);
	*yes = s == SQLITE_ROW;
	int rc = s == SQLITE_ROW || s == SQLITE_DONE ? NK_OK
						     : sql_fail(c->h, s, "sqlite_master", err);
	sqlite3_finalize(st);
	return rc;
}

static int run_metrics(struct ctx *c, const struct metric *m, size_t n, row_fn fn, char **err)
{
	int rc = NK_OK;
	for (size_t i = 0; !rc && i < n; i++) {
		bool present = true;
		for (size_t j = 0; !rc && present && j < 3 && m[i].needs[j]; j++)
			rc = table_exists(c, m[i].needs[j], &present, err);
		if (rc || !present)
			continue;
		c->metric = &m[i];
		rc = each_row(c, m[i].sql, "report", fn, err);
	}
	return rc;
}

static int find_category(const struct category *cats, size_t n, const char *v)
{
	for (size_t i = 0; v && i + 1 < n; i++)
		if (strcmp(cats[i].value, v) == 0)
			return (int)i;
	return (int)n - 1;
}

static bool same_opt(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static int on_participant(struct ctx *c, sqlite3_stmt *st, char **err)
{
	struct kiosk *k;
	int rc = kiosk_get(c, (const char *)sqlite3_column_text(st, 0), &k, err);
	if (rc)
		return rc;
	k->n[S_SAVES]++;
	/* Rows come by person, newest save first: a person is counted once,
	 * with what their newest save says. */
	const char *person = (const char *)sqlite3_column_text(st, 5);
	if (person && c->last_person && strcmp(person, c->last_person) == 0)
		return NK_OK;
	free(c->last_person);
	c->last_person = xstrdup(person ? person : "");
	k->n[S_PEOPLE]++;

	/* A village is a village of its commune: "Thôn 1" of two communes is
	 * two rows. */
	char *village = col_dup(st, 1);
	size_t i;
	for (i = 0; i < c->nvillages; i++)
		if (same_opt(c->villages[i].name, village) &&
		    same_opt(c->villages[i].commune, k->commune))
			break;
	if (i == c->nvillages) {
		xgrow((void **)&c->villages, &c->capvillages, i + 1, sizeof *c->villages);
		c->villages[c->nvillages++] =
			(struct bucket){k->commune ? xstrdup(k->commune) : NULL, village, 0};
		village = NULL;
	}
	free(village);
	c->villages[i].n++;

	bump(k, D_GENDER,
	     (size_t)find_category(genders, GENDERS, (const char *)sqlite3_column_text(st, 2)), 1);
	/* The groups without a column of their own (core/ethnic.h) count
	 * under "Other", not under "Not given". */
	const char *eth = (const char *)sqlite3_column_text(st, 3);
	int ei = find_category(ethnicities, ETHNICITIES, eth);
	if (ei == ETHNICITIES - 1 && ethnic_find(eth))
		ei = find_category(ethnicities, ETHNICITIES, "other");
	bump(k, D_ETHNICITY, (size_t)ei, 1);
	int band = AGE_BANDS - 1;
	if (sqlite3_column_type(st, 4) == SQLITE_INTEGER) {
		int64_t age = c->end_year - sqlite3_column_int64(st, 4);
		for (int b = 0; b < AGE_BANDS - 1 && age >= 0; b++)
			if (age <= age_bands[b].max) {
				band = b;
				break;
			}
	}
	bump(k, D_AGE, (size_t)band, 1);
	return NK_OK;
}

static int on_topic_label(struct ctx *c, sqlite3_stmt *st, char **err)
{
	(void)err;
	xgrow((void **)&c->topic_ids, &c->captopic_ids, c->ntopic_ids + 1,
	      sizeof *c->topic_ids);
	c->topic_ids[c->ntopic_ids++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	labels_add(&c->dim[D_TOPIC], xstrdup((const char *)sqlite3_column_text(st, 1)));
	return NK_OK;
}

/* Views of an article no longer in the database (or of a topic no longer
 * listed) go to the row after the topics. */
static int on_topic_views(struct ctx *c, sqlite3_stmt *st, char **err)
{
	struct kiosk *k;
	int rc = kiosk_get(c, (const char *)sqlite3_column_text(st, 0), &k, err);
	if (rc)
		return rc;
	const char *topic = (const char *)sqlite3_column_text(st, 1);
	size_t i = 0;
	for (; topic && i < c->ntopic_ids; i++)
		if (strcmp(c->topic_ids[i], topic) == 0)
			break;
	if (!topic)
		i = c->ntopic_ids;
	bump(k, D_TOPIC, i, sqlite3_column_int64(st, 2));
	return NK_OK;
}

/* The language list is loaded by the app; without it the id is all there
 * is, and still tells the languages apart. */
static char *lang_label(const char *id)
{
	const struct i18n_lang *l = i18n_lang_find(id ? id : "");
	return l ? xasprintf("%s (%s)", l->native, l->id) : xstrdup(id ? id : "");
}

/* Rows come ordered by language, so the labels are in that order. */
static int on_lang_views(struct ctx *c, sqlite3_stmt *st, char **err)
{
	struct kiosk *k;
	int rc = kiosk_get(c, (const char *)sqlite3_column_text(st, 0), &k, err);
	if (rc)
		return rc;
	char *label = lang_label((const char *)sqlite3_column_text(st, 1));
	struct labels *l = &c->dim[D_LANG];
	size_t i = 0;
	while (i < l->n && strcmp(l->v[i], label) != 0)
		i++;
	if (i == l->n)
		labels_add(l, label);
	else
		free(label);
	bump(k, D_LANG, i, sqlite3_column_int64(st, 2));
	return NK_OK;
}

/* NULL (not given, no commune) sorts after every name. */
static int collate_opt(const char *a, const char *b)
{
	if (!a || !b)
		return (a == NULL) - (b == NULL);
	return text_collate(a, b);
}

static int kiosk_cmp(const void *x, const void *y)
{
	const struct kiosk *a = x, *b = y;
	int r = collate_opt(a->commune, b->commune);
	if (!r)
		r = collate_opt(a->name ? a->name : a->id, b->name ? b->name : b->id);
	return r ? r : strcmp(a->id, b->id);
}

static int bucket_cmp(const void *x, const void *y)
{
	const struct bucket *a = x, *b = y;
	int r = collate_opt(a->commune, b->commune);
	return r ? r : collate_opt(a->name, b->name);
}

/* Every month the period touches, in order. */
static void months_init(struct ctx *c)
{
	int y = atoi(c->p->from), m = atoi(c->p->from + 5);
	int ylast = atoi(c->p->to), mlast = atoi(c->p->to + 5);
	while (y < ylast || (y == ylast && m <= mlast)) {
		c->months = xrealloc(c->months, (c->nmonths + 1) * sizeof *c->months);
		struct month *mo = &c->months[c->nmonths++];
		memset(mo, 0, sizeof *mo);
		snprintf(mo->ym, sizeof mo->ym, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
		if (++m > 12)
			m = 1, y++;
	}
}

/* The columns of the breakdown tables, once the kiosks are sorted. */
static void units_init(struct ctx *c)
{
	c->unit_of = xcalloc(c->nk ? c->nk : 1, sizeof *c->unit_of);
	for (size_t i = 0; i < c->nk; i++) {
		const struct kiosk *k = &c->k[i];
		bool same = c->nunits > 0 && !c->by_kiosk &&
			    collate_opt(c->k[i - 1].commune, k->commune) == 0;
		if (!same) {
			c->units = xrealloc(c->units, (c->nunits + 1) * sizeof *c->units);
			c->units[c->nunits++] =
				xstrdup(c->by_kiosk ? (k->name ? k->name : k->id)
						    : (k->commune ? k->commune : _("Commune not set")));
		}
		c->unit_of[i] = c->nunits - 1;
	}
}

static int gather(struct ctx *c, char **err)
{
	int rc = each_row(c,
			  "SELECT kiosk_id, nullif(trim(name), ''), nullif(trim(commune), '') "
			  "FROM kiosks WHERE coalesce(trim(name), '') <> '' "
			  "OR coalesce(trim(commune), '') <> ''",
			  "kiosks", on_listed_kiosk, err);
	if (!rc)
		rc = run_metrics(c, metrics, NK_ARRAY_LEN(metrics), on_metric, err);
	months_init(c);
	if (!rc)
		rc = run_metrics(c, month_metrics, NK_ARRAY_LEN(month_metrics), on_month, err);
	/* IN (subquery) is looked up once per participant, so this stays linear
	 * in the attempts of the period. Saves made before keys were stored get
	 * theirs computed here. */
	if (!rc && person_key_register(c->h) != SQLITE_OK)
		rc = sql_fail(c->h, sqlite3_errcode(c->h), "participants", err);
	if (!rc)
		rc = each_row(c,
			      "SELECT kiosk_id, nullif(trim(village), ''), gender, ethnicity, "
			      "birth_year, coalesce(person_key, nk_person_key(full_name, birth_year, "
			      "village, phone), uuid) AS person FROM participants WHERE uuid IN "
			      "(SELECT participant_uuid FROM attempts WHERE started_at >= ?1 AND "
			      "started_at < ?2) ORDER BY person, created_at DESC, uuid",
			      "participants", on_participant, err);
	/* Titles are in Vietnamese whatever the interface language: the report
	 * goes to the district, which reads the Vietnamese names. */
	if (!rc)
		rc = each_row(c,
			      "SELECT t.id, coalesce((SELECT title FROM topic_titles WHERE "
			      "topic_id = t.id AND lang = 'vi'), t.id) FROM topics t "
			      "ORDER BY t.ord, t.id",
			      "topics", on_topic_label, err);
	if (!rc)
		rc = each_row(c,
			      "SELECT v.kiosk_id, (SELECT t.id FROM articles a JOIN topics t ON "
			      "t.id = a.topic WHERE a.slug = v.slug), count(*) FROM views v "
			      "WHERE v.started_at >= ?1 AND v.started_at < ?2 GROUP BY 1, 2",
			      "views", on_topic_views, err);
	if (!rc)
		labels_add(&c->dim[D_TOPIC], xstrdup(_("Articles no longer listed")));
	if (!rc)
		rc = each_row(c,
			      "SELECT kiosk_id, lang, count(*) FROM views WHERE started_at >= ?1 "
			      "AND started_at < ?2 GROUP BY lang, kiosk_id ORDER BY lang, kiosk_id",
			      "views", on_lang_views, err);
	if (rc)
		return rc;
	for (int i = 0; i < GENDERS; i++)
		labels_add(&c->dim[D_GENDER], xstrdup(_(genders[i].label)));
	for (int i = 0; i < ETHNICITIES; i++)
		labels_add(&c->dim[D_ETHNICITY], xstrdup(_(ethnicities[i].label)));
	for (int i = 0; i < AGE_BANDS; i++)
		labels_add(&c->dim[D_AGE], xstrdup(_(age_bands[i].label)));
	/* qsort may not be handed the NULL of an empty list. */
	if (c->nk > 1)
		qsort(c->k, c->nk, sizeof *c->k, kiosk_cmp);
	if (c->nvillages > 1)
		qsort(c->villages, c->nvillages, sizeof *c->villages, bucket_cmp);
	units_init(c);
	return NK_OK;
}

/* ---- building the tables ---- */

enum col_kind { C_COUNT, C_PCT, C_TARGET };

/* A figure column: a count of stat, a share stat/whole, or whether that
 * share meets the target. */
struct fig {
	const char *header;
	enum col_kind kind;
	int stat, whole;
};

static bool target_met(int64_t part, int64_t whole)
{
	/* Integers, so 90 of 100 is met without rounding doubt. */
	return part * 100 >= (int64_t)REPORT_ANSWER_TARGET * whole;
}

static void fig_cells(struct report_cell *row, const struct fig *f, size_t n, const int64_t *v)
{
	for (size_t i = 0; i < n; i++) {
		struct report_cell *cell = &row[i];
		switch (f[i].kind) {
		case C_COUNT:
			cell_count(cell, v[f[i].stat]);
			break;
		case C_PCT:
			cell_pct(cell, v[f[i].stat], v[f[i].whole]);
			break;
		case C_TARGET:
			if (v[f[i].whole] > 0)
				cell_text(cell, target_met(v[f[i].stat], v[f[i].whole]) ? _("Yes")
											 : _("No"));
			break;
		}
	}
}

static void sum_into(int64_t *sum, const int64_t *v)
{
	for (int i = 0; i < S_N; i++)
		sum[i] += v[i];
}

static void kiosk_table(struct report *r, const struct ctx *c, int which, const struct fig *f,
			size_t nf)
{
	const char *heads[8] = {N_("Kiosk"), N_("Commune")};
	for (size_t i = 0; i < nf; i++)
		heads[2 + i] = f[i].header;
	struct report_table *t = table_init(r, which, 2 + nf, heads);
	int64_t sum[S_N] = {0};
	for (size_t i = 0; i < c->nk; i++) {
		const struct kiosk *k = &c->k[i];
		struct report_cell *row = row_add(t);
		cell_text(&row[0], k->name ? k->name : k->id);
		cell_text(&row[1], k->commune);
		fig_cells(row + 2, f, nf, k->n);
		sum_into(sum, k->n);
	}
	struct report_cell *row = row_add(t);
	cell_text(&row[0], _("Total"));
	fig_cells(row + 2, f, nf, sum);
	t->total_row = true;
}

static void totals(const struct ctx *c, int64_t *sum)
{
	memset(sum, 0, S_N * sizeof *sum);
	for (size_t i = 0; i < c->nk; i++)
		sum_into(sum, c->k[i].n);
}

static char *target_note(const int64_t *sum)
{
	if (sum[S_RECEIVED] == 0)
		return xasprintf(_("No citizens' questions were received in this period; the "
				   "target of %d%% answered does not apply."),
				 REPORT_ANSWER_TARGET);
	double share = 100.0 * (double)sum[S_ANSWERED] / (double)sum[S_RECEIVED];
	if (target_met(sum[S_ANSWERED], sum[S_RECEIVED]))
		return xasprintf(_("%.1f%% of citizens' questions were answered: the target of "
				   "%d%% is met."),
				 share, REPORT_ANSWER_TARGET);
	return xasprintf(_("%.1f%% of citizens' questions were answered: the target of %d%% is "
			   "not met."),
			 share, REPORT_ANSWER_TARGET);
}

static void summary_table(struct report *r, const struct ctx *c, const struct period *p)
{
	static const char *const heads[] = {N_("Figure"), N_("Value")};
	struct report_table *t = table_init(r, T_SUMMARY, 2, heads);
	free(t->title);
	t->title = xasprintf(_("Summary for %s (%s to %s)"), p->label, p->from, p->to);
	int64_t sum[S_N];
	totals(c, sum);
	static const struct fig figs[] = {
		{N_("Kiosk visits"), C_COUNT, S_VISITS, 0},
		{N_("Article views"), C_COUNT, S_VIEWS, 0},
		{N_("Quizzes taken"), C_COUNT, S_TAKEN, 0},
		{N_("Quizzes completed"), C_COUNT, S_DONE, 0},
		{N_("Average score (%)"), C_PCT, S_RIGHT, S_ASKED},
		{N_("Participants"), C_COUNT, S_PEOPLE, 0},
		{N_("Results saved with a name"), C_COUNT, S_SAVES, 0},
		{N_("Contests held"), C_COUNT, S_CONTESTS, 0},
		{N_("Contest teams"), C_COUNT, S_TEAMS, 0},
		{N_("Contest participants"), C_COUNT, S_CONTESTANTS, 0},
		{N_("Citizens' questions received"), C_COUNT, S_RECEIVED, 0},
		{N_("Citizens' questions answered"), C_COUNT, S_ANSWERED, 0},
		{N_("Questions answered (%)"), C_PCT, S_ANSWERED, S_RECEIVED},
	};
	struct report_cell *row = row_add(t);
	cell_text(&row[0], _("Kiosks"));
	cell_count(&row[1], (int64_t)c->nk);
	for (size_t i = 0; i < NK_ARRAY_LEN(figs); i++) {
		row = row_add(t);
		cell_text(&row[0], _(figs[i].header));
		fig_cells(row + 1, &figs[i], 1, sum);
	}
	row = row_add(t);
	cell_text(&row[0], _("Target for questions answered (%)"));
	row[1].kind = REPORT_PERCENT;
	row[1].num = REPORT_ANSWER_TARGET;
	row = row_add(t);
	cell_text(&row[0], _("Target met"));
	struct fig met = {NULL, C_TARGET, S_ANSWERED, S_RECEIVED};
	fig_cells(row + 1, &met, 1, sum);
	t->note = target_note(sum);
}

static void communes_table(struct report *r, const struct ctx *c)
{
	static const char *const heads[] = {
		N_("Commune"),       N_("Kiosks"),       N_("Visits"),
		N_("Article views"), N_("Quizzes taken"), N_("Quizzes completed"),
		N_("Participants"),  N_("Questions received"), N_("Questions answered"),
		N_("Answered (%)"),
	};
	static const struct fig figs[] = {
		{NULL, C_COUNT, S_VISITS, 0},   {NULL, C_COUNT, S_VIEWS, 0},
		{NULL, C_COUNT, S_TAKEN, 0},    {NULL, C_COUNT, S_DONE, 0},
		{NULL, C_COUNT, S_PEOPLE, 0},   {NULL, C_COUNT, S_RECEIVED, 0},
		{NULL, C_COUNT, S_ANSWERED, 0}, {NULL, C_PCT, S_ANSWERED, S_RECEIVED},
	};
	struct report_table *t = table_init(r, T_COMMUNES, NK_ARRAY_LEN(heads), heads);
	int64_t all[S_N] = {0};
	/* Kiosks are sorted by commune, so each commune is one run. */
	for (size_t i = 0; i < c->nk;) {
		const char *commune = c->k[i].commune;
		int64_t sum[S_N] = {0};
		size_t j = i;
		for (; j < c->nk && collate_opt(c->k[j].commune, commune) == 0; j++)
			sum_into(sum, c->k[j].n);
		struct report_cell *row = row_add(t);
		cell_text(&row[0], commune ? commune : _("Commune not set"));
		cell_count(&row[1], (int64_t)(j - i));
		fig_cells(row + 2, figs, NK_ARRAY_LEN(figs), sum);
		sum_into(all, sum);
		i = j;
	}
	struct report_cell *row = row_add(t);
	cell_text(&row[0], _("Total"));
	cell_count(&row[1], (int64_t)c->nk);
	fig_cells(row + 2, figs, NK_ARRAY_LEN(figs), all);
	t->total_row = true;
}

/*
 * A breakdown: one row per label of dim, then the total row; the columns are
 * the label, the total, then one per commune (or kiosk). With skip_empty_last
 * the last label's row is left out when it is zero everywhere.
 */
static void crosstab(struct report *r, const struct ctx *c, int which, const char *head,
		     int dim, bool skip_empty_last)
{
	const char *heads[] = {head, N_("Total")};
	struct report_table *t = table_init_units(r, which, 2, heads, c->units, c->nunits);
	const struct labels *l = &c->dim[dim];
	int64_t *unit = xcalloc(c->nunits + 1, sizeof *unit);
	int64_t *sum = xcalloc(c->nunits + 1, sizeof *sum);
	int64_t all = 0;
	for (size_t i = 0; i < l->n; i++) {
		memset(unit, 0, (c->nunits + 1) * sizeof *unit);
		int64_t total = 0;
		for (size_t k = 0; k < c->nk; k++) {
			int64_t n = count_of(&c->k[k], dim, i);
			unit[c->unit_of[k]] += n;
			total += n;
		}
		if (skip_empty_last && i + 1 == l->n && total == 0)
			break;
		struct report_cell *row = row_add(t);
		cell_text(&row[0], l->v[i]);
		cell_count(&row[1], total);
		for (size_t u = 0; u < c->nunits; u++) {
			cell_count(&row[2 + u], unit[u]);
			sum[u] += unit[u];
		}
		all += total;
	}
	struct report_cell *row = row_add(t);
	cell_text(&row[0], _("Total"));
	cell_count(&row[1], all);
	for (size_t u = 0; u < c->nunits; u++)
		cell_count(&row[2 + u], sum[u]);
	t->total_row = true;
	free(unit);
	free(sum);
}

static void village_table(struct report *r, const struct ctx *c)
{
	static const char *const heads[] = {N_("Commune"), N_("Village"), N_("Participants")};
	struct report_table *t = table_init(r, T_P_VILLAGE, 3, heads);
	int64_t sum = 0;
	for (size_t i = 0; i < c->nvillages; i++) {
		const struct bucket *b = &c->villages[i];
		struct report_cell *row = row_add(t);
		cell_text(&row[0], b->commune ? b->commune : _("Commune not set"));
		cell_text(&row[1], b->name ? b->name : _("Not given"));
		cell_count(&row[2], b->n);
		sum += b->n;
	}
	struct report_cell *row = row_add(t);
	cell_text(&row[0], _("Total"));
	cell_count(&row[2], sum);
	t->total_row = true;
}

static void month_table(struct report *r, const struct ctx *c)
{
	static const char *const heads[] = {
		N_("Month"),         N_("Visits"),           N_("Article views"),
		N_("Quizzes taken"), N_("Quizzes completed"), N_("Contests held"),
		N_("Questions received"), N_("Questions answered"), N_("Answered (%)"),
	};
	static const struct fig figs[] = {
		{NULL, C_COUNT, S_VISITS, 0},   {NULL, C_COUNT, S_VIEWS, 0},
		{NULL, C_COUNT, S_TAKEN, 0},    {NULL, C_COUNT, S_DONE, 0},
		{NULL, C_COUNT, S_CONTESTS, 0}, {NULL, C_COUNT, S_RECEIVED, 0},
		{NULL, C_COUNT, S_ANSWERED, 0}, {NULL, C_PCT, S_ANSWERED, S_RECEIVED},
	};
	struct report_table *t = table_init(r, T_BY_MONTH, NK_ARRAY_LEN(heads), heads);
	int64_t sum[S_N] = {0};
	for (size_t i = 0; i < c->nmonths; i++) {
		struct report_cell *row = row_add(t);
		cell_text(&row[0], c->months[i].ym);
		fig_cells(row + 1, figs, NK_ARRAY_LEN(figs), c->months[i].n);
		sum_into(sum, c->months[i].n);
	}
	struct report_cell *row = row_add(t);
	cell_text(&row[0], _("Total"));
	fig_cells(row + 1, figs, NK_ARRAY_LEN(figs), sum);
	t->total_row = true;
}

/* ---- question analysis ---- */

/* Bits of the chosen options that are wrong, one column per option. */
#define WRONG_BIT(k)                                                                       \
	"sum(x.correct = 0 AND (x.chosen >> " #k ") & 1 AND NOT (coalesce(q.correct, 0) >> " #k \
	") & 1)"

static int on_question(struct ctx *c, sqlite3_stmt *st, char **err)
{
	(void)err;
	struct report_table *t = c->table;
	struct report_cell *row = row_add(t);
	const char *id = (const char *)sqlite3_column_text(st, 0);
	cell_text(&row[0], id ? id : "");
	char *text = col_dup(st, 2);
	if (text) {
		char *clean = text_sanitize(text, strlen(text), false, NULL);
		cell_text(&row[1], clean);
		free(clean);
	}
	free(text);
	char *lang = lang_label((const char *)sqlite3_column_text(st, 1));
	cell_text(&row[2], lang);
	free(lang);
	int64_t answered = sqlite3_column_int64(st, 3), right = sqlite3_column_int64(st, 4);
	cell_count(&row[3], answered);
	cell_count(&row[4], right);
	cell_pct(&row[5], right, answered);
	int best = -1;
	int64_t most = 0;
	for (int k = 0; k < 8; k++) {
		int64_t n = sqlite3_column_int64(st, 6 + k);
		if (n > most)
			most = n, best = k;
	}
	if (best >= 0) {
		/* The option's text in the language answered, by its letter. */
		sqlite3_stmt *o;
		char *label = NULL;
		if (sqlite3_prepare_v2(c->h,
				       "SELECT text FROM question_options WHERE id = ?1 AND "
				       "lang = ?2 AND idx = ?3",
				       -1, &o, NULL) == SQLITE_OK) {
			sqlite3_bind_value(o, 1, sqlite3_column_value(st, 0));
			sqlite3_bind_value(o, 2, sqlite3_column_value(st, 1));
			sqlite3_bind_int(o, 3, best);
			if (sqlite3_step(o) == SQLITE_ROW) {
				const char *s = (const char *)sqlite3_column_text(o, 0);
				char *clean = text_sanitize(s ? s : "", s ? strlen(s) : 0, false, NULL);
				label = xasprintf("%c. %s", 'A' + best, clean);
				free(clean);
			}
			sqlite3_finalize(o);
		}
		if (!label)
			label = xasprintf("%c", 'A' + best);
		cell_text(&row[6], label);
		free(label);
		cell_count(&row[7], most);
	}
	cell_count(&row[8], sqlite3_column_int64(st, 5));
	return NK_OK;
}

/* Worst understood first: the lowest share right, then by id and language.
 * Shares are compared as cross products, so no rounding orders them. */
static int question_cmp(const void *x, const void *y)
{
	const struct report_cell *a = *(struct report_cell *const *)x,
				 *b = *(struct report_cell *const *)y;
	double l = a[4].num * b[3].num, r = b[4].num * a[3].num;
	bool ea = a[3].num == 0, eb = b[3].num == 0;
	if (ea != eb)
		return ea - eb;
	if (l != r)
		return l < r ? -1 : 1;
	int s = strcmp(a[0].text, b[0].text);
	return s ? s : strcmp(a[2].text ? a[2].text : "", b[2].text ? b[2].text : "");
}

static int question_table(struct report *r, struct ctx *c, char **err)
{
	static const char *const heads[] = {
		N_("Question ID"), N_("Question"), N_("Language"),
		N_("Answered"),    N_("Right"),    N_("Right (%)"),
		N_("Wrong option chosen most"),    N_("Chosen by"), N_("Timed out"),
	};
	c->table = table_init(r, T_QANALYSIS, NK_ARRAY_LEN(heads), heads);
	int rc = each_row(
		c,
		"SELECT x.question_id, a.lang, coalesce((SELECT text FROM question_texts WHERE "
		"id = x.question_id AND lang = a.lang), (SELECT text FROM question_texts WHERE "
		"id = x.question_id AND lang = 'vi')), sum(x.timed_out = 0), "
		"sum(x.timed_out = 0 AND x.correct <> 0), sum(x.timed_out <> 0), " WRONG_BIT(0)
		", " WRONG_BIT(1) ", " WRONG_BIT(2) ", " WRONG_BIT(3) ", " WRONG_BIT(4)
		", " WRONG_BIT(5) ", " WRONG_BIT(6) ", " WRONG_BIT(7)
		" FROM answers x JOIN attempts a ON a.uuid = x.attempt_uuid "
		"LEFT JOIN questions q ON q.id = x.question_id "
		"WHERE a.started_at >= ?1 AND a.started_at < ?2 GROUP BY x.question_id, a.lang",
		"answers", on_question, err);
	if (rc)
		return rc;
	struct report_table *t = c->table;
	if (t->nrows > 1)
		qsort(t->rows, t->nrows, sizeof *t->rows, question_cmp);
	t->note = xstrdup(_("Each question in each language it was answered in, the least "
			    "understood first: how many answered it (timed-out questions "
			    "apart), the share right, and the wrong option chosen most."));
	return NK_OK;
}

static void build_tables(struct report *r, struct ctx *c)
{
	static const struct fig visits[] = {{N_("Visits"), C_COUNT, S_VISITS, 0}};
	static const struct fig views[] = {{N_("Views"), C_COUNT, S_VIEWS, 0}};
	static const struct fig quizzes[] = {
		{N_("Quizzes taken"), C_COUNT, S_TAKEN, 0},
		{N_("Completed"), C_COUNT, S_DONE, 0},
		{N_("Average score (%)"), C_PCT, S_RIGHT, S_ASKED},
	};
	static const struct fig people[] = {
		{N_("Participants"), C_COUNT, S_PEOPLE, 0},
		{N_("Results saved"), C_COUNT, S_SAVES, 0},
	};
	static const struct fig contests[] = {
		{N_("Contests held"), C_COUNT, S_CONTESTS, 0},
		{N_("Teams"), C_COUNT, S_TEAMS, 0},
		{N_("Participants"), C_COUNT, S_CONTESTANTS, 0},
	};
	static const struct fig questions[] = {
		{N_("Received"), C_COUNT, S_RECEIVED, 0},
		{N_("Answered"), C_COUNT, S_ANSWERED, 0},
		{N_("Answered (%)"), C_PCT, S_ANSWERED, S_RECEIVED},
		{N_("Target met"), C_TARGET, S_ANSWERED, S_RECEIVED},
	};
	summary_table(r, c, &r->period);
	kiosk_table(r, c, T_VISITS, visits, NK_ARRAY_LEN(visits));
	crosstab(r, c, T_VIEWS_TOPIC, N_("Topic"), D_TOPIC, true);
	crosstab(r, c, T_VIEWS_LANG, N_("Language"), D_LANG, false);
	kiosk_table(r, c, T_VIEWS_KIOSK, views, NK_ARRAY_LEN(views));
	kiosk_table(r, c, T_QUIZZES, quizzes, NK_ARRAY_LEN(quizzes));
	village_table(r, c);
	crosstab(r, c, T_P_GENDER, N_("Gender"), D_GENDER, false);
	crosstab(r, c, T_P_ETHNICITY, N_("Ethnicity"), D_ETHNICITY, false);
	crosstab(r, c, T_P_AGE, N_("Age band"), D_AGE, false);
	kiosk_table(r, c, T_P_KIOSK, people, NK_ARRAY_LEN(people));
	r->tables[T_P_KIOSK].note = xstrdup(
		_("A participant is a person, however often they saved a result: saves with the "
		  "same phone number are one person, and so are saves with the same name, birth "
		  "year and village (capitals, marks and spaces aside). Each person is counted "
		  "once, at the kiosk of their newest save."));
	kiosk_table(r, c, T_CONTESTS, contests, NK_ARRAY_LEN(contests));
	r->tables[T_CONTESTS].note =
		xstrdup(_("A contest counts on the day it was held, once it has been run."));
	kiosk_table(r, c, T_QUESTIONS, questions, NK_ARRAY_LEN(questions));
	int64_t sum[S_N];
	totals(c, sum);
	r->tables[T_QUESTIONS].note = target_note(sum);
	communes_table(r, c);
	month_table(r, c);
}

static void ctx_free(struct ctx *c)
{
	for (size_t i = 0; i < c->nk; i++) {
		free(c->k[i].id);
		free(c->k[i].name);
		free(c->k[i].commune);
		for (int d = 0; d < D_N; d++)
			free(c->k[i].d[d]);
	}
	free(c->k);
	for (size_t i = 0; i < c->nvillages; i++) {
		free(c->villages[i].commune);
		free(c->villages[i].name);
	}
	free(c->villages);
	for (int d = 0; d < D_N; d++)
		labels_clear(&c->dim[d]);
	for (size_t i = 0; i < c->ntopic_ids; i++)
		free(c->topic_ids[i]);
	free(c->topic_ids);
	free(c->months);
	for (size_t i = 0; i < c->nunits; i++)
		free(c->units[i]);
	free(c->units);
	free(c->unit_of);
	free(c->last_person);
}

int report_build(struct db *db, const struct period *p, struct report **out, char **err)
{
	return report_build_opts(db, p, NULL, out, err);
}

int report_build_opts(struct db *db, const struct period *p, const struct report_opts *opts,
		      struct report **out, char **err)
{
	*out = NULL;
	struct ctx c = {0};
	c.h = db_sqlite(db);
	c.p = p;
	c.by_kiosk = opts && opts->by_kiosk;
	int rc = period_bounds(p, c.from, c.to, err);
	if (rc)
		return rc;
	c.end_year = atoi(p->to);

	/* One read transaction, so a kiosk recording visits meanwhile cannot
	 * make the tables disagree with each other. */
	bool own_txn = sqlite3_get_autocommit(c.h) != 0;
	if (own_txn && (rc = db_exec(db, "BEGIN", err)) != NK_OK)
		return rc;
	struct report *r = xcalloc(1, sizeof *r);
	r->period = *p;
	r->ntables = opts && opts->questions ? T_COUNT : T_QANALYSIS;
	r->tables = xcalloc(T_COUNT, sizeof *r->tables);
	rc = gather(&c, err);
	if (!rc)
		build_tables(r, &c);
	if (!rc && opts && opts->questions)
		rc = question_table(r, &c, err);
	if (own_txn)
		db_exec(db, "COMMIT", NULL);
	ctx_free(&c);
	if (rc) {
		report_free(&r);
		return rc;
	}
	*out = r;
	return NK_OK;
}

const struct report_table *report_table(const struct report *r, const char *id)
{
	for (size_t i = 0; i < r->ntables; i++)
		if (r->tables[i].id && strcmp(r->tables[i].id, id) == 0)
			return &r->tables[i];
	return NULL;
}

void report_free(struct report **rp)
{
	struct report *r = rp ? *rp : NULL;
	if (!r)
		return;
	for (size_t i = 0; i < r->ntables; i++) {
		struct report_table *t = &r->tables[i];
		free(t->title);
		free(t->sheet);
		for (size_t j = 0; j < t->ncols; j++)
			free(t->headers[j]);
		free(t->headers);
		for (size_t j = 0; j < t->nrows; j++) {
			for (size_t k = 0; k < t->ncols; k++)
				free(t->rows[j][k].text);
			free(t->rows[j]);
		}
		free(t->rows);
		free(t->note);
	}
	free(r->tables);
	free(r);
	*rp = NULL;
}

/* ---- writing ---- */

/* The text of a number cell as CSV and JSON write it: always a dot, never
 * the vi_VN comma, because these files are read by programs. Tenths are
 * counted in integers so no LC_NUMERIC a caller sets can change it (the
 * numbers are never negative). */
static void num_text(const struct report_cell *c, char buf[40])
{
	if (c->kind == REPORT_PERCENT) {
		long long tenths = (long long)(c->num * 10 + 0.5);
		snprintf(buf, 40, "%lld.%lld", tenths / 10, tenths % 10);
	} else {
		snprintf(buf, 40, "%lld", (long long)c->num);
	}
}

static void write_csv(const struct report *r, struct out *o)
{
	out_csv_bom(o);
	for (size_t i = 0; i < r->ntables; i++) {
		const struct report_table *t = &r->tables[i];
		out_csv_field(o, t->title);
		out_csv_eol(o);
		for (size_t j = 0; j < t->ncols; j++) {
			if (j)
				out_csv_sep(o);
			out_csv_field(o, t->headers[j]);
		}
		out_csv_eol(o);
		for (size_t j = 0; j < t->nrows; j++) {
			for (size_t k = 0; k < t->ncols; k++) {
				const struct report_cell *c = &t->rows[j][k];
				char buf[40];
				if (k)
					out_csv_sep(o);
				if (c->kind == REPORT_TEXT) {
					out_csv_field(o, c->text);
				} else if (c->kind != REPORT_EMPTY) {
					/* Never negative, so never guarded. */
					num_text(c, buf);
					out_puts(o, buf);
				}
			}
			out_csv_eol(o);
		}
		if (t->note) {
			out_csv_field(o, t->note);
			out_csv_eol(o);
		}
		out_csv_eol(o);
	}
}

static void write_json(const struct report *r, struct out *o)
{
	out_puts(o, "{\"period\":{\"label\":");
	out_json_string(o, r->period.label);
	out_puts(o, ",\"from\":");
	out_json_string(o, r->period.from);
	out_puts(o, ",\"to\":");
	out_json_string(o, r->period.to);
	out_puts(o, "},\n\"tables\":[");
	for (size_t i = 0; i < r->ntables; i++) {
		const struct report_table *t = &r->tables[i];
		out_puts(o, i ? ",\n{\"id\":" : "\n{\"id\":");
		out_json_string(o, t->id);
		out_puts(o, ",\"title\":");
		out_json_string(o, t->title);
		out_puts(o, ",\"columns\":[");
		for (size_t j = 0; j < t->ncols; j++) {
			if (j)
				out_put(o, ",", 1);
			out_json_string(o, t->headers[j]);
		}
		out_puts(o, "],\"rows\":[");
		for (size_t j = 0; j < t->nrows; j++) {
			out_puts(o, j ? ",[" : "[");
			for (size_t k = 0; k < t->ncols; k++) {
				const struct report_cell *c = &t->rows[j][k];
				char buf[40];
				if (k)
					out_put(o, ",", 1);
				if (c->kind == REPORT_TEXT) {
					out_json_string(o, c->text);
				} else if (c->kind == REPORT_EMPTY) {
					out_puts(o, "null");
				} else {
					num_text(c, buf);
					out_puts(o, buf);
				}
			}
			out_put(o, "]", 1);
		}
		out_puts(o, "],\"note\":");
		out_json_string(o, t->note);
		out_put(o, "}", 1);
	}
	out_puts(o, "\n]}\n");
}

struct xfmt {
	lxw_format *title, *head, *pct, *bold, *bold_pct;
	char *header, *footer; /* the printed page's header and footer */
	const char *commune;   /* what the header names */
	char made[16];         /* the local day the report was made */
};

/* Where the charts go on their sheet: two a row, each this many columns
 * and rows apart. */
enum { CHART_COLS = 8, CHART_ROWS = 16 };

static void xlsx_page(lxw_worksheet *ws, const struct xfmt *x, bool landscape)
{
	worksheet_set_paper(ws, 9); /* A4 */
	if (landscape)
		worksheet_set_landscape(ws);
	worksheet_set_header(ws, x->header);
	worksheet_set_footer(ws, x->footer);
}

static void xlsx_table(lxw_worksheet *ws, const struct report_table *t, const struct xfmt *x)
{
	double *width = xcalloc(t->ncols ? t->ncols : 1, sizeof *width);
	worksheet_write_string(ws, 0, 0, t->title, x->title);
	for (size_t j = 0; j < t->ncols; j++) {
		worksheet_write_string(ws, 1, (lxw_col_t)j, t->headers[j], x->head);
		width[j] = text_width(t->headers[j], strlen(t->headers[j]));
	}
	for (size_t i = 0; i < t->nrows; i++) {
		bool total = t->total_row && i + 1 == t->nrows;
		lxw_row_t row = (lxw_row_t)(i + 2);
		for (size_t j = 0; j < t->ncols; j++) {
			const struct report_cell *c = &t->rows[i][j];
			lxw_col_t col = (lxw_col_t)j;
			char buf[40];
			double w = 0;
			if (c->kind == REPORT_TEXT) {
				worksheet_write_string(ws, row, col, c->text,
						       total ? x->bold : NULL);
				w = text_width(c->text, strlen(c->text));
			} else if (c->kind != REPORT_EMPTY) {
				bool pct = c->kind == REPORT_PERCENT;
				worksheet_write_number(ws, row, col, c->num,
						       pct ? (total ? x->bold_pct : x->pct)
							   : (total ? x->bold : NULL));
				num_text(c, buf);
				w = (double)strlen(buf);
			}
			if (w > width[j])
				width[j] = w;
		}
	}
	if (t->note)
		worksheet_write_string(ws, (lxw_row_t)(t->nrows + 3), 0, t->note, NULL);
	for (size_t j = 0; j < t->ncols; j++) {
		double w = width[j] + 2;
		worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, w < 8 ? 8 : w > 60 ? 60 : w,
				     NULL);
	}
	worksheet_freeze_panes(ws, 2, 0);
	/* Printed: as wide as the page, the title and the header row on
	 * every page. */
	worksheet_repeat_rows(ws, 0, 1);
	free(width);
}

/* The summary is the page an officer signs: on one page, with the commune,
 * the day it was made and room for the signatures. */
static void xlsx_summary(lxw_worksheet *ws, const struct report_table *t, const struct xfmt *x)
{
	xlsx_table(ws, t, x);
	lxw_row_t row = (lxw_row_t)(t->nrows + (t->note ? 5 : 3));
	worksheet_write_string(ws, row, 0, _("Commune"), x->bold);
	worksheet_write_string(ws, row++, 1, x->commune, NULL);
	worksheet_write_string(ws, row, 0, _("Made on"), x->bold);
	worksheet_write_string(ws, row, 1, x->made, NULL);
	row += 2;
	worksheet_write_string(ws, row, 0, _("Prepared by"), x->bold);
	worksheet_write_string(ws, row++, 1, _("Approved by"), x->bold);
	worksheet_write_string(ws, row, 0, _("(signature and full name)"), NULL);
	worksheet_write_string(ws, row, 1, _("(signature, full name and seal)"), NULL);
	/* Portrait: two columns read best down a page. */
	xlsx_page(ws, x, false);
	worksheet_fit_to_pages(ws, 1, 1);
}

/* A chart of some columns of a table's sheet, without its total row, at the
 * slot'th place of the charts sheet (two a row, four a page). */
static lxw_chart *xlsx_chart(lxw_workbook *wb, lxw_worksheet *cs, const struct report_table *t,
			     const char *sheet, uint8_t type, const lxw_col_t *cols, size_t ncols,
			     size_t slot)
{
	size_t n = t->nrows - (t->total_row ? 1 : 0);
	double max = 0;
	lxw_chart *ch = workbook_add_chart(wb, type);
	for (size_t k = 0; k < ncols; k++) {
		lxw_col_t col = cols[k];
		for (size_t i = 0; i < n; i++)
			if (t->rows[i][col].num > max)
				max = t->rows[i][col].num;
		lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
		chart_series_set_categories(s, sheet, 2, 0, (lxw_row_t)(n + 1), 0);
		chart_series_set_values(s, sheet, 2, col, (lxw_row_t)(n + 1), col);
		chart_series_set_name(s, t->headers[col]);
	}
	chart_title_set_name(ch, t->title);
	chart_legend_set_position(ch, ncols > 1 || type == LXW_CHART_PIE ? LXW_CHART_LEGEND_BOTTOM
									: LXW_CHART_LEGEND_NONE);
	if (type != LXW_CHART_PIE) {
		/* Counts: whole-number steps, about eight of them, never "0.5
		 * visits". */
		double step = 1;
		while (max / step > 8)
			step *= max / step > 40 ? 10 : 2;
		/* A bar chart draws its first category at the bottom; reversed,
		 * it reads top to bottom in the table's order, with the values
		 * below. libxlsxwriter names a bar chart's axes as drawn: y is
		 * the categories, x the values. */
		if (type == LXW_CHART_BAR) {
			chart_axis_set_reverse(ch->y_axis);
			chart_axis_set_crossing_max(ch->y_axis);
			chart_axis_set_major_unit(ch->x_axis, step);
		} else {
			chart_axis_set_major_unit(ch->y_axis, step);
		}
	}
	lxw_chart_options opt = {.x_scale = 1, .y_scale = 1};
	worksheet_insert_chart_opt(cs, (lxw_row_t)(1 + CHART_ROWS * (slot / 2)),
				   (lxw_col_t)(CHART_COLS * (slot % 2)), ch, &opt);
	return ch;
}

/* The communes a report covers, for the printed header: by name when there
 * are few. */
static char *communes_text(const struct report *r)
{
	const struct report_table *t = report_table(r, "communes");
	size_t n = t && t->nrows ? t->nrows - 1 : 0;
	if (n == 0)
		return xstrdup(_("no kiosk records"));
	if (n > 3)
		return xasprintf(_("%zu communes"), n); /* more than three */
	char *s = xstrdup(t->rows[0][0].text ? t->rows[0][0].text : "");
	for (size_t i = 1; i < n; i++) {
		char *more = xasprintf("%s, %s", s, t->rows[i][0].text ? t->rows[i][0].text : "");
		free(s);
		s = more;
	}
	return s;
}

/* Text for a printed header or footer: '&' starts a code there, so it is
 * doubled. */
static char *hf_text(const char *s)
{
	size_t n = strlen(s), amps = 0;
	for (size_t i = 0; i < n; i++)
		amps += s[i] == '&';
	char *out = xmalloc(n + amps + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		*o++ = s[i];
		if (s[i] == '&')
			*o++ = '&';
	}
	*o = '\0';
	return out;
}

static void xfmt_page_texts(struct xfmt *x, const struct report *r, char *commune)
{
	time_t now = time(NULL);
	struct tm lt;
	localtime_r(&now, &lt);
	strftime(x->made, sizeof x->made, "%Y-%m-%d", &lt);
	x->commune = commune;
	char *left = xasprintf(_("Commune: %s"), commune);
	char *mid = xasprintf(_("Period %s (%s to %s)"), r->period.label, r->period.from,
			      r->period.to);
	char *right = xasprintf(_("Made on %s"), x->made);
	char *l = hf_text(left), *m = hf_text(mid), *rt = hf_text(right);
	/* Excel allows 255 characters in a header; the commune list is the
	 * part that can grow, and it is cut first. */
	size_t room = 255 - 9 - strlen(m) - strlen(rt);
	if (strlen(l) > room) {
		size_t cut = room;
		while (cut && ((unsigned char)l[cut] & 0xC0) == 0x80)
			cut--;
		l[cut] = '\0';
	}
	x->header = xasprintf("&L%s\n%s&R%s", l, m, rt);
	char *page = hf_text(_("Page"));
	char *of = hf_text(_("of"));
	x->footer = xasprintf("&C%s &P %s &N", page, of);
	free(page);
	free(of);
	free(left);
	free(mid);
	free(right);
	free(l);
	free(m);
	free(rt);
}

/* Citizens' questions answered per commune, against the target: the target
 * is a second series, read from a hidden column of the charts sheet. */
static void xlsx_target_chart(lxw_workbook *wb, lxw_worksheet *cs, const char *cs_name,
			      const struct report_table *t, const char *sheet, size_t slot)
{
	size_t n = t->nrows - 1;
	lxw_col_t answered = (lxw_col_t)(t->ncols - 1), hidden = 2 * CHART_COLS + 2;
	for (size_t i = 0; i < n; i++)
		worksheet_write_number(cs, (lxw_row_t)(i + 2), hidden, REPORT_ANSWER_TARGET, NULL);
	lxw_row_col_options hide = {.hidden = 1};
	worksheet_set_column_opt(cs, hidden, hidden, 8, NULL, &hide);
	lxw_chart *ch = workbook_add_chart(wb, LXW_CHART_COLUMN);
	lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
	chart_series_set_categories(s, sheet, 2, 0, (lxw_row_t)(n + 1), 0);
	chart_series_set_values(s, sheet, 2, answered, (lxw_row_t)(n + 1), answered);
	chart_series_set_name(s, _("Questions answered (%)"));
	s = chart_add_series(ch, NULL, NULL);
	chart_series_set_categories(s, sheet, 2, 0, (lxw_row_t)(n + 1), 0);
	chart_series_set_values(s, cs_name, 2, hidden, (lxw_row_t)(n + 1), hidden);
	chart_series_set_name(s, _("Target (%)"));
	chart_show_hidden_data(ch);
	chart_title_set_name(ch, _("Citizens' questions answered against the target"));
	chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
	chart_axis_set_min(ch->y_axis, 0);
	chart_axis_set_max(ch->y_axis, 100);
	chart_axis_set_major_unit(ch->y_axis, 10);
	lxw_chart_options opt = {.x_scale = 1, .y_scale = 1};
	worksheet_insert_chart_opt(cs, (lxw_row_t)(1 + CHART_ROWS * (slot / 2)),
				   (lxw_col_t)(CHART_COLS * (slot % 2)), ch, &opt);
}

static void xlsx_charts(lxw_workbook *wb, lxw_worksheet *cs, const struct report *r,
			char *const *names, const struct xfmt *x)
{
	static const lxw_col_t c1[] = {1}, c2[] = {2}, months[] = {1, 2, 3};
	static const struct {
		int table;
		uint8_t type;
		const lxw_col_t *cols;
		size_t ncols;
	} charts[] = {
		{T_P_GENDER, LXW_CHART_PIE, c1, 1},
		{T_P_ETHNICITY, LXW_CHART_COLUMN, c1, 1},
		{T_P_AGE, LXW_CHART_COLUMN, c1, 1},
		{T_COMMUNES, LXW_CHART_COLUMN, NULL, 0}, /* answered against the target */
		{T_BY_MONTH, LXW_CHART_LINE, months, 3},
		{T_VIEWS_TOPIC, LXW_CHART_COLUMN, c1, 1},
		{T_VISITS, LXW_CHART_COLUMN, c2, 1},
	};
	size_t slot = 0;
	for (size_t i = 0; i < NK_ARRAY_LEN(charts); i++) {
		const struct report_table *t = &r->tables[charts[i].table];
		if (t->nrows <= (t->total_row ? 1u : 0u))
			continue;
		if (charts[i].ncols)
			xlsx_chart(wb, cs, t, names[charts[i].table], charts[i].type,
				   charts[i].cols, charts[i].ncols, slot++);
		else
			xlsx_target_chart(wb, cs, names[r->ntables], t, names[charts[i].table],
					  slot++);
	}
	if (slot == 0)
		worksheet_write_string(cs, 0, 0, _("Nothing to chart in this period."), NULL);
	worksheet_write_string(cs, 0, 0, _("Charts"), x->title);
	/* Four charts a page: a break after every second row of them. */
	lxw_row_t breaks[8] = {0};
	for (size_t i = 0; i < 7 && (i + 1) * 4 < slot; i++)
		breaks[i] = (lxw_row_t)(2 * CHART_ROWS * (i + 1));
	worksheet_set_h_pagebreaks(cs, breaks);
	xlsx_page(cs, x, true);
	/* Two charts (2 x 8 columns) across a landscape A4 page, as LibreOffice
	 * and Excel draw them;
	 * fitting to the page would drop the page breaks. */
	worksheet_set_print_scale(cs, 75);
}

/* Writes the workbook to file; messages name path (the name the officer
 * asked for: file is a temporary one). */
static int write_xlsx(const struct report *r, const char *file, const char *path, char **err)
{
	/* libxlsxwriter reports a file it cannot create on stderr; opening it
	 * here first turns that into our message and keeps records/ silent. */
	if (xlsx_load(err) != NK_OK)
		return NK_EFAIL;
	FILE *probe = fopen(file, "wb");
	if (!probe)
		return err_write(err, errno, path);
	fclose(probe);
	lxw_workbook *wb = workbook_new(file);
	if (!wb)
		return err_set(err, NK_EIO, "%s: cannot start the workbook", path);
	struct xfmt x = {0};
	x.title = workbook_add_format(wb);
	format_set_bold(x.title);
	format_set_font_size(x.title, 13);
	x.head = workbook_add_format(wb);
	format_set_bold(x.head);
	format_set_bottom(x.head, LXW_BORDER_THIN);
	format_set_text_wrap(x.head);
	x.pct = workbook_add_format(wb);
	format_set_num_format(x.pct, "0.0");
	x.bold = workbook_add_format(wb);
	format_set_bold(x.bold);
	x.bold_pct = workbook_add_format(wb);
	format_set_bold(x.bold_pct);
	format_set_num_format(x.bold_pct, "0.0");
	char *commune = communes_text(r);
	xfmt_page_texts(&x, r, commune);

	char **names = xcalloc(r->ntables + 1, sizeof *names);
	int rc = NK_OK;
	for (size_t i = 0; i < r->ntables; i++)
		names[i] = out_sheet_name(r->tables[i].sheet, r->tables[i].id, names, i);
	names[r->ntables] = out_sheet_name(_("Charts"), "Charts", names, r->ntables);
	for (size_t i = 0; i < r->ntables; i++) {
		lxw_worksheet *ws = workbook_add_worksheet(wb, names[i]);
		if (!ws) {
			rc = err_set(err, NK_EFAIL, "%s: sheet name '%s' refused", path, names[i]);
			break;
		}
		if (i == T_SUMMARY) {
			xlsx_summary(ws, &r->tables[i], &x);
		} else {
			xlsx_table(ws, &r->tables[i], &x);
			xlsx_page(ws, &x, true);
			worksheet_fit_to_pages(ws, 1, 0);
		}
	}
	if (!rc) {
		lxw_worksheet *cs = workbook_add_worksheet(wb, names[r->ntables]);
		if (!cs)
			rc = err_set(err, NK_EFAIL, "%s: sheet name '%s' refused", path,
				     names[r->ntables]);
		else
			xlsx_charts(wb, cs, r, names, &x);
	}
	errno = 0;
	lxw_error e = workbook_close(wb);
	int sys = errno;
	for (size_t i = 0; i <= r->ntables; i++)
		free(names[i]);
	free(names);
	free(x.header);
	free(x.footer);
	free(commune);
	if (!rc && e != LXW_NO_ERROR)
		rc = xlsx_fail(err, path, (int)e, sys);
	return rc;
}

static int copy_file(const char *path, FILE *out, char **err)
{
	char *buf;
	size_t len;
	int rc = util_read_file(path, &buf, &len, err);
	if (rc)
		return rc;
	if (fwrite(buf, 1, len, out) != len)
		rc = err_write(err, errno, "report");
	free(buf);
	return rc;
}

/* fflush and check a stream the report was written to. */
static int finish_stream(FILE *f, const char *what, char **err)
{
	if (fflush(f) != 0 || ferror(f))
		return err_write(err, errno, what);
	return NK_OK;
}

static int write_stream(const struct report *r, enum report_format f, FILE *out,
			const char *what, char **err)
{
	struct out o;
	out_open(&o, out);
	if (f == REPORT_CSV)
		write_csv(r, &o);
	else
		write_json(r, &o);
	return out_close(&o, what, err);
}

/* The XLSX for a stream: written to a private temporary file and copied. */
static int xlsx_to_stream(const struct report *r, FILE *out, char **err)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || dir[0] != '/')
		dir = "/tmp";
	/* mkstemp's template ends in six X's, spelled out at run time. */
	char *tmp = xasprintf("%s/ntmkiosk-report-%6s", dir, "");
	memset(tmp + strlen(tmp) - 6, 'X', 6);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int rc = err_set(err, NK_EIO, "%s: %s", dir, strerror(errno));
		free(tmp);
		return rc;
	}
	close(fd);
	int rc = write_xlsx(r, tmp, "report", err);
	if (!rc)
		rc = copy_file(tmp, out, err);
	if (!rc)
		rc = finish_stream(out, "report", err);
	unlink(tmp);
	free(tmp);
	return rc;
}

int report_write(struct db *db, const struct period *p, enum report_format f,
		 const char *out_path, FILE *out, char **err)
{
	return report_write_opts(db, p, NULL, f, out_path, out, err);
}

int report_write_opts(struct db *db, const struct period *p, const struct report_opts *opts,
		      enum report_format f, const char *out_path, FILE *out, char **err)
{
	if (f != REPORT_XLSX && f != REPORT_CSV && f != REPORT_JSON)
		return err_set(err, NK_EINVAL, "report: unknown format %d", (int)f);
	if (!out && (!out_path || !out_path[0]))
		return err_set(err, NK_EINVAL, "report: no output given");
	struct report *r;
	int rc = report_build_opts(db, p, opts, &r, err);
	if (rc)
		return rc;
	if (out) {
		rc = f == REPORT_XLSX ? xlsx_to_stream(r, out, err)
				      : write_stream(r, f, out, "report", err);
		report_free(&r);
		return rc;
	}

	/* Beside the target, synced and renamed (core/safefile.h), so an
	 * officer never finds half a report under the real name after a power
	 * cut; mode 0600 like every file of records. */
	struct safefile *sf = NULL;
	rc = safefile_open(out_path, SAFEFILE_PRIVATE, &sf, err);
	if (!rc && f == REPORT_XLSX) {
		rc = write_xlsx(r, safefile_tmp(sf), out_path, err);
	} else if (!rc) {
		FILE *fp = safefile_stream(sf, err);
		rc = fp ? write_stream(r, f, fp, out_path, err) : NK_EIO;
	}
	if (!rc)
		rc = safefile_commit(&sf, err);
	safefile_abort(&sf);
	report_free(&r);
	return rc;
}
