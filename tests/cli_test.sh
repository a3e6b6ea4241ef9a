#!/bin/sh
# The command line contract: --help, --version, exit codes 0/1/2, the
# database a first run creates (WAL, integrity ok, a kiosk id, the bundled
# topics), and backup.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok - $1"; }
no() { echo "FAIL - $1"; fails=$((fails + 1)); }

out=$("$bin" --help); rc=$?
[ $rc = 0 ] && echo "$out" | grep -q '^  check ' && echo "$out" | grep -q '^  backup ' \
  && ok "--help lists the commands" || no "--help ($rc): $out"
"$bin" --version | grep -Eq '^ntmkiosk [0-9]+\.[0-9]+' && ok "--version" || no "--version"
# ICU and libxlsxwriter (with libstdc++, minizip and libcrypto) are opened
# when first used, not at start (core/dynlib.h): the start-up depends on it.
# (Not libstdc++ itself: a sanitizer build links it for its own runtime.)
heavy=$(ldd "$bin" | grep -E 'libicu|libxlsxwriter|libcrypto|libminizip')
[ -z "$heavy" ] && ok "ICU and libxlsxwriter are not loaded at start" \
  || no "loaded at start: $heavy"
"$bin" --frobnicate 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "unknown or incomplete option '--frobnicate'" "$tmp/err" \
  && ok "unknown option exits 2" || no "unknown option: $rc $(cat "$tmp/err")"
"$bin" frobnicate 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "unknown command 'frobnicate'" "$tmp/err" && ok "unknown command exits 2" \
  || no "unknown command: $rc"
"$bin" --lang fr check --db "$tmp/x.db" 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "unknown language 'fr' (vi, hmn, ium)" "$tmp/err" && ok "--lang checked" \
  || no "--lang fr: $rc $(cat "$tmp/err")"

# Each command takes only the options it declares: one it does not is a usage
# error naming the option and showing the command's usage, before anything runs.
"$bin" search --points 5 hoa --db "$tmp/spec.db" 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -qx "ntmkiosk: search: --points is not an option of this command" "$tmp/err" \
  && grep -q "^usage: ntmkiosk search \[--db PATH\]" "$tmp/err" && [ ! -e "$tmp/spec.db" ] \
  && ok "search --points refused" || no "search --points: $rc $(cat "$tmp/err")"
"$bin" --anonymize check --db "$tmp/spec.db" 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -qx "ntmkiosk: check: --anonymize is not an option of this command" "$tmp/err" \
  && [ ! -e "$tmp/spec.db" ] && ok "check --anonymize refused (option before the command)" \
  || no "check --anonymize: $rc $(cat "$tmp/err")"
"$bin" check-content --db "$tmp/spec.db" "$tmp" 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "check-content: --db is not an option" "$tmp/err" \
  && ok "check-content takes no --db" || no "check-content --db: $rc $(cat "$tmp/err")"
"$bin" merge --db "$tmp/spec.db" --into "$tmp/spec.db" 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "merge: --db is not an option" "$tmp/err" \
  && ok "merge takes --into, not --db" || no "merge --db: $rc $(cat "$tmp/err")"
"$bin" --limit 3 2>"$tmp/err" </dev/null; rc=$?
[ $rc = 2 ] && grep -q "kiosk: --limit is not an option" "$tmp/err" \
  && ok "the default command has a spec too" || no "kiosk --limit: $rc $(cat "$tmp/err")"
# Declared options, --lang and --help go through.
"$bin" check --lang vi --db "$tmp/spec.db" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 0 ] && ok "check --lang --db accepted" || no "check --lang --db: $rc $(cat "$tmp/err")"
"$bin" search --db "$tmp/spec.db" --limit 2 hoa >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 0 ] && ok "search --limit accepted" || no "search --limit: $rc $(cat "$tmp/err")"
"$bin" purge --help >/dev/null 2>&1; rc=$?
[ $rc = 0 ] && ok "--help with any command" || no "purge --help: $rc"

# Villages typed apart are one village: found and merged from the command line.
vdb="$tmp/vil.db"
"$bin" villages add "Phình Hồ" "Thôn 1" --db "$vdb" >/dev/null
sqlite3 "$vdb" "INSERT INTO participants(uuid, kiosk_id, created_at, village, consent_lang)
  VALUES ('a', 'k', '2026-01-01T00:00:00Z', 'Phình  Hồ', 'vi'),
         ('b', 'k', '2026-01-01T00:00:00Z', 'Phinh Ho', 'vi')"
out=$("$bin" villages duplicates --db "$vdb")
[ "$out" = "Phình Hồ (0) <- Phình  Hồ (1), Phinh Ho (1)" ] && ok "villages duplicates" \
  || no "villages duplicates: $out"
