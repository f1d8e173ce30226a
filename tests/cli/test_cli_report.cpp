// SPDX-License-Identifier: MIT
// difftriage-cli report and golden against the real binary: HTML / Markdown written atomically,
// secrets masked by default (--no-mask shows them), workspace states in the report, usage errors
// exit 2; golden writes a store that groups like the chosen groups.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_run.h"

using dt::test::runCli;
using dt::test::slurp;
using dt::test::temp;
using nlohmann::json;

namespace {

// A small store with a secret in a request header, a query string and a body.
std::string secretStore() {
    const std::string path = temp("secrets.jsonl");
    std::ofstream out(path);
    for (int i = 0; i < 4; ++i) {
        json p = {{"id", i}, {"total", 10}, {"contact", "bob@example.org"}, {"html", "<script>x()</script>"}};
        json c = p;
        c["total"] = 12;
        json rec = {{"id", "s-" + std::to_string(i)},
                    {"ts", "2026-11-20T10:00:0" + std::to_string(i) + "Z"},
                    {"request",
                     {{"method", "GET"},
                      {"url", "/carts/" + std::to_string(i) + "?access_token=TOKEN-SHOULD-HIDE"},
                      {"headers", {{"Authorization", "Bearer AUTH-SHOULD-HIDE-123"}}}}},
                    {"primary", {{"status", 200}, {"body", p.dump()}}},
                    {"candidate", {{"status", 200}, {"body", c.dump()}}}};
        out << rec.dump() << "\n";
    }
    return path;
}

// Raw "<script" may appear only inside fenced code blocks (rendered as text there).
bool scriptOutsideFences(const std::string& md) {
    std::istringstream in(md);
    std::string line, fence;
    while (std::getline(in, line)) {
        if (!fence.empty()) {
            if (line == fence) fence.clear();
            continue;
        }
        if (line.rfind("```", 0) == 0) {
            fence = line.substr(0, line.find_first_not_of('`'));
            continue;
        }
        if (line.find("<script") != std::string::npos) return true;
    }
    return false;
}

}  // namespace

TEST(CliReport, HtmlAndMarkdownMaskedByDefault) {
    const std::string store = secretStore();
    for (const char* format : {"html", "md"}) {
        const std::string out = temp(std::string("report.") + format);
        auto r = runCli({"report", store, "--format", format, "--out", out});
        ASSERT_EQ(r.code, 0) << r.err;
        EXPECT_NE(r.out.find("groups"), std::string::npos) << r.out;
        const std::string text = slurp(out);
        ASSERT_FALSE(text.empty());
        for (const char* secret : {"TOKEN-SHOULD-HIDE", "AUTH-SHOULD-HIDE-123", "bob@example.org"})
            EXPECT_EQ(text.find(secret), std::string::npos) << format << " holds " << secret;
        if (std::string(format) == "html") {
            EXPECT_EQ(text.find("<script"), std::string::npos);
        } else {
            EXPECT_FALSE(scriptOutsideFences(text));
        }
        EXPECT_NE(text.find("/total"), std::string::npos) << format;
        std::remove(out.c_str());
    }
    // --no-mask: the secrets are there (still escaped).
    const std::string out = temp("plain.html");
    auto r = runCli({"report", store, "--format", "html", "--out", out, "--no-mask"});
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string text = slurp(out);
    EXPECT_NE(text.find("AUTH-SHOULD-HIDE-123"), std::string::npos);
    EXPECT_EQ(text.find("<script"), std::string::npos);
    std::remove(out.c_str());
    std::remove(store.c_str());
}

