#!/bin/sh
# End to end, officers: in a private tmux server, a visitor asks the commune
# a question (typed with Telex, no contact); with --kiosk and no PIN, F10
# offers nothing; at a desk, F10 sets the first PIN; the
# dashboard shows the day; an officer answers and publishes from the command
# line; the visitor's screen shows the answer; export to a folder writes the
# files; leaving kiosk mode asks, then ends the program.
set -u
bin=$1
sock="ntmkiosk-e2e-officer-$$"
. "$(dirname "$0")/e2e_lib.sh"

db="$tmp/k.db"
mkdir -p "$tmp/usb"
# An unattended kiosk with no PIN: F10 does not let whoever stands there choose one.
start_kiosk --db "'$db'" --lang vi --kiosk
wait_for "Hỏi đáp" && t send-keys -t kiosk F10
wait_for "ntmkiosk pin set" && ok "--kiosk without a PIN: officer mode stays closed" \
  || no "no-PIN kiosk"
t send-keys -t kiosk -l 1357
t send-keys -t kiosk Enter
t send-keys -t kiosk -l 1357
t send-keys -t kiosk Enter
sleep 0.3
[ "$(sqlite3 "$db" "SELECT count(*) FROM meta WHERE key = 'pin_hash'")" = 0 ] \
  && ok "no PIN was set from the screen" || no "a PIN was set from the screen"
# The kiosk for the rest: an officer's desk, where F10 sets the first PIN.
start_kiosk --db "'$db'" --lang vi
wait_for "Hỏi đáp" && t send-keys -t kiosk 3
wait_for "Gửi câu hỏi cho xã" && t send-keys -t kiosk 1
t send-keys -t kiosk -l "Bao giowf cos lowps taapj huaans?"
wait_for "Bao giờ có lớp tập huấn?" && ok "the question typed with Telex" || no "telex question"
t send-keys -t kiosk Enter Enter
wait_for "1  Đồng ý" && t send-keys -t kiosk 2
wait_for "Cảm ơn" && ok "the question is sent without a name" || no "sent"
t send-keys -t kiosk Enter Escape
sleep 0.3
t send-keys -t kiosk F10
wait_for "Hãy đặt mã PIN" && ok "F10: set the first PIN" || no "pin screen"
t send-keys -t kiosk -l 2468
t send-keys -t kiosk Enter
t send-keys -t kiosk -l 2468
t send-keys -t kiosk Enter
wait_for "Tổng quan" && ok "the officer menu" || no "officer menu"
t send-keys -t kiosk 1
wait_for "Lượt truy cập" && ok "the dashboard" || no "dashboard"
t send-keys -t kiosk Escape
sleep 0.3
id=$(sqlite3 "$db" "SELECT substr(uuid, 1, 8) FROM citizen_questions")
"$bin" questions answer "$id" "Tháng 12, tại nhà văn hóa." --db "$db" >/dev/null \
  && "$bin" questions publish "$id" --db "$db" >/dev/null && ok "answered from the command line" \
  || no "answer"
t send-keys -t kiosk 3
sleep 0.3
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do t send-keys -t kiosk BSpace; done
t send-keys -t kiosk -l "$tmp/usb"
t send-keys -t kiosk Enter
wait_for "report-" && ok "export to a folder" || no "export"
[ -s "$tmp/usb/participants-$(date +%Y-%m-%d).xlsx" ] && ls "$tmp/usb" | grep -q '^report-.*\.xlsx$' \
  && ok "the files are there" || no "files: $(ls "$tmp/usb")"
t send-keys -t kiosk Escape Escape
sleep 0.3
t send-keys -t kiosk 3
wait_for "Xem câu trả lời" && t send-keys -t kiosk 2
wait_for "Tháng 12, tại nhà văn hóa." && ok "visitors read the published answer" || no "answer shown"
t send-keys -t kiosk Escape Escape F10
wait_for "Mã PIN" && t send-keys -t kiosk -l 2468
t send-keys -t kiosk Enter
wait_for "Tổng quan" && t send-keys -t kiosk 9
wait_for "Thoát chế độ kiosk?" && ok "leaving kiosk mode asks first" || no "leave question"
t send-keys -t kiosk Enter
wait_for "Tổng quan" && ok "Enter on the question stays" || no "stay"
t send-keys -t kiosk 9
wait_for "Thoát chế độ kiosk?" && t send-keys -t kiosk 2
wait_for "EXITED 0" && ok "leaving kiosk mode ends the program" || no "leave"
# Two kiosks in one folder each make their own daily copy when they start;
# the officer's restore offer names the kiosk, the copy's date and what it
# holds, and puts back that kiosk's own copy.
two="$tmp/two"
mkdir -p "$two"
for k in a b; do
  "$bin" check --db "$two/$k.db" >/dev/null
  id=$(sqlite3 "$two/$k.db" "SELECT value FROM meta WHERE key = 'kiosk_id'")
  sqlite3 "$two/$k.db" "UPDATE kiosks SET name = 'Máy $k' WHERE kiosk_id = '$id'; INSERT INTO villages(name) VALUES ('Bản $k')"
  start_kiosk --db "'$two/$k.db'" --lang vi
  wait_for "Hỏi đáp"
  i=0; while [ $i -lt 100 ] && [ -z "$(ls "$two/backups/$k" 2>/dev/null)" ]; do sleep 0.1; i=$((i + 1)); done
  [ "$(ls "$two/backups/$k")" = "$(echo "$id" | cut -c1-8)-$(date +%Y-%m-%d).db" ] \
    && ok "kiosk $k makes its own daily copy" || no "copies of $k: $(ls -R "$two/backups")"
done
[ "$(stat -c %a "$two/backups") $(stat -c %a "$two/backups/a")" = "700 700" ] \
  && [ "$(stat -c %a "$two/backups/a/"*)" = 600 ] && ok "copies 0600 in folders 0700" \
  || no "modes: $(ls -lR "$two/backups")"
printf '2468\n' | "$bin" pin set --db "$two/a.db" >/dev/null 2>&1
sqlite3 "$two/a.db" "DELETE FROM villages WHERE name = 'Bản a'"
start_kiosk --db "'$two/a.db'" --lang vi
wait_for "Hỏi đáp" && t send-keys -t kiosk F10
wait_for "Mã PIN" && t send-keys -t kiosk -l 2468
t send-keys -t kiosk Enter
wait_for "Tổng quan" && t send-keys -t kiosk 8
wait_for "Máy: Máy a" && wait_for "Bản sao ngày: $(date +%Y-%m-%d)" \
  && wait_for "lượt làm trắc nghiệm" && ok "the restore offer names the kiosk, the date, the counts" \
  || no "restore offer"
t send-keys -t kiosk Down Enter
wait_for "Hỏi đáp"
i=0; while [ $i -lt 100 ] && ! "$bin" villages list --db "$two/a.db" 2>/dev/null | grep -q 'Bản a'; do
  sleep 0.1; i=$((i + 1)); done
"$bin" villages list --db "$two/a.db" | grep -q 'Bản a' && ls "$two" | grep -q '^a.db.damaged-' \
  && ! "$bin" villages list --db "$two/a.db" | grep -q 'Bản b' \
  && ok "officer mode restores the kiosk's own copy, the old file set aside" \
  || no "restore from officer mode: $(ls "$two")"

echo "$fails failed"
[ $fails = 0 ]
