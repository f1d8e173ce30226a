// SPDX-License-Identifier: MIT
// Diff engine (core/compare.h): error, status, headers, body classes, JSON structure, arrays.
#include "core_test_util.h"
#include <gtest/gtest.h>

#include <iostream>

#include <algorithm>
#include <chrono>
#include <random>
#include <string>

#include "core/compare/compare.h"

using namespace dt;

namespace {

using dt::test::resp;

CompareResult bodies(std::string_view a, std::string_view b, CompareOptions o = {}) {
    Comparer c(o);
    return c.compareBodies(a, b);
}

const Difference* find(const CompareResult& r, DiffKind k, std::string_view path) {
    for (const auto& d : r.differences)
        if (d.kind == k && d.path == path) return &d;
    return nullptr;
}

}  // namespace

TEST(DifferenceNames, RoundTrip) {
    for (int i = 0; i < kDiffKindCount; ++i) {
        const auto k = static_cast<DiffKind>(i);
        auto back = kindFromName(kindName(k));
        ASSERT_TRUE(back.has_value()) << kindName(k);
        EXPECT_EQ(*back, k);
    }
    EXPECT_EQ(kindName(DiffKind::ArrayOrder), "array_order");
    EXPECT_EQ(kindName(DiffKind::CandidateError), "candidate_error");
    EXPECT_FALSE(kindFromName("bogus").has_value());
    EXPECT_TRUE(isBodyKind(DiffKind::Missing));
    EXPECT_FALSE(isBodyKind(DiffKind::Header));
    EXPECT_FALSE(isBodyKind(DiffKind::Status));
}

