// SPDX-License-Identifier: MIT
#pragma once
// View › Follow: watches the open JSONL or SQLite store for appended records. Every interval a
// background job (JobTracker: one poll at a time, the newest wins) reads only what is new since the
// last poll with the core tail readers (core/store/jsonl_tail.h: new bytes, a half-written last line
// is waited for; core/store/sqlite_tail.h: rows with a larger rowid). When records arrived, changed()
// asks the window to bring them in; a store that was truncated or replaced (smaller, or another
// file under the same name) is reported with restarted = true and followed from its start.
// Unreadable moments (a writer holding a lock, the file briefly gone) are reported by problem(),
// never fatal. While a JSONL line is half-written, the announcement waits (up to kMaxHeldPolls
// polls) so that reading the store again does not meet the incomplete line.
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

#include "ui/jobtracker.h"

namespace dt {

class FollowController : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxHeldPolls = 3;
    explicit FollowController(QObject* parent = nullptr);
    ~FollowController() override;

    // Starts following `path` (a local JSONL or SQLite file; database URIs are refused: false).
    // The first poll reads the store once to find its end; when it holds a different number of
    // records than `loadedRecords` (records + invalid lines of the loaded analysis), changed() is
    // emitted so what arrived between the load and now is not missed.
    bool start(const QString& path, quint64 loadedRecords);
    void stop();
    bool isActive() const { return m_active; }
    QString path() const { return m_path; }
    void setInterval(int ms) { m_timer.setInterval(ms); }
    int interval() const { return m_timer.interval(); }
    // Polls at once (when no poll is running); tests and View › Follow's first poll.
    void pollNow();
    bool isPolling() const { return m_jobs.isRunning(); }
    // Records found after the first poll, since start() or the last restart.
    quint64 newRecords() const { return m_newRecords; }
    quint64 polls() const { return m_polls; }  // polls delivered since start()

    struct PollResult {
        quint64 records = 0;     // complete new records (lines or rows) read by this poll
        bool restarted = false;  // the store shrank or was replaced: read again from the start
        bool baseline = false;   // the first poll after start()
        bool halfLine = false;   // JSONL: a last line is still being written
        QString error;           // the store could not be read now
    };

signals:
    // New records arrived (`added` by this poll, `total` since start), or the store restarted.
    void changed(quint64 added, quint64 total, bool restarted);
    void problem(const QString& message);
    void activeChanged(bool active);

private:
    struct State;
    void onPolled(const PollResult& result);

    JobTracker m_jobs;
    QTimer m_timer;
    std::shared_ptr<State> m_state;
    QString m_path;
    bool m_active = false;
    quint64 m_loadedRecords = 0;
    quint64 m_newRecords = 0;
    quint64 m_polls = 0;
    quint64 m_held = 0;  // new records not announced yet (a line was half-written)
    int m_heldPolls = 0;
};

}  // namespace dt
