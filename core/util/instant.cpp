// SPDX-License-Identifier: MIT
// Instant parsing and delta formatting (contract: instant.h).
#include "core/util/instant.h"

#include <array>
#include <limits>

namespace dt {
namespace {

int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool isLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned daysInMonth(int64_t y, unsigned m) {
    static constexpr std::array<unsigned, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : kDays[m - 1];
}

bool digits(std::string_view s, size_t& pos, size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (size_t i = 0; i < n; ++i) {
        const char c = s[pos + i];
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    pos += n;
    out = v;
    return true;
}

}  // namespace

std::optional<Instant> parseIsoInstant(std::string_view s) {
    if (s.size() < 19) return std::nullopt;
    size_t pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits(s, pos, 4, year)) return std::nullopt;
    if (s[pos++] != '-') return std::nullopt;
    if (!digits(s, pos, 2, month)) return std::nullopt;
    if (pos >= s.size() || s[pos++] != '-') return std::nullopt;
    if (!digits(s, pos, 2, day)) return std::nullopt;
    if (pos >= s.size()) return std::nullopt;
    const char sep = s[pos++];
    if (sep != 'T' && sep != 't' && sep != ' ') return std::nullopt;
    if (!digits(s, pos, 2, hour)) return std::nullopt;
    if (pos >= s.size() || s[pos++] != ':') return std::nullopt;
    if (!digits(s, pos, 2, minute)) return std::nullopt;
    if (pos >= s.size() || s[pos++] != ':') return std::nullopt;
    if (!digits(s, pos, 2, second)) return std::nullopt;
    if (month < 1 || month > 12) return std::nullopt;
    if (day < 1 || static_cast<unsigned>(day) > daysInMonth(year, static_cast<unsigned>(month))) return std::nullopt;
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;  // 60: leap second

    int32_t nanos = 0;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        size_t n = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (n < 9) nanos = nanos * 10 + (s[pos] - '0');
            ++n;
            ++pos;
        }
        if (n == 0) return std::nullopt;
        for (size_t i = n; i < 9; ++i) nanos *= 10;
    }
    int offsetMinutes = 0;
    if (pos < s.size()) {
        const char c = s[pos++];
        if (c == 'Z' || c == 'z') {
        } else if (c == '+' || c == '-') {
            int oh = 0, om = 0;
            if (!digits(s, pos, 2, oh)) return std::nullopt;
            if (pos < s.size()) {
                if (s[pos] == ':') ++pos;
                if (!digits(s, pos, 2, om)) return std::nullopt;
            }
            if (oh > 23 || om > 59) return std::nullopt;
            offsetMinutes = (oh * 60 + om) * (c == '-' ? -1 : 1);
        } else {
            return std::nullopt;
        }
    }
    if (pos != s.size()) return std::nullopt;
    const int64_t days = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    return Instant{days * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60, nanos};
}

std::optional<Instant> parseEpochInstant(std::string_view s) {
    size_t i = 0, intDigits = 0;
    int64_t whole = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        if (intDigits >= 15) return std::nullopt;
        whole = whole * 10 + (s[i] - '0');
        ++i;
        ++intDigits;
    }
    int32_t frac = 0;
    size_t fracDigits = 0;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            if (fracDigits < 9) frac = frac * 10 + (s[i] - '0');
            ++fracDigits;
            ++i;
        }
        if (fracDigits == 0) return std::nullopt;
        for (size_t k = std::min<size_t>(fracDigits, 9); k < 9; ++k) frac *= 10;
    }
    if (i != s.size() || intDigits == 0) return std::nullopt;
    constexpr int64_t kMinS = 100000000;    // 1973-03-03
    constexpr int64_t kMaxS = 99999999999;  // 5138
    if (whole >= kMinS && whole <= kMaxS) return Instant{whole, frac};
    if (whole >= kMinS * 1000 && whole <= kMaxS * 1000 && fracDigits == 0)
        return Instant{whole / 1000, static_cast<int32_t>(whole % 1000) * 1000000};
    return std::nullopt;
}

std::optional<Instant> parseAnyInstant(std::string_view s) {
    if (auto i = parseIsoInstant(s)) return i;
    return parseEpochInstant(s);
}

int64_t instantDeltaNanos(const Instant& a, const Instant& b) {
    const int64_t ds = b.seconds - a.seconds;
    constexpr int64_t kLimit = std::numeric_limits<int64_t>::max() / 1000000000 - 1;
    if (ds > kLimit) return std::numeric_limits<int64_t>::max();
    if (ds < -kLimit) return std::numeric_limits<int64_t>::min();
    return ds * 1000000000 + (b.nanos - a.nanos);
}

std::string formatDelta(int64_t nanos) {
    if (nanos == 0) return "+0";
    std::string out(1, nanos < 0 ? '-' : '+');
    uint64_t v = nanos < 0 ? static_cast<uint64_t>(-(nanos + 1)) + 1 : static_cast<uint64_t>(nanos);
    struct Unit {
        uint64_t ns;
        const char* name;
    };
    static constexpr Unit kUnits[] = {
        {86400000000000ull, "d"}, {3600000000000ull, "h"}, {60000000000ull, "m"}, {1000000000ull, "s"},
        {1000000ull, "ms"},       {1000ull, "us"},         {1ull, "ns"}};
    for (const Unit& u : kUnits) {
        if (v >= u.ns) {
            out += std::to_string(v / u.ns);
            out += u.name;
            v %= u.ns;
        }
    }
    return out;
}

}  // namespace dt
