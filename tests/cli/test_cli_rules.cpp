// SPDX-License-Identifier: MIT
// difftriage-cli rules suggest | preview | validate | fmt and check, against the real binary.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/rules/rules_io.h"
#include "core/triage/rules_preview.h"
#include "tests/cli/cli_run.h"
#include "tests/gen_fixture.h"

using dt::test::runCli;
using dt::test::slurp;
using dt::test::temp;
using nlohmann::json;

namespace {

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// One generated store (sampled matches carry weights) shared by the tests of this file.
class CliRules : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const std::string dir = dt::test::generatedFixture("--records 20000 --seed 21 --sample-matches 0.25",
                                                           {{"--jsonl", "store.jsonl"}, {"--truth", "truth.json"}});
        ASSERT_FALSE(dir.empty());
        s_store = dir + "/store.jsonl";
        s_truth = dir + "/truth.json";
        auto g = runCli({"groups", s_store, "--json"});
        ASSERT_EQ(g.code, 0) << g.err;
        s_groups = json::parse(g.out);
    }
    static std::string signatureOf(const std::string& endpoint, const std::string& path, const std::string& kind) {
        for (const auto& g : s_groups["groups"])
            if (g["endpoint"] == endpoint && g["differences"].size() == 1 && g["differences"][0]["path"] == path &&
                g["differences"][0]["kind"] == kind)
                return g["signature"];
        return "";
    }

    static std::map<std::string, uint64_t> counts(const json& groups) {
        std::map<std::string, uint64_t> m;
        for (const auto& g : groups["groups"]) m[g["signature"]] = g["count"];
        for (const auto& g : groups["drift_groups"]) m[g["signature"]] = g["count"];
        return m;
    }

    static inline std::string s_store, s_truth;
    static inline json s_groups;
};

const char* kValid = R"({"version": 1, "rules": [
  {"id": "r-a", "kind": "ignore_path", "scope": {"method": "GET", "endpoints": ["/products/*"]},
   "path": "/items/*/discount", "reason": "discounts moved to the cart service", "remove_when": "MIG-7 ships"}]}
)";

}  // namespace

TEST_F(CliRules, ValidateReportsEveryErrorWithFileLineAndPointer) {
    const std::string good = temp("good.json");
    write(good, kValid);
    auto r = runCli({"rules", "validate", good});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("ok, 1 rule(s), 1 enabled, 0 expired"), std::string::npos) << r.out;

    const std::string bad = temp("bad.json");
    write(bad, "{\"version\": 1, \"rules\": [\n"
               "  {\"kind\": \"ignore_path\", \"scope\": \"*\", \"path\": \"items\", \"remove_when\": \"x\"},\n"
               "  {\"kind\": \"teleport\", \"scope\": \"*\", \"reason\": \"r\", \"remove_when\": \"x\"}\n"
               "]}\n");
    r = runCli({"rules", "validate", bad});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find(bad + ":2: /rules/0/path: must start with '/'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(bad + ":2: /rules/0/reason: required"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(bad + ":3: /rules/1/kind: unknown kind \"teleport\""), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("3 error(s)"), std::string::npos) << r.err;

    write(bad, R"({"version": 3, "rules": []})");
    r = runCli({"rules", "validate", bad});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("/version: written by a newer difftriage (version 3); this one reads 2"), std::string::npos)
        << r.err;
    EXPECT_EQ(runCli({"rules", "validate", temp("missing.json")}).code, 2);
    EXPECT_EQ(runCli({"rules", "validate"}).code, 2);
    EXPECT_EQ(runCli({"rules", "frobnicate"}).code, 2);
    std::remove(good.c_str());
    std::remove(bad.c_str());
}

TEST_F(CliRules, FmtRewritesCanonicallyAndLeavesBadFilesAlone) {
    const std::string f = temp("fmt.json");
    write(f, kValid);
    auto r = runCli({"rules", "fmt", f, "--check"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(slurp(f), kValid);  // --check writes nothing
    r = runCli({"rules", "fmt", f});
    EXPECT_EQ(r.code, 0) << r.err;
    const std::string canonical = slurp(f);
    auto cfg = dt::parseRulesConfig(kValid, nullptr);
    ASSERT_TRUE(cfg);
    EXPECT_EQ(canonical, dt::serializeRulesConfig(*cfg));
    r = runCli({"rules", "fmt", f});
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("already canonical"), std::string::npos);
    EXPECT_EQ(runCli({"rules", "fmt", f, "--check"}).code, 0);

    const std::string broken = "{\"version\": 1, \"rules\": [{\"kind\": \"ignore_path\"}]}";
    write(f, broken);
    r = runCli({"rules", "fmt", f});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("not reformatted"), std::string::npos);
    EXPECT_EQ(slurp(f), broken);
    std::remove(f.c_str());
}

