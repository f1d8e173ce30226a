// SPDX-License-Identifier: MIT
#include "core/rules/rules.h"

#include <array>
#include <cstdio>
#include <ctime>

#include "core/util/fnv1a.h"

namespace dt {

namespace {

constexpr std::array<std::string_view, kRuleKindCount> kKindNames = {
    "ignore_path",       "numeric_tolerance",  "unordered_array",    "normalize_value",
    "ignore_header",     "status_equivalence", "text_normalization", "null_equals_missing",
    "empty_equals_null", "same_instant",       "url_host",           "header_parameter",
    "ranking",
};

std::string number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

std::string shortNumber(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

}  // namespace

std::string_view ruleKindName(RuleKind k) {
    const auto i = static_cast<size_t>(k);
    return i < kKindNames.size() ? kKindNames[i] : std::string_view("unknown");
}

std::optional<RuleKind> ruleKindFromName(std::string_view name) {
    for (size_t i = 0; i < kKindNames.size(); ++i)
        if (kKindNames[i] == name) return static_cast<RuleKind>(i);
    return std::nullopt;
}

std::string generateRuleId(const Rule& rule) {
    // Canonical text of what the rule does; fields separated by a unit separator so that
    // ("ab","c") and ("a","bc") differ.
    std::string s;
    auto field = [&s](std::string_view v) {
        s.append(v);
        s.push_back('\x1f');
    };
    field(ruleKindName(rule.kind));
    field(rule.scope.method);
    for (const auto& e : rule.scope.endpoints) field(e);
    field("|");
    switch (rule.kind) {
    case RuleKind::IgnorePath: field(rule.path); break;
    case RuleKind::NumericTolerance:
        field(rule.path);
        field(number(rule.absolute));
        field(number(rule.relative));
        break;
    case RuleKind::UnorderedArray:
        field(rule.path);
        field(rule.key);
        break;
    case RuleKind::NormalizeValue:
        field(rule.path);
        field(rule.pattern);
        field(rule.replacement);
        break;
    case RuleKind::IgnoreHeader:
        field(rule.header);
        field(rule.presence_only ? "presence" : "ignore");
        break;
    case RuleKind::StatusEquivalence:
        field(std::to_string(rule.primary_status));
        field(std::to_string(rule.candidate_status));
        break;
    case RuleKind::TextNormalization:
        field(rule.trim ? "trim" : "");
        field(rule.case_fold ? "case_fold" : "");
        field(rule.collapse_whitespace ? "collapse_whitespace" : "");
        break;
    case RuleKind::NullEqualsMissing:
    case RuleKind::EmptyEqualsNull:
    case RuleKind::SameInstant: field(rule.path); break;
    case RuleKind::UrlHost:
        field(rule.path);
        field(rule.from);
        field(rule.to);
        break;
    case RuleKind::HeaderParameter:
        field(rule.header);
        field(rule.parameter);
        break;
    case RuleKind::Ranking:
        field(rule.path);
        field(rule.key);
        field(std::to_string(rule.top_k));
        field(number(rule.min_overlap));
        field(number(rule.min_kendall_tau));
        field(number(rule.min_rbo));
        break;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "r-%08llx", static_cast<unsigned long long>(fnv1a(s) >> 32));
    return buf;
}

bool isValidDate(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return false;
    const int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    const int m = (s[5] - '0') * 10 + (s[6] - '0');
    const int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    const int max = (m == 2 && leap) ? 29 : kDays[m - 1];
    return d <= max;
}

bool isExpired(const Rule& rule, std::string_view today) {
    // ISO dates order lexicographically.
    return !rule.expires.empty() && std::string_view(rule.expires) < today;
}

std::string todayDate() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

std::string describeScope(const RuleScope& scope) {
    if (scope.all()) return "*";
    std::string out = scope.method;
    if (scope.endpoints.empty()) {
        out += out.empty() ? "*" : " *";
        return out;
    }
    for (size_t i = 0; i < scope.endpoints.size(); ++i) {
        if (i) out += ",";
        if (!out.empty() && out.back() != ',') out += " ";
        out += scope.endpoints[i];
    }
    return out;
}

std::string describeRule(const Rule& rule) {
    std::string out = rule.id.empty() ? generateRuleId(rule) : rule.id;
    out += " ";
    out += ruleKindName(rule.kind);
    out += " ";
    switch (rule.kind) {
    case RuleKind::IgnorePath: out += rule.path.empty() ? "\"\"" : rule.path; break;
    case RuleKind::NumericTolerance:
        out += rule.path;
        if (rule.absolute > 0) out += " abs " + shortNumber(rule.absolute);
        if (rule.relative > 0) out += " rel " + shortNumber(rule.relative);
        break;
    case RuleKind::UnorderedArray:
        out += rule.path;
        out += rule.key.empty() ? " (multiset)" : " keyed by " + rule.key;
        break;
    case RuleKind::NormalizeValue: out += rule.path + " s/" + rule.pattern + "/" + rule.replacement + "/"; break;
    case RuleKind::IgnoreHeader: out += rule.header + (rule.presence_only ? " (presence only)" : ""); break;
    case RuleKind::StatusEquivalence:
        out += std::to_string(rule.primary_status) + " = " + std::to_string(rule.candidate_status);
        break;
    case RuleKind::TextNormalization: {
        std::string f;
        if (rule.trim) f += "trim";
        if (rule.case_fold) f += std::string(f.empty() ? "" : "+") + "case_fold";
        if (rule.collapse_whitespace) f += std::string(f.empty() ? "" : "+") + "collapse_whitespace";
        out += f;
        break;
    }
    case RuleKind::NullEqualsMissing:
    case RuleKind::EmptyEqualsNull:
    case RuleKind::SameInstant: out += rule.path.empty() ? "\"\"" : rule.path; break;
    case RuleKind::UrlHost:
        out += rule.path + " " + (rule.from.empty() ? "(relative)" : rule.from) + " -> " + rule.to;
        break;
    case RuleKind::HeaderParameter: out += rule.header + " ;" + rule.parameter; break;
    case RuleKind::Ranking: {
        out += rule.path + " by " + (rule.key.empty() ? "value" : rule.key);
        if (rule.min_overlap > 0)
            out += " overlap@" + (rule.top_k ? std::to_string(rule.top_k) : std::string("all")) +
                   ">=" + shortNumber(rule.min_overlap);
        if (rule.min_kendall_tau > 0) out += " tau>=" + shortNumber(rule.min_kendall_tau);
        if (rule.min_rbo > 0) out += " rbo>=" + shortNumber(rule.min_rbo);
        break;
    }
    }
    out += " on " + describeScope(rule.scope);
    if (!rule.enabled) out += " [disabled]";
    return out;
}

}  // namespace dt
