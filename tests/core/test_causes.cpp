// SPDX-License-Identifier: MIT
// Causes (core/analysis/causes.h) on the co-occurring generator profile (difftriage-gen --profile
// cooccurring, a Python -> Go rewrite): every true cause — acceptable cross-cutting ones and the bugs
// planted under them — is one cause unit (>= 95 % of its records, >= 95 % pure), whatever else the
// records carry; noise fields stay out of causes; golden cause ids.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "../gen_fixture.h"
#include "core/analysis/analysis.h"
#include "core/analysis/causes.h"
#include "core/present/cause_filter.h"
#include "core/rules/rules_match.h"
#include "core/triage/cause_rules.h"

namespace fs = std::filesystem;
using namespace dt;

namespace {

struct CooccurringStore {
    fs::path dir;
    std::string store, truthPath;
    nlohmann::json truth;
    std::unique_ptr<Analysis> analysis;
};

// One generated store shared by the tests of this file (generated once: it takes a while).
CooccurringStore& cooccurring() {
    static CooccurringStore s = [] {
        CooccurringStore c;
        c.dir = dt::test::generatedFixture("--profile cooccurring --records 8000 --seed 7",
                                           {{"--jsonl", "co.jsonl"}, {"--truth", "truth.json"}});
        EXPECT_FALSE(c.dir.empty());
        c.store = (c.dir / "co.jsonl").string();
        c.truthPath = (c.dir / "truth.json").string();
        std::ifstream in(c.truthPath);
        c.truth = nlohmann::json::parse(in);
        std::string err;
        AnalyzeOptions o;
        o.threads = 2;
        c.analysis = Analysis::analyze(c.store, o, &err);
        EXPECT_TRUE(c.analysis) << err;
        return c;
    }();
    return s;
}

struct Unit {
    std::string name;
    size_t truthRecords = 0, causeRecords = 0, overlap = 0;
    std::string causeTitle;
};

// For each true cause: the computed cause that overlaps it most.
std::vector<Unit> matchUnits(const Analysis& a, const CauseIndex& idx, const nlohmann::json& truth) {
    std::unordered_map<std::string, uint32_t> recordOf;
    for (uint32_t i = 0; i < a.records().size(); ++i) recordOf.emplace(std::string(a.id(a.records()[i])), i);
    std::map<std::string, std::vector<uint32_t>> truthRecords;
    for (const auto& r : truth["record_causes"]) {
        auto it = recordOf.find(r["id"].get<std::string>());
        if (it == recordOf.end()) continue;
        for (const auto& n : r["causes"]) truthRecords[n.get<std::string>()].push_back(it->second);
    }
    std::vector<size_t> causeSize(idx.causes.size(), 0);
    for (uint32_t i = 0; i < a.records().size(); ++i)
        for (uint32_t c : idx.causesOfRecord(a, i)) ++causeSize[c];
    std::vector<Unit> units;
    for (const auto& [name, recs] : truthRecords) {
        std::vector<size_t> overlap(idx.causes.size(), 0);
        for (uint32_t r : recs)
            for (uint32_t c : idx.causesOfRecord(a, r)) ++overlap[c];
        size_t best = 0;
        for (size_t c = 1; c < overlap.size(); ++c)
            if (overlap[c] > overlap[best]) best = c;
        Unit u;
        u.name = name;
        u.truthRecords = recs.size();
        if (!idx.causes.empty()) {
            u.overlap = overlap[best];
            u.causeRecords = causeSize[best];
            u.causeTitle = idx.causes[best].title;
        }
        units.push_back(u);
    }
    return units;
}

}  // namespace

