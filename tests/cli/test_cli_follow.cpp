// SPDX-License-Identifier: MIT
// difftriage-cli groups STORE --follow --json-lines against the real binary.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_run.h"

using dt::test::runCli;
using nlohmann::json;

namespace {
std::string rec(const std::string& id, const std::string& a, const std::string& b) {
    return R"({"id":")" + id + R"(","ts":"2026-12-02T09:00:00Z","request":{"method":"GET","url":"/users/)" + id +
           R"("},"primary":{"status":200,"body":"{\"n\":\")" + a +
           R"(\"}"},"candidate":{"status":200,"body":"{\"n\":\")" + b + R"(\"}"}})";
}
}  // namespace

TEST(CliFollow, JsonLinesPerInterval) {
    const std::string store = ::testing::TempDir() + "cli_follow_" + std::to_string(::getpid()) + ".jsonl";
    {
        std::ofstream f(store, std::ios::binary);
        f << rec("1", "A", "A") << "\n" << rec("2", "B", "b") << "\n" << rec("3", "C", "c").substr(0, 30);
    }
    auto r = runCli({"groups", store, "--follow", "--json-lines", "--interval", "0.05", "--max-intervals", "2"});
    ASSERT_EQ(r.code, 0) << r.err;
    std::istringstream lines(r.out);
    std::string l1, l2;
    ASSERT_TRUE(std::getline(lines, l1));
    ASSERT_TRUE(std::getline(lines, l2));
    const json a = json::parse(l1), b = json::parse(l2);
    EXPECT_EQ(a["records"], 2);
    EXPECT_EQ(a["new_records"], 2);
    EXPECT_GT(a["pending_bytes"].get<int>(), 0) << "the half-written third line is waited for";
    EXPECT_EQ(a["problems"], 0);
    EXPECT_EQ(a["outcomes"]["mismatch"], 1);
    ASSERT_EQ(a["groups"].size(), 1u);
    EXPECT_EQ(a["groups"][0]["endpoint"], "GET /users/{id}");
    EXPECT_EQ(b["new_records"], 0);

    // A SQLite store is followed by rowid: the first interval reads every row, as a full scan does.
    const std::string sqlite = store + ".sqlite";
    const std::string gen = std::string(DT_GEN) + " --records 300 --seed 5 --sqlite " + sqlite + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(gen.c_str()), 0);
    auto s = runCli({"groups", sqlite, "--follow", "--json-lines", "--max-intervals", "1"});
    ASSERT_EQ(s.code, 0) << s.err;
    const json sj = json::parse(s.out);
    const auto full = runCli({"groups", sqlite, "--json"});
    ASSERT_EQ(full.code, 0) << full.err;
    const json fj = json::parse(full.out);
    EXPECT_EQ(sj["records"], fj["records"]);
    EXPECT_EQ(sj["outcomes"], fj["outcomes"]);
    EXPECT_GT(sj["last_rowid"].get<int64_t>(), 0);
    std::remove(sqlite.c_str());

    EXPECT_EQ(runCli({"groups", store, "--follow", "--interval", "0"}).code, 2);
    EXPECT_EQ(runCli({"groups", store, "--follow", "--bogus"}).code, 2);
    std::remove(store.c_str());
}
