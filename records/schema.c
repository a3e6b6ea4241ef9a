/*
 * records schema: the tables of records: visits, views, participants, attempts,
 * answers, citizens' questions, kiosks, villages and the officer log, as a list of
 * migrations run by core/db (core/schema.h says how).
 */
#include "core/schema.h"

/*
 * Versioned records (docs/architecture.md, "Records that travel"). Every
 * table whose rows travel from kiosk to district to nation carries
 *   sync_version  when the row last changed: a hybrid logical clock, the
 *                 wall clock in milliseconds shifted 16 bits, but always
 *                 past the largest version this database has seen
 *                 (sync_clock), so a kiosk whose clock is wrong still
 *                 orders its own changes and never goes back after a merge;
 *   sync_by       the kiosk id of the database that made that change;
 *   sync_base     the version the changing database's run of changes
 *                 started from (0 for a row it created), which tells a
 *                 change made on top of another from one made beside it.
 * Triggers stamp every insert and every local update; a merge that brings
 * in a newer version writes the columns itself, and the triggers leave
 * such rows alone (the version changes, so their WHEN does not hold).
 */
#define HLC_NOW "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536"
#define ME "coalesce((SELECT value FROM meta WHERE key = 'kiosk_id'), '')"
#define TS(x) "coalesce(CAST((julianday(" x ") - 2440587.5) * 86400000.0 AS INTEGER), 0) * 65536"

#define SYNC_COLUMNS(t, by, version)                                                    \
	"ALTER TABLE " t " ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;\n"        \
	"ALTER TABLE " t " ADD COLUMN sync_by TEXT NOT NULL DEFAULT '';\n"               \
	"ALTER TABLE " t " ADD COLUMN sync_base INTEGER NOT NULL DEFAULT 0;\n"           \
	"UPDATE " t " SET sync_version = max(" version ", 1), sync_by = coalesce(" by    \
	", '');\n"

#define SYNC_TRIGGERS(t)                                                                \
	"CREATE TRIGGER " t "_sync_ai AFTER INSERT ON " t " WHEN new.sync_version = 0\n" \
	"BEGIN\n"                                                                        \
	"  UPDATE sync_clock SET last = max(last + 1, " HLC_NOW ");\n"                   \
	"  UPDATE " t " SET sync_version = (SELECT last FROM sync_clock), sync_by = " ME \
	", sync_base = 0\n"                                                              \
	"    WHERE rowid = new.rowid;\n"                                                 \
	"END;\n"                                                                         \
	"CREATE TRIGGER " t "_sync_au AFTER UPDATE ON " t "\n"                           \
	"  WHEN new.sync_version = old.sync_version AND new.sync_by = old.sync_by\n"     \
	"BEGIN\n"                                                                        \
	"  UPDATE sync_clock SET last = max(last + 1, " HLC_NOW ");\n"                   \
	"  UPDATE " t " SET sync_version = (SELECT last FROM sync_clock), sync_by = " ME \
	",\n"                                                                            \
	"    sync_base = CASE WHEN old.sync_by = " ME " THEN old.sync_base\n"            \
	"                     ELSE old.sync_version END\n"                               \
	"    WHERE rowid = new.rowid;\n"                                                 \
	"END;\n"

