// SPDX-License-Identifier: MIT
// core/import/envoy_tap and core/import/har: two captures (primary, candidate) -> paired records.
#include "core_test_util.h"
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "capture_samples.h"
#include "core/analysis/analysis.h"
#include "core/import/envoy_tap.h"
#include "core/import/har.h"
#include "core/store/store_writer.h"

using namespace dt;
using namespace dt::import;
namespace fs = std::filesystem;

namespace {

struct ImportRun {
    std::vector<Record> records;
    std::vector<ImportProblem> problems;
    ImportTotals totals;
    bool ok = false;
    std::string error;
    const Record* find(const std::string& id) const {
        for (const auto& r : records)
            if (r.id == id) return &r;
        return nullptr;
    }
    std::string all() const {
        std::string s;
        for (const auto& p : problems) s += p.format() + "\n";
        return s;
    }
    bool has(const std::string& needle) const { return all().find(needle) != std::string::npos; }
};

using dt::test::tag;

class TempDir {
public:
    explicit TempDir(const std::string& name)
            : m_path(::testing::TempDir() + "imp_" + std::to_string(::getpid()) + "_" + name) {
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }
    ~TempDir() { fs::remove_all(m_path); }
    std::string file(const std::string& name, const std::string& content) const {
        const std::string p = m_path + "/" + name;
        test::writeFile(p, content);
        return p;
    }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

template <class F>
ImportRun runImport(F&& f, const std::string& header = "x-request-id") {
    ImportRun run;
    ImportOptions opt;
    opt.correlation_header = header;
    ImportReport report(opt, [&](const Record& r, std::string*) {
        run.records.push_back(r);
        return true;
    });
    run.ok = f(report, &run.error);
    run.problems = report.problems();
    run.totals = report.totals();
    return run;
}

// Envoy: a primary and a shadow tap directory (file names as file_per_tap writes them).
struct EnvoyDirs {
    TempDir primary{"envoy_primary"}, shadow{"envoy_shadow"};
    EnvoyDirs() {
        primary.file("tap_1.json", test::envoyTrace("r-1", "/users/17", 200, R"({"id":17,"name":"Alice"})", false,
                                                    false, "2026-12-02T09:00:00.100Z", "2026-12-02T09:00:00.112Z"));
        shadow.file("tap_9.json", test::envoyTrace("r-1", "/users/17", 200, R"({"name":"Alice","id":17})", true, false,
                                                   "2026-12-02T09:00:00.101Z", "2026-12-02T09:00:00.109Z"));
        primary.file("tap_2.json", test::envoyTrace("r-2", "/users/18", 200, R"({"id":18,"name":"Bob"})"));
        shadow.file("tap_8.json", test::envoyTrace("r-2", "/users/18", 200, R"({"id":18,"name":"bob"})", true));
        // r-3: the shadow's body hit the tap's max_buffered_rx_bytes: truncated
        primary.file("tap_3.json", test::envoyTrace("r-3", "/users/19", 200, R"({"id":19,"name":"Carol"})"));
        shadow.file("tap_7.json", test::envoyTrace("r-3", "/users/19", 200, R"({"id":19,"na)", false, true));
        // unpaired on each side, a trace without the header, a file that is not JSON, a streamed segment
        primary.file("tap_4.json", test::envoyTrace("r-4", "/users/20", 200, "{}"));
        shadow.file("tap_6.json", test::envoyTrace("r-5", "/users/21", 200, "{}"));
        primary.file("tap_5.json", test::envoyTrace("", "/health", 200, "ok"));
        shadow.file("tap_5.json", "{\"http_buffered_trace\": {\"request\": ");
        shadow.file("tap_4.json", R"({"http_streamed_trace_segment":{"trace_id":"1"}})");
        shadow.file("README.txt", "not a trace: ignored (not .json)");
    }
};

}  // namespace

TEST(EnvoyTapImport, PairsByRequestIdAndReportsTheRest) {
    EnvoyDirs d;
    const ImportRun run = runImport(
        [&](ImportReport& r, std::string* e) { return importEnvoyTap(d.primary.path(), d.shadow.path(), r, e); });
    ASSERT_TRUE(run.ok) << run.error;
    ASSERT_EQ(run.records.size(), 3u) << run.all();
    EXPECT_EQ(run.totals.inputs, 11u);
    EXPECT_TRUE(run.totals.balanced()) << run.totals.used << " + " << run.totals.dropped;

    const Record* r1 = run.find("r-1");
    ASSERT_NE(r1, nullptr);
    EXPECT_EQ(r1->ts, "2026-12-02T09:00:00.100Z");
    EXPECT_EQ(r1->request.method, "GET");
    EXPECT_EQ(r1->request.url, "/users/17");
    EXPECT_EQ(r1->primary.status, 200);
    EXPECT_EQ(r1->candidate.body, R"({"name":"Alice","id":17})") << "as_bytes decoded";
    ASSERT_TRUE(r1->primary.latency_ms);
    EXPECT_DOUBLE_EQ(*r1->primary.latency_ms, 12);
    EXPECT_DOUBLE_EQ(*r1->candidate.latency_ms, 8);

    const Record* r3 = run.find("r-3");
    ASSERT_NE(r3, nullptr);
    EXPECT_EQ(r3->candidate.body, R"({"id":19,"na)") << "kept";
    EXPECT_EQ(tag(*r3, "truncated"), "candidate");

    EXPECT_TRUE(run.has("tap_4.json: primary trace x-request-id 'r-4' has no shadow trace")) << run.all();
    EXPECT_TRUE(run.has("tap_6.json: shadow trace x-request-id 'r-5' has no primary trace")) << run.all();
    EXPECT_TRUE(run.has("tap_5.json: the request has no x-request-id header")) << run.all();
    EXPECT_TRUE(run.has("not JSON")) << run.all();
    EXPECT_TRUE(run.has("streamed trace segment")) << run.all();
}

TEST(EnvoyTapImport, CorrelationHeaderIsConfigurable) {
    TempDir p("envoy_hp"), s("envoy_hs");
    p.file("a.json", test::envoyTrace("r-1", "/a", 200, "{}"));
    s.file("b.json", test::envoyTrace("r-1", "/a", 200, "{}"));
    const ImportRun run =
        runImport([&](ImportReport& r, std::string* e) { return importEnvoyTap(p.path(), s.path(), r, e); }, "x-trace");
    EXPECT_TRUE(run.records.empty());
    EXPECT_TRUE(run.has("has no x-trace header")) << run.all();
    EXPECT_TRUE(run.totals.balanced());
    const ImportRun missing =
        runImport([&](ImportReport& r, std::string* e) { return importEnvoyTap(p.path() + "/nope", s.path(), r, e); });
    EXPECT_FALSE(missing.ok);
    EXPECT_NE(missing.error.find("nope"), std::string::npos);
}

TEST(EnvoyTapImport, RoundTripTruncatedIsNotComparable) {
    EnvoyDirs d;
    const std::string store = d.primary.path() + "/../envoy_rt_" + std::to_string(::getpid()) + ".sqlite";
    std::string error;
    auto writer = StoreWriter::create(store, &error);
    ASSERT_TRUE(writer) << error;
    ImportOptions opt;
    ImportReport report(opt, [&](const Record& r, std::string* e) { return writer->append(r, e); });
    ASSERT_TRUE(importEnvoyTap(d.primary.path(), d.shadow.path(), report, &error)) << error;
    ASSERT_TRUE(writer->commit(&error)) << error;
    auto a = Analysis::analyze(store, {}, &error);
    ASSERT_TRUE(a) << error;
    std::map<std::string, Outcome> outcome;
    for (size_t i = 0; i < a->records().size(); ++i)
        outcome[std::string(a->id(a->records()[i]))] = a->records()[i].outcome;
    EXPECT_EQ(outcome["r-1"], Outcome::Match);
    EXPECT_EQ(outcome["r-2"], Outcome::Mismatch);
    EXPECT_EQ(outcome["r-3"], Outcome::Drift);
    std::remove(store.c_str());
}

TEST(HarImport, PairsByHeaderThenByRequestInOrder) {
    TempDir dir("har");
    const std::string a1 = R"({"id":1,"name":"Alice"})", a1c = R"({"name":"Alice","id":1})";
    const std::string b = R"({"id":2,"name":"Bob"})", bc = R"({"id":2,"name":"bob"})";
    const std::string list1 = "[1]", list2 = "[2]", ok = R"({"ok":true})";
    const std::string gz = "eyJpZCI6M30=";  // base64 of {"id":3}
    const std::string primary = dir.file(
        "primary.har", test::harFile({
                           test::harEntry("GET", "https://prod.example.com/users/1", 200, &a1, "req-1"),
                           test::harEntry("GET", "https://prod.example.com/list?page=1", 200, &list1),
                           test::harEntry("GET", "https://prod.example.com/list?page=1", 200, &list2, "", "",
                                          "2026-12-02T09:00:01.000Z"),
                           test::harEntry("POST", "https://prod.example.com/orders", 201, &ok, "", R"({"sku":"A"})"),
                           test::harEntry("POST", "https://prod.example.com/orders", 201, &ok, "", R"({"sku":"B"})"),
                           test::harEntry("GET", "https://prod.example.com/img", 200, nullptr),
                           test::harEntry("GET", "https://prod.example.com/users/2", 200, &b, "req-2"),
                           test::harEntry("GET", "https://prod.example.com/only-primary", 200, &ok),
                           test::harEntry("GET", "https://prod.example.com/b64", 200, &gz, "", "",
                                          "2026-12-02T09:00:00.000Z", 3, true),
                           R"({"comment":"not an entry"})",
                       }));
    const std::string candidate =
        dir.file("candidate.har",
                 test::harFile({
                     test::harEntry("GET", "https://staging.example.com/users/2", 200, &bc, "req-2"),
                     test::harEntry("GET", "https://staging.example.com/list?page=1", 200, &list1),
                     test::harEntry("POST", "https://staging.example.com/orders", 201, &ok, "", R"({"sku":"B"})"),
                     test::harEntry("GET", "https://staging.example.com/users/1", 200, &a1c, "req-1"),
                     test::harEntry("GET", "https://staging.example.com/list?page=1", 200, &list2),
                     test::harEntry("POST", "https://staging.example.com/orders", 201, &ok, "", R"({"sku":"A"})"),
                     test::harEntry("GET", "https://staging.example.com/img", 200, &ok),
                     test::harEntry("GET", "https://staging.example.com/b64", 200, &gz, "", "",
                                    "2026-12-02T09:00:00.000Z", 3, true),
                     test::harEntry("DELETE", "https://staging.example.com/only-candidate", 204, &ok),
                 }));
    const ImportRun run =
        runImport([&](ImportReport& r, std::string* e) { return importHar(primary, candidate, r, e); });
    ASSERT_TRUE(run.ok) << run.error;
    EXPECT_EQ(run.records.size(), 8u) << run.all();
    EXPECT_EQ(run.totals.inputs, 19u);
    EXPECT_TRUE(run.totals.balanced()) << run.totals.used << " + " << run.totals.dropped;

    const Record* r1 = run.find("req-1");
    ASSERT_NE(r1, nullptr) << "paired by the header across hosts and order";
    EXPECT_EQ(r1->candidate.body, a1c);
    EXPECT_EQ(r1->request.url, "https://prod.example.com/users/1");
    EXPECT_DOUBLE_EQ(*r1->primary.latency_ms, 12.5);
    for (const auto& [n, v] : r1->primary.headers) EXPECT_NE(lowercase(n), "content-encoding") << "text is decoded";

    const Record* l1 = run.find("har-1");
    const Record* l2 = run.find("har-2");
    ASSERT_TRUE(l1 && l2);
    EXPECT_EQ(l1->candidate.body, list1) << "first with first";
    EXPECT_EQ(l2->candidate.body, list2) << "second with second";
    EXPECT_EQ(l2->ts, "2026-12-02T09:00:01.000Z");
    const Record* oa = run.find("har-3");
    ASSERT_NE(oa, nullptr);
    EXPECT_EQ(oa->request.body, R"({"sku":"A"})");

    const Record* img = run.find("har-5");
    ASSERT_NE(img, nullptr);
    EXPECT_EQ(tag(*img, "no_body"), "primary");
    EXPECT_EQ(run.totals.without_body, 1u);
    const Record* b64 = run.find("har-8");
    ASSERT_NE(b64, nullptr);
    EXPECT_EQ(b64->primary.body, R"({"id":3})");

    EXPECT_TRUE(run.has("primary.har entries[7]: no candidate entry for GET /only-primary")) << run.all();
    EXPECT_TRUE(run.has("candidate.har entries[8]: no primary entry for DELETE /only-candidate")) << run.all();
    EXPECT_TRUE(run.has("primary.har entries[9]: not a HAR entry")) << run.all();
}

TEST(HarImport, FatalErrorsNameTheFile) {
    TempDir dir("har_bad");
    const std::string notJson = dir.file("a.har", "{\"log\": ");
    const std::string notHar = dir.file("b.har", "{\"entries\": []}");
    const std::string good = dir.file("c.har", test::harFile({}));
    ImportRun r = runImport([&](ImportReport& rep, std::string* e) { return importHar(notJson, good, rep, e); });
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("a.har (byte"), std::string::npos) << r.error;
    r = runImport([&](ImportReport& rep, std::string* e) { return importHar(good, notHar, rep, e); });
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("not a HAR file"), std::string::npos) << r.error;
    r = runImport([&](ImportReport& rep, std::string* e) { return importHar(good, good, rep, e); });
    EXPECT_TRUE(r.ok);
    EXPECT_TRUE(r.records.empty());
}
