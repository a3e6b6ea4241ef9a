/* Tests for quizzes/qstore: importing the bundled banks, joining languages
 * by id, the all-or-nothing import with file:line errors, and loading a
 * topic's questions with the Vietnamese fallback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "content/articles.h"
#include "content/topics.h"
#include "helpers.h"
#include "quizzes/qstore.h"

#include <glob.h>
#include <sys/stat.h>

struct fx {
	char *dir;
	struct db *db;
};

static int setup(void **state)
{
	test_i18n_setup();
	struct fx *f = xcalloc(1, sizeof *f);
	f->dir = test_tmpdir();
	char *path = xasprintf("%s/k.db", f->dir), *err = NULL;
	if (db_open(path, &f->db, &err) != 0)
		fail_msg("%s", err);
	free(path);
	const char *root = getenv("NTMKIOSK_DATADIR");
	char *topics = xasprintf("%s/content/topics.tsv", root);
	char *arts = xasprintf("%s/content/articles", root);
	struct content_report rep = {0};
	if (topics_import(f->db, topics, &err) || content_import(f->db, arts, &rep, &err))
		fail_msg("%s", err);
	content_report_clear(&rep);
	free(topics);
	free(arts);
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

static int count(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL);
	sqlite3_step(st);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void test_bundled(void **state)
{
	struct fx *f = *state;
	char *pat = xasprintf("%s/quizzes/banks/*/*.gift", getenv("NTMKIOSK_DATADIR"));
	glob_t g;
	assert_int_equal(glob(pat, 0, NULL, &g), 0);
	struct qimport_report rep = {0};
	char *err = NULL;
	int rc = questions_import(f->db, (const char *const *)g.gl_pathv, g.gl_pathc, &rep, &err);
	if (rc)
		fail_msg("%s", err);
	assert_true(rep.questions >= 60);
	assert_int_equal(rep.texts, rep.questions * 3);
	assert_int_equal(count(f->db, "SELECT count(*) FROM questions"), (int)rep.questions);
	assert_int_equal(count(f->db, "SELECT count(*) FROM question_texts WHERE lang <> 'vi' "
				      "AND status <> 'draft'"),
			 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM question_texts WHERE lang = 'vi' "
				      "AND status <> 'reviewed'"),
			 0);
	qimport_report_clear(&rep);
	globfree(&g);
	free(pat);

	struct qitem *items;
	size_t n;
	assert_int_equal(questions_load(f->db, "ocop", "hmn", &items, &n, &err), 0);
	assert_true(n >= 5);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(items[i].topic, "ocop");
		assert_string_equal(items[i].lang, "hmn");
		assert_false(items[i].fallback);
		assert_true(items[i].correct != 0);
		assert_true(items[i].nopts >= 2);
		assert_true(items[i].opts[items[i].nopts - 1][0] != '\0');
		assert_non_null(items[i].article);
	}
	questions_free(&items, n);
	assert_int_equal(questions_load(f->db, NULL, "vi", &items, &n, &err), 0);
	assert_true(n >= 60);
	questions_free(&items, n);
	char **topics;
	size_t *counts, nt;
	assert_int_equal(questions_topic_counts(f->db, &topics, &counts, &nt, &err), 0);
	assert_true(nt >= 9);
	assert_string_equal(topics[0], "ntm");
	for (size_t i = 0; i < nt; i++)
		free(topics[i]);
	free(topics);
	free(counts);
}

static char *write_bank(const char *dir, const char *lang, const char *name, const char *text)
{
	char *d = xasprintf("%s/%s", dir, lang);
	mkdir(d, 0700);
	char *p = test_write(d, name, text);
	free(d);
	return p;
}

static const char vi_bank[] = "// [article:ocop-la-gi]\n// [difficulty:1]\n"
			      "::t-1::Câu một?{\n=Đúng\n~Sai\n####Vì thế.\n}\n\n"
			      "::t-2::Câu hai?{T####Đúng vậy.}\n";

