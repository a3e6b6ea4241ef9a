/*
 * The hostile corpus: files made to break the kiosk. Each must give a clear
 * file:line error or a harmless screen: never a crash, never a partial
 * import, never an escape sequence, C1 control or bidi override in a cell.
 * The big ones (a 10 MB line, 10,000 nested lists, 100,000 questions) are
 * generated here rather than committed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "content/articles.h"
#include "content/topics.h"
#include "core/db.h"
#define NK_TESTS_WITH_UI
#include "helpers.h"
#include "tui/ui_impl.h"
#include "quizzes/qstore.h"

#include "content/search.h"
#include "records/attempts.h"
#include "records/import_folder.h"

#include <sys/stat.h>
#include <unistd.h>

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
	char *topics = xasprintf("%s/content/topics.tsv", getenv("NTMKIOSK_DATADIR"));
	if (topics_import(f->db, topics, &err))
		fail_msg("%s", err);
	free(topics);
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

static char *article(const char *slug, const char *title, const char *body)
{
	return xasprintf("---\nslug: %s\ntopic: ntm\ntitle: %s\norder: 1\nstatus: reviewed\n"
			 "source: hostile\nperiod: 2026\nupdated: 2026-11-22\n---\n\n%s",
			 slug, title, body);
}

static char *put(struct fx *f, const char *set, const char *slug, const char *text, size_t n)
{
	char *root = xasprintf("%s/%s", f->dir, set);
	mkdir(root, 0700);
	char *d = xasprintf("%s/%s", root, slug);
	mkdir(d, 0700);
	char *p = xasprintf("%s/vi.md", d);
	FILE *fp = fopen(p, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, n, fp), n);
	fclose(fp);
	free(p);
	free(d);
	return root;
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

/* Nothing a terminal would act on: no ESC, no C1, no bidi override. */
static void assert_harmless(const char *dump)
{
	for (const unsigned char *p = (const unsigned char *)dump; *p; p++) {
		assert_true(*p == '\n' || *p >= 0x20);
		assert_int_not_equal(*p, 0x7f);
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			fail_msg("a C1 control reached the screen");
		if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xae || p[2] == 0xad || p[2] == 0x8b))
			fail_msg("a bidi or zero-width control reached the screen");
		if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
			fail_msg("a bidi isolate reached the screen");
	}
}

static void read_in_kiosk(struct fx *f, const char *slug_search)
{
	struct ui_opts o = {.db = f->db, .start_lang = "vi"};
	struct ui *ui = ui_new(&o);
	free(test_render(ui, 80, 24));
	ui_handle(ui, (struct action){ACT_CHAR, '/', 0, 0});
	for (const char *p = slug_search; *p; p++)
		ui_handle(ui, (struct action){ACT_CHAR, (unsigned char)*p, 0, 0});
	char *d = test_render(ui, 80, 24);
	assert_harmless(d);
	free(d);
	ui_handle(ui, (struct action){ACT_SELECT, 0, 0, 0});
	for (int i = 0; i < 30; i++) {
		d = test_render(ui, 80, 24);
		assert_harmless(d);
		free(d);
		ui_handle(ui, (struct action){ACT_PGDN, 0, 0, 0});
	}
	ui_handle(ui, (struct action){ACT_END, 0, 0, 0});
	d = test_render(ui, 40, 12);
	assert_harmless(d);
	free(d);
	ui_free(&ui);
}

static void test_escapes_are_harmless(void **state)
{
	struct fx *f = *state;
	const char *nasty = "Tiêu \x1b]0;owned\x07đề \x1b[2J\x1b[H\xe2\x80\xae\xc2\x9b" "31m"
			    "\x1bP1$q\x1b\\\xe2\x80\x8b\xe2\x81\xa6x";
	char *body = xasprintf("## %s\n\nĐoạn \x1b]52;c;ZXZpbA==\x07 văn \xc2\x85 bản %s.\n\n"
			       "- mục \xe2\x80\xad một\n",
			       nasty, nasty);
	char *t = article("doc-hai", nasty, body);
	char *root = put(f, "esc", "doc-hai", t, strlen(t));
	struct content_report rep = {0};
	char *err = NULL;
	assert_int_equal(content_import(f->db, root, &rep, &err), 0);
	content_report_clear(&rep);
	read_in_kiosk(f, "tieu de");
	free(t);
	free(body);
	free(root);
}

