/*
 * qstore: the question importer and loader. Parsing is gift.c's and
 * aiken.c's job; this file decides language, topic and status, checks that
 * the languages agree on each question's shape, and talks to SQLite.
 */
#define _GNU_SOURCE /* hsearch_r */
#include "quizzes/qstore.h"

#include "core/i18n.h"
#include "core/text.h"
#include "core/util.h"
#include "quizzes/aiken.h"
#include "quizzes/gift.h"
#include "quizzes/question.h"

#include <ctype.h>
#include <search.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void qimport_report_clear(struct qimport_report *r)
{
	for (size_t i = 0; i < r->nerrors; i++)
		free(r->errors[i]);
	for (size_t i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	free(r->errors);
	free(r->notes);
	memset(r, 0, sizeof *r);
}

static void add_msg(char ***list, size_t *n, char *msg)
{
	*list = xrealloc(*list, (*n + 1) * sizeof **list);
	(*list)[(*n)++] = msg;
}

NK_PRINTF(2, 3) static void error(struct qimport_report *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_msg(&r->errors, &r->nerrors, xvasprintf(fmt, ap));
	va_end(ap);
}

/* One parsed file and what the path says about it. */
struct qfile {
	char *path;
	char *lang;
	char *topic; /* from the file name, or NULL */
	char *status;
	struct bank bank;
};

static char *base_no_ext(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *b = slash ? slash + 1 : path;
	const char *dot = strrchr(b, '.');
	return xstrndup(b, dot ? (size_t)(dot - b) : strlen(b));
}

static char *parent_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path)
		return NULL;
	const char *p = slash;
	while (p > path && p[-1] != '/')
		p--;
	return xstrndup(p, (size_t)(slash - p));
}

static bool db_has(struct db *db, const char *sql, const char *key)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Whether a folder's name reads as the name of a language: a two-letter code
 * (en, lo, th), or one of the forms of a language in the list, folded (its
 * tag, the tag's first part, a word of its native name: "hmong" holds
 * "mong", "tiengviet" holds "viet"). Such a folder that is not a language id
 * is a mistake, not a Vietnamese bank. */
static bool named_like_language(const char *dir)
{
	char *f = text_fold(dir, strlen(dir));
	size_t fl = strlen(f);
	bool like = fl == 2 && isalpha((unsigned char)f[0]) && isalpha((unsigned char)f[1]);
	for (size_t i = 0; i < i18n_lang_count() && !like; i++) {
		const struct i18n_lang *l = i18n_lang_at(i);
		char *tag = text_fold(l->tag, strlen(l->tag));
		char *dash = strchr(tag, '-');
		like = strcmp(f, tag) == 0 || (dash && (size_t)(dash - tag) == fl &&
						    strncmp(f, tag, fl) == 0);
		free(tag);
		char *name = text_fold(l->native, strlen(l->native));
		for (char *sv = NULL, *w = strtok_r(name, " ()-,", &sv); w && !like;
		     w = strtok_r(NULL, " ()-,", &sv))
			like = strlen(w) >= 3 && fl >= 3 && (strstr(f, w) || strstr(w, f));
		free(name);
	}
	free(f);
	return like;
}

/* The language of a question file: the name of its folder when that is a
 * language id, Vietnamese when the folder's name is not a language's at all;
 * NULL (an error in rep) when it names a language the kiosk does not have. */
static char *file_lang(const char *path, struct qimport_report *rep)
{
	char *dir = parent_name(path);
	char *lang = NULL;
	if (dir && i18n_lang_find(dir)) {
		lang = xstrdup(dir);
	} else if (dir && named_like_language(dir)) {
		char *ids = xstrdup("");
		for (size_t i = 0; i < i18n_lang_count(); i++) {
			char *more = xasprintf("%s%s%s", ids, i ? ", " : "", i18n_lang_at(i)->id);
			free(ids);
			ids = more;
		}
		error(rep, "%s:1: unknown language '%s': the folder of a question file names its "
			   "language (%s)",
		      path, dir, ids);
		free(ids);
	} else {
		lang = xstrdup("vi");
	}
	free(dir);
	return lang;
}

/* Lowercase ASCII copy of s[0..n) with the white space around it trimmed. */
static char *lower_trim(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	char *out = xstrndup(s, n);
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return out;
}

/*
 * A file's status from its "// [status:draft]" or "// [status:reviewed]"
 * lines. Texts in Vietnamese are reviewed and others drafts unless a line
 * says otherwise; but a status line that cannot be read ("[Status: drаft"
 * with a Cyrillic a, "[status:]"), or two that disagree, make the file a
 * draft: a text is never shown as reviewed by mistake.
 */
static char *file_status(const char *path, const char *text, size_t len, const char *lang,
			 struct qimport_report *rep)
{
	bool draft = false, reviewed = false;
	size_t line = 1;
	for (size_t i = 0; i < len; line++) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		char *l = lower_trim(text + i, e - i);
		char *st = strstr(l, "status");
		if (st && (strncmp(l, "//", 2) == 0 || l[0] == '[')) {
			char *v = st + strlen("status");
			v += strspn(v, " \t:=");
			size_t vl = strcspn(v, "]");
			char *val = lower_trim(v, vl);
			bool closed = v[vl] == ']';
			if (closed && strcmp(val, "draft") == 0) {
				draft = true;
			} else if (closed && strcmp(val, "reviewed") == 0) {
				reviewed = true;
			} else {
				draft = true;
				char *shown = text_sanitize(text + i, e - i, false, NULL);
				add_msg(&rep->notes, &rep->nnotes,
					xasprintf("%s:%zu: a status line that cannot be read ('%s'): "
						  "the texts are taken as drafts",
						  path, line, shown));
				free(shown);
			}
			free(val);
		}
		free(l);
		i = nl ? e + 1 : len;
	}
	bool is_reviewed = !draft && (reviewed || strcmp(lang, "vi") == 0);
	return xstrdup(is_reviewed ? "reviewed" : "draft");
}

