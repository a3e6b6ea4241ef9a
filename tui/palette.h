/*
 * palette: the colour of every role, as numbers of the 16 ANSI colours, kept
 * apart from the curses back-end so a test can compute each role's contrast on
 * the palettes of real terminals. It is not a theme engine: there is one
 * palette, chosen so that text meets WCAG's 4.5:1 on the Linux console's VGA
 * colours and on xterm's and VTE's defaults (tests/test_palette.c).
 *
 * Backgrounds use only the first eight colours (the Linux console has no
 * others); a foreground of 8-15 (bright) is drawn as its colour on a terminal
 * with 16 colours and as bold of the dark one on a terminal with 8, where bold
 * is what makes it bright. Every role sets both colours: the terminal's own
 * default colours are unknown and may not contrast with ours.
 */
#ifndef NK_TUI_PALETTE_H
#define NK_TUI_PALETTE_H

#include "tui/grid.h"

#include <stdbool.h>

enum pal_colour {
	PAL_BLACK,
	PAL_RED,
	PAL_GREEN,
	PAL_YELLOW,
	PAL_BLUE,
	PAL_MAGENTA,
	PAL_CYAN,
	PAL_WHITE, /* light grey on most terminals */
	PAL_BRIGHT /* added to one of the above: its bright form */
};

/* Without colours (a monochrome terminal, NO_COLOR), roles are told apart by
 * attributes. */
enum pal_mono {
	PAL_PLAIN = 0,
	PAL_REVERSE = 1,
	PAL_BOLD = 2,
	PAL_UNDERLINE = 4,
	PAL_DIM = 8,
	PAL_ITALIC = 16,
};

struct pal_role {
	unsigned char fg, bg; /* enum pal_colour; bg < PAL_BRIGHT */
	unsigned char mono;   /* enum pal_mono flags */
	/* A cell of this role may be bold. Terminals may show bold as the bright
	 * form of the colour (the console, xterm), so a dark foreground that is
	 * readable only when not bright (black on grey) is never bold. */
	bool bold;
};

extern const struct pal_role palette[ROLE_COUNT];

#endif
