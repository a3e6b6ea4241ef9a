/*
 * Tests for officer mode and "Questions and answers" in the kiosk, driven
 * with abstract actions: F10 and the first PIN, a wrong PIN and the lock,
 * the dashboard's figures, answering and publishing a citizen's question
 * that a visitor asked (typed with Telex, without contact), export and
 * backup to a folder, settings, and leaving kiosk mode.
 */
#define _GNU_SOURCE /* unshare */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "content/articles.h"
#include "content/topics.h"
#include "core/backup.h"
#include "core/db.h"
#define NK_TESTS_WITH_UI
#include "helpers.h"
#include "records/cq.h"
#include "records/officer.h"
#include "records/attempts.h"
#include "records/visits.h"

#include <dirent.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <time.h>

static struct action act(enum act k, int n)
{
	return (struct action){k, n, 0, 0};
}

struct fx {
	char *dir;
	struct db *db;
	int64_t now;
	struct clock clk;
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
	char *arts = xasprintf("%s/tests/data/articles", root);
	struct content_report rep = {0};
	if (topics_import(f->db, topics, &err) || content_import(f->db, arts, &rep, &err))
		fail_msg("%s", err);
	content_report_clear(&rep);
	free(topics);
	free(arts);
	f->now = INT64_C(1795342500000);
	f->clk = (struct clock){clock_manual_read, &f->now};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	db_close(&f->db);
	test_rmdir(f->dir);
	free(f);
	i18n_set_lang("vi", NULL);
	return 0;
}

static bool shows(struct ui *ui, const char *text)
{
	char *d = test_render(ui, 80, 24);
	bool found = strstr(d, text) != NULL;
	if (!found)
		fprintf(stderr, "--- screen, looking for '%s'\n%s", text, d);
	free(d);
	return found;
}

static bool shows_quietly(struct ui *ui, const char *text)
{
	char *d = test_render(ui, 80, 24);
	bool found = strstr(d, text) != NULL;
	free(d);
	return found;
}

