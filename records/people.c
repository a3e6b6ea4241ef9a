/*
 * people: the key that tells one person from one save (people.h).
 */
#include "records/people.h"

#include "core/text.h"
#include "core/util.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a, 64 bits: stable across machines and versions, which is all the
 * key needs; it is not meant to hide the name from anyone who has it. */
static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		h ^= *p;
		h *= UINT64_C(1099511628211);
	}
	return h;
}

#define FNV_BASIS UINT64_C(14695981039346656037)

char *fold_words(const char *s)
{
	char *f = text_fold(s, strlen(s));
	if (!f)
		return NULL;
	char *o = f;
	bool space = false;
	for (const char *p = f; *p; p++) {
		if (isspace((unsigned char)*p)) {
			space = o != f;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = false;
		*o++ = *p;
	}
	*o = '\0';
	return f;
}

bool person_key(const char *name, int birth_year, const char *village, const char *phone,
		char out[PERSON_KEY_SIZE])
{
	char digits[32];
	size_t nd = 0;
	for (const char *p = phone ? phone : ""; *p && nd + 1 < sizeof digits; p++)
		if (*p >= '0' && *p <= '9')
			digits[nd++] = *p;
	digits[nd] = '\0';
	const char *d = digits;
	char local[32];
	if (nd >= 11 && strncmp(digits, "84", 2) == 0) {
		/* +84 912 345 678 is 0912 345 678 */
		snprintf(local, sizeof local, "0%s", digits + 2);
		d = local;
	}
	if (strlen(d) >= 9) {
		snprintf(out, PERSON_KEY_SIZE, "p%016llx", (unsigned long long)fnv1a(FNV_BASIS, d));
		return true;
	}
	char *n = name ? fold_words(name) : NULL;
	if (!n || !n[0]) {
		free(n);
		return false;
	}
	char *v = village ? fold_words(village) : NULL;
	char year[16];
	snprintf(year, sizeof year, "|%d|", birth_year > 0 ? birth_year : 0);
	uint64_t h = fnv1a(fnv1a(fnv1a(FNV_BASIS, n), year), v ? v : "");
	snprintf(out, PERSON_KEY_SIZE, "n%016llx", (unsigned long long)h);
	free(n);
	free(v);
	return true;
}

bool phone_vn_ok(const char *phone, char out[16])
{
	char d[16];
	size_t n = 0;
	const char *p = phone;
	if (p[0] == '+') {
		if (p[1] != '8' || p[2] != '4')
			return false;
		p += 3;
		d[n++] = '0';
	}
	for (; *p; p++) {
		if (*p == ' ' || *p == '.' || *p == '-')
			continue;
		if (*p < '0' || *p > '9' || n + 1 >= sizeof d)
			return false;
		d[n++] = *p;
	}
	d[n] = '\0';
	bool mobile = n == 10 && d[0] == '0' && strchr("35789", d[1]) != NULL;
	bool landline = n == 11 && d[0] == '0' && d[1] == '2';
	if (!mobile && !landline)
		return false;
	memcpy(out, d, n + 1);
	return true;
}

static void sql_person_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	char key[PERSON_KEY_SIZE];
	if (person_key((const char *)sqlite3_value_text(argv[0]), sqlite3_value_int(argv[1]),
		       (const char *)sqlite3_value_text(argv[2]),
		       (const char *)sqlite3_value_text(argv[3]), key))
		sqlite3_result_text(ctx, key, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(ctx);
}

int person_key_register(sqlite3 *h)
{
	return sqlite3_create_function(h, "nk_person_key", 4,
				       SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
				       sql_person_key, NULL, NULL);
}
