/*
 * fuzz_aiken: a fuzz target for the Aiken bank parser (quizzes/aiken). It parses the bytes,
 * then walks the bank it got back, reading every string so that a dangling or unterminated
 * one shows up under ASan, and checks the promises of quizzes/question.h and quizzes/aiken.h
 * that a caller relies on: text fields never NULL, stored text valid UTF-8 in NFC, the result
 * code agreeing with the errors, every question single-answer with at least two options and
 * exactly one right. It does not judge whether a question was read the way Moodle would
 * (test_aiken does).
 * Built with libFuzzer (-DNK_LIBFUZZER, clang) it fuzzes; built without, the replay main
 * runs it over the files or folders named on the command line, so the seed corpus is a
 * regression test on every machine.
 */
#include "quizzes/aiken.h"
#include "quizzes/question.h"

#include <stdlib.h>

/* Aiken holds only single-answer questions: at least two options, one right. */
static void aiken_check(const struct bank *bp)
{
	const struct bank b = *bp;
	for (size_t i = 0; i < b.n; i++) {
		size_t right = 0;
		for (size_t k = 0; k < b.q[i].nopts; k++)
			right += b.q[i].options[k].correct;
		if (b.q[i].type != QTYPE_SINGLE || b.q[i].nopts < 2 || right != 1)
			abort();
	}
}

#define BANK_PARSE aiken_parse
#define BANK_FILE "fuzz.txt"
#define BANK_EXTRA_CHECK(b) aiken_check(b)
#include "fuzz_bank.h"

#ifndef NK_LIBFUZZER
#include "replay_main.h"
#endif
