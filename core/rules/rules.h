// SPDX-License-Identifier: MIT
#pragma once
// Allowed comparator rules: the model.
//
// A rule records a triage decision ("this difference is acceptable") so that the production
// comparator and `difftriage-cli check` can apply it. Every rule has a kind (what it absorbs), a
// scope (which endpoints), kind parameters and metadata (why, who, until when). The config file
// format is in rules_io.h and docs/rules.md; matching and the DiffPolicy are in rules_match.h.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dt {

enum class RuleKind : uint8_t {
    IgnorePath,         // a body path (pointer pattern) and everything below it
    NumericTolerance,   // numbers at a path equal within absolute and/or relative tolerance
    UnorderedArray,     // an array at a path compares as a multiset, or keyed by a member
    NormalizeValue,     // regex replace on string values at a path, on both sides
    IgnoreHeader,       // a header (name glob) is ignored, or only its presence compared
    StatusEquivalence,  // primary status P is equivalent to candidate status C
    TextNormalization,  // non-JSON text bodies: trim, case-fold, collapse whitespace
    // Precise kinds (issue 9): each absorbs exactly one value-change class (value_class.h) at a
    // path pattern, never a real value change at the same path.
    NullEqualsMissing,  // null on one side, member absent on the other (null_vs_missing)
    EmptyEqualsNull,    // [] / {} / "" vs null or absent (empty_vs_null)
    SameInstant,        // timestamps compare as instants: other spellings of the same instant (same_instant)
    UrlHost,            // the same URL on another origin, from -> to (url_host)
    HeaderParameter,    // one parameter of a header value added / dropped / changed (parameter_only)
    Ranking,            // an array compared as a ranking by key, absorbed while the measures stay above thresholds
};
constexpr int kRuleKindCount = 13;

// "ignore_path", "numeric_tolerance", "unordered_array", "normalize_value", "ignore_header",
// "status_equivalence", "text_normalization", "null_equals_missing", "empty_equals_null",
// "same_instant", "url_host", "header_parameter", "ranking".
std::string_view ruleKindName(RuleKind k);
std::optional<RuleKind> ruleKindFromName(std::string_view name);

// Which endpoints a rule applies to. An endpoint template is "METHOD /path/{id}"; the globs match
// its path part segment by segment: "*" is one segment, "**" any number of segments (also none),
// a "*" inside a segment any characters of that segment ("/v*/users"), anything else literally
// ("{id}" matches the template segment "{id}").
struct RuleScope {
    std::vector<std::string> endpoints;  // path globs; empty = every endpoint
    std::string method;                  // uppercase; "" = every method
    bool all() const { return endpoints.empty() && method.empty(); }
    bool operator==(const RuleScope&) const = default;
};

struct Rule {
    std::string id;  // stable; "r-" + 8 hex digits (generateRuleId) when created without one
    RuleKind kind = RuleKind::IgnorePath;
    RuleScope scope;

    // --- kind parameters (only those of `kind` are meaningful; the others stay default) ---
    std::string path;            // pointer pattern: ignore_path, numeric_tolerance, unordered_array, normalize_value
    double absolute = 0;         // numeric_tolerance: |a-b| <= absolute (0 = unused)
    double relative = 0;         // numeric_tolerance: |a-b| <= relative * max(|a|,|b|) (0 = unused)
    std::string key;             // unordered_array: member matching elements ("" = multiset)
    std::string pattern;         // normalize_value: RE2 regex
    std::string replacement;     // normalize_value: RE2 rewrite (\\1, \\0 ...)
    std::string header;          // ignore_header: lowercase header name, may contain '*'
    bool presence_only = false;  // ignore_header: compare only presence
    int primary_status = 0;      // status_equivalence
    int candidate_status = 0;
    bool trim = false;  // text_normalization
    bool case_fold = false;
    bool collapse_whitespace = false;
    std::string from;            // url_host: origin on the primary ("https://old.example"; "" = relative)
    std::string to;              // url_host: origin on the candidate
    std::string parameter;       // header_parameter: lowercase parameter name ("charset")
    int top_k = 0;               // ranking: depth of the top-K overlap (0 = whole list)
    double min_overlap = 0;      // ranking: top-K overlap >= this (0 = unused)
    double min_kendall_tau = 0;  // ranking: Kendall tau-b of the common items >= this (0 = unused)
    double min_rbo = 0;          // ranking: rank-biased overlap (p = 0.9) >= this (0 = unused)

    // --- metadata ---
    std::string title;
    std::string reason;  // required, non-empty: why the difference is acceptable
    std::string author;
    std::string created;                  // YYYY-MM-DD
    std::string ticket;                   // ticket id or link
    std::vector<std::string> sample_ids;  // records the rule was made from
    std::string expires;                  // YYYY-MM-DD, optional
    std::string remove_when;              // removal trigger in words ("when PAY-123 ships")
    bool enabled = true;

    bool operator==(const Rule&) const = default;
};

// 2: normalize_value regexes use RE2 syntax (linear time; replacements "\\1"). Files of version 1
// (ECMAScript regexes, "$1") load and are converted, with a notice.
constexpr int kRulesFormatVersion = 2;

struct RuleConfig {
    int version = kRulesFormatVersion;
    std::vector<Rule> rules;
    std::vector<std::string> notices;  // not saved: what loading changed ("converted from version 1 ...")
    bool operator==(const RuleConfig&) const = default;
};

// Stable id from what the rule does (kind, scope, parameters), not from its metadata:
// "r-" + the first 8 hex digits of a 64-bit FNV-1a hash. The same rule always gets the same id.
std::string generateRuleId(const Rule& rule);

// True when the rule has an expiry date and it lies before `today` (both YYYY-MM-DD).
bool isExpired(const Rule& rule, std::string_view today);
// Today's date in UTC, YYYY-MM-DD.
std::string todayDate();
// True for a real calendar date written YYYY-MM-DD.
bool isValidDate(std::string_view s);

// One line for listings: "r-1a2b3c4d ignore_path /items/*/discount on GET /products/*".
std::string describeRule(const Rule& rule);
// The scope as text: "*" or "GET /users/*, /orders/**".
std::string describeScope(const RuleScope& scope);

}  // namespace dt
