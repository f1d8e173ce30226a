// SPDX-License-Identifier: MIT
// Value-change classes (contract: value_class.h). Hand-written scanners only.
#include "core/compare/value_class.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <vector>

#include "core/util/instant.h"
#include "core/util/text.h"

namespace dt {
namespace {

constexpr std::array<std::string_view, kValueClassCount> kNames = {
    "",
    "null_vs_missing",
    "empty_vs_null",
    "same_instant",
    "number_as_string",
    "case_only",
    "whitespace_only",
    "url_host",
    "parameter_only",
    "instant_shift",
    "numeric_delta",
    "string_changed",
    "value_changed",
    "missing_value",
    "extra_value",
    "type_changed",
    "array_order",
    "array_length",
    "status",
    "candidate_error",
    "text",
    "binary",
};

constexpr std::array<std::string_view, kValueClassCount> kDescriptions = {
    "",
    "null member omitted",
    "empty value vs null",
    "same instant, other spelling",
    "number written as a string",
    "letter case only",
    "whitespace only",
    "same URL on another host",
    "header parameter only",
    "instant shifted",
    "number changed",
    "string changed",
    "value changed",
    "value missing",
    "value added",
    "type changed",
    "array order changed",
    "array length changed",
    "status changed",
    "candidate error",
    "text changed",
    "binary changed",
};

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
    return s;
}

// A plain JSON-style decimal number (optional sign, digits, fraction, exponent), nothing else.
std::optional<double> plainNumber(std::string_view s) {
    if (s.empty() || s.size() > 64) return std::nullopt;
    size_t i = 0;
    if (s[i] == '-' || s[i] == '+') ++i;
    size_t d = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++d;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++d;
    }
    if (d == 0) return std::nullopt;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        size_t e = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++e;
        if (e == 0) return std::nullopt;
    }
    if (i != s.size()) return std::nullopt;
    const char* first = s.data() + (s[0] == '+' ? 1 : 0);
    double v = 0;
    auto r = std::from_chars(first, s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

bool numbersSame(double a, double b) {
    if (a == b) return true;
    return std::fabs(a - b) <= 1e-12 * std::max(std::fabs(a), std::fabs(b));
}

// Decimal places written in a number's text; -1 with an exponent.
int decimals(std::string_view s) {
    const size_t dot = s.find('.');
    if (s.find_first_of("eE") != std::string_view::npos) return -1;
    if (dot == std::string_view::npos) return 0;
    size_t n = s.size() - dot - 1;
    return static_cast<int>(n);
}

bool equalsIgnoringWhitespace(std::string_view a, std::string_view b) {
    size_t i = 0, j = 0;
    for (;;) {
        while (i < a.size() && isSpace(a[i])) ++i;
        while (j < b.size() && isSpace(b[j])) ++j;
        if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
        if (a[i] != b[j]) return false;
        ++i, ++j;
    }
}

struct UrlParts {
    std::string_view origin;  // "https://host:port" or "" for a path-only reference
    std::string_view rest;    // from the first '/' after the authority (path, query, fragment)
};

std::optional<UrlParts> splitUrl(std::string_view s) {
    if (s.empty() || isSpace(s.front()) || isSpace(s.back())) return std::nullopt;
    if (s.front() == '/') {
        if (s.size() > 1 && s[1] == '/') return std::nullopt;
        return UrlParts{{}, s};
    }
    const size_t sep = s.find("://");
    if (sep == std::string_view::npos || sep == 0 || sep > 16) return std::nullopt;
    for (size_t i = 0; i < sep; ++i) {
        const char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
              c == '.'))
            return std::nullopt;
    }
    const size_t hostStart = sep + 3;
    size_t end = hostStart;
    while (end < s.size() && s[end] != '/' && s[end] != '?' && s[end] != '#') {
        if (isSpace(s[end])) return std::nullopt;
        ++end;
    }
    if (end == hostStart) return std::nullopt;
    std::string_view rest = s.substr(end);
    if (rest.empty()) rest = "/";
    return UrlParts{s.substr(0, end), rest};
}

}  // namespace

