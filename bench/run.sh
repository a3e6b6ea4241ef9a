#!/bin/sh
# bench/run.sh BUILD: every benchmark of bench/README.md, each against its peer
# in the same run. Prints a table and one line per target, and rewrites
# bench/RESULTS.md. Everything it makes goes to one temporary folder, removed
# at the end. BENCH_SEARCH_BUDGET (seconds, default 120) bounds the search
# row at the largest corpus.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
bin=$build/ntmkiosk
if [ ! -x "$bin" ]; then
	echo "bench: $bin is missing: run make first" >&2
	exit 1
fi
budget=${BENCH_SEARCH_BUDGET:-120}

# The scales: 1x, 4x and 16x; 16x is the issue's 20,000 articles x 3
# languages and 1,000,000 answers.
search_counts="1250 5000 20000"
answer_counts="62500 250000 1000000"
big_s=20000
big_a=1000000
nqueries=200

sh "$root/tools/ensure-packages.sh" hyperfine dialog sqlite3 time gcc pkg-config python3

export LANG=C.UTF-8 TZ=UTC
unset LC_ALL LANGUAGE 2>/dev/null || true
py=python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ntmkiosk-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
kv=$tmp/results
: >"$kv"
put() { echo "$1=$2" >>"$kv"; }
now_ns() { date +%s%N; }
# seconds between two now_ns readings
since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
size_mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.0f", b / 1e6 }'; }
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }
say() { printf 'bench: %s\n' "$*" >&2; }
started=$(now_ns)

# --- the machine -----------------------------------------------------------
put date "$(date -u '+%Y-%m-%d %H:%M UTC')"
put nproc "$(nproc)"
put cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
put mem "$(awk '/^MemTotal/ { printf "%.1f GB", $2 * 1024 / 1e9 }' /proc/meminfo)"
put kernel "$(uname -srm)"
put versions "$("$bin" --version); sqlite3 $(sqlite3 --version | cut -d' ' -f1); dialog $(dialog --version 2>&1 | sed 's/^Version: //'); $(grep --version | head -n 1); $(hyperfine --version); $($py --version 2>&1)"
put libs "$(ldd "$bin" | grep -c '=>')"
put load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
put search_counts "$search_counts"
put answer_counts "$answer_counts"
put search_total "$nqueries"
put search_budget "$budget"

# --- start-up to the first full screen -------------------------------------
say "start-up"
"$bin" check --db "$tmp/start.db" >/dev/null
# The same start-up with the database on tmpfs, where fdatasync costs
# nothing, tells the kiosk's own work from waiting for the disk.
shm=
if [ -d /dev/shm ] && shm=$(mktemp -d /dev/shm/ntmkiosk-bench.XXXXXX 2>/dev/null); then
	trap 'rm -rf "$tmp" "$shm"' EXIT
	"$bin" check --db "$shm/start.db" >/dev/null
	set -- -- "Tiếng Việt" "$bin" --db "$shm/start.db"
else
	set --
fi
out=$($py "$here/pty.py" startup 30 "Tiếng Việt" "$bin" --db "$tmp/start.db" -- \
	hi dialog --msgbox hi 10 30 "$@")
[ -z "$shm" ] || rm -rf "$shm"
put startup_ms "$(echo "$out" | field median_ms_0)"
put startup_min_ms "$(echo "$out" | field min_ms_0)"
put startup_dialog_ms "$(echo "$out" | field median_ms_1)"
put startup_dialog_min_ms "$(echo "$out" | field min_ms_1)"
put startup_shm_ms "$(echo "$out" | field median_ms_2)"
hyperfine -N -w 5 -r 50 --style none --export-json "$tmp/v.json" \
	"$bin --version" "dialog --version" >/dev/null 2>&1
set -- $($py "$here/stats.py" hyperfine "$tmp/v.json")
put version_ms "$(awk -v s="$1" 'BEGIN { print s * 1000 }')"
put dialog_version_ms "$(awk -v s="$2" 'BEGIN { print s * 1000 }')"