out=$("$bin" villages merge --db "$vdb")
[ "$out" = "merged 2 names; 2 records changed" ] \
  && [ "$(sqlite3 "$vdb" "SELECT DISTINCT village FROM participants")" = "Phình Hồ" ] \
  && ok "villages merge" || no "villages merge: $out"
"$bin" villages rename "Thôn 1" "Thôn Một" --db "$vdb" >/dev/null \
  && [ "$("$bin" villages list --db "$vdb" | tr '\n' '|')" = "Phình Hồ|Thôn Một|" ] \
  && ok "villages rename" || no "villages rename"
"$bin" villages remove "Không có" --db "$vdb" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q "no village 'Không có' in the list" "$tmp/err" \
  && ok "villages remove of a name not listed fails" || no "villages remove: $rc $(cat "$tmp/err")"
"$bin" villages rename "Thôn Một" --db "$vdb" 2>/dev/null; [ $? = 2 ] \
  && ok "villages rename needs two names" || no "villages rename usage"

# System errors read in English like our own, whatever the kiosk's language.
"$bin" --lang vi check --db /proc/ntmkiosk-none/x.db 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q "/proc/ntmkiosk-none: No such file or directory" "$tmp/err" \
  && ok "system errors in English" || no "system error: $rc $(cat "$tmp/err")"

# A first run creates the database in XDG_DATA_HOME.
XDG_DATA_HOME="$tmp/xdg" "$bin" check >"$tmp/out" 2>"$tmp/err"; rc=$?
db="$tmp/xdg/ntmkiosk/kiosk.db"
[ $rc = 0 ] && [ -f "$db" ] && grep -q '^integrity: ok$' "$tmp/out" \
  && ok "check creates the default database" || no "check: $rc $(cat "$tmp/err")"
[ "$(sqlite3 "$db" 'PRAGMA journal_mode')" = wal ] && ok "WAL on" || no "WAL"
[ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] && ok "integrity_check ok" || no "integrity"
kid=$(sqlite3 "$db" "SELECT value FROM meta WHERE key = 'kiosk_id'")
echo "$kid" | grep -Eq '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' \
  && grep -q "^kiosk: $kid$" "$tmp/out" && ok "kiosk id" || no "kiosk id '$kid'"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM topics')" -ge 9 ] && ok "bundled topics loaded" \
  || no "bundled topics"
[ "$(sqlite3 "$db" "SELECT title FROM topic_titles WHERE topic_id = 'ntm' AND lang = 'vi'")" \
  = "Nông thôn mới là gì" ] && ok "topic title stored" || no "topic title"
# A second run keeps the same kiosk and does not load the topics twice.
XDG_DATA_HOME="$tmp/xdg" "$bin" check >/dev/null 2>&1
[ "$(sqlite3 "$db" "SELECT value FROM meta WHERE key = 'kiosk_id'")" = "$kid" ] \
  && ok "kiosk id stable" || no "kiosk id changed"

"$bin" backup --db "$db" --out "$tmp/copy.db" >/dev/null; rc=$?
[ $rc = 0 ] && [ "$(sqlite3 "$tmp/copy.db" 'PRAGMA integrity_check')" = ok ] \
  && [ "$(sqlite3 "$tmp/copy.db" "SELECT value FROM meta WHERE key = 'kiosk_id'")" = "$kid" ] \
  && ok "backup" || no "backup: $rc"
"$bin" backup --db "$db" 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && ok "backup without --out exits 2" || no "backup without --out: $rc"
"$bin" backup --db "$db" --out "$tmp/no/such/dir/copy.db" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q '^ntmkiosk: backup: ' "$tmp/err" && ok "backup failure exits 1" \
  || no "backup failure: $rc $(cat "$tmp/err")"
echo "not a database" >"$tmp/text.db"
"$bin" check --db "$tmp/text.db" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q "text.db" "$tmp/err" && [ "$(cat "$tmp/text.db")" = "not a database" ] \
  && ok "a file that is not a database is refused, untouched" || no "text file: $rc"
"$bin" --db "$tmp/k.db" </dev/null >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q 'needs a terminal' "$tmp/err" && ok "kiosk without a terminal exits 1" \
  || no "kiosk without terminal: $rc"

# Content: validate, import (all or nothing), search.
fx="$NTMKIOSK_DATADIR/tests/data/articles"
"$bin" check-content "$fx" >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc = 0 ] && grep -q '^2 articles, 3 texts: ok$' "$tmp/out" \
  && grep -q "^warning: .*ocop-ba-sao: no hmn.md" "$tmp/err" \
  && ok "check-content passes the fixture, warning of missing translations" \
  || no "check-content fixture: $rc $(cat "$tmp/out" "$tmp/err")"