TEST_F(CliRules, SuggestPrintsACompleteConfigThatAbsorbsTheGroup) {
    const std::string sig = signatureOf("GET /products/{sku}", "/items/*/discount", "missing");
    ASSERT_FALSE(sig.empty());
    auto r = runCli({"rules", "suggest", s_store, "--signature", sig, "--author", "ci", "--today", "2026-11-25"});
    ASSERT_EQ(r.code, 0) << r.err;
    std::vector<dt::RuleError> errors;
    auto cfg = dt::parseRulesConfig(r.out, &errors);
    ASSERT_TRUE(cfg) << dt::formatRuleErrors("stdout", errors) << r.out;
    EXPECT_EQ(r.out, dt::serializeRulesConfig(*cfg));  // export format
    ASSERT_EQ(cfg->rules.size(), 1u);
    EXPECT_EQ(cfg->rules[0].kind, dt::RuleKind::IgnorePath);
    EXPECT_EQ(cfg->rules[0].path, "/items/*/discount");
    EXPECT_EQ(cfg->rules[0].author, "ci");
    EXPECT_EQ(cfg->rules[0].created, "2026-11-25");
    EXPECT_NE(r.err.find("20 absorbed"), std::string::npos) << r.err;

    // Applying it: the group is gone from `groups --rules`.
    const std::string rules = temp("suggested.json");
    write(rules, r.out);
    auto g = runCli({"groups", s_store, "--rules", rules, "--json"});
    ASSERT_EQ(g.code, 0) << g.err;
    EXPECT_EQ(counts(json::parse(g.out)).count(sig), 0u);
    std::remove(rules.c_str());

    // A signature prefix works; unknown signatures and text that really differs do not.
    EXPECT_EQ(runCli({"rules", "suggest", s_store, "--signature", sig.substr(0, 8)}).code, 0);
    EXPECT_EQ(runCli({"rules", "suggest", s_store, "--signature", "ffffffffffff"}).code, 2);
    EXPECT_EQ(runCli({"rules", "suggest", s_store}).code, 2);
    std::string pages;
    for (const auto& grp : s_groups["groups"])
        if (grp["differences"].size() == 1 && grp["differences"][0]["kind"] == "text_changed") pages = grp["signature"];
    ASSERT_FALSE(pages.empty());
    r = runCli({"rules", "suggest", s_store, "--signature", pages});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.out.empty());
    EXPECT_NE(r.err.find("really differ"), std::string::npos) << r.err;
}

// `rules preview` predicts exactly what `groups --rules CURRENT+NEW` then reports.
TEST_F(CliRules, PreviewEqualsGroupsWithTheMergedRules) {
    const std::string current = temp("current.json");
    const std::string added = temp("added.json");
    const std::string merged = temp("merged.json");
    // CURRENT: the discount rule. NEW: the /name group's suggestion plus a hand-written rule on a
    // glob scope (/users/**: the /balance epsilon group).
    write(current, kValid);
    const std::string nameSig = signatureOf("GET /users/{id}", "/name", "changed");
    ASSERT_FALSE(nameSig.empty());
    auto s = runCli({"rules", "suggest", s_store, "--signature", nameSig, "--rules", current});
    ASSERT_EQ(s.code, 0) << s.err;
    auto add = dt::parseRulesConfig(s.out, nullptr);
    ASSERT_TRUE(add);
    auto extra = dt::parseRulesConfig(R"({"version": 1, "rules": [{"id": "zz-balance", "kind": "ignore_path",
        "scope": {"endpoints": ["/users/**"]}, "path": "/balance", "reason": "r", "remove_when": "w"}]})",
                                      nullptr);
    ASSERT_TRUE(extra);
    add->rules.push_back(extra->rules[0]);
    write(added, dt::serializeRulesConfig(*add));
    auto cur = dt::parseRulesConfig(kValid, nullptr);
    auto all = dt::mergeRuleConfigs(*cur, *add, nullptr);
    ASSERT_TRUE(all);
    write(merged, dt::serializeRulesConfig(*all));

    auto before = runCli({"groups", s_store, "--rules", current, "--json"});
    auto after = runCli({"groups", s_store, "--rules", merged, "--json"});
    auto p = runCli({"rules", "preview", s_store, "--rules", current, "--add", added, "--json"});
    ASSERT_EQ(before.code, 0) << before.err;
    ASSERT_EQ(after.code, 0) << after.err;
    ASSERT_EQ(p.code, 0) << p.err;
    const json jb = json::parse(before.out), ja = json::parse(after.out), jp = json::parse(p.out);
    auto predicted = counts(jb);
    for (const auto& g : jp["groups"]) {
        if (g["after"]["count"] == 0)
            predicted.erase(g["signature"].get<std::string>());
        else
            predicted[g["signature"]] = g["after"]["count"];
    }
    EXPECT_EQ(predicted, counts(ja));
    EXPECT_EQ(jp["outcomes_after"], ja["outcomes"]);
    EXPECT_NEAR(jp["match_rate"]["after"].get<double>(), ja["match_rate"].get<double>(), 1e-12);
    EXPECT_NEAR(jp["match_rate"]["before"].get<double>(), jb["match_rate"].get<double>(), 1e-12);
    EXPECT_GE(jp["groups_fully_absorbed"].get<int>(), 2);  // /name and /balance
    EXPECT_LT(jp["examined"].get<uint64_t>(), jp["records"].get<uint64_t>() / 4);

    // The text form names the absorbed groups.
    auto text = runCli({"rules", "preview", s_store, "--rules", current, "--add", added});
    EXPECT_EQ(text.code, 0);
    EXPECT_NE(text.out.find("fully absorbed:"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find(nameSig), std::string::npos) << text.out;
    // An id clash between CURRENT and NEW is an input error.
    write(added, R"({"version": 1, "rules": [{"id": "r-a", "kind": "ignore_path", "scope": "*", "path": "/x",
        "reason": "r", "remove_when": "w"}]})");
    p = runCli({"rules", "preview", s_store, "--rules", current, "--add", added});
    EXPECT_EQ(p.code, 2);
    EXPECT_NE(p.err.find("/rules/0/id"), std::string::npos) << p.err;
    for (const auto& f : {current, added, merged}) std::remove(f.c_str());
}

