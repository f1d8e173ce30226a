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

uint8_t differenceClassBits(const std::vector<DiffKey>& set) {
    uint8_t m = kClassKnown;
    for (const DiffKey& k : set) {
        switch (k.kind) {
        case DiffKind::TypeChanged:
        case DiffKind::Missing:
        case DiffKind::Extra: m |= kClassSchema; break;
        case DiffKind::Changed:
        case DiffKind::ArrayLength:
        case DiffKind::ArrayOrder:
        case DiffKind::TextChanged:
        case DiffKind::BinaryChanged: m |= kClassValue; break;
        case DiffKind::Status: m |= kClassStatus; break;
        case DiffKind::Header: m |= kClassHeader; break;
        case DiffKind::CandidateError: m |= kClassCandidateError; break;
        }
    }
    return m;
}

void addDifferenceClasses(DifferenceClasses& d, uint8_t c, double w) {
    if (c & kClassSchema) d.schema += w;
    if (c & kClassValue) d.value += w;
    if (c & kClassStatus) d.status += w;
    if (c & kClassHeader) d.header += w;
    if (c & kClassCandidateError) d.candidate_error += w;
}

void countStatus(ErrorCounts& e, int status, bool failed, double w) {
    if (failed || status < 0)
        e.failed += w;
    else if (status >= 500)
        e.status5xx += w;
    else if (status >= 400)
        e.status4xx += w;
}

namespace {

void addErrors(ErrorCounts& to, const ErrorCounts& from) {
    to.total += from.total;
    to.status4xx += from.status4xx;
    to.status5xx += from.status5xx;
    to.failed += from.failed;
}

}  // namespace

void ParityTallies::addTime(int64_t ms, Outcome o, double w, uint64_t n) {
    buckets[static_cast<size_t>(floorDiv(ms, bucket_ms) - first_bucket)].add(o, w, n);
    steps[static_cast<size_t>(floorDiv(ms, grid.step_ms) - grid.first_step)].add(o, w, n);
}

