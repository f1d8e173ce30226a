// SPDX-License-Identifier: MIT
// SQLite reader: opening (schema, view or table), read-back by rowid. The scan is in sqlite_scan.cpp.
#include "core/store/sqlite_store.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <thread>

#include "core/store/record_parse.h"
#include "core/store/sqlite_open.h"
#include "core/store/sqlite_row.h"
#include "core/util/base64.h"
#include "core/util/worker_pool.h"

namespace dt {
using namespace sqlite_detail;

sqlite3* SqliteStore::connect(std::string* error) const {
    sqlite3* db = nullptr;
    const int rc =
        sqlite3_open_v2(m_uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        if (error) *error = m_path + ": " + reasonOf(rc, db);
        sqlite3_close(db);
        return nullptr;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    return db;
}

bool SqliteStore::rowidRange(sqlite3* db, int64_t& lo, int64_t& hi, std::string* error, bool* loKnown,
                             bool* hiKnown) const {
    if (loKnown) *loKnown = true;
    if (hiKnown) *hiKnown = true;
    Stmt st;
    int rc = sqlite3_prepare_v2(db, "SELECT min(rowid), max(rowid) FROM comparisons", -1, &st.s, nullptr);
    if (rc == SQLITE_OK) rc = sqlite3_step(st.s);
    if (rc != SQLITE_ROW && (rc & 0xff) == SQLITE_CORRUPT) {
        // A damaged b-tree (a seek through a broken interior page): each bound on its own, else the
        // whole range; the scan reports the damage and accounts for every row it can.
        bool isNull = false;
        int rc2 = SQLITE_OK;
        const bool haveLo = queryInt64(db, "SELECT min(rowid) FROM comparisons", lo, isNull, rc2) && !isNull;
        if (!haveLo) lo = INT64_MIN;
        const bool haveHi = queryInt64(db, "SELECT max(rowid) FROM comparisons", hi, isNull, rc2) && !isNull;
        if (!haveHi) hi = INT64_MAX;
        if (loKnown) *loKnown = haveLo;
        if (hiKnown) *hiKnown = haveHi;
        return true;
    }
    if (rc != SQLITE_ROW) {
        std::string why = reasonOf(rc, db);
        if (why.find("no such column") != std::string::npos)
            why = "table comparisons has no rowid (WITHOUT ROWID tables are not supported)";
        if (error) *error = m_path + ": " + why;
        return false;
    }
    if (sqlite3_column_type(st.s, 0) == SQLITE_NULL) {
        lo = 1;
        hi = 0;
    } else {
        lo = sqlite3_column_int64(st.s, 0);
        hi = sqlite3_column_int64(st.s, 1);
    }
    return true;
}

std::unique_ptr<SqliteStore> SqliteStore::open(const std::string& path, std::string* error) {
    std::unique_ptr<SqliteStore> s(new SqliteStore);
    s->m_path = path;
    const auto failWith = [&](const std::string& why) -> std::unique_ptr<SqliteStore> {
        if (error) *error = path + ": " + why;
        return nullptr;
    };

    int64_t version = 0;
    bool isNull = false;
    int rc = SQLITE_OK;
    sqlite3* db = nullptr;
    detail::SqliteOpenPlan plan = detail::planSqliteOpen(path);
    if (!plan.recover.empty() && !detail::recoverPrivateCopy(path, plan.recover, plan, error)) return nullptr;
    for (int attempt = 0; attempt < 2; ++attempt) {
        s->m_uri = plan.uri;
        s->m_immutable = plan.immutable;
        s->m_privateDir = plan.privateDir;
        s->m_notice = plan.notice;
        db = s->connect(error);
        if (!db) return nullptr;
        if (queryInt64(db, "PRAGMA user_version", version, isNull, rc)) break;
        const int primary = rc & 0xff;
        const std::string why = reasonOf(rc, db);
        sqlite3_close(db);
        db = nullptr;
        if (attempt > 0 || !plan.privateDir.empty()) return failWith(why);
        // Reading would need a write beside the store: a hot journal to roll back (its writer was
        // killed mid-transaction), or a WAL whose -shm is missing / cannot be used. Never read the
        // torn pages and never write next to the store: recover a private copy instead.
        std::string found;
        if (rc == SQLITE_READONLY_ROLLBACK)
            found = "the store has a hot rollback journal (" + path +
                    "-journal: its writer stopped in the middle of a transaction)";
        else if (primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN)
            found = "the store's write-ahead log (" + path + "-wal) cannot be read without writing beside the store";
        else
            return failWith(why);
        if (!detail::recoverPrivateCopy(path, found, plan, error)) return nullptr;
    }
    struct Closer {
        sqlite3* db;
        ~Closer() { sqlite3_close(db); }
    } closer{db};

    if (version > kSchemaVersion)
        return failWith("schema version " + std::to_string(version) + " is newer than this difftriage (reads " +
                        std::to_string(kSchemaVersion) + ")");
    if (version < 0) return failWith("unknown schema version " + std::to_string(version));

    std::vector<std::string> columns;
    {
        Stmt st;
        rc = sqlite3_prepare_v2(db, "PRAGMA table_info(\"comparisons\")", -1, &st.s, nullptr);
        if (rc == SQLITE_OK) {
            while ((rc = sqlite3_step(st.s)) == SQLITE_ROW)
                columns.push_back(lowercase(reinterpret_cast<const char*>(sqlite3_column_text(st.s, 1))));
        }
        if (rc != SQLITE_DONE) return failWith(reasonOf(rc, db));
    }
    if (columns.empty()) {
        std::string tables;
        Stmt st;
        if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type IN ('table','view') ORDER BY name", -1,
                               &st.s, nullptr) == SQLITE_OK) {
            while (sqlite3_step(st.s) == SQLITE_ROW) {
                if (!tables.empty()) tables += ", ";
                tables += reinterpret_cast<const char*>(sqlite3_column_text(st.s, 0));
            }
        }
        return failWith("not a diff store: no table \"comparisons\"" +
                        (tables.empty() ? std::string(" (the database has no tables)") : " (tables: " + tables + ")"));
    }

