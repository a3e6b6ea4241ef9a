/*
 * clock: the system clock behind the injectable interface, and the one
 * timestamp format we store (UTC ISO 8601, sortable as text in SQLite).
 */
#include "core/clock.h"

#include <stdio.h>
#include <time.h>

static int64_t system_now(void *ctx)
{
	(void)ctx;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const struct clock system_clock = {system_now, NULL};

const struct clock *clock_system(void)
{
	return &system_clock;
}

int64_t clock_manual_read(void *ctx)
{
	return *(const int64_t *)ctx;
}

void clock_iso8601(int64_t ms, char out[32])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool clock_local_text(const char *iso, char out[32])
{
	struct tm t = {0}, lt;
	int used = 0;
	bool ok = iso && sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &t.tm_year, &t.tm_mon,
				&t.tm_mday, &t.tm_hour, &t.tm_min, &t.tm_sec, &used) == 6 &&
		  iso[used] == '\0';
	t.tm_year -= 1900;
	t.tm_mon -= 1;
	time_t secs = ok ? timegm(&t) : (time_t)-1;
	if (secs != (time_t)-1 && localtime_r(&secs, &lt) &&
	    strftime(out, 32, "%Y-%m-%d %H:%M", &lt))
		return true;
	snprintf(out, 32, "%.31s", iso ? iso : "");
	return false;
}
