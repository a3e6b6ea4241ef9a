/*
 * csv: one CSV field as both exports write it. Text a spreadsheet would read
 * as a formula (it starts with = + - @, a tab or a carriage return) gets a
 * leading apostrophe, OWASP's advice against CSV injection; then RFC 4180
 * quoting when the text holds a comma, a quote or a line break. The text
 * must have been through text_sanitize.
 */
#ifndef NK_RECORDS_CSV_H
#define NK_RECORDS_CSV_H

#include <stddef.h>

/* Where the field's bytes go, in pieces, in order. */
typedef void (*csv_sink)(void *ctx, const char *p, size_t n);

/* Writes s (NULL: an empty field) through put. */
void csv_field(const char *s, csv_sink put, void *ctx);

#endif
