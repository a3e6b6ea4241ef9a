/*
 * markdown: an article body (Markdown, parsed by md4c) as a list of blocks
 * the reader can lay out: headings, paragraphs and list items, each holding
 * its text with a style per byte and the links inside it. It keeps only what
 * a kiosk shows: images, HTML and code come through as plain text, and no
 * layout to a width happens here (the reader does that).
 *
 * Ownership: mdoc_parse returns a document the caller frees with mdoc_free
 * (which NULLs the pointer); everything inside belongs to the document.
 */
#ifndef NK_CONTENT_MARKDOWN_H
#define NK_CONTENT_MARKDOWN_H

#include <stddef.h>

enum md_kind { MD_HEADING, MD_PARA, MD_ITEM };

/* Style bits, one byte per byte of text. */
enum { MD_STY_BOLD = 1, MD_STY_ITALIC = 2, MD_STY_LINK = 4 };

struct md_link {
	size_t start, end; /* byte range in the block's text */
	char *href;        /* as written, e.g. "article:ocop-la-gi" */
	char *slug;        /* the article slug for "article:" links, else NULL */
};

struct md_block {
	enum md_kind kind;
	int level;         /* heading level 1-6; list depth (1 = top) for items, and for
			      paragraphs inside list items; 0 for plain paragraphs */
	char marker[16];   /* "•" or "3." for items, "" otherwise */
	char *text;        /* UTF-8; a hard line break is "\n" */
	unsigned char *style;
	size_t len;
	struct md_link *links;
	size_t nlinks;
};

struct md_doc {
	struct md_block *blocks;
	size_t n;
};

/* Parses Markdown (UTF-8) with md4c. Fails only when md4c does. */
int mdoc_parse(const char *src, size_t n, struct md_doc **out, char **err);
void mdoc_free(struct md_doc **doc);

/* All text of the document as one string, blocks separated by "\n" (for the
 * search index). Caller frees. */
char *mdoc_plain(const struct md_doc *doc);

#endif