static void expect_refused(struct fx *f, const char *set, const char *text, size_t n,
			   const char *msg)
{
	char *root = put(f, set, "bad", text, n);
	int before = count(f->db, "SELECT count(*) FROM articles");
	struct content_report rep = {0};
	char *err = NULL;
	assert_int_not_equal(content_import(f->db, root, &rep, &err), 0);
	assert_non_null(err);
	if (!strstr(err, msg))
		fail_msg("want '%s' in '%s'", msg, err);
	assert_int_equal(count(f->db, "SELECT count(*) FROM articles"), before);
	content_report_clear(&rep);
	free(err);
	free(root);
}

static void test_bad_bytes_refused(void **state)
{
	struct fx *f = *state;
	char *t = article("bad", "Tiêu đề", "Một\n\nHai \xff\xfe ba\n");
	expect_refused(f, "u1", t, strlen(t), "/bad/vi.md:14: invalid UTF-8");
	free(t);
	t = article("bad", "Tiêu đề", "Một\n\nHai ba\n");
	size_t n = strlen(t);
	t[n - 3] = '\0'; /* a NUL byte inside */
	expect_refused(f, "u2", t, n, "/bad/vi.md:14: NUL byte");
	free(t);
	/* Overlong and surrogate encodings are invalid too. */
	t = article("bad", "\xc0\xaf", "x\n");
	expect_refused(f, "u3", t, strlen(t), "/bad/vi.md:4: invalid UTF-8");
	free(t);
	t = article("bad", "\xed\xa0\x80", "x\n");
	expect_refused(f, "u4", t, strlen(t), "invalid UTF-8");
	free(t);
}

static void test_huge_inputs(void **state)
{
	struct fx *f = *state;
	/* A 10 MB single line in the slow suite, 1 MB in the normal one. */
	size_t big = (getenv("NTMKIOSK_SLOW") ? 10 : 1) * 1024 * 1024;
	char *line = xmalloc(big + 1);
	const char *word = "tập huấn bản ";
	size_t wl = strlen(word), o = 0;
	while (o + wl < big) {
		memcpy(line + o, word, wl);
		o += wl;
	}
	line[o] = '\0';
	char *t = article("dong-dai", "Dòng dài", line);
	char *root = put(f, "big", "dong-dai", t, strlen(t));
	/* 10,000 nested list levels. */
	size_t cap = 0, len = 0;
	char *nest = NULL;
	for (int i = 0; i < 10000; i++) {
		xgrow((void **)&nest, &cap, len + 2 * 10000 + 16, 1);
		for (int k = 0; k < (i < 2000 ? i * 2 : 4000); k++)
			nest[len++] = ' ';
		memcpy(nest + len, "- lồng\n", 8);
		len += 8 - 1;
	}
	nest[len] = '\0';
	char *t2 = article("long-nhau", "Lồng nhau", nest);
	free(put(f, "big", "long-nhau", t2, strlen(t2)));
	struct content_report rep = {0};
	char *err = NULL;
	if (db_meta_set(f->db, CONTENT_MAX_KEY, "64", &err) != 0 ||
	    content_import(f->db, root, &rep, &err) != 0)
		fail_msg("%s", err);
	content_report_clear(&rep);
	read_in_kiosk(f, "dong dai");
	read_in_kiosk(f, "long nhau");
	free(t);
	free(t2);
	free(line);
	free(nest);
	free(root);
}

static void test_hundred_thousand_questions(void **state)
{
	struct fx *f = *state;
	char *d = xasprintf("%s/banks", f->dir);
	mkdir(d, 0700);
	char *vi = xasprintf("%s/vi", d);
	mkdir(vi, 0700);
	char *path = xasprintf("%s/ocop.gift", vi);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	for (int i = 0; i < 100000; i++)
		fprintf(fp, "::q-%06d::Câu hỏi số %d?{\n=Đúng\n~Sai\n####Vì vậy.\n}\n\n", i, i);
	fputs("::q-broken::Câu cuối?{\n=Đúng\n~Sai\n", fp); /* never closed */
	fclose(fp);
	const char *paths[] = {path};
	struct qimport_report rep = {0};
	char *err = NULL;
	assert_int_equal(questions_import(f->db, paths, 1, &rep, &err), NK_EINVAL);
	assert_non_null(strstr(err, "ocop.gift:600001"));
	/* Not one of the 100,000 good ones went in. */
	assert_int_equal(count(f->db, "SELECT count(*) FROM questions"), 0);
	qimport_report_clear(&rep);
	free(err);
	free(path);
	free(vi);
	free(d);
}

