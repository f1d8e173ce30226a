// SPDX-License-Identifier: MIT
#include "gen_util.h"

#include <array>
#include <numeric>

namespace dt::gen {

void appendEscaped(std::string& out, std::string_view s) {
    static const char* const kHex = "0123456789abcdef";
    static const auto kPlain = [] {
        std::array<bool, 256> t{};
        for (int c = 0x20; c < 256; ++c) t[static_cast<size_t>(c)] = c != '"' && c != '\\';
        return t;
    }();
    out.reserve(out.size() + s.size() + s.size() / 8);
    size_t start = 0;
    for (size_t n = 0; n < s.size(); ++n) {
        const unsigned char c = static_cast<unsigned char>(s[n]);
        if (kPlain[c]) continue;
        out.append(s.data() + start, n - start);
        start = n + 1;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    out.append(s.data() + start, s.size() - start);
}

namespace {

void newline(std::string& out, int depth) {
    out += '\n';
    out.append(static_cast<size_t>(depth) * 2, ' ');
}

// 100 -> "1e2", 4200 -> "42e2", 7 -> "7.0"
void altInteger(std::string& out, int64_t v) {
    if (v != 0 && v % 100 == 0) {
        int exp = 0;
        while (v % 10 == 0) {
            v /= 10;
            ++exp;
        }
        out += std::to_string(v);
        out += 'e';
        out += std::to_string(exp);
    } else {
        out += std::to_string(v);
        out += ".0";
    }
}

}  // namespace

void writeJson(std::string& out, const JVal& v, const JStyle& style, Rng& rng, int depth) {
    switch (v.k) {
    case JVal::K::Null: out += "null"; return;
    case JVal::K::Bool: out += v.b ? "true" : "false"; return;
    case JVal::K::Int:
        if (style.altNumbers && rng.chance(0.5))
            altInteger(out, v.i);
        else
            out += std::to_string(v.i);
        return;
    case JVal::K::Num:
        out += v.s;
        if (style.altNumbers && v.s.find('.') != std::string::npos && v.s.find_first_of("eE") == std::string::npos &&
            rng.chance(0.5))
            out += '0';
        return;
    case JVal::K::Str: appendQuoted(out, v.s); return;
    case JVal::K::Arr:
        if (v.items.empty()) {
            out += "[]";
            return;
        }
        out += '[';
        for (size_t n = 0; n < v.items.size(); ++n) {
            if (n) out += ',';
            if (style.pretty) newline(out, depth + 1);
            writeJson(out, v.items[n], style, rng, depth + 1);
        }
        if (style.pretty) newline(out, depth);
        out += ']';
        return;
    case JVal::K::Obj: {
        if (v.keys.empty()) {
            out += "{}";
            return;
        }
        size_t order[64];
        std::vector<size_t> big;
        size_t* idx = order;
        if (v.keys.size() > 64) {
            big.resize(v.keys.size());
            idx = big.data();
        }
        std::iota(idx, idx + v.keys.size(), size_t{0});
        if (style.shuffleKeys)
            for (size_t n = v.keys.size() - 1; n > 0; --n) std::swap(idx[n], idx[rng.below(n + 1)]);
        out += '{';
        for (size_t n = 0; n < v.keys.size(); ++n) {
            if (n) out += ',';
            if (style.pretty) newline(out, depth + 1);
            appendQuoted(out, v.keys[idx[n]]);
            out += style.pretty ? ": " : ":";
            writeJson(out, v.items[idx[n]], style, rng, depth + 1);
        }
        if (style.pretty) newline(out, depth);
        out += '}';
        return;
    }
    }
}

std::string base64(std::string_view bytes) {
    static const char* const kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t n = 0;
    for (; n + 2 < bytes.size(); n += 3) {
        const uint32_t v =
            (uint32_t(uint8_t(bytes[n])) << 16) | (uint32_t(uint8_t(bytes[n + 1])) << 8) | uint8_t(bytes[n + 2]);
        out += kAlphabet[v >> 18];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (n + 1 == bytes.size()) {
        const uint32_t v = uint32_t(uint8_t(bytes[n])) << 16;
        out += kAlphabet[v >> 18];
        out += kAlphabet[(v >> 12) & 63];
        out += "==";
    } else if (n + 2 == bytes.size()) {
        const uint32_t v = (uint32_t(uint8_t(bytes[n])) << 16) | (uint32_t(uint8_t(bytes[n + 1])) << 8);
        out += kAlphabet[v >> 18];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

std::string hex(Rng& rng, size_t digits) {
    static const char* const kHex = "0123456789abcdef";
    std::string out(digits, '0');
    uint64_t bits = 0;
    for (size_t n = 0; n < digits; ++n) {
        if (n % 16 == 0) bits = rng.next();
        out[n] = kHex[bits & 15];
        bits >>= 4;
    }
    return out;
}

namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
    int64_t y;
    unsigned m, d, hh, mm, ss, ms;
    int64_t days;
};

Civil civilFromMs(int64_t ms) {
    Civil c{};
    int64_t days = ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
    int64_t rem = ms - days * 86400000;
    c.days = days;
    c.hh = static_cast<unsigned>(rem / 3600000);
    c.mm = static_cast<unsigned>(rem / 60000 % 60);
    c.ss = static_cast<unsigned>(rem / 1000 % 60);
    c.ms = static_cast<unsigned>(rem % 1000);
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    c.d = doy - (153 * mp + 2) / 5 + 1;
    c.m = mp < 10 ? mp + 3 : mp - 9;
    c.y = static_cast<int64_t>(yoe) + era * 400 + (c.m <= 2);
    return c;
}

}  // namespace

int64_t civilToMs(int y, unsigned m, unsigned d, unsigned hh, unsigned mm, unsigned ss) {
    return daysFromCivil(y, m, d) * 86400000 + int64_t(hh) * 3600000 + int64_t(mm) * 60000 + int64_t(ss) * 1000;
}

std::string rfc3339(int64_t ms, int fracDigits, bool pythonOffset) {
    const Civil c = civilFromMs(ms);
    char buf[64];
    int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u", static_cast<long long>(c.y), c.m, c.d,
                          c.hh, c.mm, c.ss);
    if (fracDigits == 3)
        n += std::snprintf(buf + n, sizeof buf - n, ".%03u", c.ms);
    else if (fracDigits == 6)
        n += std::snprintf(buf + n, sizeof buf - n, ".%03u000", c.ms);
    std::snprintf(buf + n, sizeof buf - n, "%s", pythonOffset ? "+00:00" : "Z");
    return buf;
}

std::string isoDate(int64_t ms) {
    const Civil c = civilFromMs(ms);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.y), c.m, c.d);
    return buf;
}

std::string httpDate(int64_t ms) {
    static const char* const kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // 1970-01-01 was a Thursday
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const Civil c = civilFromMs(ms);
    const int64_t wd = ((c.days % 7) + 7) % 7;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02u %s %04lld %02u:%02u:%02u GMT", kDays[wd], c.d, kMonths[c.m - 1],
                  static_cast<long long>(c.y), c.hh, c.mm, c.ss);
    return buf;
}

std::string fixed1(int64_t tenths) { return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10); }

std::string fixed2(int64_t cents) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(cents / 100),
                  static_cast<long long>(cents % 100));
    return buf;
}

}  // namespace dt::gen
