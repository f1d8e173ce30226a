// SPDX-License-Identifier: MIT
// difftriage-cli report (the meeting report, HTML or Markdown, masked by default) and golden (the
// records of chosen groups as a new diff store). docs/report.md.
#include <cstdlib>

#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "core/report/report.h"
#include "core/rules/rules_io.h"
#include "core/rules/rules_match.h"
#include "core/store/store_writer.h"
#include "core/triage/golden_set.h"
#include "core/triage/workspace_io.h"
#include "core/util/atomic_write.h"

namespace dt::cli {

namespace {

std::vector<std::string> takeAll(Args& args, std::string_view name, bool* missing) {
    std::vector<std::string> out;
    std::string v;
    while (takeOption(args, name, &v, missing)) out.push_back(v);
    return out;
}

}  // namespace

int cmdReport(const Args& argsIn, std::ostream& out, std::ostream& err) {
    Args args = argsIn;
    std::string rulesPath, wsPath, format, outPath, today, generated;
    bool missing = false;
    takeOption(args, "--rules", &rulesPath, &missing);
    takeOption(args, "--workspace", &wsPath, &missing);
    takeOption(args, "--format", &format, &missing);
    takeOption(args, "--out", &outPath, &missing);
    takeOption(args, "--today", &today, &missing);
    takeOption(args, "--generated", &generated, &missing);
    const std::vector<std::string> patterns = takeAll(args, "--mask-pattern", &missing);
    const bool noMask = takeFlag(args, "--no-mask");
    const bool markReported = takeFlag(args, "--mark-reported");
    const bool swapFlag = takeSwapSides(args);
    if (missing || !rejectUnknownOptions(args, "report", err) || args.size() != 1 || outPath.empty() ||
        (format != "html" && format != "md") || (markReported && wsPath.empty())) {
        err << "usage: difftriage-cli report STORE [--rules FILE] [--workspace FILE [--mark-reported]] --format "
               "html|md "
               "--out FILE [--no-mask] [--mask-pattern RE]...\n";
        return 2;
    }
    std::optional<Workspace> ws;
    if (!wsPath.empty()) {
        std::vector<WorkspaceError> errors;
        ws = loadWorkspace(wsPath, &errors);
        if (!ws) {
            err << formatRuleErrors(wsPath, errors);
            return 2;
        }
        if (rulesPath.empty()) rulesPath = ws->rules_path;  // --rules overrides the workspace's file
    }
    std::shared_ptr<const RuleProvider> rules;
    if (!rulesPath.empty() && !(rules = loadRules(rulesPath, err))) return 2;
    auto a = loadStore(args[0], rules, err, swapFlag || (ws && ws->swap_sides));  // the workspace remembers it
    if (!a) return 2;
    ReportOptions o;
    o.mask = !noMask;
    o.mask_patterns = patterns;
    o.today = today;
    o.generated = generated;
    std::string error;
    auto report = buildReport(*a, ws ? &*ws : nullptr, nullptr, o, &error);
    if (!report) {
        err << "difftriage-cli report: " << error << "\n";
        return 2;
    }
    const std::string text = format == "html" ? renderReportHtml(*report) : renderReportMarkdown(*report);
    if (!writeFileAtomically(outPath, text, &error)) {
        err << "difftriage-cli report: " << error << "\n";
        return 2;
    }
    // The next report lists the rules added from now on.
    if (markReported) {
        ws->last_report = report->generated;
        if (!saveWorkspace(wsPath, *ws, &error)) {
            err << "difftriage-cli report: " << error << "\n";
            return 2;
        }
    }
    out << outPath << ": " << report->verdict.summary << "; " << report->causes.size() + report->more_causes
        << " causes, " << report->groups.size() + report->more_groups << " groups, " << report->rules.size() << " rules"
        << (o.mask ? "" : " (masking off)") << "\n";
    return 0;
}

int cmdGolden(const Args& argsIn, std::ostream& out, std::ostream& err) {
    Args args = argsIn;
    std::string rulesPath, perGroup, outPath, format;
    bool missing = false;
    takeOption(args, "--rules", &rulesPath, &missing);
    takeOption(args, "--per-group", &perGroup, &missing);
    takeOption(args, "--out", &outPath, &missing);
    takeOption(args, "--format", &format, &missing);
    GoldenSetOptions o;
    o.signatures = takeAll(args, "--signature", &missing);
    const bool all = takeFlag(args, "--all");
    const bool swapSides = takeSwapSides(args);
    if (missing || !rejectUnknownOptions(args, "golden", err) || args.size() != 1 || outPath.empty() ||
        (!format.empty() && format != "jsonl" && format != "sqlite") || (o.signatures.empty() != all)) {
        err << "usage: difftriage-cli golden STORE [--rules FILE] (--signature SIG... | --all) [--per-group N] "
               "--out FILE [--format jsonl|sqlite]\n";
        return 2;
    }
    if (!perGroup.empty()) {
        char* end = nullptr;
        const unsigned long n = std::strtoul(perGroup.c_str(), &end, 10);
        if (perGroup[0] == '-' || end == perGroup.c_str() || *end || n == 0) {
            err << "difftriage-cli golden: --per-group needs a positive number, got '" << perGroup << "'\n";
            return 2;
        }
        o.per_group = n;
    }
    // The writer picks the format by the file name; --format must agree with it.
    if (!format.empty() && (format == "sqlite") != StoreWriter::isSqlitePath(outPath)) {
        err << "difftriage-cli golden: --format " << format << " needs an output name ending in "
            << (format == "sqlite" ? ".sqlite, .sqlite3 or .db" : "something else than .sqlite/.sqlite3/.db") << "\n";
        return 2;
    }
    std::shared_ptr<const RuleProvider> rules;
    if (!rulesPath.empty() && !(rules = loadRules(rulesPath, err))) return 2;
    auto a = loadStore(args[0], rules, err, swapSides);
    if (!a) return 2;
    const GoldenSetResult r = writeGoldenSet(*a, o, outPath);
    if (!r.ok) {
        err << "difftriage-cli golden: " << r.error << "\n";
        return 2;
    }
    out << outPath << ": " << r.records << " records of " << r.groups << " groups\n";
    return 0;
}

}  // namespace dt::cli
