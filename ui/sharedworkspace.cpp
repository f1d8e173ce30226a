// SPDX-License-Identifier: MIT
// Background saves and polls of a shared workspace (sharedworkspace.h).
#include "ui/sharedworkspace.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QSocketNotifier>

#include <vector>

#include "core/pg/pg_workspace_merge.h"
#include "core/pg/pg_workspace_sync.h"

namespace dt {

struct SharedWorkspace::Outcome {
    enum class Kind { Saved, Conflict, Polled, Error } kind = Kind::Error;
    std::string base;      // the window's document when the operation started
    std::string document;  // the shared workspace as seen after it (conflict, poll)
    bool changed = false;  // poll: something other windows committed arrived
    std::string message;   // conflict: who changed what; error: why
    bool saving = false;
};

std::unique_ptr<SharedWorkspace> SharedWorkspace::open(const std::string& uri, std::function<std::string()> current,
                                                       std::string* error, QObject* parent) {
    auto sync = pg::WorkspaceSync::open(uri, error);
    if (!sync) return nullptr;
    return std::unique_ptr<SharedWorkspace>(new SharedWorkspace(std::move(sync), std::move(current), parent));
}

SharedWorkspace::SharedWorkspace(std::unique_ptr<pg::WorkspaceSync> sync, std::function<std::string()> current,
                                 QObject* parent)
        : QObject(parent), m_sync(std::move(sync)), m_current(std::move(current)), m_opened(m_sync->document()) {
    m_jobs.setMaxThreads(1);
    // A NOTIFY makes the socket readable: poll at once. (The socket also turns readable while a
    // job reads a result on it; that only asks for one more poll.) And once a second, for
    // notifications libpq read while running one of this window's own statements.
    m_notifier = new QSocketNotifier(m_sync->socket(), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        m_notifier->setEnabled(false);  // level-triggered: on again when the poll has read it
        requestPoll();
    });
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, &SharedWorkspace::requestPoll);
    m_poll.start();
}

SharedWorkspace::~SharedWorkspace() {
    delete m_notifier;  // before the connection (m_sync) closes its socket
    m_notifier = nullptr;
    m_jobs.stop();
    m_jobs.waitForDone();  // the running operation uses m_sync
}

void SharedWorkspace::save() {
    m_dirty = true;
    next();
}

void SharedWorkspace::requestPoll() {
    m_pollWanted = true;
    if (m_retrySave) {
        m_retrySave = false;
        m_dirty = true;
    }
    next();
}

bool SharedWorkspace::waitForIdle(int msecs) {
    QDeadlineTimer deadline(msecs);
    while (hasUnsaved()) {
        if (deadline.hasExpired()) return false;
        QEventLoop loop;
        QTimer::singleShot(10, &loop, &QEventLoop::quit);
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    }
    return true;
}

void SharedWorkspace::next() {
    if (m_busy || (!m_dirty && !m_pollWanted)) return;
    m_busy = true;
    const bool saving = m_dirty;
    m_dirty = m_pollWanted = false;
    std::string base = m_current();
    pg::WorkspaceSync* sync = m_sync.get();
    m_jobs.start(
        this,
        [sync, saving, base = std::move(base)](JobContext&) {
            Outcome o;
            o.base = base;
            o.saving = saving;
            std::string error;
            if (saving) {
                const std::string seen = sync->document();
                std::vector<pg::WorkspaceItem> conflicts;
                switch (sync->save(base, &conflicts, &error)) {
                case pg::WorkspaceSync::Result::Saved:
                case pg::WorkspaceSync::Result::Unchanged: o.kind = Outcome::Kind::Saved; return o;
                case pg::WorkspaceSync::Result::Conflict: {
                    std::vector<std::pair<std::string, std::string>> refused;
                    for (const auto& c : conflicts) refused.emplace_back(c.kind, c.key);
                    auto b = pg::baseAfterConflict(seen, base, refused, &error);
                    if (!b) break;
                    o.kind = Outcome::Kind::Conflict;
                    o.base = std::move(*b);
                    o.document = sync->document();
                    o.message = pg::describeConflicts(conflicts);
                    return o;
                }
                case pg::WorkspaceSync::Result::Error: break;
                }
            } else if (!sync->pending()) {
                o.kind = Outcome::Kind::Polled;
                return o;
            } else if (sync->refresh(&error)) {
                o.kind = Outcome::Kind::Polled;
                o.changed = true;
                o.document = sync->document();
                return o;
            }
            o.kind = Outcome::Kind::Error;
            o.message = error;
            return o;
        },
        [this](Outcome&& o) {
            m_busy = false;
            switch (o.kind) {
            case Outcome::Kind::Saved:
                m_lastError.clear();
                emit saved();
                m_pollWanted = true;  // a notification may have arrived during our transaction
                break;
            case Outcome::Kind::Conflict:
                finish(o.base, o.document, false);
                emit conflict(QString::fromStdString(o.message));
                break;
            case Outcome::Kind::Polled:
                if (o.changed) finish(o.base, o.document, true);
                if (m_notifier) m_notifier->setEnabled(true);
                break;
            case Outcome::Kind::Error:
                // The edits stay in the window; the save is tried again at the next poll. Said once.
                if (o.saving) m_retrySave = true;
                if (m_notifier && !o.saving) m_notifier->setEnabled(true);
                if (o.message != m_lastError) emit failed(QString::fromStdString(o.message));
                m_lastError = o.message;
                break;
            }
            next();
        });
}

// The shared state `remote`, seen after an operation that started from the window's document
// `base`, merged with what the window holds now; what the window changed meanwhile is saved next.
void SharedWorkspace::finish(const std::string& base, const std::string& remote, bool remoteChanged) {
    std::string error;
    const std::string local = m_current();
    const auto merged = pg::mergeWorkspaceDocuments(base, local, remote, &error);
    if (!merged) {
        emit failed(QString::fromStdString(error));
        return;
    }
    emit adopt(QString::fromStdString(*merged), remoteChanged);
    const auto shared = pg::canonicalWorkspaceDocument(remote, &error);
    if (!shared || *shared != *merged) m_dirty = true;  // edits made meanwhile: save them
}

}  // namespace dt
