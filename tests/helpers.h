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
	char *dir = xstrdup("/tmp/ntmkiosk-test-XXXXXX");
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

#endif
