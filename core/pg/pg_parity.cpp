// SPDX-License-Identifier: MIT
// The parity report of an indexed store from SQL aggregates (pg_parity.h).
#include "core/pg/pg_parity.h"

#include <charconv>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "core/parity/parity_tallies.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_pushdown.h"

namespace dt::pg {
namespace {

// A record's time as the index open reads it (pg_open.cpp): milliseconds, 0 without a time.
const char* const kMs = "coalesce((extract(epoch FROM ts) * 1000)::bigint, 0)";
const char* const kUpper = "'ABCDEFGHIJKLMNOPQRSTUVWXYZ'";
const char* const kLower = "'abcdefghijklmnopqrstuvwxyz'";

double number(std::string_view v, double fallback) {
    double d = fallback;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
    return ec == std::errc() ? d : fallback;
}

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
    if (!conn->run("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", "starting a snapshot", error))
        return std::nullopt;
    const std::string records = quoteIdent(schema) + ".records";

    IndexParity out;
    const RecordCriteria criteria = recordCriteria(filter);
    if (!criteria.tags.empty()) out.unapplied = "tags (an index keeps no tags)";
    Where where;
    if (!criteria.endpoint.empty())
        where.add("strpos(" + folded("endpoint") + ", " + where.param(criteria.endpoint) + ") > 0");
    if (!criteria.correlationId.empty())
        where.add("strpos(" + folded("coalesce(id, '')") + ", " + where.param(criteria.correlationId) + ") > 0");
    if (criteria.fromMs)
        where.add(std::string(kMs) + " >= " + where.param(std::to_string(*criteria.fromMs)) + "::bigint");
    if (criteria.toMs) where.add(std::string(kMs) + " <= " + where.param(std::to_string(*criteria.toMs)) + "::bigint");
    if (criteria.badStatus) where.add("FALSE");
    out.filtered = !(criteria.endpoint.empty() && criteria.correlationId.empty() && !criteria.fromMs &&
                     !criteria.toMs && !criteria.status && !criteria.badStatus);

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
        PgResult n = conn->exec("SELECT count(*) FROM " + records);
        if (!n.ok()) return fail(uri->display + ": counting " + schema + ".records failed: " + conn->describe(n));
        t.records = static_cast<uint64_t>(n.int64(0, 0));
    }
    PgResult a = conn->execParams("SELECT outcome, signature, endpoint, primary_status, candidate_status, count(*),"
                                  " sum(weight), min(" +
                                      std::string(kMs) + "), max(" + kMs + ") FROM " + records + " WHERE " + where.sql +
                                      " GROUP BY 1, 2, 3, 4, 5",
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
        const auto count = static_cast<uint64_t>(a.int64(i, 5));
        const double w = number(a.value(i, 6), 0);
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
        auto countStatus = [w](ErrorCounts& c, int s, bool failed) {
            if (failed || s < 0)
                c.failed += w;
            else if (s >= 500)
                c.status5xx += w;
            else if (s >= 400)
                c.status4xx += w;
        };
        countStatus(e.primary_errors, ps, false);
        countStatus(e.candidate_errors, cs, (cls & kClassCandidateError) != 0);
        if (*o == Outcome::Mismatch) addDifferenceClasses(t.difference_classes, cls, w);
        if (!t.group_weight.empty() && !signature.empty())
            if (const auto g = summary.findGroup(signature)) t.group_weight[*g] += w;
    }
    frameParity(t, options);

    // The status pairs that pass, as a predicate for the queries below.
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

    // 2. Outcomes per time bucket and window step.
    if (t.any) {
        const std::string bucket = std::to_string(t.bucket_ms), step = std::to_string(t.grid.step_ms);
        // floor(ms / n) in integers (ms may be negative): (ms - ((ms % n + n) % n)) / n.
        auto floorDivSql = [](const std::string& n) {
            const std::string m = std::string("(") + kMs + ")";
            return "(" + m + " - ((" + m + " % " + n + " + " + n + ") % " + n + ")) / " + n;
        };
        PgResult b = conn->execParams("SELECT " + floorDivSql(bucket) + ", " + floorDivSql(step) +
                                          ", outcome, count(*), sum(weight) FROM " + records + " WHERE " + where.sql +
                                          " GROUP BY 1, 2, 3",
                                      where.params);
        if (!b.ok())
            return fail(uri->display + ": aggregating " + schema + ".records by time failed: " + conn->describe(b));
        for (int i = 0; i < b.rows(); ++i) {
            const auto o = outcomeFromName(b.value(i, 2));
            if (!o) continue;
            const int64_t bi = b.int64(i, 0) - t.first_bucket, si = b.int64(i, 1) - t.grid.first_step;
            if (bi < 0 || size_t(bi) >= t.buckets.size() || si < 0 || size_t(si) >= t.steps.size())
                return fail(uri->display + ": " + schema + ".records changed while it was read");
            const auto count = static_cast<uint64_t>(b.int64(i, 3));
            const double w = number(b.value(i, 4), 0);
            t.buckets[size_t(bi)].add(*o, w, count);
            t.steps[size_t(si)].add(*o, w, count);
        }
    }
    if (cancelled()) return fail("cancelled");

    // 3. Latency values per endpoint and side (grouped by value: the weighted percentiles and
    //    histograms are the same as over every record).
    {
        PgResult l = conn->execParams(
            "SELECT endpoint, GROUPING(primary_latency_ms), coalesce(primary_latency_ms, candidate_latency_ms),"
            " count(*), sum(weight) FROM " +
                records + " WHERE " + where.sql +
                " GROUP BY GROUPING SETS ((endpoint, primary_latency_ms), (endpoint, candidate_latency_ms))",
            where.params);
        if (!l.ok())
            return fail(uri->display + ": aggregating latencies of " + schema +
                        ".records failed: " + conn->describe(l));
        for (int i = 0; i < l.rows(); ++i) {
            if (l.isNull(i, 2)) continue;
            const double ms = number(l.value(i, 2), -1);
            if (!(ms >= 0) || !std::isfinite(ms)) continue;
            const std::string endpoint =
                l.isNull(i, 0) || l.value(i, 0).empty() ? std::string("(no endpoint)") : std::string(l.value(i, 0));
            const auto slot = endpointSlot.find(endpoint);
            if (slot == endpointSlot.end()) continue;
            EndpointTally& e = t.endpoints[slot->second];
            const bool candidate = l.int64(i, 1) != 0;  // grouped by the candidate's latency
            (candidate ? e.candidate : e.primary)
                .emplace_back(static_cast<float>(ms), static_cast<float>(number(l.value(i, 4), 0)));
            (candidate ? e.candidate_records : e.primary_records) += static_cast<uint64_t>(l.int64(i, 3));
        }
    }
    conn->exec("COMMIT");
    if (cancelled()) return fail("cancelled");
    out.report = finishParity(summary, options, std::move(t));
    return out;
}

}  // namespace dt::pg
