/*
 * safefile: the one way the program writes a whole file that must survive a
 * pulled USB stick or a power cut (exports, reports, backups, a restored or
 * new database). The data goes to a hidden temporary file in the target's
 * folder, created with the mode asked for; commit flushes it, fsyncs it,
 * renames it over the target and fsyncs the folder, so the target is always
 * either the old file or the whole new one, and a file reported as written
 * is on the disk. On any failure the temporary file is removed.
 *
 * It is not a general file API: it writes whole files only, never appends.
 *
 * Errors name the target path and the cause in words an officer
 * understands (err_errno in core/util.h): the disk is full, it is read-only,
 * no permission, the folder does not exist.
 *
 * On a file system that keeps no modes (FAT and exFAT, as on most USB
 * sticks) the mode is what the mount gives; the write does not fail for it.
 *
 * Ownership: a struct safefile is opaque; commit and abort free it and NULL
 * the caller's pointer.
 */
#ifndef NK_CORE_SAFEFILE_H
#define NK_CORE_SAFEFILE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/* The mode of every file that holds names, phones or answers. */
#define SAFEFILE_PRIVATE 0600

struct safefile;

/* Starts writing path: creates the temporary file (mode `mode`, whatever
 * the umask) in path's folder, which must exist. */
int safefile_open(const char *path, mode_t mode, struct safefile **out, char **err);

/* The temporary file's name (borrowed, lives as long as sf), for a library
 * that writes a file by name (libxlsxwriter, SQLite): the file exists, empty,
 * so the library keeps its mode. */
const char *safefile_tmp(const struct safefile *sf);

/* A stdio stream on the temporary file, owned by sf (commit and abort close
 * it). NULL with *err set if the stream cannot be made. */
FILE *safefile_stream(struct safefile *sf, char **err);

/* Flushes and closes the stream, sets the mode, and fsyncs the temporary
 * file: after it the data is on the disk under the temporary name, and
 * nothing has touched the target yet. Commit does this itself; it is public
 * for a caller that must do something between the two (restore sets the
 * damaged file aside only once the good copy is safe). On failure sf is
 * freed, the temporary file removed and *sf NULLed. */
int safefile_sync(struct safefile **sf, char **err);

/* safefile_sync if not done yet, then renames the temporary file over the
 * target and fsyncs the folder. *sf is freed and NULLed, success or not. */
int safefile_commit(struct safefile **sf, char **err);

/* Like safefile_commit, but never replaces a file that exists: NK_EEXIST
 * (and nothing changed, the temporary file removed) when the target exists
 * by then. For creating a new database while another process may be doing
 * the same. */
int safefile_commit_new(struct safefile **sf, char **err);

/* Closes and removes the temporary file; frees sf. NULL is allowed. */
void safefile_abort(struct safefile **sf);

/* Copies the file at from to the path to, the safe way, with mode. */
int safefile_copy(const char *from, const char *to, mode_t mode, char **err);

/* The errno to report for a write to path (a file, or a file in a folder)
 * that failed with e, where the writer (stdio, a library) may not have kept
 * it (e == 0): e when known, ENOSPC when path's file system is full (the
 * usual cause), else EIO. */
int safefile_errno(const char *path, int e);

/* Removes the temporary files that writers of path killed on the way left
 * beside it (and SQLite's journal files of those). Only for a caller that
 * knows no other writer of path is at work (restore: the database is
 * closed). */
void safefile_clean(const char *path);

/* fsyncs the folder holding path, so that names made or removed in it
 * (a rename, a hard link) are on the disk. */
int safefile_sync_dir(const char *path, char **err);

#endif
