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

int period_parse(const char *s, struct period *out, char **err)
{
	memset(out, 0, sizeof *out);
	if (!s)
		s = "";
	size_t n = strlen(s);
	bool half = n == 7 && s[4] == '-' && (s[5] == 'H' || s[5] == 'h') &&
		    (s[6] == '1' || s[6] == '2');
	if ((n != 4 && !half) || !all_digits(s, 4) || strncmp(s, "1970", 4) < 0)
		return err_set(err, NK_EINVAL,
			       "period '%s': expected YYYY, YYYY-H1 or YYYY-H2 with a year from "
			       "1970 to 9999 (for example 2026-H1)",
			       s);
	/* Built by copying, not printf, so the fixed sizes are plain to see. */
	memcpy(out->from, s, 4);
	memcpy(out->to, s, 4);
	memcpy(out->from + 4, half && s[6] == '2' ? "-07-01" : "-01-01", 7);
	memcpy(out->to + 4, half && s[6] == '1' ? "-06-30" : "-12-31", 7);
	memcpy(out->label, s, 4);
	if (half)
		memcpy(out->label + 4, s[6] == '1' ? "-H1" : "-H2", 4);
	return NK_OK;
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

static bool parse_date(const char *s, int *y, int *m, int *d)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) ||
	    !all_digits(s + 5, 2) || !all_digits(s + 8, 2))
		return false;
	*y = atoi(s);
	*m = atoi(s + 5);
	*d = atoi(s + 8);
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
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
};

