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

struct TagCase {
    const char* term;
    bool valid;
    FlatObject matching, notMatching;
};

class TagCriterionTest : public ::testing::TestWithParam<TagCase> {};

TEST_P(TagCriterionTest, ParsesAndMatches) {
    const TagCase& c = GetParam();
    const auto tag = TagCriterion::parse(c.term);
    ASSERT_EQ(tag.has_value(), c.valid) << c.term;
    if (!tag) return;
    if (!c.matching.empty()) EXPECT_TRUE(tag->matches(c.matching)) << c.term;
    if (!c.notMatching.empty()) EXPECT_FALSE(tag->matches(c.notMatching)) << c.term;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, TagCriterionTest,
    ::testing::Values(TagCase{"tenant=acme", true, {{"tenant", "acme"}, {"region", "eu"}}, {{"tenant", "acme2"}}},
                      TagCase{"Tenant=ACME", true, {{"tenant", "acme"}}, {{"region", "acme"}}},
                      TagCase{"region=eu-*", true, {{"region", "eu-west-1"}}, {{"region", "us-east-1"}}},
                      TagCase{"region=*-1", true, {{"region", "eu-west-1"}}, {{"region", "eu-west-2"}}},
                      TagCase{"region=e*w*1", true, {{"region", "eu-west-1"}}, {{"region", "eu-east-2"}}},
                      TagCase{"tenant=", true, {{"tenant", ""}}, {{"tenant", "x"}}},
                      TagCase{"tenant=*", true, {{"tenant", "x"}}, {{"region", "x"}}},
                      TagCase{"path.v2_x-y=1", true, {{"path.v2_x-y", "1"}}, {}}, TagCase{"=acme", false, {}, {}},
                      TagCase{"tenant", false, {}, {}}, TagCase{"a:b=c", false, {}, {}},
                      TagCase{"200>500", false, {}, {}}));

TEST(FilterQuery, TagTerms) {
    std::string error;
    auto spec = parseFilterQuery("tenant=acme tag:region=eu-* status:500 hello", &error);
    ASSERT_TRUE(spec) << error;
    ASSERT_EQ(spec->tags.size(), 2u);
    EXPECT_EQ(spec->tags[0], (TagCriterion{"tenant", "acme"}));
    EXPECT_EQ(spec->tags[1], (TagCriterion{"region", "eu-*"}));
    EXPECT_EQ(spec->text, "hello");
    EXPECT_TRUE(spec->hasRecordCriteria());
    EXPECT_FALSE(parseFilterQuery("tag:tenant", &error));
    EXPECT_NE(error.find("key=value"), std::string::npos) << error;

    std::string text = "c-0001 tenant=acme  tag:region=us-*";  // the GUI's search box
    const auto tags = extractTagTerms(text);
    ASSERT_EQ(tags.size(), 2u);
    EXPECT_EQ(tags[1], (TagCriterion{"region", "us-*"}));
    EXPECT_EQ(text, "c-0001");
    std::string plain = "just  text";
    EXPECT_TRUE(extractTagTerms(plain).empty());
    EXPECT_EQ(plain, "just  text");
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

// The sample's records carry tenant and region tags: a tag filter keeps exactly the records whose
// tags match, in every group.
TEST_F(SampleFilter, TagFilterKeepsTheRecordsWithThoseTags) {
    ASSERT_GT(s_analysis->tagSetCount(), 3u);
    for (const char* query : {"tenant=acme", "tenant=globex region=eu-*", "tag:region=*south*"}) {
        std::string error;
        const auto spec = parseFilterQuery(query, &error);
        ASSERT_TRUE(spec) << error;
        const auto result = computeFilter(*s_analysis, *spec);
        ASSERT_TRUE(result);
        uint64_t passed = 0, members = 0;
        for (const Group& g : s_analysis->groups())
            for (uint32_t m : g.members) {
                const FlatObject& tags = s_analysis->tagSet(s_analysis->recordTags(m));
                const bool want = std::all_of(spec->tags.begin(), spec->tags.end(),
                                              [&](const TagCriterion& c) { return c.matches(tags); });
                EXPECT_EQ(result->recordPasses(m), want) << query << " " << s_analysis->id(s_analysis->records()[m]);
                passed += want;
                ++members;
            }
        EXPECT_EQ(result->matchedRecords, passed) << query;
        EXPECT_GT(passed, 0u) << query;
        EXPECT_LT(passed, members) << query;
    }
    std::string error;
    const auto none = computeFilter(*s_analysis, *parseFilterQuery("tenant=nobody", &error));
    ASSERT_TRUE(none);
    EXPECT_EQ(none->matchedRecords, 0u);
    EXPECT_EQ(none->visibleGroups, 0u);
}

// The dashboard's record mask covers every record (matches too), by endpoint and record criteria.
TEST_F(SampleFilter, RecordMaskCoversEveryRecord) {
    std::string error;
    auto spec = parseFilterQuery("endpoint:/users/ tenant=acme", &error);
    ASSERT_TRUE(spec) << error;
    const auto mask = recordMask(*s_analysis, *spec);
    ASSERT_TRUE(mask);
    ASSERT_EQ(mask->size(), s_analysis->records().size());
    uint64_t passed = 0, matches = 0;
    for (uint32_t i = 0; i < mask->size(); ++i) {
        const IndexedRecord& r = s_analysis->records()[i];
        const bool want = r.endpoint != kNone &&
                          s_analysis->endpoint(r.endpoint).find("/users/") != std::string::npos &&
                          TagCriterion{"tenant", "acme"}.matches(s_analysis->tagSet(s_analysis->recordTags(i)));
        EXPECT_EQ((*mask)[i] != 0, want) << i;
        passed += want;
        matches += want && r.outcome == Outcome::Match;
    }
    EXPECT_GT(matches, 0u) << "match records are counted too";
    EXPECT_LT(passed, s_analysis->records().size());
    EXPECT_TRUE(recordMask(*s_analysis, *parseFilterQuery("path:/x kind:missing hello", &error))->empty());
    // An unparsable status matches nothing (parseFilterQuery refuses it; the GUI passes it through).
    EXPECT_FALSE(parseFilterQuery("status:abc", &error));
    FilterSpec bad;
    bad.status = "abc";
    const auto nothing = recordMask(*s_analysis, bad);
    ASSERT_TRUE(nothing);
    EXPECT_EQ(std::count(nothing->begin(), nothing->end(), 1), 0);
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
