// SPDX-License-Identifier: MIT
// Open plans for SQLite stores: see sqlite_open.h.
#include "core/store/sqlite_open.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace dt::detail {
namespace fs = std::filesystem;

namespace {

bool exists(const std::string& p) {
    std::error_code ec;
    return fs::exists(p, ec);
}

// Bytes 18 and 19 of the header are 2 for a WAL-mode database.
bool isWalMode(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char header[20] = {};
    if (!in.read(header, sizeof header)) return false;
    return header[18] == 2 && header[19] == 2;
}

bool exec(sqlite3* db, const char* sql, std::string& why) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) == SQLITE_OK) return true;
    why = err ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    return false;
}

}  // namespace

std::string sqliteUri(const std::string& path, bool immutable) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string uri = "file:";
    for (const unsigned char c : path) {
        if (std::isalnum(c) || std::strchr("/-_.~", c)) {
            uri.push_back(static_cast<char>(c));
        } else {
            uri.push_back('%');
            uri.push_back(kHex[c >> 4]);
            uri.push_back(kHex[c & 15]);
        }
    }
    uri += immutable ? "?mode=ro&immutable=1" : "?mode=ro";
    return uri;
}

SqliteOpenPlan planSqliteOpen(const std::string& path) {
    SqliteOpenPlan plan;
    // A WAL database with no -wal beside it holds everything in the main file; a read-only WAL open
    // would still create -wal and -shm next to it, so open it immutable (creates nothing).
    const bool wal = isWalMode(path), hasWal = exists(path + "-wal");
    plan.immutable = wal && !hasWal;
    plan.uri = sqliteUri(path, plan.immutable);
    // A -wal without its -shm (the writer is gone): a read-only open would create the -shm.
    if (wal && hasWal && !exists(path + "-shm"))
        plan.recover = "the store's write-ahead log (" + path + "-wal) has no -shm beside it (its writer is gone)";
    return plan;
}

bool recoverPrivateCopy(const std::string& path, const std::string& why, SqliteOpenPlan& plan, std::string* error) {
    const auto failWith = [&](const std::string& reason) {
        if (error)
            *error = path + ": " + why + ", and a private copy to recover it could not be made (" + reason +
                     "). To recover: open the store once with the program that wrote it or with `sqlite3 " + path +
                     " 'PRAGMA integrity_check'` in a writable directory, then retry";
        return false;
    };
    std::error_code ec;
    const fs::path tmp = fs::temp_directory_path(ec);
    if (ec) return failWith("no temporary directory: " + ec.message());
    std::string tmpl = (tmp / "difftriage-recover-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) return failWith(std::string("mkdtemp: ") + std::strerror(errno));
    const fs::path dir = tmpl;
    const fs::path copy = dir / "store.sqlite";
    // The -shm is shared memory of a live connection: never copied (SQLite rebuilds it).
    for (const char* suffix : {"", "-wal", "-journal"}) {
        const std::string from = path + suffix;
        if (*suffix && !exists(from)) continue;
        fs::copy_file(from, copy.string() + suffix, ec);
        if (ec) {
            removePrivateCopy(dir.string());
            return failWith("copying " + from + ": " + ec.message());
        }
    }
    sqlite3* db = nullptr;
    std::string reason;
    int rc = sqlite3_open_v2(copy.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    bool ok = rc == SQLITE_OK;
    if (!ok) reason = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    // The first read rolls a hot journal back / recovers the WAL; then fold the WAL into the file so
    // the copy can be read immutable.
    if (ok) ok = exec(db, "PRAGMA user_version", reason);
    if (ok) ok = exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", reason);
    if (ok) ok = exec(db, "PRAGMA journal_mode=DELETE", reason);
    sqlite3_close(db);
    if (!ok) {
        removePrivateCopy(dir.string());
        return failWith("recovery failed: " + reason);
    }
    plan.privateDir = dir.string();
    plan.immutable = true;
    plan.uri = sqliteUri(copy.string(), true);
    plan.notice = why + "; read the committed state from a private recovered copy (" + dir.string() +
                  ", removed afterwards); the store itself was not touched";
    return true;
}

void removePrivateCopy(const std::string& dir) {
    if (dir.empty()) return;
    std::error_code ec;
    fs::remove_all(dir, ec);
}

}  // namespace dt::detail
