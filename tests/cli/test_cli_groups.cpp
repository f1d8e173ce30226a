// SPDX-License-Identifier: MIT
// difftriage-cli groups / records / show / diff against the real binary.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/cli/cli_run.h"

using dt::test::runCli;
using nlohmann::json;

namespace {

std::string resp(int status, const json& body, const json& extra = json::object()) {
    json r = {{"status", status}, {"headers", {{"Content-Type", {"application/json"}}}}, {"body", body.dump()}};
    for (auto& [k, v] : extra.items()) r[k] = v;
    return r.dump();
}

std::string line(const std::string& id, const std::string& url, const std::string& primary,
                 const std::string& candidate, const std::string& more = "") {
    return "{\"id\":\"" + id + "\",\"ts\":\"2026-11-20T10:00:0" + std::to_string(id.size() % 10) +
           ".000Z\",\"request\":{\"method\":\"GET\",\"url\":\"" + url + "\",\"headers\":{},\"body\":\"\"}," +
           "\"primary\":" + primary + ",\"candidate\":" + candidate + more + "}";
}

class CliGroups : public ::testing::Test {
protected:
    void SetUp() override {
        m_store = ::testing::TempDir() + "cli_groups_" + std::to_string(::getpid()) + ".jsonl";
        std::ofstream f(m_store);
        // match: reordered keys, 10 vs 10.0, volatile header differs
        f << line("match-alice", "/users/alice-1?verbose=true", resp(200, {{"id", 1}, {"n", 10}}),
                  resp(200, {{"n", 10.0}, {"id", 1}},
                       {{"headers", {{"content-type", "application/json"}, {"Date", "x"}}}}))
          << "\n";
        // the same root cause on two users: one group
        f << line("u-1", "/users/17", resp(200, {{"name", "Alice"}}), resp(200, {{"name", "alice"}})) << "\n";
        f << line("u-2", "/users/18?x=1", resp(200, {{"name", "Bob"}}), resp(200, {{"name", "bob"}})) << "\n";
        f << "\n";  // blank line: skipped
        f << line("s-1", "/users/19", resp(200, {{"name", "C"}}), resp(500, {{"error", "boom"}})) << "\n";
        // noise: the secondary differs from the primary where the candidate does
        f << line("n-1", "/users/20", resp(200, {{"at", "t1"}}), resp(200, {{"at", "t2"}}),
                  ",\"secondary\":" + resp(200, {{"at", "t3"}}))
          << "\n";
        // drift: state.before disagree
        f << line("d-1", "/users/21", resp(200, {{"v", 1}}, {{"state", {{"before", {{"row_version", 7}}}}}}),
                  resp(200, {{"v", 2}}, {{"state", {{"before", {{"row_version", 6}}}}}}))
          << "\n";
        f << "this is not a record\n";
    }
    void TearDown() override { std::remove(m_store.c_str()); }
    std::string m_store;
};

}  // namespace

