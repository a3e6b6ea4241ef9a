/*
 * records schema: the tables of records: visits, views, participants, attempts,
 * answers, citizens' questions, kiosks, villages and the officer log, as a list of
 * migrations run by core/db (core/schema.h says how).
 */
#include "core/schema.h"

static const struct db_step steps[] = {
	/* 2: kiosk visits */
	{2,
	 "CREATE TABLE visits(\n"
	 "  uuid TEXT PRIMARY KEY,\n"
	 "  kiosk_id TEXT NOT NULL,\n"
	 "  started_at TEXT NOT NULL,\n"
	 "  lang TEXT NOT NULL\n"
	 ");\n"
	 "CREATE INDEX visits_started_at ON visits(started_at);\n"},
	/* 3: anonymous article views */
	{3,
	 "CREATE TABLE views(\n"
	 "  uuid TEXT PRIMARY KEY,\n"
	 "  kiosk_id TEXT NOT NULL,\n"
	 "  slug TEXT NOT NULL,\n"
	 "  lang TEXT NOT NULL,\n"
	 "  started_at TEXT NOT NULL,\n"
	 "  seconds INTEGER NOT NULL DEFAULT 0\n"
	 ");\n"
	 "CREATE INDEX views_started_at ON views(started_at);\n"},
	/* 4: participants who consented, quiz attempts and their answers (one
	 * row per answer, committed when given), and the villages officers list */
	{4,
	 "CREATE TABLE participants(\n"
	 "  uuid TEXT PRIMARY KEY,\n"
	 "  kiosk_id TEXT NOT NULL,\n"
	 "  created_at TEXT NOT NULL,\n"
	 "  full_name TEXT,\n"
	 "  village TEXT,\n"
	 "  gender TEXT,\n"
	 "  birth_year INTEGER,\n"
	 "  ethnicity TEXT,\n"
	 "  phone TEXT,\n"
	 "  consent_lang TEXT NOT NULL\n"
	 ");\n"
	 "CREATE TABLE attempts(\n"
	 "  uuid TEXT PRIMARY KEY,\n"
	 "  kiosk_id TEXT NOT NULL,\n"
	 "  lang TEXT NOT NULL,\n"
	 "  topic TEXT,\n"
	 "  started_at TEXT NOT NULL,\n"
	 "  ended_at TEXT,\n"
	 "  total INTEGER NOT NULL,\n"
	 "  score INTEGER NOT NULL DEFAULT 0,\n"
	 "  completed INTEGER NOT NULL DEFAULT 0,\n"
	 "  participant_uuid TEXT REFERENCES participants(uuid)\n"
	 ");\n"
	 "CREATE INDEX attempts_started_at ON attempts(started_at);\n"
	 "CREATE TABLE answers(\n"
	 "  uuid TEXT PRIMARY KEY,\n"
	 "  attempt_uuid TEXT NOT NULL REFERENCES attempts(uuid),\n"
	 "  kiosk_id TEXT NOT NULL,\n"
	 "  position INTEGER NOT NULL,\n"
	 "  question_id TEXT NOT NULL,\n"
	 "  chosen INTEGER NOT NULL,\n"
	 "  correct INTEGER NOT NULL,\n"
	 "  timed_out INTEGER NOT NULL DEFAULT 0,\n"
	 "  ms INTEGER NOT NULL,\n"
	 "  answered_at TEXT NOT NULL,\n"
	 "  UNIQUE(attempt_uuid, position)\n"
	 ");\n"
	 "CREATE TABLE villages(\n"
	 "  name TEXT PRIMARY KEY,\n"
	 "  ord INTEGER NOT NULL DEFAULT 0\n"
	 ");\n"},
	/* 5: citizens' questions to the commune; the kiosks a database holds
	 * records from (its own, and others merged into it); the officer log */
	{5,
	 "CREATE TABLE citizen_questions(\n"
	 "  uuid TEXT PRIMARY KEY,\n"
	 "  kiosk_id TEXT NOT NULL,\n"
	 "  asked_at TEXT NOT NULL,\n"
	 "  lang TEXT NOT NULL,\n"
	 "  question TEXT NOT NULL,\n"
	 "  name TEXT,\n"
	 "  contact TEXT,\n"
	 "  answer TEXT,\n"
	 "  answered_at TEXT,\n"
	 "  published INTEGER NOT NULL DEFAULT 0\n"
	 ");\n"
	 "CREATE INDEX citizen_questions_asked_at ON citizen_questions(asked_at);\n"
	 "CREATE TABLE kiosks(\n"
	 "  kiosk_id TEXT PRIMARY KEY,\n"
	 "  name TEXT,\n"
	 "  commune TEXT,\n"
	 "  district TEXT,\n"
	 "  province TEXT\n"
	 ");\n"
	 "CREATE TABLE officer_log(\n"
	 "  uuid TEXT PRIMARY KEY,\n"
	 "  kiosk_id TEXT NOT NULL,\n"
	 "  at TEXT NOT NULL,\n"
	 "  event TEXT NOT NULL,\n"
	 "  detail TEXT\n"
	 ");\n"},
};

const struct db_layer db_layer_records = {"records", steps, sizeof steps / sizeof steps[0]};