static void type(struct ui *ui, const char *s)
{
	for (; *s; s++)
		ui_handle(ui, act(ACT_CHAR, (unsigned char)*s));
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

static struct ui *start(struct fx *f)
{
	struct ui_opts o = {.db = f->db, .clk = &f->clk, .start_lang = "vi"};
	struct ui *ui = ui_new(&o);
	free(test_render(ui, 80, 24));
	return ui;
}

static void test_ask_and_answer(void **state)
{
	struct fx *f = *state;
	struct ui *ui = start(f);
	/* A visitor asks, typing with Telex, and declines to leave a contact. */
	ui_handle(ui, act(ACT_CHOICE, 3));
	assert_string_equal(ui_screen_name(ui), "qa");
	ui_handle(ui, act(ACT_CHOICE, 1));
	assert_string_equal(ui_screen_name(ui), "ask");
	type(ui, "Khi naof cos lowps taapj huaans?");
	assert_true(shows(ui, "Khi nào có lớp tập huấn?"));
	ui_handle(ui, act(ACT_SELECT, 0)); /* to Send */
	ui_handle(ui, act(ACT_SELECT, 0)); /* Send */
	assert_string_equal(ui_screen_name(ui), "ask-consent");
	assert_int_equal(ui_selected(ui), -1);
	ui_handle(ui, act(ACT_CHOICE, 2));
	assert_true(shows(ui, "Cảm ơn"));
	assert_int_equal(count(f->db, "SELECT count(*) FROM citizen_questions WHERE question = "
				      "'Khi nào có lớp tập huấn?' AND name IS NULL AND contact IS NULL"),
			 1);
	ui_handle(ui, act(ACT_SELECT, 0));
	ui_handle(ui, act(ACT_BACK, 0));
	assert_string_equal(ui_screen_name(ui), "menu");

	/* F10: no PIN yet, so the officer sets one. */
	ui_handle(ui, act(ACT_OFFICER, 0));
	assert_string_equal(ui_screen_name(ui), "pin");
	assert_true(shows(ui, "Hãy đặt mã PIN ngay bây giờ."));
	type(ui, "2468");
	ui_handle(ui, act(ACT_SELECT, 0));
	type(ui, "2468");
	char *d = test_render(ui, 80, 24);
	assert_null(strstr(d, "2468")); /* never shown */
	free(d);
	ui_handle(ui, act(ACT_SELECT, 0));
	assert_string_equal(ui_screen_name(ui), "officer");
	assert_true(pin_is_set(f->db));

	/* The inbox: answer and publish. */
	ui_handle(ui, act(ACT_CHOICE, 2));
	assert_string_equal(ui_screen_name(ui), "inbox");
	ui_handle(ui, act(ACT_CHOICE, 1));
	assert_string_equal(ui_screen_name(ui), "reply");
	type(ui, "Thangs 12, taij nhaf vawn hoas.");
	ui_handle(ui, act(ACT_CHOICE, 3)); /* save and publish */
	assert_string_equal(ui_screen_name(ui), "inbox");
	assert_int_equal(count(f->db, "SELECT count(*) FROM citizen_questions WHERE answer = "
				      "'Tháng 12, tại nhà văn hoá.' AND published = 1"),
			 1);
	ui_handle(ui, act(ACT_BACK, 0));
	ui_handle(ui, act(ACT_BACK, 0));
	/* Visitors now read the answer. */
	ui_handle(ui, act(ACT_CHOICE, 3));
	ui_handle(ui, act(ACT_CHOICE, 2));
	assert_string_equal(ui_screen_name(ui), "answers");
	assert_true(shows(ui, "Tháng 12, tại nhà văn hoá."));
	ui_free(&ui);
}

static void test_pin_lock_and_menu(void **state)
{
	struct fx *f = *state;
	assert_int_equal(pin_set(f->db, &f->clk, "1357", NULL), 0);
	visits_start(f->db, &f->clk, "vi", NULL, NULL);
	struct ui *ui = start(f); /* a second visit */
	ui_handle(ui, act(ACT_OFFICER, 0));
	for (int i = 0; i < 4; i++) {
		type(ui, "0000");
		ui_handle(ui, act(ACT_SELECT, 0));
	}
	assert_true(shows(ui, "PIN"));
	type(ui, "0000");
	ui_handle(ui, act(ACT_SELECT, 0));
	assert_true(shows(ui, "30"));
	/* Locked: the right PIN does not open it now... */
	type(ui, "1357");
	ui_handle(ui, act(ACT_SELECT, 0));
	assert_string_equal(ui_screen_name(ui), "pin");
	/* ...but does after the delay. */
	f->now += 31000;
	type(ui, "1357");
	ui_handle(ui, act(ACT_SELECT, 0));
	assert_string_equal(ui_screen_name(ui), "officer");

	/* The dashboard counts today's visits. */
	ui_handle(ui, act(ACT_CHOICE, 1));
	assert_string_equal(ui_screen_name(ui), "dashboard");
	char *d = test_render(ui, 80, 24);
	assert_non_null(strstr(d, "Lượt truy cập"));
	free(d);
	assert_int_equal(count(f->db, "SELECT count(*) FROM visits"), 2);
	ui_handle(ui, act(ACT_RIGHT, 0));
	free(test_render(ui, 80, 24));
	free(test_render(ui, 40, 12));
	ui_handle(ui, act(ACT_BACK, 0));

	/* Backup and export into a folder. */
	char *out = xasprintf("%s/usb", f->dir);
	mkdir(out, 0700);
	ui_handle(ui, act(ACT_CHOICE, 7));
	assert_string_equal(ui_screen_name(ui), "folder");
	for (int i = 0; i < 20; i++)
		ui_handle(ui, act(ACT_ERASE, 0));
	type(ui, out);
	ui_handle(ui, act(ACT_SELECT, 0));
	char *bak = xasprintf("%s/ntmkiosk-%.8s-2026-11-22.db", out, db_kiosk_id(f->db));
	struct stat st;
	assert_int_equal(stat(bak, &st), 0);
	free(bak);
	ui_handle(ui, act(ACT_BACK, 0));
	ui_handle(ui, act(ACT_CHOICE, 3));
	for (int i = 0; i < 20; i++)
		ui_handle(ui, act(ACT_ERASE, 0));
	type(ui, out);
	ui_handle(ui, act(ACT_SELECT, 0));
	char *x = xasprintf("%s/participants-2026-11-22.xlsx", out);
	assert_int_equal(stat(x, &st), 0);
	free(x);
	x = xasprintf("%s/report-2026-H2.xlsx", out);
	assert_int_equal(stat(x, &st), 0);
	free(x);
	ui_handle(ui, act(ACT_BACK, 0));

	/* Import from a folder: good articles beside a broken bank import
	 * nothing, as on the command line (one transaction). */
	char *ad = xasprintf("%s/articles", out), *sd = xasprintf("%s/articles/bai-moi", out);
	char *bd = xasprintf("%s/banks", out), *bv = xasprintf("%s/banks/vi", out);
	mkdir(ad, 0700);
	mkdir(sd, 0700);
	mkdir(bd, 0700);
	mkdir(bv, 0700);
	free(test_write(sd, "vi.md",
			"---\nslug: bai-moi\ntopic: ntm\ntitle: Bài mới\norder: 9\n"
			"status: reviewed\nsource: x\nperiod: 2026\nupdated: 2026-11-22\n---\n\n"
			"Nội dung.\n"));
	free(test_write(bv, "ocop.gift", "::moi-1::Câu?{\n=A\n~B\n"));
	int arts_before = count(f->db, "SELECT count(*) FROM articles");
	ui_handle(ui, act(ACT_CHOICE, 4));
	assert_string_equal(ui_screen_name(ui), "folder");
	for (int i = 0; i < 20; i++)
		ui_handle(ui, act(ACT_ERASE, 0));
	type(ui, out);
	ui_handle(ui, act(ACT_SELECT, 0));
	d = test_render(ui, 200, 60);
	if (!strstr(d, "banks/vi/ocop.gift:1:"))
		fail_msg("no bank error on the screen:\n%s", d);
	free(d);
	assert_int_equal(count(f->db, "SELECT count(*) FROM articles"), arts_before);
	assert_int_equal(count(f->db, "SELECT count(*) FROM articles WHERE slug = 'bai-moi'"), 0);
	ui_handle(ui, act(ACT_BACK, 0));
	/* Mended, the same folder imports both. */
	free(test_write(bv, "ocop.gift", "// [article:bai-moi]\n::moi-1::Câu?{\n=A\n~B\n}\n"));
	ui_handle(ui, act(ACT_CHOICE, 4));
	for (int i = 0; i < 20; i++)
		ui_handle(ui, act(ACT_ERASE, 0));
	type(ui, out);
	ui_handle(ui, act(ACT_SELECT, 0));
	assert_int_equal(count(f->db, "SELECT count(*) FROM articles WHERE slug = 'bai-moi'"), 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM questions WHERE id = 'moi-1' AND "
				      "article = 'bai-moi'"),
			 1);
	ui_handle(ui, act(ACT_BACK, 0));
	free(ad);
	free(sd);
	free(bd);
	free(bv);
	free(out);

	/* Settings: the commune's name goes into this kiosk's row too. */
	ui_handle(ui, act(ACT_CHOICE, 6));
	assert_string_equal(ui_screen_name(ui), "settings");
	ui_handle(ui, act(ACT_DOWN, 0));
	type(ui, "Taf Van");
	for (int i = 0; i < 20; i++)
		ui_handle(ui, act(ACT_DOWN, 0));
	ui_handle(ui, act(ACT_SELECT, 0));
	assert_int_equal(count(f->db, "SELECT count(*) FROM kiosks WHERE commune = 'Tà Van'"), 1);
	/* A village typed apart from one on the list is not added twice. */
	assert_int_equal(villages_add(f->db, "Phình Hồ", NULL), NK_OK);
	int listed = count(f->db, "SELECT count(*) FROM villages");
	ui_handle(ui, act(ACT_UP, 0));
	type(ui, "phinh  ho");
	ui_handle(ui, act(ACT_DOWN, 0));
	ui_handle(ui, act(ACT_SELECT, 0));
	assert_true(shows(ui, "đã có trong danh sách là “Phình Hồ”"));
	assert_int_equal(count(f->db, "SELECT count(*) FROM villages"), listed);
	ui_handle(ui, act(ACT_BACK, 0));
	/* A record that spells it apart: settings offer the merge (F4). */
	assert_int_equal(db_exec(f->db,
				 "INSERT INTO participants(uuid, kiosk_id, created_at, village, "
				 "consent_lang) VALUES ('pv', 'k', '2026-11-22T01:00:00Z', "
				 "'Phinh  Ho', 'vi')",
				 NULL),
			 NK_OK);
	ui_handle(ui, act(ACT_CHOICE, 6));
	assert_true(shows(ui, "Thôn/bản được gõ theo nhiều cách: 1 (F4 để gộp lại)."));
	assert_true(shows(ui, "F4 Gộp thôn/bản"));
	ui_handle(ui, act(ACT_SOURCE, 0));
	assert_true(shows(ui, "Đã gộp thôn/bản: 1 tên, 1 bản ghi được sửa."));
	assert_false(shows_quietly(ui, "F4 Gộp thôn/bản"));
	assert_int_equal(count(f->db, "SELECT count(*) FROM participants WHERE village = 'Phình Hồ'"),
			 1);
	ui_handle(ui, act(ACT_BACK, 0));
	/* Leaving kiosk mode asks first; staying is the first choice and Esc stays too. */
	assert_int_equal(ui_handle(ui, act(ACT_CHOICE, 9)) & UI_QUIT, 0);
	assert_string_equal(ui_screen_name(ui), "leave");
	assert_int_equal(ui_selected(ui), 0);
	assert_true(shows(ui, "Thoát chế độ kiosk?"));
	char *g = test_render(ui, 80, 24);
	test_golden("officer-leave-vi-80x24", g);
	free(g);
	free(test_render(ui, 40, 12));
	assert_int_equal(ui_handle(ui, act(ACT_SELECT, 0)) & UI_QUIT, 0);
	assert_string_equal(ui_screen_name(ui), "officer");
	ui_handle(ui, act(ACT_CHOICE, 9));
	assert_int_equal(ui_handle(ui, act(ACT_BACK, 0)) & UI_QUIT, 0);
	assert_string_equal(ui_screen_name(ui), "officer");
	/* ...and the second choice ends the program. */
	ui_handle(ui, act(ACT_CHOICE, 9));
	assert_int_equal(ui_handle(ui, act(ACT_CHOICE, 2)) & UI_QUIT, UI_QUIT);
	assert_int_equal(count(f->db, "SELECT count(*) FROM officer_log WHERE event = 'leave'"), 1);
	ui_free(&ui);
}

