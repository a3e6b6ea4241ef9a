#!/bin/sh
# Every header of the tree is in the header self-containment test's list
# (tests/meson.build, header_layers): a header left out would never be
# compiled on its own. $1 is the source root, the rest the list.
set -u
cd "$1" || exit 1
shift
status=0
for h in core/*.h content/*.h quizzes/*.h records/*.h tui/*.h app/*.h; do
  listed=no
  for l in "$@"; do [ "$l" = "$h" ] && listed=yes; done
  if [ $listed = no ]; then
    echo "FAIL - $h is not in header_layers (tests/meson.build)"; status=1
  fi
done
[ $status = 0 ] && echo "ok - all $# headers are compiled alone"
exit $status
