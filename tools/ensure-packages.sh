#!/bin/sh
# Installs the Debian packages named on the command line that are missing:
# with apt-get as root, with sudo otherwise, or stops and prints the exact
# command to run.
set -u
missing=""
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
    || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
cmd="apt-get install -y --no-install-recommends$missing"
echo "ntmkiosk: installing missing packages:$missing"
if [ "$(id -u)" = 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && $cmd
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive $cmd
else
  echo "ntmkiosk: please run as root:" >&2
  echo "  apt-get update && $cmd" >&2
  exit 1
fi
