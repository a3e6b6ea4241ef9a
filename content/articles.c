/*
 * articles: the front matter parser, the folder checker, the transactional
 * importer, and the queries the reader needs. The Markdown itself is
 * content/markdown's business; this file only asks it for links and text.
 */
#include "content/articles.h"

#include "content/markdown.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/util.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum key {
	K_SLUG,
	K_TOPIC,
	K_TITLE,
	K_ORDER,
	K_STATUS,
	K_SOURCE,
	K_PERIOD,
	K_UPDATED,
	K_PUBLIC_SOURCE, /* optional: the first one that may be left out */
	K_N
};

static const char *const key_names[K_N] = {
	"slug", "topic", "title", "order", "status", "source", "period", "updated", "public_source",
};

/* Keys from here on may be left out. */
#define K_FIRST_OPTIONAL K_PUBLIC_SOURCE

/* The public source is one line at the top of the article. */
#define PUBLIC_SOURCE_MAX 80

/* Where each key stood in the last file parsed, for error lines. */
struct src_lines {
	size_t key[K_N];
};

void article_src_clear(struct article_src *a)
{
	free(a->path);
	free(a->lang);
	free(a->slug);
	free(a->topic);
	free(a->title);
	free(a->status);
	free(a->source);
	free(a->public_source);
	free(a->period);
	free(a->updated);
	free(a->body);
	memset(a, 0, sizeof *a);
}

static char **field(struct article_src *a, enum key k)
{
	switch (k) {
	case K_SLUG:
		return &a->slug;
	case K_TOPIC:
		return &a->topic;
	case K_TITLE:
		return &a->title;
	case K_STATUS:
		return &a->status;
	case K_SOURCE:
		return &a->source;
	case K_PERIOD:
		return &a->period;
	case K_UPDATED:
		return &a->updated;
	case K_PUBLIC_SOURCE:
		return &a->public_source;
	default:
		return NULL;
	}
}

