#!/bin/sh
# Commands that only read (check, search, export, export contest, report) work on a database
# nobody may write: on read-only storage, on a full disk after a clean close,
# and in another user's files. Commands that write fail there with the cause
# in plain words, and change nothing. Running as root, chmod stops nothing, so
# the storage is made read-only or full for real, in a private mount
# namespace (a read-only bind mount, a small tmpfs filled up), and "another
# user" is nobody (setpriv). Without root, unshare or setpriv it says what it
# cannot do and is skipped.
set -u
bin=$1
skip() { echo "skip: $1"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root (for mount namespaces and another user)"
command -v unshare >/dev/null && unshare -m true 2>/dev/null || skip "no mount namespaces here"
command -v setpriv >/dev/null || skip "needs setpriv (util-linux)"
export LANG=C.UTF-8 LANGUAGE=
if [ "${2:-}" = --full-disk ]; then
  tmp=$4 # the outer run's, which removes it
else
  tmp=$(mktemp -d)
  chmod 755 "$tmp"
  trap 'rm -rf "$tmp"' EXIT
fi
fails=0
ok() { echo "ok - $1"; }
no() { echo "FAIL - $1"; fails=$((fails + 1)); }

# The reading commands, run inside whatever makes the folder unwritable
# ($1: a command prefix that runs the rest), then one that writes, whose
# message must contain $2. The database file must be unchanged.
reads_work_writes_say() {
  how=$1 want=$2 what=$3
  db=$dir/k.db
  $how "$bin" check --db "$db" >"$tmp/out" 2>"$tmp/err" && grep -q "integrity: ok" "$tmp/out" \
    && ok "$what: check" || no "$what: check: $(cat "$tmp/err")"
  $how "$bin" search --db "$db" nông >"$tmp/out" 2>"$tmp/err" && grep -q "^ntm-la-gi" "$tmp/out" \
    && ok "$what: search" || no "$what: search: $(cat "$tmp/err")"
  $how "$bin" export answers --format csv --db "$db" >"$tmp/out" 2>"$tmp/err" \
    && grep -q "Mã câu hỏi" "$tmp/out" && ok "$what: export to stdout" \
    || no "$what: export: $(cat "$tmp/err")"
  $how "$bin" export contest --format csv --db "$db" >"$tmp/out" 2>"$tmp/err" \
    && grep -q "Thôn/bản" "$tmp/out" && ok "$what: export contest to stdout" \
    || no "$what: export contest: $(cat "$tmp/err")"
  $how "$bin" report --period 2026 --format csv --db "$db" >"$tmp/out" 2>"$tmp/err" \
    && grep -q "Số máy" "$tmp/out" && ok "$what: report to stdout" \
    || no "$what: report: $(cat "$tmp/err")"
  $how "$bin" import questions "$tmp/bank.gift" --db "$db" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  [ $rc = 1 ] && grep -q "$want" "$tmp/err" && ! grep -q "disk I/O error$\|readonly database$" "$tmp/err" \
    && ok "$what: import says: $want" || no "$what: import: $rc $(cat "$tmp/err")"
}

printf '::tt1::Một câu? {=Đúng ~Sai}\n' >"$tmp/bank.gift"
# A database with a contest in it (for export contest).
make_db() {
  "$bin" contest new --name "Hội thi" --db "$1" >/dev/null || no "make the database"
}

if [ "${2:-}" = --full-disk ]; then
  dir=$3
  mount -t tmpfs -o size=4m,mode=755 tmpfs "$dir" || { echo "FAIL - mount a tmpfs"; exit 1; }
  make_db "$dir/k.db"
  dd if=/dev/zero of="$dir/fill" bs=64k 2>/dev/null
  [ "$(df --output=avail "$dir" | tail -n 1 | tr -d ' ')" = 0 ] || no "the disk is not full"
  cp "$dir/k.db" "$tmp/before.db"
  reads_work_writes_say "" "the disk is full" "full disk"
  cmp -s "$dir/k.db" "$tmp/before.db" && ok "full disk: the file is unchanged" \
    || no "full disk: the file changed"
  exit $fails
fi

# 1. A read-only mount of the database's folder, whose name has what a URI
# gives meaning to (it is read through one).
dir="$tmp/USB stick #1?%41"
mkdir "$dir"
make_db "$dir/k.db"
cp "$dir/k.db" "$tmp/before.db"
ro() { unshare -m sh -c 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"' "$dir" "$@"; }
reads_work_writes_say ro "the disk is read-only" "read-only mount"
cmp -s "$dir/k.db" "$tmp/before.db" && ok "read-only mount: the file is unchanged" \
  || no "read-only mount: the file changed"

# 2. Another user's database and folder (the user nobody may read them, not
# write them).
dir=$tmp/other
mkdir "$dir"
chmod 755 "$dir"
make_db "$dir/k.db"
chmod 644 "$dir/k.db"
cp "$dir/k.db" "$tmp/before.db"
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
reads_work_writes_say as_nobody "no permission" "another user's file"
cmp -s "$dir/k.db" "$tmp/before.db" && ok "another user's file: unchanged" \
  || no "another user's file changed"

# 3. A full disk: a 4 MB tmpfs holding the database, then filled up. The
# whole case runs in one namespace (the tmpfs lives as long as it does):
# this script again, with --full-disk.
dir="$tmp/full #2?%41"
mkdir "$dir"
unshare -m sh "$0" "$bin" --full-disk "$dir" "$tmp"
fails=$((fails + $?))
echo "$fails failed"
[ $fails = 0 ]
