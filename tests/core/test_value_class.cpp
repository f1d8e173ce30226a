// SPDX-License-Identifier: MIT
// Value-change classes (core/compare/value_class.h) and the instant parser (core/util/instant.h):
// table-driven over the spellings a Python -> Go rewrite produces, then through the diff engine.
#include <gtest/gtest.h>

#include <string>

#include "core/compare/compare.h"
#include "core/compare/value_class.h"
#include "core/util/instant.h"

using namespace dt;

namespace {

struct StringCase {
    const char* a;
    const char* b;
    const char* want;  // class text
};

class ClassifyStrings : public ::testing::TestWithParam<StringCase> {};

const StringCase kStringCases[] = {
    {"2024-01-01T10:00:00+00:00", "2024-01-01T10:00:00Z", "same_instant"},
    {"2024-01-01T10:00:00.000000+00:00", "2024-01-01T10:00:00Z", "same_instant"},
    {"2024-01-01T10:00:00.120Z", "2024-01-01T10:00:00.12Z", "same_instant"},
    {"2024-01-01 10:00:00", "2024-01-01T10:00:00Z", "same_instant"},
    {"2024-01-01T12:00:00+02:00", "2024-01-01T10:00:00Z", "same_instant"},
    {"2024-01-01T10:00:00-0130", "2024-01-01t11:30:00z", "same_instant"},
    {"1704103200", "2024-01-01T10:00:00Z", "same_instant"},
    {"2024-01-01T10:00:00Z", "1704103200000", "same_instant"},
    {"2024-01-01T10:00:00+00:00", "2024-01-01T11:00:00Z", "instant_shift +1h"},
    {"2024-01-01T10:00:00Z", "2024-01-01T09:30:00Z", "instant_shift -30m"},
    {"2024-01-01T10:00:00.5Z", "2024-01-01T10:00:00Z", "instant_shift -500ms"},
    {"2024-01-02T10:00:00Z", "2024-01-01T08:59:00Z", "instant_shift -1d1h1m"},
    {"1704103200", "1704103201", "numeric_delta"},  // two epoch-looking strings: numbers, not instants
    {"Alice", "alice", "case_only"},
    {"a  b", "a b", "whitespace_only"},
    {" x", "x", "whitespace_only"},
    {"https://old.example/u/1?x=1", "https://api.example:8443/u/1?x=1",
     "url_host https://old.example>https://api.example:8443"},
    {"http://a.example/p", "https://a.example/p", "url_host http://a.example>https://a.example"},
    {"/users/1", "https://api.example/users/1", "url_host >https://api.example"},
    {"https://a.example/p", "https://b.example/q", "string_changed"},
    {"12.50", "12.5", "number_as_string"},
    {"12.345", "12.35", "numeric_delta rounding"},
    {"abc", "abd", "string_changed"},
    {"2024-13-01T10:00:00Z", "2024-01-01T10:00:00Z", "string_changed"},  // month 13: not an instant
};

TEST_P(ClassifyStrings, Table) {
    const StringCase& c = GetParam();
    const ClassResult r = classifyStrings(c.a, c.b);
    EXPECT_EQ(classText(r.cls, r.param), c.want) << c.a << " vs " << c.b;
}

INSTANTIATE_TEST_SUITE_P(ValueClass, ClassifyStrings, ::testing::ValuesIn(kStringCases));

struct BodyCase {
    const char* a;
    const char* b;
    const char* path;
    DiffKind kind;
    const char* want;
};

class ClassifyBodies : public ::testing::TestWithParam<BodyCase> {};

const BodyCase kBodyCases[] = {
    {R"({"a":null,"b":1})", R"({"b":1})", "/a", DiffKind::Missing, "null_vs_missing"},
    {R"({"b":1})", R"({"a":null,"b":1})", "/a", DiffKind::Extra, "null_vs_missing"},
    {R"({"a":[],"b":1})", R"({"b":1})", "/a", DiffKind::Missing, "empty_vs_null"},
    {R"({"a":[]})", R"({"a":null})", "/a", DiffKind::TypeChanged, "empty_vs_null"},
    {R"({"a":null})", R"({"a":{}})", "/a", DiffKind::TypeChanged, "empty_vs_null"},
    {R"({"a":""})", R"({"a":null})", "/a", DiffKind::TypeChanged, "empty_vs_null"},
    {R"({"a":1,"b":1})", R"({"b":1})", "/a", DiffKind::Missing, "missing_value"},
    {R"({"b":1})", R"({"a":"x","b":1})", "/a", DiffKind::Extra, "extra_value"},
    {R"({"p":"12.50"})", R"({"p":12.5})", "/p", DiffKind::TypeChanged, "number_as_string"},
    {R"({"p":12.5})", R"({"p":"12.6"})", "/p", DiffKind::TypeChanged, "type_changed"},
    {R"({"t":1704103200000})", R"({"t":"2024-01-01T10:00:00Z"})", "/t", DiffKind::TypeChanged, "same_instant"},
    {R"({"t":"2024-01-01T10:00:00Z"})", R"({"t":1704106800})", "/t", DiffKind::TypeChanged, "instant_shift +1h"},
    {R"({"p":12.345})", R"({"p":12.35})", "/p", DiffKind::Changed, "numeric_delta rounding"},
    {R"({"p":19.99})", R"({"p":20})", "/p", DiffKind::Changed, "numeric_delta rounding"},
    {R"({"p":10})", R"({"p":12})", "/p", DiffKind::Changed, "numeric_delta"},
    {R"({"f":true})", R"({"f":false})", "/f", DiffKind::Changed, "value_changed"},
    {R"({"s":"2024-01-01T10:00:00+00:00"})", R"({"s":"2024-01-01T10:00:00Z"})", "/s", DiffKind::Changed,
     "same_instant"},
    {R"({"l":[1,2,3]})", R"({"l":[3,2,1]})", "/l", DiffKind::ArrayOrder, "array_order"},
    {R"({"l":[1,2,3]})", R"({"l":[1,2]})", "/l", DiffKind::ArrayLength, "array_length"},
    {R"({"o":[{"n":null,"x":1}]})", R"({"o":[{"x":1}]})", "/o/0/n", DiffKind::Missing, "null_vs_missing"},
};

TEST_P(ClassifyBodies, ThroughTheEngine) {
    const BodyCase& c = GetParam();
    Comparer cmp;
    const CompareResult r = cmp.compareBodies(c.a, c.b);
    const Difference* found = nullptr;
    for (const auto& d : r.differences)
        if (d.path == c.path && d.kind == c.kind) found = &d;
    ASSERT_NE(found, nullptr) << c.a << " vs " << c.b;
    EXPECT_EQ(classText(*found), c.want) << c.a << " vs " << c.b;
}

INSTANTIATE_TEST_SUITE_P(ValueClass, ClassifyBodies, ::testing::ValuesIn(kBodyCases));

TEST(ValueClass, HeadersStatusErrorText) {
    Comparer cmp;
    Response p, c;
    p.present = c.present = true;
    p.status = c.status = 200;
    p.headers = {{"Content-Type", "application/json"}, {"Cache-Control", "no-cache"}, {"X-Old", "1"}};
    c.headers = {{"content-type", "application/json; charset=utf-8"}, {"Cache-Control", "No-Cache"}};
    p.body = c.body = "{}";
    CompareResult r = cmp.compare(p, c);
    auto cls = [&](std::string_view path) {
        for (const auto& d : r.differences)
            if (d.path == path) return classText(d);
        return std::string("(none)");
    };
    EXPECT_EQ(cls("content-type"), "parameter_only charset");
    EXPECT_EQ(cls("cache-control"), "case_only");
    EXPECT_EQ(cls("x-old"), "missing_value");

    c.status = 500;
    r = cmp.compare(p, c);
    ASSERT_FALSE(r.differences.empty());
    EXPECT_EQ(r.differences.front().cls, ValueClass::StatusChanged);

    c.error = "timeout";
    r = cmp.compare(p, c);
    ASSERT_EQ(r.differences.size(), 1u);
    EXPECT_EQ(r.differences.front().cls, ValueClass::CandidateError);

    r = cmp.compareBodies("line one\nline two\n", "line one\nline 2\n");
    ASSERT_EQ(r.differences.size(), 1u);
    EXPECT_EQ(r.differences.front().cls, ValueClass::Text);
}

TEST(ValueClass, NamesRoundTripAndRepresentationSplit) {
    for (int i = 1; i < kValueClassCount; ++i) {
        const auto c = static_cast<ValueClass>(i);
        ASSERT_FALSE(className(c).empty());
        EXPECT_EQ(classFromName(className(c)), c);
    }
    EXPECT_TRUE(isRepresentationOnly(ValueClass::SameInstant));
    EXPECT_TRUE(isRepresentationOnly(ValueClass::UrlHost));
    EXPECT_FALSE(isRepresentationOnly(ValueClass::InstantShift));
    EXPECT_FALSE(isRepresentationOnly(ValueClass::MissingValue));
    EXPECT_EQ(classLabel("instant_shift +1h"), "shift +1h");
    EXPECT_EQ(classLabel("null_vs_missing"), "was null");
    EXPECT_EQ(classLabel("string_changed"), "");
}

TEST(Instant, ParsesAndFormats) {
    const auto a = parseIsoInstant("2024-01-01T10:00:00.123456789Z");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->seconds, 1704103200);
    EXPECT_EQ(a->nanos, 123456789);
    EXPECT_FALSE(parseIsoInstant("2024-01-01"));
    EXPECT_FALSE(parseIsoInstant("2024-01-01T10:00:00 Z"));
    EXPECT_FALSE(parseIsoInstant("2024-02-30T10:00:00Z"));
    EXPECT_FALSE(parseEpochInstant("12345"));  // a counter, not an instant
    EXPECT_FALSE(parseEpochInstant("1704103200x"));
    EXPECT_EQ(parseEpochInstant("1704103200.25")->nanos, 250000000);
    EXPECT_EQ(parseEpochInstant("1704103200250")->nanos, 250000000);
    EXPECT_EQ(formatDelta(3600LL * 1000000000), "+1h");
    EXPECT_EQ(formatDelta(-90LL * 1000000000), "-1m30s");
    EXPECT_EQ(formatDelta(0), "+0");
    EXPECT_EQ(formatDelta(1500), "+1us500ns");
}

}  // namespace
