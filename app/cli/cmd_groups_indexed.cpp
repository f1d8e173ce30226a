// SPDX-License-Identifier: MIT
// difftriage-cli on an indexed PostgreSQL store: `groups` reads the same report from the result
// tables with SQL on the server (core/pg/pg_pushdown.h) instead of scanning and diffing the store;
// `causes` and `check` start from the index's summary (openIndexedStore).
#include <iomanip>

#include "app/cli/common.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_open.h"
#include "core/pg/pg_pushdown.h"
#include "core/present/record_filter.h"

namespace dt::cli {
namespace {

nlohmann::json indexedGroupJson(const pg::IndexedGroup& g) {
    nlohmann::json j;
    j["signature"] = g.signature;
    j["endpoint"] = g.endpoint;
    j["outcome"] = g.outcome;
    j["count"] = g.count;
    j["weighted_count"] = g.weighted;
    j["first_ts"] = g.first_ts;
    j["last_ts"] = g.last_ts;
    auto diffs = nlohmann::json::array();
    for (const auto& d : g.differences) diffs.push_back({{"path", d.path}, {"kind", d.kind}, {"class", d.cls}});
    j["differences"] = std::move(diffs);
    if (g.status_pair) j["status"] = {{"primary", g.status_pair->first}, {"candidate", g.status_pair->second}};
    j["sample_ids"] = g.sample_ids;
    return j;
}

// The one difference summary (core/present/record_filter.h), as for an in-memory group.
std::string summary(const pg::IndexedGroup& g) {
    std::vector<SigKey> diffs;
    for (const auto& d : g.differences)
        if (const auto k = kindFromName(d.kind)) diffs.push_back({d.path, *k, d.cls});
    return differenceSummary(diffs, g.status_pair, g.outcome == "drift" ? Outcome::Drift : Outcome::Mismatch, 4, ", ");
}

}  // namespace

int groupsFromIndex(const std::string& store, const std::string& rulesPath, bool json, size_t limit, std::ostream& out,
                    std::ostream& err) {
    if (!pg::isPostgresUri(store)) return -1;
    std::string error;
    auto index = pg::readIndexedGroups(store, false, &error);
    if (!index) {
        if (!error.empty()) err << "difftriage-cli: " << error << "; reading the store itself\n";
        return -1;
    }
    if (pg::rulesFileFingerprint(rulesPath) != index->rules) {
        err << "difftriage-cli: the index in schema " << index->schema
            << " was built with other rules; reading the store itself (re-run the index with these rules)\n";
        return -1;
    }
    if (json) {
        nlohmann::json j;
        j["store"] = store;
        j["source"] = "index:" + index->schema;
        j["signature_version"] = Analysis::kSignatureVersion;
        j["records"] = index->records;
        nlohmann::json counts = nlohmann::json::object(), weights = nlohmann::json::object();
        for (int o = 0; o < kOutcomeCount; ++o) {
            const std::string name(outcomeName(static_cast<Outcome>(o)));
            counts[name] = index->counts[o];
            weights[name] = index->weights[o];
        }
        j["outcomes"] = std::move(counts);
        j["weighted_outcomes"] = std::move(weights);
        j["match_rate"] = index->matchRate();
        j["problems"] = index->counts[int(Outcome::Invalid)];
        auto groups = nlohmann::json::array();
        auto drift = nlohmann::json::array();
        size_t n = 0;
        for (const auto& g : index->groups) {
            if (g.outcome == "drift")
                drift.push_back(indexedGroupJson(g));
            else if (n++ < limit)
                groups.push_back(indexedGroupJson(g));
        }
        j["groups"] = std::move(groups);
        j["drift_groups"] = std::move(drift);
        out << j.dump(2) << "\n";
        return 0;
    }
    out << store << ": " << index->records << " records";
    for (int o = 0; o < kOutcomeCount; ++o)
        out << ", " << index->counts[o] << " " << outcomeName(static_cast<Outcome>(o));
    out << "\nweighted match rate: " << percent(index->matchRate()) << "   (from the index in schema " << index->schema
        << ")\n\n";
    const double mismatches = static_cast<double>(index->counts[int(Outcome::Mismatch)]);
    size_t endpointWidth = 28;
    {
        size_t n = 0;
        for (const auto& g : index->groups) {
            if (n++ >= limit) break;
            endpointWidth = std::max(endpointWidth, g.endpoint.size() + 2);
        }
    }
    out << std::left << std::setw(13) << "SIGNATURE" << std::right << std::setw(8) << "COUNT" << std::setw(9) << "SHARE"
        << "  " << std::left << std::setw(int(endpointWidth)) << "ENDPOINT"
        << "DIFFERENCES (signature v" << Analysis::kSignatureVersion << ")\n";
    size_t n = 0;
    for (const auto& g : index->groups) {
        if (n++ >= limit) break;
        const bool drift = g.outcome == "drift";
        const double share = drift || mismatches == 0 ? 0 : double(g.count) / mismatches;
        out << std::left << std::setw(13) << g.signature << std::right << std::setw(8) << g.count << std::setw(9)
            << (drift ? std::string("drift") : percent(share)) << "  " << std::left << std::setw(int(endpointWidth))
            << g.endpoint << summary(g) << "\n";
    }
    return 0;
}

std::optional<pg::IndexOpen> openIndexedStore(const std::string& store, const std::string& rulesPath,
                                              std::shared_ptr<const RuleProvider> rules, std::ostream& err) {
    if (!pg::isPostgresUri(store)) return std::nullopt;
    pg::IndexOpenOptions options;
    options.rulesFingerprint = pg::rulesFileFingerprint(rulesPath);
    options.rules = rules;
    pg::IndexOpen open = pg::openIndexSummary(store, options);
    if (!open.analysis) {
        if (!open.refused.empty()) err << "difftriage-cli: " << open.refused << "; reading the store itself\n";
        return std::nullopt;
    }
    if (rules && !open.rules) {  // built without rules: applying them needs the records
        err << "difftriage-cli: the index in schema " << open.schema
            << " was built without rules; reading the store itself (re-run the index with these rules)\n";
        return std::nullopt;
    }
    return open;
}

}  // namespace dt::cli
