/*
 * reader: an article on screen. The body is laid out for the window width
 * (by grapheme cluster and display width, through text_wrap) into lines of
 * styled spans, lazily: only as far as the screen shows, so that the first
 * screen of a 50,000-line article is painted at once (End, a resize or Tab
 * past the last link laid out lays out more). Links can be reached with Tab
 * and followed with Enter, and
 * Back returns to the article before, where it was. F3 shows the Vietnamese
 * text and back, near the same place in the article; the flipped view says it
 * is Vietnamese, and the key bar offers F3 only where it does something.
 * Under the title one line gives the period and the public source (the
 * decision's number and date); F4 shows the full source below it. Each
 * article opened is recorded as an anonymous view.
 */
#include "tui/ui_impl.h"

#include "content/articles.h"
#include "content/markdown.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/util.h"
#include "records/views.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct span {
	const char *s;
	size_t len;
	enum role role;
	bool bold;
	int link; /* -1, or the link's index */
};

struct rline {
	int indent;
	size_t first, n; /* spans */
	size_t block;    /* the document block it belongs to; HEAD for the title lines */
	size_t off;      /* where in the block's text it starts */
};

#define HEAD ((size_t)-1)

struct rlink {
	const char *slug;
	int line; /* first line it appears on */
};

struct reader {
	char *slug;
	bool flipped;       /* showing Vietnamese although the visitor's language is another */
	char shown[16];     /* the language asked for at the last load */
	struct article art;
	struct md_doc *doc;
	char *head_meta;    /* "2021–2025 · QĐ 263/QĐ-TTg, 22/02/2022" */
	char *full_source;  /* "Source: ..." in the visitor's language */
	bool show_source;   /* F4: full_source is laid out under head_meta */
	char *flip_note;    /* "This is the Vietnamese text ..." while flipped */
	int width;          /* the width of the last layout, 0 = none */
	size_t next_block;  /* the first document block not (wholly) laid out yet */
	size_t block_off;   /* how much of next_block's text is laid out */
	int *link_of;       /* next_block's link of each byte, while it is begun */
	struct span *spans;
	size_t nspans, capspans;
	struct rline *lines;
	size_t nlines, caplines;
	struct rlink *links;
	size_t nlinks, caplinks;
	int focus;          /* focused link, or -1 */
	int rows;           /* the body height at the last draw */
	char view[37];      /* the view record, "" if none */
};

static void clear_layout(struct reader *r)
{
	r->nspans = r->nlines = r->nlinks = 0;
	r->width = 0;
	r->next_block = 0;
	r->block_off = 0;
	free(r->link_of);
	r->link_of = NULL;
}

static void add_line(struct reader *r, int indent, size_t off)
{
	xgrow((void **)&r->lines, &r->caplines, r->nlines + 1, sizeof *r->lines);
	r->lines[r->nlines++] = (struct rline){indent, r->nspans, 0, r->next_block, off};
}

static void add_span(struct reader *r, const char *s, size_t len, enum role role, bool bold,
		     int link)
{
	xgrow((void **)&r->spans, &r->capspans, r->nspans + 1, sizeof *r->spans);
	r->spans[r->nspans++] = (struct span){s, len, role, bold, link};
	r->lines[r->nlines - 1].n++;
}

/* A block's text is wrapped in pieces of about this many bytes, so that a
 * paragraph of 50,000 lines is laid out only as far as it is shown. */
#define PIECE 16384

/*
 * Lays out text (with an optional per-byte style and links) wrapped to width
 * at the given indent; the first line may carry a prefix (a list marker),
 * whose width continuation lines are indented by. With more, the text is the
 * start of a longer one: its last line, which may wrap differently once the
 * rest follows, is left out, and the return value says where it starts (the
 * caller lays out from there next); otherwise the return value is len.
 * first: the text starts its block (the prefix goes on its first line).
 */
