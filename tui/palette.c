/*
 * palette: the table. A light text on black for reading, grey buttons and key
 * bar with black text, blue for the title and the selection.
 */
#include "tui/palette.h"

const struct pal_role palette[ROLE_COUNT] = {
	[ROLE_TEXT] = {PAL_WHITE, PAL_BLACK, true},
	[ROLE_TITLE] = {PAL_BRIGHT + PAL_WHITE, PAL_BLUE, true},
	[ROLE_BAR] = {PAL_BLACK, PAL_WHITE, false},
	[ROLE_KEY] = {PAL_BRIGHT + PAL_WHITE, PAL_BLUE, true},
	[ROLE_ITEM] = {PAL_BLACK, PAL_WHITE, false},
	[ROLE_SELECTED] = {PAL_BRIGHT + PAL_YELLOW, PAL_BLUE, true},
	[ROLE_DIM] = {PAL_BRIGHT + PAL_CYAN, PAL_BLACK, true},
	[ROLE_WARN] = {PAL_BRIGHT + PAL_WHITE, PAL_RED, true},
	[ROLE_HEADING] = {PAL_BRIGHT + PAL_WHITE, PAL_BLACK, true},
	[ROLE_LINK] = {PAL_BRIGHT + PAL_YELLOW, PAL_BLACK, true},
	[ROLE_FOCUS] = {PAL_BRIGHT + PAL_YELLOW, PAL_BLUE, true},
	[ROLE_MARK] = {PAL_BLACK, PAL_WHITE, false},
	[ROLE_EMPH] = {PAL_WHITE, PAL_BLACK, true},
};
