/*
 * fuzz_bank: the body shared by the fuzz targets of the bank parsers. The
 * including file defines BANK_PARSE (gift_parse or aiken_parse), BANK_FILE
 * (the name errors carry) and BANK_EXTRA_CHECK(bank) (its own promises),
 * then includes this: it parses the bytes, walks the bank reading every
 * string, and checks what quizzes/question.h promises a caller.
 */
#ifndef NK_TESTS_FUZZ_BANK_H
#define NK_TESTS_FUZZ_BANK_H

#include "core/text.h"
#include "quizzes/question.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A sink the compiler cannot drop, so every byte of every string is really read. */
static volatile unsigned sink;

/* Reads s to its end; stored text must also be valid UTF-8 and already NFC. */
static void touch(const char *s, bool stored)
{
	if (!s)
		abort();
	size_t n = strlen(s);
	unsigned h = 0;
	for (size_t i = 0; i < n; i++)
		h = h * 31 + (unsigned char)s[i];
	sink = h;
	if (!stored)
		return;
	if (!text_valid_utf8(s, n, NULL))
		abort();
	char *nfc = NULL;
	if (text_nfc(s, n, &nfc, NULL) != 0 || strcmp(nfc, s) != 0)
		abort();
	free(nfc);
}

static void touch_opt(const char *s)
{
	if (s)
		touch(s, true);
}

static void walk(const struct bank *b)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct question *q = &b->q[i];
		touch_opt(q->id);
		touch_opt(q->idnumber);
		touch_opt(q->category);
		touch_opt(q->article);
		touch_opt(q->topic);
		touch(q->text, true);
		touch(q->explanation, true);
		for (size_t t = 0; t < q->ntags; t++)
			touch(q->tags[t], true);
		if (!qtype_info(q->type) || q->difficulty < 0 || q->difficulty > 3 || q->line == 0)
			abort();
		for (size_t k = 0; k < q->nopts; k++) {
			const struct q_option *o = &q->options[k];
			touch(o->text, true);
			touch(o->feedback, true);
			touch_opt(o->match);
			/* Credit is a percentage (a NaN fails this too). */
			if (!(o->weight >= -100 && o->weight <= 100))
				abort();
			sink = o->correct;
		}
	}
	/* Messages quote the input, which a checker prints: read them, promise less. */
	for (size_t i = 0; i < b->nnotes; i++)
		touch(b->notes[i], false);
	for (size_t i = 0; i < b->nerrors; i++)
		touch(b->errors[i], false);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy, so that a read past len is caught even in the replay main. */
	char *text = malloc(size ? size : 1);
	if (!text)
		return 0;
	if (size)
		memcpy(text, data, size);
	struct bank b;
	char *err = NULL;
	int rc = BANK_PARSE(BANK_FILE, text, size, &b, &err);
	if ((rc == 0) != (b.nerrors == 0) || (rc == 0) != (err == NULL))
		abort();
	if (err)
		touch(err, false);
	walk(&b);
	BANK_EXTRA_CHECK(&b);
	bank_clear(&b);
	bank_clear(&b); /* a cleared bank may be cleared again */
	free(err);
	free(text);
	return 0;
}

#endif
