// SPDX-License-Identifier: MIT
// Opening an indexed store from its index (core/pg/pg_open.h) against a throwaway server: the
// summary and the analysis assembled from the index's rows equal the scanning engine's on the same
// store (groups, counts, members, per-record results, filters); a record opened from it reads its
// row from the store and shows the same differences; an index built with other rules is refused;
// cancel stops; nothing is written to the store table or the index.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>

#include "core/analysis/analysis.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_index.h"
#include "core/pg/pg_open.h"
#include "core/pg/pg_store.h"
#include "core/present/record_filter.h"
#include "tests/pg/pg_fixture.h"
#include "tests/pg/pg_load.h"
#include "tests/pg/pg_same.h"
#include "tests/pg/pg_test_server.h"

namespace dt {
namespace {

using Fixture = pgtest::LoadedStore;

bool loadOpenStore(Fixture& f, std::string* why) {
    return pgtest::loadGeneratedStore(f, "open", "--records 3000 --seed 23 --mismatch-rate 0.4", why);
}

void index(const Fixture& f, unsigned shards, const std::string& fingerprint = "") {
    for (unsigned k = 1; k <= shards; ++k) {
        pg::IndexOptions opt;
        opt.shardK = k;
        opt.shardN = shards;
        opt.shardSpanKeys = 500;
        opt.threads = 2;
        opt.rulesFingerprint = fingerprint;
        pg::IndexReport report;
        std::string error;
        ASSERT_TRUE(pg::indexStore(f.store, f.server->uri(f.db), opt, &report, &error)) << error;
    }
}

// Everything the index holds, to prove that opening from it writes nothing there.
std::string indexChecksum(const Fixture& f) {
    std::string error;
    auto uri = pg::parsePgUri(f.server->uri(f.db), &error);
    auto conn = pg::PgConn::connect(*uri, true, &error);
    if (!conn) return error;
    pg::PgResult r =
        conn->exec("SELECT (SELECT md5(string_agg(r::text, '|' ORDER BY key)) FROM difftriage.records r) || "
                   "(SELECT md5(string_agg(g::text, '|' ORDER BY signature)) FROM difftriage.groups g) || "
                   "(SELECT md5(string_agg(s::text, '|' ORDER BY shard)) FROM difftriage.index_state s)");
    return r.ok() ? std::string(r.value(0, 0)) : conn->describe(r);
}

TEST(PgOpen, WithoutAnIndexNothingIsOpened) {
    Fixture f;
    std::string why;
    if (!loadOpenStore(f, &why)) GTEST_SKIP() << "no PostgreSQL: " << why;
    const pg::IndexOpen open = pg::openIndexSummary(f.store, {});
    EXPECT_FALSE(open.analysis);
    EXPECT_EQ(open.refused, "");
    EXPECT_FALSE(pg::openIndexSummary("/tmp/not-a-database.jsonl", {}).analysis);
}

TEST(PgOpen, SummaryAndRecordsEqualTheInMemoryEngine) {
    Fixture f;
    std::string why;
    if (!loadOpenStore(f, &why)) GTEST_SKIP() << "no PostgreSQL: " << why;
    index(f, 2);
    const std::string storeBefore = pgtest::tableChecksum(*f.server, f.db, "comparisons");
    const std::string indexBefore = indexChecksum(f);
    ASSERT_FALSE(storeBefore.empty());

    AnalyzeOptions opt;
    opt.threads = 2;
    std::string error;
    auto scanned = Analysis::analyze(f.store, opt, &error);
    ASSERT_TRUE(scanned) << error;
    ASSERT_GT(scanned->groups().size(), 3u);

    // Step 1: groups and counts, no records.
    pg::IndexOpen open = pg::openIndexSummary(f.store, {});
    ASSERT_TRUE(open.analysis) << open.refused;
    EXPECT_EQ(open.schema, "difftriage");
    EXPECT_EQ(open.records, scanned->records().size());
    EXPECT_TRUE(open.analysis->records().empty());
    EXPECT_EQ(open.analysis->store().format(), StoreFormat::Postgres);
    pgtest::expectSameGroups(*open.analysis, *scanned, false);

    // Step 2: every record, in pages smaller than the store (keyset paging).
    pg::IndexRecordsOptions ro;
    ro.schema = open.schema;
    ro.expected = open.records;
    ro.pageRows = 700;
    uint64_t lastDone = 0, calls = 0;
    ro.progress = [&](uint64_t done, uint64_t total) {
        EXPECT_GE(done, lastDone);
        EXPECT_EQ(total, open.records);
        lastDone = done;
        ++calls;
    };
    auto full = pg::readIndexedRecords(f.store, ro, &error);
    ASSERT_TRUE(full) << error;
    EXPECT_EQ(lastDone, scanned->records().size());
    EXPECT_GE(calls, 4u);
    ASSERT_EQ(full->records().size(), scanned->records().size());
    pgtest::expectSameGroups(*full, *scanned, true);
    for (uint32_t i = 0; i < scanned->records().size(); ++i) {
        const IndexedRecord& w = scanned->records()[i];
        const IndexedRecord& g = full->records()[i];
        ASSERT_EQ(full->id(g), scanned->id(w)) << i;
        EXPECT_EQ(g.loc.offset, w.loc.offset) << i;
        EXPECT_EQ(g.outcome, w.outcome) << i;
        EXPECT_EQ(recordSignature(*full, i), recordSignature(*scanned, i)) << i;
        EXPECT_EQ(g.primary_status, w.primary_status) << i;
        EXPECT_EQ(g.candidate_status, w.candidate_status) << i;
        if (w.outcome != Outcome::Invalid) {
            EXPECT_EQ(g.ts_ms, w.ts_ms) << i;
        }
        EXPECT_FLOAT_EQ(g.weight, w.weight) << i;
        EXPECT_EQ(full->tagSet(full->recordTags(i)), scanned->tagSet(scanned->recordTags(i))) << i;
    }
    EXPECT_GT(scanned->tagSetCount(), 3u) << "the store has tags";
    EXPECT_EQ(full->problems().size(), scanned->problems().size());

    // Filters work on it as on the scanned analysis.
    for (const char* query : {"", "kind:missing", "status:200>5xx", "outcome:drift", "id:c-00", "tenant=acme",
                              "region=eu-* kind:missing"}) {
        auto spec = parseFilterQuery(query, &error);
        ASSERT_TRUE(spec) << query << ": " << error;
        auto got = computeFilter(*full, *spec);
        auto want = computeFilter(*scanned, *spec);
        ASSERT_TRUE(got && want);
        EXPECT_EQ(got->groupVisible, want->groupVisible) << query;
        EXPECT_EQ(got->groupMatches, want->groupMatches) << query;
        EXPECT_EQ(got->matchedRecords, want->matchedRecords) << query;
    }

    // A record opened from it: its row is read from the store, the differences are the scan's.
    const Group& top = full->groups().front();
    const uint32_t r = top.members.front();
    auto got = full->detail(r, nullptr, &error);
    ASSERT_TRUE(got) << error;
    auto want = scanned->detail(*scanned->findRecord(full->id(full->records()[r])), nullptr, &error);
    ASSERT_TRUE(want) << error;
    EXPECT_EQ(got->record.id, want->record.id);
    EXPECT_EQ(got->outcome, want->outcome);
    EXPECT_EQ(got->endpoint, want->endpoint);
    ASSERT_EQ(got->result.differences.size(), want->result.differences.size());
    ASSERT_FALSE(got->result.differences.empty());
    for (size_t d = 0; d < want->result.differences.size(); ++d)
        EXPECT_EQ(got->result.differences[d].path, want->result.differences[d].path);

    // Nothing was written anywhere.
    EXPECT_EQ(pgtest::tableChecksum(*f.server, f.db, "comparisons"), storeBefore);
    EXPECT_EQ(indexChecksum(f), indexBefore);
}

TEST(PgOpen, AnIndexBuiltWithOtherRulesIsRefused) {
    Fixture f;
    std::string why;
    if (!loadOpenStore(f, &why)) GTEST_SKIP() << "no PostgreSQL: " << why;
    const std::string fingerprint = pg::rulesFingerprint("rules: []\n");
    ASSERT_EQ(fingerprint.size(), 64u);
    EXPECT_EQ(pg::rulesFingerprint(""), "");
    index(f, 1, fingerprint);

    const pg::IndexOpen none = pg::openIndexSummary(f.store, {});
    EXPECT_FALSE(none.analysis);
    EXPECT_NE(none.refused.find("other rules"), std::string::npos) << none.refused;
    const pg::IndexOpen other = pg::openIndexSummary(f.store, {pg::rulesFingerprint("rules: [x]\n"), nullptr});
    EXPECT_FALSE(other.analysis);
    EXPECT_FALSE(other.refused.empty());
    const pg::IndexOpen same = pg::openIndexSummary(f.store, {fingerprint, nullptr});
    ASSERT_TRUE(same.analysis) << same.refused;
    EXPECT_FALSE(same.analysis->groups().empty());
}

TEST(PgOpen, AnIndexWithoutRulesOpensForAWindowWithRules) {
    Fixture f;
    std::string why;
    if (!loadOpenStore(f, &why)) GTEST_SKIP() << "no PostgreSQL: " << why;
    index(f, 1);
    const pg::IndexOpen open = pg::openIndexSummary(f.store, {pg::rulesFingerprint("rules: []\n"), nullptr});
    ASSERT_TRUE(open.analysis) << open.refused;
    EXPECT_EQ(open.analysis->rules(), nullptr);  // the window applies its rules to it afterwards
    EXPECT_EQ(open.rules, nullptr);
}

TEST(PgOpen, ReadingTheRecordsStopsWhenCancelled) {
    Fixture f;
    std::string why;
    if (!loadOpenStore(f, &why)) GTEST_SKIP() << "no PostgreSQL: " << why;
    index(f, 1);
    std::atomic<bool> cancel{false};
    pg::IndexRecordsOptions ro;
    ro.pageRows = 100;
    ro.cancel = &cancel;
    uint64_t pages = 0;
    ro.progress = [&](uint64_t, uint64_t) {
        if (++pages == 3) cancel = true;
    };
    std::string error;
    EXPECT_FALSE(pg::readIndexedRecords(f.store, ro, &error));
    EXPECT_EQ(error, "cancelled");
    EXPECT_EQ(pages, 3u);
    // A missing index is an error, not a crash.
    ro.cancel = nullptr;
    ro.progress = nullptr;
    ro.schema = "nowhere";
    EXPECT_FALSE(pg::readIndexedRecords(f.store, ro, &error));
    EXPECT_NE(error.find("nowhere"), std::string::npos) << error;
}

}  // namespace
}  // namespace dt
