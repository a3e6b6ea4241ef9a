/* Tests for core/util and core/clock: the error idiom, growth, file reading,
 * UUIDs, and the stored timestamp format. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <time.h>

#include "core/clock.h"
#include "helpers.h"

#include <sys/stat.h>
#include <unistd.h>

static void test_err_set_and_prefix(void **state)
{
	(void)state;
	char *err = NULL;
	assert_int_equal(err_set(&err, NK_EIO, "%s: %d", "x.md", 3), NK_EIO);
	assert_string_equal(err, "x.md: 3");
	assert_int_equal(err_prefix(&err, NK_EINVAL, "file %s", "a"), NK_EINVAL);
	assert_string_equal(err, "file a: x.md: 3");
	/* Replacing a message frees the old one (leak checkers see it). */
	err_set(&err, NK_EFAIL, "second");
	assert_string_equal(err, "second");
	free(err);
	/* A NULL err is allowed everywhere. */
	assert_int_equal(err_set(NULL, NK_ENOENT, "ignored"), NK_ENOENT);
}

static void test_xgrow(void **state)
{
	(void)state;
	int *v = NULL;
	size_t cap = 0;
	for (int i = 0; i < 1000; i++) {
		xgrow((void **)&v, &cap, (size_t)i + 1, sizeof *v);
		v[i] = i;
	}
	assert_true(cap >= 1000);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(v[i], i);
	free(v);
}

static void test_read_file(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *p = test_write(dir, "a.txt", "Xã Tả Van\n");
	char *buf = NULL, *err = NULL;
	size_t len;
	assert_int_equal(util_read_file(p, &buf, &len, &err), 0);
	assert_string_equal(buf, "Xã Tả Van\n");
	assert_int_equal(len, strlen("Xã Tả Van\n"));
	free(buf);
	free(p);
	p = xasprintf("%s/missing", dir);
	assert_int_equal(util_read_file(p, &buf, &len, &err), NK_ENOENT);
	assert_non_null(strstr(err, "missing: No such file"));
	free(err);
	free(p);
	p = xasprintf("%s/x/y/z", dir);
	assert_int_equal(util_mkdirs(p, NULL), 0);
	assert_int_equal(util_mkdirs(p, NULL), 0);
	free(p);
	test_rmdir(dir);
}

/* util_read_regular: up to the limit exactly; one byte more is "too large";
 * a folder, a pipe and a link are refused without being read. */
static void test_read_regular(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *p = test_write(dir, "a.txt", "0123456789");
	char *buf = NULL, *err = NULL;
	size_t len = 0;
	assert_int_equal(util_read_regular(p, 10, &buf, &len, &err), NK_OK);
	assert_int_equal(len, 10);
	assert_string_equal(buf, "0123456789");
	free(buf);
	assert_int_equal(util_read_regular(p, 9, &buf, &len, &err), NK_EINVAL);
	assert_null(buf);
	assert_non_null(strstr(err, "a.txt: too large (10 bytes, the limit is 9 bytes)"));
	char *big = xmalloc(3 * NK_MB + 1);
	memset(big, 'x', 3 * NK_MB);
	big[3 * NK_MB] = '\0';
	char *bp = test_write(dir, "big.txt", big);
	assert_int_equal(util_read_regular(bp, 2 * NK_MB, &buf, &len, &err), NK_EINVAL);
	assert_non_null(strstr(err, "big.txt: too large (3 MB, the limit is 2 MB)"));
	assert_int_equal(util_read_regular(dir, NK_MB, &buf, &len, &err), NK_EINVAL);
	assert_non_null(strstr(err, ": a folder; only plain files are read"));
	char *fifo = xasprintf("%s/pipe", dir), *link = xasprintf("%s/link", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(util_read_regular(fifo, NK_MB, &buf, &len, &err), NK_EINVAL);
	assert_non_null(strstr(err, "pipe: a named pipe"));
	assert_int_equal(symlink(p, link), 0);
	assert_int_equal(util_read_regular(link, NK_MB, &buf, &len, &err), NK_EINVAL);
	assert_non_null(strstr(err, "link: a symbolic link"));
	free(err);
	free(fifo);
	free(link);
	free(big);
	free(bp);
	free(p);
	test_rmdir(dir);
}

static void test_uuid(void **state)
{
	(void)state;
	char a[37], b[37];
	util_uuid(a);
	util_uuid(b);
	assert_int_equal(strlen(a), 36);
	assert_string_not_equal(a, b);
	assert_int_equal(a[8], '-');
	assert_int_equal(a[14], '4');
	assert_true(strchr("89ab", a[19]) != NULL);
}

static void test_clock(void **state)
{
	(void)state;
	int64_t now = INT64_C(1795342500000);
	struct clock c = {clock_manual_read, &now};
	assert_int_equal(clock_now_ms(&c), now);
	now += 1500;
	assert_int_equal(clock_now_ms(&c), INT64_C(1795342501500));
	char buf[32];
	clock_iso8601(now, buf);
	assert_string_equal(buf, "2026-11-22T10:15:01Z");
	assert_true(clock_now_ms(clock_system()) > INT64_C(1700000000000));
	/* Stored UTC to local time for people, across a day's end at UTC+7;
	 * anything else is shown as it is. */
	const char *tz = getenv("TZ");
	char *saved = tz ? xstrdup(tz) : NULL;
	setenv("TZ", "<+07>-7", 1);
	tzset();
	assert_true(clock_local_text("2026-11-22T17:15:00Z", buf));
	assert_string_equal(buf, "2026-11-23 00:15");
	assert_false(clock_local_text("2026-11-22 17:15", buf));
	assert_string_equal(buf, "2026-11-22 17:15");
	assert_false(clock_local_text(NULL, buf));
	assert_string_equal(buf, "");
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_err_set_and_prefix), cmocka_unit_test(test_xgrow),
		cmocka_unit_test(test_read_file),          cmocka_unit_test(test_uuid),
		cmocka_unit_test(test_clock),            cmocka_unit_test(test_read_regular),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
