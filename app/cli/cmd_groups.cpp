// SPDX-License-Identifier: MIT
// difftriage-cli groups / records
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <sstream>

#include "app/cli/common.h"
#include "core/analysis/causes.h"

namespace dt::cli {

namespace {

struct StoreArgs {
    std::string store;
    std::string rules;
    bool json = false;
    bool noIndex = false;
    bool swapSides = false;
    std::string limit;
    std::string filter;
};

bool parseStoreArgs(Args args, std::string_view command, StoreArgs* out, std::ostream& err, bool allowJson) {
    bool missing = false;
    takeOption(args, "--rules", &out->rules, &missing);
    takeOption(args, "--limit", &out->limit, &missing);
    takeOption(args, "--filter", &out->filter, &missing);
    if (allowJson) out->json = takeFlag(args, "--json");
    if (allowJson) out->noIndex = takeFlag(args, "--no-index");
    out->swapSides = takeSwapSides(args);
    if (missing) {
        err << "difftriage-cli " << command << ": an option is missing its value\n";
        return false;
    }
    if (!rejectUnknownOptions(args, command, err)) return false;
    if (args.size() != 1) {
        err << "usage: difftriage-cli " << command << " STORE [--rules FILE] [--filter QUERY]"
            << (allowJson ? " [--json]" : "") << "\n";
        return false;
    }
    out->store = args[0];
    return true;
}

std::unique_ptr<Analysis> load(const StoreArgs& sa, std::ostream& err) {
    std::shared_ptr<const RuleProvider> rules;
    if (!sa.rules.empty()) {
        rules = loadRules(sa.rules, err);
        if (!rules) return nullptr;
    }
    return loadStore(sa.store, rules, err, sa.swapSides);
}

// The --filter query (core/present/record_filter.h); nullopt + message on a bad query, an empty
// result pointer when no filter was given.
std::optional<std::shared_ptr<const FilterResult>> applyFilter(const Analysis& a, const StoreArgs& sa,
                                                               std::string_view command, std::ostream& err) {
    if (sa.filter.empty()) return std::shared_ptr<const FilterResult>();
    std::string error;
    const auto spec = parseFilterQuery(sa.filter, &error);
    if (!spec) {
        err << "difftriage-cli " << command << ": --filter: " << error << "\n";
        return std::nullopt;
    }
    return std::make_shared<const FilterResult>(*computeFilter(a, *spec));
}

}  // namespace

int cmdGroups(const Args& argsIn, std::ostream& out, std::ostream& err) {
    if (std::find(argsIn.begin(), argsIn.end(), "--follow") != argsIn.end()) return cmdGroupsFollow(argsIn, out, err);
    StoreArgs sa;
    if (!parseStoreArgs(argsIn, "groups", &sa, err, true)) return 2;
    size_t limit = SIZE_MAX;
    if (!sa.limit.empty()) {
        char* end = nullptr;
        const unsigned long n = std::strtoul(sa.limit.c_str(), &end, 10);
        if (sa.limit[0] == '-' || end == sa.limit.c_str() || *end) {
            err << "difftriage-cli groups: --limit needs a number, got '" << sa.limit << "'\n";
            return 2;
        }
        limit = n;
    }
    // An indexed PostgreSQL store: groups come from the result tables (pushdown), not a scan.
    // (--filter needs the records themselves: it scans.)
    if (!sa.noIndex && !sa.swapSides && sa.filter.empty()) {  // indexes are unswapped: scan
        const int rc = groupsFromIndex(sa.store, sa.rules, sa.json, limit, out, err);
        if (rc >= 0) return rc;
    }
    auto a = load(sa, err);
    if (!a) return 2;
    const auto filter = applyFilter(*a, sa, "groups", err);
    if (!filter) return 2;
    const FilterResult* f = filter->get();
    auto shown = [&](size_t g) { return !f || f->groupVisible[g]; };
    auto countOf = [&](size_t g, const Group& grp) { return f ? uint64_t(f->groupMatches[g]) : grp.count; };
    limit = std::min<size_t>(limit, a->groups().size());
    if (sa.json) {
        nlohmann::json j;
        j["store"] = sa.store;
        j["signature_version"] = Analysis::kSignatureVersion;
        if (a->sidesSwapped()) j["sides_swapped"] = true;  // "primary" = the reference (the candidate)
        j["records"] = a->records().size();
        j["outcomes"] = outcomesJson(*a, false);
        j["weighted_outcomes"] = outcomesJson(*a, true);
        j["match_rate"] = a->matchRate();
        j["problems"] = a->problems().size();
        auto groups = nlohmann::json::array();
        auto drift = nlohmann::json::array();
        size_t n = 0;
        for (size_t i = 0; i < a->groups().size(); ++i) {
            const Group& g = a->groups()[i];
            if (!shown(i)) continue;
            nlohmann::json gj = groupJson(*a, g);
            if (f) gj["filtered_count"] = countOf(i, g);
            if (g.outcome == Outcome::Drift)
                drift.push_back(std::move(gj));
            else if (n++ < limit)
                groups.push_back(std::move(gj));
        }
        if (f) j["filter"] = {{"query", sa.filter}, {"groups", f->visibleGroups}, {"records", f->matchedRecords}};
        j["groups"] = std::move(groups);
        j["drift_groups"] = std::move(drift);
        out << j.dump(2) << "\n";
        return 0;
    }
    const auto counts = a->outcomeCounts();
    out << sa.store << ": " << a->records().size() << " records";
    for (int o = 0; o < kOutcomeCount; ++o) out << ", " << counts[o] << " " << outcomeName(static_cast<Outcome>(o));
    out << "\nweighted match rate: " << percent(a->matchRate()) << "\n\n";
    const double mismatches = a->outcomeCounts()[int(Outcome::Mismatch)];
    // The endpoint column is as wide as the longest endpoint shown (never runs into the differences).
    size_t endpointWidth = 28;
    {
        size_t n = 0;
        for (size_t i = 0; i < a->groups().size(); ++i) {
            if (!shown(i)) continue;
            if (n++ >= limit) break;
            endpointWidth = std::max(endpointWidth, a->endpoint(a->groups()[i].endpoint).size() + 2);
        }
    }
    out << std::left << std::setw(13) << "SIGNATURE" << std::right << std::setw(8) << "COUNT" << std::setw(9) << "SHARE"
        << "  " << std::left << std::setw(int(endpointWidth)) << "ENDPOINT"
        << "DIFFERENCES (signature v" << Analysis::kSignatureVersion << ")\n";
    if (f)
        out << "filter '" << sa.filter << "': " << f->visibleGroups << " groups, " << f->matchedRecords << " records\n";
    size_t n = 0;
    for (size_t i = 0; i < a->groups().size(); ++i) {
        const Group& g = a->groups()[i];
        if (!shown(i)) continue;
        if (n++ >= limit) break;
        const double share = g.outcome == Outcome::Drift || mismatches == 0 ? 0 : double(g.count) / mismatches;
        out << std::left << std::setw(13) << g.signature << std::right << std::setw(8) << countOf(i, g) << std::setw(9)
            << (g.outcome == Outcome::Drift ? std::string("drift") : percent(share)) << "  " << std::left
            << std::setw(int(endpointWidth)) << a->endpoint(g.endpoint) << differenceSummary(*a, g, 4, ", ") << "\n";
    }
    return 0;
}

int cmdRecords(const Args& argsIn, std::ostream& out, std::ostream& err) {
    StoreArgs sa;
    if (!parseStoreArgs(argsIn, "records", &sa, err, false)) return 2;
    auto a = load(sa, err);
    if (!a) return 2;
    const auto filter = applyFilter(*a, sa, "records", err);
    if (!filter) return 2;
    const FilterResult* f = filter->get();
    const auto& recs = a->records();
    const CauseIndex causes = computeCauses(*a);
    for (uint32_t i = 0; i < recs.size(); ++i) {
        // A filter selects records of the groups it shows (mismatch and drift records).
        if (f && (recs[i].group == kNone || !f->groupVisible[recs[i].group] || !f->recordPasses(i))) continue;
        nlohmann::json j;
        const std::string_view id = a->id(recs[i]);
        if (id.empty() && recs[i].outcome == Outcome::Invalid)
            j["id"] = nullptr;
        else
            j["id"] = std::string(id);
        j["outcome"] = std::string(outcomeName(recs[i].outcome));
        if (auto sig = recordSignature(*a, i))
            j["signature"] = *sig;
        else
            j["signature"] = nullptr;
        j["signature_version"] = Analysis::kSignatureVersion;
        auto ids = nlohmann::json::array();
        for (uint32_t c : causes.causesOfRecord(*a, i)) ids.push_back(causes.causes[c].id);
        j["causes"] = std::move(ids);
        out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
    return 0;
}

}  // namespace dt::cli