static bool valid_slug(const char *s)
{
	if (!*s || *s == '-')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

static bool valid_date(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Whether s contains a word made of prefix and then only digits ("D3",
 * "S002"), the prefix matched exactly. */
static bool has_coded_word(const char *s, char prefix, size_t min_digits)
{
	for (const char *p = s; *p; p++) {
		if (*p != prefix ||
		    (p > s && ((unsigned char)p[-1] >= 0x80 || isalnum((unsigned char)p[-1]))))
			continue;
		size_t d = strspn(p + 1, "0123456789");
		unsigned char after = (unsigned char)p[1 + d];
		if (d >= min_digits && !(after >= 0x80 || isalnum(after)))
			return true;
	}
	return false;
}

const char *article_internal_ref(const char *s)
{
	static const char *const words[] = {"content-brief", "brief", "§", "seed"};
	char *low = xstrdup(s);
	for (char *p = low; *p; p++)
		if ((unsigned char)*p < 0x80) /* the words are ASCII but for "§" */
			*p = (char)tolower((unsigned char)*p);
	const char *hit = NULL;
	for (size_t i = 0; i < NK_ARRAY_LEN(words) && !hit; i++)
		if (strstr(low, words[i]))
			hit = words[i];
	free(low);
	if (hit)
		return hit;
	if (has_coded_word(s, 'D', 1))
		return "D<number>";
	if (has_coded_word(s, 'S', 3))
		return "S<number>";
	return NULL;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static int parse_src(const char *path, const char *text, size_t n, const char *lang,
		     struct article_src *out, struct src_lines *lines, char **err)
{
	memset(out, 0, sizeof *out);
	memset(lines, 0, sizeof *lines);
	size_t bad;
	if (!text_valid_utf8(text, n, &bad)) {
		size_t line, col;
		text_line_col(text, bad, &line, &col);
		return err_set(err, NK_EINVAL, "%s:%zu: invalid UTF-8 at column %zu", path, line,
			       col);
	}
	/* The text need not end in NUL: find an embedded one within n bytes. */
	const char *nulp = memchr(text, '\0', n);
	size_t nul = nulp ? (size_t)(nulp - text) : n;
	if (nul != n) {
		size_t line, col;
		text_line_col(text, nul, &line, &col);
		return err_set(err, NK_EINVAL, "%s:%zu: NUL byte in the text", path, line);
	}
	char *nfc;
	int rc = text_nfc(text, n, &nfc, err);
	if (rc)
		return err_prefix(err, rc, "%s", path);
	out->path = xstrdup(path);
	out->lang = xstrdup(lang);
	char *p = nfc;
	size_t lineno = 1;
	if (strncmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3; /* a BOM from a Windows editor */
	if (strncmp(p, "---\n", 4) != 0 && strncmp(p, "---\r\n", 5) != 0) {
		rc = err_set(err, NK_EINVAL,
			     "%s:1: the file must start with a front matter block (a line '---')",
			     path);
		goto fail;
	}
	p = strchr(p, '\n') + 1;
	lineno = 2;
	bool closed = false;
	while (*p) {
		char *nl = strchr(p, '\n');
		char *line = nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
		p = nl ? nl + 1 : p + strlen(p);
		char *l = trim(line);
		if (strcmp(l, "---") == 0) {
			free(line);
			closed = true;
			lineno++;
			break;
		}
		if (*l == '\0' || *l == '#') {
			free(line);
			lineno++;
			continue;
		}
		char *colon = strchr(l, ':');
		if (!colon) {
			rc = err_set(err, NK_EINVAL, "%s:%zu: expected 'key: value'", path,
				     lineno);
			free(line);
			goto fail;
		}
		*colon = '\0';
		char *k = trim(l), *v = trim(colon + 1);
		int key = -1;
		for (int i = 0; i < K_N; i++)
			if (strcmp(k, key_names[i]) == 0)
				key = i;
		if (key < 0) {
			rc = err_set(err, NK_EINVAL, "%s:%zu: unknown front matter key '%s'", path,
				     lineno, k);
			free(line);
			goto fail;
		}
		if (lines->key[key]) {
			rc = err_set(err, NK_EINVAL, "%s:%zu: '%s' given twice", path, lineno, k);
			free(line);
			goto fail;
		}
		if (*v == '\0') {
			rc = err_set(err, NK_EINVAL, "%s:%zu: '%s' is empty", path, lineno, k);
			free(line);
			goto fail;
		}
		lines->key[key] = lineno;
		if (key == K_ORDER) {
			char *end;
			long o = strtol(v, &end, 10);
			if (*end || o < 0 || o > 1000000) {
				rc = err_set(err, NK_EINVAL, "%s:%zu: order '%s' is not a number",
					     path, lineno, v);
				free(line);
				goto fail;
			}
			out->order = (int)o;
		} else {
			*field(out, (enum key)key) = xstrdup(v);
		}
		free(line);
		lineno++;
	}
	if (!closed) {
		rc = err_set(err, NK_EINVAL, "%s:%zu: the front matter block is not closed by '---'",
			     path, lineno);
		goto fail;
	}
	for (int i = 0; i < K_FIRST_OPTIONAL; i++)
		if (!lines->key[i]) {
			rc = err_set(err, NK_EINVAL, "%s:1: the front matter lacks '%s'", path,
				     key_names[i]);
			goto fail;
		}
	if (!valid_slug(out->slug)) {
		rc = err_set(err, NK_EINVAL,
			     "%s:%zu: slug '%s' may hold only a-z, 0-9 and '-'", path,
			     lines->key[K_SLUG], out->slug);
		goto fail;
	}
	if (strcmp(out->status, "draft") != 0 && strcmp(out->status, "reviewed") != 0) {
		rc = err_set(err, NK_EINVAL, "%s:%zu: status must be draft or reviewed, not '%s'",
			     path, lines->key[K_STATUS], out->status);
		goto fail;
	}
	if (!valid_date(out->updated)) {
		rc = err_set(err, NK_EINVAL, "%s:%zu: updated '%s' is not a date (YYYY-MM-DD)",
			     path, lines->key[K_UPDATED], out->updated);
		goto fail;
	}
	/* Visitors see both sources (the full one behind a key): neither may
	 * hold the project's own working references. */
	static const enum key shown[] = {K_SOURCE, K_PUBLIC_SOURCE};
	for (size_t i = 0; i < NK_ARRAY_LEN(shown); i++) {
		enum key k = shown[i];
		const char *v = *field(out, k);
		const char *ref = v ? article_internal_ref(v) : NULL;
		if (ref) {
			rc = err_set(err, NK_EINVAL,
				     "%s:%zu: %s holds an internal working reference ('%s'); "
				     "visitors see it: name the public document (number and date)",
				     path, lines->key[k], key_names[k], ref);
			goto fail;
		}
	}
	/* The period is shown with every language's text: figures only. */
	if (out->period[strspn(out->period, "0123456789-/,; \xe2\x80\x93")] != '\0') {
		rc = err_set(err, NK_EINVAL,
			     "%s:%zu: period '%s' is shown in every language: write only years and "
			     "months in figures (2021–2025, 6/2025)",
			     path, lines->key[K_PERIOD], out->period);
		goto fail;
	}
	if (out->public_source && text_width(out->public_source, strlen(out->public_source)) >
					  PUBLIC_SOURCE_MAX) {
		rc = err_set(err, NK_EINVAL,
			     "%s:%zu: public_source is longer than %d columns; it is one line on "
			     "screen (the full source goes in 'source')",
			     path, lines->key[K_PUBLIC_SOURCE], PUBLIC_SOURCE_MAX);
		goto fail;
	}
	out->body_line = lineno;
	out->body = xstrdup(p);
	if (out->body[strspn(out->body, " \t\r\n")] == '\0') {
		rc = err_set(err, NK_EINVAL, "%s:%zu: the article has no text", path, lineno);
		goto fail;
	}
	free(nfc);
	return NK_OK;
fail:
	free(nfc);
	article_src_clear(out);
	return rc;
}

int article_src_parse(const char *path, const char *text, size_t n, const char *lang,
		      struct article_src *out, char **err)
{
	struct src_lines lines;
	return parse_src(path, text, n, lang, out, &lines, err);
}

/* --- checking a folder -------------------------------------------------- */

struct slug_dir {
	char *name;
	char *path;
	struct article_src *texts;
	struct src_lines *lines;
	size_t n;
};

struct tree {
	struct slug_dir *dirs;
	size_t n;
};

static void tree_free(struct tree *t)
{
	for (size_t i = 0; i < t->n; i++) {
		for (size_t k = 0; k < t->dirs[i].n; k++)
			article_src_clear(&t->dirs[i].texts[k]);
		free(t->dirs[i].texts);
		free(t->dirs[i].lines);
		free(t->dirs[i].name);
		free(t->dirs[i].path);
	}
	free(t->dirs);
	memset(t, 0, sizeof *t);
}

void content_report_clear(struct content_report *r)
{
	for (size_t i = 0; i < r->nerrors; i++)
		free(r->errors[i]);
	for (size_t i = 0; i < r->nwarnings; i++)
		free(r->warnings[i]);
	free(r->errors);
	free(r->warnings);
	memset(r, 0, sizeof *r);
}

static void report(char ***list, size_t *n, char *msg)
{
	*list = xrealloc(*list, (*n + 1) * sizeof **list);
	(*list)[(*n)++] = msg;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **list_dir(const char *dir, size_t *n)
{
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	char **names = NULL;
	size_t cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		xgrow((void **)&names, &cap, *n + 1, sizeof *names);
		names[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof *names, cmp_str);
	return names;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A symbolic link inside an imported folder may lead anywhere (/etc, a
 * device): it is an error, never followed. */
static bool is_link(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

static int read_tree(const char *dir, size_t max, struct tree *t, struct content_report *rep,
		     char **err)
{
	if (!is_dir(dir))
		return err_set(err, NK_ENOENT, "%s: not a folder", dir);
	size_t nslugs;
	char **slugs = list_dir(dir, &nslugs);
	for (size_t i = 0; i < nslugs; i++) {
		char *sdir = xasprintf("%s/%s", dir, slugs[i]);
		if (is_link(sdir)) {
			report(&rep->errors, &rep->nerrors,
			       xasprintf("%s: a symbolic link; only folders and files inside %s "
					 "are read",
					 sdir, dir));
			free(sdir);
			continue;
		}
		if (!is_dir(sdir)) {
			report(&rep->warnings, &rep->nwarnings,
			       xasprintf("%s: not an article folder, skipped", sdir));
			free(sdir);
			continue;
		}
		t->dirs = xrealloc(t->dirs, (t->n + 1) * sizeof *t->dirs);
		struct slug_dir *sd = &t->dirs[t->n++];
		memset(sd, 0, sizeof *sd);
		sd->name = xstrdup(slugs[i]);
		sd->path = xstrdup(sdir);
		size_t nfiles;
		char **files = list_dir(sdir, &nfiles);
		for (size_t k = 0; k < nfiles; k++) {
			char *path = xasprintf("%s/%s", sdir, files[k]);
			size_t fl = strlen(files[k]);
			if (fl < 4 || strcmp(files[k] + fl - 3, ".md") != 0) {
				report(&rep->warnings, &rep->nwarnings,
				       xasprintf("%s: not a .md file, skipped", path));
				free(path);
				continue;
			}
			char *lang = xstrndup(files[k], fl - 3);
			if (!i18n_lang_find(lang)) {
				report(&rep->errors, &rep->nerrors,
				       xasprintf("%s:1: unknown language '%s'", path, lang));
				free(lang);
				free(path);
				continue;
			}
			char *text, *e = NULL;
			size_t len;
			if (util_read_regular(path, max, &text, &len, &e) != 0) {
				report(&rep->errors, &rep->nerrors, e);
				free(lang);
				free(path);
				continue;
			}
			sd->texts = xrealloc(sd->texts, (sd->n + 1) * sizeof *sd->texts);
			sd->lines = xrealloc(sd->lines, (sd->n + 1) * sizeof *sd->lines);
			if (parse_src(path, text, len, lang, &sd->texts[sd->n], &sd->lines[sd->n],
				      &e) != 0)
				report(&rep->errors, &rep->nerrors, e);
			else
				sd->n++;
			rep->texts++;
			free(text);
			free(lang);
			free(path);
		}
		free_names(files, nfiles);
		free(sdir);
		rep->articles++;
	}
	free_names(slugs, nslugs);
	return NK_OK;
}

static const struct article_src *find_lang(const struct slug_dir *sd, const char *lang, size_t *i)
{
	for (size_t k = 0; k < sd->n; k++)
		if (strcmp(sd->texts[k].lang, lang) == 0) {
			if (i)
				*i = k;
			return &sd->texts[k];
		}
	return NULL;
}

static bool tree_has(const struct tree *t, const char *slug)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->dirs[i].name, slug) == 0)
			return true;
	return false;
}

static bool db_has_slug(struct db *db, const char *slug)
{
	if (!db)
		return false;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db), "SELECT 1 FROM articles WHERE slug = ?1", -1, &st,
			       NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/* The file line where href first appears in the body, for link errors. */
static size_t href_line(const struct article_src *a, const char *href)
{
	const char *hit = strstr(a->body, href);
	if (!hit)
		return a->body_line;
	size_t line = a->body_line;
	for (const char *p = a->body; p < hit; p++)
		if (*p == '\n')
			line++;
	return line;
}

static void check_links(const struct tree *t, struct db *db, const struct article_src *a,
			struct content_report *rep)
{
	struct md_doc *doc = NULL;
	char *e = NULL;
	if (mdoc_parse(a->body, strlen(a->body), &doc, &e) != 0) {
		report(&rep->errors, &rep->nerrors, xasprintf("%s:%zu: %s", a->path, a->body_line, e));
		free(e);
		return;
	}
	for (size_t b = 0; b < doc->n; b++)
		for (size_t k = 0; k < doc->blocks[b].nlinks; k++) {
			const struct md_link *l = &doc->blocks[b].links[k];
			size_t line = href_line(a, l->href);
			if (!l->slug)
				report(&rep->errors, &rep->nerrors,
				       xasprintf("%s:%zu: link '%s' leads outside the kiosk; only "
						 "links to articles (article:slug) work here",
						 a->path, line, l->href));
			else if (!tree_has(t, l->slug) && !db_has_slug(db, l->slug))
				report(&rep->errors, &rep->nerrors,
				       xasprintf("%s:%zu: link to an article that does not exist: "
						 "'%s'",
						 a->path, line, l->slug));
		}
	mdoc_free(&doc);
}

static void check_tree(const struct tree *t, const char *const *topic_ids, size_t ntopics,
		       struct db *db, struct content_report *rep)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct slug_dir *sd = &t->dirs[i];
		size_t vi_i;
		const struct article_src *vi = find_lang(sd, "vi", &vi_i);
		for (size_t k = 0; k < sd->n; k++) {
			const struct article_src *a = &sd->texts[k];
			const struct src_lines *ln = &sd->lines[k];
			if (strcmp(a->slug, sd->name) != 0)
				report(&rep->errors, &rep->nerrors,
				       xasprintf("%s:%zu: slug '%s' differs from its folder '%s'",
						 a->path, ln->key[K_SLUG], a->slug, sd->name));
			bool known = false;
			for (size_t j = 0; j < ntopics; j++)
				if (strcmp(topic_ids[j], a->topic) == 0)
					known = true;
			if (!known)
				report(&rep->errors, &rep->nerrors,
				       xasprintf("%s:%zu: unknown topic '%s'", a->path,
						 ln->key[K_TOPIC], a->topic));
			if (vi && a != vi && strcmp(a->topic, vi->topic) != 0)
				report(&rep->errors, &rep->nerrors,
				       xasprintf("%s:%zu: topic '%s' differs from vi.md ('%s')",
						 a->path, ln->key[K_TOPIC], a->topic, vi->topic));
			if (vi && a != vi && a->public_source &&
			    (!vi->public_source || strcmp(a->public_source, vi->public_source) != 0))
				report(&rep->errors, &rep->nerrors,
				       xasprintf("%s:%zu: public_source '%s' differs from vi.md ('%s')",
						 a->path, ln->key[K_PUBLIC_SOURCE], a->public_source,
						 vi->public_source ? vi->public_source : ""));
			if (vi && a != vi && a->order != vi->order)
				report(&rep->errors, &rep->nerrors,
				       xasprintf("%s:%zu: order %d differs from vi.md (%d)", a->path,
						 ln->key[K_ORDER], a->order, vi->order));
			/* Two folders claiming one slug would overwrite each other. */
			for (size_t j = 0; j < t->n; j++)
				if (j != i && strcmp(t->dirs[j].name, a->slug) == 0)
					report(&rep->errors, &rep->nerrors,
					       xasprintf("%s:%zu: duplicate slug '%s' (the folder "
							 "%s has it too)",
							 a->path, ln->key[K_SLUG], a->slug,
							 t->dirs[j].name));
			check_links(t, db, a, rep);
		}
		if (!vi)
			report(&rep->errors, &rep->nerrors,
			       xasprintf("%s: no vi.md: every article needs its Vietnamese text",
					 sd->path));
		else if (!vi->public_source)
			report(&rep->warnings, &rep->nwarnings,
			       xasprintf("%s:1: no public_source: visitors see only the period, "
					 "not which decision the article rests on",
					 vi->path));
		for (size_t l = 0; l < i18n_lang_count(); l++) {
			const char *id = i18n_lang_at(l)->id;
			if (sd->n && !find_lang(sd, id, NULL))
				report(&rep->warnings, &rep->nwarnings,
				       xasprintf("%s: no %s.md: the title and text in %s are missing "
						 "(Vietnamese is shown instead)",
						 sd->path, id, i18n_lang_at(l)->native));
		}
	}
}

size_t content_max_bytes(struct db *db)
{
	char *v = NULL;
	long long mb = CONTENT_MAX_MB;
	if (db && db_meta_get(db, CONTENT_MAX_KEY, &v, NULL) == NK_OK && atoll(v) > 0)
		mb = atoll(v);
	free(v);
	if (mb > 1024)
		mb = 1024;
	return (size_t)mb * NK_MB;
}

static int finish_report(struct content_report *rep, char **err)
{
	if (rep->nerrors == 0)
		return NK_OK;
	return err_set(err, NK_EINVAL, "%s", rep->errors[0]);
}

int content_check(const char *dir, const char *const *topic_ids, size_t ntopics, struct db *db,
		  struct content_report *rep, char **err)
{
	struct tree t = {0};
	int rc = read_tree(dir, content_max_bytes(db), &t, rep, err);
	if (rc == NK_OK) {
		check_tree(&t, topic_ids, ntopics, db, rep);
		rc = finish_report(rep, err);
	}
	tree_free(&t);
	return rc;
}

/* --- importing ----------------------------------------------------------- */

static char **db_topics(struct db *db, size_t *n)
{
	*n = 0;
	char **ids = NULL;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db), "SELECT id FROM topics", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		ids = xrealloc(ids, (*n + 1) * sizeof *ids);
		ids[(*n)++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return ids;
}

static int step_done(sqlite3 *h, sqlite3_stmt *st, const char *what, char **err)
{
	int s = sqlite3_step(st);
	sqlite3_reset(st);
	if (s != SQLITE_DONE)
		return err_set(err, db_errcode(s), "%s: %s", what, sqlite3_errmsg(h));
	return NK_OK;
}

static int write_tree(struct db *db, const struct tree *t, char **err)
{
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *del = NULL, *art = NULL, *txt = NULL;
	int rc = NK_OK;
	if (sqlite3_prepare_v2(h, "DELETE FROM article_texts WHERE slug = ?1", -1, &del, NULL) ||
	    sqlite3_prepare_v2(h,
			       "INSERT INTO articles(slug, topic, ord, source, period, updated, "
			       "public_source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
			       "ON CONFLICT(slug) DO UPDATE SET topic = excluded.topic, "
			       "ord = excluded.ord, source = excluded.source, period = "
			       "excluded.period, updated = excluded.updated, public_source = "
			       "excluded.public_source",
			       -1, &art, NULL) ||
	    sqlite3_prepare_v2(h,
			       "INSERT INTO article_texts(slug, lang, title, status, body, plain) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			       -1, &txt, NULL)) {
		rc = err_set(err, db_errcode(sqlite3_errcode(h)), "import: %s", sqlite3_errmsg(h));
		goto out;
	}
	for (size_t i = 0; i < t->n && rc == NK_OK; i++) {
		const struct slug_dir *sd = &t->dirs[i];
		const struct article_src *vi = find_lang(sd, "vi", NULL);
		sqlite3_bind_text(del, 1, sd->name, -1, SQLITE_STATIC);
		if ((rc = step_done(h, del, vi->path, err)))
			break;
		sqlite3_bind_text(art, 1, vi->slug, -1, SQLITE_STATIC);
		sqlite3_bind_text(art, 2, vi->topic, -1, SQLITE_STATIC);
		sqlite3_bind_int(art, 3, vi->order);
		sqlite3_bind_text(art, 4, vi->source, -1, SQLITE_STATIC);
		sqlite3_bind_text(art, 5, vi->period, -1, SQLITE_STATIC);
		sqlite3_bind_text(art, 6, vi->updated, -1, SQLITE_STATIC);
		sqlite3_bind_text(art, 7, vi->public_source ? vi->public_source : "", -1,
				  SQLITE_STATIC);
		if ((rc = step_done(h, art, vi->path, err)))
			break;
		for (size_t k = 0; k < sd->n && rc == NK_OK; k++) {
			const struct article_src *a = &sd->texts[k];
			struct md_doc *doc = NULL;
			rc = mdoc_parse(a->body, strlen(a->body), &doc, err);
			if (rc)
				break;
			char *plain = mdoc_plain(doc);
			mdoc_free(&doc);
			sqlite3_bind_text(txt, 1, a->slug, -1, SQLITE_STATIC);
			sqlite3_bind_text(txt, 2, a->lang, -1, SQLITE_STATIC);
			sqlite3_bind_text(txt, 3, a->title, -1, SQLITE_STATIC);
			sqlite3_bind_text(txt, 4, a->status, -1, SQLITE_STATIC);
			sqlite3_bind_text(txt, 5, a->body, -1, SQLITE_STATIC);
			sqlite3_bind_text(txt, 6, plain, -1, SQLITE_STATIC);
			rc = step_done(h, txt, a->path, err);
			free(plain);
		}
	}
out:
	sqlite3_finalize(del);
	sqlite3_finalize(art);
	sqlite3_finalize(txt);
	return rc;
}

/* Reads and checks the folder against the database's topics. */
static int read_checked(struct db *db, const char *dir, struct tree *t,
			struct content_report *rep, char **err)
{
	size_t ntopics;
	char **topics = db_topics(db, &ntopics);
	int rc = read_tree(dir, content_max_bytes(db), t, rep, err);
	if (rc == NK_OK) {
		check_tree(t, (const char *const *)topics, ntopics, db, rep);
		rc = finish_report(rep, err);
	}
	free_names(topics, ntopics);
	return rc;
}

int content_import(struct db *db, const char *dir, struct content_report *rep, char **err)
{
	struct tree t = {0};
	/* Files are read and checked before the write lock is taken. */
	int rc = read_checked(db, dir, &t, rep, err);
	if (rc == NK_OK) {
		rc = db_begin(db, err);
		if (rc == NK_OK) {
			rc = write_tree(db, &t, err);
			if (rc == NK_OK)
				rc = db_commit(db, err);
			if (rc != NK_OK)
				db_rollback(db);
		}
	}
	tree_free(&t);
	return rc;
}

int content_import_in(struct db *db, const char *dir, struct content_report *rep, char **err)
{
	struct tree t = {0};
	int rc = read_checked(db, dir, &t, rep, err);
	if (rc == NK_OK)
		rc = write_tree(db, &t, err);
	tree_free(&t);
	return rc;
}

/* --- reading ------------------------------------------------------------- */

static int cmp_info(const void *pa, const void *pb)
{
	const struct article_info *a = pa, *b = pb;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	int c = text_collate(a->title, b->title);
	return c ? c : strcmp(a->slug, b->slug);
}

int articles_list(struct db *db, const char *topic, const char *lang, struct article_info **out,
		  size_t *n, char **err)
{
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(
		    h,
		    "SELECT a.slug, a.ord, COALESCE(l.title, v.title, a.slug), "
		    "CASE WHEN l.title IS NOT NULL THEN ?2 ELSE 'vi' END, "
		    "COALESCE(l.status, v.status, 'draft') "
		    "FROM articles a "
		    "LEFT JOIN article_texts l ON l.slug = a.slug AND l.lang = ?2 "
		    "LEFT JOIN article_texts v ON v.slug = a.slug AND v.lang = 'vi' "
		    "WHERE a.topic = ?1",
		    -1, &st, NULL) != SQLITE_OK)
		return err_set(err, db_errcode(sqlite3_errcode(h)), "articles: %s",
			       sqlite3_errmsg(h));
	sqlite3_bind_text(st, 1, topic, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, lang, -1, SQLITE_TRANSIENT);
	size_t cap = 0;
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)out, &cap, *n + 1, sizeof **out);
		struct article_info *a = &(*out)[(*n)++];
		a->slug = xstrdup((const char *)sqlite3_column_text(st, 0));
		a->order = sqlite3_column_int(st, 1);
		a->title = xstrdup((const char *)sqlite3_column_text(st, 2));
		a->title_lang = xstrdup((const char *)sqlite3_column_text(st, 3));
		a->status = xstrdup((const char *)sqlite3_column_text(st, 4));
	}
	sqlite3_finalize(st);
	if (s != SQLITE_DONE) {
		articles_list_free(out, *n);
		*n = 0;
		return err_set(err, db_errcode(s), "articles: %s", sqlite3_errmsg(h));
	}
	if (*n > 1)
		qsort(*out, *n, sizeof **out, cmp_info);
	return NK_OK;
}

