// SPDX-License-Identifier: MIT
// End-to-end benchmark: one Analysis::analyze of a whole store (scan, diff, group), timed.
//
//   bench_analyze STORE [--threads N] [--rules FILE] [--json]
//
// Prints records, wall seconds to the grouped result, records/s, MB/s, peak RSS (getrusage
// ru_maxrss) and peak RSS bytes per record, and the number of groups. A large store:
//   difftriage-gen --records 1000000 --jsonl /tmp/big.jsonl      (~0.9 GB, see resources/samples/README.md)
//   bench_analyze /tmp/big.jsonl --threads 2
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/analysis/analysis.h"
#include "core/rules/rules_io.h"

namespace {

struct Options {
    std::string store;
    unsigned threads = 0;
    std::string rules;
    bool json = false;
    // Further modes (e.g. --preview-rule FILE) add a member here and a branch in main().
};

void usage(FILE* f) {
    std::fputs("usage: bench_analyze STORE [--threads N] [--rules FILE] [--json]\n"
               "  --threads N   analysis threads (default 0 = hardware concurrency)\n"
               "  --rules FILE  apply a rules file during the analysis\n"
               "  --json        one JSON object on stdout instead of the table\n",
               f);
}

bool parseArgs(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "bench_analyze: %s needs a value\n", a.c_str());
                return nullptr;
            }
            return argv[++i];
        };
        if (a == "-h" || a == "--help") {
            usage(stdout);
            std::exit(0);
        } else if (a == "--threads") {
            const char* v = value();
            if (!v) return false;
            char* end = nullptr;
            const unsigned long n = std::strtoul(v, &end, 10);
            if (!end || *end || n > 1024) {
                std::fprintf(stderr, "bench_analyze: bad --threads %s\n", v);
                return false;
            }
            o.threads = static_cast<unsigned>(n);
        } else if (a == "--rules") {
            const char* v = value();
            if (!v) return false;
            o.rules = v;
        } else if (a == "--json") {
            o.json = true;
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "bench_analyze: unknown option %s\n", a.c_str());
            return false;
        } else if (o.store.empty()) {
            o.store = a;
        } else {
            std::fprintf(stderr, "bench_analyze: more than one store given\n");
            return false;
        }
    }
    if (o.store.empty()) {
        std::fputs("bench_analyze: no store given\n", stderr);
        return false;
    }
    return true;
}

double peakRssBytes() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_maxrss) * 1024.0;  // Linux: kilobytes
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parseArgs(argc, argv, o)) {
        usage(stderr);
        return 2;
    }
    std::error_code ec;
    const auto fileBytes = std::filesystem::file_size(o.store, ec);
    if (ec) {
        std::fprintf(stderr, "bench_analyze: %s: %s\n", o.store.c_str(), ec.message().c_str());
        return 1;
    }

    dt::AnalyzeOptions options;
    options.threads = o.threads;
    if (!o.rules.empty()) {
        std::vector<dt::RuleError> errors;
        auto rules = dt::loadRulesFile(o.rules, &errors);
        if (!rules) {
            std::fputs(dt::formatRuleErrors(o.rules, errors).c_str(), stderr);
            return 1;
        }
        options.rules = std::move(rules);
    }

    const double baselineRss = peakRssBytes();
    const auto t0 = std::chrono::steady_clock::now();
    std::string error;
    const auto analysis = dt::Analysis::analyze(o.store, options, &error);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!analysis) {
        std::fprintf(stderr, "bench_analyze: %s\n", error.c_str());
        return 1;
    }
    const double peak = peakRssBytes();
    const auto records = static_cast<double>(analysis->records().size());
    const auto counts = analysis->outcomeCounts();
    const double perRecord = records > 0 ? peak / records : 0;
    const double mb = static_cast<double>(fileBytes) / 1e6;

    if (o.json) {
        std::printf("{\"store\":\"%s\",\"bytes\":%llu,\"records\":%.0f,\"problems\":%zu,\"threads\":%u,"
                    "\"seconds\":%.3f,\"records_per_s\":%.0f,\"mb_per_s\":%.1f,\"peak_rss_bytes\":%.0f,"
                    "\"baseline_rss_bytes\":%.0f,\"peak_rss_bytes_per_record\":%.1f,\"groups\":%zu",
                    o.store.c_str(), static_cast<unsigned long long>(fileBytes), records, analysis->problems().size(),
                    o.threads, wall, records / wall, mb / wall, peak, baselineRss, perRecord,
                    analysis->groups().size());
        for (int k = 0; k < dt::kOutcomeCount; ++k)
            std::printf(",\"%s\":%llu", std::string(dt::outcomeName(static_cast<dt::Outcome>(k))).c_str(),
                        static_cast<unsigned long long>(counts[static_cast<size_t>(k)]));
        std::printf(",\"match_rate\":%.6f}\n", analysis->matchRate());
        return 0;
    }
    std::printf("store            %s (%s, %.1f MB)\n", o.store.c_str(),
                std::string(dt::formatName(analysis->store().format())).c_str(), mb);
    std::printf("threads          %u%s\n", o.threads, o.threads == 0 ? " (hardware concurrency)" : "");
    std::printf("rules            %s\n", o.rules.empty() ? "(none)" : o.rules.c_str());
    std::printf("records          %.0f indexed (%llu invalid), %zu problems\n", records,
                static_cast<unsigned long long>(counts[static_cast<size_t>(dt::Outcome::Invalid)]),
                analysis->problems().size());
    std::printf("wall             %.3f s to grouped result\n", wall);
    std::printf("throughput       %.0f records/s, %.1f MB/s\n", records / wall, mb / wall);
    std::printf("peak RSS         %.1f MB (%.0f B/record; %.1f MB before analyze)\n", peak / 1e6, perRecord,
                baselineRss / 1e6);
    std::printf("groups           %zu\n", analysis->groups().size());
    std::printf("outcomes        ");
    for (int k = 0; k < dt::kOutcomeCount; ++k)
        std::printf(" %s=%llu", std::string(dt::outcomeName(static_cast<dt::Outcome>(k))).c_str(),
                    static_cast<unsigned long long>(counts[static_cast<size_t>(k)]));
    std::printf("\nmatch rate       %.4f\n", analysis->matchRate());
    return 0;
}