# --- keypress to redraw in a 1 MB article ----------------------------------
say "keypress to redraw"
$py "$here/gen.py" article "$tmp/long" 1000000
"$bin" check --db "$tmp/long.db" >/dev/null
"$bin" import content "$tmp/long" --db "$tmp/long.db" >/dev/null 2>&1
out=$($py "$here/pty.py" keys 1000 "$bin" --db "$tmp/long.db" --lang vi)
put keys_cpu_ms "$(echo "$out" | field cpu_ms_per_key)"
put keys_n "$(echo "$out" | field 'keys')"
put keys_scrolled "$(echo "$out" | field scrolled)"

# --- sizes a USB stick may bring --------------------------------------------
say "question bank import, 100,000 questions"
$py "$here/gen.py" bank "$tmp/bank" 100000
"$bin" check --db "$tmp/bank.db" >/dev/null
cp "$tmp/bank.db" "$tmp/bank-peer.db"
t=$(now_ns)
"$bin" import questions "$tmp/bank/banks/vi/ocop.gift" --db "$tmp/bank.db" >/dev/null
put bank_import_s "$(since "$t")"
# The peer: the same rows as plain INSERTs in one transaction.
t=$(now_ns)
sqlite3 "$tmp/bank-peer.db" <"$tmp/bank/bank.sql"
put bank_peer_s "$(since "$t")"
rm -rf "$tmp/bank" "$tmp/bank.db" "$tmp/bank-peer.db"
say "search in one 20 MB sentence"
mkdir -p "$tmp/sentence/doan"
$py "$here/gen.py" sentence "$tmp/sentence/doan/vi.md" 20000000
"$bin" check --db "$tmp/sentence.db" >/dev/null
sqlite3 "$tmp/sentence.db" "INSERT OR REPLACE INTO meta(key, value) VALUES ('article_max_mb', '32')"
"$bin" import content "$tmp/sentence" --db "$tmp/sentence.db" >/dev/null 2>&1
t=$(now_ns)
"$bin" search --db "$tmp/sentence.db" --lang vi "đoạn" >/dev/null
put sentence_search_s "$(since "$t")"
t=$(now_ns)
grep -cF "đoạn" "$tmp/sentence/doan/vi.md" >/dev/null
put sentence_grep_s "$(since "$t")"
rm -rf "$tmp/sentence" "$tmp/sentence.db"

# --- search and import -----------------------------------------------------
say "search corpus ($search_counts articles x 3 languages)"
$py "$here/gen.py" corpus "$tmp/c" "$(echo $search_counts | tr ' ' ,)"
$py "$here/gen.py" queries $nqueries >"$tmp/queries"
cc -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I"$root" -I"$build" \
	"$here/searchbench.c" "$build/content/libnkcontent.a" "$build/core/libnkcore.a" \
	$(pkg-config --cflags icu-uc) $(pkg-config --libs sqlite3 md4c) -lunistring -lm -o "$tmp/searchbench"

