/*
 * dynlib: see dynlib.h. dlopen with RTLD_NOW, so a missing symbol of the
 * library's own dependencies is found at load and not in the middle of an
 * export, and RTLD_LOCAL, so nothing it defines can replace one of ours.
 */
#include "core/dynlib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NOT_TRIED, LOADED, FAILED };

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

static int load(struct dynlib *lib)
{
	void *handles[8] = {0};
	size_t nh = 0;
	for (const char *const *so = lib->sonames; *so; so++) {
		if (nh == sizeof handles / sizeof *handles) {
			snprintf(lib->why, sizeof lib->why, "too many libraries to open");
			return FAILED;
		}
		handles[nh] = dlopen(*so, RTLD_NOW | RTLD_LOCAL);
		if (!handles[nh]) {
			const char *e = dlerror();
			snprintf(lib->why, sizeof lib->why, "%s", e ? e : *so);
			return FAILED;
		}
		nh++;
	}
	for (size_t i = 0; lib->symbols[i]; i++) {
		void *p = NULL;
		for (size_t h = 0; h < nh && !p; h++)
			p = dlsym(handles[h], lib->symbols[i]);
		if (!p) {
			snprintf(lib->why, sizeof lib->why, "%s: no function %s", lib->sonames[0],
				 lib->symbols[i]);
			return FAILED;
		}
		/* POSIX guarantees that a function's address survives the trip
		 * through void *; memcpy says so without a cast C11 forbids. */
		memcpy(&lib->slots[i], &p, sizeof p);
	}
	/* The handles stay open for the life of the process. */
	return LOADED;
}

bool dynlib_ready(struct dynlib *lib)
{
	int s = atomic_load_explicit(&lib->state, memory_order_acquire);
	if (s == NOT_TRIED) {
		pthread_mutex_lock(&load_lock);
		s = atomic_load_explicit(&lib->state, memory_order_relaxed);
		if (s == NOT_TRIED) {
			s = load(lib);
			atomic_store_explicit(&lib->state, s, memory_order_release);
		}
		pthread_mutex_unlock(&load_lock);
	}
	return s == LOADED;
}

const char *dynlib_error(const struct dynlib *lib)
{
	return lib->why;
}

_Noreturn void dynlib_fatal(const struct dynlib *lib, const char *symbol)
{
	fprintf(stderr, "ntmkiosk: cannot call %s: %s\n", symbol,
		lib->why[0] ? lib->why : "its library is not loaded");
	exit(70);
}
