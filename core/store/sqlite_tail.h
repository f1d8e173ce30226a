// SPDX-License-Identifier: MIT
#pragma once
// Follows a SQLite store that gains rows (e.g. the GoReplay middleware writing in transactions):
// each poll() hands over the rows committed since the previous poll (rowid greater than the last one
// seen), read-only and without creating anything beside the store (sqlite_open.h). A table whose
// largest rowid went down was replaced: it is read again from the start, and the caller is told so.
#include <cstdint>
#include <functional>
#include <string>

#include "core/store/record.h"

namespace dt {

class SqliteTail {
public:
    explicit SqliteTail(std::string path) : m_path(std::move(path)) {}

    // onRecord for every new row that is a record, onProblem(rowid, reason) for a row that is not.
    // False + *error when the store cannot be read now (missing table, a writer killed mid-write).
    bool poll(const std::function<void(const Record&, int64_t rowid)>& onRecord,
              const std::function<void(int64_t rowid, const std::string& reason)>& onProblem, std::string* error,
              bool* restarted = nullptr);
    int64_t lastRowid() const { return m_last; }

private:
    std::string m_path;
    int64_t m_last = 0;
};

}  // namespace dt
