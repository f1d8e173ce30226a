// SPDX-License-Identifier: MIT
// core/util/text.h: ASCII folding, strict UTF-8 decoding and repair, JSON Pointer escaping.
#include <gtest/gtest.h>

#include "core/util/text.h"

using namespace dt;

TEST(Text, AsciiFolding) {
    EXPECT_TRUE(iequals("Content-Type", "content-TYPE"));
    EXPECT_FALSE(iequals("abc", "abd"));
    EXPECT_FALSE(iequals("\xC3\x84", "\xC3\xA4"));  // non-ASCII bytes are never folded
    EXPECT_EQ(lowercase("X-Request-ID \xC3\x84"), "x-request-id \xC3\x84");
    EXPECT_TRUE(containsLower("GET /Users/{id}", "users"));
    EXPECT_TRUE(containsLower("abc", ""));
    EXPECT_FALSE(containsLower("ab", "abc"));
    EXPECT_TRUE(containsLower("xxaab", "aab"));
}

struct Utf8Case {
    const char* name;
    std::string bytes;
    bool valid;
    std::string repaired;
};

class Utf8Test : public ::testing::TestWithParam<Utf8Case> {};

TEST_P(Utf8Test, ValidatesAndRepairsByMaximalSubparts) {
    const Utf8Case& c = GetParam();
    EXPECT_EQ(isValidUtf8(c.bytes), c.valid);
    std::string out = "untouched";
    EXPECT_EQ(repairUtf8(c.bytes, out), !c.valid);
    EXPECT_EQ(out, c.valid ? std::string("untouched") : c.repaired);
}

const std::string kFffd = "\xEF\xBF\xBD";
INSTANTIATE_TEST_SUITE_P(
    Cases, Utf8Test,
    ::testing::Values(Utf8Case{"ascii", "hello", true, ""}, Utf8Case{"two_byte", "caf\xC3\xA9", true, ""},
                      Utf8Case{"four_byte", "\xF0\x9F\x90\xB5", true, ""},
                      Utf8Case{"overlong",
                               "a\xC0\xAF"
                               "b",
                               false, "a" + kFffd + kFffd + "b"},
                      Utf8Case{"surrogate", "\xED\xA0\x80", false, kFffd + kFffd + kFffd},
                      Utf8Case{"truncated", "x\xE2\x82", false, "x" + kFffd},
                      Utf8Case{"beyond_max", "\xF4\x90\x80\x80", false, kFffd + kFffd + kFffd + kFffd},
                      Utf8Case{"lone_continuation", "\x80", false, kFffd}),
    [](const ::testing::TestParamInfo<Utf8Case>& info) { return std::string(info.param.name); });

TEST(Text, DecodeReturnsCodepoints) {
    const std::string s = "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x90\xB5";
    std::vector<uint32_t> cps;
    for (size_t i = 0; i < s.size();) {
        const Utf8Step step = decodeUtf8(s, i);
        ASSERT_TRUE(step.valid);
        cps.push_back(step.codepoint);
        i += step.length;
    }
    EXPECT_EQ(cps, (std::vector<uint32_t>{0x41, 0xE9, 0x20AC, 0x1F435}));
}

TEST(Text, PointerTokensRoundTrip) {
    for (const std::string t : {"a/b", "m~n", "~1", "", "plain", "/~/~"}) {
        EXPECT_EQ(unescapePointerToken(escapePointerToken(t)), t) << t;
        EXPECT_EQ(escapePointerToken(t).find('/'), std::string::npos) << t;
    }
    EXPECT_EQ(escapePointerToken("a/b~c"), "a~1b~0c");
    EXPECT_EQ(unescapePointerToken("a~2"), "a~2");  // lenient: unknown escape kept
}
