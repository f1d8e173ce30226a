// SPDX-License-Identifier: MIT
#include "core/store/sqlite_tail.h"

#include <sqlite3.h>

#include <memory>
#include <vector>

#include "core/store/sqlite_open.h"
#include "core/store/store.h"

namespace dt {

bool SqliteTail::poll(const std::function<void(const Record&, int64_t)>& onRecord,
                      const std::function<void(int64_t, const std::string&)>& onProblem, std::string* error,
                      bool* restarted) {
    if (restarted) *restarted = false;
    detail::SqliteOpenPlan plan = detail::planSqliteOpen(m_path);
    if (!plan.recover.empty()) {
        if (error) *error = m_path + ": " + plan.recover + ": open it without following once its writer is done";
        return false;
    }
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(plan.uri.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
    std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, &sqlite3_close);
    if (rc != SQLITE_OK) {
        if (error) *error = m_path + ": " + (raw ? sqlite3_errmsg(raw) : "cannot open");
        return false;
    }
    sqlite3_busy_timeout(db.get(), 2000);
    sqlite3_stmt* st = nullptr;
    auto fail = [&](const char* what) {
        if (error) *error = m_path + ": " + what + ": " + sqlite3_errmsg(db.get());
        if (st) sqlite3_finalize(st);
        return false;
    };
    if (sqlite3_prepare_v2(db.get(), "SELECT max(rowid) FROM comparisons", -1, &st, nullptr) != SQLITE_OK)
        return fail("no comparisons table");
    int64_t maxRowid = 0;
    if (sqlite3_step(st) == SQLITE_ROW) maxRowid = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = nullptr;
    if (maxRowid < m_last) {  // replaced or emptied
        m_last = 0;
        if (restarted) *restarted = true;
    }
    if (maxRowid == m_last) return true;
    std::vector<int64_t> rowids;
    if (sqlite3_prepare_v2(db.get(), "SELECT rowid FROM comparisons WHERE rowid > ?1 ORDER BY rowid", -1, &st,
                           nullptr) != SQLITE_OK)
        return fail("cannot list new rows");
    sqlite3_bind_int64(st, 1, m_last);
    for (int s; (s = sqlite3_step(st)) == SQLITE_ROW;) rowids.push_back(sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    st = nullptr;
    db.reset();
    if (rowids.empty()) return true;
    auto store = Store::open(m_path, error);
    if (!store) return false;
    for (int64_t rowid : rowids) {
        Locator loc;
        loc.offset = static_cast<uint64_t>(rowid);
        std::string why;
        if (auto rec = store->read(loc, &why))
            onRecord(*rec, rowid);
        else
            onProblem(rowid, why);
        m_last = rowid;
    }
    return true;
}

}  // namespace dt
