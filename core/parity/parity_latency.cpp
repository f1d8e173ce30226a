// SPDX-License-Identifier: MIT
// Weighted latency percentiles and histograms (parity.h).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/parity/parity_internal.h"

namespace dt {

namespace {

uint32_t keyOf(float f) {
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    // IEEE order as unsigned: flip every bit of negatives, the sign bit of the rest.
    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

// Stable LSD radix sort by value (3 passes of 11 bits; a pass whose digit is constant is skipped):
// linear, so a million samples sort in a few milliseconds.
void radixSort(LatencySamples& v) {
    LatencySamples tmp(v.size());
    LatencySamples* src = &v;
    LatencySamples* dst = &tmp;
    for (int shift = 0; shift < 32; shift += 11) {
        std::array<uint32_t, 2048> count{};
        for (const auto& s : *src) ++count[(keyOf(s.first) >> shift) & 2047];
        if (std::find(count.begin(), count.end(), src->size()) != count.end()) continue;  // one digit only
        uint32_t sum = 0;
        for (uint32_t& c : count) {
            const uint32_t n = c;
            c = sum;
            sum += n;
        }
        for (const auto& s : *src) (*dst)[count[(keyOf(s.first) >> shift) & 2047]++] = s;
        std::swap(src, dst);
    }
    if (src != &v) v.swap(*src);
}

void sortSamples(LatencySamples& v) {
    auto less = [](const auto& a, const auto& b) { return a.first < b.first; };
    if (std::is_sorted(v.begin(), v.end(), less)) return;
    if (v.size() < 256 || v.size() > 0xffffffffu)
        std::sort(v.begin(), v.end(), less);
    else
        radixSort(v);
}

// Percentile over samples already sorted by value, given their total weight.
double percentileSorted(const LatencySamples& v, double total, double p) {
    if (v.empty() || !(total > 0)) return std::numeric_limits<double>::quiet_NaN();
    const double target = std::clamp(p, 0.0, 1.0) * total;
    double cum = 0;
    for (const auto& [value, weight] : v) {
        cum += weight;
        // Relative tolerance: summing many float weights must not miss the exact boundary.
        if (cum >= target * (1 - 1e-12)) return value;
    }
    return v.back().first;
}

}  // namespace

double weightedPercentile(std::vector<std::pair<float, float>>& values, double p) {
    sortSamples(values);
    double total = 0;
    for (const auto& s : values) total += s.second;
    return percentileSorted(values, total, p);
}

LatencyStats latencyStats(LatencySamples& samples) {
    LatencyStats s;
    sortSamples(samples);
    s.records = samples.size();
    for (const auto& x : samples) s.samples += x.second;
    if (samples.empty() || !(s.samples > 0)) return s;
    // One pass for the three percentiles.
    const double targets[3] = {0.50 * s.samples, 0.95 * s.samples, 0.99 * s.samples};
    double* outs[3] = {&s.p50, &s.p95, &s.p99};
    size_t next = 0;
    double cum = 0;
    for (const auto& [value, weight] : samples) {
        cum += weight;
        while (next < 3 && cum >= targets[next] * (1 - 1e-12)) *outs[next++] = value;
        if (next == 3) break;
    }
    while (next < 3) *outs[next++] = samples.back().first;
    s.max = samples.back().first;
    return s;
}

void latencyHistogram(const LatencySamples& primary, const LatencySamples& candidate, size_t bins,
                      EndpointParity& out) {
    out.hist_edges.clear();
    out.hist_primary.assign(bins, 0);
    out.hist_candidate.assign(bins, 0);
    if (bins == 0 || (primary.empty() && candidate.empty())) {
        out.hist_primary.clear();
        out.hist_candidate.clear();
        return;
    }
    // Edges from the smallest positive latency (at least 0.1 ms) to the largest, log-spaced.
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    for (const LatencySamples* v : {&primary, &candidate}) {
        if (v->empty()) continue;
        auto firstPositive = std::find_if(v->begin(), v->end(), [](const auto& s) { return s.first > 0; });
        if (firstPositive != v->end()) lo = std::min(lo, static_cast<double>(firstPositive->first));
        hi = std::max(hi, static_cast<double>(v->back().first));
    }
    lo = std::isfinite(lo) ? std::max(lo, 0.1) : 0.1;
    hi = std::max(hi, lo * 1.0001);
    const double logLo = std::log(lo), step = (std::log(hi) - logLo) / static_cast<double>(bins);
    out.hist_edges.resize(bins + 1);
    for (size_t i = 0; i <= bins; ++i) out.hist_edges[i] = std::exp(logLo + step * static_cast<double>(i));
    out.hist_edges.front() = lo;
    out.hist_edges.back() = hi;
    auto fill = [&](const LatencySamples& v, std::vector<double>& h) {
        for (const auto& [value, weight] : v) {
            size_t b = 0;
            if (value > lo)
                b = std::min(bins - 1, static_cast<size_t>((std::log(static_cast<double>(value)) - logLo) / step));
            h[b] += weight;
        }
    };
    fill(primary, out.hist_primary);
    fill(candidate, out.hist_candidate);
}

}  // namespace dt
