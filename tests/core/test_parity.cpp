// SPDX-License-Identifier: MIT
// Parity series (core/parity): bucketing, weighted percentiles against a reference computation,
// per-endpoint latency and the latency criterion, error parity, difference classes, weights and
// the allowances burndown.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/parity/parity.h"
#include "core/parity/verdict.h"
#include "core/rules/rules_match.h"
#include "parity_store.h"

using namespace dt;
using namespace dt::test;

namespace {

ParityOptions parityOptions(double minWeight = 100) {
    ParityOptions o;
    o.min_window_weight = minWeight;
    o.today = "2026-11-21";
    return o;
}

const EndpointParity* findEndpoint(const ParityReport& r, const std::string& name) {
    for (const EndpointParity& e : r.endpoints)
        if (e.endpoint == name) return &e;
    return nullptr;
}

}  // namespace

// --- bucketing -------------------------------------------------------------------------------------

struct BucketCase {
    int64_t span_ms;
    int64_t expected;
};
class ParityAutoBucket : public ::testing::TestWithParam<BucketCase> {};

TEST_P(ParityAutoBucket, SmallestLadderStepWithAtMost120Buckets) {
    EXPECT_EQ(autoBucketMs(GetParam().span_ms), GetParam().expected);
}
INSTANTIATE_TEST_SUITE_P(Spans, ParityAutoBucket,
                         ::testing::Values(BucketCase{0, 1000}, BucketCase{108'000, 1000}, BucketCase{119'000, 1000},
                                           BucketCase{120'000, 5000}, BucketCase{600'000, 10'000},
                                           BucketCase{kHourMs, 60'000}, BucketCase{24 * kHourMs, 15 * kMin},
                                           BucketCase{7 * 24 * kHourMs, 3 * kHourMs},
                                           BucketCase{90 * 24 * kHourMs, 24 * kHourMs},
                                           BucketCase{10'000LL * 24 * kHourMs, 7 * 24 * kHourMs}));

TEST(ParityDuration, ParseAndFormat) {
    EXPECT_EQ(parseDuration("1h"), kHourMs);
    EXPECT_EQ(parseDuration("90s"), 90'000);
    EXPECT_EQ(parseDuration("15m"), 15 * kMin);
    EXPECT_EQ(parseDuration("2d"), 48 * kHourMs);
    EXPECT_EQ(parseDuration("250ms"), 250);
    EXPECT_EQ(parseDuration("30"), 30'000);
    EXPECT_EQ(parseDuration("1.5h"), 90 * kMin);
    for (const char* bad : {"", "h", "-1h", "0", "1y", "1 h x", "0ms"}) EXPECT_FALSE(parseDuration(bad)) << bad;
    EXPECT_EQ(formatDuration(kHourMs), "1h");
    EXPECT_EQ(formatDuration(90'000), "90s");
    EXPECT_EQ(formatDuration(15 * kMin), "15m");
    EXPECT_EQ(formatDuration(24 * kHourMs), "1d");
    EXPECT_EQ(formatDuration(250), "250ms");
}

TEST(ParityBuckets, OutcomesPerBucketAreWeightedAndAddUp) {
    ParityStore s;
    // Three hours, 60 records an hour: hour 0 all matches, hour 1 has 3 mismatches (weight 1)
    // and 2 noise, hour 2 matches of weight 10.
    for (int h = 0; h < 3; ++h)
        for (int k = 0; k < 60; ++k) {
            ParityRec r;
            r.ts = kDay0 + h * kHourMs + k * kMin;
            if (h == 1 && k < 3) r.kind = ParityRec::Mismatch;
            if (h == 1 && k >= 3 && k < 5) r.kind = ParityRec::Noise;
            if (h == 2) r.weight = 10;
            s.add(r);
        }
    auto a = s.analyze();
    ASSERT_TRUE(a);
    const ParityReport rep = computeParity(*a, parityOptions());
    EXPECT_EQ(rep.bucket_ms, 5 * kMin);  // span 2h59m -> 36 buckets of 5 minutes
    EXPECT_EQ(rep.bucket_unit, "5m");
    ASSERT_EQ(rep.buckets.size(), 36u);
    double mismatches = 0, total = 0;
    uint64_t records = 0;
    for (size_t b = 0; b < rep.buckets.size(); ++b) {
        EXPECT_EQ(rep.buckets[b].start_ms, kDay0 + static_cast<int64_t>(b) * 5 * kMin);
        EXPECT_EQ(rep.buckets[b].outcomes.records, 5u);
        mismatches += rep.buckets[b].outcomes.of(Outcome::Mismatch);
        for (double w : rep.buckets[b].outcomes.weights) total += w;
        records += rep.buckets[b].outcomes.records;
    }
    EXPECT_EQ(records, 180u);
    EXPECT_DOUBLE_EQ(mismatches, 3);
    EXPECT_DOUBLE_EQ(total, 60 + 60 + 600);
    EXPECT_DOUBLE_EQ(rep.buckets[12].outcomes.of(Outcome::Mismatch), 3);  // 01:00-01:05
    EXPECT_DOUBLE_EQ(rep.buckets[12].outcomes.of(Outcome::Noise), 2);
    EXPECT_DOUBLE_EQ(rep.buckets[24].outcomes.of(Outcome::Match), 50);  // weight 10
    EXPECT_EQ(rep.buckets[12].new_signatures, 1u);                      // the one mismatch group
    // Whole store: weighted like Analysis.
    EXPECT_DOUBLE_EQ(rep.total.matchRate(), a->matchRate());
    EXPECT_DOUBLE_EQ(rep.total.mismatchRate(), 3.0 / 720);
}

// The dashboard follows the triage filter: only the records of the mask are counted.
TEST(ParityBuckets, IncludeMaskCountsOnlyThoseRecords) {
    ParityStore s;
    for (int k = 0; k < 120; ++k) {
        ParityRec r;
        r.ts = kDay0 + k * kMin;
        if (k % 10 == 0) r.kind = ParityRec::Mismatch;
        s.add(r);
    }
    auto a = s.analyze();
    ASSERT_TRUE(a);
    std::vector<uint8_t> mask(a->records().size(), 0);
    for (size_t i = 0; i < mask.size(); i += 2) mask[i] = 1;  // every other record: all 12 mismatches
    ParityOptions o = parityOptions();
    o.include = &mask;
    const ParityReport rep = computeParity(*a, o);
    EXPECT_EQ(rep.total.records, 60u);
    EXPECT_DOUBLE_EQ(rep.total.of(Outcome::Mismatch), 12);
    EXPECT_DOUBLE_EQ(rep.total.of(Outcome::Match), 48);
    const ParityReport all = computeParity(*a, parityOptions());
    EXPECT_EQ(all.total.records, 120u);
    std::vector<uint8_t> none(a->records().size(), 0);
    o.include = &none;
    ASSERT_EQ(rep.top_groups.size(), 1u);  // the one mismatch group, weighted by its included members
    EXPECT_DOUBLE_EQ(rep.top_group_weights[0], 12);
    EXPECT_EQ(computeParity(*a, o).total.records, 0u);
    EXPECT_TRUE(computeParity(*a, o).top_groups.empty());
}

// --- weighted percentiles -------------------------------------------------------------------------

TEST(ParityPercentile, MatchesExpandedReference) {
    std::mt19937 rng(42);
    for (int round = 0; round < 20; ++round) {
        std::vector<std::pair<float, float>> values;
        std::vector<float> expanded;  // each value repeated `weight` times
        const int n = 1 + static_cast<int>(rng() % 300);
        for (int i = 0; i < n; ++i) {
            const float v = static_cast<float>(rng() % 10000) / 10.0f;
            const int w = 1 + static_cast<int>(rng() % (round % 2 ? 50 : 1));
            values.emplace_back(v, static_cast<float>(w));
            expanded.insert(expanded.end(), static_cast<size_t>(w), v);
        }
        std::sort(expanded.begin(), expanded.end());
        for (size_t percent : {1, 25, 50, 90, 95, 99, 100}) {
            // Reference: the ceil(p * N)-th smallest of the expanded list (exact integer arithmetic).
            const size_t rank = (percent * expanded.size() + 99) / 100;
            const float expected = expanded[std::max<size_t>(rank, 1) - 1];
            auto copy = values;
            const double p = static_cast<double>(percent) / 100;
            EXPECT_EQ(weightedPercentile(copy, p), expected) << "round " << round << " p " << p;
        }
    }
    std::vector<std::pair<float, float>> empty;
    EXPECT_TRUE(std::isnan(weightedPercentile(empty, 0.5)));
}

TEST(ParityLatency, PerEndpointWeightedPercentilesAndCriterion) {
    ParityStore s;
    for (int k = 0; k < 200; ++k) {
        ParityRec fast;  // candidate 5 % slower: within 10 %
        fast.ts = kDay0 + k * 1000;
        fast.endpoint = "GET /fast";
        fast.primary_latency = 10 + k % 10;
        fast.candidate_latency = (10 + k % 10) * 1.05;
        s.add(fast);
        ParityRec slow = fast;  // candidate 20 % slower
        slow.endpoint = "GET /slow";
        slow.primary_latency = 100 + k;
        slow.candidate_latency = (100 + k) * 1.2;
        s.add(slow);
    }
    for (int k = 0; k < 50; ++k) {  // too few samples to judge
        ParityRec few;
        few.ts = kDay0 + k * 1000;
        few.endpoint = "GET /few";
        few.candidate_latency = 1000;
        s.add(few);
    }
    auto a = s.analyze();
    ASSERT_TRUE(a);
    const ParityReport rep = computeParity(*a, parityOptions());
    const EndpointParity* slow = findEndpoint(rep, "GET /slow");
    ASSERT_TRUE(slow);
    EXPECT_DOUBLE_EQ(slow->primary.samples, 200);
    EXPECT_FLOAT_EQ(slow->primary.p50, 199);  // 100..299: the 100th smallest
    EXPECT_FLOAT_EQ(slow->primary.p95, 289);  // the 190th
    EXPECT_FLOAT_EQ(slow->primary.p99, 297);  // the 198th
    EXPECT_FLOAT_EQ(slow->candidate.p95, 289 * 1.2f);
    EXPECT_EQ(slow->hist_edges.size(), 41u);
    double histTotal = 0;
    for (double h : slow->hist_candidate) histTotal += h;
    EXPECT_DOUBLE_EQ(histTotal, 200);

    const Verdict v = evaluateVerdict(rep, VerdictCriteria{});
    EXPECT_FALSE(v.go);
    ASSERT_EQ(v.failures.size(), 1u) << v.summary;
    EXPECT_EQ(v.failures[0].kind, VerdictFailure::Kind::Latency);
    EXPECT_EQ(v.failures[0].endpoint, "GET /slow");
    EXPECT_FLOAT_EQ(v.failures[0].primary_p95, 289);
    EXPECT_FLOAT_EQ(v.failures[0].candidate_p95, 289 * 1.2f);
    bool warnedFew = false;
    for (const std::string& w : v.warnings) warnedFew |= w.rfind("GET /few: latency not judged", 0) == 0;
    EXPECT_TRUE(warnedFew);

    VerdictCriteria lenient;
    lenient.max_p95_regression = 0.25;
    EXPECT_TRUE(evaluateVerdict(rep, lenient).go);
}

TEST(ParityLatency, WeightsMoveThePercentiles) {
    // 90 fast records of weight 1 and 10 slow ones: unweighted p95 is slow; weighted 0.1 the slow
    // ones are 1 in 91 and p95 is fast.
    for (double slowWeight : {1.0, 0.1}) {
        ParityStore s;
        for (int k = 0; k < 100; ++k) {
            ParityRec r;
            r.ts = kDay0 + k * 1000;
            const bool slow = k % 10 == 0;
            r.candidate_latency = slow ? 500 : 20;
            r.weight = slow ? slowWeight : 1;
            s.add(r);
        }
        auto a = s.analyze();
        ASSERT_TRUE(a);
        const ParityReport rep = computeParity(*a, parityOptions(1));
        EXPECT_FLOAT_EQ(rep.candidate_latency.p95, slowWeight == 1 ? 500 : 20) << slowWeight;
        EXPECT_FLOAT_EQ(rep.candidate_latency.p50, 20);
        EXPECT_NEAR(rep.candidate_latency.samples, 90 + 10 * slowWeight, 1e-5);
    }
}

// --- errors and difference classes -----------------------------------------------------------------

TEST(ParityErrors, StatusClassesCandidateErrorsAndCriterion) {
    ParityStore s;
    for (int k = 0; k < 1000; ++k) {
        ParityRec r;
        r.ts = kDay0 + k * 1000;
        if (k < 10)
            r.kind = ParityRec::CandidateError;  // 10 timeouts
        else if (k < 15)
            r.primary_status = r.candidate_status = 404;  // 4xx on both sides
        else if (k < 17)
            r.primary_status = r.candidate_status = 503;  // 5xx on both sides
        else if (k < 20) {
            r.candidate_status = 500;
            r.kind = ParityRec::Mismatch;
        }  // candidate-only 5xx
        else if (k < 26)
            r.kind = ParityRec::MissingField;  // schema difference
        else if (k < 30)
            r.kind = ParityRec::Mismatch;  // value difference
        s.add(r);
    }
    auto a = s.analyze();
    ASSERT_TRUE(a);
    const ParityReport rep = computeParity(*a, parityOptions());
    EXPECT_DOUBLE_EQ(rep.primary_errors.total, 1000);
    EXPECT_DOUBLE_EQ(rep.primary_errors.status4xx, 5);
    EXPECT_DOUBLE_EQ(rep.primary_errors.status5xx, 2);
    EXPECT_DOUBLE_EQ(rep.primary_errors.failed, 0);
    EXPECT_DOUBLE_EQ(rep.candidate_errors.status4xx, 5);
    EXPECT_DOUBLE_EQ(rep.candidate_errors.status5xx, 5);
    EXPECT_DOUBLE_EQ(rep.candidate_errors.failed, 10);
    EXPECT_DOUBLE_EQ(rep.difference_classes.schema, 6);
    EXPECT_DOUBLE_EQ(rep.difference_classes.value, 4);
    EXPECT_DOUBLE_EQ(rep.difference_classes.status, 3);
    EXPECT_DOUBLE_EQ(rep.difference_classes.candidate_error, 10);

    VerdictCriteria c;
    c.check_windows = c.check_latency = false;
    c.max_error_rate_increase = 0.01;  // 1.5 % vs 0.2 % + 1 %: fails
    Verdict v = evaluateVerdict(rep, c);
    ASSERT_EQ(v.failures.size(), 1u);
    EXPECT_EQ(v.failures[0].kind, VerdictFailure::Kind::Errors);
    EXPECT_DOUBLE_EQ(v.failures[0].value, 0.015);
    c.max_error_rate_increase = 0.02;
    EXPECT_TRUE(evaluateVerdict(rep, c).go);
}

TEST(ParityVerdict, MismatchRateCriterionKeepsTheOldGate) {
    ParityStore s;
    for (int k = 0; k < 1000; ++k) {
        ParityRec r;
        r.ts = kDay0 + k * 1000;
        if (k % 100 == 0) r.kind = ParityRec::Mismatch;  // 1 %
        s.add(r);
    }
    auto a = s.analyze();
    ASSERT_TRUE(a);
    const ParityReport rep = computeParity(*a, parityOptions());
    VerdictCriteria c;
    c.check_windows = c.check_latency = c.check_errors = false;
    c.max_mismatch_rate = 0.02;
    EXPECT_TRUE(evaluateVerdict(rep, c).go);
    c.max_mismatch_rate = 0.005;
    const Verdict v = evaluateVerdict(rep, c);
    ASSERT_EQ(v.failures.size(), 1u);
    EXPECT_EQ(v.failures[0].kind, VerdictFailure::Kind::MismatchRate);
    EXPECT_DOUBLE_EQ(v.failures[0].value, 0.01);
}

// --- per endpoint, top groups, burndown ------------------------------------------------------------

TEST(ParityEndpoints, MismatchRatePerEndpointIsWeighted) {
    ParityStore s;
    for (int k = 0; k < 100; ++k) {
        ParityRec r;
        r.ts = kDay0 + k * 1000;
        r.endpoint = k % 2 ? "GET /b" : "GET /a";
        if (k % 20 == 0) r.kind = ParityRec::Mismatch;  // 5 of 50 on /a
        if (k % 2 == 1) r.weight = 4;
        s.add(r);
    }
    auto a = s.analyze();
    ASSERT_TRUE(a);
    const ParityReport rep = computeParity(*a, parityOptions());
    ASSERT_EQ(rep.endpoints.size(), 2u);
    EXPECT_EQ(rep.endpoints[0].endpoint, "GET /a");
    EXPECT_DOUBLE_EQ(rep.endpoints[0].outcomes.mismatchRate(), 0.1);
    EXPECT_DOUBLE_EQ(rep.endpoints[1].outcomes.comparable(), 200);
    EXPECT_DOUBLE_EQ(rep.endpoints[1].outcomes.mismatchRate(), 0);
    ASSERT_EQ(rep.top_groups.size(), 1u);
    EXPECT_DOUBLE_EQ(a->groups()[rep.top_groups[0]].weighted, 5);
}

TEST(ParityBurndown, RulesAttributedAndTimeline) {
    ParityStore s;
    for (int k = 0; k < 100; ++k) {
        ParityRec r;
        r.ts = kDay0 + k * 1000;
        if (k < 20)
            r.kind = ParityRec::Mismatch;  // /v changed: absorbed by rule A
        else if (k < 30)
            r.kind = ParityRec::MissingField;  // /w missing: absorbed by rule B
        r.weight = k < 10 ? 3 : 1;
        s.add(r);
    }
    RuleConfig cfg;
    Rule ra;
    ra.id = "r-aaaaaaaa";
    ra.kind = RuleKind::IgnorePath;
    ra.path = "/v";
    ra.reason = "rounding";
    ra.created = "2026-11-01";
    ra.expires = "2026-11-10";
    Rule rb = ra;
    rb.id = "r-bbbbbbbb";
    rb.path = "/w";
    rb.created = "2026-11-15";
    rb.expires = "";
    Rule rc = ra;  // disabled: not listed
    rc.id = "r-cccccccc";
    rc.path = "/zzz";
    rc.enabled = false;
    cfg.rules = {rb, ra, rc};
    std::vector<std::string> errors;
    auto rules = RuleSet::build(cfg, &errors);
    ASSERT_TRUE(rules) << (errors.empty() ? "" : errors[0]);
    auto a = s.analyze(rules);
    ASSERT_TRUE(a);
    ParityOptions o = parityOptions();
    o.rules = rules.get();
    const ParityReport rep = computeParity(*a, o);
    EXPECT_DOUBLE_EQ(rep.total.of(Outcome::Allowed), 30 + 10 * 2);
    ASSERT_EQ(rep.rules.size(), 2u);
    EXPECT_EQ(rep.rules[0].id, "r-aaaaaaaa");  // by created
    EXPECT_EQ(rep.rules[0].records, 20u);
    EXPECT_DOUBLE_EQ(rep.rules[0].weighted, 40);
    EXPECT_DOUBLE_EQ(rep.rules[0].share, 40.0 / 120);
    EXPECT_TRUE(rep.rules[0].expired);
    EXPECT_EQ(rep.rules[1].records, 10u);
    EXPECT_FALSE(rep.rules[1].expired);
    // Dates: 11-01 (A created), 11-10 (A expires), 11-15 (B created), 11-21 (today).
    ASSERT_EQ(rep.burndown.size(), 4u);
    EXPECT_EQ(rep.burndown[0].date, "2026-11-01");
    EXPECT_EQ(rep.burndown[0].active, 1u);
    EXPECT_EQ(rep.burndown[1].active, 1u);  // expires on 11-10: still active that day
    EXPECT_EQ(rep.burndown[2].date, "2026-11-15");
    EXPECT_EQ(rep.burndown[2].active, 1u);
    EXPECT_EQ(rep.burndown[2].expired, 1u);
    EXPECT_EQ(rep.burndown[3].date, "2026-11-21");

    VerdictCriteria c;
    c.fail_on_expired = true;
    const Verdict v = evaluateVerdict(rep, c);
    ASSERT_FALSE(v.go);
    EXPECT_EQ(v.failures.back().kind, VerdictFailure::Kind::ExpiredRule);
}
