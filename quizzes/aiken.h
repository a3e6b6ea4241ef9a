/*
 * aiken: the Aiken question-bank parser, as Moodle's importer (question/format/aiken) reads
 * the format: a question on one line, its options one a line as "A. text" or "A) text" (the
 * space is optional), then "ANSWER: X". Every question is single-answer multiple choice with
 * no feedback, ids, categories or metadata, since Aiken has none. It is not an importer: it
 * reads no file and touches no database.
 *
 * Moodle stores Aiken text HTML-escaped in HTML format; this parser stores the same text
 * unescaped in plain format, which says the same thing without entities the terminal would
 * have to decode. Stricter than Moodle, on purpose (each an error, "file:line: what"): option
 * letters must run A, B, C... in order, an option must have text, ANSWER must name one of the
 * question's options by its capital letter, and a question left open at the end of the file
 * is reported rather than dropped silently.
 */
#ifndef NK_QUIZZES_AIKEN_H
#define NK_QUIZZES_AIKEN_H

#include "quizzes/question.h"

#include <stddef.h>

/*
 * Parses the Aiken text[0..len) (it need not end in NUL) into *out, which is reset first
 * (anything it held must already have been cleared). path is used only in messages; line
 * numbers count every physical line from 1, blank ones too.
 *
 * Like Moodle, a broken question is skipped and the parse goes on, so that every error in the
 * file is reported: out->errors holds them all and out->q the questions that were complete.
 * Returns NK_OK when there is no error, else NK_EINVAL with the first error in *err (see
 * bank_result); the caller owns *out either way, frees it with bank_clear, and after a
 * failure must import nothing.
 */
int aiken_parse(const char *path, const char *text, size_t len, struct bank *out, char **err);

#endif
