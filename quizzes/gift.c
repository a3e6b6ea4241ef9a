/*
 * gift: Moodle's GIFT grammar, block by block. A block is the run of lines between blank
 * lines; each is read once into a buffer with its escapes resolved and a flag per byte for
 * characters that were escaped, so that "\=" can never be taken for syntax while the text
 * keeps its real characters. Every step after that mirrors a step of Moodle's format.php
 * (in the same order, because the order decides the question type). This file reads no file
 * and decides nothing about what the kiosk stores.
 */
#include "quizzes/gift.h"

#include "core/util.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NPOS ((size_t)-1)

/* Where a source line starts in a buffer. */
struct lstart {
	size_t off;
	size_t line;
};

/* A text with escapes resolved: lit[i] is 1 where s[i] was written escaped. */
struct buf {
	char *s;
	unsigned char *lit;
	size_t n, cap;
	struct lstart *ls;
	size_t nls, lscap;
};

struct gp {
	const char *path;
	struct bank *b;
	char *category; /* the $CATEGORY: in force */
	struct buf k;   /* the block's question lines */
	struct buf c;   /* the block's comment lines, as written */
	struct buf tmp; /* a missing-word text being put together */
};

static const struct {
	const char *name;
	enum q_format f;
} formats[] = {
	{"moodle", Q_FORMAT_MOODLE},
	{"html", Q_FORMAT_HTML},
	{"plain", Q_FORMAT_PLAIN},
	{"markdown", Q_FORMAT_MARKDOWN},
};

/* Words for the notes, by type. */
static const struct {
	enum qtype type;
	const char *label;
} type_labels[] = {
	{QTYPE_SINGLE, "a single-answer multiple-choice question"},
	{QTYPE_MULTI, "a multiple-answer multiple-choice question"},
	{QTYPE_TRUEFALSE, "a true/false question"},
	{QTYPE_SHORT, "a short-answer question"},
	{QTYPE_MATCHING, "a matching question"},
	{QTYPE_NUMERICAL, "a numerical question"},
	{QTYPE_ESSAY, "an essay question"},
	{QTYPE_DESCRIPTION, "a description (text with no answer block)"},
};

static const char *type_label(enum qtype t)
{
	for (size_t i = 0; i < NK_ARRAY_LEN(type_labels); i++)
		if (type_labels[i].type == t)
			return type_labels[i].label;
	return "unknown";
}

/* --- buffers -------------------------------------------------------------- */

static void buf_reset(struct buf *b)
{
	b->n = 0;
	b->nls = 0;
}

static void buf_free(struct buf *b)
{
	free(b->s);
	free(b->lit);
	free(b->ls);
	memset(b, 0, sizeof *b);
}

static void buf_put(struct buf *b, char ch, bool lit)
{
	if (b->n + 1 > b->cap) {
		size_t cap = b->cap;
		xgrow((void **)&b->s, &cap, b->n + 1, 1);
		xgrow((void **)&b->lit, &b->cap, b->n + 1, 1);
	}
	b->s[b->n] = ch;
	b->lit[b->n++] = lit;
}

static void buf_line(struct buf *b, size_t line)
{
	xgrow((void **)&b->ls, &b->lscap, b->nls + 1, sizeof *b->ls);
	b->ls[b->nls++] = (struct lstart){b->n, line};
}

/* PHP's trim() set, which Moodle applies to every line and piece. */
static bool ws(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v';
}

static bool bare(const struct buf *b, size_t i, char ch)
{
	return b->s[i] == ch && !b->lit[i];
}

static size_t find(const struct buf *b, size_t from, size_t to, char ch)
{
	for (size_t i = from; i < to; i++)
		if (bare(b, i, ch))
			return i;
	return NPOS;
}

static size_t find2(const struct buf *b, size_t from, size_t to, char c1, char c2)
{
	for (size_t i = from; i + 1 < to; i++)
		if (bare(b, i, c1) && bare(b, i + 1, c2))
			return i;
	return NPOS;
}

/* The last "####", as Moodle's strrpos finds it. */
static size_t rfind4(const struct buf *b, size_t from, size_t to)
{
	for (size_t i = to; i >= from + 4; i--)
		if (bare(b, i - 4, '#') && bare(b, i - 3, '#') && bare(b, i - 2, '#') &&
		    bare(b, i - 1, '#'))
			return i - 4;
	return NPOS;
}

