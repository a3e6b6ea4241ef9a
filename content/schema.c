/*
 * content schema: the tables of articles, topics and search, as a list of
 * migrations run by core/db (core/schema.h says how).
 */
#include "core/schema.h"

static const struct db_step steps[] = {
	/* 2: topics and their titles per language */
	{2,
	 "CREATE TABLE topics(\n"
	 "  id TEXT PRIMARY KEY,\n"
	 "  ord INTEGER NOT NULL\n"
	 ");\n"
	 "CREATE TABLE topic_titles(\n"
	 "  topic_id TEXT NOT NULL REFERENCES topics(id) ON DELETE CASCADE,\n"
	 "  lang TEXT NOT NULL,\n"
	 "  title TEXT NOT NULL,\n"
	 "  PRIMARY KEY(topic_id, lang)\n"
	 ");\n"},
	/* 3: articles, their texts per language, and search */
	{3,
	 "CREATE TABLE articles(\n"
	 "  slug TEXT PRIMARY KEY,\n"
	 "  topic TEXT NOT NULL REFERENCES topics(id),\n"
	 "  ord INTEGER NOT NULL,\n"
	 "  source TEXT NOT NULL,\n"
	 "  period TEXT NOT NULL,\n"
	 "  updated TEXT NOT NULL\n"
	 ");\n"
	 "CREATE TABLE article_texts(\n"
	 "  id INTEGER PRIMARY KEY,\n"
	 "  slug TEXT NOT NULL REFERENCES articles(slug) ON DELETE CASCADE,\n"
	 "  lang TEXT NOT NULL,\n"
	 "  title TEXT NOT NULL,\n"
	 "  status TEXT NOT NULL CHECK (status IN ('draft', 'reviewed')),\n"
	 "  body TEXT NOT NULL,\n"
	 "  plain TEXT NOT NULL,\n"
	 "  UNIQUE(slug, lang)\n"
	 ");\n"
	 "CREATE VIRTUAL TABLE article_fts USING fts5(title, plain,\n"
	 "  content = 'article_texts', content_rowid = 'id',\n"
	 "  tokenize = 'vnfold', prefix = '2 3');\n"
	 "CREATE TRIGGER article_texts_ai AFTER INSERT ON article_texts BEGIN\n"
	 "  INSERT INTO article_fts(rowid, title, plain) VALUES (new.id, new.title, new.plain);\n"
	 "END;\n"
	 "CREATE TRIGGER article_texts_ad AFTER DELETE ON article_texts BEGIN\n"
	 "  INSERT INTO article_fts(article_fts, rowid, title, plain)\n"
	 "    VALUES ('delete', old.id, old.title, old.plain);\n"
	 "END;\n"
	 "CREATE TRIGGER article_texts_au AFTER UPDATE ON article_texts BEGIN\n"
	 "  INSERT INTO article_fts(article_fts, rowid, title, plain)\n"
	 "    VALUES ('delete', old.id, old.title, old.plain);\n"
	 "  INSERT INTO article_fts(rowid, title, plain) VALUES (new.id, new.title, new.plain);\n"
	 "END;\n"},
	/* 7: search: prefix indexes for 1 to 6 letters (what a visitor types is
	 * matched as a prefix, see core/fts.c, and without its own index a prefix
	 * query gathers every word that starts with it, on every statement).
	 * search_gen counts the changes to the texts, so that content/rank.c
	 * knows when its copy of the texts' lengths is out of date */
	{7,
	 "DROP TABLE article_fts;\n"
	 "CREATE VIRTUAL TABLE article_fts USING fts5(title, plain,\n"
	 "  content = 'article_texts', content_rowid = 'id',\n"
	 "  tokenize = 'vnfold', prefix = '1 2 3 4 5 6');\n"
	 "INSERT INTO article_fts(article_fts) VALUES ('rebuild');\n"
	 "CREATE TABLE search_gen(n INTEGER NOT NULL);\n"
	 "INSERT INTO search_gen(n) VALUES (0);\n"
	 "DROP TRIGGER article_texts_ai;\n"
	 "DROP TRIGGER article_texts_ad;\n"
	 "DROP TRIGGER article_texts_au;\n"
	 "CREATE TRIGGER article_texts_ai AFTER INSERT ON article_texts BEGIN\n"
	 "  INSERT INTO article_fts(rowid, title, plain) VALUES (new.id, new.title, new.plain);\n"
	 "  UPDATE search_gen SET n = n + 1;\n"
	 "END;\n"
	 "CREATE TRIGGER article_texts_ad AFTER DELETE ON article_texts BEGIN\n"
	 "  INSERT INTO article_fts(article_fts, rowid, title, plain)\n"
	 "    VALUES ('delete', old.id, old.title, old.plain);\n"
	 "  UPDATE search_gen SET n = n + 1;\n"
	 "END;\n"
	 "CREATE TRIGGER article_texts_au AFTER UPDATE ON article_texts BEGIN\n"
	 "  INSERT INTO article_fts(article_fts, rowid, title, plain)\n"
	 "    VALUES ('delete', old.id, old.title, old.plain);\n"
	 "  INSERT INTO article_fts(rowid, title, plain) VALUES (new.id, new.title, new.plain);\n"
	 "  UPDATE search_gen SET n = n + 1;\n"
	 "END;\n"},
	/* 9: the short public source a visitor reads under an article's title
	 * (the decision's number and date); 'source' stays the full one */
	{9, "ALTER TABLE articles ADD COLUMN public_source TEXT NOT NULL DEFAULT '';\n"},
};

const struct db_layer db_layer_content = {"content", steps, sizeof steps / sizeof steps[0]};
