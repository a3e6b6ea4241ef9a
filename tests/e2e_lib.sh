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
# the pane's shell stays, so that the session does too. Killing the server
# first would hang up their terminal, and the SIGCONT of a hang-up can leave
# a sanitizer's leak check at exit stuck for good. A program must end with
# status 0 (the pane's "EXITED n"): a sanitizer's report at exit is a failure.
# Returns 1 (and says why) when one did not.
# (Its variables start with _sp: shell functions share the caller's.)
exited() { t capture-pane -p -S - -t "$1" 2>/dev/null | grep -c '^EXITED '; }
stop_panes() {
  _sp_pids= _sp_panes=
  for _sp_pane in $(t list-panes -a -F '#{pane_id}:#{pane_pid}' 2>/dev/null); do
    _sp_mine=$(pgrep -x -P "${_sp_pane#*:}" ntmkiosk | tr '\n' ' ')
    [ -n "$_sp_mine" ] || continue
    _sp_pids="$_sp_pids $_sp_mine"
    _sp_panes="$_sp_panes ${_sp_pane%%:*}:$(exited "${_sp_pane%%:*}")"
  done
  [ -n "$_sp_pids" ] || return 0
  kill -TERM $_sp_pids 2>/dev/null
  _sp_i=0
  while [ $_sp_i -lt 600 ]; do # the leak check of a sanitizer build takes its time
    _sp_alive=
    for _sp_p in $_sp_pids; do kill -0 "$_sp_p" 2>/dev/null && _sp_alive=1; done
    [ -z "$_sp_alive" ] && break
    sleep 0.1; _sp_i=$((_sp_i + 1))
  done
  _sp_bad=0
  for _sp_pane in $_sp_panes; do
    _sp_id=${_sp_pane%%:*}
    _sp_i=0
    while [ "$(exited "$_sp_id")" = "${_sp_pane#*:}" ] && [ $_sp_i -lt 50 ]; do
      sleep 0.1; _sp_i=$((_sp_i + 1))
    done
    _sp_st=$(t capture-pane -p -S - -t "$_sp_id" 2>/dev/null | sed -n 's/^EXITED //p' | tail -n 1)
    if [ "$_sp_st" != 0 ]; then
      echo "FAIL - the program in pane $_sp_id ended with status '$_sp_st' on SIGTERM:"
      t capture-pane -p -S - -t "$_sp_id" 2>/dev/null | grep -v '^ *$' | tail -n 30
      _sp_bad=1
    fi
  done
  return $_sp_bad
}
# The EXIT trap: $1 is the script's status, kept unless something outlived it.
e2e_cleanup() {
  _e2e_status=$1
  stop_panes || _e2e_status=1
  t kill-server 2>/dev/null
  sh "$lib_dir/leftovers.sh" "NTMKIOSK_TEST_TAG=$sock" || _e2e_status=1
  rm -rf "$tmp"
  exit "$_e2e_status"
}
trap 'e2e_cleanup $?' EXIT
ok() { echo "ok - $1"; }
no() { echo "FAIL - $1"; t capture-pane -p -t kiosk; fails=$((fails + 1)); }
# Waits up to 30 s for text to appear on the screen (a loaded machine is slow).
# Waits up to 30 s for any of the texts to appear on the screen.
wait_for_any() {
  i=0
  while [ $i -lt 300 ]; do
    s=$(t capture-pane -p -t kiosk 2>/dev/null)
    for want in "$@"; do
      printf '%s' "$s" | grep -qF -- "$want" && return 0
    done
    sleep 0.1; i=$((i + 1))
  done
  return 1
}
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
     '$bin' $*; printf '\\r\\nEXITED %s\\r\\n' \$?; sleep 30"
  if t has-session -t kiosk 2>/dev/null; then
    # What runs there ends as at the end of a test, not by a hang-up.
    stop_panes || fails=$((fails + 1))
    t respawn-pane -k -t kiosk "$cmd"
  else
    t -f /dev/null new-session -d -s kiosk -x 80 -y 24 "$cmd"
  fi
}