/* Trims whitespace that is syntax; an escaped "\n" stays, as Moodle's placeholder does. */
static void trim(const struct buf *b, size_t *a, size_t *e)
{
	while (*a < *e && ws(b->s[*a]) && !b->lit[*a])
		(*a)++;
	while (*e > *a && ws(b->s[*e - 1]) && !b->lit[*e - 1])
		(*e)--;
}

static size_t line_of(const struct buf *b, size_t off)
{
	size_t lo = 0, hi = b->nls;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->ls[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return b->nls ? b->ls[lo].line : 0;
}

/*
 * Moodle's trim() then parse_text_with_format: a piece starting with [moodle], [html], [plain]
 * or [markdown] gets that format (anything else in brackets is text), and the rest is trimmed
 * again, escaped whitespace included, since Moodle trims after putting the escapes back. fmt
 * may be NULL for pieces that take no prefix (titles, categories, right sides of pairs).
 */
static char *piece(const struct buf *b, size_t a, size_t e, enum q_format def,
		   enum q_format *fmt)
{
	trim(b, &a, &e);
	if (fmt) {
		*fmt = def;
		size_t j;
		if (a < e && b->s[a] == '[' && (j = find(b, a + 1, e, ']')) != NPOS) {
			for (size_t i = 0; i < NK_ARRAY_LEN(formats); i++) {
				size_t fl = strlen(formats[i].name);
				if (j - a - 1 == fl &&
				    memcmp(b->s + a + 1, formats[i].name, fl) == 0) {
					*fmt = formats[i].f;
					a = j + 1;
					break;
				}
			}
		}
	}
	while (a < e && ws(b->s[a]))
		a++;
	while (e > a && ws(b->s[e - 1]))
		e--;
	return xstrndup(b->s + a, e - a);
}

/* --- numbers ---------------------------------------------------------------- */

/*
 * A decimal number as PHP's is_numeric reads one: [+-]digits[.digits][e[+-]digits] or
 * [+-].digits[...]. Converted by hand because strtod follows LC_NUMERIC and a kiosk may run
 * under a locale whose decimal point is a comma.
 */
static bool parse_number(const char *s, size_t n, double *out)
{
	size_t i = 0, digits = 0;
	bool neg = false;
	uint64_t m = 0;
	long exp10 = 0;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
		if (m < UINT64_MAX / 10 - 9)
			m = m * 10 + (uint64_t)(s[i] - '0');
		else
			exp10++;
	}
	if (i < n && s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
			if (m < UINT64_MAX / 10 - 9) {
				m = m * 10 + (uint64_t)(s[i] - '0');
				exp10--;
			}
		}
	}
	if (digits == 0)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		bool eneg = false;
		long ev = 0;
		size_t ed = 0;
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, ed++)
			if (ev < 100000)
				ev = ev * 10 + (s[i] - '0');
		if (ed == 0)
			return false;
		exp10 += eneg ? -ev : ev;
	}
	if (i != n)
		return false;
	double v = (double)m, p = 1;
	for (long k = exp10 < 0 ? -exp10 : exp10; k > 0 && !isinf(p); k--)
		p *= 10;
	v = exp10 < 0 ? v / p : v * p;
	if (isinf(v) || isnan(v))
		return false;
	*out = neg ? -v : v;
	return true;
}

/* Moodle's answer weight at b->s[*a], as its pattern %-?[0-9]+.?[0-9]*% reads it (N may be
 * negative or decimal); on a match *a moves past it. */
static bool weight_at(const struct buf *b, size_t *a, size_t e, double *w)
{
	size_t i = *a, j;
	if (i >= e || b->s[i] != '%')
		return false;
	j = i + 1;
	if (j < e && b->s[j] == '-')
		j++;
	size_t d0 = j;
	while (j < e && b->s[j] >= '0' && b->s[j] <= '9')
		j++;
	if (j == d0)
		return false;
	if (j < e && b->s[j] == '.')
		j++;
	while (j < e && b->s[j] >= '0' && b->s[j] <= '9')
		j++;
	if (j >= e || b->s[j] != '%' || !parse_number(b->s + i + 1, j - i - 1, w))
		return false;
	*a = j + 1;
	return true;
}

