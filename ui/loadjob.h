// SPDX-License-Identifier: MIT
#pragma once
// Loads (scans, diffs, groups) a store off the GUI thread: dt::Analysis::analyze in a JobTracker.
// Reports records read, rate and ETA; cancel stops the scan; opening another store while one
// loads cancels the first. An indexed PostgreSQL store is opened from its index instead (two steps,
// setUseIndex()).
#include <QElapsedTimer>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <memory>
#include <string>

#include "core/analysis/analysis.h"
#include "ui/jobtracker.h"

namespace dt {

struct LoadProgress {
    QString path;
    qint64 done = 0;        // bytes (JSONL) or rows (SQLite) done
    qint64 total = 0;       // same unit; 0 = unknown
    qint64 records = 0;     // records read so far
    double elapsed = 0;     // seconds since the load started
    double rate = 0;        // records per second (smoothed), 0 = not known yet
    double eta = -1;        // seconds left, -1 = unknown
    bool grouping = false;  // the scan is done, the analysis is being finished
};

// Smoothed rate and ETA from (time, done, records) samples. Pure, for tests.
class RateMeter {
public:
    void reset();
    void sample(double seconds, qint64 done, qint64 total, qint64 records);
    double recordsPerSecond() const { return m_recordRate; }
    double etaSeconds() const { return m_eta; }

private:
    double m_lastTime = -1;
    qint64 m_lastDone = 0, m_lastRecords = 0;
    double m_doneRate = 0, m_recordRate = 0;
    double m_eta = -1;
};

class LoadJob : public QObject {
    Q_OBJECT
public:
    explicit LoadJob(QObject* parent = nullptr);
    ~LoadJob() override;

    void setThreads(unsigned threads) { m_threads = threads; }
    unsigned threads() const { return m_threads; }
    void setRules(std::shared_ptr<const RuleProvider> rules) { m_rules = std::move(rules); }
    // View › Swap Sides: the next open() analyses with the candidate as the reference.
    void setSwapSides(bool swap) { m_swapSides = swap; }
    bool swapSides() const { return m_swapSides; }
    void setProgressInterval(int ms) {
        m_tracker.setProgressInterval(ms);
        m_records.setProgressInterval(ms);
    }
    // PostgreSQL stores with an index (core/pg/pg_open.h): open() delivers loaded() with a summary
    // from the index at once (groups and counts, no records: openedFromIndex() first), then reads the
    // index's per-record rows in the background (recordsLoaded(): the full analysis; progress()
    // meanwhile). false: always scan the store (difftriage --no-index). Default: true.
    void setUseIndex(bool use) { m_useIndex = use; }
    bool useIndex() const { return m_useIndex; }
    // The fingerprint of the rules set with setRules() (pg::rulesFingerprint; "" = none): an index
    // built with other rules is not used.
    void setRulesFingerprint(std::string fingerprint) { m_rulesFingerprint = std::move(fingerprint); }
    bool isReadingRecords() const { return m_records.isRunning(); }
    bool waitForRecords(int msecs = -1) { return m_records.waitForDone(msecs); }

    // Starts loading `path`. A load in progress is cancelled (cancelled(oldPath) is emitted).
    void open(const QString& path);
    void cancel();
    bool isRunning() const { return m_tracker.isRunning(); }
    QString path() const { return m_path; }
    bool waitForDone(int msecs = -1) { return m_tracker.waitForDone(msecs); }

signals:
    void started(const QString& path);
    void progress(const dt::LoadProgress& progress);
    void loaded(const QString& path, std::shared_ptr<const dt::Analysis> analysis, double seconds);
    void failed(const QString& path, const QString& error);
    void cancelled(const QString& path);
    void runningChanged(bool running);
    // Opening from an index: emitted right before loaded() with the summary.
    void openedFromIndex(const QString& path, const QString& schema, qint64 records);
    // An index exists but cannot be used (other rules, error): the store is scanned instead.
    void indexRefused(const QString& path, const QString& why);
    void recordsStarted(const QString& path);
    void recordsLoaded(const QString& path, std::shared_ptr<const dt::Analysis> analysis, double seconds);
    void recordsFailed(const QString& path, const QString& error);
    void recordsCancelled(const QString& path);
    void recordsRunningChanged(bool running);

private:
    void onProgress(quint64 id, qint64 done, qint64 total, qint64 records);
    void readRecords(const QString& path, const QString& schema, qint64 records,
                     std::shared_ptr<const RuleProvider> rules);

    JobTracker m_tracker;
    JobTracker m_records;  // step 2 of opening from an index
    QString m_path;
    unsigned m_threads = 0;
    bool m_swapSides = false;
    bool m_useIndex = true;
    std::string m_rulesFingerprint;
    std::shared_ptr<const RuleProvider> m_rules;
    QElapsedTimer m_clock;
    RateMeter m_meter;
};

// Drops the last reference to a (possibly huge) analysis on a worker thread, so freeing a million
// records never stalls the GUI thread.
void disposeInBackground(std::shared_ptr<const Analysis> analysis);

}  // namespace dt

Q_DECLARE_METATYPE(dt::LoadProgress)
Q_DECLARE_METATYPE(std::shared_ptr<const dt::Analysis>)
