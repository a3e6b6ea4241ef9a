#!/bin/sh
# Records that travel, tried as officers would with three kiosk databases:
# activity on each; merged into a district database in two different
# orders; more activity (a question answered and published, a purge, a
# kiosk renamed and moved to another commune, an attempt finished, the same
# person saving again); merged again, twice. The two district databases
# hold the same records, their reports are the same, and the district's
# figures are the sums of the kiosks' own. Then the national level: a
# PostgreSQL server of the test's own, pushed to (twice, and from both
# district files), gives the same report; kill -9 during a push and during
# a merge leaves all or nothing.
set -u
bin=$1
export LANG=C.UTF-8 TZ=Asia/Ho_Chi_Minh
tmp=$(mktemp -d)
fails=0
. "$(dirname "$0")/pg_lib.sh"
trap 'pg_stop; rm -rf "$tmp"' EXIT
ok() { echo "ok - $1"; }
no() { echo "FAIL - $1"; fails=$((fails + 1)); }
q() { sqlite3 -batch "$1" "$2"; }
kid() { q "$1" "SELECT value FROM meta WHERE key = 'kiosk_id'"; }

# Three kiosks, two communes, one province.
for k in 1 2 3; do "$bin" check --db "$tmp/k$k.db" >/dev/null || no "kiosk $k created"; done
q "$tmp/k1.db" "UPDATE kiosks SET name = 'NVH Nà Hẩu', commune = 'Mậu Đông', province = 'Yên Bái' WHERE kiosk_id = (SELECT value FROM meta WHERE key = 'kiosk_id')"
q "$tmp/k2.db" "UPDATE kiosks SET name = 'NVH Bản Mù', commune = 'Mậu Đông', province = 'Yên Bái' WHERE kiosk_id = (SELECT value FROM meta WHERE key = 'kiosk_id')"
q "$tmp/k3.db" "UPDATE kiosks SET name = 'NVH Khe Tiên', commune = 'An Bình', province = 'Yên Bái' WHERE kiosk_id = (SELECT value FROM meta WHERE key = 'kiosk_id')"

# Visitors: n visits, views, attempts (one left unfinished), saves and a
# citizen's question, on kiosk k, with ids prefixed p.
activity() { # db prefix n
  db=$1 p=$2 n=$3 k=$(kid "$1")
  q "$db" "
WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < $n)
INSERT INTO visits(uuid, kiosk_id, started_at, lang)
  SELECT '$p-v' || n, '$k', printf('2026-%02d-10T02:00:00Z', 1 + n % 11), 'vi' FROM i;
WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < $n)
INSERT INTO views(uuid, kiosk_id, slug, lang, started_at, seconds)
  SELECT '$p-w' || n, '$k', 'ntm-la-gi', 'hmn', printf('2026-%02d-10T02:01:00Z', 1 + n % 11), n FROM i;
INSERT INTO participants(uuid, kiosk_id, created_at, full_name, village, gender, birth_year, ethnicity, phone, consent_lang)
  VALUES ('$p-p1', '$k', '2026-03-01T02:00:00Z', 'Giàng Thị Mỷ $p', 'Nà Hẩu', 'female', 1990, 'mong', NULL, 'hmn'),
         ('$p-p2', '$k', '2026-03-02T02:00:00Z', 'Lò Văn Pá $p', 'Nà Hẩu', 'male', 1975, 'thai', '09123456$n', 'vi');
INSERT INTO attempts(uuid, kiosk_id, lang, started_at, ended_at, total, score, completed, participant_uuid)
  VALUES ('$p-a1', '$k', 'hmn', '2026-03-01T01:50:00Z', '2026-03-01T01:59:00Z', 5, 4, 1, '$p-p1'),
         ('$p-a2', '$k', 'vi', '2026-03-02T01:50:00Z', '2026-03-02T01:59:00Z', 5, 3, 1, '$p-p2'),
         ('$p-a3', '$k', 'vi', '2026-04-02T01:50:00Z', NULL, 5, 1, 0, NULL);
INSERT INTO answers(uuid, attempt_uuid, kiosk_id, position, question_id, chosen, correct, timed_out, ms, answered_at)
  VALUES ('$p-x1', '$p-a3', '$k', 0, 'ntm-001', 1, 1, 0, 900, '2026-04-02T01:51:00Z');
INSERT INTO citizen_questions(uuid, kiosk_id, asked_at, lang, question, name, contact)
  VALUES ('$p-question-1', '$k', '2026-05-01T02:00:00Z', 'vi', 'Khi nào làm đường?', 'Vàng A Sử', '0987654321');"
}
activity "$tmp/k1.db" a 30
activity "$tmp/k2.db" b 20
activity "$tmp/k3.db" c 10

