/*
 * officer: PIN hashing and checking with the lockout, and the officer log.
 * The lockout state lives in meta, so restarting the kiosk does not reset it.
 */
#include "records/officer.h"
#include "records/export.h"

#include "content/articles.h"
#include "core/i18n.h"
#include "core/util.h"

#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool digits(const char *s)
{
	size_t n = strlen(s);
	if (n < PIN_MIN || n > PIN_MAX)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int officer_log(struct db *db, const struct clock *clk, const char *event, const char *detail,
		char **err)
{
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	char uuid[37], when[32];
	util_uuid(uuid);
	clock_iso8601(clock_now_ms(clk), when);
	if (sqlite3_prepare_v2(h,
			       "INSERT INTO officer_log(uuid, kiosk_id, at, event, detail) "
			       "VALUES (?1, ?2, ?3, ?4, ?5)",
			       -1, &st, NULL) != SQLITE_OK)
		return err_set(err, db_errcode(sqlite3_errcode(h)), "log: %s", sqlite3_errmsg(h));
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, db_kiosk_id(db), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, when, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, event, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, detail, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		return err_set(err, db_errcode(s), "log: %s", sqlite3_errmsg(h));
	return NK_OK;
}

int pin_set(struct db *db, const struct clock *clk, const char *pin, char **err)
{
	if (!digits(pin))
		return err_set(err, NK_EINVAL, "the PIN must be %d to %d digits", PIN_MIN, PIN_MAX);
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	if (!crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof salt))
		return err_set(err, NK_EFAIL, "cannot make a yescrypt salt");
	struct crypt_data *cd = xcalloc(1, sizeof *cd);
	const char *hash = crypt_rn(pin, salt, cd, sizeof *cd);
	if (!hash || hash[0] == '*') {
		free(cd);
		return err_set(err, NK_EFAIL, "yescrypt is not available");
	}
	int rc = db_begin(db, err);
	if (rc == NK_OK)
		rc = db_meta_set(db, "pin_hash", hash, err);
	if (rc == NK_OK)
		rc = db_meta_set(db, "pin_failures", "0", err);
	if (rc == NK_OK)
		rc = db_meta_set(db, "pin_locked_until", "0", err);
	if (rc == NK_OK)
		rc = officer_log(db, clk, "pin-set", NULL, err);
	if (rc == NK_OK)
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	explicit_bzero(cd, sizeof *cd);
	free(cd);
	return rc;
}

bool pin_is_set(struct db *db)
{
	char *v = NULL;
	bool set = db_meta_get(db, "pin_hash", &v, NULL) == NK_OK && v[0] == '$';
	free(v);
	return set;
}

static int64_t meta_int(struct db *db, const char *key)
{
	char *v = NULL;
	int64_t n = 0;
	if (db_meta_get(db, key, &v, NULL) == NK_OK)
		n = strtoll(v, NULL, 10);
	free(v);
	return n;
}

static int meta_int_set(struct db *db, const char *key, int64_t n, char **err)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", (long long)n);
	return db_meta_set(db, key, buf, err);
}

int pin_check(struct db *db, const struct clock *clk, const char *pin, enum pin_result *res,
	      int64_t *wait_ms, char **err)
{
	int64_t now = clock_now_ms(clk);
	int64_t until = meta_int(db, "pin_locked_until");
	*wait_ms = 0;
	if (until > now) {
		/* The PIN is not even looked at, but the try is written down:
		 * someone guessing through the lockout shows in the log. */
		*res = PIN_LOCKED;
		*wait_ms = until - now;
		char detail[64];
		snprintf(detail, sizeof detail, "locked %lld s more",
			 (long long)((until - now + 999) / 1000));
		return officer_log(db, clk, "pin-locked-try", detail, err);
	}
	char *hash = NULL;
	if (db_meta_get(db, "pin_hash", &hash, NULL) != NK_OK) {
		free(hash);
		return err_set(err, NK_ENOENT, "no PIN is set");
	}
	struct crypt_data *cd = xcalloc(1, sizeof *cd);
	const char *got = digits(pin) ? crypt_rn(pin, hash, cd, sizeof *cd) : NULL;
	bool ok = got && got[0] != '*' && strcmp(got, hash) == 0;
	explicit_bzero(cd, sizeof *cd);
	free(cd);
	free(hash);
	int64_t failures = ok ? 0 : meta_int(db, "pin_failures") + 1;
	int rc = db_begin(db, err);
	if (rc)
		return rc;
	rc = meta_int_set(db, "pin_failures", failures, err);
	if (rc == NK_OK && failures >= PIN_FREE_TRIES) {
		/* 30 s after the fifth wrong PIN, then 60, 120 … capped at a day. */
		int64_t delay = PIN_FIRST_LOCK_MS;
		for (int64_t i = PIN_FREE_TRIES; i < failures && delay < 86400000; i++)
			delay *= 2;
		if (delay > 86400000)
			delay = 86400000;
		rc = meta_int_set(db, "pin_locked_until", now + delay, err);
		*wait_ms = delay;
		if (rc == NK_OK) {
			char detail[64];
			snprintf(detail, sizeof detail, "%lld failures, locked %lld s",
				 (long long)failures, (long long)(delay / 1000));
			rc = officer_log(db, clk, "pin-locked", detail, err);
		}
	} else if (rc == NK_OK) {
		rc = officer_log(db, clk, ok ? "pin-ok" : "pin-wrong", NULL, err);
	}
	if (rc == NK_OK)
		rc = db_commit(db, err);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	*res = ok ? PIN_OK : failures >= PIN_FREE_TRIES ? PIN_LOCKED : PIN_WRONG;
	return NK_OK;
}

