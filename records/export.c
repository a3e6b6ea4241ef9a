/*
 * export: turns one kind of record into a CSV, XLSX or JSON file for commune
 * officers. Each kind is a const table of columns (JSON key, header msgid,
 * SQL expression, cell type, whether it identifies a person), and each format
 * is a writer in a const table, so a new column or format is a row, not a
 * branch. Text is cleaned once, in SQL, on its way out; times are turned into
 * local time by SQLite, for the date filter and the cells alike, so the two
 * always agree. This module reads only: it never writes the database and
 * never prints.
 */
#include "records/export.h"
#include "records/report.h"

#include "core/i18n.h"
#include "core/safefile.h"
#include "core/text.h"
#include "core/util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "records/out.h"
#include "records/xlsx.h"

#include <xlsxwriter.h>

enum col_type {
	COL_TEXT,  /* text as stored, cleaned */
	COL_INT,   /* a count, a year, a position */
	COL_BOOL,  /* 0 or 1 */
	COL_TIME,  /* stored as UTC ISO 8601, shown in local time */
	COL_TENTHS /* an integer count of tenths, shown with one decimal */
};

struct column {
	const char *key;     /* JSON key: English snake_case, never translated */
	const char *header;  /* msgid of the header cell */
	const char *expr;    /* SQL over the kind's FROM; constant text only */
	enum col_type type;
	bool personal;       /* names or reaches a person: gone when anonymized */
	unsigned char width; /* XLSX column width in characters */
	/* CSV and XLSX show a stored code as words in the headers' language:
	 * "gender", "ethnicity", "lang" (see nk_export_label); COL_BOOL is
	 * "Yes" or "No" there. JSON keeps the codes, for programs. */
	const char *label;
};

/* Widths: a UUID is 36 characters; a local time shown as yyyy-mm-dd hh:mm
 * is 16. */
#define W_ID 38
#define W_TIME 18

static const struct column participant_cols[] = {
	{"id", N_("ID"), "p.uuid", COL_TEXT, false, W_ID, NULL},
	{"kiosk", N_("Kiosk"), "p.kiosk_id", COL_TEXT, false, W_ID, NULL},
	{"registered_at", N_("Registered at"), "p.created_at", COL_TIME, false, W_TIME, NULL},
	{"full_name", N_("Full name"), "p.full_name", COL_TEXT, true, 28, NULL},
	{"village", N_("Village"), "p.village", COL_TEXT, false, 22, NULL},
	{"gender", N_("Gender"), "p.gender", COL_TEXT, false, 10, "gender"},
	{"birth_year", N_("Birth year"), "p.birth_year", COL_INT, false, 10, NULL},
	{"ethnic_group", N_("Ethnic group"), "p.ethnicity", COL_TEXT, false, 12, "ethnicity"},
	{"phone", N_("Phone"), "p.phone", COL_TEXT, true, 16, NULL},
	{"consent_language", N_("Consent language"), "p.consent_lang", COL_TEXT, false, 16,
	 "lang"},
};

static const struct column attempt_cols[] = {
	{"id", N_("ID"), "a.uuid", COL_TEXT, false, W_ID, NULL},
	{"kiosk", N_("Kiosk"), "a.kiosk_id", COL_TEXT, false, W_ID, NULL},
	{"language", N_("Language"), "a.lang", COL_TEXT, false, 16, "lang"},
	{"topic", N_("Topic"), "a.topic", COL_TEXT, false, 24, "topic"},
	{"started_at", N_("Started at"), "a.started_at", COL_TIME, false, W_TIME, NULL},
	{"ended_at", N_("Ended at"), "a.ended_at", COL_TIME, false, W_TIME, NULL},
	{"questions", N_("Questions"), "a.total", COL_INT, false, 10, NULL},
	{"right_answers", N_("Right answers"), "a.score", COL_INT, false, 10, NULL},
	{"completed", N_("Completed"), "a.completed", COL_BOOL, false, 10, NULL},
	{"participant_id", N_("Participant ID"), "a.participant_uuid", COL_TEXT, false, W_ID, NULL},
	{"participant_name", N_("Participant name"), "p.full_name", COL_TEXT, true, 28, NULL},
};

