// SPDX-License-Identifier: MIT
// Grouping against the generator's ground truth: every injected root cause lands in exactly one
// group, no group mixes two causes, noise and drift are recognized, and signatures are identical
// across runs and store formats.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "../gen_fixture.h"
#include "core/analysis/analysis.h"

using namespace dt;
using nlohmann::json;

namespace {

struct Generated {
    std::string jsonl, sqlite;
    json truth;
};

const Generated& generated() {
    static Generated g = [] {
        Generated out;
        const std::string dir = dt::test::generatedFixture(
            "--records 20000 --seed 7 --bad-lines 5",
            {{"--jsonl", "store.jsonl"}, {"--sqlite", "store.sqlite"}, {"--truth", "truth.json"}});
        EXPECT_FALSE(dir.empty());
        out.jsonl = dir + "/store.jsonl";
        out.sqlite = dir + "/store.sqlite";
        const std::string truth = dir + "/truth.json";
        std::ifstream in(truth);
        out.truth = json::parse(in);
        return out;
    }();
    return g;
}

std::unique_ptr<Analysis> analyzeOrFail(const std::string& path, unsigned threads = 2) {
    AnalyzeOptions opt;
    opt.threads = threads;
    std::string error;
    auto a = Analysis::analyze(path, opt, &error);
    EXPECT_TRUE(a) << error;
    return a;
}

std::map<std::string, uint32_t> indexById(const Analysis& a) {
    std::map<std::string, uint32_t> m;
    for (uint32_t i = 0; i < a.records().size(); ++i) m[std::string(a.id(a.records()[i]))] = i;
    return m;
}

}  // namespace

TEST(Grouping, EveryInjectedCauseIsExactlyOneGroup) {
    const auto& g = generated();
    auto a = analyzeOrFail(g.jsonl);
    ASSERT_TRUE(a);
    const auto byId = indexById(*a);
    std::map<uint32_t, std::string> causeOfGroup;
    size_t causeRecords = 0;
    for (const auto& cause : g.truth["causes"]) {
        const std::string name = cause["name"];
        std::set<uint32_t> groups;
        for (const auto& id : cause["ids"]) {
            auto it = byId.find(id.get<std::string>());
            ASSERT_NE(it, byId.end()) << name << " " << id;
            const IndexedRecord& r = a->records()[it->second];
            EXPECT_EQ(r.outcome, Outcome::Mismatch) << name << " " << id;
            groups.insert(r.group);
            ++causeRecords;
        }
        EXPECT_EQ(groups.size(), 1u) << "cause " << name << " is split over " << groups.size() << " groups";
        const uint32_t gi = *groups.begin();
        ASSERT_NE(gi, kNone);
        EXPECT_FALSE(causeOfGroup.count(gi)) << "group mixes " << causeOfGroup[gi] << " and " << name;
        causeOfGroup[gi] = name;
        // the group's differences are the ones the generator injected
        std::set<std::pair<std::string, std::string>> expected, actual;
        for (const auto& d : cause["differences"]) expected.emplace(d["path"], d["kind"]);
        for (const DiffKey& k : a->groups()[gi].differences)
            actual.emplace(a->path(k.path), std::string(kindName(k.kind)));
        EXPECT_EQ(actual, expected) << name;
        EXPECT_EQ(a->groups()[gi].count, cause["ids"].size()) << name << ": the group holds only this cause";
    }
    EXPECT_EQ(a->outcomeCounts()[int(Outcome::Mismatch)], causeRecords) << "no mismatch outside injected causes";
}

TEST(Grouping, NoiseDriftAndInvalidAreRecognized) {
    const auto& g = generated();
    auto a = analyzeOrFail(g.jsonl);
    ASSERT_TRUE(a);
    const auto byId = indexById(*a);
    for (const auto& id : g.truth["noise_ids"]) EXPECT_EQ(a->records()[byId.at(id)].outcome, Outcome::Noise) << id;
    for (const auto& id : g.truth["drift_ids"]) EXPECT_EQ(a->records()[byId.at(id)].outcome, Outcome::Drift) << id;
    EXPECT_EQ(a->outcomeCounts()[int(Outcome::Invalid)], g.truth["bad_lines"].size());
    EXPECT_EQ(a->outcomeCounts()[int(Outcome::Match)], g.truth["matches"].get<uint64_t>());
    // drift groups are apart from mismatch groups
    for (const Group& gr : a->groups())
        for (uint32_t m : gr.members) EXPECT_EQ(a->records()[m].outcome, gr.outcome);
}

