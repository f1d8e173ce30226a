// SPDX-License-Identifier: MIT
// difftriage-cli causes: one unit per decision across endpoints (core/analysis/causes.h).
#include <cstdlib>
#include <iomanip>

#include "app/cli/common.h"
#include "core/analysis/causes.h"

namespace dt::cli {

namespace {

// Sample ids of a cause read from an index: its groups' samples kept by the index, in group order.
std::vector<std::string> indexedSampleIds(const Analysis& a, const pg::IndexOpen& index, const Cause& c, size_t n) {
    std::vector<std::string> ids;
    for (uint32_t g : c.groups) {
        const auto it = index.sampleIds.find(a.groups()[g].signature);
        if (it == index.sampleIds.end()) continue;
        for (const std::string& id : it->second) {
            if (ids.size() >= n) return ids;
            ids.push_back(id);
        }
    }
    return ids;
}

nlohmann::json causeJson(const Cause& c, std::vector<std::string> sampleIds) {
    nlohmann::json j;
    j["id"] = c.id;
    j["kind"] = std::string(kindName(c.kind));
    j["class"] = c.cls;
    if (!c.param.empty()) j["param"] = c.param;
    j["representation"] = c.representation;
    j["title"] = c.title;
    j["paths"] = c.paths;
    j["endpoints"] = c.endpoints;
    j["count"] = c.count;
    j["weighted_count"] = c.weighted;
    j["groups"] = c.groups.size();
    j["sample_ids"] = std::move(sampleIds);
    return j;
}

}  // namespace

int cmdCauses(const Args& argsIn, std::ostream& out, std::ostream& err) {
    Args args = argsIn;
    std::string rulesPath, limitText;
    bool missing = false;
    takeOption(args, "--rules", &rulesPath, &missing);
    takeOption(args, "--limit", &limitText, &missing);
    const bool json = takeFlag(args, "--json");
    const bool noIndex = takeFlag(args, "--no-index");
    const bool swapSides = takeSwapSides(args);
    if (missing || !rejectUnknownOptions(args, "causes", err) || args.size() != 1) {
        err << "usage: difftriage-cli causes STORE [--rules FILE] [--json] [--limit N] [--no-index]\n";
        return 2;
    }
    size_t limit = SIZE_MAX;
    if (!limitText.empty()) {
        char* end = nullptr;
        const unsigned long n = std::strtoul(limitText.c_str(), &end, 10);
        if (limitText[0] == '-' || end == limitText.c_str() || *end) {
            err << "difftriage-cli causes: --limit needs a number, got '" << limitText << "'\n";
            return 2;
        }
        limit = n;
    }
    std::shared_ptr<const RuleProvider> rules;
    if (!rulesPath.empty() && !(rules = loadRules(rulesPath, err))) return 2;
    // An indexed PostgreSQL store: causes from the index's groups (no record is read).
    std::optional<pg::IndexOpen> indexed;
    if (!swapSides && !noIndex) indexed = openIndexedStore(args[0], rulesPath, rules, err);
    std::unique_ptr<Analysis> a = indexed ? std::move(indexed->analysis) : loadStore(args[0], rules, err, swapSides);
    if (!a) return 2;
    const uint64_t records = indexed ? indexed->records : a->records().size();
    const CauseIndex idx = computeCauses(*a);
    const size_t shown = std::min(limit, idx.causes.size());
    if (json) {
        nlohmann::json j;
        j["store"] = args[0];
        j["signature_version"] = Analysis::kSignatureVersion;
        if (a->sidesSwapped()) j["sides_swapped"] = true;  // "primary" = the reference (the candidate)
        if (indexed) j["source"] = "index:" + indexed->schema;
        j["records"] = records;
        j["mismatch_records"] = idx.records;
        auto cs = nlohmann::json::array();
        for (size_t i = 0; i < shown; ++i)
            cs.push_back(causeJson(idx.causes[i], indexed ? indexedSampleIds(*a, *indexed, idx.causes[i], 5)
                                                          : causeSampleIds(*a, idx.causes[i], 5)));
        j["causes"] = std::move(cs);
        out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return 0;
    }
    out << args[0] << ": " << records << " records, " << idx.records << " mismatches, " << idx.causes.size()
        << " causes";
    if (indexed) out << "   (from the index in schema " << indexed->schema << ")";
    out << "\n\n";
    out << std::left << std::setw(14) << "CAUSE" << std::right << std::setw(8) << "RECORDS" << std::setw(9) << "SHARE"
        << std::setw(7) << "PATHS" << std::setw(11) << "ENDPOINTS"
        << "  " << std::left << "TITLE\n";
    for (size_t i = 0; i < shown; ++i) {
        const Cause& c = idx.causes[i];
        out << std::left << std::setw(14) << c.id << std::right << std::setw(8) << c.count << std::setw(9)
            << percent(idx.records ? double(c.count) / double(idx.records) : 0) << std::setw(7) << c.paths.size()
            << std::setw(11) << c.endpoints.size() << "  " << std::left << c.title << "\n";
    }
    return 0;
}

}  // namespace dt::cli
