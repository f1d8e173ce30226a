// SPDX-License-Identifier: MIT
// Side-by-side presentation (core/side_by_side.h): canonical JSON, row alignment, intra-line
// ranges, pointers, binary notes and the unified text diff.
#include <gtest/gtest.h>

#include <iostream>

#include <chrono>
#include <string>

#include "core/present/side_by_side.h"

using namespace dt;

namespace {

std::string rowStates(const SideBySide& s) {
    std::string out;
    for (const auto& r : s.rows) out += "SCRA"[static_cast<int>(r.state)];
    return out;
}

}  // namespace

TEST(CanonicalJson, SortedKeysIndentAndNumbersAsWritten) {
    std::vector<std::string> ptrs;
    auto c = canonicalJson(R"({"b":[1.50,2e3,{}],"a":{"y":"q\"\n","x":null},"e":[],"n":-0.0})", &ptrs);
    ASSERT_TRUE(c.has_value());
    const std::string expected = "{\n"
                                 "  \"a\": {\n"
                                 "    \"x\": null,\n"
                                 "    \"y\": \"q\\\"\\n\"\n"
                                 "  },\n"
                                 "  \"b\": [\n"
                                 "    1.50,\n"
                                 "    2e3,\n"
                                 "    {}\n"
                                 "  ],\n"
                                 "  \"e\": [],\n"
                                 "  \"n\": -0.0\n"
                                 "}";
    EXPECT_EQ(*c, expected);
    const std::vector<std::string> expectedPtrs = {"",     "/a",   "/a/x", "/a/y", "/a", "/b", "/b/0",
                                                   "/b/1", "/b/2", "/b",   "/e",   "/n", ""};
    EXPECT_EQ(ptrs, expectedPtrs);
}

TEST(CanonicalJson, EscapedKeysDuplicatesScalarsAndInvalid) {
    std::vector<std::string> ptrs;
    auto c = canonicalJson("\xEF\xBB\xBF{\"a/b\":1,\"m~n\":2,\"a/b\":3}", &ptrs);
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(*c, "{\n  \"a/b\": 3,\n  \"m~n\": 2\n}");
    EXPECT_EQ(ptrs, (std::vector<std::string>{"", "/a~1b", "/m~0n", ""}));
    EXPECT_EQ(canonicalJson("  42 "), "42");
    EXPECT_EQ(canonicalJson("\"\\u00e9\\u0001\""), "\"\xC3\xA9\\u0001\"");
    EXPECT_EQ(canonicalJson("123456789012345678901234567890"), "123456789012345678901234567890");
    EXPECT_FALSE(canonicalJson("{\"a\":").has_value());
    EXPECT_FALSE(canonicalJson("hello").has_value());
    EXPECT_FALSE(canonicalJson("").has_value());
    EXPECT_FALSE(canonicalJson(std::string(5000, '[') + std::string(5000, ']')).has_value());
    EXPECT_FALSE(canonicalJson("[1,]").has_value());
    EXPECT_FALSE(canonicalJson("[01]").has_value());
    EXPECT_FALSE(canonicalJson("\"\\ud800\"").has_value());  // lone surrogate
    EXPECT_FALSE(canonicalJson("\"a\x01\"").has_value());    // raw control character
    EXPECT_FALSE(canonicalJson("\"\xff\"").has_value());     // invalid UTF-8
    EXPECT_FALSE(canonicalJson("[1] x").has_value());
    EXPECT_EQ(canonicalJson("\"\\ud83d\\ude00\\/\""), "\"\xF0\x9F\x98\x80/\"");
}

TEST(CanonicalJson, NumbersOutOfRangeAreKeptAsWritten) {
    const std::string digits(400, '7');
    auto c = canonicalJson("{\"n\":" + digits + ",\"m\":[1e400,-1E-400,-0]}");
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(*c, "{\n  \"m\": [\n    1e400,\n    -1E-400,\n    -0\n  ],\n  \"n\": " + digits + "\n}");
}

TEST(SideBySide, NormalizedJsonIgnoresKeyOrder) {
    auto s = buildSideBySide(R"({"b":1,"a":2})", R"({"a":2,"b":1})", true);
    EXPECT_TRUE(s.left_json);
    EXPECT_TRUE(s.right_json);
    EXPECT_EQ(rowStates(s), "SSSS");
    auto raw = buildSideBySide(R"({"b":1,"a":2})", R"({"a":2,"b":1})", false);
    ASSERT_EQ(raw.rows.size(), 1u);
    EXPECT_EQ(raw.rows[0].state, RowState::Changed);
    EXPECT_EQ(raw.rows[0].pointer, "");
}

