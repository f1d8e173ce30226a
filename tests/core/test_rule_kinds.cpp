// SPDX-License-Identifier: MIT
// The precise rule kinds of issue 9 through the diff engine: each absorbs exactly one value-change
// class at its path and never the real change beside it (null_equals_missing, empty_equals_null,
// same_instant, url_host, header_parameter), and ranking thresholds with the measured values shown.
#include <gtest/gtest.h>

#include <string>

#include "core/compare/compare.h"
#include "core/rules/rules_io.h"
#include "core/rules/rules_match.h"

using namespace dt;

namespace {

std::shared_ptr<const DiffPolicy> policy(const std::string& rulesJson) {
    std::vector<RuleError> errors;
    auto cfg = parseRulesConfig(R"({"version": 2, "rules": [)" + rulesJson + "]}", &errors);
    EXPECT_TRUE(cfg) << formatRuleErrors("rules", errors);
    if (!cfg) return nullptr;
    std::vector<std::string> problems;
    auto set = RuleSet::build(*cfg, &problems);
    EXPECT_TRUE(set);
    return set ? set->policyFor("GET /x") : nullptr;
}

Response resp(std::string body, Headers headers = {}) {
    Response r;
    r.present = true;
    r.status = 200;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
}

struct Case {
    const char* name;
    const char* rule;  // one rule object (without reason/remove_when)
    const char* primary;
    const char* candidate;
    size_t remaining;  // differences left
    size_t absorbed;
};

class PreciseKinds : public ::testing::TestWithParam<Case> {};

const Case kCases[] = {
    {"null omitted", R"("kind":"null_equals_missing","path":"/**")", R"({"a":null,"b":1})", R"({"b":1})", 0, 1},
    {"non-null missing stays", R"("kind":"null_equals_missing","path":"/**")", R"({"a":2,"b":1})", R"({"b":1})", 1, 0},
    {"both", R"("kind":"null_equals_missing","path":"/**")", R"({"a":null,"c":3})", R"({})", 1, 1},
    {"empty as null", R"("kind":"empty_equals_null","path":"/tags")", R"({"tags":[]})", R"({"tags":null})", 0, 1},
    {"empty elsewhere stays", R"("kind":"empty_equals_null","path":"/tags")", R"({"x":[]})", R"({"x":null})", 1, 0},
    {"same instant", R"("kind":"same_instant","path":"/**/*_at")",
     R"({"created_at":"2024-01-01T10:00:00.000000+00:00"})", R"({"created_at":"2024-01-01T10:00:00Z"})", 0, 1},
    {"shift under format stays", R"("kind":"same_instant","path":"/**/*_at")",
     R"({"starts_at":"2024-01-01T10:00:00+00:00","ends_at":"2024-01-01T12:00:00+00:00"})",
     R"({"starts_at":"2024-01-01T11:00:00Z","ends_at":"2024-01-01T12:00:00Z"})", 1, 1},
    {"host pair", R"("kind":"url_host","path":"/links/*","from":"https://old.example","to":"https://new.example")",
     R"({"links":{"self":"https://old.example/u/1"}})", R"({"links":{"self":"https://new.example/u/1"}})", 0, 1},
    {"other host stays",
     R"("kind":"url_host","path":"/links/*","from":"https://old.example","to":"https://new.example")",
     R"({"links":{"self":"https://old.example/u/1"}})", R"({"links":{"self":"https://evil.example/u/1"}})", 1, 0},
    {"other path stays",
     R"("kind":"url_host","path":"/links/*","from":"https://old.example","to":"https://new.example")",
     R"({"links":{"self":"https://old.example/u/1"}})", R"({"links":{"self":"https://new.example/u/2"}})", 1, 0},
};

TEST_P(PreciseKinds, AbsorbExactlyTheirClass) {
    const Case& c = GetParam();
    auto p = policy(std::string("{") + c.rule + R"(,"scope":"*","reason":"r","remove_when":"w"})");
    ASSERT_TRUE(p);
    Comparer cmp;
    const CompareResult r = cmp.compare(resp(c.primary), resp(c.candidate), p.get());
    EXPECT_EQ(r.differences.size(), c.remaining) << c.name;
    EXPECT_EQ(r.absorbed.size(), c.absorbed) << c.name;
}

INSTANTIATE_TEST_SUITE_P(RuleKinds, PreciseKinds, ::testing::ValuesIn(kCases));

TEST(RuleKinds, HeaderParameter) {
    auto p = policy(
        R"({"kind":"header_parameter","header":"content-type","parameter":"charset","scope":"*","reason":"r","remove_when":"w"})");
    ASSERT_TRUE(p);
    Comparer cmp;
    CompareResult r = cmp.compare(resp("{}", {{"Content-Type", "application/json"}}),
                                  resp("{}", {{"content-type", "application/json; charset=utf-8"}}), p.get());
    EXPECT_TRUE(r.differences.empty());
    EXPECT_EQ(r.absorbed.size(), 1u);
    r = cmp.compare(resp("{}", {{"Content-Type", "application/json"}}), resp("{}", {{"content-type", "text/html"}}),
                    p.get());
    EXPECT_EQ(r.differences.size(), 1u);
    r = cmp.compare(resp("{}", {{"Content-Type", "application/json"}}),
                    resp("{}", {{"content-type", "application/json; boundary=x"}}), p.get());
    EXPECT_EQ(r.differences.size(), 1u) << "another parameter stays a difference";
}

TEST(RuleKinds, RankingThresholdsAndMeasuredValues) {
    auto p = policy(
        R"({"kind":"ranking","path":"/results","key":"id","top_k":5,"min_overlap":0.8,"min_kendall_tau":0.6,"scope":"*","reason":"r","remove_when":"w"})");
    ASSERT_TRUE(p);
    auto list = [](std::initializer_list<int> ids) {
        std::string s = R"({"results":[)";
        bool first = true;
        for (int i : ids) {
            if (!first) s += ',';
            first = false;
            s += R"({"id":)" + std::to_string(i) + "}";
        }
        return s + "]}";
    };
    Comparer cmp;
    // two neighbours swapped: overlap 1, tau 0.8 -> absorbed
    CompareResult r = cmp.compare(resp(list({1, 2, 3, 4, 5, 6})), resp(list({2, 1, 3, 4, 5, 6})), p.get());
    EXPECT_TRUE(r.differences.empty());
    EXPECT_FALSE(r.absorbed.empty());
    // reversed: tau -1 -> a difference, with the measured values as a warning
    r = cmp.compare(resp(list({1, 2, 3, 4, 5, 6})), resp(list({6, 5, 4, 3, 2, 1})), p.get());
    EXPECT_FALSE(r.differences.empty());
    ASSERT_FALSE(r.warnings.empty());
    EXPECT_NE(r.warnings.front().find("kendall tau-b -1.000"), std::string::npos) << r.warnings.front();
}

}  // namespace
