/* Tests for core/ethnic: the 54 groups with unique codes (the six the
 * report always had among them), and the search the registration form
 * uses: folded, by name, word or label, the commune's common groups first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/ethnic.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

/* The names found, "A|B|..." (caller frees). */
static char *found(const char *q, const char *const *common, size_t ncommon)
{
	size_t idx[ETHNIC_COUNT];
	size_t n = ethnic_search(q, common, ncommon, idx);
	char *t = xstrdup("");
	for (size_t i = 0; i < n; i++) {
		char *u = xasprintf("%s%s|", t, ethnic_at(idx[i])->name);
		free(t);
		t = u;
	}
	return t;
}

static void expect_found(const char *q, const char *const *common, size_t ncommon,
			 const char *want)
{
	char *t = found(q, common, ncommon);
	assert_string_equal(t, want);
	free(t);
}

static void test_list(void **state)
{
	(void)state;
	for (size_t i = 0; i < ETHNIC_COUNT; i++) {
		const struct ethnic *e = ethnic_at(i);
		assert_non_null(e);
		assert_ptr_equal(ethnic_find(e->code), e);
		for (const char *p = e->code; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') || *p == '-');
	}
	assert_null(ethnic_at(ETHNIC_COUNT));
	/* The codes stored before keep their meaning. */
	const char *old[] = {"kinh", "mong", "dao", "tay", "nung", "thai"};
	const char *names[] = {"Kinh", "Mông", "Dao", "Tày", "Nùng", "Thái"};
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(ethnic_find(old[i])->name, names[i]);
	assert_null(ethnic_find("other"));
	assert_null(ethnic_find(NULL));
	assert_string_equal(ethnic_at(0)->name, "Kinh");
	assert_string_equal(ethnic_at(53)->name, "Ơ Đu");
}

static void test_search(void **state)
{
	(void)state;
	expect_found("ede", NULL, 0, "Ê Đê|");
	expect_found("Ê  Đê", NULL, 0, "Ê Đê|");
	/* A word inside the name, a label in English. */
	expect_found("kieu", NULL, 0, "Bru - Vân Kiều|");
	expect_found("hmong", NULL, 0, "Mông|");
	expect_found("la", NULL, 0, "Lào|La Chí|Phù Lá|La Hủ|La Ha|Cờ Lao|Si La|");
	/* The commune's common groups first, in its order; an unknown code and
	 * a group the query does not match are left out. */
	const char *common[] = {"dao", "mong", "nope", "kinh"};
	char *t = found("", common, 4);
	assert_non_null(strstr(t, "Dao|Mông|Kinh|Tày|Thái|Mường|"));
	assert_ptr_equal(strstr(t, "Dao|"), t);
	free(t);
	expect_found("m", common, 4, "Mông|Mường|Mnông|Khơ Mú|Mạ|Xinh Mun|Mảng|Rơ Măm|");
	expect_found("xyz", common, 4, "");
	size_t idx[ETHNIC_COUNT];
	assert_int_equal(ethnic_search(NULL, NULL, 0, idx), ETHNIC_COUNT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_search),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
