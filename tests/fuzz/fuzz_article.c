/*
 * fuzz_article: a fuzz target for the article parsers (front matter, then
 * the Markdown body through md4c into blocks, the plain text for the index,
 * and the search query builder on the same bytes). Built with libFuzzer
 * (-Dfuzzing=true, clang) it fuzzes; built without, the replay main below
 * runs it over the files or folders named on the command line, so the seed
 * corpus is a regression test on every machine.
 */
#include "content/articles.h"
#include "content/markdown.h"
#include "core/fts.h"
#include "core/i18n.h"
#include "core/text.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct article_src a;
	char *err = NULL;
	if (article_src_parse("fuzz.md", text, size, "vi", &a, &err) == 0) {
		struct md_doc *doc = NULL;
		if (mdoc_parse(a.body, strlen(a.body), &doc, NULL) == 0) {
			char *plain = mdoc_plain(doc);
			free(plain);
			mdoc_free(&doc);
		}
		article_src_clear(&a);
	}
	free(err);
	/* The body parser on its own, also on bytes a front matter would reject. */
	char *copy = malloc(size + 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	struct md_doc *doc = NULL;
	if (mdoc_parse(copy, size, &doc, NULL) == 0)
		mdoc_free(&doc);
	char *q = fts_query(copy);
	free(q);
	char *clean = text_sanitize(copy, size, true, NULL);
	for (const char *p = clean; *p; p++)
		if (*p == 0x1b) /* an escape must never survive */
			abort();
	free(clean);
	free(copy);
	return 0;
}

#ifndef NK_LIBFUZZER
static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	if (!buf)
		return 1;
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int run_path(const char *path, int *count)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		perror(path);
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return run_file(path);
	}
	DIR *d = opendir(path);
	if (!d)
		return 1;
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		size_t len = strlen(path) + strlen(e->d_name) + 2;
		char *sub = malloc(len);
		snprintf(sub, len, "%s/%s", path, e->d_name);
		rc |= run_path(sub, count);
		free(sub);
	}
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	int rc = 0, count = 0;
	for (int i = 1; i < argc; i++)
		rc |= run_path(argv[i], &count);
	printf("replayed %d inputs\n", count);
	text_cleanup();
	return rc || count == 0;
}
#endif
