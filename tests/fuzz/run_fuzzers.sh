#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every libFuzzer target for a bounded time under ASan + UBSan. Used by .ci/run.
#
#   tests/fuzz/run_fuzzers.sh SECONDS [BUILD_DIR]      (BUILD_DIR defaults to build/fuzz)
#
# Configures BUILD_DIR with clang and DIFFTRIAGE_FUZZ=ON when it is not configured yet, builds the
# fuzz targets, then runs each for SECONDS seconds starting from tests/fuzz/corpus/<target>/ (new
# inputs go to BUILD_DIR/fuzz-corpus/<target>/, the checked-in seeds are never modified).
# Exits non-zero when any target crashes, leaks, times out on one input or exceeds the memory
# limit; the reproducer is in BUILD_DIR/fuzz-artifacts/<target>/ and the log next to it.
# Every crash found must become a regression test in tests/core/test_hostile_input.cpp.
set -uo pipefail

if [[ $# -lt 1 || ! "$1" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 SECONDS [BUILD_DIR]" >&2
  exit 2
fi
SECONDS_PER_TARGET="$1"
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${2:-$SRC/build/fuzz}"
mkdir -p "$BUILD" && BUILD="$(cd "$BUILD" && pwd)"
RSS_MB="${DT_FUZZ_RSS_MB:-2048}"

if [[ ! -f "$BUILD/CMakeCache.txt" ]]; then
  cmake -S "$SRC" -B "$BUILD" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DDIFFTRIAGE_FUZZ=ON -DDIFFTRIAGE_BUILD_GUI=OFF -DDIFFTRIAGE_BUILD_BENCH=OFF || exit 2
fi
cmake --build "$BUILD" -j"${DT_JOBS:-2}" --target fuzz_targets || exit 2

# target:max_len. Bodies and rows need room; the SQLite seeds use 512-byte pages.
TARGETS=(fuzz_jsonl_record:65536 fuzz_compare:32768 fuzz_rules_config:32768 fuzz_sqlite:16384)

export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=0
summary=()
for entry in "${TARGETS[@]}"; do
  name="${entry%%:*}"
  max_len="${entry##*:}"
  bin="$BUILD/tests/fuzz/$name"
  if [[ ! -x "$bin" ]]; then
    echo "== $name: not built (skipped)"
    summary+=("$name: not built")
    continue
  fi
  seeds="$SRC/tests/fuzz/corpus/${name#fuzz_}"
  work="$BUILD/fuzz-corpus/$name"
  artifacts="$BUILD/fuzz-artifacts/$name"
  log="$BUILD/fuzz-artifacts/$name.log"
  mkdir -p "$work" "$artifacts"
  seed_dirs=()
  [[ -d "$seeds" ]] && seed_dirs=("$seeds")
  dicts=()
  [[ -f "$SRC/tests/fuzz/$name.dict" ]] && dicts=(-dict="$SRC/tests/fuzz/$name.dict")
  echo "== $name: ${SECONDS_PER_TARGET}s, max_len $max_len, rss limit ${RSS_MB} MB"
  "$bin" -max_total_time="$SECONDS_PER_TARGET" -max_len="$max_len" -rss_limit_mb="$RSS_MB" \
         -timeout=20 -print_final_stats=1 -artifact_prefix="$artifacts/" "${dicts[@]}" \
         "$work" "${seed_dirs[@]}" >"$log" 2>&1
  rc=$?
  execs="$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')"
  rate="$(grep -m1 'stat::average_exec_per_sec' "$log" | awk '{print $2}')"
  cov="$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -n1 | grep -o 'cov: [0-9]*' || true)"
  if [[ $rc -ne 0 ]]; then
    failed=1
    echo "!! $name FAILED (exit $rc) - log: $log"
    grep -E 'ERROR|SUMMARY|INVARIANT|runtime error|Test unit written' "$log" | head -n 20
    summary+=("$name: FAILED (exit $rc), ${execs:-?} execs")
  else
    echo "   ok: ${execs:-?} execs, ${rate:-?} exec/s, ${cov:-cov: ?}, corpus $(ls "$work" | wc -l) units"
    summary+=("$name: ok, ${execs:-?} execs, ${rate:-?} exec/s, ${cov:-cov: ?}")
  fi
done

echo
echo "fuzz summary (${SECONDS_PER_TARGET}s per target):"
printf '  %s\n' "${summary[@]}"
exit $failed
