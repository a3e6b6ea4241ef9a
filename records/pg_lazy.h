/*
 * pg_lazy: libpq, opened on first use (records/pg_lazy.c). Call
 * pg_lazy_load before any libpq function: it fails with a message naming
 * the library when it is not installed.
 */
#ifndef NK_RECORDS_PG_LAZY_H
#define NK_RECORDS_PG_LAZY_H

int pg_lazy_load(char **err);

#endif
