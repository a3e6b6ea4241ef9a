/*
 * Tests for records/report: period parsing and its local-time bounds, every
 * figure of the report on a fixture database with known totals (two named
 * kiosks in two communes and one unnamed, records on both sides of local
 * midnight at the half-year, participants on each age band's edge), the
 * answer target at exactly 90%, contests before and after their tables exist,
 * and the three file formats: CSV bytes, JSON through SQLite's JSON
 * functions, and XLSX read back through LibreOffice when it is installed.
 * The time zone is Asia/Ho_Chi_Minh (UTC+7), as on the kiosks. The tests do
 * not cover translations: without a catalog the English msgids show.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/db.h"
#include "core/text.h"
#include "helpers.h"
#include "core/clock.h"
#include "quizzes/contest_store.h"
#include "records/report.h"

#define K1 "11111111-1111-4111-8111-111111111111"
#define K2 "22222222-2222-4222-8222-222222222222"
#define K3 "33333333-3333-4333-8333-333333333333"

/*
 * K1 "Nhà văn hóa Nà Hẩu" in Mậu Đông, K2 "Nhà văn hóa Bản Mù" in An Bình,
 * K3 in no kiosks row at all. The comments give the local (UTC+7) date.
 */
static const char *const fixture_sql[] = {
	"INSERT INTO kiosks(kiosk_id, name, commune, district, province) VALUES"
	" ('" K1 "', 'Nhà văn hóa Nà Hẩu', 'Mậu Đông', 'Văn Yên', 'Yên Bái'),"
	" ('" K2 "', 'Nhà văn hóa Bản Mù', 'An Bình', 'Văn Yên', 'Yên Bái');",
	"INSERT INTO visits(uuid, kiosk_id, started_at, lang) VALUES"
	" ('v01', '" K1 "', '2025-12-31T16:59:59Z', 'vi')," /* 2025-12-31 23:59:59 */
	" ('v02', '" K1 "', '2025-12-31T17:00:00Z', 'vi')," /* 2026-01-01 00:00 H1 */
	" ('v03', '" K1 "', '2026-03-10T02:00:00Z', 'hmn'),"
	" ('v04', '" K1 "', '2026-06-30T16:30:00Z', 'vi')," /* 06-30 23:30 H1 */
	" ('v05', '" K1 "', '2026-06-30T17:30:00Z', 'vi')," /* 07-01 00:30 H2 */
	" ('v06', '" K1 "', '2026-06-30T18:30:00Z', 'ium')," /* 07-01 01:30 H2 */
	" ('v07', '" K2 "', '2026-02-01T03:00:00Z', 'vi'),"
	" ('v08', '" K2 "', '2026-05-05T10:00:00Z', 'hmn'),"
	" ('v09', '" K2 "', '2026-11-22T10:15:00Z', 'vi'),"
	" ('v10', '" K2 "', '2026-12-31T16:59:59Z', 'vi')," /* 12-31 23:59:59 H2 */
	" ('v11', '" K2 "', '2026-12-31T17:00:00Z', 'vi')," /* 2027-01-01 */
	" ('v12', '" K3 "', '2026-04-01T00:00:00Z', 'vi');",
	"INSERT INTO topics(id, ord) VALUES ('ntm', 1), ('ocop', 3), ('training', 8);"
	"INSERT INTO topic_titles(topic_id, lang, title) VALUES"
	" ('ntm', 'vi', 'Nông thôn mới là gì'), ('ntm', 'hmn', 'Lub zos tshiab yog dab tsi'),"
	" ('ocop', 'vi', 'OCOP – Mỗi xã một sản phẩm'), ('training', 'vi', 'Tập huấn');"
	"INSERT INTO articles(slug, topic, ord, source, period, updated) VALUES"
	" ('a-ntm', 'ntm', 1, 's', '2021-2025', '2026-01-01'),"
	" ('a-ocop', 'ocop', 1, 's', '2021-2025', '2026-01-01'),"
	" ('a-train', 'training', 1, 's', '2021-2025', '2026-01-01');",
	"INSERT INTO views(uuid, kiosk_id, slug, lang, started_at, seconds) VALUES"
	" ('w01', '" K1 "', 'a-ntm', 'vi', '2026-01-02T01:00:00Z', 30),"
	" ('w02', '" K1 "', 'a-ntm', 'vi', '2026-02-02T01:00:00Z', 30),"
	" ('w03', '" K1 "', 'a-ntm', 'vi', '2026-03-02T01:00:00Z', 30),"
	" ('w04', '" K1 "', 'a-ocop', 'hmn', '2026-04-02T01:00:00Z', 30),"
	" ('w05', '" K1 "', 'a-gone', 'ium', '2026-05-02T01:00:00Z', 30),"
	" ('w06', '" K2 "', 'a-ntm', 'hmn', '2026-01-03T01:00:00Z', 30),"
	" ('w07', '" K2 "', 'a-ocop', 'vi', '2026-02-03T01:00:00Z', 30),"
	" ('w08', '" K2 "', 'a-ocop', 'vi', '2026-06-30T16:59:59Z', 30),"
	" ('w09', '" K1 "', 'a-train', 'vi', '2026-06-30T17:30:00Z', 30);", /* H2 */
	"INSERT INTO participants(uuid, kiosk_id, created_at, full_name, village, gender,"
	" birth_year, ethnicity, phone, consent_lang) VALUES"
	" ('p01', '" K1 "', '2026-01-15T02:00:00Z', 'A', 'Nà Hẩu',"
	" 'female', 2011, 'kinh', NULL, 'vi'),"
	" ('p02', '" K1 "', '2026-02-15T02:00:00Z', 'B', 'Nà Hẩu',"
	" 'male', 2010, 'mong', NULL, 'hmn'),"
	" ('p03', '" K1 "', '2026-03-15T02:00:00Z', 'C', 'Khe Tiên',"
	" 'female', 1996, 'dao', NULL, 'vi'),"
	" ('p04', '" K1 "', '2026-04-15T02:00:00Z', 'D', NULL, 'other', 1995, 'tay', NULL, 'vi'),"
	" ('p05', '" K2 "', '2026-01-20T02:00:00Z', 'E', 'Bản Mù',"
	" 'male', 1981, 'nung', NULL, 'vi'),"
	" ('p06', '" K2 "', '2026-02-20T02:00:00Z', 'F', 'Bản Mù',"
	" 'female', 1980, 'thai', NULL, 'vi'),"
	" ('p07', '" K2 "', '2026-03-20T02:00:00Z', 'G', 'An Thịnh',"
	" NULL, 1966, 'giay', NULL, 'vi'),"
	" ('p08', '" K2 "', '2026-04-20T02:00:00Z', 'H', 'An Thịnh',"
	" 'female', 1965, NULL, NULL, 'vi'),"
	" ('p09', '" K1 "', '2026-06-30T16:30:00Z', 'I', 'Nà Hẩu',"
	" 'male', NULL, 'kinh', NULL, 'vi'),"
	" ('p10', '" K2 "', '2026-05-20T02:00:00Z', 'J', 'Bản Mù', 'xyz', 2030, 'abc', NULL, 'vi'),"
	" ('p11', '" K1 "', '2026-06-30T17:30:00Z', 'K', 'Khe Tiên',"
	" 'female', 1990, 'kinh', NULL, 'vi'),"
	" ('p12', '" K2 "', '2026-05-21T02:00:00Z', 'L', 'Bản Mù',"
	" 'male', 1990, 'kinh', NULL, 'vi'),"
	" ('p13', '" K1 "', '2026-06-01T02:00:00Z', 'M', 'Khe Tiên',"
	" 'female', 1985, 'kinh', NULL, 'vi');",
	"INSERT INTO attempts(uuid, kiosk_id, lang, topic, started_at, ended_at, total, score,"
	" completed, participant_uuid) VALUES"
	" ('t01', '" K1 "', 'vi', NULL, '2026-01-15T02:00:00Z', NULL, 10, 8, 1, 'p01'),"
	" ('t02', '" K1 "', 'vi', NULL, '2026-02-15T02:00:00Z', NULL, 10, 6, 1, 'p02'),"
	" ('t03', '" K1 "', 'vi', NULL, '2026-03-15T02:00:00Z', NULL, 10, 3, 0, 'p03'),"
	" ('t04', '" K1 "', 'vi', NULL, '2026-04-15T02:00:00Z', NULL, 10, 7, 1, 'p04'),"
	" ('t05', '" K1 "', 'vi', NULL, '2026-06-30T16:30:00Z', NULL, 10, 5, 1, 'p09'),"
	" ('t06', '" K1 "', 'vi', NULL, '2026-05-01T02:00:00Z', NULL, 10, 2, 0, NULL),"
	" ('t07', '" K1 "', 'vi', NULL, '2026-05-02T02:00:00Z', NULL, 10, 9, 1, 'p01'),"
	" ('t15', '" K1 "', 'vi', NULL, '2026-06-01T02:00:00Z', NULL, 10, 4, 0, 'p13'),"
	" ('t08', '" K2 "', 'vi', NULL, '2026-01-20T02:00:00Z', NULL, 5, 5, 1, 'p05'),"
	" ('t09', '" K2 "', 'vi', NULL, '2026-02-20T02:00:00Z', NULL, 5, 1, 0, 'p06'),"
	" ('t10', '" K2 "', 'vi', NULL, '2026-03-20T02:00:00Z', NULL, 5, 2, 1, 'p07'),"
	" ('t11', '" K2 "', 'vi', NULL, '2026-04-20T02:00:00Z', NULL, 5, 4, 1, 'p08'),"
	" ('t12', '" K2 "', 'vi', NULL, '2026-05-20T02:00:00Z', NULL, 5, 4, 1, 'p10'),"
	" ('t13', '" K1 "', 'vi', NULL, '2026-06-30T17:30:00Z', NULL, 10, 10, 1, 'p11'),"
	" ('t14', '" K2 "', 'vi', NULL, '2026-08-01T02:00:00Z', NULL, 5, 0, 1, 'p05');",
	"INSERT INTO citizen_questions(uuid, kiosk_id, asked_at, lang, question, answer,"
	" answered_at) VALUES"
	" ('q1', '" K1 "', '2026-01-10T01:00:00Z', 'vi', '?', 'Rồi', '2026-01-12T01:00:00Z'),"
	" ('q2', '" K1 "', '2026-02-10T01:00:00Z', 'vi', '?', 'Rồi', '2026-02-11T01:00:00Z'),"
	" ('q3', '" K1 "', '2026-03-10T01:00:00Z', 'vi', '?', NULL, NULL),"
	" ('q4', '" K1 "', '2026-06-20T01:00:00Z', 'vi', '?', 'Muộn', '2026-07-05T01:00:00Z'),"
	" ('q5', '" K2 "', '2026-04-10T01:00:00Z', 'vi', '?', 'Có', '2026-04-11T01:00:00Z'),"
	" ('q6', '" K2 "', '2026-05-10T01:00:00Z', 'vi', '?', '   ', '2026-05-11T01:00:00Z'),"
	" ('q8', '" K2 "', '2026-05-15T01:00:00Z', 'vi', '?', 'Có', '2026-05-16T01:00:00Z'),"
	" ('q7', '" K2 "', '2026-06-30T17:30:00Z', 'vi', '?', 'Có', '2026-07-01T02:00:00Z');",
};

