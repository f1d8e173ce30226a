#!/usr/bin/env bash
# Installs everything difftriage needs to build, test, fuzz and package on Debian 12.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
PKGS=(build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
      qt6-base-dev qt6-base-dev-tools qt6-charts-dev libgl-dev libxkbcommon-dev
      libsqlite3-dev sqlite3 nlohmann-json3-dev libdtl-dev libsimdjson-dev libre2-dev
      libgtest-dev googletest libbenchmark-dev
      libpq-dev postgresql
      xvfb xauth xdg-utils dpkg-dev file fonts-dejavu-core)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
