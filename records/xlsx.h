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

#endif
