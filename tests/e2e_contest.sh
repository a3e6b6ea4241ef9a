#!/bin/sh
# End to end, an event day: the real binary in a private tmux server, the
# host's console, the audience display, team 2's own terminal and a shared
# keyboard (team 4) in four panes of one window over one database. The host
# creates the contest, registers four teams and two rounds (accuracy, then
# speed) at the console, and runs it; the console is killed in the middle of
# a question and started again and carries on; the display ends on the
# podium, and `contest status` and `export contest` agree with it.
set -u
bin=$1
sock="ntmkiosk-e2e-contest-$$"
. "$(dirname "$0")/e2e_lib.sh"
db="$tmp/k.db"
env="NTMKIOSK_DATADIR='${NTMKIOSK_DATADIR:-}' NTMKIOSK_LOCALEDIR='${NTMKIOSK_LOCALEDIR:-}'"
run() { echo "$env '$bin' contest $1 --db '$db'; printf '\\r\\nEXITED %s\\r\\n' \$?; sleep 60"; }

screen() { t capture-pane -p -t "$1"; }
wait_pane() { # pane, text
  i=0
  while [ $i -lt 300 ]; do
    screen "$1" 2>/dev/null | grep -qF -- "$2" && return 0
    sleep 0.1; i=$((i + 1))
  done
  echo "--- pane $1, waiting for '$2':"; screen "$1"
  return 1
}
check() { # pane, text, what
  if wait_pane "$1" "$2"; then ok "$3"; else fails=$((fails + 1)); echo "FAIL - $3"; fi
}
# Enter waits a moment after the key before: a second Enter at once is taken for a
# double press and ignored.
key() { [ "$1" = Enter ] && sleep 0.35; t send-keys -t "$HOST" "$@"; sleep 0.15; }
# Replaces a form field's value (Backspace over what is there, then the text).
field() { key BSpace BSpace BSpace BSpace BSpace; [ -n "$1" ] && key -l "$1"; key Enter; }
right_letter() { screen "$HOST" | sed -n 's/^ *\([A-H]\) ✓ .*/\1/p' | head -n 1; }
lower() { printf '%s' "$1" | tr 'A-H' 'a-h'; }
keyboard_key() { case $1 in A) echo z;; B) echo x;; C) echo c;; *) echo v;; esac; }
wrong_of() { if [ "$1" = A ]; then echo B; else echo A; fi; }

# Panes are named by their ids (%N), which splitting does not renumber.
HOST=$(t -f /dev/null new-session -d -P -F '#{pane_id}' -s ev -x 200 -y 60 "$(run host)")
check "$HOST" "Cuộc thi mới" "the console opens on the form for a new contest"
field "Hoi thi tim hieu NTM"
key Enter # today's date as offered
field "Nha van hoa xa"
key Enter # one answer per team
check "$HOST" "Đã tạo cuộc thi" "contest created at the console"
for team in "Ban Na Sang|Na Sang|Lo Van A, Giang Thi B" "Ban Pa Khoang|Pa Khoang|Vang A Chu" \
            "Thon Hong Phong|Hong Phong|" "Ban Muong Phang|Muong Phang|"; do
  key n
  wait_pane "$HOST" "Đội mới" >/dev/null
  IFS='|' read -r name village members <<EOF
$team
EOF
  field "$name"; field "$village"; field "$members"
done
check "$HOST" "4. Ban Muong Phang — Muong Phang" "four teams registered"
key r; wait_pane "$HOST" "Vòng thi mới" >/dev/null
field 1; field 2; field 120; field 10; field ""; field ""; field 0
key r; wait_pane "$HOST" "Vòng thi mới" >/dev/null
field 2; field 2; field 90; field 20; field ""; field ""; field 0
check "$HOST" "2. Tốc độ, 2 câu hỏi, mỗi câu 90.0 s, 20 điểm" "two rounds: accuracy, then speed"