/* A .txt is what Moodle calls both its GIFT and its Aiken exports: the text
 * decides. An answer block "{", a "::title::" or a "$CATEGORY:" is GIFT;
 * otherwise (an "ANSWER: B" line, or nothing of either) it is read as
 * Aiken, as before. Comment lines are skipped: GIFT's comments may hold
 * anything. */
static bool looks_like_gift(const char *text, size_t len)
{
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		size_t a = i;
		while (a < e && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r'))
			a++;
		bool comment = e - a >= 2 && text[a] == '/' && text[a + 1] == '/';
		if (!comment) {
			if ((e - a >= 2 && text[a] == ':' && text[a + 1] == ':') ||
			    (e - a >= 9 && memcmp(text + a, "$CATEGORY", 9) == 0))
				return true;
			for (size_t k = a; k < e; k++)
				if (text[k] == '{' && (k == a || text[k - 1] != '\\'))
					return true;
		}
		i = nl ? e + 1 : len;
	}
	return false;
}

static void read_file(struct db *db, const char *path, struct qfile *f, struct qimport_report *rep)
{
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	f->lang = file_lang(path, rep);
	if (!f->lang)
		return;
	char *base = base_no_ext(path);
	if (db_has(db, "SELECT 1 FROM topics WHERE id = ?1", base))
		f->topic = base;
	else
		free(base);
	char *text = NULL, *err = NULL;
	size_t len;
	if (util_read_regular(path, QSTORE_MAX_MB * NK_MB, &text, &len, &err) != NK_OK) {
		add_msg(&rep->errors, &rep->nerrors, err);
		return;
	}
	f->status = file_status(path, text, len, f->lang, rep);
	int rc;
	if (ends_with(path, ".gift") || (ends_with(path, ".txt") && looks_like_gift(text, len))) {
		rc = gift_parse(path, text, len, &f->bank, &err);
	} else if (ends_with(path, ".aiken") || ends_with(path, ".txt")) {
		rc = aiken_parse(path, text, len, &f->bank, &err);
	} else {
		error(rep, "%s:1: not a question file (.gift, .aiken or .txt)", path);
		free(text);
		return;
	}
	free(text);
	free(err);
	for (size_t i = 0; i < f->bank.nerrors; i++)
		add_msg(&rep->errors, &rep->nerrors, xstrdup(f->bank.errors[i]));
	if (rc != NK_OK && f->bank.nerrors == 0)
		error(rep, "%s: cannot be read as questions", path);
	for (size_t i = 0; i < f->bank.nnotes; i++)
		add_msg(&rep->notes, &rep->nnotes, xstrdup(f->bank.notes[i]));
	rep->files++;
}

/* Topics an import makes (--create-topics): id and Vietnamese title. */
struct newtopics {
	char **id, **title;
	size_t n;
};

static bool newtopic_has(const struct newtopics *nt, const char *id)
{
	for (size_t i = 0; i < nt->n; i++)
		if (strcmp(nt->id[i], id) == 0)
			return true;
	return false;
}

static void newtopic_add(struct newtopics *nt, const char *id, const char *title)
{
	if (newtopic_has(nt, id))
		return;
	nt->id = xrealloc(nt->id, (nt->n + 1) * sizeof *nt->id);
	nt->title = xrealloc(nt->title, (nt->n + 1) * sizeof *nt->title);
	nt->id[nt->n] = xstrdup(id);
	nt->title[nt->n++] = xstrdup(title);
}

static void newtopics_free(struct newtopics *nt)
{
	for (size_t i = 0; i < nt->n; i++) {
		free(nt->id[i]);
		free(nt->title[i]);
	}
	free(nt->id);
	free(nt->title);
	memset(nt, 0, sizeof *nt);
}

/* A topic id made from a name as search folds it: "Nông thôn mới" is
 * "nong-thon-moi". */
static char *topic_slug(const char *name)
{
	char *f = text_fold(name, strlen(name));
	char *out = xmalloc(strlen(f) + 1), *o = out;
	bool dash = false;
	for (const char *p = f; *p; p++) {
		if (isalnum((unsigned char)*p)) {
			if (dash && o > out)
				*o++ = '-';
			*o++ = *p;
			dash = false;
		} else {
			dash = true;
		}
	}
	*o = '\0';
	free(f);
	return out;
}

/* The topic a Moodle category names: its last part ("$course$/Nông thôn
 * mới" is "Nông thôn mới"), matched with a topic's id, or its id made from
 * the name, or a title of it in any language (capitals and marks aside).
 * NULL when none matches; *name gets the part (caller frees). */