TEST(Grouping, SignaturesIdenticalAcrossFormatsRunsAndThreadCounts) {
    const auto& g = generated();
    auto a = analyzeOrFail(g.jsonl, 2);
    auto b = analyzeOrFail(g.sqlite, 2);
    auto c = analyzeOrFail(g.jsonl, 1);
    ASSERT_TRUE(a && b && c);
    auto summary = [](const Analysis& x) {
        std::map<std::string, uint64_t> m;
        for (const Group& gr : x.groups()) m[gr.signature] = gr.count;
        return m;
    };
    EXPECT_EQ(summary(*a), summary(*b));
    EXPECT_EQ(summary(*a), summary(*c));
    ASSERT_EQ(a->groups().size(), c->groups().size());
    for (size_t i = 0; i < a->groups().size(); ++i) EXPECT_EQ(a->groups()[i].members, c->groups()[i].members);
}

TEST(Grouping, WeightsCountInRatesAndGroups) {
    const std::string base = ::testing::TempDir() + "weights_" + std::to_string(::getpid());
    const std::string cmd = std::string(DT_GEN) + " --records 5000 --seed 3 --sample-matches 0.01 --jsonl " + base +
                            ".jsonl --truth " + base + ".truth.json >/dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    std::ifstream in(base + ".truth.json");
    const json truth = json::parse(in);
    auto a = analyzeOrFail(base + ".jsonl");
    ASSERT_TRUE(a);
    double total = 0;
    for (double w : a->outcomeWeights()) total += w;
    EXPECT_NEAR(total, truth["weighted"].get<double>(), 1e-6);
    EXPECT_GT(a->outcomeWeights()[int(Outcome::Match)], 50.0 * a->outcomeCounts()[int(Outcome::Match)]);
    for (const Group& gr : a->groups()) EXPECT_DOUBLE_EQ(gr.weighted, double(gr.count));  // mismatches weigh 1
}

TEST(Signature, GoldenIds) {
    // Reviewed values: changing the canonical signature text changes every id users have noted down.
    // Signature v2 (README "Signatures"); each id below is the FNV-1a of the documented canonical
    // text, computed independently (python3, README) — e.g.
    // "difftriage-signature-2\nGET /users/{id}\nchanged /name string_changed\n".
    EXPECT_EQ(Analysis::kSignatureVersion, 2);
    EXPECT_EQ(Analysis::signatureOf("GET /users/{id}", {{"/name", DiffKind::Changed, "string_changed"}}, std::nullopt,
                                    Outcome::Mismatch),
              "a6787a8081c1");
    EXPECT_EQ(Analysis::signatureOf("GET /events/{id}", {{"/starts_at", DiffKind::Changed, "instant_shift +1h"}},
                                    std::nullopt, Outcome::Mismatch),
              "41163e26a2ca");
    EXPECT_EQ(Analysis::signatureOf("GET /events/{id}", {{"/starts_at", DiffKind::Changed, "same_instant"}},
                                    std::nullopt, Outcome::Mismatch),
              "37142a54b97f");
    EXPECT_EQ(Analysis::signatureOf("POST /users", {{"", DiffKind::Status, "status"}}, std::make_pair(201, 200),
                                    Outcome::Mismatch),
              "c787eb63be52");
    EXPECT_EQ(Analysis::signatureOf("GET /users/{id}", {{"/version", DiffKind::Changed, "numeric_delta"}}, std::nullopt,
                                    Outcome::Drift),
              "0490f408f8ab");
    // a key without a class (none recorded) has no trailing field: v1's line shape under the v2 header
    EXPECT_NE(
        Analysis::signatureOf("GET /users/{id}", {{"/name", DiffKind::Changed, ""}}, std::nullopt, Outcome::Mismatch),
        "b26ee71a6f57");
    EXPECT_EQ(
        Analysis::signatureOf("POST /users", {{"", DiffKind::Status, ""}}, std::make_pair(201, 200), Outcome::Mismatch),
        Analysis::signatureOf("POST /users", {{"", DiffKind::Status, ""}}, std::make_pair(201, 200),
                              Outcome::Mismatch));
    // order of differences does not matter; each component does
    const auto s1 = Analysis::signatureOf("GET /a", {{"/x", DiffKind::Missing, ""}, {"/y", DiffKind::Extra, ""}},
                                          std::nullopt, Outcome::Mismatch);
    const auto s2 = Analysis::signatureOf("GET /a", {{"/y", DiffKind::Extra, ""}, {"/x", DiffKind::Missing, ""}},
                                          std::nullopt, Outcome::Mismatch);
    EXPECT_EQ(s1, s2);
    EXPECT_NE(s1, Analysis::signatureOf("GET /b", {{"/x", DiffKind::Missing, ""}, {"/y", DiffKind::Extra, ""}},
                                        std::nullopt, Outcome::Mismatch));
    EXPECT_NE(s1, Analysis::signatureOf("GET /a", {{"/x", DiffKind::Missing, ""}, {"/y", DiffKind::Extra, ""}},
                                        std::nullopt, Outcome::Drift));
    EXPECT_NE(
        Analysis::signatureOf("POST /users", {{"", DiffKind::Status, ""}}, std::make_pair(201, 200), Outcome::Mismatch),
        Analysis::signatureOf("POST /users", {{"", DiffKind::Status, ""}}, std::make_pair(500, 200),
                              Outcome::Mismatch));
    EXPECT_EQ(s1.size(), 12u);
}

