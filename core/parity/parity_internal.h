// SPDX-License-Identifier: MIT
#pragma once
// Pieces of computeParity() shared by its source files (not part of the public API).
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/parity/parity_tallies.h"

namespace dt {

WindowSearch searchWindows(const StepGrid& grid, const std::vector<OutcomeWeights>& steps, double minWeight,
                           double minMatchRate);

// Percentiles of one side (sorts `samples`).
LatencyStats latencyStats(LatencySamples& samples);
// Log-spaced histogram of both sides over shared edges (samples must be sorted by latencyStats).
void latencyHistogram(const LatencySamples& primary, const LatencySamples& candidate, size_t bins, EndpointParity& out);

// Allowances burndown: rules of `rules` (enabled ones), their attributed weight and the timeline.
struct BurndownBuilder {
    BurndownBuilder(const Analysis& a, const RuleSet* rules, std::string today);
    // One record; counted when rules absorbed some of its differences.
    void add(const IndexedRecord& r);
    void finish(double comparable, ParityReport& out);

private:
    struct Key {
        uint32_t endpoint = 0, raw = 0, set = 0;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key& k) const {
            uint64_t h = 1469598103934665603ull;
            for (uint32_t v : {k.endpoint, k.raw, k.set}) h = (h ^ v) * 1099511628211ull;
            return static_cast<size_t>(h);
        }
    };
    const std::vector<uint32_t>& rulesFor(const Key& key);

    const Analysis& m_a;
    const RuleSet* m_rules;
    std::string m_today;
    std::vector<const Rule*> m_enabled;
    std::vector<uint64_t> m_records;
    std::vector<double> m_weighted;
    std::unordered_map<Key, std::vector<uint32_t>, KeyHash> m_cache;
};

// finishParity() with the burndown attributed by `burndown` (computeParity).
ParityReport finishParity(const Analysis& a, const ParityOptions& options, ParityTallies&& t,
                          BurndownBuilder& burndown);

}  // namespace dt
