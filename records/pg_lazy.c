/*
 * pg_lazy: the libpq functions records/pg calls, defined here with libpq's
 * own prototypes (its header declares them, so the compiler checks every
 * one) and forwarded to the library, opened by pg_lazy_load. libpq brings
 * libssl, libcrypto, GSSAPI and LDAP: a kiosk never talks to a server, so
 * the program does not pay for loading them at start (core/dynlib.h). The
 * soname is the one the build found (config.h).
 */
#include "records/pg_lazy.h"

#include "config.h"
#include "core/dynlib.h"
#include "core/util.h"

#include <libpq-fe.h>

/* R: returns something; V: returns nothing. */
#define PQ_FUNCTIONS(R, V)                                                                   \
	R(PGconn *, PQconnectdb, (const char *conninfo), (conninfo))                         \
	R(ConnStatusType, PQstatus, (const PGconn *c), (c))                                  \
	V(PQfinish, (PGconn * c), (c))                                                       \
	R(char *, PQerrorMessage, (const PGconn *c), (c))                                    \
	R(PGresult *, PQexec, (PGconn * c, const char *q), (c, q))                           \
	R(PGresult *, PQexecParams,                                                          \
	  (PGconn * c, const char *q, int n, const Oid *types, const char *const *values,   \
	   const int *lengths, const int *formats, int rformat),                             \
	  (c, q, n, types, values, lengths, formats, rformat))                               \
	R(int, PQsendQueryParams,                                                            \
	  (PGconn * c, const char *q, int n, const Oid *types, const char *const *values,   \
	   const int *lengths, const int *formats, int rformat),                             \
	  (c, q, n, types, values, lengths, formats, rformat))                               \
	R(int, PQsetSingleRowMode, (PGconn * c), (c))                                        \
	R(PGresult *, PQgetResult, (PGconn * c), (c))                                        \
	R(ExecStatusType, PQresultStatus, (const PGresult *r), (r))                          \
	V(PQclear, (PGresult * r), (r))                                                      \
	R(int, PQntuples, (const PGresult *r), (r))                                          \
	R(char *, PQgetvalue, (const PGresult *r, int row, int col), (r, row, col))         \
	R(int, PQgetisnull, (const PGresult *r, int row, int col), (r, row, col))           \
	R(char *, PQcmdTuples, (PGresult * r), (r))                                          \
	R(int, PQputCopyData, (PGconn * c, const char *b, int n), (c, b, n))                 \
	R(int, PQputCopyEnd, (PGconn * c, const char *e), (c, e))

#define INDEX_R(ret, name, params, args) I_##name,
#define INDEX_V(name, params, args) I_##name,
enum { PQ_FUNCTIONS(INDEX_R, INDEX_V) NFUNCS };

#define NAME_R(ret, name, params, args) #name,
#define NAME_V(name, params, args) #name,
static const char *const symbols[] = {PQ_FUNCTIONS(NAME_R, NAME_V) NULL};
static const char *const sonames[] = {NK_PQ_SONAME, NULL};
static void (*slots[NFUNCS])(void);
static struct dynlib pq = {sonames, symbols, slots, 0, ""};

int pg_lazy_load(char **err)
{
	if (dynlib_ready(&pq))
		return NK_OK;
	return err_set(err, NK_EFAIL, "PostgreSQL needs %s: %s", NK_PQ_SONAME,
		       dynlib_error(&pq));
}

#define DEFINE_R(ret, name, params, args)                                                    \
	ret name params                                                                      \
	{                                                                                    \
		if (!dynlib_ready(&pq))                                                      \
			dynlib_fatal(&pq, #name);                                            \
		return ((ret(*) params)slots[I_##name])args;                                \
	}
#define DEFINE_V(name, params, args)                                                         \
	void name params                                                                     \
	{                                                                                    \
		if (!dynlib_ready(&pq))                                                      \
			dynlib_fatal(&pq, #name);                                            \
		((void(*) params)slots[I_##name]) args;                                      \
	}
PQ_FUNCTIONS(DEFINE_R, DEFINE_V)
