#!/bin/sh
# End to end: the real binary in a private tmux server at 80x24. Pick Hmong
# and see the Hmong menu; F2 back to Vietnamese; shrink to 30x10 and back
# without a crash; then the database is in WAL mode and intact.
set -u
bin=$1
sock="ntmkiosk-e2e-$$"
. "$(dirname "$0")/e2e_lib.sh"

start_kiosk --db "'$tmp/kiosk.db'"
wait_for "Lus Hmoob (Mông)" && wait_for "Chọn ngôn ngữ" && ok "picker shown" || no "picker"
# The first screen needs neither ICU nor libxlsxwriter (core/dynlib.h): the
# start-up is quicker for not loading them.
kpid=$(pgrep -P "$(t list-panes -t kiosk -F '#{pane_pid}')" -x ntmkiosk)
[ -n "$kpid" ] && ! grep -qE 'libicu|libxlsxwriter' "/proc/$kpid/maps" \
  && ok "the picker is drawn without loading ICU or libxlsxwriter" \
  || no "loaded for the picker: $(grep -oE 'lib(icu|xlsxwriter)[^ ]*' "/proc/$kpid/maps" | sort -u)"
t send-keys -t kiosk Down Enter
wait_for "Cov ntawv xov xwm" && ok "Hmong menu after choosing Hmong" || no "Hmong menu"
wait_for "Nug thiab teb" && ok "Hmong menu items" || no "Hmong items"
t send-keys -t kiosk F2
wait_for "Hom lus" && ok "F2 opens the language list" || no "F2"
t send-keys -t kiosk 1
wait_for "Bài viết" && ok "Vietnamese menu after F2, 1" || no "Vietnamese menu"
t send-keys -t kiosk 3
wait_for "Gửi câu hỏi cho xã" && ok "Questions and answers opens" || no "Q&A screen"
t send-keys -t kiosk Escape
wait_for "Trắc nghiệm" && ok "Esc goes back" || no "Esc"
t resize-window -t kiosk -x 30 -y 10
wait_for "Vui lòng mở rộng" && ok "small window asks to enlarge" || no "enlarge"
t resize-window -t kiosk -x 80 -y 24
wait_for "Bài viết" && ok "back to 80x24 shows the menu" || no "resize back"
t capture-pane -p -t kiosk | grep -q EXITED && no "the kiosk exited" || ok "still running"

[ "$(sqlite3 "$tmp/kiosk.db" 'PRAGMA journal_mode')" = wal ] && ok "WAL" || no "WAL"
[ "$(sqlite3 "$tmp/kiosk.db" 'PRAGMA integrity_check')" = ok ] && ok "integrity ok" \
  || no "integrity"
[ "$(sqlite3 "$tmp/kiosk.db" "SELECT count(*) FROM visits WHERE lang = 'hmn'")" = 1 ] \
  && ok "the Hmong visit was recorded" || no "visit"
# Kiosk mode: Ctrl-C, Ctrl-Z and Ctrl-\ do nothing; a hang-up ends it cleanly.

start_kiosk --kiosk --db "'$tmp/kiosk.db'"
wait_for "Chọn ngôn ngữ"
t send-keys -t kiosk C-c C-z 'C-\\'
sleep 0.5
t capture-pane -p -t kiosk | grep -q EXITED && no "a control key ended kiosk mode" \
  || ok "Ctrl-C, Ctrl-Z, Ctrl-\\ do nothing in kiosk mode"
pid=$(t list-panes -t kiosk -F '#{pane_pid}')
pkill -HUP -P "$pid" -x ntmkiosk
wait_for "EXITED 0" && ok "SIGHUP ends the kiosk cleanly" || no "SIGHUP"
[ "$(sqlite3 "$tmp/kiosk.db" 'PRAGMA integrity_check')" = ok ] && ok "intact after the hang-up" \
  || no "integrity after HUP"

# A damaged database: the kiosk draws its first screen while it checks the
# file (DB_OPEN_CHECK_LATER), then stops with the way out, having written
# nothing: the file is as it was and no daily copy was made of it.
bad=$tmp/bad/kiosk.db
mkdir -p "$tmp/bad"
"$bin" check --db "$bad" >/dev/null
sqlite3 "$bad" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
size=$(stat -c %s "$bad")
dd if=/dev/zero of="$bad" bs=1 seek=$((size / 2)) count=$((size / 4)) conv=notrunc 2>/dev/null
before=$(sha256sum <"$bad")
start_kiosk --db "'$bad'"
# On the screen first, in the kiosk's language, until a key is pressed;
# then on stderr in English.
wait_for "Ki-ốt không khởi động được" && wait_for "Cơ sở dữ liệu của ki-ốt bị hỏng." \
  && wait_for "ntmkiosk restore --db" && ! t capture-pane -p -t kiosk | grep -q EXITED \
  && ok "a damaged database is told on the screen in Vietnamese, with the way out" \
  || no "damaged database on screen"
t send-keys -t kiosk Enter
wait_for "EXITED 1" && wait_for "damaged" \
  && t capture-pane -p -J -t kiosk | grep -qF "ntmkiosk restore --db $bad" \
  && ok "a damaged database stops the kiosk with the way out" || no "damaged database"
[ "$(sha256sum <"$bad")" = "$before" ] && ok "nothing was written into the damaged file" \
  || no "the damaged file changed"
[ ! -d "$tmp/bad/backups" ] || [ -z "$(find "$tmp/bad/backups" -type f)" ] \
  && ok "no daily copy of the damaged file" || no "a daily copy was made: $(ls -R "$tmp/bad/backups")"

# The picker is drawn before the database is opened; a file that is not a
# database still stops the kiosk with a message (in Hmong with --lang hmn),
# and is left as it was.
printf 'not a database\n' >"$tmp/notdb"
start_kiosk --db "'$tmp/notdb'" --lang hmn
wait_for "Lub kiosk qhib tsis tau" && t send-keys -t kiosk Enter
wait_for "EXITED 1" && t capture-pane -p -J -t kiosk | grep -qF "$tmp/notdb" \
  && [ "$(cat "$tmp/notdb")" = "not a database" ] \
  && ok "a file that is not a database stops the kiosk, untouched" || no "not a database"

# An empty database file (what a power cut can leave) is damaged, not a new
# kiosk: the kiosk stops with the way out and the file stays empty.
mkdir -p "$tmp/empty"
: >"$tmp/empty/kiosk.db"
start_kiosk --db "'$tmp/empty/kiosk.db'"
wait_for "Ki-ốt không khởi động được" && t send-keys -t kiosk x
wait_for "EXITED 1" && t capture-pane -p -J -t kiosk | grep -qF "ntmkiosk restore --db $tmp/empty/kiosk.db" \
  && [ ! -s "$tmp/empty/kiosk.db" ] \
  && ok "an empty database file stops the kiosk with the way out, untouched" || no "empty database"
echo "$fails failed"
[ $fails = 0 ]