static size_t lay_text(struct reader *r, const char *text, size_t len, size_t base_off,
		       const unsigned char *style, const int *link_of, int indent, int width,
		       const char *prefix, bool first, bool more, enum role base,
		       bool base_bold)
{
	int pw = prefix ? text_width(prefix, strlen(prefix)) + 1 : 0;
	int w = width - indent - pw;
	if (w < 1)
		w = 1;
	struct text_line *tl;
	size_t n = text_wrap(text, len, w, &tl);
	size_t done = len;
	if (more && n > 1) {
		done = tl[n - 1].off;
		n--;
	}
	for (size_t i = 0; i < n; i++) {
		add_line(r, indent + (i || !first ? pw : 0), base_off + tl[i].off);
		if (i == 0 && first && prefix) {
			add_span(r, prefix, strlen(prefix), ROLE_DIM, true, -1);
			add_span(r, " ", 1, base, false, -1);
		}
		size_t p = tl[i].off, end = tl[i].off + tl[i].len;
		while (p < end) {
			/* A run of bytes with one style and one link. */
			unsigned char st = style ? style[p] : 0;
			int lk = link_of ? link_of[p] : -1;
			size_t q = p + 1;
			while (q < end && (style ? style[q] : 0) == st &&
			       (link_of ? link_of[q] : -1) == lk)
				q++;
			enum role role = base;
			if (role == ROLE_TEXT && (st & MD_STY_ITALIC))
				role = ROLE_EMPH;
			if (lk >= 0) {
				role = ROLE_LINK;
				if (r->links[lk].line < 0)
					r->links[lk].line = (int)r->nlines - 1;
			}
			add_span(r, text + p, q - p, role,
				 base_bold || (st & MD_STY_BOLD), lk);
			p = q;
		}
	}
	free(tl);
	return done;
}

/* A numbered list item ("3.", or " 9." right-aligned beside "10."). */
static bool numbered(const char *marker)
{
	marker += strspn(marker, " ");
	return *marker >= '0' && *marker <= '9';
}

/* A line of the head, which is short and laid out whole. */
static void lay_head(struct reader *r, const char *text, enum role role, bool bold)
{
	lay_text(r, text, strlen(text), 0, NULL, NULL, 0, r->width, NULL, true, false, role,
		 bold);
}

/* A head line as one line, cut at a word with "…" when it is wider. */
static void lay_one_line(struct reader *r, const char *text, enum role role)
{
	size_t len = strlen(text);
	int width = r->width;
	if (text_width(text, len) <= width) {
		lay_head(r, text, role, false);
		return;
	}
	struct text_line *tl;
	size_t n = text_wrap(text, len, width > 1 ? width - 1 : 1, &tl);
	add_line(r, 0, 0);
	if (n)
		add_span(r, text + tl[0].off, tl[0].len, role, false, -1);
	add_span(r, "…", strlen("…"), role, false, -1);
	free(tl);
}

/* Lays out the head: title, period and public source (F4: the full
 * source), the translation notice. */
static void layout(struct reader *r, int width)
{
	clear_layout(r);
	r->width = width;
	r->next_block = HEAD;
	lay_head(r, r->art.title, ROLE_HEADING, true);
	lay_one_line(r, r->head_meta, ROLE_DIM);
	if (r->show_source)
		lay_head(r, r->full_source, ROLE_DIM, false);
	if (r->flipped) {
		const struct i18n_lang *l = i18n_lang_find(i18n_current());
		/* Laid-out spans point into the text: it lives as long as the text. */
		if (!r->flip_note)
			r->flip_note = xasprintf(_("This is the Vietnamese text. F3: back to %s."),
						 l ? l->native : i18n_current());
		lay_head(r, r->flip_note, ROLE_DIM, false);
	} else if (r->art.fallback)
		lay_head(r, _("Not yet translated: here it is in Vietnamese."), ROLE_WARN, false);
	else if (strcmp(r->art.status, "draft") == 0)
		lay_head(r, _("Draft translation: a native speaker has not checked it yet."),
			 ROLE_DIM, false);
	r->next_block = 0;
}

static bool laid_out(const struct reader *r)
{
	return r->next_block >= r->doc->n;
}

unsigned long long reader_blocks_laid;

/* Lays out the next piece of the body: the rest of the block begun, or up
 * to PIECE bytes of it. */
