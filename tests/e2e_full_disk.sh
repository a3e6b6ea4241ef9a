#!/bin/sh
# End to end, a full disk during a quiz: the real binary in a private tmux
# server, its database on a small tmpfs (a private mount namespace) that is
# filled up after the quiz has started. The answer the disk cannot take is
# said to be lost, in plain words, above ✓/✗; once there is room again the
# next answer is stored and says nothing of the kind. Needs root and mount
# namespaces; without them it says so and is skipped.
set -u
bin=$1
if [ "${2:-}" != --inside ]; then
  [ "$(id -u)" = 0 ] || { echo "skip: needs root (for a mount namespace)"; exit 77; }
  command -v unshare >/dev/null && unshare -m true 2>/dev/null \
    || { echo "skip: no mount namespaces here"; exit 77; }
  exec unshare -m sh "$0" "$bin" --inside
fi
sock="ntmkiosk-e2e-full-$$"
. "$(dirname "$0")/e2e_lib.sh"

# Gives answer A (confirming a multi-answer question with Enter).
give_answer() {
  t send-keys -t kiosk a
  wait_for_any "[x]" "✓" "✗" || return 1
  if t capture-pane -p -t kiosk | grep -qF '[x]'; then t send-keys -t kiosk Enter; fi
  wait_for_any "✓" "✗"
}

mkdir "$tmp/m"
mount -t tmpfs -o size=8m tmpfs "$tmp/m" || { echo "FAIL - mount a tmpfs"; exit 1; }
db="$tmp/m/k.db"
"$bin" check --db "$db" >/dev/null || no "make the database"
start_kiosk --db "'$db'" --lang vi
wait_for "Trắc nghiệm" && t send-keys -t kiosk 2
wait_for "Tất cả các chủ đề" && t send-keys -t kiosk 4
wait_for "Bao nhiêu câu hỏi?" && t send-keys -t kiosk 1
wait_for "Câu 1/5" && ok "a 5-question quiz starts" || no "quiz start"

dd if=/dev/zero of="$tmp/m/fill" bs=4k 2>/dev/null
[ "$(df --output=avail "$tmp/m" | tail -n 1 | tr -d ' ')" = 0 ] && ok "the disk is full" \
  || no "the disk is not full"
give_answer && ok "✓/✗ still shown" || no "no feedback on a full disk"
wait_for "Không lưu được câu trả lời này." \
  && ok "a full disk: the screen says the answer was not saved" || no "no 'not saved' message"

rm -f "$tmp/m/fill"
t send-keys -t kiosk 1
wait_for "Câu 2/5" || no "question 2"
give_answer || no "answer 2"
! t capture-pane -p -t kiosk | grep -qF "Không lưu được câu trả lời này." \
  && ok "with room again, the next answer says nothing of the kind" || no "still 'not saved'"
n=$(sqlite3 "$db" "SELECT group_concat(position) FROM answers")
[ "$n" = 1 ] && ok "only the second answer is in the database" || no "answers stored: '$n'"
[ "$(sqlite3 "$db" "PRAGMA integrity_check")" = ok ] && ok "integrity" || no "integrity"

echo "$fails failed"
[ $fails = 0 ]
