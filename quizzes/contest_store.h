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

/* Whether s is a day of the calendar written YYYY-MM-DD (from the year 2000 on). */
bool cstore_valid_date(const char *s);

/* Creates a contest in SETUP; held_on "YYYY-MM-DD" (NK_EINVAL otherwise), place may be NULL. */
int cstore_create(struct db *db, const struct clock *clk, const char *name, const char *held_on,
		  const char *place, enum contest_answering answering, char uuid_out[37],
		  char **err);

/* The newest contest (NK_ENOENT when there is none). */
int cstore_latest(struct db *db, char uuid_out[37], char **err);

/* The contest a screen started without one should follow: the newest that is under way
 * (started, not finished; *under_way true), else the newest (NK_ENOENT when there is none).
 * It loads the states: call it when something may have changed, not on every poll. */
int cstore_pick(struct db *db, const struct clock *clk, char uuid_out[37], bool *under_way,
		char **err);

/* Loads the state (caller frees with contest_free) and its version. */
int cstore_load(struct db *db, const struct clock *clk, const char *uuid, struct contest **out,
		int64_t *version, char **err);

/* After every change it commits, the store writes a byte to `<db>-contest.ping` (0600), so
 * that screens watching the database's folder learn of the change at once (CSTORE_PING is the
 * suffix they look for); they poll the version too, so nothing depends on it. */
#define CSTORE_PING "-contest.ping"
void cstore_ping(struct db *db);

/* The version alone: cheap enough to poll ten times a second. */
int cstore_version(struct db *db, const char *uuid, int64_t *version, char **err);

/* Load, op(ctx, contest), save, in one transaction. op returns 0 or an NK_E*
 * code; on failure nothing is saved. */
int cstore_apply(struct db *db, const struct clock *clk, const char *uuid,
		 int (*op)(void *ctx, struct contest *c, char **err), void *ctx, char **err);

/* Registers a team with its village and members (names comma-separated,
 * may be empty); returns its number (1, 2, …) in *team_no. A late team may
 * join a running contest (contest_add_team). */
int cstore_add_team(struct db *db, const struct clock *clk, const char *uuid, const char *name,
		    const char *village, const char *members, int *team_no, char **err);

/* Corrects the name of team team_no, in the contest and in its record, in any state. */
int cstore_rename_team(struct db *db, const struct clock *clk, const char *uuid, int team_no,
		       const char *name, char **err);

/* Adds a round of count questions drawn (seeded) from the banks, one topic
 * or all (topic NULL), among those no earlier round of the contest has. When
 * fewer are left than asked for, nothing is added: NK_EINVAL, and *left (may
 * be NULL) gets how many there are. */
int cstore_add_round(struct db *db, const struct clock *clk, const char *uuid,
		     const struct contest_round_config *cfg, const char *topic, int count,
		     uint64_t seed, size_t *left, char **err);

/* Adds a round of the questions with these ids, in this order. Named, a question may be one
 * an earlier round has; the same id twice in the list is refused (NK_EINVAL, naming it)
 * unless twice. */
int cstore_add_round_ids(struct db *db, const struct clock *clk, const char *uuid,
			 const struct contest_round_config *cfg, const char *const *ids, size_t n,
			 bool twice, char **err);

/* Adds a tie-break question drawn (seeded) from the banks among those the
 * contest has not used yet (contest_add_tiebreak's rules apply). */
int cstore_add_tiebreak(struct db *db, const struct clock *clk, const char *uuid, uint64_t seed,
			char **err);

/* One host, team or keyboard operation, as the screens and the CLI name it. */
struct cstore_op {
	enum contest_op op; /* START … RESCUE, END_ROUND, UNDO, REDO are host operations;
			       ANSWER, RETRACT, CORRECT take the fields below; INPUT sets
			       team's input; HOST claims the contest for the console `host`
			       (TIEBREAK uses cstore_add_tiebreak, TEAM and ROUND the
			       functions above) */
	int team, member;
	unsigned mask;
	enum contest_source source;
	int round, question; /* CORRECT only */
	enum contest_input input; /* INPUT only */
	/* A host step carries the state it was meant for: with expect, it is refused unless
	 * the contest is still in want_state at want_round, want_question. */
	bool expect;
	enum contest_state want_state;
	int want_round, want_question;
	/* A host console's token: its operations are refused once another console has
	 * claimed the contest (NULL: not from a console, as the CLI). */
	const char *host;
	struct contest_log *entry; /* UNDO, REDO: gets the entry (may be NULL) */
};
/* CONTEST_OP_REPLACE is taken as ANSWER; a tick (the time is up) is
 * cstore_tick. */
int cstore_do(struct db *db, const struct clock *clk, const char *uuid,
	      const struct cstore_op *op, char **err);
/* Locks the current question when its time is up; *locked tells whether it did. Any process
 * may call it (the display and team terminals do, so that time-up is written while the host's
 * console is down); only one of them locks, the others find nothing to do. */
int cstore_tick(struct db *db, const struct clock *clk, const char *uuid, bool *locked,
		char **err);

/* Whether another host console is open on contest uuid: each console holds a lock on a file
 * beside the database (`<db>-host-<uuid>.lock`, 0600) for as long as it runs, which the system
 * releases when it dies, however it dies. *fd gets the lock (close it to let go), or -1 with
 * *busy true when another console has it. NK_EIO when the file cannot be made. */
int cstore_host_lock(struct db *db, const char *uuid, int *fd, bool *busy, char **err);

struct cstore_info {
	char uuid[37];
	char *name, *held_on, *place, *kiosk_id, *started_at; /* place may be NULL */
	int64_t version;
};
/* A contest's record (clear with cstore_info_clear). */
int cstore_info(struct db *db, const char *uuid, struct cstore_info *out, char **err);
void cstore_info_clear(struct cstore_info *i);
/* Every contest, newest first (free with cstore_list_free). */
int cstore_list(struct db *db, struct cstore_info **out, size_t *n, char **err);
void cstore_list_free(struct cstore_info **list, size_t n);

struct cstore_team {
	int team_no;
	char *name, *village; /* village may be NULL */
	char **members;       /* nmembers names, in the order registered */
	size_t nmembers;
};
/* The registered teams of a contest by number (free with cstore_teams_free). */
int cstore_teams(struct db *db, const char *uuid, struct cstore_team **out, size_t *n,
		 char **err);
void cstore_teams_free(struct cstore_team **teams, size_t n);

#endif
