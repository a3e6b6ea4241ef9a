/*
 * The Hmong and Dao glossary (locales/glossary.tsv) is used as listed: in
 * every article and every question whose Vietnamese text uses a listed term,
 * the Hmong and the Dao text use the term the glossary gives, and no Hmong or
 * Dao text uses a form the glossary says to avoid. A Vietnamese term inside
 * a longer listed term ("xã" in "hợp tác xã") counts as the longer one only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"
#include "quizzes/gift.h"
#include "quizzes/question.h"

#include <ctype.h>
#include <dirent.h>

enum { VI, HMN, IUM, NLANG };
static const char *const langs[NLANG] = {"vi", "hmn", "ium"};

struct row {
	char *term[NLANG]; /* "-": no agreed word in that language yet, not checked */
	char *avoid[8];    /* "hmn:form" or "ium:form" */
	size_t navoid;
	size_t line;
};

struct glossary {
	struct row *rows;
	size_t n;
	char **problems;
	size_t nproblems;
};

static void problem(struct glossary *g, char *msg)
{
	g->problems = xrealloc(g->problems, (g->nproblems + 1) * sizeof *g->problems);
	g->problems[g->nproblems++] = msg;
}

static char *field(char **p)
{
	char *s = *p, *tab = strchr(s, '\t');
	if (tab) {
		*tab = '\0';
		*p = tab + 1;
	} else {
		*p = s + strlen(s);
	}
	return xstrdup(s);
}

static void load(struct glossary *g, const char *path)
{
	char *text = NULL, *err = NULL;
	size_t len;
	if (util_read_file(path, &text, &len, &err) != 0)
		fail_msg("%s", err);
	bool header = true;
	size_t lineno = 0;
	for (char *line = text, *next; line && *line; line = next) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		next = nl ? nl + 1 : NULL;
		lineno++;
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (header) { /* vi, hmn, ium, note, avoid */
			header = false;
			continue;
		}
		g->rows = xrealloc(g->rows, (g->n + 1) * sizeof *g->rows);
		struct row *r = &g->rows[g->n++];
		memset(r, 0, sizeof *r);
		r->line = lineno;
		char *p = line;
		for (int l = 0; l < NLANG; l++)
			r->term[l] = field(&p);
		free(field(&p)); /* the note is for people */
		char *avoid = field(&p);
		char *save = NULL;
		for (char *a = strtok_r(avoid, ";", &save); a && r->navoid < 8;
		     a = strtok_r(NULL, ";", &save)) {
			while (*a == ' ')
				a++;
			if (*a)
				r->avoid[r->navoid++] = xstrdup(a);
		}
		free(avoid);
		for (int l = 0; l < NLANG; l++)
			if (!r->term[l][0])
				fail_msg("%s:%zu: a column is empty", path, lineno);
	}
	free(text);
}

static bool is_letter(unsigned char c)
{
	return c >= 0x80 || isalnum(c);
}

/* Where needle occurs in hay, ASCII letters compared without
 * case; NULL when it does not. */