/* One sentence of one word, over and over: cutting its snippet was quadratic
 * in the matches (a 50 MB article took more than 11 minutes). The work is
 * counted: a few steps per match, not one per pair of matches. The slow
 * suite runs 10 MB, the normal one 1 MB. */
static void test_search_long_sentence(void **state)
{
	struct fx *f = *state;
	size_t big = (getenv("NTMKIOSK_SLOW") ? 10 : 1) * 1024 * 1024;
	const char *word = "đoạn ";
	size_t wl = strlen(word), o = 0;
	char *body = xmalloc(big + 1);
	while (o + wl < big) {
		memcpy(body + o, word, wl);
		o += wl;
	}
	body[o] = '\0';
	char *t = article("doan", "Một câu dài", body);
	char *root = put(f, "sentence", "doan", t, strlen(t));
	struct content_report rep = {0};
	char *err = NULL;
	if (db_meta_set(f->db, CONTENT_MAX_KEY, "16", &err) != 0 ||
	    content_import(f->db, root, &rep, &err) != 0)
		fail_msg("%s", err);
	content_report_clear(&rep);
	struct search_hit *hits = NULL;
	size_t n = 0;
	unsigned long long steps = search_snippet_steps;
	if (content_search(f->db, "đoạn", "vi", 5, &hits, &n, &err) != 0)
		fail_msg("%s", err);
	steps = search_snippet_steps - steps;
	unsigned long long matches = o / wl;
	if (steps == 0 || steps > 40 * matches)
		fail_msg("%llu steps for %llu matches", steps, matches);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].slug, "doan");
	assert_non_null(strstr(hits[0].snippet, SEARCH_MARK_ON "đoạn" SEARCH_MARK_OFF));
	search_free(&hits, n);
	free(t);
	free(body);
	free(root);
}

/* A 50,000-line article: the first screen is painted after laying out only
 * what it shows; End, Home, paging and a resize at the end still work. */
