// SPDX-License-Identifier: MIT
#include "ui/loadjob.h"

#include <QThreadPool>

#include <algorithm>
#include <string>

#include "core/pg/pg_conn.h"
#include "core/pg/pg_open.h"

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
    m_records.setLowPriority(true);
    connect(&m_tracker, &JobTracker::progress, this, &LoadJob::onProgress);
    connect(&m_tracker, &JobTracker::runningChanged, this, &LoadJob::runningChanged);
    connect(&m_tracker, &JobTracker::failed, this,
            [this](quint64, const QString& error) { emit failed(m_path, error); });
    connect(&m_tracker, &JobTracker::cancelled, this, [this](quint64) { emit cancelled(m_path); });
    connect(&m_records, &JobTracker::progress, this, &LoadJob::onProgress);
    connect(&m_records, &JobTracker::runningChanged, this, &LoadJob::recordsRunningChanged);
    connect(&m_records, &JobTracker::failed, this,
            [this](quint64, const QString& error) { emit recordsFailed(m_path, error); });
    connect(&m_records, &JobTracker::cancelled, this, [this](quint64) { emit recordsCancelled(m_path); });
}

LoadJob::~LoadJob() = default;

namespace {

// What the first step of a load gives: a full analysis (a scan), or a summary from an index.
struct LoadResult {
    std::shared_ptr<const Analysis> analysis;
    QString indexSchema;  // non-empty: `analysis` is a summary from this index
    qint64 indexRecords = 0;
    std::shared_ptr<const RuleProvider> indexRules;
    QString refused;  // an index exists but was not used: why
};

}  // namespace

void LoadJob::open(const QString& path) {
    if (m_tracker.isRunning()) emit cancelled(m_path);  // the tracker forgets the superseded job silently
    m_records.stop();
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
    // An index holds the unswapped analysis: Swap Sides scans.
    const bool tryIndex = m_useIndex && !m_swapSides && pg::isPostgresUri(file);
    pg::IndexOpenOptions indexOptions{m_rulesFingerprint, m_rules};
    m_tracker.start(
        this,
        [file, options, tryIndex, indexOptions](JobContext& ctx) mutable -> LoadResult {
            LoadResult result;
            if (tryIndex) {
                pg::IndexOpen index = pg::openIndexSummary(file, indexOptions);
                if (index.analysis) {
                    result.analysis = std::shared_ptr<const Analysis>(std::move(index.analysis));
                    result.indexSchema = QString::fromStdString(index.schema);
                    result.indexRecords = qint64(index.records);
                    result.indexRules = std::move(index.rules);
                    return result;
                }
                result.refused = QString::fromStdString(index.refused);
            }
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
                return result;
            }
            result.analysis = std::shared_ptr<const Analysis>(std::move(analysis));
            return result;
        },
        [this, shownPath, clock](LoadResult result) {
            if (!result.refused.isEmpty()) emit indexRefused(shownPath, result.refused);
            if (!result.indexSchema.isEmpty()) emit openedFromIndex(shownPath, result.indexSchema, result.indexRecords);
            emit loaded(shownPath, result.analysis, clock.elapsed() / 1000.0);
            // The receiver may have opened another store meanwhile (m_path changed): then no step 2.
            if (!result.indexSchema.isEmpty() && m_path == shownPath && !m_tracker.isRunning())
                readRecords(shownPath, result.indexSchema, result.indexRecords, std::move(result.indexRules));
        });
    emit started(path);
}

void LoadJob::readRecords(const QString& path, const QString& schema, qint64 records,
                          std::shared_ptr<const RuleProvider> rules) {
    m_meter.reset();
    m_clock.start();
    const QElapsedTimer clock = m_clock;
    pg::IndexRecordsOptions options;
    options.schema = schema.toStdString();
    options.rules = std::move(rules);
    options.expected = uint64_t(std::max<qint64>(0, records));
    m_records.start(
        this,
        [file = path.toStdString(), options](JobContext& ctx) mutable -> std::shared_ptr<const Analysis> {
            options.cancel = ctx.stopFlag();
            options.progress = [&ctx](uint64_t done, uint64_t total) {
                ctx.reportProgress(qint64(done), qint64(total), qint64(done));
            };
            std::string error;
            std::unique_ptr<Analysis> analysis = pg::readIndexedRecords(file, options, &error);
            if (!analysis) {
                if (!ctx.stopRequested() && error != "cancelled")
                    ctx.fail(QString::fromStdString(error));
                else
                    ctx.requestStop();
                return {};
            }
            return std::shared_ptr<const Analysis>(std::move(analysis));
        },
        [this, path, clock](std::shared_ptr<const Analysis> analysis) {
            emit recordsLoaded(path, std::move(analysis), clock.elapsed() / 1000.0);
        });
    emit recordsStarted(path);
}

void LoadJob::cancel() {
    m_tracker.stop();
    m_records.stop();
}

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