static struct report_table *table_init(struct report *r, int which, size_t ncols,
				       const char *const *headers)
{
	struct report_table *t = &r->tables[which];
	t->id = defs[which].id;
	t->title = xstrdup(_(defs[which].title));
	t->sheet = xstrdup(_(defs[which].sheet));
	t->ncols = ncols;
	t->headers = xcalloc(ncols, sizeof *t->headers);
	for (size_t i = 0; i < ncols; i++)
		t->headers[i] = xstrdup(_(headers[i]));
	return t;
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

/* A two-column "label, count" row. */
static void row_label_count(struct report_table *t, const char *label, int64_t n)
{
	struct report_cell *row = row_add(t);
	cell_text(&row[0], label);
	cell_count(&row[1], n);
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

struct kiosk {
	char *id, *name, *commune;
	int64_t n[S_N];
};

struct bucket {
	char *name; /* NULL: not given */
	int64_t n;
};

enum { GENDERS = 4, ETHNICITIES = 8, AGE_BANDS = 6 };

struct ctx {
	sqlite3 *h;
	char from[32], to[32];
	int end_year;
	struct kiosk *k;
	size_t nk, capk;
	struct bucket *villages;
	size_t nvillages, capvillages;
	int64_t gender[GENDERS], ethnicity[ETHNICITIES], age[AGE_BANDS];
	/* What the row callbacks of the query being run fill in. */
	const struct metric *metric;
	struct report_table *table;
	int64_t sum;
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

static int sql_fail(sqlite3 *h, int s, const char *what, char **err)
{
	int code = db_errcode(s);
	return err_set(err, code ? code : NK_EFAIL, "report: %s: %s", what, sqlite3_errmsg(h));
}

typedef int (*row_fn)(struct ctx *c, sqlite3_stmt *st, char **err);

/* Runs sql with ?1 and ?2 bound to the period's UTC bounds (when it has
 * them) and calls fn on each row. */
static int each_row(struct ctx *c, const char *sql, const char *what, row_fn fn, char **err)
{
	sqlite3_stmt *st;
	int s = sqlite3_prepare_v2(c->h, sql, -1, &st, NULL);
	if (s != SQLITE_OK)
		return sql_fail(c->h, s, what, err);
	int np = sqlite3_bind_parameter_count(st);
	if (np >= 1)
		sqlite3_bind_text(st, 1, c->from, -1, SQLITE_STATIC);
	if (np >= 2)
		sqlite3_bind_text(st, 2, c->to, -1, SQLITE_STATIC);
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
	 "SELECT kiosk_id, count(*) FROM contests WHERE started_at >= ?1 AND started_at < ?2 "
	 "GROUP BY kiosk_id",
	 S_CONTESTS, 1},
	{{"contests", "contest_teams"},
	 "SELECT c.kiosk_id, count(*) FROM contest_teams t JOIN contests c "
	 "ON c.uuid = t.contest_uuid WHERE c.started_at >= ?1 AND c.started_at < ?2 "
	 "GROUP BY c.kiosk_id",
	 S_TEAMS, 1},
	{{"contests", "contest_teams", "contest_members"},
	 "SELECT c.kiosk_id, count(*) FROM contest_members m "
	 "JOIN contest_teams t ON t.uuid = m.team_uuid JOIN contests c ON c.uuid = t.contest_uuid "
	 "WHERE c.started_at >= ?1 AND c.started_at < ?2 GROUP BY c.kiosk_id",
	 S_CONTESTANTS, 1},
};

static int on_metric(struct ctx *c, sqlite3_stmt *st, char **err)
{
	const char *id = (const char *)sqlite3_column_text(st, 0);
	struct kiosk *k;
	int rc = kiosk_get(c, id ? id : "", &k, err);
	if (rc)
		return rc;
	for (int i = 0; i < c->metric->count; i++)
		k->n[c->metric->first + i] += sqlite3_column_int64(st, i + 1);
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

static int find_category(const struct category *cats, size_t n, const char *v)
{
	for (size_t i = 0; v && i + 1 < n; i++)
		if (strcmp(cats[i].value, v) == 0)
			return (int)i;
	return (int)n - 1;
}

static int on_participant(struct ctx *c, sqlite3_stmt *st, char **err)
{
	struct kiosk *k;
	const char *id = (const char *)sqlite3_column_text(st, 0);
	int rc = kiosk_get(c, id ? id : "", &k, err);
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

	char *village = col_dup(st, 1);
	size_t i;
	for (i = 0; i < c->nvillages; i++) {
		const char *v = c->villages[i].name;
		if (v == village || (v && village && strcmp(v, village) == 0))
			break;
	}
	if (i == c->nvillages) {
		xgrow((void **)&c->villages, &c->capvillages, i + 1, sizeof *c->villages);
		c->villages[c->nvillages++] = (struct bucket){village, 0};
		village = NULL;
	}
	free(village);
	c->villages[i].n++;

	c->gender[find_category(genders, GENDERS, (const char *)sqlite3_column_text(st, 2))]++;
	c->ethnicity[find_category(ethnicities, ETHNICITIES,
				   (const char *)sqlite3_column_text(st, 3))]++;
	int band = AGE_BANDS - 1;
	if (sqlite3_column_type(st, 4) == SQLITE_INTEGER) {
		int64_t age = c->end_year - sqlite3_column_int64(st, 4);
		for (int b = 0; b < AGE_BANDS - 1 && age >= 0; b++)
			if (age <= age_bands[b].max) {
				band = b;
				break;
			}
	}
	c->age[band]++;
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
	return collate_opt(a->name, b->name);
}

static int gather(struct ctx *c, char **err)
{
	int rc = each_row(c,
			  "SELECT kiosk_id, nullif(trim(name), ''), nullif(trim(commune), '') "
			  "FROM kiosks WHERE coalesce(trim(name), '') <> '' "
			  "OR coalesce(trim(commune), '') <> ''",
			  "kiosks", on_listed_kiosk, err);
	for (size_t i = 0; !rc && i < NK_ARRAY_LEN(metrics); i++) {
		bool present = true;
		for (size_t j = 0; !rc && present && j < 3 && metrics[i].needs[j]; j++)
			rc = table_exists(c, metrics[i].needs[j], &present, err);
		if (rc || !present)
			continue;
		c->metric = &metrics[i];
		rc = each_row(c, metrics[i].sql, "report", on_metric, err);
	}
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
	if (rc)
		return rc;
	/* qsort may not be handed the NULL of an empty list. */
	if (c->nk > 1)
		qsort(c->k, c->nk, sizeof *c->k, kiosk_cmp);
	if (c->nvillages > 1)
		qsort(c->villages, c->nvillages, sizeof *c->villages, bucket_cmp);
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
	};
	static const struct fig figs[] = {
		{NULL, C_COUNT, S_VISITS, 0},   {NULL, C_COUNT, S_VIEWS, 0},
		{NULL, C_COUNT, S_TAKEN, 0},    {NULL, C_COUNT, S_DONE, 0},
		{NULL, C_COUNT, S_PEOPLE, 0},   {NULL, C_COUNT, S_RECEIVED, 0},
		{NULL, C_COUNT, S_ANSWERED, 0},
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

static void total_row(struct report_table *t, int64_t n)
{
	row_label_count(t, _("Total"), n);
	t->total_row = true;
}

/* Views by topic and language are read straight into c->table. */
static int on_topic(struct ctx *c, sqlite3_stmt *st, char **err)
{
	(void)err;
	int64_t n = sqlite3_column_int64(st, 1);
	row_label_count(c->table, (const char *)sqlite3_column_text(st, 0), n);
	c->sum += n;
	return NK_OK;
}

static int on_language(struct ctx *c, sqlite3_stmt *st, char **err)
{
	(void)err;
	const char *id = (const char *)sqlite3_column_text(st, 0);
	const struct i18n_lang *l = i18n_lang_find(id ? id : "");
	/* The language list is loaded by the app; without it the id is all
	 * there is, and still tells the languages apart. */
	char *label = l ? xasprintf("%s (%s)", l->native, l->id) : xstrdup(id ? id : "");
	int64_t n = sqlite3_column_int64(st, 1);
	row_label_count(c->table, label, n);
	free(label);
	c->sum += n;
	return NK_OK;
}

static int views_tables(struct report *r, struct ctx *c, char **err)
{
	static const char *const topic_heads[] = {N_("Topic"), N_("Views")};
	c->table = table_init(r, T_VIEWS_TOPIC, 2, topic_heads);
	c->sum = 0;
	/* Titles are in Vietnamese whatever the interface language: the report
	 * goes to the district, which reads the Vietnamese names. Views of an
	 * article no longer in the database go to their own row. */
	int rc = each_row(c,
			  "SELECT coalesce((SELECT title FROM topic_titles WHERE topic_id = t.id "
			  "AND lang = 'vi'), t.id), (SELECT count(*) FROM views v JOIN articles a "
			  "ON a.slug = v.slug WHERE a.topic = t.id AND v.started_at >= ?1 "
			  "AND v.started_at < ?2) FROM topics t ORDER BY t.ord, t.id",
			  "views", on_topic, err);
	if (rc)
		return rc;
	sqlite3_stmt *st;
	int s = sqlite3_prepare_v2(c->h,
				   "SELECT count(*) FROM views v WHERE v.started_at >= ?1 AND "
				   "v.started_at < ?2 AND NOT EXISTS (SELECT 1 FROM articles a "
				   "WHERE a.slug = v.slug)",
				   -1, &st, NULL);
	if (s != SQLITE_OK)
		return sql_fail(c->h, s, "views", err);
	sqlite3_bind_text(st, 1, c->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->to, -1, SQLITE_STATIC);
	s = sqlite3_step(st);
	int64_t other = s == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (s != SQLITE_ROW)
		return sql_fail(c->h, s, "views", err);
	if (other > 0) {
		row_label_count(c->table, _("Articles no longer listed"), other);
		c->sum += other;
	}
	total_row(c->table, c->sum);

	static const char *const lang_heads[] = {N_("Language"), N_("Views")};
	c->table = table_init(r, T_VIEWS_LANG, 2, lang_heads);
	c->sum = 0;
	rc = each_row(c,
		      "SELECT lang, count(*) FROM views WHERE started_at >= ?1 AND "
		      "started_at < ?2 GROUP BY lang ORDER BY lang",
		      "views", on_language, err);
	if (rc)
		return rc;
	total_row(c->table, c->sum);
	return NK_OK;
}

static void category_table(struct report *r, int which, const char *head,
			   const struct category *cats, const int64_t *v, size_t n)
{
	const char *heads[] = {head, N_("Participants")};
	struct report_table *t = table_init(r, which, 2, heads);
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		row_label_count(t, _(cats[i].label), v[i]);
		sum += v[i];
	}
	total_row(t, sum);
}

static void participant_tables(struct report *r, const struct ctx *c)
{
	static const char *const heads[] = {N_("Village"), N_("Participants")};
	struct report_table *t = table_init(r, T_P_VILLAGE, 2, heads);
	int64_t sum = 0;
	for (size_t i = 0; i < c->nvillages; i++) {
		const struct bucket *b = &c->villages[i];
		row_label_count(t, b->name ? b->name : _("Not given"), b->n);
		sum += b->n;
	}
	total_row(t, sum);
	category_table(r, T_P_GENDER, N_("Gender"), genders, c->gender, GENDERS);
	category_table(r, T_P_ETHNICITY, N_("Ethnicity"), ethnicities, c->ethnicity,
		       ETHNICITIES);
	struct category bands[AGE_BANDS];
	for (int i = 0; i < AGE_BANDS; i++)
		bands[i] = (struct category){NULL, age_bands[i].label};
	category_table(r, T_P_AGE, N_("Age band"), bands, c->age, AGE_BANDS);
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
	kiosk_table(r, c, T_VIEWS_KIOSK, views, NK_ARRAY_LEN(views));
	kiosk_table(r, c, T_QUIZZES, quizzes, NK_ARRAY_LEN(quizzes));
	participant_tables(r, c);
	kiosk_table(r, c, T_P_KIOSK, people, NK_ARRAY_LEN(people));
	r->tables[T_P_KIOSK].note = xstrdup(
		_("A participant is a person, however often they saved a result: saves with the "
		  "same phone number are one person, and so are saves with the same name, birth "
		  "year and village (capitals, marks and spaces aside). Each person is counted "
		  "once, at the kiosk of their newest save."));
	kiosk_table(r, c, T_CONTESTS, contests, NK_ARRAY_LEN(contests));
	kiosk_table(r, c, T_QUESTIONS, questions, NK_ARRAY_LEN(questions));
	int64_t sum[S_N];
	totals(c, sum);
	r->tables[T_QUESTIONS].note = target_note(sum);
	communes_table(r, c);
}

static void ctx_free(struct ctx *c)
{
	for (size_t i = 0; i < c->nk; i++) {
		free(c->k[i].id);
		free(c->k[i].name);
		free(c->k[i].commune);
	}
	free(c->k);
	for (size_t i = 0; i < c->nvillages; i++)
		free(c->villages[i].name);
	free(c->villages);
	free(c->last_person);
}

int report_build(struct db *db, const struct period *p, struct report **out, char **err)
{
	*out = NULL;
	struct ctx c = {0};
	c.h = db_sqlite(db);
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
	r->ntables = T_COUNT;
	r->tables = xcalloc(T_COUNT, sizeof *r->tables);
	rc = gather(&c, err);
	if (!rc)
		rc = views_tables(r, &c, err);
	if (!rc)
		build_tables(r, &c);
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

static void csv_field(FILE *f, const char *s, bool text)
{
	/* A leading ' keeps a spreadsheet from reading the cell as a formula
	 * (CSV injection); only text needs it, our numbers are never negative. */
	bool guard = text && s[0] && strchr("=+-@\t\r", s[0]);
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', f);
	if (guard)
		fputc('\'', f);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	if (quote)
		fputc('"', f);
}

static void write_csv(const struct report *r, FILE *f)
{
	fputs("\xEF\xBB\xBF", f);
	for (size_t i = 0; i < r->ntables; i++) {
		const struct report_table *t = &r->tables[i];
		csv_field(f, t->title, true);
		fputs("\r\n", f);
		for (size_t j = 0; j < t->ncols; j++) {
			if (j)
				fputc(',', f);
			csv_field(f, t->headers[j], true);
		}
		fputs("\r\n", f);
		for (size_t j = 0; j < t->nrows; j++) {
			for (size_t k = 0; k < t->ncols; k++) {
				const struct report_cell *c = &t->rows[j][k];
				char buf[40];
				if (k)
					fputc(',', f);
				if (c->kind == REPORT_TEXT) {
					csv_field(f, c->text, true);
				} else if (c->kind != REPORT_EMPTY) {
					num_text(c, buf);
					csv_field(f, buf, false);
				}
			}
			fputs("\r\n", f);
		}
		if (t->note) {
			csv_field(f, t->note, true);
			fputs("\r\n", f);
		}
		fputs("\r\n", f);
	}
}

static void json_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\r')
			fputs("\\r", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void write_json(const struct report *r, FILE *f)
{
	fputs("{\"period\":{\"label\":", f);
	json_str(f, r->period.label);
	fputs(",\"from\":", f);
	json_str(f, r->period.from);
	fputs(",\"to\":", f);
	json_str(f, r->period.to);
	fputs("},\n\"tables\":[", f);
	for (size_t i = 0; i < r->ntables; i++) {
		const struct report_table *t = &r->tables[i];
		fputs(i ? ",\n{\"id\":" : "\n{\"id\":", f);
		json_str(f, t->id);
		fputs(",\"title\":", f);
		json_str(f, t->title);
		fputs(",\"columns\":[", f);
		for (size_t j = 0; j < t->ncols; j++) {
			if (j)
				fputc(',', f);
			json_str(f, t->headers[j]);
		}
		fputs("],\"rows\":[", f);
		for (size_t j = 0; j < t->nrows; j++) {
			fputs(j ? ",[" : "[", f);
			for (size_t k = 0; k < t->ncols; k++) {
				const struct report_cell *c = &t->rows[j][k];
				char buf[40];
				if (k)
					fputc(',', f);
				if (c->kind == REPORT_TEXT) {
					json_str(f, c->text);
				} else if (c->kind == REPORT_EMPTY) {
					fputs("null", f);
				} else {
					num_text(c, buf);
					fputs(buf, f);
				}
			}
			fputc(']', f);
		}
		fputs("],\"note\":", f);
		json_str(f, t->note);
		fputc('}', f);
	}
	fputs("\n]}\n", f);
}

/* Excel's rules for a sheet name: at most 31 characters, none of []:*?/\,
 * no apostrophe at either end, unique without regard to case. A name that
 * is taken gets " (2)", " (3)"...; text_fold compares, which also folds
 * marks, so at worst two names that differ only in tone marks get a number
 * they did not strictly need. */
static char *sheet_name(const char *want, const char *fallback, char **taken, size_t ntaken)
{
	char *s = xstrdup(want);
	for (char *p = s; *p; p++)
		if (strchr("[]:*?/\\", *p))
			*p = ' ';
	char *start = s;
	while (*start == '\'' || *start == ' ')
		start++;
	size_t len = strlen(start);
	while (len && (start[len - 1] == '\'' || start[len - 1] == ' '))
		len--;
	char *name = xstrndup(start, len);
	free(s);
	if (!name[0]) {
		free(name);
		name = xstrdup(fallback);
	}
	for (int n = 1;; n++) {
		char suffix[16] = "";
		if (n > 1)
			snprintf(suffix, sizeof suffix, " (%d)", n);
		/* Cut at a character boundary so the suffix fits in 31. */
		size_t room = 31 - strlen(suffix), chars = 0, cut = 0;
		for (const char *p = name; *p; p++)
			if (((unsigned char)*p & 0xC0) != 0x80) {
				if (chars == room)
					break;
				chars++;
				cut = (size_t)(p - name) + 1;
			} else {
				cut = (size_t)(p - name) + 1;
			}
		char *base = xstrndup(name, cut);
		size_t bl = strlen(base);
		while (bl && (base[bl - 1] == ' ' || base[bl - 1] == '\''))
			base[--bl] = '\0';
		char *cand = xasprintf("%s%s", base, suffix);
		free(base);
		char *fold = text_fold(cand, strlen(cand));
		bool clash = strcmp(fold, "history") == 0;
		for (size_t i = 0; !clash && i < ntaken; i++) {
			char *other = text_fold(taken[i], strlen(taken[i]));
			clash = strcmp(fold, other) == 0;
			free(other);
		}
		free(fold);
		if (!clash) {
			free(name);
			return cand;
		}
		free(cand);
	}
}

struct xfmt {
	lxw_format *title, *head, *pct, *bold, *bold_pct;
};

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
	free(width);
}

/* A chart of one column of a table's sheet, without its total row. */
static void xlsx_chart(lxw_workbook *wb, lxw_worksheet *cs, const struct report_table *t,
		       const char *sheet, uint8_t type, lxw_col_t col, lxw_row_t at)
{
	size_t n = t->nrows - (t->total_row ? 1 : 0);
	double max = 0;
	for (size_t i = 0; i < n; i++)
		if (t->rows[i][col].num > max)
			max = t->rows[i][col].num;
	lxw_chart *ch = workbook_add_chart(wb, type);
	lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
	chart_series_set_categories(s, sheet, 2, 0, (lxw_row_t)(n + 1), 0);
	chart_series_set_values(s, sheet, 2, col, (lxw_row_t)(n + 1), col);
	chart_series_set_name(s, t->headers[col]);
	chart_title_set_name(ch, t->title);
	chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
	/* Counts: whole-number steps, about eight of them, never "0.5 visits". */
	double step = 1;
	while (max / step > 8)
		step *= max / step > 40 ? 10 : 2;
	/* A bar chart draws its first category at the bottom; reversed, it
	 * reads top to bottom in the table's order, with the values below. */
	if (type == LXW_CHART_BAR) {
		/* libxlsxwriter names a bar chart's axes as drawn: y is the
		 * categories, x the values. */
		chart_axis_set_reverse(ch->y_axis);
		chart_axis_set_crossing_max(ch->y_axis);
		chart_axis_set_major_unit(ch->x_axis, step);
	} else {
		chart_axis_set_major_unit(ch->y_axis, step);
	}
	lxw_chart_options opt = {.x_scale = 1.4, .y_scale = 1.3};
	worksheet_insert_chart_opt(cs, at, 1, ch, &opt);
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
	struct xfmt x;
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

	char **names = xcalloc(r->ntables + 1, sizeof *names);
	int rc = NK_OK;
	for (size_t i = 0; i < r->ntables; i++) {
		names[i] = sheet_name(r->tables[i].sheet, r->tables[i].id, names, i);
		lxw_worksheet *ws = workbook_add_worksheet(wb, names[i]);
		if (!ws) {
			rc = err_set(err, NK_EFAIL, "%s: sheet name '%s' refused", path, names[i]);
			break;
		}
		xlsx_table(ws, &r->tables[i], &x);
	}
	if (!rc) {
		names[r->ntables] = sheet_name(_("Charts"), "Charts", names, r->ntables);
		lxw_worksheet *cs = workbook_add_worksheet(wb, names[r->ntables]);
		if (!cs) {
			rc = err_set(err, NK_EFAIL, "%s: sheet name '%s' refused", path,
				     names[r->ntables]);
		} else {
			static const struct {
				int table;
				uint8_t type;
				lxw_col_t col;
			} charts[] = {
				{T_VIEWS_TOPIC, LXW_CHART_COLUMN, 1},
				{T_P_VILLAGE, LXW_CHART_BAR, 1},
				{T_VISITS, LXW_CHART_COLUMN, 2},
			};
			lxw_row_t at = 1;
			for (size_t i = 0; i < NK_ARRAY_LEN(charts); i++) {
				const struct report_table *t = &r->tables[charts[i].table];
				if (t->nrows <= (t->total_row ? 1u : 0u))
					continue;
				xlsx_chart(wb, cs, t, names[charts[i].table], charts[i].type,
					   charts[i].col, at);
				at += 22;
			}
			if (at == 1)
				worksheet_write_string(cs, 0, 0,
						       _("Nothing to chart in this period."), NULL);
		}
	}
	errno = 0;
	lxw_error e = workbook_close(wb);
	int sys = errno;
	for (size_t i = 0; i <= r->ntables; i++)
		free(names[i]);
	free(names);
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
	if (f == REPORT_CSV)
		write_csv(r, out);
	else
		write_json(r, out);
	return finish_stream(out, what, err);
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
	if (f != REPORT_XLSX && f != REPORT_CSV && f != REPORT_JSON)
		return err_set(err, NK_EINVAL, "report: unknown format %d", (int)f);
	if (!out && (!out_path || !out_path[0]))
		return err_set(err, NK_EINVAL, "report: no output given");
	struct report *r;
	int rc = report_build(db, p, &r, err);
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
