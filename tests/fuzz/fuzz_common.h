// SPDX-License-Identifier: MIT
#pragma once
// Shared helpers for the libFuzzer targets: a per-process scratch file (in /dev/shm when it exists,
// so the fuzz loop does not hit the disk) and a ScanVisitor that keeps what a scan reported.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include "core/store/store.h"

namespace dtfuzz {

// Crash on purpose (libFuzzer records the input) when an invariant of the code under test breaks.
[[noreturn]] inline void invariantFailed(const char* what, const std::string& detail = {}) {
    std::fprintf(stderr, "INVARIANT FAILED: %s %s\n", what, detail.c_str());
    std::abort();
}

inline std::string scratchPath(const char* suffix) {
    static const std::string dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    return dir + "/dt-fuzz-" + std::to_string(getpid()) + suffix;
}

// Replaces the file's content (no atomic rename: stores are opened after this returns).
inline bool writeScratch(const std::string& path, std::string_view data) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return false;
    size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n <= 0) {
            ::close(fd);
            return false;
        }
        done += size_t(n);
    }
    ::close(fd);
    return true;
}

struct Collected {
    std::vector<dt::Locator> locators;
    std::vector<uint32_t> recordChunks;
    std::vector<std::string> ids;
    std::vector<dt::LoadProblem> problems;
    std::vector<uint32_t> problemChunks;
    std::vector<uint64_t> chunkLines;  // lines per chunk (chunkDone)

    // File line numbers (JSONL): chunk-relative line + lines of all earlier chunks.
    uint64_t fileLine(uint32_t chunk, uint64_t line) const {
        uint64_t before = 0;
        for (uint32_t c = 0; c < chunk && c < chunkLines.size(); ++c) before += chunkLines[c];
        return before + line;
    }
    // (file line, id) of every record and (file line, reason) of every problem, sorted.
    std::vector<std::pair<uint64_t, std::string>> recordLines() const {
        std::vector<std::pair<uint64_t, std::string>> out;
        for (size_t i = 0; i < locators.size(); ++i)
            out.emplace_back(fileLine(recordChunks[i], locators[i].line), ids[i]);
        std::sort(out.begin(), out.end());
        return out;
    }
    std::vector<std::pair<uint64_t, std::string>> problemLines() const {
        std::vector<std::pair<uint64_t, std::string>> out;
        for (size_t i = 0; i < problems.size(); ++i)
            out.emplace_back(fileLine(problemChunks[i], problems[i].line), problems[i].reason);
        std::sort(out.begin(), out.end());
        return out;
    }
};

class CollectingVisitor : public dt::ScanVisitor {
public:
    void record(unsigned, uint32_t chunk, dt::Record& rec, const dt::Locator& loc) override {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_out.locators.push_back(loc);
        m_out.recordChunks.push_back(chunk);
        m_out.ids.push_back(rec.id);
    }
    void problem(unsigned, uint32_t chunk, dt::LoadProblem problem) override {
        if (problem.reason.empty()) invariantFailed("load problem without a reason");
        std::lock_guard<std::mutex> lock(m_mutex);
        m_out.problems.push_back(std::move(problem));
        m_out.problemChunks.push_back(chunk);
    }
    void chunkDone(uint32_t chunk, uint64_t lines) override {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_out.chunkLines.size() <= chunk) m_out.chunkLines.resize(size_t(chunk) + 1, 0);
        m_out.chunkLines[chunk] = lines;
    }
    Collected& result() { return m_out; }

private:
    std::mutex m_mutex;
    Collected m_out;
};

// PRAGMA integrity_check says "ok".
inline bool databaseIsIntact(const std::string& path) {
    sqlite3* db = nullptr;
    bool ok = false;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW) {
            const unsigned char* text = sqlite3_column_text(st, 0);
            ok = text && std::string(reinterpret_cast<const char*>(text)) == "ok";
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return ok;
}

// Opens `path`, scans it on one thread, reads every record back by its locator and checks that
// the id read back is the id the scan saw. `prepare` may tune the store before the scan (chunk
// size). Returns what the scan saw (empty when the store could not be opened).
template <typename Prepare>
inline Collected scanAndReadBack(const std::string& path, Prepare&& prepare) {
    std::string error;
    auto store = dt::Store::open(path, &error);
    if (!store) {
        if (error.empty()) invariantFailed("Store::open failed without an error message");
        return {};
    }
    prepare(*store);
    CollectingVisitor visitor;
    dt::ScanControl control;
    control.threads = 1;
    dt::ScanSummary summary = store->scan(visitor, control);
    auto& got = visitor.result();
    if (summary.records != got.locators.size())
        invariantFailed("ScanSummary::records differs from the records visited");
    for (size_t i = 0; i < got.locators.size(); ++i) {
        std::string readError;
        auto rec = store->read(got.locators[i], &readError);
        if (!rec) {
            if (readError.empty()) invariantFailed("read() failed without an error message");
            // A damaged SQLite b-tree can yield a row to a range scan that a rowid lookup cannot
            // find. Acceptable with a message; on an intact store it is a reader bug.
            if (store->format() == dt::StoreFormat::Sqlite && !databaseIsIntact(path)) continue;
            invariantFailed("a scanned record cannot be read back", readError);
        }
        if (rec->id != got.ids[i]) invariantFailed("record read back has another id", rec->id + " vs " + got.ids[i]);
        (void)store->readRaw(got.locators[i], &readError);
    }
    return std::move(got);
}

inline Collected scanAndReadBack(const std::string& path) {
    return scanAndReadBack(path, [](dt::Store&) {});
}

}  // namespace dtfuzz
