/*
 * searchbench: times the kiosk's own search (content_search, the code behind
 * `ntmkiosk search` and the search screen) inside one process, so that
 * process start-up does not hide it.
 *
 *   searchbench DB QUERIES REPEATS BUDGET_S
 *
 * Runs the queries of the file (one a line) in order, each REPEATS times
 * (once when a run takes over 50 ms: one run of that length is steady),
 * all languages, 20 hits, as `ntmkiosk search` does, and starts no new query
 * once BUDGET_S seconds have gone. Prints one line per query: wall ms and
 * CPU ms (medians over the repeats), the texts that match (counted apart,
 * untimed), and the query. Built by bench/run.sh against the static
 * libraries in the build folder.
 */
#include "content/search.h"
#include "core/db.h"
#include "core/fts.h"

#include <sqlite3.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fputs("usage: searchbench DB QUERIES REPEATS BUDGET_S\n", stderr);
		return 2;
	}
	double budget_ms = atof(argv[4]) * 1e3;
	int reps = atoi(argv[3]);
	if (reps < 1 || reps > 1000)
		reps = 1;
	struct db *db = NULL;
	char *err = NULL;
	if (db_open(argv[1], &db, &err) != 0) {
		fprintf(stderr, "searchbench: %s: %s\n", argv[1], err ? err : "cannot open");
		return 1;
	}
	FILE *f = fopen(argv[2], "r");
	if (!f) {
		perror(argv[2]);
		return 1;
	}
	double *wall = calloc((size_t)reps, sizeof *wall);
	double *cpu = calloc((size_t)reps, sizeof *cpu);
	sqlite3_stmt *count = NULL;
	if (sqlite3_prepare_v2(db_sqlite(db),
			       "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?1", -1,
			       &count, NULL) != SQLITE_OK) {
		fprintf(stderr, "searchbench: %s\n", sqlite3_errmsg(db_sqlite(db)));
		return 1;
	}
	char line[1024];
	double start = now_ms(CLOCK_MONOTONIC);
	while (now_ms(CLOCK_MONOTONIC) - start < budget_ms && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0])
			continue;
		size_t n = 0;
		int r;
		for (r = 0; r < reps && (r == 0 || wall[0] <= 50.0); r++) {
			struct search_hit *hits = NULL;
			double w0 = now_ms(CLOCK_MONOTONIC), c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
			if (content_search(db, line, NULL, 20, &hits, &n, &err) != 0) {
				fprintf(stderr, "searchbench: %s: %s\n", line, err ? err : "failed");
				return 1;
			}
			cpu[r] = now_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
			wall[r] = now_ms(CLOCK_MONOTONIC) - w0;
			search_free(&hits, n);
		}
		long long matches = 0;
		char *match = fts_query(line);
		if (match) {
			sqlite3_bind_text(count, 1, match, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(count) == SQLITE_ROW)
				matches = sqlite3_column_int64(count, 0);
			sqlite3_reset(count);
			free(match);
		}
		printf("%.4f\t%.4f\t%lld\t%s\n", median(wall, r), median(cpu, r), matches, line);
		fflush(stdout);
	}
	sqlite3_finalize(count);
	fclose(f);
	free(wall);
	free(cpu);
	db_close(&db);
	return 0;
}
