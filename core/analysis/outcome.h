// SPDX-License-Identifier: MIT
#pragma once
// The outcome of comparing one record (see analysis.h for the definitions).
#include <array>
#include <cstdint>
#include <string_view>

namespace dt {

enum class Outcome : uint8_t { Match, Mismatch, Noise, Drift, Allowed, Invalid };
constexpr int kOutcomeCount = 6;
std::string_view outcomeName(Outcome o);  // "match", "mismatch", "noise", "drift", "allowed", "invalid"

// The one match-rate formula: (match + noise + allowed) / (all but drift and invalid), over the
// given per-outcome weights (or counts); 1 when nothing is comparable.
double weightedMatchRate(const std::array<double, kOutcomeCount>& weights);

}  // namespace dt
