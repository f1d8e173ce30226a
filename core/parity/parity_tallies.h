// SPDX-License-Identifier: MIT
#pragma once
// What computeParity() sums in its one pass over the records, before percentiles, the window search
// and the summaries are derived (finishParity). computeParity fills it from an analysis' records; a
// pushdown fills the same from SQL aggregates on a server (core/pg/pg_parity.h), so both derive the
// report with the same code.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/parity/parity.h"

namespace dt {

// The sliding-window grid: windows start every step_ms, each spans steps_per_window steps.
struct StepGrid {
    int64_t window_ms = 0;  // may be wider than asked when the span would need too many steps
    int64_t step_ms = 0;
    int64_t steps_per_window = 1;
    int64_t first_step = 0;  // floor(first_ms / step_ms)
    size_t count = 0;        // steps covering [first_ms, last_ms]
};
StepGrid makeStepGrid(int64_t firstMs, int64_t lastMs, int64_t windowMs);

int64_t floorDiv(int64_t a, int64_t b);

using LatencySamples = std::vector<std::pair<float, float>>;  // (ms, weight); one pair may stand for several records

// One endpoint's sums ("(no endpoint)" for records without one).
struct EndpointTally {
    std::string name;
    OutcomeWeights outcomes;
    ErrorCounts primary_errors, candidate_errors;
    LatencySamples primary, candidate;
    uint64_t primary_records = 0, candidate_records = 0;  // records behind the samples
};

struct ParityTallies {
    uint64_t records = 0;  // every record of the store, counted or not (ParityReport::records)
    // Valid counted records' time range; set before frameParity().
    bool any = false;
    int64_t first_ms = 0, last_ms = 0;
    // The frame (frameParity): bucket size, first bucket, the window grid, zeroed buckets and steps.
    int64_t bucket_ms = 0, first_bucket = 0;
    StepGrid grid;
    std::vector<OutcomeWeights> buckets, steps;

    OutcomeWeights total;  // invalid records included
    std::vector<EndpointTally> endpoints;
    DifferenceClasses difference_classes;  // mismatch records
    // Per group of the analysis: the weight of its counted members. Empty: every member counts (the
    // groups' own weights hold).
    std::vector<double> group_weight;

    // `records` valid records of outcome `o` and total weight `w` at time `ms` (inside the frame).
    void addTime(int64_t ms, Outcome o, double w, uint64_t records = 1);
};

// Sets the frame from first_ms / last_ms / any and the options' bucket and window.
void frameParity(ParityTallies& t, const ParityOptions& options);

// The report from the tallies: new signatures and top groups from the analysis' groups, the window
// search, percentiles and histograms, error totals. The burndown lists the rules of
// options.rules with no records attributed (computeParity attributes them from the records).
ParityReport finishParity(const Analysis& a, const ParityOptions& options, ParityTallies&& t);

// The classes (parity.h DifferenceClasses) of a set of differences, as a bit mask.
enum DifferenceClassBits : uint8_t {
    kClassSchema = 1,
    kClassValue = 2,
    kClassStatus = 4,
    kClassHeader = 8,
    kClassCandidateError = 16,
    kClassKnown = 128
};
uint8_t differenceClassBits(const std::vector<DiffKey>& set);
// Adds weight `w` to every class of `bits`.
void addDifferenceClasses(DifferenceClasses& d, uint8_t bits, double w);
// Adds weight `w` of one side's answers with `status` (-1 = none) to its error counts: no answer
// (`failed`, or no status), 5xx or 4xx.
void countStatus(ErrorCounts& e, int status, bool failed, double w);

}  // namespace dt
