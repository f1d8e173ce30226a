// SPDX-License-Identifier: MIT
// Helpers declared in record.h: RFC 3339 timestamps and ASCII case-insensitive strings.
#include "core/store/record.h"
#include "core/util/instant.h"

#include <cstdio>

namespace dt {
namespace {

void civilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

}  // namespace

// Accepts RFC 3339 date-times (parseIsoInstant, core/util/instant.h); the fraction is truncated
// to milliseconds.
std::optional<int64_t> parseTimestampMs(std::string_view s) {
    const auto i = parseIsoInstant(s);
    if (!i) return std::nullopt;
    return i->seconds * 1000 + i->nanos / 1000000;
}

std::string formatTimestampMs(int64_t ms) {
    int64_t secs = ms / 1000;
    int64_t rem = ms % 1000;
    if (rem < 0) {
        rem += 1000;
        --secs;
    }
    int64_t days = secs / 86400;
    int64_t sod = secs % 86400;
    if (sod < 0) {
        sod += 86400;
        --days;
    }
    int64_t y = 0;
    unsigned m = 0, d = 0;
    civilFromDays(days, y, m, d);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<long long>(y), m, d,
                  static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60), static_cast<int>(sod % 60),
                  static_cast<int>(rem));
    return buf;
}

}  // namespace dt
