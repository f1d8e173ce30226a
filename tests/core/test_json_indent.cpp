// SPDX-License-Identifier: MIT
// indentJson: the raw view's pretty-printing keeps key order and the exact spelling of every token.
#include <gtest/gtest.h>

#include <string>

#include "core/present/json_indent.h"

using dt::indentJson;

namespace {

struct Case {
    const char* name;
    std::string in;
    std::string out;  // "" = not JSON (nullopt)
};

class JsonIndent : public ::testing::TestWithParam<Case> {};

}  // namespace

TEST_P(JsonIndent, Layout) {
    const Case& c = GetParam();
    const auto got = indentJson(c.in);
    if (c.out.empty()) {
        EXPECT_FALSE(got.has_value()) << *got;
    } else {
        ASSERT_TRUE(got.has_value());
        EXPECT_EQ(*got, c.out);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, JsonIndent,
    ::testing::Values(Case{"keeps_key_order", R"({"b":1,"a":2})", "{\n  \"b\": 1,\n  \"a\": 2\n}"},
                      Case{"numbers_as_written", R"([1.50,1e1,-0,10.0])", "[\n  1.50,\n  1e1,\n  -0,\n  10.0\n]"},
                      Case{"strings_with_structure_chars", R"({"k":"a,b:{c}[d]\"e"})",
                           "{\n  \"k\": \"a,b:{c}[d]\\\"e\"\n}"},
                      Case{"escaped_backslash_before_quote", R"(["x\\","y"])", "[\n  \"x\\\\\",\n  \"y\"\n]"},
                      Case{"nested", R"({"a":{"b":[true,null]}})",
                           "{\n  \"a\": {\n    \"b\": [\n      true,\n      null\n    ]\n  }\n}"},
                      Case{"empty_containers", R"({"a":{},"b":[ ]})", "{\n  \"a\": {},\n  \"b\": []\n}"},
                      Case{"already_pretty_is_stable", "{\n  \"a\": 1\n}", "{\n  \"a\": 1\n}"},
                      Case{"scalar", " 42 ", "42"},
                      Case{"unicode_kept", R"({"n":"Zoë \u00e9"})", "{\n  \"n\": \"Zoë \\u00e9\"\n}"},
                      Case{"not_json_text", "hello, world", ""}, Case{"truncated", R"({"a":[1,2)", ""},
                      Case{"two_values", "1 2", ""}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(JsonIndent, DeepNestingDoesNotRecurse) {
    const std::string deep = std::string(2000, '[') + std::string(2000, ']');
    const auto got = indentJson(deep);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->substr(0, 4), "[\n  ");
}
