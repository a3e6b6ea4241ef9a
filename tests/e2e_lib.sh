# Shared by the end-to-end tests: a private tmux server on its own socket,
# ok/no reporting, and waiting for text on the screen. Source it after
# setting sock; it sets tmp and cleans up both on exit.
export LANG=C.UTF-8
tmp=$(mktemp -d)
fails=0
t() { tmux -u -L "$sock" "$@"; }
trap 't kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
ok() { echo "ok - $1"; }
no() { echo "FAIL - $1"; t capture-pane -p -t kiosk; fails=$((fails + 1)); }
# Waits up to 30 s for text to appear on the screen (a loaded machine is slow).
wait_for() {
  i=0
  while [ $i -lt 300 ]; do
    t capture-pane -p -t kiosk 2>/dev/null | grep -qF -- "$1" && return 0
    sleep 0.1; i=$((i + 1))
  done
  return 1
}
# Starts the kiosk in the session "kiosk" at 80x24 with the given arguments.
# A session already there gets its pane restarted: killing the last session
# makes the server exit, and a new session started meanwhile can die with it.
start_kiosk() {
  cmd="NTMKIOSK_DATADIR='${NTMKIOSK_DATADIR:-}' NTMKIOSK_LOCALEDIR='${NTMKIOSK_LOCALEDIR:-}' \
     '$bin' $*; echo EXITED \$?; sleep 30"
  if t has-session -t kiosk 2>/dev/null; then
    t respawn-pane -k -t kiosk "$cmd"
  else
    t -f /dev/null new-session -d -s kiosk -x 80 -y 24 "$cmd"
  fi
}
