/*
 * backup_info: what an officer is told of a database copy before it
 * replaces the kiosk's database: which kiosk (its name and id), the copy's
 * date, and how many visits, quiz attempts and participants it holds. It
 * opens the copy read-only and writes nothing. Choosing and restoring the
 * copy is core/backup.h's business.
 */
#ifndef NK_RECORDS_BACKUP_INFO_H
#define NK_RECORDS_BACKUP_INFO_H

#include "core/backup.h"

#include <stdint.h>

struct backup_info {
	struct backup_copy copy; /* kiosk id and date */
	char *kiosk_name;        /* as officers set it (raw: sanitize to show); NULL if none */
	int64_t visits, attempts, participants; /* -1 when they cannot be counted */
};

/* Fills bi for the copy at path; backup_info_clear frees it (also after a
 * failure). */
int backup_info_read(const char *path, struct backup_info *bi, char **err);
void backup_info_clear(struct backup_info *bi);

#endif
