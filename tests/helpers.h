/*
 * helpers: what several test programs need: a private temporary folder, the
 * language list and catalogs from the build tree. Header-only so each test
 * stays one file.
 */
#ifndef NK_TESTS_HELPERS_H
#define NK_TESTS_HELPERS_H

#include "core/i18n.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline char *test_tmpdir(void)
{
	/* mkdtemp's template: six X's after the prefix. */
	char *dir = xasprintf("/tmp/ntmkiosk-test-%6s", "");
	memset(dir + strlen(dir) - 6, 'X', 6);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		abort();
	}
	return dir;
}

static inline void test_rmdir(char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
	free(dir);
}

/* Loads the real language list and catalogs (paths from the test env). */
static inline void test_i18n_setup(void)
{
	const char *data = getenv("NTMKIOSK_DATADIR");
	const char *loc = getenv("NTMKIOSK_LOCALEDIR");
	if (!data || !loc) {
		fputs("NTMKIOSK_DATADIR and NTMKIOSK_LOCALEDIR must be set (meson test does)\n",
		      stderr);
		abort();
	}
	char *err = NULL;
	char *path = xasprintf("%s/locales/languages.tsv", data);
	if (i18n_init(loc, &err) != 0 || i18n_load_languages(path, &err) != 0) {
		fprintf(stderr, "i18n setup: %s\n", err);
		abort();
	}
	free(path);
}

static inline char *test_write(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(text, 1, strlen(text), f) != strlen(text) || fclose(f) != 0) {
		perror(path);
		abort();
	}
	return path;
}

#ifdef NK_TESTS_WITH_UI
#include "tui/ui.h"

static inline char *test_render(struct ui *ui, int w, int h)
{
	struct grid *g = grid_new(w, h);
	ui_draw(ui, g);
	char *d = grid_dump(g);
	grid_free(&g);
	return d;
}

/* Draws the ui at w x h and checks the frame every screen must keep at any
 * size: h rows none wider than w; below the smallest size the request to
 * enlarge, naming the size needed; from it up, the title bar on the first row
 * and the key bar on the last, each across the whole width, and the screen
 * itself between them. Returns the dump (the caller frees it). */
static inline char *test_check_frame(struct ui *ui, int w, int h)
{
	char *d = test_render(ui, w, h);
	const char *roles = strstr(d, "--- roles\n");
	const char *p = d;
	const char *row[2] = {NULL, NULL}; /* first and last rows of the role layer */
	for (int y = 0; y < h; y++) {
		const char *nl = strchr(p, '\n');
		if (!nl || (roles && p >= roles)) {
			fprintf(stderr, "%dx%d: %d rows, not %d:\n%s", w, h, y, h, d);
			abort();
		}
		char *line = xstrndup(p, (size_t)(nl - p));
		if (grid_text_width(line) > w) {
			fprintf(stderr, "%dx%d: row %d is wider:\n%s", w, h, y, d);
			abort();
		}
		free(line);
		p = nl + 1;
	}
	if (roles && p != roles) {
		fprintf(stderr, "%dx%d: more than %d rows:\n%s", w, h, h, d);
		abort();
	}
	bool small = w < UI_MIN_W || h < UI_MIN_H;
	if (small != (strcmp(ui_screen_name(ui), "enlarge") == 0)) {
		fprintf(stderr, "%dx%d: screen '%s'\n", w, h, ui_screen_name(ui));
		abort();
	}
	char need[32];
	snprintf(need, sizeof need, "→ %d×%d", UI_MIN_W, UI_MIN_H);
	if (small && w >= 16 && h >= 3 && !strstr(d, need)) {
		fprintf(stderr, "%dx%d: no '%s':\n%s", w, h, need, d);
		abort();
	}
	if (!small) {
		row[0] = roles + strlen("--- roles\n");
		row[1] = row[0];
		for (int y = 0; y < h - 1; y++)
			row[1] = strchr(row[1], '\n') + 1;
		for (int x = 0; x < w; x++) {
			if (row[0][x] != 'T' || (row[1][x] != 'b' && row[1][x] != 'K')) {
				fprintf(stderr, "%dx%d: title or key bar not whole at column %d:\n%s",
					w, h, x, d);
				abort();
			}
		}
	}
	return d;
}

/* Compares a screen dump with tests/golden/NAME.txt (rewritten first when
 * NTMKIOSK_UPDATE_GOLDEN is set, for a deliberate change). */
static inline void test_golden(const char *name, const char *got)
{
	char *path = xasprintf("%s/%s.txt", getenv("NTMKIOSK_GOLDEN"), name);
	if (getenv("NTMKIOSK_UPDATE_GOLDEN")) {
		FILE *f = fopen(path, "wb");
		if (!f || fputs(got, f) < 0 || fclose(f) != 0) {
			perror(path);
			abort();
		}
	}
	char *want = NULL, *err = NULL;
	size_t len;
	if (util_read_file(path, &want, &len, &err) != 0) {
		fprintf(stderr, "%s (run with NTMKIOSK_UPDATE_GOLDEN=1 to create it)\n", err);
		abort();
	}
	if (strcmp(want, got) != 0) {
		fprintf(stderr, "%s differs from the screen:\n--- want\n%s--- got\n%s", path, want,
			got);
		abort();
	}
	free(want);
	free(path);
}
#endif

#ifdef NK_TESTS_WITH_FIXTURE_DB
#include "content/articles.h"
#include "content/topics.h"
#include "core/db.h"
#include "quizzes/qstore.h"

/* A new database at DIR/k.db with the topics, the test articles and the
 * fixture bank (fx-001 single, fx-002 multi, fx-003 true/false). */
static inline struct db *test_fixture_db(const char *dir)
{
	test_i18n_setup();
	char *path = xasprintf("%s/k.db", dir), *err = NULL;
	struct db *db = NULL;
	const char *root = getenv("NTMKIOSK_DATADIR");
	char *topics = xasprintf("%s/content/topics.tsv", root);
	char *arts = xasprintf("%s/tests/data/articles", root);
	char *bank = xasprintf("%s/tests/data/banks/vi/ocop.gift", root);
	const char *banks[] = {bank};
	struct content_report rep = {0};
	struct qimport_report qrep = {0};
	if (db_open(path, &db, &err) || topics_import(db, topics, &err) ||
	    content_import(db, arts, &rep, &err) || questions_import(db, banks, 1, &qrep, &err)) {
		fprintf(stderr, "fixture database: %s\n", err);
		abort();
	}
	content_report_clear(&rep);
	qimport_report_clear(&qrep);
	free(topics);
	free(arts);
	free(bank);
	free(path);
	return db;
}
#endif

#endif
