// SPDX-License-Identifier: MIT
// SQLite diff store -> PostgreSQL table, through COPY (see pg_load.h).
#include "tests/pg/pg_load.h"

#include "core/store/store.h"
#include "core/store/store_writer.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <string_view>
#include <vector>

namespace dt::pgtest {
namespace {

constexpr const char* kColumns[] = {"id",
                                    "ts",
                                    "endpoint",
                                    "req_method",
                                    "req_url",
                                    "req_headers",
                                    "req_body",
                                    "primary_status",
                                    "primary_headers",
                                    "primary_body",
                                    "primary_latency_ms",
                                    "primary_error",
                                    "candidate_status",
                                    "candidate_headers",
                                    "candidate_body",
                                    "candidate_latency_ms",
                                    "candidate_error",
                                    "secondary_status",
                                    "secondary_headers",
                                    "secondary_body",
                                    "secondary_latency_ms",
                                    "secondary_error",
                                    "primary_state",
                                    "candidate_state",
                                    "secondary_state",
                                    "tags",
                                    "weight"};

bool isBody(const std::string& c) { return c.size() > 5 && c.compare(c.size() - 5, 5, "_body") == 0; }

// COPY text format escaping of one value.
void appendCopyValue(std::string& out, const char* data, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        const char c = data[i];
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out.push_back(c);
        }
    }
}

void appendHexBytea(std::string& out, const unsigned char* data, size_t n) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += "\\\\x";  // "\x" escaped for COPY
    for (size_t i = 0; i < n; ++i) {
        out.push_back(kHex[data[i] >> 4]);
        out.push_back(kHex[data[i] & 15]);
    }
}

// UTF-8 without NUL (what a PostgreSQL text value can hold in a UTF8 database).
bool validUtf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == 0) return false;
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        for (size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
        i += len;
    }
    return true;
}

}  // namespace

std::string tableDdl(const std::string& table, Columns style) {
    if (style == Columns::Native)
        return "CREATE TABLE " + table + R"( (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE, ts timestamptz NOT NULL, endpoint text,
  req_method text NOT NULL, req_url text NOT NULL, req_headers jsonb, req_body bytea,
  primary_status integer, primary_headers jsonb, primary_body bytea, primary_latency_ms double precision, primary_error text,
  candidate_status integer, candidate_headers jsonb, candidate_body bytea, candidate_latency_ms double precision, candidate_error text,
  secondary_status integer, secondary_headers jsonb, secondary_body bytea, secondary_latency_ms double precision, secondary_error text,
  primary_state jsonb, candidate_state jsonb, secondary_state jsonb,
  tags jsonb, weight double precision))";
    return "CREATE TABLE " + table + R"( (
  id text PRIMARY KEY, ts text NOT NULL, endpoint text,
  req_method text NOT NULL, req_url text NOT NULL, req_headers text, req_body text,
  primary_status text, primary_headers text, primary_body text, primary_latency_ms text, primary_error text,
  candidate_status text, candidate_headers text, candidate_body text, candidate_latency_ms text, candidate_error text,
  secondary_status text, secondary_headers text, secondary_body text, secondary_latency_ms text, secondary_error text,
  primary_state text, candidate_state text, secondary_state text,
  tags text, weight text))";
}

std::string loadSqlite(const TestServer& server, const std::string& db, const std::string& table,
                       const std::string& sqlitePath, Columns style, std::set<std::string>* skipped) {
    if (std::string e = server.sql(db, tableDdl(table, style)); !e.empty()) return e;
    sqlite3* lite = nullptr;
    if (sqlite3_open_v2(sqlitePath.c_str(), &lite, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(lite);
        return "cannot open " + sqlitePath;
    }
    std::string select = "SELECT ", columnList;
    for (const char* c : kColumns) {
        select += (columnList.empty() ? "" : ", ") + std::string(c);
        columnList += (columnList.empty() ? "" : ", ") + std::string(c);
    }
    select += " FROM comparisons ORDER BY rowid";
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(lite, select.c_str(), -1, &st, nullptr) != SQLITE_OK) {
        const std::string e = sqlite3_errmsg(lite);
        sqlite3_close(lite);
        return e;
    }
    std::string data;
    while (sqlite3_step(st) == SQLITE_ROW) {
        bool textable = true;
        for (int i = 0; i < static_cast<int>(std::size(kColumns)); ++i) {
            const auto* p = static_cast<const char*>(sqlite3_column_blob(st, i));
            const size_t n = static_cast<size_t>(sqlite3_column_bytes(st, i));
            if (!(style == Columns::Native && isBody(kColumns[i])) && !validUtf8(std::string_view(p ? p : "", n)))
                textable = false;
        }
        if (!textable) {
            if (skipped) skipped->insert(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
            continue;
        }
        for (int i = 0; i < static_cast<int>(std::size(kColumns)); ++i) {
            if (i) data.push_back('\t');
            if (sqlite3_column_type(st, i) == SQLITE_NULL) {
                data += "\\N";
                continue;
            }
            const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(st, i));
            const size_t n = static_cast<size_t>(sqlite3_column_bytes(st, i));
            if (style == Columns::Native && isBody(kColumns[i]))
                appendHexBytea(data, p, n);
            else
                appendCopyValue(data, reinterpret_cast<const char*>(p), n);
        }
        data.push_back('\n');
    }
    sqlite3_finalize(st);
    sqlite3_close(lite);

    PGconn* c = PQconnectdb(server.uri(db).c_str());
    std::string err;
    if (PQstatus(c) != CONNECTION_OK) {
        err = PQerrorMessage(c);
    } else {
        PGresult* r = PQexec(c, ("COPY " + table + " (" + columnList + ") FROM STDIN").c_str());
        if (PQresultStatus(r) != PGRES_COPY_IN) err = PQresultErrorMessage(r);
        PQclear(r);
        if (err.empty()) {
            PQputCopyData(c, data.data(), static_cast<int>(data.size()));
            PQputCopyEnd(c, nullptr);
            while (PGresult* res = PQgetResult(c)) {
                if (PQresultStatus(res) != PGRES_COMMAND_OK) err = PQresultErrorMessage(res);
                PQclear(res);
            }
        }
    }
    PQfinish(c);
    return err;
}

std::string tableChecksum(const TestServer& server, const std::string& db, const std::string& table) {
    PGconn* c = PQconnectdb(server.uri(db).c_str());
    std::string out;
    if (PQstatus(c) == CONNECTION_OK) {
        PGresult* r =
            PQexec(c, ("SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM " +
                       table + " t")
                          .c_str());
        if (PQresultStatus(r) == PGRES_TUPLES_OK) out = PQgetvalue(r, 0, 0);
        PQclear(r);
    }
    PQfinish(c);
    return out;
}

std::string jsonlToSqlite(const std::string& jsonl, const std::string& sqlite) {
    std::string error;
    auto in = Store::open(jsonl, &error);
    auto out = StoreWriter::create(sqlite, &error);
    if (!in || !out) return error;
    struct Copy : ScanVisitor {
        StoreWriter* out;
        std::string error;
        void record(unsigned, uint32_t, Record& rec, const Locator&) override {
            if (error.empty()) out->append(rec, &error);
        }
        void problem(unsigned, uint32_t, LoadProblem p) override {
            error = "line " + std::to_string(p.line) + ": " + p.reason;
        }
    } copy;
    copy.out = out.get();
    ScanControl one;
    one.threads = 1;  // in store order
    in->scan(copy, one);
    if (!copy.error.empty()) return copy.error;
    return out->commit(&error) ? std::string() : error;
}

}  // namespace dt::pgtest
