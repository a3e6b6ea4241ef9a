/*
 * Tests for records/contest_export: a contest of three teams played to the
 * podium through the store (manual clock), then its prize list, participation
 * record and answers as CSV, JSON and XLSX (read back by LibreOffice when it
 * is installed), with formula-looking team names kept as text, and the
 * refusals (XLSX without a file, an unknown contest, a folder that is not
 * there) leaving no file behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "content/articles.h"
#include "content/topics.h"
#define NK_TESTS_WITH_FIXTURE_DB
#include "helpers.h"
#include "quizzes/contest_store.h"
#include "quizzes/qstore.h"
#include "records/contest_export.h"

#include <sys/stat.h>
#include <unistd.h>

struct fx {
	char *dir;
	struct db *db;
	int64_t now;
	struct clock clk;
	char uuid[37];
};

static void do_op(struct fx *f, struct cstore_op o)
{
	char *err = NULL;
	if (cstore_do(f->db, &f->clk, f->uuid, &o, &err) != NK_OK)
		fail_msg("%s: %s", contest_op_name(o.op), err);
}

static void answer(struct fx *f, int team, unsigned mask, int64_t after_ms)
{
	f->now += after_ms;
	do_op(f, (struct cstore_op){.op = CONTEST_OP_ANSWER, .team = team, .mask = mask,
				    .source = team == 2 ? CONTEST_SRC_TEAM : CONTEST_SRC_HOST});
}

static unsigned right_mask(struct fx *f)
{
	struct contest *c = NULL;
	char *err = NULL;
	if (cstore_load(f->db, &f->clk, f->uuid, &c, NULL, &err))
		fail_msg("%s", err);
	size_t r, q;
	contest_position(c, &r, &q);
	struct contest_qinfo qi;
	contest_question_info(c, r, q, &qi);
	contest_free(&c);
	return qi.correct;
}

static void finish_question(struct fx *f)
{
	static const enum contest_op ops[] = {CONTEST_OP_LOCK, CONTEST_OP_REVEAL,
					      CONTEST_OP_LEADERBOARD, CONTEST_OP_NEXT};
	for (size_t i = 0; i < NK_ARRAY_LEN(ops); i++)
		do_op(f, (struct cstore_op){.op = ops[i]});
}

static int setup(void **state)
{
	test_i18n_setup();
	i18n_set_lang("vi", NULL);
	struct fx *f = xcalloc(1, sizeof *f);
	f->dir = test_tmpdir();
	f->db = test_fixture_db(f->dir);
	char *err = NULL;
	f->now = INT64_C(1795342500000);
	f->clk = (struct clock){clock_manual_read, &f->now};
	if (cstore_create(f->db, &f->clk, "Hội thi tìm hiểu NTM", "2026-11-22", "Nhà văn hóa xã",
			  CONTEST_TEAM_ANSWER, f->uuid, &err))
		fail_msg("%s", err);
	int no;
	if (cstore_add_team(f->db, &f->clk, f->uuid, "Bản Nà Sang", "Nà Sang",
			    "Lò Văn A, Giàng Thị B", &no, &err) ||
	    cstore_add_team(f->db, &f->clk, f->uuid, "=HYPERLINK(\"http://x\",\"y\")", NULL,
			    "Vàng A Chu", &no, &err) ||
	    cstore_add_team(f->db, &f->clk, f->uuid, "Thôn Hồng Phong", "Hồng Phong", NULL, &no,
			    &err))
		fail_msg("%s", err);
	struct contest_round_config cfg = {CONTEST_ACCURACY, 10, 30000, false, 0};
	const char *ids[] = {"fx-001", "fx-003"};
	if (cstore_add_round_ids(f->db, &f->clk, f->uuid, &cfg, ids, 2, false, &err))
		fail_msg("%s", err);
	do_op(f, (struct cstore_op){.op = CONTEST_OP_START});
	/* Question 1: teams 1 and 2 right (1.5 s and 4 s), team 3 wrong. */
	do_op(f, (struct cstore_op){.op = CONTEST_OP_SHOW});
	unsigned right = right_mask(f);
	answer(f, 1, right, 1500);
	answer(f, 2, right, 2500);
	answer(f, 3, right == 1u ? 2u : 1u, 1000);
	finish_question(f);
	/* Question 2: only team 2 right. */
	do_op(f, (struct cstore_op){.op = CONTEST_OP_SHOW});
	right = right_mask(f);
	answer(f, 2, right, 2000);
	answer(f, 1, right ^ 3u, 1000);
	finish_question(f);
	do_op(f, (struct cstore_op){.op = CONTEST_OP_NEXT}); /* finished */
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	db_close(&f->db);
	test_rmdir(f->dir);
	free(f);
	return 0;
}

