/*
 * app: what the command-line files share: the parsed options, the database
 * opening and the ui loop. Private to app/.
 */
#ifndef NK_APP_APP_H
#define NK_APP_APP_H

#include "core/db.h"
#include "records/report.h"
#include "core/util.h"
#include "tui/ui.h"

#include <stdbool.h>

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct app {
	const char *db_path; /* from --db, or NULL for the default */
	const char *lang;    /* from --lang */
	const char *out;     /* from --out */
	int limit;           /* from --limit */
	const char *topic;   /* from --topic */
	const char *before;  /* from --before */
	const char *format, *from, *to, *period, *into;
	const char *province; /* report --from a server: only this province */
	const char *by;       /* report --by commune|kiosk */
	bool analysis;        /* report --analysis: add the question analysis */
	bool create_topics;   /* import questions --create-topics */
	bool anonymize;
	bool force;          /* from --force (restore: a copy of another kiosk) */
	int count;           /* from --count */
	bool kiosk;
	unsigned db_flags;   /* DB_OPEN_*: one-off readers skip the full check */
	char *datadir;
	char *localedir;
	/* contest */
	const char *name, *date, *place, *village, *members, *mode, *ids, *contest, *table;
	int seconds, points, team, member, qcount, reading;
	bool shuffle, member_sum, keyboard, new_contest;
	struct db *db;
};

/* Writes a message to stderr made safe for a terminal as the screen is
 * (text_sanitize, line breaks kept): messages quote file names, file bytes
 * and database text, which may hold escape sequences. Every message on
 * stderr goes through here. */
void eprintf(const char *fmt, ...) NK_PRINTF(1, 2);
/* "ntmkiosk: what: why" on stderr (through eprintf); returns EXIT_FAIL. */
int fail(const char *what, const char *why);
/* Opens (and on first use fills) the database into app->db. */
int open_db(struct app *app);
/* Runs the ui on this terminal with the kiosk's settings and daily backup. */
int run_ui(struct app *app, struct ui_opts *base);

int cmd_contest(struct app *app, int argc, char **argv);
/* push --to postgresql://...: the records to the national server. */
int cmd_push(struct app *app, int argc, char **argv);
/* conflicts: the records merges found changed in two places. */
int cmd_conflicts(struct app *app, int argc, char **argv);
/* report --from postgresql://...: the report from the national server. */
int report_from_server(struct app *app, const struct period *p,
		       const struct report_opts *opts, enum report_format f);
/* export contest: the prize list, participants and answers of one contest. */
int cmd_export_contest(struct app *app);

#endif
