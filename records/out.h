/*
 * out: the one output layer of the files records writes for people and
 * other programs (export, the report, the contest export). CSV, JSON and
 * XLSX are written the same way by all three: the bytes of CSV and JSON go
 * through one buffered stream that remembers its first failed write; a CSV
 * starts with one BOM and its fields are guarded and quoted one way; a JSON
 * string is escaped one way; a sheet's name is mended to Excel's rules one
 * way. Nothing here prints or reaches a terminal.
 */
#ifndef NK_RECORDS_OUT_H
#define NK_RECORDS_OUT_H

#include "core/util.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Bytes for a FILE, gathered into large pieces (a locked fwrite per cell
 * was a good part of a large export). */
struct out {
	FILE *f;    /* borrowed: flushed, never closed */
	char *buf;  /* bytes not yet handed to stdio */
	size_t len;
	int werr;   /* errno of the first failed write, 0 if none */
};

/* Starts writing to f. */
void out_open(struct out *o, FILE *f);
/* Adds bytes; after a failed write, nothing more is written. */
void out_put(struct out *o, const char *s, size_t n);
void out_puts(struct out *o, const char *s);
void out_printf(struct out *o, const char *fmt, ...) NK_PRINTF(2, 3);
/* Hands everything to the FILE and flushes it; NK_OK, or err_write's
 * message naming what (the file's name, or "export") for the first failed
 * write. Frees the buffer either way; o may be closed twice. */
int out_close(struct out *o, const char *what, char **err);
/* Frees the buffer without writing what it holds (a failed run). */
void out_drop(struct out *o);

/* ---- CSV: RFC 4180, UTF-8, CRLF ---- */

/* The byte order mark a CSV starts with: Excel reads a CSV without one in
 * the machine's legacy code page, which mangles every Vietnamese letter. */
void out_csv_bom(struct out *o);
/*
 * One text field (NULL or "": an empty field). Text a spreadsheet would read
 * as a formula (it starts with = + - @, a tab or a carriage return) gets a
 * leading apostrophe, OWASP's advice against CSV injection; then quoting
 * when the text holds a comma, a quote or a line break. The text must have
 * been through text_sanitize.
 */
void out_csv_field(struct out *o, const char *s);
/* The comma between fields; the end of a row. */
void out_csv_sep(struct out *o);
void out_csv_eol(struct out *o);

/* ---- JSON ---- */

/* s as a JSON string, or null for NULL: quote and backslash escaped, the
 * controls as \b \f \n \r \t or \u00XX (as SQLite's json_object writes
 * them), everything else as the UTF-8 it is. */
void out_json_string(struct out *o, const char *s);

/* ---- XLSX ---- */

/*
 * A sheet's name by Excel's rules: at most 31 characters, none of []:*?/\,
 * no apostrophe or space at either end, unique among the ntaken names of
 * taken without regard to case and marks (text_fold; "History" is Excel's
 * own). A name that is taken gets " (2)", " (3)"...; one that mends to
 * nothing becomes fallback. want must have been through text_sanitize.
 * Caller frees.
 */
char *out_sheet_name(const char *want, const char *fallback, char *const *taken, size_t ntaken);

#endif
