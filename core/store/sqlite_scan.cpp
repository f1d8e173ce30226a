// SPDX-License-Identifier: MIT
// SQLite scan: parallel by rowid ranges (one connection per worker), then a reconciliation so that
// every row the table counts is either read or reported with its rowid range; views in one pass.
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/store/scan_run.h"
#include "core/store/sqlite_row.h"
#include "core/store/sqlite_store.h"

namespace dt {
using namespace sqlite_detail;

namespace {

using Run = std::pair<int64_t, int64_t>;  // rowids [first, last] that were read

// Appends rowid to the runs of one chunk (rows normally come in order: one run per chunk).
void addToRuns(std::vector<Run>& runs, int64_t rowid) {
    if (!runs.empty() && runs.back().second != INT64_MAX && runs.back().second + 1 == rowid) {
        runs.back().second = rowid;
        return;
    }
    runs.emplace_back(rowid, rowid);
}

// Sorted, merged runs.
void normalizeRuns(std::vector<Run>& runs) {
    std::sort(runs.begin(), runs.end());
    std::vector<Run> out;
    for (const Run& r : runs) {
        if (!out.empty() &&
            (r.first <= out.back().second || (out.back().second != INT64_MAX && r.first == out.back().second + 1))) {
            out.back().second = std::max(out.back().second, r.second);
        } else {
            out.push_back(r);
        }
    }
    runs = std::move(out);
}

bool inRuns(const std::vector<Run>& runs, int64_t rowid) {
    auto it = std::upper_bound(runs.begin(), runs.end(), Run{rowid, INT64_MAX});
    return it != runs.begin() && std::prev(it)->second >= rowid;
}

uint64_t spanOf(int64_t first, int64_t last) {  // number of rowids in [first, last]; 0 = all 2^64
    return static_cast<uint64_t>(last) - static_cast<uint64_t>(first) + 1;
}

std::string rangeText(int64_t first, int64_t last) {
    return first == last ? "row " + std::to_string(first)
                         : "rows " + std::to_string(first) + ".." + std::to_string(last);
}

ScanSummary failed(std::string fatal) {
    ScanSummary s;
    s.fatal = std::move(fatal);
    return s;
}

// How a rowid range [lo, hi] is cut into chunks.
struct RowidPlan {
    uint64_t total = 0;  // rowids in the range (UINT64_MAX for all 2^64)
    uint64_t rowsPerChunk = 1;
    uint64_t chunks = 0;
};

RowidPlan planRowids(int64_t lo, int64_t hi, int64_t chunkRows) {
    RowidPlan plan;
    // Unsigned: rowids may span the whole int64 range (sparse or damaged tables).
    plan.total = hi >= lo ? spanOf(lo, hi) : 0;
    if (hi >= lo && plan.total == 0) plan.total = UINT64_MAX;
    // At most ~4096 range queries, however sparse the rowids are.
    plan.rowsPerChunk = std::max<uint64_t>(static_cast<uint64_t>(chunkRows), plan.total / 4096 + 1);
    plan.chunks = plan.total / plan.rowsPerChunk + (plan.total % plan.rowsPerChunk ? 1 : 0);
    return plan;
}

// The current row of `st` becomes a record (true) or a problem of its row; `rowid` is its locator.
bool deliverRow(ScanRun& run, unsigned worker, uint32_t chunk, sqlite3_stmt* st, RowReader& reader, Record& rec,
                int64_t rowid) {
    std::string reason;
    if (reader.read(st, rec, reason)) {
        run.record(worker, chunk, rec, Locator{static_cast<uint64_t>(rowid), 0, 0});
        return true;
    }
    LoadProblem p;
    p.rowid = rowid;
    p.id = rec.id;
    p.reason = std::move(reason);
    p.raw = rowJson(st);
    if (p.raw.size() > kRawMax) p.raw.resize(kRawMax);
    run.problem(worker, chunk, std::move(p));
    return false;
}

}  // namespace

class SqliteStore::Scanner {
public:
    Scanner(const SqliteStore& store, ScanVisitor& visitor, const ScanControl& control, int64_t lo, int64_t hi,
            bool loKnown, bool hiKnown)
            : m_store(store), m_lo(lo), m_hi(hi), m_loKnown(loKnown), m_hiKnown(hiKnown),
              m_plan(planRowids(lo, hi, store.m_chunkRows)), m_chunks(m_plan.chunks),
              m_run(visitor, control, m_plan.chunks, m_plan.total) {}

