// SPDX-License-Identifier: MIT
// The dashboard's series of an indexed store pushed down to the server (core/pg/pg_parity.h),
// against a throwaway server: for the whole store and under filters whose record criteria go into
// SQL, the report equals computeParity on the scanning engine's analysis of the same store (the same
// filter given as its record mask), while the window has only the index's summary in memory; and
// the causes computed from that summary are the scan's.
#include <gtest/gtest.h>

#include <map>

#include <atomic>
#include <cmath>
#include <cstdio>

#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "core/analysis/analysis.h"
#include "core/analysis/causes.h"
#include "core/parity/parity.h"
#include "core/parity/verdict.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_index.h"
#include "core/pg/pg_open.h"
#include "core/pg/pg_parity.h"
#include "core/pg/pg_store.h"
#include "core/present/record_filter.h"
#include "tests/pg/pg_fixture.h"
#include "tests/pg/pg_test_server.h"

namespace dt {
namespace {

struct SharedIndex {
    pgtest::LoadedStore f;
    std::unique_ptr<Analysis> scanned;
    pg::IndexOpen open;
};

// One store for every case (indexing it is the slow part).
SharedIndex* shared(std::string* why) {
    static SharedIndex* s = nullptr;
    static std::string failure;
    if (s || !failure.empty()) {
        *why = failure;
        return s;
    }
    auto setup = std::make_unique<SharedIndex>();
    if (!pgtest::loadGeneratedStore(setup->f, "parity",
                                    "--records 3000 --seed 23 --mismatch-rate 0.4 --sample-matches 0.5", &failure)) {
        *why = failure;
        return nullptr;
    }
    pg::registerPostgresStores();
    for (unsigned k = 1; k <= 2; ++k) {
        pg::IndexOptions opt;
        opt.shardK = k;
        opt.shardN = 2;
        opt.threads = 2;
        pg::IndexReport report;
        std::string error;
        if (!pg::indexStore(setup->f.store, setup->f.server->uri(setup->f.db), opt, &report, &error)) {
            ADD_FAILURE() << error;
            return nullptr;
        }
    }
    AnalyzeOptions opt;
    opt.threads = 2;
    std::string error;
    setup->scanned = Analysis::analyze(setup->f.store, opt, &error);
    if (!setup->scanned) {
        ADD_FAILURE() << error;
        return nullptr;
    }
    setup->open = pg::openIndexSummary(setup->f.store, {});
    if (!setup->open.analysis) {
        ADD_FAILURE() << setup->open.refused;
        return nullptr;
    }
    s = setup.release();
    return s;
}

void expectNear(double got, double want, const std::string& what) {
    EXPECT_NEAR(got, want, 1e-6 * std::max(1.0, std::fabs(want))) << what;
}

void expectSameWeights(const OutcomeWeights& got, const OutcomeWeights& want, const std::string& what) {
    EXPECT_EQ(got.records, want.records) << what;
    for (int o = 0; o < kOutcomeCount; ++o)
        expectNear(got.weights[o], want.weights[o], what + " outcome " + std::to_string(o));
}

void expectSameErrors(const ErrorCounts& got, const ErrorCounts& want, const std::string& what) {
    expectNear(got.total, want.total, what + " total");
    expectNear(got.status4xx, want.status4xx, what + " 4xx");
    expectNear(got.status5xx, want.status5xx, what + " 5xx");
    expectNear(got.failed, want.failed, what + " failed");
}

void expectSameLatency(const LatencyStats& got, const LatencyStats& want, const std::string& what) {
    EXPECT_EQ(got.records, want.records) << what;
    expectNear(got.samples, want.samples, what + " samples");
    EXPECT_FLOAT_EQ(float(got.p50), float(want.p50)) << what;
    EXPECT_FLOAT_EQ(float(got.p95), float(want.p95)) << what;
    EXPECT_FLOAT_EQ(float(got.p99), float(want.p99)) << what;
    EXPECT_FLOAT_EQ(float(got.max), float(want.max)) << what;
}

struct Case {
    const char* filter;
    int64_t window_ms;    // 1001: the time series are counted per bucket and per step apart
    int64_t bucket_ms{};  // 0: automatic. Whole seconds (and steps): read from the index's timeline
};

class PgParity : public ::testing::TestWithParam<Case> {};

TEST_P(PgParity, PushdownEqualsTheInMemoryEngine) {
    std::string why;
    SharedIndex* s = shared(&why);
    if (!s) GTEST_SKIP() << "no PostgreSQL: " << why;
    const Analysis& scanned = *s->scanned;
    const Analysis& summary = *s->open.analysis;
    ASSERT_TRUE(summary.records().empty());  // only the groups are in memory

    std::string error;
    const auto spec = parseFilterQuery(GetParam().filter, &error);
    ASSERT_TRUE(spec) << error;
    const auto mask = recordMask(scanned, *spec);
    ASSERT_TRUE(mask);
    ParityOptions options;
    options.window_ms = GetParam().window_ms;  // several windows over the generated ~2 minutes
    options.bucket_ms = GetParam().bucket_ms;
    options.min_window_weight = 5;
    options.today = "2026-12-03";
    options.include = mask->empty() ? nullptr : &*mask;
    const ParityReport want = computeParity(scanned, options);

    options.include = nullptr;
    std::atomic<bool> cancel{false};
    const auto got = pg::parityFromIndex(s->f.store, s->open.schema, summary, options, *spec, &cancel, &error);
    ASSERT_TRUE(got) << error;
    EXPECT_EQ(got->filtered, !mask->empty());
    EXPECT_EQ(got->unapplied, "");
    const ParityReport& r = got->report;
    if (!mask->empty()) {
        ASSERT_LT(want.total.records, scanned.records().size()) << "the filter selects a part";
    }
    ASSERT_GT(want.total.records, 0u) << "the filter selects something";
    if (mask->empty() && GetParam().window_ms == 20'000) {  // the store exercises every series compared below
        EXPECT_GT(want.windows.evaluated, 2u);
        EXPECT_GT(want.candidate_latency.records, 0u);
        EXPECT_GT(want.candidate_errors.failed + want.candidate_errors.status5xx, 0.0);
        EXPECT_GT(want.difference_classes.schema * want.difference_classes.value, 0.0);
        EXPECT_GT(want.total.of(Outcome::Match), double(scanned.outcomeCounts()[int(Outcome::Match)]));  // weighted
    }

    EXPECT_EQ(r.records, want.records);
    expectSameWeights(r.total, want.total, "total");
    EXPECT_EQ(r.first_ms, want.first_ms);
    EXPECT_EQ(r.last_ms, want.last_ms);
    EXPECT_EQ(r.bucket_ms, want.bucket_ms);
    ASSERT_EQ(r.buckets.size(), want.buckets.size());
    for (size_t b = 0; b < want.buckets.size(); ++b) {
        EXPECT_EQ(r.buckets[b].start_ms, want.buckets[b].start_ms);
        expectSameWeights(r.buckets[b].outcomes, want.buckets[b].outcomes, "bucket " + std::to_string(b));
        EXPECT_EQ(r.buckets[b].new_signatures, want.buckets[b].new_signatures) << "bucket " << b;
    }
    EXPECT_EQ(r.windows.windows, want.windows.windows);
    EXPECT_EQ(r.windows.evaluated, want.windows.evaluated);
    ASSERT_EQ(r.windows.worst.has_value(), want.windows.worst.has_value());
    if (want.windows.worst) {
        EXPECT_EQ(r.windows.worst->start_ms, want.windows.worst->start_ms);
        EXPECT_EQ(r.windows.worst->records, want.windows.worst->records);
        expectNear(r.windows.worst->match_rate, want.windows.worst->match_rate, "worst window");
    }
    EXPECT_EQ(r.windows.failing.size(), want.windows.failing.size());

    ASSERT_EQ(r.endpoints.size(), want.endpoints.size());
    for (size_t e = 0; e < want.endpoints.size(); ++e) {
        const std::string& name = want.endpoints[e].endpoint;
        ASSERT_EQ(r.endpoints[e].endpoint, name);
        expectSameWeights(r.endpoints[e].outcomes, want.endpoints[e].outcomes, name);
        expectSameLatency(r.endpoints[e].primary, want.endpoints[e].primary, name + " primary");
        expectSameLatency(r.endpoints[e].candidate, want.endpoints[e].candidate, name + " candidate");
        expectSameErrors(r.endpoints[e].primary_errors, want.endpoints[e].primary_errors, name + " primary");
        expectSameErrors(r.endpoints[e].candidate_errors, want.endpoints[e].candidate_errors, name + " candidate");
        ASSERT_EQ(r.endpoints[e].hist_primary.size(), want.endpoints[e].hist_primary.size()) << name;
        for (size_t b = 0; b < want.endpoints[e].hist_primary.size(); ++b) {
            expectNear(r.endpoints[e].hist_primary[b], want.endpoints[e].hist_primary[b], name + " histogram");
            expectNear(r.endpoints[e].hist_candidate[b], want.endpoints[e].hist_candidate[b], name + " histogram");
        }
    }
    expectSameLatency(r.primary_latency, want.primary_latency, "store primary");
    expectSameLatency(r.candidate_latency, want.candidate_latency, "store candidate");
    expectSameErrors(r.candidate_errors, want.candidate_errors, "store candidate");
    const DifferenceClasses& dg = r.difference_classes;
    const DifferenceClasses& dw = want.difference_classes;
    expectNear(dg.schema, dw.schema, "schema");
    expectNear(dg.value, dw.value, "value");
    expectNear(dg.status, dw.status, "status");
    expectNear(dg.header, dw.header, "header");
    expectNear(dg.candidate_error, dw.candidate_error, "candidate error");

    // Top groups name the same signatures with the same (filtered) weights.
    ASSERT_EQ(r.top_groups.size(), want.top_groups.size());
    for (size_t i = 0; i < want.top_groups.size(); ++i) {
        expectNear(r.top_group_weights[i], want.top_group_weights[i], "top group " + std::to_string(i));
        EXPECT_EQ(summary.groups()[r.top_groups[i]].signature, scanned.groups()[want.top_groups[i]].signature);
    }

    // The verdict drawn from it is the same.
    const Verdict vg = evaluateVerdict(r, VerdictCriteria{}), vw = evaluateVerdict(want, VerdictCriteria{});
    EXPECT_EQ(vg.go, vw.go);
    EXPECT_EQ(vg.summary, vw.summary);
}

INSTANTIATE_TEST_SUITE_P(
    Filters, PgParity,
    ::testing::Values(Case{"", 20'000}, Case{"endpoint:/orders", 20'000}, Case{"status:200", 20'000},
                      Case{"status:!200", 20'000}, Case{"id:c-00", 20'000},
                      Case{"from:2026-11-20T10:00:30Z to:2026-11-20T10:01:10Z", 20'000},
                      Case{"endpoint:GET status:2xx", 20'000}, Case{"", 1001}, Case{"endpoint:/users", 1001},
                      Case{"", 720'000, 60'000}, Case{"tenant=acme", 20'000}, Case{"Region=EU-* status:2xx", 20'000},
                      Case{"tag:tenant=*o* endpoint:/orders", 1001}),
    [](const ::testing::TestParamInfo<Case>& info) { return "case" + std::to_string(info.index); });

// Causes need no record: the summary's groups give the scan's causes (ids, counts, weights, groups).
TEST(PgParityCases, CausesFromTheSummaryEqualTheScan) {
    std::string why;
    SharedIndex* s = shared(&why);
    if (!s) GTEST_SKIP() << "no PostgreSQL: " << why;
    const CauseIndex got = computeCauses(*s->open.analysis), want = computeCauses(*s->scanned);
    ASSERT_GT(want.causes.size(), 3u);
    EXPECT_EQ(got.records, want.records);
    ASSERT_EQ(got.causes.size(), want.causes.size());
    for (size_t i = 0; i < want.causes.size(); ++i) {
        EXPECT_EQ(got.causes[i].id, want.causes[i].id) << i;
        EXPECT_EQ(got.causes[i].count, want.causes[i].count) << want.causes[i].title;
        EXPECT_NEAR(got.causes[i].weighted, want.causes[i].weighted, 1e-6 * want.causes[i].weighted);
        EXPECT_EQ(got.causes[i].endpoints, want.causes[i].endpoints);
        EXPECT_EQ(got.causes[i].groups.size(), want.causes[i].groups.size());
    }
    // The index keeps each signature's causes: a mismatch group's are the scan's for that group, so a
    // record's causes are one join away (<schema>.signature_causes).
    std::map<std::string, std::string> kept;
    {
        std::string error;
        auto uri = pg::parsePgUri(s->f.server->uri(s->f.db), &error);
        ASSERT_TRUE(uri) << error;
        auto conn = pg::PgConn::connect(*uri, true, &error);
        ASSERT_TRUE(conn) << error;
        pg::PgResult r = conn->exec(
            "SELECT signature, string_agg(cause, ',' ORDER BY cause) FROM difftriage.signature_causes GROUP BY 1");
        ASSERT_TRUE(r.ok()) << conn->describe(r);
        for (int i = 0; i < r.rows(); ++i) kept.emplace(std::string(r.value(i, 0)), std::string(r.value(i, 1)));
    }
    size_t mismatchGroups = 0;
    for (size_t g = 0; g < s->scanned->groups().size(); ++g) {
        const Group& group = s->scanned->groups()[g];
        if (group.outcome != Outcome::Mismatch) continue;
        ++mismatchGroups;
        std::vector<std::string> ids;
        for (const uint32_t c : want.groupCauses[g]) ids.push_back(want.causes[c].id);
        std::sort(ids.begin(), ids.end());
        std::string joined;
        for (const std::string& id : ids) joined += (joined.empty() ? "" : ",") + id;
        EXPECT_EQ(kept[group.signature], joined) << group.signature;
    }
    EXPECT_GT(mismatchGroups, 3u);
}

// The index workers' dashboard tables are used only when the last aggregate rebuild filled them: an
// index whose tables are missing or were left empty (written before they existed, or a first run
// since that stopped early) gives the same report from live queries, never an empty one.
TEST(PgParityCases, KeptTablesThatWereNotRebuiltAreNotUsed) {
    std::string why;
    SharedIndex* s = shared(&why);
    if (!s) GTEST_SKIP() << "no PostgreSQL: " << why;
    ParityOptions options;
    options.window_ms = 20'000;
    options.today = "2026-12-03";
    const ParityReport want = computeParity(*s->scanned, options);
    for (const char* damage :
         {"DELETE FROM difftriage.series; DELETE FROM difftriage.latencies", "DROP TABLE difftriage.timeline"}) {
        ASSERT_EQ(s->f.server->sql(s->f.db, damage), "");
        std::string error;
        const auto got =
            pg::parityFromIndex(s->f.store, s->open.schema, *s->open.analysis, options, {}, nullptr, &error);
        ASSERT_TRUE(got) << error;
        EXPECT_EQ(got->report.total.records, want.total.records) << damage;
        ASSERT_EQ(got->report.endpoints.size(), want.endpoints.size()) << damage;
        EXPECT_EQ(got->report.candidate_latency.records, want.candidate_latency.records) << damage;
        EXPECT_FLOAT_EQ(float(got->report.candidate_latency.p95), float(want.candidate_latency.p95)) << damage;
        ASSERT_EQ(got->report.buckets.size(), want.buckets.size()) << damage;
        for (size_t b = 0; b < want.buckets.size(); ++b)
            EXPECT_EQ(got->report.buckets[b].outcomes.records, want.buckets[b].outcomes.records) << damage;
    }
    // The next index run's rebuild restores them (and the other cases of this process use them again).
    std::string error;
    auto uri = pg::parsePgUri(s->f.server->uri(s->f.db), &error);
    ASSERT_TRUE(uri) << error;
    auto conn = pg::PgConn::connect(*uri, false, &error);
    ASSERT_TRUE(conn) << error;
    ASSERT_TRUE(pg::ensureIndexSchema(*conn, "difftriage", &error)) << error;
    ASSERT_TRUE(pg::refreshAggregates(*conn, "difftriage", &error)) << error;
    EXPECT_EQ(s->f.server->sql(s->f.db, "SELECT 1 FROM difftriage.timeline LIMIT 1"), "");
}

TEST(PgParityCases, TagsOfAnIndexWrittenBeforeItKeptThemAreNotAppliedAndSaySo) {
    std::string why;
    SharedIndex* s = shared(&why);
    if (!s) GTEST_SKIP() << "no PostgreSQL: " << why;
    std::string error;
    const auto spec = parseFilterQuery("tenant=acme", &error);
    ASSERT_TRUE(spec) << error;
    ASSERT_EQ(s->f.server->sql(s->f.db, "UPDATE difftriage.index_state SET raw = false"), "");
    const auto got = pg::parityFromIndex(s->f.store, s->open.schema, *s->open.analysis, {}, *spec, nullptr, &error);
    ASSERT_EQ(s->f.server->sql(s->f.db, "UPDATE difftriage.index_state SET raw = true"), "");
    ASSERT_TRUE(got) << error;
    EXPECT_FALSE(got->filtered);
    EXPECT_NE(got->unapplied.find("tags"), std::string::npos);
    EXPECT_EQ(got->report.total.records, s->scanned->records().size());  // the whole store, said so
    // Kept (as every index written now), they are applied.
    const auto applied = pg::parityFromIndex(s->f.store, s->open.schema, *s->open.analysis, {}, *spec, nullptr, &error);
    ASSERT_TRUE(applied) << error;
    EXPECT_TRUE(applied->filtered);
    EXPECT_EQ(applied->unapplied, "");
    EXPECT_LT(applied->report.total.records, s->scanned->records().size());
}

TEST(PgParityCases, CancelAndErrorsAreReported) {
    std::string why;
    SharedIndex* s = shared(&why);
    if (!s) GTEST_SKIP() << "no PostgreSQL: " << why;
    std::string error;
    std::atomic<bool> cancel{true};
    EXPECT_FALSE(pg::parityFromIndex(s->f.store, s->open.schema, *s->open.analysis, {}, {}, &cancel, &error));
    EXPECT_EQ(error, "cancelled");
    error.clear();
    EXPECT_FALSE(pg::parityFromIndex(s->f.store, "no_such_schema", *s->open.analysis, {}, {}, nullptr, &error));
    EXPECT_NE(error.find("no_such_schema"), std::string::npos) << error;
}

std::string runCli(const std::string& args, int wantExit = 0) {
    std::string out;
    const std::string cmd = std::string(DT_CLI) + " " + args + " 2>/dev/null";
    FILE* p = ::popen(cmd.c_str(), "r");
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    const int status = ::pclose(p);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == wantExit) << cmd << "\n" << out;
    return out;
}

// `causes` and `check` on an indexed store read the index (SQL on the server) and print what a scan
// prints (--no-index), but for where the numbers come from.
TEST(PgParityCases, CliCausesAndCheckFromTheIndexEqualAScan) {
    std::string why;
    SharedIndex* s = shared(&why);
    if (!s) GTEST_SKIP() << "no PostgreSQL: " << why;
    const std::string store = "'" + s->f.store + "'";

    auto causes = [&](const std::string& extra) {
        nlohmann::json j = nlohmann::json::parse(runCli("causes " + store + " --json" + extra));
        j.erase("source");
        for (auto& c : j["causes"]) c.erase("sample_ids");  // the index keeps a group's first five
        return j;
    };
    const nlohmann::json viaIndex = causes(""), viaScan = causes(" --no-index");
    EXPECT_GT(viaScan["causes"].size(), 3u);
    EXPECT_EQ(viaIndex, viaScan);
    const std::string text = runCli("causes " + store + " --limit 3");
    EXPECT_NE(text.find("from the index in schema difftriage"), std::string::npos) << text;
    const nlohmann::json samples = nlohmann::json::parse(runCli("causes " + store + " --json --limit 1"));
    EXPECT_EQ(samples["source"], "index:difftriage");
    EXPECT_FALSE(samples["causes"][0]["sample_ids"].empty());

    // A window shorter than the span, so that windows are judged and some fail (NO-GO: exit 1).
    auto check = [&](const std::string& extra) {
        nlohmann::json j = nlohmann::json::parse(
            runCli("check " + store + " --json --window 20s --min-window-records 5 --today 2026-12-03" + extra, 1));
        j.erase("source");
        return j;
    };
    const nlohmann::json checkIndex = check(""), checkScan = check(" --no-index");
    EXPECT_EQ(checkIndex["verdict"], "no-go");
    EXPECT_EQ(checkIndex["failures"].size(), checkScan["failures"].size());
    EXPECT_EQ(checkIndex["windows"], checkScan["windows"]);
    EXPECT_EQ(checkIndex["records"], checkScan["records"]);
    EXPECT_NEAR(checkIndex["match_rate"].get<double>(), checkScan["match_rate"].get<double>(), 1e-9);
    EXPECT_EQ(checkIndex["summary"], checkScan["summary"]);
}

}  // namespace
}  // namespace dt
