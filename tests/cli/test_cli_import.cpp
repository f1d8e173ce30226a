// SPDX-License-Identifier: MIT
// difftriage-cli import / goreplay-middleware against the real binary.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_run.h"
#include "tests/core/capture_samples.h"

using dt::test::runCli;
using dt::test::temp;
using nlohmann::json;

namespace {

std::string hex(const std::string& s) {
    static const char* d = "0123456789abcdef";
    std::string h;
    for (unsigned char c : s) {
        h += d[c >> 4];
        h += d[c & 15];
    }
    return h;
}

}  // namespace

TEST(CliImport, GoReplayToStoreToGroups) {
    for (const std::string ext : {".jsonl", ".sqlite"}) {
        const std::string gor = temp("a.gor");
        const std::string store = temp("a" + ext);
        dt::test::writeFile(gor, dt::test::gorSample());
        const auto r = runCli({"import", "goreplay", gor, "--out", store, "--json"});
        ASSERT_EQ(r.code, 0) << r.err;
        const json j = json::parse(r.out);
        EXPECT_EQ(j["records"], 5);
        EXPECT_EQ(j["inputs"], 14);
        EXPECT_EQ(j["not_replayed"], 1);
        EXPECT_EQ(j["truncated"], 1);
        EXPECT_EQ(j["balanced"], true);

        const auto g = runCli({"groups", store, "--json"});
        ASSERT_EQ(g.code, 0) << g.err;
        const json gj = json::parse(g.out);
        EXPECT_EQ(gj["records"], 5);
        EXPECT_EQ(gj["outcomes"]["match"], 2) << ext;
        EXPECT_EQ(gj["outcomes"]["mismatch"], 2) << ext;
        EXPECT_EQ(gj["outcomes"]["drift"], 1) << ext;
        std::remove(gor.c_str());
        std::remove(store.c_str());
    }
}

TEST(CliImport, ProblemsGoToStderrWithFileAndLine) {
    const std::string gor = temp("bad.gor");
    const std::string store = temp("bad.jsonl");
    dt::test::writeFile(gor, dt::test::gorSample() + "1 zz-bad 1 0\nGET / HTTP/1.1\r\n\r\n" + dt::test::kGorSeparator +
                                 "2 cafe 1 0\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx" + dt::test::kGorSeparator);
    const auto r = runCli({"import", "goreplay", gor, "--out", store});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find(gor + ":"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("bad id 'zz-bad'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("original response cafe has no request"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("5 records from 16 inputs (14 used, 2 reported and dropped"), std::string::npos) << r.out;
    std::remove(gor.c_str());
    std::remove(store.c_str());
}

TEST(CliImport, UsageErrors) {
    EXPECT_EQ(runCli({"import", "goreplay", "x.gor"}).code, 2) << "no --out";
    const auto unknown = runCli({"import", "pcap", "x", "--out", temp("u.jsonl")});
    EXPECT_EQ(unknown.code, 2);
    EXPECT_NE(unknown.err.find("unknown format 'pcap'"), std::string::npos);
    const std::string store = temp("missing.jsonl");
    const auto missing = runCli({"import", "goreplay", temp("nope.gor"), "--out", store});
    EXPECT_EQ(missing.code, 2);
    EXPECT_NE(missing.err.find("nope.gor"), std::string::npos);
    EXPECT_NE(access(store.c_str(), F_OK), 0) << "an atomic import that failed leaves no store";
}

TEST(CliImport, MiddlewareEchoesAndStreamsRecords) {
    const std::string in = temp("mw.in");
    const std::string echo = temp("mw.out");
    const std::string errf = temp("mw.err");
    const std::string store = temp("mw.sqlite");
    // The sample's payloads, hex-encoded one per line, plus a bad line.
    const std::string sample = dt::test::gorSample();
    std::string lines;
    size_t pos = 0;
    for (size_t sep; (sep = sample.find(dt::test::kGorSeparator, pos)) != std::string::npos;
         pos = sep + dt::test::kGorSeparator.size())
        lines += hex(sample.substr(pos, sep - pos)) + "\n";
    lines += "not hex at all\n";
    dt::test::writeFile(in, lines);
    const std::string cmd = dt::test::shellQuote(DT_CLI) + " goreplay-middleware --out " + dt::test::shellQuote(store) +
                            " <" + dt::test::shellQuote(in) + " >" + dt::test::shellQuote(echo) + " 2>" +
                            dt::test::shellQuote(errf);
    ASSERT_EQ(std::system(cmd.c_str()), 0) << dt::test::slurp(errf);
    EXPECT_EQ(dt::test::slurp(echo), lines) << "every line echoed unchanged";
    const std::string err = dt::test::slurp(errf);
    EXPECT_NE(err.find("<stdin>:15: bad hex"), std::string::npos) << err;
    const auto g = runCli({"groups", store, "--json"});
    ASSERT_EQ(g.code, 0) << g.err;
    EXPECT_EQ(json::parse(g.out)["records"], 5);
    for (const auto& f : {in, echo, errf, store}) std::remove(f.c_str());
}

TEST(CliImport, EnvoyAndHar) {
    namespace fs = std::filesystem;
    const std::string base = temp("caps");
    fs::remove_all(base);
    fs::create_directories(base + "/p");
    fs::create_directories(base + "/s");
    dt::test::writeFile(base + "/p/tap_1.json", dt::test::envoyTrace("t-1", "/a", 200, R"({"a":1})"));
    dt::test::writeFile(base + "/s/tap_1.json", dt::test::envoyTrace("t-1", "/a", 200, R"({"a":2})", true));
    dt::test::writeFile(base + "/p/tap_2.json", dt::test::envoyTrace("t-2", "/b", 200, R"({"b":1})"));
    dt::test::writeFile(base + "/s/tap_2.json", dt::test::envoyTrace("t-2", "/b", 200, R"({"b)", false, true));
    auto r = runCli({"import", "envoy", base + "/p", base + "/s", "--out", base + "/envoy.jsonl", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(json::parse(r.out)["records"], 2);
    auto g = runCli({"groups", base + "/envoy.jsonl", "--json"});
    ASSERT_EQ(g.code, 0) << g.err;
    EXPECT_EQ(json::parse(g.out)["outcomes"]["mismatch"], 1);
    EXPECT_EQ(json::parse(g.out)["outcomes"]["drift"], 1) << "truncated: not comparable";

    const std::string body = R"({"x":1})";
    dt::test::writeFile(base + "/a.har",
                        dt::test::harFile({dt::test::harEntry("GET", "https://a/x", 200, &body, "h-1")}));
    dt::test::writeFile(base + "/b.har",
                        dt::test::harFile({dt::test::harEntry("GET", "https://b/x", 200, &body, "h-1")}));
    r = runCli({"import", "har", base + "/a.har", base + "/b.har", "--out", base + "/har.sqlite"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("1 records from 2 inputs (2 used, 0 reported"), std::string::npos) << r.out;
    EXPECT_EQ(runCli({"import", "har", base + "/a.har", "--out", base + "/x.jsonl"}).code, 2) << "needs two inputs";
    fs::remove_all(base);
}
