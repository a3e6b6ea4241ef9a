#!/bin/sh
# The core cannot see curses: only tui/term*.c may include it, and no layer
# below tui/ may include a layer above it (DESIGN.md, Architecture).
set -u
cd "$1" || exit 1
status=0
bad=$(grep -rlE '#\s*include\s*[<"](n?cursesw?/)?n?curses\.h' --include='*.c' --include='*.h' \
  core content quizzes records tui app | grep -v '^tui/term' || true)
if [ -n "$bad" ]; then
  echo "curses included outside tui/term*: $bad"; status=1
fi
check() { # layer, forbidden include prefixes...
  layer=$1; shift
  for up in "$@"; do
    hits=$(grep -rlE "#\s*include\s*\"$up/" "$layer" || true)
    if [ -n "$hits" ]; then echo "$layer must not include $up/: $hits"; status=1; fi
  done
}
check core content quizzes records tui app
check content quizzes records tui app
check quizzes records tui app
check records tui app
check tui app
# Only the back-end's library receives ncursesw in the build.
if grep -n 'ncursesw' */meson.build | grep -v '^tui/meson.build' | grep -v '^tests/' ; then
  echo "ncursesw handed to a library other than tui/term"; status=1
fi
[ $status = 0 ] && echo "layers ok"
exit $status