static char *run(struct fx *f, enum export_format fmt, enum cexport_table table, int64_t *rows)
{
	char *path = xasprintf("%s/out", f->dir), *err = NULL;
	struct cexport_opts o = {.uuid = f->uuid, .format = fmt, .table = table, .out_path = path};
	if (contest_export(f->db, &o, rows, &err) != NK_OK)
		fail_msg("%s", err);
	char *text = NULL;
	size_t len;
	if (util_read_file(path, &text, &len, &err))
		fail_msg("%s", err);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	unlink(path);
	free(path);
	return text;
}

static void contains(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("missing\n  %s\nin\n%s", want, text);
}

static void test_csv_tables(void **state)
{
	struct fx *f = *state;
	int64_t rows = 0;
	char *csv = run(f, EXPORT_CSV, CEXPORT_RESULTS, &rows);
	assert_int_equal(rows, 3);
	/* BOM, localized headers, CRLF; the winner first with its prize; the
	 * formula-looking name as text with an apostrophe. */
	assert_memory_equal(csv, "\xef\xbb\xbf", 3);
	contains(csv, "\r\n1,Giải Nhất,2,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,Vàng A Chu,20,2,2,");
	contains(csv, "\r\n2,Giải Nhì,1,Bản Nà Sang,Nà Sang,\"Lò Văn A, Giàng Thị B\",10,1,2,1.500\r\n");
	contains(csv, "\r\n3,Giải Ba,3,Thôn Hồng Phong,Hồng Phong,,0,0,1,0.000\r\n");
	free(csv);
	csv = run(f, EXPORT_CSV, CEXPORT_MEMBERS, &rows);
	assert_int_equal(rows, 4); /* two members, one, and a team without names */
	contains(csv, "Hội thi tìm hiểu NTM,2026-11-22,Nhà văn hóa xã,1,Bản Nà Sang,Nà Sang,Giàng Thị B,2,Giải Nhì\r\n");
	contains(csv, ",3,Thôn Hồng Phong,Hồng Phong,,3,Giải Ba\r\n");
	free(csv);
	csv = run(f, EXPORT_CSV, CEXPORT_ANSWERS, &rows);
	assert_int_equal(rows, 5);
	contains(csv, "1,Chính xác,1,fx-001,,1,Bản Nà Sang,,A,1,10,1.500,host\r\n");
	contains(csv, ",2,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,A,1,10,4.000,team\r\n");
	free(csv);
}

