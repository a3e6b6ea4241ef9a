#!/bin/sh
# SIGTERM ends the kiosk even in the middle of a long operation, and the
# terminal comes back: the kiosk opens an article whose one paragraph holds
# 60,000 links (md4c takes seconds over it), is sent SIGTERM while it is at
# it, and must die of the signal (exit status 143) rather than finish the
# work first (which ends with status 0). Then SIGTERM while it waits for a
# key still ends it cleanly (status 0).
set -u
bin=$1
sock="ntmkiosk-e2e-sigterm-$$"
. "$(dirname "$0")/e2e_lib.sh"

db="$tmp/k.db"
"$bin" check --db "$db" >/dev/null 2>&1 || { echo "FAIL - database"; exit 1; }
sqlite3 "$db" "INSERT OR REPLACE INTO meta(key, value) VALUES ('article_max_mb', '16')"
mkdir -p "$tmp/src/bai-dai"
{
  printf -- '---\nslug: bai-dai\ntopic: ntm\ntitle: Bài rất dài\norder: 1\nstatus: reviewed\n'
  printf 'source: x\nperiod: 2026\nupdated: 2026-11-22\n---\n\n'
  awk 'BEGIN { for (i = 0; i < 60000; i++)
    printf "Dòng %d: người dân [làm đường](article:bai-dai) cùng nhau.\n", i }'
} >"$tmp/src/bai-dai/vi.md"
"$bin" import content "$tmp/src" --db "$db" >/dev/null 2>&1 || { echo "FAIL - import"; exit 1; }

kiosk_pid() { ps -o pid= --ppid "$(t list-panes -t kiosk -F '#{pane_pid}')" | tr -d ' ' | head -n 1; }

start_kiosk --db "'$db'" --lang vi
wait_for "Bài viết" && ok "menu" || no "menu"
t send-keys -t kiosk /
wait_for "Tìm:" || no "search screen"
t send-keys -t kiosk -l -- "bai rat dai"
wait_for "Bài rất dài" || no "search result"
pid=$(kiosk_pid)
t send-keys -t kiosk Down Enter
# Busy once its CPU time grows: it is reading the article.
cpu() { awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0; }
c0=$(cpu); i=0
while [ "$(cpu)" -le "$((c0 + 10))" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -TERM "$pid"
wait_for "EXITED" || no "the kiosk did not end"
t capture-pane -p -t kiosk | grep -q "EXITED 143" \
  && ok "SIGTERM in the middle of a long operation ends the kiosk at once" \
  || no "SIGTERM while busy: the kiosk finished its work first"
# Mouse reports and the full screen are off again: the shell's line shows.
t capture-pane -p -t kiosk | grep -q "Bài rất dài" \
  && no "the kiosk's screen stayed after SIGTERM" || ok "the terminal is restored"

start_kiosk --db "'$db'" --lang vi
wait_for "Bài viết" || no "menu again"
kill -TERM "$(kiosk_pid)"
wait_for "EXITED 0" && ok "SIGTERM while waiting for a key ends it cleanly" \
  || no "SIGTERM while idle"
[ $fails = 0 ] && echo "all ok"
exit $fails
