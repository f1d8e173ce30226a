// SPDX-License-Identifier: MIT
#pragma once
// Test helper: copies a SQLite diff store (as written by difftriage-gen) into a PostgreSQL table,
// with the native column types (jsonb, bytea, timestamptz, an identity key "seq") or with
// SQLite-style text columns and no key column (the reader then scans by ctid).
#include <set>
#include <string>

#include "tests/pg/pg_test_server.h"

namespace dt::pgtest {

enum class Columns { Native, TextNoKey };

// The CREATE TABLE statement for `table` in the given style.
std::string tableDdl(const std::string& table, Columns style);
// Creates `table` in `db` and copies every row of the SQLite store's `comparisons` into it, in rowid
// order. PostgreSQL text cannot hold bytes that are not UTF-8 (or NUL): with text columns, rows whose
// values are such bytes are left out and their ids added to *skipped. Returns "" on success, else the error.
std::string loadSqlite(const TestServer& server, const std::string& db, const std::string& table,
                       const std::string& sqlitePath, Columns style, std::set<std::string>* skipped = nullptr);
// Copies a JSONL store's records, in order, into a new SQLite store (difftriage-gen profiles write
// JSONL only). "" on success, else what failed.
std::string jsonlToSqlite(const std::string& jsonl, const std::string& sqlite);
// md5 over the whole table content in id order ("" on error), to prove nothing was written.
std::string tableChecksum(const TestServer& server, const std::string& db, const std::string& table);

}  // namespace dt::pgtest
