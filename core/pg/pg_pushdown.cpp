// SPDX-License-Identifier: MIT
// Pushdown queries over the result tables (pg_pushdown.h).
#include "core/pg/pg_pushdown.h"

#include <nlohmann/json.hpp>

#include "core/pg/pg_conn.h"

namespace dt::pg {
namespace {

constexpr const char* kTs = "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'";

}  // namespace

std::optional<Outcome> outcomeFromName(std::string_view name) {
    for (int o = 0; o < kOutcomeCount; ++o)
        if (outcomeName(static_cast<Outcome>(o)) == name) return static_cast<Outcome>(o);
    return std::nullopt;
}

double IndexedSummary::matchRate() const {
    const double good = weights[int(Outcome::Match)] + weights[int(Outcome::Noise)] + weights[int(Outcome::Allowed)];
    const double all = good + weights[int(Outcome::Mismatch)];
    return all > 0 ? good / all : 1.0;
}

std::optional<IndexedSummary> readIndexedGroups(const std::string& storeUri, bool live, std::string* error) {
    if (error) error->clear();
    auto uri = parsePgUri(storeUri, error);
    if (!uri) return std::nullopt;
    auto conn = PgConn::connect(*uri, true, error);
    if (!conn) return std::nullopt;
    IndexedSummary out;
    out.schema = uri->schema.empty() ? std::string("difftriage") : uri->schema;
    const std::string s = quoteIdent(out.schema);
    PgResult exists = conn->execParams("SELECT to_regclass($1) IS NOT NULL", {s + ".index_state"});
    if (!exists.ok()) {
        if (error) *error = uri->display + ": " + conn->describe(exists);
        return std::nullopt;
    }
    if (exists.value(0, 0) != "t") return std::nullopt;
    if (!conn->run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "reading the index", error)) return std::nullopt;
    PgResult state = conn->exec("SELECT count(*), min(rules), max(rules) FROM " + s + ".index_state");
    if (!state.ok()) {
        if (error) *error = uri->display + ": reading the index failed: " + conn->describe(state);
        return std::nullopt;
    }
    if (state.int64(0, 0) == 0) return std::nullopt;  // schema made, nothing indexed yet
    if (state.value(0, 1) != state.value(0, 2)) {
        if (error)
            *error = uri->display + ": the shards of the index in " + out.schema +
                     " were built with different rules; re-run the index workers with one rules file";
        return std::nullopt;
    }
    out.rules = std::string(state.value(0, 1));

    const std::string outcomesSql =
        live ? "SELECT outcome, count(*), sum(weight) FROM " + s + ".records GROUP BY outcome"
             : "SELECT outcome, count, weighted FROM " + s + ".outcomes";
    PgResult outcomes = conn->exec(outcomesSql);
    if (!outcomes.ok()) {
        if (error) *error = uri->display + ": reading outcome counts failed: " + conn->describe(outcomes);
        return std::nullopt;
    }
    for (int i = 0; i < outcomes.rows(); ++i) {
        const auto o = outcomeFromName(outcomes.value(i, 0));
        if (!o) continue;
        out.counts[int(*o)] = static_cast<uint64_t>(outcomes.int64(i, 1));
        out.weights[int(*o)] = numberOf(outcomes.value(i, 2), 0);
        out.records += out.counts[int(*o)];
    }

    const std::string source =
        live ? "(SELECT signature, min(outcome) AS outcome, min(endpoint) AS endpoint, count(*) AS count,"
               " sum(weight) AS weighted, min(ts) AS first_ts, max(ts) AS last_ts, NULL::text[] AS sample_ids FROM " +
                   s + ".records WHERE outcome IN ('mismatch', 'drift') GROUP BY signature)"
             : s + ".groups";
    PgResult groups =
        conn->exec("SELECT g.signature, g.outcome, g.endpoint, g.count, g.weighted, to_char(g.first_ts, " +
                   std::string(kTs) + "), to_char(g.last_ts, " + kTs +
                   "), x.differences::text, x.status_primary, x.status_candidate,"
                   " array_to_json(g.sample_ids)::text FROM " +
                   source + " g LEFT JOIN " + s +
                   ".signatures x ON x.signature = g.signature ORDER BY g.count DESC, g.signature COLLATE \"C\"");
    if (!groups.ok()) {
        if (error) *error = uri->display + ": reading groups failed: " + conn->describe(groups);
        return std::nullopt;
    }
    out.groups.reserve(static_cast<size_t>(groups.rows()));
    for (int i = 0; i < groups.rows(); ++i) {
        IndexedGroup g;
        g.signature = groups.value(i, 0);
        g.outcome = groups.value(i, 1);
        g.endpoint = groups.value(i, 2);
        g.count = static_cast<uint64_t>(groups.int64(i, 3));
        g.weighted = numberOf(groups.value(i, 4), 0);
        g.first_ts = groups.value(i, 5);
        g.last_ts = groups.value(i, 6);
        if (!groups.isNull(i, 7)) {
            const auto diffs = nlohmann::json::parse(groups.value(i, 7), nullptr, false);
            if (diffs.is_array())
                for (const auto& d : diffs)
                    g.differences.push_back({d.value("path", std::string()), d.value("kind", std::string()),
                                             d.value("class", std::string())});
        }
        if (!groups.isNull(i, 8) && !groups.isNull(i, 9))
            g.status_pair = std::make_pair(static_cast<int>(groups.int64(i, 8)), static_cast<int>(groups.int64(i, 9)));
        if (!groups.isNull(i, 10)) {
            const auto ids = nlohmann::json::parse(groups.value(i, 10), nullptr, false);
            if (ids.is_array())
                for (const auto& id : ids)
                    if (id.is_string()) g.sample_ids.push_back(id.get<std::string>());
        }
        out.groups.push_back(std::move(g));
    }
    conn->exec("COMMIT");
    return out;
}

}  // namespace dt::pg