const struct setting kiosk_settings[] = {
	{"kiosk_name", N_("Kiosk name"), "", false},
	{"commune", N_("Commune"), "", false},
	{"district", N_("District (before 1/7/2025)"), "", false},
	{"province", N_("Province"), "", false},
	{"default_lang", N_("Default language (vi, hmn, ium)"), "vi", false},
	{"idle_timeout_s", N_("Idle time before the picker returns (seconds)"), "120", true},
	{"quiz_time_limit_s", N_("Time per quiz question (seconds, 0 = none)"), "0", true},
	{"retention_months", N_("Keep personal data (months)"), "24", true},
	{"anonymize_k", N_("Smallest group shown in anonymized exports"), NK_STR(EXPORT_K_MIN), true},
	{CONTENT_MAX_KEY, N_("Largest article file to import (MB)"), NK_STR(CONTENT_MAX_MB), true},
};
const size_t kiosk_nsettings = NK_ARRAY_LEN(kiosk_settings);

char *setting_get(struct db *db, const char *key)
{
	char *v = NULL;
	if (db_meta_get(db, key, &v, NULL) == NK_OK)
		return v;
	free(v);
	for (size_t i = 0; i < kiosk_nsettings; i++)
		if (strcmp(kiosk_settings[i].key, key) == 0)
			return xstrdup(kiosk_settings[i].fallback);
	return xstrdup("");
}

int settings_save(struct db *db, const struct clock *clk, const char *const *values, char **err)
{
	for (size_t i = 0; i < kiosk_nsettings; i++) {
		if (!kiosk_settings[i].number)
			continue;
		const char *v = values[i];
		if (!*v || strspn(v, "0123456789") != strlen(v) || strlen(v) > 7)
			return err_set(err, NK_EINVAL, "%s: '%s' is not a number",
				       kiosk_settings[i].key, v);
	}
	int rc = db_begin(db, err);
	for (size_t i = 0; rc == NK_OK && i < kiosk_nsettings; i++)
		rc = db_meta_set(db, kiosk_settings[i].key, values[i], err);
	if (rc == NK_OK) {
		sqlite3 *h = db_sqlite(db);
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(h,
				       "UPDATE kiosks SET name = ?2, commune = ?3, district = ?4, "
				       "province = ?5 WHERE kiosk_id = ?1",
				       -1, &st, NULL) != SQLITE_OK) {
			rc = err_set(err, db_errcode(sqlite3_errcode(h)), "settings: %s",
				     sqlite3_errmsg(h));
		} else {
			sqlite3_bind_text(st, 1, db_kiosk_id(db), -1, SQLITE_STATIC);
			for (int k = 0; k < 4; k++)
				sqlite3_bind_text(st, k + 2, values[k], -1, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = err_set(err, db_errcode(sqlite3_errcode(h)), "settings: %s",
					     sqlite3_errmsg(h));
			sqlite3_finalize(st);
		}
	}
	if (rc == NK_OK)
		rc = officer_log(db, clk, "settings", NULL, err);
	if (rc == NK_OK)
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	return rc;
}