std::string_view className(ValueClass c) {
    const auto i = static_cast<size_t>(c);
    return i < kNames.size() ? kNames[i] : std::string_view();
}

std::optional<ValueClass> classFromName(std::string_view name) {
    for (size_t i = 1; i < kNames.size(); ++i)
        if (kNames[i] == name) return static_cast<ValueClass>(i);
    return std::nullopt;
}

std::string_view classDescription(ValueClass c) {
    const auto i = static_cast<size_t>(c);
    return i < kDescriptions.size() ? kDescriptions[i] : std::string_view();
}

bool isRepresentationOnly(ValueClass c) {
    switch (c) {
    case ValueClass::NullVsMissing:
    case ValueClass::EmptyVsNull:
    case ValueClass::SameInstant:
    case ValueClass::NumberAsString:
    case ValueClass::CaseOnly:
    case ValueClass::WhitespaceOnly:
    case ValueClass::UrlHost:
    case ValueClass::ParameterOnly: return true;
    default: return false;
    }
}

std::optional<std::string> urlHostPair(std::string_view a, std::string_view b) {
    if (a.size() < 1 || b.size() < 1) return std::nullopt;
    auto ua = splitUrl(a);
    if (!ua) return std::nullopt;
    auto ub = splitUrl(b);
    if (!ub) return std::nullopt;
    if (ua->rest != ub->rest) return std::nullopt;
    if (iequals(ua->origin, ub->origin)) return std::nullopt;
    if (ua->origin.empty() && ub->origin.empty()) return std::nullopt;
    std::string p = lowercase(ua->origin);
    p += '>';
    p += lowercase(ub->origin);
    return p;
}

std::string classLabel(std::string_view text) {
    const size_t sp = text.find(' ');
    const std::string_view name = text.substr(0, sp);
    const std::string param(sp == std::string_view::npos ? std::string_view() : text.substr(sp + 1));
    const auto c = classFromName(name);
    if (!c) return {};
    switch (*c) {
    case ValueClass::NullVsMissing: return "was null";
    case ValueClass::EmptyVsNull: return "empty vs null";
    case ValueClass::SameInstant: return "same instant";
    case ValueClass::NumberAsString: return "number as string";
    case ValueClass::CaseOnly: return "case only";
    case ValueClass::WhitespaceOnly: return "whitespace only";
    case ValueClass::UrlHost: return "host " + param;
    case ValueClass::ParameterOnly: return "parameter " + param;
    case ValueClass::InstantShift: return "shift " + param;
    case ValueClass::NumericDelta: return param.empty() ? std::string() : param;
    default: return {};
    }
}

ClassResult classifyStrings(std::string_view a, std::string_view b) {
    if (a == b) return {ValueClass::StringChanged, {}};
    // Instants: at least one side ISO (two digit strings are ids or counters, not instants).
    const auto ia = parseIsoInstant(a);
    const auto ib = parseIsoInstant(b);
    if (ia || ib) {
        const auto xa = ia ? ia : parseEpochInstant(a);
        const auto xb = ib ? ib : parseEpochInstant(b);
        if (xa && xb) {
            const int64_t delta = instantDeltaNanos(*xa, *xb);
            if (delta == 0) return {ValueClass::SameInstant, {}};
            return {ValueClass::InstantShift, formatDelta(delta)};
        }
    }
    if (a.size() == b.size() && iequals(a, b)) return {ValueClass::CaseOnly, {}};
    if (equalsIgnoringWhitespace(a, b)) return {ValueClass::WhitespaceOnly, {}};
    if (auto hosts = urlHostPair(a, b)) return {ValueClass::UrlHost, std::move(*hosts)};
    if (auto na = plainNumber(a)) {
        if (auto nb = plainNumber(b)) {
            if (numbersSame(*na, *nb)) return {ValueClass::NumberAsString, {}};
            return classifyNumbers(*na, *nb, a, b);
        }
    }
    return {ValueClass::StringChanged, {}};
}