    std::string missingCols;
    for (const Col c : kRequired) {
        if (std::find(columns.begin(), columns.end(), kColumnNames[c]) == columns.end()) {
            if (!missingCols.empty()) missingCols += ", ";
            missingCols += kColumnNames[c];
        }
    }
    if (!missingCols.empty()) return failWith("table comparisons lacks required columns: " + missingCols);

    s->m_select = "SELECT rowid";
    int next = 1;
    for (int c = 0; c < ColCount; ++c) {
        if (std::find(columns.begin(), columns.end(), kColumnNames[c]) == columns.end()) {
            s->m_colIndex[c] = -1;
            continue;
        }
        s->m_select += ", \"";
        s->m_select += kColumnNames[c];
        s->m_select += '"';
        s->m_colIndex[c] = next++;
    }
    s->m_select += " FROM comparisons";

    // A view is legitimate (a producer may expose one over its own tables) but has no rowid: it is
    // read in one sequential pass and its rows are numbered.
    {
        Stmt st;
        if (sqlite3_prepare_v2(db, "SELECT type FROM sqlite_master WHERE name = 'comparisons' COLLATE NOCASE", -1,
                               &st.s, nullptr) == SQLITE_OK &&
            sqlite3_step(st.s) == SQLITE_ROW) {
            const unsigned char* type = sqlite3_column_text(st.s, 0);
            s->m_view = type && std::strcmp(reinterpret_cast<const char*>(type), "view") == 0;
        }
    }
    if (s->m_view) {
        s->m_select.replace(0, std::strlen("SELECT rowid"), "SELECT NULL");
        int64_t n = 0;
        if (!queryInt64(db, "SELECT count(*) FROM comparisons", n, isNull, rc))
            return failWith("view comparisons cannot be read: " + reasonOf(rc, db));
        s->m_minRowid = 1;
        s->m_maxRowid = n;
        s->m_rows = static_cast<uint64_t>(n);
        return s;
    }
    if (!s->rowidRange(db, s->m_minRowid, s->m_maxRowid, error)) return nullptr;
    s->m_rows = s->m_maxRowid >= s->m_minRowid
                    ? static_cast<uint64_t>(s->m_maxRowid) - static_cast<uint64_t>(s->m_minRowid) + 1
                    : 0u;
    return s;
}

