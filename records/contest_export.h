/*
 * contest_export: a contest's results for the officers: the prize list
 * (teams by rank, with their villages and members), the participation
 * record (one row per member), and every answer with the time it took. XLSX
 * holds the three as sheets and JSON as three arrays; a CSV file is one
 * table, chosen. Headers follow the UI language. It only reads.
 */
#ifndef NK_RECORDS_CONTEST_EXPORT_H
#define NK_RECORDS_CONTEST_EXPORT_H

#include "core/clock.h"
#include "core/db.h"
#include "records/export.h"

#include <stdio.h>

enum cexport_table { CEXPORT_RESULTS, CEXPORT_MEMBERS, CEXPORT_ANSWERS };

struct cexport_opts {
	const char *uuid;          /* the contest */
	enum export_format format;
	enum cexport_table table;  /* CSV only */
	/* As in export_opts: written beside it and renamed over it when
	 * complete, mode 0600; NULL writes to out (CSV and JSON only). */
	const char *out_path;
	FILE *out;
};

/* *rows (may be NULL) gets the data rows of the table(s) written. */
int contest_export(struct db *db, const struct cexport_opts *o, int64_t *rows, char **err);

/* "results", "members", "answers"; NK_ENOENT for any other name. */
int cexport_table_from_name(const char *name, enum cexport_table *out);

#endif