ClassResult classifyNumberVsString(std::string_view numberText, double number, std::string_view str, bool numberFirst) {
    if (auto n = plainNumber(trim(str)); n && numbersSame(*n, number)) return {ValueClass::NumberAsString, {}};
    if (auto iso = parseIsoInstant(str)) {
        if (auto epoch = parseEpochInstant(numberText)) {
            const int64_t delta = numberFirst ? instantDeltaNanos(*epoch, *iso) : instantDeltaNanos(*iso, *epoch);
            if (delta == 0) return {ValueClass::SameInstant, {}};
            return {ValueClass::InstantShift, formatDelta(delta)};
        }
    }
    return {ValueClass::TypeChanged, {}};
}

ClassResult classifyNumbers(double x, double y, std::string_view xText, std::string_view yText) {
    const int dx = decimals(xText), dy = decimals(yText);
    // Rendered numbers lose trailing zeros (1.0 -> "1"), so one decimal against none is not taken
    // for rounding: 1.1 vs 1.0 is a change, 19.99 vs 20 and 12.345 vs 12.35 are roundings.
    if (dx >= 0 && dy >= 0 && dx != dy && std::max(dx, dy) >= 2) {
        const int d = std::min(dx, dy);
        const double unit = std::pow(10.0, -d);
        if (std::fabs(x - y) <= unit * 0.5 * (1 + 1e-9)) return {ValueClass::NumericDelta, "rounding"};
    }
    return {ValueClass::NumericDelta, {}};
}

ClassResult classifyHeader(std::string_view a, bool aPresent, std::string_view b, bool bPresent) {
    if (aPresent && !bPresent) return {ValueClass::MissingValue, {}};
    if (!aPresent && bPresent) return {ValueClass::ExtraValue, {}};
    // Parameter only: same main value (case-insensitive), parameters differ.
    const size_t sa = a.find(';'), sb = b.find(';');
    if (sa != std::string_view::npos || sb != std::string_view::npos) {
        const std::string_view ma = trim(a.substr(0, sa)), mb = trim(b.substr(0, sb));
        if (!ma.empty() && iequals(ma, mb)) {
            auto params = [](std::string_view s, size_t at) {
                std::vector<std::pair<std::string, std::string>> out;
                while (at != std::string_view::npos && at < s.size()) {
                    const size_t next = s.find(';', at + 1);
                    std::string_view p =
                        trim(s.substr(at + 1, next == std::string_view::npos ? std::string_view::npos : next - at - 1));
                    const size_t eq = p.find('=');
                    std::string name = lowercase(trim(p.substr(0, eq)));
                    std::string value =
                        eq == std::string_view::npos ? std::string() : lowercase(trim(p.substr(eq + 1)));
                    if (!name.empty()) out.emplace_back(std::move(name), std::move(value));
                    at = next;
                }
                std::sort(out.begin(), out.end());
                return out;
            };
            const auto pa = params(a, sa), pb = params(b, sb);
            std::vector<std::string> names;
            for (const auto& p : pa)
                if (std::find(pb.begin(), pb.end(), p) == pb.end()) names.push_back(p.first);
            for (const auto& p : pb)
                if (std::find(pa.begin(), pa.end(), p) == pa.end()) names.push_back(p.first);
            std::sort(names.begin(), names.end());
            names.erase(std::unique(names.begin(), names.end()), names.end());
            if (names.empty()) return {ValueClass::WhitespaceOnly, {}};
            std::string joined;
            for (const auto& n : names) {
                if (!joined.empty()) joined += ',';
                joined += n;
            }
            return {ValueClass::ParameterOnly, std::move(joined)};
        }
    }
    ClassResult r = classifyStrings(a, b);
    if (r.cls == ValueClass::StringChanged) r.cls = ValueClass::ValueChanged;
    return r;
}

}  // namespace dt
