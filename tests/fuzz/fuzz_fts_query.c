/*
 * fuzz_fts_query: a fuzz target for the search query builder. Whatever a
 * visitor types, the MATCH expression built from it must run against a
 * real FTS5 table without a syntax error. A replay main runs it over files
 * when built without libFuzzer.
 */
#include "core/db.h"
#include "core/fts.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *h;

static void open_once(void)
{
	if (h)
		return;
	if (sqlite3_open(":memory:", &h) != SQLITE_OK || fts_register(h, NULL) != 0 ||
	    sqlite3_exec(h,
			 "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'vnfold');"
			 "INSERT INTO t VALUES ('Đào tạo nghề cho người H''Mông ở bản');",
			 NULL, NULL, NULL) != SQLITE_OK)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	open_once();
	char *in = malloc(size + 1);
	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	char *q = fts_query(in);
	if (q) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(h, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &st, NULL) !=
		    SQLITE_OK)
			abort();
		sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW) {
			fprintf(stderr, "query %s from input failed: %s\n", q, sqlite3_errmsg(h));
			abort();
		}
		sqlite3_finalize(st);
		free(q);
	}
	free(in);
	return 0;
}

#ifndef NK_LIBFUZZER
#include "replay_main.h"
#endif
