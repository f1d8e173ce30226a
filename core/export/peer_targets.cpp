// SPDX-License-Identifier: MIT
// What each rule kind becomes in Keploy, diferencia and jd (see peer_export.h for the statuses).
#include <algorithm>
#include <set>

#include "core/export/peer_plan.h"
#include "core/rules/rules_match.h"

namespace dt::peer {

namespace {

using nlohmann::json;

std::string keployKey(const StoreShapes::Node& n, bool* dotted) {
    std::string key;
    const auto segs = pointerSegments(n.pointer);
    for (size_t i = 0; i < segs.size(); ++i) {
        if (i < n.index.size() && n.index[i]) continue;
        if (segs[i].find('.') != std::string::npos) *dotted = true;
        key += (key.empty() ? "" : ".") + segs[i];
    }
    return key;
}

json jdPath(const StoreShapes::Node& n) {
    json path = json::array();
    const auto segs = pointerSegments(n.pointer);
    for (size_t i = 0; i < segs.size(); ++i) {
        if (i < n.index.size() && n.index[i])
            path.push_back(std::stoll(segs[i].substr(0, 18)));
        else
            path.push_back(segs[i]);
    }
    return path;
}

// Body keys Keploy would use for a path pattern. `regex`: nullopt ignores the field.
void keployFields(const std::string& pattern, const std::optional<std::string>& regex, const PeerExportOptions& options,
                  Plan& plan) {
    if (pattern.empty()) {
        if (regex)
            plan.worsen(ExportStatus::Broader,
                        "Keploy cannot apply a value pattern to the whole body: it ignores all of it");
        plan.keploy_whole_body = true;
        return;
    }
    const auto segs = pointerSegments(pattern);
    std::vector<StoreShapes::Node> nodes;
    if (options.shapes) {
        auto r = resolvePattern(pattern, options, plan);
        if (!r) return;
        nodes = r->nodes;
        // Index-free keys cover every array index natively; anything else was expanded to what the
        // store holds, and names not seen there stay compared.
        bool expanded = std::find(segs.begin(), segs.end(), "**") != segs.end();
        for (const auto& n : nodes)
            for (size_t i = 0; i < segs.size() && !expanded; ++i)
                if (segs[i] == "*" && i < n.index.size() && !n.index[i]) expanded = true;
        if (expanded)
            plan.worsen(ExportStatus::Narrower,
                        "wildcards over object keys expanded to the " + std::to_string(nodes.size()) +
                            " path(s) seen in the store; keys not seen there are still compared");
        if (r->assumed_indices)
            plan.note("numeric segments taken as array indices (the store has no such pointer to tell)");
    } else {
        if (std::find(segs.begin(), segs.end(), "**") != segs.end()) {
            plan.worsen(ExportStatus::Omitted,
                        "'**' has no Keploy equivalent: give --store STORE to expand it to the paths seen there");
            return;
        }
        StoreShapes::Node n{pattern, {}};
        bool star = false;
        for (const auto& s : segs) {
            const bool digits =
                !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
            n.index.push_back(digits || s == "*");
            star = star || s == "*";
        }
        if (star)
            plan.note(
                "'*' taken as array indices, which Keploy keys leave out (give --store to check; were it object keys, "
                "Keploy would not ignore them)");
        nodes.push_back(std::move(n));
    }
    std::string why;
    auto compiled = PointerPattern::compile(pattern, &why);
    std::set<std::string> keys;
    for (const auto& n : nodes) {
        bool dotted = false;
        const std::string key = keployKey(n, &dotted);
        if (key.empty()) {
            plan.worsen(ExportStatus::Omitted,
                        "Keploy body keys cannot name " + n.pointer + " (an element of a top-level array)");
            return;
        }
        if (dotted)
            plan.worsen(ExportStatus::Broader, "Keploy reads '" + key +
                                                   "' as a dotted path: it also matches the nested fields "
                                                   "that spelling names");
        keys.insert(key);
    }
    // Over-match: other pointers the same index-free key stands for.
    for (const auto& key : keys) {
        if (options.shapes && compiled) {
            for (const auto& n : options.shapes->nodes) {
                bool dotted = false;
                if (keployKey(n, &dotted) == key && !compiled->matchesAtOrAbove(n.pointer)) {
                    plan.worsen(ExportStatus::Broader, "Keploy key '" + key + "' also matches " + n.pointer +
                                                           ", which " + pattern + " does not");
                    break;
                }
            }
        } else {
            for (size_t i = 0; i < segs.size(); ++i) {
                const auto& s = segs[i];
                if (!s.empty() && s != "*" &&
                    std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                    std::string parent;
                    for (size_t k = 0; k < i; ++k) parent += "/" + segs[k];
                    plan.worsen(ExportStatus::Broader, "Keploy key '" + key +
                                                           "' has no array index: it also matches every other "
                                                           "element of " +
                                                           (parent.empty() ? std::string("the body") : parent) +
                                                           ", not only element " + s);
                    break;
                }
            }
        }
        plan.keploy_body.push_back({key, regex});
    }
}

std::string rulePath(const Rule& r) { return r.path.empty() ? std::string("the whole body") : r.path; }

// What a precise rule kind (issue 9) accepts, for the reason of an over-match: peers can only ignore
// the value, so each becomes broader than the rule.
std::string preciseWhat(const Rule& r) {
    switch (r.kind) {
    case RuleKind::NullEqualsMissing: return "null vs a missing member";
    case RuleKind::EmptyEqualsNull: return "an empty value vs null or missing";
    case RuleKind::SameInstant: return "two spellings of the same instant (a real shift stays a difference)";
    case RuleKind::UrlHost: return "the same URL on " + r.to + " instead of " + r.from;
    case RuleKind::HeaderParameter: return "a change of the '" + r.parameter + "' parameter only";
    case RuleKind::Ranking: return "ranking changes while the ranking measures stay above their thresholds";
    default: return "what the rule accepts";
    }
}

bool anchoredWhole(const std::string& pattern) {
    return pattern.size() >= 2 && pattern.front() == '^' && pattern.back() == '$' &&
           pattern[pattern.size() - 2] != '\\';
}

// Concrete pointers for diferencia / jd, which have no wildcards.
std::optional<Resolved> concrete(const Rule& rule, const PeerExportOptions& options, Plan& plan) {
    auto r = resolvePattern(rule.path, options, plan);
    if (!r) return r;
    const auto segs = pointerSegments(rule.path);
    if (std::any_of(segs.begin(), segs.end(), [](const std::string& s) { return s == "*" || s == "**"; }))
        plan.worsen(ExportStatus::Narrower,
                    "wildcards expanded to the " + std::to_string(r->nodes.size()) +
                        " pointer(s) seen in the store; indices and keys not seen there are still compared");
    return r;
}

}  // namespace

Plan planKeploy(const Rule& rule, const PeerExportOptions& options) {
    Plan plan;
    switch (rule.kind) {
    case RuleKind::IgnorePath: keployFields(rule.path, std::nullopt, options, plan); break;
    case RuleKind::NumericTolerance:
        plan.worsen(ExportStatus::Broader, "Keploy has no numeric tolerance: it ignores every change of " +
                                               rulePath(rule) + ", not only those within the tolerance");
        keployFields(rule.path, std::nullopt, options, plan);
        break;
    case RuleKind::UnorderedArray:
        plan.worsen(ExportStatus::Broader,
                    "Keploy orders arrays only globally: test.ignoreOrdering ignores the order of every "
                    "array, not only " +
                        rulePath(rule) + (rule.key.empty() ? std::string() : " (keyed by '" + rule.key + "')"));
        plan.keploy_ignore_ordering = true;
        break;
    case RuleKind::NormalizeValue:
        plan.worsen(
            ExportStatus::Broader,
            anchoredWhole(rule.pattern)
                ? "Keploy ignores the field when the recorded value matches the regex; difftriage rewrites both values "
                  "and still compares them"
                : "Keploy ignores the whole value when the regex matches anywhere in it; difftriage only rewrites the "
                  "matched part and compares the rest");
        keployFields(rule.path, rule.pattern, options, plan);
        break;
    case RuleKind::IgnoreHeader: {
        auto names = resolveHeader(rule, options, plan);
        if (!names) break;
        if (rule.presence_only)
            plan.worsen(ExportStatus::Broader, "Keploy ignores the header entirely, also when only one side sends it");
        for (const auto& n : *names) plan.keploy_headers.push_back(canonicalHeader(n));
        break;
    }
    case RuleKind::StatusEquivalence:
        plan.worsen(ExportStatus::Omitted, "Keploy has no status equivalence: it always compares status codes");
        break;
    case RuleKind::TextNormalization:
        plan.worsen(ExportStatus::Omitted, "Keploy has no text normalization for non-JSON bodies");
        break;
    case RuleKind::NullEqualsMissing:
    case RuleKind::EmptyEqualsNull:
    case RuleKind::SameInstant:
    case RuleKind::UrlHost:
        plan.worsen(ExportStatus::Broader, "Keploy can only ignore " + rulePath(rule) +
                                               " entirely: every change is hidden, not only " + preciseWhat(rule));
        keployFields(rule.path, std::nullopt, options, plan);
        break;
    case RuleKind::HeaderParameter: {
        auto names = resolveHeader(rule, options, plan);
        if (!names) break;
        plan.worsen(ExportStatus::Broader, "Keploy ignores the whole header, not only " + preciseWhat(rule));
        for (const auto& n : *names) plan.keploy_headers.push_back(canonicalHeader(n));
        break;
    }
    case RuleKind::Ranking:
        plan.worsen(ExportStatus::Broader,
                    "Keploy orders arrays only globally: test.ignoreOrdering ignores the order of every array, "
                    "not only " +
                        preciseWhat(rule) + " at " + rulePath(rule));
        plan.keploy_ignore_ordering = true;
        break;
    }
    return plan;
}

Plan planDiferencia(const Rule& rule, const PeerExportOptions& options) {
    Plan plan;
    auto pointersOf = [&](const char* broaderWhy) {
        if (rule.path.empty()) {
            plan.worsen(ExportStatus::Omitted, "diferencia's ignore file cannot name the whole body");
            return;
        }
        if (broaderWhy) plan.worsen(ExportStatus::Broader, broaderWhy);
        auto r = concrete(rule, options, plan);
        if (!r) return;
        if (r->assumed_indices)
            plan.note("numeric segments kept as written (diferencia pointers do not tell indices from keys)");
        for (const auto& n : r->nodes) plan.pointers.push_back(n.pointer);
    };
    switch (rule.kind) {
    case RuleKind::IgnorePath: pointersOf(nullptr); break;
    case RuleKind::NumericTolerance:
        pointersOf("diferencia has no numeric tolerance: the value is ignored entirely, not only within the tolerance");
        break;
    case RuleKind::UnorderedArray:
        pointersOf("diferencia has no order-insensitive arrays: the whole array is ignored, not only its order");
        break;
    case RuleKind::NormalizeValue:
        pointersOf("diferencia has no value normalization: the value is ignored entirely");
        break;
    case RuleKind::IgnoreHeader: {
        auto names = resolveHeader(rule, options, plan);
        if (!names) break;
        if (!rule.presence_only)
            plan.worsen(ExportStatus::Narrower,
                        "diferencia's --ignoreHeadersValues ignores the value only: a header one side "
                        "does not send is still reported");
        for (const auto& n : *names) plan.headers.push_back(canonicalHeader(n));
        break;
    }
    case RuleKind::StatusEquivalence:
        plan.worsen(ExportStatus::Omitted, "diferencia has no status equivalence: it always compares status codes");
        break;
    case RuleKind::TextNormalization: plan.worsen(ExportStatus::Omitted, "diferencia has no text normalization"); break;
    case RuleKind::NullEqualsMissing:
    case RuleKind::EmptyEqualsNull:
    case RuleKind::SameInstant:
    case RuleKind::UrlHost:
    case RuleKind::Ranking: {
        const std::string why = "diferencia can only ignore the value entirely: every change of " + rulePath(rule) +
                                " is hidden, not only " + preciseWhat(rule);
        pointersOf(why.c_str());
        break;
    }
    case RuleKind::HeaderParameter: {
        auto names = resolveHeader(rule, options, plan);
        if (!names) break;
        plan.worsen(ExportStatus::Broader, "diferencia ignores the whole header value, not only " + preciseWhat(rule));
        for (const auto& n : *names) plan.headers.push_back(canonicalHeader(n));
        break;
    }
    }
    return plan;
}

Plan planJd(const Rule& rule, const PeerExportOptions& options) {
    Plan plan;
    auto add = [&](const json& option, const char* broaderWhy) {
        if (broaderWhy) plan.worsen(ExportStatus::Broader, broaderWhy);
        if (rule.path.empty()) {
            plan.jd.emplace_back(json::array(), option);
            return;
        }
        auto r = concrete(rule, options, plan);
        if (!r) return;
        if (r->assumed_indices) plan.note("numeric segments written as array indices (jd tells them from object keys)");
        for (const auto& n : r->nodes) plan.jd.emplace_back(jdPath(n), option);
    };
    switch (rule.kind) {
    case RuleKind::IgnorePath: add("DIFF_OFF", nullptr); break;
    case RuleKind::NumericTolerance:
        if (rule.absolute > 0) {
            if (rule.relative > 0)
                plan.worsen(ExportStatus::Narrower, "jd's precision is absolute only: the relative tolerance (" +
                                                        std::to_string(rule.relative) + ") is not exported");
            add(json{{"precision", rule.absolute}}, nullptr);
        } else {
            add("DIFF_OFF",
                "jd's precision is absolute only: a relative tolerance becomes DIFF_OFF, which ignores every "
                "change of the value");
        }
        break;
    case RuleKind::UnorderedArray:
        if (rule.key.empty())
            add("MULTISET", nullptr);
        else {
            add("MULTISET", nullptr);
            if (plan.status != ExportStatus::Omitted)
                for (auto& e : std::vector<std::pair<json, json>>(plan.jd))
                    plan.jd.emplace_back(e.first, json{{"setkeys", json::array({rule.key})}});
        }
        break;
    case RuleKind::NormalizeValue:
        add("DIFF_OFF", "jd has no value normalization: DIFF_OFF ignores every change of the value");
        break;
    case RuleKind::IgnoreHeader:
        plan.worsen(ExportStatus::Omitted, "jd compares JSON documents: it has no headers");
        break;
    case RuleKind::StatusEquivalence:
        plan.worsen(ExportStatus::Omitted, "jd compares JSON documents: it has no status codes");
        break;
    case RuleKind::TextNormalization:
        plan.worsen(ExportStatus::Omitted, "jd compares JSON documents only, not text bodies");
        break;
    case RuleKind::NullEqualsMissing:
    case RuleKind::EmptyEqualsNull:
    case RuleKind::SameInstant:
    case RuleKind::UrlHost: {
        const std::string why = "jd has no such comparison: DIFF_OFF ignores every change of " + rulePath(rule) +
                                ", not only " + preciseWhat(rule);
        add("DIFF_OFF", why.c_str());
        break;
    }
    case RuleKind::Ranking: {
        const std::string why = "jd's MULTISET ignores the order entirely, not only " + preciseWhat(rule);
        add("MULTISET", why.c_str());
        break;
    }
    case RuleKind::HeaderParameter:
        plan.worsen(ExportStatus::Omitted, "jd compares JSON documents: it has no headers");
        break;
    }
    return plan;
}

}  // namespace dt::peer
