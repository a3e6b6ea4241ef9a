#!/bin/sh
# The contest row of the benchmarks (bench/README.md): how long the audience display takes to
# show what a host's Enter changed, p50 and p95 over 200 steps, and what the console and the
# display (and a team terminal and the shared keyboard) cost while nothing happens. Usage: sh bench/contest.sh BUILD_DIR [STEPS] [IDLE_S]
set -eu
build=${1:-build}
steps=${2:-200}
idle=${3:-20}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin=$(cd "$build" && pwd)/ntmkiosk
export NTMKIOSK_DATADIR="$root" NTMKIOSK_LOCALEDIR="$(cd "$build" && pwd)/locales"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=$tmp/c.db
"$bin" contest new --name "Bench" --date 2026-12-08 --db "$db" >/dev/null
for t in 1 2 3 4; do "$bin" contest team --name "Team $t" --db "$db" >/dev/null; done
# Enough questions for the steps: five a question (show, lock, reveal, leaderboard, next).
for r in 1 2 3 4 5; do
	"$bin" contest round --mode accuracy --questions 10 --time 0 --db "$db"
done
# Idle CPU in ms per second, in this order: host, display, team terminal, shared keyboard.
python3 "$here/pty.py" contest "$steps" "$idle" "$bin" contest host --db "$db" -- \
	"$bin" contest display --db "$db" -- "$bin" contest player --team 1 --db "$db" -- \
	"$bin" contest player --keyboard --db "$db"
