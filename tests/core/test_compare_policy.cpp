// SPDX-License-Identifier: MIT
// Diff engine policy hooks (core/diff_policy.h) and the noise baseline (removeNoise).
#include "core_test_util.h"
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "core/compare/compare.h"

using namespace dt;

namespace {

// A configurable policy that also counts how often it is asked.
class TestPolicy : public DiffPolicy {
public:
    std::vector<std::string> ignored;  // generalized paths (at or below)
    std::map<std::string, NumericTolerance> tolerances;
    std::map<std::string, UnorderedArray> unorderedArrays;
    bool lowercaseStrings = false;
    std::map<std::string, HeaderRule> headers;
    std::optional<std::pair<int, int>> equivalentStatus;
    std::optional<TextNormalization> textRule;
    mutable int calls = 0;

    std::optional<std::string> ignoredPath(std::string_view, std::string_view generalized) const override {
        ++calls;
        for (const auto& g : ignored)
            if (pointerAtOrBelow(generalized, g)) return "ignore:" + g;
        return std::nullopt;
    }
    std::optional<NumericTolerance> tolerance(std::string_view, std::string_view generalized) const override {
        ++calls;
        auto it = tolerances.find(std::string(generalized));
        if (it == tolerances.end()) return std::nullopt;
        return it->second;
    }
    std::optional<UnorderedArray> unordered(std::string_view, std::string_view generalized) const override {
        ++calls;
        auto it = unorderedArrays.find(std::string(generalized));
        if (it == unorderedArrays.end()) return std::nullopt;
        return it->second;
    }
    std::optional<std::string> normalize(std::string_view, std::string_view, std::string& value) const override {
        ++calls;
        if (!lowercaseStrings) return std::nullopt;
        std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
        return "lower";
    }
    std::optional<HeaderRule> header(std::string_view name) const override {
        ++calls;
        auto it = headers.find(std::string(name));
        if (it == headers.end()) return std::nullopt;
        return it->second;
    }
    std::optional<std::string> statusEquivalent(int p, int c) const override {
        ++calls;
        if (equivalentStatus && equivalentStatus->first == p && equivalentStatus->second == c) return "status-eq";
        return std::nullopt;
    }
    std::optional<TextNormalization> text() const override {
        ++calls;
        return textRule;
    }
};

using dt::test::resp;

}  // namespace

TEST(ComparePolicy, NotConsultedForMatchingRecords) {
    TestPolicy p;
    Comparer c;
    auto r = c.compare(resp(200, R"({"a":[1,2],"b":{"c":"x"}})", {{"X-A", "1"}}),
                       resp(200, R"({"b":{"c":"x"},"a":[1,2.0]})", {{"x-a", "1"}}), &p);
    EXPECT_TRUE(r.differences.empty());
    EXPECT_EQ(p.calls, 0);
}

TEST(ComparePolicy, IgnoredPathAbsorbsWithRuleId) {
    TestPolicy p;
    p.ignored = {"/meta", "/items/*/ts"};
    Comparer c;
    auto r = c.compareBodies(R"({"meta":{"t":1,"u":2},"items":[{"ts":1,"v":1},{"ts":2,"v":2}],"x":1})",
                             R"({"meta":{"t":3,"u":4},"items":[{"ts":5,"v":1},{"ts":6,"v":3}],"x":1})", &p);
    ASSERT_EQ(r.differences.size(), 1u);
    EXPECT_EQ(r.differences[0].path, "/items/1/v");
    ASSERT_EQ(r.absorbed.size(), 4u);
    for (const auto& d : r.absorbed) EXPECT_FALSE(d.rule_id.empty());
    EXPECT_EQ(r.absorbed[0].path, "/items/0/ts");
    EXPECT_EQ(r.absorbed[0].rule_id, "ignore:/items/*/ts");
    EXPECT_EQ(r.absorbed[2].path, "/meta/t");
    EXPECT_EQ(r.absorbed[2].rule_id, "ignore:/meta");
}