/* A visit in lang, at the "ask the commune" screen. */
static struct ui *open_ask(struct fx *f, const char *lang)
{
	struct ui_opts o = {.db = f->db, .clk = &f->clk, .start_lang = lang};
	struct ui *ui = ui_new(&o);
	ui_handle(ui, act(ACT_CHOICE, 3));
	ui_handle(ui, act(ACT_CHOICE, 1));
	assert_string_equal(ui_screen_name(ui), "ask");
	return ui;
}

/* The question field in Hmong starts with plain letters: RPA comes out as typed (the CHV
 * modifiers once made "neeg" "nêg"), and F3 still reaches the CHV mode. */
static void test_ask_in_hmong(void **state)
{
	struct fx *f = *state;
	struct ui *ui = open_ask(f, "hmn");
	type(ui, "Kuv yog neeg Hmoob, kuv xav kawm ");
	assert_true(shows(ui, "Kuv yog neeg Hmoob, kuv xav kawm"));
	assert_true(shows(ui, "F3: abc"));
	ui_handle(ui, act(ACT_FLIP, 0)); /* abc → Telex */
	ui_handle(ui, act(ACT_FLIP, 0)); /* → VNI */
	ui_handle(ui, act(ACT_FLIP, 0)); /* → Hmông */
	assert_true(shows(ui, "F3: Hmông"));
	type(ui, "Hmoong");
	assert_true(shows(ui, "kawm Hmông"));
	ui_free(&ui);
}

