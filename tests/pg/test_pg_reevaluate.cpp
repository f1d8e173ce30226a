// SPDX-License-Identifier: MIT
// A rules change on an indexed store (core/pg/pg_reevaluate.h), against a throwaway server, on a
// store where acceptable differences co-occur with bugs and the secondary explains some as noise:
// for rules added, removed, swapped and of kinds decided by keys or by values, re-running the index
// workers with the new rules re-evaluates the rows from their raw results, reads back only records
// the rules may touch and cannot decide by keys, and leaves exactly what a full run of every shard
// under the new rules writes (records, raw results, groups, outcomes, dashboard sums, noise). An analysis assembled
// from an index and given other rules in memory equals a scan of the store under those rules. A shard written before
// raw results were kept is read again in full.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/analysis/analysis.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_index.h"
#include "core/pg/pg_open.h"
#include "core/pg/pg_store.h"
#include "core/rules/rules.h"
#include "core/rules/rules_io.h"
#include "tests/pg/pg_fixture.h"
#include "tests/pg/pg_same.h"
#include "tests/pg/pg_test_server.h"

namespace dt {
namespace {

using Fixture = pgtest::LoadedStore;

bool loadReevaluateStore(Fixture& f, std::string* why) {
    return pgtest::loadGeneratedStore(f, "reeval", "--records 3000 --seed 5 --profile cooccurring", why);
}

// One rule object from its kind-specific members.
std::string rule(const std::string& id, const std::string& scope, const std::string& members) {
    return R"({"id": ")" + id + R"(", "scope": )" + scope + ", " + members + R"(, "reason": "r", "remove_when": "w"})";
}

const char* const kAll = R"("*")";
const std::map<std::string, std::string> kRules = {
    {"same_instant", rule("si", kAll, R"("kind": "same_instant", "path": "/**")")},
    {"null", rule("nm", kAll, R"("kind": "null_equals_missing", "path": "/**")")},
    {"charset", rule("hp", kAll, R"("kind": "header_parameter", "header": "content-type", "parameter": "charset")")},
    {"host", rule("uh", kAll,
                  R"("kind": "url_host", "path": "/**", "from": "https://api-legacy.example.com",
                     "to": "https://api.example.com")")},
    {"users_at", rule("si-users", R"({"method": "GET", "endpoints": ["/users/*"]})",
                      R"("kind": "same_instant", "path": "/updated_at")")},
    {"took", rule("ip-took", R"({"endpoints": ["/search"]})", R"("kind": "ignore_path", "path": "/took_ms")")},
    {"tolerance", rule("tol", R"({"endpoints": ["/orders/*"]})",
                       R"("kind": "numeric_tolerance", "path": "/total", "absolute": 0.02)")},
    {"unordered",
     rule("ua", R"({"endpoints": ["/search"]})", R"("kind": "unordered_array", "path": "/results", "key": "id")")},
    {"normalize",
     rule("nv", kAll, R"("kind": "normalize_value", "path": "/**/*_at", "pattern": "\\+00:00$", "replacement": "Z")")},
};

// The rules file text for comma-separated names ("" = no rules).
std::string rulesText(const std::string& names) {
    if (names.empty()) return "";
    std::string list;
    size_t pos = 0;
    while (pos <= names.size()) {
        const size_t comma = std::min(names.find(',', pos), names.size());
        const std::string name = names.substr(pos, comma - pos);
        EXPECT_TRUE(kRules.count(name)) << name;
        if (kRules.count(name)) list += (list.empty() ? "" : ", ") + kRules.at(name);
        pos = comma + 1;
    }
    return R"({"version": 2, "rules": [)" + list + "]}";
}

std::shared_ptr<const RuleSet> ruleSet(const std::string& text) {
    if (text.empty()) return nullptr;
    std::vector<RuleError> errors;
    auto cfg = parseRulesConfig(text, &errors);
    EXPECT_TRUE(cfg) << formatRuleErrors("inline", errors);
    if (!cfg) return nullptr;
    std::vector<std::string> problems;
    auto set = RuleSet::build(*cfg, &problems);
    EXPECT_TRUE(set) << (problems.empty() ? "" : problems.front());
    return set;
}

constexpr unsigned kShards = 2;

// Runs every shard's worker with these rules; the reports, shard by shard.
std::vector<pg::IndexReport> index(const Fixture& f, const std::string& schema, const std::string& names,
                                   unsigned shards = kShards, bool full = false) {
    const std::string text = rulesText(names);
    std::vector<pg::IndexReport> out;
    for (unsigned k = 1; k <= shards; ++k) {
        pg::IndexOptions opt;
        opt.shardK = k;
        opt.shardN = shards;
        opt.shardSpanKeys = 400;
        opt.threads = 2;
        opt.full = full;
        opt.rules = ruleSet(text);
        opt.rulesFingerprint = pg::rulesFingerprint(text);
        pg::IndexReport report;
        std::string error;
        EXPECT_TRUE(pg::indexStore(f.store, f.server->uri(f.db) + "&schema=" + schema, opt, &report, &error)) << error;
        out.push_back(report);
    }
    return out;
}

std::string query(const Fixture& f, const std::string& sql) {
    std::string error;
    auto uri = pg::parsePgUri(f.server->uri(f.db), &error);
    auto conn = pg::PgConn::connect(*uri, true, &error);
    if (!conn) return error;
    pg::PgResult r = conn->exec(sql);
    if (!r.ok() || r.rows() == 0) return sql + ": " + conn->describe(r);
    return std::string(r.value(0, 0));
}

// Everything an index holds that its readers use. Signatures: those its records name (a rules change
// leaves the ones no record names any more), their differences as a set (the order a row lists them
// in is the order of the analysis that wrote it first), without their informative outcome column.
std::string checksum(const Fixture& f, const std::string& schema) {
    const std::string s = "\"" + schema + "\"";
    std::string sum;
    for (const std::string& part : {
             "SELECT count(*) || md5(string_agg(concat_ws(',', key, id, shard, outcome, signature, endpoint, ts, "
             "weight, primary_status, candidate_status, primary_latency_ms, candidate_latency_ms, problem, "
             "raw_outcome, raw_signature, explained, raw_explained), '|' ORDER BY key)) FROM " +
                 s + ".records",
             "SELECT md5(string_agg(g::text, '|' ORDER BY signature)) FROM " + s + ".groups g",
             "SELECT md5(string_agg(o::text, '|' ORDER BY outcome)) FROM " + s + ".outcomes o",
             "SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) FROM " + s + ".series x",
             "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM " + s + ".timeline t",
             "SELECT count(*) || md5(string_agg(n::text, '|' ORDER BY n::text)) FROM " + s + ".noise n",
             "SELECT count(*) || md5(string_agg(c.signature || ':' || c.cause, '|' ORDER BY c.signature, c.cause))"
             " FROM " +
                 s + ".signature_causes c WHERE c.signature IN (SELECT signature FROM " + s +
                 ".records WHERE outcome = 'mismatch')",
             "SELECT count(*) || md5(string_agg(concat_ws(',', signature, endpoint, (SELECT jsonb_agg(e ORDER BY "
             "e::text) FROM jsonb_array_elements(differences) e), status_primary, status_candidate), '|' ORDER BY "
             "signature)) FROM " +
                 s + ".signatures WHERE signature IN (SELECT signature FROM " + s +
                 ".records UNION SELECT raw_signature FROM " + s + ".records)",
         })
        sum += query(f, part) + " ";
    return sum;
}

struct ChangeCase {
    const char* name;
    const char* from;  // rules the index was built with
    const char* to;    // rules of the next run
    bool byKeys;       // every rule of `to` decides by keys (rules_keys.h)
};

class RulesChange : public testing::TestWithParam<ChangeCase> {};

TEST_P(RulesChange, EqualsAFullRunUnderTheNewRules) {
    const ChangeCase& c = GetParam();
    Fixture f;
    std::string why;
    if (!loadReevaluateStore(f, &why)) GTEST_SKIP() << "no PostgreSQL: " << why;
    for (const auto& r : index(f, "changed", c.from)) EXPECT_FALSE(r.rulesChanged);
    const std::string before = checksum(f, "changed");
    uint64_t considered = 0, reread = 0, changed = 0;
    for (const auto& r : index(f, "changed", c.to)) {
        EXPECT_TRUE(r.rulesChanged);
        EXPECT_TRUE(r.incremental);
        EXPECT_EQ(r.read, 0u) << "nothing new in the store";
        EXPECT_LE(r.reread, r.reevaluated);
        considered += r.reevaluated;
        reread += r.reread;
        changed += r.changed;
    }
    index(f, "fresh", c.to, kShards, true);
    EXPECT_EQ(checksum(f, "changed"), checksum(f, "fresh"));
    EXPECT_NE(checksum(f, "changed"), before) << "the rules change changes the index";

    // Only rows with differences before rules are considered, and only those the rules may touch
    // are read back.
    const uint64_t withDifferences = std::stoull(
        query(f, "SELECT count(*) FROM changed.records WHERE raw_outcome IN ('mismatch', 'noise', 'drift')"));
    EXPECT_EQ(considered, withDifferences);
    EXPECT_LT(considered, 3000u);
    EXPECT_GT(changed, 0u);
    EXPECT_LT(reread, considered);
    // Rules that decide by keys leave only noise, drift and explained records to read back (about an
    // eighth of this store); rules that change how values compare need most records read again.
    if (c.byKeys) {
        EXPECT_LT(reread * 4, considered);
    }

    // Running again with the same rules changes nothing and re-evaluates nothing.
    for (const auto& r : index(f, "changed", c.to)) {
        EXPECT_FALSE(r.rulesChanged);
        EXPECT_EQ(r.read, 0u);
    }
    EXPECT_EQ(checksum(f, "changed"), checksum(f, "fresh"));
}

TEST_P(RulesChange, AnAssembledIndexGivenOtherRulesEqualsAScan) {
    const ChangeCase& c = GetParam();
    Fixture f;
    std::string why;
    if (!loadReevaluateStore(f, &why)) GTEST_SKIP() << "no PostgreSQL: " << why;
    index(f, "single", c.from, 1);
    pg::IndexRecordsOptions ro;
    ro.schema = "single";
    std::string error;
    auto assembled = pg::readIndexedRecords(f.store, ro, &error);
    ASSERT_TRUE(assembled) << error;
    auto viaIndex = assembled->withRules(ruleSet(rulesText(c.to)), 2);
    ASSERT_TRUE(viaIndex);
    AnalyzeOptions opt;
    opt.threads = 2;
    opt.rules = ruleSet(rulesText(c.to));
    auto scanned = Analysis::analyze(f.store, opt, &error);
    ASSERT_TRUE(scanned) << error;
    pgtest::expectSameGroups(*viaIndex, *scanned, true);
    ASSERT_EQ(viaIndex->records().size(), scanned->records().size());
    for (uint32_t i = 0; i < scanned->records().size(); ++i) {
        ASSERT_EQ(viaIndex->records()[i].outcome, scanned->records()[i].outcome) << scanned->id(scanned->records()[i]);
        ASSERT_EQ(recordSignature(*viaIndex, i), recordSignature(*scanned, i)) << scanned->id(scanned->records()[i]);
    }
}

const ChangeCase kCases[] = {
    {"KeyRulesAdded", "", "same_instant,null,charset", true},
    {"KeyRulesRemoved", "same_instant,null,charset,host", "", true},
    {"OneRuleAddedToOthers", "same_instant,null", "same_instant,null,took", true},
    {"OneRuleRemovedFromOthers", "same_instant,null,host", "same_instant,host", true},
    {"ScopedRuleWidened", "users_at", "same_instant", true},
    {"ValueRulesAdded", "charset", "charset,tolerance,unordered,normalize", false},
    {"ValueRulesSwappedForKeyRules", "normalize,tolerance", "same_instant,took", true},
    {"KeyAndValueRules", "null", "null,same_instant,tolerance", false},
};

INSTANTIATE_TEST_SUITE_P(PgReevaluate, RulesChange, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<ChangeCase>& i) { return std::string(i.param.name); });

TEST(PgReevaluate, AShardWrittenWithoutRawResultsIsReadAgainInFull) {
    Fixture f;
    std::string why;
    if (!loadReevaluateStore(f, &why)) GTEST_SKIP() << "no PostgreSQL: " << why;
    index(f, "old", "");
    // As an index written before raw results were kept: the re-evaluation cannot be exact.
    ASSERT_EQ(f.server->sql(f.db, "UPDATE old.records SET raw_outcome = NULL, raw_signature = NULL,"
                                  " explained = NULL, raw_explained = NULL; UPDATE old.index_state SET raw = false"),
              "");
    uint64_t read = 0;
    for (const auto& r : index(f, "old", "same_instant")) {
        EXPECT_FALSE(r.rulesChanged);
        EXPECT_FALSE(r.incremental);
        read += r.read;
    }
    EXPECT_EQ(read, 3000u);
    index(f, "fresh", "same_instant", kShards, true);
    EXPECT_EQ(checksum(f, "old"), checksum(f, "fresh"));
}

}  // namespace
}  // namespace dt
