// SPDX-License-Identifier: MIT
// PostgreSQL store reader against a throwaway server: same records as the JSONL form of the same
// store (native and SQLite-style text columns), read-only enforcement, clear errors, shards,
// incremental refresh, cancel, and a server killed in the middle of a scan.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include "core/analysis/analysis.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_store.h"
#include "core/store/store.h"
#include "tests/pg/pg_load.h"
#include "tests/pg/pg_test_server.h"

namespace dt {
namespace {

namespace fs = std::filesystem;
using pgtest::Columns;
using pgtest::TestServer;

#define NEED_SERVER(server)                                                                                            \
    std::string whyNot;                                                                                                \
    TestServer* server = pgtest::sharedServer(&whyNot);                                                                \
    if (!server) GTEST_SKIP() << "no PostgreSQL: " << whyNot

// Every field of a record, canonical (timestamps as milliseconds), for equality across formats.
std::string describe(const Record& r) {
    // jsonb keeps no object key order (it sorts keys), so names are compared in sorted order;
    // the values of one header keep their order (arrays are kept).
    std::ostringstream s;
    auto headers = [&](Headers h) {
        std::stable_sort(h.begin(), h.end(), [](const Header& a, const Header& b) { return a.first < b.first; });
        for (const auto& [k, v] : h) s << k << '=' << v << ';';
    };
    auto flat = [&](FlatObject f) {
        std::stable_sort(f.begin(), f.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [k, v] : f) s << k << '=' << v << ';';
    };
    auto side = [&](const char* name, const Response& x) {
        s << '|' << name << ':' << x.present;
        if (!x.present) return;
        s << ' ' << (x.status ? *x.status : -1) << ' ';
        headers(x.headers);
        s << " body[" << x.body.size() << "]=" << x.body << " lat=" << (x.latency_ms ? *x.latency_ms : -1)
          << " err=" << (x.error ? *x.error : "-") << " sb=" << x.has_state_before << ' ';
        flat(x.state_before);
        flat(x.state_after);
    };
    s << r.id << '|' << parseTimestampMs(r.ts).value_or(-1) << '|' << r.endpoint << '|' << r.request.method << ' '
      << r.request.url << ' ';
    headers(r.request.headers);
    s << " body=" << r.request.body;
    side("p", r.primary);
    side("c", r.candidate);
    side("s", r.secondary);
    s << "|tags ";
    flat(r.tags);
    s << "|w=" << r.weight;
    return s.str();
}

class Collect final : public ScanVisitor {
public:
    void record(unsigned, uint32_t, Record& rec, const Locator& loc) override {
        std::lock_guard lock(m);
        byId[rec.id] = describe(rec);
        locators[rec.id] = loc;
        if (afterRecord) afterRecord(byId.size());
    }
    void problem(unsigned, uint32_t, LoadProblem p) override {
        std::lock_guard lock(m);
        problems.push_back(std::move(p));
    }
    std::mutex m;
    std::map<std::string, std::string> byId;
    std::map<std::string, Locator> locators;
    std::vector<LoadProblem> problems;
    std::function<void(size_t)> afterRecord;
};

struct Generated {
    std::string dir, jsonl, sqlite;
};

// difftriage-gen output (JSONL and SQLite forms of the same records), made once per test binary.
const Generated& generated() {
    static Generated g = [] {
        Generated out;
        char tmpl[] = "/tmp/dt-pgdata-XXXXXX";
        out.dir = ::mkdtemp(tmpl);
        out.jsonl = out.dir + "/s.jsonl";
        out.sqlite = out.dir + "/s.sqlite";
        const std::string cmd = std::string(DT_GEN) + " --records 3000 --seed 7 --mismatch-rate 0.3 --jsonl " +
                                out.jsonl + " --sqlite " + out.sqlite + " >/dev/null 2>&1";
        EXPECT_EQ(std::system(cmd.c_str()), 0);
        return out;
    }();
    return g;
}

std::string freshDb(TestServer& server) {
    static std::atomic<int> n{0};
    const std::string name = "store_" + std::to_string(::getpid()) + "_" + std::to_string(n++);
    EXPECT_EQ(server.createDatabase(name), "");
    return name;
}

ScanSummary scanAll(Store& store, Collect& c, unsigned threads = 3, const std::atomic<bool>* cancel = nullptr) {
    ScanControl control;
    control.threads = threads;
    control.cancel = cancel;
    return store.scan(c, control);
}

std::unique_ptr<pg::PgStore> openPg(const std::string& uri) {
    std::string error;
    auto s = pg::PgStore::open(uri, &error);
    EXPECT_TRUE(s) << error;
    return s;
}

TEST(PgStore, ReadsTheSameRecordsAsJsonlNativeAndTextColumns) {
    NEED_SERVER(server);
    const auto& g = generated();
    std::string error;
    auto jsonl = Store::open(g.jsonl, &error);
    ASSERT_TRUE(jsonl) << error;
    Collect want;
    ASSERT_TRUE(scanAll(*jsonl, want).fatal.empty());
    ASSERT_GT(want.byId.size(), 2000u);

    const std::string db = freshDb(*server);
    for (const auto style : {Columns::Native, Columns::TextNoKey}) {
        const std::string table = style == Columns::Native ? "native" : "texty";
        std::set<std::string> skipped;
        ASSERT_EQ(pgtest::loadSqlite(*server, db, table, g.sqlite, style, &skipped), "");
        if (style == Columns::Native)
            EXPECT_TRUE(skipped.empty());
        else
            EXPECT_LT(skipped.size(), want.byId.size() / 10) << "most rows fit text columns";
        auto pg = openPg(server->uri(db) + "&table=" + table);
        ASSERT_TRUE(pg);
        EXPECT_EQ(pg->integerKey(), style == Columns::Native);
        pg->setChunkKeys(97);  // many cursors, several workers
        Collect got;
        const ScanSummary s = scanAll(*pg, got);
        EXPECT_TRUE(s.fatal.empty()) << s.fatal;
        EXPECT_GT(s.chunks, 1u);
        EXPECT_TRUE(got.problems.empty()) << got.problems.front().reason;
        ASSERT_EQ(got.byId.size() + skipped.size(), want.byId.size()) << table;
        for (const auto& [id, text] : got.byId) ASSERT_EQ(text, want.byId[id]) << table << " " << id;
        // read-back by locator gives the same record
        size_t checked = 0;
        for (const auto& [id, loc] : got.locators) {
            if (checked++ % 97) continue;
            auto rec = pg->read(loc, &error);
            ASSERT_TRUE(rec) << error;
            EXPECT_EQ(describe(*rec), want.byId[id]);
            auto raw = pg->readRaw(loc, &error);
            ASSERT_TRUE(raw) << error;
            EXPECT_NE(raw->find("\"id\":\"" + id + "\""), std::string::npos) << *raw;
        }
    }
}

TEST(PgStore, StoreOpenDispatchesPostgresUris) {
    NEED_SERVER(server);
    const std::string db = freshDb(*server);
    ASSERT_EQ(pgtest::loadSqlite(*server, db, "comparisons", generated().sqlite, Columns::Native), "");
    pg::registerPostgresStores();
    std::string error;
    auto store = Store::open(server->uri(db), &error);  // table defaults to "comparisons"
    ASSERT_TRUE(store) << error;
    EXPECT_EQ(store->format(), StoreFormat::Postgres);
    AnalyzeOptions opt;
    opt.threads = 2;
    auto fromPg = Analysis::analyze(server->uri(db), opt, &error);
    ASSERT_TRUE(fromPg) << error;
    auto fromJsonl = Analysis::analyze(generated().jsonl, opt, &error);
    ASSERT_TRUE(fromJsonl) << error;
    ASSERT_EQ(fromPg->groups().size(), fromJsonl->groups().size());
    for (size_t i = 0; i < fromPg->groups().size(); ++i) {
        EXPECT_EQ(fromPg->groups()[i].signature, fromJsonl->groups()[i].signature);
        EXPECT_EQ(fromPg->groups()[i].count, fromJsonl->groups()[i].count);
    }
    EXPECT_EQ(fromPg->outcomeCounts(), fromJsonl->outcomeCounts());
}

TEST(PgStore, NeverWritesEvenWithWriteRights) {
    NEED_SERVER(server);
    const std::string db = freshDb(*server);
    ASSERT_EQ(pgtest::loadSqlite(*server, db, "comparisons", generated().sqlite, Columns::Native), "");
    ASSERT_EQ(server->sql(db, "CREATE ROLE writer LOGIN; GRANT ALL ON comparisons TO writer; "
                              "GRANT CREATE ON SCHEMA public TO writer"),
              "");
    const std::string before = pgtest::tableChecksum(*server, db, "comparisons");
    ASSERT_FALSE(before.empty());
    const std::string uri = server->uri(db, "writer");
    auto pg = openPg(uri);
    ASSERT_TRUE(pg);
    Collect got;
    EXPECT_TRUE(scanAll(*pg, got).fatal.empty());
    std::string error;
    for (const auto& [id, loc] : got.locators) {
        ASSERT_TRUE(pg->read(loc, &error)) << error;
        ASSERT_TRUE(pg->readRaw(loc, &error)) << error;
        break;
    }
    EXPECT_EQ(pgtest::tableChecksum(*server, db, "comparisons"), before);
    // The sessions the reader makes refuse writes even though the role may write.
    auto parsed = pg::parsePgUri(uri, &error);
    ASSERT_TRUE(parsed);
    auto conn = pg::PgConn::connect(*parsed, true, &error);
    ASSERT_TRUE(conn) << error;
    pg::PgResult r = conn->exec("DELETE FROM comparisons");
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.sqlState(), "25006");  // read_only_sql_transaction
    EXPECT_EQ(pgtest::tableChecksum(*server, db, "comparisons"), before);
}

TEST(PgStore, ClearMessagesForMissingTableWrongTypesAndNoServer) {
    NEED_SERVER(server);
    const std::string db = freshDb(*server);
    ASSERT_EQ(server->sql(db, "CREATE TABLE other (x int)"), "");
    std::string error;
    EXPECT_FALSE(pg::PgStore::open(server->uri(db) + "&table=comparisons", &error));
    EXPECT_NE(error.find("no table \"comparisons\""), std::string::npos) << error;
    EXPECT_NE(error.find("public.other"), std::string::npos) << error;

    ASSERT_EQ(
        server->sql(db, pgtest::tableDdl("bad", Columns::Native) +
                            "; ALTER TABLE bad ALTER COLUMN primary_status TYPE boolean USING primary_status > 0"),
        "");
    EXPECT_FALSE(pg::PgStore::open(server->uri(db) + "&table=bad", &error));
    EXPECT_NE(error.find("column primary_status has type boolean"), std::string::npos) << error;

    ASSERT_EQ(server->sql(db, "CREATE TABLE thin (id text, ts text)"), "");
    EXPECT_FALSE(pg::PgStore::open(server->uri(db) + "&table=thin", &error));
    EXPECT_NE(error.find("lacks required columns: req_method"), std::string::npos) << error;

    EXPECT_FALSE(pg::PgStore::open("postgresql://nobody@/x?host=/nonexistent-dir&port=1", &error));
    EXPECT_NE(error.find("cannot connect"), std::string::npos) << error;
    EXPECT_FALSE(pg::PgStore::open("postgresql://u:secret@/x?host=/nonexistent-dir&port=1", &error));
    EXPECT_EQ(error.find("secret"), std::string::npos) << "passwords never appear in messages: " << error;
}

TEST(PgStore, BadRowsAreProblemsOfTheirRow) {
    NEED_SERVER(server);
    const std::string db = freshDb(*server);
    ASSERT_EQ(
        server->sql(db, pgtest::tableDdl("comparisons", Columns::TextNoKey) +
                            "; INSERT INTO comparisons (id, ts, req_method, req_url, primary_status, primary_body,"
                            " candidate_status, candidate_body, primary_headers) VALUES"
                            " ('a', '2026-11-20T10:00:00Z', 'GET', '/a', '200', '{}', '200', '{}', NULL),"
                            " ('b', '2026-11-20T10:00:00Z', 'GET', '/b', 'two hundred', '{}', '200', '{}', NULL),"
                            " ('c', '2026-11-20T10:00:00Z', 'GET', '/c', '200', '{}', '200', '{}', '{broken')"),
        "");
    auto pg = openPg(server->uri(db));
    ASSERT_TRUE(pg);
    Collect got;
    EXPECT_TRUE(scanAll(*pg, got).fatal.empty());
    EXPECT_EQ(got.byId.size(), 1u);
    ASSERT_EQ(got.problems.size(), 2u);
    std::set<std::string> reasons;
    for (const auto& p : got.problems) reasons.insert(p.id + ": " + p.reason);
    EXPECT_TRUE(reasons.count("b: invalid primary_status: expected an integer")) << *reasons.begin();
    EXPECT_NE(got.problems[0].raw.find("\"id\""), std::string::npos);
}

TEST(PgStore, ShardsPartitionTheKeyRangeAndRefreshReadsOnlyNewRows) {
    NEED_SERVER(server);
    const std::string db = freshDb(*server);
    ASSERT_EQ(pgtest::loadSqlite(*server, db, "comparisons", generated().sqlite, Columns::Native), "");
    Collect all;
    auto full = openPg(server->uri(db));
    ASSERT_TRUE(full);
    full->setChunkKeys(64);
    ASSERT_TRUE(scanAll(*full, all).fatal.empty());
    const int64_t last = full->scannedMaxKey();
    EXPECT_EQ(last, static_cast<int64_t>(all.byId.size()));

    std::map<std::string, int> seen;
    for (unsigned k = 1; k <= 3; ++k) {
        auto shard = openPg(server->uri(db));
        ASSERT_TRUE(shard);
        shard->setChunkKeys(64);
        shard->setShardSpan(256);
        shard->setShard(k, 3);
        Collect part;
        ASSERT_TRUE(scanAll(*shard, part).fatal.empty());
        EXPECT_GT(part.byId.size(), 0u) << "shard " << k;
        EXPECT_LT(part.byId.size(), all.byId.size()) << "shard " << k;
        for (const auto& [id, text] : part.byId) {
            ++seen[id];
            EXPECT_EQ(text, all.byId[id]);
        }
    }
    EXPECT_EQ(seen.size(), all.byId.size());
    for (const auto& [id, n] : seen) ASSERT_EQ(n, 1) << id << " read by " << n << " shards";

    ASSERT_EQ(server->sql(db, "INSERT INTO comparisons (id, ts, req_method, req_url, primary_status, primary_body, "
                              "candidate_status, candidate_body) SELECT 'new-' || g, now(), 'GET', '/n/' || g, 200, "
                              "'{}', 500, '{}' FROM generate_series(1, 25) g"),
              "");
    auto refresh = openPg(server->uri(db));
    ASSERT_TRUE(refresh);
    refresh->setAfterKey(last);
    Collect fresh;
    ASSERT_TRUE(scanAll(*refresh, fresh).fatal.empty());
    EXPECT_EQ(fresh.byId.size(), 25u);
    for (const auto& [id, text] : fresh.byId) EXPECT_EQ(id.rfind("new-", 0), 0u) << id;
    EXPECT_EQ(refresh->scannedMaxKey(), last + 25);
}

TEST(PgStore, CancelStopsWithinAFetch) {
    NEED_SERVER(server);
    const std::string db = freshDb(*server);
    ASSERT_EQ(pgtest::loadSqlite(*server, db, "comparisons", generated().sqlite, Columns::Native), "");
    auto pg = openPg(server->uri(db));
    ASSERT_TRUE(pg);
    std::atomic<bool> cancel{false};
    Collect got;
    got.afterRecord = [&](size_t n) {
        if (n == 100) cancel = true;
    };
    const ScanSummary s = scanAll(*pg, got, 2, &cancel);
    EXPECT_TRUE(s.cancelled);
    // each worker stops at its next record: at most one more record per worker
    EXPECT_LE(got.byId.size(), 102u);
}

TEST(PgStore, ServerKilledMidScanKeepsWhatWasLoaded) {
    std::string whyNot;
    auto server = TestServer::start(&whyNot);  // its own server: this test kills it
    if (!server) GTEST_SKIP() << "no PostgreSQL: " << whyNot;
    ASSERT_EQ(server->createDatabase("doomed"), "");
    ASSERT_EQ(pgtest::loadSqlite(*server, "doomed", "comparisons", generated().sqlite, Columns::Native), "");
    pg::registerPostgresStores();
    std::atomic<bool> killed{false};
    AnalyzeOptions opt;
    opt.threads = 1;  // the worker that reports progress is the one whose next FETCH must fail
    opt.progress = [&](uint64_t, uint64_t, uint64_t records) {
        if (records > 0 && !killed.exchange(true)) server->kill();
    };
    std::string error;
    auto a = Analysis::analyze(server->uri("doomed"), opt, &error);
    ASSERT_TRUE(a) << error;
    EXPECT_TRUE(killed.load());
    EXPECT_GE(a->records().size(), size_t(pg::PgStore::kFetchRows));
    EXPECT_LT(a->records().size(), 3000u);
    ASSERT_FALSE(a->problems().empty());
    const std::string& why = a->problems().back().reason;
    EXPECT_NE(why.find("the server went away"), std::string::npos) << why;
    EXPECT_NE(why.find("records read before were kept"), std::string::npos) << why;
}

}  // namespace
}  // namespace dt
