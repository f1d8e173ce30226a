// SPDX-License-Identifier: MIT
#pragma once
// The skeleton every parallel store scan shares (JSONL chunks, SQLite rowid ranges): work claiming
// by an atomic chunk counter, the stop flag, cancellation, record / problem counting on the way to
// the visitor, the first fatal error, throttled progress and the summary. The format-specific part
// is the `work(worker)` callable given to run(); it claims chunks with claim() and reads them.
//
//   ScanRun run(visitor, control, chunks, total);
//   run.run([&](unsigned worker) { uint64_t c; while (run.claim(c)) if (!readChunk(worker, c)) break; });
//   ScanSummary s = run.summary(chunksReported, run.total());
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include "core/store/store.h"
#include "core/util/worker_pool.h"

namespace dt {

class ScanRun {
public:
    static constexpr int64_t kProgressNs = 20'000'000;  // at most one progress call per 20 ms

    // `chunks`: how many chunks claim() hands out; `total`: the progress total (bytes or rows), of
    // which `doneAtStart` count as done before any chunk (e.g. a skipped byte order mark).
    ScanRun(ScanVisitor& visitor, const ScanControl& control, uint64_t chunks, uint64_t total,
            uint64_t doneAtStart = 0);
    ScanRun(const ScanRun&) = delete;
    ScanRun& operator=(const ScanRun&) = delete;

    uint64_t chunks() const { return m_chunks; }
    uint64_t total() const { return m_total; }
    const ScanControl& control() const { return m_control; }

    // Runs work(0..n-1) on workerCount(control.threads, chunks) threads and waits for them.
    template <typename Work>
    void run(Work&& work) {
        runWorkers(workerCount(m_control.threads, m_chunks), std::forward<Work>(work));
    }

    // The next chunk to read; false when every chunk is claimed or the scan stops.
    bool claim(uint64_t& chunk);

    // True when the scan must stop: a fatal error, or the caller's cancel flag (then the summary
    // says cancelled). Checked between records.
    bool cancelled();
    bool stopped() const { return m_stop.load(std::memory_order_relaxed); }

    // The first fatal error wins; it stops every worker.
    void setFatal(std::string message);

    // Counts and hands over one record / one problem (the visitor's threading rules apply).
    void record(unsigned worker, uint32_t chunk, Record& rec, const Locator& loc);
    void problem(unsigned worker, uint32_t chunk, LoadProblem problem);
    void chunkDone(uint32_t chunk, uint64_t lines) { m_visitor.chunkDone(chunk, lines); }
    uint64_t records() const { return m_records.load(std::memory_order_relaxed); }
    uint64_t problems() const { return m_problems.load(std::memory_order_relaxed); }

    // Progress: `done` units (bytes / rows) and `records` more were finished. Calls control.progress
    // at most every kProgressNs, from whichever worker gets there first.
    void addProgress(uint64_t done, uint64_t records);
    // Calls control.progress(done, total, records) when kProgressNs passed since the last call.
    void progressThrottled(uint64_t done, uint64_t total, uint64_t records);

    // The summary after run(): `chunks` as reported to the caller; on success (neither cancelled
    // nor fatal) the final progress call (finalTotal, finalTotal, records) is made.
    ScanSummary summary(uint64_t chunks, uint64_t finalTotal);

private:
    ScanVisitor& m_visitor;
    const ScanControl& m_control;
    const uint64_t m_chunks;
    const uint64_t m_total;
    std::atomic<uint64_t> m_next{0};
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_cancelled{false};
    std::atomic<uint64_t> m_records{0}, m_problems{0}, m_done{0}, m_recordsDone{0};
    std::atomic<int64_t> m_lastProgress{0};
    std::mutex m_fatalMutex;
    std::string m_fatal;
};

}  // namespace dt