TEST_F(CliGroups, JsonContract) {
    auto r = runCli({"groups", m_store, "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    json j = json::parse(r.out);
    EXPECT_EQ(j["records"], 7);
    EXPECT_EQ(j["outcomes"]["match"], 1);
    EXPECT_EQ(j["outcomes"]["mismatch"], 3);
    EXPECT_EQ(j["outcomes"]["noise"], 1);
    EXPECT_EQ(j["outcomes"]["drift"], 1);
    EXPECT_EQ(j["outcomes"]["invalid"], 1);
    EXPECT_EQ(j["outcomes"]["allowed"], 0);
    ASSERT_EQ(j["groups"].size(), 2u);
    const json& g = j["groups"][0];
    EXPECT_EQ(g["count"], 2);
    EXPECT_EQ(g["endpoint"], "GET /users/{id}");
    EXPECT_EQ(j["signature_version"], 2);
    EXPECT_EQ(g["differences"], json::parse(R"([{"path":"/name","kind":"changed","class":"case_only"}])"));
    EXPECT_EQ(g["sample_ids"], json::parse(R"(["u-1","u-2"])"));
    EXPECT_EQ(g["signature"].get<std::string>().size(), 12u);
    EXPECT_TRUE(g.contains("first_ts") && g.contains("last_ts"));
    const json& s = j["groups"][1];
    EXPECT_EQ(s["status"]["primary"], 200);
    EXPECT_EQ(s["status"]["candidate"], 500);
    EXPECT_EQ(j["drift_groups"].size(), 1u);
    // the invalid line is reported on stderr with file and line number (line 8: the blank line counts)
    EXPECT_NE(r.err.find(m_store + ":8:"), std::string::npos) << r.err;
}

TEST_F(CliGroups, RecordsOneLinePerRecord) {
    auto r = runCli({"records", m_store});
    ASSERT_EQ(r.code, 0) << r.err;
    std::istringstream in(r.out);
    std::string l;
    std::map<std::string, json> byId;
    int lines = 0;
    while (std::getline(in, l)) {
        json j = json::parse(l);
        ++lines;
        EXPECT_EQ(j.size(), 5u);  // id, outcome, signature, signature_version, causes
        EXPECT_EQ(j["signature_version"], 2);
        EXPECT_TRUE(j["causes"].is_array());
        if (j["id"].is_string()) byId[j["id"]] = j;
    }
    EXPECT_EQ(lines, 7);
    EXPECT_TRUE(byId["match-alice"]["signature"].is_null());
    EXPECT_EQ(byId["match-alice"]["outcome"], "match");
    EXPECT_EQ(byId["u-1"]["signature"], byId["u-2"]["signature"]);
    EXPECT_NE(byId["u-1"]["signature"], byId["s-1"]["signature"]);
    EXPECT_EQ(byId["n-1"]["outcome"], "noise");
    EXPECT_TRUE(byId["match-alice"]["causes"].empty());
    EXPECT_TRUE(byId["n-1"]["causes"].empty());
    ASSERT_EQ(byId["u-1"]["causes"].size(), 1u);
    EXPECT_EQ(byId["u-1"]["causes"], byId["u-2"]["causes"]);
    ASSERT_EQ(byId["s-1"]["causes"].size(), 1u);
    EXPECT_NE(byId["u-1"]["causes"], byId["s-1"]["causes"]);
    EXPECT_EQ(byId["d-1"]["outcome"], "drift");
}

TEST(CliGroupsTable, LongEndpointNeverRunsIntoTheDifferences) {
    const std::string store = ::testing::TempDir() + "cli_groups_long_" + std::to_string(::getpid()) + ".jsonl";
    {
        std::ofstream f(store);
        const std::string url = "/organizations/acme/projects/rocket/environments/production/deployments/17";
        f << line("l-1", url, resp(200, {{"name", "Alice"}}), resp(200, {{"name", "Bob"}})) << "\n";
        f << line("s-1", "/users/19", resp(200, {{"name", "C"}}), resp(200, {{"name", "D"}})) << "\n";
    }
    auto r = runCli({"groups", store});
    ASSERT_EQ(r.code, 0) << r.err;
    std::istringstream in(r.out);
    size_t rows = 0;
    for (std::string l; std::getline(in, l);) {
        const size_t at = l.find("GET /");
        if (at == std::string::npos) continue;
        ++rows;
        const size_t end = l.find(' ', l.find('/', at));  // end of the endpoint
        ASSERT_NE(end, std::string::npos) << l;
        EXPECT_EQ(l.compare(end, 2, "  "), 0) << "endpoint and differences need a gap: " << l;
        EXPECT_NE(l.find("/name changed", end), std::string::npos) << l;
    }
    EXPECT_EQ(rows, 2u) << r.out;
    std::remove(store.c_str());
}

TEST_F(CliGroups, SignaturesStableAcrossRuns) {
    auto a = runCli({"groups", m_store, "--json"});
    auto b = runCli({"groups", m_store, "--json"});
    ASSERT_EQ(a.code, 0);
    EXPECT_EQ(json::parse(a.out)["groups"], json::parse(b.out)["groups"]);
}

TEST_F(CliGroups, ShowPrintsDifferencesAndSideBySide) {
    auto r = runCli({"show", m_store, "u-1"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("/name"), std::string::npos);
    EXPECT_NE(r.out.find("\"Alice\""), std::string::npos);
    EXPECT_NE(r.out.find("\"alice\""), std::string::npos);
    EXPECT_NE(r.out.find("~ "), std::string::npos) << "a changed row is marked";
    auto missing = runCli({"show", m_store, "no-such-id"});
    EXPECT_EQ(missing.code, 2);
    EXPECT_NE(missing.err.find("no-such-id"), std::string::npos);
}

// --swap-sides: the candidate is the reference. The status pair is reference first, show says so
// and puts the candidate on the left; every analysing command takes the option.
TEST_F(CliGroups, SwapSidesMakesTheCandidateTheReference) {
    auto plain = runCli({"groups", m_store, "--json"});
    auto swapped = runCli({"groups", m_store, "--json", "--swap-sides"});
    ASSERT_EQ(plain.code, 0) << plain.err;
    ASSERT_EQ(swapped.code, 0) << swapped.err;
    const json p = json::parse(plain.out), s = json::parse(swapped.out);
    EXPECT_EQ(p["outcomes"], s["outcomes"]);  // this store has no directed outcome change
    EXPECT_FALSE(p.contains("sides_swapped"));
    EXPECT_EQ(s["sides_swapped"], true);
    auto statusOf = [](const json& j) {
        for (const auto& g : j["groups"])
            if (g.contains("status")) return g["status"];
        return json();
    };
    EXPECT_EQ(statusOf(p), (json{{"primary", 200}, {"candidate", 500}}));
    EXPECT_EQ(statusOf(s), (json{{"primary", 500}, {"candidate", 200}}));
    auto show = runCli({"show", m_store, "u-1", "--swap-sides"});
    ASSERT_EQ(show.code, 0) << show.err;
    EXPECT_NE(show.out.find("sides:     swapped"), std::string::npos);
    EXPECT_LT(show.out.find("\"alice\" ->"), show.out.find("\"Alice\"")) << show.out;  // candidate first
    auto json1 = runCli({"show", m_store, "u-1", "--swap-sides", "--json"});
    ASSERT_EQ(json1.code, 0);
    EXPECT_EQ(json::parse(json1.out)["sides_swapped"], true);
    EXPECT_EQ(json::parse(json1.out)["differences"][0]["primary"], "\"alice\"");
    for (const std::vector<std::string>& cmd :
         {std::vector<std::string>{"records", m_store}, {"causes", m_store}, {"check", m_store, "--json"}}) {
        std::vector<std::string> args = cmd;
        args.push_back("--swap-sides");
        EXPECT_NE(runCli(args).code, 2) << cmd[0] << " takes --swap-sides";
    }
}

TEST(CliDiff, JsonPatchTurnsAIntoB) {
    const std::string dir = ::testing::TempDir();
    const json a = json::parse(R"({"a":1,"list":[1,2,3],"o":{"x":"y","k~/":1}})");
    const json b = json::parse(R"({"a":"1","list":[3,1],"o":{"z":null},"new":[{}]})");
    std::ofstream(dir + "a.json") << a.dump();
    std::ofstream(dir + "b.json") << b.dump();
    auto r = runCli({"diff", dir + "a.json", dir + "b.json", "--format", "json-patch"});
    ASSERT_EQ(r.code, 0) << r.err;
    json patch = json::parse(r.out);
    ASSERT_TRUE(patch.is_array());
    EXPECT_EQ(a.patch(patch), b);
    auto text = runCli({"diff", dir + "a.json", dir + "b.json"});
    EXPECT_EQ(text.code, 0);
    EXPECT_FALSE(text.out.empty());
}

TEST(CliErrors, UsageAndInputErrorsExitTwo) {
    EXPECT_EQ(runCli({}).code, 2);
    EXPECT_EQ(runCli({"frobnicate"}).code, 2);
    auto r = runCli({"groups", "/nonexistent/store.jsonl"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("/nonexistent/store.jsonl"), std::string::npos);
    EXPECT_EQ(runCli({"groups"}).code, 2);
    EXPECT_EQ(runCli({"groups", "x", "--bogus"}).code, 2);
    const std::string dir = ::testing::TempDir();
    std::ofstream(dir + "bad.json") << "{not json";
    auto d = runCli({"diff", dir + "bad.json", dir + "bad.json", "--format", "json-patch"});
    EXPECT_EQ(d.code, 2);
    EXPECT_NE(d.err.find("bad.json"), std::string::npos);
    EXPECT_EQ(runCli({"--help"}).code, 0);
}
