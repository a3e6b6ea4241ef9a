/*
 * backup: the kiosk's own daily copies of its database, and restoring one.
 * Copies live in a "backups" folder beside the database, named
 * kiosk-YYYY-MM-DD.db (local date); the newest `keep` are kept. A copy is
 * made with the SQLite online backup API while the kiosk runs. Restoring
 * moves the damaged file aside (never deletes it) and puts a copy that
 * passes integrity_check in its place.
 */
#ifndef NK_CORE_BACKUP_H
#define NK_CORE_BACKUP_H

#include "core/clock.h"
#include "core/db.h"

#include <stdbool.h>

#define BACKUP_KEEP 7

/* The backups folder for a database path (malloc'd). */
char *backup_dir(const char *db_path);

/* Makes today's copy if there is none yet, then deletes all but the newest
 * keep copies. *made (if not NULL) is set to true when a copy was made. */
int backup_daily(struct db *db, const struct clock *clk, int keep, bool *made, char **err);

/* The newest copy in dir that passes integrity_check (malloc'd), or NULL. */
char *backup_newest_good(const char *dir);

/* Replaces the database at db_path (which must not be open) with the copy
 * at from: the old file and its -wal/-shm are renamed to
 * DB.damaged-YYYYmmdd-HHMMSS. *aside (if not NULL) gets that name. */
int backup_restore(const char *db_path, const char *from, const struct clock *clk, char **aside,
		   char **err);

#endif
