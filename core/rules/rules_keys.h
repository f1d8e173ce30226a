// SPDX-License-Identifier: MIT
#pragma once
// What rules do to differences known only by their signature key (generalized path, kind, class
// text): the rules preview decides records from their indexed keys with these
// (core/triage/preview_keys.h). Implemented beside the matching itself (rules_match.cpp), so both
// follow the same rules.
#include <string_view>

#include "core/compare/difference.h"
#include "core/rules/rules_match.h"

namespace dt {

enum class KeyDecision : uint8_t {
    Kept,       // no difference with this key is absorbed
    Absorbed,   // every difference with this key is absorbed
    Undecided,  // depends on more than the key (e.g. a pattern naming an array index)
};

// True when every enabled rule only absorbs single differences, each decided by its key
// (ignore_path, ignore_header and the precise class kinds): such rules never change how values
// compare or which differences a comparison finds, so their effect on a record follows from its
// difference keys alone. False for numeric_tolerance, normalize_value (values decide),
// unordered_array, ranking, status_equivalence (the comparison finds other differences) and
// text_normalization.
bool decidesByKey(const RuleSet& rules);

// What the enabled rules scoped to this endpoint do to every difference with this key, mirroring
// where the comparison asks the policy (compare.cpp, json_compare.cpp): ignoredPath() for every
// body difference and for text / binary / type changes of the whole body, header() for headers,
// acceptClass() for the precise classes. Undecided for a rule of another kind that may touch it.
KeyDecision decideKey(const RuleSet& rules, std::string_view endpointTemplate, const SigKey& key);

}  // namespace dt
