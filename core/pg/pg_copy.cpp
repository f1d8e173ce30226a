// SPDX-License-Identifier: MIT
// COPY text-format rows for the index tables (pg_copy.h).
#include "core/pg/pg_copy.h"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace dt::pg {

void copyText(std::string& out, std::string_view v) {
    for (const char c : v) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\0': break;
        default: out.push_back(c);
        }
    }
}

void copyNumber(std::string& out, double v, bool present) {
    if (!present) {
        out += "\\N";
        return;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    out += buf;
}

void appendSignatureRow(std::string& out, const Analysis& a, const std::string& signature, uint32_t record, bool raw) {
    const IndexedRecord& r = a.records()[record];
    nlohmann::json diffs = nlohmann::json::array();
    bool status = false;
    for (const DiffKey& k : a.set(raw ? r.raw_set : r.set)) {
        diffs.push_back(
            {{"path", a.path(k.path)}, {"kind", std::string(kindName(k.kind))}, {"class", a.className(k.cls)}});
        status = status || k.kind == DiffKind::Status;
    }
    copyText(out, signature);
    out += '\t';
    out += outcomeName(raw ? r.raw_outcome : r.outcome);
    out += '\t';
    if (r.endpoint == kNone)
        out += "\\N";
    else
        copyText(out, a.endpoint(r.endpoint));
    out += '\t';
    copyText(out, diffs.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    out += '\t';
    copyNumber(out, r.primary_status, status);
    out += '\t';
    copyNumber(out, r.candidate_status, status);
    out += '\n';
}

}  // namespace dt::pg