static char *category_topic(struct db *db, const char *category, char **name)
{
	const char *slash = strrchr(category, '/');
	const char *last = slash ? slash + 1 : category;
	size_t n = strlen(last);
	while (n && (last[n - 1] == ' ' || last[n - 1] == '\t'))
		n--;
	while (n && (*last == ' ' || *last == '\t'))
		last++, n--;
	*name = xstrndup(last, n);
	char *slug = topic_slug(*name);
	char *found = NULL;
	if (slug[0] && db_has(db, "SELECT 1 FROM topics WHERE id = ?1", slug)) {
		found = xstrdup(slug);
	} else if (db_has(db, "SELECT 1 FROM topics WHERE id = ?1", *name)) {
		found = xstrdup(*name);
	} else {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db_sqlite(db), "SELECT topic_id, title FROM topic_titles",
				       -1, &st, NULL) == SQLITE_OK) {
			while (!found && sqlite3_step(st) == SQLITE_ROW) {
				const char *t = (const char *)sqlite3_column_text(st, 1);
				char *ts = topic_slug(t ? t : "");
				if (slug[0] && strcmp(ts, slug) == 0)
					found = xstrdup((const char *)sqlite3_column_text(st, 0));
				free(ts);
			}
			sqlite3_finalize(st);
		}
	}
	free(slug);
	return found;
}

/*
 * What Moodle banks need before they are checked, question by question:
 * - a topic for those without [topic:]: --topic, else the $CATEGORY's topic,
 *   else the file's name; with create_topics a --topic or a category that
 *   names no topic becomes a new one (made when the import is written);
 * - a name of its own: Moodle allows two questions of one name in a file,
 *   the kiosk's ids must differ, so the second "Q1" is "Q1-2" (a note says
 *   so; a translation of the same file gets the same names);
 * - an [article:] this kiosk lacks is dropped with a note: the question
 *   comes without "read more" rather than refusing the bank.
 */
static void resolve(struct db *db, struct qfile *files, size_t n, const struct qimport_opts *o,
		    struct newtopics *nt, struct qimport_report *rep)
{
	const char *opt_topic = o && o->topic && o->topic[0] ? o->topic : NULL;
	bool create = o && o->create_topics;
	if (opt_topic && !db_has(db, "SELECT 1 FROM topics WHERE id = ?1", opt_topic)) {
		if (create)
			newtopic_add(nt, opt_topic, opt_topic);
		else
			error(rep, "--topic %s: no such topic (add --create-topics to make it)",
			      opt_topic);
	}
	for (size_t k = 0; k < n; k++) {
		struct qfile *f = &files[k];
		for (size_t i = 0; i < f->bank.n; i++) {
			struct question *q = &f->bank.q[i];
			if (!qtype_info(q->type)->playable)
				continue;
			if (!q->topic && opt_topic) {
				q->topic = xstrdup(opt_topic);
			} else if (!q->topic && q->category) {
				char *name = NULL;
				char *t = category_topic(db, q->category, &name);
				if (!t && !f->topic && create && name[0]) {
					t = topic_slug(name);
					if (t[0])
						newtopic_add(nt, t, name);
					else
						free(t), t = NULL;
				}
				if (t)
					q->topic = t;
				else if (!f->topic)
					error(rep,
					      "%s:%zu: question '%s' has no topic: its category '%s' "
					      "names none here (give --topic ID, or --create-topics to "
					      "make one)",
					      f->path, q->line, q->id ? q->id : "", name);
				free(name);
			}
			if (q->article &&
			    !db_has(db, "SELECT 1 FROM articles WHERE slug = ?1", q->article)) {
				add_msg(&rep->notes, &rep->nnotes,
					xasprintf("%s:%zu: article '%s' is not on this kiosk: the "
						  "question comes without \"read more\"",
						  f->path, q->line, q->article));
				free(q->article);
				q->article = NULL;
			}
		}
		/* Names used twice in this file, named apart in order. */
		for (size_t i = 0; i < f->bank.n; i++) {
			struct question *q = &f->bank.q[i];
			if (!q->id || !qtype_info(q->type)->playable)
				continue;
			size_t first = i;
			for (size_t j = 0; j < i && first == i; j++)
				if (f->bank.q[j].id && qtype_info(f->bank.q[j].type)->playable &&
				    strcmp(f->bank.q[j].id, q->id) == 0)
					first = j;
			if (first == i)
				continue;
			char *id = NULL;
			for (int m = 2; !id; m++) {
				char *cand = xasprintf("%s-%d", q->id, m);
				bool taken = false;
				for (size_t j = 0; j < f->bank.n && !taken; j++)
					taken = j != i && f->bank.q[j].id &&
						strcmp(f->bank.q[j].id, cand) == 0;
				if (taken)
					free(cand);
				else
					id = cand;
			}
			add_msg(&rep->notes, &rep->nnotes,
				xasprintf("%s:%zu: the name '%s' is used twice (line %zu): this "
					  "question is '%s'",
					  f->path, q->line, q->id, f->bank.q[first].line, id));
			free(q->id);
			q->id = id;
		}
	}
}

static unsigned correct_mask(const struct question *q)
{
	unsigned m = 0;
	for (size_t i = 0; i < q->nopts && i < 32; i++)
		if (q->options[i].correct)
			m |= 1u << i;
	return m;
}

/* Aiken has no ids: a question is named after its file and place. */
static char *question_id(const struct qfile *f, const struct question *q, size_t i)
{
	if (q->id && q->id[0])
		return xstrdup(q->id);
	char *base = base_no_ext(f->path);
	char *id = xasprintf("%s-%03zu", base, i + 1);
	free(base);
	return id;
}

/* Every playable question of the files, in order, with its id; and a hash
 * table by language and id, so that a duplicate or the Vietnamese question
 * of a translation is found in constant time: one pass, not one pass per
 * question (quadratic in a bank of 40,000). */
