// SPDX-License-Identifier: MIT
#pragma once
// Exact rules for a cause (issue 9, section 3): the fewest precise rules absorbing one cause
// everywhere it occurs, and the check every suggestion passes before it is printed — against the
// whole store: it must absorb every record of its cause (or group) and no difference of any other
// cause (or group). When no exact rule exists, the reason says why; nothing is printed then.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/analysis.h"
#include "core/analysis/causes.h"
#include "core/rules/rules.h"
#include "core/triage/rules_suggest.h"

namespace dt {

struct RuleCheck {
    bool exact = false;
    uint64_t target_records = 0;        // records of the cause / group
    uint64_t target_absorbed = 0;       // of which the rules remove every difference of the cause / group
    uint64_t other_records = 0;         // records where a difference of another cause / group would be absorbed
    uint64_t examined = 0;              // records re-read and re-compared
    std::vector<std::string> problems;  // why not exact (first few, with a record id each)
};

// `added` on top of the analysis' current rules. A cause: its key text (causeKeyText) decides what
// may be absorbed. A group: its own keys may be absorbed anywhere (the same difference pattern in
// other groups, noted as collateral by preview), no other key anywhere.
RuleCheck checkCauseRules(const Analysis& a, const CauseIndex& idx, uint32_t cause, const RuleConfig& added,
                          unsigned threads = 0);
RuleCheck checkGroupRules(const Analysis& a, uint32_t group, const RuleConfig& added, unsigned threads = 0);

struct CauseSuggestion {
    RuleConfig config;
    RuleCheck check;
    std::vector<std::string> notes;
};

// The fewest exact rules for idx.causes[cause]: broadest first (one rule, generalized path,
// scope "*" for representation causes), then narrower drafts, each checked; the first exact one
// is returned. nullopt + *error (why no exact rule exists) otherwise.
std::optional<CauseSuggestion> suggestCauseRules(const Analysis& a, const CauseIndex& idx, uint32_t cause,
                                                 const SuggestOptions& options, std::string* error);

// "/**/*_at" for {"/created_at","/items/*/updated_at"}; the path itself when there is one; "/**"
// when the last segments share no suffix of 3+ characters.
std::string generalizePaths(const std::vector<std::string>& paths);

}  // namespace dt
