// SPDX-License-Identifier: MIT
// bench_parity: how long all parity dashboard series take on an already indexed store (issue 13:
// 1,000,000 records in <= 300 ms once indexed). Prints only; never a test.
//
//   bench_parity STORE [--rules FILE] [--window 1h] [--threads N] [--repeat R]
//
// Indexes STORE once, then runs computeParity() + evaluateVerdict() R times (default 5) and prints
// the best and the median time with the sizes of the series.
// A big store: difftriage-gen --records 1000000 --bad-hour 13 --mismatch-rate 0.0002 --jsonl big.jsonl
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/analysis/analysis.h"
#include "core/parity/parity.h"
#include "core/parity/verdict.h"
#include "core/rules/rules_io.h"

using namespace dt;

namespace {

int usage() {
    std::fprintf(stderr, "usage: bench_parity STORE [--rules FILE] [--window 1h] [--threads N] [--repeat R]\n");
    return 2;
}

double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    const std::string store = argv[1];
    std::string rulesPath;
    ParityOptions po;
    unsigned threads = 0;
    size_t repeat = 5;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
        if (!v) return usage();
        ++i;
        if (a == "--rules")
            rulesPath = v;
        else if (a == "--window") {
            auto d = parseDuration(v);
            if (!d) return usage();
            po.window_ms = *d;
        } else if (a == "--threads")
            threads = static_cast<unsigned>(std::strtoul(v, nullptr, 10));
        else if (a == "--repeat")
            repeat = std::max<size_t>(1, std::strtoul(v, nullptr, 10));
        else
            return usage();
    }
    std::shared_ptr<const RuleSet> rules;
    if (!rulesPath.empty()) {
        std::vector<RuleError> errors;
        rules = loadRulesFile(rulesPath, &errors);
        if (!rules) {
            std::fputs(formatRuleErrors(rulesPath, errors).c_str(), stderr);
            return 2;
        }
    }
    AnalyzeOptions opt;
    opt.threads = threads;
    opt.rules = rules;
    auto t0 = std::chrono::steady_clock::now();
    std::string error;
    auto a = Analysis::analyze(store, opt, &error);
    if (!a) {
        std::fprintf(stderr, "bench_parity: %s\n", error.c_str());
        return 2;
    }
    std::printf("indexed %zu records in %.2f s\n", a->records().size(), since(t0));
    po.rules = rules.get();
    std::vector<double> times;
    ParityReport rep;
    Verdict v;
    for (size_t r = 0; r < repeat; ++r) {
        t0 = std::chrono::steady_clock::now();
        rep = computeParity(*a, po);
        v = evaluateVerdict(rep, VerdictCriteria{});
        times.push_back(since(t0));
    }
    std::sort(times.begin(), times.end());
    std::printf(
        "all parity series + verdict: best %.1f ms, median %.1f ms over %zu runs (target <= 300 ms for 1M records)\n",
        times.front() * 1000, times[times.size() / 2] * 1000, times.size());
    std::printf("  %zu buckets of %s, %llu windows of %s (step %s), %zu endpoints, %zu rules\n", rep.buckets.size(),
                rep.bucket_unit.c_str(), static_cast<unsigned long long>(rep.windows.windows),
                formatDuration(rep.windows.window_ms).c_str(), formatDuration(rep.windows.step_ms).c_str(),
                rep.endpoints.size(), rep.rules.size());
    std::printf("  %s\n", v.summary.c_str());
    return 0;
}
