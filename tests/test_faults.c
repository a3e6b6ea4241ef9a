/*
 * Injected I/O faults, the way SQLite's own tests find what a full disk or a
 * failing card does: a VFS shim over the default one (sqlite3_vfs_register)
 * fails the Nth write, sync or truncate, and every one after it until the
 * operation returns, with SQLITE_FULL (disk full) or SQLITE_IOERR (an I/O
 * error). For an answer, a question-bank import, an article import and a
 * merge, N runs from 1 until the operation succeeds; after each failure the
 * database, reopened, passes integrity_check and holds all of the operation
 * or none of it, and the connection that met the fault goes on working.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "content/articles.h"
#include "content/topics.h"
#include "core/db.h"
#include "helpers.h"
#include "quizzes/qstore.h"
#include "records/attempts.h"
#include "records/merge.h"

#include <sqlite3.h>
#include <unistd.h>

/* --- the shim ------------------------------------------------------------ */

static sqlite3_vfs *real_vfs;
static struct {
	int64_t countdown; /* writes left before the faults start; <0: off */
	int code;          /* SQLITE_FULL or SQLITE_IOERR */
	int64_t hits;      /* faults returned since armed */
} fault = {-1, SQLITE_FULL, 0};

struct ffile {
	sqlite3_file base;
	sqlite3_file *real; /* right after this struct, real_vfs->szOsFile bytes */
};

static void fault_arm(int64_t n, int code)
{
	fault.countdown = n;
	fault.code = code;
	fault.hits = 0;
}

static void fault_off(void)
{
	fault.countdown = -1;
}

/* True when this write (or sync, or truncate) fails: the Nth and all after. */
static bool fault_now(void)
{
	if (fault.countdown < 0)
		return false;
	if (fault.countdown > 1) {
		fault.countdown--;
		return false;
	}
	fault.countdown = 1;
	fault.hits++;
	return true;
}

static int fault_rc(int ioerr)
{
	return fault.code == SQLITE_FULL ? SQLITE_FULL : ioerr;
}

#define REAL(f) (((struct ffile *)(f))->real)

static int f_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}
static int f_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{
	return REAL(f)->pMethods->xRead(REAL(f), b, n, o);
}
static int f_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
	if (fault_now())
		return fault_rc(SQLITE_IOERR_WRITE);
	return REAL(f)->pMethods->xWrite(REAL(f), b, n, o);
}
static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	if (fault_now())
		return fault_rc(SQLITE_IOERR_TRUNCATE);
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int f_sync(sqlite3_file *f, int flags)
{
	if (fault_now())
		return fault_rc(SQLITE_IOERR_FSYNC);
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int f_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int f_lock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xLock(REAL(f), l);
}
static int f_unlock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), l);
}
static int f_check_lock(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int f_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int f_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int f_caps(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int f_shm_map(sqlite3_file *f, int pg, int sz, int extend, void volatile **pp)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, extend, pp);
}
static int f_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void f_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int f_shm_unmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}
static int f_fetch(sqlite3_file *f, sqlite3_int64 o, int n, void **pp)
{
	return REAL(f)->pMethods->xFetch(REAL(f), o, n, pp);
}
static int f_unfetch(sqlite3_file *f, sqlite3_int64 o, void *p)
{
	return REAL(f)->pMethods->xUnfetch(REAL(f), o, p);
}

