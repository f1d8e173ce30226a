// SPDX-License-Identifier: MIT
#pragma once
// The triage filter language: which groups are shown and which of their records. Shared by the
// GUI's filter bar and the CLI (`groups/records --filter QUERY`).
//
// Group-level criteria (endpoint, path, kind, outcome) look at a group's endpoint template and
// difference set. Record-level criteria (correlation id, status, time range) look at the records
// of the groups; a group stays visible when at least one of its records passes. Free text matches
// a group by signature, endpoint or difference path; when it does not, it matches records by id
// (so pasting a correlation id into the search box finds its group).
// computeFilter() touches every member record once (a few ms per million); it honours a stop flag.
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/analysis.h"

namespace dt {

// A status criterion: "500" (either side), "5xx", "200>500" / "200->500" / "200→500" (primary >
// candidate, each side a code, an "Nxx" class or "*"). Also "!200": neither side is 200.
struct StatusCriterion {
    int primaryLo = -1, primaryHi = -1;  // -1 = any
    int candidateLo = -1, candidateHi = -1;
    bool either = false;  // a single code that may be on either side
    bool negate = false;
    bool matches(int primary, int candidate) const;
    static std::optional<StatusCriterion> parse(std::string_view text);
};

// A tag criterion (`tenant=acme`, `tag:region=eu-*`): the record has tag `key` (case-insensitive)
// with a value matching `value` (case-insensitive; `*` stands for any characters).
struct TagCriterion {
    std::string key;
    std::string value;
    bool matches(const FlatObject& tags) const;
    bool operator==(const TagCriterion&) const = default;
    // "key=value" (the key: letters, digits, '_', '-', '.'); nullopt otherwise.
    static std::optional<TagCriterion> parse(std::string_view term);
};
// Moves the tag terms out of free text: "tenant=acme c-0001" gives {tenant=acme}, text "c-0001".
// `tag:k=v` is a tag term too.
std::vector<TagCriterion> extractTagTerms(std::string& text);

struct FilterSpec {
    std::string endpoint;  // substring of the endpoint template, case-insensitive
    std::string path;      // substring of a difference path
    std::optional<DiffKind> kind;
    std::optional<Outcome> outcome;       // Mismatch or Drift; nullopt = both
    std::string status;                   // StatusCriterion syntax; unparsable text matches nothing
    std::string correlationId;            // substring of the record id, case-insensitive
    std::string text;                     // free text
    std::optional<int64_t> fromMs, toMs;  // inclusive time range (ms since epoch, UTC)
    std::vector<TagCriterion> tags;       // every one must hold (record level)

    bool hasRecordCriteria() const;
    bool isEmpty() const;
    bool operator==(const FilterSpec&) const = default;
};

// The record-level criteria of a filter, normalized as recordMask() applies them: what a pushdown
// turns into SQL (core/pg/pg_parity.h).
struct RecordCriteria {
    std::string endpoint;       // lowercase, trimmed: an ASCII case-insensitive substring of the endpoint
    std::string correlationId;  // lowercase, trimmed: the same for the record id
    std::optional<int64_t> fromMs, toMs;
    std::optional<StatusCriterion> status;
    bool badStatus = false;  // an unparsable status criterion: no record passes
    std::vector<TagCriterion> tags;
    bool empty() const;  // every record passes
};
RecordCriteria recordCriteria(const FilterSpec& spec);

// Parses the one-line query form used by the CLI: space-separated `key:value` terms
// (endpoint:, path:, kind:, outcome:, status:, id:, from:, to: with RFC 3339 times, tag:k=v or
// plain k=v for tags) and free text for the rest, e.g. `endpoint:/orders status:200>5xx kind:missing
// tenant=acme region=eu-*`. nullopt + *error
// ("unknown kind 'mising'") when a term is invalid.
std::optional<FilterSpec> parseFilterQuery(std::string_view query, std::string* error);

struct FilterResult {
    std::vector<uint8_t> groupVisible;   // per group: 1 = shown
    std::vector<uint32_t> groupMatches;  // per group: members that pass (== count when unfiltered)
    std::vector<uint8_t> recordPass;     // per record; empty = every member of a shown group passes
    // Per group, over the members that pass (record-level filters only; empty otherwise, then the
    // group's own weighted / first_ts / last_ts hold): what Weighted, Share and First/Last seen show.
    std::vector<double> groupWeighted;
    std::vector<int64_t> groupFirstTs;
    std::vector<int64_t> groupLastTs;
    uint64_t visibleGroups = 0;
    uint64_t matchedRecords = 0;
    bool recordLevel() const { return !recordPass.empty(); }
    bool recordPasses(uint32_t record) const { return recordPass.empty() || recordPass[record]; }
};

// Text summary of a group's differences, e.g. "status 200→500 · /price changed · /name missing".
// At most `maxItems` items, then "+N more".
std::string differenceSummary(const Analysis& analysis, const Group& group, size_t maxItems = 3,
                              std::string_view separator = " · ");
// The same from (generalized path, kind) pairs, for groups read from elsewhere (an index in PostgreSQL).
std::string differenceSummary(const std::vector<SigKey>& differences, std::optional<std::pair<int, int>> statusPair,
                              Outcome outcome, size_t maxItems = 3, std::string_view separator = " · ");

// Per record of the whole store (matches, noise, ... too): 1 when it passes the spec's endpoint
// (substring of the record's endpoint template) and record-level criteria (status, id, time, tags);
// group-level criteria (free text, path, kind, outcome) are not applied. Empty when the spec has no
// such criterion (every record passes), nullopt when stopped. What the dashboard counts.
std::optional<std::vector<uint8_t>> recordMask(const Analysis& analysis, const FilterSpec& spec,
                                               const std::atomic<bool>* stop = nullptr);

// nullopt when stopped.
std::optional<FilterResult> computeFilter(const Analysis& analysis, const FilterSpec& spec,
                                          const std::atomic<bool>* stop = nullptr);

}  // namespace dt
