// SPDX-License-Identifier: MIT
// The index writer: analysis of one shard of a store, upserted into result tables (pg_index.h).
#include "core/pg/pg_index.h"

#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "core/analysis/analysis.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_copy.h"
#include "core/pg/pg_pushdown.h"
#include "core/pg/pg_reevaluate.h"
#include "core/pg/pg_store.h"

namespace dt::pg {
namespace {

std::string q(const std::string& schema, const char* table) { return quoteIdent(schema) + "." + table; }

std::string shardLabel(const IndexOptions& o) { return std::to_string(o.shardK) + "/" + std::to_string(o.shardN); }

// The record's raw_outcome, raw_signature, explained, raw_explained and tags columns (COPY text),
// noting a raw signature not seen yet in `signatures`.
void appendKeptColumns(std::string& rows, const Analysis& a, uint32_t i,
                       std::map<std::string, std::pair<uint32_t, bool>>& signatures) {
    const IndexedRecord& r = a.records()[i];
    rows += outcomeName(r.raw_outcome);
    rows += '\t';
    const auto raw = rawSignature(a, i);
    if (raw) {
        copyText(rows, *raw);
        signatures.emplace(*raw, std::make_pair(i, true));
    } else {
        rows += "\\N";
    }
    rows += r.explained ? "\tt\t" : "\tf\t";
    rows += r.raw_explained ? "t\t" : "f\t";
    const FlatObject& tags = a.tagSet(a.recordTags(i));
    if (tags.empty()) {
        rows += "\\N\n";
        return;
    }
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [k, v] : tags) object[k] = v;
    copyText(rows, object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    rows += '\n';
}

}  // namespace

std::string indexSchemaOf(const std::string& intoUri) {
    auto uri = parsePgUri(intoUri, nullptr);
    return uri && !uri->schema.empty() ? uri->schema : std::string("difftriage");
}

bool ensureIndexSchema(PgConn& conn, const std::string& schema, std::string* error) {
    const std::string s = quoteIdent(schema);
    const std::string ddl =
        "BEGIN; SELECT pg_advisory_xact_lock(hashtext(" + quoteLiteral("difftriage-ddl:" + schema) +
        "));"
        "CREATE SCHEMA IF NOT EXISTS " +
        s +
        ";"
        "CREATE TABLE IF NOT EXISTS " +
        s +
        ".records (key bigint PRIMARY KEY, id text, shard text NOT NULL,"
        " outcome text NOT NULL, signature text, endpoint text, ts timestamptz, weight double precision NOT NULL,"
        " primary_status integer, candidate_status integer, primary_latency_ms real, candidate_latency_ms real,"
        " problem text);"
        "CREATE INDEX IF NOT EXISTS records_signature ON " +
        s +
        ".records (signature);"
        "CREATE INDEX IF NOT EXISTS records_id ON " +
        s +
        ".records (id);"
        "CREATE TABLE IF NOT EXISTS " +
        s +
        ".signatures (signature text PRIMARY KEY, outcome text NOT NULL,"
        " endpoint text, differences jsonb NOT NULL, status_primary integer, status_candidate integer);"
        "CREATE TABLE IF NOT EXISTS " +
        s +
        ".groups (signature text PRIMARY KEY, outcome text NOT NULL,"
        " endpoint text, count bigint NOT NULL, weighted double precision NOT NULL, first_ts timestamptz,"
        " last_ts timestamptz, sample_ids text[] NOT NULL);"
        "CREATE TABLE IF NOT EXISTS " +
        s +
        ".outcomes (outcome text PRIMARY KEY, count bigint NOT NULL,"
        " weighted double precision NOT NULL);"
        "CREATE TABLE IF NOT EXISTS " +
        s +
        ".latencies (endpoint text, candidate boolean NOT NULL, latency_ms real NOT NULL,"
        " count bigint NOT NULL, weighted double precision NOT NULL);"
        "CREATE TABLE IF NOT EXISTS " +
        s +
        ".series (outcome text NOT NULL, signature text, endpoint text, primary_status integer,"
        " candidate_status integer, count bigint NOT NULL, weighted double precision NOT NULL, first_ms bigint NOT "
        "NULL,"
        " last_ms bigint NOT NULL);"
        "CREATE TABLE IF NOT EXISTS " +
        s +
        ".timeline (second bigint NOT NULL, outcome text NOT NULL, count bigint NOT NULL,"
        " weighted double precision NOT NULL);"
        "CREATE TABLE IF NOT EXISTS " +
        s +
        ".index_state (shard text PRIMARY KEY, source text NOT NULL,"
        " last_key bigint, rules text NOT NULL, records bigint NOT NULL, updated_at timestamptz NOT NULL);"
        // What re-evaluating records under other rules needs (pg_reevaluate.h): each record's raw
        // (pre-rules) outcome and signature, whether noise explained a difference, and each shard's
        // store-noise table; and each record's tags (tag filters, Split Group By a tag). Added to the
        // tables of indexes written before they were kept.
        "ALTER TABLE " +
        s +
        ".records ADD COLUMN IF NOT EXISTS raw_outcome text, ADD COLUMN IF NOT EXISTS raw_signature text,"
        " ADD COLUMN IF NOT EXISTS explained boolean, ADD COLUMN IF NOT EXISTS raw_explained boolean,"
        " ADD COLUMN IF NOT EXISTS tags jsonb;"
        "ALTER TABLE " +
        s +
        ".index_state ADD COLUMN IF NOT EXISTS raw boolean NOT NULL DEFAULT false;"
        "CREATE TABLE IF NOT EXISTS " +
        s +
        ".noise (shard text NOT NULL, endpoint text NOT NULL, key text NOT NULL,"
        " PRIMARY KEY (shard, endpoint, key));"
        // The causes (core/analysis/causes.h) of every mismatch signature: a record's causes are its
        // signature's.
        "CREATE TABLE IF NOT EXISTS " +
        s +
        ".signature_causes (signature text NOT NULL, cause text NOT NULL, PRIMARY KEY (signature, cause));"
        "COMMIT;";
    if (conn.run(ddl, "creating the result tables", error)) return true;
    conn.exec("ROLLBACK");
    return false;
}

bool refreshAggregates(PgConn& conn, const std::string& schema, std::string* error) {
    const std::string ms = kRecordMsSql;
    const std::string sql =
        "BEGIN; SET LOCAL work_mem = '256MB'; SELECT pg_advisory_xact_lock(hashtext(" +
        quoteLiteral("difftriage-aggregates:" + schema) +
        "));"
        "DELETE FROM " +
        q(schema, "groups") +
        ";"
        "INSERT INTO " +
        q(schema, "groups") +
        " SELECT signature, min(outcome), min(endpoint), count(*), sum(weight), min(ts), max(ts),"
        " (array_agg(id ORDER BY key))[1:5] FROM " +
        q(schema, "records") +
        " WHERE outcome IN ('mismatch', 'drift') GROUP BY signature;"
        "DELETE FROM " +
        q(schema, "outcomes") +
        ";"
        "INSERT INTO " +
        q(schema, "outcomes") + " SELECT outcome, count(*), sum(weight) FROM " + q(schema, "records") +
        " GROUP BY outcome;"
        // Latency values per endpoint and side, for the dashboard's percentiles (pg_parity.h).
        "DELETE FROM " +
        q(schema, "latencies") +
        ";"
        "INSERT INTO " +
        q(schema, "latencies") +
        " SELECT endpoint, GROUPING(primary_latency_ms) = 1,"
        " coalesce(primary_latency_ms, candidate_latency_ms), count(*), sum(weight) FROM " +
        q(schema, "records") +
        " WHERE outcome <> 'invalid' GROUP BY GROUPING SETS ((endpoint, primary_latency_ms),"
        " (endpoint, candidate_latency_ms)) HAVING coalesce(primary_latency_ms, candidate_latency_ms) IS NOT NULL;"
        // Outcomes per signature, endpoint and status pair, and per second: the dashboard's other series.
        "DELETE FROM " +
        q(schema, "series") +
        ";"
        "INSERT INTO " +
        q(schema, "series") +
        " SELECT outcome, signature, endpoint, primary_status, candidate_status, count(*), sum(weight), min(" + ms +
        "), max(" + ms + ") FROM " + q(schema, "records") +
        " GROUP BY 1, 2, 3, 4, 5;"
        "DELETE FROM " +
        q(schema, "timeline") +
        ";"
        "INSERT INTO " +
        q(schema, "timeline") +
        " SELECT (m - ((m % 1000 + 1000) % 1000)) / 1000, outcome, count(*), sum(weight) FROM"
        " (SELECT " +
        ms + " AS m, outcome, weight FROM " + q(schema, "records") +
        " WHERE outcome <> 'invalid') x GROUP BY 1, 2;"
        "COMMIT;";
    if (conn.run(sql, "updating the per-signature aggregates", error)) return true;
    conn.exec("ROLLBACK");
    return false;
}

bool indexStore(const std::string& storeUri, const std::string& intoUri, const IndexOptions& options,
                IndexReport* report, std::string* error) {
    IndexReport rep;
    auto into = parsePgUri(intoUri, error);
    if (!into) return false;
    if (options.shardN < 1 || options.shardK < 1 || options.shardK > options.shardN) {
        if (error) *error = "--shard K/N needs 1 <= K <= N";
        return false;
    }
    const std::string schema = into->schema.empty() ? std::string("difftriage") : into->schema;
    auto out = PgConn::connect(*into, false, error);
    if (!out) return false;
    if (!ensureIndexSchema(*out, schema, error)) return false;

    // The source, and what an earlier run of this shard already did.
    std::unique_ptr<Store> store;
    PgStore* pgStore = nullptr;
    const std::string label = shardLabel(options);
    if (isPostgresUri(storeUri)) {
        auto s = PgStore::open(storeUri, error);
        if (!s) return false;
        s->setShard(options.shardK, options.shardN);
        if (options.shardSpanKeys > 0) s->setShardSpan(options.shardSpanKeys);
        PgResult state = out->execParams(
            "SELECT last_key, rules, raw FROM " + q(schema, "index_state") + " WHERE shard = $1", {label});
        if (!state.ok()) {
            if (error) *error = into->display + ": reading the index state failed: " + out->describe(state);
            return false;
        }
        const bool earlier = !options.full && state.rows() == 1 && !state.isNull(0, 0) && s->integerKey();
        if (earlier && state.value(0, 1) != options.rulesFingerprint && state.value(0, 2) == "t") {
            // Other rules than the shard was indexed with: its rows are re-evaluated from their raw
            // results (pg_reevaluate.h), then only what is new is read, as below.
            ReevaluateReport re;
            if (!reevaluateShard(*out, schema, label, storeUri, options, &re, error)) {
                if (error && *error != "cancelled") *error = into->display + ": " + *error;
                return false;
            }
            rep.rulesChanged = true;
            rep.reevaluated = re.considered;
            rep.reread = re.reread;
            rep.changed = re.changed;
        }
        if (earlier && (state.value(0, 1) == options.rulesFingerprint || rep.rulesChanged)) {
            s->setAfterKey(state.int64(0, 0));
            rep.incremental = true;
        }
        pgStore = s.get();
        store = std::move(s);
    } else {
        if (options.shardN != 1) {
            if (error)
                *error = storeUri + ": --shard splits PostgreSQL stores only; index a file store with one worker";
            return false;
        }
        store = Store::open(storeUri, error);
        if (!store) return false;
    }

    AnalyzeOptions ao;
    ao.threads = options.threads;
    ao.rules = options.rules;
    ao.cancel = options.cancel;
    ao.progress = options.progress;
    if (pgStore) {
        // Endpoint templates are learned from the whole table's URLs, not just this shard's, so every
        // shard (and every incremental run) names endpoints — and so signatures — the same way.
        auto corpus = pgStore->endpointCorpus(error);
        if (!corpus) return false;
        ao.endpointCorpus = std::move(corpus);
    }
    std::string why;
    auto a = Analysis::analyze(std::move(store), ao, &why);
    if (!a) {
        if (error) *error = why == "cancelled" ? std::string("cancelled") : why;
        return false;
    }
    if (pgStore) rep.lastKey = pgStore->scannedMaxKey();

    // records
    std::string rows;
    const auto& recs = a->records();
    // signature -> a record that has it, and whether as its raw (pre-rules) signature
    std::map<std::string, std::pair<uint32_t, bool>> signatureRecord;
    for (uint32_t i = 0; i < recs.size(); ++i) {
        const IndexedRecord& r = recs[i];
        rows += std::to_string(static_cast<int64_t>(r.loc.offset));
        rows += '\t';
        const std::string_view id = a->id(r);
        if (id.empty())
            rows += "\\N";
        else
            copyText(rows, id);
        rows += '\t';
        copyText(rows, label);
        rows += '\t';
        rows += outcomeName(r.outcome);
        rows += '\t';
        const auto sig = recordSignature(*a, i);
        if (sig) {
            copyText(rows, *sig);
            signatureRecord.emplace(*sig, std::make_pair(i, false));
        } else {
            rows += "\\N";
        }
        rows += '\t';
        if (r.outcome == Outcome::Invalid || r.endpoint == kNone)
            rows += "\\N";
        else
            copyText(rows, a->endpoint(r.endpoint));
        rows += '\t';
        if (r.outcome == Outcome::Invalid)
            rows += "\\N";
        else
            rows += formatTimestampMs(r.ts_ms);
        rows += '\t';
        copyNumber(rows, r.weight, true);
        rows += '\t';
        copyNumber(rows, r.primary_status, r.primary_status >= 0);
        rows += '\t';
        copyNumber(rows, r.candidate_status, r.candidate_status >= 0);
        rows += '\t';
        copyNumber(rows, r.primary_latency, r.primary_latency >= 0);
        rows += '\t';
        copyNumber(rows, r.candidate_latency, r.candidate_latency >= 0);
        rows += "\t\\N\t";  // problem: set below
        appendKeptColumns(rows, *a, i, signatureRecord);
        ++rep.read;
        if (r.outcome == Outcome::Invalid) ++rep.problems;
    }
    // problems: the reason goes with the row (matched by key)
    std::string problemRows;
    for (const LoadProblem& p : a->problems()) {
        if (p.rowid == 0 && p.line == 0) {
            rep.partial = p.reason;
            continue;
        }
        problemRows += std::to_string(p.rowid ? p.rowid : static_cast<int64_t>(p.line));
        problemRows += '\t';
        copyText(problemRows, p.reason);
        problemRows += '\n';
    }
    // signatures
    std::string sigRows;
    std::string causeRows;
    for (const auto& [sig, at] : signatureRecord) appendSignatureRow(sigRows, *a, sig, at.first, at.second, causeRows);
    // the store-noise table this run classified with
    std::string noiseRows;
    for (uint32_t e = 0; e < a->storeNoise().size(); ++e)
        for (const std::string& key : a->storeNoise()[e]) {
            copyText(noiseRows, label);
            noiseRows += '\t';
            copyText(noiseRows, a->endpoint(e));
            noiseRows += '\t';
            copyText(noiseRows, key);
            noiseRows += '\n';
        }

    const std::string recordsT = q(schema, "records");
    std::string sql = "BEGIN;"
                      "CREATE TEMP TABLE dt_batch (LIKE " +
                      recordsT +
                      ") ON COMMIT DROP;"
                      "CREATE TEMP TABLE dt_problems (key bigint, reason text) ON COMMIT DROP;"
                      "CREATE TEMP TABLE dt_signatures (LIKE " +
                      q(schema, "signatures") +
                      ") ON COMMIT DROP;"
                      "CREATE TEMP TABLE dt_noise (LIKE " +
                      q(schema, "noise") +
                      ") ON COMMIT DROP;"
                      "CREATE TEMP TABLE dt_signature_causes (LIKE " +
                      q(schema, "signature_causes") + ") ON COMMIT DROP;";
    if (!out->run(sql, "writing the index", error)) return false;
    const auto abort = [&]() {
        out->exec("ROLLBACK");
        return false;
    };
    if (!out->copyIn("COPY dt_batch FROM STDIN", rows, error)) return abort();
    if (!out->copyIn("COPY dt_problems FROM STDIN", problemRows, error)) return abort();
    if (!out->copyIn("COPY dt_signatures FROM STDIN", sigRows, error)) return abort();
    if (!out->copyIn("COPY dt_noise FROM STDIN", noiseRows, error)) return abort();
    if (!out->copyIn("COPY dt_signature_causes FROM STDIN", causeRows, error)) return abort();
    sql = "UPDATE dt_batch b SET problem = p.reason FROM dt_problems p WHERE p.key = b.key;";
    // A full run of a shard replaces it: rows of this shard that are no longer in the store go.
    if (!rep.incremental && rep.partial.empty())
        sql += "DELETE FROM " + recordsT + " r WHERE r.shard = " + quoteLiteral(label) +
               " AND NOT EXISTS (SELECT 1 FROM dt_batch b WHERE b.key = r.key);";
    sql += "INSERT INTO " + recordsT +
           " SELECT * FROM dt_batch ON CONFLICT (key) DO UPDATE SET id = EXCLUDED.id,"
           " shard = EXCLUDED.shard, outcome = EXCLUDED.outcome, signature = EXCLUDED.signature,"
           " endpoint = EXCLUDED.endpoint, ts = EXCLUDED.ts, weight = EXCLUDED.weight,"
           " primary_status = EXCLUDED.primary_status, candidate_status = EXCLUDED.candidate_status,"
           " primary_latency_ms = EXCLUDED.primary_latency_ms, candidate_latency_ms = EXCLUDED.candidate_latency_ms,"
           " problem = EXCLUDED.problem, raw_outcome = EXCLUDED.raw_outcome, raw_signature = EXCLUDED.raw_signature,"
           " explained = EXCLUDED.explained, raw_explained = EXCLUDED.raw_explained, tags = EXCLUDED.tags;"
           "INSERT INTO " +
           q(schema, "signatures") +
           " SELECT * FROM dt_signatures ON CONFLICT (signature) DO NOTHING;"
           "INSERT INTO " +
           q(schema, "signature_causes") + " SELECT * FROM dt_signature_causes ON CONFLICT DO NOTHING;";
    // A full run's noise table replaces the shard's; an incremental run's adds to it.
    if (!rep.incremental && rep.partial.empty())
        sql += "DELETE FROM " + q(schema, "noise") + " WHERE shard = " + quoteLiteral(label) + ";";
    sql += "INSERT INTO " + q(schema, "noise") + " SELECT * FROM dt_noise ON CONFLICT DO NOTHING;";
    // The shard's progress is recorded only when the whole shard was read.
    if (rep.partial.empty())
        sql += "INSERT INTO " + q(schema, "index_state") +
               " (shard, source, last_key, rules, records, updated_at, raw) VALUES (" + quoteLiteral(label) + ", " +
               quoteLiteral(pgStore ? pgStore->uri().display : storeUri) + ", " +
               (pgStore && pgStore->integerKey() ? std::to_string(rep.lastKey) : std::string("NULL")) + ", " +
               quoteLiteral(options.rulesFingerprint) + ", " + std::to_string(rep.read) +
               ", now(), true) ON CONFLICT (shard) DO UPDATE SET source = EXCLUDED.source, last_key = "
               "EXCLUDED.last_key,"
               " rules = EXCLUDED.rules, records = " +
               q(schema, "index_state") + ".records * (CASE WHEN " + (rep.incremental ? "true" : "false") +
               " THEN 1 ELSE 0 END) + EXCLUDED.records, updated_at = now(), raw = " +
               (rep.incremental ? q(schema, "index_state") + ".raw" : std::string("true")) + ";";
    sql += "COMMIT;";
    if (!out->run(sql, "writing the index", error)) return abort();
    rep.written = rep.read;
    if (!refreshAggregates(*out, schema, error)) return false;
    PgResult g = out->exec("SELECT count(*) FROM " + q(schema, "groups"));
    rep.groups = static_cast<uint64_t>(g.int64(0, 0));
    if (report) *report = rep;
    return true;
}

}  // namespace dt::pg
