// SPDX-License-Identifier: MIT
// bench_pg_reevaluate: what a rules change costs the index workers (core/pg/pg_reevaluate.h), on a
// throwaway local server (tests/pg/pg_test_server.h): a store (JSONL or SQLite, e.g. difftriage-gen
// --profile cooccurring) is copied into a table and indexed in full with rules A; then the time of
// the next run with rules B (re-evaluation from the index: records the rules may touch read back),
// against a full run of the shard with rules B. Prints how many rows were considered, re-read and
// changed, and whether both runs left the same records (outcome, signature per key).
//
// usage: bench_pg_reevaluate STORE RULES_A RULES_B [--shards N] [--threads T]   ("-" = no rules)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "core/pg/pg_conn.h"
#include "core/pg/pg_index.h"
#include "core/pg/pg_open.h"
#include "core/rules/rules_io.h"
#include "tests/pg/pg_load.h"
#include "tests/pg/pg_test_server.h"

namespace {

double secondsSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct Run {
    double seconds = 0;
    dt::pg::IndexReport report;  // summed over shards
};

// Every shard's worker with this rules file ("-" = none) into `schema`; false on failure.
bool indexAll(const std::string& store, const std::string& into, const std::string& rules, unsigned shards,
              unsigned threads, bool full, Run* run) {
    dt::pg::IndexOptions opt;
    opt.threads = threads;
    opt.full = full;
    if (rules != "-") {
        std::vector<dt::RuleError> errors;
        opt.rules = dt::loadRulesFile(rules, &errors);
        if (!opt.rules) {
            std::fprintf(stderr, "%s", dt::formatRuleErrors(rules, errors).c_str());
            return false;
        }
        opt.rulesFingerprint = dt::pg::rulesFileFingerprint(rules);
    }
    const auto t0 = std::chrono::steady_clock::now();
    for (unsigned k = 1; k <= shards; ++k) {
        opt.shardK = k;
        opt.shardN = shards;
        dt::pg::IndexReport r;
        std::string error;
        if (!dt::pg::indexStore(store, into, opt, &r, &error)) {
            std::fprintf(stderr, "bench_pg_reevaluate: %s\n", error.c_str());
            return false;
        }
        run->report.read += r.read;
        run->report.reevaluated += r.reevaluated;
        run->report.reread += r.reread;
        run->report.changed += r.changed;
        run->report.rulesChanged = run->report.rulesChanged || r.rulesChanged;
    }
    run->seconds = secondsSince(t0);
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: bench_pg_reevaluate STORE RULES_A RULES_B [--shards N] [--threads T]\n");
        return 2;
    }
    std::string store = argv[1];
    const std::string rulesA = argv[2], rulesB = argv[3];
    unsigned shards = 1, threads = 2;
    for (int i = 4; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--shards")) shards = static_cast<unsigned>(std::atoi(argv[i + 1]));
        if (!std::strcmp(argv[i], "--threads")) threads = static_cast<unsigned>(std::atoi(argv[i + 1]));
    }
    std::string why;
    auto server = dt::pgtest::TestServer::start(&why);
    if (!server) {
        std::fprintf(stderr, "bench_pg_reevaluate: no server: %s\n", why.c_str());
        return 2;
    }
    if (store.size() < 7 || store.compare(store.size() - 7, 7, ".sqlite") != 0) {
        const std::string sqlite = "/tmp/bench_pg_reevaluate.sqlite";
        std::remove(sqlite.c_str());
        if (const std::string e = dt::pgtest::jsonlToSqlite(store, sqlite); !e.empty()) {
            std::fprintf(stderr, "bench_pg_reevaluate: %s\n", e.c_str());
            return 2;
        }
        store = sqlite;
    }
    const std::string db = "bench";
    auto t0 = std::chrono::steady_clock::now();
    std::string failed = server->createDatabase(db);
    if (failed.empty()) failed = dt::pgtest::loadSqlite(*server, db, "comparisons", store, dt::pgtest::Columns::Native);
    if (!failed.empty()) {
        std::fprintf(stderr, "bench_pg_reevaluate: loading the store failed: %s\n", failed.c_str());
        return 2;
    }
    std::printf("store loaded in %.1f s\n", secondsSince(t0));
    const std::string uri = server->uri(db) + "&table=comparisons";
    Run first, change, full;
    if (!indexAll(uri, server->uri(db) + "&schema=changed", rulesA, shards, threads, true, &first)) return 1;
    std::printf("index with A (full):            %7.2f s, %llu records read\n", first.seconds,
                static_cast<unsigned long long>(first.report.read));
    if (!indexAll(uri, server->uri(db) + "&schema=changed", rulesB, shards, threads, false, &change)) return 1;
    std::printf("rules A -> B (re-evaluation):   %7.2f s, %llu considered, %llu read back, %llu changed%s\n",
                change.seconds, static_cast<unsigned long long>(change.report.reevaluated),
                static_cast<unsigned long long>(change.report.reread),
                static_cast<unsigned long long>(change.report.changed),
                change.report.rulesChanged ? "" : " (not re-evaluated!)");
    if (!indexAll(uri, server->uri(db) + "&schema=fresh", rulesB, shards, threads, true, &full)) return 1;
    std::printf("index with B (full):            %7.2f s, %llu records read\n", full.seconds,
                static_cast<unsigned long long>(full.report.read));
    const std::string same = server->sql(
        db, "DO $$ BEGIN IF EXISTS (SELECT key, outcome, signature FROM changed.records EXCEPT SELECT key, outcome, "
            "signature FROM fresh.records) THEN RAISE EXCEPTION 'the records differ'; END IF; END $$");
    std::printf("same records as the full run: %s\n", same.empty() ? "yes" : same.c_str());
    return same.empty() ? 0 : 1;
}
