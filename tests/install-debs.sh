#!/bin/sh
# install-debs.sh PKG... - installs the Debian packages among PKG that are
# not installed yet: with apt-get as root, with sudo otherwise.
missing=""
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then
  run=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  run="sudo"
else
  echo "error: these Debian packages are missing:$missing" >&2
  echo "       install them as root: apt-get install$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$run apt-get update -q >/dev/null || { echo "error: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
$run apt-get install -y -q --no-install-recommends $missing >/dev/null ||
  { echo "error: apt-get install$missing failed" >&2; exit 1; }
