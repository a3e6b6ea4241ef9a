#!/bin/sh
# A bounded libFuzzer run of every fuzz target, as part of the test suite:
# builds them with clang in their own build folder, seeds each with the
# bundled data and the hostile files, and runs each for a few seconds.
# A crash fails the test and leaves the input in the log.
set -u
src=$1
secs=${2:-8}
if ! command -v clang >/dev/null 2>&1; then
  echo "clang is not installed: no live fuzzing (make check installs it)"; exit 77
fi
bdir="$src/build-fuzz"
if [ ! -f "$bdir/build.ninja" ]; then
  CC=clang meson setup "$bdir" "$src" -Dfuzzing=true -Dbuildtype=debugoptimized \
    -Dc_args=-fsanitize=fuzzer-no-link,address,undefined \
    -Dc_link_args=-fsanitize=address,undefined >/dev/null || exit 1
fi
ninja -C "$bdir" tests/fuzz_article tests/fuzz_gift tests/fuzz_aiken tests/fuzz_ime \
  tests/fuzz_fts_query tests/fuzz_villages_csv tests/fuzz_contest_text >/dev/null || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for t in article gift aiken ime fts_query villages_csv contest_text; do
  corpus="$tmp/$t"
  mkdir -p "$corpus"
  cp "$src"/tests/hostile/* "$corpus"/ 2>/dev/null
  case $t in
    article) cp "$src"/content/articles/*/vi.md "$corpus"/ 2>/dev/null ;;
    contest_text) cp "$src"/tests/data/contest_states/* "$corpus"/ ;;
    gift) for f in "$src"/quizzes/banks/*/*.gift; do cp "$f" "$corpus/$(echo "$f" | tr / _)"; done ;;
  esac
  if (cd "$tmp" && "$bdir/tests/fuzz_$t" -max_total_time="$secs" -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$tmp/$t-" "$corpus" >"$tmp/$t.log" 2>&1); then
    echo "ok - fuzz_$t: $(grep -ao 'number_of_executed_units: [0-9]*' "$tmp/$t.log" | grep -o '[0-9]*$') runs, no crash"
  else
    echo "FAIL - fuzz_$t"; tail -40 "$tmp/$t.log"; status=1
  fi
done
exit $status
