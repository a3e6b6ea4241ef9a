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
#define NK_TESTS_WITH_FIXTURE_DB
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
	char *dir = test_tmpdir();
	char *path = xasprintf("%s/k.db", dir), *err = NULL;
	struct db *host = test_fixture_db(dir), *team = NULL;
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
	struct contest_round_config cfg = {CONTEST_ACCURACY, 10, 20000, false, 0};
	assert_int_equal(cstore_add_round(host, &c, uuid, &cfg, "ocop", 2, 7, NULL, &err), 0);
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
	free(path);
	test_rmdir(dir);
}

/* Rounds by id, operations by name, the timer's lock, the host's undo, a tie-break drawn from
 * the questions not yet used, and the records the screens read (info, list, teams). */
static void test_store_operations(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *err = NULL;
	struct db *db = test_fixture_db(dir);
	int64_t now = INT64_C(1795342500000);
	struct clock c = {clock_manual_read, &now};
	char uuid[37];
	assert_int_equal(cstore_create(db, &c, "Hội thi", "2026-11-22", NULL, CONTEST_TEAM_ANSWER,
				       uuid, &err),
			 0);
	int no;
	assert_int_equal(cstore_add_team(db, &c, uuid, "Bản Lả", "Lả", "A, B ,, C", &no, &err), 0);
	assert_int_equal(cstore_add_team(db, &c, uuid, "Tả Van", NULL, NULL, &no, &err), 0);
	struct contest_round_config cfg = {CONTEST_SPEED, 20, 10000, false, 0};
	const char *missing[] = {"fx-001", "no-such"};
	assert_int_equal(cstore_add_round_ids(db, &c, uuid, &cfg, missing, 2, false, &err),
			 NK_ENOENT);
	assert_non_null(strstr(err, "no-such"));
	free(err);
	err = NULL;
	const char *multi[] = {"fx-002"};
	assert_int_equal(cstore_add_round_ids(db, &c, uuid, &cfg, multi, 1, false, &err),
			 NK_EINVAL);
	assert_non_null(strstr(err, "several right answers"));
	free(err);
	err = NULL;
	const char *ids[] = {"fx-001"};
	assert_int_equal(cstore_add_round_ids(db, &c, uuid, &cfg, ids, 1, false, &err), 0);
	/* Operations by name; a refused one says why. */
	assert_int_equal(cstore_do(db, &c, uuid, &(struct cstore_op){.op = CONTEST_OP_SHOW}, &err),
			 NK_EINVAL);
	free(err);
	err = NULL;
	assert_int_equal(cstore_do(db, &c, uuid, &(struct cstore_op){.op = CONTEST_OP_START}, &err),
			 0);
	assert_int_equal(cstore_do(db, &c, uuid, &(struct cstore_op){.op = CONTEST_OP_SHOW}, &err),
			 0);
	now += 2000;
	struct cstore_op ans = {.op = CONTEST_OP_ANSWER, .team = 1, .mask = 1u,
				.source = CONTEST_SRC_HOST};
	struct contest *k = NULL;
	assert_int_equal(cstore_load(db, &c, uuid, &k, NULL, &err), 0);
	struct contest_qinfo qi;
	assert_int_equal(contest_question_info(k, 0, 0, &qi), 0);
	contest_free(&k);
	ans.mask = qi.correct;
	assert_int_equal(cstore_do(db, &c, uuid, &ans, &err), 0);
	ans.team = 2;
	ans.mask = qi.correct == 1u ? 2u : 1u;
	assert_int_equal(cstore_do(db, &c, uuid, &ans, &err), 0);
	/* The host undoes team 2's entry. */
	struct contest_log e;
	assert_int_equal(cstore_do(db, &c, uuid,
				   &(struct cstore_op){.op = CONTEST_OP_UNDO, .entry = &e}, &err),
			 0);
	assert_int_equal(e.team, 2);
	/* Not yet time: the tick changes nothing and writes nothing. */
	bool locked = true;
	int64_t v0, v1;
	assert_int_equal(cstore_version(db, uuid, &v0, &err), 0);
	assert_int_equal(cstore_tick(db, &c, uuid, &locked, &err), 0);
	assert_false(locked);
	assert_int_equal(cstore_version(db, uuid, &v1, &err), 0);
	assert_int_equal(v0, v1);
	now += 8001;
	assert_int_equal(cstore_tick(db, &c, uuid, &locked, &err), 0);
	assert_true(locked);
	assert_int_equal(cstore_load(db, &c, uuid, &k, NULL, &err), 0);
	assert_int_equal(contest_state(k), CONTEST_LOCKED);
	contest_free(&k);
	/* To the end; both teams tied at 0 after team 1's answer is corrected away. */
	assert_int_equal(cstore_do(db, &c, uuid, &(struct cstore_op){.op = CONTEST_OP_REVEAL}, &err),
			 0);
	struct cstore_op fix = {.op = CONTEST_OP_CORRECT, .team = 1, .mask = 0};
	assert_int_equal(cstore_do(db, &c, uuid, &fix, &err), 0);
	assert_int_equal(
		cstore_do(db, &c, uuid, &(struct cstore_op){.op = CONTEST_OP_LEADERBOARD}, &err), 0);
	assert_int_equal(cstore_do(db, &c, uuid, &(struct cstore_op){.op = CONTEST_OP_NEXT}, &err),
			 0);
	assert_int_equal(cstore_do(db, &c, uuid, &(struct cstore_op){.op = CONTEST_OP_NEXT}, &err),
			 0);
	/* A tie-break question: one the contest has not used (fx-001 is used). */
	assert_int_equal(cstore_add_tiebreak(db, &c, uuid, 5, &err), 0);
	assert_int_equal(cstore_load(db, &c, uuid, &k, NULL, &err), 0);
	assert_int_equal(contest_state(k), CONTEST_READY);
	size_t r, q;
	contest_position(k, &r, &q);
	assert_int_equal(contest_question_info(k, r, q, &qi), 0);
	assert_true(qi.tiebreak);
	assert_string_equal(qi.id, "fx-003"); /* fx-001 is used, fx-002 has two answers */
	contest_free(&k);
	/* The records. */
	struct cstore_info info;
	assert_int_equal(cstore_info(db, uuid, &info, &err), 0);
	assert_string_equal(info.name, "Hội thi");
	assert_null(info.place);
	cstore_info_clear(&info);
	assert_int_equal(cstore_info(db, "nope", &info, &err), NK_ENOENT);
	free(err);
	err = NULL;
	struct cstore_team *teams;
	size_t nt;
	assert_int_equal(cstore_teams(db, uuid, &teams, &nt, &err), 0);
	assert_int_equal(nt, 2);
	assert_string_equal(teams[0].village, "Lả");
	assert_int_equal(teams[0].nmembers, 3);
	assert_string_equal(teams[0].members[2], "C");
	assert_null(teams[1].village);
	assert_int_equal(teams[1].nmembers, 0);
	cstore_teams_free(&teams, nt);
	char second[37];
	now += 1000;
	assert_int_equal(cstore_create(db, &c, "Hội thi 2", "2026-11-23", "Xã", CONTEST_MEMBER_SUM,
				       second, &err),
			 0);
	struct cstore_info *list;
	size_t nl;
	assert_int_equal(cstore_list(db, &list, &nl, &err), 0);
	assert_int_equal(nl, 2);
	assert_string_equal(list[0].uuid, second);
	cstore_list_free(&list, nl);
	db_close(&db);
	test_rmdir(dir);
}

