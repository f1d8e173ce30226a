// SPDX-License-Identifier: MIT
// difftriage-cli rules export --format keploy|diferencia|jd RULES [--store STORE] ...
#include "app/cli/common.h"
#include "core/export/peer_export.h"
#include "core/rules/rules_io.h"
#include "core/util/atomic_write.h"

namespace dt::cli {

int cmdRulesExport(const Args& argsIn, std::ostream& out, std::ostream& err) {
    Args args = argsIn;
    std::string format, store, endpoint, outPath, headersOut;
    bool missing = false;
    takeOption(args, "--format", &format, &missing);
    takeOption(args, "--store", &store, &missing);
    takeOption(args, "--endpoint", &endpoint, &missing);
    takeOption(args, "--out", &outPath, &missing);
    takeOption(args, "--headers-out", &headersOut, &missing);
    const bool allowBroader = takeFlag(args, "--allow-broader");
    const bool json = takeFlag(args, "--json");
    if (missing || !rejectUnknownOptions(args, "rules export", err) || args.size() != 1 || format.empty()) {
        err << "usage: difftriage-cli rules export --format keploy|diferencia|jd RULES [--store STORE] "
               "[--endpoint \"GET /path\"] [--allow-broader] [--out FILE] [--headers-out FILE] [--json]\n";
        return 2;
    }
    const auto fmt = peer::peerFormatFromName(format);
    if (!fmt) {
        err << "difftriage-cli rules export: unknown format '" << format << "' (keploy, diferencia, jd)\n";
        return 2;
    }
    std::vector<RuleError> errors;
    auto config = readRulesFile(args[0], &errors);
    if (!config) {
        err << formatRuleErrors(args[0], errors);
        return 2;
    }
    peer::StoreShapes shapes;
    peer::PeerExportOptions opt;
    opt.allow_broader = allowBroader;
    opt.endpoint = endpoint;
    opt.source = args[0];
    if (!store.empty()) {
        std::string error;
        if (!peer::collectStoreShapes(store, &shapes, &error)) {
            err << "difftriage-cli rules export: " << error << "\n";
            return 2;
        }
        if (shapes.capped)
            err << "warning: " << store
                << " has more distinct JSON pointers than kept for expansion; wildcards cover only "
                << shapes.nodes.size() << " of them\n";
        opt.shapes = &shapes;
    }
    const peer::PeerExport x = peer::exportRules(*config, *fmt, opt);

    if (json) {
        nlohmann::json j;
        j["format"] = format;
        j["text"] = x.text;
        j["headers"] = x.headers;
        j["usage"] = x.usage;
        auto rules = nlohmann::json::array();
        for (const auto& n : x.notes)
            rules.push_back({{"id", n.rule_id},
                             {"rule", n.rule},
                             {"status", std::string(peer::exportStatusName(n.status))},
                             {"exported", n.exported},
                             {"reasons", n.reasons}});
        j["rules"] = std::move(rules);
        out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else if (outPath.empty()) {
        out << x.text;
    }
    if (!outPath.empty()) {
        std::string error;
        if (!writeFileAtomically(outPath, x.text, &error)) {
            err << "difftriage-cli rules export: " << error << "\n";
            return 2;
        }
    }
    if (!headersOut.empty()) {  // diferencia's --ignoreHeadersValues list, one header per line
        std::string list, error;
        for (const auto& h : x.headers) list += h + "\n";
        if (!writeFileAtomically(headersOut, list, &error)) {
            err << "difftriage-cli rules export: " << error << "\n";
            return 2;
        }
    }
    // The report: every rule that is not exported exactly, with the reason.
    size_t exported = 0;
    for (const auto& n : x.notes) {
        exported += n.exported;
        if (n.status == peer::ExportStatus::Exact && n.reasons.empty()) continue;
        err << n.rule << ": " << peer::exportStatusName(n.status) << (n.exported ? ", exported" : ", not exported");
        for (const auto& r : n.reasons)
            err << "\n    " << (n.status == peer::ExportStatus::Broader && n.exported ? "WARNING: " : "") << r;
        err << "\n";
    }
    err << format << ": " << exported << " of " << x.notes.size() << " rules exported ("
        << x.count(peer::ExportStatus::Exact, true) << " exact, " << x.count(peer::ExportStatus::Narrower, true)
        << " narrower, " << x.count(peer::ExportStatus::Broader, true) << " broader with warnings), "
        << (x.notes.size() - exported) << " not exported\n";
    if (!x.headers.empty()) {
        std::string list;
        for (const auto& h : x.headers) list += (list.empty() ? "" : ",") + h;
        err << "headers (--ignoreHeadersValues): " << list << "\n";
    }
    err << "use: " << x.usage << "\n";
    return 0;
}

}  // namespace dt::cli