# Largest first: its time budget decides how many queries every point runs.
for n in $(echo $search_counts | tr ' ' '\n' | sort -rn); do
	db=$tmp/s$n.db
	say "import and search, $n articles"
	"$bin" check --db "$db" >/dev/null
	t=$(now_ns)
	"$bin" import content "$tmp/c/$n" --db "$db" >/dev/null
	put "import_s_$n" "$(since "$t")"
	put "db_mb_$n" "$(size_mb "$db")"
	# The peer: the same rows in a plain FTS5 table, title weighted 10x.
	sqlite3 "$tmp/p$n.db" <<-EOF
		ATTACH '$db' AS o;
		CREATE TABLE article_texts(id INTEGER PRIMARY KEY, slug TEXT NOT NULL,
		  lang TEXT NOT NULL, title TEXT NOT NULL, plain TEXT NOT NULL);
		INSERT INTO article_texts SELECT id, slug, lang, title, plain FROM o.article_texts;
		CREATE VIRTUAL TABLE fts USING fts5(title, plain, content = 'article_texts',
		  content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4 5 6');
		INSERT INTO fts(fts) VALUES ('rebuild');
		INSERT INTO fts(fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)');
	EOF
	if [ "$n" = "$big_s" ]; then
		"$tmp/searchbench" "$db" "$tmp/queries" 3 "$budget" >"$tmp/ours.$n"
		nq=$(wc -l <"$tmp/ours.$n")
		head -n "$nq" "$tmp/queries" >"$tmp/q"
		put search_n "$nq"
	else
		"$tmp/searchbench" "$db" "$tmp/q" 3 100000 >"$tmp/ours.$n"
	fi
	set -- $($py "$here/stats.py" col "$tmp/ours.$n" 1)
	put "ours_med_$n" "$1"
	put "ours_p95_$n" "$2"
	set -- $($py "$here/stats.py" col "$tmp/ours.$n" 2)
	put "ours_cpu_med_$n" "$1"
	put "ours_cpu_p95_$n" "$2"
	set -- $($py "$here/stats.py" col "$tmp/ours.$n" 3)
	put "matches_med_$n" "$(printf %.0f "$1")"
	put "per_match_us_$n" "$($py "$here/stats.py" per-match "$tmp/ours.$n")"

	$py "$here/stats.py" peersql "$tmp/q" 3 top >"$tmp/peer.sql"
	sqlite3 "$tmp/p$n.db" <"$tmp/peer.sql" >"$tmp/timer" 2>&1
	$py "$here/stats.py" sqltimer "$tmp/timer" 3 >"$tmp/peer.$n"
	set -- $($py "$here/stats.py" col "$tmp/peer.$n" 1)
	put "peer_med_$n" "$1"
	put "peer_p95_$n" "$2"
	if [ "$n" = "$big_s" ]; then
		# ntmkiosk's own SQL over the plain table: where the time goes.
		$py "$here/stats.py" peersql "$tmp/q" 1 shape >"$tmp/shape.sql"
		sqlite3 "$tmp/p$n.db" <"$tmp/shape.sql" >"$tmp/timer" 2>&1
		$py "$here/stats.py" sqltimer "$tmp/timer" 1 >"$tmp/shape"
		set -- $($py "$here/stats.py" col "$tmp/shape" 1)
		put shape_med "$1"
		# One process per query: start-up and opening the database.
		hyperfine -N -w 3 -r 20 --style none --export-json "$tmp/p.json" \
			"$bin search --db $db zzqxjv" >/dev/null
		put proc_overhead_ms "$(awk -v s="$($py "$here/stats.py" hyperfine "$tmp/p.json")" \
			'BEGIN { print s * 1000 }')"
	fi

	# grep -ri over the source files, one process per query.
	: >"$tmp/grep.$n"
	while IFS= read -r q; do
		t=$(now_ns)
		grep -rilF -- "$q" "$tmp/c/$n" >/dev/null || true
		awk -v a="$t" -v b="$(now_ns)" 'BEGIN { printf "%.4f\n", (b - a) / 1e6 }' \
			>>"$tmp/grep.$n"
	done <"$tmp/q"
	set -- $($py "$here/stats.py" col "$tmp/grep.$n" 1)
	put "grep_med_$n" "$1"
	put "grep_p95_$n" "$2"
	rm -f "$tmp/p$n.db"
	[ "$n" = 5000 ] || rm -f "$db" "$db-wal" "$db-shm"
done
rm -rf "$tmp/c"

# --- exports ---------------------------------------------------------------
cat >"$tmp/peer-csv.sql" <<'EOF'
SELECT uuid, attempt_uuid, kiosk_id, position + 1, question_id,
  CASE chosen WHEN 1 THEN 'A' WHEN 2 THEN 'B' WHEN 4 THEN 'C' WHEN 8 THEN 'D' END,
  correct, timed_out, ((CAST(ms AS INTEGER) + 50) / 100) / 10.0,
  datetime(answered_at, 'localtime')
FROM answers ORDER BY answered_at, attempt_uuid, position, uuid;
EOF
# The databases first, all kept; then the timing in interleaved rounds
# (every size in each round, the order rotated, ours and the peer's
# alternating), as CPU time (user + system): a busy moment of the machine
# then neither falls on one size nor counts against one side, and growth is
# measured in work done rather than in waiting.
for n in $answer_counts; do
	say "exports, $n answers: making the database"
	"$bin" check --db "$tmp/e$n.db" >/dev/null
	sed "s/@N@/$n/g" "$here/answers.sql" | sqlite3 "$tmp/e$n.db"
	put "edb_mb_$n" "$(size_mb "$tmp/e$n.db")"
	: >"$tmp/csv.ours.$n"
	: >"$tmp/csv.peer.$n"
	: >"$tmp/xlsx.$n"
done
# cpu FILE COMMAND...: appends "user+system seconds<TAB>peak KB" to FILE.
cpu() {
	f=$1
	shift
	/usr/bin/time -o "$tmp/time" -f '%U %S %M' "$@" >/dev/null 2>&1
	awk '{ printf "%.3f\t%s\n", $1 + $2, $3 }' "$tmp/time" >>"$f"
}
set -- $answer_counts
sizes="$*"
for round in 0 1 2 3 4 5; do
	say "exports: round $round"
	order=$sizes
	i=0
	while [ $i -lt $((round % 3)) ]; do # rotate
		order="$(echo "$order" | cut -d' ' -f2-) $(echo "$order" | cut -d' ' -f1)"
		i=$((i + 1))
	done
	for n in $order; do
		db=$tmp/e$n.db
		to=$tmp/csv.ours.$n
		tp=$tmp/csv.peer.$n
		tx=$tmp/xlsx.$n
		# The first round only warms the page cache up.
		[ "$round" = 0 ] && to=/dev/null tp=/dev/null tx=/dev/null
		if [ $((round % 2)) = 0 ]; then
			cpu "$to" "$bin" export answers --format csv --db "$db"
			cpu "$tp" sqlite3 -csv "$db" ".read $tmp/peer-csv.sql"
		else
			cpu "$tp" sqlite3 -csv "$db" ".read $tmp/peer-csv.sql"
			cpu "$to" "$bin" export answers --format csv --db "$db"
		fi
		if [ "$round" -le 3 ]; then
			cpu "$tx" "$bin" export answers --format xlsx --db "$db" --out "$tmp/a.xlsx"
			rm -f "$tmp/a.xlsx"
		fi
	done
done
for n in $answer_counts; do
	put "csv_s_$n" "$($py "$here/stats.py" col "$tmp/csv.ours.$n" 1 | cut -d' ' -f1)"
	put "csv_peer_s_$n" "$($py "$here/stats.py" col "$tmp/csv.peer.$n" 1 | cut -d' ' -f1)"
	put "xlsx_s_$n" "$($py "$here/stats.py" col "$tmp/xlsx.$n" 1 | cut -d' ' -f1)"
	put "xlsx_kb_$n" "$(sort -n -k2 "$tmp/xlsx.$n" | tail -n 1 | cut -f2)"
	if [ "$n" = "$big_a" ]; then
		# Start-up and opening the database (export skips quick_check).
		hyperfine -N -w 1 -r 5 --style none --export-json "$tmp/o.json" \
			"$bin search --db $tmp/e$n.db zzqxjv" >/dev/null
		put open_big_ms "$(awk -v s="$($py "$here/stats.py" hyperfine "$tmp/o.json")" \
			'BEGIN { print s * 1000 }')"
	else
		rm -f "$tmp/e$n.db" "$tmp/e$n.db-wal" "$tmp/e$n.db-shm"
	fi
done

# --- resident memory with a 100 MB database --------------------------------
# The 5,000-article corpus topped up with quiz attempts and answers.
say "resident memory"
db=$tmp/rss.db
cp "$tmp/s5000.db" "$db"
k=0
while [ "$(stat -c %s "$db")" -lt 100000000 ]; do
	sqlite3 "$db" <<-EOF
		ATTACH '$tmp/e$big_a.db' AS e;
		BEGIN;
		INSERT INTO attempts SELECT * FROM e.attempts WHERE rowid > $k AND rowid <= $k + 5000;
		INSERT INTO answers SELECT * FROM e.answers
		  WHERE rowid > $k * 10 AND rowid <= ($k + 5000) * 10;
		COMMIT;
	EOF
	k=$((k + 5000))
done
rm -f "$tmp/s5000.db" "$tmp/e$big_a.db"
put rss_db_mb "$(size_mb "$db")"
out=$($py "$here/pty.py" rss "$bin" --db "$db")
put rss_kb "$(echo "$out" | field peak_rss_kb)"
# Start-up again, with this database (the day's backup was made by the walk).
out=$($py "$here/pty.py" startup 10 "Tiếng Việt" "$bin" --db "$db")
put startup_big_ms "$(echo "$out" | field median_ms_0)"

# --- the report ------------------------------------------------------------
put wall_s "$(printf %.0f "$(since "$started")")"
put load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
$py "$here/stats.py" report "$kv" "$here/RESULTS.md"

# --- records that travel (their own script, with a PostgreSQL server) --------
sh "$here/sync.sh" "$build"