struct qref {
	const struct qfile *f;
	const struct question *q;
	char *id;
};

struct qindex {
	struct hsearch_data tab;
	char **keys;
	struct qref *refs;
	size_t n, nkeys;
};

static char *qkey(const char *lang, const char *id)
{
	return xasprintf("%s\t%s", lang, id);
}

static void qindex_init(struct qindex *ix, size_t total)
{
	memset(ix, 0, sizeof *ix);
	ix->keys = xcalloc(total + 1, sizeof *ix->keys);
	ix->refs = xcalloc(total + 1, sizeof *ix->refs);
	if (!hcreate_r(2 * total + 16, &ix->tab)) {
		fputs("ntmkiosk: out of memory\n", stderr);
		abort();
	}
}

/* Adds a question (id is taken over); returns the one with its language and
 * id added before, or NULL. */
static const struct qref *qindex_add(struct qindex *ix, const struct qfile *f,
				     const struct question *q, char *id)
{
	struct qref *ref = &ix->refs[ix->n++];
	*ref = (struct qref){f, q, id};
	char *key = qkey(f->lang, id);
	ENTRY e = {key, ref}, *found = NULL;
	if (!hsearch_r(e, ENTER, &found, &ix->tab)) {
		fputs("ntmkiosk: out of memory\n", stderr);
		abort();
	}
	if (found->data != ref) {
		free(key);
		return found->data;
	}
	ix->keys[ix->nkeys++] = key;
	return NULL;
}

static const struct qref *qindex_find(struct qindex *ix, const char *lang, const char *id)
{
	char *key = qkey(lang, id);
	ENTRY e = {key, NULL}, *found = NULL;
	hsearch_r(e, FIND, &found, &ix->tab);
	free(key);
	return found ? found->data : NULL;
}

static void qindex_free(struct qindex *ix)
{
	hdestroy_r(&ix->tab);
	for (size_t i = 0; i < ix->nkeys; i++)
		free(ix->keys[i]);
	for (size_t i = 0; i < ix->n; i++)
		free(ix->refs[i].id);
	free(ix->keys);
	free(ix->refs);
	memset(ix, 0, sizeof *ix);
}

static void check(struct db *db, const struct qfile *files, size_t n,
		  const struct newtopics *nt, struct qimport_report *rep)
{
	size_t total = 0;
	for (size_t k = 0; k < n; k++)
		total += files[k].bank.n;
	struct qindex ix;
	qindex_init(&ix, total);
	/* Duplicate ids in one language, in one file or two, would overwrite
	 * each other. */
	for (size_t k = 0; k < n; k++) {
		const struct qfile *f = &files[k];
		for (size_t i = 0; i < f->bank.n; i++) {
			const struct question *q = &f->bank.q[i];
			if (!qtype_info(q->type)->playable)
				continue;
			const struct qref *was = qindex_add(&ix, f, q, question_id(f, q, i));
			const char *id = ix.refs[ix.n - 1].id;
			if (was && was->f == f)
				error(rep, "%s:%zu: question id '%s' used twice (line %zu)", f->path,
				      q->line, id, was->q->line);
			else if (was)
				error(rep, "%s:%zu: question id '%s' used twice (%s:%zu)", f->path,
				      q->line, id, was->f->path, was->q->line);
		}
	}
	/* The rest, once every Vietnamese question is known. */
	for (size_t j = 0; j < ix.n; j++) {
		const struct qfile *f = ix.refs[j].f;
		const struct question *q = ix.refs[j].q;
		const char *id = ix.refs[j].id;
		if (q->nopts < 2 || q->nopts > 8)
			error(rep, "%s:%zu: question '%s' has %zu options; the kiosk shows 2 to 8",
			      f->path, q->line, id, q->nopts);
		if (!q->topic && !f->topic)
			error(rep, "%s:%zu: question '%s' has no topic ([topic:id], a file named "
				   "after one, or --topic ID)",
			      f->path, q->line, id);
		else if (q->topic && !newtopic_has(nt, q->topic) &&
			 !db_has(db, "SELECT 1 FROM topics WHERE id = ?1", q->topic))
			error(rep, "%s:%zu: unknown topic '%s'", f->path, q->line, q->topic);
		if (strcmp(f->lang, "vi") != 0) {
			const struct qref *vr = qindex_find(&ix, "vi", id);
			const struct question *v = vr ? vr->q : NULL;
			if (!v && !db_has(db, "SELECT 1 FROM questions WHERE id = ?1", id))
				error(rep,
				      "%s:%zu: no Vietnamese question '%s': the Vietnamese text "
				      "carries the answer key",
				      f->path, q->line, id);
			else if (v && (v->nopts != q->nopts || correct_mask(v) != correct_mask(q) ||
				       v->type != q->type))
				error(rep,
				      "%s:%zu: question '%s' differs from the Vietnamese one (%s:%zu) "
				      "in its options or answer",
				      f->path, q->line, id, vr->f->path, v->line);
		}
	}
	qindex_free(&ix);
}

static int step(sqlite3 *h, sqlite3_stmt *st, const char *what, char **err)
{
	int s = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (s != SQLITE_DONE)
		return err_set(err, db_errcode(s), "%s: %s", what, sqlite3_errmsg(h));
	return NK_OK;
}