static const struct column answer_cols[] = {
	{"id", N_("ID"), "uuid", COL_TEXT, false, W_ID, NULL},
	{"attempt_id", N_("Attempt ID"), "attempt_uuid", COL_TEXT, false, W_ID, NULL},
	{"kiosk", N_("Kiosk"), "kiosk_id", COL_TEXT, false, W_ID, NULL},
	/* Stored 0-based for the program; people count from 1. */
	{"position", N_("Position"), "position + 1", COL_INT, false, 10, NULL},
	{"question_id", N_("Question ID"), "question_id", COL_TEXT, false, 20, NULL},
	/* In the language the quiz was taken in, else in Vietnamese. */
	{"question", N_("Question"),
	 "coalesce((SELECT t.text FROM question_texts t WHERE t.id = question_id AND t.lang = "
	 "(SELECT a.lang FROM attempts a WHERE a.uuid = attempt_uuid)), (SELECT t.text FROM "
	 "question_texts t WHERE t.id = question_id AND t.lang = 'vi'))",
	 COL_TEXT, false, 50, NULL},
	{"chosen", N_("Chosen"), "nk_export_letters(chosen)", COL_TEXT, false, 10, NULL},
	{"right", N_("Right"), "correct", COL_BOOL, false, 8, NULL},
	{"timed_out", N_("Timed out"), "timed_out", COL_BOOL, false, 10, NULL},
	/* Rounded half up in integers, so every format shows the same tenth
	 * (a double such as 1.15 would round down in printf). */
	{"seconds", N_("Seconds"), "(CAST(ms AS INTEGER) + 50) / 100", COL_TENTHS, false, 10, NULL},
	{"answered_at", N_("Answered at"), "answered_at", COL_TIME, false, W_TIME, NULL},
};

static const struct column view_cols[] = {
	{"id", N_("ID"), "uuid", COL_TEXT, false, W_ID, NULL},
	{"kiosk", N_("Kiosk"), "kiosk_id", COL_TEXT, false, W_ID, NULL},
	{"article", N_("Article"), "slug", COL_TEXT, false, 28, NULL},
	{"title", N_("Title"),
	 "coalesce((SELECT t.title FROM article_texts t WHERE t.slug = views.slug AND "
	 "t.lang = views.lang), (SELECT t.title FROM article_texts t WHERE t.slug = views.slug "
	 "AND t.lang = 'vi'))",
	 COL_TEXT, false, 40, NULL},
	{"language", N_("Language"), "lang", COL_TEXT, false, 16, "lang"},
	{"opened_at", N_("Opened at"), "started_at", COL_TIME, false, W_TIME, NULL},
	{"seconds", N_("Seconds"), "seconds", COL_INT, false, 10, NULL},
};

static const struct column question_cols[] = {
	{"id", N_("ID"), "uuid", COL_TEXT, false, W_ID, NULL},
	{"kiosk", N_("Kiosk"), "kiosk_id", COL_TEXT, false, W_ID, NULL},
	{"asked_at", N_("Asked at"), "asked_at", COL_TIME, false, W_TIME, NULL},
	{"language", N_("Language"), "lang", COL_TEXT, false, 16, "lang"},
	{"question", N_("Question"), "question", COL_TEXT, false, 60, NULL},
	{"name", N_("Name"), "name", COL_TEXT, true, 24, NULL},
	{"contact", N_("Contact"), "contact", COL_TEXT, true, 20, NULL},
	{"answer", N_("Answer"), "answer", COL_TEXT, false, 60, NULL},
	{"answered_at", N_("Answered at"), "answered_at", COL_TIME, false, W_TIME, NULL},
	{"published", N_("Published"), "published", COL_BOOL, false, 10, NULL},
};

#define MAX_COLS 16

struct kind {
	const char *name;  /* for the CLI */
	const char *sheet; /* msgid of the XLSX sheet name */
	const char *from;  /* FROM clause */
	const char *when;  /* the stored UTC time the date filter reads */
	const char *order; /* oldest first; a unique key last, for a stable order */
	const struct column *cols;
	size_t ncols;
};

#define COLUMNS_OF(a) (a), NK_ARRAY_LEN(a)

static const struct kind kinds[] = {
	[EXPORT_PARTICIPANTS] = {"participants", N_("Participants"), "participants p",
				 "p.created_at", "p.created_at, p.uuid",
				 COLUMNS_OF(participant_cols)},
	[EXPORT_ATTEMPTS] = {"attempts", N_("Quiz attempts"),
			     "attempts a LEFT JOIN participants p ON p.uuid = a.participant_uuid",
			     "a.started_at", "a.started_at, a.uuid", COLUMNS_OF(attempt_cols)},
	[EXPORT_ANSWERS] = {"answers", N_("Answers"), "answers", "answered_at",
			    "answered_at, attempt_uuid, position, uuid", COLUMNS_OF(answer_cols)},
	[EXPORT_VIEWS] = {"views", N_("Article views"), "views", "started_at", "started_at, uuid",
			  COLUMNS_OF(view_cols)},
	[EXPORT_QUESTIONS] = {"questions", N_("Citizens' questions"), "citizen_questions",
			      "asked_at", "asked_at, uuid", COLUMNS_OF(question_cols)},
};

