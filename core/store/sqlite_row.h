// SPDX-License-Identifier: MIT
#pragma once
// Internal to the SQLite reader (sqlite_store.cpp, sqlite_scan.cpp): statements, row -> Record
// conversion, raw row JSON, error wording.
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "core/store/record_parse.h"
#include "core/store/sqlite_store.h"
#include "core/util/base64.h"

namespace dt::sqlite_detail {

inline constexpr int kBusyTimeoutMs = 2000;
inline constexpr size_t kRawMax = size_t(64) << 10;

inline constexpr const char* kColumnNames[SqliteStore::ColCount] = {"id",
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
                                                                    "primary_state",
                                                                    "candidate_status",
                                                                    "candidate_headers",
                                                                    "candidate_body",
                                                                    "candidate_latency_ms",
                                                                    "candidate_error",
                                                                    "candidate_state",
                                                                    "secondary_status",
                                                                    "secondary_headers",
                                                                    "secondary_body",
                                                                    "secondary_latency_ms",
                                                                    "secondary_error",
                                                                    "secondary_state",
                                                                    "tags",
                                                                    "weight"};
inline constexpr SqliteStore::Col kRequired[] = {SqliteStore::Id,      SqliteStore::Ts,      SqliteStore::ReqMethod,
                                                 SqliteStore::ReqUrl,  SqliteStore::PStatus, SqliteStore::PBody,
                                                 SqliteStore::CStatus, SqliteStore::CBody};

inline std::string reasonOf(int rc, sqlite3* db) {
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return "database is locked";
    case SQLITE_NOTADB: return "file is not a database";
    case SQLITE_CORRUPT: return "database disk image is malformed";
    default: break;
    }
    if (db && sqlite3_errcode(db) == rc) return sqlite3_errmsg(db);
    return sqlite3_errstr(rc);
}

struct Stmt {
    sqlite3_stmt* s = nullptr;
    ~Stmt() { sqlite3_finalize(s); }
};

inline std::string_view columnText(sqlite3_stmt* st, int col) {
    if (sqlite3_column_type(st, col) == SQLITE_BLOB) {
        const void* p = sqlite3_column_blob(st, col);
        return {static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st, col))};
    }
    const unsigned char* p = sqlite3_column_text(st, col);
    return {reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st, col))};
}

// The current row of `st` as a JSON object (column name -> value); blobs that are not UTF-8
// become "<name>_base64".
inline std::string rowJson(sqlite3_stmt* st) {
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    const int n = sqlite3_column_count(st);
    for (int i = 0; i < n; ++i) {
        const std::string name = sqlite3_column_name(st, i);
        switch (sqlite3_column_type(st, i)) {
        case SQLITE_NULL: obj[name] = nullptr; break;
        case SQLITE_INTEGER: obj[name] = sqlite3_column_int64(st, i); break;
        case SQLITE_FLOAT: obj[name] = sqlite3_column_double(st, i); break;
        case SQLITE_BLOB: {
            const std::string_view b = columnText(st, i);
            if (detail::isValidUtf8(b))
                obj[name] = std::string(b);
            else
                obj[name + "_base64"] = base64Encode(b);
            break;
        }
        default: obj[name] = std::string(columnText(st, i)); break;
        }
    }
    std::string out = obj.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    return out;
}

// Converts rows to Records; one per thread (owns a simdjson parser for the JSON columns).
class RowReader {
public:
    explicit RowReader(const int* colIndex) : m_col(colIndex) {}

    bool read(sqlite3_stmt* st, Record& out, std::string& reason) {
        detail::resetRecord(out);
        m_st = st;
        if (isNull(SqliteStore::Id)) return missing(reason, "id");
        out.id.assign(text(SqliteStore::Id));
        if (out.id.empty()) return missing(reason, "id");
        if (isNull(SqliteStore::Ts)) return missing(reason, "ts");
        const int tsType = sqlite3_column_type(st, m_col[SqliteStore::Ts]);
        if (tsType == SQLITE_INTEGER || tsType == SQLITE_FLOAT)
            out.ts = detail::tsFromEpochNumber(sqlite3_column_double(st, m_col[SqliteStore::Ts]));
        else
            out.ts.assign(text(SqliteStore::Ts));
        // TEXT affinity turns an epoch number into text: still a number of seconds / ms.
        if (const auto epoch = detail::numberFromText(out.ts)) out.ts = detail::tsFromEpochNumber(*epoch);
        if (!isNull(SqliteStore::Endpoint)) out.endpoint.assign(text(SqliteStore::Endpoint));
        if (isNull(SqliteStore::ReqMethod)) return missing(reason, "req_method");
        out.request.method.assign(text(SqliteStore::ReqMethod));
        if (isNull(SqliteStore::ReqUrl)) return missing(reason, "req_url");
        out.request.url.assign(text(SqliteStore::ReqUrl));
        if (!json(SqliteStore::ReqHeaders, reason, [&](simdjson::dom::element e) {
                return detail::headersFromJson(e, out.request.headers, "req_headers", reason);
            }))
            return false;
        if (!isNull(SqliteStore::ReqBody)) out.request.body.assign(text(SqliteStore::ReqBody));
        if (!side(SqliteStore::PStatus, "primary", out.primary, reason)) return false;
        if (!out.primary.present) return missing(reason, "primary");
        if (!side(SqliteStore::CStatus, "candidate", out.candidate, reason)) return false;
        if (!out.candidate.present) return missing(reason, "candidate");
        if (!side(SqliteStore::SStatus, "secondary", out.secondary, reason)) return false;
        if (!json(SqliteStore::Tags, reason, [&](simdjson::dom::element e) {
                return detail::flatObjectFromJson(e, out.tags, true, "tags", reason);
            }))
            return false;
        if (!isNull(SqliteStore::Weight)) {
            const std::optional<double> w = number(SqliteStore::Weight);
            if (!w || *w < 0) {
                reason = "invalid weight: must be a number >= 0";
                return false;
            }
            out.weight = *w;
        }
        return true;
    }

private:
    bool isNull(int c) const { return m_col[c] < 0 || sqlite3_column_type(m_st, m_col[c]) == SQLITE_NULL; }
    std::string_view text(int c) const { return columnText(m_st, m_col[c]); }

