// SPDX-License-Identifier: MIT
// A shard re-evaluated under other rules from its raw results (pg_reevaluate.h).
#include "core/pg/pg_reevaluate.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

#include "core/analysis/analysis_assemble.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_copy.h"
#include "core/pg/pg_results.h"
#include "core/pg/pg_store.h"
#include "core/rules/rules_keys.h"
#include "core/util/worker_pool.h"

namespace dt::pg {
namespace {

constexpr int kPageRows = 20000;

// What a row holds now, to write only the rows the new rules change.
struct Current {
    Outcome outcome = Outcome::Match;
    std::string signature;
    bool explained = false;
};

// A record's result under the new rules.
struct Result {
    Outcome outcome = Outcome::Match;
    std::vector<SigKey> keys;  // its set (what remained, or what was explained / absorbed)
    bool explained = false;
    std::optional<std::pair<int, int>> statusPair;
};

// Which records need reading back, and the result of the others, decided once per (endpoint, raw
// set). A record keeps its raw result when no rule may touch any of its raw differences (as in
// Analysis::applyRules). A mismatch with no difference explained as noise is decided from its keys
// when every rule that may touch one of them decides it by its key (rules_keys.h: ignore_path,
// ignore_header, the precise class kinds): such rules neither change how values compare nor which
// differences are found, so the record stays a mismatch with the keys they keep, or is allowed
// (every difference absorbed: its set is all of them) — what re-reading it would give
// (core/triage/preview_keys.h derives the same for the rules preview). Anything else is read back.
class KeyDecider {
public:
    KeyDecider(const Analysis& a, const RuleProvider* rules)
            : m_a(a), m_rules(rules), m_keyRules(dynamic_cast<const RuleSet*>(rules)) {}

    // *out: the record's result when decided without reading it back (true), else its raw result,
    // kept should reading it back fail (false).
    bool decide(uint32_t i, Result* out) {
        const IndexedRecord& r = m_a.records()[i];
        const uint64_t key = (uint64_t(r.endpoint) << 32) | r.set;
        const int slot = r.outcome == Outcome::Mismatch && !r.explained ? 0 : 1;
        auto it = m_cache[slot].find(key);
        if (it == m_cache[slot].end()) it = m_cache[slot].emplace(key, compute(r, slot == 0)).first;
        const Decision& d = it->second;
        const bool decided = d.kind == Decision::Decided;
        out->explained = r.explained;
        out->outcome = decided ? d.outcome : r.outcome;
        out->keys = decided ? d.keys : m_a.keys(m_a.set(r.set));
        if (std::any_of(out->keys.begin(), out->keys.end(), [](const SigKey& k) { return k.kind == DiffKind::Status; }))
            out->statusPair = std::make_pair(int(r.primary_status), int(r.candidate_status));
        return d.kind != Decision::Reread;
    }

private:
    struct Decision {
        enum Kind : uint8_t { Raw, Decided, Reread } kind = Raw;
        Outcome outcome = Outcome::Mismatch;
        std::vector<SigKey> keys;
    };

    Decision compute(const IndexedRecord& r, bool plainMismatch) const {
        Decision d;
        if (!m_rules || r.endpoint == kNone) return d;
        const std::string& ep = m_a.endpoint(r.endpoint);
        std::vector<SigKey> kept;
        bool touched = false, absorbed = false, undecided = false;
        for (const DiffKey& k : m_a.set(r.set)) {
            SigKey sk = m_a.key(k);
            if (!m_rules->mayTouch(ep, sk.path, sk.kind)) {
                kept.push_back(std::move(sk));
                continue;
            }
            touched = true;
            const KeyDecision kd =
                plainMismatch && m_keyRules ? decideKey(*m_keyRules, ep, sk) : KeyDecision::Undecided;
            if (kd == KeyDecision::Absorbed)
                absorbed = true;
            else if (kd == KeyDecision::Kept)
                kept.push_back(std::move(sk));
            else
                undecided = true;
        }
        if (!touched) return d;
        if (undecided) {
            d.kind = Decision::Reread;
        } else if (absorbed) {
            d.kind = Decision::Decided;
            d.outcome = kept.empty() ? Outcome::Allowed : Outcome::Mismatch;
            d.keys = kept.empty() ? m_a.keys(m_a.set(r.set)) : std::move(kept);
        }
        return d;
    }

