/* Tests for core/safefile: the order of the calls that make a write
 * durable (the file's fsync, then the rename, then the folder's fsync), the
 * modes asked for whatever the umask, the old file kept and no temporary
 * file left when anything fails, and the officer's words for a full disk, a
 * read-only disk, a folder without permission and a missing folder — each
 * made real (a small tmpfs, a read-only mount, an unprivileged user) where
 * the system allows it.
 *
 * The program is linked with --wrap for fsync, rename, renameat2, link and
 * fchmod: the wrappers write down each call (with the path behind the
 * descriptor) and make the real one, or fail it on purpose when a test asks
 * (an fsync that fails; a chmod refused as a FAT stick refuses it, since no
 * FAT file system can be mounted here). */
#define _GNU_SOURCE /* unshare */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/safefile.h"
#include "helpers.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* --- the calls, written down ----------------------------------------------- */

static char *calls[64];
static int ncalls;
static int fail_fsync_errno; /* the next fsync fails with this, once */
static bool fchmod_eperm;    /* every fchmod fails as on a FAT stick */

static void note(char *s)
{
	if (ncalls < (int)NK_ARRAY_LEN(calls))
		calls[ncalls++] = s;
	else
		free(s);
}

static void calls_clear(void)
{
	for (int i = 0; i < ncalls; i++)
		free(calls[i]);
	ncalls = 0;
}

int __real_fsync(int fd);
int __wrap_fsync(int fd);
int __wrap_fsync(int fd)
{
	char link[64], target[4096];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, target, sizeof target - 1);
	target[n > 0 ? n : 0] = '\0';
	note(xasprintf("fsync %s", target));
	if (fail_fsync_errno) {
		errno = fail_fsync_errno;
		fail_fsync_errno = 0;
		return -1;
	}
	return __real_fsync(fd);
}

int __real_fchmod(int fd, mode_t mode);
int __wrap_fchmod(int fd, mode_t mode);
int __wrap_fchmod(int fd, mode_t mode)
{
	if (fchmod_eperm) {
		errno = EPERM;
		return -1;
	}
	return __real_fchmod(fd, mode);
}

int __real_rename(const char *a, const char *b);
int __wrap_rename(const char *a, const char *b);
int __wrap_rename(const char *a, const char *b)
{
	note(xasprintf("rename %s %s", a, b));
	return __real_rename(a, b);
}

int __real_renameat2(int da, const char *a, int db, const char *b, unsigned flags);
int __wrap_renameat2(int da, const char *a, int db, const char *b, unsigned flags);
int __wrap_renameat2(int da, const char *a, int db, const char *b, unsigned flags)
{
	note(xasprintf("rename %s %s", a, b));
	return __real_renameat2(da, a, db, b, flags);
}

int __real_link(const char *a, const char *b);
int __wrap_link(const char *a, const char *b);
int __wrap_link(const char *a, const char *b)
{
	note(xasprintf("rename %s %s", a, b));
	return __real_link(a, b);
}

/* --- helpers ------------------------------------------------------------------ */

static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	if (d)
		closedir(d);
	return n;
}

