#!/bin/sh
# End to end, an officer's long import beside a visitor's quiz: the real
# binary in a private tmux server, and `ntmkiosk import content` of some 50 MB
# of articles (about 8 s here, all in one transaction) started in the middle
# of the quiz. An answer given while the import holds the write lock is not
# lost: the kiosk says it is saving, does not move on, and stores it when the
# import ends; the import is whole. Whether the two overlapped is seen, not
# timed: the lock is found held before the answer is given, and the kiosk's
# "saving" message is what shows that its write met the lock.
set -u
bin=$1
sock="ntmkiosk-e2e-lock-$$"
. "$(dirname "$0")/e2e_lib.sh"
ipid=
trap 'st=$?; [ -n "$ipid" ] && kill "$ipid" 2>/dev/null; e2e_cleanup $st' EXIT

# Gives answer A (confirming a multi-answer question with Enter).
give_answer() {
  t send-keys -t kiosk a
  wait_for_any "[x]" "✓" "✗" "Đang lưu câu trả lời" || return 1
  if t capture-pane -p -t kiosk | grep -qF '[x]'; then t send-keys -t kiosk Enter; fi
  return 0
}
# True while another process holds the database's write lock.
locked() {
  ! sqlite3 -cmd ".timeout 0" "$db" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1
}

db="$tmp/k.db"
"$bin" check --db "$db" >/dev/null || no "make the database"

# 800 articles of 80 KB of Vietnamese words (the search index is most of
# the import's work).
awk -v dir="$tmp/c" -v n=800 -v kb=80 'BEGIN {
  split("nông thôn mới đường trường trạm xã bản người dân làm cùng", w, " ")
  for (i = 0; i < n; i++) {
    d = sprintf("%s/bai-%05d", dir, i); system("mkdir -p " d); f = d "/vi.md"
    printf "---\nslug: bai-%05d\ntopic: campaigns\ntitle: Bài số %d\norder: %d\n" \
      "status: reviewed\nsource: test\nperiod: 2021–2025\nupdated: 2026-01-01\n---\n\n", \
      i, i, i + 1 > f
    s = 0
    while (s < kb * 1024) {
      line = ""
      for (k = 0; k < 12; k++) line = line w[(i * 7 + s + k * 5) % 12 + 1] " "
      line = line "số" s ".\n"
      printf "%s", line > f
      s += length(line) + 10
    }
    close(f)
  }
}' || no "make the articles"

start_kiosk --db "'$db'" --lang vi
wait_for "Trắc nghiệm" && t send-keys -t kiosk 2
wait_for "Tất cả các chủ đề" && t send-keys -t kiosk 4
wait_for "Bao nhiêu câu hỏi?" && t send-keys -t kiosk 1
wait_for "Câu 1/5" && ok "a 5-question quiz starts" || no "quiz start"
give_answer && wait_for_any "✓" "✗" && ok "the first answer, before the import" \
  || no "first answer"
t send-keys -t kiosk 1
wait_for "Câu 2/5" || no "question 2"

NTMKIOSK_TEST_TAG=$sock "$bin" import content "$tmp/c" --db "$db" >"$tmp/import.out" \
  2>"$tmp/import.err" &
ipid=$!
i=0
while ! locked && [ $i -lt 600 ] && kill -0 "$ipid" 2>/dev/null; do sleep 0.05; i=$((i + 1)); done
locked && ok "the import holds the write lock" || no "the import never held the lock"

give_answer || no "answer during the import"
wait_for "Đang lưu câu trả lời, xin chờ…" \
  && ok "while the import holds the lock the kiosk says it is saving" \
  || no "no 'saving' message during the import"
# Keys do not move the quiz on past an answer that is not stored, and the
# answer is not written while the import holds the lock. (Each is looked at
# first, then the lock: still held afterwards, it was held while looking.)
t send-keys -t kiosk 1
sleep 0.5
s=$(t capture-pane -p -t kiosk)
n=$(sqlite3 "$db" "SELECT count(*) FROM answers")
if locked; then
  printf '%s' "$s" | grep -qF "Đang lưu" && ! printf '%s' "$s" | grep -qF "Câu 3/5" \
    && ok "the quiz waits on the same answer" || no "the quiz moved on"
  ! printf '%s' "$s" | grep -qE "✓|✗" && ok "nothing is confirmed before it is stored" \
    || no "✓/✗ shown for an answer not stored"
  [ "$n" = 1 ] && ok "the answer is not in the database while the import runs" \
    || no "answers during the import: $n"
else
  no "the import ended too soon to look (make it larger)"
fi

wait "$ipid"
rc=$?
ipid=
[ $rc = 0 ] && ok "the import succeeded" || no "import: $rc $(tail -n 3 "$tmp/import.err")"
[ "$(sqlite3 "$db" "SELECT count(*) FROM articles WHERE slug LIKE 'bai-%'")" = 800 ] \
  && ok "all 800 articles are in" || no "articles after the import"
wait_for_any "✓" "✗" && ok "after the import the answer is confirmed" || no "no feedback"
! t capture-pane -p -t kiosk | grep -qF "Đang lưu" && ok "the saving message is gone" \
  || no "still saving"
n=$(sqlite3 "$db" "SELECT count(*) FROM answers WHERE position = 1")
[ "$n" = 1 ] && ok "the answer given during the import is in the database" \
  || no "answer 2 stored: $n"

# The rest of the quiz goes on as usual.
k=2
while [ $k -lt 5 ]; do
  t send-keys -t kiosk 1
  wait_for "Câu $((k + 1))/5" || no "question $((k + 1))"
  give_answer && wait_for_any "✓" "✗" || no "answer $((k + 1))"
  k=$((k + 1))
done
t send-keys -t kiosk 1
wait_for "Kết quả" && ok "the result" || no "result"
n=$(sqlite3 "$db" "SELECT count(*) FROM answers")
[ "$n" = 5 ] && ok "all 5 answers are in the database" || no "answers: $n"
[ "$(sqlite3 "$db" "PRAGMA integrity_check")" = ok ] && ok "integrity" || no "integrity"

echo "$fails failed"
[ $fails = 0 ]