/* A long question keeps its end, where the typing is, in view: the field scrolls up (▲). A
 * long name scrolls sideways (…). */
static void test_ask_long_question(void **state)
{
	struct fx *f = *state;
	struct ui *ui = open_ask(f, "vi");
	for (int i = 0; i < 7; i++) /* about 400 letters of the 600 the field takes */
		type(ui, "Xin hoir veef ddaof taoj ngheef cho thanh nieen trong thoon. ");
	type(ui, "Heets");
	int sizes[][2] = {{40, 12}, {80, 24}};
	for (size_t k = 0; k < 2; k++) {
		char *d = test_render(ui, sizes[k][0], sizes[k][1]);
		assert_non_null(strstr(d, "Hết▏"));
		assert_non_null(strstr(d, "▲"));
		free(d);
	}
	ui_handle(ui, act(ACT_SELECT, 0));
	ui_handle(ui, act(ACT_SELECT, 0));
	ui_handle(ui, act(ACT_CHOICE, 1));
	type(ui, "Nguyeenx Thij Minh Khai Hoangf Vawn Thuj Traanf Hungw Ddaoj");
	char *d = test_render(ui, 40, 12);
	assert_non_null(strstr(d, "…"));
	assert_non_null(strstr(d, "Đạo▏"));
	free(d);
	ui_free(&ui);
}

/* The consent text of a question scrolls on a small window instead of being cut (Dao is the
 * longest). */
static void test_ask_consent_scrolls(void **state)
{
	struct fx *f = *state;
	struct ui *ui = open_ask(f, "ium");
	type(ui, "Naaic");
	ui_handle(ui, act(ACT_SELECT, 0));
	ui_handle(ui, act(ACT_SELECT, 0));
	assert_string_equal(ui_screen_name(ui), "ask-consent");
	char *d = test_render(ui, 40, 12);
	assert_non_null(strstr(d, "▼"));
	assert_null(strstr(d, "▲"));
	free(d);
	for (int i = 0; i < 10; i++)
		ui_handle(ui, act(ACT_DOWN, 0));
	d = test_render(ui, 40, 12);
	assert_non_null(strstr(d, "▲"));
	assert_null(strstr(d, "▼"));
	free(d);
	assert_int_equal(ui_selected(ui), -1); /* scrolling chose nothing */
	/* At 80x24 it fits: nothing to scroll. */
	d = test_render(ui, 80, 24);
	assert_null(strstr(d, "▼"));
	assert_null(strstr(d, "▲"));
	free(d);
	ui_free(&ui);
}

/* A phone left with a question must be a phone number: "12" is refused with a message and
 * nothing is sent; a real one is kept as its digits. */
static void test_ask_contact_phone(void **state)
{
	struct fx *f = *state;
	struct ui *ui = open_ask(f, "vi");
	type(ui, "Khi naof hojp?");
	ui_handle(ui, act(ACT_SELECT, 0));
	ui_handle(ui, act(ACT_SELECT, 0));
	ui_handle(ui, act(ACT_CHOICE, 1)); /* agree to leave a contact */
	assert_string_equal(ui_screen_name(ui), "ask-contact");
	type(ui, "Giangf A Sinh");
	ui_handle(ui, act(ACT_SELECT, 0));
	type(ui, "12");
	ui_handle(ui, act(ACT_SELECT, 0));
	ui_handle(ui, act(ACT_SELECT, 0)); /* Send */
	assert_string_equal(ui_screen_name(ui), "ask-contact");
	assert_true(shows(ui, "Số điện thoại chưa đúng"));
	assert_int_equal(count(f->db, "SELECT count(*) FROM citizen_questions"), 0);
	ui_handle(ui, act(ACT_ERASE, 0));
	ui_handle(ui, act(ACT_ERASE, 0));
	type(ui, "0988123456");
	ui_handle(ui, act(ACT_SELECT, 0));
	ui_handle(ui, act(ACT_SELECT, 0));
	assert_string_not_equal(ui_screen_name(ui), "ask-contact");
	assert_int_equal(count(f->db, "SELECT count(*) FROM citizen_questions WHERE name = "
				      "'Giàng A Sinh' AND contact = '0988123456'"),
			 1);
	ui_free(&ui);
}

