// SPDX-License-Identifier: MIT
#pragma once
// Exact preview of new rules on an indexed store: which records they absorb, which groups they
// empty, and the collateral — groups they only partly absorb or split into other signatures.
//
// "Before" is the analysis as it stands (its records and groups under the rules it was built or
// last re-applied with, Analysis::rules()). "After" is what Analysis::applyRules(combined) would
// produce, where `combined` = those rules + the new ones.
//
// When every new rule only absorbs single differences decided by their keys (ignore_path,
// ignore_header, the precise class kinds: decidesByKey() in rules_keys.h), a record's state after
// follows from its indexed difference keys, decided once per (endpoint, set) without re-reading it
// (preview_keys.h); only records those keys cannot decide (drift, a pattern naming an array index,
// a mismatch losing every key: allowed or noise) are re-read. Otherwise, or for those,
// records whose differences the new rules may touch (RuleProvider::mayTouch over the record's raw
// and current difference sets, decided once per endpoint and set) are re-read and re-evaluated, in
// parallel, through Analysis::evaluate() — the same function applyRules() uses. Either way the
// preview equals the result of applying the rules (tests/core/test_rules_preview*.cpp).
#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/analysis.h"
#include "core/rules/rules.h"
#include "core/rules/rules_io.h"

namespace dt {

struct PreviewMove {
    std::string signature;  // the other group's signature ("" = no group: allowed, noise or match)
    uint64_t count = 0;
    double weighted = 0;
};

struct PreviewGroup {
    std::string signature;
    std::string endpoint;
    Outcome outcome = Outcome::Mismatch;  // mismatch or drift
    std::vector<SigKey> differences;
    std::optional<std::pair<int, int>> status_pair;
    bool existed = true;  // false: a signature the new rules create
    uint64_t count_before = 0, count_after = 0;
    double weighted_before = 0, weighted_after = 0;
    uint64_t absorbed = 0;  // records that leave every group
    double absorbed_weighted = 0;
    std::vector<PreviewMove> moved_out;  // to other signatures, largest first
    std::vector<PreviewMove> moved_in;   // from other groups (or "" = from no group)

    bool fullyAbsorbed() const { return existed && count_after == 0 && absorbed == count_before; }
    // Touched but not simply emptied: partly absorbed, regrouped, or grown.
    bool collateral() const { return !fullyAbsorbed(); }
};

struct RulesPreview {
    uint64_t records = 0;   // records in the store
    uint64_t examined = 0;  // records re-evaluated (the rest provably unchanged)
    uint64_t reread = 0;    // of those, records re-read from the store (the rest decided from their keys)
    uint64_t changed = 0;   // records whose outcome or group changes
    uint64_t absorbed = 0;  // records leaving every group
    double absorbed_weighted = 0;
    uint64_t unreadable = 0;           // records that could not be re-read (kept as before)
    std::vector<PreviewGroup> groups;  // every group whose membership changes, plus new signatures:
                                       // fully absorbed first, then by records affected
    std::array<uint64_t, kOutcomeCount> counts_before{}, counts_after{};
    std::array<double, kOutcomeCount> weights_before{}, weights_after{};
    double match_rate_before = 1, match_rate_after = 1;  // weighted, as Analysis::matchRate()
    double seconds = 0;
    bool cancelled = false;

    uint64_t groupsFullyAbsorbed() const;
    uint64_t groupsCollateral() const;  // existing groups touched without being emptied
    uint64_t groupsCreated() const;
};

struct PreviewOptions {
    unsigned threads = 0;  // 0 = hardware concurrency
    const std::atomic<bool>* cancel = nullptr;
    // false: no decision from keys, every record the new rules may touch is re-read (the path
    // taken anyway for other rules; for tests and benchmarks).
    bool decide_from_keys = true;
};

// `combined` = the analysis' current rules + the new ones; `added` = the new ones alone (used only
// to decide which records to re-evaluate).
RulesPreview previewRules(const Analysis& analysis, const RuleProvider& combined, const RuleProvider& added,
                          const PreviewOptions& options = {});

// Convenience for the GUI: builds the providers from configs (`current` should be the config the
// analysis' rules were built from) and previews. nullopt + *errors when the configs clash or do not
// compile.
std::optional<RulesPreview> previewRuleConfigs(const Analysis& analysis, const RuleConfig& current,
                                               const RuleConfig& added, const PreviewOptions& options,
                                               std::vector<RuleError>* errors);

// current + added as one config. An id of `added` that `current` uses for a different rule is an
// error (pointer "/rules/N/id" into `added`); a rule present in both (same id, same content) is
// taken once.
std::optional<RuleConfig> mergeRuleConfigs(const RuleConfig& current, const RuleConfig& added,
                                           std::vector<RuleError>* errors);

// JSON rendering of a preview (for `rules preview --json` and tests).
std::string previewJson(const RulesPreview& preview);

}  // namespace dt
