// SPDX-License-Identifier: MIT
#include "core/present/cause_filter.h"

namespace dt {

FilterResult filterForCause(const Analysis& analysis, const CauseIndex& causes, uint32_t cause) {
    FilterResult f;
    const auto& groups = analysis.groups();
    f.groupVisible.assign(groups.size(), 0);
    f.groupMatches.assign(groups.size(), 0);
    if (cause >= causes.causes.size()) return f;
    for (uint32_t g : causes.causes[cause].groups) {
        if (g >= groups.size()) continue;
        f.groupVisible[g] = 1;
        f.groupMatches[g] = static_cast<uint32_t>(groups[g].count);
        ++f.visibleGroups;
        f.matchedRecords += groups[g].count;
    }
    return f;
}

}  // namespace dt
