#!/bin/sh
# Builds the kiosk's console font: console-setup's Vietnamese-Fixed16 (every
# Vietnamese letter, so also the Vietnamese Hmong letters; Dao is ASCII) with
# three more code points that ntmkiosk shows, mapped onto glyphs the font
# already has, the way the font itself maps U+2611 to "v" and U+2717 to "x":
#   U+2713 ✓ (a right answer)        -> the glyph of "v"
#   U+258F ▏ (the cursor in a field)  -> the glyph of U+2502 │
#   U+23F1 ⏱ (time is up)            -> the glyph of U+25CF ●
# Without them the Linux console shows its replacement glyph instead.
#
#   sh deploy/make-console-font.sh OUT.psf.gz [SOURCE.psf.gz]
#
# Needs kbd (psfxtable, psfaddtable) and console-setup-linux (the source font).
set -eu
out=${1:?usage: make-console-font.sh OUT.psf.gz [SOURCE.psf.gz]}
src=${2:-/usr/share/consolefonts/Vietnamese-Fixed16.psf.gz}
[ -r "$src" ] || { echo "make-console-font: no font $src (install console-setup-linux)" >&2; exit 1; }
for t in psfxtable psfaddtable; do
  command -v "$t" >/dev/null 2>&1 || { echo "make-console-font: $t missing (install kbd)" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
case $src in
  *.gz) gzip -dc "$src" >"$tmp/in.psf" ;;
  *) cp "$src" "$tmp/in.psf" ;;
esac
psfxtable -i "$tmp/in.psf" -ot "$tmp/table" 2>/dev/null
# Append each new code point to the line (glyph) that holds its model.
awk '
  BEGIN { add["U+0076"] = "U+2713"; add["U+2502"] = "U+258f"; add["U+25cf"] = "U+23f1" }
  /^#/ { print; next }
  {
    line = $0
    for (i = 2; i <= NF; i++) {
      cp = "U+" tolower(substr($i, 3))
      if (cp in add) { line = line " " add[cp]; done[cp] = 1 }
    }
    print line
  }
  END { for (k in add) if (!(k in done)) { print "make-console-font: no glyph for " k > "/dev/stderr"; exit 1 } }
' "$tmp/table" >"$tmp/table.new"
psfaddtable "$tmp/in.psf" "$tmp/table.new" "$tmp/out.psf"
gzip -9n <"$tmp/out.psf" >"$tmp/out.psf.gz"
mkdir -p "$(dirname "$out")"
mv "$tmp/out.psf.gz" "$out"
echo "$out"