"$bin" merge --into "$tmp/d.db" "$tmp/k1.db" "$tmp/k2.db" "$tmp/k3.db" >/dev/null \
  && ok "first merge, order 1 2 3" || no "first merge, order 1 2 3"
"$bin" merge --into "$tmp/e.db" "$tmp/k3.db" "$tmp/k2.db" "$tmp/k1.db" >/dev/null \
  && ok "first merge, order 3 2 1" || no "first merge, order 3 2 1"

# After the merge, in the communes: an officer answers and publishes K1's
# question; K2 purges names; K3 is renamed and moves to the merged commune;
# K1's unfinished attempt is finished; Mỷ saves again at K1 (one person).
qid=$("$bin" questions list --db "$tmp/k1.db" 2>/dev/null | awk 'NR == 1 { print $1 }')
"$bin" questions answer "$qid" "Tháng 8 năm nay." --db "$tmp/k1.db" >/dev/null 2>&1 \
  && "$bin" questions publish "$qid" --db "$tmp/k1.db" >/dev/null 2>&1 \
  && ok "question answered and published at kiosk 1" || no "question answered and published at kiosk 1 ($qid)"
"$bin" purge --before 2027-01-01 --force --db "$tmp/k2.db" >/dev/null && ok "purge at kiosk 2" || no "purge at kiosk 2"
q "$tmp/k3.db" "UPDATE kiosks SET name = 'NVH Khe Tiên (mới)', commune = 'Mậu Đông' WHERE kiosk_id = (SELECT value FROM meta WHERE key = 'kiosk_id')"
q "$tmp/k1.db" "UPDATE attempts SET completed = 1, ended_at = '2026-04-02T02:00:00Z', score = 4 WHERE uuid = 'a-a3';
INSERT INTO participants(uuid, kiosk_id, created_at, full_name, village, gender, birth_year, ethnicity, phone, consent_lang)
  VALUES ('a-p3', (SELECT value FROM meta WHERE key = 'kiosk_id'), '2026-04-02T02:00:00Z', 'giang thi my a', 'Nà Hẩu', 'female', 1990, 'mong', NULL, 'hmn');
UPDATE attempts SET participant_uuid = 'a-p3' WHERE uuid = 'a-a3'"

for round in 1 2; do
  "$bin" merge --into "$tmp/d.db" "$tmp/k1.db" "$tmp/k2.db" "$tmp/k3.db" >"$tmp/m.out" \
    || { no "merge again ($round), order 1 2 3"; cat "$tmp/m.out"; }
  "$bin" merge --into "$tmp/e.db" "$tmp/k2.db" "$tmp/k3.db" "$tmp/k1.db" >/dev/null \
    || no "merge again ($round), order 2 3 1"
done
grep -q "0 added, 0 updated" "$tmp/m.out" && ok "merging a second time changes nothing" \
  || { no "merging a second time changes nothing"; cat "$tmp/m.out"; }

# The same records in both district files, whatever the order.
dump() {
  for t in kiosks participants attempts answers visits views citizen_questions contests contest_teams contest_members; do
    key=uuid; [ $t = kiosks ] && key=kiosk_id
    # The district's own kiosk row differs by nature (each file is its own kiosk).
    if [ $t = kiosks ]; then
      q "$1" "SELECT * FROM kiosks WHERE kiosk_id <> (SELECT value FROM meta WHERE key = 'kiosk_id') ORDER BY kiosk_id"
    else
      q "$1" "SELECT * FROM $t ORDER BY $key"
    fi
  done
}
dump "$tmp/d.db" >"$tmp/d.dump"; dump "$tmp/e.db" >"$tmp/e.dump"
cmp -s "$tmp/d.dump" "$tmp/e.dump" && ok "same records after merging in two orders" \
  || { no "same records after merging in two orders"; diff "$tmp/d.dump" "$tmp/e.dump" | head; }
[ "$(q "$tmp/d.db" "SELECT published FROM citizen_questions WHERE uuid = 'a-question-1'")" = 1 ] \
  && ok "the publication reached the district" || no "the publication reached the district"
[ "$(q "$tmp/d.db" "SELECT count(*) FROM participants WHERE uuid LIKE 'b-%' AND full_name IS NOT NULL")" = 0 ] \
  && ok "the purge reached the district" || no "the purge reached the district"
[ "$(q "$tmp/d.db" "SELECT name || '|' || commune FROM kiosks WHERE name LIKE '%Khe Tiên%'")" = "NVH Khe Tiên (mới)|Mậu Đông" ] \
  && ok "the rename reached the district" || no "the rename reached the district"