/* --- one question ------------------------------------------------------------ */

static bool fail(struct gp *p, size_t line, const char *fmt, ...) NK_PRINTF(3, 4);

static bool fail(struct gp *p, size_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	bank_error(p->b, "%s:%zu: %s", p->path, line, msg);
	free(msg);
	return false;
}

static struct q_option *add_option(struct question *q, size_t *cap)
{
	xgrow((void **)&q->options, cap, q->nopts + 1, sizeof *q->options);
	struct q_option *o = &q->options[q->nopts++];
	memset(o, 0, sizeof *o);
	return o;
}

/* Splits [a, e) where Moodle's explode() would: at each bare `sep` (dropped) and, when
 * keep_eq, also before each bare '=' (kept: Moodle turns "=" into "~=" before splitting on
 * '~'). Like Moodle, only the first piece is dropped when it is empty after trimming. Returns
 * the number of pieces; (*cuts)[2i] and (*cuts)[2i+1] bound piece i. */
static size_t split(const struct buf *b, size_t a, size_t e, char sep, bool keep_eq,
		    size_t **cuts, size_t *cap)
{
	size_t n = 0, start = a;
	bool first = true;
	for (size_t i = a;; i++) {
		bool at_end = i == e;
		bool is_sep = !at_end && bare(b, i, sep);
		bool is_eq = !at_end && keep_eq && bare(b, i, '=');
		if (!at_end && !is_sep && !is_eq)
			continue;
		size_t pa = start, pe = i;
		trim(b, &pa, &pe);
		if (!first || pa < pe) {
			xgrow((void **)cuts, cap, 2 * n + 2, sizeof **cuts);
			(*cuts)[2 * n] = start;
			(*cuts)[2 * n + 1] = i;
			n++;
		}
		first = false;
		if (at_end)
			break;
		start = is_sep ? i + 1 : i;
	}
	return n;
}

static bool check_weight(struct gp *p, size_t line, double w)
{
	if (w < -100 || w > 100)
		return fail(p, line, "the weight %g%% is outside -100%%..100%%", w);
	return true;
}

/* Moodle's commentparser: "answer#feedback" split at the first bare '#'. */
static void answer_feedback(struct gp *p, struct q_option *o, size_t a, size_t e,
			    enum q_format def)
{
	size_t h = find(&p->k, a, e, '#');
	o->text = piece(&p->k, a, h == NPOS ? e : h, def, &o->format);
	if (h == NPOS) {
		o->feedback = xstrdup("");
		o->feedback_format = def;
	} else {
		o->feedback = piece(&p->k, h + 1, e, def, &o->feedback_format);
	}
}

static bool parse_choice(struct gp *p, struct question *q, size_t a, size_t e, size_t bline)
{
	const struct buf *k = &p->k;
	bool single = find(k, a, e, '=') != NPOS;
	q->type = single ? QTYPE_SINGLE : QTYPE_MULTI;
	size_t *cuts = NULL, cutcap = 0, optcap = 0;
	size_t n = split(k, a, e, '~', true, &cuts, &cutcap);
	bool ok = true;
	if (n < 2) {
		ok = fail(p, bline, "a multiple-choice question needs at least 2 answers, this one "
			  "has %zu", n);
		goto out;
	}
	double positive = 0;
	for (size_t i = 0; i < n && ok; i++) {
		size_t ca = cuts[2 * i], ce = cuts[2 * i + 1];
		trim(k, &ca, &ce);
		size_t line = line_of(k, ca < ce ? ca : cuts[2 * i]);
		struct q_option *o = add_option(q, &optcap);
		if (ca < ce && bare(k, ca, '=')) {
			o->weight = 100;
			ca++;
		} else if (!weight_at(k, &ca, ce, &o->weight)) {
			o->weight = 0;
		}
		answer_feedback(p, o, ca, ce, q->format);
		if (!o->text[0])
			ok = fail(p, line, "an answer with no text");
		else
			ok = check_weight(p, line, o->weight);
		o->correct = single ? o->weight >= 100 : o->weight > 0;
		if (o->weight > 0)
			positive += o->weight;
	}
	if (ok && !single && positive <= 0)
		ok = fail(p, bline, "no answer of this multiple-answer question has a positive "
			  "weight (write ~%%50%%answer for half the credit)");
	else if (ok && !single && fabs(positive - 100) > 0.01)
		bank_note(p->b, "%s:%zu: the positive weights of this multiple-answer question "
			  "add up to %g%%, not 100%%", p->path, q->line, positive);
out:
	free(cuts);
	return ok;
}

