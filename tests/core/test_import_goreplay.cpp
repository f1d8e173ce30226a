// SPDX-License-Identifier: MIT
// core/import/goreplay: GoReplay captures (files, .gz, middleware lines) -> diff-store records.
#include "core_test_util.h"
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <set>

#include "capture_samples.h"
#include "core/analysis/analysis.h"
#include "core/import/goreplay.h"
#include "core/import/http_message.h"
#include "core/store/store_writer.h"

using namespace dt;
using namespace dt::import;

namespace {

struct GorRun {
    std::vector<Record> records;
    std::vector<ImportProblem> problems;
    ImportTotals totals;
    bool ok = false;
    std::string error;

    const Record* find(const std::string& idPrefix) const {
        for (const auto& r : records)
            if (r.id.rfind(idPrefix, 0) == 0) return &r;
        return nullptr;
    }
    size_t dropped() const {
        size_t n = 0;
        for (const auto& p : problems) n += p.dropped;
        return n;
    }
    bool hasProblem(const std::string& needle, bool dropped = true) const {
        for (const auto& p : problems)
            if (p.dropped == dropped && p.format().find(needle) != std::string::npos) return true;
        return false;
    }
};

std::string tempPath(const std::string& name) {
    return ::testing::TempDir() + "gor_" + std::to_string(::getpid()) + "_" + name;
}

GorRun importFiles(const std::vector<std::string>& files, size_t maxPending = 200000) {
    GorRun run;
    ImportOptions opt;
    opt.max_pending = maxPending;
    ImportReport report(opt, [&](const Record& r, std::string*) {
        run.records.push_back(r);
        return true;
    });
    run.ok = importGoReplayFiles(files, report, &run.error);
    run.problems = report.problems();
    run.totals = report.totals();
    return run;
}

GorRun importString(const std::string& data, const std::string& name = "capture.gor") {
    const std::string path = tempPath(name);
    test::writeFile(path, data);
    GorRun r = importFiles({path});
    std::remove(path.c_str());
    return r;
}

using dt::test::tag;

}  // namespace

TEST(GoReplayMeta, ParsesAndRejects) {
    GorMeta m;
    std::string e;
    ASSERT_TRUE(parseGorMeta("2 8e091765ae902fef0000 1439314343456735567 1400000", &m, &e)) << e;
    EXPECT_EQ(m.type, '2');
    EXPECT_EQ(m.id, "8e091765ae902fef0000");
    EXPECT_EQ(m.ts_ns, 1439314343456735567);
    ASSERT_TRUE(m.latency_ns);
    EXPECT_EQ(*m.latency_ns, 1400000);
    ASSERT_TRUE(parseGorMeta("1 abc 1439314343456735567", &m, &e)) << "three fields: older GoReplay";
    EXPECT_FALSE(m.latency_ns);
    EXPECT_FALSE(parseGorMeta("4 abc 1 0", &m, &e));
    EXPECT_NE(e.find("unknown payload type"), std::string::npos);
    EXPECT_FALSE(parseGorMeta("1 xyz-1 1 0", &m, &e));
    EXPECT_NE(e.find("bad id"), std::string::npos);
    EXPECT_FALSE(parseGorMeta("1 abc notanumber 0", &m, &e));
    EXPECT_NE(e.find("timestamp"), std::string::npos);
    EXPECT_FALSE(parseGorMeta("GET / HTTP/1.1", &m, &e));
}