static const sqlite3_io_methods fault_io = {
	3,	    f_close,	  f_read,	  f_write,	  f_truncate,	 f_sync,
	f_size,	    f_lock,	  f_unlock,	  f_check_lock,	  f_control,	 f_sector,
	f_caps,	    f_shm_map,	  f_shm_lock,	  f_shm_barrier,  f_shm_unmap,	 f_fetch,
	f_unfetch,
};

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
	(void)vfs;
	struct ffile *ff = (struct ffile *)f;
	ff->real = (sqlite3_file *)&ff[1];
	int rc = real_vfs->xOpen(real_vfs, name, ff->real, flags, out);
	/* The real file's methods decide whether ours may be called (xClose
	 * after a failed open only when they are set). */
	f->pMethods = ff->real->pMethods ? &fault_io : NULL;
	return rc;
}
static int v_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
	(void)vfs;
	return real_vfs->xDelete(real_vfs, name, sync);
}
static int v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return real_vfs->xAccess(real_vfs, name, flags, out);
}
static int v_full(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return real_vfs->xFullPathname(real_vfs, name, n, out);
}
static void *v_dlopen(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return real_vfs->xDlOpen(real_vfs, name);
}
static void v_dlerror(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	real_vfs->xDlError(real_vfs, n, out);
}
static void (*v_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	(void)vfs;
	return real_vfs->xDlSym(real_vfs, h, sym);
}
static void v_dlclose(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	real_vfs->xDlClose(real_vfs, h);
}
static int v_random(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xRandomness(real_vfs, n, out);
}
static int v_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return real_vfs->xSleep(real_vfs, us);
}
static int v_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return real_vfs->xCurrentTime(real_vfs, out);
}
static int v_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xGetLastError(real_vfs, n, out);
}
static int v_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

static sqlite3_vfs fault_vfs = {
	.iVersion = 2,
	.zName = "nkfault",
	.xOpen = v_open,
	.xDelete = v_delete,
	.xAccess = v_access,
	.xFullPathname = v_full,
	.xDlOpen = v_dlopen,
	.xDlError = v_dlerror,
	.xDlSym = v_dlsym,
	.xDlClose = v_dlclose,
	.xRandomness = v_random,
	.xSleep = v_sleep,
	.xCurrentTime = v_time,
	.xGetLastError = v_last_error,
	.xCurrentTimeInt64 = v_time64,
};

/* Makes the shim the default VFS, so that db_open (and merge's open of its
 * source) go through it. */
static void fault_register(void)
{
	real_vfs = sqlite3_vfs_find(NULL);
	assert_non_null(real_vfs);
	fault_vfs.szOsFile = (int)sizeof(struct ffile) + real_vfs->szOsFile;
	fault_vfs.mxPathname = real_vfs->mxPathname;
	assert_int_equal(sqlite3_vfs_register(&fault_vfs, 1), SQLITE_OK);
}

/* --- fixtures ------------------------------------------------------------ */

struct fx {
	char *dir;
	char *base; /* a database with the topics, closed */
	char *work; /* the copy each round works on */
	struct clock clk;
	int64_t now;
};