/* struct run holds the chosen columns in a fixed array. */
_Static_assert(NK_ARRAY_LEN(participant_cols) <= MAX_COLS, "too many columns");
_Static_assert(NK_ARRAY_LEN(attempt_cols) <= MAX_COLS, "too many columns");
_Static_assert(NK_ARRAY_LEN(answer_cols) <= MAX_COLS, "too many columns");
_Static_assert(NK_ARRAY_LEN(view_cols) <= MAX_COLS, "too many columns");
_Static_assert(NK_ARRAY_LEN(question_cols) <= MAX_COLS, "too many columns");

static const char *const format_names[] = {
	[EXPORT_CSV] = "csv",
	[EXPORT_XLSX] = "xlsx",
	[EXPORT_JSON] = "json",
};

int export_what_from_name(const char *name, enum export_what *out)
{
	for (size_t i = 0; name && i < NK_ARRAY_LEN(kinds); i++) {
		if (strcmp(name, kinds[i].name) == 0) {
			*out = (enum export_what)i;
			return NK_OK;
		}
	}
	return NK_ENOENT;
}

int export_format_from_name(const char *name, enum export_format *out)
{
	for (size_t i = 0; name && i < NK_ARRAY_LEN(format_names); i++) {
		if (strcmp(name, format_names[i]) == 0) {
			*out = (enum export_format)i;
			return NK_OK;
		}
	}
	return NK_ENOENT;
}

const char *export_what_name(enum export_what what)
{
	return (unsigned)what < NK_ARRAY_LEN(kinds) ? kinds[what].name : NULL;
}

const char *export_format_name(enum export_format format)
{
	return (unsigned)format < NK_ARRAY_LEN(format_names) ? format_names[format] : NULL;
}

/* ---- SQL helpers ---- */

/* True when every byte is 0x20..0x7e: no control, no escape, nothing that
 * NFC or UTF-8 repair could change. */
static bool printable_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return false;
	}
	return true;
}

/*
 * nk_export_clean(x): text (and blobs, read as text) through text_sanitize
 * with newlines kept; numbers and NULL unchanged. Done in SQL so that all
 * three writers get the same text and json_object never sees an invalid
 * byte or an escape sequence that a merged kiosk's database might hold.
 */
static void sql_clean(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	int t = sqlite3_value_type(argv[0]);
	if (t != SQLITE_TEXT && t != SQLITE_BLOB) {
		sqlite3_result_value(cx, argv[0]);
		return;
	}
	const void *p = t == SQLITE_TEXT ? (const void *)sqlite3_value_text(argv[0])
					 : sqlite3_value_blob(argv[0]);
	int n = sqlite3_value_bytes(argv[0]);
	/* Plain printable ASCII (ids, UUIDs, dates) is already what
	 * text_sanitize would give back, so it is passed on without a copy:
	 * most cells of a large export are that. Blobs still go through, to
	 * come out as text. */
	if (t == SQLITE_TEXT && p && printable_ascii(p, (size_t)n)) {
		sqlite3_result_value(cx, argv[0]);
		return;
	}
	char *c = text_sanitize(p ? p : "", p ? (size_t)n : 0, true, NULL);
	sqlite3_result_text(cx, c, -1, free);
}

/*
 * nk_export_letters(mask): the chosen options as people name them, "A" or
 * "A,C"; NULL when nothing was chosen (a timeout). Banks have at most 8
 * options, but a bit past Z is written as its 1-based number rather than
 * dropped, so no answer is silently lost.
 */
static void sql_letters(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(cx);
		return;
	}
	uint64_t m = (uint64_t)sqlite3_value_int64(argv[0]);
	char buf[64 * 4];
	size_t n = 0;
	for (int i = 0; i < 64; i++) {
		if (!((m >> i) & 1))
			continue;
		if (n)
			buf[n++] = ',';
		if (i < 26)
			buf[n++] = (char)('A' + i);
		else
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%d", i + 1);
	}
	if (n)
		sqlite3_result_text(cx, buf, (int)n, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(cx);
}

/*
 * nk_export_label(what, x): a stored code as the words the headers are in:
 * "bool" 1/0 as "Yes"/"No"; "gender" and "ethnicity" as the form's labels
 * (report_value_label); "lang" as the language's own name from the language
 * list; "topic" as the topic's title in the current language, else in
 * Vietnamese. A code with no label (or no list loaded) stays as stored, so
 * nothing is lost; NULL stays NULL.
 */
