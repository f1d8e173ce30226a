#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fails when CMake found a package on this machine that tools/deps.sh does not install (directly or
# as a dependency of what it installs): such a build passes here and fails on a fresh Debian 12
# machine (the release where Qt6Charts needed libqt6opengl6-dev). Usage: tools/check_deps.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:?usage: tools/check_deps.sh BUILD_DIR}
CACHE="$BUILD/CMakeCache.txt"
[ -f "$CACHE" ] || { echo "check_deps: $CACHE not found (configure first)"; exit 2; }

# Files CMake used: package config directories (one config file in each) and found libraries.
files=()
while IFS= read -r dir; do
  cfg=$(ls "$dir"/*[Cc]onfig.cmake 2>/dev/null | head -1 || true)
  [ -n "$cfg" ] && files+=("$cfg")
done < <(sed -n 's/^[A-Za-z0-9_]*_DIR:PATH=\(\/usr\/.*\)$/\1/p' "$CACHE")
while IFS= read -r lib; do
  [ -e "$lib" ] && files+=("$lib")
done < <(sed -n 's/^[A-Za-z0-9_]*_LIBRARY[A-Za-z0-9_]*:FILEPATH=\(\/usr\/.*\)$/\1/p' "$CACHE")

# The packages that own them.
used=$(for f in "${files[@]}"; do dpkg -S "$f" 2>/dev/null | sed 's/:.*//; s/, /\n/g'; done | sed 's/:.*//' | sort -u)

# Everything tools/deps.sh installs, with its dependencies (no recommends, as deps.sh installs).
mapfile -t wanted < <(tools/deps.sh --list)
closure=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
            --no-replaces --no-enhances "${wanted[@]}" 2>/dev/null | grep -v '^ ' | sed 's/:.*//' | sort -u)

bad=0
for p in $used; do
  if ! grep -qx "$p" <<<"$closure"; then
    echo "check_deps: CMake used $p (a file of it is in $CACHE), but tools/deps.sh does not install it"
    bad=1
  fi
done
n=$(wc -w <<<"$used")
if [ $bad = 0 ]; then echo "check_deps: all $n packages CMake used are installed by tools/deps.sh"; fi
exit $bad
