/*
 * contest_store: contests in the database, shared by the processes that run
 * an event (the host console, the audience display, team terminals). The
 * engine's state lives in one text column; every change loads it, applies
 * one operation and saves it in a single IMMEDIATE transaction, so two
 * processes never lose each other's change and a crash loses nothing that
 * was committed. Readers poll `version` to see a change. This module knows
 * nothing of screens.
 */
#ifndef NK_QUIZZES_CONTEST_STORE_H
#define NK_QUIZZES_CONTEST_STORE_H

#include "core/clock.h"
#include "core/db.h"
#include "quizzes/contest.h"

#include <stdint.h>

/* Creates a contest in SETUP; held_on "YYYY-MM-DD", place may be NULL. */
int cstore_create(struct db *db, const struct clock *clk, const char *name, const char *held_on,
		  const char *place, enum contest_answering answering, char uuid_out[37],
		  char **err);

/* The newest contest (NK_ENOENT when there is none). */
int cstore_latest(struct db *db, char uuid_out[37], char **err);

/* Loads the state (caller frees with contest_free) and its version. */
int cstore_load(struct db *db, const struct clock *clk, const char *uuid, struct contest **out,
		int64_t *version, char **err);

/* The version alone: cheap enough to poll ten times a second. */
int cstore_version(struct db *db, const char *uuid, int64_t *version, char **err);

/* Load, op(ctx, contest), save, in one transaction. op returns 0 or an NK_E*
 * code; on failure nothing is saved. */
int cstore_apply(struct db *db, const struct clock *clk, const char *uuid,
		 int (*op)(void *ctx, struct contest *c, char **err), void *ctx, char **err);

/* Registers a team with its village and members (names comma-separated,
 * may be empty); returns its number (1, 2, …) in *team_no. */
int cstore_add_team(struct db *db, const struct clock *clk, const char *uuid, const char *name,
		    const char *village, const char *members, int *team_no, char **err);

/* Adds a round of count questions drawn (seeded) from the banks, one topic
 * or all (topic NULL). */
int cstore_add_round(struct db *db, const struct clock *clk, const char *uuid,
		     const struct contest_round_config *cfg, const char *topic, int count,
		     uint64_t seed, char **err);

#endif
