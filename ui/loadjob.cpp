// SPDX-License-Identifier: MIT
#include "ui/loadjob.h"

#include <QThreadPool>

#include <algorithm>
#include <string>

namespace dt {

void RateMeter::reset() { *this = RateMeter(); }

void RateMeter::sample(double seconds, qint64 done, qint64 total, qint64 records) {
    if (m_lastTime < 0) {
        // First sample: the average since the start is the best estimate.
        if (seconds > 0) {
            m_doneRate = done / seconds;
            m_recordRate = records / seconds;
        }
    } else {
        const double dt = seconds - m_lastTime;
        if (dt <= 0.0) return;
        const double doneRate = (done - m_lastDone) / dt;
        const double recordRate = (records - m_lastRecords) / dt;
        // Exponential smoothing, weighted by the sample's length (time constant ~2 s).
        const double alpha = std::clamp(dt / 2.0, 0.05, 1.0);
        m_doneRate = m_doneRate * (1 - alpha) + doneRate * alpha;
        m_recordRate = m_recordRate * (1 - alpha) + recordRate * alpha;
    }
    m_lastTime = seconds;
    m_lastDone = done;
    m_lastRecords = records;
    if (total > 0 && done >= total)
        m_eta = 0;
    else if (total > 0 && m_doneRate > 0)
        m_eta = (total - done) / m_doneRate;
    else
        m_eta = -1;
}

LoadJob::LoadJob(QObject* parent) : QObject(parent) {
    qRegisterMetaType<dt::LoadProgress>();
    qRegisterMetaType<std::shared_ptr<const dt::Analysis>>();
    // Loading is long bulk work: its threads yield to the GUI thread (nice +5). Measured on a
    // 2-core machine under load: p99 event-loop gap ~30 ms instead of ~50 ms, loading slower.
    m_tracker.setLowPriority(true);
    connect(&m_tracker, &JobTracker::progress, this, &LoadJob::onProgress);
    connect(&m_tracker, &JobTracker::runningChanged, this, &LoadJob::runningChanged);
    connect(&m_tracker, &JobTracker::failed, this,
            [this](quint64, const QString& error) { emit failed(m_path, error); });
    connect(&m_tracker, &JobTracker::cancelled, this, [this](quint64) { emit cancelled(m_path); });
}

LoadJob::~LoadJob() = default;

void LoadJob::open(const QString& path) {
    if (m_tracker.isRunning()) emit cancelled(m_path);  // the tracker forgets the superseded job silently
    m_path = path;
    m_meter.reset();
    m_clock.start();
    AnalyzeOptions options;
    options.threads = m_threads;
    options.rules = m_rules;
    options.swap_sides = m_swapSides;
    const std::string file = path.toStdString();
    const QString shownPath = path;
    const QElapsedTimer clock = m_clock;
    m_tracker.start(
        this,
        [file, options](JobContext& ctx) mutable -> std::shared_ptr<const Analysis> {
            options.cancel = ctx.stopFlag();
            options.progress = [&ctx](uint64_t done, uint64_t total, uint64_t records) {
                ctx.reportProgress(qint64(done), qint64(total), qint64(records));
            };
            std::string error;
            std::unique_ptr<Analysis> analysis = Analysis::analyze(file, options, &error);
            if (!analysis) {
                if (!ctx.stopRequested() && error != "cancelled")
                    ctx.fail(QString::fromStdString(error.empty() ? file + ": cannot be opened" : error));
                else
                    ctx.requestStop();
                return {};
            }
            return std::shared_ptr<const Analysis>(std::move(analysis));
        },
        [this, shownPath, clock](std::shared_ptr<const Analysis> analysis) {
            emit loaded(shownPath, std::move(analysis), clock.elapsed() / 1000.0);
        });
    emit started(path);
}

void LoadJob::cancel() { m_tracker.stop(); }

void LoadJob::onProgress(quint64, qint64 done, qint64 total, qint64 records) {
    LoadProgress p;
    p.path = m_path;
    p.done = done;
    p.total = total;
    p.records = records;
    p.elapsed = m_clock.elapsed() / 1000.0;
    m_meter.sample(p.elapsed, done, total, records);
    p.rate = m_meter.recordsPerSecond();
    p.eta = m_meter.etaSeconds();
    p.grouping = total > 0 && done >= total;
    emit progress(p);
}

namespace {
class DisposeTask : public QRunnable {
public:
    explicit DisposeTask(std::shared_ptr<const Analysis> a) : m_analysis(std::move(a)) {}
    void run() override { m_analysis.reset(); }

private:
    std::shared_ptr<const Analysis> m_analysis;
};
}  // namespace

void disposeInBackground(std::shared_ptr<const Analysis> analysis) {
    if (!analysis) return;
    if (analysis.use_count() > 1) return;  // someone else still holds it; dropping our reference is free
    QThreadPool::globalInstance()->start(new DisposeTask(std::move(analysis)));
}

}  // namespace dt
