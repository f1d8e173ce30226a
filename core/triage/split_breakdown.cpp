// SPDX-License-Identifier: MIT
#include "core/triage/split_breakdown.h"

#include <algorithm>
#include <map>
#include <set>

namespace dt {
namespace {

// The value of tag `key` in a record's tag set (nullptr when the record has no such tag).
const std::string* tagValue(const Analysis& a, uint32_t record, std::string_view key) {
    const FlatObject& tags = a.tagSet(a.recordTags(record));
    for (const auto& [k, v] : tags)
        if (k == key) return &v;
    return nullptr;
}

}  // namespace

std::vector<SplitValue> splitBreakdown(const Analysis& a, const std::vector<uint32_t>& members, std::string_view field,
                                       const std::vector<uint8_t>* passes) {
    const bool byEndpoint = field == kSplitEndpoint;
    std::map<std::string, SplitValue, std::less<>> byValue;
    SplitValue none;
    none.none = true;
    for (uint32_t r : members) {
        if (passes && !passes->empty() && (r >= passes->size() || !(*passes)[r])) continue;
        const IndexedRecord& rec = a.records()[r];
        const std::string* value = nullptr;
        if (byEndpoint)
            value = rec.endpoint < a.endpoints().size() ? &a.endpoint(rec.endpoint) : nullptr;
        else
            value = tagValue(a, r, field);
        SplitValue* slot = &none;
        if (value) {
            auto it = byValue.find(*value);
            if (it == byValue.end()) {
                it = byValue.emplace(*value, SplitValue{}).first;
                it->second.value = *value;
            }
            slot = &it->second;
        }
        ++slot->count;
        slot->weighted += rec.weight;
        slot->records.push_back(r);
    }
    std::vector<SplitValue> out;
    out.reserve(byValue.size() + 1);
    for (auto& [value, v] : byValue) out.push_back(std::move(v));
    if (none.count) out.push_back(std::move(none));
    std::stable_sort(out.begin(), out.end(), [](const SplitValue& x, const SplitValue& y) {
        if (x.count != y.count) return x.count > y.count;
        if (x.none != y.none) return y.none;  // "(none)" after the values of its count
        return x.value < y.value;
    });
    return out;
}

std::vector<std::string> splitFields(const Analysis& a, const std::vector<uint32_t>& members) {
    std::set<uint32_t> tagSets;
    for (uint32_t r : members) tagSets.insert(a.recordTags(r));
    std::set<std::string> keys;
    for (uint32_t s : tagSets)
        for (const auto& [k, v] : a.tagSet(s)) keys.insert(k);
    keys.erase(std::string(kSplitEndpoint));  // a tag named "endpoint" cannot be told apart
    std::vector<std::string> out{std::string(kSplitEndpoint)};
    out.insert(out.end(), keys.begin(), keys.end());
    return out;
}

std::string splitValueLabel(const SplitValue& v) { return v.none ? std::string("(none)") : v.value; }

}  // namespace dt
