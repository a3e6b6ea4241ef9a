/*
 * fuzz_contest_text: a fuzz target for the contest's saved state (quizzes/contest_text), which
 * every process of an event reads from the database. The bytes are loaded as a state; what
 * loads must answer every question the screens ask (standings, entries, stats, the log)
 * without reading outside what it holds, and must save to a text that loads back and saves
 * to the same bytes. Built with libFuzzer (-DNK_LIBFUZZER, clang) it fuzzes; built without,
 * the replay main runs it over the files or folders named on the command line.
 */
#include "quizzes/contest.h"

#include "core/clock.h"
#include "core/util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const struct contest *c)
{
	int n = contest_nteams(c);
	struct contest_standing *st = xcalloc((size_t)n + 1, sizeof *st);
	if (contest_standings(c, st) != (size_t)n)
		abort();
	contest_podium(c, st);
	free(st);
	for (size_t r = 0; r < contest_nrounds(c); r++)
		for (size_t i = 0; i < contest_round_questions(c, r); i++) {
			struct contest_qinfo qi;
			struct contest_stats s;
			if (contest_question_info(c, r, i, &qi) != NK_OK || !qi.id)
				abort();
			contest_question_stats(c, r, i, &s);
			for (int t = 1; t <= n; t++) {
				struct contest_entry e;
				contest_entry_get(c, r, i, t, 0, &e);
			}
		}
	for (int t = 1; t <= n; t++) {
		contest_eligible(c, t, 0);
		contest_eliminated(c, t, 0);
		contest_team_input(c, t);
	}
	contest_remaining_ms(c);
	for (size_t i = 0; i < contest_log_count(c); i++)
		if (!contest_log_at(c, i))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	int64_t now = 1000;
	struct clock clk = {clock_manual_read, &now};
	struct contest *c = NULL;
	char *err = NULL;
	if (contest_state_load(text, &clk, &c, &err) == NK_OK) {
		if (err)
			abort();
		walk(c);
		char *a = NULL, *b = NULL;
		struct contest *d = NULL;
		if (contest_state_save(c, &a) != NK_OK ||
		    contest_state_load(a, &clk, &d, NULL) != NK_OK ||
		    contest_state_save(d, &b) != NK_OK || strcmp(a, b) != 0)
			abort();
		free(a);
		free(b);
		contest_free(&d);
		contest_free(&c);
	} else if (!err || c) {
		abort();
	}
	free(err);
	free(text);
	return 0;
}

#ifndef NK_LIBFUZZER
#include "replay_main.h"
#endif
