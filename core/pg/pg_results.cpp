// SPDX-License-Identifier: MIT
// Result tables back into an AnalysisAssembler (pg_results.h).
#include "core/pg/pg_results.h"

#include <algorithm>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/pg/pg_pushdown.h"

namespace dt::pg {
namespace {

std::vector<SigKey> differencesOf(std::string_view json) {
    std::vector<SigKey> out;
    const auto diffs = nlohmann::json::parse(json, nullptr, false);
    if (!diffs.is_array()) return out;
    for (const auto& d : diffs)
        if (const auto k = kindFromName(d.value("kind", std::string())))
            out.push_back({d.value("path", std::string()), *k, d.value("class", std::string())});
    return out;
}

bool outcomeAt(const PgResult& r, int i, int col, Outcome* out, std::string* error) {
    const auto o = outcomeFromName(r.value(i, col));
    if (o) {
        *out = *o;
        return true;
    }
    if (error)
        *error =
            "record " + std::string(r.value(i, 0)) + " has an unknown outcome \"" + std::string(r.value(i, col)) + "\"";
    return false;
}

}  // namespace

bool indexKeepsRaw(PgConn& conn, const std::string& schema) {
    PgResult r = conn.execParams("SELECT count(*) FROM information_schema.columns WHERE table_schema = $1"
                                 " AND table_name = 'records' AND column_name = 'raw_signature'",
                                 {schema});
    return r.ok() && r.rows() == 1 && r.int64(0, 0) == 1;
}

bool indexKeepsTags(PgConn& conn, const std::string& schema) {
    if (!indexKeepsRaw(conn, schema)) return false;
    PgResult r = conn.exec("SELECT coalesce(bool_and(raw), false) FROM " + quoteIdent(schema) + ".index_state");
    return r.ok() && r.rows() == 1 && r.value(0, 0) == "t";
}

std::string resultRowColumns(bool raw) {
    std::string cols = "key, id, outcome, signature, endpoint, " + std::string(kRecordMsSql) +
                       ", weight, primary_status, candidate_status, primary_latency_ms, candidate_latency_ms, problem";
    if (raw) cols += ", raw_outcome, raw_signature, explained, raw_explained, tags::text";
    return cols;
}

bool resultRowAt(const PgResult& r, int i, bool raw, ResultRow* row, std::string* error) {
    row->key = r.int64(i, 0);
    row->id = r.value(i, 1);
    if (!outcomeAt(r, i, 2, &row->outcome, error)) return false;
    row->signature = r.value(i, 3);
    row->endpoint = r.value(i, 4);
    row->ts_ms = r.int64(i, 5);
    row->weight = numberOf(r.value(i, 6), 1);
    row->primary_status = r.isNull(i, 7) ? -1 : static_cast<int>(r.int64(i, 7));
    row->candidate_status = r.isNull(i, 8) ? -1 : static_cast<int>(r.int64(i, 8));
    row->primary_latency = r.isNull(i, 9) ? -1 : numberOf(r.value(i, 9), -1);
    row->candidate_latency = r.isNull(i, 10) ? -1 : numberOf(r.value(i, 10), -1);
    row->problem = r.value(i, 11);
    row->hasRaw = raw && !r.isNull(i, 12);
    if (row->hasRaw) {
        if (!outcomeAt(r, i, 12, &row->raw_outcome, error)) return false;
        row->raw_signature = r.value(i, 13);
        row->explained = r.value(i, 14) == "t";
        row->raw_explained = r.value(i, 15) == "t";
    }
    row->tags.clear();
    if (raw && !r.isNull(i, 16)) {
        // Written by the index as an object of strings; sorted by key as a scan keeps a tag set. A
        // store has few distinct tag sets: each text is parsed once per reading thread.
        thread_local std::unordered_map<std::string, FlatObject> parsed;
        const std::string_view text = r.value(i, 16);
        auto it = parsed.find(std::string(text));
        if (it == parsed.end()) {
            if (parsed.size() > 10000) parsed.clear();
            FlatObject tags;
            const auto object = nlohmann::json::parse(text, nullptr, false);
            if (object.is_object())
                for (const auto& [k, v] : object.items())
                    tags.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
            std::sort(tags.begin(), tags.end());
            it = parsed.emplace(std::string(text), std::move(tags)).first;
        }
        row->tags = it->second;
    }
    return true;
}

bool addIndexSignatures(PgConn& conn, const std::string& schema, AnalysisAssembler& assembler, std::string* error) {
    PgResult sigs = conn.exec("SELECT signature, differences::text FROM " + quoteIdent(schema) +
                              ".signatures ORDER BY signature COLLATE \"C\"");
    if (!sigs.ok()) {
        if (error) *error = "reading signatures failed: " + conn.describe(sigs);
        return false;
    }
    std::vector<std::pair<std::string, std::vector<SigKey>>> signatures;
    signatures.reserve(static_cast<size_t>(sigs.rows()));
    for (int i = 0; i < sigs.rows(); ++i)
        signatures.emplace_back(std::string(sigs.value(i, 0)), differencesOf(sigs.value(i, 1)));
    assembler.addSignatures(signatures);
    return true;
}

bool addIndexNoise(PgConn& conn, const std::string& schema, const std::string& shard, AnalysisAssembler& assembler,
                   std::string* error) {
    PgResult exists = conn.execParams("SELECT to_regclass($1) IS NOT NULL", {quoteIdent(schema) + ".noise"});
    if (!exists.ok()) {
        if (error) *error = "reading the store-noise table failed: " + conn.describe(exists);
        return false;
    }
    if (exists.value(0, 0) != "t") return true;
    PgResult r = conn.execParams("SELECT DISTINCT endpoint, key FROM " + quoteIdent(schema) +
                                     ".noise WHERE $1 = '' OR shard = $1 ORDER BY 1, 2",
                                 {shard});
    if (!r.ok()) {
        if (error) *error = "reading the store-noise table failed: " + conn.describe(r);
        return false;
    }
    std::vector<std::string> keys;
    for (int i = 0; i < r.rows(); ++i) {
        keys.emplace_back(r.value(i, 1));
        if (i + 1 == r.rows() || r.value(i + 1, 0) != r.value(i, 0)) {
            assembler.addStoreNoise(r.value(i, 0), keys);
            keys.clear();
        }
    }
    return true;
}

}  // namespace dt::pg
