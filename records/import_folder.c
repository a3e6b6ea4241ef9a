/*
 * import_folder: finds the articles and the bank files in a folder, refusing
 * symbolic links on the way, and runs both imports inside one transaction.
 * The checks and the SQL are content/articles.c's and quizzes/qstore.c's.
 */
#include "records/import_folder.h"

#include "core/util.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void import_folder_clear(struct import_folder_report *rep)
{
	content_report_clear(&rep->articles);
	qimport_report_clear(&rep->banks);
	for (size_t i = 0; i < rep->nerrors; i++)
		free(rep->errors[i]);
	free(rep->errors);
	memset(rep, 0, sizeof *rep);
}

static void folder_error(struct import_folder_report *rep, char *msg)
{
	rep->errors = xrealloc(rep->errors, (rep->nerrors + 1) * sizeof *rep->errors);
	rep->errors[rep->nerrors++] = msg;
}

/* Whether path is a folder of its own; a symbolic link is an error in rep. */
static bool real_dir(const char *path, const char *dir, struct import_folder_report *rep)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return false;
	if (S_ISLNK(st.st_mode)) {
		folder_error(rep, xasprintf("%s: a symbolic link; only folders and files inside %s "
					    "are read",
					    path, dir));
		return false;
	}
	return S_ISDIR(st.st_mode);
}

static int no_dot(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

/* DIR/banks/<lang>/<name>.gift, in name order. */
static char **bank_files(const char *banks, const char *dir, struct import_folder_report *rep,
			 size_t *n)
{
	*n = 0;
	char **paths = NULL;
	size_t cap = 0;
	struct dirent **langs = NULL;
	int nl = scandir(banks, &langs, no_dot, alphasort);
	if (nl < 0) {
		folder_error(rep, xasprintf("%s: cannot be read", banks));
		return NULL;
	}
	for (int i = 0; i < nl; i++) {
		char *sub = xasprintf("%s/%s", banks, langs[i]->d_name);
		struct dirent **files = NULL;
		int nf = real_dir(sub, dir, rep) ? scandir(sub, &files, no_dot, alphasort) : 0;
		for (int k = 0; k < nf; k++) {
			size_t len = strlen(files[k]->d_name);
			if (len > 5 && strcmp(files[k]->d_name + len - 5, ".gift") == 0) {
				xgrow((void **)&paths, &cap, *n + 1, sizeof *paths);
				paths[(*n)++] = xasprintf("%s/%s", sub, files[k]->d_name);
			}
			free(files[k]);
		}
		free(files);
		free(sub);
		free(langs[i]);
	}
	free(langs);
	return paths;
}

int import_folder_run(struct db *db, const char *dir, struct import_folder_report *rep,
		      char **err)
{
	char *arts = xasprintf("%s/articles", dir), *banks = xasprintf("%s/banks", dir);
	rep->has_articles = real_dir(arts, dir, rep);
	rep->has_banks = real_dir(banks, dir, rep);
	size_t n = 0;
	char **paths = rep->has_banks ? bank_files(banks, dir, rep, &n) : NULL;
	int rc = NK_OK;
	if (rep->nerrors) {
		rc = err_set(err, NK_EINVAL, "%s", rep->errors[0]);
	} else if (rep->has_articles || n) {
		rc = db_begin(db, err);
		if (rc == NK_OK && rep->has_articles)
			rc = content_import_in(db, arts, &rep->articles, err);
		/* After the articles: a question may name one that comes with it. */
		if (rc == NK_OK && n)
			rc = questions_import_in(db, (const char *const *)paths, n, &rep->banks,
						 err);
		if (rc == NK_OK)
			rc = db_commit(db, err);
		if (rc != NK_OK) {
			db_rollback(db);
			rep->banks.questions = rep->banks.texts = 0;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(arts);
	free(banks);
	return rc;
}