struct fixture {
	char *dir;
	struct db *db;
};

static void exec(struct db *db, const char *sql)
{
	char *err = NULL;
	if (db_exec(db, sql, &err) != 0)
		fail_msg("%s", err);
}

static struct db *open_db(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name), *err = NULL;
	struct db *db = NULL;
	if (db_open(path, &db, &err) != 0)
		fail_msg("db_open: %s", err);
	free(path);
	return db;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	f->dir = test_tmpdir();
	f->db = open_db(f->dir, "k.db");
	for (size_t i = 0; i < NK_ARRAY_LEN(fixture_sql); i++)
		exec(f->db, fixture_sql[i]);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(&f->db);
	test_rmdir(f->dir);
	free(f);
	return 0;
}

static struct report *build(struct db *db, const char *period)
{
	struct period p;
	char *err = NULL;
	struct report *r = NULL;
	if (period_parse(period, &p, &err) != 0 || report_build(db, &p, &r, &err) != 0)
		fail_msg("%s: %s", period, err);
	return r;
}

static const struct report_table *table(const struct report *r, const char *id)
{
	const struct report_table *t = report_table(r, id);
	if (!t)
		fail_msg("no table %s", id);
	return t;
}

/* The row whose first cell is label. */
static size_t row_of(const struct report_table *t, const char *label)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (t->rows[i][0].kind == REPORT_TEXT && strcmp(t->rows[i][0].text, label) == 0)
			return i;
	fail_msg("%s: no row '%s'", t->id, label);
	return 0;
}

static void expect_num(const struct report *r, const char *id, const char *label, size_t col,
		       double want)
{
	const struct report_table *t = table(r, id);
	const struct report_cell *c = &t->rows[row_of(t, label)][col];
	if (c->kind != REPORT_COUNT && c->kind != REPORT_PERCENT)
		fail_msg("%s/%s/%zu: not a number", id, label, col);
	double d = c->num - want;
	if (d > 1e-9 || d < -1e-9)
		fail_msg("%s/%s/%zu: want %.6f, got %.6f", id, label, col, want, c->num);
}

static void expect_text(const struct report *r, const char *id, size_t row, size_t col,
			const char *want)
{
	const struct report_table *t = table(r, id);
	assert_true(row < t->nrows && col < t->ncols);
	const struct report_cell *c = &t->rows[row][col];
	if (!want) {
		assert_int_equal(c->kind, REPORT_EMPTY);
		return;
	}
	assert_int_equal(c->kind, REPORT_TEXT);
	assert_string_equal(c->text, want);
}

/* Every label, count by count, of a two-column table, total row included. */
static void expect_column(const struct report *r, const char *id, const char *const *labels,
			  const double *want, size_t n)
{
	const struct report_table *t = table(r, id);
	assert_int_equal(t->nrows, n);
	assert_true(t->total_row);
	for (size_t i = 0; i < n; i++) {
		expect_text(r, id, i, 0, labels[i]);
		expect_num(r, id, labels[i], 1, want[i]);
	}
}

static void test_period_parse(void **state)
{
	(void)state;
	struct period p;
	char *err = NULL;
	assert_int_equal(period_parse("2026-H1", &p, &err), 0);
	assert_string_equal(p.from, "2026-01-01");
	assert_string_equal(p.to, "2026-06-30");
	assert_string_equal(p.label, "2026-H1");
	assert_int_equal(period_parse("2026-H2", &p, &err), 0);
	assert_string_equal(p.from, "2026-07-01");
	assert_string_equal(p.to, "2026-12-31");
	assert_int_equal(period_parse("2026", &p, &err), 0);
	assert_string_equal(p.from, "2026-01-01");
	assert_string_equal(p.to, "2026-12-31");
	assert_string_equal(p.label, "2026");
	/* Lower case is how officers type it; the label is still upper case. */
	assert_int_equal(period_parse("2026-h1", &p, &err), 0);
	assert_string_equal(p.label, "2026-H1");
	assert_string_equal(p.to, "2026-06-30");
	/* Quarters, months (February of a leap year), and any days. */
	assert_int_equal(period_parse("2026-q3", &p, &err), 0);
	assert_string_equal(p.label, "2026-Q3");
	assert_string_equal(p.from, "2026-07-01");
	assert_string_equal(p.to, "2026-09-30");
	assert_int_equal(period_parse("2026-Q1", &p, &err), 0);
	assert_string_equal(p.to, "2026-03-31");
	assert_int_equal(period_parse("2028-02", &p, &err), 0);
	assert_string_equal(p.label, "2028-02");
	assert_string_equal(p.from, "2028-02-01");
	assert_string_equal(p.to, "2028-02-29");
	assert_int_equal(period_parse("2026-11", &p, &err), 0);
	assert_string_equal(p.to, "2026-11-30");
	assert_int_equal(period_parse("2026-01-05..2026-02-10", &p, &err), 0);
	assert_string_equal(p.label, "2026-01-05..2026-02-10");
	assert_string_equal(p.from, "2026-01-05");
	assert_string_equal(p.to, "2026-02-10");
	assert_int_equal(period_range("2026-03-01", "2026-03-01", &p, &err), 0);
	assert_string_equal(p.label, "2026-03-01..2026-03-01");
	assert_null(err);
	static const char *const bad_days[][2] = {
		{"2026-02-29", "2026-03-01"}, {"2026-03-02", "2026-03-01"}, {"2026-1-01", "2026-02-01"},
		{"1969-12-31", "2026-01-01"}, {"2026-04-31", "2026-05-01"}, {"2026-01-01", ""}};
	for (size_t i = 0; i < NK_ARRAY_LEN(bad_days); i++) {
		if (period_range(bad_days[i][0], bad_days[i][1], &p, &err) != NK_EINVAL)
			fail_msg("'%s'..'%s' was accepted", bad_days[i][0], bad_days[i][1]);
		free(err);
		err = NULL;
		char *s2 = xasprintf("%s..%s", bad_days[i][0], bad_days[i][1]);
		if (period_parse(s2, &p, &err) != NK_EINVAL)
			fail_msg("'%s' was accepted", s2);
		free(s2);
		free(err);
		err = NULL;
	}

	static const char *const bad[] = {"2026-H3", "26",      "2026-H1 ", " 2026",   "",
					  "2026-",   "2026-13", "02026",    "1969",    "20x6",
					  "2026H1",  "2026-H",  "2026-H12", "2026-Q5", "2026-Q0",
					  "2026-00", "2026-6",  "2026..2027"};
	for (size_t i = 0; i < NK_ARRAY_LEN(bad); i++) {
		if (period_parse(bad[i], &p, &err) != NK_EINVAL)
			fail_msg("'%s' was accepted", bad[i]);
		assert_non_null(strstr(err, "YYYY-H1"));
		free(err);
		err = NULL;
	}
	assert_int_equal(period_parse(NULL, &p, &err), NK_EINVAL);
	free(err);
}

