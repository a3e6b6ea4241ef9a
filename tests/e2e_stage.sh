#!/bin/sh
# End to end, an event day run as a host would, with every accident the stage has seen:
# the real binary in a private tmux server over one database. Four teams, three rounds
# (accuracy; speed; elimination with a rescue question); team 1 answers by boards typed at
# the console, team 2 on its own terminal, teams 3 and 4 on the shared keyboard; the
# audience display runs at 160x45 and at 80x24. On the way: a second console that only
# watches until it takes over; inputs set at the console and wrong keys ignored; a double
# Enter; a step meant for a state that has passed; `s` in the middle of a team number; undo
# and redo of the host's own entries only; confirmations for undo after the lock, a skip
# after the reveal, ending a round early and leaving; a team terminal's arrows, Enter and `?`;
# a new contest made in the same database; kill -9 of every process, and time-up written by
# the display while the console is down. The prize list at the end is the one computed by
# hand below, in `contest status` and in the export.
set -u
bin=$1
sock="ntmkiosk-e2e-stage-$$"
. "$(dirname "$0")/e2e_lib.sh"
db="$tmp/k.db"
export NTMKIOSK_DATADIR="${NTMKIOSK_DATADIR:-}" NTMKIOSK_LOCALEDIR="${NTMKIOSK_LOCALEDIR:-}"
run() { echo "'$bin' contest $1 --db '$db'; printf '\\r\\nEXITED %s\\r\\n' \$?; sleep 120"; }
cli() { "$bin" "$@" --db "$db"; }

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
absent() { # pane, text, what: after the screens have had time to follow
  sleep 1
  if screen "$1" | grep -qF -- "$2"; then fails=$((fails + 1)); echo "FAIL - $3"; screen "$1"
  else ok "$3"; fi
}
state() { cli contest status --contest "$uuid" | sed -n 's/^state	//p'; }
wait_state() { # state, what
  i=0
  while [ $i -lt 300 ] && [ "$(state)" != "$1" ]; do sleep 0.1; i=$((i + 1)); done
  if [ "$(state)" = "$1" ]; then ok "$2"; else fails=$((fails + 1)); echo "FAIL - $2 ($(state))"; fi
}
key() { t send-keys -t "$H" "$@"; sleep 0.2; }
# Enter at the console, well after the one before (a second one at once is ignored).
step() { sleep 0.4; t send-keys -t "$H" Enter; sleep 0.4; }
right_letter() { screen "$H" | sed -n 's/^ *\([A-H]\) ✓ .*/\1/p' | head -n 1; }
lower() { printf '%s' "$1" | tr 'A-H' 'a-h'; }
wrong_of() { if [ "$1" = A ]; then echo B; else echo A; fi; }
# The shared keyboard: team 3 answers with a s d f, team 4 with z x c v.
kb3() { case $1 in A) echo a;; B) echo s;; C) echo d;; *) echo f;; esac; }
kb4() { case $1 in A) echo z;; B) echo x;; C) echo c;; *) echo v;; esac; }
# kill -9 of the program in a pane (the child of the pane's shell), and a new one in its place.
kill9() {
  pid=$(t display -p -t "$1" '#{pane_pid}')
  child=$(pgrep -P "$pid" ntmkiosk)
  [ -n "$child" ] && kill -9 "$child"
  wait_pane "$1" "EXITED 137" >/dev/null
}
restart() { t respawn-pane -k -t "$1" "$(run "$2")"; }

# Set up from the command line.
uuid=$(cli contest new --name "Hoi thi tim hieu NTM" --date 2026-12-08 --place "Nha van hoa xa")
cli contest team --name "Ban Na Sang" --village "Na Sang" --members "Lo Van A, Giang Thi B" >/dev/null
cli contest team --name "Ban Pa Khoang" --village "Pa Khoang" --members "Vang A Chu" >/dev/null
cli contest team --name "Thon Hong Phong" >/dev/null
cli contest team --name "Ban Muong Phang" --village "Muong Phang" >/dev/null
cli contest round --mode accuracy --questions 3 --time 0 --points 10
cli contest round --mode speed --questions 2 --time 600 --points 20 --reading 3
cli contest round --mode elimination --questions 3 --time 20 --points 10
if cli contest new --name X --date 2026-13-45 2>/dev/null; then no "a date that is not one was taken"
else ok "contest new refuses a date that is not one"; fi

