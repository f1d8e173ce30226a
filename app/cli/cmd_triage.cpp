// SPDX-License-Identifier: MIT
// difftriage-cli triage: the groups of a store with their triage state from a workspace, flagged
// regression (marked fixed, yet back) and new (not there when the workspace was last opened) —
// comparing runs headless, e.g. as a CI gate (--fail-on-regression). docs/workspace.md.
#include <iomanip>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "core/analysis/causes.h"
#include "core/present/record_filter.h"
#include "core/triage/workspace_io.h"

namespace dt::cli {

int cmdTriage(const Args& argsIn, std::ostream& out, std::ostream& err) {
    Args args = argsIn;
    std::string rulesPath, wsPath;
    bool missing = false;
    takeOption(args, "--rules", &rulesPath, &missing);
    takeOption(args, "--workspace", &wsPath, &missing);
    const bool json = takeFlag(args, "--json");
    const bool failOnRegression = takeFlag(args, "--fail-on-regression");
    const bool markOpen = takeFlag(args, "--mark-opened");
    const bool swapFlag = takeSwapSides(args);
    if (missing || !rejectUnknownOptions(args, "triage", err) || args.size() != 1 || wsPath.empty()) {
        err << "usage: difftriage-cli triage STORE --workspace FILE [--rules FILE] [--json] [--fail-on-regression] "
               "[--mark-opened]\n";
        return 2;
    }
    std::vector<WorkspaceError> errors;
    auto ws = loadWorkspace(wsPath, &errors);
    if (!ws) {
        err << formatRuleErrors(wsPath, errors);
        return 2;
    }
    if (rulesPath.empty()) rulesPath = ws->rules_path;
    std::shared_ptr<const RuleProvider> rules;
    if (!rulesPath.empty() && !(rules = loadRules(rulesPath, err))) return 2;
    auto a = loadStore(args[0], rules, err, swapFlag || ws->swap_sides);  // the workspace remembers it
    if (!a) return 2;
    if (ws->signature_version != Analysis::kSignatureVersion)
        err << wsPath << ": note: the workspace's signatures are version " << ws->signature_version
            << ", this difftriage computes version " << Analysis::kSignatureVersion << "; states may not apply\n";

    std::vector<std::string> sigs;
    for (const Group& g : a->groups()) sigs.push_back(g.signature);
    const auto notes = annotateGroups(*ws, sigs);
    size_t regressions = 0, fresh = 0;
    for (const auto& n : notes) {
        regressions += n.regression;
        fresh += n.new_since;
    }
    if (json) {
        nlohmann::json j;
        j["store"] = args[0];
        j["workspace"] = wsPath;
        j["signature_version"] = Analysis::kSignatureVersion;
        j["last_opened"] = ws->last_opened;
        j["regressions"] = regressions;
        j["new"] = fresh;
        auto groups = nlohmann::json::array();
        for (size_t i = 0; i < sigs.size(); ++i) {
            const Group& g = a->groups()[i];
            const TriageAnnotation& n = notes[i];
            nlohmann::json e = {{"signature", g.signature},
                                {"endpoint", g.endpoint == kNone ? std::string() : a->endpoint(g.endpoint)},
                                {"count", g.count},
                                {"state", std::string(triageStateName(n.state))},
                                {"regression", n.regression},
                                {"new_since", n.new_since}};
            for (const auto& [key, value] : {std::pair<const char*, const std::string*>{"owner", &n.owner},
                                             {"note", &n.note},
                                             {"ticket", &n.ticket},
                                             {"issue", &n.issue_id},
                                             {"issue_name", &n.issue_name}})
                if (!value->empty()) e[key] = *value;
            groups.push_back(std::move(e));
        }
        j["groups"] = std::move(groups);
        out << j.dump(2) << "\n";
    } else {
        out << sigs.size() << " groups, " << regressions << " regressions, " << fresh << " new since "
            << (ws->last_opened.empty() ? std::string("(never opened)") : ws->last_opened) << "\n\n";
        for (size_t i = 0; i < sigs.size(); ++i) {
            const Group& g = a->groups()[i];
            const TriageAnnotation& n = notes[i];
            std::string flags = n.regression ? "REGRESSION " : "";
            if (n.new_since) flags += "NEW ";
            out << g.signature << "  " << std::setw(7) << g.count << "  " << std::left << std::setw(13)
                << triageStateName(n.state) << std::setw(11) << flags << std::right
                << (g.endpoint == kNone ? std::string() : a->endpoint(g.endpoint)) << "  "
                << differenceSummary(*a, g, 3, ", ");
            if (!n.issue_name.empty()) out << "  [" << n.issue_name << "]";
            if (!n.owner.empty()) out << "  @" << n.owner;
            out << "\n";
        }
    }
    if (markOpen) {
        const CauseIndex idx = computeCauses(*a);
        std::vector<std::string> causeIds;
        for (const Cause& c : idx.causes) causeIds.push_back(c.id);
        markOpened(*ws, sigs, causeIds);
        std::string error;
        if (!saveWorkspace(wsPath, *ws, &error)) {
            err << "difftriage-cli triage: " << error << "\n";
            return 2;
        }
    }
    return failOnRegression && regressions ? 1 : 0;
}

}  // namespace dt::cli