// Tags are interned per chunk, then per store: with chunks of a few records, read by two threads,
// every record keeps exactly its own tags (key order does not matter) and each distinct set is kept once.
TEST(Grouping, TagSetsAreKeptOncePerStoreAcrossChunks) {
    const std::string path = ::testing::TempDir() + "tags_" + std::to_string(::getpid()) + ".jsonl";
    std::set<FlatObject> distinct;
    {
        std::ofstream out(path, std::ios::binary);
        const char* tenants[] = {"acme", "globex", "initech"};
        const char* regions[] = {"eu-west-1", "us-east-1"};
        for (int i = 0; i < 600; ++i) {
            json rec = {{"id", "t-" + std::to_string(i)},
                        {"ts", "2026-11-20T10:00:00Z"},
                        {"request", {{"method", "GET"}, {"url", "/items/" + std::to_string(i)}}},
                        {"primary", {{"status", 200}, {"body", "{\"a\":1}"}}},
                        {"candidate", {{"status", 200}, {"body", i % 7 ? "{\"a\":1}" : "{\"a\":2}"}}}};
            if (i % 5 != 0) {
                const std::string tenant = tenants[i % 3], region = regions[i % 2];
                // both key orders in the file; the analysis keeps tag sets sorted by key
                rec["tags"] = i % 2 ? json::object({{"tenant", tenant}, {"region", region}})
                                    : json::object({{"region", region}, {"tenant", tenant}});
                distinct.insert(FlatObject{{"region", region}, {"tenant", tenant}});
            }
            out << rec.dump() << "\n";
        }
    }
    ::setenv("DIFFTRIAGE_JSONL_CHUNK_BYTES", "2048", 1);
    auto a = analyzeOrFail(path, 2);
    ::unsetenv("DIFFTRIAGE_JSONL_CHUNK_BYTES");
    ASSERT_TRUE(a);
    ASSERT_EQ(a->records().size(), 600u);
    EXPECT_EQ(a->tagSetCount(), distinct.size() + 1) << "one set per distinct tags, plus the empty set";
    for (uint32_t i = 0; i < a->records().size(); ++i) {
        const auto rec = a->readRecord(a->records()[i]);
        ASSERT_TRUE(rec) << i;
        FlatObject want = rec->tags;
        std::sort(want.begin(), want.end());
        EXPECT_EQ(a->tagSet(a->recordTags(i)), want) << rec->id;
    }
    std::remove(path.c_str());
}
