/*
 * icu_lazy: the ICU functions the program calls, defined here with ICU's own
 * prototypes (its headers declare them, so the compiler checks every one) and
 * forwarded to libicuuc and libicui18n, opened on the first call (dynlib.h
 * says why). The sonames and the symbols' version suffix come from the same
 * headers, so they always match the ICU the program was built against.
 *
 * If ICU cannot be opened, a function that reports through a UErrorCode sets
 * U_MISSING_RESOURCE_ERROR and returns 0 or NULL, so its caller takes its usual
 * failure path (text_nfc fails with a message, numbers and dates fall back to
 * plain digits, names sort by bytes); u_errorName then says what is missing;
 * close functions have nothing to close.
 */
#include "core/dynlib.h"

#include <unicode/uclean.h>
#include <unicode/ucol.h>
#include <unicode/udat.h>
#include <unicode/unorm2.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>
#include <unicode/uvernum.h>

#include <stdio.h>

#define STR_(x) #x
#define STR(x) STR_(x)

/*
 * Every function we call. S: the last parameter is the UErrorCode *; V:
 * returns nothing; O: written out below.
 */
#define ICU_FUNCTIONS(S, V, O)                                                               \
	S(const UNormalizer2 *, unorm2_getNFCInstance, (UErrorCode * st), (st), st)          \
	S(int32_t, unorm2_normalize,                                                         \
	  (const UNormalizer2 *n, const UChar *src, int32_t len, UChar *dest, int32_t cap,   \
	   UErrorCode *st),                                                                  \
	  (n, src, len, dest, cap, st), st)                                                  \
	S(int32_t, unorm2_spanQuickCheckYes,                                                 \
	  (const UNormalizer2 *n, const UChar *s, int32_t len, UErrorCode *st),             \
	  (n, s, len, st), st)                                                               \
	S(UNormalizationCheckResult, unorm2_quickCheck,                                       \
	  (const UNormalizer2 *n, const UChar *s, int32_t len, UErrorCode *st),             \
	  (n, s, len, st), st)                                                               \
	S(UChar *, u_strFromUTF8,                                                            \
	  (UChar * dest, int32_t cap, int32_t *len, const char *src, int32_t srclen,        \
	   UErrorCode *st),                                                                  \
	  (dest, cap, len, src, srclen, st), st)                                             \
	S(char *, u_strToUTF8,                                                               \
	  (char *dest, int32_t cap, int32_t *len, const UChar *src, int32_t srclen,         \
	   UErrorCode *st),                                                                  \
	  (dest, cap, len, src, srclen, st), st)                                             \
	S(UCollator *, ucol_open, (const char *loc, UErrorCode *st), (loc, st), st)          \
	S(UCollationResult, ucol_strcollUTF8,                                                \
	  (const UCollator *c, const char *a, int32_t alen, const char *b, int32_t blen,     \
	   UErrorCode *st),                                                                  \
	  (c, a, alen, b, blen, st), st)                                                     \
	S(UDateFormat *, udat_open,                                                          \
	  (UDateFormatStyle ts, UDateFormatStyle ds, const char *loc, const UChar *tz,       \
	   int32_t tzlen, const UChar *pat, int32_t patlen, UErrorCode *st),                \
	  (ts, ds, loc, tz, tzlen, pat, patlen, st), st)                                     \
	S(int32_t, udat_format,                                                              \
	  (const UDateFormat *f, UDate d, UChar *res, int32_t cap, UFieldPosition *pos,      \
	   UErrorCode *st),                                                                  \
	  (f, d, res, cap, pos, st), st)                                                     \
	S(UNumberFormat *, unum_open,                                                        \
	  (UNumberFormatStyle style, const UChar *pat, int32_t patlen, const char *loc,     \
	   UParseError *perr, UErrorCode *st),                                               \
	  (style, pat, patlen, loc, perr, st), st)                                           \
	S(int32_t, unum_formatInt64,                                                         \
	  (const UNumberFormat *f, int64_t v, UChar *res, int32_t cap, UFieldPosition *pos,  \
	   UErrorCode *st),                                                                  \
	  (f, v, res, cap, pos, st), st)                                                     \
	S(int32_t, unum_formatDouble,                                                        \
	  (const UNumberFormat *f, double v, UChar *res, int32_t cap, UFieldPosition *pos,   \
	   UErrorCode *st),                                                                  \
	  (f, v, res, cap, pos, st), st)                                                     \
	V(unum_setAttribute, (UNumberFormat * f, UNumberFormatAttribute a, int32_t v),       \
	  (f, a, v))                                                                         \
	V(ucol_close, (UCollator * c), (c))                                                  \
	V(udat_close, (UDateFormat * f), (f))                                                \
	V(unum_close, (UNumberFormat * f), (f))                                              \
	V(u_cleanup, (void), ())                                                             \
	O(unorm2_hasBoundaryBefore)                                                          \
	O(unorm2_getCombiningClass)                                                          \
	O(u_errorName)