static void copy_file(const char *from, const char *to)
{
	char *cmd = xasprintf("cp '%s' '%s' && rm -f '%s-wal' '%s-shm'", from, to, to, to);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static char *data_path(const char *rel)
{
	return xasprintf("%s/%s", getenv("NTMKIOSK_DATADIR"), rel);
}

static int setup(void **state)
{
	test_i18n_setup();
	struct fx *f = xcalloc(1, sizeof *f);
	f->dir = test_tmpdir();
	f->base = xasprintf("%s/base.db", f->dir);
	f->work = xasprintf("%s/work.db", f->dir);
	f->now = INT64_C(1795342500000);
	f->clk = (struct clock){clock_manual_read, &f->now};
	struct db *db = NULL;
	char *err = NULL;
	if (db_open(f->base, &db, &err))
		fail_msg("%s", err);
	char *topics = data_path("content/topics.tsv");
	if (topics_import(db, topics, &err))
		fail_msg("%s", err);
	free(topics);
	db_close(&db);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	fault_off();
	test_rmdir(f->dir);
	free(f->base);
	free(f->work);
	free(f);
	return 0;
}

static int64_t q_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static struct db *open_work(struct fx *f)
{
	struct db *db = NULL;
	char *err = NULL;
	if (db_open(f->work, &db, &err))
		fail_msg("open %s: %s", f->work, err);
	return db;
}

/* After a round: the database, reopened (which recovers from its WAL), is
 * whole, and measure() gives either what it gave before or what the
 * operation makes it; what it is after a success. */
static void check_after(struct fx *f, int rc, int64_t (*measure)(struct db *), int64_t none,
			int64_t all, int n, int code)
{
	struct db *db = open_work(f);
	char *err = NULL;
	if (db_check(db, &err) != NK_OK)
		fail_msg("fault %d (%s) left the database damaged: %s", n,
			 code == SQLITE_FULL ? "disk full" : "I/O error", err);
	int64_t got = measure(db);
	if (rc == NK_OK && got != all)
		fail_msg("fault %d: the operation succeeded but holds %lld, not %lld", n,
			 (long long)got, (long long)all);
	if (got != none && got != all)
		fail_msg("fault %d (%s): half an operation: %lld (none %lld, all %lld)", n,
			 code == SQLITE_FULL ? "disk full" : "I/O error", (long long)got,
			 (long long)none, (long long)all);
	db_close(&db);
}

/* The loop of every test: fresh copy, prepare (unfaulted), arm fault N, run
 * the operation, disarm, check; until the operation succeeds untouched. */
struct op {
	void (*prepare)(struct fx *f, struct db *db, void **ctx);
	int (*run)(struct fx *f, struct db *db, void *ctx, char **err);
	int64_t (*measure)(struct db *db);
	int64_t all; /* measure() after a success, from the baseline round */
	const char *name;
};

static void fault_loop(struct fx *f, struct op *op)
{
	static const int codes[] = {SQLITE_FULL, SQLITE_IOERR};
	/* A baseline round with no fault gives "none" and "all". */
	copy_file(f->base, f->work);
	struct db *db = open_work(f);
	void *ctx = NULL;
	op->prepare(f, db, &ctx);
	int64_t none = op->measure(db);
	char *err = NULL;
	if (op->run(f, db, ctx, &err) != NK_OK)
		fail_msg("%s without a fault: %s", op->name, err);
	op->all = op->measure(db);
	assert_true(op->all != none);
	db_close(&db);
	free(ctx);

	for (size_t c = 0; c < NK_ARRAY_LEN(codes); c++) {
		int failures = 0;
		for (int n = 1;; n++) {
			assert_true(n < 100000);
			copy_file(f->base, f->work);
			db = open_work(f);
			ctx = NULL;
			op->prepare(f, db, &ctx);
			fault_arm(n, codes[c]);
			err = NULL;
			int rc = op->run(f, db, ctx, &err);
			bool touched = fault.hits > 0;
			fault_off();
			if (rc != NK_OK) {
				assert_true(touched);
				assert_non_null(err);
				/* The code says what happened, so that a screen can. */
				assert_int_equal(rc, codes[c] == SQLITE_FULL ? NK_EFULL : NK_EIO);
				failures++;
			}
			free(err);
			/* The connection that met the fault goes on: the kiosk keeps
			 * its database open. */
			assert_int_equal(db_check(db, NULL), NK_OK);
			db_close(&db);
			check_after(f, rc, op->measure, none, op->all, n, codes[c]);
			free(ctx);
			if (rc == NK_OK && !touched)
				break;
		}
		print_message("%s, %s: %d faults, each all or nothing\n", op->name,
			      codes[c] == SQLITE_FULL ? "disk full" : "I/O error", failures);
		assert_true(failures > 0);
	}
}

/* --- an answer ----------------------------------------------------------- */

static void answer_prepare(struct fx *f, struct db *db, void **ctx)
{
	char *uuid = xmalloc(37);
	assert_int_equal(attempt_start(db, &f->clk, "vi", NULL, 5, uuid, NULL), NK_OK);
	*ctx = uuid;
}

static int answer_run(struct fx *f, struct db *db, void *ctx, char **err)
{
	struct answer_rec a = {0, "ocop-1", 1, true, false, 1200};
	return attempt_answer(db, &f->clk, ctx, &a, err);
}

/* Answers and the running score: 0 and 0, or 1 and 1 (one number). */
static int64_t answer_measure(struct db *db)
{
	return q_int(db, "SELECT (SELECT count(*) FROM answers) * 10 + "
			 "(SELECT coalesce(sum(score), 0) FROM attempts)");
}

static void test_answer(void **state)
{
	struct op op = {answer_prepare, answer_run, answer_measure, 0, "an answer"};
	fault_loop(*state, &op);
}

/* --- a question-bank import ---------------------------------------------- */

static void none_prepare(struct fx *f, struct db *db, void **ctx)
{
	(void)f;
	(void)db;
	*ctx = NULL;
}

/* The banks refer to the test articles: those first, unfaulted. */
static void bank_prepare(struct fx *f, struct db *db, void **ctx)
{
	(void)f;
	char *arts = data_path("tests/data/articles");
	struct content_report rep = {0};
	char *err = NULL;
	if (content_import(db, arts, &rep, &err))
		fail_msg("%s", err);
	content_report_clear(&rep);
	free(arts);
	*ctx = NULL;
}

static int bank_run(struct fx *f, struct db *db, void *ctx, char **err)
{
	(void)f;
	(void)ctx;
	char *vi = data_path("tests/data/banks/vi/ocop.gift");
	char *hmn = data_path("tests/data/banks/hmn/ocop.gift");
	const char *banks[] = {vi, hmn};
	struct qimport_report rep = {0};
	int rc = questions_import(db, banks, 2, &rep, err);
	qimport_report_clear(&rep);
	free(vi);
	free(hmn);
	return rc;
}

static int64_t bank_measure(struct db *db)
{
	return q_int(db, "SELECT (SELECT count(*) FROM questions) * 1000000 + "
			 "(SELECT count(*) FROM question_texts) * 1000 + "
			 "(SELECT count(*) FROM question_options)");
}

static void test_bank_import(void **state)
{
	struct op op = {bank_prepare, bank_run, bank_measure, 0, "a bank import"};
	fault_loop(*state, &op);
}

/* --- an article import --------------------------------------------------- */

/* The test articles (their texts, the search index, the change counter). */
static int content_run(struct fx *f, struct db *db, void *ctx, char **err)
{
	(void)f;
	(void)ctx;
	char *arts = data_path("tests/data/articles");
	struct content_report rep = {0};
	int rc = content_import(db, arts, &rep, err);
	content_report_clear(&rep);
	free(arts);
	return rc;
}

static int64_t content_measure(struct db *db)
{
	/* The search index with the texts: a half-written index would show in
	 * integrity_check, a half import in the counts. */
	return q_int(db, "SELECT (SELECT count(*) FROM articles) * 1000000 + "
			 "(SELECT count(*) FROM article_texts) * 1000 + "
			 "(SELECT n FROM search_gen) % 1000");
}

static void test_content_import(void **state)
{
	struct op op = {none_prepare, content_run, content_measure, 0, "an article import"};
	fault_loop(*state, &op);
}

/* --- a merge ------------------------------------------------------------- */

/* A second kiosk's database with a participant, an attempt and answers. */
static void merge_prepare(struct fx *f, struct db *db, void **ctx)
{
	(void)db;
	char *src = xasprintf("%s/other.db", f->dir);
	if (access(src, F_OK) != 0) {
		struct db *o = NULL;
		assert_int_equal(db_open(src, &o, NULL), NK_OK);
		char uuid[37];
		assert_int_equal(attempt_start(o, &f->clk, "vi", NULL, 3, uuid, NULL), NK_OK);
		for (int i = 0; i < 3; i++) {
			struct answer_rec a = {i, "ocop-1", 1, i != 1, false, 900};
			assert_int_equal(attempt_answer(o, &f->clk, uuid, &a, NULL), NK_OK);
		}
		struct participant p = {"Nguyễn Văn An", "Tả Van", "male", 1980, "kinh", NULL};
		assert_int_equal(participant_save(o, &f->clk, &p, "vi", uuid, NULL, NULL), NK_OK);
		db_close(&o);
	}
	*ctx = src;
}

static int merge_run(struct fx *f, struct db *db, void *ctx, char **err)
{
	(void)f;
	struct merge_report rep = {0};
	int rc = merge_into(db, ctx, &rep, err);
	merge_report_free(&rep);
	return rc;
}

static int64_t merge_measure(struct db *db)
{
	return q_int(db, "SELECT (SELECT count(*) FROM kiosks) * 1000000 + "
			 "(SELECT count(*) FROM participants) * 10000 + "
			 "(SELECT count(*) FROM attempts) * 100 + (SELECT count(*) FROM answers)");
}

static void test_merge(void **state)
{
	struct op op = {merge_prepare, merge_run, merge_measure, 0, "a merge"};
	fault_loop(*state, &op);
}

int main(void)
{
	fault_register();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bank_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_content_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge, setup, teardown),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free_languages();
	return r;
}
