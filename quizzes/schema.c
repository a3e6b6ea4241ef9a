/*
 * quizzes schema: the tables of question banks and contests, as a list of
 * migrations run by core/db (core/schema.h says how).
 */
#include "core/schema.h"

static const struct db_step steps[] = {
	/* 4: question banks joined by id across languages */
	{4,
	 "CREATE TABLE questions(\n"
	 "  id TEXT PRIMARY KEY,\n"
	 "  topic TEXT NOT NULL,\n"
	 "  difficulty INTEGER NOT NULL CHECK (difficulty BETWEEN 1 AND 3),\n"
	 "  article TEXT,\n"
	 "  qtype TEXT NOT NULL,\n"
	 "  nopts INTEGER NOT NULL,\n"
	 "  correct INTEGER NOT NULL,\n"
	 "  source TEXT NOT NULL\n"
	 ");\n"
	 "CREATE INDEX questions_topic ON questions(topic);\n"
	 "CREATE TABLE question_texts(\n"
	 "  id TEXT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,\n"
	 "  lang TEXT NOT NULL,\n"
	 "  status TEXT NOT NULL CHECK (status IN ('draft', 'reviewed')),\n"
	 "  text TEXT NOT NULL,\n"
	 "  explanation TEXT NOT NULL,\n"
	 "  PRIMARY KEY(id, lang)\n"
	 ");\n"
	 "CREATE TABLE question_options(\n"
	 "  id TEXT NOT NULL,\n"
	 "  lang TEXT NOT NULL,\n"
	 "  idx INTEGER NOT NULL,\n"
	 "  text TEXT NOT NULL,\n"
	 "  feedback TEXT NOT NULL,\n"
	 "  PRIMARY KEY(id, lang, idx),\n"
	 "  FOREIGN KEY(id, lang) REFERENCES question_texts(id, lang) ON DELETE CASCADE\n"
	 ");\n"},
	/* 6: contests. The running contest's whole state is one text (the
	 * engine's save format) that every process (host, display, team
	 * terminals) reads and writes in a transaction; version says when it
	 * changed. Teams and members are rows too, for reports and merging */
	{6,
	 "CREATE TABLE contests(\n"
	 "  uuid TEXT PRIMARY KEY,\n"
	 "  kiosk_id TEXT NOT NULL,\n"
	 "  name TEXT NOT NULL,\n"
	 "  held_on TEXT NOT NULL,\n"
	 "  place TEXT,\n"
	 "  started_at TEXT NOT NULL,\n"
	 "  state TEXT NOT NULL,\n"
	 "  version INTEGER NOT NULL DEFAULT 0\n"
	 ");\n"
	 "CREATE TABLE contest_teams(\n"
	 "  uuid TEXT PRIMARY KEY,\n"
	 "  contest_uuid TEXT NOT NULL REFERENCES contests(uuid),\n"
	 "  team_no INTEGER NOT NULL,\n"
	 "  name TEXT NOT NULL,\n"
	 "  village TEXT,\n"
	 "  UNIQUE(contest_uuid, team_no)\n"
	 ");\n"
	 "CREATE TABLE contest_members(\n"
	 "  uuid TEXT PRIMARY KEY,\n"
	 "  team_uuid TEXT NOT NULL REFERENCES contest_teams(uuid),\n"
	 "  name TEXT NOT NULL\n"
	 ");\n"},
};

const struct db_layer db_layer_quizzes = {"quizzes", steps, sizeof steps / sizeof steps[0]};