static unsigned mode_of(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static char *content(const char *path)
{
	char *s = NULL;
	assert_int_equal(util_read_file(path, &s, NULL, NULL), 0);
	return s;
}

static int write_text(const char *path, mode_t mode, const char *text, char **err)
{
	struct safefile *sf = NULL;
	int rc = safefile_open(path, mode, &sf, err);
	if (rc)
		return rc;
	FILE *f = safefile_stream(sf, err);
	if (!f) {
		safefile_abort(&sf);
		return NK_EIO;
	}
	fputs(text, f);
	return safefile_commit(&sf, err);
}

/* --- the tests ---------------------------------------------------------------- */

static void test_order(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *path = xasprintf("%s/participants.csv", dir), *err = NULL;
	calls_clear();
	assert_int_equal(write_text(path, SAFEFILE_PRIVATE, "name,phone\n", &err), 0);
	/* The file's data, then its name, then the folder's entry. */
	assert_int_equal(ncalls, 3);
	char tmp[4096];
	assert_int_equal(sscanf(calls[0], "fsync %4095s", tmp), 1);
	char *want = xasprintf("%s/.participants.csv.", dir);
	assert_ptr_equal(strstr(tmp, want), tmp); /* hidden, in the same folder */
	free(want);
	want = xasprintf("rename %s %s", tmp, path);
	assert_string_equal(calls[1], want);
	free(want);
	want = xasprintf("fsync %s", dir);
	assert_string_equal(calls[2], want);
	free(want);
	char *s = content(path);
	assert_string_equal(s, "name,phone\n");
	free(s);
	assert_int_equal(entries(dir), 1);

	/* A library that writes by name (as libxlsxwriter and SQLite do) is
	 * synced too: the file behind the name is fsynced before the rename. */
	calls_clear();
	struct safefile *sf = NULL;
	assert_int_equal(safefile_open(path, SAFEFILE_PRIVATE, &sf, &err), 0);
	FILE *f = fopen(safefile_tmp(sf), "wb");
	fputs("by name\n", f);
	fclose(f);
	assert_int_equal(safefile_commit(&sf, &err), 0);
	assert_null(sf);
	assert_int_equal(ncalls, 3);
	assert_int_equal(strncmp(calls[0], "fsync ", 6), 0);
	assert_int_equal(strncmp(calls[1], "rename ", 7), 0);
	assert_non_null(strstr(calls[1], calls[0] + 6));
	s = content(path);
	assert_string_equal(s, "by name\n");
	free(s);
	calls_clear();
	free(path);
	test_rmdir(dir);
}

static void test_modes(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *path = xasprintf("%s/report.csv", dir), *err = NULL;
	mode_t old = umask(0);
	/* Personal data: 0600 whatever the umask. */
	assert_int_equal(write_text(path, SAFEFILE_PRIVATE, "x", &err), 0);
	assert_int_equal(mode_of(path), 0600);
	/* An existing wider file does not keep its mode either. */
	assert_int_equal(chmod(path, 0666), 0);
	assert_int_equal(write_text(path, SAFEFILE_PRIVATE, "y", &err), 0);
	assert_int_equal(mode_of(path), 0600);
	/* Another mode, asked for, whatever the umask. */
	umask(077);
	assert_int_equal(write_text(path, 0644, "z", &err), 0);
	assert_int_equal(mode_of(path), 0644);
	umask(old);
	calls_clear();
	free(path);
	test_rmdir(dir);
}

static void test_failure_keeps_old(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *path = xasprintf("%s/answers.csv", dir), *err = NULL;
	assert_int_equal(write_text(path, SAFEFILE_PRIVATE, "old\n", &err), 0);
	/* The disk fails the fsync: nothing is renamed, the old file stays,
	 * no temporary file is left. */
	calls_clear();
	fail_fsync_errno = EIO;
	assert_int_equal(write_text(path, SAFEFILE_PRIVATE, "new\n", &err), NK_EIO);
	assert_ptr_equal(strstr(err, path), err);
	free(err);
	err = NULL;
	for (int i = 0; i < ncalls; i++)
		assert_null(strstr(calls[i], "rename"));
	char *s = content(path);
	assert_string_equal(s, "old\n");
	free(s);
	assert_int_equal(entries(dir), 1);
	/* The rename fails (a folder has the name): no temporary file left. */
	char *sub = xasprintf("%s/sub", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	char *inner = xasprintf("%s/x", sub);
	assert_int_equal(write_text(inner, SAFEFILE_PRIVATE, "x", &err), 0);
	assert_int_not_equal(write_text(sub, SAFEFILE_PRIVATE, "file", &err), 0);
	free(err);
	err = NULL;
	assert_int_equal(entries(dir), 2);
	/* A new file never replaces one that is there. */
	assert_int_equal(write_text(path, SAFEFILE_PRIVATE, "x", NULL), 0);
	struct safefile *sf = NULL;
	assert_int_equal(safefile_open(path, SAFEFILE_PRIVATE, &sf, &err), 0);
	fputs("other", safefile_stream(sf, &err));
	assert_int_equal(safefile_commit_new(&sf, &err), NK_EEXIST);
	free(err);
	err = NULL;
	s = content(path);
	assert_string_equal(s, "x");
	free(s);
	assert_int_equal(entries(dir), 2);
	/* An abort leaves nothing. */
	assert_int_equal(safefile_open(path, SAFEFILE_PRIVATE, &sf, &err), 0);
	safefile_abort(&sf);
	assert_null(sf);
	assert_int_equal(entries(dir), 2);
	calls_clear();
	free(inner);
	free(sub);
	free(path);
	test_rmdir(dir);
}

static void test_missing_folder(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *path = xasprintf("%s/no/such/folder/x.xlsx", dir), *err = NULL;
	assert_int_equal(write_text(path, SAFEFILE_PRIVATE, "x", &err), NK_ENOENT);
	char *want = xasprintf("%s: the folder does not exist", path);
	assert_string_equal(err, want);
	free(want);
	free(err);
	free(path);
	test_rmdir(dir);
}

/* Runs fn in a child (which may change its user or its mounts) and checks
 * its exit status: 0 passed, 77 cannot be tried here, else failed. */
static void in_child(int (*fn)(const char *dir), const char *what)
{
	char *dir = test_tmpdir();
	assert_int_equal(chmod(dir, 0755), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(fn(dir));
	int st = 0;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	if (WEXITSTATUS(st) == 77)
		print_message("%s: cannot be tried here, skipped\n", what);
	else
		assert_int_equal(WEXITSTATUS(st), 0);
	test_rmdir(dir);
}

/* Checks a failed write in a child: the code, the words, and that nothing
 * was left in the folder. */
static int expect(const char *dir, const char *path, int rc, int want_rc, const char *words,
		  const char *err, int left)
{
	if (rc != want_rc || !err || !strstr(err, words) || strncmp(err, path, strlen(path)) != 0) {
		fprintf(stderr, "got %d '%s', wanted %d '%s'\n", rc, err ? err : "", want_rc,
			words);
		return 1;
	}
	if (entries(dir) != left) {
		fprintf(stderr, "%d files left in %s, wanted %d\n", entries(dir), dir, left);
		return 1;
	}
	return 0;
}

static int no_permission(const char *dir)
{
	/* root writes anywhere: a user without rights is needed. */
	char *locked = xasprintf("%s/locked", dir);
	if (mkdir(locked, 0500) != 0)
		return 1;
	if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
		return 77;
	char *path = xasprintf("%s/x.csv", locked), *err = NULL;
	int rc = write_text(path, SAFEFILE_PRIVATE, "x", &err);
	return expect(locked, path, rc, NK_EACCES, "no permission to write in this folder", err,
		      0);
}

static void test_no_permission(void **state)
{
	(void)state;
	in_child(no_permission, "no permission");
}

/* A mount of its own, in a mount namespace of the child's own. */
static int private_mount(const char *dir, const char *opts, unsigned long flags)
{
	if (unshare(CLONE_NEWNS) != 0)
		return 77;
	if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		return 77;
	if (mount("tmpfs", dir, "tmpfs", flags, opts) != 0)
		return 77;
	return 0;
}

static int disk_full(const char *dir)
{
	int r = private_mount(dir, "size=16k", 0);
	if (r)
		return r;
	char *path = xasprintf("%s/answers.csv", dir), *err = NULL;
	/* A small old file, then a new one that does not fit: the old one
	 * stays and nothing else is left. */
	if (write_text(path, SAFEFILE_PRIVATE, "old\n", &err) != 0)
		return 1;
	char *big = xmalloc(65537);
	memset(big, 'x', 65536);
	big[65536] = '\0';
	int rc = write_text(path, SAFEFILE_PRIVATE, big, &err);
	free(big);
	if (expect(dir, path, rc, NK_EFULL, "the disk is full", err, 1))
		return 1;
	char *s = NULL;
	util_read_file(path, &s, NULL, NULL);
	return s && strcmp(s, "old\n") == 0 ? 0 : 1;
}

static void test_disk_full(void **state)
{
	(void)state;
	in_child(disk_full, "disk full");
}

static int read_only(const char *dir)
{
	int r = private_mount(dir, "size=16k", MS_RDONLY);
	if (r)
		return r;
	char *path = xasprintf("%s/report.xlsx", dir), *err = NULL;
	int rc = write_text(path, SAFEFILE_PRIVATE, "x", &err);
	return expect(dir, path, rc, NK_EREADONLY, "the disk is read-only", err, 0);
}

static void test_read_only(void **state)
{
	(void)state;
	in_child(read_only, "read-only disk");
}

/* A FAT or exFAT stick keeps no modes and refuses a chmod with EPERM (as
 * Linux's vfat does when a chmod takes read bits away): the export is
 * written all the same, durably. */
static void test_stick_without_modes(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *path = xasprintf("%s/participants.xlsx", dir), *err = NULL;
	calls_clear();
	fchmod_eperm = true;
	int rc = write_text(path, SAFEFILE_PRIVATE, "rows\n", &err);
	fchmod_eperm = false;
	assert_int_equal(rc, 0);
	assert_null(err);
	char *s = content(path);
	assert_string_equal(s, "rows\n");
	free(s);
	assert_int_equal(ncalls, 3); /* still fsync, rename, fsync */
	assert_int_equal(entries(dir), 1);
	calls_clear();
	free(path);
	test_rmdir(dir);
}

static void test_copy(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *a = xasprintf("%s/a", dir), *b = xasprintf("%s/b", dir), *err = NULL;
	assert_int_equal(write_text(a, 0644, "same bytes\n", &err), 0);
	calls_clear();
	assert_int_equal(safefile_copy(a, b, SAFEFILE_PRIVATE, &err), 0);
	assert_int_equal(ncalls, 3);
	char *s = content(b);
	assert_string_equal(s, "same bytes\n");
	free(s);
	assert_int_equal(mode_of(b), 0600);
	calls_clear();
	free(a);
	free(b);
	test_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),         cmocka_unit_test(test_modes),
		cmocka_unit_test(test_failure_keeps_old), cmocka_unit_test(test_missing_folder),
		cmocka_unit_test(test_no_permission), cmocka_unit_test(test_disk_full),
		cmocka_unit_test(test_read_only),     cmocka_unit_test(test_copy),
		cmocka_unit_test(test_stick_without_modes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