TEST(Causes, EachTrueCauseIsOneUnit) {
    auto& s = cooccurring();
    ASSERT_TRUE(s.analysis);
    const CauseIndex idx = computeCauses(*s.analysis);
    const auto units = matchUnits(*s.analysis, idx, s.truth);
    std::set<std::string> seen;
    for (const Unit& u : units) {
        seen.insert(u.name);
        ASSERT_GT(u.truthRecords, 10u) << u.name;
        const double recall = double(u.overlap) / double(u.truthRecords);
        const double purity = u.causeRecords ? double(u.overlap) / double(u.causeRecords) : 0;
        EXPECT_GE(recall, 0.95) << u.name << " -> " << u.causeTitle << " (" << u.overlap << "/" << u.truthRecords
                                << ")";
        EXPECT_GE(purity, 0.95) << u.name << " -> " << u.causeTitle << " (" << u.overlap << "/" << u.causeRecords
                                << ")";
    }
    // every cause of the truth file was planted in this store, acceptable and bug alike
    for (const auto& c : s.truth["causes"]) EXPECT_TRUE(seen.count(c["name"].get<std::string>())) << c["name"];
    // far fewer causes than groups: a cause is a decision, a group a combination of them
    EXPECT_LT(idx.causes.size(), s.analysis->groups().size());
    EXPECT_LE(idx.causes.size(), s.truth["causes"].size() + 2);
}

TEST(Causes, NoiseFieldsNeverEnterSignaturesOrCauses) {
    auto& s = cooccurring();
    ASSERT_TRUE(s.analysis);
    const Analysis& a = *s.analysis;
    for (const Group& g : a.groups())
        for (const DiffKey& k : g.differences) {
            EXPECT_NE(a.path(k.path), "/took_ms") << g.signature;
            EXPECT_NE(a.path(k.path), "/request_id") << g.signature;
        }
}

TEST(Causes, RepresentationCausesSpanEndpoints) {
    auto& s = cooccurring();
    ASSERT_TRUE(s.analysis);
    const CauseIndex idx = computeCauses(*s.analysis);
    bool nulls = false, charset = false;
    for (const Cause& c : idx.causes) {
        if (c.cls == "null_vs_missing" && c.kind == DiffKind::Missing) {
            nulls = true;
            EXPECT_TRUE(c.representation);
            EXPECT_GE(c.endpoints.size(), 4u);
            EXPECT_GE(c.paths.size(), 4u);
            EXPECT_EQ(c.title, "candidate omits null members");
        }
        if (c.kind == DiffKind::Header && c.cls == "parameter_only") {
            charset = true;
            EXPECT_EQ(c.paths, std::vector<std::string>{"content-type"});
            EXPECT_GE(c.endpoints.size(), 6u);
        }
    }
    EXPECT_TRUE(nulls);
    EXPECT_TRUE(charset);
}

TEST(Causes, GoldenIds) {
    // FNV-1a of "difftriage-cause-1\n" + key text, first 48 bits (computed independently, python3).
    EXPECT_EQ(causeIdOf("representation\nmissing null_vs_missing\n"), "dfddcc0f02c3");
    EXPECT_EQ(causeKeyText("GET /users/{id}", {"/middle_name", DiffKind::Missing, "null_vs_missing"}, std::nullopt),
              "representation\nmissing null_vs_missing\n");
    EXPECT_EQ(causeKeyText("GET /events/{id}", {"/starts_at", DiffKind::Changed, "instant_shift +1h"}, std::nullopt),
              "value\nGET /events/{id}\nchanged /starts_at instant_shift +1h\n");
    EXPECT_EQ(causeIdOf("value\nGET /events/{id}\nchanged /starts_at instant_shift +1h\n"), "1d4e9e9e349b");
    // url_host: one cause per host pair, whatever the path or endpoint
    EXPECT_EQ(causeKeyText("GET /a", {"/x", DiffKind::Changed, "url_host http://a>http://b"}, std::nullopt),
              causeKeyText("GET /b", {"/y/*/z", DiffKind::Changed, "url_host http://a>http://b"}, std::nullopt));
    EXPECT_NE(causeKeyText("GET /a", {"/x", DiffKind::Changed, "url_host http://a>http://b"}, std::nullopt),
              causeKeyText("GET /a", {"/x", DiffKind::Changed, "url_host http://a>http://c"}, std::nullopt));
}