/* An unattended kiosk (--kiosk) with no PIN: F10 does not let a visitor choose one. */
static void test_kiosk_without_pin(void **state)
{
	struct fx *f = *state;
	struct ui_opts o = {.db = f->db, .clk = &f->clk, .start_lang = "vi", .kiosk = true};
	struct ui *ui = ui_new(&o);
	ui_handle(ui, act(ACT_OFFICER, 0));
	assert_string_equal(ui_screen_name(ui), "nopin");
	assert_true(shows(ui, "ntmkiosk pin set"));
	char *g = test_render(ui, 80, 24);
	test_golden("officer-nopin-vi-80x24", g);
	free(g);
	free(test_render(ui, 40, 12));
	type(ui, "2468");
	ui_handle(ui, act(ACT_SELECT, 0));
	type(ui, "2468");
	ui_handle(ui, act(ACT_SELECT, 0));
	ui_handle(ui, act(ACT_OFFICER, 0));
	assert_string_equal(ui_screen_name(ui), "nopin");
	assert_false(pin_is_set(f->db));
	ui_handle(ui, act(ACT_BACK, 0));
	assert_string_equal(ui_screen_name(ui), "menu");
	/* Once the PIN is set on the machine, F10 asks for it. */
	assert_int_equal(pin_set(f->db, &f->clk, "2468", NULL), 0);
	ui_handle(ui, act(ACT_OFFICER, 0));
	assert_string_equal(ui_screen_name(ui), "pin");
	assert_false(shows(ui, "Hãy đặt mã PIN"));
	type(ui, "2468");
	ui_handle(ui, act(ACT_SELECT, 0));
	assert_string_equal(ui_screen_name(ui), "officer");
	ui_free(&ui);
}

/* The restore offer: nothing to choose without a copy of this kiosk; with
 * one, the kiosk's name (sanitized: an officer typed it), the copy's date
 * and its counts, and choosing Restore quits the ui to restore. */
static void test_restore_offer(void **state)
{
	struct fx *f = *state;
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	assert_int_equal(pin_set(f->db, &f->clk, "1357", NULL), 0);
	struct ui *ui = start(f);
	ui_handle(ui, act(ACT_OFFICER, 0));
	type(ui, "1357");
	ui_handle(ui, act(ACT_SELECT, 0));
	ui_handle(ui, act(ACT_CHOICE, 8));
	assert_string_equal(ui_screen_name(ui), "restore");
	assert_true(shows(ui, "Không có bản sao hằng ngày nào của máy này"));
	ui_handle(ui, act(ACT_CHOICE, 1)); /* nothing to choose */
	assert_false(ui_wants_restore(ui));
	ui_handle(ui, act(ACT_BACK, 0));

	char *sql = xasprintf("UPDATE kiosks SET name = 'Máy \x1b]0;x\x07Tả Van' WHERE kiosk_id = '%s'",
			      db_kiosk_id(f->db));
	assert_int_equal(db_exec(f->db, sql, NULL), 0);
	free(sql);
	bool made = false;
	assert_int_equal(backup_daily(f->db, &f->clk, BACKUP_KEEP, &made, NULL), 0);
	assert_true(made);
	ui_handle(ui, act(ACT_CHOICE, 8));
	char *want = xasprintf("Máy: Máy Tả Van (%.8s)", db_kiosk_id(f->db));
	assert_true(shows(ui, want));
	free(want);
	assert_true(shows(ui, "Bản sao ngày: 2026-11-22"));
	assert_true(shows(ui, "Trong đó: 1 lượt truy cập, 0 lượt làm trắc nghiệm, 0 người tham gia"));
	char *d = test_render(ui, 80, 24);
	assert_null(strchr(d, '\x1b'));
	free(d);
	/* At 40x12 both choices are still there. */
	d = test_render(ui, 40, 12);
	assert_non_null(strstr(d, "1  Khôi phục"));
	assert_non_null(strstr(d, "2  Hủy"));
	free(d);
	assert_int_equal(ui_handle(ui, act(ACT_CHOICE, 1)) & UI_QUIT, UI_QUIT);
	assert_true(ui_wants_restore(ui));
	ui_free(&ui);
}

/* No officer screen runs SQL while it draws: what it shows was read when
 * it opened or when the officer acted (sqlite3_trace_v2 sees every
 * statement that runs on the kiosk's connection). */
static int count_stmt(unsigned type, void *ctx, void *p, void *x)
{
	(void)type;
	(void)p;
	(void)x;
	(*(int *)ctx)++;
	return 0;
}

