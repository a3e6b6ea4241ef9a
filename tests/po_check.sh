#!/bin/sh
# Checks the catalogs as data: each .po compiles with msgfmt --check, holds
# every string the code marks for translation, leaves none untranslated, and
# the draft languages keep every entry fuzzy until a native speaker reviews it.
set -u
src=$1
status=0
pot=$(mktemp)
trap 'rm -f "$pot"' EXIT
(cd "$src" && xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ -o "$pot" \
  $(grep -v '^#' locales/POTFILES)) || { echo "xgettext failed"; exit 1; }
for lang in $(grep -v '^#' "$src/locales/LINGUAS"); do
  po="$src/locales/$lang.po"
  if ! msgfmt --check --use-fuzzy -o /dev/null "$po"; then
    echo "FAIL $lang: msgfmt --check"; status=1
  fi
  if ! msgcmp --use-fuzzy "$po" "$pot"; then
    echo "FAIL $lang: strings missing from $po (run msgmerge)"; status=1
  fi
  untranslated=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid "' || true)
  if [ "$untranslated" -gt 0 ]; then
    echo "FAIL $lang: $untranslated untranslated strings"; status=1
  fi
  state=$(awk -F'\t' -v id="$lang" '$1 == id { print $4 }' "$src/locales/languages.tsv")
  if [ "$state" = draft ]; then
    # Entries not fuzzy would present our own text as reviewed.
    reviewed=$(msgattrib --translated --no-fuzzy --no-obsolete "$po" | grep -c '^msgid "' || true)
    if [ "$reviewed" -gt 0 ]; then
      echo "FAIL $lang: draft language has $reviewed entries not marked fuzzy"; status=1
    fi
  fi
  echo "ok $lang"
done
exit $status
