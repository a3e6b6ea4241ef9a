-- Quiz attempts and their answers for the export benchmarks, made in SQL by
-- bench/run.sh: `sed s/@N@/ANSWERS/ bench/answers.sql | sqlite3 DB`, on a
-- database made by `ntmkiosk check` (so the schema is the program's own).
-- Deterministic: ten answers per attempt, one attempt every 155 seconds from
-- 2026-01-01 (UTC, as the program stores them); UUID-shaped ids made from
-- the row number; questions, choices, right/wrong and seconds spread by
-- multiplying the row number with primes.
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE q(k INTEGER PRIMARY KEY, id TEXT NOT NULL);
INSERT INTO q(k, id) SELECT row_number() OVER (ORDER BY id) - 1, id FROM questions;
CREATE TEMP TABLE nq AS SELECT count(*) AS n FROM q;
CREATE TEMP TABLE kid AS SELECT value AS id FROM meta WHERE key = 'kiosk_id';

WITH RECURSIVE a(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM a WHERE i + 1 < (@N@ + 9) / 10)
INSERT INTO attempts(uuid, kiosk_id, lang, topic, started_at, ended_at, total, score,
                     completed, participant_uuid)
SELECT printf('%08x-%04x-4%03x-a%03x-%012x', (i * 2654435761) % 4294967296, i % 65536,
              (i * 7) % 4096, (i * 13) % 4096, i),
       (SELECT id FROM kid),
       CASE i % 10 WHEN 7 THEN 'hmn' WHEN 8 THEN 'ium' ELSE 'vi' END,
       CASE i % 3 WHEN 0 THEN NULL WHEN 1 THEN 'ocop' ELSE 'ntm' END,
       strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '+' || (i * 155) || ' seconds'),
       strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '+' || (i * 155 + 200) || ' seconds'),
       10, (i * 7) % 11, 1, NULL
FROM a;

WITH RECURSIVE r(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM r WHERE n + 1 < @N@)
INSERT INTO answers(uuid, attempt_uuid, kiosk_id, position, question_id, chosen, correct,
                    timed_out, ms, answered_at)
SELECT printf('%08x-%04x-4%03x-b%03x-%012x', (n * 2246822519) % 4294967296, n % 65536,
              (n * 11) % 4096, (n * 17) % 4096, n),
       printf('%08x-%04x-4%03x-a%03x-%012x', ((n / 10) * 2654435761) % 4294967296,
              (n / 10) % 65536, ((n / 10) * 7) % 4096, ((n / 10) * 13) % 4096, n / 10),
       (SELECT id FROM kid),
       n % 10,
       (SELECT id FROM q WHERE k = (n * 7) % (SELECT n FROM nq)),
       1 << ((n * 3) % 4),
       (n * 7) % 10 < 7,
       n % 53 = 0,
       1500 + (n * 7919) % 30000,
       strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01',
                '+' || ((n / 10) * 155 + (n % 10) * 20 + 12) || ' seconds')
FROM r;
COMMIT;