// Section 3 of issue 9 on the same store: the rules suggested for the acceptable causes (each
// checked against the whole store) absorb every acceptable-only record and no bug record; what
// remains is one group per bug; real value changes get no rule.
TEST(CauseRules, AcceptableCausesAbsorbedBugsRemainOneGroupEach) {
    auto& s = cooccurring();
    ASSERT_TRUE(s.analysis);
    const Analysis& a = *s.analysis;
    const CauseIndex idx = computeCauses(a);
    std::set<std::string> acceptable, bugs;
    for (const auto& c : s.truth["causes"])
        (c["acceptable"].get<bool>() ? acceptable : bugs).insert(c["name"].get<std::string>());

    // true cause name -> computed cause (the unit test above checks these are one-to-one)
    std::unordered_map<std::string, uint32_t> recordOf;
    for (uint32_t i = 0; i < a.records().size(); ++i) recordOf.emplace(std::string(a.id(a.records()[i])), i);
    std::map<std::string, std::map<uint32_t, size_t>> votes;
    for (const auto& r : s.truth["record_causes"]) {
        const uint32_t rec = recordOf.at(r["id"].get<std::string>());
        for (const auto& n : r["causes"])
            for (uint32_t c : idx.causesOfRecord(a, rec)) ++votes[n.get<std::string>()][c];
    }
    auto unitOf = [&](const std::string& name) {
        uint32_t best = 0;
        size_t n = 0;
        for (const auto& [c, v] : votes[name])
            if (v > n) best = c, n = v;
        return best;
    };

    RuleConfig all;
    SuggestOptions opt;
    opt.today = "2026-12-02";
    for (const std::string& name : acceptable) {
        std::string error;
        const auto sug = suggestCauseRules(a, idx, unitOf(name), opt, &error);
        ASSERT_TRUE(sug) << name << ": " << error;
        EXPECT_TRUE(sug->check.exact) << name;
        EXPECT_EQ(sug->check.target_absorbed, sug->check.target_records) << name;
        EXPECT_EQ(sug->check.other_records, 0u) << name;
        EXPECT_EQ(sug->config.rules.size(), 1u) << name << ": one decision, one rule";
        for (const Rule& r : sug->config.rules) {
            EXPECT_NE(r.kind, RuleKind::IgnorePath) << name;
            EXPECT_NE(r.kind, RuleKind::NormalizeValue) << name;
            all.rules.push_back(r);
        }
    }
    // real value changes: no exact rule, and the reason says so
    for (const char* name : {"bug_event_shift", "bug_order_rounding", "bug_report_timeout"}) {
        std::string error;
        EXPECT_FALSE(suggestCauseRules(a, idx, unitOf(name), opt, &error)) << name;
        EXPECT_NE(error.find("no exact rule"), std::string::npos) << error;
    }

    std::vector<std::string> problems;
    auto rules = RuleSet::build(all, &problems);
    ASSERT_TRUE(rules) << (problems.empty() ? "" : problems.front());
    AnalyzeOptions o;
    o.threads = 2;
    o.rules = rules;
    std::string err;
    auto after = Analysis::analyze(s.store, o, &err);
    ASSERT_TRUE(after) << err;
    std::unordered_map<std::string, std::string> bugOf;  // record id -> its bug ("" = acceptable only)
    for (const auto& r : s.truth["record_causes"]) {
        std::string bug;
        for (const auto& n : r["causes"])
            if (bugs.count(n.get<std::string>())) bug = n.get<std::string>();
        bugOf[r["id"].get<std::string>()] = bug;
    }
    std::map<std::string, std::set<uint32_t>> groupsOfBug;
    for (uint32_t i = 0; i < after->records().size(); ++i) {
        const IndexedRecord& r = after->records()[i];
        auto it = bugOf.find(std::string(after->id(r)));
        if (it == bugOf.end()) continue;  // drift
        if (it->second.empty()) {
            EXPECT_NE(r.outcome, Outcome::Mismatch) << after->id(r) << " (acceptable only) still differs";
        } else {
            ASSERT_EQ(r.outcome, Outcome::Mismatch) << after->id(r) << " (" << it->second << ") was absorbed";
            groupsOfBug[it->second].insert(r.group);
        }
    }
    size_t mismatchGroups = 0;
    for (const Group& g : after->groups()) mismatchGroups += g.outcome == Outcome::Mismatch;
    EXPECT_EQ(groupsOfBug.size(), bugs.size());
    EXPECT_EQ(mismatchGroups, bugs.size()) << "one group per bug";
    for (const auto& [bug, gs] : groupsOfBug) EXPECT_EQ(gs.size(), 1u) << bug;
}