/* The periods officers pick, counted back from 15 January 2026 (local), so
 * every "last" one is in the year before. */
static void test_period_presets(void **state)
{
	(void)state;
	time_t now = 1768446000; /* 2026-01-15 10:00 local */
	static const char *const want[PERIOD_PRESETS] = {"2026-01", "2025-12", "2026-Q1", "2025-Q4",
							 "2026-H1", "2025-H2", "2026",    "2025"};
	for (int i = 0; i < PERIOD_PRESETS; i++) {
		struct period p;
		const char *name = NULL;
		assert_int_equal(period_preset((enum period_preset)i, now, &p, &name, NULL), 0);
		assert_string_equal(p.label, want[i]);
		assert_non_null(name);
	}
	struct period p;
	assert_int_equal(period_preset(PERIOD_LAST_QUARTER, now + 86400 * 200, &p, NULL, NULL), 0);
	assert_string_equal(p.label, "2026-Q2"); /* 3 August */
	assert_string_equal(p.to, "2026-06-30");
	assert_int_equal(period_preset(PERIOD_PRESETS, now, &p, NULL, NULL), NK_EINVAL);
}

static void test_period_bounds(void **state)
{
	(void)state;
	struct period p;
	char from[32], to[32];
	assert_int_equal(period_parse("2026-H1", &p, NULL), 0);
	assert_int_equal(period_bounds(&p, from, to, NULL), 0);
	assert_string_equal(from, "2025-12-31T17:00:00Z");
	assert_string_equal(to, "2026-06-30T17:00:00Z");
	assert_int_equal(period_parse("2026-H2", &p, NULL), 0);
	assert_int_equal(period_bounds(&p, from, to, NULL), 0);
	assert_string_equal(from, "2026-06-30T17:00:00Z");
	assert_string_equal(to, "2026-12-31T17:00:00Z");
	assert_int_equal(period_parse("2028", &p, NULL), 0); /* a leap year */
	assert_int_equal(period_bounds(&p, from, to, NULL), 0);
	assert_string_equal(from, "2027-12-31T17:00:00Z");
	assert_string_equal(to, "2028-12-31T17:00:00Z");
	/* A hand-made period with its dates the wrong way round. */
	struct period wrong = {"2026-07-01", "2026-06-30", "x"};
	char *err = NULL;
	assert_int_equal(period_bounds(&wrong, from, to, &err), NK_EINVAL);
	free(err);
}

static void test_h1_visits_views(void **state)
{
	struct fixture *f = *state;
	struct report *r = build(f->db, "2026-H1");
	/* Kiosks in Vietnamese order of commune: An Bình, Mậu Đông, then the
	 * unnamed K3 by its id; the database's own, empty kiosk is not listed. */
	const struct report_table *v = table(r, "visits");
	assert_int_equal(v->ncols, 3);
	assert_int_equal(v->nrows, 4);
	expect_text(r, "visits", 0, 0, "Nhà văn hóa Bản Mù");
	expect_text(r, "visits", 0, 1, "An Bình");
	expect_text(r, "visits", 1, 0, "Nhà văn hóa Nà Hẩu");
	expect_text(r, "visits", 1, 1, "Mậu Đông");
	expect_text(r, "visits", 2, 0, K3);
	expect_text(r, "visits", 2, 1, NULL);
	expect_text(r, "visits", 3, 0, "Total");
	/* v02 (local 1 January 00:00) and v04 (30 June 23:30) are in; v01 and
	 * v05/v06 (1 July 00:30 and 01:30 local) are not. */
	expect_num(r, "visits", "Nhà văn hóa Nà Hẩu", 2, 3);
	expect_num(r, "visits", "Nhà văn hóa Bản Mù", 2, 2);
	expect_num(r, "visits", K3, 2, 1);
	expect_num(r, "visits", "Total", 2, 6);

	static const char *const topics[] = {"Nông thôn mới là gì", "OCOP – Mỗi xã một sản phẩm",
					     "Tập huấn", "Articles no longer listed", "Total"};
	static const double topic_n[] = {4, 3, 0, 1, 8};
	expect_column(r, "views_by_topic", topics, topic_n, 5);
	static const char *const langs[] = {"hmn", "ium", "vi", "Total"};
	static const double lang_n[] = {2, 1, 5, 8};
	expect_column(r, "views_by_language", langs, lang_n, 4);
	expect_num(r, "views_by_kiosk", "Nhà văn hóa Nà Hẩu", 2, 5);
	expect_num(r, "views_by_kiosk", "Nhà văn hóa Bản Mù", 2, 3);
	expect_num(r, "views_by_kiosk", K3, 2, 0);
	expect_num(r, "views_by_kiosk", "Total", 2, 8);
	report_free(&r);
	assert_null(r);
}

static void test_h1_quizzes_people(void **state)
{
	struct fixture *f = *state;
	struct report *r = build(f->db, "2026-H1");
	/* K1: 8 taken, 5 completed with 35 right of 50; K2: 5 taken, 4
	 * completed with 15 of 20. The total is 50 of 70, not the mean of the
	 * two kiosks (72.5) nor of the attempts (72.2). */
	expect_num(r, "quizzes", "Nhà văn hóa Nà Hẩu", 2, 8);
	expect_num(r, "quizzes", "Nhà văn hóa Nà Hẩu", 3, 5);
	expect_num(r, "quizzes", "Nhà văn hóa Nà Hẩu", 4, 70.0);
	expect_num(r, "quizzes", "Nhà văn hóa Bản Mù", 2, 5);
	expect_num(r, "quizzes", "Nhà văn hóa Bản Mù", 3, 4);
	expect_num(r, "quizzes", "Nhà văn hóa Bản Mù", 4, 75.0);
	expect_num(r, "quizzes", "Total", 2, 13);
	expect_num(r, "quizzes", "Total", 3, 9);
	expect_num(r, "quizzes", "Total", 4, 5000.0 / 70.0);
	/* K3 took no quiz: its average is empty, not 0%. */
	const struct report_table *q = table(r, "quizzes");
	assert_int_equal(q->rows[row_of(q, K3)][4].kind, REPORT_EMPTY);

	/* p01 took two quizzes and counts once; p11 only in H2, p12 never. */
	/* Villages of each commune, by commune. */
	static const char *const village_rows[][3] = {
		{"An Bình", "An Thịnh", "2"}, {"An Bình", "Bản Mù", "3"},
		{"Mậu Đông", "Khe Tiên", "2"}, {"Mậu Đông", "Nà Hẩu", "3"},
		{"Mậu Đông", "Not given", "1"}, {"Total", NULL, "11"}};
	const struct report_table *vt = table(r, "participants_by_village");
	assert_int_equal(vt->ncols, 3);
	assert_int_equal(vt->nrows, NK_ARRAY_LEN(village_rows));
	for (size_t i = 0; i < NK_ARRAY_LEN(village_rows); i++) {
		expect_text(r, "participants_by_village", i, 0, village_rows[i][0]);
		expect_text(r, "participants_by_village", i, 1, village_rows[i][1]);
		assert_int_equal((int)vt->rows[i][2].num, atoi(village_rows[i][2]));
	}
	static const char *const genders[] = {"Female", "Male", "Other", "Not given", "Total"};
	static const double gender_n[] = {5, 3, 1, 2, 11};
	expect_column(r, "participants_by_gender", genders, gender_n, 5);
	static const char *const eth[] = {"Kinh", "Hmong", "Dao", "Tay",       "Nung",
					  "Thai", "Other", "Not given", "Total"};
	/* Giáy (one of the 54 groups, core/ethnic.h) has no column: Other;
	 * "abc" is no group: Not given. */
	static const double eth_n[] = {3, 1, 1, 1, 1, 1, 1, 2, 11};
	expect_column(r, "participants_by_ethnicity", eth, eth_n, 9);
	assert_string_equal(report_value_label("ethnicity", "giay"), "Giay");
	assert_string_equal(report_value_label("ethnicity", "mong"), "Hmong");
	assert_null(report_value_label("ethnicity", "abc"));
	assert_null(report_value_label("gender", "giay"));
	/* Ages at 2026: 15 | 16 30 | 31 41 45 | 46 60 | 61 | none, 2030. */
	static const char *const ages[] = {"Under 16", "16 to 30", "31 to 45", "46 to 60",
					   "Over 60",  "Unknown",  "Total"};
	static const double age_n[] = {1, 2, 3, 2, 1, 2, 11};
	expect_column(r, "participants_by_age", ages, age_n, 7);
	expect_num(r, "participants_by_kiosk", "Nhà văn hóa Nà Hẩu", 2, 6);
	expect_num(r, "participants_by_kiosk", "Nhà văn hóa Bản Mù", 2, 5);
	expect_num(r, "participants_by_kiosk", "Total", 2, 11);
	report_free(&r);
}

