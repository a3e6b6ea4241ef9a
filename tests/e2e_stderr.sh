#!/bin/sh
# End to end: while the kiosk's screen is up, nothing but the screen reaches
# the terminal. An officer exports to a USB stick that is full (a 64 KiB
# tmpfs in a private mount namespace): libxlsxwriter reports the failure
# on stderr with "[ERROR]" and the path; the screen must show our message
# and none of that. Needs root and mount namespaces, as missing_libs.sh.
set -u
bin=$1
[ "$(id -u)" = 0 ] || { echo "skip: needs root for the tmpfs stick"; exit 0; }
unshare -m true 2>/dev/null || { echo "skip: no mount namespaces here"; exit 0; }
sock="ntmkiosk-e2e-stderr-$$"
. "$(dirname "$0")/e2e_lib.sh"
db="$tmp/k.db"
"$bin" check --db "$db" >/dev/null
echo 2468 | "$bin" pin set --db "$db" >/dev/null 2>&1 || no "pin set"
mkdir -p "$tmp/usb"
cmd="unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs \"$tmp/usb\" && \
  NTMKIOSK_DATADIR=\"${NTMKIOSK_DATADIR:-}\" NTMKIOSK_LOCALEDIR=\"${NTMKIOSK_LOCALEDIR:-}\" \
  exec \"$bin\" --db \"$db\" --lang vi'; printf '\\r\\nEXITED %s\\r\\n' \$?; sleep 30"
t -f /dev/null new-session -d -s kiosk -x 80 -y 24 "$cmd"
wait_for "Hỏi đáp" || no "kiosk started"
t send-keys -t kiosk F10
wait_for "Mã PIN" && t send-keys -t kiosk -l 2468
t send-keys -t kiosk Enter
wait_for "Tổng quan" && ok "officer menu" || no "officer menu"
t send-keys -t kiosk 3
sleep 0.3
for i in $(seq 1 40); do t send-keys -t kiosk BSpace; done
t send-keys -t kiosk -l "$tmp/usb"
t send-keys -t kiosk Enter
sleep 3
screen=$(t capture-pane -p -t kiosk)
echo "$screen" | grep -q "đầy" && ok "the screen says the stick is full" || no "full stick message"
echo "$screen" | grep -qF "[ERROR]" && no "a library's stderr reached the kiosk's screen" \
  || ok "no library message on the screen"
t send-keys -t kiosk Escape Escape
[ $fails = 0 ] && echo "all ok"
exit $fails