# Reports: the district's equals the sum of the kiosks' own.
report() { "$bin" report --period 2026 --format csv --lang vi "$@"; }
fig() { # report file, figure label: the value
  awk -F, -v l="$2" 'NR < 25 && $1 == l { print $2; exit }' "$1" | tr -d '\r'
}
for f in d e k1 k2 k3; do report --db "$tmp/$f.db" >"$tmp/$f.csv" || no "report $f"; done
cmp -s "$tmp/d.csv" "$tmp/e.csv" && ok "same report after merging in two orders" \
  || { no "same report after merging in two orders"; diff "$tmp/d.csv" "$tmp/e.csv" | head; }
for label in "Lượt truy cập máy" "Lượt xem bài viết" "Lượt làm trắc nghiệm" \
             "Lượt hoàn thành trắc nghiệm" "Người tham gia" "Số lần lưu kết quả có tên" \
             "Câu hỏi của người dân đã nhận" "Câu hỏi của người dân đã trả lời"; do
  d=$(fig "$tmp/d.csv" "$label")
  s=$(( $(fig "$tmp/k1.csv" "$label") + $(fig "$tmp/k2.csv" "$label") + $(fig "$tmp/k3.csv" "$label") ))
  [ -n "$d" ] && [ "$d" = "$s" ] && ok "district $label = $d, the kiosks' sum" \
    || no "district $label: $d, kiosks' sum $s"
done
# 6 people saved 7 times (Mỷ at K1 twice); K1 finished all 3 attempts.
[ "$(fig "$tmp/d.csv" "Người tham gia")" = 6 ] && ok "people counted once" || no "people: $(fig "$tmp/d.csv" "Người tham gia")"
[ "$(fig "$tmp/d.csv" "Lượt hoàn thành trắc nghiệm")" = 7 ] && ok "the finished attempt counts" \
  || no "finished attempts: $(fig "$tmp/d.csv" "Lượt hoàn thành trắc nghiệm")"
grep -q "^Mậu Đông,3," "$tmp/d.csv" && ok "the moved kiosk counts in its new commune" \
  || { no "the moved kiosk counts in its new commune"; grep "Mậu Đông" "$tmp/d.csv"; }

# The district and kiosk 2 both answer kiosk 2's question, each on its own:
# resolved the same way, and the other answer is in the conflict log.
"$bin" questions answer b-question-1 "Trả lời của huyện." --db "$tmp/d.db" >/dev/null 2>&1 || no "district answers"
sleep 0.01
"$bin" questions answer b-question-1 "Trả lời của xã." --db "$tmp/k2.db" >/dev/null 2>&1 || no "kiosk 2 answers"
"$bin" merge --into "$tmp/d.db" "$tmp/k2.db" >"$tmp/c.out" 2>"$tmp/c.err" \
  && grep -q "1 changed in two places, 0 left out" "$tmp/c.out" \
  && ok "an answer given in two places is resolved, and said" || { no "two answers"; cat "$tmp/c.out" "$tmp/c.err"; }
"$bin" conflicts --db "$tmp/d.db" >"$tmp/cl.out" 2>/dev/null
grep -q "citizen_questions b-question-1: answer" "$tmp/cl.out" && grep -q "kept: the change made .* by NVH Bản Mù" "$tmp/cl.out" \
  && ok "the conflict log names the record and the kept kiosk" || { no "conflict log"; cat "$tmp/cl.out"; }
"$bin" conflicts --format json --db "$tmp/d.db" 2>/dev/null | grep -q '"answer":"Trả lời của huyện."' \
  && ok "the answer set aside is kept whole" || no "the answer set aside is kept whole"
# ...and back at kiosk 2 the same answer stands.
"$bin" merge --into "$tmp/k2.db" "$tmp/d.db" >/dev/null 2>&1
[ "$(q "$tmp/k2.db" "SELECT answer FROM citizen_questions WHERE uuid = 'b-question-1'")" = "Trả lời của xã." ] \
  && ok "both places keep the same answer" || no "both places keep the same answer"
report --db "$tmp/d.db" >"$tmp/d.csv" || no "report d"

# ---- the national server ----
"$bin" push --db "$tmp/d.db" >/dev/null 2>&1; [ $? = 2 ] && ok "push without --to is a usage error" || no "push usage"
"$bin" push --to "postgresql:///ntm?host=$tmp/nowhere&port=1" --db "$tmp/d.db" >/dev/null 2>"$tmp/np.err"
[ $? = 1 ] && grep -q "^ntmkiosk: push: postgresql: " "$tmp/np.err" && ok "push to no server fails and says so" \
  || { no "push to no server"; cat "$tmp/np.err"; }