static void test_h1_questions_summary(void **state)
{
	struct fixture *f = *state;
	struct report *r = build(f->db, "2026-H1");
	/* q4 was answered after 30 June and q6's answer is blank. */
	const struct report_table *q = table(r, "questions");
	assert_int_equal(q->ncols, 6);
	expect_num(r, "questions", "Nhà văn hóa Nà Hẩu", 2, 4);
	expect_num(r, "questions", "Nhà văn hóa Nà Hẩu", 3, 2);
	expect_num(r, "questions", "Nhà văn hóa Nà Hẩu", 4, 50.0);
	expect_text(r, "questions", row_of(q, "Nhà văn hóa Nà Hẩu"), 5, "No");
	expect_num(r, "questions", "Nhà văn hóa Bản Mù", 2, 3);
	expect_num(r, "questions", "Nhà văn hóa Bản Mù", 3, 2);
	expect_num(r, "questions", "Nhà văn hóa Bản Mù", 4, 200.0 / 3.0);
	expect_text(r, "questions", row_of(q, K3), 4, NULL);
	expect_text(r, "questions", row_of(q, K3), 5, NULL);
	expect_num(r, "questions", "Total", 2, 7);
	expect_num(r, "questions", "Total", 3, 4);
	expect_num(r, "questions", "Total", 4, 400.0 / 7.0);
	expect_text(r, "questions", row_of(q, "Total"), 5, "No");
	assert_non_null(q->note);
	assert_non_null(strstr(q->note, "57.1%"));
	assert_non_null(strstr(q->note, "is not met"));

	/* No contests tables yet: zeros, and the report still works. */
	expect_num(r, "contests", "Total", 2, 0);
	expect_num(r, "contests", "Total", 3, 0);
	expect_num(r, "contests", "Total", 4, 0);

	const struct report_table *s = table(r, "summary");
	assert_string_equal(s->title, "Summary for 2026-H1 (2026-01-01 to 2026-06-30)");
	assert_false(s->total_row);
	expect_num(r, "summary", "Kiosks", 1, 3);
	expect_num(r, "summary", "Kiosk visits", 1, 6);
	expect_num(r, "summary", "Article views", 1, 8);
	expect_num(r, "summary", "Quizzes taken", 1, 13);
	expect_num(r, "summary", "Quizzes completed", 1, 9);
	expect_num(r, "summary", "Average score (%)", 1, 5000.0 / 70.0);
	expect_num(r, "summary", "Participants", 1, 11);
	expect_num(r, "summary", "Contests held", 1, 0);
	expect_num(r, "summary", "Citizens' questions received", 1, 7);
	expect_num(r, "summary", "Citizens' questions answered", 1, 4);
	expect_num(r, "summary", "Questions answered (%)", 1, 400.0 / 7.0);
	expect_num(r, "summary", "Target for questions answered (%)", 1, 90);
	expect_text(r, "summary", row_of(s, "Target met"), 1, "No");

	/* Per commune, K3 under "Commune not set". */
	const struct report_table *c = table(r, "communes");
	assert_int_equal(c->ncols, 10);
	assert_int_equal(c->nrows, 4);
	expect_text(r, "communes", 0, 0, "An Bình");
	expect_text(r, "communes", 1, 0, "Mậu Đông");
	expect_text(r, "communes", 2, 0, "Commune not set");
	static const double an_binh[] = {1, 2, 3, 5, 4, 5, 3, 2};
	static const double mau_dong[] = {1, 3, 5, 8, 5, 6, 4, 2};
	static const double total[] = {3, 6, 8, 13, 9, 11, 7, 4};
	for (size_t i = 0; i < 8; i++) {
		expect_num(r, "communes", "An Bình", i + 1, an_binh[i]);
		expect_num(r, "communes", "Mậu Đông", i + 1, mau_dong[i]);
		expect_num(r, "communes", "Total", i + 1, total[i]);
	}
	expect_num(r, "communes", "Commune not set", 2, 1);
	expect_num(r, "communes", "An Bình", 9, 200.0 / 3.0);
	expect_num(r, "communes", "Total", 9, 400.0 / 7.0);
	report_free(&r);
}

static void test_h2_and_year(void **state)
{
	struct fixture *f = *state;
	struct report *r = build(f->db, "2026-H2");
	/* v05, v06 (1 July local, 30 June in UTC) and v09, v10; not v11. K3
	 * has no name and nothing in H2, so it is not listed. */
	assert_int_equal(table(r, "visits")->nrows, 3);
	expect_num(r, "visits", "Nhà văn hóa Nà Hẩu", 2, 2);
	expect_num(r, "visits", "Nhà văn hóa Bản Mù", 2, 2);
	expect_num(r, "visits", "Total", 2, 4);
	static const char *const topics[] = {"Nông thôn mới là gì", "OCOP – Mỗi xã một sản phẩm",
					     "Tập huấn", "Total"};
	static const double topic_n[] = {0, 0, 1, 1};
	expect_column(r, "views_by_topic", topics, topic_n, 4);
	expect_num(r, "quizzes", "Total", 2, 2);
	expect_num(r, "quizzes", "Total", 4, 10.0 / 15.0 * 100.0);
	expect_num(r, "participants_by_kiosk", "Total", 2, 2);
	/* One question, answered: 100%, the target is met. */
	const struct report_table *q = table(r, "questions");
	expect_num(r, "questions", "Total", 2, 1);
	expect_num(r, "questions", "Total", 4, 100.0);
	expect_text(r, "questions", row_of(q, "Nhà văn hóa Bản Mù"), 5, "Yes");
	expect_text(r, "questions", row_of(q, "Nhà văn hóa Nà Hẩu"), 5, NULL);
	assert_non_null(strstr(q->note, "is met"));
	expect_text(r, "summary", row_of(table(r, "summary"), "Target met"), 1, "Yes");
	report_free(&r);

	r = build(f->db, "2026");
	expect_num(r, "visits", "Total", 2, 10);
	expect_num(r, "views_by_topic", "Total", 1, 9);
	expect_num(r, "quizzes", "Total", 2, 15);
	/* p05 took quizzes in both halves and counts once in the year. */
	expect_num(r, "participants_by_kiosk", "Total", 2, 12);
	/* q4 is answered within the year now. */
	expect_num(r, "questions", "Total", 2, 8);
	expect_num(r, "questions", "Total", 3, 6);
	expect_num(r, "summary", "Questions answered (%)", 1, 75.0);
	report_free(&r);
}

/* Exactly 90% meets the target; one answer fewer does not. */
static void test_target_edge(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct db *db = open_db(dir, "t.db");
	for (int i = 0; i < 10; i++) {
		char *sql = xasprintf(
			"INSERT INTO citizen_questions(uuid, kiosk_id, asked_at, lang, question, "
			"answer, answered_at) VALUES ('q%d', '" K1 "', '2026-03-0%dT01:00:00Z', "
			"'vi', '?', %s, '2026-03-20T01:00:00Z')",
			i, i % 9 + 1, i < 9 ? "'ok'" : "NULL");
		exec(db, sql);
		free(sql);
	}
	struct report *r = build(db, "2026-H1");
	expect_num(r, "summary", "Questions answered (%)", 1, 90.0);
	expect_text(r, "summary", row_of(table(r, "summary"), "Target met"), 1, "Yes");
	report_free(&r);
	exec(db, "UPDATE citizen_questions SET answer = NULL WHERE uuid = 'q0'");
	r = build(db, "2026-H1");
	expect_num(r, "summary", "Questions answered (%)", 1, 80.0);
	expect_text(r, "summary", row_of(table(r, "summary"), "Target met"), 1, "No");
	assert_non_null(strstr(table(r, "summary")->note, "80.0%"));
	report_free(&r);
	/* No questions at all: no share, and the target does not apply. */
	exec(db, "DELETE FROM citizen_questions");
	r = build(db, "2026-H1");
	const struct report_table *s = table(r, "summary");
	expect_text(r, "summary", row_of(s, "Questions answered (%)"), 1, NULL);
	expect_text(r, "summary", row_of(s, "Target met"), 1, NULL);
	assert_non_null(strstr(s->note, "does not apply"));
	report_free(&r);
	db_close(&db);
	test_rmdir(dir);
}

