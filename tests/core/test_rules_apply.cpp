// SPDX-License-Identifier: MIT
// Every rule kind through the real diff engine: a RuleSet's policy absorbs exactly what it should,
// attributes it to the rule, and leaves the rest (partial absorption).
#include "core_test_util.h"
#include <gtest/gtest.h>

#include <algorithm>

#include "core/compare/compare.h"
#include "core/rules/rules_io.h"
#include "core/rules/rules_match.h"

namespace dt {
namespace {

using dt::test::resp;

std::shared_ptr<const RuleSet> rules(const std::string& rulesJson) {
    std::vector<RuleError> errors;
    auto cfg = parseRulesConfig(R"({"version": 1, "rules": [)" + rulesJson + "]}", &errors);
    EXPECT_TRUE(cfg) << formatRuleErrors("inline", errors);
    if (!cfg) return nullptr;
    std::vector<std::string> problems;
    auto set = RuleSet::build(*cfg, &problems);
    EXPECT_TRUE(set);
    return set;
}

std::string rule(const std::string& id, const std::string& kind, const std::string& params,
                 const std::string& scope = "\"*\"") {
    return R"({"id": ")" + id + R"(", "kind": ")" + kind + R"(", "scope": )" + scope + ", " + params +
           R"(, "reason": "test", "remove_when": "never"})";
}

std::vector<std::string> paths(const std::vector<Difference>& diffs) {
    std::vector<std::string> out;
    for (const auto& d : diffs)
        out.push_back(d.path + " " + std::string(kindName(d.kind)) + (d.rule_id.empty() ? "" : " @" + d.rule_id));
    return out;
}

using V = std::vector<std::string>;

CompareResult run(const RuleSet& set, const std::string& endpoint, const Response& p, const Response& c) {
    Comparer comparer;
    auto policy = set.policyFor(endpoint);
    return comparer.compare(p, c, policy.get());
}

TEST(RulesApply, IgnorePathAbsorbsAtAndBelowAndLeavesTheRest) {
    auto set = rules(rule("r-ign", "ignore_path", R"("path": "/items/*/discount")"));
    const auto p = resp(200, R"({"items":[{"sku":"a","discount":{"pct":5}},{"sku":"b","discount":1}],"name":"X"})");
    const auto c = resp(200, R"({"items":[{"sku":"a","discount":{"pct":6}},{"sku":"b"}],"name":"Y"})");
    auto r = run(*set, "GET /p", p, c);
    EXPECT_EQ(paths(r.differences), (V{"/name changed"}));  // partial: /name remains
    EXPECT_EQ(paths(r.absorbed), (V{"/items/0/discount/pct changed @r-ign", "/items/1/discount missing @r-ign"}));
    // Without the rule everything remains.
    Comparer comparer;
    EXPECT_EQ(comparer.compare(p, c, nullptr).differences.size(), 3u);
}

TEST(RulesApply, WildcardsDeepAndEscapedKeys) {
    auto set = rules(rule("r-deep", "ignore_path", R"("path": "/**/generated_at")") + "," +
                     rule("r-esc", "ignore_path", R"("path": "/meta/a~1b/m~0n")"));
    const auto p = resp(200, R"({"generated_at":1,"x":{"y":[{"generated_at":2}]},"meta":{"a/b":{"m~n":1,"k":1}}})");
    const auto c = resp(200, R"({"generated_at":3,"x":{"y":[{"generated_at":4}]},"meta":{"a/b":{"m~n":2,"k":2}}})");
    auto r = run(*set, "GET /p", p, c);
    EXPECT_EQ(paths(r.differences), (V{"/meta/a~1b/k changed"}));
    EXPECT_EQ(r.absorbed.size(), 3u);
}

TEST(RulesApply, NumericToleranceAbsoluteAndRelative) {
    auto set = rules(rule("r-abs", "numeric_tolerance", R"("path": "/balance", "absolute": 2e-9)") + "," +
                     rule("r-rel", "numeric_tolerance", R"("path": "/big", "relative": 1e-6)"));
    auto r = run(*set, "GET /u", resp(200, R"({"balance":1234.56,"big":1000000})"),
                 resp(200, R"({"balance":1234.560000001,"big":1000000.5})"));
    EXPECT_TRUE(r.differences.empty()) << paths(r.differences).front();
    EXPECT_EQ(paths(r.absorbed), (V{"/balance changed @r-abs", "/big changed @r-rel"}));
    r = run(*set, "GET /u", resp(200, R"({"balance":1234.56,"big":1000000})"),
            resp(200, R"({"balance":1234.57,"big":1000002})"));
    EXPECT_EQ(paths(r.differences), (V{"/balance changed", "/big changed"}));
}

TEST(RulesApply, UnorderedMultisetAndKeyed) {
    auto set = rules(rule("r-ms", "unordered_array", R"("path": "/topics")") + "," +
                     rule("r-key", "unordered_array", R"("path": "/items", "key": "sku")"));
    auto r = run(*set, "GET /r", resp(200, R"({"topics":["a","b","c"]})"), resp(200, R"({"topics":["b","c","a"]})"));
    EXPECT_TRUE(r.differences.empty());
    EXPECT_EQ(paths(r.absorbed), (V{"/topics array_order @r-ms"}));
    // Multiset: a different element is still a difference.
    r = run(*set, "GET /r", resp(200, R"({"topics":["a","b","c"]})"), resp(200, R"({"topics":["b","c","d"]})"));
    EXPECT_FALSE(r.differences.empty());
    // Keyed: reordered, and one element really changed -> only that remains, at its primary index.
    r = run(*set, "GET /r", resp(200, R"({"items":[{"sku":"a","q":1},{"sku":"b","q":2}]})"),
            resp(200, R"({"items":[{"sku":"b","q":3},{"sku":"a","q":1}]})"));
    ASSERT_EQ(r.differences.size(), 1u) << paths(r.differences).front();
    EXPECT_EQ(r.differences[0].generalized, "/items/*/q");
    EXPECT_EQ(r.differences[0].kind, DiffKind::Changed);
}

TEST(RulesApply, NormalizeValueOnBothSides) {
    auto set = rules(rule(
        "r-ts", "normalize_value",
        R"("path": "/updated_at", "pattern": "^(\\d{4}-\\d{2}-\\d{2})T(\\d{2}:\\d{2}:\\d{2})(?:\\.0+)?Z$", "replacement": "$1T$2Z")"));
    auto r = run(*set, "GET /o", resp(200, R"({"updated_at":"2026-01-01T10:00:00Z"})"),
                 resp(200, R"({"updated_at":"2026-01-01T10:00:00.000Z"})"));
    EXPECT_TRUE(r.differences.empty());
    EXPECT_EQ(paths(r.absorbed), (V{"/updated_at changed @r-ts"}));
    // A different instant stays a difference.
    r = run(*set, "GET /o", resp(200, R"({"updated_at":"2026-01-01T10:00:00Z"})"),
            resp(200, R"({"updated_at":"2026-01-01T10:00:01.000Z"})"));
    EXPECT_EQ(paths(r.differences), (V{"/updated_at changed"}));
}

TEST(RulesApply, IgnoreHeaderAndPresenceOnly) {
    auto set = rules(rule("r-cc", "ignore_header", R"("header": "cache-control")") + "," +
                     rule("r-ver", "ignore_header", R"("header": "x-api-version", "presence_only": true)"));
    const Headers ph = {{"Cache-Control", "max-age=60"}, {"X-Api-Version", "1"}};
    auto r = run(*set, "GET /p", resp(200, "{}", ph),
                 resp(200, "{}", {{"cache-control", "no-store"}, {"x-api-version", "2"}}));
    EXPECT_TRUE(r.differences.empty()) << paths(r.differences).front();
    EXPECT_EQ(r.absorbed.size(), 2u);
    // Presence only: a missing header is still a difference.
    r = run(*set, "GET /p", resp(200, "{}", ph), resp(200, "{}", {{"cache-control", "no-store"}}));
    EXPECT_EQ(paths(r.differences), (V{"x-api-version header"}));
}

TEST(RulesApply, StatusEquivalenceIsDirectedAndMethodScoped) {
    auto set = rules(rule("r-201", "status_equivalence", R"("primary": 201, "candidate": 200)",
                          R"({"method": "POST", "endpoints": ["/users"]})"));
    auto r = run(*set, "POST /users", resp(201, R"({"id":1})"), resp(200, R"({"id":1})"));
    EXPECT_TRUE(r.differences.empty());
    EXPECT_EQ(paths(r.absorbed), (V{" status @r-201"}));
    // Once the status is absorbed the bodies are compared: a body difference appears.
    r = run(*set, "POST /users", resp(201, R"({"id":1})"), resp(200, R"({"id":2})"));
    EXPECT_EQ(paths(r.differences), (V{"/id changed"}));
    // Wrong direction, wrong method, wrong endpoint: not absorbed.
    EXPECT_EQ(run(*set, "POST /users", resp(200, "{}"), resp(201, "{}")).differences.size(), 1u);
    EXPECT_EQ(run(*set, "PUT /users", resp(201, "{}"), resp(200, "{}")).differences.size(), 1u);
    EXPECT_EQ(run(*set, "POST /users/{id}", resp(201, "{}"), resp(200, "{}")).differences.size(), 1u);
}

TEST(RulesApply, TextNormalization) {
    auto set =
        rules(rule("r-txt", "text_normalization", R"("trim": true, "case_fold": true, "collapse_whitespace": true)",
                   R"({"endpoints": ["/pages/**"]})"));
    auto r = run(*set, "GET /pages/{id}", resp(200, "  Hello   World\n"), resp(200, "hello world"));
    EXPECT_TRUE(r.differences.empty()) << paths(r.differences).front();
    ASSERT_EQ(r.absorbed.size(), 1u);
    EXPECT_EQ(r.absorbed[0].rule_id, "r-txt");
    // Real text differences remain; other endpoints are not normalized.
    EXPECT_EQ(run(*set, "GET /pages/{id}", resp(200, "Hello World"), resp(200, "Goodbye World")).differences.size(),
              1u);
    EXPECT_EQ(run(*set, "GET /other", resp(200, "Hello World"), resp(200, "hello world")).differences.size(), 1u);
}

TEST(RulesApply, IgnoreWholeBodyCoversTextAndBinary) {
    auto set = rules(rule("r-body", "ignore_path", R"("path": "")", R"({"endpoints": ["/avatars/*"]})"));
    std::string png1("\x89PNG\r\n\x1a\n\x00\x01", 10), png2("\x89PNG\r\n\x1a\n\x00\x02", 10);
    auto r = run(*set, "GET /avatars/{id}", resp(200, png1), resp(200, png2));
    EXPECT_TRUE(r.differences.empty());
    EXPECT_EQ(r.absorbed.size(), 1u);
    EXPECT_TRUE(set->mayTouch("GET /avatars/{id}", "", DiffKind::BinaryChanged));
}

// mayTouch() must never say false where the policy actually absorbs something: check it on every
// absorbed difference of the cases above.
TEST(RulesApply, MayTouchCoversEverythingThePolicyAbsorbs) {
    auto set = rules(rule("a", "ignore_path", R"("path": "/items/*/discount")") + "," +
                     rule("b", "numeric_tolerance", R"("path": "/balance", "absolute": 0.01)") + "," +
                     rule("c", "unordered_array", R"("path": "/items", "key": "sku")") + "," +
                     rule("d", "normalize_value", R"("path": "/**/ts", "pattern": "Z$", "replacement": "")") + "," +
                     rule("e", "ignore_header", R"("header": "x-*")") + "," +
                     rule("f", "status_equivalence", R"("primary": 201, "candidate": 200)") + "," +
                     rule("g", "text_normalization", R"("trim": true)"));
    struct Case {
        Response p, c;
    };
    const std::vector<Case> cases = {
        {resp(201, R"({"items":[{"sku":"a","discount":1,"ts":"1Z"},{"sku":"b"}],"balance":1.001})", {{"X-A", "1"}}),
         resp(200, R"({"items":[{"sku":"b"},{"sku":"a","ts":"1"}],"balance":1.0})", {{"X-A", "2"}})},
        {resp(200, "text "), resp(200, "text")},
    };
    Comparer comparer;
    for (const auto& cs : cases) {
        auto raw = comparer.compare(cs.p, cs.c, nullptr);
        auto ruled = comparer.compare(cs.p, cs.c, set->policyFor("GET /x").get());
        EXPECT_FALSE(ruled.absorbed.empty());
        // Every raw difference that did not survive unchanged must have been flagged by mayTouch.
        for (const auto& d : raw.differences) {
            const bool survived =
                std::find(ruled.differences.begin(), ruled.differences.end(), d) != ruled.differences.end();
            if (!survived) {
                EXPECT_TRUE(set->mayTouch("GET /x", d.generalized, d.kind)) << d.path << " " << kindName(d.kind);
            }
        }
    }
}

}  // namespace
}  // namespace dt
