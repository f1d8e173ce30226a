#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs everything difftriage needs to build, test, fuzz and package on Debian 12.
# `tools/deps.sh --list` prints the package list (tools/check_deps.sh compares it with what CMake found).
set -euo pipefail
PKGS=(build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev clang-format
      qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev libgl-dev libegl-dev libglu1-mesa-dev libxkbcommon-dev
      libsqlite3-dev sqlite3 nlohmann-json3-dev libdtl-dev libsimdjson-dev libre2-dev zlib1g-dev
      libpq-dev postgresql
      libgtest-dev googletest libbenchmark-dev
      xvfb xauth xdg-utils dpkg-dev file fonts-dejavu-core lintian)
if [ "${1:-}" = --list ]; then
  printf '%s\n' "${PKGS[@]}"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