mkdir -p "$tmp/bad/a" "$tmp/bad/b"
cp "$fx/ocop-ba-sao/vi.md" "$tmp/bad/a/vi.md"
sed -i 's/^slug: ocop-ba-sao/slug: a/' "$tmp/bad/a/vi.md"
printf -- '---\nslug: b\ntopic: ocop\ntitle: B\norder: 1\nstatus: reviewed\nsource: x\nperiod: 2026\nupdated: 2026-11-22\n---\n\nXem [x](article:khong-co).\n' >"$tmp/bad/b/vi.md"
"$bin" check-content "$tmp/bad" >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q "^$tmp/bad/b/vi.md:12: link to an article that does not exist: 'khong-co'$" "$tmp/err" \
  && grep -q "^$tmp/bad/a/vi.md:13: link to an article that does not exist: 'nam-khong-ba-sach'$" "$tmp/err" \
  && ok "check-content reports every bad link with file:line" \
  || no "check-content bad: $rc $(cat "$tmp/err")"
db2="$tmp/c.db"
before=$("$bin" search --db "$db2" ocop | wc -l)
"$bin" import content "$tmp/bad" --db "$db2" >/dev/null 2>"$tmp/err"; rc=$?
after=$(sqlite3 "$db2" 'SELECT count(*) FROM articles')
[ $rc = 1 ] && grep -q 'nothing was imported' "$tmp/err" \
  && [ "$after" = "$(sqlite3 "$db2" 'SELECT count(*) FROM articles')" ] \
  && [ "$("$bin" search --db "$db2" ocop | wc -l)" = "$before" ] \
  && ok "a bad import changes nothing" || no "bad import: $rc"
"$bin" import content "$fx" --db "$db2" >"$tmp/out" 2>/dev/null; rc=$?
[ $rc = 0 ] && grep -q '^imported 2 articles, 3 texts$' "$tmp/out" && ok "import content" \
  || no "import content: $rc $(cat "$tmp/out")"
out=$("$bin" search --db "$db2" che shan tuyet danh gia)
printf 'ocop-ba-sao\tSản phẩm OCOP ba sao\n' >"$tmp/want"
[ "$out" = "$(cat "$tmp/want")" ] && ok "search without accents: slug<TAB>title" \
  || no "search che shan: '$out'"
out=$("$bin" search --db "$db2" --lang hmn "Tsev neeg 5 tsis muaj" | head -n 1)
printf 'nam-khong-ba-sach\tTsev neeg 5 tsis muaj 3 huv\n' >"$tmp/want"
[ "$out" = "$(cat "$tmp/want")" ] && ok "search --lang hmn" || no "search hmn: '$out'"
out=$("$bin" search --db "$db2" 'ĐÀO TẠO'); rc=$?
echo "$out" | grep -q '^nam-khong-ba-sach	' && ok "search with capitals and accents" \
  || no "search ĐÀO TẠO: '$out'"
out=$("$bin" search --db "$db2" 'xyzzy" OR *'); rc=$?
[ $rc = 0 ] && [ -z "$out" ] && ok "no hits: exit 0, no output" || no "no hits: $rc '$out'"
"$bin" search --db "$db2" --limit 0 x 2>/dev/null; rc=$?
[ $rc = 2 ] && ok "--limit checked" || no "--limit 0: $rc"
n=$("$bin" search --db "$db" --limit 3 nong thon | wc -l)
[ "$n" -ge 1 ] && [ "$n" -le 3 ] && ok "bundled content is searchable, --limit" || no "bundled search: $n"

# Question banks: import all or nothing, with file:line errors.
bk="$NTMKIOSK_DATADIR/tests/data/banks"
db3="$tmp/q.db"
"$bin" import content "$fx" --db "$db3" >/dev/null 2>&1
"$bin" import questions "$bk/vi/ocop.gift" "$bk/hmn/ocop.gift" --db "$db3" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 0 ] && grep -q '^imported 3 questions, 4 texts from 2 files$' "$tmp/out" \
  && ok "import questions" || no "import questions: $rc $(cat "$tmp/out" "$tmp/err")"
[ "$(sqlite3 "$db3" "SELECT correct FROM questions WHERE id = 'fx-002'")" = 3 ] \
  && ok "the multi-answer key stored" || no "answer key"
mkdir -p "$tmp/quizbank/hmn"
printf '::fx-001::X?{\n~A\n=B\n~C\n}\n' >"$tmp/quizbank/hmn/ocop.gift"
printf '::zz-1::Y?{\n=A\n~B\n' >"$tmp/quizbank/broken.gift"
n0=$(sqlite3 "$db3" "SELECT count(*) FROM question_texts")
"$bin" import questions "$tmp/quizbank/hmn/ocop.gift" "$tmp/quizbank/broken.gift" --db "$db3" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q "^$tmp/quizbank/broken.gift:1: " "$tmp/err" \
  && grep -q "nothing was imported" "$tmp/err" \
  && [ "$(sqlite3 "$db3" "SELECT count(*) FROM question_texts")" = "$n0" ] \
  && ok "a bad bank imports nothing, with file:line" || no "bad bank: $rc $(cat "$tmp/err")"