static void sql_label(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *what = (const char *)sqlite3_value_text(argv[0]);
	if (!what || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
		sqlite3_result_null(cx);
		return;
	}
	const char *v = (const char *)sqlite3_value_text(argv[1]);
	const char *label = NULL;
	if (strcmp(what, "bool") == 0) {
		label = sqlite3_value_int64(argv[1]) ? _("Yes") : _("No");
	} else if (strcmp(what, "lang") == 0) {
		const struct i18n_lang *l = i18n_lang_find(v ? v : "");
		label = l ? l->native : NULL;
	} else if (strcmp(what, "topic") == 0) {
		sqlite3_stmt *st;
		const char *cur = i18n_current();
		if (sqlite3_prepare_v2(sqlite3_context_db_handle(cx),
				       "SELECT title FROM topic_titles WHERE topic_id = ?1 AND "
				       "lang IN (?2, 'vi') ORDER BY lang = ?2 DESC LIMIT 1",
				       -1, &st, NULL) == SQLITE_OK) {
			sqlite3_bind_value(st, 1, argv[1]);
			sqlite3_bind_text(st, 2, cur ? cur : "vi", -1, SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW) {
				sqlite3_result_value(cx, sqlite3_column_value(st, 0));
				sqlite3_finalize(st);
				return;
			}
			sqlite3_finalize(st);
		}
	} else {
		label = report_value_label(what, v);
	}
	if (label)
		sqlite3_result_text(cx, label, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_value(cx, argv[1]);
}

static const struct {
	const char *name;
	int nargs;
	void (*fn)(sqlite3_context *, int, sqlite3_value **);
} sql_funcs[] = {
	{"nk_export_clean", 1, sql_clean},
	{"nk_export_letters", 1, sql_letters},
	{"nk_export_label", 2, sql_label},
};

/* Registered for the run and removed after, leaving the connection as the
 * caller had it. */
static int funcs_register(sqlite3 *h, bool on)
{
	for (size_t i = 0; i < NK_ARRAY_LEN(sql_funcs); i++) {
		int s = sqlite3_create_function_v2(h, sql_funcs[i].name, sql_funcs[i].nargs,
						   SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
						   on ? sql_funcs[i].fn : NULL, NULL, NULL, NULL);
		if (s != SQLITE_OK && on)
			return s;
	}
	return SQLITE_OK;
}

static int sql_fail(char **err, sqlite3 *h, int rc)
{
	int code = db_errcode(rc);
	return err_set(err, code ? code : NK_EFAIL, "export: %s", sqlite3_errmsg(h));
}

struct sbuf {
	char *p;
	size_t len, cap;
};

static void sb_add(struct sbuf *b, const char *s)
{
	size_t n = strlen(s);
	xgrow((void **)&b->p, &b->cap, b->len + n + 1, 1);
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
}

static void sb_addf(struct sbuf *b, const char *fmt, ...) NK_PRINTF(2, 3);
static void sb_addf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	sb_add(b, s);
	free(s);
}

/*
 * " FROM ... WHERE ..." with the dates as ?1 and ?2. The filter compares the
 * local date SQLite computes from the stored time, which is exact; the plain
 * text comparison in front of it only narrows the rows to a window a day
 * wider on each side than any time zone needs (-12 to +14 hours), so the
 * started_at / asked_at indexes are used on a large database.
 */
static void sql_tail(struct sbuf *b, const struct kind *k, const struct export_opts *o)
{
	sb_addf(b, " FROM %s WHERE 1", k->from);
	if (o->from)
		sb_addf(b, " AND %s >= date(?1, '-1 day') AND date(%s, 'localtime') >= ?1", k->when,
			k->when);
	if (o->to)
		sb_addf(b, " AND %s < date(?2, '+2 days') AND date(%s, 'localtime') <= ?2", k->when,
			k->when);
}

/* ---- one run ---- */

struct run {
	const struct export_opts *o;
	const struct kind *k;
	const struct column *cols[MAX_COLS]; /* the columns written, in order */
	size_t ncols;
	struct out out;  /* CSV and JSON: where the bytes go (out.f NULL for XLSX) */
	int64_t nrows;   /* data rows written */
	int64_t total;   /* rows the query will return */
	char *dir;       /* out_path's folder */
	struct safefile *sf; /* out_path being written (core/safefile.h) */
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *f_bold, *f_time, *f_day, *f_tenths;
};

static void put(struct run *r, const char *s, size_t n)
{
	out_put(&r->out, s, n);
}

static void puts_(struct run *r, const char *s)
{
	out_puts(&r->out, s);
}

/* A translated header, cleaned like data: catalogs are text we did not
 * write either. Caller frees. */
static char *header_text_of(const char *msgid)
{
	const char *h = _(msgid);
	return text_sanitize(h, strlen(h), false, NULL);
}

static char *header_text(const struct column *c)
{
	return header_text_of(c->header);
}

/* ---- CSV ---- */

static void csv_text(struct run *r, const char *s)
{
	out_csv_field(&r->out, s);
}

static int csv_begin(struct run *r, char **err)
{
	(void)err;
	out_csv_bom(&r->out);
	for (size_t i = 0; i < r->ncols; i++) {
		char *h = header_text(r->cols[i]);
		if (i)
			out_csv_sep(&r->out);
		csv_text(r, h);
		free(h);
	}
	out_csv_eol(&r->out);
	return NK_OK;
}

/* v in decimal, written backwards so that it ends at end; returns where it
 * starts. Faster than snprintf, which a million rows of five numbers feel. */
