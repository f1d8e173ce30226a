// SPDX-License-Identifier: MIT
// PostgreSQL row -> Record, and the SELECT list that makes every column arrive as text.
#include "core/pg/pg_row.h"

#include <nlohmann/json.hpp>

#include "core/store/record_parse.h"
#include "core/util/base64.h"

namespace dt::pg {

const char* const kColumnNames[ColCount] = {"id",
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

namespace {

constexpr Col kRequired[] = {Id, Ts, ReqMethod, ReqUrl, PStatus, PBody, CStatus, CBody};

enum class Kind { Text, Ts, Json, Body, Integer, Number };

Kind kindOf(int c) {
    switch (c) {
    case Ts: return Kind::Ts;
    case ReqHeaders:
    case PHeaders:
    case CHeaders:
    case SHeaders:
    case PState:
    case CState:
    case SState:
    case Tags: return Kind::Json;
    case ReqBody:
    case PBody:
    case CBody:
    case SBody: return Kind::Body;
    case PStatus:
    case CStatus:
    case SStatus: return Kind::Integer;
    case PLatency:
    case CLatency:
    case SLatency:
    case Weight: return Kind::Number;
    default: return Kind::Text;
    }
}

const char* expected(Kind k) {
    switch (k) {
    case Kind::Text: return "text";
    case Kind::Ts: return "timestamptz, timestamp, text or a number of seconds";
    case Kind::Json: return "jsonb, json or text";
    case Kind::Body: return "bytea or text";
    case Kind::Integer: return "integer or text";
    case Kind::Number: return "a number type or text";
    }
    return "text";
}

bool isJsonType(const std::string& t) { return t == "json" || t == "jsonb"; }

// The SELECT expression for a column of this type, or "" when the type cannot be read.
std::string expressionFor(const ColumnInfo& ci, Kind k, bool& bytea) {
    const std::string q = quoteIdent(ci.name);
    bytea = false;
    const bool str = ci.category == 'S';
    switch (k) {
    case Kind::Text:
        if (str) return q;
        if (ci.category == 'N' || ci.type == "uuid") return q + "::text";
        return "";
    case Kind::Ts:
        if (ci.type == "timestamp with time zone" || ci.type == "timestamp without time zone")
            return "to_char(" + q + ", 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
        if (str) return q;
        if (ci.category == 'N') return q + "::text";
        return "";
    case Kind::Json:
        if (isJsonType(ci.type)) return q + "::text";
        if (str) return q;
        return "";
    case Kind::Body:
        if (ci.type == "bytea") {
            bytea = true;
            return q;
        }
        if (str) return q;
        if (isJsonType(ci.type)) return q + "::text";
        return "";
    case Kind::Integer:
    case Kind::Number:
        if (ci.category == 'N') return q + "::text";
        if (str) return q;
        return "";
    }
    return "";
}

}  // namespace

bool buildRowLayout(const std::vector<ColumnInfo>& columns, const std::string& keyExpr, RowLayout& out,
                    std::string* error) {
    auto find = [&](const char* name) -> const ColumnInfo* {
        for (const auto& c : columns)
            if (c.name == name) return &c;
        return nullptr;
    };
    std::string missing;
    for (const Col c : kRequired)
        if (!find(kColumnNames[c])) missing += (missing.empty() ? "" : ", ") + std::string(kColumnNames[c]);
    if (!missing.empty()) {
        if (error) *error = "table lacks required columns: " + missing;
        return false;
    }
    out.selectList = keyExpr;
    int next = 1;
    for (int c = 0; c < ColCount; ++c) {
        const ColumnInfo* ci = find(kColumnNames[c]);
        out.bytea[c] = false;
        if (!ci) {
            out.col[c] = -1;
            continue;
        }
        const Kind k = kindOf(c);
        const std::string expr = expressionFor(*ci, k, out.bytea[c]);
        if (expr.empty()) {
            if (error)
                *error = "column " + ci->name + " has type " + ci->type + "; difftriage reads " + expected(k) +
                         " there (see docs/postgresql.md)";
            return false;
        }
        out.selectList += ", " + expr;
        out.col[c] = next++;
    }
    return true;
}

void RowReader::bytes(int c, std::string& out) {
    if (m_layout.bytea[c])
        decodeBytea(text(c), out);
    else
        out.assign(text(c));
}

template <class F>
bool RowReader::json(int c, std::string& reason, F&& apply) {
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

bool RowReader::side(int base, const char* name, Response& r, std::string& reason) {
    const int status = base, headers = base + 1, body = base + 2, latency = base + 3, error = base + 4,
              state = base + 5;
    r.present = !isNull(status) || !isNull(body) || !isNull(error);
    if (!r.present) return true;
    const std::string prefix(name);
    if (!isNull(status)) {
        r.status = detail::statusFromText(text(status));
        if (!r.status) {
            reason = "invalid " + prefix + "_status: expected an integer";
            return false;
        }
    }
    if (!json(headers, reason, [&](simdjson::dom::element e) {
            return detail::headersFromJson(e, r.headers, prefix + "_headers", reason);
        }))
        return false;
    if (!isNull(body)) bytes(body, r.body);
    if (!isNull(latency)) {
        r.latency_ms = detail::numberFromText(text(latency));
        if (!r.latency_ms) {
            reason = "invalid " + prefix + "_latency_ms: expected a number";
            return false;
        }
    }
    if (!isNull(error)) r.error.emplace(text(error));
    return json(state, reason,
                [&](simdjson::dom::element e) { return detail::stateFromJson(e, r, prefix + "_state", reason); });
}

bool RowReader::read(const PgResult& res, int row, Record& out, std::string& reason) {
    m_res = &res;
    m_row = row;
    detail::resetRecord(out);
    auto missing = [&](std::string_view field) {
        reason = "missing required field \"" + std::string(field) + "\"";
        return false;
    };
    if (isNull(Id)) return missing("id");
    out.id.assign(text(Id));
    if (out.id.empty()) return missing("id");
    if (isNull(Ts)) return missing("ts");
    out.ts.assign(text(Ts));
    if (const auto epoch = detail::numberFromText(out.ts)) out.ts = detail::tsFromEpochNumber(*epoch);
    if (!isNull(Endpoint)) out.endpoint.assign(text(Endpoint));
    if (isNull(ReqMethod)) return missing("req_method");
    out.request.method.assign(text(ReqMethod));
    if (isNull(ReqUrl)) return missing("req_url");
    out.request.url.assign(text(ReqUrl));
    if (!json(ReqHeaders, reason, [&](simdjson::dom::element e) {
            return detail::headersFromJson(e, out.request.headers, "req_headers", reason);
        }))
        return false;
    if (!isNull(ReqBody)) bytes(ReqBody, out.request.body);
    if (!side(PStatus, "primary", out.primary, reason)) return false;
    if (!out.primary.present) return missing("primary");
    if (!side(CStatus, "candidate", out.candidate, reason)) return false;
    if (!out.candidate.present) return missing("candidate");
    if (!side(SStatus, "secondary", out.secondary, reason)) return false;
    if (!json(Tags, reason,
              [&](simdjson::dom::element e) { return detail::flatObjectFromJson(e, out.tags, true, "tags", reason); }))
        return false;
    if (!isNull(Weight)) {
        const std::optional<double> w = detail::numberFromText(text(Weight));
        if (!w || *w < 0) {
            reason = "invalid weight: must be a number >= 0";
            return false;
        }
        out.weight = *w;
    }
    return true;
}

std::string RowReader::rowJson(const PgResult& res, int row) {
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    for (int c = 0; c < res.cols(); ++c) {
        const std::string name(res.name(c));
        if (res.isNull(row, c))
            obj[name] = nullptr;
        else
            obj[name] = std::string(res.value(row, c));
    }
    return obj.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace dt::pg