    ScanSummary run() {
        m_run.run([this](unsigned i) { work(i); });
        if (!m_run.stopped()) reconcile();
        // an extra chunk holds what the reconciliation found
        return m_run.summary(m_chunks + (m_extraUsed ? 1 : 0), m_plan.total);
    }

private:
    struct Damage {
        int64_t first, last;  // rowids that could not be read through a range query
        std::string reason;
    };

    static bool isDamage(int rc) {
        const int primary = rc & 0xff;
        return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB || primary == SQLITE_FORMAT ||
               primary == SQLITE_RANGE || primary == SQLITE_IOERR;
    }

    // The smallest rowid r in (bad, last] from which "rowid >= r" can be read again: probe with
    // doubling steps, then bisect back. False when nothing after the damage is readable.
    static bool skipDamage(sqlite3_stmt* st, int64_t bad, int64_t last, int64_t& resume) {
        auto readable = [&](int64_t r) {
            sqlite3_bind_int64(st, 1, r);
            sqlite3_bind_int64(st, 2, last);
            const int rc = sqlite3_step(st);
            sqlite3_reset(st);
            return rc == SQLITE_ROW || rc == SQLITE_DONE;
        };
        if (bad == last) return false;
        int64_t good = last;
        bool found = false;
        uint64_t step = 1;
        while (static_cast<uint64_t>(last) - static_cast<uint64_t>(bad) >= step) {  // no signed overflow
            const int64_t probe = static_cast<int64_t>(static_cast<uint64_t>(bad) + step);
            if (readable(probe)) {
                good = probe;
                found = true;
                break;
            }
            bad = probe;
            if (probe == last) return false;
            step *= 2;
        }
        if (!found) {
            if (!readable(last)) return false;
            good = last;
        }
        while (static_cast<uint64_t>(good) - static_cast<uint64_t>(bad) > 1) {
            const int64_t mid = static_cast<int64_t>(static_cast<uint64_t>(bad) +
                                                     (static_cast<uint64_t>(good) - static_cast<uint64_t>(bad)) / 2);
            if (readable(mid))
                good = mid;
            else
                bad = mid;
        }
        resume = good;
        return true;
    }

    // True for a record.
    bool deliver(unsigned index, uint32_t chunk, sqlite3_stmt* st, RowReader& reader, Record& rec, int64_t rowid) {
        if (chunk == m_chunks) m_extraUsed = true;
        return deliverRow(m_run, index, chunk, st, reader, rec, rowid);
    }

