/*
 * clock: time as an injectable dependency. State machines (quiz sessions,
 * contests, idle timers) take a `const struct clock *` so tests can drive
 * time by hand; the kiosk passes clock_system().
 */
#ifndef NK_CORE_CLOCK_H
#define NK_CORE_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct clock {
	/* Milliseconds since the Unix epoch (wall time, for records) */
	int64_t (*now_ms)(void *ctx);
	void *ctx;
};

/* The real clock (a static object, never freed). */
const struct clock *clock_system(void);

static inline int64_t clock_now_ms(const struct clock *c)
{
	return c->now_ms(c->ctx);
}

/* A manual clock for tests: reads *ctx, an int64_t the test advances. */
int64_t clock_manual_read(void *ctx);

/* Formats ms since the epoch as UTC ISO 8601 "2026-11-22T10:15:00Z". */
void clock_iso8601(int64_t ms, char out[32]);

/* A stored UTC time ("2026-11-22T10:15:00Z") as the local "2026-11-22
 * 17:15", for people; false (and the text as it is) when it is not one. */
bool clock_local_text(const char *iso, char out[32]);

#endif