TEST(ComparePolicy, IgnoredRootAbsorbsTextAndTypeChanges) {
    TestPolicy p;
    p.ignored = {""};
    Comparer c;
    auto r = c.compareBodies("text a", "text b", &p);
    EXPECT_TRUE(r.differences.empty());
    ASSERT_EQ(r.absorbed.size(), 1u);
    EXPECT_EQ(r.absorbed[0].kind, DiffKind::TextChanged);
    auto r2 = c.compareBodies("{}", "nope", &p);
    EXPECT_TRUE(r2.differences.empty());
    EXPECT_EQ(r2.absorbed.size(), 1u);
}

TEST(ComparePolicy, NumericTolerance) {
    TestPolicy p;
    p.tolerances["/price"] = NumericTolerance{0.01, 0, "tol-abs"};
    p.tolerances["/items/*/w"] = NumericTolerance{0, 0.1, "tol-rel"};
    Comparer c;
    auto r = c.compareBodies(R"({"price":10.00,"items":[{"w":100},{"w":100}],"other":1})",
                             R"({"price":10.005,"items":[{"w":109},{"w":112}],"other":1.001})", &p);
    ASSERT_EQ(r.differences.size(), 2u);
    EXPECT_EQ(r.differences[0].path, "/items/1/w");
    EXPECT_EQ(r.differences[1].path, "/other");
    ASSERT_EQ(r.absorbed.size(), 2u);
    EXPECT_EQ(r.absorbed[0].path, "/items/0/w");
    EXPECT_EQ(r.absorbed[0].rule_id, "tol-rel");
    EXPECT_EQ(r.absorbed[1].path, "/price");
    EXPECT_EQ(r.absorbed[1].rule_id, "tol-abs");
    // Outside the tolerance it stays a difference.
    auto r2 = c.compareBodies(R"({"price":10})", R"({"price":10.02})", &p);
    ASSERT_EQ(r2.differences.size(), 1u);
    EXPECT_TRUE(r2.absorbed.empty());
}

TEST(ComparePolicy, NormalizeStrings) {
    TestPolicy p;
    p.lowercaseStrings = true;
    Comparer c;
    auto r = c.compareBodies(R"({"name":"Alice","city":"Paris"})", R"({"name":"alice","city":"Lyon"})", &p);
    ASSERT_EQ(r.differences.size(), 1u);
    EXPECT_EQ(r.differences[0].path, "/city");
    ASSERT_EQ(r.absorbed.size(), 1u);
    EXPECT_EQ(r.absorbed[0].path, "/name");
    EXPECT_EQ(r.absorbed[0].rule_id, "lower");
    EXPECT_EQ(r.absorbed[0].primary, "\"Alice\"");
}

TEST(ComparePolicy, UnorderedMultiset) {
    TestPolicy p;
    p.unorderedArrays["/tags"] = UnorderedArray{"", "unordered-tags"};
    Comparer c;
    auto r = c.compareBodies(R"({"tags":["a","b","c"],"x":[1,2]})", R"({"tags":["c","a","b"],"x":[2,1]})", &p);
    ASSERT_EQ(r.differences.size(), 1u);
    EXPECT_EQ(r.differences[0].kind, DiffKind::ArrayOrder);
    EXPECT_EQ(r.differences[0].path, "/x");
    ASSERT_EQ(r.absorbed.size(), 1u);
    EXPECT_EQ(r.absorbed[0].path, "/tags");
    EXPECT_EQ(r.absorbed[0].rule_id, "unordered-tags");
    // Different multisets under an unordered rule: no ArrayOrder, leftovers paired.
    auto r2 = c.compareBodies(R"({"tags":["a","b","c"]})", R"({"tags":["c","z","a"]})", &p);
    ASSERT_EQ(r2.differences.size(), 1u);
    EXPECT_EQ(r2.differences[0].kind, DiffKind::Changed);
    EXPECT_EQ(r2.differences[0].path, "/tags/1");
    EXPECT_EQ(r2.differences[0].candidate, "\"z\"");
    auto r3 = c.compareBodies(R"({"tags":["a","b"]})", R"({"tags":["b","a","a"]})", &p);
    ASSERT_EQ(r3.differences.size(), 1u);
    EXPECT_EQ(r3.differences[0].kind, DiffKind::ArrayLength);
}