/* Contests held, their teams and their members, per kiosk. */
static void test_contests_when_present(void **state)
{
	struct fixture *f = *state;
	/* The tables of schema v6, as contest mode fills them. */
	exec(f->db, "INSERT INTO contests(uuid, kiosk_id, name, held_on, started_at, state) VALUES"
		    " ('c1', '" K1 "', 'a', '2026-03-01', '2026-03-01T01:00:00Z', ''),"
		    " ('c2', '" K2 "', 'b', '2026-04-01', '2026-04-01T01:00:00Z', ''),"
		    " ('c3', '" K2 "', 'c', '2026-07-01', '2026-06-30T17:30:00Z', '');"
		    "INSERT INTO contest_teams(uuid, contest_uuid, team_no, name) VALUES"
		    " ('e1', 'c1', 1, 't'), ('e2', 'c1', 2, 't'), ('e3', 'c2', 1, 't'),"
		    " ('e4', 'c3', 1, 't');"
		    "INSERT INTO contest_members(uuid, team_uuid, name) VALUES ('m1', 'e1', 'n'),"
		    " ('m2', 'e1', 'n'), ('m3', 'e2', 'n'), ('m4', 'e3', 'n'), ('m5', 'e4', 'n');");
	struct report *r = build(f->db, "2026-H1");
	expect_num(r, "contests", "Nhà văn hóa Nà Hẩu", 2, 1);
	expect_num(r, "contests", "Nhà văn hóa Nà Hẩu", 3, 2);
	expect_num(r, "contests", "Nhà văn hóa Nà Hẩu", 4, 3);
	expect_num(r, "contests", "Nhà văn hóa Bản Mù", 2, 1);
	expect_num(r, "contests", "Nhà văn hóa Bản Mù", 3, 1);
	expect_num(r, "contests", "Nhà văn hóa Bản Mù", 4, 1);
	expect_num(r, "summary", "Contests held", 1, 2);
	expect_num(r, "summary", "Contest teams", 1, 3);
	expect_num(r, "summary", "Contest participants", 1, 4);
	report_free(&r);
}

static struct report *build_opts(struct db *db, const char *period, bool by_kiosk, bool questions)
{
	struct period p;
	char *err = NULL;
	struct report *r = NULL;
	struct report_opts o = {.by_kiosk = by_kiosk, .questions = questions};
	if (period_parse(period, &p, &err) != 0 || report_build_opts(db, &p, &o, &r, &err) != 0)
		fail_msg("%s: %s", period, err);
	return r;
}

/* One row of a table, cell by cell from column 1: numbers; -1 skips a
 * (text) cell. */
static void expect_row(const struct report *r, const char *id, const char *label,
		       const double *want, size_t n)
{
	const struct report_table *t = table(r, id);
	assert_int_equal(t->ncols, n + 1);
	const struct report_cell *row = t->rows[row_of(t, label)];
	for (size_t i = 0; i < n; i++) {
		if (want[i] < 0)
			continue;
		double d = row[i + 1].num - want[i];
		if (row[i + 1].kind == REPORT_EMPTY || d > 1e-9 || d < -1e-9)
			fail_msg("%s/%s/%zu: want %.3f, got %.3f", id, label, i + 1, want[i],
				 row[i + 1].num);
	}
}

/* Every breakdown has the total and then a column per commune, or per
 * kiosk on request; the month table has every month of the period. */
static void test_split(void **state)
{
	struct fixture *f = *state;
	struct report *r = build(f->db, "2026-H1");
	const struct report_table *t = table(r, "participants_by_ethnicity");
	assert_string_equal(t->headers[2], "An Bình");
	assert_string_equal(t->headers[3], "Mậu Đông");
	assert_string_equal(t->headers[4], "Commune not set");
	/* An Bình: Nùng, Thái, other, not given, and 'abc' (not given). */
	expect_row(r, "participants_by_ethnicity", "Kinh", (const double[]){3, 0, 3, 0}, 4);
	expect_row(r, "participants_by_ethnicity", "Not given", (const double[]){2, 2, 0, 0}, 4);
	expect_row(r, "participants_by_ethnicity", "Total", (const double[]){11, 5, 6, 0}, 4);
	expect_row(r, "participants_by_age", "46 to 60", (const double[]){2, 2, 0, 0}, 4);
	expect_row(r, "participants_by_age", "Under 16", (const double[]){1, 0, 1, 0}, 4);
	expect_row(r, "views_by_language", "hmn", (const double[]){2, 1, 1, 0}, 4);
	expect_row(r, "views_by_language", "vi", (const double[]){5, 2, 3, 0}, 4);
	/* Month by month: visits, views, quizzes taken and completed,
	 * contests, questions received and answered, answered (%). */
	const struct report_table *m = table(r, "by_month");
	assert_int_equal(m->nrows, 7);
	expect_row(r, "by_month", "2026-01", (const double[]){1, 2, 2, 2, 0, 1, 1, 100}, 8);
	expect_row(r, "by_month", "2026-05", (const double[]){1, 1, 3, 2, 0, 2, 1, 50}, 8);
	expect_row(r, "by_month", "Total", (const double[]){6, 8, 13, 9, 0, 7, 4, 400.0 / 7}, 8);
	report_free(&r);

	r = build_opts(f->db, "2026-H1", true, false);
	t = table(r, "participants_by_gender");
	assert_int_equal(t->ncols, 5);
	assert_string_equal(t->headers[2], "Nhà văn hóa Bản Mù");
	assert_string_equal(t->headers[3], "Nhà văn hóa Nà Hẩu");
	assert_string_equal(t->headers[4], K3);
	expect_row(r, "participants_by_gender", "Female", (const double[]){5, 2, 3, 0}, 4);
	report_free(&r);

	/* Two kiosks of one commune are one column; a quarter and a month. */
	exec(f->db, "UPDATE kiosks SET commune = 'Mậu Đông' WHERE kiosk_id = '" K2 "'");
	r = build(f->db, "2026-Q2");
	t = table(r, "participants_by_gender");
	assert_int_equal(t->ncols, 4);
	assert_string_equal(t->headers[2], "Mậu Đông");
	/* Q2: t04 p04, t05 p09, t07 p01, t15 p13 at K1; t11 p08, t12 p10 at K2. */
	expect_row(r, "participants_by_gender", "Total", (const double[]){6, 6, 0}, 3);
	expect_num(r, "summary", "Kiosk visits", 1, 3);
	assert_int_equal(table(r, "by_month")->nrows, 4);
	report_free(&r);
	r = build(f->db, "2026-02");
	expect_num(r, "summary", "Kiosk visits", 1, 1);
	expect_num(r, "summary", "Quizzes taken", 1, 2);
	assert_string_equal(table(r, "summary")->title, "Summary for 2026-02 (2026-02-01 to 2026-02-28)");
	report_free(&r);
	/* Any days: 1 January 00:00 local is in, 31 December 23:59:59 is not. */
	r = build(f->db, "2026-01-01..2026-01-31");
	expect_num(r, "summary", "Kiosk visits", 1, 1);
	report_free(&r);
	r = build(f->db, "2025-12-31..2025-12-31");
	expect_num(r, "summary", "Kiosk visits", 1, 1);
	report_free(&r);
}

/* A contest counts on the day it was held, not the day it was typed in,
 * and one never run is not held. */
