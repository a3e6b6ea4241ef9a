/* csv: see csv.h. */
#include "records/csv.h"

#include <stdbool.h>
#include <string.h>

void csv_field(const char *s, csv_sink put, void *ctx)
{
	if (!s || !s[0])
		return;
	bool inject = strchr("=+-@\t\r", s[0]) != NULL;
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		put(ctx, "\"", 1);
	if (inject)
		put(ctx, "'", 1);
	if (quote)
		for (const char *q; (q = strchr(s, '"')); s = q + 1) {
			put(ctx, s, (size_t)(q - s + 1));
			put(ctx, "\"", 1);
		}
	put(ctx, s, strlen(s));
	if (quote)
		put(ctx, "\"", 1);
}
