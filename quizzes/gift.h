/*
 * gift: the Moodle GIFT question-bank parser. It follows Moodle's own importer
 * (question/format/gift/format.php) block by block: whole-line // comments, $CATEGORY:,
 * ::title::, [moodle]/[html]/[plain]/[markdown] prefixes, the escapes \~ \= \# \{ \} \: \\
 * and \n, answer blocks of every GIFT type, general feedback (####) and missing-word blanks
 * (_____), plus the kiosk's metadata in the comment lines of a question: [article:slug],
 * [topic:id], [difficulty:1-3], and Moodle's [id:...] and [tag:...]. It is not an importer:
 * it reads no file, touches no database and checks no article or topic for existence.
 *
 * Where it is stricter than Moodle, on purpose (each is an error, "file:line: what"): an
 * unclosed ::title or an empty one; a second unescaped '{' or '}' in a question; an option or
 * answer with no text; a weight outside -100%..100%; a numerical value that is not a number
 * (Moodle's format.php stores it as '*' by mistake); a multiple-answer question with no
 * positive weight; a question with no text; an empty $CATEGORY:. Comment lines inside a
 * question are dropped rather than left as blank lines in its text. As in Moodle's file
 * import, every line is trimmed, so indentation inside a multi-line text is not kept.
 */
#ifndef NK_QUIZZES_GIFT_H
#define NK_QUIZZES_GIFT_H

#include "quizzes/question.h"

#include <stddef.h>

/*
 * Parses the GIFT text[0..len) (it need not end in NUL) into *out, which is reset first
 * (anything it held must already have been cleared). path is used only in messages.
 *
 * Questions of every type are kept; each one the kiosk cannot play (per quizzes/qtype) gets a
 * note "path:line: ... is not playable at the kiosk" in out->notes, which does not fail the
 * parse. Returns NK_OK when the file has no error; otherwise NK_EINVAL, with every error in
 * out->errors and the first in *err (see bank_result). The caller owns *out either way and
 * frees it with bank_clear; after a failure it must import nothing.
 */
int gift_parse(const char *path, const char *text, size_t len, struct bank *out, char **err);

#endif