static const char *find(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = hay; *p; p++) {
		size_t i = 0;
		while (i < n && p[i] &&
		       tolower((unsigned char)p[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return p;
	}
	return NULL;
}

/* Whether the Vietnamese text uses row r's term as a word of its own, and
 * not only inside a longer listed term. */
static bool uses(const struct glossary *g, const struct row *r, const char *text)
{
	const char *t = r->term[VI];
	size_t n = strlen(t);
	for (const char *p = find(text, t); p; p = find(p + 1, t)) {
		if ((p > text && is_letter((unsigned char)p[-1])) || is_letter((unsigned char)p[n]))
			continue;
		bool inside = false;
		for (size_t k = 0; k < g->n && !inside; k++) {
			const char *o = g->rows[k].term[VI];
			size_t on = strlen(o);
			if (on <= n || !strstr(o, t))
				continue;
			for (const char *q = find(text, o); q && q <= p && !inside; q = find(q + 1, o))
				inside = p < q + on;
		}
		if (!inside)
			return true;
	}
	return false;
}

/* The Vietnamese text as seen from a translation: a name in quotes that the
 * translation keeps in Vietnamese ("Toàn dân đoàn kết xây dựng nông thôn
 * mới, đô thị văn minh") is blanked, since names are not translated. */
static char *without_kept_names(const char *vi, const char *other)
{
	char *s = xstrdup(vi);
	for (char *open = strchr(s, '"'); open; open = strchr(open + 1, '"')) {
		char *close = strchr(open + 1, '"');
		if (!close)
			break;
		char *name = xstrndup(open, (size_t)(close - open) + 1);
		if (strstr(other, name))
			memset(open, ' ', (size_t)(close - open) + 1);
		free(name);
		open = close;
	}
	return s;
}

/* One text in three languages: an article, or a question with its options
 * and explanation. */
static void check_unit(struct glossary *g, const char *what, char *const text[NLANG])
{
	char *vi[NLANG];
	for (int l = HMN; l < NLANG; l++)
		vi[l] = without_kept_names(text[VI], text[l]);
	for (size_t i = 0; i < g->n; i++) {
		const struct row *r = &g->rows[i];
		for (int l = HMN; l < NLANG; l++)
			if (uses(g, r, vi[l]) && strcmp(r->term[l], "-") != 0 &&
			    !find(text[l], r->term[l]))
					problem(g, xasprintf("%s (%s): uses '%s' but not '%s' "
							     "(locales/glossary.tsv:%zu)",
							     what, langs[l], r->term[VI], r->term[l],
							     r->line));
		for (size_t a = 0; a < r->navoid; a++)
			for (int l = HMN; l < NLANG; l++) {
				size_t ln = strlen(langs[l]);
				const char *form = r->avoid[a];
				if (strncmp(form, langs[l], ln) == 0 && form[ln] == ':' &&
				    find(text[l], form + ln + 1))
					problem(g, xasprintf("%s (%s): '%s' is to be avoided; write "
							     "'%s' (locales/glossary.tsv:%zu)",
							     what, langs[l], form + ln + 1, r->term[l],
							     r->line));
			}
	}
	for (int l = HMN; l < NLANG; l++)
		free(vi[l]);
}

static char *read_text(const char *path)
{
	char *text = NULL, *err = NULL;
	size_t len;
	if (util_read_file(path, &text, &len, &err) != 0)
		fail_msg("%s", err);
	return text;
}

/* An article's title and body: the rest of the front matter (the sources
 * above all) is the same in every language. Takes text. */
static char *article_words(char *text)
{
	const char *title = strstr(text, "\ntitle:");
	const char *body = strstr(text + 3, "\n---\n");
	assert_non_null(title);
	assert_non_null(body);
	const char *eol = strchr(title + 1, '\n');
	char *s = xasprintf("%.*s\n%s", (int)(eol - title), title, body + 5);
	free(text);
	return s;
}

static void check_articles(struct glossary *g, const char *root)
{
	char *dir = xasprintf("%s/content/articles", root);
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	size_t n = 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *text[NLANG];
		for (int l = 0; l < NLANG; l++) {
			char *path = xasprintf("%s/%s/%s.md", dir, e->d_name, langs[l]);
			text[l] = article_words(read_text(path));
			free(path);
		}
		char *what = xasprintf("article %s", e->d_name);
		check_unit(g, what, text);
		free(what);
		for (int l = 0; l < NLANG; l++)
			free(text[l]);
		n++;
	}
	closedir(d);
	free(dir);
	assert_true(n > 0);
}

static char *question_text(const struct question *q)
{
	char *s = xasprintf("%s\n%s", q->text, q->explanation);
	for (size_t k = 0; k < q->nopts; k++) {
		char *t = xasprintf("%s\n%s", s, q->options[k].text);
		free(s);
		s = t;
	}
	return s;
}

static void check_banks(struct glossary *g, const char *root)
{
	char *vi_dir = xasprintf("%s/quizzes/banks/vi", root);
	DIR *d = opendir(vi_dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".gift") != 0)
			continue;
		struct bank b[NLANG];
		for (int l = 0; l < NLANG; l++) {
			char *path = xasprintf("%s/quizzes/banks/%s/%s", root, langs[l], e->d_name);
			char *text = read_text(path), *err = NULL;
			memset(&b[l], 0, sizeof b[l]);
			if (gift_parse(path, text, strlen(text), &b[l], &err) != 0)
				fail_msg("%s", err);
			free(text);
			free(path);
		}
		for (size_t i = 0; i < b[VI].n; i++) {
			char *text[NLANG];
			for (int l = 0; l < NLANG; l++) {
				assert_true(i < b[l].n);
				text[l] = question_text(&b[l].q[i]);
			}
			char *what = xasprintf("question %s", b[VI].q[i].id);
			check_unit(g, what, text);
			free(what);
			for (int l = 0; l < NLANG; l++)
				free(text[l]);
		}
		for (int l = 0; l < NLANG; l++)
			bank_clear(&b[l]);
	}
	closedir(d);
	free(vi_dir);
}

static void glossary_free(struct glossary *g)
{
	for (size_t i = 0; i < g->n; i++) {
		for (int l = 0; l < NLANG; l++)
			free(g->rows[i].term[l]);
		for (size_t a = 0; a < g->rows[i].navoid; a++)
			free(g->rows[i].avoid[a]);
	}
	for (size_t i = 0; i < g->nproblems; i++)
		free(g->problems[i]);
	free(g->rows);
	free(g->problems);
}

static void test_glossary_used(void **state)
{
	(void)state;
	const char *root = getenv("NTMKIOSK_DATADIR");
	struct glossary g = {0};
	char *path = xasprintf("%s/locales/glossary.tsv", root);
	load(&g, path);
	free(path);
	assert_true(g.n >= 10);
	check_articles(&g, root);
	check_banks(&g, root);
	for (size_t i = 0; i < g.nproblems; i++)
		fprintf(stderr, "%s\n", g.problems[i]);
	size_t n = g.nproblems;
	glossary_free(&g);
	assert_int_equal(n, 0);
}

/* The matching itself: a word of its own, not inside a longer listed term. */
static void test_matching(void **state)
{
	(void)state;
	struct row rows[2] = {{.term = {"xã", "xã", "xã"}}, {.term = {"hợp tác xã", "a", "b"}}};
	struct glossary g = {.rows = rows, .n = 2};
	assert_true(uses(&g, &rows[0], "Hỏi xã."));
	assert_true(uses(&g, &rows[0], "Xã Minh Tiến"));
	assert_false(uses(&g, &rows[0], "các hợp tác xã"));
	assert_true(uses(&g, &rows[0], "hợp tác xã và xã"));
	assert_false(uses(&g, &rows[0], "xãx"));
	assert_true(uses(&g, &rows[1], "Hợp tác xã"));
	/* A name the translation keeps in Vietnamese is not a use. */
	char *v = without_kept_names("Phong trào \"Cả nước chung sức xây dựng xã\" của xã",
				     "kev \"Cả nước chung sức xây dựng xã\" ntawm");
	assert_null(strstr(v, "chung sức"));
	assert_non_null(strstr(v, "Phong trào "));
	assert_non_null(strstr(v, " của xã"));
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matching),
		cmocka_unit_test(test_glossary_used),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
