// SPDX-License-Identifier: MIT
// The sliding worst-window search and the window criterion of the verdict (core/parity).
#include <gtest/gtest.h>

#include "core/parity/parity.h"
#include "core/parity/verdict.h"
#include "parity_store.h"

using namespace dt;
using namespace dt::test;

namespace {

// `perHour` matches per hour over `hours` hours, evenly spaced; `mismatchAt` turns the records
// nearest to those times into mismatches (replacing a match, so every hour keeps its count).
void fillHours(ParityStore& s, int hours, int perHour, const std::vector<int64_t>& mismatchAt, double matchWeight = 1) {
    const int64_t gap = kHourMs / perHour;
    std::vector<bool> used(mismatchAt.size(), false);
    for (int64_t t = kDay0; t < kDay0 + hours * kHourMs; t += gap) {
        ParityRec r;
        r.ts = t;
        r.weight = matchWeight;
        for (size_t k = 0; k < mismatchAt.size(); ++k)
            if (!used[k] && mismatchAt[k] >= t && mismatchAt[k] < t + gap) {
                used[k] = true;
                r.kind = ParityRec::Mismatch;
                r.weight = 1;
            }
        s.add(r);
    }
}

// Mismatch times inside hour h, spread so that only the window [h:00, h+1:00) holds all of them.
std::vector<int64_t> badHour(int h, int n) {
    std::vector<int64_t> v;
    for (int k = 0; k < n; ++k) v.push_back(kDay0 + h * kHourMs + kMin + k * (56 * kMin) / (n - 1));
    return v;
}

ParityReport report(const Analysis& a, double minWeight = 100, int64_t windowMs = kHourMs) {
    ParityOptions o;
    o.window_ms = windowMs;
    o.min_window_weight = minWeight;
    o.min_match_rate = 0.999;
    o.today = "2026-11-21";
    return computeParity(a, o);
}

}  // namespace

TEST(ParityWindow, GoodAverageWithOneBadHourIsNoGoNamingThatHour) {
    ParityStore s;
    fillHours(s, 24, 2000, badHour(13, 8));
    auto a = s.analyze();
    ASSERT_TRUE(a);
    const ParityReport rep = report(*a);
    EXPECT_GE(rep.total.matchRate(), 0.999) << "the average must look fine";
    EXPECT_EQ(rep.windows.step_ms, 5 * kMin);
    ASSERT_TRUE(rep.windows.worst);
    EXPECT_EQ(rep.windows.worst->start_ms, kDay0 + 13 * kHourMs);
    EXPECT_EQ(rep.windows.worst->end_ms, kDay0 + 14 * kHourMs);
    EXPECT_DOUBLE_EQ(rep.windows.worst->mismatches, 8);
    EXPECT_NEAR(rep.windows.worst->match_rate, 1 - 8.0 / 2000, 1e-9);
    ASSERT_EQ(rep.windows.failing.size(), 1u);

    const Verdict v = evaluateVerdict(rep, VerdictCriteria{});
    EXPECT_FALSE(v.go);
    ASSERT_FALSE(v.failures.empty());
    EXPECT_EQ(v.failures[0].kind, VerdictFailure::Kind::Window);
    EXPECT_EQ(v.failures[0].window.start_ms, kDay0 + 13 * kHourMs);
    EXPECT_NE(v.summary.find("NO-GO"), std::string::npos);
    EXPECT_NE(v.summary.find("2026-11-20T13:00:00Z – 2026-11-20T14:00:00Z"), std::string::npos) << v.summary;
}

TEST(ParityWindow, SameMismatchesSpreadThinlyIsGo) {
    ParityStore s;
    std::vector<int64_t> spread;
    for (int k = 0; k < 8; ++k) spread.push_back(kDay0 + (1 + 3 * k) * kHourMs);  // 3 h apart
    fillHours(s, 24, 2000, spread);
    auto a = s.analyze();
    ASSERT_TRUE(a);
    const ParityReport rep = report(*a);
    EXPECT_DOUBLE_EQ(rep.total.of(Outcome::Mismatch), 8);
    ASSERT_TRUE(rep.windows.worst);
    EXPECT_DOUBLE_EQ(rep.windows.worst->mismatches, 1);
    EXPECT_TRUE(rep.windows.failing.empty());
    const Verdict v = evaluateVerdict(rep, VerdictCriteria{});
    EXPECT_TRUE(v.go) << v.summary;
    EXPECT_EQ(v.summary.rfind("GO:", 0), 0u) << v.summary;
}