static char *fmt_u64(char *end, uint64_t v)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

/* An integer cell, or a count of tenths as "%lld.%lld" gave it ("-1.-5"
 * for -15, kept as it was: no stored duration is negative). */
static void csv_int(struct run *r, long long v, bool tenths)
{
	char num[48];
	char *end = num + sizeof num, *p = end;
	if (tenths) {
		long long q = v / 10, m = v % 10;
		p = fmt_u64(p, m < 0 ? (uint64_t)-m : (uint64_t)m);
		if (m < 0)
			*--p = '-';
		*--p = '.';
		v = q;
	}
	/* The magnitude as unsigned, so LLONG_MIN has one too. */
	uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	p = fmt_u64(p, mag);
	if (v < 0)
		*--p = '-';
	put(r, p, (size_t)(end - p));
}

static int csv_row(struct run *r, sqlite3_stmt *st, char **err)
{
	(void)err;
	char num[32];
	for (size_t i = 0; i < r->ncols; i++) {
		int c = (int)i;
		if (i)
			out_csv_sep(&r->out);
		switch (sqlite3_column_type(st, c)) {
		case SQLITE_NULL:
			break;
		case SQLITE_INTEGER:
			csv_int(r, sqlite3_column_int64(st, c), r->cols[i]->type == COL_TENTHS);
			break;
		case SQLITE_FLOAT:
			snprintf(num, sizeof num, "%.15g", sqlite3_column_double(st, c));
			puts_(r, num);
			break;
		default:
			csv_text(r, (const char *)sqlite3_column_text(st, c));
			break;
		}
	}
	out_csv_eol(&r->out);
	return NK_OK;
}

static int csv_end(struct run *r, char **err)
{
	(void)r;
	(void)err;
	return NK_OK;
}

/* ---- JSON ---- */

static int json_begin(struct run *r, char **err)
{
	(void)err;
	put(r, "[", 1);
	return NK_OK;
}

/* The query returns one json_object per row: SQLite does the escaping and
 * the typing, and only one row is held at a time. */
static int json_row(struct run *r, sqlite3_stmt *st, char **err)
{
	(void)err;
	const char *obj = (const char *)sqlite3_column_text(st, 0);
	put(r, r->nrows ? ",\n" : "\n", r->nrows ? 2 : 1);
	put(r, obj, (size_t)sqlite3_column_bytes(st, 0));
	return NK_OK;
}

static int json_end(struct run *r, char **err)
{
	(void)err;
	puts_(r, r->nrows ? "\n]\n" : "]\n");
	return NK_OK;
}

/* ---- XLSX ---- */

static int lxw_fail(char **err, const struct run *r, lxw_error e)
{
	return xlsx_fail(err, r->o->out_path, (int)e, errno);
}

/* Bytes taken by the first max code points of s (valid UTF-8). */
static size_t utf8_prefix(const char *s, size_t max)
{
	size_t i = 0, cps = 0;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && cps++ == max)
			break;
	}
	return i;
}

static int xlsx_begin(struct run *r, char **err)
{
	/* constant_memory writes each row out as the next one starts, so a
	 * million answers take a row's worth of memory. Its scratch files go
	 * beside the output, not in /tmp, which on a kiosk may be RAM. */
	if (xlsx_load(err) != NK_OK)
		return NK_EFAIL;
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = r->dir};
	r->wb = workbook_new_opt(safefile_tmp(r->sf), &opt);
	if (!r->wb)
		return err_set(err, NK_EIO, "%s: cannot start the workbook", r->o->out_path);
	char *want = header_text_of(r->k->sheet);
	char *name = out_sheet_name(want, r->k->sheet, NULL, 0);
	free(want);
	r->ws = workbook_add_worksheet(r->wb, name);
	free(name);
	if (!r->ws)
		return err_set(err, NK_EIO, "%s: cannot add the sheet", r->o->out_path);
	r->f_bold = workbook_add_format(r->wb);
	format_set_bold(r->f_bold);
	r->f_time = workbook_add_format(r->wb);
	format_set_num_format(r->f_time, "yyyy-mm-dd hh:mm");
	r->f_day = workbook_add_format(r->wb);
	format_set_num_format(r->f_day, "yyyy-mm-dd");
	r->f_tenths = workbook_add_format(r->wb);
	format_set_num_format(r->f_tenths, "0.0");
	for (size_t i = 0; i < r->ncols; i++) {
		char *h = header_text(r->cols[i]);
		/* Wide enough for the translated header and the filter button. */
		double w = r->cols[i]->width;
		double hw = text_width(h, strlen(h)) + 3;
		lxw_col_t c = (lxw_col_t)i;
		lxw_error e = worksheet_set_column(r->ws, c, c, hw > w ? hw : w, NULL);
		if (!e)
			e = worksheet_write_string(r->ws, 0, c, h, r->f_bold);
		free(h);
		if (e)
			return lxw_fail(err, r, e);
	}
	worksheet_freeze_panes(r->ws, 1, 0);
	return NK_OK;
}