#define INDEX_S(ret, name, params, args, st) I_##name,
#define INDEX_V(name, params, args) I_##name,
#define INDEX_O(name) I_##name,
enum { ICU_FUNCTIONS(INDEX_S, INDEX_V, INDEX_O) NFUNCS };

#define NAME_S(ret, name, params, args, st) STR(name),
#define NAME_V(name, params, args) STR(name),
#define NAME_O(name) STR(name),
static const char *const symbols[] = {ICU_FUNCTIONS(NAME_S, NAME_V, NAME_O) NULL};

static const char *const sonames[] = {"libicuuc.so." STR(U_ICU_VERSION_MAJOR_NUM),
				      "libicui18n.so." STR(U_ICU_VERSION_MAJOR_NUM), NULL};

static void (*slots[NFUNCS])(void);
static struct dynlib icu = {sonames, symbols, slots, 0, ""};

#define DEFINE_S(ret, name, params, args, st)                                                \
	ret name params                                                                      \
	{                                                                                    \
		if (!dynlib_ready(&icu)) {                                                   \
			if (U_SUCCESS(*st))                                                  \
				*st = U_MISSING_RESOURCE_ERROR;                              \
			return (ret)0;                                                       \
		}                                                                            \
		return ((ret(*) params)slots[I_##name])args;                                \
	}
#define DEFINE_V(name, params, args)                                                         \
	void name params                                                                     \
	{                                                                                    \
		if (dynlib_ready(&icu))                                                      \
			((void(*) params)slots[I_##name]) args;                              \
	}
#define DEFINE_O(name)
ICU_FUNCTIONS(DEFINE_S, DEFINE_V, DEFINE_O)

/* Called only with a normalizer that unorm2_getNFCInstance gave, so ICU is
 * loaded; anything else is a bug. */
UBool unorm2_hasBoundaryBefore(const UNormalizer2 *n, UChar32 c)
{
	if (!dynlib_ready(&icu))
		dynlib_fatal(&icu, STR(unorm2_hasBoundaryBefore));
	return ((UBool(*)(const UNormalizer2 *, UChar32))slots[I_unorm2_hasBoundaryBefore])(n, c);
}

/* The same (test_text compares text_nfc_stable with ICU through it). */
uint8_t unorm2_getCombiningClass(const UNormalizer2 *n, UChar32 c)
{
	if (!dynlib_ready(&icu))
		dynlib_fatal(&icu, STR(unorm2_getCombiningClass));
	return ((uint8_t(*)(const UNormalizer2 *, UChar32))slots[I_unorm2_getCombiningClass])(n,
												   c);
}

/* What went wrong, also when what went wrong is that ICU is missing. */
const char *u_errorName(UErrorCode code)
{
	if (!dynlib_ready(&icu)) {
		static char why[600];
		snprintf(why, sizeof why, "ICU cannot be loaded (%s)", dynlib_error(&icu));
		return why;
	}
	return ((const char *(*)(UErrorCode))slots[I_u_errorName])(code);
}
