/*
 * aiken: a line-by-line state machine over an Aiken file, in the order Moodle's importer
 * checks each line: too short to matter, an option, an ANSWER line, or else the start of a
 * question. It keeps one open question at a time; nothing here reads files or knows about the
 * database.
 */
#include "quizzes/aiken.h"

#include "core/util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum state {
	S_NONE,   /* between questions */
	S_OPEN,   /* a question line read, options being read */
	S_BROKEN  /* the open question had an error: skip its lines up to ANSWER */
};

struct ap {
	const char *path;
	struct bank *b;
	enum state st;
	struct question q;
	size_t optcap;
};

static void err_at(struct ap *p, size_t line, const char *fmt, ...) NK_PRINTF(3, 4);

static void err_at(struct ap *p, size_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	bank_error(p->b, "%s:%zu: %s", p->path, line, msg);
	free(msg);
}

/* Drops the open question after an error; its remaining lines are skipped when skip. */
static void drop(struct ap *p, bool skip)
{
	question_clear(&p->q);
	p->optcap = 0;
	p->st = skip ? S_BROKEN : S_NONE;
}

/* PHP's trim() set, as Moodle trims each line. */
static bool ws(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v';
}

static void option(struct ap *p, const char *s, size_t n, size_t line)
{
	if (p->st == S_NONE) {
		err_at(p, line, "question not started: an option line needs a question line "
		       "before it");
		return;
	}
	if (p->st == S_BROKEN)
		return;
	char want = (char)('A' + p->q.nopts);
	if (s[0] != want) {
		err_at(p, line, "option %c where %c was expected (the options of the question on "
		       "line %zu must run A, B, C... in order)", s[0], want, p->q.line);
		drop(p, true);
		return;
	}
	size_t a = 2, e = n;
	while (a < e && ws(s[a]))
		a++;
	if (a == e) {
		err_at(p, line, "option %c has no text", s[0]);
		drop(p, true);
		return;
	}
	xgrow((void **)&p->q.options, &p->optcap, p->q.nopts + 1, sizeof *p->q.options);
	struct q_option *o = &p->q.options[p->q.nopts++];
	memset(o, 0, sizeof *o);
	o->text = xstrndup(s + a, e - a);
	o->format = Q_FORMAT_PLAIN;
	o->feedback = xstrdup("");
	o->feedback_format = Q_FORMAT_PLAIN;
}

static void answer(struct ap *p, const char *s, size_t n, size_t line)
{
	if (p->st == S_NONE) {
		err_at(p, line, "question not started: an ANSWER line needs a question line "
		       "before it");
		return;
	}
	if (p->st == S_BROKEN) {
		p->st = S_NONE;
		return;
	}
	if (p->q.nopts < 2) {
		err_at(p, line, "the question on line %zu must have at least 2 answers; it has %zu",
		       p->q.line, p->q.nopts);
		drop(p, false);
		return;
	}
	size_t a = strlen("ANSWER:"), e = n;
	while (a < e && ws(s[a]))
		a++;
	char last = (char)('A' + p->q.nopts - 1);
	if (e - a != 1 || s[a] < 'A' || s[a] > last) {
		err_at(p, line, "ANSWER must be one of the letters A to %c, not '%.*s'", last,
		       (int)(e - a), s + a);
		drop(p, false);
		return;
	}
	struct q_option *o = &p->q.options[s[a] - 'A'];
	o->weight = 100;
	o->correct = true;
	char *err = NULL;
	size_t qline = p->q.line;
	if (bank_add(p->b, &p->q, &err) != 0)
		err_at(p, qline, "%s", err);
	free(err);
	drop(p, false);
}

static void question_line(struct ap *p, const char *s, size_t n, size_t line)
{
	if (p->st == S_OPEN)
		err_at(p, line, "question not completed before next question start: the question "
		       "on line %zu has no ANSWER line", p->q.line);
	drop(p, false);
	p->st = S_OPEN;
	p->q.type = QTYPE_SINGLE;
	p->q.format = Q_FORMAT_PLAIN;
	p->q.explanation_format = Q_FORMAT_PLAIN;
	p->q.text = xstrndup(s, n);
	p->q.explanation = xstrdup("");
	p->q.line = line;
}

int aiken_parse(const char *path, const char *text, size_t len, struct bank *out, char **err)
{
	struct ap p = {.path = path, .b = out, .st = S_NONE};
	memset(out, 0, sizeof *out);
	size_t pos;
	if (!bank_check_input(out, path, text, len, &pos))
		return bank_result(out, err);

	/* Lines end at "\n", "\r\n" or a lone "\r" (files from old Mac editors). */
	size_t line = 0;
	while (pos < len) {
		size_t e = pos;
		while (e < len && text[e] != '\n' && text[e] != '\r')
			e++;
		size_t next = e + 1;
		if (e < len && text[e] == '\r' && e + 1 < len && text[e + 1] == '\n')
			next = e + 2;
		line++;
		size_t a = pos;
		while (a < e && ws(text[a]))
			a++;
		while (e > a && ws(text[e - 1]))
			e--;
		const char *s = text + a;
		size_t n = e - a;
		pos = next;
		/* Moodle skips lines shorter than two bytes, whatever they hold. */
		if (n < 2)
			continue;
		if (s[0] >= 'A' && s[0] <= 'Z' && (s[1] == ')' || s[1] == '.'))
			option(&p, s, n, line);
		else if (n >= 7 && memcmp(s, "ANSWER:", 7) == 0)
			answer(&p, s, n, line);
		else
			question_line(&p, s, n, line);
	}
	if (p.st == S_OPEN)
		err_at(&p, p.q.line, "the question has no ANSWER line before the end of the file");
	drop(&p, false);
	return bank_result(out, err);
}
