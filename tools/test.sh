#!/usr/bin/env bash
# The whole test suite: dev build + ctest, the same under ASan+UBSan, bounded fuzzing, and the
# .deb package check. Used verbatim by .ci/run. FUZZ_SECONDS (default 60) bounds each fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
JOBS=${JOBS:-$(nproc)}
export QT_QPA_PLATFORM=offscreen

echo "== dev build + tests"
cmake --preset dev >/dev/null
cmake --build --preset dev -j"$JOBS"
ctest --preset dev -j"$JOBS"

echo "== asan build + tests"
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$JOBS"
ctest --preset asan -j"$JOBS"

if [ -x tests/fuzz/run_fuzzers.sh ]; then
  echo "== fuzzing (${FUZZ_SECONDS:-60}s per target)"
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz -j"$JOBS"
  # Every seed and every past finding replays under ASan+UBSan: strict.
  ctest --test-dir build/fuzz -L fuzz --output-on-failure
  # New exploration for FUZZ_SECONDS per target. A fresh finding is printed with its artifact
  # (build/fuzz/fuzz-artifacts/) to be turned into a regression test; it fails the run only with
  # FUZZ_STRICT=1, so a lucky mutation cannot block an unrelated change.
  if ! tests/fuzz/run_fuzzers.sh "${FUZZ_SECONDS:-60}" build/fuzz; then
    echo "!! fuzzing found something new: see build/fuzz/fuzz-artifacts/ (add it to tests/fuzz/corpus/ + a regression test)"
    if [ "${FUZZ_STRICT:-0}" = 1 ]; then exit 1; fi
  fi
fi

if [ -x packaging/ci_package.sh ]; then
  echo "== package"
  packaging/ci_package.sh build/dev
fi
echo "== all tests passed"
