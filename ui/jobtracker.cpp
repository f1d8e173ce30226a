// SPDX-License-Identifier: MIT
#include "ui/jobtracker.h"

#include <QThread>

#include <cerrno>

#include <algorithm>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace dt {

void lowerCurrentThreadPriority() {
    thread_local bool lowered = false;
    if (lowered) return;
    lowered = true;
#ifdef __linux__
    // On Linux, nice values are per thread (the "process" of setpriority is a thread id).
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    errno = 0;
    const int current = ::getpriority(PRIO_PROCESS, tid);
    if (errno == 0 && current < 5) ::setpriority(PRIO_PROCESS, tid, 5);
#endif
}

JobTracker::JobTracker(QObject* parent) : QObject(parent) {
    // Own pool: a superseded job that is still winding down never delays the next one, and jobs of
    // one tracker cannot starve another tracker's jobs in the global pool.
    m_pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    m_pool.setExpiryTimeout(30000);
    m_progressTimer.setInterval(100);
    connect(&m_progressTimer, &QTimer::timeout, this, &JobTracker::pollProgress);
}

JobTracker::~JobTracker() {
    if (m_current) m_current->requestStop();
    m_progressTimer.stop();
    m_pool.waitForDone();
}

std::shared_ptr<JobContext> JobTracker::beginJob() {
    if (m_current) m_current->requestStop();  // newest wins: the previous job winds down and is forgotten
    m_current = std::make_shared<JobContext>(++m_nextId);
    m_lastSerial = 0;
    const bool wasRunning = m_running;
    m_running = true;
    m_progressTimer.start();
    emit started(m_current->id());
    if (!wasRunning) emit runningChanged(true);
    return m_current;
}

void JobTracker::stop() {
    if (m_current && m_running) m_current->requestStop();
}

bool JobTracker::endJob(const std::shared_ptr<JobContext>& ctx, bool hasResult, bool receiverAlive) {
    if (ctx != m_current) return false;  // superseded: silently dropped
    m_running = false;
    m_progressTimer.stop();
    pollProgress();  // a last progress report, so listeners see the final numbers
    const quint64 id = ctx->id();
    emit runningChanged(false);
    const QString error = ctx->error();
    if (!error.isEmpty()) {
        emit failed(id, error);
        return false;
    }
    if (ctx->stopRequested() || !hasResult) {
        emit cancelled(id);
        return false;
    }
    if (!receiverAlive) return false;
    return true;
}

void JobTracker::pollProgress() {
    if (!m_current) return;
    const quint64 serial = m_current->m_progressSerial.load(std::memory_order_acquire);
    if (serial == m_lastSerial) return;
    m_lastSerial = serial;
    emit progress(m_current->id(), m_current->m_done.load(std::memory_order_relaxed),
                  m_current->m_total.load(std::memory_order_relaxed),
                  m_current->m_items.load(std::memory_order_relaxed));
}

}  // namespace dt
