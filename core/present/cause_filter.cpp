// SPDX-License-Identifier: MIT
#include "core/present/cause_filter.h"

#include <algorithm>

#include "core/analysis/classify.h"

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

std::optional<uint32_t> causeOfDifference(const Analysis& analysis, const CauseIndex& causes, uint32_t record,
                                          const Difference& difference) {
    if (record >= analysis.records().size()) return std::nullopt;
    const IndexedRecord& r = analysis.records()[record];
    if (r.group == kNone || r.group >= analysis.groups().size()) return std::nullopt;
    const std::vector<SigKey> keys = diffKeys({difference});
    if (keys.size() != 1) return std::nullopt;
    const Group& g = analysis.groups()[r.group];
    const std::string id = causeIdOf(causeKeyText(analysis.endpoint(r.endpoint), keys.front(), g.status_pair));
    const std::optional<uint32_t> found = causes.find(id);
    if (!found || *found >= causes.causes.size() || causes.causes[*found].id != id) return std::nullopt;
    // Only a cause of this record's group (a difference the rules absorbed is in none).
    if (r.group < causes.groupCauses.size()) {
        const auto& mine = causes.groupCauses[r.group];
        if (std::find(mine.begin(), mine.end(), *found) == mine.end()) return std::nullopt;
    }
    return found;
}

}  // namespace dt
