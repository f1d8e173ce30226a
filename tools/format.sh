#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Formats every C++ source of the project with the house .clang-format, or (--check) fails when a
# file is not formatted. Usage: tools/format.sh [--check]
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.h' | grep -v '^tests/fuzz/corpus/')
if [ "${1:-}" = --check ]; then
  clang-format --dry-run -Werror "${files[@]}"
  echo "format: ${#files[@]} files formatted"
else
  clang-format -i "${files[@]}"
fi
