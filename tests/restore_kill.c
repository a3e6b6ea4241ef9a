/*
 * restore_kill: SIGKILL `ntmkiosk restore` at random moments, again and
 * again, each time over the same damaged database, and check after every
 * kill that
 *
 *   - a database is at the path, and it is either the damaged file exactly
 *     as it was or the restored copy (integrity ok, its kiosk id, its rows);
 *   - the damaged file is never lost: when the copy is in place, a file set
 *     aside beside it holds the damaged bytes;
 *   - the next start (`ntmkiosk check`) never silently makes a new kiosk: on
 *     the damaged file it stops with the restore advice and writes nothing,
 *     on the restored one it passes with the kiosk's own id.
 *
 * The moments are spread over the length of a whole restore, measured
 * first, and a little past it; a run must see both outcomes.
 *
 * Usage: restore_kill NTMKIOSK [ITERATIONS=30] [SEED]
 * NTMKIOSK_DATADIR and NTMKIOSK_LOCALEDIR pass through to the program.
 * Output: one line per failure, then "N passed, N failed (D damaged, R
 * restored)".
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *bin;
static char dir[256], work[300], dbpath[320], good[320], damaged[320];
static char kiosk_id[64];
static int fails;

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("restore_kill: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		die("read %s", path);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void spit(const char *path, const char *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, buf, len) != (ssize_t)len || close(fd) != 0)
		die("write %s: %s", path, strerror(errno));
}

/* Runs the program with args; its output goes to errfile (if given). */
static pid_t start(const char *const *args, const char *errfile)
{
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		int e = errfile ? open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600) : null;
		dup2(null, 0);
		dup2(e, 1);
		dup2(e, 2);
		execv(bin, (char *const *)args);
		_exit(127);
	}
	return pid;
}

static int finish(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die("waitpid");
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int run(const char *const *args, const char *errfile)
{
	return finish(start(args, errfile));
}

static void sql(const char *path, const char *stmt)
{
	sqlite3 *h;
	char *msg = NULL;
	if (sqlite3_open(path, &h) != SQLITE_OK || sqlite3_exec(h, stmt, NULL, NULL, &msg) != SQLITE_OK)
		die("%s: %s", path, msg ? msg : sqlite3_errmsg(h));
	sqlite3_close(h);
}

/* The restored copy: whole, of the same kiosk, with the marker row. */
static bool is_restored(const char *path)
{
	sqlite3 *h;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(h);
		return false;
	}
	sqlite3_stmt *st;
	bool ok = sqlite3_prepare_v2(h,
				     "SELECT (SELECT quick_check FROM pragma_quick_check) = 'ok' "
				     "AND (SELECT value FROM meta WHERE key = 'kiosk_id') = ?1 "
				     "AND EXISTS (SELECT 1 FROM villages WHERE name = 'Bản Khôi Phục')",
				     -1, &st, NULL) == SQLITE_OK;
	if (ok) {
		sqlite3_bind_text(st, 1, kiosk_id, -1, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return ok;
}

static void clean_work(void)
{
	DIR *d = opendir(work);
	if (!d)
		die("opendir %s", work);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char p[600];
		snprintf(p, sizeof p, "%s/%s", work, e->d_name);
		unlink(p);
	}
	closedir(d);
}

/* A file set aside beside the database holds exactly the damaged bytes. */
static bool damaged_kept(const char *want, size_t wlen)
{
	DIR *d = opendir(work);
	struct dirent *e;
	bool found = false;
	while (!found && (e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "kiosk.db.damaged-", 17) != 0 || strchr(e->d_name + 17, 'w'))
			continue;
		char p[600];
		snprintf(p, sizeof p, "%s/%s", work, e->d_name);
		size_t n;
		char *got = slurp(p, &n);
		found = got && n == wlen && memcmp(got, want, n) == 0;
		free(got);
	}
	closedir(d);
	return found;
}

static bool file_has(const char *path, const char *needle)
{
	size_t n;
	char *s = slurp(path, &n);
	if (!s)
		return false;
	s[n] = '\0';
	bool r = strstr(s, needle) != NULL;
	free(s);
	return r;
}

