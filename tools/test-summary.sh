#!/bin/sh
# Prints the closing line of `make check`, "N passed, N failed", summed from
# meson's test log (one JSON object per test).
log=$1
if [ ! -f "$log" ]; then
  echo "0 passed, 1 failed"
  exit 1
fi
passed=$(grep -c '"result": "OK"' "$log")
failed=$(grep -c -E '"result": "(FAIL|TIMEOUT|ERROR|UNEXPECTEDPASS)"' "$log")
skipped=$(grep -c '"result": "SKIP"' "$log")
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
