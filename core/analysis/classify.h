// SPDX-License-Identifier: MIT
#pragma once
// Classifies one record: compares candidate to primary (under an optional policy), removes
// noise explained by the secondary, detects state drift, and decides the outcome. Shared by the
// ingest scan and Analysis::evaluate()/detail(), so every path agrees by construction.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/analysis/outcome.h"
#include "core/compare/compare.h"
#include "core/store/record.h"

namespace dt {

struct Classification {
    Outcome outcome = Outcome::Match;
    CompareResult result;                // after policy and noise
    std::optional<CompareResult> noise;  // noiseBaseline() vs secondary, when a secondary exists
    std::vector<Difference> explained;   // differences removed as noise
};

// True when both sides carry state.before and disagree on a key both have.
bool statesDisagree(const Response& primary, const Response& candidate);

// True when tag "truncated" names the primary or the candidate: a capture cut that side's body short
// (core/import), so its differences are not evidence: such a record is drift (not comparable).
bool bodyTruncated(const Record& rec);

// Swap Sides (View › Swap Sides, `--swap-sides`; stores recorded after cutover, where the new system
// serves and the old one is mirrored): the record as an analysis with swapped sides sees it. The
// candidate becomes the reference: `primary` and `candidate` are exchanged whole (status, headers,
// body, latency, error, state fingerprints) and so are the side names in the "truncated" tag
// (truncated=primary <-> truncated=candidate). The secondary stays what the store says it is: a
// second call to the store's primary-side service (the one the pipeline called twice), so its
// noise baseline is that side, now `candidate` (noiseBaseline()). Swapping twice restores the record.
void swapSides(Record& rec);
// What the secondary is compared with to find noise: the store's primary-side response, i.e.
// `primary`, or `candidate` when the sides were swapped. The noise of a record is the same swapped
// or not: the volatility of the service that was called twice.
const Response& noiseBaseline(const Record& rec, bool sidesSwapped);

// `sidesSwapped`: rec went through swapSides() (only the noise baseline depends on it).
Classification classify(const Record& rec, Comparer& comparer, const DiffPolicy* policy, bool sidesSwapped = false);

// The differences a classification is signed by: remaining ones for mismatch and drift (the
// explained ones when nothing remains), explained ones for noise, absorbed ones for allowed.
std::vector<SigKey> outcomeKeys(const Classification& c);

// The (generalized path, kind, class text) set of a list of differences: sorted, unique.
std::vector<SigKey> diffKeys(const std::vector<Difference>& diffs);

// Noise keys of primary-vs-secondary differences: a family byte ('B' body + generalized path,
// 'H' + header name, 'S' status, 'T' text/binary body), sorted, unique.
std::vector<std::string> noiseKeys(const std::vector<Difference>& noise);
std::string noiseKey(DiffKind kind, std::string_view generalizedPath);

// A set of keys encoded as one string (kind byte + path + NUL + class + NUL per key).
std::string encodeSet(const std::vector<SigKey>& keys);

}  // namespace dt
