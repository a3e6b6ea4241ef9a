/*
 * report: the figures a commune sends up every six months and at year end
 * (kiosk visits, article views, quizzes, the people who took part, contests
 * and citizens' questions), built as tables split by kiosk and commune, and
 * written as XLSX, CSV or JSON. It only reads the database: it does not merge
 * databases (records/merge does), choose the language (the caller sets
 * gettext's; titles and headers are English msgids) or print anything other
 * than the report file it is asked for.
 *
 * Ownership: report_build hands back a struct report the caller frees with
 * report_free; every string in it is malloc'd and owned by the report,
 * except the table ids, which are static.
 */
#ifndef NK_RECORDS_REPORT_H
#define NK_RECORDS_REPORT_H

#include "core/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

/* A reporting period in local dates, both days included. */
struct period {
	char from[11], to[11]; /* "2026-01-01", "2026-06-30" */
	char label[24];        /* "2026-H1", "2026-Q3", "2026-05", "2026" or
				  "2026-01-05..2026-02-10" */
};

/* Parses "YYYY" (the whole year), "YYYY-H1" (January to June), "YYYY-H2"
 * (July to December), "YYYY-Q1" to "YYYY-Q4" (quarters), "YYYY-MM" (a month)
 * or "YYYY-MM-DD..YYYY-MM-DD" (any days, both included, as period_range),
 * with a four-digit year from 1970 to 9999. A lower-case "h" or "q" is
 * accepted too, because that is how officers type it; the label is always
 * written in capitals. Everything else, such as "2026-H3", "2026-13", "26",
 * "2026-H1 " or "2026-02-30..2026-03-01", is NK_EINVAL with a message naming
 * the forms. */
int period_parse(const char *s, struct period *out, char **err);

/* The days from and to ("YYYY-MM-DD", days that exist, from 1970, from not
 * after to) as a period labelled "from..to". */
int period_range(const char *from, const char *to, struct period *out, char **err);

/* The periods officers choose from, counted back from a day. */
enum period_preset {
	PERIOD_THIS_MONTH,
	PERIOD_LAST_MONTH,
	PERIOD_THIS_QUARTER,
	PERIOD_LAST_QUARTER,
	PERIOD_THIS_HALF,
	PERIOD_LAST_HALF,
	PERIOD_THIS_YEAR,
	PERIOD_LAST_YEAR,
	PERIOD_PRESETS
};

/* The period `which` for the local day of now (the process's time zone),
 * and its name as a msgid ("Last quarter") when name is not NULL. */
int period_preset(enum period_preset which, time_t now, struct period *out,
		  const char **name, char **err);

/* The period as the half-open range [from_utc, to_utc) of the UTC times the
 * records hold ("2026-06-30T17:00:00Z" is 1 July 00:00 at UTC+7): local
 * midnight of the first day to local midnight after the last, in the
 * process's time zone (TZ). */
int period_bounds(const struct period *p, char from_utc[32], char to_utc[32], char **err);

/* The share of citizens' questions the communes are asked to answer. */
#define REPORT_ANSWER_TARGET 90

enum report_kind {
	REPORT_EMPTY,   /* no value: a share of nothing */
	REPORT_TEXT,    /* text */
	REPORT_COUNT,   /* a whole number in num */
	REPORT_PERCENT  /* 0 to 100 in num, written with one decimal */
};

struct report_cell {
	enum report_kind kind;
	char *text; /* REPORT_TEXT only; NULL otherwise */
	double num; /* REPORT_COUNT and REPORT_PERCENT */
};

struct report_table {
	const char *id;      /* stable id, see below (static) */
	char *title;         /* translated */
	char *sheet;         /* translated short name for a spreadsheet tab */
	size_t ncols, nrows;
	char **headers;      /* ncols translated headers */
	struct report_cell **rows; /* nrows rows of ncols cells */
	bool total_row;      /* the last row holds the totals of the rows above */
	char *note;          /* one line to show under the table, or NULL */
};

