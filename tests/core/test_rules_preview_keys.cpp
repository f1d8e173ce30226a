// SPDX-License-Identifier: MIT
// The rules preview decided from difference keys (core/triage/preview_keys.h): for every rule kind
// and scope, on generated stores (co-occurring differences, noise, drift), the preview decided from
// keys equals the exact preview (every touched record re-read) and what Analysis::applyRules() then
// reports; the key path is taken for the kinds it can decide (few or no records re-read) and not for
// the others (every examined record re-read).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include "../gen_fixture.h"
#include "core/analysis/analysis.h"
#include "core/rules/rules_io.h"
#include "core/rules/rules_keys.h"
#include "core/triage/rules_preview.h"

namespace dt {
namespace {

enum class StoreShape { Cooccurring, Default };

std::string storePath(StoreShape s) {
    const std::string dir =
        s == StoreShape::Cooccurring
            ? test::generatedFixture("--records 4000 --seed 5 --profile cooccurring", {{"--jsonl", "store.jsonl"}})
            : test::generatedFixture("--records 6000 --seed 7", {{"--jsonl", "store.jsonl"}});
    return dir.empty() ? "" : dir + "/store.jsonl";
}

RuleConfig configOf(const std::string& rules) {
    RuleConfig out;
    if (rules.empty()) return out;
    std::vector<RuleError> errors;
    auto cfg = parseRulesConfig(R"({"version": 2, "rules": [)" + rules + "]}", &errors);
    EXPECT_TRUE(cfg) << formatRuleErrors("inline", errors) << rules;
    return cfg ? *cfg : out;
}

// One rule object from its kind-specific members.
std::string keyRule(const std::string& id, const std::string& scope, const std::string& members) {
    return R"({"id": ")" + id + R"(", "scope": )" + scope + ", " + members + R"(, "reason": "r", "remove_when": "w"})";
}

enum class Path {
    Keys,     // decided from keys: some records examined, fewer re-read
    KeysAny,  // decidable, but the records it touches may all need re-reading
    Nothing,  // decided from keys: nothing changes, nothing examined
    Exact,    // not decidable: every examined record re-read
};

struct Case {
    const char* name;
    StoreShape store;
    const char* current;  // rules applied before the preview ("" = none)
    const char* added;    // the new rules
    Path path;
};

const char* const kAll = R"("*")";

// Rules are built by keyRule(); the table keeps them short.
const std::map<std::string, std::string> kRules = {
    {"same_instant_all", keyRule("si", kAll, R"("kind": "same_instant", "path": "/**")")},
    {"same_instant_at", keyRule("si-at", kAll, R"("kind": "same_instant", "path": "/**/*_at")")},
    {"same_instant_users", keyRule("si-users", R"({"method": "GET", "endpoints": ["/users/*"]})",
                                   R"("kind": "same_instant", "path": "/updated_at")")},
    {"null_all", keyRule("nm", kAll, R"("kind": "null_equals_missing", "path": "/**")")},
    {"empty_all", keyRule("en", kAll, R"("kind": "empty_equals_null", "path": "/**")")},
    {"host_all", keyRule("uh", kAll,
                         R"("kind": "url_host", "path": "/**", "from": "https://api-legacy.example.com",
                         "to": "https://api.example.com")")},
    {"host_images", keyRule("uh-img", kAll,
                            R"("kind": "url_host", "path": "/images/*", "from": "https://api-legacy.example.com",
                            "to": "https://api.example.com")")},
    {"host_images_0", keyRule("uh-img0", kAll,
                              R"("kind": "url_host", "path": "/images/0", "from": "https://api-legacy.example.com",
                              "to": "https://api.example.com")")},
    {"host_wrong_pair", keyRule("uh-other", kAll,
                                R"("kind": "url_host", "path": "/**", "from": "https://elsewhere.example",
                                "to": "https://api.example.com")")},
    {"charset", keyRule("hp", kAll, R"("kind": "header_parameter", "header": "content-type", "parameter": "charset")")},
    {"ignore_ct", keyRule("ih", kAll, R"("kind": "ignore_header", "header": "content-type")")},
    {"ignore_ct_presence",
     keyRule("ihp", kAll, R"("kind": "ignore_header", "header": "content-*", "presence_only": true)")},
    {"ignore_links", keyRule("ip-links", kAll, R"("kind": "ignore_path", "path": "/links")")},
    {"ignore_self", keyRule("ip-self", kAll, R"("kind": "ignore_path", "path": "/**/self")")},
    {"ignore_images_0", keyRule("ip-img0", kAll, R"("kind": "ignore_path", "path": "/images/0")")},
    {"ignore_body_post", keyRule("ip-body", R"({"method": "POST"})", R"("kind": "ignore_path", "path": "")")},
    {"ignore_took",
     keyRule("ip-took", R"({"endpoints": ["/search"]})", R"("kind": "ignore_path", "path": "/took_ms")")},
    {"ignore_request_id",
     keyRule("ip-rid", R"({"endpoints": ["/reports/*"]})", R"("kind": "ignore_path", "path": "/request_id")")},
    {"status_post", keyRule("st", R"({"method": "POST", "endpoints": ["/orders"]})",
                            R"("kind": "status_equivalence", "primary": 201, "candidate": 200)")},
    {"tolerance_total", keyRule("tol", R"({"endpoints": ["/orders/*"]})",
                                R"("kind": "numeric_tolerance", "path": "/total", "absolute": 0.02)")},
    {"unordered_results",
     keyRule("ua", R"({"endpoints": ["/search"]})", R"("kind": "unordered_array", "path": "/results", "key": "id")")},
    {"normalize_at", keyRule("nv", kAll,
                             R"("kind": "normalize_value", "path": "/**/*_at", "pattern": "\\+00:00$",
                             "replacement": "Z")")},
    // default profile (difftriage-gen without --profile)
    {"discount",
     keyRule("ip-disc", R"({"endpoints": ["/products/*"]})", R"("kind": "ignore_path", "path": "/items/*/discount")")},
    {"discount_0",
     keyRule("ip-disc0", R"({"endpoints": ["/products/*"]})", R"("kind": "ignore_path", "path": "/items/0/discount")")},
    {"meta", keyRule("ip-meta", kAll, R"("kind": "ignore_path", "path": "/meta")")},
    {"everything", keyRule("ip-all", kAll, R"("kind": "ignore_path", "path": "/**")")},
    {"cache_control",
     keyRule("ih-cc", kAll, R"("kind": "ignore_header", "header": "cache-control", "presence_only": true)")},
    {"updated_at", keyRule("si-upd", kAll, R"("kind": "same_instant", "path": "/updated_at")")},
    {"status_users", keyRule("st-users", R"({"method": "POST", "endpoints": ["/users"]})",
                             R"("kind": "status_equivalence", "primary": 201, "candidate": 200)")},
};

std::string keyRules(const std::string& names) {
    std::string out;
    size_t pos = 0;
    while (pos < names.size()) {
        const size_t comma = names.find(',', pos);
        const std::string name = names.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        EXPECT_TRUE(kRules.count(name)) << name;
        if (kRules.count(name)) out += (out.empty() ? "" : ", ") + kRules.at(name);
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return out;
}

const Case kCases[] = {
    // decidable kinds, scopes and paths on the co-occurring store
    {"same_instant_everywhere", StoreShape::Cooccurring, "", "same_instant_all", Path::Keys},
    {"same_instant_glob_segment", StoreShape::Cooccurring, "", "same_instant_at", Path::Keys},
    {"same_instant_one_endpoint", StoreShape::Cooccurring, "", "same_instant_users", Path::Keys},
    {"null_equals_missing_everywhere", StoreShape::Cooccurring, "", "null_all", Path::Keys},
    {"empty_equals_null_everywhere", StoreShape::Cooccurring, "", "empty_all", Path::Keys},
    {"url_host_everywhere", StoreShape::Cooccurring, "", "host_all", Path::Keys},
    {"url_host_array_star", StoreShape::Cooccurring, "", "host_images", Path::Keys},
    {"url_host_other_origin", StoreShape::Cooccurring, "", "host_wrong_pair", Path::Nothing},
    {"header_parameter_everywhere", StoreShape::Cooccurring, "", "charset", Path::Keys},
    {"ignore_header_everywhere", StoreShape::Cooccurring, "", "ignore_ct", Path::Keys},
    {"ignore_header_presence_only_glob", StoreShape::Cooccurring, "", "ignore_ct_presence", Path::Keys},
    {"ignore_path_above_keys", StoreShape::Cooccurring, "", "ignore_links", Path::Keys},
    {"ignore_path_double_star", StoreShape::Cooccurring, "", "ignore_self", Path::Keys},
    {"ignore_whole_body_by_method", StoreShape::Cooccurring, "", "ignore_body_post", Path::Keys},
    {"ignore_noise_path", StoreShape::Cooccurring, "", "ignore_took", Path::Keys},
    {"ignore_noise_path_reports", StoreShape::Cooccurring, "", "ignore_request_id", Path::Nothing},
    {"several_new_rules", StoreShape::Cooccurring, "", "same_instant_all,null_all,charset", Path::Keys},
    // on top of current rules, including rules that change the comparison
    {"over_precise_rules", StoreShape::Cooccurring, "same_instant_all,charset", "null_all", Path::Keys},
    {"over_status_rule", StoreShape::Cooccurring, "status_post", "host_all", Path::Keys},
    {"over_unordered_rule", StoreShape::Cooccurring, "unordered_results", "ignore_took", Path::Keys},
    {"over_tolerance_rule", StoreShape::Cooccurring, "tolerance_total", "same_instant_all,empty_all", Path::Keys},
    {"rule_already_current", StoreShape::Cooccurring, "charset", "charset,host_all", Path::Keys},
    // a pattern naming an array index: decided by concrete paths, re-read
    {"url_host_array_index", StoreShape::Cooccurring, "", "host_images_0", Path::Exact},
    {"ignore_path_array_index", StoreShape::Cooccurring, "", "ignore_images_0", Path::Exact},
    // kinds that change how values compare or which differences are found: the exact path
    {"status_equivalence", StoreShape::Cooccurring, "", "status_post", Path::Exact},
    {"numeric_tolerance", StoreShape::Cooccurring, "", "tolerance_total", Path::Exact},
    {"unordered_array", StoreShape::Cooccurring, "", "unordered_results", Path::Exact},
    {"normalize_value", StoreShape::Cooccurring, "", "normalize_at", Path::Exact},
    {"decidable_with_undecidable", StoreShape::Cooccurring, "", "same_instant_all,tolerance_total", Path::Exact},
    // the default generated store
    {"default_ignore_path_star", StoreShape::Default, "", "discount", Path::KeysAny},
    {"default_ignore_path_index", StoreShape::Default, "", "discount_0", Path::Exact},
    {"default_ignore_path_above", StoreShape::Default, "", "meta", Path::KeysAny},
    {"default_ignore_everything", StoreShape::Default, "", "everything", Path::KeysAny},
    {"default_header_presence", StoreShape::Default, "", "cache_control", Path::KeysAny},
    {"default_same_instant", StoreShape::Default, "", "updated_at", Path::KeysAny},
    {"default_over_status_rule", StoreShape::Default, "status_users", "everything", Path::KeysAny},
};

std::unique_ptr<Analysis> analyzeUnder(const std::string& store, const RuleConfig& current) {
    AnalyzeOptions opt;
    if (!current.rules.empty()) opt.rules = RuleSet::build(current);
    std::string error;
    auto a = Analysis::analyze(store, opt, &error);
    EXPECT_TRUE(a) << error;
    return a;
}

void expectSamePreview(const RulesPreview& x, const RulesPreview& y) {
    EXPECT_EQ(x.records, y.records);
    EXPECT_EQ(x.changed, y.changed);
    EXPECT_EQ(x.absorbed, y.absorbed);
    EXPECT_NEAR(x.absorbed_weighted, y.absorbed_weighted, 1e-6);
    EXPECT_EQ(x.unreadable, y.unreadable);
    EXPECT_EQ(x.counts_before, y.counts_before);
    EXPECT_EQ(x.counts_after, y.counts_after);
    for (int o = 0; o < kOutcomeCount; ++o) EXPECT_NEAR(x.weights_after[o], y.weights_after[o], 1e-6) << o;
    ASSERT_EQ(x.groups.size(), y.groups.size());
    for (size_t i = 0; i < x.groups.size(); ++i) {
        const PreviewGroup& g = x.groups[i];
        const PreviewGroup& h = y.groups[i];
        SCOPED_TRACE(g.signature);
        EXPECT_EQ(g.signature, h.signature);
        EXPECT_EQ(g.endpoint, h.endpoint);
        EXPECT_EQ(g.outcome, h.outcome);
        EXPECT_EQ(g.differences, h.differences);
        EXPECT_EQ(g.status_pair, h.status_pair);
        EXPECT_EQ(g.existed, h.existed);
        EXPECT_EQ(g.count_before, h.count_before);
        EXPECT_EQ(g.count_after, h.count_after);
        EXPECT_NEAR(g.weighted_after, h.weighted_after, 1e-6);
        EXPECT_EQ(g.absorbed, h.absorbed);
        auto moves = [](const std::vector<PreviewMove>& v) {
            std::vector<std::pair<std::string, uint64_t>> out;
            for (const auto& m : v) out.emplace_back(m.signature, m.count);
            return out;
        };
        EXPECT_EQ(moves(g.moved_out), moves(h.moved_out));
        EXPECT_EQ(moves(g.moved_in), moves(h.moved_in));
    }
}

class PreviewFromKeys : public ::testing::TestWithParam<Case> {};

TEST_P(PreviewFromKeys, EqualsTheExactPreviewAndTheApplication) {
    const Case& c = GetParam();
    const std::string store = storePath(c.store);
    ASSERT_FALSE(store.empty());
    const RuleConfig current = configOf(keyRules(c.current));
    const RuleConfig added = configOf(keyRules(c.added));
    auto a = analyzeUnder(store, current);
    ASSERT_TRUE(a);
    std::vector<RuleError> errors;
    auto merged = mergeRuleConfigs(current, added, &errors);
    ASSERT_TRUE(merged) << formatRuleErrors("merge", errors);
    auto combined = RuleSet::build(*merged);
    auto addedSet = RuleSet::build(added);
    ASSERT_TRUE(combined && addedSet);

    const RulesPreview fast = previewRules(*a, *combined, *addedSet);
    PreviewOptions exactOptions;
    exactOptions.decide_from_keys = false;
    const RulesPreview exact = previewRules(*a, *combined, *addedSet, exactOptions);
    EXPECT_EQ(exact.reread, exact.examined);
    expectSamePreview(fast, exact);

    // Which path was taken.
    EXPECT_LE(fast.reread, exact.reread);
    switch (c.path) {
    case Path::Keys:
        EXPECT_GT(fast.examined, 0u);
        EXPECT_LT(fast.reread, fast.examined);
        break;
    case Path::KeysAny: EXPECT_GT(fast.examined, 0u); break;
    case Path::Nothing: EXPECT_EQ(fast.examined, 0u); break;
    case Path::Exact:
        EXPECT_GT(fast.examined, 0u);
        EXPECT_EQ(fast.reread, fast.examined);
        break;
    }

    // What applyRules(current + added) then reports.
    std::map<std::string, uint64_t> predicted;
    for (const auto& g : a->groups()) predicted[g.signature] = g.count;
    for (const auto& g : fast.groups) {
        if (g.count_after)
            predicted[g.signature] = g.count_after;
        else
            predicted.erase(g.signature);
    }
    a->applyRules(combined);
    std::map<std::string, uint64_t> applied;
    for (const auto& g : a->groups()) applied[g.signature] = g.count;
    EXPECT_EQ(predicted, applied);
    EXPECT_EQ(fast.counts_after, a->outcomeCounts());
    EXPECT_NEAR(fast.match_rate_after, a->matchRate(), 1e-12);
}

INSTANTIATE_TEST_SUITE_P(RulesPreview, PreviewFromKeys, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& info) { return std::string(info.param.name); });

// The stores exercise what the derivation distinguishes: records explained as noise that the new
// rules make allowed, and mismatches that keep some of their keys (regrouped).
TEST(RulesPreviewKeys, NoiseBecomesAllowedAndGroupsRegroupWithoutRereading) {
    const std::string store = storePath(StoreShape::Cooccurring);
    ASSERT_FALSE(store.empty());
    auto a = analyzeUnder(store, {});
    ASSERT_TRUE(a);
    const RuleConfig added = configOf(keyRules("ignore_took"));
    auto addedSet = RuleSet::build(added);
    const RulesPreview p = previewRules(*a, *addedSet, *addedSet);
    EXPECT_LT(p.counts_after[int(Outcome::Noise)], p.counts_before[int(Outcome::Noise)]);
    EXPECT_GT(p.counts_after[int(Outcome::Allowed)], p.counts_before[int(Outcome::Allowed)]);

    // Cross-cutting rules that absorb some of most records' keys: regrouped from keys.
    const RuleConfig some = configOf(keyRules("same_instant_all,null_all"));
    auto someSet = RuleSet::build(some);
    const RulesPreview q = previewRules(*a, *someSet, *someSet);
    EXPECT_GT(q.groupsCollateral(), 10u);
    EXPECT_GT(q.changed, 1000u);
    EXPECT_LT(q.reread * 4, q.examined);  // drift and emptied mismatches only
}

// A mismatch whose every remaining difference the new rules absorb is allowed, unless some
// difference of the record was explained as noise (by its secondary, or as store-level noise):
// only those records are re-read, and they turn noise.
TEST(RulesPreviewKeys, EmptiedMismatchesAreRereadOnlyWhenSomethingWasExplained) {
    const std::string path = ::testing::TempDir() + "preview_keys_explained_" + std::to_string(::getpid()) + ".jsonl";
    std::string s;
    int n = 0;
    auto line = [&](const char* candidate, const char* secondary) {
        std::string l = R"({"id": "r)" + std::to_string(n++) +
                        R"(", "ts": "2026-01-01T00:00:00Z", "endpoint": "GET /things/{id}",)"
                        R"( "request": {"method": "GET", "url": "/things/1"},)"
                        R"( "primary": {"status": 200, "body": "{\"a\":1,\"t\":1}"},)"
                        R"( "candidate": {"status": 200, "body": ")" +
                        std::string(candidate) + "\"}";
        if (secondary) l += R"(, "secondary": {"status": 200, "body": ")" + std::string(secondary) + "\"}";
        s += l + "}\n";
    };
    for (int i = 0; i < 3; ++i) line(R"({\"a\":2,\"t\":2})", R"({\"a\":1,\"t\":3})");  // /t explained by the secondary
    for (int i = 0; i < 4; ++i) line(R"({\"a\":2,\"t\":1})", nullptr);                 // nothing explained
    for (int i = 0; i < 2; ++i) line(R"({\"a\":2,\"t\":5})", nullptr);                 // /t is store-level noise
    for (int i = 0; i < 5; ++i) line(R"({\"a\":1,\"t\":1})", nullptr);                 // matches
    {
        std::ofstream out(path, std::ios::binary);
        out << s;
    }
    auto a = analyzeUnder(path, {});
    ASSERT_TRUE(a);
    ASSERT_EQ(a->outcomeCounts()[int(Outcome::Mismatch)], 9u);
    ASSERT_EQ(a->groups().size(), 1u);  // one group: {/a changed}
    const RuleConfig added = configOf(keyRule("ip-a", kAll, R"("kind": "ignore_path", "path": "/a")"));
    auto addedSet = RuleSet::build(added);
    ASSERT_TRUE(addedSet);
    const RulesPreview fast = previewRules(*a, *addedSet, *addedSet);
    PreviewOptions exactOptions;
    exactOptions.decide_from_keys = false;
    const RulesPreview exact = previewRules(*a, *addedSet, *addedSet, exactOptions);
    expectSamePreview(fast, exact);
    EXPECT_EQ(fast.examined, 9u);
    EXPECT_EQ(fast.reread, 5u);  // the 3 explained by the secondary and the 2 with store-level noise
    EXPECT_EQ(exact.reread, 9u);
    EXPECT_EQ(fast.counts_after[int(Outcome::Mismatch)], 0u);
    EXPECT_EQ(fast.counts_after[int(Outcome::Noise)], fast.counts_before[int(Outcome::Noise)] + 5);
    EXPECT_EQ(fast.counts_after[int(Outcome::Allowed)], fast.counts_before[int(Outcome::Allowed)] + 4);
    std::remove(path.c_str());
}

// The key path is only taken when the combined rules are the analysis' rules plus the new ones.
TEST(RulesPreviewKeys, CombinedRulesMustBeCurrentPlusAdded) {
    const std::string store = storePath(StoreShape::Cooccurring);
    ASSERT_FALSE(store.empty());
    const RuleConfig current = configOf(keyRules("charset"));
    auto a = analyzeUnder(store, current);
    ASSERT_TRUE(a);
    const RuleConfig added = configOf(keyRules("same_instant_all"));
    auto addedSet = RuleSet::build(added);
    // `combined` lacks the current rule: re-read, and the preview is what re-reading says.
    const RulesPreview p = previewRules(*a, *addedSet, *addedSet);
    EXPECT_GT(p.examined, 0u);
    EXPECT_EQ(p.reread, p.examined);
}

TEST(RulesPreviewKeys, DecidableKinds) {
    auto decidable = [](const std::string& name) {
        auto set = RuleSet::build(configOf(keyRules(name)));
        return set && decidesByKey(*set);
    };
    for (const char* name : {"same_instant_all", "null_all", "empty_all", "host_all", "charset", "ignore_ct",
                             "ignore_ct_presence", "ignore_links", "ignore_images_0"})
        EXPECT_TRUE(decidable(name)) << name;
    for (const char* name : {"status_post", "tolerance_total", "unordered_results", "normalize_at"})
        EXPECT_FALSE(decidable(name)) << name;
    EXPECT_FALSE(decidable("same_instant_all,tolerance_total"));
}

// decideKey on single keys.
struct KeyCase {
    const char* name;
    const char* rule;  // kind-specific members
    SigKey key;
    KeyDecision want;
};

class DecideKey : public ::testing::TestWithParam<KeyCase> {};

TEST_P(DecideKey, FromTheKeyAlone) {
    const KeyCase& c = GetParam();
    auto set = RuleSet::build(configOf(keyRule("k", kAll, c.rule)));
    ASSERT_TRUE(set);
    EXPECT_EQ(decideKey(*set, "GET /x/{id}", c.key), c.want);
}

const KeyCase kKeyCases[] = {
    {"class_at_star",
     R"("kind": "url_host", "path": "/images/*", "from": "https://a.example", "to": "https://b.example")",
     {"/images/*", DiffKind::Changed, "url_host https://a.example>https://b.example"},
     KeyDecision::Absorbed},
    {"class_other_origins",
     R"("kind": "url_host", "path": "/images/*", "from": "https://a.example", "to": "https://b.example")",
     {"/images/*", DiffKind::Changed, "url_host https://a.example>https://c.example"},
     KeyDecision::Kept},
    {"class_at_index",
     R"("kind": "url_host", "path": "/images/0", "from": "https://a.example", "to": "https://b.example")",
     {"/images/*", DiffKind::Changed, "url_host https://a.example>https://b.example"},
     KeyDecision::Undecided},
    {"same_instant_star",
     R"("kind": "same_instant", "path": "/items/*/at")",
     {"/items/*/at", DiffKind::Changed, "same_instant"},
     KeyDecision::Absorbed},
    {"same_instant_index",
     R"("kind": "same_instant", "path": "/items/0/at")",
     {"/items/*/at", DiffKind::Changed, "same_instant"},
     KeyDecision::Undecided},
    {"same_instant_other_class",
     R"("kind": "same_instant", "path": "/items/0/at")",
     {"/items/*/at", DiffKind::Changed, "instant_shift +1h"},
     KeyDecision::Kept},
    {"same_instant_elsewhere",
     R"("kind": "same_instant", "path": "/a")",
     {"/b", DiffKind::Changed, "same_instant"},
     KeyDecision::Kept},
    {"null_missing",
     R"("kind": "null_equals_missing", "path": "/**")",
     {"/x/y", DiffKind::Missing, "null_vs_missing"},
     KeyDecision::Absorbed},
    {"null_missing_real",
     R"("kind": "null_equals_missing", "path": "/**")",
     {"/x/y", DiffKind::Missing, "missing_value"},
     KeyDecision::Kept},
    {"ignore_path_below",
     R"("kind": "ignore_path", "path": "/x")",
     {"/x/*/y", DiffKind::Extra, "extra_value"},
     KeyDecision::Absorbed},
    {"ignore_path_above",
     R"("kind": "ignore_path", "path": "/x/*/y")",
     {"/x", DiffKind::ArrayLength, "array_length"},
     KeyDecision::Kept},
    {"ignore_path_index",
     R"("kind": "ignore_path", "path": "/x/3")",
     {"/x/*/y", DiffKind::Changed, "string_changed"},
     KeyDecision::Undecided},
    {"ignore_path_not_headers",
     R"("kind": "ignore_path", "path": "/**")",
     {"etag", DiffKind::Header, "value_changed"},
     KeyDecision::Kept},
    {"ignore_path_whole_text",
     R"("kind": "ignore_path", "path": "")",
     {"", DiffKind::TextChanged, "text"},
     KeyDecision::Absorbed},
    {"header_ignored",
     R"("kind": "ignore_header", "header": "x-*")",
     {"x-a", DiffKind::Header, "missing_value"},
     KeyDecision::Absorbed},
    {"header_presence_missing",
     R"("kind": "ignore_header", "header": "x-a", "presence_only": true)",
     {"x-a", DiffKind::Header, "missing_value"},
     KeyDecision::Kept},
    {"header_presence_both",
     R"("kind": "ignore_header", "header": "x-a", "presence_only": true)",
     {"x-a", DiffKind::Header, "value_changed"},
     KeyDecision::Absorbed},
    {"header_parameter",
     R"("kind": "header_parameter", "header": "content-type", "parameter": "charset")",
     {"content-type", DiffKind::Header, "parameter_only charset"},
     KeyDecision::Absorbed},
    {"header_parameter_two",
     R"("kind": "header_parameter", "header": "content-type", "parameter": "charset")",
     {"content-type", DiffKind::Header, "parameter_only boundary,charset"},
     KeyDecision::Kept},
    {"tolerance",
     R"("kind": "numeric_tolerance", "path": "/n", "absolute": 1)",
     {"/n", DiffKind::Changed, "numeric_delta"},
     KeyDecision::Undecided},
    {"tolerance_elsewhere",
     R"("kind": "numeric_tolerance", "path": "/n", "absolute": 1)",
     {"/m", DiffKind::Changed, "numeric_delta"},
     KeyDecision::Kept},
};

INSTANTIATE_TEST_SUITE_P(RulesPreview, DecideKey, ::testing::ValuesIn(kKeyCases),
                         [](const ::testing::TestParamInfo<KeyCase>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace dt