/* "YYYY-MM-DD HH:MM:SS" as SQLite's datetime() gives it, or the day alone
 * (an anonymized export); *day_only says which. */
static bool parse_local(const char *s, lxw_datetime *dt, bool *day_only)
{
	int y, mo, d, h = 0, mi = 0, se = 0, used = 0;
	*day_only = sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &used) == 3 && s[used] == '\0';
	if (!*day_only &&
	    (sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &se, &used) != 6 ||
	     s[used] != '\0'))
		return false;
	/* Excel's serial dates start in 1900. */
	if (y < 1900 || y > 9999)
		return false;
	*dt = (lxw_datetime){.year = y, .month = mo, .day = d, .hour = h, .min = mi, .sec = se};
	return true;
}

/* Excel's limit for one cell, in characters (libxlsxwriter counts code
 * points). Longer text is cut rather than losing the whole export. */
#define XLSX_CELL_MAX 32767

static lxw_error xlsx_text(struct run *r, lxw_row_t row, lxw_col_t col, const char *s)
{
	size_t cut = utf8_prefix(s, XLSX_CELL_MAX);
	if (!s[cut])
		return worksheet_write_string(r->ws, row, col, s, NULL);
	char *t = xstrndup(s, cut);
	lxw_error e = worksheet_write_string(r->ws, row, col, t, NULL);
	free(t);
	return e;
}

static int xlsx_row(struct run *r, sqlite3_stmt *st, char **err)
{
	lxw_row_t row = (lxw_row_t)(r->nrows + 1);
	for (size_t i = 0; i < r->ncols; i++) {
		const struct column *c = r->cols[i];
		lxw_col_t col = (lxw_col_t)i;
		lxw_error e = LXW_NO_ERROR;
		int t = sqlite3_column_type(st, (int)i);
		if (t == SQLITE_NULL)
			continue;
		if (t == SQLITE_INTEGER && c->type == COL_TENTHS) {
			double v = (double)sqlite3_column_int64(st, (int)i) / 10.0;
			e = worksheet_write_number(r->ws, row, col, v, r->f_tenths);
		} else if (t == SQLITE_INTEGER || t == SQLITE_FLOAT) {
			e = worksheet_write_number(r->ws, row, col,
						   sqlite3_column_double(st, (int)i), NULL);
		} else {
			const char *s = (const char *)sqlite3_column_text(st, (int)i);
			lxw_datetime dt;
			bool day;
			if (c->type == COL_TIME && parse_local(s, &dt, &day))
				e = worksheet_write_datetime(r->ws, row, col, &dt,
							     day ? r->f_day : r->f_time);
			else
				e = xlsx_text(r, row, col, s);
		}
		if (e)
			return lxw_fail(err, r, e);
	}
	return NK_OK;
}

static int xlsx_end(struct run *r, char **err)
{
	lxw_error e = worksheet_autofilter(r->ws, 0, 0, (lxw_row_t)r->nrows,
					   (lxw_col_t)(r->ncols - 1));
	errno = 0;
	lxw_error ce = workbook_close(r->wb);
	r->wb = NULL;
	if (e)
		return lxw_fail(err, r, e);
	if (ce)
		return lxw_fail(err, r, ce); /* errno as workbook_close left it */
	return NK_OK;
}

struct writer {
	bool json_rows;  /* the query yields one JSON object per row */
	bool needs_path; /* libxlsxwriter writes only to a named file */
	int (*begin)(struct run *r, char **err);
	int (*row)(struct run *r, sqlite3_stmt *st, char **err);
	int (*end)(struct run *r, char **err);
};

static const struct writer writers[] = {
	[EXPORT_CSV] = {false, false, csv_begin, csv_row, csv_end},
	[EXPORT_XLSX] = {false, true, xlsx_begin, xlsx_row, xlsx_end},
	[EXPORT_JSON] = {true, false, json_begin, json_row, json_end},
};

/* ---- the query ---- */

/*
 * A column's value with --anonymize: ids become numbers local to this export
 * (1, 2, ... in the order of the ids, which tells nothing), and so do the
 * ids that point at another record; times keep only their day; in the
 * participants export a birth year becomes its decade (1990 for 1990 to
 * 1999), and village, gender, decade and ethnic group are left blank in
 * every row whose combination of the four is shared by fewer than k rows of
 * the export, so that no one is alone in a group.
 */
