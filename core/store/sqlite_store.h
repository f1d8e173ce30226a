// SPDX-License-Identifier: MIT
#pragma once
// SQLite diff store reader (see store.h and ../shared/spec/diff-store.md, section 2).
//
// Schema contract (user_version 0 or 1; newer versions are refused):
//   required columns: id, ts, req_method, req_url, primary_status, primary_body,
//                     candidate_status, candidate_body
//   optional columns: endpoint, req_headers, req_body, {primary,candidate}_{headers,latency_ms,error,state},
//                     secondary_{status,headers,body,latency_ms,error,state}, tags, weight
//   extra columns are ignored. A side is present when any of its status/body/error is non-NULL.
//
// How the database is opened (read-only, immutable, or a private recovered copy when a killed
// writer left a hot journal) is decided in sqlite_open.h: nothing is ever created beside the store.
// `comparisons` may be a table or a view (read in one sequential pass; rows numbered 1, 2, ...).
// Every row the table counts is either read or reported with its rowid range (damaged pages).
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/store/store.h"

struct sqlite3;
struct sqlite3_stmt;

namespace dt {

class SqliteStore final : public Store {
public:
    static constexpr int kSchemaVersion = 1;
    static constexpr int64_t kDefaultChunkRows = 4096;

    static std::unique_ptr<SqliteStore> open(const std::string& path, std::string* error);
    ~SqliteStore() override;
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;

    StoreFormat format() const override { return StoreFormat::Sqlite; }
    const std::string& path() const override { return m_path; }
    uint64_t sizeHint() const override {
        return m_rows.load(std::memory_order_relaxed);
    }  // max(rowid) - min(rowid) + 1 at open / scan

    ScanSummary scan(ScanVisitor& visitor, const ScanControl& control) override;
    bool resumable() const override { return !m_immutable && !m_view && m_privateDir.empty(); }
    std::optional<Record> read(const Locator& loc, std::string* error = nullptr) const override;
    std::optional<std::string> readRaw(const Locator& loc, std::string* error = nullptr) const override;

    void setChunkRows(int64_t rows) { m_chunkRows = rows < 1 ? 1 : rows; }  // test / tuning hook
    bool immutable() const { return m_immutable; }                          // opened with immutable=1
    bool isView() const { return m_view; }                                  // comparisons is a VIEW
    // How the store had to be read ("" = normally), e.g. from a private recovered copy.
    const std::string& notice() const { return m_notice; }

    // Known columns, in SELECT order; index into ColumnMap.
    enum Col : int {
        Id,
        Ts,
        Endpoint,
        ReqMethod,
        ReqUrl,
        ReqHeaders,
        ReqBody,
        PStatus,
        PHeaders,
        PBody,
        PLatency,
        PError,
        PState,
        CStatus,
        CHeaders,
        CBody,
        CLatency,
        CError,
        CState,
        SStatus,
        SHeaders,
        SBody,
        SLatency,
        SError,
        SState,
        Tags,
        Weight,
        ColCount
    };

private:
    SqliteStore() = default;
    sqlite3* connect(std::string* error) const;
    // min/max rowid. On a damaged b-tree a bound that cannot be read is INT64_MIN / INT64_MAX and
    // *loKnown / *hiKnown say so (the scan then covers the whole range).
    bool rowidRange(sqlite3* db, int64_t& lo, int64_t& hi, std::string* error, bool* loKnown = nullptr,
                    bool* hiKnown = nullptr) const;
    class Scanner;
    ScanSummary scanView(ScanVisitor& visitor, const ScanControl& control);

    std::string m_path;
    std::string m_uri;
    bool m_immutable = false;
    bool m_view = false;       // comparisons is a VIEW: no rowid, locators are row numbers
    std::string m_privateDir;  // recovered private copy (removed by the destructor)
    std::string m_notice;
    std::string m_select;      // "SELECT rowid, <present known columns> FROM comparisons"
    int m_colIndex[ColCount];  // result column of each known column, -1 when absent
    int64_t m_minRowid = 0, m_maxRowid = 0;
    std::atomic<uint64_t> m_rows{0};
    int64_t m_chunkRows = kDefaultChunkRows;

    // read()/readRaw() borrow a connection from this pool (one per concurrent caller, kept for reuse),
    // so concurrent read-backs run in parallel. Each connection is used by one thread at a time.
    struct ReadConn;
    std::unique_ptr<ReadConn> borrow(std::string* error) const;
    void giveBack(std::unique_ptr<ReadConn> conn) const;
    mutable std::mutex m_poolMutex;
    mutable std::vector<std::unique_ptr<ReadConn>> m_pool;
};

}  // namespace dt
