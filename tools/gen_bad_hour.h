// SPDX-License-Identifier: MIT
#pragma once
// difftriage-gen --bad-hour H: a store whose average looks fine but one hour does not (the parity
// dashboard's worst-window case, docs/dashboard.md). The records are spread evenly over 24 hours
// from the generator's start time (2026-11-20T10:00Z), and in hour H (0..23, counted from the
// start) 1 % of the matches become records of one injected cause. With --mismatch-rate 0.001 the
// store's weighted match rate stays above 99.9 % while that hour falls to ~99 %.
#include <cstdint>
#include <vector>

namespace dt::gen {

constexpr int64_t kBadHourSpanMs = 24 * 3'600'000LL;
constexpr uint64_t kBadHourEvery = 100;  // every 100th match of the bad hour becomes a mismatch

// Timestamp of record `index` of `records` when the store spans 24 hours from startMs.
int64_t badHourTimestamp(uint64_t index, uint64_t records, int64_t startMs);
// Turns every kBadHourEvery-th match inside hour `hour` into the first injected cause.
void applyBadHour(int hour, std::vector<uint8_t>& categories);

}  // namespace dt::gen