static void test_long_article(void **state)
{
	struct fx *f = *state;
	size_t cap = 0, len = 0;
	char *body = NULL;
	for (int i = 0; i < 50000; i++) {
		xgrow((void **)&body, &cap, len + 128, 1);
		len += (size_t)sprintf(body + len, "Dòng %05d của bài dài.\n\n", i);
	}
	char *t = article("bai-dai", "Bài dài", body);
	char *root = put(f, "long", "bai-dai", t, strlen(t));
	struct content_report rep = {0};
	char *err = NULL;
	if (db_meta_set(f->db, CONTENT_MAX_KEY, "8", &err) != 0 ||
	    content_import(f->db, root, &rep, &err) != 0)
		fail_msg("%s", err);
	content_report_clear(&rep);
	struct ui_opts o = {.db = f->db, .start_lang = "vi"};
	struct ui *ui = ui_new(&o);
	free(test_render(ui, 80, 24));
	unsigned long long before = reader_blocks_laid;
	reader_open(ui, "bai-dai");
	char *d = test_render(ui, 80, 24);
	unsigned long long laid = reader_blocks_laid - before;
	if (laid == 0 || laid > 24)
		fail_msg("%llu blocks laid out for the first screen", laid);
	assert_non_null(strstr(d, "Bài dài"));
	assert_non_null(strstr(d, "Dòng 00000 của bài dài."));
	assert_non_null(strstr(d, "▼"));
	free(d);
	ui_handle(ui, (struct action){ACT_PGDN, 0, 0, 0});
	ui_handle(ui, (struct action){ACT_PGDN, 0, 0, 0});
	d = test_render(ui, 80, 24);
	assert_null(strstr(d, "Dòng 00000 "));
	assert_non_null(strstr(d, "Dòng 00020 "));
	free(d);
	ui_handle(ui, (struct action){ACT_END, 0, 0, 0});
	d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "Dòng 49999 của bài dài."));
	assert_null(strstr(d, "▼"));
	free(d);
	/* A resize at the end keeps the end in view. */
	d = test_render(ui, 40, 12);
	assert_non_null(strstr(d, "Dòng 49999 của bài dài."));
	free(d);
	ui_handle(ui, (struct action){ACT_HOME, 0, 0, 0});
	d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "Dòng 00000 của bài dài."));
	free(d);
	ui_free(&ui);
	free(t);
	free(root);

	/* The same 50,000 lines as one paragraph: laid out in pieces too, and a
	 * resize keeps the line at the top in view. */
	for (char *p = body; *p; p++)
		if (p[0] == '\n' && p[1] == '\n')
			p[0] = ' ';
	t = article("mot-doan", "Một đoạn", body);
	root = put(f, "para", "mot-doan", t, strlen(t));
	if (content_import(f->db, root, &rep, &err) != 0)
		fail_msg("%s", err);
	content_report_clear(&rep);
	ui = ui_new(&o);
	free(test_render(ui, 80, 24));
	before = reader_blocks_laid;
	reader_open(ui, "mot-doan");
	d = test_render(ui, 80, 24);
	laid = reader_blocks_laid - before;
	if (laid == 0 || laid > 3)
		fail_msg("%llu pieces laid out for the first screen", laid);
	assert_non_null(strstr(d, "Dòng 00000 của bài dài."));
	free(d);
	for (int i = 0; i < 100; i++)
		ui_handle(ui, (struct action){ACT_PGDN, 0, 0, 0});
	d = test_render(ui, 80, 24);
	const char *top = strstr(d, "Dòng ");
	assert_non_null(top);
	char first[12];
	memcpy(first, top, 11); /* "Dòng 01234" */
	first[11] = '\0';
	free(d);
	d = test_render(ui, 40, 12);
	if (!strstr(d, first))
		fail_msg("'%s' left the screen on a resize:\n%s", first, d);
	free(d);
	ui_handle(ui, (struct action){ACT_END, 0, 0, 0});
	d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "Dòng 49999 của bài dài."));
	free(d);
	ui_free(&ui);
	free(t);
	free(body);
	free(root);
}

static void want_error(const char *const *errors, size_t n, const char *a, const char *b)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(errors[i], a) && strstr(errors[i], b))
			return;
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "  %s\n", errors[i]);
	fail_msg("no error naming '%s' with '%s'", a, b);
}

/* A USB stick made to hurt: a text that is a link to /dev/zero, a pipe that
 * nobody writes (reading it would block forever), an article folder that is
 * a link to a folder outside, a text over the limit. Nothing of it is read:
 * every one is an error with its path, the good article beside them is not
 * imported either, and nothing blocks. */
