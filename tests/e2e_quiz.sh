#!/bin/sh
# End to end, the quiz: the real binary in a private tmux server. A 5-question
# quiz in each language, Esc and Backspace asking before they stop it,
# read-more and back, declining consent once, then saving with a Telex-typed
# name (a phone "12" refused first); the tenth topic by its key 0; and a kill
# -9 in the middle of a quiz loses no answer the screen confirmed.
set -u
bin=$1
sock="ntmkiosk-e2e-quiz-$$"
. "$(dirname "$0")/e2e_lib.sh"

# Answers the question on screen with A (confirming a multi-answer one) and
# waits for the feedback.
answer() {
  t send-keys -t kiosk a
  # A multi-answer question shows the mark and waits for Enter; wait for
  # whichever comes, however slow the machine is.
  wait_for_any "[x]" "✓" "✗" || return 1
  if t capture-pane -p -t kiosk | grep -qF '[x]'; then t send-keys -t kiosk Enter; fi
  wait_for_any "✓" "✗"
}
# Plays n questions: answer, then "next".
play() {
  n=$1; k=0
  while [ $k -lt "$n" ]; do
    answer || { no "feedback for question $((k + 1))"; return; }
    t send-keys -t kiosk 1
    k=$((k + 1))
    sleep 0.2
  done
}

db="$tmp/k.db"
start_kiosk --db "'$db'" --lang vi
wait_for "Trắc nghiệm" && t send-keys -t kiosk 2
wait_for "Tất cả các chủ đề" && ok "quiz: choose a topic" || no "quiz setup"
t send-keys -t kiosk 4
wait_for "Bao nhiêu câu hỏi?" && t send-keys -t kiosk 1
wait_for "Câu 1/5" && ok "a 5-question quiz starts" || no "quiz start"
t capture-pane -p -t kiosk | grep -q "A–[BCD] Chọn" && ! t capture-pane -p -t kiosk | grep -qF "1-4" \
  && ok "the key bar names the option keys" || no "option keys in the key bar"
# Esc or Backspace on a question asks before it stops the quiz.
t send-keys -t kiosk Escape
wait_for "Dừng bài trắc nghiệm?" && ok "Esc asks before it stops the quiz" || no "Esc asks"
t send-keys -t kiosk Enter
wait_for "Câu 1/5" && ok "going on keeps the question" || no "go on"
t send-keys -t kiosk BSpace
wait_for "Dừng bài trắc nghiệm?" && ok "Backspace asks too" || no "Backspace asks"
t send-keys -t kiosk Escape
wait_for "Câu 1/5" || no "back from the question"
answer && ok "feedback after an answer" || no "feedback"
t send-keys -t kiosk 2
wait_for "Tab Liên kết" && ok "read more opens the article" || no "read more"
t send-keys -t kiosk Escape
wait_for "Câu 1/5" && wait_for "Đọc thêm" && ok "back to the feedback" || no "back from article"
t send-keys -t kiosk 1
play 4
wait_for "Đúng " && wait_for "Kết quả" && ok "the score at the end" || no "result"
n=$(sqlite3 "$db" "SELECT count(*) FROM answers")
[ "$n" = 5 ] && ok "5 answers recorded" || no "answers: $n"
t send-keys -t kiosk 3
wait_for "1  Đồng ý" && wait_for "2  Không đồng ý" && ok "consent asked" || no "consent"
t send-keys -t kiosk 2
wait_for "không ghi tên" && ok "declined: counted without a name" || no "decline"
[ "$(sqlite3 "$db" "SELECT count(*) FROM participants")" = 0 ] && ok "no participant stored" \
  || no "participant after decline"
t send-keys -t kiosk 2
wait_for "Câu 1/5" && ok "try again" || no "try again"
play 5
wait_for "Kết quả" && t send-keys -t kiosk 3
wait_for "1  Đồng ý" && t send-keys -t kiosk 1
wait_for "Họ và tên" && ok "the form" || no "form"
t send-keys -t kiosk -l "Nguyeenx Vawn An"
wait_for "Nguyễn Văn An" && ok "Telex: Nguyeenx Vawn An → Nguyễn Văn An" || no "Telex"
t send-keys -t kiosk Tab
t send-keys -t kiosk -l "Tar Van"
t send-keys -t kiosk Tab Tab Tab Tab
t send-keys -t kiosk -l "12"
t send-keys -t kiosk Tab Enter
wait_for "Số điện thoại chưa đúng" && ok "a phone 12 is refused with a message" || no "phone 12"
t send-keys -t kiosk BSpace BSpace
t send-keys -t kiosk -l "0912 345 678"
t send-keys -t kiosk Tab Enter
wait_for "Cảm ơn" && ok "saved" || no "save"
[ "$(sqlite3 "$db" "SELECT phone FROM participants")" = 0912345678 ] && ok "the phone kept as digits" \
  || no "phone stored"