static char *value_expr(const struct run *r, const struct column *c)
{
	if (!r->o->anonymize)
		return xstrdup(c->expr);
	if (strcmp(c->key, "id") == 0)
		return xasprintf("dense_rank() OVER (ORDER BY %s)", c->expr);
	if (strcmp(c->key, "participant_id") == 0 || strcmp(c->key, "attempt_id") == 0)
		return xasprintf("CASE WHEN %s IS NULL THEN NULL ELSE dense_rank() OVER (PARTITION "
				 "BY %s IS NULL ORDER BY %s) END",
				 c->expr, c->expr, c->expr);
	bool quasi = r->k == &kinds[EXPORT_PARTICIPANTS] &&
		     (strcmp(c->key, "village") == 0 || strcmp(c->key, "gender") == 0 ||
		      strcmp(c->key, "birth_year") == 0 || strcmp(c->key, "ethnic_group") == 0);
	if (!quasi)
		return xstrdup(c->expr);
	int k = r->o->k_min > 0 ? r->o->k_min : EXPORT_K_MIN;
	return xasprintf("CASE WHEN count(*) OVER (PARTITION BY p.village, p.gender, "
			 "p.birth_year / 10, p.ethnicity) < %d THEN NULL ELSE %s END",
			 k, strcmp(c->key, "birth_year") == 0 ? "(p.birth_year / 10) * 10" : c->expr);
}

static char *select_sql(const struct run *r, bool json)
{
	struct sbuf b = {0};
	sb_add(&b, json ? "SELECT json_object(" : "SELECT ");
	for (size_t i = 0; i < r->ncols; i++) {
		const struct column *c = r->cols[i];
		char *v = value_expr(r, c);
		if (i)
			sb_add(&b, ", ");
		if (json)
			sb_addf(&b, "'%s', ", c->key);
		if (c->type == COL_TIME)
			sb_addf(&b, r->o->anonymize ? "date(%s, 'localtime')" : "datetime(%s, 'localtime')",
				v);
		else if (json && c->type == COL_TENTHS)
			sb_addf(&b, "(%s) / 10.0", v);
		else if (json && c->type == COL_BOOL)
			sb_addf(&b,
				"json(CASE WHEN (%s) IS NULL THEN 'null' WHEN (%s) THEN 'true' "
				"ELSE 'false' END)",
				v, v);
		else if (!json && (c->label || c->type == COL_BOOL))
			sb_addf(&b, "nk_export_clean(nk_export_label('%s', %s))",
				c->label ? c->label : "bool", v);
		else
			sb_addf(&b, "nk_export_clean(%s)", v);
		free(v);
	}
	if (json)
		sb_add(&b, ")");
	sql_tail(&b, r->k, r->o);
	sb_addf(&b, " ORDER BY %s", r->k->order);
	return b.p;
}

static int prepare(sqlite3 *h, const char *sql, const struct export_opts *o, sqlite3_stmt **st,
		   char **err)
{
	int s = sqlite3_prepare_v2(h, sql, -1, st, NULL);
	if (s != SQLITE_OK)
		return sql_fail(err, h, s);
	if (o->from)
		sqlite3_bind_text(*st, 1, o->from, -1, SQLITE_STATIC);
	if (o->to)
		sqlite3_bind_text(*st, 2, o->to, -1, SQLITE_STATIC);
	return NK_OK;
}

static int count_rows(sqlite3 *h, struct run *r, char **err)
{
	struct sbuf b = {0};
	sb_add(&b, "SELECT count(*)");
	sql_tail(&b, r->k, r->o);
	sqlite3_stmt *st = NULL;
	int rc = prepare(h, b.p, r->o, &st, err);
	free(b.p);
	if (rc)
		return rc;
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		r->total = sqlite3_column_int64(st, 0);
	else
		rc = sql_fail(err, h, s);
	sqlite3_finalize(st);
	return rc;
}

/* ---- options and files ---- */

static bool valid_date(const char *s)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++) {
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	}
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

static int check_opts(const struct export_opts *o, char **err)
{
	if (!o || (unsigned)o->what >= NK_ARRAY_LEN(kinds) ||
	    (unsigned)o->format >= NK_ARRAY_LEN(writers))
		return err_set(err, NK_EINVAL, "export: unknown kind of record or format");
	if (!o->out_path && writers[o->format].needs_path)
		return err_set(err, NK_EINVAL, "export: an XLSX export needs a file name");
	if (!o->out_path && !o->out)
		return err_set(err, NK_EINVAL, "export: nowhere to write");
	if (o->from && !valid_date(o->from))
		return err_set(err, NK_EINVAL, "export: start date \"%s\" is not YYYY-MM-DD",
			       o->from);
	if (o->to && !valid_date(o->to))
		return err_set(err, NK_EINVAL, "export: end date \"%s\" is not YYYY-MM-DD", o->to);
	if (o->from && o->to && strcmp(o->from, o->to) > 0)
		return err_set(err, NK_EINVAL, "export: start date %s is after end date %s",
			       o->from, o->to);
	return NK_OK;
}

/*
 * The output is written to a hidden file in the same folder and renamed
 * over out_path only when complete and synced (core/safefile.h), so an
 * officer never finds half an export (a full USB stick, a power cut) under
 * the name they asked for. Mode 0600: exports hold names and phones.
 */
