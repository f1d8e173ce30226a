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

#include "core/store/sqlite_row.h"
#include "core/store/sqlite_store.h"
#include "core/util/worker_pool.h"

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

}  // namespace

class SqliteStore::Scanner {
public:
    Scanner(const SqliteStore& store, ScanVisitor& visitor, const ScanControl& control, int64_t lo, int64_t hi,
            bool loKnown, bool hiKnown)
            : m_store(store), m_visitor(visitor), m_control(control), m_lo(lo), m_hi(hi), m_loKnown(loKnown),
              m_hiKnown(hiKnown) {
        // Unsigned: rowids may span the whole int64 range (sparse or damaged tables).
        m_total = hi >= lo ? spanOf(lo, hi) : 0;
        if (hi >= lo && m_total == 0) m_total = UINT64_MAX;
        // At most ~4096 range queries, however sparse the rowids are.
        m_rowsPerChunk = std::max<uint64_t>(store.m_chunkRows, m_total / 4096 + 1);
        m_chunks = m_total / m_rowsPerChunk + (m_total % m_rowsPerChunk ? 1 : 0);
    }

    ScanSummary run() {
        runWorkers(workerCount(m_control.threads, m_chunks), [this](unsigned i) { work(i); });
        if (!m_stop.load() && m_fatal.empty()) reconcile();
        ScanSummary s;
        s.records = m_records.load();
        s.problems = m_problems.load();
        s.chunks = m_chunks + (m_extraUsed ? 1 : 0);  // an extra chunk holds what the reconciliation found
        s.cancelled = m_cancelled.load();
        s.fatal = m_fatal;
        if (!s.cancelled && s.fatal.empty() && m_control.progress) m_control.progress(m_total, m_total, s.records);
        return s;
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

    void setFatal(std::string msg) {
        std::lock_guard lock(m_mutex);
        if (m_fatal.empty()) m_fatal = std::move(msg);
        m_stop = true;
    }

    void progress(uint64_t rows, uint64_t records) {
        m_done.fetch_add(rows, std::memory_order_relaxed);
        m_recordsDone.fetch_add(records, std::memory_order_relaxed);
        if (!m_control.progress) return;
        const int64_t now = nowNs();
        int64_t last = m_lastProgress.load(std::memory_order_relaxed);
        if (now - last < kProgressNs || !m_lastProgress.compare_exchange_strong(last, now)) return;
        m_control.progress(m_done.load(), m_total, m_recordsDone.load());
    }

    bool cancelled() {
        if (m_control.cancel && m_control.cancel->load(std::memory_order_relaxed)) {
            m_cancelled = true;
            m_stop = true;
        }
        return m_stop.load(std::memory_order_relaxed);
    }

    // The current row of `st` becomes a record or a problem of its row.
    // True for a record.
    bool deliver(unsigned index, uint32_t chunk, sqlite3_stmt* st, RowReader& reader, Record& rec, int64_t rowid) {
        if (chunk == m_chunks) m_extraUsed = true;
        std::string reason;
        if (reader.read(st, rec, reason)) {
            m_records.fetch_add(1, std::memory_order_relaxed);
            m_visitor.record(index, chunk, rec, Locator{static_cast<uint64_t>(rowid), 0, 0});
            return true;
        }
        LoadProblem p;
        p.rowid = rowid;
        p.id = rec.id;
        p.reason = std::move(reason);
        p.raw = rowJson(st);
        if (p.raw.size() > kRawMax) p.raw.resize(kRawMax);
        m_problems.fetch_add(1, std::memory_order_relaxed);
        m_visitor.problem(index, chunk, std::move(p));
        return false;
    }

    void work(unsigned index) {
        std::string error;
        sqlite3* db = m_store.connect(&error);
        if (!db) {
            setFatal(error);
            return;
        }
        Stmt st;
        // Inclusive bounds: the row with rowid -2^63 is read too.
        const std::string sql = m_store.m_select + " WHERE rowid >= ?1 AND rowid <= ?2 ORDER BY rowid";
        int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &st.s, nullptr);
        if (rc != SQLITE_OK) {
            setFatal(m_store.m_path + ": " + reasonOf(rc, db));
            sqlite3_close(db);
            return;
        }
        RowReader reader(m_store.m_colIndex);
        Record rec;
        std::vector<Run> runs;
        std::vector<Damage> damage;
        while (!m_stop.load(std::memory_order_relaxed)) {
            const uint64_t chunk = m_next.fetch_add(1);
            if (chunk >= m_chunks) break;
            const int64_t first = static_cast<int64_t>(static_cast<uint64_t>(m_lo) + chunk * m_rowsPerChunk);
            const int64_t last = static_cast<uint64_t>(m_hi) - static_cast<uint64_t>(first) < m_rowsPerChunk
                                     ? m_hi
                                     : static_cast<int64_t>(static_cast<uint64_t>(first) + m_rowsPerChunk - 1);
            uint64_t rows = 0, pending = 0, pendingRecords = 0;
            bool stopped = false, end = false;
            int64_t from = first, next = first;  // next: the first rowid not read yet
            for (;;) {
                sqlite3_bind_int64(st.s, 1, from);
                sqlite3_bind_int64(st.s, 2, last);
                while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
                    if (cancelled()) {
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
                        progress(pending, pendingRecords);
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
                setFatal(m_store.m_path + ": " + reasonOf(rc, db) + " (reading " + rangeText(first, last) + ")");
                break;
            }
            // Count the whole rowid range as done, gaps included, so progress ends at total.
            const uint64_t span = spanOf(first, last);
            progress(pending + (span > rows ? span - rows : 0), pendingRecords);
            m_visitor.chunkDone(static_cast<uint32_t>(chunk), 0);
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
        const bool dense = m_total != UINT64_MAX && seen == m_total;
        if (m_damage.empty() && dense) {
            finishExtra();
            return;
        }
        std::string error;
        sqlite3* db = m_store.connect(&error);
        if (!db) {
            setFatal(error);
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
                if (cancelled()) break;
                const int64_t rowid = sqlite3_column_int64(st.s, 0);
                if (rowid < m_lo || rowid > m_hi || inRuns(m_runs, rowid)) continue;
                addToRuns(found, rowid);
                ++have;
                deliver(0, chunk, st.s, reader, rec, rowid);
            }
            if (rc != SQLITE_DONE && !m_stop.load()) passError = reasonOf(rc, db);
            sqlite3_finalize(st.s);
            st.s = nullptr;
            m_runs.insert(m_runs.end(), found.begin(), found.end());
            normalizeRuns(m_runs);
        }
        (void)queryInt64(db, "COMMIT", all, isNull, rc);
        sqlite3_close(db);
        if (m_stop.load()) return;
        reportMissing(chunk, counted, expected, have, countError, passError);
        finishExtra();
    }

    // The reconciliation's chunk (number m_chunks) exists only when it delivered something.
    void finishExtra() {
        if (m_extraUsed) m_visitor.chunkDone(static_cast<uint32_t>(m_chunks), 0);
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
        m_problems.fetch_add(1, std::memory_order_relaxed);
        m_visitor.problem(0, chunk, std::move(p));
    }

    const SqliteStore& m_store;
    ScanVisitor& m_visitor;
    const ScanControl& m_control;
    const int64_t m_lo, m_hi;
    const bool m_loKnown, m_hiKnown;  // false: the bound could not be read (damage), it is the int64 limit
    uint64_t m_total = 0;
    uint64_t m_chunks = 0;
    uint64_t m_rowsPerChunk = 1;
    std::atomic<uint64_t> m_next{0};
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_cancelled{false};
    std::atomic<uint64_t> m_records{0}, m_problems{0}, m_done{0}, m_recordsDone{0}, m_seen{0};
    std::atomic<int64_t> m_lastProgress{0};
    std::mutex m_mutex;
    std::string m_fatal;
    std::vector<Run> m_runs;
    std::vector<Damage> m_damage;
    bool m_extraUsed = false;  // written by the reconciliation only (after the workers)
};

// A view: one sequential pass; rows are numbered 1, 2, ... (their locators).
ScanSummary SqliteStore::scanView(ScanVisitor& visitor, const ScanControl& control) {
    ScanSummary summary;
    std::string error;
    sqlite3* db = connect(&error);
    if (!db) {
        summary.fatal = error;
        return summary;
    }
    Stmt st;
    int rc = sqlite3_prepare_v2(db, m_select.c_str(), -1, &st.s, nullptr);
    RowReader reader(m_colIndex);
    Record rec;
    uint64_t row = 0;
    const uint64_t rowsPerChunk = static_cast<uint64_t>(m_chunkRows);
    const uint64_t total = m_rows.load();
    int64_t lastProgress = 0;
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        rc = sqlite3_step(st.s);
        if (rc != SQLITE_ROW) break;
        if (control.cancel && control.cancel->load(std::memory_order_relaxed)) {
            summary.cancelled = true;
            break;
        }
        const uint32_t chunk = static_cast<uint32_t>(row / rowsPerChunk);
        ++row;
        std::string reason;
        if (reader.read(st.s, rec, reason)) {
            ++summary.records;
            visitor.record(0, chunk, rec, Locator{row, 0, 0});
        } else {
            LoadProblem p;
            p.rowid = static_cast<int64_t>(row);
            p.id = rec.id;
            p.reason = std::move(reason);
            p.raw = rowJson(st.s);
            if (p.raw.size() > kRawMax) p.raw.resize(kRawMax);
            ++summary.problems;
            visitor.problem(0, chunk, std::move(p));
        }
        if (row % rowsPerChunk == 0) visitor.chunkDone(chunk, 0);
        if (control.progress && nowNs() - lastProgress > kProgressNs) {
            lastProgress = nowNs();
            control.progress(row, std::max(total, row), summary.records);
        }
    }
    if (!summary.cancelled && rc != SQLITE_DONE)
        summary.fatal = m_path + ": view comparisons: " + reasonOf(rc, db) + " (after row " + std::to_string(row) + ")";
    summary.chunks = row / rowsPerChunk + 1;
    if (row % rowsPerChunk != 0 || row == 0) visitor.chunkDone(static_cast<uint32_t>(row / rowsPerChunk), 0);
    sqlite3_finalize(st.s);
    st.s = nullptr;
    sqlite3_close(db);
    if (!summary.cancelled && summary.fatal.empty() && control.progress) control.progress(row, row, summary.records);
    return summary;
}

ScanSummary SqliteStore::scan(ScanVisitor& visitor, const ScanControl& control) {
    if (m_view) return scanView(visitor, control);
    ScanSummary summary;
    std::string error;
    sqlite3* db = connect(&error);
    if (!db) {
        summary.fatal = error;
        return summary;
    }
    int64_t lo = 0, hi = 0;
    bool loKnown = true, hiKnown = true;
    const bool ok = rowidRange(db, lo, hi, &error, &loKnown, &hiKnown);
    sqlite3_close(db);
    if (!ok) {
        summary.fatal = error;
        return summary;
    }
    m_rows = hi >= lo ? spanOf(lo, hi) : 0;  // rows written since open count too
    Scanner scanner(*this, visitor, control, lo, hi, loKnown, hiKnown);
    return scanner.run();
}

}  // namespace dt
