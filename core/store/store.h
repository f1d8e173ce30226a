// SPDX-License-Identifier: MIT
#pragma once
// Diff store readers (JSONL and SQLite) behind one interface. See ../shared/spec/diff-store.md.
// A store is evidence: it is opened read-only and never written.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/store/record.h"

namespace dt {

enum class StoreFormat { Jsonl, Sqlite, Postgres };
std::string_view formatName(StoreFormat f);

struct LoadProblem {
    uint64_t line = 0;   // JSONL: 1-based line number (after fix-up, see ScanVisitor); 0 for SQLite
    int64_t rowid = 0;   // SQLite rowid; 0 for JSONL
    std::string id;      // the record id when it could be read, else ""
    std::string reason;  // "invalid JSON at byte 17: ...", "missing required field \"candidate\"", ...
    std::string raw;     // the raw line / row (first 64 KiB), for "copy raw line"
    // How many rows of the store this problem stands for: 1 for a bad line or row, N for a damaged
    // SQLite range "rows A..B" (records + the rows of all problems = the rows the table counts), 0
    // for a notice that is no record at all (a JSONL line still being written, a recovered copy).
    uint64_t rows = 1;
};

// Receives what a scan reads. record() and problem() are called from several worker threads at
// once. The input is cut into chunks numbered 0,1,2,... in file / rowid order; within one chunk,
// calls come from one thread, in order. For JSONL, Locator::line and LoadProblem::line are
// 1-based line numbers *within the chunk*; when a chunk is finished, chunkDone() says how many
// lines it held so the receiver can turn them into file line numbers (prefix sums by chunk).
class ScanVisitor {
public:
    virtual ~ScanVisitor() = default;
    virtual void record(unsigned worker, uint32_t chunk, Record& rec, const Locator& loc) = 0;
    virtual void problem(unsigned worker, uint32_t chunk, LoadProblem problem) = 0;
    virtual void chunkDone(uint32_t chunk, uint64_t lines) {
        (void)chunk;
        (void)lines;
    }
};

struct ScanControl {
    unsigned threads = 0;                       // 0 = hardware concurrency
    const std::atomic<bool>* cancel = nullptr;  // checked between records
    // Called from worker threads, at most every few milliseconds: bytes (or rows) done / total, records read.
    std::function<void(uint64_t done, uint64_t total, uint64_t records)> progress;
    // Resuming (Store::resumable(), following a growing store): where to start. JSONL: the byte
    // offset of a line start (ScanSummary::end of the previous scan; line numbers then count from
    // there: the receiver adds the lines before it); SQLite: only rows with a larger rowid. 0 = all.
    uint64_t from = 0;
};

struct ScanSummary {
    bool cancelled = false;
    uint64_t records = 0;
    uint64_t problems = 0;
    uint64_t chunks = 0;
    std::string fatal;  // non-empty: the scan stopped (I/O error, database corrupt, ...)
    // Where a resumed scan goes on (ScanControl::from). JSONL: the byte after the last line that
    // ended with a newline; SQLite: the largest rowid of the range read (below `from` when rows went).
    uint64_t end = 0;
    // JSONL: the last line had no newline (it was read as a record, a problem or a "still being
    // written" notice; a resumed scan from `end` reads it again, completed).
    bool partialTail = false;
};

class Store {
public:
    virtual ~Store() = default;
    // Opens a store read-only, detecting the format by content (SQLite magic header, else JSONL).
    // A path that starts with a registered URI prefix ("postgresql://", see registerStoreScheme)
    // goes to that scheme's opener instead.
    // Returns null and sets *error ("FILE: reason") when it cannot be opened at all.
    static std::unique_ptr<Store> open(const std::string& path, std::string* error);

    virtual StoreFormat format() const = 0;
    virtual const std::string& path() const = 0;
    virtual uint64_t sizeHint() const = 0;  // bytes (JSONL) or rows (SQLite), for progress

    virtual ScanSummary scan(ScanVisitor& visitor, const ScanControl& control) = 0;
    // True when scan() honours ScanControl::from and what was read is still this store: a local
    // JSONL file still at its path (not replaced by another file), a SQLite table read live (not
    // an immutable or recovered copy, not a view).
    virtual bool resumable() const { return false; }

    // Reads one record back. Thread-safe. nullopt + *error when it cannot.
    virtual std::optional<Record> read(const Locator& loc, std::string* error = nullptr) const = 0;
    // The raw line (JSONL) or the row as a JSON object (SQLite).
    virtual std::optional<std::string> readRaw(const Locator& loc, std::string* error = nullptr) const = 0;
};

// Store readers that live outside core/store (core/pg: "postgresql://", "postgres://") register
// their URI prefix at start-up; Store::open() then hands such paths to them. Thread-safe.
using StoreOpener = std::unique_ptr<Store> (*)(const std::string& uri, std::string* error);
void registerStoreScheme(const std::string& prefix, StoreOpener opener);

// Parses one JSONL record line (exposed for tests and fuzzing). nullopt + *reason when invalid.
std::optional<Record> parseRecordLine(std::string_view line, std::string* reason);

}  // namespace dt