/* The topics the import makes, after the others, titled in Vietnamese. */
static int write_topics(struct db *db, const struct newtopics *nt, char **err)
{
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *t = NULL, *ti = NULL;
	int rc = NK_OK;
	if (sqlite3_prepare_v2(h,
			       "INSERT INTO topics(id, ord) SELECT ?1, coalesce(max(ord), 0) + 1 "
			       "FROM topics",
			       -1, &t, NULL) ||
	    sqlite3_prepare_v2(h,
			       "INSERT INTO topic_titles(topic_id, lang, title) VALUES (?1, 'vi', ?2)",
			       -1, &ti, NULL))
		rc = err_set(err, db_errcode(sqlite3_errcode(h)), "topics: %s", sqlite3_errmsg(h));
	for (size_t i = 0; i < nt->n && rc == NK_OK; i++) {
		sqlite3_bind_text(t, 1, nt->id[i], -1, SQLITE_TRANSIENT);
		rc = step(h, t, "topics", err);
		sqlite3_bind_text(ti, 1, nt->id[i], -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ti, 2, nt->title[i], -1, SQLITE_TRANSIENT);
		if (rc == NK_OK)
			rc = step(h, ti, "topics", err);
	}
	sqlite3_finalize(t);
	sqlite3_finalize(ti);
	return rc;
}

