#!/bin/sh
# End to end, content: the real binary in a private tmux server reads an
# article, follows a link and comes back, flips a Hmong article to
# Vietnamese, shows the full source with F4, and searches with and without
# accents, at 80x24, 40x20 and 40x12.
set -u
bin=$1
sock="ntmkiosk-e2e-content-$$"
. "$(dirname "$0")/e2e_lib.sh"

"$bin" import content "$NTMKIOSK_DATADIR/tests/data/articles" --db "$tmp/k.db" >/dev/null 2>&1 \
  || { echo "FAIL - fixture import"; exit 1; }
start_kiosk --db "'$tmp/k.db'" --lang vi
wait_for "Bài viết" && ok "menu" || no "menu"
t send-keys -t kiosk 1
wait_for "Tập huấn" && ok "topics listed" || no "topics"
t send-keys -t kiosk /
wait_for "Tìm:" && ok "/ opens search" || no "search screen"
t send-keys -t kiosk -l -- "che shan tuyet duoc danh gia"
wait_for "Sản phẩm OCOP ba sao" && ok "search without accents" || no "search result"
t send-keys -t kiosk Enter
wait_for "Chè Shan tuyết được đánh giá" && ok "the article opens" || no "reader"
t send-keys -t kiosk Tab Enter
wait_for "Cuộc vận động giúp mỗi gia đình" && ok "Tab + Enter follows a link" || no "follow link"
t send-keys -t kiosk End
wait_for "Đoạn cuối cùng của bài." && ok "End scrolls to the end" || no "End"
t resize-window -t kiosk -x 40 -y 20
wait_for "Đoạn cuối cùng của bài." && ok "reader at 40x20" || no "reader 40x20"
t resize-window -t kiosk -x 80 -y 24
t send-keys -t kiosk Escape
wait_for "Chè Shan tuyết được đánh giá" && ok "Esc returns to the first article" \
  || no "back from link"
t send-keys -t kiosk Escape
wait_for "Tìm:" && ok "back to the search" || no "back to search"
i=0
while [ $i -lt 30 ]; do t send-keys -t kiosk BSpace; i=$((i + 1)); done
t send-keys -t kiosk -l -- "ĐÀO TẠO"
wait_for "đào tạo" && ok "search with capitals and accents" || no "search accents"
t send-keys -t kiosk Escape Escape
wait_for "Hỏi đáp" && ok "back to the menu" || no "menu again"
# Hmong: the draft article, flipped to Vietnamese with F3.
t send-keys -t kiosk F2
wait_for "Iu Mienh (Dao)" && t send-keys -t kiosk 2
wait_for "Cov ntawv xov xwm" && ok "Hmong menu" || no "Hmong menu"
t send-keys -t kiosk /
wait_for "Nrhiav:" && ok "search in Hmong" || no "Hmong search"
# (Words the Hmong field's input mode leaves as typed.)
t send-keys -t kiosk -l -- "tsev nyob dua saib ocop"
wait_for "Tsev neeg 5 tsis muaj 3 huv" && t send-keys -t kiosk Enter
wait_for "Daim qauv txhais" && ok "Hmong article marked draft" || no "Hmong draft"
t send-keys -t kiosk F3
wait_for "Cuộc vận động giúp mỗi gia đình" && ok "F3 shows it in Vietnamese" || no "F3"
wait_for " Gia đình 5 không 3 sạch " && ok "the title follows F3 at once" || no "title after F3"
wait_for "F3 Rov qab rau kuv hom lus" && wait_for "Nov yog ntawv Nyab Laj" \
  && ok "the flipped text says it is Vietnamese, F3 offers the way back" || no "flipped notice"
t send-keys -t kiosk F3
wait_for "Tsev neeg nyob zoo dua" && ok "F3 again: back to Hmong" || no "F3 back"
wait_for " Tsev neeg 5 tsis muaj 3 huv " && ok "the title follows F3 back" || no "title after F3 back"
# The public source in one line; F4 shows the full one, at 40x12 too.
t resize-window -t kiosk -x 40 -y 12
wait_for "2021–2025 · QĐ 263/QĐ-TTg" && ok "the public source under the title" \
  || no "public source"
t capture-pane -p -t kiosk | grep -q "tests/data" && no "full source shown unasked" \
  || ok "full source hidden"
t send-keys -t kiosk F4
wait_for "Qhov chaw los: tests/data" && ok "F4 shows the full source" || no "F4"
t resize-window -t kiosk -x 80 -y 24
t capture-pane -p -t kiosk | grep -q EXITED && no "the kiosk exited" || ok "still running"
n=$(sqlite3 "$tmp/k.db" "SELECT count(*) FROM views")
[ "$n" -ge 3 ] && ok "views recorded ($n)" || no "views: $n"
echo "$fails failed"
[ $fails = 0 ]
