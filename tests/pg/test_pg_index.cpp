// SPDX-License-Identifier: MIT
// Index writer and pushdown against a throwaway server: N shards write exactly what one worker
// writes, re-running a shard changes nothing, a later run reads only new rows, and groups read from
// the result tables equal the in-memory engine's on the same store.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "core/analysis/analysis.h"
#include "core/pg/pg_index.h"
#include "core/pg/pg_pushdown.h"
#include "core/pg/pg_store.h"
#include "tests/pg/pg_fixture.h"
#include "tests/pg/pg_test_server.h"

namespace dt {
namespace {

using Fixture = pgtest::LoadedStore;

bool loadIndexStore(Fixture& f, std::string* why) {
    return pgtest::loadGeneratedStore(f, "idx", "--records 4000 --seed 11 --mismatch-rate 0.4", why);
}

// One value: the result of a query (first column of the first row), "" on error.
std::string queryValue(const Fixture& f, const std::string& sql) {
    std::string error;
    auto uri = pg::parsePgUri(f.server->uri(f.db), &error);
    auto conn = pg::PgConn::connect(*uri, true, &error);
    if (!conn) return "";
    pg::PgResult r = conn->exec(sql);
    if (!r.ok() || r.rows() == 0) {
        ADD_FAILURE() << sql << ": " << conn->describe(r);
        return "";
    }
    return std::string(r.value(0, 0));
}

// Everything an index holds, except which shard wrote a row.
std::string indexChecksum(const Fixture& f, const std::string& schema) {
    const std::string s = "\"" + schema + "\"";
    return queryValue(f, "SELECT (SELECT count(*) || ':' || md5(string_agg(concat_ws(',', key, id, outcome, signature, "
                         "endpoint, ts, weight, primary_status, candidate_status, primary_latency_ms, "
                         "candidate_latency_ms, problem), '|' ORDER BY key)) FROM " +
                             s +
                             ".records) || ' ' || "
                             "(SELECT md5(string_agg(g::text, '|' ORDER BY signature)) FROM " +
                             s +
                             ".groups g) || ' ' || "
                             "(SELECT md5(string_agg(o::text, '|' ORDER BY outcome)) FROM " +
                             s +
                             ".outcomes o) || ' ' || "
                             "(SELECT md5(string_agg(x::text, '|' ORDER BY signature)) FROM " +
                             s + ".signatures x)");
}

pg::IndexReport index(const Fixture& f, const std::string& schema, unsigned k, unsigned n, bool full = false) {
    pg::IndexOptions opt;
    opt.shardK = k;
    opt.shardN = n;
    opt.shardSpanKeys = 500;  // 4000 keys: 8 spans, so every one of 3 shards has some
    opt.full = full;
    opt.threads = 2;
    pg::IndexReport report;
    std::string error;
    EXPECT_TRUE(pg::indexStore(f.store, f.server->uri(f.db) + "&schema=" + schema, opt, &report, &error)) << error;
    return report;
}

TEST(PgIndex, ShardsWriteExactlyWhatOneWorkerWritesAndRerunsChangeNothing) {
    Fixture f;
    std::string why;
    if (!loadIndexStore(f, &why)) GTEST_SKIP() << "no PostgreSQL: " << why;
    const auto single = index(f, "single", 1, 1);
    EXPECT_EQ(single.read, 4000u);
    EXPECT_FALSE(single.incremental);
    uint64_t total = 0;
    for (unsigned k = 1; k <= 3; ++k) {
        const auto part = index(f, "sharded", k, 3);
        EXPECT_GT(part.read, 0u) << "shard " << k;
        EXPECT_LT(part.read, 4000u) << "shard " << k;
        total += part.read;
    }
    EXPECT_EQ(total, 4000u);
    const std::string want = indexChecksum(f, "single");
    ASSERT_FALSE(want.empty());
    EXPECT_EQ(indexChecksum(f, "sharded"), want);
    EXPECT_GT(std::atoi(queryValue(f, "SELECT count(*) FROM sharded.groups").c_str()), 3);

    // Re-running a shard in full is idempotent.
    index(f, "sharded", 2, 3, true);
    EXPECT_EQ(indexChecksum(f, "sharded"), want);
    // A later run reads only what is new.
    const auto again = index(f, "sharded", 2, 3);
    EXPECT_TRUE(again.incremental);
    EXPECT_EQ(again.read, 0u);
    EXPECT_EQ(indexChecksum(f, "sharded"), want);
    ASSERT_EQ(f.server->sql(f.db, "INSERT INTO comparisons (id, ts, req_method, req_url, primary_status, primary_body, "
                                  "candidate_status, candidate_body) SELECT 'late-' || g, now(), 'GET', '/late/' || g, "
                                  "200, '{\"a\":1}', 200, '{\"a\":2}' FROM generate_series(1, 40) g"),
              "");
    uint64_t fresh = 0;
    for (unsigned k = 1; k <= 3; ++k) {
        const auto r = index(f, "sharded", k, 3);
        EXPECT_TRUE(r.incremental);
        fresh += r.read;
    }
    EXPECT_EQ(fresh, 40u);
    EXPECT_EQ(queryValue(f, "SELECT count(*) FROM sharded.records WHERE id LIKE 'late-%' AND outcome = 'mismatch'"),
              "40");
}

TEST(PgIndex, PushdownGroupsEqualTheInMemoryEngine) {
    Fixture f;
    std::string why;
    if (!loadIndexStore(f, &why)) GTEST_SKIP() << "no PostgreSQL: " << why;
    std::string error;
    EXPECT_FALSE(pg::readIndexedGroups(f.store, false, &error)) << "no index yet";
    EXPECT_EQ(error, "");
    for (unsigned k = 1; k <= 2; ++k) index(f, "difftriage", k, 2);

    pg::registerPostgresStores();
    AnalyzeOptions opt;
    opt.threads = 2;
    auto a = Analysis::analyze(f.store, opt, &error);
    ASSERT_TRUE(a) << error;
    for (const bool live : {false, true}) {
        auto idx = pg::readIndexedGroups(f.store, live, &error);
        ASSERT_TRUE(idx) << error;
        EXPECT_EQ(idx->records, a->records().size());
        EXPECT_EQ(idx->counts, a->outcomeCounts());
        EXPECT_NEAR(idx->matchRate(), a->matchRate(), 1e-9);
        ASSERT_EQ(idx->groups.size(), a->groups().size());
        for (size_t i = 0; i < a->groups().size(); ++i) {
            const Group& want = a->groups()[i];
            const pg::IndexedGroup& got = idx->groups[i];
            ASSERT_EQ(got.signature, want.signature) << i;
            EXPECT_EQ(got.count, want.count);
            EXPECT_NEAR(got.weighted, want.weighted, 1e-6 * want.weighted);
            EXPECT_EQ(got.outcome, outcomeName(want.outcome));
            EXPECT_EQ(got.endpoint, a->endpoint(want.endpoint));
            EXPECT_EQ(got.first_ts, formatTimestampMs(want.first_ts));
            EXPECT_EQ(got.last_ts, formatTimestampMs(want.last_ts));
            EXPECT_EQ(got.status_pair, want.status_pair);
            ASSERT_EQ(got.differences.size(), want.differences.size());
            for (size_t d = 0; d < want.differences.size(); ++d) {
                EXPECT_EQ(got.differences[d].path, a->path(want.differences[d].path));
                EXPECT_EQ(got.differences[d].kind, kindName(want.differences[d].kind));
                EXPECT_EQ(got.differences[d].cls, a->className(want.differences[d].cls));
            }
            if (!live) {
                ASSERT_EQ(got.sample_ids.size(), std::min<size_t>(5, want.members.size()));
                for (size_t s = 0; s < got.sample_ids.size(); ++s)
                    EXPECT_EQ(got.sample_ids[s], a->id(a->records()[want.members[s]]));
            }
        }
    }

    // The CLI reads groups from the index, and prints the same report as from the scan.
    auto run = [](const std::string& cmd) {
        std::string out;
        FILE* p = ::popen(cmd.c_str(), "r");
        char buf[4096];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        EXPECT_EQ(::pclose(p), 0) << cmd;
        return out;
    };
    const std::string viaIndex = run(std::string(DT_CLI) + " groups '" + f.store + "' --limit 5");
    const std::string viaScan = run(std::string(DT_CLI) + " groups '" + f.store + "' --limit 5 --no-index");
    EXPECT_NE(viaIndex.find("from the index in schema difftriage"), std::string::npos) << viaIndex;
    EXPECT_EQ(viaIndex.substr(viaIndex.find("SIGNATURE")), viaScan.substr(viaScan.find("SIGNATURE")));
}

}  // namespace
}  // namespace dt