TEST(CliReport, WorkspaceStatesAndExtraMaskPatterns) {
    const std::string store = secretStore();
    // The signature of the one group, from `groups --json`.
    auto g = runCli({"groups", store, "--json"});
    ASSERT_EQ(g.code, 0) << g.err;
    const std::string sig = json::parse(g.out)["groups"][0]["signature"];
    const std::string ws = temp("ws.difftriage");
    std::ofstream(ws) << json{{"format", "difftriage-workspace"},
                              {"version", 1},
                              {"groups", {{sig, {{"state", "intended_fix"}, {"owner", "carol"}}}}}}
                             .dump();
    const std::string out = temp("ws.md");
    auto r = runCli(
        {"report", store, "--workspace", ws, "--format", "md", "--out", out, "--mask-pattern", "carts/([0-9]+)"});
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string text = slurp(out);
    EXPECT_NE(text.find("intended fix"), std::string::npos) << text;
    EXPECT_NE(text.find("carol"), std::string::npos);
    EXPECT_EQ(text.find("/carts/1"), std::string::npos);
    std::remove(out.c_str());

    // --mark-reported records the report's time in the workspace (rules since then go in the next one).
    r = runCli({"report", store, "--workspace", ws, "--format", "md", "--out", out, "--generated",
                "2026-12-02T12:00:00Z", "--mark-reported"});
    ASSERT_EQ(r.code, 0) << r.err;
    const json saved = json::parse(slurp(ws));
    EXPECT_EQ(saved["last_report"], "2026-12-02T12:00:00Z");
    EXPECT_EQ(saved["groups"][sig]["owner"], "carol");
    std::remove(out.c_str());

    // A broken workspace: line + pointer, exit 2, no report.
    std::ofstream(ws) << "{\"format\": \"difftriage-workspace\", \"version\": 1,\n \"groups\": {\"x\": {\"state\": "
                         "\"done\"}}}";
    r = runCli({"report", store, "--workspace", ws, "--format", "md", "--out", out});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find(":2: /groups/x/state: unknown state"), std::string::npos) << r.err;
    EXPECT_FALSE(std::ifstream(out).good());
    std::remove(ws.c_str());
    std::remove(store.c_str());
}

TEST(CliReport, UsageErrorsExit2) {
    const std::string store = secretStore();
    EXPECT_EQ(runCli({"report", store, "--format", "pdf", "--out", temp("x")}).code, 2);
    EXPECT_EQ(runCli({"report", store, "--format", "html"}).code, 2);
    EXPECT_EQ(runCli({"report", store, "--format", "html", "--out", temp("x"), "--mask-pattern", "(bad"}).code, 2);
    EXPECT_EQ(runCli({"report", store, "--format", "md", "--out", temp("x"), "--mark-reported"}).code, 2);
    EXPECT_EQ(runCli({"golden", store, "--out", temp("g.jsonl")}).code, 2);  // no --signature / --all
    EXPECT_EQ(runCli({"golden", store, "--all", "--out", temp("g.jsonl"), "--format", "sqlite"}).code, 2);
    std::remove(store.c_str());
}

TEST(CliGolden, WritesTheChosenGroupsAsAStore) {
    const std::string sample = std::string(DT_SAMPLES) + "/sample.jsonl";
    auto g = runCli({"groups", sample, "--json"});
    ASSERT_EQ(g.code, 0) << g.err;
    const json groups = json::parse(g.out)["groups"];
    ASSERT_GE(groups.size(), 2u);
    const std::string s0 = groups[0]["signature"], s1 = groups[1]["signature"];
    const std::string out = temp("golden.sqlite");
    auto r = runCli({"golden", sample, "--signature", s0, "--signature", s1, "--per-group", "3", "--out", out,
                     "--format", "sqlite"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("6 records of 2 groups"), std::string::npos) << r.out;
    auto again = runCli({"groups", out, "--json"});
    ASSERT_EQ(again.code, 0) << again.err;
    const json back = json::parse(again.out)["groups"];
    ASSERT_EQ(back.size(), 2u);
    for (const auto& grp : back) {
        EXPECT_TRUE(grp["signature"] == s0 || grp["signature"] == s1) << grp["signature"];
        EXPECT_EQ(grp["count"], 3);
    }
    std::remove(out.c_str());
    EXPECT_EQ(runCli({"golden", sample, "--signature", "ffffffffffff", "--out", temp("none.jsonl")}).code, 2);
}
