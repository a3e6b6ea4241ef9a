/*
 * qtype: the table of question types. Playability is a property of the type,
 * decided once here: the kiosk has answer keys, not a text box.
 */
#include "quizzes/qtype.h"

#include "core/util.h"

#include <string.h>

static const struct qtype_info types[] = {
	{QTYPE_SINGLE, "single", true},
	{QTYPE_MULTI, "multi", true},
	{QTYPE_TRUEFALSE, "truefalse", true},
	{QTYPE_SHORT, "short", false},
	{QTYPE_MATCHING, "matching", false},
	{QTYPE_NUMERICAL, "numerical", false},
	{QTYPE_ESSAY, "essay", false},
	{QTYPE_DESCRIPTION, "description", false},
};

const struct qtype_info *qtype_info(enum qtype t)
{
	for (size_t i = 0; i < NK_ARRAY_LEN(types); i++)
		if (types[i].type == t)
			return &types[i];
	return NULL;
}

const struct qtype_info *qtype_by_id(const char *id)
{
	for (size_t i = 0; i < NK_ARRAY_LEN(types); i++)
		if (strcmp(types[i].id, id) == 0)
			return &types[i];
	return NULL;
}