    void work(unsigned index) {
        std::string error;
        sqlite3* db = m_store.connect(&error);
        if (!db) {
            m_run.setFatal(error);
            return;
        }
        Stmt st;
        // Inclusive bounds: the row with rowid -2^63 is read too.
        const std::string sql = m_store.m_select + " WHERE rowid >= ?1 AND rowid <= ?2 ORDER BY rowid";
        int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &st.s, nullptr);
        if (rc != SQLITE_OK) {
            m_run.setFatal(m_store.m_path + ": " + reasonOf(rc, db));
            sqlite3_close(db);
            return;
        }
        RowReader reader(m_store.m_colIndex);
        Record rec;
        std::vector<Run> runs;
        std::vector<Damage> damage;
        uint64_t chunk = 0;
        while (m_run.claim(chunk)) {
            const uint64_t perChunk = m_plan.rowsPerChunk;
            const int64_t first = static_cast<int64_t>(static_cast<uint64_t>(m_lo) + chunk * perChunk);
            const int64_t last = static_cast<uint64_t>(m_hi) - static_cast<uint64_t>(first) < perChunk
                                     ? m_hi
                                     : static_cast<int64_t>(static_cast<uint64_t>(first) + perChunk - 1);
            uint64_t rows = 0, pending = 0, pendingRecords = 0;
            bool stopped = false, end = false;
            int64_t from = first, next = first;  // next: the first rowid not read yet
            for (;;) {
                sqlite3_bind_int64(st.s, 1, from);
                sqlite3_bind_int64(st.s, 2, last);
                while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
                    if (m_run.cancelled()) {
                        stopped = true;
                        break;
                    }
                    ++rows;
                    ++pending;
                    const int64_t rowid = sqlite3_column_int64(st.s, 0);
                    // a damaged b-tree can return rows out of order
                    if (!end && rowid >= next) {
                        if (rowid == last)
                            end = true;
                        else
                            next = rowid + 1;
                    }
                    addToRuns(runs, rowid);
                    if (deliver(index, static_cast<uint32_t>(chunk), st.s, reader, rec, rowid)) ++pendingRecords;
                    if (pending >= 256) {
                        m_run.addProgress(pending, pendingRecords);
                        pending = pendingRecords = 0;
                    }
                }
                sqlite3_reset(st.s);
                if (stopped || rc == SQLITE_DONE) break;
                if (!isDamage(rc)) break;
                // A damaged page: remember the range; the reconciliation reads or reports its rows.
                const std::string why = reasonOf(rc, db);
                int64_t resume = last;
                const bool more = !end && skipDamage(st.s, next, last, resume) && resume > next;
                damage.push_back({next, more ? resume - 1 : last, why});
                if (!more || end) {
                    rc = SQLITE_DONE;
                    break;
                }
                from = next = resume;
            }
            m_seen.fetch_add(rows, std::memory_order_relaxed);
            if (stopped) break;
            if (rc != SQLITE_DONE) {
                m_run.setFatal(m_store.m_path + ": " + reasonOf(rc, db) + " (reading " + rangeText(first, last) + ")");
                break;
            }
            // Count the whole rowid range as done, gaps included, so progress ends at total.
            const uint64_t span = spanOf(first, last);
            m_run.addProgress(pending + (span > rows ? span - rows : 0), pendingRecords);
            m_run.chunkDone(static_cast<uint32_t>(chunk), 0);
        }
        {
            std::lock_guard lock(m_mutex);
            m_runs.insert(m_runs.end(), runs.begin(), runs.end());
            m_damage.insert(m_damage.end(), damage.begin(), damage.end());
        }
        sqlite3_finalize(st.s);
        st.s = nullptr;
        sqlite3_close(db);
    }

    // Every row the table counts is read or reported: when the range scan saw fewer rows than the
    // rowid range holds (or met damage), count the table, read what the range queries missed in one
    // sequential pass (a damaged interior page can hide rows from rowid seeks only), and report the
    // rest as ranges whose sizes add up to the count.
    void reconcile() {
        const uint32_t chunk = static_cast<uint32_t>(m_chunks);
        // How the store had to be read: listed with the problems, but not a record of its own.
        if (!m_store.m_notice.empty()) problem(chunk, 0, m_store.m_notice, 0);
        const uint64_t seen = m_seen.load();
        const bool dense = m_plan.total != UINT64_MAX && seen == m_plan.total;
        if (m_damage.empty() && dense) {
            finishExtra();
            return;
        }
        std::string error;
        sqlite3* db = m_store.connect(&error);
        if (!db) {
            m_run.setFatal(error);
            return;
        }
        int64_t all = 0, outside = 0;
        bool isNull = false, counted = false;
        int rc = SQLITE_OK;
        std::string countError;
        if (queryInt64(db, "BEGIN", all, isNull, rc)) {
            const std::string outsideSql = "SELECT count(*) FROM comparisons WHERE rowid < " + std::to_string(m_lo) +
                                           " OR rowid > " + std::to_string(m_hi);
            counted = queryInt64(db, "SELECT count(*) FROM comparisons", all, isNull, rc) &&
                      queryInt64(db, outsideSql.c_str(), outside, isNull, rc);
            if (!counted) countError = reasonOf(rc, db);
        }
        const uint64_t expected = counted && all > outside ? static_cast<uint64_t>(all - outside) : 0;
        normalizeRuns(m_runs);
        uint64_t have = seen;
        if (m_damage.empty() && counted && have >= expected) {
            (void)queryInt64(db, "COMMIT", all, isNull, rc);
            sqlite3_close(db);
            finishExtra();
            return;
        }
        // Sequential pass over the whole table (no rowid seeks), reading only rows not seen yet.
        std::string passError;
        {
            Stmt st;
            rc = sqlite3_prepare_v2(db, m_store.m_select.c_str(), -1, &st.s, nullptr);
            RowReader reader(m_store.m_colIndex);
            Record rec;
            std::vector<Run> found;
            while (rc == SQLITE_OK || rc == SQLITE_ROW) {
                rc = sqlite3_step(st.s);
                if (rc != SQLITE_ROW) break;
                if (m_run.cancelled()) break;
                const int64_t rowid = sqlite3_column_int64(st.s, 0);
                if (rowid < m_lo || rowid > m_hi || inRuns(m_runs, rowid)) continue;
                addToRuns(found, rowid);
                ++have;
                deliver(0, chunk, st.s, reader, rec, rowid);
            }
            if (rc != SQLITE_DONE && !m_run.stopped()) passError = reasonOf(rc, db);
            sqlite3_finalize(st.s);
            st.s = nullptr;
            m_runs.insert(m_runs.end(), found.begin(), found.end());
            normalizeRuns(m_runs);
        }
        (void)queryInt64(db, "COMMIT", all, isNull, rc);
        sqlite3_close(db);
        if (m_run.stopped()) return;
        reportMissing(chunk, counted, expected, have, countError, passError);
        finishExtra();
    }

    // The reconciliation's chunk (number m_chunks) exists only when it delivered something.
    void finishExtra() {
        if (m_extraUsed) m_run.chunkDone(static_cast<uint32_t>(m_chunks), 0);
    }

    void reportMissing(uint32_t chunk, bool counted, uint64_t expected, uint64_t have, const std::string& countError,
                       const std::string& passError) {
        // Gaps in [lo, hi] not read; the ones overlapping damage first.
        struct Gap {
            int64_t first, last;
            std::string reason;
        };
        std::vector<Gap> gaps, others;
        // A bound that could not be read (damage) is the first / last row read, not the int64 limit.
        int64_t lo = m_loKnown || m_runs.empty() ? m_lo : m_runs.front().first;
        // The first rows cannot be reached at all (a damaged leftmost branch): rowids start at 1 unless
        // the producer chose otherwise, so the rows below the first one read are reported from 1.
        bool assumedLo = false;
        if (!m_loKnown && lo > 1)
            for (const Damage& d : m_damage)
                if (d.first < lo) {
                    lo = 1;
                    assumedLo = true;
                    break;
                }
        const int64_t hi = m_hiKnown || m_runs.empty() ? m_hi : m_runs.back().second;
        int64_t cursor = lo;
        bool open = true;  // cursor is valid (not past INT64_MAX)
        auto addGap = [&](int64_t a, int64_t b) {
            std::string why;
            for (const Damage& d : m_damage)
                if (d.first <= b && d.last >= a) {
                    why = d.reason;
                    break;
                }
            if (assumedLo && a == lo && !why.empty())
                why += " (the table's first rows cannot be reached; counted from rowid 1)";
            if (!why.empty())
                gaps.push_back({a, b, why});
            else
                others.push_back({a, b, {}});
        };
        for (const Run& r : m_runs) {
            if (open && r.first > cursor) addGap(cursor, r.first - 1);
            if (r.second == INT64_MAX)
                open = false;
            else
                cursor = std::max(cursor, r.second + 1);
        }
        if (open && cursor <= hi) addGap(cursor, hi);
        if (!counted) {
            // Without a count, the rowid range is the measure: every rowid in it that was not read is
            // reported (a deleted row cannot be told apart from a lost one then).
            for (auto* list : {&gaps, &others})
                for (const Gap& g : *list)
                    problem(chunk, g.first,
                            "could not be read: " + (g.reason.empty()
                                                         ? std::string("missing from the damaged table (or deleted)")
                                                         : g.reason),
                            spanOf(g.first, g.last), g.last);
            std::string note = "the table could not be counted (" + countError + "); rows missing from rowids " +
                               std::to_string(lo) + ".." + std::to_string(hi) + " are listed";
            if (!m_loKnown || !m_hiKnown) note += ", rows outside that range could not be checked";
            problem(chunk, 0, std::move(note), 0);
            return;
        }
        if (have >= expected) return;
        uint64_t missing = expected - have;
        const std::string fallback = !passError.empty() ? passError : std::string("database disk image is malformed");
        for (auto* list : {&gaps, &others}) {
            for (const Gap& g : *list) {
                if (missing == 0) break;
                const uint64_t n =
                    std::min<uint64_t>(missing, spanOf(g.first, g.last) ? spanOf(g.first, g.last) : missing);
                missing -= n;
                const std::string count = " (" + std::to_string(n) + (n == 1 ? " row" : " rows") + " of " +
                                          std::to_string(expected) + " counted)";
                problem(chunk, g.first, "could not be read" + count + ": " + (g.reason.empty() ? fallback : g.reason),
                        n, g.last);
            }
        }
        if (missing > 0)
            problem(chunk, 0, std::to_string(missing) + " more rows the table counts could not be read: " + fallback,
                    missing);
    }

    void problem(uint32_t chunk, int64_t first, std::string reason, uint64_t rows, int64_t last = 0) {
        m_extraUsed = true;
        LoadProblem p;
        p.rowid = first;
        p.rows = rows;
        if (first != 0 || last != 0) reason = rangeText(first, last >= first ? last : first) + " " + reason;
        p.reason = std::move(reason);
        m_run.problem(0, chunk, std::move(p));
    }

    const SqliteStore& m_store;
    const int64_t m_lo, m_hi;
    const bool m_loKnown, m_hiKnown;  // false: the bound could not be read (damage), it is the int64 limit
    const RowidPlan m_plan;
    const uint64_t m_chunks;
    ScanRun m_run;
    std::atomic<uint64_t> m_seen{0};
    std::mutex m_mutex;  // guards m_runs and m_damage while the workers merge theirs
    std::vector<Run> m_runs;
    std::vector<Damage> m_damage;
    bool m_extraUsed = false;  // written by the reconciliation only (after the workers)
};

