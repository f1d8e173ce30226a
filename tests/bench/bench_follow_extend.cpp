// SPDX-License-Identifier: MIT
// One View › Follow refresh on a big store: bench_follow_extend STORE.jsonl NEW.jsonl [--repeat R] [--threads T]
// Analyses STORE in full once (timed, for comparison), then appends NEW's bytes to STORE (R times)
// and times each refresh (Analysis::refreshed: the incremental step, or the full re-analysis it
// falls back to). STORE grows by NEW each repeat: use a scratch copy. Prints timings (never asserted).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "core/analysis/analysis.h"

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: bench_follow_extend STORE.jsonl NEW.jsonl [--repeat R] [--threads T]\n";
        return 2;
    }
    const std::string store = argv[1];
    int repeat = 3;
    unsigned threads = 0;
    for (int i = 3; i + 1 < argc; i += 2) {
        if (std::string(argv[i]) == "--repeat") repeat = std::max(1, std::atoi(argv[i + 1]));
        if (std::string(argv[i]) == "--threads") threads = static_cast<unsigned>(std::atoi(argv[i + 1]));
    }
    std::ifstream in(argv[2], std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string extra = ss.str();

    using clock = std::chrono::steady_clock;
    auto ms = [](clock::time_point a, clock::time_point b) {
        return std::chrono::duration<double, std::milli>(b - a).count();
    };
    dt::AnalyzeOptions options;
    options.threads = threads;
    std::string error;
    const auto s0 = clock::now();
    std::shared_ptr<const dt::Analysis> current = dt::Analysis::analyze(store, options, &error);
    if (!current) {
        std::cerr << error << "\n";
        return 2;
    }
    std::printf("store: %zu records, %zu groups; full analysis: %.0f ms\n", current->records().size(),
                current->groups().size(), ms(s0, clock::now()));
    for (int r = 0; r < repeat; ++r) {
        std::ofstream(store, std::ios::app | std::ios::binary) << extra;
        const size_t before = current->records().size();
        const auto t0 = clock::now();
        dt::Analysis::Refresh refresh = current->refreshed(threads);
        const double took = ms(t0, clock::now());
        if (!refresh.analysis) {
            std::cerr << "refresh failed: " << refresh.error << "\n";
            return 2;
        }
        current = std::move(refresh.analysis);
        std::printf("refresh %d: %zu new records in %.1f ms (%s%s), %zu groups\n", r + 1,
                    current->records().size() - before, took,
                    refresh.incremental ? "incremental" : "full: ", refresh.fallback.c_str(), current->groups().size());
    }
    // The copy alone (what every incremental step pays for the index): withRules(nullptr) is a copy
    // plus a regroup, shown for scale.
    const auto c0 = clock::now();
    auto copy = current->withRules(nullptr, threads);
    std::printf("for scale: copy + full regroup (withRules(null)): %.1f ms\n", ms(c0, clock::now()));
    return 0;
}
