// SPDX-License-Identifier: MIT
// The filter language (core/present/record_filter.h): status criteria, the CLI query form, group
// summaries and computeFilter on the bundled sample.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/analysis/analysis.h"
#include "core/present/record_filter.h"

using namespace dt;

struct StatusCase {
    const char* text;
    bool valid;
    std::vector<std::pair<int, int>> matching, notMatching;
};

class StatusCriterionTest : public ::testing::TestWithParam<StatusCase> {};

TEST_P(StatusCriterionTest, ParsesAndMatches) {
    const StatusCase& c = GetParam();
    const auto criterion = StatusCriterion::parse(c.text);
    ASSERT_EQ(criterion.has_value(), c.valid) << c.text;
    if (!criterion) return;
    for (auto [p, q] : c.matching) EXPECT_TRUE(criterion->matches(p, q)) << c.text << " " << p << ">" << q;
    for (auto [p, q] : c.notMatching) EXPECT_FALSE(criterion->matches(p, q)) << c.text << " " << p << ">" << q;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, StatusCriterionTest,
    ::testing::Values(
        StatusCase{"500", true, {{500, 200}, {200, 500}}, {{200, 200}}},
        StatusCase{"5xx", true, {{200, 503}}, {{200, 404}}}, StatusCase{"200->5xx", true, {{200, 502}}, {{502, 200}}},
        StatusCase{"* \xE2\x86\x92 404", true, {{200, 404}, {-1, 404}}, {{404, 200}}},
        StatusCase{"!200", true, {{500, 502}}, {{200, 200}}}, StatusCase{"20x", true, {{204, 204}}, {{210, 210}}},
        StatusCase{"", false, {}, {}}, StatusCase{"abc", false, {}, {}}, StatusCase{"5x0", false, {}, {}},
        StatusCase{"99", false, {}, {}}, StatusCase{"1000", false, {}, {}}, StatusCase{"200>", false, {}, {}},
        StatusCase{">", false, {}, {}}, StatusCase{"x00", false, {}, {}}, StatusCase{"200>500>404", false, {}, {}}));

TEST(FilterQuery, ParsesTermsAndFreeText) {
    std::string error;
    auto spec = parseFilterQuery("endpoint:/orders status:200>5xx kind:missing outcome:drift id:abc "
                                 "from:2026-11-20T10:00:00Z hello world",
                                 &error);
    ASSERT_TRUE(spec) << error;
    EXPECT_EQ(spec->endpoint, "/orders");
    EXPECT_EQ(spec->status, "200>5xx");
    EXPECT_EQ(spec->kind, DiffKind::Missing);
    EXPECT_EQ(spec->outcome, Outcome::Drift);
    EXPECT_EQ(spec->correlationId, "abc");
    ASSERT_TRUE(spec->fromMs);
    EXPECT_EQ(*spec->fromMs, *parseTimestampMs("2026-11-20T10:00:00Z"));
    EXPECT_EQ(spec->text, "hello world");
    EXPECT_TRUE(parseFilterQuery("", &error)->isEmpty());
}

TEST(FilterQuery, RejectsBadTermsWithAReason) {
    for (const char* bad : {"kind:mising", "status:abc", "outcome:match", "from:yesterday"}) {
        std::string error;
        EXPECT_FALSE(parseFilterQuery(bad, &error)) << bad;
        EXPECT_FALSE(error.empty()) << bad;
    }
}

class SampleFilter : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        std::string error;
        AnalyzeOptions options;
        s_analysis = Analysis::analyze(std::string(DT_SAMPLES) + "/sample.jsonl", options, &error).release();
        ASSERT_TRUE(s_analysis) << error;
    }
    static void TearDownTestSuite() { delete s_analysis; }
    static Analysis* s_analysis;
};
Analysis* SampleFilter::s_analysis = nullptr;

