/*
 * markdown: md4c callbacks that build blocks. md4c does the parsing (it is
 * iterative, so deeply nested lists cost memory, not stack); this file only
 * decides which text goes into which block with which style.
 */
#include "content/markdown.h"

#include "core/util.h"

#include <md4c.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Nesting beyond this is shown at this depth: a kiosk screen has no room for
 * more indentation, and hostile files may nest thousands deep. */
#define MAX_DEPTH 8

struct list_state {
	bool ordered;
	unsigned next;
	size_t first_block; /* the list's first block, for aligning its numbers */
};

struct builder {
	struct md_doc *doc;
	size_t cap;
	struct md_block *cur; /* the block receiving text, or NULL */
	size_t cur_cap;
	struct list_state *lists;
	size_t nlists, caplists;
	size_t list_depth;    /* true nesting, may exceed MAX_DEPTH */
	int bold, italic;
	size_t link_open;     /* index+1 of the open link in cur, 0 if none */
};

static struct md_block *new_block(struct builder *b, enum md_kind kind, int level)
{
	xgrow((void **)&b->doc->blocks, &b->cap, b->doc->n + 1, sizeof *b->doc->blocks);
	struct md_block *blk = &b->doc->blocks[b->doc->n++];
	memset(blk, 0, sizeof *blk);
	blk->kind = kind;
	blk->level = level;
	blk->text = xstrdup("");
	blk->style = xmalloc(1);
	b->cur = blk;
	b->cur_cap = 1;
	b->link_open = 0;
	return blk;
}

static int depth_shown(const struct builder *b)
{
	return b->list_depth > MAX_DEPTH ? MAX_DEPTH : (int)b->list_depth;
}

static void append(struct builder *b, const char *s, size_t n)
{
	if (!b->cur)
		new_block(b, MD_PARA, depth_shown(b));
	struct md_block *blk = b->cur;
	size_t need = blk->len + n + 1;
	if (need > b->cur_cap) {
		size_t cap = b->cur_cap;
		xgrow((void **)&blk->text, &cap, need, 1);
		blk->style = xrealloc(blk->style, cap);
		b->cur_cap = cap;
	}
	memcpy(blk->text + blk->len, s, n);
	unsigned char st = (unsigned char)((b->bold ? MD_STY_BOLD : 0) |
					   (b->italic ? MD_STY_ITALIC : 0) |
					   (b->link_open ? MD_STY_LINK : 0));
	memset(blk->style + blk->len, st, n);
	blk->len += n;
	blk->text[blk->len] = '\0';
}

static void encode_utf8(unsigned cp, char *out, size_t *n)
{
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		out[0] = (char)cp;
		*n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		*n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		*n = 3;
	} else {
		out[0] = (char)(0xf0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f));
		*n = 4;
	}
}

/* Numeric entities and the few named ones editors actually type; any other
 * entity stays as written. */
