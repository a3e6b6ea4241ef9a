/*
 * backup: the kiosk's own daily copies of its database, and restoring one.
 *
 * Each database keeps its copies in a folder of its own beside it,
 * backups/<name>/ for <name>.db, named <kiosk>-YYYY-MM-DD.db (the first
 * eight characters of the kiosk id, the local date), so two databases in
 * one folder never share or overwrite each other's copies. The newest
 * `keep` copies of the kiosk are kept. A copy is made with the SQLite online
 * backup API while the kiosk runs; copies are mode 0600 and the folders
 * 0700 (they hold names and phones).
 *
 * Restoring is atomic: the good copy is written beside the database and
 * synced first; the current file is then given a second name
 * (DB.damaged-YYYYmmdd-HHMMSS, never deleted) and the copy renamed over it,
 * so a kill or power cut at any moment leaves a database at the path:
 * the one that was there, or the restored one. A copy of another kiosk is
 * refused unless the caller says otherwise (backup_check_kiosk).
 *
 * Copies made before copies had folders (backups/kiosk-YYYY-MM-DD.db) are
 * still offered for restoring when they are of the same kiosk.
 */
#ifndef NK_CORE_BACKUP_H
#define NK_CORE_BACKUP_H

#include "core/clock.h"
#include "core/db.h"

#include <stdbool.h>

#define BACKUP_KEEP 7

/* The folder of db_path's own copies (malloc'd). */
char *backup_dir(const char *db_path);

/* Makes today's copy if there is none yet, then deletes all but the newest
 * keep copies of this kiosk. *made (if not NULL) is set to true when a copy
 * was made. */
int backup_daily(struct db *db, const struct clock *clk, int keep, bool *made, char **err);

/* The kiosk id of the database or copy at path, read without writing to
 * it: true and out filled (36 characters) when it can be read. */
bool backup_kiosk_of(const char *path, char out[37]);

/* The newest copy of the database at db_path that passes integrity_check
 * (malloc'd), or NULL: from its own folder, and of its kiosk when the
 * database's kiosk can still be read. */
char *backup_newest_good(const char *db_path);

/* What an officer is told of a copy before restoring it (the records in it
 * are counted by records/backup_info.h). */
struct backup_copy {
	char kiosk_id[37]; /* "" when it cannot be read */
	char date[11];     /* YYYY-MM-DD: the daily copy's date, or the file's */
};

/* Fills c for the copy at path. */
int backup_copy_read(const char *path, struct backup_copy *c, char **err);

/* NK_OK when the copy at from is of the kiosk of the database at db_path.
 * The database's kiosk is read from it, or when it is too damaged for that,
 * from its own newest good copy. NK_EINVAL with a message naming both
 * kiosks when they differ, or saying that the database's kiosk cannot be
 * told (a copy from its own folder is then accepted). */
int backup_check_kiosk(const char *db_path, const char *from, char **err);

/* Replaces the database at db_path (which must not be open) with the copy
 * at from, atomically (see above). *aside (if not NULL) gets the name the
 * old file now has, when there was one. The kiosk is not checked here. */
int backup_restore(const char *db_path, const char *from, const struct clock *clk, char **aside,
		   char **err);

#endif