static void test_contests_held(void **state)
{
	struct fixture *f = *state;
	const char *run = "ntmkiosk-contest 1\nname x\nstate finished 0 0\nend\n";
	char *sql = xasprintf(
		"INSERT INTO contests(uuid, kiosk_id, name, held_on, started_at, state) VALUES"
		/* typed in June, held in July */
		" ('c1', '" K1 "', 'a', '2026-07-02', '2026-06-20T01:00:00Z', '%s'),"
		/* typed in July, held on 28 June */
		" ('c2', '" K2 "', 'b', '2026-06-28', '2026-07-03T01:00:00Z', '%s'),"
		/* held on the last day of June */
		" ('c3', '" K1 "', 'c', '2026-06-30', '2026-06-30T16:00:00Z', '%s');"
		"INSERT INTO contest_teams(uuid, contest_uuid, team_no, name) VALUES"
		" ('e1', 'c1', 1, 't'), ('e2', 'c2', 1, 't'), ('e3', 'c2', 2, 't'), ('e4', 'c3', 1, 't');"
		"INSERT INTO contest_members(uuid, team_uuid, name) VALUES ('m1', 'e1', 'n'),"
		" ('m2', 'e2', 'n'), ('m3', 'e3', 'n'), ('m4', 'e3', 'n'), ('m5', 'e4', 'n');",
		run, run, run);
	exec(f->db, sql);
	free(sql);
	/* Set up for 15 June and never started, as contest mode leaves it. */
	int64_t now = INT64_C(1781484000000); /* 2026-06-15 */
	struct clock clk = {clock_manual_read, &now};
	char uuid[37], *err = NULL;
	if (cstore_create(f->db, &clk, "never", "2026-06-15", NULL, CONTEST_TEAM_ANSWER, uuid,
			  &err) != 0)
		fail_msg("%s", err);
	struct report *r = build(f->db, "2026-H1");
	expect_row(r, "contests", "Nhà văn hóa Nà Hẩu", (const double[]){-1, 1, 1, 1}, 4);
	expect_row(r, "contests", "Nhà văn hóa Bản Mù", (const double[]){-1, 1, 2, 3}, 4);
	expect_row(r, "contests", "Total", (const double[]){-1, 2, 3, 4}, 4);
	expect_num(r, "summary", "Contests held", 1, 2);
	expect_num(r, "by_month", "2026-06", 5, 2);
	report_free(&r);
	r = build(f->db, "2026-07");
	expect_num(r, "summary", "Contests held", 1, 1);
	expect_num(r, "summary", "Contest participants", 1, 1);
	report_free(&r);
}

/* As Moodle's quiz statistics: per question and language, how many
 * answered, the share right, and the wrong option chosen most. */
static void test_question_analysis(void **state)
{
	struct fixture *f = *state;
	exec(f->db,
	     "INSERT INTO questions(id, topic, difficulty, qtype, nopts, correct, source) VALUES"
	     " ('ntm-1', 'ntm', 1, 'single', 3, 1, 's'), ('ntm-2', 'ntm', 1, 'single', 2, 2, 's');"
	     "INSERT INTO question_texts(id, lang, status, text, explanation) VALUES"
	     " ('ntm-1', 'vi', 'reviewed', 'Có bao nhiêu tiêu chí?', ''),"
	     " ('ntm-1', 'hmn', 'draft', 'Muaj pes tsawg?', ''),"
	     " ('ntm-2', 'vi', 'reviewed', 'Ai làm?', '');"
	     "INSERT INTO question_options(id, lang, idx, text, feedback) VALUES"
	     " ('ntm-1', 'vi', 0, '19', ''), ('ntm-1', 'vi', 1, '10', ''),"
	     " ('ntm-1', 'vi', 2, '5', ''), ('ntm-2', 'vi', 0, 'Nhà nước', ''),"
	     " ('ntm-2', 'vi', 1, 'Người dân', '');"
	     "UPDATE attempts SET lang = 'hmn' WHERE uuid = 't08';"
	     "INSERT INTO answers(uuid, attempt_uuid, kiosk_id, position, question_id, chosen,"
	     " correct, timed_out, ms, answered_at) VALUES"
	     " ('x1', 't01', '" K1 "', 0, 'ntm-1', 1, 1, 0, 900, '2026-01-15T02:01:00Z'),"
	     " ('x2', 't02', '" K1 "', 0, 'ntm-1', 2, 0, 0, 900, '2026-02-15T02:01:00Z'),"
	     " ('x3', 't04', '" K1 "', 0, 'ntm-1', 2, 0, 0, 900, '2026-04-15T02:01:00Z'),"
	     " ('x4', 't05', '" K1 "', 0, 'ntm-1', 4, 0, 0, 900, '2026-06-30T16:31:00Z'),"
	     " ('x5', 't06', '" K1 "', 0, 'ntm-1', 0, 0, 1, 900, '2026-05-01T02:01:00Z'),"
	     " ('x6', 't01', '" K1 "', 1, 'ntm-2', 2, 1, 0, 900, '2026-01-15T02:02:00Z'),"
	     " ('x7', 't02', '" K1 "', 1, 'ntm-2', 2, 1, 0, 900, '2026-02-15T02:02:00Z'),"
	     " ('x8', 't08', '" K2 "', 0, 'ntm-1', 4, 0, 0, 900, '2026-01-20T02:01:00Z'),"
	     " ('x9', 't14', '" K2 "', 0, 'ntm-1', 1, 1, 0, 900, '2026-08-01T02:01:00Z');");
	struct report *r = build(f->db, "2026-H1");
	assert_null(report_table(r, "question_analysis"));
	report_free(&r);
	r = build_opts(f->db, "2026-H1", false, true);
	const struct report_table *t = table(r, "question_analysis");
	assert_int_equal(t->ncols, 9);
	/* The least understood first: ntm-1 in Hmong (0 of 1), in Vietnamese
	 * (1 of 4, B chosen twice), then ntm-2 (2 of 2). t14 is in H2. */
	assert_int_equal(t->nrows, 3);
	expect_text(r, "question_analysis", 0, 0, "ntm-1");
	expect_text(r, "question_analysis", 0, 1, "Muaj pes tsawg?");
	expect_text(r, "question_analysis", 0, 2, "hmn");
	expect_text(r, "question_analysis", 0, 6, "C");
	expect_text(r, "question_analysis", 1, 0, "ntm-1");
	expect_text(r, "question_analysis", 1, 1, "Có bao nhiêu tiêu chí?");
	expect_text(r, "question_analysis", 1, 2, "vi");
	expect_text(r, "question_analysis", 1, 6, "B. 10");
	assert_int_equal((int)t->rows[1][3].num, 4);
	assert_int_equal((int)t->rows[1][4].num, 1);
	assert_true(t->rows[1][5].kind == REPORT_PERCENT && t->rows[1][5].num == 25.0);
	assert_int_equal((int)t->rows[1][7].num, 2);
	assert_int_equal((int)t->rows[1][8].num, 1);
	expect_text(r, "question_analysis", 2, 0, "ntm-2");
	expect_text(r, "question_analysis", 2, 6, NULL);
	assert_true(t->rows[2][5].num == 100.0);
	report_free(&r);
}

static char *write_to(struct db *db, const char *dir, const char *period, enum report_format fmt,
		      const char *name)
{
	struct period p;
	char *path = xasprintf("%s/%s", dir, name), *err = NULL;
	assert_int_equal(period_parse(period, &p, NULL), 0);
	if (report_write(db, &p, fmt, path, NULL, &err) != 0)
		fail_msg("report_write: %s", err);
	char *tmp = xasprintf("%s.tmp", path);
	assert_int_not_equal(access(tmp, F_OK), 0);
	free(tmp);
	return path;
}

static char *slurp(const char *path, size_t *len)
{
	char *buf, *err = NULL;
	if (util_read_file(path, &buf, len, &err) != 0)
		fail_msg("%s", err);
	return buf;
}

