/* Tests for content/markdown: blocks, styles, links, lists and the plain
 * text the search index gets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "content/markdown.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

static struct md_doc *parse(const char *s)
{
	struct md_doc *d = NULL;
	char *err = NULL;
	if (mdoc_parse(s, strlen(s), &d, &err) != 0)
		fail_msg("%s", err);
	return d;
}

static void test_blocks_and_styles(void **state)
{
	(void)state;
	struct md_doc *d = parse("## Năm nguyên tắc\n\nDân **biết**, dân *bàn*,\ndân làm.\n\n"
				 "Dòng một  \ndòng hai\n");
	assert_int_equal(d->n, 3);
	assert_int_equal(d->blocks[0].kind, MD_HEADING);
	assert_int_equal(d->blocks[0].level, 2);
	assert_string_equal(d->blocks[0].text, "Năm nguyên tắc");
	assert_int_equal(d->blocks[1].kind, MD_PARA);
	assert_int_equal(d->blocks[1].level, 0);
	/* A soft break is a space. */
	assert_string_equal(d->blocks[1].text, "Dân biết, dân bàn, dân làm.");
	const char *t = d->blocks[1].text;
	size_t b = (size_t)(strstr(t, "biết") - t), i = (size_t)(strstr(t, "bàn") - t);
	assert_int_equal(d->blocks[1].style[b], MD_STY_BOLD);
	assert_int_equal(d->blocks[1].style[0], 0);
	assert_int_equal(d->blocks[1].style[i], MD_STY_ITALIC);
	/* A hard break is a newline. */
	assert_string_equal(d->blocks[2].text, "Dòng một\ndòng hai");
	char *plain = mdoc_plain(d);
	assert_string_equal(plain, "Năm nguyên tắc\nDân biết, dân bàn, dân làm.\nDòng một\ndòng hai");
	free(plain);
	mdoc_free(&d);
	assert_null(d);
}

static void test_lists(void **state)
{
	(void)state;
	struct md_doc *d = parse("- một\n- hai\n  - hai a\n\n3. ba\n4. bốn\n\n- loose\n\n  more\n");
	assert_int_equal(d->blocks[0].kind, MD_ITEM);
	assert_int_equal(d->blocks[0].level, 1);
	assert_string_equal(d->blocks[0].marker, "•");
	assert_string_equal(d->blocks[1].text, "hai");
	assert_int_equal(d->blocks[2].level, 2);
	assert_string_equal(d->blocks[2].text, "hai a");
	assert_string_equal(d->blocks[3].marker, "3.");
	assert_string_equal(d->blocks[4].marker, "4.");
	assert_string_equal(d->blocks[4].text, "bốn");
	/* A loose item: its first paragraph is the item, the next one is
	 * indented under it. */
	assert_string_equal(d->blocks[5].text, "loose");
	assert_int_equal(d->blocks[6].kind, MD_PARA);
	assert_int_equal(d->blocks[6].level, 1);
	assert_string_equal(d->blocks[6].text, "more");
	mdoc_free(&d);
}

static void test_numbers_aligned(void **state)
{
	(void)state;
	struct md_doc *d = parse("8. tám\n9. chín\n10. mười\n");
	assert_string_equal(d->blocks[0].marker, " 8.");
	assert_string_equal(d->blocks[1].marker, " 9.");
	assert_string_equal(d->blocks[2].marker, "10.");
	mdoc_free(&d);
}

static void test_links(void **state)
{
	(void)state;
	struct md_doc *d = parse("Xem [OCOP là gì](article:ocop-la-gi) và [web](http://x.vn).");
	assert_int_equal(d->n, 1);
	const struct md_block *b = &d->blocks[0];
	assert_int_equal(b->nlinks, 2);
	assert_string_equal(b->links[0].slug, "ocop-la-gi");
	assert_string_equal(b->links[0].href, "article:ocop-la-gi");
	assert_null(b->links[1].slug);
	const char *start = b->text + b->links[0].start;
	assert_int_equal(strncmp(start, "OCOP là gì", strlen("OCOP là gì")), 0);
	assert_int_equal(b->links[0].end - b->links[0].start, strlen("OCOP là gì"));
	assert_int_equal(b->style[b->links[0].start], MD_STY_LINK);
	assert_int_equal(b->style[0], 0);
	mdoc_free(&d);
}

static void test_odd_input(void **state)
{
	(void)state;
	/* HTML is text, entities decode, NUL becomes U+FFFD, code is text. */
	struct md_doc *d = parse("<b>x</b> &amp; &#7879; &bogus;\n\n```\ncode\n```\n");
	assert_string_equal(d->blocks[0].text, "<b>x</b> & ệ &bogus;");
	assert_string_equal(d->blocks[1].text, "code\n");
	mdoc_free(&d);
	char nul[] = "a\0b";
	char *err = NULL;
	assert_int_equal(mdoc_parse(nul, 3, &d, &err), 0);
	assert_string_equal(d->blocks[0].text, "a\xef\xbf\xbd" "b");
	mdoc_free(&d);
	/* Deep nesting is capped, not recursed into. */
	size_t depth = 10000;
	char *deep = xmalloc(depth * 4 + 16);
	size_t o = 0;
	for (size_t i = 0; i < depth; i++) {
		for (size_t k = 0; k < (i < 60 ? i * 2 : 0); k++)
			deep[o++] = ' ';
		memcpy(deep + o, "- x\n", 4);
		o += 4;
		if (o > depth * 4 - 200)
			break;
	}
	deep[o] = '\0';
	d = parse(deep);
	for (size_t i = 0; i < d->n; i++)
		assert_true(d->blocks[i].level <= 8);
	mdoc_free(&d);
	free(deep);
	d = parse("");
	assert_int_equal(d->n, 0);
	mdoc_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_and_styles),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_numbers_aligned),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_odd_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