static void test_draws_read_nothing(void **state)
{
	struct fx *f = *state;
	assert_int_equal(pin_set(f->db, &f->clk, "1357", NULL), 0);
	char uuid[37];
	assert_int_equal(cq_ask(f->db, &f->clk, "vi", "Đường bao giờ làm?", NULL, NULL, uuid, NULL),
			 NK_OK);
	struct ui *ui = start(f);
	ui_handle(ui, act(ACT_OFFICER, 0));
	type(ui, "1357");
	ui_handle(ui, act(ACT_SELECT, 0));
	static const struct {
		int choice;
		const char *screen, *shows;
	} screens[] = {{1, "dashboard", "Lượt truy cập"},
		       {2, "inbox", "Đường bao giờ làm?"},
		       {5, "translation", "Tiếng Việt"}};
	for (size_t i = 0; i < NK_ARRAY_LEN(screens); i++) {
		ui_handle(ui, act(ACT_CHOICE, screens[i].choice));
		assert_string_equal(ui_screen_name(ui), screens[i].screen);
		int n = 0;
		sqlite3_trace_v2(db_sqlite(f->db), SQLITE_TRACE_STMT, count_stmt, &n);
		char *d = test_render(ui, 80, 24);
		free(test_render(ui, 40, 12));
		sqlite3_trace_v2(db_sqlite(f->db), 0, NULL, NULL);
		if (n || !strstr(d, screens[i].shows))
			fail_msg("%s: %d statements while drawing\n%s", screens[i].screen, n, d);
		free(d);
		ui_handle(ui, act(ACT_BACK, 0));
	}
	ui_free(&ui);
}

/* The export bundle paints its progress while it runs (ui_set_painter):
 * each file's name as it is written, the rows done of the rows it has, and
 * the lines of the files already written, before the action returns. */
struct frames {
	struct ui *ui;
	char **d;
	size_t n;
};

static void keep_frame(void *ctx, struct ui *ui)
{
	struct frames *fr = ctx;
	assert_ptr_equal(ui, fr->ui);
	fr->d = xrealloc(fr->d, (fr->n + 1) * sizeof *fr->d);
	fr->d[fr->n++] = test_render(ui, 80, 24);
}

/* The first frame from i on that holds text, or -1. */
static long frame_with(const struct frames *fr, size_t i, const char *text)
{
	for (; i < fr->n; i++)
		if (strstr(fr->d[i], text))
			return (long)i;
	return -1;
}

static void test_export_progress(void **state)
{
	struct fx *f = *state;
	assert_int_equal(pin_set(f->db, &f->clk, "1357", NULL), 0);
	assert_int_equal(db_exec(f->db,
				 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
				 "WHERE i < 2000) INSERT INTO views(uuid, kiosk_id, slug, lang, "
				 "started_at) SELECT 'w' || i, 'k', 'bai', 'vi', "
				 "'2026-11-22T03:00:00Z' FROM n",
				 NULL),
			 0);
	struct ui *ui = start(f);
	struct frames fr = {ui, NULL, 0};
	ui_set_painter(ui, keep_frame, &fr);
	ui_handle(ui, act(ACT_OFFICER, 0));
	type(ui, "1357");
	ui_handle(ui, act(ACT_SELECT, 0));
	ui_handle(ui, act(ACT_CHOICE, 3));
	char *out = xasprintf("%s/usb", f->dir);
	mkdir(out, 0700);
	for (int i = 0; i < 20; i++)
		ui_handle(ui, act(ACT_ERASE, 0));
	type(ui, out);
	assert_int_equal(fr.n, 0); /* nothing painted outside a job */
	ui_handle(ui, act(ACT_SELECT, 0));
	/* In order: the participants' workbook starts, the views' CSV counts
	 * its 2000 rows with the earlier files already listed, the report comes
	 * last. */
	long a = frame_with(&fr, 0, "Đang ghi participants-2026-11-22.xlsx");
	long b = frame_with(&fr, a < 0 ? fr.n : (size_t)a, "Đang ghi views-2026-11-22.csv: 0 trên 2000 dòng");
	long c = frame_with(&fr, b < 0 ? fr.n : (size_t)b, "Đang ghi report-2026-H2.xlsx");
	if (a < 0 || b < 0 || c < 0)
		fail_msg("%zu frames, a %ld b %ld c %ld; last:\n%s", fr.n, a, b, c,
			 fr.n ? fr.d[fr.n - 1] : "");
	assert_non_null(strstr(fr.d[b], "views-2026-11-22.xlsx: 2000 dòng"));
	assert_non_null(strstr(fr.d[b], "░"));
	assert_null(strstr(fr.d[c], "Báo cáo:"));
	assert_non_null(frame_with(&fr, (size_t)c, "Báo cáo:") >= 0 ? "" : NULL);
	/* Done: the progress line is gone, the lines stay. */
	char *d = test_render(ui, 80, 24);
	assert_null(strstr(d, "Đang ghi"));
	assert_non_null(strstr(d, "Báo cáo:"));
	free(d);
	for (size_t i = 0; i < fr.n; i++)
		free(fr.d[i]);
	free(fr.d);
	free(out);
	ui_free(&ui);
}

/* An export to a USB stick that is full (a tmpfs of 16 KiB in a mount
 * namespace of a child's own): each file says why it failed, and the
 * officer reads once, in their language, that the stick is full; nothing
 * half-written is left on the stick. */