H1=$(t -f /dev/null new-session -d -P -F '#{pane_id}' -s ev -x 200 -y 60 "$(run host)")
TEAM=$(t split-window -h -P -F '#{pane_id}' -t "$H1" "$(run 'player --team 2')")
KEYS=$(t split-window -v -P -F '#{pane_id}' -t "$TEAM" "$(run 'player --keyboard')")
BIG=$(t new-session -d -P -F '#{pane_id}' -s big -x 160 -y 45 "$(run display)")
SMALL=$(t new-session -d -P -F '#{pane_id}' -s small -x 80 -y 24 "$(run display)")
check "$H1" "Enter: bắt đầu cuộc thi" "the console opens on the contest set up from the command line"
check "$BIG" "4. Ban Muong Phang — Muong Phang" "the display at 160x45 lists the teams"
check "$SMALL" "4. Ban Muong Phang — Muong Phang" "the display at 80x24 lists the teams"

# A second console only watches, until it takes over on purpose; then the first one watches.
H=$(t new-session -d -P -F '#{pane_id}' -s two -x 120 -y 40 "$(run host)")
check "$H" "Một bàn điều khiển khác đang mở cuộc thi này" "a second console is told another is open"
step
[ "$(state)" = setup ] && ok "the second console's Enter does nothing" || no "second console stepped"
key T
check "$H" "Nhận quyền dẫn chương trình ở máy này?" "taking over asks first"
key y
check "$H" "Máy này giờ là bàn điều khiển" "the second console takes over"
check "$H1" "Một bàn điều khiển khác đã nhận quyền" "the first console is told, and only watches"
t send-keys -t "$H1" Enter
check "$H1" "Một bàn điều khiển khác đang dẫn chương trình" "the first console's Enter is refused"
[ "$(state)" = setup ] && ok "nothing stepped from the first console" || no "first console stepped"
kill9 "$H1"
ok "the first console killed (kill -9); the second runs the contest"

# Inputs: team 1 boards, team 2 its terminal, teams 3 and 4 the shared keyboard.
key 1 i 1 i 1 i
check "$H" "Đội 1 trả lời bằng: bảng giơ lên, người dẫn gõ vào" "team 1: boards"
key 2 i
key 3 i 3 i
key 4 i 4 i
check "$H" "Đội 4 trả lời bằng: bàn phím chung" "teams 2, 3, 4: terminal, keyboard, keyboard"
check "$KEYS" "máy riêng của đội" "the shared keyboard shows which teams answer elsewhere"

# Round 1, accuracy, until the host locks.
step # start
wait_state ready "started"
sleep 0.5
t send-keys -t "$H" Enter Enter # show, and a second Enter at once
check "$H" "Enter bị bấm hai lần: lần thứ hai không được tính." "a double Enter is told"
sleep 1
[ "$(state)" = showing ] && ok "a double Enter steps once" || no "double Enter: $(state)"
check "$BIG" "Vòng 1 · Câu 1/3" "the display shows the question"
r=$(right_letter); w=$(wrong_of "$r")
# Team 2's terminal: the arrows move, and answer nothing.
wait_pane "$TEAM" "Bấm A, B, C hoặc D" >/dev/null
t send-keys -t "$TEAM" Down Down
absent "$H" "(máy của đội)" "the arrows on a team terminal answer nothing"
t send-keys -t "$TEAM" "$(lower "$r")"
check "$TEAM" "Đội của bạn chọn: $r" "team 2 answers on its terminal"
t send-keys -t "$TEAM" Enter Enter # the same answer again: nothing new
# The shared keyboard: team 1's keys are ignored (it answers by boards).
t send-keys -t "$KEYS" 1
check "$KEYS" "Bỏ qua phím: đội 1 trả lời bằng bảng giơ lên" "a key for a team that answers elsewhere is ignored"
t send-keys -t "$KEYS" "$(kb3 "$w")" "$(kb4 "$r")"
# The host: a mistaken board for team 1; `s` in the middle of a team number does nothing.
key 1 "$(lower "$w")"
key 2 s
check "$H" "Nhập tiếp chữ cái của đáp án, hoặc Esc." "s in the middle of a team number is refused"
[ "$(state)" = showing ] && ok "nothing skipped" || no "skipped mid-typing"
key Escape
key u
check "$H" "Đã hoàn tác: câu 1, đội 1: $w → –" "undo takes back the host's own entry, named"
key U
check "$H" "Đã làm lại: câu 1, đội 1: – → $w" "and redo puts it back"
key u
key u
check "$H" "Không có gì để hoàn tác" "the keyboard's and the terminal's answers are not the host's to undo"
key 1 "$(lower "$r")"
check "$BIG" "Đã trả lời: 4/4" "four answers, from three inputs"
step # lock
check "$BIG" "Người dẫn chương trình đã khóa câu trả lời." "the display says the host locked"
key u
check "$H" "Câu trả lời đã bị khóa. Hoàn tác câu 1, đội 1: $r → –?" "undo after the lock asks first"
key n
check "$H" "Chưa làm." "and no leaves it"
step # reveal
check "$BIG" "Trả lời đúng: 3/4" "revealed: three right"
key s
check "$H" "Bỏ qua câu này sau khi đã công bố đáp án?" "a skip after the reveal asks first"
key Escape
[ "$(state)" = revealed ] && ok "Esc leaves it" || no "skipped after reveal: $(state)"
step # leaderboard
check "$SMALL" "+10" "the leaderboard shows the points each team gained"
step # next

