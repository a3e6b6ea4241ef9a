/*
 * dynlib: a shared library opened when one of its functions is first called,
 * not when the program starts.
 *
 * ICU (which brings libstdc++) and libxlsxwriter (which brings minizip and
 * libcrypto) are most of the time the dynamic loader spends before main, and
 * the kiosk's first screen needs neither. So the program does not link them:
 * core/icu_lazy.c and records/xlsx_lazy.c define the functions of theirs that
 * we call, with the libraries' own prototypes, and each forwards to the real
 * function found here. The code that calls ICU or libxlsxwriter is written as
 * if they were linked.
 *
 * A struct dynlib is a static table owned by its shim: the sonames to open (all
 * of them), the symbols to resolve, and the slots they go into. Loading happens
 * once per process under a lock, so any thread may be the first caller.
 */
#ifndef NK_CORE_DYNLIB_H
#define NK_CORE_DYNLIB_H

#include <stdatomic.h>
#include <stdbool.h>

struct dynlib {
	const char *const *sonames; /* opened in order, NULL-terminated */
	const char *const *symbols; /* looked up in every soname, NULL-terminated */
	void (**slots)(void);       /* slots[i] receives symbols[i] */
	atomic_int state;           /* 0 not tried, 1 loaded, 2 failed */
	char why[512];              /* after a failure: what is missing */
};

/* True once every soname is open and every symbol is in its slot; loads on the
 * first call. A failure is final for the process and says why in dynlib_error. */
bool dynlib_ready(struct dynlib *lib);

/* Why dynlib_ready failed, e.g. "libicuuc.so.72: cannot open shared object
 * file"; "" before a failure. */
const char *dynlib_error(const struct dynlib *lib);

/* For a symbol that the code calls only after a successful load (a close
 * function, say): prints what is missing and exits with status 70. */
_Noreturn void dynlib_fatal(const struct dynlib *lib, const char *symbol);

#endif
