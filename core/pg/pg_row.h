// SPDX-License-Identifier: MIT
#pragma once
// One row of a PostgreSQL diff store table -> Record (see docs/postgresql.md for the column types).
// The SELECT list is built from the table's catalog at open: every known column is fetched as text
// (timestamps as RFC 3339 UTC, json/jsonb as JSON text, numbers as text, bytea as hex), so one
// reader serves both the native types and SQLite-style text columns.
#include <simdjson.h>

#include <string>
#include <vector>

#include "core/pg/pg_conn.h"
#include "core/store/record.h"

namespace dt::pg {

enum Col : int {
    Id,
    Ts,
    Endpoint,
    ReqMethod,
    ReqUrl,
    ReqHeaders,
    ReqBody,
    PStatus,
    PHeaders,
    PBody,
    PLatency,
    PError,
    PState,
    CStatus,
    CHeaders,
    CBody,
    CLatency,
    CError,
    CState,
    SStatus,
    SHeaders,
    SBody,
    SLatency,
    SError,
    SState,
    Tags,
    Weight,
    ColCount
};
extern const char* const kColumnNames[ColCount];

// What the catalog says about one column of the table.
struct ColumnInfo {
    std::string name;
    std::string type;     // format_type(): "text", "jsonb", "bytea", "timestamp with time zone", ...
    char category = 'X';  // pg_type.typcategory: S string, N numeric, D date/time, U user (json, uuid), ...
};

// The SELECT list for the known columns present in `columns`, and where each lands in the result
// (result column 0 is the key). Returns false + *error naming the column and its type when a column
// has a type difftriage cannot read (e.g. primary_status boolean), or a required column is missing.
struct RowLayout {
    std::string selectList;     // "<key expr>, <expr>, ..."
    int col[ColCount];          // result column of each known column, -1 when absent
    bool bytea[ColCount] = {};  // hex-decode this column
};
bool buildRowLayout(const std::vector<ColumnInfo>& columns, const std::string& keyExpr, RowLayout& out,
                    std::string* error);

// Converts result rows to Records; one per thread (owns a simdjson parser for the JSON columns).
class RowReader {
public:
    explicit RowReader(const RowLayout& layout) : m_layout(layout) {}
    bool read(const PgResult& res, int row, Record& out, std::string& reason);
    // The row as a JSON object (column name -> text value), for LoadProblem::raw.
    static std::string rowJson(const PgResult& res, int row);

private:
    bool isNull(int c) const { return m_layout.col[c] < 0 || m_res->isNull(m_row, m_layout.col[c]); }
    std::string_view text(int c) const { return m_res->value(m_row, m_layout.col[c]); }
    void bytes(int c, std::string& out);
    template <class F>
    bool json(int c, std::string& reason, F&& apply);
    bool side(int base, const char* name, Response& r, std::string& reason);

    const RowLayout& m_layout;
    const PgResult* m_res = nullptr;
    int m_row = 0;
    simdjson::dom::parser m_parser;
    std::string m_scratch;
};

}  // namespace dt::pg
