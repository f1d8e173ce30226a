#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The whole test suite: dependency check, format check, dev build (-Werror) + ctest, the same under
# ASan+UBSan, bounded fuzzing, and the .deb package check. Used verbatim by .ci/run.
# FUZZ_SECONDS (default 30) bounds each fuzz target. Each stage prints its wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
export QT_QPA_PLATFORM=offscreen
T0=$(date +%s)
STAGE_START=$T0
STAGE=""
stage() {
  local now; now=$(date +%s)
  if [ -n "$STAGE" ]; then echo "== $STAGE: $((now - STAGE_START)) s"; fi
  STAGE="$1"; STAGE_START=$now
  if [ -n "$1" ]; then echo "== $1"; fi
}
trap 'rc=$?; if [ $rc != 0 ]; then echo "!! stage \"$STAGE\" failed after $(( $(date +%s) - STAGE_START )) s (exit $rc)"; fi' EXIT
# The presets generate Ninja builds (ninja schedules both cores across library boundaries, where
# make waits for each library). A tree configured earlier with another generator is started afresh.
ninja_tree() {
  if [ -f "$1/CMakeCache.txt" ] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$1/CMakeCache.txt"; then
    echo "   $1 was configured with another generator: removed"
    rm -rf "$1"
  fi
}

stage "dependencies (tools/deps.sh)"
tools/deps.sh

stage "format (tools/format.sh --check)"
tools/format.sh --check

# The dev build as developers have it, but without debug info (a third less compile time on 2 cores;
# nothing the tests check depends on it) and with -Werror, in its own tree (build/ci), so running
# this script leaves a developer's build/dev as it was.
stage "dev build (preset ci)"
ninja_tree build/ci
cmake --preset ci >/dev/null
tools/check_deps.sh build/ci
cmake --build --preset ci -j"$JOBS"

stage "dev tests (ctest)"
ctest --preset ci -j"$JOBS"

stage "asan build"
ninja_tree build/asan
cmake --preset asan -DDIFFTRIAGE_WERROR=ON >/dev/null
cmake --build --preset asan -j"$JOBS"

stage "asan tests (ctest)"
ctest --preset asan -j"$JOBS"

stage "fuzz build"
ninja_tree build/fuzz
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$JOBS" --target fuzz_targets

stage "fuzz seeds + ${FUZZ_SECONDS:-30}s exploration per target"
# Every seed and every past finding replays under ASan+UBSan: strict.
ctest --test-dir build/fuzz -L fuzz --output-on-failure
# New exploration for FUZZ_SECONDS per target. A fresh finding is printed with its artifact
# (build/fuzz/fuzz-artifacts/) to be turned into a regression test; it fails the run only with
# FUZZ_STRICT=1, so a lucky mutation cannot block an unrelated change.
if ! tests/fuzz/run_fuzzers.sh "${FUZZ_SECONDS:-30}" build/fuzz; then
  echo "!! fuzzing found something new: see build/fuzz/fuzz-artifacts/ (add it to tests/fuzz/corpus/ + a regression test)"
  if [ "${FUZZ_STRICT:-0}" = 1 ]; then exit 1; fi
fi

stage "package (.deb)"
packaging/ci_package.sh build/ci

stage ""
echo "== all tests passed in $(( $(date +%s) - T0 )) s"