static void lay_block(struct reader *r)
{
	reader_blocks_laid++;
	size_t b = r->next_block;
	const struct md_block *blk = &r->doc->blocks[b];
	bool first = r->block_off == 0 && !r->link_of;
	if (first) {
		/* Items of one list sit together; a new list (bullets after
		 * numbers) gets its own space. */
		const struct md_block *prev = b > 0 ? &r->doc->blocks[b - 1] : NULL;
		bool tight = blk->kind == MD_ITEM && prev && prev->kind == MD_ITEM &&
			     !(prev->level == blk->level &&
			       numbered(prev->marker) != numbered(blk->marker));
		if (!tight)
			add_line(r, 0, 0);
		/* Which link each byte belongs to (also marks the block begun). */
		r->link_of = xmalloc((blk->len + 1) * sizeof *r->link_of);
		for (size_t i = 0; i < blk->len; i++)
			r->link_of[i] = -1;
		for (size_t k = 0; k < blk->nlinks; k++) {
			if (!blk->links[k].slug)
				continue;
			xgrow((void **)&r->links, &r->caplinks, r->nlinks + 1, sizeof *r->links);
			r->links[r->nlinks] = (struct rlink){blk->links[k].slug, -1};
			for (size_t i = blk->links[k].start; i < blk->links[k].end; i++)
				r->link_of[i] = (int)r->nlinks;
			r->nlinks++;
		}
	}
	/* A piece ends after a space, where a line may break. */
	size_t off = r->block_off, len = blk->len - off;
	bool more = false;
	if (len > PIECE) {
		size_t cut = PIECE;
		while (cut > PIECE / 2 && blk->text[off + cut - 1] != ' ')
			cut--;
		if (blk->text[off + cut - 1] == ' ') {
			len = cut;
			more = true;
		}
	}
	int indent = 2 * blk->level;
	const char *prefix = NULL;
	enum role role = ROLE_TEXT;
	if (blk->kind == MD_HEADING) {
		indent = 0;
		role = ROLE_HEADING;
	} else if (blk->kind == MD_ITEM) {
		indent = 2 * (blk->level > 0 ? blk->level - 1 : 0) + 1;
		prefix = blk->marker;
	}
	size_t done = lay_text(r, blk->text + off, len, off, blk->style ? blk->style + off : NULL,
			       r->link_of + off, indent, r->width, prefix, first, more, role,
			       blk->kind == MD_HEADING);
	r->block_off += done;
	if (r->block_off >= blk->len) {
		free(r->link_of);
		r->link_of = NULL;
		r->block_off = 0;
		r->next_block++;
	}
}

/* Lays out blocks until there are at least lines lines (or no more blocks). */
static void lay_lines(struct reader *r, size_t lines)
{
	while (r->nlines < lines && !laid_out(r))
		lay_block(r);
}

/* Lays out blocks until there are at least n links (or no more blocks). */
static void lay_links(struct reader *r, size_t n)
{
	while (r->nlinks < n && !laid_out(r))
		lay_block(r);
}

static void lay_all(struct reader *r)
{
	while (!laid_out(r))
		lay_block(r);
}

static const char *wanted_lang(const struct reader *r)
{
	return r->flipped ? "vi" : i18n_current();
}

static void unload(struct reader *r)
{
	article_clear(&r->art);
	mdoc_free(&r->doc);
	free(r->head_meta);
	r->head_meta = NULL;
	free(r->full_source);
	r->full_source = NULL;
	free(r->flip_note);
	r->flip_note = NULL;
	clear_layout(r);
}

/* (Re)reads the article in the language the visitor wants now. */
static bool load(struct ui *ui, struct reader *r)
{
	/* A Vietnamese visitor has nothing to flip to. */
	if (strcmp(i18n_current(), "vi") == 0)
		r->flipped = false;
	if (strcmp(r->shown, wanted_lang(r)) == 0 && r->doc)
		return true;
	unload(r);
	char *err = NULL;
	if (article_get(ui->db, r->slug, wanted_lang(r), &r->art, &err) != NK_OK ||
	    mdoc_parse(r->art.body, strlen(r->art.body), &r->doc, &err) != NK_OK) {
		ui_set_status(ui, xasprintf(_("Could not read the database: %s"), err));
		free(err);
		return false;
	}
	r->head_meta = r->art.public_source[0]
			       ? xasprintf("%s · %s", r->art.period, r->art.public_source)
			       : xstrdup(r->art.period);
	r->full_source = xasprintf(_("Source: %s"), r->art.source);
	snprintf(r->shown, sizeof r->shown, "%s", wanted_lang(r));
	r->focus = -1;
	return true;
}

static void reader_free(struct ui *ui, struct screen *s)
{
	struct reader *r = s->data;
	if (!r)
		return;
	if (r->view[0] && ui->db)
		views_finish(ui->db, ui->clk, r->view, NULL);
	unload(r);
	free(r->spans);
	free(r->lines);
	free(r->links);
	free(r->slug);
	free(r);
}

void reader_open(struct ui *ui, const char *slug)
{
	struct reader *r = xcalloc(1, sizeof *r);
	r->slug = xstrdup(slug);
	r->focus = -1;
	if (!load(ui, r)) {
		struct screen tmp = {&reader_ops, 0, 0, 0, r};
		reader_free(ui, &tmp);
		return;
	}
	char *err = NULL;
	if (views_start(ui->db, ui->clk, slug, r->art.lang, r->view, &err) != NK_OK) {
		ui_set_status(ui, xasprintf(_("Could not save to the database: %s"), err));
		free(err);
		r->view[0] = '\0';
	}
	ui_push(ui, &reader_ops, 0, 0, r);
}

