#!/bin/sh
# ICU and libxlsxwriter are opened on first use (core/dynlib.h). With each
# hidden (a private mount namespace binds /dev/null over the library), the
# program still starts and does what needs neither; what needs one fails
# with a message naming it and changes nothing. Needs root and mount
# namespaces; without them it says so and passes (the summary line of
# make check has no room for skips).
set -u
bin=$1
[ "$(id -u)" = 0 ] && command -v unshare >/dev/null || { echo "skip: needs root and unshare"; exit 0; }
unshare -m true 2>/dev/null || { echo "skip: no mount namespaces here"; exit 0; }
libdir=$(dirname "$(ldconfig -p | sed -n 's/.*libicuuc\.so\.[0-9]* .*=> //p' | head -n 1)")
icu=$(ls "$libdir"/libicuuc.so.[0-9]* 2>/dev/null | head -n 1)
xlsx=$(ls "$libdir"/libxlsxwriter.so.[0-9]* 2>/dev/null | head -n 1)
[ -f "$icu" ] && [ -f "$xlsx" ] || { echo "skip: cannot find the libraries"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok - $1"; }
no() { echo "FAIL - $1"; fails=$((fails + 1)); }
# Runs the rest of the line with $1 hidden.
without() {
  lib=$1
  shift
  unshare -m sh -c 'mount --bind /dev/null "$0" && exec "$@"' "$lib" "$@"
}
export LANG=C.UTF-8 LANGUAGE=

db=$tmp/k.db
"$bin" check --db "$db" >/dev/null || no "check"
without "$icu" "$bin" --version >/dev/null && ok "starts without ICU" || no "--version without ICU"
without "$xlsx" "$bin" check --db "$db" >/dev/null && ok "check runs without libxlsxwriter" \
  || no "check without libxlsxwriter"

without "$xlsx" "$bin" export answers --format xlsx --out "$tmp/a.xlsx" --db "$db" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q "XLSX export needs libxlsxwriter" "$tmp/err" && [ ! -e "$tmp/a.xlsx" ] \
  && ok "XLSX export without libxlsxwriter: a message naming it, no file" \
  || no "XLSX without libxlsxwriter: $rc $(cat "$tmp/err")"
without "$xlsx" "$bin" export answers --format csv --out "$tmp/a.csv" --db "$db" 2>"$tmp/err" \
  && [ -s "$tmp/a.csv" ] && ok "CSV export without libxlsxwriter" || no "CSV: $(cat "$tmp/err")"

# An article whose title is decomposed (NFD) needs ICU to be stored as NFC.
mkdir -p "$tmp/c/thu"
printf -- '---\nslug: thu\ntopic: digital\ntitle: Vie\314\202\314\243t Nam\norder: 9\nstatus: reviewed\nsource: test\nperiod: 2021–2025\nupdated: 2025-01-01\n---\n\nChữ Việt.\n' \
  >"$tmp/c/thu/vi.md"
without "$icu" "$bin" import content "$tmp/c" --db "$db" >/dev/null 2>"$tmp/err"
rc=$?
n=$(sqlite3 "$db" "SELECT count(*) FROM article_texts WHERE slug = 'thu'")
[ $rc = 1 ] && grep -q "ICU cannot be loaded" "$tmp/err" && [ "$n" = 0 ] \
  && ok "import without ICU: text that needs it is refused, with a message; nothing imported" \
  || no "import without ICU: $rc, $n texts, $(cat "$tmp/err")"
"$bin" import content "$tmp/c" --db "$db" >/dev/null 2>&1
[ "$(sqlite3 "$db" "SELECT title FROM article_texts WHERE slug = 'thu'")" = "Việt Nam" ] \
  && ok "with ICU the same import stores NFC" || no "import with ICU"

echo "$fails failed"
[ $fails = 0 ]
