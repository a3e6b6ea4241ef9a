#!/bin/sh
# bench/sync.sh BUILD: records that travel, each against a peer in the same
# run. Prints one line per row and appends a section to bench/RESULTS.md
# (run.sh calls it after writing the rest). It starts a PostgreSQL server of
# its own (tests/pg_lib.sh) and removes everything it made.
#   merge: 100 kiosk files of 10,000 records each into one district file,
#          against sqlite3 doing ATTACH + INSERT OR IGNORE of the same tables;
#   push:  1,000,000 answers (and their 100,000 attempts) to PostgreSQL,
#          against psql \copy of the same rows into a plain table;
#   report for a province of 5,000,000 answers on SQLite and from the server.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
bin=$build/ntmkiosk
kiosks=${BENCH_KIOSKS:-100}
answers=${BENCH_PUSH_ANSWERS:-1000000}
big=${BENCH_REPORT_ANSWERS:-5000000}
rows=" ${BENCH_SYNC_ROWS:-merge push report} " # which rows to run
sh "$root/tools/ensure-packages.sh" hyperfine sqlite3 postgresql python3
export LANG=C.UTF-8 TZ=UTC
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ntmkiosk-sync.XXXXXX")
. "$root/tests/pg_lib.sh"
trap 'pg_stop; rm -rf "$tmp"' EXIT
say() { printf 'bench: %s\n' "$*" >&2; }
out=$tmp/lines
: >"$out"
line() { printf '%s\n' "$*" | tee -a "$out"; }
median() { python3 "$here/stats.py" hyperfine "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# --- merge ---------------------------------------------------------------
case $rows in *" merge "*)
say "merge: making $kiosks kiosk files of 10,000 records"
"$bin" check --db "$tmp/template.db" >/dev/null
i=1
while [ $i -le "$kiosks" ]; do
	cp "$tmp/template.db" "$tmp/k$i.db"
	sqlite3 "$tmp/k$i.db" <<-EOF
		PRAGMA synchronous = OFF;
		UPDATE meta SET value = printf('%08d-0000-4000-8000-000000000000', $i) WHERE key = 'kiosk_id';
		DELETE FROM kiosks;
		INSERT INTO kiosks(kiosk_id, name, commune, province)
		  VALUES (printf('%08d-0000-4000-8000-000000000000', $i), 'NVH $i', 'Xã ' || ($i % 20), 'Yên Bái');
		BEGIN;
		WITH RECURSIVE r(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM r WHERE n < 1999)
		INSERT INTO visits(uuid, kiosk_id, started_at, lang)
		  SELECT printf('v%05d-%06d', $i, n), (SELECT value FROM meta WHERE key = 'kiosk_id'),
		         strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '+' || (n * 3600) || ' seconds'), 'vi' FROM r;
		WITH RECURSIVE r(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM r WHERE n < 1999)
		INSERT INTO views(uuid, kiosk_id, slug, lang, started_at, seconds)
		  SELECT printf('w%05d-%06d', $i, n), (SELECT value FROM meta WHERE key = 'kiosk_id'), 'ntm-la-gi', 'vi',
		         strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '+' || (n * 3600) || ' seconds'), n % 300 FROM r;
		WITH RECURSIVE r(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM r WHERE n < 999)
		INSERT INTO attempts(uuid, kiosk_id, lang, started_at, ended_at, total, score, completed)
		  SELECT printf('a%05d-%06d', $i, n), (SELECT value FROM meta WHERE key = 'kiosk_id'), 'vi',
		         strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '+' || (n * 7200) || ' seconds'),
		         strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '+' || (n * 7200 + 300) || ' seconds'), 5, n % 6, 1 FROM r;
		WITH RECURSIVE r(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM r WHERE n < 4999)
		INSERT INTO answers(uuid, attempt_uuid, kiosk_id, position, question_id, chosen, correct, timed_out, ms, answered_at)
		  SELECT printf('x%05d-%06d', $i, n), printf('a%05d-%06d', $i, n / 5), (SELECT value FROM meta WHERE key = 'kiosk_id'),
		         n % 5, 'ntm-001', 1, n % 2, 0, 2000,
		         strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '+' || ((n / 5) * 7200 + (n % 5) * 30) || ' seconds') FROM r;
		COMMIT;
	EOF
	i=$((i + 1))
done
"$bin" check --db "$tmp/empty.db" >/dev/null
files=$(i=1; while [ $i -le "$kiosks" ]; do printf '%s ' "$tmp/k$i.db"; i=$((i + 1)); done)
# The peer: every travelling table, ATTACH + INSERT OR IGNORE, file by file.
: >"$tmp/peer.sql"
for f in $files; do
	{
		echo "ATTACH '$f' AS s; BEGIN;"
		for t in kiosks participants attempts answers visits views citizen_questions contests contest_teams contest_members; do
			echo "INSERT OR IGNORE INTO main.$t SELECT * FROM s.$t;"
		done
		echo "COMMIT; DETACH s;"
	} >>"$tmp/peer.sql"
done
say "merge: timing"
hyperfine -N -r 3 --style none --export-json "$tmp/m.json" \
	--prepare "cp $tmp/empty.db $tmp/d.db" "$bin merge --into $tmp/d.db $files" >/dev/null
