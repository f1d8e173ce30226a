// SPDX-License-Identifier: MIT
#pragma once
// Filtering groups and records to one cause (issue 9): what selecting a cause in the GUI does.
#include <cstdint>

#include "core/analysis/analysis.h"
#include "core/analysis/causes.h"
#include "core/present/record_filter.h"

namespace dt {

// Groups of causes.causes[cause] visible (with all their members), every other group hidden.
// An out-of-range cause hides everything.
FilterResult filterForCause(const Analysis& analysis, const CauseIndex& causes, uint32_t cause);

}  // namespace dt
