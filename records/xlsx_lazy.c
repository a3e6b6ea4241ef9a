/*
 * xlsx_lazy: the libxlsxwriter functions the program calls, defined here with
 * the library's own prototypes (its header declares them, so the compiler
 * checks every one) and forwarded to the library, opened by xlsx_load or the
 * first workbook_new. The soname is the one the build found (config.h).
 *
 * Only workbook_new and workbook_new_opt can be reached without the library:
 * they return NULL, as they do when the file cannot be made. Every other
 * function takes something they returned.
 */
#include "records/xlsx.h"

#include "config.h"
#include "core/dynlib.h"
#include "core/safefile.h"
#include "core/util.h"

#include <xlsxwriter.h>

/* R: returns something; V: returns nothing; O: written out below. */
#define XLSX_FUNCTIONS(R, V, O)                                                              \
	O(workbook_new)                                                                      \
	O(workbook_new_opt)                                                                  \
	R(lxw_worksheet *, workbook_add_worksheet, (lxw_workbook * wb, const char *name),    \
	  (wb, name))                                                                        \
	R(lxw_format *, workbook_add_format, (lxw_workbook * wb), (wb))                      \
	R(lxw_chart *, workbook_add_chart, (lxw_workbook * wb, uint8_t type), (wb, type))    \
	R(lxw_error, workbook_close, (lxw_workbook * wb), (wb))                              \
	R(char *, lxw_strerror, (lxw_error e), (e))                                          \
	R(lxw_error, worksheet_write_string,                                                 \
	  (lxw_worksheet * ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f),      \
	  (ws, r, c, s, f))                                                                  \
	R(lxw_error, worksheet_write_number,                                                 \
	  (lxw_worksheet * ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f),           \
	  (ws, r, c, v, f))                                                                  \
	R(lxw_error, worksheet_write_boolean,                                                \
	  (lxw_worksheet * ws, lxw_row_t r, lxw_col_t c, int v, lxw_format *f),              \
	  (ws, r, c, v, f))                                                                  \
	R(lxw_error, worksheet_write_datetime,                                               \
	  (lxw_worksheet * ws, lxw_row_t r, lxw_col_t c, lxw_datetime *d, lxw_format *f),    \
	  (ws, r, c, d, f))                                                                  \
	R(lxw_error, worksheet_set_column,                                                   \
	  (lxw_worksheet * ws, lxw_col_t first, lxw_col_t last, double width,                \
	   lxw_format *f),                                                                   \
	  (ws, first, last, width, f))                                                       \
	R(lxw_error, worksheet_autofilter,                                                   \
	  (lxw_worksheet * ws, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2, lxw_col_t c2),      \
	  (ws, r1, c1, r2, c2))                                                              \
	R(lxw_error, worksheet_insert_chart_opt,                                             \
	  (lxw_worksheet * ws, lxw_row_t r, lxw_col_t c, lxw_chart *ch,                      \
	   lxw_chart_options *o),                                                            \
	  (ws, r, c, ch, o))                                                                 \
	V(worksheet_freeze_panes, (lxw_worksheet * ws, lxw_row_t r, lxw_col_t c), (ws, r, c)) \
	V(format_set_bold, (lxw_format * f), (f))                                            \
	V(format_set_bottom, (lxw_format * f, uint8_t style), (f, style))                    \
	V(format_set_font_size, (lxw_format * f, double size), (f, size))                    \
	V(format_set_num_format, (lxw_format * f, const char *fmt), (f, fmt))                \
	V(format_set_text_wrap, (lxw_format * f), (f))                                       \
	R(lxw_chart_series *, chart_add_series,                                              \
	  (lxw_chart * ch, const char *categories, const char *values),                      \
	  (ch, categories, values))                                                          \
	V(chart_series_set_name, (lxw_chart_series * s, const char *name), (s, name))        \
	V(chart_series_set_categories,                                                       \
	  (lxw_chart_series * s, const char *sheet, lxw_row_t r1, lxw_col_t c1,              \
	   lxw_row_t r2, lxw_col_t c2),                                                      \
	  (s, sheet, r1, c1, r2, c2))                                                        \
	V(chart_series_set_values,                                                           \
	  (lxw_chart_series * s, const char *sheet, lxw_row_t r1, lxw_col_t c1,              \
	   lxw_row_t r2, lxw_col_t c2),                                                      \
	  (s, sheet, r1, c1, r2, c2))                                                        \
	V(chart_title_set_name, (lxw_chart * ch, const char *name), (ch, name))              \
	V(chart_legend_set_position, (lxw_chart * ch, uint8_t pos), (ch, pos))               \
	V(chart_axis_set_major_unit, (lxw_chart_axis * a, double unit), (a, unit))           \
	V(chart_axis_set_reverse, (lxw_chart_axis * a), (a))                                 \
	V(chart_axis_set_crossing_max, (lxw_chart_axis * a), (a))                            \
	V(chart_axis_set_min, (lxw_chart_axis * a, double v), (a, v))                        \
	V(chart_axis_set_max, (lxw_chart_axis * a, double v), (a, v))                        \
	V(chart_show_hidden_data, (lxw_chart * ch), (ch))                                    \
	V(worksheet_set_landscape, (lxw_worksheet * ws), (ws))                               \
	V(worksheet_set_print_scale, (lxw_worksheet * ws, uint16_t scale), (ws, scale))      \
	V(worksheet_set_paper, (lxw_worksheet * ws, uint8_t type), (ws, type))               \
	V(worksheet_fit_to_pages, (lxw_worksheet * ws, uint16_t w, uint16_t h), (ws, w, h))  \
	R(lxw_error, worksheet_repeat_rows, (lxw_worksheet * ws, lxw_row_t r1, lxw_row_t r2), \
	  (ws, r1, r2))                                                                      \
	R(lxw_error, worksheet_set_header, (lxw_worksheet * ws, const char *s), (ws, s))     \
	R(lxw_error, worksheet_set_footer, (lxw_worksheet * ws, const char *s), (ws, s))     \
	R(lxw_error, worksheet_set_h_pagebreaks, (lxw_worksheet * ws, lxw_row_t breaks[]),   \
	  (ws, breaks))                                                                      \
	R(lxw_error, worksheet_set_column_opt,                                               \
	  (lxw_worksheet * ws, lxw_col_t first, lxw_col_t last, double width, lxw_format *f, \
	   lxw_row_col_options *o),                                                          \
	  (ws, first, last, width, f, o))

