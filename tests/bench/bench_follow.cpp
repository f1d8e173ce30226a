// SPDX-License-Identifier: MIT
// One `groups --follow` refresh on a big store: bench_follow STORE.jsonl NEW.jsonl [--repeat R]
// Reads STORE to its end once (untimed, lines not classified), then appends NEW's lines to STORE
// (R times) and times each refresh: JsonlTail::poll of the appended bytes + FollowSummary of the new
// records. STORE grows by NEW each repeat: use a scratch copy. Prints timings (never asserted).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "core/analysis/follow_summary.h"
#include "core/store/jsonl_tail.h"

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: bench_follow STORE.jsonl NEW.jsonl [--repeat R]\n";
        return 2;
    }
    const std::string store = argv[1];
    int repeat = 3;
    if (argc >= 5 && std::string(argv[3]) == "--repeat") repeat = std::max(1, std::atoi(argv[4]));
    std::ifstream in(argv[2], std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string extra = ss.str();

    using clock = std::chrono::steady_clock;
    dt::JsonlTail tail(store);
    std::string error;
    uint64_t existing = 0;
    const auto s0 = clock::now();
    if (!tail.poll([&](std::string_view, uint64_t, uint64_t) { ++existing; }, &error)) {
        std::cerr << error << "\n";
        return 2;
    }
    const double skipMs = std::chrono::duration<double, std::milli>(clock::now() - s0).count();
    std::printf("store: %llu lines, %llu bytes; initial read to the end (not classified): %.0f ms\n",
                static_cast<unsigned long long>(existing), static_cast<unsigned long long>(tail.offset()), skipMs);
    dt::FollowSummary summary;
    for (int r = 0; r < repeat; ++r) {
        std::ofstream(store, std::ios::app | std::ios::binary) << extra;
        const uint64_t before = summary.records();
        const auto t0 = clock::now();
        if (!tail.poll([&](std::string_view l, uint64_t n, uint64_t) { summary.addLine(l, n); }, &error)) {
            std::cerr << error << "\n";
            return 2;
        }
        const double ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
        std::printf("refresh %d: %llu new records in %.1f ms (%zu groups so far)\n", r + 1,
                    static_cast<unsigned long long>(summary.records() - before), ms, summary.groups().size());
    }
    return 0;
}