static void test_json(void **state)
{
	struct fx *f = *state;
	int64_t rows = 0;
	char *json = run(f, EXPORT_JSON, CEXPORT_RESULTS, &rows);
	assert_int_equal(rows, 12);
	contains(json, "\"name\":\"Hội thi tìm hiểu NTM\",\"date\":\"2026-11-22\"");
	contains(json, "{\"rank\":1,\"prize\":\"Giải Nhất\",\"team_no\":2,\"team\":"
		       "\"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"");
	contains(json, "\"member\":\"Lò Văn A\"");
	contains(json, "\"answer\":\"A\",\"right\":true,\"points\":10,\"time_s\":1.500");
	free(json);
}

static void test_refusals(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	struct cexport_opts o = {.uuid = f->uuid, .format = EXPORT_XLSX, .out = stdout};
	assert_int_equal(contest_export(f->db, &o, NULL, &err), NK_EINVAL);
	free(err);
	err = NULL;
	char *path = xasprintf("%s/x.csv", f->dir);
	o = (struct cexport_opts){.uuid = "no-such", .format = EXPORT_CSV, .out_path = path};
	assert_int_equal(contest_export(f->db, &o, NULL, &err), NK_ENOENT);
	free(err);
	err = NULL;
	assert_int_not_equal(access(path, F_OK), 0);
	free(path);
	path = xasprintf("%s/not-there/x.csv", f->dir);
	o = (struct cexport_opts){.uuid = f->uuid, .format = EXPORT_CSV, .out_path = path};
	assert_int_equal(contest_export(f->db, &o, NULL, &err), NK_ENOENT);
	assert_non_null(strstr(err, "not-there/x.csv: the folder does not exist"));
	free(err);
	free(path);
	enum cexport_table t;
	assert_int_equal(cexport_table_from_name("members", &t), NK_OK);
	assert_int_equal(t, CEXPORT_MEMBERS);
	assert_int_equal(cexport_table_from_name("teams", &t), NK_ENOENT);
}

static bool on_path(const char *prog)
{
	char *cmd = xasprintf("command -v %s >/dev/null 2>&1", prog);
	int rc = system(cmd);
	free(cmd);
	return rc == 0;
}

/* LibreOffice opens the workbook: the first sheet is the prize list, numbers
 * are numbers and the formula-looking name is text. */
static void test_xlsx_libreoffice(void **state)
{
	struct fx *f = *state;
	char *path = xasprintf("%s/contest.xlsx", f->dir), *err = NULL;
	struct cexport_opts o = {.uuid = f->uuid, .format = EXPORT_XLSX, .out_path = path};
	int64_t rows = 0;
	if (contest_export(f->db, &o, &rows, &err) != NK_OK)
		fail_msg("%s", err);
	assert_int_equal(rows, 12);
	if (!on_path("libreoffice")) {
		fprintf(stderr, "skipped: libreoffice is not on PATH (apt-get install "
				"libreoffice-calc-nogui)\n");
		free(path);
		skip();
	}
	char *cmd = xasprintf("cd '%s' && libreoffice -env:UserInstallation=file://%s/profile "
			      "--headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,"
			      "true,true,true' contest.xlsx >lo.log 2>&1",
			      f->dir, f->dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	char *csvpath = xasprintf("%s/contest.csv", f->dir), *csv = NULL;
	size_t len;
	if (util_read_file(csvpath, &csv, &len, &err))
		fail_msg("%s", err);
	contains(csv, "\"Hạng\",\"Giải\",");
	contains(csv, "1,\"Giải Nhất\",2,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,\"Vàng A Chu\",20,2,2,");
	contains(csv, "2,\"Giải Nhì\",1,\"Bản Nà Sang\",\"Nà Sang\",\"Lò Văn A, Giàng Thị B\",10,1,2,1.5");
	free(csv);
	free(csvpath);
	/* The members' sheet: the date is a date cell (unquoted), not text (quoted). */
	cmd = xasprintf("cd '%s' && libreoffice -env:UserInstallation=file://%s/profile "
			"--headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,"
			"true,true,false,,,2' contest.xlsx >lo.log 2>&1",
			f->dir, f->dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	csvpath = xasprintf("%s/contest-Người tham gia.csv", f->dir);
	if (util_read_file(csvpath, &csv, &len, &err))
		fail_msg("%s", err);
	contains(csv, "\"Hội thi tìm hiểu NTM\",2026-11-22,");
	free(csv);
	free(csvpath);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_csv_tables, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xlsx_libreoffice, setup, teardown),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free_languages();
	return r;
}
