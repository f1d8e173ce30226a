// SPDX-License-Identifier: MIT
#pragma once
// Writes a diff store in the contract's format (shared/spec/diff-store.md): JSONL or SQLite
// (schema version 1), chosen by the file name (".sqlite", ".sqlite3", ".db" -> SQLite, else JSONL).
// Used by the importers, golden-set exports and test fixtures.
//
// Atomic mode (the default): records go to a temp file beside the target, which replaces the
// target only on commit() (fsync + rename), so a killed export never leaves a torn store.
// Streaming mode (atomic = false): records land in the target as they come, in transactions of
// `batch` records (SQLite) or flushed lines (JSONL); for long-running producers such as the
// GoReplay middleware, which must not lose what was already paired.
#include <cstdint>
#include <memory>
#include <string>

#include "core/store/record.h"

namespace dt {

class StoreWriter {
public:
    struct Options {
        bool atomic = true;
        uint32_t batch = 1000;  // records per SQLite transaction in streaming mode
    };
    virtual ~StoreWriter() = default;

    // Null with *error ("PATH: reason") when the file cannot be created.
    static std::unique_ptr<StoreWriter> create(const std::string& path, const Options& options, std::string* error);
    static std::unique_ptr<StoreWriter> create(const std::string& path, std::string* error) {
        return create(path, Options{}, error);
    }
    static bool isSqlitePath(const std::string& path);

    virtual bool append(const Record& record, std::string* error) = 0;
    // Makes everything appended durable (streaming: commits the open transaction).
    virtual bool flush(std::string* error) = 0;
    // Finishes the store: flush, and in atomic mode move it into place. Without commit() an
    // atomic writer leaves the target untouched and removes its temp file.
    virtual bool commit(std::string* error) = 0;
    uint64_t written() const { return m_written; }

protected:
    uint64_t m_written = 0;
};

}  // namespace dt
