// SPDX-License-Identifier: MIT
// difftriage-cli triage: states from a workspace, REGRESSION for a fixed group that is back, NEW
// for groups not seen when the workspace was last opened, --mark-opened, --fail-on-regression.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_run.h"

using dt::test::runCli;
using dt::test::slurp;
using dt::test::temp;
using nlohmann::json;

TEST(CliTriage, RegressionNewSinceAndMarkOpened) {
    const std::string sample = std::string(DT_SAMPLES) + "/sample.jsonl";
    auto g = runCli({"groups", sample, "--json"});
    ASSERT_EQ(g.code, 0) << g.err;
    const json groups = json::parse(g.out)["groups"];
    ASSERT_GE(groups.size(), 3u);
    const size_t total = groups.size() + json::parse(g.out)["drift_groups"].size();  // triage lists both
    const std::string fixedSig = groups[0]["signature"], bugSig = groups[1]["signature"];
    // Last opened with only the first two groups present; the first was marked fixed since.
    const std::string ws = temp("ws.difftriage");
    std::ofstream(ws) << json{{"format", "difftriage-workspace"},
                              {"version", 1},
                              {"last_opened", "2026-11-30T10:00:00Z"},
                              {"known_signatures", {fixedSig, bugSig}},
                              {"groups",
                               {{fixedSig, {{"state", "fixed"}, {"owner", "dan"}}},
                                {bugSig, {{"state", "bug"}, {"ticket", "MIG-9"}}}}}}
                             .dump();
    auto r = runCli({"triage", sample, "--workspace", ws, "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j["regressions"], 1);
    EXPECT_EQ(j["new"], total - 2);
    EXPECT_EQ(j["groups"].size(), total);
    for (const auto& e : j["groups"]) {
        const bool isFixed = e["signature"] == fixedSig, isBug = e["signature"] == bugSig;
        EXPECT_EQ(e["regression"], isFixed) << e;
        EXPECT_EQ(e["new_since"], !isFixed && !isBug) << e;
        EXPECT_EQ(e["state"], isFixed ? "fixed" : isBug ? "bug" : "new") << e;
    }
    auto text = runCli({"triage", sample, "--workspace", ws});
    ASSERT_EQ(text.code, 0);
    EXPECT_NE(text.out.find(fixedSig), std::string::npos);
    EXPECT_NE(text.out.find("REGRESSION"), std::string::npos);
    EXPECT_NE(text.out.find("@dan"), std::string::npos);

    EXPECT_EQ(runCli({"triage", sample, "--workspace", ws, "--fail-on-regression"}).code, 1);

    // --mark-opened: every group is now known, so nothing is new the next time.
    ASSERT_EQ(runCli({"triage", sample, "--workspace", ws, "--mark-opened"}).code, 0);
    const json saved = json::parse(slurp(ws));
    EXPECT_EQ(saved["known_signatures"].size(), total);
    EXPECT_FALSE(saved["known_causes"].empty());
    EXPECT_NE(saved["last_opened"], "2026-11-30T10:00:00Z");
    auto after = runCli({"triage", sample, "--workspace", ws, "--json"});
    ASSERT_EQ(after.code, 0) << after.err;
    EXPECT_EQ(json::parse(after.out)["new"], 0);
    EXPECT_EQ(json::parse(after.out)["regressions"], 1);  // still fixed, still back

    std::ofstream(ws) << "{\"format\": \"difftriage-workspace\", \"version\": 2}";
    auto broken = runCli({"triage", sample, "--workspace", ws});
    EXPECT_EQ(broken.code, 2);
    EXPECT_NE(broken.err.find(":1: /version: written by a newer difftriage"), std::string::npos) << broken.err;
    EXPECT_EQ(runCli({"triage", sample}).code, 2);  // --workspace is required
    std::remove(ws.c_str());
}
