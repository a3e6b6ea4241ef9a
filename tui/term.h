/*
 * term: the only code that talks to the terminal (ncursesw). It turns keys,
 * clicks and resizes into ui actions and draws grids; it holds no layout or
 * screen logic.
 */
#ifndef NK_TUI_TERM_H
#define NK_TUI_TERM_H

#include "tui/ui.h"

#include <stdbool.h>

/* Runs the ui on the controlling terminal until it quits, input ends, or a
 * hang-up or termination signal arrives (all end cleanly). In kiosk mode
 * the keys that would interrupt, suspend or quit (Ctrl-C, Ctrl-Z, Ctrl-\)
 * do nothing: only officer mode leaves. Returns 0, or a negative code with
 * a message when the terminal cannot be used. */
int term_run(struct ui *ui, bool kiosk, char **err);

#endif