printf 'Which is OCOP?\nA. One Commune One Product\nB. A river\nANSWER: A\n' >"$tmp/quizbank/ocop.txt"
"$bin" import questions "$tmp/quizbank/ocop.txt" --db "$db3" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 0 ] && [ "$(sqlite3 "$db3" "SELECT topic FROM questions WHERE id = 'ocop-001'")" = ocop ] \
  && ok "an Aiken file imports, its topic from its name" || no "aiken: $rc $(cat "$tmp/err")"
# Moodle's own exports and fixtures (GIFT named .txt, a $CATEGORY, Aiken).
mg="$NTMKIOSK_PEERS/moodle-gift"
if [ -d "$mg" ]; then
  "$bin" import questions "$mg/questions.gift.txt" --db "$db3" >/dev/null 2>"$tmp/err"; rc1=$?
  "$bin" import questions "$mg/questions.gift.txt" "$mg/examples.txt" "$mg/questions.aiken.txt" \
    --topic ocop --db "$db3" >"$tmp/out" 2>"$tmp/err"; rc2=$?
  "$bin" import questions "$mg/questions_in_category.gift.txt" --create-topics --db "$db3" \
    >"$tmp/out2" 2>>"$tmp/err"; rc3=$?
  [ $rc1 = 1 ] && [ $rc2 = 0 ] && [ $rc3 = 0 ] && grep -q "1 new topics" "$tmp/out2" \
    && grep -q "this question is '2-08 TSL-2'" "$tmp/err" \
    && [ "$(sqlite3 "$db3" "SELECT topic FROM questions WHERE id = 'Greeting'")" = default-for-new-features ] \
    && ok "Moodle's GIFT .txt, Aiken and \$CATEGORY banks import from the command line" \
    || no "moodle banks: $rc1 $rc2 $rc3 $(cat "$tmp/out" "$tmp/out2" "$tmp/err")"
fi
"$bin" export questions --format gift --topic ocop --db "$db3" >"$tmp/ocop-back.gift" 2>"$tmp/err" \
  && "$bin" export questions --format aiken --topic ocop --db "$db3" --out "$tmp/ocop-back.txt" 2>>"$tmp/err" \
  && grep -q '^::fx-001::' "$tmp/ocop-back.gift" && grep -q '^ANSWER: ' "$tmp/ocop-back.txt" \
  && "$bin" import questions "$tmp/ocop-back.gift" --db "$db3" >/dev/null 2>&1 \
  && ok "export questions --format gift|aiken, and the GIFT imports again" \
  || no "export questions: $(cat "$tmp/err")"
"$bin" quiz --topic weather --db "$db3" </dev/null >/dev/null 2>&1; rc=$?
[ $rc = 1 ] || [ $rc = 2 ] && ok "quiz without a terminal or with a bad topic fails" || no "quiz: $rc"
"$bin" quiz --count 7 2>/dev/null; rc=$?
[ $rc = 2 ] && ok "quiz --count checked" || no "quiz --count 7: $rc"

"$bin" villages add "Tả Van" "Bản Hồ" "An Phú" --db "$db3" && out=$("$bin" villages list --db "$db3")
[ "$out" = "$(printf 'An Phú\nBản Hồ\nTả Van')" ] && ok "villages add/list, Vietnamese order" \
  || no "villages: '$out'"

# Officers: the PIN, citizens' questions, the purge.
echo 2468 | "$bin" pin set --db "$db3" >/dev/null; rc=$?
h=$(sqlite3 "$db3" "SELECT value FROM meta WHERE key = 'pin_hash'")
[ $rc = 0 ] && case "$h" in '$y$'*) true ;; *) false ;; esac && ok "pin set stores a yescrypt hash" \
  || no "pin set: $rc $h"
echo 12 | "$bin" pin set --db "$db3" 2>/dev/null; [ $? = 1 ] && ok "a short PIN is refused" \
  || no "short PIN"
sqlite3 "$db3" "INSERT INTO citizen_questions(uuid, kiosk_id, asked_at, lang, question, name, contact) VALUES ('abcdef12-0000-4000-8000-000000000001', 'k', '2025-01-05T01:00:00Z', 'vi', 'Khi nào có lớp tập huấn?', 'Lò Văn Tú', '0912')"
out=$(TZ=Asia/Ho_Chi_Minh "$bin" questions list waiting --db "$db3")
echo "$out" | grep -q '^abcdef12  2025-01-05 08:00  vi  waiting$' \
  && echo "$out" | grep -q '^  Khi nào có lớp tập huấn?$' && ok "questions list waiting" \
  || no "questions list: $out"
