#!/bin/sh
# End to end, a visitor's walk: the real binary in a private tmux server, in
# each language at 80x24, 40x12 and 200x60: the language picker, the menu,
# search from the menu (Telex in Vietnamese), the first article found, F3 to
# Vietnamese (a Vietnamese visitor has nothing to flip), a quiz with one wrong
# answer (looked up in the database, since the questions are drawn at
# random), saving with a typed name, and "questions and answers". The picker,
# menu, search, article, flipped article and questions-and-answers screens are
# compared with golden files (tests/golden/walk-*.txt; NTMKIOSK_UPDATE_GOLDEN=1
# rewrites them); the quiz screens, which differ with every draw, by what
# they must show, and by the draft notice in Hmong and Dao.
set -u
bin=$1
# Optional: only these languages and sizes (for a quicker look while working).
langs=${2:-vi hmn ium}
sizes=${3:-80x24 40x12 200x60}
sock="ntmkiosk-e2e-walk-$$"
. "$(dirname "$0")/e2e_lib.sh"
golden=${NTMKIOSK_GOLDEN:?}

# The screen once it has stopped changing.
settled() {
  prev=""
  i=0
  while [ $i -lt 50 ]; do
    cur=$(t capture-pane -p -t kiosk)
    [ "$cur" = "$prev" ] && break
    prev=$cur
    sleep 0.1; i=$((i + 1))
  done
  printf '%s\n' "$cur"
}
# Compares the screen with a golden file (after waiting for a text on it).
check() {
  wait_for "$1" || { no "$2: no '$1'"; return; }
  f="$golden/walk-$2.txt"
  settled >"$tmp/screen"
  [ -n "${NTMKIOSK_UPDATE_GOLDEN:-}" ] && cp "$tmp/screen" "$f"
  if cmp -s "$tmp/screen" "$f"; then ok "$2"; else
    no "$2 differs from $f"; diff "$f" "$tmp/screen" | head -20
  fi
}
q() { printf '%s' "$1" | sed "s/'/''/g"; }
# A draft catalog says so in the title bar of every screen (vi is reviewed).
marked() {
  top=$(settled | head -n 1)
  if [ -n "$draft" ]; then
    printf '%s' "$top" | grep -qF "$draft" && ok "$at: $1 marked draft" || no "$at: $1 not marked draft"
  else
    printf '%s' "$top" | grep -q "nháp" && no "$at: $1 marked draft" || ok "$at: $1 not a draft"
  fi
}
# The letter of an option that is wrong for the question on the screen: the
# question is the one whose text holds a line of the screen, and the option
# one whose text starts as the screen shows it and is not right.
wrong_letter() {
  scr=$(settled)
  id=$(printf '%s\n' "$scr" | sed '1d; s/^ *//; s/ *$//' | while IFS= read -r line; do
    [ ${#line} -ge 12 ] || continue
    ids=$(sqlite3 "$db" "SELECT DISTINCT id FROM question_texts WHERE lang IN ('$lang', 'vi')
                         AND instr(text, '$(q "$line")') > 0")
    [ "$(printf '%s\n' "$ids" | grep -c .)" = 1 ] && { echo "$ids"; break; }
  done)
  [ -n "$id" ] || return 1
  # "A  text", or "A  [ ] text" where several answers may be right.
  printf '%s\n' "$scr" | sed -n 's/^ *\([A-D]\)  \(\[.\] \)\{0,1\}\(.*[^ ]\) *$/\1 \3/p' |
  while read -r letter text; do
    right=$(sqlite3 "$db" "SELECT (q.correct >> o.idx) & 1 FROM question_options o
                           JOIN questions q ON q.id = o.id WHERE o.id = '$(q "$id")'
                           AND o.lang IN ('$lang', 'vi') AND instr(o.text, '$(q "$text")') = 1")
    case $right in *0*) echo "$letter" | tr A-D a-d; break ;; esac
  done
}
# Answers the question on screen with the given key (confirming a question
# with several answers) and waits for the verdict.
answer() {
  t send-keys -t kiosk "$1"
  wait_for_any "[x]" "✓" "✗" || return 1
  if t capture-pane -p -t kiosk | grep -qF '[x]'; then t send-keys -t kiosk Enter; fi
  wait_for_any "✓" "✗"
}

for lang in $langs; do
  case $lang in
    vi) menu="Tìm kiếm"; query="ddaof taoj"; typed="đào tạo▏"; quiz_n="Câu 1/5"
        result="Kết quả"; consent="Đồng ý"; form="Họ và tên"; name="Nguyeenx Vawn An"
        stored="Nguyễn Văn An"; thanks="Cảm ơn"; qa="Xem câu trả lời"; topics="Tất cả các chủ đề"
        draft="" ;;
    hmn) menu="Nrhiav"; query="ocop"; typed="ocop▏"; quiz_n="Lus nug 1/5"
        result="Qhov tshwm sim"; consent="Pom zoo"; form="Npe"; name="Vaj Tswb"
        stored="Vaj Tswb"; thanks="Ua tsaug"; qa="Nyeem cov lus teb"; topics="Txhua lub ntsiab lus"
        draft="Daim qauv txhais" ;;
    ium) menu="Lorz"; query="dao tao"; typed="dao tao▏"; quiz_n="Naaic 1/5"
        result="Dau duqv"; consent="Horpc"; form="Mbuox"; name="Zeuz Fux"
        stored="Zeuz Fux"; thanks="Laengz zingh"; qa="Doqc dau nyei waac"; topics="Yietc zungv"
        draft="Ceng faan nyei sou" ;;
  esac
  for size in $sizes; do
    at="$lang-$size"
    db="$tmp/$at.db"
    start_kiosk --db "'$db'"
    # Resized once the kiosk is up (a resize while it starts may come before
    # curses listens for one).
    wait_for "Enter Ginv" || no "$at: the kiosk starts"
    t resize-window -t kiosk -x "${size%x*}" -y "${size#*x}"
    # Drawn again at the new size: the title bar ends with the language's name
    # (tmux shows the old screen cut to the new size until then).
    i=0
    # The old screen, cut, may end with the name too: the line must be as
    # wide as the new window (the name ends one column before its edge).
    while [ $i -lt 300 ] && ! { t capture-pane -p -t kiosk | head -n 1 | grep -q 'Tiếng Việt *$' &&
        [ "$(t capture-pane -p -t kiosk | head -n 1 | sed 's/ *$//' | tr -d '\n' | wc -m)" = $(( ${size%x*} - 1 )) ]; }; do
      sleep 0.1; i=$((i + 1))
    done
    # The picker speaks every language; the visitor picks theirs by number.
    check "Enter Ginv" "picker-$size"
    case $lang in vi) t send-keys -t kiosk 1 ;; hmn) t send-keys -t kiosk 2 ;; ium) t send-keys -t kiosk 3 ;; esac
    check "$menu" "$at-menu"
    # Search is the menu's fourth entry.
    t send-keys -t kiosk 4
    wait_for "▏" || no "$at: search box"
    t send-keys -t kiosk -l -- "$query"
    check "$typed" "$at-search"
    settled | sed -n '6,$p' | grep -q '[^ ]' && ok "$at: hits" || no "$at: no hits"
    t send-keys -t kiosk Enter
    check "↑↓" "$at-article"
    if [ $lang = vi ]; then
      t send-keys -t kiosk F3
      sleep 0.3
      check "↑↓" "$at-article"
      settled | grep -q "F3" && no "$at: F3 offered in Vietnamese" || ok "$at: no F3 in Vietnamese"
    else
      t send-keys -t kiosk F3
      check "F3" "$at-flip"
    fi
    # Back to the menu, then the quiz: all topics, five questions.
    t send-keys -t kiosk Escape
    sleep 0.3
    t send-keys -t kiosk Escape
    wait_for "$menu" || no "$at: back to the menu"
    t send-keys -t kiosk 2
    wait_for "$topics" && t send-keys -t kiosk 1
    sleep 0.3
    t send-keys -t kiosk 1
    wait_for "$quiz_n" && ok "$at: the quiz starts" || no "$at: quiz"
    # One wrong answer, on the first question where the database tells
    # which option is wrong (a true/false one shows translated words); A for
    # the others.
    n=0 wrong=""
    while [ $n -lt 5 ]; do
      [ $n -gt 0 ] && { t send-keys -t kiosk 1; sleep 0.2; }
      k=""
      [ -z "$wrong" ] && k=$(wrong_letter)
      answer "${k:-a}" || { no "$at: question $((n + 1))"; break; }
      if [ -n "$k" ]; then
        wrong=$k
        settled | grep -qF "✗" && ok "$at: a wrong answer is marked wrong" \
          || no "$at: wrong answer ($k) not marked"
      fi
      n=$((n + 1))
    done
    [ -n "$wrong" ] || no "$at: no question to answer wrongly"
    t send-keys -t kiosk 1
    wait_for "$result" && ok "$at: the result" || no "$at: result"
    marked "the result"
    [ "$(sqlite3 "$db" "SELECT count(*) FROM answers WHERE correct = 0")" -ge 1 ] \
      && ok "$at: the wrong answer is recorded" || no "$at: wrong answer not recorded"
    # Save: consent, then the form with a typed name.
    t send-keys -t kiosk 3
    wait_for "$consent" && marked "consent" && t send-keys -t kiosk 1
    wait_for "$form" && ok "$at: the form" || no "$at: form"
    marked "the form"
    t send-keys -t kiosk -l -- "$name"
    wait_for "$stored" && ok "$at: the name as typed: $stored" || no "$at: name"
    # Past the other fields to the save button.
    t send-keys -t kiosk Tab Tab Tab Tab Tab Tab Enter
    wait_for "$thanks" && ok "$at: saved" || no "$at: save"
    [ "$(sqlite3 "$db" "SELECT full_name FROM participants")" = "$stored" ] \
      && ok "$at: participant stored" || no "$at: participant"
    # Home, then "questions and answers".
    i=0
    while [ $i -lt 4 ] && ! t capture-pane -p -t kiosk | grep -qF "$menu"; do
      t send-keys -t kiosk Escape; sleep 0.3; i=$((i + 1))
    done
    t send-keys -t kiosk 3
    check "$qa" "$at-qa"
  done
done
t capture-pane -p -t kiosk | grep -q EXITED && no "the kiosk exited" || ok "still running"
echo "$fails failed"
[ $fails = 0 ]