static int write_all(struct db *db, const struct qfile *files, size_t n,
		     const struct newtopics *nt, struct qimport_report *rep, char **err)
{
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *qs = NULL, *ts = NULL, *os = NULL, *del = NULL;
	int rc = write_topics(db, nt, err);
	if (rc)
		return rc;
	if (sqlite3_prepare_v2(h,
			       "INSERT INTO questions(id, topic, difficulty, article, qtype, nopts, "
			       "correct, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
			       "ON CONFLICT(id) DO UPDATE SET topic = excluded.topic, difficulty = "
			       "excluded.difficulty, article = excluded.article, qtype = "
			       "excluded.qtype, nopts = excluded.nopts, correct = excluded.correct, "
			       "source = excluded.source",
			       -1, &qs, NULL) ||
	    sqlite3_prepare_v2(h, "DELETE FROM question_texts WHERE id = ?1 AND lang = ?2", -1,
			       &del, NULL) ||
	    sqlite3_prepare_v2(h,
			       "INSERT INTO question_texts(id, lang, status, text, explanation) "
			       "VALUES (?1, ?2, ?3, ?4, ?5)",
			       -1, &ts, NULL) ||
	    sqlite3_prepare_v2(h,
			       "INSERT INTO question_options(id, lang, idx, text, feedback) "
			       "VALUES (?1, ?2, ?3, ?4, ?5)",
			       -1, &os, NULL)) {
		rc = err_set(err, db_errcode(sqlite3_errcode(h)), "questions: %s",
			     sqlite3_errmsg(h));
		goto out;
	}
	/* Vietnamese first: its rows carry the answer key the others join. */
	for (int pass = 0; pass < 2 && rc == NK_OK; pass++) {
		for (size_t k = 0; k < n && rc == NK_OK; k++) {
			const struct qfile *f = &files[k];
			if ((strcmp(f->lang, "vi") == 0) != (pass == 0))
				continue;
			for (size_t i = 0; i < f->bank.n && rc == NK_OK; i++) {
				const struct question *q = &f->bank.q[i];
				if (!qtype_info(q->type)->playable)
					continue;
				char *id = question_id(f, q, i);
				if (pass == 0) {
					sqlite3_bind_text(qs, 1, id, -1, SQLITE_TRANSIENT);
					sqlite3_bind_text(qs, 2, q->topic ? q->topic : f->topic, -1,
							  SQLITE_TRANSIENT);
					sqlite3_bind_int(qs, 3, q->difficulty ? q->difficulty : 2);
					if (q->article)
						sqlite3_bind_text(qs, 4, q->article, -1,
								  SQLITE_TRANSIENT);
					sqlite3_bind_text(qs, 5, qtype_info(q->type)->id, -1,
							  SQLITE_STATIC);
					sqlite3_bind_int(qs, 6, (int)q->nopts);
					sqlite3_bind_int64(qs, 7, correct_mask(q));
					sqlite3_bind_text(qs, 8, f->path, -1, SQLITE_TRANSIENT);
					rc = step(h, qs, f->path, err);
				}
				sqlite3_bind_text(del, 1, id, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(del, 2, f->lang, -1, SQLITE_TRANSIENT);
				if (rc == NK_OK)
					rc = step(h, del, f->path, err);
				sqlite3_bind_text(ts, 1, id, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(ts, 2, f->lang, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(ts, 3, f->status, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(ts, 4, q->text, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(ts, 5, q->explanation, -1, SQLITE_TRANSIENT);
				if (rc == NK_OK)
					rc = step(h, ts, f->path, err);
				for (size_t o = 0; o < q->nopts && rc == NK_OK; o++) {
					sqlite3_bind_text(os, 1, id, -1, SQLITE_TRANSIENT);
					sqlite3_bind_text(os, 2, f->lang, -1, SQLITE_TRANSIENT);
					sqlite3_bind_int(os, 3, (int)o);
					sqlite3_bind_text(os, 4, q->options[o].text, -1,
							  SQLITE_TRANSIENT);
					sqlite3_bind_text(os, 5, q->options[o].feedback, -1,
							  SQLITE_TRANSIENT);
					rc = step(h, os, f->path, err);
				}
				if (rc == NK_OK) {
					rep->texts++;
					if (pass == 0)
						rep->questions++;
				}
				free(id);
			}
		}
	}
out:
	sqlite3_finalize(qs);
	sqlite3_finalize(ts);
	sqlite3_finalize(os);
	sqlite3_finalize(del);
	return rc;
}

/* Reads, checks and (when all is well) writes; in_tx: inside the caller's
 * transaction, else in one of its own. */
static int import_files(struct db *db, const char *const *paths, size_t n,
			const struct qimport_opts *o, struct qimport_report *rep, bool in_tx,
			char **err)
{
	struct qfile *files = xcalloc(n ? n : 1, sizeof *files);
	struct newtopics nt = {0};
	for (size_t i = 0; i < n; i++)
		read_file(db, paths[i], &files[i], rep);
	if (rep->nerrors == 0)
		resolve(db, files, n, o, &nt, rep);
	if (rep->nerrors == 0)
		check(db, files, n, &nt, rep);
	int rc = NK_OK;
	if (rep->nerrors) {
		rc = err_set(err, NK_EINVAL, "%s", rep->errors[0]);
	} else if (in_tx) {
		rc = write_all(db, files, n, &nt, rep, err);
	} else {
		rc = db_begin(db, err);
		if (rc == NK_OK) {
			rc = write_all(db, files, n, &nt, rep, err);
			if (rc == NK_OK)
				rc = db_commit(db, err);
			if (rc != NK_OK)
				db_rollback(db);
		}
	}
	if (rc != NK_OK)
		rep->questions = rep->texts = 0;
	else
		rep->topics = nt.n;
	for (size_t i = 0; i < n; i++) {
		free(files[i].path);
		free(files[i].lang);
		free(files[i].topic);
		free(files[i].status);
		bank_clear(&files[i].bank);
	}
	free(files);
	newtopics_free(&nt);
	return rc;
}

int questions_import(struct db *db, const char *const *paths, size_t n,
		     struct qimport_report *rep, char **err)
{
	return import_files(db, paths, n, NULL, rep, false, err);
}

int questions_import_opts(struct db *db, const char *const *paths, size_t n,
			  const struct qimport_opts *o, struct qimport_report *rep, char **err)
{
	return import_files(db, paths, n, o, rep, false, err);
}

int questions_import_in(struct db *db, const char *const *paths, size_t n,
			struct qimport_report *rep, char **err)
{
	return import_files(db, paths, n, NULL, rep, true, err);
}

static char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return xstrdup(t ? (const char *)t : "");
}

static int load_where(struct db *db, const char *topic, const char *id, const char *lang,
		      struct qitem **out, size_t *n, char **err)
{
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st = NULL, *ost = NULL;
	*out = NULL;
	*n = 0;
	int rc = NK_OK;
	/* Each question in lang if it has a text there, else in Vietnamese. */
	if (sqlite3_prepare_v2(
		    h,
		    "SELECT q.id, q.topic, q.article, q.difficulty, q.qtype, q.nopts, q.correct, "
		    "t.lang, t.status, t.text, t.explanation FROM questions q "
		    "JOIN question_texts t ON t.id = q.id AND t.lang = CASE WHEN EXISTS "
		    "(SELECT 1 FROM question_texts x WHERE x.id = q.id AND x.lang = ?2) "
		    "THEN ?2 ELSE 'vi' END "
		    "WHERE (?1 IS NULL OR q.topic = ?1) AND (?3 IS NULL OR q.id = ?3) "
		    "AND q.qtype IN ('single', 'multi', 'truefalse') ORDER BY q.id",
		    -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h,
			       "SELECT text, feedback FROM question_options WHERE id = ?1 AND "
			       "lang = ?2 ORDER BY idx",
			       -1, &ost, NULL) != SQLITE_OK) {
		rc = err_set(err, db_errcode(sqlite3_errcode(h)), "questions: %s",
			     sqlite3_errmsg(h));
		goto out;
	}
	sqlite3_bind_text(st, 1, topic, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, lang, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, id, -1, SQLITE_TRANSIENT);
	size_t cap = 0;
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)out, &cap, *n + 1, sizeof **out);
		struct qitem *q = &(*out)[(*n)++];
		memset(q, 0, sizeof *q);
		q->id = col(st, 0);
		q->topic = col(st, 1);
		q->article = sqlite3_column_type(st, 2) == SQLITE_NULL ? NULL : col(st, 2);
		q->difficulty = sqlite3_column_int(st, 3);
		q->multi = strcmp((const char *)sqlite3_column_text(st, 4), "multi") == 0;
		q->truefalse = strcmp((const char *)sqlite3_column_text(st, 4), "truefalse") == 0;
		q->nopts = sqlite3_column_int(st, 5);
		q->correct = (unsigned)sqlite3_column_int64(st, 6);
		q->lang = col(st, 7);
		q->fallback = strcmp(q->lang, lang) != 0;
		q->status = col(st, 8);
		q->text = col(st, 9);
		q->explanation = col(st, 10);
		q->opts = xcalloc((size_t)q->nopts + 1, sizeof *q->opts);
		q->feedback = xcalloc((size_t)q->nopts + 1, sizeof *q->feedback);
		sqlite3_bind_text(ost, 1, q->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(ost, 2, q->lang, -1, SQLITE_STATIC);
		int k = 0;
		while (sqlite3_step(ost) == SQLITE_ROW && k < q->nopts) {
			q->opts[k] = col(ost, 0);
			q->feedback[k] = col(ost, 1);
			k++;
		}
		for (; k < q->nopts; k++) {
			q->opts[k] = xstrdup("");
			q->feedback[k] = xstrdup("");
		}
		sqlite3_reset(ost);
	}
	if (s != SQLITE_DONE) {
		rc = err_set(err, db_errcode(s), "questions: %s", sqlite3_errmsg(h));
		questions_free(out, *n);
		*n = 0;
	}
out:
	sqlite3_finalize(st);
	sqlite3_finalize(ost);
	return rc;
}

int questions_load(struct db *db, const char *topic, const char *lang, struct qitem **out,
		   size_t *n, char **err)
{
	return load_where(db, topic, NULL, lang, out, n, err);
}

int questions_get(struct db *db, const char *id, const char *lang, struct qitem **out,
		  char **err)
{
	size_t n = 0;
	int rc = load_where(db, NULL, id, lang, out, &n, err);
	if (rc == NK_OK && n == 0)
		rc = err_set(err, NK_ENOENT, "no playable question with id %s", id);
	return rc;
}

void questions_free_one(struct qitem *q)
{
	for (int k = 0; k < q->nopts; k++) {
		free(q->opts[k]);
		free(q->feedback[k]);
	}
	free(q->opts);
	free(q->feedback);
	free(q->id);
	free(q->topic);
	free(q->article);
	free(q->lang);
	free(q->status);
	free(q->text);
	free(q->explanation);
	memset(q, 0, sizeof *q);
}

void questions_free(struct qitem **items, size_t n)
{
	if (!*items)
		return;
	for (size_t i = 0; i < n; i++)
		questions_free_one(&(*items)[i]);
	free(*items);
	*items = NULL;
}

int questions_topic_counts(struct db *db, char ***topics, size_t **counts, size_t *n,
			   char **err)
{
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	*topics = NULL;
	*counts = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(h,
			       "SELECT q.topic, count(*) FROM questions q JOIN topics t ON t.id = "
			       "q.topic WHERE q.qtype IN ('single', 'multi', 'truefalse') "
			       "GROUP BY q.topic ORDER BY min(t.ord)",
			       -1, &st, NULL) != SQLITE_OK)
		return err_set(err, db_errcode(sqlite3_errcode(h)), "questions: %s",
			       sqlite3_errmsg(h));
	while (sqlite3_step(st) == SQLITE_ROW) {
		*topics = xrealloc(*topics, (*n + 1) * sizeof **topics);
		*counts = xrealloc(*counts, (*n + 1) * sizeof **counts);
		(*topics)[*n] = col(st, 0);
		(*counts)[*n] = (size_t)sqlite3_column_int64(st, 1);
		(*n)++;
	}
	sqlite3_finalize(st);
	return NK_OK;
}

/* ---- writing banks back out (for Moodle) ---- */

/* GIFT text: the characters GIFT reads as syntax escaped, as Moodle's
 * exporter does, and a line break as \n. */
static void gift_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\r')
			continue;
		if (*s == '\n') {
			fputs("\\n", f);
			continue;
		}
		if (strchr("\\#=~{}:", *s))
			fputc('\\', f);
		fputc(*s, f);
	}
}

