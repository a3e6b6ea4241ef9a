/*
 * pg: the national level on PostgreSQL (docs/architecture.md, "Records that
 * travel"). A database's records are pushed to a server with the same rule
 * as merge: every row is copied into a staging table, then each table takes
 * the rows it lacks and the newer versions of those it has, all in one
 * transaction (safe to repeat, safe to interrupt). The national tables are
 * the travelling tables with the same columns plus the province, partitioned
 * by province and keyed by (province, uuid), so they can be distributed by
 * province later without changing keys.
 *
 * The report from the server: the server selects the period's rows (and a
 * province's, if asked) and pg_fetch_period copies them into a scratch
 * database, which records/report then reads with the same code as any
 * kiosk's or district's file, so the figures cannot drift apart.
 */
#ifndef NK_RECORDS_PG_H
#define NK_RECORDS_PG_H

#include "core/db.h"
#include "records/merge.h"

#include <stdbool.h>
#include <stdint.h>

/* True for "postgresql://..." and "postgres://..." (a libpq URI). */
bool pg_is_uri(const char *s);

struct pg_push_report {
	int64_t sent[MERGE_NTABLES];    /* rows sent */
	int64_t written[MERGE_NTABLES]; /* rows new or newer on the server */
};

/* Pushes every travelling record of db to the server at conninfo, creating
 * or extending the national tables first. All or nothing. */
int pg_push(struct db *db, const char *conninfo, struct pg_push_report *rep, char **err);

/* Copies from the server the rows the report reads for [from_utc, to_utc)
 * (province: only that province's, or NULL for all) into into, which must
 * be a database holding no records. Names and phones are not fetched. */
int pg_fetch_period(const char *conninfo, const char *from_utc, const char *to_utc,
		    const char *province, struct db *into, char **err);

#endif
