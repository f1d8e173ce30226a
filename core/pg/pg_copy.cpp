// SPDX-License-Identifier: MIT
// COPY text-format rows for the index tables (pg_copy.h).
#include "core/pg/pg_copy.h"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/analysis/causes.h"

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

void appendSignatureRow(std::string& out, const Analysis& a, const std::string& signature, uint32_t record, bool raw,
                        std::string& causes) {
    const IndexedRecord& r = a.records()[record];
    const std::vector<SigKey> keys = a.keys(a.set(raw ? r.raw_set : r.set));
    std::optional<std::pair<int, int>> pair;
    if (std::any_of(keys.begin(), keys.end(), [](const SigKey& k) { return k.kind == DiffKind::Status; }))
        pair = std::make_pair(int(r.primary_status), int(r.candidate_status));
    appendSignatureRow(out, signature, raw ? r.raw_outcome : r.outcome,
                       r.endpoint == kNone ? std::string_view() : std::string_view(a.endpoint(r.endpoint)), keys, pair,
                       causes);
}

void appendSignatureRow(std::string& out, const std::string& signature, Outcome outcome, std::string_view endpoint,
                        const std::vector<SigKey>& keys, std::optional<std::pair<int, int>> statusPair,
                        std::string& causes) {
    // Any signature but drift's (a drift group is never a cause): a mismatch may share its signature
    // with a noise or allowed record written first.
    if (outcome != Outcome::Drift)
        for (const std::string& id : causeIdsOf(std::string(endpoint), keys, statusPair)) {
            copyText(causes, signature);
            causes += '\t';
            causes += id;
            causes += '\n';
        }
    nlohmann::json diffs = nlohmann::json::array();
    for (const SigKey& k : keys)
        diffs.push_back({{"path", k.path}, {"kind", std::string(kindName(k.kind))}, {"class", k.cls}});
    copyText(out, signature);
    out += '\t';
    out += outcomeName(outcome);
    out += '\t';
    if (endpoint.empty())
        out += "\\N";
    else
        copyText(out, endpoint);
    out += '\t';
    copyText(out, diffs.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    out += '\t';
    copyNumber(out, statusPair ? statusPair->first : 0, statusPair.has_value());
    out += '\t';
    copyNumber(out, statusPair ? statusPair->second : 0, statusPair.has_value());
    out += '\n';
}

}  // namespace dt::pg