TEST(ParityWindow, WindowsBelowTheMinimumAreSkippedAndReported) {
    ParityStore s;
    fillHours(s, 2, 2000, {});      // 00:00 - 02:00
    for (int k = 0; k < 10; ++k) {  // 03:02 - 03:47: ten records, one mismatch
        ParityRec r;
        r.ts = kDay0 + 3 * kHourMs + 2 * kMin + k * 5 * kMin;
        if (k == 4) r.kind = ParityRec::Mismatch;
        s.add(r);
    }
    for (int64_t t = kDay0 + 5 * kHourMs; t < kDay0 + 7 * kHourMs; t += kHourMs / 2000) {  // 05:00 - 07:00
        ParityRec r;
        r.ts = t;
        s.add(r);
    }
    auto a = s.analyze();
    ASSERT_TRUE(a);
    const ParityReport rep = report(*a);
    const WindowSearch& w = rep.windows;
    EXPECT_TRUE(w.failing.empty());
    ASSERT_EQ(w.skipped.size(), 1u);
    EXPECT_EQ(w.skipped[0].start_ms, kDay0 + 2 * kHourMs + 5 * kMin);
    EXPECT_EQ(w.skipped[0].end_ms, kDay0 + 4 * kHourMs + 45 * kMin);
    ASSERT_EQ(w.empty.size(), 2u);
    EXPECT_EQ(w.empty[0].start_ms, kDay0 + 2 * kHourMs);
    EXPECT_EQ(w.empty[0].end_ms, kDay0 + 3 * kHourMs);
    EXPECT_EQ(w.empty[1].start_ms, kDay0 + 3 * kHourMs + 50 * kMin);
    EXPECT_EQ(w.empty[1].end_ms, kDay0 + 5 * kHourMs);
    EXPECT_EQ(w.evaluated + w.skipped[0].windows + w.empty[0].windows + w.empty[1].windows, w.windows);

    const Verdict v = evaluateVerdict(rep, VerdictCriteria{});
    EXPECT_TRUE(v.go) << v.summary;
    bool sawSkipped = false, sawGap = false;
    for (const std::string& warning : v.warnings) {
        sawSkipped |= warning.rfind("skipped:", 0) == 0;
        sawGap |= warning.rfind("no traffic:", 0) == 0;
    }
    EXPECT_TRUE(sawSkipped);
    EXPECT_TRUE(sawGap);

    // Judged with a minimum of 5, the sparse hour holds the one mismatch in 10: no-go.
    const Verdict strict = evaluateVerdict(report(*a, 5), VerdictCriteria{});
    EXPECT_FALSE(strict.go);
}

TEST(ParityWindow, WeightsDecideTheWindowRate) {
    // 100 records an hour; the bad hour holds 1 mismatch. Unweighted that is 1 % (no-go); with the
    // sampled matches weighing 20 each it is 1 in 1981 comparisons (go).
    for (double matchWeight : {1.0, 20.0}) {
        ParityStore s;
        fillHours(s, 6, 100, {kDay0 + 3 * kHourMs + 30 * kMin}, matchWeight);
        auto a = s.analyze();
        ASSERT_TRUE(a);
        const ParityReport rep = report(*a);
        ASSERT_TRUE(rep.windows.worst);
        const double comparable = 99 * matchWeight + 1;
        EXPECT_NEAR(rep.windows.worst->comparable, comparable, 1e-6);
        EXPECT_NEAR(rep.windows.worst->match_rate, 1 - 1 / comparable, 1e-9);
        EXPECT_EQ(evaluateVerdict(rep, VerdictCriteria{}).go, matchWeight > 1) << matchWeight;
    }
}

TEST(ParityWindow, StoreShorterThanTheWindowIsOneWindow) {
    ParityStore s;
    fillHours(s, 1, 600, {});  // one hour of traffic; judged with a 1-day window
    auto a = s.analyze();
    ASSERT_TRUE(a);
    const ParityReport rep = report(*a, 100, 24 * kHourMs);
    EXPECT_TRUE(rep.windows.shorter_than_window);
    EXPECT_EQ(rep.windows.windows, 1u);
    EXPECT_EQ(rep.windows.evaluated, 1u);
    const Verdict v = evaluateVerdict(rep, VerdictCriteria{});
    EXPECT_TRUE(v.go);
    EXPECT_FALSE(v.warnings.empty());
}
