/*
 * officer_jobs: the officer's jobs on a folder (a USB stick) and the
 * translation counts, below the screens: the export bundle, the backup, the
 * import of articles and banks. A screen starts a job and shows what it
 * tells: lines for the officer (through say) and, for the long ones, the
 * progress (through progress, often enough to redraw a bar, never more than
 * ten times a second). Every job is written in the officer log. Nothing
 * here draws or prints.
 */
#ifndef NK_RECORDS_OFFICER_JOBS_H
#define NK_RECORDS_OFFICER_JOBS_H

#include "core/clock.h"
#include "core/db.h"
#include "records/report.h"

#include <stdbool.h>
#include <stdint.h>

struct ojob_cb {
	/* A line for the officer, in the UI language (or a file's English
	 * message, then what it means); the callee takes msg. */
	void (*say)(void *ctx, char *msg);
	/* May be NULL. The file being written (its name in the folder), its
	 * rows done and total; called with (file, 0, total) as each file
	 * starts and (file, total, total) when it is whole. */
	void (*progress)(void *ctx, const char *file, int64_t done, int64_t total);
	void *ctx;
};

/*
 * Everything officers send up, into the folder dir: each table as XLSX and
 * as CSV, named <table>-<period or day>[-anon].<ext>, and the report of
 * span (NULL: every record, and the report of the current half-year).
 * anon: anonymized exports (the setting anonymize_k is the smallest group).
 * Returns NK_OK when every file was written, else the first failure's
 * code (the others are still tried and told).
 */
int ojob_export(struct db *db, const struct clock *clk, const char *dir,
		const struct period *span, bool anon, const struct ojob_cb *cb);

/* A safe copy of the database in dir, ntmkiosk-<kiosk>-<local day>.db. */
int ojob_backup(struct db *db, const struct clock *clk, const char *dir,
		const struct ojob_cb *cb);

/* Articles (dir/articles) and question banks (dir/banks) from dir, all or
 * nothing, as the command line imports them. */
int ojob_import(struct db *db, const struct clock *clk, const char *dir,
		const struct ojob_cb *cb);

/* How far one language's translations are. */
struct ojob_tcount {
	int64_t articles, questions;                   /* in any language */
	int64_t art_texts, art_reviewed, q_texts, q_reviewed; /* in this one */
};

/* The counts for the language lang. */
int ojob_translation_counts(struct db *db, const char *lang, struct ojob_tcount *out,
			    char **err);

#endif
