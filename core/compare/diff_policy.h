// SPDX-License-Identifier: MIT
#pragma once
// The hook through which allowed rules (rules.h) take part in a comparison.
//
// The diff engine (compare.h) asks the policy only where it has found a difference (or, for
// unordered arrays, where two arrays are not element-wise equal), so a policy costs nothing on
// records that match. A policy is bound to one record's endpoint template and method.
// Every answer that absorbs something carries the id of the rule that did it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/compare/difference.h"

namespace dt {

struct NumericTolerance {
    double absolute = 0;  // |a-b| <= absolute  -> equal   (0 = not used)
    double relative = 0;  // |a-b| <= relative * max(|a|,|b|) -> equal (0 = not used)
    std::string rule_id;
};

struct UnorderedArray {
    std::string key;  // empty: compare as multiset; else match elements by this member ("sku")
    std::string rule_id;
};

struct HeaderRule {
    bool presence_only = false;  // false: ignore the header entirely; true: compare presence only
    std::string rule_id;
};

struct RankingRule {
    std::string key;                                           // member identifying an element ("" = the whole element)
    int top_k = 0;                                             // 0 = whole list
    double min_overlap = 0, min_kendall_tau = 0, min_rbo = 0;  // 0 = unused
    std::string rule_id;
};

struct TextNormalization {
    bool trim = false;
    bool case_fold = false;
    bool collapse_whitespace = false;
    std::string rule_id;
};

class DiffPolicy {
public:
    virtual ~DiffPolicy() = default;
    // Body paths: `path` is the concrete RFC 6901 pointer, `generalized` has array indices as "*".
    // A difference at or below an ignored path is absorbed.
    virtual std::optional<std::string> ignoredPath(std::string_view path, std::string_view generalized) const {
        (void)path;
        (void)generalized;
        return std::nullopt;
    }
    virtual std::optional<NumericTolerance> tolerance(std::string_view path, std::string_view generalized) const {
        (void)path;
        (void)generalized;
        return std::nullopt;
    }
    virtual std::optional<UnorderedArray> unordered(std::string_view path, std::string_view generalized) const {
        (void)path;
        (void)generalized;
        return std::nullopt;
    }
    // Applies the value normalizations that match this path to a string value (both sides are
    // passed through it before comparing). Returns the rule id when something matched.
    virtual std::optional<std::string> normalize(std::string_view path, std::string_view generalized,
                                                 std::string& value) const {
        (void)path;
        (void)generalized;
        (void)value;
        return std::nullopt;
    }
    virtual std::optional<HeaderRule> header(std::string_view lowercaseName) const {
        (void)lowercaseName;
        return std::nullopt;
    }
    // Returns the rule id when primary status `p` is declared equivalent to candidate status `c`.
    virtual std::optional<std::string> statusEquivalent(int p, int c) const {
        (void)p;
        (void)c;
        return std::nullopt;
    }
    virtual std::optional<TextNormalization> text() const { return std::nullopt; }
    // Precise class rules (null_equals_missing, empty_equals_null, same_instant, url_host,
    // header_parameter): the rule id when a difference of exactly this class (and parameter) at
    // this path (header name for headers) is accepted.
    virtual std::optional<std::string> acceptClass(DiffKind kind, std::string_view path, std::string_view generalized,
                                                   ValueClass cls, std::string_view param) const {
        (void)kind;
        (void)path;
        (void)generalized;
        (void)cls;
        (void)param;
        return std::nullopt;
    }
    virtual std::optional<RankingRule> ranking(std::string_view path, std::string_view generalized) const {
        (void)path;
        (void)generalized;
        return std::nullopt;
    }
};

}  // namespace dt
