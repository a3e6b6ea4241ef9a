/* Tests for records/export: the CSV bytes exactly (BOM, CRLF, quoting, the
 * formula-injection prefix, Vietnamese text normalized, escape sequences
 * gone), anonymizing that removes whole columns, the date filter on local
 * dates (Asia/Ho_Chi_Minh), JSON read back through SQLite's json functions,
 * headers through gettext, progress and errors, and XLSX read back by a real
 * LibreOffice (skipped when it is not installed). Not a test of the CLI. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/db.h"
#include "core/i18n.h"
#include "core/text.h"
#include "helpers.h"
#include "records/export.h"

#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* "Nguyễn Thị Hoa" as NFC and as NFD (e + circumflex + tilde, i + dot below). */
#define HOA_NFC "Nguy\xe1\xbb\x85n Th\xe1\xbb\x8b Hoa"
#define HOA_NFD "Nguye\xcc\x82\xcc\x83n Thi\xcc\xa3 Hoa"
#define BOM "\xef\xbb\xbf"

/* Times are UTC; the comments give Vietnam's local time (UTC+7). */
static const char fixture_sql[] =
	"INSERT INTO participants(uuid, kiosk_id, created_at, full_name, village, gender,"
	" birth_year, ethnicity, phone, consent_lang) VALUES"
	/* 2026-07-01 01:00 local: the day after, in UTC terms */
	" ('p1', 'k1', '2026-06-30T18:00:00Z', '=HYPERLINK(\"http://x\",\"y\")', '+Bản Phố',"
	"  'female', 1990, 'mong', '-123', 'hmn'),"
	/* 2026-06-30 23:59:59 local: the last second of the day */
	" ('p2', 'k1', '2026-06-30T16:59:59Z', '" HOA_NFD "', 'Lũng Cú', 'male', NULL, 'kinh',"
	"  NULL, 'vi'),"
	" ('p3', 'k1', '2026-07-02T03:00:00Z', 'Vàng\x1b[31mA\x1b[0m Dính', 'Sủng Là', NULL,"
	"  NULL, NULL, NULL, 'vi');"
	"INSERT INTO attempts(uuid, kiosk_id, lang, topic, started_at, ended_at, total, score,"
	" completed, participant_uuid) VALUES"
	" ('a1', 'k1', 'hmn', 'ocop', '2026-06-30T18:05:00Z', '2026-06-30T18:10:30Z', 3, 2, 1,"
	"  'p1'),"
	" ('a2', 'k1', 'vi', NULL, '2026-07-01T02:00:00Z', NULL, 5, 0, 0, NULL);"
	"INSERT INTO answers(uuid, attempt_uuid, kiosk_id, position, question_id, chosen, correct,"
	" timed_out, ms, answered_at) VALUES"
	" ('n1', 'a1', 'k1', 0, 'q-ocop-1', 1, 1, 0, 12345, '2026-06-30T18:06:00Z'),"
	" ('n2', 'a1', 'k1', 1, 'q-ocop-2', 5, 1, 0, 1250, '2026-06-30T18:07:00Z'),"
	" ('n3', 'a1', 'k1', 2, 'q-ocop-3', 0, 0, 1, 30000, '2026-06-30T18:08:00Z');"
	"INSERT INTO views(uuid, kiosk_id, slug, lang, started_at, seconds) VALUES"
	" ('v1', 'k1', 'dao-tao-nghe', 'vi', '2026-06-30T16:00:00Z', 42);"
	"INSERT INTO citizen_questions(uuid, kiosk_id, asked_at, lang, question, name, contact,"
	" answer, answered_at, published) VALUES"
	" ('c1', 'k1', '2026-07-01T01:00:00Z', 'vi',"
	"  'Xin hỏi, thủ tục \"cấp đổi\" sổ đỏ' || char(13, 10) || 'thế nào?', 'Lò Văn Páo',"
	"  '0912 345 678', NULL, NULL, 0),"
	" ('c2', 'k1', '2026-07-01T03:00:00Z', 'hmn', '@SUM(1+1)', NULL, NULL, 'Tau lawm',"
	"  '2026-07-02T01:00:00Z', 1);"
	/* What the codes and ids stand for. */
	"INSERT INTO topics(id, ord) VALUES ('ocop', 1);"
	"INSERT INTO topic_titles(topic_id, lang, title) VALUES"
	" ('ocop', 'vi', 'OCOP – Mỗi xã một sản phẩm');"
	"INSERT INTO articles(slug, topic, ord, source, period, updated) VALUES"
	" ('dao-tao-nghe', 'ocop', 1, 's', '2021-2025', '2026-01-01');"
	"INSERT INTO article_texts(slug, lang, title, status, body, plain) VALUES"
	" ('dao-tao-nghe', 'vi', 'Đào tạo nghề', 'reviewed', 'b', 'b');"
	"INSERT INTO questions(id, topic, difficulty, qtype, nopts, correct, source) VALUES"
	" ('q-ocop-1', 'ocop', 1, 'single', 3, 1, 's'), ('q-ocop-2', 'ocop', 1, 'multi', 3, 5, 's');"
	"INSERT INTO question_texts(id, lang, status, text, explanation) VALUES"
	" ('q-ocop-1', 'vi', 'reviewed', 'OCOP là gì?', ''),"
	" ('q-ocop-1', 'hmn', 'draft', 'OCOP yog dab tsi?', ''),"
	" ('q-ocop-2', 'vi', 'reviewed', 'Sản phẩm nào, ở đâu?', '');";