TEST(ComparePolicy, UnorderedByKey) {
    TestPolicy p;
    p.unorderedArrays["/lines"] = UnorderedArray{"sku", "by-sku"};
    Comparer c;
    auto r = c.compareBodies(R"({"lines":[{"sku":"A","q":1},{"sku":"B","q":2},{"sku":"C","q":3}]})",
                             R"({"lines":[{"sku":"B","q":2},{"sku":"A","q":5},{"sku":"D","q":3}]})", &p);
    ASSERT_EQ(r.differences.size(), 3u);
    EXPECT_EQ(r.differences[0].kind, DiffKind::Changed);
    EXPECT_EQ(r.differences[0].path, "/lines/0/q");  // primary index of sku A
    EXPECT_EQ(r.differences[0].candidate, "5");
    EXPECT_EQ(r.differences[1].kind, DiffKind::Missing);
    EXPECT_EQ(r.differences[1].path, "/lines/2");  // primary index of sku C
    EXPECT_EQ(r.differences[1].primary, R"({"sku":"C","q":3})");
    EXPECT_EQ(r.differences[2].kind, DiffKind::Extra);
    EXPECT_EQ(r.differences[2].path, "/lines/2");  // candidate index of sku D
    EXPECT_EQ(r.differences[2].candidate, R"({"sku":"D","q":3})");
    // Only reordered: absorbed as an array order difference.
    auto r2 = c.compareBodies(R"({"lines":[{"sku":"A","q":1},{"sku":"B","q":2}]})",
                              R"({"lines":[{"q":2,"sku":"B"},{"sku":"A","q":1}]})", &p);
    EXPECT_TRUE(r2.differences.empty());
    ASSERT_EQ(r2.absorbed.size(), 1u);
    EXPECT_EQ(r2.absorbed[0].kind, DiffKind::ArrayOrder);
    EXPECT_EQ(r2.absorbed[0].rule_id, "by-sku");
}

TEST(ComparePolicy, HeaderRules) {
    TestPolicy p;
    p.headers["x-version"] = HeaderRule{false, "ignore-version"};
    p.headers["x-cache-key"] = HeaderRule{true, "presence-key"};
    Comparer c;
    auto r = c.compare(resp(200, "", {{"X-Version", "1"}, {"X-Cache-Key", "a"}}),
                       resp(200, "", {{"X-Version", "2"}, {"X-Cache-Key", "b"}}), &p);
    EXPECT_TRUE(r.differences.empty());
    ASSERT_EQ(r.absorbed.size(), 2u);
    EXPECT_EQ(r.absorbed[0].rule_id, "presence-key");
    EXPECT_EQ(r.absorbed[1].rule_id, "ignore-version");
    // presence only: a missing header still differs.
    auto r2 = c.compare(resp(200, "", {{"X-Cache-Key", "a"}}), resp(200, "", {}), &p);
    ASSERT_EQ(r2.differences.size(), 1u);
    EXPECT_EQ(r2.differences[0].path, "x-cache-key");
}

TEST(ComparePolicy, StatusEquivalenceContinuesWithBodies) {
    TestPolicy p;
    p.equivalentStatus = std::make_pair(200, 201);
    Comparer c;
    auto r = c.compare(resp(200, R"({"a":1})"), resp(201, R"({"a":2})"), &p);
    ASSERT_EQ(r.absorbed.size(), 1u);
    EXPECT_EQ(r.absorbed[0].kind, DiffKind::Status);
    EXPECT_EQ(r.absorbed[0].rule_id, "status-eq");
    ASSERT_EQ(r.differences.size(), 1u);
    EXPECT_EQ(r.differences[0].path, "/a");
}

