/*
 * fuzz_villages_csv: a fuzz target for the villages CSV import. Each input
 * is written to a file and imported into a scratch database: a clear error
 * or a list of names, never a crash, and never a partial import (the count
 * of villages changes by the number reported or not at all).
 */
#include "core/db.h"
#include "records/attempts.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct db *db;
static char dir[64];

static int villages(void)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_sqlite(db), "SELECT count(*) FROM villages", -1, &st, NULL);
	sqlite3_step(st);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!db) {
		snprintf(dir, sizeof dir, "/tmp/ntmkiosk-fuzz-%ld", (long)getpid());
		char *path = malloc(128);
		snprintf(path, 128, "%s.db", dir);
		unlink(path);
		if (db_open(path, &db, NULL) != 0)
			abort();
		free(path);
	}
	char file[96];
	snprintf(file, sizeof file, "%s.csv", dir);
	FILE *f = fopen(file, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	int before = villages();
	size_t added = 0;
	char *err = NULL;
	int rc = villages_import_csv(db, file, &added, &err);
	int after = villages();
	if (rc != 0 && after != before)
		abort(); /* a failed import must leave nothing */
	if (rc == 0 && after < before)
		abort();
	free(err);
	unlink(file);
	return 0;
}

#ifndef NK_LIBFUZZER
#include "replay_main.h"
#endif