/* Rounds drawn from the banks never repeat a question of an earlier round, and a round that
 * asks for more than are left is refused with how many there are, adding nothing; a date that
 * is not one is refused. */
static void test_draws(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *err = NULL;
	struct db *db = test_fixture_db(dir);
	int64_t now = INT64_C(1795342500000);
	struct clock c = {clock_manual_read, &now};
	char uuid[37];
	assert_int_equal(cstore_create(db, &c, "Hội thi", "2026-02-29", NULL, CONTEST_TEAM_ANSWER,
				       uuid, &err),
			 NK_EINVAL);
	free(err);
	err = NULL;
	assert_int_equal(cstore_create(db, &c, "Hội thi", "2028-02-29", NULL, CONTEST_TEAM_ANSWER,
				       uuid, &err),
			 0);
	struct contest_round_config cfg = {CONTEST_ACCURACY, 10, 0, false, 0};
	/* The fixture has two questions with one right answer: fx-001 and fx-003. */
	size_t left = 99;
	assert_int_equal(cstore_add_round(db, &c, uuid, &cfg, NULL, 3, 1, &left, &err), NK_EINVAL);
	assert_int_equal(left, 2);
	assert_non_null(strstr(err, "2 questions are left"));
	free(err);
	err = NULL;
	assert_int_equal(cstore_add_round(db, &c, uuid, &cfg, NULL, 1, 1, &left, &err), 0);
	assert_int_equal(cstore_add_round(db, &c, uuid, &cfg, NULL, 1, 2, &left, &err), 0);
	assert_int_equal(cstore_add_round(db, &c, uuid, &cfg, NULL, 1, 3, &left, &err), NK_EINVAL);
	assert_int_equal(left, 0);
	free(err);
	err = NULL;
	/* By name, a question of an earlier round may come again; twice in one list only when
	 * asked for. */
	const char *twice[] = {"fx-001", "fx-001"};
	assert_int_equal(cstore_add_round_ids(db, &c, uuid, &cfg, twice, 2, false, &err),
			 NK_EINVAL);
	assert_non_null(strstr(err, "fx-001 is twice"));
	free(err);
	err = NULL;
	assert_int_equal(cstore_add_round_ids(db, &c, uuid, &cfg, twice, 1, false, &err), 0);
	assert_int_equal(cstore_add_round_ids(db, &c, uuid, &cfg, twice, 2, true, &err), 0);
	struct contest *k = NULL;
	assert_int_equal(cstore_load(db, &c, uuid, &k, NULL, &err), 0);
	assert_int_equal(contest_nrounds(k), 4);
	struct contest_qinfo a, b;
	assert_int_equal(contest_question_info(k, 0, 0, &a), 0);
	assert_int_equal(contest_question_info(k, 1, 0, &b), 0);
	assert_string_not_equal(a.id, b.id);
	contest_free(&k);
	db_close(&db);
	test_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contest_through_the_database),
		cmocka_unit_test(test_store_operations),
		cmocka_unit_test(test_draws),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free_languages();
	return r;
}
