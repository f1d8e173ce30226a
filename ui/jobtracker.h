// SPDX-License-Identifier: MIT
#pragma once
// Background jobs for the GUI, in the style of hotspot's JobTracker.
//
// A JobTracker runs one logical job at a time on its own thread pool (QtConcurrent::run with a
// QPromise). Starting a job asks the previous one to stop (atomic stop flag) and forgets it: the
// newest job wins, a superseded job's result is dropped silently. When the current job ends, its
// result is handed to `deliver` on the GUI thread (QFutureWatcher, i.e. a queued delivery) if the
// receiver (held by QPointer) still exists, the job was not stopped and did not fail.
// Progress is written by the job into atomics and polled by a GUI-side timer, so a chatty job can
// never flood the event loop.
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <exception>
#include <memory>
#include <mutex>
#include <type_traits>
#include <utility>

namespace dt {

// Lowers the CPU priority (nice +5) of the calling worker thread, for good; threads it starts
// afterwards (dt::Analysis's scan workers) inherit it. The GUI thread then wins the CPU whenever it
// has work, even when every core is busy loading. No-op where unsupported.
void lowerCurrentThreadPriority();

// What a running job sees. All members are safe to call from the job's thread.
class JobContext {
public:
    explicit JobContext(quint64 id) : m_id(id) {}
    quint64 id() const { return m_id; }
    bool stopRequested() const { return m_stop.load(std::memory_order_relaxed); }
    // For APIs that take a cancel flag (dt::AnalyzeOptions::cancel, dt::ScanControl::cancel).
    const std::atomic<bool>* stopFlag() const { return &m_stop; }
    void requestStop() { m_stop.store(true, std::memory_order_relaxed); }
    // Thread-safe; cheap (three relaxed stores), may be called as often as wanted.
    void reportProgress(qint64 done, qint64 total, qint64 items) {
        m_done.store(done, std::memory_order_relaxed);
        m_total.store(total, std::memory_order_relaxed);
        m_items.store(items, std::memory_order_relaxed);
        m_progressSerial.fetch_add(1, std::memory_order_release);
    }
    // Marks the job as failed; the tracker emits failed(id, error) instead of delivering.
    void fail(QString error) {
        std::lock_guard lock(m_mutex);
        if (m_error.isEmpty()) m_error = error.isEmpty() ? QStringLiteral("unknown error") : std::move(error);
    }
    QString error() const {
        std::lock_guard lock(m_mutex);
        return m_error;
    }

private:
    friend class JobTracker;
    const quint64 m_id;
    std::atomic<bool> m_stop{false};
    std::atomic<qint64> m_done{0}, m_total{0}, m_items{0};
    std::atomic<quint64> m_progressSerial{0};
    mutable std::mutex m_mutex;
    QString m_error;
};

class JobTracker : public QObject {
    Q_OBJECT
public:
    explicit JobTracker(QObject* parent = nullptr);
    // Asks every job of this tracker to stop and waits for them (they must honour the stop flag).
    ~JobTracker() override;

    // Runs `work(JobContext&) -> T` in the background. T must be movable and not void.
    // `deliver(T&&)` runs on the tracker's (GUI) thread, guarded by `receiver`.
    template <typename Work, typename Deliver>
    quint64 start(QObject* receiver, Work work, Deliver deliver);

    // Asks the current job to stop; it will end with cancelled(id). No-op when idle.
    void stop();
    bool isRunning() const { return m_running; }
    quint64 currentId() const { return m_current ? m_current->id() : 0; }
    // How often progress() may be emitted while a job runs (default 100 ms).
    void setProgressInterval(int ms) { m_progressTimer.setInterval(ms); }
    // For tests and shutdown: waits for all jobs (including superseded ones) to return.
    bool waitForDone(int msecs = -1) { return m_pool.waitForDone(msecs); }
    void setMaxThreads(int n) { m_pool.setMaxThreadCount(n); }
    // Long bulk jobs (loading) run their threads at a lower CPU priority; short interactive ones
    // (filtering) keep normal priority so they finish fast on a busy machine. Default: false.
    void setLowPriority(bool low) { m_lowPriority = low; }

signals:
    void started(quint64 id);
    void progress(quint64 id, qint64 done, qint64 total, qint64 items);
    void finished(quint64 id);  // after deliver()
    void failed(quint64 id, const QString& error);
    void cancelled(quint64 id);
    void runningChanged(bool running);

private:
    std::shared_ptr<JobContext> beginJob();
    // Decides, on the GUI thread, what happens to an ended job. Returns true when the result must
    // be delivered (the caller then calls deliver and emits finished()).
    bool endJob(const std::shared_ptr<JobContext>& ctx, bool hasResult, bool receiverAlive);
    void pollProgress();

    QThreadPool m_pool;
    QTimer m_progressTimer;
    std::shared_ptr<JobContext> m_current;
    quint64 m_nextId = 0;
    quint64 m_lastSerial = 0;
    bool m_running = false;
    bool m_lowPriority = false;
};

template <typename Work, typename Deliver>
quint64 JobTracker::start(QObject* receiver, Work work, Deliver deliver) {
    using T = std::decay_t<std::invoke_result_t<Work&, JobContext&>>;
    static_assert(!std::is_void_v<T>, "a job must return a value");
    std::shared_ptr<JobContext> ctx = beginJob();
    QPointer<QObject> target(receiver);

    auto* watcher = new QFutureWatcher<T>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, ctx, target, deliver = std::move(deliver)]() mutable {
                watcher->deleteLater();
                QFuture<T> future = watcher->future();
                const bool hasResult = future.resultCount() > 0;
                if (!endJob(ctx, hasResult, !target.isNull())) return;
                deliver(future.takeResult());
                emit finished(ctx->id());
            });
    QFuture<T> future =
        QtConcurrent::run(&m_pool, [ctx, low = m_lowPriority, work = std::move(work)](QPromise<T>& promise) mutable {
            if (ctx->stopRequested()) return;
            if (low) lowerCurrentThreadPriority();
            try {
                T result = work(*ctx);
                if (ctx->error().isEmpty() && !ctx->stopRequested()) promise.addResult(std::move(result));
            } catch (const std::exception& e) {
                ctx->fail(QString::fromUtf8(e.what()));
            } catch (...) {
                ctx->fail(QStringLiteral("unexpected exception"));
            }
        });
    watcher->setFuture(future);
    return ctx->id();
}

}  // namespace dt