static void test_hostile_folder(void **state)
{
	struct fx *f = *state;
	char *t = article("tot", "Tốt", "Một bài tốt.\n");
	char *root = put(f, "usb", "tot", t, strlen(t));
	free(t);
	char *p;
	mkdir((p = xasprintf("%s/zero", root)), 0700);
	free(p);
	assert_int_equal(symlink("/dev/zero", (p = xasprintf("%s/zero/vi.md", root))), 0);
	free(p);
	mkdir((p = xasprintf("%s/pipe", root)), 0700);
	free(p);
	assert_int_equal(mkfifo((p = xasprintf("%s/pipe/vi.md", root)), 0600), 0);
	free(p);
	t = article("ngoai", "Ngoài", "Bên ngoài.\n");
	free(put(f, "outside", "ngoai", t, strlen(t)));
	free(t);
	char *out = xasprintf("%s/outside/ngoai", f->dir);
	assert_int_equal(symlink(out, (p = xasprintf("%s/ngoai", root))), 0);
	free(p);
	free(out);
	/* 3 MB of text: over the 2 MB default. */
	size_t big = 3 * 1024 * 1024;
	char *body = xmalloc(big + 1);
	for (size_t i = 0; i < big; i++)
		body[i] = i % 64 == 63 ? '\n' : 'a';
	body[big] = '\0';
	t = article("lon", "Lớn", body);
	free(put(f, "usb", "lon", t, strlen(t)));
	free(body);

	struct content_report rep = {0};
	char *err = NULL;
	assert_int_equal(content_import(f->db, root, &rep, &err), NK_EINVAL);
	const char *const *e = (const char *const *)rep.errors;
	want_error(e, rep.nerrors, "/zero/vi.md", "a symbolic link");
	want_error(e, rep.nerrors, "/pipe/vi.md", "a named pipe");
	want_error(e, rep.nerrors, "/ngoai", "a symbolic link");
	want_error(e, rep.nerrors, "/lon/vi.md", "too large (3.0 MB, the limit is 2 MB)");
	assert_int_equal(count(f->db, "SELECT count(*) FROM articles"), 0);
	content_report_clear(&rep);
	free(err);
	err = NULL;
	/* check-content reads the same way. */
	const char *topics[] = {"ntm"};
	assert_int_equal(content_check(root, topics, 1, NULL, &rep, &err), NK_EINVAL);
	want_error((const char *const *)rep.errors, rep.nerrors, "/pipe/vi.md", "a named pipe");
	content_report_clear(&rep);
	free(err);
	err = NULL;

	/* The limit is a setting. */
	assert_int_equal(db_meta_set(f->db, CONTENT_MAX_KEY, "4", &err), 0);
	char *only = xasprintf("%s/only-big", f->dir);
	mkdir(only, 0700);
	p = xasprintf("%s/usb/lon", f->dir);
	char *q = xasprintf("%s/lon", only);
	assert_int_equal(rename(p, q), 0);
	free(p);
	free(q);
	if (content_import(f->db, only, &rep, &err) != 0)
		fail_msg("%s", err);
	assert_int_equal(count(f->db, "SELECT count(*) FROM articles"), 1);
	content_report_clear(&rep);
	free(only);

	/* Banks and village lists: the same refusals. */
	char *bk = xasprintf("%s/banks-vi", f->dir);
	mkdir(bk, 0700);
	char *zero = xasprintf("%s/zero.gift", bk), *fifo = xasprintf("%s/pipe.gift", bk);
	assert_int_equal(symlink("/dev/zero", zero), 0);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	const char *paths[] = {zero, fifo};
	struct qimport_report qrep = {0};
	assert_int_equal(questions_import(f->db, paths, 2, &qrep, &err), NK_EINVAL);
	want_error((const char *const *)qrep.errors, qrep.nerrors, "zero.gift", "a symbolic link");
	want_error((const char *const *)qrep.errors, qrep.nerrors, "pipe.gift", "a named pipe");
	qimport_report_clear(&qrep);
	size_t added = 0;
	assert_int_equal(villages_import_csv(f->db, fifo, &added, &err), NK_EINVAL);
	assert_non_null(strstr(err, "a named pipe"));
	char *dev = xasprintf("%s/dev.csv", bk);
	assert_int_equal(symlink("/dev/zero", dev), 0);
	assert_int_equal(villages_import_csv(f->db, dev, &added, &err), NK_EINVAL);
	assert_non_null(strstr(err, "a symbolic link"));
	free(err);
	err = NULL;
	/* The officer's folder import: a language folder that is a link to a
	 * folder outside is refused, and nothing is imported. */
	char *usb = xasprintf("%s/usb2", f->dir), *banks = xasprintf("%s/usb2/banks", f->dir);
	mkdir(usb, 0700);
	mkdir(banks, 0700);
	free(test_write(bk, "ocop.gift", "::l-1::Câu?{\n=A\n~B\n}\n"));
	char *link = xasprintf("%s/vi", banks);
	assert_int_equal(symlink(bk, link), 0);
	struct import_folder_report irep = {0};
	assert_int_equal(import_folder_run(f->db, usb, &irep, &err), NK_EINVAL);
	assert_non_null(strstr(err, "/usb2/banks/vi: a symbolic link"));
	assert_int_equal(count(f->db, "SELECT count(*) FROM questions"), 0);
	import_folder_clear(&irep);
	free(err);
	free(link);
	free(banks);
	free(usb);
	free(dev);
	free(zero);
	free(fifo);
	free(bk);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_escapes_are_harmless, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_bytes_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_huge_inputs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hundred_thousand_questions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_long_sentence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_article, setup, teardown),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free_languages();
	return r;
}