#define MAX_VERSION(t) "SELECT max(sync_version) AS v FROM " t

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
	/* 8: versions on every record that travels (see above). Rows already
	 * here get a version from their own content, the same on every
	 * machine that holds the same row: the latest time the row records,
	 * plus a step for each thing that only ever happens later (an attempt
	 * finished or saved, a question answered or published, a name
	 * purged), so that where two copies differ the one further along
	 * wins. A kiosk's own row is stamped now, so that its name and
	 * commune win over the copy a district took earlier. Participants get
	 * the key that tells one person from one save (records/sync.h). */
	{8,
	 SYNC_COLUMNS("kiosks", "kiosk_id",
		      "CASE WHEN kiosk_id = " ME " THEN " HLC_NOW " ELSE 65536 END")
	 SYNC_COLUMNS("participants", "kiosk_id",
		      TS("created_at") " + (full_name IS NULL AND phone IS NULL)")
	 SYNC_COLUMNS("attempts", "kiosk_id",
		      TS("coalesce(ended_at, started_at)") " + 2 * (completed <> 0)"
		      " + (participant_uuid IS NOT NULL)")
	},
	{8,
	 SYNC_COLUMNS("answers", "kiosk_id", TS("answered_at"))
	 SYNC_COLUMNS("visits", "kiosk_id", TS("started_at"))
	 SYNC_COLUMNS("views", "kiosk_id", TS("started_at") " + min(max(seconds, 0), 65535)")
	 SYNC_COLUMNS("citizen_questions", "kiosk_id",
		      TS("coalesce(answered_at, asked_at)") " + 4 * (published <> 0)"
		      " + 2 * (answer IS NOT NULL) + (name IS NULL AND contact IS NULL)")
	},
	{8,
	 SYNC_COLUMNS("contests", "kiosk_id", TS("started_at") " + min(max(version, 0), 65535)")
	 SYNC_COLUMNS("contest_teams",
		      "(SELECT c.kiosk_id FROM contests c WHERE c.uuid = contest_uuid)", "65536")
	 SYNC_COLUMNS("contest_members",
		      "(SELECT c.kiosk_id FROM contest_teams t JOIN contests c"
		      " ON c.uuid = t.contest_uuid WHERE t.uuid = team_uuid)",
		      "65536")},
	{8,
	 "ALTER TABLE participants ADD COLUMN person_key TEXT;\n"
	 "CREATE INDEX participants_person ON participants(person_key);\n"
	 "CREATE TABLE sync_clock(last INTEGER NOT NULL);\n"
	 "INSERT INTO sync_clock(last) SELECT max(" HLC_NOW ", coalesce((SELECT max(v) FROM (\n"
	 "  " MAX_VERSION("kiosks") " UNION ALL " MAX_VERSION("participants") " UNION ALL\n"
	 "  " MAX_VERSION("attempts") " UNION ALL " MAX_VERSION("answers") " UNION ALL\n"
	 "  " MAX_VERSION("visits") " UNION ALL " MAX_VERSION("views") " UNION ALL\n"
	 "  " MAX_VERSION("citizen_questions") " UNION ALL " MAX_VERSION("contests") " UNION ALL\n"
	 "  " MAX_VERSION("contest_teams") " UNION ALL " MAX_VERSION("contest_members") ")), 0));\n"
	 /* Where two databases changed the same record each on its own, the
	  * merge keeps one version by the rule and sets the other aside here
	  * (the whole row as JSON), for officers to read. Not a record that
	  * travels: each office keeps what its own merges found. */
	 "CREATE TABLE sync_conflicts(\n"
	 "  tbl TEXT NOT NULL,\n"
	 "  key TEXT NOT NULL,\n"
	 "  kept_version INTEGER NOT NULL,\n"
	 "  kept_by TEXT NOT NULL,\n"
	 "  lost_version INTEGER NOT NULL,\n"
	 "  lost_by TEXT NOT NULL,\n"
	 "  columns TEXT NOT NULL,\n"
	 "  lost_row TEXT NOT NULL,\n"
	 "  noted_at TEXT NOT NULL,\n"
	 "  source TEXT,\n"
	 "  PRIMARY KEY(tbl, key, kept_version, kept_by, lost_version, lost_by)\n"
	 ");\n"},
	{8, SYNC_TRIGGERS("kiosks") SYNC_TRIGGERS("participants")},
	{8, SYNC_TRIGGERS("attempts") SYNC_TRIGGERS("answers")},
	{8, SYNC_TRIGGERS("visits") SYNC_TRIGGERS("views")},
	{8, SYNC_TRIGGERS("citizen_questions") SYNC_TRIGGERS("contests")},
	{8, SYNC_TRIGGERS("contest_teams") SYNC_TRIGGERS("contest_members")},
};

const struct db_layer db_layer_records = {"records", steps, sizeof steps / sizeof steps[0]};