    static bool missing(std::string& reason, std::string_view field) {
        reason = "missing required field \"" + std::string(field) + "\"";
        return false;
    }

    std::optional<double> number(int c) const {
        const int t = sqlite3_column_type(m_st, m_col[c]);
        if (t == SQLITE_INTEGER || t == SQLITE_FLOAT) return sqlite3_column_double(m_st, m_col[c]);
        return detail::numberFromText(text(c));
    }

    template <class F>
    bool json(int c, std::string& reason, F&& apply) {
        if (isNull(c)) return true;
        const std::string_view t = text(c);
        if (detail::isBlank(t)) return true;
        simdjson::dom::element e;
        std::string why;
        if (detail::parseJsonText(m_parser, m_scratch, t, e, &why)) {
            reason = std::string(kColumnNames[c]) + ": " + why;
            return false;
        }
        return apply(e);
    }

    // Columns of one side are consecutive: status, headers, body, latency, error, state.
    bool side(int base, const char* name, Response& r, std::string& reason) {
        const int status = base, headers = base + 1, body = base + 2, latency = base + 3, error = base + 4,
                  state = base + 5;
        r.present = !isNull(status) || !isNull(body) || !isNull(error);
        if (!r.present) return true;
        const std::string prefix(name);
        if (!isNull(status)) {
            const int t = sqlite3_column_type(m_st, m_col[status]);
            std::optional<int> s;
            if (t == SQLITE_INTEGER) {
                const int64_t v = sqlite3_column_int64(m_st, m_col[status]);
                if (v >= INT32_MIN && v <= INT32_MAX) s = static_cast<int>(v);
            } else if (t == SQLITE_FLOAT) {
                const double d = sqlite3_column_double(m_st, m_col[status]);
                // range check before the cast: converting an out-of-range double to int is UB
                if (d >= INT32_MIN && d <= INT32_MAX && d == std::floor(d)) s = static_cast<int>(d);
            } else {
                s = detail::statusFromText(text(status));
            }
            if (!s) {
                reason = "invalid " + prefix + "_status: expected an integer";
                return false;
            }
            r.status = s;
        }
        if (!json(headers, reason, [&](simdjson::dom::element e) {
                return detail::headersFromJson(e, r.headers, prefix + "_headers", reason);
            }))
            return false;
        if (!isNull(body)) r.body.assign(text(body));
        if (!isNull(latency)) {
            r.latency_ms = number(latency);
            if (!r.latency_ms) {
                reason = "invalid " + prefix + "_latency_ms: expected a number";
                return false;
            }
        }
        if (!isNull(error)) r.error.emplace(text(error));
        return json(state, reason,
                    [&](simdjson::dom::element e) { return detail::stateFromJson(e, r, prefix + "_state", reason); });
    }

    const int* m_col;
    sqlite3_stmt* m_st = nullptr;
    simdjson::dom::parser m_parser;
    std::string m_scratch;
};

inline bool queryInt64(sqlite3* db, const char* sql, int64_t& out, bool& isNull, int& rc) {
    Stmt st;
    rc = sqlite3_prepare_v2(db, sql, -1, &st.s, nullptr);
    if (rc != SQLITE_OK) return false;
    rc = sqlite3_step(st.s);
    if (rc == SQLITE_ROW) {
        isNull = sqlite3_column_type(st.s, 0) == SQLITE_NULL;
        out = sqlite3_column_int64(st.s, 0);
        rc = SQLITE_OK;
        return true;
    }
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
    isNull = true;
    return rc == SQLITE_OK;
}

}  // namespace dt::sqlite_detail