/*
 * The tables, in this order, with their ids and columns ("units" are one
 * column per commune, or per kiosk with report_opts.by_kiosk, in the order of
 * the kiosk tables' rows):
 *
 *   summary                    Figure, Value (one row per headline figure)
 *   visits                     Kiosk, Commune, Visits
 *   views_by_topic             Topic (Vietnamese title), Total, units...
 *   views_by_language          Language, Total, units...
 *   views_by_kiosk             Kiosk, Commune, Views
 *   quizzes                    Kiosk, Commune, Quizzes taken, Completed,
 *                              Average score (%)
 *   participants_by_village    Commune, Village, Participants
 *   participants_by_gender     Gender, Total, units...
 *   participants_by_ethnicity  Ethnicity, Total, units...
 *   participants_by_age        Age band, Total, units...
 *   participants_by_kiosk      Kiosk, Commune, Participants, Results saved
 *   contests                   Kiosk, Commune, Contests held, Teams,
 *                              Participants
 *   questions                  Kiosk, Commune, Received, Answered,
 *                              Answered (%), Target met
 *   communes                   Commune, Kiosks, Visits, Article views,
 *                              Quizzes taken, Quizzes completed,
 *                              Participants, Questions received,
 *                              Questions answered, Answered (%)
 *   by_month                   Month (YYYY-MM, local), Visits, Article views,
 *                              Quizzes taken, Quizzes completed, Contests
 *                              held, Questions received, Questions answered,
 *                              Answered (%)
 *   question_analysis          (report_opts.questions only) Question ID,
 *                              Question, Language, Answered, Right,
 *                              Right (%), Wrong option chosen most,
 *                              Chosen by, Timed out
 *
 * Every table but summary ends with a total row. What counts:
 *
 * - A record is in the period when its start (started_at, asked_at) is in
 *   period_bounds. Kiosk rows are every kiosk with a name or commune in the
 *   kiosks table, plus any other kiosk with records in the period (named by
 *   its id), ordered by commune and name in Vietnamese order.
 * - Quizzes taken are attempts started in the period; completed ones are
 *   those marked completed; the average score is the right answers over the
 *   questions of the completed attempts, as a percentage (empty with none).
 * - Participants are registered participants with at least one attempt in
 *   the period, counted once each, at the kiosk that registered them. Their
 *   age is the year the period ends minus their birth year (only the year is
 *   asked): under 16, 16-30, 31-45, 46-60, over 60, or unknown when no year
 *   was given or it gives an age below 0 or above 120. Genders and
 *   ethnicities outside the form's lists count as not given; every band and
 *   category is listed, even at zero.
 * - Contests are read from contests(uuid, kiosk_id, held_on, state),
 *   contest_teams(uuid, contest_uuid) and contest_members(uuid, team_uuid)
 *   when those tables exist, and are zero until they do. A contest counts on
 *   its held_on day (a local date), and only once it was run: one still in
 *   the engine's setup state was never held.
 * - A village is a village of a commune (its participant's kiosk's): the
 *   same name in two communes is two rows. Views whose article or topic is
 *   no longer listed are one row after the topics, shown only when not zero.
 * - The question analysis counts the answers of attempts started in the
 *   period, per question and the language of the quiz: answered (timed-out
 *   ones apart), right, the share right, and the wrong option (by its letter
 *   and text) chosen most among wrong answers; the least understood first.
 * - Questions received are those asked in the period; answered ones have a
 *   non-blank answer given before the period ended, so a report run later
 *   gives the same figures. The questions table's note (and the summary's
 *   last rows) say whether REPORT_ANSWER_TARGET is met.
 */
struct report {
	struct period period;
	size_t ntables;
	struct report_table *tables;
};

/* What a report holds besides the tables every report has. */
struct report_opts {
	bool by_kiosk;  /* the breakdowns get a column per kiosk, not per commune */
	bool questions; /* add question_analysis (it reads the answers table) */
};

/* Builds every table for period p from one consistent read of db. opts may
 * be NULL (by commune, no question analysis); report_build is that. */
int report_build_opts(struct db *db, const struct period *p, const struct report_opts *opts,
		      struct report **out, char **err);
int report_build(struct db *db, const struct period *p, struct report **out, char **err);

/* The label a report or export shows for a stored code ("female", "mong")
 * of what ("gender" or "ethnicity"), in the current language; NULL for a
 * code outside the form's lists. */
const char *report_value_label(const char *what, const char *value);
/* The table with that id, or NULL. Borrowed from r. */
const struct report_table *report_table(const struct report *r, const char *id);
void report_free(struct report **r);

enum report_format { REPORT_XLSX, REPORT_CSV, REPORT_JSON };

/*
 * Builds the report and writes it. With out not NULL the file goes there
 * (XLSX by way of a temporary file, since libxlsxwriter writes only to
 * paths); otherwise to out_path, written beside it and renamed, so out_path
 * is never half a report.
 *
 * XLSX: one sheet per table (title, bold header, numbers as numbers, widths
 *   to fit) and a last sheet of charts (participants by gender, ethnicity
 *   and age, questions answered per commune against the target, month by
 *   month, views by topic, visits by kiosk). Printed on A4: the summary on
 *   one portrait page with the commune, the day of making and places to
 *   sign; the other sheets landscape, as wide as a page, title and header
 *   row on every page; the charts two across, four a page; every page's
 *   header names the commune(s), the period and the day it was made.
 * CSV: every table one after another: a title line, the header, the rows,
 *   the note if any, then a blank line. RFC 4180 quoting, UTF-8 with a byte
 *   order mark, CRLF line ends, numbers with a dot, and any text cell that
 *   starts with = + - @ TAB or CR prefixed with ' so spreadsheets do not run
 *   it as a formula.
 * JSON: {"period":{"label","from","to"},"tables":[{"id","title","columns",
 *   "rows","note"}]} with counts and percentages as numbers, empty cells as
 *   null, and "note" null when a table has none.
 */
int report_write(struct db *db, const struct period *p, enum report_format f,
		 const char *out_path, FILE *out, char **err);
/* The same with opts (may be NULL). */
int report_write_opts(struct db *db, const struct period *p, const struct report_opts *opts,
		      enum report_format f, const char *out_path, FILE *out, char **err);

#endif