struct SqliteStore::ReadConn {
    explicit ReadConn(const int* colIndex) : reader(colIndex) {}
    ~ReadConn() {
        sqlite3_finalize(read);
        sqlite3_finalize(raw);
        sqlite3_close(db);
    }
    sqlite3* db = nullptr;
    sqlite3_stmt* read = nullptr;  // m_select WHERE rowid = ?1
    sqlite3_stmt* raw = nullptr;   // SELECT rowid, * ... WHERE rowid = ?1
    RowReader reader;
};

SqliteStore::~SqliteStore() {
    m_pool.clear();  // close the connections before their files go
    detail::removePrivateCopy(m_privateDir);
}

std::unique_ptr<SqliteStore::ReadConn> SqliteStore::borrow(std::string* error) const {
    {
        std::lock_guard lock(m_poolMutex);
        if (!m_pool.empty()) {
            auto conn = std::move(m_pool.back());
            m_pool.pop_back();
            return conn;
        }
    }
    auto conn = std::make_unique<ReadConn>(m_colIndex);
    conn->db = connect(error);
    if (!conn->db) return nullptr;
    // A view has no rowid: its locators are row numbers (1-based) in its sequential order.
    const std::string sql = m_select + (m_view ? " LIMIT 1 OFFSET ?1 - 1" : " WHERE rowid = ?1");
    int rc = sqlite3_prepare_v2(conn->db, sql.c_str(), -1, &conn->read, nullptr);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(conn->db,
                                m_view ? "SELECT * FROM comparisons LIMIT 1 OFFSET ?1 - 1"
                                       : "SELECT rowid AS rowid, * FROM comparisons WHERE rowid = ?1",
                                -1, &conn->raw, nullptr);
    if (rc != SQLITE_OK) {
        if (error) *error = m_path + ": " + reasonOf(rc, conn->db);
        return nullptr;
    }
    return conn;
}

void SqliteStore::giveBack(std::unique_ptr<ReadConn> conn) const {
    std::lock_guard lock(m_poolMutex);
    if (m_pool.size() < std::max(4u, threadCount(0))) m_pool.push_back(std::move(conn));
}

std::optional<Record> SqliteStore::read(const Locator& loc, std::string* error) const {
    auto conn = borrow(error);
    if (!conn) return std::nullopt;
    sqlite3_bind_int64(conn->read, 1, static_cast<int64_t>(loc.offset));
    const int rc = sqlite3_step(conn->read);
    std::optional<Record> out;
    std::string why;
    if (rc == SQLITE_ROW) {
        Record rec;
        if (conn->reader.read(conn->read, rec, why)) out = std::move(rec);
    } else {
        why = rc == SQLITE_DONE ? std::string("no such row") : reasonOf(rc, conn->db);
    }
    sqlite3_reset(conn->read);
    giveBack(std::move(conn));
    if (!out && error) *error = m_path + ": row " + std::to_string(loc.offset) + ": " + why;
    return out;
}

std::optional<std::string> SqliteStore::readRaw(const Locator& loc, std::string* error) const {
    auto conn = borrow(error);
    if (!conn) return std::nullopt;
    sqlite3_bind_int64(conn->raw, 1, static_cast<int64_t>(loc.offset));
    const int rc = sqlite3_step(conn->raw);
    std::optional<std::string> out;
    if (rc == SQLITE_ROW) out = rowJson(conn->raw);
    const std::string why = rc == SQLITE_DONE ? std::string("no such row") : reasonOf(rc, conn->db);
    sqlite3_reset(conn->raw);
    giveBack(std::move(conn));
    if (!out && error) *error = m_path + ": row " + std::to_string(loc.offset) + ": " + why;
    return out;
}

}  // namespace dt