struct fixture {
	char *dir;
	struct db *db;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	f->dir = test_tmpdir();
	char *path = xasprintf("%s/k.db", f->dir);
	char *err = NULL;
	if (db_open(path, &f->db, &err) != 0)
		fail_msg("db_open: %s", err);
	free(path);
	if (db_exec(f->db, fixture_sql, &err) != 0)
		fail_msg("fixture: %s", err);
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

/* Runs an export into memory and returns the bytes (NUL-terminated). */
static char *run_mem(struct db *db, struct export_opts o, int64_t *rows)
{
	char *buf = NULL;
	size_t len = 0;
	o.out = open_memstream(&buf, &len);
	assert_non_null(o.out);
	o.out_path = NULL;
	char *err = NULL;
	int64_t n = -1;
	int rc = export_run(db, &o, &n, &err);
	fclose(o.out);
	if (rc != 0)
		fail_msg("export_run: %d %s", rc, err ? err : "");
	assert_null(err);
	if (rows)
		*rows = n;
	assert_int_equal(strlen(buf), len); /* no NUL byte inside */
	return buf;
}

static void assert_bytes(const char *got, const char *want)
{
	if (strcmp(got, want) != 0)
		fail_msg("export differs:\n--- want\n%s\n--- got\n%s", want, got);
}

static void test_names(void **state)
{
	(void)state;
	static const char *const whats[] = {"participants", "attempts", "answers", "views",
					    "questions"};
	for (size_t i = 0; i < NK_ARRAY_LEN(whats); i++) {
		enum export_what w = EXPORT_PARTICIPANTS;
		assert_int_equal(export_what_from_name(whats[i], &w), 0);
		assert_int_equal(w, (enum export_what)i);
		assert_string_equal(export_what_name(w), whats[i]);
	}
	static const char *const formats[] = {"csv", "xlsx", "json"};
	for (size_t i = 0; i < NK_ARRAY_LEN(formats); i++) {
		enum export_format fm = EXPORT_CSV;
		assert_int_equal(export_format_from_name(formats[i], &fm), 0);
		assert_int_equal(fm, (enum export_format)i);
		assert_string_equal(export_format_name(fm), formats[i]);
	}
	enum export_what w = EXPORT_VIEWS;
	enum export_format fm = EXPORT_JSON;
	assert_int_equal(export_what_from_name("Participants", &w), NK_ENOENT);
	assert_int_equal(export_what_from_name("visits", &w), NK_ENOENT);
	assert_int_equal(export_what_from_name(NULL, &w), NK_ENOENT);
	assert_int_equal(w, EXPORT_VIEWS);
	assert_int_equal(export_format_from_name("xls", &fm), NK_ENOENT);
	assert_int_equal(fm, EXPORT_JSON);
	assert_null(export_what_name((enum export_what)99));
	assert_null(export_format_name((enum export_format)99));
}

static void test_csv_participants_bytes(void **state)
{
	struct fixture *f = *state;
	int64_t rows;
	char *got = run_mem(f->db, (struct export_opts){.what = EXPORT_PARTICIPANTS}, &rows);
	assert_int_equal(rows, 3);
	assert_bytes(got,
		     BOM "ID,Kiosk,Registered at,Full name,Village,Gender,Birth year,Ethnic group,"
			 "Phone,Consent language\r\n"
			 "p2,k1,2026-06-30 23:59:59," HOA_NFC ",Lũng Cú,Male,,Kinh,,vi\r\n"
			 "p1,k1,2026-07-01 01:00:00,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","
			 "'+Bản Phố,Female,1990,Hmong,'-123,hmn\r\n"
			 "p3,k1,2026-07-02 10:00:00,VàngA Dính,Sủng Là,,,,,vi\r\n");
	free(got);
}

static void test_csv_questions_bytes(void **state)
{
	struct fixture *f = *state;
	char *got = run_mem(f->db, (struct export_opts){.what = EXPORT_QUESTIONS}, NULL);
	/* The stored CRLF inside the question comes out as a quoted LF. */
	assert_bytes(got, BOM "ID,Kiosk,Asked at,Language,Question,Name,Contact,Answer,"
			      "Answered at,Published\r\n"
			      "c1,k1,2026-07-01 08:00:00,vi,\"Xin hỏi, thủ tục \"\"cấp đổi\"\" sổ "
			      "đỏ\nthế nào?\",Lò Văn Páo,0912 345 678,,,No\r\n"
			      "c2,k1,2026-07-01 10:00:00,hmn,'@SUM(1+1),,,Tau lawm,"
			      "2026-07-02 08:00:00,Yes\r\n");
	free(got);
}

static void test_csv_answers_bytes(void **state)
{
	struct fixture *f = *state;
	char *got = run_mem(f->db, (struct export_opts){.what = EXPORT_ANSWERS}, NULL);
	/* Positions from 1, the question in the language of the quiz (else
	 * Vietnamese), letters from the mask, tenths rounded half up. */
	assert_bytes(got, BOM "ID,Attempt ID,Kiosk,Position,Question ID,Question,Chosen,Right,"
			      "Timed out,Seconds,Answered at\r\n"
			      "n1,a1,k1,1,q-ocop-1,OCOP yog dab tsi?,A,Yes,No,12.3,2026-07-01 01:06:00\r\n"
			      "n2,a1,k1,2,q-ocop-2,\"Sản phẩm nào, ở đâu?\",\"A,C\",Yes,No,1.3,"
			      "2026-07-01 01:07:00\r\n"
			      "n3,a1,k1,3,q-ocop-3,,,No,Yes,30.0,2026-07-01 01:08:00\r\n");
	free(got);
}

static void test_csv_attempts_and_views(void **state)
{
	struct fixture *f = *state;
	char *got = run_mem(f->db, (struct export_opts){.what = EXPORT_ATTEMPTS}, NULL);
	assert_bytes(got, BOM "ID,Kiosk,Language,Topic,Started at,Ended at,Questions,"
			      "Right answers,Completed,Participant ID,Participant name\r\n"
			      "a1,k1,hmn,OCOP – Mỗi xã một sản phẩm,2026-07-01 01:05:00,"
			      "2026-07-01 01:10:30,3,2,Yes,p1,"
			      "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n"
			      "a2,k1,vi,,2026-07-01 09:00:00,,5,0,No,,\r\n");
	free(got);
	got = run_mem(f->db, (struct export_opts){.what = EXPORT_VIEWS}, NULL);
	assert_bytes(got, BOM "ID,Kiosk,Article,Title,Language,Opened at,Seconds\r\n"
			      "v1,k1,dao-tao-nghe,Đào tạo nghề,vi,2026-06-30 23:00:00,42\r\n");
	free(got);
}

/* More than the writer gathers before handing bytes to stdio, one cell
 * larger than that on its own, and plain ASCII cells (passed through without
 * text_sanitize) beside ones that need it: every byte where it belongs. */
static void test_csv_large(void **state)
{
	struct fixture *f = *state;
	char *err = NULL;
	if (db_exec(f->db,
		    "DELETE FROM views;"
		    "WITH RECURSIVE i(n) AS "
		    "(SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < 3000) "
		    "INSERT INTO views(uuid, kiosk_id, slug, lang, started_at, seconds) "
		    "SELECT printf('w%05d', n), 'k1', 'article-' || n, 'vi', "
		    "'2026-07-04T00:00:00Z', n - 1500 FROM i;"
		    "INSERT INTO views(uuid, kiosk_id, slug, lang, started_at, seconds) VALUES "
		    "('x1', 'k1', replace(hex(zeroblob(50000)), '0', 'x'), 'vi', '2026-07-05T00:00:00Z', 0),"
		    " ('x2', 'k1', '=1+1', 'vi', '2026-07-05T00:00:01Z', 9223372036854775807),"
		    " ('x3', 'k1', 'a' || char(7) || 'b\x1b[1m', 'vi', '2026-07-05T00:00:02Z',"
		    "  -9223372036854775807 - 1),"
		    " ('x4', 'k1', '" HOA_NFD "', 'vi', '2026-07-05T00:00:03Z', 0)",
		    &err) != 0)
		fail_msg("%s", err);
	char *want = NULL;
	size_t want_len = 0;
	FILE *w = open_memstream(&want, &want_len);
	assert_non_null(w);
	fputs(BOM "ID,Kiosk,Article,Title,Language,Opened at,Seconds\r\n", w);
	for (int n = 1; n <= 3000; n++)
		fprintf(w, "w%05d,k1,article-%d,,vi,2026-07-04 07:00:00,%d\r\n", n, n, n - 1500);
	fputs("x1,k1,", w);
	for (int i = 0; i < 100000; i++)
		fputc('x', w);
	fputs(",,vi,2026-07-05 07:00:00,0\r\n"
	      "x2,k1,'=1+1,,vi,2026-07-05 07:00:01,9223372036854775807\r\n"
	      "x3,k1,ab,,vi,2026-07-05 07:00:02,-9223372036854775808\r\n"
	      "x4,k1," HOA_NFC ",,vi,2026-07-05 07:00:03,0\r\n",
	      w);
	assert_int_equal(fclose(w), 0);
	int64_t rows = 0;
	char *got = run_mem(f->db, (struct export_opts){.what = EXPORT_VIEWS}, &rows);
	assert_int_equal(rows, 3004);
	assert_int_equal(strlen(got), want_len);
	assert_bytes(got, want);
	free(got);
	free(want);
}

static void test_anonymize(void **state)
{
	struct fixture *f = *state;
	char *got = run_mem(
		f->db, (struct export_opts){.what = EXPORT_PARTICIPANTS, .anonymize = true}, NULL);
	assert_bytes(got, BOM "ID,Kiosk,Registered at,Village,Gender,Birth year,Ethnic group,"
			      "Consent language\r\n"
			      "2,k1,2026-06-30,,,,,vi\r\n"
			      "1,k1,2026-07-01,,,,,hmn\r\n"
			      "3,k1,2026-07-02,,,,,vi\r\n");
	free(got);
	/* Each of the three is alone in its group: with k = 1 the groups show,
	 * the birth year as its decade. */
	got = run_mem(f->db,
		      (struct export_opts){.what = EXPORT_PARTICIPANTS, .anonymize = true,
					   .k_min = 1},
		      NULL);
	assert_non_null(strstr(got, "\r\n2,k1,2026-06-30,Lũng Cú,Male,,Kinh,vi\r\n"
				    "1,k1,2026-07-01,'+Bản Phố,Female,1990,Hmong,hmn\r\n"
				    "3,k1,2026-07-02,Sủng Là,,,,vi\r\n"));
	free(got);
	/* Five of one group and one alone: the five show, the one does not. */
	char *err = NULL;
	if (db_exec(f->db,
		    "WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < 5) "
		    "INSERT INTO participants(uuid, kiosk_id, created_at, full_name, village, "
		    "gender, birth_year, ethnicity, consent_lang) SELECT 'g' || n, 'k1', "
		    "'2026-08-0' || n || 'T03:00:00Z', 'X', 'Tả Van', 'female', 1990 + n, 'dao', "
		    "'vi' FROM i",
		    &err) != 0)
		fail_msg("%s", err);
	got = run_mem(f->db,
		      (struct export_opts){.what = EXPORT_PARTICIPANTS, .anonymize = true,
					   .from = "2026-07-02"},
		      NULL);
	assert_non_null(strstr(got, "\r\n1,k1,2026-08-01,Tả Van,Female,1990,Dao,vi\r\n"));
	assert_non_null(strstr(got, "\r\n5,k1,2026-08-05,Tả Van,Female,1990,Dao,vi\r\n"));
	assert_non_null(strstr(got, "\r\n6,k1,2026-07-02,,,,,vi\r\n"));
	free(got);
	got = run_mem(f->db, (struct export_opts){.what = EXPORT_ATTEMPTS, .anonymize = true},
		      NULL);
	assert_non_null(strstr(got, "Completed,Participant ID\r\n"));
	assert_non_null(strstr(got, "1,k1,hmn,OCOP – Mỗi xã một sản phẩm,2026-07-01,2026-07-01,3,"
				    "2,Yes,1\r\n"));
	assert_non_null(strstr(got, "2,k1,vi,,2026-07-01,,5,0,No,\r\n"));
	assert_null(strstr(got, "p1"));
	assert_null(strstr(got, "Participant name"));
	assert_null(strstr(got, "HYPERLINK"));
	free(got);
	got = run_mem(f->db, (struct export_opts){.what = EXPORT_QUESTIONS, .anonymize = true},
		      NULL);
	assert_non_null(strstr(got, BOM "ID,Kiosk,Asked at,Language,Question,Answer,Answered at,"
					"Published\r\n"));
	assert_non_null(strstr(got, "\nthế nào?\",,,No\r\n"));
	assert_null(strstr(got, "Páo"));
	assert_null(strstr(got, "0912"));
	free(got);
}

/* The rows of a CSV export whose local date is within [from, to]. */
static int64_t count_between(struct db *db, enum export_what what, const char *from,
			     const char *to, char **out)
{
	int64_t rows = -1;
	*out = run_mem(db, (struct export_opts){.what = what, .from = from, .to = to}, &rows);
	return rows;
}

static void test_date_filter_local(void **state)
{
	struct fixture *f = *state;
	char *got;
	/* p1 was registered at 18:00 UTC on 30 June: 1 July in Vietnam. */
	assert_int_equal(count_between(f->db, EXPORT_PARTICIPANTS, "2026-07-01", "2026-07-01",
				       &got),
			 1);
	assert_non_null(strstr(got, "\r\np1,"));
	free(got);
	/* p2, at 23:59:59 local on 30 June, is the last of that day. */
	assert_int_equal(
		count_between(f->db, EXPORT_PARTICIPANTS, NULL, "2026-06-30", &got), 1);
	assert_non_null(strstr(got, "\r\np2,"));
	free(got);
	assert_int_equal(
		count_between(f->db, EXPORT_PARTICIPANTS, "2026-07-01", NULL, &got), 2);
	assert_null(strstr(got, "p2,"));
	free(got);
	assert_int_equal(
		count_between(f->db, EXPORT_PARTICIPANTS, "2026-07-03", NULL, &got), 0);
	assert_bytes(got, BOM "ID,Kiosk,Registered at,Full name,Village,Gender,Birth year,"
			      "Ethnic group,Phone,Consent language\r\n");
	free(got);
	/* Answers given on the evening of 30 June UTC are 1 July's. */
	assert_int_equal(count_between(f->db, EXPORT_ANSWERS, NULL, "2026-06-30", &got), 0);
	free(got);
	assert_int_equal(count_between(f->db, EXPORT_ANSWERS, "2026-07-01", "2026-07-01", &got),
			 3);
	free(got);
	assert_int_equal(count_between(f->db, EXPORT_VIEWS, "2026-06-30", "2026-06-30", &got),
			 1);
	free(got);
	assert_int_equal(
		count_between(f->db, EXPORT_QUESTIONS, "2026-07-01", "2026-07-01", &got), 2);
	free(got);
	assert_int_equal(count_between(f->db, EXPORT_ATTEMPTS, "2026-07-01", "2026-07-01", &got),
			 2);
	free(got);
}

/* fn(doc, path) (or fn(doc) when path is NULL) as text, NULL for SQL NULL. */
static char *jq(struct db *db, const char *fn, const char *doc, const char *path)
{
	char *sql = xasprintf(path ? "SELECT %s(?1, ?2)" : "SELECT %s(?1)", fn);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	free(sql);
	sqlite3_bind_text(st, 1, doc, -1, SQLITE_STATIC);
	if (path)
		sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *out = NULL;
	if (sqlite3_column_type(st, 0) != SQLITE_NULL)
		out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

/* Checks the type and the value of doc at path. */
static void expect_json(struct db *db, const char *doc, const char *path, const char *type,
			const char *value)
{
	char *t = jq(db, "json_type", doc, path);
	char *v = jq(db, "json_extract", doc, path);
	if (!type ? t != NULL : (!t || strcmp(t, type) != 0))
		fail_msg("%s: type %s, want %s", path, t ? t : "(absent)",
			 type ? type : "(absent)");
	if (value && (!v || strcmp(v, value) != 0))
		fail_msg("%s: value %s, want %s", path, v ? v : "NULL", value);
	free(t);
	free(v);
}

static void expect_valid_json(struct db *db, const char *doc, const char *count)
{
	char *valid = jq(db, "json_valid", doc, NULL);
	assert_non_null(valid);
	assert_string_equal(valid, "1");
	free(valid);
	char *n = jq(db, "json_array_length", doc, "$");
	assert_non_null(n);
	assert_string_equal(n, count);
	free(n);
	assert_true(text_valid_utf8(doc, strlen(doc), NULL));
}

static void test_json(void **state)
{
	struct fixture *f = *state;
	char *doc = run_mem(
		f->db, (struct export_opts){.what = EXPORT_PARTICIPANTS, .format = EXPORT_JSON},
		NULL);
	expect_valid_json(f->db, doc, "3");
	assert_int_equal(doc[0], '[');
	expect_json(f->db, doc, "$[0].id", "text", "p2");
	expect_json(f->db, doc, "$[0].full_name", "text", HOA_NFC);
	expect_json(f->db, doc, "$[0].birth_year", "null", NULL);
	expect_json(f->db, doc, "$[0].phone", "null", NULL);
	expect_json(f->db, doc, "$[0].registered_at", "text", "2026-06-30 23:59:59");
	/* JSON is not a spreadsheet: no injection prefix, the text as it was. */
	expect_json(f->db, doc, "$[1].full_name", "text", "=HYPERLINK(\"http://x\",\"y\")");
	expect_json(f->db, doc, "$[1].phone", "text", "-123");
	expect_json(f->db, doc, "$[1].birth_year", "integer", "1990");
	expect_json(f->db, doc, "$[1].village", "text", "+Bản Phố");
	expect_json(f->db, doc, "$[2].full_name", "text", "VàngA Dính");
	assert_null(strchr(doc, '\x1b'));
	free(doc);

	doc = run_mem(f->db,
		      (struct export_opts){.what = EXPORT_PARTICIPANTS, .format = EXPORT_JSON,
					   .anonymize = true},
		      NULL);
	expect_valid_json(f->db, doc, "3");
	expect_json(f->db, doc, "$[1].full_name", NULL, NULL);
	expect_json(f->db, doc, "$[1].phone", NULL, NULL);
	/* Alone in its group: blank; the id an export-local number. */
	expect_json(f->db, doc, "$[1].village", "null", NULL);
	expect_json(f->db, doc, "$[1].id", "integer", "1");
	expect_json(f->db, doc, "$[1].registered_at", "text", "2026-07-01");
	free(doc);
	doc = run_mem(f->db,
		      (struct export_opts){.what = EXPORT_PARTICIPANTS, .format = EXPORT_JSON,
					   .anonymize = true, .k_min = 1},
		      NULL);
	expect_json(f->db, doc, "$[1].village", "text", "+Bản Phố");
	expect_json(f->db, doc, "$[1].birth_year", "integer", "1990");
	free(doc);

	doc = run_mem(f->db, (struct export_opts){.what = EXPORT_ATTEMPTS, .format = EXPORT_JSON},
		      NULL);
	expect_valid_json(f->db, doc, "2");
	expect_json(f->db, doc, "$[0].completed", "true", NULL);
	expect_json(f->db, doc, "$[1].completed", "false", NULL);
	expect_json(f->db, doc, "$[0].questions", "integer", "3");
	expect_json(f->db, doc, "$[0].right_answers", "integer", "2");
	expect_json(f->db, doc, "$[0].started_at", "text", "2026-07-01 01:05:00");
	expect_json(f->db, doc, "$[1].ended_at", "null", NULL);
	expect_json(f->db, doc, "$[1].topic", "null", NULL);
	expect_json(f->db, doc, "$[0].participant_name", "text", "=HYPERLINK(\"http://x\",\"y\")");
	free(doc);

	doc = run_mem(f->db, (struct export_opts){.what = EXPORT_ANSWERS, .format = EXPORT_JSON},
		      NULL);
	expect_valid_json(f->db, doc, "3");
	expect_json(f->db, doc, "$[0].position", "integer", "1");
	expect_json(f->db, doc, "$[0].seconds", "real", "12.3");
	expect_json(f->db, doc, "$[1].chosen", "text", "A,C");
	expect_json(f->db, doc, "$[2].chosen", "null", NULL);
	expect_json(f->db, doc, "$[2].timed_out", "true", NULL);
	expect_json(f->db, doc, "$[2].right", "false", NULL);
	free(doc);

	doc = run_mem(f->db,
		      (struct export_opts){.what = EXPORT_QUESTIONS, .format = EXPORT_JSON,
					   .from = "2026-07-02"},
		      NULL);
	assert_string_equal(doc, "[]\n");
	free(doc);
	doc = run_mem(f->db, (struct export_opts){.what = EXPORT_QUESTIONS, .format = EXPORT_JSON},
		      NULL);
	expect_valid_json(f->db, doc, "2");
	expect_json(f->db, doc, "$[0].question", "text",
		    "Xin hỏi, thủ tục \"cấp đổi\" sổ đỏ\nthế nào?");
	expect_json(f->db, doc, "$[0].published", "false", NULL);
	expect_json(f->db, doc, "$[1].answered_at", "text", "2026-07-02 08:00:00");
	free(doc);
}

/* Keys of the first object, joined with commas, in document order. */
static char *json_keys(struct db *db, const char *doc)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db),
					    "SELECT group_concat(key, ',') FROM "
					    "(SELECT key FROM json_each(?1, '$[0]') ORDER BY id)",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, doc, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

static void test_json_keys(void **state)
{
	struct fixture *f = *state;
	static const struct {
		enum export_what what;
		bool anonymize;
		const char *keys;
	} cases[] = {
		{EXPORT_PARTICIPANTS, false,
		 "id,kiosk,registered_at,full_name,village,gender,birth_year,ethnic_group,phone,"
		 "consent_language"},
		{EXPORT_PARTICIPANTS, true,
		 "id,kiosk,registered_at,village,gender,birth_year,ethnic_group,consent_language"},
		{EXPORT_ATTEMPTS, false,
		 "id,kiosk,language,topic,started_at,ended_at,questions,right_answers,completed,"
		 "participant_id,participant_name"},
		{EXPORT_ATTEMPTS, true,
		 "id,kiosk,language,topic,started_at,ended_at,questions,right_answers,completed,"
		 "participant_id"},
		{EXPORT_ANSWERS, true,
		 "id,attempt_id,kiosk,position,question_id,question,chosen,right,timed_out,seconds,"
		 "answered_at"},
		{EXPORT_VIEWS, false, "id,kiosk,article,title,language,opened_at,seconds"},
		{EXPORT_QUESTIONS, false,
		 "id,kiosk,asked_at,language,question,name,contact,answer,answered_at,published"},
		{EXPORT_QUESTIONS, true,
		 "id,kiosk,asked_at,language,question,answer,answered_at,published"},
	};
	for (size_t i = 0; i < NK_ARRAY_LEN(cases); i++) {
		char *doc = run_mem(f->db,
				    (struct export_opts){.what = cases[i].what,
							 .format = EXPORT_JSON,
							 .anonymize = cases[i].anonymize},
				    NULL);
		char *keys = json_keys(f->db, doc);
		if (strcmp(keys, cases[i].keys) != 0)
			fail_msg("case %zu: keys %s, want %s", i, keys, cases[i].keys);
		free(keys);
		free(doc);
	}
}

struct progress_log {
	int calls;
	int64_t first_done, last_done, last_total, prev;
	bool backwards;
};

static void on_progress(void *ctx, int64_t done, int64_t total)
{
	struct progress_log *p = ctx;
	if (p->calls == 0)
		p->first_done = done;
	if (p->calls && done < p->prev)
		p->backwards = true;
	p->prev = p->last_done = done;
	p->last_total = total;
	p->calls++;
}

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_progress_and_rows(void **state)
{
	struct fixture *f = *state;
	struct progress_log log = {0};
	int64_t rows = 0;
	char *got = run_mem(f->db,
			    (struct export_opts){.what = EXPORT_ANSWERS,
						 .progress = on_progress,
						 .progress_ctx = &log},
			    &rows);
	free(got);
	assert_int_equal(rows, 3);
	assert_int_equal(log.first_done, 0);
	assert_int_equal(log.last_done, 3);
	assert_int_equal(log.last_total, 3);
	assert_false(log.backwards);

	/* Many rows: a start, an end, and no more than one call per 100 ms
	 * in between, however slow the machine (or valgrind) makes the run. */
	char *err = NULL;
	if (db_exec(f->db,
		    "WITH RECURSIVE i(n) AS "
		    "(SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < 5000) "
		    "INSERT INTO answers(uuid, attempt_uuid, kiosk_id, position, question_id, "
		    "chosen, correct, timed_out, ms, answered_at) "
		    "SELECT 'm' || n, 'a2', 'k1', n + 10, 'q', 2, 0, 0, n, "
		    "'2026-07-03T00:00:00Z' FROM i",
		    &err) != 0)
		fail_msg("%s", err);
	log = (struct progress_log){0};
	int64_t t0 = mono_ms();
	got = run_mem(f->db,
		      (struct export_opts){.what = EXPORT_ANSWERS,
					   .format = EXPORT_JSON,
					   .progress = on_progress,
					   .progress_ctx = &log},
		      &rows);
	int64_t elapsed = mono_ms() - t0;
	free(got);
	assert_int_equal(rows, 5003);
	assert_int_equal(log.first_done, 0);
	assert_int_equal(log.last_done, 5003);
	assert_int_equal(log.last_total, 5003);
	assert_false(log.backwards);
	if (log.calls > 2 + elapsed / 100 + 1)
		fail_msg("%d progress calls in %lld ms", log.calls, (long long)elapsed);
}

static void test_errors(void **state)
{
	struct fixture *f = *state;
	char *err = NULL;
	int64_t rows = 7;
	struct export_opts o = {.what = EXPORT_PARTICIPANTS, .format = EXPORT_XLSX, .out = stdout};
	assert_int_equal(export_run(f->db, &o, &rows, &err), NK_EINVAL);
	assert_non_null(strstr(err, "XLSX"));
	assert_int_equal(rows, 0);
	free(err);
	err = NULL;

	static const char *const bad[] = {"2026-13-01", "2026-02-29", "2026-7-1", "26-07-01",
					  "2026-07-01 00:00", "2026/07/01", "", "2026-00-10"};
	for (size_t i = 0; i < NK_ARRAY_LEN(bad); i++) {
		o = (struct export_opts){.what = EXPORT_VIEWS, .out = stdout, .from = bad[i]};
		assert_int_equal(export_run(f->db, &o, NULL, &err), NK_EINVAL);
		assert_non_null(err);
		free(err);
		err = NULL;
		o = (struct export_opts){.what = EXPORT_VIEWS, .out = stdout, .to = bad[i]};
		assert_int_equal(export_run(f->db, &o, NULL, NULL), NK_EINVAL);
	}
	o = (struct export_opts){.what = EXPORT_VIEWS, .out = stdout, .from = "2028-02-29"};
	char *leap = run_mem(f->db, o, &rows);
	assert_int_equal(rows, 0);
	free(leap);
	o = (struct export_opts){
		.what = EXPORT_VIEWS, .out = stdout, .from = "2026-07-02", .to = "2026-07-01"};
	assert_int_equal(export_run(f->db, &o, NULL, &err), NK_EINVAL);
	assert_non_null(strstr(err, "after"));
	free(err);
	err = NULL;
	o = (struct export_opts){.what = (enum export_what)42, .out = stdout};
	assert_int_equal(export_run(f->db, &o, NULL, NULL), NK_EINVAL);
	o = (struct export_opts){.what = EXPORT_VIEWS};
	assert_int_equal(export_run(f->db, &o, NULL, NULL), NK_EINVAL);

	char *path = xasprintf("%s/no/such/folder/x.csv", f->dir);
	o = (struct export_opts){.what = EXPORT_VIEWS, .out_path = path};
	assert_int_equal(export_run(f->db, &o, NULL, &err), NK_ENOENT);
	char *want = xasprintf("%s: the folder does not exist", path);
	assert_string_equal(err, want);
	free(want);
	free(err);
	free(path);

	/* The connection is left as it was: no transaction, no functions. */
	assert_true(sqlite3_get_autocommit(db_sqlite(f->db)));
	assert_int_not_equal(
		sqlite3_exec(db_sqlite(f->db), "SELECT nk_export_clean('x')", NULL, NULL, NULL),
		SQLITE_OK);
}

/* Names in dir, sorted and joined with spaces. */
static char *list_dir(const char *dir)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort);
	assert_true(n >= 0);
	char *out = xstrdup("");
	for (int i = 0; i < n; i++) {
		if (strcmp(ents[i]->d_name, ".") && strcmp(ents[i]->d_name, "..")) {
			char *next = xasprintf("%s%s%s", out, *out ? " " : "", ents[i]->d_name);
			free(out);
			out = next;
		}
		free(ents[i]);
	}
	free(ents);
	return out;
}

