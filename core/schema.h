/*
 * schema: how the layers hand their tables to the migration runner.
 *
 * Each layer owns its tables and their history in its own folder
 * (content/schema.c, quizzes/schema.c, records/schema.c; core/db.c keeps only
 * `meta`). A step belongs to one schema version: PRAGMA user_version is one
 * number for the whole file, and db_migrate takes it from n-1 to n by running
 * every layer's steps for n, in layer order (core, content, quizzes,
 * records), in one transaction. A database opened by any tool, whatever
 * layers that tool links, is therefore always brought up to date as a whole:
 * the layers' step lists are compiled into the core library for this reason,
 * while their text lives with the layer that reads and writes the tables.
 *
 * Steps are append-only: databases at every version ever shipped are in the
 * field, so a shipped step is never edited; a change is a new step with the
 * next version. Versions may have steps in several layers.
 */
#ifndef NK_CORE_SCHEMA_H
#define NK_CORE_SCHEMA_H

#include <stddef.h>

struct db_step {
	int version;     /* the user_version this step belongs to, from 1 */
	const char *sql; /* statements, run with sqlite3_exec */
};

struct db_layer {
	const char *name;
	const struct db_step *steps; /* ascending by version */
	size_t nsteps;
};

extern const struct db_layer db_layer_core, db_layer_content, db_layer_quizzes,
	db_layer_records;

#endif
