// SPDX-License-Identifier: MIT
// Rules preview: exactly what Analysis::applyRules() would do (groups, outcomes, weights), the
// collateral it reports (partial absorption, regrouping, new signatures), and suggest -> preview ->
// apply consistency on generated stores.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/analysis/analysis.h"
#include "core/rules/rules_io.h"
#include "core/triage/rules_preview.h"
#include "core/triage/rules_suggest.h"

namespace dt {
namespace {

std::string tempPath(const std::string& name) {
    return ::testing::TempDir() + "rules_preview_" + std::to_string(::getpid()) + "_" + name;
}

std::string line(const std::string& id, const std::string& endpoint, int ps, const std::string& pb, int cs,
                 const std::string& cb, double weight = 1) {
    const auto sp = endpoint.find(' ');
    nlohmann::json j = {{"id", id},
                        {"ts", "2026-01-01T00:00:00Z"},
                        {"endpoint", endpoint},
                        {"request", {{"method", endpoint.substr(0, sp)}, {"url", endpoint.substr(sp + 1)}}},
                        {"primary", {{"status", ps}, {"body", pb}}},
                        {"candidate", {{"status", cs}, {"body", cb}}}};
    if (weight != 1) j["weight"] = weight;
    return j.dump() + "\n";
}

// A small store with known groups:
//   X: GET /things/{id} {/a, /b changed}   10 records
//   Y: GET /things/{id} {/a changed}        5 records, weight 10 each
//   Z: GET /things/{id} {/c changed}        3 records
//   N: GET /nums/{id}   {/n changed}        4 records: 2 with delta 0.1, 2 with delta 2
//   S: POST /users      {status 201->200}   6 records: 3 with equal bodies, 3 with /id changed
//   + 20 matches
std::string writeSyntheticStore() {
    std::string s;
    int n = 0;
    auto id = [&n] { return "r" + std::to_string(n++); };
    for (int i = 0; i < 10; ++i)
        s += line(id(), "GET /things/{id}", 200, R"({"a":1,"b":1,"c":1})", 200, R"({"a":2,"b":2,"c":1})");
    for (int i = 0; i < 5; ++i)
        s += line(id(), "GET /things/{id}", 200, R"({"a":1,"b":1})", 200, R"({"a":2,"b":1})", 10);
    for (int i = 0; i < 3; ++i) s += line(id(), "GET /things/{id}", 200, R"({"c":1})", 200, R"({"c":2})");
    for (int i = 0; i < 2; ++i) s += line(id(), "GET /nums/{id}", 200, R"({"n":1.0})", 200, R"({"n":1.1})");
    for (int i = 0; i < 2; ++i) s += line(id(), "GET /nums/{id}", 200, R"({"n":1.0})", 200, R"({"n":3.0})");
    for (int i = 0; i < 3; ++i) s += line(id(), "POST /users", 201, R"({"id":1})", 200, R"({"id":1})");
    for (int i = 0; i < 3; ++i) s += line(id(), "POST /users", 201, R"({"id":1})", 200, R"({"id":2})");
    for (int i = 0; i < 20; ++i) s += line(id(), "GET /things/{id}", 200, R"({"a":1})", 200, R"({"a":1})");
    const std::string path = tempPath("synthetic.jsonl");
    std::ofstream(path, std::ios::binary) << s;
    return path;
}

RuleConfig config(const std::string& rulesJson) {
    std::vector<RuleError> errors;
    auto cfg = parseRulesConfig(R"({"version": 1, "rules": [)" + rulesJson + "]}", &errors);
    EXPECT_TRUE(cfg) << formatRuleErrors("inline", errors);
    return cfg ? *cfg : RuleConfig{};
}

std::shared_ptr<const RuleSet> build(const RuleConfig& cfg) {
    auto set = RuleSet::build(cfg);
    EXPECT_TRUE(set);
    return set;
}

std::unique_ptr<Analysis> analyze(const std::string& path, std::shared_ptr<const RuleProvider> rules = nullptr) {
    AnalyzeOptions opt;
    opt.rules = std::move(rules);
    std::string error;
    auto a = Analysis::analyze(path, opt, &error);
    EXPECT_TRUE(a) << error;
    return a;
}

std::map<std::string, uint64_t> groupCounts(const Analysis& a) {
    std::map<std::string, uint64_t> m;
    for (const auto& g : a.groups()) m[g.signature] = g.count;
    return m;
}

const PreviewGroup* find(const RulesPreview& p, const std::string& sig) {
    for (const auto& g : p.groups)
        if (g.signature == sig) return &g;
    return nullptr;
}

std::string groupWith(const Analysis& a, const std::string& endpoint, const std::vector<std::string>& diffs) {
    for (const auto& g : a.groups()) {
        if (a.endpoint(g.endpoint) != endpoint) continue;
        std::vector<std::string> d;
        for (const auto& k : g.differences) d.push_back(a.path(k.path) + " " + std::string(kindName(k.kind)));
        if (d == diffs) return g.signature;
    }
    return "";
}

// The preview's prediction equals what applyRules(combined) then reports. Leaves `a` with the
// combined rules applied.
RulesPreview expectPreviewEqualsApply(Analysis& a, const RuleConfig& current, const RuleConfig& added) {
    std::vector<RuleError> errors;
    auto merged = mergeRuleConfigs(current, added, &errors);
    EXPECT_TRUE(merged) << formatRuleErrors("merge", errors);
    auto combined = build(*merged);
    auto addedSet = build(added);
    const auto before = groupCounts(a);
    RulesPreview p = previewRules(a, *combined, *addedSet);
    EXPECT_FALSE(p.cancelled);
    auto predicted = before;
    for (const auto& g : p.groups) {
        EXPECT_EQ(g.existed, before.count(g.signature) == 1) << g.signature;
        if (g.existed) {
            EXPECT_EQ(g.count_before, before.at(g.signature)) << g.signature;
        }
        if (g.count_after)
            predicted[g.signature] = g.count_after;
        else
            predicted.erase(g.signature);
    }
    a.applyRules(combined);
    EXPECT_EQ(predicted, groupCounts(a));
    EXPECT_EQ(p.counts_after, a.outcomeCounts());
    for (int o = 0; o < kOutcomeCount; ++o) EXPECT_NEAR(p.weights_after[o], a.outcomeWeights()[o], 1e-6) << o;
    EXPECT_NEAR(p.match_rate_after, a.matchRate(), 1e-12);
    // Weighted group totals agree too.
    for (const auto& g : p.groups) {
        if (!g.count_after) continue;
        auto gi = a.findGroup(g.signature);
        EXPECT_TRUE(gi) << g.signature;
        if (!gi) continue;
        EXPECT_NEAR(g.weighted_after, a.groups()[*gi].weighted, 1e-6);
    }
    return p;
}

TEST(RulesPreview, FullAbsorptionRegroupingAndNewSignatures) {
    const std::string store = writeSyntheticStore();
    auto a = analyze(store);
    ASSERT_TRUE(a);
    const std::string X = groupWith(*a, "GET /things/{id}", {"/a changed", "/b changed"});
    const std::string Y = groupWith(*a, "GET /things/{id}", {"/a changed"});
    const std::string Z = groupWith(*a, "GET /things/{id}", {"/c changed"});
    ASSERT_FALSE(X.empty());
    ASSERT_FALSE(Y.empty());
    ASSERT_FALSE(Z.empty());
    const auto added = config(R"({"id": "ign-a", "kind": "ignore_path", "scope": {"endpoints": ["/things/*"]},
        "path": "/a", "reason": "r", "remove_when": "w"})");
    const RulesPreview p = expectPreviewEqualsApply(*a, {}, added);

    EXPECT_EQ(p.examined, 15u);  // X and Y only: Z, N, S and the matches are provably untouched
    EXPECT_EQ(p.absorbed, 5u);
    EXPECT_DOUBLE_EQ(p.absorbed_weighted, 50);
    EXPECT_EQ(p.groupsFullyAbsorbed(), 1u);
    EXPECT_EQ(p.groupsCollateral(), 1u);
    EXPECT_EQ(p.groupsCreated(), 1u);
    const PreviewGroup* y = find(p, Y);
    ASSERT_TRUE(y);
    EXPECT_TRUE(y->fullyAbsorbed());
    EXPECT_EQ(y->count_before, 5u);
    EXPECT_DOUBLE_EQ(y->absorbed_weighted, 50);
    const PreviewGroup* x = find(p, X);
    ASSERT_TRUE(x);
    EXPECT_FALSE(x->fullyAbsorbed());
    EXPECT_EQ(x->absorbed, 0u);
    ASSERT_EQ(x->moved_out.size(), 1u);
    EXPECT_EQ(x->moved_out[0].count, 10u);
    const PreviewGroup* fresh = find(p, x->moved_out[0].signature);
    ASSERT_TRUE(fresh);
    EXPECT_FALSE(fresh->existed);
    EXPECT_EQ(fresh->count_after, 10u);
    EXPECT_EQ(fresh->differences, (std::vector<SigKey>{{"/b", DiffKind::Changed, "numeric_delta"}}));
    EXPECT_EQ(find(p, Z), nullptr);
    // The JSON rendering carries the same numbers.
    const auto j = nlohmann::json::parse(previewJson(p));
    EXPECT_EQ(j["absorbed"]["count"], 5);
    EXPECT_EQ(j["groups_created"], 1);
    EXPECT_EQ(j["groups"][0]["signature"], Y);
    EXPECT_EQ(j["groups"][0]["effect"], "absorbed");
    std::remove(store.c_str());
}

// withRules() builds the analysis applyRules() would, on a copy: the original keeps its groups
// (a GUI keeps showing it meanwhile), and ruleRecords() names the records each rule absorbed in.
TEST(RulesPreview, WithRulesLeavesTheOriginalAndCountsRecordsPerRule) {
    const std::string store = writeSyntheticStore();
    auto a = analyze(store);
    ASSERT_TRUE(a);
    const auto before = groupCounts(*a);
    const auto cfg = config(R"({"id": "ign-a", "kind": "ignore_path", "scope": {"endpoints": ["/things/*"]},
        "path": "/a", "reason": "r", "remove_when": "w"},
        {"id": "ign-c", "kind": "ignore_path", "scope": "*", "path": "/c", "reason": "r", "remove_when": "w"},
        {"id": "ign-zzz", "kind": "ignore_path", "scope": "*", "path": "/zzz", "reason": "r", "remove_when": "w"})");
    auto copy = a->withRules(build(cfg));
    ASSERT_TRUE(copy);
    EXPECT_EQ(groupCounts(*a), before);
    EXPECT_EQ(a->rules(), nullptr);
    EXPECT_TRUE(a->ruleRecords("ign-a").empty());
    // The copy equals a fresh analysis of the store under the same rules.
    auto fresh = analyze(store, build(cfg));
    ASSERT_TRUE(fresh);
    EXPECT_EQ(groupCounts(*copy), groupCounts(*fresh));
    EXPECT_EQ(copy->outcomeCounts(), fresh->outcomeCounts());
    // /a changed on X (10) and Y (5); /c changed on Z (3); /zzz never.
    EXPECT_EQ(copy->ruleRecords("ign-a").size(), 15u);
    EXPECT_EQ(copy->ruleRecords("ign-c").size(), 3u);
    EXPECT_TRUE(copy->ruleRecords("ign-zzz").empty());
    EXPECT_EQ(copy->ruleRecords("ign-a"), fresh->ruleRecords("ign-a"));
    for (uint32_t i : copy->ruleRecords("ign-c")) EXPECT_EQ(copy->records()[i].outcome, Outcome::Allowed);
    // The copy reads bodies through the shared store, after the original is gone.
    a.reset();
    std::string err;
    EXPECT_TRUE(copy->detail(copy->ruleRecords("ign-c").front(), copy->rules(), &err)) << err;
    // A cancelled build returns nothing.
    std::atomic<bool> stop{true};
    EXPECT_EQ(copy->withRules(build(cfg), 0, &stop), nullptr);
    std::remove(store.c_str());
}

TEST(RulesPreview, PartialAbsorptionByValue) {
    const std::string store = writeSyntheticStore();
    auto a = analyze(store);
    ASSERT_TRUE(a);
    const std::string N = groupWith(*a, "GET /nums/{id}", {"/n changed"});
    ASSERT_FALSE(N.empty());
    const auto added = config(R"({"id": "tol", "kind": "numeric_tolerance", "scope": "*", "path": "/n",
        "absolute": 0.5, "reason": "r", "remove_when": "w"})");
    const RulesPreview p = expectPreviewEqualsApply(*a, {}, added);
    EXPECT_EQ(p.examined, 4u);
    // The config-level entry point (what the GUI calls) gives the same numbers.
    a->applyRules(nullptr);
    std::vector<RuleError> errors;
    auto q = previewRuleConfigs(*a, {}, added, {}, &errors);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->absorbed, p.absorbed);
    EXPECT_EQ(q->counts_after, p.counts_after);
    const PreviewGroup* n = find(p, N);
    ASSERT_TRUE(n);
    EXPECT_EQ(n->absorbed, 2u);
    EXPECT_EQ(n->count_after, 2u);
    EXPECT_TRUE(n->collateral());
    EXPECT_EQ(p.groupsFullyAbsorbed(), 0u);
    std::remove(store.c_str());
}

// A current status rule lets bodies be compared; a new body rule then touches records whose raw
// differences (status only) it could never touch. The preview must still see them.
TEST(RulesPreview, SeesDifferencesThatCurrentRulesExpose) {
    const std::string store = writeSyntheticStore();
    const auto current = config(R"({"id": "st", "kind": "status_equivalence", "scope": {"method": "POST",
        "endpoints": ["/users"]}, "primary": 201, "candidate": 200, "reason": "r", "remove_when": "w"})");
    auto a = analyze(store, build(current));
    ASSERT_TRUE(a);
    const std::string idGroup = groupWith(*a, "POST /users", {"/id changed"});
    ASSERT_FALSE(idGroup.empty());
    EXPECT_EQ(a->outcomeCounts()[int(Outcome::Allowed)], 3u);
    const auto added = config(R"({"id": "ign-id", "kind": "ignore_path", "scope": {"method": "POST",
        "endpoints": ["/users"]}, "path": "/id", "reason": "r", "remove_when": "w"})");
    const RulesPreview p = expectPreviewEqualsApply(*a, current, added);
    EXPECT_EQ(p.absorbed, 3u);
    ASSERT_TRUE(find(p, idGroup));
    EXPECT_TRUE(find(p, idGroup)->fullyAbsorbed());
    EXPECT_EQ(a->outcomeCounts()[int(Outcome::Allowed)], 6u);
    std::remove(store.c_str());
}

TEST(RulesPreview, NothingTouchedMeansNothingExamined) {
    const std::string store = writeSyntheticStore();
    auto a = analyze(store);
    ASSERT_TRUE(a);
    const auto added = config(R"({"id": "elsewhere", "kind": "ignore_path", "scope": {"endpoints": ["/nowhere"]},
        "path": "/a", "reason": "r", "remove_when": "w"})");
    const RulesPreview p = expectPreviewEqualsApply(*a, {}, added);
    EXPECT_EQ(p.examined, 0u);
    EXPECT_TRUE(p.groups.empty());
    EXPECT_EQ(p.counts_after, p.counts_before);
    std::remove(store.c_str());
}

TEST(RulesPreview, MergeRefusesIdClashes) {
    const auto current =
        config(R"({"id": "x", "kind": "ignore_path", "scope": "*", "path": "/a", "reason": "r", "remove_when": "w"})");
    const auto same = current;
    const auto clash =
        config(R"({"id": "x", "kind": "ignore_path", "scope": "*", "path": "/b", "reason": "r", "remove_when": "w"})");
    std::vector<RuleError> errors;
    auto merged = mergeRuleConfigs(current, same, &errors);
    ASSERT_TRUE(merged);
    EXPECT_EQ(merged->rules.size(), 1u);
    EXPECT_FALSE(mergeRuleConfigs(current, clash, &errors));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].pointer, "/rules/0/id");
}

// ---- generated stores: suggest -> preview -> apply ------------------------------------------------

struct Generated {
    std::string store;
    nlohmann::json truth;
};

Generated generate(uint64_t records, uint64_t seed) {
    Generated g;
    g.store = tempPath("gen" + std::to_string(seed) + ".jsonl");
    const std::string truth = tempPath("gen" + std::to_string(seed) + ".truth.json");
    const std::string cmd = std::string(DT_GEN) + " --records " + std::to_string(records) + " --seed " +
                            std::to_string(seed) + " --jsonl " + g.store + " --truth " + truth + " >/dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::ifstream in(truth);
    std::stringstream ss;
    ss << in.rdbuf();
    g.truth = nlohmann::json::parse(ss.str(), nullptr, false);
    std::remove(truth.c_str());
    return g;
}

std::vector<std::string> causeGroups(const Analysis& a, const nlohmann::json& cause) {
    std::vector<std::string> want;
    for (const auto& d : cause["differences"])
        want.push_back(d["path"].get<std::string>() + " " + d["kind"].get<std::string>());
    std::sort(want.begin(), want.end());
    std::vector<std::string> out;
    for (const auto& g : a.groups()) {
        if (g.outcome != Outcome::Mismatch || a.endpoint(g.endpoint) != cause["endpoint"].get<std::string>()) continue;
        std::vector<std::string> d;
        for (const auto& k : g.differences) d.push_back(a.path(k.path) + " " + std::string(kindName(k.kind)));
        std::sort(d.begin(), d.end());
        if (d == want) out.push_back(g.signature);
    }
    return out;
}

struct Expected {
    const char* cause;
    RuleKind kind;
    const char* path;  // or header name; "" when not applicable
};

TEST(RulesSuggest, SuggestPreviewApplyOnGeneratedStore) {
    Generated gen = generate(30000, 11);
    ASSERT_TRUE(gen.truth.is_object());
    auto a = analyze(gen.store);
    ASSERT_TRUE(a);
    const std::vector<Expected> expected = {
        {"users_name_lowercased", RuleKind::IgnorePath, "/name"},
        {"products_discount_dropped", RuleKind::IgnorePath, "/items/*/discount"},
        {"orders_total_as_string", RuleKind::IgnorePath, "/total"},
        {"repos_topics_reordered", RuleKind::UnorderedArray, "/topics"},
        {"post_users_201_vs_200", RuleKind::StatusEquivalence, ""},
        {"reports_debug_extra", RuleKind::IgnorePath, "/meta/debug"},
        {"products_cache_control", RuleKind::IgnoreHeader, "cache-control"},
        {"users_price_epsilon", RuleKind::NumericTolerance, "/balance"},
        // same instants written differently: the precise same_instant kind (issue 9), never a regex
        {"orders_timestamp_format", RuleKind::SameInstant, "/updated_at"},
        {"files_items_truncated", RuleKind::IgnorePath, "/chunks"},
    };
    RuleConfig all;
    size_t checked = 0;
    for (const auto& cause : gen.truth["causes"]) {
        const std::string name = cause["name"];
        const auto sigs = causeGroups(*a, cause);
        ASSERT_EQ(sigs.size(), 1u) << name;
        auto gi = a->findGroup(sigs[0]);
        ASSERT_TRUE(gi);
        std::string error;
        auto s = suggestRules(*a, *gi, {}, &error);
        ASSERT_TRUE(s) << name << ": " << error;
        auto exp = std::find_if(expected.begin(), expected.end(), [&](const Expected& e) { return name == e.cause; });
        if (exp == expected.end()) {
            // text_changed that normalization cannot fix, candidate errors, binary bodies: no rule, a note.
            EXPECT_TRUE(s->config.rules.empty()) << name << ": " << serializeRulesConfig(s->config);
            EXPECT_FALSE(s->notes.empty()) << name;
            continue;
        }
        ASSERT_EQ(s->config.rules.size(), 1u) << name << ": " << serializeRulesConfig(s->config);
        const Rule& r = s->config.rules[0];
        EXPECT_EQ(r.kind, exp->kind) << name;
        if (r.kind == RuleKind::IgnoreHeader) {
            EXPECT_EQ(r.header, exp->path);
            EXPECT_TRUE(r.presence_only) << name;
        } else if (r.kind == RuleKind::StatusEquivalence) {
            EXPECT_EQ(r.primary_status, 201);
            EXPECT_EQ(r.candidate_status, 200);
        } else {
            EXPECT_EQ(r.path, exp->path) << name;
        }
        // Narrowest scope: the exact endpoint and its method.
        const std::string ep = cause["endpoint"];
        EXPECT_EQ(r.scope.method, ep.substr(0, ep.find(' ')));
        EXPECT_EQ(r.scope.endpoints, (std::vector<std::string>{ep.substr(ep.find(' ') + 1)}));
        EXPECT_FALSE(r.reason.empty());
        EXPECT_FALSE(r.sample_ids.empty());
        EXPECT_TRUE(s->complete()) << name << ": " << s->samples_absorbed << "/" << s->samples;
        EXPECT_TRUE(validateRulesConfig(s->config).empty());
        if (r.kind == RuleKind::NumericTolerance) {
            EXPECT_GT(r.absolute, 0);
            EXPECT_LE(r.absolute, 1e-8);  // just above the 1e-9 the generator injects
        }

        // Preview equals apply, and the group is absorbed exactly.
        const auto p = expectPreviewEqualsApply(*a, {}, s->config);
        const PreviewGroup* pg = find(p, sigs[0]);
        ASSERT_TRUE(pg) << name;
        EXPECT_TRUE(pg->fullyAbsorbed()) << name;
        EXPECT_EQ(pg->count_before, cause["count"].get<uint64_t>()) << name;
        EXPECT_EQ(p.groupsCreated(), 0u) << name;
        a->applyRules(nullptr);
        for (const Rule& rr : s->config.rules) all.rules.push_back(rr);
        ++checked;
    }
    EXPECT_EQ(checked, expected.size());

    // All suggestions at once: the preview still equals the application, and only the three
    // causes no rule should hide remain as mismatch groups.
    const auto p = expectPreviewEqualsApply(*a, {}, all);
    EXPECT_EQ(p.groupsFullyAbsorbed(), expected.size());
    std::set<std::string> left;
    for (const auto& g : a->groups())
        if (g.outcome == Outcome::Mismatch) left.insert(a->endpoint(g.endpoint));
    EXPECT_EQ(left.size(), 3u) << [&] {
        std::string s;
        for (const auto& e : left) s += e + "; ";
        return s;
    }();
    std::remove(gen.store.c_str());
}

TEST(RulesSuggest, RefusesDriftAndExplainsTextThatReallyDiffers) {
    Generated gen = generate(5000, 4);
    auto a = analyze(gen.store);
    ASSERT_TRUE(a);
    bool sawDrift = false;
    for (uint32_t i = 0; i < a->groups().size(); ++i) {
        if (a->groups()[i].outcome != Outcome::Drift) continue;
        std::string error;
        EXPECT_FALSE(suggestRules(*a, i, {}, &error));
        EXPECT_NE(error.find("drift"), std::string::npos) << error;
        sawDrift = true;
    }
    EXPECT_TRUE(sawDrift);
    for (const auto& cause : gen.truth["causes"]) {
        if (cause["name"] != "pages_footer_text") continue;
        auto sigs = causeGroups(*a, cause);
        ASSERT_EQ(sigs.size(), 1u);
        std::string error;
        auto s = suggestRules(*a, *a->findGroup(sigs[0]), {}, &error);
        ASSERT_TRUE(s) << error;
        EXPECT_TRUE(s->config.rules.empty());
        ASSERT_EQ(s->notes.size(), 1u);
        EXPECT_NE(s->notes[0].find("really differ"), std::string::npos) << s->notes[0];
        EXPECT_EQ(s->samples_absorbed, 0u);
    }
    std::remove(gen.store.c_str());
}

TEST(RulesSuggest, Helpers) {
    EXPECT_TRUE(looksLikeTimestamp("2026-01-01T10:00:00Z"));
    EXPECT_TRUE(looksLikeTimestamp("2026-01-01 10:00:00.123+02:00"));
    EXPECT_FALSE(looksLikeTimestamp("2026-01-01"));
    EXPECT_FALSE(looksLikeTimestamp("yesterday"));
    EXPECT_TRUE(looksLikeUuid("123e4567-e89b-12d3-a456-426614174000"));
    EXPECT_FALSE(looksLikeUuid("123e4567-e89b-12d3-a456-42661417400"));
    EXPECT_DOUBLE_EQ(niceAbove(1.0000000827e-9), 2e-9);
    EXPECT_DOUBLE_EQ(niceAbove(0.003), 0.005);
    EXPECT_DOUBLE_EQ(niceAbove(0.005), 0.01);
    EXPECT_DOUBLE_EQ(niceAbove(7), 10);
    EXPECT_GT(niceAbove(2e-9), 2e-9);
}

}  // namespace
}  // namespace dt
