/*
 * fuzz_gift: a fuzz target for the GIFT bank parser (quizzes/gift). It parses the bytes, then
 * walks the bank it got back, reading every string so that a dangling or unterminated one
 * shows up under ASan, and checks the promises of quizzes/question.h that a caller relies on:
 * text fields never NULL, stored text valid UTF-8 in NFC, the result code agreeing with the
 * errors. It does not judge whether a question was read the way Moodle would (test_gift does).
 * Built with libFuzzer (-DNK_LIBFUZZER, clang) it fuzzes; built without, the replay main below
 * runs it over the files or folders named on the command line, so the seed corpus is a
 * regression test on every machine.
 */
#include "core/text.h"
#include "quizzes/gift.h"
#include "quizzes/question.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
	int rc = gift_parse("fuzz.gift", text, size, &b, &err);
	if ((rc == 0) != (b.nerrors == 0) || (rc == 0) != (err == NULL))
		abort();
	if (err)
		touch(err, false);
	walk(&b);
	bank_clear(&b);
	bank_clear(&b); /* a cleared bank may be cleared again */
	free(err);
	free(text);
	return 0;
}

#ifndef NK_LIBFUZZER
#include "replay_main.h"
#endif