name=$(sqlite3 "$db" "SELECT full_name || '|' || village FROM participants")
[ "$name" = "Nguyễn Văn An|Tả Van" ] && ok "participant stored in NFC" || no "participant: $name"
[ "$(sqlite3 "$db" "SELECT count(*) FROM attempts WHERE completed = 1")" = 2 ] \
  && ok "both attempts complete" || no "attempts"

# Hmong and Dao.
for lang in hmn ium; do
  # From the result: back to the topics, back to the menu, then F2.
  t send-keys -t kiosk Escape
  sleep 0.3
  t send-keys -t kiosk Escape
  sleep 0.3
  t send-keys -t kiosk F2
  wait_for "Iu Mienh (Dao)"
  if [ $lang = hmn ]; then
    t send-keys -t kiosk 2; menu="Nug thiab teb"; first="Lus nug 1/5"; done_word="Qhov tshwm sim"
  else
    t send-keys -t kiosk 3; menu="Naaic caux dau"; first="Naaic 1/5"; done_word="Dau duqv"
  fi
  wait_for "$menu" || no "$lang menu"
  t send-keys -t kiosk 2
  sleep 0.3
  t send-keys -t kiosk 1
  sleep 0.3
  t send-keys -t kiosk 1
  wait_for "$first" && ok "$lang: the quiz in $lang" || no "$lang quiz"
  play 5
  wait_for "$done_word" && ok "$lang: the result" || no "$lang result"
done

# kill -9 in the middle of a quiz: confirmed answers stay, the attempt is
# incomplete, and the kiosk starts again.

start_kiosk --db "'$db'" --lang vi
wait_for "Trắc nghiệm" && t send-keys -t kiosk 2
wait_for "Tất cả các chủ đề" && t send-keys -t kiosk 1
wait_for "Bao nhiêu câu hỏi?" && t send-keys -t kiosk 2
wait_for "Câu 1/10"
before=$(sqlite3 "$db" "SELECT count(*) FROM answers")
play 2
wait_for "Câu 3/10" || no "third question"
pkill -9 -f "$bin --db $db" || no "kill"
sleep 0.5
after=$(sqlite3 "$db" "SELECT count(*) FROM answers")
[ $((after - before)) = 2 ] && ok "kill -9: both confirmed answers kept" \
  || no "answers after kill: $before → $after"
[ "$(sqlite3 "$db" "SELECT completed FROM attempts ORDER BY started_at DESC, rowid DESC LIMIT 1")" = 0 ] \
  && ok "the attempt is marked incomplete" || no "incomplete"
[ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] && ok "integrity ok" || no "integrity"

start_kiosk --db "'$db'" --lang vi
wait_for "Trắc nghiệm" && ok "the kiosk starts again" || no "restart"

# An event-day machine: ntmkiosk quiz goes straight into a quiz, and Esc
# hands over to the next visitor at the language picker.

# The tenth topic has a number key too: 0.
start_kiosk --db "'$db'" --lang vi
wait_for "Trắc nghiệm" && t send-keys -t kiosk 2
wait_for "Tham gia và hỏi xã" && t capture-pane -p -t kiosk | grep -q " 0  Tham gia và hỏi xã" \
  && ok "the tenth topic shows the key 0" || no "key 0 shown"
t send-keys -t kiosk 0
wait_for "Bao nhiêu câu hỏi?" && t send-keys -t kiosk 1
wait_for "Câu 1/5" && answer
[ "$(sqlite3 "$db" "SELECT topic FROM attempts ORDER BY started_at DESC, rowid DESC LIMIT 1")" = participate ] \
  && ok "0 chose the tenth topic" || no "topic 0"

start_kiosk quiz --topic ocop --count 5 --lang vi --db "'$db'"
wait_for "Câu 1/5" && ok "ntmkiosk quiz starts in a quiz" || no "quiz command"
t send-keys -t kiosk Escape
wait_for "Dừng bài trắc nghiệm?" && t send-keys -t kiosk 2
wait_for "Xaiv koj hom lus" && t send-keys -t kiosk 3
wait_for "Naaic 1/5" && ok "the next visitor picks Dao and gets the quiz" || no "next visitor"
echo "$fails failed"
[ $fails = 0 ]
