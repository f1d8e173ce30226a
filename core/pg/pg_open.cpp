// SPDX-License-Identifier: MIT
// Opening an indexed store from its result tables (pg_open.h).
#include "core/pg/pg_open.h"

#include <fstream>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/analysis/analysis_assemble.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_pushdown.h"
#include "core/pg/pg_store.h"
#include "core/util/sha256.h"

namespace dt::pg {
namespace {

std::vector<SigKey> differencesOf(const std::vector<IndexedGroup::Diff>& diffs) {
    std::vector<SigKey> out;
    for (const auto& d : diffs)
        if (const auto k = kindFromName(d.kind)) out.push_back({d.path, *k, d.cls});
    return out;
}

std::vector<SigKey> differencesOf(std::string_view json) {
    std::vector<SigKey> out;
    const auto diffs = nlohmann::json::parse(json, nullptr, false);
    if (!diffs.is_array()) return out;
    for (const auto& d : diffs)
        if (const auto k = kindFromName(d.value("kind", std::string())))
            out.push_back({d.value("path", std::string()), *k, d.value("class", std::string())});
    return out;
}

}  // namespace

std::string rulesFingerprint(std::string_view rulesText) {
    return rulesText.empty() ? std::string() : sha256Hex(rulesText);
}

std::string rulesFileFingerprint(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    std::stringstream text;
    text << in.rdbuf();
    return rulesFingerprint(text.str());
}

IndexOpen openIndexSummary(const std::string& storeUri, const IndexOpenOptions& options) {
    IndexOpen out;
    if (!isPostgresUri(storeUri)) return out;
    std::string error;
    std::optional<IndexedSummary> index = readIndexedGroups(storeUri, false, &error);
    if (!index) {
        out.refused = error;  // "" = no index there
        return out;
    }
    out.schema = index->schema;
    if (!index->rules.empty() && index->rules != options.rulesFingerprint) {
        out.refused = "the index in schema " + index->schema +
                      " was built with other rules than the window's (re-run the index with these rules)";
        return out;
    }
    // The store itself: read back record by record when one is opened.
    std::unique_ptr<PgStore> store = PgStore::open(storeUri, &error);
    if (!store) {
        out.refused = error;
        return out;
    }
    if (!index->rules.empty()) out.rules = options.rules;
    std::vector<ResultGroup> groups;
    groups.reserve(index->groups.size());
    for (IndexedGroup& g : index->groups) {
        ResultGroup r;
        out.sampleIds.emplace(g.signature, std::move(g.sample_ids));
        r.signature = std::move(g.signature);
        r.outcome = g.outcome == "drift" ? Outcome::Drift : Outcome::Mismatch;
        r.endpoint = std::move(g.endpoint);
        r.differences = differencesOf(g.differences);
        r.status_pair = g.status_pair;
        r.count = g.count;
        r.weighted = g.weighted;
        r.first_ts = parseTimestampMs(g.first_ts).value_or(0);
        r.last_ts = parseTimestampMs(g.last_ts).value_or(0);
        groups.push_back(std::move(r));
    }
    out.records = index->records;
    out.analysis = AnalysisAssembler::summary(std::shared_ptr<Store>(std::move(store)), out.rules, groups,
                                              index->counts, index->weights);
    return out;
}

std::unique_ptr<Analysis> readIndexedRecords(const std::string& storeUri, const IndexRecordsOptions& options,
                                             std::string* error) {
    const auto fail = [&](std::string why) -> std::unique_ptr<Analysis> {
        if (error) *error = std::move(why);
        return nullptr;
    };
    const auto cancelled = [&] { return options.cancel && options.cancel->load(std::memory_order_relaxed); };
    auto uri = parsePgUri(storeUri, error);
    if (!uri) return nullptr;
    std::unique_ptr<PgStore> store = PgStore::open(storeUri, error);
    if (!store) return nullptr;
    auto conn = PgConn::connect(*uri, true, error);
    if (!conn) return nullptr;
    const std::string s = quoteIdent(options.schema.empty() ? std::string("difftriage") : options.schema);
    // One snapshot for the signatures and every page, so that concurrent index workers cannot make a
    // record name a signature this reader has not seen.
    if (!conn->run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "reading the index", error)) return nullptr;
    AnalysisAssembler assembler(std::shared_ptr<Store>(std::move(store)), options.rules);
    {
        PgResult sigs = conn->exec("SELECT signature, differences::text FROM " + s +
                                   ".signatures ORDER BY signature COLLATE \"C\"");
        if (!sigs.ok()) return fail(uri->display + ": reading signatures failed: " + conn->describe(sigs));
        std::vector<std::pair<std::string, std::vector<SigKey>>> signatures;
        signatures.reserve(static_cast<size_t>(sigs.rows()));
        for (int i = 0; i < sigs.rows(); ++i)
            signatures.emplace_back(std::string(sigs.value(i, 0)), differencesOf(sigs.value(i, 1)));
        assembler.addSignatures(signatures);
    }
    const std::string page =
        "SELECT key, id, outcome, signature, endpoint, " + std::string(kRecordMsSql) +
        ", weight,"
        " primary_status, candidate_status, primary_latency_ms, candidate_latency_ms, problem FROM " +
        s + ".records WHERE key > $1::bigint ORDER BY key LIMIT " + std::to_string(std::max(1, options.pageRows));
    int64_t after = std::numeric_limits<int64_t>::min();
    uint64_t done = 0;
    for (;;) {
        if (cancelled()) return fail("cancelled");
        PgResult r = conn->execParams(page, {std::to_string(after)});
        if (!r.ok())
            return fail(uri->display + ": reading " + options.schema + ".records failed: " + conn->describe(r));
        const int rows = r.rows();
        for (int i = 0; i < rows; ++i) {
            ResultRow row;
            row.key = r.int64(i, 0);
            row.id = r.value(i, 1);
            const auto o = outcomeFromName(r.value(i, 2));
            if (!o)
                return fail(uri->display + ": record " + std::to_string(row.key) + " has an unknown outcome \"" +
                            std::string(r.value(i, 2)) + "\"");
            row.outcome = *o;
            row.signature = r.value(i, 3);
            row.endpoint = r.value(i, 4);
            row.ts_ms = r.int64(i, 5);
            row.weight = numberOf(r.value(i, 6), 1);
            row.primary_status = r.isNull(i, 7) ? -1 : static_cast<int>(r.int64(i, 7));
            row.candidate_status = r.isNull(i, 8) ? -1 : static_cast<int>(r.int64(i, 8));
            row.primary_latency = r.isNull(i, 9) ? -1 : numberOf(r.value(i, 9), -1);
            row.candidate_latency = r.isNull(i, 10) ? -1 : numberOf(r.value(i, 10), -1);
            row.problem = r.value(i, 11);
            std::string why;
            if (!assembler.add(row, &why)) return fail(uri->display + ": " + why);
        }
        done += static_cast<uint64_t>(rows);
        if (options.progress) options.progress(done, std::max(done, options.expected));
        if (rows < std::max(1, options.pageRows)) break;
        after = r.int64(rows - 1, 0);
    }
    conn->exec("COMMIT");
    return assembler.finish();
}

}  // namespace dt::pg
