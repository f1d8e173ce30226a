// SPDX-License-Identifier: MIT
// difftriage-cli rules export against the real binary.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_run.h"

using dt::test::runCli;
using dt::test::temp;
using nlohmann::json;

namespace {

const char* kRules = R"({"version": 2, "rules": [
  {"id": "r-ignore", "kind": "ignore_path", "scope": "*", "path": "/items/*/discount", "reason": "moved", "remove_when": "MIG-7"},
  {"id": "r-index", "kind": "ignore_path", "scope": "*", "path": "/items/0/idempotency_key", "reason": "x", "remove_when": "y"},
  {"id": "r-status", "kind": "status_equivalence", "scope": "*", "primary": 201, "candidate": 200, "reason": "x", "remove_when": "y"},
  {"id": "r-header", "kind": "ignore_header", "scope": "*", "header": "x-trace-id", "reason": "x", "remove_when": "y"}
]})";

}  // namespace

TEST(CliRulesExport, KeployReportsOmittedAndBroader) {
    const std::string rules = temp("rules.json");
    std::ofstream(rules) << kRules;
    auto r = runCli({"rules", "export", "--format", "keploy", rules});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("'items.discount': []"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("'X-Trace-Id': []"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("idempotency_key"), std::string::npos) << "broader: not exported by default";
    EXPECT_NE(r.err.find("r-index ignore_path /items/0/idempotency_key on *: broader, not exported"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("also matches every other element of /items"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("r-status"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("keploy: 2 of 4 rules exported"), std::string::npos) << r.err;

    r = runCli({"rules", "export", "--format", "keploy", rules, "--allow-broader", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_NE(j["text"].get<std::string>().find("'items.idempotency_key': []"), std::string::npos);
    std::map<std::string, json> byId;
    for (const auto& rule : j["rules"]) byId[rule["id"]] = rule;
    EXPECT_EQ(byId["r-index"]["status"], "broader");
    EXPECT_EQ(byId["r-index"]["exported"], true);
    EXPECT_EQ(byId["r-status"]["status"], "omitted");
    EXPECT_EQ(byId["r-status"]["exported"], false);
    std::remove(rules.c_str());
}

TEST(CliRulesExport, DiferenciaExpandsWithTheStore) {
    const std::string rules = temp("rules2.json");
    const std::string store = temp("store.jsonl");
    const std::string out = temp("ignore.txt");
    std::ofstream(rules) << kRules;
    const std::string body = R"({\"items\":[{\"discount\":1},{\"discount\":2},{\"discount\":3}]})";
    std::ofstream(store) << R"({"id":"1","ts":"2026-12-02T09:00:00Z","request":{"method":"GET","url":"/o"},)"
                         << R"("primary":{"status":200,"body":")" << body
                         << R"("},"candidate":{"status":200,"body":"{}"}})"
                         << "\n";
    auto r = runCli({"rules", "export", "--format", "diferencia", rules, "--store", store, "--out", out});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(r.out.empty());
    EXPECT_EQ(dt::test::slurp(out),
              "/items/0/discount\n/items/0/idempotency_key\n/items/1/discount\n/items/2/discount\n");
    EXPECT_NE(r.err.find("headers (--ignoreHeadersValues): X-Trace-Id"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("3 pointer(s) seen in the store"), std::string::npos) << r.err;

    r = runCli({"rules", "export", "--format", "jd", rules});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(json::parse(r.out), json::parse(R"([{"@":["items",0,"idempotency_key"],"^":["DIFF_OFF"]}])"));

    EXPECT_EQ(runCli({"rules", "export", "--format", "postman", rules}).code, 2);
    EXPECT_EQ(runCli({"rules", "export", rules}).code, 2);
    EXPECT_EQ(runCli({"rules", "export", "--format", "jd", temp("missing.json")}).code, 2);
    for (const auto& f : {rules, store, out}) std::remove(f.c_str());
}

TEST(CliRulesExport, DiferenciaHeaderListGoesToHeadersOut) {
    const std::string rules = temp("rules3.json");
    const std::string out = temp("ignore3.txt");
    const std::string headers = temp("ignore3.headers");
    std::ofstream(rules) << R"({"version": 2, "rules": [
  {"id": "r-ignore", "kind": "ignore_path", "scope": "*", "path": "/items/0/discount", "reason": "x", "remove_when": "y"},
  {"id": "r-trace", "kind": "ignore_header", "scope": "*", "header": "x-trace-id", "reason": "x", "remove_when": "y"},
  {"id": "r-date", "kind": "ignore_header", "scope": "*", "header": "date", "reason": "x", "remove_when": "y"}
]})";
    auto r = runCli({"rules", "export", "--format", "diferencia", rules, "--out", out, "--headers-out", headers});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(dt::test::slurp(out), "/items/0/discount\n");
    const std::string list = dt::test::slurp(headers);
    EXPECT_NE(list.find("X-Trace-Id\n"), std::string::npos) << list;
    EXPECT_NE(list.find("Date\n"), std::string::npos) << list;
    EXPECT_EQ(std::count(list.begin(), list.end(), '\n'), 2) << "one header per line";
    EXPECT_NE(r.err.find("headers (--ignoreHeadersValues)"), std::string::npos) << "still reported";

    // Without --headers-out no header file is written; an unwritable one is an error.
    std::remove(headers.c_str());
    r = runCli({"rules", "export", "--format", "diferencia", rules, "--out", out});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_FALSE(std::ifstream(headers).good());
    r = runCli(
        {"rules", "export", "--format", "diferencia", rules, "--out", out, "--headers-out", temp("no/such/dir/h.txt")});
    EXPECT_EQ(r.code, 2) << r.err;
    r = runCli({"rules", "export", "--format", "diferencia", rules, "--headers-out"});
    EXPECT_EQ(r.code, 2) << "a value is required";
    for (const auto& f : {rules, out, headers}) std::remove(f.c_str());
}
