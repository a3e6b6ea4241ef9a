/*
 * Tests for records/merge: two kiosk databases that overlap (B holds a copy
 * of some of A's records) merged into a third, district database; what is
 * added, what is the same and what is filled; merging again changes
 * nothing; a differing row is reported and kept as it was; rows without a
 * parent or clashing on a unique column are reported; foreign keys hold;
 * the source file is not written; schema mismatches, foreign files and the
 * target itself are refused; a failure halfway leaves nothing; and the
 * period report on the merged database splits by kiosk and commune. Content
 * tables are not merged and not tested here.
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
#include "records/merge.h"
#include "records/report.h"

struct fixture {
	char *dir;
	char *a_path, *b_path, *d_path;
	struct db *a, *b, *d;
	char ka[37], kb[37];
};

static void exec(struct db *db, const char *fmt, ...) NK_PRINTF(2, 3);

static void exec(struct db *db, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *sql = xvasprintf(fmt, ap), *err = NULL;
	va_end(ap);
	if (db_exec(db, sql, &err) != 0)
		fail_msg("%s: %s", sql, err);
	free(sql);
}

/* sql with every "$K" replaced by the kiosk id k (no printf, so the SQL
 * can keep its own % signs). */
static void exec_k(struct db *db, const char *sql, const char *k)
{
	size_t n = 0;
	for (const char *p = sql; (p = strstr(p, "$K")) != NULL; p += 2)
		n++;
	char *out = xmalloc(strlen(sql) + n * strlen(k) + 1), *o = out;
	for (const char *p = sql; *p;) {
		if (p[0] == '$' && p[1] == 'K') {
			o = stpcpy(o, k);
			p += 2;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	exec(db, "%s", out);
	free(out);
}

static int64_t count(struct db *db, const char *what)
{
	char *sql = xasprintf("SELECT count(*) FROM %s", what);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	free(sql);
	return n;
}

static char *text_of(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	char *out = NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

static struct db *open_db(const char *path)
{
	struct db *db = NULL;
	char *err = NULL;
	if (db_open(path, &db, &err) != 0)
		fail_msg("db_open: %s", err);
	return db;
}

/* A's records: with first set, the ones B also holds (B merged an older
 * copy of A); otherwise the ones A made after that. */
static void a_records(struct db *db, const char *ka, bool first)
{
	if (!first)
		goto rest;
	exec_k(db,
	     "INSERT INTO visits(uuid, kiosk_id, started_at, lang) VALUES ('va1', '$K', '2026-01-05T02:00:00Z', 'vi');"
	     "INSERT INTO views(uuid, kiosk_id, slug, lang, started_at, seconds) VALUES ('wa1', '$K', 'a-ntm', 'vi', '2026-01-05T02:01:00Z', 40);"
	     "INSERT INTO participants(uuid, kiosk_id, created_at, full_name, village, gender, birth_year, ethnicity, phone, consent_lang) VALUES ('pa1', '$K', '2026-01-05T02:10:00Z', 'Lò Văn A',"
	     " 'Nà Hẩu', 'male', 1990, 'thai', NULL, 'vi');"
	     "INSERT INTO attempts(uuid, kiosk_id, lang, topic, started_at, ended_at, total, score, completed, participant_uuid) VALUES ('ta1', '$K', 'vi', NULL, '2026-01-05T02:05:00Z',"
	     " '2026-01-05T02:09:00Z', 10, 8, 1, 'pa1');"
	     "INSERT INTO answers(uuid, attempt_uuid, kiosk_id, position, question_id, chosen, correct, timed_out, ms, answered_at) VALUES ('aa1', 'ta1', '$K', 0, 'ntm-001', 1, 1, 0, 3000,"
	     " '2026-01-05T02:06:00Z'),"
	     " ('aa2', 'ta1', '$K', 1, 'ntm-002', 2, 0, 0, 4000, '2026-01-05T02:07:00Z');"
	     "INSERT INTO citizen_questions(uuid, kiosk_id, asked_at, lang, question, answer,"
	     " answered_at) VALUES ('qa1', '$K', '2026-01-06T02:00:00Z', 'vi', 'Khi nào?',"
	     " 'Tháng sau', '2026-01-07T02:00:00Z');",
	     ka);
	return;
rest:
	exec_k(db,
	     "INSERT INTO visits(uuid, kiosk_id, started_at, lang) VALUES ('va2', '$K', '2026-02-05T02:00:00Z', 'hmn'),"
	     " ('va3', '$K', '2026-03-05T02:00:00Z', 'vi'),"
	     " ('va4', '$K', '2026-08-05T02:00:00Z', 'vi');"
	     "INSERT INTO views(uuid, kiosk_id, slug, lang, started_at, seconds) VALUES ('wa2', '$K', 'a-ocop', 'hmn', '2026-02-05T02:01:00Z', 20);"
	     "INSERT INTO participants(uuid, kiosk_id, created_at, full_name, village, gender, birth_year, ethnicity, phone, consent_lang) VALUES ('pa2', '$K', '2026-02-05T02:10:00Z', 'Giàng Thị B',"
	     " 'Nà Hẩu', 'female', 2001, 'mong', '0912345678', 'hmn');"
	     "INSERT INTO attempts(uuid, kiosk_id, lang, topic, started_at, ended_at, total, score, completed, participant_uuid) VALUES ('ta2', '$K', 'hmn', NULL, '2026-02-05T02:05:00Z',"
	     " '2026-02-05T02:09:00Z', 10, 5, 1, 'pa2'),"
	     " ('ta3', '$K', 'vi', NULL, '2026-03-05T02:05:00Z', NULL, 10, 1, 0, NULL);"
	     "INSERT INTO answers(uuid, attempt_uuid, kiosk_id, position, question_id, chosen, correct, timed_out, ms, answered_at) VALUES ('aa3', 'ta2', '$K', 0, 'ntm-003', 1, 1, 0, 2000,"
	     " '2026-02-05T02:06:00Z');"
	     "INSERT INTO citizen_questions(uuid, kiosk_id, asked_at, lang, question) VALUES"
	     " ('qa2', '$K', '2026-03-06T02:00:00Z', 'vi', 'Ở đâu?');"
	     "INSERT INTO contests(uuid, kiosk_id, name, held_on, place, started_at, state, version) VALUES ('ca1', '$K', 'Hội thi NTM', '2026-03-08', 'Nà Hẩu',"
	     " '2026-03-08T01:00:00Z', 'state', 7);"
	     "INSERT INTO contest_teams(uuid, contest_uuid, team_no, name, village) VALUES ('cta1', 'ca1', 1, 'Bản Nà Hẩu', 'Nà Hẩu'),"
	     " ('cta2', 'ca1', 2, 'Bản Mù', NULL);"
	     "INSERT INTO contest_members(uuid, team_uuid, name) VALUES ('cma1', 'cta1', 'Lò Văn A'),"
	     " ('cma2', 'cta1', 'Giàng Thị B'), ('cma3', 'cta2', 'Triệu C');",
	     ka);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	f->dir = test_tmpdir();
	f->a_path = xasprintf("%s/a.db", f->dir);
	f->b_path = xasprintf("%s/b.db", f->dir);
	f->d_path = xasprintf("%s/district.db", f->dir);
	f->a = open_db(f->a_path);
	f->b = open_db(f->b_path);
	f->d = open_db(f->d_path);
	memcpy(f->ka, db_kiosk_id(f->a), 37);
	memcpy(f->kb, db_kiosk_id(f->b), 37);

	/* B took a copy of A's first records (a merge, as a district would),
	 * before A was named and before A's later records. */
	a_records(f->a, f->ka, true);
	struct merge_report rep;
	char *err = NULL;
	db_close(&f->a);
	if (merge_into(f->b, f->a_path, &rep, &err) != 0)
		fail_msg("merge A into B: %s", err);
	merge_report_free(&rep);
	f->a = open_db(f->a_path);
	exec(f->a, "UPDATE kiosks SET name = 'Nhà văn hóa Nà Hẩu', commune = 'Mậu Đông' "
		   "WHERE kiosk_id = '%s'", f->ka);
	a_records(f->a, f->ka, false);

	exec(f->b, "UPDATE kiosks SET name = 'Nhà văn hóa Bản Mù', commune = 'An Bình', "
		   "district = 'Văn Yên' WHERE kiosk_id = '%s'", f->kb);
	exec_k(f->b,
	     "INSERT INTO visits(uuid, kiosk_id, started_at, lang) VALUES ('vb1', '$K', '2026-01-10T02:00:00Z', 'vi'),"
	     " ('vb2', '$K', '2026-06-30T17:30:00Z', 'vi');" /* 1 July local: H2 */
	     "INSERT INTO views(uuid, kiosk_id, slug, lang, started_at, seconds) VALUES ('wb1', '$K', 'a-ocop', 'vi', '2026-01-10T02:01:00Z', 10);"
	     "INSERT INTO participants(uuid, kiosk_id, created_at, full_name, village, gender, birth_year, ethnicity, phone, consent_lang) VALUES ('pb1', '$K', '2026-01-10T02:10:00Z', 'Triệu C',"
	     " 'Bản Mù', 'male', 1970, 'dao', NULL, 'ium');"
	     "INSERT INTO attempts(uuid, kiosk_id, lang, topic, started_at, ended_at, total, score, completed, participant_uuid) VALUES ('tb1', '$K', 'ium', NULL, '2026-01-10T02:05:00Z',"
	     " '2026-01-10T02:09:00Z', 5, 5, 1, 'pb1');"
	     "INSERT INTO answers(uuid, attempt_uuid, kiosk_id, position, question_id, chosen, correct, timed_out, ms, answered_at) VALUES ('ab1', 'tb1', '$K', 0, 'ntm-001', 1, 1, 0, 1000,"
	     " '2026-01-10T02:06:00Z');"
	     "INSERT INTO citizen_questions(uuid, kiosk_id, asked_at, lang, question, answer,"
	     " answered_at) VALUES ('qb1', '$K', '2026-01-11T02:00:00Z', 'ium', '?', 'Có',"
	     " '2026-01-12T02:00:00Z');"
	     "INSERT INTO contests(uuid, kiosk_id, name, held_on, place, started_at, state, version) VALUES ('cb1', '$K', 'Hội thi OCOP', '2026-04-01', NULL,"
	     " '2026-04-01T01:00:00Z', 'state', 3);"
	     "INSERT INTO contest_teams(uuid, contest_uuid, team_no, name, village) VALUES ('ctb1', 'cb1', 1, 'Thôn 1', NULL);",
	     f->kb);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(&f->a);
	db_close(&f->b);
	db_close(&f->d);
	free(f->a_path);
	free(f->b_path);
	free(f->d_path);
	test_rmdir(f->dir);
	free(f);
	return 0;
}

static void merge_ok(struct db *into, const char *src, struct merge_report *rep)
{
	char *err = NULL;
	if (merge_into(into, src, rep, &err) != 0)
		fail_msg("merge_into %s: %s", src, err);
}

static void expect_counts(const int64_t *got, const int64_t *want, const char *what)
{
	for (int i = 0; i < MERGE_NTABLES; i++)
		if (got[i] != want[i])
			fail_msg("%s %s: want %lld, got %lld", what,
				 merge_table_name((enum merge_table)i), (long long)want[i],
				 (long long)got[i]);
}

/* Table sizes of the district database, in merge_table order. */
static void expect_sizes(struct db *d, const int64_t *want)
{
	int64_t got[MERGE_NTABLES];
	for (int i = 0; i < MERGE_NTABLES; i++)
		got[i] = count(d, merge_table_name((enum merge_table)i));
	expect_counts(got, want, "rows in");
}

static bool has_line(const struct merge_report *rep, const char *line)
{
	for (size_t i = 0; i < rep->nconflicts; i++)
		if (strcmp(rep->conflict_lines[i], line) == 0)
			return true;
	for (size_t i = 0; i < rep->nconflicts && i < 5; i++)
		print_message("line: %s\n", rep->conflict_lines[i]);
	return false;
}

static void test_merge_two(void **state)
{
	struct fixture *f = *state;
	struct merge_report rep;
	merge_ok(f->d, f->b_path, &rep);
	/* kiosks: B's own and B's copy of A's row, still unnamed (the
	 * district's own row was there already). */
	static const int64_t b_added[] = {2, 2, 2, 3, 3, 2, 2, 1, 1, 0};
	static const int64_t none[MERGE_NTABLES] = {0};
	expect_counts(rep.added, b_added, "added from B");
	expect_counts(rep.same, none, "same from B");
	expect_counts(rep.updated, none, "updated from B");
	assert_int_equal(rep.conflicts, 0);
	merge_report_free(&rep);

	merge_ok(f->d, f->a_path, &rep);
	/* What B already brought of A is the same version; A's kiosk row,
	 * named since, is newer and replaces the unnamed copy. */
	static const int64_t a_added[] = {0, 1, 2, 1, 3, 1, 1, 1, 2, 3};
	static const int64_t a_same[] = {0, 1, 1, 2, 1, 1, 1, 0, 0, 0};
	static const int64_t a_updated[] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	expect_counts(rep.added, a_added, "added from A");
	expect_counts(rep.same, a_same, "same from A");
	expect_counts(rep.updated, a_updated, "updated from A");
	assert_int_equal(rep.conflicts, 0);
	assert_int_equal(rep.nconflicts, 0);
	merge_report_free(&rep);

	/* Every table holds A's records plus B's own: the union, each once. */
	static const int64_t sizes[] = {3, 3, 4, 4, 6, 3, 3, 2, 3, 3};
	expect_sizes(f->d, sizes);
	char *sql = xasprintf("SELECT name || '|' || commune FROM kiosks WHERE kiosk_id = '%s'",
			      f->ka);
	char *got = text_of(f->d, sql);
	assert_string_equal(got, "Nhà văn hóa Nà Hẩu|Mậu Đông");
	free(got);
	free(sql);
	sql = xasprintf("SELECT district FROM kiosks WHERE kiosk_id = '%s'", f->kb);
	got = text_of(f->d, sql);
	assert_string_equal(got, "Văn Yên");
	free(got);
	free(sql);
	got = text_of(f->d, "SELECT phone FROM participants WHERE uuid = 'pa2'");
	assert_string_equal(got, "0912345678");
	free(got);
	assert_int_equal(count(f->d, "pragma_foreign_key_check"), 0);

	/* Again, in either order: nothing changes, everything is the same. */
	merge_ok(f->d, f->a_path, &rep);
	static const int64_t a_all[] = {1, 2, 3, 3, 4, 2, 2, 1, 2, 3};
	expect_counts(rep.added, none, "added from A again");
	expect_counts(rep.same, a_all, "same from A again");
	expect_counts(rep.updated, none, "updated from A again");
	assert_int_equal(rep.conflicts, 0);
	merge_report_free(&rep);
	merge_ok(f->d, f->b_path, &rep);
	static const int64_t b_all[] = {1, 2, 2, 3, 3, 2, 2, 1, 1, 0};
	static const int64_t b_kept[] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	expect_counts(rep.added, none, "added from B again");
	expect_counts(rep.updated, none, "updated from B again");
	expect_counts(rep.same, b_all, "same from B again");
	expect_counts(rep.kept, b_kept, "older in B");
	assert_int_equal(rep.conflicts, 0);
	merge_report_free(&rep);
	expect_sizes(f->d, sizes);
}

/* A change made after the district took A's file travels on the next
 * merge: the newer version wins, with no conflict. */
static void test_newer_wins(void **state)
{
	struct fixture *f = *state;
	struct merge_report rep;
	merge_ok(f->d, f->a_path, &rep);
	merge_report_free(&rep);
	exec(f->a, "UPDATE participants SET village = 'Khe Tiên', phone = NULL WHERE uuid = 'pa2';"
		   "UPDATE kiosks SET commune = 'Xã khác' WHERE kiosk_id = '%s';"
		   "UPDATE citizen_questions SET answer = 'Thứ Hai', answered_at = "
		   "'2026-03-07T02:00:00Z', published = 1 WHERE uuid = 'qa2';"
		   "UPDATE attempts SET completed = 1, ended_at = '2026-03-05T02:20:00Z', "
		   "score = 7 WHERE uuid = 'ta3'",
	     f->ka);
	merge_ok(f->d, f->a_path, &rep);
	assert_int_equal(rep.conflicts, 0);
	assert_int_equal(rep.updated[MERGE_PARTICIPANTS], 1);
	assert_int_equal(rep.updated[MERGE_KIOSKS], 1);
	assert_int_equal(rep.updated[MERGE_CITIZEN_QUESTIONS], 1);
	assert_int_equal(rep.updated[MERGE_ATTEMPTS], 1);
	assert_int_equal(rep.same[MERGE_PARTICIPANTS], 1);
	merge_report_free(&rep);
	char *got = text_of(f->d, "SELECT village || '|' || coalesce(phone, '-') FROM "
				  "participants WHERE uuid = 'pa2'");
	assert_string_equal(got, "Khe Tiên|-");
	free(got);
	char *sql = xasprintf("SELECT commune FROM kiosks WHERE kiosk_id = '%s'", f->ka);
	got = text_of(f->d, sql);
	assert_string_equal(got, "Xã khác");
	free(got);
	free(sql);
	got = text_of(f->d, "SELECT answer || published FROM citizen_questions WHERE uuid = 'qa2'");
	assert_string_equal(got, "Thứ Hai1");
	free(got);
	/* The district's own change after that (a purge) goes back to A. */
	exec(f->d, "UPDATE participants SET full_name = NULL, phone = NULL WHERE uuid = 'pa1'");
	db_close(&f->a);
	struct db *a = open_db(f->a_path);
	char *err = NULL;
	if (merge_into(a, f->d_path, &rep, &err) != 0)
		fail_msg("%s", err);
	assert_int_equal(rep.conflicts, 0);
	merge_report_free(&rep);
	got = text_of(a, "SELECT coalesce(full_name, '-') FROM participants WHERE uuid = 'pa1'");
	assert_string_equal(got, "-");
	free(got);
	db_close(&a);
}

/* Two places change one record, neither knowing of the other: the same
 * version wins on both sides, and the other is set aside, whole. */
static void test_changed_in_two_places(void **state)
{
	struct fixture *f = *state;
	struct merge_report rep;
	merge_ok(f->d, f->a_path, &rep);
	merge_report_free(&rep);
	exec(f->d, "UPDATE citizen_questions SET answer = 'Từ huyện' WHERE uuid = 'qa2'");
	/* A's change a few milliseconds later: within one millisecond the two
	 * clocks' counters, not the order of the changes, would decide. */
	usleep(5000);
	exec(f->a, "UPDATE citizen_questions SET answer = 'Từ xã' WHERE uuid = 'qa2'");
	merge_ok(f->d, f->a_path, &rep);
	assert_int_equal(rep.conflicts, 1);
	char *line = xasprintf("citizen_questions qa2: changed in two places (answer); kept the "
			       "change of %s", f->ka);
	assert_true(has_line(&rep, line));
	free(line);
	merge_report_free(&rep);
	char *got = text_of(f->d, "SELECT answer FROM citizen_questions WHERE uuid = 'qa2'");
	assert_string_equal(got, "Từ xã"); /* A's change is the later */
	free(got);
	got = text_of(f->d, "SELECT json_extract(lost_row, '$.answer') || '|' || columns "
			    "FROM sync_conflicts WHERE tbl = 'citizen_questions' AND key = 'qa2'");
	assert_string_equal(got, "Từ huyện|answer");
	free(got);
	/* Again: nothing new. */
	merge_ok(f->d, f->a_path, &rep);
	assert_int_equal(rep.conflicts, 0);
	merge_report_free(&rep);
	assert_int_equal(count(f->d, "sync_conflicts"), 1);
}

/* Rows FOREIGN KEY enforcement would have stopped, written into A through a
 * connection without it, as an old or damaged file might hold them. */
static void test_orphans_and_unique(void **state)
{
	struct fixture *f = *state;
	sqlite3 *raw;
	assert_int_equal(sqlite3_open(f->a_path, &raw), SQLITE_OK);
	char *sql = xstrdup(
		"INSERT INTO attempts(uuid, kiosk_id, lang, topic, started_at, ended_at, total, score, completed, participant_uuid) VALUES ('ta9', '$K', 'vi', NULL, '2026-04-01T02:00:00Z',"
		" NULL, 10, 0, 0, 'ghost');"
		"INSERT INTO answers(uuid, attempt_uuid, kiosk_id, position, question_id, chosen, correct, timed_out, ms, answered_at) VALUES ('aa9', 'ta9', '$K', 0, 'ntm-001', 1, 1, 0, 1000,"
		" '2026-04-01T02:01:00Z'),"
		" ('aa8', 'nowhere', '$K', 0, 'ntm-001', 1, 1, 0, 1000, '2026-04-01T02:01:00Z');"
		/* A second answer at ta1's position 0 under a new uuid. */
		"INSERT INTO answers(uuid, attempt_uuid, kiosk_id, position, question_id, chosen, correct, timed_out, ms, answered_at) VALUES ('aa7', 'ta2', '$K', 1, 'ntm-004', 1, 1, 0, 1000,"
		" '2026-02-05T02:07:00Z');");
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	free(sql);
	sqlite3_close(raw);
	/* The clash: the district already has an answer at ta2's position 1. */
	struct merge_report rep;
	merge_ok(f->d, f->a_path, &rep);
	merge_report_free(&rep);
	exec(f->d, "DELETE FROM answers WHERE uuid = 'aa7';"
		   "INSERT INTO answers(uuid, attempt_uuid, kiosk_id, position, question_id, chosen, correct, timed_out, ms, answered_at) VALUES ('ad1', 'ta2', '%s', 1, 'ntm-009', 1, 0, 0, 10,"
		   " '2026-02-05T02:07:30Z')",
	     f->ka);
	merge_ok(f->d, f->a_path, &rep);
	assert_int_equal(rep.conflicts, 4);
	assert_true(has_line(&rep, "attempts ta9: left out, its participant_uuid has no row in "
				   "participants"));
	assert_true(has_line(&rep, "answers aa9: left out, its attempt_uuid has no row in "
				   "attempts"));
	assert_true(has_line(&rep, "answers aa8: left out, its attempt_uuid has no row in "
				   "attempts"));
	assert_true(has_line(&rep, "answers aa7: left out, another row here has the same "
				   "values in a column that must be unique"));
	assert_int_equal(rep.added[MERGE_ATTEMPTS] + rep.added[MERGE_ANSWERS], 0);
	merge_report_free(&rep);
	assert_int_equal(count(f->d, "attempts WHERE uuid = 'ta9'"), 0);
	assert_int_equal(count(f->d, "pragma_foreign_key_check"), 0);
}

static void test_source_untouched(void **state)
{
	struct fixture *f = *state;
	db_close(&f->a);
	char *before, *after, *err = NULL;
	size_t n1, n2;
	assert_int_equal(util_read_file(f->a_path, &before, &n1, &err), 0);
	struct merge_report rep;
	merge_ok(f->d, f->a_path, &rep);
	merge_report_free(&rep);
	assert_int_equal(util_read_file(f->a_path, &after, &n2, &err), 0);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
	/* Nothing left beside it either (it may be on a read-only stick). */
	char *side = xasprintf("%s-wal", f->a_path);
	assert_int_equal(access(side, F_OK), -1);
	free(side);
	side = xasprintf("%s-shm", f->a_path);
	assert_int_equal(access(side, F_OK), -1);
	free(side);
	/* The district's kiosks did not land in A. */
	f->a = open_db(f->a_path);
	assert_int_equal(count(f->a, "kiosks"), 1);
}

static void test_refusals(void **state)
{
	struct fixture *f = *state;
	struct merge_report rep;
	char *err = NULL;
	static const int64_t empty[MERGE_NTABLES] = {1};

	/* Into itself, under its own name and under others. */
	assert_int_equal(merge_into(f->d, f->d_path, &rep, &err), NK_EINVAL);
	assert_non_null(strstr(err, "merged into itself"));
	free(err);
	err = NULL;
	char *dotted = xasprintf("%s/./district.db", f->dir);
	char *link = xasprintf("%s/link.db", f->dir);
	assert_int_equal(symlink(f->d_path, link), 0);
	assert_int_equal(merge_into(f->d, dotted, &rep, &err), NK_EINVAL);
	free(err);
	err = NULL;
	assert_int_equal(merge_into(f->d, link, &rep, &err), NK_EINVAL);
	free(err);
	err = NULL;
	free(dotted);
	free(link);

	/* An older schema, then a newer one. */
	char *old = xasprintf("%s/old.db", f->dir);
	struct db *o = open_db(old);
	exec(o, "INSERT INTO visits(uuid, kiosk_id, started_at, lang) VALUES ('vo1', 'x', '2026-01-01T00:00:00Z', 'vi');"
		"PRAGMA user_version = 3");
	db_close(&o);
	assert_int_equal(merge_into(f->d, old, &rep, &err), NK_EINVAL);
	char *want = xasprintf("%s: schema version 3; open it once with this version of "
			       "ntmkiosk first",
			       old);
	assert_string_equal(err, want);
	free(want);
	free(err);
	err = NULL;
	sqlite3 *raw;
	assert_int_equal(sqlite3_open(old, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "PRAGMA user_version = 99", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(raw);
	assert_int_equal(merge_into(f->d, old, &rep, &err), NK_EINVAL);
	assert_non_null(strstr(err, "schema version 99 is newer"));
	free(err);
	err = NULL;
	free(old);

	/* The same version but other columns (a hand-edited file). */
	char *odd = xasprintf("%s/odd.db", f->dir);
	o = open_db(odd);
	exec(o, "ALTER TABLE views ADD COLUMN extra TEXT");
	db_close(&o);
	assert_int_equal(merge_into(f->d, odd, &rep, &err), NK_EINVAL);
	assert_non_null(strstr(err, "table views does not have the columns"));
	free(err);
	err = NULL;
	free(odd);

	/* Not a database; not there; no name. */
	char *txt = test_write(f->dir, "notes.db", "this is not a database, just text\n");
	assert_int_not_equal(merge_into(f->d, txt, &rep, &err), 0);
	assert_non_null(strstr(err, "notes.db"));
	free(err);
	err = NULL;
	free(txt);
	char *none = xasprintf("%s/none.db", f->dir);
	assert_int_equal(merge_into(f->d, none, &rep, &err), NK_ENOENT);
	free(err);
	err = NULL;
	assert_int_equal(access(none, F_OK), -1); /* not created by the attempt */
	free(none);
	assert_int_equal(merge_into(f->d, "", &rep, &err), NK_EINVAL);
	free(err);
	err = NULL;

	/* Nothing came in from any of them, and the report is empty. */
	expect_sizes(f->d, empty);
	assert_int_equal(rep.nconflicts, 0);
	assert_null(rep.conflict_lines);
}

/* A failure after some tables were copied undoes them all. */
static void test_all_or_nothing(void **state)
{
	struct fixture *f = *state;
	exec(f->d, "CREATE TRIGGER no_views BEFORE INSERT ON views BEGIN "
		   "SELECT RAISE(ABORT, 'views are refused here'); END");
	struct merge_report rep;
	char *err = NULL;
	assert_int_not_equal(merge_into(f->d, f->a_path, &rep, &err), 0);
	assert_non_null(strstr(err, "views are refused here"));
	free(err);
	static const int64_t empty[MERGE_NTABLES] = {1};
	expect_sizes(f->d, empty);
	static const int64_t none[MERGE_NTABLES] = {0};
	expect_counts(rep.added, none, "added after failure");
	exec(f->d, "DROP TRIGGER no_views");
	merge_ok(f->d, f->a_path, &rep);
	assert_int_equal(rep.added[MERGE_VIEWS], 2);
	merge_report_free(&rep);
}

/* Conflict lines stop at MERGE_MAX_LINES; the count goes on. */
static void test_many_conflicts(void **state)
{
	struct fixture *f = *state;
	struct merge_report rep;
	exec_k(f->a,
	       "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	       "WHERE i < 1005) INSERT INTO visits(uuid, kiosk_id, started_at, lang) SELECT 'vx' || i, '$K', "
	       "'2026-05-01T00:00:00Z', 'vi' FROM n",
	       f->ka);
	merge_ok(f->d, f->a_path, &rep);
	merge_report_free(&rep);
	exec(f->d, "%s", "UPDATE visits SET lang = 'ium' WHERE uuid LIKE 'vx%'");
	usleep(5000); /* A's changes later, as above */
	exec(f->a, "%s", "UPDATE visits SET lang = 'hmn' WHERE uuid LIKE 'vx%'");
	merge_ok(f->d, f->a_path, &rep);
	assert_int_equal(rep.conflicts, 1005);
	assert_int_equal(rep.nconflicts, MERGE_MAX_LINES);
	char *line = xasprintf("visits vx1: changed in two places (lang); kept the change of %s",
			       f->ka);
	assert_true(has_line(&rep, line));
	free(line);
	merge_report_free(&rep);
}

static void test_report_on_merged(void **state)
{
	struct fixture *f = *state;
	struct merge_report rep;
	merge_ok(f->d, f->a_path, &rep);
	merge_report_free(&rep);
	merge_ok(f->d, f->b_path, &rep);
	merge_report_free(&rep);
	struct period p;
	struct report *r = NULL;
	char *err = NULL;
	assert_int_equal(period_parse("2026-H1", &p, NULL), 0);
	if (report_build(f->d, &p, &r, &err) != 0)
		fail_msg("%s", err);
	/* The district's own, empty kiosk is not a row; B (An Bình) sorts
	 * before A (Mậu Đông). vb2 is 1 July local, so B has one H1 visit. */
	const struct report_table *v = report_table(r, "visits");
	assert_int_equal(v->nrows, 3);
	assert_string_equal(v->rows[0][0].text, "Nhà văn hóa Bản Mù");
	assert_string_equal(v->rows[0][1].text, "An Bình");
	assert_int_equal((int)v->rows[0][2].num, 1);
	assert_string_equal(v->rows[1][0].text, "Nhà văn hóa Nà Hẩu");
	assert_string_equal(v->rows[1][1].text, "Mậu Đông");
	assert_int_equal((int)v->rows[1][2].num, 3);
	assert_int_equal((int)v->rows[2][2].num, 4);
	const struct report_table *q = report_table(r, "quizzes");
	assert_int_equal((int)q->rows[0][2].num, 1); /* B: tb1 */
	assert_int_equal((int)q->rows[1][2].num, 3); /* A: ta1, ta2, ta3 */
	assert_int_equal((int)q->rows[1][3].num, 2);
	assert_true(q->rows[1][4].num > 64.9 && q->rows[1][4].num < 65.1); /* 13 of 20 */
	const struct report_table *cq = report_table(r, "questions");
	assert_int_equal((int)cq->rows[1][2].num, 2);
	assert_int_equal((int)cq->rows[1][3].num, 1);
	assert_string_equal(cq->rows[0][5].text, "Yes");
	assert_string_equal(cq->rows[1][5].text, "No");
	const struct report_table *c = report_table(r, "communes");
	assert_int_equal(c->nrows, 3);
	assert_string_equal(c->rows[0][0].text, "An Bình");
	assert_string_equal(c->rows[1][0].text, "Mậu Đông");
	assert_int_equal((int)c->rows[2][1].num, 2); /* kiosks */
	assert_int_equal((int)c->rows[2][2].num, 4); /* visits */
	assert_int_equal((int)c->rows[2][6].num, 3); /* participants */
	report_free(&r);
}

/* ---- the version rule under wrong clocks ---- */

/* A VFS that is the default one with its clock moved by skew_ms: SQLite's
 * 'now', which the version triggers read, comes from the VFS. */
static sqlite3_vfs skewed;
static sqlite3_vfs *real_vfs;
static int64_t skew_ms;

static int skewed_time(sqlite3_vfs *v, sqlite3_int64 *out)
{
	(void)v;
	int rc = real_vfs->xCurrentTimeInt64(real_vfs, out);
	*out += skew_ms;
	return rc;
}

static void use_skewed_clock(int64_t ms)
{
	if (!real_vfs) {
		real_vfs = sqlite3_vfs_find(NULL);
		skewed = *real_vfs;
		skewed.zName = "skewed";
		skewed.xCurrentTimeInt64 = skewed_time;
		sqlite3_vfs_register(&skewed, 1);
	}
	skew_ms = ms;
}

static int64_t int_of(struct db *db, const char *sql)
{
	char *t = text_of(db, sql);
	int64_t v = t ? strtoll(t, NULL, 10) : -1;
	free(t);
	return v;
}

/* A kiosk whose clock is two years fast changes a record; the district
 * then changes it with a right clock: its change must still be the newer,
 * because the district has seen the fast version. And a kiosk whose clock
 * is years slow orders its own changes after what it has merged. */
static void test_wrong_clocks(void **state)
{
	struct fixture *f = *state;
	struct merge_report rep;
	const int64_t year = 365LL * 86400 * 1000;
	use_skewed_clock(2 * year);
	exec(f->a, "UPDATE citizen_questions SET answer = 'nhanh' WHERE uuid = 'qa2'");
	use_skewed_clock(0);
	merge_ok(f->d, f->a_path, &rep);
	merge_report_free(&rep);
	exec(f->d, "UPDATE citizen_questions SET answer = 'đúng' WHERE uuid = 'qa2'");
	assert_true(int_of(f->d, "SELECT sync_version FROM citizen_questions WHERE uuid = 'qa2'") >
		    int_of(f->a, "SELECT sync_version FROM citizen_questions WHERE uuid = 'qa2'"));
	/* The district's change goes back to A and wins there too. */
	db_close(&f->a);
	f->a = open_db(f->a_path);
	char *err = NULL;
	if (merge_into(f->a, f->d_path, &rep, &err) != 0)
		fail_msg("%s", err);
	assert_int_equal(rep.conflicts, 0); /* made on top of A's change */
	merge_report_free(&rep);
	char *got = text_of(f->a, "SELECT answer FROM citizen_questions WHERE uuid = 'qa2'");
	assert_string_equal(got, "đúng");
	free(got);

	/* Years slow: B's next change still comes after everything B merged. */
	merge_ok(f->b, f->d_path, &rep);
	merge_report_free(&rep);
	use_skewed_clock(-5 * year);
	int64_t before = int_of(f->b, "SELECT max(sync_version) FROM citizen_questions");
	exec(f->b, "UPDATE citizen_questions SET published = 1 WHERE uuid = 'qa2'");
	use_skewed_clock(0);
	assert_true(int_of(f->b, "SELECT sync_version FROM citizen_questions WHERE uuid = 'qa2'") >
		    before);
	merge_ok(f->d, f->b_path, &rep);
	assert_int_equal(rep.updated[MERGE_CITIZEN_QUESTIONS], 1);
	merge_report_free(&rep);
	got = text_of(f->d, "SELECT answer || published FROM citizen_questions WHERE uuid = 'qa2'");
	assert_string_equal(got, "đúng1");
	free(got);
}

/* Ties: the same version number from two kiosks is decided by the kiosk
 * id, the same way in both directions. */
static void test_version_tie(void **state)
{
	struct fixture *f = *state;
	struct merge_report rep;
	merge_ok(f->d, f->a_path, &rep);
	merge_report_free(&rep);
	merge_ok(f->b, f->a_path, &rep);
	merge_report_free(&rep);
	exec(f->d, "UPDATE citizen_questions SET answer = 'D', sync_version = 999999999999, "
		   "sync_by = 'kiosk-d' WHERE uuid = 'qa2'");
	exec(f->b, "UPDATE citizen_questions SET answer = 'B', sync_version = 999999999999, "
		   "sync_by = 'kiosk-b' WHERE uuid = 'qa2'");
	merge_ok(f->d, f->b_path, &rep);
	merge_report_free(&rep);
	db_close(&f->b);
	f->b = open_db(f->b_path);
	merge_ok(f->b, f->d_path, &rep);
	merge_report_free(&rep);
	char *x = text_of(f->d, "SELECT answer FROM citizen_questions WHERE uuid = 'qa2'");
	char *y = text_of(f->b, "SELECT answer FROM citizen_questions WHERE uuid = 'qa2'");
	assert_string_equal(x, "D"); /* 'kiosk-d' > 'kiosk-b' */
	assert_string_equal(y, "D");
	free(x);
	free(y);
}

/* A database of schema 7 (before versions), holding records, and a
 * district copy of it taken before a question was answered: both migrate
 * with nothing lost, the same rows get the same versions, and the answer
 * then travels. */
static void test_migrate_records(void **state)
{
	struct fixture *f = *state;
	(void)f;
	char *dir = test_tmpdir();
	char *kp = xasprintf("%s/old-kiosk.db", dir), *dp = xasprintf("%s/old-district.db", dir);
	const char *rows =
		"INSERT INTO meta VALUES ('kiosk_id', '11111111-2222-3333-4444-555555555555');"
		"INSERT INTO kiosks VALUES ('11111111-2222-3333-4444-555555555555', 'NVH', 'Xã A',"
		" NULL, NULL);"
		"INSERT INTO participants VALUES ('p1', '11111111-2222-3333-4444-555555555555',"
		" '2026-01-05T02:10:00Z', 'Lò Văn A', 'Nà Hẩu', 'male', 1990, 'thai', NULL, 'vi');"
		"INSERT INTO attempts VALUES ('t1', '11111111-2222-3333-4444-555555555555', 'vi',"
		" NULL, '2026-01-05T02:05:00Z', NULL, 10, 3, 0, 'p1');"
		"INSERT INTO citizen_questions(uuid, kiosk_id, asked_at, lang, question) VALUES"
		" ('q1', '11111111-2222-3333-4444-555555555555', '2026-01-06T02:00:00Z', 'vi', '?');";
	for (int i = 0; i < 2; i++) {
		sqlite3 *h;
		assert_int_equal(sqlite3_open(i ? dp : kp, &h), SQLITE_OK);
		assert_int_equal(db_migrate(h, 7, NULL), NK_OK);
		assert_int_equal(sqlite3_exec(h, rows, NULL, NULL, NULL), SQLITE_OK);
		if (i == 1) /* the district's own id */
			assert_int_equal(sqlite3_exec(h, "UPDATE meta SET value = "
							 "'99999999-2222-3333-4444-555555555555' "
							 "WHERE key = 'kiosk_id'",
						      NULL, NULL, NULL),
					 SQLITE_OK);
		else /* answered and finished after the district's copy */
			assert_int_equal(
				sqlite3_exec(h,
					     "UPDATE citizen_questions SET answer = 'Có', answered_at "
					     "= '2026-01-07T02:00:00Z', published = 1;"
					     "UPDATE attempts SET completed = 1, ended_at = "
					     "'2026-01-05T02:09:00Z'",
					     NULL, NULL, NULL),
				SQLITE_OK);
		sqlite3_close(h);
	}
	struct db *k = open_db(kp), *d = open_db(dp);
	assert_int_equal(db_schema_version(db_sqlite(k)), db_schema_latest());
	assert_int_equal(count(k, "participants"), 1);
	assert_int_equal(count(k, "attempts"), 1);
	assert_int_equal(count(d, "citizen_questions WHERE sync_version > 0 AND sync_by = "
				  "'11111111-2222-3333-4444-555555555555'"),
			 1);
	/* The same row, unchanged, has the same version on both sides. */
	assert_int_equal(int_of(k, "SELECT sync_version FROM participants"),
			 int_of(d, "SELECT sync_version FROM participants"));
	/* The kiosk's rows that went further are newer. */
	assert_true(int_of(k, "SELECT sync_version FROM citizen_questions") >
		    int_of(d, "SELECT sync_version FROM citizen_questions"));
	struct merge_report rep;
	merge_ok(d, kp, &rep);
	assert_int_equal(rep.conflicts, 0);
	assert_int_equal(rep.updated[MERGE_CITIZEN_QUESTIONS], 1);
	assert_int_equal(rep.updated[MERGE_ATTEMPTS], 1);
	assert_int_equal(rep.same[MERGE_PARTICIPANTS], 1);
	merge_report_free(&rep);
	char *got = text_of(d, "SELECT answer || published FROM citizen_questions");
	assert_string_equal(got, "Có1");
	free(got);
	db_close(&k);
	db_close(&d);
	free(kp);
	free(dp);
	test_rmdir(dir);
}

static int group_setup(void **state)
{
	(void)state;
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
		cmocka_unit_test_setup_teardown(test_merge_two, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_in_two_places, setup, teardown),
		cmocka_unit_test_setup_teardown(test_orphans_and_unique, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_on_merged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_clocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version_tie, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_records, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
