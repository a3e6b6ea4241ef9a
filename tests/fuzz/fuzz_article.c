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
#include "replay_main.h"
#endif