static int temp_open(struct run *r, char **err)
{
	const char *path = r->o->out_path;
	const char *slash = strrchr(path, '/');
	r->dir = !slash ? xstrdup(".") : slash == path ? xstrdup("/")
						       : xstrndup(path, (size_t)(slash - path));
	return safefile_open(path, SAFEFILE_PRIVATE, &r->sf, err);
}

static void report(const struct run *r, int64_t *last_ms, bool force)
{
	const struct export_opts *o = r->o;
	if (!o->progress)
		return;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	int64_t now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if (!force && now - *last_ms < 100)
		return;
	*last_ms = now;
	o->progress(o->progress_ctx, r->nrows, r->total);
}

/* Closes what is open and removes the unfinished file. */
static void run_cleanup(struct run *r)
{
	if (r->wb) {
		/* workbook_close is the call that releases everything,
		 * scratch files included; its output is deleted below. */
		workbook_close(r->wb);
		r->wb = NULL;
	}
	out_drop(&r->out); /* the safefile's stream, or the caller's */
	safefile_abort(&r->sf);
	free(r->dir);
}

static int write_rows(sqlite3 *h, struct run *r, const struct writer *w, char **err)
{
	char *sql = select_sql(r, w->json_rows);
	sqlite3_stmt *st = NULL;
	int rc = prepare(h, sql, r->o, &st, err);
	free(sql);
	if (rc)
		return rc;
	int64_t last = 0;
	report(r, &last, true);
	rc = w->begin(r, err);
	int s = SQLITE_ROW;
	while (!rc && !r->out.werr && (s = sqlite3_step(st)) == SQLITE_ROW) {
		rc = w->row(r, st, err);
		r->nrows++;
		if ((r->nrows & 63) == 0)
			report(r, &last, false);
	}
	if (!rc && !r->out.werr && s != SQLITE_DONE)
		rc = sql_fail(err, h, s);
	sqlite3_finalize(st);
	if (!rc && !r->out.werr)
		rc = w->end(r, err);
	if (!rc)
		report(r, &last, true);
	return rc;
}

int export_run(struct db *db, const struct export_opts *o, int64_t *rows, char **err)
{
	if (rows)
		*rows = 0;
	int rc = check_opts(o, err);
	if (rc)
		return rc;
	struct run r = {.o = o, .k = &kinds[o->what]};
	const struct writer *w = &writers[o->format];
	for (size_t i = 0; i < r.k->ncols; i++) {
		if (!(o->anonymize && r.k->cols[i].personal))
			r.cols[r.ncols++] = &r.k->cols[i];
	}
	sqlite3 *h = db_sqlite(db);
	int s = funcs_register(h, true);
	if (s != SQLITE_OK) {
		rc = sql_fail(err, h, s);
		funcs_register(h, false);
		return rc;
	}
	/* One read snapshot for the count and the rows, so the progress total
	 * is the row count even while the kiosk keeps recording. A savepoint
	 * works inside a caller's transaction as well as outside one. */
	s = sqlite3_exec(h, "SAVEPOINT nk_export", NULL, NULL, NULL);
	if (s != SQLITE_OK) {
		rc = sql_fail(err, h, s);
		funcs_register(h, false);
		return rc;
	}
	/* The count is a pass over the rows of its own, so it is made only
	 * for a progress bar to feed or a sheet's row limit to check. */
	if (o->progress || o->format == EXPORT_XLSX)
		rc = count_rows(h, &r, err);
	if (!rc && o->format == EXPORT_XLSX && r.total > LXW_ROW_MAX - 1)
		rc = err_set(err, NK_EINVAL,
			     "export: %lld rows do not fit in one Excel sheet (%d at most); "
			     "choose fewer days or CSV",
			     (long long)r.total, LXW_ROW_MAX - 1);
	if (!rc && o->out_path) {
		rc = temp_open(&r, err);
		/* libxlsxwriter opens the file by name itself. */
		if (!rc && !w->needs_path) {
			FILE *f = safefile_stream(r.sf, err);
			if (f)
				out_open(&r.out, f);
			else
				rc = NK_EIO;
		}
	} else if (!rc) {
		out_open(&r.out, o->out);
	}
	if (!rc)
		rc = write_rows(h, &r, w, err);
	/* The bytes gathered, flushed; the first failed write's message. */
	if (!rc && r.out.f)
		rc = out_close(&r.out, o->out_path ? o->out_path : "export", err);
	if (!rc && r.sf)
		rc = safefile_commit(&r.sf, err);
	run_cleanup(&r);
	sqlite3_exec(h, "RELEASE nk_export", NULL, NULL, NULL);
	funcs_register(h, false);
	if (!rc && rows)
		*rows = r.nrows;
	return rc;
}
