// SPDX-License-Identifier: MIT
#include "ui/followcontroller.h"

#include <sys/stat.h>

#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

#include "core/store/jsonl_tail.h"
#include "core/store/sqlite_tail.h"

namespace dt {

namespace {

bool isSqliteFile(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    char magic[16] = {};
    const bool sqlite =
        std::fread(magic, 1, sizeof magic, f) == sizeof magic && std::string_view(magic, 15) == "SQLite format 3";
    std::fclose(f);
    return sqlite;
}

bool blank(std::string_view line) {
    for (char c : line)
        if (c != ' ' && c != '\t' && c != '\r') return false;
    return true;
}

}  // namespace

// The tail readers of one follow session. Only a poll job touches them (one at a time; the mutex
// covers a superseded job that is still finishing).
struct FollowController::State {
    explicit State(std::string p) : path(std::move(p)), jsonl(path), sqlite(path) {}
    std::mutex mutex;
    std::string path;
    JsonlTail jsonl;
    SqliteTail sqlite;
    bool isSqlite = false;
    bool started = false;
    dev_t dev = 0;
    ino_t ino = 0;

    PollResult poll() {
        std::lock_guard lock(mutex);
        PollResult r;
        r.baseline = !started;
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) {  // gone for a moment (being replaced): nothing new
            if (!started) r.error = QStringLiteral("%1: cannot read the store").arg(QString::fromStdString(path));
            return r;
        }
        const bool replaced = started && (st.st_dev != dev || st.st_ino != ino);
        if (!started || replaced) isSqlite = isSqliteFile(path);
        if (replaced) {
            jsonl = JsonlTail(path);
            sqlite = SqliteTail(path);
            r.restarted = true;
        }
        dev = st.st_dev;
        ino = st.st_ino;
        std::string error;
        if (isSqlite) {
            const auto onRecord = [&](const Record&, int64_t) { ++r.records; };
            const auto onProblem = [&](int64_t, const std::string&) { ++r.records; };  // an invalid row
            bool restarted = false;
            if (!sqlite.poll(onRecord, onProblem, &error, &restarted)) {
                r.error = QString::fromStdString(error);
                return r;
            }
            if (restarted) {  // the table was replaced: read it again from its first row
                r.restarted = true;
                r.records = 0;
                sqlite = SqliteTail(path);
                if (!sqlite.poll(onRecord, onProblem, &error)) r.error = QString::fromStdString(error);
            }
        } else {
            if (uint64_t(st.st_size) < jsonl.offset()) {  // truncated: start over
                jsonl = JsonlTail(path);
                r.restarted = true;
            }
            bool restarted = false;
            const bool ok = jsonl.poll(
                [&](std::string_view line, uint64_t, uint64_t) {
                    if (!blank(line)) ++r.records;
                },
                &error, &restarted);
            if (restarted) r.restarted = true;
            if (!ok) r.error = QString::fromStdString(error);
            r.halfLine = jsonl.pending() > 0;
        }
        started = true;
        if (r.baseline) r.restarted = false;
        return r;
    }
};

FollowController::FollowController(QObject* parent) : QObject(parent) {
    m_timer.setInterval(2000);
    connect(&m_timer, &QTimer::timeout, this, &FollowController::pollNow);
}

FollowController::~FollowController() {
    m_jobs.stop();
    m_jobs.waitForDone();
}

bool FollowController::start(const QString& path, quint64 loadedRecords) {
    stop();
    if (path.isEmpty() || path.contains(QStringLiteral("://"))) return false;
    m_path = path;
    m_loadedRecords = loadedRecords;
    m_newRecords = 0;
    m_polls = 0;
    m_held = 0;
    m_heldPolls = 0;
    m_state = std::make_shared<State>(path.toStdString());
    m_active = true;
    m_timer.start();
    pollNow();
    emit activeChanged(true);
    return true;
}

void FollowController::stop() {
    const bool was = m_active;
    m_active = false;
    m_timer.stop();
    m_jobs.stop();
    m_state.reset();
    if (was) emit activeChanged(false);
}

void FollowController::pollNow() {
    if (!m_active || !m_state || m_jobs.isRunning()) return;
    std::shared_ptr<State> state = m_state;
    m_jobs.start(
        this, [state](JobContext&) { return state->poll(); },
        [this, state](PollResult result) {
            if (state == m_state) onPolled(result);
        });
}

void FollowController::onPolled(const PollResult& result) {
    ++m_polls;
    if (!result.error.isEmpty()) {
        emit problem(result.error);
        return;
    }
    if (result.baseline) {
        if (result.records != m_loadedRecords) {
            m_newRecords = result.records > m_loadedRecords ? result.records - m_loadedRecords : 0;
            emit changed(m_newRecords, m_newRecords, result.records < m_loadedRecords);
        }
        return;
    }
    if (result.restarted) {
        m_newRecords = 0;
        m_held = 0;
        m_heldPolls = 0;
        emit changed(result.records, 0, true);
        return;
    }
    m_held += result.records;
    if (m_held == 0) return;
    if (result.halfLine && ++m_heldPolls < kMaxHeldPolls) return;  // a line is being written: wait for it
    const quint64 added = m_held;
    m_held = 0;
    m_heldPolls = 0;
    m_newRecords += added;
    emit changed(added, m_newRecords, false);
}

}  // namespace dt
