/*
 * term: the only code that talks to the terminal (ncursesw). It turns keys,
 * clicks and resizes into ui actions and draws grids; it holds no layout or
 * screen logic.
 */
#ifndef NK_TUI_TERM_H
#define NK_TUI_TERM_H

#include "tui/ui.h"

/* Runs the ui on the controlling terminal until it quits or input ends.
 * Returns 0, or a negative code with a message when the terminal cannot be
 * used. */
int term_run(struct ui *ui, char **err);

#endif