static const char *reader_title(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct reader *r = s->data;
	return r->art.title ? r->art.title : "";
}

/* The last scroll position, of the lines laid out so far. */
static int max_scroll(const struct reader *r, int rows)
{
	int m = (int)r->nlines - rows;
	return m > 0 ? m : 0;
}

/* The line that holds byte off of block b (the last line starting at or
 * before it). */
static int line_at(const struct reader *r, size_t b, size_t off)
{
	int found = 0;
	for (size_t i = 0; i < r->nlines; i++) {
		const struct rline *l = &r->lines[i];
		if (l->block == HEAD)
			continue;
		if (l->block > b || (l->block == b && l->off > off))
			break;
		found = (int)i;
	}
	return found;
}

static bool can_flip(const struct reader *r)
{
	return strcmp(i18n_current(), "vi") != 0 && (r->flipped || !r->art.fallback);
}

/* The keys: F3 to Vietnamese in a translated text, F3 back from it, and
 * none where there is nothing to flip to (a Vietnamese visitor, or an
 * article not translated into the visitor's language). Esc, F3 and F4 come
 * early, so a narrow window still shows them. */
static const struct keyhint reader_hints[] = {
	{"↑↓", N_("Scroll"), ACT_NONE},        {"Esc", N_("Back"), ACT_BACK},
	{"F3", N_("In Vietnamese"), ACT_FLIP}, {"F4", N_("Source"), ACT_SOURCE},
	{"Tab", N_("Links"), ACT_NEXT},        {"F2", N_("Language"), ACT_LANG},
};
static const struct keyhint reader_flipped_hints[] = {
	{"↑↓", N_("Scroll"), ACT_NONE},              {"Esc", N_("Back"), ACT_BACK},
	{"F3", N_("Back to my language"), ACT_FLIP}, {"F4", N_("Source"), ACT_SOURCE},
	{"Tab", N_("Links"), ACT_NEXT},              {"F2", N_("Language"), ACT_LANG},
};
static const struct keyhint reader_plain_hints[] = {
	{"↑↓", N_("Scroll"), ACT_NONE},   {"Esc", N_("Back"), ACT_BACK},
	{"F4", N_("Source"), ACT_SOURCE}, {"Tab", N_("Links"), ACT_NEXT},
	{"F2", N_("Language"), ACT_LANG},
};

static void reader_draw(struct ui *ui, struct screen *s, struct grid *g, int top, int rows)
{
	struct reader *r = s->data;
	/* The other language (F3, F2) opens near the same place: the block at
	 * the top keeps its share of the article's blocks (translations follow
	 * their original paragraph by paragraph, near enough). */
	bool other = r->doc && strcmp(r->shown, wanted_lang(r)) != 0;
	size_t old_blocks = r->doc ? r->doc->n : 0;
	size_t old_top = other && r->width && s->scroll > 0 && s->scroll < (int)r->nlines
				 ? r->lines[s->scroll].block
				 : HEAD;
	if (!load(ui, r))
		return;
	int width = g->w - 4;
	if (width > 76)
		width = 76; /* short lines are easier to read */
	if (other) {
		s->scroll = 0;
		if (old_top != HEAD && old_blocks > 0) {
			size_t b = old_top * r->doc->n / old_blocks;
			layout(r, width);
			while (!laid_out(r) && r->next_block <= b)
				lay_block(r);
			s->scroll = line_at(r, b, 0);
		}
	}
	if (r->flipped)
		ui_set_keys(ui, reader_flipped_hints, NK_ARRAY_LEN(reader_flipped_hints));
	else if (can_flip(r))
		ui_set_keys(ui, reader_hints, NK_ARRAY_LEN(reader_hints));
	else
		ui_set_keys(ui, reader_plain_hints, NK_ARRAY_LEN(reader_plain_hints));
	if (r->width != width) {
		/* Keep the reader's place across a resize: the end stays the end,
		 * anywhere else keeps the block at the top in view. */
		bool at_end = r->width && laid_out(r) && s->scroll >= max_scroll(r, r->rows);
		bool mid = r->width && s->scroll > 0 && s->scroll < (int)r->nlines &&
			   r->lines[s->scroll].block != HEAD;
		size_t top_block = mid ? r->lines[s->scroll].block : HEAD;
		size_t top_off = mid ? r->lines[s->scroll].off : 0;
		layout(r, width);
		if (at_end) {
			lay_all(r);
			s->scroll = max_scroll(r, rows);
		} else if (mid) {
			while (!laid_out(r) &&
			       (r->next_block < top_block ||
				(r->next_block == top_block && r->block_off <= top_off)))
				lay_block(r);
			s->scroll = line_at(r, top_block, top_off);
		}
	}
	r->rows = rows;
	/* Only what this screen shows, and one line more to tell whether
	 * there is more below. */
	lay_lines(r, (size_t)s->scroll + (size_t)rows + 1);
	if (s->scroll > max_scroll(r, rows))
		s->scroll = max_scroll(r, rows);
	int x0 = (g->w - width) / 2;
	for (int i = 0; i < rows && s->scroll + i < (int)r->nlines; i++) {
		const struct rline *ln = &r->lines[s->scroll + i];
		int x = x0 + ln->indent;
		for (size_t k = 0; k < ln->n; k++) {
			const struct span *sp = &r->spans[ln->first + k];
			char *t = xstrndup(sp->s, sp->len);
			enum role role = sp->link >= 0 && sp->link == r->focus ? ROLE_FOCUS : sp->role;
			int w = grid_put(g, top + i, x, t, g->w - x, role, sp->bold);
			if (sp->link >= 0)
				ui_add_hit(ui, top + i, x, w, (struct action){ACT_LINK, sp->link + 1, 0, 0});
			x += w;
			free(t);
		}
	}
	/* Where we are in a long article. */
	if (max_scroll(r, rows) > 0) {
		if (s->scroll > 0)
			grid_put(g, top, g->w - 1, "▲", 1, ROLE_DIM, false);
		if (s->scroll < max_scroll(r, rows) || !laid_out(r))
			grid_put(g, top + rows - 1, g->w - 1, "▼", 1, ROLE_DIM, false);
	}
}

