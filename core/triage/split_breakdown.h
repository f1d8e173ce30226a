// SPDX-License-Identifier: MIT
#pragma once
// Split a group by a field value or tag (issue 12; Triage › Split Group By…): the breakdown of one
// group's records by the value of one field — a tag key ("tenant", "region") or "endpoint" (the
// record's endpoint template: one value per group, several for a named issue's records). The
// workspace keeps which field a signature is split by (workspace.h, Split); this is what is shown.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/analysis.h"

namespace dt {

// The field name that splits by endpoint template (every other field is a tag key).
inline constexpr std::string_view kSplitEndpoint = "endpoint";

struct SplitValue {
    std::string value;              // the tag value or endpoint ("" when none)
    bool none = false;              // records without that tag: shown as "(none)"
    uint64_t count = 0;             // records
    double weighted = 0;            // sum of their weights
    std::vector<uint32_t> records;  // record indices, in the group's (store) order
};

// The records of `members` (a group's members) broken down by `field`: one entry per value, the
// records without that tag in one entry with none = true. Order: count descending, then value
// ascending (bytes), "(none)" after every value of its count. Deterministic. Members that
// `passes` rejects are left out (null = all pass).
std::vector<SplitValue> splitBreakdown(const Analysis& a, const std::vector<uint32_t>& members, std::string_view field,
                                       const std::vector<uint8_t>* passes = nullptr);

// The fields a group can be split by: "endpoint" first, then every tag key present on at least one
// of `members`, sorted.
std::vector<std::string> splitFields(const Analysis& a, const std::vector<uint32_t>& members);

// How a split value is shown: the value, or "(none)".
std::string splitValueLabel(const SplitValue& v);

}  // namespace dt