# Question 2: team 1 right, 2 wrong, 3 right, 4 wrong. The display and the team terminal
# are killed (kill -9) and come back; a stale step is refused.
step # show
wait_state showing "question 2 shown"
r=$(right_letter); w=$(wrong_of "$r")
kill9 "$BIG"; restart "$BIG" display
kill9 "$TEAM"; restart "$TEAM" "player --team 2"
kill9 "$KEYS"; restart "$KEYS" "player --keyboard"
check "$BIG" "Vòng 1 · Câu 2/3" "the display is back on question 2 after kill -9"
wait_pane "$TEAM" "Bấm A, B, C hoặc D" >/dev/null && ok "the team terminal is back after kill -9" || no "team terminal"
wait_pane "$KEYS" "Trả lời ngay bằng các phím của đội" >/dev/null && ok "the shared keyboard is back after kill -9" || no "keyboard"
t send-keys -t "$TEAM" "$(lower "$w")"
t send-keys -t "$KEYS" "$(kb3 "$r")" "$(kb4 "$w")"
key 1 "$(lower "$r")"
check "$BIG" "Đã trả lời: 4/4" "question 2: four answers"
step # lock
step # reveal
step # leaderboard
check "$BIG" "Bảng điểm" "question 2 on the leaderboard"
# Ending the round early asks first, and the display says so; question 3 counts for no one.
key k
check "$H" "Kết thúc vòng này ngay?" "ending a round early asks first"
key y
check "$SMALL" "Vòng 1 đã kết thúc sớm" "the display says the round was ended early"
wait_state round-end "round 1 over"

# Round 2, speed (600 s: every answer here earns the full 20). A new contest made in the same
# database meanwhile takes no screen over.
other=$(cli contest new --name "Cuoc thi khac")
step # next round
step # show
wait_state showing "round 2 shown"
absent "$SMALL" "Cuoc thi khac" "a new contest in the database takes no screen over"
check "$BIG" "Đọc câu hỏi: còn" "the display shows the reading time before answers open"
i=0
while screen "$BIG" | grep -qF "Đọc câu hỏi: còn" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
r=$(right_letter); w=$(wrong_of "$r")
wait_pane "$TEAM" "Bấm A, B, C hoặc D" >/dev/null
t send-keys -t "$TEAM" '?'
check "$TEAM" "mũi tên: di chuyển" "? on a team terminal shows its keys"
if screen "$TEAM" | grep -q '[0-9] s$'; then ok "and the countdown stays in view"
else no "countdown hidden by help"; screen "$TEAM"; fi
t send-keys -t "$TEAM" '?' "$(lower "$r")"
t send-keys -t "$KEYS" "$(kb3 "$w")" "$(kb4 "$r")"
key 1 "$(lower "$r")"
check "$BIG" "Đã trả lời: 4/4" "speed question 1: four answers"
step; step; step # lock, reveal, leaderboard
check "$BIG" "+20" "speed points gained"
step # next
step # show question 2
wait_state showing "speed question 2 shown"
key s # skipped while showing: no confirmation needed, nothing revealed
check "$BIG" "Câu 2 đã bị bỏ qua: không tính điểm cho đội nào." "the display says the question was skipped"
wait_state round-end "round 2 over by the skip"

