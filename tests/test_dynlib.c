/*
 * Unit tests for core/dynlib (a library opened on first use) and the two
 * shims built on it: a library or symbol that is missing fails once, says
 * what is missing, and stays failed; a present one fills every slot with the
 * real function; the ICU and libxlsxwriter shims reach the real libraries.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <unicode/utypes.h>

#include "core/dynlib.h"
#include "core/text.h"
#include "core/util.h"
#include "records/xlsx.h"

static void test_missing_library(void **state)
{
	(void)state;
	static const char *const sonames[] = {"libm.so.6", "libnk-no-such-library.so.0", NULL};
	static const char *const symbols[] = {"cos", NULL};
	static void (*slots[1])(void);
	static struct dynlib lib = {sonames, symbols, slots, 0, ""};
	assert_string_equal(dynlib_error(&lib), "");
	assert_false(dynlib_ready(&lib));
	assert_non_null(strstr(dynlib_error(&lib), "libnk-no-such-library.so.0"));
	/* Final: not retried, same answer. */
	assert_false(dynlib_ready(&lib));
	assert_non_null(strstr(dynlib_error(&lib), "libnk-no-such-library.so.0"));
}

static void test_missing_symbol(void **state)
{
	(void)state;
	static const char *const sonames[] = {"libm.so.6", NULL};
	static const char *const symbols[] = {"cos", "nk_no_such_function", NULL};
	static void (*slots[2])(void);
	static struct dynlib lib = {sonames, symbols, slots, 0, ""};
	assert_false(dynlib_ready(&lib));
	assert_non_null(strstr(dynlib_error(&lib), "no function nk_no_such_function"));
	assert_non_null(strstr(dynlib_error(&lib), "libm.so.6"));
}

static void test_loaded(void **state)
{
	(void)state;
	static const char *const sonames[] = {"libm.so.6", NULL};
	static const char *const symbols[] = {"cos", "sqrt", NULL};
	static void (*slots[2])(void);
	static struct dynlib lib = {sonames, symbols, slots, 0, ""};
	assert_true(dynlib_ready(&lib));
	assert_true(dynlib_ready(&lib));
	assert_string_equal(dynlib_error(&lib), "");
	double (*c)(double) = (double (*)(double))slots[0];
	double (*s)(double) = (double (*)(double))slots[1];
	assert_true(c(0.0) == 1.0);
	assert_true(s(16.0) == 4.0);
}

/* The shims forward to the real libraries: NFC composes (ICU), u_errorName
 * gives ICU's own names, and libxlsxwriter opens. */
static void test_shims_reach_the_libraries(void **state)
{
	(void)state;
	char *nfc = NULL;
	/* "Việt" decomposed: e + combining circumflex + combining dot below. */
	assert_int_equal(text_nfc("Vie\xcc\x82\xcc\xa3t", 9, &nfc, NULL), NK_OK);
	assert_string_equal(nfc, "Vi\xe1\xbb\x87t");
	free(nfc);
	assert_string_equal(u_errorName(U_ZERO_ERROR), "U_ZERO_ERROR");
	assert_string_equal(u_errorName(U_ILLEGAL_ARGUMENT_ERROR), "U_ILLEGAL_ARGUMENT_ERROR");
	assert_int_equal(xlsx_load(NULL), NK_OK);
	text_cleanup();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_library),
		cmocka_unit_test(test_missing_symbol),
		cmocka_unit_test(test_loaded),
		cmocka_unit_test(test_shims_reach_the_libraries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