static bool parse_short(struct gp *p, struct question *q, size_t a, size_t e, size_t bline)
{
	const struct buf *k = &p->k;
	size_t *cuts = NULL, cutcap = 0, optcap = 0;
	size_t n = split(k, a, e, '=', false, &cuts, &cutcap);
	bool ok = true;
	if (n < 1)
		ok = fail(p, bline, "a short-answer block with no answers");
	for (size_t i = 0; i < n && ok; i++) {
		size_t ca = cuts[2 * i], ce = cuts[2 * i + 1];
		trim(k, &ca, &ce);
		size_t line = line_of(k, ca < ce ? ca : cuts[2 * i]);
		struct q_option *o = add_option(q, &optcap);
		if (!weight_at(k, &ca, ce, &o->weight))
			o->weight = 100;
		answer_feedback(p, o, ca, ce, q->format);
		if (!o->text[0])
			ok = fail(p, line, "an answer with no text");
		else
			ok = check_weight(p, line, o->weight);
		o->correct = o->weight >= 100;
	}
	free(cuts);
	return ok;
}

static bool parse_matching(struct gp *p, struct question *q, size_t a, size_t e, size_t bline)
{
	const struct buf *k = &p->k;
	size_t *cuts = NULL, cutcap = 0, optcap = 0;
	size_t n = split(k, a, e, '=', false, &cuts, &cutcap);
	bool ok = true;
	if (n < 2)
		ok = fail(p, bline, "a matching question needs at least 2 pairs, this one has %zu",
			  n);
	for (size_t i = 0; i < n && ok; i++) {
		size_t ca = cuts[2 * i], ce = cuts[2 * i + 1];
		trim(k, &ca, &ce);
		size_t line = line_of(k, ca < ce ? ca : cuts[2 * i]);
		size_t arrow = find2(k, ca, ce, '-', '>');
		if (arrow == NPOS) {
			ok = fail(p, line, "a matching pair must be written '=left -> right'");
			break;
		}
		struct q_option *o = add_option(q, &optcap);
		o->text = piece(k, ca, arrow, q->format, &o->format);
		o->match = piece(k, arrow + 2, ce, q->format, NULL);
		o->feedback = xstrdup("");
		o->feedback_format = q->format;
		o->correct = o->text[0] != '\0';
		o->weight = o->correct ? 100 : 0;
		if (!o->match[0])
			ok = fail(p, line, "a matching pair with nothing after '->'");
	}
	free(cuts);
	return ok;
}

