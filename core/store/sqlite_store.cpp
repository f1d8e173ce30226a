// SQLite reader: read-only connections, parallel scan by rowid ranges (one connection per worker).
#include "core/store/sqlite_store.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstring>
#include <thread>

#include "core/util/base64.h"
#include "core/store/record_parse.h"
#include "core/util/worker_pool.h"

namespace dt {
namespace {

constexpr int kBusyTimeoutMs = 2000;
constexpr size_t kRawMax = size_t(64) << 10;
constexpr int64_t kProgressNs = 20'000'000;

constexpr const char* kColumnNames[SqliteStore::ColCount] = {
    "id", "ts", "endpoint", "req_method", "req_url", "req_headers", "req_body",
    "primary_status", "primary_headers", "primary_body", "primary_latency_ms", "primary_error", "primary_state",
    "candidate_status", "candidate_headers", "candidate_body", "candidate_latency_ms", "candidate_error", "candidate_state",
    "secondary_status", "secondary_headers", "secondary_body", "secondary_latency_ms", "secondary_error", "secondary_state",
    "tags", "weight"};
constexpr SqliteStore::Col kRequired[] = {SqliteStore::Id,      SqliteStore::Ts,     SqliteStore::ReqMethod,
                                          SqliteStore::ReqUrl,  SqliteStore::PStatus, SqliteStore::PBody,
                                          SqliteStore::CStatus, SqliteStore::CBody};

int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::string reasonOf(int rc, sqlite3* db) {
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return "database is locked";
    case SQLITE_NOTADB: return "file is not a database";
    case SQLITE_CORRUPT: return "database disk image is malformed";
    default: break;
    }
    if (db && sqlite3_errcode(db) == rc) return sqlite3_errmsg(db);
    return sqlite3_errstr(rc);
}

std::string uriFor(const std::string& path, bool immutable) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string uri = "file:";
    for (const unsigned char c : path) {
        if (std::isalnum(c) || std::strchr("/-_.~", c)) {
            uri.push_back(static_cast<char>(c));
        } else {
            uri.push_back('%');
            uri.push_back(kHex[c >> 4]);
            uri.push_back(kHex[c & 15]);
        }
    }
    uri += immutable ? "?mode=ro&immutable=1" : "?mode=ro";
    return uri;
}

struct Stmt {
    sqlite3_stmt* s = nullptr;
    ~Stmt() { sqlite3_finalize(s); }
};

std::string_view columnText(sqlite3_stmt* st, int col) {
    if (sqlite3_column_type(st, col) == SQLITE_BLOB) {
        const void* p = sqlite3_column_blob(st, col);
        return {static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st, col))};
    }
    const unsigned char* p = sqlite3_column_text(st, col);
    return {reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st, col))};
}

// The current row of `st` as a JSON object (column name -> value); blobs that are not UTF-8
// become "<name>_base64".
std::string rowJson(sqlite3_stmt* st) {
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    const int n = sqlite3_column_count(st);
    for (int i = 0; i < n; ++i) {
        const std::string name = sqlite3_column_name(st, i);
        switch (sqlite3_column_type(st, i)) {
        case SQLITE_NULL: obj[name] = nullptr; break;
        case SQLITE_INTEGER: obj[name] = sqlite3_column_int64(st, i); break;
        case SQLITE_FLOAT: obj[name] = sqlite3_column_double(st, i); break;
        case SQLITE_BLOB: {
            const std::string_view b = columnText(st, i);
            if (detail::isValidUtf8(b)) obj[name] = std::string(b);
            else obj[name + "_base64"] = base64Encode(b);
            break;
        }
        default: obj[name] = std::string(columnText(st, i)); break;
        }
    }
    std::string out = obj.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    return out;
}

// Converts rows to Records; one per thread (owns a simdjson parser for the JSON columns).
class RowReader {
public:
    explicit RowReader(const int* colIndex) : m_col(colIndex) {}

