// SPDX-License-Identifier: MIT
// Swap Sides (AnalyzeOptions::swap_sides, classify.h swapSides()): a store opened swapped is
// analysed exactly as its mirror (primary and candidate exchanged on disk) opened unswapped —
// same groups, signatures, classes and outcome counts, in JSONL and SQLite; directed classes flip;
// the diff view's detail shows the candidate as the reference; the secondary stays the noise
// baseline of the store's primary side.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "core/analysis/analysis.h"
#include "core/analysis/classify.h"
#include "core/store/store_writer.h"

namespace fs = std::filesystem;
using namespace dt;

namespace {

Response side(std::optional<int> status, std::string body, double latency) {
    Response r;
    r.present = true;
    r.status = status;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = std::move(body);
    r.latency_ms = latency;
    return r;
}

Record record(const std::string& id, const std::string& endpoint, std::string primary, std::string candidate,
              int pStatus = 200, int cStatus = 200) {
    Record r;
    r.id = id;
    r.ts = "2026-11-20T10:00:00.000Z";
    r.endpoint = endpoint;
    r.request = {"GET", "/x/" + id, {}, ""};
    r.primary = side(pStatus, std::move(primary), 10);
    r.candidate = side(cStatus, std::move(candidate), 30);
    return r;
}

// A store recorded before cutover: primary = legacy (serves), candidate = new (mirrored).
std::vector<Record> beforeCutover() {
    std::vector<Record> v;
    v.push_back(record("nullmiss", "GET /nullmiss", R"({"id":1,"coupon":null})", R"({"id":1})"));
    v.push_back(record("missval", "GET /missval", R"({"a":1,"b":2})", R"({"a":1})"));
    v.push_back(record("shift", "GET /shift", R"({"t":"2026-01-01T10:00:00Z"})", R"({"t":"2026-01-01T11:00:00Z"})"));
    v.push_back(record("num", "GET /num", R"({"n":10})", R"({"n":12})"));
    v.push_back(record("status", "GET /status", R"({"ok":true})", R"({"error":"boom"})", 200, 500));
    Record err = record("perr", "GET /perr", "", R"({"a":1})");
    err.primary.status.reset();
    err.primary.error = "timeout";
    v.push_back(err);
    v.push_back(record("match", "GET /match", R"({"a":1,"b":[1,2]})", R"({"b":[1,2],"a":1.0})"));
    // Noise: the service called twice (the store's primary side) differs from itself at /nonce.
    for (const char* id : {"noise1", "noise2"}) {
        Record n = record(id, "GET /noise", R"({"v":1,"nonce":"a"})", R"({"v":1,"nonce":"b"})");
        n.secondary = side(200, R"({"v":1,"nonce":"c"})", 11);
        v.push_back(n);
    }
    Record t = record("trunc", "GET /trunc", R"({"a":"abc"})", R"({"a":"ab"})");
    t.tags = {{"truncated", "candidate"}};
    v.push_back(t);
    return v;
}

// The same traffic recorded the other way (after cutover): sides exchanged on disk; the secondary
// is a second call to the new primary side, volatile at the same place.
std::vector<Record> mirrored() {
    std::vector<Record> v = beforeCutover();
    for (Record& r : v) {
        swapSides(r);
        if (r.secondary.present) r.secondary.body = R"({"v":1,"nonce":"d"})";
    }
    return v;
}

std::string writeStore(const std::vector<Record>& records, const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("dt-swap-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string path = (dir / name).string();
    std::string error;
    auto w = StoreWriter::create(path, &error);
    EXPECT_TRUE(w) << error;
    for (const Record& r : records) EXPECT_TRUE(w->append(r, &error)) << error;
    EXPECT_TRUE(w->commit(&error)) << error;
    return path;
}

std::unique_ptr<Analysis> analyzeSides(const std::string& path, bool swap) {
    AnalyzeOptions o;
    o.threads = 1;
    o.swap_sides = swap;
    std::string error;
    auto a = Analysis::analyze(path, o, &error);
    EXPECT_TRUE(a) << error;
    return a;
}

uint32_t indexOf(const Analysis& a, const std::string& id) {
    auto i = a.findRecord(id);
    EXPECT_TRUE(i) << id;
    return i.value_or(0);
}

// "kind path class" of every remaining difference of a record (evaluate(): the analysis' own path).
std::vector<std::string> keysOf(const Analysis& a, const std::string& id) {
    std::vector<std::string> out;
    for (const SigKey& k : a.evaluate(indexOf(a, id), nullptr).differences)
        out.push_back(std::string(kindName(k.kind)) + " " + k.path + " " + k.cls);
    return out;
}

}  // namespace

TEST(SwapSides, SwappingTwiceRestoresTheRecordAndTruncatedTagsFollow) {
    Record r = beforeCutover().back();
    r.tags = {{"tenant", "acme"}, {"truncated", "primary,candidate,secondary"}};
    const Record original = r;
    swapSides(r);
    EXPECT_EQ(r.primary, original.candidate);
    EXPECT_EQ(r.candidate, original.primary);
    EXPECT_EQ(r.secondary, original.secondary);
    EXPECT_EQ(r.tags[1].second, "candidate,primary,secondary");
    EXPECT_EQ(r.tags[0].second, "acme");
    EXPECT_EQ(&noiseBaseline(r, true), &r.candidate);
    EXPECT_EQ(&noiseBaseline(r, false), &r.primary);
    swapSides(r);
    EXPECT_EQ(r, original);
}

class SwapMirror : public ::testing::TestWithParam<const char*> {};

// A store opened swapped = its mirror opened as written (and the other way round): the same
// records, outcomes, groups, signatures, classes, status pairs, latencies.
TEST_P(SwapMirror, MirrorOpenedSwappedGivesTheSameAnalysis) {
    const std::string ext = GetParam();
    const std::string store = writeStore(beforeCutover(), "before" + ext);
    const std::string mirror = writeStore(mirrored(), "after" + ext);
    for (bool swapFirst : {false, true}) {
        SCOPED_TRACE(swapFirst ? "store swapped vs mirror" : "mirror swapped vs store");
        auto a = analyzeSides(store, swapFirst);
        auto b = analyzeSides(mirror, !swapFirst);
        ASSERT_TRUE(a && b);
        EXPECT_TRUE(b->sidesSwapped() != a->sidesSwapped());
        EXPECT_EQ(a->outcomeCounts(), b->outcomeCounts());
        ASSERT_EQ(a->groups().size(), b->groups().size());
        for (size_t g = 0; g < a->groups().size(); ++g) {
            const Group& ga = a->groups()[g];
            const Group& gb = b->groups()[g];
            EXPECT_EQ(ga.signature, gb.signature);
            EXPECT_EQ(ga.count, gb.count);
            EXPECT_EQ(ga.outcome, gb.outcome);
            EXPECT_EQ(ga.status_pair, gb.status_pair);
            EXPECT_EQ(a->keys(ga.differences), b->keys(gb.differences));
        }
        for (const Record& r : beforeCutover()) {
            const IndexedRecord& ra = a->records()[indexOf(*a, r.id)];
            const IndexedRecord& rb = b->records()[indexOf(*b, r.id)];
            EXPECT_EQ(ra.outcome, rb.outcome) << r.id;
            EXPECT_EQ(ra.primary_status, rb.primary_status) << r.id;
            EXPECT_EQ(ra.primary_latency, rb.primary_latency) << r.id;
            EXPECT_EQ(ra.candidate_latency, rb.candidate_latency) << r.id;
            EXPECT_EQ(recordSignature(*a, indexOf(*a, r.id)), recordSignature(*b, indexOf(*b, r.id))) << r.id;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Formats, SwapMirror, ::testing::Values(".jsonl", ".sqlite"));

// Directed classes flip when the candidate becomes the reference.
TEST(SwapSides, DirectedClassesFlip) {
    const std::string store = writeStore(beforeCutover(), "directed.jsonl");
    auto plain = analyzeSides(store, false);
    auto swapped = analyzeSides(store, true);
    ASSERT_TRUE(plain && swapped);
    struct Case {
        const char* id;
        std::vector<std::string> plain, swapped;
    };
    const std::vector<Case> cases = {
        {"nullmiss", {"missing /coupon null_vs_missing"}, {"extra /coupon null_vs_missing"}},
        {"missval", {"missing /b missing_value"}, {"extra /b extra_value"}},
        {"shift", {"changed /t instant_shift +1h"}, {"changed /t instant_shift -1h"}},
        {"num", {"changed /n numeric_delta"}, {"changed /n numeric_delta"}},
        {"status", {"status  status"}, {"status  status"}},
        {"match", {}, {}},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.id);
        EXPECT_EQ(keysOf(*plain, c.id), c.plain);
        EXPECT_EQ(keysOf(*swapped, c.id), c.swapped);
    }
    // The status pair is ordered reference first.
    EXPECT_EQ(plain->evaluate(indexOf(*plain, "status"), nullptr).status_pair, std::make_pair(200, 500));
    EXPECT_EQ(swapped->evaluate(indexOf(*swapped, "status"), nullptr).status_pair, std::make_pair(500, 200));
    // The store's primary failed: a candidate error only once it is the compared side.
    EXPECT_EQ(keysOf(*swapped, "perr"), std::vector<std::string>{"candidate_error  candidate_error"});
    EXPECT_NE(keysOf(*plain, "perr"), std::vector<std::string>{"candidate_error  candidate_error"});
    // Latency parity follows: the reference's latency is the store's candidate's.
    EXPECT_FLOAT_EQ(swapped->records()[indexOf(*swapped, "num")].primary_latency, 30);
    EXPECT_FLOAT_EQ(swapped->records()[indexOf(*swapped, "num")].candidate_latency, 10);
    // Signatures describe a direction: the flipped groups are other signatures.
    EXPECT_NE(recordSignature(*plain, indexOf(*plain, "nullmiss")),
              recordSignature(*swapped, indexOf(*swapped, "nullmiss")));
    // Outcomes that do not depend on the direction stay: noise (the secondary is still compared with
    // the store's primary side), drift (a truncated body), match.
    for (const char* id : {"noise1", "noise2", "trunc", "match"})
        EXPECT_EQ(plain->records()[indexOf(*plain, id)].outcome, swapped->records()[indexOf(*swapped, id)].outcome)
            << id;
    EXPECT_EQ(swapped->records()[indexOf(*swapped, "noise1")].outcome, Outcome::Noise);
    EXPECT_EQ(swapped->records()[indexOf(*swapped, "trunc")].outcome, Outcome::Drift);
}

// The diff view's detail of a swapped record: the candidate on the left as the reference, and the
// same outcome and signature as the analysis (one code path).
TEST(SwapSides, DetailShowsTheCandidateAsReference) {
    const std::vector<Record> records = beforeCutover();
    const std::string store = writeStore(records, "detail.sqlite");
    auto a = analyzeSides(store, true);
    ASSERT_TRUE(a);
    const uint32_t i = indexOf(*a, "shift");
    std::string error;
    auto d = a->detail(i, nullptr, &error);
    ASSERT_TRUE(d) << error;
    EXPECT_EQ(d->record.primary.body, records[2].candidate.body);  // left = the store's candidate
    EXPECT_EQ(d->record.candidate.body, records[2].primary.body);
    ASSERT_EQ(d->result.differences.size(), 1u);
    EXPECT_EQ(d->result.differences[0].primary, "\"2026-01-01T11:00:00Z\"");
    EXPECT_EQ(classText(d->result.differences[0]), "instant_shift -1h");
    // The noise comparison of the diff view uses the store's primary side too.
    auto n = a->detail(indexOf(*a, "noise1"), nullptr, &error);
    ASSERT_TRUE(n && n->noise);
    ASSERT_EQ(n->noise->differences.size(), 1u);
    EXPECT_EQ(n->noise->differences[0].path, "/nonce");
    EXPECT_EQ(n->noise->differences[0].primary, "\"a\"");  // the store's primary (legacy) vs its second run
    EXPECT_EQ(n->outcome, Outcome::Noise);
    // readRecord() is what evaluate() and detail() compare; store().read() is the store as written.
    EXPECT_EQ(a->readRecord(a->records()[i])->primary.body, records[2].candidate.body);
    EXPECT_EQ(a->store().read(a->records()[i].loc)->primary.body, records[2].primary.body);
    for (uint32_t r = 0; r < a->records().size(); ++r) {
        const Analysis::Evaluation ev = a->evaluate(r, nullptr);
        EXPECT_EQ(ev.outcome, a->records()[r].outcome) << r;
        if (a->records()[r].group != kNone) {
            EXPECT_EQ(ev.signature, a->groups()[a->records()[r].group].signature);
        }
    }
}