static bool parse_numerical(struct gp *p, struct question *q, size_t a, size_t e, size_t bline)
{
	const struct buf *k = &p->k;
	size_t *cuts = NULL, cutcap = 0, optcap = 0;
	a++; /* the '#' that made it numerical */
	size_t tilde = find(k, a, e, '~');
	size_t n = split(k, a, tilde == NPOS ? e : tilde, '=', false, &cuts, &cutcap);
	bool ok = true;
	if (n < 1)
		ok = fail(p, bline, "a numerical answer block with no answers");
	for (size_t i = 0; i < n && ok; i++) {
		size_t ca = cuts[2 * i], ce = cuts[2 * i + 1];
		trim(k, &ca, &ce);
		size_t line = line_of(k, ca < ce ? ca : cuts[2 * i]);
		struct q_option *o = add_option(q, &optcap);
		if (!weight_at(k, &ca, ce, &o->weight))
			o->weight = 100;
		answer_feedback(p, o, ca, ce, q->format);
		o->correct = o->weight >= 100;
		if (!(ok = check_weight(p, line, o->weight)))
			break;
		/* Moodle's order: a range first, then value:tolerance, then a bare value. */
		const char *s = o->text;
		const char *dots = strstr(s, ".."), *colon = strchr(s, ':');
		size_t len = strlen(s);
		if (dots && dots > s) {
			double lo = 0, hi = 0;
			size_t la = 0, le = (size_t)(dots - s), ha = le + 2, he = len;
			while (la < le && ws(s[le - 1]))
				le--;
			while (ha < he && ws(s[ha]))
				ha++;
			if (!parse_number(s + la, le - la, &lo) ||
			    !parse_number(s + ha, he - ha, &hi))
				ok = fail(p, line, "'%s' is not a range of numbers (min..max)", s);
			o->value = (lo + hi) / 2;
			o->tolerance = hi - o->value;
		} else if (colon && colon > s) {
			size_t ve = (size_t)(colon - s), ta = ve + 1;
			while (ve > 0 && ws(s[ve - 1]))
				ve--;
			while (ta < len && ws(s[ta]))
				ta++;
			if (!parse_number(s + ta, len - ta, &o->tolerance))
				ok = fail(p, line, "the tolerance in '%s' is not a number", s);
			else if (!(ve == 1 && s[0] == '*') && !parse_number(s, ve, &o->value))
				ok = fail(p, line, "the value in '%s' is not a number", s);
			o->text[ve] = '\0';
		} else if (strcmp(s, "*") != 0 && !parse_number(s, len, &o->value)) {
			ok = fail(p, line, "'%s' is not a number", s);
		}
	}
	if (ok && tilde != NPOS) {
		/* Moodle's catch-all: "~#feedback" answers anything else, for no credit. */
		struct q_option *o = add_option(q, &optcap);
		answer_feedback(p, o, tilde, e, q->format);
		free(o->text);
		o->text = xstrdup("*");
	}
	free(cuts);
	return ok;
}

static bool parse_truefalse(struct gp *p, struct question *q, size_t a, size_t e)
{
	const struct buf *k = &p->k;
	size_t h1 = find(k, a, e, '#');
	size_t h2 = h1 == NPOS ? NPOS : find(k, h1 + 1, e, '#');
	size_t optcap = 0;
	char *ans = piece(k, a, h1 == NPOS ? e : h1, q->format, NULL);
	bool truth = strcmp(ans, "T") == 0 || strcmp(ans, "TRUE") == 0;
	free(ans);
	enum q_format wf = q->format, rf = q->format;
	/* The first '#' text is for a player who picks the wrong value, the second for one
	 * who picks the right value. */
	char *wrong = h1 == NPOS ? xstrdup("")
				 : piece(k, h1 + 1, h2 == NPOS ? e : h2, q->format, &wf);
	char *right = h2 == NPOS ? xstrdup("") : piece(k, h2 + 1, e, q->format, &rf);
	struct q_option *t = add_option(q, &optcap);
	struct q_option *f = add_option(q, &optcap);
	t->text = xstrdup("true");
	f->text = xstrdup("false");
	t->format = f->format = q->format;
	t->correct = truth;
	f->correct = !truth;
	t->weight = truth ? 100 : 0;
	f->weight = truth ? 0 : 100;
	t->feedback = truth ? right : wrong;
	t->feedback_format = truth ? rf : wf;
	f->feedback = truth ? wrong : right;
	f->feedback_format = truth ? wf : rf;
	return true;
}

/* --- metadata in comments ---------------------------------------------------------- */

enum meta { M_ID, M_TAG, M_ARTICLE, M_TOPIC, M_DIFFICULTY, M_N };

static const char *const meta_keys[M_N] = {"[id:", "[tag:", "[article:", "[topic:",
					     "[difficulty:"};

/*
 * Finds the next "[key:value]" in s[*i..n) the way Moodle's patterns do: the value is one or
 * more characters that are not ']' or controls (nor '<' '>' in a tag), "\]" standing for ']';
 * it never crosses a line. On a match returns the trimmed, unescaped value and moves *i past
 * it; NULL when there is none left.
 */
