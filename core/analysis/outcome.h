#pragma once
// The outcome of comparing one record (see analysis.h for the definitions).
#include <cstdint>
#include <string_view>

namespace dt {

enum class Outcome : uint8_t { Match, Mismatch, Noise, Drift, Allowed, Invalid };
constexpr int kOutcomeCount = 6;
std::string_view outcomeName(Outcome o);   // "match", "mismatch", "noise", "drift", "allowed", "invalid"

}  // namespace dt