TEST(CauseRules, GeneralizesPaths) {
    EXPECT_EQ(generalizePaths({"/created_at", "/items/*/updated_at", "/starts_at"}), "/**/*_at");
    EXPECT_EQ(generalizePaths({"/middle_name"}), "/middle_name");
    EXPECT_EQ(generalizePaths({"/notes", "/venue"}), "/**");
}

TEST(Causes, FilterForCauseShowsExactlyItsGroups) {
    auto& s = cooccurring();
    ASSERT_TRUE(s.analysis);
    const Analysis& a = *s.analysis;
    const CauseIndex idx = computeCauses(a);
    ASSERT_FALSE(idx.causes.empty());
    for (uint32_t c = 0; c < idx.causes.size(); ++c) {
        const FilterResult f = filterForCause(a, idx, c);
        ASSERT_EQ(f.groupVisible.size(), a.groups().size());
        EXPECT_EQ(f.visibleGroups, idx.causes[c].groups.size());
        EXPECT_EQ(f.matchedRecords, idx.causes[c].count);
        for (uint32_t g = 0; g < a.groups().size(); ++g) {
            const auto& gc = idx.groupCauses[g];
            EXPECT_EQ(f.groupVisible[g] != 0, std::find(gc.begin(), gc.end(), c) != gc.end());
        }
    }
    const FilterResult none = filterForCause(a, idx, uint32_t(idx.causes.size()));
    EXPECT_EQ(none.visibleGroups, 0u);
}

namespace dt {
namespace {

// Every remaining difference of a grouped record maps to one of its group's causes — the same
// cause the causes table lists — so "Allow…" from a difference drafts rules for that cause.
TEST(Causes, EachListedDifferenceFindsItsGroupsCause) {
    auto& s = cooccurring();
    ASSERT_TRUE(s.analysis);
    const Analysis& a = *s.analysis;
    const CauseIndex idx = computeCauses(a);
    size_t checked = 0;
    for (uint32_t g = 0; g < a.groups().size() && g < 40; ++g) {
        const uint32_t rec = a.groups()[g].members.front();
        std::string err;
        auto d = a.detail(rec, a.rules(), &err);
        ASSERT_TRUE(d) << err;
        std::set<uint32_t> found;
        for (const Difference& diff : d->result.differences) {
            const auto c = causeOfDifference(a, idx, rec, diff);
            if (!c) continue;  // store-level noise stays listed but is in no cause
            EXPECT_NE(std::find(idx.groupCauses[g].begin(), idx.groupCauses[g].end(), *c), idx.groupCauses[g].end());
            found.insert(*c);
            ++checked;
        }
        // Each cause of the group is reached from some difference of its record.
        EXPECT_EQ(found.size(), idx.groupCauses[g].size()) << a.groups()[g].signature;
    }
    EXPECT_GT(checked, 40u);
    // A record in no group has no cause.
    for (uint32_t i = 0; i < a.records().size(); ++i) {
        if (a.records()[i].group != kNone) continue;
        Difference d;
        d.path = "/x";
        EXPECT_EQ(causeOfDifference(a, idx, i, d), std::nullopt);
        break;
    }
}

}  // namespace
}  // namespace dt
