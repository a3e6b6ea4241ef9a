#!/bin/sh
# Fails when a process outlives the tests that started it: every process
# whose environment holds NAME=VALUE ($1), other than this script and its
# own children, is a leftover once the grace time ($2 seconds, default 30)
# has passed. Leftovers are named, then killed, so that a failed run does
# not leave them spinning. Used at the end of each end-to-end script (with
# the tag it gave its tmux server) and as the last test of a meson run
# (with the tag meson gives every test).
set -u
want=$1
grace=${2:-30}
leftovers() {
  for f in $(grep -lzxF -- "$want" /proc/[0-9]*/environ 2>/dev/null); do
    pid=${f#/proc/}
    pid=${pid%/environ}
    [ "$pid" = $$ ] && continue
    ppid=$(sed -n 's/^PPid:[[:space:]]*//p' "/proc/$pid/status" 2>/dev/null)
    [ -z "$ppid" ] || [ "$ppid" = $$ ] && continue
    echo "$pid"
  done
}
i=0
left=$(leftovers)
while [ -n "$left" ] && [ $i -lt $((grace * 4)) ]; do
  sleep 0.25
  i=$((i + 1))
  left=$(leftovers)
done
[ -z "$left" ] && exit 0
for pid in $left; do
  echo "FAIL - process $pid outlived its test: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)"
done
kill -9 $left 2>/dev/null
exit 1
