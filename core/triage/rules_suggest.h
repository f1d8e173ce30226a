// SPDX-License-Identifier: MIT
#pragma once
// From a group to the narrowest rule(s) that absorb exactly that group.
//
// Scope: the group's endpoint template (exact path) and method. Paths: the group's generalized
// paths (array indices as "*"). Kind by what the sample records show:
//   array_order                      -> unordered_array (keyed by an id-like member such as id/sku
//                                       when every element is an object with a unique one, else multiset)
//   changed numbers, small delta     -> numeric_tolerance just above the largest observed delta
//                                       (absolute when < 0.01, else relative when < 1e-6)
//   changed timestamps / UUIDs       -> normalize_value with an anchored regex (a canonicalizing
//                                       one when the instants agree, else a placeholder)
//   status                           -> status_equivalence
//   header                           -> ignore_header (presence_only when both sides always have it)
//   text_changed                     -> text_normalization, only when trim / case-fold / whitespace
//                                       collapsing makes every sample equal; otherwise nothing
//   candidate_error, binary_changed  -> nothing (with the reason why)
//   anything else                    -> ignore_path
// Rules that make new differences appear (a status rule lets the bodies be compared) are followed
// by a second round on what the samples still show. Every suggestion is verified on the samples.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/analysis.h"
#include "core/rules/rules.h"

namespace dt {

struct SuggestOptions {
    size_t max_samples = 20;  // sample records read (spread over the group)
    size_t sample_ids = 5;    // ids recorded in each rule's sample_ids
    std::string author;       // "" = none
    std::string today;        // created date; "" = todayDate()
};

struct Suggestion {
    RuleConfig config;               // the suggested rules (only these, not the current ones)
    std::vector<std::string> notes;  // differences left without a rule, and why
    uint64_t samples = 0;            // sample records checked
    uint64_t samples_absorbed = 0;   // of which the current + suggested rules absorb every difference
    bool complete() const { return samples > 0 && samples == samples_absorbed; }
};

// Suggests rules for analysis.groups()[group] on top of the analysis' current rules.
// nullopt + *error when the group does not exist, is a drift group, or no sample can be read.
std::optional<Suggestion> suggestRules(const Analysis& analysis, uint32_t group, const SuggestOptions& options,
                                       std::string* error);

// Helpers exposed for tests.
bool looksLikeTimestamp(std::string_view s);
bool looksLikeUuid(std::string_view s);
// The smallest "nice" number (1, 2 or 5 times a power of ten) strictly greater than x (x > 0).
double niceAbove(double x);

}  // namespace dt