TEST(DifferencePointer, EscapeSplitBelow) {
    EXPECT_EQ(escapePointerToken("a/b~c"), "a~1b~0c");
    EXPECT_EQ(unescapePointerToken("a~1b~0c"), "a/b~c");
    EXPECT_EQ(unescapePointerToken("~01"), "~1");  // "~0" first, then a literal 1
    EXPECT_TRUE(splitPointer("").empty());
    EXPECT_EQ(splitPointer("/a/b"), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(splitPointer("/a~1x/"), (std::vector<std::string>{"a/x", ""}));
    EXPECT_EQ(splitPointer("/"), (std::vector<std::string>{""}));
    EXPECT_TRUE(pointerAtOrBelow("/a/b", "/a"));
    EXPECT_TRUE(pointerAtOrBelow("/a", "/a"));
    EXPECT_TRUE(pointerAtOrBelow("/a", ""));
    EXPECT_FALSE(pointerAtOrBelow("/ab", "/a"));
    EXPECT_FALSE(pointerAtOrBelow("/a", "/a/b"));
    EXPECT_FALSE(pointerAtOrBelow("", "/a"));
}

TEST(Compare, CandidateErrorIsTheOnlyDifference) {
    Comparer c;
    Response p = resp(200, R"({"a":1})", {{"Content-Type", "application/json"}});
    Response k;
    k.present = true;
    k.error = "timeout";
    auto r = c.compare(p, k);
    ASSERT_EQ(r.differences.size(), 1u);
    EXPECT_EQ(r.differences[0].kind, DiffKind::CandidateError);
    EXPECT_EQ(r.differences[0].path, "");
    EXPECT_EQ(r.differences[0].candidate, "timeout");
    EXPECT_TRUE(r.absorbed.empty());
}

TEST(Compare, StatusDifferenceSuppressesBody) {
    Comparer c;
    auto r = c.compare(resp(200, R"({"id":1,"name":"x"})"), resp(500, R"({"error":"boom"})"));
    ASSERT_EQ(r.differences.size(), 1u);
    EXPECT_EQ(r.differences[0].kind, DiffKind::Status);
    EXPECT_EQ(r.differences[0].primary, "200");
    EXPECT_EQ(r.differences[0].candidate, "500");
}

TEST(Compare, EqualResponsesHaveNoDifferences) {
    Comparer c;
    auto r = c.compare(resp(200, R"({"a":1,"b":[1,2]})", {{"Content-Type", "application/json"}}),
                       resp(200, R"( {"b":[1.0,2],"a":1e0} )", {{"content-type", "application/json"}}));
    EXPECT_TRUE(r.differences.empty());
    EXPECT_TRUE(r.absorbed.empty());
    EXPECT_TRUE(r.warnings.empty());
}

TEST(CompareHeaders, CaseInsensitiveNamesOrderedValues) {
    Comparer c;
    Headers a = {{"Content-Type", "application/json"}, {"X-Flag", "a"}, {"X-Flag", "b"}};
    Headers b = {{"x-flag", "b"}, {"CONTENT-TYPE", "application/json"}, {"x-flag", "a"}};
    auto r = c.compare(resp(200, "", a), resp(200, "", b));
    ASSERT_EQ(r.differences.size(), 1u);
    const Difference& d = r.differences[0];
    EXPECT_EQ(d.kind, DiffKind::Header);
    EXPECT_EQ(d.path, "x-flag");
    EXPECT_EQ(d.primary, "a, b");
    EXPECT_EQ(d.candidate, "b, a");
}

TEST(CompareHeaders, MissingAndExtraHeaders) {
    Comparer c;
    auto r = c.compare(resp(200, "", {{"X-Old", "1"}}), resp(200, "", {{"X-New", "2"}}));
    ASSERT_EQ(r.differences.size(), 2u);
    auto* missing = find(r, DiffKind::Header, "x-old");
    auto* extra = find(r, DiffKind::Header, "x-new");
    ASSERT_TRUE(missing && extra);
    EXPECT_EQ(missing->primary, "1");
    EXPECT_EQ(missing->candidate, "");
    EXPECT_EQ(extra->primary, "");
    EXPECT_EQ(extra->candidate, "2");
}

TEST(CompareHeaders, VolatileHeadersIgnored) {
    EXPECT_TRUE(isVolatileHeader("date"));
    EXPECT_TRUE(isVolatileHeader("x-b3-traceid"));  // prefix entry "x-b3-*"
    EXPECT_TRUE(isVolatileHeader("set-cookie"));
    EXPECT_FALSE(isVolatileHeader("content-type"));
    EXPECT_FALSE(isVolatileHeader("x-b3"));
    bool hasPrefix = false;
    for (const auto& h : volatileHeaders()) hasPrefix |= h == "x-b3-*";
    EXPECT_TRUE(hasPrefix);
    Comparer c;
    auto r = c.compare(resp(200, "", {{"Date", "Mon"}, {"X-Request-Id", "1"}, {"X-B3-SpanId", "a"}}),
                       resp(200, "", {{"date", "Tue"}, {"X-B3-SpanId", "b"}, {"ETag", "x"}}));
    EXPECT_TRUE(r.differences.empty());
}

TEST(CompareHeaders, SameOrderHeaders) {
    Comparer c;
    Headers a = {{"Content-Type", "application/json"}, {"Date", "Mon"}, {"X-Request-Id", "1"}, {"X-Ver", "1"}};
    Headers b = {{"Content-Type", "application/json"}, {"Date", "Tue"}, {"X-Request-Id", "2"}, {"X-Ver", "1"}};
    EXPECT_TRUE(c.compare(resp(200, "", a), resp(200, "", b)).differences.empty());
    b[3].second = "2";
    auto r = c.compare(resp(200, "", a), resp(200, "", b));
    ASSERT_EQ(r.differences.size(), 1u);
    EXPECT_EQ(r.differences[0].path, "x-ver");
    EXPECT_EQ(r.differences[0].primary, "1");
    EXPECT_EQ(r.differences[0].candidate, "2");
}

TEST(CompareHeaders, CanBeTurnedOff) {
    Comparer c(CompareOptions{256, 120, false});
    auto r = c.compare(resp(200, "", {{"X-A", "1"}}), resp(200, "", {{"X-A", "2"}}));
    EXPECT_TRUE(r.differences.empty());
}

TEST(ClassifyBody, Classes) {
    EXPECT_EQ(classifyBody(""), BodyKind::Empty);
    EXPECT_EQ(classifyBody("{}"), BodyKind::Json);
    EXPECT_EQ(classifyBody("  [1, 2]\n"), BodyKind::Json);
    EXPECT_EQ(classifyBody("\xEF\xBB\xBF{\"a\":1}"), BodyKind::Json);
    EXPECT_EQ(classifyBody("42"), BodyKind::Json);
    EXPECT_EQ(classifyBody("hello world"), BodyKind::Text);
    EXPECT_EQ(classifyBody("{\"a\":"), BodyKind::Text);
    EXPECT_EQ(classifyBody(std::string("a\0b", 3)), BodyKind::Binary);
    EXPECT_EQ(classifyBody("\xff\xfe\x01"), BodyKind::Binary);
}

TEST(CompareBodies, JsonVsNonJsonIsTypeChangedAtRoot) {
    auto r = bodies(R"({"a":1})", "<html>oops</html>");
    ASSERT_EQ(r.differences.size(), 1u);
    EXPECT_EQ(r.differences[0].kind, DiffKind::TypeChanged);
    EXPECT_EQ(r.differences[0].path, "");
    EXPECT_EQ(r.differences[0].candidate, "<html>oops</html>");
    auto r2 = bodies("", "[]");
    ASSERT_EQ(r2.differences.size(), 1u);
    EXPECT_EQ(r2.differences[0].kind, DiffKind::TypeChanged);
}

TEST(CompareBodies, TextLineDiffReportsFirstDifferingLines) {
    auto r = bodies("line1\nline2\nline3\n", "line1\nLINE2\nline3\nline4\n");
    ASSERT_EQ(r.differences.size(), 1u);
    const auto& d = r.differences[0];
    EXPECT_EQ(d.kind, DiffKind::TextChanged);
    EXPECT_EQ(d.path, "");
    EXPECT_EQ(d.primary, "line2");
    EXPECT_EQ(d.candidate, "LINE2");
    // Only added lines: nothing removed on the primary side.
    auto r2 = bodies("a\nb", "a\nb\nc");
    ASSERT_EQ(r2.differences.size(), 1u);
    EXPECT_EQ(r2.differences[0].primary, "");
    EXPECT_EQ(r2.differences[0].candidate, "c");
    // Line endings alone are not a difference.
    EXPECT_TRUE(bodies("a\r\nb\r\n", "a\nb").differences.empty());
}

TEST(CompareBodies, BinaryUsesSha256Summary) {
    std::string a("\x00\x01\x02", 3), b("\x00\x01\x03", 3);
    auto r = bodies(a, b);
    ASSERT_EQ(r.differences.size(), 1u);
    EXPECT_EQ(r.differences[0].kind, DiffKind::BinaryChanged);
    // sha256 of 00 01 02 = ae4b3280e56e2faf83f414a6e3dabe9d5fbe18976544c05fed121accb85b53fc
    EXPECT_EQ(r.differences[0].primary, "<3 bytes sha256:ae4b3280e56e2faf\xE2\x80\xA6>");
    EXPECT_NE(r.differences[0].primary, r.differences[0].candidate);
    EXPECT_TRUE(bodies(a, a).differences.empty());
    auto r2 = bodies("plain text", b);
    ASSERT_EQ(r2.differences.size(), 1u);
    EXPECT_EQ(r2.differences[0].kind, DiffKind::BinaryChanged);
}

TEST(CompareJson, KeyOrderAndNumberFormatsAreIrrelevant) {
    Comparer c;
    EXPECT_TRUE(c.bodiesEqual(R"({"a":10,"b":{"x":true,"y":null}})", R"({"b":{"y":null,"x":true},"a":1e1})"));
    EXPECT_TRUE(c.bodiesEqual("10", "10.0"));
    EXPECT_TRUE(c.bodiesEqual("[-0]", "[0]"));
    EXPECT_TRUE(c.bodiesEqual("18446744073709551615", "18446744073709551615.0"));
    EXPECT_FALSE(c.bodiesEqual("9223372036854775807", "9223372036854775806"));  // exact int64 compare
    EXPECT_FALSE(c.bodiesEqual("10", "\"10\""));
    EXPECT_FALSE(c.bodiesEqual("[1,2]", "[2,1]"));
    EXPECT_TRUE(c.bodiesEqual("\xEF\xBB\xBF {\"a\":1}", "{\"a\":1}"));
    EXPECT_FALSE(c.bodiesEqual("text a", "text b"));
    EXPECT_TRUE(c.bodiesEqual("text a", "text a"));
    EXPECT_TRUE(bodies(R"({"a":10,"b":2.50})", R"({"b":2.5,"a":10.0})").differences.empty());
}

TEST(CompareJson, NumberVsStringIsTypeChanged) {
    auto r = bodies(R"({"id":10})", R"({"id":"10"})");
    ASSERT_EQ(r.differences.size(), 1u);
    EXPECT_EQ(r.differences[0].kind, DiffKind::TypeChanged);
    EXPECT_EQ(r.differences[0].path, "/id");
    EXPECT_EQ(r.differences[0].primary, "10");
    EXPECT_EQ(r.differences[0].candidate, "\"10\"");
}

TEST(CompareJson, ChangedMissingExtraWithEscapedPaths) {
    auto r = bodies(R"({"a/b":1,"c~d":{"e":"x"},"gone":true,"same":[1]})",
                    R"({"a/b":2,"c~d":{"e":"y"},"new":null,"same":[1]})");
    ASSERT_EQ(r.differences.size(), 4u);
    // Sorted by path.
    EXPECT_EQ(r.differences[0].path, "/a~1b");
    EXPECT_EQ(r.differences[0].kind, DiffKind::Changed);
    EXPECT_EQ(r.differences[1].path, "/c~0d/e");
    EXPECT_EQ(r.differences[1].primary, "\"x\"");
    EXPECT_EQ(r.differences[2].path, "/gone");
    EXPECT_EQ(r.differences[2].kind, DiffKind::Missing);
    EXPECT_EQ(r.differences[2].candidate, "");
    EXPECT_EQ(r.differences[3].path, "/new");
    EXPECT_EQ(r.differences[3].kind, DiffKind::Extra);
    EXPECT_EQ(r.differences[3].candidate, "null");
}

TEST(CompareJson, DuplicateKeysLastOneWins) {
    Comparer c;
    EXPECT_TRUE(c.bodiesEqual(R"({"a":1,"a":2})", R"({"a":2})"));
    EXPECT_TRUE(c.bodiesEqual(R"({"a":1,"b":0,"a":2})", R"({"a":3,"b":0,"a":2})"));
    EXPECT_FALSE(c.bodiesEqual(R"({"a":2,"a":1})", R"({"a":2})"));
    auto r = bodies(R"({"a":1,"a":2})", R"({"a":1})");
    ASSERT_EQ(r.differences.size(), 1u);
    EXPECT_EQ(r.differences[0].primary, "2");
}

TEST(CompareJson, DuplicateKeysInReorderedObjects) {
    Comparer c;
    EXPECT_TRUE(c.bodiesEqual(R"({"b":0,"a":2})", R"({"a":1,"b":0,"a":2})"));
    EXPECT_FALSE(c.bodiesEqual(R"({"b":0,"a":1})", R"({"a":1,"b":0,"a":2})"));
    EXPECT_TRUE(c.bodiesEqual(R"({"a":1,"b":0,"a":2})", R"({"b":0,"a":2})"));
    EXPECT_FALSE(c.bodiesEqual(R"({"a":1,"b":2})", R"({"b":2,"a":1,"c":3})"));
    EXPECT_FALSE(c.bodiesEqual(R"({"b":2,"a":1,"c":3})", R"({"a":1,"b":2})"));
    EXPECT_FALSE(c.bodiesEqual(R"({"a":1,"b":2})", R"({"b":2,"c":1})"));
    // Keys sharing their first 8 bytes.
    EXPECT_TRUE(c.bodiesEqual(R"({"abcdefgh1":1,"abcdefgh2":2,"abcdefgh":3})",
                              R"({"abcdefgh":3,"abcdefgh2":2,"abcdefgh1":1})"));
    EXPECT_FALSE(c.bodiesEqual(R"({"abcdefgh1":1,"abcdefgh2":2})", R"({"abcdefgh2":1,"abcdefgh1":2})"));
}

TEST(CompareJson, ReorderedObjectsOfManySizes) {
    std::mt19937 rng(7);
    Comparer c;
    for (int n : {2, 5, 12, 31, 33, 40, 200}) {
        std::vector<std::string> members;
        for (int i = 0; i < n; ++i)
            members.push_back("\"key" + std::to_string(i * 7919 % 1000) + "_" + std::to_string(i) +
                              "\":" + std::to_string(i));
        auto join = [](const std::vector<std::string>& m) {
            std::string out = "{";
            for (size_t i = 0; i < m.size(); ++i) out += (i ? "," : "") + m[i];
            return out + "}";
        };
        const std::string a = join(members);
        std::shuffle(members.begin(), members.end(), rng);
        EXPECT_TRUE(c.bodiesEqual(a, join(members))) << n;
        auto changed = members;
        changed[n / 2] = changed[n / 2].substr(0, changed[n / 2].find(':')) + ":12345";  // a value changes
        EXPECT_FALSE(c.bodiesEqual(a, join(changed))) << n;
        auto fewer = members;
        fewer.pop_back();
        EXPECT_FALSE(c.bodiesEqual(a, join(fewer))) << n;
        EXPECT_FALSE(c.bodiesEqual(join(fewer), a)) << n;
        auto dup = members;
        dup.insert(dup.begin(), members.back().substr(0, members.back().find(':')) + ":\"overridden\"");
        EXPECT_TRUE(c.bodiesEqual(a, join(dup))) << n;
        auto r = c.compareBodies(a, join(changed));
        ASSERT_EQ(r.differences.size(), 1u) << n;
        EXPECT_EQ(r.differences[0].kind, DiffKind::Changed) << n;
        EXPECT_EQ(r.differences[0].candidate, "12345") << n;
    }
}

TEST(CompareJson, ArrayOrderIsOneDifference) {
    auto r = bodies(R"({"items":[{"id":1},{"id":2},{"id":3}]})", R"({"items":[{"id":3},{"id":1},{"id":2}]})");
    ASSERT_EQ(r.differences.size(), 1u);
    EXPECT_EQ(r.differences[0].kind, DiffKind::ArrayOrder);
    EXPECT_EQ(r.differences[0].path, "/items");
    EXPECT_EQ(r.differences[0].generalized, "/items");
    // Same length but different multisets: pairwise by index.
    auto r2 = bodies("[1,2,3]", "[1,5,4]");
    ASSERT_EQ(r2.differences.size(), 2u);
    EXPECT_EQ(r2.differences[0].path, "/1");
    EXPECT_EQ(r2.differences[1].path, "/2");
    EXPECT_EQ(r2.differences[1].generalized, "/*");
}

TEST(CompareJson, ArrayLengthAlignsEqualElements) {
    // The candidate drops the middle element and changes the last one.
    auto r =
        bodies(R"([{"id":1,"v":"a"},{"id":2,"v":"b"},{"id":3,"v":"c"}])", R"([{"id":1,"v":"a"},{"id":3,"v":"C"}])");
    const Difference* len = find(r, DiffKind::ArrayLength, "");
    ASSERT_NE(len, nullptr);
    EXPECT_EQ(len->primary, "3");
    EXPECT_EQ(len->candidate, "2");
    // LCS aligns {id:1}; leftovers are primary 1,2 and candidate 1, paired in order: (1,1).
    ASSERT_EQ(r.differences.size(), 3u);
    EXPECT_NE(find(r, DiffKind::Changed, "/1/id"), nullptr);
    EXPECT_NE(find(r, DiffKind::Changed, "/1/v"), nullptr);
    // An element appended to the end only gives the length difference.
    auto r2 = bodies(R"({"a":[1,2,3]})", R"({"a":[1,2,3,4]})");
    ASSERT_EQ(r2.differences.size(), 1u);
    EXPECT_EQ(r2.differences[0].kind, DiffKind::ArrayLength);
    EXPECT_EQ(r2.differences[0].path, "/a");
    // An element inserted at the front: the others align, nothing else differs.
    auto r3 = bodies(R"([{"k":"x"},{"k":"y"}])", R"([{"k":"new"},{"k":"x"},{"k":"y"}])");
    ASSERT_EQ(r3.differences.size(), 1u);
    EXPECT_EQ(r3.differences[0].kind, DiffKind::ArrayLength);
    // Longer candidate with a changed element.
    auto r4 = bodies(R"([1,{"a":1},3])", R"([1,{"a":2},3,4])");
    EXPECT_NE(find(r4, DiffKind::ArrayLength, ""), nullptr);
    EXPECT_NE(find(r4, DiffKind::Changed, "/1/a"), nullptr);
    EXPECT_EQ(r4.differences.size(), 2u);
}

TEST(CompareJson, GeneralizedReplacesOnlyIndices) {
    auto r = bodies(R"({"users":[{"123":{"n":1}}]})", R"({"users":[{"123":{"n":2}}]})");
    ASSERT_EQ(r.differences.size(), 1u);
    EXPECT_EQ(r.differences[0].path, "/users/0/123/n");
    EXPECT_EQ(r.differences[0].generalized, "/users/*/123/n");
}

TEST(CompareJson, PreviewsAreMinifiedAndTruncated) {
    CompareOptions o;
    o.preview_bytes = 10;
    auto r = bodies(R"({"a": { "x" : [1, 2, 3], "y": "long value here" }})", R"({"a": 1})", o);
    ASSERT_EQ(r.differences.size(), 1u);
    EXPECT_EQ(r.differences[0].kind, DiffKind::TypeChanged);
    EXPECT_EQ(r.differences[0].primary, "{\"x\":[1,2,\xE2\x80\xA6");
    EXPECT_EQ(r.differences[0].candidate, "1");
    // Never cut inside a UTF-8 character.
    auto r2 = bodies(R"(["ééééééé"])", R"(["x"])", o);
    ASSERT_EQ(r2.differences.size(), 1u);
    EXPECT_EQ(r2.differences[0].primary, "\"éééé\xE2\x80\xA6");
}

TEST(CompareJson, TooDeepFallsBackToTextWithWarning) {
    std::string deepA(300, '['), deepB(300, '[');
    deepA += "1";
    deepB += "2";
    deepA += std::string(300, ']');
    deepB += std::string(300, ']');
    auto r = bodies(deepA, deepB);
    ASSERT_EQ(r.differences.size(), 1u);
    EXPECT_EQ(r.differences[0].kind, DiffKind::TextChanged);
    ASSERT_EQ(r.warnings.size(), 2u);
    EXPECT_NE(r.warnings[0].find("primary body: JSON nested deeper than 256 levels"), std::string::npos);
    // Deep on one side only: that side is text, the other JSON.
    auto r2 = bodies(deepA, "[1]");
    ASSERT_EQ(r2.differences.size(), 1u);
    EXPECT_EQ(r2.differences[0].kind, DiffKind::TypeChanged);
    EXPECT_EQ(r2.warnings.size(), 1u);
    // Identical deep bodies: no difference, but the limit is reported.
    auto same = bodies(deepA, deepA);
    EXPECT_TRUE(same.differences.empty());
    EXPECT_EQ(same.warnings.size(), 2u);
    EXPECT_TRUE(bodies("[[[1]]]", "[[[1]]]").warnings.empty());
    // A lower limit applies to both the parse and the walk.
    CompareOptions o;
    o.max_depth = 3;
    auto r3 = bodies("[[[[1]]]]", "[[[[2]]]]", o);
    ASSERT_EQ(r3.warnings.size(), 2u);
    // Very deep input never crashes.
    std::string huge(200000, '[');
    Comparer c;
    EXPECT_FALSE(c.bodiesEqual(huge, huge + "]"));
    auto r4 = c.compareBodies(huge, huge + "]");
    EXPECT_EQ(r4.differences.size(), 1u);
}

TEST(CompareJson, HugeNumbersStayJson) {
    // Beyond 64 bits / beyond double range: still JSON, compared by value (json_tree.h number path).
    auto r = bodies(R"({"n":123456789012345678901234567890})", R"({"n":123456789012345678901234567891})");
    ASSERT_EQ(r.differences.size(), 1u);
    EXPECT_EQ(r.differences[0].kind, DiffKind::Changed);
    EXPECT_EQ(r.differences[0].path, "/n");
    EXPECT_EQ(r.differences[0].primary, "123456789012345678901234567890");
    EXPECT_TRUE(r.warnings.empty());
    auto typed = bodies(R"({"n":1e400})", R"({"n":"1e400"})");
    ASSERT_EQ(typed.differences.size(), 1u);
    EXPECT_EQ(typed.differences[0].kind, DiffKind::TypeChanged);
    EXPECT_TRUE(typed.warnings.empty());
    // A malformed number is still text, with a warning.
    auto malformed = bodies(R"({"n":01})", R"({"n":1})");
    EXPECT_FALSE(malformed.warnings.empty());
    // Plain text that merely starts like a number is not warned about.
    EXPECT_TRUE(bodies("- item one", "- item two").warnings.empty());
}

TEST(CompareJson, DifferencesSortedAndUnique) {
    auto r = bodies(R"({"z":1,"a":{"b":1,"a":1},"m":[1,2]})", R"({"z":2,"a":{"b":2,"a":2},"m":[1]})");
    ASSERT_EQ(r.differences.size(), 4u);
    for (size_t i = 1; i < r.differences.size(); ++i) {
        const auto& x = r.differences[i - 1];
        const auto& y = r.differences[i];
        EXPECT_TRUE(x.path < y.path || (x.path == y.path && x.kind < y.kind));
    }
}

TEST(CompareJson, ReusedComparerIsConsistent) {
    Comparer c;
    for (int i = 0; i < 50; ++i) {
        EXPECT_TRUE(c.bodiesEqual(R"({"a":[1,{"b":2}],"c":"d"})", R"({"c":"d","a":[1.0,{"b":2}]})"));
        auto r = c.compareBodies(R"({"a":[1,{"b":2}]})", R"({"a":[1,{"b":3}]})");
        ASSERT_EQ(r.differences.size(), 1u);
        EXPECT_EQ(r.differences[0].path, "/a/1/b");
    }
}

TEST(CompareBodies, LargeUnrelatedTextsAreBounded) {
    std::string a, b;
    for (int i = 0; i < 100000; ++i) {
        a += "alpha " + std::to_string(i) + "\n";
        b += "beta " + std::to_string(i) + "\n";
    }
    const auto t0 = std::chrono::steady_clock::now();
    auto r = bodies(a, b);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_EQ(r.differences.size(), 1u);
    EXPECT_EQ(r.differences[0].primary, "alpha 0");
    EXPECT_EQ(r.differences[0].candidate, "beta 0");
    std::cout << "[ timing ] " << seconds
              << " s (a hang is caught by the ctest timeout; timings belong to benchmarks)\n";
}
