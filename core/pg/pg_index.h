// SPDX-License-Identifier: MIT
#pragma once
// difftriage-cli index: analyzes a store (a PostgreSQL table, or a file) and writes the results to
// tables in a separate schema of a PostgreSQL database (docs/postgresql.md, "Result tables"):
//   records     one row per record: key, id, outcome, signature, endpoint, ts, weight, statuses, latencies
//   signatures  one row per signature: outcome, endpoint, differences (jsonb), status pair
//   groups      per-signature aggregates of mismatch/drift records: count, weighted, first/last ts, sample ids
//   outcomes    count and weight per outcome
//   index_state per shard: last key read, rules fingerprint, when
//   noise       per shard: its store-noise table (endpoint, noise key)
// Each record row also keeps its raw (pre-rules) outcome and signature and whether noise explained
// one of its differences, so that other rules can be applied without a full run.
// Shards (--shard K/N) split the store's key range (PgStore::setShard); rows are upserted by key, so
// re-running a shard is idempotent. A later run of the same shard reads only keys above the last one
// indexed. A changed rules fingerprint re-evaluates the shard's rows from their raw results first
// (pg_reevaluate.h: only records the rules may touch are read back from the store), as a full run
// under the new rules would classify them; --full, or a shard written before raw results were kept,
// reads and re-analyzes the whole shard.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/compare/rule_provider.h"

namespace dt::pg {

struct IndexOptions {
    unsigned shardK = 1, shardN = 1;
    unsigned threads = 0;
    std::shared_ptr<const RuleProvider> rules;
    std::string rulesFingerprint;  // e.g. sha256 of the rules file; "" = no rules
    bool full = false;             // re-read the whole shard even when an earlier run exists
    int64_t shardSpanKeys = 0;     // keys per shard span (0 = PgStore::kShardSpan); tests and tuning
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(uint64_t done, uint64_t total, uint64_t records)> progress;
};

struct IndexReport {
    uint64_t read = 0;         // records read from the store in this run
    uint64_t problems = 0;     // invalid rows among them
    uint64_t written = 0;      // rows written to <schema>.records
    uint64_t groups = 0;       // rows in <schema>.groups after the run
    bool incremental = false;  // only keys after the last indexed one were read
    // Other rules than the shard's last run: its rows were re-evaluated (pg_reevaluate.h) — rows with
    // differences before rules, records read back and compared again, rows updated.
    bool rulesChanged = false;
    uint64_t reevaluated = 0, reread = 0, changed = 0;
    int64_t lastKey = 0;  // largest key of the store when this shard was read (integer keys)
    std::string partial;  // non-empty: the scan stopped early (what was read was written)
};

// The schema name of an --into URI (?schema=, default "difftriage").
std::string indexSchemaOf(const std::string& intoUri);

bool indexStore(const std::string& storeUri, const std::string& intoUri, const IndexOptions& options,
                IndexReport* report, std::string* error);

// Creates the result tables in `schema` if they do not exist (idempotent; safe from several workers).
class PgConn;
bool ensureIndexSchema(PgConn& conn, const std::string& schema, std::string* error);
// Rebuilds <schema>.groups and <schema>.outcomes from <schema>.records (one transaction).
bool refreshAggregates(PgConn& conn, const std::string& schema, std::string* error);

}  // namespace dt::pg
