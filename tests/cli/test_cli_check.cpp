// SPDX-License-Identifier: MIT
// difftriage-cli check with the parity criteria (worst window, p95 per endpoint, error parity),
// against the real binary on a generated store with one bad hour (difftriage-gen --bad-hour).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_run.h"
#include "tests/gen_fixture.h"

using dt::test::runCli;
using dt::test::temp;
using nlohmann::json;

namespace {

class CliCheck : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        // 24 h from 2026-11-20T10:00Z, 2000 records an hour; hour 13 (23:00-24:00) has 1 % mismatches.
        const std::string dir = dt::test::generatedFixture("--records 48000 --mismatch-rate 0.0002 --bad-hour 13",
                                                           {{"--jsonl", "bad.jsonl"}});
        ASSERT_FALSE(dir.empty());
        s_store = dir + "/bad.jsonl";
    }
    static inline std::string s_store;
};

}  // namespace

TEST_F(CliCheck, BadHourIsNoGoNamingTheHour) {
    auto r = runCli({"check", s_store});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_EQ(r.out.rfind("NO-GO: ", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("FAILED window: match rate 99."), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("2026-11-20T23:00:00Z – 2026-11-21T00:00:00Z"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("check FAILED (NO-GO)"), std::string::npos);

    r = runCli({"check", s_store, "--json"});
    EXPECT_EQ(r.code, 1);
    const json j = json::parse(r.out);
    EXPECT_EQ(j["verdict"], "no-go");
    EXPECT_GE(j["match_rate"].get<double>(), 0.999);  // the average looks fine
    ASSERT_EQ(j["failures"].size(), 1u) << r.out;
    EXPECT_EQ(j["failures"][0]["kind"], "window");
    EXPECT_EQ(j["failures"][0]["window"]["start"], "2026-11-20T23:00:00Z");
    EXPECT_EQ(j["failures"][0]["window"]["end"], "2026-11-21T00:00:00Z");
    EXPECT_LT(j["failures"][0]["window"]["match_rate"].get<double>(), 0.995);
    EXPECT_EQ(j["windows"]["window"], "1h");
    EXPECT_EQ(j["windows"]["step"], "5m");
    EXPECT_EQ(j["endpoints"].size(), 10u);
}

TEST_F(CliCheck, OptionsChangeTheVerdict) {
    // One day as the window: the whole store is one window, and its average passes.
    auto r = runCli({"check", s_store, "--window", "1d"});
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_EQ(r.out.rfind("GO: worst 1d window", 0), 0u) << r.out;
    // A lower threshold passes the bad hour.
    EXPECT_EQ(runCli({"check", s_store, "--min-match-rate", "98%"}).code, 0);
    // More comparisons per window than any hour has: nothing judged is no evidence (no-go), and said so.
    r = runCli({"check", s_store, "--min-window-records", "5000", "--json"});
    EXPECT_EQ(r.code, 1);
    const json j = json::parse(r.out);
    EXPECT_EQ(j["windows"]["evaluated"], 0);
    ASSERT_FALSE(j["windows"]["skipped"].empty());
    EXPECT_NE(j["failures"][0]["message"].get<std::string>().find("no evidence"), std::string::npos);
    // The candidate is faster than the primary here: a negative-tolerance-free latency check passes,
    // and the old mismatch-rate gate combines with the parity criteria.
    EXPECT_EQ(runCli({"check", s_store, "--window", "1d", "--max-p95-regression", "0"}).code, 0);
    r = runCli({"check", s_store, "--window", "1d", "--max-mismatch-rate", "0.0001"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.out.find("FAILED mismatch_rate: mismatch rate"), std::string::npos) << r.out;
}

TEST_F(CliCheck, LegacyGateUnchanged) {
    // --max-mismatch-rate alone keeps the original output (no windows).
    auto r = runCli({"check", s_store, "--max-mismatch-rate", "0.01", "--json"});
    EXPECT_EQ(r.code, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_TRUE(j.contains("top_groups"));
    EXPECT_FALSE(j.contains("windows"));
}

TEST_F(CliCheck, BadOptionsExit2) {
    for (const std::vector<std::string>& extra : {std::vector<std::string>{"--window", "abc"},
                                                  {"--window", "0"},
                                                  {"--min-match-rate", "1.5"},
                                                  {"--min-window-records", "-3"},
                                                  {"--max-p95-regression", "x"},
                                                  {"--max-error-rate-increase", "2"},
                                                  {"--today", "2026-02-30"},
                                                  {"--bogus"}}) {
        std::vector<std::string> args = {"check", s_store};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto r = runCli(args);
        EXPECT_EQ(r.code, 2) << extra[0];
        EXPECT_FALSE(r.err.empty());
    }
    EXPECT_EQ(runCli({"check", temp("missing.jsonl")}).code, 2);
}
