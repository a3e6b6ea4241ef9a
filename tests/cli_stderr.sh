#!/bin/sh
# Messages that quote input reach no terminal raw: the real binary runs
# check-content, import content, import questions and merge on files and a
# database made to carry OSC 52 (clipboard), OSC 0 (title), CSI 2J, C1
# controls and a bidi override, in their names and their bytes; every byte
# of stderr is then scanned. The messages must still be there (quoted, made
# safe), not dropped.
set -u
bin=$1
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok - $1"; }
no() { echo "FAIL - $1"; fails=$((fails + 1)); }

esc=$(printf '\033')
bel=$(printf '\007')
osc52="${esc}]52;c;b3duZWQ=${bel}"
osc0="${esc}]0;owned${bel}"
cls="${esc}[2J${esc}[H"
c1=$(printf '\302\233')31m     # CSI as the C1 control U+009B
rlo=$(printf '\342\200\256')   # U+202E RIGHT-TO-LEFT OVERRIDE
nasty="x${osc52}${osc0}${cls}${c1}${rlo}y"

# Fails when the file holds ESC, another C0 control but a line break, DEL,
# a C1 control (UTF-8 or a lone byte) or a bidi override.
clean() {
  LC_ALL=C tr -d '\n' <"$1" | LC_ALL=C grep -q "$(printf '[\001-\037\177]')" && return 1
  LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$1" && return 1
  LC_ALL=C grep -q "$(printf '\342\200[\252-\256]')" "$1" && return 1
  # A byte 0x80-0x9f not inside a UTF-8 sequence (an 8-bit C1).
  iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 || return 1
  return 0
}
check() { # name, stderr file, a message that must be in it
  if ! clean "$2"; then
    no "$1: stderr carries control bytes: $(od -c "$2" | head -n 20)"
  elif ! grep -qF -- "$3" "$2"; then
    no "$1: '$3' missing from: $(cat "$2")"
  else
    ok "$1: stderr quotes the input, made safe"
  fi
}

# Articles: a folder name, a topic, a link and an article link, all hostile.
src="$tmp/src"
lone=$(printf '\233')          # an 8-bit CSI, not UTF-8
mkdir -p "$src/bai-mot" "$src/ba${nasty}i" "$src/c${lone}"
{
  printf -- '---\nslug: bai-mot\ntopic: %s\ntitle: Tiêu %s đề\norder: 1\n' "$nasty" "$nasty"
  printf 'status: reviewed\nsource: x\nperiod: 2026\nupdated: 2026-11-22\n---\n\n'
  printf 'Đọc [đây](http://e.vn/%s) và [kia](article:kh%sng).\n' "$nasty" "$nasty"
} >"$src/bai-mot/vi.md"
printf 'x' >"$src/ba${nasty}i/${nasty}.md"
printf 'x' >"$src/c${lone}/${lone}.md"
"$bin" check-content "$src" >/dev/null 2>"$tmp/err1"; rc=$?
[ $rc = 1 ] || no "check-content exits 1, not $rc"
check "check-content" "$tmp/err1" "unknown language 'xy'"
db="$tmp/k.db"
"$bin" check --db "$db" >/dev/null 2>&1
"$bin" import content "$src" --db "$db" >/dev/null 2>"$tmp/err2"; rc=$?
[ $rc = 1 ] || no "import content exits 1, not $rc"
check "import content" "$tmp/err2" "unknown topic 'xy'"

# Question banks: hostile ids, topics, file and folder names.
qb="$tmp/bank-files"
mkdir -p "$qb/vi" "$qb/${nasty}"
printf '::a%sb::Câu?{\n=A\n~B\n}\n\n::a%sb::Câu?{\n=A\n~B\n}\n' "$nasty" "$nasty" \
  >"$qb/vi/ocop.gift"
printf '// [topic:t%st]\n::c-1::Câu%s?{\n=A\n~B\n}\n' "$nasty" "$nasty" >"$qb/vi/${nasty}.gift"
"$bin" import questions "$qb/vi/ocop.gift" "$qb/vi/${nasty}.gift" --db "$db" \
  >/dev/null 2>"$tmp/err3"; rc=$?
[ $rc = 1 ] || no "import questions exits 1, not $rc"
check "import questions" "$tmp/err3" "used twice"
printf '::d-1::X?{\n=A\n~B\n}\n' >"$qb/${nasty}/a.gift"
printf 'x' >"$qb/${nasty}.pdf"
"$bin" import questions "$qb/${nasty}/a.gift" "$qb/${nasty}.pdf" --db "$db" \
  >/dev/null 2>"$tmp/err5"; rc=$?
[ $rc = 1 ] || no "import questions (names) exits 1, not $rc"
check "import questions, hostile names" "$tmp/err5" "not a question file"

# merge: a source database whose keys carry the sequences (a conflict line
# quotes the key) and a source whose name does.
sqlite3 "$db" "INSERT INTO citizen_questions(uuid, kiosk_id, asked_at, lang, question)
  VALUES ('k${nasty}', 'k', '2026-01-05T01:00:00Z', 'vi', 'Một')"
other="$tmp/other.db"
"$bin" check --db "$other" >/dev/null 2>&1
sqlite3 "$other" "INSERT INTO citizen_questions(uuid, kiosk_id, asked_at, lang, question)
  VALUES ('k${nasty}', 'k', '2026-01-05T01:00:00Z', 'vi', 'Hai ${nasty}')"
cp "$other" "$tmp/${nasty}.db"
printf 'not a database at all, %s\n' "$nasty" >"$tmp/bad${nasty}.db"
"$bin" merge --into "$db" "$other" "$tmp/bad${nasty}.db" >/dev/null 2>"$tmp/err4"; rc=$?
[ $rc = 1 ] || no "merge exits 1, not $rc"
check "merge" "$tmp/err4" "citizen_questions kx"

[ $fails = 0 ] && echo "all ok"
exit $fails
