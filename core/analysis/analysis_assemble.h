// SPDX-License-Identifier: MIT
#pragma once
// An Analysis assembled from per-record results computed elsewhere — the result tables of an index
// of the store (core/pg/pg_open.h) — instead of scanning and diffing the store. Records are read
// from the store only when asked for (Analysis::readRecord / detail / evaluate), by their key.
//
// What a record carries is what the index keeps: outcome, signature, endpoint, ts, weight, statuses,
// latencies, its raw result and tags. Its difference set is its signature's (one set per signature). Groups are then
// built by the same code as after a scan (endpoint, set, status pair, drift), so counts, members, first / last ts and
// signatures equal the scanning engine's on the same store.
//
// Known only from indexes that keep them (ResultRow::hasRaw, tags, addStoreNoise()): tags (split by
// tag, tag filters), the store-noise table and the raw differences of records that the index's
// rules changed. Without them, tag filters find nothing, a record re-evaluated under new rules
// counts store-noise differences as differences, an allowed record keeps the absorbed differences
// as its raw set and a mismatch keeps its remaining ones.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/analysis/analysis.h"

namespace dt {

// One record's results (views valid during AnalysisAssembler::add only).
struct ResultRow {
    int64_t key = 0;  // the store's key of the record: its Locator::offset
    std::string_view id;
    Outcome outcome = Outcome::Match;
    std::string_view signature;  // "" for match and invalid records
    std::string_view endpoint;
    int64_t ts_ms = 0;
    double weight = 1;
    int primary_status = -1, candidate_status = -1;       // -1 = absent
    double primary_latency = -1, candidate_latency = -1;  // ms, -1 = absent
    std::string_view problem;                             // invalid records: why
    // What the record was before rules (indexes written since the index kept it; pg_index.h): its raw
    // outcome, the signature of its raw differences ("" for match / invalid) and whether some
    // difference was explained as noise, before and after rules. Without it (hasRaw false) the
    // record's raw differences are taken to be its current ones (see above).
    bool hasRaw = false;
    Outcome raw_outcome = Outcome::Match;
    std::string_view raw_signature;
    bool explained = false, raw_explained = false;
    FlatObject tags;  // sorted by key; empty: none (or not kept by the index)
};

// A group known by its aggregates only (a summary: records not read yet).
struct ResultGroup {
    std::string signature;
    Outcome outcome = Outcome::Mismatch;
    std::string endpoint;
    std::vector<SigKey> differences;
    std::optional<std::pair<int, int>> status_pair;
    uint64_t count = 0;
    double weighted = 0;
    int64_t first_ts = 0, last_ts = 0;
};

class AnalysisAssembler {
public:
    // `store`: where records are read back from; `rules`: what the analysis reports as its rules
    // (those the results were computed with; null = none).
    AnalysisAssembler(std::shared_ptr<Store> store, std::shared_ptr<const RuleProvider> rules);
    ~AnalysisAssembler();
    AnalysisAssembler(const AnalysisAssembler&) = delete;
    AnalysisAssembler& operator=(const AnalysisAssembler&) = delete;

    // The difference sets of the signatures that records name (all of them, before add()). Each list
    // in the order of the analysis that wrote it (its paths' order): paths are interned in an order
    // consistent with every list, so groups list their differences as that analysis did.
    void addSignatures(const std::vector<std::pair<std::string, std::vector<SigKey>>>& signatures);
    // Appends one record (records in store order). False + *error when it names an unknown signature;
    // a record without a signature has no differences.
    bool add(const ResultRow& row, std::string* error);
    uint64_t size() const;
    // The store-noise keys of one endpoint (Analysis::storeNoise()), added to those already given.
    void addStoreNoise(std::string_view endpoint, const std::vector<std::string>& keys);
    // Builds the groups and outcome counts; the assembler is empty afterwards.
    std::unique_ptr<Analysis> finish();

    // An analysis with groups and outcome counts but no records (members empty): what can be shown
    // before the records are read. `groups` in display order (count descending, then signature).
    static std::unique_ptr<Analysis> summary(std::shared_ptr<Store> store, std::shared_ptr<const RuleProvider> rules,
                                             const std::vector<ResultGroup>& groups,
                                             const std::array<uint64_t, kOutcomeCount>& counts,
                                             const std::array<double, kOutcomeCount>& weights);

private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    using Index = std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>>;
    uint32_t endpointIndex(std::string_view endpoint);
    // Interns the paths of `lists` in an order that keeps each list's order (a topological order of
    // "comes before in some list"; first seen first among equals, a cycle broken the same way).
    void internPathsInOrder(const std::vector<const std::vector<SigKey>*>& lists);

    std::unique_ptr<Analysis> m_a;
    Index m_signatureSets;  // signature -> index into Analysis::sets
    Index m_endpoints;      // endpoint -> index into Analysis::endpoints
};

}  // namespace dt