void articles_list_free(struct article_info **list, size_t n)
{
	if (!*list)
		return;
	for (size_t i = 0; i < n; i++) {
		free((*list)[i].slug);
		free((*list)[i].title);
		free((*list)[i].title_lang);
		free((*list)[i].status);
	}
	free(*list);
	*list = NULL;
}

static char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return xstrdup(t ? (const char *)t : "");
}

int article_get(struct db *db, const char *slug, const char *lang, struct article *out,
		char **err)
{
	memset(out, 0, sizeof *out);
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h,
			       "SELECT a.slug, a.topic, a.source, a.period, a.updated, t.lang, "
			       "t.title, t.status, t.body, a.public_source FROM articles a "
			       "JOIN article_texts t ON t.slug = a.slug "
			       "WHERE a.slug = ?1 AND t.lang IN (?2, 'vi') "
			       "ORDER BY t.lang = ?2 DESC LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK)
		return err_set(err, db_errcode(sqlite3_errcode(h)), "article: %s",
			       sqlite3_errmsg(h));
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, lang, -1, SQLITE_TRANSIENT);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		out->slug = col(st, 0);
		out->topic = col(st, 1);
		out->source = col(st, 2);
		out->period = col(st, 3);
		out->updated = col(st, 4);
		out->lang = col(st, 5);
		out->title = col(st, 6);
		out->status = col(st, 7);
		out->body = col(st, 8);
		out->public_source = col(st, 9);
		out->fallback = strcmp(out->lang, lang) != 0;
	}
	sqlite3_finalize(st);
	if (s == SQLITE_DONE)
		return err_set(err, NK_ENOENT, "no article '%s'", slug);
	if (s != SQLITE_ROW)
		return err_set(err, db_errcode(s), "article: %s", sqlite3_errmsg(h));
	return NK_OK;
}

void article_clear(struct article *a)
{
	free(a->slug);
	free(a->topic);
	free(a->source);
	free(a->public_source);
	free(a->period);
	free(a->updated);
	free(a->lang);
	free(a->title);
	free(a->status);
	free(a->body);
	memset(a, 0, sizeof *a);
}

bool article_has_lang(struct db *db, const char *slug, const char *lang)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db),
			       "SELECT 1 FROM article_texts WHERE slug = ?1 AND lang = ?2", -1, &st,
			       NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, lang, -1, SQLITE_TRANSIENT);
	bool has = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return has;
}
