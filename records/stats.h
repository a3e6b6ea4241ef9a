/*
 * stats: the few figures the officer dashboard shows for a span of time
 * (today, this month, this half-year). The period report has the full
 * tables; this is the glance.
 */
#ifndef NK_RECORDS_STATS_H
#define NK_RECORDS_STATS_H

#include "core/db.h"

#include <stddef.h>
#include <stdint.h>

struct stat_bar {
	char *label;
	int64_t value;
};

struct stats {
	int64_t visits, views, quizzes, completed, people, waiting;
	double avg_score; /* percent of right answers in completed quizzes; -1 if none */
	struct stat_bar *by_topic;   /* article views per topic (titles in lang) */
	size_t ntopics;
	struct stat_bar *by_lang;    /* article views per language (native names) */
	size_t nlangs;
};

/* Figures for [from, to) in UTC ISO 8601 (the caller turns local days into
 * that span); topic titles in lang. */
int stats_get(struct db *db, const char *from, const char *to, const char *lang,
	      struct stats *out, char **err);
void stats_clear(struct stats *s);

#endif
