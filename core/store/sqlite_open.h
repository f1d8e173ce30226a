// SPDX-License-Identifier: MIT
#pragma once
// How a SQLite store is opened so that (1) nothing is ever created or changed beside it and
// (2) uncommitted data is never read as truth:
//   - a WAL-mode database without a -wal file is opened with immutable=1 (a read-only WAL open would
//     create -wal and -shm next to it);
//   - a WAL-mode database whose -wal has no -shm beside it (writer gone, or killed) and a rollback
//     database with a hot journal (writer killed mid-transaction) are copied into a private
//     temporary directory (never beside the store), recovered there by SQLite, and read from the
//     copy; the user is told so;
//   - everything else is opened read-only ("mode=ro"), so it works while another process writes.
#include <string>

namespace dt::detail {

struct SqliteOpenPlan {
    std::string uri;  // for sqlite3_open_v2 with SQLITE_OPEN_URI
    bool immutable = false;
    std::string privateDir;  // non-empty: the recovered copy lives here; removePrivateCopy() when done
    std::string notice;      // what the user should know about how the store was read ("" = nothing)
    std::string recover;     // non-empty: reading needs a private recovered copy, for this reason
};

// "file:PATH?mode=ro[&immutable=1]" with PATH percent-encoded.
std::string sqliteUri(const std::string& path, bool immutable);

// The first plan, from the database header and the files beside it.
SqliteOpenPlan planSqliteOpen(const std::string& path);

// Copies the store (and its -wal / -journal) into a fresh private directory under $TMPDIR, lets
// SQLite roll back / recover it there, and points `plan` at the copy (immutable). `why` says what
// was found ("a hot rollback journal ..."). False + *error when the copy or the recovery fails.
bool recoverPrivateCopy(const std::string& path, const std::string& why, SqliteOpenPlan& plan, std::string* error);

void removePrivateCopy(const std::string& dir);

}  // namespace dt::detail
