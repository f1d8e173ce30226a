// difftriage-cli groups / records
#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <sstream>

#include "app/cli/common.h"

namespace dt::cli {

namespace {

struct StoreArgs {
    std::string store;
    std::string rules;
    bool json = false;
    bool noIndex = false;
    std::string limit;
};

bool parseStoreArgs(Args args, std::string_view command, StoreArgs* out, std::ostream& err, bool allowJson) {
    bool missing = false;
    takeOption(args, "--rules", &out->rules, &missing);
    takeOption(args, "--limit", &out->limit, &missing);
    if (allowJson) out->json = takeFlag(args, "--json");
    if (allowJson) out->noIndex = takeFlag(args, "--no-index");
    if (missing) {
        err << "difftriage-cli " << command << ": an option is missing its value\n";
        return false;
    }
    if (!rejectUnknownOptions(args, command, err)) return false;
    if (args.size() != 1) {
        err << "usage: difftriage-cli " << command << " STORE [--rules FILE]" << (allowJson ? " [--json]" : "") << "\n";
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
    return loadStore(sa.store, rules, err);
}

}  // namespace

int cmdGroups(const Args& argsIn, std::ostream& out, std::ostream& err) {
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
    if (!sa.noIndex) {
        const int rc = groupsFromIndex(sa.store, sa.rules, sa.json, limit, out, err);
        if (rc >= 0) return rc;
    }
    auto a = load(sa, err);
    if (!a) return 2;
    limit = std::min<size_t>(limit, a->groups().size());
    if (sa.json) {
        nlohmann::json j;
        j["store"] = sa.store;
        j["records"] = a->records().size();
        j["outcomes"] = outcomesJson(*a, false);
        j["weighted_outcomes"] = outcomesJson(*a, true);
        j["match_rate"] = a->matchRate();
        j["problems"] = a->problems().size();
        auto groups = nlohmann::json::array();
        auto drift = nlohmann::json::array();
        size_t n = 0;
        for (const Group& g : a->groups()) {
            if (g.outcome == Outcome::Drift) drift.push_back(groupJson(*a, g));
            else if (n++ < limit) groups.push_back(groupJson(*a, g));
        }
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
    out << std::left << std::setw(13) << "SIGNATURE" << std::right << std::setw(8) << "COUNT" << std::setw(9) << "SHARE"
        << "  " << std::left << std::setw(28) << "ENDPOINT" << "DIFFERENCES\n";
    size_t n = 0;
    for (const Group& g : a->groups()) {
        if (n++ >= limit) break;
        const double share = g.outcome == Outcome::Drift || mismatches == 0 ? 0 : double(g.count) / mismatches;
        out << std::left << std::setw(13) << g.signature << std::right << std::setw(8) << g.count << std::setw(9)
            << (g.outcome == Outcome::Drift ? std::string("drift") : percent(share)) << "  " << std::left << std::setw(28)
            << a->endpoint(g.endpoint) << differenceSummary(*a, g) << "\n";
    }
    return 0;
}

int cmdRecords(const Args& argsIn, std::ostream& out, std::ostream& err) {
    StoreArgs sa;
    if (!parseStoreArgs(argsIn, "records", &sa, err, false)) return 2;
    auto a = load(sa, err);
    if (!a) return 2;
    const auto& recs = a->records();
    for (uint32_t i = 0; i < recs.size(); ++i) {
        nlohmann::json j;
        const std::string_view id = a->id(recs[i]);
        if (id.empty() && recs[i].outcome == Outcome::Invalid) j["id"] = nullptr;
        else j["id"] = std::string(id);
        j["outcome"] = std::string(outcomeName(recs[i].outcome));
        if (auto sig = recordSignature(*a, i)) j["signature"] = *sig;
        else j["signature"] = nullptr;
        out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
    return 0;
}

}  // namespace dt::cli
