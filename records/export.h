/*
 * export: writes one kind of record (participants, quiz attempts, answers,
 * article views or citizens' questions) to a CSV, XLSX or JSON file that a
 * commune officer opens in Excel or hands on to another tool. Columns are a
 * fixed table per kind with headers in the current UI language; times are
 * shown in the machine's local time zone. It only reads the database: it
 * never changes a record, never prints, and parses no command line beyond
 * the name lookups the CLI needs.
 */
#ifndef NK_RECORDS_EXPORT_H
#define NK_RECORDS_EXPORT_H

#include "core/db.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum export_what {
	EXPORT_PARTICIPANTS,
	EXPORT_ATTEMPTS,
	EXPORT_ANSWERS,
	EXPORT_VIEWS,
	EXPORT_QUESTIONS /* citizens' questions to the commune */
};

/* The smallest group an anonymized export shows (the setting
 * "anonymize_k" overrides it). */
#define EXPORT_K_MIN 5

enum export_format {
	EXPORT_CSV,  /* RFC 4180, UTF-8 with BOM, CRLF, header row */
	EXPORT_XLSX, /* one sheet, typed cells; needs out_path */
	EXPORT_JSON  /* an array of objects with stable English keys */
};

struct export_opts {
	enum export_what what;
	enum export_format format;
	/* "YYYY-MM-DD", inclusive, compared with each row's time as a local
	 * date; NULL leaves that end open. */
	const char *from, *to;
	/* Drops the columns that name or reach a person (full name, phone,
	 * participant name, citizen's name and contact), numbers the records
	 * 1, 2, ... within the export instead of their ids (and the ids that
	 * point at other records: participant, attempt), keeps only the day of
	 * every time, turns a birth year into its decade (1990: 1990 to 1999),
	 * and in the participants export leaves village, gender, decade and
	 * ethnic group blank in every row whose combination of the four fewer
	 * than k_min rows of the export share. Numbers do not match between
	 * two exports. */
	bool anonymize;
	int k_min; /* 0: EXPORT_K_MIN */
	/* The file to write. It appears only when the export is complete
	 * (written beside it, then renamed over it), with mode 0600 because
	 * it may hold personal data; on failure the path is left as it was.
	 * NULL: write to out instead (CSV and JSON only). */
	const char *out_path;
	/* Borrowed; flushed, never closed. Used only when out_path is NULL. */
	FILE *out;
	/* May be NULL. Called with (0, total) first, then at most every
	 * 100 ms while rows are written, and with (rows, total) at the end. */
	void (*progress)(void *ctx, int64_t done, int64_t total);
	void *progress_ctx;
};

/*
 * Runs one export. The rows come from one consistent snapshot of the
 * database, oldest first. *rows (if not NULL) gets the number of data rows
 * written (the header row not counted). The caller sets the UI language
 * (i18n_set_lang) first: headers and the sheet name follow it.
 * Fails with NK_EINVAL for bad options (a date that is not YYYY-MM-DD, from
 * after to, XLSX without a path, more rows than one Excel sheet holds),
 * NK_EIO / NK_EFULL / NK_EREADONLY for the output, or the database's code.
 */
int export_run(struct db *db, const struct export_opts *o, int64_t *rows, char **err);

/* Lookups for the CLI: "participants", "attempts", "answers", "views",
 * "questions" and "csv", "xlsx", "json". NK_ENOENT for any other name. */
int export_what_from_name(const char *name, enum export_what *out);
int export_format_from_name(const char *name, enum export_format *out);

/* The names above, for help texts and default file names (static strings;
 * NULL for a value outside the enum). */
const char *export_what_name(enum export_what what);
const char *export_format_name(enum export_format format);

#endif
