# Shared by the end-to-end tests: a private tmux server on its own socket,
# ok/no reporting, and waiting for text on the screen. Source it after
# setting sock; it sets tmp and cleans up both on exit: the programs in the
# panes are asked to end (SIGTERM) and waited for while their terminal is
# still there, then the server is killed, and the test fails if anything it
# started is still running (a process with NTMKIOSK_TEST_TAG=$sock in its
# environment, which the server and all it starts inherit; a script that
# starts programs outside tmux gives them the tag too).
export LANG=C.UTF-8
tmp=$(mktemp -d)
fails=0
lib_dir=${lib_dir:-$(dirname "$0")}
t() { NTMKIOSK_TEST_TAG=$sock tmux -u -L "$sock" "$@"; }
# SIGTERM to the program (ntmkiosk) in every pane, and wait for it to end;
# the pane's shell stays, so that the session does too. Killing
# the server first would hang up their terminal, and the SIGCONT of a hangup
# can leave a sanitizer's leak check at exit stuck for good.
stop_panes() {
  pids=
  for p in $(t list-panes -a -F '#{pane_pid}' 2>/dev/null); do
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = ntmkiosk ] && pids="$pids $p"
    pids="$pids $(pgrep -x -P "$p" ntmkiosk | tr '\n' ' ')"
  done
  [ -n "$(echo $pids)" ] || return 0
  kill -TERM $pids 2>/dev/null
  i=0
  while [ $i -lt 600 ]; do # the leak check of a sanitizer build takes its time
    alive=
    for p in $pids; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ -z "$alive" ] && return 0
    sleep 0.1; i=$((i + 1))
  done
}
# The EXIT trap: $1 is the script's status, kept unless something outlived it.
e2e_cleanup() {
  status=$1
  stop_panes
  t kill-server 2>/dev/null
  sh "$lib_dir/leftovers.sh" "NTMKIOSK_TEST_TAG=$sock" || status=1
  rm -rf "$tmp"
  exit "$status"
}
trap 'e2e_cleanup $?' EXIT
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
# A session already there gets its pane restarted (its program asked to end
# first, as at the end of a test): killing the last session
# makes the server exit, and a new session started meanwhile can die with it.
start_kiosk() {
  cmd="NTMKIOSK_DATADIR='${NTMKIOSK_DATADIR:-}' NTMKIOSK_LOCALEDIR='${NTMKIOSK_LOCALEDIR:-}' \
     '$bin' $*; echo EXITED \$?; sleep 30"
  if t has-session -t kiosk 2>/dev/null; then
    stop_panes # what runs there ends as at the end of a test, not by a hang-up
    t respawn-pane -k -t kiosk "$cmd"
  else
    t -f /dev/null new-session -d -s kiosk -x 80 -y 24 "$cmd"
  fi
}