hyperfine -N -r 3 --style none --export-json "$tmp/p.json" \
	--prepare "cp $tmp/empty.db $tmp/d.db" "sqlite3 $tmp/d.db '.read $tmp/peer.sql'" >/dev/null
m=$(median "$tmp/m.json"); p=$(median "$tmp/p.json")
r=$(ratio "$m" "$p")
ok=$(awk -v r="$r" 'BEGIN { print (r <= 2.0) ? "ok" : "missed" }')
line "merge of $kiosks kiosks x 10,000 records: ${m} s, ${r}x sqlite3 ATTACH + INSERT OR IGNORE (${p} s) (target <= 2x) $ok"
rm -f $files
;; esac

# --- push ----------------------------------------------------------------
case $rows in *" push "*|*" report "*) pg_start >/dev/null ;; esac
case $rows in *" push "*)
say "push: $answers answers"
"$bin" check --db "$tmp/e.db" >/dev/null
sqlite3 "$tmp/e.db" "UPDATE kiosks SET province = 'Yên Bái'"
sed "s/@N@/$answers/g" "$here/answers.sql" | sqlite3 "$tmp/e.db"
sqlite3 -csv "$tmp/e.db" "SELECT * FROM answers" >"$tmp/answers.csv"
sqlite3 -csv "$tmp/e.db" "SELECT * FROM attempts" >"$tmp/attempts.csv"
cols_a=$(sqlite3 "$tmp/e.db" "SELECT group_concat(name || CASE WHEN type LIKE '%INT%' THEN ' bigint' ELSE ' text' END, ', ') FROM pragma_table_info('answers')")
cols_t=$(sqlite3 "$tmp/e.db" "SELECT group_concat(name || CASE WHEN type LIKE '%INT%' THEN ' bigint' ELSE ' text' END, ', ') FROM pragma_table_info('attempts')")
cat >"$tmp/reset.sh" <<-EOF
	psql -X -q "$pg_uri" -c "SET client_min_messages = warning" -c "DROP TABLE IF EXISTS kiosks, participants, attempts, answers, visits, views, citizen_questions, contests, contest_teams, contest_members, peer_answers, peer_attempts CASCADE" >/dev/null
	psql -X -q "$pg_uri" -c "CREATE TABLE peer_answers ($cols_a, PRIMARY KEY (uuid)); CREATE TABLE peer_attempts ($cols_t, PRIMARY KEY (uuid))" >/dev/null
EOF
hyperfine -N -r 3 --style none --export-json "$tmp/pu.json" --prepare "sh $tmp/reset.sh" \
	"$bin push --to $pg_uri --db $tmp/e.db" >/dev/null
hyperfine -r 3 --style none --export-json "$tmp/pp.json" --prepare "sh $tmp/reset.sh" \
	"psql -X -q '$pg_uri' -c '\\copy peer_attempts FROM $tmp/attempts.csv CSV' -c '\\copy peer_answers FROM $tmp/answers.csv CSV'" >/dev/null
m=$(median "$tmp/pu.json"); p=$(median "$tmp/pp.json")
r=$(ratio "$m" "$p")
ok=$(awk -v r="$r" 'BEGIN { print (r <= 2.0) ? "ok" : "missed" }')
line "push of $answers answers to PostgreSQL: ${m} s, ${r}x psql \\copy of the same rows (${p} s) (target <= 2x) $ok"
rm -f "$tmp/answers.csv" "$tmp/attempts.csv" "$tmp/e.db"
;; esac

# --- the report for a province -------------------------------------------
case $rows in *" report "*)
say "report: $big answers"
"$bin" check --db "$tmp/r.db" >/dev/null
sqlite3 "$tmp/r.db" "UPDATE kiosks SET province = 'Yên Bái', name = 'NVH', commune = 'Xã A'"
sed "s/@N@/$big/g" "$here/answers.sql" | sqlite3 "$tmp/r.db"
psql -X -q "$pg_uri" -c "SET client_min_messages = warning" -c "DROP TABLE IF EXISTS kiosks, participants, attempts, answers, visits, views, citizen_questions, contests, contest_teams, contest_members CASCADE" >/dev/null
"$bin" push --to "$pg_uri" --db "$tmp/r.db" >/dev/null
hyperfine -N -r 3 --style none --export-json "$tmp/rs.json" \
	"$bin report --period 2026 --format csv --db $tmp/r.db" >/dev/null
hyperfine -r 3 --style none --export-json "$tmp/rp.json" \
	"$bin report --period 2026 --format csv --db $tmp/r.db --from '$pg_uri' --province 'Yên Bái'" >/dev/null
line "report for a province of $big answers: $(median "$tmp/rs.json") s on SQLite, $(median "$tmp/rp.json") s from PostgreSQL (report only)"
;; esac
pg_stop

if [ -f "$here/RESULTS.md" ]; then
	{
		echo
		echo "## Records that travel (bench/sync.sh, $(date -u '+%Y-%m-%d %H:%M UTC'))"
		echo
		sed 's/^/- /' "$out"
	} >>"$here/RESULTS.md"
fi
