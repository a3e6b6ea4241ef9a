/* Tests for quizzes/contest_store: a contest set up and played through the
 * database by two connections (as the host console and a team terminal
 * would be two processes), versions, a crash between operations losing
 * nothing committed, and the rows the period report counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "content/articles.h"
#include "content/topics.h"
#include "helpers.h"
#include "quizzes/contest_store.h"
#include "quizzes/qstore.h"

static int start_op(void *ctx, struct contest *c, char **err)
{
	(void)ctx;
	int rc = contest_start(c, err);
	return rc ? rc : contest_show(c, err);
}

struct ans {
	int team;
	unsigned mask;
};

static int answer_op(void *ctx, struct contest *c, char **err)
{
	struct ans *a = ctx;
	return contest_answer(c, a->team, 0, a->mask, CONTEST_SRC_TEAM, err);
}

static int reveal_op(void *ctx, struct contest *c, char **err)
{
	(void)ctx;
	int rc = contest_lock(c, err);
	return rc ? rc : contest_reveal(c, err);
}

static int count(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL);
	sqlite3_step(st);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void test_contest_through_the_database(void **state)
{
	(void)state;
	test_i18n_setup();
	char *dir = test_tmpdir();
	char *path = xasprintf("%s/k.db", dir), *err = NULL;
	struct db *host = NULL, *team = NULL;
	assert_int_equal(db_open(path, &host, &err), 0);
	const char *root = getenv("NTMKIOSK_DATADIR");
	char *topics = xasprintf("%s/content/topics.tsv", root);
	char *arts = xasprintf("%s/tests/data/articles", root);
	char *bank = xasprintf("%s/tests/data/banks/vi/ocop.gift", root);
	const char *banks[] = {bank};
	struct content_report rep = {0};
	struct qimport_report qrep = {0};
	if (topics_import(host, topics, &err) || content_import(host, arts, &rep, &err) ||
	    questions_import(host, banks, 1, &qrep, &err))
		fail_msg("%s", err);
	content_report_clear(&rep);
	qimport_report_clear(&qrep);
	int64_t now = INT64_C(1795342500000);
	struct clock c = {clock_manual_read, &now};
	char uuid[37];
	assert_int_equal(cstore_create(host, &c, "Hội thi tìm hiểu NTM", "2026-11-22",
				       "Nhà văn hóa xã", CONTEST_TEAM_ANSWER, uuid, &err),
			 0);
	int no = 0;
	assert_int_equal(cstore_add_team(host, &c, uuid, "Bản Lả", "Bản Lả", "Lò Văn A, Giàng Thị B",
					 &no, &err),
			 0);
	assert_int_equal(no, 1);
	assert_int_equal(cstore_add_team(host, &c, uuid, "Tả Van", NULL, "", &no, &err), 0);
	assert_int_equal(no, 2);
	struct contest_round_config cfg = {CONTEST_ACCURACY, 10, 20000, false};
	assert_int_equal(cstore_add_round(host, &c, uuid, &cfg, "ocop", 2, 7, &err), 0);
	int64_t v0, v1;
	assert_int_equal(cstore_version(host, uuid, &v0, &err), 0);
	assert_int_equal(cstore_apply(host, &c, uuid, start_op, NULL, &err), 0);
	/* The team terminal: its own connection to the same file. */
	assert_int_equal(db_open(path, &team, &err), 0);
	assert_int_equal(cstore_version(team, uuid, &v1, &err), 0);
	assert_true(v1 > v0);
	struct contest *k = NULL;
	assert_int_equal(cstore_load(team, &c, uuid, &k, NULL, &err), 0);
	assert_int_equal(contest_state(k), CONTEST_SHOWING);
	struct contest_qinfo qi;
	size_t r, q;
	contest_position(k, &r, &q);
	assert_int_equal(contest_question_info(k, r, q, &qi), 0);
	contest_free(&k);
	now += 3000;
	struct ans right = {1, qi.correct}, wrong = {2, (qi.correct ^ 1u) & ((1u << qi.nopts) - 1)};
	if (!wrong.mask)
		wrong.mask = 2;
	assert_int_equal(cstore_apply(team, &c, uuid, answer_op, &right, &err), 0);
	assert_int_equal(cstore_apply(host, &c, uuid, answer_op, &wrong, &err), 0);
	/* A crash now: both processes go; what they committed stays. */
	db_close(&team);
	db_close(&host);
	assert_int_equal(db_open(path, &host, &err), 0);
	now += 1000;
	assert_int_equal(cstore_apply(host, &c, uuid, reveal_op, NULL, &err), 0);
	assert_int_equal(cstore_load(host, &c, uuid, &k, NULL, &err), 0);
	struct contest_standing st[2];
	assert_int_equal(contest_standings(k, st), 2);
	assert_int_equal(st[0].team, 1);
	assert_int_equal(st[0].score, 10);
	assert_int_equal(st[1].score, 0);
	contest_free(&k);
	/* The rows the period report counts. */
	assert_int_equal(count(host, "SELECT count(*) FROM contests"), 1);
	assert_int_equal(count(host, "SELECT count(*) FROM contest_teams"), 2);
	assert_int_equal(count(host, "SELECT count(*) FROM contest_members"), 2);
	/* A wrong-state operation saves nothing. */
	assert_int_equal(cstore_version(host, uuid, &v0, &err), 0);
	assert_int_not_equal(cstore_apply(host, &c, uuid, start_op, NULL, &err), 0);
	free(err);
	err = NULL;
	assert_int_equal(cstore_version(host, uuid, &v1, &err), 0);
	assert_int_equal(v0, v1);
	char latest[37];
	assert_int_equal(cstore_latest(host, latest, &err), 0);
	assert_string_equal(latest, uuid);
	db_close(&host);
	free(topics);
	free(arts);
	free(bank);
	free(path);
	test_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contest_through_the_database),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free_languages();
	return r;
}
