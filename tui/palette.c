/*
 * palette: the table. A light text on black for reading, grey buttons and key
 * bar with black text, blue for the title and the selection.
 */
#include "tui/palette.h"

const struct pal_role palette[ROLE_COUNT] = {
	[ROLE_TEXT] = {PAL_WHITE, PAL_BLACK, PAL_PLAIN, true},
	[ROLE_TITLE] = {PAL_BRIGHT + PAL_WHITE, PAL_BLUE, PAL_REVERSE, true},
	[ROLE_BAR] = {PAL_BLACK, PAL_WHITE, PAL_REVERSE, false},
	[ROLE_KEY] = {PAL_BRIGHT + PAL_WHITE, PAL_BLUE, PAL_BOLD, true},
	[ROLE_ITEM] = {PAL_BLACK, PAL_WHITE, PAL_PLAIN, false},
	[ROLE_SELECTED] = {PAL_BRIGHT + PAL_YELLOW, PAL_BLUE, PAL_REVERSE, true},
	[ROLE_DIM] = {PAL_BRIGHT + PAL_CYAN, PAL_BLACK, PAL_DIM, true},
	[ROLE_WARN] = {PAL_BRIGHT + PAL_WHITE, PAL_RED, PAL_REVERSE | PAL_BOLD, true},
	[ROLE_HEADING] = {PAL_BRIGHT + PAL_WHITE, PAL_BLACK, PAL_BOLD, true},
	[ROLE_LINK] = {PAL_BRIGHT + PAL_YELLOW, PAL_BLACK, PAL_UNDERLINE, true},
	[ROLE_FOCUS] = {PAL_BRIGHT + PAL_YELLOW, PAL_BLUE, PAL_REVERSE | PAL_UNDERLINE, true},
	[ROLE_MARK] = {PAL_BLACK, PAL_WHITE, PAL_UNDERLINE | PAL_BOLD, false},
	[ROLE_EMPH] = {PAL_WHITE, PAL_BLACK, PAL_ITALIC, true},
};