TEST_F(SampleFilter, SummaryNamesEveryDifferenceAndCountsTheRest) {
    for (const Group& g : s_analysis->groups()) {
        const std::string s = differenceSummary(*s_analysis, g, 100);
        for (const DiffKey& k : g.differences) {
            if (k.kind == DiffKind::Changed || k.kind == DiffKind::Missing || k.kind == DiffKind::Extra) {
                EXPECT_NE(s.find(s_analysis->path(k.path)), std::string::npos) << s;
            }
        }
        if (g.status_pair) {
            EXPECT_NE(
                s.find(std::to_string(g.status_pair->first) + "\xE2\x86\x92" + std::to_string(g.status_pair->second)),
                std::string::npos);
        }
        const std::string one = differenceSummary(*s_analysis, g, 1, ", ");
        const bool statusKey = std::any_of(g.differences.begin(), g.differences.end(),
                                           [](const DiffKey& k) { return k.kind == DiffKind::Status; });
        const int items = int(g.differences.size()) + (g.status_pair ? 1 : 0) - (g.status_pair && statusKey ? 1 : 0);
        if (items > 1) {
            EXPECT_NE(one.find("+" + std::to_string(items - 1) + " more"), std::string::npos) << one;
        }
    }
}

TEST_F(SampleFilter, QueryFiltersGroupsAndRecordsConsistently) {
    const auto& groups = s_analysis->groups();
    ASSERT_GT(groups.size(), 3u);
    std::string error;
    const auto spec = parseFilterQuery("status:5xx", &error);
    ASSERT_TRUE(spec) << error;
    const auto result = computeFilter(*s_analysis, *spec);
    ASSERT_TRUE(result);
    const auto criterion = StatusCriterion::parse("5xx");
    uint64_t passed = 0;
    for (size_t g = 0; g < groups.size(); ++g) {
        uint32_t n = 0;
        for (uint32_t m : groups[g].members) {
            const IndexedRecord& r = s_analysis->records()[m];
            const bool want = criterion->matches(r.primary_status, r.candidate_status);
            EXPECT_EQ(result->recordPasses(m), want);
            n += want;
        }
        EXPECT_EQ(result->groupMatches[g], n);
        EXPECT_EQ(result->groupVisible[g] != 0, n > 0);
        passed += n;
    }
    EXPECT_EQ(result->matchedRecords, passed);
    std::atomic<bool> stop{true};
    EXPECT_FALSE(computeFilter(*s_analysis, *spec, &stop));
}

namespace dt {
namespace {

// Weighted, Share and First/Last seen follow a record-level filter: per group, the sums over the
// members that pass.
TEST_F(SampleFilter, PerGroupWeightAndTimeSpanFollowTheFilter) {
    const auto& groups = s_analysis->groups();
    const auto& records = s_analysis->records();
    // A time window in the middle of the store's span.
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (const Group& g : groups) {
        lo = std::min(lo, g.first_ts);
        hi = std::max(hi, g.last_ts);
    }
    FilterSpec spec;
    spec.fromMs = lo + (hi - lo) / 4;
    spec.toMs = hi - (hi - lo) / 4;
    const auto result = computeFilter(*s_analysis, spec);
    ASSERT_TRUE(result && result->recordLevel());
    ASSERT_EQ(result->groupWeighted.size(), groups.size());
    size_t narrowed = 0;
    for (size_t g = 0; g < groups.size(); ++g) {
        double w = 0;
        int64_t first = INT64_MAX, last = INT64_MIN;
        for (uint32_t m : groups[g].members) {
            const IndexedRecord& r = records[m];
            if (r.ts_ms < *spec.fromMs || r.ts_ms > *spec.toMs) continue;
            w += r.weight;
            first = std::min(first, r.ts_ms);
            last = std::max(last, r.ts_ms);
        }
        EXPECT_DOUBLE_EQ(result->groupWeighted[g], w);
        if (result->groupMatches[g] > 0) {
            EXPECT_EQ(result->groupFirstTs[g], first);
            EXPECT_EQ(result->groupLastTs[g], last);
            EXPECT_GE(result->groupFirstTs[g], *spec.fromMs);
            EXPECT_LE(result->groupLastTs[g], *spec.toMs);
        }
        narrowed += w < groups[g].weighted;
    }
    EXPECT_GT(narrowed, 0u) << "the window must cut some groups for the test to mean anything";
}

}  // namespace
}  // namespace dt
