// SPDX-License-Identifier: MIT
#pragma once
// The rules preview's fast path: the effect of new rules on a record decided from its indexed
// difference keys, without re-reading it.
//
// It applies when every new rule only absorbs single differences, each decided by its key
// (RuleSet::decidesByKey(): ignore_path, ignore_header and the precise class kinds), and the
// combined rules are exactly the analysis' rules plus the new ones. Then, whatever the current
// rules do, a comparison under the combined rules finds the same differences as under the current
// ones, and the new rules absorb some of those that remained (RuleSet::decideKey()); the record's
// current outcome and set (Analysis, IndexedRecord) give the rest:
//  - mismatch: the keys the new rules absorb leave the set; if some remain it stays a mismatch
//    with the rest (signed as Analysis signs any set); if none remain it is allowed, unless some
//    difference of the record was explained as noise (IndexedRecord::explained): then it is
//    re-read (noise, or allowed when the new rules also absorb what was explained);
//  - noise (the set is what was explained): noise while some key remains, else allowed;
//  - drift, or a key the rules decide only with its concrete path: re-read (the exact path);
//  - match, allowed, invalid: unchanged (nothing remained to absorb).
// Decided once per (endpoint, set, outcome): a few thousand on a 1,000,000-record store.
#include <memory>
#include <unordered_map>
#include <vector>

#include "core/analysis/analysis.h"
#include "core/compare/rule_provider.h"
#include "core/rules/rules_keys.h"

namespace dt {

struct KeyEffect {
    enum class Kind : uint8_t {
        Unchanged,  // the new rules absorb none of the record's keys
        Decided,    // `outcome` / `differences` below
        Reread,     // not decidable from the keys
    };
    Kind kind = Kind::Unchanged;
    Outcome outcome = Outcome::Match;  // Decided: mismatch or allowed
    std::vector<SigKey> differences;   // Decided mismatch: the keys that remain (sorted)
    bool status = false;               // they include a status difference (signed with the status pair)
    // Reread of a mismatch whose every remaining key the new rules absorb: allowed when the record
    // had no difference explained as noise (IndexedRecord::explained), else noise; only such
    // records need the re-read.
    bool emptied = false;
};

class KeyPreview {
public:
    // Null when the fast path does not apply: a new rule is not decidable from keys (decidesByKey),
    // or `combined` is not the analysis' current rules plus `added` (both must be RuleSets).
    static std::unique_ptr<KeyPreview> make(const Analysis& analysis, const RuleProvider& combined,
                                            const RuleProvider& added);

    // The effect on records with this endpoint, current set and current outcome. Memoized; the
    // reference stays valid as long as this object. Not thread-safe.
    const KeyEffect& effect(uint32_t endpoint, uint32_t set, Outcome outcome);
    // The effect on one record: effect(), with an emptied mismatch decided as allowed when no
    // difference of the record was explained as noise.
    const KeyEffect& effect(const IndexedRecord& r, const KeyEffect& shared) const {
        return shared.emptied && !r.explained ? m_allowed : shared;
    }

private:
    KeyPreview(const Analysis& a, const RuleSet& added) : m_a(a), m_added(added) {}
    KeyEffect compute(uint32_t endpoint, uint32_t set, Outcome outcome) const;

    const Analysis& m_a;
    const RuleSet& m_added;
    std::unordered_map<uint64_t, KeyEffect> m_cache[3];  // mismatch, noise, drift
    const KeyEffect m_allowed{KeyEffect::Kind::Decided, Outcome::Allowed, {}, false, false};
};

}  // namespace dt
