// SPDX-License-Identifier: MIT
// difftriage-cli causes, records "causes", rules suggest --cause and the whole-store check, on the
// co-occurring generator profile (a Python -> Go rewrite), against the real binary.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_run.h"
#include "tests/gen_fixture.h"

using dt::test::runCli;
using nlohmann::json;

namespace {

class CliCauses : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const std::string dir = dt::test::generatedFixture("--profile cooccurring --records 6000 --seed 3",
                                                           {{"--jsonl", "co.jsonl"}, {"--truth", "truth.json"}});
        ASSERT_FALSE(dir.empty());
        s_store = dir + "/co.jsonl";
        s_truth = dir + "/truth.json";
        auto c = runCli({"causes", s_store, "--json"});
        ASSERT_EQ(c.code, 0) << c.err;
        s_causes = json::parse(c.out);
    }
    static std::string causeWith(const std::string& cls) {
        for (const auto& c : s_causes["causes"])
            if (c["class"] == cls) return c["id"];
        return "";
    }
    static inline std::string s_store, s_truth;
    static inline json s_causes;
};

}  // namespace

TEST_F(CliCauses, JsonContract) {
    EXPECT_EQ(s_causes["signature_version"], 2);
    EXPECT_EQ(s_causes["records"], 6000);
    ASSERT_EQ(s_causes["causes"].size(), 11u);  // 5 acceptable + 6 bugs
    double last = 1e300;
    for (const auto& c : s_causes["causes"]) {
        EXPECT_EQ(c["id"].get<std::string>().size(), 12u);
        for (const char* k : {"kind", "class", "title", "paths", "endpoints", "count", "weighted_count", "sample_ids"})
            EXPECT_TRUE(c.contains(k)) << k;
        EXPECT_LE(c["weighted_count"].get<double>(), last) << "ranked by weighted records";
        last = c["weighted_count"].get<double>();
    }
    const auto limited = runCli({"causes", s_store, "--json", "--limit", "3"});
    ASSERT_EQ(limited.code, 0);
    EXPECT_EQ(json::parse(limited.out)["causes"].size(), 3u);
    const auto text = runCli({"causes", s_store});
    ASSERT_EQ(text.code, 0);
    EXPECT_NE(text.out.find("candidate omits null members"), std::string::npos) << text.out;
}

TEST_F(CliCauses, RecordsCarryTheirCauses) {
    auto r = runCli({"records", s_store});
    ASSERT_EQ(r.code, 0) << r.err;
    std::set<std::string> ids;
    for (const auto& c : s_causes["causes"]) ids.insert(c["id"]);
    std::istringstream in(r.out);
    size_t lines = 0, withCauses = 0;
    for (std::string l; std::getline(in, l);) {
        const json j = json::parse(l);
        ++lines;
        ASSERT_TRUE(j["causes"].is_array());
        EXPECT_EQ(j["signature_version"], 2);
        if (j["outcome"] != "mismatch") {
            EXPECT_TRUE(j["causes"].empty()) << l;
        }
        for (const auto& c : j["causes"]) EXPECT_TRUE(ids.count(c.get<std::string>())) << l;
        withCauses += !j["causes"].empty();
    }
    EXPECT_EQ(lines, 6000u);
    EXPECT_GT(withCauses, 5000u);
}

TEST_F(CliCauses, SuggestForACauseIsCheckedAndExact) {
    const std::string instants = causeWith("same_instant");
    ASSERT_FALSE(instants.empty());
    auto s = runCli({"rules", "suggest", s_store, "--cause", instants, "--today", "2026-12-02"});
    ASSERT_EQ(s.code, 0) << s.err;
    const json cfg = json::parse(s.out);
    ASSERT_EQ(cfg["rules"].size(), 1u);
    EXPECT_EQ(cfg["rules"][0]["kind"], "same_instant");
    EXPECT_EQ(cfg["rules"][0]["path"], "/**/*_at");
    EXPECT_EQ(cfg["rules"][0]["scope"], "*");
    EXPECT_NE(s.err.find("checked against the whole store"), std::string::npos) << s.err;
    EXPECT_NE(s.err.find("touches 0 record(s)"), std::string::npos) << s.err;
    // a real shift under the format change: no rule, and why
    const std::string shift = causeWith("instant_shift");
    ASSERT_FALSE(shift.empty());
    auto n = runCli({"rules", "suggest", s_store, "--cause", shift});
    EXPECT_EQ(n.code, 1);
    EXPECT_TRUE(n.out.empty()) << n.out;
    EXPECT_NE(n.err.find("no exact rule"), std::string::npos) << n.err;
    // unknown cause: usage/input error
    EXPECT_EQ(runCli({"rules", "suggest", s_store, "--cause", "ffffffffffff"}).code, 2);
}

