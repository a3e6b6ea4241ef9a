/*
 * purge: removes personal data from older records while keeping every row,
 * so the anonymous counts of past periods do not change. Names, phones and
 * contacts go; village, gender, birth year and ethnic group stay, as they
 * are what the reports count.
 */
#ifndef NK_RECORDS_PURGE_H
#define NK_RECORDS_PURGE_H

#include "core/clock.h"
#include "core/db.h"

#include <stdint.h>

/* Clears personal fields of records made before the local date "YYYY-MM-DD"
 * (in one transaction) and, when it changed any, logs it; *people and
 * *questions get how many records were changed. */
int records_purge(struct db *db, const struct clock *clk, const char *before, int64_t *people,
		  int64_t *questions, char **err);

#endif
