/*
 * ethnic: the 54 ethnic groups of Vietnam (the General Statistics Office's
 * list), in its order, each with the code records store (ASCII, stable:
 * kinh, mong, dao, tay, nung, thai as before, and one for each other group),
 * a label for reports (an N_() msgid: the English spelling, translated to
 * the Vietnamese name in vi) and the Vietnamese name people search by.
 * "other" is not a group of the list: records keep it for a group not
 * named. Terminal-free, no database.
 */
#ifndef NK_CORE_ETHNIC_H
#define NK_CORE_ETHNIC_H

#include <stddef.h>

#define ETHNIC_COUNT 54

struct ethnic {
	const char *code;  /* "mong" */
	const char *label; /* N_("Hmong") */
	const char *name;  /* "Mông", the Vietnamese name */
};

/* The i-th group of the list (i < ETHNIC_COUNT). */
const struct ethnic *ethnic_at(size_t i);
/* The group stored as code, or NULL. */
const struct ethnic *ethnic_find(const char *code);

/*
 * The groups whose Vietnamese name or label matches query, folded (case,
 * tone marks and spaces do not count: "e de", "Ê Đê" and "ede" find Ê Đê):
 * a prefix of the name, of one of its words, or of the label. An empty
 * query matches all. The ncommon groups of common (codes; a commune's most
 * common ones, in its order) come first, then the rest in the list's
 * order. Writes indexes into out (room for ETHNIC_COUNT); returns how many.
 */
size_t ethnic_search(const char *query, const char *const *common, size_t ncommon,
		     size_t out[ETHNIC_COUNT]);

#endif