TEST(GoReplayImport, PairsARealShapedCapture) {
    const GorRun run = importString(test::gorSample());
    ASSERT_TRUE(run.ok) << run.error;
    ASSERT_EQ(run.records.size(), 5u);
    EXPECT_EQ(run.totals.inputs, 14u);
    EXPECT_EQ(run.totals.used, 14u);
    EXPECT_TRUE(run.totals.balanced());
    EXPECT_EQ(run.dropped(), 0u);

    const Record* a1 = run.find("a1");
    ASSERT_NE(a1, nullptr);
    EXPECT_EQ(a1->ts, "2026-12-02T09:00:00.000Z");
    EXPECT_EQ(a1->request.method, "GET");
    EXPECT_EQ(a1->request.url, "/users/17?verbose=true");
    EXPECT_EQ(a1->primary.status, 200);
    EXPECT_EQ(a1->primary.body, R"({"id":17,"name":"Alice"})");
    ASSERT_TRUE(a1->primary.latency_ms);
    EXPECT_DOUBLE_EQ(*a1->primary.latency_ms, 12.4);
    EXPECT_DOUBLE_EQ(*a1->candidate.latency_ms, 7.9);

    const Record* a3 = run.find("a3");
    ASSERT_NE(a3, nullptr);
    EXPECT_EQ(a3->request.body, R"({"sku":"X-1","qty":2})");
    EXPECT_EQ(a3->candidate.status, 201);
    EXPECT_EQ(a3->candidate.body, R"({"order":"o-1","qty":2})") << "chunked + gzip decoded";

    const Record* a4 = run.find("a4");
    ASSERT_NE(a4, nullptr);
    EXPECT_TRUE(a4->candidate.present);
    EXPECT_FALSE(a4->candidate.status);
    EXPECT_EQ(a4->candidate.error, "not replayed");
    EXPECT_EQ(run.totals.not_replayed, 1u);

    const Record* a5 = run.find("a5");
    ASSERT_NE(a5, nullptr);
    EXPECT_EQ(tag(*a5, "truncated"), "candidate");
    EXPECT_EQ(run.totals.truncated, 1u);
}

TEST(GoReplayImport, GzipFileGivesTheSameRecords) {
    const std::string path = tempPath("capture.gor.gz");
    test::writeGzFile(path, test::gorSample());
    const GorRun gz = importFiles({path});
    const GorRun plain = importString(test::gorSample());
    ASSERT_TRUE(gz.ok) << gz.error;
    ASSERT_EQ(gz.records.size(), plain.records.size());
    for (size_t i = 0; i < gz.records.size(); ++i) EXPECT_EQ(gz.records[i], plain.records[i]);

    // A .gz cut in the middle: what was readable is imported, the cut is reported, totals add up.
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    test::writeFile(path, bytes.substr(0, bytes.size() * 2 / 3));
    const GorRun cut = importFiles({path});
    std::remove(path.c_str());
    ASSERT_TRUE(cut.ok) << cut.error;
    EXPECT_LT(cut.records.size(), plain.records.size());
    EXPECT_TRUE(cut.totals.balanced());
    EXPECT_TRUE(cut.hasProblem("compressed file ends early", false));
}

// Each malformed input: which problem is reported (file:line and reason), and the rest still imports.
struct MalformedCase {
    const char* name;
    std::string data;
    size_t records;
    std::string problem;  // substring of the formatted problem
    bool dropped;
};

class GoReplayMalformed : public ::testing::TestWithParam<MalformedCase> {};