    bool read(sqlite3_stmt* st, Record& out, std::string& reason) {
        detail::resetRecord(out);
        m_st = st;
        if (isNull(SqliteStore::Id)) return missing(reason, "id");
        out.id.assign(text(SqliteStore::Id));
        if (out.id.empty()) return missing(reason, "id");
        if (isNull(SqliteStore::Ts)) return missing(reason, "ts");
        const int tsType = sqlite3_column_type(st, m_col[SqliteStore::Ts]);
        if (tsType == SQLITE_INTEGER || tsType == SQLITE_FLOAT)
            out.ts = detail::tsFromEpochNumber(sqlite3_column_double(st, m_col[SqliteStore::Ts]));
        else
            out.ts.assign(text(SqliteStore::Ts));
        // TEXT affinity turns an epoch number into text: still a number of seconds / ms.
        if (const auto epoch = detail::numberFromText(out.ts)) out.ts = detail::tsFromEpochNumber(*epoch);
        if (!isNull(SqliteStore::Endpoint)) out.endpoint.assign(text(SqliteStore::Endpoint));
        if (isNull(SqliteStore::ReqMethod)) return missing(reason, "req_method");
        out.request.method.assign(text(SqliteStore::ReqMethod));
        if (isNull(SqliteStore::ReqUrl)) return missing(reason, "req_url");
        out.request.url.assign(text(SqliteStore::ReqUrl));
        if (!json(SqliteStore::ReqHeaders, reason, [&](simdjson::dom::element e) {
                return detail::headersFromJson(e, out.request.headers, "req_headers", reason);
            }))
            return false;
        if (!isNull(SqliteStore::ReqBody)) out.request.body.assign(text(SqliteStore::ReqBody));
        if (!side(SqliteStore::PStatus, "primary", out.primary, reason)) return false;
        if (!out.primary.present) return missing(reason, "primary");
        if (!side(SqliteStore::CStatus, "candidate", out.candidate, reason)) return false;
        if (!out.candidate.present) return missing(reason, "candidate");
        if (!side(SqliteStore::SStatus, "secondary", out.secondary, reason)) return false;
        if (!json(SqliteStore::Tags, reason, [&](simdjson::dom::element e) {
                return detail::flatObjectFromJson(e, out.tags, true, "tags", reason);
            }))
            return false;
        if (!isNull(SqliteStore::Weight)) {
            const std::optional<double> w = number(SqliteStore::Weight);
            if (!w || *w < 0) {
                reason = "invalid weight: must be a number >= 0";
                return false;
            }
            out.weight = *w;
        }
        return true;
    }

private:
    bool isNull(int c) const { return m_col[c] < 0 || sqlite3_column_type(m_st, m_col[c]) == SQLITE_NULL; }
    std::string_view text(int c) const { return columnText(m_st, m_col[c]); }

    static bool missing(std::string& reason, std::string_view field) {
        reason = "missing required field \"" + std::string(field) + "\"";
        return false;
    }

    std::optional<double> number(int c) const {
        const int t = sqlite3_column_type(m_st, m_col[c]);
        if (t == SQLITE_INTEGER || t == SQLITE_FLOAT) return sqlite3_column_double(m_st, m_col[c]);
        return detail::numberFromText(text(c));
    }

    template <class F>
    bool json(int c, std::string& reason, F&& apply) {
        if (isNull(c)) return true;
        const std::string_view t = text(c);
        if (detail::isBlank(t)) return true;
        simdjson::dom::element e;
        std::string why;
        if (detail::parseJsonText(m_parser, m_scratch, t, e, &why)) {
            reason = std::string(kColumnNames[c]) + ": " + why;
            return false;
        }
        return apply(e);
    }