static void setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/ntmkiosk-restore-kill-XXXXXX");
	if (!mkdtemp(dir))
		die("mkdtemp");
	snprintf(work, sizeof work, "%s/k", dir);
	mkdir(work, 0700);
	snprintf(dbpath, sizeof dbpath, "%s/kiosk.db", work);
	snprintf(good, sizeof good, "%s/good.db", dir);
	snprintf(damaged, sizeof damaged, "%s/damaged.db", dir);
	const char *check[] = {bin, "check", "--db", dbpath, NULL};
	if (run(check, NULL) != 0)
		die("first start failed");
	/* Some thousands of visits, so a restore takes long enough to be cut
	 * at many points. */
	sql(dbpath, "INSERT INTO villages(name) VALUES ('Bản Khôi Phục');"
		    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000) "
		    "INSERT INTO visits(uuid, kiosk_id, started_at, lang) "
		    "SELECT printf('%08d-0000-4000-8000-%012d', i, i), "
		    "(SELECT value FROM meta WHERE key = 'kiosk_id'), "
		    "'2026-11-22T10:00:00Z', 'hmn' FROM n;");
	sqlite3 *h;
	sqlite3_open(dbpath, &h);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(h, "SELECT value FROM meta WHERE key = 'kiosk_id'", -1, &st, NULL);
	if (sqlite3_step(st) != SQLITE_ROW)
		die("no kiosk id");
	snprintf(kiosk_id, sizeof kiosk_id, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
	const char *backup[] = {bin, "backup", "--db", dbpath, "--out", good, NULL};
	if (run(backup, NULL) != 0)
		die("backup failed");
	/* The damaged database: the same file with a quarter zeroed in its
	 * middle, its journal folded in first. */
	sql(dbpath, "PRAGMA wal_checkpoint(TRUNCATE)");
	size_t n;
	char *bytes = slurp(dbpath, &n);
	memset(bytes + n / 2, 0, n / 4);
	spit(damaged, bytes, n);
	free(bytes);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		die("usage: restore_kill NTMKIOSK [ITERATIONS] [SEED]");
	bin = argv[1];
	int iterations = argc > 2 ? atoi(argv[2]) : 30;
	rng_state = argc > 3 ? strtoull(argv[3], NULL, 10) : (uint64_t)time(NULL);
	printf("# seed %llu\n", (unsigned long long)rng_state);
	setup();
	size_t dlen;
	char *dbytes = slurp(damaged, &dlen);
	char errfile[400];
	snprintf(errfile, sizeof errfile, "%s/err", dir);
	const char *restore[] = {bin, "restore", "--db", dbpath, "--from", good, NULL};
	const char *check[] = {bin, "check", "--db", dbpath, NULL};

	/* How long a whole restore takes here and now. */
	clean_work();
	spit(dbpath, dbytes, dlen);
	int64_t t0 = now_us();
	if (run(restore, errfile) != 0 || !is_restored(dbpath))
		die("a whole restore failed");
	int64_t span = now_us() - t0;
	printf("# a whole restore: %lld us\n", (long long)span);

	int passed = 0, n_damaged = 0, n_restored = 0;
	for (int i = 0; i < iterations; i++) {
		clean_work();
		spit(dbpath, dbytes, dlen);
		int64_t at = (int64_t)(rnd() % (uint64_t)(span * 12 / 10 + 1));
		pid_t pid = start(restore, NULL);
		struct timespec ts = {(time_t)(at / 1000000), (long)(at % 1000000) * 1000};
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		finish(pid);

		const char *why = NULL;
		struct stat st;
		size_t n = 0;
		char *now = stat(dbpath, &st) == 0 ? slurp(dbpath, &n) : NULL;
		bool was_damaged = now && n == dlen && memcmp(now, dbytes, n) == 0;
		bool restored = !was_damaged && now && n > 0 && is_restored(dbpath);
		free(now);
		if (!now)
			why = "no database at the path";
		else if (!was_damaged && !restored)
			why = "the database is neither the damaged one nor the restored one";
		else if (restored && !damaged_kept(dbytes, dlen))
			why = "the damaged file was lost";
		if (!why) {
			/* The next start. */
			int rc = run(check, errfile);
			if (was_damaged) {
				size_t m;
				char *after = slurp(dbpath, &m);
				if (rc != 1 || !file_has(errfile, "ntmkiosk restore --db"))
					why = "the next start did not stop with the restore advice";
				else if (!after || m != dlen || memcmp(after, dbytes, m) != 0)
					why = "the next start wrote into the damaged file";
				free(after);
			} else if (rc != 0 || !file_has(errfile, kiosk_id)) {
				why = "the next start did not find the kiosk's own database";
			}
		}
		if (why) {
			printf("not ok %d - kill after %lld us: %s\n", i + 1, (long long)at, why);
			fails++;
		} else {
			passed++;
			n_damaged += was_damaged;
			n_restored += restored;
		}
	}
	/* A whole restore after the kills leaves nothing of theirs behind. */
	if (run(restore, errfile) != 0 || !is_restored(dbpath)) {
		printf("not ok - a whole restore after the kills failed\n");
		fails++;
	}
	DIR *d = opendir(work);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL)
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			printf("not ok - left behind: %s\n", e->d_name);
			fails++;
		}
	if (d)
		closedir(d);
	/* Kills spread over the whole length must have cut it both before
	 * and after the copy took the database's place. */
	if (iterations >= 20 && (n_damaged == 0 || n_restored == 0)) {
		printf("not ok - the kills did not spread over the restore (%d damaged, %d "
		       "restored)\n",
		       n_damaged, n_restored);
		fails++;
	}
	printf("%d passed, %d failed (%d damaged, %d restored)\n", passed, fails, n_damaged,
	       n_restored);
	free(dbytes);
	if (!fails) {
		char cmd[400];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	}
	return fails ? 1 : 0;
}