// A view: one sequential pass; rows are numbered 1, 2, ... (their locators).
ScanSummary SqliteStore::scanView(ScanVisitor& visitor, const ScanControl& control) {
    std::string error;
    sqlite3* db = connect(&error);
    if (!db) return failed(error);
    const uint64_t total = m_rows.load();
    ScanRun run(visitor, control, 1, total);  // one thread, one pass: chunks are numbered as rows go by
    Stmt st;
    int rc = sqlite3_prepare_v2(db, m_select.c_str(), -1, &st.s, nullptr);
    RowReader reader(m_colIndex);
    Record rec;
    uint64_t row = 0;
    const uint64_t rowsPerChunk = static_cast<uint64_t>(m_chunkRows);
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        rc = sqlite3_step(st.s);
        if (rc != SQLITE_ROW || run.cancelled()) break;
        const uint32_t chunk = static_cast<uint32_t>(row / rowsPerChunk);
        ++row;
        deliverRow(run, 0, chunk, st.s, reader, rec, static_cast<int64_t>(row));
        if (row % rowsPerChunk == 0) run.chunkDone(chunk, 0);
        run.progressThrottled(row, std::max(total, row), run.records());
    }
    if (!run.stopped() && rc != SQLITE_DONE)
        run.setFatal(m_path + ": view comparisons: " + reasonOf(rc, db) + " (after row " + std::to_string(row) + ")");
    if (row % rowsPerChunk != 0 || row == 0) run.chunkDone(static_cast<uint32_t>(row / rowsPerChunk), 0);
    sqlite3_finalize(st.s);
    st.s = nullptr;
    sqlite3_close(db);
    return run.summary(row / rowsPerChunk + 1, row);
}

ScanSummary SqliteStore::scan(ScanVisitor& visitor, const ScanControl& control) {
    if (m_view) return scanView(visitor, control);
    std::string error;
    sqlite3* db = connect(&error);
    if (!db) return failed(error);
    int64_t lo = 0, hi = 0;
    bool loKnown = true, hiKnown = true;
    const bool ok = rowidRange(db, lo, hi, &error, &loKnown, &hiKnown);
    sqlite3_close(db);
    if (!ok) return failed(error);
    m_rows = hi >= lo ? spanOf(lo, hi) : 0;  // rows written since open count too
    const int64_t last = hi >= lo ? hi : 0;
    if (control.from > 0 && loKnown) lo = std::max(lo, static_cast<int64_t>(control.from) + 1);  // resuming
    Scanner scanner(*this, visitor, control, lo, hi, loKnown, hiKnown);
    ScanSummary summary = scanner.run();
    summary.end = last > 0 ? static_cast<uint64_t>(last) : 0;
    return summary;
}

}  // namespace dt