    const Analysis& m_a;
    const RuleProvider* m_rules;
    const RuleSet* m_keyRules;
    std::unordered_map<uint64_t, Decision> m_cache[2];  // plain mismatches, the others
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
    // The shard as the scan left it before rules: every record at its raw result.
    std::unique_ptr<Analysis> a = assembler.finish()->withRules(nullptr, 1);
    std::vector<Result> results(a->records().size());
    std::vector<uint32_t> reread;
    {
        KeyDecider decider(*a, options.rules.get());
        for (uint32_t i = 0; i < a->records().size(); ++i)
            if (!decider.decide(i, &results[i])) reread.push_back(i);
    }
    // The rest are read back and compared again, as Analysis::applyRules does.
    std::atomic<size_t> next{0};
    const unsigned threads =
        std::max(1u, std::min<unsigned>(threadCount(options.threads), static_cast<unsigned>(reread.size() / 64 + 1)));
    runWorkers(threads, [&](unsigned) {
        for (size_t j; (j = next.fetch_add(1)) < reread.size();) {
            if (cancelled()) return;
            const uint32_t i = reread[j];
            Analysis::Evaluation ev = a->evaluate(i, options.rules.get());
            if (!ev.ok) continue;  // could not re-read: keeps its raw result, as applyRules does
            results[i].outcome = ev.outcome;
            results[i].keys = std::move(ev.differences);
            results[i].explained = ev.explained;
            results[i].statusPair = std::move(ev.status_pair);
        }
    });
    if (cancelled()) return fail("cancelled");

    ReevaluateReport rep;
    rep.considered = current.size();
    rep.reread = reread.size();
    std::string changes, sigRows, causeRows;
    std::set<std::string> signatures;
    for (uint32_t i = 0; i < a->records().size(); ++i) {
        const IndexedRecord& r = a->records()[i];
        const Result& got = results[i];
        const std::string sig =
            got.outcome == Outcome::Match || got.outcome == Outcome::Invalid
                ? std::string()
                : Analysis::signatureOf(a->endpoint(r.endpoint), got.keys, got.statusPair, got.outcome);
        const Current& was = current[i];
        if (got.outcome == was.outcome && sig == was.signature && got.explained == was.explained) continue;
        ++rep.changed;
        changes += std::to_string(static_cast<int64_t>(r.loc.offset));
        changes += '\t';
        changes += outcomeName(got.outcome);
        changes += '\t';
        if (sig.empty())
            changes += "\\N";
        else
            copyText(changes, sig);
        changes += got.explained ? "\tt\n" : "\tf\n";
        if (!sig.empty() && signatures.insert(sig).second)
            appendSignatureRow(sigRows, sig, got.outcome, a->endpoint(r.endpoint), got.keys, got.statusPair, causeRows);
    }
    const std::string sql =
        "CREATE TEMP TABLE dt_changes (key bigint, outcome text, signature text, explained boolean) ON COMMIT DROP;"
        "CREATE TEMP TABLE dt_signatures (LIKE " +
        s +
        ".signatures) ON COMMIT DROP;"
        "CREATE TEMP TABLE dt_signature_causes (LIKE " +
        s + ".signature_causes) ON COMMIT DROP;";
    if (!out.run(sql, "re-evaluating the index", &why)) return fail(why);
    if (!out.copyIn("COPY dt_changes FROM STDIN", changes, &why)) return fail(why);
    if (!out.copyIn("COPY dt_signatures FROM STDIN", sigRows, &why)) return fail(why);
    if (!out.copyIn("COPY dt_signature_causes FROM STDIN", causeRows, &why)) return fail(why);
    if (!out.run("UPDATE " + s +
                     ".records r SET outcome = c.outcome, signature = c.signature, explained = c.explained"
                     " FROM dt_changes c WHERE r.key = c.key;"
                     "INSERT INTO " +
                     s +
                     ".signatures SELECT * FROM dt_signatures ON CONFLICT (signature) DO NOTHING;"
                     "INSERT INTO " +
                     s +
                     ".signature_causes SELECT * FROM dt_signature_causes ON CONFLICT DO NOTHING;"
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