# Round 3, elimination, 20 s a question. Teams 1 and 2 answer right; 3 and 4 not at all.
# The console is killed (kill -9) while the question runs; the display locks it at time-up.
step # next round
step # show
wait_state showing "round 3 shown"
check "$BIG" "Còn trong cuộc: 1, 2, 3, 4" "the display shows who is still in"
r=$(right_letter)
t send-keys -t "$TEAM" "$(lower "$r")"
key 1 "$(lower "$r")"
check "$BIG" "Đã trả lời: 2/4" "two answers"
kill9 "$H"
wait_state locked "time-up written while the console is down"
check "$BIG" "Hết giờ" "the display says time is up"
restart "$H" host
check "$H" "Enter: công bố đáp án" "the console comes back on the locked question"
step # reveal
step # leaderboard
check "$BIG" "bị loại" "teams 3 and 4 are out"
step # next
# A rescue question: team 3 right (back in), team 4 wrong.
key r
check "$H" "Câu này là câu hỏi cứu trợ." "a rescue question"
step # show
wait_state showing "rescue shown"
r=$(right_letter); w=$(wrong_of "$r")
t send-keys -t "$KEYS" "$(kb3 "$r")" "$(kb4 "$w")"
check "$BIG" "Đã trả lời: 2/2" "the rescue: two answers"
step; step; step; step # lock, reveal, leaderboard, next
# The last question: team 1 right, team 2 wrong (out), team 3 right.
step # show
wait_state showing "question 3 shown"
check "$SMALL" "Còn trong cuộc: 1, 2, 3" "team 3 is back in"
r=$(right_letter); w=$(wrong_of "$r")
key 1 "$(lower "$r")"
t send-keys -t "$TEAM" "$(lower "$w")"
t send-keys -t "$KEYS" "$(kb3 "$r")"
check "$BIG" "Đã trả lời: 3/3" "question 3: three answers"
step; step; step; step # lock, reveal, leaderboard, next: end of round 3
wait_state round-end "round 3 over"
# Leaving the console asks first.
key q
check "$H" "Rời bàn điều khiển?" "leaving asks first"
key n
step # finished
wait_state finished "the contest is over"
check "$BIG" "Đội đoạt giải" "the podium at 160x45"
check "$SMALL" "Đội đoạt giải" "the podium at 80x24"

# The prize list, computed by hand:
#   round 1 (10 a right answer; question 3 not played): team 1 2 right, team 2 1, team 3 1,
#     team 4 1                                          → 20, 10, 10, 10
#   round 2 (speed, 20, 3 s of reading first; question 2 skipped): teams 1, 2, 4 right
#     within 30 s of 600
#                                                      → 40, 30, 10, 30
#   round 3 (elimination, 10): question 1 teams 1, 2; the rescue earns nothing;
#     question 3 teams 1 and 3                           → 60, 40, 20, 30
status=$(cli contest status --contest "$uuid")
want="rank 1	team 1	60
rank 2	team 2	40
rank 3	team 4	30
rank 4	team 3	20"
got=$(printf '%s\n' "$status" | grep '^rank' | cut -f1-3)
if [ "$got" = "$want" ]; then ok "contest status: the prize list computed by hand"
else no "status:
$got"; fi
csv=$(cli export contest --contest "$uuid" --format csv)
for line in "1,Giải Nhất,1,Ban Na Sang,Na Sang,\"Lo Van A, Giang Thi B\",60," \
            "2,Giải Nhì,2,Ban Pa Khoang,Pa Khoang,Vang A Chu,40," \
            "3,Giải Ba,4,Ban Muong Phang,Muong Phang,,30,"; do
  if printf '%s\n' "$csv" | grep -qF -- "$line"; then ok "export: $line"
  else no "export lacks: $line
$csv"; fi
done
# The log: local time to the tenth of a second, the lock times; Enter again on the team
# terminal answered nothing new.
log=$(cli contest log --contest "$uuid")
if printf '%s\n' "$log" | grep -qE '^20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]	'; then
  ok "contest log: local time to the tenth of a second"
else no "log times: $(printf '%s\n' "$log" | head -3)"; fi
if printf '%s\n' "$log" | grep -qE '	timer	lock	round 3 question 1	at 20\.0 s$'; then
  ok "contest log: the lock at time-up, with its time"
else no "log lock: $(printf '%s\n' "$log" | grep lock)"; fi
if printf '%s\n' "$log" | grep -q '	round 1$'; then ok "contest log: round lines name no question"
else no "log round lines"; fi
n2=$(printf '%s\n' "$log" | grep -c '	team:2	\(answer\|replace\)	round 1 question 1	')
if [ "$n2" = 1 ]; then ok "team 2's Enter after its answer gave no second answer"
else no "team 2 answered $n2 times on question 1"; fi
[ -n "$other" ] && ok "the other contest is still there, untouched"

echo "$fails failed"
[ "$fails" = 0 ]
