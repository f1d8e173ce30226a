// SPDX-License-Identifier: MIT
#pragma once
// The connection of a window to a workspace shared in PostgreSQL (core/pg/pg_workspace_sync.h),
// with every round trip to the server off the GUI thread: a key press never waits for the network.
//
// One operation runs at a time, in a JobTracker job: a save of the window's workspace document
// (only the items that changed are written, each based on the version seen) or a poll for other
// windows' changes. Edits made while one runs are sent together when it ends. What the server says
// comes back merged with what the window holds now (core/pg/pg_workspace_merge.h): items the window
// did not touch since the operation started take the shared state; items it changed keep the
// window's state and are saved next. A refused save (someone else changed the same item first)
// gives their state for the items of that save, and conflict().
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <memory>
#include <string>

#include "ui/jobtracker.h"

class QSocketNotifier;

namespace dt {
namespace pg {
class WorkspaceSync;
}

class SharedWorkspace : public QObject {
    Q_OBJECT
public:
    static constexpr int kPollMs = 1000;  // other windows' changes show within this at most

    // Connects (on the calling thread: once, when the store opens), reads the workspace and starts
    // listening. Null and *error when the server cannot be reached or the workspace not read.
    // `current` gives the window's workspace document whenever a save starts or a result is merged.
    static std::unique_ptr<SharedWorkspace> open(const std::string& uri, std::function<std::string()> current,
                                                 std::string* error, QObject* parent = nullptr);
    ~SharedWorkspace() override;

    const std::string& document() const { return m_opened; }  // as read by open()
    // The window's document changed: save it (now, or when the operation running ends).
    void save();
    bool isBusy() const { return m_busy; }
    bool hasUnsaved() const { return m_busy || m_dirty; }
    // For tests and closing: waits until nothing is running or waiting to be saved (user input
    // is not processed meanwhile). False when that did not happen within msecs.
    bool waitForIdle(int msecs);

signals:
    // The window must show `document` (the merge above); `remote`: it holds other windows' changes.
    void adopt(const QString& document, bool remote);
    void saved();
    void conflict(const QString& what);
    void failed(const QString& error);

private:
    SharedWorkspace(std::unique_ptr<pg::WorkspaceSync> sync, std::function<std::string()> current, QObject* parent);
    void next();  // starts the next operation when none runs
    void finish(const std::string& base, const std::string& remote, bool remote_changed);
    void requestPoll();

    struct Outcome;
    std::unique_ptr<pg::WorkspaceSync> m_sync;  // used by one job at a time; declared before m_jobs
    std::function<std::string()> m_current;
    std::string m_opened;
    bool m_busy = false, m_dirty = false, m_pollWanted = false, m_retrySave = false;
    std::string m_lastError;  // said once until a save succeeds
    QSocketNotifier* m_notifier = nullptr;
    QTimer m_poll;
    JobTracker m_jobs;  // destroyed first: waits for the running operation
};

}  // namespace dt
