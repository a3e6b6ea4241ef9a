/*
 * safefile: write beside, fsync, rename, fsync the folder. The order is the
 * whole point: the file's data must be on the disk before the rename makes
 * it visible under the real name (or a power cut can leave an empty file
 * there, which ext4 and vfat both do), and the folder must be synced after
 * the rename (or a power cut can bring back the old name).
 */
#define _GNU_SOURCE /* renameat2 */
#include "core/safefile.h"

#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

struct safefile {
	char *path; /* the target */
	char *tmp;  /* the hidden file beside it */
	char *dir;  /* their folder */
	int fd;     /* on tmp until synced; -1 after */
	FILE *f;    /* a stream on fd, when asked for */
	mode_t mode;
	bool synced;
};

/* FAT and exFAT, the file systems of most USB sticks, keep no modes: there a
 * chmod that takes bits away fails with EPERM, and who may read the file is
 * what the mount says. The file is one we have just made, so EPERM can mean
 * nothing else and is not an error. */
static int set_mode(int fd, mode_t mode)
{
	if (fchmod(fd, mode) == 0 || errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP)
		return 0;
	return -1;
}

static void sf_free(struct safefile *sf, bool remove_tmp)
{
	if (sf->f)
		fclose(sf->f);
	else if (sf->fd >= 0)
		close(sf->fd);
	if (remove_tmp)
		unlink(sf->tmp);
	free(sf->path);
	free(sf->tmp);
	free(sf->dir);
	free(sf);
}

int safefile_open(const char *path, mode_t mode, struct safefile **out, char **err)
{
	*out = NULL;
	const char *slash = path ? strrchr(path, '/') : NULL;
	const char *base = slash ? slash + 1 : path;
	if (!base || !base[0])
		return err_set(err, NK_EINVAL, "%s: not a file name", path ? path : "");
	struct safefile *sf = xcalloc(1, sizeof *sf);
	sf->path = xstrdup(path);
	sf->dir = !slash ? xstrdup(".") : slash == path ? xstrdup("/")
						      : xstrndup(path, (size_t)(slash - path));
	sf->mode = mode;
	/* mkostemp's template ends in six X's, spelled out at run time. */
	sf->tmp = xasprintf("%s/.%s.%6s", sf->dir, base, "");
	memset(sf->tmp + strlen(sf->tmp) - 6, 'X', 6);
	/* mkstemp creates the file 0600 whatever the umask; fchmod gives
	 * the mode asked for, also whatever the umask. */
	sf->fd = mkostemp(sf->tmp, O_CLOEXEC);
	if (sf->fd < 0) {
		int rc = err_write(err, errno, path);
		sf->fd = -1;
		free(sf->path);
		free(sf->tmp);
		free(sf->dir);
		free(sf);
		return rc;
	}
	if (set_mode(sf->fd, mode) != 0) {
		int rc = err_write(err, errno, path);
		sf_free(sf, true);
		return rc;
	}
	*out = sf;
	return NK_OK;
}

const char *safefile_tmp(const struct safefile *sf)
{
	return sf->tmp;
}

FILE *safefile_stream(struct safefile *sf, char **err)
{
	if (!sf->f && sf->fd >= 0) {
		sf->f = fdopen(sf->fd, "wb");
		if (!sf->f)
			err_write(err, errno, sf->path);
	}
	return sf->f;
}

static bool full(const struct statvfs *sv)
{
	return sv->f_bavail == 0 || sv->f_bfree == 0;
}

int safefile_errno(const char *path, int e)
{
	if (e)
		return e;
	struct statvfs sv;
	if (statvfs(path, &sv) == 0)
		return full(&sv) ? ENOSPC : EIO;
	const char *slash = strrchr(path, '/');
	char *dir = !slash ? xstrdup(".") : slash == path ? xstrdup("/")
						       : xstrndup(path, (size_t)(slash - path));
	int r = statvfs(dir, &sv) == 0 && full(&sv) ? ENOSPC : EIO;
	free(dir);
	return r;
}

int safefile_sync(struct safefile **sfp, char **err)
{
	struct safefile *sf = *sfp;
	if (sf->synced)
		return NK_OK;
	int e = 0;
	if (sf->f) {
		errno = 0;
		if (fflush(sf->f) != 0)
			e = errno ? errno : EIO;
		else if (ferror(sf->f)) /* a write failed earlier; stdio kept no errno */
			e = safefile_errno(sf->tmp, 0);
		/* A write error can surface only at close (NFS, FUSE). */
		if (fclose(sf->f) != 0 && !e)
			e = errno ? errno : EIO;
		sf->f = NULL;
		sf->fd = -1;
	} else if (sf->fd >= 0) {
		if (close(sf->fd) != 0)
			e = errno;
		sf->fd = -1;
	}
	/* Opened again by name: a library that wrote the file by name may have
	 * made a new one, and it is that file the target must become. */
	if (!e) {
		int fd = open(sf->tmp, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0) {
			e = errno;
		} else {
			if (set_mode(fd, sf->mode) != 0 || fsync(fd) != 0)
				e = errno;
			close(fd);
		}
	}
	if (e) {
		int rc = err_write(err, e, sf->path);
		sf_free(sf, true);
		*sfp = NULL;
		return rc;
	}
	sf->synced = true;
	return NK_OK;
}