static void append_entity(struct builder *b, const char *s, size_t n)
{
	static const struct {
		const char *name;
		unsigned cp;
	} named[] = {{"&amp;", '&'},   {"&lt;", '<'},      {"&gt;", '>'},
		     {"&quot;", '"'},  {"&apos;", '\''},   {"&nbsp;", 0xa0},
		     {"&ndash;", 0x2013}, {"&mdash;", 0x2014}, {"&hellip;", 0x2026}};
	char buf[4];
	size_t bl;
	if (n >= 4 && s[1] == '#') {
		unsigned long cp;
		char tmp[16];
		size_t tl = n - 3 < sizeof tmp - 1 ? n - 3 : sizeof tmp - 1;
		memcpy(tmp, s + 2, tl);
		tmp[tl] = '\0';
		if (tmp[0] == 'x' || tmp[0] == 'X')
			cp = strtoul(tmp + 1, NULL, 16);
		else
			cp = strtoul(tmp, NULL, 10);
		encode_utf8(cp > 0x10ffff ? 0xfffd : (unsigned)cp, buf, &bl);
		append(b, buf, bl);
		return;
	}
	for (size_t i = 0; i < NK_ARRAY_LEN(named); i++)
		if (strlen(named[i].name) == n && memcmp(named[i].name, s, n) == 0) {
			encode_utf8(named[i].cp, buf, &bl);
			append(b, buf, bl);
			return;
		}
	append(b, s, n);
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct builder *b = ud;
	switch (type) {
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		xgrow((void **)&b->lists, &b->caplists, b->nlists + 1, sizeof *b->lists);
		b->lists[b->nlists].ordered = type == MD_BLOCK_OL;
		b->lists[b->nlists].next =
			type == MD_BLOCK_OL ? ((MD_BLOCK_OL_DETAIL *)detail)->start : 0;
		b->lists[b->nlists].first_block = b->doc->n;
		b->nlists++;
		b->list_depth++;
		b->cur = NULL;
		break;
	case MD_BLOCK_LI: {
		struct md_block *blk = new_block(b, MD_ITEM, depth_shown(b));
		struct list_state *l = b->nlists ? &b->lists[b->nlists - 1] : NULL;
		if (l && l->ordered)
			snprintf(blk->marker, sizeof blk->marker, "%u.", l->next++);
		else
			snprintf(blk->marker, sizeof blk->marker, "%s",
				 b->list_depth % 2 ? "\xe2\x80\xa2" : "\xe2\x80\x93");
		break;
	}
	case MD_BLOCK_H:
		new_block(b, MD_HEADING, (int)((MD_BLOCK_H_DETAIL *)detail)->level);
		break;
	case MD_BLOCK_P:
		/* The first paragraph of a loose list item is the item's text. */
		if (!(b->cur && b->cur->kind == MD_ITEM && b->cur->len == 0))
			new_block(b, MD_PARA, depth_shown(b));
		break;
	case MD_BLOCK_CODE:
	case MD_BLOCK_HTML:
	case MD_BLOCK_QUOTE:
	case MD_BLOCK_TABLE:
		new_block(b, MD_PARA, depth_shown(b));
		break;
	case MD_BLOCK_TR:
		if (b->cur && b->cur->len)
			append(b, "\n", 1);
		break;
	case MD_BLOCK_TD:
	case MD_BLOCK_TH:
		if (b->cur && b->cur->len && b->cur->text[b->cur->len - 1] != '\n')
			append(b, " | ", 3);
		break;
	default:
		break;
	}
	return 0;
}

/* Right-aligns the numbers of a finished list, so that item 10's text
 * starts where item 9's does. */
static void align_numbers(struct builder *b, size_t first)
{
	int level = depth_shown(b);
	size_t widest = 0;
	for (size_t i = first; i < b->doc->n; i++)
		if (b->doc->blocks[i].kind == MD_ITEM && b->doc->blocks[i].level == level &&
		    strlen(b->doc->blocks[i].marker) > widest)
			widest = strlen(b->doc->blocks[i].marker);
	for (size_t i = first; i < b->doc->n; i++) {
		struct md_block *blk = &b->doc->blocks[i];
		size_t len = strlen(blk->marker);
		if (blk->kind != MD_ITEM || blk->level != level || len >= widest ||
		    widest >= sizeof blk->marker)
			continue;
		memmove(blk->marker + (widest - len), blk->marker, len + 1);
		memset(blk->marker, ' ', widest - len);
	}
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	(void)detail;
	struct builder *b = ud;
	switch (type) {
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		if (type == MD_BLOCK_OL && b->nlists)
			align_numbers(b, b->lists[b->nlists - 1].first_block);
		if (b->nlists)
			b->nlists--;
		if (b->list_depth)
			b->list_depth--;
		b->cur = NULL;
		break;
	case MD_BLOCK_LI:
	case MD_BLOCK_H:
	case MD_BLOCK_P:
	case MD_BLOCK_CODE:
	case MD_BLOCK_HTML:
	case MD_BLOCK_QUOTE:
	case MD_BLOCK_TABLE:
		b->cur = NULL;
		break;
	default:
		break;
	}
	return 0;
}

static char *attr_str(const MD_ATTRIBUTE *a)
{
	return xstrndup(a->text ? a->text : "", a->size);
}

