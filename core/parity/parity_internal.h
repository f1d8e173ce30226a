// SPDX-License-Identifier: MIT
#pragma once
// Pieces of computeParity() shared by its source files (not part of the public API).
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/parity/parity.h"

namespace dt {

int64_t floorDiv(int64_t a, int64_t b);

// The sliding-window grid: windows start every step_ms, each spans steps_per_window steps.
struct StepGrid {
    int64_t window_ms = 0;  // may be wider than asked when the span would need too many steps
    int64_t step_ms = 0;
    int64_t steps_per_window = 1;
    int64_t first_step = 0;  // floor(first_ms / step_ms)
    size_t count = 0;        // steps covering [first_ms, last_ms]
};
StepGrid makeStepGrid(int64_t firstMs, int64_t lastMs, int64_t windowMs);
WindowSearch searchWindows(const StepGrid& grid, const std::vector<OutcomeWeights>& steps, double minWeight,
                           double minMatchRate);

using LatencySamples = std::vector<std::pair<float, float>>;  // (ms, weight)
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

}  // namespace dt