    // Columns of one side are consecutive: status, headers, body, latency, error, state.
    bool side(int base, const char* name, Response& r, std::string& reason) {
        const int status = base, headers = base + 1, body = base + 2, latency = base + 3, error = base + 4,
                  state = base + 5;
        r.present = !isNull(status) || !isNull(body) || !isNull(error);
        if (!r.present) return true;
        const std::string prefix(name);
        if (!isNull(status)) {
            const int t = sqlite3_column_type(m_st, m_col[status]);
            std::optional<int> s;
            if (t == SQLITE_INTEGER) {
                const int64_t v = sqlite3_column_int64(m_st, m_col[status]);
                if (v >= INT32_MIN && v <= INT32_MAX) s = static_cast<int>(v);
            } else if (t == SQLITE_FLOAT) {
                const double d = sqlite3_column_double(m_st, m_col[status]);
                // range check before the cast: converting an out-of-range double to int is UB
                if (d >= INT32_MIN && d <= INT32_MAX && d == std::floor(d)) s = static_cast<int>(d);
            } else {
                s = detail::statusFromText(text(status));
            }
            if (!s) {
                reason = "invalid " + prefix + "_status: expected an integer";
                return false;
            }
            r.status = s;
        }
        if (!json(headers, reason, [&](simdjson::dom::element e) {
                return detail::headersFromJson(e, r.headers, prefix + "_headers", reason);
            }))
            return false;
        if (!isNull(body)) r.body.assign(text(body));
        if (!isNull(latency)) {
            r.latency_ms = number(latency);
            if (!r.latency_ms) {
                reason = "invalid " + prefix + "_latency_ms: expected a number";
                return false;
            }
        }
        if (!isNull(error)) r.error.emplace(text(error));
        return json(state, reason, [&](simdjson::dom::element e) {
            return detail::stateFromJson(e, r, prefix + "_state", reason);
        });
    }

    const int* m_col;
    sqlite3_stmt* m_st = nullptr;
    simdjson::dom::parser m_parser;
    std::string m_scratch;
};

bool queryInt64(sqlite3* db, const char* sql, int64_t& out, bool& isNull, int& rc) {
    Stmt st;
    rc = sqlite3_prepare_v2(db, sql, -1, &st.s, nullptr);
    if (rc != SQLITE_OK) return false;
    rc = sqlite3_step(st.s);
    if (rc == SQLITE_ROW) {
        isNull = sqlite3_column_type(st.s, 0) == SQLITE_NULL;
        out = sqlite3_column_int64(st.s, 0);
        rc = SQLITE_OK;
        return true;
    }
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
    isNull = true;
    return rc == SQLITE_OK;
}

}  // namespace