TEST(SideBySide, AlignmentChangedRemovedAdded) {
    // Left: a b c d e ; right: a B x d f g
    auto s = buildSideBySide("a\nb\nc\nd\ne\n", "a\nB\nx\nd\nf\ng\n", true);
    EXPECT_FALSE(s.left_json);
    EXPECT_EQ(rowStates(s), "SCCSCA");
    ASSERT_EQ(s.rows.size(), 6u);
    EXPECT_EQ(s.rows[1].left, "b");
    EXPECT_EQ(s.rows[1].right, "B");
    EXPECT_EQ(*s.rows[4].left_line, 4u);
    EXPECT_EQ(*s.rows[4].right_line, 4u);
    EXPECT_FALSE(s.rows[5].left_line.has_value());
    EXPECT_EQ(s.rows[5].left, "");
    EXPECT_EQ(*s.rows[5].right_line, 5u);
    EXPECT_EQ(s.rows[5].right, "g");

    auto r = buildSideBySide("x\ny\nz", "x\nz", false);
    EXPECT_EQ(rowStates(r), "SRS");
    EXPECT_FALSE(r.rows[1].right_line.has_value());
    EXPECT_EQ(*r.rows[1].left_line, 1u);
    EXPECT_EQ(*r.rows[2].right_line, 1u);
}

TEST(SideBySide, IntraLineRanges) {
    auto s = buildSideBySide("{\"name\": \"Alice\"}", "{\"name\": \"Alicia\"}", false);
    ASSERT_EQ(s.rows.size(), 1u);
    const auto& row = s.rows[0];
    ASSERT_EQ(row.state, RowState::Changed);
    // "Alice" -> "Alicia": 'e' (offset 14) replaced by "ia".
    ASSERT_EQ(row.left_changes.size(), 1u);
    EXPECT_EQ(row.left_changes[0].start, 14u);
    EXPECT_EQ(row.left_changes[0].length, 1u);
    ASSERT_EQ(row.right_changes.size(), 1u);
    EXPECT_EQ(row.right_changes[0].start, 14u);
    EXPECT_EQ(row.right_changes[0].length, 2u);
    // Multi-byte characters are never split: é (2 bytes) vs è.
    auto u = buildSideBySide("caf\xC3\xA9!", "caf\xC3\xA8!", false);
    ASSERT_EQ(u.rows.size(), 1u);
    ASSERT_EQ(u.rows[0].left_changes.size(), 1u);
    EXPECT_EQ(u.rows[0].left_changes[0].start, 3u);
    EXPECT_EQ(u.rows[0].left_changes[0].length, 2u);
    // Long lines are highlighted whole.
    const std::string longA(5000, 'a'), longB = std::string(4999, 'a') + "b";
    auto l = buildSideBySide(longA, longB, false);
    ASSERT_EQ(l.rows.size(), 1u);
    ASSERT_EQ(l.rows[0].left_changes.size(), 1u);
    EXPECT_EQ(l.rows[0].left_changes[0].start, 0u);
    EXPECT_EQ(l.rows[0].left_changes[0].length, 5000u);
}

TEST(SideBySide, PointersAndRowForPointer) {
    auto s = buildSideBySide(R"({"user":{"id":1,"name":"A"},"items":[1,2]})",
                             R"({"user":{"id":1,"name":"B"},"items":[1,2,3],"extra":true})", true);
    // Left lines: { / "items": [ / 1, / 2 / ], / "user": { / "id": 1, / "name": "A" / } / }
    const int nameRow = rowForPointer(s, "/user/name");
    ASSERT_GE(nameRow, 0);
    EXPECT_EQ(s.rows[nameRow].state, RowState::Changed);
    EXPECT_EQ(s.rows[nameRow].left, "    \"name\": \"A\"");
    EXPECT_EQ(s.rows[nameRow].right, "    \"name\": \"B\"");
    const int extraRow = rowForPointer(s, "/extra");
    ASSERT_GE(extraRow, 0);
    EXPECT_EQ(s.rows[extraRow].state, RowState::Added);
    EXPECT_FALSE(s.rows[extraRow].left_line.has_value());
    EXPECT_EQ(rowForPointer(s, ""), 0);
    EXPECT_EQ(s.rows[rowForPointer(s, "/user")].pointer, "/user");
    EXPECT_EQ(rowForPointer(s, "/nope"), -1);
    EXPECT_EQ(rowForPointer(s, "/item"), -1);  // "/items" is not below "/item"
    auto text = buildSideBySide("a", "b", true);
    EXPECT_EQ(rowForPointer(text, "/a"), -1);
}

TEST(SideBySide, MixedJsonAndTextAndEmpty) {
    auto s = buildSideBySide(R"({"a":1})", "Internal Server Error", true);
    EXPECT_TRUE(s.left_json);
    EXPECT_FALSE(s.right_json);
    EXPECT_EQ(rowStates(s), "CRR");
    auto e = buildSideBySide("", "", true);
    EXPECT_TRUE(e.rows.empty());
    EXPECT_TRUE(e.note.empty());
    auto one = buildSideBySide("", "x", true);
    EXPECT_EQ(rowStates(one), "A");
}

TEST(SideBySide, BinaryBodiesGiveANote) {
    const std::string bin("\x89PNG\r\n\x1a\n\x00\x00", 10);
    auto s = buildSideBySide(bin, "text", true);
    EXPECT_TRUE(s.rows.empty());
    EXPECT_NE(s.note.find("binary bodies: <10 bytes sha256:"), std::string::npos);
    EXPECT_NE(s.note.find(" vs <4 bytes sha256:"), std::string::npos);
    auto same = buildSideBySide(bin, bin, false);
    EXPECT_NE(same.note.find("identical"), std::string::npos);
}