/* Aiken text, and the name in a GIFT comment: one line. */
static void one_line(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s, f);
}

struct xq {
	char *id, *topic, *article, *type, *text, *explanation;
	int difficulty, nopts;
	unsigned correct;
	char **opt, **fb;
};

static void xq_clear(struct xq *q)
{
	free(q->id);
	free(q->topic);
	free(q->article);
	free(q->type);
	free(q->text);
	free(q->explanation);
	for (int i = 0; i < q->nopts; i++) {
		free(q->opt[i]);
		free(q->fb[i]);
	}
	free(q->opt);
	free(q->fb);
	memset(q, 0, sizeof *q);
}

static void write_gift(FILE *f, const struct xq *q)
{
	fputs("// question: 0  name: ", f);
	one_line(f, q->id);
	fprintf(f, "\n// [topic:%s]\n// [difficulty:%d]\n", q->topic, q->difficulty);
	if (q->article)
		fprintf(f, "// [article:%s]\n", q->article);
	fputs("::", f);
	gift_text(f, q->id);
	fputs("::", f);
	gift_text(f, q->text);
	fputc('{', f);
	if (strcmp(q->type, "truefalse") == 0) {
		/* Options "true" then "false"; the feedback of the wrong one first. */
		bool truth = q->correct & 1u;
		fputs(truth ? "TRUE" : "FALSE", f);
		fputc('#', f);
		gift_text(f, q->nopts > 1 ? q->fb[truth ? 1 : 0] : "");
		fputc('#', f);
		gift_text(f, q->nopts > 1 ? q->fb[truth ? 0 : 1] : "");
		if (q->explanation[0]) {
			fputs("####", f);
			gift_text(f, q->explanation);
		}
		fputs("}\n\n", f);
		return;
	}
	bool multi = strcmp(q->type, "multi") == 0;
	int right = 0;
	for (int i = 0; i < q->nopts; i++)
		right += (q->correct >> i) & 1u;
	fputc('\n', f);
	for (int i = 0; i < q->nopts; i++) {
		bool ok = (q->correct >> i) & 1u;
		fputc('\t', f);
		if (!multi) {
			fputc(ok ? '=' : '~', f);
		} else if (ok) {
			/* Moodle's weights: the right ones share 100%. */
			char w[32];
			snprintf(w, sizeof w, "%.5f", 100.0 / (right ? right : 1));
			size_t n = strlen(w);
			while (n && w[n - 1] == '0')
				w[--n] = '\0';
			if (n && w[n - 1] == '.')
				w[--n] = '\0';
			fprintf(f, "~%%%s%%", w);
		} else {
			fputc('~', f);
		}
		gift_text(f, q->opt[i]);
		if (q->fb[i][0]) {
			fputc('#', f);
			gift_text(f, q->fb[i]);
		}
		fputc('\n', f);
	}
	if (q->explanation[0]) {
		fputs("\t####", f);
		gift_text(f, q->explanation);
		fputc('\n', f);
	}
	fputs("}\n\n", f);
}