TEST(ComparePolicy, TextNormalization) {
    TestPolicy p;
    p.textRule = TextNormalization{true, true, true, "text-norm"};
    Comparer c;
    auto r = c.compareBodies("  Hello   World \n\n", "hello world", &p);
    EXPECT_TRUE(r.differences.empty());
    ASSERT_EQ(r.absorbed.size(), 1u);
    EXPECT_EQ(r.absorbed[0].kind, DiffKind::TextChanged);
    EXPECT_EQ(r.absorbed[0].rule_id, "text-norm");
    auto r2 = c.compareBodies("Hello World", "Goodbye World", &p);
    ASSERT_EQ(r2.differences.size(), 1u);
    EXPECT_EQ(r2.differences[0].primary, "hello world");
    // Only case folding: whitespace still matters.
    p.textRule = TextNormalization{false, true, false, "fold"};
    EXPECT_EQ(c.compareBodies("A  b", "a b", &p).differences.size(), 1u);
    EXPECT_TRUE(c.compareBodies("A B", "a b", &p).differences.empty());
}

// --- noise baseline -------------------------------------------------------------------------------

TEST(RemoveNoise, RemovesDifferencesAtOrBelowNoisyPaths) {
    Comparer c;
    auto cand = c.compareBodies(R"({"ts":{"s":1,"ms":2},"tsx":1,"a":[1,2],"id":5})",
                                R"({"ts":{"s":3,"ms":4},"tsx":2,"a":[1],"id":6})");
    ASSERT_EQ(cand.differences.size(), 5u);
    auto noise = c.compareBodies(R"({"ts":{"s":1,"ms":2},"tsx":1,"a":[1,2],"id":5})",
                                 R"({"ts":{"s":9,"ms":2},"tsx":1,"a":[1,3],"id":5})");
    // noise: /ts/s and /a/1 — a candidate difference at /ts/ms is not below /ts/s.
    const size_t removed = removeNoise(cand, noise);
    EXPECT_EQ(removed, 1u);
    std::vector<std::string> left;
    for (const auto& d : cand.differences) left.push_back(d.path);
    EXPECT_EQ(left, (std::vector<std::string>{"/a", "/id", "/ts/ms", "/tsx"}));

    auto cand2 = c.compareBodies(R"({"ts":{"s":1,"ms":2},"tsx":1})", R"({"ts":{"s":3,"ms":4},"tsx":2})");
    auto noise2 = c.compareBodies(R"({"ts":{"s":1}})", R"({"ts":"later"})");  // TypeChanged at /ts
    EXPECT_EQ(removeNoise(cand2, noise2), 2u);
    ASSERT_EQ(cand2.differences.size(), 1u);
    EXPECT_EQ(cand2.differences[0].path, "/tsx");
}

TEST(RemoveNoise, StatusHeadersTextAndRootNoise) {
    Comparer c;
    auto cand = c.compare(resp(200, "a", {{"X-A", "1"}, {"X-B", "1"}}), resp(500, "b", {{"X-A", "2"}, {"X-B", "2"}}));
    ASSERT_EQ(cand.differences.size(), 3u);  // status + 2 headers (body skipped)
    auto noise = c.compare(resp(200, "a", {{"X-A", "1"}}), resp(503, "a", {{"X-A", "9"}}));
    EXPECT_EQ(removeNoise(cand, noise), 2u);
    ASSERT_EQ(cand.differences.size(), 1u);
    EXPECT_EQ(cand.differences[0].path, "x-b");

    auto textCand = c.compareBodies("hello", "world");
    auto textNoise = c.compareBodies("hello", "hello!");
    EXPECT_EQ(removeNoise(textCand, textNoise), 1u);
    EXPECT_TRUE(textCand.differences.empty());

    auto jsonCand = c.compareBodies(R"({"a":1,"b":2})", R"({"a":2,"b":3})");
    auto rootNoise = c.compareBodies(R"({"a":1})", "not json");
    EXPECT_EQ(removeNoise(jsonCand, rootNoise), 2u);

    auto errorCand = c.compare(resp(200, "x"), [] {
        Response r;
        r.error = "timeout";
        return r;
    }());
    EXPECT_EQ(removeNoise(errorCand, rootNoise), 0u);
    EXPECT_EQ(errorCand.differences.size(), 1u);
    CompareResult empty;
    auto keep = c.compareBodies(R"({"a":1})", R"({"a":2})");
    EXPECT_EQ(removeNoise(keep, empty), 0u);
}