/* The folder's entry for the new name is on the disk only once the folder
 * is synced. A file system that cannot sync a folder says EINVAL: there is
 * nothing more to do there. */
static int sync_dir(const char *dir, const char *path, char **err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return err_write(err, errno, path);
	int rc = NK_OK;
	if (fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP)
		rc = err_write(err, errno, path);
	close(fd);
	return rc;
}

int safefile_sync_dir(const char *path, char **err)
{
	const char *slash = strrchr(path, '/');
	char *dir = !slash ? xstrdup(".") : slash == path ? xstrdup("/")
						       : xstrndup(path, (size_t)(slash - path));
	int rc = sync_dir(dir, path, err);
	free(dir);
	return rc;
}

static int finish(struct safefile **sfp, bool replace, char **err)
{
	int rc = safefile_sync(sfp, err);
	if (rc)
		return rc;
	struct safefile *sf = *sfp;
	*sfp = NULL;
	int r;
	if (replace) {
		r = rename(sf->tmp, sf->path);
	} else {
		r = renameat2(AT_FDCWD, sf->tmp, AT_FDCWD, sf->path, RENAME_NOREPLACE);
		/* A file system without RENAME_NOREPLACE: a hard link is just
		 * as atomic and refuses an existing name too. */
		if (r != 0 && (errno == EINVAL || errno == ENOSYS)) {
			r = link(sf->tmp, sf->path);
			if (r == 0)
				unlink(sf->tmp);
		}
		/* Nor hard links (FAT): a last look, then a plain rename. */
		struct stat st;
		if (r != 0 && (errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP)) {
			if (lstat(sf->path, &st) == 0)
				errno = EEXIST;
			else
				r = rename(sf->tmp, sf->path);
		}
	}
	if (r != 0) {
		rc = errno == EEXIST && !replace
			     ? err_set(err, NK_EEXIST, "%s: exists already", sf->path)
			     : err_write(err, errno, sf->path);
		sf_free(sf, true);
		return rc;
	}
	rc = sync_dir(sf->dir, sf->path, err);
	sf_free(sf, false);
	return rc;
}

int safefile_commit(struct safefile **sf, char **err)
{
	return finish(sf, true, err);
}

int safefile_commit_new(struct safefile **sf, char **err)
{
	return finish(sf, false, err);
}

void safefile_abort(struct safefile **sf)
{
	if (!sf || !*sf)
		return;
	sf_free(*sf, true);
	*sf = NULL;
}

int safefile_copy(const char *from, const char *to, mode_t mode, char **err)
{
	int in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return err_set(err, errno == ENOENT ? NK_ENOENT : NK_EIO, "%s: %s", from,
			       strerror(errno));
	struct safefile *sf = NULL;
	int rc = safefile_open(to, mode, &sf, err);
	char buf[65536];
	while (!rc) {
		ssize_t got = read(in, buf, sizeof buf);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			rc = err_set(err, NK_EIO, "%s: %s", from, strerror(errno));
		if (got <= 0)
			break;
		for (ssize_t off = 0; !rc && off < got;) {
			ssize_t put = write(sf->fd, buf + off, (size_t)(got - off));
			if (put < 0 && errno != EINTR)
				rc = err_write(err, errno, to);
			else if (put > 0)
				off += put;
		}
	}
	close(in);
	if (!rc)
		return safefile_commit(&sf, err);
	safefile_abort(&sf);
	return rc;
}

/* ".<base>.XXXXXX", maybe with a journal suffix: a temporary file of base. */
static bool is_tmp_of(const char *name, const char *base)
{
	size_t bl = strlen(base);
	if (name[0] != '.' || strncmp(name + 1, base, bl) != 0 || name[bl + 1] != '.')
		return false;
	const char *x = name + bl + 2;
	for (int i = 0; i < 6; i++)
		if (!x[i] || !strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
				     x[i]))
			return false;
	return !x[6] || strcmp(x + 6, "-wal") == 0 || strcmp(x + 6, "-journal") == 0 ||
	       strcmp(x + 6, "-shm") == 0;
}

void safefile_clean(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *dir = !slash ? xstrdup(".") : slash == path ? xstrdup("/")
						       : xstrndup(path, (size_t)(slash - path));
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL)
		if (is_tmp_of(e->d_name, base)) {
			char *p = xasprintf("%s/%s", dir, e->d_name);
			unlink(p);
			free(p);
		}
	if (d)
		closedir(d);
	free(dir);
}