static int export_full_child(struct fx *f)
{
	char *usb = xasprintf("%s/usb", f->dir);
	if (mkdir(usb, 0700) != 0 || unshare(CLONE_NEWNS) != 0 ||
	    mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
	    mount("tmpfs", usb, "tmpfs", 0, "size=16k") != 0)
		return 77;
	struct db *db = NULL;
	char *path = xasprintf("%s/k.db", f->dir);
	if (db_open(path, &db, NULL) != 0 || pin_set(db, &f->clk, "1357", NULL) != 0)
		return 1;
	/* Enough rows that no export fits in 16 KiB. */
	if (db_exec(db,
		    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
		    "INSERT INTO visits(uuid, kiosk_id, started_at, lang) SELECT 'v' || i, 'k', "
		    "'2026-11-22T10:00:00Z', 'vi' FROM n",
		    NULL) != 0)
		return 1;
	struct ui_opts o = {.db = db, .clk = &f->clk, .start_lang = "vi"};
	struct ui *ui = ui_new(&o);
	free(test_render(ui, 80, 24));
	ui_handle(ui, act(ACT_OFFICER, 0));
	type(ui, "1357");
	ui_handle(ui, act(ACT_SELECT, 0));
	ui_handle(ui, act(ACT_CHOICE, 3));
	for (int i = 0; i < 20; i++)
		ui_handle(ui, act(ACT_ERASE, 0));
	type(ui, usb);
	ui_handle(ui, act(ACT_SELECT, 0));
	char *d = test_render(ui, 200, 60);
	const char *full = "Ổ USB hoặc ổ đĩa đã đầy.";
	char *first = strstr(d, full);
	/* The workbooks too: libxlsxwriter's own "ZIP_ERRNO" is not an
	 * officer's word. */
	int rc = first && !strstr(first + 1, full) && strstr(d, "xlsx: the disk is full") &&
				 strstr(d, "csv: the disk is full") && !strstr(d, "ZIP")
			 ? 0
			 : 1;
	if (rc)
		fprintf(stderr, "%s", d);
	free(d);
	/* Nothing hidden left: every temporary file was removed. */
	DIR *dir = opendir(usb);
	struct dirent *e;
	while (dir && (e = readdir(dir)) != NULL)
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			fprintf(stderr, "left on the stick: %s\n", e->d_name);
			rc = 1;
		}
	if (dir)
		closedir(dir);
	ui_free(&ui);
	db_close(&db);
	return rc;
}