TEST_F(CliCauses, GroupSuggestionThatWouldHideOtherGroupsIsRefused) {
    // The biggest group combines several acceptable causes; each also occurs in other groups with
    // other companions, so a rule set for the whole group absorbs differences of other groups... only
    // of its own patterns (allowed) — the check passes or says why; never a placeholder regex.
    auto g = runCli({"groups", s_store, "--json"});
    ASSERT_EQ(g.code, 0);
    const json groups = json::parse(g.out);
    ASSERT_FALSE(groups["groups"].empty());
    const std::string sig = groups["groups"][0]["signature"];
    auto s = runCli({"rules", "suggest", s_store, "--signature", sig, "--today", "2026-12-02"});
    EXPECT_NE(s.err.find("checked against the whole store"), std::string::npos) << s.err;
    EXPECT_EQ(s.out.find("<timestamp>"), std::string::npos) << s.out;
    EXPECT_EQ(s.out.find("normalize_value"), std::string::npos) << s.out;
    if (s.code == 1)
        EXPECT_NE(s.err.find("no exact rule"), std::string::npos) << s.err;
    else
        EXPECT_EQ(s.code, 0) << s.err;
}

// Issue 9: `rules suggest` / `rules preview` ran a difference list ending in "array_order" into the
// next message ("…array_orderchecked on 20 sample record(s)"). Every message is a line of its own.
TEST_F(CliCauses, SuggestAndPreviewMessagesAreLinesOfTheirOwn) {
    auto g = runCli({"groups", s_store, "--json"});
    ASSERT_EQ(g.code, 0);
    const json groups = json::parse(g.out);
    std::string sig;
    for (const auto& grp : groups["groups"])
        for (const auto& d : grp["differences"])
            if (d["kind"] == "array_order" && sig.empty()) sig = grp["signature"];
    ASSERT_FALSE(sig.empty()) << "the cooccurring profile plants a ranking change";
    auto s = runCli({"rules", "suggest", s_store, "--signature", sig, "--today", "2026-12-02"});
    ASSERT_EQ(s.code, 0) << s.err;
    std::istringstream err(s.err);
    size_t lines = 0;
    for (std::string l; std::getline(err, l); ++lines)
        EXPECT_TRUE(l.rfind("note: ", 0) == 0 || l.rfind("checked ", 0) == 0) << "a message runs on: " << l;
    EXPECT_GE(lines, 2u) << s.err;
    EXPECT_EQ(s.err.back(), '\n');

    const std::string base = ::testing::TempDir() + "cli_causes_" + std::to_string(::getpid());
    std::ofstream(base + ".current.json") << "{\"version\": 2, \"rules\": []}\n";
    std::ofstream(base + ".new.json") << s.out;
    auto p = runCli({"rules", "preview", s_store, "--rules", base + ".current.json", "--add", base + ".new.json"});
    std::remove((base + ".current.json").c_str());
    std::remove((base + ".new.json").c_str());
    ASSERT_EQ(p.code, 0) << p.err;
    EXPECT_NE(p.out.find(sig), std::string::npos) << p.out;
    std::istringstream out(p.out);
    for (std::string l; std::getline(out, l);) {
        const size_t at = l.find("array_order");
        if (at == std::string::npos) continue;
        const std::string rest = l.substr(at + std::string("array_order").size());
        EXPECT_TRUE(rest.empty() || rest[0] == ',' || rest[0] == ' ') << "runs on after array_order: " << l;
        EXPECT_EQ(l.find("checked on"), std::string::npos) << l;
    }
}
