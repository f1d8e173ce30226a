// SPDX-License-Identifier: MIT
// The parity report of an indexed store from SQL aggregates (pg_parity.h).
#include "core/pg/pg_parity.h"

#include <cmath>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "core/parity/parity_tallies.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_pushdown.h"
#include "core/pg/pg_results.h"
#include "core/util/text.h"

namespace dt::pg {
namespace {

// Time units per query at most (result rows per outcome).
constexpr int64_t kMaxTimeUnits = 50'000;
const char* const kUpper = "'ABCDEFGHIJKLMNOPQRSTUVWXYZ'";
const char* const kLower = "'abcdefghijklmnopqrstuvwxyz'";

int status(const PgResult& r, int row, int col) {
    return r.isNull(row, col) ? -1 : static_cast<int>(r.int64(row, col));
}

// The WHERE clause of the pushed-down criteria ("TRUE" when none), with its parameters.
struct Where {
    std::string sql = "TRUE";
    std::vector<std::optional<std::string>> params;
    void add(const std::string& clause) { sql += " AND " + clause; }
    std::string param(std::string value) {
        params.emplace_back(std::move(value));
        return "$" + std::to_string(params.size());
    }
};

// A LIKE pattern for a tag glob (`*` = any characters; the rest literal).
std::string likeOfGlob(std::string_view glob) {
    std::string out;
    for (const char c : glob) {
        if (c == '*') {
            out += '%';
            continue;
        }
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

// ASCII case folding as the in-memory filter does (never the server's locale).
std::string folded(const std::string& column) { return "translate(" + column + ", " + kUpper + ", " + kLower + ")"; }

}  // namespace

std::optional<IndexParity> parityFromIndex(const std::string& storeUri, const std::string& schema,
                                           const Analysis& summary, const ParityOptions& options,
                                           const FilterSpec& filter, const std::atomic<bool>* cancel,
                                           std::string* error) {
    auto fail = [&](std::string why) -> std::optional<IndexParity> {
        if (error) *error = std::move(why);
        return std::nullopt;
    };
    auto cancelled = [&] { return cancel && cancel->load(std::memory_order_relaxed); };
    auto uri = parsePgUri(storeUri, error);
    if (!uri) return std::nullopt;
    auto conn = PgConn::connect(*uri, true, error);
    if (!conn) return std::nullopt;
    // Memory for the hash aggregates (the latency values of a big store), this transaction only.
    if (!conn->run("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL work_mem = '256MB'",
                   "starting a snapshot", error))
        return std::nullopt;
    const std::string records = quoteIdent(schema) + ".records";

    IndexParity out;
    const RecordCriteria criteria = recordCriteria(filter);
    Where where;
    bool tagsApplied = false;
    if (!criteria.tags.empty()) {
        if (indexKeepsTags(*conn, schema)) {
            // Every criterion: some tag with that key (ASCII case-insensitive) whose value matches the
            // glob, as TagCriterion::matches.
            for (const TagCriterion& c : criteria.tags)
                where.add("EXISTS (SELECT 1 FROM jsonb_each_text(tags) t WHERE " + folded("t.key") + " = " +
                          where.param(lowercase(c.key)) + " AND " + folded("t.value") + " LIKE " +
                          where.param(likeOfGlob(lowercase(c.value))) + ")");
            tagsApplied = true;
        } else {
            out.unapplied = "tags (this index was written before it kept tags: run its workers with --full)";
        }
    }
    if (!criteria.correlationId.empty())
        where.add("strpos(" + folded("coalesce(id, '')") + ", " + where.param(criteria.correlationId) + ") > 0");
    if (criteria.fromMs)
        where.add(std::string(kRecordMsSql) + " >= " + where.param(std::to_string(*criteria.fromMs)) + "::bigint");
    if (criteria.toMs)
        where.add(std::string(kRecordMsSql) + " <= " + where.param(std::to_string(*criteria.toMs)) + "::bigint");
    if (criteria.badStatus) where.add("FALSE");
    out.filtered = !(criteria.endpoint.empty() && criteria.correlationId.empty() && !criteria.fromMs &&
                     !criteria.toMs && !criteria.status && !criteria.badStatus && !tagsApplied);

    // The differences' classes of every signature, and which name a candidate error.
    std::unordered_map<std::string, uint8_t> classes;
    {
        PgResult r = conn->exec("SELECT signature, string_agg(DISTINCT d->>'kind', ',') FROM " + quoteIdent(schema) +
                                ".signatures, jsonb_array_elements(differences) d GROUP BY signature");
        if (!r.ok()) return fail(uri->display + ": reading " + schema + ".signatures failed: " + conn->describe(r));
        for (int i = 0; i < r.rows(); ++i) {
            std::vector<DiffKey> kinds;
            std::string_view list = r.value(i, 1);
            while (!list.empty()) {
                const size_t comma = list.find(',');
                if (const auto k = kindFromName(list.substr(0, comma))) kinds.push_back(DiffKey{0, *k, 0});
                list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
            }
            classes.emplace(std::string(r.value(i, 0)), differenceClassBits(kinds));
        }
    }
    auto classOf = [&](std::string_view signature) -> uint8_t {
        if (signature.empty()) return uint8_t(kClassKnown);
        const auto it = classes.find(std::string(signature));
        return it == classes.end() ? uint8_t(kClassKnown) : it->second;
    };
    if (cancelled()) return fail("cancelled");

    // 1. Outcomes per signature, endpoint and status pair (+ each row's time range).
    ParityTallies t;
    {
        // Every record of the store: the totals below when nothing is filtered, else the index's count.
        PgResult n = conn->exec("SELECT coalesce(sum(count), 0) FROM " + quoteIdent(schema) + ".outcomes");
        if (!n.ok()) return fail(uri->display + ": reading " + schema + ".outcomes failed: " + conn->describe(n));
        t.records = static_cast<uint64_t>(n.int64(0, 0));
    }
    // The index workers keep the whole store's sums (<schema>.series, .timeline, .latencies), rebuilt
    // in one transaction with the groups and outcomes. They are used when that rebuild included them:
    // an index written before they existed, or whose first run since stopped early, has them missing
    // or empty, and its series are computed live. Criteria on the id or the time need them live too.
    const bool kept = [&] {
        const std::string s = quoteIdent(schema);
        for (const char* table : {"series", "timeline", "latencies"}) {
            PgResult r = conn->exec("SELECT to_regclass(" + quoteLiteral(s + "." + table) + ")");
            if (!r.ok() || r.isNull(0, 0)) return false;
        }
        PgResult r = conn->exec("SELECT (SELECT coalesce(sum(count), 0) FROM " + s +
                                ".series) = (SELECT coalesce(sum(count), 0) FROM " + s + ".outcomes)");
        return r.ok() && r.value(0, 0) == "t";
    }();
    const bool keptSeries = kept && where.params.empty() && !criteria.badStatus;
    PgResult a =
        keptSeries
            ? conn->exec("SELECT outcome, signature, endpoint, primary_status, candidate_status, count, weighted,"
                         " first_ms, last_ms FROM " +
                         quoteIdent(schema) + ".series")
            : conn->execParams("SELECT outcome, signature, endpoint, primary_status, candidate_status, count(*),"
                               " sum(weight), min(" +
                                   std::string(kRecordMsSql) + "), max(" + kRecordMsSql + ") FROM " + records +
                                   " WHERE " + where.sql + " GROUP BY 1, 2, 3, 4, 5",
                               where.params);
    if (!a.ok()) return fail(uri->display + ": aggregating " + schema + ".records failed: " + conn->describe(a));
    if (cancelled()) return fail("cancelled");
    std::unordered_map<std::string, size_t> endpointSlot;
    std::unordered_set<uint64_t> statusPairs;  // (primary + 1) << 32 | (candidate + 1) of the passing rows
    if (out.filtered) t.group_weight.assign(summary.groups().size(), 0.0);
    for (int i = 0; i < a.rows(); ++i) {
        const auto o = outcomeFromName(a.value(i, 0));
        if (!o) return fail(uri->display + ": unknown outcome \"" + std::string(a.value(i, 0)) + "\" in the index");
        const int ps = status(a, i, 3), cs = status(a, i, 4);
        if (criteria.status && !criteria.status->matches(ps, cs)) continue;
        // The endpoint criterion here, on the grouped rows (per row on the server it costs seconds).
        if (!criteria.endpoint.empty() && (a.isNull(i, 2) || !containsLower(a.value(i, 2), criteria.endpoint)))
            continue;
        const auto count = static_cast<uint64_t>(a.int64(i, 5));
        const double w = numberOf(a.value(i, 6), 0);
        t.total.add(*o, w, count);
        if (*o == Outcome::Invalid) continue;
        statusPairs.insert((uint64_t(uint32_t(ps + 1)) << 32) | uint32_t(cs + 1));
        const int64_t lo = a.int64(i, 7), hi = a.int64(i, 8);
        t.first_ms = t.any ? std::min(t.first_ms, lo) : lo;
        t.last_ms = t.any ? std::max(t.last_ms, hi) : hi;
        t.any = true;
        const std::string endpoint =
            a.isNull(i, 2) || a.value(i, 2).empty() ? std::string("(no endpoint)") : std::string(a.value(i, 2));
        auto [slot, added] = endpointSlot.emplace(endpoint, t.endpoints.size());
        if (added) t.endpoints.push_back(EndpointTally{endpoint, {}, {}, {}, {}, {}, 0, 0});
        EndpointTally& e = t.endpoints[slot->second];
        e.outcomes.add(*o, w, count);
        e.primary_errors.total += w;
        e.candidate_errors.total += w;
        const std::string_view signature = a.value(i, 1);
        const uint8_t cls = classOf(signature);
        countStatus(e.primary_errors, ps, false, w);
        countStatus(e.candidate_errors, cs, (cls & kClassCandidateError) != 0, w);
        if (*o == Outcome::Mismatch) addDifferenceClasses(t.difference_classes, cls, w);
        if (!t.group_weight.empty() && !signature.empty())
            if (const auto g = summary.findGroup(signature)) t.group_weight[*g] += w;
    }
    if (!out.filtered) t.records = t.total.records;
    frameParity(t, options);

    // The endpoints and status pairs that pass, as predicates for the queries below.
    if (!criteria.endpoint.empty()) {
        std::string array = "{";
        for (const auto& [name, slot] : endpointSlot) {
            if (array.size() > 1) array += ',';
            array += '"';
            for (char c : name) {
                if (c == '"' || c == '\\') array += '\\';
                array += c;
            }
            array += '"';
        }
        where.add("endpoint = ANY(" + where.param(array + "}") + "::text[])");
    }
    if (criteria.status) {
        std::string in = "FALSE";
        for (uint64_t pair : statusPairs) {
            auto side = [](const char* column, int s) {
                return s < 0 ? std::string(column) + " IS NULL" : std::string(column) + " = " + std::to_string(s);
            };
            in += " OR (" + side("primary_status", int(pair >> 32) - 1) + " AND " +
                  side("candidate_status", int(pair & 0xffffffffu) - 1) + ")";
        }
        where.add("(" + in + ")");
    }
    where.add("outcome <> 'invalid'");

    // 2. Outcomes per time unit: the largest that divides both the bucket and the window step, so
    //    that every unit lies in one bucket and one step (one grouping key per row on the server).
    //    When that unit would make too many rows, buckets and steps are counted apart.
    //    The index workers keep the whole store's per second (<schema>.timeline).
    auto timeQuery = [&](int64_t unit, bool buckets, bool steps) -> bool {
        const std::string n = std::to_string(unit);
        const bool perSecond = kept && !out.filtered && unit % 1000 == 0;
        // floor(ms / n) in integers (ms may be negative): (ms - ((ms % n + n) % n)) / n.
        PgResult b = perSecond ? conn->exec("SELECT (m - ((m % " + n + " + " + n + ") % " + n + ")) / " + n +
                                            ", outcome, sum(count), sum(weighted) FROM (SELECT second * 1000 AS m,"
                                            " outcome, count, weighted FROM " +
                                            quoteIdent(schema) + ".timeline) x GROUP BY 1, 2")
                               : conn->execParams("SELECT (m - ((m % " + n + " + " + n + ") % " + n + ")) / " + n +
                                                      ", outcome, count(*), sum(weight) FROM (SELECT " + kRecordMsSql +
                                                      " AS m, outcome, weight FROM " + records + " WHERE " + where.sql +
                                                      ") x GROUP BY 1, 2",
                                                  where.params);
        if (!b.ok()) {
            if (error)
                *error = uri->display + ": aggregating " + schema + ".records by time failed: " + conn->describe(b);
            return false;
        }
        for (int i = 0; i < b.rows(); ++i) {
            const auto o = outcomeFromName(b.value(i, 1));
            if (!o) continue;
            const int64_t ms = b.int64(i, 0) * unit;
            const int64_t bi = floorDiv(ms, t.bucket_ms) - t.first_bucket;
            const int64_t si = floorDiv(ms, t.grid.step_ms) - t.grid.first_step;
            if ((buckets && (bi < 0 || size_t(bi) >= t.buckets.size())) ||
                (steps && (si < 0 || size_t(si) >= t.steps.size()))) {
                if (error) *error = uri->display + ": " + schema + ".records changed while it was read";
                return false;
            }
            const auto count = static_cast<uint64_t>(b.int64(i, 2));
            const double w = numberOf(b.value(i, 3), 0);
            if (buckets) t.buckets[size_t(bi)].add(*o, w, count);
            if (steps) t.steps[size_t(si)].add(*o, w, count);
        }
        return true;
    };
    if (t.any) {
        const int64_t unit = std::gcd(t.bucket_ms, t.grid.step_ms);
        const bool together = (t.last_ms - t.first_ms) / unit <= kMaxTimeUnits;
        if (together ? !timeQuery(unit, true, true)
                     : !timeQuery(t.bucket_ms, true, false) || !timeQuery(t.grid.step_ms, false, true))
            return std::nullopt;
    }
    if (cancelled()) return fail("cancelled");

    // 3. Latency values per endpoint and side (grouped by value: the weighted percentiles and
    //    histograms are the same as over every record). The whole store's are kept by the index
    //    workers (<schema>.latencies, refreshed with the groups); a filter needs them live.
    {
        const std::string columns = "endpoint, candidate, latency_ms, count, weighted";
        std::string sql;
        if (kept && !out.filtered) sql = "SELECT " + columns + " FROM " + quoteIdent(schema) + ".latencies";
        const bool keptLatencies = !sql.empty();
        if (sql.empty())
            sql =
                "SELECT endpoint, GROUPING(primary_latency_ms) = 1, coalesce(primary_latency_ms, candidate_latency_ms),"
                " count(*), sum(weight) FROM " +
                records + " WHERE " + where.sql +
                " GROUP BY GROUPING SETS ((endpoint, primary_latency_ms), (endpoint, candidate_latency_ms))"
                " HAVING coalesce(primary_latency_ms, candidate_latency_ms) IS NOT NULL";
        PgResult l = keptLatencies ? conn->exec(sql) : conn->execParams(sql, where.params);
        if (!l.ok())
            return fail(uri->display + ": aggregating latencies of " + schema +
                        ".records failed: " + conn->describe(l));
        for (int i = 0; i < l.rows(); ++i) {
            const double ms = numberOf(l.value(i, 2), -1);
            if (!(ms >= 0) || !std::isfinite(ms)) continue;
            const std::string endpoint =
                l.isNull(i, 0) || l.value(i, 0).empty() ? std::string("(no endpoint)") : std::string(l.value(i, 0));
            const auto slot = endpointSlot.find(endpoint);
            if (slot == endpointSlot.end()) continue;
            EndpointTally& e = t.endpoints[slot->second];
            const bool candidate = l.value(i, 1) == "t";
            (candidate ? e.candidate : e.primary)
                .emplace_back(static_cast<float>(ms), static_cast<float>(numberOf(l.value(i, 4), 0)));
            (candidate ? e.candidate_records : e.primary_records) += static_cast<uint64_t>(l.int64(i, 3));
        }
    }
    conn->exec("COMMIT");
    if (cancelled()) return fail("cancelled");
    out.report = finishParity(summary, options, std::move(t));
    return out;
}

}  // namespace dt::pg
