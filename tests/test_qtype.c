/* Tests for quizzes/qtype: the playable set is exactly what the kiosk's
 * answer keys can express. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "quizzes/qtype.h"

static void test_playable(void **state)
{
	(void)state;
	assert_true(qtype_info(QTYPE_SINGLE)->playable);
	assert_true(qtype_info(QTYPE_MULTI)->playable);
	assert_true(qtype_info(QTYPE_TRUEFALSE)->playable);
	assert_false(qtype_info(QTYPE_SHORT)->playable);
	assert_false(qtype_info(QTYPE_MATCHING)->playable);
	assert_false(qtype_info(QTYPE_NUMERICAL)->playable);
	assert_false(qtype_info(QTYPE_ESSAY)->playable);
	assert_false(qtype_info(QTYPE_DESCRIPTION)->playable);
	assert_int_equal(qtype_by_id("truefalse")->type, QTYPE_TRUEFALSE);
	assert_null(qtype_by_id("cloze"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_playable)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
