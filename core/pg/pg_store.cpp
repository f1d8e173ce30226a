// SPDX-License-Identifier: MIT
// PostgreSQL store reader: catalog checks at open, parallel key-range scan with server-side cursors
// under one exported snapshot, read-back by key through a small connection pool.
#include "core/pg/pg_store.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <numeric>
#include <thread>
#include <unordered_map>

#include "core/util/worker_pool.h"

namespace dt::pg {
namespace {

constexpr size_t kRawMax = size_t(64) << 10;
constexpr int64_t kProgressNs = 20'000'000;
constexpr int64_t kMaxChunks = int64_t(1) << 20;

int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t floorMod(int64_t a, int64_t b) { return a - floorDiv(a, b) * b; }

bool isIntegerType(const ColumnInfo& c) { return c.type == "bigint" || c.type == "integer" || c.type == "smallint"; }

// "(12,3)" -> 12 << 16 | 3
std::optional<uint64_t> encodeTid(std::string_view t) {
    if (t.size() < 5 || t.front() != '(' || t.back() != ')') return std::nullopt;
    const size_t comma = t.find(',');
    if (comma == std::string_view::npos) return std::nullopt;
    const std::string page(t.substr(1, comma - 1)), lp(t.substr(comma + 1, t.size() - comma - 2));
    return (std::strtoull(page.c_str(), nullptr, 10) << 16) | (std::strtoull(lp.c_str(), nullptr, 10) & 0xffff);
}

std::string tidLiteral(uint64_t page, uint64_t lp) {
    return "'(" + std::to_string(page) + "," + std::to_string(lp) + ")'::tid";
}

}  // namespace

struct PgStore::ReadConn {
    explicit ReadConn(const RowLayout& layout) : reader(layout) {}
    std::unique_ptr<PgConn> conn;
    RowReader reader;
};

PgStore::~PgStore() = default;

std::unique_ptr<PgStore> PgStore::open(const std::string& uriText, std::string* error) {
    auto uri = parsePgUri(uriText, error);
    if (!uri) return nullptr;
    std::unique_ptr<PgStore> s(new PgStore);
    s->m_path = uriText;
    s->m_uri = *uri;
    s->m_table = quoteQualified(uri->table);
    const std::string& shown = uri->display;
    const auto failWith = [&](const std::string& why) -> std::unique_ptr<PgStore> {
        if (error) *error = shown + ": " + why;
        return nullptr;
    };
    auto conn = PgConn::connect(*uri, true, error);
    if (!conn) return nullptr;

    PgResult cols = conn->execParams(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typcategory, c.relkind "
        "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid JOIN pg_class c ON c.oid = a.attrelid "
        "WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        {s->m_table});
    if (!cols.ok()) return failWith("cannot read the catalog: " + conn->describe(cols));
    if (cols.rows() == 0) {
        PgResult tables =
            conn->exec("SELECT table_schema || '.' || table_name FROM information_schema.tables "
                       "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1 LIMIT 20");
        std::string list;
        for (int i = 0; i < tables.rows(); ++i) list += (i ? ", " : "") + std::string(tables.value(i, 0));
        return failWith(
            "not a diff store: no table \"" + uri->table + "\"" +
            (list.empty() ? std::string(" (the database has no tables you can see)") : " (tables: " + list + ")") +
            "; name the table with ?table=NAME");
    }
    std::vector<ColumnInfo> columns;
    const char relkind = cols.value(0, 3).empty() ? 'r' : cols.value(0, 3)[0];
    for (int i = 0; i < cols.rows(); ++i) {
        ColumnInfo ci;
        ci.name = std::string(cols.value(i, 0));
        ci.type = std::string(cols.value(i, 1));
        ci.category = cols.value(i, 2).empty() ? 'X' : cols.value(i, 2)[0];
        columns.push_back(std::move(ci));
    }
    const std::string keyName = uri->key.empty() ? std::string("seq") : uri->key;
    const auto keyIt =
        std::find_if(columns.begin(), columns.end(), [&](const ColumnInfo& c) { return c.name == keyName; });
    std::string keyExpr;
    if (keyIt != columns.end() && isIntegerType(*keyIt)) {
        s->m_keyColumn = quoteIdent(keyName);
        keyExpr = s->m_keyColumn + "::bigint AS dt_key";
    } else if (!uri->key.empty()) {
        return failWith(keyIt == columns.end() ? "no key column \"" + keyName + "\""
                                               : "key column " + keyName + " has type " + keyIt->type +
                                                     "; it must be smallint, integer or bigint");
    } else if (relkind == 'r' || relkind == 'm') {
        keyExpr = "ctid::text AS dt_key";
    } else {
        return failWith("a view, partitioned or foreign table has no row address to scan by; add an integer key "
                        "column and name it with ?key=COLUMN (see docs/postgresql.md)");
    }
    std::string why;
    if (!buildRowLayout(columns, keyExpr, s->m_layout, &why)) return failWith(why);
    // Permissions and the SELECT list itself, checked now rather than mid-scan.
    PgResult probe = conn->exec("SELECT " + s->m_layout.selectList + " FROM " + s->m_table + " LIMIT 0");
    if (!probe.ok()) return failWith("cannot read the table: " + conn->describe(probe));
    PgResult size = conn->exec(s->integerKey() ? "SELECT max(" + s->m_keyColumn + ") - min(" + s->m_keyColumn +
                                                     ") + 1 FROM " + s->m_table
                                               : "SELECT pg_relation_size(" + quoteLiteral(s->m_table) +
                                                     "::regclass) / current_setting('block_size')::bigint");
    if (size.ok()) s->m_size = static_cast<uint64_t>(std::max<int64_t>(0, size.int64(0, 0)));
    return s;
}

std::string PgStore::keyLiteral(const Locator& loc) const {
    if (integerKey()) return std::to_string(static_cast<int64_t>(loc.offset));
    return tidLiteral(loc.offset >> 16, loc.offset & 0xffff);
}

class PgStore::Scanner {
public:
    Scanner(PgStore& store, ScanVisitor& visitor, const ScanControl& control)
            : m_store(store), m_visitor(visitor), m_control(control) {}

    ScanSummary run() {
        ScanSummary s;
        std::string error;
        auto leader = PgConn::connect(m_store.m_uri, true, &error);
        if (!leader) {
            s.fatal = error;
            return s;
        }
        // One snapshot for every worker: the scan sees the table as of one instant.
        if (leader->run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "starting the scan", &error)) {
            PgResult snap = leader->exec("SELECT pg_export_snapshot()");
            if (snap.ok() && snap.rows() == 1)
                m_snapshot = std::string(snap.value(0, 0));
            else
                leader->exec("ROLLBACK; BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        }
        if (!plan(*leader, &error)) {
            s.fatal = error;
            return s;
        }
        runWorkers(workerCount(m_control.threads, m_chunks.size()), [this](unsigned i) { work(i); });
        leader->exec("COMMIT");
        s.records = m_records.load();
        s.problems = m_problems.load();
        s.chunks = m_chunks.size();
        s.cancelled = m_cancelled.load();
        s.fatal = m_fatal;
        if (!s.cancelled && s.fatal.empty() && m_control.progress) m_control.progress(m_total, m_total, s.records);
        return s;
    }

private:
    struct Chunk {
        int64_t from = 0, to = 0;  // [from, to) keys or pages
        bool last = false;         // ctid: no upper bound
    };

    bool plan(PgConn& conn, std::string* error) {
        PgStore& st = m_store;
        if (st.integerKey()) {
            PgResult r =
                conn.exec("SELECT min(" + st.m_keyColumn + "), max(" + st.m_keyColumn + ") FROM " + st.m_table);
            if (!r.ok()) {
                *error = st.m_uri.display + ": reading the key range failed: " + conn.describe(r);
                return false;
            }
            if (r.isNull(0, 0)) return true;  // empty table
            int64_t lo = r.int64(0, 0), hi = r.int64(0, 1);
            st.m_scannedMax = hi;
            if (st.m_hasAfter) lo = std::max(lo, st.m_after + 1);
            if (lo > hi) return true;
            int64_t c = std::min(st.m_chunkKeys, st.m_shardSpan);
            while ((floorDiv(hi, c) - floorDiv(lo, c)) > kMaxChunks) c *= 2;
            // A chunk never straddles two shard spans.
            const int64_t span = std::max(st.m_shardSpan, c);
            if (span % c) c = std::gcd(span, c);
            for (int64_t b = floorDiv(lo, c); b <= floorDiv(hi, c); ++b) {
                const int64_t from = std::max(lo, b * c), to = std::min(hi, b * c + c - 1) + 1;
                if (!inShard(floorDiv(b * c, span))) continue;
                m_chunks.push_back({from, to, false});
                m_total += static_cast<uint64_t>(to - from);
            }
        } else {
            PgResult r = conn.exec("SELECT pg_relation_size(" + quoteLiteral(st.m_table) +
                                   "::regclass) / current_setting('block_size')::bigint");
            if (!r.ok()) {
                *error = st.m_uri.display + ": reading the table size failed: " + conn.describe(r);
                return false;
            }
            const int64_t pages = r.int64(0, 0);
            for (int64_t p = 0; p < pages; p += kChunkPages) {
                if (!inShard(p / kShardPages)) continue;
                m_chunks.push_back({p, std::min(pages, p + kChunkPages), p + kChunkPages >= pages});
                m_total += static_cast<uint64_t>(m_chunks.back().to - p);
            }
        }
        st.m_size = m_total;
        return true;
    }

    bool inShard(int64_t spanIndex) const {
        return m_store.m_shardN <= 1 || floorMod(spanIndex, m_store.m_shardN) == int64_t(m_store.m_shardK) - 1;
    }

    std::string chunkQuery(const Chunk& c) const {
        const PgStore& st = m_store;
        std::string q = "DECLARE dt_scan NO SCROLL CURSOR FOR SELECT " + st.m_layout.selectList + " FROM " + st.m_table;
        if (st.integerKey()) {
            q += " WHERE " + st.m_keyColumn + " >= " + std::to_string(c.from) + " AND " + st.m_keyColumn + " < " +
                 std::to_string(c.to) + " ORDER BY " + st.m_keyColumn;
        } else {
            q += " WHERE ctid >= " + tidLiteral(static_cast<uint64_t>(c.from), 0);
            if (!c.last) q += " AND ctid < " + tidLiteral(static_cast<uint64_t>(c.to), 0);
        }
        return q;
    }

    std::string rangeText(const Chunk& c) const {
        return (m_store.integerKey() ? "keys " : "pages ") + std::to_string(c.from) + ".." + std::to_string(c.to - 1);
    }

    void setFatal(std::string msg) {
        std::lock_guard lock(m_mutex);
        if (m_fatal.empty()) m_fatal = std::move(msg);
        m_stop = true;
    }

    void progress(uint64_t units, uint64_t records) {
        m_done.fetch_add(units, std::memory_order_relaxed);
        m_recordsDone.fetch_add(records, std::memory_order_relaxed);
        if (!m_control.progress) return;
        const int64_t now = nowNs();
        int64_t last = m_lastProgress.load(std::memory_order_relaxed);
        if (now - last < kProgressNs || !m_lastProgress.compare_exchange_strong(last, now)) return;
        m_control.progress(std::min(m_done.load(), m_total), m_total, m_recordsDone.load());
    }

    bool cancelled() {
        if (m_control.cancel && m_control.cancel->load(std::memory_order_relaxed)) {
            m_cancelled = true;
            m_stop = true;
        }
        return m_stop.load(std::memory_order_relaxed);
    }

    void work(unsigned index) {
        const std::string& shown = m_store.m_uri.display;
        std::string error;
        auto conn = PgConn::connect(m_store.m_uri, true, &error);
        if (!conn) {
            setFatal(error);
            return;
        }
        if (!conn->run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "starting the scan", &error)) {
            setFatal(error);
            return;
        }
        if (!m_snapshot.empty()) {
            PgResult r = conn->exec("SET TRANSACTION SNAPSHOT " + quoteLiteral(m_snapshot));
            if (!r.ok() &&
                !conn->run("ROLLBACK; BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "starting the scan", &error)) {
                setFatal(error);
                return;
            }
        }
        RowReader reader(m_store.m_layout);
        Record rec;
        std::string reason;
        const std::string fetch = "FETCH " + std::to_string(kFetchRows) + " FROM dt_scan";
        while (!cancelled()) {
            const size_t ci = m_next.fetch_add(1);
            if (ci >= m_chunks.size()) break;
            const Chunk& chunk = m_chunks[ci];
            const auto fail = [&](const PgResult& r) {
                setFatal(shown + ": " + conn->describe(r) + " (reading " + rangeText(chunk) + "; " +
                         std::to_string(m_records.load()) + " records read before were kept)");
            };
            PgResult declared = conn->exec(chunkQuery(chunk));
            if (!declared.ok()) {
                fail(declared);
                break;
            }
            bool stopped = false, failed = false;
            uint64_t records = 0;
            for (;;) {
                PgResult rows = conn->exec(fetch);
                if (!rows.ok()) {
                    fail(rows);
                    failed = true;
                    break;
                }
                if (rows.rows() == 0) break;
                for (int i = 0; i < rows.rows(); ++i) {
                    if (cancelled()) {
                        stopped = true;
                        break;
                    }
                    const std::string_view keyText = rows.value(i, 0);
                    uint64_t key = 0;
                    if (m_store.integerKey())
                        key = static_cast<uint64_t>(std::strtoll(std::string(keyText).c_str(), nullptr, 10));
                    else
                        key = encodeTid(keyText).value_or(0);
                    if (reader.read(rows, i, rec, reason)) {
                        m_records.fetch_add(1, std::memory_order_relaxed);
                        ++records;
                        m_visitor.record(index, static_cast<uint32_t>(ci), rec, Locator{key, 0, 0});
                    } else {
                        LoadProblem p;
                        p.rowid = static_cast<int64_t>(key);
                        p.id = rec.id;
                        p.reason = std::move(reason);
                        p.raw = RowReader::rowJson(rows, i);
                        if (p.raw.size() > kRawMax) p.raw.resize(kRawMax);
                        m_problems.fetch_add(1, std::memory_order_relaxed);
                        m_visitor.problem(index, static_cast<uint32_t>(ci), std::move(p));
                        reason.clear();
                    }
                }
                if (stopped) break;
                progress(0, records);
                records = 0;
            }
            if (stopped || failed) break;
            conn->exec("CLOSE dt_scan");
            progress(static_cast<uint64_t>(chunk.to - chunk.from), 0);
            m_visitor.chunkDone(static_cast<uint32_t>(ci), 0);
        }
        if (!conn->broken()) conn->exec("ROLLBACK");
    }

    PgStore& m_store;
    ScanVisitor& m_visitor;
    const ScanControl& m_control;
    std::string m_snapshot;
    std::vector<Chunk> m_chunks;
    uint64_t m_total = 0;
    std::atomic<size_t> m_next{0};
    std::atomic<bool> m_stop{false}, m_cancelled{false};
    std::atomic<uint64_t> m_records{0}, m_problems{0}, m_done{0}, m_recordsDone{0};
    std::atomic<int64_t> m_lastProgress{0};
    std::mutex m_mutex;
    std::string m_fatal;
};

ScanSummary PgStore::scan(ScanVisitor& visitor, const ScanControl& control) {
    Scanner scanner(*this, visitor, control);
    return scanner.run();
}

std::unique_ptr<PgStore::ReadConn> PgStore::borrow(std::string* error) const {
    {
        std::lock_guard lock(m_poolMutex);
        while (!m_pool.empty()) {
            auto conn = std::move(m_pool.back());
            m_pool.pop_back();
            if (!conn->conn->broken()) return conn;
        }
    }
    auto rc = std::make_unique<ReadConn>(m_layout);
    rc->conn = PgConn::connect(m_uri, true, error);
    if (!rc->conn) return nullptr;
    return rc;
}

void PgStore::giveBack(std::unique_ptr<ReadConn> conn) const {
    std::lock_guard lock(m_poolMutex);
    if (!conn->conn->broken() && m_pool.size() < std::max(4u, std::thread::hardware_concurrency()))
        m_pool.push_back(std::move(conn));
}

std::optional<Record> PgStore::read(const Locator& loc, std::string* error) const {
    auto rc = borrow(error);
    if (!rc) return std::nullopt;
    const std::string where = integerKey() ? m_keyColumn + " = " : std::string("ctid = ");
    PgResult r =
        rc->conn->exec("SELECT " + m_layout.selectList + " FROM " + m_table + " WHERE " + where + keyLiteral(loc));
    std::optional<Record> out;
    std::string why;
    if (!r.ok()) {
        why = rc->conn->describe(r);
    } else if (r.rows() == 0) {
        why = "no such row (it was deleted or moved since the scan)";
    } else {
        Record rec;
        if (rc->reader.read(r, 0, rec, why)) out = std::move(rec);
    }
    giveBack(std::move(rc));
    if (!out && error) *error = m_uri.display + ": key " + keyLiteral(loc) + ": " + why;
    return out;
}

std::optional<std::string> PgStore::readRaw(const Locator& loc, std::string* error) const {
    auto rc = borrow(error);
    if (!rc) return std::nullopt;
    const std::string where = integerKey() ? m_keyColumn + " = " : std::string("t.ctid = ");
    PgResult r = rc->conn->exec("SELECT row_to_json(t)::text FROM " + m_table + " t WHERE " + where + keyLiteral(loc));
    std::optional<std::string> out;
    std::string why;
    if (!r.ok())
        why = rc->conn->describe(r);
    else if (r.rows() == 0)
        why = "no such row";
    else
        out = std::string(r.value(0, 0));
    giveBack(std::move(rc));
    if (!out && error) *error = m_uri.display + ": key " + keyLiteral(loc) + ": " + why;
    return out;
}

std::shared_ptr<const EndpointCorpus> PgStore::endpointCorpus(std::string* error) const {
    auto conn = PgConn::connect(m_uri, true, error);
    if (!conn) return nullptr;
    const bool hasEndpoint = m_layout.col[Endpoint] >= 0;
    const std::string sql = "DECLARE dt_urls NO SCROLL CURSOR FOR SELECT req_method::text, req_url::text, " +
                            std::string(hasEndpoint ? "endpoint::text" : "NULL::text") + ", count(*) FROM " + m_table +
                            " GROUP BY 1, 2, 3";
    if (!conn->run("BEGIN READ ONLY", "reading endpoints", error) || !conn->run(sql, "reading endpoints", error))
        return nullptr;
    std::unordered_map<std::string, uint64_t> counts;
    for (;;) {
        PgResult r = conn->exec("FETCH 10000 FROM dt_urls");
        if (!r.ok()) {
            if (error) *error = m_uri.display + ": reading endpoints failed: " + conn->describe(r);
            return nullptr;
        }
        if (r.rows() == 0) break;
        for (int i = 0; i < r.rows(); ++i) {
            if (r.isNull(i, 0) || r.isNull(i, 1)) continue;  // invalid rows: no endpoint
            counts[endpointPreTemplate(r.value(i, 0), r.value(i, 1),
                                       r.isNull(i, 2) ? std::string_view() : r.value(i, 2))] +=
                static_cast<uint64_t>(r.int64(i, 3));
        }
    }
    conn->exec("COMMIT");
    auto out = std::make_shared<EndpointCorpus>(counts.begin(), counts.end());
    std::sort(out->begin(), out->end());
    return out;
}

void registerPostgresStores() {
    static const bool once = [] {
        const StoreOpener opener = [](const std::string& uri, std::string* error) -> std::unique_ptr<Store> {
            return PgStore::open(uri, error);
        };
        registerStoreScheme("postgresql://", opener);
        registerStoreScheme("postgres://", opener);
        return true;
    }();
    (void)once;
}

}  // namespace dt::pg
