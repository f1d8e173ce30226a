// SPDX-License-Identifier: MIT
// computeParity(): one pass over the analysed records fills the time buckets, the window steps,
// the per-endpoint outcome weights, error counts, latency samples and the burndown attribution;
// then percentiles, the window search and the summaries are derived (parity.h).
#include <algorithm>
#include <cmath>

#include "core/parity/parity.h"
#include "core/parity/parity_internal.h"

namespace dt {

double OutcomeWeights::comparable() const {
    return of(Outcome::Match) + of(Outcome::Mismatch) + of(Outcome::Noise) + of(Outcome::Allowed);
}
double OutcomeWeights::matchRate() const { return weightedMatchRate(weights); }
double OutcomeWeights::mismatchRate() const {
    const double c = comparable();
    return c > 0 ? of(Outcome::Mismatch) / c : 0;
}
void OutcomeWeights::add(const OutcomeWeights& o) {
    for (int i = 0; i < kOutcomeCount; ++i) weights[i] += o.weights[i];
    records += o.records;
}

namespace {

// Classes of a difference set (bit mask), for error parity and schema-vs-value counts.
enum : uint8_t { kSchema = 1, kValue = 2, kStatus = 4, kHeader = 8, kCandError = 16, kKnown = 128 };

uint8_t classify(const std::vector<DiffKey>& set) {
    uint8_t m = kKnown;
    for (const DiffKey& k : set) {
        switch (k.kind) {
        case DiffKind::TypeChanged:
        case DiffKind::Missing:
        case DiffKind::Extra: m |= kSchema; break;
        case DiffKind::Changed:
        case DiffKind::ArrayLength:
        case DiffKind::ArrayOrder:
        case DiffKind::TextChanged:
        case DiffKind::BinaryChanged: m |= kValue; break;
        case DiffKind::Status: m |= kStatus; break;
        case DiffKind::Header: m |= kHeader; break;
        case DiffKind::CandidateError: m |= kCandError; break;
        }
    }
    return m;
}

void countStatus(ErrorCounts& e, int status, bool failed, double w) {
    if (failed || status < 0)
        e.failed += w;
    else if (status >= 500)
        e.status5xx += w;
    else if (status >= 400)
        e.status4xx += w;
}

void addErrors(ErrorCounts& to, const ErrorCounts& from) {
    to.total += from.total;
    to.status4xx += from.status4xx;
    to.status5xx += from.status5xx;
    to.failed += from.failed;
}

}  // namespace

ParityReport computeParity(const Analysis& a, const ParityOptions& options) {
    ParityReport rep;
    const RecordTable& records = a.records();
    rep.records = records.size();
    rep.today = options.today.empty() ? todayDate() : options.today;

    // Time range of the valid records.
    bool any = false;
    const std::vector<uint8_t>* include = options.include;
    auto counted = [include](size_t i) { return !include || (i < include->size() && (*include)[i]); };
    for (size_t i = 0; i < records.size(); ++i) {
        const IndexedRecord& r = records[i];
        if (r.outcome == Outcome::Invalid || !counted(i)) continue;
        if (!any) rep.first_ms = rep.last_ms = r.ts_ms;
        rep.first_ms = std::min(rep.first_ms, r.ts_ms);
        rep.last_ms = std::max(rep.last_ms, r.ts_ms);
        any = true;
    }
    rep.bucket_ms = options.bucket_ms > 0 ? options.bucket_ms : autoBucketMs(rep.last_ms - rep.first_ms);
    // A bucket size that would make too many buckets is raised to the automatic one.
    if ((rep.last_ms - rep.first_ms) / rep.bucket_ms > 100'000)
        rep.bucket_ms = autoBucketMs(rep.last_ms - rep.first_ms);
    rep.bucket_unit = formatDuration(rep.bucket_ms);
    const int64_t firstBucket = floorDiv(rep.first_ms, rep.bucket_ms);
    const size_t nBuckets = any ? static_cast<size_t>(floorDiv(rep.last_ms, rep.bucket_ms) - firstBucket + 1) : 0;
    rep.buckets.resize(nBuckets);
    for (size_t b = 0; b < nBuckets; ++b)
        rep.buckets[b].start_ms = (firstBucket + static_cast<int64_t>(b)) * rep.bucket_ms;

    const StepGrid grid = makeStepGrid(rep.first_ms, rep.last_ms, options.window_ms);
    std::vector<OutcomeWeights> steps(any ? grid.count : 0);

    const size_t nEndpoints = a.endpoints().size() + 1;  // last: records without an endpoint
    std::vector<OutcomeWeights> epOutcomes(nEndpoints);
    std::vector<ErrorCounts> epPrimaryErr(nEndpoints), epCandErr(nEndpoints);
    std::vector<LatencySamples> epPrimaryLat(nEndpoints), epCandLat(nEndpoints);
    std::vector<uint8_t> setClass;  // by set index, 0 = not yet classified
    auto classOf = [&](uint32_t set) -> uint8_t {
        if (set == 0) return kKnown;
        if (set >= setClass.size()) setClass.resize(set + 1, 0);
        if (!setClass[set]) setClass[set] = classify(a.set(set));
        return setClass[set];
    };
    BurndownBuilder burndown(a, options.rules, rep.today);
    std::vector<double> groupWeight;  // with `include`: per group, the weight of its included members
    if (include) groupWeight.assign(a.groups().size(), 0.0);

    for (size_t i = 0; i < records.size(); ++i) {
        if (!counted(i)) continue;
        const IndexedRecord& r = records[i];
        const double w = r.weight;
        if (r.outcome == Outcome::Invalid) {
            rep.total.add(Outcome::Invalid, w);
            continue;
        }
        rep.total.add(r.outcome, w);
        rep.buckets[static_cast<size_t>(floorDiv(r.ts_ms, rep.bucket_ms) - firstBucket)].outcomes.add(r.outcome, w);
        steps[static_cast<size_t>(floorDiv(r.ts_ms, grid.step_ms) - grid.first_step)].add(r.outcome, w);
        const size_t ep = r.endpoint == kNone || r.endpoint >= nEndpoints - 1 ? nEndpoints - 1 : r.endpoint;
        epOutcomes[ep].add(r.outcome, w);

        const uint8_t rawClass = classOf(r.raw_set);
        epPrimaryErr[ep].total += w;
        epCandErr[ep].total += w;
        countStatus(epPrimaryErr[ep], r.primary_status, false, w);
        countStatus(epCandErr[ep], r.candidate_status, (rawClass & kCandError) != 0, w);
        if (r.outcome == Outcome::Mismatch) {
            const uint8_t c = classOf(r.set);
            DifferenceClasses& d = rep.difference_classes;
            if (c & kSchema) d.schema += w;
            if (c & kValue) d.value += w;
            if (c & kStatus) d.status += w;
            if (c & kHeader) d.header += w;
            if (c & kCandError) d.candidate_error += w;
        }
        if (r.primary_latency >= 0 && std::isfinite(r.primary_latency))
            epPrimaryLat[ep].emplace_back(r.primary_latency, r.weight);
        if (r.candidate_latency >= 0 && std::isfinite(r.candidate_latency))
            epCandLat[ep].emplace_back(r.candidate_latency, r.weight);
        burndown.add(r);
        if (include && r.group != kNone && r.group < groupWeight.size()) groupWeight[r.group] += w;
    }
    auto weightOf = [&](uint32_t g) { return include ? groupWeight[g] : a.groups()[g].weighted; };

    // New signatures over time: mismatch groups by the bucket of their first record.
    for (const Group& g : a.groups()) {
        if (g.outcome != Outcome::Mismatch || nBuckets == 0) continue;
        if (include && weightOf(static_cast<uint32_t>(&g - a.groups().data())) <= 0) continue;
        const int64_t b = floorDiv(g.first_ts, rep.bucket_ms) - firstBucket;
        if (b < 0 || b >= static_cast<int64_t>(nBuckets)) continue;
        ++rep.buckets[static_cast<size_t>(b)].new_signatures;
        rep.buckets[static_cast<size_t>(b)].new_signatures_weighted += g.weighted;
    }
    std::vector<uint32_t> top;
    for (uint32_t g = 0; g < a.groups().size(); ++g)
        if (a.groups()[g].outcome == Outcome::Mismatch && weightOf(g) > 0) top.push_back(g);
    std::stable_sort(top.begin(), top.end(), [&](uint32_t x, uint32_t y) { return weightOf(x) > weightOf(y); });
    if (top.size() > 20) top.resize(20);
    for (uint32_t g : top) rep.top_group_weights.push_back(weightOf(g));
    rep.top_groups = std::move(top);

    rep.windows = searchWindows(grid, steps, options.min_window_weight, options.min_match_rate);

    // Endpoints, and whole-store latency from all samples.
    LatencySamples allPrimary, allCandidate;
    for (size_t ep = 0; ep < nEndpoints; ++ep) {
        if (epOutcomes[ep].records == 0) continue;
        EndpointParity e;
        e.endpoint = ep == nEndpoints - 1 ? std::string("(no endpoint)") : a.endpoint(static_cast<uint32_t>(ep));
        e.outcomes = epOutcomes[ep];
        e.primary = latencyStats(epPrimaryLat[ep]);
        e.candidate = latencyStats(epCandLat[ep]);
        latencyHistogram(epPrimaryLat[ep], epCandLat[ep], options.histogram_bins, e);
        e.primary_errors = epPrimaryErr[ep];
        e.candidate_errors = epCandErr[ep];
        addErrors(rep.primary_errors, epPrimaryErr[ep]);
        addErrors(rep.candidate_errors, epCandErr[ep]);
        for (auto [all, part] : {std::pair{&allPrimary, &epPrimaryLat[ep]}, std::pair{&allCandidate, &epCandLat[ep]}}) {
            const size_t mid = all->size();  // both runs sorted: merge instead of sorting again
            all->insert(all->end(), part->begin(), part->end());
            std::inplace_merge(all->begin(), all->begin() + static_cast<std::ptrdiff_t>(mid), all->end(),
                               [](const auto& x, const auto& y) { return x.first < y.first; });
        }
        LatencySamples().swap(epPrimaryLat[ep]);
        LatencySamples().swap(epCandLat[ep]);
        rep.endpoints.push_back(std::move(e));
    }
    std::sort(rep.endpoints.begin(), rep.endpoints.end(),
              [](const EndpointParity& x, const EndpointParity& y) { return x.endpoint < y.endpoint; });
    rep.primary_latency = latencyStats(allPrimary);
    rep.candidate_latency = latencyStats(allCandidate);

    burndown.finish(rep.total.comparable(), rep);
    return rep;
}

}  // namespace dt
