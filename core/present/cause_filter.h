// SPDX-License-Identifier: MIT
#pragma once
// Filtering groups and records to one cause (issue 9): what selecting a cause in the GUI does.
#include <cstdint>
#include <optional>

#include "core/analysis/analysis.h"
#include "core/analysis/causes.h"
#include "core/present/record_filter.h"

namespace dt {

// Groups of causes.causes[cause] visible (with all their members), every other group hidden.
// An out-of-range cause hides everything.
FilterResult filterForCause(const Analysis& analysis, const CauseIndex& causes, uint32_t cause);

// The cause one difference of a record belongs to (the difference as the diff view lists it,
// concrete path): its generalized key under the record's endpoint, hashed like the cause ids.
// nullopt when the record is in no group or the difference is in no cause (noise, absorbed).
std::optional<uint32_t> causeOfDifference(const Analysis& analysis, const CauseIndex& causes, uint32_t record,
                                          const Difference& difference);

}  // namespace dt
