// SPDX-License-Identifier: MIT
#pragma once
// libpq plumbing for core/pg: "postgresql://" store URIs with difftriage's own query parameters,
// RAII connection and result handles, and libpq errors in plain words. Only core/pg includes libpq.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct pg_conn;
struct pg_result;

namespace dt::pg {

// True for "postgresql://..." and "postgres://..." (the two prefixes libpq accepts).
bool isPostgresUri(std::string_view s);

// A store / workspace / index URI. difftriage's parameters are taken out of the query string; every
// other parameter (host=/run/postgresql, port, sslmode, ...) goes to libpq unchanged.
struct PgUri {
    std::string conninfo;               // for libpq
    std::string display;                // the URI with any password replaced by "***", for messages
    std::string table = "comparisons";  // ?table=  (may be schema-qualified: "shadow.comparisons")
    std::string schema;                 // ?schema= (index result tables, workspace tables)
    std::string key;                    // ?key=    key column for ranges (default: "seq" when present, else ctid)
    std::string workspace;              // ?workspace= name of a shared workspace (default "default")
};
std::optional<PgUri> parsePgUri(const std::string& uri, std::string* error);

// "a"."b" from "a.b" (each part quoted as an SQL identifier).
std::string quoteQualified(std::string_view name);
std::string quoteIdent(std::string_view name);
std::string quoteLiteral(std::string_view value);

class PgResult {
public:
    PgResult() = default;
    explicit PgResult(pg_result* r) : m_r(r) {}
    PgResult(PgResult&& o) noexcept : m_r(o.m_r) { o.m_r = nullptr; }
    PgResult& operator=(PgResult&& o) noexcept;
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;
    ~PgResult();

    bool ok() const;  // command or tuples OK (COPY_IN also counts)
    int rows() const;
    int cols() const;
    std::string_view name(int col) const;  // result column name
    bool isNull(int row, int col) const;
    std::string_view value(int row, int col) const;
    int64_t int64(int row, int col, int64_t fallback = 0) const;
    std::string sqlState() const;  // "42P01", ... ("" when none)
    std::string error() const;     // the server's message, one line
    pg_result* raw() const { return m_r; }

private:
    pg_result* m_r = nullptr;
};

class PgConn {
public:
    // readOnly: every transaction of the session is read-only (default_transaction_read_only=on).
    static std::unique_ptr<PgConn> connect(const PgUri& uri, bool readOnly, std::string* error);
    ~PgConn();
    PgConn(const PgConn&) = delete;
    PgConn& operator=(const PgConn&) = delete;

    PgResult exec(const std::string& sql);
    PgResult execParams(const std::string& sql, const std::vector<std::optional<std::string>>& params);
    // Runs sql and returns true when it succeeded; otherwise *error = "<display>: <what> failed: reason".
    bool run(const std::string& sql, std::string_view what, std::string* error);
    // COPY ... FROM STDIN with the given text-format data.
    bool copyIn(const std::string& copySql, const std::string& data, std::string* error);

    bool broken() const;                            // the connection is gone (server shut down, network)
    std::string lastError() const;                  // libpq's connection error, one line
    std::string describe(const PgResult& r) const;  // result error, or connection error when broken
    std::string escapeIdentifier(std::string_view s) const;
    pg_conn* raw() const { return m_c; }
    const std::string& display() const { return m_display; }
    int socket() const;
    // Received NOTIFY payloads with the sending session's pid (consumes input without blocking).
    std::vector<std::pair<std::string, int>> notificationsWithPid();

private:
    PgConn() = default;
    pg_conn* m_c = nullptr;
    std::string m_display;
};

// A numeric column's text ("12.5", "NaN", "Infinity") as a double; `fallback` when it is not a number.
double numberOf(std::string_view text, double fallback);
// One line: "\n\t" joins and trailing newlines removed.
std::string oneLine(std::string_view s);
// bytea in hex text form ("\x48656c6c6f") -> bytes; other text is returned as is.
void decodeBytea(std::string_view text, std::string& out);

}  // namespace dt::pg