std::vector<MalformedCase> malformedCases() {
    const std::string sep = test::kGorSeparator;
    const auto req = [](const std::string& id, const std::string& url = "/x") {
        return test::gorPayload('1', id, 1796202000000000000, 0, test::httpRequest("GET", url));
    };
    const auto resp = [](char t, const std::string& id, const std::string& body = "{}") {
        return test::gorPayload(t, id, 1796202000000000000, 1000000, test::httpResponse(200, body));
    };
    const std::string good = req("b0") + sep + resp('2', "b0") + sep + resp('3', "b0") + sep;
    return {
        // the file ends inside a record (capture still being written)
        {"truncated_record", good + req("b1") + sep + resp('2', "b1") + "\n" + "3 b1 17962020", 1,
         "truncated record at the end of the file", true},
        {"bad_hex_id", good + req("zz-not-hex") + sep, 1, "bad id 'zz-not-hex': not hex", true},
        {"unknown_type", good + test::gorPayload('7', "b2", 1, 0, "x") + sep, 1, "unknown payload type", true},
        {"unparsable_http", good + test::gorPayload('2', "b3", 1, 0, "garbage\r\n\r\n") + sep, 1,
         "unparsable HTTP message", true},
        {"response_is_a_request", good + test::gorPayload('2', "b4", 1, 0, test::httpRequest("GET", "/")) + sep, 1,
         "the HTTP message is a request", true},
        // two payloads glued together: the second is recovered, a warning says so
        {"missing_separator", req("b5") + sep + resp('2', "b5") + "\n" + resp('3', "b5") + sep, 1,
         "missing separator before this payload", false},
        {"orphan_replayed_response", good + resp('3', "b6") + sep, 1, "replayed response b6 has no request", true},
        {"orphan_original_response", good + resp('2', "b7") + sep, 1, "original response b7 has no request", true},
        {"request_without_any_response", good + req("b8") + sep, 1, "request b8 has no original response", true},
        {"request_with_only_a_replay", good + req("b9") + sep + resp('3', "b9") + sep, 1,
         "request b9 has no original response (type 2), only a replayed one", true},
        {"duplicate_payload", req("b0") + sep + resp('2', "b0") + sep + resp('2', "b0") + sep + resp('3', "b0") + sep,
         1, "duplicate original response b0 (the first is at byte", true},
        {"response_after_its_record_was_written", good + resp('2', "b0") + sep, 1,
         "original response b0 has no request", true},
        {"no_meta_line", good + "just one line without newline" + sep, 1, "has no meta line", true},
        {"empty_file", "", 0, "", true},
        {"only_separators", sep + sep, 0, "", true},
    };
}

TEST_P(GoReplayMalformed, ReportsAndGoesOn) {
    const MalformedCase& c = GetParam();
    const GorRun run = importString(c.data);
    ASSERT_TRUE(run.ok) << run.error;
    EXPECT_EQ(run.records.size(), c.records);
    EXPECT_TRUE(run.totals.balanced()) << run.totals.inputs << " = " << run.totals.used << " + " << run.totals.dropped;
    if (!c.problem.empty()) {
        std::string all;
        for (const auto& p : run.problems) all += p.format() + "\n";
        EXPECT_TRUE(run.hasProblem(c.problem, c.dropped)) << all;
    } else {
        EXPECT_TRUE(run.problems.empty());
    }
}

