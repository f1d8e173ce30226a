// SPDX-License-Identifier: MIT
#pragma once
// Parity evidence for a cut-over decision, computed from an analysed store (docs/dashboard.md):
// outcome weights over time (automatic buckets), a sliding worst-window search, per-endpoint
// mismatch rates and weighted latency percentiles, error parity, new signatures over time and the
// allowances burndown. Every count is weighted by the records' `weight` (a sampled match of weight
// 100 stands for 100 comparisons); record counts are kept beside the weights where useful.
// The go/no-go verdict over this report is in verdict.h.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/analysis.h"
#include "core/rules/rules_match.h"

namespace dt {

struct ParityOptions {
    int64_t bucket_ms = 0;           // time-series bucket; 0 = automatic by span (autoBucketMs)
    int64_t window_ms = 3'600'000;   // sliding window length of the worst-window search
    double min_window_weight = 100;  // windows (and endpoints, for latency) with fewer weighted
                                     // comparisons are skipped and reported
    double min_match_rate = 0.999;   // a window fails below this (used to list failing windows)
    const RuleSet* rules = nullptr;  // for the allowances burndown (the rules the analysis used)
    std::string today;               // YYYY-MM-DD for "expired"; "" = todayDate()
    size_t histogram_bins = 40;      // latency histogram bins per endpoint (log scale)
    // Per record (Analysis::records() order): 1 = counted. Null = every record (e.g. the triage
    // filter's records: present/record_filter.h recordMask()).
    const std::vector<uint8_t>* include = nullptr;
};

// Weighted outcome totals of a set of records (invalid records are counted in `weights` too).
struct OutcomeWeights {
    std::array<double, kOutcomeCount> weights{};
    uint64_t records = 0;         // every record, invalid included
    double comparable() const;    // match + mismatch + noise + allowed
    double matchRate() const;     // weightedMatchRate(weights): 1 when nothing is comparable
    double mismatchRate() const;  // mismatch / comparable (0 when nothing is comparable)
    double of(Outcome o) const { return weights[static_cast<int>(o)]; }
    void add(Outcome o, double w, uint64_t n = 1) {  // n records of total weight w
        weights[static_cast<int>(o)] += w;
        records += n;
    }
    void add(const OutcomeWeights& o);
};

struct TimeBucket {
    int64_t start_ms = 0;  // bucket covers [start_ms, start_ms + bucket_ms)
    OutcomeWeights outcomes;
    uint32_t new_signatures = 0;         // mismatch groups first seen in this bucket
    double new_signatures_weighted = 0;  // their weighted size (whole store)
};

// A window of the sliding search: [start_ms, end_ms).
struct ParityWindow {
    int64_t start_ms = 0, end_ms = 0;
    double match_rate = 1;
    double comparable = 0;  // weighted comparisons in the window
    double mismatches = 0;  // weighted
    uint64_t records = 0;
};

// A run of consecutive windows sharing a state (failing, below the minimum, or without traffic):
// [start_ms, end_ms) is the union of the run's windows; `worst` is its lowest-rate window.
struct WindowRun {
    int64_t start_ms = 0, end_ms = 0;
    uint64_t windows = 0;
    ParityWindow worst;
};

struct WindowSearch {
    int64_t window_ms = 0;
    double min_match_rate = 0;  // the options the search ran with
    double min_window_weight = 0;
    int64_t step_ms = 0;                // windows start every step_ms (window_ms is a multiple)
    uint64_t windows = 0;               // windows considered
    uint64_t evaluated = 0;             // windows with >= min_window_weight comparisons
    bool shorter_than_window = false;   // the whole store spans less than one window: one window = the store
    std::optional<ParityWindow> worst;  // lowest match rate among evaluated windows
    std::vector<WindowRun> failing;     // runs of evaluated windows below min_match_rate
    std::vector<WindowRun> skipped;     // runs of windows with some traffic but below the minimum
    std::vector<WindowRun> empty;       // runs of windows without any record (no traffic)
};

// Weighted latency distribution of one side.
struct LatencyStats {
    double samples = 0;  // weight of the records with a latency
    uint64_t records = 0;
    double p50 = 0, p95 = 0, p99 = 0;  // ms; 0 when no samples
    double max = 0;
};

// Weighted percentile with the "lower" definition: the smallest value v such that the weight of the
// values <= v is at least p * total. `values` are (value, weight) pairs; sorted in place. NaN when empty.
double weightedPercentile(std::vector<std::pair<float, float>>& values, double p);

struct ErrorCounts {
    double total = 0;  // weight of non-invalid records
    double status4xx = 0, status5xx = 0;
    double failed = 0;  // no answer (error / no status): timeout, refused
    double errors() const { return status5xx + failed; }
    double errorRate() const { return total > 0 ? errors() / total : 0; }
};

struct EndpointParity {
    std::string endpoint;
    OutcomeWeights outcomes;
    LatencyStats primary, candidate;
    // Latency histogram, log-spaced bin edges shared by both sides (bins + 1 edges, ms).
    std::vector<double> hist_edges;
    std::vector<double> hist_primary, hist_candidate;  // weighted counts per bin
    ErrorCounts primary_errors, candidate_errors;
};

// Mismatch records (after rules) by the kind of their differences; a record counts once per class.
struct DifferenceClasses {
    double schema = 0;  // type_changed, missing, extra
    double value = 0;   // changed, array_length, array_order, text_changed, binary_changed
    double status = 0;
    double header = 0;
    double candidate_error = 0;
};

struct RuleBurndown {
    std::string id, title, created, expires;
    bool expired = false;  // expires < today (the rule still applies)
    uint64_t records = 0;  // records with a difference this rule may have absorbed
    double weighted = 0;
    double share = 0;  // weighted / comparable weight of the store
};

struct BurndownPoint {
    std::string date;      // YYYY-MM-DD
    uint32_t active = 0;   // rules created on or before `date` and not expired on it
    uint32_t expired = 0;  // rules created on or before `date` whose expiry lies before it
};

struct ParityReport {
    uint64_t records = 0;
    OutcomeWeights total;
    int64_t first_ms = 0, last_ms = 0;  // timestamps of the first and last valid record
    int64_t bucket_ms = 0;
    std::string bucket_unit;          // "1s", "5m", "1h", "1d", ...
    std::vector<TimeBucket> buckets;  // contiguous, first bucket holds first_ms
    WindowSearch windows;
    std::vector<EndpointParity> endpoints;            // sorted by name
    LatencyStats primary_latency, candidate_latency;  // whole store
    ErrorCounts primary_errors, candidate_errors;     // whole store
    DifferenceClasses difference_classes;
    std::vector<uint32_t> top_groups;       // mismatch groups by weighted count (indices into groups()), at most 20
    std::vector<double> top_group_weights;  // their weights (with `include`: of the included members only)
    std::vector<RuleBurndown> rules;        // enabled rules, by created then id
    std::vector<BurndownPoint> burndown;    // one point per date where a rule was created or expired, + today
    std::string today;
};

ParityReport computeParity(const Analysis& analysis, const ParityOptions& options = {});

// Bucket size for a time span: the smallest of 1s 5s 10s 30s 1m 5m 10m 15m 30m 1h 3h 6h 12h 1d 7d
// that gives at most `maxBuckets` buckets (7d beyond that).
int64_t autoBucketMs(int64_t spanMs, size_t maxBuckets = 120);
// "1s", "90s", "5m", "1h", "1d", "7d" (largest unit that divides exactly; "250ms" below a second).
std::string formatDuration(int64_t ms);
// Parses "500ms", "30s", "5m", "1h", "2d", "1w" or a bare number of seconds; nullopt when invalid or <= 0.
std::optional<int64_t> parseDuration(std::string_view text);

}  // namespace dt