static void scroll_to_link(struct screen *s, struct reader *r, int rows)
{
	int line = r->links[r->focus].line;
	if (line < s->scroll || line >= s->scroll + rows)
		s->scroll = line - rows / 3 > 0 ? line - rows / 3 : 0;
}

static int reader_act(struct ui *ui, struct screen *s, struct action a)
{
	struct reader *r = s->data;
	/* A page keeps one line of the last one in view, for the eye to follow. */
	int page = r->rows > 2 ? r->rows - 1 : 1;
	switch (a.kind) {
	case ACT_UP:
		if (s->scroll > 0)
			s->scroll--;
		return UI_REDRAW;
	case ACT_DOWN:
		s->scroll++;
		return UI_REDRAW;
	case ACT_PGUP:
		s->scroll = s->scroll > page ? s->scroll - page : 0;
		return UI_REDRAW;
	case ACT_PGDN:
	case ACT_RIGHT:
		s->scroll += page;
		return UI_REDRAW;
	case ACT_LEFT:
		s->scroll = s->scroll > page ? s->scroll - page : 0;
		return UI_REDRAW;
	case ACT_HOME:
		s->scroll = 0;
		return UI_REDRAW;
	case ACT_END:
		if (r->width)
			lay_all(r);
		s->scroll = r->width ? (int)r->nlines : INT_MAX / 2;
		return UI_REDRAW;
	case ACT_NEXT:
	case ACT_PREV:
		/* The next link may lie past what is laid out; the one before
		 * the first is the last of all. */
		if (r->width && a.kind == ACT_NEXT)
			lay_links(r, (size_t)(r->focus + 2));
		else if (r->width && r->focus <= 0)
			lay_all(r);
		if (r->nlinks == 0)
			return UI_IGNORED;
		if (a.kind == ACT_NEXT)
			r->focus = r->focus + 1 >= (int)r->nlinks ? 0 : r->focus + 1;
		else
			r->focus = r->focus <= 0 ? (int)r->nlinks - 1 : r->focus - 1;
		scroll_to_link(s, r, page);
		return UI_REDRAW;
	case ACT_SELECT:
		if (r->focus < 0)
			return UI_IGNORED;
		reader_open(ui, r->links[r->focus].slug);
		return UI_REDRAW;
	case ACT_LINK:
		if (a.n < 1 || a.n > (int)r->nlinks)
			return UI_IGNORED;
		r->focus = a.n - 1;
		reader_open(ui, r->links[r->focus].slug);
		return UI_REDRAW;
	case ACT_SOURCE:
		r->show_source = !r->show_source;
		r->width = 0; /* lay out again */
		s->scroll = 0;
		return UI_REDRAW;
	case ACT_FLIP:
		if (!can_flip(r))
			return UI_IGNORED;
		r->flipped = !r->flipped;
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

const struct screen_ops reader_ops = {
	"reader",     reader_title, reader_draw, reader_act, reader_free,
	reader_hints, NK_ARRAY_LEN(reader_hints), false,
};