static char *next_meta(const char *s, size_t n, size_t *i, enum meta m)
{
	const char *key = meta_keys[m];
	size_t kl = strlen(key);
	for (; *i + kl <= n; (*i)++) {
		if (memcmp(s + *i, key, kl) != 0)
			continue;
		size_t v = *i + kl, j = v, esc_close = NPOS, close = NPOS;
		while (j < n) {
			unsigned char ch = (unsigned char)s[j];
			if (ch == '\\' && j + 1 < n && s[j + 1] == ']') {
				esc_close = j + 1;
				j += 2;
				continue;
			}
			if (ch == ']') {
				close = j;
				break;
			}
			if (ch < 0x20 || ch == 0x7f || (m == M_TAG && (ch == '<' || ch == '>')))
				break;
			j++;
		}
		/* As the regex backtracks: with no bare ']' the last "\]" closes instead. */
		if (close == NPOS)
			close = esc_close;
		if (close == NPOS) {
			/* Every later start would stop at the same place without a ']' too:
			 * skip there, so that a line of "[id:[id:..." stays linear. */
			*i = j;
			continue;
		}
		if (close == v)
			continue;
		size_t a = v, e = close;
		while (a < e && ws(s[a]))
			a++;
		while (e > a && ws(s[e - 1]))
			e--;
		char *out = xmalloc(e - a + 1), *o = out;
		for (size_t x = a; x < e; x++) {
			if (s[x] == '\\' && x + 1 < e && s[x + 1] == ']')
				x++;
			*o++ = s[x];
		}
		*o = '\0';
		if (!*out) {
			free(out);
			*i = close; /* the loop steps past it */
			continue;
		}
		*i = close + 1;
		return out;
	}
	return NULL;
}