static char *read_all(const char *path, size_t *len)
{
	char *buf = NULL, *err = NULL;
	size_t n = 0;
	if (util_read_file(path, &buf, &n, &err) != 0)
		fail_msg("%s", err);
	if (len)
		*len = n;
	return buf;
}

static void test_files(void **state)
{
	struct fixture *f = *state;
	char *out = xasprintf("%s/out", f->dir);
	assert_int_equal(util_mkdirs(out, NULL), 0);
	char *csv = xasprintf("%s/views.csv", out);
	char *json = xasprintf("%s/answers.json", out);
	char *xlsx = xasprintf("%s/attempts.xlsx", out);
	free(test_write(out, "views.csv", "an older export"));
	char *err = NULL;
	int64_t rows = 0;
	struct export_opts o = {.what = EXPORT_VIEWS, .out_path = csv};
	assert_int_equal(export_run(f->db, &o, &rows, &err), 0);
	assert_int_equal(rows, 1);
	o = (struct export_opts){.what = EXPORT_ANSWERS, .format = EXPORT_JSON, .out_path = json};
	assert_int_equal(export_run(f->db, &o, &rows, &err), 0);
	assert_int_equal(rows, 3);
	o = (struct export_opts){.what = EXPORT_ATTEMPTS, .format = EXPORT_XLSX, .out_path = xlsx};
	assert_int_equal(export_run(f->db, &o, &rows, &err), 0);
	assert_int_equal(rows, 2);
	assert_null(err);

	/* Only the three exports: no scratch or half-written file is left. */
	char *names = list_dir(out);
	assert_string_equal(names, "answers.json attempts.xlsx views.csv");
	free(names);
	char *text = read_all(csv, NULL);
	assert_string_equal(text, BOM "ID,Kiosk,Article,Title,Language,Opened at,Seconds\r\n"
				      "v1,k1,dao-tao-nghe,Đào tạo nghề,vi,2026-06-30 23:00:00,42\r\n");
	free(text);
	text = read_all(json, NULL);
	expect_valid_json(f->db, text, "3");
	free(text);
	size_t len;
	text = read_all(xlsx, &len);
	assert_true(len > 1000);
	assert_memory_equal(text, "PK\x03\x04", 4); /* a zip, as XLSX files are */
	free(text);
	struct stat sb;
	assert_int_equal(stat(csv, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	free(csv);
	free(json);
	free(xlsx);
	free(out);
}

/* Back to the untranslated texts for the tests that follow, even when the
 * test failed half-way. */
static int teardown_i18n(void **state)
{
	textdomain("messages");
	unsetenv("LANGUAGE");
	i18n_free_languages();
	return teardown(state);
}

/* Headers and JSON keys under a catalog made for the test (the kiosk's own
 * catalogs change with translators' work). */
/* A Vietnamese catalog of the test's own (msgid, msgstr pairs) and the
 * language list, in use until teardown_i18n. False when msgfmt is missing. */
static bool use_catalog(struct fixture *f, const char *const *pairs, size_t n)
{
	if (system("command -v msgfmt >/dev/null 2>&1") != 0) {
		fprintf(stderr, "skipped: msgfmt (gettext) is not on PATH; it builds the "
				"test's catalog\n");
		return false;
	}
	char *loc = xasprintf("%s/locale", f->dir);
	char *lc = xasprintf("%s/vi/LC_MESSAGES", loc);
	assert_int_equal(util_mkdirs(lc, NULL), 0);
	char *text = xstrdup("msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n");
	for (size_t i = 0; i + 1 < n; i += 2) {
		char *more = xasprintf("%smsgid \"%s\"\nmsgstr \"%s\"\n", text, pairs[i], pairs[i + 1]);
		free(text);
		text = more;
	}
	char *po = test_write(f->dir, "vi.po", text);
	char *cmd = xasprintf("msgfmt -o '%s/ntmkiosk.mo' '%s'", lc, po);
	assert_int_equal(system(cmd), 0);
	char *tsv = test_write(f->dir, "languages.tsv",
			       "vi\tvi-VN\tTiếng Việt\treviewed\n"
			       "hmn\thmn-Latn-VN\tLus Hmoob (Mông)\tdraft\n");
	char *err = NULL;
	if (i18n_init(loc, &err) != 0 || i18n_load_languages(tsv, &err) != 0 ||
	    i18n_set_lang("vi", &err) != 0)
		fail_msg("i18n: %s", err);
	free(cmd);
	free(tsv);
	free(po);
	free(text);
	free(lc);
	free(loc);
	return true;
}

/* Headers and JSON keys under a catalog made for the test (the kiosk's own
 * catalogs change with translators' work). */
static void test_headers_translated(void **state)
{
	struct fixture *f = *state;
	static const char *const vi[] = {"Full name", "Họ và tên", "Village", "Thôn, bản",
					 "Phone", "=Điện thoại"};
	if (!use_catalog(f, vi, NK_ARRAY_LEN(vi)))
		skip();
	char *got = run_mem(f->db, (struct export_opts){.what = EXPORT_PARTICIPANTS}, NULL);
	/* A translated header is a CSV field like any other. */
	assert_non_null(strstr(got, BOM "ID,Kiosk,Registered at,Họ và tên,\"Thôn, bản\","
					"Gender,Birth year,Ethnic group,'=Điện thoại,"
					"Consent language\r\n"));
	free(got);
	got = run_mem(f->db,
		      (struct export_opts){.what = EXPORT_PARTICIPANTS, .format = EXPORT_JSON},
		      NULL);
	char *keys = json_keys(f->db, got);
	assert_string_equal(keys, "id,kiosk,registered_at,full_name,village,gender,birth_year,"
				  "ethnic_group,phone,consent_language");
	free(keys);
	free(got);
}

static bool on_path(const char *prog)
{
	const char *path = getenv("PATH");
	if (!path)
		return false;
	char *copy = xstrdup(path), *save = NULL;
	bool found = false;
	for (char *d = strtok_r(copy, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
		char *p = xasprintf("%s/%s", d, prog);
		found = access(p, X_OK) == 0;
		free(p);
	}
	free(copy);
	return found;
}

/* The line of a LibreOffice CSV that starts with prefix, as a new string. */
static char *line_of(const char *csv, const char *prefix)
{
	for (const char *p = csv; p && *p;) {
		if (strncmp(p, prefix, strlen(prefix)) == 0) {
			size_t n = strcspn(p, "\r\n");
			return xstrndup(p, n);
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return xstrdup("(no such line)");
}

static void expect_line(const char *csv, const char *prefix, const char *want)
{
	char *got = line_of(csv, prefix);
	if (strcmp(got, want) != 0)
		fail_msg("LibreOffice shows\n  %s\nwant\n  %s", got, want);
	free(got);
}

static void test_xlsx_libreoffice(void **state)
{
	struct fixture *f = *state;
	if (!on_path("libreoffice")) {
		fprintf(stderr, "skipped: libreoffice is not on PATH; install "
				"libreoffice-calc-nogui to check XLSX files as Calc reads them\n");
		skip();
	}
	/* Values in the headers' language: the test's Vietnamese catalog. */
	static const char *const vi[] = {"Gender", "Giới tính", "Female", "Nữ", "Male", "Nam",
					 "Hmong", "Mông", "Yes", "Có", "No", "Không"};
	if (!use_catalog(f, vi, NK_ARRAY_LEN(vi)))
		skip();
	char *lo = xasprintf("%s/lo", f->dir);
	assert_int_equal(util_mkdirs(lo, NULL), 0);
	static const struct {
		const char *file;
		enum export_what what;
	} files[] = {
		{"participants", EXPORT_PARTICIPANTS},
		{"answers", EXPORT_ANSWERS},
		{"questions", EXPORT_QUESTIONS},
		{"attempts", EXPORT_ATTEMPTS},
	};
	char *list = xstrdup("");
	for (size_t i = 0; i < NK_ARRAY_LEN(files); i++) {
		char *path = xasprintf("%s/%s.xlsx", lo, files[i].file);
		struct export_opts o = {
			.what = files[i].what, .format = EXPORT_XLSX, .out_path = path};
		char *err = NULL;
		if (export_run(f->db, &o, NULL, &err) != 0)
			fail_msg("export %s: %s", files[i].file, err);
		char *next = xasprintf("%s '%s'", list, path);
		free(list);
		list = next;
		free(path);
	}
	/* A private profile, so a desktop LibreOffice of the same user neither
	 * blocks the conversion nor gets its settings changed. The filter
	 * options matter: comma, double quote, UTF-8 (76; the default is the
	 * locale's charset, which turned every Vietnamese letter into "?"),
	 * from line 1, quote all text cells (so a quoted field was a text cell
	 * and a bare one a number or a date), cells as shown (dates in the
	 * format we gave them). */
	char *cmd = xasprintf("LC_ALL=vi_VN.UTF-8 libreoffice -env:UserInstallation=file://%s/profile --headless "
			      "--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,"
			      "true,true' --outdir '%s' %s >'%s/lo.log' 2>&1",
			      lo, lo, list, lo);
	int rc = system(cmd);
	free(cmd);
	free(list);
	if (rc != 0) {
		char *log_path = xasprintf("%s/lo.log", lo);
		char *log = read_all(log_path, NULL);
		fail_msg("libreoffice failed (%d): %s", rc, log);
	}
	char *path = xasprintf("%s/participants.csv", lo);
	char *csv = read_all(path, NULL);
	free(path);
	expect_line(csv, "\"ID\",",
		    "\"ID\",\"Kiosk\",\"Registered at\",\"Full name\",\"Village\",\"Giới tính\","
		    "\"Birth year\",\"Ethnic group\",\"Phone\",\"Consent language\"");
	/* Times as dates shown as yyyy-mm-dd hh:mm, the year as a number, NFC
	 * Vietnamese, "+", "-" and "=" texts as text with no apostrophe, and
	 * the formula-looking name as its own text: a formula would show its
	 * result, "y". */
	expect_line(csv, "\"p2\",",
		    "\"p2\",\"k1\",2026-06-30 23:59,\"" HOA_NFC "\",\"Lũng Cú\",\"Nam\",,"
		    "\"Kinh\",,\"Tiếng Việt\"");
	expect_line(csv, "\"p1\",",
		    "\"p1\",\"k1\",2026-07-01 01:00,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","
		    "\"+Bản Phố\",\"Nữ\",1990,\"Mông\",\"-123\",\"Lus Hmoob (Mông)\"");
	expect_line(csv, "\"p3\",",
		    "\"p3\",\"k1\",2026-07-02 10:00,\"VàngA Dính\",\"Sủng Là\",,,,,\"Tiếng Việt\"");
	free(csv);

	path = xasprintf("%s/answers.csv", lo);
	csv = read_all(path, NULL);
	free(path);
	expect_line(csv, "\"n1\",",
		    "\"n1\",\"a1\",\"k1\",1,\"q-ocop-1\",\"OCOP yog dab tsi?\",\"A\",\"Có\",\"Không\","
		    "\"12,3\",2026-07-01 01:06");
	expect_line(csv, "\"n2\",",
		    "\"n2\",\"a1\",\"k1\",2,\"q-ocop-2\",\"Sản phẩm nào, ở đâu?\",\"A,C\",\"Có\","
		    "\"Không\",\"1,3\",2026-07-01 01:07");
	expect_line(csv, "\"n3\",",
		    "\"n3\",\"a1\",\"k1\",3,\"q-ocop-3\",,,\"Không\",\"Có\",\"30,0\",2026-07-01 01:08");
	free(csv);

	path = xasprintf("%s/questions.csv", lo);
	csv = read_all(path, NULL);
	free(path);
	expect_line(csv, "\"c2\",",
		    "\"c2\",\"k1\",2026-07-01 10:00,\"Lus Hmoob (Mông)\",\"@SUM(1+1)\",,,"
		    "\"Tau lawm\",2026-07-02 08:00,\"Có\"");
	assert_non_null(strstr(csv, "\"c1\",\"k1\",2026-07-01 08:00,\"Tiếng Việt\",\"Xin hỏi, "
				    "thủ tục \"\"cấp đổi\"\" sổ đỏ\nthế nào?\",\"Lò Văn Páo\","
				    "\"0912 345 678\",,,\"Không\""));
	free(csv);

	path = xasprintf("%s/attempts.csv", lo);
	csv = read_all(path, NULL);
	free(path);
	/* 01:10:30 is shown without its seconds, as the format asks. */
	expect_line(csv, "\"a1\",",
		    "\"a1\",\"k1\",\"Lus Hmoob (Mông)\",\"OCOP – Mỗi xã một sản phẩm\",2026-07-01 01:05,"
		    "2026-07-01 01:10,3,2,\"Có\",\"p1\","
		    "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	expect_line(csv, "\"a2\",", "\"a2\",\"k1\",\"Tiếng Việt\",,2026-07-01 09:00,,5,0,\"Không\",,");
	free(csv);
	free(lo);
}

int main(void)
{
	/* Vietnam is UTC+7 all year; the POSIX form needs no tz database. */
	setenv("TZ", access("/usr/share/zoneinfo/Asia/Ho_Chi_Minh", R_OK) == 0
			     ? "Asia/Ho_Chi_Minh"
			     : "<+07>-7",
	       1);
	tzset();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test_setup_teardown(test_csv_participants_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_questions_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_answers_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_attempts_and_views, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_anonymize, setup, teardown),
		cmocka_unit_test_setup_teardown(test_date_filter_local, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress_and_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_headers_translated, setup, teardown_i18n),
		cmocka_unit_test_setup_teardown(test_xlsx_libreoffice, setup, teardown_i18n),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	text_cleanup();
	return failed;
}
