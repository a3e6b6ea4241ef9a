#!/bin/sh
# Turns a Debian 12 machine on which ntmkiosk is installed (meson install,
# prefix /usr/local) into a kiosk that boots straight into ntmkiosk on tty1.
# Each step is explained in deploy/README.md. Run it as root; it is safe to
# run again.
#
#   sh deploy/setup-kiosk.sh              set up this machine
#   sh deploy/setup-kiosk.sh --root DIR   write every file under DIR instead
#                                         (no packages, no user; for tests)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=
if [ "${1:-}" = "--root" ]; then
  root=${2:?--root needs a folder}
  mkdir -p "$root"
  root=$(cd "$root" && pwd)
elif [ $# -gt 0 ]; then
  echo "usage: sh deploy/setup-kiosk.sh [--root DIR]" >&2
  exit 2
fi

user=ntmkiosk
state=/var/lib/ntmkiosk
bin=/usr/local/bin/ntmkiosk
font=/usr/local/share/consolefonts/ntmkiosk-vi16.psf.gz
zone=${NTMKIOSK_TIMEZONE:-Asia/Ho_Chi_Minh}
say() { echo "setup-kiosk: $*"; }

if [ -z "$root" ]; then
  [ "$(id -u)" = 0 ] || { echo "setup-kiosk: run me as root" >&2; exit 1; }
  [ -x "$bin" ] || { echo "setup-kiosk: $bin is missing: run 'meson install -C build' first" >&2; exit 1; }
  # 1. Packages: the console fonts and setfont; gpm makes a mouse work on the console.
  say "packages"
  sh "$here/../tools/ensure-packages.sh" console-setup console-setup-linux kbd gpm
  # 2. The kiosk's own user: no password, no shell, its files in /var/lib/ntmkiosk.
  if ! id "$user" >/dev/null 2>&1; then
    say "user $user"
    useradd --system --user-group --home-dir "$state" --no-create-home \
      --shell /usr/sbin/nologin --comment "ntmkiosk kiosk" "$user"
  fi
  install -d -o "$user" -g "$user" -m 0750 "$state"
else
  mkdir -p "$root$state"
fi

# 3. The console font: Vietnamese-Fixed16 plus three symbols.
say "console font $font"
sh "$here/make-console-font.sh" "$root$font" >/dev/null

# 4. Configuration files.
put() { # put SOURCE DEST MODE
  mkdir -p "$(dirname "$root$2")"
  if [ -f "$root$2" ] && ! cmp -s "$here/$1" "$root$2" && [ ! -f "$root$2.before-ntmkiosk" ]; then
    cp -p "$root$2" "$root$2.before-ntmkiosk"
  fi
  cp "$here/$1" "$root$2"
  chmod "$3" "$root$2"
  say "$2"
}
put console-setup /etc/default/console-setup 0644
put logind-ntmkiosk.conf /etc/systemd/logind.conf.d/ntmkiosk.conf 0644
put system-ntmkiosk.conf /etc/systemd/system.conf.d/ntmkiosk.conf 0644
put sysctl-ntmkiosk.conf /etc/sysctl.d/ntmkiosk.conf 0644
put 99-ntmkiosk-usb.rules /etc/udev/rules.d/99-ntmkiosk-usb.rules 0644
put ntmkiosk@.service /etc/systemd/system/ntmkiosk@.service 0644
mkdir -p "$root/media"

# 5. Local time for records, reports and backups.
say "time zone $zone"
mkdir -p "$root/etc"
ln -sf "/usr/share/zoneinfo/$zone" "$root/etc/localtime"
echo "$zone" >"$root/etc/timezone"

# 6. Units: the kiosk on tty1 instead of the login prompt, no other consoles,
# Ctrl+Alt+Del off.
if [ -z "$root" ]; then
  sc() { systemctl "$@"; }
else
  sc() { systemctl --root="$root" "$@"; }
fi
sc disable getty@tty1.service >/dev/null 2>&1 || true
# Without D-Bus, getty-static.service would open tty2..tty6.
sc mask getty-static.service ctrl-alt-del.target
sc enable ntmkiosk@tty1.service

if [ -z "$root" ]; then
  systemctl daemon-reload
  udevadm control --reload || true
  say "done. Now set the officer PIN, then reboot:"
  say "  sudo -u $user $bin pin set --db $state/kiosk.db"
  say "  reboot"
else
  say "done under $root"
fi