static bool valid_slug(const char *s)
{
	if (!*s || *s == '-')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

/* Reads the metadata of the block's comment lines into q (q may be NULL to only find out
 * whether there is any). Returns false after recording an error. */
static bool read_meta(struct gp *p, struct question *q, bool *any)
{
	const struct buf *c = &p->c;
	size_t tagcap = 0;
	*any = false;
	for (size_t l = 0; l < c->nls; l++) {
		size_t a = c->ls[l].off, e = l + 1 < c->nls ? c->ls[l + 1].off : c->n;
		size_t line = c->ls[l].line;
		for (int m = 0; m < M_N; m++) {
			size_t i = 0;
			char *v;
			while ((v = next_meta(c->s + a, e - a, &i, (enum meta)m)) != NULL) {
				*any = true;
				char **slot = NULL;
				if (!q) {
					free(v);
					break;
				}
				switch ((enum meta)m) {
				case M_ID:
					slot = &q->idnumber;
					break;
				case M_ARTICLE:
					slot = &q->article;
					if (!valid_slug(v)) {
						fail(p, line, "article slug '%s' may hold only "
						     "a-z, 0-9 and '-'", v);
						free(v);
						return false;
					}
					break;
				case M_TOPIC:
					slot = &q->topic;
					break;
				case M_DIFFICULTY:
					if (strcmp(v, "1") && strcmp(v, "2") && strcmp(v, "3")) {
						fail(p, line,
						     "difficulty must be 1, 2 or 3, not '%s'", v);
						free(v);
						return false;
					}
					if (!q->difficulty)
						q->difficulty = v[0] - '0';
					free(v);
					continue;
				case M_TAG:
					xgrow((void **)&q->tags, &tagcap, q->ntags + 1,
					      sizeof *q->tags);
					q->tags[q->ntags++] = v;
					continue;
				default:
					break;
				}
				/* Like Moodle's [id:], the first one given counts. */
				if (slot && !*slot)
					*slot = v;
				else
					free(v);
			}
		}
	}
	return true;
}

/* The block holds a question (not a category, not only comments). */
static bool parse_question(struct gp *p)
{
	struct buf *k = &p->k;
	struct question q = {0};
	size_t a = 0, e = k->n;
	bool ok = true, any;
	trim(k, &a, &e);
	q.line = k->ls[0].line;
	q.category = p->category ? xstrdup(p->category) : NULL;
	q.format = Q_FORMAT_MOODLE;

	if (e - a >= 2 && bare(k, a, ':') && bare(k, a + 1, ':')) {
		size_t f = find2(k, a + 2, e, ':', ':');
		if (f == NPOS) {
			ok = fail(p, line_of(k, a),
				  "the title opened by '::' is not closed by '::'");
			goto out;
		}
		q.id = piece(k, a + 2, f, Q_FORMAT_MOODLE, NULL);
		if (!q.id[0]) {
			ok = fail(p, line_of(k, a), "the title between '::' and '::' is empty");
			goto out;
		}
		a = f + 2;
		trim(k, &a, &e);
	}

	size_t open = find(k, a, e, '{'), close = find(k, a, e, '}');
	bool description = open == NPOS && close == NPOS;
	if (!description) {
		if (close != NPOS && (open == NPOS || close < open)) {
			ok = fail(p, line_of(k, close),
				  "'}' with no '{' before it (write \\} for a brace in the text)");
			goto out;
		}
		if (close == NPOS) {
			ok = fail(p, line_of(k, open),
				  "'{' is not closed by '}' (a question ends at the first blank "
				  "line)");
			goto out;
		}
		size_t o2 = find(k, open + 1, close, '{');
		if (o2 != NPOS) {
			ok = fail(p, line_of(k, o2),
				  "'{' inside the answer block opened on line %zu (write \\{ for "
				  "a brace in the text)", line_of(k, open));
			goto out;
		}
		size_t x1 = find(k, close + 1, e, '{'), x2 = find(k, close + 1, e, '}');
		size_t x = x1 < x2 ? x1 : x2;
		if (x != NPOS) {
			ok = fail(p, line_of(k, x),
				  "a second answer block; a question has one (write \\{ and "
				  "\\} for braces in the text)");
			goto out;
		}
	}

	/* The text: the answer block goes, leaving a blank when text follows it. */
	if (description) {
		q.text = piece(k, a, e, Q_FORMAT_MOODLE, &q.format);
	} else if (close + 1 == e) {
		q.text = piece(k, a, open, Q_FORMAT_MOODLE, &q.format);
	} else {
		struct buf *t = &p->tmp;
		buf_reset(t);
		for (size_t i = a; i < open; i++)
			buf_put(t, k->s[i], k->lit[i]);
		for (const char *s = "_____"; *s; s++)
			buf_put(t, *s, true);
		for (size_t i = close + 1; i < e; i++)
			buf_put(t, k->s[i], k->lit[i]);
		q.text = piece(t, 0, t->n, Q_FORMAT_MOODLE, &q.format);
	}
	if (!q.text[0]) {
		ok = fail(p, q.line, "the question has no text");
		goto out;
	}

	size_t aa = description ? 0 : open + 1, ae = description ? 0 : close;
	trim(k, &aa, &ae);
	size_t g = description ? NPOS : rfind4(k, aa, ae);
	if (g != NPOS) {
		/* Moodle looks for the general feedback's format prefix right after "####",
		 * before any trimming: "#### [html]x" is text in the question's format. */
		bool spaced = g + 4 < ae && ws(k->s[g + 4]) && !k->lit[g + 4];
		q.explanation =
			piece(k, g + 4, ae, q.format, spaced ? NULL : &q.explanation_format);
		if (spaced)
			q.explanation_format = q.format;
		ae = g;
		trim(k, &aa, &ae);
	} else {
		q.explanation = xstrdup("");
		q.explanation_format = q.format;
	}

	size_t bline = description ? q.line : line_of(k, open);
	if (description) {
		q.type = QTYPE_DESCRIPTION;
	} else if (aa == ae) {
		q.type = QTYPE_ESSAY;
	} else if (bare(k, aa, '#')) {
		q.type = QTYPE_NUMERICAL;
		ok = parse_numerical(p, &q, aa, ae, bline);
	} else if (find(k, aa, ae, '~') != NPOS) {
		ok = parse_choice(p, &q, aa, ae, bline);
	} else if (find(k, aa, ae, '=') != NPOS && find2(k, aa, ae, '-', '>') != NPOS) {
		q.type = QTYPE_MATCHING;
		ok = parse_matching(p, &q, aa, ae, bline);
	} else {
		size_t h = find(k, aa, ae, '#'), ca = aa, ce = h == NPOS ? ae : h;
		trim(k, &ca, &ce);
		static const char *const tf[] = {"T", "TRUE", "F", "FALSE"};
		bool is_tf = false;
		for (size_t i = 0; i < NK_ARRAY_LEN(tf); i++)
			if (ce - ca == strlen(tf[i]) && memcmp(k->s + ca, tf[i], ce - ca) == 0)
				is_tf = true;
		if (is_tf) {
			q.type = QTYPE_TRUEFALSE;
			ok = parse_truefalse(p, &q, aa, ae);
		} else {
			q.type = QTYPE_SHORT;
			ok = parse_short(p, &q, aa, ae, bline);
		}
	}
	if (!ok || !(ok = read_meta(p, &q, &any)))
		goto out;

	enum qtype type = q.type;
	size_t line = q.line;
	char *who = q.id ? xasprintf("\"%s\"", q.id) : xstrdup("the question");
	char *err = NULL;
	if (bank_add(p->b, &q, &err) != 0)
		ok = fail(p, line, "%s", err);
	else if (!qtype_info(type)->playable)
		bank_note(p->b, "%s:%zu: %s is %s, not playable at the kiosk; it is kept but "
			  "never asked", p->path, line, who, type_label(type));
	free(err);
	free(who);
out:
	question_clear(&q);
	return ok;
}

/* Ends the block that the lines read so far make up. */
static void end_block(struct gp *p)
{
	struct buf *k = &p->k;
	bool any;
	if (k->n == 0) {
		if (p->c.nls) {
			read_meta(p, NULL, &any);
			if (any)
				bank_note(p->b, "%s:%zu: metadata in a comment that belongs to no "
					  "question (a blank line separates it from the next one); "
					  "ignored", p->path, p->c.ls[0].line);
		}
	} else if (k->n >= 10 && memcmp(k->s, "$CATEGORY", 9) == 0 && bare(k, 9, ':')) {
		size_t a = 10, e = k->n;
		char *cat = piece(k, a, e, Q_FORMAT_MOODLE, NULL);
		if (!cat[0]) {
			fail(p, k->ls[0].line, "'$CATEGORY:' names no category");
			free(cat);
		} else {
			free(p->category);
			p->category = cat;
		}
	} else {
		parse_question(p);
	}
	buf_reset(k);
	buf_reset(&p->c);
}

/* Appends a (trimmed, non-empty) question line to the block, resolving the escapes. */
static void add_line(struct buf *k, const char *s, size_t n, size_t line)
{
	if (k->n)
		buf_put(k, '\n', false);
	buf_line(k, line);
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\' || i + 1 == n) {
			buf_put(k, s[i], false);
			continue;
		}
		char nx = s[i + 1];
		if (nx == '\\' || strchr(":#={}~", nx)) {
			buf_put(k, nx, true);
			i++;
		} else if (nx == 'n') {
			buf_put(k, '\n', true);
			i++;
		} else {
			buf_put(k, '\\', false);
		}
	}
}

