// Helpers declared in record.h: RFC 3339 timestamps and ASCII case-insensitive strings.
#include "core/store/record.h"

#include <array>
#include <cstdio>

namespace dt {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

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

bool isLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned daysInMonth(int64_t y, unsigned m) {
    static constexpr std::array<unsigned, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly n digits at s[pos..]; advances pos.
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

// Accepts RFC 3339 date-times: "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)", with a lowercase
// 't'/'z' or a space as separator. Liberal extensions: offsets written "+HHMM" or "+HH", and a
// missing offset (taken as UTC, as Python's naive isoformat() output is common in the wild).
// Leading/trailing spaces are not accepted. The fraction is truncated to milliseconds.
std::optional<int64_t> parseTimestampMs(std::string_view s) {
    size_t pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits(s, pos, 4, year)) return std::nullopt;
    if (pos >= s.size() || s[pos++] != '-') return std::nullopt;
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
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;   // 60: leap second

    int millis = 0;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        size_t n = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (n < 3) millis = millis * 10 + (s[pos] - '0');
            ++n;
            ++pos;
        }
        if (n == 0) return std::nullopt;
        for (size_t i = n; i < 3; ++i) millis *= 10;
    }

    int offsetMinutes = 0;
    if (pos < s.size()) {
        const char c = s[pos++];
        if (c == 'Z' || c == 'z') {
            // UTC
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
    const int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
    return secs * 1000 + millis;
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
