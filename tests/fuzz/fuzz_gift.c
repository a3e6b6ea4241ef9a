/*
 * fuzz_gift: a fuzz target for the GIFT bank parser (quizzes/gift). It parses the bytes, then
 * walks the bank it got back, reading every string so that a dangling or unterminated one
 * shows up under ASan, and checks the promises of quizzes/question.h that a caller relies on:
 * text fields never NULL, stored text valid UTF-8 in NFC, the result code agreeing with the
 * errors. It does not judge whether a question was read the way Moodle would (test_gift does).
 * Built with libFuzzer (-DNK_LIBFUZZER, clang) it fuzzes; built without, the replay main
 * runs it over the files or folders named on the command line, so the seed corpus is a
 * regression test on every machine.
 */
#include "quizzes/gift.h"

#define BANK_PARSE gift_parse
#define BANK_FILE "fuzz.gift"
#define BANK_EXTRA_CHECK(b) ((void)(b))
#include "fuzz_bank.h"

#ifndef NK_LIBFUZZER
#include "replay_main.h"
#endif