if ! pg_start; then
  no "PostgreSQL server started"
  echo "$(( $(grep -c '^ok' "$0" >/dev/null; echo 0) )) " >/dev/null
  exit 1
fi
ok "PostgreSQL server started in $pgdir"
"$bin" push --to "$pg_uri" --db "$tmp/d.db" >"$tmp/p.out" && ok "push the district" \
  || { no "push the district"; cat "$tmp/p.out"; }
"$bin" push --to "$pg_uri" --db "$tmp/d.db" >"$tmp/p2.out" && "$bin" push --to "$pg_uri" --db "$tmp/e.db" >/dev/null \
  && ok "push again, and the other district file" || no "push again"
grep -q " 0 new or newer" "$tmp/p2.out" && ok "pushing again changes nothing" || { no "pushing again changes nothing"; cat "$tmp/p2.out"; }
# An old kiosk file pushed after: older versions do not overwrite.
"$bin" push --to "$pg_uri" --db "$tmp/k2.db" >/dev/null || no "push an old kiosk file"
[ "$(psql_q "SELECT count(*) FROM participants WHERE full_name IS NOT NULL AND uuid LIKE 'b-%'")" = 0 ] \
  && ok "a purge stays purged on the server" || no "a purge stays purged on the server"
report --db "$tmp/d.db" --from "$pg_uri" >"$tmp/n.csv" 2>"$tmp/n.err" || { no "report from the server"; cat "$tmp/n.err"; }
cmp -s "$tmp/d.csv" "$tmp/n.csv" && ok "the server's report is the district's" \
  || { no "the server's report is the district's"; diff "$tmp/d.csv" "$tmp/n.csv" | head -20; }
report --db "$tmp/d.db" --from "$pg_uri" --province "Lào Cai" >"$tmp/l.csv" 2>/dev/null
[ "$(fig "$tmp/l.csv" "Lượt truy cập máy")" = 0 ] && ok "another province's report is empty" || no "province filter"
[ "$(psql_q "SELECT count(*) FROM pg_inherits WHERE inhparent = 'visits'::regclass")" -ge 1 ] \
  && ok "visits are partitioned by province" || no "visits are partitioned by province"

# kill -9 in the middle of a push and of a merge: all or nothing.
"$bin" check --db "$tmp/big.db" >/dev/null
k=$(kid "$tmp/big.db")
q "$tmp/big.db" "UPDATE kiosks SET province = 'Yên Bái' WHERE kiosk_id = '$k';
WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < 60000)
INSERT INTO visits(uuid, kiosk_id, started_at, lang) SELECT 'big-' || n, '$k', '2026-09-01T00:00:00Z', 'vi' FROM i;"
before=$(psql_q "SELECT count(*) FROM visits")
allornone=1
for d in 0.05 0.1 0.2 0.3 0.4; do
  "$bin" push --to "$pg_uri" --db "$tmp/big.db" >/dev/null 2>&1 &
  pid=$!; sleep $d; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  n=$(psql_q "SELECT count(*) FROM visits")
  [ "$n" = "$before" ] || [ "$n" = $((before + 60000)) ] || allornone=0
  before=$n
done
[ $allornone = 1 ] && ok "kill -9 during push: all or nothing" || no "kill -9 during push: all or nothing"
"$bin" push --to "$pg_uri" --db "$tmp/big.db" >/dev/null && \
  [ "$(psql_q "SELECT count(*) FROM visits WHERE uuid LIKE 'big-%'")" = 60000 ] \
  && ok "push after the kills brings everything" || no "push after the kills brings everything"
cp "$tmp/d.db" "$tmp/m.db"
before=$(q "$tmp/m.db" "SELECT count(*) FROM visits")
allornone=1
for d in 0.05 0.1 0.2 0.3; do
  "$bin" merge --into "$tmp/m.db" "$tmp/big.db" >/dev/null 2>&1 &
  pid=$!; sleep $d; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  n=$(q "$tmp/m.db" "SELECT count(*) FROM visits")
  [ "$n" = "$before" ] || [ "$n" = $((before + 60000)) ] || allornone=0
  before=$n
done
[ "$(q "$tmp/m.db" "PRAGMA integrity_check")" = ok ] && [ $allornone = 1 ] \
  && ok "kill -9 during merge: all or nothing" || no "kill -9 during merge: all or nothing"
pg_stop
[ -d "$pgdir" ] && no "server folder removed" || ok "server stopped and removed"
echo "$fails failed"
[ $fails = 0 ]