void frameParity(ParityTallies& t, const ParityOptions& options) {
    if (!t.any) t.first_ms = t.last_ms = 0;
    const int64_t span = t.last_ms - t.first_ms;
    t.bucket_ms = options.bucket_ms > 0 ? options.bucket_ms : autoBucketMs(span);
    // A bucket size that would make too many buckets is raised to the automatic one.
    if (span / t.bucket_ms > 100'000) t.bucket_ms = autoBucketMs(span);
    t.first_bucket = floorDiv(t.first_ms, t.bucket_ms);
    const size_t nBuckets = t.any ? static_cast<size_t>(floorDiv(t.last_ms, t.bucket_ms) - t.first_bucket + 1) : 0;
    t.buckets.assign(nBuckets, OutcomeWeights{});
    t.grid = makeStepGrid(t.first_ms, t.last_ms, options.window_ms);
    t.steps.assign(t.any ? t.grid.count : 0, OutcomeWeights{});
}

ParityReport computeParity(const Analysis& a, const ParityOptions& options) {
    const RecordTable& records = a.records();
    ParityTallies t;
    t.records = records.size();

    // Time range of the valid records.
    const std::vector<uint8_t>* include = options.include;
    auto counted = [include](size_t i) { return !include || (i < include->size() && (*include)[i]); };
    for (size_t i = 0; i < records.size(); ++i) {
        const IndexedRecord& r = records[i];
        if (r.outcome == Outcome::Invalid || !counted(i)) continue;
        if (!t.any) t.first_ms = t.last_ms = r.ts_ms;
        t.first_ms = std::min(t.first_ms, r.ts_ms);
        t.last_ms = std::max(t.last_ms, r.ts_ms);
        t.any = true;
    }
    frameParity(t, options);

    const size_t nEndpoints = a.endpoints().size() + 1;  // last: records without an endpoint
    t.endpoints.resize(nEndpoints);
    for (size_t ep = 0; ep + 1 < nEndpoints; ++ep) t.endpoints[ep].name = a.endpoint(static_cast<uint32_t>(ep));
    t.endpoints.back().name = "(no endpoint)";
    std::vector<uint8_t> setClass;  // by set index, 0 = not yet classified
    auto classOf = [&](uint32_t set) -> uint8_t {
        if (set == 0) return kClassKnown;
        if (set >= setClass.size()) setClass.resize(set + 1, 0);
        if (!setClass[set]) setClass[set] = differenceClassBits(a.set(set));
        return setClass[set];
    };
    BurndownBuilder burndown(a, options.rules, options.today.empty() ? todayDate() : options.today);
    if (include) t.group_weight.assign(a.groups().size(), 0.0);

    for (size_t i = 0; i < records.size(); ++i) {
        if (!counted(i)) continue;
        const IndexedRecord& r = records[i];
        const double w = r.weight;
        t.total.add(r.outcome, w);
        if (r.outcome == Outcome::Invalid) continue;
        t.addTime(r.ts_ms, r.outcome, w);
        EndpointTally& e =
            t.endpoints[r.endpoint == kNone || r.endpoint >= nEndpoints - 1 ? nEndpoints - 1 : r.endpoint];
        e.outcomes.add(r.outcome, w);
        e.primary_errors.total += w;
        e.candidate_errors.total += w;
        countStatus(e.primary_errors, r.primary_status, false, w);
        countStatus(e.candidate_errors, r.candidate_status, (classOf(r.raw_set) & kClassCandidateError) != 0, w);
        if (r.outcome == Outcome::Mismatch) addDifferenceClasses(t.difference_classes, classOf(r.set), w);
        if (r.primary_latency >= 0 && std::isfinite(r.primary_latency)) {
            e.primary.emplace_back(r.primary_latency, r.weight);
            ++e.primary_records;
        }
        if (r.candidate_latency >= 0 && std::isfinite(r.candidate_latency)) {
            e.candidate.emplace_back(r.candidate_latency, r.weight);
            ++e.candidate_records;
        }
        burndown.add(r);
        if (include && r.group != kNone && r.group < t.group_weight.size()) t.group_weight[r.group] += w;
    }
    return finishParity(a, options, std::move(t), burndown);
}

ParityReport finishParity(const Analysis& a, const ParityOptions& options, ParityTallies&& t) {
    BurndownBuilder burndown(a, options.rules, options.today.empty() ? todayDate() : options.today);
    return finishParity(a, options, std::move(t), burndown);
}

ParityReport finishParity(const Analysis& a, const ParityOptions& options, ParityTallies&& t,
                          BurndownBuilder& burndown) {
    ParityReport rep;
    rep.records = t.records;
    rep.today = options.today.empty() ? todayDate() : options.today;
    rep.total = t.total;
    rep.first_ms = t.first_ms;
    rep.last_ms = t.last_ms;
    rep.bucket_ms = t.bucket_ms;
    rep.bucket_unit = formatDuration(rep.bucket_ms);
    rep.difference_classes = t.difference_classes;
    rep.buckets.resize(t.buckets.size());
    for (size_t b = 0; b < t.buckets.size(); ++b) {
        rep.buckets[b].start_ms = (t.first_bucket + static_cast<int64_t>(b)) * rep.bucket_ms;
        rep.buckets[b].outcomes = t.buckets[b];
    }
    const bool filtered = !t.group_weight.empty();
    auto weightOf = [&](uint32_t g) { return filtered ? t.group_weight[g] : a.groups()[g].weighted; };

    // New signatures over time: mismatch groups by the bucket of their first record.
    for (const Group& g : a.groups()) {
        if (g.outcome != Outcome::Mismatch || rep.buckets.empty()) continue;
        if (filtered && weightOf(static_cast<uint32_t>(&g - a.groups().data())) <= 0) continue;
        const int64_t b = floorDiv(g.first_ts, rep.bucket_ms) - t.first_bucket;
        if (b < 0 || b >= static_cast<int64_t>(rep.buckets.size())) continue;
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

    rep.windows = searchWindows(t.grid, t.steps, options.min_window_weight, options.min_match_rate);

    // Endpoints, and whole-store latency from all samples.
    LatencySamples allPrimary, allCandidate;
    uint64_t primaryRecords = 0, candidateRecords = 0;
    for (EndpointTally& tally : t.endpoints) {
        if (tally.outcomes.records == 0) continue;
        EndpointParity e;
        e.endpoint = std::move(tally.name);
        e.outcomes = tally.outcomes;
        e.primary = latencyStats(tally.primary);
        e.candidate = latencyStats(tally.candidate);
        e.primary.records = tally.primary_records;
        e.candidate.records = tally.candidate_records;
        primaryRecords += tally.primary_records;
        candidateRecords += tally.candidate_records;
        latencyHistogram(tally.primary, tally.candidate, options.histogram_bins, e);
        e.primary_errors = tally.primary_errors;
        e.candidate_errors = tally.candidate_errors;
        addErrors(rep.primary_errors, tally.primary_errors);
        addErrors(rep.candidate_errors, tally.candidate_errors);
        for (auto [all, part] : {std::pair{&allPrimary, &tally.primary}, std::pair{&allCandidate, &tally.candidate}}) {
            const size_t mid = all->size();  // both runs sorted: merge instead of sorting again
            all->insert(all->end(), part->begin(), part->end());
            std::inplace_merge(all->begin(), all->begin() + static_cast<std::ptrdiff_t>(mid), all->end(),
                               [](const auto& x, const auto& y) { return x.first < y.first; });
        }
        LatencySamples().swap(tally.primary);
        LatencySamples().swap(tally.candidate);
        rep.endpoints.push_back(std::move(e));
    }
    std::sort(rep.endpoints.begin(), rep.endpoints.end(),
              [](const EndpointParity& x, const EndpointParity& y) { return x.endpoint < y.endpoint; });
    rep.primary_latency = latencyStats(allPrimary);
    rep.candidate_latency = latencyStats(allCandidate);
    rep.primary_latency.records = primaryRecords;
    rep.candidate_latency.records = candidateRecords;

    burndown.finish(rep.total.comparable(), rep);
    return rep;
}

}  // namespace dt