static void test_csv(void **state)
{
	struct fixture *f = *state;
	/* Text that a spreadsheet would run, and text that needs quoting. */
	exec(f->db, "UPDATE participants SET village = '=HYPERLINK(\"x\")' WHERE uuid = 'p02';"
		    "UPDATE participants SET village = '-2+3' WHERE uuid = 'p03';"
		    "UPDATE participants SET village = '@SUM(A1)' WHERE uuid = 'p05';"
		    "UPDATE kiosks SET name = 'Nhà văn hóa, thôn 3' WHERE kiosk_id = '" K1 "'");
	char *path = write_to(f->db, f->dir, "2026-H1", REPORT_CSV, "r.csv");
	size_t len;
	char *csv = slurp(path, &len);
	assert_memory_equal(csv, "\xEF\xBB\xBF", 3);
	assert_int_equal(strlen(csv), len);
	for (size_t i = 0; i < len; i++)
		if (csv[i] == '\n' && (i == 0 || csv[i - 1] != '\r'))
			fail_msg("bare LF at byte %zu", i);
	assert_string_equal(csv + len - 4, "\r\n\r\n");
	const char *first = "\xEF\xBB\xBFSummary for 2026-H1 (2026-01-01 to 2026-06-30)\r\n"
			    "Figure,Value\r\nKiosks,3\r\nKiosk visits,6\r\n";
	assert_memory_equal(csv, first, strlen(first));
	assert_non_null(strstr(csv, "\r\nAverage score (%),71.4\r\n"));
	assert_non_null(strstr(csv, "\r\n\r\nKiosk visits\r\nKiosk,Commune,Visits\r\n"
				    "Nhà văn hóa Bản Mù,An Bình,2\r\n"
				    "\"Nhà văn hóa, thôn 3\",Mậu Đông,3\r\n" K3 ",,1\r\n"
				    "Total,,6\r\n\r\n"));
	assert_non_null(strstr(csv, "\r\nMậu Đông,\"'=HYPERLINK(\"\"x\"\")\",1\r\n"));
	assert_non_null(strstr(csv, "\r\nMậu Đông,'-2+3,1\r\n"));
	assert_non_null(strstr(csv, "\r\nAn Bình,'@SUM(A1),1\r\n"));
	/* A breakdown: the total, then a column per commune. */
	assert_non_null(strstr(csv, "\r\n\r\nParticipants by gender\r\n"
				    "Gender,Total,An Bình,Mậu Đông,Commune not set\r\n"
				    "Female,5,2,3,0\r\nMale,3,1,2,0\r\nOther,1,0,1,0\r\n"
				    "Not given,2,2,0,0\r\nTotal,11,5,6,0\r\n\r\n"));
	assert_null(strstr(csv, "\n=HYPERLINK"));
	assert_non_null(strstr(csv, "Citizens' questions by kiosk\r\n"
				    "Kiosk,Commune,Received,Answered,Answered (%),Target met\r\n"));
	assert_non_null(strstr(csv, "\r\n57.1% of citizens' questions were answered: the target "
				    "of 90% is not met.\r\n\r\n"));
	/* Every one of the 15 tables opens after a blank line, the first after
	 * the byte order mark. */
	size_t blocks = 0;
	for (const char *p = csv; (p = strstr(p, "\r\n\r\n")) != NULL; p += 4)
		blocks++;
	assert_int_equal(blocks, 15);
	free(csv);
	free(path);
}

/* One value of the JSON text through SQLite's own JSON functions. */
static char *json_at(sqlite3 *m, const char *json, const char *path)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(m, "SELECT json_valid(?1), json_extract(?1, ?2)", -1,
					    &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	const char *v = (const char *)sqlite3_column_text(st, 1);
	char *out = v ? xstrdup(v) : NULL;
	sqlite3_finalize(st);
	return out;
}

static void expect_json(sqlite3 *m, const char *json, const char *path, const char *want)
{
	char *got = json_at(m, json, path);
	if (!want ? got != NULL : (!got || strcmp(got, want) != 0))
		fail_msg("%s: want %s, got %s", path, want ? want : "NULL", got ? got : "NULL");
	free(got);
}

static void test_json(void **state)
{
	struct fixture *f = *state;
	exec(f->db, "UPDATE kiosks SET name = 'Nhà \"văn\" hóa\\\n2' WHERE kiosk_id = '" K1 "'");
	char *path = write_to(f->db, f->dir, "2026-H1", REPORT_JSON, "r.json");
	size_t len;
	char *json = slurp(path, &len);
	sqlite3 *m;
	assert_int_equal(sqlite3_open(":memory:", &m), SQLITE_OK);
	expect_json(m, json, "$.period.label", "2026-H1");
	expect_json(m, json, "$.period.from", "2026-01-01");
	expect_json(m, json, "$.period.to", "2026-06-30");
	static const char *const ids[] = {
		"summary",          "visits",
		"views_by_topic",   "views_by_language",
		"views_by_kiosk",   "quizzes",
		"participants_by_village", "participants_by_gender",
		"participants_by_ethnicity", "participants_by_age",
		"participants_by_kiosk", "contests",
		"questions",        "communes",
		"by_month"};
	for (size_t i = 0; i < NK_ARRAY_LEN(ids); i++) {
		char *p = xasprintf("$.tables[%zu].id", i);
		expect_json(m, json, p, ids[i]);
		free(p);
	}
	expect_json(m, json, "$.tables[15]", NULL);
	expect_json(m, json, "$.tables[14].rows[0]", "[\"2026-01\",1,2,2,2,0,1,1,100.0]");
	expect_json(m, json, "$.tables[14].rows[6]", "[\"Total\",6,8,13,9,0,7,4,57.1]");
	expect_json(m, json, "$.tables[1].title", "Kiosk visits");
	expect_json(m, json, "$.tables[1].columns", "[\"Kiosk\",\"Commune\",\"Visits\"]");
	expect_json(m, json, "$.tables[1].rows[1][0]", "Nhà \"văn\" hóa\\\n2");
	expect_json(m, json, "$.tables[1].rows[1][2]", "3");
	expect_json(m, json, "$.tables[1].rows[2][1]", NULL);
	expect_json(m, json, "$.tables[1].rows[3]", "[\"Total\",null,6]");
	expect_json(m, json, "$.tables[5].rows[3][4]", "71.4");
	/* Numbers are JSON numbers, not strings. */
	char *type = NULL;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(m, "SELECT json_type(?1, '$.tables[0].rows[1][1]')",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	type = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	assert_string_equal(type, "integer");
	free(type);
	expect_json(m, json, "$.tables[12].note",
		    "57.1% of citizens' questions were answered: the target of 90% is not met.");
	expect_json(m, json, "$.tables[1].note", NULL);
	sqlite3_close(m);
	free(json);
	free(path);
}

static bool on_path(const char *prog)
{
	char *cmd = xasprintf("command -v %s >/dev/null 2>&1", prog);
	bool yes = system(cmd) == 0;
	free(cmd);
	return yes;
}

static bool has_bytes(const char *buf, size_t len, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(buf + i, s, n) == 0)
			return true;
	return false;
}

static void expect_line(const char *text, const char *line)
{
	char *want = xasprintf("\n%s\n", line);
	char *with_start = xasprintf("\n%s", text);
	/* LibreOffice ends lines with LF; compare on whole lines. */
	if (!strstr(with_start, want))
		fail_msg("no line '%s' in:\n%s", line, text);
	free(want);
	free(with_start);
}

static void test_xlsx(void **state)
{
	struct fixture *f = *state;
	char *path = write_to(f->db, f->dir, "2026-H1", REPORT_XLSX, "report.xlsx");
	size_t len;
	char *zip = slurp(path, &len);
	assert_memory_equal(zip, "PK\x03\x04", 4);
	/* A zip keeps its member names in the clear: 16 sheets and 7 charts. */
	assert_true(has_bytes(zip, len, "xl/worksheets/sheet16.xml"));
	assert_false(has_bytes(zip, len, "xl/worksheets/sheet17.xml"));
	assert_true(has_bytes(zip, len, "xl/charts/chart1.xml"));
	assert_true(has_bytes(zip, len, "xl/charts/chart7.xml"));
	assert_false(has_bytes(zip, len, "xl/charts/chart8.xml"));
	/* The page set-up, read from the sheets' XML. */
	if (on_path("unzip")) {
		char *cmd = xasprintf("unzip -p '%s' xl/worksheets/sheet1.xml xl/worksheets/sheet2.xml "
				      "xl/worksheets/sheet16.xml xl/workbook.xml >'%s/sheets.xml'",
				      path, f->dir);
		assert_int_equal(system(cmd), 0);
		free(cmd);
		char *xml_path = xasprintf("%s/sheets.xml", f->dir);
		size_t xl;
		char *xml = slurp(xml_path, &xl);
		/* The summary on one portrait page, the tables landscape and as
		 * wide as a page, the charts at a scale that fits two across. */
		assert_non_null(strstr(xml, "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"));
		assert_non_null(strstr(xml, "<pageSetup paperSize=\"9\" orientation=\"portrait\"/>"));
		assert_non_null(strstr(xml, "<pageSetup paperSize=\"9\" fitToHeight=\"0\" "
					    "orientation=\"landscape\"/>"));
		assert_non_null(strstr(xml, "<pageSetup paperSize=\"9\" scale=\"75\" "
					    "orientation=\"landscape\"/>"));
		assert_non_null(strstr(xml, "<oddHeader>&amp;LCommune: An Bình, Mậu Đông, Commune "
					    "not set\nPeriod 2026-H1 (2026-01-01 to 2026-06-30)&amp;RMade "
					    "on "));
		assert_non_null(strstr(xml, "<definedName name=\"_xlnm.Print_Titles\" "
					    "localSheetId=\"1\">Visits!$1:$2</definedName>"));
		free(xml);
		free(xml_path);
	}
	free(zip);

	if (!on_path("libreoffice")) {
		print_message("libreoffice is not on PATH: the XLSX is not read back "
			      "(apt-get install libreoffice-calc-nogui)\n");
		free(path);
		skip();
		return;
	}
	/* Every sheet to its own CSV ("report-<sheet>.csv"), cells as shown. */
	char *cmd = xasprintf("cd '%s' && HOME='%s' libreoffice -env:UserInstallation=file://%s/lo "
			      "--headless --convert-to "
			      "'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,"
			      "false,false,-1' --outdir '%s/out' '%s' >'%s/lo.log' 2>&1",
			      f->dir, f->dir, f->dir, f->dir, path, f->dir);
	int st = system(cmd);
	free(cmd);
	if (st != 0) {
		char *log = xasprintf("%s/lo.log", f->dir);
		size_t n;
		char *text = slurp(log, &n);
		fail_msg("libreoffice failed (%d): %s", st, text);
	}
	char *sum_path = xasprintf("%s/out/report-Summary.csv", f->dir);
	char *sum = slurp(sum_path, &len);
	expect_line(sum, "Summary for 2026-H1 (2026-01-01 to 2026-06-30),");
	expect_line(sum, "Figure,Value");
	expect_line(sum, "Kiosks,3");
	expect_line(sum, "Kiosk visits,6");
	expect_line(sum, "Article views,8");
	expect_line(sum, "Quizzes taken,13");
	expect_line(sum, "Quizzes completed,9");
	expect_line(sum, "Average score (%),71.4");
	expect_line(sum, "Participants,11");
	expect_line(sum, "Citizens' questions received,7");
	expect_line(sum, "Questions answered (%),57.1");
	expect_line(sum, "Target met,No");

	char *topic_path = xasprintf("%s/out/report-Views by topic.csv", f->dir);
	char *topic = slurp(topic_path, &len);
	expect_line(topic, "Topic,Total,An Bình,Mậu Đông,Commune not set");
	expect_line(topic, "Nông thôn mới là gì,4,1,3,0");
	expect_line(topic, "OCOP – Mỗi xã một sản phẩm,3,2,1,0");
	expect_line(topic, "Articles no longer listed,1,0,1,0");
	expect_line(topic, "Total,8,3,5,0");
	char *q_path = xasprintf("%s/out/report-Citizens' questions.csv", f->dir);
	char *q = slurp(q_path, &len);
	expect_line(q, "Nhà văn hóa Bản Mù,An Bình,3,2,66.7,No");
	expect_line(q, "Total,,7,4,57.1,No");
	char *charts = xasprintf("%s/out/report-Charts.csv", f->dir);
	assert_int_equal(access(charts, F_OK), 0);
	free(charts);
	free(q);
	free(q_path);
	free(topic);
	free(topic_path);
	free(sum);
	free(sum_path);
	free(path);
}