DISP=$(t split-window -h -P -F '#{pane_id}' -t "$HOST" "$(run display)")
TEAM=$(t split-window -v -P -F '#{pane_id}' -t "$HOST" "$(run 'player --team 2')")
KEYS=$(t split-window -v -P -F '#{pane_id}' -t "$DISP" "$(run 'player --keyboard')")
check "$DISP" "Ban Muong Phang — Muong Phang" "the display lists the teams"
check "$TEAM" "Cuộc thi sắp bắt đầu" "team 2's terminal waits for the start"

# Plays the question on screen: team 2 answers right on its terminal, team 1
# right at the console, team 3 wrong at the console, team 4 wrong on the
# shared keyboard.
play_question() {
  key Enter # show
  wait_pane "$HOST" "Đang trả lời" >/dev/null || return 1
  r=$(right_letter)
  w=$(wrong_of "$r")
  wait_pane "$TEAM" "Bấm A, B, C hoặc D" >/dev/null || return 1
  t send-keys -t "$TEAM" "$(lower "$r")"
  wait_pane "$TEAM" "Đội của bạn chọn: $r" >/dev/null || return 1
  t send-keys -t "$KEYS" "$(keyboard_key "$w")"
  key 1 "$(lower "$r")"
  key 3 "$(lower "$w")"
}
finish_question() {
  key Enter # lock
  wait_pane "$DISP" "đã khóa câu trả lời" >/dev/null || return 1
  key Enter # reveal
  wait_pane "$DISP" "Trả lời đúng: 2/4" >/dev/null || return 1
  key Enter # leaderboard
  wait_pane "$DISP" "Bảng điểm" >/dev/null || return 1
  key Enter # next
}

key Enter # start
check "$DISP" "Chuẩn bị…" "started: the display says get ready"
if play_question; then ok "round 1, question 1 answered from three places"; else no "question 1"; fi
check "$DISP" "Đã trả lời: 4/4" "the display counts the four answers"
if finish_question; then ok "question 1: locked, revealed, leaderboard"; else no "finish 1"; fi

# Question 2: the host's console dies with answers in, and comes back.
if play_question; then ok "round 1, question 2 answered"; else no "question 2"; fi
pkill -9 -x -P "$(t display-message -p -t "$HOST" '#{pane_pid}')" ntmkiosk
check "$HOST" "EXITED 137" "the console is killed (kill -9)"
t respawn-pane -k -t "$HOST" "$(run host)"
check "$HOST" "Vòng 1 · Câu 2/2" "the console restarts on the same question"
check "$HOST" "(máy của đội)" "team 2's answer is still there after the restart"
if finish_question; then ok "question 2 finished after the restart"; else no "finish 2"; fi
check "$DISP" "Kết thúc vòng 1" "end of round 1 on the display"
key Enter # next round

for q in 1 2; do
  if play_question && finish_question; then ok "speed round, question $q"; else no "speed $q"; fi
done
check "$DISP" "Kết thúc vòng 2" "end of round 2"
key Enter # finished
check "$DISP" "Đội đoạt giải" "the display shows the podium"
check "$TEAM" "Hạng của đội: 1/4" "team 2's terminal shows its place"

# The CLI and the export agree with the screens.
status=$(NTMKIOSK_DATADIR="${NTMKIOSK_DATADIR:-}" "$bin" contest status --db "$db")
if printf '%s\n' "$status" | grep -q "^rank 1	team 2	"; then ok "contest status: team 2 first"
else no "status: $status"; fi
csv=$(NTMKIOSK_DATADIR="${NTMKIOSK_DATADIR:-}" "$bin" export contest --format csv --db "$db")
if printf '%s\n' "$csv" | grep -q "^1,Giải Nhất,2,Ban Pa Khoang,Pa Khoang,Vang A Chu,"; then
  ok "export contest: the prize list"
else no "export: $csv"; fi
answers=$(NTMKIOSK_DATADIR="${NTMKIOSK_DATADIR:-}" "$bin" export contest --format csv \
  --table answers --db "$db" | grep -c ',keyboard')
if [ "$answers" = 4 ]; then ok "every keyboard answer is in the export"; else no "keyboard answers: $answers"; fi

echo "$fails failed"
[ "$fails" = 0 ]
