/*
 * import_folder: what an officer brings on a USB stick, imported at once:
 * DIR/articles (one folder per article, as content_import reads) and
 * DIR/banks/<lang>/<name>.gift (as questions_import reads), all in one
 * transaction, or nothing. It reads only plain files and folders inside DIR:
 * an articles/ or banks/ that is a symbolic link, or a symbolic link among
 * the language folders, is an error, not followed. It draws nothing; the
 * officer screen shows the reports.
 *
 * Ownership: the report holds malloc'd messages; import_folder_clear frees them.
 */
#ifndef NK_RECORDS_IMPORT_FOLDER_H
#define NK_RECORDS_IMPORT_FOLDER_H

#include "content/articles.h"
#include "quizzes/qstore.h"

#include <stdbool.h>

struct import_folder_report {
	bool has_articles, has_banks; /* what the folder holds */
	struct content_report articles;
	struct qimport_report banks;
	char **errors; /* about the folder itself (a link, a bank folder that cannot be read) */
	size_t nerrors;
};

/* Imports DIR's articles and banks in one transaction. 0 on success (also
 * when the folder holds neither: see has_articles, has_banks); NK_EINVAL
 * with every problem in rep and the first in *err, and nothing imported. */
int import_folder_run(struct db *db, const char *dir, struct import_folder_report *rep,
		      char **err);
void import_folder_clear(struct import_folder_report *rep);

#endif