TEST_F(CliRules, CheckGatesOnTheWeightedMismatchRate) {
    // The weighted rate computed from `groups --json`.
    const auto& w = s_groups["weighted_outcomes"];
    const double comparable =
        w["match"].get<double>() + w["mismatch"].get<double>() + w["noise"].get<double>() + w["allowed"].get<double>();
    const double rate = w["mismatch"].get<double>() / comparable;
    const auto& c = s_groups["outcomes"];
    const double unweighted = c["mismatch"].get<double>() /
                              (c["match"].get<double>() + c["mismatch"].get<double>() + c["noise"].get<double>());
    ASSERT_GT(std::fabs(rate - unweighted), 0.01);  // sampled matches: weights matter here

    auto r = runCli({"check", s_store, "--max-mismatch-rate", std::to_string(rate + 0.001), "--json"});
    EXPECT_EQ(r.code, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_NEAR(j["mismatch_rate"].get<double>(), rate, 1e-12);
    EXPECT_TRUE(j["passed"].get<bool>());
    EXPECT_EQ(j["top_groups"].size(), 5u);
    r = runCli({"check", s_store, "--max-mismatch-rate", std::to_string(rate - 0.001)});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.out.find("FAILED"), std::string::npos);
    // Percent form.
    EXPECT_EQ(runCli({"check", s_store, "--max-mismatch-rate", std::to_string((rate + 0.001) * 100) + "%"}).code, 0);

    // Rules lower the rate; an expired rule warns, and fails only with --fail-on-expired.
    const std::string rules = temp("check.json");
    write(rules,
          R"({"version": 1, "rules": [{"id": "r-old", "kind": "ignore_path", "scope": {"endpoints": ["/users/*"]},
        "path": "/name", "reason": "r", "expires": "2026-01-31"}]})");
    r = runCli({"check", s_store, "--rules", rules, "--max-mismatch-rate", std::to_string(rate), "--today",
                "2026-02-01", "--json"});
    EXPECT_EQ(r.code, 0) << r.err;
    const json k = json::parse(r.out);
    EXPECT_LT(k["mismatch_rate"].get<double>(), rate);
    ASSERT_EQ(k["expired_rules"].size(), 1u);
    EXPECT_EQ(k["expired_rules"][0]["id"], "r-old");
    EXPECT_NE(r.err.find("warning: rule r-old expired on 2026-01-31"), std::string::npos) << r.err;
    r = runCli({"check", s_store, "--rules", rules, "--max-mismatch-rate", std::to_string(rate), "--today",
                "2026-02-01", "--fail-on-expired"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("error: rule r-old expired"), std::string::npos) << r.err;
    // Not expired yet on its last day.
    EXPECT_EQ(runCli({"check", s_store, "--rules", rules, "--max-mismatch-rate", std::to_string(rate), "--today",
                      "2026-01-31", "--fail-on-expired"})
                  .code,
              0);

    // Without --max-mismatch-rate, check judges the parity criteria instead (test_cli_check.cpp).
    EXPECT_NE(runCli({"check", s_store}).out.find("criteria: match rate >="), std::string::npos);
    // Errors: exit 2.
    EXPECT_EQ(runCli({"check", s_store, "--max-mismatch-rate", "abc"}).code, 2);
    EXPECT_EQ(runCli({"check", s_store, "--max-mismatch-rate", "1.5"}).code, 2);
    EXPECT_EQ(runCli({"check", temp("nope.jsonl"), "--max-mismatch-rate", "0.1"}).code, 2);
    EXPECT_EQ(runCli({"check", s_store, "--max-mismatch-rate", "0.1", "--today", "2026-13-01"}).code, 2);
    write(rules, R"({"version": 1, "rules": [{"kind": "ignore_path"}]})");
    r = runCli({"check", s_store, "--rules", rules, "--max-mismatch-rate", "0.1"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("/rules/0/reason: required"), std::string::npos) << r.err;
    std::remove(rules.c_str());
}
