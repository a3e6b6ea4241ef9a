#!/bin/sh
# Checks the kiosk recipe as far as it can be checked without booting a kiosk:
# the unit (systemd-analyze verify, and its keys), that ExecStart is where
# meson installs the program, deploy/setup-kiosk.sh run into a scratch root,
# the console font against every character the program shows, the udev rule
# and the other configuration files, the man page (renders, no groff
# warnings, matches --help, its FILES match meson install) and the commands
# in the guides. Prints "ok - ..." or "FAIL - ..." per check and a last line
# "deploy: N passed, N failed"; exits 1 when any failed.
#
#   sh deploy/check.sh [BUILD_DIR]     (default: build; built first if set up,
#                                       unless NTMKIOSK_CHECK_NO_BUILD=1)
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
build=${1:-$top/build}
passed=0
failed=0
ok() { echo "ok - $*"; passed=$((passed + 1)); }
bad() { echo "FAIL - $*"; failed=$((failed + 1)); }
note() { echo "# $*"; }
# Runs a checks.py subcommand and counts its ok/FAIL lines.
py() {
  out=$(python3 "$here/checks.py" "$@" 2>&1)
  echo "$out"
  passed=$((passed + $(printf '%s\n' "$out" | grep -c '^ok - ')))
  failed=$((failed + $(printf '%s\n' "$out" | grep -c '^FAIL - ')))
  printf '%s\n' "$out" | grep -q -v -e '^ok - ' -e '^FAIL - ' -e '^$' && bad "checks.py $1 printed something else"
  return 0
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The tools the checks use (Debian packages).
if sh "$top/tools/ensure-packages.sh" python3 groff-base man-db systemd kbd console-setup-linux >"$tmp/pkgs" 2>&1; then
  ok "tools: python3 groff man systemd-analyze setfont psfxtable console fonts"
else
  cat "$tmp/pkgs"
  bad "tools: could not install the packages the checks need"
fi

# --- the program: where meson installs it, and its --help ---------------------
# meson's default prefix is /usr/local and bindir is bin; the unit assumes both.
bin=/usr/local/bin/ntmkiosk
font=/usr/local/share/consolefonts/ntmkiosk-vi16.psf.gz
prefix=/usr/local
program=
if [ -f "$build/build.ninja" ]; then
  if [ -n "${NTMKIOSK_CHECK_NO_BUILD:-}" ] && [ -x "$build/ntmkiosk" ]; then
    program=$build/ntmkiosk
    note "not building: using $program as it is"
  elif ninja -C "$build" ntmkiosk >"$tmp/ninja" 2>&1; then
    program=$build/ntmkiosk
    ok "build: $build/ntmkiosk is up to date"
  else
    tail -20 "$tmp/ninja"
    bad "build: ninja -C $build ntmkiosk failed"
  fi
  meson introspect --buildoptions "$build" >"$tmp/options.json"
  meson introspect --installed "$build" >"$tmp/installed.json"
  prefix=$(python3 -c 'import json,sys; o={x["name"]:x["value"] for x in json.load(open(sys.argv[1]))}; print(o["prefix"])' "$tmp/options.json")
  bindir=$(python3 -c 'import json,sys; o={x["name"]:x["value"] for x in json.load(open(sys.argv[1]))}; print(o["bindir"])' "$tmp/options.json")
  if [ "$prefix" = /usr/local ]; then
    if [ "$prefix/$bindir/ntmkiosk" = "$bin" ] && grep -q "\"$bin\"" "$tmp/installed.json"; then
      ok "meson installs the program at $bin"
    else
      bad "meson installs the program at $prefix/$bindir/ntmkiosk, not $bin"
    fi
  else
    note "$build uses prefix $prefix; the unit assumes meson's default, /usr/local"
  fi
else
  note "no meson build in $build: the checks that need the program are skipped"
fi
if [ -n "$program" ]; then
  "$program" --help >"$tmp/help.txt" 2>&1
  [ $? = 0 ] && [ -s "$tmp/help.txt" ] && ok "ntmkiosk --help" || bad "ntmkiosk --help"
fi

# --- the unit ---------------------------------------------------------------
unit=$here/ntmkiosk@.service
py unit "$unit" "$bin" "$font"

# --- the recipe, run into a scratch root -------------------------------------
root=$tmp/root
if sh "$here/setup-kiosk.sh" --root "$root" >"$tmp/setup" 2>&1; then
  ok "setup-kiosk.sh --root runs"
else
  cat "$tmp/setup"
  bad "setup-kiosk.sh --root failed"
fi
for f in etc/systemd/system/ntmkiosk@.service etc/default/console-setup \
  etc/systemd/logind.conf.d/ntmkiosk.conf etc/systemd/system.conf.d/ntmkiosk.conf \
  etc/sysctl.d/ntmkiosk.conf etc/udev/rules.d/99-ntmkiosk-usb.rules \
  "${font#/}" etc/timezone; do
  [ -s "$root/$f" ] && ok "setup puts /$f" || bad "setup did not put /$f"
done
[ "$(readlink "$root/etc/systemd/system/multi-user.target.wants/ntmkiosk@tty1.service")" = /etc/systemd/system/ntmkiosk@.service ] \
  && ok "setup enables ntmkiosk@tty1.service" || bad "setup did not enable ntmkiosk@tty1.service"
for u in ctrl-alt-del.target getty-static.service; do
  [ "$(readlink "$root/etc/systemd/system/$u")" = /dev/null ] && ok "setup masks $u" || bad "setup did not mask $u"
done
[ "$(readlink "$root/etc/localtime")" = /usr/share/zoneinfo/Asia/Ho_Chi_Minh ] && [ -e /usr/share/zoneinfo/Asia/Ho_Chi_Minh ] \
  && ok "setup sets the time zone Asia/Ho_Chi_Minh" || bad "setup did not set the time zone"

# systemd-analyze verify, on the scratch root with the system's units and the
# program where the unit expects it. It prints a warning for an unknown key or
# a bad value and still exits 0, so any output is a failure.
if command -v systemd-analyze >/dev/null 2>&1 && [ -d /usr/lib/systemd/system ]; then
  mkdir -p "$root/usr/lib/systemd" "$root${bin%/*}"
  cp -r /usr/lib/systemd/system "$root/usr/lib/systemd/"
  if [ -n "$program" ]; then
    cp "$program" "$root$bin"
  else
    printf '#!/bin/sh\n' >"$root$bin"
    chmod 755 "$root$bin"
  fi
  if systemd-analyze --man=no --root="$root" verify ntmkiosk@tty1.service >"$tmp/verify" 2>&1 && [ ! -s "$tmp/verify" ]; then
    ok "systemd-analyze verify ntmkiosk@tty1.service"
  else
    cat "$tmp/verify"
    bad "systemd-analyze verify ntmkiosk@tty1.service"
  fi
else
  note "systemd-analyze cannot run here: the unit was checked with the key parser above only"
fi

# --- the console font ---------------------------------------------------------
. "$here/console-setup"
size=${FONTSIZE#*x}
if [ -r "/usr/share/consolefonts/$CODESET-$FONTFACE$size.psf.gz" ]; then
  ok "console-setup: /usr/share/consolefonts/$CODESET-$FONTFACE$size.psf.gz exists"
else
  bad "console-setup: no font /usr/share/consolefonts/$CODESET-$FONTFACE$size.psf.gz"
fi
if python3 "$here/fontcheck.py" "$root$font" "$top" >"$tmp/font" 2>&1; then
  ok "console font: $(tail -1 "$tmp/font" | sed 's/^fontcheck: //')"
else
  cat "$tmp/font"
  bad "console font lacks glyphs the kiosk shows"
fi
if command -v setfont >/dev/null 2>&1 && setfont -h 2>&1 | grep -q -- '-d ' && setfont -h 2>&1 | grep -q -- '-C '; then
  ok "setfont has -d (double size) and -C (console)"
else
  bad "setfont lacks -d or -C"
fi

# --- udev rule and configuration files ------------------------------------------
py udev "$here/99-ntmkiosk-usb.rules"
if systemd-mount --help 2>/dev/null | grep -q -- '--owner' && systemd-mount --help | grep -q -- '--bind-device'; then
  ok "systemd-mount has --owner and --bind-device"
else
  bad "systemd-mount lacks --owner or --bind-device"
fi
py conf "$here/logind-ntmkiosk.conf" Login NAutoVTs ReserveVT HandleSuspendKey HandleHibernateKey
py conf "$here/system-ntmkiosk.conf" Manager CtrlAltDelBurstAction
py conf "$here/sysctl-ntmkiosk.conf" - kernel.printk kernel.sysrq
sh -n "$here/setup-kiosk.sh" && sh -n "$here/make-console-font.sh" \
  && ok "setup-kiosk.sh and make-console-font.sh parse" || bad "shell syntax"

# --- the man page -----------------------------------------------------------------
man1=$top/docs/ntmkiosk.1
if [ -r "$man1" ]; then
  # Raw UTF-8 would read differently in groff without preconv (and bytes
  # 0x80-0x9f draw warnings): letters such as ô are written \[u00F4].
  if LC_ALL=C grep -q '[^ -~	]' "$man1"; then
    bad "docs/ntmkiosk.1 has non-ASCII bytes: write them as \\[uXXXX]"
  else
    ok "docs/ntmkiosk.1 is ASCII (other letters as \\[uXXXX])"
  fi
  groff -man -Tutf8 -ww "$man1" >/dev/null 2>"$tmp/groff"
  [ ! -s "$tmp/groff" ] && ok "groff -man -Tutf8 -ww: no warnings" || { cat "$tmp/groff"; bad "groff warnings"; }
  MANWIDTH=80 man -l "$man1" >"$tmp/man80.txt" 2>"$tmp/man.err"
  [ $? = 0 ] && [ ! -s "$tmp/man.err" ] && [ "$(wc -l <"$tmp/man80.txt")" -gt 100 ] \
    && ok "man -l renders ($(wc -l <"$tmp/man80.txt") lines)" || { cat "$tmp/man.err"; bad "man -l"; }
  # Wide, so that each command line stays on one line for the comparison.
  groff -man -Tutf8 -P-cbou -rLL=300n "$man1" >"$tmp/man.txt" 2>/dev/null
  if [ -n "$program" ]; then
    py man "$tmp/man.txt" "$tmp/help.txt" "$top"
    if [ -f "$tmp/installed.json" ] && [ "$prefix" = /usr/local ]; then
      py installed "$tmp/installed.json" "$prefix" "$(grep -v '^#' "$top/locales/LINGUAS" | tr '\n' ' ')"
    fi
  fi
else
  bad "no docs/ntmkiosk.1"
fi

# --- the guides -----------------------------------------------------------------------
if [ -n "$program" ]; then
  guides=
  for g in "$top/docs/operator-guide.vi.md" "$top/docs/operator-guide.en.md" "$here/README.md"; do
    [ -r "$g" ] && guides="$guides $g" || bad "no ${g#$top/}"
  done
  # shellcheck disable=SC2086
  [ -n "$guides" ] && py docs "$tmp/help.txt" $guides
fi

echo "deploy: $passed passed, $failed failed"
[ "$failed" = 0 ]
