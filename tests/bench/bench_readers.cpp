// SPDX-License-Identifier: MIT
// bench_readers: raw reader throughput (open + scan with a no-op visitor, no diffing).
//   DT_BENCH_STORE=/path/to/store.jsonl|.db [DT_BENCH_THREADS=N] [DT_BENCH_REPEAT=R] bench_readers
//   bench_readers STORE [THREADS] [REPEAT]
// Prints MB/s (JSONL: file bytes) and records/s per run, and the best run. Big stores come from
// difftriage-gen, e.g. `difftriage-gen --records 1000000 --jsonl /tmp/big.jsonl --sqlite /tmp/big.db`.
#include <sys/resource.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/store/store.h"

namespace {

// Touches what a real consumer would touch (sizes), so the work cannot be optimized away.
class NoopVisitor : public dt::ScanVisitor {
public:
    void record(unsigned, uint32_t, dt::Record& rec, const dt::Locator&) override {
        bytes.fetch_add(rec.primary.body.size() + rec.candidate.body.size(), std::memory_order_relaxed);
    }
    void problem(unsigned, uint32_t, dt::LoadProblem) override { problems.fetch_add(1, std::memory_order_relaxed); }
    std::atomic<uint64_t> bytes{0};
    std::atomic<uint64_t> problems{0};
};

const char* envOr(const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    return v && *v ? v : fallback;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string path = argc > 1 ? argv[1] : envOr("DT_BENCH_STORE", envOr("DT_BENCH_JSONL", ""));
    const unsigned threads = static_cast<unsigned>(std::atoi(argc > 2 ? argv[2] : envOr("DT_BENCH_THREADS", "0")));
    const int repeat = std::max(1, std::atoi(argc > 3 ? argv[3] : envOr("DT_BENCH_REPEAT", "3")));
    if (path.empty()) {
        std::fprintf(stderr, "usage: bench_readers STORE [THREADS] [REPEAT]   (or DT_BENCH_STORE=STORE)\n");
        return 2;
    }
    struct stat st {};
    const uint64_t fileBytes = ::stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;

    double best = 1e100;
    uint64_t records = 0;
    for (int run = 0; run < repeat; ++run) {
        const auto t0 = std::chrono::steady_clock::now();
        std::string error;
        auto store = dt::Store::open(path, &error);
        if (!store) {
            std::fprintf(stderr, "bench_readers: %s\n", error.c_str());
            return 1;
        }
        NoopVisitor visitor;
        dt::ScanControl control;
        control.threads = threads;
        const dt::ScanSummary s = store->scan(visitor, control);
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!s.fatal.empty()) {
            std::fprintf(stderr, "bench_readers: %s\n", s.fatal.c_str());
            return 1;
        }
        records = s.records;
        best = std::min(best, secs);
        std::printf("run %d: %s %s, %llu records, %llu problems, %llu chunks, %.3f s, %.0f MB/s, %.0f records/s\n",
                    run + 1, std::string(dt::formatName(store->format())).c_str(), path.c_str(),
                    static_cast<unsigned long long>(s.records), static_cast<unsigned long long>(s.problems),
                    static_cast<unsigned long long>(s.chunks), secs, fileBytes / 1e6 / secs, s.records / secs);
    }
    struct rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    std::printf("best: %.3f s, %.0f MB/s, %.0f records/s, threads=%u, peak RSS %.0f MB\n", best, fileBytes / 1e6 / best,
                records / best, threads, ru.ru_maxrss / 1024.0);
    return 0;
}
