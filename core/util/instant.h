// SPDX-License-Identifier: MIT
#pragma once
// Instants written as text: RFC 3339 / ISO 8601 date-times and Unix epoch numbers. One parser for
// the whole project (record timestamps, value-change classes, same_instant rules). Hand-written
// scanner: no regex, no locale, no allocation.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dt {

struct Instant {
    int64_t seconds = 0;  // since 1970-01-01T00:00:00Z
    int32_t nanos = 0;    // 0..999,999,999
    auto operator<=>(const Instant&) const = default;
};

// "YYYY-MM-DD(T|t| )HH:MM:SS[(.|,)fraction][Z|z|+HH:MM|-HH:MM|+HHMM|+HH]"; a missing offset is
// taken as UTC (Python's naive isoformat()). Fractions up to 9 digits are exact, further digits
// are dropped. Nothing else (no leading/trailing spaces).
std::optional<Instant> parseIsoInstant(std::string_view s);

// Unix epoch seconds (9–11 integer digits, optional fraction) or milliseconds (12–14 digits),
// as text ("1700000000", "1700000000123", "1700000000.5"). Values outside 1973–5138 are not taken
// as instants, so small counters and ids never are.
std::optional<Instant> parseEpochInstant(std::string_view digits);

// ISO first, then epoch.
std::optional<Instant> parseAnyInstant(std::string_view s);

// Signed difference b - a in nanoseconds (saturating).
int64_t instantDeltaNanos(const Instant& a, const Instant& b);

// "+1h", "-30m", "+1h30m", "+2d", "+5s", "+250ms", "+1us", "+0" — exact, largest units first.
std::string formatDelta(int64_t nanos);

}  // namespace dt
