// SPDX-License-Identifier: MIT
// Opening an indexed store from its result tables (pg_open.h).
#include "core/pg/pg_open.h"

#include <fstream>
#include <limits>
#include <sstream>

#include "core/analysis/analysis_assemble.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_pushdown.h"
#include "core/pg/pg_results.h"
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
    const std::string schema = options.schema.empty() ? std::string("difftriage") : options.schema;
    std::string why;
    if (!addIndexSignatures(*conn, schema, assembler, &why)) return fail(uri->display + ": " + why);
    // What re-evaluating records under the window's rules needs, when the index keeps it: then a rules
    // change classifies them as a scan of the store would (analysis_assemble.h).
    const bool raw = indexKeepsRaw(*conn, schema);
    if (raw && !addIndexNoise(*conn, schema, std::string(), assembler, &why)) return fail(uri->display + ": " + why);
    const std::string page = "SELECT " + resultRowColumns(raw) + " FROM " + s +
                             ".records WHERE key > $1::bigint ORDER BY key LIMIT " +
                             std::to_string(std::max(1, options.pageRows));
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
            if (!resultRowAt(r, i, raw, &row, &why) || !assembler.add(row, &why))
                return fail(uri->display + ": " + why);
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
