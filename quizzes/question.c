/*
 * question: freeing questions and banks, and the few helpers both bank parsers share (input
 * checks, NFC on the way in, notes and errors). Parsing itself lives in quizzes/gift and
 * quizzes/aiken.
 */
#include "quizzes/question.h"

#include "core/text.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const format_names[] = {
	[Q_FORMAT_MOODLE] = "moodle",
	[Q_FORMAT_HTML] = "html",
	[Q_FORMAT_PLAIN] = "plain",
	[Q_FORMAT_MARKDOWN] = "markdown",
};

const char *q_format_name(enum q_format f)
{
	if ((size_t)f < NK_ARRAY_LEN(format_names))
		return format_names[f];
	return "moodle";
}

void question_clear(struct question *q)
{
	for (size_t i = 0; i < q->nopts; i++) {
		free(q->options[i].text);
		free(q->options[i].feedback);
		free(q->options[i].match);
	}
	for (size_t i = 0; i < q->ntags; i++)
		free(q->tags[i]);
	free(q->options);
	free(q->tags);
	free(q->id);
	free(q->idnumber);
	free(q->category);
	free(q->text);
	free(q->explanation);
	free(q->article);
	free(q->topic);
	memset(q, 0, sizeof *q);
}

void bank_clear(struct bank *b)
{
	for (size_t i = 0; i < b->n; i++)
		question_clear(&b->q[i]);
	for (size_t i = 0; i < b->nnotes; i++)
		free(b->notes[i]);
	for (size_t i = 0; i < b->nerrors; i++)
		free(b->errors[i]);
	free(b->q);
	free(b->notes);
	free(b->errors);
	memset(b, 0, sizeof *b);
}

/* Makes room for element n of an array that holds n. The capacity is implied by n (the next
 * power of two), so the bank needs no capacity fields and growth stays amortized linear. */
static void grow(void **p, size_t n, size_t size)
{
	if (n != 0 && (n & (n - 1)) != 0)
		return;
	if (n > ((size_t)-1) / 2 / size)
		abort();
	*p = xrealloc(*p, (n ? 2 * n : 1) * size);
}

/* Replaces *s (if not NULL) by its NFC form. */
static int nfc(char **s, char **err)
{
	if (!*s)
		return NK_OK;
	char *out;
	int rc = text_nfc(*s, strlen(*s), &out, err);
	if (rc)
		return rc;
	free(*s);
	*s = out;
	return NK_OK;
}

int bank_add(struct bank *b, struct question *q, char **err)
{
	int rc = NK_OK;
	char **fields[] = {&q->id, &q->idnumber, &q->category, &q->text, &q->explanation,
			   &q->article, &q->topic};
	for (size_t i = 0; i < NK_ARRAY_LEN(fields) && !rc; i++)
		rc = nfc(fields[i], err);
	for (size_t i = 0; i < q->ntags && !rc; i++)
		rc = nfc(&q->tags[i], err);
	for (size_t i = 0; i < q->nopts && !rc; i++) {
		rc = nfc(&q->options[i].text, err);
		if (!rc)
			rc = nfc(&q->options[i].feedback, err);
		if (!rc)
			rc = nfc(&q->options[i].match, err);
	}
	if (rc) {
		question_clear(q);
		return rc;
	}
	grow((void **)&b->q, b->n, sizeof *b->q);
	b->q[b->n++] = *q;
	memset(q, 0, sizeof *q);
	return NK_OK;
}

static void add_msg(char ***list, size_t *n, const char *fmt, va_list ap)
{
	grow((void **)list, *n, sizeof **list);
	(*list)[(*n)++] = xvasprintf(fmt, ap);
}

void bank_note(struct bank *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_msg(&b->notes, &b->nnotes, fmt, ap);
	va_end(ap);
}

void bank_error(struct bank *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_msg(&b->errors, &b->nerrors, fmt, ap);
	va_end(ap);
}

bool bank_check_input(struct bank *b, const char *path, const char *text, size_t len,
		      size_t *start)
{
	*start = 0;
	if (len == 0)
		return true;
	size_t bad, line, col;
	if (!text_valid_utf8(text, len, &bad)) {
		text_line_col(text, bad, &line, &col);
		bank_error(b, "%s:%zu: invalid UTF-8 at column %zu", path, line, col);
		return false;
	}
	/* Valid UTF-8 may still hold U+0000, which C strings cannot carry. */
	const char *nul = memchr(text, '\0', len);
	if (nul) {
		text_line_col(text, (size_t)(nul - text), &line, &col);
		bank_error(b, "%s:%zu: NUL byte at column %zu", path, line, col);
		return false;
	}
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		*start = 3; /* a BOM from a Windows editor */
	return true;
}

int bank_result(const struct bank *b, char **err)
{
	if (b->nerrors == 0)
		return NK_OK;
	if (b->nerrors == 1)
		return err_set(err, NK_EINVAL, "%s", b->errors[0]);
	return err_set(err, NK_EINVAL, "%s (and %zu more error%s)", b->errors[0], b->nerrors - 1,
		       b->nerrors == 2 ? "" : "s");
}