"$bin" questions publish abcdef12 --db "$db3" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q 'no answer yet' "$tmp/err" && ok "publishing needs an answer first" \
  || no "publish unanswered: $rc"
"$bin" questions answer abcdef12 "Tháng 12, tại nhà văn hóa." --db "$db3" >/dev/null \
  && "$bin" questions publish abcdef12 --db "$db3" >/dev/null \
  && "$bin" questions list published --db "$db3" | grep -q '^  answer: Tháng 12, tại nhà văn hóa.$' \
  && ok "answer and publish" || no "answer/publish"
out=$("$bin" purge --before 2026-01-01 --db "$db3")
[ "$out" = "removed personal data from 0 people and 1 questions" ] \
  && [ -z "$(sqlite3 "$db3" "SELECT name FROM citizen_questions")" ] && ok "purge" \
  || no "purge: $out"
"$bin" purge --db "$db3" 2>/dev/null; [ $? = 2 ] && ok "purge needs --before" || no "purge usage"
logs=$(sqlite3 "$db3" "SELECT count(*) FROM officer_log WHERE event = 'purge'")
out=$("$bin" purge --before 2026-01-01 --db "$db3")
[ "$out" = "removed personal data from 0 people and 0 questions" ] \
  && [ "$(sqlite3 "$db3" "SELECT count(*) FROM officer_log WHERE event = 'purge'")" = "$logs" ] \
  && ok "a purge that removes nothing is not logged" || no "empty purge logged: $out"
"$bin" purge --before 2999-01-01 --db "$db3" </dev/null >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "is after today" "$tmp/err" && grep -q -- "--force" "$tmp/err" \
  && ok "purge --before a future date asks first, and without a terminal does nothing" \
  || no "future purge: $rc $(cat "$tmp/err")"
"$bin" purge --before 2999-01-01 --force --db "$db3" >/dev/null && ok "purge --force" || no "purge --force"

# Exports, the report, merge: what officers do with the records.
ka="$tmp/kiosk-a.db"; kb="$tmp/kiosk-b.db"; dist="$tmp/district.db"
"$bin" check --db "$ka" >/dev/null && "$bin" check --db "$kb" >/dev/null
for k in "$ka" "$kb"; do
  kid=$(sqlite3 "$k" "SELECT value FROM meta WHERE key = 'kiosk_id'")
  sqlite3 "$k" "INSERT INTO visits(uuid, kiosk_id, started_at, lang) VALUES
    ('v-$kid-1', '$kid', '2026-07-02T02:00:00Z', 'vi'), ('v-$kid-2', '$kid', '2026-08-02T02:00:00Z', 'hmn');
    INSERT INTO participants(uuid, kiosk_id, created_at, full_name, village, gender, birth_year, ethnicity, phone, consent_lang)
    VALUES ('p-$kid', '$kid', '2026-07-02T02:05:00Z', '=HYPERLINK(\"http://x\",\"y\")', 'Tả Van', 'female', 1990, 'mong', '0912', 'vi');
    INSERT INTO attempts(uuid, kiosk_id, lang, started_at, ended_at, total, score, completed, participant_uuid)
    VALUES ('a-$kid', '$kid', 'vi', '2026-07-02T02:01:00Z', '2026-07-02T02:04:00Z', 5, 4, 1, 'p-$kid');"
done
sqlite3 "$kb" "UPDATE kiosks SET name = 'Máy B', commune = 'Xã Bản Hồ'"
"$bin" export participants --format csv --db "$ka" >"$tmp/p.csv"; rc=$?
[ $rc = 0 ] && head -c 3 "$tmp/p.csv" | od -An -tx1 | grep -q 'ef bb bf' \
  && grep -q "$(printf '\r')\$" "$tmp/p.csv" && grep -q "\"'=HYPERLINK" "$tmp/p.csv" && grep -q 'Tả Van' "$tmp/p.csv" \
  && ok "CSV export: BOM, CRLF, Vietnamese, =HYPERLINK neutralized" || no "csv export: $rc"
"$bin" export participants --format csv --anonymize --db "$ka" | grep -q HYPERLINK \
  && no "anonymized export still has the name" || ok "--anonymize drops names"
"$bin" export answers --format xlsx --db "$ka" 2>/dev/null; [ $? = 2 ] && ok "XLSX needs --out" \
  || no "xlsx without --out"