sqlite3* SqliteStore::connect(std::string* error) const {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(m_uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    if (rc != SQLITE_OK) {
        if (error) *error = m_path + ": " + reasonOf(rc, db);
        sqlite3_close(db);
        return nullptr;
    }
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    return db;
}

bool SqliteStore::rowidRange(sqlite3* db, int64_t& lo, int64_t& hi, std::string* error) const {
    Stmt st;
    int rc = sqlite3_prepare_v2(db, "SELECT min(rowid), max(rowid) FROM comparisons", -1, &st.s, nullptr);
    if (rc == SQLITE_OK) rc = sqlite3_step(st.s);
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
    for (const bool immutable : {false, true}) {
        s->m_uri = uriFor(path, immutable);
        s->m_immutable = immutable;
        db = s->connect(error);
        if (!db) return nullptr;
        if (queryInt64(db, "PRAGMA user_version", version, isNull, rc)) break;
        // A WAL database whose -shm cannot be created (read-only directory): retry as immutable.
        const int primary = rc & 0xff;
        const std::string why = reasonOf(rc, db);
        sqlite3_close(db);
        db = nullptr;
        if (immutable || (primary != SQLITE_READONLY && primary != SQLITE_CANTOPEN)) return failWith(why);
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

    if (!s->rowidRange(db, s->m_minRowid, s->m_maxRowid, error)) return nullptr;
    s->m_rows = s->m_maxRowid >= s->m_minRowid ? static_cast<uint64_t>(s->m_maxRowid - s->m_minRowid + 1) : 0u;
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
    sqlite3_stmt* read = nullptr;   // m_select WHERE rowid = ?1
    sqlite3_stmt* raw = nullptr;    // SELECT rowid, * ... WHERE rowid = ?1
    RowReader reader;
};

SqliteStore::~SqliteStore() = default;

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
    const std::string sql = m_select + " WHERE rowid = ?1";
    int rc = sqlite3_prepare_v2(conn->db, sql.c_str(), -1, &conn->read, nullptr);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(conn->db, "SELECT rowid AS rowid, * FROM comparisons WHERE rowid = ?1", -1, &conn->raw,
                                nullptr);
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

class SqliteStore::Scanner {
public:
    Scanner(const SqliteStore& store, ScanVisitor& visitor, const ScanControl& control, int64_t lo, int64_t hi)
        : m_store(store), m_visitor(visitor), m_control(control), m_lo(lo), m_hi(hi) {
        // Unsigned: rowids may span the whole int64 range (sparse or damaged tables).
        m_total = hi >= lo ? static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1 : 0;
        if (hi >= lo && m_total == 0) m_total = UINT64_MAX;
        // At most ~4096 range queries, however sparse the rowids are.
        m_rowsPerChunk = std::max<uint64_t>(store.m_chunkRows, m_total / 4096 + 1);
        m_chunks = m_total / m_rowsPerChunk + (m_total % m_rowsPerChunk ? 1 : 0);
    }

    ScanSummary run() {
        runWorkers(workerCount(m_control.threads, m_chunks), [this](unsigned i) { work(i); });
        ScanSummary s;
        s.records = m_records.load();
        s.problems = m_problems.load();
        s.chunks = m_chunks;
        s.cancelled = m_cancelled.load();
        s.fatal = m_fatal;
        if (!s.cancelled && s.fatal.empty() && m_control.progress) m_control.progress(m_total, m_total, s.records);
        return s;
    }

private:
    static bool isDamage(int rc) {
        const int primary = rc & 0xff;
        return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB || primary == SQLITE_FORMAT ||
               primary == SQLITE_RANGE || primary == SQLITE_IOERR;
    }

    // The smallest rowid r in (lastGood, upTo] such that reading "rowid > r" works again: probe
    // with doubling steps, then bisect back. Returns upTo when nothing after the damage is readable.
    static int64_t skipDamage(sqlite3_stmt* st, int64_t lastGood, int64_t upTo) {
        auto readable = [&](int64_t r) {
            sqlite3_bind_int64(st, 1, r);
            sqlite3_bind_int64(st, 2, upTo);
            const int rc = sqlite3_step(st);
            sqlite3_reset(st);
            return rc == SQLITE_ROW || rc == SQLITE_DONE;
        };
        int64_t bad = lastGood, good = upTo;
        uint64_t step = 1;
        while (static_cast<uint64_t>(upTo) - static_cast<uint64_t>(bad) > step) {   // no signed overflow
            const int64_t probe = static_cast<int64_t>(static_cast<uint64_t>(bad) + step);
            if (readable(probe)) {
                good = probe;
                break;
            }
            bad = probe;
            step *= 2;
        }
        while (static_cast<uint64_t>(good) - static_cast<uint64_t>(bad) > 1) {
            const int64_t mid = static_cast<int64_t>(static_cast<uint64_t>(bad) + (static_cast<uint64_t>(good) - static_cast<uint64_t>(bad)) / 2);
            if (readable(mid)) good = mid;
            else bad = mid;
        }
        return good;
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

    void work(unsigned index) {
        std::string error;
        sqlite3* db = m_store.connect(&error);
        if (!db) {
            setFatal(error);
            return;
        }
        Stmt st;
        const std::string sql = m_store.m_select + " WHERE rowid > ?1 AND rowid <= ?2 ORDER BY rowid";
        int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &st.s, nullptr);
        if (rc != SQLITE_OK) {
            setFatal(m_store.m_path + ": " + reasonOf(rc, db));
            sqlite3_close(db);
            return;
        }
        RowReader reader(m_store.m_colIndex);
        Record rec;
        std::string reason;
        while (!m_stop.load(std::memory_order_relaxed)) {
            const uint64_t chunk = m_next.fetch_add(1);
            if (chunk >= m_chunks) break;
            const int64_t after =
                static_cast<int64_t>(static_cast<uint64_t>(m_lo) - 1 + static_cast<uint64_t>(chunk) * m_rowsPerChunk);
            const int64_t upTo = static_cast<uint64_t>(m_hi) - static_cast<uint64_t>(after) <= m_rowsPerChunk
                                     ? m_hi
                                     : static_cast<int64_t>(static_cast<uint64_t>(after) + m_rowsPerChunk);
            uint64_t rows = 0, pending = 0, pendingRecords = 0;
            bool stopped = false;
            int64_t from = after, lastRowid = after;
            for (;;) {
                sqlite3_bind_int64(st.s, 1, from);
                sqlite3_bind_int64(st.s, 2, upTo);
                while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
                    if (m_control.cancel && m_control.cancel->load(std::memory_order_relaxed)) {
                        m_cancelled = true;
                        m_stop = true;
                    }
                    if (m_stop.load(std::memory_order_relaxed)) {
                        stopped = true;
                        break;
                    }
                    ++rows;
                    ++pending;
                    const int64_t rowid = sqlite3_column_int64(st.s, 0);
                    lastRowid = std::max(lastRowid, rowid);   // a damaged b-tree can return rows out of order
                    if (reader.read(st.s, rec, reason)) {
                        m_records.fetch_add(1, std::memory_order_relaxed);
                        ++pendingRecords;
                        m_visitor.record(index, static_cast<uint32_t>(chunk), rec, Locator{static_cast<uint64_t>(rowid), 0, 0});
                    } else {
                        LoadProblem p;
                        p.rowid = rowid;
                        p.id = rec.id;
                        p.reason = std::move(reason);
                        p.raw = rowJson(st.s);
                        if (p.raw.size() > kRawMax) p.raw.resize(kRawMax);
                        m_problems.fetch_add(1, std::memory_order_relaxed);
                        m_visitor.problem(index, static_cast<uint32_t>(chunk), std::move(p));
                        reason.clear();
                    }
                    if (pending >= 256) {
                        progress(pending, pendingRecords);
                        pending = pendingRecords = 0;
                    }
                }
                sqlite3_reset(st.s);
                if (stopped || rc == SQLITE_DONE) break;
                if (!isDamage(rc)) break;
                // A damaged page: the rows on it become one problem, and the scan goes on after it.
                const std::string why = reasonOf(rc, db);
                int64_t resume = skipDamage(st.s, lastRowid, upTo);
                if (resume <= from) resume = std::min(upTo, from + 1);   // always make progress
                LoadProblem p;
                p.rowid = lastRowid + 1;
                p.reason = "rows " + std::to_string(lastRowid + 1) + ".." + std::to_string(resume) +
                           " could not be read: " + why;
                m_problems.fetch_add(1, std::memory_order_relaxed);
                m_visitor.problem(index, static_cast<uint32_t>(chunk), std::move(p));
                if (resume >= upTo) {
                    rc = SQLITE_DONE;
                    break;
                }
                from = lastRowid = resume;
            }
            if (stopped) break;
            if (rc != SQLITE_DONE) {
                setFatal(m_store.m_path + ": " + reasonOf(rc, db) + " (reading rows " + std::to_string(after + 1) +
                         ".." + std::to_string(upTo) + ")");
                break;
            }
            // Count the whole rowid range as done, gaps included, so progress ends at total.
            const uint64_t span = static_cast<uint64_t>(upTo) - static_cast<uint64_t>(after);
            progress(pending + (span > rows ? span - rows : 0), pendingRecords);
            m_visitor.chunkDone(static_cast<uint32_t>(chunk), 0);
        }
        sqlite3_finalize(st.s);
        st.s = nullptr;
        sqlite3_close(db);
    }

    const SqliteStore& m_store;
    ScanVisitor& m_visitor;
    const ScanControl& m_control;
    const int64_t m_lo, m_hi;
    uint64_t m_total = 0;
    uint64_t m_chunks = 0;
    uint64_t m_rowsPerChunk = 1;
    std::atomic<uint64_t> m_next{0};
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_cancelled{false};
    std::atomic<uint64_t> m_records{0}, m_problems{0}, m_done{0}, m_recordsDone{0};
    std::atomic<int64_t> m_lastProgress{0};
    std::mutex m_mutex;
    std::string m_fatal;
};

ScanSummary SqliteStore::scan(ScanVisitor& visitor, const ScanControl& control) {
    ScanSummary summary;
    std::string error;
    sqlite3* db = connect(&error);
    if (!db) {
        summary.fatal = error;
        return summary;
    }
    int64_t lo = 0, hi = 0;
    const bool ok = rowidRange(db, lo, hi, &error);
    sqlite3_close(db);
    if (!ok) {
        summary.fatal = error;
        return summary;
    }
    m_rows = hi >= lo ? static_cast<uint64_t>(hi - lo + 1) : 0;   // rows written since open count too
    Scanner scanner(*this, visitor, control, lo, hi);
    return scanner.run();
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