TEST(TextDiff, UnifiedStyleOfNormalizedJson) {
    EXPECT_EQ(textDiff(R"({"a":1,"b":2})", R"({"b":2,"a":1})"), "");
    const std::string d = textDiff(R"({"a":1,"b":2})", R"({"b":3,"a":1})");
    EXPECT_EQ(d.rfind("--- primary\n+++ candidate\n", 0), 0u);
    EXPECT_NE(d.find("@@"), std::string::npos);
    EXPECT_NE(d.find("-  \"b\": 2\n"), std::string::npos);
    EXPECT_NE(d.find("+  \"b\": 3\n"), std::string::npos);
    EXPECT_NE(d.find("   \"a\": 1,\n"), std::string::npos);
    const std::string t = textDiff("one\ntwo\n", "one\nthree\n");
    EXPECT_NE(t.find("-two\n"), std::string::npos);
    EXPECT_NE(t.find("+three\n"), std::string::npos);
    const std::string b = textDiff(std::string("\x00\x01", 2), std::string("\x00\x02", 2));
    EXPECT_NE(b.find("Binary bodies differ"), std::string::npos);
}

TEST(TextDiff, ExactHunks) {
    std::string a, b;
    for (int i = 1; i <= 20; ++i) {
        a += "l" + std::to_string(i) + "\n";
        b += (i == 5 ? std::string("five") : i == 16 ? std::string("sixteen") : "l" + std::to_string(i)) + "\n";
    }
    b += "l21\n";
    const std::string expected = "--- primary\n+++ candidate\n"
                                 "@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-l5\n+five\n l6\n l7\n l8\n"
                                 "@@ -13,8 +13,9 @@\n l13\n l14\n l15\n-l16\n+sixteen\n l17\n l18\n l19\n l20\n+l21\n";
    EXPECT_EQ(textDiff(a, b), expected);
    EXPECT_EQ(textDiff("", "x"), "--- primary\n+++ candidate\n@@ -0,0 +1,1 @@\n+x\n");
}

TEST(SideBySide, HostileSizesStayBounded) {
    // 60k completely different lines each side, and long similar lines: must not go quadratic.
    std::string a, b, longA, longB;
    for (int i = 0; i < 60000; ++i) {
        a += "left line " + std::to_string(i) + "\n";
        b += "right " + std::to_string(i * 7) + "\n";
    }
    for (int i = 0; i < 300; ++i) {
        longA += std::string(3000, 'a' + i % 26) + "\n";
        longB += std::string(3000, 'A' + i % 26) + "\n";
    }
    const auto t0 = std::chrono::steady_clock::now();
    auto s = buildSideBySide(a, b, false);
    EXPECT_EQ(s.rows.size(), 60000u);
    EXPECT_EQ(s.rows[100].state, RowState::Changed);
    auto l = buildSideBySide(longA, longB, false);
    EXPECT_EQ(l.rows.size(), 300u);
    EXPECT_FALSE(textDiff(a, b).empty());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << "[ timing ] " << seconds
              << " s (a hang is caught by the ctest timeout; timings belong to benchmarks)\n";
}

// Tints only what the differences list names: an ignored volatile field (generated_at) on a
// status-only record stays untinted; a listed path and what lies below it stay tinted.
TEST(KeepListedChanges, OnlyNamedRowsStayChanged) {
    const std::string a = R"({"generated_at":"2026-01-01T00:00:00Z","items":[{"p":1},{"p":2}],"name":"A"})";
    const std::string b = R"({"generated_at":"2026-01-01T00:00:09Z","items":[{"p":1},{"p":3}],"name":"B"})";
    auto changedPointers = [](const SideBySide& s) {
        std::vector<std::string> out;
        for (const AlignedRow& r : s.rows)
            if (r.state != RowState::Same) out.push_back(r.pointer);
        return out;
    };
    SideBySide all = buildSideBySide(a, b, true);
    ASSERT_EQ(changedPointers(all).size(), 3u);  // generated_at, items/1/p, name

    SideBySide listed = buildSideBySide(a, b, true);
    EXPECT_EQ(keepListedChanges(listed, {"/items", "/name"}), 1u);
    EXPECT_EQ(changedPointers(listed), (std::vector<std::string>{"/items/1/p", "/name"}));
    for (const AlignedRow& r : listed.rows)
        if (r.pointer == "/generated_at") {
            EXPECT_TRUE(r.left_changes.empty() && r.right_changes.empty());
        }

    SideBySide none = buildSideBySide(a, b, true);  // a status-only record: nothing named
    EXPECT_EQ(keepListedChanges(none, {}), 3u);
    EXPECT_TRUE(changedPointers(none).empty());

    SideBySide text = buildSideBySide("one\ntwo", "one\nthree", true);  // not JSON: untouched
    EXPECT_EQ(keepListedChanges(text, {}), 0u);
}