static void test_export_to_full_stick(void **state)
{
	struct fx *f = *state;
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(export_full_child(f));
	int st = 0;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	if (WEXITSTATUS(st) == 77) {
		print_message("no mount namespace here: skipped\n");
		skip();
	}
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* The report for a chosen period into a folder, and the question analysis
 * on screen: the least understood question first, with the wrong answer
 * chosen most. */
static void test_report_and_analysis(void **state)
{
	struct fx *f = *state;
	assert_int_equal(pin_set(f->db, &f->clk, "1357", NULL), 0);
	char *err = NULL;
	/* 2026-11-22 local; two quizzes this month, one in October. */
	if (db_exec(f->db,
		    "INSERT INTO questions(id, topic, difficulty, qtype, nopts, correct, source)"
		    " VALUES ('q1', 'ntm', 1, 'single', 3, 1, 's'), ('q2', 'ntm', 1, 'single', 2, 2, 's');"
		    "INSERT INTO question_texts(id, lang, status, text, explanation) VALUES"
		    " ('q1', 'vi', 'reviewed', 'Có bao nhiêu tiêu chí nông thôn mới?', ''),"
		    " ('q2', 'vi', 'reviewed', 'Ai xây dựng nông thôn mới?', '');"
		    "INSERT INTO question_options(id, lang, idx, text, feedback) VALUES"
		    " ('q1', 'vi', 0, '19', ''), ('q1', 'vi', 1, '10', ''), ('q1', 'vi', 2, '5', ''),"
		    " ('q2', 'vi', 0, 'Nhà nước', ''), ('q2', 'vi', 1, 'Người dân', '');"
		    "INSERT INTO attempts(uuid, kiosk_id, lang, started_at, total, score, completed)"
		    " VALUES ('t1', 'k', 'vi', '2026-11-20T02:00:00Z', 2, 1, 1),"
		    " ('t2', 'k', 'vi', '2026-11-21T02:00:00Z', 2, 1, 1),"
		    " ('t3', 'k', 'vi', '2026-10-21T02:00:00Z', 2, 0, 1);"
		    "INSERT INTO answers(uuid, attempt_uuid, kiosk_id, position, question_id, chosen,"
		    " correct, timed_out, ms, answered_at) VALUES"
		    " ('x1', 't1', 'k', 0, 'q1', 2, 0, 0, 900, '2026-11-20T02:01:00Z'),"
		    " ('x2', 't1', 'k', 1, 'q2', 2, 1, 0, 900, '2026-11-20T02:02:00Z'),"
		    " ('x3', 't2', 'k', 0, 'q1', 1, 1, 0, 900, '2026-11-21T02:01:00Z'),"
		    " ('x4', 't2', 'k', 1, 'q2', 2, 1, 0, 900, '2026-11-21T02:02:00Z'),"
		    " ('x5', 't3', 'k', 0, 'q2', 1, 0, 0, 900, '2026-10-21T02:02:00Z');",
		    &err) != 0)
		fail_msg("%s", err);
	struct ui *ui = start(f);
	ui_handle(ui, act(ACT_OFFICER, 0));
	type(ui, "1357");
	ui_handle(ui, act(ACT_SELECT, 0));
	assert_string_equal(ui_screen_name(ui), "officer");

	/* The report: the periods counted back from today, then the folder. */
	for (int i = 0; i < 9; i++)
		ui_handle(ui, act(ACT_DOWN, 0));
	ui_handle(ui, act(ACT_SELECT, 0));
	assert_string_equal(ui_screen_name(ui), "periods");
	assert_true(shows(ui, "Tháng này (2026-11)"));
	assert_true(shows(ui, "Quý trước (2026-Q3)"));
	assert_true(shows(ui, "Năm trước (2025)"));
	free(test_render(ui, 40, 12));
	ui_handle(ui, act(ACT_CHOICE, 3)); /* this quarter */
	assert_string_equal(ui_screen_name(ui), "folder");
	char *out = xasprintf("%s/usb", f->dir);
	mkdir(out, 0700);
	for (int i = 0; i < 20; i++)
		ui_handle(ui, act(ACT_ERASE, 0));
	type(ui, out);
	ui_handle(ui, act(ACT_SELECT, 0));
	char *x = xasprintf("%s/report-2026-Q4.xlsx", out);
	struct stat st;
	assert_int_equal(stat(x, &st), 0);
	assert_true(shows(ui, "report-2026-Q4.xlsx"));
	free(x);
	free(out);
	ui_handle(ui, act(ACT_BACK, 0));
	ui_handle(ui, act(ACT_BACK, 0));
	assert_string_equal(ui_screen_name(ui), "officer");

	/* The analysis of this month: q1 (1 of 2 right, "10" chosen wrongly)
	 * before q2 (2 of 2); October's answer is not in it. The menu still
	 * has the report item selected. */
	ui_handle(ui, act(ACT_DOWN, 0));
	ui_handle(ui, act(ACT_SELECT, 0));
	assert_string_equal(ui_screen_name(ui), "periods");
	ui_handle(ui, act(ACT_CHOICE, 1));
	assert_string_equal(ui_screen_name(ui), "analysis");
	char *d = test_render(ui, 80, 24);
	char *q1 = strstr(d, "Có bao nhiêu tiêu chí nông thôn mới?");
	char *q2 = strstr(d, "Ai xây dựng nông thôn mới?");
	if (!q1 || !q2 || q1 > q2 || !strstr(d, "2 lượt trả lời · 50,0% đúng") ||
	    !strstr(d, "B. 10 (1)") || !strstr(d, "100,0% đúng"))
		fail_msg("analysis screen:\n%s", d);
	free(d);
	free(test_render(ui, 40, 12));
	free(test_render(ui, 200, 60));
	ui_handle(ui, act(ACT_BACK, 0));
	ui_handle(ui, act(ACT_BACK, 0));

	/* Export: last month's records, anonymized. */
	ui_handle(ui, act(ACT_CHOICE, 3));
	assert_string_equal(ui_screen_name(ui), "folder");
	assert_true(shows(ui, "mọi thời gian"));
	ui_handle(ui, act(ACT_PGDN, 0));
	ui_handle(ui, act(ACT_PGDN, 0));
	ui_handle(ui, act(ACT_SOURCE, 0));
	assert_true(shows(ui, "Tháng trước (2026-10)"));
	assert_true(shows(ui, "Ẩn danh: có"));
	free(test_render(ui, 40, 12));
	char *usb = xasprintf("%s/usb2", f->dir);
	mkdir(usb, 0700);
	for (int i = 0; i < 20; i++)
		ui_handle(ui, act(ACT_ERASE, 0));
	type(ui, usb);
	ui_handle(ui, act(ACT_SELECT, 0));
	char *csv = xasprintf("%s/attempts-2026-10-anon.csv", usb);
	size_t len;
	char *text = NULL, *rerr = NULL;
	if (util_read_file(csv, &text, &len, &rerr) != 0)
		fail_msg("%s", rerr);
	/* t3 alone, as number 1, on its day. */
	assert_non_null(strstr(text, "\r\n1,k,"));
	assert_non_null(strstr(text, ",2026-10-21,"));
	assert_null(strstr(text, "t3"));
	assert_null(strstr(text, "2026-11-2"));
	free(text);
	free(csv);
	char *rep = xasprintf("%s/report-2026-10.xlsx", usb);
	struct stat rst;
	assert_int_equal(stat(rep, &rst), 0);
	free(rep);
	free(usb);
	ui_handle(ui, act(ACT_BACK, 0));
	ui_free(&ui);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ask_and_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pin_lock_and_menu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_offer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_to_full_stick, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_progress, setup, teardown),
		cmocka_unit_test_setup_teardown(test_draws_read_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_and_analysis, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kiosk_without_pin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ask_in_hmong, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ask_consent_scrolls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ask_long_question, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ask_contact_phone, setup, teardown),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free_languages();
	return r;
}
