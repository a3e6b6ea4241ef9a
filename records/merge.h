/*
 * merge: copies the records of another kiosk's database into this one, as a
 * district office does with the files communes bring in. Records are matched
 * by their keys (UUIDs, and kiosk ids for kiosks) and carry versions
 * (records/schema.c): of two versions of one record the newer wins, so an
 * answer, a publication, a finished attempt, a purge or a kiosk's new name
 * travels on however often the record was merged before. Merging the same
 * file twice changes nothing, and merging files in any order gives the same
 * records. Two changes of one record made in two places, neither on top of
 * the other, are resolved by the same rule and the losing version is kept in
 * sync_conflicts for officers to read. It does
 * not merge content (articles, question banks, topics, villages) or the
 * officer log, and it does not compute reports (records/report does).
 */
#ifndef NK_RECORDS_MERGE_H
#define NK_RECORDS_MERGE_H

#include "core/db.h"

#include <stddef.h>
#include <stdint.h>

/* The merged tables, in the order they are copied (parents first). */
enum merge_table {
	MERGE_KIOSKS,
	MERGE_PARTICIPANTS,
	MERGE_ATTEMPTS,
	MERGE_ANSWERS,
	MERGE_VISITS,
	MERGE_VIEWS,
	MERGE_CITIZEN_QUESTIONS,
	MERGE_CONTESTS,
	MERGE_CONTEST_TEAMS,
	MERGE_CONTEST_MEMBERS,
	MERGE_NTABLES
};

/* The SQL name of a merged table ("citizen_questions"); static. */
const char *merge_table_name(enum merge_table t);

/* At most this many conflict lines are kept; conflicts counts them all. */
#define MERGE_MAX_LINES 1000

struct merge_report {
	int64_t added[MERGE_NTABLES];   /* rows copied in */
	int64_t updated[MERGE_NTABLES]; /* rows replaced by a newer version */
	int64_t same[MERGE_NTABLES];    /* rows already here, the same version */
	int64_t kept[MERGE_NTABLES];    /* rows here newer than the source's */
	int64_t conflicts; /* records changed in two places (one version set
			    * aside in sync_conflicts), and rows left out */
	int64_t left_out;  /* rows that cannot be copied (no parent, a unique
			    * clash): the only records a merge does not bring */
	/* "table key: what", e.g. "participants 9f0c…: changed in two places
	 * (village, phone); kept the change of <kiosk id>"; column names only,
	 * never the values, since they can be personal data. Malloc'd; free
	 * with merge_report_free. */
	char **conflict_lines;
	size_t nconflicts;
};

/*
 * Merges the database file src_path into `into`, in one transaction: on any
 * error nothing changes. The source is attached read-only and is never
 * written; a source with no -wal beside it is opened immutable, so no -shm
 * or -wal is left beside it either (it may be on a read-only stick). It must
 * be at the same schema version as into (otherwise NK_EINVAL, "SRC: schema
 * version 3; open it once with this version of ntmkiosk first") and must not
 * be the same file under any name (NK_EINVAL).
 *
 * Per table, a source row whose key is not here is copied; one whose key is
 * here replaces the row here when its (sync_version, sync_by) is greater,
 * and is otherwise left out (the same version, or an older one). A row
 * whose parent is not here once the parents are copied (an attempt whose
 * participant is in neither file, an answer whose attempt was itself left
 * out), or that clashes with another row on a unique column (two answers at
 * one position of an attempt), is left out and counted as a conflict too.
 *
 * *rep is overwritten (free an old one first); on failure it is left empty.
 */
int merge_into(struct db *into, const char *src_path, struct merge_report *rep, char **err);

void merge_report_free(struct merge_report *rep);

#endif