static int enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct builder *b = ud;
	switch (type) {
	case MD_SPAN_STRONG:
		b->bold++;
		break;
	case MD_SPAN_EM:
		b->italic++;
		break;
	case MD_SPAN_A: {
		if (!b->cur)
			new_block(b, MD_PARA, depth_shown(b));
		struct md_block *blk = b->cur;
		blk->links = xrealloc(blk->links, (blk->nlinks + 1) * sizeof *blk->links);
		struct md_link *l = &blk->links[blk->nlinks++];
		l->start = l->end = blk->len;
		l->href = attr_str(&((MD_SPAN_A_DETAIL *)detail)->href);
		l->slug = strncmp(l->href, "article:", 8) == 0 ? xstrdup(l->href + 8) : NULL;
		b->link_open = blk->nlinks;
		break;
	}
	default:
		break;
	}
	return 0;
}

static int leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
	(void)detail;
	struct builder *b = ud;
	switch (type) {
	case MD_SPAN_STRONG:
		if (b->bold)
			b->bold--;
		break;
	case MD_SPAN_EM:
		if (b->italic)
			b->italic--;
		break;
	case MD_SPAN_A:
		if (b->cur && b->link_open)
			b->cur->links[b->link_open - 1].end = b->cur->len;
		b->link_open = 0;
		break;
	default:
		break;
	}
	return 0;
}

static int text_cb(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *ud)
{
	struct builder *b = ud;
	switch (type) {
	case MD_TEXT_NULLCHAR:
		append(b, "\xef\xbf\xbd", 3);
		break;
	case MD_TEXT_BR:
		append(b, "\n", 1);
		break;
	case MD_TEXT_SOFTBR:
		append(b, " ", 1);
		break;
	case MD_TEXT_ENTITY:
		append_entity(b, s, n);
		break;
	default:
		append(b, s, n);
		break;
	}
	return 0;
}

static void block_free(struct md_block *blk)
{
	free(blk->text);
	free(blk->style);
	for (size_t k = 0; k < blk->nlinks; k++) {
		free(blk->links[k].href);
		free(blk->links[k].slug);
	}
	free(blk->links);
}

int mdoc_parse(const char *src, size_t n, struct md_doc **out, char **err)
{
	struct md_doc *doc = xcalloc(1, sizeof *doc);
	struct builder b = {0};
	b.doc = doc;
	MD_PARSER p = {0};
	p.flags = MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH;
	p.enter_block = enter_block;
	p.leave_block = leave_block;
	p.enter_span = enter_span;
	p.leave_span = leave_span;
	p.text = text_cb;
	int rc = md_parse(src, (MD_SIZE)n, &p, &b);
	free(b.lists);
	if (rc != 0) {
		mdoc_free(&doc);
		return err_set(err, NK_EINVAL, "the Markdown parser failed (%d)", rc);
	}
	/* Empty blocks (an empty list item, a heading with no text) show nothing. */
	size_t w = 0;
	for (size_t i = 0; i < doc->n; i++) {
		struct md_block *blk = &doc->blocks[i];
		if (blk->len == 0 && blk->kind != MD_ITEM) {
			block_free(blk);
			continue;
		}
		doc->blocks[w++] = *blk;
	}
	doc->n = w;
	*out = doc;
	return NK_OK;
}

void mdoc_free(struct md_doc **doc)
{
	if (!*doc)
		return;
	for (size_t i = 0; i < (*doc)->n; i++)
		block_free(&(*doc)->blocks[i]);
	free((*doc)->blocks);
	free(*doc);
	*doc = NULL;
}

char *mdoc_plain(const struct md_doc *doc)
{
	size_t total = 1;
	for (size_t i = 0; i < doc->n; i++)
		total += doc->blocks[i].len + 1;
	char *out = xmalloc(total);
	size_t o = 0;
	for (size_t i = 0; i < doc->n; i++) {
		if (o)
			out[o++] = '\n';
		memcpy(out + o, doc->blocks[i].text, doc->blocks[i].len);
		o += doc->blocks[i].len;
	}
	out[o] = '\0';
	return out;
}