#define INDEX_R(ret, name, params, args) I_##name,
#define INDEX_V(name, params, args) I_##name,
#define INDEX_O(name) I_##name,
enum { XLSX_FUNCTIONS(INDEX_R, INDEX_V, INDEX_O) NFUNCS };

#define NAME_R(ret, name, params, args) #name,
#define NAME_V(name, params, args) #name,
#define NAME_O(name) #name,
static const char *const symbols[] = {XLSX_FUNCTIONS(NAME_R, NAME_V, NAME_O) NULL};
static const char *const sonames[] = {NK_XLSX_SONAME, NULL};
static void (*slots[NFUNCS])(void);
static struct dynlib xlsx = {sonames, symbols, slots, 0, ""};

int xlsx_load(char **err)
{
	if (dynlib_ready(&xlsx))
		return NK_OK;
	return err_set(err, NK_EFAIL, "XLSX export needs %s: %s", NK_XLSX_SONAME,
		       dynlib_error(&xlsx));
}

lxw_workbook *workbook_new(const char *filename)
{
	if (!dynlib_ready(&xlsx))
		return NULL;
	return ((lxw_workbook * (*)(const char *)) slots[I_workbook_new])(filename);
}

lxw_workbook *workbook_new_opt(const char *filename, lxw_workbook_options *o)
{
	if (!dynlib_ready(&xlsx))
		return NULL;
	return ((lxw_workbook * (*)(const char *, lxw_workbook_options *))
			slots[I_workbook_new_opt])(filename, o);
}

#define DEFINE_R(ret, name, params, args)                                                    \
	ret name params                                                                      \
	{                                                                                    \
		if (!dynlib_ready(&xlsx))                                                    \
			dynlib_fatal(&xlsx, #name);                                          \
		return ((ret(*) params)slots[I_##name])args;                                \
	}
#define DEFINE_V(name, params, args)                                                         \
	void name params                                                                     \
	{                                                                                    \
		if (!dynlib_ready(&xlsx))                                                    \
			dynlib_fatal(&xlsx, #name);                                          \
		((void(*) params)slots[I_##name]) args;                                      \
	}
#define DEFINE_O(name)
XLSX_FUNCTIONS(DEFINE_R, DEFINE_V, DEFINE_O)

int xlsx_fail(char **err, const char *path, int lxw_err, int sys_errno)
{
	lxw_error e = (lxw_error)lxw_err;
	if (e == LXW_ERROR_CREATING_XLSX_FILE || e == LXW_ERROR_CREATING_TMPFILE ||
	    e == LXW_ERROR_READING_TMPFILE || (e >= LXW_ERROR_ZIP_FILE_OPERATION && e <= LXW_ERROR_ZIP_CLOSE))
		return err_write(err, safefile_errno(path, sys_errno), path);
	return err_set(err, NK_EIO, "%s: %s", path, lxw_strerror(e));
}
