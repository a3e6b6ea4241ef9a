/*
 * The bundled question banks are data, tested like code: every file parses
 * with no error and no unplayable question; each question has an id, a
 * topic matching its file, a difficulty, an explanation and an article that
 * exists; the three languages hold the same ids with the same answer key;
 * and the Hmong and Dao files say they are drafts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"
#include "quizzes/gift.h"
#include "quizzes/question.h"

#include <dirent.h>
#include <sys/stat.h>

static const char *const langs[] = {"vi", "hmn", "ium"};

struct loaded {
	struct bank b[3][32];
	char *topic[32];
	size_t ntopics;
};

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static void load_lang(struct loaded *L, int li, const char *root)
{
	for (size_t t = 0; t < L->ntopics; t++) {
		char *path = xasprintf("%s/quizzes/banks/%s/%s.gift", root, langs[li], L->topic[t]);
		char *text = NULL, *err = NULL;
		size_t len;
		if (util_read_file(path, &text, &len, &err) != 0)
			fail_msg("%s", err);
		if (gift_parse(path, text, len, &L->b[li][t], &err) != 0)
			fail_msg("%s", err);
		if (L->b[li][t].nnotes)
			fail_msg("%s", L->b[li][t].notes[0]);
		const char *status = li == 0 ? "// [status:reviewed]" : "// [status:draft]";
		if (!strstr(text, status))
			fail_msg("%s: no '%s' line", path, status);
		free(text);
		free(path);
	}
}

static void test_banks(void **state)
{
	(void)state;
	const char *root = getenv("NTMKIOSK_DATADIR");
	struct loaded *L = xcalloc(1, sizeof *L);
	char *vi_dir = xasprintf("%s/quizzes/banks/vi", root);
	DIR *d = opendir(vi_dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n > 5 && strcmp(e->d_name + n - 5, ".gift") == 0 && L->ntopics < 32)
			L->topic[L->ntopics++] = xstrndup(e->d_name, n - 5);
	}
	closedir(d);
	free(vi_dir);
	assert_true(L->ntopics >= 9);
	for (int li = 0; li < 3; li++)
		load_lang(L, li, root);
	size_t total = 0;
	for (size_t t = 0; t < L->ntopics; t++) {
		const struct bank *vi = &L->b[0][t];
		total += vi->n;
		for (size_t i = 0; i < vi->n; i++) {
			const struct question *q = &vi->q[i];
			assert_non_null(q->id);
			if (!q->topic || strcmp(q->topic, L->topic[t]) != 0)
				fail_msg("%s: topic %s in %s.gift", q->id, q->topic ? q->topic : "-",
					 L->topic[t]);
			assert_true(q->difficulty >= 1 && q->difficulty <= 3);
			assert_true(q->explanation[0] != '\0');
			assert_true(qtype_info(q->type)->playable);
			assert_non_null(q->article);
			char *art = xasprintf("%s/content/articles/%s/vi.md", root, q->article);
			if (!exists(art))
				fail_msg("%s: article '%s' does not exist", q->id, q->article);
			free(art);
			/* The same question, options and key in every language. */
			for (int li = 1; li < 3; li++) {
				const struct bank *o = &L->b[li][t];
				if (o->n != vi->n)
					fail_msg("%s/%s: %zu questions, vi has %zu", langs[li],
						 L->topic[t], o->n, vi->n);
				const struct question *p = &o->q[i];
				if (strcmp(p->id, q->id) != 0 || p->nopts != q->nopts ||
				    p->type != q->type)
					fail_msg("%s: differs in %s", q->id, langs[li]);
				for (size_t k = 0; k < q->nopts; k++)
					if (p->options[k].correct != q->options[k].correct)
						fail_msg("%s: answer key differs in %s", q->id, langs[li]);
			}
		}
	}
	assert_true(total >= 60);
	for (int li = 0; li < 3; li++)
		for (size_t t = 0; t < L->ntopics; t++)
			bank_clear(&L->b[li][t]);
	for (size_t t = 0; t < L->ntopics; t++)
		free(L->topic[t]);
	free(L);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_banks)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
