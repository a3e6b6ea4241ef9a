/*
 * xlsx: libxlsxwriter, opened when an XLSX file is first written rather than
 * when the program starts (core/dynlib.h says why). Code that writes XLSX
 * includes <xlsxwriter.h> as usual and calls xlsx_load first.
 */
#ifndef NK_RECORDS_XLSX_H
#define NK_RECORDS_XLSX_H

/* Opens libxlsxwriter once per process. NK_OK, or NK_EFAIL and *err saying
 * what is missing ("XLSX export needs libxlsxwriter.so.4: ..."). */
int xlsx_load(char **err);

/* The message for a workbook that libxlsxwriter failed to write to path
 * with lxw_err (an lxw_error): for a file error, the cause in an officer's
 * words (err_write: the disk is full, ...), from sys_errno (errno right
 * after the failing call, which libxlsxwriter leaves) or the file system;
 * else libxlsxwriter's text. Returns the NK_E* code. */
int xlsx_fail(char **err, const char *path, int lxw_err, int sys_errno);

#endif