"$bin" export participants --format xlsx --out "$tmp/p.xlsx" --db "$ka" 2>/dev/null; rc=$?
if [ $rc = 0 ] && command -v libreoffice >/dev/null 2>&1; then
  (cd "$tmp" && HOME="$tmp" timeout 120 libreoffice --headless \
    --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' p.xlsx >/dev/null 2>&1)
  grep -q 'Tả Van' "$tmp/p.csv" && grep -q '=HYPERLINK' "$tmp/p.csv" \
    && ok "LibreOffice opens the XLSX: the name is text, Vietnamese intact" \
    || no "libreoffice: $(cat "$tmp/p.csv")"
elif [ $rc = 0 ]; then ok "XLSX written (LibreOffice not installed to open it)"
else no "xlsx export: $rc"; fi
"$bin" export participants --format json --db "$ka" >"$tmp/p.json"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r[0]["village"] == "Tả Van", r' \
  "$tmp/p.json" && ok "JSON export parses, values intact" || no "json export"
out1=$("$bin" merge --into "$dist" "$ka" "$kb"); rc1=$?
t1=$(sqlite3 "$dist" "SELECT (SELECT count(*) FROM visits) || '/' || (SELECT count(*) FROM participants) || '/' || (SELECT count(*) FROM attempts)")
out2=$("$bin" merge --into "$dist" "$ka" "$kb"); rc2=$?
t2=$(sqlite3 "$dist" "SELECT (SELECT count(*) FROM visits) || '/' || (SELECT count(*) FROM participants) || '/' || (SELECT count(*) FROM attempts)")
[ $rc1 = 0 ] && [ $rc2 = 0 ] && [ "$t1" = "4/2/2" ] && [ "$t2" = "$t1" ] \
  && echo "$out2" | grep -q ': 0 added' && ok "merging twice gives the same totals ($t1)" \
  || no "merge: $rc1 $rc2 $t1 $t2 $out1 $out2"
"$bin" report --period 2026-H2 --format csv --db "$dist" >"$tmp/r.csv"; rc=$?
[ $rc = 0 ] && grep -q 'Xã Bản Hồ' "$tmp/r.csv" && grep -q 'Máy B' "$tmp/r.csv" \
  && ok "the half-year report splits by kiosk and commune" || no "report: $rc"
"$bin" report --period 2026-H2 --format xlsx --out "$tmp/r.xlsx" --db "$dist" 2>/dev/null \
  && [ -s "$tmp/r.xlsx" ] && ok "report XLSX" || no "report xlsx"
"$bin" report --period 2026-H3 --db "$dist" 2>/dev/null; [ $? = 2 ] && ok "a bad period is a usage error" \
  || no "bad period"
visits_of() { awk -F, '$1 == "Lượt truy cập máy" { print $2; exit }' | tr -d '\r'; }
[ "$("$bin" report --period 2026-08 --format csv --db "$dist" | visits_of)" = 2 ] \
  && [ "$("$bin" report --period 2026-Q3 --format csv --db "$dist" | visits_of)" = 4 ] \
  && [ "$("$bin" report --from 2026-07-01 --to 2026-07-31 --format csv --db "$dist" | visits_of)" = 2 ] \
  && [ "$("$bin" report --period 2026-07-03..2026-08-01 --format csv --db "$dist" | visits_of)" = 0 ] \
  && ok "a month, a quarter and any days" || no "report periods"
"$bin" export participants --format csv --from 2026-13-01 --db "$dist" 2>"$tmp/err" >/dev/null
grep -q '^ntmkiosk: export: start date "2026-13-01" is not YYYY-MM-DD$' "$tmp/err" \
  && ok "an export error says 'export:' once" || no "doubled prefix: $(cat "$tmp/err")"
"$bin" report --from 2026-07-01 --format csv --db "$dist" >/dev/null 2>&1; rc1=$?
"$bin" report --from 2026-07-01 --to 2026-07-31 --period 2026 --db "$dist" >/dev/null 2>&1; rc2=$?
"$bin" report --period 2026 --by village --db "$dist" >/dev/null 2>&1; rc3=$?
"$bin" report --period 2026 --analysis --from postgresql://nobody@127.0.0.1:1/x --db "$dist" >/dev/null 2>&1; rc4=$?
[ $rc1 = 2 ] && [ $rc2 = 2 ] && [ $rc3 = 2 ] && [ $rc4 = 2 ] \
  && ok "--from without --to, both --from and --period, a bad --by, --analysis from the server: usage errors" \
  || no "report usage: $rc1 $rc2 $rc3 $rc4"
"$bin" report --period 2026-H2 --analysis --format json --db "$dist" | grep -q '"id":"question_analysis"' \
  && ok "report --analysis adds the question analysis" || no "report --analysis"
"$bin" report --period 2026-H2 --by kiosk --format csv --db "$dist" | grep -q '^Giới tính,Tổng cộng,.*Máy B' \
  && ok "report --by kiosk: a column per kiosk" || no "report --by kiosk"

# Files with names and phones are 0600 whatever the umask: a backup, the
# exports, the report. Each is written beside its name, synced, renamed and
# its folder synced (seen with strace where it is installed); nothing
# hidden is left behind.
mkdir "$tmp/m"
(umask 022
 "$bin" backup --db "$ka" --out "$tmp/m/b.db" >/dev/null
 "$bin" export participants --format csv --db "$ka" --out "$tmp/m/p.csv"
 "$bin" export answers --format xlsx --db "$ka" --out "$tmp/m/a.xlsx" 2>/dev/null
 "$bin" export views --format json --db "$ka" --out "$tmp/m/v.json"
 "$bin" report --period 2026-H2 --format xlsx --db "$ka" --out "$tmp/m/r.xlsx" 2>/dev/null
 "$bin" report --period 2026-H2 --format csv --db "$ka" --out "$tmp/m/r.csv")
modes=$(cd "$tmp/m" && stat -c '%n %a' b.db p.csv a.xlsx v.json r.xlsx r.csv | tr '\n' ' ')
[ "$modes" = "b.db 600 p.csv 600 a.xlsx 600 v.json 600 r.xlsx 600 r.csv 600 " ] \
  && ok "backup, exports and report are 0600" || no "modes: $modes"
[ -z "$(ls -A "$tmp/m" | grep '^\.')" ] && ok "no temporary file left" \
  || no "left: $(ls -A "$tmp/m")"
# The order, per writer: the file's fsync, the rename, the folder's fsync.
durable() { # target, command...
  target=$1; shift
  strace -f -qq -y -e trace=fsync,rename,renameat2 -o "$tmp/trace" "$@" >/dev/null 2>&1
  awk -v t="$target" -v d="$(dirname "$target")" '
    /fsync\(/ { f = $0; sub(/^[^<]*</, "", f); sub(/>.*/, "", f)
                if (renamed && f == d) synced = 1; else if (!renamed) last = f }
    /rename/ && index($0, "\"" t "\"") && index($0, "\"" last "\"") { renamed = 1 }
    END { exit !(renamed && synced) }' "$tmp/trace"
}
if command -v strace >/dev/null; then
  for w in "b.db backup --out $tmp/m/b.db" "p.csv export participants --format csv --out $tmp/m/p.csv" \
           "a.xlsx export answers --format xlsx --out $tmp/m/a.xlsx" \
           "r.xlsx report --period 2026-H2 --format xlsx --out $tmp/m/r.xlsx"; do
    set -- $w
    name=$1; shift
    durable "$tmp/m/$name" "$bin" "$@" --db "$ka" && ok "$name: fsync, rename, folder fsync" \
      || no "$name: not written durably: $(cat "$tmp/trace")"
  done
else
  ok "strace not installed: the order is checked by test_safefile only"
fi

# A damaged database is found at start-up; restore puts back the daily copy.
cdb="$tmp/c/kiosk.db"
mkdir -p "$tmp/c"
"$bin" check --db "$cdb" >/dev/null
sqlite3 "$cdb" "INSERT INTO villages(name) VALUES ('Bản Lả')"
mkdir -p "$tmp/c/backups"
"$bin" backup --db "$cdb" --out "$tmp/c/backups/kiosk-2026-11-21.db" >/dev/null
sqlite3 "$cdb" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
size=$(stat -c %s "$cdb")
dd if=/dev/urandom of="$cdb" bs=1 seek=$((size / 2)) count=$((size / 3)) conv=notrunc 2>/dev/null
"$bin" check --db "$cdb" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q 'damaged' "$tmp/err" && grep -q "ntmkiosk restore --db $cdb" "$tmp/err" \
  && ok "a damaged database is found, with the way out" || no "damaged: $rc $(cat "$tmp/err")"
"$bin" restore --db "$cdb" 2>"$tmp/err"; rc=$?
[ $rc = 0 ] && "$bin" villages list --db "$cdb" | grep -q 'Bản Lả' \
  && ls "$tmp/c" | grep -q '^kiosk.db.damaged-' && ok "restore from the daily copy, old file set aside" \
  || no "restore: $rc $(cat "$tmp/err")"

# Only a missing file is a new kiosk: an empty file (what a power cut can
# leave), a damaged header or a file cut short stops with the restore advice
# and is left as it was.
mkdir -p "$tmp/e"
: >"$tmp/e/empty.db"
"$bin" check --db "$tmp/e/empty.db" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q 'damaged: the file is empty' "$tmp/err" \
  && grep -q "ntmkiosk restore --db $tmp/e/empty.db" "$tmp/err" && [ ! -s "$tmp/e/empty.db" ] \
  && ok "an empty database file is damaged, not a new kiosk" || no "empty: $rc $(cat "$tmp/err")"
"$bin" check --db "$tmp/e/h.db" >/dev/null
printf 'SQLite format 2\000' | dd of="$tmp/e/h.db" conv=notrunc 2>/dev/null
"$bin" check --db "$tmp/e/h.db" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q 'damaged: file is not a database' "$tmp/err" \
  && grep -q "ntmkiosk restore --db $tmp/e/h.db" "$tmp/err" \
  && ok "a damaged header stops with the restore advice" || no "header: $rc $(cat "$tmp/err")"
"$bin" check --db "$tmp/e/t.db" >/dev/null
sqlite3 "$tmp/e/t.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
truncate -s $(($(stat -c %s "$tmp/e/t.db") / 2)) "$tmp/e/t.db"
size=$(stat -c %s "$tmp/e/t.db")
"$bin" check --db "$tmp/e/t.db" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q 'damaged' "$tmp/err" && grep -q "ntmkiosk restore --db $tmp/e/t.db" "$tmp/err" \
  && [ "$(stat -c %s "$tmp/e/t.db")" = "$size" ] \
  && ok "a file cut short stops with the restore advice" || no "truncated: $rc $(cat "$tmp/err")"
[ "$(stat -c %a "$tmp/e/h.db")" = 600 ] && ok "a new database is 0600" \
  || no "new database mode $(stat -c %a "$tmp/e/h.db")"

# Two kiosks in one folder: each restores its own copy; another kiosk's is
# refused unless forced; the offer names the kiosk, the date and the counts.
two=$tmp/two
mkdir -p "$two"
"$bin" check --db "$two/a.db" >/dev/null && "$bin" check --db "$two/b.db" >/dev/null
ida=$(sqlite3 "$two/a.db" "SELECT value FROM meta WHERE key = 'kiosk_id'")
idb=$(sqlite3 "$two/b.db" "SELECT value FROM meta WHERE key = 'kiosk_id'")
sqlite3 "$two/a.db" "UPDATE kiosks SET name = 'Máy A' WHERE kiosk_id = '$ida'; INSERT INTO villages(name) VALUES ('Bản A')"
sqlite3 "$two/b.db" "UPDATE kiosks SET name = 'Máy B' WHERE kiosk_id = '$idb'; INSERT INTO villages(name) VALUES ('Bản B')"
mkdir -p "$two/backups/a" "$two/backups/b"
ca="$two/backups/a/$(echo "$ida" | cut -c1-8)-2026-11-21.db"
cb="$two/backups/b/$(echo "$idb" | cut -c1-8)-2026-11-21.db"
"$bin" backup --db "$two/a.db" --out "$ca" >/dev/null && "$bin" backup --db "$two/b.db" --out "$cb" >/dev/null
sqlite3 "$two/a.db" "DELETE FROM villages WHERE name = 'Bản A'"
sqlite3 "$two/b.db" "DELETE FROM villages WHERE name = 'Bản B'"
"$bin" restore --db "$two/a.db" 2>"$tmp/err"; rc=$?
[ $rc = 0 ] && grep -q "kiosk \"Máy A\" ($(echo "$ida" | cut -c1-8)), copy of 2026-11-21: 0 visits, 0 quiz attempts, 0 participants" "$tmp/err" \
  && "$bin" villages list --db "$two/a.db" | grep -q 'Bản A' \
  && ok "kiosk A restores its own copy, named, dated and counted" || no "restore A: $rc $(cat "$tmp/err")"
before=$(sha256sum <"$two/b.db")
"$bin" restore --db "$two/b.db" --from "$ca" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q 'is a copy of another kiosk' "$tmp/err" && grep -q -- '--force' "$tmp/err" \
  && [ "$(sha256sum <"$two/b.db")" = "$before" ] \
  && ok "kiosk A's copy is refused for kiosk B, nothing changed" || no "cross restore: $rc $(cat "$tmp/err")"
"$bin" restore --db "$two/b.db" 2>"$tmp/err"; rc=$?
[ $rc = 0 ] && "$bin" villages list --db "$two/b.db" | grep -q 'Bản B' \
  && ! "$bin" villages list --db "$two/b.db" | grep -q 'Bản A' \
  && ok "kiosk B restores its own copy" || no "restore B: $rc $(cat "$tmp/err")"
"$bin" restore --db "$two/b.db" --from "$ca" --force 2>"$tmp/err"; rc=$?
[ $rc = 0 ] && [ "$(sqlite3 "$two/b.db" "SELECT value FROM meta WHERE key = 'kiosk_id'")" = "$ida" ] \
  && ok "--force puts another kiosk's copy in place" || no "forced: $rc $(cat "$tmp/err")"
[ "$(stat -c %a "$two/b.db")" = 600 ] && ok "a restored database is 0600" || no "restored mode"

echo "$fails failed"
[ $fails = 0 ]
