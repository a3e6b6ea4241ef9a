/*
 * people: telling one person from one save. A participant row is a save (a
 * visitor who agreed to leave a name, once); the same person saving again,
 * at this kiosk or another, is the same person. The key is computed the same
 * way on every machine, stored with the save (participants.person_key) and
 * travels with it, so counts agree after any merge and on the national
 * server. It is a hash, so a purge that removes the name keeps the count.
 *
 * How it decides (the report says so too):
 *   - a phone number with at least 9 digits (spaces, dots and a leading +84
 *     or 84 ignored) is the person: "p" and a hash of the digits;
 *   - otherwise the name folded as search folds it (case, marks, đ/d,
 *     spaces) with the birth year and the folded village: "n" and a hash;
 *   - with neither, no key: the save counts as a person of its own.
 */
#ifndef NK_RECORDS_PEOPLE_H
#define NK_RECORDS_PEOPLE_H

#include <sqlite3.h>
#include <stdbool.h>

/* s folded (text_fold), with runs of spaces made one and none at the ends:
 * "Phình  Hồ", "phình hồ" and "Phinh Ho" are all "phinh ho". Malloc'd. */
char *fold_words(const char *s);

#define PERSON_KEY_SIZE 18 /* "p" or "n", 16 hex digits, NUL */

/* Fills out and returns true, or returns false when there is nothing to
 * tell the person by. */
bool person_key(const char *name, int birth_year, const char *village, const char *phone,
		char out[PERSON_KEY_SIZE]);

/* A Vietnamese phone number as people write it (0912 345 678, +84 912345678, 0203 3812
 * 345): true when it is a mobile number (0 and 9 digits, starting 03, 05, 07, 08 or 09) or a
 * landline (02 and 9 more digits); out gets it as 10 or 11 digits from the 0. What the
 * forms accept; person_key, which must also read older saves, is more lenient. */
bool phone_vn_ok(const char *phone, char out[16]);

/* Registers nk_person_key(name, birth_year, village, phone) on h, for saves
 * made before keys were stored (it gives NULL where person_key would give
 * false). Returns an SQLite code. */
int person_key_register(sqlite3 *h);

#endif
