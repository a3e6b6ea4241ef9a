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

static struct db *fresh_db(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name), *err = NULL;
	struct db *db = NULL;
	if (db_open(path, &db, &err) != 0)
		fail_msg("%s", err);
	free(path);
	const char *root = getenv("NTMKIOSK_DATADIR");
	char *topics = xasprintf("%s/content/topics.tsv", root);
	char *arts = xasprintf("%s/content/articles", root);
	struct content_report rep = {0};
	if (topics_import(db, topics, &err) || content_import(db, arts, &rep, &err))
		fail_msg("%s", err);
	content_report_clear(&rep);
	free(topics);
	free(arts);
	return db;
}

static int setup(void **state)
{
	test_i18n_setup();
	struct fx *f = xcalloc(1, sizeof *f);
	f->dir = test_tmpdir();
	f->db = fresh_db(f->dir, "k.db");
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

/* Every bank the kiosk ships, into db. */
static void import_bundled(struct db *db, struct qimport_report *rep)
{
	char *pat = xasprintf("%s/quizzes/banks/*/*.gift", getenv("NTMKIOSK_DATADIR"));
	glob_t g;
	assert_int_equal(glob(pat, 0, NULL, &g), 0);
	char *err = NULL;
	if (questions_import(db, (const char *const *)g.gl_pathv, g.gl_pathc, rep, &err))
		fail_msg("%s", err);
	globfree(&g);
	free(pat);
}

static void test_bundled(void **state)
{
	struct fx *f = *state;
	struct qimport_report rep = {0};
	char *err = NULL;
	import_bundled(f->db, &rep);
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
	expect_import_error(f, "vi", "::c-1::X?{\n=A\n~B\n", "vi/culture.gift:1:");
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

/* The rows of a database's banks, as one text: every column that an
 * import writes, but the file it came from. */
static char *bank_rows(struct db *db)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db),
					    "SELECT group_concat(r, char(10)) FROM (SELECT quote(id) || "
					    "quote(topic) || quote(difficulty) || quote(article) || "
					    "quote(qtype) || quote(nopts) || quote(correct) AS r FROM "
					    "questions UNION ALL SELECT quote(id) || quote(lang) || "
					    "quote(status) || quote(text) || quote(explanation) FROM "
					    "question_texts UNION ALL SELECT quote(id) || quote(lang) || "
					    "quote(idx) || quote(text) || quote(feedback) FROM "
					    "question_options ORDER BY 1)",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

/* Every bundled bank goes out as GIFT, a file per language, and comes back
 * into another database row for row; the Vietnamese single-choice questions
 * go out as Aiken and come back with the same texts, options and answers. */
static void test_export_round_trip(void **state)
{
	struct fx *f = *state;
	struct qimport_report rep = {0};
	char *err = NULL;
	import_bundled(f->db, &rep);
	qimport_report_clear(&rep);
	static const char *const langs[] = {"vi", "hmn", "ium"};
	char *paths[3];
	for (size_t i = 0; i < 3; i++) {
		char *d = xasprintf("%s/out/%s", f->dir, langs[i]);
		assert_int_equal(util_mkdirs(d, NULL), 0);
		paths[i] = xasprintf("%s/bank.gift", d);
		FILE *out = fopen(paths[i], "w");
		assert_non_null(out);
		struct qexport_opts o = {QEXPORT_GIFT, langs[i], NULL};
		size_t written, left;
		if (questions_export(f->db, &o, out, &written, &left, &err))
			fail_msg("%s", err);
		fclose(out);
		assert_true(written >= 60);
		assert_int_equal(left, 0);
		free(d);
	}
	struct db *b = fresh_db(f->dir, "b.db");
	if (questions_import(b, (const char *const *)paths, 3, &rep, &err))
		fail_msg("%s", err);
	qimport_report_clear(&rep);
	char *want = bank_rows(f->db), *got = bank_rows(b);
	assert_string_equal(got, want);
	free(want);
	free(got);
	db_close(&b);

	/* Aiken: single choice only, no ids or topics; the texts, options and
	 * the answer survive. */
	char *aiken = xasprintf("%s/out/ntm.aiken", f->dir);
	FILE *out = fopen(aiken, "w");
	struct qexport_opts o = {QEXPORT_AIKEN, "vi", "ntm"};
	size_t written, left;
	assert_int_equal(questions_export(f->db, &o, out, &written, &left, &err), 0);
	fclose(out);
	assert_true(written > 0);
	struct db *c = fresh_db(f->dir, "c.db");
	const char *one[] = {aiken};
	if (questions_import(c, one, 1, &rep, &err))
		fail_msg("%s", err);
	assert_int_equal(rep.questions, written);
	qimport_report_clear(&rep);
	static const char sig[] =
		"SELECT group_concat(r, char(10)) FROM (SELECT t.text || '|' || q.correct || '|' || "
		"(SELECT group_concat(text, '/') FROM (SELECT text FROM question_options o WHERE "
		"o.id = q.id AND o.lang = 'vi' ORDER BY idx)) AS r FROM questions q JOIN "
		"question_texts t ON t.id = q.id AND t.lang = 'vi' WHERE q.topic = 'ntm' AND "
		"q.qtype = 'single' ORDER BY 1)";
	sqlite3_stmt *st;
	char *sa = NULL, *sc = NULL;
	for (int k = 0; k < 2; k++) {
		assert_int_equal(sqlite3_prepare_v2(db_sqlite(k ? c : f->db), sig, -1, &st, NULL), 0);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		*(k ? &sc : &sa) = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	assert_string_equal(sc, sa);
	assert_int_equal(count(f->db, "SELECT count(*) FROM questions WHERE topic = 'ntm' AND "
				      "qtype <> 'single'") > 0 ? left > 0 : left == 0, 1);
	free(sa);
	free(sc);
	db_close(&c);
	free(aiken);
	for (size_t i = 0; i < 3; i++)
		free(paths[i]);
}

static char *peer_path(const char *name)
{
	const char *dir = getenv("NTMKIOSK_PEERS");
	if (!dir)
		fail_msg("NTMKIOSK_PEERS must name the shared peers folder");
	return xasprintf("%s/moodle-gift/%s", dir, name);
}

static bool has_note(const struct qimport_report *rep, const char *s)
{
	for (size_t i = 0; i < rep->nnotes; i++)
		if (strstr(rep->notes[i], s))
			return true;
	return false;
}

/* Moodle's own fixtures: GIFT named .txt, a $CATEGORY, two questions of one
 * name, and the kiosk's [article:] naming an article it lacks. */
static void test_moodle_banks(void **state)
{
	struct fx *f = *state;
	struct qimport_report rep = {0};
	char *err = NULL;
	/* GIFT in a .txt is read as GIFT; with no topic anywhere, an error that
	 * says how to give one, and nothing lands. */
	char *gift = peer_path("questions.gift.txt");
	const char *one[] = {gift};
	assert_int_equal(questions_import(f->db, one, 1, &rep, &err), NK_EINVAL);
	assert_non_null(strstr(err, "questions.gift.txt:14: question 'Q2' has no topic"));
	assert_non_null(strstr(err, "--topic"));
	qimport_report_clear(&rep);
	free(err);
	err = NULL;
	struct qimport_opts o = {.topic = "ntm"};
	if (questions_import_opts(f->db, one, 1, &o, &rep, &err))
		fail_msg("%s", err);
	/* Q2, colours, Q1 and the two "2-08 TSL" (the second named apart); the
	 * essay, matching, numerical and short-answer ones are kept out. */
	assert_int_equal(rep.questions, 5);
	assert_true(has_note(&rep, "questions.gift.txt:49: the name '2-08 TSL' is used twice "
				   "(line 46): this question is '2-08 TSL-2'"));
	qimport_report_clear(&rep);
	assert_int_equal(count(f->db, "SELECT count(*) FROM questions WHERE id IN ('Q2', "
				      "'colours', 'Q1', '2-08 TSL', '2-08 TSL-2') AND topic = 'ntm'"),
			 5);
	/* Again: the same names, updated in place. */
	assert_int_equal(questions_import_opts(f->db, one, 1, &o, &rep, &err), 0);
	qimport_report_clear(&rep);
	assert_int_equal(count(f->db, "SELECT count(*) FROM questions WHERE topic = 'ntm' AND "
				      "id LIKE '2-08 TSL%'"),
			 2);

	/* The category names no topic here: refused unless asked to make it. */
	char *cat = peer_path("questions_in_category.gift.txt");
	const char *two[] = {cat};
	assert_int_equal(questions_import(f->db, two, 1, &rep, &err), NK_EINVAL);
	assert_non_null(strstr(err, "its category 'Default for New Features' names none here"));
	qimport_report_clear(&rep);
	free(err);
	err = NULL;
	struct qimport_opts mk = {.create_topics = true};
	if (questions_import_opts(f->db, two, 1, &mk, &rep, &err))
		fail_msg("%s", err);
	assert_int_equal(rep.questions, 2);
	assert_int_equal(rep.topics, 1);
	qimport_report_clear(&rep);
	assert_int_equal(count(f->db, "SELECT count(*) FROM questions q JOIN topic_titles t ON "
				      "t.topic_id = q.topic AND t.lang = 'vi' WHERE q.id IN "
				      "('Greeting', 'Moodle acronym') AND q.topic = "
				      "'default-for-new-features' AND t.title = 'Default for New "
				      "Features'"),
			 2);
	/* A category that is a topic's title, however written, is that topic;
	 * an article the kiosk lacks leaves the question without "read more". */
	char *p = write_bank(f->dir, "moodle", "export.txt",
			     "$CATEGORY: $course$/top/ocop – mỗi xã một sản phẩm\n\n"
			     "// [article:khong-co]\n::m-1::Câu?{\n=A\n~B\n}\n");
	const char *three[] = {p};
	if (questions_import(f->db, three, 1, &rep, &err))
		fail_msg("%s", err);
	assert_true(has_note(&rep, "export.txt:4: article 'khong-co' is not on this kiosk"));
	qimport_report_clear(&rep);
	assert_int_equal(count(f->db, "SELECT count(*) FROM questions WHERE id = 'm-1' AND "
				      "topic = 'ocop' AND article IS NULL"),
			 1);
	/* --topic names a topic that does not exist: an error, or made. */
	struct qimport_opts bad = {.topic = "hoi-thi"};
	assert_int_equal(questions_import_opts(f->db, three, 1, &bad, &rep, &err), NK_EINVAL);
	assert_non_null(strstr(err, "--topic hoi-thi: no such topic"));
	qimport_report_clear(&rep);
	free(err);
	err = NULL;
	bad.create_topics = true;
	assert_int_equal(questions_import_opts(f->db, three, 1, &bad, &rep, &err), 0);
	qimport_report_clear(&rep);
	assert_int_equal(count(f->db, "SELECT count(*) FROM questions WHERE id = 'm-1' AND "
				      "topic = 'hoi-thi'"),
			 1);
	/* Aiken named .txt stays Aiken. */
	char *aik = peer_path("questions.aiken.txt");
	const char *four[] = {aik};
	o.topic = "ocop";
	assert_int_equal(questions_import_opts(f->db, four, 1, &o, &rep, &err), 0);
	assert_int_equal(rep.questions, 2);
	qimport_report_clear(&rep);
	free(aik);
	free(p);
	free(cat);
	free(gift);
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
		cmocka_unit_test_setup_teardown(test_export_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moodle_banks, setup, teardown),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free_languages();
	return r;
}
