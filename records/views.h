/*
 * views: one anonymous row per article opened on the kiosk, for officers'
 * reports of what is read, in which language and for how long. A view carries
 * a UUID and the kiosk id so that merged databases count each view once. It
 * records no visitor, no visit and no path through the screens, and it does
 * not format reports.
 */
#ifndef NK_RECORDS_VIEWS_H
#define NK_RECORDS_VIEWS_H

#include "core/clock.h"
#include "core/db.h"

#include <stdint.h>

/* Records that the article slug was opened in lang at the clock's time, with
 * 0 seconds; its UUID goes to uuid_out when that is not NULL. Committed before
 * it returns. */
int views_start(struct db *db, const struct clock *clk, const char *slug, const char *lang,
		char uuid_out[37], char **err);

/* Sets the seconds the article stayed on screen: the clock's time minus the
 * start, in whole seconds (the start is stored to the second), never
 * negative, and capped at 3600 so an abandoned kiosk does not count hours.
 * Calling it again for the same view recomputes from the start. NK_ENOENT if
 * no view has that uuid. */
int views_finish(struct db *db, const struct clock *clk, const char *uuid, char **err);

/* Counts views with started_at in [from, to) (ISO 8601 UTC strings; NULL for
 * no bound), optionally only in one language (lang NULL for all). */
int views_count(struct db *db, const char *from, const char *to, const char *lang,
		int64_t *count, char **err);

#endif