INSTANTIATE_TEST_SUITE_P(Import, GoReplayMalformed, ::testing::ValuesIn(malformedCases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(GoReplayImport, ProblemsNameLineAndOffset) {
    const std::string sep = test::kGorSeparator;
    const std::string first = test::gorPayload('1', "c0", 1, 0, test::httpRequest("GET", "/"));
    const std::string data = first + sep + "1 not-hex 1 0\nGET / HTTP/1.1\r\n\r\n" + sep;
    const GorRun run = importString(data);
    ASSERT_EQ(run.problems.size(), 2u);  // the bad id, then c0 without a response
    const auto& p = run.problems[0];
    EXPECT_EQ(p.where.offset, first.size() + sep.size());
    EXPECT_EQ(p.where.line, uint64_t(std::count(first.begin(), first.end(), '\n')) + 3);
    EXPECT_NE(p.reason.find("bad id 'not-hex'"), std::string::npos);
    EXPECT_EQ(run.problems[1].where.offset, 0u);
    EXPECT_EQ(run.problems[1].where.line, 1u);
}

TEST(GoReplayImport, BoundedPendingStillPairsInOrderCaptures) {
    // 50 requests, each followed by its responses: with room for 2 pending ids everything pairs.
    std::string data;
    for (int i = 0; i < 50; ++i) {
        const std::string id = "d" + std::to_string(1000 + i);
        data +=
            test::gorPayload('1', id, 1796202000000000000 + i, 0, test::httpRequest("GET", "/i/" + std::to_string(i))) +
            test::kGorSeparator;
        data +=
            test::gorPayload('2', id, 1796202000000000000 + i, 1, test::httpResponse(200, "{}")) + test::kGorSeparator;
        data +=
            test::gorPayload('3', id, 1796202000000000000 + i, 1, test::httpResponse(200, "{}")) + test::kGorSeparator;
    }
    const std::string path = tempPath("bounded.gor");
    test::writeFile(path, data);
    const GorRun run = importFiles({path}, 2);
    std::remove(path.c_str());
    EXPECT_EQ(run.records.size(), 50u);
    EXPECT_TRUE(run.problems.empty());
    // Room for one pending id while responses arrive after all requests: early ones are finalized
    // (and reported), nothing is lost silently.
    std::string late;
    for (int i = 0; i < 3; ++i)
        late +=
            test::gorPayload('1', "e" + std::to_string(i), 1, 0, test::httpRequest("GET", "/")) + test::kGorSeparator;
    for (int i = 0; i < 3; ++i)
        late +=
            test::gorPayload('2', "e" + std::to_string(i), 1, 1, test::httpResponse(200, "{}")) + test::kGorSeparator;
    const std::string p2 = tempPath("late.gor");
    test::writeFile(p2, late);
    const GorRun lr = importFiles({p2}, 1);
    std::remove(p2.c_str());
    EXPECT_TRUE(lr.totals.balanced());
    EXPECT_GT(lr.totals.dropped, 0u);
}

TEST(GoReplayImport, RepeatedIdsStayUnique) {
    const std::string path = tempPath("twice.gor");
    test::writeFile(path, test::gorSample());
    const GorRun run = importFiles({path, path});
    std::remove(path.c_str());
    // Pairing spans files (a capture rotates into requests_0.gor, requests_1.gor, ...): the
    // second copy's a4 request and response find a4 still waiting and are reported as duplicates;
    // the four completed ids are written again under "ID~2".
    ASSERT_EQ(run.records.size(), 9u);
    std::set<std::string> ids;
    for (const auto& r : run.records) ids.insert(r.id);
    EXPECT_EQ(ids.size(), 9u);
    EXPECT_TRUE(ids.count("a1d0e4f5b6c7d8e9f0a1b2c3~2"));
    EXPECT_TRUE(run.hasProblem("repeats", false));
    EXPECT_TRUE(run.hasProblem("duplicate request a4"));
    EXPECT_TRUE(run.totals.balanced());
}

TEST(GoReplayImport, MissingInputIsFatal) {
    const GorRun run = importFiles({tempPath("does-not-exist.gor")});
    EXPECT_FALSE(run.ok);
    EXPECT_NE(run.error.find("does-not-exist.gor"), std::string::npos);
}

TEST(GoReplayMiddleware, HexLinesPairAndBadHexIsReported) {
    std::vector<Record> out;
    ImportOptions opt;
    ImportReport report(opt, [&](const Record& r, std::string*) {
        out.push_back(r);
        return true;
    });
    GorPairer pairer(report);
    auto hex = [](const std::string& s) {
        static const char* d = "0123456789abcdef";
        std::string h;
        for (unsigned char c : s) {
            h += d[c >> 4];
            h += d[c & 15];
        }
        return h;
    };
    uint64_t line = 0;
    EXPECT_TRUE(addGorMiddlewareLine(
        pairer, report, hex(test::gorPayload('1', "f1", 1796202000000000000, 0, test::httpRequest("GET", "/m"))),
        ++line));
    EXPECT_TRUE(addGorMiddlewareLine(pairer, report, "zz" + hex("2 f1 1 0\n"), ++line));
    EXPECT_TRUE(addGorMiddlewareLine(pairer, report, "abc", ++line));
    EXPECT_TRUE(addGorMiddlewareLine(
        pairer, report, hex(test::gorPayload('2', "f1", 1, 3000000, test::httpResponse(200, "{\"a\":1}"))), ++line));
    EXPECT_TRUE(out.empty()) << "waits for the replayed response";
    EXPECT_TRUE(addGorMiddlewareLine(
        pairer, report, hex(test::gorPayload('3', "f1", 1, 2000000, test::httpResponse(200, "{\"a\":2}"))) + "\r",
        ++line));
    ASSERT_EQ(out.size(), 1u) << "written as soon as it is complete";
    EXPECT_EQ(out[0].request.url, "/m");
    EXPECT_EQ(out[0].candidate.body, "{\"a\":2}");
    EXPECT_TRUE(pairer.finish());
    ASSERT_EQ(report.problems().size(), 2u);
    EXPECT_EQ(report.problems()[0].where.line, 2u);
    EXPECT_NE(report.problems()[0].reason.find("bad hex"), std::string::npos);
    EXPECT_NE(report.problems()[1].reason.find("odd length"), std::string::npos);
    EXPECT_TRUE(report.totals().balanced());
}

TEST(GoReplayImport, RoundTripToGroups) {
    for (const std::string ext : {".jsonl", ".sqlite"}) {
        const std::string gor = tempPath("rt.gor");
        const std::string store = tempPath("rt" + ext);
        test::writeFile(gor, test::gorSample());
        std::string error;
        auto writer = StoreWriter::create(store, &error);
        ASSERT_TRUE(writer) << error;
        ImportOptions opt;
        ImportReport report(opt, [&](const Record& r, std::string* e) { return writer->append(r, e); });
        ASSERT_TRUE(importGoReplayFiles({gor}, report, &error)) << error;
        ASSERT_TRUE(writer->commit(&error)) << error;
        auto a = Analysis::analyze(store, {}, &error);
        ASSERT_TRUE(a) << error;
        EXPECT_TRUE(a->problems().empty());
        std::map<std::string, Outcome> outcome;
        for (size_t i = 0; i < a->records().size(); ++i)
            outcome[std::string(a->id(a->records()[i])).substr(0, 2)] = a->records()[i].outcome;
        EXPECT_EQ(outcome["a1"], Outcome::Match) << ext;
        EXPECT_EQ(outcome["a2"], Outcome::Mismatch) << ext;
        EXPECT_EQ(outcome["a3"], Outcome::Match) << ext << ": chunked + gzip candidate equals the plain primary";
        EXPECT_EQ(outcome["a4"], Outcome::Mismatch) << ext << ": not replayed";
        EXPECT_EQ(outcome["a5"], Outcome::Drift) << ext << ": truncated is not comparable";
        std::remove(gor.c_str());
        std::remove(store.c_str());
    }
}

// Hostile input: mutated captures (bytes flipped, cut, duplicated) never crash the importer and the
// totals always add up; the HTTP parser survives arbitrary bytes.
TEST(GoReplayImport, MutatedCapturesKeepTotalsBalanced) {
    const std::string sample = test::gorSample();
    uint64_t seed = 88172645463325252ull;
    auto next = [&] {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        return seed;
    };
    for (int round = 0; round < 1000; ++round) {
        std::string data = sample;
        const int edits = 1 + static_cast<int>(next() % 8);
        for (int e = 0; e < edits && !data.empty(); ++e) {
            const size_t at = next() % data.size();
            switch (next() % 4) {
            case 0: data[at] = static_cast<char>(next()); break;
            case 1: data.erase(at, next() % 64); break;
            case 2: data.insert(at, data.substr(at, next() % 128)); break;
            case 3: data.resize(at); break;
            }
        }
        const GorRun run = importString(data);
        ASSERT_TRUE(run.ok) << run.error;
        ASSERT_TRUE(run.totals.balanced()) << "round " << round << ": " << run.totals.inputs
                                           << " != " << run.totals.used << " + " << run.totals.dropped;
        std::string error;
        (void)parseHttpMessage(data.empty() ? data : data.substr(next() % data.size()), &error);
    }
}
