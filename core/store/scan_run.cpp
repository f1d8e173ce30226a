// SPDX-License-Identifier: MIT
// ScanRun: the shared skeleton of the parallel store scans (see scan_run.h).
#include "core/store/scan_run.h"

#include <chrono>
#include <utility>

namespace dt {
namespace {

int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

ScanRun::ScanRun(ScanVisitor& visitor, const ScanControl& control, uint64_t chunks, uint64_t total,
                 uint64_t doneAtStart)
        : m_visitor(visitor), m_control(control), m_chunks(chunks), m_total(total), m_done(doneAtStart) {}

bool ScanRun::claim(uint64_t& chunk) {
    if (m_stop.load(std::memory_order_relaxed)) return false;
    chunk = m_next.fetch_add(1);
    return chunk < m_chunks;
}

bool ScanRun::cancelled() {
    if (m_stop.load(std::memory_order_relaxed)) return true;
    if (m_control.cancel && m_control.cancel->load(std::memory_order_relaxed)) {
        m_cancelled = true;
        m_stop = true;
        return true;
    }
    return false;
}

void ScanRun::setFatal(std::string message) {
    std::lock_guard lock(m_fatalMutex);
    if (m_fatal.empty()) m_fatal = std::move(message);
    m_stop = true;
}

void ScanRun::record(unsigned worker, uint32_t chunk, Record& rec, const Locator& loc) {
    m_records.fetch_add(1, std::memory_order_relaxed);
    m_visitor.record(worker, chunk, rec, loc);
}

void ScanRun::problem(unsigned worker, uint32_t chunk, LoadProblem problem) {
    m_problems.fetch_add(1, std::memory_order_relaxed);
    m_visitor.problem(worker, chunk, std::move(problem));
}

void ScanRun::addProgress(uint64_t done, uint64_t records) {
    if (done) m_done.fetch_add(done, std::memory_order_relaxed);
    if (records) m_recordsDone.fetch_add(records, std::memory_order_relaxed);
    if (!m_control.progress) return;
    progressThrottled(m_done.load(std::memory_order_relaxed), m_total, m_recordsDone.load(std::memory_order_relaxed));
}

void ScanRun::progressThrottled(uint64_t done, uint64_t total, uint64_t records) {
    if (!m_control.progress) return;
    const int64_t now = nowNs();
    int64_t last = m_lastProgress.load(std::memory_order_relaxed);
    if (now - last < kProgressNs || !m_lastProgress.compare_exchange_strong(last, now)) return;
    m_control.progress(done, total, records);
}

ScanSummary ScanRun::summary(uint64_t chunks, uint64_t finalTotal) {
    ScanSummary s;
    s.records = m_records.load();
    s.problems = m_problems.load();
    s.chunks = chunks;
    s.cancelled = m_cancelled.load();
    {
        std::lock_guard lock(m_fatalMutex);
        s.fatal = m_fatal;
    }
    if (!s.cancelled && s.fatal.empty() && m_control.progress) m_control.progress(finalTotal, finalTotal, s.records);
    return s;
}

}  // namespace dt
