/*
 * officer: the officer PIN and the officer log. The PIN is kept only as a
 * yescrypt hash (libcrypt) in the database; wrong PINs are counted, and
 * from the fifth one in a row the prompt is locked for a delay that doubles
 * with each further failure. Every failure, lock and success is logged.
 * This module decides; the TUI only asks and shows.
 */
#ifndef NK_RECORDS_OFFICER_H
#define NK_RECORDS_OFFICER_H

#include "core/clock.h"
#include "core/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PIN_MIN 4
#define PIN_MAX 12
#define PIN_FREE_TRIES 5
#define PIN_FIRST_LOCK_MS 30000

/* Sets the PIN (PIN_MIN..PIN_MAX digits). */
int pin_set(struct db *db, const struct clock *clk, const char *pin, char **err);
bool pin_is_set(struct db *db);

enum pin_result { PIN_OK, PIN_WRONG, PIN_LOCKED };

/* Checks a PIN. PIN_LOCKED (and *wait_ms, the time left) while a lock holds,
 * whatever was typed. */
int pin_check(struct db *db, const struct clock *clk, const char *pin, enum pin_result *res,
	      int64_t *wait_ms, char **err);

/* Appends an event to the officer log (detail may be NULL). */
int officer_log(struct db *db, const struct clock *clk, const char *event, const char *detail,
		char **err);

/* The kiosk's settings, as officers edit them. Values are kept in meta; the
 * names also go into this kiosk's row of `kiosks`, so merged databases know
 * which commune each record came from. */
struct setting {
	const char *key;     /* meta key */
	const char *label;   /* msgid */
	const char *fallback;/* when unset */
	bool number;
};
extern const struct setting kiosk_settings[];
extern const size_t kiosk_nsettings;

/* The value of a setting (malloc'd; the fallback when unset). */
char *setting_get(struct db *db, const char *key);
/* Saves values[i] for kiosk_settings[i], all in one transaction. */
int settings_save(struct db *db, const struct clock *clk, const char *const *values, char **err);

#endif
