/*
 * visits: one row per kiosk visit, started when a visitor picks a language.
 * A visit carries a UUID and the kiosk id so that merged databases count each
 * visit once. No personal data is kept here.
 */
#ifndef NK_RECORDS_VISITS_H
#define NK_RECORDS_VISITS_H

#include "core/clock.h"
#include "core/db.h"

#include <stdint.h>

/* Records a visit in language lang at the clock's time; its UUID goes to
 * uuid_out when that is not NULL. Committed before it returns. */
int visits_start(struct db *db, const struct clock *clk, const char *lang, char uuid_out[37],
		 char **err);

/* Counts visits with started_at in [from, to) (ISO 8601 UTC strings; NULL
 * for no bound), optionally only in one language (lang NULL for all). */
int visits_count(struct db *db, const char *from, const char *to, const char *lang,
		 int64_t *count, char **err);

#endif
