/* villages: see villages.h. */
#include "records/villages.h"

#include "core/text.h"
#include "core/util.h"
#include "records/people.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static int fail(sqlite3 *h, int s, char **err)
{
	return err_set(err, db_errcode(s), "villages: %s", sqlite3_errmsg(h));
}

/* Runs sql with the texts a and b (b may be NULL); *changes (may be NULL)
 * gets the rows it changed. */
static int run(sqlite3 *h, const char *sql, const char *a, const char *b, size_t *changes,
	       char **err)
{
	sqlite3_stmt *st;
	int s = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (s != SQLITE_OK)
		return fail(h, s, err);
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	if (b)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	s = sqlite3_step(st);
	sqlite3_finalize(st);
	if (s != SQLITE_DONE && s != SQLITE_ROW)
		return fail(h, s, err);
	if (changes)
		*changes = (size_t)sqlite3_changes(h);
	return NK_OK;
}

/* The participants who said old say new_name, with the person key
 * (records/people.h) that goes with it. */
static int records_rename(sqlite3 *h, const char *old, const char *new_name, size_t *records,
			  char **err)
{
	sqlite3_stmt *sel = NULL, *upd = NULL;
	int s = sqlite3_prepare_v2(h,
				   "SELECT uuid, full_name, birth_year, phone FROM participants "
				   "WHERE village = ?1",
				   -1, &sel, NULL);
	if (s == SQLITE_OK)
		s = sqlite3_prepare_v2(h,
				       "UPDATE participants SET village = ?2, person_key = ?3 "
				       "WHERE uuid = ?1",
				       -1, &upd, NULL);
	*records = 0;
	if (s == SQLITE_OK) {
		sqlite3_bind_text(sel, 1, old, -1, SQLITE_STATIC);
		sqlite3_bind_text(upd, 2, new_name, -1, SQLITE_STATIC);
	}
	while (s == SQLITE_OK && (s = sqlite3_step(sel)) == SQLITE_ROW) {
		char key[PERSON_KEY_SIZE];
		bool has = person_key((const char *)sqlite3_column_text(sel, 1),
				      sqlite3_column_int(sel, 2), new_name,
				      (const char *)sqlite3_column_text(sel, 3), key);
		sqlite3_bind_value(upd, 1, sqlite3_column_value(sel, 0));
		if (has)
			sqlite3_bind_text(upd, 3, key, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(upd, 3);
		s = sqlite3_step(upd);
		sqlite3_reset(upd);
		if (s == SQLITE_DONE) {
			s = SQLITE_OK;
			(*records)++;
		}
	}
	int rc = s == SQLITE_DONE ? NK_OK : fail(h, s, err);
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	return rc;
}

/* old becomes new in the list and the records; inside a transaction. */
static int rename_in(sqlite3 *h, const char *old, const char *new_name, size_t *listed,
		     size_t *records, char **err)
{
	int rc = run(h, "DELETE FROM villages WHERE name = ?1", old, NULL, listed, err);
	if (!rc && *listed)
		rc = run(h,
			 "INSERT OR IGNORE INTO villages(name, ord) VALUES (?1, "
			 "(SELECT coalesce(max(ord), 0) + 1 FROM villages))",
			 new_name, NULL, NULL, err);
	if (!rc)
		rc = records_rename(h, old, new_name, records, err);
	return rc;
}

int villages_rename(struct db *db, const char *old, const char *new_name, size_t *records,
		    char **err)
{
	char *nfc = NULL;
	int rc = text_nfc(new_name, strlen(new_name), &nfc, err);
	if (rc)
		return rc;
	char *trimmed = fold_words(nfc);
	bool empty = !trimmed || !trimmed[0];
	free(trimmed);
	if (empty) {
		free(nfc);
		return err_set(err, NK_EINVAL, "villages: the new name is empty");
	}
	sqlite3 *h = db_sqlite(db);
	size_t listed = 0, changed = 0;
	rc = db_begin(db, err);
	if (!rc)
		rc = rename_in(h, old, nfc, &listed, &changed, err);
	if (!rc && !listed && !changed)
		rc = err_set(err, NK_ENOENT, "villages: no village '%s'", old);
	if (!rc)
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	else if (records)
		*records = changed;
	free(nfc);
	return rc;
}

int villages_remove(struct db *db, const char *name, char **err)
{
	size_t n = 0;
	int rc = run(db_sqlite(db), "DELETE FROM villages WHERE name = ?1", name, NULL, &n, err);
	if (!rc && !n)
		rc = err_set(err, NK_ENOENT, "villages: no village '%s' in the list", name);
	return rc;
}

int villages_same(struct db *db, const char *name, char **listed, char **err)
{
	*listed = NULL;
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	int s = sqlite3_prepare_v2(h, "SELECT name FROM villages", -1, &st, NULL);
	if (s != SQLITE_OK)
		return fail(h, s, err);
	char *want = fold_words(name);
	while (want && want[0] && !*listed && (s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		char *f = fold_words(v);
		if (f && strcmp(f, want) == 0)
			*listed = xstrdup(v);
		free(f);
	}
	sqlite3_finalize(st);
	free(want);
	if (!*listed && s != SQLITE_DONE && s != SQLITE_OK && s != SQLITE_ROW)
		return fail(h, s, err);
	return NK_OK;
}

struct vname {
	char *name, *fold;
	bool listed;
	size_t records;
};

static int vname_cmp(const void *x, const void *y)
{
	const struct vname *a = x, *b = y;
	int c = strcmp(a->fold, b->fold);
	return c ? c : text_collate(a->name, b->name);
}

/* The kept name comes first: listed, then the most records, then the
 * first in Vietnamese order (the sort's order within a group). */
static bool better(const struct vname *a, const struct vname *b)
{
	if (a->listed != b->listed)
		return a->listed;
	return a->records > b->records;
}

static int dup_cmp(const void *x, const void *y)
{
	const struct village_dup *a = x, *b = y;
	return text_collate(a->keep, b->keep);
}

int villages_duplicates(struct db *db, struct village_dup **dups, size_t *n, char **err)
{
	*dups = NULL;
	*n = 0;
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st;
	int s = sqlite3_prepare_v2(
		h,
		"SELECT v, max(listed), sum(n) FROM (SELECT name AS v, 1 AS listed, 0 AS n FROM "
		"villages UNION ALL SELECT village, 0, count(*) FROM participants WHERE village IS "
		"NOT NULL AND trim(village) <> '' GROUP BY village) GROUP BY v",
		-1, &st, NULL);
	if (s != SQLITE_OK)
		return fail(h, s, err);
	struct vname *v = NULL;
	size_t nv = 0, cap = 0;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)&v, &cap, nv + 1, sizeof *v);
		const char *name = (const char *)sqlite3_column_text(st, 0);
		char *fold = fold_words(name);
		v[nv++] = (struct vname){xstrdup(name), fold ? fold : xstrdup(""),
					 sqlite3_column_int(st, 1) != 0,
					 (size_t)sqlite3_column_int64(st, 2)};
	}
	sqlite3_finalize(st);
	int rc = s == SQLITE_DONE ? NK_OK : fail(h, s, err);
	if (!rc && nv > 1)
		qsort(v, nv, sizeof *v, vname_cmp);
	size_t capd = 0;
	for (size_t i = 0; !rc && i < nv;) {
		size_t j = i + 1;
		while (j < nv && strcmp(v[j].fold, v[i].fold) == 0)
			j++;
		if (j - i > 1 && v[i].fold[0]) {
			size_t k = i;
			for (size_t m = i + 1; m < j; m++)
				if (better(&v[m], &v[k]))
					k = m;
			xgrow((void **)dups, &capd, *n + 1, sizeof **dups);
			struct village_dup *d = &(*dups)[(*n)++];
			*d = (struct village_dup){xstrdup(v[k].name), v[k].records,
						  xcalloc(j - i - 1, sizeof *d->others),
						  xcalloc(j - i - 1, sizeof *d->other_records), 0};
			for (size_t m = i; m < j; m++)
				if (m != k) {
					d->others[d->nothers] = xstrdup(v[m].name);
					d->other_records[d->nothers++] = v[m].records;
				}
		}
		i = j;
	}
	for (size_t i = 0; i < nv; i++) {
		free(v[i].name);
		free(v[i].fold);
	}
	free(v);
	if (rc)
		villages_dups_free(dups, *n), *n = 0;
	else if (*n > 1)
		qsort(*dups, *n, sizeof **dups, dup_cmp);
	return rc;
}

void villages_dups_free(struct village_dup **dups, size_t n)
{
	if (!*dups)
		return;
	for (size_t i = 0; i < n; i++) {
		struct village_dup *d = &(*dups)[i];
		free(d->keep);
		for (size_t k = 0; k < d->nothers; k++)
			free(d->others[k]);
		free(d->others);
		free(d->other_records);
	}
	free(*dups);
	*dups = NULL;
}

int villages_merge(struct db *db, size_t *names, size_t *records, char **err)
{
	sqlite3 *h = db_sqlite(db);
	int rc = db_begin(db, err);
	if (rc)
		return rc;
	struct village_dup *d = NULL;
	size_t n = 0, gone = 0, changed = 0;
	rc = villages_duplicates(db, &d, &n, err);
	for (size_t i = 0; !rc && i < n; i++)
		for (size_t k = 0; !rc && k < d[i].nothers; k++) {
			size_t listed = 0, c = 0;
			rc = rename_in(h, d[i].others[k], d[i].keep, &listed, &c, err);
			gone++;
			changed += c;
		}
	villages_dups_free(&d, n);
	if (!rc)
		rc = db_commit(db, err);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	if (names)
		*names = gone;
	if (records)
		*records = changed;
	return NK_OK;
}
