// SPDX-License-Identifier: MIT
#pragma once
// A diff store in a PostgreSQL table (postgresql://user@host/db?table=comparisons; see
// docs/postgresql.md). Read-only by construction: every session runs with
// default_transaction_read_only=on and every scan is a READ ONLY transaction; nothing writes.
//
// Key: the scan is cut into key ranges, read in parallel over several connections with
// server-side cursors (DECLARE ... CURSOR, FETCH n), all sharing one exported snapshot. The key is
// the integer column named by ?key=, else a column "seq" of an integer type, else the physical row
// address (ctid, ranges of pages; PostgreSQL >= 14 scans them as TID ranges). A Locator holds the
// key (ctid: page << 16 | line pointer), so read() fetches one row by key.
//
// Shards: setShard(K, N) keeps the key ranges whose span number (key / kShardSpan keys, or
// page / kShardPages pages) is K-1 modulo N: stable while the table grows, so N workers split one
// store and re-running a shard reads the same rows. setAfterKey(k) reads only keys > k (refresh).
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/analysis/analysis.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_row.h"
#include "core/store/store.h"

namespace dt::pg {

class PgStore final : public Store {
public:
    static constexpr int64_t kChunkKeys = 4096;   // keys per cursor (integer key)
    static constexpr int64_t kChunkPages = 64;    // pages per cursor (ctid)
    static constexpr int64_t kShardSpan = 65536;  // keys per shard span (multiple of kChunkKeys)
    static constexpr int64_t kShardPages = 1024;  // pages per shard span (multiple of kChunkPages)
    static constexpr int kFetchRows = 256;        // rows per FETCH: bounds memory per worker

    static std::unique_ptr<PgStore> open(const std::string& uri, std::string* error);
    ~PgStore() override;

    StoreFormat format() const override { return StoreFormat::Postgres; }
    const std::string& path() const override { return m_path; }
    uint64_t sizeHint() const override { return m_size.load(std::memory_order_relaxed); }
    ScanSummary scan(ScanVisitor& visitor, const ScanControl& control) override;
    std::optional<Record> read(const Locator& loc, std::string* error = nullptr) const override;
    std::optional<std::string> readRaw(const Locator& loc, std::string* error = nullptr) const override;

    const PgUri& uri() const { return m_uri; }
    bool integerKey() const { return !m_keyColumn.empty(); }
    const std::string& keyColumn() const { return m_keyColumn; }  // "" = ctid
    const std::string& table() const { return m_table; }          // quoted, qualified

    void setShard(unsigned k, unsigned n) {
        m_shardK = k;
        m_shardN = n;
    }  // 1 <= k <= n
    void setAfterKey(int64_t key) {
        m_after = key;
        m_hasAfter = true;
    }                                                                       // integer keys only
    void setChunkKeys(int64_t keys) { m_chunkKeys = keys < 1 ? 1 : keys; }  // tests and tuning
    void setShardSpan(int64_t keys) { m_shardSpan = keys < 1 ? 1 : keys; }  // tests; keys per shard span
    // The pre-templates (Analysis's endpointPreTemplate) of every row of the table with their counts,
    // read without bodies, so that every shard learns endpoint templates from the whole table.
    std::shared_ptr<const EndpointCorpus> endpointCorpus(std::string* error) const;
    // After scan(): the largest key that existed in the scan's snapshot (integer keys), for refresh.
    int64_t scannedMaxKey() const { return m_scannedMax; }
    // The key of a locator as SQL text (a number, or '(page,lp)'::tid).
    std::string keyLiteral(const Locator& loc) const;

private:
    PgStore() = default;
    class Scanner;
    struct ReadConn;
    std::unique_ptr<ReadConn> borrow(std::string* error) const;
    void giveBack(std::unique_ptr<ReadConn> conn) const;

    std::string m_path;
    PgUri m_uri;
    std::string m_table;      // quoted, qualified
    std::string m_keyColumn;  // quoted integer key column, or "" for ctid
    RowLayout m_layout;
    std::atomic<uint64_t> m_size{0};
    int64_t m_chunkKeys = kChunkKeys;
    int64_t m_shardSpan = kShardSpan;
    unsigned m_shardK = 1, m_shardN = 1;
    int64_t m_after = 0;
    bool m_hasAfter = false;
    int64_t m_scannedMax = 0;

    mutable std::mutex m_poolMutex;
    mutable std::vector<std::unique_ptr<ReadConn>> m_pool;
};

// Lets Store::open() accept postgresql:// URIs. Call once at start-up (CLI, GUI, tests).
void registerPostgresStores();

}  // namespace dt::pg