/* Aiken holds single-choice questions only, with at most 26 options. */
static bool write_aiken(FILE *f, const struct xq *q)
{
	if (strcmp(q->type, "single") != 0 || q->nopts > 26)
		return false;
	one_line(f, q->text);
	fputc('\n', f);
	int answer = 0;
	for (int i = 0; i < q->nopts; i++) {
		fprintf(f, "%c. ", 'A' + i);
		one_line(f, q->opt[i]);
		fputc('\n', f);
		if ((q->correct >> i) & 1u)
			answer = i;
	}
	fprintf(f, "ANSWER: %c\n\n", 'A' + answer);
	return true;
}

static char *col_or_null(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL : col(st, i);
}

/* GIFT's [status:] line: drafts unless every text written is reviewed. */
static bool all_reviewed(sqlite3 *h, const char *lang, const char *topic)
{
	sqlite3_stmt *st;
	bool yes = false;
	if (sqlite3_prepare_v2(h,
			       "SELECT count(*) = 0 FROM questions q JOIN question_texts t ON t.id "
			       "= q.id AND t.lang = ?1 WHERE (?2 IS NULL OR q.topic = ?2) AND "
			       "q.qtype IN ('single', 'multi', 'truefalse') AND t.status <> "
			       "'reviewed'",
			       -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, lang, -1, SQLITE_TRANSIENT);
	if (topic)
		sqlite3_bind_text(st, 2, topic, -1, SQLITE_TRANSIENT);
	yes = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return yes;
}

int questions_export(struct db *db, const struct qexport_opts *o, FILE *out, size_t *written,
		     size_t *left_out, char **err)
{
	*written = *left_out = 0;
	sqlite3 *h = db_sqlite(db);
	const char *lang = o->lang ? o->lang : "vi";
	sqlite3_stmt *qs = NULL, *os = NULL;
	if (sqlite3_prepare_v2(h,
			       "SELECT q.id, q.topic, q.article, q.qtype, q.difficulty, q.nopts, "
			       "q.correct, t.text, t.explanation FROM questions q JOIN "
			       "question_texts t ON t.id = q.id AND t.lang = ?1 WHERE (?2 IS NULL OR "
			       "q.topic = ?2) AND q.qtype IN ('single', 'multi', 'truefalse') "
			       "ORDER BY q.topic, q.id",
			       -1, &qs, NULL) ||
	    sqlite3_prepare_v2(h,
			       "SELECT text, feedback FROM question_options WHERE id = ?1 AND "
			       "lang = ?2 ORDER BY idx",
			       -1, &os, NULL)) {
		int rc = err_set(err, db_errcode(sqlite3_errcode(h)), "questions: %s",
				 sqlite3_errmsg(h));
		sqlite3_finalize(qs);
		return rc;
	}
	sqlite3_bind_text(qs, 1, lang, -1, SQLITE_TRANSIENT);
	if (o->topic)
		sqlite3_bind_text(qs, 2, o->topic, -1, SQLITE_TRANSIENT);
	if (o->format == QEXPORT_GIFT)
		fprintf(out, "// ntmkiosk question bank, language %s (Moodle GIFT)\n"
			     "// [status:%s]\n\n",
			lang, all_reviewed(h, lang, o->topic) ? "reviewed" : "draft");
	int s;
	while ((s = sqlite3_step(qs)) == SQLITE_ROW) {
		struct xq q = {0};
		q.id = col(qs, 0);
		q.topic = col(qs, 1);
		q.article = col_or_null(qs, 2);
		q.type = col(qs, 3);
		q.difficulty = sqlite3_column_int(qs, 4);
		q.correct = (unsigned)sqlite3_column_int64(qs, 6);
		q.text = col(qs, 7);
		q.explanation = col(qs, 8);
		int want = sqlite3_column_int(qs, 5);
		q.opt = xcalloc((size_t)(want > 0 ? want : 1), sizeof *q.opt);
		q.fb = xcalloc((size_t)(want > 0 ? want : 1), sizeof *q.fb);
		sqlite3_bind_text(os, 1, q.id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(os, 2, lang, -1, SQLITE_TRANSIENT);
		while (q.nopts < want && sqlite3_step(os) == SQLITE_ROW) {
			q.opt[q.nopts] = col(os, 0);
			q.fb[q.nopts++] = col(os, 1);
		}
		sqlite3_reset(os);
		if (o->format == QEXPORT_GIFT) {
			write_gift(out, &q);
			(*written)++;
		} else if (write_aiken(out, &q)) {
			(*written)++;
		} else {
			(*left_out)++;
		}
		xq_clear(&q);
	}
	int rc = s == SQLITE_DONE ? NK_OK
				  : err_set(err, db_errcode(s), "questions: %s", sqlite3_errmsg(h));
	sqlite3_finalize(qs);
	sqlite3_finalize(os);
	if (!rc && (fflush(out) != 0 || ferror(out)))
		rc = err_set(err, NK_EIO, "questions: cannot write");
	return rc;
}