static void test_join_and_fallback(void **state)
{
	struct fx *f = *state;
	char *vi = write_bank(f->dir, "vi", "ocop.gift", vi_bank);
	char *hmn = write_bank(f->dir, "hmn", "ocop.gift",
			       "// [article:ocop-la-gi]\n// [difficulty:1]\n"
			       "::t-1::Lus nug ib?{\n=Yog\n~Tsis yog\n####Vim li ntawd.\n}\n");
	const char *paths[] = {hmn, vi};
	struct qimport_report rep = {0};
	char *err = NULL;
	if (questions_import(f->db, paths, 2, &rep, &err) != 0)
		fail_msg("%s", err);
	assert_int_equal(rep.questions, 2);
	assert_int_equal(rep.texts, 3);
	qimport_report_clear(&rep);
	struct qitem *items;
	size_t n;
	assert_int_equal(questions_load(f->db, "ocop", "hmn", &items, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(items[0].id, "t-1");
	assert_string_equal(items[0].text, "Lus nug ib?");
	assert_string_equal(items[0].status, "draft");
	assert_string_equal(items[0].opts[0], "Yog");
	assert_int_equal(items[0].correct, 1);
	assert_int_equal(items[0].difficulty, 1);
	assert_string_equal(items[0].explanation, "Vim li ntawd.");
	/* t-2 has no Hmong text: Vietnamese stands in. */
	assert_string_equal(items[1].text, "Câu hai?");
	assert_true(items[1].fallback);
	assert_int_equal(items[1].nopts, 2);
	questions_free(&items, n);
	free(vi);
	free(hmn);
}

static void expect_import_error(struct fx *f, const char *lang, const char *text,
				const char *msg)
{
	char *vi = write_bank(f->dir, "vi", "ocop.gift", vi_bank);
	char *other = write_bank(f->dir, lang, strcmp(lang, "vi") ? "ocop.gift" : "culture.gift",
				 text);
	const char *paths[] = {vi, other};
	struct qimport_report rep = {0};
	char *err = NULL;
	int before = count(f->db, "SELECT count(*) FROM question_texts");
	assert_int_equal(questions_import(f->db, paths, 2, &rep, &err), NK_EINVAL);
	bool found = false;
	for (size_t i = 0; i < rep.nerrors; i++)
		if (strstr(rep.errors[i], msg))
			found = true;
	if (!found)
		fail_msg("want '%s'; first: %s", msg, rep.nerrors ? rep.errors[0] : "-");
	/* Nothing of either file landed. */
	assert_int_equal(count(f->db, "SELECT count(*) FROM question_texts"), before);
	qimport_report_clear(&rep);
	free(err);
	free(vi);
	free(other);
}

static void test_import_errors(void **state)
{
	struct fx *f = *state;
	expect_import_error(f, "hmn", "::t-1::X?{\n~Yog\n=Tsis yog\n}\n",
			    "hmn/ocop.gift:1: question 't-1' differs from the Vietnamese one");
	expect_import_error(f, "hmn", "::t-9::X?{\n=Yog\n~Tsis yog\n}\n",
			    "hmn/ocop.gift:1: no Vietnamese question 't-9'");
	expect_import_error(f, "vi", "// [article:khong-co]\n::c-1::X?{\n=A\n~B\n}\n",
			    "vi/culture.gift:2: article 'khong-co' does not exist");
	expect_import_error(f, "vi", "::c-1::X?{\n=A\n~B\n", "vi/culture.gift:1:");
	expect_import_error(f, "vi", "::c-1::X?{\n=A\n~B\n}\n\n::c-1::Y?{\n=A\n~B\n}\n",
			    "vi/culture.gift:6: question id 'c-1' used twice (line 1)");
	/* Two files of one language with one id would overwrite each other too. */
	expect_import_error(f, "vi", "::t-1::X?{\n=A\n~B\n}\n",
			    "vi/culture.gift:1: question id 't-1' used twice (");
	expect_import_error(f, "vi", "// [topic:weather]\n::c-1::X?{\n=A\n~B\n}\n",
			    "vi/culture.gift:2: unknown topic 'weather'");
	expect_import_error(f, "vi", "::c-1::X?{\n=A\n~B\n}\xff\n", "invalid UTF-8");
}

static char *status_of(struct db *db, const char *id, const char *lang)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_sqlite(db),
			   "SELECT status || ' ' || text FROM question_texts WHERE id = ?1 AND "
			   "lang = ?2",
			   -1, &st, NULL);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
	char *out = xstrdup(sqlite3_step(st) == SQLITE_ROW
				    ? (const char *)sqlite3_column_text(st, 0)
				    : "-");
	sqlite3_finalize(st);
	return out;
}

/* A bank in a folder named like a language the kiosk does not have
 * (hmong/ntm.gift) was taken as Vietnamese and reviewed, and replaced the
 * Vietnamese texts: an error now, with nothing imported. */
