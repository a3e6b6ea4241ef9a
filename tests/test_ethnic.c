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
	char *t = found("ede", NULL, 0);
	assert_string_equal(t, "Ê Đê|");
	free(t);
	t = found("Ê  Đê", NULL, 0);
	assert_string_equal(t, "Ê Đê|");
	free(t);
	/* A word inside the name, a label in English. */
	t = found("kieu", NULL, 0);
	assert_string_equal(t, "Bru - Vân Kiều|");
	free(t);
	t = found("hmong", NULL, 0);
	assert_string_equal(t, "Mông|");
	free(t);
	t = found("la", NULL, 0);
	assert_string_equal(t, "Lào|La Chí|Phù Lá|La Hủ|La Ha|Cờ Lao|Si La|");
	free(t);
	/* The commune's common groups first, in its order; an unknown code and
	 * a group the query does not match are left out. */
	const char *common[] = {"dao", "mong", "nope", "kinh"};
	t = found("", common, 4);
	assert_non_null(strstr(t, "Dao|Mông|Kinh|Tày|Thái|Mường|"));
	assert_int_equal(strstr(t, "Dao|"), t);
	free(t);
	t = found("m", common, 4);
	assert_string_equal(t, "Mông|Mường|Mnông|Khơ Mú|Mạ|Xinh Mun|Mảng|Rơ Măm|");
	free(t);
	t = found("xyz", common, 4);
	assert_string_equal(t, "");
	free(t);
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
