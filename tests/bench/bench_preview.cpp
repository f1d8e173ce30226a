// SPDX-License-Identifier: MIT
// bench_preview: how long an exact rules preview takes on an already indexed store (the GUI's case).
//
//   bench_preview STORE [--rules CURRENT] [--add NEW] [--groups K] [--threads N] [--repeat R] [--json]
//
// Indexes STORE once (under CURRENT), then previews either the rules of NEW, or — without --add —
// the suggested rule(s) of each of the K largest mismatch groups (default 5), one at a time, R times
// each (default 3, best time kept). Prints per preview: records examined, absorbed, seconds; and
// the worst time. Target (issue 3): one rule on a 1,000,000-record store in <= 1 s.
// A big store: difftriage-gen --records 1000000 --jsonl big.jsonl
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/analysis/analysis.h"
#include "core/rules/rules_io.h"
#include "core/triage/rules_preview.h"
#include "core/triage/rules_suggest.h"

using namespace dt;

namespace {

struct Run {
    std::string what;
    RulesPreview best;
    double seconds = 1e9;
};

int usage() {
    std::fprintf(
        stderr,
        "usage: bench_preview STORE [--rules CURRENT] [--add NEW] [--groups K] [--threads N] [--repeat R] [--json]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    std::string store = argv[1], currentPath, addPath;
    size_t groups = 5, repeat = 3;
    unsigned threads = 0;
    bool json = false;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        const char* v = nullptr;
        if (a == "--json")
            json = true;
        else if (a == "--rules" && (v = next()))
            currentPath = v;
        else if (a == "--add" && (v = next()))
            addPath = v;
        else if (a == "--groups" && (v = next()))
            groups = std::strtoul(v, nullptr, 10);
        else if (a == "--threads" && (v = next()))
            threads = static_cast<unsigned>(std::strtoul(v, nullptr, 10));
        else if (a == "--repeat" && (v = next()))
            repeat = std::max<size_t>(1, std::strtoul(v, nullptr, 10));
        else
            return usage();
    }

    RuleConfig current;
    if (!currentPath.empty()) {
        std::vector<RuleError> errors;
        auto cfg = readRulesFile(currentPath, &errors);
        if (!cfg) {
            std::fputs(formatRuleErrors(currentPath, errors).c_str(), stderr);
            return 2;
        }
        current = *cfg;
    }
    auto currentSet = RuleSet::build(current);
    AnalyzeOptions opt;
    opt.threads = threads;
    if (!currentPath.empty()) opt.rules = currentSet;
    const auto t0 = std::chrono::steady_clock::now();
    std::string error;
    auto a = Analysis::analyze(store, opt, &error);
    if (!a) {
        std::fprintf(stderr, "bench_preview: %s\n", error.c_str());
        return 2;
    }
    const double indexSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    // What to preview.
    std::vector<std::pair<std::string, RuleConfig>> batches;
    if (!addPath.empty()) {
        std::vector<RuleError> errors;
        auto cfg = readRulesFile(addPath, &errors);
        if (!cfg) {
            std::fputs(formatRuleErrors(addPath, errors).c_str(), stderr);
            return 2;
        }
        batches.emplace_back(addPath, *cfg);
    } else {
        for (uint32_t g = 0; g < a->groups().size() && batches.size() < groups; ++g) {
            if (a->groups()[g].outcome != Outcome::Mismatch) continue;
            SuggestOptions so;
            so.today = "2026-01-01";
            auto s = suggestRules(*a, g, so, &error);
            if (!s || s->config.rules.empty()) continue;
            batches.emplace_back("group " + a->groups()[g].signature + " (" + std::to_string(a->groups()[g].count) +
                                     " records): " + describeRule(s->config.rules.front()),
                                 s->config);
        }
    }

    std::vector<Run> runs;
    for (const auto& [what, added] : batches) {
        auto merged = mergeRuleConfigs(current, added, nullptr);
        if (!merged) continue;
        auto combined = RuleSet::build(*merged);
        auto addedSet = RuleSet::build(added);
        if (!combined || !addedSet) continue;
        Run run;
        run.what = what;
        for (size_t r = 0; r < repeat; ++r) {
            PreviewOptions po;
            po.threads = threads;
            // A fresh provider each time: policies are cached per endpoint, the GUI builds new rules too.
            auto fresh = RuleSet::build(*merged);
            auto freshAdded = RuleSet::build(added);
            RulesPreview p = previewRules(*a, *fresh, *freshAdded, po);
            if (p.seconds < run.seconds) {
                run.seconds = p.seconds;
                run.best = std::move(p);
            }
        }
        runs.push_back(std::move(run));
    }

    double worst = 0;
    for (const auto& r : runs) worst = std::max(worst, r.seconds);
    if (json) {
        std::printf("{\"store\":\"%s\",\"records\":%zu,\"index_seconds\":%.3f,\"previews\":[", store.c_str(),
                    a->records().size(), indexSeconds);
        for (size_t i = 0; i < runs.size(); ++i)
            std::printf("%s{\"examined\":%llu,\"absorbed\":%llu,\"seconds\":%.4f}", i ? "," : "",
                        static_cast<unsigned long long>(runs[i].best.examined),
                        static_cast<unsigned long long>(runs[i].best.absorbed), runs[i].seconds);
        std::printf("],\"worst_seconds\":%.4f}\n", worst);
    } else {
        std::printf("%s: %zu records indexed in %.2f s\n", store.c_str(), a->records().size(), indexSeconds);
        for (const auto& r : runs)
            std::printf("  %8.3f s  examined %8llu  absorbed %8llu  groups -%llu ~%llu +%llu  %s\n", r.seconds,
                        static_cast<unsigned long long>(r.best.examined),
                        static_cast<unsigned long long>(r.best.absorbed),
                        static_cast<unsigned long long>(r.best.groupsFullyAbsorbed()),
                        static_cast<unsigned long long>(r.best.groupsCollateral()),
                        static_cast<unsigned long long>(r.best.groupsCreated()), r.what.c_str());
        std::printf("worst preview: %.3f s (target <= 1 s for one rule on 1,000,000 records)\n", worst);
    }
    return 0;
}