int gift_parse(const char *path, const char *text, size_t len, struct bank *out, char **err)
{
	struct gp p = {.path = path, .b = out};
	memset(out, 0, sizeof *out);
	size_t pos;
	if (!bank_check_input(out, path, text, len, &pos))
		return bank_result(out, err);

	/* Lines end at "\n", "\r\n" or a lone "\r" (files from old Mac editors). */
	size_t line = 0;
	while (pos <= len) {
		size_t e = pos;
		while (e < len && text[e] != '\n' && text[e] != '\r')
			e++;
		size_t next = e + 1;
		if (e < len && text[e] == '\r' && e + 1 < len && text[e + 1] == '\n')
			next = e + 2;
		line++;
		size_t a = pos;
		while (a < e && ws(text[a]))
			a++;
		while (e > a && ws(text[e - 1]))
			e--;
		if (a == e) {
			end_block(&p);
		} else if (e - a >= 2 && text[a] == '/' && text[a + 1] == '/') {
			buf_line(&p.c, line);
			for (size_t i = a; i < e; i++)
				buf_put(&p.c, text[i], false);
		} else {
			add_line(&p.k, text + a, e - a, line);
		}
		pos = next;
	}
	end_block(&p);
	free(p.category);
	buf_free(&p.k);
	buf_free(&p.c);
	buf_free(&p.tmp);
	return bank_result(out, err);
}
