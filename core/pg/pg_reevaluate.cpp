// SPDX-License-Identifier: MIT
// A shard re-evaluated under other rules from its raw results (pg_reevaluate.h).
#include "core/pg/pg_reevaluate.h"

#include <limits>
#include <set>
#include <vector>

#include "core/analysis/analysis_assemble.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_copy.h"
#include "core/pg/pg_results.h"
#include "core/pg/pg_store.h"

namespace dt::pg {
namespace {

constexpr int kPageRows = 20000;

// What a row holds now, to write only the rows the new rules change.
struct Current {
    Outcome outcome = Outcome::Match;
    std::string signature;
    bool explained = false;
};

}  // namespace

bool reevaluateShard(PgConn& out, const std::string& schema, const std::string& shard, const std::string& storeUri,
                     const IndexOptions& options, ReevaluateReport* report, std::string* error) {
    const auto cancelled = [&] { return options.cancel && options.cancel->load(std::memory_order_relaxed); };
    std::unique_ptr<PgStore> store = PgStore::open(storeUri, error);
    if (!store) return false;
    const std::string s = quoteIdent(schema);
    if (!out.run("BEGIN ISOLATION LEVEL REPEATABLE READ", "re-evaluating the index", error)) return false;
    const auto fail = [&](const std::string& why) {
        out.exec("ROLLBACK");
        if (error) *error = why;
        return false;
    };
    std::string why;
    AnalysisAssembler assembler(std::shared_ptr<Store>(std::move(store)), nullptr);
    if (!addIndexSignatures(out, schema, assembler, &why) || !addIndexNoise(out, schema, shard, assembler, &why))
        return fail(why);

    // The rows whose raw result has differences: the only ones rules can change.
    const std::string page = "SELECT " + resultRowColumns(true) + " FROM " + s +
                             ".records WHERE shard = $1 AND raw_outcome IN ('mismatch', 'noise', 'drift')"
                             " AND key > $2::bigint ORDER BY key LIMIT " +
                             std::to_string(kPageRows);
    std::vector<Current> current;
    int64_t after = std::numeric_limits<int64_t>::min();
    for (;;) {
        if (cancelled()) return fail("cancelled");
        PgResult r = out.execParams(page, {shard, std::to_string(after)});
        if (!r.ok()) return fail("reading " + schema + ".records failed: " + out.describe(r));
        for (int i = 0; i < r.rows(); ++i) {
            ResultRow row;
            if (!resultRowAt(r, i, true, &row, &why)) return fail(why);
            if (!row.hasRaw) return fail("record " + std::to_string(row.key) + " has no raw result in the index");
            if (!assembler.add(row, &why)) return fail(why);
            current.push_back({row.outcome, std::string(row.signature), row.explained});
        }
        if (options.progress) options.progress(current.size(), 0, current.size());
        if (r.rows() < kPageRows) break;
        after = r.int64(r.rows() - 1, 0);
    }
    std::unique_ptr<Analysis> before = assembler.finish();
    std::unique_ptr<Analysis> a = before->withRules(options.rules, options.threads, options.cancel);
    if (!a) return fail("cancelled");

    ReevaluateReport rep;
    rep.considered = current.size();
    rep.reread = a->rulesRereads();
    std::string changes, sigRows;
    std::set<std::string> signatures;
    for (uint32_t i = 0; i < a->records().size(); ++i) {
        const IndexedRecord& r = a->records()[i];
        const std::string sig = recordSignature(*a, i).value_or(std::string());
        const Current& was = current[i];
        if (r.outcome == was.outcome && sig == was.signature && r.explained == was.explained) continue;
        ++rep.changed;
        changes += std::to_string(static_cast<int64_t>(r.loc.offset));
        changes += '\t';
        changes += outcomeName(r.outcome);
        changes += '\t';
        if (sig.empty())
            changes += "\\N";
        else
            copyText(changes, sig);
        changes += r.explained ? "\tt\n" : "\tf\n";
        if (!sig.empty() && signatures.insert(sig).second) appendSignatureRow(sigRows, *a, sig, i, false);
    }
    const std::string sql =
        "CREATE TEMP TABLE dt_changes (key bigint, outcome text, signature text, explained boolean) ON COMMIT DROP;"
        "CREATE TEMP TABLE dt_signatures (LIKE " +
        s + ".signatures) ON COMMIT DROP;";
    if (!out.run(sql, "re-evaluating the index", &why)) return fail(why);
    if (!out.copyIn("COPY dt_changes FROM STDIN", changes, &why)) return fail(why);
    if (!out.copyIn("COPY dt_signatures FROM STDIN", sigRows, &why)) return fail(why);
    if (!out.run("UPDATE " + s +
                     ".records r SET outcome = c.outcome, signature = c.signature, explained = c.explained"
                     " FROM dt_changes c WHERE r.key = c.key;"
                     "INSERT INTO " +
                     s +
                     ".signatures SELECT * FROM dt_signatures ON CONFLICT (signature) DO NOTHING;"
                     "UPDATE " +
                     s + ".index_state SET rules = " + quoteLiteral(options.rulesFingerprint) +
                     ", updated_at = now() WHERE shard = " + quoteLiteral(shard) + ";",
                 "re-evaluating the index", &why))
        return fail(why);
    if (!out.run("COMMIT", "re-evaluating the index", &why)) return fail(why);
    if (report) *report = rep;
    return true;
}

}  // namespace dt::pg