static void test_unknown_language(void **state)
{
	struct fx *f = *state;
	char *vi = write_bank(f->dir, "vi", "ocop.gift", vi_bank);
	const char *one[] = {vi};
	struct qimport_report rep = {0};
	char *err = NULL;
	if (questions_import(f->db, one, 1, &rep, &err) != 0)
		fail_msg("%s", err);
	qimport_report_clear(&rep);
	static const char *const folders[] = {"hmong", "en", "tiengviet", "Dao"};
	for (size_t i = 0; i < NK_ARRAY_LEN(folders); i++) {
		char *p = write_bank(f->dir, folders[i], "ocop.gift",
				     "::t-1::Lus nug ib?{\n=Yog\n~Tsis yog\n}\n");
		const char *paths[] = {p};
		assert_int_equal(questions_import(f->db, paths, 1, &rep, &err), NK_EINVAL);
		char *want = xasprintf("/%s/ocop.gift:1: unknown language '%s'", folders[i],
				       folders[i]);
		if (!strstr(err, want))
			fail_msg("want '%s' in '%s'", want, err);
		free(want);
		qimport_report_clear(&rep);
		free(p);
	}
	char *v = status_of(f->db, "t-1", "vi");
	assert_string_equal(v, "reviewed Câu một?");
	free(v);
	assert_int_equal(count(f->db, "SELECT count(*) FROM question_texts WHERE lang != 'vi'"),
			 0);
	/* A folder whose name is no language's is Vietnamese, as before. */
	char *p = write_bank(f->dir, "ngan-hang", "ocop.gift", "::n-1::Câu?{\n=A\n~B\n}\n");
	const char *paths[] = {p};
	if (questions_import(f->db, paths, 1, &rep, &err) != 0)
		fail_msg("%s", err);
	qimport_report_clear(&rep);
	v = status_of(f->db, "n-1", "vi");
	assert_string_equal(v, "reviewed Câu?");
	free(v);
	free(p);
	free(err);
	free(vi);
}

/* A status line that cannot be read makes the file's texts drafts, never
 * reviewed; draft beats reviewed. */
static void test_status_lines(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char *lang, *line, *status;
	} cases[] = {
		{"vi", "// [status:draft]", "draft"},
		{"vi", "// [Status: Draft ]", "draft"},
		{"vi", "// [status:dr\xd0\xb0" "ft]", "draft"}, /* a Cyrillic a */
		{"vi", "// [status:draft", "draft"},
		{"vi", "// [status:]", "draft"},
		{"vi", "// [status:reviewed]\n// [status:draft]", "draft"},
		{"vi", "// an ordinary comment", "reviewed"},
		{"hmn", "// [status:reviewed]", "reviewed"},
		{"hmn", "// [status:reviewd]", "draft"},
		{"hmn", "", "draft"},
	};
	char *vi = write_bank(f->dir, "vi", "ocop.gift", vi_bank);
	for (size_t i = 0; i < NK_ARRAY_LEN(cases); i++) {
		bool is_vi = strcmp(cases[i].lang, "vi") == 0;
		char *text = xasprintf("%s\n::t-1::X?{\n=A\n~B\n}\n", cases[i].line);
		char *p = write_bank(f->dir, cases[i].lang, "ocop.gift", is_vi ? "" : text);
		if (is_vi) {
			free(p);
			p = write_bank(f->dir, "vi", "ocop.gift", text);
		}
		const char *paths[] = {p, vi};
		struct qimport_report rep = {0};
		char *err = NULL;
		if (questions_import(f->db, paths, is_vi ? 1 : 2, &rep, &err) != 0)
			fail_msg("%s: %s", cases[i].line, err);
		qimport_report_clear(&rep);
		char *st = status_of(f->db, "t-1", cases[i].lang);
		char *want = xasprintf("%s X?", cases[i].status);
		if (strcmp(st, want) != 0)
			fail_msg("'%s' in %s gave '%s', want '%s'", cases[i].line, cases[i].lang,
				 st, want);
		free(want);
		free(st);
		free(text);
		free(p);
		/* The Vietnamese bank for the next case. */
		free(write_bank(f->dir, "vi", "ocop.gift", vi_bank));
	}
	free(vi);
}

static void test_unplayable_is_noted(void **state)
{
	struct fx *f = *state;
	char *p = write_bank(f->dir, "vi", "ocop.gift",
			     "::m-1::Ghép?{\n=a -> 1\n=b -> 2\n=c -> 3\n}\n\n"
			     "::m-2::Chọn?{\n=A\n~B\n}\n");
	const char *paths[] = {p};
	struct qimport_report rep = {0};
	char *err = NULL;
	assert_int_equal(questions_import(f->db, paths, 1, &rep, &err), 0);
	assert_int_equal(rep.questions, 1);
	assert_true(rep.nnotes >= 1);
	assert_non_null(strstr(rep.notes[0], "ocop.gift:1:"));
	assert_non_null(strstr(rep.notes[0], "not playable at the kiosk"));
	qimport_report_clear(&rep);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bundled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_join_and_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unplayable_is_noted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_language, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_lines, setup, teardown),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free_languages();
	return r;
}