static void test_streams_and_errors(void **state)
{
	struct fixture *f = *state;
	struct period p;
	char *err = NULL;
	assert_int_equal(period_parse("2026", &p, NULL), 0);
	FILE *t = tmpfile();
	assert_non_null(t);
	assert_int_equal(report_write(f->db, &p, REPORT_XLSX, NULL, t, &err), 0);
	long size = ftell(t);
	assert_true(size > 1000);
	rewind(t);
	char magic[4];
	assert_int_equal(fread(magic, 1, 4, t), 4);
	assert_memory_equal(magic, "PK\x03\x04", 4);
	fclose(t);
	t = tmpfile();
	assert_int_equal(report_write(f->db, &p, REPORT_JSON, NULL, t, &err), 0);
	rewind(t);
	assert_int_equal(fgetc(t), '{');
	fclose(t);

	char *bad = xasprintf("%s/missing/r.xlsx", f->dir);
	assert_int_equal(report_write(f->db, &p, REPORT_XLSX, bad, NULL, &err), NK_ENOENT);
	assert_non_null(strstr(err, "missing/r.xlsx: the folder does not exist"));
	free(err);
	err = NULL;
	assert_int_equal(report_write(f->db, &p, REPORT_CSV, bad, NULL, &err), NK_ENOENT);
	free(err);
	err = NULL;
	free(bad);
	assert_int_equal(report_write(f->db, &p, REPORT_CSV, NULL, NULL, &err), NK_EINVAL);
	free(err);
}

/* Translated names through a real catalog, made here with msgfmt: titles,
 * headers and labels follow gettext, and sheet names that are too long,
 * clash once cut, or hold characters Excel refuses still make a workbook. */
static void test_translated(void **state)
{
	struct fixture *f = *state;
	if (!on_path("msgfmt")) {
		print_message("msgfmt is not on PATH: no catalog to test with\n");
		skip();
		return;
	}
	static const char po[] =
		"msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
		"msgid \"Summary\"\nmsgstr \"Tổng hợp\"\n"
		"msgid \"Kiosk visits\"\nmsgstr \"Lượt truy cập kiosk\"\n"
		"msgid \"Kiosk\"\nmsgstr \"Điểm\"\n"
		"msgid \"Total\"\nmsgstr \"Tổng\"\n"
		"msgid \"Visits\"\nmsgstr \"Lượt/truy:cập?\"\n"
		"msgid \"Quizzes\"\nmsgstr \"'Câu đố'\"\n"
		"msgid \"Views by topic\"\n"
		"msgstr \"Lượt xem bài viết theo chủ đề của xã nông thôn mới\"\n"
		"msgid \"By village\"\n"
		"msgstr \"Lượt xem bài viết theo chủ đề của xã nông thôn mới khác\"\n";
	char *po_path = test_write(f->dir, "vi.po", po);
	char *cmd = xasprintf("mkdir -p '%s/loc/vi/LC_MESSAGES' && msgfmt -o "
			      "'%s/loc/vi/LC_MESSAGES/ntmkiosk.mo' '%s'",
			      f->dir, f->dir, po_path);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(po_path);
	char *loc = xasprintf("%s/loc", f->dir), *err = NULL;
	if (i18n_init(loc, &err) != 0)
		fail_msg("%s", err);
	free(loc);

	struct report *r = build(f->db, "2026-H1");
	const struct report_table *v = table(r, "visits");
	assert_string_equal(v->title, "Lượt truy cập kiosk");
	assert_string_equal(v->headers[0], "Điểm");
	expect_text(r, "visits", 3, 0, "Tổng");
	report_free(&r);

	char *path = write_to(f->db, f->dir, "2026-H1", REPORT_XLSX, "vi.xlsx");
	if (!on_path("libreoffice")) {
		print_message("libreoffice is not on PATH: sheet names not read back\n");
		free(path);
		skip();
		return;
	}
	cmd = xasprintf("cd '%s' && HOME='%s' libreoffice -env:UserInstallation=file://%s/lo "
			"--headless --convert-to "
			"'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,"
			"false,false,-1' --outdir '%s/vi' '%s' >'%s/lo.log' 2>&1",
			f->dir, f->dir, f->dir, f->dir, path, f->dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	static const char *const sheets[] = {
		"Tổng hợp", "Lượt truy cập", "Câu đố", "Lượt xem bài viết theo chủ đề c",
		"Lượt xem bài viết theo chủ (2)"};
	for (size_t i = 0; i < NK_ARRAY_LEN(sheets); i++) {
		char *csv = xasprintf("%s/vi/vi-%s.csv", f->dir, sheets[i]);
		if (access(csv, F_OK) != 0)
			fail_msg("no sheet '%s'", sheets[i]);
		free(csv);
	}
	size_t len;
	char *csv_path = xasprintf("%s/vi/vi-Lượt truy cập.csv", f->dir);
	char *csv = slurp(csv_path, &len);
	expect_line(csv, "Điểm,Commune,Lượt/truy:cập?");
	expect_line(csv, "Tổng,,6");
	free(csv);
	free(csv_path);
	free(path);
}

static int group_setup(void **state)
{
	(void)state;
	/* Kiosks run at UTC+7; the periods are their local dates. */
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	text_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period_parse),
		cmocka_unit_test(test_period_bounds),
		cmocka_unit_test(test_period_presets),
		cmocka_unit_test_setup_teardown(test_h1_visits_views, setup, teardown),
		cmocka_unit_test_setup_teardown(test_h1_quizzes_people, setup, teardown),
		cmocka_unit_test_setup_teardown(test_h1_questions_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_h2_and_year, setup, teardown),
		cmocka_unit_test(test_target_edge),
		cmocka_unit_test_setup_teardown(test_contests_when_present, setup, teardown),
		cmocka_unit_test_setup_teardown(test_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_contests_held, setup, teardown),
		cmocka_unit_test_setup_teardown(test_question_analysis, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xlsx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_streams_and_errors, setup, teardown),
		/* Last: it switches the process to a catalog of its own. */
		cmocka_unit_test_setup_teardown(test_translated, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
